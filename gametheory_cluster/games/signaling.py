r"""Signaling games and their perfect Bayesian equilibria: separating, pooling, hybrid.

Nature draws the sender's type :math:`t` from a prior :math:`\pi`; the sender,
knowing :math:`t`, sends a message :math:`m`; the receiver sees :math:`m`, not
:math:`t`, and takes an action :math:`a`. Payoffs :math:`u_S(t, m, a)` and
:math:`u_R(t, m, a)` are numbers or formulas in named parameters. A *perfect
Bayesian equilibrium* is a sender strategy, a receiver strategy and beliefs
:math:`\mu(\cdot \mid m)` such that each type's message is optimal given the
receiver's replies, each reply is optimal given the belief at its message, and the
beliefs follow Bayes' rule at every message sent with positive probability (Fudenberg
& Tirole 1991, *Game Theory*, ch. 8; Gibbons 1992, *A Primer in Game Theory*, §4.2).

:meth:`SignalingGame.equilibria` lists

* every equilibrium with a pure sender strategy and pure replies — *separating*
  (each type its own message), *pooling* (one message) or *partially pooling* — where
  each message nobody sends carries the **set** of replies that deter every type,
  each with the set of beliefs that makes it a best reply (:class:`.BeliefSet`);
* *hybrid* equilibria: one type mixes between two messages, the receiver mixes at one
  of them between two actions; the type's mixing probability makes the receiver
  indifferent, the receiver's makes the type indifferent (both solved exactly).

With symbolic payoffs each candidate comes with the parameter region where it is an
equilibrium (those impossible everywhere are dropped), as the 2×2 stage games do.
The Intuitive Criterion and D1 (:mod:`.refinements`) test each equilibrium.

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, product
from typing import Any

import sympy as sp

from ..algebra import plain
from ..errors import GameError
from ._coerce import (
    _coerce_entry,
    _labels,
    _substitute,
    _text,
    _validate_values,
)
from .beliefs import BeliefSet, best_reply_set, holds
from .trees import Chance, Decision, GameTree

__all__ = ["SignalingEquilibria", "SignalingEquilibrium", "SignalingGame"]


class SignalingGame:
    """A sender–receiver game: types with a prior, messages, replies, payoff formulas.

    Parameters
    ----------
    prior : mapping
        ``{type: probability}`` (numbers or formulas adding up to one).
    messages : sequence of str
    actions : sequence of str, or mapping
        The receiver's replies, the same after every message or ``{message: replies}``.
    payoffs : mapping or callable
        ``{(type, message, reply): (sender payoff, receiver payoff)}``, or a function
        ``payoffs(type, message, reply)`` returning that pair.
    players : pair of str

    Examples
    --------
    >>> from fractions import Fraction
    >>> def beer_quiche(t, m, a):
    ...     taste = int((t, m) in {("strong", "beer"), ("weak", "quiche")})
    ...     duel = a == "duel"
    ...     return taste + 2 * (not duel), (1 if t == "weak" else -1) if duel else 0
    >>> game = SignalingGame({"weak": Fraction(1, 10), "strong": Fraction(9, 10)},
    ...                      ("beer", "quiche"), ("duel", "no duel"), beer_quiche)
    >>> for eq in game.equilibria():
    ...     print(eq)
    pooling on beer: weak → beer, strong → beer; replies beer: no duel;
    off path quiche: duel if μ(weak) ∈ [1/2, 1]
    pooling on quiche: weak → quiche, strong → quiche; replies quiche: no duel;
    off path beer: duel if μ(weak) ∈ [1/2, 1]
    >>> [(eq.path, eq.intuitive_criterion().passed) for eq in game.equilibria()]
    [(('beer',), True), (('quiche',), False)]
    """

    def __init__(
        self,
        prior: Mapping[str, Any],
        messages: Sequence[str],
        actions: Sequence[str] | Mapping[str, Sequence[str]],
        payoffs: Mapping[tuple[str, str, str], Sequence[Any]] | Callable[..., Sequence[Any]],
        players: Sequence[str] = ("sender", "receiver"),
    ) -> None:
        if not isinstance(prior, Mapping) or not prior:
            raise GameError("the prior must be a non-empty mapping {type: probability}")
        self.types = _labels(list(prior), len(prior), "type", "t")
        self.messages = _labels(messages, len(messages), "message", "m")
        if not self.messages:
            raise GameError("a signaling game needs at least one message")
        if isinstance(actions, Mapping):
            missing = [m for m in self.messages if m not in actions]
            if missing:
                raise GameError(f"no replies given after message(s): {', '.join(missing)}")
            self.actions = {m: _labels(actions[m], len(actions[m]), "reply", "a")
                            for m in self.messages}
        else:
            replies = _labels(actions, len(actions), "reply", "a")
            self.actions = dict.fromkeys(self.messages, replies)
        if any(not a for a in self.actions.values()):
            raise GameError("the receiver needs at least one reply after each message")
        self.players = _labels(players, 2, "player", "player ")
        self._tree = self._build_tree(prior, payoffs)  # checks the prior and the payoffs
        prior_exprs = list(self._tree.root.probabilities.values())
        self.prior = dict(zip(self.types, (p.xreplace(self._tree._mapping) for p in prior_exprs),
                              strict=True))
        self._payoff = {}
        for t in self.types:
            sender = self._tree.root.moves[t]
            for m in self.messages:
                for a, leaf in sender.moves[m].moves.items():
                    self._payoff[t, m, a] = tuple(e.xreplace(self._tree._mapping)
                                                  for e in leaf.payoffs)

    def _build_tree(self, prior: Mapping[str, Any], payoffs: Any) -> GameTree:
        def pay(t: str, m: str, a: str) -> tuple[Any, Any]:
            value = payoffs(t, m, a) if callable(payoffs) else payoffs.get((t, m, a))
            if value is None:
                raise GameError(f"no payoffs given for (type {t!r}, message {m!r}, reply {a!r})")
            if isinstance(value, (str, bytes)) or len(value) != 2:
                raise GameError(f"payoffs at ({t}, {m}, {a}) must be a pair (sender, receiver)")
            return (_coerce_entry(value[0], f"u_S({t}, {m}, {a})"),
                    _coerce_entry(value[1], f"u_R({t}, {m}, {a})"))

        sender, receiver = self.players
        return GameTree(Chance({
            t: (prior[t], Decision(sender, {
                m: Decision(receiver, {a: pay(t, m, a) for a in self.actions[m]},
                            name=f"{t}, {m}", infoset=m)
                for m in self.messages}, name=t, infoset=t))
            for t in self.types}, name="nature"), players=self.players)

    @property
    def parameters(self) -> list[str]:
        """Sorted names of the parameters in the prior and the payoffs."""
        return self._tree.parameters

    def to_tree(self) -> GameTree:
        """The game as a :class:`GameTree`: nature, the sender's types, the receiver's sets."""
        return self._tree

    def payoff(self, t: str, m: str, a: str) -> tuple[sp.Expr, sp.Expr]:
        """``(u_S, u_R)`` at type ``t``, message ``m``, reply ``a``."""
        return self._payoff[t, m, a]

    def _instance(self, values: Mapping[str, Any]) -> _Instance:
        checked = _validate_values(values, self._tree._symbols(), "this signaling game")
        return _Instance(
            self,
            {t: _substitute(p, checked) for t, p in self.prior.items()},
            {k: tuple(_substitute(e, checked) for e in v) for k, v in self._payoff.items()},
            checked,
        )

    def equilibria(self, hybrid: bool = True, **values: Any) -> SignalingEquilibria:
        """Every pure-strategy perfect Bayesian equilibrium, and the hybrid ones (``hybrid``).

        Raises
        ------
        UnknownParameterError, DomainError
            Bad names or values.
        """
        game = self._instance(values)
        found = list(_pure(game))
        if hybrid:
            found += list(_hybrid(game))
        return SignalingEquilibria(found, self)

    def __repr__(self) -> str:
        return (f"SignalingGame(types={self.types}, messages={self.messages}, "
                f"parameters={self.parameters})")


@dataclass
class _Instance:
    """The game at given values: prior and payoffs with the values substituted."""

    game: SignalingGame
    prior: dict[str, sp.Expr]
    payoff: dict[tuple[str, str, str], tuple[sp.Expr, sp.Expr]]
    values: dict[str, Any]
    _sets: dict = field(default_factory=dict)

    def uS(self, t: str, m: str, reply: Mapping[str, Any]) -> sp.Expr:
        return sp.expand(sum((p * self.payoff[t, m, a][0] for a, p in reply.items()),
                             sp.Integer(0)))

    def belief_set(self, m: str, a: str, support: Sequence[str] | None = None) -> BeliefSet:
        key = (m, a, None if support is None else tuple(support))
        if key not in self._sets:
            gains = {b: {t: self.payoff[t, m, b][1] for t in self.game.types}
                     for b in self.game.actions[m]}
            self._sets[key] = best_reply_set(self.game.types, gains, a, support)
        return self._sets[key]


@dataclass(frozen=True)
class SignalingEquilibrium:
    """One perfect Bayesian equilibrium of a :class:`SignalingGame`.

    Attributes
    ----------
    kind : str
        ``separating``, ``pooling``, ``partially pooling`` or ``hybrid``.
    sender : dict
        ``{type: {message: probability}}``.
    receiver : dict
        ``{message sent: {reply: probability}}``.
    beliefs : dict
        ``{message sent: {type: probability}}`` by Bayes' rule.
    off_path : dict
        ``{message nobody sends: {deterring reply: BeliefSet}}``: every pure reply that
        keeps every type from sending it, with the beliefs that make it a best reply.
    payoffs : dict
        ``{type: sender payoff}``.
    receiver_payoff : number
        The receiver's expected payoff.
    region : sympy condition
        Where the equilibrium exists (``True`` with numbers).
    """

    kind: str
    sender: dict[str, dict[str, Any]]
    receiver: dict[str, dict[str, Any]]
    beliefs: dict[str, dict[str, Any]]
    off_path: dict[str, dict[str, BeliefSet]]
    payoffs: dict[str, Any]
    receiver_payoff: Any
    region: Any = sp.true
    _game: Any = field(default=None, repr=False, compare=False)

    @property
    def path(self) -> tuple[str, ...]:
        """The messages sent with positive probability."""
        return tuple(self.receiver)

    def intuitive_criterion(self) -> Any:
        """Cho and Kreps's Intuitive Criterion (:func:`.refinements.intuitive_criterion`)."""
        from .refinements import intuitive_criterion

        return intuitive_criterion(self)

    def d1(self) -> Any:
        """Criterion D1 (:func:`.refinements.d1`)."""
        from .refinements import d1

        return d1(self)

    def __str__(self) -> str:
        def mix(d: Mapping[str, Any]) -> str:
            support = [(k, p) for k, p in d.items() if p != 0]
            if len(support) == 1:
                return support[0][0]
            return " + ".join(f"({_text(p)})·{k}" if isinstance(p, sp.Add) else f"{_text(p)}·{k}"
                              for k, p in support)

        head = self.kind + (f" on {self.path[0]}" if self.kind == "pooling" else "")
        parts = [", ".join(f"{t} → {mix(d)}" for t, d in self.sender.items()),
                 "replies " + ", ".join(f"{m}: {mix(d)}" for m, d in self.receiver.items())]
        for m, options in self.off_path.items():
            parts.append(f"off path {m}: " + " or ".join(f"{a} if {s}" for a, s in options.items()))
        region = "" if self.region == sp.true else f" [where {self.region}]"
        return f"{head}: {'; '.join(parts)}{region}"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        plain = {k: {a: plain(v) for a, v in d.items()} for k, d in self.sender.items()}
        return plain({
            "kind": self.kind,
            "sender": plain,
            "receiver": {m: {a: plain(v) for a, v in d.items()} for m, d in self.receiver.items()},
            "beliefs": {m: {t: plain(v) for t, v in d.items()} for m, d in self.beliefs.items()},
            "off_path": {m: {a: str(s) for a, s in d.items()} for m, d in self.off_path.items()},
            "payoffs": {t: plain(v) for t, v in self.payoffs.items()},
            "receiver_payoff": plain(self.receiver_payoff),
            "region": str(self.region),
        })


