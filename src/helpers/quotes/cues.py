"""Stage 2, cues: the reporting expressions of a sentence and the subject of each.

A cue is a reporting verb outside quotation marks (``said``, ``pointed out``, ``joked``; the
lemmas and their classes are in ``data/reporting_verbs.txt``) or a source phrase (``according
to``, ``in the words of``). Its ``subject`` is the token that heads the speaker phrase, read off
the parse and repaired where the small parser usually errs: a speaker after the verb read as its
object (``“…,” added another Republican``), a verb left without a subject (the phrase before
it), a party-and-state parenthesis (``Sen. X (D-Mass.) said``), a relative ``who``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from helpers.marks import ALL_MARKS, DOUBLE_OPEN, SINGLE_OPEN, STRAIGHT_DOUBLE
from helpers.quotes.lexicon import lexicon, phrasal_cues, reporting_verbs, source_phrases
from helpers.quotes.syntax import (
    Paragraph,
    has_dep,
    is_dateline,
    is_verb,
    name_run_end,
    outside_parentheses,
)
from helpers.speakers import patterns

__all__ = ["Cue", "find_cues", "inherited_subject"]

#: Entity types that name a place or a time, never a speaker.
PLACES = ("GPE", "LOC", "FAC", "DATE", "TIME")
#: How far (in tokens) a complementizer "that" may follow its reporting verb.
THAT_WINDOW = 10
#: How far (in tokens) the cue text may reach after the verb toward a quotation.
CUE_TEXT_WINDOW = 9


@dataclass
class Cue:
    """A reporting cue outside quotation marks: a verb (or ``according to``) and its speaker.

    ``cls``: ``speech``, ``belief``, ``object`` (from the verb list) or ``source`` (a source
    phrase). ``inherits``: a participle ("indicating that") whose speaker is its main clause's.
    ``that_at``: token index of the complementizer "that", if any. ``used``: a quotation has
    claimed the cue (it then reports no indirect speech of its own).
    """

    token: Token
    text: str
    cls: str
    subject: Token | None = None
    relative: bool = False
    inherits: bool = False
    that_at: int | None = None
    used: bool = False


def find_cues(sent: Span, para: Paragraph) -> list[Cue]:
    """Every reporting cue of ``sent`` outside quotation marks, in order."""
    cues: list[Cue] = []
    for tok in sent:
        if para.in_quotes(tok):
            continue
        source = _source_phrase(tok, sent)
        if source is not None:
            cues.append(source)
            continue
        cue = _verb_cue(tok, sent, para) or _noun_cue(tok, sent, para)
        if cue is not None:
            cues.append(cue)
    return cues


def _noun_cue(tok: Token, sent: Span, para: Paragraph) -> Cue | None:
    """A speech noun that reports what it holds: "renewed its *call* on Ankara to open the
    gates", "repeated his *demand* that the forces leave", "rejected Trump's *claim* that …".

    A named owner speaks ("Trump's claim"); else, for the object of a verb, the verb's subject
    ("the ministry renewed its call"); else a possessive pronoun ("contrary to his claim"). A
    that-clause (or, after a verb, an infinitive) must follow the noun.
    """
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lexicon()["speech_nouns"]:
        return None
    that_at = _that_after(tok, sent, para)
    owner = [c for c in tok.children if c.dep_ == "poss"]
    if owner and owner[0].pos_ != "PRON" and that_at is not None:
        return Cue(tok, f"{tok.text} that", "speech", owner[0], that_at=that_at)
    if tok.dep_ == "dobj" and is_verb(tok.head):
        subj = _object_noun_subject(tok, para)
        infinitive = any(
            c.dep_ in ("advcl", "xcomp", "acl") and c.i > tok.i and has_dep(c, "aux")
            and any(a.lower_ == "to" for a in c.children)
            for c in [*tok.children, *tok.head.children]
        )  # fmt: skip
        if subj is not None and (that_at is not None or infinitive):
            text = f"{tok.head.text} … {tok.text}" + (" that" if that_at is not None else "")
            return Cue(tok, text, "speech", subj, that_at=that_at)
        return None
    if owner and that_at is not None:
        return Cue(tok, f"{tok.text} that", "speech", owner[0], that_at=that_at)
    return None


def _object_noun_subject(tok: Token, para: Paragraph) -> Token | None:
    """The subject of the verb a speech noun is the object of ("*the ministry* renewed its
    call"), through a coordination the parser may have hung on the reported clause."""
    subj = verb_subjects(tok.head, para)
    if not subj and tok.head.dep_ == "conj":  # "X said …, and renewed its call": X's
        up = tok.head.head
        if up.dep_ == "ccomp" and up.head.lemma_.lower() in reporting_verbs():
            up = up.head  # the parser joined it to the reported clause, not to "said"
        subj = verb_subjects(up, para)
    return outside_parentheses(subj[0]) if subj else None


def _verb_cue(tok: Token, sent: Span, para: Paragraph) -> Cue | None:
    """The cue a reporting verb makes, with its subject, or None when ``tok`` is none."""
    lemma = tok.lemma_.lower()
    cls = reporting_verbs().get(lemma)
    if cls is None or not is_verb(tok):
        return None
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lexicon()["declining"]:
        return None  # "it declined to say how long …": nothing was said
    if _asks_anonymity(tok, para):
        return None  # "who asked that his name not be published": a request, nothing reported
    opens = tok.i == sent.start or tok.tag_ == "VBN"
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if lemma == "ask" and (passive or (opens and not any(c.dep_ == "nsubj" for c in tok.children))):
        return None  # "Asked whether …, the minister replied": the question is the journalist's
    words = [tok.text]
    particle = phrasal_cues().get(lemma)
    if particle is not None:
        doc = tok.doc
        attached = any(c.lower_ == particle for c in tok.children)
        if not attached and not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == particle):
            return None
        words.append(particle)
    that_at = _that_after(tok, sent, para)
    thought_reported = that_at is not None or _quote_follows(tok, para) or has_dep(tok, "ccomp")
    if cls == "belief" and not thought_reported:
        return None  # "saw the attack", "continued strikes": no report of thought
    cue = Cue(tok, _cue_text(tok, that_at, sent, para, " ".join(words)), cls, that_at=that_at)
    _read_subject(cue, para)
    return cue


