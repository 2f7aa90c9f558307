"""Find every quotation in a news article and attribute it to a canonical speaker.

Two stages, each over one paragraph at a time (the spaCy parse is done once per paragraph):

1. **Marks -> spans** (:func:`find_quote_spans`). Quotation marks are paired inside a paragraph,
   never across paragraphs except for the news convention of a quotation continued over several
   paragraphs (each paragraph opens with a mark, only the last one closes). Curly, straight,
   double and single marks are handled; apostrophes (``don’t``, ``Iraq’s``, ``the allies’``) are
   not marks. Broken marks left by scraping are repaired or reported, never allowed to swallow
   the next paragraph: a nested opening mark is kept as text inside the quotation, a closing
   mark without an opening mark is ignored (``… as happened.” In 2011.”`` ends at
   ``happened.``), a lone opening mark before punctuation (``” “.``) is dropped.
   Every change is reported by :func:`stray_marks`.

2. **Spans and cues -> attributed quotations** (:func:`extract_quotes`). The rules, tried in this
   order for each quotation (the ``rule`` column names the one that decided):

   ====================== ==================================================================
   multi-paragraph        a paragraph that continues the previous paragraph's open quotation
   ccomp-nsubj            the quotation lies in the complement of a reporting verb, whose
                          subject names the speaker (``X said, “…”``, ``X pointed out that “…”``)
   cue-then-quote         a reporting verb earlier in the sentence, outside its parse subtree
   according-to           ``…, according to X`` / ``“…,” according to X``
   quote-then-speaker     ``“…,” X said`` / ``“…,” as X states`` / ``“…,” X expressed his belief``
                          / ``“… .” X said.`` (a short attribution sentence of its own)
   said-X                 ``“…,” said X`` / ``Said X: “…”``
   lead-in                a paragraph-long quotation after ``X read from a statement:``
   sentence-subject       no cue, but the sentence's subject is a known speaker (``X is unlikely…``)
   colon-name             no cue, a name right before a colon opens it (``Pollster X: “…”``)
   dash-name              no cue, a dash and a name after it (``“…” ― Jane Roe``)
   introduced-speaker     a paragraph that is only a quotation, after a paragraph without
                          quotations whose subject is a named person (``X praised Y. ¶ “…”``)
   floating-quote         a whole-sentence quotation with no cue: the speaker in focus, or the
                          speaker of the quotation before it in the same paragraph when it
                          opens a new sentence (``“…,” X said. “…”``)
   unattributed           speech no rule could attribute (speaker ``unknown``)
   indirect-ccomp         indirect speech, no marks: ``X demanded that …`` (kind ``indirect``)
   indirect-object        indirect speech through the object of a verb of demanding or
                          condemning, named subjects only (``X condemns any armed activity``)
   ====================== ==================================================================

   The speaker phrase found by those rules is then resolved to a canonical speaker
   (:class:`helpers.speakers.SpeakerRegistry`). When that needed more than reading a name, the
   ``rule`` column names the resolution instead:

   ====================== ==================================================================
   pronoun-continuation   ``He added, “…”``: the last speaker quoted (gender-aware), or, when
                          nobody has been quoted yet, the last person named
   pronoun-antecedent     ``… prompted the spokesman, NAME, to respond … in which he said``
   relative-who           ``according to X, who continued, “…”``
   role-reference         ``The head of the X center believes …``: the person given that role
   organisation-reference ``the embassy said``: the organisation named earlier with that noun
   next-sentence-name     ``a representative … indicated …. Representative NAME pointed out``
   anonymous              ``a senior official, who requested anonymity, said`` ->
                          ``a senior official (anonymous)``
   role-only / generic-source  a role or a plural source with no name (``(unnamed)``), or a
                          short description after the quotation (``“…,” the businessman replied``)
   ====================== ==================================================================

   Reading the speaker phrase is robust to the errors of a small parser: a capitalised word the
   tagger took for a common noun is a name when the article tags it as one elsewhere ("Trump
   said"), a party-and-state parenthesis is skipped ("Sen. X (D-Mass.) said"), a speaker read
   as the verb's object after a quotation is its subject (``“…,” added another Republican``),
   and a document speaks for its authors (``the IMF report stated``; ``document_nouns``).

   Short quoted spans that are names or scare quotes are not speech and are never returned: a
   Title-Case span (``the “Al-Fatah” coalition``), a span that modifies the noun after it (``the
   “Peshmerga” forces``; not one closed by a comma, ``“…,” Roe said``), a label after "so-called"/"named", a single noun after an article, or
   any other span under ``speech_min_words`` words with no reporting cue in scope (``a
   representative for the “coordination framework” indicated`` - the span is inside the
   speaker's own description). Unattributed speech has ``speaker == "unknown"``.

   ``kind`` follows the syntax (data/annotations/CODEBOOK.md, A3): ``direct`` when the quotation
   stands on its own (``He added, “…”``, ``“…,” X said``), ``partial`` when it is part of the
   writer's clause (after *that*, *as*, an article), ``indirect`` for reported speech without
   marks (only when the whole content of the cue is unmarked).

Lexicons are data: ``data/reporting_verbs.txt`` and ``data/attribution_patterns.yaml``.
Not found: speech reported without a cue verb or marks, speakers referred to by possessives,
quotations inside quotations (they stay part of the outer quotation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
from spacy.tokens import Doc, Span, Token

from helpers.article import Article, word_count
from helpers.marks import (
    ALL_MARKS,
    DOUBLE_CLOSE,
    DOUBLE_OPEN,
    SINGLE_CLOSE,
    SINGLE_OPEN,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
)
from helpers.paths import package_data
from helpers.speakers import (
    UNKNOWN,
    Speaker,
    SpeakerRegistry,
    clean_phrase,
    gender_of,
    patterns,
    split_title,
)

__all__ = [
    "QUOTE_COLUMNS",
    "RULES",
    "QuoteSpan",
    "StrayMark",
    "extract_quotes",
    "find_quote_spans",
    "pair_marks",
    "reporting_verbs",
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

#: Every value the ``rule`` column can take, in the order the rules are tried.
RULES = (
    "multi-paragraph",
    "ccomp-nsubj",
    "cue-then-quote",
    "according-to",
    "quote-then-speaker",
    "said-X",
    "lead-in",
    "sentence-subject",
    "colon-name",
    "dash-name",
    "introduced-speaker",
    "floating-quote",
    "unattributed",
    "indirect-ccomp",
    "indirect-object",
    "pronoun-continuation",
    "pronoun-antecedent",
    "relative-who",
    "role-reference",
    "organisation-reference",
    "next-sentence-name",
    "anonymous",
    "role-only",
    "generic-source",
)


#: Words that do not count against a Title-Case name ("Party of the Right", "al-Fatah").
_NAME_FUNCTION_WORDS = {"of", "the", "and", "for", "in", "on", "al", "el", "de", "a", "to", "&"}
#: Gap words allowed between a quotation and the attribution that follows it.
_GAP_WORDS = {"as", "according", "to", "also", "then", "later", "further", "earlier", "again",
              "has", "had", "have", "once", "previously", "recently"}  # fmt: skip
#: Longest description ("the gambling tycoon") taken as an unnamed speaker after a quotation.
_DESCRIPTION_MAX_WORDS = 4
#: Longest sentence (tokens) read as the attribution of the quotation before it ("Trump said.").
_ATTRIBUTION_MAX = 8
#: How far (in tokens) a complementizer "that" may follow its reporting verb.
_THAT_WINDOW = 7


# --------------------------------------------------------------------------- lexicons


@cache
def reporting_verbs() -> dict[str, str]:
    """Reporting verb lemma -> class (``speech``, ``belief``, ``object``), from the data file."""
    text = package_data("reporting_verbs.txt").read_text("utf-8")
    verbs: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lemma, cls = line.split()
            verbs[lemma.lower()] = cls
    return verbs


#: Past forms of reporting verbs that the -ed/-d rule of :func:`_reporting_forms` misses.
_IRREGULAR_PAST = ("said", "told", "wrote", "thought", "felt", "found", "saw", "read", "made")


@cache
def _reporting_forms() -> frozenset[str]:
    """Inflected forms of the reporting verbs ("said", "added", "continues", "stated")."""
    forms = set(_IRREGULAR_PAST)
    for lemma in reporting_verbs():
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", stem + "ed", lemma + "d"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return frozenset(forms)


@cache
def _lexicon() -> dict[str, frozenset[str]]:
    p = patterns()
    return {
        "role": frozenset(w.lower() for w in p["role_nouns"]),
        "org": frozenset(w.lower() for w in p["organisation_nouns"]),
        "generic": frozenset(w.lower() for w in p["generic_sources"]),
        "document": frozenset(w.lower() for w in p["document_nouns"]),
        "impersonal": frozenset(w.lower() for w in p["impersonal_subjects"]),
        "particles": frozenset(w.lower() for w in p["name_particles"]),
        "titles": frozenset(w.lower() for t in p["titles"] for w in t.split()),
    }


@cache
def _phrasal() -> dict[str, str]:
    """Verbs that are cues only with their particle: ``point`` -> ``out``."""
    return {verb: particle for verb, particle in patterns()["phrasal_cues"]}


# --------------------------------------------------------------------------- marks -> spans


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted stretch of one paragraph. Offsets are into the paragraph text.

    ``start``/``end`` delimit the words inside the marks (``text[start:end]``); ``open_at`` is
    the index of the opening mark and ``close_at`` that of the closing mark, or None when the
    quotation runs to the end of the paragraph. ``note`` says what was repaired, if anything.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    marks: str = "double"
    note: str = ""

    def text(self, paragraph: str) -> str:
        return paragraph[self.start : self.end]


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
    taken = [(s.open_at, s.close_at if s.close_at is not None else len(text)) for s in spans]
    single, single_strays = _pair_single(text, taken)
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


def _straight_opens(text: str, i: int) -> bool:
    """Whether a straight mark at ``i`` looks like an opening mark (space or start before it)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _pair_double(text: str, continues: bool) -> tuple[list[QuoteSpan], list[StrayMark]]:
    spans: list[QuoteSpan] = []
    strays: list[StrayMark] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch in DOUBLE_OPEN or (ch == STRAIGHT_DOUBLE and open_at is None):
            if ch == STRAIGHT_DOUBLE and not _straight_opens(text, i) and spans:
                closing = True  # a straight mark glued to the word before: a stray closing mark
            elif open_at is None:
                open_at = i
                continue
            else:
                strays.append(
                    StrayMark(i, ch, "opening mark inside an open quotation: kept as text")
                )
                continue
        elif ch in DOUBLE_CLOSE or ch == STRAIGHT_DOUBLE:
            closing = True
        else:
            continue
        if closing and open_at is not None:
            spans.append(_inner(text, open_at, i))
            open_at = None
        elif closing:
            strays.append(StrayMark(i, ch, "closing mark without an opening mark: ignored"))
    if open_at is not None:
        rest = text[open_at + 1 :]
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
            spans.append(_inner(text, open_at, None, note=note))
            if not continues:
                strays.append(
                    StrayMark(open_at, text[open_at], "opening mark never closed in this paragraph")
                )
    return spans, strays


