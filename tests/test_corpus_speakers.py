"""Corpus speakers: one person across articles, however their name is transliterated.

What must be folded: the same name in another transliteration (Muhammad/Mohammed, Al-/al-/El-,
doubled letters, -i/-y, Shia/Shiaa, Hamid/Hameed, ...), titles aside; a shorter form when one
corpus speaker fits it; an organisation by its name and its acronym. What must not: two people
who share a surname, a surname two people share, a shorter form that fits several people, an
anonymous source of another article, anything the speakers file keeps apart. Every fold says
which rule joined which names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus_names import person_name, same_part
from helpers.corpus_speakers import (
    SpeakersFileError,
    fold_corpus,
    fold_speakers,
    parse_speakers_file,
    read_speakers_file,
)

from conftest import DATA, ROOT


def table(*articles: list[str]) -> pd.DataFrame:
    """A combined speaker table: one list of speaker names per article (``a``, ``b``, ...)."""
    rows = []
    for k, names in enumerate(articles):
        for n, name in enumerate(names):
            rows.append(
                {
                    "article": "abcdefgh"[k],
                    "speaker_id": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
                    "speaker": name,
                    "aliases": name,
                    "quotes": n + 1,
                    "words": 10 * (n + 1),
                }
            )
    return pd.DataFrame(rows)


def corpus_of(fold, article: str, name: str) -> str:
    """The corpus speaker of speaker ``name`` in ``article``."""
    rows = fold.rows[(fold.rows["article"] == article) & (fold.rows["speaker"] == name)]
    assert len(rows) == 1, f"{name} is not a speaker of article {article}"
    return rows["corpus_speaker"].iloc[0]


def row_of(fold, article: str, name: str) -> pd.Series:
    rows = fold.rows[(fold.rows["article"] == article) & (fold.rows["speaker"] == name)]
    return rows.iloc[0]


def explanation(fold, corpus_speaker: str) -> str:
    found = fold.speakers.loc[fold.speakers["corpus_speaker"] == corpus_speaker, "explanation"]
    return found.iloc[0]


# --------------------------------------------------------------------------- transliteration


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Muhammad Shiaa Al-Sudani", "Mohammed Shia al-Sudani"),  # o/u, mm, aa, Al-/al-
        ("Mohamed Shia El-Sudani", "Muhammad Shiaa Al-Sudany"),  # El-, -y ending
        ("Ahmed Al-Yasiri", "Ahmad al-Yasiri"),  # e for a
        ("Hamid Habib", "Hameed Habib"),  # ee for i
        ("Basem Al-Awadi", "Basim El-Awady"),  # e for i, -y ending
        ("Ali Hussein", "Ali Husain"),  # ei/ai, ss
        ("Haitham al-Hiti", "Haytham al-Hiti"),  # ai/ay
        ("Nouri al-Maliki", "Nuri al-Maliki"),  # ou for u
        ("Qasem Soleimani", "Ghasem Soleimani"),  # Persian q/gh
        ("Jawad Zarif", "Javad Zarif"),  # Persian v for Arabic w
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),  # Turkish letters
        ("Selahattin Demirtaş", "Selahattin Demirtas"),  # Turkish s-cedilla
        ("Masoud Barzani", "Massoud Barzani"),  # Kurdish, doubled s
        ("Adel Abdul Mahdi", "Adil Abd al-Mahdi"),  # an "Abd" name in two spellings
        ("Prime Minister Mohammed Shia al-Sudani", "Muhammad Shiaa Al-Sudani"),  # title
        ("Dr. Hamid Habib", "Sheikh Hameed Habib"),  # titles of two languages
    ],
)
def test_one_person_transliterated_two_ways_is_one_corpus_speaker(one, other):
    fold = fold_speakers(table([one], [other]))
    assert corpus_of(fold, "a", one) == corpus_of(fold, "b", other)
    (row,) = fold.speakers[fold.speakers["kind"] == "person"].itertuples()
    assert row.articles == 2 and row.article_ids == "a; b"
    joined = row_of(fold, "b", other)
    assert joined["corpus_rule"] in ("transliteration", "same-name")
    assert "joined to" in joined["corpus_explain"]


def test_the_explanation_names_both_spellings_and_the_rules_that_met():
    fold = fold_speakers(table(["Muhammad Shiaa Al-Sudani"], ["Mohammed Shia al-Sudani"]))
    why = explanation(fold, "Muhammad Shiaa Al-Sudani")
    assert "'Mohammed Shia al-Sudani' (b)" in why and "'Muhammad Shiaa Al-Sudani' (a)" in why
    assert "o for u" in why and "doubled letters" in why and "e for a or i" in why


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hana al-Rubaie", "Faris al-Rubaie"),  # the same surname, two people
        ("Hamid Habib", "Hamad Habib"),  # a and i are different vowels
        ("Hamid Habib", "Hamid al-Kaabi"),  # the same given name
        ("Salwa Hadi", "Hadi Al-Amiri"),  # a surname that is another's given name
        ("Basim Nouri", "Basem Al-Awadi"),
        ("Omar Haddad", "Amer Haddad"),  # Umar and Amir are different names
        ("Khalid al-Baghdadi", "Khalid al-Bagdadi Zubaie"),  # not the same surname
    ],
)
def test_different_people_stay_different_corpus_speakers(one, other):
    fold = fold_speakers(table([one], [other]))
    assert corpus_of(fold, "a", one) != corpus_of(fold, "b", other)
    assert len(fold.speakers) == 2


def test_two_people_with_one_surname_are_kept_apart_and_the_explanation_says_so():
    fold = fold_speakers(table(["Hana al-Rubaie"], ["Faris al-Rubaie"]))
    why = explanation(fold, "Hana al-Rubaie")
    assert "not joined with Faris al-Rubaie: the same surname, another given name" in why


def test_spelling_rules_do_not_make_every_vowel_alike():
    assert same_part(person_name("Hamed").parts[0], person_name("Hamid").parts[0])
    assert same_part(person_name("Hamed").parts[0], person_name("Hamad").parts[0])
    assert not same_part(person_name("Hamid").parts[0], person_name("Hamad").parts[0])
    assert not same_part(person_name("Ali").parts[0], person_name("Ala").parts[0])


def test_joins_never_chain_two_different_names_into_one_speaker():
    """Hamed fits both Hamid and Hamad, but Hamid and Hamad are two people: they stay apart."""
    fold = fold_speakers(table(["Hamid Habib"], ["Hamad Habib"], ["Hamed Habib"]))
    assert corpus_of(fold, "a", "Hamid Habib") != corpus_of(fold, "b", "Hamad Habib")
    assert "are different full names" in " ".join(fold.speakers["explanation"])


# --------------------------------------------------------------------------- shorter forms


def test_a_surname_alone_joins_the_one_person_who_has_it():
    fold = fold_speakers(table(["Muhammad Shiaa Al-Sudani"], ["al-Sudani"], ["Sudany"]))
    assert len(set(fold.rows["corpus_speaker"])) == 1
    assert row_of(fold, "b", "al-Sudani")["corpus_rule"] == "surname-only"
    assert "the only corpus speaker with that surname" in row_of(fold, "b", "al-Sudani")["corpus_explain"]  # fmt: skip


def test_a_surname_two_people_share_joins_neither():
    fold = fold_speakers(table(["Hana al-Rubaie"], ["Faris al-Rubaie"], ["al-Rubaie"]))
    names = {corpus_of(fold, k, n) for k, n in [("a", "Hana al-Rubaie"), ("b", "Faris al-Rubaie")]}
    assert corpus_of(fold, "c", "al-Rubaie") not in names
    assert len(fold.speakers) == 3
    assert "fits 2 corpus speakers" in explanation(fold, "al-Rubaie")


def test_a_surname_no_full_name_carries_is_one_speaker_across_articles():
    fold = fold_speakers(table(["al-Sudani"], ["Al-Sudany"]))
    assert corpus_of(fold, "a", "al-Sudani") == corpus_of(fold, "b", "Al-Sudany")


@pytest.mark.parametrize(
    ("short", "rule"),
    [
        ("Muhammad al-Sudani", "middle-name-omitted"),
        ("M. Shia al-Sudani", "initial"),
        ("Shiaa al-Sudani", "given-name-omitted"),
    ],
)
def test_a_shorter_form_joins_the_one_fuller_name_it_fits(short, rule):
    fold = fold_speakers(table(["Muhammad Shiaa Al-Sudani"], [short]))
    assert corpus_of(fold, "b", short) == "Muhammad Shiaa Al-Sudani"
    assert row_of(fold, "b", short)["corpus_rule"] == rule


def test_a_shorter_form_that_fits_two_people_joins_neither_and_they_stay_apart():
    fold = fold_speakers(table(["Ali Hassan Hussein"], ["Ali Hussein"], ["Ali Kadhim Hussein"]))
    assert len(fold.speakers) == 3
    assert "fits 2 corpus speakers" in explanation(fold, "Ali Hussein")


def test_a_shorter_form_is_not_joined_to_another_speaker_of_its_own_article():
    """The article's own attribution already told "al-Rubaie" and "Hana al-Rubaie" apart."""
    fold = fold_speakers(table(["Hana al-Rubaie", "al-Rubaie"]))
    assert corpus_of(fold, "a", "al-Rubaie") != corpus_of(fold, "a", "Hana al-Rubaie")


