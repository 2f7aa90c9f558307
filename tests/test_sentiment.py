"""Sentiment per quote and per speaker: what the tools really return, evidence, aggregates."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers.evaluation import (
    choose_thresholds,
    coder_agreement,
    hand_coded_quotes,
    hand_labels_for_matches,
    loo_labels,
    read_sentiment_labels,
    validate_sentiment,
)
from helpers.sentiment import (
    DEFAULT_TEXTBLOB,
    DEFAULT_VADER,
    LABELS,
    NO_EVIDENCE,
    SCORE_COLUMNS,
    Thresholds,
    evidence_view,
    label_scores,
    normalise_quotes,
    position_sentiment,
    score_quotes,
    score_text,
    section_sentiment,
    speaker_sentiment,
    tool_agreement,
    vader_token_valences,
)

VADER = SentimentIntensityAnalyzer()


def quotes(*texts: str, **columns) -> pd.DataFrame:
    """A quotes table in the contract's shape, one row per text."""
    n = len(texts)
    df = pd.DataFrame({"quote_id": [f"q{i + 1:02d}" for i in range(n)], "quote": list(texts)})
    for name, values in columns.items():
        df[name] = values
    return df


# ----------------------------------------------------------------------------- normalisation


def test_curly_quotes_and_apostrophes_become_ascii_one_for_one():
    text = "“It isn’t ‘firm’,” he said «now»."
    clean = normalise_quotes(text)
    assert clean == '"It isn\'t \'firm\'," he said "now".'
    assert len(clean) == len(text)  # offsets stay valid


def test_normalisation_leaves_other_text_alone_and_accepts_missing_text():
    assert normalise_quotes("Iraq – 60 percent… “") == 'Iraq – 60 percent… "'
    assert normalise_quotes(None) == ""  # type: ignore[arg-type]


def test_vader_misses_a_word_touching_a_curly_quotation_mark_until_normalised():
    raw = "a “dangerous development”"
    assert VADER.polarity_scores(raw)["compound"] == 0.0  # “dangerous is not in the lexicon
    assert VADER.polarity_scores(normalise_quotes(raw))["compound"] < -0.4
    assert score_text(raw)["vader_label"] == "negative"


def test_vader_negates_isnt_only_with_an_ascii_apostrophe():
    assert VADER.polarity_scores("This isn’t good.")["compound"] == pytest.approx(0.4404)
    assert VADER.polarity_scores("This isn't good.")["compound"] == pytest.approx(-0.3412)
    assert score_text("This isn’t good.")["vader"] == pytest.approx(-0.3412)


# ----------------------------------------------------------------------------- TextBlob traps


def test_textblob_negates_not_but_ignores_nt():
    assert TextBlob("This is not good.").sentiment.polarity == pytest.approx(-0.35)
    assert TextBlob("This isn't good.").sentiment.polarity == pytest.approx(0.7)  # trap
    assert TextBlob("This isn’t good.").sentiment.polarity == pytest.approx(0.7)


def test_textblob_intensifiers_multiply_some_words_and_not_others():
    assert TextBlob("good").sentiment.polarity == pytest.approx(0.7)
    assert TextBlob("very good").sentiment.polarity == pytest.approx(0.91)
    assert TextBlob("dangerous").sentiment.polarity == pytest.approx(-0.6)
    assert TextBlob("extremely dangerous").sentiment.polarity == pytest.approx(-0.6)  # unchanged


def test_textblob_averages_so_a_neutral_lexicon_word_halves_the_score():
    assert TextBlob("firm measures").sentiment.polarity == pytest.approx(-0.2)
    assert TextBlob("firm political measures").sentiment.polarity == pytest.approx(-0.1)


@pytest.mark.parametrize("word", ["withdrawal", "occupation", "militia", "strikes", "attacks"])
def test_domain_words_of_this_genre_are_not_in_textblobs_lexicon(word):
    result = TextBlob(f"the {word}").sentiment_assessments
    assert result.assessments == []
    assert result.polarity == 0.0