def _inner(text: str, open_at: int, close_at: int | None, note: str = "") -> QuoteSpan:
    start, end = open_at + 1, len(text) if close_at is None else close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(start, end, open_at, close_at, "double", note)


def _pair_single(
    text: str, taken: list[tuple[int, int]]
) -> tuple[list[QuoteSpan], list[StrayMark]]:
    """Single-quoted spans outside double-quoted ones; apostrophes are not marks."""

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
            strays.append(StrayMark(o, text[o], "single opening mark without a closing mark"))
            continue
        span = _inner(text, o, pick)
        spans.append(QuoteSpan(span.start, span.end, o, pick, "single", ""))
        used = pick
    return spans, strays


def stray_marks(article: Article | str) -> pd.DataFrame:
    """Quotation marks the pairing ignored or repaired, per paragraph.

    Columns: ``paragraph``, ``offset`` (into ``article.body``), ``mark``, ``note``.
    """
    article = _as_article(article)
    rows = []
    paras = list(article.paragraphs.itertuples(index=False))
    for k, para in enumerate(paras):
        continues = k + 1 < len(paras) and _opens_with_mark(paras[k + 1].text)
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


def _opens_with_mark(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and t[0] in DOUBLE_OPEN + STRAIGHT_DOUBLE + SINGLE_OPEN


# --------------------------------------------------------------------------- parse -> cues, mentions


@dataclass
class Mention:
    """The words that name a (possible) speaker, read off the parse.

    ``kind``: person, organisation, proper (a name tagged as a place or organisation: a person
    when already known), role (a role noun without a name), generic, pronoun, impersonal or other. Offsets are into the paragraph.
    """

    text: str
    start: int
    end: int
    kind: str
    name: str = ""
    title: str = ""
    role: str = ""
    head: str = ""
    definite: bool = False
    token: Token | None = None
    named: bool = False  # the phrase holds a proper noun ("US embassy", "the “Al-Fatah” coalition")


@dataclass
class Cue:
    """A reporting cue outside quotation marks: a verb (or ``according to``) and its speaker."""

    token: Token
    text: str
    cls: str  # speech, belief, object, source
    subject: Token | None = None
    relative: bool = False  # the subject is "who"/"which" of a relative clause
    inherits: bool = False  # a participle ("indicating that") without its own subject
    that_at: int | None = None  # token index of the complementizer "that", if any
    used: bool = False


@dataclass
class Paragraph:
    """One paragraph, parsed once: its spans, sentences, cues and name mentions."""

    number: int
    section: str
    text: str
    offset: int
    doc: Doc
    spans: list[QuoteSpan]
    quoted: list[tuple[int, int]]  # character regions from opening to closing mark
    sents: list[Span]
    cues: list[list[Cue]] = field(default_factory=list)
    names: list[list[Mention]] = field(default_factory=list)
    known_names: frozenset[str] = frozenset()  # capitalised words tagged as names in the article

    def in_quotes(self, tok: Token) -> bool:
        return any(a <= tok.idx <= b for a, b in self.quoted)

    def sentence_of(self, char: int) -> int:
        for k, s in enumerate(self.sents):
            if s.start_char <= char < s.end_char:
                return k
        # between sentences (white space) or past the end: the sentence before
        before = [k for k, s in enumerate(self.sents) if s.start_char <= char]
        return before[-1] if before else 0


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _find_cues(sent: Span, para: Paragraph) -> list[Cue]:
    verbs, phrasal = reporting_verbs(), _phrasal()
    cues: list[Cue] = []
    doc = sent.doc
    for tok in sent:
        if para.in_quotes(tok):
            continue
        source = _source_phrase(tok, sent)
        if source is not None:
            cues.append(source)
            continue
        lemma = tok.lemma_.lower()
        cls = verbs.get(lemma)
        if cls is None or not _is_verb(tok):
            continue
        words = [tok.text]
        if lemma in phrasal:
            prt = [c for c in tok.children if c.lower_ == phrasal[lemma]]
            if not prt and not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == phrasal[lemma]):
                continue
            words.append(phrasal[lemma])
        that_at = _that_after(tok, sent, para)
        quote_next = _quote_follows(tok, para)
        if cls == "belief" and that_at is None and not quote_next and not _has_dep(tok, "ccomp"):
            continue
        cue = Cue(tok, _cue_text(tok, that_at, sent, para, " ".join(words)), cls, that_at=that_at)
        # the subject nearest the verb (a dateline may be parsed as a second subject)
        subj = sorted(
            (c for c in tok.children if c.dep_ in ("nsubj", "expl")), key=lambda c: abs(c.i - tok.i)
        )
        if subj:
            cue.subject = _outside_parentheses(subj[0])
            if subj[0].lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                cue.subject, cue.relative = tok.head, True
        elif tok.dep_ == "relcl" and tok.head.pos_ in ("PROPN", "NOUN"):
            cue.subject, cue.relative = tok.head, True
        elif (inverted := _inverted_subject(tok, para)) is not None:
            cue.subject = inverted  # "“…,” added another Republican": parsed as an object
        elif tok.tag_ != "VBG" and (linear := _subject_before(tok, para)) is not None:
            # a misparse left the verb without subject: the phrase before it
            cue.subject = _outside_parentheses(linear)
        else:
            cue.inherits = True
        cues.append(cue)
    return cues