def _asks_anonymity(verb: Token, para: Paragraph) -> bool:
    """Whether ``verb`` heads a clause describing a source by its wish not to be named ("who
    asked that his name not be published", "who requested anonymity"): a relative or adverbial
    clause with an anonymity marker (``anonymity_markers`` in the patterns file) in its
    complement or object. A main verb is never one ("said, speaking on condition of …")."""
    if verb.dep_ not in ("relcl", "acl", "advcl"):
        return False
    markers = patterns()["anonymity_markers"]
    for c in verb.children:
        if c.dep_ not in ("ccomp", "xcomp", "dobj"):
            continue
        toks = list(c.subtree)
        text = verb.lower_ + " " + para.text[toks[0].idx : toks[-1].idx + len(toks[-1])].lower()
        if any(marker in text for marker in markers):
            return True
    return False


def _read_subject(cue: Cue, para: Paragraph) -> None:
    """Set the cue's subject, or mark it as inheriting its main clause's speaker."""
    tok = cue.token
    subj = verb_subjects(tok, para)
    if subj:
        cue.subject = outside_parentheses(subj[0])
        if subj[0].lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            cue.subject, cue.relative = _antecedent(tok.head), True
    elif tok.dep_ == "relcl" and tok.head.pos_ in ("PROPN", "NOUN"):
        cue.subject, cue.relative = _antecedent(tok.head), True
    elif tok.dep_ == "acl" and is_dateline(tok.sent.root) and tok.head.pos_ in ("PROPN", "NOUN"):
        # "BAGHDAD — The X Union, which …, threatened on Monday to …": the parser took the
        # dateline for the main verb and hung the real one on the subject as a participle
        cue.subject = tok.head
    elif (inverted := _inverted_subject(tok, para)) is not None:
        cue.subject = inverted  # "“…,” added another Republican": parsed as an object
    elif tok.tag_ != "VBG" and (linear := _subject_before(tok, para)) is not None:
        cue.subject = outside_parentheses(linear)  # a misparse left the verb without subject
    else:
        cue.inherits = True