def test_vader_knows_strikes_but_not_occupation_or_militia_and_likes_withdrawal():
    assert VADER.lexicon["strikes"] == -1.5
    assert VADER.lexicon["attacks"] == -1.9
    assert VADER.lexicon["withdrawal"] == pytest.approx(0.1)  # a positive withdrawal
    assert "occupation" not in VADER.lexicon
    assert "militia" not in VADER.lexicon
    row = score_text("They demanded the withdrawal of the occupation forces.")
    assert row["textblob_label"] == NO_EVIDENCE
    assert "withdrawal(+0.1)" in row["vader_evidence"]


# ----------------------------------------------------------------------------- evidence


def test_a_quote_without_any_lexicon_word_has_no_evidence_not_neutral():
    row = score_text("The meeting was held in Baghdad on Tuesday.")
    assert row["polarity"] == 0.0 and row["vader"] == 0.0
    assert row["no_evidence"] and row["textblob_no_evidence"] and row["vader_no_evidence"]
    assert row["textblob_label"] == NO_EVIDENCE and row["vader_label"] == NO_EVIDENCE
    assert row["textblob_evidence"] == "" and row["vader_evidence"] == ""


def test_good_is_evidence_in_both_tools():
    row = score_text("good")
    assert not row["no_evidence"]
    assert not row["textblob_no_evidence"] and not row["vader_no_evidence"]
    assert row["textblob_evidence"] == "good(+0.70)"
    assert row["vader_evidence"] == "good(+1.9)"
    assert row["textblob_label"] == row["vader_label"] == "positive"


def test_a_lexicon_word_with_zero_polarity_is_neutral_evidence():
    row = score_text("political")
    assert row["polarity"] == 0.0
    assert not row["textblob_no_evidence"]
    assert row["textblob_label"] == "neutral"
    assert row["textblob_evidence"] == "political(+0.00)"


def test_no_evidence_needs_both_tools_to_find_nothing():
    row = score_text("militia strikes")  # TextBlob: nothing; VADER: strikes
    assert row["textblob_no_evidence"] and not row["vader_no_evidence"]
    assert not row["no_evidence"]


def test_vader_evidence_shows_a_negation_changing_the_lexicon_valence():
    assert score_text("This isn't good.")["vader_evidence"] == "good(+1.9 -> -1.41)"
    hits = vader_token_valences("This isn't good.")
    assert hits == [("good", 1.9, pytest.approx(1.9 * -0.74))]


@pytest.mark.parametrize(
    "text",
    [
        "Attacks will not end until they leave Iraq.",
        "a very dangerous but useful step",
        "GOOD news",
    ],
)
def test_vader_evidence_adds_up_to_vaders_compound(text):
    from vaderSentiment.vaderSentiment import normalize

    total = sum(scored for _, _, scored in vader_token_valences(text))
    assert round(normalize(total), 4) == pytest.approx(VADER.polarity_scores(text)["compound"])


def _annotated_quote_texts() -> list[str]:
    """Every hand-annotated quotation of the repository (real news wording)."""
    from helpers.evaluation import ANNOTATIONS_DIR

    tables = sorted(ANNOTATIONS_DIR.glob("*.quotes.csv"))
    assert tables, f"no annotation tables in {ANNOTATIONS_DIR}"
    return sorted({str(q) for t in tables for q in pd.read_csv(t)["quote"]})


EMOJI_AND_EDGES = [
    "",
    "   ",
    "Great!!! But the talks FAILED :( ",
    "I love it \U0001f600 really",
    "kind of good, sort of bad",
    "No, he did not say 'never'.",
]


@pytest.mark.parametrize("text", EMOJI_AND_EDGES + _annotated_quote_texts())
def test_one_pass_scores_equal_the_libraries_own_calls(text):
    """score_text runs each tool's scorer once; the figures are those of the public calls."""
    clean = normalise_quotes(text)
    row = score_text(text)
    blob = TextBlob(clean).sentiment_assessments
    assert (row["polarity"], row["subjectivity"]) == (blob.polarity, blob.subjectivity)
    assert row["textblob_no_evidence"] == (not blob.assessments)
    vs = VADER.polarity_scores(clean)
    assert (row["vader"], row["vader_pos"], row["vader_neu"], row["vader_neg"]) == (
        vs["compound"],
        vs["pos"],
        vs["neu"],
        vs["neg"],
    )