def _inverted_subject(verb: Token, para: Paragraph) -> Token | None:
    """``“…,” added another state Republican``: the parser often reads the speaker after the
    verb as its object. Taken only when a closing quotation mark comes right before the verb and
    the noun phrase after it is a name or a noun (never a pronoun: "“…,” told him"), and only
    when the quotation opens the sentence. Also the inverted lead-in ``Said Ellis: “…”``: a
    verb opening the sentence, then a name and a colon or comma."""
    doc = verb.doc
    if not any(not t.is_punct for t in doc[verb.sent.start : verb.i]) and verb.text[:1].isupper():
        return _name_run_end(doc, verb.i + 1, (":", ","))  # "Said Ellis: “…”"
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


def _name_run_end(doc: Doc, i: int, stops: tuple[str, ...] | None) -> Token | None:
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


def _outside_parentheses(tok: Token) -> Token:
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


@cache
def _source_phrases() -> dict[str, list[list[str]]]:
    """The ``source_phrases`` as word lists, indexed by their first word (in file order)."""
    out: dict[str, list[list[str]]] = {}
    for phrase in patterns()["source_phrases"]:
        words = phrase.lower().split()
        out.setdefault(words[0], []).append(words)
    return out


def _source_phrase(tok: Token, sent: Span) -> Cue | None:
    """``according to X`` (and the other ``source_phrases``) starting at ``tok``, or None."""
    doc = tok.doc
    for words in _source_phrases().get(tok.lower_, ()):
        last = tok.i + len(words) - 1
        if last >= sent.end or [t.lower_ for t in doc[tok.i : last + 1]] != words:
            continue
        objs = [c for c in doc[last].children if c.dep_ in ("pobj", "dobj")]
        subj = objs[0] if objs else (doc[last + 1] if last + 1 < sent.end else None)
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
    right = None
    if that_at is not None:
        right = that_at
    else:
        for t in doc[tok.i + 1 : min(sent.end, tok.i + 9)]:
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
    j = verb.i - 1
    doc = verb.doc
    while j >= verb.sent.start and (doc[j].is_punct or doc[j].pos_ in ("ADV", "AUX", "PART")):
        if doc[j].text in ALL_MARKS:
            return None
        j -= 1
    if j < verb.sent.start or para.in_quotes(doc[j]):
        return None
    t = _outside_parentheses(doc[j])  # "Sen. NAME (D-Mass.) said"
    while t.dep_ in ("compound", "flat") and t.head.i > t.i:
        t = t.head
    start = t
    # out of a relative clause or a prepositional phrase to the noun it describes
    # ("a senior engineer at the ministry, who requested anonymity, said")
    climb = ("dobj", "pobj", "prep", "relcl", "acl", "appos", "attr")
    while t.dep_ in climb and not para.in_quotes(t.head) and t.head.i < verb.i and t.head.i != t.i:
        if t.dep_ == "appos" and t.head.pos_ not in ("NOUN", "PROPN"):
            break
        t = t.head
    if t.pos_ in ("PROPN", "NOUN", "PRON"):
        return t
    # the climb left the noun phrases ("In a statement to the paper, her adviser, NAME, said"):
    # the name right before the verb is the speaker
    person = start.ent_type_ == "PERSON" or _known_name(start, para)
    return start if person and start.dep_ not in ("pobj", "dobj") else None


def _has_dep(tok: Token, dep: str) -> bool:
    return any(c.dep_ == dep for c in tok.children)


def _that_after(tok: Token, sent: Span, para: Paragraph) -> int | None:
    """Index of a complementizer "that" within a few tokens after the verb, if any."""
    for t in sent.doc[tok.i + 1 : min(sent.end, tok.i + 1 + _THAT_WINDOW)]:
        if para.in_quotes(t) or (t.is_punct and t.text not in ",-‐"):
            return None
        if t.lower_ == "that" and (t.dep_ == "mark" or t.pos_ == "SCONJ"):
            return t.i
        if _is_verb(t) and t.dep_ not in ("aux", "auxpass"):
            return None
    return None


def _quote_follows(tok: Token, para: Paragraph) -> bool:
    """Whether a comma or colon and an opening quotation mark follow the verb (``continued, “``)."""
    rest = para.text[tok.idx + len(tok.text) :]
    m = re.match(r"(?:\s+(?:out|in a [\w ]{1,30}?|earlier|also))?\s*[,:]\s*(.)", rest)
    return bool(m) and m.group(1) in DOUBLE_OPEN + STRAIGHT_DOUBLE + SINGLE_OPEN


def _mention(tok: Token, para: Paragraph) -> Mention:
    """Read the speaker phrase headed by ``tok`` (a subject or object of "according to")."""
    lex = _lexicon()
    low = tok.lower_
    pron = patterns()["pronouns"]
    if tok.pos_ == "PRON" or low in lex["impersonal"] or low in pron:
        kind = "pronoun" if low in pron and low not in ("it",) else "impersonal"
        return Mention(tok.text, tok.idx, tok.idx + len(tok), kind, head=low, token=tok)
    if tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON" or _known_name(tok, para):
        return _name_mention(tok, para)
    appos = [
        c for c in tok.subtree
        if c.dep_ == "appos" and c.pos_ == "PROPN" and _role_head(c.head).i == tok.i
    ]  # fmt: skip
    if appos:
        role_toks = _after_dateline(
            [t for t in tok.subtree if t not in set(appos[0].subtree) and t.i < appos[0].i]
        )
        m = _name_mention(appos[0], para, extra_role=clean_phrase(_text_of(role_toks, para)))
        start = min(t.idx for t in role_toks) if role_toks else m.start
        m.text, m.start = para.text[start : m.end].strip(" ,"), start
        return m
    # a noun phrase without a name: the head with its modifiers and of-phrases
    toks = _np_tokens(tok)
    text = _text_of(toks, para).strip(" ,")
    first = toks[0] if toks else tok
    definite = first.lower_ in ("the", "this", "that", "these", "those") or first.dep_ == "poss"
    lemma = tok.lemma_.lower()
    if low in lex["generic"] or lemma in lex["generic"] and tok.tag_ == "NNS":
        kind = "generic"
    elif lemma in lex["role"] or low in lex["role"]:
        kind = "role"
    elif lemma in lex["org"] or lemma in lex["document"] or tok.ent_type_ in ("ORG", "GPE", "NORP"):
        kind = "organisation"  # "the Foreign Ministry", and "the IMF report" speaks for its authors
    else:
        kind = "other"
    start = min(t.idx for t in toks) if toks else tok.idx
    end = max(t.idx + len(t) for t in toks) if toks else tok.idx + len(tok)
    role = clean_phrase(text) if kind == "role" else ""
    name = clean_phrase(text) if kind == "organisation" else ""
    if kind == "organisation":  # "The X coalition, the parliamentary bloc forming the government,"
        appos = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        role = clean_phrase(_text_of(_np_tokens(appos[0]), para)) if appos else ""
    named = any(t.pos_ == "PROPN" for t in toks) and lemma in lex["org"]
    return Mention(text, start, end, kind, name=name, role=role, head=lemma, definite=definite,
                   token=tok, named=named)  # fmt: skip


def _known_name(tok: Token, para: Paragraph) -> bool:
    """A capitalised word the tagger took for a common noun ("Trump said", "Sanders tells") but
    that the article elsewhere tags as a person's name or ends a multi-word name with."""
    return tok.text[:1].isupper() and tok.text in para.known_names


