"""Corpus speakers: one person (or organisation) across the articles of a corpus, every fold explained.

Each article has its own canonical speakers (:mod:`helpers.speakers`); in a corpus the same
prime minister is "Muhammad Shiaa Al-Sudani" in one article, "Mohammed Shia al-Sudani" in the
next and "al-Sudani" in a third. :func:`fold_speakers` joins the rows of the combined speaker
table (one row per speaker per article) into **corpus speakers**, in stages:

1. **the speakers file** (:func:`read_speakers_file`): names the user says are one speaker are
   joined first; names the user keeps apart are never joined by any later stage;
2. **full names** (two parts or more): the same name, or the same name in another
   transliteration (:func:`helpers.corpus_names.name_relation`), are joined;
3. **shorter forms**: a name with a middle or given name left out, an initial, or a surname
   alone is joined to a longer name only when exactly one corpus speaker fits, and never to a
   speaker of its own article (that article already told the two apart). A surname that no full
   name in the corpus carries joins the same surname of other articles;
4. **organisations**: the same name (capitals, dots, apostrophes and "the" aside), and an acronym
   with the one organisation whose initials or declared acronym it is.

Two full names that do not relate (the same surname, another given name) are never in one
corpus speaker, however the joins chain. Anonymous and unnamed sources, and descriptions in lower
case ("two security officials"), stay in their article; unattributed quotations form the
``unknown`` corpus speaker. The rules are data (``data/corpus_names.yaml``, read by
:mod:`helpers.corpus_names`); the machinery that applies them is :mod:`helpers.corpus_fold`. Every join is recorded: each row
says which rule joined it to which name (``corpus_rule``, ``corpus_explain``) and each corpus
speaker lists its joins and the near misses kept apart (``explanation``).

:func:`fold_corpus` does this for an ``analyze`` output folder: it reads ``OUT/speakers.csv``
(small: one row per speaker per article), adds ``corpus_speaker``, ``corpus_rule`` and
``corpus_explain`` to it, adds ``corpus_speaker`` to ``OUT/quotes.csv`` (rewritten in chunks of
rows, so memory does not grow with the corpus) and writes ``OUT/corpus_speakers.csv``.

What is not done: nothing is looked up outside the corpus (no Wikidata); two different people
with the same full name are one corpus speaker unless the speakers file keeps them apart.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.corpus_fold import (
    UNATTRIBUTED,
    Clusters,
    apply_overrides,
    join_full_names,
    join_organisations,
    join_short_forms,
    join_unattributed,
    name_index,
    note_shared_surnames,
    speaker_kind,
)
from helpers.corpus_names import (
    Overrides,
    SpeakersFileError,
    acronym,
    ascii_fold,
    normal_text,
    parse_speakers_file,
    read_speakers_file,
)
from helpers.stance import LABELS as STANCE_LABELS

__all__ = [
    "CORPUS_SPEAKER_COLUMNS",
    "ROW_COLUMNS",
    "UNATTRIBUTED",
    "CorpusFold",
    "Fold",
    "Overrides",
    "SpeakersFileError",
    "fold_corpus",
    "fold_speakers",
    "parse_speakers_file",
    "read_speakers_file",
    "speaker_kind",
]

#: Columns added to each row of the combined speaker table.
ROW_COLUMNS = ("corpus_speaker", "corpus_rule", "corpus_explain")
#: Columns of ``corpus_speakers.csv`` (``<stance>_quotes`` columns follow ``vader`` when the
#: quotes have a stance).
CORPUS_SPEAKER_COLUMNS = [
    "corpus_speaker_id", "corpus_speaker", "kind", "aliases", "articles", "article_ids",
    "outlets", "first_date", "last_date", "quotes", "words", "polarity", "vader", "explanation",
]  # fmt: skip
#: Columns of :attr:`Fold.rows` after ``article``, ``speaker_id`` and ``speaker``.
_ROW_FIELDS = (
    "corpus_speaker",
    "corpus_speaker_id",
    "corpus_kind",
    "corpus_rule",
    "corpus_explain",
)
#: Rows of ``quotes.csv`` read and written at a time.
CHUNK_ROWS = 5000

_REASONS = {
    "same-name": "the same name",
    "transliteration": "the same name in another spelling ({note})",
    "middle-name-omitted": "the same first and last names, a middle name left out ({note}); "
    "the only corpus speaker that fits",
    "initial": "a given name as its initial ({note}); the only corpus speaker that fits",
    "given-name-omitted": "the same name without the given name; the only corpus speaker that fits",
    "surname-only": "the surname alone; the only corpus speaker with that surname",
    "surname-shared": "the same surname alone ({note}); no full name in the corpus has it",
    "organisation-name": "the same organisation (capitals, dots, apostrophes and 'the' aside)",
    "acronym": "an acronym of it ({note}); the only organisation that fits",
    "speakers-file": "the speakers file joins them ({note})",
}


# --------------------------------------------------------------------------- the fold


@dataclass
class Fold:
    """What :func:`fold_speakers` returns.

    ``rows``: one row per input row, in order: ``article``, ``speaker_id``, ``speaker``,
    ``corpus_speaker``, ``corpus_speaker_id``, ``corpus_kind``, ``corpus_rule``,
    ``corpus_explain``. ``speakers``: one row per corpus speaker (:data:`CORPUS_SPEAKER_COLUMNS`),
    most quoted first. ``warnings``: lines of the speakers file that matched nothing or could
    not be followed.
    """

    rows: pd.DataFrame
    speakers: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def fold_speakers(
    speakers: pd.DataFrame,
    overrides: Overrides | None = None,
    articles: pd.DataFrame | None = None,
) -> Fold:
    """Fold the rows of a combined speaker table into corpus speakers (see the module docstring).

    Args:
        speakers: one row per speaker per article, with ``article``, ``speaker_id`` and
            ``speaker``; ``aliases``, ``kind``, ``quotes``, ``words``, ``polarity`` and ``vader``
            are used when present.
        overrides: the speakers file (:func:`read_speakers_file`), or None.
        articles: ``articles.csv`` (``article``, ``date``, ``source``) for the dates and outlets
            of each corpus speaker, or None.
    """
    frame = _prepare(speakers)
    kinds = [
        speaker_kind(n, s, k)
        for n, s, k in zip(frame["speaker"], frame["speaker_id"], frame["kind"], strict=True)
    ]
    clusters = Clusters(frame, kinds)
    warnings = apply_overrides(clusters, frame, overrides or Overrides())
    join_full_names(clusters)
    join_short_forms(clusters)
    join_organisations(clusters, frame)
    join_unattributed(clusters)
    note_shared_surnames(clusters)
    names = _display_names(clusters, frame, overrides or Overrides())
    rows = _row_table(clusters, frame, names)
    table = _corpus_table(clusters, frame, names, articles)
    return Fold(rows=rows, speakers=table, warnings=warnings)


def _prepare(speakers: pd.DataFrame) -> pd.DataFrame:
    frame = speakers.reset_index(drop=True).copy()
    for column in ("article", "speaker_id", "speaker", "aliases", "kind"):
        if column not in frame.columns:
            frame[column] = ""
        frame[column] = frame[column].fillna("").astype(str)
    for column in ("quotes", "words", "polarity", "vader"):
        values = frame[column] if column in frame.columns else pd.Series(np.nan, frame.index)
        frame[column] = pd.to_numeric(values, errors="coerce")
    frame["quotes"] = frame["quotes"].fillna(0).astype(int)
    frame["words"] = frame["words"].fillna(0).astype(int)
    return frame


# --------------------------------------------------------------------------- names and tables


def _display_names(clusters: Clusters, frame: pd.DataFrame, overrides: Overrides) -> dict:
    """Each corpus speaker's name and id: {root: (name, id)}, unique in the corpus."""
    chosen: dict[int, str] = {}
    index = name_index(frame)
    for group in overrides.joins:  # the first name of a joined group names the speaker
        rows = [i for ref in group for i in index.get(normal_text(ref.name), [])]
        if rows:
            chosen.setdefault(clusters.find(rows[0]), group[0].name)
    names: dict[int, tuple[str, str]] = {}
    used: Counter = Counter()
    slugs: Counter = Counter()
    for root in clusters.roots():
        members = clusters.members[root]
        kind = clusters.kinds[members[0]]
        name = chosen.get(root) or _best_name(clusters, frame, members)
        if kind == "one-article":
            name = f"{name} [{clusters.articles[members[0]]}]"
        elif kind == "unattributed":
            name = UNATTRIBUTED
        if used[name.casefold()]:
            name = f"{name} [{clusters.articles[min(members)]}]"
        used[name.casefold()] += 1
        names[root] = (name, _slug(name, slugs))
    return names


