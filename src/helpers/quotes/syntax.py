"""A parsed paragraph as the attribution rules see it, and small readings of the parse.

:class:`Paragraph` holds one paragraph parsed once: its quoted spans (stage 1), its sentences,
and per sentence the reporting cues and the name mentions found in it (stage 2). The functions
below read the dependency parse of spaCy's small English pipeline; they are written to survive
its usual errors (a name tagged as a noun, a dateline attached to a subject).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from helpers.marks import ALL_MARKS
from helpers.quotes.spans import QuoteSpan

if TYPE_CHECKING:
    from helpers.quotes.cues import Cue
    from helpers.quotes.mentions import Mention

__all__ = ["Paragraph"]

#: Dependency labels that end a noun phrase's own words: clauses and appositions after it.
CLAUSE_DEPS = ("relcl", "acl", "appos", "advcl")


@dataclass
class Paragraph:
    """One paragraph, parsed once: its spans, sentences, cues and name mentions.

    ``quoted`` holds the character regions from each opening mark to its closing mark (to the
    paragraph's end when unclosed); ``known_names`` the capitalised words the article tags as
    names somewhere (read once per article).
    """

    number: int
    section: str
    text: str
    offset: int
    doc: Doc
    spans: list[QuoteSpan]
    sents: list[Span]
    cues: list[list[Cue]] = field(default_factory=list)
    names: list[list[Mention]] = field(default_factory=list)
    known_names: frozenset[str] = frozenset()
    quoted: list[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        end = len(self.text)
        self.quoted = [
            (s.open_at, s.close_at if s.close_at is not None else end) for s in self.spans
        ]

    def in_quotes(self, tok: Token) -> bool:
        """Whether ``tok`` lies between a quotation's marks (the marks included)."""
        return any(a <= tok.idx <= b for a, b in self.quoted)

    def sentence_of(self, char: int) -> int:
        """Index of the sentence holding character ``char`` (the one before, between sentences)."""
        for k, s in enumerate(self.sents):
            if s.start_char <= char < s.end_char:
                return k
        before = [k for k, s in enumerate(self.sents) if s.start_char <= char]
        return before[-1] if before else 0

    def span_sentences(self, span: QuoteSpan) -> tuple[int, int]:
        """The sentences where ``span`` opens and where it closes."""
        last = span.close_at if span.close_at is not None else span.end - 1
        return self.sentence_of(span.open_at), self.sentence_of(last)

    def whole_sentence(self, span: QuoteSpan) -> bool:
        """Whether the quotation is all there is of the sentence(s) it lies in."""
        k0, k1 = self.span_sentences(span)
        covered = self.text[self.sents[k0].start_char : self.sents[k1].end_char]
        outside = covered.replace(span.text(self.text), "")
        return sum(c.isalnum() for c in outside) <= 3

    def opens_paragraph(self, span: QuoteSpan) -> bool:
        return span.open_at == len(self.text) - len(self.text.lstrip())


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def has_dep(tok: Token, dep: str) -> bool:
    return any(c.dep_ == dep for c in tok.children)


def text_of(toks: Sequence[Token], para: Paragraph) -> str:
    """The paragraph's text from the first to the last of ``toks``."""
    if not toks:
        return ""
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    return para.text[start:end]


def under(t: Token, top: Token, deps: tuple[str, ...]) -> bool:
    """Whether ``t`` hangs below ``top`` through one of ``deps``."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in deps:
            return True
        t = t.head
    return False


def top_below(t: Token, top: Token) -> Token:
    """The ancestor of ``t`` that hangs directly below ``top`` (``t`` itself if it does)."""
    while t.head.i != top.i and t.head.i != t.i:
        t = t.head
    return t


def contiguous(toks: list[Token], head: Token) -> list[Token]:
    """The unbroken run of ``toks`` around ``head``, without punctuation at its edges."""
    ids = {t.i for t in toks}
    lo = hi = head.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    run = [head.doc[i] for i in range(lo, hi + 1)]
    while run and run[-1].is_punct and run[-1].text not in ALL_MARKS:
        run.pop()
    while run and run[0].is_punct and run[0].text not in ALL_MARKS:
        run.pop(0)
    return run or [head]


def np_tokens(tok: Token) -> list[Token]:
    """The noun phrase headed by ``tok``: modifiers and prepositional phrases, without relative
    clauses, appositions or time expressions ("the US embassy in Baghdad on Tuesday")."""
    toks = []
    for t in tok.subtree:
        if t.dep_ in CLAUSE_DEPS or under(t, tok, CLAUSE_DEPS):
            continue
        if (
            under(t, tok, ("conj", "cc"))
            and top_below(t, tok).dep_ in ("conj", "cc")
            and not _same_entity(t, tok)
        ):
            continue  # "Iraq’s Ministry of Oil and a consortium": two phrases, keep the first
        if (
            t.dep_ == "prep"
            and t.head.i == tok.i
            and any(c.ent_type_ in ("DATE", "TIME") for c in t.children)
        ):
            continue
        if t.ent_type_ in ("DATE", "TIME") and under(t, tok, ("prep",)):
            continue
        toks.append(t)
    return contiguous(toks, tok)


def _same_entity(t: Token, head: Token) -> bool:
    """Whether the tagger reads ``t`` as part of the same name as ``head`` ("the Ministry of
    Migration and Displaced" is one organisation; "the Ministry of Oil and Exxon" two)."""
    if not head.ent_type_ or t.ent_type_ != head.ent_type_ or t.ent_iob_ != "I":
        return False
    lo, hi = sorted((t.i, head.i))
    return all(x.ent_iob_ == "I" for x in t.doc[lo + 1 : hi + 1])


def name_run_end(doc: Doc, i: int, stops: tuple[str, ...] | None) -> Token | None:
    """The last word of the run of proper nouns starting at token ``i`` ("Sen. Jane Roe"), or
    None. With ``stops``, the run must be followed by one of those punctuation marks."""
    j = i
    while j < len(doc) and (doc[j].pos_ == "PROPN" or doc[j].ent_type_ == "PERSON"):
        j += 1
    if j == i:
        return None
    if stops is not None and (j >= len(doc) or doc[j].text not in stops):
        return None
    return doc[j - 1]


def outside_parentheses(tok: Token) -> Token:
    """The name before a parenthesis that the parser took for the subject: in "Sen. Jane Roe
    (D-Mass.) said" the subject is "Roe", not "D-Mass."; other tokens are returned unchanged."""
    doc, sent = tok.doc, tok.sent
    opening = next((t for t in reversed(doc[sent.start : tok.i]) if t.text in "()"), None)
    if opening is None or opening.text != "(":
        return tok
    closing = next((t for t in doc[tok.i + 1 : sent.end] if t.text in "()"), None)
    if closing is None or closing.text != ")" or opening.i == sent.start:
        return tok
    before = doc[opening.i - 1]
    return before if before.pos_ == "PROPN" or before.ent_type_ == "PERSON" else tok


def after_dateline(toks: list[Token]) -> list[Token]:
    """Drop a dateline ("BAGHDAD –", "CITY (AP) —") that the parser attached to a phrase."""
    dashes = [
        k for k, t in enumerate(toks)
        if t.text in ("–", "—", "--") or (t.text == "-" and t.whitespace_)  # "BAGHDAD, Oct 7 - "
    ]  # fmt: skip
    return toks[dashes[-1] + 1 :] if dashes else toks


def role_head(noun: Token) -> Token:
    """The head of a role phrase a name is in apposition to: "the head of the X center, NAME"
    attaches NAME to "center"; the role's head is "head"."""
    while (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.head.pos_ in ("NOUN", "PROPN")
    ):
        noun = noun.head.head
    return noun


def ends_with_intro(sent: Span) -> bool:
    """A sentence that ends with ``said:`` or ``said,`` right before a quotation."""
    last = [t for t in sent if not t.is_space]
    return bool(last) and last[-1].text in (":", ",")


#: A dateline before the first sentence: "BAGHDAD (AP) —", "ERBIL, Iraq –".
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,[\w ,.]+)?(?:\([^)]*\))?\s*[–—-]+\s*")


def is_dateline(tok: Token) -> bool:
    """A place name in capitals before a dash: "BAGHDAD –", "ERBIL, Iraq (Reuters) —"."""
    return (
        tok.text.isupper()
        and len(tok.text) > 2
        and any(t.text in ("–", "—", "-", "--") for t in tok.doc[tok.i + 1 : tok.i + 6])
    )