def _article_names(docs: Sequence[Doc]) -> frozenset[str]:
    """Capitalised words that are names somewhere in the article: tagged PERSON, or the last word
    of a chain of proper nouns ("Bernie Sanders" -> "Sanders"). Read once per article."""
    names = set()
    for doc in docs:
        for tok in doc:
            if not tok.text[:1].isupper() or tok.is_punct:
                continue
            chain_end = (
                tok.pos_ == "PROPN" and tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN"
                and doc[tok.i - 1].head.i == tok.i
            )  # fmt: skip
            if tok.ent_type_ == "PERSON" or chain_end:
                names.add(tok.text)
    return frozenset(names)


def _after_dateline(toks: list[Token]) -> list[Token]:
    """Drop a dateline ("BAGHDAD –") that the parser attached to a role phrase."""
    dashes = [k for k, t in enumerate(toks) if t.text in ("–", "—", "--")]
    return toks[dashes[-1] + 1 :] if dashes else toks


def _np_tokens(tok: Token) -> list[Token]:
    """The noun phrase headed by ``tok``: modifiers and prepositional phrases, without relative
    clauses, appositions or time expressions ("the US embassy in Baghdad on Tuesday")."""
    cut = ("relcl", "acl", "appos", "advcl")
    toks = []
    for t in tok.subtree:
        if t.dep_ in cut or _under(t, tok, cut):
            continue
        if _under(t, tok, ("conj", "cc")) and _top_below(t, tok).dep_ in ("conj", "cc"):
            continue  # "Iraq’s Ministry of Oil and a consortium": two phrases, keep the first
        if (
            t.dep_ == "prep"
            and t.head.i == tok.i
            and any(c.ent_type_ in ("DATE", "TIME") for c in t.children)
        ):
            continue
        if t.ent_type_ in ("DATE", "TIME") and _under(t, tok, ("prep",)):
            continue
        toks.append(t)
    return _contiguous(toks, tok)


def _top_below(t: Token, top: Token) -> Token:
    """The ancestor of ``t`` that hangs directly below ``top`` (``t`` itself if it does)."""
    while t.head.i != top.i and t.head.i != t.i:
        t = t.head
    return t


def _role_head(noun: Token) -> Token:
    """The head of a role phrase a name is in apposition to: "the head of the X center, NAME"
    attaches NAME to "center"; the role's head is "head"."""
    while (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.head.pos_ in ("NOUN", "PROPN")
    ):
        noun = noun.head.head
    return noun


def _contiguous(toks: list[Token], head: Token) -> list[Token]:
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


