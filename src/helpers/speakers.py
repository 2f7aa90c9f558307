"""Canonical speakers: fold every mention of a source into one speaker.

A news article names the same source in many ways: "Kurdistan Regional Government spokesman,
Peshwa Hormani", then "Hormani", then "he"; "the head of the X center, Ahmed Al-Yasiri", then
"Al-Yasiri", then "The head of the X Center". :class:`SpeakerRegistry` keeps one
:class:`Speaker` per source and maps each mention to it, in reading order:

* **names** are matched on their surname-last key, case-insensitively and without name particles
  ("al-", "bin", "van"): "Al-Yasiri" and "al-Yasiri" are aliases of "Ahmed Al-Yasiri". The
  canonical name is the earliest instance of the longest form (BBC Citron's rule); titles
  ("Dr.", "Prime Minister") are stripped from it and kept as the speaker's role;
* **roles** come from appositions and pre-name modifiers ("Government spokesman, NAME",
  "academic researcher NAME", "NAME, the head of X") and let a later definite role mention
  ("The head of the X Center believes") resolve to that person;
* **pronouns** (he/she) resolve to the speaker in focus, the last one quoted, skipping speakers
  of the other known gender;
* sources without a name become "a senior official (anonymous)" when the text says they asked
  not to be named, "a representative in parliament (unnamed)" otherwise.

Gender comes from titles and role words, from the pronouns a speaker is referred to with, and
from a list of common given names (``src/helpers/data/given_names.yaml``).

What is not done: full coreference (possessives, "the minister" without an earlier role), or
merging two people who share a surname (the most recent one wins).

The module is independent of spaCy; :mod:`helpers.quotes` feeds it plain strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd
import yaml

from helpers.marks import ALL_MARKS
from helpers.paths import package_data

__all__ = [
    "SPEAKER_COLUMNS",
    "UNKNOWN",
    "Speaker",
    "SpeakerRegistry",
    "name_key",
    "patterns",
    "slugify",
    "speaker_table",
    "split_title",
]

#: Columns of :func:`speaker_table`, in order.
SPEAKER_COLUMNS = ["speaker_id", "speaker", "role", "aliases", "quotes", "words"]
#: The speaker (and speaker_id) of a quotation no rule could attribute.
UNKNOWN = "unknown"

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
#: First words of a group description that are not names ("Two officials", "Members of …").
_COMMON_STARTS = {"two", "three", "four", "five", "several", "some", "many", "members", "most",
                  "all", "both", "other", "senior", "local", "western", "foreign"}  # fmt: skip
#: Words that end the head of a role phrase ("spokesman | for the ministry").
_HEAD_ENDS = {"of", "for", "in", "at", "to", "from", "with", "on", "and", "who", "which", "that"}


@cache
def patterns() -> dict:
    """The attribution patterns (``data/attribution_patterns.yaml``), loaded once."""
    text = package_data("attribution_patterns.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    """Titles as lower-case word tuples, longest first."""
    titles = {tuple(t.lower().split()) for t in patterns()["titles"]}
    return tuple(sorted(titles, key=len, reverse=True))


@cache
def _title_words() -> frozenset[str]:
    """Every word of a title, lower case ("gov.", "ambassador", "minister")."""
    return frozenset(w for title in _titles() for w in title)


@cache
def _role_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in patterns()["role_nouns"])


@cache
def _name_particles() -> frozenset[str]:
    return frozenset(p.lower() for p in patterns()["name_particles"])


@cache
def _gender_words() -> dict[str, str]:
    out: dict[str, str] = {}
    for gender, words in patterns()["gender"].items():
        for w in words:
            out[w.lower()] = gender
    return out


def slugify(name: str) -> str:
    """A stable ASCII slug: ``"Ahmed Al-Yasiri"`` -> ``"ahmed-al-yasiri"``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or UNKNOWN