# --------------------------------------------------------------------------- organisations


@pytest.mark.parametrize(
    ("one", "other", "rule"),
    [
        ("Iraq's Ministry of Foreign Affairs", "Iraq’s Ministry of Foreign Affairs", "organisation-name"),
        ("U.S. Embassy in Baghdad", "the US embassy in Baghdad", "organisation-name"),
        ("Kurdistan Regional Government", "KRG", "acronym"),
        ("Patriotic Union of Kurdistan", "PUK", "acronym"),
        ("Popular Mobilization Forces", "the PMF", "acronym"),
    ],
)  # fmt: skip
def test_an_organisation_is_one_corpus_speaker_by_name_and_by_acronym(one, other, rule):
    fold = fold_speakers(table([one], [other]))
    assert corpus_of(fold, "a", one) == corpus_of(fold, "b", other) == one
    assert set(fold.rows["corpus_kind"]) == {"organisation"}
    assert row_of(fold, "b", other)["corpus_rule"] == rule


def test_an_acronym_declared_in_an_article_joins_its_organisation():
    frame = table(["Kurdistan Workers’ Party"], ["PKK"])
    frame.loc[0, "aliases"] = "Kurdistan Workers’ Party; PKK"
    fold = fold_speakers(frame)
    assert corpus_of(fold, "b", "PKK") == "Kurdistan Workers’ Party"


