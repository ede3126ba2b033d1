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
* payoff sets — :func:`spe_payoffs`, :class:`PayoffSet` (all subgame-perfect
  payoffs of the repeated game, certified);
* grids and figures — :func:`honest_region`, :func:`threshold_curve`,
  :func:`plot_threshold_curves`, :func:`plot_region`;
* errors — :class:`GameTheoryClusterError` and its subclasses.
"""

from . import algebra, errors, parameters
from .automata import Certificate, Constraint, Outcome, RepeatedGame, State
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
from .io.model_file import CustomModel, load_model
from .models.base import AutomatonModel
from .models.lending import LendingGame
from .models.repeated_lending import RepeatedLending
from .parameters import PARAMETERS, parameter, parameter_table, symbol, symbols, validate
from .payoff_sets import PayoffSet, spe_payoffs
from .plotting import plot_region, plot_threshold_curves
from .propositions import Proposition
from .sweep import honest_region, threshold_curve
from .thresholds import Threshold, solve_threshold

__version__ = "0.1.0"

__all__ = [
    "PARAMETERS",
    "AutomatonModel",
    "Certificate",
    "Constraint",
    "CustomModel",
    "DomainError",
    "EquilibriumSet",
    "FormulaError",
    "GameError",
    "GameTheoryClusterError",
    "GameTree",
    "LendingGame",
    "MissingParameterError",
    "ModelError",
    "NoSolutionError",
    "Outcome",
    "ParameterError",
    "PayoffSet",
    "PiecewiseEquilibria",
    "Proposition",
    "RepeatedGame",
    "RepeatedLending",
    "SolveError",
    "StageGame",
    "State",
    "Threshold",
    "UnknownParameterError",
    "algebra",
    "errors",
    "honest_region",
    "load_model",
    "parameter",
    "parameter_table",
    "parameters",
    "plot_region",
    "plot_threshold_curves",
    "solve_threshold",
    "spe_payoffs",
    "symbol",
    "symbols",
    "threshold_curve",
    "validate",
]
