"""Stage 3b, indirect speech: what a reporting cue reports without quotation marks.

``X demanded that a timetable be set`` (the clause after the cue) and ``X condemns any armed
activity`` (the object of a verb of demanding or condemning, for named speakers only) are
quotations of kind ``indirect``. Only the whole content of a cue counts: when it holds quoted
words, those are the quotation and the rest gets no row (codebook A4). The journalist's own voice
("It appears that …") and vague sources ("observers believe …") give no indirect speech.
"""

from __future__ import annotations

from helpers.marks import ALL_MARKS
from helpers.quotes import rules
from helpers.quotes.cues import Cue
from helpers.quotes.lexicon import lexicon
from helpers.quotes.resolve import named_source, speaker_of_cue
from helpers.quotes.state import Attribution, State
from helpers.quotes.syntax import DATELINE, Paragraph, has_dep
from helpers.wordlists import reporting_verbs

__all__ = ["indirect_speech"]

#: Fewest words a reported clause needs to count as indirect speech.
MIN_WORDS = 3
#: Finite verb tags: a clause of its own.
FINITE = ("VBD", "VBZ", "VBP", "MD")
#: Entity types of "on Sunday", "upon arrival at noon": a time, never an addressee.
WHEN = ("DATE", "TIME")
#: Words that open a relative clause: the reported content stops before ", where …".
RELATIVES = {"where", "which", "who", "whom", "whose", "when"}


def indirect_speech(
    state: State, pi: int, para: Paragraph, k: int, cue: Cue
) -> tuple[int, int, Attribution] | None:
    """``(start, end, attribution)`` of the indirect speech ``cue`` reports in sentence ``k``
    (paragraph-relative offsets), or None."""
    content = _source_content(para, k, cue) if cue.cls == "source" else _content(para, k, cue)
    if content is None:
        return None
    start, end, rule = content
    att = speaker_of_cue(state, pi, para, k, cue)
    if att is None or att.speaker is None:
        return None
    sp = att.speaker
    if sp.kind == "generic" or (rule is rules.INDIRECT_OBJECT and not named_source(sp)):
        return None
    if rule is rules.INDIRECT_OBJECT:
        why = (
            f"the object of “{cue.text}” states, without quotation marks, the position of {sp.name}"
        )
    elif rule is rules.INDIRECT_INFINITIVE:
        why = f"“{cue.text}” reports, without quotation marks, what {sp.name} asked or promised"
    elif rule is rules.INDIRECT_SOURCE:
        why = f"the clause is attributed “{cue.text} {att.mention}”, without quotation marks"
    else:
        why = f"the clause after “{cue.text}” reports, without quotation marks, what {sp.name} said or thinks"
    cue.used = True
    return start, end, att.linked(rule, why, cue=cue.text)


def _source_content(para: Paragraph, k: int, cue: Cue) -> tuple[int, int, rules.Rule] | None:
    """``According to X, <clause>.`` / ``<clause>, according to X.``: the clause."""
    sent, doc = para.sents[k], para.doc
    if cue.subject is None:
        return None
    source_end = max(t.i for t in cue.subject.subtree) + 1
    if cue.token.i == sent.start or (cue.token.i == sent.start + 1 and doc[sent.start].is_punct):
        if source_end >= sent.end or doc[source_end].text != ",":
            return None
        toks = list(doc[source_end + 1 : sent.end])
    elif source_end >= sent.end - 1 and doc[cue.token.i - 1].text == ",":
        toks = list(doc[sent.start : cue.token.i - 1])
    else:
        return None
    return _span_of(para, toks, rules.INDIRECT_SOURCE)


