"""Target specs: the YAML file that says what a speaker can be for or against.

A spec (schema and guide: ``data/targets/README.md``) names the target (``refers_to``), says
whether it is a state of affairs or an actor (``kind``), and may name the opposite side
(``opposite``), what ends it (``ends``), what keeps it (``continues``), what attacks it
(``harms``) and topic cues of its own (``cues``). It is merged with the general stance lexicon
(:mod:`helpers.targets.lexicon`), so a spec that only names its target already works.
:func:`load_target` reads and validates one and returns a :class:`Target`.

Specs written for the first schema (an ``events`` block of single words, cues as
``"a|b c"`` strings) load unchanged; ``python -m helpers target check`` says how to move them on.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from helpers.paths import bundled_target_files
from helpers.targets.lexicon import general_lexicon
from helpers.targets.words import Phrase, compile_phrase, compile_phrases, norm_word, phrase_head

__all__ = [
    "BLOCK_FIELDS",
    "CUE_KINDS",
    "EVENT_SECTIONS",
    "SPEC_FIELDS",
    "TARGET_KINDS",
    "Cue",
    "EventWord",
    "Target",
    "TargetSpecError",
    "bundled_targets",
    "cue_table",
    "load_target",
]

#: Every top-level field a spec may have.
SPEC_FIELDS = (
    "name", "label", "kind", "description", "refers_to", "opposite", "anaphors", "actor_words",
    "carriers", "ends", "continues", "harms", "events", "cues", "negators", "neutralisers",
    "modality", "scope", "decision", "general_lexicon",
)  # fmt: skip
#: A state of affairs (a presence, control, a ban, a project) or an actor's conduct.
TARGET_KINDS = ("state", "actor")
#: What a cue does (data/targets/README.md, "Cues").
CUE_KINDS = ("attitude", "demand", "advocacy", "evaluation")
#: The event lists of the schema: name -> (polarity, a bare word stands for the target).
EVENT_SECTIONS = {"ends": (-1, True), "continues": (1, False), "harms": (-1, False)}
#: The keys allowed inside each kind of block (read by the loader and by ``target check``).
BLOCK_FIELDS = {
    "cues": ("match", "valence", "weight", "kind", "comment", "negatable"),
    "events": ("polarity", "words", "implicit"),
    "scope": ("max_path", "event_path"),
    "decision": ("quote_threshold", "speaker_threshold"),
}
_DEFAULTS = {"max_path": 4, "event_path": 1, "quote_threshold": 1.0, "speaker_threshold": 1.0}


class TargetSpecError(ValueError):
    """A target spec that cannot be used. ``str(err)`` is one line naming the bad field."""


@dataclass(frozen=True)
class Cue:
    """One stance cue: a word or phrase with a valence, a weight and a kind.

    ``match`` is a compiled phrase: for each word the forms (word, lemma) it accepts.
    ``source`` is ``spec`` or ``general lexicon``.
    """

    match: Phrase
    valence: int
    weight: float
    kind: str
    comment: str = ""
    text: str = ""
    negatable: bool = True
    source: str = "spec"


@dataclass(frozen=True)
class EventWord:
    """A word or phrase naming an event that ends (-1), keeps (+1) or harms (-1) the target."""

    match: Phrase
    name: str
    polarity: int
    implicit: bool
    text: str
    source: str = "spec"


@dataclass(frozen=True, eq=False)
class Target:
    """A stance target read from a spec file (see ``data/targets/README.md``).

    Compared and hashed by identity; ``raw`` keeps the spec as written (for display) and
    ``entries`` each phrase as written with its compiled form, by section (for
    ``target check``).
    """

    name: str
    label: str
    description: str
    kind: str
    refers_to: tuple[Phrase, ...]
    opposite: tuple[Phrase, ...]
    anaphors: tuple[Phrase, ...]
    actor_words: tuple[Phrase, ...]
    carriers: frozenset[str]
    heads: frozenset[str]
    events: tuple[EventWord, ...]
    cues: tuple[Cue, ...]
    negators: dict[str, float]
    neutralisers: dict[str, str]
    modality: dict[str, float]
    max_path: int = 4
    event_path: int = 1
    quote_threshold: float = 1.0
    speaker_threshold: float = 1.0
    general_lexicon: bool = True
    source: str = ""
    raw: dict = field(default_factory=dict, repr=False, compare=False)
    entries: dict = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        return (
            f"Target(name={self.name!r}, kind={self.kind!r}, phrases={len(self.refers_to)}, "
            f"opposite={len(self.opposite)}, cues={len(self.cues)}, events={len(self.events)})"
        )

    @cached_property
    def cue_scan(self) -> tuple[Cue, ...]:
        """The cues in the order they are tried: longest first, then the spec's before the
        general lexicon's, then as written."""
        return tuple(sorted(self.cues, key=lambda c: -len(c.match)))

    @cached_property
    def cue_starts(self) -> dict[str, tuple[int, ...]]:
        """Each form that can start a cue -> the positions in :attr:`cue_scan` of those cues."""
        starts: dict[str, list[int]] = {}
        for rank, cue in enumerate(self.cue_scan):
            for word in cue.match[0]:
                starts.setdefault(word, []).append(rank)
        return {word: tuple(ranks) for word, ranks in starts.items()}

    @cached_property
    def event_scan(self) -> tuple[EventWord, ...]:
        """The event words in the order they are tried (as :attr:`cue_scan`)."""
        return tuple(sorted(self.events, key=lambda e: -len(e.match)))


