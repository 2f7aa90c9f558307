"""Stance of each quotation and of each speaker toward a *target*, with the evidence.

Stance is a position for or against something (the target), not a mood: "a withdrawal would
be a catastrophe!" is angry and *in favour* of the presence it defends. Sentiment tools
(:mod:`helpers.sentiment`) score the mood; this module scores the position.

A target is a YAML spec in ``data/targets/`` (schema: ``data/targets/README.md``): the phrases
that name it, the events that end or strengthen it, and weighted cues. A new topic is a new spec
file, not new code. One cue contributes::

    valence (+1 wants/praises, -1 opposes/condemns)
      x polarity of what it is attached to (+1 the target or an event that keeps it,
                                             -1 an event that ends or harms it)
      x weight x negation (-1) x hedge (0.5) x neutraliser (0)

so "demand (+1) the withdrawal (-1) of US forces" is against, "withdrawal (-1) would be a blow
(-1)" is favor and "the presence (+1) is illegal (-1)" is against.

What is found:

* **scope by the dependency parse**: a cue counts only when it is connected to a target mention
  or to an event about the target within ``scope.max_path`` dependency steps (prepositions,
  determiners, auxiliaries and conjunctions are collapsed, as in "collapsed" dependencies), and
  an event is about the target only when a target mention is its direct argument ("the exit
  *of American forces*", "*an American* withdrawal", "until *they* leave");
* **who says it**: cues come only from the speaker's words (the quote span, plus the reporting
  verb such as "demanded"); the target may come from anywhere in the sentence that frames them,
  which is how partial and indirect quotes are read ("the presence of those forces 'constitutes
  a factor of destruction'");
* **anaphors**: a noun anaphor ("those forces", "their bases") counts as a mention only when
  the target was named earlier in the article; a pronoun ("they") only when the last plural noun
  before it in its sentence is part of a target mention;
* **negation** ("not", "no", "never", "n't", ...) placed before a cue and attached to it (or to
  the word it completes: "is *not* a guarantee") reverses it, except for cues marked
  ``negatable: false`` ("will not stop *until* they leave": the negation belongs to the
  construction);
* **prediction is not advocacy**: neutralisers ("unlikely", "possibility", "obstructs") and
  futility words ("useless") that govern a cue cancel it; "withdrawal is unlikely" alone yields
  no stance and its evidence says so; hedges ("may", "could") halve a cue;
* **whose attitude**: an attitude cue ("oppose", "demand", "fear") held by a named third party
  ("several parties oppose the removal") is a report of their view and scores 0; the reporting
  verb of the quote ("X *demanded* the withdrawal") is the speaker's own;
* **advocacy needs an event**: "must", "a timetable", "until" count only when attached to an
  event about the target ("until they *leave*"), never to a bare mention.

What is not found: irony, stance carried by the whole argument rather than a cue, targets that
are never named ("the last obstacles"), a third party's *evaluation* quoted in order to reject it
(it is credited to the speaker), coreference beyond the anaphor rule, and cues split across
sentences.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from helpers.article import Article

__all__ = [
    "LABELS",
    "TARGETS_DIR",
    "Cue",
    "Target",
    "TargetSpecError",
    "bundled_targets",
    "classify_error",
    "cue_table",
    "scores_table",
    "validation_summary",
    "load_gold_speakers",
    "load_gold_stance",
    "load_target",
    "quote_stance",
    "speaker_stance",
    "validate_stance",
]

#: Stance labels, in the order used by tables and metrics.
LABELS = ("favor", "against", "neutral")
#: Where bundled target specs live (repository ``data/targets``).
TARGETS_DIR = Path(__file__).resolve().parents[2] / "data" / "targets"
ANNOTATIONS_DIR = Path(__file__).resolve().parents[2] / "data" / "annotations"

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

_SPEC_FIELDS = {
    "name", "label", "description", "refers_to", "actor_words", "carriers", "anaphors",
    "events", "cues", "negators", "neutralisers", "modality", "scope", "decision",
}  # fmt: skip
_CUE_KINDS = ("attitude", "advocacy", "evaluation")


class TargetSpecError(ValueError):
    """A target spec that cannot be used. ``str(err)`` is one line naming the bad field."""


# --------------------------------------------------------------------------- the target spec


@dataclass(frozen=True)
class Cue:
    """One stance cue: a word (or contiguous words) with a valence and a weight.

    ``match`` is a tuple of positions, each a frozenset of accepted words or lemmas (lower case).
    """

    match: tuple[frozenset[str], ...]
    valence: int
    weight: float
    kind: str
    comment: str = ""
    text: str = ""
    negatable: bool = True


@dataclass(frozen=True, eq=False)
class Target:
    """A stance target read from a spec file (see ``data/targets/README.md``).

    Compared and hashed by identity; ``raw`` keeps the spec as written (for display).
    """

    name: str
    label: str
    description: str
    refers_to: tuple[tuple[str, ...], ...]
    actor_words: frozenset[str]
    carriers: frozenset[str]
    anaphors: tuple[tuple[str, ...], ...]
    events: dict[str, tuple[int, frozenset[str], bool]]
    cues: tuple[Cue, ...]
    negators: dict[str, float]
    neutralisers: dict[str, str]
    modality: dict[str, float]
    max_path: int = 4
    event_path: int = 1
    quote_threshold: float = 1.0
    speaker_threshold: float = 1.0
    source: str = ""
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        return (
            f"Target(name={self.name!r}, label={self.label!r}, phrases={len(self.refers_to)}, "
            f"cues={len(self.cues)}, events={sorted(self.events)})"
        )

    @cached_property
    def cue_scan(self) -> tuple[Cue, ...]:
        """The cues in the order they are tried: longest first, then as written in the spec."""
        return tuple(sorted(self.cues, key=lambda c: -len(c.match)))

    @cached_property
    def cue_starts(self) -> dict[str, tuple[int, ...]]:
        """Each word that can start a cue -> the positions in :attr:`cue_scan` of those cues."""
        starts: dict[str, list[int]] = {}
        for rank, cue in enumerate(self.cue_scan):
            for word in cue.match[0]:
                starts.setdefault(word, []).append(rank)
        return {word: tuple(ranks) for word, ranks in starts.items()}

    @cached_property
    def event_words(self) -> dict[str, tuple[str, int, bool]]:
        """Each event word -> ``(event name, polarity, implicit)`` of the first event listing it."""
        table: dict[str, tuple[str, int, bool]] = {}
        for name, (polarity, words, implicit) in self.events.items():
            for word in words:
                table.setdefault(word, (name, polarity, implicit))
        return table

    def event_class(self, word: str) -> tuple[str, int, bool] | None:
        """``(event name, polarity, implicit)`` of a normalised word or lemma, or None."""
        return self.event_words.get(word)


def bundled_targets() -> list[str]:
    """Names of the target specs shipped in ``data/targets/`` (sorted)."""
    return sorted(p.stem for p in TARGETS_DIR.glob("*.yaml"))


def load_target(spec: str | Path | Mapping[str, Any] | Target) -> Target:
    """Read and validate a target spec.

    ``spec`` is a path to a YAML file, the name of a bundled target (``bundled_targets()``), an
    already parsed mapping, or a :class:`Target` (returned as is).

    Raises:
        TargetSpecError: one line; names the unknown target (listing the bundled ones) or the
            first bad field (``cues[3].valence: must be +1 or -1, got 2``).
    """
    if isinstance(spec, Target):
        return spec
    if isinstance(spec, Mapping):
        return _build_target(dict(spec), "<mapping>")
    path = Path(spec)
    if not path.suffix and not path.exists():
        path = TARGETS_DIR / f"{spec}.yaml"
    if not path.is_file():
        raise TargetSpecError(
            f"unknown target {str(spec)!r}: not a file and not a bundled target "
            f"(bundled: {', '.join(bundled_targets()) or 'none'})"
        )
    try:
        data = copy.deepcopy(_parse_yaml(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        where = f" line {line + 1}" if line is not None else ""
        raise TargetSpecError(f"{path.name}:{where} is not valid YAML") from None
    if not isinstance(data, dict):
        raise TargetSpecError(f"{path.name}: a target spec must be a mapping of fields")
    target = _build_target(data, path.name)
    if target.name != path.stem:
        raise TargetSpecError(
            f"{path.name}: field 'name' must equal the file name without .yaml, got {target.name!r}"
        )
    return target


@lru_cache(maxsize=16)
def _parse_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, remembered: parsing a spec is most of the cost of
    :func:`load_target`, and callers load the same spec for every article. The text is the key,
    so an edited file is parsed again. :func:`load_target` builds from a deep copy, so the
    remembered value is never changed and every call still returns a new :class:`Target`.
    """
    return yaml.safe_load(text)


