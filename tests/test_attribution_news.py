"""Who said what in everyday news writing: the conventions of codebook A13, one test each.

Every sentence is invented for the test (the development and blind articles are scored by
bench/validation.py and bench/blind.py, not here). Each test says what must be found and, where
the convention has a trap, what must not.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.quotes import RULES, extract_quotes, find_quote_spans


def quotes_of(*paragraphs: str) -> pd.DataFrame:
    return extract_quotes("\n\n".join(paragraphs))


def speaker_of(fragment: str, *paragraphs: str) -> str:
    """The speaker of the one quotation (any kind) that contains ``fragment``."""
    q = quotes_of(*paragraphs)
    hits = q[q["quote"].str.contains(fragment, regex=False)]
    assert len(hits) == 1, (
        f"expected one quotation with {fragment!r}, got\n{q[['speaker', 'quote']]}"
    )
    return hits["speaker"].iloc[0]


def rule_of(fragment: str, *paragraphs: str) -> str:
    q = quotes_of(*paragraphs)
    return q[q["quote"].str.contains(fragment, regex=False)]["rule"].iloc[0]


# --------------------------------------------------------------------------- titles and roles


def test_a_title_used_alone_refers_back_to_the_person_introduced_with_it():
    text = (
        "Maj. Gen. Karim Nasser, spokesman for the Joint Operations Command, said the border "
        "was calm. The general added: “We will not allow the cells to return.”"
    )
    assert speaker_of("cells to return", text) == "Karim Nasser"
    assert rule_of("cells to return", text) == "role-reference"


def test_a_role_used_alone_refers_back_to_the_most_recent_person_with_that_role():
    first = "Spokesman Ali Jawad said the talks would resume on Sunday."
    second = "Later, a second spokesman, Omar Dabbagh, said the date was not fixed."
    third = "“Nothing has been decided yet,” the spokesman told reporters."
    assert speaker_of("Nothing has been decided", first, second, third) == "Omar Dabbagh"


@pytest.mark.parametrize(
    ("introduced", "later"),
    [
        ("Speaker of Parliament Ali Hadi said the vote was delayed.", "the Speaker"),
        ("Anbar Governor Omar Rashid said the road was open.", "the governor"),
        ("MP Nadia Sabri said the bloc would vote against the law.", "the lawmaker"),
        ("Tribal leader Sheikh Hamid Dulaimi said the tribes were ready.", "the sheikh"),
    ],
)
def test_titles_and_their_synonyms_refer_back(introduced, later):
    quote = f"“We expected nothing less from Baghdad,” {later} said."
    name = introduced.split(" said")[0].split()[-2:]
    assert speaker_of("We expected nothing less", introduced, quote) == " ".join(name)


def test_a_word_that_is_a_title_is_never_the_speaker():
    text = "Speaker of Parliament Ali Hadi said the session “will go ahead as planned.”"
    assert speaker_of("go ahead as planned", text) == "Ali Hadi"


def test_an_age_or_a_long_apposition_after_the_name_is_not_part_of_it():
    text = "“The plan will never work,” Jane Roe, 70, a former oil minister, told the paper."
    assert speaker_of("plan will never work", text) == "Jane Roe"


def test_a_person_merely_mentioned_in_the_attribution_is_not_the_speaker():
    text = (
        "“The budget is a fiction,” said analyst Sara Nouri, who advised Prime Minister "
        "Omar Aziz during the last crisis."
    )
    assert speaker_of("budget is a fiction", text) == "Sara Nouri"


# --------------------------------------------------------------------------- unnamed sources


def test_an_anonymous_source_keeps_its_affiliation_and_is_referred_back_to():
    text = (
        "A senior official in the Interior Ministry, who spoke on condition of anonymity, said "
        "that the force “will stay in Anbar.” The official added that a second brigade was "
        "on its way to the border."
    )
    q = quotes_of(text)
    assert set(q["speaker"]) == {"a senior official in the Interior Ministry (anonymous)"}
    assert len(q) == 2


def test_two_anonymous_sources_stay_apart():
    text = (
        "A senior official in the Interior Ministry, who spoke on condition of anonymity, said "
        "the checkpoint had been warned. A Western diplomat in Baghdad, who asked not to be "
        "named, said the embassies were worried about the attack."
    )
    q = quotes_of(text)
    assert q["speaker"].tolist() == [
        "a senior official in the Interior Ministry (anonymous)",
        "a Western diplomat in Baghdad (anonymous)",
    ]


def test_a_described_plural_source_speaks_as_one_group():
    text = "Two Iraqi security officials said the gunmen had crossed from the Syrian side."
    assert speaker_of("gunmen had crossed", text) == "two Iraqi security officials (anonymous)"
    assert rule_of("gunmen had crossed", text) == "group"


def test_a_vague_plural_source_gives_no_indirect_speech():
    text = "Observers believe that the vote will be postponed again until the spring."
    assert quotes_of(text).empty


def test_lawmakers_from_a_named_bloc_are_the_blocs_lawmakers():
    text = (
        "Lawmakers from the Reform bloc said the amendment had been drafted “behind closed doors.”"
    )
    assert speaker_of("behind closed doors", text) == "lawmakers from the Reform bloc"


# --------------------------------------------------------------------------- organisations


def test_an_apposition_is_not_the_organisations_name():
    text = (
        "The Popular Front, an alliance of five parties, said in a statement that the law was "
        "“tailored to keep the big parties in power.”"
    )
    assert speaker_of("tailored to keep", text) == "Popular Front"


def test_an_organisation_speaks_through_it_and_a_shortened_name():
    text = (
        "The Popular Front, an alliance of five parties, said it would boycott the session. "
        "The Front expressed its concern about what it described as “a coup against the "
        "constitution.”"
    )
    assert speaker_of("coup against the constitution", text) == "Popular Front"


def test_an_acronym_in_parentheses_is_not_the_name_and_later_names_the_organisation():
    text = (
        "The Federation of Oil Producers (FOP) said exports would resume on Monday.",
        "“We will not pump a barrel more until we are paid,” FOP said in a second statement.",
    )
    q = quotes_of(*text)
    assert set(q["speaker"]) == {"Federation of Oil Producers"}


def test_a_document_speaks_for_the_organisation_that_issued_it():
    text = (
        "The Northern Producers Group (NPG) issued a statement saying it “welcomes any step "
        "that gets oil flowing again.”"
    )
    assert speaker_of("welcomes any step", text) == "Northern Producers Group"


def test_a_dateline_is_not_a_speaker():
    text = "BAGHDAD (AP) — “We will not leave,” the minister said on Sunday."
    assert "BAGHDAD" not in speaker_of("We will not leave", text)


# --------------------------------------------------------------------------- cues


@pytest.mark.parametrize(
    "verb", ["sighed", "joked", "quipped", "conceded", "exclaimed", "boasted", "mused", "gushed"]
)
def test_manner_of_speaking_verbs_report_speech(verb):
    text = f"Mayor Rami Aziz spoke on Monday. “We are relying on luck,” the mayor {verb}."
    assert speaker_of("relying on luck", text) == "Rami Aziz"


def test_as_x_put_it_attributes_the_quotation():
    text = (
        "Analyst Muna Saleh spoke first. The amendment, as Saleh put it, is “a bet on low turnout.”"
    )
    assert speaker_of("a bet on low turnout", text) == "Muna Saleh"


def test_a_clause_ending_in_a_colon_introduces_the_quotation():
    text = "The spokesman, Shvan Rasul, put it bluntly: “Erbil will not sign a contract at a loss.”"
    assert speaker_of("Erbil will not sign", text) == "Shvan Rasul"


def test_in_a_chain_of_reporting_the_speaker_is_the_subject_of_the_highest_verb():
    text = "Donald Roe told a broadcaster that the campaign believes “the numbers are with us.”"
    assert speaker_of("numbers are with us", text) == "Donald Roe"
    text = "Senator Ann Bell said the vote was close, adding that it was “a moral victory.”"
    assert speaker_of("moral victory", text) == "Ann Bell"


def test_a_long_attribution_after_a_question_is_still_the_attribution():
    text = (
        "Nobody spoke for a minute. “Why would anyone believe that?” Jane Roe, the president’s "
        "adviser on energy policy, said at a briefing in Washington."
    )
    assert speaker_of("Why would anyone", text) == "Jane Roe"


def test_a_long_sentence_with_a_report_of_its_own_is_not_the_attribution():
    text = (
        "Mr. Paul Brandt spoke first. “I hope you can find the files that went missing.” "
        "Kerrigan said later that week in a long interview that he was joking."
    )
    assert speaker_of("files that went missing", text) != "Kerrigan"


# --------------------------------------------------------------------------- speech or label


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("Omar Aziz repeated his assertion that the “polls are rigged” at a rally.", "polls are rigged", "Omar Aziz"),
        ("The campaign of Omar Aziz dismissed the remarks as “locker room talk.”", "locker room talk", "campaign of Omar Aziz"),
        ("Clinton was “trying too hard,” Omar Aziz said.", "trying too hard", "Omar Aziz"),
        ("Omar Aziz said the company had done an “awful” job of the repairs.", "awful", "Omar Aziz"),
        ("Omar Aziz tweeted that his rival is a “loser” and a “liar.”", "loser", "Omar Aziz"),
        ("Governor Ali Rawi warned against what he called “panic politics” in Baghdad.", "panic politics", "Ali Rawi"),
    ],
)  # fmt: skip
def test_short_fragments_in_a_reported_clause_are_speech(text, fragment, speaker):
    assert speaker_of(fragment, text) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Minister Omar Saleh said the so-called “rocket season” had started again.",
        "The army began an operation it has named “Iron Valley” on Friday, officials said.",
        "Omar Saleh said the “Partnership Forward” plan would keep advisers in the country.",
        "Many in the region simply call the deal “oil for salaries” these days.",
    ],
)
def test_naming_frames_make_labels_not_quotations(text):
    q = quotes_of(text)
    assert not q["kind"].isin(["direct", "partial"]).any(), q[["quote", "rule"]]


def test_typewriter_apostrophes_are_a_double_quotation_mark():
    text = "''We finally may be seeing some wage acceleration,'' the economist Jared Ross wrote."
    assert [s.text(text) for s in find_quote_spans(text)] == [
        "We finally may be seeing some wage acceleration,"
    ]
    assert speaker_of("wage acceleration", text) == "Jared Ross"


def test_single_quotes_may_run_over_several_paragraphs():
    paragraphs = (
        "Minister Sabah Rikabi spoke on state television. The minister said:",
        "‘The oil of Iraq belongs to all Iraqis. Every barrel will be marketed by the state.",
        "‘In return, the federal government will pay the salaries in full and on time.’",
    )
    q = quotes_of(*paragraphs)
    assert q["speaker"].tolist() == ["Sabah Rikabi", "Sabah Rikabi"]
    assert q["rule"].tolist() == ["role-reference", "multi-paragraph"]


# --------------------------------------------------------------------------- indirect speech


@pytest.mark.parametrize(
    ("text", "content", "rule"),
    [
        ("The relief network called on the army to let aid convoys through the checkpoints.",
         "the army to let aid convoys through the checkpoints", "indirect-infinitive"),
        ("The UN mission urged the blocs to avoid any delay to the elections.",
         "the blocs to avoid any delay to the elections", "indirect-infinitive"),
        ("According to the army, troops killed two militants in an air strike on Monday.",
         "troops killed two militants in an air strike on Monday", "indirect-source"),
        ("Troops killed two militants in an air strike on Monday, according to the army.",
         "Troops killed two militants in an air strike on Monday", "indirect-source"),
    ],
)  # fmt: skip
def test_indirect_speech_without_a_that_clause(text, content, rule):
    q = quotes_of(text)
    assert q["quote"].tolist() == [content]
    assert q["kind"].tolist() == ["indirect"] and q["rule"].tolist() == [rule]


def test_agreeing_to_do_something_is_not_speech():
    text = "ERBIL – Baghdad and the regional government agreed on Sunday to resume crude exports."
    assert quotes_of(text).empty


def test_every_rule_a_row_names_is_in_the_rule_table():
    text = (
        "A senior official, who spoke on condition of anonymity, said talks were stuck. "
        "“We are far apart,” the official added. Observers said little."
    )
    assert set(quotes_of(text)["rule"]) <= set(RULES)


# --------------------------------------------------------------------------- pronouns


def test_a_pronoun_after_a_quotation_of_two_sentences_is_the_subject_before_the_quotation():
    earlier = "Minister Kamal Said opened the meeting. “We are ready,” he said."
    text = (
        "Hussein Jabbar, a farmer from Diwaniya, was unconvinced. “The canal is dry. Only the "
        "promises are wet,” he said. He added that his wheat had failed twice."
    )
    assert speaker_of("Only the promises", earlier, text) == "Hussein Jabbar"
    assert speaker_of("wheat had failed", earlier, text) == "Hussein Jabbar"


def test_a_pronoun_follows_the_same_pronoun_back_to_the_person_it_stands_for():
    text = (
        "Col. Rami Aziz, commander of the river police, said patrols had doubled.",
        "Trader Ahmed Kubba said business was slow. “Nobody buys at night,” he said.",
        "Back at the jetty, the colonel was asked when the curfew would end. He smiled. "
        "“Ask me after the summer,” he said.",
    )
    assert speaker_of("Ask me after the summer", *text) == "Rami Aziz"


def test_a_name_the_tagger_takes_for_a_place_is_a_person_when_a_role_stands_beside_it():
    text = (
        "Zahra Anbari, director of the Basra-based Clean Rivers Network, said half the water was "
        "lost to leaks. “We lose more than we drink,” she said."
    )
    assert speaker_of("We lose more", text) == "Zahra Anbari"


# --------------------------------------------------------------------------- datelines and marks


def test_a_dateline_is_not_part_of_the_reported_clause():
    q = quotes_of(
        "KUT, Iraq, May 2 (Reuters) - Gunmen attacked a police checkpoint on the main road late "
        "on Friday, killing two officers, four security sources said."
    )
    assert q["quote"].iloc[0].startswith("Gunmen attacked")
    assert q["speaker"].iloc[0] == "four security sources (anonymous)"


def test_according_to_the_sources_refers_back_to_the_group_introduced():
    q = quotes_of(
        "Gunmen attacked a checkpoint on the main road late on Friday, killing two officers, "
        "four security sources said.",
        "The attackers fled towards the marshes in two pickup trucks, according to the sources.",
    )
    assert q["speaker"].tolist() == ["four security sources (anonymous)"] * 2


def test_a_plural_possessive_apostrophe_does_not_close_reported_speech():
    q = quotes_of(
        "The head of the labour committee, Salma Fadhil, said the committee had received "
        "complaints from teachers' unions and nurses' associations."
    )
    assert q["quote"].tolist() == [
        "the committee had received complaints from teachers' unions and nurses' associations"
    ]


def test_a_commitment_after_a_dateline_the_parser_took_for_the_verb():
    q = quotes_of(
        "BAGHDAD — The Iraqi Bakers Association (IBA), which says it speaks for 9,000 bakeries, "
        "threatened on Sunday to stop baking for two days unless flour prices fall."
    )
    row = q[q["quote"].str.startswith("stop baking")]
    assert row["speaker"].tolist() == ["Iraqi Bakers Association"]
    assert row["rule"].tolist() == ["indirect-infinitive"]


def test_words_on_banners_are_not_speech_even_without_a_subject_of_their_own():
    q = quotes_of("Outside the ministry, banners hung from the railings read “Bread, not bullets.”")
    assert q.empty


# --------------------------------------------------------------------------- short quotations


def test_a_one_word_quotation_that_opens_the_sentence_is_speech_not_a_name():
    q = quotes_of("“Hopefully,” the mayor said, “the bridge will open before the rains.”")
    assert q["quote"].str.strip(" ,.").tolist() == [
        "Hopefully",
        "the bridge will open before the rains",
    ]
    assert set(q["speaker"]) == {"a mayor (unnamed)"}


def test_a_quoted_sentence_after_the_attribution_continues_it_and_is_direct():
    q = quotes_of("“We are not guests here,” the mayor added. “We're Basra.”")
    row = q[q["quote"].str.startswith("We're Basra")]
    assert row["kind"].tolist() == ["direct"]
    assert row["speaker"].tolist() == ["a mayor (unnamed)"]


def test_a_clause_ending_in_a_colon_gives_the_quotation_to_its_subject():
    text = "Governor Salim Taher is trying out a new campaign message: “It's about water.”"
    assert speaker_of("about water", text) == "Salim Taher"
    assert rule_of("about water", text) == "colon-intro"


def test_a_fragment_after_a_colon_is_a_slogan_not_a_quotation():
    q = quotes_of(
        "For years, ministers have sold one slogan to visitors: “a crossroads, not a trench.”"
    )
    assert q.empty


def test_comparing_something_to_quoted_words_reports_them():
    text = "Another critic, Jamal Rida, likened the decree to “closing the river with a sieve.”"
    assert speaker_of("closing the river", text) == "Jamal Rida"


# --------------------------------------------------------------------------- organisations again


def test_an_organisation_name_the_tagger_reads_as_one_keeps_its_and():
    q = quotes_of(
        "The Ministry of Labour and Social Affairs said in a statement that 9,000 workers had "
        "been registered.",
        "The Ministry of Oil and Exxon said in a statement that the talks had ended without a deal.",
    )
    assert q["speaker"].tolist() == ["Ministry of Labour and Social Affairs", "Ministry of Oil"]


def test_a_shortened_organisation_name_must_share_its_words():
    q = quotes_of(
        "Iraq’s Ministry of Oil said exports were stable. Iraq’s Ministry of Electricity said "
        "power was short.",
        "The electricity ministry said a delegation would travel to Tehran on Thursday.",
    )
    assert q["speaker"].iloc[-1] == "Iraq’s Ministry of Electricity"


def test_declining_to_say_is_not_speech():
    q = quotes_of(
        "Iraq’s Ministry of Electricity said on Tuesday that gas deliveries had fallen. It "
        "declined to say how long the reduction was expected to last."
    )
    assert q["quote"].tolist() == ["gas deliveries had fallen"]


def test_a_reported_clause_ends_where_the_reporter_s_sentence_goes_on():
    q = quotes_of(
        "The Ministry of Trade said on Sunday that wheat stocks had fallen to their lowest level "
        "since 2010, and renewed its call on farmers to deliver their harvest to state silos."
    )
    assert q["quote"].iloc[0].endswith("since 2010")
    assert any(text.startswith("farmers to deliver") for text in q["quote"])


def test_the_same_subject_s_second_verb_stays_in_the_reported_clause():
    q = quotes_of(
        "Two security officials said the gunmen had reached the checkpoint on motorbikes and "
        "fled toward the border before reinforcements arrived."
    )
    assert q["quote"].iloc[0].endswith("before reinforcements arrived")


def test_a_claim_is_its_owner_s_even_as_another_speaker_s_object():
    q = quotes_of("The minister rejected Senator Jane Roe's claim that the polls were rigged.")
    assert q["speaker"].tolist() == ["Jane Roe"]
    assert q["quote"].tolist() == ["the polls were rigged"]


def test_a_claim_with_a_possessive_pronoun_ends_with_its_clause():
    q = quotes_of(
        "Senator Jane Roe spoke first. Contrary to her claim that voters would learn nothing "
        "from the files, there would be a wealth of information."
    )
    assert q["quote"].tolist() == ["voters would learn nothing from the files"]
    assert q["speaker"].tolist() == ["Jane Roe"]


@pytest.mark.parametrize("verb", ["exhorted", "urged"])
def test_exhorting_someone_to_quoted_words_reports_them(verb):
    text = f"Senator Jane Roe {verb} her party to “vote your conscience” in November."
    assert speaker_of("vote your conscience", text) == "Jane Roe"


# --------------------------------------------------------------------------- names again


def test_a_dateline_with_a_date_and_a_hyphen_is_not_part_of_the_name():
    q = quotes_of(
        "KIRKUK, Oct 7 - The Central Bank of Iraq said on Monday that its restrictions would "
        "stay in place."
    )
    assert q["speaker"].tolist() == ["Central Bank of Iraq"]


def test_titles_without_a_full_stop_are_titles():
    q = quotes_of("Dr Hawra Saleh, who teaches law in Basra, said the draft was silent.")
    assert q["speaker"].tolist() == ["Hawra Saleh"]


def test_a_name_the_parser_split_into_several_subjects_stays_whole():
    text = (
        "Defending the draft, Hussein Abbas al-Khafaji of the Dawn coalition, the largest bloc, "
        "accused the organisers of “using the street as a bargaining chip”."
    )
    assert speaker_of("bargaining chip", text) == "Hussein Abbas al-Khafaji"


def test_a_name_in_apposition_to_an_organisation_noun_is_an_organisation():
    q = quotes_of(
        "The field’s operator, Zagros Gasworks, said in a statement that production had "
        "resumed. It said none of its staff had been hurt."
    )
    assert q["speaker"].tolist() == ["Zagros Gasworks"] * 2


def test_an_organisation_noun_refers_to_the_organisation_named_before_even_if_silent():
    q = quotes_of(
        "BAGHDAD — The General Union of Iraqi Bakers (GUIB), which says it speaks for 9,000 "
        "bakeries, threatened on Sunday to stop baking.",
        "In a statement issued after a meeting of its board, the union said flour had not been "
        "delivered since March.",
    )
    row = q[q["quote"].str.startswith("flour")]
    assert row["speaker"].tolist() == ["General Union of Iraqi Bakers"]


# --------------------------------------------------------------------------- round 3: sources described, not named


def test_a_described_source_who_asked_not_to_be_named_is_anonymous_and_referred_back_to():
    first = (
        "A shepherd near Sinjar, an old man who asked that his name not be printed, told "
        "reporters that the patrols had stopped coming at night."
    )
    second = "The shepherd we met at the well was blunter. “Nobody guards us now,” he said."
    q = quotes_of(first, second)
    assert "his name not be printed" not in " ".join(q["quote"])  # a request, not speech
    assert speaker_of("patrols had stopped", first, second) == "a shepherd near Sinjar (anonymous)"
    assert speaker_of("Nobody guards us", first, second) == "a shepherd near Sinjar (anonymous)"


def test_a_title_word_before_an_organisation_noun_is_part_of_its_name():
    text = "The General Federation of Iraqi Farmers (GFIF) said the harvest would be late."
    assert speaker_of("harvest would be late", text) == "General Federation of Iraqi Farmers"
    assert speaker_of("harvest", "General Hamid Saleh said the harvest was late.") == (
        "Hamid Saleh"
    )


def test_an_organisations_statement_speaks_for_the_organisation():
    first = "The Basra Traders Guild (BTG) said on Monday that its members would strike."
    second = "The BTG’s statement ended with a warning: “We will not open our shops.”"
    assert speaker_of("open our shops", first, second) == "Basra Traders Guild"


def test_a_common_noun_owner_is_not_part_of_an_organisations_name():
    text = (
        "The ministry’s Directorate of Antiquities said in a statement that three tablets "
        "had been returned."
    )
    assert speaker_of("tablets", text) == "Directorate of Antiquities"


def test_an_acronym_in_parentheses_is_not_the_name_of_an_anonymous_official():
    text = (
        "An engineer at the State Company for Dams (SCD), who spoke on condition of anonymity, "
        "said the spillway needed repairs."
    )
    assert speaker_of("spillway", text) == "an engineer at the State Company for Dams (anonymous)"


# --------------------------------------------------------------------------- round 3: two clauses, one verb


def test_an_unquoted_clause_before_a_quoted_one_is_indirect_speech():
    text = (
        "The Ministry of Trade said in a statement that it had paid the farmers for March, and "
        "that the rest would follow “once the budget is approved.”"
    )
    q = quotes_of(text)
    assert sorted(q["kind"]) == ["indirect", "partial"]
    assert speaker_of("paid the farmers for March", text) == "Ministry of Trade"


def test_an_unquoted_clause_after_a_quoted_one_is_indirect_speech():
    text = (
        "Governor Ali Jabbar told the council that the bridge would reopen ‘within weeks, not "
        "months’, and that the contractor would pay for the delay."
    )
    assert speaker_of("contractor would pay", text) == "Ali Jabbar"


def test_two_unquoted_that_clauses_are_one_report():
    text = "Ali Jabbar said that the bridge would reopen in May and that the contractor would pay."
    q = quotes_of(text)
    assert len(q) == 1 and "contractor would pay" in q["quote"].iloc[0]


def test_a_statement_sent_to_a_newspaper_still_reports_its_that_clause():
    text = (
        "The embassy said in a statement sent to the Basra Courier that the consulate would "
        "reopen in June."
    )
    assert speaker_of("consulate would reopen", text) == "embassy"


def test_a_trailing_attribution_may_end_with_why_the_source_is_anonymous():
    text = (
        "The new border crossing will open in the autumn, two customs officers said, speaking "
        "on condition of anonymity because they were not allowed to brief reporters."
    )
    assert speaker_of("border crossing", text) == "two customs officers (anonymous)"


# --------------------------------------------------------------------------- round 4


def test_a_dateline_then_a_role_then_the_name_gives_the_name():
    first = (
        "ERBIL – Iraq's Minister of Housing and Reconstruction, Nadia Karim al-Obeidi, says the "
        "government will rebuild the bridges by spring."
    )
    second = "The minister called the plan “the end of the ruins, not a promise on paper.”"
    assert speaker_of("rebuild the bridges", first, second) == "Nadia Karim al-Obeidi"
    assert speaker_of("end of the ruins", first, second) == "Nadia Karim al-Obeidi"


def test_a_title_word_that_ends_a_known_name_is_that_person():
    first = "Nisreen Qasim Haji, a volunteer in Duhok, said the camps were full."
    second = "“We have no more tents,” Haji told reporters by telephone."
    assert speaker_of("no more tents", first, second) == "Nisreen Qasim Haji"


def test_the_title_of_a_general_is_not_taken_from_a_hospital_name():
    first = "Maj Gen Salim Khalaf al-Jubouri said the road was safe again."
    second = "At the Qurna General Hospital, doctors treated three wounded men."
    third = "Back at the checkpoint, the general said the patrols would continue at night."
    assert speaker_of("patrols would continue", first, second, third) == "Salim Khalaf al-Jubouri"


def test_an_unnamed_source_by_affiliation_and_declining_to_be_named():
    first = (
        "Two more banks will be cut off from the dollar auction, according to an executive at "
        "a Basra private bank who has seen the list."
    )
    second = "“Nobody was surprised,” the executive said, declining to be named."
    who = "an executive at a Basra private bank (anonymous)"
    assert speaker_of("cut off from the dollar auction", first, second) == who
    assert speaker_of("Nobody was surprised", first, second) == who


def test_a_question_asked_in_passing_does_not_take_the_answer():
    first = "Planning Minister Hassan Ali al-Tamimi opened the conference."
    second = (
        "The minister admitted, when a reporter asked about the budget, that the money was "
        "‘still being found’."
    )
    assert speaker_of("still being found", first, second) == "Hassan Ali al-Tamimi"


# --------------------------------------------------------------------------- round 5: features


def test_a_first_name_after_the_full_name_is_that_person():
    first = "Haidar Jalil Mousa, who clears mines for a living, walked ahead of us."
    second = "“Every winter the rain moves them,” Haidar said."
    assert speaker_of("rain moves them", first, second) == "Haidar Jalil Mousa"


def test_a_first_name_shared_by_two_known_people_is_not_guessed():
    first = "Haidar Jalil Mousa and Haidar Salim Aziz both work on the team."
    second = "“Every winter the rain moves them,” Haidar said."
    assert speaker_of("rain moves them", first, second) not in (
        "Haidar Jalil Mousa",
        "Haidar Salim Aziz",
    )


def test_a_description_after_a_named_subject_is_that_person():
    text = (
        "Every morning Kadhim Jabbar Lafta walks the edge of his field with a stick. “The land "
        "is generous,” the 61-year-old farmer said."
    )
    assert speaker_of("land is generous", text) == "Kadhim Jabbar Lafta"


def test_an_organisation_name_with_a_plural_possessive_stays_whole():
    text = (
        "The General Union of Teachers’ Syndicates (GUTS) said in a statement that its members "
        "had not been paid “for three months.”"
    )
    assert speaker_of("for three months", text).startswith("General Union of Teachers")
    assert "Syndicates" in speaker_of("for three months", text)


def test_given_names_tell_a_new_he_from_a_new_she():
    first = "Zainab Kareem, a nurse, and Omar Fadhil, a driver, both volunteer at the clinic."
    second = "“We start before dawn,” she said. “Nobody pays us,” he added."
    assert speaker_of("before dawn", first, second) == "Zainab Kareem"
    assert speaker_of("Nobody pays us", first, second) == "Omar Fadhil"


def test_an_unnamed_relative_is_not_given_an_article():
    text = "“He still walks the field every morning,” his wife said."
    assert speaker_of("walks the field", text) == "his wife (unnamed)"
