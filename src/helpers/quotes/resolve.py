"""Stage 4, speaker resolution: a speaker phrase -> the canonical speaker it refers to.

A cue's subject is read as a mention (:mod:`helpers.quotes.mentions`) and resolved against the
speaker registry of the article (:class:`helpers.speakers.SpeakerRegistry`): a name is a person
(a longer form of a known name becomes the canonical one); a pronoun is the subject of the
sentence before or the speaker in focus; a title, role or description used alone is the person
introduced with it (a description with an age, "the 61-year-old farmer", the person just named);
an organisation's noun, shortened name or acronym is the organisation named before; a source who
asked not to be named, or is only described by an affiliation after "according to", is described
by role and affiliation. Every decision that needed more than reading a name is named by its
resolution rule (:mod:`helpers.quotes.rules`).
"""

from __future__ import annotations

import re

from helpers.quotes import rules
from helpers.quotes.cues import Cue, inherited_subject, verb_subjects
from helpers.quotes.lexicon import lexicon
from helpers.quotes.mentions import Mention, read_mention
from helpers.quotes.state import Attribution, State
from helpers.quotes.syntax import Paragraph
from helpers.speakers import Speaker, clean_phrase, gender_of, patterns

__all__ = ["named_source", "speaker_of_cue"]

#: Longest description ("the gambling tycoon") taken as an unnamed speaker after a quotation.
DESCRIPTION_MAX_WORDS = 4
#: How far after a role mention (characters) an anonymity marker still describes it.
ANONYMITY_WINDOW = 120


def speaker_of_cue(
    state: State, pi: int, para: Paragraph, k: int, cue: Cue, *, described: bool = False
) -> Attribution | None:
    """Who speaks through ``cue`` (in sentence ``k`` of paragraph ``pi``), or None.

    A participle without a subject of its own ("…, indicating that") takes the speaker of the
    cue before it in the sentence, or the subject of its main clause. ``described``: the cue
    follows its quotation, so a short description may name an unnamed speaker ("“…,” the
    businessman replied").
    """
    if cue.inherits:
        prior = [c for c in para.cues[k] if c.token.i < cue.token.i and id(c) in state.cue_speakers]
        if prior:
            base = state.cue_speakers[id(prior[-1])]
            att = Attribution(base.speaker, base.mention, cue.text, None, "", base.resolution,
                              base.resolve_why)  # fmt: skip
        else:
            subj = inherited_subject(cue.token)
            if subj is None:
                return None
            att = resolve(state, pi, para, k, Cue(cue.token, cue.text, cue.cls, subj))
    else:
        att = resolve(state, pi, para, k, cue, described=described)
    if att is None or att.speaker is None:
        return None
    state.cue_speakers[id(cue)] = att
    return att


