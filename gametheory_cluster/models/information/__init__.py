"""Information asymmetry: adverse selection, screening, moral hazard, reputation, refinancing.

See docs/explanation/information.md. Stiglitz–Weiss with finitely many risk types
(:mod:`.stiglitz_weiss`) or a continuum (:mod:`.stiglitz_weiss_continuous`), sharing the
return curve and the loan market (:mod:`.credit_market`); Bester's screening by
collateral (:mod:`.bester`); moral hazard in project choice (:mod:`.moral_hazard`);
Kreps–Wilson reputation (:mod:`.reputation`, and on the game-tree engine
:mod:`.reputation_tree`); collateral as a signal (:mod:`.signaling`); Diamond's credit records
(:mod:`.credit_record`); Bolton–Scharfstein refinancing (:mod:`.refinancing`). The
figures are drawn by :mod:`gametheory_cluster.plotting.information`.
"""

from .bester import (
    Bester,
    Contract,
    Screening,
    SeparatingCheck,
    screening_data,
    wealth_rationing_data,
)
from .credit_market import CreditMarket, ReturnShape, credit_market_data, expected_return_data
from .credit_record import CreditRecordEquilibrium, CreditRecordGame, RecordPeriod, rate_path_data
from .moral_hazard import MoralHazard, risk_switch_data
from .refinancing import Refinancing, RefinancingContract, termination_data, welfare_data
from .reputation import (
    ReputationEquilibrium,
    ReputationGame,
    ReputationPeriod,
    ReputationSample,
    loan_probability_data,
    reputation_path_data,
)
from .signaling import CollateralSignaling, collateral_data, education_data, survival_data
from .stiglitz_weiss import RiskType, StiglitzWeiss
from .stiglitz_weiss_continuous import StiglitzWeissContinuous

__all__ = [
    "Bester",
    "CollateralSignaling",
    "Contract",
    "CreditMarket",
    "CreditRecordEquilibrium",
    "CreditRecordGame",
    "MoralHazard",
    "RecordPeriod",
    "Refinancing",
    "RefinancingContract",
    "ReputationEquilibrium",
    "ReputationGame",
    "ReputationPeriod",
    "ReputationSample",
    "ReturnShape",
    "RiskType",
    "Screening",
    "SeparatingCheck",
    "StiglitzWeiss",
    "StiglitzWeissContinuous",
    "collateral_data",
    "credit_market_data",
    "education_data",
    "expected_return_data",
    "loan_probability_data",
    "rate_path_data",
    "reputation_path_data",
    "risk_switch_data",
    "screening_data",
    "survival_data",
    "termination_data",
    "wealth_rationing_data",
    "welfare_data",
]