class SignalingEquilibria:
    """The perfect Bayesian equilibria of a signaling game, in order: pure, then hybrid."""

    def __init__(self, equilibria: Sequence[SignalingEquilibrium], game: SignalingGame) -> None:
        self._list = list(equilibria)
        self.game = game

    def __iter__(self) -> Iterator[SignalingEquilibrium]:
        return iter(self._list)

    def __len__(self) -> int:
        return len(self._list)

    def __getitem__(self, index: int) -> SignalingEquilibrium:
        return self._list[index]

    def of_kind(self, kind: str) -> list[SignalingEquilibrium]:
        """The equilibria of one kind (``separating``, ``pooling``, ``hybrid``, …)."""
        return [e for e in self._list if e.kind == kind]

    def __str__(self) -> str:
        lines = [f"{len(self._list)} perfect Bayesian equilibria"]
        return "\n".join(lines + [f"  {e}" for e in self._list])

    def __repr__(self) -> str:
        return f"<SignalingEquilibria: {len(self._list)}>"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return plain({"equilibria": [e.to_dict() for e in self._list]})


# ----------------------------------------------------------------------------- enumeration


def _bayes(game: _Instance, sends: Mapping[str, Mapping[str, Any]], m: str) -> dict[str, Any]:
    mass = {t: game.prior[t] * sends[t].get(m, 0) for t in game.game.types}
    total = sp.together(sum(mass.values(), sp.Integer(0)))
    return {t: sp.simplify(v / total) for t, v in mass.items()}


