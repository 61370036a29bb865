"""The layers' arrows run one way: every import, wherever it stands (module level, inside a function,
under TYPE_CHECKING), points at the same layer or a lower one, and no two packages import each other.

Layers, lowest first:
  core            shared vocabulary (messages, commands, i18n, roles, clock, policy): imports nothing of ours
  state           the database: rows in, data out
  dialogues       multi-step conversations and the per-turn Context
  handlers        commands and answers
  bot             the application: router, registry, scheduler, configuration
  bot.transports  console, Matrix, Telegram
  bot.cli, bot.serve  the entry points
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("core", "state", "dialogues", "handlers", "bot")
# Each layer with the packages or modules in it; the longest matching prefix names a module's layer.
LAYERS = ("core", "state", "dialogues", "handlers", "bot", "bot.transports", "entry points")
PLACES = {"core": 0, "state": 1, "dialogues": 2, "handlers": 3, "bot": 4, "bot.transports": 5,
          "bot.cli": 6, "bot.serve": 6}


def layer_of(module: str) -> int:
    best = max((name for name in PLACES if module == name or module.startswith(name + ".")), key=len)
    return PLACES[best]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str, path: Path) -> str:
    """The package a module belongs to (itself for a package's __init__)."""
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, resolved to an absolute module name."""
    module = module_name(path)
    package = package_of(module, path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from pkg import module` imports that module: count the deeper name when it is one.
            for alias in node.names:
                deeper = f"{target}.{alias.name}"
                found.append((node.lineno, deeper if _is_module(deeper) else target))
    return [(line, name) for line, name in found if name.split(".")[0] in OURS]


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def source_files() -> list[Path]:
    return sorted(p for top in OURS for p in (ROOT / top).rglob("*.py") if "migrations" not in p.parts)


def test_every_arrow_points_down() -> None:
    offences = []
    for path in source_files():
        here = module_name(path)
        for line, target in imports_of(path):
            if layer_of(target) > layer_of(here):
                offences.append(f"{path.relative_to(ROOT)}:{line}: {here} ({LAYERS[layer_of(here)]}) imports "
                                f"{target} ({LAYERS[layer_of(target)]})")
    assert not offences, "imports that run up a layer:\n" + "\n".join(offences)


def test_no_cycle_between_packages() -> None:
    edges: dict[str, dict[str, list[str]]] = {}
    for path in source_files():
        here = module_name(path)
        mine = package_of(here, path)
        for line, target in imports_of(path):
            theirs = target if (ROOT.joinpath(*target.split(".")) / "__init__.py").is_file() \
                else target.rpartition(".")[0]
            if theirs != mine and not mine.startswith(theirs + ".") and not theirs.startswith(mine + "."):
                edges.setdefault(mine, {}).setdefault(theirs, []).append(f"{path.relative_to(ROOT)}:{line}: {target}")
    cycles = []
    for a, targets in edges.items():
        for b, where in targets.items():
            if a < b and a in edges.get(b, {}):
                cycles.append(f"{a} <-> {b}:\n  " + "\n  ".join(where + edges[b][a]))
    assert not cycles, "packages that import each other:\n" + "\n".join(cycles)


def test_core_imports_nothing_of_ours_but_core() -> None:
    offences = [f"{path.relative_to(ROOT)}:{line}: {target}" for path in (ROOT / "core").rglob("*.py")
                for line, target in imports_of(path) if not target.startswith("core")]
    assert not offences, "core must stay dependency-free:\n" + "\n".join(offences)


def test_the_walk_sees_function_local_and_type_checking_imports(tmp_path) -> None:
    """The checker itself: an import hidden in a function or under TYPE_CHECKING still counts."""
    probe = ROOT / "state" / "_layer_probe.py"
    probe.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.app import Services\n"
                     "def f():\n    import handlers.help\n", encoding="utf-8")
    try:
        targets = [target for _, target in imports_of(probe)]
    finally:
        probe.unlink()
    assert targets == ["bot.app", "handlers.help"]
    assert all(layer_of(t) > layer_of("state.x") for t in targets)


def test_no_cycle_between_modules() -> None:
    """Stronger than the package rule: no two modules reach each other through their imports."""
    graph = {module_name(path): {target for _, target in imports_of(path)} for path in source_files()}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:           # Tarjan's strongly connected components
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in graph[module]:
            if target not in graph:
                continue
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in order:
            visit(module)
    assert not cycles, "modules that import each other (directly or around a loop):\n" + \
        "\n".join(" <-> ".join(cycle) for cycle in cycles)
