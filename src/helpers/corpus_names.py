"""Names across articles: when two speakers' names are the same person's or organisation's.

:mod:`helpers.speakers` makes one article's speakers canonical; across articles the same person
is spelled differently, because Arabic, Kurdish, Persian and Turkish names reach English through
several transliteration habits ("Muhammad Shiaa Al-Sudani", "Mohammed Shia al-Sudani",
"al-Sudani"). This module reads a name into comparable parts and says how two names relate; the
fold itself (which names become one corpus speaker) is :mod:`helpers.corpus_speakers`.

A person's name (:func:`person_name`) loses its titles ("Prime Minister", "Dr.", "Sheikh") and
its particles ("al-", "El ", "bin"); "Abd" names become one part ("Abdul Mahdi" = "Abd al-Mahdi");
each part is folded to lower-case ASCII and rewritten by ordered spelling rules (ou -> u, ee -> i,
doubled letters, q/gh -> k, ...). Two parts are the same (:func:`same_part`) when the results are
equal, letting an "e" stand for an "a" or an "i". :func:`name_relation` then names how two whole
names relate: ``same-name``, ``transliteration``, ``middle-name-omitted``, ``initial``,
``given-name-omitted``, ``surname-only``, or None (different people, as far as names tell).
:func:`spelling_note` says which rules made two names meet, for the explanation column.

Organisations (:func:`org_key`, :func:`initials`, :func:`acronym`) compare by their name without
capitals, dots, apostrophes or a leading "the", and by acronym ("KRG" = the initials of
"Kurdistan Regional Government").

Every rule is data, with comments: ``src/helpers/data/corpus_names.yaml``. No rule names a person.

What is not done: no knowledge of who is who (no Wikidata, no list of people or organisations),
no phonetic algorithm beyond the listed spelling rules, no first-name nicknames ("Abu Ali" for a
man called Ali), no acronyms that are not initials of an English name ("PKK").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from helpers.paths import package_data

__all__ = [
    "NameRef",
    "NameRules",
    "Overrides",
    "PersonName",
    "SpeakersFileError",
    "acronym",
    "declared_acronyms",
    "initials",
    "looks_like_organisation",
    "name_relation",
    "name_rules",
    "normal_text",
    "org_key",
    "parse_speakers_file",
    "person_name",
    "read_speakers_file",
    "same_part",
    "spelling_note",
    "surname_block",
]

#: Apostrophes and the transliteration marks of ayn and hamza, removed inside names.
APOSTROPHES = "'’‘ʿʾ`´ʻʼ′"
#: Hyphens and dashes that join the parts of a name.
HYPHENS = "-‐‑‒–—"
#: Letters NFKD does not take apart (Turkish dotless i, Azeri schwa, ...), with their ASCII.
_EXTRA_ASCII = str.maketrans({"ı": "i", "ə": "a", "Ə": "A", "ø": "o", "Ø": "O", "æ": "ae",
                              "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"})  # fmt: skip
#: Strong relations join names at once; the others only when one corpus speaker fits.
STRONG = ("same-name", "transliteration")
WEAK = ("middle-name-omitted", "initial", "given-name-omitted", "surname-only")


@dataclass(frozen=True)
class NameRules:
    """The rules of ``data/corpus_names.yaml``, ready to use (see the file's comments)."""

    titles: tuple[tuple[str, ...], ...]  # lower-case word tuples, longest first
    trailing_titles: frozenset[str]
    particles: frozenset[str]
    hyphen_particles: frozenset[str]
    compound_heads: frozenset[str]
    spelling: tuple[tuple[str, re.Pattern, str], ...]  # (name, pattern, replacement)
    wildcards: dict[str, frozenset[str]]
    organisation_words: frozenset[str]
    acronym_skip: frozenset[str]
    not_folded_suffixes: tuple[str, ...]
    not_folded_kinds: frozenset[str]


@cache
def name_rules() -> NameRules:
    """The folding rules, loaded once from the package's ``data/corpus_names.yaml``."""
    data = yaml.safe_load(package_data("corpus_names.yaml").read_text("utf-8"))
    low = lambda items: frozenset(str(i).lower() for i in items)  # noqa: E731
    titles = {tuple(str(t).lower().replace(".", "").split()) for t in data["titles"]}
    return NameRules(
        titles=tuple(sorted(titles, key=lambda t: (-len(t), t))),
        trailing_titles=low(data["trailing_titles"]),
        particles=low(data["particles"]),
        hyphen_particles=low(data["hyphen_particles"]),
        compound_heads=low(data["compound_heads"]),
        spelling=tuple(
            (r["name"], re.compile(r["pattern"]), r["replace"]) for r in data["spelling"]
        ),
        wildcards={k: frozenset(v) for k, v in data["vowel_wildcards"].items()},
        organisation_words=low(data["organisation_words"]),
        acronym_skip=low(data["acronym_skip"]),
        not_folded_suffixes=tuple(str(s).lower() for s in data["not_folded_suffixes"]),
        not_folded_kinds=low(data["not_folded_kinds"]),
    )


# --------------------------------------------------------------------------- text


def ascii_fold(text: str) -> str:
    """Accents and letters outside ASCII folded: "Erdoğan" -> "Erdogan", "Şahin" -> "Sahin"."""
    text = unicodedata.normalize("NFKD", str(text).translate(_EXTRA_ASCII))
    return (
        "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    )


def normal_text(text: str) -> str:
    """A name as typed, compared loosely: case, spacing, apostrophe and hyphen forms aside.

    ``"Iraq’s  Ministry"`` and ``"iraq's ministry"`` give the same text; spelling does not change.
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = re.sub(f"[{APOSTROPHES}]", "'", text)
    text = re.sub(f"\\s*[{HYPHENS}]\\s*", "-", text)
    return " ".join(text.split())


# --------------------------------------------------------------------------- persons


@dataclass(frozen=True)
class PersonName:
    """A person's name read into comparable parts (see :func:`person_name`)."""

    text: str  # as given
    bare: str  # as given, titles stripped
    key: str  # normal_text(bare): equal keys are the same name
    parts: tuple[str, ...]  # after the spelling rules
    plain: tuple[str, ...]  # lower-case ASCII parts before the spelling rules
    fired: tuple[tuple[tuple[str, str], ...], ...]  # per part: (rule, the letters it rewrote)
    # for each spelling rule that changed the part
    dropped: tuple[str, ...]  # titles and particles left out, lower case

    @property
    def surname(self) -> str:
        return self.parts[-1] if self.parts else ""


def _strip_titles(words: list[str], rules: NameRules) -> tuple[list[str], list[str]]:
    """(name words, title words): everything up to the last title that still leaves a name."""
    lowered = [w.lower().strip(".,") for w in words]
    cut = 0
    for i in range(len(words) - 1):
        for title in rules.titles:
            n = len(title)
            if i + n < len(words) and tuple(lowered[i : i + n]) == title:
                cut = max(cut, i + n)
                break
    name, titles = words[cut:], words[:cut]
    while len(name) > 1 and name[-1].lower().strip(".,") in rules.trailing_titles:
        titles.append(name.pop())
    return name, titles


def _pieces(words: list[str]) -> list[tuple[str, bool]]:
    """Lower-case ASCII pieces of the words, each with whether a hyphen joined it to the next."""
    out = []
    for word in words:
        parts = re.split(f"[{HYPHENS}]", word)
        for k, piece in enumerate(parts):
            clean = re.sub(r"[^a-z]", "", ascii_fold(re.sub(f"[{APOSTROPHES}]", "", piece)).lower())
            if clean:
                out.append((clean, k < len(parts) - 1))
    return out


def _join_compounds(pieces: list[tuple[str, bool]], rules: NameRules) -> tuple[list[str], list]:
    """Pieces without particles, "abd" names as one part; and what was dropped."""
    parts: list[str] = []
    dropped: list[str] = []
    pending_head = False
    for piece, hyphenated in pieces:
        if piece in rules.particles or (hyphenated and piece in rules.hyphen_particles):
            dropped.append(piece)
            continue
        if piece in rules.compound_heads:
            pending_head = True
            continue
        fused = re.sub(r"^abd(u|e|a|o|ou|i|oe)?l(?=[a-z])", "abd", piece)  # Abdulmahdi
        parts.append(("abd" + piece) if pending_head else fused)
        pending_head = False
    if pending_head:  # "Abdul" at the very end: keep it as a part
        parts.append("abd")
    return parts, dropped


def _respell(part: str, rules: NameRules) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The part after every spelling rule, and (rule, the letters it rewrote) for each rule that
    fired ("doubled letters", "mm+aa")."""
    fired = []
    for name, pattern, replacement in rules.spelling:
        new = pattern.sub(replacement, part)
        if new != part:
            fired.append((name, "+".join(m.group(0) for m in pattern.finditer(part))))
            part = new
    return part, tuple(fired)


@lru_cache(maxsize=65536)  # a pure function of the name, called for every speaker row
def person_name(text: str) -> PersonName:
    """Read a person's name: ``"Dr. Mohammed Shia al-Sudani"`` -> parts ``("muhamed", "sia",
    "sudani")``, titles and particles dropped, each part respelled by the spelling rules.

    A one-letter part ("M.") is kept as an initial and not respelled.
    """
    rules = name_rules()
    words = str(text).split()
    name_words, titles = _strip_titles(words, rules)
    plain, dropped = _join_compounds(_pieces(name_words), rules)
    parts, fired = [], []
    for part in plain:
        new, rules_fired = (part, ()) if len(part) == 1 else _respell(part, rules)
        parts.append(new)
        fired.append(rules_fired)
    bare = " ".join(name_words)
    return PersonName(
        text=str(text),
        bare=bare,
        key=normal_text(bare),
        parts=tuple(parts),
        plain=tuple(plain),
        fired=tuple(fired),
        dropped=tuple(w.lower().strip(".,") for w in titles) + tuple(dropped),
    )


def same_part(a: str, b: str) -> bool:
    """Two respelled parts are the same: equal, or equal once an "e" stands for "a" or "i"."""
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 2:
        return False
    wild = name_rules().wildcards
    return all(
        x == y or y in wild.get(x, ()) or x in wild.get(y, ()) for x, y in zip(a, b, strict=True)
    )


def _match(a: PersonName, i: int, b: PersonName, j: int) -> bool:
    """Part ``i`` of ``a`` and part ``j`` of ``b`` are the same, or one is the other's initial
    (compared with the first letter before and after the spelling rules: "O." for "Omar")."""
    x, y = a.parts[i], b.parts[j]
    if len(x) > 1 and len(y) > 1:
        return same_part(x, y)
    if len(x) == 1 and len(y) == 1:
        return x == y
    letter, full, plain = (x, y, b.plain[j]) if len(x) == 1 else (y, x, a.plain[i])
    return letter in (full[0], plain[0])


def surname_block(name: PersonName) -> str:
    """A coarse key of the surname: names that can relate share it (e, i, a read as one)."""
    return re.sub("[eia]", "a", name.surname)


def _in_order(a: PersonName, ia: range, b: PersonName, ib: range) -> bool:
    """Every part of ``a`` in ``ia`` matches a part of ``b`` in ``ib``, in order."""
    it = iter(ib)
    return all(any(_match(a, i, b, j) for j in it) for i in ia)


def name_relation(a: PersonName, b: PersonName) -> str | None:
    """How two person names relate, or None when they are different names.

    ``same-name`` (the same once case and spacing are set aside), ``transliteration`` (the
    same parts in another spelling), ``initial`` (as many parts, one given as an initial),
    ``middle-name-omitted`` (the same first and last parts, a middle part left out),
    ``given-name-omitted`` (the longer name ends with the shorter one of two parts or more),
    ``surname-only`` (one part, the other's surname).
    """
    if a.key == b.key and a.key:
        return "same-name"
    na, nb = len(a.parts), len(b.parts)
    if not na or not nb:
        return None
    if na == nb:
        pairs = [(i, i) for i in range(na)]
        if all(same_part(a.parts[i], b.parts[j]) for i, j in pairs):
            return "transliteration"
        if all(_match(a, i, b, j) for i, j in pairs):
            return "initial"
        return None
    s, lg = (a, b) if na < nb else (b, a)
    ns, nl = len(s.parts), len(lg.parts)
    if ns == 1:
        return "surname-only" if same_part(s.parts[0], lg.parts[-1]) else None
    if (
        _match(s, 0, lg, 0)
        and same_part(s.parts[-1], lg.parts[-1])
        and _in_order(s, range(1, ns - 1), lg, range(1, nl - 1))
    ):
        return "middle-name-omitted"
    if all(same_part(s.parts[k], lg.parts[nl - ns + k]) for k in range(ns)):
        return "given-name-omitted"
    return None


def spelling_note(a: PersonName, b: PersonName) -> str:
    """Which rules made two names meet: ``"doubled letters, o for u, e for a or i, al left out"``.

    A spelling rule is named when it rewrote different letters in the two names' parts (so
    "sh" in both "Shia" and "Shiaa" is not named, "aa" in "Shiaa" is); "e for a or i" when the
    parts still differ after the rules. Initials are compared by their letter only.
    """
    notes: list[str] = []
    na, nb = len(a.parts), len(b.parts)
    if not na or not nb:
        pairs = []
    elif na == nb:
        pairs = [(i, i) for i in range(na)]
    elif min(na, nb) == 1:
        pairs = [(0, nb - 1)] if na == 1 else [(na - 1, 0)]
    else:
        pairs = [(0, 0), (na - 1, nb - 1)]
    for i, j in pairs:
        if a.plain[i] == b.plain[j] or len(a.parts[i]) == 1 or len(b.parts[j]) == 1:
            continue
        before_a, before_b = dict(a.fired[i]), dict(b.fired[j])
        for rule in [*before_a, *before_b]:
            if before_a.get(rule) != before_b.get(rule) and rule not in notes:
                notes.append(rule)
        if a.parts[i] != b.parts[j] and "e for a or i" not in notes:
            notes.append("e for a or i")
    if ascii_fold(a.bare).lower() != a.bare.lower() or ascii_fold(b.bare).lower() != b.bare.lower():
        notes.append("accents folded")
    left = [
        w for w in dict.fromkeys((*a.dropped, *b.dropped)) if (w in a.dropped) != (w in b.dropped)
    ]
    if left:
        notes.append(" ".join(left) + " left out")
    if any(len(p) == 1 for p in (*a.parts, *b.parts)):
        notes.append("an initial")
    return ", ".join(notes) or "capitals and hyphens only"


# --------------------------------------------------------------------------- organisations


def org_key(name: str) -> str:
    """An organisation's name for comparison: ``"The U.S. Embassy"`` -> ``"us embassy"``."""
    text = ascii_fold(normal_text(name)).replace("'", "").replace(".", "").replace("&", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def initials(name: str) -> str:
    """The initials of an organisation's name, small words left out: "Patriotic Union of
    Kurdistan" -> ``"puk"``."""
    skip = name_rules().acronym_skip
    words = re.sub(r"\([^)]*\)", " ", ascii_fold(name)).replace("'s ", " ").replace("'", "")
    words = [w for w in re.split(r"[\s\-]+", words.replace(".", "")) if w]
    return "".join(w[0] for w in words if w.lower() not in skip and w[0].isalnum()).lower()


def acronym(name: str) -> str | None:
    """The acronym a name is (``"KRG"``, ``"U.N."``, ``"the PMF"``), lower case, or None."""
    text = re.sub(r"^(the\s+)", "", str(name).strip(), flags=re.IGNORECASE).replace(".", "")
    return text.lower() if re.fullmatch(r"[A-Z]{2,6}", text) else None


def declared_acronyms(*texts: str) -> set[str]:
    """Acronyms given with a name or among its aliases: "Kurdistan Regional Government (KRG)",
    "KRG"."""
    found = set()
    for text in texts:
        for item in re.split(r";", str(text or "")):
            item = item.strip()
            own = acronym(item)
            if own:
                found.add(own)
            found.update(m.lower() for m in re.findall(r"\(([A-Z]{2,6})\)", item))
    return found


def looks_like_organisation(name: str) -> bool:
    """A name is an organisation's: an acronym, or a word of ``organisation_words`` in it."""
    if acronym(name):
        return True
    words = set(re.findall(r"[a-z]+", ascii_fold(name).lower()))
    return bool(words & name_rules().organisation_words)


# --------------------------------------------------------------------------- the speakers file


class SpeakersFileError(ValueError):
    """A line of the speakers file cannot be read; the message names the file and the line."""


# --------------------------------------------------------------------------- the speakers file


@dataclass(frozen=True)
class NameRef:
    """A name of the speakers file, optionally limited to one article (``NAME @ ARTICLE``)."""

    name: str
    article: str | None
    line: int

    def __str__(self) -> str:
        return self.name + (f" @ {self.article}" if self.article else "")


@dataclass
class Overrides:
    """What the speakers file says: groups that are one speaker, pairs that are never one."""

    joins: list[list[NameRef]] = field(default_factory=list)
    apart: list[tuple[NameRef, NameRef]] = field(default_factory=list)
    source: str = "speakers file"


def parse_speakers_file(text: str, source: str = "speakers file") -> Overrides:
    """Read the speakers file's rules (format: ``data/speakers-file.example.txt`` and the
    README). One rule a line, ``#`` starts a comment::

        Muhammad Shiaa Al-Sudani = PM al-Sudani        # one corpus speaker (named by the first)
        Hana al-Rubaie != Faris al-Rubaie              # never one corpus speaker
        Ali Hussein @ article-a != Ali Hussein @ article-b   # "@ ARTICLE": that article only

    Raises:
        SpeakersFileError: a line is neither rule, or has an empty name.
    """
    rules = Overrides(source=source)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}, line {number}"
        if "!=" in line:
            refs = [_ref(part, number, where) for part in line.split("!=")]
            rules.apart += [(a, b) for i, a in enumerate(refs) for b in refs[i + 1 :]]
        elif "=" in line:
            rules.joins.append([_ref(part, number, where) for part in line.split("=")])
        else:
            raise SpeakersFileError(
                f"{where}: expected `NAME = NAME` (one speaker) or `NAME != NAME` (never one), "
                f"got {raw.strip()!r}"
            )
    return rules


def _ref(text: str, line: int, where: str) -> NameRef:
    name, _, article = text.partition("@")
    name, article = " ".join(name.split()), article.strip()
    if not name or ("@" in text and not article):
        raise SpeakersFileError(f"{where}: a name is empty in {text.strip()!r}")
    return NameRef(name, article or None, line)


def read_speakers_file(path: str | Path) -> Overrides:
    """:func:`parse_speakers_file` of a file (UTF-8).

    Raises:
        SpeakersFileError: the file cannot be read, or a line is wrong (one line, naming it).
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise SpeakersFileError(f"{path}: cannot read the speakers file ({err})") from None
    return parse_speakers_file(text, str(path))
