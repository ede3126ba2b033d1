"""Shared test set-up: a non-interactive matplotlib backend and the tests folder on the path."""

import os
import sys

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, os.path.dirname(__file__))
