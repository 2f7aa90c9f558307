"""Stage 3, link rules: tie each quoted span to the cue that reports it, or decide without one.

For a quoted span, the cues of its sentence are candidates: one after the quotation and right
next to it (``“…,” X said``), the ones before it (nearest first), and one in a short sentence of
its own after it (``“… missing.” Trump said.``). The first whose subject resolves to a speaker
wins, and :func:`link_rule` names how it was tied. When no cue claims a quotation, the fallbacks
are tried in the order of the rule table (:mod:`helpers.quotes.rules`).

Short quoted spans that are names or scare quotes are not speech and are never returned
(:func:`is_name_or_scare`). ``kind`` follows the syntax (codebook A3, :func:`kind_of`).
"""

from __future__ import annotations

import re

from helpers.article import word_count
from helpers.quotes import rules
from helpers.quotes.cues import Cue, inherited_subject
from helpers.quotes.lexicon import lexicon, naming_lemmas
from helpers.quotes.mentions import name_mention, read_mention
from helpers.quotes.resolve import resolve, speaker_of_cue
from helpers.quotes.rules import Rule
from helpers.quotes.spans import QuoteSpan
from helpers.quotes.state import Attribution, State
from helpers.quotes.syntax import DATELINE, Paragraph, ends_with_intro, name_run_end, top_below
from helpers.speakers import patterns

__all__ = ["attribute_span", "is_name_or_scare", "kind_of"]

#: Words that do not count against a Title-Case name ("Party of the Right", "al-Fatah").
NAME_FUNCTION_WORDS = {"of", "the", "and", "for", "in", "on", "al", "el", "de", "a", "to", "&"}
#: Gap words allowed between a quotation and the attribution that follows it.
GAP_WORDS = {"as", "according", "to", "also", "then", "later", "further", "earlier", "again",
             "has", "had", "have", "once", "previously", "recently"}  # fmt: skip
