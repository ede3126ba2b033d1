"""gametheory_cluster: game-theoretic models of bank-SME lending in industrial clusters."""

from . import errors, parameters
from .errors import *  # noqa: F403
from .parameters import PARAMETERS, parameter, parameter_table, symbol, symbols, validate

__version__ = "0.1.0"
from .automata import Certificate, Constraint, Outcome, RepeatedGame, State
from .models.repeated_lending import RepeatedLending
from .thresholds import Threshold