def resolve(
    state: State, pi: int, para: Paragraph, k: int, cue: Cue, described: bool = False
) -> Attribution | None:
    """Resolve the cue's subject phrase to a canonical speaker (see the module docstring)."""
    if cue.subject is None:
        return None
    m = read_mention(cue.subject, para)
    reg = state.registry
    rule, why = None, ""
    sp: Speaker | None = None
    if cue.relative:
        rule, why = rules.RELATIVE_WHO, f"“who” refers to “{m.text}”"
    if m.kind == "pronoun":
        sp, rule, why = _resolve_pronoun(state, pi, k, m, cue)
    elif m.kind == "impersonal" and m.head == "it" and cue.cls != "belief":
        sp = reg.in_focus("it")  # "it said": the organisation (or document) quoted last
        rule = rules.ORGANISATION_REFERENCE
        why = f"“{m.text}” stands for {sp.name}, the organisation quoted last" if sp else ""
    elif m.kind == "impersonal" and m.head == "one" and _one_of_them(cue.subject):
        sp = reg.in_focus("they")  # "one of them said": the group that spoke last
        rule = rules.GROUP
        why = f"“{m.text}” speaks for {sp.name}, the group quoted last" if sp else ""
    elif _issued_document(m, cue) and (issuer := reg.in_focus("it") or reg.last_org()):
        sp, rule = issuer, rules.ORGANISATION_REFERENCE  # "the statement said"
        why = f"“{m.text}” speaks for {sp.name}, which issued it"
    elif m.kind == "person" and reg.find_name(m.name) is None and reg.find_org_name(m.name):
        sp = reg.organisation(m.name, offset=para.offset + m.start)  # "the Front", "WDRN"
        rule, why = rules.ORGANISATION_REFERENCE, f"“{m.text}” is {sp.name}, named earlier"
    elif m.kind == "person":
        sp = reg.person(
            m.name, offset=para.offset + m.start, role=m.role or None, title=m.title or None
        )
    elif m.kind == "proper" and reg.find_name(m.name) is not None:
        sp = reg.person(m.name, offset=para.offset + m.start, title=m.title or None)
    elif (
        m.kind == "organisation"
        and m.definite
        and not m.named
        and (org := reg.find_org(m.head, _modifiers(m)))
    ):
        sp, rule = org, rules.ORGANISATION_REFERENCE
        why = f"“{m.text}” is {sp.name}, named earlier"
    elif (
        m.kind == "organisation"
        and m.definite
        and not m.named
        and (name := _named_before(state, pi, para, m)) is not None
    ):  # "The General Union of X (GUIC) … threatened …" then "the union said"
        sp = reg.organisation(name, offset=para.offset + m.start)
        rule, why = rules.ORGANISATION_REFERENCE, f"“{m.text}” is {sp.name}, named earlier"
    elif m.kind in ("organisation", "proper"):
        known = reg.find_org_name(m.name or m.text)
        sp = reg.organisation(m.name or m.text, offset=para.offset + m.start, acronym=m.acronym)
        sp.add_role(m.role)
        if known is not None and clean_phrase(m.name or m.text) != sp.name:
            rule, why = rules.ORGANISATION_REFERENCE, f"“{m.text}” is {sp.name}, named earlier"
    elif m.kind == "group":
        sp, rule = reg.group(m.text, offset=para.offset + m.start), rules.GROUP
        why = f"“{m.text}” is a group that speaks as one"
    elif (
        m.kind == "generic"
        and m.definite
        and (group := reg.by_role(m.role or m.head, kinds=("group",)))
    ):
        sp, rule = group, rules.ROLE_REFERENCE  # "according to the sources": those introduced
        why = f"“{m.text}” are {sp.name}, introduced earlier"
    elif m.kind == "generic":
        sp = reg.unnamed(m.text, offset=para.offset + m.start, generic=True)
        rule, why = rules.GENERIC_SOURCE, f"“{m.text}” is a plural, unnamed source"
    elif m.kind == "role":
        sp, rule, why = _resolve_role(state, pi, para, k, m)
    elif m.kind == "other" and m.token.tag_ == "NN" and _anonymous(para, k, m):
        known = reg.by_role(m.text, kinds=("anonymous", "unnamed")) if m.definite else None
        sp = known or reg.unnamed(m.text, offset=para.offset + m.start, anonymous=True)
        rule, why = rules.ANONYMOUS, f"“{m.text}” asked not to be named"
    elif m.kind == "other" and cue.cls == "source" and _affiliated_description(m):
        sp = reg.unnamed(m.text, offset=para.offset + m.start, anonymous=True)
        rule, why = rules.ANONYMOUS, f"“{m.text}” is a source the article does not name"
    elif m.kind == "other" and m.definite and (ref := _description_of(state, pi, k, m)):
        sp, rule, why = ref  # "“…,” the 52-year-old farmer said": the person just named
    elif m.kind == "other" and described and _is_description(m, cue):
        sp, rule = reg.unnamed(m.text, offset=para.offset + m.start), rules.ROLE_ONLY
        why = f"“{m.text}” is named only by a description"
    if sp is None:
        return None
    if sp.kind == "person":
        reg.named(sp)
    return Attribution(sp, m.text, cue.text, resolution=rule, resolve_why=why)


#: Paragraphs looked back through for an organisation a definite noun refers to.
NAMED_BEFORE_PARAGRAPHS = 3


