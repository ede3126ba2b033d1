"""Real mistakes that mypy must reject: each line with an error comment is one."""

from __future__ import annotations

import gametheory_cluster as gc

typo = gc.RepeatedLending(punishment="grm")  # error: a punishment that does not exist
model = gc.RepeatedLending(exit_cost="yes")  # error: a switch is True or False
run = gc.simulate_cluster(gc.RepeatedLending(), "1000", 25)  # error: a count is a number
rule = gc.simulate_cluster(gc.RepeatedLending(), 1000, 25, lending="everyone")  # error: no rule
late = gc.RepeatedLending().threshold("delta", Y="150", R=110, w=0)  # error: a number as text
