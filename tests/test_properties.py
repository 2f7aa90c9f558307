"""Properties of quote extraction that hold for any text (hypothesis).

For any unicode text, and for text built from the material quotations are made of (quotation
marks of every kind, apostrophes, names, pronouns and reporting verbs), extraction does not
crash, every offset lies inside the body, and each row's `quote` is exactly body[start:end].
Example counts are modest so the suite stays fast.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import quotes as quotes_module
from helpers.article import Article, ArticleError, parse_article

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MARKS = ["“", "”", '"', "‘", "’", "'", "«", "»", "„", "‹", "›", "``", "''"]
APOSTROPHES = ["Tehran’s", "don't", "isn’t", "the groups’", "Washington's", "’90s", "rock ’n’ roll"]
NAMES = ["Ahmed Al-Yasiri", "Basem Al-Awadi", "the spokesman", "a senior official", "Dr. Smith"]
PRONOUNS = ["he", "she", "they", "He", "She", "It"]
VERBS = ["said", "added", "told reporters", "stressed", "according to", "warned", "says"]
FILLER = ["the forces", "will leave", "Iraq", "attacks", "is dangerous", "not", "withdrawal"]
PUNCT = [",", ".", ":", ";", "?", "!", "(", ")", "—", "…"]
WORDS = st.sampled_from(MARKS + APOSTROPHES + NAMES + PRONOUNS + VERBS + FILLER + PUNCT)
JOINERS = st.sampled_from([" ", " ", " ", "", "\n"])


def make_article(paragraphs: list[str]) -> Article:
    """An Article straight from paragraph texts (no cleaning), offsets into the joined body."""
    return Article.from_paragraphs(paragraphs, title="Generated")


def check_quotes(article: Article, quotes: pd.DataFrame) -> None:
    """The invariants every extraction result must satisfy."""
    for column in ("quote", "speaker", "start", "end", "paragraph"):
        assert column in quotes.columns
    body = article.body
    for row in quotes.itertuples(index=False):
        assert 0 <= row.start <= row.end <= len(body)
        assert body[row.start : row.end] == row.quote
        assert 1 <= row.paragraph <= len(article.paragraphs)


@st.composite
def noise(draw) -> str:
    """Any sequence of the material: marks, apostrophes, names, verbs, words, punctuation."""
    pieces = draw(st.lists(WORDS, min_size=1, max_size=25))
    joiners = draw(st.lists(JOINERS, min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + j for p, j in zip(pieces, joiners, strict=True)).strip()


@st.composite
def quotation(draw) -> str:
    """A quotation-shaped sentence, its marks possibly mismatched or missing."""
    words = " ".join(draw(st.lists(st.sampled_from(FILLER + APOSTROPHES), min_size=1, max_size=8)))
    opening, closing = draw(st.sampled_from(MARKS + [""])), draw(st.sampled_from(MARKS + [""]))
    who = draw(st.sampled_from(NAMES + PRONOUNS))
    verb = draw(st.sampled_from(VERBS))
    shape = draw(st.integers(0, 2))
    if shape == 0:
        return f"{opening}{words},{closing} {who} {verb}."
    if shape == 1:
        return f"{who} {verb}: {opening}{words}.{closing}"
    return f"{who} {verb} that {words}."


@st.composite
def built_paragraph(draw) -> str:
    parts = draw(st.lists(st.one_of(quotation(), noise()), min_size=1, max_size=5))
    return " ".join(parts).replace("\n", " ").strip() or "said"


paragraph_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300
).map(lambda s: s.replace("\n\n", "\n"))


@SETTINGS
@given(st.lists(paragraph_texts, min_size=1, max_size=3))
def test_any_unicode_text_gives_offsets_inside_the_body(paragraphs):
    article = make_article(paragraphs)
    check_quotes(article, quotes_module.extract_quotes(article))


@SETTINGS
@given(st.lists(built_paragraph(), min_size=1, max_size=4))
def test_text_made_of_quote_marks_names_and_verbs_gives_exact_offsets(paragraphs):
    article = make_article(paragraphs)
    check_quotes(article, quotes_module.extract_quotes(article))


@SETTINGS
@given(st.lists(built_paragraph(), min_size=2, max_size=5))
def test_the_same_holds_after_the_loader_has_cleaned_the_text(paragraphs):
    text = "A generated headline about a report\n\n" + "\n\n".join(paragraphs)
    try:
        article = parse_article(text)
    except ArticleError:
        assume(False)  # refused with a clear error (e.g. no body): not this property's concern
    check_quotes(article, quotes_module.extract_quotes(article))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(built_paragraph(), min_size=1, max_size=3))
def test_the_whole_analysis_never_crashes_and_keeps_one_row_per_quote(paragraphs):
    from helpers.analysis import analyze_article

    article = make_article(paragraphs)
    result = analyze_article(article, "us-military-presence-iraq")
    check_quotes(article, result.quotes)
    assert len(result.quotes) == len(quotes_module.extract_quotes(article))
    if len(result.quotes):
        assert set(result.speakers["speaker_id"]) >= set(result.quotes["speaker_id"].dropna())
