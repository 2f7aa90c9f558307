"""The two baselines: what each finds, what each must miss, and how they score on the bundled
article (measured here, not taken from anyone's word)."""

from __future__ import annotations

import sys

import pytest

from helpers.article import parse_article
from helpers.baselines import (
    QUOTE_COLUMNS,
    BaselineUnavailableError,
    naive_regex_quotes,
    quoted_spans,
    textacy_quotes,
)
from helpers.evaluation import (
    load_gold_nonquotes,
    load_gold_quotes,
    match_quotes,
    quote_scores,
    scare_quote_false_positives,
)

TEXT = """Baseline test

1-3-2024

John Smith, the mayor, said, “We will rebuild the bridge before the winter comes.” The plan, which the council named “Blue Sky”, starts in May.

Critics called it “a fantasy” and walked out.

An odd mark “ stays open here, and Jane Roe said, “We object to the whole thing,” loudly.
"""


@pytest.fixture(scope="module")
def article():
    return parse_article(TEXT)


# ----------------------------------------------------------------------------- pairing marks


def test_paired_double_marks_give_spans_with_their_marks():
    text = "He said “yes” and “no”."
    assert [text[s:e] for s, e in quoted_spans(text)] == ["“yes”", "“no”"]


def test_straight_marks_pair_in_turn_and_apostrophes_are_not_marks():
    text = 'He said "we don\'t" and "Iraq’s".'
    assert [text[s:e] for s, e in quoted_spans(text)] == ['"we don\'t"', '"Iraq’s"']


def test_an_inner_opening_mark_does_not_start_a_new_quote():
    text = "“These forces were “Operated by Washington.” Then nothing."
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        "“These forces were “Operated by Washington.”"
    ]


def test_a_stray_closing_mark_is_ignored_and_an_unclosed_one_dropped_or_run_to_the_end():
    text = "as happened.” In 2011. “The rest runs on"
    assert quoted_spans(text) == []
    assert [text[s:e] for s, e in quoted_spans(text, unclosed="to_end")] == ["“The rest runs on"]
    with pytest.raises(ValueError):
        quoted_spans(text, unclosed="guess")


# ----------------------------------------------------------------------------- naive baseline


def test_naive_baseline_takes_every_marked_span_and_the_nearest_person_before_it(article):
    quotes = naive_regex_quotes(article)
    assert list(quotes.columns) == QUOTE_COLUMNS
    assert quotes["quote"].tolist() == [
        "“We will rebuild the bridge before the winter comes.”",
        "“Blue Sky”",  # a name, taken for a quotation: the naive baseline's first weakness
        "“a fantasy”",
        # a stray opening mark swallows the text up to the next closing mark: its third weakness
        "“ stays open here, and Jane Roe said, “We object to the whole thing,”",
    ]
    assert quotes["speaker"].iloc[0] == "John Smith"
    # its second weakness: the "speaker" of the scare quote is whoever was named last
    assert quotes["speaker"].iloc[2] == "John Smith"
    for row in quotes.itertuples():
        assert article.body[row.start : row.end] == row.quote
    assert set(quotes["rule"]) == {"naive-regex"}


# ----------------------------------------------------------------------------- textacy baseline


def test_textacy_baseline_keeps_quotes_with_a_reporting_verb_only(article):
    quotes = textacy_quotes(article)
    assert list(quotes.columns) == QUOTE_COLUMNS
    assert quotes["quote"].tolist() == ["“We will rebuild the bridge before the winter comes.”"]
    assert quotes.at[0, "speaker"] == "John Smith"
    assert quotes.at[0, "cue"] == "said"
    assert article.body[quotes.at[0, "start"] : quotes.at[0, "end"]] == quotes.at[0, "quote"]


def test_textacy_gives_up_on_a_paragraph_with_an_odd_number_of_marks(article):
    quotes = textacy_quotes(article)
    assert 3 not in set(quotes["paragraph"])  # Jane Roe's quote is lost with the paragraph
    skipped = quotes.attrs["skipped"]
    assert len(skipped) == 1 and skipped[0].startswith("paragraph 3: ValueError")


def test_a_missing_textacy_is_a_one_line_error(article, monkeypatch):
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)
    with pytest.raises(BaselineUnavailableError) as err:
        textacy_quotes(article)
    assert "\n" not in str(err.value) and "pip install textacy" in str(err.value)


# ----------------------------------------------------------------------------- measured on the bundled article


@pytest.fixture(scope="module")
def bundled_gold(bundled_article):
    return load_gold_quotes(bundled_article), load_gold_nonquotes(bundled_article)


def test_naive_baseline_takes_every_name_in_marks_for_a_quotation(bundled_article, bundled_gold):
    gold, nonquotes = bundled_gold
    predicted = naive_regex_quotes(bundled_article)
    flagged = scare_quote_false_positives(predicted, nonquotes)
    assert len(flagged) == len(nonquotes) == 7
    scores = quote_scores(match_quotes(predicted, gold))
    assert scores["detection"]["precision"] < 0.9
    assert scores["attribution"]["f1"] < 0.6  # nearest name is often the wrong person


def test_textacy_is_precise_but_misses_partial_quotes_and_names_pronouns(
    bundled_article, bundled_gold
):
    gold, nonquotes = bundled_gold
    predicted = textacy_quotes(bundled_article)
    assert scare_quote_false_positives(predicted, nonquotes).empty
    scores = quote_scores(match_quotes(predicted, gold))
    assert scores["detection"]["precision"] == 1.0
    assert scores["detection"]["recall"] < 0.7
    # textacy's speaker is the subject as written, so "He" is never a canonical name
    assert "He" in set(predicted["speaker"])
    assert scores["attribution"]["f1"] < 0.2
    assert len(predicted.attrs["skipped"]) == 3  # paragraphs with an odd number of marks
