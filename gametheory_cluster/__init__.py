"""gametheory_cluster: game-theoretic models of bank–SME lending in industrial clusters.

The public API, by layer:

* parameters — :data:`PARAMETERS`, :func:`parameter`, :func:`symbol`, :func:`symbols`,
  :func:`validate`, :func:`parameter_table`;
* the engine — :class:`RepeatedGame`, :class:`State`, :class:`Outcome`,
  :class:`Constraint`, :class:`Certificate`, :class:`Threshold`, :func:`solve_threshold`,
  :class:`Proposition`;
* stage games — :class:`StageGame` (all equilibria, exact, degenerate-safe;
  piecewise symbolic for 2×2), :class:`GameTree`, :class:`LendingGame`;
* models — :class:`AutomatonModel`, :class:`RepeatedLending`, :func:`load_model`;
  the reputation chain (:class:`MultilateralLending`, :class:`ClusterPartners`,
  :class:`KandoriCommunity`, :class:`Coalition`, :class:`NetworkPunishment`,
  :func:`simulate_cluster`); the diagnosis (:class:`StiglitzWeiss`, :class:`Bester`,
  :class:`MoralHazard`, :class:`ReputationGame`, :class:`CreditRecordGame`,
  :class:`Refinancing`); the recommendations (:class:`CreditGuarantee`,
  :class:`GuaranteedLending`, :class:`MainBank`, :func:`rank_levers`,
  :class:`RepaymentGame`, :class:`JointLiabilityScreening`, :class:`PeerMonitoring`,
  :class:`GuaranteeNetwork`, :func:`phase_transition`);
* payoff sets — :func:`spe_payoffs`, :class:`PayoffSet` (all subgame-perfect
  payoffs of the repeated game, certified);
* interchange — Gambit ``.nfg``/``.efg`` (:func:`to_nfg`, :func:`read_nfg`, …),
  nashpy and QuantEcon conversions;
* dynamics — :class:`ReplicatorDynamics`, :class:`LendingDynamics` (rest points,
  stability, basins, phase portraits);
* grids and figures — :func:`honest_region`, :func:`threshold_curve`,
  :func:`plot_threshold_curves`, :func:`plot_region`;
* errors — :class:`GameTheoryClusterError` and its subclasses.
"""

from . import algebra, errors, parameters
from .automata import Certificate, Constraint, Outcome, RepeatedGame, State
from .dynamics import LendingDynamics, ReplicatorDynamics
from .errors import (
    DomainError,
    FormulaError,
    GameError,
    GameTheoryClusterError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    ParameterError,
    SolveError,
    UnknownParameterError,
)
from .games import EquilibriumSet, GameTree, PiecewiseEquilibria, StageGame
from .io.convert import from_nashpy, from_quantecon, to_quantecon
from .io.gambit import read_efg, read_nfg, to_efg, to_nfg, write_efg, write_nfg
from .io.model_file import CustomModel, load_model
from .models.adverse_selection import Bester, StiglitzWeiss, StiglitzWeissContinuous
from .models.base import AutomatonModel
from .models.community import ClusterPartners, MultilateralLending
from .models.contagion import GuaranteeNetwork, phase_transition
from .models.greif import Coalition
from .models.joint_liability import JointLiabilityScreening, PeerMonitoring, RepaymentGame
from .models.kandori import KandoriCommunity
from .models.lending import LendingGame
from .models.moral_hazard import MoralHazard
from .models.networks import NetworkPunishment
from .models.policy import CreditGuarantee, GuaranteedLending, MainBank, rank_levers
from .models.refinancing import Refinancing
from .models.repeated_lending import RepeatedLending
from .models.reputation import CreditRecordGame, ReputationGame
from .parameters import PARAMETERS, parameter, parameter_table, symbol, symbols, validate
from .payoff_sets import PayoffSet, spe_payoffs
from .plotting import plot_region, plot_threshold_curves
from .propositions import Proposition
from .simulate import simulate_cluster
from .sweep import honest_region, threshold_curve
from .thresholds import Threshold, solve_threshold

__version__ = "0.1.0"

__all__ = [
    "PARAMETERS",
    "AutomatonModel",
    "Bester",
    "Certificate",
    "ClusterPartners",
    "Coalition",
    "Constraint",
    "CreditGuarantee",
    "CreditRecordGame",
    "CustomModel",
    "DomainError",
    "EquilibriumSet",
    "FormulaError",
    "GameError",
    "GameTheoryClusterError",
    "GameTree",
    "GuaranteeNetwork",
    "GuaranteedLending",
    "JointLiabilityScreening",
    "KandoriCommunity",
    "LendingDynamics",
    "LendingGame",
    "MainBank",
    "MissingParameterError",
    "ModelError",
    "MoralHazard",
    "MultilateralLending",
    "NetworkPunishment",
    "NoSolutionError",
    "Outcome",
    "ParameterError",
    "PayoffSet",
    "PeerMonitoring",
    "PiecewiseEquilibria",
    "Proposition",
    "Refinancing",
    "RepaymentGame",
    "RepeatedGame",
    "RepeatedLending",
    "ReplicatorDynamics",
    "ReputationGame",
    "SolveError",
    "StageGame",
    "State",
    "StiglitzWeiss",
    "StiglitzWeissContinuous",
    "Threshold",
    "UnknownParameterError",
    "algebra",
    "errors",
    "from_nashpy",
    "from_quantecon",
    "honest_region",
    "load_model",
    "parameter",
    "parameter_table",
    "parameters",
    "phase_transition",
    "plot_region",
    "plot_threshold_curves",
    "rank_levers",
    "read_efg",
    "read_nfg",
    "simulate_cluster",
    "solve_threshold",
    "spe_payoffs",
    "symbol",
    "symbols",
    "threshold_curve",
    "to_efg",
    "to_nfg",
    "to_quantecon",
    "validate",
    "write_efg",
    "write_nfg",
]
