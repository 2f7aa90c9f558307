"""Quote attribution against hand annotation: matching, detection and attribution P/R/F1.

A machine quote (:func:`helpers.quotes.extract_quotes`) is matched to a hand-annotated quote
(:func:`helpers.evaluation.gold.load_gold_quotes`) when both are in the same paragraph and their
character spans overlap enough; the speaker is right when the canonical names agree
(:func:`speaker_key`). Scores are computed per article and pooled over several.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from helpers.article import Article, load_article
from helpers.evaluation.gold import load_gold_nonquotes, load_gold_quotes, locate_gold_quotes
from helpers.marks import EDGE, core_span, normalised

__all__ = [
    "DISAGREEMENT_COLUMNS",
    "MATCH_COLUMNS",
    "THRESHOLDS",
    "article_disagreements",
    "disagreements",
    "evaluate_article",
    "kind_table",
    "match_quotes",
    "quote_scores",
    "scare_quote_false_positives",
    "score_articles",
    "scores_frame",
    "span_overlap",
    "speaker_key",
    "speakers_agree",
    "threshold_table",
]

# Gold quotes come from ``data/annotations/<article-stem>.quotes.csv`` (see CODEBOOK.md there):
# one row per quotation with its paragraph, kind, canonical speaker, mention, cue and the quoted
# text. A machine quote (``helpers.quotes.extract_quotes``) is matched to a gold quote when both
# are in the same paragraph and their character spans overlap enough.
#
# The overlap measure is ``|G ∩ P| / max(|G|, |P|)`` on the two character spans with quotation
# marks, white space and edge punctuation trimmed from both ends: the smaller of "how much of
# the gold quote is covered" and "how much of the machine quote is gold". It is symmetric and it
# punishes both a machine quote that swallows its neighbours and one that keeps only a fragment.
# GenderGapTracker scores ``|G ∩ P| / |G|`` (coverage of the gold span only), under which a
# machine "quote" spanning a whole paragraph matches every short quote in it; we report that
# number too (``gold_coverage``) but do not match on it. Matching is one-to-one and greedy: the
# pair with the highest overlap is taken first. The default threshold is 0.5 (each span is at
# least half the other); GenderGapTracker's 0.3 (lenient) and 0.8 (strict) are reported beside
# it by :func:`threshold_table`.

#: The GenderGapTracker thresholds plus our default, in the order reports show them.
THRESHOLDS = (0.3, 0.5, 0.8)
MATCH_COLUMNS = [
    "status",
    "paragraph",
    "gold_id",
    "pred_id",
    "gold_kind",
    "pred_kind",
    "gold_speaker",
    "pred_speaker",
    "speaker_agrees",
    "overlap",
    "gold_coverage",
    "gold_quote",
    "pred_quote",
    "gold_start",
    "gold_end",
    "pred_start",
    "pred_end",
    "rule",
    "explain",
    "threshold",
]
DISAGREEMENT_COLUMNS = [
    "problem",
    "paragraph",
    "gold_id",
    "pred_id",
    "gold_kind",
    "pred_kind",
    "gold_speaker",
    "pred_speaker",
    "overlap",
    "gold_quote",
    "pred_quote",
    "rule",
    "explain",
]


def span_overlap(
    gold_span: tuple[int, int] | None,
    pred_span: tuple[int, int] | None,
    gold_text: str = "",
    pred_text: str = "",
) -> tuple[float, float]:
    """``(overlap, gold_coverage)`` of a gold and a machine quote.

    ``overlap = |G ∩ P| / max(|G|, |P|)`` and ``gold_coverage = |G ∩ P| / |G|`` (the
    GenderGapTracker score), both in [0, 1], on character spans trimmed of quotation marks,
    white space and edge punctuation (:func:`core_span`). When either span is unknown (None or
    negative) the texts are compared instead: ``|G ∩ P|`` is then the longest common stretch of
    the two normalised texts, which equals the span intersection whenever both come from one
    paragraph and the quoted text does not repeat.
    """
    if gold_span and pred_span and min(gold_span) >= 0 and min(pred_span) >= 0:
        g0, g1 = core_span(gold_text, *gold_span)
        p0, p1 = core_span(pred_text, *pred_span)
        inter = max(0, min(g1, p1) - max(g0, p0))
        glen, plen = max(g1 - g0, 0), max(p1 - p0, 0)
    else:
        from difflib import SequenceMatcher

        g = normalised(gold_text)[0].strip(EDGE)
        p = normalised(pred_text)[0].strip(EDGE)
        inter = SequenceMatcher(None, g, p, autojunk=False).find_longest_match().size
        glen, plen = len(g), len(p)
    if glen == 0 or plen == 0:
        return 0.0, 0.0
    return inter / max(glen, plen), inter / glen


# --------------------------------------------------------------------------- speakers


def speaker_key(name: object) -> str:
    """A canonical speaker name for comparison: case-, hyphen- and spacing-insensitive.

    ``"Ahmed Al-Yasiri"``, ``"ahmed al yasiri"`` and ``"Ahmed  AL‐Yasiri"`` give the same key;
    ``"Al-Yasiri"`` alone does not (the canonical name is the full one). A trailing
    parenthetical qualifier that the codebook adds to a description (``"(anonymous)"``,
    ``"(unnamed)"``) is dropped, and so are apostrophes and full stops. Missing values and
    ``none``/``unknown`` give the empty key.
    """
    if name is None or (isinstance(name, float) and name != name):
        return ""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", str(name)).lower()
    text = re.sub(r"[-‐‑‒–—_]+", " ", text)
    text = re.sub(r"[’'`.]", "", text)
    text = " ".join(text.split())
    return "" if text in {"none", "unknown", "nan", "n/a", "-"} else text


#: Words a description of an unnamed source may add or leave out without naming another source.
_FILLER = {"a", "an", "the", "of", "in", "at", "from", "for", "to", "with", "on", "by", "and",
           "s", "one", "two", "three", "four", "five", "several", "some"}  # fmt: skip


def speakers_agree(gold: object, predicted: object) -> bool:
    """Whether two canonical speakers are the same source.

    Names agree by :func:`speaker_key`. An unnamed source is a description (codebook A13.3:
    ``a senior official in the Interior Ministry (anonymous)``), which annotators may word in
    another order; two descriptions agree when they have the same content words, articles,
    numbers and prepositions aside ("a senior Interior Ministry official"). A description never
    agrees with a name, and two descriptions with different content words stay apart ("an
    official in the Interior Ministry" is not "an official in the Defence Ministry").
    """
    a, b = speaker_key(gold), speaker_key(predicted)
    if not a or not b:
        return False
    if a == b:
        return True
    if not (_described(gold) and _described(predicted)):
        return False
    return _content_words(a) == _content_words(b)


def _described(name: object) -> bool:
    """A source named by a description, not a proper name: marked "(anonymous)"/"(unnamed)", or
    holding a word in lower case ("Iraqi security officials", not "Ahmed Al-Yasiri")."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", str(name).strip())
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    common = [w for w in words if w not in _FILLER and w == w.lower()]  # "al-Sudani" is a name
    return str(name).strip().endswith(("(anonymous)", "(unnamed)")) or bool(common)


