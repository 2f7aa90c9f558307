"""One parsed paragraph as the stance rules see it: the target's mentions, its events, the cue words.

A :class:`Paragraph` is computed once per paragraph and shared by the quotes in it (only the
speaker's region differs between them). It holds the forms of every token (word and lemma), the
mentions of the target and of its opposite side (with anaphors and pronouns), the events about
the target ("the exit *of American forces*", "*Turkey* cut the releases") and every place where
the words of a cue occur. :func:`path_length` counts dependency steps with function words
collapsed; it is the distance every scope rule uses.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from helpers.targets import (
    Cue,
    EventWord,
    Target,
    find_phrases,
    norm_word,
    token_forms,
    token_norm,
)
from helpers.targets.words import DEFINITE, PRONOUNS

__all__ = [
    "ANCHOR_RANK",
    "ARGUMENT_DEPS",
    "FUNCTION_POS",
    "Anchor",
    "Mention",
    "Paragraph",
    "has_actor",
    "mention_spans",
    "negated",
    "path_length",
]

#: Parts of speech collapsed when counting dependency steps (function words on a path).
FUNCTION_POS = frozenset({"ADP", "PART", "DET", "SCONJ", "AUX", "CCONJ", "PUNCT"})
#: Dependency labels through which an event takes its target argument.
ARGUMENT_DEPS = frozenset(
    {"dobj", "nsubj", "nsubjpass", "pobj", "poss", "amod", "compound", "nmod", "npadvmod",
     "dative", "attr", "appos", "acl", "relcl", "dep", "conj", "oprd", "obj", "csubj", "agent"}
)  # fmt: skip
#: How a mention stands to its event when it is the one acting: "*Turkey* cut", "*Ankara's*
#: cuts", "the *Turkish* cuts", "cuts *by* Turkey" (an actor's conduct, codebook C9).
AGENT_DEPS = frozenset({"nsubj", "poss", "compound", "amod", "nmod"})
#: Labels by which a neutraliser predicates over a clause ("it is *unlikely* that").
PREDICATE_DEPS = frozenset({"acomp", "advmod", "attr", "oprd", "amod"})
#: Complement labels: a negation on the head also negates these ("is *not* a guarantee").
COMPLEMENT_DEPS = frozenset({"attr", "acomp", "dobj", "xcomp", "ccomp", "oprd", "pobj", "advmod"})
#: Tags of a noun of each number (a pronoun's antecedent must agree).
NUMBER_TAGS = {"singular": frozenset({"NN", "NNP"}), "plural": frozenset({"NNS", "NNPS"})}
#: How an antecedent stands in its clause: the nouns a pronoun can point back to.
ANTECEDENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "appos", "conj", "ROOT"})
#: Parts of speech of an event word: an action or its noun.
EVENT_POS = frozenset({"VERB", "NOUN"})
#: Sentences before a pronoun's own in which its antecedent is looked for.
ANTECEDENT_SENTENCES = 2
#: Words that say the thing named is absent: "a region *without* foreign troops", "*no* ban".
ABSENCE = frozenset({"without", "no"})


def path_length(a, b) -> int | None:
    """Dependency steps between two tokens of one sentence, function words collapsed.

    ``None`` when they are in different sentences. Adjacent head/child = 1; each content word
    on the path adds one step; prepositions, determiners, auxiliaries, particles, conjunctions
    and punctuation on the path add nothing.
    """
    if a.i == b.i:
        return 0
    if a.sent.start != b.sent.start:
        return None
    chain_a = [a, *a.ancestors]
    chain_b = [b, *b.ancestors]
    pos_b = {t.i: k for k, t in enumerate(chain_b)}
    for ka, t in enumerate(chain_a):
        if t.i in pos_b:
            kb = pos_b[t.i]
            middle = chain_a[1:ka] + chain_b[1:kb]
            if t.i not in (a.i, b.i):
                middle.append(t)
            return 1 + sum(1 for m in middle if m.pos_ not in FUNCTION_POS)
    return None


def chead(token):
    """The head of ``token`` skipping prepositions ("exit *of* forces" -> exit)."""
    head = token.head
    while head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return head


@dataclass(frozen=True)
class Mention:
    """A mention of the target (``side`` +1) or of its opposite side (-1).

    ``root`` is the token the rules attach to (moved up through "of" to a carrier noun:
    "the *presence* of US forces"); ``polarity`` is ``side``, reversed when the phrase says the
    thing is absent ("without foreign troops"). ``how``: ``named``, ``anaphor`` or ``pronoun``.
    """

    root: int
    start: int
    end: int
    text: str
    side: int
    polarity: int
    how: str = "named"

    @property
    def label(self) -> str:
        what = "target" if self.side > 0 else "opposite side"
        absent = " (absent)" if self.polarity != self.side else ""
        return f"{what} '{self.text}'{absent}"


@dataclass
class Anchor:
    """What a cue can be about: a mention, or an event linked to one.

    ``kind``: ``event`` (an event whose argument is a mention), ``conduct`` (an event an
    actor-kind target performs: its conduct), ``mention``, or ``implicit`` (a bare event word in
    a sentence that names the target). ``continues``: the event keeps what it is about going
    (asking an actor to *continue* is asking for its conduct).
    """

    token: Any
    polarity: int
    what: str
    kind: str
    continues: bool = False
    side: int = 1

    @property
    def is_event(self) -> bool:
        return self.kind != "mention"


#: On equal distance a cue attaches to a linked event first, then to a mention, and to a bare
#: ("implicit") event word last: "the presence ... is illegal and must end" -> illegal presence.
ANCHOR_RANK = {"event": 0, "conduct": 0, "mention": 1, "implicit": 2, "topic": 3}


class Paragraph:
    """A parsed paragraph (or a quote parsed on its own) with the work its quotes share.

    The quotes of one paragraph are read against the same ``Doc`` and target; only the
    speaker's region differs. So the forms of every token, its sentence, the places where a
    cue's words occur, and the mentions and events (which depend only on whether the target was
    named before the paragraph) are computed once here and reused by every quote.

    ``verbs_nouns`` holds ``(index, lower case, offset)`` of each verb and noun: the candidates
    for a quote's reporting verb. ``event_tokens`` holds ``(start, end, event)`` of each event
    word, ``cue_matches`` every place a cue occurs (:func:`_cue_matches`).
    """

    def __init__(self, doc, target: Target) -> None:
        self.doc = doc
        self.target = target
        self.norms: list[str] = []
        self.forms: list[set[str]] = []
        self.offsets: list[int] = []
        self.verbs_nouns: list[tuple[int, str, int]] = []
        for t in doc:
            norm = token_norm(t)
            self.norms.append(norm)
            self.forms.append(token_forms(t, norm))
            self.offsets.append(t.idx)
            if t.pos_ in {"VERB", "NOUN", "AUX"}:
                self.verbs_nouns.append((t.i, t.lower_, t.idx))
        sents = list(doc.sents)
        self.sentences = [(s.start, s.text.strip()) for s in sents]
        self.sent_start = [0] * len(doc)  # token index -> index of its sentence's first token
        for s in sents:
            self.sent_start[s.start : s.end] = [s.start] * (s.end - s.start)
        scan = target.event_scan
        self.event_tokens: list[tuple[int, int, EventWord]] = [
            (s, e, scan[rank])
            for rank, s, e in find_phrases(self.forms, [ev.match for ev in scan], tokens=doc)
            if doc[s].pos_ in EVENT_POS  # "close to the border" is no closure
        ]
        self.actor_tokens = {
            i for _, s, e in find_phrases(self.forms, target.actor_words) for i in range(s, e)
        }
        self.cue_matches = _cue_matches(self.forms, target)
        self._anchors: dict[bool, tuple[list[Mention], list[str], list[Anchor]]] = {}

    def anchors(self, prior_mention: bool) -> tuple[list[Mention], list[str], list[Anchor]]:
        """``(mentions, notes, events)`` of :func:`_mentions` and :func:`_events`, once each."""
        key = bool(prior_mention)
        if key not in self._anchors:
            mentions, notes = _mentions(self, key)
            self._anchors[key] = (mentions, notes, _events(self, mentions))
        return self._anchors[key]

    def region(self, start: int, end: int) -> set[int]:
        """Indices of the tokens that begin at character offsets ``start <= idx < end``."""
        return set(range(bisect_left(self.offsets, start), bisect_left(self.offsets, end)))


def mention_spans(
    forms: Sequence[set[str]], target: Target, sides: tuple[int, ...] = (1, -1)
) -> list[tuple[int, int, int]]:
    """``(side, start, end)`` of every named mention of the target (side +1) and of its
    opposite side (-1), of the ``sides`` asked for."""
    phrases = (list(target.refers_to) if 1 in sides else []) + (
        list(target.opposite) if -1 in sides else []
    )
    n = len(target.refers_to) if 1 in sides else 0
    return [(1 if rank < n else -1, s, e) for rank, s, e in find_phrases(forms, phrases)]


def _mentions(para: Paragraph, prior_mention: bool) -> tuple[list[Mention], list[str]]:
    """Mentions of the target and its opposite side in ``para``, and notes on anaphors.

    Noun anaphors ("those forces", "the ban") need a named mention earlier in the paragraph or
    ``prior_mention`` (the target named earlier in the article). A pronoun ("it", "they", "its")
    is read as the target when its antecedent is: the last noun of its number before it, as
    subject or object, in its sentence or the sentence before (:func:`_antecedent`).
    """
    doc, target = para.doc, para.target
    named = mention_spans(para.forms, target)
    found = [_mention(para, s, e, side, "named") for side, s, e in named]
    notes = []
    taken = {i for _, s, e in named for i in range(s, e)}
    anaphors = [(s, e) for _, s, e in find_phrases(para.forms, target.anaphors)]
    anaphors += [(t.left_edge.i, t.i + 1) for t in doc if _head_anaphor(t, para)]
    for s, e in sorted(anaphors):
        if taken & set(range(s, e)) or (e - s == 1 and para.norms[s] in PRONOUNS):
            continue
        if any(ns < s for _, ns, _ in named) or prior_mention:
            found.append(_mention(para, s, e, 1, "anaphor"))
            taken.update(range(s, e))
            notes.append(f"anaphor '{doc[s:e].text}' read as the target")
    for tok in doc:
        number = PRONOUNS.get(tok.lower_)
        if number is None or tok.i in taken or tok.dep_ == "expl" or _dummy_it(tok):
            continue
        ante = _antecedent(tok, number, found)
        if ante is not None:
            found.append(_mention(para, tok.i, tok.i + 1, ante.side, "pronoun"))
            notes.append(f"'{tok.text}' read as {ante.label}")
    return sorted(found, key=lambda m: m.start), notes


def _mention(para: Paragraph, start: int, end: int, side: int, how: str) -> Mention:
    span = para.doc[start:end]
    root = _carry(span.root, para.target)
    doc = para.doc
    absent = any(
        t.lower_ in ABSENCE
        and (t.i == span.root.head.i or t.head.i == span.root.i)
        and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "more")  # "no more": a cue
        for t in span.root.sent
        if t.i < start
    )
    return Mention(root.i, start, end, span.text, side, -side if absent else side, how)


def _head_anaphor(tok, para: Paragraph) -> bool:
    """ "the ban", "these dams": the head noun of a target phrase with a definite determiner
    (``Target.heads``)."""
    return (
        tok.pos_ == "NOUN"
        and norm_word(tok.lemma_) in para.target.heads
        and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)
    )


def _dummy_it(tok) -> bool:
    """ "it is time to …", "it is unlikely that …": an "it" that stands for nothing."""
    if tok.lower_ != "it" or tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > tok.i for c in tok.head.children)


def _antecedent(tok, number: str, mentions: list[Mention]) -> Mention | None:
    """The mention a pronoun points back to, or None.

    Candidates are the nouns of the pronoun's number that are a subject, object or apposition
    (so in "the ban on alcohol … it" the ban, not alcohol), never a person for "it". In the
    pronoun's own sentence the nearest before it wins; else, in the sentences before (up to
    ``ANTECEDENT_SENTENCES``), a subject before an object ("Hanna argued that the ban violates
    article 2. “It punishes …”": the ban). The antecedent must lie inside a mention.
    """
    doc = tok.doc

    def fits(cand) -> bool:
        return (
            cand.tag_ in NUMBER_TAGS[number]
            and cand.dep_ in ANTECEDENT_DEPS
            and not (number == "singular" and cand.ent_type_ == "PERSON")
        )

    def mention_at(j: int) -> Mention | None:
        return next((m for m in mentions if m.start <= j < m.end or m.root == j), None)

    here = [t for t in doc[tok.sent.start : tok.i] if fits(t)]
    if here:
        return mention_at(here[-1].i)
    sent = tok.sent
    for _ in range(ANTECEDENT_SENTENCES):
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
        cands = [t for t in sent if fits(t)]
        if cands:
            subjects = [t for t in cands if t.dep_ in ("nsubj", "nsubjpass")]
            return mention_at((subjects or cands[::-1])[0].i)
    return None


def _carry(root, target: Target):
    """Move a mention up through "of" to a carrier noun: "the presence of [those forces]"."""
    for _ in range(2):
        head = root.head
        if (
            head.lower_ == "of"
            and head.head.i != head.i
            and token_norm(head.head) in target.carriers
        ):
            root = head.head
        else:
            break
    return root


def _events(para: Paragraph, mentions: list[Mention]) -> list[Anchor]:
    """Event words whose argument is a mention (or an actor word such as "American").

    For a target of kind ``actor``, an event it performs (it is the subject, possessor or
    modifier: "*Turkey* cut the releases", "*Ankara's* dams") is its conduct, not something
    that happens to it: the anchor is ``conduct``.
    """
    doc, target = para.doc, para.target
    by_root = {m.root: m for m in mentions}
    mention_tokens = {i for m in mentions for i in range(m.start, m.end)}
    anchors = []
    for start, end, ev in para.event_tokens:
        if mention_tokens & set(range(start, end)):
            continue
        tok = doc[start]
        flip = -1 if negated(tok) else 1  # "not a retreat", "no withdrawal": it is not happening
        linked = _linked_mention(tok, by_root, target)
        if linked is not None:
            m, agent = linked
            continues = ev.polarity > 0 and ev.name != "harms"
            if agent and target.kind == "actor" and m.side > 0:
                what = f"conduct '{tok.text}' of '{m.text}'"
                anchors.append(Anchor(tok, flip * m.polarity, what, "conduct", continues, m.side))
            else:
                what = f"{ev.name} '{tok.text}' of {m.label}" + (" (negated)" if flip < 0 else "")
                polarity = flip * ev.polarity * m.polarity
                anchors.append(Anchor(tok, polarity, what, "event", continues, m.side))
            continue
        actor = [
            c for c in tok.children
            if c.dep_ in {"amod", "compound", "poss", "nsubj", "npadvmod", "nmod"}
            and c.i in para.actor_tokens and c.i not in mention_tokens
        ]  # fmt: skip
        if actor:
            what = f"{ev.name} '{tok.text}' of '{actor[0].text}'" + (
                " (negated)" if flip < 0 else ""
            )
            anchors.append(Anchor(tok, flip * ev.polarity, what, "event", ev.polarity > 0))
            continue
        if ev.implicit and not has_actor(tok):
            named = [m for m in mentions if doc[m.root].sent.start == tok.sent.start and m.side > 0]
            if named:
                what = f"{ev.name} '{tok.text}' (target '{named[0].text}' in the sentence)"
                anchors.append(Anchor(tok, flip * ev.polarity, what, "implicit", ev.polarity > 0))
    return anchors + _ended_events(para, anchors)


def _ended_events(para: Paragraph, anchors: list[Anchor]) -> list[Anchor]:
    """An end put to an event about the target: "stop *buying* Iranian gas", "halt the
    *construction* of the port" is the end (−1) of what the inner event does to the target."""
    ends = {s: ev for s, _, ev in para.event_tokens if ev.name == "ends"}
    taken = {a.token.i for a in anchors}
    out = []
    for a in anchors:
        if a.kind not in ("event", "conduct"):
            continue
        outer = a.token.head
        if a.token.dep_ not in ("xcomp", "dobj", "pobj", "pcomp") or outer.i == a.token.i:
            continue
        if outer.dep_ == "prep":  # "an end *to* the construction"
            outer = outer.head
        if outer.i not in ends or outer.i in taken:
            continue
        flip = -1 if negated(outer) else 1
        what = f"ends '{outer.text}' {a.what}"
        out.append(Anchor(outer, -flip * a.polarity, what, "event", False, a.side))
        taken.add(outer.i)
    return out


#: Words that say an event does not happen: "*not* a retreat", "*no* withdrawal".
EVENT_NEGATORS = frozenset({"not", "n't", "no", "never"})
#: Subjects that deny an event: "*nobody* will stop it".
NEGATIVE_SUBJECTS = frozenset({"nobody", "nothing", "none", "no-one"})


def negated(tok) -> bool:
    """Whether an event word is negated by a word of its own ("not a retreat", "no exit",
    "will never leave"), as opposed to a negated cue ("is not a guarantee")."""
    if any(c.dep_ in ("neg", "det", "advmod") and c.lower_ in EVENT_NEGATORS for c in tok.children):
        return True
    for c in tok.children:  # "*no vote* can dissolve it", "*nobody* will stop it"
        if c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in NEGATIVE_SUBJECTS or any(d.lower_ == "no" for d in c.children)
        ):
            return True
    first = tok.left_edge
    before = tok.doc[first.i - 1] if first.i > 0 else None
    return before is not None and before.lower_ in ("not", "never")  # "…, not a retreat"


