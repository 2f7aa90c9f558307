"""The machinery of the corpus fold: a union-find over speaker rows that refuses forbidden joins,
and the stages that propose joins (see :mod:`helpers.corpus_speakers` for what they do and why).

:class:`Clusters` holds one corpus speaker per root row, with its members, its articles and the
keys of its full names, and refuses a join that the speakers file forbids, that would put two
full names that do not fit each other into one corpus speaker, or (for a shorter form) that would
join two speakers of one article. Every join is recorded with its rule and note; every refused or
ambiguous join leaves a note on both rows, for the explanation columns.

The stages, in the order :func:`helpers.corpus_speakers.fold_speakers` runs them:
:func:`apply_overrides` (the speakers file), :func:`join_full_names`, :func:`join_short_forms`,
:func:`join_organisations`, :func:`join_unattributed`, :func:`note_shared_surnames`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import islice

import pandas as pd

from helpers.corpus_names import (
    STRONG,
    NameRef,
    Overrides,
    PersonName,
    acronym,
    declared_acronyms,
    initials,
    looks_like_organisation,
    name_relation,
    name_rules,
    normal_text,
    org_key,
    person_name,
    spelling_note,
    surname_block,
)

__all__ = [
    "UNATTRIBUTED",
    "Clusters",
    "apply_overrides",
    "join_full_names",
    "join_organisations",
    "join_short_forms",
    "join_unattributed",
    "name_index",
    "note_shared_surnames",
    "speaker_kind",
]

#: The corpus speaker of quotations no rule attributed (the per-article speaker "unknown").
UNATTRIBUTED = "unknown"


class Clusters:
    """Union-find over speaker rows that refuses joins the names (or the user) forbid.

    Each corpus speaker (a root) keeps its members, its articles and the keys of its full names
    (with a count), so that a check costs the size of the names, not of the corpus.
    """

    def __init__(self, frame: pd.DataFrame, kinds: list[str]) -> None:
        n = len(frame)
        self.parent = list(range(n))
        self.members = {i: [i] for i in range(n)}
        self.articles = frame["article"].astype(str).tolist()
        self.names = frame["speaker"].astype(str).tolist()
        self.kinds = kinds
        self.person: list[PersonName | None] = [
            person_name(name) if kind == "person" else None
            for name, kind in zip(self.names, kinds, strict=True)
        ]
        self.in_articles = {i: {self.articles[i]} for i in range(n)}
        self.fulls: dict[int, Counter] = {i: Counter() for i in range(n)}
        self.full_name: dict[str, PersonName] = {}
        for i, person in enumerate(self.person):
            if person is not None and len(person.parts) >= 2:
                self.fulls[i][person.key] += 1
                self.full_name.setdefault(person.key, person)
        self.apart: dict[int, set[int]] = defaultdict(set)
        self.apart_line: dict[tuple[int, int], str] = {}
        self.edges: list[tuple[int, int, str, str]] = []  # (row, row, rule, note)
        self.notes: dict[int, list[tuple[int, str]]] = defaultdict(list)  # row -> (other row, why)
        self.ambiguous: set[int] = set()  # short forms that fit several corpus speakers

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def free_name(self, i: int) -> None:
        """Row ``i``'s name need not fit the others of its corpus speaker (a nickname that the
        speakers file joins)."""
        person = self.person[i]
        if person is not None and len(person.parts) >= 2:
            counts = self.fulls[self.find(i)]
            counts[person.key] -= 1
            if counts[person.key] <= 0:
                del counts[person.key]

    def kept_apart(self, i: int, j: int) -> str | None:
        """Why the speakers file keeps the corpus speakers of rows ``i`` and ``j`` apart."""
        if not self.apart:
            return None
        rj = self.find(j)
        for x in self.members[self.find(i)]:
            for y in self.apart.get(x, ()):
                if self.find(y) == rj:
                    return f"the speakers file keeps them apart ({self.apart_line[(x, y)]})"
        return None

    def blocker(self, i: int, j: int, weak: bool) -> str | None:
        """Why rows ``i`` and ``j`` may not be in one corpus speaker, or None."""
        user = self.kept_apart(i, j)
        if user:
            return user
        ri, rj = self.find(i), self.find(j)
        if weak and self.in_articles[ri] & self.in_articles[rj]:
            return "a speaker of the same article, which tells them apart"
        for ka in self.fulls[ri]:
            for kb in self.fulls[rj]:
                pa, pb = self.full_name[ka], self.full_name[kb]
                if ka != kb and name_relation(pa, pb) is None:
                    return f"'{pa.bare}' and '{pb.bare}' are different full names"
        return None

    def display(self, i: int) -> str:
        """Row ``i``'s name as a corpus speaker's name: a person's without titles."""
        person = self.person[i]
        return person.bare if person is not None else self.names[i]

    def join(self, i: int, j: int, rule: str, note: str = "", *, weak: bool = False) -> bool:
        """Join the corpus speakers of rows ``i`` and ``j`` unless forbidden; record why."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        why = self.kept_apart(i, j) if rule == "speakers-file" else self.blocker(i, j, weak)
        if why:
            self.notes[i].append((j, why))
            self.notes[j].append((i, why))
            return False
        if len(self.members[ri]) < len(self.members[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.members[ri] += self.members.pop(rj)
        self.in_articles[ri] |= self.in_articles.pop(rj)
        self.fulls[ri] += self.fulls.pop(rj)
        self.edges.append((i, j, rule, note))
        return True

    def roots(self) -> list[int]:
        return sorted({self.find(i) for i in range(len(self.parent))}, key=self._first)

    def _first(self, root: int) -> int:
        return min(self.members[root])


def speaker_kind(name: str, speaker_id: str = "", kind: str | None = None) -> str:
    """``person``, ``organisation``, ``one-article`` (never joined across articles) or
    ``unattributed``, from the speaker table's ``kind`` when it has one.

    One-article speakers are anonymous and unnamed sources, and descriptions rather than names:
    a speaker whose first word is in lower case ("two Iraqi security officials", "lawmakers from
    the X bloc"), unless it is a name particle ("al-Sudani").
    """
    rules = name_rules()
    low = str(name).strip().lower()
    if str(speaker_id) in ("", UNATTRIBUTED, "nan") or low in ("", UNATTRIBUTED, "(unattributed)"):
        return "unattributed"
    if kind and str(kind).lower() in rules.not_folded_kinds:
        return "one-article"
    if low.endswith(rules.not_folded_suffixes) or _described(str(name), rules):
        return "one-article"
    if kind and str(kind).lower() in ("organisation", "organization"):
        return "organisation"
    if kind and str(kind).lower() == "person":
        return "person"
    return "organisation" if looks_like_organisation(name) else "person"


def _described(name: str, rules) -> bool:
    """A description, not a name: its first word (after "the") starts in lower case and is no
    particle."""
    first = re.sub(r"^the\s+", "", name.strip()).split(" ", 1)[0]
    head = re.split(r"[-‐]", first, maxsplit=1)[0]
    particle = head.lower() in rules.particles | rules.hyphen_particles and head != first
    return bool(first[:1].islower()) and not particle


def apply_overrides(clusters: Clusters, frame: pd.DataFrame, overrides: Overrides) -> list[str]:
    """The speakers file: its pairs kept apart first, then its groups joined. Returns warnings
    (names that match no speaker, joins a kept-apart pair forbids), in the file's line order."""
    warnings: list[tuple[int, str]] = []
    index = name_index(frame)
    articles = clusters.articles

    def rows(ref: NameRef, *, quiet: bool = False) -> list[int]:
        candidates = index.get(normal_text(ref.name), [])
        found = [i for i in candidates if ref.article in (None, articles[i])]
        if not found and not quiet:
            text = f"{overrides.source}, line {ref.line}: no speaker '{ref}' in the corpus"
            warnings.append((ref.line, text))
        return found

    for a, b in overrides.apart:
        where = f"{overrides.source}, line {a.line}"
        left, right = rows(a), rows(b)
        for x in left:
            for y in right:
                clusters.apart[x].add(y)
                clusters.apart[y].add(x)
                clusters.apart_line[(x, y)] = clusters.apart_line[(y, x)] = where
    for group in overrides.joins:
        found = [rows(ref, quiet=k == 0) for k, ref in enumerate(group)]
        flat = [i for part in found for i in part]
        where = f"{overrides.source}, line {group[0].line}"
        for i in flat[1:]:
            if clusters.find(i) == clusters.find(flat[0]):
                continue
            if clusters.kept_apart(flat[0], i) is None:
                clusters.free_name(i)  # a nickname need not fit the name it joins
            if not clusters.join(flat[0], i, "speakers-file", where):
                text = f"{where}: cannot join '{frame.at[i, 'speaker']}': it is kept apart"
                warnings.append((group[0].line, text))
    return [text for _, text in sorted(warnings, key=lambda w: w[0])]


def name_index(frame: pd.DataFrame) -> dict[str, list[int]]:
    """Rows by each of their names (the speaker's name and its aliases, with and without
    titles), compared loosely (:func:`helpers.corpus_names.normal_text`)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, (name, aliases) in enumerate(zip(frame["speaker"], frame["aliases"], strict=True)):
        texts = [name, *[a.strip() for a in aliases.split(";")]]
        keys = {normal_text(t) for t in texts if t} | {person_name(t).key for t in texts if t}
        for key in sorted(keys - {""}):
            index[key].append(i)
    return index


def _by_name(clusters: Clusters, rows: Iterable[int]) -> dict[str, list[int]]:
    """Rows of persons grouped by their name (same key), in row order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i in rows:
        groups[clusters.person[i].key].append(i)
    return groups


def join_full_names(clusters: Clusters) -> None:
    """Stage 2: full names (two parts or more) with the same name in any spelling."""
    full = [i for i, p in enumerate(clusters.person) if p is not None and len(p.parts) >= 2]
    coarse: dict[tuple[str, ...], list[str]] = defaultdict(list)  # transliterations share it
    for rows in _by_name(clusters, full).values():
        for i in rows[1:]:
            clusters.join(rows[0], i, "same-name")
        coarse[tuple(_coarse(p) for p in clusters.person[rows[0]].parts)].append(rows[0])
    for firsts in coarse.values():
        for n, i in enumerate(firsts):
            for j in firsts[:n]:
                a, b = clusters.person[j], clusters.person[i]
                if name_relation(a, b) in STRONG:
                    clusters.join(j, i, "transliteration", spelling_note(a, b))


def _coarse(part: str) -> str:
    return re.sub("[eia]", "a", part)


def join_short_forms(clusters: Clusters) -> None:
    """Stage 3: shorter forms join the one corpus speaker they fit, longest forms first."""
    persons = [i for i, p in enumerate(clusters.person) if p is not None and p.parts]
    groups = _by_name(clusters, persons)
    blocks: dict[str, list[str]] = defaultdict(list)
    for key, rows in groups.items():
        blocks[surname_block(clusters.person[rows[0]])].append(key)
    order = sorted(groups, key=lambda k: (-len(clusters.person[groups[k][0]].parts), groups[k][0]))
    for key in order:
        short = clusters.person[groups[key][0]]
        fitting = []  # (first row of a longer name, relation)
        for other in blocks[surname_block(short)]:
            longer = clusters.person[groups[other][0]]
            relation = name_relation(short, longer) if _longer(longer, short) else None
            if relation and relation not in STRONG:
                fitting += [(j, relation) for j in groups[other]]
        if fitting:
            _join_to_fit(clusters, groups[key], fitting)
    _join_lone_surnames(clusters, [groups[k] for k in order])


def _join_to_fit(clusters: Clusters, rows: list[int], fitting: list[tuple[int, str]]) -> None:
    """Join each of ``rows`` (one name) to the corpus speaker it fits, if only one fits."""
    by_root: dict[int, tuple[int, str]] = {}
    for j, relation in fitting:
        by_root.setdefault(clusters.find(j), (j, relation))
    for i in rows:
        fits = {}
        for root, (j, relation) in by_root.items():
            fits.setdefault(clusters.find(root), (j, relation))
        fits.pop(clusters.find(i), None)
        if len(fits) == 1:
            j, relation = next(iter(fits.values()))
            note = spelling_note(clusters.person[i], clusters.person[j])
            clusters.join(i, j, relation, note, weak=True)
        elif len(fits) > 1:
            why = f"'{clusters.person[i].bare}' fits {len(fits)} corpus speakers"
            clusters.notes[i] += [(j, why) for j, _ in list(fits.values())[:5]]
            clusters.ambiguous.add(i)


def _longer(other: PersonName, short: PersonName) -> bool:
    """``other`` is a fuller form than ``short``: more parts, or as many without an initial."""
    if len(other.parts) != len(short.parts):
        return len(other.parts) > len(short.parts)
    return sum(len(p) == 1 for p in other.parts) < sum(len(p) == 1 for p in short.parts)


def _join_lone_surnames(clusters: Clusters, groups: list[list[int]]) -> None:
    """One-part names no full name carries: the same surname in other articles is joined."""
    lone: dict[str, list[int]] = defaultdict(list)
    for rows in groups:
        for i in rows:
            alone = len(clusters.members[clusters.find(i)]) == 1
            if len(clusters.person[i].parts) == 1 and alone and i not in clusters.ambiguous:
                lone[_coarse(clusters.person[i].parts[0])].append(i)
    for rows in lone.values():
        for n, i in enumerate(rows):
            for j in rows[:n]:
                a, b = clusters.person[j], clusters.person[i]
                if name_relation(a, b) in STRONG:
                    rule = "same-name" if a.key == b.key else "surname-shared"
                    clusters.join(j, i, rule, spelling_note(a, b))
                    break


def note_shared_surnames(clusters: Clusters, limit: int = 5) -> None:
    """Near misses: corpus speakers with the same surname and another given name."""
    by_surname: dict[str, list[int]] = defaultdict(list)
    for root in clusters.roots():
        keys = list(clusters.fulls.get(root, ()))
        if keys:
            by_surname[clusters.full_name[keys[0]].surname].append(root)
    why = "the same surname, another given name"
    for roots in by_surname.values():
        for root in roots:
            name = _any_full(clusters, root)
            others = (r for r in roots if r != root)
            different = (r for r in others if name_relation(name, _any_full(clusters, r)) is None)
            clusters.notes[root] += [(other, why) for other in islice(different, limit)]


def _any_full(clusters: Clusters, root: int) -> PersonName:
    return clusters.full_name[next(iter(clusters.fulls[root]))]


def join_organisations(clusters: Clusters, frame: pd.DataFrame) -> None:
    """Stage 4: organisations by name, then acronyms with the one organisation they fit."""
    orgs = [i for i, k in enumerate(clusters.kinds) if k == "organisation"]
    by_key: dict[str, int] = {}
    for i in orgs:
        key = org_key(clusters.names[i])
        if key in by_key:
            clusters.join(by_key[key], i, "organisation-name")
        else:
            by_key[key] = i
    short = {i: acronym(clusters.names[i]) for i in orgs}
    named_by: dict[str, list[int]] = defaultdict(list)  # acronym -> organisations it may name
    for i in orgs:
        if not short[i]:
            declared = declared_acronyms(clusters.names[i], frame.at[i, "aliases"])
            for letters in {initials(clusters.names[i]), *declared}:
                named_by[letters].append(i)
    for i in orgs:
        if short[i]:
            _join_acronym(clusters, i, short[i], named_by.get(short[i], []))


def _join_acronym(clusters: Clusters, i: int, letters: str, candidates: list[int]) -> None:
    """Join the acronym of row ``i`` to the one organisation (corpus speaker) it fits."""
    fits: dict[int, int] = {}
    for j in candidates:
        fits.setdefault(clusters.find(j), j)
    fits.pop(clusters.find(i), None)
    if len(fits) == 1:
        j = next(iter(fits.values()))
        clusters.join(i, j, "acronym", clusters.names[i], weak=True)
    elif len(fits) > 1:
        why = f"{letters.upper()} fits {len(fits)} organisations"
        clusters.notes[i] += [(j, why) for j in fits.values()]


def join_unattributed(clusters: Clusters) -> None:
    rows = [i for i, k in enumerate(clusters.kinds) if k == "unattributed"]
    for i in rows[1:]:
        clusters.join(rows[0], i, "unattributed")