def _best_name(clusters: Clusters, frame: pd.DataFrame, members: list[int]) -> str:
    """The longest form (most name parts; organisations: not an acronym), most quoted, earliest."""
    quoted: Counter = Counter()
    for j in members:
        quoted[clusters.names[j]] += int(frame.at[j, "quotes"])

    def score(i: int):
        person = clusters.person[i]
        size = len(person.parts) if person else (0 if acronym(clusters.names[i]) else 1)
        return (-size, -quoted[clusters.names[i]], i)

    return clusters.display(min(members, key=score))


def _slug(name: str, used: Counter) -> str:
    """A unique id for anchors and file names: ``"Ahmed Al-Yasiri"`` -> ``"ahmed-al-yasiri"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(name).lower()).strip("-") or "speaker"
    used[slug] += 1
    return slug if used[slug] == 1 else f"{slug}-{used[slug]}"


def _links(clusters: Clusters) -> dict[int, list[tuple[int, str, str]]]:
    """Every join, both ways: row -> [(other row, rule, note)]."""
    links: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for i, j, rule, note in clusters.edges:
        links[i].append((j, rule, note))
        links[j].append((i, rule, note))
    return links


def _tree(links: dict, start: int) -> dict[int, tuple[int, str, str]]:
    """For each member: (the row it joined, rule, note), walking the joins from ``start``."""
    seen, queue = {start: (start, "", "")}, deque([start])
    while queue:
        i = queue.popleft()
        for j, rule, note in sorted(links.get(i, ())):
            if j not in seen:
                seen[j] = (i, rule, note)
                queue.append(j)
    return seen


def _reason(rule: str, note: str) -> str:
    return _REASONS.get(rule, rule).format(note=note or "spelling as given")


def _row_table(clusters: Clusters, frame: pd.DataFrame, names: dict) -> pd.DataFrame:
    """One row per input row: its corpus speaker and how it was joined."""
    columns: dict[str, list[str]] = {name: [""] * len(frame) for name in _ROW_FIELDS}
    links = _links(clusters)
    for root in clusters.roots():
        members = clusters.members[root]
        start = _start_row(clusters, members, names[root][0])
        tree = _tree(links, start)
        for i in members:
            parent, how, note = tree.get(i, (i, "", ""))
            if i == start:
                rule, explain = _own_rule(clusters, i, len(members))
            else:
                other = f"'{clusters.names[parent]}' ({clusters.articles[parent]})"
                rule, explain = how, f"joined to {other}: {_reason(how, note)}"
            values = (*names[root], clusters.kinds[i], rule, explain)
            for name, value in zip(_ROW_FIELDS, values, strict=True):
                columns[name][i] = value
    return frame[["article", "speaker_id", "speaker"]].assign(**columns)


def _start_row(clusters: Clusters, members: list[int], name: str) -> int:
    bare = [i for i in members if clusters.display(i) == name]
    return min(bare or members)


def _own_rule(clusters: Clusters, i: int, size: int) -> tuple[str, str]:
    kind = clusters.kinds[i]
    if kind == "one-article":
        return "one-article", "an anonymous or unnamed source: never joined across articles"
    if kind == "unattributed":
        return "unattributed", "quotations no rule attributed to a speaker"
    if size == 1:
        return "alone", "no speaker of another article has this name"
    return "named", "the corpus speaker's name: its longest form, most quoted"


def _corpus_table(
    clusters: Clusters, frame: pd.DataFrame, names: dict, articles: pd.DataFrame | None
) -> pd.DataFrame:
    """One row per corpus speaker: counts, mean sentiment, dates, outlets, explanation."""
    meta = _article_meta(articles)
    edges: dict[int, list] = defaultdict(list)
    for edge in clusters.edges:
        edges[clusters.find(edge[0])].append(edge)
    records = []
    for root in clusters.roots():
        members = sorted(clusters.members[root])
        record = _record(frame.loc[members], meta)
        record["corpus_speaker"], record["corpus_speaker_id"] = names[root]
        record["kind"] = clusters.kinds[members[0]]
        record["explanation"] = _explanation(clusters, root, names, edges[root])
        records.append(record)
    table = pd.DataFrame(records, columns=CORPUS_SPEAKER_COLUMNS)
    order = ["_last", "quotes", "articles", "corpus_speaker"]
    return (
        table.assign(_last=table["kind"] == "unattributed")  # unattributed quotations last
        .sort_values(order, ascending=[True, False, False, True], kind="mergesort")
        .drop(columns="_last")
        .reset_index(drop=True)
    )


def _record(part: pd.DataFrame, meta: dict[str, tuple[str, str]]) -> dict:
    """Counts, mean sentiment, articles, dates and outlets of one corpus speaker's rows."""
    ids = list(dict.fromkeys(part["article"]))
    dates = sorted(d for d in (meta.get(a, ("", ""))[0] for a in ids) if d)
    return {
        "aliases": "; ".join(_aliases(part)),
        "articles": len(ids),
        "article_ids": "; ".join(ids),
        "outlets": "; ".join(sorted({meta.get(a, ("", ""))[1] for a in ids} - {""})),
        "first_date": dates[0] if dates else "",
        "last_date": dates[-1] if dates else "",
        "quotes": int(part["quotes"].sum()),
        "words": int(part["words"].sum()),
        "polarity": _weighted(part["polarity"], part["words"]),
        "vader": _weighted(part["vader"], part["quotes"]),
    }


