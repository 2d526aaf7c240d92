"""The import graph is the architecture: these rules keep it readable.

- casekit's own modules are imported at the top of a module, never inside a function (lazy imports are
  for heavy third-party libraries only), so the graph below is the whole graph. The one exception is the
  root ``casekit/__init__.py``, which stays light on purpose;
- the graph has no cycles;
- dependencies point one way: the base modules know no domain, domains know neither the cohort pipeline,
  the hub service nor the entry points, and nothing imports the entry points (``casekit.apps``);
- no function is longer than :data:`MAX_FUNCTION_LINES` lines unless a ``# long-function:`` comment on or
  just above its ``def`` line says why.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "casekit"
MAX_FUNCTION_LINES = 80
BASE = {
    "casekit",
    "casekit.data",
    "casekit.errors",
    "casekit.i18n",
    "casekit.messages",
    "casekit.municipalities",
    "casekit.privacy",
    "casekit.session",
    "casekit.store",
    "casekit.theme",
    "casekit.ui",
    "casekit._paths",
}
DOMAINS = ("assessment", "radar", "staffing", "services", "planning", "architecture", "casebook", "intro")
ABOVE_DOMAINS = ("casekit.cohort", "casekit.hub", "casekit.apps")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def _modules() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_data" in path.parts:
            continue
        found[_module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _is_package(name: str) -> bool:
    return (SRC / name.replace(".", "/") / "__init__.py").is_file()


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The casekit modules an import statement loads."""
    names = set(_modules())
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "casekit"]
    if node.level:
        base = module.split(".") if _is_package(module) else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    if target.split(".")[0] != "casekit":
        return []
    loaded = [target]
    for alias in node.names:
        candidate = f"{target}.{alias.name}"
        if candidate in names:
            loaded.append(candidate)
    return loaded


def _in_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


@cache
def _imports() -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """Module-level edges, and imports of casekit modules found inside functions."""
    edges: dict[str, set[str]] = {}
    inside: list[tuple[str, str]] = []
    for module, (_path, tree) in _modules().items():
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        edges[module] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or _in_type_checking(node, parents):
                continue
            targets = _resolve(module, node)
            if not targets:
                continue
            scope = parents.get(node)
            while scope is not None and not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
                scope = parents.get(scope)
            if scope is not None:
                if module != "casekit":
                    inside.append((module, targets[-1]))
                continue
            for target in targets:
                # Importing a.b.c runs a/__init__ and a/b/__init__ first, unless they are already running.
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    step = ".".join(parts[:i])
                    if step in _modules() and not module.startswith(step + ".") and step != module:
                        edges[module].add(step)
    return edges, inside


def _violations(found: list[str]) -> list[str]:
    return sorted(set(found))


def test_casekit_modules_are_imported_at_the_top():
    _edges, inside = _imports()
    found = [f"{m} -> {t}" for m, t in inside]
    assert _violations(found) == []


def test_the_import_graph_has_no_cycles():
    edges, _inside = _imports()
    cycles: list[str] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert _violations(cycles) == []


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _layer_breaks() -> list[str]:
    edges, _inside = _imports()
    found = []
    for module, targets in edges.items():
        for target in targets:
            if _within(target, "casekit.apps") and not _within(module, "casekit.apps"):
                found.append(f"{module} -> {target}")
            if module in BASE and any(_within(target, f"casekit.{d}") for d in DOMAINS):
                found.append(f"{module} -> {target}")
            in_domain = any(_within(module, f"casekit.{d}") for d in DOMAINS)
            if in_domain and any(_within(target, above) for above in ABOVE_DOMAINS):
                found.append(f"{module} -> {target}")
    return found


def test_dependencies_point_one_way():
    assert _violations(_layer_breaks()) == []


def _long_functions() -> list[str]:
    found = []
    for module, (path, tree) in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = node.end_lineno - start + 1
            around = " ".join(lines[max(0, start - 3) : node.lineno])
            if length > MAX_FUNCTION_LINES and "# long-function:" not in around:
                found.append(f"{module}.{node.name} ({length} lines)")
    return found


def test_functions_stay_short():
    found = [entry.split(" (")[0] for entry in _long_functions()]
    assert _violations(found) == []
