"""No hand-written module over 400 lines: a room that grows past it is split (a package with
re-exports, as `registers/models/`, `quizzes/models/` and `portal/caching/`). Migrations and the
tests are left aside."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400
TOP_LEVEL_SKIPPED = {"tests", "node_modules", "var", "static", "media"}


def oversized(root: Path, exceptions=frozenset()) -> list[str]:
    found = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder).relative_to(root)
        subfolders[:] = sorted(
            name for name in subfolders
            if not name.startswith(".") and name not in {"migrations", "__pycache__"}
            and not (here == Path() and name in TOP_LEVEL_SKIPPED)
        )
        for name in sorted(files):
            path = (here / name).as_posix()
            if name.endswith(".py") and path not in exceptions:
                with open(Path(folder) / name, encoding="utf-8") as source:
                    lines = sum(1 for _line in source)
                if lines > LIMIT:
                    found.append(f"{path}: {lines} lines")
    return found


def test_no_hand_written_module_is_over_400_lines():
    assert oversized(ROOT) == []


def test_the_check_finds_a_long_module_and_skips_what_is_not_hand_written(tmp_path):
    long = "x = 1\n" * (LIMIT + 1)
    for path in ("app/views.py", "app/migrations/0001_initial.py", "tests/test_x.py",
                 ".venv/lib/big.py"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(long)
    (tmp_path / "app/short.py").write_text("x = 1\n" * LIMIT)
    assert oversized(tmp_path) == [f"app/views.py: {LIMIT + 1} lines"]
    assert oversized(tmp_path, {"app/views.py"}) == []
