"""Score the pipeline on a blind set: totals only, no row of the annotation or the output.

A blind set (``data/blind/<batch>/``, see its README) is a folder of new articles with their hand
annotation, written by someone who never read the rules. While the rules it tests are being
written, their author may look at these totals and nothing else; the errors are read only after
the rules are frozen and the figure is reported. This script therefore prints counts and scores
per article and pooled, never a quote, a speaker or a label.

Usage::

    python bench/blind.py data/blind/attribution-01                 # who said what
    python bench/blind.py data/blind/stance-01 --task stance \\
        --specs data/blind/stance-01/specs                          # stance per speaker
    python bench/blind.py data/blind/attribution-01 --out bench/results/blind-attribution-01.json

Attribution: detection and attribution precision, recall and F1 (``helpers.evaluation``, overlap
threshold 0.5, optional rows left out), name or scare quotes taken as quotations, and the share
of quotes left to "unknown"; the naive regex baseline beside it. Stance: speakers whose machine
stance (from the machine's own quotes and speakers) equals the hand label, and what always
answering "neutral" gets, per topic; each topic's spec is ``<specs>/<stem>.yaml``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from helpers.article import load_article
from helpers.baselines import naive_regex_quotes
from helpers.evaluation import (
    load_gold_nonquotes,
    load_gold_quotes,
    load_gold_speakers,
    match_quotes,
    quote_scores,
    scare_quote_false_positives,
    validate_stance,
)
from helpers.quotes import extract_quotes
from helpers.stance import load_target, quote_stance


def articles(folder: Path) -> list[Path]:
    """The annotated articles of a blind set: every ``*.txt`` with a ``.quotes.csv`` beside it."""
    return [p for p in sorted(folder.glob("*.txt")) if p.with_suffix(".quotes.csv").is_file()]


def attribution(folder: Path) -> dict:
    """Per-article and pooled attribution figures of ours and of the naive baseline."""
    rows, pooled = [], {"ours": [], "naive regex": []}
    for path in articles(folder):
        article = load_article(path)
        gold = load_gold_quotes(article, folder)
        nonquotes = load_gold_nonquotes(article, folder)
        for system, extract in (("ours", extract_quotes), ("naive regex", naive_regex_quotes)):
            predicted = extract(article)
            matches = match_quotes(predicted, gold)
            pooled[system].append(matches)
            if system == "ours":
                scores = quote_scores(matches)
                rows.append(
                    {
                        "article": path.stem,
                        "gold": scores["n_gold"],
                        "predicted": scores["n_predicted"],
                        "detection_f1": round(scores["detection"]["f1"], 3),
                        "attribution_f1": round(scores["attribution"]["f1"], 3),
                        "scare_or_name": len(scare_quote_false_positives(predicted, nonquotes)),
                        "unknown": int((predicted["speaker"] == "unknown").sum()),
                    }
                )
    totals = {}
    for system, frames in pooled.items():
        scores = quote_scores(pd.concat(frames, ignore_index=True))
        totals[system] = {
            "gold": scores["n_gold"],
            "predicted": scores["n_predicted"],
            **{f"detection_{k}": round(v, 3) for k, v in scores["detection"].items()},
            **{f"attribution_{k}": round(v, 3) for k, v in scores["attribution"].items()},
        }
    table = pd.DataFrame(rows)
    totals["ours"]["scare_or_name"] = int(table["scare_or_name"].sum())
    totals["ours"]["unknown_share"] = round(table["unknown"].sum() / table["predicted"].sum(), 3)
    return {"articles": rows, "totals": totals}


def stance(folder: Path, specs: Path) -> dict:
    """Per-topic and pooled speaker stance figures against the always-"neutral" baseline."""
    rows = []
    for path in articles(folder):
        spec = specs / f"{path.stem}.yaml"
        if not spec.is_file():
            print(f"note: no spec {spec.name}; {path.stem} left out", file=sys.stderr)
            continue
        article = load_article(path)
        target = load_target(spec)
        quotes = extract_quotes(article)
        stances = quote_stance(quotes, target, context=article)
        result = validate_stance(stances, article, target=target, annotations_dir=folder)
        gold = load_gold_speakers(article, folder)
        gold = gold[~gold["optional"]]
        rows.append(
            {
                "topic": path.stem,
                "speakers": int(result["speaker_scores"]["n_gold"]),
                "agree": int(result["speaker_scores"]["n_agree"]),
                "always_neutral": int((gold["stance"] == "neutral").sum()),
                "speakers_found": int(result["speaker_scores"]["n_matched"]),
            }
        )
    table = pd.DataFrame(rows)
    n = int(table["speakers"].sum()) if len(table) else 0
    totals = {
        "speakers": n,
        "agree": int(table["agree"].sum()) if n else 0,
        "accuracy": round(table["agree"].sum() / n, 3) if n else float("nan"),
        "always_neutral_accuracy": round(table["always_neutral"].sum() / n, 3)
        if n
        else float("nan"),
        "above_baseline_on_every_topic": bool((table["agree"] > table["always_neutral"]).all())
        if n
        else False,
    }
    return {"topics": rows, "totals": totals}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a blind set, e.g. data/blind/attribution-01")
    parser.add_argument("--task", choices=("attribution", "stance"), default="attribution")
    parser.add_argument("--specs", type=Path, help="folder of <stem>.yaml target specs (stance)")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not articles(args.folder):
        print(f"{args.folder}: no annotated articles (*.txt with .quotes.csv)", file=sys.stderr)
        return 2
    if args.task == "stance":
        if args.specs is None:
            print("--task stance needs --specs DIR", file=sys.stderr)
            return 2
        result = stance(args.folder, args.specs)
        print(pd.DataFrame(result["topics"]).to_string(index=False))
    else:
        result = attribution(args.folder)
        print(pd.DataFrame(result["articles"]).to_string(index=False))
    print(json.dumps(result["totals"], indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"folder": str(args.folder), **result}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
