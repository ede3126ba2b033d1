"""The exceptions the toolkit raises: one base class, one subclass per kind of problem.

Every error names the problem and, where there is a choice, the valid choices::

    GameTheoryClusterError
    ├── ParameterError            a parameter name or value is wrong
    │   ├── UnknownParameterError   a name the model does not know (lists the valid ones)
    │   ├── MissingParameterError   a value needed for a numeric answer is absent
    │   └── DomainError             a value outside its domain, NaN or infinite
    ├── GameError                 a malformed or unusable game (shapes, labels, empty)
    ├── ModelError                a malformed model definition (automaton, states, outcomes)
    ├── NoSolutionError           a condition that no value of the parameter satisfies
    ├── SolveError                the algebra has no closed form; give numbers instead
    └── FormulaError              a user formula that is invalid or not allowed

All of them are also ``ValueError``, so ``except ValueError`` keeps working in
scripts written before the hierarchy existed.
"""

from __future__ import annotations

__all__ = [
    "DomainError",
    "FormulaError",
    "GameError",
    "GameTheoryClusterError",
    "MissingParameterError",
    "ModelError",
    "NoSolutionError",
    "ParameterError",
    "SolveError",
    "UnknownParameterError",
]


class GameTheoryClusterError(ValueError):
    """Base class of every error raised on purpose by gametheory_cluster."""


class ParameterError(GameTheoryClusterError):
    """A parameter name or value is wrong."""


class UnknownParameterError(ParameterError):
    """A parameter name that the model (or the parameter table) does not know."""


class MissingParameterError(ParameterError):
    """A numeric answer needs a value that was not given."""


class DomainError(ParameterError):
    """A value outside the parameter's domain, or NaN / infinite."""


class GameError(GameTheoryClusterError):
    """A malformed or unusable game: shapes, labels, empty or degenerate input."""


class ModelError(GameTheoryClusterError):
    """A malformed model definition: states, automaton, outcomes."""


class NoSolutionError(GameTheoryClusterError):
    """A condition that no value in the parameter's domain satisfies."""


class SolveError(GameTheoryClusterError):
    """The algebra has no closed form here; numeric values are needed instead."""


class FormulaError(GameTheoryClusterError):
    """A user formula that cannot be parsed or uses something not allowed."""