def _linked_mention(tok, by_root: dict[int, Mention], target: Target):
    """``(mention, acts)`` when a mention is a direct argument of the event ``tok``; ``acts``:
    the mention performs the event (subject, possessor, modifier, or "by" agent)."""
    for root, m in by_root.items():
        mt = tok.doc[root]
        d = path_length(tok, mt)
        if d is None or d > target.event_path:
            continue
        if chead(mt).i == tok.i and mt.dep_ in ARGUMENT_DEPS:
            by_agent = mt.dep_ == "pobj" and mt.head.lower_ == "by"
            return m, mt.dep_ in AGENT_DEPS or by_agent
        if chead(tok).i == mt.i and tok.dep_ in {"acl", "relcl", "amod", "compound"}:
            return m, tok.dep_ in {"acl", "relcl"}  # "forces *deployed* …", "a *Turkish* cut"
    return None


def has_actor(tok) -> bool:
    """Whether an event word names who or what it is about ("withdrawal *of the troops*",
    "*their* exit", "*Russia* withdraws"). A source or goal ("withdrawal *from Iraq*") is not."""
    for child in tok.children:
        if child.dep_ in {"dobj", "nsubj", "nsubjpass", "poss", "agent", "compound"}:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in {"of", "by"}
            and any(g.dep_ == "pobj" for g in child.children)
        ):
            return True
    return False


def _cue_matches(forms: Sequence[set[str]], target: Target) -> list[tuple[int, int, Cue]]:
    """Every place the words of a cue occur: ``(rank in target.cue_scan, start, cue)``.

    Overlaps are kept: which cue a quote uses depends on its region (:func:`_cue_hits`).
    Sorted in the order they are tried (longest cue first, then spec order, then left to right).
    """
    scan, starts = target.cue_scan, target.cue_starts
    out = []
    for i, here in enumerate(forms):
        ranks = {rank for word in here for rank in starts.get(word, ())}
        for rank in ranks:
            match = scan[rank].match
            if i + len(match) <= len(forms) and all(
                forms[i + k] & match[k] for k in range(1, len(match))
            ):
                out.append((rank, i, scan[rank]))
    out.sort(key=lambda m: (m[0], m[1]))
    return out