def test_textblob_evidence_keeps_negation_and_intensifier_together():
    assert score_text("not dangerous")["textblob_evidence"] == "not dangerous(+0.30)"
    assert score_text("very good")["textblob_evidence"] == "very good(+0.91)"


# ----------------------------------------------------------------------------- score_quotes


def test_score_quotes_keeps_the_input_and_adds_every_score_column():
    q = quotes("good", "bad", speaker_id=["a", "b"])
    scored = score_quotes(q)
    assert list(scored.columns) == list(q.columns) + SCORE_COLUMNS
    assert list(scored["quote"]) == ["good", "bad"]  # the quote text is never rewritten
    assert scored["no_evidence"].dtype == bool
    assert list(scored["words"]) == [1, 1]


def test_score_quotes_does_not_rewrite_curly_quotes_in_the_quote_column():
    scored = score_quotes(quotes("it isn’t good"))
    assert scored.loc[0, "quote"] == "it isn’t good"
    assert scored.loc[0, "vader_label"] == "negative"


def test_score_quotes_on_bad_input_says_what_is_wrong():
    with pytest.raises(ValueError, match="'quote' column"):
        score_quotes(pd.DataFrame({"text": ["good"]}))
    with pytest.raises(TypeError, match="DataFrame"):
        score_quotes(["good"])  # type: ignore[arg-type]


def test_empty_quotes_give_an_empty_scored_table_and_missing_text_is_no_evidence():
    assert score_quotes(quotes()).empty
    scored = score_quotes(quotes(None))
    assert bool(scored.loc[0, "no_evidence"]) and scored.loc[0, "words"] == 0


# ----------------------------------------------------------------------------- thresholds


def test_conventional_thresholds():
    assert label_scores([-0.06, -0.05, 0.0, 0.05, 0.06], DEFAULT_VADER) == [
        "negative",
        "neutral",
        "neutral",
        "neutral",
        "positive",
    ]
    assert label_scores([-0.01, 0.0, 0.01], DEFAULT_TEXTBLOB) == ["negative", "neutral", "positive"]


def test_no_evidence_flag_and_nan_override_the_score():
    labels = label_scores([0.0, 0.5, math.nan], (0, 0), no_evidence=[True, False, False])
    assert labels == [NO_EVIDENCE, "positive", NO_EVIDENCE]


def test_thresholds_must_be_ordered_and_flags_must_match():
    with pytest.raises(ValueError, match="above"):
        Thresholds(0.1, -0.1)
    with pytest.raises(ValueError, match="flags"):
        label_scores([0.1], (0, 0), no_evidence=[True, False])


def test_choose_thresholds_finds_the_cut_that_separates_weak_scores_from_strong_ones():
    values = [-0.6, -0.3, -0.1, 0.05, 0.1, 0.4]
    gold = ["negative", "negative", "neutral", "neutral", "neutral", "positive"]
    best, f1 = choose_thresholds(values, gold, [0.0, 0.05, 0.2, 0.5])
    assert best == Thresholds(-0.2, 0.2)
    assert f1 == pytest.approx(1.0)
    # with t = 0 (the convention) the weak scores are wrongly polar
    assert label_scores(values, (0, 0)) != gold


def test_choose_thresholds_breaks_ties_towards_the_smaller_cut():
    best, _ = choose_thresholds([-0.9, 0.9], ["negative", "positive"], [0.3, 0.0, 0.1])
    assert best == Thresholds(0.0, 0.0)


def test_leave_one_out_cannot_use_a_quotes_own_label():
    # the one neutral quote at 0.3 is only "learnable" from itself
    values = [-0.6, 0.3, 0.6, 0.7]
    gold = ["negative", "neutral", "positive", "positive"]
    tuned, f1 = choose_thresholds(values, gold, [0.0, 0.4])
    assert tuned == Thresholds(-0.4, 0.4) and f1 == pytest.approx(1.0)
    assert loo_labels(values, gold, [0.0, 0.4]) == ["negative", "positive", "positive", "positive"]