#: Most words between a quotation and the verb of an attribution that follows it.
GAP_MAX = 4
#: How a reporting verb holds what it reports (not a second clause joined by "and").
COMPLEMENTS = ("ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "prep", "advcl", "dative")
#: How a reporting verb holds another in its complement ("said that X believes").
CHAIN_DEPS = ("ccomp", "xcomp", "parataxis")
#: Auxiliaries of an intention or a possibility: "the committee would propose …".
MODALS = {"would", "will", "could", "might", "may", "should", "shall", "'d", "’d", "'ll", "’ll"}
#: Finite verb tags: a clause of its own between a quotation and its attribution.
FINITE = ("VBD", "VBZ", "VBP", "MD")
#: Longest sentence (tokens) read as the attribution of the quotation before it ("Trump said.").
ATTRIBUTION_MAX = 8
#: Rules after which a quotation stands on its own: its kind is "direct".
STANDALONE = frozenset({rules.MULTI_PARAGRAPH, rules.LEAD_IN, rules.FLOATING_QUOTE,
                        rules.INTRODUCED_SPEAKER, rules.COLON_INTRO, rules.COLON_NAME,
                        rules.DASH_NAME})  # fmt: skip


def attribute_span(state: State, pi: int, para: Paragraph, span: QuoteSpan) -> Attribution | None:
    """The attribution of one quoted span, or None when the span is a name or a scare quote."""
    governed = _governed(para, span)
    if is_name_or_scare(
        para, span, governed=governed, reported=governed and _governed(para, span, before_only=True)
    ):
        return None
    options = _cue_options(para, span)
    k0, k1 = para.span_sentences(span)
    short = word_count(span.text(para.text)) < patterns()["speech_min_words"]
    options = [o for o in options if not _displayed(o[2])]  # "banners reading “…”": a slogan
    for where, k, cue in options:
        att = speaker_of_cue(state, pi, para, k, cue, described=where == "after")
        if att is not None and short and _naming(cue, att):
            return None  # "many in the region call it ‘oil for salaries’": a label, not speech
        if att is not None:
            cue.used = True
            link, why = link_rule(cue, span, where, att)
            return att.linked(link, why, cue=cue.text, complement=cue.that_at is not None)
    if options:  # a reporting cue claims it, but its subject names nobody we know
        where, _, cue = options[0]
        link = rules.CUE_THEN_QUOTE if where == "before" else rules.QUOTE_THEN_SPEAKER
        why = (
            f"the reporting verb “{cue.text}” introduces it, but its subject could not be "
            "resolved to a speaker"
        )
        return Attribution(None, "", cue.text, link, why)
    if short and not para.whole_sentence(span) and not _sentence_after_colon(para, span):
        return None
    return _fallback(state, pi, para, k0, span)


def _sentence_after_colon(para: Paragraph, span: QuoteSpan) -> bool:
    """A short sentence after a colon ("… a new message: “It's about me.”"), not a fragment
    ("sold the same slogan: “a bridge, not a battlefield”")."""
    text = span.text(para.text).strip()
    return para.text[: span.open_at].rstrip().endswith(":") and text[:1].isupper()


def _cue_options(para: Paragraph, span: QuoteSpan) -> list[tuple[str, int, Cue]]:
    """``(where, sentence, cue)`` of the cues that may report ``span``, in the order tried."""
    k0, k1 = para.span_sentences(span)
    before = [c for c in para.cues[k0] if c.token.idx < span.open_at]
    k_before = k0
    if not before and k0 > 0 and ends_with_intro(para.sents[k0 - 1]):
        before, k_before = para.cues[k0 - 1][-1:], k0
    after = [c for c in para.cues[k1] if c.token.idx > (span.close_at or span.end)]
    if not after and (short_next := _attribution_sentence(para, k1, span)) is not None:
        after, k1 = [short_next], k1 + 1  # "“… missing.” Trump said."
    at_sentence_start = not para.text[para.sents[k0].start_char : span.open_at].strip(" ,;:—–-")
    following = after[0] if after and _adjacent_after(para, span, after[0]) else None
    options: list[tuple[str, int, Cue]] = []
    if at_sentence_start and following:
        options.append(("after", k1, following))
    for cue in reversed(before):  # nearest first; in a chain of reporting, the highest verb
        if _aside(cue, before, span):
            continue  # "X conceded, when a journalist asked, that …": X's, not the journalist's
        top = _highest(cue, para.cues[k_before] if k_before < len(para.cues) else [])
        if all(top is not c for _, _, c in options):
            options.append(("before", k_before, top))
    if following and not at_sentence_start:
        options.append(("after", k1, following))
    if following is None:  # "Traders had had “ample time” to prepare, it added."
        governing = [c for c in after if _in_complement(para, span, c)]
        options += [("after", k1, c) for c in governing[:1]]
    return options


def _aside(cue: Cue, before: list[Cue], span: QuoteSpan) -> bool:
    """Whether ``cue`` sits in an adverbial clause ("when a journalist asked") of another cue
    whose that-clause, after the aside, holds the quotation."""
    if cue.token.dep_ != "advcl":
        return False
    return any(
        other.token.i == cue.token.head.i
        and other.that_at is not None
        and other.that_at > cue.token.i
        and other.token.doc[other.that_at].idx < span.open_at
        for other in before
    )


def _in_complement(para: Paragraph, span: QuoteSpan, cue: Cue) -> bool:
    """Whether the quoted words lie in the clause that a later reporting verb reports
    ("Y was “trying too hard,” X said": the quotation is in the complement of "said")."""
    inside = [t for t in para.doc if span.start <= t.idx < span.end]
    subject = set(cue.subject.subtree) if cue.subject is not None else set()
    return (
        bool(inside)
        and cue.cls != "source"
        and cue.token in inside[0].ancestors
        and not subject & set(inside)
    )


def _highest(cue: Cue, cues: list[Cue]) -> Cue:
    """The highest reporting verb of a chain whose complement holds the thought ``cue`` reports:
    "the official added that Turkey expected …" -> "added"; "X told a broadcaster that the
    campaign believes …" -> "told" (codebook A7, A13.7). Someone else's speech in a report
    ("X reported that Y said …") stays Y's."""
    if not _embedded_view(cue):
        return cue  # someone's speech in a report stays theirs: "X reported that Y said …"
    verbs = {c.token.i: c for c in cues if c.cls != "source"}
    top = cue
    for ancestor in cue.token.ancestors:
        upper = verbs.get(ancestor.i)
        if upper is not None and top_below(top.token, upper.token).dep_ in CHAIN_DEPS:
            top = upper
    return top


def _embedded_view(cue: Cue) -> bool:
    """Whether a reporting verb inside another's complement reports a view the upper speaker
    gives, not a speech of its own: a thought ("the campaign believes"), an intention ("the
    committee would propose"), or the words of someone not named ("they demand")."""
    if cue.cls == "belief" or cue.inherits:
        return not cue.inherits
    modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in cue.token.children)
    named = cue.subject is not None and (
        cue.subject.pos_ == "PROPN" or cue.subject.ent_type_ == "PERSON"
    )
    return modal or not named


