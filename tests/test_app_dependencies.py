"""No import cycle between the portal's apps: each app's imports, top-level or inside functions,
form a graph that must have no cycle (the core, `portal`, imports no feature app; no app imports
`bench`, which imports them all). Inside `portal`, the core's own apps and the rest of the core
are held to the same rule."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ["portal", "selfassessment", "toolkit", "quizzes", "registers", "bench"]


def app_imports() -> dict[str, dict[str, list[str]]]:
    """{app: {other app: ["file:line", ...]}} for every import of another app."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in APPS}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []:
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    other = module.split(".")[0]
                    if other in APPS and other != app:
                        graph[app].setdefault(other, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return graph


CORE_APPS = ["portal.accounts", "portal.audit", "portal.pharmacies", "portal.pages", "portal.exports"]
# What puts the project together (URLs, settings, the entry points, the context processors named in
# the settings): it imports every core app, as `bench` imports every app, and nothing imports it.
WIRING = ["portal.urls", "portal.settings", "portal.wsgi", "portal.asgi", "portal.context_processors"]


def core_unit(module: str) -> str | None:
    """The part of `portal` a dotted module belongs to: a core app, the wiring, or "portal core"."""
    if module != "portal" and not module.startswith("portal."):
        return None
    for unit in CORE_APPS + WIRING:
        if module == unit or module.startswith(unit + "."):
            return unit
    return "portal core"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree) -> list[tuple[str, int]]:
    """Every absolute import of the file, inside functions too; `from a import b` counts as `a.b`
    (b may be a module)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def core_imports() -> dict[str, dict[str, list[str]]]:
    """{part of portal: {other part: ["file:line", ...]}} for the core's apps and the rest of it."""
    graph: dict[str, dict[str, list[str]]] = {unit: {} for unit in [*CORE_APPS, *WIRING, "portal core"]}
    for path in sorted((ROOT / "portal").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        unit = core_unit(module_name(path))
        for module, line in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            other = core_unit(module)
            if other and other != unit:
                graph[unit].setdefault(other, []).append(f"{path.relative_to(ROOT)}:{line}")
    return graph


def find_cycle(graph) -> list[str] | None:
    visiting, done = [], set()

    def visit(app):
        if app in visiting:
            return [*visiting[visiting.index(app):], app]
        if app in done:
            return None
        visiting.append(app)
        for other in graph[app]:
            cycle = visit(other)
            if cycle:
                return cycle
        visiting.pop()
        done.add(app)
        return None

    for app in graph:
        cycle = visit(app)
        if cycle:
            return cycle
    return None


def test_no_import_cycle_between_apps():
    graph = app_imports()
    cycle = find_cycle(graph)
    where = "" if not cycle else "; ".join(f"{a} → {b}: {graph[a][b][:3]}" for a, b in zip(cycle, cycle[1:], strict=False))
    assert cycle is None, f"cycle {' → '.join(cycle)} ({where})"


def test_no_import_cycle_inside_the_core():
    graph = core_imports()
    cycle = find_cycle(graph)
    where = "" if not cycle else "; ".join(f"{a} → {b}: {graph[a][b][:3]}" for a, b in zip(cycle, cycle[1:], strict=False))
    assert cycle is None, f"cycle {' → '.join(cycle)} ({where})"


def test_nothing_in_the_core_imports_the_wiring():
    graph = core_imports()
    assert {unit: where for unit, imports in graph.items() for other, where in imports.items()
            if other in WIRING and unit not in WIRING} == {}


def test_the_core_finder_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from portal import reports\n    import portal.audit.models\n")
    assert [core_unit(module) for module, _ in imported_modules(tree)] == ["portal core", "portal.audit"]


def test_the_core_imports_no_feature_app():
    assert app_imports()["portal"] == {}


def test_the_toolkit_does_not_import_the_quizzes():
    assert "quizzes" not in app_imports()["toolkit"]


def test_no_app_imports_bench():
    graph = app_imports()
    assert {app: where["bench"] for app, where in graph.items() if "bench" in where} == {}


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b": []}, "b": {"a": []}}) == ["a", "b", "a"]
    assert find_cycle({"a": {"b": []}, "b": {}}) is None


def module_imports(app: str) -> dict[str, dict[str, list[str]]]:
    """{module: {other module of the app: ["file:line", ...]}} inside one app, imports inside
    functions included; `from a import b` names module `a.b` if it exists, else `a`."""
    modules = {module_name(path): path for path in sorted((ROOT / app).rglob("*.py")) if "migrations" not in path.parts}
    graph: dict[str, dict[str, list[str]]] = {module: {} for module in modules}
    for module, path in modules.items():
        for name, line in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            other = name if name in modules else name.rpartition(".")[0]
            if other in modules and other != module:
                graph[module].setdefault(other, []).append(f"{path.relative_to(ROOT)}:{line}")
    return graph


def test_no_import_loop_between_the_toolkits_files():
    graph = module_imports("toolkit")
    cycle = find_cycle(graph)
    where = "" if not cycle else "; ".join(f"{a} → {b}: {graph[a][b][:3]}" for a, b in zip(cycle, cycle[1:], strict=False))
    assert cycle is None, f"cycle {' → '.join(cycle)} ({where})"