def _under(t: Token, top: Token, deps: tuple[str, ...]) -> bool:
    """Whether ``t`` hangs below ``top`` through one of ``deps``."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in deps:
            return True
        t = t.head
    return False


def _text_of(toks: Sequence[Token], para: Paragraph) -> str:
    if not toks:
        return ""
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    return para.text[start:end]


def _name_mention(head: Token, para: Paragraph, extra_role: str = "") -> Mention:
    """A proper-name phrase: name chain, title before it, role modifiers and appositions.

    ``extra_role`` is a role read elsewhere (the noun the name is in apposition to).
    """
    lex = _lexicon()
    doc = head.doc
    i = head.i
    # the name chain: proper nouns, hyphens and particles to the left of the head
    while (
        i - 1 >= 0
        and doc[i - 1].head.i in range(i - 1, head.i + 1)
        or (i - 1 >= 0 and doc[i - 1].text in "-‐" and doc[i - 1].whitespace_ == "")
    ):
        prev = doc[i - 1]
        title_word = prev.text[:1].isupper() and prev.lower_ in lex["titles"]
        if (
            prev.pos_ == "PROPN"
            or (prev.text in "-‐" and not prev.whitespace_)
            or prev.lower_ in lex["particles"]
            or title_word
        ):
            i -= 1
        else:
            break
        if para.in_quotes(prev):
            i += 1
            break
    if head.ent_type_ == "PERSON":  # extend to the whole PERSON entity
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            i = min(i, ent.start)
    while i < head.i and doc[i].lower_ in _reporting_forms():
        i += 1  # "Said Marlow:": the tagger made the inverted verb part of the name
    chain = doc[i : head.i + 1]
    title, bare = split_title(chain.text)
    # modifiers left of the chain inside the subject: "academic researcher", "Government spokesman"
    mods = [
        t
        for t in head.subtree
        if t.i < chain.start
        and t.dep_ not in ("det", "punct", "prep")
        and not t.is_punct
        and t.pos_ != "VERB"
        and t.lower_ not in _reporting_forms()  # "Said Marlow:" - the verb hung on the name
    ]
    mods = [t for t in mods if t.head.i >= chain.start or t.head in mods]
    ids, j = {t.i for t in mods}, chain.start - 1
    while j in ids:  # only the unbroken run right before the name (not a dateline "ERBIL –")
        j -= 1
    mods = [doc[i] for i in range(j + 1, chain.start)]
    role_parts = []
    if mods and title:  # "Iraqi Foreign Minister X": one role
        role_parts.append(clean_phrase(_text_of(mods, para)) + " " + title)
        title = ""
    elif mods:
        role_parts.append(clean_phrase(_text_of(mods, para)))
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            role_parts.append(clean_phrase(_text_of(list(c.subtree), para)))
    role = "; ".join(p for p in [extra_role, *role_parts] if p)
    words = {w.lower().strip(".") for w in re.split(r"[\s\-]+", bare)}
    if words & lex["org"] and not title:
        toks = _np_tokens(head)  # "Iraq's Ministry of Foreign Affairs", "US embassy in Baghdad"
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        text = para.text[start:end]
        return Mention(text, start, end, "organisation", name=clean_phrase(text), head=head.lower_,
                       definite=True, token=head, named=True)  # fmt: skip
    elif title or role or head.ent_type_ == "PERSON":
        kind = "person"
    elif head.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"):
        kind = "proper"  # a person if the name is already known, else an organisation
    else:
        kind = "person"
    start = min([chain.start_char] + [t.idx for t in mods])
    end = chain.end_char
    return Mention(
        para.text[start:end], start, end, kind, name=bare, title=title, role=role,
        head=head.lower_, definite=True, token=head, named=True,
    )  # fmt: skip


def _names_in(sent: Span, para: Paragraph) -> list[Mention]:
    """Mentions to register before attributing a sentence's quotations: persons that carry a
    role or title or are tagged PERSON, and named organisations that are subjects."""
    out = []
    for tok in sent:
        if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat") or para.in_quotes(tok):
            continue
        if tok.head.pos_ == "PROPN" and tok.dep_ == "punct":
            continue
        extra = ""
        if tok.dep_ == "appos" and tok.head.pos_ == "NOUN":
            top = _role_head(tok.head)
            role_toks = _after_dateline(
                [t for t in top.subtree if t.i < tok.i and t not in set(tok.subtree)]
            )
            extra = clean_phrase(_text_of(role_toks, para))
        m = _name_mention(tok, para, extra_role=extra)
        known_person = m.kind == "person" and (m.title or m.role or tok.ent_type_ == "PERSON")
        if known_person or m.kind == "organisation":
            out.append(m)
    for tok in sent:  # named organisations: "The US embassy in Baghdad presented ..."
        if tok.pos_ == "NOUN" and tok.dep_ not in ("compound", "amod") and not para.in_quotes(tok):
            m = _mention(tok, para)
            if m.kind == "organisation" and m.named:
                out.append(m)
    return out


def _analyse(article: Article, docs: Sequence[Doc]) -> list[Paragraph]:
    paras = list(article.paragraphs.itertuples(index=False))
    known = _article_names(docs)
    out = []
    for k, (row, doc) in enumerate(zip(paras, docs, strict=True)):
        continues = k + 1 < len(paras) and _opens_with_mark(paras[k + 1].text)
        spans, _ = pair_marks(row.text, continues=continues)
        quoted = [
            (s.open_at, s.close_at if s.close_at is not None else len(row.text)) for s in spans
        ]
        p = Paragraph(
            row.paragraph,
            row.section,
            row.text,
            row.start,
            doc,
            spans,
            quoted,
            list(doc.sents),
            known_names=known,
        )
        p.cues = [_find_cues(s, p) for s in p.sents]
        p.names = [_names_in(s, p) for s in p.sents]
        out.append(p)
    return out


# --------------------------------------------------------------------------- attribution


@dataclass
class Attribution:
    speaker: Speaker | None
    mention: str
    cue: str
    rule: str
    explain: str
    link: str = ""  # how the quotation was tied to the cue (the first group of rules)
    complement: bool = False  # the cue goes on with a that-clause ("expressed his belief that")


@dataclass
class _Row:
    para: Paragraph
    start: int  # paragraph-relative
    end: int
    kind: str
    attribution: Attribution


class _Attributor:
    """Runs the rules over the paragraphs in reading order, keeping the speaker registry."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        self.paras = paragraphs
        self.position = {id(p): i for i, p in enumerate(paragraphs)}  # paragraph -> its index
        self.registry = SpeakerRegistry()
        self.rows: list[_Row] = []
        self.persons_here: list[tuple[int, Speaker]] = []  # persons named in the current sentence
        self.last_para_quoted = -10
        self.cue_speakers: dict[int, Attribution] = {}

    # ---- driver --------------------------------------------------------------------------
    def run(self) -> list[_Row]:
        carry: Attribution | None = None  # speaker of a quotation continued into the next paragraph
        for pi, para in enumerate(self.paras):
            by_end: dict[int, list[QuoteSpan]] = {}
            for span in para.spans:
                at = span.close_at if span.close_at is not None else span.end - 1
                by_end.setdefault(para.sentence_of(at), []).append(span)
            next_carry = None
            for k in range(len(para.sents)):
                self._observe(para, k)
                for span in by_end.get(k, []):
                    att = None
                    if carry is not None and span.open_at == _first_char(para.text):
                        att = Attribution(carry.speaker, carry.mention, carry.cue, "multi-paragraph",
                                          "continues the quotation of the previous paragraph, "
                                          f"attributed to {_name(carry.speaker)}", link="multi-paragraph")  # fmt: skip
                    if att is None:
                        att = self._attribute_span(pi, para, span)
                    if att is None:
                        continue
                    self._emit(para, span.start, span.end, _kind(para, span, att), att)
                    if span.note == "continues in the next paragraph":
                        next_carry = att
                for cue in para.cues[k]:
                    if not cue.used:
                        self._indirect(pi, para, k, cue)
            carry = next_carry
        return self.rows

    def _emit(self, para: Paragraph, start: int, end: int, kind: str, att: Attribution) -> None:
        if att.speaker is not None:
            if att.speaker.kind in ("person", "organisation", "unnamed", "anonymous"):
                self.registry.focus(att.speaker)
            if att.mention and att.mention.lower() not in patterns()["pronouns"]:
                att.speaker.add_alias(
                    clean_phrase(att.mention)
                    if att.speaker.kind == "person" and att.rule == "role-reference"
                    else att.speaker.name
                )
            self.last_para_quoted = self.position[id(para)]
        self.rows.append(_Row(para, start, end, kind, att))

    def _observe(self, para: Paragraph, k: int) -> None:
        """Register the persons named (with a role or title) in sentence ``k``."""
        self.persons_here = []
        for m in para.names[k]:
            if m.kind == "organisation":
                self.registry.organisation(m.name, offset=para.offset + m.start).add_role(m.role)
                continue
            sp = self.registry.person(
                m.name, offset=para.offset + m.start, role=m.role or None, title=m.title or None
            )
            self.persons_here.append((m.start, sp))
            self.registry.named(sp)

    # ---- quotations ------------------------------------------------------------------------
    def _attribute_span(self, pi: int, para: Paragraph, span: QuoteSpan) -> Attribution | None:
        quote = span.text(para.text)
        short = word_count(quote) < patterns()["speech_min_words"]
        if _is_name_or_scare(para, span):
            return None
        k0 = para.sentence_of(span.open_at)
        k1 = para.sentence_of(span.close_at if span.close_at is not None else span.end - 1)
        before = [c for c in para.cues[k0] if c.token.idx < span.open_at]
        if not before and k0 > 0 and _ends_with_intro(para.sents[k0 - 1]):
            before = para.cues[k0 - 1][-1:]
        after = [c for c in para.cues[k1] if c.token.idx > (span.close_at or span.end)]
        if not after and (short_next := self._attribution_sentence(para, k1, span)) is not None:
            after, k1 = [short_next], k1 + 1  # "“… missing.” Trump said."
        at_sentence_start = not para.text[para.sents[k0].start_char : span.open_at].strip(" ,;:—–-")
        options: list[tuple[str, Cue]] = []
        following = after[0] if after and self._adjacent_after(para, span, after[0]) else None
        if at_sentence_start and following:
            options.append(("after", following))
        if before:
            options += [("before", cue) for cue in reversed(before)]  # nearest first
        if following and not at_sentence_start:
            options.append(("after", following))
        for where, cue in options:
            att = self._from_cue(pi, para, k0 if where == "before" else k1, cue, span, where)
            if att is not None:
                cue.used = True
                return att
        if options:  # a reporting cue claims it, but its subject names nobody we know
            where, cue = options[0]
            return Attribution(None, "", cue.text, "cue-then-quote" if where == "before" else "quote-then-speaker",
                               f"the reporting verb “{cue.text}” introduces it, but its subject could not be "
                               "resolved to a speaker", link="cue-then-quote" if where == "before" else "quote-then-speaker")  # fmt: skip
        if short and not _whole_sentence(para, span):
            return None
        return self._fallback(pi, para, k0, span)

    def _attribution_sentence(self, para: Paragraph, k: int, span: QuoteSpan) -> Cue | None:
        """``“… missing.” Trump said.``: a full stop inside the marks made the attribution a
        sentence of its own. Its speech cue is taken when that sentence follows the closing mark
        directly, is short and holds no quotation."""
        if span.close_at is None or k + 1 >= len(para.sents):
            return None
        nxt = para.sents[k + 1]
        if para.text[span.close_at + 1 : nxt.start_char].strip() or len(nxt) > _ATTRIBUTION_MAX:
            return None
        if any(para.in_quotes(t) for t in nxt):
            return None
        cues = [c for c in para.cues[k + 1] if c.cls == "speech" and c.subject is not None]
        return cues[0] if cues else None

    def _lead_in(self, pi: int, para: Paragraph, span: QuoteSpan) -> Attribution | None:
        """``Hale then read from a prepared statement:`` + a paragraph that is a quotation."""
        if pi == 0 or span.open_at != _first_char(para.text):
            return None
        prev = self.paras[pi - 1]
        if not prev.text.rstrip().endswith(":") or not prev.sents:
            return None
        root = prev.sents[-1].root
        subj = [c for c in root.children if c.dep_ == "nsubj"]
        if not subj:
            return None
        att = self._resolve(
            pi - 1, prev, len(prev.sents) - 1, Cue(root, root.text, "speech", subj[0])
        )
        if att is None or att.speaker is None:
            return None
        why = f"the paragraph before ends with a colon after “{att.mention} {root.text}”"
        return Attribution(att.speaker, att.mention, root.text, att.rule if att.rule in _RESOLUTIONS else "lead-in",
                           f"{why}; {att.explain}" if att.explain else why, link="lead-in")  # fmt: skip

    def _adjacent_after(self, para: Paragraph, span: QuoteSpan, cue: Cue) -> bool:
        """``“…,” X said`` / ``“…,” according to X``: only the speaker phrase in between."""
        end = span.close_at if span.close_at is not None else span.end
        subj_tree = set(cue.subject.subtree) if cue.subject is not None else set()
        if any(span.start <= t.idx < span.end for t in subj_tree):
            return False  # the quoted words are part of the speaker's description
        gap = [
            t
            for t in para.doc
            if end < t.idx < cue.token.idx and not t.is_punct and t not in subj_tree
        ]
        if len(gap) > 4:
            return False
        return all(t.lower_ in _GAP_WORDS or t.pos_ in ("ADV", "AUX", "PART") for t in gap)

    def _fallback(self, pi: int, para: Paragraph, k: int, span: QuoteSpan) -> Attribution:
        lead = self._lead_in(pi, para, span)
        if lead is not None:
            return lead
        sent = para.sents[k]
        subj = [c for c in sent.root.children if c.dep_ == "nsubj"]
        if subj and not any(span.start <= t.idx < span.end for t in subj[0].subtree):
            m = _mention(subj[0], para)
            sp = None
            if m.kind == "person":
                sp = self.registry.find_name(m.name)
            elif m.kind == "pronoun" and m.head in ("he", "she"):
                sp = self.registry.in_focus(m.head)
            if sp is not None:
                return Attribution(sp, m.text, "", "sentence-subject",
                                   f"no reporting verb; the sentence's subject “{m.text}” is {sp.name}, "
                                   "already quoted", link="sentence-subject")  # fmt: skip
        named = self._colon_name(para, span) or self._dash_name(para, span)
        if named is not None:
            return named
        same = self._same_paragraph_speaker(para, span)
        if same is not None:
            return same
        if _whole_sentence(para, span) and (intro := self._introduced(pi, para, span)) is not None:
            return intro
        if _whole_sentence(para, span):
            focus = self.registry.last()
            if focus is not None and pi - self.last_para_quoted <= 1:
                return Attribution(focus, "", "", "floating-quote",
                                   f"a whole-sentence quotation with no reporting verb; {focus.name} "
                                   "was quoted just before", link="floating-quote")  # fmt: skip
        return Attribution(None, "", "", "unattributed", "no reporting verb or speaker found for this quotation",
                           link="unattributed")  # fmt: skip

    def _colon_name(self, para: Paragraph, span: QuoteSpan) -> Attribution | None:
        """``Republican pollster Jane Roe: “…”``: a name (and nothing after it) before a colon that
        opens the quotation, in the same paragraph. Only a name the parser tags as proper."""
        head_text = para.text[: span.open_at].rstrip()
        if not head_text.endswith(":"):
            return None
        colon = [t for t in para.doc if t.idx == len(head_text) - 1]
        if not colon or colon[0].i == 0:
            return None
        last = para.doc[colon[0].i - 1]
        if para.in_quotes(last) or not (last.pos_ == "PROPN" or _known_name(last, para)):
            return None
        while last.dep_ == "conj" and last.head.i < last.i and last.head.pos_ == "PROPN":
            last = last.head  # "Jane Roe and John Doe:": the first of the authors
        m = _name_mention(last, para)
        if m.kind not in ("person", "proper", "organisation"):
            return None
        offset = para.offset + m.start
        sp = (
            self.registry.organisation(m.name, offset=offset)
            if m.kind == "organisation"
            else self.registry.person(m.name, offset=offset, role=m.role or None,
                                      title=m.title or None)
        )  # fmt: skip
        self.registry.named(sp)
        return Attribution(sp, m.text, ":", "colon-name",
                           f"the name “{m.text}” and a colon introduce the quotation",
                           link="colon-name")  # fmt: skip

    def _dash_name(self, para: Paragraph, span: QuoteSpan) -> Attribution | None:
        """``“…” ― Jane Roe`` / ``“…” — Mayor John Doe, in a tweet``: a dash after the closing
        mark, then a name (the signature of a quoted tweet, motto or epigraph)."""
        if span.close_at is None:
            return None
        m = re.match(r"\s*[―—–]\s*", para.text[span.close_at + 1 :])
        if m is None:
            return None
        at = span.close_at + 1 + m.end()
        first = [t for t in para.doc if t.idx == at]
        end = _name_run_end(para.doc, first[0].i, None) if first else None
        if end is None:
            return None
        mention = _name_mention(end, para)
        sp = self.registry.person(mention.name, offset=para.offset + mention.start,
                                  title=mention.title or None)  # fmt: skip
        self.registry.named(sp)
        return Attribution(sp, mention.text, "―", "dash-name",
                           f"a dash and the name “{mention.text}” sign the quotation",
                           link="colon-name")  # fmt: skip

    def _same_paragraph_speaker(self, para: Paragraph, span: QuoteSpan) -> Attribution | None:
        """``“…,” Bennett said. “Sandy is a local celebrity …”``: a quotation that opens a new
        sentence, after a quotation of the same paragraph whose speaker is known, continues it."""
        if not re.search(r"[.!?][”’\"']?\s*$", para.text[: span.open_at]):
            return None
        # the last row of this paragraph that ends before the quotation (the paragraph's rows
        # are the last ones: paragraphs are read in order)
        before = None
        for r in reversed(self.rows):
            if r.para is not para:
                break
            if r.end <= span.open_at:
                before = r
                break
        if before is None or before.attribution.speaker is None or before.kind == "indirect":
            return None
        sp = before.attribution.speaker
        return Attribution(sp, "", "", "floating-quote",
                           f"a new sentence of quotation after {sp.name}'s quotation in the same "
                           "paragraph", link="floating-quote")  # fmt: skip

    def _introduced(self, pi: int, para: Paragraph, span: QuoteSpan) -> Attribution | None:
        """A paragraph that is only a quotation, after a paragraph without quotations whose last
        sentence has a named person as subject (``Roe praised the plan. ¶ “We need it.”``)."""
        if pi == 0 or span.open_at != _first_char(para.text):
            return None
        prev = self.paras[pi - 1]
        if prev.spans or not prev.sents:
            return None
        sent = prev.sents[-1]
        subj = [c for c in sent.root.children if c.dep_ == "nsubj" and not prev.in_quotes(c)]
        if not subj:
            return None
        m = _mention(subj[0], prev)
        sp = self.registry.find_name(m.name) if m.kind in ("person", "proper") else None
        if sp is None:
            return None
        return Attribution(sp, m.text, "", "introduced-speaker",
                           f"no reporting verb; the paragraph before is about {sp.name} "
                           f"(its subject “{m.text}”)", link="floating-quote")  # fmt: skip

    # ---- cues -> speakers ---------------------------------------------------------------------
    def _from_cue(
        self, pi: int, para: Paragraph, k: int, cue: Cue, span: QuoteSpan | None, where: str
    ) -> Attribution | None:
        if cue.inherits:
            prior = [
                c for c in para.cues[k] if c.token.i < cue.token.i and id(c) in self.cue_speakers
            ]
            if prior:
                base = self.cue_speakers[id(prior[-1])]
                att = Attribution(base.speaker, base.mention, cue.text, base.rule, base.explain)
            else:
                head = cue.token.head
                subj = [c for c in head.children if c.dep_ == "nsubj"]
                if not subj:
                    return None
                cue = Cue(cue.token, cue.text, cue.cls, subj[0], that_at=cue.that_at)
                att = self._resolve(pi, para, k, cue)
        else:
            att = self._resolve(pi, para, k, cue, described=where == "after" and span is not None)
        if att is None or att.speaker is None:
            return None
        self.cue_speakers[id(cue)] = att
        link = self._link_rule(cue, span, where, att)
        if span is not None:
            att = Attribution(att.speaker, att.mention, cue.text, att.rule if att.rule in _RESOLUTIONS else link[0],
                              f"{link[1]}; {att.explain}" if att.explain else link[1],
                              link=link[0], complement=cue.that_at is not None)  # fmt: skip
        return att

    def _link_rule(
        self, cue: Cue, span: QuoteSpan | None, where: str, att: Attribution
    ) -> tuple[str, str]:
        m = att.mention
        if cue.cls == "source":
            return "according-to", f"the quotation is attributed “according to {m}”"
        if where == "after":
            if cue.subject is not None and cue.subject.i > cue.token.i:
                return "said-X", f"“{cue.text} {m}” follows the quotation"
            return "quote-then-speaker", f"“{m} … {cue.text}” follows the quotation"
        if span is not None and any(span.start <= t.idx < span.end for t in cue.token.subtree):
            return (
                "ccomp-nsubj",
                f"the quotation is in the complement of “{cue.text}”, whose subject is “{m}”",
            )
        return (
            "cue-then-quote",
            f"the reporting verb “{cue.text}” (subject “{m}”) comes before it in the sentence",
        )

    def _resolve(
        self, pi: int, para: Paragraph, k: int, cue: Cue, described: bool = False
    ) -> Attribution | None:
        """Resolve the cue's subject phrase to a canonical speaker.

        ``described``: the cue follows its quotation (``“…,” the businessman replied``), so that a
        short description outside the lexicons may name an unnamed speaker."""
        if cue.subject is None:
            return None
        m = _mention(cue.subject, para)
        reg, rule, why = self.registry, "name", ""
        sp: Speaker | None = None
        if cue.relative:
            rule, why = "relative-who", f"“who” refers to “{m.text}”"
        if m.kind == "pronoun":
            if m.head not in ("he", "she", "they"):
                return None
            ante = [
                s
                for pos, s in self.persons_here
                if pos < m.start and s.gender in (None, gender_of(m.head))
            ]
            if ante and cue.token.dep_ != "ROOT" and m.head != "they":
                sp, rule = ante[-1], "pronoun-antecedent"
                why = f"“{m.text}” refers to {sp.name}, named earlier in the sentence"
            elif (prev := self._previous_subject(pi, k, m.head)) is not None:
                sp, rule = prev, "pronoun-continuation"
                why = f"“{m.text}” stands for {sp.name}, the subject of the sentence before"
            else:
                sp = reg.in_focus(m.head)
                rule = "pronoun-continuation"
                why = f"“{m.text}” stands for {sp.name}, the last speaker quoted" if sp else ""
                if sp is None and (sp := reg.last_named(m.head)) is not None:
                    why = f"“{m.text}” stands for {sp.name}, the last person named"
        elif m.kind == "person":
            sp = reg.person(
                m.name, offset=para.offset + m.start, role=m.role or None, title=m.title or None
            )
        elif m.kind == "proper" and reg.find_name(m.name) is not None:
            sp = reg.person(m.name, offset=para.offset + m.start, title=m.title or None)
        elif m.kind == "organisation" and m.definite and not m.named and reg.find_org(m.head):
            sp, rule = reg.find_org(m.head), "organisation-reference"
            why = f"“{m.text}” is {sp.name}, named earlier"
        elif m.kind in ("organisation", "proper"):
            sp = reg.organisation(m.name or m.text, offset=para.offset + m.start)
            sp.add_role(m.role)
        elif m.kind == "generic":
            sp, rule = (
                reg.unnamed(m.text, offset=para.offset + m.start, generic=True),
                "generic-source",
            )
            why = f"“{m.text}” is a plural, unnamed source"
        elif m.kind == "role":
            sp, rule, why = self._resolve_role(pi, para, k, m)
        elif m.kind == "other" and described and _is_description(m, cue):
            # "“…,” the businessman replied": a short description, not in the lexicons
            sp, rule = reg.unnamed(m.text, offset=para.offset + m.start), "role-only"
            why = f"“{m.text}” is named only by a description"
        if sp is None:
            return None
        if sp.kind == "person":
            reg.named(sp)
        return Attribution(sp, m.text, cue.text, rule, why)

    def _resolve_role(
        self, pi: int, para: Paragraph, k: int, m: Mention
    ) -> tuple[Speaker | None, str, str]:
        reg = self.registry
        sent = para.sents[k]
        tail = para.text[m.end : sent.end_char].lower()
        if any(marker in tail[:120] for marker in patterns()["anonymity_markers"]):
            sp = reg.unnamed(self._name_orgs(m.text), offset=para.offset + m.start, anonymous=True)
            return sp, "anonymous", f"“{m.text}” asked not to be named"
        if m.definite:
            sp = reg.by_role(m.role)
            if sp is not None:
                return sp, "role-reference", f"“{m.text}” is the role given earlier to {sp.name}"
        else:
            for nm in self._next_sentence_names(pi, k):
                if m.head in (nm.title + " " + nm.role).lower().replace(";", " ").split():
                    sp = reg.person(
                        nm.name,
                        offset=self._offset_of(nm, pi, k),
                        role=m.role,
                        title=nm.title or None,
                    )
                    return (
                        sp,
                        "next-sentence-name",
                        f"the next sentence names {sp.name} with the role “{m.head}”",
                    )
        sp = reg.unnamed(self._name_orgs(m.text), offset=para.offset + m.start)
        return sp, "role-only", f"“{m.text}” is named only by role"

    def _name_orgs(self, role: str) -> str:
        """Name the organisation in an unnamed source's description when the article named it
        before: "a senior official at the ministry" -> "a senior official at the Ministry of Oil"
        (after "Iraq’s Ministry of Oil"; the possessor is dropped to keep "the")."""

        def name(match: re.Match) -> str:
            org = self.registry.find_org(match.group(2))
            if org is None or len(org.name.split()) < 2:
                return match.group(0)
            return match.group(1) + re.sub(r"^.*?[’']s\s+", "", org.name)

        nouns = "|".join(sorted(_lexicon()["org"], key=len, reverse=True))
        return re.sub(rf"\b(the )({nouns})\b", name, role)

    def _previous_subject(self, pi: int, k: int, pronoun: str) -> Speaker | None:
        """The known person who is the subject of the sentence before (``X, the consul, urged
        both sides to agree. “…,” he said.``), if the pronoun's gender allows it."""
        if k > 0:
            para, sent = self.paras[pi], self.paras[pi].sents[k - 1]
        elif pi > 0 and self.paras[pi - 1].sents:
            para, sent = self.paras[pi - 1], self.paras[pi - 1].sents[-1]
        else:
            return None
        subj = [c for c in sent.root.children if c.dep_ == "nsubj" and not para.in_quotes(c)]
        if not subj:
            return None
        m = _mention(subj[0], para)
        if m.kind not in ("person", "proper"):
            return None
        sp = self.registry.find_name(m.name)
        want = gender_of(pronoun)
        if sp is None or sp.gender not in (None, want):
            return None
        sp.gender = sp.gender or want
        return sp

    def _next_sentence_names(self, pi: int, k: int) -> list[Mention]:
        para = self.paras[pi]
        if k + 1 < len(para.sents):
            return para.names[k + 1]
        if pi + 1 < len(self.paras) and self.paras[pi + 1].names:
            return self.paras[pi + 1].names[0]
        return []

    def _offset_of(self, m: Mention, pi: int, k: int) -> int:
        para = (
            self.paras[pi]
            if k + 1 < len(self.paras[pi].sents)
            else self.paras[min(pi + 1, len(self.paras) - 1)]
        )
        return para.offset + m.start

    # ---- indirect speech ---------------------------------------------------------------------
    def _indirect(self, pi: int, para: Paragraph, k: int, cue: Cue) -> None:
        """``X demanded that …`` / ``X condemns …``: a reported clause without marks."""
        if cue.cls == "source":
            return
        sent = para.sents[k]
        doc = para.doc
        start_tok, end_tok, rule = None, None, "indirect-ccomp"
        if cue.that_at is not None:
            start_tok = cue.that_at + 1
        else:
            ccomp = [c for c in cue.token.children if c.dep_ == "ccomp" and c.i > cue.token.i]
            dobj = [c for c in cue.token.children if c.dep_ == "dobj" and c.i > cue.token.i]
            if ccomp and (cue.cls == "speech" or _has_dep(ccomp[0], "nsubj")):
                start_tok = ccomp[0].left_edge.i
                if doc[start_tok].lower_ == "that":
                    start_tok += 1
            elif dobj and cue.cls == "object":
                start_tok, end_tok, rule = (
                    dobj[0].left_edge.i,
                    dobj[0].right_edge.i + 1,
                    "indirect-object",
                )
        if start_tok is None or start_tok >= sent.end:
            return
        if end_tok is None:
            end_tok = sent.end
            for t in doc[start_tok : sent.end]:
                if t.text in ALL_MARKS:
                    return  # the content is quoted: only the marked spans count (codebook A4)
                if t.text in ";" or (
                    t.i > start_tok
                    and doc[t.i - 1].text == ","
                    and any(c.token.i == t.i for c in para.cues[k])
                ):
                    end_tok = t.i
                    break
        toks = [t for t in doc[start_tok:end_tok]]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        if len([t for t in toks if not t.is_punct]) < 3:
            return
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        if any(not (end <= a or start > b) for a, b in para.quoted):
            return
        att = self._from_cue(pi, para, k, cue, None, "before")
        if att is None or att.speaker is None:
            return
        sp = att.speaker
        if sp.kind == "generic" or (rule == "indirect-object" and not _named_source(sp)):
            return
        if rule == "indirect-object":
            link = f"the object of “{cue.text}” states, without quotation marks, the position of {sp.name}"
        else:
            link = f"the clause after “{cue.text}” reports, without quotation marks, what {sp.name} said or thinks"
        cue.used = True
        self._emit(para, start, end, "indirect",
                   Attribution(sp, att.mention, cue.text, att.rule if att.rule in _RESOLUTIONS else rule,
                               f"{link}; {att.explain}" if att.explain else link))  # fmt: skip


