"""No import cycle between the portal's apps: each app's imports, top-level or inside functions,
form a graph that must have no cycle (the core, `portal`, imports no feature app; no app imports
`bench`, which imports them all)."""

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