# ----------------------------------------------------------------------------- per speaker


def scored_table() -> pd.DataFrame:
    """Three quotes of one speaker (2, 6 and 2 words) and one of another."""
    return pd.DataFrame(
        {
            "quote_id": ["q1", "q2", "q3", "q4"],
            "speaker_id": ["hadi", "hadi", "hadi", "waad"],
            "speaker": ["Hadi", "Hadi", "Hadi", "Waad"],
            "section": ["A", "A", "B", "B"],
            "paragraph": [1, 1, 2, 3],
            "quote": ["w " * 2, "w " * 6, "w " * 2, "w " * 5],
            "words": [2, 6, 2, 5],
            "polarity": [0.5, -0.5, 0.0, 0.2],
            "subjectivity": [1.0, 0.5, 0.0, 0.4],
            "vader": [0.3, -0.6, 0.0, 0.1],
            "textblob_no_evidence": [False, False, True, False],
            "no_evidence": [False, False, True, False],
        }
    )


def test_speaker_polarity_is_the_word_weighted_mean():
    table = speaker_sentiment(scored_table())
    hadi = table.set_index("speaker_id").loc["hadi"]
    # (2 * 0.5 + 6 * -0.5 + 2 * 0.0) / 10 = -0.2, where the plain mean would be 0.0
    assert hadi["polarity"] == pytest.approx(-0.2)
    assert hadi["subjectivity"] == pytest.approx((2 * 1.0 + 6 * 0.5 + 0) / 10)
    # without the no-evidence quote: (1 - 3) / 8
    assert hadi["polarity_with_evidence"] == pytest.approx(-0.25)
    assert hadi["vader"] == pytest.approx(-0.1)
    assert hadi["no_evidence_share"] == pytest.approx(1 / 3)
    assert (hadi["quotes"], hadi["words"]) == (3, 10)


def test_speakers_are_sorted_by_quotes_then_words_then_id():
    table = speaker_sentiment(scored_table())
    assert list(table["speaker_id"]) == ["hadi", "waad"]


def test_bootstrap_interval_is_reproducible_and_contains_the_mean():
    a = speaker_sentiment(scored_table(), seed=7).set_index("speaker_id").loc["hadi"]
    b = speaker_sentiment(scored_table(), seed=7).set_index("speaker_id").loc["hadi"]
    assert (a["polarity_low"], a["polarity_high"]) == (b["polarity_low"], b["polarity_high"])
    assert a["polarity_low"] <= a["polarity"] <= a["polarity_high"]
    assert a["polarity_low"] < a["polarity_high"]
    assert a["polarity_low"] >= -0.5 and a["polarity_high"] <= 0.5


def test_a_different_seed_draws_different_resamples():
    rows = pd.concat([scored_table()] * 3, ignore_index=True)  # 9 quotes: many distinct means
    a = speaker_sentiment(rows, seed=0, n_boot=200).set_index("speaker_id").loc["hadi"]
    b = speaker_sentiment(rows, seed=1, n_boot=200).set_index("speaker_id").loc["hadi"]
    assert (a["polarity_low"], a["polarity_high"]) != (b["polarity_low"], b["polarity_high"])


def test_a_single_quote_speaker_gets_no_interval():
    waad = speaker_sentiment(scored_table()).set_index("speaker_id").loc["waad"]
    assert waad["polarity"] == pytest.approx(0.2)
    assert np.isnan(waad["polarity_low"]) and np.isnan(waad["polarity_high"])


def test_one_speakers_interval_does_not_depend_on_the_other_speakers():
    alone = speaker_sentiment(scored_table().iloc[:3]).iloc[0]
    together = speaker_sentiment(scored_table()).set_index("speaker_id").loc["hadi"]
    assert alone["polarity_low"] == together["polarity_low"]


def test_unattributed_quotes_are_grouped_not_dropped():
    df = scored_table()
    df.loc[3, ["speaker_id", "speaker"]] = [None, None]
    table = speaker_sentiment(df)
    assert "(unattributed)" in set(table["speaker_id"])
    assert table["quotes"].sum() == 4


