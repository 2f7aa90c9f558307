"""Stance against hand annotation: per quote and per speaker, with the errors sorted by cause.

The stage (:mod:`helpers.stance`) labels each quote and each speaker; this module compares
those labels with ``data/annotations/<stem>.stance.csv`` and ``<stem>.speakers.csv`` (codebook
part C) and sorts every disagreement into a cause (:func:`classify_error`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.agreement import agreement, confusion_table, majority_baseline
from helpers.article import Article
from helpers.evaluation.gold import load_gold_speakers, load_gold_stance
from helpers.evaluation.quotes import match_quotes, speaker_key
from helpers.stance import LABELS, speaker_stance
from helpers.targets import Target, load_target

__all__ = [
    "ERROR_CATEGORIES",
    "classify_error",
    "scores_table",
    "validate_stance",
    "validation_summary",
]

#: Error categories of :func:`classify_error`, in the order they are tested.
ERROR_CATEGORIES = (
    "attribution error",
    "negation",
    "prediction vs advocacy",
    "translation artefact",
    "missing cue",
    "spurious cue",
)


_ARTEFACT = re.compile(r"garbled|translat|artefact|artifact", re.IGNORECASE)


def classify_error(row: Mapping[str, Any]) -> str:
    """Why a machine stance differs from the hand label, as one of :data:`ERROR_CATEGORIES`.

    Tested in order on a row of :func:`validate_stance`'s quote table:

    * **attribution error**: the machine gave the quote to another speaker;
    * **negation**: a negator flipped a cue, or a futility word ("useless") cancelled one;
    * **prediction vs advocacy**: a prediction word cancelled a cue or the evidence records a
      prediction only, while the hand label takes a side (or a hedge tipped the call);
    * **translation artefact**: the annotator's note calls the wording garbled or a
      translation problem;
    * **missing cue**: the hand label takes a side and no cue fired (implicit stance, a target
      named only by description, a cue word not in the spec);
    * **spurious cue**: a cue fired where the hand label is neutral or on the other side.
    """
    gold, machine = row.get("gold_stance"), row.get("stance")
    if gold == machine:
        return ""
    evidence = str(row.get("evidence", "") or "")
    gold_speaker, pred_speaker = row.get("gold_speaker"), row.get("pred_speaker")
    if gold_speaker and pred_speaker and speaker_key(gold_speaker) != speaker_key(pred_speaker):
        return "attribution error"
    if "negated by" in evidence or "(futility)" in evidence:
        return "negation"
    if "(prediction)" in evidence or "hedged by" in evidence:
        return "prediction vs advocacy"
    if _ARTEFACT.search(str(row.get("notes", "") or "")):
        return "translation artefact"
    fired = [i for i in (row.get("stance_cues") or []) if i.get("score")]
    if gold != "neutral" and not fired:
        return "missing cue"
    return "spurious cue"


def validate_stance(
    stances: pd.DataFrame,
    article: Article,
    *,
    target: Target | str | Path | None = None,
    annotations_dir: str | Path | None = None,
    threshold: float = 0.5,
) -> dict[str, Any]:
    """Compare machine stances with the hand labels of ``article``, per quote and per speaker.

    ``stances`` is :func:`quote_stance` output, on machine quotes (``extract_quotes``) or on the
    gold quotes themselves. Machine quotes are paired with gold quotes by paragraph and text
    overlap (:func:`helpers.evaluation.match_quotes`, ``threshold``); gold quotes marked
    optional in the codebook are left out of the scores. Speakers are paired by
    :func:`helpers.evaluation.speaker_key` of the name or of an alias, else by surname.

    Returns a dict: ``quotes`` (one row per gold quote: gold and machine stance, evidence,
    ``error`` category), ``quote_scores`` (accuracy, macro-F1, kappa over matched quotes, with
    ``n_gold`` and ``n_matched``), ``quote_baseline``, ``quote_confusion``; the same four for
    ``speakers``; ``errors`` (the disagreements only).
    """
    gold = load_gold_stance(article, annotations_dir)
    matches = match_quotes(stances, gold, threshold=threshold, article=article)
    table = _quote_rows(matches, gold, stances)
    matched = table[table["status"] == "match"]
    quote_scores = agreement(matched["gold_stance"], matched["stance"], LABELS)
    quote_scores.update(n_gold=len(table), n_matched=len(matched))

    spec = load_target(target) if target is not None else None
    machine = speaker_stance(stances, threshold=spec.speaker_threshold if spec else None)
    speakers = _speaker_rows(load_gold_speakers(article, annotations_dir), machine)
    found = speakers[speakers["stance"] != ""]
    speaker_scores = agreement(found["gold_stance"], found["stance"], LABELS)
    speaker_scores.update(
        n_gold=len(speakers), n_matched=len(found), n_agree=int(speakers["agrees"].sum())
    )
    return {
        "quotes": table.drop(columns=["stance_cues"]),
        "quote_scores": quote_scores,
        "quote_baseline": majority_baseline(matched["gold_stance"], LABELS),
        "quote_confusion": confusion_table(matched["gold_stance"], matched["stance"], LABELS),
        "speakers": speakers,
        "speaker_scores": speaker_scores,
        "speaker_baseline": majority_baseline(found["gold_stance"], LABELS),
        "speaker_confusion": confusion_table(found["gold_stance"], found["stance"], LABELS),
        "errors": table[table["error"] != ""].drop(columns=["stance_cues"]).reset_index(drop=True),
    }


def _quote_rows(matches: pd.DataFrame, gold: pd.DataFrame, stances: pd.DataFrame) -> pd.DataFrame:
    """One row per gold quote (found or missed): gold and machine stance, evidence, error."""
    by_pred = stances.set_index(stances["quote_id"].astype(str))
    by_gold = gold.set_index("quote_id")
    rows = []
    for m in matches.itertuples(index=False):
        if m.status not in ("match", "miss"):
            continue
        g = by_gold.loc[m.gold_id]
        p = by_pred.loc[m.pred_id] if m.status == "match" else None
        row = {
            "gold_id": m.gold_id,
            "pred_id": m.pred_id,
            "paragraph": int(m.paragraph),
            "status": m.status,
            "gold_speaker": g["speaker"],
            "pred_speaker": p["speaker"] if p is not None else "",
            "quote": g["quote"],
            "gold_stance": g["stance"],
            "stance": p["stance"] if p is not None else "",
            "stance_score": float(p["stance_score"]) if p is not None else float("nan"),
            "evidence": p["evidence"].split(" | sentence")[0] if p is not None else "not found",
            "rationale": g["rationale"],
            "notes": g["notes"],
            "stance_cues": p["stance_cues"] if p is not None else [],
        }
        row["error"] = classify_error(row) if p is not None else "quote not found"
        rows.append(row)
    return pd.DataFrame(rows)


def _speaker_rows(gold_speakers: pd.DataFrame, machine: pd.DataFrame) -> pd.DataFrame:
    """One row per scored gold speaker (optional ones left out) with the machine's stance."""
    rows = []
    for g in gold_speakers[~gold_speakers["optional"]].itertuples(index=False):
        hit = _match_speaker(g.speaker, g.aliases, machine)
        rows.append(
            {
                "speaker": g.speaker,
                "gold_stance": g.stance,
                "stance": hit["stance"] if hit is not None else "",
                "stance_score": hit["stance_score"] if hit is not None else float("nan"),
                "margin": hit["margin"] if hit is not None else float("nan"),
                "quotes": hit["quotes"] if hit is not None else 0,
                "evidence": hit["evidence"] if hit is not None else "speaker not found",
                "rationale": g.rationale,
                "agrees": hit is not None and hit["stance"] == g.stance,
            }
        )
    return pd.DataFrame(rows)


