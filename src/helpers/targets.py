"""Stance targets: the YAML spec that says what a speaker can be for or against.

A target spec (schema and guide: ``data/targets/README.md``) names the target (``refers_to``),
the events that end or keep it (``events``) and the weighted cues that carry a position
(``cues``), plus negators, neutralisers and hedges. :func:`load_target` reads and validates one
and returns a :class:`Target`; :mod:`helpers.stance` scores quotes with it. The specs bundled
with the project ship inside the package (``src/helpers/data/targets/``), so they are found by
name from a checkout or an installed wheel alike.

Words are compared in one normal form (:func:`norm_word`): lower case, curly apostrophes
straightened, and initialisms without dots ("U.S." -> "us"), so the spec, the cue matcher and
the mention finder agree on what a word is.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from helpers.paths import bundled_target_files

__all__ = [
    "Cue",
    "Target",
    "TargetSpecError",
    "bundled_targets",
    "cue_table",
    "load_target",
    "norm_word",
    "phrase_key",
    "token_forms",
    "token_norm",
    "shared_tokenizer",
]

_SPEC_FIELDS = {
    "name", "label", "description", "refers_to", "actor_words", "carriers", "anaphors",
    "events", "cues", "negators", "neutralisers", "modality", "scope", "decision",
}  # fmt: skip


_CUE_KINDS = ("attitude", "advocacy", "evaluation")


class TargetSpecError(ValueError):
    """A target spec that cannot be used. ``str(err)`` is one line naming the bad field."""


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
        return tuple(sorted({phrase_key(v) for v in value}, key=lambda p: (-len(p), p)))

    def words(key: str) -> frozenset[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(
                key, "must be a list of words (quote no/yes/on/off, YAML reads them as true/false)"
            )
        return frozenset(norm_word(v) for v in value)

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
        events[str(name)] = (int(block["polarity"]), frozenset(norm_word(w) for w in ws), implicit)
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
            frozenset(norm_word(w) for w in pos.split("|") if w) for pos in match.split()
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
            out[norm_word(str(w))] = float(entry["factor"]) if with_factor else entry["label"]
    return out


#: Initialisms written with dots ("U.S.", "U.S"): their dots are dropped.
_INITIALISM = re.compile(r"(?:[a-z]\.){2,}|(?:[a-z]\.)+[a-z]")


@lru_cache(maxsize=1 << 15)
def norm_word(word: str) -> str:
    """Lower case, curly apostrophe to straight, "U.S." to "us".

    Cached: a corpus repeats the same few thousand words; the bound keeps memory flat.
    """
    w = word.strip().lower().replace("’", "'").replace("‘", "'")
    if _INITIALISM.fullmatch(w):
        w = w.replace(".", "")
    return w


def token_norm(token) -> str:
    text = token.text
    if text == "us":  # the pronoun, never the country
        return "us~pronoun"
    return norm_word(text)


def token_forms(token, norm: str | None = None) -> set[str]:
    """The normalised text and lemma of ``token`` (``norm``: its :func:`token_norm`, if known)."""
    return {token_norm(token) if norm is None else norm, norm_word(token.lemma_)}


@cache
def shared_tokenizer():
    """The tokenizer of the shared spaCy pipeline (phrases are split into words as text is)."""
    from helpers.nlp import get_nlp

    return get_nlp().tokenizer


def phrase_key(phrase: str) -> tuple[str, ...]:
    """A phrase as the tuple of its normalised tokens (spaCy's shared_tokenizer)."""
    return tuple(token_norm(t) for t in shared_tokenizer()(phrase.strip()))


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
