"""Where each quote sits in its article: its paragraph, its reporting verb, and whether the target
was named before it.

A quote is read inside its paragraph so that the sentence around a partial or indirect quote
supplies the target and anaphors resolve. Offsets are trusted only when they hold the quote's
text; otherwise the text is looked up in its paragraph (then in every paragraph).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.article import PARAGRAPH_SEPARATOR, Article
from helpers.marks import locate_quote
from helpers.stance.paragraph import Paragraph, mention_spans
from helpers.targets import Target, shared_tokenizer, token_forms
from helpers.targets.words import DEFINITE

__all__ = [
    "Context",
    "Named",
    "as_context",
    "locate",
    "quote_text",
    "reporting_token",
    "where_named",
]


@dataclass
class Context:
    """The article body and its paragraphs ``(number, start, end)``, in body order and disjoint
    (as :func:`as_context` builds them), with lookups that need no scan per quote: an article may
    have thousands of paragraphs and of quotes."""

    body: str
    paragraphs: list[tuple[int, int, int]]  # (number, start, end)
    title: str = ""

    def __post_init__(self) -> None:
        self._starts = [start for _, start, _ in self.paragraphs]
        self._by_number: dict[int, list[int]] = {}
        for k, (number, _, _) in enumerate(self.paragraphs):
            self._by_number.setdefault(number, []).append(k)

    def containing(self, offset: int) -> int | None:
        """Index of the paragraph with ``start <= offset < end``, or None."""
        k = bisect_right(self._starts, offset) - 1
        return k if k >= 0 and offset < self.paragraphs[k][2] else None

    def numbered(self, number: int) -> list[int]:
        """Indices of the paragraphs with this number."""
        return self._by_number.get(number, [])


def as_context(context: Article | str | None) -> Context | None:
    """The paragraphs of ``context``: an :class:`Article`, or its body (paragraphs separated by
    a blank line, as :meth:`Article.from_paragraphs` joins them), or None for no context."""
    if context is None:
        return None
    if isinstance(context, str):
        context = Article.from_paragraphs(context.split(PARAGRAPH_SEPARATOR))
    if not isinstance(context, Article):
        raise TypeError(
            f"context must be an Article, the article body or None, not {type(context).__name__}"
        )
    rows = [
        (int(r.paragraph), int(r.start), int(r.end))
        for r in context.paragraphs.itertuples(index=False)
    ]
    return Context(context.body, rows, context.title or "")


def quote_text(row: Mapping) -> str:
    value = row.get("quote", "")
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def locate(row: Mapping, ctx: Context) -> tuple[int, int, int] | None:
    """``(paragraph index in ctx, start, end)`` of a quote in the body, or None.

    The ``start``/``end`` offsets are used when they hold the quote's text (letters and digits
    compared, so marks and spacing do not matter); otherwise the text is looked up in its
    ``paragraph`` (then in every paragraph). None when it is nowhere.
    """
    start, end = row.get("start"), row.get("end")
    para = row.get("paragraph")
    text = quote_text(row)
    offsets = start is not None and end is not None and not pd.isna(start) and not pd.isna(end)
    if offsets and 0 <= int(start) < int(end) <= len(ctx.body):
        start, end = int(start), int(end)
        if _alnum(ctx.body[start:end]) == _alnum(text):
            k = ctx.containing(start)
            if k is not None:
                return k, start, min(end, ctx.paragraphs[k][2])
    if not _alnum(text):
        return None
    candidates = ctx.numbered(int(para)) if para is not None and not pd.isna(para) else []
    for k in candidates or range(len(ctx.paragraphs)):
        _, ps, pe = ctx.paragraphs[k]
        found = locate_quote(ctx.body[ps:pe], text)
        if found:
            return k, ps + found[0], ps + found[1]
    return None


_WORD = re.compile(r"[A-Za-z’']+")


def reporting_token(para: Paragraph, cue_text: str, q0: int, q1: int):
    """The reporting verb of the quote ("demanded" in "demanded more than once that"): the
    verb or noun outside the quote (characters ``q0``-``q1``) written as a word of ``cue_text``,
    the nearest to the quote."""
    if not isinstance(cue_text, str) or not cue_text.strip():
        return None
    words = set(_WORD.findall(cue_text.lower()))
    candidates = [
        (i, idx) for i, lower, idx in para.verbs_nouns if lower in words and not (q0 <= idx < q1)
    ]
    if not candidates:
        return None
    i, _ = min(candidates, key=lambda c: min(abs(c[1] - q0), abs(c[1] - q1)))
    return para.doc[i]


@dataclass(frozen=True)
class Named:
    """Where an article names the target: in its title, and which paragraphs (indices into
    :attr:`Context.paragraphs`) name it explicitly."""

    in_title: bool
    paragraphs: frozenset[int]

    def before(self, k: int) -> bool:
        """Whether the target was named before paragraph ``k`` (in the title or earlier)."""
        return self.in_title or any(j < k for j in self.paragraphs)

    def near(self, k: int) -> bool:
        """Whether paragraph ``k`` or the one before names the target: the topic of the
        paragraph, for a quote that does not name it again."""
        return k in self.paragraphs or k - 1 in self.paragraphs


def speaker_region(
    para: Paragraph, start: int, end: int, cue_text: str, kind: str
) -> tuple[set[int], object]:
    """``(token indices, reporting token)`` of the speaker's words for a quote at characters
    ``start``-``end`` of ``para``.

    The quote's own tokens, the verb that reports it (when it is in the quote's sentence) with
    its particle ("called *on*"), and, for a partial quote, the whole clause it reports: in
    "said that it *rejected* the draft “in form and in content”" the speaker rejected the draft.
    """
    region = para.region(start, end)
    rep = reporting_token(para, cue_text, start, end)
    if rep is None or para.sent_start[rep.i] not in {para.sent_start[i] for i in region}:
        return region, None
    region.add(rep.i)
    after = rep.i + 1
    if after < len(para.doc) and para.doc[after].pos_ in ("ADP", "PART"):
        region.add(after)
    if kind == "partial" and (clause := _reported_clause(para, region - {rep.i}, cue_text)):
        region.update(range(clause.left_edge.i, clause.right_edge.i + 1))
    return region, rep


def _reported_clause(para: Paragraph, quote: set[int], cue_text: str):
    """The clause a reporting verb of ``cue_text`` governs that holds the partial quote, or
    None: up from the quote's first word to the complement of "said", "called" …"""
    if not quote:
        return None
    words = set(_WORD.findall(cue_text.lower()))
    for t in [para.doc[min(quote)], *para.doc[min(quote)].ancestors]:
        if t.dep_ in ("ccomp", "xcomp") and t.head.lower_ in words and t.head.i not in quote:
            return t
    return None