def link_rule(cue: Cue, span: QuoteSpan | None, where: str, att: Attribution) -> tuple[Rule, str]:
    """The link rule that tied ``span`` to ``cue`` (``where``: the cue is before or after it)."""
    m = att.mention
    if cue.cls == "source":
        return rules.ACCORDING_TO, f"the quotation is attributed “according to {m}”"
    if where == "after":
        if cue.subject is not None and cue.subject.i > cue.token.i:
            return rules.SAID_X, f"“{cue.text} {m}” follows the quotation"
        return rules.QUOTE_THEN_SPEAKER, f"“{m} … {cue.text}” follows the quotation"
    if span is not None and any(span.start <= t.idx < span.end for t in cue.token.subtree):
        why = f"the quotation is in the complement of “{cue.text}”, whose subject is “{m}”"
        return rules.CCOMP_NSUBJ, why
    why = f"the reporting verb “{cue.text}” (subject “{m}”) comes before it in the sentence"
    return rules.CUE_THEN_QUOTE, why


def _displayed(cue: Cue) -> bool:
    """Words a banner, sign or headline carries ("protesters held banners reading “…”"): a
    slogan or a title, not words given to a speaker (codebook A9)."""
    holder = cue.subject or inherited_subject(cue.token) or cue.token.head
    return holder.lemma_.lower() in lexicon()["display"]  # "banners strung … read “…”"


def _naming(cue: Cue, att: Attribution) -> bool:
    """A vague source or a group naming something ("many call it …", "which the two
    governments call …"): a label."""
    speaker = att.speaker
    return (
        speaker is not None
        and speaker.kind in ("generic", "group")
        and cue.token.lemma_.lower() in naming_lemmas()
    )


def _attribution_sentence(para: Paragraph, k: int, span: QuoteSpan) -> Cue | None:
    """``“… missing.” Trump said.`` / ``“…?” Jane Roe, an adviser to …, said at …``: a full stop,
    question or exclamation mark inside the marks made the attribution a sentence of its own.
    Its speech cue is taken when that sentence follows the closing mark directly, holds no
    quotation before its verb, and is short or is nothing but the speaker before its verb."""
    if span.close_at is None or k + 1 >= len(para.sents):
        return None
    nxt = para.sents[k + 1]
    if para.text[span.close_end : nxt.start_char].strip():
        return None
    for cue in para.cues[k + 1]:
        if cue.cls != "speech" or cue.subject is None:
            continue
        lead = [t for t in para.doc[nxt.start : cue.token.i] if not t.is_punct]
        if any(para.in_quotes(t) for t in lead):
            return None
        if len(nxt) <= ATTRIBUTION_MAX and not any(para.in_quotes(t) for t in nxt):
            return cue
        subject = set(cue.subject.subtree)
        rest = [t for t in para.doc[cue.token.i + 1 : nxt.end] if t not in set(cue.subject.subtree)]
        own_content = cue.that_at is not None or any(t.tag_ in FINITE for t in rest)
        if not own_content and all(t in subject or t.pos_ in ("ADV", "AUX", "PART") for t in lead):
            return cue  # a long speaker phrase, and the verb reports nothing of its own
        return None
    return None