def _best_reply(game: _Instance, m: str, belief: Mapping[str, Any], a: str) -> Any:
    """When reply ``a`` is a best reply at ``m`` to ``belief`` (a condition)."""
    value = {b: sum((belief[t] * game.payoff[t, m, b][1] for t in game.game.types), sp.Integer(0))
             for b in game.game.actions[m]}
    return sp.And(*(holds(sp.together(value[a] - value[b])) for b in value if b != a))


def _deterrence(game: _Instance, m: str, u_star: Mapping[str, Any]) -> tuple[dict, Any]:
    """Replies at an unsent message that keep every type away, and when one exists."""
    options, conditions = {}, []
    for a in game.game.actions[m]:
        deter = sp.And(*(holds(u_star[t] - game.payoff[t, m, a][0]) for t in game.game.types))
        if deter == sp.false:
            continue
        support = game.belief_set(m, a)
        exists = support.condition()
        both = sp.And(deter, exists)
        if both != sp.false:
            options[a] = support
            conditions.append(both)
    return options, sp.Or(*conditions) if conditions else sp.false


def _finish(game: _Instance, kind: str, sends: dict, replies: dict, beliefs: dict,
            conditions: list) -> SignalingEquilibrium | None:
    types, messages = game.game.types, game.game.messages
    u_star = {t: sp.simplify(sum((p * game.uS(t, m, replies[m]) for m, p in sends[t].items()
                                  if p != 0), sp.Integer(0))) for t in types}
    for t in types:
        for m in replies:
            conditions.append(holds(sp.together(u_star[t] - game.uS(t, m, replies[m]))))
    off = {}
    for m in messages:
        if m in replies:
            continue
        options, exists = _deterrence(game, m, u_star)
        conditions.append(exists)
        off[m] = options
    region = sp.And(*conditions)
    if region == sp.false:
        return None
    receiver_payoff = sp.simplify(sum(
        (game.prior[t] * p * q * game.payoff[t, m, a][1]
         for t in types for m, p in sends[t].items() if p != 0
         for a, q in replies[m].items()), sp.Integer(0)))
    return SignalingEquilibrium(kind, sends, replies, beliefs, off, u_star, receiver_payoff,
                                region, game)


