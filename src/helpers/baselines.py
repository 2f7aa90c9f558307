"""Two baselines for quote attribution, to measure :func:`helpers.quotes.extract_quotes` against.

Both take the same :class:`~helpers.article.Article` and return the columns of
``extract_quotes`` (``quote_id``, ``paragraph``, ``section``, ``kind``, ``speaker``,
``speaker_id``, ``mention``, ``cue``, ``quote``, ``start``, ``end``, ``rule``, ``explain``), with
``start``/``end`` offsets into ``article.body``, so :mod:`helpers.evaluation` scores all three
the same way.

* :func:`naive_regex_quotes` -- what a first afternoon's script does: every stretch of text
  between a pair of double quotation marks is a quote, and its speaker is the nearest person
  named before it. It finds scare quotes, names and titles too, and never sees an indirect
  quote.
* :func:`textacy_quotes` -- ``textacy.extract.triples.direct_quotations`` run on the spaCy doc
  of each paragraph. It keeps only quotes with a reporting verb and a subject near them, and
  it names the speaker by the subject's words as written ("he", "Al-Yasiri"), never a
  canonical name. textacy gives up on a text with an odd number of quotation marks; such
  paragraphs are skipped and listed in ``frame.attrs["skipped"]``.

Neither resolves pronouns or aliases; that is what the project's own rules add.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.article import Article
from helpers.marks import DOUBLE_CLOSE, DOUBLE_OPEN, STRAIGHT_DOUBLE
from helpers.quotes import QUOTE_COLUMNS  # the contract every extractor returns

__all__ = [
    "QUOTE_COLUMNS",
    "BaselineUnavailableError",
    "naive_regex_quotes",
    "quoted_spans",
    "textacy_quotes",
]

#: A capitalised name of two or more words ("Hadi Al-Amiri", "Joe Biden"): the naive
#: speaker when the paragraphs before a quote hold no PERSON entity.
_CAPITALISED_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:al-|el-)?[A-Z][a-z]+)+\b")


class BaselineUnavailableError(RuntimeError):
    """A baseline's library is missing or broken. ``str(err)`` is one line saying what to do."""


# --------------------------------------------------------------------------- quotation marks


def quoted_spans(text: str, *, unclosed: str = "drop") -> list[tuple[int, int]]:
    """``(start, end)`` of every stretch of ``text`` between paired double quotation marks.

    Spans include their marks. A curly opening ``“`` (or ``„``, ``«``, or two backticks) is
    closed by the next curly closing ``”`` (or ``»``, or two apostrophes), a straight ``"`` by
    the next straight ``"``, two apostrophes ``''`` (the typewriter double mark of old newspaper
    archives) by the next two. Any opening mark met inside an open quotation belongs to an inner
    quote and is skipped, so ``“a “b” c”`` is one span ending at the first closing mark. A
    closing mark with nothing open is ignored. A quotation still open at the end of ``text``
    gives no span when ``unclosed="drop"``; with ``unclosed="to_end"`` the span runs to the end
    of ``text`` (a quotation continued in the next paragraph). Single marks are not quotation
    marks here (they are mostly apostrophes).
    """
    if unclosed not in {"drop", "to_end"}:
        raise ValueError(f"unclosed must be 'drop' or 'to_end', not {unclosed!r}")
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        ch = text[i]
        width = 2 if pair in ("''", "``") else 1
        if open_at is None:
            if pair == "``" or pair == "''":
                open_at, closer = i, "''"
            elif ch in DOUBLE_OPEN:
                open_at, closer = i, DOUBLE_CLOSE
            elif ch == STRAIGHT_DOUBLE:
                open_at, closer = i, STRAIGHT_DOUBLE
        elif (pair == "''" and closer == "''") or (width == 1 and closer != "''" and ch in closer):
            spans.append((open_at, i + width))
            open_at = None
        i += width
    if open_at is not None and unclosed == "to_end" and text[open_at + 1 :].strip():
        spans.append((open_at, len(text.rstrip())))
    return spans


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return frame.astype({"paragraph": int, "start": int, "end": int})


def _docs(article: Article):
    from helpers.nlp import get_nlp

    return list(get_nlp().pipe(article.paragraphs["text"].tolist()))


# --------------------------------------------------------------------------- naive baseline


