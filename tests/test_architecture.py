"""The house: imports only go down the floors, no loops, one error base, settings built at the edge only."""

from __future__ import annotations

import ast
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import ROOT

# Floors, bottom to top (docs/ARCHITECTURE.md). A room may import its own modules and any room on a
# lower floor; never a room on its own floor or above.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("nianbao",),  # base: model, settings, errors, cells, and our data and prompts (nianbao.data, nianbao.prompts)
    ("nianbao.corpus",),
    ("nianbao.checker", "nianbao.retrieval"),
    ("nianbao.compare", "nianbao.drafting"),
    ("nianbao.benchmarks",),
    ("nianbao.cli", "nianbao.ui"),
    ("app",),
)


def package_dirs() -> dict[str, Path]:
    """Import name → folder, as pyproject.toml maps them (the installed layout)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {name: ROOT / folder for name, folder in config["tool"]["setuptools"]["package-dir"].items()}


def project_modules() -> dict[str, Path]:
    """Every module of the project by its import name (app.py as `app`)."""
    modules: dict[str, Path] = {"app": ROOT / "app.py"}
    for package, folder in package_dirs().items():
        for path in folder.glob("*.py"):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            modules[name] = path
    return modules


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Names imported anywhere in a module (inside functions and TYPE_CHECKING blocks too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*parts, base] if base else parts)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (a `from a import b` counts b when b is a module)."""
    modules = project_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {t for t in _imported(tree, name, path.stem == "__init__") if t in modules}
        # `from nianbao.x import y` names both nianbao.x and nianbao.x.y: keep the deepest module only
        graph[name] = {t for t in targets if not any(o.startswith(t + ".") for o in targets)} - {name}
    return graph


def room(module: str) -> str:
    """The room (package of FLOORS) a module belongs to."""
    rooms = [r for floor in FLOORS for r in floor if module == r or module.startswith(r + ".")]
    return max(rooms, key=len)


def floor(room_name: str) -> int:
    """Index of a room's floor."""
    return next(i for i, rooms in enumerate(FLOORS) if room_name in rooms)


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Imports that run up a floor or sideways into another room of the same floor."""
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            a, b = room(module), room(target)
            if a != b and floor(b) >= floor(a):
                found.append(f"{module} → {target}（{a} 在第 {floor(a)} 层，{b} 在第 {floor(b)} 层）")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (import loops), by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def test_the_rules_catch_an_upward_import_a_sideways_import_and_a_loop() -> None:
    bad = {
        "nianbao.corpus.tables": {"nianbao.checker.tables"},  # up
        "nianbao.checker.reuse": {"nianbao.retrieval.store"},  # sideways
        "nianbao.drafting.render": {"nianbao.drafting.llm"},
        "nianbao.drafting.llm": {"nianbao.drafting.render"},  # loop inside a room
        "nianbao.drafting.service": {"nianbao.corpus", "nianbao.model"},  # fine: down
    }
    assert len(violations(bad)) == 2
    assert cycles(bad) == [["nianbao.drafting.llm", "nianbao.drafting.render"]]


def test_every_module_sits_in_a_room_and_the_graph_is_not_empty() -> None:
    graph = import_graph()
    assert len(graph) > 60 and sum(len(t) for t in graph.values()) > 150
    assert {room(m) for m in graph} == {r for f in FLOORS for r in f}


def test_no_import_runs_up_a_floor_or_sideways() -> None:
    assert violations(import_graph()) == []


def test_no_import_loops() -> None:
    assert cycles(import_graph()) == []


def _calls(tree: ast.AST, name: str) -> list[int]:
    """Line numbers of calls to a plain name."""
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


def test_settings_are_built_only_at_the_edge() -> None:
    edge = ("nianbao.cli", "nianbao.ui", "app", "nianbao.benchmarks")
    below = [f"{name}:{line}" for name, path in project_modules().items() if not name.startswith(edge)
             for line in _calls(ast.parse(path.read_text(encoding="utf-8")), "Settings")]
    assert below == []


def test_every_project_exception_derives_from_the_one_base() -> None:
    from nianbao import errors

    classes = [n for n in ast.walk(ast.parse(Path(errors.__file__).read_text(encoding="utf-8")))
               if isinstance(n, ast.ClassDef)]
    assert len(classes) >= 10
    for node in classes:
        assert issubclass(getattr(errors, node.name), errors.NianbaoError)
    elsewhere = []
    for name, path in project_modules().items():
        if name == "nianbao.errors":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            bases = [b.id for b in getattr(node, "bases", []) if isinstance(b, ast.Name)]
            if isinstance(node, ast.ClassDef) and {"Exception", "ValueError", "RuntimeError"} & set(bases):
                elsewhere.append(f"{name}.{node.name}")
    assert elsewhere == []


def test_each_broad_except_says_what_it_absorbs() -> None:
    silent = []
    for name, path in project_modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            broad = isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) and node.type.id == "Exception"
            if broad and "#" not in lines[node.lineno - 1]:
                silent.append(f"{name}:{node.lineno}")
    assert silent == []


def tracked_folders() -> list[str]:
    """Top-level folders that hold tracked files (hidden ones aside)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return sorted({f.split("/")[0] for f in files if "/" in f and not f.startswith(".")})


def test_readme_and_architecture_list_every_top_level_folder() -> None:
    folders = tracked_folders()
    assert {"corpus", "checker", "retrieval", "compare", "drafting", "data", "prompts", "tests"} <= set(folders)
    for doc in ("README.md", "docs/ARCHITECTURE.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert [f for f in folders if f"`{f}/`" not in text] == [], doc


def test_every_rule_id_of_the_contract_has_a_chinese_name() -> None:
    import re

    from nianbao.checker.names import RULE_NAMES

    contract = (ROOT / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| `([a-z_0-9]+\.[a-z_0-9]+)` \|", contract, flags=re.M))
    assert len(ids) >= 25 and ids <= set(RULE_NAMES)
    emitted = set()
    for path in project_modules().values():
        emitted |= set(re.findall(r'(?:rule=|RULE = |_finding\()"([a-z_0-9]+\.[a-z_0-9]+)"', path.read_text(encoding="utf-8")))
    assert emitted <= ids, emitted - ids  # every rule the code emits is in the contract