def _pure(game: _Instance) -> Iterator[SignalingEquilibrium]:
    types, messages = game.game.types, game.game.messages
    for choice in product(messages, repeat=len(types)):
        sends = {t: {m: sp.Integer(int(m == c)) for m in messages}
                 for t, c in zip(types, choice, strict=True)}
        sent = [m for m in messages if m in choice]
        beliefs = {m: _bayes(game, sends, m) for m in sent}
        options = [[(a, _best_reply(game, m, beliefs[m], a)) for a in game.game.actions[m]]
                   for m in sent]
        kind = ("pooling" if len(sent) == 1 else
                "separating" if len(sent) == len(types) else "partially pooling")
        for combo in product(*options):
            conditions = [c for _, c in combo]
            if sp.And(*conditions) == sp.false:
                continue
            replies = {m: {b: sp.Integer(int(b == a)) for b in game.game.actions[m]}
                       for m, (a, _) in zip(sent, combo, strict=True)}
            found = _finish(game, kind, sends, replies, beliefs, conditions)
            if found is not None:
                yield found


def _hybrid(game: _Instance) -> Iterator[SignalingEquilibrium]:
    """One type mixes over two messages; the receiver mixes over two replies at one of them."""
    types, messages = game.game.types, game.game.messages
    sigma, rho = sp.Dummy("sigma"), sp.Dummy("rho")
    for mixer in types:
        others = [t for t in types if t != mixer]
        for pair in combinations(messages, 2):
            for rest in product(messages, repeat=len(others)):
                sends = {t: {m: sp.Integer(int(m == c)) for m in messages}
                         for t, c in zip(others, rest, strict=True)}
                zero = sp.Integer(0)
                sends[mixer] = {m: sigma if m == pair[0] else (1 - sigma if m == pair[1] else zero)
                                for m in messages}
                sends = {t: sends[t] for t in types}
                yield from _hybrids_for(game, mixer, pair, sends, sigma, rho)