def _named_before(state: State, pi: int, para: Paragraph, m: Mention) -> str | None:
    """The name of the organisation last named (by the tagger, as an ORG) with the noun of
    ``m`` ("the union" -> "General Union of Iraqi Contractors"), in this paragraph before it or
    in the few before, when it never spoke under that name."""
    head = m.head.lower()
    wanted = set(_modifiers(m))
    found = None
    for k in range(max(0, pi - NAMED_BEFORE_PARAGRAPHS), pi + 1):
        p = state.paras[k]
        for ent in p.doc.ents:
            if ent.label_ != "ORG" or (k == pi and ent.start_char >= m.start):
                continue
            words = {t.lower_ for t in ent}
            if head in words and wanted <= words and not p.in_quotes(ent[0]):
                found = clean_phrase(ent.text)
    return found


def _modifiers(m: Mention) -> list[str]:
    """The content words of an organisation phrase besides its head ("the *electricity*
    ministry"), which the organisation it refers back to must have in its name."""
    return [
        t.lower_
        for t in m.token.subtree
        if t.i < m.token.i and t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("compound", "amod")
    ] if m.token is not None else []  # fmt: skip


def _issued_document(m: Mention, cue: Cue) -> bool:
    """ "the statement said", "the letter added": a document of the organisation in focus, when
    the phrase names no author of its own ("the IMF report" speaks for the IMF)."""
    return (
        m.kind == "organisation"
        and m.definite
        and m.head in lexicon()["document"]
        and not any(t.pos_ == "PROPN" for t in cue.subject.subtree)
    )


def _one_of_them(tok) -> bool:
    """ "one of them", "one of the officials": a member of a group speaking for it."""
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" for g in c.children)
        for c in tok.children
    )


def _resolve_pronoun(state: State, pi: int, k: int, m: Mention, cue: Cue):
    """``(speaker, rule, why)`` for he/she/they: the person named earlier in the sentence (a
    subordinate clause), the subject of the sentence before, the speaker in focus, or the last
    person named."""
    reg = state.registry
    pronoun = {"him": "he", "her": "she", "them": "they"}.get(m.head, m.head)
    if pronoun not in ("he", "she", "they"):
        return None, None, ""
    ante = [
        s
        for pos, s in state.persons_here
        if pos < m.start and s.gender in (None, gender_of(m.head))
    ]
    if ante and cue.token.dep_ != "ROOT" and m.head != "they":
        sp = ante[-1]
        why = f"“{m.text}” refers to {sp.name}, named earlier in the sentence"
        return sp, rules.PRONOUN_ANTECEDENT, why
    prev = _previous_subject(state, pi, k, pronoun)
    if prev is not None:
        why = f"“{m.text}” stands for {prev.name}, the subject of the sentence before"
        return prev, rules.PRONOUN_CONTINUATION, why
    sp = reg.in_focus(pronoun)
    if sp is not None:
        return (
            sp,
            rules.PRONOUN_CONTINUATION,
            f"“{m.text}” stands for {sp.name}, the last speaker quoted",
        )
    sp = reg.last_named(pronoun)
    if sp is not None:
        return (
            sp,
            rules.PRONOUN_CONTINUATION,
            f"“{m.text}” stands for {sp.name}, the last person named",
        )
    return None, rules.PRONOUN_CONTINUATION, ""