def test_a_speakers_name_is_their_most_frequent_form_ties_alphabetical():
    df = scored_table()
    df["speaker"] = ["Hadi al-Amiri", "Hadi Al-Amiri", "Hadi al-Amiri", "Waad"]
    assert speaker_sentiment(df).set_index("speaker_id").loc["hadi", "speaker"] == "Hadi al-Amiri"
    df.loc[2, "speaker"] = "Al-Amiri"  # one of each: the alphabetically first
    assert speaker_sentiment(df).set_index("speaker_id").loc["hadi", "speaker"] == "Al-Amiri"


def test_a_missing_vader_score_is_left_out_of_the_speakers_mean():
    df = scored_table()
    df.loc[1, "vader"] = np.nan
    table = speaker_sentiment(df).set_index("speaker_id")
    assert table.loc["hadi", "vader"] == pytest.approx((0.3 + 0.0) / 2)
    df.loc[3, "vader"] = np.nan  # waad's only quote
    assert np.isnan(speaker_sentiment(df).set_index("speaker_id").loc["waad", "vader"])


def test_speaker_sentiment_of_unscored_or_empty_input():
    with pytest.raises(ValueError, match="score_quotes"):
        speaker_sentiment(quotes("good"))
    assert speaker_sentiment(scored_table().iloc[:0]).empty


# ----------------------------------------------------------------------------- sections, position


def test_section_sentiment_in_reading_order_with_word_weights():
    table = section_sentiment(scored_table().iloc[::-1])  # input order must not matter
    assert list(table["section"]) == ["A", "B"]
    a = table.set_index("section").loc["A"]
    assert a["polarity"] == pytest.approx((2 * 0.5 - 6 * 0.5) / 8)
    assert (a["quotes"], a["words"]) == (2, 8)


def test_position_runs_from_zero_to_one_in_article_order(bundled_article):
    body = bundled_article.body
    first, last = "dangerous development", "more feasible political options"
    s1, s2 = body.index(first), body.index(last)
    q = quotes(first, last, start=[s2, s1], end=[s2 + len(last), s1 + len(first)])
    q["quote"] = [last, first]
    pos = position_sentiment(score_quotes(q), bundled_article)
    assert list(pos["quote_id"]) == ["q02", "q01"]  # sorted by position
    assert 0 < pos.loc[0, "position"] < 0.5 < pos.loc[1, "position"] < 1


def test_position_falls_back_to_the_paragraph_without_offsets(bundled_article):
    q = quotes("good", paragraph=[1])
    pos = position_sentiment(score_quotes(q), bundled_article)
    para = bundled_article.paragraphs.iloc[0]
    assert pos.loc[0, "position"] == pytest.approx(
        (para.start + para.end) / 2 / len(bundled_article.body)
    )


# ----------------------------------------------------------------------------- validation


def test_validation_scores_both_tools_against_the_hand_coding():
    scored = score_quotes(
        quotes("a dangerous development", "a good and wise step", "held on Tuesday", "lies")
    )
    gold = pd.DataFrame(
        {
            "quote_id": ["q01", "q02", "q03", "q04"],
            "sentiment": ["negative", "positive", "neutral", "negative"],
        }
    )
    result = validate_sentiment(scored, gold)
    table = result["table"].set_index(["tool", "reading"])
    assert set(table.index.get_level_values("tool")) == {"textblob", "vader", "majority baseline"}
    # TextBlob does not know "lies": no evidence -> counted as neutral -> 3 of 4 right
    assert table.loc[("textblob", "default"), "accuracy"] == pytest.approx(0.75)
    assert table.loc[("vader", "default"), "accuracy"] == pytest.approx(1.0)
    assert result["baseline"]["label"] == "negative"
    matrix = result["confusion"]["textblob_default"]
    assert list(matrix.index) == list(LABELS) and int(matrix.loc["negative", "neutral"]) == 1
    assert list(result["labels"]["gold"]) == list(gold["sentiment"])