def _adjacent_after(para: Paragraph, span: QuoteSpan, cue: Cue) -> bool:
    """``“…,” X said`` / ``“…,” according to X``: only the speaker phrase in between."""
    end = span.close_at if span.close_at is not None else span.end
    subj = cue.subject
    subj_tree = set(subj.subtree) if subj is not None else set()
    for other in cue.token.children:  # "… al - Khafaji told": the parser's pieces of one name
        if other.dep_ == "nsubj" and subj is not None and other.ent_type_ == subj.ent_type_:
            subj_tree |= set(other.subtree)
    if subj is not None and subj.idx > end:  # a misparse may hang the quotation on the speaker
        subj_tree = {t for t in subj_tree if t.idx > end}
    if any(span.start <= t.idx < span.end for t in subj_tree):
        return False  # the quoted words are part of the speaker's description
    between = [t for t in para.doc if end < t.idx < cue.token.idx and not t.is_punct]
    gap = [t for t in between if t not in subj_tree]
    if len(gap) <= GAP_MAX and all(
        t.lower_ in GAP_WORDS
        or t.pos_ in ("ADV", "AUX", "PART")
        or t.lower_ in lexicon()["particles"]  # "as al-Bahadli put it": "al" of the name
        or not any(ch.isalnum() for ch in t.text)
        for t in gap
    ):
        return True
    # "“…,” Trump, the frontrunner … by a wide margin after winning …, said": a long speaker
    # phrase right after the quotation, with no clause of its own before the verb
    return bool(between) and between[0] in subj_tree and not any(t.tag_ in FINITE for t in gap)


# --------------------------------------------------------------------------- fallbacks


def _fallback(state: State, pi: int, para: Paragraph, k: int, span: QuoteSpan) -> Attribution:
    """No cue claims the quotation: the fallback rules, in the order of the rule table."""
    for decide in (
        _lead_in,
        _colon_name,
        _colon_intro,
        _sentence_subject,
        _dash_name,
        _same_paragraph_speaker,
    ):
        att = decide(state, pi, para, k, span)
        if att is not None:
            return att
    if para.whole_sentence(span):
        att = _introduced(state, pi, para, span)
        if att is not None:
            return att
        focus = state.registry.last()
        if focus is not None and pi - state.last_para_quoted <= 1:
            why = f"a whole-sentence quotation with no reporting verb; {focus.name} was quoted just before"
            return Attribution(focus, "", "", rules.FLOATING_QUOTE, why)
    why = "no reporting verb or speaker found for this quotation"
    return Attribution(None, "", "", rules.UNATTRIBUTED, why)


def _colon_intro(state: State, pi: int, para: Paragraph, k: int, span: QuoteSpan):
    """``X swiped at Y in a series of posts: “…”``, ``X is rolling out a new message: “…”``: a
    clause without a reporting verb ends in a colon that opens the quotation; its subject
    speaks."""
    head_text = para.text[: span.open_at].rstrip()
    colon = [t for t in para.doc if t.idx == len(head_text) - 1 and t.text == ":"]
    if not colon or para.in_quotes(colon[0]):
        return None
    sent = colon[0].sent  # the verb heading the clause before the colon (the parser may make
    pre = {t.i for t in sent if t.i < colon[0].i}  # the quotation the sentence's root)
    tops = [t for t in sent if t.i in pre and (t.head.i not in pre or t.head.i == t.i)]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return None
    root = verbs[0]
    subj = [c for c in root.children if c.dep_ == "nsubj" and c.i < colon[0].i]
    if not subj or para.in_quotes(subj[0]):
        return None
    kk = para.sentence_of(colon[0].idx)
    att = resolve(state, pi, para, kk, Cue(root, root.text, "speech", subj[0]))
    if att is None or att.speaker is None or att.speaker.kind == "generic":
        return None
    why = f"the clause “{att.mention} {root.text} …” ends in a colon that opens the quotation"
    return att.linked(rules.COLON_INTRO, why, cue=":")