def clean_phrase(text: str) -> str:
    """A role or organisation phrase without quotation marks, edge punctuation or a leading article."""
    text = re.sub(rf"(?<![A-Za-z])[{ALL_MARKS}]|[{ALL_MARKS}](?![A-Za-z])", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    if " " in text:  # keep the full stop of a one-word abbreviation ("Dr.", "Gen.")
        text = text.rstrip(".")
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=8192)  # a pure function of the name, called for every mention
def split_title(name: str) -> tuple[str, str]:
    """Split a leading title off a name: ``"Prime Minister Muhammad X"`` -> ``("Prime Minister", "Muhammad X")``.

    Titles are those of ``attribution_patterns.yaml``; several may follow each other
    ("Lt. Gen. Dr. X"), and so do capitalised role words ("Deputy Oil Minister X": everything up
    to the last role noun). A name that is only a title is returned unchanged.
    """
    words = name.split()
    roles = _role_nouns()
    last_role = max(
        (i for i, w in enumerate(words[:-1]) if w[:1].isupper() and w.lower().strip(".") in roles),
        default=-1,
    )
    if last_role >= 0:
        head, rest = " ".join(words[: last_role + 1]), " ".join(words[last_role + 1 :])
        more, bare = split_title(rest)
        return " ".join(p for p in (head, more) if p), bare
    # a title after other words: "Florida Gov. Jeb Bush", "Former U.N. Ambassador John Bolton"
    last_title = max(
        (i for i, w in enumerate(words[:-1]) if w[:1].isupper() and w.lower() in _title_words()),
        default=-1,
    )
    if last_title > 0:
        return " ".join(words[: last_title + 1]), " ".join(words[last_title + 1 :])
    taken: list[str] = []
    changed = True
    while changed and len(words) > 1:
        changed = False
        for title in _titles():
            n = len(title)
            if len(words) > n and tuple(w.lower() for w in words[:n]) == title:
                taken += words[:n]
                words = words[n:]
                changed = True
                break
    return " ".join(taken), " ".join(words)


@lru_cache(maxsize=8192)
def name_key(name: str) -> tuple[str, ...]:
    """The comparable parts of a personal name: lower case, no titles, no particles.

    ``"Ahmed Al-Yasiri"`` -> ``("ahmed", "yasiri")``; ``"al-Yasiri"`` -> ``("yasiri",)``.
    """
    _, bare = split_title(name)
    particles = _name_particles()
    parts = [p for p in re.split(r"[\s\-‐]+", bare.lower()) if p]
    parts = [re.sub(r"[^\w]", "", p) for p in parts]
    return tuple(p for p in parts if p and p not in particles)


def role_key(role: str) -> tuple[str, ...]:
    """Comparable words of a role phrase (lower case, no marks, articles or punctuation)."""
    words = re.findall(r"[\w\-]+", clean_phrase(role).lower())
    return tuple(w for w in words if w not in _DETERMINERS)


#: Given names by the gender they carry (inside ``src/helpers/data/``).
GIVEN_NAMES_FILE = "given_names.yaml"


@cache
def _given_names() -> dict[str, str]:
    data = yaml.safe_load(package_data(GIVEN_NAMES_FILE).read_text(encoding="utf-8"))
    return {name: gender for gender in ("female", "male") for name in data[gender]}


def given_name_gender(name: str) -> str | None:
    """ "male"/"female" when the first word of a person's name is a listed given name
    (``src/helpers/data/given_names.yaml``: common names of the region's news and of English
    news that carry one gender); None otherwise."""
    first = (name.split() or [""])[0].lower().strip(".,")
    return _given_names().get(first)


def gender_of(*words: str) -> str | None:
    """ "male"/"female" when a title, role noun or pronoun among ``words`` carries gender."""
    table = _gender_words()
    for phrase in words:
        for w in (phrase or "").replace(",", " ").split():
            g = table.get(w.lower()) or table.get(w)
            if g in ("male", "female"):
                return g
    return None


@cache
def _title_roles() -> dict[str, str]:
    return {k.lower(): v.lower() for k, v in patterns()["title_roles"].items()}


@cache
def _synonyms() -> dict[str, str]:
    """Each role noun of a synonym group -> the group's first word ("mp" -> "lawmaker")."""
    return {w.lower(): group[0].lower() for group in patterns()["role_synonyms"] for w in group}


def canonical_role(noun: str) -> str:
    """One word for a role however it is written: ``"MPs"`` and ``"legislator"`` ->
    ``"lawmaker"``, ``"spokeswoman"`` -> ``"spokesman"``, ``"generals"`` -> ``"general"``."""
    word = noun.lower().strip(".,;:")
    if word in _synonyms():
        return _synonyms()[word]
    if word.endswith("s") and word[:-1] in _role_nouns():
        word = word[:-1]
    return _synonyms().get(word, word)