def test_validation_refuses_gold_that_does_not_fit():
    scored = score_quotes(quotes("good"))
    with pytest.raises(ValueError, match="quote_id"):
        validate_sentiment(scored, pd.DataFrame({"quote_id": ["x"], "sentiment": ["neutral"]}))
    with pytest.raises(ValueError, match="one of"):
        validate_sentiment(scored, pd.DataFrame({"quote_id": ["q01"], "sentiment": ["angry"]}))
    with pytest.raises(ValueError, match="sentiment"):
        validate_sentiment(scored, pd.DataFrame({"quote_id": ["q01"]}))


# ----------------------------------------------------------------------------- the two tools


def test_tool_agreement_counts_no_evidence_as_its_own_label():
    scored = score_quotes(quotes("good", "bad", "militia strikes", "held on Tuesday", "lies"))
    result = tool_agreement(scored)
    assert result["n"] == 5
    # agree: good, bad, Tuesday (both no evidence); disagree: strikes, lies (TextBlob sees nothing)
    assert result["label_agreement"] == pytest.approx(3 / 5)
    assert int(result["crosstab"].loc[NO_EVIDENCE, "negative"]) == 2
    assert result["n_both_evidence"] == 2
    assert math.isnan(result["pearson_both_evidence"])  # two points are not a correlation
    assert result["pearson"] > 0


# ----------------------------------------------------------------------------- hand coding


def write_annotation(folder, stem: str, quotes_csv: str, sentiment_csv: str | None) -> None:
    (folder / f"{stem}.quotes.csv").write_text(quotes_csv, encoding="utf-8")
    if sentiment_csv is not None:
        (folder / f"{stem}.sentiment.csv").write_text(sentiment_csv, encoding="utf-8")


QUOTES_CSV = (
    "quote_id,paragraph,kind,speaker,mention,cue,quote,notes\n"
    "q01,5,partial,Basem Al-Awadi,he,described,unrealistic,\n"
    "q02,6,partial,Ahmed Al-Yasiri,he,saw,dangerous development,\n"
)


def test_hand_coded_quotes_join_the_quotes_and_their_sentiment(tmp_path, bundled_article):
    stem = bundled_article.id
    write_annotation(tmp_path, stem, QUOTES_CSV, "quote_id,sentiment,rationale\nq01,negative,x\n")
    gold = hand_coded_quotes(bundled_article, tmp_path)
    assert list(gold["quote_id"]) == ["q01", "q02"]
    assert list(gold["sentiment"]) == ["negative", ""]  # q02 not coded: empty, not guessed
    assert list(gold["speaker_id"]) == ["basem-al-awadi", "ahmed-al-yasiri"]
    assert gold.loc[0, "section"] == "Kurdistan…a new area of tension"
    assert set(gold["article_id"]) == {stem}
    body = bundled_article.body
    assert body[gold.loc[1, "start"] : gold.loc[1, "end"]] == "dangerous development"
    # the uncoded quote is left out of the validation
    result = validate_sentiment(score_quotes(gold), gold)
    assert result["table"]["n"].iloc[0] == 1


def test_hand_coded_quotes_without_a_sentiment_file_is_a_clear_error(tmp_path, bundled_article):
    write_annotation(tmp_path, bundled_article.id, QUOTES_CSV, None)
    with pytest.raises(FileNotFoundError, match="sentiment.csv"):
        hand_coded_quotes(bundled_article, tmp_path)


def test_pooled_validation_keys_quotes_by_article_and_id():
    a = quotes("good", "lies", article_id=["a1", "a1"])
    b = quotes("bad", article_id=["a2"])  # its quote_id q01 repeats a1's
    scored = score_quotes(pd.concat([a, b], ignore_index=True))
    gold = scored[["article_id", "quote_id"]].assign(sentiment=["positive", "negative", "negative"])
    result = validate_sentiment(scored, gold, on=("article_id", "quote_id"))
    assert result["table"]["n"].iloc[0] == 3
    assert list(result["labels"].columns[:3]) == ["article_id", "quote_id", "gold"]
    with pytest.raises(ValueError, match="not unique"):
        validate_sentiment(scored, gold)  # quote_id alone is not unique across articles


