"""Bad input through the command line: a clear one-line error or an honest empty result.

Every input is generated here in tmp_path (no binary fixtures in the repository). An error is
exactly one line `helpers: error: ...` on stderr with exit status 1 and never a traceback; an
input that can be analysed gives a table with all its columns, possibly with no rows.
"""

from __future__ import annotations

import io
import os

import pandas as pd
import pytest

from helpers.__main__ import main

ENGLISH_BODY = (
    "The minister spoke to reporters in the capital on Tuesday about the new budget. "
    "“We will not raise taxes on families this year,” said Finance Minister Layla Hassan. "
    "Opposition leader Karim Nouri said the plan was “a fantasy built on borrowed money.”"
)


def run_cli(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one error line, got {err!r}"
    assert lines[0].startswith("helpers: error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


def quotes_table(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out), keep_default_na=False)


# --------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\t\n  \r\n  ", "only white space"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary"),
        ("nul.md", b"Title\n\nSome\x00text\x00with\x00NUL bytes", "binary"),
    ],
)
def test_unreadable_files_are_refused_in_one_line(tmp_path, capsys, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli(["quotes", path], capsys)
    assert code == 1 and out == ""
    assert_one_line_error(err, name, fragment)


def test_windows_1256_arabic_is_decoded_then_refused_as_not_english(tmp_path, capsys):
    arabic = (
        "هل سيدفع حلفاء طهران واشنطن إلى إعادة النظر في وجودها العسكري في العراق؟\n\n"
        + "قال المتحدث باسم الحكومة إن «هذه الهجمات غير مقبولة» وإن الحكومة ستتخذ إجراءات. " * 10
    )
    path = tmp_path / "arabic-cp1256.txt"
    data = arabic.replace("«", '"').replace("»", '"').encode("cp1256")
    path.write_bytes(data)
    from helpers.article import decode_bytes

    text, _ = decode_bytes(data)
    assert "حلفاء طهران" in text, "the bytes are decoded as Arabic before being refused"
    code, out, err = run_cli(["quotes", path], capsys)
    assert code == 1 and out == ""
    assert_one_line_error(err, "arabic-cp1256.txt", "only English is supported")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "french",
            "Le ministre promet le calme\n\n"
            + "« Nous ne lèverons pas de nouveaux impôts cette année », a déclaré la ministre "
            "des Finances devant les journalistes, qui l'interrogeaient sur le budget de l'État "
            "et sur les dépenses prévues pour les hôpitaux et les écoles du pays. " * 3,
        ),
        (
            "german",
            "Die Ministerin verspricht Ruhe\n\n"
            + "„Wir werden in diesem Jahr keine neuen Steuern erheben“, sagte die "
            "Finanzministerin am Dienstag vor Journalisten in der Hauptstadt, die sie nach dem "
            "Haushalt und den geplanten Ausgaben für Schulen und Krankenhäuser fragten. " * 3,
        ),
    ],
)
def test_an_article_in_another_language_says_only_english_is_supported(
    tmp_path, capsys, language, text
):
    path = tmp_path / f"{language}.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["speakers", path], capsys)
    assert code == 1 and out == ""
    assert_one_line_error(err, f"{language}.txt", "only English is supported")


# --------------------------------------------------------------------------- decoded and analysed


def test_cp1252_english_with_curly_quotes_is_decoded_and_analysed(tmp_path, capsys):
    text = (
        "Budget row in the capital\n\nMarch 4, 2025\n\n"
        + ENGLISH_BODY
        + " The café owners disagreed."
    )
    data = text.encode("cp1252")
    assert b"\x93" in data and b"\x94" in data  # the curly quotes really are cp1252 bytes
    path = tmp_path / "budget-cp1252.txt"
    path.write_bytes(data)
    code, out, err = run_cli(["quotes", path], capsys)
    assert code == 0, err
    table = quotes_table(out)
    assert table["quote"].str.contains("We will not raise taxes on families this year").any()
    assert not table["quote"].str.contains("\u0093|\u0094|â€").any(), "mis-decoded quote marks"
    from helpers.article import load_article

    article = load_article(path)
    assert "“We will not raise taxes" in article.body and "café" in article.body
    for row in table.itertuples():
        assert article.body[row.start : row.end] == row.quote


