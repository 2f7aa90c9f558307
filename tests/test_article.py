"""The loader: metadata, sections, paragraphs with offsets, cleaning, and bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers.article import (
    ArticleNotFoundError,
    BinaryInputError,
    EmptyArticleError,
    NotEnglishError,
    TooLargeError,
    load_article,
    parse_article,
    parse_date,
    quote_mark_audit,
    section_summary,
    split_sentences,
)

# ----------------------------------------------------------------------------- the bundled article


def test_metadata_of_the_bundled_article(bundled_article):
    a = bundled_article
    assert (
        a.title
        == "Will Tehran’s allies push Washington to reconsider its military presence in Iraq?"
    )
    assert a.date == dt.date(2024, 1, 3)  # printed 1-3-2024, month-day-year
    assert a.source == "rawabetcenter.com"
    assert a.encoding == "utf-8"
    assert a.id == "2024-01-03-rawabet-tehran-allies-us-presence-iraq"


def test_sections_are_the_headings_in_reading_order(bundled_article):
    assert bundled_article.sections == [
        "Introduction",
        "Kurdistan…a new area of tension",
        "The “coordination framework” is escalating",
        "An extension of the Iranian project",
        "Repeating the Afghan scenario",
    ]


def test_paragraphs_and_offsets_slice_back_to_the_same_text(bundled_article):
    paras = bundled_article.paragraphs
    assert list(paras.columns) == ["section", "paragraph", "text", "start", "end"]
    assert len(paras) == 26
    assert paras["paragraph"].tolist() == list(range(1, 27))
    for row in paras.itertuples():
        assert bundled_article.body[row.start : row.end] == row.text
    assert (paras["start"].diff().dropna() > 0).all()


def test_title_is_neither_repeated_nor_glued_to_the_first_sentence(bundled_article):
    first = bundled_article.paragraphs["text"].iloc[0]
    assert first.startswith("The Iraqis welcomed the new year")
    assert "reconsider its military presence" not in bundled_article.body[:200]
    assert "1-3-2024" not in bundled_article.body
    assert "rawabetcenter.com" not in bundled_article.body


def test_scraped_fragments_are_removed_and_logged(bundled_article):
    body = bundled_article.body
    assert "Official and military." not in body
    assert "supporter. current." not in body
    assert "the government’s largest supporter. In addition" in body
    assert any("Official and military." in line for line in bundled_article.cleaning_log)


def test_stray_quotation_marks_are_kept_but_reported(bundled_article):
    assert "illegally.” “." in bundled_article.body  # kept as published
    audit = quote_mark_audit(bundled_article)
    unbalanced = audit.loc[~audit["balanced"], "paragraph"].tolist()
    assert unbalanced == [9, 15, 20]
    # the raw file has 50 opening and 49 closing marks; one pair sits in a heading
    assert audit["opening"].sum() == 49 and audit["closing"].sum() == 48
    assert audit.loc[audit["paragraph"] == 9, "note"].str.contains("stray").item()


def test_apostrophes_are_not_counted_as_quotation_marks(bundled_article):
    audit = quote_mark_audit(bundled_article)
    # Tehran’s, Iran’s, government’s ... are apostrophes; the article uses no single quotes.
    assert audit["single_open"].sum() == 0
    assert audit["single_close"].sum() == 0


def test_section_summary_counts_words_and_sentences(bundled_article):
    summary = section_summary(bundled_article)
    assert summary["section"].tolist() == bundled_article.sections
    assert summary["paragraphs"].sum() == 26
    assert (summary["words"] > 100).all()
    assert summary["sentences"].sum() == len(bundled_article.sentences())


# ----------------------------------------------------------------------------- sentences and dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. forces left. They came back.", ["U.S. forces left.", "They came back."]),
        (
            "Dr. Salih spoke first. Gen. Ali replied.",
            ["Dr. Salih spoke first.", "Gen. Ali replied."],
        ),
        (
            "He said, “We will stay.” The minister disagreed.",
            ["He said, “We will stay.”", "The minister disagreed."],
        ),
        ("J. R. Smith said it. Then he left!", ["J. R. Smith said it.", "Then he left!"]),
        ("No final stop here", ["No final stop here"]),
    ],
)
def test_sentence_splitter_without_nltk(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("line", "order", "expected"),
    [
        ("1-3-2024", "MDY", dt.date(2024, 1, 3)),
        ("1-3-2024", "DMY", dt.date(2024, 3, 1)),
        ("25-12-2023", "MDY", dt.date(2023, 12, 25)),  # 25 cannot be a month
        ("2024-01-03", "MDY", dt.date(2024, 1, 3)),
        ("January 3, 2024", "MDY", dt.date(2024, 1, 3)),
        ("3 January 2024", "MDY", dt.date(2024, 1, 3)),
        ("Wednesday, 3 Jan 2024", "MDY", dt.date(2024, 1, 3)),
        ("Sunday 2 November 2025", "MDY", dt.date(2025, 11, 2)),  # a weekday without a comma
        ("Tue., Jan. 3, 2024", "MDY", dt.date(2024, 1, 3)),
        ("Thursday, 2024-01-04", "MDY", dt.date(2024, 1, 4)),
        ("Monday", "MDY", None),
        ("13-13-2024", "MDY", None),
        ("The talks resumed in 2024", "MDY", None),
    ],
)
def test_parse_date(line, order, expected):
    assert parse_date(line, order) == expected


# ----------------------------------------------------------------------------- other layouts

MARKDOWN = """# Iraq's parliament debates the budget