def _is_description(m: Mention, cue: Cue) -> bool:
    """A short noun phrase that can stand for a person ("the businessman", "a narrator", "the
    46-year-old"), not a clause the parser took for the subject."""
    return (
        cue.cls != "source"
        and cue.subject is not None
        and cue.subject.pos_ == "NOUN"
        and len(m.text.split()) <= _DESCRIPTION_MAX_WORDS
    )


def _named_source(sp: Speaker) -> bool:
    """A person, or an organisation with a proper name (not "the groups")."""
    if sp.kind == "person":
        return True
    words = {w.lower() for w in re.findall(r"[\w\-]+", sp.name)}
    return (
        sp.kind == "organisation"
        and bool(words & _lexicon()["org"])
        and any(w[:1].isupper() for w in sp.name.split())
    )


_RESOLUTIONS = {"pronoun-continuation", "pronoun-antecedent", "relative-who", "role-reference",
                "organisation-reference", "lead-in",
                "next-sentence-name", "anonymous", "role-only", "generic-source"}  # fmt: skip


def _whole_sentence(para: Paragraph, span: QuoteSpan) -> bool:
    """Whether the quotation is all there is of the sentence(s) it lies in."""
    k0 = para.sentence_of(span.open_at)
    k1 = para.sentence_of(span.close_at if span.close_at is not None else span.end - 1)
    covered = para.text[para.sents[k0].start_char : para.sents[k1].end_char]
    outside = covered.replace(span.text(para.text), "")
    return sum(c.isalnum() for c in outside) <= 3


