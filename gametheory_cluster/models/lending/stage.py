r"""The one-shot bank–SME lending game, simultaneous and sequential.

See docs/explanation/repeated_lending.md.

The bank chooses Lend or Refuse; after a loan the SME chooses Repay or Default.

================  =======================================  =======================================
outcome           bank                                     SME
================  =======================================  =======================================
Lend, Repay       :math:`R - I`                            :math:`Y - R`
Lend, Default     :math:`-I` (:math:`-I + \lambda R`)       :math:`Y` (:math:`Y - \lambda R`)
Refuse            :math:`0`                                :math:`w`
================  =======================================  =======================================

(in brackets: with legal recovery)

With legal recovery a court takes :math:`\lambda R` from a defaulter and gives it to
the bank. Both forms are built from this one table: the bimatrix game (both move
at once; a refused SME's choice does not matter, so its two Refuse cells are equal
— the game is degenerate) and the game tree in which the bank moves first.

Examples
--------
>>> from gametheory_cluster.models.lending import LendingGame
>>> game = LendingGame()
>>> print(game.equilibria(I=100, Y=150, R=110, w=0))
Nash equilibria of a degenerate 2×2 game (bank: Lend, Refuse; SME: Repay, Default)
2 extreme equilibria in 1 component
  component 1: {Refuse} × conv{10/11·Repay + 1/11·Default, Default}
    (Refuse, 10/11·Repay + 1/11·Default) payoffs (0, 0)
    (Refuse, Default) payoffs (0, 0)
>>> [str(case.condition) for case in game.equilibria()]
['R > I', 'R <= I']
>>> print(game.sequential().solve()[0])
bank at root: Refuse; SME at Lend: Default — path Refuse, payoffs (0, w)
"""

from __future__ import annotations

import sympy as sp

from ...games import Decision, GameTree, StageGame
from ...parameters import symbol, symbols

__all__ = ["BANK_ACTIONS", "SME_ACTIONS", "LendingGame", "stage_payoffs"]

#: The bank's actions (rows).
BANK_ACTIONS = ("Lend", "Refuse")
#: The SME's actions after a loan (columns).
SME_ACTIONS = ("Repay", "Default")


def stage_payoffs(bank: str, sme: str | None, recovery: bool = False) -> tuple[sp.Expr, sp.Expr]:
    """The (bank, SME) payoffs of one outcome of the stage game.

    Parameters
    ----------
    bank : {"Lend", "Refuse"}
    sme : {"Repay", "Default"} or None
        Irrelevant (may be None) when the bank refuses.
    recovery : bool
        Whether a court recovers ``lam·R`` from a defaulter for the bank.

    Examples
    --------
    >>> stage_payoffs("Lend", "Default", recovery=True)
    (-I + R*lam, -R*lam + Y)
    """
    I, Y, R, w = symbols("I Y R w")
    if bank == "Refuse":
        return (sp.Integer(0), w)
    if sme == "Repay":
        return (R - I, Y - R)
    transfer = symbol("lam") * R if recovery else sp.Integer(0)
    return (-I + transfer, Y - transfer)


class LendingGame(StageGame):
    """The one-shot lending game as a bimatrix game (bank: rows, SME: columns).

    Parameters
    ----------
    recovery : bool
        Add legal recovery ``lam`` of a defaulted repayment.

    Examples
    --------
    >>> from gametheory_cluster.models.lending import LendingGame
    >>> LendingGame().parameters, LendingGame(recovery=True).parameters
    (['I', 'R', 'Y', 'w'], ['I', 'R', 'Y', 'lam', 'w'])
    >>> print(LendingGame())
    bank (rows) vs SME (columns)
           | Repay        | Default
    Lend   | -I + R, -R + Y | -I, Y
    Refuse | 0, w         | 0, w
    """

    def __init__(self, recovery: bool = False) -> None:
        self.recovery = bool(recovery)
        cells = [[stage_payoffs(b, s, self.recovery) for s in SME_ACTIONS] for b in BANK_ACTIONS]
        super().__init__(
            [[bank for bank, _ in row] for row in cells],
            [[sme for _, sme in row] for row in cells],
            row_actions=BANK_ACTIONS,
            col_actions=SME_ACTIONS,
            players=("bank", "SME"),
        )

    def sequential(self) -> GameTree:
        """The game tree in which the bank moves first and the SME answers a loan.

        Examples
        --------
        >>> from gametheory_cluster.models.lending import LendingGame
        >>> [spe.path for spe in LendingGame().sequential().solve(I=100, Y=150, R=110, w=0)]
        [('Refuse',)]
        """
        sme = Decision("SME", {s: stage_payoffs("Lend", s, self.recovery) for s in SME_ACTIONS})
        return GameTree(
            Decision("bank", {"Lend": sme, "Refuse": stage_payoffs("Refuse", None)}),
            players=("bank", "SME"),
        )

    def __repr__(self) -> str:
        return f"LendingGame(recovery={self.recovery})"
