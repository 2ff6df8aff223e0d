"""The layout of ARCHITECTURE.md holds: stages import one way, no cycle, small modules.

Every import of a ``pipeline`` module (at any depth of the file, relative or absolute)
is read with :mod:`ast`; nothing is executed.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "pipeline"
STAGES = ["common", "data", "document", "results", "render", "check", "export",
          "build", "rollover", "importer", "skeleton", "launcher", "cli_text", "cli", "__main__"]
"""The stages in pipeline order (ARCHITECTURE.md): a module may import its own stage or an earlier one.
``build``, ``rollover``, ``importer`` and ``skeleton`` are the workflows on top of the stages, ``cli`` the commands."""
TOP_TIER = {"build": 7, "rollover": 7, "importer": 7, "skeleton": 7, "launcher": 7, "cli_text": 7, "cli": 8,
            "__main__": 9}
MAX_LINES = 650


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return 0  # pipeline/__init__.py
    first = parts[1]
    return TOP_TIER.get(first, STAGES.index(first))


def _imports(module: str, path: Path) -> set[str]:
    """The pipeline modules ``module`` imports (``from a.b import c`` names ``a.b.c`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        targets.update(name for name in names if name in MODULES and name != module)
    return targets


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def test_the_stages_are_the_packages_of_the_layout():
    top = {path.name.removesuffix(".py") for path in PACKAGE.iterdir()
           if path.name != "__pycache__" and path.name != "__init__.py"}
    assert top == set(STAGES)


def test_imports_run_one_way_from_a_later_stage_to_an_earlier_one():
    backward = sorted(f"{module} → {target}" for module, targets in GRAPH.items() for target in targets
                      if _stage(target) > _stage(module))
    assert backward == []


def test_no_import_cycle():
    """Tarjan's strongly connected components over the module graph: every component is one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert cycles == []


def test_no_module_is_much_over_600_lines():
    long = {module: n for module, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_checks_above_see_real_imports():
    """The graph is not empty by mistake: the commands reach every stage."""
    reached, todo = set(), ["pipeline.cli"]
    while todo:
        for target in GRAPH[todo.pop()] - reached:
            reached.add(target)
            todo.append(target)
    assert {"pipeline.common.files", "pipeline.data.tables", "pipeline.document.model", "pipeline.results.facts",
            "pipeline.render.docx", "pipeline.check.checker", "pipeline.export.pdf", "pipeline.build"} <= reached
    assert _stage("pipeline.common.errors") < _stage("pipeline.check.checker") < _stage("pipeline.cli")
