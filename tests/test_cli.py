"""The command line: `python -m helpers quotes | speakers | analyze`.

What must hold: tables on stdout (CSV with a header, or JSON), every error one line
`helpers: error: ...` on stderr with exit 1 (bad input) or 2 (usage), never a traceback.
Most tests call `helpers.__main__.main` in-process (the spaCy pipeline loads once); one runs the
real `python -m helpers` in a subprocess.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from helpers.__main__ import build_parser, main

from conftest import BUNDLED, ROOT

BUNDLED_TARGET = "us-military-presence-iraq"


def run_cli(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one error line, got: {err!r}"
    assert lines[0].startswith("helpers: error: ")
    assert "Traceback" not in err


# --------------------------------------------------------------------------- help and usage


def test_help_names_the_three_commands_and_an_example(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    for command in ("quotes", "speakers", "analyze"):
        assert command in out
    assert "python -m helpers" in out and "English" in out


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("quotes", ["--format"]),
        ("speakers", ["--target", "--format"]),
        ("analyze", ["--target", "--out", "--jobs", "--scheduler", "--quiet"]),
    ],
)
def test_each_command_documents_its_options(command, options, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    for option in options:
        assert option in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["quotes"],
        ["quotes", str(BUNDLED), "--format", "xml"],
        ["analyze", str(BUNDLED)],  # --out is required
        ["analyze", str(BUNDLED), "--out", "x", "--jobs", "-1"],
        ["analyze", str(BUNDLED), "--out", "x", "--jobs", "two"],
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, capsys):
    code, out, err = run_cli(argv, capsys)
    assert code == 2
    assert out == ""
    assert_one_line_error(err)
    assert "--help" in err


def test_a_missing_article_exits_1_with_one_line_naming_it(tmp_path, capsys):
    missing = tmp_path / "no-such-article.txt"
    code, out, err = run_cli(["quotes", missing], capsys)
    assert code == 1 and out == ""
    assert_one_line_error(err)
    assert "no-such-article.txt" in err


def test_a_folder_given_to_quotes_points_to_analyze(tmp_path, capsys):
    code, out, err = run_cli(["speakers", tmp_path], capsys)
    assert code == 2 and out == ""
    assert_one_line_error(err)
    assert "is a folder" in err and "analyze" in err


def test_an_unknown_target_is_a_usage_error(tmp_path, capsys):
    code, out, err = run_cli(
        ["speakers", BUNDLED, "--target", tmp_path / "no-such-target.yaml"], capsys
    )
    assert code == 2 and out == ""
    assert_one_line_error(err)
    assert "--target" in err


def test_the_parser_is_importable_without_the_pipeline():
    args = build_parser().parse_args(["analyze", "a.txt", "b.txt", "--out", "o", "--jobs", "0"])
    assert args.paths == ["a.txt", "b.txt"] and args.jobs == 0 and args.scheduler is None


# --------------------------------------------------------------------------- quotes


def test_quotes_prints_a_csv_table_whose_quotes_are_in_the_article(capsys, bundled_article):
    code, out, err = run_cli(["quotes", BUNDLED], capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert {"speaker", "quote", "start", "end", "cue", "rule"} <= set(table.columns)
    assert len(table) >= 10, "the bundled article has dozens of quotations"
    body = bundled_article.body
    for row in table.itertuples():
        assert body[row.start : row.end] == row.quote
    # A quotation the bundled article attributes by name must be there.
    assert table["quote"].str.contains("bears responsibility for these attacks").any()


def test_quotes_as_json_is_an_array_of_records(capsys):
    code, out, err = run_cli(["quotes", BUNDLED, "--format", "json"], capsys)
    assert code == 0, err
    records = json.loads(out)
    assert isinstance(records, list) and records
    assert {"speaker", "quote", "start", "end"} <= set(records[0])


# --------------------------------------------------------------------------- speakers


def test_speakers_adds_sentiment_columns(capsys):
    code, out, err = run_cli(["speakers", BUNDLED], capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    expected = {"speaker_id", "speaker", "quotes", "words", "polarity", "subjectivity", "vader"}
    assert expected <= set(table.columns)
    assert "stance" not in table.columns, "no stance without --target"
    assert table["quotes"].sum() >= 10
    assert table["polarity"].dropna().between(-1, 1).all()


def test_speakers_with_a_bundled_target_adds_stance_columns(capsys):
    code, out, err = run_cli(
        ["speakers", BUNDLED, "--target", BUNDLED_TARGET, "--format", "json"], capsys
    )
    assert code == 0, err
    records = json.loads(out)
    assert records
    assert {"stance", "stance_score", "margin", "evidence", "polarity"} <= set(records[0])


# --------------------------------------------------------------------------- the real entry point


def test_python_dash_m_helpers_reports_a_binary_file_in_one_line(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    proc = subprocess.run(
        [sys.executable, "-m", "helpers", "quotes", str(binary)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert_one_line_error(proc.stderr)
    assert "binary" in proc.stderr


def test_python_dash_m_helpers_prints_quotes_as_csv():
    proc = subprocess.run(
        [sys.executable, "-m", "helpers", "quotes", str(BUNDLED)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    header = proc.stdout.splitlines()[0].split(",")
    assert "speaker" in header and "quote" in header
