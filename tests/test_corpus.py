"""Corpus mode: many articles into a folder of tables, in order, in parallel, bad files survived.

What must hold: per-article folders with quotes.csv, speakers.csv and an escaped, offline
summary.html; combined tables with an `article` column in sorted input order; one failure row
and one stderr line per bad file while the others go on; the same bytes whatever the backend
(one process, a process pool, Dask); and never a file written inside data/raw/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from helpers import corpus
from helpers.__main__ import main
from helpers.corpus import CorpusError, article_ids, check_output_dir, discover

from conftest import BUNDLED, DATA

SAMPLES = DATA / "samples"

ENGLISH = """Ministers promise calm after port strike

March 4, 2025

Dock workers stopped work on Monday. “We will not load a single ship until wages are paid,” said Sara Malik, a union organiser.

The transport minister, Omar Haddad, said the government “is listening” and urged calm.
"""


def write(path, text: str = ENGLISH):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_corpus(tmp_path):
    """Two good articles, one binary file and one French article, in a nested folder."""
    folder = tmp_path / "corpus"
    write(folder / "b-port-strike.txt")
    shutil.copy(BUNDLED, folder / "a-bundled.txt")
    (folder / "nested").mkdir()
    (folder / "nested" / "c-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    write(
        folder / "nested" / "d-french.txt",
        "Le gouvernement promet le calme\n\n"
        + "Les dockers ont cessé le travail lundi et le ministre a dit que le gouvernement "
        "était à l'écoute des syndicats et de leurs demandes pour les salaires. " * 4,
    )
    (folder / "notes.csv").write_text("not,an,article\n")  # not an article suffix: ignored
    (folder / ".hidden.txt").write_text("ignored")
    (folder / "README.md").write_text("# About this folder\n\nThese are the articles.\n")
    return folder


# --------------------------------------------------------------------------- inputs


def test_a_folder_is_a_corpus_of_its_article_files_sorted_by_path(small_corpus):
    """Not its README, hidden files or other data."""
    paths, is_corpus = discover([small_corpus])
    assert is_corpus
    assert [p.relative_to(small_corpus).as_posix() for p in paths] == [
        "a-bundled.txt",
        "b-port-strike.txt",
        "nested/c-binary.txt",
        "nested/d-french.txt",
    ]


def test_a_glob_is_a_corpus_and_a_single_file_is_not(small_corpus):
    paths, is_corpus = discover([str(small_corpus / "*.txt")])
    assert is_corpus and [p.name for p in paths] == ["a-bundled.txt", "b-port-strike.txt"]
    paths, is_corpus = discover([small_corpus / "a-bundled.txt"])
    assert not is_corpus and len(paths) == 1


@pytest.mark.parametrize("spec", ["no-such-folder", "no-such-*.txt"])
def test_inputs_that_match_nothing_are_one_clear_error(tmp_path, spec):
    with pytest.raises(CorpusError, match="no such file|matches no file"):
        discover([str(tmp_path / spec)])


def test_the_output_folder_inside_the_corpus_is_not_read_as_articles(small_corpus):
    (small_corpus / "results" / "b-port-strike").mkdir(parents=True)
    (small_corpus / "results" / "b-port-strike" / "summary.html").write_text("<html></html>")
    paths, _ = discover([small_corpus], exclude=small_corpus / "results")
    assert not any("results" in p.parts for p in paths)
    assert len(paths) == 4


def test_article_ids_stay_unique_when_stems_clash(tmp_path):
    paths = [tmp_path / "a" / "x.txt", tmp_path / "b" / "x.md", tmp_path / "weird name!.txt"]
    assert article_ids(paths) == ["x", "x-2", "weird-name"]


# --------------------------------------------------------------------------- data/raw is read-only


@pytest.mark.parametrize("inside", ["data/raw", "data/raw/results", "Data/Raw/deeper/still"])
def test_an_output_folder_inside_data_raw_is_refused(tmp_path, inside):
    with pytest.raises(CorpusError, match="data/raw"):
        check_output_dir(tmp_path / inside)
    assert check_output_dir(tmp_path / "data" / "results") == tmp_path / "data" / "results"


def test_the_cli_refuses_to_write_into_the_repository_data_raw(capsys):
    before = sorted(p.name for p in (DATA / "raw").iterdir())
    code = main(["analyze", str(BUNDLED), "--out", str(DATA / "raw" / "results"), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("helpers: error: ") and err.count("\n") == 1
    assert "refusing to write inside data/raw/" in err
    assert sorted(p.name for p in (DATA / "raw").iterdir()) == before


# --------------------------------------------------------------------------- one process


@pytest.fixture(scope="module")
def serial_run(tmp_path_factory):
    """The small corpus analysed once in-process; reused by several tests."""
    base = tmp_path_factory.mktemp("serial")
    folder = base / "corpus"
    write(folder / "b-port-strike.txt")
    shutil.copy(BUNDLED, folder / "a-bundled.txt")
    (folder / "c-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = base / "out"
    import io

    errors = io.StringIO()
    summary = corpus.run([folder], out, jobs=1, quiet=True, errors=errors)
    return folder, out, summary, errors.getvalue()


def test_each_article_gets_its_tables_and_an_html_summary(serial_run):
    _, out, summary, _ = serial_run
    for article in ("a-bundled", "b-port-strike"):
        for name in ("quotes.csv", "speakers.csv", "summary.html"):
            assert (out / article / name).is_file()
    assert not (out / "c-binary").exists(), "a failed file gets no folder"
    assert summary.articles == 3 and summary.failed == 1


def test_the_combined_tables_carry_the_article_in_sorted_order(serial_run):
    _, out, summary, _ = serial_run
    quotes = pd.read_csv(out / "quotes.csv")
    speakers = pd.read_csv(out / "speakers.csv")
    assert quotes.columns[0] == "article" and speakers.columns[0] == "article"
    assert list(dict.fromkeys(quotes["article"])) == ["a-bundled", "b-port-strike"]
    assert len(quotes) == summary.quotes
    assert {"polarity", "vader", "speaker", "quote"} <= set(quotes.columns)
    # The port-strike article quotes its union organiser.
    strike = quotes[quotes["article"] == "b-port-strike"]
    assert strike["quote"].str.contains("not load a single ship").any()
    per_article = pd.read_csv(out / "a-bundled" / "quotes.csv")
    assert len(per_article) == (quotes["article"] == "a-bundled").sum()


def test_a_bad_file_is_one_failure_row_and_one_stderr_line(serial_run):
    folder, out, _, errors = serial_run
    failures = pd.read_csv(out / "failures.csv")
    assert list(failures.columns) == ["file", "error"]
    assert failures["file"].tolist() == [str(folder / "c-binary.txt")]
    assert "binary" in failures["error"].iloc[0]
    lines = errors.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("helpers: error: ")
    assert "c-binary.txt" in lines[0]


def test_the_html_summary_is_offline_and_escaped(serial_run):
    _, out, _, _ = serial_run
    page = (out / "a-bundled" / "summary.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<mark" in page, "quotations are marked in the body"
    for forbidden in ("<script", "<link", "<img", "http://", "https://", "@import", "url("):
        assert forbidden not in page


def test_text_that_looks_like_markup_is_escaped_in_the_summary(tmp_path):
    article = write(
        tmp_path / "markup.txt",
        ENGLISH.replace("Dock workers", "Dock workers <script>alert(1)</script>"),
    )
    result = corpus.analyze_path(article, "markup")
    assert result.ok, result.error
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.html
    assert "<script" not in result.html


def test_an_unexpected_error_in_one_article_does_not_stop_the_others(tmp_path, monkeypatch):
    import helpers.analysis

    real = helpers.analysis.analyze_article

    def flaky(path, target=None, **kw):
        if "explodes" in str(path):
            raise RuntimeError("simulated\nbug")
        return real(path, target, **kw)

    monkeypatch.setattr(helpers.analysis, "analyze_article", flaky)
    write(tmp_path / "in" / "1-explodes.txt")
    write(tmp_path / "in" / "2-fine.txt")
    import io

    errors = io.StringIO()
    summary = corpus.run([tmp_path / "in"], tmp_path / "out", quiet=True, errors=errors)
    assert summary.failed == 1 and summary.quotes > 0
    failure = pd.read_csv(tmp_path / "out" / "failures.csv").iloc[0]
    assert failure["error"].endswith("unexpected RuntimeError: simulated bug")
    assert (tmp_path / "out" / "2-fine" / "quotes.csv").is_file()


def test_the_cli_analyze_reports_failures_and_exits_1(small_corpus, tmp_path, capsys):
    code = main(["analyze", str(small_corpus), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "analysed 2 of 4 article(s)" in out
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("helpers: error: ") for line in lines)
    assert "binary" in lines[0] and "only English is supported" in lines[1]
    assert "2 of 4 file(s) failed" in lines[2]
    assert "%|" not in err, "no progress bar when stderr is not a terminal"


def test_a_single_article_writes_no_combined_tables(tmp_path, capsys):
    article = write(tmp_path / "strike.txt")
    code = main(["analyze", str(article), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "strike" / "quotes.csv").is_file()
    assert not (tmp_path / "out" / "quotes.csv").exists()


# --------------------------------------------------------------------------- parallel backends


def _combined(out):
    return {name: (out / name).read_bytes() for name in ("quotes.csv", "speakers.csv")}


@pytest.mark.slow
def test_two_processes_write_the_same_bytes_as_one(serial_run, tmp_path):
    folder, out, _, _ = serial_run
    summary = corpus.run([folder], tmp_path / "out", jobs=2, quiet=True, errors=_Sink())
    assert summary.failed == 1
    assert _combined(tmp_path / "out") == _combined(out)


@pytest.mark.slow
def test_a_dask_cluster_on_loopback_writes_the_same_bytes(serial_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    folder, out, _, _ = serial_run
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        summary = corpus.run(
            [folder],
            tmp_path / "out",
            scheduler=cluster.scheduler_address,
            quiet=True,
            errors=_Sink(),
        )
    assert summary.failed == 1
    assert _combined(tmp_path / "out") == _combined(out)


def test_an_unreachable_dask_scheduler_is_one_clear_error(tmp_path, capsys):
    pytest.importorskip("distributed")
    article = write(tmp_path / "strike.txt")
    code = main(
        [
            "analyze",
            str(article),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("helpers: error: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert err.count("\n") == 1


class _Sink:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


# --------------------------------------------------------------------------- the progress bar


class _Terminal:
    """A stand-in for stderr on a terminal: records what is written."""

    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("tty", "quiet", "bar"), [(True, False, True), (True, True, False), (False, False, False)]
)
def test_a_progress_bar_only_on_a_terminal_and_not_with_quiet(
    tmp_path, monkeypatch, tty, quiet, bar
):
    def fake(path, article_id, target=None):  # no parsing: this test is about the bar
        frame = pd.DataFrame({"article": [article_id], "quote": ["x"]})
        return corpus.ArticleResult(
            str(path), article_id, frame, frame, "<p>x</p>", {"article": article_id}
        )

    monkeypatch.setattr(corpus, "analyze_path", fake)
    terminal = _Terminal(tty)
    monkeypatch.setattr("sys.stderr", terminal)
    for name in ("a", "b"):
        write(tmp_path / "in" / f"{name}.txt")
    corpus.run([tmp_path / "in"], tmp_path / "out", quiet=quiet)
    assert ("2/2" in terminal.text) is bar


# --------------------------------------------------------------------------- one article, one parse


class _CountingPipeline:
    """The real spaCy pipeline, counting every text it parses or only tokenizes."""

    def __init__(self, nlp) -> None:
        self.nlp, self.texts, self.tokenized = nlp, [], []

    def tokenizer(self, text):
        self.tokenized.append(text)
        return self.nlp.tokenizer(text)

    def __call__(self, text):
        self.texts.append(text)
        return self.nlp(text)

    def pipe(self, texts, **kwargs):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):
        return getattr(self.nlp, name)


def test_analyze_article_parses_each_paragraph_exactly_once(bundled_article, monkeypatch):
    from helpers import targets
    from helpers.analysis import analyze_article
    from helpers.nlp import get_nlp
    from helpers.stance import context

    counting = _CountingPipeline(get_nlp())
    # the shared tokenizer too: a paragraph must not even be tokenized a second time
    for module in (context, targets):
        monkeypatch.setattr(module, "shared_tokenizer", lambda: counting.tokenizer)
    result = analyze_article(bundled_article, "us-military-presence-iraq", nlp=counting)
    paragraphs = list(bundled_article.paragraphs["text"])
    assert sorted(counting.texts) == sorted(paragraphs)
    assert not set(counting.tokenized) & set(paragraphs)
    assert len(result.quotes) > 0 and "stance" in result.quotes.columns
    assert {"polarity", "stance", "margin"} <= set(result.speakers.columns)


def test_parsed_paragraphs_hand_back_their_docs_and_tokenize_anything_else():
    from helpers.analysis import ParsedParagraphs
    from helpers.nlp import get_nlp

    nlp = get_nlp()
    doc = nlp("The minister said “no”.")
    parsed = ParsedParagraphs(nlp, [doc])
    assert parsed("The minister said “no”.") is doc
    assert parsed.tokenizer("The minister said “no”.") is doc
    other = parsed.tokenizer("Another text.")
    assert [t.text for t in other] == ["Another", "text", "."] and parsed.parsed_again == 0
    assert parsed("Another text.").has_annotation("DEP") and parsed.parsed_again == 1


def test_table_for_csv_joins_container_cells_and_leaves_the_rest_alone():
    from helpers.corpus import table_for_csv

    frame = pd.DataFrame(
        {
            "quote": ["a", "b"],
            "cues": [["demand", "withdrawal"], []],
            "tags": [{"y", "x"}, None],
            "meta": [{"k": 1}, "plain"],
            "score": [0.5, 1.0],
        }
    )
    out = table_for_csv(frame)
    assert out["cues"].tolist() == ["demand; withdrawal", ""]
    assert out["tags"].tolist() == ["x; y", None]  # sets sorted: stable CSV
    assert out["meta"].tolist() == ["k=1", "plain"]
    assert out["quote"].tolist() == ["a", "b"] and out["score"].tolist() == [0.5, 1.0]
    assert frame["cues"][0] == ["demand", "withdrawal"]  # the input is not changed
    assert table_for_csv(frame[["score"]]).equals(frame[["score"]])


def test_a_corpus_worker_runs_every_stage_without_scikit_learn(tmp_path):
    """The worker set-up keeps scikit-learn and SciPy (pulled in through TextBlob's NLTK) out,
    and nothing of the evaluation or the figures is imported (a faster start, less memory)."""
    article = tmp_path / "one.txt"
    write(article)
    script = (
        "import sys\n"
        "from helpers import corpus\n"
        "corpus._init_worker()\n"
        f"result = corpus.analyze_path({str(article)!r}, 'one', 'us-military-presence-iraq')\n"
        "assert result.error is None and len(result.quotes), result.error\n"
        "modules = ('scipy', 'sklearn', 'helpers.evaluation', 'matplotlib')\n"
        "print(sorted(m for m in modules if sys.modules.get(m)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
