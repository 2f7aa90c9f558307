"""One parsed paragraph as the stance rules see it: the target's mentions, its events, the cue words.

A :class:`Paragraph` is computed once per paragraph and shared by the quotes in it (only the
speaker's region differs between them). It holds the normalised forms of every token, the
target mentions (with anaphors), the events about the target (``the exit *of American forces*``)
and every place where the words of a cue occur. :func:`path_length` counts dependency steps with
function words collapsed; it is the distance every scope rule uses.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from helpers.targets import Cue, Target, token_forms, token_norm

__all__ = ["ARGUMENT_DEPS", "FUNCTION_POS", "Anchor", "Paragraph", "find_phrases", "path_length"]

#: Parts of speech collapsed when counting dependency steps (function words on a path).
FUNCTION_POS = frozenset({"ADP", "PART", "DET", "SCONJ", "AUX", "CCONJ", "PUNCT"})
#: Dependency labels through which an event takes its target argument.
ARGUMENT_DEPS = frozenset(
    {"dobj", "nsubj", "nsubjpass", "pobj", "poss", "amod", "compound", "nmod", "npadvmod",
     "dative", "attr", "appos", "acl", "relcl", "dep", "conj", "oprd", "obj", "csubj"}
)  # fmt: skip
#: Dependency labels by which a neutraliser predicates over a clause ("it is *unlikely* that").
PREDICATE_DEPS = frozenset({"acomp", "advmod", "attr", "oprd", "amod"})
#: Complement labels: a negation on the head also negates these ("is *not* a guarantee").
COMPLEMENT_DEPS = frozenset({"attr", "acomp", "dobj", "xcomp", "ccomp", "oprd", "pobj", "advmod"})
#: Single-word anaphors are resolved in their own sentence only.
PRONOUNS = frozenset({"they", "them", "their", "it", "its"})


def find_phrases(tokens: Sequence, phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` token index pairs of the phrases, longest first."""
    return _phrase_spans([token_norm(t) for t in tokens], tuple(phrases))


def _phrase_spans(
    norms: Sequence[str], phrases: Sequence[tuple[str, ...]]
) -> list[tuple[int, int]]:
    """:func:`find_phrases` on the tokens' normalised texts ``norms``.

    Phrases are tried in the given order and each from left to right; a match that overlaps an
    earlier one is dropped. Only positions whose word can start a phrase are looked at: the
    matches are collected first, then taken in that same order.
    """
    by_first: dict[str, list[int]] = {}
    for rank, phrase in enumerate(phrases):
        if phrase:
            by_first.setdefault(phrase[0], []).append(rank)
    candidates = []
    for i, word in enumerate(norms):
        for rank in by_first.get(word, ()):
            phrase = phrases[rank]
            if tuple(norms[i : i + len(phrase)]) == phrase:
                candidates.append((rank, i))
    taken: set[int] = set()
    found = []
    for rank, i in sorted(candidates):
        span = range(i, i + len(phrases[rank]))
        if taken.isdisjoint(span):
            found.append((span.start, span.stop))
            taken.update(span)
    return sorted(found)


def chead(token):
    """The head of ``token`` skipping prepositions ("exit *of* forces" -> exit)."""
    head = token.head
    while head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return head


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


@dataclass
class Anchor:
    token: Any
    polarity: int
    what: str  # "target 'American forces'" or "removal 'exit' of 'American forces'"
    kind: str  # "event" (linked to a mention), "mention", or "implicit" (a bare event word)

    @property
    def is_event(self) -> bool:
        return self.kind != "mention"


#: On equal distance a cue attaches to a linked event first, then to a mention, and to a bare
#: ("implicit") event word last: "the presence ... is illegal and must end" -> illegal presence.
ANCHOR_RANK = {"event": 0, "mention": 1, "implicit": 2}


