"""Explaining a target spec to its writer: ``python -m helpers target check`` and ``target new``.

:func:`load_target` stops at the first field it cannot use. That is right for the stance code,
but a researcher writing a spec needs more: every problem at once, with the line to fix, and
the entries that load fine yet can never do anything (a pronoun listed as an anaphor, an event
word that is also part of a target phrase, ``us`` written for the country). :func:`check_spec`
reports them all as :class:`Message` s, from the YAML's own line numbers, and ends by running
the loader, so nothing the loader rejects passes the check.

With an article, :func:`explain_matches` shows what each entry found in it (an entry that never
matches is a typo or a phrase of another genre) and :func:`speaker_report` what each speaker's
stance came out as and why. :func:`new_spec` writes a commented skeleton to start from.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from helpers.article import Article
from helpers.targets.spec import (
    BLOCK_FIELDS,
    EVENT_SECTIONS,
    SPEC_FIELDS,
    TARGET_KINDS,
    Target,
    TargetSpecError,
    load_target,
)
from helpers.targets.words import (
    DEFINITE,
    PRONOUNS,
    Phrase,
    compile_phrase,
    find_phrases,
    norm_word,
    shared_tokenizer,
    token_forms,
)

__all__ = [
    "LEVELS",
    "Message",
    "check_spec",
    "explain_matches",
    "new_spec",
    "speaker_report",
]

#: Message levels, most serious first. An error stops the spec from working as written.
LEVELS = ("error", "warning", "note")
#: Lists whose entries are compared with one token of the text, so one word each.
ONE_WORD_LISTS = ("negators", "neutralisers", "modality")
#: Lists that name a side: a phrase may stand in only one of them.
SIDE_SECTIONS = ("refers_to", "opposite", "anaphors")
#: Lists whose entries name things (a lower-case "us" there is surely meant as the country).
NAMING_SECTIONS = ("refers_to", "opposite", "actor_words", "carriers")
#: Determiners and pronouns: an entry made only of these names nothing.
EMPTY_WORDS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "some", "any", "every", "each", "all",
    "no", "my", "our", "your", "his", "her", "its", "their", "it", "they", "them", "he", "she",
    "him", "we", "you", "i", "me",
})  # fmt: skip
#: With these, an entry of a naming or event list names nothing either ("of the", "in").
FUNCTION_WORDS = EMPTY_WORDS | frozenset({
    "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "and", "or", "but", "is",
    "are", "was", "were", "be", "been",
})  # fmt: skip
#: The lists :meth:`_Spec.entries` reads, each a list of words or phrases.
PHRASE_LISTS = ("refers_to", "opposite", "anaphors", "actor_words", "carriers", *EVENT_SECTIONS)
_KEBAB = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Message:
    """One finding of :func:`check_spec`: the 1-based ``line`` of the YAML it is about, its
    ``level`` (error, warning or note), the ``text`` (what is wrong and what to do) and the
    ``field`` it concerns (``cues[3].match[0]``; empty for the file as a whole)."""

    line: int
    level: str
    text: str
    field: str = ""


@dataclass(frozen=True)
class _Entry:
    """One word or phrase of a spec list: its ``group`` (the list it belongs to, ``cues`` for
    the entries of all cues), where it is (``path``) and its text as written."""

    group: str
    path: tuple
    text: str

    @property
    def phrase(self) -> Phrase:
        return compile_phrase(self.text)


class _Spec:
    """The spec being checked: its data, the line of every key and list item, the findings."""

    def __init__(self, data: dict, lines: dict[tuple, int], duplicate_keys: list[tuple]) -> None:
        self.data, self.lines, self.duplicate_keys = data, lines, duplicate_keys
        self.messages: list[Message] = []

    def line(self, path: tuple) -> int:
        """The line of ``path``, or of its nearest parent that has one (1 for the file)."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def add(self, level: str, path: tuple, text: str) -> None:
        self.messages.append(Message(self.line(path), level, text, _field(path)))

    def block(self, key: str) -> dict:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    def entries(self) -> list[_Entry]:
        """Every word or phrase of the lists the stance rules match, in file order."""
        out = []
        for key in PHRASE_LISTS:
            out += _strings(key, (key,), self.data.get(key))
        for name, block in self.block("events").items():
            if isinstance(block, dict):
                out += _strings(
                    f"events.{name}", ("events", str(name), "words"), block.get("words")
                )
        for i, cue in enumerate(self.cues()):
            if isinstance(cue.get("match"), list):
                out += _strings("cues", ("cues", i, "match"), cue["match"])
        return sorted(out, key=lambda e: self.line(e.path))

    def cues(self) -> list[dict]:
        cues = self.data.get("cues")
        return [c if isinstance(c, dict) else {} for c in cues] if isinstance(cues, list) else []


