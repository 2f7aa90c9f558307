"""Hand annotation: finding it, and reading it.

Every annotation file is ``<stem>.<kind>.csv`` (``kind``: quotes, nonquotes, sentiment, stance,
speakers, and ``sentiment.coder2`` ... for a second coder), where ``stem`` is the article's file
stem. One search rule finds it (:func:`annotation_file`): the folder given, else the
repository's ``data/annotations``; then the folder of the article itself; then ``data/samples``.
A missing file raises :class:`GoldNotFoundError`, whose message is one line. The formats are in
``data/annotations/README.md`` and the rules of annotation in ``data/annotations/CODEBOOK.md``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.article import Article
from helpers.marks import locate_quote
from helpers.paths import ANNOTATIONS_DIR, SAMPLES_DIR

__all__ = [
    "GOLD_QUOTE_COLUMNS",
    "STANCE_LABELS",
    "NONQUOTE_COLUMNS",
    "GoldNotFoundError",
    "annotation_file",
    "load_gold_nonquotes",
    "load_gold_quotes",
    "load_gold_speakers",
    "load_gold_stance",
    "locate_gold_quotes",
    "read_annotation",
    "read_sentiment_labels",
]

GOLD_QUOTE_COLUMNS = [
    "quote_id",
    "paragraph",
    "kind",
    "speaker",
    "mention",
    "cue",
    "quote",
    "notes",
]
NONQUOTE_COLUMNS = ["paragraph", "text", "reason"]


class GoldNotFoundError(FileNotFoundError):
    """No hand annotation exists for the article. ``str(err)`` is one line naming the file."""


# --------------------------------------------------------------------------- loading the gold


def load_gold_quotes(
    article_or_stem: Article | str | Path, annotations_dir: str | Path | None = None
) -> pd.DataFrame:
    """The hand-annotated quotes of one article, in the order of the annotation file.

    ``article_or_stem`` is an :class:`~helpers.article.Article` (its ``id`` is the file stem),
    the path of the article's ``.txt`` file, or the stem itself. The file
    ``<stem>.quotes.csv`` is looked for in ``annotations_dir`` (default: the repository's
    ``data/annotations``), then beside the article file, then in ``data/samples``.

    Columns: ``quote_id``, ``paragraph``, ``kind``, ``speaker``, ``mention``, ``cue``,
    ``quote``, ``notes``, ``optional`` (True when the notes start with "optional": the codebook
    marks vague collective sources so, and they are left out of the scores); when an Article is
    given, also ``start``/``end`` (offsets into ``article.body`` of the quoted text found in its
    paragraph, -1 when it cannot be found) and ``located``. Raises :class:`GoldNotFoundError`
    when there is no annotation file.
    """
    article = article_or_stem if isinstance(article_or_stem, Article) else None
    path = annotation_file(article_or_stem, "quotes", annotations_dir)
    gold = read_annotation(path, GOLD_QUOTE_COLUMNS)
    gold["quote_id"] = gold["quote_id"].astype(str)
    gold["paragraph"] = pd.to_numeric(gold["paragraph"], errors="raise").astype(int)
    gold["optional"] = gold["notes"].str.lower().str.startswith("optional")
    if article is not None:
        gold = locate_gold_quotes(gold, article)
    return gold


def load_gold_nonquotes(
    article_or_stem: Article | str | Path, annotations_dir: str | Path | None = None
) -> pd.DataFrame:
    """Quotation marks that do *not* mark a quotation (scare quotes, names, titles).

    Read from ``<stem>.nonquotes.csv`` (columns ``paragraph``, ``text``, ``reason``), looked for
    like :func:`load_gold_quotes`. A missing file means the annotator listed none: an empty
    frame is returned, not an error.
    """
    try:
        path = annotation_file(article_or_stem, "nonquotes", annotations_dir)
    except GoldNotFoundError:
        return pd.DataFrame(columns=NONQUOTE_COLUMNS)
    frame = read_annotation(path, NONQUOTE_COLUMNS)
    frame["paragraph"] = pd.to_numeric(frame["paragraph"], errors="raise").astype(int)
    return frame


def annotation_file(
    article_or_stem: Article | str | Path, kind: str, annotations_dir: str | Path | None = None
) -> Path:
    """The file ``<stem>.<kind>.csv`` of an article's hand annotation.

    ``article_or_stem`` is an :class:`~helpers.article.Article` (its ``id`` is the stem), the
    path of the article file, or the stem. Looked for in ``annotations_dir`` (default: the
    repository's ``data/annotations``), then beside the article file, then in ``data/samples``.
    Raises :class:`GoldNotFoundError` (one line) when it is in none of them.
    """
    folders = [Path(annotations_dir) if annotations_dir is not None else ANNOTATIONS_DIR]
    if isinstance(article_or_stem, Article):
        stem = article_or_stem.id
        if article_or_stem.path is not None:
            folders.append(article_or_stem.path.parent)
    else:
        given = Path(article_or_stem)
        stem = (
            given.stem if given.suffix.lower() in {".txt", ".md", ".html", ".htm"} else given.name
        )
        if given.suffix:
            folders.append(given.parent)
    folders.append(SAMPLES_DIR)
    for folder in dict.fromkeys(folders):
        candidate = folder / f"{stem}.{kind}.csv"
        if candidate.is_file():
            return candidate
    raise GoldNotFoundError(f"no hand annotation {stem}.{kind}.csv in {folders[0]}")


def read_annotation(path: Path, columns: list[str]) -> pd.DataFrame:
    """An annotation CSV with at least ``columns`` (each stripped of surrounding white space),
    as strings, those columns only. A missing column raises ValueError naming the file."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
    for column in columns:
        frame[column] = frame[column].str.strip()
    return frame[columns].reset_index(drop=True)


def locate_gold_quotes(gold: pd.DataFrame, article: Article) -> pd.DataFrame:
    """``gold`` with ``start``/``end`` (offsets into ``article.body``) and ``located`` added.

    Each gold quote is looked up in its own paragraph; two quotes with the same text in one
    paragraph take successive occurrences. Unlocated quotes get ``start == end == -1``; they
    can still be matched by text (see :func:`span_overlap`).
    """
    paragraphs = article.paragraphs.set_index("paragraph")
    starts, ends = [], []
    next_from: dict[int, int] = {}
    for row in gold.itertuples(index=False):
        para = int(row.paragraph)
        if para not in paragraphs.index:
            starts.append(-1)
            ends.append(-1)
            continue
        text, offset = paragraphs.at[para, "text"], int(paragraphs.at[para, "start"])
        found = locate_quote(text, row.quote, after=next_from.get(para, 0))
        if found is None:
            starts.append(-1)
            ends.append(-1)
            continue
        next_from[para] = found[1]
        starts.append(offset + found[0])
        ends.append(offset + found[1])
    out = gold.copy()
    out["start"] = starts
    out["end"] = ends
    out["located"] = out["start"] >= 0
    return out


# --------------------------------------------------------------------------- stance and sentiment

#: The stance labels of the codebook (part C).
STANCE_LABELS = ("favor", "against", "neutral")


def load_gold_stance(
    article_or_stem: Article | str | Path, annotations_dir: str | Path | None = None
) -> pd.DataFrame:
    """The hand-annotated quotes with their stance labels.

    Columns of :func:`load_gold_quotes` (with ``start``/``end`` when an Article is given) plus
    ``stance`` and ``rationale`` from ``<stem>.stance.csv``.
    """
    gold = load_gold_quotes(article_or_stem, annotations_dir)
    path = annotation_file(article_or_stem, "stance", annotations_dir)
    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"quote_id", "stance", "rationale"} - set(labels.columns)
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    labels["stance"] = labels["stance"].str.strip().str.lower()
    bad = sorted(set(labels["stance"]) - set(STANCE_LABELS))
    if bad:
        raise ValueError(f"{path.name}: unknown stance label(s) {', '.join(bad)}")
    return gold.merge(labels[["quote_id", "stance", "rationale"]], on="quote_id", how="left")


