"""Find every quotation in a news article and attribute it to a canonical speaker.

:func:`extract_quotes` runs four named stages over one spaCy parse per paragraph (the stages
follow BBC Citron's separation of cue, content, source and coreference):

=============================== ================================================================
1. spans (``quotes.spans``)     quotation marks paired into quoted spans; broken marks repaired
2. cues, mentions               reporting cues (``quotes.cues``) and speaker phrases
   (``quotes.cues``,            (``quotes.mentions``) read off the parse
   ``quotes.mentions``)
3. link rules (``quotes.link``, each quotation tied to the cue that reports it, or decided by a
   ``quotes.indirect``)         fallback; indirect speech found among the unclaimed cues
4. resolution (``quotes.resolve``) the speaker phrase resolved to a canonical speaker
                                (names, pronouns, titles used alone, anonymous sources,
                                organisations, groups; :mod:`helpers.speakers`)
=============================== ================================================================

The rules are listed, in the order they are tried, in one table (:mod:`helpers.quotes.rules`,
``RULES``): every row's ``rule`` column names the rule that decided it and ``explain`` says why.
:mod:`helpers.quotes.attributor` drives the stages; every lexicon is data
(``data/reporting_verbs.txt``, ``data/attribution_patterns.yaml``).

``kind`` follows the syntax (``data/annotations/CODEBOOK.md``, A3): ``direct`` when the
quotation stands on its own (``He added, “…”``, ``“…,” X said``), ``partial`` when it is part of
the writer's clause (after *that*, *as*, an article), ``indirect`` for reported speech without
marks. Short quoted spans that are names or scare quotes are never returned. Unattributed speech
has ``speaker == "unknown"``.

Not found: speech reported without a cue verb or marks, speakers referred to by possessives,
quotations inside quotations (they stay part of the outer quotation).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Doc

from helpers.article import Article
from helpers.quotes.attributor import attribute, read_paragraphs
from helpers.quotes.lexicon import reporting_verbs
from helpers.quotes.rules import RULE_TABLE, RULES, rule_table
from helpers.quotes.spans import QuoteSpan, StrayMark, find_quote_spans, pair_marks, stray_marks
from helpers.quotes.state import Row
from helpers.speakers import UNKNOWN, SpeakerRegistry

__all__ = [
    "QUOTE_COLUMNS",
    "RULES",
    "RULE_TABLE",
    "QuoteSpan",
    "StrayMark",
    "extract_quotes",
    "find_quote_spans",
    "pair_marks",
    "reporting_verbs",
    "rule_table",
    "stray_marks",
]

#: Columns of :func:`extract_quotes`, in order.
QUOTE_COLUMNS = [
    "quote_id",
    "paragraph",
    "section",
    "kind",
    "speaker",
    "speaker_id",
    "mention",
    "cue",
    "quote",
    "start",
    "end",
    "rule",
    "explain",
]


def extract_quotes(
    article: Article | str, *, nlp=None, docs: Iterable[Doc] | None = None
) -> pd.DataFrame:
    """Every quotation of ``article`` with its canonical speaker, one row each, sorted by ``start``.

    Args:
        article: a loaded :class:`~helpers.article.Article` (or plain text, paragraphs separated
            by blank lines: :meth:`~helpers.article.Article.from_text`).
        nlp: the spaCy pipeline to parse with (default :func:`helpers.nlp.get_nlp`).
        docs: already parsed paragraphs (one ``Doc`` per row of ``article.paragraphs``); then
            nothing is parsed again.

    Returns:
        A DataFrame with :data:`QUOTE_COLUMNS`; ``body[start:end] == quote`` for every row.
        ``kind`` is ``direct`` (a quoted sentence), ``partial`` (quoted words inside the
        journalist's sentence) or ``indirect`` (reported speech without marks). Unattributed
        speech has speaker and speaker_id ``"unknown"``. ``.attrs["speakers"]`` maps each
        speaker_id to its role, aliases and kind (used by :func:`helpers.speakers.speaker_table`);
        ``.attrs["stray_marks"]`` lists the quotation marks that were repaired or ignored.
    """
    if isinstance(article, str):
        article = Article.from_text(article)
    elif not isinstance(article, Article):
        raise TypeError(f"expected an Article or a string, got {type(article).__name__}")
    if len(article.paragraphs) == 0:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    texts = list(article.paragraphs["text"])
    if docs is None:
        if nlp is None:
            from helpers.nlp import get_nlp

            nlp = get_nlp()
        docs = list(nlp.pipe(texts))
    else:
        docs = list(docs)
        if len(docs) != len(texts) or any(d.text != t for d, t in zip(docs, texts, strict=False)):
            raise ValueError(
                f"docs must be the {len(texts)} parsed paragraphs of the article, in order"
            )
    state = attribute(read_paragraphs(article, docs))
    return _frame(state.rows, state.registry, stray_marks(article))


def _frame(rows: list[Row], registry: SpeakerRegistry, strays: pd.DataFrame) -> pd.DataFrame:
    records = []
    for r in sorted(rows, key=lambda r: r.para.offset + r.start):
        att = r.attribution
        sp = att.speaker
        explain = att.explain
        records.append(
            {
                "paragraph": int(r.para.number),
                "section": r.para.section,
                "kind": r.kind,
                "speaker": sp.name if sp else UNKNOWN,
                "speaker_id": sp.id if sp else UNKNOWN,
                "mention": att.mention,
                "cue": att.cue,
                "quote": r.para.text[r.start : r.end],
                "start": int(r.para.offset + r.start),
                "end": int(r.para.offset + r.end),
                "rule": att.rule.name if att.rule else "",
                "explain": explain[:1].upper() + explain[1:] + "." if explain else "",
            }
        )
    width = max(2, len(str(len(records))))
    for n, rec in enumerate(records, start=1):
        rec["quote_id"] = f"q{n:0{width}d}"
    df = pd.DataFrame(records, columns=QUOTE_COLUMNS)
    used = set(df["speaker_id"])
    df.attrs["speakers"] = {
        sp.id: {
            "speaker": sp.name,
            "role": sp.role,
            "aliases": "; ".join(sp.aliases),
            "kind": sp.kind,
            "gender": sp.gender or "",
        }
        for sp in registry.speakers
        if sp.id in used
    }
    df.attrs["stray_marks"] = strays.to_dict("records")
    return df
