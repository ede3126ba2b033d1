"""The public API: every name in ``__all__`` where its table says, loaded only when used."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import gametheory_cluster as gc

INIT = Path(gc.__file__)


def _type_checking_imports() -> dict[str, str]:
    """``name -> module`` from the ``if TYPE_CHECKING:`` block of ``__init__.py``."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    found = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        for alias in node.names:
            module = "." * node.level + (node.module or "")
            found[alias.name] = f".{alias.name}" if module == "." else module
    return found


def test_the_location_table_the_type_checking_imports_and_all_agree() -> None:
    assert len(set(gc.__all__)) == len(gc.__all__)
    assert set(gc.__all__) == set(gc._LOCATIONS)
    assert _type_checking_imports() == gc._LOCATIONS


@pytest.mark.parametrize("name", gc.__all__)
def test_every_public_name_comes_from_its_documented_place(name: str) -> None:
    where = gc._LOCATIONS[name]
    module = importlib.import_module(where, "gametheory_cluster")
    expected = module if where == f".{name}" else getattr(module, name)
    assert getattr(gc, name) is expected
    assert name in dir(gc)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'RepeatedLendnig'"):
        _ = gc.RepeatedLendnig


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_importing_the_package_loads_no_model_and_no_plotting() -> None:
    loaded = _modules_after("import gametheory_cluster")
    assert "matplotlib" not in loaded
    assert "scipy.stats" not in loaded
    assert not any(m.startswith("gametheory_cluster.models") for m in loaded)


def test_a_threshold_query_loads_no_plotting_library() -> None:
    loaded = _modules_after(
        "import gametheory_cluster as gc\n"
        "gc.RepeatedLending(exit_cost=True).threshold('delta', Y=150, R=110, w=0, C=50)"
    )
    assert "matplotlib" not in loaded
    assert "scipy.stats" not in loaded


def test_the_command_line_help_and_a_threshold_load_no_plotting_library() -> None:
    for argv in (["--help"], ["threshold", "delta", "--set", "Y=150", "R=110", "w=0"]):
        loaded = _modules_after(
            "import contextlib, io\n"
            "from gametheory_cluster.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try:\n        main({argv!r})\n    except SystemExit:\n        pass"
        )
        assert "matplotlib" not in loaded, argv
        assert "scipy.stats" not in loaded, argv
        if argv == ["--help"]:  # the switches' help reads the parameter table as text
            assert "sympy" not in loaded