def role_nouns(phrase: str) -> set[str]:
    """The role nouns a title or role phrase stands for, canonical (:func:`canonical_role`).

    ``"Maj. Gen."`` -> ``{"general"}`` (``title_roles``), ``"Anbar Governor"`` -> ``{"governor"}``,
    ``"spokesman for the Joint Operations Command"`` -> ``{"spokesman"}``, ``"a senior official in
    the Interior Ministry"`` -> ``{"official"}``: the head of the phrase, which is its last role
    noun before a preposition.
    """
    words = [w.strip(',;:“”"') for w in phrase.lower().split()]
    words = [w for w in words if w and w not in _DETERMINERS]
    # the head of the phrase: the words before its first preposition or clause
    cut = next((i for i, w in enumerate(words) if w in _HEAD_ENDS), len(words))
    head = words[:cut]
    found = set()
    for i in range(len(head)):  # the longest title that ends the head ("maj. gen.")
        piece = " ".join(head[i:])
        title = _title_roles().get(piece) or _title_roles().get(piece.rstrip(".") + ".")
        if title:
            found.add(canonical_role(title))
            break
    nouns = [w.strip(".") for w in head if canonical_role(w.strip(".")) in _role_nouns()]
    if nouns:
        found.add(canonical_role(nouns[-1]))
    return found


def initials(name: str) -> str:
    """The acronym a name makes: ``"Independent High Electoral Commission"`` -> ``"IHEC"``,
    ``"State Organization for Marketing of Oil"`` -> ``"SOMO"`` (small words skipped)."""
    words = re.findall(r"[A-Za-z][\w’'\-]*", name)
    return "".join(w[0].upper() for w in words if w[0].isupper())


def is_acronym(text: str) -> bool:
    """``"IHEC"``, ``"KRG"``, ``"PMF"``: two to seven capitals (an ``s`` or digits may follow)."""
    return re.fullmatch(r"[A-Z]{2,7}s?\d*", text.strip()) is not None


# --------------------------------------------------------------------------- speakers


@dataclass
class Speaker:
    """One canonical source.

    ``kind`` is ``person``, ``organisation``, ``anonymous`` (asked not to be named), ``unnamed``
    (named only by role) or ``generic`` ("observers").
    """

    number: int
    name: str
    kind: str = "person"
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    first: int = 0
    #: the role nouns the speaker was introduced with ("general", "spokesman"), canonical
    role_nouns: set[str] = field(default_factory=set)
    #: acronyms the organisation is known by ("IHEC")
    acronyms: set[str] = field(default_factory=set)
    #: body offset of the latest mention: "the general" is the general named most recently
    last_seen: int = 0

    @property
    def id(self) -> str:
        return slugify(self.name)

    @property
    def role(self) -> str:
        """All roles seen, longest description first, ``"; "``-joined."""
        return "; ".join(sorted(self.roles, key=lambda r: (-len(r), self.roles.index(r))))

    def add_alias(self, text: str) -> None:
        text = re.sub(r"\s+", " ", text).strip(" ,")
        if text and text.lower() not in {a.lower() for a in self.aliases}:
            self.aliases.append(text)

    def add_role(self, role: str | None) -> None:
        role = clean_phrase(role or "")
        if role and role.lower() not in {r.lower() for r in self.roles}:
            self.roles.append(role)
            self.gender = self.gender or gender_of(role)
        if role:
            self.role_nouns |= role_nouns(role)

    def seen(self, offset: int) -> None:
        """Record a mention at body offset ``offset``."""
        self.last_seen = max(self.last_seen, offset)