def _strings(group: str, path: tuple, value: Any) -> list[_Entry]:
    if not isinstance(value, list):
        return []
    return [
        _Entry(group, (*path, i), text)
        for i, text in enumerate(value)
        if isinstance(text, str) and text.strip()
    ]


def _field(path: tuple) -> str:
    """``("cues", 3, "match", 0)`` -> ``cues[3].match[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --------------------------------------------------------------------------- check_spec


def check_spec(path: str | Path) -> list[Message]:
    """Every problem of the target spec at ``path``, sorted by line.

    Errors are what stops the spec from working as written (the loader would refuse it, or an
    entry can never match or contradicts another); warnings are entries that load but are
    ignored or do less than their writer meant; notes say how to move a first-schema spec on.
    When no error is found the spec is also loaded with :func:`load_target`, so a spec that
    passes the check loads. Raises ``FileNotFoundError`` when ``path`` is not a file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such spec file")
    spec, trouble = _read(path)
    if spec is None:
        return sorted(trouble, key=_order)
    _check_file_name(spec, path)
    _check_keys(spec)
    _check_single_words(spec)
    _check_never_matches(spec)
    _check_duplicates(spec)
    _check_kind(spec)
    _check_first_schema(spec)
    if not any(m.level == "error" for m in spec.messages):
        _check_loads(spec, path)
    return sorted(spec.messages, key=_order)


def _order(message: Message) -> tuple[int, int]:
    return message.line, LEVELS.index(message.level)


