"""Many articles at once: streaming, parallel (process pool or Dask), one bad file never fatal.

:func:`run` analyses every article of a corpus with :func:`helpers.analysis.analyze_article` and
writes, for each article, ``OUT/<article-id>/quotes.csv``, ``speakers.csv`` and ``summary.html``
(a self-contained page: escaped text, no scripts, no network resources). For a corpus (a folder,
a glob or several paths) it also writes the combined tables ``OUT/quotes.csv`` and
``OUT/speakers.csv`` (first column ``article``), ``OUT/articles.csv`` (one row per article that
was analysed) and ``OUT/failures.csv`` (``file``, ``error``; one row per file that could not be
analysed, with its one-line reason).

How it scales:

* the per-article function :func:`analyze_path` is pure (it reads one file, returns small tables
  and the HTML page) and is the same on every backend: in-process (``jobs=1``), a process pool
  (``jobs>1``), or Dask distributed (``scheduler="dask"`` for a local cluster, or the address of
  a running scheduler; the workers must see the input files at the same paths, all output is
  written by this process);
* the process pool's workers are forked on Linux, after this process has loaded spaCy and the
  stance target: they start in a fraction of a second and share the model's memory with it.
  Elsewhere (macOS, Windows), or with ``HELPERS_START_METHOD=spawn``, they are spawned and each
  loads spaCy once in its initialiser (about 4 s of start-up per worker, most of it the model,
  the target spec and TextBlob's imports);
* results come back in input order (inputs sorted by path) through a bounded window of tasks in
  flight, so the output is deterministic and memory stays flat: no ``Doc`` and no article is
  kept once its tables are written.

What is not done: no file under ``data/raw/`` is ever written (an output folder inside a
``data/raw`` directory is refused), and nothing is fetched from the network.
"""

from __future__ import annotations

import csv
import gc
import glob
import html
import logging
import multiprocessing
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from helpers.article import ArticleError

__all__ = [
    "ARTICLE_SUFFIXES",
    "ArticleResult",
    "CorpusError",
    "RunSummary",
    "analyze_path",
    "article_ids",
    "check_output_dir",
    "discover",
    "run",
    "summary_html",
    "table_for_csv",
]

#: File name endings taken from a folder (explicitly named files are taken whatever they end in).
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
#: Files a folder holds about itself, not articles: skipped when a folder is searched (compared
#: case-insensitively with the file stem; naming such a file explicitly still analyses it).
NOT_ARTICLES = frozenset({"readme", "license", "licence", "changelog", "contributing", "codebook"})
#: Tasks in flight per worker: enough to keep workers busy, few enough to keep memory flat.
WINDOW_PER_WORKER = 2
#: Environment variable that chooses how pool workers start: ``fork`` or ``spawn`` (default:
#: ``fork`` on Linux, ``spawn`` elsewhere).
START_METHOD_VARIABLE = "HELPERS_START_METHOD"


class CorpusError(ValueError):
    """A problem with the inputs or the output folder as a whole (one line, names the path)."""


@dataclass
class ArticleResult:
    """What :func:`analyze_path` returns for one file (small; picklable)."""

    path: str
    article_id: str
    quotes: pd.DataFrame | None = None
    speakers: pd.DataFrame | None = None
    html: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class RunSummary:
    """Counts of one :func:`run` and where the output went."""

    out: Path
    articles: int
    failed: int
    quotes: int
    speakers: int
    corpus: bool
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: For a corpus: how many corpus speakers, the report page, the speakers file's warnings.
    corpus_speakers: int = 0
    report: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"analysed {self.articles - self.failed} of {self.articles} article(s): "
            f"{self.quotes} quotes, {self.speakers} speakers -> {self.out}"
        )
        text += f" ({self.failed} failed; see failures.csv)" if self.failed else ""
        if self.report is not None:
            text += f"\n{self.corpus_speakers} corpus speakers; corpus report: {self.report}"
        return text


# --------------------------------------------------------------------------- inputs and outputs