def _first_char(text: str) -> int:
    return len(text) - len(text.lstrip())


def _name(sp: Speaker | None) -> str:
    return sp.name if sp is not None else UNKNOWN


def _ends_with_intro(sent: Span) -> bool:
    """A sentence that ends with ``said:`` or ``said,`` right before a quotation."""
    last = [t for t in sent if not t.is_space]
    return bool(last) and last[-1].text in (":", ",")


def _is_name_or_scare(para: Paragraph, span: QuoteSpan) -> bool:
    """A short quoted name or scare quote: ``the “Peshmerga” forces``, ``the “Al-Fatah” coalition``.

    True when the span has at most ``scare_quote_max_words`` words, no sentence punctuation, and
    is Title-Case (every content word capitalised), follows a naming marker ("so-called",
    "named"), is a single noun after an article, or modifies the noun right after it.
    """
    text = span.text(para.text)
    words = re.findall(r"[\w’'\-]+", text)
    if not words or len(words) > patterns()["scare_quote_max_words"] or re.search(r"[.!?]", text):
        return False
    content = [w for w in words if w.lower() not in _NAME_FUNCTION_WORDS]
    title_case = bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)
    if title_case:
        return True
    lead = para.text[max(0, span.open_at - 20) : span.open_at].lower().split()
    if lead and any(" ".join(lead[-len(m.split()) :]) == m for m in patterns()["naming_markers"]):
        return True  # "the so-called “rocket season”", "an operation named “X”"
    inner = [t for t in para.doc if span.start <= t.idx < span.end and not t.is_punct]
    if (
        len(inner) == 1
        and inner[0].pos_ in ("NOUN", "PROPN")
        and lead
        and lead[-1] in ("the", "a", "an")
    ):
        return True  # a single noun in marks after an article: a label ("the “resistance”")
    if span.close_at is None or text.rstrip()[-1:] in ",;:":
        return False  # "“We’re city people,” Roe said": a comma closes speech, not a modifier
    nxt = [t for t in para.doc if t.idx > span.close_at and not t.is_space]
    return (
        bool(nxt)
        and nxt[0].pos_ in ("NOUN", "PROPN")
        and nxt[0].idx == span.close_at + 2
        and not nxt[0].is_punct
    )