def bundled_targets() -> list[str]:
    """Names of the target specs shipped with the package (sorted)."""
    return list(bundled_target_files())


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
    bundled = bundled_target_files()
    if path.is_file():
        file = path
    elif not path.suffix and str(spec) in bundled:
        file = bundled[str(spec)]
    else:
        raise TargetSpecError(
            f"unknown target {str(spec)!r}: not a file and not a bundled target "
            f"(bundled: {', '.join(bundled) or 'none'})"
        )
    path = Path(file.name)
    try:
        data = copy.deepcopy(_parse_yaml(file.read_text(encoding="utf-8")))
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        where = f" line {line + 1}" if line is not None else ""
        raise TargetSpecError(f"{path.name}:{where} is not valid YAML") from None
    except UnicodeDecodeError:
        raise TargetSpecError(f"{path.name}: is not UTF-8 text") from None
    if not isinstance(data, dict):
        raise TargetSpecError(f"{path.name}: a target spec must be a mapping of fields")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", path.stem):
        better = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-target"
        raise TargetSpecError(
            f"{path.name}: the file name must be lower-case kebab-case, like the spec's 'name' "
            f"(rename it to {better}.yaml and set name: {better})"
        )
    target = _build_target(data, path.name)
    if target.name != path.stem:
        raise TargetSpecError(
            f"{path.name}: field 'name' must equal the file name without .yaml "
            f"({path.stem!r}), got {target.name!r}"
        )
    return target


