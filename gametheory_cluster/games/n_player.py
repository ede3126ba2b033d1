r"""Games in normal form with any number of players: every pure equilibrium, exactly.

Player :math:`i = 1, \dots, n` picks a strategy :math:`s_i` from a finite set; the
profile :math:`s` pays :math:`u_i(s)`. A profile is a *pure Nash equilibrium* when
no player gains by a unilateral deviation, :math:`u_i(s_i', s_{-i}) \le u_i(s)` for
every :math:`i` and :math:`s_i'`. :meth:`NormalFormGame.pure_equilibria` checks every
profile exactly (symbolic payoffs are compared over the parameters' domains).

Mixed equilibria of games with three or more players solve polynomial systems and
can be irrational (Nau, Gomez Canovas & Hansen 2004, *IJGT* 32: a 3-player game with
a unique, irrational equilibrium), so no exact enumeration is offered here;
:meth:`NormalFormGame.mixed_equilibria` hands the game to pygambit (an optional
dependency) and states the limits of each of its methods. Two-player games go to
:class:`~gametheory_cluster.games.StageGame`, whose engine is exact and complete.

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from ..algebra import plain
from ..algebra.signs import possible_signs as _possible_signs
from ..errors import GameError, MissingParameterError
from ._coerce import (
    Number,
    _canonical_symbols,
    _coerce_entry,
    _has_float,
    _labels,
    _substitute,
    _text,
    _to_fraction,
    _validate_values,
)

if TYPE_CHECKING:
    from .normal_form import StageGame

__all__ = ["MIXED_METHODS", "NormalFormGame", "PureEquilibrium"]

#: pygambit's methods for mixed equilibria, and what each one guarantees.
MIXED_METHODS = {
    "enumpoly": "all isolated equilibria, by support enumeration and polynomial solving; "
    "floating point; may be slow beyond a few strategies per player",
    "gnm": "some equilibria, by a global Newton path (floating point); not all",
    "ipa": "one equilibrium, by iterated polymatrix approximation (floating point)",
    "simpdiv": "one approximate equilibrium, by simplicial subdivision",
    "logit": "one equilibrium, the limit of the logit quantal-response path (floating point)",
    "enummixed": "two players only: all extreme equilibria, exact",
    "lcp": "two players only: one or more equilibria by Lemke-Howson, exact",
}


@dataclass(frozen=True)
class PureEquilibrium:
    """A pure-strategy Nash equilibrium: one strategy per player and the payoffs.

    Examples
    --------
    >>> from gametheory_cluster.games.n_player import NormalFormGame
    >>> game = NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    >>> [str(eq) for eq in game.pure_equilibria()]
    ['(s1, s1) payoffs (1, 1)', '(s2, s2) payoffs (1, 1)']
    """

    strategies: tuple[str, ...]
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]

    def __str__(self) -> str:
        return (f"({', '.join(self.strategies)}) payoffs "
                f"({', '.join(_text(v) for v in self.payoffs)})")

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return plain({"strategies": dict(zip(self.players, self.strategies, strict=True)),
                "payoffs": [plain(v) for v in self.payoffs]})


class NormalFormGame:
    """A finite game in normal form with any number of players.

    Parameters
    ----------
    payoffs : sequence of array-like
        One array per player, each of shape ``(k_1, …, k_n)``: entry ``[s_1, …, s_n]``
        is that player's payoff at the profile (numbers or sympy expressions).
    strategies : sequence of sequence of str, optional
        Strategy labels of each player (default ``s1, s2, …``).
    players : sequence of str, optional
        Player names (default ``player 1, …``).

    Examples
    --------
    >>> from gametheory_cluster.games.n_player import NormalFormGame
    >>> game = NormalFormGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], players=("A", "B"))
    >>> game.shape, [eq.strategies for eq in game.pure_equilibria()]
    ((2, 2), [('s1', 's1'), ('s2', 's2')])
    """

    def __init__(
        self,
        payoffs: Sequence[Any],
        strategies: Sequence[Sequence[str]] | None = None,
        players: Sequence[str] | None = None,
    ) -> None:
        if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, (Sequence, np.ndarray)):
            raise GameError("payoffs must be a sequence of arrays, one per player")
        arrays = [np.array(a, dtype=object) for a in payoffs]
        n = len(arrays)
        if n == 0:
            raise GameError("a game needs at least one player")
        shape = arrays[0].shape
        for k, a in enumerate(arrays):
            if a.shape != shape or a.ndim != n or 0 in a.shape:
                raise GameError(
                    f"player {k + 1}'s payoffs have shape {a.shape}; {n} players need one "
                    f"non-empty {n}-dimensional array each, all of the same shape"
                )
        table = {
            profile: tuple(
                _coerce_entry(arrays[k][profile], f"payoff {k + 1} at {profile}")
                for k in range(n)
            )
            for profile in product(*(range(c) for c in shape))
        }
        self._init(table, shape, strategies, players)

    @classmethod
    def from_profiles(
        cls,
        payoffs: Mapping[tuple[int, ...], Sequence[Any]],
        strategies: Sequence[Sequence[str]],
        players: Sequence[str],
    ) -> NormalFormGame:
        """A game from ``{profile (strategy indices): payoffs}`` and the labels."""
        game = cls.__new__(cls)
        shape = tuple(len(s) for s in strategies)
        table = {
            profile: tuple(_coerce_entry(v, f"payoff {k + 1} at {profile}")
                           for k, v in enumerate(payoffs[profile]))
            for profile in product(*(range(c) for c in shape))
        }
        game._init(table, shape, strategies, players)
        return game

    def _init(self, table: dict, shape: tuple[int, ...], strategies: Any, players: Any) -> None:
        n = len(shape)
        mapping = _canonical_symbols([e for v in table.values() for e in v])
        self._table = {p: tuple(e.xreplace(mapping) for e in v) for p, v in table.items()}
        self.shape = tuple(shape)
        self.players = _labels(players, n, "player", "player ")
        if strategies is None:
            strategies = [None] * n
        if len(strategies) != n:
            raise GameError(f"{n} lists of strategy labels needed, got {len(strategies)}")
        self.strategies = tuple(
            _labels(s, c, f"{p}'s strategy", "s")
            for s, c, p in zip(strategies, shape, self.players, strict=True)
        )

    @property
    def parameters(self) -> list[str]:
        """Sorted names of the parameters in the payoffs."""
        return sorted(s.name for s in self._symbols())

    def _symbols(self) -> set[sp.Symbol]:
        return {s for v in self._table.values() for e in v for s in e.free_symbols}

    def payoff(self, profile: Sequence[int], **values: Any) -> tuple[sp.Expr, ...]:
        """The payoffs at a profile of strategy indices."""
        checked = _validate_values(values, self._symbols(), "this game")
        return tuple(_substitute(e, checked) for e in self._table[tuple(profile)])

    def to_stage_game(self) -> StageGame:
        """A two-player game as a :class:`StageGame` (every equilibrium, exactly)."""
        from .normal_form import StageGame

        if len(self.players) != 2:
            raise GameError(f"unsupported: a StageGame has 2 players, not {len(self.players)}")
        m, n = self.shape
        return StageGame(
            [[self._table[i, j][0] for j in range(n)] for i in range(m)],
            [[self._table[i, j][1] for j in range(n)] for i in range(m)],
            row_actions=self.strategies[0], col_actions=self.strategies[1],
            players=self.players,
        )

    def pure_equilibria(self, **values: Any) -> list[PureEquilibrium]:
        """Every pure-strategy Nash equilibrium, exactly, in lexicographic order of profiles.

        Raises
        ------
        MissingParameterError
            A comparison that depends on parameters without values.
        """
        checked = _validate_values(values, self._symbols(), "this game")
        table = {p: tuple(_substitute(e, checked) for e in v) for p, v in self._table.items()}
        floating = any(isinstance(v, float) for v in checked.values()) or any(
            _has_float(e) for v in table.values() for e in v)
        found = []
        for profile, payoffs in table.items():
            if all(self._no_gain(table, profile, k) for k in range(len(self.players))):
                found.append(PureEquilibrium(
                    tuple(self.strategies[k][s] for k, s in enumerate(profile)),
                    tuple(_number(v, floating) for v in payoffs), self.players))
        return found

    def _no_gain(self, table: Mapping, profile: tuple[int, ...], k: int) -> bool:
        here = table[profile][k]
        for other in range(self.shape[k]):
            if other == profile[k]:
                continue
            deviation = (*profile[:k], other, *profile[k + 1:])
            gain = sp.expand(table[deviation][k] - here)
            signs = _possible_signs(gain) if gain.free_symbols else {int(sp.sign(gain))}
            if signs == {1}:
                return False
            if 1 in signs:
                raise MissingParameterError(
                    f"whether {self.players[k]} gains by {self.strategies[k][other]!r} at "
                    f"{tuple(self.strategies[j][s] for j, s in enumerate(profile))} depends on "
                    f"the sign of {gain}; give values for: "
                    f"{', '.join(sorted(s.name for s in gain.free_symbols))}"
                )
        return True

    def to_gambit(self, **values: Any) -> Any:
        """The game as a :class:`pygambit.Game` (needs pygambit; exact rational payoffs)."""
        gbt = _pygambit()
        checked = _validate_values(values, self._symbols(), "this game")
        arrays = []
        for k in range(len(self.players)):
            a = np.empty(self.shape, dtype=object)
            for profile, v in self._table.items():
                value = _substitute(v[k], checked)
                if value.free_symbols:
                    raise MissingParameterError(
                        f"the payoffs need values for: "
                        f"{', '.join(sorted(s.name for s in value.free_symbols))}")
                a[profile] = _to_fraction(value, f"payoff {k + 1} at {profile}")
            arrays.append(a)
        game = gbt.Game.from_arrays(*arrays)
        for player, name, labels in zip(game.players, self.players, self.strategies, strict=True):
            player.label = name
            for strategy, label in zip(player.strategies, labels, strict=True):
                strategy.label = label
        return game

    def mixed_equilibria(self, method: str = "enumpoly", **values: Any) -> list[tuple]:
        """Mixed equilibria computed by pygambit (optional back end), one tuple per player each.

        ``method`` is one of :data:`MIXED_METHODS`, whose text states what it finds:
        only ``enummixed`` (two players) is complete and exact; the n-player methods
        are numerical. Probabilities come back as Fractions from exact methods and
        floats otherwise.

        Raises
        ------
        GameError
            ``unsupported: …`` without pygambit, or for an unknown method.
        """
        if method not in MIXED_METHODS:
            raise GameError(f"unsupported: method {method!r}; choose one of "
                            f"{', '.join(MIXED_METHODS)}")
        gbt = _pygambit()
        game = self.to_gambit(**values)
        options = {"rational": True} if method in ("enummixed", "lcp") else {}
        result = getattr(gbt.nash, f"{method}_solve")(game, **options)
        return [
            tuple(tuple(_gambit_number(profile[s]) for s in player.strategies)
                  for player in game.players)
            for profile in result.equilibria
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: players, strategies and the payoffs at each profile."""
        return plain({
            "players": list(self.players),
            "strategies": [list(s) for s in self.strategies],
            "payoffs": [[list(p), [plain(e) for e in v]] for p, v in self._table.items()],
        })

    def __repr__(self) -> str:
        return (f"NormalFormGame(players={self.players}, shape={self.shape}, "
                f"parameters={self.parameters})")

    def __str__(self) -> str:
        lines = [f"{len(self.players)}-player game ({' × '.join(map(str, self.shape))})"]
        for profile, v in self._table.items():
            labels = ", ".join(self.strategies[k][s] for k, s in enumerate(profile))
            lines.append(f"  ({labels}): ({', '.join(sp.sstr(e) for e in v)})")
        return "\n".join(lines)


def _number(value: sp.Expr, floating: bool) -> Number:
    if value.free_symbols:
        return value
    return float(value) if floating or isinstance(value, sp.Float) else value


def _gambit_number(value: Any) -> Fraction | float:
    if isinstance(value, float):
        return value
    return Fraction(str(value)) if not hasattr(value, "numerator") else Fraction(
        int(value.numerator), int(value.denominator))


def _pygambit() -> Any:
    try:
        import pygambit
    except ImportError:  # pragma: no cover - pygambit is a test dependency
        raise GameError(
            "unsupported: mixed equilibria of n-player games need pygambit (pip install pygambit)"
        ) from None
    return pygambit