def _article_meta(articles: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    if articles is None or "article" not in articles.columns:
        return {}
    dates = articles.get("date", pd.Series("", articles.index)).fillna("").astype(str)
    sources = articles.get("source", pd.Series("", articles.index)).fillna("").astype(str)
    return dict(zip(articles["article"].astype(str), zip(dates, sources, strict=True), strict=True))


def _aliases(part: pd.DataFrame) -> list[str]:
    """Every name the corpus speaker goes by: speaker names and aliases, first seen first."""
    seen: dict[str, str] = {}
    for name, aliases in zip(part["speaker"], part["aliases"], strict=True):
        for text in [name, *aliases.split(";")]:
            text = text.strip()
            if text and normal_text(text) not in seen:
                seen[normal_text(text)] = text
    return list(seen.values())


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    """The mean of ``values`` weighted by ``weights`` over rows that have a value (NaN if none).

    The speaker table's polarity is word-weighted per article, its VADER a mean per quote, so
    weighting by words (polarity) and by quotes (VADER) gives the corpus-wide means exactly.
    """
    v = values.to_numpy(dtype=float)
    w = weights.to_numpy(dtype=float)
    ok = ~np.isnan(v) & (w > 0)
    return float(np.average(v[ok], weights=w[ok])) if ok.any() else float("nan")


def _explanation(clusters: Clusters, root: int, names: dict, edges: list) -> str:
    """The joins of one corpus speaker, and the near misses it was kept apart from."""
    members = clusters.members[root]
    parts: list[str] = []
    same: Counter = Counter()
    for i, j, rule, note in edges:
        if rule in ("same-name", "unattributed"):
            same[clusters.names[i]] += 1
            continue
        first = f"'{clusters.names[j]}' ({clusters.articles[j]})"
        text = f"{first} and '{clusters.names[i]}' ({clusters.articles[i]}): {_reason(rule, note)}"
        if text not in parts:
            parts.append(text)
    lead = [f"'{name}' in {n + 1} articles: the same name" for name, n in same.items()]
    kept = _kept_apart(clusters, set(members), names)
    if not lead and not parts and len(members) == 1:
        lead = [_own_rule(clusters, members[0], 1)[1]]
    return "; ".join(lead + parts + kept)


def _kept_apart(clusters: Clusters, members: set[int], names: dict, limit: int = 5) -> list[str]:
    notes: dict[str, str] = {}
    for i in sorted(members):
        for j, why in clusters.notes.get(i, []):
            other = clusters.find(j)
            if other == clusters.find(i):
                continue
            text = f"not joined with {names[other][0]}: {why}"
            notes.setdefault(text, text)
    texts = list(notes.values())
    more = len(texts) - limit
    return texts[:limit] + ([f"and {more} more kept apart"] if more > 0 else [])


# --------------------------------------------------------------------------- an analyze folder


@dataclass
class CorpusFold:
    """What :func:`fold_corpus` wrote under ``out``.

    ``speakers``: ``corpus_speakers.csv`` as a table; ``rows``: the combined speaker table with
    its corpus columns (``corpus_speaker_id`` and ``corpus_kind`` too); ``warnings``: lines of
    the speakers file that matched nothing or could not be followed.
    """

    out: Path
    speakers: pd.DataFrame
    rows: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def fold_corpus(
    out: str | Path, overrides: Overrides | None = None, *, chunk_rows: int = CHUNK_ROWS
) -> CorpusFold:
    """Fold the speakers of an ``analyze`` output folder and write the corpus columns and table.

    Reads ``out/speakers.csv`` and ``out/articles.csv``; adds :data:`ROW_COLUMNS` to
    ``out/speakers.csv`` (after ``speaker``) and ``corpus_speaker`` to ``out/quotes.csv`` (after
    ``speaker_id``), rewriting the quotes ``chunk_rows`` rows at a time and counting their
    stance labels on the way; writes ``out/corpus_speakers.csv``. Running it again replaces the
    corpus columns it added before. Every other cell is copied as it was.
    """
    out = Path(out)
    speakers = _read_table(out / "speakers.csv")
    articles = _read_table(out / "articles.csv")
    fold = fold_speakers(speakers, overrides, articles)
    rows = fold.rows
    keys = zip(rows["article"], rows["speaker_id"], strict=True)
    values = rows[list(ROW_COLUMNS)].itertuples(index=False, name=None)
    by_row = dict(zip(keys, values, strict=True))
    blank = ("",) * len(ROW_COLUMNS)

    def key(rec: list[str], at: dict[str, int]) -> tuple[str, str]:
        return tuple(rec[at[c]] if c in at else "" for c in ("article", "speaker_id"))

    _rewrite_csv(
        out / "speakers.csv",
        "speaker",
        ROW_COLUMNS,
        lambda rec, at: by_row.get(key(rec, at), blank),
        chunk_rows,
    )
    stances: Counter = Counter()

    def corpus_speaker(rec: list[str], at: dict[str, int]) -> tuple[str]:
        name = by_row.get(key(rec, at), blank)[0]
        if "stance" in at and rec[at["stance"]]:
            stances[(name, rec[at["stance"]])] += 1
        return (name,)

    _rewrite_csv(out / "quotes.csv", "speaker_id", ("corpus_speaker",), corpus_speaker, chunk_rows)
    table = _with_stance_counts(fold.speakers, stances)
    table.to_csv(out / "corpus_speakers.csv", index=False)
    first = ["article", "speaker_id", "speaker", "corpus_speaker_id", "corpus_kind", *ROW_COLUMNS]
    rest = speakers.drop(columns=[c for c in first if c in speakers.columns])
    return CorpusFold(out, table, rows[first].join(rest), fold.warnings)


def _read_table(path: Path) -> pd.DataFrame:
    """A CSV of the output folder as text cells (empty cells stay empty strings)."""
    if not path.is_file():
        return pd.DataFrame(columns=["article"])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _rewrite_csv(path: Path, after: str, columns: Sequence[str], values, chunk_rows: int) -> None:
    """Rewrite ``path`` with ``columns`` after the column ``after`` (or at the end), ``chunk_rows``
    rows at a time; ``values(record, positions)`` gives a row's new cells. Columns of those names
    from an earlier run are replaced. Written to a temporary file, then moved into place."""
    if not path.is_file():
        return
    tmp = path.with_name(path.name + ".tmp")
    src = path.open(encoding="utf-8", newline="")
    dst = tmp.open("w", encoding="utf-8", newline="")
    with src, dst:
        reader = csv.reader(src)
        header = next(reader, ["article"])
        keep = [k for k, name in enumerate(header) if name not in columns]
        kept = [header[k] for k in keep]
        at = {name: k for k, name in enumerate(kept)}
        cut = at[after] + 1 if after in at else len(kept)
        writer = csv.writer(dst, lineterminator="\n")
        writer.writerow(kept[:cut] + list(columns) + kept[cut:])
        for chunk in _chunks(reader, chunk_rows):
            rows = []
            for record in chunk:
                cells = [record[k] if k < len(record) else "" for k in keep]
                rows.append(cells[:cut] + list(values(cells, at)) + cells[cut:])
            writer.writerows(rows)
    os.replace(tmp, path)


def _chunks(rows: Iterable[list[str]], size: int) -> Iterable[list[list[str]]]:
    chunk: list[list[str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_stance_counts(table: pd.DataFrame, stances: Counter) -> pd.DataFrame:
    """``table`` with one ``<label>_quotes`` column per stance label seen (after ``vader``)."""
    if not stances:
        return table
    seen = {label for _, label in stances}
    labels = [x for x in STANCE_LABELS if x in seen] + sorted(seen - set(STANCE_LABELS))
    out = table.copy()
    position = list(out.columns).index("vader") + 1
    for k, label in enumerate(labels):
        counts = [stances.get((name, label), 0) for name in out["corpus_speaker"]]
        out.insert(position + k, f"{label}_quotes", counts)
    return out
