"""Stage 2, mentions: the phrases that name a (possible) speaker, read off the parse.

:func:`read_mention` reads the speaker phrase headed by a cue's subject: a personal name with
its title and role (``Iraqi Foreign Minister X``, ``X, the consul,``), an organisation (``the US
embassy in Baghdad``, ``the IMF report`` speaking for its authors), a role without a name (``a
senior official at the ministry``), a vague plural source (``observers``), a pronoun. What the
phrase then refers to is decided in stage 4 (:mod:`helpers.quotes.resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from helpers.marks import SINGLE_CLOSE, STRAIGHT_SINGLE
from helpers.quotes.lexicon import lexicon, reporting_forms
from helpers.quotes.syntax import (
    Paragraph,
    after_dateline,
    is_dateline,
    np_tokens,
    role_head,
    text_of,
)
from helpers.speakers import (
    canonical_role,
    clean_phrase,
    is_acronym,
    patterns,
    role_nouns,
    split_title,
)

#: Entity types of places: a name of one is never a person.
PLACES = ("GPE", "LOC", "FAC")

__all__ = ["Mention", "article_names", "known_name", "name_mention", "names_in", "read_mention"]


@dataclass
class Mention:
    """The words that name a (possible) speaker, read off the parse.

    ``kind``: ``person``, ``organisation``, ``proper`` (a name tagged as a place or organisation:
    a person when already known), ``role`` (a role noun without a name, or a title used alone:
    "the Speaker"), ``group`` (a plural source with an affiliation: "two Iraqi security
    officials", "lawmakers from the X bloc"), ``generic`` (a vague plural: "observers"),
    ``pronoun``, ``impersonal`` or ``other``. Offsets are into the paragraph.
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
    acronym: str = ""  # an organisation's acronym given in parentheses: "(IHEC)"


def read_mention(tok: Token, para: Paragraph) -> Mention:
    """Read the speaker phrase headed by ``tok`` (a subject or object of "according to")."""
    lex = lexicon()
    low = tok.lower_
    pron = patterns()["pronouns"]
    if tok.pos_ == "PRON" or low in lex["impersonal"] or low in pron or tok.tag_ == "PRP$":
        low = {"his": "he", "its": "it", "their": "they"}.get(low, low)  # "in his telling"
        kind = "pronoun" if low in pron and low not in ("it",) else "impersonal"
        return Mention(tok.text, tok.idx, tok.idx + len(tok), kind, head=low, token=tok)
    if is_dateline(tok):  # "BAGHDAD –" is where the story was filed, not who speaks
        return _after_the_dateline(tok, para)
    if (author := _document_author(tok)) is not None:
        return read_mention(author, para)  # "the GUIC’s statement said": the GUIC speaks
    if _title_only(tok) and not _title_as_surname(tok, para):
        return _noun_mention(tok, para, kind="role")  # "the Speaker", "the MP", "The Minister"
    if tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON" or known_name(tok, para):
        return name_mention(tok, para)
    appos = [
        c for c in tok.subtree
        if c.dep_ == "appos" and c.pos_ == "PROPN" and role_head(c.head).i == tok.i
        and not is_acronym(c.text)  # "an official at State Hydraulic Works (DSI)": no name
    ]  # fmt: skip
    if appos:
        role_toks = after_dateline(
            [t for t in tok.subtree if t not in set(appos[0].subtree) and t.i < appos[0].i]
        )
        m = name_mention(appos[0], para, extra_role=clean_phrase(text_of(role_toks, para)))
        start = min(t.idx for t in role_toks) if role_toks else m.start
        m.text, m.start = para.text[start : m.end].strip(" ,"), start
        return m
    return _noun_mention(tok, para)


def _through_possessive(toks: list[Token]) -> list[Token]:
    """An organisation's name that the parser broke at a plural possessive inside it ("the
    General Federation of Farmers’ Associations"): the rest of the tagged entity is added."""
    doc, last = toks[-1].doc, toks[-1]
    apostrophes = (SINGLE_CLOSE[0], STRAIGHT_SINGLE)  # ’ '
    mark = last.i if last.text in apostrophes else last.i + 1
    if mark + 1 >= len(doc) or doc[mark].text not in apostrophes:
        return toks
    ent = next((e for e in doc.ents if e.start <= mark < e.end), None)
    if ent is None or ent.end <= mark + 1 or doc[mark + 1].pos_ != "PROPN":
        return toks
    return [t for t in toks if t.i < mark] + list(doc[mark : ent.end])


def _document_author(tok: Token) -> Token | None:
    """The named owner of a document noun ("*the GUIC’s* statement", "*Trump’s* letter"), who
    speaks through it; None for anything else."""
    if tok.lemma_.lower() not in lexicon()["document"]:
        return None
    owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    return owners[0] if owners else None


def _after_dateline_subject(tok: Token) -> Token | None:
    """The person the parser hung on a dateline ("BAGHDAD – Iraq’s Minister of Water Resources,
    Sabah al-Lami, says …": the name is an apposition of "BAGHDAD")."""
    appos = [c for c in tok.children if c.dep_ == "appos"]
    people = [c for c in appos if c.ent_type_ == "PERSON"]
    if not people:  # "BAGHDAD – Iraq's Minister of X, NAME, says": the name hangs on the role
        people = [
            g
            for c in appos
            for g in c.children
            if g.dep_ == "appos"
            and (g.ent_type_ == "PERSON" or (g.pos_ == "PROPN" and role_nouns(c.text)))
        ]
    return people[-1] if people else None


def _after_the_dateline(tok: Token, para: Paragraph) -> Mention:
    """The speaker phrase after a dateline the parser took for the subject, or nobody."""
    person = _after_dateline_subject(tok)
    if person is None:
        orgs = [
            c
            for c in tok.children
            if c.dep_ == "appos" and c.i > tok.i and c.lemma_.lower() in lexicon()["org"]
        ]  # fmt: skip  ("KIRKUK, Oct 7 - The Central Bank of Iraq said")
        if orgs:
            return name_mention(orgs[-1], para)
        return Mention(tok.text, tok.idx, tok.idx + len(tok), "other", head=tok.lower_, token=tok)
    roles = [
        c for c in tok.children if c.dep_ == "appos" and c.ent_type_ != "PERSON" and c.i < person.i
    ]
    role = clean_phrase(text_of(np_tokens(roles[-1]), para)) if roles else ""
    return name_mention(person, para, extra_role=role)


def _noun_mention(tok: Token, para: Paragraph, kind: str = "") -> Mention:
    """A noun phrase without a name: the head with its modifiers and of-phrases."""
    lex = lexicon()
    low = tok.lower_
    toks = np_tokens(tok)
    text = text_of(toks, para).strip(" ,")
    first = toks[0] if toks else tok
    definite = first.lower_ in ("the", "this", "that", "these", "those") or first.dep_ == "poss"
    lemma = tok.lemma_.lower()
    plural = tok.tag_ in ("NNS", "NNPS")
    if kind:
        pass
    elif plural and _source_noun(tok):
        kind = "group" if _affiliated(tok) else "generic"  # "Western embassies", "officials"
    elif low in lex["generic"]:
        kind = "generic"
    elif lemma in lex["role"] or low in lex["role"] or canonical_role(low) in lex["role"]:
        kind = "role"
    elif lemma in lex["org"] or lemma in lex["document"] or tok.ent_type_ in ("ORG", "GPE", "NORP"):
        kind = "organisation"  # "the Foreign Ministry", and "the IMF report" speaks for its authors
    else:
        kind = "other"
    start = min(t.idx for t in toks) if toks else tok.idx
    end = max(t.idx + len(t) for t in toks) if toks else tok.idx + len(tok)
    role = clean_phrase(text) if kind in ("role", "group") else ""
    name = clean_phrase(text) if kind == "organisation" else ""
    if kind == "organisation":  # "The X coalition, the parliamentary bloc forming the government,"
        appos = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        role = clean_phrase(text_of(np_tokens(appos[0]), para)) if appos else ""
    named = any(t.pos_ == "PROPN" for t in toks) and lemma in lex["org"]
    return Mention(text, start, end, kind, name=name, role=role, head=lemma, definite=definite,
                   token=tok, named=named, acronym=_acronym(tok))  # fmt: skip


def _source_noun(tok: Token) -> bool:
    """A noun that can head a source: a generic source, a role or an organisation noun."""
    lex, low, lemma = lexicon(), tok.lower_, tok.lemma_.lower()
    return (
        low in lex["generic"]
        or lemma in lex["generic"]
        or lemma in lex["org"]
        or canonical_role(low) in lex["role"]
    )


#: Words before a plural source that do not give it an affiliation ("some officials").
QUANTIFIERS = {"some", "many", "several", "most", "few", "other", "various", "numerous", "certain",
               "these", "those", "the", "a", "all", "both", "such", "more"}  # fmt: skip


def _affiliated(tok: Token) -> bool:
    """Whether a plural source says whose it is: a number, an adjective or noun before it, or a
    prepositional phrase ("two Iraqi security officials", "lawmakers from the X bloc",
    "officials at the ministry"); "officials" and "some analysts" are vague (codebook A10)."""
    for c in tok.children:
        if c.dep_ in ("nummod", "compound", "poss"):
            return True
        if c.dep_ == "amod" and c.lower_ not in QUANTIFIERS:
            return True
        if c.dep_ == "prep" and c.lower_ in ("from", "of", "at", "in", "with", "for"):
            return any(g.dep_ == "pobj" for g in c.children)
    return False


def _title_as_surname(tok: Token, para: Paragraph) -> bool:
    """A title word that is also a surname the article names ("Layla Qasim Haji … Haji told"):
    a name, not a role. Role words ("the MP", "the Speaker") stay roles."""
    return known_name(tok, para) and canonical_role(tok.lower_) not in lexicon()["role"]


def _title_only(tok: Token) -> bool:
    """A proper-noun phrase made only of titles or role words: "the Speaker", "the MP"."""
    if tok.pos_ != "PROPN":
        return False
    lex = lexicon()
    chain = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i] + [tok]
    return all(t.lower_ in lex["titles"] or canonical_role(t.lower_) in lex["role"] for t in chain)