def test_a_saved_html_page_never_lets_its_script_into_the_text(tmp_path, capsys):
    page = f"""<!DOCTYPE html><html><head><title>Budget row in the capital</title>
<script>var secret = "“injected quotation” said the script";</script>
<style>p {{ color: red; }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Budget row in the capital</h1>
<p>{ENGLISH_BODY}</p>
<p>The debate continues in parliament next week, when the finance committee meets.</p>
</article>
<script>document.write("“another injected quotation” he said");</script>
</body></html>"""
    path = tmp_path / "saved-page.html"
    path.write_text(page, encoding="utf-8")
    code, out, err = run_cli(["quotes", path], capsys)
    assert code == 0, err
    assert "injected" not in out and "document.write" not in out
    table = quotes_table(out)
    assert table["quote"].str.contains("We will not raise taxes").any()
    from helpers.article import load_article

    body = load_article(path).body
    assert "injected" not in body and "secret" not in body and "color: red" not in body


def test_text_without_quotations_is_an_honest_empty_table(tmp_path, capsys):
    path = tmp_path / "no-quotes.txt"
    path.write_text(
        "Rain expected over the weekend\n\n"
        "Forecasters expect heavy rain across the north of the country on Saturday. "
        "Temperatures will fall by several degrees, and farmers are preparing for the harvest.\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(["quotes", path], capsys)
    assert code == 0 and err == ""
    table = quotes_table(out)
    assert len(table) == 0
    assert {"speaker", "quote", "start", "end"} <= set(table.columns)
    code, out, err = run_cli(["speakers", path], capsys)
    assert code == 0 and err == ""
    speakers = quotes_table(out)
    assert len(speakers) == 0 and {"speaker", "polarity"} <= set(speakers.columns)


@pytest.mark.parametrize(
    "paragraph",
    [
        "“We will not raise taxes, said the minister, and the session ended.",  # never closed
        "The minister said the plan was sound.” Reporters left the hall early.",  # never opened
        'He called it "a fantasy and then the meeting moved on to other business.',
        "“One” “two” ” “ “three",
    ],
)
def test_unbalanced_quotation_marks_do_not_crash(tmp_path, capsys, paragraph):
    path = tmp_path / "unbalanced.txt"
    path.write_text(f"Budget row\n\n{ENGLISH_BODY}\n\n{paragraph}\n", encoding="utf-8")
    code, out, err = run_cli(["quotes", path], capsys)
    assert code == 0, err
    from helpers.article import load_article

    body = load_article(path).body
    for row in quotes_table(out).itertuples():
        assert 0 <= row.start < row.end <= len(body)
        assert body[row.start : row.end] == row.quote


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("HELPERS_RUN_SLOW"),
    reason="parses 5 MB (minutes on one core); set HELPERS_RUN_SLOW=1. bench/speed.py times it.",
)
def test_a_5_mb_article_is_analysed(tmp_path, capsys):
    paragraph = ENGLISH_BODY + " " + "The committee will meet again next month to review it. " * 5
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("A very long article\n\n")
        while handle.tell() < 5_000_000:
            handle.write(paragraph + "\n\n")
    code, out, err = run_cli(["quotes", path], capsys)
    assert code == 0, err
    table = quotes_table(out)
    assert len(table) >= 5_000_000 // len(paragraph)  # at least one quotation per paragraph


def test_a_5_mb_article_goes_through_every_stage_with_a_fast_stand_in_parser(tmp_path):
    """The whole 5 MB article through every stage, in seconds: the statistical model is swapped
    for spaCy's tokenizer and rule-based sentence splitter (the slow 5 MB test above times the
    real model). What this catches is our own code failing or slowing down on a huge article:
    size limits, quadratic loops over paragraphs, offsets that drift late in the body."""
    spacy = pytest.importorskip("spacy")
    from helpers.analysis import analyze_article
    from helpers.article import load_article

    paragraph = ENGLISH_BODY + " " + "The committee will meet again next month to review it. " * 5
    path = tmp_path / "huge.txt"
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("A very long article\n\n")
        while handle.tell() < 5_000_000:
            handle.write(paragraph + "\n\n")
            written += 1
    article = load_article(path)
    fast = spacy.blank("en")
    fast.add_pipe("sentencizer")
    result = analyze_article(article, "us-military-presence-iraq", nlp=fast)
    quotes = result.quotes
    assert len(article.paragraphs) == written
    assert len(quotes) >= written  # two quotation-mark pairs in every paragraph
    assert quotes["start"].is_monotonic_increasing
    last = quotes.iloc[-1]
    assert article.body[last["start"] : last["end"]] == last["quote"]  # no drift at the end
    assert {"polarity", "stance"} <= set(quotes.columns)


def test_a_5_mb_single_line_is_refused_before_parsing(tmp_path, capsys):
    path = tmp_path / "one-line.txt"
    path.write_text("A title\n\n" + ENGLISH_BODY.replace("“", "").replace("”", "") * 20_000)
    code, out, err = run_cli(["speakers", path], capsys)
    assert code == 1 and out == ""
    assert_one_line_error(err, "paragraph 1 has", "characters")