def verb_subjects(verb: Token, para: Paragraph) -> list[Token]:
    """The verb's subjects, the speaker's first. A second subject is a misparse: of a dateline
    ("BAGHDAD – X said", the subject nearest the verb is the speaker) or of an apposition
    ("Lawmakers from the X list, the largest bloc, said": the first one is)."""
    particles = lexicon()["particles"]
    subj = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "expl")
        and c.lower_ not in particles
        and any(ch.isalnum() for ch in c.text)
    ]  # "al - Khafaji": the parser may give every part of a name as a subject
    subj = [c for c in subj if not para.in_quotes(c)]  # a quoted word is never the speaker
    if len(subj) < 2:
        return subj
    datelines = [s for s in subj if is_dateline(s)]
    rest = [s for s in subj if s not in datelines]
    if datelines or not rest:
        return sorted(subj, key=lambda c: abs(c.i - verb.i))
    # "Speaking in Salem, New Hampshire, Trump went after Bush": a place is not the speaker;
    # "government spokesman Qasim al-Fartousi condemned": the name before the role noun
    people = [s for s in rest if s.ent_type_ not in PLACES]
    return sorted(people or rest, key=lambda c: (c.ent_type_ != "PERSON", c.i))


def inherited_subject(verb: Token) -> Token | None:
    """The subject a participle without one takes from the clause above it: "X said …,
    adding that", "X issued a statement saying …" (up through the noun it describes)."""
    found = []
    for ancestor in list(verb.ancestors)[:3]:
        subj = [
            c
            for c in ancestor.children
            if c.dep_ == "nsubj" and verb not in c.subtree and c.ent_type_ not in PLACES
        ]
        if subj and is_verb(ancestor):
            found.append((ancestor.lemma_.lower() not in reporting_verbs(), subj[0]))
    # a reporting verb above it first: "X said the province would pay …, adding that …"
    return min(found, key=lambda f: f[0])[1] if found else None


def _antecedent(noun: Token) -> Token:
    """The antecedent of a relative "who": the name a role noun is in apposition to
    ("Shirin Ahmed, 44, a teacher who said" -> "Ahmed"), else the noun itself."""
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return noun.head
    return noun


def _inverted_subject(verb: Token, para: Paragraph) -> Token | None:
    """``“…,” added another state Republican``: the parser often reads the speaker after the
    verb as its object. Taken only when a closing quotation mark comes right before the verb and
    the noun phrase after it is a name or a noun (never a pronoun: "“…,” told him"), and only
    when the quotation opens the sentence. Also the inverted lead-in ``Said Ellis: “…”``: a
    verb opening the sentence, then a name and a colon or comma."""
    doc = verb.doc
    if not any(not t.is_punct for t in doc[verb.sent.start : verb.i]) and verb.text[:1].isupper():
        return name_run_end(doc, verb.i + 1, (":", ","))  # "Said Ellis: “…”"
    j = verb.i - 1
    while j >= verb.sent.start and doc[j].is_punct and doc[j].text not in ALL_MARKS:
        j -= 1
    if verb.tag_ == "VBG" or j < verb.sent.start or doc[j].text not in ALL_MARKS:
        return None
    region = next(((a, b) for a, b in para.quoted if a <= doc[j].idx <= b), None)
    lead = para.text[verb.sent.start_char : region[0]] if region else "x"
    if any(c.isalnum() for c in lead):
        return None  # the quotation does not open the sentence: "… “that person,” telling Fox"
    objs = [c for c in verb.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.i > verb.i]
    if not objs or objs[0].pos_ not in ("PROPN", "NOUN"):
        return None
    return objs[0]


def _source_phrase(tok: Token, sent: Span) -> Cue | None:
    """``according to X`` (and the other ``source_phrases``) starting at ``tok``, or None."""
    doc = tok.doc
    for words in source_phrases().get(tok.lower_, ()):
        last = tok.i + len(words) - 1
        if last >= sent.end or [t.lower_ for t in doc[tok.i : last + 1]] != words:
            continue
        owner = [t for t in doc[tok.i : last + 1] if t.tag_ == "PRP$"]  # "in his telling"
        objs = [c for c in doc[last].children if c.dep_ in ("pobj", "dobj")]
        subj = (
            owner[0]
            if owner
            else objs[0]
            if objs
            else (doc[last + 1] if last + 1 < sent.end else None)
        )
        return Cue(tok, doc[tok.i : last + 1].text, "source", subj)
    return None


