"""Human-human agreement: the second coder against the first, with and without the codebook's examples."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.evaluation import codebook_example_ids, inter_coder_agreement

STEM = "2024-01-03-rawabet-tehran-allies-us-presence-iraq"


def test_codebook_examples_are_read_from_parts_b_and_c_only(tmp_path):
    book = tmp_path / "CODEBOOK.md"
    book.write_text(
        "# Codebook\n\n## A. Quotes\nq01 is a direct quote.\n\n"
        "## B. Sentiment\nq02 is negative, like q03.\n\n## C. Stance\nq04 is favor.\n\n"
        "## D. Process\nq05 was hard.\n",
        encoding="utf-8",
    )
    assert codebook_example_ids(book) == {"q02", "q03", "q04"}


def test_agreement_of_two_coders_counts_only_shared_units_outside_the_excluded(tmp_path):
    pd.DataFrame(
        {"quote_id": ["q01", "q02", "q03"], "stance": ["favor", "against", "neutral"]}
    ).to_csv(tmp_path / "x.stance.csv", index=False)
    pd.DataFrame(
        {"quote_id": ["q01", "q02", "q03"], "stance": ["favor", "neutral", "neutral"]}
    ).to_csv(tmp_path / "x.stance.coder2.csv", index=False)
    labels = ["against", "neutral", "favor"]
    everything = inter_coder_agreement("x", "stance", labels, annotations_dir=tmp_path)
    assert everything["n"] == 3 and everything["accuracy"] == pytest.approx(2 / 3)
    without = inter_coder_agreement(
        "x", "stance", labels, annotations_dir=tmp_path, exclude={"q02"}
    )
    assert without["n"] == 2 and without["accuracy"] == 1.0


def test_bundled_article_has_a_second_coding_of_every_unit():
    for task in ("sentiment", "stance"):
        result = inter_coder_agreement(
            STEM, task, ["negative", "neutral", "positive", "against", "favor"]
        )
        assert result["n"] == 45
    assert len(codebook_example_ids()) > 0