def _content_words(key: str) -> frozenset[str]:
    words = (re.sub(r"s$", "", w) if len(w) > 3 else w for w in key.split())
    return frozenset(w for w in words if w not in _FILLER)


# --------------------------------------------------------------------------- matching


def match_quotes(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    threshold: float = 0.5,
    article: Article | None = None,
) -> pd.DataFrame:
    """Pair machine quotes with gold quotes: one row per matched pair, miss and false alarm.

    A pair must be in the same ``paragraph`` and have ``overlap >= threshold`` (see
    :func:`span_overlap` for the measure and why). Pairs are taken greedily, highest overlap
    first, each quote at most once. Spans come from the ``start``/``end`` columns when present
    (gold gets them from :func:`locate_gold_quotes`; pass ``article`` to locate them here),
    otherwise the texts are compared.

    ``status`` is ``match``, ``miss`` (a gold quote nobody found), ``false alarm`` (a machine
    quote that is not gold) or ``optional`` (a gold quote whose ``optional`` column is True,
    found or not: it takes part in the matching, so finding it is no false alarm, but it is left
    out of the scores). ``speaker_agrees`` is True for a matched pair whose canonical speakers
    have the same :func:`speaker_key`. Rows are sorted by paragraph and position.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    for name, frame in (("predicted", predicted), ("gold", gold)):
        missing = [c for c in ("paragraph", "quote") if c not in frame.columns]
        if missing and len(frame.columns):
            raise ValueError(f"{name} quotes lack the column(s) {', '.join(missing)}")
    gold = gold.reset_index(drop=True)
    predicted = predicted.reset_index(drop=True)
    if article is not None and "start" not in gold.columns:
        gold = locate_gold_quotes(gold, article)
    g_rows = gold.to_dict("records") if len(gold.columns) else []
    p_rows = predicted.to_dict("records") if len(predicted.columns) else []

    candidates = []
    for gi, g in enumerate(g_rows):
        for pi, p in enumerate(p_rows):
            if int(g["paragraph"]) != int(p["paragraph"]):
                continue
            ov, cov = span_overlap(
                _span(g), _span(p), str(g.get("quote", "")), str(p.get("quote", ""))
            )
            if ov >= threshold:
                candidates.append((-ov, gi, pi, cov))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    rows = []
    for neg_ov, gi, pi, cov in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        status = "optional" if _is_optional(g_rows[gi]) else "match"
        rows.append(_match_row(status, g_rows[gi], p_rows[pi], -neg_ov, cov, threshold))
    for gi, g in enumerate(g_rows):
        if gi not in used_g:
            status = "optional" if _is_optional(g) else "miss"
            rows.append(_match_row(status, g, None, 0.0, 0.0, threshold))
    for pi, p in enumerate(p_rows):
        if pi not in used_p:
            rows.append(_match_row("false alarm", None, p, 0.0, 0.0, threshold))
    out = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    order = out[["gold_start", "pred_start"]].where(lambda s: s >= 0).min(axis=1).fillna(-1)
    out = (
        out.assign(_pos=order, _st=out["status"].map(_STATUS_ORDER))
        .sort_values(["paragraph", "_pos", "_st", "gold_id", "pred_id"], kind="stable")
        .drop(columns=["_pos", "_st"])
        .reset_index(drop=True)
    )
    return out


_STATUS_ORDER = {"match": 0, "optional": 1, "miss": 2, "false alarm": 3}


def _is_optional(row: dict) -> bool:
    value = row.get("optional", False)
    return bool(value) and not (isinstance(value, float) and value != value)


def _span(row: dict) -> tuple[int, int] | None:
    start, end = row.get("start"), row.get("end")
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return int(start), int(end)


def _match_row(
    status: str, g: dict | None, p: dict | None, overlap: float, coverage: float, threshold: float
) -> dict:
    g, p = g or {}, p or {}
    agrees = bool(g and p and speakers_agree(g.get("speaker"), p.get("speaker")))
    gs, ps = _span(g) if g else None, _span(p) if p else None
    return {
        "status": status,
        "paragraph": int(g.get("paragraph", p.get("paragraph", 0))),
        "gold_id": str(g.get("quote_id", "")),
        "pred_id": str(p.get("quote_id", "")),
        "gold_kind": str(g.get("kind", "")),
        "pred_kind": str(p.get("kind", "")),
        "gold_speaker": _text(g.get("speaker")),
        "pred_speaker": _text(p.get("speaker")),
        "speaker_agrees": agrees,
        "overlap": round(float(overlap), 3),
        "gold_coverage": round(float(coverage), 3),
        "gold_quote": _text(g.get("quote")),
        "pred_quote": _text(p.get("quote")),
        "gold_start": gs[0] if gs else -1,
        "gold_end": gs[1] if gs else -1,
        "pred_start": ps[0] if ps else -1,
        "pred_end": ps[1] if ps else -1,
        "rule": _text(p.get("rule")),
        "explain": _text(p.get("explain")),
        "threshold": threshold,
    }


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


# --------------------------------------------------------------------------- scores


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    return _prf_split(tp, tp, n_pred, n_gold)


def quote_scores(matches: pd.DataFrame, *, include_optional: bool = False) -> dict:
    """Detection and attribution precision, recall and F1 from :func:`match_quotes` output.

    *Detection*: a true positive is a matched pair, whoever the speakers. *Attribution*: a
    true positive must also name the same canonical speaker (:func:`speaker_key`), so a found
    quote given to the wrong person costs both precision and recall. ``by_kind`` breaks both
    down by kind: recall over the gold quotes of that kind, precision over the machine quotes
    of that kind. Gold quotes marked optional are left out, and so is whatever matched them
    (codebook A10); ``include_optional=True`` gives the secondary score that counts them as
    ordinary gold quotes. Undefined ratios (nothing to divide by) are NaN.

    Returns a dict: ``threshold``, ``n_gold``, ``n_predicted``, ``matched``, ``speaker_agrees``,
    ``detection`` and ``attribution`` (each ``{precision, recall, f1}``), ``by_kind``.
    """
    if include_optional:
        found = matches["pred_id"].astype(str) != ""
        optional = matches["status"] == "optional"
        matches = matches.assign(
            status=matches["status"].mask(optional & found, "match").mask(optional & ~found, "miss")
        )
    matches = matches[matches["status"] != "optional"]
    status = matches["status"]
    is_match = status == "match"
    agrees = is_match & matches["speaker_agrees"].astype(bool)
    n_gold = int((status != "false alarm").sum())
    n_pred = int((status != "miss").sum())
    by_kind = {}
    kinds = sorted({k for k in matches["gold_kind"].tolist() + matches["pred_kind"].tolist() if k})
    for kind in kinds:
        gold_k = (status != "false alarm") & (matches["gold_kind"] == kind)
        pred_k = (status != "miss") & (matches["pred_kind"] == kind)
        det = _prf_split(
            int((gold_k & is_match).sum()),
            int((pred_k & is_match).sum()),
            int(pred_k.sum()),
            int(gold_k.sum()),
        )
        att = _prf_split(
            int((gold_k & agrees).sum()),
            int((pred_k & agrees).sum()),
            int(pred_k.sum()),
            int(gold_k.sum()),
        )
        by_kind[kind] = {
            "n_gold": int(gold_k.sum()),
            "n_predicted": int(pred_k.sum()),
            "detection": det,
            "attribution": att,
        }
    threshold = float(matches["threshold"].iloc[0]) if len(matches) else float("nan")
    return {
        "threshold": threshold,
        "n_gold": n_gold,
        "n_predicted": n_pred,
        "matched": int(is_match.sum()),
        "speaker_agrees": int(agrees.sum()),
        "detection": _prf(int(is_match.sum()), n_pred, n_gold),
        "attribution": _prf(int(agrees.sum()), n_pred, n_gold),
        "by_kind": by_kind,
    }


def _prf_split(tp_gold: int, tp_pred: int, n_pred: int, n_gold: int) -> dict:
    """P/R/F1 when the true positives counted for recall (``tp_gold``) and for precision
    (``tp_pred``) may differ, as they do in a per-kind breakdown.

    Precision is NaN with no predictions and recall NaN with no gold quotes. F1 is NaN only
    when both are empty; when just one side is empty F1 is 0 (nothing right was found, or
    everything found was wrong).
    """
    precision = tp_pred / n_pred if n_pred else float("nan")
    recall = tp_gold / n_gold if n_gold else float("nan")
    if not n_pred and not n_gold:
        f1 = float("nan")
    elif not n_pred or not n_gold or precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


def scores_frame(scores: dict[str, dict]) -> pd.DataFrame:
    """One row per named :func:`quote_scores` result: counts and the six P/R/F1 figures."""
    rows = []
    for name, s in scores.items():
        rows.append(
            {
                "system": name,
                "threshold": s["threshold"],
                "gold": s["n_gold"],
                "predicted": s["n_predicted"],
                "matched": s["matched"],
                "right_speaker": s["speaker_agrees"],
                **{f"detection_{k}": v for k, v in s["detection"].items()},
                **{f"attribution_{k}": v for k, v in s["attribution"].items()},
            }
        )
    return pd.DataFrame(rows).round(3)


def kind_table(scores: dict) -> pd.DataFrame:
    """The ``by_kind`` part of one :func:`quote_scores` result as a table, one row per kind."""
    rows = []
    for kind, s in scores["by_kind"].items():
        rows.append(
            {
                "kind": kind,
                "gold": s["n_gold"],
                "predicted": s["n_predicted"],
                **{f"detection_{k}": v for k, v in s["detection"].items()},
                **{f"attribution_{k}": v for k, v in s["attribution"].items()},
            }
        )
    columns = ["kind", "gold", "predicted"] + [
        f"{part}_{k}"
        for part in ("detection", "attribution")
        for k in ("precision", "recall", "f1")
    ]
    return pd.DataFrame(rows, columns=columns).round(3)


def threshold_table(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    thresholds: Sequence[float] = THRESHOLDS,
    article: Article | None = None,
) -> pd.DataFrame:
    """Detection and attribution scores at each overlap threshold (default 0.3, 0.5, 0.8)."""
    results = {
        f"{t:g}": quote_scores(match_quotes(predicted, gold, threshold=t, article=article))
        for t in thresholds
    }
    return scores_frame(results).drop(columns="system")


# --------------------------------------------------------------------------- error analysis


def disagreements(matches: pd.DataFrame) -> pd.DataFrame:
    """Every miss, false alarm and wrong speaker in :func:`match_quotes` output, with the text.

    ``problem`` is ``missed`` (gold quote not found), ``false alarm`` (machine quote that is
    not in the gold) or ``wrong speaker`` (found, but given to someone else). Matched pairs
    with the right speaker are not listed.
    """
    problem = matches["status"].map({"miss": "missed", "false alarm": "false alarm"})
    wrong = (matches["status"] == "match") & ~matches["speaker_agrees"].astype(bool)
    problem = problem.where(~wrong, "wrong speaker")
    out = matches.assign(problem=problem)[problem.notna()]
    return out[DISAGREEMENT_COLUMNS].reset_index(drop=True)


def scare_quote_false_positives(predicted: pd.DataFrame, nonquotes: pd.DataFrame) -> pd.DataFrame:
    """Machine quotes that are really one of the annotated non-quotes (scare quotes, names).

    A machine quote counts when it is in the same paragraph as a non-quote and the two texts
    overlap by at least half (``|N ∩ P| / max(|N|, |P|) >= 0.5``, texts compared without
    quotation marks or case). A genuine quotation that merely *contains* a scare-quoted word is
    much longer than the word, so it is not listed. Columns: ``paragraph``, ``quote_id``,
    ``quote``, ``nonquote``, ``reason``, ``overlap``, ``rule``.
    """
    columns = ["paragraph", "quote_id", "quote", "nonquote", "reason", "overlap", "rule"]
    rows = []
    for p in predicted.to_dict("records"):
        for n in nonquotes.to_dict("records"):
            if int(n["paragraph"]) != int(p["paragraph"]):
                continue
            overlap, _ = span_overlap(None, None, str(n["text"]), str(p["quote"]))
            if overlap >= 0.5:
                rows.append(
                    {
                        "paragraph": int(p["paragraph"]),
                        "quote_id": str(p.get("quote_id", "")),
                        "quote": str(p["quote"]),
                        "nonquote": str(n["text"]),
                        "reason": _text(n.get("reason")),
                        "overlap": round(overlap, 3),
                        "rule": _text(p.get("rule")),
                    }
                )
    return pd.DataFrame(rows, columns=columns)


def evaluate_article(
    article: Article,
    predicted: pd.DataFrame,
    *,
    threshold: float = 0.5,
    annotations_dir: str | Path | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Match ``predicted`` against the article's hand annotation: ``(matches, scores)``."""
    gold = load_gold_quotes(article, annotations_dir)
    matches = match_quotes(predicted, gold, threshold=threshold)
    return matches, quote_scores(matches)


