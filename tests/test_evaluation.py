"""Scoring quote attribution against hand annotation: what must match, what must not, and the
targets the project's extractor has to reach on the bundled and sample articles."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pandas as pd
import pytest

from helpers.article import load_article, parse_article
from helpers.evaluation import (
    GoldNotFoundError,
    article_disagreements,
    disagreements,
    kind_table,
    load_gold_nonquotes,
    load_gold_quotes,
    locate_quote,
    match_quotes,
    quote_scores,
    scare_quote_false_positives,
    score_articles,
    scores_frame,
    span_overlap,
    speaker_key,
    threshold_table,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "raw" / "2024-01-03-rawabet-tehran-allies-us-presence-iraq.txt"
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))

#: The targets of the project (the lead's brief): F1 on the bundled article and on the samples.
BUNDLED_TARGET = 0.97
SAMPLE_TARGET = 0.92

TEXT = """A test article

1-3-2024

The minister said, “We will not leave this country before the job is done.” He added that the talks were “going well,” according to his office.

Critics called the plan a “fantasy” and said nothing more.
"""


@pytest.fixture(scope="module")
def article():
    return parse_article(TEXT)


def _pred(article, paragraph: int, text: str, speaker: str, kind: str = "direct", n: int = 1):
    """A machine quote whose span is the first occurrence of ``text`` in ``paragraph``."""
    para = article.paragraphs.set_index("paragraph").loc[paragraph]
    start = para["start"] + para["text"].index(text)
    return {
        "quote_id": f"m{n}",
        "paragraph": paragraph,
        "kind": kind,
        "speaker": speaker,
        "quote": text,
        "start": int(start),
        "end": int(start + len(text)),
        "rule": "test-rule",
        "explain": "because a test said so",
    }


def _gold(paragraph: int, text: str, speaker: str, kind: str = "direct", n: int = 1, notes=""):
    return {
        "quote_id": f"q{n:02d}",
        "paragraph": paragraph,
        "kind": kind,
        "speaker": speaker,
        "mention": "",
        "cue": "",
        "quote": text,
        "notes": notes,
        "optional": notes.startswith("optional"),
    }


QUOTE = "We will not leave this country before the job is done."


# ----------------------------------------------------------------------------- finding gold text


def test_a_gold_quote_is_found_with_or_without_its_marks_and_case():
    para = "He said, “We will  not leave,” and left."
    assert locate_quote(para, "We will not leave,") == (10, 28)
    assert locate_quote(para, "“we will not leave”") == (10, 28)
    assert para[10:28] == "We will  not leave"


def test_text_not_in_the_paragraph_is_not_found():
    assert locate_quote("He said nothing at all.", "We will not leave") is None
    assert locate_quote("He said nothing.", "“ ”") is None


def test_a_repeated_quote_takes_the_next_occurrence():
    para = "“Yes,” he said. Then again: “Yes,” she said."
    first = locate_quote(para, "Yes")
    assert locate_quote(para, "Yes", after=first[1]) == (29, 32)


# ----------------------------------------------------------------------------- overlap


def test_overlap_is_the_smaller_of_the_two_coverages():
    # gold 10 characters, machine 20 characters containing it: coverage of gold 1, overlap 0.5
    assert span_overlap((0, 10), (0, 20)) == (0.5, 1.0)
    assert span_overlap((0, 10), (5, 10)) == (0.5, 0.5)
    assert span_overlap((0, 10), (20, 30)) == (0.0, 0.0)


def test_quotation_marks_and_edge_punctuation_do_not_count():
    ov, cov = span_overlap((1, 19), (0, 20), "We will not leave,", "“We will not leave,”")
    assert (ov, cov) == (1.0, 1.0)


def test_without_spans_the_texts_are_compared():
    assert span_overlap(None, None, "we will not leave", "“We will not leave.”")[0] == 1.0
    assert span_overlap(None, None, "we will not leave", "something else")[0] < 0.3


# ----------------------------------------------------------------------------- matching


def test_the_same_quote_with_the_same_speaker_matches(article):
    gold = pd.DataFrame([_gold(1, QUOTE, "the minister")])
    pred = pd.DataFrame([_pred(article, 1, f"“{QUOTE}”", "The Minister")])
    m = match_quotes(pred, gold, article=article)
    assert m["status"].tolist() == ["match"]
    assert bool(m.at[0, "speaker_agrees"])
    s = quote_scores(m)
    assert s["detection"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert s["attribution"]["f1"] == 1.0


def test_a_quote_in_another_paragraph_does_not_match(article):
    gold = pd.DataFrame([_gold(2, QUOTE, "the minister")])
    pred = pd.DataFrame([_pred(article, 1, QUOTE, "the minister")])
    m = match_quotes(pred, gold)  # texts are equal; the paragraph is not
    assert sorted(m["status"]) == ["false alarm", "miss"]


def test_a_whole_sentence_does_not_match_a_short_quote_inside_it(article):
    sentence = "He added that the talks were “going well,” according to his office."
    gold = pd.DataFrame([_gold(1, "going well,", "the minister", kind="partial")])
    pred = pd.DataFrame([_pred(article, 1, sentence, "the minister")])
    m = match_quotes(pred, gold, article=article, threshold=0.3)
    assert sorted(m["status"]) == ["false alarm", "miss"]
    # GenderGapTracker's gold coverage would have called it a match:
    g = load_gold_like(article, gold)
    assert (
        span_overlap((g.at[0, "start"], g.at[0, "end"]), (pred.at[0, "start"], pred.at[0, "end"]))[
            1
        ]
        == 1.0
    )


def load_gold_like(article, gold):
    from helpers.evaluation import locate_gold_quotes

    return locate_gold_quotes(gold, article)


def test_matching_is_one_to_one_and_takes_the_best_overlap_first(article):
    gold = pd.DataFrame([_gold(1, QUOTE, "the minister")])
    pred = pd.DataFrame(
        [
            _pred(article, 1, "We will not leave this country", "the minister", n=1),
            _pred(article, 1, QUOTE, "the minister", n=2),
        ]
    )
    m = match_quotes(pred, gold, article=article)
    matched = m[m["status"] == "match"]
    assert matched["pred_id"].tolist() == ["m2"]
    assert m[m["status"] == "false alarm"]["pred_id"].tolist() == ["m1"]


def test_the_threshold_decides_a_partial_overlap(article):
    half = "We will not leave this country"  # 30 of the 54 core characters: overlap 0.556
    gold = pd.DataFrame([_gold(1, QUOTE, "the minister")])
    pred = pd.DataFrame([_pred(article, 1, half, "the minister")])
    statuses = {
        t: match_quotes(pred, gold, threshold=t, article=article).at[0, "status"]
        for t in (0.3, 0.5, 0.8)
    }
    assert statuses == {0.3: "match", 0.5: "match", 0.8: "miss"}
    table = threshold_table(pred, gold, article=article)
    assert table["threshold"].tolist() == [0.3, 0.5, 0.8]
    assert table["detection_f1"].tolist() == [1.0, 1.0, 0.0]


def test_a_bad_threshold_is_refused(article):
    with pytest.raises(ValueError, match="threshold"):
        match_quotes(pd.DataFrame(), pd.DataFrame(), threshold=0)


def test_quotes_without_the_needed_columns_are_a_one_line_error():
    gold = pd.DataFrame([_gold(1, QUOTE, "the minister")])
    with pytest.raises(ValueError, match="predicted quotes lack the column") as err:
        match_quotes(pd.DataFrame({"text": ["x"]}), gold)
    assert "\n" not in str(err.value)


def test_no_quotes_at_all_is_an_honest_empty_result():
    m = match_quotes(pd.DataFrame(), pd.DataFrame())
    assert m.empty
    assert quote_scores(m)["n_gold"] == 0


# ----------------------------------------------------------------------------- speakers and scores


def test_speaker_names_compare_without_case_hyphens_or_qualifiers():
    assert speaker_key("Ahmed Al-Yasiri") == speaker_key("ahmed al yasiri")
    assert speaker_key("Ahmed  AL‐Yasiri") == speaker_key("Ahmed Al-Yasiri")
    assert speaker_key("a senior official (anonymous)") == speaker_key("A senior official")
    assert speaker_key("Al-Yasiri") != speaker_key("Ahmed Al-Yasiri")
    assert speaker_key("He") != speaker_key("Ahmed Al-Yasiri")
    assert speaker_key(None) == speaker_key(float("nan")) == ""


def test_a_found_quote_given_to_the_wrong_speaker_costs_attribution_not_detection(article):
    gold = pd.DataFrame([_gold(1, QUOTE, "the minister")])
    pred = pd.DataFrame([_pred(article, 1, QUOTE, "He")])
    s = quote_scores(match_quotes(pred, gold, article=article))
    assert s["detection"]["f1"] == 1.0
    assert s["attribution"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_scores_break_down_by_kind(article):
    gold = pd.DataFrame(
        [
            _gold(1, QUOTE, "the minister", kind="direct", n=1),
            _gold(1, "going well,", "the minister", kind="partial", n=2),
        ]
    )
    pred = pd.DataFrame(
        [
            _pred(article, 1, QUOTE, "the minister", kind="direct", n=1),
            _pred(article, 1, "going well,", "the minister", kind="direct", n=2),
        ]
    )
    s = quote_scores(match_quotes(pred, gold, article=article))
    assert s["detection"]["f1"] == 1.0
    assert s["by_kind"]["direct"]["detection"]["precision"] == 1.0  # both machine quotes right
    assert s["by_kind"]["direct"]["detection"]["recall"] == 1.0
    assert s["by_kind"]["partial"]["detection"]["recall"] == 1.0
    assert math.isnan(s["by_kind"]["partial"]["detection"]["precision"])  # none called partial
    table = kind_table(s)
    assert table["kind"].tolist() == ["direct", "partial"]
    assert table.set_index("kind").at["direct", "predicted"] == 2


def test_nothing_found_scores_zero_f1_not_nan(article):
    gold = pd.DataFrame([_gold(1, QUOTE, "the minister")])
    pred = pd.DataFrame(
        columns=["quote_id", "paragraph", "kind", "speaker", "quote", "start", "end"]
    )
    s = quote_scores(match_quotes(pred, gold))
    assert s["detection"]["recall"] == 0.0
    assert s["detection"]["f1"] == 0.0
    assert math.isnan(s["detection"]["precision"])


def test_optional_rows_count_neither_way(article):
    gold = pd.DataFrame(
        [
            _gold(1, QUOTE, "the minister", n=1),
            _gold(1, "going well,", "critics (unnamed)", n=2, notes="optional: vague"),
            _gold(2, "fantasy", "critics (unnamed)", n=3, notes="optional: vague"),
        ]
    )
    pred = pd.DataFrame(
        [
            _pred(article, 1, QUOTE, "the minister", n=1),
            _pred(article, 1, "going well,", "someone", n=2),
        ]
    )
    m = match_quotes(pred, gold, article=article)
    assert sorted(m["status"]) == ["match", "optional", "optional"]
    s = quote_scores(m)
    assert (s["n_gold"], s["n_predicted"]) == (1, 1)
    assert s["attribution"]["f1"] == 1.0
    secondary = quote_scores(m, include_optional=True)
    assert (secondary["n_gold"], secondary["matched"]) == (3, 2)
    assert disagreements(m).empty


def test_every_disagreement_is_listed_with_its_text(article):
    gold = pd.DataFrame(
        [
            _gold(1, QUOTE, "the minister", n=1),
            _gold(1, "going well,", "the minister", kind="partial", n=2),
        ]
    )
    pred = pd.DataFrame(
        [
            _pred(article, 1, QUOTE, "He", n=1),
            _pred(article, 2, "fantasy", "Critics", n=2),
        ]
    )
    d = disagreements(match_quotes(pred, gold, article=article))
    assert sorted(d["problem"]) == ["false alarm", "missed", "wrong speaker"]
    wrong = d[d["problem"] == "wrong speaker"].iloc[0]
    assert (wrong["gold_speaker"], wrong["pred_speaker"]) == ("the minister", "He")
    assert d[d["problem"] == "missed"]["gold_quote"].tolist() == ["going well,"]
    assert d[d["problem"] == "false alarm"]["pred_quote"].tolist() == ["fantasy"]
    assert d[d["problem"] == "false alarm"]["rule"].tolist() == ["test-rule"]


def test_scores_frame_has_one_row_per_system(article):
    gold = pd.DataFrame([_gold(1, QUOTE, "the minister")])
    pred = pd.DataFrame([_pred(article, 1, QUOTE, "the minister")])
    s = quote_scores(match_quotes(pred, gold, article=article))
    frame = scores_frame({"ours": s, "again": s})
    assert frame["system"].tolist() == ["ours", "again"]
    assert frame.at[0, "attribution_f1"] == 1.0


# ----------------------------------------------------------------------------- scare quotes


def test_a_scare_quote_taken_for_a_quotation_is_flagged(article):
    nonquotes = pd.DataFrame([{"paragraph": 2, "text": "fantasy", "reason": "scare quote"}])
    pred = pd.DataFrame(
        [
            _pred(article, 2, "“fantasy”", "Critics", n=1),
            _pred(article, 1, QUOTE, "the minister", n=2),
        ]
    )
    flagged = scare_quote_false_positives(pred, nonquotes)
    assert flagged["quote_id"].tolist() == ["m1"]
    assert flagged.at[0, "reason"] == "scare quote"


def test_a_real_quote_containing_a_scare_quoted_word_is_not_flagged():
    nonquotes = pd.DataFrame([{"paragraph": 3, "text": "Peshmerga", "reason": "a name"}])
    pred = pd.DataFrame(
        [
            {
                "quote_id": "m1",
                "paragraph": 3,
                "quote": "the Peshmerga forces will defend the region",
            },
            {"quote_id": "m2", "paragraph": 4, "quote": "“Peshmerga”"},
        ]
    )
    assert scare_quote_false_positives(pred, nonquotes).empty


# ----------------------------------------------------------------------------- loading


def test_gold_files_are_read_and_a_missing_one_is_a_one_line_error(tmp_path):
    (tmp_path / "x.quotes.csv").write_text(
        "quote_id,paragraph,kind,speaker,mention,cue,quote,notes\n"
        'q01,2,direct,Jane Roe,she,said,"We stay, for now.",\n'
        "q02,3,indirect,observers (unnamed),observers,believe,it ends,optional: vague\n",
        encoding="utf-8",
    )
    gold = load_gold_quotes("x", annotations_dir=tmp_path)
    assert gold["quote"].tolist() == ["We stay, for now.", "it ends"]
    assert gold["paragraph"].tolist() == [2, 3]
    assert gold["optional"].tolist() == [False, True]
    assert load_gold_nonquotes("x", annotations_dir=tmp_path).empty
    with pytest.raises(GoldNotFoundError) as err:
        load_gold_quotes("nothing-here", annotations_dir=tmp_path)
    assert "\n" not in str(err.value) and "nothing-here.quotes.csv" in str(err.value)


# ----------------------------------------------------------------------------- the annotated articles


ANNOTATED = [BUNDLED, *SAMPLES]


@pytest.mark.parametrize("path", ANNOTATED, ids=lambda p: p.stem)
def test_every_gold_quote_is_found_in_its_paragraph(path):
    article = load_article(path)
    gold = load_gold_quotes(article)
    assert len(gold) > 0
    assert gold["located"].all(), gold.loc[~gold["located"], ["quote_id", "quote"]].to_string()


def test_the_classroom_article_annotation_is_complete_and_consistent():
    """The third assignment's test text: every quote found, one stance label per quote from the
    codebook's set, every speaker listed in the speakers file."""
    root = Path(__file__).resolve().parents[1] / "data"
    folder = root / "annotations" / "classroom"
    (path,) = sorted((root / "classroom").glob("*.txt"))
    gold = load_gold_quotes(load_article(path), annotations_dir=folder)
    assert len(gold) > 0 and gold["located"].all()
    stance = pd.read_csv(folder / f"{path.stem}.stance.csv")
    assert stance["quote_id"].tolist() == gold["quote_id"].tolist()
    assert set(stance["stance"]) == {"favor", "against", "neutral"}
    speakers = pd.read_csv(folder / f"{path.stem}.speakers.csv")
    assert set(gold["speaker"]) == set(speakers["speaker"])


