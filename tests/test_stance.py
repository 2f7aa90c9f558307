"""Stance toward a target: what must be found and what must not, on synthetic sentences.

Each test names a distinction of the domain: demanding a timetable for the exit is against the
presence, calling it a guarantee is favor, predicting a withdrawal is no stance, a warning that
withdrawal would be a blow is favor, a drone attack on a regional capital says nothing about
the presence, and negation reverses a cue. The second topic runs from its spec file alone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers.article import parse_article
from helpers.evaluation import (
    classify_error,
    load_gold_stance,
    validate_stance,
    validation_summary,
)
from helpers.quotes import extract_quotes
from helpers.stance import (
    LABELS,
    TargetSpecError,
    bundled_targets,
    load_target,
    quote_stance,
    speaker_stance,
)

US = "us-military-presence-iraq"
TURKEY = "turkish-operations-northern-iraq"
ROOT = Path(__file__).resolve().parents[1]
#: The bundled spec as shipped inside the package.
US_SPEC = ROOT / "src" / "helpers" / "data" / "targets" / f"{US}.yaml"


def stance_of(text: str, target: str = US) -> pd.Series:
    """The stance row of one quote read on its own (no article context)."""
    return quote_stance(pd.DataFrame({"quote": [text]}), target).iloc[0]


def article_of(*paragraphs: str):
    text = "Headline about Iraq\n\n1-3-2024\n\n" + "\n".join(paragraphs) + "\n"
    return parse_article(text)


def quote_in(article, paragraph: int, quote: str, *, kind: str = "partial", cue: str = ""):
    return pd.DataFrame(
        [{"quote_id": "q1", "paragraph": paragraph, "kind": kind, "cue": cue, "quote": quote}]
    )


# --------------------------------------------------------------------------- against


def test_demanding_a_timetable_for_the_exit_is_against():
    row = stance_of("We demand that a timetable be set for the exit of US forces from Iraq.")
    assert row.stance == "against"
    assert "timetable" in row.evidence and "exit" in row.evidence
    assert row.stance_score < 0 and row.target_mentioned


def test_calling_the_presence_illegal_or_an_occupation_is_against():
    assert stance_of("The American bases are located in Iraq illegally.").stance == "against"
    assert stance_of("The presence of foreign forces is an occupation.").stance == "against"


def test_endorsing_attacks_until_the_forces_leave_is_against_and_not_flipped_by_not():
    row = stance_of("Attacks on American forces will not stop until they leave Iraq.")
    assert row.stance == "against"
    assert "'until'" in row.evidence and "negated" not in row.evidence


# --------------------------------------------------------------------------- favor


def test_the_presence_as_guarantee_and_protection_is_favor():
    row = stance_of("The presence of American forces is a guarantee and protection for Iraq.")
    assert row.stance == "favor"
    assert "guarantee" in row.evidence and "protection" in row.evidence


def test_withdrawal_as_a_major_blow_is_favor():
    row = stance_of(
        "An American withdrawal would be a major blow to Washington's influence in the region."
    )
    assert row.stance == "favor"
    assert "blow" in row.evidence and "withdrawal" in row.evidence


def test_angry_words_can_argue_for_the_presence():
    # Stance is not sentiment: furious about withdrawal means in favour of the presence.
    row = stance_of("A withdrawal of US troops would be a disaster, a catastrophe for all of us!")
    assert row.stance == "favor"


def test_warning_that_a_rival_fills_the_gap_is_favor():
    row = stance_of(
        "They fear that Tehran will tighten its control over the country after the withdrawal "
        "of American forces."
    )
    assert row.stance == "favor"


# --------------------------------------------------------------------------- neutral


def test_predicting_that_withdrawal_is_unlikely_is_no_stance():
    row = stance_of("A withdrawal of US forces is unlikely this year.")
    assert row.stance == "neutral"
    assert row.stance_score == 0
    assert "prediction" in row.evidence


def test_a_drone_attack_on_a_regional_capital_is_not_about_the_presence():
    row = stance_of(
        "Drones attacked the regional capital overnight, and these attacks must stop at once."
    )
    assert row.stance == "neutral"
    assert not row.target_mentioned
    assert row.evidence.startswith("target not mentioned")


def test_a_report_of_who_opposes_the_removal_is_not_the_speakers_view():
    reported = stance_of("Several parties strongly oppose the removal of US forces.")
    own = stance_of("We strongly oppose the removal of US forces.")
    assert reported.stance == "neutral" and "reported" in reported.evidence
    assert own.stance == "favor"


def test_a_third_party_demand_inside_a_quote_is_reported_not_held():
    row = stance_of("Baghdad demanded the complete withdrawal of US forces.")
    assert row.stance == "neutral" and "reported" in row.evidence


def test_a_hedged_warning_counts_half():
    row = stance_of("A withdrawal of US forces could lead to economic collapse.")
    assert "hedged by 'could'" in row.evidence
    assert row.stance_score == pytest.approx(1.0)


def test_futility_of_a_means_cancels_the_cue():
    row = stance_of("Calls for the withdrawal of US forces are useless.")
    assert row.stance == "neutral"
    assert "futility" in row.evidence


def test_withdrawal_from_another_country_is_not_this_target():
    row = stance_of("They may repeat the scenario of withdrawal from Afghanistan, a disaster.")
    assert row.stance == "neutral"


# --------------------------------------------------------------------------- negation


def test_negation_flips_an_evaluation():
    row = stance_of("The presence of US forces is not a guarantee of stability.")
    assert row.stance == "against"
    assert "negated by 'not'" in row.evidence


def test_negation_flips_an_attitude():
    assert stance_of("We reject the American presence.").stance == "against"
    assert stance_of("We do not reject the American presence.").stance == "favor"


def test_a_negation_after_the_cue_does_not_flip_it():
    row = stance_of(
        "Turkish bombardments hurt civilians, not fighters, and violate Iraqi sovereignty.", TURKEY
    )
    assert row.stance == "against"
    assert "'violate'" in row.evidence and "negated" not in row.evidence


# --------------------------------------------------------------------------- context


def test_partial_quote_takes_the_target_from_its_sentence():
    article = article_of(
        "He concluded that any withdrawal of US forces would represent “a major blow to "
        "Washington’s influence in the region,” adding that talks continue."
    )
    quotes = quote_in(article, 1, "a major blow to Washington’s influence in the region,")
    alone = quote_stance(quotes, US)
    in_context = quote_stance(quotes, US, context=article)
    assert alone.stance.iloc[0] == "neutral"
    assert in_context.stance.iloc[0] == "favor"
    assert "withdrawal" in in_context.evidence.iloc[0]


def test_noun_anaphor_needs_the_target_named_before():
    article = article_of(
        "Lawmakers debated the future of US forces in the country on Monday.",
        "A deputy said the presence of those forces “is illegal and must end.”",
    )
    quotes = quote_in(article, 2, "is illegal and must end.")
    assert quote_stance(quotes, US, context=article).stance.iloc[0] == "against"
    assert stance_of("The presence of those forces is illegal.").stance == "neutral"


def test_a_pronoun_is_the_target_only_after_a_target_plural_noun():
    assert stance_of("Strikes on US forces will continue until they leave.").stance == "against"
    row = stance_of("The recent elections will enable them to remove the last obstacles.")
    assert row.stance == "neutral"


def test_the_reporting_verb_of_an_indirect_quote_carries_the_demand():
    article = article_of("The bloc has always demanded the withdrawal of American forces.")
    quotes = quote_in(
        article, 1, "the withdrawal of American forces", kind="indirect", cue="has always demanded"
    )
    row = quote_stance(quotes, US, context=article).iloc[0]
    assert row.stance == "against" and "'demanded'" in row.evidence


def test_a_reporting_verb_is_not_a_cue_about_the_sentence_around_it():
    article = article_of(
        "Despite calls for removing American forces, the premier condemns armed activity "
        "outside the state."
    )
    quotes = quote_in(
        article, 1, "armed activity outside the state", kind="indirect", cue="condemns"
    )
    assert quote_stance(quotes, US, context=article).stance.iloc[0] == "neutral"


def test_each_quote_of_a_paragraph_is_read_as_if_it_were_alone():
    # One paragraph, two speakers on opposite sides of the target, one sentence each: what
    # the paragraph's parse yields is shared by its quotes, but the cues of one speaker must
    # never reach the other, whatever the order the quotes come in.
    article = article_of(
        "A deputy demanded the exit of US forces, calling their presence “an illegal "
        "occupation.” An adviser replied that a withdrawal of American troops “would be a "
        "catastrophe and a major blow to the country’s stability.”"
    )
    quotes = pd.DataFrame(
        [
            {"quote_id": "q1", "paragraph": 1, "kind": "partial", "cue": "calling",
             "quote": "an illegal occupation."},
            {"quote_id": "q2", "paragraph": 1, "kind": "partial", "cue": "replied",
             "quote": "would be a catastrophe and a major blow to the country’s stability."},
        ]
    )  # fmt: skip
    columns = ["quote_id", "stance", "stance_score", "evidence", "stance_cues"]
    together = quote_stance(quotes, US, context=article)[columns]
    reversed_order = quote_stance(quotes.iloc[::-1], US, context=article)[columns]
    alone = pd.concat(
        [quote_stance(quotes.iloc[[i]], US, context=article)[columns] for i in range(2)]
    )
    assert list(together["stance"]) == ["against", "favor"]
    assert "occupation" not in together["evidence"].iloc[1]
    assert "catastrophe" not in together["evidence"].iloc[0]
    pd.testing.assert_frame_equal(together, alone)
    pd.testing.assert_frame_equal(together, reversed_order.sort_index())


# --------------------------------------------------------------------------- per speaker


def test_speaker_stance_sums_quotes_and_shows_a_weak_call():
    stances = pd.DataFrame(
        {
            "speaker_id": ["a", "a", "b", "c"],
            "speaker": ["Analyst A", "Analyst A", "Leader B", "Spokesman C"],
            "stance": ["favor", "against", "against", "neutral"],
            "stance_score": [2.0, -1.0, -4.0, 0.0],
        }
    )
    table = speaker_stance(stances).set_index("speaker_id")
    assert list(table["stance"]) == ["favor", "against", "neutral"]
    assert table.loc["a", "margin"] == pytest.approx(0.0)  # 2 - 1 = 1, right at the threshold
    assert table.loc["b", "margin"] == pytest.approx(3.0)
    assert table.loc["a", ["favor", "against", "neutral"]].tolist() == [1, 1, 0]
    assert table.loc["c", "evidence"] == "no stance cue"


def test_speaker_stance_of_nothing_is_an_empty_table():
    assert speaker_stance(pd.DataFrame()).empty


# --------------------------------------------------------------------------- the spec file


def test_bundled_targets_are_listed_and_load():
    assert {US, TURKEY} <= set(bundled_targets())
    for name in bundled_targets():
        target = load_target(name)
        assert target.name == name and target.refers_to and target.cues


def test_unknown_target_lists_the_bundled_ones():
    with pytest.raises(TargetSpecError, match="bundled: .*us-military-presence-iraq") as err:
        load_target("martian-bases")
    assert "\n" not in str(err.value)


def _spec(**changes) -> dict:
    data = yaml.safe_load(US_SPEC.read_text(encoding="utf-8"))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"refers_to": []}, "refers_to"),
        ({"label": ""}, "label"),
        ({"colour": "blue"}, "colour"),
        ({"cues": [{"match": "guarantee", "valence": 2, "weight": 1, "kind": "evaluation"}]},
         r"cues\[0\].valence"),
        ({"cues": [{"match": "guarantee", "valence": 1, "weight": 1, "kind": "mood"}]},
         r"cues\[0\].kind"),
        ({"cues": [{"match": "guarantee", "valence": 1, "weight": -1, "kind": "evaluation"}]},
         r"cues\[0\].weight"),
        ({"events": {"removal": {"polarity": 0, "words": ["exit"]}}}, "events.removal.polarity"),
        ({"negators": [{"words": [False], "factor": -1}]}, r"negators\[0\].words"),
        ({"scope": {"max_path": "far"}}, "scope.max_path"),
    ],
)  # fmt: skip
def test_a_bad_spec_names_the_bad_field_in_one_line(changes, field):
    with pytest.raises(TargetSpecError, match=f"field '{field}'") as err:
        load_target(_spec(**changes))
    assert "\n" not in str(err.value)


def test_a_spec_file_edited_between_two_loads_is_read_again(tmp_path):
    text = US_SPEC.read_text(encoding="utf-8")
    path = tmp_path / f"{US}.yaml"
    path.write_text(text, encoding="utf-8")
    first = load_target(path)
    path.write_text(text.replace("\nlabel: ", "\nlabel: Edited ", 1), encoding="utf-8")
    second = load_target(path)
    assert second.label == f"Edited {first.label}"
    assert load_target(US).label == first.label


def test_a_cue_of_several_words_is_read_before_the_shorter_cue_inside_it():
    target = load_target(
        _spec(
            cues=[
                {"match": "blow", "valence": -1, "weight": 1, "kind": "evaluation"},
                {"match": "major|heavy blow", "valence": -1, "weight": 3, "kind": "evaluation"},
            ]
        )
    )
    row = stance_of("The withdrawal of US forces would be a major blow.", target)
    assert row.stance_score == 3 and "'major blow'" in row.evidence
    row = stance_of("The withdrawal of US forces would be a blow.", target)
    assert row.stance_score == 1 and "'blow'" in row.evidence


def test_an_unquoted_no_in_yaml_is_caught(tmp_path):
    text = US_SPEC.read_text(encoding="utf-8")
    path = tmp_path / f"{US}.yaml"
    path.write_text(text.replace('"no"', "no"), encoding="utf-8")
    with pytest.raises(TargetSpecError, match="negators"):
        load_target(path)


def test_spec_name_must_match_the_file_name(tmp_path):
    path = tmp_path / "other-name.yaml"
    path.write_text(US_SPEC.read_text(), encoding="utf-8")
    with pytest.raises(TargetSpecError, match="field 'name'"):
        load_target(path)


def test_broken_yaml_is_one_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(TargetSpecError, match="not valid YAML") as err:
        load_target(path)
    assert "\n" not in str(err.value)


# --------------------------------------------------------------------------- bad input


def test_empty_quotes_give_an_empty_frame_with_the_stance_columns():
    out = quote_stance(pd.DataFrame(columns=["quote"]), US)
    assert out.empty and {"stance", "stance_score", "evidence", "target_mentioned"} <= set(out)


def test_quotes_without_text_are_refused_in_one_line():
    with pytest.raises(ValueError, match="no 'quote' column"):
        quote_stance(pd.DataFrame({"text": ["x"]}), US)


# --------------------------------------------------------------------------- second topic


def test_second_topic_from_its_spec_file_only():
    assert stance_of("Turkish strikes violate the sovereignty of Iraq.", TURKEY).stance == "against"
    assert (
        stance_of("We demand the complete withdrawal of Turkish forces from Iraq.", TURKEY).stance
        == "against"
    )
    vow = stance_of(
        "Turkish operations will continue until the last terrorist is eliminated.", TURKEY
    )
    assert vow.stance == "favor" and "until" in vow.evidence
    analysis = stance_of("Neither side has an incentive to escalate beyond this.", TURKEY)
    assert analysis.stance == "neutral"


def test_each_target_ignores_the_other_topic():
    assert stance_of("Turkish strikes violate the sovereignty of Iraq.", US).stance == "neutral"
    assert (
        stance_of("The presence of US forces is a guarantee and protection.", TURKEY).stance
        == "neutral"
    )


# --------------------------------------------------------------------------- validation


def test_error_categories():
    base = {"gold_stance": "against", "stance": "neutral", "gold_speaker": "A", "pred_speaker": "A"}
    assert classify_error({**base, "evidence": "no stance cue", "stance_cues": []}) == "missing cue"
    assert classify_error({**base, "pred_speaker": "B", "evidence": ""}) == "attribution error"
    assert classify_error({**base, "evidence": "x [negated by 'not']"}) == "negation"
    assert classify_error({**base, "evidence": "'unlikely' (prediction) + removal"}) == (
        "prediction vs advocacy"
    )
    assert classify_error({**base, "evidence": "'useless' (futility) + removal"}) == "negation"
    assert classify_error({**base, "stance": "against"}) == ""


@pytest.mark.slow
def test_bundled_article_speakers_match_the_hand_labels(bundled_article):
    gold = load_gold_stance(bundled_article).drop(columns=["stance"])
    stances = quote_stance(gold, US, context=bundled_article)
    result = validate_stance(stances, bundled_article, target=US)
    scores = result["speaker_scores"]
    assert scores["n_gold"] >= 9
    assert scores["n_agree"] >= scores["n_gold"] - 1
    assert result["quote_scores"]["macro_f1"] > result["quote_baseline"]["macro_f1"]
    assert set(result["quote_confusion"].columns) == set(LABELS)


@pytest.mark.slow
def test_second_topic_speakers_match_on_sample_03():
    from helpers.article import load_article

    article = load_article(ROOT / "data" / "samples" / "sample-03-turkey-pkk-operations.txt")
    gold = load_gold_stance(article).drop(columns=["stance"])
    result = validate_stance(quote_stance(gold, TURKEY, context=article), article, target=TURKEY)
    assert result["speaker_scores"]["n_agree"] == result["speaker_scores"]["n_gold"]


def test_validation_summary_reports_the_headline_figures():
    result = {
        "quote_scores": {"n": 4, "accuracy": 0.75, "macro_f1": 0.5, "kappa": 0.4},
        "quote_baseline": {"label": "neutral", "macro_f1": 0.2},
        "speaker_scores": {"n_gold": 3, "n_agree": 2},
    }
    row = validation_summary(result, "demo")
    assert row["speakers_agree"] == 2 and row["quote_macro_f1"] == 0.5
    assert row["baseline_macro_f1"] == 0.2 and row["article"] == "demo"


@pytest.mark.slow
def test_machine_quotes_of_the_bundled_article_give_the_hand_speaker_labels(bundled_article):
    quotes = extract_quotes(bundled_article)
    result = validate_stance(quote_stance(quotes, US, context=bundled_article), bundled_article)
    scores = result["speaker_scores"]
    assert scores["n_agree"] >= min(8, scores["n_gold"] - 1)


def test_offsets_that_do_not_hold_the_quote_are_not_trusted():
    article = article_of(
        "Officials met in Baghdad on Monday to discuss trade.",
        "A deputy said the presence of US forces “is illegal.”",
    )
    quotes = pd.DataFrame(
        [{"quote_id": "q1", "paragraph": 2, "quote": "is illegal.", "start": 0, "end": 40}]
    )
    row = quote_stance(quotes, US, context=article).iloc[0]
    assert row.stance == "against" and "illegal" in row.evidence


def test_a_missing_quote_text_is_an_honest_neutral():
    quotes = pd.DataFrame({"quote": [None, float("nan"), ""]})
    out = quote_stance(quotes, US)
    assert list(out["stance"]) == ["neutral"] * 3
    assert not out["evidence"].str.contains("nan").any()