@lru_cache(maxsize=16)
def _parse_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, remembered: callers load the same spec for every article. The
    text is the key, so an edited file is parsed again; :func:`load_target` builds from a deep
    copy, so the remembered value is never changed."""
    return yaml.safe_load(text)


class _Builder:
    """Validation of one spec's fields, each error one line naming the field."""

    def __init__(self, data: dict, where: str) -> None:
        self.data, self.where = data, where
        self.entries: dict[str, list[tuple[str, Phrase]]] = {}

    def bad(self, fieldname: str, why: str) -> TargetSpecError:
        return TargetSpecError(f"{self.where}: field '{fieldname}' {why}")

    def strings(self, key: str, value: Any = None, *, required: bool = False) -> list[str]:
        value = self.data.get(key, []) if value is None else value
        if value is None:
            value = []
        if required and not value:
            raise self.bad(key, "is required and must list at least one phrase")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.bad(
                key, "must be a list of words or phrases (quote no/yes/on/off: YAML reads them "
                "as true/false)",
            )  # fmt: skip
        return value

    def phrases(self, key: str, *, required: bool = False) -> tuple[Phrase, ...]:
        texts = self.strings(key, required=required)
        self.entries[key] = [(t, compile_phrase(t)) for t in texts]
        return compile_phrases(texts)

    def number(self, block: str, key: str, value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise self.bad(f"{block}.{key}", f"must be a non-negative number, got {value!r}")
        return value


def _build_target(data: dict, where: str) -> Target:
    b = _Builder(data, where)
    unknown = sorted(set(data) - set(SPEC_FIELDS))
    if unknown:
        raise b.bad(unknown[0], f"is not part of the schema ({', '.join(SPEC_FIELDS)})")
    for key in ("name", "label"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise b.bad(key, "is required and must be a non-empty string")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", data["name"]):
        raise b.bad("name", f"must be lower-case kebab-case, got {data['name']!r}")
    kind = data.get("kind", "state")
    if kind not in TARGET_KINDS:
        raise b.bad("kind", f"must be state or actor, got {kind!r}")
    general = data.get("general_lexicon", True)
    if not isinstance(general, bool):
        raise b.bad("general_lexicon", f"must be true or false, got {general!r}")
    lexicon = general_lexicon() if general else {}

    events = _spec_events(b) + (_lexicon_events(lexicon) if general else [])
    cues = _cues(b, data.get("cues"), "spec", required=not general)
    if general:
        cues += _cues(b, lexicon.get("cues"), "general lexicon")
    scope = _block(b, "scope", BLOCK_FIELDS["scope"])
    decision = _block(b, "decision", BLOCK_FIELDS["decision"])
    return Target(
        name=data["name"],
        label=data["label"].strip(),
        description=str(data.get("description", "") or "").strip(),
        kind=kind,
        refers_to=b.phrases("refers_to", required=True),
        opposite=b.phrases("opposite"),
        anaphors=b.phrases("anaphors"),
        actor_words=b.phrases("actor_words"),
        carriers=frozenset(norm_word(w) for w in b.strings("carriers")),
        heads=_heads(b.strings("refers_to"), lexicon),
        events=tuple(events),
        cues=tuple(cues),
        negators=_word_lists(b, "negators", lexicon, with_factor=True),
        neutralisers=_word_lists(b, "neutralisers", lexicon, with_factor=False),
        modality=_word_lists(b, "modality", lexicon, with_factor=True),
        max_path=int(scope.get("max_path", _DEFAULTS["max_path"])),
        event_path=int(scope.get("event_path", _DEFAULTS["event_path"])),
        quote_threshold=float(decision.get("quote_threshold", _DEFAULTS["quote_threshold"])),
        speaker_threshold=float(decision.get("speaker_threshold", _DEFAULTS["speaker_threshold"])),
        general_lexicon=general,
        source=where,
        raw=data,
        entries={k: tuple(v) for k, v in b.entries.items()},
    )


def _heads(phrases: list[str], lexicon: dict) -> frozenset[str]:
    """Head nouns of the target's phrases that refer back on their own with "the" ("the ban"
    after "the alcohol ban"), except the lexicon's ``generic_heads`` ("the government")."""
    generic = {norm_word(w) for w in lexicon.get("generic_heads", [])}
    return frozenset(h for p in phrases if (h := phrase_head(p)) and h not in generic)


def _spec_events(b: _Builder) -> list[EventWord]:
    """The spec's ``ends``/``continues``/``harms`` lists, and a first-schema ``events`` block."""
    out = []
    for name, (polarity, implicit) in EVENT_SECTIONS.items():
        texts = b.strings(name)
        b.entries[name] = [(t, compile_phrase(t)) for t in texts]
        out += [EventWord(compile_phrase(t), name, polarity, implicit, t) for t in texts]
    legacy = b.data.get("events")
    if legacy is None:
        return out
    if not isinstance(legacy, dict) or not legacy:
        raise b.bad("events", "must be a mapping of event names to {polarity, words}")
    for name, block in legacy.items():
        if not isinstance(block, dict):
            raise b.bad(f"events.{name}", "must be a mapping with polarity and words")
        if block.get("polarity") not in (1, -1):
            raise b.bad(
                f"events.{name}.polarity", f"must be +1 or -1, got {block.get('polarity')!r}"
            )
        extra = sorted(set(block) - set(BLOCK_FIELDS["events"]))
        if extra:
            raise b.bad(
                f"events.{name}.{extra[0]}",
                f"is not part of an event ({' '.join(BLOCK_FIELDS['events'])})",
            )
        implicit = block.get("implicit", False)
        if not isinstance(implicit, bool):
            raise b.bad(f"events.{name}.implicit", f"must be true or false, got {implicit!r}")
        texts = b.strings(f"events.{name}.words", block.get("words"), required=True)
        b.entries[f"events.{name}"] = [(t, compile_phrase(t)) for t in texts]
        out += [
            EventWord(compile_phrase(t), str(name), int(block["polarity"]), implicit, t)
            for t in texts
        ]
    return out


def _lexicon_events(lexicon: dict) -> list[EventWord]:
    out = []
    for name, (polarity, implicit) in EVENT_SECTIONS.items():
        for text in lexicon.get(name, []):
            out.append(
                EventWord(compile_phrase(text), name, polarity, implicit, text, "general lexicon")
            )
    return out


def _cues(b: _Builder, value: Any, source: str, *, required: bool = False) -> list[Cue]:
    """Cues of the spec (``source="spec"``) or of the general lexicon.

    ``match`` is a list of words or phrases (matched on lemmas), or, as in the first schema, a
    string of space-separated positions, each ``a|b|c`` alternatives.
    """
    if value is None and not required:
        return []
    if not isinstance(value, list) or (required and not value):
        raise b.bad("cues", "must be a list of cues (required when general_lexicon is false)")
    cues = []
    for i, entry in enumerate(value):
        here = f"cues[{i}]" if source == "spec" else f"general lexicon cues[{i}]"
        if not isinstance(entry, dict):
            raise b.bad(here, "must be a mapping with match, valence, weight and kind")
        extra = sorted(set(entry) - set(BLOCK_FIELDS["cues"]))
        if extra:
            raise b.bad(
                f"{here}.{extra[0]}", f"is not part of a cue ({' '.join(BLOCK_FIELDS['cues'])})"
            )
        if not isinstance(entry.get("negatable", True), bool):
            raise b.bad(f"{here}.negatable", f"must be true or false, got {entry['negatable']!r}")
        if entry.get("valence") not in (1, -1):
            raise b.bad(f"{here}.valence", f"must be +1 or -1, got {entry.get('valence')!r}")
        weight = entry.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or weight <= 0:
            raise b.bad(f"{here}.weight", f"must be a positive number, got {weight!r}")
        if entry.get("kind") not in CUE_KINDS:
            raise b.bad(
                f"{here}.kind", f"must be one of {', '.join(CUE_KINDS)}, got {entry.get('kind')!r}"
            )
        for text, match in _cue_matches(b, here, entry.get("match")):
            cues.append(
                Cue(match, int(entry["valence"]), float(weight), entry["kind"],
                    str(entry.get("comment", "")), text, entry.get("negatable", True), source)
            )  # fmt: skip
    return cues


def _cue_matches(b: _Builder, here: str, match: Any) -> list[tuple[str, Phrase]]:
    if isinstance(match, str) and match.split():  # first schema: "demand|call for|urge"
        positions = tuple(
            frozenset(norm_word(w) for w in pos.split("|") if w) for pos in match.split()
        )
        return [(match, positions)]
    texts = b.strings(f"{here}.match", match if isinstance(match, list) else [""], required=True)
    return [(t, compile_phrase(t)) for t in texts]


def _block(b: _Builder, key: str, keys: tuple[str, ...]) -> dict:
    block = b.data.get(key, {}) or {}
    if not isinstance(block, dict):
        raise b.bad(key, "must be a mapping")
    for sub in block:
        if sub not in keys:
            raise b.bad(f"{key}.{sub}", f"is not part of the schema ({', '.join(keys)})")
        b.number(key, sub, block[sub])
    return block


def _word_lists(b: _Builder, key: str, lexicon: dict, *, with_factor: bool) -> dict:
    """The lexicon's ``negators``/``neutralisers``/``modality``, then the spec's on top."""
    out: dict = {}
    for source, value in (("general lexicon", lexicon.get(key, [])), ("spec", b.data.get(key))):
        if value is None:
            continue
        if not isinstance(value, list):
            raise b.bad(key, "must be a list of {words, ...} entries")
        for i, entry in enumerate(value):
            here = f"{key}[{i}]" if source == "spec" else f"general lexicon {key}[{i}]"
            ws = entry.get("words") if isinstance(entry, dict) else None
            if not isinstance(ws, list) or not ws or not all(isinstance(w, str) for w in ws):
                raise b.bad(f"{here}.words", "must be a list of words (quote no/yes/on/off)")
            if with_factor:
                factor = entry.get("factor")
                if not isinstance(factor, int | float) or isinstance(factor, bool):
                    raise b.bad(f"{here}.factor", f"must be a number, got {factor!r}")
            else:
                label = entry.get("label")
                if not isinstance(label, str) or not label.strip():
                    raise b.bad(f"{here}.label", "is required: a short name such as 'prediction'")
            for w in ws:
                out[norm_word(str(w))] = float(entry["factor"]) if with_factor else entry["label"]
    return out


def cue_table(target: Target | str | Path, *, general: bool = False) -> pd.DataFrame:
    """The cues of a target as a table, one row per cue entry: ``kind``, ``valence``,
    ``weight``, ``match``, ``comment`` and ``source``; the general lexicon's too with
    ``general=True`` (when the spec uses it)."""
    target = load_target(target)
    blocks = [("spec", target.raw.get("cues") or [])]
    if general and target.general_lexicon:
        blocks.append(("general lexicon", general_lexicon().get("cues", [])))
    rows = []
    for source, entries in blocks:
        for entry in entries:
            match = entry["match"]
            rows.append(
                {
                    "kind": entry["kind"],
                    "valence": f"{int(entry['valence']):+d}",
                    "weight": float(entry["weight"]),
                    "match": match.replace("|", " | ")
                    if isinstance(match, str)
                    else ", ".join(match),
                    "comment": str(entry.get("comment", "")),
                    "source": source,
                }
            )
    return pd.DataFrame(rows, columns=["kind", "valence", "weight", "match", "comment", "source"])
