"""Score direct-quote detection and named-speaker accuracy on PolNeAR.

PolNeAR (Newell, Margolin & Ruths, LREC 2018; github.com/networkdynamics/PolNeAR) annotates every
attribution in 1,008 US political news articles of 2016 as BRAT standoff: a *source* span (who),
a *cue* span (the verb or "according to") and a *content* span (what), each possibly in pieces.
It annotates all attributions, direct or not, and marks no quotation as such, so we map it to our
task as follows (the mapping is fixed before any run and tuned on nothing):

Units
    Every stretch of a body paragraph between paired *double* quotation marks (curly or
    straight; an opening mark still open at the end of a paragraph runs to the end, as a quote
    continued in the next paragraph does) is one unit, with marks, white space and edge
    punctuation trimmed. Single marks are left out: in these texts they are apostrophes,
    headline quotes and quotes inside quotes. The title line is left out, and so is any unit
    touching a span the annotators labelled ``Discard`` or ``Discuss`` (tweets, transcripts).
Direct quote (gold)
    A unit at least half of which lies inside the content span of one attribution: quoted
    words that the annotators attributed to someone. Its gold source is that attribution's
    source span. A unit outside every content span (scare quotes, names, titles) is a
    negative.
Detected (system)
    A unit at least half of which lies inside one quote the system returned (kind ``direct``
    or ``partial``; an ``indirect`` quote carries no quotation marks). Detection precision,
    recall and F1 are counted over units.
Named speaker
    A gold source is *named* when the syntactic head of its span is a proper noun ("Kellyanne
    Conway", "The New York Post"; not "he", "a spokesman for Clinton" or "Clinton's
    campaign"). A detected unit with a named gold source has the speaker right when the
    head's word occurs among the words of the speaker the system gave (so "Conway" and
    "Kellyanne Conway" agree; "he" never does). ``named_accuracy`` is over detected units with
    a named source, ``named_recall`` over all gold units with a named source (a missed quote
    counts as wrong). Pronoun sources are not scored: PolNeAR links no pronoun to a name.
    ``unattributed`` counts detected gold quotes that the system left without a speaker.

Articles annotated by several annotators (the agreement sets) are scored against the first
annotation file in sorted order. Non-breaking spaces are replaced by spaces (same length, so
offsets hold); nothing else in the text is changed.

Usage::

    python bench/polnear.py data/external/PolNeAR [--split dev] [--out bench/results/polnear-dev.csv]

The texts have no licence: keep the copy in ``data/external/`` (git-ignored) and commit only
aggregate figures (``--out`` writes nothing else).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.article import Article
from helpers.baselines import quoted_spans
from helpers.evaluation import core_span

SPLITS = ("train", "dev", "test")
#: Labels whose spans take a unit out of the evaluation altogether.
EXCLUDED_LABELS = ("Discard", "Discuss")
#: Share of a unit that must lie inside a content span (gold) or a system quote (detected).
COVERAGE = 0.5
SYSTEMS = ("ours", "textacy", "naive")
UNIT_COLUMNS = [
    "doc",
    "start",
    "end",
    "text",
    "gold",
    "attribution",
    "source",
    "source_start",
    "source_end",
]
RESULT_COLUMNS = [
    "system",
    "split",
    "articles",
    "failed_articles",
    "units",
    "gold_quotes",
    "detected",
    "true_positives",
    "precision",
    "recall",
    "f1",
    "named_gold",
    "named_detected",
    "named_correct",
    "named_accuracy",
    "named_recall",
    "unattributed",
]

HOW_TO_GET = """\
PolNeAR is not bundled (its article texts carry no licence). To get a local copy:

    git clone --depth 1 https://github.com/networkdynamics/PolNeAR data/external/PolNeAR

(data/external/ is git-ignored; never commit the texts). Then run:

    python bench/polnear.py data/external/PolNeAR --split dev