def _acronym(tok: Token) -> str:
    """An acronym in parentheses in apposition to ``tok``: "the … Commission (IHEC)"."""
    for c in tok.children:
        if c.dep_ in ("appos", "dep", "npadvmod", "conj") and is_acronym(c.text):
            before = tok.doc[c.i - 1] if c.i > 0 else None
            if before is not None and before.text == "(":
                return c.text
    return ""


def known_name(tok: Token, para: Paragraph) -> bool:
    """A capitalised word the tagger took for a common noun ("Trump said", "Sanders tells") but
    that the article elsewhere tags as a person's name or ends a multi-word name with."""
    return tok.text[:1].isupper() and tok.text in para.known_names


def article_names(docs: Sequence[Doc]) -> frozenset[str]:
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


def name_mention(head: Token, para: Paragraph, extra_role: str = "") -> Mention:
    """A proper-name phrase: name chain, title before it, role modifiers and appositions.

    ``extra_role`` is a role read elsewhere (the noun the name is in apposition to).
    """
    lex = lexicon()
    head = _entity_end(head)
    chain = _name_chain(head, para)
    title, bare = split_title(chain.text)
    if title and {w.lower() for w in re.split(r"[\s\-]+", bare)} & lex["org"]:
        title, bare = "", clean_phrase(chain.text)  # "General Union", "General Directorate"
    mods = _modifiers_before(head, chain)
    role_parts = []
    person_role = False  # an apposition naming a person's role: "X, director of the Y network"
    if mods and title:  # "Iraqi Foreign Minister X": one role
        role_parts.append(clean_phrase(text_of(mods, para)) + " " + title)
        title = ""
    elif mods:
        role_parts.append(clean_phrase(text_of(mods, para)))
    for c in head.children:  # "X, 44, a Nahrain MP from Basra who …": the role, no clauses
        if c.dep_ == "appos" and (c.pos_ == "NOUN" or role_nouns(c.text)):
            role_parts.append(clean_phrase(text_of(np_tokens(c), para)))
            person_role = person_role or bool(role_nouns(c.text))
    role = "; ".join(p for p in [extra_role, *role_parts] if p)
    words = {w.lower().strip(".") for w in re.split(r"[\s\-]+", bare)}
    if words & lex["org"] and not title:
        toks = after_dateline(
            np_tokens(head)
        )  # "Iraq's Ministry of Foreign Affairs", "US embassy in Baghdad"
        owner = {
            t for c in head.children if c.dep_ == "poss" and c.pos_ == "NOUN" for t in c.subtree
        }
        toks = [t for t in toks if t not in owner] or toks  # "the ministry’s General Directorate"
        toks = _through_possessive(toks)  # "General Federation of Farmers’ Associations"
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        text = para.text[start:end]
        return Mention(text, start, end, "organisation", name=clean_phrase(text), head=head.lower_,
                       definite=True, token=head, named=True, acronym=_acronym(head))  # fmt: skip
    elif (
        not title
        and not person_role
        and _org_role(extra_role if head.ent_type_ == "PERSON" else role)
    ):
        kind = "organisation"  # "The field's operator, Pearl Petroleum", "X, a British company"
    elif is_acronym(bare):
        kind = "proper"  # "IHEC said": the organisation of that acronym, if one is known
    elif head.ent_type_ in PLACES and not person_role:
        kind = "proper"  # "talks with Ankara, the capital": a place, unless a person's role
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