def _infinitive(cue: Cue) -> tuple[int, int] | None:
    """``X urged the blocs to avoid any delay``, ``X called on the army to let convoys through``
    (the addressee and the infinitive clause), ``X threatened to close the markets`` (the clause
    of a verb of commitment), as token indices ``(start, end)``."""
    verb = cue.token
    commits = verb.lemma_.lower() in lexicon()["commitment"] or verb.pos_ == "NOUN"
    deps = ("xcomp", "advcl", "acl") if commits else ("xcomp",)  # "vowed … to close": a purpose
    heads = [verb, verb.head] if verb.pos_ == "NOUN" else [verb]  # "renewed its call … to open"
    clause = [c for h in heads for c in h.children if c.dep_ in deps and c.i > verb.i]
    if not clause or not any(a.lower_ == "to" for a in clause[0].children):
        return None
    addressee = [c for c in verb.children if c.dep_ == "dobj" and c.i < clause[0].i]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to")):
        addressee += [g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in WHEN]
    if addressee:
        start = addressee[0].left_edge.i
    elif commits:
        start = clause[0].i  # "threatened on Monday to close …": the clause, without "to"
    else:
        return None
    end = clause[0].right_edge.i + 1
    for t in verb.doc[clause[0].i : end]:  # stop before ", where …" / ", which …"
        if t.text == "," and t.i + 1 < end and verb.doc[t.i + 1].lower_ in RELATIVES:
            end = t.i
            break
    return start, end


def _trailing(para: Paragraph, k: int, cue: Cue) -> tuple[int, int] | None:
    """``<clause>, three security sources said.`` / ``Iraq, he argued, needs …``: a reporting
    verb after the clause it reports (or inside it, between commas), as token indices."""
    sent, doc = para.sents[k], para.doc
    if cue.subject is None or cue.subject.i > cue.token.i:
        return None
    first = cue.subject.left_edge.i
    if first <= sent.start or doc[first - 1].text != ",":
        return None
    aside = {  # "…, the officials said, speaking on condition of anonymity because …"
        t
        for c in cue.token.children
        if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and doc[c.left_edge.i - 1].text == ","
        for t in c.subtree
    }
    after = [t for t in doc[cue.token.i + 1 : sent.end] if not t.is_punct and t not in aside]
    clause = doc[sent.start : first - 1]
    ends = not any(t.tag_ in FINITE for t in after) and all(
        t.head.i == cue.token.i or t.head in after for t in after
    )
    reported = any(
        t.head.i == cue.token.i and t.dep_ in ("ccomp", "parataxis") for t in clause
    ) or (
        cue.token.dep_ in ("parataxis", "ccomp") and cue.token.head in clause
    )  # not "Asked whether …, the minister laughed": a clause about the speaker, not by him
    if (
        ends
        and reported
        and doc[sent.end - 1].text != ":"
        and any(t.tag_ in FINITE for t in clause)
    ):
        return sent.start, first - 1  # the verb ends the sentence: the clause before it
    if doc[cue.token.i + 1].text == "," and cue.token.dep_ in ("parataxis", "ccomp", "advcl"):
        return sent.start, sent.end  # "Iraq, he argued, needs …": the whole sentence
    return None


def _content(para: Paragraph, k: int, cue: Cue) -> tuple[int, int, rules.Rule] | None:
    """Character offsets of the reported clause or object, and the rule that found it."""
    sent, doc = para.sents[k], para.doc
    start_tok, end_tok, rule = None, None, rules.INDIRECT_CCOMP
    infinitive = _infinitive(cue) if cue.cls == "speech" else None
    trailing = _trailing(para, k, cue) if cue.cls in ("speech", "belief") else None
    if cue.that_at is not None:
        start_tok = cue.that_at + 1
        if cue.token.pos_ == "NOUN":  # "contrary to his claim that …, there would be …"
            end_tok = doc[cue.that_at].head.right_edge.i + 1
    elif infinitive is not None:
        (start_tok, end_tok), rule = infinitive, rules.INDIRECT_INFINITIVE
    elif trailing is not None:
        start_tok, end_tok = trailing
    else:
        ccomp = [c for c in cue.token.children if c.dep_ == "ccomp" and c.i > cue.token.i]
        dobj = [c for c in cue.token.children if c.dep_ == "dobj" and c.i > cue.token.i]
        if ccomp and (cue.cls == "speech" or has_dep(ccomp[0], "nsubj")):
            start_tok = ccomp[0].left_edge.i
            if doc[start_tok].lower_ == "that":
                start_tok += 1
        elif dobj and cue.cls == "object":
            start_tok, end_tok = dobj[0].left_edge.i, dobj[0].right_edge.i + 1
            rule = rules.INDIRECT_OBJECT
    if start_tok is None or start_tok >= sent.end:
        return None
    if end_tok is None:
        end_tok = sent.end
        for t in doc[start_tok : sent.end]:
            if (cut := _report_ends_at(t, start_tok, cue)) is not None:
                end_tok = cut
                while end_tok > start_tok and doc[end_tok - 1].dep_ in ("cc", "punct"):
                    end_tok -= 1
                break
            if t.text in ALL_MARKS and t.tag_ != "POS":  # not the apostrophe of "workers'"
                # the content is quoted: only the marked spans count (codebook A4), and an
                # unquoted second clause ("told me that … ‘…’, and that B"): B
                return _unquoted_second_clause(para, k, t.i)
            if t.text in ";" or (
                t.i > start_tok
                and doc[t.i - 1].text == ","
                and any(c.token.i == t.i for c in para.cues[k])
            ):
                end_tok = t.i
                break
    return _span_of(para, list(doc[start_tok:end_tok]), rule)