class SpeakerRegistry:
    """Speakers of one article, built in reading order; see the module docstring."""

    def __init__(self) -> None:
        self.speakers: list[Speaker] = []
        self._focus: list[Speaker] = []  # most recent last
        self._named: list[Speaker] = []  # persons named in the text, most recent last

    # ---- creating and finding ------------------------------------------------------------
    def _new(self, name: str, kind: str, offset: int) -> Speaker:
        speaker = Speaker(number=len(self.speakers), name=name, kind=kind, first=offset)
        self.speakers.append(speaker)
        return speaker

    def find_name(self, name: str) -> Speaker | None:
        """The known person whose name ``name`` is a form of (most recent first), or None.

        Two forms match when one key is a suffix of the other ("Al-Yasiri" / "Ahmed Al-Yasiri")
        or when both share the first and the last part ("Muhammad Al-Sudani" /
        "Muhammad Shiaa Al-Sudani").
        """
        key = name_key(name)
        if not key:
            return None
        for speaker in reversed(self.speakers):
            if speaker.kind != "person":
                continue
            other = name_key(speaker.name)
            if not other:
                continue
            short, long_ = sorted((key, other), key=len)
            if long_[-len(short) :] == short or (
                len(short) >= 2 and short[0] == long_[0] and short[-1] == long_[-1]
            ):
                return speaker
        return self._by_first_name(key)

    def _by_first_name(self, key: tuple[str, ...]) -> Speaker | None:
        """The one known person whose full name starts with the single word ``key`` ("Karrar"
        after "Karrar Adel Mnahi", as features write); None when none or several do."""
        if len(key) != 1:
            return None
        found = [
            s
            for s in self.speakers
            if s.kind == "person" and len(k := name_key(s.name)) >= 2 and k[0] == key[0]
        ]
        return found[0] if len(found) == 1 else None

    def person(
        self, name: str, *, offset: int, role: str | None = None, title: str | None = None
    ) -> Speaker:
        """The person called ``name`` here (created if new); records role, title and alias.

        ``name`` may carry a leading title ("Dr. X"); it is stripped from the canonical name
        and kept as a role. A longer form of a known name becomes the canonical name (the
        earliest instance of the longest form).
        """
        found_title, bare = split_title(name.strip())
        title = title or found_title or None
        speaker = self.find_name(bare)
        if speaker is None:
            speaker = self._new(bare, "person", offset)
        elif len(name_key(bare)) > len(name_key(speaker.name)):
            speaker.name = bare
        speaker.add_alias(bare)
        speaker.add_role(role)
        speaker.add_role(title)
        speaker.gender = (
            speaker.gender or gender_of(title or "", role or "") or given_name_gender(bare)
        )
        speaker.seen(offset)
        return speaker

    def organisation(self, name: str, *, offset: int, acronym: str | None = None) -> Speaker:
        """The organisation called ``name`` ("the US embassy" -> "US embassy").

        A known organisation is found by its name, its acronym ("IHEC"), the last words of its
        name ("the Front" for "the National Renewal Front") or, for a name first met as an
        acronym, the initials of its full name, which then becomes the canonical name.
        """
        clean = clean_phrase(name)
        speaker = self.find_org_name(clean)
        if speaker is None:
            speaker = self._new(clean, "organisation", offset)
        elif is_acronym(speaker.name) and not is_acronym(clean):
            speaker.acronyms.add(speaker.name)
            speaker.name = clean
        for short in (acronym, clean):
            if short and is_acronym(short):
                speaker.acronyms.add(short.rstrip("s"))
        speaker.add_alias(clean)
        speaker.seen(offset)
        return speaker

    def find_org_name(self, name: str) -> Speaker | None:
        """The known organisation that ``name`` names (see :meth:`organisation`), or None."""
        clean = clean_phrase(name)
        key = role_key(clean)
        if not key:
            return None
        orgs = [s for s in reversed(self.speakers) if s.kind == "organisation"]
        for sp in orgs:
            if role_key(sp.name) == key:
                return sp
        if is_acronym(clean):
            bare = clean.rstrip("s")
            for sp in orgs:
                if bare in sp.acronyms or initials(sp.name) == bare:
                    return sp
            return None
        if clean[:1].isupper():  # a shortened name: "the Front", "the Alliance"
            for sp in orgs:
                if len(role_key(sp.name)) > len(key) and role_key(sp.name)[-len(key) :] == key:
                    return sp
        for sp in orgs:  # a full name whose initials are an organisation met as an acronym
            if is_acronym(sp.name) and initials(clean) == sp.name:
                return sp
        return None

    def find_org(self, noun: str, modifiers: Iterable[str] = ()) -> Speaker | None:
        """The most recently mentioned organisation that ``noun`` names: one whose name holds it
        ("embassy" -> "US embassy"), else one an apposition described with it ("the company" ->
        "Sahel Energy, a British company"). With ``modifiers`` (the other words of the phrase:
        "the *electricity* ministry") the name must hold them too, else there is none."""
        noun = noun.lower()
        orgs = [s for s in self.speakers if s.kind == "organisation"]
        found = [s for s in orgs if noun in role_key(s.name)] or [
            s for s in orgs if any(noun in role_key(r) for r in s.roles)
        ]
        wanted = {m.lower() for m in modifiers}
        if wanted:
            found = [
                s for s in found
                if wanted <= set(role_key(s.name)) | {w for r in s.roles for w in role_key(r)}
            ]  # fmt: skip
        return max(found, key=lambda s: (s.last_seen, s.number)) if found else None

    def last_org(self) -> Speaker | None:
        """The organisation mentioned most recently, or None."""
        orgs = [s for s in self.speakers if s.kind == "organisation"]
        return max(orgs, key=lambda s: (s.last_seen, s.number)) if orgs else None

    def unnamed(
        self, role: str, *, offset: int, anonymous: bool = False, generic: bool = False
    ) -> Speaker:
        """A source known only by its role: ``"a senior official (anonymous)"``.

        Repeated mentions of the same role phrase are the same source.
        """
        role_text = clean_phrase(role)
        if generic:  # "Observers" -> "observers (unnamed)"
            role_text = role_text[:1].lower() + role_text[1:]
        kind = "anonymous" if anonymous else "generic" if generic else "unnamed"
        article = (
            ""
            if generic
            or role_text.lower().startswith(("a ", "an ", *POSSESSIVE_STARTS))
            or _plural_role(role_text)
            else _article(role_text)
        )
        name = f"{article}{role_text} ({'anonymous' if anonymous else 'unnamed'})"
        for speaker in self.speakers:
            if speaker.kind == kind and speaker.name.lower() == name.lower():
                speaker.seen(offset)
                return speaker
        speaker = self._new(name, kind, offset)
        speaker.add_role(role_text)
        speaker.gender = gender_of(role_text)
        speaker.seen(offset)
        return speaker

    def group(self, description: str, *, offset: int) -> Speaker:
        """A group that speaks as one: ``"lawmakers from the Reform bloc"`` (defined by a named
        body), ``"two Iraqi security officials (anonymous)"`` (a described, unnamed group)."""
        text = clean_phrase(description)
        first = text.split()[0].lower() if text else ""
        if first in _COMMON_STARTS or canonical_role(first) in _role_nouns():
            text = text[:1].lower() + text[1:]  # "Lawmakers from …" -> "lawmakers from …"
        # defined by a named body: a capitalised name after a preposition ("from the Reform bloc")
        after = re.split(r"\b(?:from|of|at|in|with|for)\b", text, maxsplit=1)
        named_body = len(after) > 1 and any(w[:1].isupper() for w in after[1].split())
        name = text if named_body else f"{text} (anonymous)"
        for speaker in self.speakers:
            if speaker.kind == "group" and role_key(speaker.name) == role_key(name):
                speaker.seen(offset)
                return speaker
        speaker = self._new(name, "group", offset)
        speaker.add_role(text)
        speaker.seen(offset)
        return speaker

    def by_role(
        self, role: str, *, kinds: tuple[str, ...] = ("person", "anonymous", "unnamed")
    ) -> Speaker | None:
        """The speaker a definite role mention refers back to ("the general", "The head of the
        X Center", "the official"): the most recently mentioned one introduced with that role.

        First a recorded role that holds every word of ``role`` with the same head noun; else the
        same role noun among the speakers of ``kinds`` (:func:`role_nouns`: titles count, "Maj.
        Gen." is a general, and synonyms: "the MP" is the lawmaker). Organisations are found by
        :meth:`find_org` instead.
        """
        key = role_key(role)
        if not key:
            return None
        head = _role_head(key)
        whole = [
            s
            for s in self.speakers
            if any(
                _role_head(role_key(r)) == head and set(key) <= set(role_key(r)) for r in s.roles
            )
        ]
        if not whole:
            nouns = role_nouns(role)
            whole = [s for s in self.speakers if s.kind in kinds and nouns & s.role_nouns]
        return max(whole, key=lambda s: (s.last_seen, s.number)) if whole else None

    # ---- focus and pronouns ----------------------------------------------------------------
    def focus(self, speaker: Speaker) -> None:
        """Put ``speaker`` in focus (the last source quoted)."""
        if speaker in self._focus:
            self._focus.remove(speaker)
        self._focus.append(speaker)

    def in_focus(self, pronoun: str = "he") -> Speaker | None:
        """The speaker a subject pronoun stands for: the last quoted compatible speaker.

        he/she skip speakers of the other known gender and organisations; "they"/"it" take the
        last organisation or unnamed group. The pronoun's gender is then learnt for the speaker.
        """
        want = patterns()["pronouns"].get(pronoun.lower())
        for speaker in reversed(self._focus):
            if want in ("male", "female"):
                if speaker.kind in ("organisation", "generic", "group"):
                    continue
                if speaker.gender not in (None, want):
                    continue
                speaker.gender = speaker.gender or want
                return speaker
            if want == "organisation" and speaker.kind == "organisation":
                return speaker
            if want == "plural" and speaker.kind in ("organisation", "generic", "group"):
                return speaker
        return None

    def named(self, speaker: Speaker) -> None:
        """Record that the text has just named ``speaker`` (quoted or not)."""
        if speaker in self._named:
            self._named.remove(speaker)
        self._named.append(speaker)

    def last_named(self, pronoun: str = "he") -> Speaker | None:
        """The person a he/she stands for when nobody has been quoted yet: the last person named
        whose known gender does not contradict the pronoun ("Sanders argued … “…,” he said")."""
        want = patterns()["pronouns"].get(pronoun.lower())
        if want not in ("male", "female"):
            return None
        for speaker in reversed(self._named):
            if speaker.kind == "person" and speaker.gender in (None, want):
                speaker.gender = speaker.gender or want
                return speaker
        return None

    def last(self) -> Speaker | None:
        """The speaker quoted last (any kind), or None."""
        return self._focus[-1] if self._focus else None

    def get(self, number: int) -> Speaker:
        return self.speakers[number]


