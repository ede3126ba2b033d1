"""``python -m gametheory_cluster`` runs the command-line interface."""

from .cli import main

raise SystemExit(main())
