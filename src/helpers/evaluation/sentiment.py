"""Sentiment against hand coding: the two tools' labels scored, thresholds chosen honestly.

The stage (:mod:`helpers.sentiment`) scores every quote; this module compares its labels with
the hand coding of ``data/annotations/<stem>.sentiment.csv`` (codebook part B): accuracy,
macro-F1 and Cohen's kappa at the conventional thresholds, at thresholds tuned on the same
quotes (optimistic) and chosen leave-one-out (honest); and the agreement of two human coders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from helpers.agreement import agreement, confusion_table, majority_baseline
from helpers.article import Article
from helpers.evaluation.gold import load_gold_quotes, read_sentiment_labels
from helpers.sentiment import (
    DEFAULT_TEXTBLOB,
    DEFAULT_VADER,
    LABELS,
    Thresholds,
    as_hand_labels,
    label_of,
    label_scores,
    require_scored,
)
from helpers.speakers import slugify

__all__ = [
    "THRESHOLD_GRID",
    "choose_thresholds",
    "coder_agreement",
    "hand_coded_quotes",
    "hand_labels_for_matches",
    "loo_labels",
    "validate_sentiment",
]

#: The small grid :func:`choose_thresholds` searches: symmetric cuts ±t.
THRESHOLD_GRID = {
    "textblob": (0.0, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3),
    "vader": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5),
}


def choose_thresholds(
    values: Sequence[float], gold: Sequence[str], grid: Iterable[float]
) -> tuple[Thresholds, float]:
    """The symmetric cut ±t from ``grid`` that maximises macro-F1 against ``gold``.

    Ties go to the smallest t (the conventional reading). Returns the thresholds and the
    macro-F1 they reach. Choosing on the same quotes that are then scored inflates that
    figure; :func:`loo_labels` gives the honest, out-of-sample version.
    """
    values, gold = list(values), list(gold)
    if len(values) != len(gold) or not gold:
        raise ValueError(f"need as many scores as gold labels, got {len(values)} and {len(gold)}")
    best: tuple[float, float] | None = None
    for t in sorted(set(grid)):
        f1 = agreement(gold, label_scores(values, (-t, t)), LABELS)["macro_f1"]
        if best is None or f1 > best[1] + 1e-12:
            best = (t, f1)
    assert best is not None, "the threshold grid is empty"
    return Thresholds(-best[0], best[0]), best[1]


def loo_labels(values: Sequence[float], gold: Sequence[str], grid: Iterable[float]) -> list[str]:
    """Leave-one-out labels: each quote is cut with thresholds chosen on all the *other* quotes.

    This is the out-of-sample counterpart of :func:`choose_thresholds`: no quote's own hand
    label helps choose the cut that labels it.
    """
    values, gold, grid = list(values), list(gold), list(grid)
    out = []
    for i in range(len(values)):
        rest_v, rest_g = values[:i] + values[i + 1 :], gold[:i] + gold[i + 1 :]
        t, _ = choose_thresholds(rest_v, rest_g, grid) if rest_g else (DEFAULT_VADER, 0.0)
        out.append(label_of(float(values[i]), t))
    return out


def hand_coded_quotes(article: Article, annotations_dir: str | Path | None = None) -> pd.DataFrame:
    """The hand-annotated quotes of ``article`` with their hand-coded sentiment.

    Reads ``<article id>.quotes.csv`` (via ``helpers.evaluation.load_gold_quotes``, which adds
    ``start``/``end`` offsets) and the reference sentiment labels
    (:func:`read_sentiment_labels`). Adds ``article_id``, ``section`` (from the paragraph) and
    ``speaker_id`` (slug of the annotated speaker), so the frame has the shape of
    ``extract_quotes`` output and can go straight into :func:`score_quotes`. A quote without a
    hand sentiment gets an empty ``sentiment``. Raises ``GoldNotFoundError`` (one line) when
    either file is missing.
    """
    gold = load_gold_quotes(article, annotations_dir)
    coded = read_sentiment_labels(article, annotations_dir)
    out = gold.merge(coded, on="quote_id", how="left", validate="one_to_one").fillna(
        {"sentiment": "", "rationale": ""}
    )
    sections = article.paragraphs.set_index("paragraph")["section"]
    out.insert(0, "article_id", article.id)
    out.insert(out.columns.get_loc("paragraph") + 1, "section", out["paragraph"].map(sections))
    speaker_ids = out["speaker"].map(lambda name: slugify(str(name)))
    out.insert(out.columns.get_loc("speaker") + 1, "speaker_id", speaker_ids)
    return out


def coder_agreement(first: pd.DataFrame, second: pd.DataFrame) -> dict:
    """Agreement between two hand codings of the same quotes (the human benchmark).

    ``first`` and ``second`` have ``quote_id`` and ``sentiment`` (e.g. two calls of
    :func:`read_sentiment_labels`). Only quotes both coders labelled count. Returns the
    :func:`helpers.evaluation.agreement` figures (``n``, ``accuracy`` = share of identical
    labels, ``macro_f1`` with the first coder as reference, Cohen's ``kappa``), plus
    ``confusion`` (first coder as rows) and ``disagreements`` (quote_id and both labels).
    """
    for frame in (first, second):
        if not {"quote_id", "sentiment"} <= set(frame.columns):
            raise ValueError("both codings need columns quote_id and sentiment")
    a = first[["quote_id", "sentiment"]].assign(sentiment=lambda d: d["sentiment"].str.lower())
    b = second[["quote_id", "sentiment"]].assign(sentiment=lambda d: d["sentiment"].str.lower())
    both = a.merge(b, on="quote_id", suffixes=("_first", "_second"), validate="one_to_one")
    both = both[(both["sentiment_first"] != "") & (both["sentiment_second"] != "")]
    both = both.sort_values("quote_id", kind="mergesort").reset_index(drop=True)
    x, y = list(both["sentiment_first"]), list(both["sentiment_second"])
    confusion = confusion_table(x, y, LABELS)
    confusion.index.name, confusion.columns.name = "first coder", "second coder"
    return {
        **agreement(x, y, LABELS),
        "confusion": confusion,
        "disagreements": both[both["sentiment_first"] != both["sentiment_second"]].reset_index(
            drop=True
        ),
    }


def hand_labels_for_matches(matches: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Hand sentiment for the *extracted* quotes that match a hand-annotated quote.

    ``matches`` is ``helpers.evaluation.match_quotes(extracted, gold)``; ``gold`` has
    ``quote_id`` and ``sentiment`` (e.g. :func:`hand_coded_quotes`). Returns ``quote_id`` (the
    extracted quote's id), ``gold_id`` and ``sentiment`` for every pair with status "match";
    misses and false alarms have no hand label and are left out. Feed it with the scored
    extracted quotes to :func:`validate_sentiment` for an end-to-end figure (extraction and
    sentiment errors together).
    """
    need = {"status", "gold_id", "pred_id"}
    if not need <= set(matches.columns):
        raise ValueError(
            f"matches need columns {sorted(need)}; use helpers.evaluation.match_quotes"
        )
    pairs = matches.loc[matches["status"] == "match", ["pred_id", "gold_id"]]
    labels = gold[["quote_id", "sentiment"]].rename(columns={"quote_id": "gold_id"})
    out = pairs.merge(labels, on="gold_id", how="inner").rename(columns={"pred_id": "quote_id"})
    return out[["quote_id", "gold_id", "sentiment"]].reset_index(drop=True)


def validate_sentiment(
    scored: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    grid: dict[str, Sequence[float]] | None = None,
    on: Sequence[str] = ("quote_id",),
) -> dict:
    """Agreement of TextBlob and VADER labels with the hand coding, joined on ``quote_id``.

    ``gold`` has ``quote_id`` and ``sentiment`` (negative / neutral / positive, see
    ``data/annotations/CODEBOOK.md``). Score the *hand-marked* quotes (not the extracted ones)
    so that sentiment errors are not confounded with quote-detection errors. A tool's "no
    evidence" counts as neutral.

    Three readings of each tool are scored: ``default`` (conventional cuts: TextBlob 0, VADER
    ±0.05), ``tuned`` (the symmetric cut with the best macro-F1 on these very quotes: an
    optimistic figure) and ``leave-one-out`` (cut chosen without the quote being labelled: the
    honest version of ``tuned``).

    Returns a dict: ``table`` (one row per tool and reading: n, accuracy, macro_f1, kappa,
    thresholds), ``baseline`` (always the majority hand label), ``confusion`` (dict of
    confusion tables, hand labels as rows), ``labels`` (per quote: gold and every machine
    label), ``thresholds`` (the tuned Thresholds per tool). Pass ``on=("article_id",
    "quote_id")`` to pool several articles (:func:`hand_coded_quotes` adds ``article_id``).
    """
    on = list(on)
    require_scored(
        scored,
        [*on, "polarity", "vader", "textblob_no_evidence", "vader_no_evidence"],
        "validate_sentiment",
    )
    merged = _joined(scored, gold, on)
    grid = grid or THRESHOLD_GRID
    gold_labels = list(merged["sentiment"])
    labels = merged[on].assign(gold=gold_labels)
    rows, confusion, tuned = [], {}, {}
    for tool, score_col, default in (
        ("textblob", "polarity", DEFAULT_TEXTBLOB),
        ("vader", "vader", DEFAULT_VADER),
    ):
        values = list(merged[score_col].astype(float))
        none = list(merged[f"{tool}_no_evidence"].astype(bool))
        best, _ = choose_thresholds(values, gold_labels, grid[tool])
        tuned[tool] = best
        readings = {
            "default": (label_scores(values, default, no_evidence=none), str(default)),
            "tuned": (as_hand_labels(label_scores(values, best)), str(best)),
            "leave-one-out": (loo_labels(values, gold_labels, grid[tool]), "chosen per quote"),
        }
        for reading, (predicted, cut) in readings.items():
            predicted = as_hand_labels(predicted)
            labels[f"{tool}_{reading}"] = predicted
            rows.append(
                {
                    "tool": tool,
                    "reading": reading,
                    **agreement(gold_labels, predicted, LABELS),
                    "thresholds": cut,
                }
            )
            confusion[f"{tool}_{reading}"] = confusion_table(gold_labels, predicted, LABELS)
    labels["textblob_no_evidence"] = list(merged["textblob_no_evidence"].astype(bool))
    labels["vader_no_evidence"] = list(merged["vader_no_evidence"].astype(bool))
    base = majority_baseline(gold_labels, LABELS)
    rows.append(
        {
            "tool": "majority baseline",
            "reading": f"always {base['label']}",
            **{k: base[k] for k in ("n", "accuracy", "macro_f1", "kappa")},
            "thresholds": "",
        }
    )
    return {
        "table": pd.DataFrame(rows),
        "baseline": base,
        "confusion": confusion,
        "labels": labels,
        "thresholds": tuned,
    }


def _joined(scored: pd.DataFrame, gold: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """The scored quotes joined one-to-one with their hand label (``sentiment``), sorted by
    ``on``; a quote the annotator did not code is left out, not guessed."""
    if not isinstance(gold, pd.DataFrame) or not {*on, "sentiment"} <= set(gold.columns):
        raise ValueError(f"the hand coding needs columns {', '.join([*on, 'sentiment'])}")
    g = gold[[*on, "sentiment"]].copy()
    g["sentiment"] = g["sentiment"].fillna("").astype(str).str.strip().str.lower()
    g = g[g["sentiment"] != ""]  # a quote the annotator did not code is left out, not guessed
    bad = sorted(set(g["sentiment"]) - set(LABELS))
    if bad:
        raise ValueError(f"hand sentiment labels must be one of {LABELS}, found {bad}")
    left = scored.drop(columns=["sentiment", "rationale"], errors="ignore")
    for name, frame in (("scored quotes", left), ("hand coding", g)):
        if frame.duplicated(on).any():
            raise ValueError(
                f"{' + '.join(on)} is not unique in the {name}; pooled articles need "
                "on=('article_id', 'quote_id')"
            )
    merged = left.merge(g, on=on, how="inner", validate="one_to_one")
    merged = merged.sort_values(on, kind="mergesort").reset_index(drop=True)
    if merged.empty:
        raise ValueError(f"no {' + '.join(on)} is shared by the scored quotes and the hand coding")
    return merged