def _lead_in(state: State, pi: int, para: Paragraph, k: int, span: QuoteSpan):
    """``Hale then read from a prepared statement:`` + a paragraph that is a quotation."""
    if pi == 0 or not para.opens_paragraph(span):
        return None
    prev = state.paras[pi - 1]
    if not prev.text.rstrip().endswith(":") or not prev.sents:
        return None
    k = len(prev.sents) - 1
    # the reporting verb nearest the colon ("… and X responded:"), else the sentence's root
    cues = [c for c in prev.cues[k] if c.subject is not None and c.cls != "source"]
    root = prev.sents[k].root
    if cues:
        cue = cues[-1]
    else:
        subj = [c for c in root.children if c.dep_ == "nsubj"]
        if not subj:
            return None
        cue = Cue(root, root.text, "speech", subj[0])
    att = resolve(state, pi - 1, prev, k, cue)
    if att is None or att.speaker is None:
        return None
    why = f"the paragraph before ends with a colon after “{att.mention} {cue.text}”"
    return att.linked(rules.LEAD_IN, why, cue=cue.text)


def _sentence_subject(state: State, pi: int, para: Paragraph, k: int, span: QuoteSpan):
    """No cue, but the sentence's subject is a speaker already quoted ("X is unlikely to …")."""
    subj = [c for c in para.sents[k].root.children if c.dep_ == "nsubj"]
    if not subj or any(span.start <= t.idx < span.end for t in subj[0].subtree):
        return None
    m = read_mention(subj[0], para)
    sp = None
    if m.kind == "person":
        sp = state.registry.find_name(m.name)
    elif m.kind == "pronoun" and m.head in ("he", "she"):
        sp = state.registry.in_focus(m.head)
    if sp is None:
        return None
    why = f"no reporting verb; the sentence's subject “{m.text}” is {sp.name}, already quoted"
    return Attribution(sp, m.text, "", rules.SENTENCE_SUBJECT, why)


def _colon_name(state: State, pi: int, para: Paragraph, k: int, span: QuoteSpan):
    """``Republican pollster Jane Roe: “…”``: a name (and nothing after it) before a colon that
    opens the quotation, in the same paragraph. Only a name the parser tags as proper."""
    from helpers.quotes.mentions import known_name

    head_text = para.text[: span.open_at].rstrip()
    if not head_text.endswith(":"):
        return None
    colon = [t for t in para.doc if t.idx == len(head_text) - 1]
    if not colon or colon[0].i == 0:
        return None
    last = para.doc[colon[0].i - 1]
    if para.in_quotes(last) or not (last.pos_ == "PROPN" or known_name(last, para)):
        return None
    while last.dep_ == "conj" and last.head.i < last.i and last.head.pos_ == "PROPN":
        last = last.head  # "Jane Roe and John Doe:": the first of the authors
    m = name_mention(last, para)
    if m.kind not in ("person", "proper", "organisation"):
        return None
    offset = para.offset + m.start
    reg = state.registry
    if m.kind == "organisation":
        sp = reg.organisation(m.name, offset=offset)
    else:
        sp = reg.person(m.name, offset=offset, role=m.role or None, title=m.title or None)
    reg.named(sp)
    why = f"the name “{m.text}” and a colon introduce the quotation"
    return Attribution(sp, m.text, ":", rules.COLON_NAME, why)


def _dash_name(state: State, pi: int, para: Paragraph, k: int, span: QuoteSpan):
    """``“…” ― Jane Roe`` / ``“…” — Mayor John Doe, in a tweet``: a dash after the closing
    mark, then a name (the signature of a quoted tweet, motto or epigraph)."""
    if span.close_at is None:
        return None
    m = re.match(r"\s*[―—–]\s*", para.text[span.close_end :])
    if m is None:
        return None
    at = span.close_end + m.end()
    first = [t for t in para.doc if t.idx == at]
    end = name_run_end(para.doc, first[0].i, None) if first else None
    if end is None:
        return None
    mention = name_mention(end, para)
    sp = state.registry.person(mention.name, offset=para.offset + mention.start,
                               title=mention.title or None)  # fmt: skip
    state.registry.named(sp)
    why = f"a dash and the name “{mention.text}” sign the quotation"
    return Attribution(sp, mention.text, "―", rules.DASH_NAME, why)


