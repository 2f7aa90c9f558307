"""Build, check and grade the classroom assignments with otter-grader 7 (no Docker).

Each assignment is one *master* notebook in Otter Assign's format under
``assignments/<name>/<name>.ipynb``. This module turns the masters into

* ``dist/student/<name>/``: the notebook students get (solutions and hidden tests removed) and
  the data files it reads, listed under ``files:`` in the master's ``# ASSIGNMENT CONFIG`` cell;
* ``dist/autograder/<name>/``: the solution notebook and ``<name>-autograder_*.zip``, the file
  ``otter run -a`` grades a submission with.

Command line (``make assignments`` runs ``build``; CI runs ``check``)::

    python -m helpers.classroom build [--dist DIR] [--seed N] [--roster FILE]
    python -m helpers.classroom check [--dist DIR]
    python -m helpers.classroom grade NAME SUBMISSION.ipynb ... [--dist DIR] [--out scores.csv]

Data files: otter copies only files inside the master's folder, so ``build`` first *stages* each
master in ``dist/.stage/<name>/`` and copies the ``files:`` it lists (paths such as
``data/raw/<article>.txt``) from the repository into the stage. The masters read
``data/...`` when it exists (student folder, grading directory) and ``../../data/...`` otherwise
(the master opened in place in ``assignments/<name>/``).

Seeds: every master has one line ``SEED = <int>`` that selects the student's sample. ``--roster``
writes one student notebook per student (``dist/student/<name>/variants/<student>/``), each with
its own seed, and ``seeds.csv``. The hidden tests recompute what they expect from the
notebook's own ``SEED``, so the one autograder zip grades every variant.

What is checked: ``build`` fails if a student folder contains a line of solution code, the text
of a manually graded answer, or a hidden test (the trap: a solution cell without
``# BEGIN SOLUTION``/``# END SOLUTION`` or ``# SOLUTION`` markers is handed to students
unchanged, and otter says nothing). ``check`` grades the solution notebook (must get full marks)
and the untouched student notebook (must not) with ``otter run``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import yaml

__all__ = [
    "Built",
    "ClassroomError",
    "Master",
    "build",
    "build_assignment",
    "check",
    "grade",
    "grade_many",
    "leaks",
    "main",
    "masters",
    "read_master",
    "repo_root",
    "set_seed",
    "stage",
    "student_seed",
    "write_variants",
]

CONFIG_MARK = "# ASSIGNMENT CONFIG"
#: The one line of a master that sets the sample; ``--seed``/``--roster`` rewrite it.
SEED_LINE = re.compile(r"^(?P<indent>[ \t]*)SEED[ \t]*=[ \t]*\d+(?P<rest>.*)$", re.M)
#: Solution lines shorter than this ("else:", "return x") are too common to count as a leak.
MIN_LEAK_CHARS = 12
OTTER_MISSING = (
    "otter-grader is not installed in this environment: run `make assignments` "
    "(it installs requirements/classroom.lock)"
)


class ClassroomError(RuntimeError):
    """A build or check that must stop; ``str(err)`` says what to fix."""


# --------------------------------------------------------------------------- reading masters


@dataclass(frozen=True)
class Master:
    """One master notebook and what its Otter Assign markup says.

    Attributes:
        name: the folder name, e.g. ``01-who-said-it``.
        path: the master notebook.
        config: the ``# ASSIGNMENT CONFIG`` cell as a dict.
        solution_lines: code lines students must not see (inside ``# BEGIN/END SOLUTION``
            in code, or ending in ``# SOLUTION``).
        answer_texts: Markdown solutions of manually graded questions.
        hidden_tests: source of every hidden test cell.
        unmarked_solutions: code cells in a solution block with no solution marker at all.
    """

    name: str
    path: Path
    config: dict
    solution_lines: tuple[str, ...]
    answer_texts: tuple[str, ...]
    hidden_tests: tuple[str, ...]
    unmarked_solutions: tuple[str, ...]


def read_master(path: Path) -> Master:
    """Parse the Otter Assign markup of the master notebook at ``path``.

    Only the v1 format (raw cells ``# BEGIN QUESTION``, ``# BEGIN SOLUTION``, ``# BEGIN TESTS``
    ...) is read; the config cell must be the first raw cell starting with ``# ASSIGNMENT
    CONFIG``.
    """
    nb = nbformat.read(path, as_version=4)
    config: dict | None = None
    block: str | None = None
    solution_lines: list[str] = []
    answers: list[str] = []
    hidden: list[str] = []
    unmarked: list[str] = []
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "raw":
            first = source.strip().splitlines()[0].strip() if source.strip() else ""
            if first == CONFIG_MARK:
                config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            elif first in ("# BEGIN SOLUTION", "# BEGIN TESTS"):
                block = first.split()[-1].lower()
            elif first in ("# END SOLUTION", "# END TESTS"):
                block = None
            continue
        if block == "solution" and cell.cell_type == "markdown":
            answers.append(source.strip())
        elif block == "solution" and cell.cell_type == "code":
            marked = _marked_solution_lines(source)
            if marked is None:
                unmarked.append(source)
            else:
                solution_lines.extend(marked)
        elif block == "tests" and cell.cell_type == "code" and _is_hidden_test(source):
            hidden.append(source)
    if config is None:
        raise ClassroomError(f"{path}: no raw cell starting with {CONFIG_MARK!r}")
    return Master(
        name=path.parent.name,
        path=path,
        config=config,
        solution_lines=tuple(solution_lines),
        answer_texts=tuple(answers),
        hidden_tests=tuple(hidden),
        unmarked_solutions=tuple(unmarked),
    )


def _is_hidden_test(source: str) -> bool:
    """A test cell otter keeps from students: first line a comment saying hidden, or a
    ``# BEGIN TEST CONFIG`` block with ``hidden: true``."""
    lines = source.lstrip().splitlines()
    if lines and lines[0].startswith("#") and re.search(r"\bhidden\b", lines[0], re.I):
        return True
    return "TEST CONFIG" in source and bool(re.search(r"^\s*hidden:\s*true", source, re.M | re.I))


def _marked_solution_lines(source: str) -> list[str] | None:
    """Lines otter removes from a solution cell, or None when the cell has no marker at all."""
    out, inside, any_marker = [], False, False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("# BEGIN SOLUTION"):
            inside, any_marker = True, True
        elif stripped == "# END SOLUTION":
            inside = False
        elif inside:
            out.append(stripped)
        elif re.search(r"# ?SOLUTION( NO PROMPT)?$", stripped):
            any_marker = True
            out.append(re.sub(r"\s*# ?SOLUTION( NO PROMPT)?$", "", stripped))
    return out if any_marker else None


def masters(assignments_dir: Path) -> list[Path]:
    """The master notebooks ``assignments/<name>/<name>.ipynb``, in name order."""
    found = sorted(
        p
        for p in assignments_dir.glob("*/*.ipynb")
        if p.stem == p.parent.name.split("-", 1)[-1] or p.stem == p.parent.name
    )
    if not found:
        raise ClassroomError(f"no master notebooks under {assignments_dir}")
    return found


def set_seed(source: str, seed: int) -> str:
    """``source`` with its ``SEED = <int>`` line set to ``seed`` (exactly one such line)."""
    if len(SEED_LINE.findall(source)) != 1:
        raise ClassroomError("a master must set SEED = <int> on exactly one line")
    return SEED_LINE.sub(lambda m: f"{m['indent']}SEED = {seed}{m['rest']}", source)


def student_seed(assignment: str, student: str) -> int:
    """A stable seed for one student and assignment (the same on every machine)."""
    digest = hashlib.sha256(f"{assignment}:{student}".encode()).hexdigest()
    return int(digest[:8], 16) % 1_000_000


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class Built:
    """Where the outputs of one assignment are."""

    name: str
    student_notebook: Path
    solution_notebook: Path
    autograder_zip: Path

    @property
    def student_dir(self) -> Path:
        return self.student_notebook.parent


def repo_root() -> Path:
    """The repository that holds ``assignments/`` (this package's checkout, else the cwd)."""
    for candidate in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (candidate / "assignments").is_dir():
            return candidate
    raise ClassroomError("no assignments/ folder found: run from the repository root")


def _require_otter() -> None:
    if importlib.util.find_spec("otter") is None:
        raise ClassroomError(OTTER_MISSING)


def _otter(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "otter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise ClassroomError(f"otter {args[0]} failed:\n{tail}")
    return proc


def stage(master: Master, root: Path, stage_dir: Path, seed: int | None = None) -> Path:
    """Copy the master and the data files it lists into ``stage_dir``; return the staged master.

    A ``files:`` entry is taken from the master's folder when it is there, otherwise from the
    same path under the repository root (``data/raw/...``, ``data/annotations/...``).
    """
    shutil.rmtree(stage_dir, ignore_errors=True)
    shutil.copytree(
        master.path.parent,
        stage_dir,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    for entry in master.config.get("files") or []:
        target = stage_dir / entry
        if target.exists():
            continue
        source = root / entry
        if not source.is_file():
            raise ClassroomError(f"{master.name}: listed file {entry} is not in {root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    staged = stage_dir / master.path.name
    if seed is not None:
        nb = nbformat.read(staged, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and SEED_LINE.search(c.source)]
        if len(code) != 1:
            raise ClassroomError(f"{master.name}: set SEED = <int> in exactly one code cell")
        code[0].source = set_seed(code[0].source, seed)
        nbformat.write(nb, staged)
    return staged


def build_assignment(master_path: Path, root: Path, dist: Path, seed: int | None = None) -> Built:
    """Run ``otter assign`` on one master; write dist/student/<name>/ and dist/autograder/<name>/.

    Raises ClassroomError when the master has an unmarked solution cell or when the student
    folder leaks a solution line, a manual answer or a hidden test.
    """
    master = read_master(master_path)
    if master.unmarked_solutions:
        first = master.unmarked_solutions[0].strip().splitlines()[0]
        raise ClassroomError(
            f"{master.name}: a solution cell has no '# BEGIN SOLUTION'/'# END SOLUTION' or "
            f"'# SOLUTION' marker, so otter would give it to students as is: {first!r}"
        )
    staged = stage(master, root, dist / ".stage" / master.name, seed=seed)
    out = dist / ".otter" / master.name
    shutil.rmtree(out, ignore_errors=True)
    _otter("assign", "--no-run-tests", "--no-pdfs", str(staged), str(out))
    student_dir = dist / "student" / master.name
    autograder_dir = dist / "autograder" / master.name
    for produced, final in ((out / "student", student_dir), (out / "autograder", autograder_dir)):
        shutil.rmtree(final, ignore_errors=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), str(final))
    shutil.rmtree(out, ignore_errors=True)
    zips = sorted(autograder_dir.glob("*-autograder_*.zip"))
    if len(zips) != 1:
        raise ClassroomError(f"{master.name}: expected one autograder zip, found {len(zips)}")
    built = Built(
        name=master.name,
        student_notebook=student_dir / master.path.name,
        solution_notebook=autograder_dir / master.path.name,
        autograder_zip=zips[0],
    )
    found = leaks(master, student_dir)
    if found:
        shutil.rmtree(student_dir, ignore_errors=True)  # never leave a leaking folder to hand out
        raise ClassroomError(
            f"{master.name}: the student folder {student_dir} gives away {len(found)} item(s), "
            f"first: {found[0]!r}"
        )
    return built


def _strings(value: object) -> Iterator[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _folder_text(folder: Path) -> str:
    """All text students get: notebook strings (cells and metadata) and other text files."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "data" in path.relative_to(folder).parts[:1]:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            parts.extend(_strings(json.loads(text)))
        else:
            parts.append(text)
    return "\n".join(parts)


def leaks(master: Master, student_dir: Path) -> list[str]:
    """Solution lines, manual answers and hidden-test lines found in the student folder.

    A line also present (as a whole or a part of a line) in the master outside solutions and
    hidden tests, i.e. the scaffold and public checks students are meant to see, does not count;
    nor does a line shorter than ``MIN_LEAK_CHARS``.
    """
    visible = _visible_master_text(master)
    text = _folder_text(student_dir)
    found = []
    hidden_lines = [ln.strip() for src in master.hidden_tests for ln in src.splitlines()[1:]]
    hidden_lines += [stmt for src in master.hidden_tests for stmt in _statements(src)]
    for line in (*master.solution_lines, *hidden_lines):
        if len(line) >= MIN_LEAK_CHARS and line not in visible and line in text:
            found.append(line)
    for answer in master.answer_texts:
        for line in answer.splitlines():
            line = line.strip()
            if len(line) >= MIN_LEAK_CHARS and line not in visible and line in text:
                found.append(line)
    for marker in ("# BEGIN SOLUTION", "# END SOLUTION", "# HIDDEN"):
        if marker in text:
            found.append(marker)
    return found


def _statements(source: str) -> list[str]:
    """Top-level statements as otter stores tests (``ast.unparse``: one line, single quotes)."""
    try:
        return [ast.unparse(node) for node in ast.parse(source).body]
    except SyntaxError:
        return []


def _visible_master_text(master: Master) -> str:
    """The stripped lines of the master that students are meant to see, one per line."""
    nb = nbformat.read(master.path, as_version=4)
    hidden = set(master.hidden_tests)
    answers = set(master.answer_texts)
    visible: set[str] = set()
    block = None
    for cell in nb.cells:
        first = cell.source.strip().splitlines()[0].strip() if cell.source.strip() else ""
        if cell.cell_type == "raw":
            if first in ("# BEGIN SOLUTION", "# BEGIN TESTS"):
                block = first.split()[-1].lower()
            elif first in ("# END SOLUTION", "# END TESTS"):
                block = None
            continue
        if cell.source in hidden or cell.source.strip() in answers:
            continue
        if block == "solution" and cell.cell_type == "code":
            kept = _scaffold_lines(cell.source)
        else:
            kept = [ln.strip() for ln in cell.source.splitlines()]
            if block == "tests":
                kept += _statements(cell.source)
        visible.update(kept)
    return "\n".join(sorted(visible))


def _scaffold_lines(source: str) -> list[str]:
    """The lines of a solution cell that otter keeps."""
    out, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("# BEGIN SOLUTION"):
            inside = True
        elif stripped == "# END SOLUTION":
            inside = False
        elif not inside and not re.search(r"# ?SOLUTION( NO PROMPT)?$", stripped):
            out.append(stripped)
    return out


def build(
    root: Path | None = None,
    dist: Path | None = None,
    seed: int | None = None,
    roster: Sequence[str] = (),
) -> list[Built]:
    """Build every master under ``root/assignments`` into ``dist`` (default ``root/dist``).

    ``seed`` replaces every master's SEED; ``roster`` (student identifiers) adds one variant
    notebook per student with ``student_seed(name, student)``, listed in
    ``dist/student/<name>/variants/seeds.csv``.
    """
    _require_otter()
    root = root or repo_root()
    dist = dist or root / "dist"
    try:
        built = [build_assignment(m, root, dist, seed) for m in masters(root / "assignments")]
        for item in built if roster else ():
            write_variants(item, roster)
    finally:
        shutil.rmtree(dist / ".stage", ignore_errors=True)
        shutil.rmtree(dist / ".otter", ignore_errors=True)
    return built


def write_variants(built: Built, roster: Sequence[str]) -> pd.DataFrame:
    """One copy of the student folder per student, each notebook with the student's SEED."""
    variants = built.student_dir / "variants"
    shutil.rmtree(variants, ignore_errors=True)
    rows = []
    for student in roster:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", student).strip("-")
        if not slug:
            raise ClassroomError(f"roster entry {student!r} has no usable characters")
        folder = variants / slug
        shutil.copytree(built.student_dir, folder, ignore=shutil.ignore_patterns("variants"))
        seed = student_seed(built.name, student)
        nb = nbformat.read(folder / built.student_notebook.name, as_version=4)
        cells = [c for c in nb.cells if c.cell_type == "code" and SEED_LINE.search(c.source)]
        if len(cells) != 1:
            raise ClassroomError(f"{built.name}: the student notebook must set SEED once")
        cells[0].source = set_seed(cells[0].source, seed)
        nbformat.write(nb, folder / built.student_notebook.name)
        rows.append({"student": student, "folder": slug, "seed": seed})
    table = pd.DataFrame(rows, columns=["student", "folder", "seed"])
    table.to_csv(variants / "seeds.csv", index=False)
    return table


# --------------------------------------------------------------------------- grading


def grade(notebook: Path, autograder_zip: Path) -> dict:
    """Grade one notebook with ``otter run`` (no Docker).

    Returns ``{"score", "possible", "questions": {name: (score, max)}}``. Manually graded
    questions are not part of ``possible``.
    """
    _require_otter()
    with tempfile.TemporaryDirectory() as tmp:
        _otter(
            "run",
            "--no-logo",
            "-a",
            str(Path(autograder_zip).resolve()),
            "-o",
            tmp,
            str(Path(notebook).resolve()),
            cwd=Path(tmp),
        )
        results = json.loads((Path(tmp) / "results.json").read_text())
    questions = {
        t["name"]: (float(t.get("score", 0) or 0), float(t["max_score"]))
        for t in results["tests"]
        if "max_score" in t
    }
    return {
        "score": sum(s for s, _ in questions.values()),
        "possible": sum(m for _, m in questions.values()),
        "questions": questions,
    }


def check(root: Path | None = None, dist: Path | None = None) -> pd.DataFrame:
    """Build, then grade each solution (full marks expected) and untouched student notebook.

    Returns one row per graded notebook: ``assignment``, ``notebook`` (solution|student),
    ``score``, ``possible``, ``ok`` and ``lost`` (the questions that did not get full marks).
    """
    built = build(root, dist)
    rows = []
    for item in built:
        for kind, path in (
            ("solution", item.solution_notebook),
            ("student", item.student_notebook),
        ):
            result = grade(path, item.autograder_zip)
            full = result["possible"] > 0 and result["score"] >= result["possible"]
            rows.append(
                {
                    "assignment": item.name,
                    "notebook": kind,
                    "score": result["score"],
                    "possible": result["possible"],
                    "ok": full if kind == "solution" else not full,
                    "lost": " ".join(
                        q for q, (got, most) in result["questions"].items() if got < most
                    ),
                }
            )
    return pd.DataFrame(rows, columns=["assignment", "notebook", "score", "possible", "ok", "lost"])


def grade_many(built_name: str, submissions: Sequence[Path], dist: Path) -> pd.DataFrame:
    """Grade student submissions of one assignment: ``submission``, ``score``, ``possible``."""
    zips = sorted((dist / "autograder" / built_name).glob("*-autograder_*.zip"))
    if not zips:
        raise ClassroomError(f"no autograder for {built_name} in {dist}: run `make assignments`")
    missing = [str(sub) for sub in submissions if not Path(sub).is_file()]
    if missing:
        raise ClassroomError(f"no such submission file: {', '.join(missing)}")
    rows = []
    for sub in submissions:
        result = grade(Path(sub), zips[-1])
        rows.append(
            {"submission": str(sub), "score": result["score"], "possible": result["possible"]}
        )
    return pd.DataFrame(rows, columns=["submission", "score", "possible"])


# --------------------------------------------------------------------------- command line


def _read_roster(path: Path) -> list[str]:
    """Student identifiers: the first column of a CSV or one per line; '#' starts a comment."""
    lines = [ln.split("#", 1)[0].strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    ids = [ln.split(",")[0].strip() for ln in lines if ln]
    if ids and ids[0].lower() in {"student", "id", "student_id", "email"}:
        ids = ids[1:]
    if not ids:
        raise ClassroomError(f"{path}: no student identifiers")
    return ids


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.classroom", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="student and autograder versions into dist/")
    p_build.add_argument("--dist", type=Path, default=None)
    p_build.add_argument("--seed", type=int, default=None, help="replace every master's SEED")
    p_build.add_argument("--roster", type=Path, default=None, help="one student id a line")
    p_check = sub.add_parser("check", help="build, then grade solutions and untouched notebooks")
    p_check.add_argument("--dist", type=Path, default=None)
    p_grade = sub.add_parser("grade", help="grade submissions of one assignment")
    p_grade.add_argument("name", help="assignment folder name, e.g. 01-who-said-it")
    p_grade.add_argument("submissions", nargs="+", type=Path)
    p_grade.add_argument("--dist", type=Path, default=None)
    p_grade.add_argument("--out", type=Path, default=None, help="also write the scores as CSV")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            roster = _read_roster(args.roster) if args.roster else ()
            for item in build(dist=args.dist, seed=args.seed, roster=roster):
                print(f"{item.name}: {item.student_dir} and {item.autograder_zip}")
        elif args.command == "check":
            table = check(dist=args.dist)
            print(table.to_string(index=False))
            if not table["ok"].all():
                print("FAILED: a solution lost marks or an untouched notebook got full marks")
                return 1
        else:
            root = repo_root()
            table = grade_many(args.name, args.submissions, args.dist or root / "dist")
            print(table.to_string(index=False))
            if args.out:
                table.to_csv(args.out, index=False)
    except ClassroomError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