def _kind(para: Paragraph, span: QuoteSpan, att: Attribution) -> str:
    """``direct`` or ``partial``, by the syntax around the marks (codebook A3).

    Direct: introduced by a cue and a comma or colon (``He added, “…”``), or standing first in
    its sentence with only ``, X said`` / ``, said X`` after it (no that-clause), or a whole
    paragraph or sentence of quotation. Anything that is part of the writer's clause (after
    *that*, *as*, an article, a preposition) is partial, even when it is a full sentence.
    """
    if att.link in ("multi-paragraph", "lead-in", "floating-quote", "colon-name"):
        return "direct"
    k = para.sentence_of(span.open_at)
    sent_start = para.sents[k].start_char
    before = para.text[sent_start : span.open_at].rstrip()
    if before.endswith((",", ":")) and any(c.token.idx < span.open_at for c in para.cues[k]):
        return "direct"
    if not before.strip(" “‘\"'") and att.link in ("said-X", "quote-then-speaker", "according-to"):
        return "partial" if att.complement else "direct"
    if not before and k > 0 and para.text[:sent_start].rstrip().endswith(":"):
        return "direct"
    return "partial"


# --------------------------------------------------------------------------- public entry point


def _as_article(article: Article | str) -> Article:
    """An :class:`Article` from itself or from plain text (:meth:`Article.from_text`)."""
    if isinstance(article, Article):
        return article
    if not isinstance(article, str):
        raise TypeError(f"expected an Article or a string, got {type(article).__name__}")
    return Article.from_text(article)


def extract_quotes(
    article: Article | str, *, nlp=None, docs: Iterable[Doc] | None = None
) -> pd.DataFrame:
    """Every quotation of ``article`` with its canonical speaker, one row each, sorted by ``start``.

    Args:
        article: a loaded :class:`~helpers.article.Article` (or plain text, paragraphs separated
            by blank lines).
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
    article = _as_article(article)
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
    paragraphs = _analyse(article, docs)
    attributor = _Attributor(paragraphs)
    rows = attributor.run()
    return _frame(rows, attributor.registry, stray_marks(article))


def _frame(rows: list[_Row], registry: SpeakerRegistry, strays: pd.DataFrame) -> pd.DataFrame:
    records = []
    for r in sorted(rows, key=lambda r: r.para.offset + r.start):
        sp = r.attribution.speaker
        records.append(
            {
                "paragraph": int(r.para.number),
                "section": r.para.section,
                "kind": r.kind,
                "speaker": sp.name if sp else UNKNOWN,
                "speaker_id": sp.id if sp else UNKNOWN,
                "mention": r.attribution.mention,
                "cue": r.attribution.cue,
                "quote": r.para.text[r.start : r.end],
                "start": int(r.para.offset + r.start),
                "end": int(r.para.offset + r.end),
                "rule": r.attribution.rule,
                "explain": r.attribution.explain[:1].upper() + r.attribution.explain[1:] + "."
                if r.attribution.explain
                else "",
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