def _resolve_role(state: State, pi: int, para: Paragraph, k: int, m: Mention):
    """``(speaker, rule, why)`` for a role phrase without a name.

    A source who asked not to be named is anonymous (codebook A13.3: described by role and
    affiliation). A definite role ("the general", "the official", "the Speaker") is the person
    most recently introduced with it. An indefinite one ("a senior official in the ministry")
    is named in the next sentence, or is an anonymous source described by its first mention.
    """
    reg = state.registry
    offset = para.offset + m.start
    if m.definite:  # "the source said, speaking on condition of anonymity": the one introduced
        sp = reg.by_role(m.role)
        if sp is not None:
            sp.seen(offset)
            return sp, rules.ROLE_REFERENCE, f"“{m.text}” is the role given earlier to {sp.name}"
    if _anonymous(para, k, m):
        sp = reg.unnamed(_name_orgs(state, m.text), offset=offset, anonymous=True)
        return sp, rules.ANONYMOUS, f"“{m.text}” asked not to be named"
    if m.definite and (ref := _description_of(state, pi, k, m)):
        return ref  # "the 52-year-old engineer": the person just named
    if m.definite:
        sp = reg.unnamed(_name_orgs(state, m.text), offset=offset)
        return sp, rules.ROLE_ONLY, f"“{m.text}” is named only by role"
    for nm in _next_sentence_names(state, pi, k):
        if m.head in (nm.title + " " + nm.role).lower().replace(";", " ").split():
            sp = reg.person(
                nm.name, offset=_offset_of(state, nm, pi, k), role=m.role, title=nm.title or None
            )
            return (
                sp,
                rules.NEXT_SENTENCE_NAME,
                f"the next sentence names {sp.name} with the role “{m.head}”",
            )
    sp = reg.unnamed(_name_orgs(state, m.text), offset=offset, anonymous=True)
    return sp, rules.ANONYMOUS, f"“{m.text}” is a source the article does not name"


#: Prepositions that give an unnamed person's affiliation ("an executive *at* a Baghdad bank").
AFFILIATION_PREPOSITIONS = ("at", "in", "from", "with", "inside", "within", "close to")


def _affiliated_description(m: Mention) -> bool:
    """An indefinite singular noun with an affiliation ("according to an executive at a Baghdad
    commercial bank"): a person the article describes but does not name."""
    tok = m.token
    return (
        tok is not None
        and tok.tag_ == "NN"
        and not m.definite
        and any(
            c.dep_ == "prep"
            and c.lower_ in AFFILIATION_PREPOSITIONS
            and any(g.dep_ == "pobj" for g in c.children)
            for c in tok.children
        )
    )


#: An age in a description ("the 61-year-old farmer"), which news writing gives right after
#: naming the person it describes.
AGE = re.compile(r"\b\d{1,3}-year-old\b")


def _description_of(state: State, pi: int, k: int, m: Mention):
    """``(speaker, rule, why)`` for a definite description ("the 52-year-old farmer", "his
    wife") that refers back: to the source introduced with that description, else to the
    person who is the subject of the sentence before. None when neither is known."""
    sp = state.registry.by_role(m.text, kinds=("person", "anonymous", "unnamed"))
    if sp is not None:
        return sp, rules.ROLE_REFERENCE, f"“{m.text}” is the description given earlier to {sp.name}"
    if m.token is None or m.token.tag_ != "NN" or not AGE.search(m.text):
        return None  # only "the 61-year-old farmer": a bare "the farmer" may be someone else
    para, kk = state.paras[pi], k - 1
    if kk < 0:
        if pi == 0 or not state.paras[pi - 1].sents:
            return None
        para, kk = state.paras[pi - 1], len(state.paras[pi - 1].sents) - 1
    sp = _subject_of(state, para, kk, None)
    if sp is None:
        return None
    why = f"“{m.text}” describes {sp.name}, the subject of the sentence before"
    return sp, rules.ROLE_REFERENCE, why


def _anonymous(para: Paragraph, k: int, m: Mention) -> bool:
    """Whether an anonymity marker ("who spoke on condition of anonymity", "who asked that his
    name not be published") follows the mention closely in its sentence."""
    tail = para.text[m.end : para.sents[k].end_char].lower()[:ANONYMITY_WINDOW]
    return any(marker in tail for marker in patterns()["anonymity_markers"])


def _name_orgs(state: State, role: str) -> str:
    """Name the organisation in an unnamed source's description when the article named it
    before: "a senior official at the ministry" -> "a senior official at the Ministry of Oil"
    (after "Iraq’s Ministry of Oil"; the possessor is dropped to keep "the")."""

    def name(match: re.Match) -> str:
        org = state.registry.find_org(match.group(2))
        if org is None or len(org.name.split()) < 2:
            return match.group(0)
        return match.group(1) + re.sub(r"^.*?[’']s\s+", "", org.name)

    nouns = "|".join(sorted(lexicon()["org"], key=len, reverse=True))
    return re.sub(rf"\b(the )({nouns})\b", name, role)


#: Sentences a pronoun subject is followed back through ("He laughed." between).
PRONOUN_CHAIN = 3