def test_an_acronym_two_organisations_share_joins_neither():
    fold = fold_speakers(
        table(["Popular Mobilization Forces"], ["Patriotic Movement Front"], ["PMF"])
    )
    assert len(fold.speakers) == 3
    assert "PMF fits 2 organisations" in explanation(fold, "PMF")


def test_an_organisation_is_never_joined_with_a_person():
    fold = fold_speakers(table(["Kurdistan Regional Government"], ["Karim Rashid Ghazi"]))
    assert len(fold.speakers) == 2


# --------------------------------------------------------------------------- sources of one article


def test_anonymous_and_unnamed_sources_are_never_joined_across_articles():
    name = "a senior official at the Ministry of Oil (anonymous)"
    fold = fold_speakers(table([name, "the ministry spokesman (unnamed)"], [name]))
    assert corpus_of(fold, "a", name) != corpus_of(fold, "b", name)
    assert corpus_of(fold, "a", name) == f"{name} [a]"
    assert set(fold.rows["corpus_rule"]) == {"one-article"}


def test_a_description_instead_of_a_name_is_never_joined_across_articles():
    name = "two Iraqi security officials"
    fold = fold_speakers(table([name, "al-Sudani"], [name, "el-Sudani"]))
    assert corpus_of(fold, "a", name) != corpus_of(fold, "b", name)
    assert corpus_of(fold, "a", "al-Sudani") == corpus_of(fold, "b", "el-Sudani")


