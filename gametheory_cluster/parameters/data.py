"""The parameter tables as data: names, meanings, domains, notation and typical values.

Text and numbers only, so that reading a meaning (the command line's ``--help``)
imports no sympy. A row is ``(name, meaning, domain, notation, typical[, integer])``;
a domain is written in interval notation, as the error messages print it (``"(0, 1]"``,
``"[1, ∞)"``); the notation is LaTeX. :mod:`~gametheory_cluster.parameters.entry`
and :mod:`~gametheory_cluster.parameters.tables` turn the rows into
:class:`~gametheory_cluster.parameters.Parameter` entries and tables.

Examples
--------
>>> GLOBAL["delta"].meaning, GLOBAL["delta"].domain, GLOBAL["delta"].typical
('discount factor per period', '(0, 1)', Fraction(9, 10))
>>> len(MODELS), [t.model for t in MODELS][:3]
(22, ['LendingGame', 'RepeatedLending', 'LendingDynamics'])
>>> set(_OWN) <= {t.model for t in MODELS}  # every model's own rows are used
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from itertools import starmap
from typing import Any, NamedTuple

__all__ = ["GLOBAL", "MODELS", "SWITCHES", "ModelRows", "Row"]


class Row(NamedTuple):
    """One parameter as text: what a :class:`~gametheory_cluster.parameters.Parameter` holds."""

    name: str
    meaning: str
    domain: str
    notation: str
    typical: Any
    integer: bool = False


class ModelRows(NamedTuple):
    """One model's table as data: the global names it shares, and its own rows."""

    model: str
    shared: str
    summary: str
    own: tuple[Row, ...] = ()


#: The global table, by name, in the order the printers sort terms by.
GLOBAL: Mapping[str, Row] = {
    r.name: r
    for r in starmap(Row, (
        # the lending relationship (docs/explanation/repeated_lending.md)
        ("I", "loan principal the bank advances", "(0, ∞)", "I", 100),
        ("Y", "gross return of the SME's project on the loan", "(0, ∞)", "Y", 150),
        ("R", "gross repayment due to the bank", "(0, ∞)", "R", 110),
        ("w", "SME's per-period outside option without a loan", "[0, ∞)", "w", 0),
        ("delta", "discount factor per period", "(0, 1)", r"\delta", Fraction(9, 10)),
        ("p", "probability that the relationship survives a period", "(0, 1]", "p",
         Fraction(9, 10)),
        # cluster mechanisms (docs/explanation/repeated_lending.md)
        ("C", "one-off exit cost paid by a detected defaulter (forced exit)", "[0, ∞)", "C", 20),
        ("s", "per-period cluster rent, lost after a detected default", "[0, ∞)", "s", 5),
        ("q", "probability that a default becomes known", "[0, 1]", "q", Fraction(1, 2)),
        ("pi", "probability that the project succeeds", "[0, 1]", r"\pi", Fraction(9, 10)),
        ("lam", "legal recovery rate of a defaulted repayment", "[0, 1]", r"\lambda",
         Fraction(3, 10)),
        ("T", "number of periods a defaulter is refused credit", "[1, ∞)", "T", 3, True),
        ("L", "periods until a default is seen (detection lag)", "[1, ∞)", "L", 2, True),
        ("N", "number of lenders or cluster partners", "[1, ∞)", "N", 5, True),
        ("M", "size of a community matched in pairs", "[2, ∞)", "M", 10, True),
        # community enforcement and networks (docs/explanation/community.md)
        ("gain", "extra payoff from defecting on a cooperator (prisoner's dilemma)", "(0, ∞)",
         "g", 1),
        ("loss", "loss of a cooperator who meets a defector (prisoner's dilemma)", "(0, ∞)",
         r"\ell", 1),
        ("W", "per-period wage (rent) paid to an honest agent", "[0, ∞)", "W", 40),
        ("alpha", "agent's payoff in a period in which he cheats", "(0, ∞)", r"\alpha", 150),
        ("phi", "unemployed agent's per-period reservation payoff", "[0, ∞)", r"\phi", 0),
        ("sigma", "probability that an employment relation ends for outside reasons", "[0, 1]",
         r"\sigma", Fraction(1, 10)),
        ("h_h", "probability that an unemployed honest agent is hired in a period", "[0, 1]",
         "h_h", Fraction(1, 2)),
        ("h_c", "probability that an unemployed agent who cheated is hired in a period",
         "[0, 1]", "h_c", Fraction(1, 10)),
        ("r", "probability that a tie passes news of a default on in a period", "[0, 1]", "r",
         Fraction(1, 2)),
        # information asymmetry (docs/explanation/information.md)
        ("mu", "prior share of SMEs that always repay", "[0, 1]", r"\mu", Fraction(1, 10)),
        ("pi_r", "success probability of the risky project (or of a risky borrower's project)",
         "[0, 1]", r"\pi_r", Fraction(1, 2)),
        ("Y_r", "gross return of the risky project when it succeeds", "(0, ∞)", "Y_r", 250),
        # policy instruments (docs/explanation/policy.md)
        ("g", "share of the bank's loss a guarantor covers", "[0, 1]", "g", Fraction(4, 5)),
        ("f", "guarantee fee per loan", "[0, ∞)", "f", 1),
        ("rho", "share of the guarantor's loss a re-guarantor covers", "[0, 1]", r"\rho",
         Fraction(1, 2)),
        ("m", "bank's cost of monitoring a loan", "[0, ∞)", "m", Fraction(3, 2)),
        ("pi0", "probability that the project succeeds when the bank does not monitor",
         "[0, 1]", r"\pi_0", Fraction(3, 4)),
        ("kappa", "share of a proven firm's surplus its relationship bank keeps "
         "(information rent)", "[0, 1]", r"\kappa", Fraction(1, 2)),
        ("c", "joint-liability payment a borrower owes when its partner fails", "[0, ∞)", "c",
         1),
        ("e", "private cost of the safe action (effort)", "[0, ∞)", "e", 0),
        # dynamics (docs/explanation/dynamics.md)
        ("k", "per-round cost an SME pays to keep its credit standing (disclosure, audited "
         "accounts), lent or not", "[0, ∞)", "k", 1),
    ))
}