def score_articles(
    paths: Sequence[str | Path],
    extract: Callable[[Article], pd.DataFrame],
    *,
    threshold: float = 0.5,
    annotations_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Score ``extract`` on several annotated articles: one row each, then a row ``all``.

    Each article is loaded with :func:`~helpers.article.load_article`, its quotes extracted
    and matched against its hand annotation. The ``all`` row pools every article's matches
    (micro-average). ``scare_quote_fps`` counts machine quotes that are annotated non-quotes.
    """
    rows, pooled = [], []
    scare = 0
    for path in paths:
        article = load_article(path)
        predicted = extract(article)
        matches, scores = evaluate_article(
            article, predicted, threshold=threshold, annotations_dir=annotations_dir
        )
        fps = len(
            scare_quote_false_positives(predicted, load_gold_nonquotes(article, annotations_dir))
        )
        scare += fps
        pooled.append(matches)
        rows.append(_article_row(article.id, scores, fps))
    if pooled:
        rows.append(_article_row("all", quote_scores(pd.concat(pooled, ignore_index=True)), scare))
    return pd.DataFrame(rows).round(3)


def _article_row(name: str, scores: dict, scare_fps: int) -> dict:
    return {
        "article": name,
        "gold": scores["n_gold"],
        "predicted": scores["n_predicted"],
        "matched": scores["matched"],
        "right_speaker": scores["speaker_agrees"],
        **{f"detection_{k}": v for k, v in scores["detection"].items()},
        **{f"attribution_{k}": v for k, v in scores["attribution"].items()},
        "scare_quote_fps": scare_fps,
    }


def article_disagreements(
    paths: Sequence[str | Path],
    extract: Callable[[Article], pd.DataFrame],
    *,
    threshold: float = 0.5,
    annotations_dir: str | Path | None = None,
) -> pd.DataFrame:
    """:func:`disagreements` of ``extract`` on several annotated articles, with an ``article``
    column first (the article's id), in the order of ``paths``."""
    frames = []
    for path in paths:
        article = load_article(path)
        matches, _ = evaluate_article(
            article, extract(article), threshold=threshold, annotations_dir=annotations_dir
        )
        frames.append(disagreements(matches).assign(article=article.id))
    if not frames:
        return pd.DataFrame(columns=["article", *DISAGREEMENT_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    return out[["article", *DISAGREEMENT_COLUMNS]]
