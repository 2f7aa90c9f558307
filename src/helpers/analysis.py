"""The whole analysis of one article: quotes, speakers, sentiment and (optionally) stance.

:func:`analyze_article` is the one function the command line, the corpus runner and the notebooks
call. It runs the pipeline stages in order::

    load -> parse each paragraph once -> quotes -> speakers -> sentiment -> stance

and returns an :class:`Analysis` holding two tables:

* ``quotes``: one row per quotation (the columns of :func:`helpers.quotes.extract_quotes`) plus
  the sentiment columns of :func:`helpers.sentiment.score_quotes` and, when a target is given, the
  stance columns of :func:`helpers.stance.quote_stance` (``stance``, ``stance_score``,
  ``evidence``, ``target_mentioned``; a sentiment column that already bears one of these names is
  kept and the stance column is prefixed ``stance_``).
* ``speakers``: one row per canonical speaker (:func:`helpers.speakers.speaker_table`) with the
  aggregates of :func:`helpers.sentiment.speaker_sentiment` (``polarity``, ``subjectivity``,
  ``polarity_low``, ``polarity_high``, ``vader``, ``no_evidence_share``) and, when a target is
  given, of :func:`helpers.stance.speaker_stance` (``stance``, ``stance_score``, ``margin``,
  ``evidence``).

What is not done here: no rule of any stage lives in this module; it only wires the stages
together, so a better stage improves every caller at once. Each paragraph is parsed by spaCy
exactly once: quotes get the ``Doc`` objects directly, stance through :class:`ParsedParagraphs`;
they are dropped as soon as those two stages are done, before sentiment and the speaker tables,
which read only the tables (a corpus run keeps no ``Doc`` between articles). The parses of a
whole article are alive until then (the speakers are resolved across the article and stance
reads the same parses); :mod:`helpers.nlp` keeps each ``Doc`` small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.article import Article, ArticleError, load_article

__all__ = [
    "SENTIMENT_COLUMNS",
    "STANCE_COLUMNS",
    "Analysis",
    "ParagraphTooLongError",
    "ParsedParagraphs",
    "analyze_article",
    "parse_paragraphs",
    "resolve_target",
]

#: Per-speaker sentiment columns added to the speaker table.
SENTIMENT_COLUMNS = (
    "polarity",
    "subjectivity",
    "polarity_low",
    "polarity_high",
    "vader",
    "no_evidence_share",
)
#: Per-speaker stance columns added to the speaker table when a target is given.
STANCE_COLUMNS = ("stance", "stance_score", "margin", "evidence")
#: Per-quote stance columns kept from :func:`helpers.stance.quote_stance` (its ``stance_cues``,
#: a list of dicts, is summarised by ``evidence`` and not kept).
QUOTE_STANCE_COLUMNS = ("stance", "stance_score", "evidence", "target_mentioned")


class ParagraphTooLongError(ArticleError):
    """One paragraph is longer than the parser accepts (``nlp.max_length`` characters)."""


@dataclass
class Analysis:
    """The result of :func:`analyze_article`.

    Attributes:
        article: the loaded :class:`~helpers.article.Article`.
        quotes: one row per quotation, with sentiment (and stance) columns.
        speakers: one row per canonical speaker, with sentiment (and stance) aggregates.
        target: the stance target used, or None.
    """

    article: Article
    quotes: pd.DataFrame
    speakers: pd.DataFrame
    target: Any = None

    @property
    def id(self) -> str:
        """The article's identifier (file stem or title slug)."""
        return self.article.id

    def __repr__(self) -> str:  # short and deterministic for notebooks
        target = getattr(self.target, "name", self.target)
        return (
            f"Analysis(article={self.article.title!r}, quotes={len(self.quotes)}, "
            f"speakers={len(self.speakers)}, target={target!r})"
        )


def parse_paragraphs(article: Article, nlp=None) -> list:
    """One spaCy ``Doc`` per paragraph of ``article``, in order (the pipeline's only parse).

    The paragraphs go through ``nlp.pipe`` in batches of ``nlp.batch_size`` (64 paragraphs for
    :func:`helpers.nlp.get_nlp`, whose ``Doc`` objects also come without ``tensor``): a long
    article costs the memory of its parses, not of one huge batch.

    Raises:
        ParagraphTooLongError: a paragraph is longer than ``nlp.max_length``; the message names
            the paragraph and says how to split it (blank lines between paragraphs).
    """
    if nlp is None:
        from helpers.nlp import get_nlp

        nlp = get_nlp()
    texts: Sequence[str] = list(article.paragraphs["text"])
    for number, text in enumerate(texts, start=1):
        if len(text) > nlp.max_length:
            raise ParagraphTooLongError(
                f"{article.path or article.title}: paragraph {number} has {len(text):,} "
                f"characters, more than the parser's limit of {nlp.max_length:,}; "
                "separate paragraphs with line breaks"
            )
    return list(nlp.pipe(texts))


