"""Quotation marks: the characters, and finding quoted text whatever marks surround it.

Every module that needs a quotation mark takes it from here: the loader's audit
(:mod:`helpers.article`), the pairing of marks (:mod:`helpers.quotes`), the cleaning of speaker
phrases (:mod:`helpers.speakers`), the ASCII text handed to the sentiment tools
(:mod:`helpers.sentiment`) and the matching of hand-annotated quotes (:mod:`helpers.evaluation`).

The functions below locate a quote's text in its paragraph when an annotator copied it with or
without its marks, and trim marks and edge punctuation before two spans are compared. They are
used by the stance stage (to find a quote in its paragraph) and by the evaluation (to match a
machine quote with a hand-annotated one), so they sit here, below both.
"""

from __future__ import annotations

__all__ = [
    "ALL_MARKS",
    "ANY_MARK",
    "DOUBLE_CLOSE",
    "DOUBLE_OPEN",
    "EDGE",
    "SINGLE_CLOSE",
    "SINGLE_OPEN",
    "STRAIGHT_DOUBLE",
    "STRAIGHT_SINGLE",
    "core_span",
    "locate_quote",
    "normalised",
    "to_ascii",
]

#: Curly and angle double marks that open a quotation.
DOUBLE_OPEN = "“„«"
#: ... and that close one.
DOUBLE_CLOSE = "”»"
#: Single marks that open a quotation (the closing ``’`` is also the apostrophe).
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
#: Every mark the pairing of :mod:`helpers.quotes` knows.
ALL_MARKS = (
    DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
)
#: Every character an annotator or a scraper may have left around quoted words, the rare
#: high-reversed marks and the backtick included. Ignored when quoted texts are compared.
ANY_MARK = "“”„‟«»‹›‘’‚‛\"'`"
#: Trimmed from both ends of a quote before two spans are compared.
EDGE = ANY_MARK + " \t\n.,;:!?…()[]—–-"

#: ASCII for every typographic quotation mark and apostrophe met in scraped or translated news
#: (one character for one, so offsets stay valid).
_ASCII = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "‹": "'", "›": "'",
    }
)  # fmt: skip


def to_ascii(text: str) -> str:
    """``text`` with curly quotation marks and apostrophes replaced by ``"`` and ``'``.

    ``“ ” „ ‟ « » ″`` become ``"`` and ``‘ ’ ‚ ‛ ′ ‹ ›`` become ``'``; nothing else changes and
    the length is preserved.
    """
    return text.translate(_ASCII)


def normalised(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased, quotation marks dropped, white space collapsed; with the index in
    ``text`` of every character kept, so a match can be mapped back to original offsets."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in ANY_MARK:
            continue
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch.lower())
        index.append(i)
    return "".join(chars), index


def locate_quote(paragraph: str, quote: str, *, after: int = 0) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``paragraph``, as ``(start, end)`` offsets into ``paragraph``.

    The comparison ignores case, quotation marks, runs of white space and punctuation at the
    ends of ``quote``, so an annotator who copied the text with or without its marks is found
    either way. The first occurrence at or after ``after`` wins (earlier ones are tried last).
    Returns None when the text is not in the paragraph.
    """
    hay, index = normalised(paragraph)
    needle = normalised(quote)[0].strip(EDGE)
    if not needle:
        return None
    pos = hay.find(needle, _position_at(index, after))
    if pos < 0:
        pos = hay.find(needle)
    if pos < 0:
        return None
    return index[pos], index[pos + len(needle) - 1] + 1


def _position_at(index: list[int], offset: int) -> int:
    """The first position of the normalised text whose original offset is ``>= offset``."""
    for i, original in enumerate(index):
        if original >= offset:
            return i
    return len(index)


def core_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past quotation marks, white space and edge punctuation.

    ``text`` is the quote as written at ``[start, end)``. When it is not exactly that long (a
    span found by :func:`locate_quote` is already trimmed) the span is returned as is.
    """
    if len(text) != end - start:
        return start, end
    lead = len(text) - len(text.lstrip(EDGE))
    trail = len(text) - len(text.rstrip(EDGE))
    if lead + trail >= len(text):
        return start, start
    return start + lead, end - trail
