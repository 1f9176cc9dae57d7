"""No function of the project above radon's grade C (cyclomatic complexity over 20).

A function that grows past it is split into named steps before it lands.
"""

from pathlib import Path

from radon.complexity import cc_rank, cc_visit

ROOT = Path(__file__).resolve().parents[1]
APPS = ["portal", "selfassessment", "toolkit", "quizzes", "registers", "bench"]


def project_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_function_above_grade_c():
    too_complex = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({cc_rank(block.complexity)}, {block.complexity})"
        for path in project_sources()
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if cc_rank(block.complexity) not in "ABC"
    ]
    assert not too_complex, "\n".join(too_complex)


def test_the_check_sees_a_complex_function():
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(25))
    (block,) = cc_visit(f"def f(x):\n{branches}    return -1\n")
    assert block.complexity == 26 and cc_rank(block.complexity) not in "ABC"
