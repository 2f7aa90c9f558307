"""Every agreement figure quoted in the README, recomputed from the code and the hand annotation.

Usage::

    python bench/validation.py            # prints the tables (also: make validate)

Quotes: detection and attribution P/R/F1 of our extractor and the two baselines on each annotated
article. Sentiment: TextBlob and VADER at their conventional thresholds against the hand coding.
Stance: rules against the hand labels, per quote and per speaker. Humans: the second coder
against the first, with and without the units the codebook cites as examples.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data/raw/2024-01-03-rawabet-tehran-allies-us-presence-iraq.txt"
SAMPLES = sorted((ROOT / "data/samples").glob("*.txt"))
#: The stance target of each annotated article (sample-02 does not touch its target).
TARGETS = {
    "2024-01-03-rawabet-tehran-allies-us-presence-iraq": "us-military-presence-iraq",
    "sample-01-baghdad-embassy-briefing": "us-military-presence-iraq",
    "sample-02-basra-oil-talks": "us-military-presence-iraq",
    "sample-03-turkey-pkk-operations": "turkish-operations-northern-iraq",
}


def quote_table() -> pd.DataFrame:
    from helpers.baselines import naive_regex_quotes, textacy_quotes
    from helpers.evaluation import score_articles
    from helpers.quotes import extract_quotes

    frames = []
    for name, extract in [
        ("ours", extract_quotes),
        ("naive regex", naive_regex_quotes),
        ("textacy", textacy_quotes),
    ]:
        scores = score_articles([BUNDLED, *SAMPLES], extract)
        frames.append(scores.assign(system=name))
    return pd.concat(frames, ignore_index=True)


def sentiment_table() -> pd.DataFrame:
    from helpers.article import load_article
    from helpers.evaluation import hand_coded_quotes, validate_sentiment
    from helpers.sentiment import score_quotes

    gold = hand_coded_quotes(load_article(BUNDLED))
    table = validate_sentiment(score_quotes(gold), gold)["table"]
    return table[table["reading"] != "tuned"]


#: Development sets of new articles, annotated by people who never read the rules, with the
#: folder of their target specs (stance). The blind batches were scored once while sealed
#: (`bench/results/blind-*.json`, see `unseen_table`); since then they are development data.
DEVELOPMENT = {
    "data/dev": None,
    "data/dev/stance": "data/dev/stance/specs",
    "data/blind/attribution-01": None,
    "data/blind/attribution-02": None,
    "data/blind/stance-01": "data/blind/stance-01/specs",
    "data/blind/stance-02": "data/blind/stance-02/specs",
    "data/blind/attribution-03": None,
    "data/blind/stance-03": "data/blind/stance-03/specs",
    "data/blind/attribution-04": None,
    "data/blind/stance-04": "data/blind/stance-04/specs",
    "data/blind/attribution-05": None,
    "data/blind/stance-05": "data/blind/stance-05/specs",
}


def development_table() -> pd.DataFrame:
    """Attribution (pooled over each set) and speaker stance on the development sets."""
    from helpers.article import load_article
    from helpers.evaluation import load_gold_speakers, score_articles, validate_stance
    from helpers.quotes import extract_quotes
    from helpers.stance import quote_stance

    rows = []
    for folder, specs in DEVELOPMENT.items():
        paths = sorted(p for p in (ROOT / folder).glob("*.txt"))
        scores = score_articles(paths, extract_quotes)
        total = (
            scores[scores["article"] == "all"].iloc[0] if "all" in set(scores["article"]) else None
        )
        row = {"set": folder, "articles": len(paths)}
        if total is not None:
            row |= {"quotes": int(total["gold"]), "attribution_f1": total["attribution_f1"]}
        if specs:
            agree = n = neutral = 0
            for path in paths:
                article = load_article(path)
                spec = ROOT / specs / f"{path.stem}.yaml"
                stances = quote_stance(extract_quotes(article), spec, context=article)
                result = validate_stance(stances, article, target=spec, annotations_dir=path.parent)
                gold = load_gold_speakers(article, path.parent)
                agree += int(result["speaker_scores"]["n_agree"])
                n += int(result["speaker_scores"]["n_gold"])
                neutral += int((gold.loc[~gold["optional"], "stance"] == "neutral").sum())
            row |= {"speakers": n, "stance_agree": agree, "always_neutral": neutral}
        rows.append(row)
    return pd.DataFrame(rows)


def unseen_table() -> pd.DataFrame:
    """The single scoring of each blind batch while it was sealed, as recorded (not recomputed:
    the rules have changed since, and the batch is development data now)."""
    import json

    rows = []
    for path in sorted((ROOT / "bench/results").glob("blind-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        totals = data.get("totals", {})
        if "ours" in totals:
            ours = totals["ours"]
            rows.append({"record": path.name, "quotes": ours["gold"],
                         "attribution_f1": ours["attribution_f1"],
                         "detection_f1": ours["detection_f1"],
                         "scare_or_name": ours.get("scare_or_name")})  # fmt: skip
        elif "speakers" in totals:
            rows.append({"record": path.name, "speakers": totals["speakers"],
                         "stance_agree": totals["agree"],
                         "always_neutral": round(totals["always_neutral_accuracy"] * totals["speakers"]),
                         "above_baseline_every_topic": totals["above_baseline_on_every_topic"]})  # fmt: skip
    return pd.DataFrame(rows)


def stance_table() -> pd.DataFrame:
    from helpers.article import load_article
    from helpers.evaluation import validate_stance, validation_summary
    from helpers.quotes import extract_quotes
    from helpers.stance import quote_stance

    rows = []
    for path in [BUNDLED, *SAMPLES]:
        article = load_article(path)
        target = TARGETS[article.id]
        stances = quote_stance(extract_quotes(article), target, context=article)
        result = validate_stance(stances, article, target=target)
        rows.append(validation_summary(result, article.id))
    return pd.DataFrame(rows)


def human_table() -> pd.DataFrame:
    from helpers.evaluation import codebook_example_ids, inter_coder_agreement

    stem = BUNDLED.stem
    rows = []
    for task, labels in [
        ("sentiment", ["negative", "neutral", "positive"]),
        ("stance", ["against", "neutral", "favor"]),
    ]:
        for units, exclude in [("all", set()), ("not cited in codebook", codebook_example_ids())]:
            rows.append(
                {"task": task, "units": units}
                | inter_coder_agreement(stem, task, labels, exclude=exclude)
            )
    return pd.DataFrame(rows)


def main() -> int:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    for title, make in [
        ("Quotes: detection and attribution against the hand annotation", quote_table),
        ("Sentiment (bundled article, hand-annotated quotes)", sentiment_table),
        ("Stance (extracted quotes against the hand labels)", stance_table),
        ("Unseen: each blind batch's single scoring while sealed (recorded)", unseen_table),
        (
            "Development sets (new articles; the blind ones after their single scoring)",
            development_table,
        ),
        ("Two human coders (bundled article)", human_table),
    ]:
        print(f"\n## {title}\n")
        print(make().round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