def where_named(ctx: Context, target: Target, tokenizer=None) -> Named:
    """Which paragraphs of ``ctx`` (and whether its title) name the target: explicitly, or, once
    it has been named, by the head noun of one of its phrases ("the ban").

    ``tokenizer`` is the pipeline's; the shared pipeline's by default. Only the token texts are
    read (the text is not tagged here), so a text word matches a spec word's own form or its
    lemma: "Turkish dams" in a spec finds "Turkish dam" and "Turkish dams" in the text, "Turkish
    dam" in a spec finds only "Turkish dam".
    """
    if tokenizer is None:
        tokenizer = shared_tokenizer()

    def names(text: str, again: bool) -> bool:
        tokens = list(tokenizer(text))
        forms = [token_forms(t) for t in tokens]
        if mention_spans(forms, target, sides=(1,)):
            return True
        return again and any(  # once named, "the ban" names it again
            forms[i] & target.heads and tokens[i - 1].lower_ in DEFINITE
            for i in range(1, len(tokens))
        )

    in_title = bool(ctx.title) and names(ctx.title, False)
    found: list[int] = []
    for k, (_, ps, pe) in enumerate(ctx.paragraphs):
        if names(ctx.body[ps:pe], in_title or bool(found)):
            found.append(k)
    return Named(in_title, frozenset(found))
