"""The bank–SME lending game: the one-shot stage game and its repetition.

See docs/explanation/repeated_lending.md.
"""

from .repeated import RepeatedLending
from .stage import LendingGame, stage_payoffs

__all__ = ["LendingGame", "RepeatedLending", "stage_payoffs"]