def _previous_subject(state: State, pi: int, k: int, pronoun: str) -> Speaker | None:
    """The known person who is the subject of the sentence before (``X, the consul, urged
    both sides to agree. “…,” he said.``), if the pronoun's gender allows it."""
    want = gender_of(pronoun)
    para, kk = state.paras[pi], k - 1
    for _ in range(PRONOUN_CHAIN):
        while kk >= 0 and para.in_quotes(para.sents[kk].root):  # the quotation's own sentences
            kk -= 1
        if kk < 0:
            if pi == 0 or not state.paras[pi - 1].sents:
                return None
            pi, para, kk = pi - 1, state.paras[pi - 1], len(state.paras[pi - 1].sents) - 1
        subj = verb_subjects(para.sents[kk].root, para)
        resolved = any(state.cue_speakers.get(id(c)) for c in para.cues[kk])
        if not (subj and subj[0].lower_ == pronoun) or resolved:
            break
        kk -= 1  # "The general was asked … He laughed. “…,” he said.": the same "he" before
    else:
        return None
    return _subject_of(state, para, kk, want)


def _subject_of(state: State, para: Paragraph, kk: int, want: str | None) -> Speaker | None:
    """The known speaker who is the subject of sentence ``kk`` (active or passive)."""
    for cue in reversed(para.cues[kk]):  # the speaker that sentence already reported
        att = state.cue_speakers.get(id(cue))
        sp = att.speaker if att is not None else None
        if sp is not None and sp.kind == "person" and (want is None or sp.gender in (None, want)):
            sp.gender = sp.gender or want
            return sp
    sent = para.sents[kk]
    subj = verb_subjects(sent.root, para) or [
        c for c in sent.root.children if c.dep_ == "nsubjpass" and not para.in_quotes(c)
    ]
    if not subj:
        return None
    m = read_mention(subj[0], para)
    if m.kind == "person":  # "X, an MP from Y, was unimpressed. “…,” he said." introduces X
        sp = state.registry.find_name(m.name)
        if sp is None and gender_of(m.title) in (None, want):
            sp = state.registry.person(m.name, offset=para.offset + m.start,
                                       role=m.role or None, title=m.title or None)  # fmt: skip
    elif m.kind == "proper":
        sp = state.registry.find_name(m.name)
    elif m.kind == "role" and m.definite:
        sp = state.registry.by_role(m.role)  # "The general rejected the criticism. … he said"
    elif m.kind == "other" and m.definite:  # "The fisherman I met put it better. … he said"
        sp = state.registry.by_role(m.text, kinds=("anonymous", "unnamed"))
    else:
        return None
    if sp is None or (want is not None and sp.gender not in (None, want)):
        return None
    sp.gender = sp.gender or want
    return sp


def _next_sentence_names(state: State, pi: int, k: int) -> list[Mention]:
    para = state.paras[pi]
    if k + 1 < len(para.sents):
        return para.names[k + 1]
    if pi + 1 < len(state.paras) and state.paras[pi + 1].names:
        return state.paras[pi + 1].names[0]
    return []


def _offset_of(state: State, m: Mention, pi: int, k: int) -> int:
    paras = state.paras
    para = paras[pi] if k + 1 < len(paras[pi].sents) else paras[min(pi + 1, len(paras) - 1)]
    return para.offset + m.start


def _is_description(m: Mention, cue: Cue) -> bool:
    """A short noun phrase that can stand for a person ("the businessman", "a narrator", "the
    46-year-old"), not a clause the parser took for the subject."""
    return (
        cue.cls != "source"
        and cue.subject is not None
        and cue.subject.pos_ == "NOUN"
        and len(m.text.split()) <= DESCRIPTION_MAX_WORDS
    )


def named_source(sp: Speaker) -> bool:
    """A person, or an organisation with a proper name (not "the groups")."""
    if sp.kind == "person":
        return True
    words = {w.lower() for w in re.findall(r"[\w\-]+", sp.name)}
    return (
        sp.kind == "organisation"
        and bool(words & lexicon()["org"])
        and any(w[:1].isupper() for w in sp.name.split())
    )