def load_gold_speakers(
    article_or_stem: Article | str | Path, annotations_dir: str | Path | None = None
) -> pd.DataFrame:
    """The hand-annotated speakers: ``speaker``, ``role``, ``aliases``, ``stance``,
    ``rationale`` and ``optional`` (the codebook's vague collective sources)."""
    path = annotation_file(article_or_stem, "speakers", annotations_dir)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"speaker", "stance"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    for col in ("role", "aliases", "rationale"):
        if col not in frame.columns:
            frame[col] = ""
    frame["stance"] = frame["stance"].str.strip().str.lower()
    frame["optional"] = frame["role"].str.contains("optional", case=False)
    return frame[["speaker", "role", "aliases", "stance", "rationale", "optional"]]


def read_sentiment_labels(
    article: Article, annotations_dir: str | Path | None = None, *, coder: str = ""
) -> pd.DataFrame:
    """One coder's sentiment labels of ``article``: ``quote_id``, ``sentiment``, ``rationale``.

    ``coder=""`` reads the reference file ``<article id>.sentiment.csv``; ``coder="coder2"``
    reads the second, independent coding ``<article id>.sentiment.coder2.csv``. Found by
    :func:`annotation_file`; raises :class:`GoldNotFoundError` (one line) when it is missing.
    """
    path = annotation_file(article, f"sentiment{'.' + coder if coder else ''}", annotations_dir)
    coded = pd.read_csv(path, dtype=str, keep_default_na=False)
    coded.columns = [c.strip() for c in coded.columns]
    if not {"quote_id", "sentiment"} <= set(coded.columns):
        raise ValueError(f"{path.name}: needs columns quote_id and sentiment")
    if "rationale" not in coded.columns:
        coded["rationale"] = ""
    return coded[["quote_id", "sentiment", "rationale"]].apply(lambda col: col.str.strip())