class Paragraph:
    """A parsed paragraph (or a quote parsed on its own) with the work its quotes share.

    The quotes of one paragraph are read against the same ``Doc`` and target; only the
    speaker's region differs. So the normalised forms of every token, its sentence, the places
    where a cue's words occur, and the target mentions and events (which depend only on whether
    the target was named before the paragraph) are computed once here and reused by every
    quote. Nothing here depends on the quote, so a quote scored alone and scored next to others
    in the same paragraph gets the same result.

    ``verbs_nouns`` holds ``(index, lower case, offset)`` of each verb and noun: the candidates
    for a quote's reporting verb. ``event_tokens`` holds ``(index, event class)`` of each event
    word, ``cue_matches`` the output of :func:`_cue_matches`.
    """

    def __init__(self, doc, target: Target) -> None:
        self.doc = doc
        self.target = target
        self.norms: list[str] = []  # token_norm of each token
        self.forms: list[set[str]] = []  # token_forms of each token
        self.offsets: list[int] = []  # character offset of each token (increasing)
        self.verbs_nouns: list[tuple[int, str, int]] = []  # reporting verb candidates
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
        self.event_tokens = [
            (i, cls)
            for i, forms in enumerate(self.forms)
            if (cls := next((c for f in forms if (c := target.event_class(f))), None))
        ]
        self.cue_matches = _cue_matches(self.forms, target)
        self._anchors: dict[bool, tuple[list, list[str], list[Anchor]]] = {}

    def anchors(self, prior_mention: bool) -> tuple[list, list[str], list[Anchor]]:
        """``(mentions, notes, events)`` of :func:`_mentions` and :func:`_events`, once each."""
        key = bool(prior_mention)
        if key not in self._anchors:
            mentions, notes = _mentions(self, key)
            self._anchors[key] = (mentions, notes, _events(self, mentions))
        return self._anchors[key]

    def region(self, start: int, end: int) -> set[int]:
        """Indices of the tokens that begin at character offsets ``start <= idx < end``."""
        return set(range(bisect_left(self.offsets, start), bisect_left(self.offsets, end)))


def _mentions(
    para: Paragraph, prior_mention: bool
) -> tuple[list[tuple[int, int, int, str]], list[str]]:
    """Target mentions in ``para`` as ``(root index, start, end, text)``, and notes on anaphors.

    Noun anaphors ("those forces", "our presence") need an explicit mention earlier in the
    paragraph or ``prior_mention`` (the target named earlier in the article);
    a pronoun ("they") is read as the target only when the last plural noun before it in its
    sentence belongs to a target mention ("targeting American forces will not end until they
    leave"; not "... local elections that will enable them").
    """
    doc, target = para.doc, para.target
    explicit = _phrase_spans(para.norms, target.refers_to)
    found = [(_carry(doc[s:e].root, target).i, s, e, doc[s:e].text) for s, e in explicit]
    notes = []
    for s, e in _phrase_spans(para.norms, target.anaphors):
        if any(es < e and s < ee for es, ee in explicit):
            continue
        span = doc[s:e]
        single = e - s == 1 and para.norms[s] in PRONOUNS
        if single:
            earlier = [] if (last := _last_plural(doc, s)) is None else [
                es for es, ee in explicit if es <= last < ee
            ]  # fmt: skip
        else:
            earlier = [es for es, _ in explicit if es < s]
        if earlier or (prior_mention and not single):
            found.append((_carry(span.root, target).i, s, e, span.text))
            notes.append(f"anaphor '{span.text}' read as the target")
    return found, notes


def _last_plural(doc, i: int) -> int | None:
    """Index of the last plural noun before token ``i`` in its sentence (a pronoun's antecedent)."""
    sent = doc[i].sent
    for j in range(i - 1, sent.start - 1, -1):
        if doc[j].tag_ in {"NNS", "NNPS"}:
            return j
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


def _events(para: Paragraph, mentions: list[tuple[int, int, int, str]]) -> list[Anchor]:
    """Event words whose argument is a target mention (or an actor word such as "American")."""
    doc, target = para.doc, para.target
    mention_roots = {m[0]: m[3] for m in mentions}
    mention_tokens = {i for _, s, e, _ in mentions for i in range(s, e)}
    anchors = []
    for i, (name, polarity, implicit) in para.event_tokens:
        if i in mention_roots:
            continue
        tok = doc[i]
        about = None
        for root, text in mention_roots.items():
            m = doc[root]
            linked = (chead(m).i == tok.i and m.dep_ in ARGUMENT_DEPS) or (
                chead(tok).i == m.i and tok.dep_ in {"acl", "relcl", "amod", "compound"}
            )
            if linked and path_length(tok, m) <= target.event_path:
                about = text
                break
        if about is None:
            for child in tok.children:
                if (
                    child.dep_ in {"amod", "compound", "poss", "nsubj", "npadvmod", "nmod"}
                    and token_norm(child) in target.actor_words
                    and child.i not in mention_tokens
                ):
                    about = child.text
                    break
        if about is None and implicit and not _has_actor(tok):
            named = [doc[r].text for r in mention_roots if doc[r].sent.start == tok.sent.start]
            if named:
                anchors.append(
                    Anchor(
                        tok,
                        polarity,
                        f"{name} '{tok.text}' (target '{named[0]}' in the sentence)",
                        "implicit",
                    )
                )
            continue
        if about is not None:
            anchors.append(Anchor(tok, polarity, f"{name} '{tok.text}' of '{about}'", "event"))
    return anchors


def _has_actor(tok) -> bool:
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

    ``forms`` are the normalised forms of each token. Sorted in the order
    :func:`_cue_hits` tries them (longest cue first, then spec order, then left to right).
    Only cues whose first word is at a position are tried there (``target.cue_starts``).
    """
    starts, scan, out = target.cue_starts, target.cue_scan, []
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
