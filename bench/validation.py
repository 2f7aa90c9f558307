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
        ("Two human coders (bundled article)", human_table),
    ]:
        print(f"\n## {title}\n")
        print(make().round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
