"""The import rules of docs/explanation/architecture.md, read from the source with ``ast``."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gametheory_cluster"

#: Layers from the bottom up; a module may import its own layer and the ones below.
LAYERS = [
    ("errors", "parameters", "progress"),
    ("algebra", "figure_data", "notation"),
    ("games", "automata", "thresholds"),
    ("propositions", "sweep", "io"),
    ("models", "payoff_sets", "dynamics", "simulate", "io.model_file"),
    ("plotting",),
    ("cli", "reproduce", "explore", "explorer", "__main__", "__init__"),
]
RANK = {top: rank for rank, tops in enumerate(LAYERS) for top in tops}


def _rank(module: str) -> int:
    """The layer of ``module``: that of its longest listed prefix (``io.model_file`` before ``io``)."""
    parts = module.split(".")[1:] or ["__init__"]
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in RANK:
            return RANK[name]
    raise KeyError(module)
#: What no computing layer (rank < plotting) may import, even inside a function.
DRAWING = ("matplotlib",)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """Absolute names of the modules ``path`` imports (TYPE_CHECKING blocks left out)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return _imports_of(path.read_text(encoding="utf-8"), package, top_level_only=top_level_only)


def _imports_of(source: str, package: str, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(source)
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if top_level_only and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                if base != "gametheory_cluster":  # `from .. import x` names x, not the root
                    found.add(base)
                found.update(f"{base}.{a.name}" for a in child.names)
            visit(child)

    visit(tree)
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _violations(module: str, imported: set[str]) -> list[str]:
    rank = _rank(module)
    bad = []
    for name in sorted(imported):
        if name.split(".")[0] in DRAWING and rank < RANK["plotting"]:
            bad.append(f"{module} imports {name}")
        if name in MODULES and name != "gametheory_cluster" and _rank(name) > rank:
            bad.append(f"{module} imports {name} from a higher layer")
    return bad


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_has_a_layer(module: str) -> None:
    assert _rank(module) >= 0, f"{module}: add its top-level name to LAYERS"


def test_no_module_imports_upward_or_draws_below_plotting() -> None:
    bad = [
        v
        for module, path in MODULES.items()
        if module != "gametheory_cluster"
        for v in _violations(module, _imports(path, top_level_only=False))
    ]
    assert not bad, "\n".join(bad)


def test_no_import_cycle() -> None:
    graph = {
        m: {i for i in _imports(p, top_level_only=True) if i in MODULES and i != m}
        for m, p in MODULES.items()
    }
    # A package's __init__ importing its own submodules is not a cycle of ideas.
    for m in graph:
        graph[m] = {i for i in graph[m] if not i.startswith(m + ".")}
    done: set[str] = set()

    def walk(m: str, path: list[str]) -> None:
        if m in path:
            cycle = [*path[path.index(m) :], m]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if m in done:
            return
        for n in sorted(graph[m]):
            walk(n, [*path, m])
        done.add(m)

    for m in sorted(graph):
        walk(m, [])


def test_the_rule_catches_a_model_that_draws() -> None:
    """The checker itself: a model importing plotting, cli or matplotlib is reported."""
    module = "gametheory_cluster.models.lending.probe"
    for line in ("from ...plotting import new_axes", "from ... import cli", "import matplotlib"):
        imported = _imports_of(line, "gametheory_cluster.models.lending", top_level_only=False)
        assert _violations(module, imported), line


def test_no_file_points_outside_the_repository() -> None:
    """Docstrings, docs and papers cite pages of this repository, never a planning file."""
    root = PACKAGE.parent
    outside = ("MODELS.md", "SUMMARY.md", "DESIGN.md", "STYLE.md", "../shared", "shared/seed")
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "*.toml", "*.cfg"], cwd=root, capture_output=True,
        text=True,
    ).stdout.split()
    bad = [
        f"{name}: {word}"
        for name in tracked
        if (root / name).is_file()
        for word in outside
        if word in (root / name).read_text(encoding="utf-8", errors="replace")
        and name != "tests/test_architecture.py"
    ]
    assert not bad, "\n".join(bad)