def test_unattributed_quotations_are_one_unknown_corpus_speaker_listed_last():
    frame = table(["Hamid Habib", "unknown"], ["unknown", "Hameed Habib"])
    fold = fold_speakers(frame)
    assert corpus_of(fold, "a", "unknown") == corpus_of(fold, "b", "unknown") == "unknown"
    assert fold.speakers["corpus_speaker"].iloc[-1] == "unknown"
    assert fold.speakers["kind"].iloc[-1] == "unattributed"


def test_counts_and_mean_sentiment_add_up_over_articles():
    frame = table(["Hamid Habib"], ["Hameed Habib"])
    frame["quotes"], frame["words"] = [2, 1], [30, 10]
    frame["polarity"], frame["vader"] = [0.4, 0.0], [0.5, -0.4]
    (row,) = fold_speakers(frame).speakers.itertuples()
    assert (row.quotes, row.words) == (3, 40)
    assert row.polarity == pytest.approx((0.4 * 30 + 0.0 * 10) / 40)  # weighted by words
    assert row.vader == pytest.approx((0.5 * 2 - 0.4 * 1) / 3)  # a mean per quotation


# --------------------------------------------------------------------------- the speakers file


SPEAKERS_FILE = """
# names that are one speaker, and names that never are
Muhammad Shiaa Al-Sudani = Abu Ali          # a nickname no rule could know
Hamid Habib != Hameed Habib                   # two people after all
Ali Hussein @ a != Ali Hussein @ b            # the same name, two people
"""


def test_the_speakers_file_joins_what_no_rule_could_and_separates_what_the_rules_join():
    frame = table(
        ["Muhammad Shiaa Al-Sudani", "Hamid Habib", "Ali Hussein"],
        ["Abu Ali", "Hameed Habib", "Ali Hussein"],
    )
    fold = fold_speakers(frame, parse_speakers_file(SPEAKERS_FILE, "speakers.txt"))
    assert corpus_of(fold, "b", "Abu Ali") == "Muhammad Shiaa Al-Sudani"
    assert row_of(fold, "b", "Abu Ali")["corpus_rule"] == "speakers-file"
    assert "speakers.txt, line 3" in row_of(fold, "b", "Abu Ali")["corpus_explain"]
    assert corpus_of(fold, "a", "Hamid Habib") != corpus_of(fold, "b", "Hameed Habib")
    assert "keeps them apart (speakers.txt, line 4)" in explanation(fold, "Hamid Habib")
    assert corpus_of(fold, "a", "Ali Hussein") != corpus_of(fold, "b", "Ali Hussein")
    assert not fold.warnings
    # without the file, the rules join the transliteration and the same name
    # a joined nickname does not stop the rules from joining the other spellings
    others = table([], [], ["Mohammed Shia al-Sudani"], ["al-Sudani"])  # articles c and d
    more = fold_speakers(pd.concat([frame, others]), parse_speakers_file(SPEAKERS_FILE))
    later = more.rows.loc[more.rows["article"].isin(["c", "d"]), "corpus_speaker"]
    assert set(later) == {"Muhammad Shiaa Al-Sudani"}
    plain = fold_speakers(frame)
    assert corpus_of(plain, "a", "Hamid Habib") == corpus_of(plain, "b", "Hameed Habib")
    assert corpus_of(plain, "a", "Ali Hussein") == corpus_of(plain, "b", "Ali Hussein")
    assert corpus_of(plain, "b", "Abu Ali") == "Abu Ali"


