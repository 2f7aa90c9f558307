"""Stage 1, quotation spans: the quotation marks of a paragraph paired into quoted stretches.

Marks are paired inside a paragraph, never across paragraphs except for the news convention of a
quotation continued over several paragraphs (each paragraph opens with a mark, only the last one
closes). Curly, straight, angle, double and single marks are handled, and so are the typewriter
pairs of old newspaper archives (two apostrophes ``''`` for a double mark, two backticks ````
for an opening one). Apostrophes (``don’t``, ``Iraq’s``, ``the allies’``) are not marks.

Broken marks left by scraping are repaired or reported, never allowed to swallow the next
paragraph: a nested opening mark is kept as text inside the quotation, a closing mark without an
opening mark is ignored (``… as happened.” In 2011.”`` ends at ``happened.``), a lone opening
mark before punctuation (``” “.``) is dropped. :func:`stray_marks` lists every change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers.article import Article
from helpers.marks import (
    DOUBLE_CLOSE,
    DOUBLE_OPEN,
    SINGLE_CLOSE,
    SINGLE_OPEN,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
)

__all__ = [
    "QuoteSpan",
    "StrayMark",
    "find_quote_spans",
    "opens_with_mark",
    "pair_marks",
    "stray_marks",
]

#: Typewriter double marks: two apostrophes (either side) and two backticks (opening only).
TYPEWRITER_DOUBLE = "''"
TYPEWRITER_OPEN = "``"


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted stretch of one paragraph. Offsets are into the paragraph text.

    ``start``/``end`` delimit the words inside the marks (``text[start:end]``); ``open_at`` is
    the index of the opening mark and ``close_at`` that of the closing mark, or None when the
    quotation runs to the end of the paragraph; ``close_end`` is the index just after the
    closing mark (a typewriter mark is two characters wide). ``note`` says what was repaired.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    marks: str = "double"
    note: str = ""
    close_width: int = 1

    def text(self, paragraph: str) -> str:
        return paragraph[self.start : self.end]

    @property
    def close_end(self) -> int | None:
        return None if self.close_at is None else self.close_at + self.close_width


@dataclass(frozen=True)
class StrayMark:
    """A quotation mark that pairs with nothing, or one the pairing had to repair."""

    offset: int
    mark: str
    note: str


def find_quote_spans(text: str, *, continues: bool = False) -> list[QuoteSpan]:
    """Quoted spans of one paragraph, in order (see :func:`pair_marks`)."""
    return pair_marks(text, continues=continues)[0]


def pair_marks(text: str, *, continues: bool = False) -> tuple[list[QuoteSpan], list[StrayMark]]:
    """Pair the quotation marks of one paragraph.

    ``continues`` says that the next paragraph opens with a quotation mark, so that an opening
    mark left open here is the news convention for a quotation continued over paragraphs.

    Returns the spans (double-quoted first pass, then single-quoted spans outside them, sorted)
    and the stray or repaired marks. Never pairs across paragraphs.
    """
    spans, strays = _pair_double(text, continues)
    taken = [(s.open_at, s.close_end if s.close_at is not None else len(text)) for s in spans]
    taken += [(m.start(), m.end() - 1) for m in _typewriter_marks(text)]
    single, single_strays = _pair_single(text, taken, continues)
    strays += single_strays
    # a double-quoted span inside a single-quoted one is a quotation within a quotation
    inner = [
        d
        for d in spans
        if any(o.open_at < d.open_at and (o.close_at or 0) > d.open_at for o in single)
    ]
    kept = []
    for span in sorted([d for d in spans if d not in inner] + single, key=lambda s: s.open_at):
        if any(c.isalnum() for c in text[span.start : span.end]):
            kept.append(span)
        else:
            strays.append(StrayMark(span.open_at, text[span.open_at], "empty quotation: ignored"))
    return kept, sorted(strays, key=lambda m: m.offset)


def _typewriter_marks(text: str):
    return re.finditer(r"''|``", text)


def _double_marks(text: str) -> list[tuple[int, str, int]]:
    """``(index, kind, width)`` of every double mark: kind ``open``, ``close`` or ``straight``."""
    typewriter = {m.start(): m.group(0) for m in _typewriter_marks(text)}
    marks, skip = [], -1
    for i, ch in enumerate(text):
        if i <= skip:
            continue
        if i in typewriter:
            pair = typewriter[i]
            marks.append((i, "open" if pair == TYPEWRITER_OPEN else "straight", 2))
            skip = i + 1
        elif ch in DOUBLE_OPEN:
            marks.append((i, "open", 1))
        elif ch in DOUBLE_CLOSE:
            marks.append((i, "close", 1))
        elif ch == STRAIGHT_DOUBLE:
            marks.append((i, "straight", 1))
    return marks


def _other_style(open_kind: str, kind: str) -> bool:
    """Whether a mark is of the other style than the one that opened the quotation (curly
    inside straight, straight inside curly)."""
    return (open_kind == "straight") != (kind == "straight")


def _inner_opens(text: str, i: int, kind: str, width: int) -> bool:
    """Whether a mark of the other style opens a quotation inside the open one: a curly
    opening mark, or a straight one with a space before it and a word after it."""
    return kind == "open" or (kind == "straight" and _straight_opens(text, i, width))


def _straight_opens(text: str, i: int, width: int = 1) -> bool:
    """Whether a straight mark at ``i`` looks like an opening mark (space or start before it)."""
    before = text[i - 1] if i else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _pair_double(text: str, continues: bool) -> tuple[list[QuoteSpan], list[StrayMark]]:
    spans: list[QuoteSpan] = []
    strays: list[StrayMark] = []
    open_at: int | None = None
    open_width = 1
    open_kind = ""
    nested = 0  # marks of the other style paired inside the open quotation: a quote within it
    for i, kind, width in _double_marks(text):
        mark = text[i : i + width]
        if open_at is not None and _other_style(open_kind, kind):
            if _inner_opens(text, i, kind, width):
                nested += 1
                continue
            if nested:
                nested -= 1
                continue
        opening = kind == "open" or (kind == "straight" and open_at is None)
        if opening and kind == "straight" and not _straight_opens(text, i, width) and spans:
            opening = False  # a straight mark glued to the word before: a stray closing mark
        if opening:
            if open_at is None:
                open_at, open_width, open_kind, nested = i, width, kind, 0
            else:
                strays.append(
                    StrayMark(i, mark, "opening mark inside an open quotation: kept as text")
                )
            continue
        if open_at is not None:
            spans.append(_inner(text, open_at, i, open_width=open_width, close_width=width))
            open_at = None
        else:
            strays.append(StrayMark(i, mark, "closing mark without an opening mark: ignored"))
    if open_at is not None:
        rest = text[open_at + open_width :]
        if not any(c.isalnum() for c in rest):
            strays.append(
                StrayMark(open_at, text[open_at], "opening mark before punctuation only: ignored")
            )
        else:
            note = (
                "continues in the next paragraph"
                if continues
                else "unclosed: ends at the paragraph end"
            )
            spans.append(_inner(text, open_at, None, open_width=open_width, note=note))
            if not continues:
                strays.append(
                    StrayMark(open_at, text[open_at], "opening mark never closed in this paragraph")
                )
    return spans, strays


def _inner(
    text: str,
    open_at: int,
    close_at: int | None,
    *,
    open_width: int = 1,
    close_width: int = 1,
    marks: str = "double",
    note: str = "",
) -> QuoteSpan:
    start, end = open_at + open_width, len(text) if close_at is None else close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(start, end, open_at, close_at, marks, note, close_width)


def _pair_single(
    text: str, taken: list[tuple[int, int]], continues: bool = False
) -> tuple[list[QuoteSpan], list[StrayMark]]:
    """Single-quoted spans outside double-quoted ones; apostrophes are not marks.

    A single mark that opens the paragraph and is not closed in it, when the next paragraph
    opens with a mark too, is a quotation continued over paragraphs (British style)."""

    def inside(i: int) -> bool:
        return any(a <= i <= b for a, b in taken)

    opens, closes = [], []
    for i, ch in enumerate(text):
        if ch not in SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_SINGLE or inside(i):
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isalnum() and after.isalnum():
            continue  # don’t, Iraq’s: an apostrophe
        if ch in SINGLE_OPEN or (
            ch == STRAIGHT_SINGLE and _straight_opens(text, i) and after.isalnum()
        ):
            opens.append(i)
            continue
        if ch in SINGLE_CLOSE or ch == STRAIGHT_SINGLE:
            if before.isspace():
                continue
            # "the allies’ demands": after an s and before a lower-case word, probably possessive.
            weak = before.lower() == "s" and re.match(r"\s+[a-z]", text[i + 1 :]) is not None
            closes.append((i, weak))
    spans, strays, used = [], [], -1
    for k, o in enumerate(opens):
        if o <= used:
            continue
        limit = opens[k + 1] if k + 1 < len(opens) else len(text)
        candidates = [(c, weak) for c, weak in closes if o < c < limit]
        strong = [c for c, weak in candidates if not weak]
        pick = strong[0] if strong else (candidates[0][0] if candidates else None)
        if pick is None:
            if (
                continues
                and o == len(text) - len(text.lstrip())
                and not any(c > o for c, _ in closes)
            ):
                note = "continues in the next paragraph"
                spans.append(_inner(text, o, None, marks="single", note=note))
                break
            strays.append(StrayMark(o, text[o], "single opening mark without a closing mark"))
            continue
        spans.append(_inner(text, o, pick, marks="single"))
        used = pick
    return spans, strays


def opens_with_mark(text: str) -> bool:
    """Whether a paragraph opens with an opening quotation mark (a continued quotation)."""
    t = text.lstrip()
    return bool(t) and (
        t[0] in DOUBLE_OPEN + STRAIGHT_DOUBLE + SINGLE_OPEN or t[:2] in ("''", "``")
    )


def stray_marks(article: Article | str) -> pd.DataFrame:
    """Quotation marks the pairing ignored or repaired, per paragraph.

    Columns: ``paragraph``, ``offset`` (into ``article.body``), ``mark``, ``note``.
    """
    if isinstance(article, str):
        article = Article.from_text(article)
    rows = []
    paras = list(article.paragraphs.itertuples(index=False))
    for k, para in enumerate(paras):
        continues = k + 1 < len(paras) and opens_with_mark(paras[k + 1].text)
        for mark in pair_marks(para.text, continues=continues)[1]:
            rows.append(
                {
                    "paragraph": para.paragraph,
                    "offset": para.start + mark.offset,
                    "mark": mark.mark,
                    "note": mark.note,
                }
            )
    return pd.DataFrame(rows, columns=["paragraph", "offset", "mark", "note"])