class ParsedParagraphs:
    """A stand-in for the spaCy pipeline that returns the already parsed ``Doc`` of a paragraph.

    Stages that parse paragraph text themselves (stance reads each quote inside its paragraph)
    get this object as their ``nlp``: a paragraph parsed by :func:`parse_paragraphs` is not
    parsed again; any other text goes to the real pipeline.
    """

    def __init__(self, nlp, docs: Sequence, texts: Sequence[str] | None = None) -> None:
        """``texts``: the text each of ``docs`` was parsed from, when the caller has it (it
        saves rebuilding every ``doc.text`` from its tokens)."""
        self.nlp = nlp
        if texts is None:
            texts = [doc.text for doc in docs]
        self.docs = dict(zip(texts, docs, strict=True))
        self.parsed_again = 0  # texts that were not among the paragraphs

    def __call__(self, text: str):
        doc = self.docs.get(text)
        if doc is None:
            self.parsed_again += 1
            doc = self.nlp(text)
        return doc

    def pipe(self, texts, **kwargs):
        for text in texts:
            yield self(text)

    def tokenizer(self, text: str):
        """The paragraph's parsed ``Doc`` (its tokens are the tokenizer's), else a fresh
        tokenization: a stage that only needs tokens does not tokenize a paragraph again."""
        doc = self.docs.get(text)
        return doc if doc is not None else self.nlp.tokenizer(text)

    def __getattr__(self, name: str):  # max_length, vocab, ... of the real pipeline
        return getattr(self.nlp, name)


def resolve_target(target):
    """A stance target from a spec (path or bundled name), an already loaded target, or None."""
    if target is None or not isinstance(target, str | Path):
        return target
    from helpers.stance import load_target

    return load_target(target)


def analyze_article(article: Article | str | Path, target=None, *, nlp=None) -> Analysis:
    """Quotes, speakers, sentiment and, when ``target`` is given, stance for one article.

    Args:
        article: an :class:`Article` or a path to load with :func:`~helpers.article.load_article`.
        target: None (no stance columns), a target spec for :func:`helpers.stance.load_target`
            (a path or the name of a bundled target), or an already loaded target.
        nlp: the spaCy pipeline; the shared :func:`helpers.nlp.get_nlp` by default.

    Returns:
        An :class:`Analysis`. An article without quotations gives empty tables with all their
        columns, not an error.

    Raises:
        helpers.article.ArticleError: the input is not a readable English article (the message is
            one line and names the file).
    """
    if not isinstance(article, Article):
        article = load_article(article)  # bad input fails here, before spaCy is needed
    target = resolve_target(target)

    from helpers.quotes import extract_quotes
    from helpers.sentiment import score_quotes, speaker_sentiment
    from helpers.speakers import speaker_table

    if nlp is None:
        from helpers.nlp import get_nlp

        nlp = get_nlp()
    docs = parse_paragraphs(article, nlp)
    quotes = extract_quotes(article, nlp=nlp, docs=docs)
    stances = None
    if target is not None:
        from helpers.stance import quote_stance, speaker_stance

        # Stance reads each quote inside its paragraph; it gets the paragraphs parsed above.
        reuse = ParsedParagraphs(nlp, docs, list(article.paragraphs["text"]))
        stances = quote_stance(quotes, target, nlp=reuse, context=article)
        del reuse
    del docs  # the only Docs of this article: the stages below read the tables, not the parses

    speakers = speaker_table(quotes)
    scored = score_quotes(quotes)
    speakers = _merge_speakers(speakers, speaker_sentiment(scored), SENTIMENT_COLUMNS)
    result = scored
    if stances is not None:
        result = _add_quote_stance(scored, stances)
        threshold = getattr(target, "speaker_threshold", None)
        per_speaker = speaker_stance(stances, threshold=threshold)
        speakers = _merge_speakers(speakers, per_speaker, STANCE_COLUMNS)

    return Analysis(
        article=article,
        quotes=result.reset_index(drop=True),
        speakers=speakers.reset_index(drop=True),
        target=target,
    )


def _add_quote_stance(scored: pd.DataFrame, stances: pd.DataFrame) -> pd.DataFrame:
    """``scored`` plus the stance columns of ``stances`` (same rows, same order).

    A stance column whose name the sentiment stage already uses is added as ``stance_<name>``.
    """
    if len(scored) != len(stances):
        raise RuntimeError(f"{len(scored)} scored quotes but {len(stances)} stance rows")
    out = scored.reset_index(drop=True).copy()
    stances = stances.reset_index(drop=True)
    for column in QUOTE_STANCE_COLUMNS:
        if column not in stances.columns:
            continue
        name = column if column not in out.columns else f"stance_{column}"
        out[name] = stances[column].to_numpy()
    return out


def _merge_speakers(
    speakers: pd.DataFrame, extra: pd.DataFrame, columns: Sequence[str]
) -> pd.DataFrame:
    """Left-join the ``columns`` of ``extra`` onto ``speakers`` by ``speaker_id``.

    Speakers absent from ``extra`` get missing values; the speaker table's order is kept.
    """
    wanted = [c for c in columns if c in extra.columns]
    left = speakers.drop(columns=[c for c in wanted if c in speakers.columns])
    left.attrs = {}
    # Plain dictionaries: a pandas merge costs more than the rest of this stage on tables of a
    # few rows, and it runs twice for every article of a corpus.
    ids = extra["speaker_id"].tolist()
    added = {}
    for column in wanted:
        values = dict(zip(reversed(ids), reversed(extra[column].tolist()), strict=True))  # first
        added[column] = [values.get(i, np.nan) for i in left["speaker_id"]]
    merged = left.reset_index(drop=True).assign(**added) if added else left.reset_index(drop=True)
    for column in columns:  # every promised column exists, even on an empty table
        if column not in merged.columns:
            merged[column] = pd.Series(dtype="object")
    return merged