def _same_paragraph_speaker(state: State, pi: int, para: Paragraph, k: int, span: QuoteSpan):
    """``“…,” Bennett said. “Sandy is a local celebrity …”``: a quotation that opens a new
    sentence, after a quotation of the same paragraph whose speaker is known, continues it."""
    if not re.search(r"[.!?][”’\"']?\s*$", para.text[: span.open_at]):
        return None
    # the last row of this paragraph that ends before the quotation (paragraphs are read in
    # order, so the paragraph's rows are the last ones)
    before = None
    for r in reversed(state.rows):
        if r.para is not para:
            break
        if r.end <= span.open_at:
            before = r
            break
    if before is None or before.attribution.speaker is None or before.kind == "indirect":
        return None
    sp = before.attribution.speaker
    why = f"a new sentence of quotation after {sp.name}'s quotation in the same paragraph"
    return Attribution(sp, "", "", rules.FLOATING_QUOTE, why)


def _introduced(state: State, pi: int, para: Paragraph, span: QuoteSpan):
    """A paragraph that is only a quotation, after a paragraph without quotations whose last
    sentence has a named person as subject (``Roe praised the plan. ¶ “We need it.”``)."""
    if pi == 0 or not para.opens_paragraph(span):
        return None
    prev = state.paras[pi - 1]
    if prev.spans or not prev.sents:
        return None
    subj = [c for c in prev.sents[-1].root.children if c.dep_ == "nsubj" and not prev.in_quotes(c)]
    if not subj:
        return None
    m = read_mention(subj[0], prev)
    sp = state.registry.find_name(m.name) if m.kind in ("person", "proper") else None
    if sp is None:
        return None
    why = f"no reporting verb; the paragraph before is about {sp.name} (its subject “{m.text}”)"
    return Attribution(sp, m.text, "", rules.INTRODUCED_SPEAKER, why)


# --------------------------------------------------------------------------- labels and kinds


def _governed(para: Paragraph, span: QuoteSpan, *, before_only: bool = False) -> bool:
    """Whether a reporting verb outside the marks governs the quoted words: they are in its
    complement ("said that CNN did an “awful” job", "repeated his assertion that the “polls are
    rigged”")."""
    inside = [t for t in para.doc if span.start <= t.idx < span.end]
    k0, k1 = para.span_sentences(span)
    cues = [c for k in range(k0, k1 + 1) for c in para.cues[k] if c.cls != "source"]
    return bool(inside) and any(
        c.token in inside[0].ancestors and top_below(inside[0], c.token).dep_ in COMPLEMENTS
        for c in cues
        if before_only is False or c.token.idx < span.open_at
    )


