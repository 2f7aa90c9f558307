"""The explorer: what a reader sees for a speaker or a stance, the static view for pages without
a kernel, and that no text from an article can ever inject live HTML."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from test_plots import synthetic_analysis  # the synthetic article and tables of the figure tests

from helpers import explorer
from helpers.article import parse_article

HOSTILE_TEXT = """Markup in the news <b>is</b> text

3-1-2024

The <script>alert("body")</script> spokesman said: “<img src=x onerror=alert('quote')> we <b>refuse</b> & resist.”

An analyst said the plan is “a </details></table><script>alert(2)</script> trap.”
"""


@pytest.fixture(scope="module")
def data():
    return synthetic_analysis()


@pytest.fixture(scope="module")
def hostile():
    article = parse_article(HOSTILE_TEXT, name="hostile")
    q1 = "<img src=x onerror=alert('quote')> we <b>refuse</b> & resist."
    q2 = "a </details></table><script>alert(2)</script> trap."
    rows = []
    for i, (speaker, text) in enumerate(
        [('The <i>spokesman</i> "x"', q1), ("<script>alert(3)</script>", q2)], start=1
    ):
        start = article.body.index(text)
        rows.append(
            {
                "quote_id": i, "paragraph": i, "section": "Introduction", "kind": "direct",
                "speaker": speaker, "speaker_id": f"s{i}", "cue": "<said>", "quote": text,
                "start": start, "end": start + len(text), "polarity": -0.5, "subjectivity": 0.4,
                "vader": -0.3, "textblob_evidence": "<u>refuse</u>(-0.5)",
                "vader_evidence": "refuse(-1.2)", "stance": "against",
                "evidence": "<a href='javascript:alert(4)'>cue</a>",
            }
        )  # fmt: skip
    return article, pd.DataFrame(rows)


# ----------------------------------------------------------------------------- escaping


LIVE_MARKUP = re.compile(r"<\s*(script|img|b|i|u|a)[\s>]", re.I)


def _live_tags(html: str) -> list[str]:
    """Tags from the data that would be live: any of these outside our own markup."""
    own = {"b", "i"}  # the explorer itself writes <b> and <i> around labels
    found = []
    for m in LIVE_MARKUP.finditer(html):
        tag = m.group(1).lower()
        if tag in own and m.group(0) in ("<b>", "<i>"):
            continue
        found.append(m.group(0))
    return found


def test_markup_in_the_article_or_quotes_is_shown_as_text_in_the_static_view(hostile):
    article, quotes = hostile
    html = explorer.static_view(article, quotes)
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "<a href" not in html.lower()
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html  # article text, escaped
    assert "&lt;img src=x onerror=alert(&#x27;quote&#x27;)&gt;" in html  # the quote, escaped
    assert "&lt;/details&gt;&lt;/table&gt;" in html  # cannot close our own elements
    assert html.count("<details>") == html.count("</details>")
    assert not _live_tags(html.replace("<b>", "").replace("<i>", ""))


def test_markup_never_reaches_the_widget_either(hostile):
    article, quotes = hostile
    ex = explorer.Explorer(article, quotes)
    for speaker in [v for _, v in ex.speaker_menu.options]:
        ex.select(speaker)
        for html in (ex.article_view.value, ex.table_view.value):
            assert "<script" not in html.lower() and "<img" not in html.lower()
            assert "<a href" not in html.lower()
    labels = [label for label, _ in ex.speaker_menu.options]
    assert any("<script>" in label for label in labels), "menu labels are plain text by design"


def test_a_speaker_name_with_quotes_cannot_break_out_of_an_attribute(hostile):
    article, quotes = hostile
    html = explorer.article_html(article, quotes)
    for title in re.findall(r'title="([^"]*)"', html):
        assert "<" not in title and '"' not in title


# ----------------------------------------------------------------------------- static fallback


def test_static_view_has_one_block_per_speaker_and_the_marked_article(data):
    article, quotes, speakers = data
    html = explorer.static_view(article, quotes, speakers)
    summaries = re.findall(r"<summary><b>(.*?)</b>", html)
    assert summaries == [
        "Omar Haddad",  # 3 quotes
        "Karim Salem",  # 2 quotes, then by name
        "Lina Farouk",
        explorer.UNATTRIBUTED,
        "The article with every quote marked",
    ]
    assert html.count("<mark ") == len(quotes)
    assert "opposition leader" in html and "stance: against" in html
    assert "a dangerous and reckless gamble." in html


def test_the_explorer_output_offers_the_widget_and_the_static_view(data):
    article, quotes, speakers = data
    bundle = explorer.Explorer(article, quotes, speakers)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<details>" in bundle["text/html"]
    assert bundle["text/plain"].startswith("Quote explorer: 8 quotes by 4 speakers")


def test_static_view_of_an_article_without_quotes_says_so(data):
    article, quotes, _ = data
    html = explorer.static_view(article, quotes.iloc[0:0])
    assert "0 quotes" in html
    assert "<mark" not in html
    assert "Ministers argue over the bases" in html


# ----------------------------------------------------------------------------- the widget


def test_choosing_a_speaker_highlights_only_their_quotes(data):
    article, quotes, speakers = data
    ex = explorer.Explorer(article, quotes, speakers).select("Lina Farouk")
    marked = re.findall(r"<mark [^>]*>(.*?)</mark>", ex.article_view.value)
    assert marked == ["is neither good nor bad.", "the coming months will be terribly difficult"]
    assert "2 of 8 quotes shown" in ex.status.value
    assert "Omar Haddad" not in ex.table_view.value


def test_choosing_a_stance_keeps_only_quotes_with_that_stance(data):
    article, quotes, speakers = data
    ex = explorer.Explorer(article, quotes, speakers).select(explorer.ALL, "favor")
    marked = re.findall(r"<mark [^>]*>(.*?)</mark>", ex.article_view.value)
    assert marked == ["a good and wise step for the country.", "The forces stay."]


def test_quote_numbers_stay_the_same_whatever_is_selected(data):
    article, quotes, speakers = data
    ex = explorer.Explorer(article, quotes, speakers)
    all_numbers = re.findall(r'<sup class="qx-n">(\d+)</sup>', ex.article_view.value)
    ex.select("Karim Salem")
    salem = re.findall(r'<sup class="qx-n">(\d+)</sup>', ex.article_view.value)
    assert all_numbers == [str(i) for i in range(1, 9)]
    assert salem == ["1", "7"]  # his two quotes keep their places in reading order


def test_negative_quotes_are_tinted_vermillion_and_positive_blue(data):
    article, quotes, speakers = data
    html = explorer.article_html(article, quotes)
    from helpers.plots import polarity_color

    gamble = quotes.loc[quotes["quote"].str.contains("gamble"), "polarity"].item()
    wise = quotes.loc[quotes["quote"].str.contains("wise"), "polarity"].item()
    assert gamble < 0 < wise
    assert f"background:{polarity_color(gamble)}" in html
    assert f"background:{polarity_color(wise)}" in html


def test_an_unknown_speaker_is_a_clear_error(data):
    article, quotes, speakers = data
    with pytest.raises(ValueError, match="unknown speaker 'Nobody'"):
        explorer.Explorer(article, quotes, speakers).select("Nobody")


def test_the_widget_of_an_article_without_quotes_shows_the_article_and_says_so(data):
    article, quotes, _ = data
    ex = explorer.Explorer(article, quotes.iloc[0:0])
    assert "0 of 0 quotes shown" in ex.status.value
    assert "No quotes match this choice." in ex.table_view.value
    assert "Ministers argue over the bases" not in ex.article_view.value  # the body, not the title
    assert "The minister said the decision was" in ex.article_view.value
