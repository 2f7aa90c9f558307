"""Memory regressions that are quick to catch: what a parse keeps, and how workers start.

bench/speed.py measures the real figures (a 5 MB article, a corpus on two processes); these
tests only check the settings those figures rest on, in a few seconds (what a corpus worker
imports is checked in test_corpus.py).
"""

from __future__ import annotations

import sys
import tracemalloc

import pytest

from helpers.article import Article

PARAGRAPH = (
    "“We will not accept any foreign forces on our soil,” said Hadi Al-Amiri, the head of the "
    "Fatah Alliance, on Tuesday. The government spokesman Basem Al-Awadi told reporters in "
    "Baghdad that the talks with Washington would continue next month."
)


@pytest.fixture(scope="module")
def nlp():
    from helpers.nlp import get_nlp

    return get_nlp()


def test_the_shared_pipeline_releases_the_tensor_after_every_reader(nlp):
    assert nlp.pipe_names[-1] == "release_tensor"
    doc = nlp(PARAGRAPH)
    assert doc.tensor.size == 0
    # the annotations are the pipeline's own: the same with the tensor kept
    with nlp.select_pipes(disable=["release_tensor"]):
        kept = nlp(PARAGRAPH)
    assert kept.tensor.size > 0

    def annotations(d):
        return [
            (t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
             t.is_sent_start, str(t.morph))
            for t in d
        ]  # fmt: skip

    assert annotations(doc) == annotations(kept)


def test_parsed_paragraphs_keep_little_memory_per_token(nlp):
    """About 120 bytes a token are the parse itself; the tensor alone was 384 more."""
    from helpers.analysis import parse_paragraphs

    article = Article.from_paragraphs([PARAGRAPH] * 200)
    parse_paragraphs(article, nlp)  # warm: the vocabulary learns these words once
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        docs = parse_paragraphs(article, nlp)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    tokens = sum(len(doc) for doc in docs)
    assert all(doc.tensor.size == 0 for doc in docs)
    assert kept / tokens < 300, f"{kept / tokens:.0f} bytes kept per token"


def test_long_articles_are_parsed_in_bounded_batches(nlp):
    from helpers.nlp import BATCH_SIZE

    assert nlp.batch_size == BATCH_SIZE <= 128


def test_pool_workers_are_forked_on_linux_unless_told_otherwise(monkeypatch):
    from helpers import corpus

    monkeypatch.delenv(corpus.START_METHOD_VARIABLE, raising=False)
    expected = "fork" if sys.platform.startswith("linux") else "spawn"
    assert corpus._start_method() == expected
    monkeypatch.setenv(corpus.START_METHOD_VARIABLE, "spawn")
    assert corpus._start_method() == "spawn"
    monkeypatch.setenv(corpus.START_METHOD_VARIABLE, "nonsense")
    assert corpus._start_method() == expected