def is_name_or_scare(
    para: Paragraph, span: QuoteSpan, *, governed: bool = False, reported: bool = False
) -> bool:
    """A short quoted name or scare quote: ``the “Peshmerga” forces``, ``the “Al-Fatah” coalition``.

    True when the span has at most ``scare_quote_max_words`` words, no sentence punctuation, and
    is Title-Case (every content word capitalised), follows a naming marker ("so-called",
    "named") without a speaker of its own, or is a single noun after an article. When no
    reporting verb governs it (``governed``), also words that modify the noun right after them,
    unless the verb before them reports them (``reported``): in a speaker's reported clause an
    evaluative word in marks is the speaker's (codebook A9: "said they did an “awful” job").
    """
    raw = span.text(para.text).rstrip()
    text = raw.rstrip(" .!?,;:")  # "“Claw-Ridge.”": the full stop is the writer's
    words = re.findall(r"[\w’'\-]+", text)
    if not words or len(words) > patterns()["scare_quote_max_words"] or re.search(r"[.!?]", text):
        return False
    opens = para.sents[para.sentence_of(span.start)].start_char  # the mark may end the one before
    if raw[-1:] in ",.!?" and not para.text[opens : span.open_at].strip(" “‘\"'`"):
        return False  # a sentence of its own: "“Hopefully,” the president said", "“We're home.”"
    content = [w for w in words if w.lower() not in NAME_FUNCTION_WORDS]
    if content and all(w[0].isupper() or w[0].isdigit() for w in content):
        return True
    lead = para.text[max(0, span.open_at - 20) : span.open_at].lower().split()
    marked = lead and any(
        " ".join(lead[-len(m.split()) :]) == m for m in patterns()["naming_markers"]
    )
    if marked and not _spoken_naming(para, span):
        return True  # "the so-called “rocket season”", "an operation named “X”"
    inner = [t for t in para.doc if span.start <= t.idx < span.end and not t.is_punct]
    if span.close_at is not None and text.rstrip()[-1:] not in ",;:":
        nxt = [t for t in para.doc if t.idx > span.close_at and not t.is_space]
        modifier = (
            bool(nxt)
            and bool(inner)
            and nxt[0].pos_ in ("NOUN", "PROPN")
            and nxt[0].idx == span.close_end + 1
            and inner[-1].head.i == nxt[0].i  # it modifies that noun: "the “X” plan"
        )
        named = len(inner) > 1 or any(t.pos_ in ("NOUN", "PROPN") for t in inner)
        if modifier and (named or not reported):
            return True  # a naming frame: "the “Partnership Forward” plan", "a “cover-up” campaign"
    if governed:
        return False  # in a reported clause: "called Trump a “loser”", "did an “awful” job"
    # without a reporting verb: a single noun after an article is a label ("the “resistance”")
    return (
        len(inner) == 1
        and inner[0].pos_ in ("NOUN", "PROPN")
        and lead[-1:] in (["the"], ["a"], ["an"])
    )


def _spoken_naming(para: Paragraph, span: QuoteSpan) -> bool:
    """A naming word with a speaker of its own: "what he called “panic politics”", "which the
    minister described as “a first step”" are someone's words; "so-called", "an operation named"
    are labels."""
    before = [t for t in para.doc if t.idx < span.open_at and not t.is_punct]
    if not before:
        return False
    verb = before[-1] if before[-1].lower_ != "as" else before[-1].head
    return any(c.dep_ == "nsubj" for c in verb.children)


def kind_of(para: Paragraph, span: QuoteSpan, att: Attribution) -> str:
    """``direct`` or ``partial``, by the syntax around the marks (codebook A3).

    Direct: introduced by a cue and a comma or colon (``He added, “…”``), or standing first in
    its sentence with only ``, X said`` / ``, said X`` after it (no that-clause), or a whole
    paragraph or sentence of quotation. Anything that is part of the writer's clause (after
    *that*, *as*, an article, a preposition) is partial, even when it is a full sentence.
    """
    if att.link in STANDALONE:
        return "direct"
    k = para.sentence_of(span.start)  # not of the opening mark: the parser may end a sentence on it
    sent_start = min(para.sents[k].start_char, span.open_at)
    before = DATELINE.sub("", para.text[sent_start : span.open_at].rstrip())
    if before.endswith((",", ":")) and any(c.token.idx < span.open_at for c in para.cues[k]):
        return "direct"
    after_links = (rules.SAID_X, rules.QUOTE_THEN_SPEAKER, rules.ACCORDING_TO)
    if not before.strip(" “‘\"'") and att.link in after_links:
        return "partial" if att.complement else "direct"
    if not before and k > 0 and para.text[:sent_start].rstrip().endswith(":"):
        return "direct"
    end = para.sents[para.sentence_of(span.end - 1)].end_char
    whole = span.close_end is not None and not para.text[span.close_end : end].strip(" .!?”’\"'")
    if whole and not before.strip(" “‘\"'`"):
        return "direct"  # the quotation is the whole sentence: "… added. “We're home.”"
    return "partial"