def _hybrids_for(game: _Instance, mixer: str, pair: tuple[str, str], sends: dict,
                 sigma: sp.Dummy, rho: sp.Dummy) -> Iterator[SignalingEquilibrium]:
    types, messages = game.game.types, game.game.messages
    sent = [m for m in messages if any(sends[t][m] != 0 for t in types)]
    for place in pair:
        for a, b in combinations(game.game.actions[place], 2):
            belief = _bayes(game, sends, place)
            gap = sp.together(sum((belief[t] * (game.payoff[t, place, a][1]
                                                - game.payoff[t, place, b][1]) for t in types),
                                  sp.Integer(0)))
            numerator = sp.expand(sp.fraction(gap)[0])
            if not numerator.has(sigma) or sp.degree(numerator, sigma) != 1:
                continue
            s = sp.simplify(sp.solve(numerator, sigma)[0])
            base = [holds(s, strict=True), holds(1 - s, strict=True)]
            if sp.And(*base) == sp.false:
                continue
            mixed = {t: {m: sp.simplify(p.subs(sigma, s)) for m, p in d.items()}
                     for t, d in sends.items()}
            beliefs = {m: _bayes(game, mixed, m) for m in sent}
            here = [*base, _best_reply(game, place, beliefs[place], a)]
            here += [holds(sp.together(sum((beliefs[place][t] * (game.payoff[t, place, a][1]
                                                                - game.payoff[t, place, c][1])
                                             for t in types), sp.Integer(0))))
                     for c in game.game.actions[place] if c not in (a, b)]
            rest = [m for m in sent if m != place]
            options = [[(c, _best_reply(game, m, beliefs[m], c)) for c in game.game.actions[m]]
                       for m in rest]
            for combo in product(*options):
                replies = {m: {d: sp.Integer(int(d == c)) for d in game.game.actions[m]}
                           for m, (c, _) in zip(rest, combo, strict=True)}
                replies[place] = {d: rho if d == a else (1 - rho if d == b else sp.Integer(0))
                                  for d in game.game.actions[place]}
                other = pair[1] if place == pair[0] else pair[0]
                equation = sp.expand(game.uS(mixer, place, replies[place])
                                     - game.uS(mixer, other, replies[other]))
                if not equation.has(rho) or sp.degree(equation, rho) != 1:
                    continue
                r = sp.simplify(sp.solve(equation, rho)[0])
                conditions = [*here, *(c for _, c in combo), holds(r, strict=True),
                              holds(1 - r, strict=True)]
                if sp.And(*conditions) == sp.false:
                    continue
                replies[place] = {d: sp.simplify(p.subs(rho, r)) for d, p in replies[place].items()}
                ordered = {m: replies[m] for m in messages if m in replies}
                found = _finish(game, "hybrid", mixed, ordered, beliefs, conditions)
                if found is not None:
                    yield found