def _report_ends_at(t, start: int, cue: Cue) -> int | None:
    """Where the reported clause stops if ``t`` begins what follows it: a second that-clause
    that quotes ("said that A, and that “B”": A alone) or a verb continuing the reporter's
    sentence ("said that …, and renewed its call on …"); None otherwise."""
    if _second_that_clause(t, start):
        return t.i
    if _main_clause_conj(t, cue):
        return t.left_edge.i
    return None


def _unquoted_second_clause(
    para: Paragraph, k: int, mark: int
) -> tuple[int, int, rules.Rule] | None:
    """The reported clause after "…, and that" following a quoted first one, when no mark is
    in it; else None."""
    sent, doc = para.sents[k], para.doc
    for t in doc[mark : sent.end]:
        if _second_that_clause(t, mark, quoted=False):
            return _span_of(para, list(doc[t.i + 1 : sent.end]), rules.INDIRECT_CCOMP)
    return None


def _second_that_clause(t, start: int, *, quoted: bool = True) -> bool:
    """ "…, and that …": a second reported clause that quotes (``quoted``: the quotation is its
    own row; unquoted, both clauses are one report), or that does not (``quoted=False``)."""
    doc = t.doc
    return (
        t.i > start + 1
        and t.lower_ == "that"
        and t.dep_ == "mark"
        and doc[t.i - 1].lower_ in ("and", "but", "or")
        and quoted == any(u.text in ALL_MARKS and u.tag_ != "POS" for u in doc[t.i : t.sent.end])
    )


def _main_clause_conj(t, cue: Cue) -> bool:
    """A verb coordinated after the reported clause that continues the reporter's sentence, not
    the report: joined to the reporting verb, or, where the parser joined it to the reported
    verb, one with no subject of its own that is itself a reporting verb ("…, and described the
    shortfall as …") or a plain past after a comma and a backshifted report ("had fallen …, and
    renewed its call"; not "had reached the checkpoint and fled", the same subject's)."""
    if t.dep_ != "conj" or t.pos_ not in ("VERB", "AUX"):
        return False
    if t.head.i == cue.token.i:
        return True
    if t.head.dep_ != "ccomp" or t.head.head.i != cue.token.i:
        return False
    if has_dep(t, "nsubj") or has_dep(t, "nsubjpass") or has_dep(t, "mark"):
        return False  # "… would be destroyed and that the importer had been referred": content
    backshift = any(c.dep_ == "aux" and c.lower_ in ("had", "would") for c in t.head.children)
    plain_past = t.tag_ == "VBD" and not has_dep(t, "aux")
    doc = t.doc
    comma = (
        t.left_edge.i >= 2
        and doc[t.left_edge.i - 1].dep_ == "cc"
        and doc[t.left_edge.i - 2].text == ","
    )
    return t.lemma_.lower() in reporting_verbs() or (backshift and plain_past and comma)


def _span_of(para: Paragraph, toks: list, rule: rules.Rule) -> tuple[int, int, rules.Rule] | None:
    """Character offsets of ``toks`` without edge punctuation, when long enough and unquoted."""
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    if len([t for t in toks if not t.is_punct]) < MIN_WORDS:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    if start == 0 and (dateline := DATELINE.match(para.text[:end])):
        start = dateline.end()  # "KIRKUK, Iraq (Reuters) - <clause>, sources said"
    if any(not (end <= a or start > b) for a, b in para.quoted):
        return None  # the content is quoted: only the marked spans count (codebook A4)
    return start, end, rule