def test_two_people_with_one_full_name_get_two_distinct_corpus_names():
    rules = parse_speakers_file("Ali Hussein @ a != Ali Hussein @ b")
    fold = fold_speakers(table(["Ali Hussein"], ["Ali Hussein"]), rules)
    names = fold.speakers["corpus_speaker"].tolist()
    ids = fold.speakers["corpus_speaker_id"].tolist()
    assert sorted(names) == ["Ali Hussein", "Ali Hussein [b]"] and len(set(ids)) == 2


def test_the_first_name_of_a_joined_line_names_the_corpus_speaker():
    rules = parse_speakers_file("PM Sudani = Muhammad Shiaa Al-Sudani = al-Sudani\n")
    fold = fold_speakers(table(["Muhammad Shiaa Al-Sudani"], ["al-Sudani"]), rules)
    assert set(fold.rows["corpus_speaker"]) == {"PM Sudani"}


def test_a_name_the_corpus_lacks_is_a_warning_not_an_error():
    rules = parse_speakers_file("Hamid Habib = H. Habib\nNobody Here != Hamid Habib\n", "f.txt")
    fold = fold_speakers(table(["Hamid Habib"]), rules)
    assert fold.warnings == [
        "f.txt, line 1: no speaker 'H. Habib' in the corpus",
        "f.txt, line 2: no speaker 'Nobody Here' in the corpus",
    ]


def test_keeping_apart_wins_over_joining_and_says_so():
    rules = parse_speakers_file("Hamid Habib = Hameed Habib\nHamid Habib != Hameed Habib\n", "f")
    fold = fold_speakers(table(["Hamid Habib"], ["Hameed Habib"]), rules)
    assert len(fold.speakers) == 2
    assert fold.warnings == ["f, line 1: cannot join 'Hameed Habib': it is kept apart"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hamid Habib\n", "line 1: expected `NAME = NAME`"),
        ("# ok\nHamid Habib = \n", "line 2: a name is empty"),
        ("Hamid Habib @ != Hameed Habib\n", "line 1: a name is empty"),
    ],
)
def test_a_wrong_line_of_the_speakers_file_is_one_error_naming_it(text, message):
    with pytest.raises(SpeakersFileError, match=message) as err:
        parse_speakers_file(text, "speakers.txt")
    assert str(err.value).startswith("speakers.txt, ") and "\n" not in str(err.value)


def test_the_documented_example_speakers_file_reads_without_error():
    rules = read_speakers_file(DATA / "speakers" / "example.txt")
    assert rules.joins and rules.apart


def test_an_unreadable_speakers_file_is_one_error(tmp_path):
    with pytest.raises(SpeakersFileError, match="cannot read the speakers file"):
        read_speakers_file(tmp_path / "missing.txt")


# --------------------------------------------------------------------------- the output folder


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def out(tmp_path):
    """An analyze output folder of two articles, as the corpus runner writes it."""
    _write(
        tmp_path / "speakers.csv",
        "article,speaker_id,speaker,role,aliases,quotes,words,polarity,vader,stance\n"
        "a,hamid-habib,Hamid Habib,academic,Hamid Habib; Habib,2,30,0.25,0.1,favor\n"
        "a,unknown,unknown,,,1,5,0.0,0.0,neutral\n"
        'b,hameed-habib,Hameed Habib,"researcher, ""quoted""",Hameed Habib,1,10,-0.5,-0.2,against\n',
    )
    _write(
        tmp_path / "quotes.csv",
        "article,quote_id,speaker,speaker_id,quote,polarity,stance\n"
        'a,q01,Hamid Habib,hamid-habib,"one, two",0.25,favor\n'
        "a,q02,Hamid Habib,hamid-habib,three,0.250,neutral\n"
        "a,q03,unknown,unknown,four,0.0,neutral\n"
        'b,q01,Hameed Habib,hameed-habib,"a ""quoted""\nline",-0.5,against\n',
    )
    _write(
        tmp_path / "articles.csv",
        "article,file,title,date,source\na,a.txt,A,2024-01-03,x.org\nb,b.txt,B,2024-03-01,y.org\n",
    )
    return tmp_path