*Published 2024-02-10*

2024-02-10

The parliament met on Monday to debate the budget, and the speaker said the vote would be held soon.

## Reactions

Deputies from several blocs said they would not accept cuts to the provinces.
"""


def test_markdown_title_and_headings():
    a = parse_article(MARKDOWN)
    assert a.title == "Iraq's parliament debates the budget"
    assert a.date == dt.date(2024, 2, 10)
    assert "Reactions" in a.sections
    assert not any(t.startswith("#") for t in a.paragraphs["text"])


def test_a_heading_right_on_top_of_its_paragraph_is_a_heading():
    text = (
        "Title of the story\n\n1-3-2024\n\nThe first paragraph ends here, as they do.\n\n"
        "Smuggling and the courts\n"
        "Customs figures show how far the trade has moved, the officers said on Monday.\n\n"
        "A short line\nthat goes on\n"
    )
    a = parse_article(text)
    assert a.paragraphs["text"].tolist()[:2] == [
        "The first paragraph ends here, as they do.",
        "Customs figures show how far the trade has moved, the officers said on Monday.",
    ]
    assert a.paragraphs["section"].tolist()[1] == "Smuggling and the courts"
    assert "A short line" in a.paragraphs["text"].tolist()  # not longer than twice: prose


HTML = """<!doctype html><html><head><title>Talks in Baghdad | Example News</title>
<script>alert("owned")</script></head><body><nav>Home | World | Sport</nav>
<article><h1>Talks in Baghdad</h1>
<p>The foreign minister said on Sunday that the talks with Washington would continue next week,
and that both sides had agreed on a schedule for the coming meetings in the capital.</p>
<p>“We are not in a hurry,” the minister told reporters at the ministry, adding that the
government wanted a clear timetable before any decision was made about the coalition.</p>
<p>Officials from the coalition declined to comment on the talks, which have been held in
private since the start of the year, according to several people familiar with them.</p>
</article><footer>© Example News</footer></body></html>"""


def test_html_is_reduced_to_its_main_text_without_scripts():
    a = parse_article(HTML)
    assert "alert" not in a.body and "<" not in a.body
    assert "Home | World" not in a.body
    assert "We are not in a hurry" in a.body
    assert "Talks in Baghdad" in a.title


# ----------------------------------------------------------------------------- bad input


def test_missing_file(tmp_path):
    with pytest.raises(ArticleNotFoundError, match="no such file"):
        load_article(tmp_path / "nope.txt")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  "])
def test_empty_or_blank_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyArticleError) as err:
        load_article(path)
    assert "\n" not in str(err.value)


def test_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(BinaryInputError, match="binary"):
        load_article(path)


def test_latin1_text_is_decoded(tmp_path):
    text = (
        "Talks resume in Baghdad\n\nThe café owner said the talks were “important” for the région "
        "and that the government would decide soon about the forces in the country. "
        "He added that the people of the city were tired of waiting for the decision."
    )
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    a = load_article(path)
    assert "café" in a.body and "“important”" in a.body
    assert a.encoding == "cp1252"


def test_arabic_in_windows_1256_is_decoded_then_refused_as_not_english(tmp_path):
    text = (
        "قال المتحدث باسم الحكومة إن القوات الأمريكية ستبقى في العراق حتى نهاية العام الحالي. " * 5
    )
    path = tmp_path / "arabic.txt"
    path.write_bytes(text.encode("cp1256"))
    with pytest.raises(NotEnglishError, match="only English"):
        load_article(path)


def test_german_is_refused_as_not_english():
    text = (
        "Die Regierung in Bagdad hat am Montag erklärt, dass die amerikanischen Truppen das Land "
        "verlassen sollen. Der Sprecher sagte, man werde mit den Partnern über einen Zeitplan "
        "sprechen, und die Gespräche würden in der nächsten Woche fortgesetzt werden."
    )
    with pytest.raises(NotEnglishError):
        parse_article("Titel\n\n" + text)


def test_oversized_file(tmp_path, monkeypatch):
    import helpers.article as article

    monkeypatch.setattr(article, "MAX_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("Title\n\n" + "The minister said so. " * 20, encoding="utf-8")
    with pytest.raises(TooLargeError, match="larger than"):
        load_article(path)


def test_title_only_has_no_body(tmp_path):
    path = tmp_path / "title.txt"
    path.write_text("Just a title\n", encoding="utf-8")
    with pytest.raises(EmptyArticleError, match="no body"):
        load_article(path)


# --------------------------------------------------------------------------- cleaning removes no prose

#: Every fragment the cleaner removes from the project's own articles (raw, samples, classroom
#: and the blind sets): scraping residue a reader would not keep. A new entry needs a reason.
SCRAPING_DEBRIS = {
    # a link caption and a stray word left between sentences by the scraper (codebook A6)
    "2024-01-03-rawabet-tehran-allies-us-presence-iraq": ["Official and military.", "current."],
}


def _removed(article) -> list[str]:
    prefix = "removed the scraped fragment "
    return [line[len(prefix) + 1 : -1] for line in article.cleaning_log if line.startswith(prefix)]


def test_the_cleaner_removes_nothing_but_listed_debris_from_every_project_article():
    root = Path(__file__).resolve().parents[1] / "data"
    paths = [
        p
        for pattern in (
            "raw/*.txt",
            "samples/*.txt",
            "dev/*.txt",
            "dev/stance/*.txt",
            "classroom/*.txt",
            "blind/*/*.txt",
        )
        for p in sorted(root.glob(pattern))
    ]
    assert len(paths) > 20
    removed = {p.stem: _removed(load_article(p)) for p in paths}
    assert {stem: r for stem, r in removed.items() if r} == SCRAPING_DEBRIS


@pytest.mark.parametrize(
    "paragraph",
    [
        "“We will not leave,” Moore said.",
        "“The plan is dead,” Hale added.",
        "The order came from the U.S. military. Troops left on Monday.",
        "The envoy met Dr. Smith. Talks went well.",
    ],
)
def test_an_attribution_or_an_abbreviation_is_never_taken_for_debris(paragraph):
    article = parse_article(f"Title\n\n{paragraph}")
    assert article.paragraphs["text"].tolist() == [paragraph]
    assert not _removed(article)