#: Every mechanism switch of the lending models and the parameter it brings in
#: (:mod:`gametheory_cluster.models.lending.mechanisms`); text, so that the command
#: line's help reads it without importing a model.
SWITCHES: Mapping[str, str] = {
    "continuation": "p", "exit_cost": "C", "cluster_rent": "s", "detection": "q",
    "monitoring": "pi", "recovery": "lam", "guarantee": "g", "credit_cost": "k",
}

_COLLATERAL = ("C", "collateral pledged per unit lent", "[0, ∞)", "C", Fraction(1, 5))
#: Shared by both Stiglitz–Weiss tables.
_RESERVATION = ("u", "borrowers' reservation value (indifferent types apply)", "[0, ∞)", "u",
                Fraction(1, 10))
_MEAN_RETURN = ("Ybar", "common mean return per unit lent", "(0, ∞)", r"\bar Y",
                Fraction(27, 20))

#: Each model's table: ``Model (the global names it shares): what it is``, in the order
#: of the documentation; its own rows (new names, or global names it gives another
#: meaning) are in :data:`_OWN`.
_SHARED = """
LendingGame (I Y R w lam): the one-shot lending game (trust game)
RepeatedLending (C I L R T Y delta lam p pi q s w): repeated lending with the cluster's mechanisms
LendingDynamics (C I R Y g k lam q s w): replicator dynamics of the lending stage game
MultilateralLending (I N R Y delta q w): N lenders who may learn of a default
ClusterPartners (I N R Y delta q s w): a borrower with N cluster partners
KandoriCommunity (M delta gain loss): Kandori's community enforcement
Coalition (W alpha delta h_c h_h phi sigma): Greif's coalition of merchants and agents
NetworkPunishment (I R Y delta r s w): punishment spreading over a network of ties
CreditGuarantee (I R Y f g lam m pi pi0 rho w): a credit guarantee in the one-shot game
GuaranteedLending (C I L R T Y delta f g lam p pi q s w): repeated lending with a guarantee
MainBank (I R Y delta kappa p pi w): a relationship (main) bank
JointLiabilityScreening (I R Y Y_r c pi pi_r): joint liability screening safe from risky borrowers
PeerMonitoring (R Y Y_r c e pi pi_r): project choice of two jointly liable borrowers
GuaranteeNetwork (g): contagion in a guarantee network
MoralHazard (C I R T Y Y_r delta pi pi_r q w): project choice after the loan, one-shot and repeated
ReputationGame (I R Y delta mu w): Kreps–Wilson reputation with an honest type
CreditRecordGame (delta): Diamond's credit records
Refinancing (I delta): Bolton–Scharfstein's threat of not refinancing
StiglitzWeiss (R): Stiglitz–Weiss with finitely many risk types
StiglitzWeissContinuous (R): Stiglitz–Weiss with a continuum of risk types
CollateralSignaling (I R Y mu): collateral as a signal, outside and inside a cluster
Bester (R): Bester's screening by collateral
"""