def test_fold_corpus_adds_the_corpus_speaker_to_both_tables_and_changes_no_other_cell(out):
    before = pd.read_csv(out / "quotes.csv", dtype=str, keep_default_na=False)
    fold_corpus(out, chunk_rows=1)  # one row at a time: the chunks must join up
    quotes = pd.read_csv(out / "quotes.csv", dtype=str, keep_default_na=False)
    assert list(quotes.columns).index("corpus_speaker") == list(quotes.columns).index("speaker_id") + 1  # fmt: skip
    assert quotes["corpus_speaker"].tolist() == ["Hamid Habib", "Hamid Habib", "unknown", "Hamid Habib"]  # fmt: skip
    assert quotes.drop(columns="corpus_speaker").equals(before)  # "0.250" stays "0.250"
    speakers = pd.read_csv(out / "speakers.csv", dtype=str, keep_default_na=False)
    assert speakers["corpus_speaker"].tolist() == ["Hamid Habib", "unknown", "Hamid Habib"]
    assert speakers["corpus_rule"].tolist() == ["named", "unattributed", "transliteration"]
    assert speakers.loc[2, "role"] == 'researcher, "quoted"'


def test_fold_corpus_writes_the_corpus_speakers_with_stance_counts_dates_and_outlets(out):
    fold_corpus(out)
    table_ = pd.read_csv(out / "corpus_speakers.csv", keep_default_na=False)
    habib = table_.iloc[0]
    assert habib["corpus_speaker"] == "Hamid Habib" and habib["articles"] == 2
    assert (habib["favor_quotes"], habib["against_quotes"], habib["neutral_quotes"]) == (1, 1, 1)
    assert (habib["first_date"], habib["last_date"]) == ("2024-01-03", "2024-03-01")
    assert habib["outlets"] == "x.org; y.org" and habib["aliases"] == "Hamid Habib; Habib; Hameed Habib"  # fmt: skip
    assert table_.iloc[-1]["corpus_speaker"] == "unknown"


def test_fold_corpus_twice_gives_the_same_files(out):
    fold_corpus(out)
    first = {n: (out / n).read_bytes() for n in ("quotes.csv", "speakers.csv", "corpus_speakers.csv")}  # fmt: skip
    fold_corpus(out)
    assert first == {n: (out / n).read_bytes() for n in first}


# --------------------------------------------------------------------------- the rules are data


def _annotated_people() -> list:
    """Every person the hand annotation names (organisations and anonymous sources left out)."""
    from helpers.corpus_speakers import speaker_kind

    folders = [DATA / "annotations", DATA / "annotations" / "classroom"]
    names = set()
    for path in [p for folder in folders for p in folder.glob("*.speakers.csv")]:
        names |= {n for n in pd.read_csv(path)["speaker"].dropna() if speaker_kind(n, "x") == "person"}  # fmt: skip
    return [person_name(n) for n in sorted(names)]


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in [str(k), *_strings(v)]]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [str(node)]


def test_no_folding_rule_names_a_person_of_the_annotated_articles():
    """The rules are general patterns: no annotated person's surname is in a rule, and no
    annotated person's full name is in a comment (the examples are common names and words)."""
    import yaml

    text = (ROOT / "src" / "helpers" / "data" / "corpus_names.yaml").read_text(encoding="utf-8")
    rule_words = set(re.findall(r"[a-z]+", " ".join(_strings(yaml.safe_load(text))).lower()))
    comments = " ".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    people = [p for p in _annotated_people() if len(p.plain) >= 2]
    assert len(people) >= 10, "the annotation names people"
    assert not {p.plain[-1] for p in people} & rule_words
    assert not [p.bare for p in people if p.bare.lower() in comments.lower()]