def _read(path: Path) -> tuple[_Spec | None, list[Message]]:
    """The spec with the line of each key and item, or None and the error that prevents it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Message(1, "error", "the file is not UTF-8 text: save it as UTF-8")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or "cannot be read"
        context, start = getattr(err, "context", None), getattr(err, "context_mark", None)
        if context and start is not None and start is not mark:
            problem += f", {context} from line {start.line + 1}"
        line = mark.line + 1 if mark is not None else 1
        hint = "check the indentation and brackets, and quote text that holds ': '"
        return None, [Message(line, "error", f"not valid YAML ({problem}): {hint}")]
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        what = "empty" if data is None else f"a {type(data).__name__}, not a mapping of fields"
        return None, [
            Message(1, "error", f"the spec is {what}: start from `python -m helpers target new`")
        ]
    lines: dict[tuple, int] = {}
    duplicates: list[tuple] = []
    _index_lines(root, (), lines, duplicates)
    return _Spec(data, lines, duplicates), []


def _index_lines(node: yaml.Node, path: tuple, lines: dict, duplicates: list) -> None:
    """Record the 1-based line of every mapping key and list item under ``node``, and the
    paths of keys written twice in one mapping (YAML silently keeps the last)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            key = (*path, str(key_node.value))
            if key in lines:
                duplicates.append(key)
            lines[key] = key_node.start_mark.line + 1
            _index_lines(value, key, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _index_lines(item, (*path, i), lines, duplicates)


def _kebab(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-target"


def _check_file_name(spec: _Spec, path: Path) -> None:
    """(a) The file name is the spec's name: lower-case kebab-case, equal to ``name``."""
    name = spec.data.get("name")
    if not _KEBAB.fullmatch(path.stem):
        better = _kebab(path.stem)
        also = "" if name == better else f" and set name: {better}"
        spec.add(
            "error", ("name",),
            f"the file name {path.name!r} is not lower-case kebab-case, so the spec can never "
            f"load: rename the file to {better}.yaml{also}",
        )  # fmt: skip
    elif isinstance(name, str) and name != path.stem:
        spec.add(
            "error", ("name",),
            f"name {name!r} differs from the file name {path.name!r}: they must be equal; set "
            f"name: {path.stem} (or rename the file to {name}.yaml)",
        )  # fmt: skip


def _unknown(spec: _Spec, path: tuple, allowed: Sequence[str], where: str) -> None:
    guess = difflib.get_close_matches(path[-1], allowed, n=1, cutoff=0.6)
    fix = f"did you mean {guess[0]!r}?" if guess else f"the keys are: {', '.join(allowed)}"
    spec.add("error", path, f"{path[-1]!r} is not a key of {where}, so it is ignored; {fix}")


def _check_keys(spec: _Spec) -> None:
    """(b) Unknown keys at the top and inside cues, events, scope and decision; keys twice."""
    for key in spec.data:
        if str(key) not in SPEC_FIELDS:
            _unknown(spec, (str(key),), SPEC_FIELDS, "a target spec")
    for i, cue in enumerate(spec.cues()):
        for key in cue:
            if str(key) not in BLOCK_FIELDS["cues"]:
                _unknown(spec, ("cues", i, str(key)), BLOCK_FIELDS["cues"], f"a cue (cues[{i}])")
    for name, block in spec.block("events").items():
        for key in block if isinstance(block, dict) else ():
            if str(key) not in BLOCK_FIELDS["events"]:
                where = f"an event block (events.{name})"
                _unknown(spec, ("events", str(name), str(key)), BLOCK_FIELDS["events"], where)
    for block in ("scope", "decision"):
        for key in spec.block(block):
            if str(key) not in BLOCK_FIELDS[block]:
                _unknown(spec, (block, str(key)), BLOCK_FIELDS[block], block)
    for path in spec.duplicate_keys:
        spec.add(
            "error", path,
            f"{path[-1]!r} is written twice here; YAML keeps only the last one and drops the "
            "other silently: merge them into one",
        )  # fmt: skip


def _check_single_words(spec: _Spec) -> None:
    """(c) ``carriers`` and the ``words`` of negators, neutralisers and modality are compared
    with one token of the text, so an entry of several words can never match."""
    tokenize = shared_tokenizer()
    lists = [("carriers", ("carriers",), spec.data.get("carriers"))]
    for key in ONE_WORD_LISTS:
        items = spec.data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                lists.append((f"the words of {key}", (key, i, "words"), item.get("words")))
    for what, path, value in lists:
        for entry in _strings(what, path, value):
            words = [t.text for t in tokenize(entry.text.strip())]
            if len(words) > 1:
                fix = f"write the noun alone ({words[-1]!r})" if what == "carriers" else (
                    "list each word on its own"
                )  # fmt: skip
                spec.add(
                    "error", entry.path,
                    f"{entry.text!r} is {len(words)} words ({' '.join(words)}), but {what} are "
                    f"compared with one word of the text, so it can never match: {fix}",
                )  # fmt: skip


def _check_never_matches(spec: _Spec) -> None:
    """(d) Entries that load but can never do what their writer meant."""
    entries = spec.entries()
    for entry in entries:
        _check_words(spec, entry)
    _check_inside_mentions(spec, entries)
    _check_positions(spec)


def _check_words(spec: _Spec, entry: _Entry) -> None:
    """A pronoun as anaphor, a lower-case "us", an entry of function words only."""
    words = [t.text for t in shared_tokenizer()(entry.text.strip())]
    lower = [w.lower() for w in words]
    if entry.group == "anaphors" and len(lower) == 1 and lower[0] in PRONOUNS:
        spec.add(
            "warning", entry.path,
            f"{entry.text!r} is a pronoun, and the parser resolves pronouns (it, its, they, them, "
            "their) by itself, to the target when the noun they point back to is a mention; "
            "this entry is ignored, remove it",
        )  # fmt: skip
    elif "us" in words:
        level = "error" if entry.group in NAMING_SECTIONS else "warning"
        country = " ".join("US" if w == "us" else w for w in words)
        spec.add(
            level, entry.path,
            f"{entry.text!r}: a lower-case 'us' is read as the pronoun ('they told us'), never as "
            f"the country; for the country write {country!r}",
        )  # fmt: skip
    elif all(w in (EMPTY_WORDS if entry.group == "cues" else FUNCTION_WORDS) for w in lower):
        spec.add(
            "error", entry.path,
            f"{entry.text!r} is made only of function words, so it names nothing by itself: "
            "write the words it goes with ('the ban', not 'the')",
        )  # fmt: skip


def _event_or_cue(group: str) -> str | None:
    if group == "cues":
        return "a cue"
    return "an event" if group in EVENT_SECTIONS or group.startswith("events.") else None


def _contains(big: Phrase, small: Phrase) -> bool:
    """Whether ``small`` matches words inside ``big`` (each of its words shares a form)."""
    return any(
        all(small[k] & big[i + k] for k in range(len(small)))
        for i in range(len(big) - len(small) + 1)
    )


def _check_inside_mentions(spec: _Spec, entries: list[_Entry]) -> None:
    """An event or cue entry that is a target phrase, or part of one: the words of a mention
    count as the mention (the stance rules skip them), never as an event or a cue."""
    mentions = [e for e in entries if e.group in ("refers_to", "opposite")]
    for entry in entries:
        what = _event_or_cue(entry.group)
        if what is None:
            continue
        for mention in mentions:
            where = f"{mention.group} (line {spec.line(mention.path)})"
            if entry.phrase == mention.phrase:
                spec.add(
                    "error", entry.path,
                    f"{entry.text!r} is also in {where}: its words always count as a mention, "
                    f"never as {what}, so this entry never counts; remove it from one list",
                )  # fmt: skip
                break
            if _contains(mention.phrase, entry.phrase):
                spec.add(
                    "warning", entry.path,
                    f"{entry.text!r} is part of {mention.text!r} in {where}: inside that phrase "
                    f"the words count as a mention, never as {what}; it still counts elsewhere",
                )  # fmt: skip
                break


def _check_positions(spec: _Spec) -> None:
    """A first-schema ``match`` string with both spaces and ``|``: spaces separate positions,
    so "pull out|withdraw" is "pull" followed by "out" or "withdraw", not two alternatives."""
    for i, cue in enumerate(spec.cues()):
        match = cue.get("match")
        if not isinstance(match, str) or "|" not in match or len(match.split()) < 2:
            continue
        reading = " then ".join(
            f"one of {pos.replace('|', ', ')}" if "|" in pos else repr(pos) for pos in match.split()
        )
        meant = ", ".join(alt.strip() for alt in match.split("|"))
        spec.add(
            "warning", ("cues", i, "match"),
            f"match {match!r} is read as words in a row: {reading}; if you meant alternatives, "
            f"write a list: match: [{meant}]",
        )  # fmt: skip


def _check_duplicates(spec: _Spec) -> None:
    """(e) The same phrase twice in one list, in two of refers_to/opposite/anaphors, or in an
    event list that keeps the target and one that ends or harms it."""
    entries = spec.entries()
    polarity = {name: sign for name, (sign, _) in EVENT_SECTIONS.items()}
    for name, block in spec.block("events").items():
        if isinstance(block, dict) and block.get("polarity") in (1, -1):
            polarity[f"events.{name}"] = block["polarity"]
    in_list: dict[tuple, _Entry] = {}
    on_side: dict[Phrase, _Entry] = {}
    by_sign: dict[tuple[int, Phrase], _Entry] = {}
    for entry in entries:
        first = in_list.setdefault((entry.group, entry.phrase), entry)
        if first is not entry:
            spec.add("error", entry.path, _repeat_text(spec, entry, first))
            continue
        if entry.group in SIDE_SECTIONS:
            first = on_side.setdefault(entry.phrase, entry)
            if first is not entry:
                spec.add(
                    "error", entry.path,
                    f"{entry.text!r} is in {entry.group} and already in {first.group} (line "
                    f"{spec.line(first.path)}): a phrase can stand for one side only; keep one",
                )  # fmt: skip
        sign = polarity.get(entry.group)
        if sign is not None:
            by_sign.setdefault((sign, entry.phrase), entry)
            other = by_sign.get((-sign, entry.phrase))
            if other is not None:
                spec.add(
                    "error", entry.path,
                    f"{entry.text!r} is in {entry.group} and in {other.group} (line "
                    f"{spec.line(other.path)}): an event cannot both keep the target and end "
                    "or harm it; keep it in the list it belongs to",
                )  # fmt: skip


def _repeat_text(spec: _Spec, entry: _Entry, first: _Entry) -> str:
    where = f"{first.text!r} ({_field(first.path)}, line {spec.line(first.path)})"
    same = "" if entry.text == first.text else " (the same once case and word forms are ignored)"
    if entry.group == "cues":
        return (
            f"{entry.text!r} repeats {where}{same}: the first takes every match, so this one "
            "never fires; keep one"
        )
    return f"{entry.text!r} repeats {where} in {entry.group}{same}: remove one"


def _check_kind(spec: _Spec) -> None:
    """(f) Without ``kind`` the target is a state of affairs; say what ``actor`` would change."""
    if "kind" not in spec.data:
        spec.add(
            "warning", ("name",),
            "kind is not set, so the target is read as a state of affairs (kind: state): what "
            "happens to it ('the withdrawal of the forces') ends or keeps it. If it is an actor "
            "whose conduct is judged (a government, a supplier), set kind: actor: then what it "
            "does ('Iran cut the gas') is its conduct, and condemning that is against it",
        )  # fmt: skip


def _check_first_schema(spec: _Spec) -> None:
    """(g) The first schema still loads; say how each part is written in the new one."""
    blocks = spec.block("events")
    if blocks:
        moves = ", ".join(f"{name} -> {_event_section(b)}" for name, b in blocks.items())
        spec.add(
            "note", ("events",),
            f"the first-schema events block still loads; in the new schema list its words "
            f"under ends, continues or harms ({moves}); the general lexicon already has the "
            "common ones (withdraw, end, continue, attack)",
        )  # fmt: skip
    for i, cue in enumerate(spec.cues()):
        match = cue.get("match")
        if isinstance(match, str) and match.strip():
            spec.add(
                "note", ("cues", i, "match"),
                "a match string is the first schema and still loads; the new schema takes a "
                f"list of words or phrases, matched on lemmas: match: [{_as_list(match)}]",
            )  # fmt: skip


def _event_section(block: Any) -> str:
    """The new-schema list for a first-schema event block, by its polarity and implicitness."""
    if not isinstance(block, dict):
        return "?"
    if block.get("polarity") == 1:
        return "continues"
    return "ends" if block.get("implicit", False) else "harms"


def _as_list(match: str) -> str:
    """A first-schema match string as a list: each alternative once, inflections dropped when
    their lemma is already there ("demand|demands|demanded" -> "demand"); of a string of several
    positions, the phrases it matches (the first 12)."""
    positions = []
    for pos in match.split():
        alts = list(dict.fromkeys(a for a in pos.split("|") if a))
        words = {norm_word(a) for a in alts}
        positions.append(
            [a for a in alts if not (set().union(*compile_phrase(a)) - {norm_word(a)}) & words]
            or alts
        )
    if len(positions) == 1:
        return ", ".join(positions[0])
    combos = [" ".join(c) for c in itertools.islice(itertools.product(*positions), 13)]
    return ", ".join(combos[:12]) + (", ..." if len(combos) > 12 else "")


def _check_loads(spec: _Spec, path: Path) -> None:
    """(h) Whatever the checks above missed, the loader does not: its refusal is an error."""
    try:
        load_target(path)
    except TargetSpecError as err:
        text = str(err).removeprefix(f"{path.name}: ")
        named = re.search(r"field '([^']+)'", text)
        where = _path_of(named.group(1)) if named else ()
        spec.add("error", where, f"the spec does not load: {text}")


def _path_of(field: str) -> tuple:
    """``cues[3].valence`` -> ``("cues", 3, "valence")``."""
    return tuple(
        int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field)
    )


# --------------------------------------------------------------------------- on an article

#: Columns of :func:`explain_matches`.
MATCH_COLUMNS = ["section", "entry", "matches", "paragraphs"]
#: Columns of :func:`speaker_report`.
SPEAKER_COLUMNS = ["speaker", "stance", "stance_score", "quotes", "why"]
#: The spec's lists shown by :func:`explain_matches`, and which are matched together, longest
#: phrase first, as the stance rules match them (so a shorter entry inside a longer one that
#: matched the same words gets no count there).
_MATCHED_TOGETHER = {
    "refers_to": "mentions", "opposite": "mentions", "anaphors": "anaphors",
    "actor_words": "actors", "ends": "events", "continues": "events", "harms": "events",
}  # fmt: skip


def explain_matches(
    target: Target | str | Path, article: Article, *, docs: Sequence | None = None
) -> pd.DataFrame:
    """What each entry of the spec found in ``article``: one row per entry (``section``,
    ``entry`` as written, ``matches``, ``paragraphs`` such as "3, 7").

    The sections are refers_to, opposite, anaphors, actor_words, ends, continues, harms (and a
    first-schema ``events.<name>``), the spec's own cues (the general lexicon's are left out),
    and ``heads``: the head nouns that refer back on their own after a definite determiner
    ("the dams"; outside a named mention). An entry counts where its words occur, whatever the
    sentence; whether it then counts for a stance is :func:`speaker_report`'s question. An entry
    with 0 matches is a typo, a phrase of another genre, or shadowed by a longer entry.
    ``docs``: the paragraphs already parsed (one ``Doc`` each), else they are parsed here.
    """
    target = load_target(target)
    entries = _spec_entries(target)
    groups: dict[str, list[int]] = {}
    for i, (section, _, _) in enumerate(entries):
        together = "events" if section.startswith("events.") else section
        groups.setdefault(_MATCHED_TOGETHER.get(together, together), []).append(i)
    order = [sorted(g, key=lambda i: -len(entries[i][2])) for g in groups.values()]
    found: list[list[int]] = [[] for _ in entries]
    heads: dict[str, list[int]] = {h: [] for h in sorted(target.heads)}
    for number, doc in zip(article.paragraphs["paragraph"], _parsed(article, docs), strict=True):
        forms = [token_forms(t) for t in doc]
        named: set[int] = set()
        for group in order:
            for rank, start, end in find_phrases(forms, [entries[i][2] for i in group], tokens=doc):
                found[group[rank]].append(int(number))
                if entries[group[rank]][0] in ("refers_to", "opposite"):
                    named.update(range(start, end))
        for head in _head_uses(doc, heads, named):
            heads[head].append(int(number))
    rows = [(s, text, numbers) for (s, text, _), numbers in zip(entries, found, strict=True)]
    rows += [("heads", head, numbers) for head, numbers in heads.items()]
    return pd.DataFrame(
        [(s, text, len(ns), ", ".join(map(str, sorted(set(ns))))) for s, text, ns in rows],
        columns=MATCH_COLUMNS,
    )


def _spec_entries(target: Target) -> list[tuple[str, str, Phrase]]:
    """``(section, text as written, compiled phrase)`` of every entry of the spec itself."""
    sections = [*_MATCHED_TOGETHER, *(k for k in target.entries if k.startswith("events."))]
    out = [(s, text, phrase) for s in sections for text, phrase in target.entries.get(s, ())]
    return out + [("cues", cue.text, cue.match) for cue in target.cues if cue.source == "spec"]


def _head_uses(doc, heads: dict, named: set[int]) -> Iterator[str]:
    """The target's head nouns in ``doc`` that refer back on their own: a noun outside a named
    mention, with a definite determiner before it ("the dams", "this ban")."""
    for tok in doc:
        head = norm_word(tok.lemma_)
        if (
            head in heads
            and tok.pos_ == "NOUN"
            and tok.i not in named
            and any(c.dep_ == "det" and c.lower_ in DEFINITE and c.i < tok.i for c in tok.children)
        ):
            yield head


def _parsed(article: Article, docs: Sequence | None):
    if docs is not None:
        return docs
    from helpers.nlp import get_nlp

    return list(get_nlp().pipe(list(article.paragraphs["text"])))


def speaker_report(
    target: Target | str | Path, article: Article, *, docs: Sequence | None = None
) -> pd.DataFrame:
    """The stance of each speaker of ``article`` toward ``target`` and why: ``speaker``,
    ``stance``, ``stance_score``, ``quotes`` and ``why``.

    ``why`` is the evidence of :func:`helpers.stance.speaker_stance` (the strongest cues). For a
    speaker no cue scored for, it is what their quotes' evidence says instead ("target not
    mentioned (3 quotes)", "no stance cue about the target", a neutralised cue): the reason a
    spec writer needs, since a missing phrase and a missing cue call for different fixes.
    ``docs``: the paragraphs already parsed, else they are parsed here.
    """
    from helpers.quotes import extract_quotes
    from helpers.stance import quote_stance, speaker_stance

    target = load_target(target)
    quotes = extract_quotes(article, docs=docs)
    if quotes.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    stances = quote_stance(quotes, target, context=article)
    ids = stances["speaker_id"].where(stances["speaker_id"].notna(), stances["speaker"])
    rows = []
    for row in speaker_stance(stances).itertuples(index=False):
        why = row.evidence
        if why == "no stance cue":  # speaker_stance's words when no cue scored
            why = _quote_reasons(stances.loc[ids == row.speaker_id, "evidence"])
        rows.append((row.speaker, row.stance, row.stance_score, row.quotes, why))
    return pd.DataFrame(rows, columns=SPEAKER_COLUMNS)


def _quote_reasons(evidence: pd.Series) -> str:
    """The quotes' evidence without their sentences, each distinct reason once with a count."""
    reasons = Counter(str(e).split(" | sentence:")[0] for e in evidence)
    return " / ".join(f"{r} ({n} quotes)" if n > 1 else r for r, n in reasons.items())


# --------------------------------------------------------------------------- new_spec

_KIND_NOTES = {
    "state": "# state: a state of affairs (a presence, a ban, a project) that events end or keep.\n"
    "# actor would judge someone's conduct instead: what the target does ('Iran cut the gas').",
    "actor": "# actor: someone whose conduct is judged: what the target does ('Iran cut the gas')\n"
    "# is its conduct. state would read it as a state of affairs that events end or keep.",
}

_SKELETON = """\
# Target spec: {label}. Schema and guide: data/targets/README.md.
# Check it, alone or on an article: python -m helpers target check {name}.yaml [ARTICLE]

name: {name_yaml}    # equal to the file name without .yaml
label: {label}    # the target as a reader names it; shown in tables and reports
kind: {kind}
{kind_note}

# Your codebook, written before any word list: what counts as FAVOR, AGAINST and NEUTRAL.
description: >-
  FAVOR = ... ; AGAINST = ... ; NEUTRAL = reports or predicts without taking a side.

# Phrases that name the target (required), matched on lemmas: "Turkish dams" also finds
# "Turkish dam". Write "US" for the country: a lower-case "us" is the pronoun.
refers_to: []    # e.g. [alcohol ban, ban on alcohol, the prohibition]

# The other side, if there is one: favouring it counts as being against the target.
opposite: []    # e.g. [independent oil sales]

# Nouns that point back to the target once it is named. Pronouns (it, they) are resolved
# by the parser on their own: do not list them.
anaphors: []    # e.g. [this law, the measure] (not "the ban": "the" + a refers_to noun works already)

# Words that make an event about the target when they modify it: "an American withdrawal".
actor_words: []

# Single nouns that carry a mention up through "of": "the presence of US forces".
carriers: []

# What ends or weakens the target, and what keeps or strengthens it. The general lexicon
# already has the common ones (withdraw, repeal, end; continue, extend): add the topic's own.
ends: []    # e.g. [withhold, hold back]
continues: []    # e.g. [release, enforce]
# Attacks on a target that can be attacked (the lexicon has attack, strike, bombing).
harms: []

# Attitude words (support, reject, demand, illegal, a blow) come from the general lexicon,
# src/helpers/data/stance_lexicon.yaml; add cues only for your topic's own words, e.g.:
# cues:
#   - {{match: [self-defence], valence: 1, weight: 2, kind: evaluation,
#      comment: "justifying the operations as self-defence"}}

# negators, neutralisers and modality also come from the general lexicon. The defaults:
# scope: {{max_path: 4, event_path: 1}}
# decision: {{quote_threshold: 1.0, speaker_threshold: 1.0}}
"""


def new_spec(name: str, kind: str = "state") -> str:
    """The text of a commented skeleton spec named ``name`` (kebab-case) of ``kind``.

    It is valid YAML; :func:`load_target` accepts it once ``refers_to`` lists a phrase (until
    then ``target check`` says that refers_to is required). Each comment says what a field is
    for in two lines at most, so the file is its own short guide. Raises ``ValueError`` (one
    line) for a name that is not kebab-case or an unknown kind.
    """
    if not isinstance(name, str) or not _KEBAB.fullmatch(name):
        raise ValueError(
            f"{name!r} is not a kebab-case name: use lower-case letters, digits and hyphens, "
            f"e.g. {_kebab(str(name))!r}"
        )
    if kind not in TARGET_KINDS:
        raise ValueError(f"kind must be {' or '.join(TARGET_KINDS)}, got {kind!r}")
    label = name.replace("-", " ").capitalize()
    return _SKELETON.format(
        name=name,
        name_yaml=_yaml_text(name),
        label=_yaml_text(label),
        kind=kind,
        kind_note=_KIND_NOTES[kind],
    )


def _yaml_text(text: str) -> str:
    """``text`` as a YAML string: plain, or quoted when YAML would read it as a number or a
    boolean ("123", "no")."""
    return text if yaml.safe_load(text) == text else f'"{text}"'
