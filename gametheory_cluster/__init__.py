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

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Where each public name lives. Nothing is imported until a name is first used
#: (PEP 562), so ``import gametheory_cluster`` stays fast and a threshold query
#: never loads matplotlib. ``tests/test_api.py`` checks this table against the
#: imports below, which are there for static type checkers only.
_LOCATIONS: dict[str, str] = {
    "algebra": ".algebra",
    "Certificate": ".automata",
    "Constraint": ".automata",
    "Outcome": ".automata",
    "RepeatedGame": ".automata",
    "State": ".automata",
    "LendingDynamics": ".dynamics.cluster",
    "ReplicatorDynamics": ".dynamics.replicator",
    "DomainError": ".errors",
    "errors": ".errors",
    "FormulaError": ".errors",
    "GameError": ".errors",
    "GameTheoryClusterError": ".errors",
    "MissingParameterError": ".errors",
    "ModelError": ".errors",
    "NoSolutionError": ".errors",
    "ParameterError": ".errors",
    "SolveError": ".errors",
    "UnknownParameterError": ".errors",
    "explore": ".explorer",
    "Chance": ".games",
    "Decision": ".games",
    "EquilibriumSet": ".games",
    "GameTree": ".games",
    "Leaf": ".games",
    "NormalFormGame": ".games",
    "PiecewiseEquilibria": ".games",
    "SignalingGame": ".games",
    "StageGame": ".games",
    "solve_reputation_tree": ".games.reputation_solver",
    "from_nashpy": ".io.convert",
    "from_quantecon": ".io.convert",
    "to_quantecon": ".io.convert",
    "read_efg": ".io.gambit",
    "read_nfg": ".io.gambit",
    "to_efg": ".io.gambit",
    "to_nfg": ".io.gambit",
    "write_efg": ".io.gambit",
    "write_nfg": ".io.gambit",
    "CustomModel": ".io.model_file",
    "load_model": ".io.model_file",
    "AutomatonModel": ".models.base",
    "credibility": ".models.community.credibility",
    "PartnerBoycott": ".models.community.credibility",
    "Coalition": ".models.community.greif",
    "KandoriCommunity": ".models.community.kandori",
    "ClusterPartners": ".models.community.multilateral",
    "MultilateralLending": ".models.community.multilateral",
    "NetworkPunishment": ".models.community.networks",
    "Bester": ".models.information.bester",
    "CreditRecordGame": ".models.information.credit_record",
    "MoralHazard": ".models.information.moral_hazard",
    "Refinancing": ".models.information.refinancing",
    "ReputationGame": ".models.information.reputation",
    "CollateralSignaling": ".models.information.signaling",
    "StiglitzWeiss": ".models.information.stiglitz_weiss",
    "StiglitzWeissContinuous": ".models.information.stiglitz_weiss_continuous",
    "RepeatedLending": ".models.lending.repeated",
    "LendingGame": ".models.lending.stage",
    "GuaranteeNetwork": ".models.policy.contagion",
    "phase_transition": ".models.policy.contagion",
    "CreditGuarantee": ".models.policy.guarantee",
    "GuaranteedLending": ".models.policy.guarantee",
    "JointLiabilityScreening": ".models.policy.joint_liability",
    "rank_levers": ".models.policy.levers",
    "MainBank": ".models.policy.main_bank",
    "PeerMonitoring": ".models.policy.peer_monitoring",
    "RepaymentGame": ".models.policy.repayment_game",
    "parameter": ".parameters",
    "parameter_table": ".parameters",
    "PARAMETERS": ".parameters",
    "parameters": ".parameters",
    "symbol": ".parameters",
    "symbols": ".parameters",
    "validate": ".parameters",
    "notation": ".notation",
    "PayoffSet": ".payoff_sets.payoff_set",
    "spe_payoffs": ".payoff_sets.payoff_set",
    "plot_region": ".plotting",
    "plot_threshold_curves": ".plotting",
    "Proposition": ".propositions",
    "simulate_cluster": ".simulate",
    "honest_region": ".sweep",
    "threshold_curve": ".sweep",
    "solve_threshold": ".thresholds",
    "Threshold": ".thresholds",
}

