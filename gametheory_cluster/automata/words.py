"""A constraint in words: how the players, states and actions of an automaton read.

A one-shot deviation constraint has the key ``player@state[/node]:action>deviation``;
:func:`describe_constraint` says the same in a sentence built from the automaton's
structure ("the SME, trusted and given a loan, prefers repaying to defaulting"):
a state is the standing of the player whose history it tracks (the last player),
a node is the first mover's action (sequential timing), an action a gerund. The
tables below are the package's vocabulary; a name not listed reads as itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: How the players, states and actions of the package's automata read in a sentence.
#: A name not listed reads as itself ("the partner", "in state k:open", "monitoring").
PLAYER_WORDS: dict[str, str] = {"sme": "the SME", "bank": "the bank"}
#: A state as the standing of the player whose history it tracks (the last player).
STATE_WORDS: dict[str, str] = {
    "honest": "trusted",
    "trusted": "trusted",
    "deal": "trusted",
    "honest_out": "trusted again outside the cluster",
    "young": "new to the bank",
    "proven": "proven",
    "punished": "punished after a default",
    "shunned": "shunned after cheating",
    "lag": "defaulting unseen",
    "lag_out": "defaulting unseen outside the cluster",
    "ended": "out of the relationship",
    "employed": "employed",
    "unemployed": "unemployed",
    "rehired": "rehired after cheating",
    "cheater": "known to have cheated",
}
#: An action as a gerund ("prefers repaying to defaulting").
ACTION_WORDS: dict[str, str] = {
    "Safe": "the safe project",
    "Risky": "the risky project",
    "Outside": "the outside option",
    "Honour": "honouring the deal",
    "Honest": "staying honest",
    "C": "cooperating",
    "D": "defecting",
}
#: The first mover's action, as the second mover's situation ("given a loan").
NODE_WORDS: dict[str, str] = {
    "Lend": "given a loan",
    "Refuse": "refused a loan",
    "Trust": "trusted with a deal",
    "Shun": "shunned",
}


def _player_words(player: str) -> str:
    return PLAYER_WORDS.get(player, f"the {player}")


def _gerund(action: str) -> str:
    """``Repay`` → ``repaying``, ``Refuse`` → ``refusing``, ``Shun`` → ``shunning``."""
    if action in ACTION_WORDS:
        return ACTION_WORDS[action]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", action).replace("_", " ").lower().split()
    if not words or not words[0].isalpha():
        return f"playing {action}"
    verb = words[0]
    if verb.endswith("ie"):
        verb = verb[:-2] + "y"
    elif verb.endswith("e") and not verb.endswith(("ee", "oe", "ye")) and len(verb) > 2:
        verb = verb[:-1]
    elif (len(re.findall(r"[aeiou]+", verb)) == 1
          and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", verb)):
        verb += verb[-1]
    return " ".join([verb + "ing", *words[1:]])


def describe_constraint(
    player: str,
    state: str,
    action: str,
    deviation: str,
    node: str | None = None,
    players: Sequence[str] = (),
) -> str:
    """A one-shot deviation constraint in words, from the automaton's structure.

    ``players`` (in order) tells whose standing a state describes (the last
    player's) and who moves first (the first player's action is the ``node``).

    Examples
    --------
    >>> describe_constraint("sme", "honest", "Repay", "Default", "Lend", ("bank", "sme"))
    'the SME, trusted and given a loan, prefers repaying to defaulting'
    >>> describe_constraint("bank", "punished", "Refuse", "Lend", None, ("bank", "sme"))
    'the bank, with the SME punished after a default, prefers refusing to lending'
    """
    tracked = players[-1] if players else player
    standing = STATE_WORDS.get(state)
    if standing is None:
        context = [f"in state {state}"]
    elif player == tracked:
        context = [standing]
    else:
        context = [f"with {_player_words(tracked)} {standing}"]
    if node is not None:
        first = _player_words(players[0]) if players else "the first mover"
        context.append(NODE_WORDS.get(node, f"after {first} plays {node}"))
    return (f"{_player_words(player)}, {' and '.join(context)}, "
            f"prefers {_gerund(action)} to {_gerund(deviation)}")