def naive_regex_quotes(article: Article) -> pd.DataFrame:
    """Quotes = text between paired double marks; speaker = nearest person named before it.

    The speaker is the last spaCy PERSON entity that ends before the quote opens, searched
    back through the whole article; when there is none, the last capitalised name of two or
    more words. Every quote is called ``direct``; nothing is found without quotation marks.
    A quote with no name before it gets an empty speaker.
    """
    people: list[tuple[int, int, str, str]] = []  # (start, end, text, how)
    docs = _docs(article)
    for para, doc in zip(article.paragraphs.itertuples(index=False), docs, strict=True):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                people.append(
                    (
                        para.start + ent.start_char,
                        para.start + ent.end_char,
                        ent.text,
                        "PERSON entity",
                    )
                )
    names = [
        (m.start(), m.end(), m.group(0), "capitalised name")
        for m in _CAPITALISED_NAME.finditer(article.body)
    ]
    rows = []
    for para in article.paragraphs.itertuples(index=False):
        for s, e in quoted_spans(para.text):
            start, end = para.start + s, para.start + e
            speaker, how, distance = "", "no name before it", -1
            for pool in (people, names):
                before = [p for p in pool if p[1] <= start]
                if before:
                    best = max(before, key=lambda p: p[1])
                    speaker, how, distance = best[2], best[3], start - best[1]
                    break
            explain = "text between paired double quotation marks; " + (
                f"speaker = nearest preceding {how} {speaker!r}, {distance} characters before"
                if speaker
                else "no person named before it"
            )
            rows.append(
                _row(
                    article,
                    para,
                    start,
                    end,
                    f"N{len(rows) + 1}",
                    speaker,
                    "",
                    "naive-regex",
                    explain,
                )
            )
    return _frame(rows)


def _row(article, para, start: int, end: int, quote_id: str, speaker: str, cue: str,
         rule: str, explain: str) -> dict:  # fmt: skip
    """One baseline quotation in the columns of :data:`QUOTE_COLUMNS` (kind is always direct)."""
    return {
        "quote_id": quote_id,
        "paragraph": int(para.paragraph),
        "section": para.section,
        "kind": "direct",
        "speaker": speaker,
        "speaker_id": _slug(speaker),
        "mention": speaker,
        "cue": cue,
        "quote": article.body[start:end],
        "start": start,
        "end": end,
        "rule": rule,
        "explain": explain,
    }


# --------------------------------------------------------------------------- textacy baseline


def _direct_quotations():
    try:
        from textacy.extract.triples import direct_quotations
    except Exception as err:  # ImportError, or a broken dependency raising anything else
        raise BaselineUnavailableError(
            f"textacy could not be imported ({type(err).__name__}: {err}); "
            "install it with `pip install textacy==0.13.0` (the project's `dev` extra)"
        ) from None
    return direct_quotations


def textacy_quotes(article: Article) -> pd.DataFrame:
    """textacy's ``direct_quotations`` on each paragraph, in the columns of ``extract_quotes``.

    ``speaker`` and ``mention`` are textacy's speaker tokens as written (a pronoun stays a
    pronoun), ``cue`` its cue verb phrase, ``quote`` its content including the quotation
    marks. Every quote is ``direct``: textacy finds no partial or indirect quotes. A paragraph
    on which textacy raises (it refuses an odd number of quotation marks) yields nothing and is
    listed, with textacy's message, in ``frame.attrs["skipped"]``.

    Raises :class:`BaselineUnavailableError` (one line) when textacy cannot be imported.
    """
    direct_quotations = _direct_quotations()
    rows, skipped = [], []
    docs = _docs(article)
    for para, doc in zip(article.paragraphs.itertuples(index=False), docs, strict=True):
        try:
            triples = list(direct_quotations(doc))
        except Exception as err:
            skipped.append(f"paragraph {para.paragraph}: {type(err).__name__}: {err}")
            continue
        for triple in triples:
            content = triple.content
            speaker = doc[triple.speaker[0].i : triple.speaker[-1].i + 1].text
            cue = doc[triple.cue[0].i : triple.cue[-1].i + 1].text
            start, end = para.start + content.start_char, para.start + content.end_char
            explain = f"textacy: reporting verb {cue!r} with subject {speaker!r}"
            rows.append(
                _row(
                    article, para, start, end, f"T{len(rows) + 1}", speaker, cue,
                    "textacy.direct_quotations", explain,
                )
            )  # fmt: skip
    frame = _frame(rows)
    frame.attrs["skipped"] = skipped
    return frame