"""


# --------------------------------------------------------------------------- reading BRAT


@dataclass(frozen=True)
class Span:
    """A BRAT text-bound annotation: label, character pieces ``[(start, end), ...]``, text."""

    id: str
    label: str
    pieces: tuple[tuple[int, int], ...]
    text: str


@dataclass
class Attribution:
    """One attribution relation: the source, cue and content spans (any may be missing)."""

    id: str
    kind: str
    source: Span | None = None
    cue: Span | None = None
    content: Span | None = None


@dataclass
class PolnearDoc:
    """One article: name, raw text, attributions and the excluded (Discard/Discuss) spans."""

    name: str
    text: str
    attributions: list[Attribution]
    excluded: list[Span] = field(default_factory=list)


def read_brat(ann_text: str) -> tuple[dict[str, Span], list[Attribution]]:
    """Parse the lines of a BRAT ``.ann`` file: text-bound ``T`` lines and ``E`` events.

    ``T3<TAB>Content 10 20;30 40<TAB>text`` gives a span of two pieces; ``E1<TAB>Attribution:T4
    Content:T3 Cue:T2 Source:T1`` an attribution (``Attribution-no-source`` has no source).
    Other lines (attributes ``A``, notes ``#``, relations ``R``) are ignored, and so is a line
    that does not parse. Returns ``(spans by id, attributions in file order)``.
    """
    spans: dict[str, Span] = {}
    events: list[tuple[str, str, dict[str, str]]] = []
    for line in ann_text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        ident, body = parts[0].strip(), parts[1].strip()
        if ident.startswith("T"):
            m = re.fullmatch(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)", body)
            if not m:
                continue
            pieces = tuple((int(a), int(b)) for a, b in (p.split() for p in m.group(2).split(";")))
            spans[ident] = Span(ident, m.group(1), pieces, parts[2] if len(parts) > 2 else "")
        elif ident.startswith("E"):
            args = body.split()
            if not args or ":" not in args[0]:
                continue
            kind = args[0].split(":", 1)[0]
            roles = dict(a.split(":", 1) for a in args[1:] if ":" in a)
            events.append((ident, kind, roles))
    attributions = [
        Attribution(
            id=ident,
            kind=kind,
            source=spans.get(roles.get("Source", "")),
            cue=spans.get(roles.get("Cue", "")),
            content=spans.get(roles.get("Content", "")),
        )
        for ident, kind, roles in events
        if kind.startswith("Attribution")
    ]
    return spans, attributions


def load_split(root: str | Path, split: str = "dev") -> list[PolnearDoc]:
    """The articles of one split, sorted by name, each with its first annotation file.

    ``root`` is the PolNeAR checkout (holding ``data/<split>/text`` and
    ``data/<split>/attributions``) or its ``data`` folder. Raises FileNotFoundError (one line)
    when the split is not there.
    """
    root = Path(root)
    base = root / "data" if (root / "data" / split).is_dir() else root
    text_dir, ann_dir = base / split / "text", base / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{root}: no {split}/text and {split}/attributions folders")
    docs = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        spans, attributions = read_brat(anns[0].read_text(encoding="utf-8"))
        excluded = [s for s in spans.values() if s.label in EXCLUDED_LABELS]
        docs.append(PolnearDoc(txt.stem, text, attributions, excluded))
    return docs


# --------------------------------------------------------------------------- text -> Article


@dataclass
class Mapped:
    """An :class:`Article` built from a raw text, with each paragraph's raw start offset."""

    article: Article
    raw_starts: list[int]

    def to_raw(self, offset: int) -> int:
        """The raw-text offset of body offset ``offset``."""
        paras = self.article.paragraphs
        i = int((paras["start"] <= offset).sum()) - 1
        i = max(i, 0)
        return self.raw_starts[i] + offset - int(paras["start"].iloc[i])


def article_from_text(text: str, name: str = "polnear") -> Mapped:
    """Every non-empty line after the first (the title) is a paragraph; offsets are kept.

    The cleaner of :func:`helpers.article.load_article` is not used: it would treat short
    lines as headings and repair text, and the gold offsets refer to the text as it is.
    """
    text = text.replace("\u00a0", " ")
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    title = lines[0][1].strip() if lines else name
    body_lines = lines[1:]
    article = Article.from_paragraphs([line for _, line in body_lines], title=title)
    raw_starts = [raw_start for raw_start, _ in body_lines]
    return Mapped(article, raw_starts)


# --------------------------------------------------------------------------- units and labels


def _inside(a: int, b: int, pieces: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(b, e) - max(a, s)) for s, e in pieces)


def quote_units(doc: PolnearDoc, mapped: Mapped) -> pd.DataFrame:
    """The evaluation units of one article with their gold label and gold source.

    Columns: ``doc``, ``start``, ``end`` (raw offsets of the trimmed unit), ``text``, ``gold``
    (bool), ``attribution``, ``source`` (the gold source text, "" when none),
    ``source_start``/``source_end`` (its raw offsets, -1 when none).
    """
    text = doc.text
    excluded = [p for s in doc.excluded for p in s.pieces]
    rows = []
    for para, raw_start in zip(
        mapped.article.paragraphs.itertuples(index=False), mapped.raw_starts, strict=True
    ):
        for s, e in quoted_spans(para.text, unclosed="to_end"):
            a, b = core_span(para.text[s:e], raw_start + s, raw_start + e)
            if b <= a or _inside(a, b, excluded):
                continue
            best, best_share = None, 0.0
            for attr in doc.attributions:
                if attr.content is None:
                    continue
                share = _inside(a, b, attr.content.pieces) / (b - a)
                if share > best_share:
                    best, best_share = attr, share
            gold = best is not None and best_share >= COVERAGE
            has_source = gold and best.source is not None
            rows.append(
                {
                    "doc": doc.name,
                    "start": a,
                    "end": b,
                    "text": text[a:b],
                    "gold": gold,
                    "attribution": best.id if gold else "",
                    "source": best.source.text if gold and best.source else "",
                    "source_start": min(p[0] for p in best.source.pieces) if has_source else -1,
                    "source_end": max(p[1] for p in best.source.pieces) if has_source else -1,
                }
            )
    frame = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    return frame.astype({"start": int, "end": int, "gold": bool})