def test_hand_labels_follow_matched_quotes_only():
    matches = pd.DataFrame(
        {
            "status": ["match", "miss", "false alarm", "match"],
            "gold_id": ["q01", "q02", None, "q03"],
            "pred_id": ["q05", None, "q06", "q07"],
        }
    )
    gold = pd.DataFrame(
        {"quote_id": ["q01", "q02", "q03"], "sentiment": ["negative", "neutral", "positive"]}
    )
    labels = hand_labels_for_matches(matches, gold)
    assert labels.to_dict("list") == {
        "quote_id": ["q05", "q07"],
        "gold_id": ["q01", "q03"],
        "sentiment": ["negative", "positive"],
    }
    with pytest.raises(ValueError, match="match_quotes"):
        hand_labels_for_matches(pd.DataFrame({"status": []}), gold)


def test_evidence_view_puts_the_evidence_beside_the_score_and_skips_absent_columns():
    scored = score_quotes(quotes("good", trap=["plain"]))
    view = evidence_view(scored, first=["trap"])
    assert list(view.columns) == [
        "trap", "quote_id", "quote", "polarity", "subjectivity", "textblob_evidence",
        "textblob_label", "vader", "vader_evidence", "vader_label", "no_evidence",
    ]  # fmt: skip
    assert "speaker" not in view.columns


def test_quotes_without_a_section_are_grouped_not_dropped():
    df = scored_table()
    df.loc[3, "section"] = None
    table = section_sentiment(df)
    assert list(table["section"]) == ["A", "B", "(no section)"]
    assert table["quotes"].sum() == 4


def test_a_second_coding_is_read_beside_the_first(tmp_path, bundled_article):
    stem = bundled_article.id
    write_annotation(tmp_path, stem, QUOTES_CSV, "quote_id,sentiment,rationale\nq01,negative,x\n")
    (tmp_path / f"{stem}.sentiment.coder2.csv").write_text(
        "quote_id,sentiment\nq01,neutral\n", encoding="utf-8"
    )
    first = read_sentiment_labels(bundled_article, tmp_path)
    second = read_sentiment_labels(bundled_article, tmp_path, coder="coder2")
    assert list(first["sentiment"]) == ["negative"] and list(second["sentiment"]) == ["neutral"]
    assert list(second["rationale"]) == [""]
    with pytest.raises(FileNotFoundError, match="coder3"):
        read_sentiment_labels(bundled_article, tmp_path, coder="coder3")


def test_coder_agreement_counts_identical_labels_and_lists_the_disagreements():
    first = pd.DataFrame(
        {"quote_id": ["q1", "q2", "q3", "q4"], "sentiment": ["negative", "neutral", "positive", ""]}
    )
    second = pd.DataFrame(
        {
            "quote_id": ["q4", "q3", "q2", "q1"],
            "sentiment": ["neutral", "positive", "negative", "negative"],
        }
    )
    result = coder_agreement(first, second)
    assert result["n"] == 3  # q4 has no first label
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert list(result["disagreements"]["quote_id"]) == ["q2"]
    assert int(result["confusion"].loc["neutral", "negative"]) == 1
    assert 0 < result["kappa"] < 1


@pytest.mark.parametrize("quotes", [3, 1001])
def test_the_bootstrap_drawn_in_blocks_equals_one_draw(monkeypatch, quotes):
    """A speaker with thousands of quotes is resampled a block at a time (bounded memory): the
    interval must be exactly the one a single (n_boot, n) draw gives."""
    from helpers import sentiment

    rng = np.random.default_rng(3)
    values, weights = rng.uniform(-1, 1, quotes), rng.integers(1, 30, quotes).astype(float)
    whole = sentiment._bootstrap_interval(values, weights, n_boot=999, seed=5)
    monkeypatch.setattr(sentiment, "BOOTSTRAP_BLOCK", 2 * quotes + 1)  # 2 rows a block
    assert sentiment._bootstrap_interval(values, weights, n_boot=999, seed=5) == whole
    monkeypatch.setattr(sentiment, "BOOTSTRAP_BLOCK", 10**9)  # one block
    assert sentiment._bootstrap_interval(values, weights, n_boot=999, seed=5) == whole