def names_in(sent: Span, para: Paragraph) -> list[Mention]:
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
            top = role_head(tok.head)
            role_toks = after_dateline(
                [t for t in top.subtree if t.i < tok.i and t not in set(tok.subtree)]
            )
            extra = clean_phrase(text_of(role_toks, para))
        m = name_mention(tok, para, extra_role=extra)
        known_person = m.kind == "person" and (m.title or m.role or tok.ent_type_ == "PERSON")
        if known_person or m.kind == "organisation":
            out.append(m)
    for tok in sent:  # named organisations: "The US embassy in Baghdad presented ..."
        if tok.pos_ == "NOUN" and tok.dep_ not in ("compound", "amod") and not para.in_quotes(tok):
            m = read_mention(tok, para)
            if m.kind == "organisation" and m.named:
                out.append(m)
    return out


def _org_role(role: str) -> bool:
    """Whether a role phrase is an organisation's ("the field's operator", "a British
    company"): its head noun, the last before a preposition, is an organisation noun."""
    for part in role.split("; "):
        if role_nouns(part):
            continue  # "Ministry of Electricity spokesman": a person's role
        words = re.split(r"\s+(?:of|in|for|from|at|with|on)\s+", part.lower(), maxsplit=1)[
            0
        ].split()
        if words and words[-1].strip(".,’'s") in lexicon()["org"]:
            return True
    return False