def label_units(units: pd.DataFrame, predicted: pd.DataFrame, mapped: Mapped) -> pd.DataFrame:
    """``units`` with ``detected`` and ``speaker`` from one system's quotes (body offsets)."""
    spans = []
    for row in predicted.itertuples(index=False):
        if str(row.kind) not in {"direct", "partial"}:
            continue
        spans.append((mapped.to_raw(int(row.start)), mapped.to_raw(int(row.end) - 1) + 1, row))
    detected, speakers = [], []
    for unit in units.itertuples(index=False):
        best, share = None, 0.0
        for s, e, row in spans:
            covered = max(0, min(unit.end, e) - max(unit.start, s)) / (unit.end - unit.start)
            if covered > share:
                best, share = row, covered
        hit = best is not None and share >= COVERAGE
        detected.append(hit)
        speakers.append(str(best.speaker) if hit and isinstance(best.speaker, str) else "")
    return units.assign(detected=detected, speaker=speakers)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", re.sub(r"[’']s\b", "", text.lower()))


def source_heads(doc: PolnearDoc, units: pd.DataFrame) -> list[str]:
    """For each unit, the head word of its gold source when that head is a proper noun.

    The line holding the source is parsed with the project's spaCy pipeline, so the head is
    read in context (a lone "Trump" is tagged reliably only in its sentence); the head is the
    root of the source span. "" when there is no source or its head is not a proper noun.
    """
    from helpers.nlp import get_nlp

    text = doc.text.replace("\u00a0", " ")
    wanted = units[units["source_start"] >= 0]
    if wanted.empty:
        return [""] * len(units)
    lines = {}
    for s in wanted["source_start"]:
        line_start = text.rfind("\n", 0, int(s)) + 1
        line_end = text.find("\n", int(s))
        lines[line_start] = text[line_start : line_end if line_end >= 0 else len(text)]
    starts = sorted(lines)
    parsed = dict(zip(starts, get_nlp().pipe([lines[k] for k in starts]), strict=True))
    heads = []
    for unit in units.itertuples(index=False):
        if unit.source_start < 0:
            heads.append("")
            continue
        line_start = max(k for k in starts if k <= unit.source_start)
        sdoc = parsed[line_start]
        span = sdoc.char_span(
            int(unit.source_start) - line_start,
            min(int(unit.source_end) - line_start, len(sdoc.text)),
            alignment_mode="expand",
        )
        root = span.root if span is not None and len(span) else None
        words = _words(root.text) if root is not None and root.pos_ == "PROPN" else []
        heads.append(words[-1] if words else "")
    return heads


def _unattributed(speaker: str) -> bool:
    return not _words(speaker) or speaker.strip().lower() in {"unknown", "none"}


def score(labelled: pd.DataFrame) -> dict:
    """Detection P/R/F1 and named-speaker figures of one system's labelled units."""
    gold = labelled["gold"].astype(bool)
    det = labelled["detected"].astype(bool)
    tp = int((gold & det).sum())
    n_gold, n_det = int(gold.sum()), int(det.sum())
    precision = tp / n_det if n_det else float("nan")
    recall = tp / n_gold if n_gold else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    head = labelled["head"]
    named = gold & (head != "")
    correct = [bool(h) and h in _words(sp) for h, sp in zip(head, labelled["speaker"], strict=True)]
    correct = pd.Series(correct, index=labelled.index) & named & det
    n_named, n_named_det = int(named.sum()), int((named & det).sum())
    return {
        "units": len(labelled),
        "gold_quotes": n_gold,
        "detected": n_det,
        "true_positives": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "named_gold": n_named,
        "named_detected": n_named_det,
        "named_correct": int(correct.sum()),
        "named_accuracy": int(correct.sum()) / n_named_det if n_named_det else float("nan"),
        "named_recall": int(correct.sum()) / n_named if n_named else float("nan"),
        "unattributed": int((gold & det & labelled["speaker"].map(_unattributed)).sum()),
    }


# --------------------------------------------------------------------------- systems


def system_functions(names: Iterable[str]) -> dict[str, Callable[[Article], pd.DataFrame]]:
    """The quote extractors by name; one that cannot be imported is reported and left out."""
    out: dict[str, Callable[[Article], pd.DataFrame]] = {}
    for name in names:
        try:
            if name == "ours":
                from helpers.quotes import extract_quotes

                out[name] = extract_quotes
            elif name == "textacy":
                from helpers.baselines import _direct_quotations, textacy_quotes

                _direct_quotations()  # fail now, with the one-line message, if textacy is absent
                out[name] = textacy_quotes
            elif name == "naive":
                from helpers.baselines import naive_regex_quotes

                out[name] = naive_regex_quotes
            else:
                print(
                    f"unknown system {name!r} (choose from {', '.join(SYSTEMS)})", file=sys.stderr
                )
        except Exception as err:  # a missing module or library: say so, run the others
            print(f"{name}: not available ({type(err).__name__}: {err})", file=sys.stderr)
    return out


def evaluate(
    docs: list[PolnearDoc], systems: dict[str, Callable[[Article], pd.DataFrame]], split: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(results, labelled)``: one row of figures per system, and every unit with its gold
    labels and each system's detection and speaker (column ``system``)."""
    per_system: dict[str, list[pd.DataFrame]] = {name: [] for name in systems}
    failed = dict.fromkeys(systems, 0)
    for doc in docs:
        mapped = article_from_text(doc.text, doc.name)
        units = quote_units(doc, mapped)
        units = units.assign(head=source_heads(doc, units))
        for name, extract in systems.items():
            try:
                predicted = extract(mapped.article)
            except Exception:
                failed[name] += 1
                predicted = pd.DataFrame(columns=["kind", "start", "end", "speaker"])
            labelled = label_units(units, predicted, mapped)
            per_system[name].append(labelled.assign(system=name))
    rows = []
    for name, frames in per_system.items():
        labelled = pd.concat(frames, ignore_index=True)
        rows.append(
            {
                "system": name,
                "split": split,
                "articles": len(docs),
                "failed_articles": failed[name],
                **score(labelled),
            }
        )
    labelled = pd.concat([f for frames in per_system.values() for f in frames], ignore_index=True)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS), labelled


def errors_table(labelled: pd.DataFrame) -> pd.DataFrame:
    """Gold units that a system missed, or gave to someone other than their named source."""
    gold = labelled["gold"].astype(bool)
    named = labelled["head"] != ""
    right = [
        bool(h) and h in _words(sp)
        for h, sp in zip(labelled["head"], labelled["speaker"], strict=True)
    ]
    wrong = (
        gold & labelled["detected"].astype(bool) & named & ~pd.Series(right, index=labelled.index)
    )
    missed = gold & ~labelled["detected"].astype(bool)
    out = labelled[wrong | missed].assign(
        problem=["missed" if m else "wrong speaker" for m in missed[wrong | missed]]
    )
    return out[["system", "doc", "problem", "text", "source", "head", "speaker"]]


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Direct-quote detection and named-speaker accuracy on PolNeAR."
    )
    parser.add_argument("path", help="local copy of PolNeAR (e.g. data/external/PolNeAR)")
    parser.add_argument("--split", default="dev", choices=SPLITS)
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--out", help="write the aggregate figures (no text) to this CSV")
    parser.add_argument(
        "--errors",
        help="write every gold unit that was missed or given a wrong named speaker, with its text, "
        "to this CSV (for error analysis of train or dev only; keep it under data/external/: "
        "the texts have no licence)",
    )
    args = parser.parse_args(argv)

    root = Path(args.path)
    if not root.exists():
        print(HOW_TO_GET)
        print(
            f"polnear.py: {root} does not exist (see above for how to get PolNeAR)", file=sys.stderr
        )
        return 2
    try:
        docs = load_split(root, args.split)
    except FileNotFoundError as err:
        print(HOW_TO_GET)
        print(f"polnear.py: {err}", file=sys.stderr)
        return 2
    if args.split == "test":
        print("note: the test split is for one final run; tune nothing on it.", file=sys.stderr)
    if args.limit:
        docs = docs[: args.limit]
    systems = system_functions(s.strip() for s in args.systems.split(",") if s.strip())
    if not systems:
        print("polnear.py: no system to score", file=sys.stderr)
        return 2
    results, labelled = evaluate(docs, systems, args.split)
    if args.errors:
        if args.split == "test":
            print("polnear.py: no error listing for the test split", file=sys.stderr)
            return 2
        errors_table(labelled).to_csv(args.errors, index=False)
        print(f"wrote {args.errors}")
    shown = results.copy()
    for column in ("precision", "recall", "f1", "named_accuracy", "named_recall"):
        shown[column] = shown[column].round(3)
    print(f"PolNeAR {args.split}: {len(docs)} articles")
    print(shown.to_string(index=False))
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        results.round(4).to_csv(out, index=False)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