_COLLATERAL = ("C", "collateral pledged per unit lent", "[0, ∞)", "C", Fraction(1, 5))
#: Shared by both Stiglitz–Weiss tables.
_RESERVATION = ("u", "borrowers' reservation value (indifferent types apply)", "[0, ∞)", "u",
                Fraction(1, 10))
_MEAN_RETURN = ("Ybar", "common mean return per unit lent", "(0, ∞)", r"\bar Y",
                Fraction(27, 20))

#: The rows a model declares itself, by model.
_OWN: Mapping[str, tuple[tuple[Any, ...], ...]] = {
    "CreditRecordGame": (
        ("G", "gross return of the safe project (type G, and BG when safe)", "(0, ∞)", "G",
         Fraction(13, 10)),
        ("B", "gross return of the risky project when it succeeds", "(0, ∞)", "B",
         Fraction(9, 5)),
        ("pi", "probability that the risky project succeeds", "(0, 1)", r"\pi", Fraction(1, 2)),
        ("r", "riskless gross interest rate (the lenders' cost of funds)", "(0, ∞)", "r", 1),
        ("f_G", "initial share of borrowers with only the safe project", "[0, 1]", "f_G",
         Fraction(3, 5)),
        ("f_B", "initial share of borrowers with only the risky project", "[0, 1]", "f_B",
         Fraction(3, 10)),
    ),
    "Refinancing": (
        ("C", "exit cost an SME loses when the bank does not refinance it "
         "(its place in the cluster)", "[0, ∞)", "C", 20),
        ("pi", "probability that the project returns Y_H", "(0, 1)", r"\pi", Fraction(3, 4)),
        ("Y_H", "high return of the project", "(0, ∞)", "Y_H", 130),
        ("Y_L", "low return of the project (below the loan)", "[0, ∞)", "Y_L", 90),
    ),
    "StiglitzWeiss": (
        _COLLATERAL,
        _RESERVATION,
        _MEAN_RETURN,
        ("p_s", "success probability of the safe type", "(0, 1]", "p_s", Fraction(9, 10)),
        ("p_r", "success probability of the risky type", "(0, 1]", "p_r", Fraction(1, 2)),
        ("n_s", "share of safe borrowers", "(0, 1)", "n_s", Fraction(1, 2)),
    ),
    "StiglitzWeissContinuous": (
        _COLLATERAL,
        _RESERVATION,
        _MEAN_RETURN,
        ("theta", "risk index: a type's failure probability", "[0, 1]", r"\theta",
         Fraction(1, 4)),
    ),
    "CollateralSignaling": (
        ("C", "collateral the SME offers (one of the levels)", "[0, ∞)", "C", 1),
        ("f", "fee for registering and appraising a pledge, loan or no loan", "[0, ∞)", "f",
         Fraction(1, 20)),
        ("h", "share of bad SMEs the cluster's association turns away", "[0, 1]", "h",
         Fraction(3, 5)),
        ("beta", "share of seized collateral the bank realises", "[0, 1]", r"\beta",
         Fraction(2, 5)),
        ("p_g", "success probability of a good SME", "[0, 1]", "p_g", Fraction(9, 10)),
        ("p_b", "success probability of a bad SME", "[0, 1]", "p_b", Fraction(1, 2)),
    ),
    "Bester": (
        _COLLATERAL,
        ("rho", "bank's gross cost of funds per unit lent", "(0, ∞)", r"\rho",
         Fraction(21, 20)),
        ("beta", "share of seized collateral the bank realises", "(0, 1]", r"\beta",
         Fraction(4, 5)),
        ("p_l", "success probability of the low-risk type", "(0, 1]", "p_l", Fraction(9, 10)),
        ("p_h", "success probability of the high-risk type", "(0, 1)", "p_h", Fraction(3, 5)),
        ("X_l", "low-risk type's return on success", "(0, ∞)", "X_l", Fraction(3, 2)),
        ("X_h", "high-risk type's return on success", "(0, ∞)", "X_h", Fraction(9, 4)),
        ("n_l", "share of low-risk borrowers", "(0, 1)", "n_l", Fraction(1, 2)),
        ("W", "wealth the low-risk SME can post as collateral", "[0, ∞)", "W", Fraction(1, 2)),
    ),
}

#: Each model's table, in the order of the documentation.
MODELS: tuple[ModelRows, ...] = tuple(
    ModelRows(model, shared, summary, tuple(starmap(Row, _OWN.get(model, ()))))
    for model, shared, summary in re.findall(r"^(\w+) \(([^)]*)\): (.+)$", _SHARED, re.MULTILINE)
)