def _match_speaker(name: str, aliases: str, machine: pd.DataFrame) -> dict | None:
    keys = {speaker_key(name)} | {speaker_key(a) for a in str(aliases).split("|") if a.strip()}
    keys.discard("")
    rows = machine.to_dict("records")
    for row in rows:
        if speaker_key(row["speaker"]) in keys:
            return row
    surname = speaker_key(name).split(" ")[-1:]
    for row in rows:
        if surname and speaker_key(row["speaker"]).split(" ")[-1:] == surname:
            return row
    return None


def scores_table(result: Mapping[str, Any]) -> pd.DataFrame:
    """Accuracy, macro-F1 and kappa of the rules and of the majority baseline, per quote and per
    speaker, from :func:`validate_stance`'s result."""
    rows = []
    for unit in ("quote", "speaker"):
        for system, scores in (("rules", result[f"{unit}_scores"]),
                               (f"always '{result[f'{unit}_baseline'].get('label', '')}'",
                                result[f"{unit}_baseline"])):  # fmt: skip
            rows.append(
                {
                    "unit": f"{unit}s",
                    "system": system,
                    "n": scores["n"],
                    "accuracy": round(scores["accuracy"], 3),
                    "macro_f1": round(scores["macro_f1"], 3),
                    "kappa": round(scores["kappa"], 3),
                }
            )
    return pd.DataFrame(rows)


def validation_summary(result: Mapping[str, Any], name: str = "") -> dict:
    """One row of headline figures from :func:`validate_stance`: quotes and speakers compared,
    accuracy, macro-F1 and kappa, the majority baseline's macro-F1, and speakers that agree."""
    q, s = result["quote_scores"], result["speaker_scores"]
    return {
        "article": name,
        "quotes": q["n"],
        "quote_accuracy": round(q["accuracy"], 3),
        "quote_macro_f1": round(q["macro_f1"], 3),
        "quote_kappa": round(q["kappa"], 3),
        "baseline_macro_f1": round(result["quote_baseline"]["macro_f1"], 3),
        "speakers": s["n_gold"],
        "speakers_agree": s["n_agree"],
    }
