"""The corpus as a research object: one person across articles, and the corpus report.

The end-to-end check of the issue: a corpus holding the bundled article and a copy with its
people's names respelled as other outlets write them (Mohammed Shia al-Sudani, Hameed Habib,
Haytham El-Hiti, ...) gives one corpus speaker per person, seen in both articles; the corpus
index shows the figures and links every article's summary. Also: the corpus figures in the house
style, the plots package's old names, and ``analyze --speakers-file`` on the command line. The
report in a real browser is tested in ``test_corpus_report_browser.py``.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import plots
from helpers.__main__ import main

from conftest import RESPELLINGS, ROOT

ORIGINAL, RESPELLED = "a-original", "b-respelled"


class _Links(HTMLParser):
    """Every href, every element id and every figure's inline SVG of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.svg_figures = 0
        self.tags: list[str] = []
        self._in_figure = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "href" in attrs and tag == "a":
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "figure":
            self._in_figure = True
        elif tag == "svg" and self._in_figure:
            self.svg_figures += 1
            self._in_figure = False


def _page(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --------------------------------------------------------------------------- one person, two spellings


def test_each_person_is_one_corpus_speaker_seen_in_both_articles(respelled_corpus):
    _, out, _ = respelled_corpus
    rows = pd.read_csv(out / "speakers.csv", keep_default_na=False)
    corpus = {(r.article, r.speaker): r.corpus_speaker for r in rows.itertuples()}
    table = pd.read_csv(out / "corpus_speakers.csv", keep_default_na=False)
    persons = set(table.loc[table["kind"] == "person", "corpus_speaker"])
    people = rows[(rows["article"] == ORIGINAL) & rows["corpus_speaker"].isin(persons)]
    assert len(people) >= 8, "the bundled article quotes its people"
    for name in people["speaker"]:
        respelled = RESPELLINGS.get(name, name)
        assert respelled != name, f"{name} was not respelled in the copy"
        assert (RESPELLED, respelled) in corpus, f"{respelled} is not a speaker of the copy"
        assert corpus[(ORIGINAL, name)] == corpus[(RESPELLED, respelled)], name
    for name in set(corpus[(ORIGINAL, n)] for n in people["speaker"]):
        (row,) = table[table["corpus_speaker"] == name].itertuples()
        assert row.articles == 2 and row.article_ids == f"{ORIGINAL}; {RESPELLED}", name
        assert row.explanation, name


def test_the_fold_of_the_prime_minister_names_both_spellings_and_its_rules(respelled_corpus):
    _, out, _ = respelled_corpus
    table = pd.read_csv(out / "corpus_speakers.csv", keep_default_na=False)
    (row,) = table[table["corpus_speaker"] == "Muhammad Shiaa Al-Sudani"].itertuples()
    assert "Mohammed Shia al-Sudani" in row.aliases
    assert "the same name in another spelling" in row.explanation
    assert "o for u" in row.explanation and "doubled letters" in row.explanation


def test_the_combined_tables_carry_each_rows_corpus_speaker(respelled_corpus):
    _, out, summary = respelled_corpus
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    speakers = pd.read_csv(out / "speakers.csv", keep_default_na=False)
    assert {"corpus_speaker"} <= set(quotes.columns) and len(quotes) == summary.quotes
    assert {"corpus_speaker", "corpus_rule", "corpus_explain"} <= set(speakers.columns)
    assert (quotes["corpus_speaker"] != "").all() and (speakers["corpus_speaker"] != "").all()
    # a quote's corpus speaker is its speaker's
    keys = zip(speakers["article"], speakers["speaker_id"], strict=True)
    of_row = dict(zip(keys, speakers["corpus_speaker"], strict=True))
    assert all(of_row[(q.article, q.speaker_id)] == q.corpus_speaker for q in quotes.itertuples())
    table = pd.read_csv(out / "corpus_speakers.csv", keep_default_na=False)
    assert table["quotes"].sum() == len(quotes)
    counts = table[[f"{s}_quotes" for s in ("favor", "against", "neutral")]].sum(axis=1)
    assert (counts == table["quotes"]).all(), "every quote has one stance"
    assert summary.corpus_speakers == len(table) and summary.report == out / "index.html"


# --------------------------------------------------------------------------- the corpus index


def test_the_corpus_index_shows_the_figures_and_links_every_article_summary(respelled_corpus):
    folder, out, _ = respelled_corpus
    index = out / "index.html"
    page = _page(index)
    assert page.svg_figures >= 4, "the index shows at least four figures"
    for article in (ORIGINAL, RESPELLED):
        assert f"{article}/summary.html" in page.hrefs, f"no link to {article}'s summary"
    for name in plots.CORPUS_FIGURES:
        assert (out / "corpus-figures" / f"{name}.png").stat().st_size > 1000
        assert f"corpus-figures/{name}.svg" in page.hrefs
    text = index.read_text(encoding="utf-8")
    assert "<script" not in text and not re.search(r"(src|href)=\"(https?:)?//", text)


def test_every_link_of_the_index_reaches_a_file_and_an_anchor(respelled_corpus):
    """Links to a speaker's row in an article's summary land on that row."""
    _, out, _ = respelled_corpus
    page = _page(out / "index.html")
    svg_links = re.findall(r'xlink:href="([^"]+)"', (out / "index.html").read_text())
    checked = 0
    for href in page.hrefs + [h for h in svg_links if not h.startswith("#corpus-")]:
        path, _, anchor = href.partition("#")
        target = out / path if path else out / "index.html"
        assert target.is_file(), f"the index links to a missing file: {href}"
        if anchor and target.suffix == ".html":
            assert anchor in _page(target).ids, f"{href}: no element with that id"
            checked += 1
    assert checked > 10, "the speakers table and the figures link to rows"
    assert any(h.startswith("#cs-") for h in svg_links), "figure bars link to speaker rows"
    assert any("/summary.html#speaker-" in h for h in svg_links), "points link to summaries"


def test_a_summary_page_leads_back_to_the_corpus_report(respelled_corpus):
    _, out, _ = respelled_corpus
    assert "../index.html" in _page(out / ORIGINAL / "summary.html").hrefs


def test_a_single_article_gets_no_corpus_report(tmp_path, bundled_path, capsys):
    speakers = tmp_path / "speakers.txt"
    speakers.write_text("Hamid Habib = Habib\n")
    code = main(["analyze", str(bundled_path), "--out", str(tmp_path / "out"), "--quiet",
                 "--speakers-file", str(speakers)])  # fmt: skip
    assert code == 0
    assert not (tmp_path / "out" / "index.html").exists()
    assert "the speakers file is not used" in capsys.readouterr().err


def test_a_corpus_that_nothing_could_be_read_from_still_gets_an_honest_report(tmp_path):
    from helpers.corpus import run

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(b"\x00\x01" * 50)
    (tmp_path / "in" / "b.txt").write_bytes(b"\x00\x02" * 50)
    summary = run([tmp_path / "in"], tmp_path / "out", quiet=True, errors=_Sink())
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert summary.failed == 2 and "No article could be analysed." in text
    assert 'href="failures.csv"' in text


class _Sink:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


# --------------------------------------------------------------------------- the command line


def test_analyze_documents_the_speakers_file(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    assert "--speakers-file" in capsys.readouterr().out


def test_a_wrong_speakers_file_is_one_error_before_any_article_is_read(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Title\n\nSome text.\n")
    bad = tmp_path / "speakers.txt"
    bad.write_text("# fine\nHamid Habib and Hameed Habib\n")
    code = main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                 "--speakers-file", str(bad)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"helpers: error: {bad}, line 2: expected `NAME = NAME`")
    assert not (tmp_path / "out").exists(), "nothing was analysed"


def test_the_speakers_file_separates_one_name_in_two_articles_and_warns_of_unknown_names(
    tmp_path, bundled_path
):
    import io

    from helpers.corpus import run

    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text(bundled_path.read_text(encoding="utf-8"))
    rules = tmp_path / "speakers.txt"
    rules.write_text(
        "Hamid Habib @ a != Hamid Habib @ b\n"
        "The academic from article a = Hamid Habib @ a   # a display name of one's own\n"
        "Ghost Name != Hamid Habib\n"
    )
    errors = io.StringIO()
    summary = run([tmp_path / "in"], tmp_path / "out", quiet=True, errors=errors,
                  speakers_file=rules)  # fmt: skip
    rows = pd.read_csv(tmp_path / "out" / "speakers.csv", keep_default_na=False)
    habib = rows[rows["speaker"] == "Hamid Habib"].set_index("article")["corpus_speaker"]
    assert habib.to_dict() == {"a": "The academic from article a", "b": "Hamid Habib"}
    others = rows[rows["speaker"] == "Ahmed Al-Yasiri"]["corpus_speaker"]
    assert others.nunique() == 1, "the rest of the two copies is still folded"
    warning = f"{rules}, line 3: no speaker 'Ghost Name' in the corpus"
    assert summary.warnings == [warning]
    assert errors.getvalue() == f"helpers: warning: {warning}\n"


# --------------------------------------------------------------------------- the corpus figures


@pytest.fixture(scope="module")
def corpus_tables(respelled_corpus):
    from helpers.corpus_speakers import fold_corpus

    _, out, _ = respelled_corpus
    fold = fold_corpus(out)
    return pd.read_csv(out / "articles.csv", keep_default_na=False), fold


def _corpus_figures(corpus_tables) -> dict[str, Figure]:
    articles, fold = corpus_tables
    plots.set_theme()
    return plots.corpus_figures(articles, fold.speakers, fold.rows, speaker_href="#cs-{corpus_speaker_id}")  # fmt: skip


def test_each_corpus_figure_has_a_title_labelled_axes_and_okabe_ito_colours(corpus_tables):
    allowed = {mcolors.to_hex(c).lower() for c in [*plots.OKABE_ITO.values(), "white"]}
    for name, fig in _corpus_figures(corpus_tables).items():
        ax = fig.axes[0]
        assert ax.get_title(), f"{name} has no title"
        assert ax.get_xlabel() and ax.get_ylabel(), f"{name} has unlabelled axes"
        colours = {mcolors.to_hex(p.get_facecolor()).lower() for p in ax.patches}
        for collection in ax.collections:
            colours |= {mcolors.to_hex(c).lower() for c in collection.get_facecolors()}
        assert colours <= allowed, f"{name} uses colours outside the palette: {colours - allowed}"


def test_the_most_quoted_figure_counts_quotes_and_articles(corpus_tables):
    _, fold = corpus_tables
    fig = plots.corpus_speaker_volume(fold.speakers)
    ax = fig.axes[0]
    top = fold.speakers.iloc[0]
    assert ax.get_yticklabels()[0].get_text() == top["corpus_speaker"]  # most quoted on top
    assert max(p.get_width() for p in ax.patches) == top["quotes"]
    assert "2 articles" in {t.get_text().strip() for t in ax.texts}


def test_each_corpus_figure_has_an_honest_empty_version():
    empty = pd.DataFrame()
    figures = [
        plots.articles_by_date(empty),
        plots.corpus_speaker_volume(empty),
        plots.corpus_stance(empty),
        plots.corpus_sentiment(empty, empty),
        plots.speakers_over_time(empty, empty),
    ]
    for fig in figures:
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.texts, "an empty figure says why"


def test_the_stance_figure_without_a_target_says_so(corpus_tables):
    _, fold = corpus_tables
    no_target = fold.speakers.drop(columns=[c for c in fold.speakers if c.endswith("_quotes")])
    ax = plots.corpus_stance(no_target).axes[0]
    assert "No stance target was given" in ax.texts[0].get_text()


def test_time_axes_keep_empty_months_and_switch_to_years_for_long_corpora():
    labels, axis = plots.periods(pd.Series(["2024-01-03", "2024-03-30", "", "x"]))
    assert axis == ["2024-01", "2024-02", "2024-03"]
    assert labels.tolist()[:2] == ["2024-01", "2024-03"] and labels.isna().tolist()[2:] == [True, True]  # fmt: skip
    _, years = plots.periods(pd.Series(["2015-06-01", "2024-01-01"]))
    assert years[0] == "2015" and years[-1] == "2024" and len(years) == 10


def test_figure_links_reach_the_svg(corpus_tables, tmp_path):
    fig = _corpus_figures(corpus_tables)["corpus-02-most-quoted"]
    _, svg = plots.save_figure(fig, "linked", tmp_path)
    assert 'xlink:href="#cs-muhammad-shiaa-al-sudani"' in svg.read_text()


# --------------------------------------------------------------------------- the plots package

#: Every name ``helpers.plots`` exported when it was one module (they must keep working).
OLD_NAMES = [
    "FIGURES", "OKABE_ITO", "PALETTE", "STANCE_COLORS", "STANCE_ORDER", "NO_STANCE_COLOR",
    "UNATTRIBUTED", "all_figures", "article_flow", "place_labels", "reading_order_layout",
    "polarity_color", "polarity_subjectivity", "save_all", "save_figure", "set_theme",
    "speaker_graph", "speaker_network", "speaker_polarity", "speaker_volume",
    "stance_by_speaker", "tool_agreement", "tool_agreement_stats",
]  # fmt: skip


def test_figures_drawn_in_parallel_are_the_files_drawn_one_by_one(corpus_tables, tmp_path):
    """``analyze --jobs 2`` draws the report's figures in forked processes: same bytes."""
    import multiprocessing

    from helpers.corpus_report import FIGURES_DIR, write_corpus_report

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("figures are drawn in parallel only where processes can be forked")
    articles, fold = corpus_tables
    pages = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs-{jobs}"
        out.mkdir()
        articles.to_csv(out / "articles.csv", index=False)
        pages[jobs] = write_corpus_report(out, fold, jobs=jobs).read_bytes()
        files = sorted((out / FIGURES_DIR).iterdir())
        assert [f.name for f in files] == sorted(
            f"{name}.{ext}" for name in plots.CORPUS_FIGURES for ext in ("png", "svg")
        )
    assert pages[1] == pages[2]
    for one in sorted((tmp_path / "jobs-1" / FIGURES_DIR).iterdir()):
        assert one.read_bytes() == (tmp_path / "jobs-2" / FIGURES_DIR / one.name).read_bytes()


def test_a_corpus_figure_is_asked_for_by_name(corpus_tables):
    articles, fold = corpus_tables
    fig = plots.corpus_figure(plots.CORPUS_FIGURES[2], articles, fold.speakers, fold.rows)
    assert fig.axes[0].get_title()
    with pytest.raises(ValueError, match="no corpus figure called 'nope'"):
        plots.corpus_figure("nope", articles, fold.speakers, fold.rows)


def test_every_name_of_the_old_plots_module_still_works():
    from helpers.plots import FIGURES, save_all  # noqa: F401  (the import itself is the test)

    missing = [name for name in OLD_NAMES if not hasattr(plots, name)]
    assert not missing
    assert set(OLD_NAMES) - {"NO_STANCE_COLOR", "UNATTRIBUTED"} <= set(plots.__all__)
    assert plots.speaker_volume.__module__ == "helpers.plots.article"
    assert plots.corpus_speaker_volume.__module__ == "helpers.plots.corpus"


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "src" / "helpers" / "plots").glob("*.py"))
    + [
        ROOT / "src" / "helpers" / n
        for n in ("corpus_names.py", "corpus_fold.py", "corpus_speakers.py", "corpus_report.py")
    ],  # fmt: skip
    ids=lambda p: p.name,
)
def test_modules_stay_under_800_lines_and_functions_under_80(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 800
    long = [
        node.name
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > 80
    ]
    assert not long, f"functions over 80 lines: {long}"
