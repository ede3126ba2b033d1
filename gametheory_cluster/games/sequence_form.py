r"""The sequence form of a two-player tree, solved by Lemke's algorithm: one equilibrium, exactly.

With perfect recall a player's *sequences* are the empty sequence :math:`\varnothing`
and the pairs :math:`(h, a)` of an information set and an action there. A mixed
strategy is described by its *realization plan* :math:`x \ge 0` — the probability
that the player's own moves follow each sequence — which satisfies :math:`E x = e`:
:math:`x_\varnothing = 1` and :math:`\sum_a x_{(h,a)} = x_{\sigma(h)}`, where
:math:`\sigma(h)` is the sequence leading to :math:`h`. Payoffs are bilinear,
:math:`x^\top A y`, with :math:`A_{st}` the chance-weighted sum of the payoffs at the
leaves whose sequences are :math:`s` and :math:`t`; the size is linear in the tree,
not exponential like the strategic form (Koller, Megiddo & von Stengel 1996, *GEB*
14:247–259; von Stengel 1996, *GEB* 14:220–246).

:math:`x` is a best reply to :math:`y` when :math:`E^\top p \ge A y` for some
:math:`p` with :math:`x^\top(E^\top p - A y) = 0`, and likewise for :math:`y`. These
conditions form a linear complementarity problem, here with the free :math:`p, q`
split into non-negative parts and the equations into two inequalities. Payoffs are
first shifted to be negative, and Lemke's algorithm (Lemke 1965, *Management
Science* 11:681–689) with lexicographic pivoting, in exact rational arithmetic, runs
to a solution; the result is certified by computing both players' best-reply values
by backward recursion over their information sets. This is the method of pygambit's
``lcp_solve`` on a tree.

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..algebra import pivot_on
from ..errors import GameError
from ._coerce import _missing, _to_fraction
from .behaviour import BehaviourEquilibrium
from .trees import Chance, Decision, Leaf

if TYPE_CHECKING:
    from .trees import GameTree

__all__ = ["MAX_PIVOTS", "SequenceForm", "lemke", "lemke_equilibrium", "sequence_form"]

#: Most pivots of Lemke's algorithm before it gives up.
MAX_PIVOTS = 100_000

Key = tuple[str, str]


class SequenceForm:
    """The sequence form of a two-player tree with perfect recall (exact numbers).

    Attributes
    ----------
    sequences : tuple of list
        Each player's sequences: ``None`` (the empty one) and ``(information set key, action)``.
    E, F : list of list of Fraction
        The constraint matrices (first row: the empty sequence has probability 1).
    A, B : dict
        ``{(s, t): payoff}`` by sequence indices, chance-weighted.
    W : dict
        ``{(s, t): probability}``: nature's probability summed over the pair's leaves.
    """

    def __init__(self, tree: GameTree, values: dict[str, Any]) -> None:
        if len(tree.players) != 2:
            raise GameError(f"unsupported: the sequence form here is for two players, not "
                            f"{len(tree.players)}")
        if not tree.has_perfect_recall:
            raise GameError(f"unsupported: the sequence form needs perfect recall "
                            f"({tree.recall_problem})")
        self.tree = tree
        self.infosets: list[list[Key]] = [[k for k in tree._members if k[0] == p]
                                          for p in tree.players]
        self.sequences: list[list[Any]] = []
        self.index: list[dict[Any, int]] = []
        for keys in self.infosets:
            seqs: list[Any] = [None]
            for key in keys:
                seqs += [(key, a) for a in tree._node(tree._members[key][0]).actions]
            self.sequences.append(seqs)
            self.index.append({s: i for i, s in enumerate(seqs)})
        self.parent = [{key: self._parent(key) for key in keys} for keys in self.infosets]
        self.E, self.F = (self._constraints(k) for k in range(2))
        self.A: dict[tuple[int, int], Fraction] = {}
        self.B: dict[tuple[int, int], Fraction] = {}
        self.W: dict[tuple[int, int], Fraction] = {}
        self.leaf_payoffs: list[Fraction] = []
        self._payoffs(values)

    def _parent(self, key: Key) -> int:
        own = self.tree._own[self.tree._members[key][0]]
        k = self.tree.players.index(key[0])
        return 0 if not own else self.index[k][own[-1]]

    def _constraints(self, k: int) -> list[list[Fraction]]:
        size = len(self.sequences[k])
        rows = [[Fraction(int(j == 0)) for j in range(size)]]
        for key in self.infosets[k]:
            row = [Fraction(0)] * size
            row[self.parent[k][key]] = Fraction(-1)
            for a in self.tree._node(self.tree._members[key][0]).actions:
                row[self.index[k][(key, a)]] = Fraction(1)
            rows.append(row)
        return rows

    def _payoffs(self, values: dict[str, Any]) -> None:
        tree = self.tree

        def visit(node: Any, path: tuple[str, ...], last: list[int], p: Fraction) -> None:
            if isinstance(node, Leaf):
                payoffs = tree._payoffs(node, values)
                if any(v.free_symbols for v in payoffs):
                    raise _missing(list(payoffs), "the sequence form")
                cell = (last[0], last[1])
                u = [_to_fraction(v, "a payoff") for v in payoffs]
                self.leaf_payoffs += u
                self.A[cell] = self.A.get(cell, Fraction(0)) + p * u[0]
                self.B[cell] = self.B.get(cell, Fraction(0)) + p * u[1]
                self.W[cell] = self.W.get(cell, Fraction(0)) + p
                return
            if isinstance(node, Chance):
                for a, q in tree._probabilities(node, values).items():
                    if q.free_symbols:
                        raise _missing([q], "the sequence form")
                    visit(node.moves[a], (*path, a), last, p * _to_fraction(q, "a probability"))
                return
            assert isinstance(node, Decision)
            key = tree._infoset_of[path]
            k = tree.players.index(node.player)
            for a, child in node.moves.items():
                step = list(last)
                step[k] = self.index[k][(key, a)]
                visit(child, (*path, a), step, p)

        visit(tree.root, (), [0, 0], Fraction(1))

    def best_reply_value(self, k: int, other: list[Fraction]) -> Fraction:
        """Player ``k``'s best payoff against the other's realization plan (backward recursion)."""
        gains = [Fraction(0)] * len(self.sequences[k])
        for (s, t), v in (self.A if k == 0 else self.B).items():
            gains[s if k == 0 else t] += v * other[t if k == 0 else s]
        value: dict[Key, Fraction] = {}
        for key in reversed(self.infosets[k]):
            value[key] = max(gains[self.index[k][(key, a)]] for a in
                             self.tree._node(self.tree._members[key][0]).actions)
            gains[self.parent[k][key]] += value[key]
        return gains[0]


def sequence_form(tree: GameTree, **values: Any) -> SequenceForm:
    """The sequence form of a two-player tree with perfect recall, at the given values."""
    return SequenceForm(tree, tree._check(values))


def lemke(M: list[list[Fraction]], q: list[Fraction], d: list[Fraction] | None = None,
          start: int | None = None) -> list[Fraction]:
    """A solution ``z`` of the LCP ``w = q + M z >= 0, z >= 0, zᵀw = 0`` by Lemke's algorithm.

    Exact, with lexicographic pivoting (no cycling). ``d`` is the covering vector
    (default all ones); ``start`` the row where the artificial variable first enters
    (default: the lexicographically most negative ``q_i / d_i``).

    Raises
    ------
    GameError
        Ray termination (the algorithm found no solution) or more than :data:`MAX_PIVOTS` pivots.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> lemke([[F(2), F(1)], [F(1), F(2)]], [F(-5), F(-6)])
    [Fraction(4, 3), Fraction(7, 3)]
    """
    n = len(q)
    d = d or [Fraction(1)] * n
    if all(v >= 0 for v in q):
        return [Fraction(0)] * n
    # columns: w_0..w_{n-1}, z_0..z_{n-1}, z0, rhs; row i: w_i - (M z)_i - d_i z0 = q_i
    T = [[Fraction(int(i == j)) for j in range(n)] + [-M[i][j] for j in range(n)]
         + [-d[i], Fraction(q[i])] for i in range(n)]
    basis = list(range(n))
    artificial, rhs = 2 * n, 2 * n + 1

    def lexkey(i: int, column: int) -> tuple[Fraction, ...]:
        pivot = T[i][column]
        return tuple(T[i][j] / pivot for j in (rhs, *range(n)))

    def pivot(r: int, c: int) -> None:
        pivot_on(T, r, c)
        basis[r] = c

    # first step: z0 enters where q_i / d_i is most negative (lexicographically)
    r = start if start is not None else min(
        range(n), key=lambda i: tuple(T[i][j] / d[i] for j in (rhs, *range(n))))
    leaving = basis[r]
    pivot(r, artificial)
    for _ in range(MAX_PIVOTS):
        entering = leaving + n if leaving < n else leaving - n
        rows = [i for i in range(n) if T[i][entering] > 0]
        if not rows:
            raise GameError("Lemke's algorithm ended on a ray: no solution found from this start")
        r = min(rows, key=lambda i: lexkey(i, entering))
        ties = [i for i in rows if T[i][rhs] / T[i][entering] == T[r][rhs] / T[r][entering]]
        if any(basis[i] == artificial for i in ties):
            r = next(i for i in ties if basis[i] == artificial)
        leaving = basis[r]
        pivot(r, entering)
        if leaving == artificial:
            z = [Fraction(0)] * n
            for i, var in enumerate(basis):
                if n <= var < 2 * n:
                    z[var - n] = T[i][rhs]
            return z
    raise GameError(f"Lemke's algorithm did not finish in {MAX_PIVOTS} pivots")


def lemke_equilibrium(tree: GameTree, **values: Any) -> BehaviourEquilibrium:
    """One Nash equilibrium of a two-player tree with perfect recall, from the sequence form.

    Exact; certified by both players' best-reply values. The size of the problem is
    linear in the tree, so this works where the strategic form is too large.

    Raises
    ------
    GameError
        ``unsupported: …`` for other than two players or imperfect recall.

    Examples
    --------
    An inspection game: the bank does not see whether the SME repaid when it decides
    to audit (an audit costs it 1; a default found costs the SME 2).

    >>> from gametheory_cluster.games import Decision, GameTree
    >>> audit = lambda found, missed: Decision("bank", {"Audit": found, "Trust": missed},
    ...                                        infoset="unseen")
    >>> sme = Decision("SME", {"Repay": audit((0, -1), (0, 0)), "Default": audit((-2, 1), (1, -2))})
    >>> print(GameTree(sme, players=("SME", "bank")).sequence_form_equilibrium())
    SME at root: 3/4·Repay + 1/4·Default;
    bank at unseen: 1/3·Audit + 2/3·Trust — payoffs (0, -1/2)
    """
    import sympy as sp

    form = sequence_form(tree, **values)
    n1, n2 = len(form.sequences[0]), len(form.sequences[1])
    r1, r2 = len(form.E), len(form.F)
    # every leaf payoff lowered by `shift` (now negative): each cell drops by shift x its weight
    shift = max([*form.leaf_payoffs, Fraction(0)]) + 1
    A = {c: form.A[c] - shift * form.W[c] for c in form.A}
    B = {c: form.B[c] - shift * form.W[c] for c in form.B}
    # the LCP of Koller, Megiddo & von Stengel with negative payoffs (as Gambit's lcp builds it):
    # w_x = -A y - E'p >= 0 _|_ x, w_y = -B'x - F'q >= 0 _|_ y, w_p = E x - e >= 0 _|_ p >= 0, ...
    size = n1 + n2 + r1 + r2
    M = [[Fraction(0)] * size for _ in range(size)]
    q = [Fraction(0)] * size
    ox, oy, op, oq = 0, n1, n1 + n2, n1 + n2 + r1
    for (s, t), v in A.items():
        M[ox + s][oy + t] -= v
    for (s, t), v in B.items():
        M[oy + t][ox + s] -= v
    for offset, rows, plan, dual in ((ox, form.E, n1, op), (oy, form.F, n2, oq)):
        for i, row in enumerate(rows):
            for j in range(plan):
                if row[j]:
                    M[offset + j][dual + i] -= row[j]
                    M[dual + i][offset + j] += row[j]
        q[dual] = Fraction(-1)
    z = lemke(M, q, start=op)
    behaviour: dict[Key, Any] = {}
    plans = []
    for k, plan in enumerate((z[ox:ox + n1], z[oy:oy + n2])):
        fixed = [Fraction(1)] + [Fraction(0)] * (len(plan) - 1)
        for key in form.infosets[k]:  # surplus mass (allowed by E x >= e) is scaled away
            actions = tree._node(tree._members[key][0]).actions
            above = sum(plan[form.index[k][(key, a)]] for a in actions)
            behaviour[key] = None if above == 0 else {
                a: plan[form.index[k][(key, a)]] / above for a in actions}
            for a in actions:
                share = Fraction(0) if above == 0 else behaviour[key][a]
                fixed[form.index[k][(key, a)]] = fixed[form.parent[k][key]] * share
        plans.append(fixed)
    x, y = plans
    u1 = sum((v * x[s] * y[t] for (s, t), v in form.A.items()), Fraction(0))
    u2 = sum((v * x[s] * y[t] for (s, t), v in form.B.items()), Fraction(0))
    if form.best_reply_value(0, y) != u1 or form.best_reply_value(1, x) != u2:
        raise GameError("Lemke's algorithm returned a profile that is not an equilibrium")
    ordered = {
        key: None if behaviour[key] is None else {a: sp.Rational(v) for a, v in
                                                  behaviour[key].items()}
        for key in tree._members
    }
    return BehaviourEquilibrium(ordered, (sp.Rational(u1), sp.Rational(u2)), tree.players)