def _build_target(data: dict, where: str) -> Target:
    def bad(fieldname: str, why: str) -> TargetSpecError:
        return TargetSpecError(f"{where}: field '{fieldname}' {why}")

    unknown = sorted(set(data) - _SPEC_FIELDS)
    if unknown:
        raise bad(unknown[0], f"is not part of the schema ({', '.join(sorted(_SPEC_FIELDS))})")
    for key in ("name", "label"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise bad(key, "is required and must be a non-empty string")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", data["name"]):
        raise bad("name", f"must be lower-case kebab-case, got {data['name']!r}")

    def phrases(key: str, required: bool = False) -> tuple[tuple[str, ...], ...]:
        value = data.get(key, [])
        if required and not value:
            raise bad(key, "is required and must list at least one phrase")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad(key, "must be a list of non-empty strings")
        return tuple(sorted({_phrase_key(v) for v in value}, key=lambda p: (-len(p), p)))

    def words(key: str) -> frozenset[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(
                key, "must be a list of words (quote no/yes/on/off, YAML reads them as true/false)"
            )
        return frozenset(_norm_word(v) for v in value)

    refers_to = phrases("refers_to", required=True)
    anaphors = phrases("anaphors")
    events = _build_events(data.get("events"), bad)
    cues = _build_cues(data.get("cues"), bad)
    negators = _word_lists(data.get("negators", []), "negators", bad, with_factor=True)
    neutral = _word_lists(data.get("neutralisers", []), "neutralisers", bad, with_factor=False)
    modality = _word_lists(data.get("modality", []), "modality", bad, with_factor=True)
    scope = data.get("scope", {}) or {}
    decision = data.get("decision", {}) or {}
    for key, block, keys in (
        ("scope", scope, ("max_path", "event_path")),
        ("decision", decision, ("quote_threshold", "speaker_threshold")),
    ):
        if not isinstance(block, dict):
            raise bad(key, "must be a mapping")
        for sub in block:
            if sub not in keys:
                raise bad(f"{key}.{sub}", f"is not part of the schema ({', '.join(keys)})")
            if not isinstance(block[sub], int | float) or block[sub] < 0:
                raise bad(f"{key}.{sub}", f"must be a non-negative number, got {block[sub]!r}")
    return Target(
        name=data["name"],
        label=data["label"].strip(),
        description=str(data.get("description", "")).strip(),
        refers_to=refers_to,
        actor_words=words("actor_words"),
        carriers=words("carriers"),
        anaphors=anaphors,
        events=events,
        cues=cues,
        negators=negators,
        neutralisers=neutral,
        modality=modality,
        max_path=int(scope.get("max_path", 4)),
        event_path=int(scope.get("event_path", 1)),
        quote_threshold=float(decision.get("quote_threshold", 1.0)),
        speaker_threshold=float(decision.get("speaker_threshold", 1.0)),
        source=where,
        raw=data,
    )


def _build_events(value: Any, bad) -> dict[str, tuple[int, frozenset[str], bool]]:
    if not isinstance(value, dict) or not value:
        raise bad("events", "is required: a mapping of event names to {polarity, words}")
    events = {}
    for name, block in value.items():
        if not isinstance(block, dict):
            raise bad(f"events.{name}", "must be a mapping with polarity and words")
        if block.get("polarity") not in (1, -1):
            raise bad(f"events.{name}.polarity", f"must be +1 or -1, got {block.get('polarity')!r}")
        ws = block.get("words")
        if not isinstance(ws, list) or not ws or not all(isinstance(w, str) for w in ws):
            raise bad(
                f"events.{name}.words", "must be a non-empty list of words (quote no/yes/on/off)"
            )
        extra = sorted(set(block) - {"polarity", "words", "implicit"})
        if extra:
            raise bad(
                f"events.{name}.{extra[0]}", "is not part of an event (polarity words implicit)"
            )
        implicit = block.get("implicit", False)
        if not isinstance(implicit, bool):
            raise bad(f"events.{name}.implicit", f"must be true or false, got {implicit!r}")
        events[str(name)] = (int(block["polarity"]), frozenset(_norm_word(w) for w in ws), implicit)
    return events


def _build_cues(value: Any, bad) -> tuple[Cue, ...]:
    if not isinstance(value, list) or not value:
        raise bad("cues", "is required and must be a non-empty list")
    cues = []
    for i, entry in enumerate(value):
        here = f"cues[{i}]"
        if not isinstance(entry, dict):
            raise bad(here, "must be a mapping with match, valence, weight and kind")
        extra = sorted(set(entry) - {"match", "valence", "weight", "kind", "comment", "negatable"})
        if extra:
            raise bad(
                f"{here}.{extra[0]}",
                "is not part of a cue (match valence weight kind negatable comment)",
            )
        if not isinstance(entry.get("negatable", True), bool):
            raise bad(f"{here}.negatable", f"must be true or false, got {entry['negatable']!r}")
        match = entry.get("match")
        if not isinstance(match, str) or not match.split():
            raise bad(f"{here}.match", "must be a non-empty string such as 'demand|call for'")
        if entry.get("valence") not in (1, -1):
            raise bad(f"{here}.valence", f"must be +1 or -1, got {entry.get('valence')!r}")
        weight = entry.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or weight <= 0:
            raise bad(f"{here}.weight", f"must be a positive number, got {weight!r}")
        if entry.get("kind") not in _CUE_KINDS:
            raise bad(
                f"{here}.kind", f"must be one of {', '.join(_CUE_KINDS)}, got {entry.get('kind')!r}"
            )
        positions = tuple(
            frozenset(_norm_word(w) for w in pos.split("|") if w) for pos in match.split()
        )
        cues.append(
            Cue(
                match=positions,
                valence=int(entry["valence"]),
                weight=float(weight),
                kind=entry["kind"],
                comment=str(entry.get("comment", "")),
                text=match,
                negatable=entry.get("negatable", True),
            )
        )
    return tuple(cues)


def _word_lists(value: Any, key: str, bad, *, with_factor: bool) -> dict:
    if not isinstance(value, list):
        raise bad(key, "must be a list of {words, ...} entries")
    out: dict = {}
    for i, entry in enumerate(value):
        ws = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(ws, list) or not ws or not all(isinstance(w, str) for w in ws):
            raise bad(f"{key}[{i}].words", "must be a list of words (quote no/yes/on/off)")
        if with_factor:
            factor = entry.get("factor")
            if not isinstance(factor, int | float) or isinstance(factor, bool):
                raise bad(f"{key}[{i}].factor", f"must be a number, got {factor!r}")
        else:
            label = entry.get("label")
            if not isinstance(label, str) or not label.strip():
                raise bad(f"{key}[{i}].label", "is required: a short name such as 'prediction'")
        for w in entry["words"]:
            out[_norm_word(str(w))] = float(entry["factor"]) if with_factor else entry["label"]
    return out


# --------------------------------------------------------------------------- normalisation


#: Initialisms written with dots ("U.S.", "U.S"): their dots are dropped.
_INITIALISM = re.compile(r"(?:[a-z]\.){2,}|(?:[a-z]\.)+[a-z]")


@lru_cache(maxsize=1 << 15)
def _norm_word(word: str) -> str:
    """Lower case, curly apostrophe to straight, "U.S." to "us".

    Cached: a corpus repeats the same few thousand words; the bound keeps memory flat.
    """
    w = word.strip().lower().replace("’", "'").replace("‘", "'")
    if _INITIALISM.fullmatch(w):
        w = w.replace(".", "")
    return w


def _token_norm(token) -> str:
    text = token.text
    if text == "us":  # the pronoun, never the country
        return "us~pronoun"
    return _norm_word(text)


def _token_forms(token, norm: str | None = None) -> set[str]:
    """The normalised text and lemma of ``token`` (``norm``: its :func:`_token_norm`, if known)."""
    return {_token_norm(token) if norm is None else norm, _norm_word(token.lemma_)}


@cache
def _tokenizer():
    from helpers.nlp import get_nlp

    return get_nlp().tokenizer


def _phrase_key(phrase: str) -> tuple[str, ...]:
    """A phrase as the tuple of its normalised tokens (spaCy's tokenizer)."""
    return tuple(_token_norm(t) for t in _tokenizer()(phrase.strip()))


def _find_phrases(tokens: Sequence, phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` token index pairs of the phrases, longest first."""
    return _phrase_spans([_token_norm(t) for t in tokens], tuple(phrases))


def _phrase_spans(
    norms: Sequence[str], phrases: Sequence[tuple[str, ...]]
) -> list[tuple[int, int]]:
    """:func:`_find_phrases` on the tokens' normalised texts ``norms``.

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


# --------------------------------------------------------------------------- parse helpers


def _chead(token):
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


# --------------------------------------------------------------------------- one quote


@dataclass
class _Anchor:
    token: Any
    polarity: int
    what: str  # "target 'American forces'" or "removal 'exit' of 'American forces'"
    kind: str  # "event" (linked to a mention), "mention", or "implicit" (a bare event word)

    @property
    def is_event(self) -> bool:
        return self.kind != "mention"


#: On equal distance a cue attaches to a linked event first, then to a mention, and to a bare
#: ("implicit") event word last: "the presence ... is illegal and must end" -> illegal presence.
_ANCHOR_RANK = {"event": 0, "mention": 1, "implicit": 2}


class _Paragraph:
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
        self.norms: list[str] = []  # _token_norm of each token
        self.forms: list[set[str]] = []  # _token_forms of each token
        self.offsets: list[int] = []  # character offset of each token (increasing)
        self.verbs_nouns: list[tuple[int, str, int]] = []  # reporting verb candidates
        for t in doc:
            norm = _token_norm(t)
            self.norms.append(norm)
            self.forms.append(_token_forms(t, norm))
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
        self._anchors: dict[bool, tuple[list, list[str], list[_Anchor]]] = {}

    def anchors(self, prior_mention: bool) -> tuple[list, list[str], list[_Anchor]]:
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
    para: _Paragraph, prior_mention: bool
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
            and _token_norm(head.head) in target.carriers
        ):
            root = head.head
        else:
            break
    return root


def _events(para: _Paragraph, mentions: list[tuple[int, int, int, str]]) -> list[_Anchor]:
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
            linked = (_chead(m).i == tok.i and m.dep_ in ARGUMENT_DEPS) or (
                _chead(tok).i == m.i and tok.dep_ in {"acl", "relcl", "amod", "compound"}
            )
            if linked and path_length(tok, m) <= target.event_path:
                about = text
                break
        if about is None:
            for child in tok.children:
                if (
                    child.dep_ in {"amod", "compound", "poss", "nsubj", "npadvmod", "nmod"}
                    and _token_norm(child) in target.actor_words
                    and child.i not in mention_tokens
                ):
                    about = child.text
                    break
        if about is None and implicit and not _has_actor(tok):
            named = [doc[r].text for r in mention_roots if doc[r].sent.start == tok.sent.start]
            if named:
                anchors.append(
                    _Anchor(
                        tok,
                        polarity,
                        f"{name} '{tok.text}' (target '{named[0]}' in the sentence)",
                        "implicit",
                    )
                )
            continue
        if about is not None:
            anchors.append(_Anchor(tok, polarity, f"{name} '{tok.text}' of '{about}'", "event"))
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


def _cue_hits(para: _Paragraph, region: set[int], skip: set[int]) -> list[tuple[Cue, Any, str]]:
    """Cue matches whose tokens are all in ``region`` (the speaker's words) and not in ``skip``.

    Longer cues are taken first; a cue whose tokens overlap one already taken is dropped.
    """
    hits = []
    used: set[int] = set()
    for _, i, cue in para.cue_matches:
        idx = range(i, i + len(cue.match))
        if any(j not in region or j in skip or j in used for j in idx):
            continue
        span = para.doc[idx.start : idx.stop]
        hits.append((cue, span.root, span.text))
        used.update(idx)
    return sorted(hits, key=lambda h: h[1].i)


def _modifiers(cue_tok, words: Mapping[str, Any], forms: Sequence[set[str]]) -> list[Any]:
    """Tokens from ``words`` that modify the cue: children of the cue, or children of the word
    the cue completes ("is *not* a guarantee", "would *not* be a blow"), placed before the cue.

    Placement matters for contrast: in "farmers, not fighters" the "not" follows "farmers" and
    negates "fighters" only. ``forms`` are the normalised forms of the tokens of the cue's Doc.
    """
    head = _chead(cue_tok)
    wanted = set(words)
    out = []
    for tok in cue_tok.sent:
        if tok.i >= cue_tok.i or not (forms[tok.i] & wanted):
            continue
        on_cue = tok.head.i == cue_tok.i
        on_head = tok.head.i == head.i and (
            cue_tok.dep_ in COMPLEMENT_DEPS
            or (tok.dep_ in {"neg", "aux"} and cue_tok.dep_ not in {"nsubj", "nsubjpass", "csubj"})
        )
        if on_cue or on_head:
            out.append(tok)
    return out


def _neutraliser(cue_tok, target: Target, forms: Sequence[set[str]]):
    """A prediction/futility word that governs the cue or predicates over its clause.

    ``forms`` are the normalised forms of the tokens of the cue's Doc.
    """
    words = set(target.neutralisers)
    chain = [cue_tok]
    t = cue_tok
    for _ in range(3):
        if t.head.i == t.i:
            break
        t = t.head
        chain.append(t)
    for k, node in enumerate(chain):
        if k and forms[node.i] & words and node.pos_ not in FUNCTION_POS:
            return node
        for child in node.children:
            if child.i == cue_tok.i or not forms[child.i] & words:
                continue
            if k == 0 or child.dep_ in PREDICATE_DEPS:
                return child
    return None


def _word_factor(forms: set[str], table: Mapping[str, float]) -> float:
    """The factor in ``table`` of the first of a token's ``forms`` listed there (else 1)."""
    return next((table[f] for f in forms if f in table), 1.0)


def _analyse(para: _Paragraph, region: set[int], prior_mention: bool, reporting=None) -> dict:
    """Stance cues of one analysis unit.

    ``para`` is the parsed paragraph (or the quote alone), ``region`` the indices of the
    speaker's tokens (the quote span plus the reporting verb ``reporting``), ``prior_mention``
    whether the target was named just before the paragraph.
    """
    doc, target, forms = para.doc, para.target, para.forms
    sent_starts = {para.sent_start[i] for i in region}
    mentions, notes, events = para.anchors(prior_mention)
    anchors = events + [
        _Anchor(doc[root], 1, f"target '{text}'", "mention") for root, _, _, text in mentions
    ]
    mention_tokens = {i for _, s, e, _ in mentions for i in range(s, e)}
    in_scope = [a for a in anchors if para.sent_start[a.token.i] in sent_starts]
    quote_tokens = region - ({reporting.i} if reporting is not None else set())
    items: list[dict] = []
    for cue, tok, text in _cue_hits(para, region, mention_tokens):
        is_reporting = reporting is not None and tok.i == reporting.i
        if is_reporting and cue.kind != "attitude":
            continue  # "who continued, '...'": a reporting verb is a cue only as an attitude
        best = None
        for anchor in in_scope:
            if anchor.token.i == tok.i or (is_reporting and anchor.token.i not in quote_tokens):
                continue
            if cue.kind == "advocacy" and not anchor.is_event:
                continue  # "need to strengthen those forces": advocacy asks for a known event
            d = path_length(tok, anchor.token)
            if d is None or d > target.max_path:
                continue
            key = (d, _ANCHOR_RANK[anchor.kind], abs(anchor.token.i - tok.i))
            if best is None or key < best[0]:
                best = (key, anchor)
        if best is None:
            continue
        anchor = best[1]
        score = cue.valence * anchor.polarity * cue.weight
        flags = []
        holder = None if is_reporting or cue.kind != "attitude" else _other_holder(tok)
        neutral = _neutraliser(tok, target, forms)
        if holder is not None:
            flags.append(f"attitude of {holder}, reported, not held by the speaker")
            score = 0.0
        elif neutral is not None:
            why = target.neutralisers[_pick(forms[neutral.i], target.neutralisers)]
            flags.append(f"neutralised by '{neutral.text}' ({why})")
            score = 0.0
        if score:
            for neg in _modifiers(tok, target.negators, forms) if cue.negatable else []:
                score *= _word_factor(forms[neg.i], target.negators)
                flags.append(f"negated by '{neg.text}'")
            for hedge in _modifiers(tok, target.modality, forms):
                score *= _word_factor(forms[hedge.i], target.modality)
                flags.append(f"hedged by '{hedge.text}'")
        items.append(
            {
                "cue": text,
                "kind": cue.kind,
                "valence": cue.valence,
                "weight": cue.weight,
                "about": anchor.what,
                "polarity": anchor.polarity,
                "path": best[0][0],
                "flags": flags,
                "score": round(float(score) + 0.0, 3),
                "sentence": tok.sent.text.strip(),
            }
        )
    return {
        "items": items,
        "predictions": _predictions(para, in_scope),
        "notes": list(notes),
        "mentioned": bool(in_scope),
        "sentences": [text for start, text in para.sentences if start in sent_starts],
    }


def _other_holder(tok) -> str | None:
    """The named third party who holds an attitude cue, or None when the speaker may hold it.

    A verb's noun subject ("several parties *oppose*") or a noun's noun possessor or "of"
    complement ("the *fears of decision-makers*") is a third party. A pronoun or no holder at
    all counts as the speaker, except for a bare attitude noun governed by a verb with a noun
    subject ("the matter may meet broad *opposition*"): someone's attitude is described.
    """
    if tok.pos_ in {"VERB", "AUX"}:
        subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj and subj[0].pos_ in {"NOUN", "PROPN"}:
            return f"'{subj[0].text}'"
        return None
    holders = [c for c in tok.children if c.dep_ == "poss"]
    holders += [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"} and g.tag_ in {"NNS", "NNPS", "NNP"}
    ]
    if holders:
        return None if holders[0].pos_ == "PRON" else f"'{holders[0].text}'"
    head = _chead(tok)
    if head.pos_ in {"VERB", "AUX"} and head.i != tok.i:
        subj = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != tok.i]
        if subj and subj[0].pos_ in {"NOUN", "PROPN"}:
            return f"no one named (described, not held: '{subj[0].text} ... {tok.text}')"
    return None


def _pick(forms: set[str], table: Mapping[str, Any]) -> str:
    """The first of a token's ``forms`` listed in ``table``."""
    return next(f for f in forms if f in table)


def _predictions(para: _Paragraph, anchors: list[_Anchor]) -> list[str]:
    """Events about the target that are only predicted ("withdrawal is unlikely")."""
    target = para.target
    out = []
    for anchor in anchors:
        if not anchor.is_event:
            continue
        n = _neutraliser(anchor.token, target, para.forms)
        if n is not None:
            label = target.neutralisers[_pick(para.forms[n.i], target.neutralisers)]
            out.append(f"'{n.text}' ({label}) + {anchor.what}: no stance")
    return out


# --------------------------------------------------------------------------- context


@dataclass
class _Context:
    """The article body and its paragraphs ``(number, start, end)``, in body order and disjoint
    (as :func:`_context` builds them), with lookups that need no scan per quote: an article may
    have thousands of paragraphs and of quotes."""

    body: str
    paragraphs: list[tuple[int, int, int]]  # (number, start, end)

    def __post_init__(self) -> None:
        self._starts = [start for _, start, _ in self.paragraphs]
        self._by_number: dict[int, list[int]] = {}
        for k, (number, _, _) in enumerate(self.paragraphs):
            self._by_number.setdefault(number, []).append(k)

    def containing(self, offset: int) -> int | None:
        """Index of the paragraph with ``start <= offset < end``, or None."""
        k = bisect_right(self._starts, offset) - 1
        return k if k >= 0 and offset < self.paragraphs[k][2] else None

    def numbered(self, number: int) -> list[int]:
        """Indices of the paragraphs with this number."""
        return self._by_number.get(number, [])


def _context(context: Article | str | None) -> _Context | None:
    if context is None:
        return None
    if isinstance(context, Article):
        rows = [
            (int(r.paragraph), int(r.start), int(r.end))
            for r in context.paragraphs.itertuples(index=False)
        ]
        return _Context(context.body, rows)
    if isinstance(context, str):
        rows, pos = [], 0
        for number, part in enumerate(context.split("\n\n"), start=1):
            rows.append((number, pos, pos + len(part)))
            pos += len(part) + 2
        return _Context(context, rows)
    raise TypeError(
        f"context must be an Article, the article body or None, not {type(context).__name__}"
    )


def _quote_text(row: Mapping) -> str:
    value = row.get("quote", "")
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _locate(row: Mapping, ctx: _Context) -> tuple[int, int, int] | None:
    """``(paragraph index in ctx, start, end)`` of a quote in the body, or None.

    The ``start``/``end`` offsets are used when they hold the quote's text (letters and digits
    compared, so marks and spacing do not matter); otherwise the text is looked up in its
    ``paragraph`` (then in every paragraph). None when it is nowhere.
    """
    start, end = row.get("start"), row.get("end")
    para = row.get("paragraph")
    text = _quote_text(row)
    offsets = start is not None and end is not None and not pd.isna(start) and not pd.isna(end)
    if offsets and 0 <= int(start) < int(end) <= len(ctx.body):
        start, end = int(start), int(end)
        if _alnum(ctx.body[start:end]) == _alnum(text):
            k = ctx.containing(start)
            if k is not None:
                return k, start, min(end, ctx.paragraphs[k][2])
    if not _alnum(text):
        return None
    from helpers.evaluation import locate_quote

    candidates = ctx.numbered(int(para)) if para is not None and not pd.isna(para) else []
    for k in candidates or range(len(ctx.paragraphs)):
        _, ps, pe = ctx.paragraphs[k]
        found = locate_quote(ctx.body[ps:pe], text)
        if found:
            return k, ps + found[0], ps + found[1]
    return None


_WORD = re.compile(r"[A-Za-z’']+")


def _reporting_token(para: _Paragraph, cue_text: str, q0: int, q1: int):
    """The reporting verb of the quote ("demanded" in "demanded more than once that"): the
    verb or noun outside the quote (characters ``q0``-``q1``) written as a word of ``cue_text``,
    the nearest to the quote."""
    if not isinstance(cue_text, str) or not cue_text.strip():
        return None
    words = set(_WORD.findall(cue_text.lower()))
    candidates = [
        (i, idx) for i, lower, idx in para.verbs_nouns if lower in words and not (q0 <= idx < q1)
    ]
    if not candidates:
        return None
    i, _ = min(candidates, key=lambda c: min(abs(c[1] - q0), abs(c[1] - q1)))
    return para.doc[i]


# --------------------------------------------------------------------------- public API


def quote_stance(
    quotes: pd.DataFrame,
    target: Target | str | Path,
    *,
    nlp=None,
    context: Article | str | None = None,
) -> pd.DataFrame:
    """Stance of every quote toward ``target``: ``quotes`` plus ``stance``, ``stance_score``,
    ``evidence``, ``target_mentioned`` and ``stance_cues`` (the fired cues as dicts).

    ``quotes`` needs a ``quote`` column; ``paragraph``, ``start``/``end`` (offsets into the
    article body), ``kind`` and ``cue`` (the reporting verb) are used when present, so both
    :func:`helpers.quotes.extract_quotes` output and hand-annotated quotes work. With
    ``context`` (the :class:`~helpers.article.Article` or its body) each quote is read inside
    its paragraph, so the sentence around a partial or indirect quote supplies the target and
    anaphors resolve; without it only the quote text is parsed.

    ``stance_score`` is signed (favor > 0): the sum of the cue scores. ``stance`` is favor or
    against when ``|stance_score| >= decision.quote_threshold``, else neutral. ``evidence``
    lists each cue that fired (what it is attached to, negations, hedges, neutralisers), any
    predictions, and the sentence. An empty frame gives an empty frame with these columns.
    """
    target = load_target(target)
    if not isinstance(quotes, pd.DataFrame):
        raise TypeError(f"quotes must be a pandas DataFrame, not {type(quotes).__name__}")
    out_cols = ["stance", "stance_score", "evidence", "target_mentioned", "stance_cues"]
    if quotes.empty:
        return quotes.assign(**{c: pd.Series(dtype=object) for c in out_cols})
    if "quote" not in quotes.columns:
        raise ValueError("quotes has no 'quote' column")
    if nlp is None:
        from helpers.nlp import get_nlp

        nlp = get_nlp()
    ctx = _context(context)
    first_mention = _first_mention(ctx, target, nlp.tokenizer) if ctx is not None else 0
    paragraphs: dict[int, _Paragraph] = {}  # parsed once, shared by the paragraph's quotes
    rows = []
    # Only the fields read below, without attrs: pandas would box every column of every row
    # and copy the attrs into each column.
    fields = quotes.loc[:, quotes.columns.isin(["quote", "paragraph", "start", "end", "cue"])]
    fields.attrs = {}
    for row in fields.to_dict("records"):
        located = _locate(row, ctx) if ctx is not None else None
        if located is None:
            para = _Paragraph(nlp(_quote_text(row)), target)
            region = set(range(len(para.doc)))
            prior, rep = False, None
        else:
            k, q0, q1 = located
            _, ps, pe = ctx.paragraphs[k]
            if k not in paragraphs:
                paragraphs[k] = _Paragraph(nlp(ctx.body[ps:pe]), target)
            para = paragraphs[k]
            a, b = q0 - ps, q1 - ps
            region = para.region(a, b)
            rep = _reporting_token(para, row.get("cue", ""), a, b)
            if rep is not None and para.sent_start[rep.i] in {para.sent_start[i] for i in region}:
                region.add(rep.i)
            prior = first_mention < ps
        result = _analyse(para, region, prior, rep)
        rows.append(_quote_result(result, target))
    extra = pd.DataFrame(rows, index=quotes.index, columns=out_cols)
    out = pd.concat(
        [quotes.drop(columns=[c for c in out_cols if c in quotes.columns]), extra], axis=1
    )
    out.attrs.update(target=target.name, speaker_threshold=target.speaker_threshold)
    return out


def _first_mention(ctx: _Context, target: Target, tokenizer=None) -> int:
    """Body offset of the first explicit mention of the target (len(body) when none).

    Paragraphs are read in order and the search stops at the first one that names the target.
    When only whitespace separates them (as in an :class:`Article` or a body split on blank
    lines) no phrase can span two paragraphs, so this is the first mention in the whole body;
    otherwise the whole body is read at once. ``tokenizer`` is the pipeline's (only the token
    texts are read); the shared pipeline's by default.
    """
    if tokenizer is None:
        tokenizer = _tokenizer()
    if _whitespace_between(ctx):
        for _, ps, pe in sorted(ctx.paragraphs, key=lambda p: p[1]):
            tokens = list(tokenizer(ctx.body[ps:pe]))
            found = _find_phrases(tokens, target.refers_to)
            if found:
                return ps + tokens[found[0][0]].idx
        return len(ctx.body)
    tokens = list(tokenizer(ctx.body))
    found = _find_phrases(tokens, target.refers_to)
    return tokens[found[0][0]].idx if found else len(ctx.body)


def _whitespace_between(ctx: _Context) -> bool:
    """Whether the paragraphs cover the body in order with only whitespace around them, and at
    least one whitespace character between two paragraphs."""
    pos = 0
    for k, (_, ps, pe) in enumerate(sorted(ctx.paragraphs, key=lambda p: p[1])):
        gap = ctx.body[pos:ps]
        if ps < pos or gap.strip() or (k and not gap):
            return False
        pos = pe
    return not ctx.body[pos:].strip()


def _quote_result(result: dict, target: Target) -> list:
    items = result["items"]
    score = round(sum(i["score"] for i in items), 3)
    if score >= target.quote_threshold:
        stance = "favor"
    elif score <= -target.quote_threshold:
        stance = "against"
    else:
        stance = "neutral"
    parts = [_item_text(i) for i in items]
    parts += result["predictions"]
    if not parts:
        parts.append(
            "no stance cue about the target" if result["mentioned"] else "target not mentioned"
        )
    parts += result["notes"]
    sentence = " ".join(result["sentences"])
    evidence = "; ".join(dict.fromkeys(parts)) + (f' | sentence: "{sentence}"' if sentence else "")
    return [stance, score, evidence, result["mentioned"], items]


def _item_text(item: dict) -> str:
    sign = "+" if item["valence"] > 0 else "-"
    flags = f" [{', '.join(item['flags'])}]" if item["flags"] else ""
    return f"'{item['cue']}' ({item['kind']} {sign}{item['weight']:g}) -> {item['about']}{flags} = {item['score']:+g}"


def speaker_stance(stances: pd.DataFrame, *, threshold: float | None = None) -> pd.DataFrame:
    """One row per speaker: the stance summed over their direct, partial and indirect quotes.

    Columns: ``speaker_id``, ``speaker``, ``stance``, ``stance_score`` (sum of quote scores,
    favor > 0), ``margin``, ``favor``/``against``/``neutral`` (quote counts), ``quotes``,
    ``evidence`` (the three strongest cues, joined). ``margin`` is the distance of the score
    from the decision threshold (``threshold``; by default the target's ``speaker_threshold``,
    which :func:`quote_stance` records in ``stances.attrs``, else 1.0): how far the winning
    side is ahead. A margin near 0 is a weak call, whichever side it fell on. Rows are sorted
    by ``speaker_id``.
    """
    cols = ["speaker_id", "speaker", "stance", "stance_score", "margin", "favor", "against",
            "neutral", "quotes", "evidence"]  # fmt: skip
    if stances.empty:
        return pd.DataFrame(columns=cols)
    for needed in ("stance", "stance_score"):
        if needed not in stances.columns:
            raise ValueError(f"stances has no '{needed}' column; run quote_stance first")
    if threshold is None:
        threshold = float(stances.attrs.get("speaker_threshold", 1.0))
    threshold = float(threshold)
    frame = stances.copy()
    frame.attrs = {}  # not needed below; pandas would copy them into every group and column
    if "speaker" not in frame.columns:
        frame["speaker"] = "unknown"
    if "speaker_id" not in frame.columns:
        frame["speaker_id"] = frame["speaker"]
    frame["speaker_id"] = frame["speaker_id"].where(frame["speaker_id"].notna(), frame["speaker"])
    rows = []
    for sid, group in frame.groupby("speaker_id", sort=True):
        score = round(float(group["stance_score"].sum()), 3)
        stance = "favor" if score >= threshold else "against" if score <= -threshold else "neutral"
        items = [i for cues in group.get("stance_cues", []) if isinstance(cues, list) for i in cues]
        items = sorted(items, key=lambda i: (-abs(i["score"]), i["cue"]))
        strongest = [_item_text(i) for i in items if i["score"]][:3]
        labels = [x for x in group["stance"].tolist() if isinstance(x, str)]  # not NaN or NA
        rows.append(
            {
                "speaker_id": sid,
                "speaker": group["speaker"].iloc[0],
                "stance": stance,
                "stance_score": score,
                "margin": round(abs(abs(score) - threshold), 3),
                "favor": labels.count("favor"),
                "against": labels.count("against"),
                "neutral": labels.count("neutral"),
                "quotes": len(group),
                "evidence": " / ".join(strongest) or "no stance cue",
            }
        )
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- validation


def _annotation_path(article_or_stem: Article | str | Path, kind: str, folder: Path | None) -> Path:
    if isinstance(article_or_stem, Article):
        stem = article_or_stem.id
    else:
        given = Path(article_or_stem)
        stem = (
            given.stem if given.suffix.lower() in {".txt", ".md", ".html", ".htm"} else given.name
        )
    base = Path(folder) if folder is not None else ANNOTATIONS_DIR
    for candidate in (base / f"{stem}.{kind}.csv", base.parent / "samples" / f"{stem}.{kind}.csv"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no hand annotation {stem}.{kind}.csv in {base}")


def load_gold_stance(
    article_or_stem: Article | str | Path, annotations_dir: str | Path | None = None
) -> pd.DataFrame:
    """The hand-annotated quotes with their stance labels.

    Columns of :func:`helpers.evaluation.load_gold_quotes` (with ``start``/``end`` when an
    Article is given) plus ``stance`` and ``rationale`` from ``<stem>.stance.csv``.
    """
    from helpers.evaluation import load_gold_quotes

    gold = load_gold_quotes(article_or_stem, annotations_dir)
    path = _annotation_path(article_or_stem, "stance", annotations_dir)
    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"quote_id", "stance", "rationale"} - set(labels.columns)
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    labels["stance"] = labels["stance"].str.strip().str.lower()
    bad = sorted(set(labels["stance"]) - set(LABELS))
    if bad:
        raise ValueError(f"{path.name}: unknown stance label(s) {', '.join(bad)}")
    return gold.merge(labels[["quote_id", "stance", "rationale"]], on="quote_id", how="left")


def load_gold_speakers(
    article_or_stem: Article | str | Path, annotations_dir: str | Path | None = None
) -> pd.DataFrame:
    """The hand-annotated speakers: ``speaker``, ``role``, ``aliases``, ``stance``,
    ``rationale`` and ``optional`` (the codebook's vague collective sources)."""
    path = _annotation_path(article_or_stem, "speakers", annotations_dir)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"speaker", "stance"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    for col in ("role", "aliases", "rationale"):
        if col not in frame.columns:
            frame[col] = ""
    frame["stance"] = frame["stance"].str.strip().str.lower()
    frame["optional"] = frame["role"].str.contains("optional", case=False)
    return frame[["speaker", "role", "aliases", "stance", "rationale", "optional"]]


#: Error categories of :func:`classify_error`, in the order they are tested.
ERROR_CATEGORIES = (
    "attribution error",
    "negation",
    "prediction vs advocacy",
    "translation artefact",
    "missing cue",
    "spurious cue",
)
_ARTEFACT = re.compile(r"garbled|translat|artefact|artifact", re.IGNORECASE)


def classify_error(row: Mapping[str, Any]) -> str:
    """Why a machine stance differs from the hand label, as one of :data:`ERROR_CATEGORIES`.

    Tested in order on a row of :func:`validate_stance`'s quote table:

    * **attribution error**: the machine gave the quote to another speaker;
    * **negation**: a negator flipped a cue, or a futility word ("useless") cancelled one;
    * **prediction vs advocacy**: a prediction word cancelled a cue or the evidence records a
      prediction only, while the hand label takes a side (or a hedge tipped the call);
    * **translation artefact**: the annotator's note calls the wording garbled or a
      translation problem;
    * **missing cue**: the hand label takes a side and no cue fired (implicit stance, a target
      named only by description, a cue word not in the spec);
    * **spurious cue**: a cue fired where the hand label is neutral or on the other side.
    """
    gold, machine = row.get("gold_stance"), row.get("stance")
    if gold == machine:
        return ""
    evidence = str(row.get("evidence", "") or "")
    gold_speaker, pred_speaker = row.get("gold_speaker"), row.get("pred_speaker")
    if gold_speaker and pred_speaker:
        from helpers.evaluation import speaker_key

        if speaker_key(gold_speaker) != speaker_key(pred_speaker):
            return "attribution error"
    if "negated by" in evidence or "(futility)" in evidence:
        return "negation"
    if "(prediction)" in evidence or "hedged by" in evidence:
        return "prediction vs advocacy"
    if _ARTEFACT.search(str(row.get("notes", "") or "")):
        return "translation artefact"
    fired = [i for i in (row.get("stance_cues") or []) if i.get("score")]
    if gold != "neutral" and not fired:
        return "missing cue"
    return "spurious cue"


def validate_stance(
    stances: pd.DataFrame,
    article: Article,
    *,
    target: Target | str | Path | None = None,
    annotations_dir: str | Path | None = None,
    threshold: float = 0.5,
) -> dict[str, Any]:
    """Compare machine stances with the hand labels of ``article``, per quote and per speaker.

    ``stances`` is :func:`quote_stance` output, on machine quotes (``extract_quotes``) or on the
    gold quotes themselves. Machine quotes are paired with gold quotes by paragraph and text
    overlap (:func:`helpers.evaluation.match_quotes`, ``threshold``); gold quotes marked
    optional in the codebook are left out of the scores. Speakers are paired by
    :func:`helpers.evaluation.speaker_key` of the name or of an alias, else by surname.

    Returns a dict: ``quotes`` (one row per gold quote: gold and machine stance, evidence,
    ``error`` category), ``quote_scores`` (accuracy, macro-F1, kappa over matched quotes, with
    ``n_gold`` and ``n_matched``), ``quote_baseline``, ``quote_confusion``; the same four for
    ``speakers``; ``errors`` (the disagreements only).
    """
    from helpers.evaluation import agreement, confusion_table, majority_baseline, match_quotes

    gold = load_gold_stance(article, annotations_dir)
    matches = match_quotes(stances, gold, threshold=threshold, article=article)
    by_pred = stances.set_index(stances["quote_id"].astype(str))
    by_gold = gold.set_index("quote_id")
    rows = []
    for m in matches.itertuples(index=False):
        if m.status not in ("match", "miss"):
            continue
        g = by_gold.loc[m.gold_id]
        p = by_pred.loc[m.pred_id] if m.status == "match" else None
        row = {
            "gold_id": m.gold_id,
            "pred_id": m.pred_id,
            "paragraph": int(m.paragraph),
            "status": m.status,
            "gold_speaker": g["speaker"],
            "pred_speaker": p["speaker"] if p is not None else "",
            "quote": g["quote"],
            "gold_stance": g["stance"],
            "stance": p["stance"] if p is not None else "",
            "stance_score": float(p["stance_score"]) if p is not None else float("nan"),
            "evidence": p["evidence"].split(" | sentence")[0] if p is not None else "not found",
            "rationale": g["rationale"],
            "notes": g["notes"],
            "stance_cues": p["stance_cues"] if p is not None else [],
        }
        row["error"] = classify_error(row) if p is not None else "quote not found"
        rows.append(row)
    table = pd.DataFrame(rows)
    matched = table[table["status"] == "match"]
    quote_scores = agreement(matched["gold_stance"], matched["stance"], LABELS)
    quote_scores.update(n_gold=len(table), n_matched=len(matched))

    spec = load_target(target) if target is not None else None
    machine = speaker_stance(stances, threshold=spec.speaker_threshold if spec else None)
    gold_sp = load_gold_speakers(article, annotations_dir)
    gold_sp = gold_sp[~gold_sp["optional"]]
    sp_rows = []
    for g in gold_sp.itertuples(index=False):
        hit = _match_speaker(g.speaker, g.aliases, machine)
        sp_rows.append(
            {
                "speaker": g.speaker,
                "gold_stance": g.stance,
                "stance": hit["stance"] if hit is not None else "",
                "stance_score": hit["stance_score"] if hit is not None else float("nan"),
                "margin": hit["margin"] if hit is not None else float("nan"),
                "quotes": hit["quotes"] if hit is not None else 0,
                "evidence": hit["evidence"] if hit is not None else "speaker not found",
                "rationale": g.rationale,
                "agrees": hit is not None and hit["stance"] == g.stance,
            }
        )
    speakers = pd.DataFrame(sp_rows)
    found = speakers[speakers["stance"] != ""]
    speaker_scores = agreement(found["gold_stance"], found["stance"], LABELS)
    speaker_scores.update(
        n_gold=len(speakers), n_matched=len(found), n_agree=int(speakers["agrees"].sum())
    )
    return {
        "quotes": table.drop(columns=["stance_cues"]),
        "quote_scores": quote_scores,
        "quote_baseline": majority_baseline(matched["gold_stance"], LABELS),
        "quote_confusion": confusion_table(matched["gold_stance"], matched["stance"], LABELS),
        "speakers": speakers,
        "speaker_scores": speaker_scores,
        "speaker_baseline": majority_baseline(found["gold_stance"], LABELS),
        "speaker_confusion": confusion_table(found["gold_stance"], found["stance"], LABELS),
        "errors": table[table["error"] != ""].drop(columns=["stance_cues"]).reset_index(drop=True),
    }


def _match_speaker(name: str, aliases: str, machine: pd.DataFrame) -> dict | None:
    from helpers.evaluation import speaker_key

    keys = {speaker_key(name)} | {speaker_key(a) for a in str(aliases).split("|") if a.strip()}
    keys.discard("")
    rows = machine.to_dict("records")
    for row in rows:
        if speaker_key(row["speaker"]) in keys:
            return row
    surname = speaker_key(name).split(" ")[-1:]
    for row in rows:
        if surname and speaker_key(row["speaker"]).split(" ")[-1:] == surname:
            return row
    return None


# --------------------------------------------------------------------------- notebook helpers


def cue_table(target: Target | str | Path) -> pd.DataFrame:
    """The cues of a target as a table: ``kind``, ``valence``, ``weight``, ``match``, ``comment``."""
    target = load_target(target)
    rows = [
        {
            "kind": c.kind,
            "valence": f"{c.valence:+d}",
            "weight": c.weight,
            "match": c.text.replace("|", " | "),
            "comment": c.comment,
        }
        for c in target.cues
    ]
    return pd.DataFrame(rows)


def scores_table(result: Mapping[str, Any]) -> pd.DataFrame:
    """Accuracy, macro-F1 and kappa of the rules and of the majority baseline, per quote and per
    speaker, from :func:`validate_stance`'s result."""
    rows = []
    for unit in ("quote", "speaker"):
        for system, scores in (("rules", result[f"{unit}_scores"]),
                               (f"always '{result[f'{unit}_baseline'].get('label', '')}'",
                                result[f"{unit}_baseline"])):  # fmt: skip
            rows.append(
                {
                    "unit": f"{unit}s",
                    "system": system,
                    "n": scores["n"],
                    "accuracy": round(scores["accuracy"], 3),
                    "macro_f1": round(scores["macro_f1"], 3),
                    "kappa": round(scores["kappa"], 3),
                }
            )
    return pd.DataFrame(rows)


def validation_summary(result: Mapping[str, Any], name: str = "") -> dict:
    """One row of headline figures from :func:`validate_stance`: quotes and speakers compared,
    accuracy, macro-F1 and kappa, the majority baseline's macro-F1, and speakers that agree."""
    q, s = result["quote_scores"], result["speaker_scores"]
    return {
        "article": name,
        "quotes": q["n"],
        "quote_accuracy": round(q["accuracy"], 3),
        "quote_macro_f1": round(q["macro_f1"], 3),
        "quote_kappa": round(q["kappa"], 3),
        "baseline_macro_f1": round(result["quote_baseline"]["macro_f1"], 3),
        "speakers": s["n_gold"],
        "speakers_agree": s["n_agree"],
    }
