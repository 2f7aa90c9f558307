"""Canonical speakers (helpers.speakers): aliases, titles, roles, pronouns, the speaker table."""

from __future__ import annotations

import pandas as pd

from helpers.speakers import (
    SPEAKER_COLUMNS,
    SpeakerRegistry,
    name_key,
    slugify,
    speaker_table,
    split_title,
)

# --------------------------------------------------------------------------- names and titles


def test_titles_are_split_from_names():
    assert split_title("Prime Minister Muhammad Shiaa Al-Sudani") == (
        "Prime Minister",
        "Muhammad Shiaa Al-Sudani",
    )
    assert split_title("Dr. Sara Kamal") == ("Dr.", "Sara Kamal")
    assert split_title("Lt. Gen. Omar Fadel") == ("Lt. Gen.", "Omar Fadel")
    assert split_title("Deputy Oil Minister Basim Nouri") == ("Deputy Oil Minister", "Basim Nouri")
    assert split_title("Sheikh Ahmed") == ("Sheikh", "Ahmed")


def test_a_name_without_title_is_unchanged():
    assert split_title("Hamid Habib") == ("", "Hamid Habib")
    assert split_title("President") == ("", "President")  # a title alone is not split


def test_name_particles_are_case_insensitive():
    assert name_key("Haitham al-Hiti") == name_key("Haitham Al-Hiti") == ("haitham", "hiti")
    assert name_key("Al-Yasiri") == ("yasiri",)


def test_slug_is_ascii_and_stable():
    assert slugify("Ahmed Al-Yasiri") == "ahmed-al-yasiri"
    assert slugify("a senior official (anonymous)") == "a-senior-official-anonymous"
    assert slugify("Sélim Çelik") == "selim-celik"


# --------------------------------------------------------------------------- the registry


def test_surname_alone_is_an_alias_of_the_full_name():
    reg = SpeakerRegistry()
    full = reg.person("Ahmed Al-Yasiri", offset=10, role="head of the “Gulf” center")
    assert reg.person("Al-Yasiri", offset=50) is full
    assert reg.person("al-Yasiri", offset=90) is full
    assert full.name == "Ahmed Al-Yasiri"
    assert full.aliases == ["Ahmed Al-Yasiri", "Al-Yasiri"]  # case variants are one alias


def test_canonical_name_is_the_earliest_instance_of_the_longest_form():
    reg = SpeakerRegistry()
    short = reg.person("Habib", offset=5)
    assert reg.person("Hamid Habib", offset=40) is short
    assert reg.person("hamid habib", offset=80) is short
    assert short.name == "Hamid Habib"


def test_title_goes_to_role_not_name():
    reg = SpeakerRegistry()
    sp = reg.person("Representative Waad Al-Qaddo", offset=0)
    assert sp.name == "Waad Al-Qaddo"
    assert sp.role == "Representative"


def test_different_people_stay_apart():
    reg = SpeakerRegistry()
    a = reg.person("Hamid Habib", offset=0)
    b = reg.person("Ali Hussein", offset=10)
    assert a is not b and len(reg.speakers) == 2


def test_definite_role_mention_finds_the_person_with_that_role():
    reg = SpeakerRegistry()
    yasiri = reg.person("Ahmed Al-Yasiri", offset=0, role="head of the “Iraqi-Australian” center")
    reg.person("Hadi Al-Amiri", offset=20, role="head of the “Nabni” coalition")
    assert reg.by_role("The head of the “Iraqi-Australian” Center") is yasiri
    assert reg.by_role("the spokesman of the ministry") is None


def test_pronoun_focus_respects_gender():
    reg = SpeakerRegistry()
    laila = reg.person("Laila Haddad", offset=0, role="ministry spokeswoman")
    tariq = reg.person("Tariq Samir", offset=10, title="Mr.")
    reg.focus(laila)
    reg.focus(tariq)
    assert reg.in_focus("she") is laila
    assert reg.in_focus("he") is tariq


def test_pronoun_gender_is_learnt_from_use():
    reg = SpeakerRegistry()
    sara = reg.person("Sara Kamal", offset=0)
    omar = reg.person("Omar Rahim", offset=10)
    reg.focus(sara)
    assert reg.in_focus("she") is sara  # unknown gender: compatible, and now female
    reg.focus(omar)
    assert reg.in_focus("he") is omar  # now male
    reg.focus(sara)
    assert reg.in_focus("he") is omar  # Sara is skipped: she was learnt to be female
    assert reg.in_focus("she") is sara


