"""The driver: the four stages over the paragraphs of an article, in reading order.

:func:`read_paragraphs` runs stages 1 and 2 on every parsed paragraph (spans, cues, names);
:func:`attribute` then reads the paragraphs in order, sentence by sentence: it registers the
people and organisations named in the sentence, attributes each quotation that ends in it (stage
3, resolving its speaker in stage 4), then looks for indirect speech among the cues no quotation
claimed. The speaker registry and the focus (who spoke last) carry over from sentence to
sentence and paragraph to paragraph; nothing else is remembered.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from helpers.article import Article
from helpers.quotes import rules
from helpers.quotes.cues import find_cues
from helpers.quotes.indirect import indirect_speech
from helpers.quotes.link import attribute_span, kind_of
from helpers.quotes.mentions import article_names, names_in
from helpers.quotes.spans import QuoteSpan, opens_with_mark, pair_marks
from helpers.quotes.state import Attribution, Row, State, name_of
from helpers.quotes.syntax import Paragraph
from helpers.speakers import clean_phrase, patterns

__all__ = ["attribute", "read_paragraphs"]

#: Speaker kinds that a later pronoun or floating quotation may refer back to.
FOCUS_KINDS = ("person", "organisation", "unnamed", "anonymous", "group")


def read_paragraphs(article: Article, docs: Sequence[Doc]) -> list[Paragraph]:
    """Stages 1 and 2 for every paragraph: its quoted spans, cues and names."""
    paras = list(article.paragraphs.itertuples(index=False))
    known = article_names(docs)
    out = []
    for k, (row, doc) in enumerate(zip(paras, docs, strict=True)):
        continues = k + 1 < len(paras) and opens_with_mark(paras[k + 1].text)
        spans, _ = pair_marks(row.text, continues=continues)
        p = Paragraph(row.paragraph, row.section, row.text, row.start, doc, spans,
                      list(doc.sents), known_names=known)  # fmt: skip
        p.cues = [find_cues(s, p) for s in p.sents]
        p.names = [names_in(s, p) for s in p.sents]
        out.append(p)
    return out


def attribute(paragraphs: list[Paragraph]) -> State:
    """Stages 3 and 4 over ``paragraphs`` in order; the rows are in ``state.rows``."""
    state = State(paragraphs)
    carry: Attribution | None = None  # speaker of a quotation continued into the next paragraph
    for pi, para in enumerate(paragraphs):
        by_end: dict[int, list[QuoteSpan]] = {}
        for span in para.spans:
            by_end.setdefault(para.span_sentences(span)[1], []).append(span)
        next_carry = None
        for k in range(len(para.sents)):
            _observe(state, para, k)
            for span in by_end.get(k, []):
                att = None
                if carry is not None and para.opens_paragraph(span):
                    why = (
                        "continues the quotation of the previous paragraph, attributed to "
                        f"{name_of(carry.speaker)}"
                    )
                    att = Attribution(carry.speaker, carry.mention, carry.cue,
                                      rules.MULTI_PARAGRAPH, why)  # fmt: skip
                if att is None:
                    att = attribute_span(state, pi, para, span)
                if att is None:
                    continue
                _emit(state, para, span.start, span.end, kind_of(para, span, att), att)
                if span.note == "continues in the next paragraph":
                    next_carry = att
            for cue in para.cues[k]:
                if (cue.used and cue.that_at is None) or _inside_indirect(state, para, cue):
                    continue  # "X said he had asked Y to …": one report, X's
                # a cue a quotation claimed may still report an unquoted first clause:
                # "X said that A, and that “B”" (the content stops where the marks begin)
                if found := indirect_speech(state, pi, para, k, cue):
                    start, end, att = found
                    _emit(state, para, start, end, "indirect", att)
        carry = next_carry
    return state


def _inside_indirect(state: State, para: Paragraph, cue) -> bool:
    """Whether ``cue`` lies in indirect speech already found in this paragraph."""
    at = cue.token.idx
    for row in reversed(state.rows):
        if row.para is not para:
            return False
        if row.kind == "indirect" and row.start <= at < row.end:
            return True
    return False


def _emit(state: State, para: Paragraph, start: int, end: int, kind: str, att: Attribution):
    """Record a quotation; its speaker comes into focus and learns the mention as an alias."""
    sp = att.speaker
    if sp is not None:
        if sp.kind in FOCUS_KINDS:
            state.registry.focus(sp)
        if att.mention and att.mention.lower() not in patterns()["pronouns"]:
            by_role = sp.kind == "person" and att.resolution is rules.ROLE_REFERENCE
            sp.add_alias(clean_phrase(att.mention) if by_role else sp.name)
        state.last_para_quoted = state.position[id(para)]
    state.rows.append(Row(para, start, end, kind, att))


def _observe(state: State, para: Paragraph, k: int) -> None:
    """Register the persons and organisations named in sentence ``k``."""
    state.persons_here = []
    reg = state.registry
    for m in para.names[k]:
        if m.kind == "organisation":
            org = reg.organisation(m.name, offset=para.offset + m.start, acronym=m.acronym)
            org.add_role(m.role)
            continue
        sp = reg.person(
            m.name, offset=para.offset + m.start, role=m.role or None, title=m.title or None
        )
        state.persons_here.append((m.start, sp))
        reg.named(sp)