@functools.cache
def _evaluate(path):
    """Extract, match and score one annotated article (once per test session)."""
    from helpers.quotes import extract_quotes

    article = load_article(path)
    predicted = extract_quotes(article)
    matches = match_quotes(predicted, load_gold_quotes(article))
    return article, predicted, matches, quote_scores(matches)


def _explain(matches) -> str:
    return (
        "\n"
        + disagreements(matches)[
            ["problem", "paragraph", "gold_speaker", "pred_speaker", "gold_quote", "pred_quote"]
        ].to_string()
    )


def test_bundled_article_detection_f1_reaches_the_target():
    _, _, matches, scores = _evaluate(BUNDLED)
    assert scores["detection"]["f1"] >= BUNDLED_TARGET, _explain(matches)


def test_bundled_article_attribution_f1_reaches_the_target():
    _, _, matches, scores = _evaluate(BUNDLED)
    assert scores["attribution"]["f1"] >= BUNDLED_TARGET, _explain(matches)


def test_bundled_article_has_no_scare_quote_false_positives():
    article, predicted, _, _ = _evaluate(BUNDLED)
    flagged = scare_quote_false_positives(predicted, load_gold_nonquotes(article))
    assert flagged.empty, flagged.to_string()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_article_detection_f1_reaches_the_target(path):
    _, _, matches, scores = _evaluate(path)
    assert scores["detection"]["f1"] >= SAMPLE_TARGET, _explain(matches)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_article_attribution_f1_reaches_the_target(path):
    _, _, matches, scores = _evaluate(path)
    assert scores["attribution"]["f1"] >= SAMPLE_TARGET, _explain(matches)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_article_has_no_scare_quote_false_positives(path):
    article, predicted, _, _ = _evaluate(path)
    flagged = scare_quote_false_positives(predicted, load_gold_nonquotes(article))
    assert flagged.empty, flagged.to_string()


