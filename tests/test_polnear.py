"""The PolNeAR benchmark script: its BRAT reader and its mapping from attributions to "direct
quote detected" and "speaker named correctly", on a tiny corpus made here; and, when a local
copy of PolNeAR exists, that the real files read cleanly."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT / "data" / "external" / "PolNeAR"


@pytest.fixture(scope="module")
def polnear():
    spec = importlib.util.spec_from_file_location("bench_polnear", ROOT / "bench" / "polnear.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_polnear"] = module
    spec.loader.exec_module(module)
    return module


TITLE = "Senator speaks"
# Paragraph 1: a direct quote with a named source; a scare quote outside any attribution.
P1 = "Senator Jane Roe said, “We will not vote for this bill.” Others called it a “compromise” today."
# Paragraph 2: a quote whose source is a pronoun; a tweet marked Discard.
P2 = "“It is a bad deal,” she said. “Follow us on Twitter.”"
TEXT = f"{TITLE}\n\n{P1}\n\n{P2}\n"


def _offsets(needle: str, start: int = 0) -> tuple[int, int]:
    s = TEXT.index(needle, start)
    return s, s + len(needle)


def _ann() -> str:
    src = _offsets("Senator Jane Roe")
    cue = _offsets("said")
    content = _offsets("“We will not vote for this bill.”")
    c2a = _offsets("“It is a bad deal,”")
    src2 = _offsets("she")
    cue2 = _offsets("said", src2[0])
    discard = _offsets("“Follow us on Twitter.”")
    return "\n".join(
        [
            f"T1\tSource {src[0]} {src[1]}\tSenator Jane Roe",
            f"T2\tCue {cue[0]} {cue[1]}\tsaid",
            f"T3\tContent {content[0]} {content[1]}\t“We will not vote for this bill.”",
            f"T4\tAttribution {cue[0]} {cue[1]}\tsaid",
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            f"T5\tSource {src2[0]} {src2[1]}\tshe",
            f"T6\tCue {cue2[0]} {cue2[1]}\tsaid",
            # a discontinuous content span: the quote in two pieces
            f"T7\tContent {c2a[0]} {c2a[0] + 10};{c2a[0] + 10} {c2a[1]}\t“It is a bad deal,”",
            "E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5",
            f"T8\tDiscard {discard[0]} {discard[1]}\t“Follow us on Twitter.”",
            "#1\tAnnotatorNotes T1\ta note that is ignored",
            "this line does not parse",
        ]
    )


@pytest.fixture()
def corpus(tmp_path) -> Path:
    root = tmp_path / "PolNeAR"
    (root / "data" / "dev" / "text").mkdir(parents=True)
    (root / "data" / "dev" / "attributions").mkdir(parents=True)
    (root / "data" / "dev" / "text" / "art1.txt").write_text(TEXT, encoding="utf-8")
    (root / "data" / "dev" / "attributions" / "art1_aaaa.ann").write_text(_ann(), encoding="utf-8")
    # a second annotator of the same article, who found nothing: not the one used
    (root / "data" / "dev" / "attributions" / "art1_bbbb.ann").write_text("", encoding="utf-8")
    return root


# ----------------------------------------------------------------------------- BRAT reader


def test_brat_spans_and_attributions_are_read(polnear):
    spans, attributions = polnear.read_brat(_ann())
    assert {s.label for s in spans.values()} == {
        "Source",
        "Cue",
        "Content",
        "Attribution",
        "Discard",
    }
    assert [a.id for a in attributions] == ["E1", "E2"]
    first = attributions[0]
    assert first.source.text == "Senator Jane Roe"
    assert TEXT[first.source.pieces[0][0] : first.source.pieces[0][1]] == "Senator Jane Roe"
    assert len(attributions[1].content.pieces) == 2  # the discontinuous span keeps both pieces


def test_an_attribution_without_a_source_is_kept_with_none(polnear):
    _, attributions = polnear.read_brat(
        "T1\tCue 0 4\tsaid\nT2\tContent 5 9\tthis\nE1\tAttribution-no-source:T1 Content:T2 Cue:T1"
    )
    assert attributions[0].kind == "Attribution-no-source"
    assert attributions[0].source is None and attributions[0].content.text == "this"


def test_a_split_is_loaded_with_the_first_annotation_of_each_article(polnear, corpus):
    docs = polnear.load_split(corpus, "dev")
    assert [d.name for d in docs] == ["art1"]
    assert len(docs[0].attributions) == 2  # from art1_aaaa.ann, not the empty art1_bbbb.ann
    assert [s.label for s in docs[0].excluded] == ["Discard"]
    with pytest.raises(FileNotFoundError):
        polnear.load_split(corpus, "test")


# ----------------------------------------------------------------------------- mapping to our task


def test_offsets_map_back_from_the_article_body_to_the_raw_text(polnear):
    mapped = polnear.article_from_text(TEXT)
    body = mapped.article.body
    assert mapped.article.title == TITLE
    assert mapped.article.paragraphs["text"].tolist() == [P1, P2]
    at = body.index("bad deal")
    assert TEXT[mapped.to_raw(at) : mapped.to_raw(at) + 8] == "bad deal"


def test_quotes_inside_content_are_gold_and_scare_quotes_and_discarded_text_are_not(
    polnear, corpus
):
    doc = polnear.load_split(corpus, "dev")[0]
    units = polnear.quote_units(doc, polnear.article_from_text(doc.text))
    assert units["text"].tolist() == [
        "We will not vote for this bill",
        "compromise",
        "It is a bad deal",
    ]  # the tweet in the Discard span is not a unit at all
    assert units["gold"].tolist() == [True, False, True]
    assert units["source"].tolist() == ["Senator Jane Roe", "", "she"]
    heads = polnear.source_heads(doc, units)
    assert heads == ["roe", "", ""]  # a named source's head word; a pronoun is not named


def test_detection_and_named_speaker_figures(polnear, corpus):
    doc = polnear.load_split(corpus, "dev")[0]
    mapped = polnear.article_from_text(doc.text)
    units = polnear.quote_units(doc, mapped)
    units = units.assign(head=polnear.source_heads(doc, units))
    body = mapped.article.body

    def quote(text, speaker, kind="direct"):
        s = body.index(text)
        return {"kind": kind, "start": s, "end": s + len(text), "speaker": speaker}

    predicted = pd.DataFrame(
        [
            quote("“We will not vote for this bill.”", "Jane Roe"),
            quote("“compromise”", "Others"),  # a scare quote taken for speech: a false alarm
            quote("It is a bad deal", "Jane Roe", kind="indirect"),  # indirect: not counted
        ]
    )
    figures = polnear.score(polnear.label_units(units, predicted, mapped))
    assert (figures["gold_quotes"], figures["detected"], figures["true_positives"]) == (2, 2, 1)
    assert figures["precision"] == 0.5 and figures["recall"] == 0.5
    assert (figures["named_gold"], figures["named_detected"], figures["named_correct"]) == (1, 1, 1)
    assert figures["named_accuracy"] == 1.0
    assert figures["unattributed"] == 0

    wrong = predicted.assign(speaker=["Senator Smith", "Others", ""])
    figures = polnear.score(polnear.label_units(units, wrong, mapped))
    assert figures["named_correct"] == 0 and figures["named_accuracy"] == 0.0
    unknown = predicted.assign(speaker=["unknown", "Others", ""])
    assert polnear.score(polnear.label_units(units, unknown, mapped))["unattributed"] == 1


def test_the_script_runs_on_a_corpus_and_writes_aggregate_figures_only(
    polnear, corpus, tmp_path, capsys
):
    out = tmp_path / "figures.csv"
    assert polnear.main([str(corpus), "--systems", "naive", "--out", str(out)]) == 0
    figures = pd.read_csv(out)
    assert list(figures.columns) == polnear.RESULT_COLUMNS
    assert figures.at[0, "system"] == "naive" and figures.at[0, "gold_quotes"] == 2
    assert "We will not vote" not in out.read_text(encoding="utf-8")  # no text from the corpus


def test_a_missing_copy_prints_how_to_get_it_and_exits_2(polnear, tmp_path, capsys):
    assert polnear.main([str(tmp_path / "absent")]) == 2
    captured = capsys.readouterr()
    assert "git clone" in captured.out and "networkdynamics/PolNeAR" in captured.out
    assert captured.err.count("\n") == 1 and "does not exist" in captured.err


# ----------------------------------------------------------------------------- the real corpus


@pytest.mark.skipif(
    not (POLNEAR / "data" / "dev").is_dir(),
    reason="no local copy of PolNeAR in data/external/PolNeAR (see bench/README.md to get one)",
)
def test_the_real_dev_split_reads_cleanly(polnear):
    docs = polnear.load_split(POLNEAR, "dev")
    assert len(docs) == 84
    spans = [
        span
        for doc in docs
        for attr in doc.attributions
        for span in (attr.source, attr.cue, attr.content)
        if span is not None
    ]
    assert len(spans) > 5000
    for doc in docs:
        for attr in doc.attributions:
            for span in (attr.source, attr.cue, attr.content):
                if span is not None:  # pieces may come in any order; the text joins them in order
                    assert " ".join(doc.text[s:e] for s, e in span.pieces) == span.text