def _cue_text(tok: Token, that_at: int | None, sent: Span, para: Paragraph, verb: str) -> str:
    """The reporting expression as written: auxiliaries and adverbs before the verb, and after
    it up to "that" ("has always demanded", "pointed out in a press statement that"), up to "as"
    before a quotation ("described these accusations as"), or up to the comma before one
    ("said in a statement")."""
    doc = tok.doc
    left = tok.i
    while (
        left - 1 >= sent.start
        and doc[left - 1].head.i == tok.i
        and doc[left - 1].dep_ in ("aux", "neg", "advmod")
    ):
        left -= 1
    right = that_at
    if right is None:
        for t in doc[tok.i + 1 : min(sent.end, tok.i + CUE_TEXT_WINDOW)]:
            if para.in_quotes(t) or t.text in ALL_MARKS:
                break
            if t.lower_ == "as" and t.i + 1 < sent.end and doc[t.i + 1].text in ALL_MARKS:
                right = t.i
                break
            if t.is_punct:
                if t.text in ",:" and t.i + 1 < sent.end and doc[t.i + 1].text in ALL_MARKS:
                    right = t.i - 1
                break
    if right is None or right <= tok.i:
        return " ".join([t.text for t in doc[left : tok.i]] + [verb])
    return para.text[doc[left].idx : doc[right].idx + len(doc[right])]


def _subject_before(verb: Token, para: Paragraph) -> Token | None:
    """The head of the noun phrase right before ``verb`` ("…, the governor, NAME, said")."""
    from helpers.quotes.mentions import known_name

    j = verb.i - 1
    doc = verb.doc
    while j >= verb.sent.start and (doc[j].is_punct or doc[j].pos_ in ("ADV", "AUX", "PART")):
        if doc[j].text in ALL_MARKS:
            return None
        j -= 1
    if j < verb.sent.start or para.in_quotes(doc[j]):
        return None
    t = outside_parentheses(doc[j])  # "Sen. NAME (D-Mass.) said"
    while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i != verb.i:
        t = t.head  # up a name chain, never into the verb ("Bozell notes" parsed as a compound)
    # out of a relative clause or a prepositional phrase to the noun it describes
    # ("a senior engineer at the ministry, who requested anonymity, said")
    climb = ("dobj", "pobj", "prep", "relcl", "acl", "appos", "attr")
    path = [t]
    while t.dep_ in climb and not para.in_quotes(t.head) and t.head.i < verb.i and t.head.i != t.i:
        if t.dep_ == "appos" and t.head.pos_ not in ("NOUN", "PROPN"):
            break
        t = t.head
        path.append(t)
    if t.pos_ in ("PROPN", "NOUN", "PRON"):
        return t
    # the climb left the noun phrases ("In a statement to the paper, her adviser, NAME, said";
    # "In X, on the edge of Y, herder NAME, 58, told"): the name nearest the verb is the speaker
    for cand in path:
        person = cand.ent_type_ == "PERSON" or known_name(cand, para)
        if person and cand.dep_ not in ("pobj", "dobj"):
            return cand
    return None


def _that_after(tok: Token, sent: Span, para: Paragraph) -> int | None:
    """Index of a complementizer "that" within a few tokens after the verb, if any."""
    for t in sent.doc[tok.i + 1 : min(sent.end, tok.i + 1 + THAT_WINDOW)]:
        if para.in_quotes(t) or (t.is_punct and t.text not in ",-‐"):
            return None
        if t.lower_ == "that" and (t.dep_ == "mark" or t.pos_ == "SCONJ"):
            owner = t.head.head  # "rejected Trump's *claim* that …": the claim's clause
            if (
                owner.i != tok.i
                and owner.lemma_.lower() in lexicon()["speech_nouns"]
                and owner.dep_ != "pobj"  # not "said in a statement that …"
            ):
                return None
            return t.i
        if (
            is_verb(t)
            and t.dep_ not in ("aux", "auxpass")
            and not _noun_participle(t)
            and not _aside_clause(t, tok)
        ):
            return None
    return None


def _aside_clause(t: Token, verb: Token) -> bool:
    """A "when"/"as"/"after" clause hung on ``verb`` before its complement ("conceded, *when a
    journalist asked*, that …"); not a participle of its own ("said, adding that …")."""
    return (
        t.dep_ == "advcl"
        and t.head.i == verb.i
        and any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in t.children)
    )


def _noun_participle(t: Token) -> bool:
    """A past participle describing a noun ("said in a statement *sent* to the paper that")."""
    return t.dep_ == "acl" and t.tag_ == "VBN" and t.head.pos_ == "NOUN"


def _quote_follows(tok: Token, para: Paragraph) -> bool:
    """Whether a comma or colon and an opening quotation mark follow the verb (``continued, “``)."""
    rest = para.text[tok.idx + len(tok.text) :]
    m = re.match(r"(?:\s+(?:out|in a [\w ]{1,30}?|earlier|also))?\s*[,:]\s*(.)", rest)
    return bool(m) and m.group(1) in DOUBLE_OPEN + STRAIGHT_DOUBLE + SINGLE_OPEN