def test_several_articles_are_scored_one_row_each_and_pooled(tmp_path):
    texts = {
        "one": "First piece\n\n1-3-2024\n\nThe mayor said, “We will build the bridge this year.”\n",
        "two": "Second piece\n\n1-4-2024\n\nThe plan, called “Blue Sky”, is new. Ann Lee said, “It works well.”\n",
    }
    gold = {
        "one": 'q01,1,direct,the mayor,The mayor,said,"We will build the bridge this year.",\n',
        "two": 'q01,1,direct,Ann Lee,Ann Lee,said,"It works well.",\n',
    }
    header = "quote_id,paragraph,kind,speaker,mention,cue,quote,notes\n"
    for stem in texts:
        (tmp_path / f"{stem}.txt").write_text(texts[stem], encoding="utf-8")
        (tmp_path / f"{stem}.quotes.csv").write_text(header + gold[stem], encoding="utf-8")
    (tmp_path / "two.nonquotes.csv").write_text(
        "paragraph,text,reason\n1,Blue Sky,a name\n", encoding="utf-8"
    )
    from helpers.baselines import naive_regex_quotes

    table = score_articles(
        [tmp_path / "one.txt", tmp_path / "two.txt"], naive_regex_quotes, annotations_dir=tmp_path
    )
    assert table["article"].tolist() == ["one", "two", "all"]
    assert table["scare_quote_fps"].tolist() == [0, 1, 1]  # "Blue Sky" is a name, not a quote
    assert table["gold"].tolist() == [1, 1, 2]
    assert table["predicted"].tolist() == [1, 2, 3]
    assert table.set_index("article").at["two", "detection_precision"] == 0.5
    problems = article_disagreements(
        [tmp_path / "one.txt", tmp_path / "two.txt"], naive_regex_quotes, annotations_dir=tmp_path
    )
    assert problems.columns[0] == "article"
    assert problems[problems["problem"] == "false alarm"]["article"].tolist() == ["two"]
    assert problems[problems["problem"] == "false alarm"]["pred_quote"].tolist() == ["“Blue Sky”"]


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("a senior official in the Interior Ministry (anonymous)", "a senior Interior Ministry official (anonymous)", True),
        ("two Iraqi security officials (anonymous)", "Iraqi security officials", True),
        ("lawmakers from the Reform bloc", "Reform bloc lawmakers", True),
        ("an official in the Interior Ministry (anonymous)", "an official in the Defence Ministry (anonymous)", False),
        ("Ahmed Al-Yasiri", "ahmed al yasiri", True),
        ("Ahmed Al-Yasiri", "Al-Yasiri", False),
        ("Muhammad al-Sudani", "Sudani al-Muhammad", False),
        ("a senior official (anonymous)", "unknown", False),
    ],
)  # fmt: skip
def test_descriptions_of_unnamed_sources_agree_whatever_their_word_order(gold, predicted, same):
    from helpers.evaluation import speakers_agree

    assert speakers_agree(gold, predicted) is same


def test_a_confusion_table_of_nothing_is_all_zeros_not_an_error():
    """An article where no extracted quote matched a hand-marked one still gets its table."""
    from helpers.agreement import confusion_table

    table = confusion_table([], [], ["favor", "against", "neutral"])
    assert table.shape == (3, 3) and int(table.to_numpy().sum()) == 0
    assert list(table.index) == ["favor", "against", "neutral"]
