"""Quotation detection and speaker attribution (helpers.quotes).

Synthetic sentences of our own pin each convention of the genre; the last tests read the bundled
article as a whole.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.quotes import (
    QUOTE_COLUMNS,
    RULES,
    extract_quotes,
    find_quote_spans,
    pair_marks,
    reporting_verbs,
    stray_marks,
)


def quotes_of(text: str) -> pd.DataFrame:
    q = extract_quotes(text)
    assert list(q.columns) == QUOTE_COLUMNS
    return q


def who_said(text: str, fragment: str) -> str:
    """The speaker of the one quotation that contains ``fragment``."""
    q = quotes_of(text)
    hits = q[q["quote"].str.contains(fragment, regex=False)]
    assert len(hits) == 1, (
        f"expected one quotation with {fragment!r}, got\n{q[['speaker', 'quote']]}"
    )
    return hits["speaker"].iloc[0]


# --------------------------------------------------------------------------- marks


def spans(text: str, **kw) -> list[str]:
    return [s.text(text) for s in find_quote_spans(text, **kw)]


def test_curly_double_marks_pair_in_order():
    assert spans("He said “one thing” and then “another thing.”") == ["one thing", "another thing."]


def test_straight_double_marks_pair():
    assert spans('She said "we will win" and "we will stay."') == ["we will win", "we will stay."]


def test_apostrophes_are_not_quotation_marks():
    text = "The allies’ plan and Iraq’s reply: they don’t agree, and Tehran's envoy won't say."
    assert spans(text) == []


def test_single_quotes_curly_and_straight():
    assert spans("He called it ‘a disaster for everyone’ on Monday.") == ["a disaster for everyone"]
    assert spans("He called it 'a disaster, really' and left.") == ["a disaster, really"]


def test_double_quotes_nested_in_single_quotes_stay_inside():
    text = '‘They called it "a disaster" and left the city,’ said the mayor.'
    assert spans(text) == ['They called it "a disaster" and left the city,']


def test_single_quote_not_closed_by_possessive_apostrophe():
    assert spans("‘The allies’ demands are unrealistic,’ the envoy said.") == [
        "The allies’ demands are unrealistic,"
    ]


def test_nested_opening_mark_does_not_split_the_quotation():
    text = "He said, “They took the areas that were “Run by the army.”"
    found = find_quote_spans(text)
    assert [s.text(text) for s in found] == ["They took the areas that were “Run by the army."]


def test_stray_opening_mark_before_punctuation_is_ignored():
    text = "He said that “the bases are illegal.” “."
    found, strays = pair_marks(text)
    assert [s.text(text) for s in found] == ["the bases are illegal."]
    assert [m.note for m in strays] == ["opening mark before punctuation only: ignored"]


def test_stray_closing_mark_is_ignored_and_does_not_shift_later_quotes():
    text = (
        "He believes that “this may happen again, as happened.” In 1998.” Then he said “no more.”"
    )
    found, strays = pair_marks(text)
    assert [s.text(text) for s in found] == ["this may happen again, as happened.", "no more."]
    assert [m.note for m in strays] == ["closing mark without an opening mark: ignored"]


def test_unclosed_quotation_stops_at_the_paragraph_end():
    text = "He said, “the war is over. Nobody believes otherwise."
    (span,) = find_quote_spans(text)
    assert span.text(text) == "the war is over. Nobody believes otherwise."
    assert span.close_at is None


def test_unclosed_quotation_does_not_swallow_the_next_paragraph():
    text = "The mayor, Rami Aziz, said, “the river is rising fast.\n\nThe army arrived on Monday with “heavy” trucks and the governor, Nada Issa, said “we are ready for anything now.”"
    q = quotes_of(text)
    assert q["quote"].tolist() == ["the river is rising fast.", "we are ready for anything now."]
    assert q["speaker"].tolist() == ["Rami Aziz", "Nada Issa"]
    assert q["paragraph"].tolist() == [1, 2]


def test_stray_marks_are_reported_with_body_offsets():
    text = "One paragraph with “a quote that is long enough to count.” “.\n\nAnother."
    report = stray_marks(text)
    assert report["paragraph"].tolist() == [1]
    assert text[report["offset"].iloc[0]] == "“"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .,“”‘’\"'", max_size=60))
def test_spans_are_well_formed_for_any_arrangement_of_marks(text):
    found, strays = pair_marks(text)
    last_end = -1
    for span in found:
        assert 0 <= span.open_at < span.start <= span.end <= len(text)
        assert span.close_at is None or span.end <= span.close_at
        assert span.open_at > last_end  # spans never overlap
        last_end = span.close_at if span.close_at is not None else len(text)
    assert all(0 <= m.offset < len(text) for m in strays)


# --------------------------------------------------------------------------- what is not speech


@pytest.mark.parametrize(
    "text",
    [
        "The drones hit the headquarters of the “Desert Lions” forces near the border.",
        "The “Unity” coalition, the largest bloc in parliament, met on Sunday.",
        "A member of parliament for the “reform bloc” said that the vote was postponed.",
        "Fighters of the “Martyrs Brigades” militia withdrew after the raid.",
        "The head of the “Iraqi-Turkish” institute, Sami Rauf, said that talks were useful.",
    ],
)
def test_names_and_scare_quotes_are_not_quotations(text):
    q = quotes_of(text)
    assert not q["kind"].isin(["direct", "partial"]).any(), q[["quote", "rule"]]


@pytest.mark.parametrize(
    "text",
    [
        "Minister Omar Saleh said the so-called “rocket season” had started again this spring.",
        "The army began an operation it has named “Iron Valley” on Friday, officials said.",
        "The fighters of the “resistance” withdrew from the town on Monday night.",
        "Many in the region simply call it “oil for salaries” these days.",
    ],
)
def test_labels_after_naming_words_and_single_nouns_are_not_quotations(text):
    q = quotes_of(text)
    assert not q["kind"].isin(["direct", "partial"]).any(), q[["quote", "rule"]]


def test_evaluative_phrase_in_a_reported_clause_is_partial_speech():
    text = "Analyst Rami Aziz said that the move shows the “lack of seriousness” among the parties."
    q = quotes_of(text)
    assert q["quote"].tolist() == ["lack of seriousness"]
    assert q["speaker"].tolist() == ["Rami Aziz"]


def test_dateline_is_not_part_of_the_role():
    q = quotes_of(
        "ERBIL – Iraqi Foreign Minister Fuad Salim said on Sunday that Iraq “will not be a battlefield.”"
    )
    assert q["speaker"].tolist() == ["Fuad Salim"]
    assert q.attrs["speakers"]["fuad-salim"]["role"] == "Iraqi Foreign Minister"


def test_continue_without_comma_is_not_a_cue():
    text = (
        "A spokesman for the Free Youth group, who asked not to be named, warned that attacks would "
        "continue “as long as a single foreign soldier remains.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["a spokesman for the Free Youth group (anonymous)"]
    assert q["kind"].tolist() == [
        "partial"
    ]  # the indirect clause holds marks: only the marked span


def test_whole_sentence_quote_without_cue_goes_to_the_last_speaker_of_any_gender():
    text = (
        "Mr. Karim Aziz said, “We will vote against it.”\n\n"
        "Press secretary Sabrina Holt told journalists that the strikes were “proportionate.” "
        "“We don't seek a wider conflict,” she said. “But we will protect our people.”"
    )
    assert who_said(text, "protect our people") == "Sabrina Holt"
    q = quotes_of(text)
    assert q.loc[q["quote"].str.contains("protect"), "rule"].item() == "floating-quote"


def test_paragraph_quotation_after_a_colon_lead_in():
    text = (
        "Gen. Omar Fadel, the commander of the mission, spoke after the briefing.\n\n"
        "Fadel then read from a prepared statement:\n\n"
        "“The mission is not over, and nobody should think it is.\n\n"
        "“We will stay as long as we are needed.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Omar Fadel", "Omar Fadel"]
    assert q["rule"].tolist() == ["lead-in", "multi-paragraph"]
    assert q["kind"].tolist() == ["direct", "direct"]


def test_organisation_named_once_then_by_its_noun():
    text = (
        "Iraq’s Ministry of Water Resources said in a statement that the dams “are safe.”\n\n"
        "“The reservoirs hold more water than last year,” the ministry said."
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Iraq’s Ministry of Water Resources"] * 2
    assert q["rule"].tolist()[1] == "organisation-reference"


def test_journalists_own_voice_is_not_indirect_speech():
    assert quotes_of("It appears that the government will not survive the winter.").empty
    assert quotes_of("There are signs that the talks will resume next month.").empty


def test_generic_observers_are_not_indirect_speakers():
    assert quotes_of("Observers believe that the election will be delayed again.").empty


def test_empty_input_gives_empty_table_with_columns():
    q = quotes_of("No quotation here at all.")
    assert q.empty and list(q.columns) == QUOTE_COLUMNS


# --------------------------------------------------------------------------- attribution rules


def test_role_apposition_names_the_speaker_and_role():
    text = 'Ministry of Water spokesman, Karim Jaber, said in a statement, "The dam is safe and will hold."'
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Karim Jaber"]
    assert q["kind"].tolist() == ["direct"]
    assert q["rule"].iloc[0] == "ccomp-nsubj"
    assert q.attrs["speakers"]["karim-jaber"]["role"] == "Ministry of Water spokesman"


def test_pronoun_continuation_across_sentences_and_paragraphs():
    text = (
        "Economist Lina Farouk said, “Prices will rise before the summer.” "
        "She added, “Wages will not follow them.”\n\n"
        "She pointed out that “the central bank has no tools left to act.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Lina Farouk"] * 3
    assert q["rule"].tolist()[1:] == ["pronoun-continuation", "pronoun-continuation"]


def test_she_goes_to_the_last_female_speaker():
    text = (
        "Finance ministry spokeswoman, Laila Haddad, said, “The budget is ready for the vote.”\n\n"
        "Opposition leader Mr. Tariq Samir said, “The budget is a fiction from start to end.”\n\n"
        "She added, “The vote will take place on Tuesday as planned.”"
    )
    assert who_said(text, "Tuesday") == "Laila Haddad"
    assert who_said(text, "fiction") == "Tariq Samir"


def test_pronoun_concluded_that_goes_to_speaker_in_focus():
    text = (
        "The analyst Omar Rahim said, “The alliance is stronger than it looks.” "
        "He concluded that the vote would be won by a wide margin."
    )
    q = quotes_of(text)
    indirect = q[q["kind"] == "indirect"]
    assert indirect["speaker"].tolist() == ["Omar Rahim"]
    assert indirect["quote"].iloc[0] == "the vote would be won by a wide margin"


def test_pronoun_in_relative_clause_refers_to_the_name_in_the_sentence():
    text = (
        "The mayor, Rami Aziz, said, “The roads are open again for everybody.” "
        "The statement prompted the police spokesman, Nabil Kareem, to respond in a statement "
        "in which he described the claims as “baseless,” considering that they are “lies meant to scare people.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Rami Aziz", "Nabil Kareem", "Nabil Kareem"]
    assert q["quote"].tolist()[1:] == ["baseless,", "lies meant to scare people."]
    assert set(q["kind"].tolist()[1:]) == {"partial"}


def test_quote_before_its_attribution():
    text = (
        "“Despite the warnings of the allies, the plan may still go ahead,” Al-Rawi expressed his belief "
        "that this matter “will not stop the talks.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Al-Rawi", "Al-Rawi"]
    assert q["rule"].tolist() == ["quote-then-speaker", "ccomp-nsubj"]
    # a fronted clause of the writer's sentence, not a stand-alone utterance (codebook A3)
    assert q["kind"].tolist() == ["partial", "partial"]


def test_quote_then_said_is_direct():
    q = quotes_of("“We will not leave the city, whatever happens,” the mayor, Rami Aziz, said.")
    assert q["kind"].tolist() == ["direct"]
    assert q["speaker"].tolist() == ["Rami Aziz"]


def test_said_x_after_the_quote():
    text = "“The talks have failed and there is no plan,” said Dr. Sara Kamal, the director of the institute."
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Sara Kamal"]
    assert q["rule"].tolist() == ["said-X"]
    assert "Dr." in q.attrs["speakers"]["sara-kamal"]["role"]


def test_according_to_and_relative_who():
    text = (
        "The writer Hassan Ali said, “Nothing has changed on the ground.”\n\n"
        "The agreement is “a guarantee for the minorities,” according to Ali, who continued, "
        "“These parties do not want to lose what they have won.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Hassan Ali"] * 3
    assert q["rule"].tolist()[1:] == ["according-to", "relative-who"]


def test_as_x_states_claims_the_quote_before_and_after():
    text = (
        "Political scientist Mona Adel spoke on Monday. The plan may face “broad opposition,” as Adel "
        "states that several parties “fear losing their seats in the next election.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Mona Adel", "Mona Adel"]
    assert q["quote"].tolist() == [
        "broad opposition,",
        "fear losing their seats in the next election.",
    ]


def test_role_reference_resolves_to_person_introduced_with_that_role():
    text = (
        "The director of the “Gulf-European” institute, Samir Nadim, said that the vote was fair.\n\n"
        "Later, the director of the “Gulf-European” Institute believes that the result represents "
        "“a turning point for the whole region.”"
    )
    assert who_said(text, "turning point") == "Samir Nadim"
    q = quotes_of(text)
    assert q.loc[q["quote"].str.contains("turning"), "rule"].item() == "role-reference"


def test_unnamed_role_is_named_in_the_next_sentence():
    text = (
        "A senator from the “green alliance” indicated that the strikes “will go on until they resign.” "
        "Senator Amira Fawzi pointed out that “the pressure is working better than expected.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Amira Fawzi", "Amira Fawzi"]
    assert q["rule"].iloc[0] == "next-sentence-name"


def test_pronoun_after_a_sentence_whose_subject_is_a_new_person():
    text = (
        "Finance minister Taif Omar wrote that the funds “were all transferred.”\n\n"
        "The consul general in Erbil, Mark Rowe, urged both sides to agree. "
        "“The people deserve to be paid on time,” he said."
    )
    assert who_said(text, "paid on time") == "Mark Rowe"


def test_unnamed_individual_keeps_speaking_as_she():
    text = (
        "A teacher in Halabja, who did not want her name published, told a local paper: "
        "“We borrow from our relatives every month.”\n\n"
        "She added that many of her colleagues had taken second jobs."
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["a teacher in Halabja (anonymous)"] * 2
    assert q["kind"].tolist() == ["direct", "indirect"]


def test_present_tense_says_after_the_quote():
    text = "'The budget law is clear and nobody has met it,' says Dr. Nawar Ali, an economist."
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Nawar Ali"]
    assert q["rule"].tolist() == ["said-X"]


def test_anonymous_source():
    text = 'A senior official, who requested anonymity, said, "The talks have collapsed and nobody knows why."'
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["a senior official (anonymous)"]
    assert q["rule"].tolist() == ["anonymous"]


def test_anonymous_source_names_the_organisation_introduced_before():
    text = (
        "Talks between Egypt’s Ministry of Electricity and two investors ended on Monday.\n\n"
        "“We are close, but nobody agrees on the price,” a senior engineer at the ministry, "
        "who requested anonymity, said."
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["a senior engineer at the Ministry of Electricity (anonymous)"]


def test_organisation_as_speaker_and_indirect_speech():
    text = "The US embassy said in a statement that the ambassador would travel to Basra on Monday."
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["US embassy"]
    assert q["kind"].tolist() == ["indirect"]
    assert q["quote"].tolist() == ["the ambassador would travel to Basra on Monday"]


def test_told_newspaper_and_title_stripped():
    q = quotes_of("Gen. Ali Fadel told Reuters that the army was ready to retake the city.")
    assert q["speaker"].tolist() == ["Ali Fadel"]
    assert q["speaker_id"].tolist() == ["ali-fadel"]
    assert q.attrs["speakers"]["ali-fadel"]["role"] == "Gen."


def test_indirect_speech_with_object_of_condemning_verb():
    text = (
        "Although the protests grew, President Karim Hadi still condemns any violence against "
        "the police, despite his silence on the arrests."
    )
    q = quotes_of(text)
    assert q["kind"].tolist() == ["indirect"]
    assert q["speaker"].tolist() == ["Karim Hadi"]
    assert q["quote"].iloc[0] == "any violence against the police"
    assert q["rule"].iloc[0] == "indirect-object"


def test_indirect_demand_with_that_clause_then_partial_quote():
    text = (
        "The head of the “Union” party, Fadi Nasser, demanded more than once that a date be set for "
        "the elections, pointing out that the delay “harms the trust of the voters.”"
    )
    q = quotes_of(text)
    assert q["kind"].tolist() == ["indirect", "partial"]
    assert q["speaker"].tolist() == ["Fadi Nasser", "Fadi Nasser"]
    assert q["quote"].iloc[0] == "a date be set for the elections"


def test_quote_continued_over_paragraphs():
    text = (
        "The chief negotiator, Yusuf Amin, said: “We will continue.\n\n"
        "“The next round starts in June.\n\n"
        "“Nobody should doubt our resolve.”"
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == ["Yusuf Amin"] * 3
    assert q["paragraph"].tolist() == [1, 2, 3]
    assert q["rule"].tolist()[1:] == ["multi-paragraph", "multi-paragraph"]


def test_single_quoted_speech_with_apostrophes_inside():
    text = "'We don't want another war,' said Karim Nouri, a farmer from the south. Iraq's neighbours disagree."
    q = quotes_of(text)
    assert q["quote"].tolist() == ["We don't want another war,"]
    assert q["speaker"].tolist() == ["Karim Nouri"]


def test_unattributed_speech_is_unknown():
    q = quotes_of(
        "“The bridge will never be rebuilt in our lifetime, never,” a sign on the wall read."
    )
    assert q["speaker"].tolist() == ["unknown"]
    assert q["speaker_id"].tolist() == ["unknown"]
    assert q["rule"].tolist() == ["unattributed"]


def test_offsets_and_ids_for_plain_text():
    text = "Mayor Rami Aziz said, “The water is back.”\n\nHe added, “The power is next.”"
    q = quotes_of(text)
    body = "Mayor Rami Aziz said, “The water is back.”\n\nHe added, “The power is next.”"
    assert [body[s:e] for s, e in zip(q["start"], q["end"], strict=True)] == q["quote"].tolist()
    assert q["quote_id"].tolist() == ["q01", "q02"]


def test_rule_names_are_documented():
    q = quotes_of(
        "The writer Hassan Ali said, “Nothing has changed.” He added, “Everything is the same as before.”"
    )
    assert set(q["rule"]) <= set(RULES)


def test_reporting_verbs_come_from_the_data_file():
    verbs = reporting_verbs()
    assert (
        verbs["say"] == "speech" and verbs["believe"] == "belief" and verbs["condemn"] == "object"
    )


def test_precomputed_docs_are_not_reparsed_and_must_match():
    from helpers.article import Article
    from helpers.nlp import get_nlp

    article = Article.from_text("Mayor Rami Aziz said, “The water is back.”")
    docs = list(get_nlp().pipe(article.paragraphs["text"]))
    assert extract_quotes(article, docs=docs)["speaker"].tolist() == ["Rami Aziz"]
    with pytest.raises(ValueError, match="parsed paragraphs"):
        extract_quotes(article, docs=[])


# --------------------------------------------------------------------------- the bundled article


@pytest.fixture(scope="module")
def bundled_quotes(bundled_article):
    return extract_quotes(bundled_article)


def test_bundled_offsets_point_into_the_body(bundled_article, bundled_quotes):
    body = bundled_article.body
    for row in bundled_quotes.itertuples():
        assert body[row.start : row.end] == row.quote
    assert bundled_quotes["start"].is_monotonic_increasing


def test_bundled_has_the_ten_speakers_in_order(bundled_quotes):
    """The nine people of the brief, plus the Al-Fatah coalition (codebook A12: a named
    organisation that "has always demanded" a position is indirect speech)."""
    from helpers.speakers import speaker_table

    table = speaker_table(bundled_quotes)
    assert table["speaker"].tolist() == [
        "Peshwa Hormani",
        "Basem Al-Awadi",
        "Ahmed Al-Yasiri",
        "Al-Fatah coalition",
        "Hadi Al-Amiri",
        "Ali Hussein",
        "Waad Al-Qaddo",
        "Muhammad Shiaa Al-Sudani",
        "Hamid Habib",
        "Haitham al-Hiti",
    ]


def test_bundled_names_and_scare_quotes_never_become_quotations(bundled_quotes):
    for name in [
        "Peshmerga",
        "Al-Fatah",
        "Nabni",
        "coordination framework",
        "Hezbollah Brigades",
        "Iraqi-Australian",
    ]:
        assert not (bundled_quotes["quote"].str.strip(" ,.") == name).any(), name


@pytest.mark.parametrize(
    ("fragment", "speaker", "kind"),
    [
        ("The federal government (in Baghdad) bears", "Peshwa Hormani", "direct"),
        ("unrealistic,", "Basem Al-Awadi", "partial"),
        ("lies and contribute", "Basem Al-Awadi", "partial"),
        ("If the state of balance is not controlled", "Ahmed Al-Yasiri", "direct"),
        ("a timetable be set", "Hadi Al-Amiri", "indirect"),
        ("will not end until they leave Iraq.", "Waad Al-Qaddo", "partial"),
        ("the escalation has entered a new phase", "Waad Al-Qaddo", "partial"),
        ("an extension of Tehran’s old project", "Ahmed Al-Yasiri", "partial"),
        ("broad political opposition", "Ahmed Al-Yasiri", "partial"),
        ("Despite the awareness of the loyalist movements", "Ahmed Al-Yasiri", "partial"),
        ("the withdrawal of American forces from the country", "Al-Fatah coalition", "indirect"),
        (
            "any armed activity outside the military establishment",
            "Muhammad Shiaa Al-Sudani",
            "indirect",
        ),
        ("a kind of multidimensional guarantee", "Hamid Habib", "partial"),
        ("These forces do not want to repeat", "Hamid Habib", "direct"),
        ("political gain and promotion", "Hamid Habib", "partial"),
        ("The new scenario adopted by Iran’s allies", "Haitham al-Hiti", "direct"),
        ("a major blow to Washington’s influence", "Haitham al-Hiti", "partial"),
    ],
)
def test_bundled_quotation_speaker_and_kind(bundled_quotes, fragment, speaker, kind):
    hits = bundled_quotes[bundled_quotes["quote"].str.contains(fragment, regex=False)]
    assert len(hits) == 1
    assert hits["speaker"].item() == speaker
    assert hits["kind"].item() == kind


def test_bundled_broken_marks_do_not_leak(bundled_quotes, bundled_article):
    # "… as happened.” In 2011.”": the quotation ends at the first closing mark (codebook A6)
    row = bundled_quotes[bundled_quotes["quote"].str.contains("as happened", regex=False)]
    assert row["quote"].item().endswith("as happened.")
    # the nested “Operated by Washington.” stays inside Habib's quotation
    row = bundled_quotes[
        bundled_quotes["quote"].str.contains("Operated by Washington", regex=False)
    ]
    assert row["quote"].item().startswith("These forces")
    # every quotation lies within one paragraph
    for r in bundled_quotes.itertuples():
        para = bundled_article.paragraphs.iloc[r.paragraph - 1]
        assert para.start <= r.start and r.end <= para.end


def test_bundled_journalist_voice_is_not_quoted(bundled_quotes):
    assert (
        not bundled_quotes["quote"].str.contains("there are no American signs", regex=False).any()
    )
    assert (
        not bundled_quotes["quote"].str.contains("the fears of decision-makers", regex=False).any()
    )


# --------------------------------------------------------------------------- general news patterns


def test_name_the_tagger_reads_as_a_noun_is_still_the_speaker():
    text = (
        "Ann Walters visited a factory in Ohio.\n\n"
        "Walters shot back in a statement, saying she’s “made a lot of money in bad markets.”"
    )
    assert who_said(text, "lot of money") == "Ann Walters"


def test_party_and_state_parenthesis_is_not_the_speaker():
    text = (
        "Saturday at the Ohio Democratic state’s party convention Sen. Jane Roe (D-OH) said "
        "presumptive Republican nominee Carl Hobbs was a “proven failure” in business."
    )
    assert who_said(text, "proven failure") == "Jane Roe"
    text = (
        "“We will not back down from this fight, not ever,” added Rep. John Doe (D-S.C.), the whip."
    )
    assert who_said(text, "back down") == "John Doe"


def test_name_in_apposition_after_a_fronted_phrase():
    text = (
        "In a statement to the Gazette, her chief policy aide, Peter Lang, said: "
        "“The governor believes that trade across the Pacific is essential.”"
    )
    assert who_said(text, "trade across") == "Peter Lang"


def test_pronoun_before_anyone_is_quoted_goes_to_the_last_person_named():
    intro = "Mr. Tom Jones visited the plant on Monday. The vendor denied any fault.\n\n"
    text = intro + "“It bothers me very much that nobody is working on this issue,” he said."
    assert who_said(text, "bothers me") == "Tom Jones"
    # "she" never goes to a man
    text = intro + "“It bothers me very much that nobody is working on this issue,” she said."
    assert who_said(text, "bothers me") == "unknown"


def test_documents_speak_for_their_authors():
    text = "“The economy will slow down sharply next year,” the IMF report stated."
    assert who_said(text, "slow down") == "IMF report"
    text = "The ad says “nothing will change until we elect candidates who reject that money.”"
    assert who_said(text, "nothing will change") == "ad"


def test_short_description_after_the_quote_is_an_unnamed_speaker():
    text = "“There should be many more checks, not just one list,” the businessman replied."
    q = quotes_of(text)
    assert q["speaker"].iloc[0] == "a businessman (unnamed)"
    assert q["rule"].iloc[0] == "role-only"
    # a long clause the parser took for a subject is not a description
    text = (
        "“There should be many more checks, not just one list,” the rationale these liars at the "
        "paper use to smear the other candidates holds."
    )
    assert who_said(text, "more checks") == "unknown"


def test_name_and_colon_introduce_a_quotation():
    text = (
        "The result does not surprise Democratic pollster Nora Vance: “Historically, little-known "
        "candidates who win early contests have seen the biggest boost.”"
    )
    q = quotes_of(text)
    assert q["speaker"].iloc[0] == "Nora Vance"
    assert q["rule"].iloc[0] == "colon-name"
    assert q["kind"].iloc[0] == "direct"
    # a colon after a common noun names nobody
    text = "The lesson is simple: “Keep on contacting voters as late as you possibly can.”"
    assert quotes_of(text)["speaker"].iloc[0] == "unknown"


def test_quotation_paragraph_after_a_paragraph_about_a_person():
    text = (
        "Baker Luis Ortega praised the mayor’s work after the flood.\n\n"
        "“We need someone who is going to cut through the noise and bring people together.”"
    )
    q = quotes_of(text)
    assert q["speaker"].iloc[0] == "Baker Luis Ortega"
    assert q["rule"].iloc[0] == "introduced-speaker"
    # not when the paragraph before is about a thing
    text = (
        "The storm destroyed most of the houses along the coast.\n\n"
        "“We need someone who is going to cut through the noise and bring people together.”"
    )
    assert quotes_of(text)["speaker"].iloc[0] == "unknown"


def test_speaker_after_the_verb_parsed_as_its_object():
    text = (
        "“There are more candidates in the race, many of whom have practically lived in the "
        "county,” added another New Hampshire Democrat."
    )
    assert who_said(text, "more candidates") == "New Hampshire Democrat"
    # the quotation must open the sentence: here "Radio" is whom the foundation told
    text = (
        "The Elm Street Foundation did not want to discuss “that man and his many "
        "lawsuits,” telling Radio 12 that it is focused on its schools."
    )
    assert who_said(text, "that man") != "Radio"


def test_inverted_lead_in_said_name_colon():
    text = "Said Marlow: “I think the risks are so great that they would try anything at all.”"
    q = quotes_of(text)
    assert q["speaker"].iloc[0] == "Marlow"
    assert q["mention"].iloc[0] == "Marlow"


def test_attribution_in_a_sentence_of_its_own_after_the_quote():
    text = (
        "Mr. Paul Brandt spoke first.\n\n"
        "“Ottawa, if you are listening, I hope you can find the files that went missing.” "
        "Kerrigan said."
    )
    q = quotes_of(text)
    assert q["speaker"].iloc[0] == "Kerrigan"
    assert q["rule"].iloc[0] == "quote-then-speaker"
    # a long sentence after the quotation is the writer's, not an attribution
    text = (
        "Mr. Paul Brandt spoke first.\n\n"
        "“Ottawa, if you are listening, I hope you can find the files that went missing.” "
        "Kerrigan said later that week in a long interview with a local paper that he was joking."
    )
    assert who_said(text, "Ottawa") != "Kerrigan"


def test_dash_and_name_sign_the_quotation():
    text = "“We will win this state and then we will win the whole country” ― Jane Roe"
    q = quotes_of(text)
    assert q["speaker"].iloc[0] == "Jane Roe"
    assert q["rule"].iloc[0] == "dash-name"
    text = (
        "“Our schools deserve far better funding than they get today.” — Mayor John Doe, in a tweet"
    )
    assert who_said(text, "Our schools") == "John Doe"
    # a dash followed by a common word is not a signature
    text = "“Our schools deserve far better funding than they get today” — and nobody disagrees."
    assert who_said(text, "Our schools") == "unknown"


def test_colon_after_two_names_goes_to_the_first():
    text = (
        "Surveys were early, not wrong - Anna Reyes and Tom Baird: “Although the surveys "
        "failed to call the race, it is not because they were badly wrong.”"
    )
    assert who_said(text, "badly wrong") == "Anna Reyes"


def test_short_quote_closed_by_a_comma_before_a_name_is_speech():
    text = "“We’re river people,” Dalton said."
    assert who_said(text, "river people") == "Dalton"
    # without the comma, a short quoted phrase before a noun still modifies it
    text = "The “city people” vote went to the mayor again this year."
    assert quotes_of(text).empty


def test_second_quotation_of_the_paragraph_continues_its_speaker():
    text = (
        "The two farmers live by the river.\n\n"
        "“We’re river people,” Dalton said. “Marta is a local legend, and her neighbours "
        "all know her well.”"
    )
    q = quotes_of(text)
    assert list(q["speaker"]) == ["Dalton", "Dalton"]
    assert q["rule"].iloc[1] == "floating-quote"
    # a quotation in the middle of the writer's sentence is not a continuation
    text = (
        "The two farmers live by the river.\n\n"
        "“We’re river people,” Dalton said. Neighbours call the mayor “a local legend who "
        "everyone in town seems to know well.”"
    )
    assert who_said(text, "local legend") != "Dalton"
