"""The classroom assignments: what students get, what the autograder gives, what must not leak.

The slow tests build every master in ``assignments/`` into a temporary ``dist`` with
``python -m helpers.classroom``'s functions and grade with ``otter run`` (no Docker). They are
skipped, with a message, where otter-grader is not installed (``make assignments`` installs it).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from helpers import classroom

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ROOT / "assignments"
MASTERS = sorted(ASSIGNMENTS.glob("*/*.ipynb"))

needs_otter = pytest.mark.skipif(
    importlib.util.find_spec("otter") is None,
    reason="otter-grader is not installed: run `make assignments` (requirements/classroom.lock)",
)


def _student_text(notebook: Path) -> str:
    """Every string of a notebook (cell sources, outputs and metadata, where public tests live)."""

    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    return "\n".join(walk(json.loads(notebook.read_text(encoding="utf-8"))))


def _hidden_test_lines(master: Path) -> list[str]:
    """The asserts of the master's hidden test cells (first line ``# HIDDEN``), each both as
    written (when on one line) and as otter stores a test (``ast.unparse``)."""
    nb = nbformat.read(master, as_version=4)
    lines = []
    for cell in nb.cells:
        first = cell.source.lstrip().split("\n", 1)[0]
        if cell.cell_type == "code" and first.strip().upper() == "# HIDDEN":
            asserts = [n for n in ast.parse(cell.source).body if isinstance(n, ast.Assert)]
            lines += [ast.unparse(n) for n in asserts]
            lines += [
                ast.get_source_segment(cell.source, n) for n in asserts if n.lineno == n.end_lineno
            ]
    return lines


def _solution_lines(master: Path) -> list[str]:
    """Code lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` inside code cells."""
    nb = nbformat.read(master, as_version=4)
    lines, inside = [], False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped.startswith("# BEGIN SOLUTION"):
                inside = True
            elif stripped == "# END SOLUTION":
                inside = False
            elif inside and len(stripped) >= 20:
                lines.append(stripped)
            elif stripped.endswith("# SOLUTION"):
                lines.append(stripped.removesuffix("# SOLUTION").strip())
    return lines


# --------------------------------------------------------------------------- the masters


def test_there_are_masters_with_hidden_tests_and_solutions():
    assert len(MASTERS) >= 2, "assignments/ should hold at least two master notebooks"
    for master in MASTERS:
        assert _hidden_test_lines(master), f"{master.name} has no hidden test"
        assert _solution_lines(master), f"{master.name} has no marked solution"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.parent.name)
def test_master_sets_seed_once_and_reads_data_relative_to_the_notebook(master):
    text = "\n".join(c.source for c in nbformat.read(master, as_version=4).cells)
    assert len(re.findall(r"^SEED = \d+", text, re.M)) == 1
    assert 'Path("data") if Path("data").is_dir() else Path("../../data")' in text
    assert "/work/" not in text and "C:\\" not in text, "no absolute paths in a master"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.parent.name)
def test_master_config_lists_existing_data_files(master):
    config = classroom.read_master(master).config
    assert config.get("export_cell") is False
    for entry in config.get("files", []):
        assert (ROOT / entry).is_file() or (master.parent / entry).is_file(), entry


# --------------------------------------------------------------------------- the leak guard


def _write_master(folder: Path, solution_cell: str) -> Path:
    folder.mkdir(parents=True)
    cells = [
        nbformat.v4.new_raw_cell("# ASSIGNMENT CONFIG\nname: toy\nexport_cell: false"),
        nbformat.v4.new_code_cell("SEED = 1"),
        nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: q1"),
        nbformat.v4.new_markdown_cell("Write `double`."),
        nbformat.v4.new_raw_cell("# BEGIN SOLUTION"),
        nbformat.v4.new_code_cell(solution_cell),
        nbformat.v4.new_raw_cell("# END SOLUTION"),
        nbformat.v4.new_raw_cell("# BEGIN TESTS"),
        nbformat.v4.new_code_cell("assert double(2) == 4"),
        nbformat.v4.new_code_cell('# HIDDEN\nassert double(21) == 42, "the hidden case"'),
        nbformat.v4.new_raw_cell("# END TESTS"),
        nbformat.v4.new_raw_cell("# END QUESTION"),
    ]
    path = folder / "toy.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_a_solution_cell_without_markers_stops_the_build(tmp_path):
    # otter assign would hand this cell to students unchanged, and say nothing.
    master = _write_master(
        tmp_path / "assignments" / "toy",
        "def double(x):\n    doubled_value = 2 * x\n    return doubled_value",
    )
    with pytest.raises(classroom.ClassroomError, match="no '# BEGIN SOLUTION'"):
        classroom.build_assignment(master, tmp_path, tmp_path / "dist")


def test_leaks_finds_solution_lines_and_hidden_tests_but_not_the_scaffold(tmp_path):
    master = classroom.read_master(
        _write_master(
            tmp_path / "m" / "toy",
            "def double(x):\n    # BEGIN SOLUTION\n    doubled_value = 2 * x\n"
            "    return doubled_value\n    # END SOLUTION",
        )
    )
    clean = tmp_path / "clean"
    clean.mkdir()
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell("def double(x):\n    ..."),
                nbformat.v4.new_code_cell("assert double(2) == 4"),
            ]
        ),
        clean / "toy.ipynb",
    )
    assert classroom.leaks(master, clean) == []
    leaky = tmp_path / "leaky"
    leaky.mkdir()
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell("def double(x):\n    doubled_value = 2 * x"),
                nbformat.v4.new_code_cell("assert double(21) == 42, 'the hidden case'"),
            ]
        ),
        leaky / "toy.ipynb",
    )
    found = classroom.leaks(master, leaky)
    assert "doubled_value = 2 * x" in found
    # as otter would store it in the notebook metadata: ast.unparse, single quotes
    assert "assert double(21) == 42, 'the hidden case'" in found


def test_seeds_are_stable_per_student_and_set_on_one_line():
    assert classroom.student_seed("01-who-said-it", "ana") == classroom.student_seed(
        "01-who-said-it", "ana"
    )
    assert classroom.student_seed("01-who-said-it", "ana") != classroom.student_seed(
        "01-who-said-it", "ben"
    )
    assert classroom.set_seed("x = 1\nSEED = 2024  # keep\n", 7) == "x = 1\nSEED = 7  # keep\n"
    with pytest.raises(classroom.ClassroomError):
        classroom.set_seed("SEED = 1\nSEED = 2\n", 7)
    with pytest.raises(classroom.ClassroomError):
        classroom.set_seed("no seed here", 7)


# --------------------------------------------------------------------------- build and grade


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """``classroom.check`` into a temporary dist: the grading table and the dist folder."""
    dist = tmp_path_factory.mktemp("dist")
    table = classroom.check(dist=dist)
    return table, dist


@pytest.mark.slow
@needs_otter
def test_every_solution_gets_full_marks(checked):
    table, _ = checked
    solutions = table[table["notebook"] == "solution"]
    assert len(solutions) == len(MASTERS)
    for row in solutions.itertuples():
        assert row.possible > 0 and row.score == row.possible, f"{row.assignment} lost {row.lost}"


@pytest.mark.slow
@needs_otter
def test_an_untouched_student_notebook_does_not_get_full_marks(checked):
    table, _ = checked
    students = table[table["notebook"] == "student"]
    assert len(students) == len(MASTERS)
    assert (students["score"] < students["possible"]).all()


@pytest.mark.slow
@needs_otter
@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.parent.name)
def test_student_notebook_has_no_hidden_tests_and_no_solutions(checked, master):
    _, dist = checked
    student = dist / "student" / master.parent.name / master.name
    text = _student_text(student)
    for line in _hidden_test_lines(master):
        assert line not in text, f"hidden test given to students: {line}"
    for line in _solution_lines(master):
        assert line not in text, f"solution given to students: {line}"
    assert "BEGIN SOLUTION" not in text and "# HIDDEN" not in text
    assert "grader.check(" in text, "students should have the public checks"


@pytest.mark.slow
@needs_otter
@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.parent.name)
def test_autograder_zip_holds_the_hidden_tests_and_the_data(checked, master):
    _, dist = checked
    (zip_path,) = (dist / "autograder" / master.parent.name).glob("*-autograder_*.zip")
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        tests = "\n".join(zf.read(n).decode() for n in names if n.startswith("tests/"))
    hidden = _hidden_test_lines(master)
    assert any(line.removeprefix("assert ")[:30] in tests for line in hidden)
    for entry in classroom.read_master(master).config.get("files", []):
        assert f"files/{entry}" in names
        assert (dist / "student" / master.parent.name / entry).is_file()


@pytest.mark.slow
@needs_otter
def test_roster_variants_differ_only_in_their_seed(checked):
    _, dist = checked
    name = MASTERS[0].parent.name
    notebook = dist / "student" / name / MASTERS[0].name
    zips = sorted((dist / "autograder" / name).glob("*.zip"))
    built = classroom.Built(name, notebook, dist / "autograder" / name / MASTERS[0].name, zips[0])
    seeds = classroom.write_variants(built, ["ana", "ben"])
    assert list(seeds["student"]) == ["ana", "ben"] and seeds["seed"].nunique() == 2
    texts = [
        (dist / "student" / name / "variants" / s / MASTERS[0].name).read_text()
        for s in ("ana", "ben")
    ]
    for text, seed in zip(texts, seeds["seed"], strict=True):
        assert f"SEED = {seed}" in text
    assert re.sub(r"SEED = \d+", "", texts[0]) == re.sub(r"SEED = \d+", "", texts[1])


@pytest.mark.slow
@needs_otter
@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.parent.name)
def test_one_autograder_grades_a_notebook_drawn_with_another_seed(checked, master, tmp_path):
    # Per-student variants share one autograder: no hidden test may depend on SEED.
    _, dist = checked
    nb = nbformat.read(dist / "autograder" / master.parent.name / master.name, as_version=4)
    seeded = [
        c for c in nb.cells if c.cell_type == "code" and re.search(r"^SEED = ", c.source, re.M)
    ]
    assert len(seeded) == 1
    seeded[0].source = classroom.set_seed(seeded[0].source, classroom.student_seed("x", "ana"))
    submission = tmp_path / master.name
    nbformat.write(nb, submission)
    (zip_path,) = (dist / "autograder" / master.parent.name).glob("*-autograder_*.zip")
    result = classroom.grade(submission, zip_path)
    assert result["possible"] > 0 and result["score"] == result["possible"], result["questions"]


@pytest.mark.slow
def test_pytest_collects_neither_assignments_nor_dist():
    # The masters hold solutions that must not run under nbval, and dist/ is generated.
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    collected = [ln for ln in proc.stdout.splitlines() if "::" in ln or ln.endswith(".ipynb")]
    assert collected, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert not [ln for ln in collected if ln.startswith(("assignments/", "dist/"))]


# --------------------------------------------------------------------------- 03-new-target

NEW_TARGET = ASSIGNMENTS / "03-new-target" / "new-target.ipynb"
#: The spec of a student who wrote only the label's own words: it must not pass the article test.
MINIMAL_SPEC = (
    'description = "FAVOR wants the imports to go on; AGAINST wants them ended; NEUTRAL reports."\n'
    'kind = "state"\n'
    'refers_to = ["Iranian gas"]'
)


def _code(master: Path) -> str:
    return "\n".join(
        c.source for c in nbformat.read(master, as_version=4).cells if c.cell_type == "code"
    )


def test_new_target_reference_spec_uses_the_new_schema():
    # The guide's steps: kind, refers_to, opposite, ends/continues; no first-schema fields, and
    # no pronoun listed as a phrase (the rules resolve pronouns themselves).
    code = _code(NEW_TARGET)
    assert re.search(r'^kind = "state"  # SOLUTION$', code, re.M)
    for field in ("refers_to", "opposite", "ends", "continues"):
        assert f'"{field}": {field}' in code, f"build() does not pass {field}"
    for field in ("events", "actor_words", "anaphors", "carriers", "negators", "neutralisers"):
        assert f'"{field}"' not in code, f"first-schema field {field!r} in the master"
    assert not re.search(r'^\s*"(it|its|they|them|their)",?\s*$', code, re.M | re.I)
    assert 'build().kind == "state"' in code, "a hidden test checks the kind"
    assert '["neutral"] * len(hand_labels)' in code, "the baseline is always-neutral"


@pytest.mark.slow
@needs_otter
def test_new_target_minimal_spec_does_not_pass_the_article_test(checked, tmp_path):
    _, dist = checked
    name = NEW_TARGET.parent.name
    nb = nbformat.read(dist / "autograder" / name / NEW_TARGET.name, as_version=4)
    spec_cells = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(
        ("description = (", "opposite = ["))]  # fmt: skip
    assert len(spec_cells) == 2, "the two answer cells of Questions 1 and 2"
    spec_cells[0].source = MINIMAL_SPEC
    spec_cells[1].source = "opposite, ends, continues, cues = [], [], [], []"
    submission = tmp_path / NEW_TARGET.name
    nbformat.write(nb, submission)
    (zip_path,) = (dist / "autograder" / name).glob("*-autograder_*.zip")
    result = classroom.grade(submission, zip_path)
    got, most = result["questions"]["q3"]
    assert got < most, "a one-phrase spec passes the test against the always-neutral baseline"