if TYPE_CHECKING:
    from . import algebra, errors, notation, parameters
    from .automata import Certificate, Constraint, Outcome, RepeatedGame, State
    from .dynamics.cluster import LendingDynamics
    from .dynamics.replicator import ReplicatorDynamics
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
    from .explorer import explore
    from .games import (
        Chance,
        Decision,
        EquilibriumSet,
        GameTree,
        Leaf,
        NormalFormGame,
        PiecewiseEquilibria,
        SignalingGame,
        StageGame,
    )
    from .games.reputation_solver import solve_reputation_tree
    from .io.convert import from_nashpy, from_quantecon, to_quantecon
    from .io.gambit import read_efg, read_nfg, to_efg, to_nfg, write_efg, write_nfg
    from .io.model_file import CustomModel, load_model
    from .models.base import AutomatonModel
    from .models.community.credibility import PartnerBoycott, credibility
    from .models.community.greif import Coalition
    from .models.community.kandori import KandoriCommunity
    from .models.community.multilateral import ClusterPartners, MultilateralLending
    from .models.community.networks import NetworkPunishment
    from .models.information.bester import Bester
    from .models.information.credit_record import CreditRecordGame
    from .models.information.moral_hazard import MoralHazard
    from .models.information.refinancing import Refinancing
    from .models.information.reputation import ReputationGame
    from .models.information.signaling import CollateralSignaling
    from .models.information.stiglitz_weiss import StiglitzWeiss
    from .models.information.stiglitz_weiss_continuous import StiglitzWeissContinuous
    from .models.lending.repeated import RepeatedLending
    from .models.lending.stage import LendingGame
    from .models.policy.contagion import GuaranteeNetwork, phase_transition
    from .models.policy.guarantee import CreditGuarantee, GuaranteedLending
    from .models.policy.joint_liability import JointLiabilityScreening
    from .models.policy.levers import rank_levers
    from .models.policy.main_bank import MainBank
    from .models.policy.peer_monitoring import PeerMonitoring
    from .models.policy.repayment_game import RepaymentGame
    from .parameters import PARAMETERS, parameter, parameter_table, symbol, symbols, validate
    from .payoff_sets.payoff_set import PayoffSet, spe_payoffs
    from .plotting import plot_region, plot_threshold_curves
    from .propositions import Proposition
    from .simulate import simulate_cluster
    from .sweep import honest_region, threshold_curve
    from .thresholds import Threshold, solve_threshold

__all__ = [
    "PARAMETERS",
    "AutomatonModel",
    "Bester",
    "Certificate",
    "Chance",
    "ClusterPartners",
    "Coalition",
    "CollateralSignaling",
    "Constraint",
    "CreditGuarantee",
    "CreditRecordGame",
    "CustomModel",
    "Decision",
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
    "Leaf",
    "LendingDynamics",
    "LendingGame",
    "MainBank",
    "MissingParameterError",
    "ModelError",
    "MoralHazard",
    "MultilateralLending",
    "NetworkPunishment",
    "NoSolutionError",
    "NormalFormGame",
    "Outcome",
    "ParameterError",
    "PartnerBoycott",
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
    "SignalingGame",
    "SolveError",
    "StageGame",
    "State",
    "StiglitzWeiss",
    "StiglitzWeissContinuous",
    "Threshold",
    "UnknownParameterError",
    "algebra",
    "credibility",
    "errors",
    "explore",
    "from_nashpy",
    "from_quantecon",
    "honest_region",
    "load_model",
    "notation",
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
    "solve_reputation_tree",
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


def __getattr__(name: str) -> Any:
    try:
        where = _LOCATIONS[name]
    except KeyError:
        raise AttributeError(f"module 'gametheory_cluster' has no attribute {name!r}") from None
    module = importlib.import_module(where, __name__)
    value = module if where == "." + name else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LOCATIONS])