def test_anonymous_and_unnamed_sources():
    reg = SpeakerRegistry()
    anon = reg.unnamed("A senior official", offset=0, anonymous=True)
    assert anon.name == "a senior official (anonymous)"
    assert reg.unnamed("a senior official", offset=30, anonymous=True) is anon
    assert reg.unnamed("the spokesman", offset=40).name == "a spokesman (unnamed)"
    assert reg.unnamed("Observers", offset=50, generic=True).name == "observers (unnamed)"


def test_organisations_and_reference_by_their_noun():
    reg = SpeakerRegistry()
    embassy = reg.organisation("The US embassy in Baghdad", offset=0)
    ministry = reg.organisation("Iraq’s Ministry of Foreign Affairs", offset=10)
    assert embassy.name == "US embassy in Baghdad"
    assert ministry.name == "Iraq’s Ministry of Foreign Affairs"  # the apostrophe stays
    assert reg.find_org("embassy") is embassy
    assert reg.find_org("ministry") is ministry
    assert reg.find_org("army") is None


# --------------------------------------------------------------------------- the table


def _quotes() -> pd.DataFrame:
    rows = [
        (
            "q01",
            "ahmed-al-yasiri",
            "Ahmed Al-Yasiri",
            "the head of the center, Ahmed Al-Yasiri",
            "one two three",
            10,
        ),
        ("q02", "hamid-habib", "Hamid Habib", "Habib", "four five", 50),
        ("q03", "ahmed-al-yasiri", "Ahmed Al-Yasiri", "He", "six", 90),
        ("q04", "unknown", "unknown", "", "seven eight nine ten", 120),
    ]
    return pd.DataFrame(
        rows, columns=["quote_id", "speaker_id", "speaker", "mention", "quote", "start"]
    )


def test_speaker_table_counts_quotes_and_words_in_order_of_appearance():
    table = speaker_table(_quotes())
    assert list(table.columns) == SPEAKER_COLUMNS
    assert table["speaker"].tolist() == ["Ahmed Al-Yasiri", "Hamid Habib", "unknown"]
    assert table["quotes"].tolist() == [2, 1, 1]
    assert table["words"].tolist() == [4, 2, 4]


def test_speaker_table_without_registry_derives_aliases_from_mentions_not_pronouns():
    table = speaker_table(_quotes())
    assert table.loc[0, "aliases"] == "the head of the center, Ahmed Al-Yasiri"


def test_speaker_table_uses_registry_roles_when_attached():
    q = _quotes()
    q.attrs["speakers"] = {
        "hamid-habib": {"role": "academic researcher", "aliases": "Hamid Habib; Habib"}
    }
    table = speaker_table(q)
    assert table.set_index("speaker_id").loc["hamid-habib", "role"] == "academic researcher"


def test_speaker_table_of_no_quotes_is_empty_with_columns():
    table = speaker_table(pd.DataFrame())
    assert table.empty and list(table.columns) == SPEAKER_COLUMNS


def test_speaker_table_of_the_bundled_article(bundled_article):
    from helpers.quotes import extract_quotes

    table = speaker_table(extract_quotes(bundled_article)).set_index("speaker")
    assert table.loc["Ahmed Al-Yasiri", "quotes"] == 14
    assert "Al-Yasiri" in table.loc["Ahmed Al-Yasiri", "aliases"]
    assert table.loc["Waad Al-Qaddo", "role"].endswith("Representative")
    assert table.loc["Muhammad Shiaa Al-Sudani", "role"] == "Prime Minister"
    assert table.loc["Haitham al-Hiti", "role"] == "political science professor"
    assert "unknown" not in table.index


def test_last_named_person_for_a_pronoun_respects_gender():
    reg = SpeakerRegistry()
    tom = reg.person("Mr. Tom Jones", offset=0)
    reg.person("Ann Lee", offset=10)
    reg.named(tom)
    assert reg.last_named("he") is tom
    assert reg.last_named("she") is None  # Tom Jones is male and nobody else was named since
    assert reg.last_named("they") is None