def _entity_end(head: Token) -> Token:
    """The last word of the PERSON name ``head`` begins, when the parser split the name
    ("*Hussein* Abbas al-Khafaji of the … accused": each part hung on the verb)."""
    if head.ent_type_ != "PERSON":
        return head
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    if ent is None or ent.end - 1 == head.i:
        return head
    rest = head.doc[head.i + 1 : ent.end]
    ok = all(
        t.pos_ == "PROPN" or t.text in "-‐" or t.lower_ in lexicon()["particles"] for t in rest
    )
    return ent[-1] if ok else head


def _name_chain(head: Token, para: Paragraph) -> Span:
    """The proper name ending at ``head``: proper nouns, hyphens, name particles and titles to its
    left (the whole PERSON entity when the head is in one), never a quoted word or an inverted
    reporting verb ("Said Marlow:")."""
    lex = lexicon()
    doc = head.doc
    i = head.i
    while (
        i - 1 >= 0
        and doc[i - 1].head.i in range(i - 1, head.i + 1)
        or (i - 1 >= 0 and doc[i - 1].text in "-‐" and doc[i - 1].whitespace_ == "")
    ):
        prev = doc[i - 1]
        title_word = prev.text[:1].isupper() and prev.lower_ in lex["titles"]
        mistagged = (  # a first name the tagger took for a verb or an adjective ("Layla")
            prev.dep_ == "compound" and prev.pos_ in ("VERB", "ADJ") and prev.text[:1].isupper()
        )
        if (
            prev.pos_ == "PROPN"
            or mistagged
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
    while i < head.i and doc[i].lower_ in reporting_forms():
        i += 1  # "Said Marlow:": the tagger made the inverted verb part of the name
    return doc[i : head.i + 1]


def _modifiers_before(head: Token, chain: Span) -> list[Token]:
    """The unbroken run of the subject's modifiers right before the name ("academic researcher",
    "Government spokesman", "Speaker of Parliament"), without a dateline ("ERBIL –")."""
    doc = head.doc
    mods = [
        t
        for t in head.subtree
        if t.i < chain.start
        and t.dep_ not in ("det", "punct")
        and not t.is_punct
        and t.pos_ != "VERB"
        and t.lower_ not in reporting_forms()  # "Said Marlow:" - the verb hung on the name
    ]
    mods = [t for t in mods if t.head.i >= chain.start or t.head in mods]
    ids, j = {t.i for t in mods}, chain.start - 1
    while j in ids:
        j -= 1
    return [doc[k] for k in range(j + 1, chain.start)]
