"""Stance on any topic: the general lexicon, the spec schema, and the two kinds of target.

A spec that only names its target must already give the answers of data/targets/README.md; each
test here is a row of its tables, or one of the points a first user reported (lemma-aware
phrases, "it" for a singular target, the opposite side, "without X", an actor's own conduct).
Every sentence is invented for the test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.article import parse_article
from helpers.stance import load_target, quote_stance

BAN = {
    "name": "alcohol-ban",
    "label": "The national ban on importing and selling alcoholic drinks",
    "kind": "state",
    "refers_to": ["alcohol ban", "ban on alcohol", "ban on alcoholic drinks"],
    "ends": ["exemption", "exempt"],
}
WATER = {
    "name": "turkish-water-policy",
    "label": "Turkey's dams and water releases on the Tigris",
    "kind": "actor",
    "refers_to": ["Turkey", "Ankara", "Turkish dams", "Turkey's dams"],
    "opposite": ["Iraq's share of the water"],
}
OIL = {
    "name": "federal-oil-control",
    "label": "Federal control over the region's oil sales",
    "refers_to": ["federal control", "SOMO"],
    "opposite": ["independent oil sales", "independent sales"],
}


def stance_of(text: str, spec: dict) -> pd.Series:
    """The stance row of one quote read on its own."""
    return quote_stance(pd.DataFrame({"quote": [text]}), load_target(spec)).iloc[0]


def in_article(spec: dict, *paragraphs: str, quote: str) -> pd.Series:
    """The stance row of ``quote`` read inside an article made of ``paragraphs``."""
    article = parse_article("Headline\n\n1-3-2024\n\n" + "\n".join(paragraphs) + "\n")
    row = pd.DataFrame([{"quote_id": "q1", "quote": quote}])
    return quote_stance(row, load_target(spec), context=article).iloc[0]


# --------------------------------------------------------------------------- a state of affairs


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("The alcohol ban must stay in force.", "favor"),
        ("We demand an end to the alcohol ban.", "against"),
        ("Lifting the ban on alcohol would be a disaster for our families.", "favor"),
        ("We reject any exemption from the alcohol ban.", "favor"),
        ("The alcohol ban is unconstitutional.", "against"),
        ("The alcohol ban is likely to be challenged in court next month.", "neutral"),
    ],
)
def test_a_state_target_with_only_its_names_reads_the_general_language(text, stance):
    assert stance_of(text, BAN).stance == stance


def test_phrases_match_on_lemmas():
    assert stance_of("We condemn the Turkish dam on the Tigris.", WATER).stance == "against"
    assert stance_of("We condemn the bans on alcohol.", BAN).stance == "against"


def test_a_shortened_name_refers_back_once_the_target_is_named():
    row = in_article(
        BAN,
        "Parliament passed the alcohol ban in 2016.",
        "“The ban is a disaster for our shops,” said a shop owner.",
        quote="The ban is a disaster for our shops",
    )
    assert row.stance == "against"
    assert "anaphor 'The ban'" in row.evidence


def test_it_refers_back_to_a_singular_target():
    row = stance_of("The alcohol ban has failed, and it must be repealed.", BAN)
    assert row.stance == "against"
    assert "'it' read as target" in row.evidence


# --------------------------------------------------------------------------- two sides


def test_a_cue_about_the_opposite_side_counts_the_other_way():
    assert stance_of("We reject the independent oil sales.", OIL).stance == "favor"
    assert stance_of("We support independent sales of our oil.", OIL).stance == "against"


def test_imagining_the_target_gone_argues_for_it():
    row = stance_of("Without SOMO, the oil money ends up in accounts that nobody can check.", OIL)
    assert row.stance == "favor"
    assert "absence as a loss" in row.evidence


def test_a_negated_event_is_not_happening():
    row = stance_of("This is a sign of partnership, not a withdrawal of the alcohol ban.", BAN)
    assert row.stance == "favor"
    assert "(negated)" in row.evidence


def test_wanting_a_world_without_the_target_is_against_it():
    row = stance_of("We want a country without an alcohol ban.", BAN)
    assert row.stance == "against"
    assert "(absent)" in row.evidence


# --------------------------------------------------------------------------- an actor's conduct


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Turkey has been generous with the water it released this summer.", "favor"),
        ("We condemn the way Ankara cut the releases.", "against"),
        ("Turkey must release more water before the planting season.", "against"),
        ("We call on Ankara to stop filling the new reservoir.", "against"),
        ("Turkey's dams are a lifeline for the whole region.", "favor"),
        ("We demand that Iraq's share of the water be respected.", "against"),
    ],
)
def test_an_actor_is_judged_by_its_conduct(text, stance):
    assert stance_of(text, WATER).stance == stance


def test_what_an_actor_does_is_its_conduct_not_an_event_that_ends_it():
    row = stance_of("We welcome the decision by Turkey to cut the releases.", WATER)
    assert row.stance == "favor"
    assert "conduct" in row.evidence or "target 'Turkey'" in row.evidence


def test_asking_an_actor_to_go_on_is_favor():
    assert (
        stance_of("Turkey must continue the releases through the summer.", WATER).stance == "favor"
    )


def test_the_same_demand_on_a_state_target_wants_the_event():
    state = dict(WATER, kind="state", name="turkish-water-state")
    assert stance_of("Turkey must release more water.", state).stance == "neutral"


def test_an_end_of_the_opposite_side_is_favor_of_the_target():
    spec = {
        "name": "merger",
        "label": "The merger of the militia into the army",
        "refers_to": ["the merger"],
        "opposite": ["the militia commission"],
        "ends": ["dissolve"],
    }
    assert stance_of("We demand that the militia commission be dissolved.", spec).stance == "favor"


def test_asking_an_actor_to_carry_on_with_a_topic_word_is_favor():
    spec = dict(WATER, continues=["press ahead"], name="water-press")
    assert stance_of("Turkey must press ahead with the releases.", spec).stance == "favor"


def test_a_partial_quote_brings_the_clause_it_is_reported_in():
    article = parse_article(
        "Headline\n\n1-3-2024\n\nThe Dawn bloc said in a statement that it rejected the alcohol "
        "ban “in form and in content.”\n"
    )
    row = pd.DataFrame(
        [{"quote_id": "q1", "quote": "in form and in content.", "kind": "partial",
          "cue": "said in a statement that"}]
    )  # fmt: skip
    result = quote_stance(row, load_target(BAN), context=article).iloc[0]
    assert result.stance == "against"
    assert "'rejected'" in result.evidence
    alone = quote_stance(row.assign(kind="direct"), load_target(BAN), context=article).iloc[0]
    assert alone.stance == "neutral"  # a direct quote is only its own words


def test_stopping_an_event_that_keeps_the_target_is_against_it():
    spec = {
        "name": "gas-imports",
        "label": "Iraq's imports of Iranian gas",
        "refers_to": ["Iranian gas"],
        "continues": ["buy", "import"],
    }
    assert stance_of("Iraq must stop buying Iranian gas.", spec).stance == "against"
    assert stance_of("Iraq must keep buying Iranian gas.", spec).stance == "favor"


# --------------------------------------------------------------------------- a first user's notes


def test_a_multi_word_event_matches_including_a_separated_particle():
    spec = {
        "name": "coalition-presence",
        "label": "The coalition's presence in Iraq",
        "refers_to": ["coalition forces"],
        "ends": ["pull out"],
    }
    assert stance_of("We demand that coalition forces pull out of Iraq.", spec).stance == "against"
    assert (
        stance_of("We demand that they pull coalition forces out of Iraq.", spec).stance
        == "against"
    )


def test_multi_word_actor_words_match():
    spec = {
        "name": "us-presence",
        "label": "The US military presence",
        "refers_to": ["US troops"],
        "actor_words": ["the Pentagon"],
    }
    row = stance_of("We welcome the Pentagon's withdrawal from the bases.", spec)
    assert row.stance == "against"
    assert "Pentagon" in row.evidence


def test_on_equal_distance_a_cue_goes_to_the_linked_event_before_the_mention():
    spec = dict(BAN, name="ban-tie")
    row = stance_of("The repeal of the alcohol ban would be a disaster.", spec)
    assert row.stance == "favor"  # disaster (−1) × the repeal (−1), not × the ban (+1)
    assert "ends 'repeal'" in row.evidence


def test_a_spec_file_whose_name_is_not_kebab_case_says_how_to_rename_it(tmp_path):
    from helpers.stance import TargetSpecError

    path = tmp_path / "my_topic.yaml"
    path.write_text("name: my-topic\nlabel: x\nrefers_to: [the topic]\n", encoding="utf-8")
    with pytest.raises(TargetSpecError, match="rename it to my-topic.yaml"):
        load_target(path)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("We encourage both governments to keep the alcohol ban.", "favor"),
        ("We remain committed to the alcohol ban.", "favor"),
        ("We are against the alcohol ban.", "against"),
        ("We are not against the alcohol ban.", "neutral"),  # not opposing is no support
    ],
)
def test_general_attitude_words_of_round_three(text, stance):
    """Encouraging, staying committed to and being against something carry stance on any
    topic (the general lexicon, ``src/helpers/data/stance_lexicon.yaml``)."""
    assert stance_of(text, BAN)["stance"] == stance


RULING = {
    "name": "court-ruling",
    "label": "The court's ruling on the quota seats staying in force",
    "kind": "state",
    "refers_to": ["Supreme Court ruling", "electricity privatisation", "strike on Makhmour camp"],
}


@pytest.mark.parametrize(
    "text",
    [
        "We reject the Supreme Court ruling.",
        "We reject the Supreme Court's ruling.",  # a possessive between the words
        "We reject the Supreme Court’s ruling.",
        "We reject electricity privatization.",  # the American spelling of the spec's word
        "We reject the strike on the Makhmour camp.",  # an article between the words
    ],
)
def test_a_phrase_matches_across_an_article_a_possessive_and_the_other_spelling(text):
    row = stance_of(text, RULING)
    assert row["stance"] == "against", row["evidence"]


def test_a_phrase_in_another_word_order_is_another_phrase():
    """Matching is on words in order: "the ruling of the Supreme Court" needs its own entry."""
    assert stance_of("We reject the ruling of the Supreme Court.", RULING)["stance"] == "neutral"


def test_other_spelling_goes_both_ways_and_leaves_short_words_alone():
    from helpers.targets.words import other_spelling

    assert other_spelling("privatisation") == "privatization"
    assert other_spelling("privatization") == "privatisation"
    assert other_spelling("defence") == "defense" and other_spelling("defense") == "defence"
    assert other_spelling("rise") is None and other_spelling("dam") is None