def discover(
    inputs: Sequence[str | Path], *, exclude: str | Path | None = None
) -> tuple[list[Path], bool]:
    """The article files named by ``inputs`` (files, folders, globs), sorted, and whether they
    form a corpus (a folder, a glob or more than one input) rather than a single article.

    Folders are searched recursively for :data:`ARTICLE_SUFFIXES`; hidden files and a folder's
    own documentation (:data:`NOT_ARTICLES`: README.md, LICENSE.txt, ...) are skipped.

    Files found in a folder or by a glob that lie under ``exclude`` (the output folder, so that
    a second run does not read the first run's ``summary.html`` pages as articles) are skipped.

    Raises:
        CorpusError: an input matches nothing, or no article file is found.
    """
    skip = Path(exclude).resolve() if exclude is not None else None

    def outside(p: Path) -> bool:
        return skip is None or not p.resolve().is_relative_to(skip)

    found: list[Path] = []
    corpus = len(inputs) > 1
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            corpus = True
            found.extend(
                p
                for p in path.rglob("*")
                if p.is_file()
                and outside(p)
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and p.stem.lower() not in NOT_ARTICLES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            found.append(path)
        elif glob.has_magic(str(item)):
            corpus = True
            matches = [Path(p) for p in glob.glob(str(item), recursive=True)]
            files = [p for p in matches if p.is_file() and outside(p)]
            if not files:
                raise CorpusError(f"{item}: the pattern matches no file")
            found.extend(files)
        else:
            raise CorpusError(f"{item}: no such file or folder")
    unique = sorted(set(found), key=lambda p: str(p))
    if not unique:
        raise CorpusError(
            f"{', '.join(map(str, inputs))}: no article files ({', '.join(ARTICLE_SUFFIXES)}) found"
        )
    return unique, corpus


def article_ids(paths: Sequence[Path]) -> list[str]:
    """A unique, file-system-safe identifier per path: the file stem, ``-2``, ``-3``... on clashes."""
    seen: dict[str, int] = {}
    ids = []
    for path in paths:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "article"
        count = seen.get(base, 0) + 1
        seen[base] = count
        ids.append(base if count == 1 else f"{base}-{count}")
    return ids


def check_output_dir(out: str | Path, inputs: Iterable[Path] = ()) -> Path:
    """The output folder, refused when it lies inside a ``data/raw`` folder or is an input file.

    Raw data is never modified: ``data/raw/`` holds the articles exactly as published.
    """
    out = Path(out)
    resolved = out.resolve()
    parts = [p.lower() for p in resolved.parts]
    for i in range(len(parts) - 1):
        if parts[i] == "data" and parts[i + 1] == "raw":
            raise CorpusError(
                f"{out}: refusing to write inside data/raw/ (raw articles are never modified); "
                "choose another --out folder"
            )
    if resolved.exists() and not resolved.is_dir():
        raise CorpusError(f"{out}: exists and is not a folder")
    for path in inputs:
        if path.resolve() == resolved:
            raise CorpusError(f"{out}: the output folder is one of the inputs")
    return out


def table_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose list/tuple/set/dict cells are joined with ``"; "`` (readable CSV).

    Only the columns that hold such cells are rewritten (most hold plain strings and numbers),
    in one step: this runs for every table of every article of a corpus.
    """
    objects = [
        column for column, dtype in frame.dtypes.items() if pd.api.types.is_object_dtype(dtype)
    ]
    cells = frame[objects].to_numpy() if objects else None  # one array, not one Series a column
    touched = [
        column
        for column, values in zip(objects, cells.T if cells is not None else [], strict=True)
        if any(isinstance(v, _CONTAINERS) for v in values)
    ]
    out = frame.copy()
    if touched:
        out[touched] = pd.DataFrame({c: frame[c].map(_cell_text) for c in touched}, frame.index)
    return out


_CONTAINERS = (list, tuple, set, frozenset, dict)


def _cell_text(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "; ".join(str(v) for v in items)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value


# --------------------------------------------------------------------------- one article


@cache
def _target(spec: str | None):
    """The stance target for ``spec``, loaded once per process."""
    if spec is None:
        return None
    from helpers.analysis import resolve_target

    return resolve_target(spec)


#: Optional imports of NLTK (pulled in by TextBlob) that no stage uses: scikit-learn for its
#: classifiers, SciPy for ``nltk.metrics`` (Fisher's exact test). NLTK imports both inside
#: ``try``; marked absent, a worker skips them (SciPy alone took about 0.8 s of start-up).
WORKER_SKIPS = ("sklearn", "scipy")


def _init_worker() -> None:
    """Process-pool initialiser: load the spaCy pipeline once per worker process.

    A worker runs the stages only: the optional imports in :data:`WORKER_SKIPS` are marked
    absent (a faster start and less memory). The main process is left alone. A forked worker
    already has the pipeline of the main process.
    """
    for name in WORKER_SKIPS:
        sys.modules.setdefault(name, None)  # NLTK's `try: import ...` then skips it
    from helpers.nlp import get_nlp

    get_nlp()


def analyze_path(path: str | Path, article_id: str, target: str | None = None) -> ArticleResult:
    """Analyse one file; never raises for a bad file (the reason is in ``result.error``).

    Returns the quotes and speaker tables (with an ``article`` first column), the HTML summary
    and a little metadata. ``target`` is a target spec (path or bundled name) or None.
    """
    from helpers.analysis import analyze_article

    path = str(path)
    try:
        analysis = analyze_article(path, _target(target))
        quotes = analysis.quotes.copy()
        speakers = analysis.speakers.copy()
        quotes.insert(0, "article", article_id)
        speakers.insert(0, "article", article_id)
        article = analysis.article
        meta = {
            "article": article_id,
            "file": path,
            "title": article.title,
            "date": article.date.isoformat() if article.date else "",
            "source": article.source or "",
            "characters": len(article.body),
            "paragraphs": len(article.paragraphs),
            "quotes": len(quotes),
            "speakers": len(speakers),
        }
        return ArticleResult(path, article_id, quotes, speakers, summary_html(analysis), meta)
    except ArticleError as err:
        return ArticleResult(path, article_id, error=_one_line(str(err)))
    except Exception as err:  # one bad file never stops the rest
        return ArticleResult(
            path, article_id, error=_one_line(f"{path}: unexpected {type(err).__name__}: {err}")
        )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --------------------------------------------------------------------------- the HTML summary

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0} mark{background:#fde7a9} .meta{color:#555} tr:target{background:#fde7a9}
"""
_BACK_LINK = '<p class="meta"><a href="../index.html">&larr; The corpus report</a></p>'
_SPEAKER_COLUMNS = ("speaker", "role", "quotes", "words", "polarity", "vader", "stance")
_QUOTE_COLUMNS = ("paragraph", "speaker", "kind", "quote", "polarity", "vader", "stance")


def summary_html(analysis) -> str:
    """A self-contained HTML page for one :class:`~helpers.analysis.Analysis`.

    Every piece of text is escaped; the page has inline CSS only (no script, no image, no link
    to any network resource). Quotations are marked in the article body with their speaker.
    """
    article = analysis.article
    e = html.escape
    meta = " · ".join(
        e(str(v)) for v in (article.date, article.source, f"{len(article.body):,} characters") if v
    )
    target = getattr(analysis.target, "name", analysis.target)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(article.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(article.title)}</h1>",
        f'<p class="meta">{meta}</p>',
        f"<p>{len(analysis.quotes)} quotations, {len(analysis.speakers)} speakers"
        + (f"; stance toward <strong>{e(str(target))}</strong>" if target is not None else "")
        + ".</p>",
        "<h2>Speakers</h2>",
        _html_table(analysis.speakers, _SPEAKER_COLUMNS, row_id=("speaker-", "speaker_id")),
        "<h2>Quotations</h2>",
        _html_table(analysis.quotes, _QUOTE_COLUMNS, row_id=("quote-", "quote_id")),
        "<h2>The article, quotations marked</h2>",
        _marked_body(article, analysis.quotes),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _html_table(
    frame: pd.DataFrame, columns: Sequence[str], row_id: tuple[str, str] | None = None
) -> str:
    """A table of ``columns``; with ``row_id=(prefix, column)`` each row gets the anchor
    ``id="<prefix><value>"`` (the corpus report links to ``summary.html#speaker-<speaker_id>``)."""
    columns = [c for c in columns if c in frame.columns]
    if frame.empty or not columns:
        return "<p><em>None found.</em></p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    ids = [""] * len(frame)
    if row_id is not None and row_id[1] in frame.columns:
        ids = [f' id="{html.escape(row_id[0] + str(v))}"' for v in frame[row_id[1]]]
    rows = []
    records = table_for_csv(frame[columns]).itertuples(index=False)
    for anchor, record in zip(ids, records, strict=True):
        cells = "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in record)
        rows.append(f"<tr{anchor}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _marked_body(article, quotes: pd.DataFrame) -> str:
    """The body as paragraphs, each quotation wrapped in ``<mark title=speaker>``."""
    spans = []
    if {"start", "end"} <= set(quotes.columns) and len(quotes):
        speakers = quotes["speaker"] if "speaker" in quotes.columns else pd.Series("", quotes.index)
        rows = zip(quotes["start"], quotes["end"], speakers, strict=True)
        spans = sorted(
            (int(start), int(end), "" if pd.isna(speaker) else str(speaker))
            for start, end, speaker in rows
        )
    out = []
    first = 0  # spans before this one start before the current paragraph (both are sorted)
    paragraphs = article.paragraphs
    for para_start, para_end in zip(paragraphs["start"], paragraphs["end"], strict=True):
        pieces, cursor = [], para_start
        while first < len(spans) and spans[first][0] < para_start:
            first += 1
        k = first
        while k < len(spans) and spans[k][0] < para_end:  # later spans: later paragraphs
            start, end, speaker = spans[k]
            k += 1
            if start < cursor:
                continue  # overlaps the quotation before it
            end = min(end, para_end)
            pieces.append(html.escape(article.body[cursor:start]))
            pieces.append(
                f'<mark title="{html.escape(speaker)}">{html.escape(article.body[start:end])}</mark>'
            )
            cursor = end
        pieces.append(html.escape(article.body[cursor:para_end]))
        out.append(f"<p>{''.join(pieces)}</p>")
    return "\n".join(out)


# --------------------------------------------------------------------------- running


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    target: str | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    quiet: bool = False,
    errors: TextIO | None = None,
    speakers_file: str | Path | None = None,
) -> RunSummary:
    """Analyse every article named by ``inputs`` and write the tables under ``out``.

    For a corpus, the speakers of all articles are then folded into corpus speakers
    (:mod:`helpers.corpus_speakers`: ``corpus_speakers.csv`` and a ``corpus_speaker`` column in
    the combined tables) and the corpus report ``OUT/index.html`` is written
    (:mod:`helpers.corpus_report`).

    Args:
        inputs: files, folders or glob patterns (see :func:`discover`).
        out: the output folder (created; refused inside ``data/raw``).
        target: a stance target spec (path or bundled name), or None for no stance columns.
        jobs: worker processes (``0``: one per core). With a Dask local cluster, its workers.
        scheduler: None (this machine), ``"dask"`` (a Dask local cluster) or the address of a
            Dask scheduler such as ``tcp://127.0.0.1:8786``.
        quiet: no progress bar (it is also off when stderr is not a terminal).
        errors: where the one line per failed file goes (stderr by default).
        speakers_file: names that must or must not be one corpus speaker
            (:func:`helpers.corpus_speakers.read_speakers_file`), or None.

    Raises:
        CorpusError: nothing to analyse, an output folder that is refused, or a speakers file
            that cannot be read (checked before any article is read).
        Exception from :func:`helpers.stance.load_target` for a bad target spec (checked once,
            before any article is read).
    """
    from tqdm.auto import tqdm

    errors = errors if errors is not None else sys.stderr
    overrides = _overrides(speakers_file)
    paths, corpus = discover(inputs, exclude=out)
    if overrides is not None and not corpus:
        print("helpers: warning: one article: the speakers file is not used", file=errors)
    out = check_output_dir(out, paths)
    if target is not None:
        _target(str(target))  # a bad spec fails here, once, before any work
        target = str(target)
    jobs = jobs or os.cpu_count() or 1
    ids = article_ids(paths)
    out.mkdir(parents=True, exist_ok=True)

    summary = RunSummary(
        out=out, articles=len(paths), failed=0, quotes=0, speakers=0, corpus=corpus
    )
    writer = _CorpusWriter(out) if corpus else None
    parallel = jobs > 1 and len(paths) > 1
    if not scheduler and (not parallel or _start_method() == "fork"):
        _preload(target)  # this process analyses the articles, or forks the workers that do
    with _long_lived_frozen():
        # The workers are started before the progress bar: tqdm runs a monitor thread, and a
        # process should not fork while it has other threads.
        with _results(paths, ids, target, jobs, scheduler) as results:
            if corpus and parallel:
                _import_report()  # while the workers start: the report needs it at the end
            bar = tqdm(
                total=len(paths),
                unit="article",
                file=sys.stderr,
                disable=quiet or not _isatty(sys.stderr),
                dynamic_ncols=True,
            )
            try:
                for result in results:
                    bar.update(1)
                    _record(result, summary, writer, bar, errors)
            finally:
                bar.close()
                if writer:
                    writer.close()
        if corpus:
            # The report's figures are drawn in parallel where the workers were forked.
            drawers = jobs if parallel and not scheduler and _start_method() == "fork" else 1
            _finish_corpus(summary, overrides, target, errors, jobs=drawers)
    return summary


def _preload(target: str | None) -> None:
    """Load the spaCy pipeline and the stance target in this process (both are cached)."""
    try:
        from helpers.nlp import get_nlp

        get_nlp()
        _target(target)
    except Exception:  # reported for every file by analyze_path (or the worker), as before
        pass


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """Keep the objects alive now (the pipeline, the target, every module) out of the garbage
    collector's way until the block ends (:func:`gc.freeze`).

    They live as long as the process, and a full collection would walk all of them again and
    again: about 0.3 s of 12 s on 50 articles. Forked workers inherit the frozen set, so their
    collections do not touch (and copy) the memory they share with this process either.
    Nothing is frozen when the caller has frozen objects already.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _import_report() -> None:
    """Import what the corpus report draws with (matplotlib: about a second)."""
    try:
        import helpers.corpus_report  # noqa: F401
        import helpers.plots  # noqa: F401
    except Exception:  # the report itself will say what is wrong
        pass


def _record(result: ArticleResult, summary: RunSummary, writer, bar, errors: TextIO) -> None:
    """Write one article's result (or report its failure) and count it."""
    if not result.ok:
        summary.failed += 1
        summary.failures.append((result.path, result.error or ""))
        message = f"helpers: error: {result.error}"
        if bar.disable:
            print(message, file=errors, flush=True)
        else:
            bar.write(message, file=errors)
        if writer:
            writer.failure(result)
        return
    # Each table is made CSV-ready once, for its own file and for the combined one.
    quotes, speakers = table_for_csv(result.quotes), table_for_csv(result.speakers)
    _write_article(summary.out / result.article_id, result, quotes, speakers, summary.corpus)
    summary.quotes += len(result.quotes)
    summary.speakers += len(result.speakers)
    if writer:
        writer.add(result, quotes, speakers)


def _overrides(speakers_file: str | Path | None):
    """The speakers file, read before any work (a bad file is one clear error)."""
    if speakers_file is None:
        return None
    from helpers.corpus_speakers import SpeakersFileError, read_speakers_file

    try:
        return read_speakers_file(speakers_file)
    except SpeakersFileError as err:
        raise CorpusError(str(err)) from None


def _finish_corpus(
    summary: RunSummary, overrides, target: str | None, errors: TextIO, *, jobs: int = 1
) -> None:
    """Corpus speakers and the corpus report (its figures drawn by ``jobs`` processes), from
    the tables just written."""
    from helpers.corpus_report import write_corpus_report
    from helpers.corpus_speakers import fold_corpus

    fold = fold_corpus(summary.out, overrides)
    for warning in fold.warnings:
        print(f"helpers: warning: {warning}", file=errors, flush=True)
    summary.warnings = fold.warnings
    summary.corpus_speakers = len(fold.speakers)
    summary.report = write_corpus_report(
        summary.out, fold, target=target, failed=summary.failed, jobs=jobs
    )


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _write_article(
    folder: Path, result: ArticleResult, quotes: pd.DataFrame, speakers: pd.DataFrame, corpus: bool
) -> None:
    """``quotes.csv``, ``speakers.csv`` and ``summary.html`` of one article; ``quotes`` and
    ``speakers``: its tables already passed through :func:`table_for_csv`."""
    folder.mkdir(parents=True, exist_ok=True)
    quotes.drop(columns="article").to_csv(folder / "quotes.csv", index=False)
    speakers.drop(columns="article").to_csv(folder / "speakers.csv", index=False)
    page = result.html
    if corpus:  # a way back to the corpus report, one folder up
        page = page.replace("<body>", f"<body>\n{_BACK_LINK}", 1)
    (folder / "summary.html").write_text(page, encoding="utf-8")


class _CorpusWriter:
    """Appends each article's rows to the combined CSV files as results arrive."""

    def __init__(self, out: Path) -> None:
        self.files = {
            name: (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
            for name in ("quotes", "speakers", "articles", "failures")
        }
        self.columns: dict[str, list[str]] = {}
        csv.writer(self.files["failures"]).writerow(["file", "error"])

    def add(self, result: ArticleResult, quotes: pd.DataFrame, speakers: pd.DataFrame) -> None:
        """Append one article's rows; ``quotes``, ``speakers``: as for :func:`_write_article`."""
        self._append("quotes", quotes)
        self._append("speakers", speakers)
        self._append("articles", table_for_csv(pd.DataFrame([result.meta])))

    def failure(self, result: ArticleResult) -> None:
        csv.writer(self.files["failures"]).writerow([result.path, result.error])

    def _append(self, name: str, frame: pd.DataFrame) -> None:
        """Append ``frame`` (already through :func:`table_for_csv`) in the file's columns."""
        first = name not in self.columns
        if first:
            self.columns[name] = list(frame.columns)
        if list(frame.columns) != self.columns[name]:
            frame = frame.reindex(columns=self.columns[name])
        if first or len(frame):
            frame.to_csv(self.files[name], index=False, header=first)

    def close(self) -> None:
        for name, handle in self.files.items():
            if name not in self.columns and name != "failures":
                handle.write("article\n")  # nothing analysed: still a readable CSV
            handle.close()


@contextmanager
def _results(
    paths: Sequence[Path], ids: Sequence[str], target: str | None, jobs: int, scheduler: str | None
) -> Iterator[Iterator[ArticleResult]]:
    """Results in input order, from the chosen backend (a process pool is started on entry and
    shut down on exit)."""
    items = [(str(p), i, target) for p, i in zip(paths, ids, strict=True)]
    if scheduler:
        results = _dask_results(items, jobs, scheduler)
        try:
            yield results
        finally:
            results.close()  # the client and a local cluster are closed even on an error
    elif jobs <= 1 or len(items) == 1:
        yield (analyze_path(*item) for item in items)
    else:
        workers = min(jobs, len(items))
        with _process_pool(workers) as pool:
            yield _ordered(lambda item: pool.submit(analyze_path, *item), items, workers)


def _start_method() -> str:
    """``fork`` on Linux, ``spawn`` elsewhere, unless :data:`START_METHOD_VARIABLE` says."""
    chosen = os.environ.get(START_METHOD_VARIABLE, "").strip().lower()
    available = multiprocessing.get_all_start_methods()
    if chosen in available:
        return chosen
    return "fork" if sys.platform.startswith("linux") and "fork" in available else "spawn"


@contextmanager
def _process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A started pool of ``workers`` processes, each set up by :func:`_init_worker`.

    Forked workers inherit what this process has loaded (:func:`run` loads the pipeline and the
    target first) and are forked at once, before :func:`run` starts any thread.
    """
    method = _start_method()
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        if method == "fork":
            pool.submit(os.getpid)  # the first task forks every worker, now
        yield pool


def _dask_results(items, jobs: int, scheduler: str) -> Iterator[ArticleResult]:
    from distributed import Client, LocalCluster

    if scheduler == "dask":
        cluster = LocalCluster(
            n_workers=max(jobs, 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,  # no shutdown chatter on stderr; errors still shown
        )
        client = Client(cluster)
        client.run(_init_worker)  # our own workers: the same set-up as a process pool
    else:
        cluster = None
        try:
            client = Client(scheduler, timeout="5s")
        except OSError as err:
            raise CorpusError(f"{scheduler}: cannot reach the Dask scheduler ({err})") from None
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)

        def submit(item):
            return client.submit(analyze_path, *item, pure=False)

        yield from _ordered(submit, items, workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ordered(
    submit: Callable[[Any], Any], items: Sequence, workers: int
) -> Iterator[ArticleResult]:
    """Submit at most ``WINDOW_PER_WORKER * workers`` tasks at a time; yield results in order."""
    window = max(WINDOW_PER_WORKER * workers, 1)
    queue = iter(items)
    pending: deque = deque()
    for item in islice(queue, window):
        pending.append((item, _submit(submit, item)))
    while pending:
        item, future = pending.popleft()
        try:
            result = future.result()
        except Exception as err:  # a crashed worker: report this file, go on with the rest
            path, article_id, _ = item
            message = f"{path}: the worker failed ({type(err).__name__}: {err})"
            result = ArticleResult(path, article_id, error=_one_line(message))
        nxt = next(queue, None)
        if nxt is not None:
            pending.append((nxt, _submit(submit, nxt)))
        yield result


class _Failed:
    """Stands in for a future whose submission failed (e.g. a broken process pool)."""

    def __init__(self, err: BaseException) -> None:
        self.err = err

    def result(self):
        raise self.err


def _submit(submit: Callable[[Any], Any], item):
    try:
        return submit(item)
    except Exception as err:
        return _Failed(err)