#: A role phrase that starts with one of these takes no "a" ("his wife (unnamed)").
POSSESSIVE_STARTS = ("his ", "her ", "their ", "its ", "my ", "our ", "your ")


def _article(text: str) -> str:
    return "an " if text[:1].lower() in "aeiou" else "a "


def _plural_role(text: str) -> bool:
    """Whether a role phrase starts with a plural role noun ("authors of the report")."""
    first = (text.split() or [""])[0].lower()
    roles = {w.lower() for w in patterns()["role_nouns"]}
    return first.endswith("s") and first[:-1] in roles


#: Prepositions that end the head of a role phrase ("head *of* the centre", "an official *in*
#: the ministry", "a fisherman *in* Fao").
ROLE_PREPOSITIONS = ("of", "in", "at", "from", "for", "with", "on")


def _role_head(key: tuple[str, ...]) -> str:
    """The head noun of a role phrase: the word before its first preposition, else its last."""
    for i, word in enumerate(key):
        if word in ROLE_PREPOSITIONS:
            return key[i - 1] if i else key[0]
    return key[-1] if key else ""


# --------------------------------------------------------------------------- table


def speaker_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical speaker of ``quotes`` (the output of ``extract_quotes``).

    Columns: ``speaker_id``, ``speaker``, ``role`` (titles and roles seen, ``"; "``-joined),
    ``aliases`` (the names and role phrases that referred to the speaker, pronouns excluded),
    ``quotes`` (how many quotations) and ``words`` (words inside them), sorted by the first
    quotation. Unattributed quotations form one ``unknown`` row. Roles and aliases come from the
    registry that ``extract_quotes`` stores in ``quotes.attrs["speakers"]``; without it they are
    derived from the ``mention`` column.
    """
    from helpers.article import word_count

    if quotes is None or len(quotes) == 0:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    info: dict = dict(quotes.attrs.get("speakers", {}))
    # Only the columns read here, without attrs: pandas would copy the registry at every step.
    frame = quotes.loc[
        :, quotes.columns.isin(["speaker_id", "speaker", "quote", "start", "mention"])
    ]
    frame.attrs = {}
    ordered = frame.sort_values("start", kind="stable")
    ordered = ordered.assign(words=ordered["quote"].map(word_count))
    rows = []
    for speaker_id, group in ordered.groupby("speaker_id", sort=False):
        meta = info.get(speaker_id) or _derive(group)
        rows.append(
            {
                "speaker_id": speaker_id,
                "speaker": group["speaker"].iloc[0],
                "role": meta.get("role", ""),
                "aliases": meta.get("aliases", ""),
                "quotes": len(group),
                "words": int(group["words"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=SPEAKER_COLUMNS).reset_index(drop=True)


def _derive(group: pd.DataFrame) -> dict:
    """Role and aliases from the mentions of one speaker (when no registry is attached)."""
    pronouns = set(patterns()["pronouns"])
    mentions = [m for m in dict.fromkeys(group["mention"]) if m and m.lower() not in pronouns]
    return {"role": "", "aliases": "; ".join(mentions)}
