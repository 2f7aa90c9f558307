"""The corpus report: ``OUT/index.html``, the corpus at a glance, written by ``analyze`` for a corpus.

:func:`write_corpus_report` reads what ``python -m helpers analyze FOLDER --out OUT`` wrote
(``articles.csv``, the combined ``speakers.csv`` with its corpus columns and
``corpus_speakers.csv``, see :mod:`helpers.corpus_speakers`) and writes one page:

* **at a glance**: how many articles (and failures), from which dates and sources, how many
  quotations and corpus speakers, the stance target;
* **figures**: every figure of :mod:`helpers.plots.corpus` (articles by date and source, who is
  quoted most, stance and sentiment per corpus speaker, speakers over time), each saved as PNG
  and SVG under ``OUT/corpus-figures/`` and shown as inline SVG whose bars, points and names are
  links: a speaker's name or bar leads to their row in the speakers table, a point of the
  sentiment figure to that article's summary at that speaker's row;
* **corpus speakers**: one row per corpus speaker with its counts, mean sentiment, stance
  counts, the articles it is quoted in (each a link to ``<article>/summary.html#speaker-<id>``,
  where the quotations are) and how its names were folded;
* **articles**: date, source and title (a link to the article's ``summary.html``), quotes and
  speakers; and the tables as CSV.

The page has no script and loads nothing from the network: CSS inline, figures inline or beside
the page. Text is escaped; its content is deterministic (sorted, no dates or timings).

What is not done: no interactive filtering (no JavaScript); a corpus of thousands of speakers
gives a long table, not a paged one.
"""

from __future__ import annotations

import html
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.corpus_speakers import CorpusFold
from helpers.stance import LABELS as STANCE_LABELS

__all__ = ["FIGURES_DIR", "FIGURE_CAPTIONS", "inline_svg", "write_corpus_report"]

#: Where the figures are saved, under the output folder.
FIGURES_DIR = "corpus-figures"
#: Links the figures carry: to a corpus speaker's row, and to an article's speaker row. They are
#: relative to the figures' folder (so the SVG files work on their own); :func:`inline_svg`
#: makes them relative to the index page.
SPEAKER_HREF = "../index.html#cs-{corpus_speaker_id}"
ARTICLE_HREF = "../{article}/summary.html#speaker-{speaker_id}"
#: What each figure shows, under it.
FIGURE_CAPTIONS = {
    "corpus-01-articles-by-date": "Articles by date of publication, stacked by source.",
    "corpus-02-most-quoted": "Who is quoted most, and in how many articles. A bar or a name "
    "leads to the speaker's row below.",
    "corpus-03-stance": "Each corpus speaker's quotations for, against and neutral to the "
    "target, over all articles.",
    "corpus-04-sentiment-by-article": "Each corpus speaker's polarity in each article (a point, "
    "coloured by the stance they took there) and over the corpus (hollow diamond). A point leads "
    "to that article's summary, at that speaker's quotations.",
    "corpus-05-speakers-over-time": "When each corpus speaker is quoted: quotations per period.",
}
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1a1a1a}
.meta{color:#444} nav a{margin-right:1em}
figure{margin:1.5rem 0;border-top:1px solid #ddd;padding-top:.5rem}
figure svg{width:100%;height:auto;max-width:52rem;display:block}
figcaption{font-size:.9rem;color:#333}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f0f0f0} td.num{text-align:right;white-space:nowrap}
tr:target{background:#fde7a9} .why{color:#444;font-size:.8rem;max-width:28rem}
"""


def write_corpus_report(
    out: str | Path, fold: CorpusFold, *, target: Any = None, failed: int = 0, jobs: int = 1
) -> Path:
    """Write ``out/index.html`` (and the figures under ``out/corpus-figures/``); return its path.

    ``fold`` is what :func:`helpers.corpus_speakers.fold_corpus` returned for ``out``;
    ``target`` the stance target's name (or None), ``failed`` how many files failed; ``jobs``
    processes draw the figures (see :func:`_figures`).
    """
    out = Path(out)
    articles = _read(out / "articles.csv")
    figures = _figures(out, articles, fold, jobs)
    target_name = getattr(target, "name", target)
    parts = [
        _head(articles),
        _glance(articles, fold, target_name, failed),
        '<h2 id="figures">The corpus in figures</h2>',
        *figures,
        _speakers_section(fold, articles),
        _articles_section(articles),
        _downloads(out),
        "</body></html>",
    ]
    path = out / "index.html"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame(columns=["article", "title", "date", "source", "quotes", "speakers"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("title", "date", "source", "quotes", "speakers"):
        if column not in frame.columns:
            frame[column] = ""
    return frame


# --------------------------------------------------------------------------- figures


def _figures(out: Path, articles: pd.DataFrame, fold: CorpusFold, jobs: int = 1) -> list[str]:
    """Draw, save and inline every corpus figure; ``jobs > 1`` draws them in forked processes.

    Rendering is most of the report's time (each figure is laid out and drawn twice, for PNG
    and SVG), and the figures are independent: a corpus run that has worker processes gets
    them drawn in parallel. Only where processes can be forked (Linux): a spawned process would
    spend longer importing matplotlib than drawing. The files are the same either way.
    """
    from helpers import plots

    data = (articles, fold.speakers, fold.rows)
    folder = out / FIGURES_DIR
    names = plots.CORPUS_FIGURES
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(names)), mp_context=context) as pool:
            saved = list(pool.map(_draw_figure, names, repeat(folder), repeat(data)))
    else:
        saved = [_draw_figure(name, folder, data) for name in names]
    blocks = []
    for name, (png, svg) in zip(names, saved, strict=True):
        caption = html.escape(FIGURE_CAPTIONS.get(name, ""))
        files = (
            f'<a href="{FIGURES_DIR}/{png.name}">PNG</a> · '
            f'<a href="{FIGURES_DIR}/{svg.name}">SVG</a>'
        )
        blocks.append(
            f'<figure id="{name}">{inline_svg(svg, name)}'
            f"<figcaption>{caption} ({files})</figcaption></figure>"
        )
    return blocks


def _draw_figure(name: str, folder: Path, data: tuple) -> list[Path]:
    """Draw the corpus figure ``name`` in the theme (global settings restored) and save it."""
    import matplotlib as mpl

    from helpers import plots

    with mpl.rc_context():
        plots.set_theme()
        fig = plots.corpus_figure(name, *data, speaker_href=SPEAKER_HREF, article_href=ARTICLE_HREF)
        return plots.save_figure(fig, name, folder)


def inline_svg(path: Path, prefix: str) -> str:
    """An SVG file's ``<svg>`` element, ready to sit inside an HTML page.

    The XML prologue goes; every element id and internal reference (``<use href="#…">``,
    ``url(#…)``) gets ``prefix`` so that figures on one page cannot mix up their glyphs or clip
    paths; the fixed size goes (the ``viewBox`` stays), so the figure scales with the page.
    Links the figure carries (``<a href>``, relative to the figures' folder) become relative to
    the page and open in it (matplotlib writes ``target="_blank"``).
    """
    text = path.read_text(encoding="utf-8")
    svg = text[text.index("<svg") :]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'(<use\b[^>]*?xlink:href=")#', rf"\1#{prefix}-", svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'(<a\b[^>]*?xlink:href=")\.\./(index\.html)?', r"\1", svg)
    svg = re.sub(r'(<a\b[^>]*?) target="_blank"', r"\1", svg)
    svg = re.sub(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    label = html.escape(FIGURE_CAPTIONS.get(prefix, prefix), quote=True)
    return svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1).strip()


# --------------------------------------------------------------------------- sections


def _head(articles: pd.DataFrame) -> str:
    title = f"Corpus report: {len(articles)} article" + ("s" if len(articles) != 1 else "")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>"
    )


def _glance(articles: pd.DataFrame, fold: CorpusFold, target: Any, failed: int) -> str:
    e = html.escape
    dates = sorted(d for d in articles["date"] if d)
    sources = sorted({s for s in articles["source"] if s})
    quotes = int(pd.to_numeric(articles["quotes"], errors="coerce").fillna(0).sum())
    people = fold.speakers[fold.speakers["kind"] != "unattributed"]
    joined = int((pd.to_numeric(people["articles"], errors="coerce") > 1).sum())
    lines = [
        f"{len(articles)} articles analysed"
        + (f' ({failed} could not be: <a href="failures.csv">failures.csv</a>)' if failed else ""),
        f"published {e(dates[0])} to {e(dates[-1])}" if dates else "no article has a date",
        f"{len(sources)} sources: {e(', '.join(sources))}" if sources else "no source given",
        f"{quotes} quotations by {len(people)} corpus speakers, {joined} of them quoted in more "
        "than one article",
        f"stance toward <strong>{e(str(target))}</strong>" if target else "no stance target",
    ]
    items = "".join(f"<li>{line}</li>" for line in lines)
    nav = (
        '<nav><a href="#figures">Figures</a><a href="#speakers">Corpus speakers</a>'
        '<a href="#articles">Articles</a><a href="#tables">Tables (CSV)</a></nav>'
    )
    return f'<ul class="meta">{items}</ul>\n{nav}'


def _speakers_section(fold: CorpusFold, articles: pd.DataFrame) -> str:
    """The corpus speakers table: counts, sentiment, stance, articles (linked), explanation."""
    e = html.escape
    table = fold.speakers
    stance = [f"{s}_quotes" for s in STANCE_LABELS if f"{s}_quotes" in table.columns]
    links = _article_links(fold.rows, articles)
    head = ["corpus speaker", "kind", "quotes", "words", "polarity", "VADER"]
    head += [c.replace("_quotes", "") for c in stance] + ["quoted in", "how the names were folded"]
    rows = []
    for rec in table.to_dict("records"):
        numbers = [rec["quotes"], rec["words"], _num(rec["polarity"]), _num(rec["vader"])]
        numbers += [rec[c] for c in stance]
        cells = (
            [f"<td><b>{e(str(rec['corpus_speaker']))}</b></td>", f"<td>{e(str(rec['kind']))}</td>"]
            + [f'<td class="num">{e(str(v))}</td>' for v in numbers]
            + [f"<td>{links.get(rec['corpus_speaker'], '')}</td>"]
            + [f'<td class="why">{e(str(rec["explanation"]))}</td>']
        )
        rows.append(f'<tr id="cs-{e(str(rec["corpus_speaker_id"]))}">{"".join(cells)}</tr>')
    intro = (
        "<p>One row per corpus speaker: a person or organisation across articles, its names "
        "folded by transliteration rules (see the last column). <em>quoted in</em> links to each "
        "article's summary at that speaker's quotations. Polarity is TextBlob's, weighted by "
        "words; VADER's compound is a mean per quotation.</p>"
    )
    return (
        f'<h2 id="speakers">Corpus speakers</h2>\n{intro}\n<table><thead><tr>'
        + "".join(f"<th>{e(h)}</th>" for h in head)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _article_links(rows: pd.DataFrame, articles: pd.DataFrame) -> dict[str, str]:
    """For each corpus speaker, links to its rows in the articles' summaries, labelled with the
    article's date and source (and the speaker's name there, with the article's title, on hover)."""
    e = html.escape
    meta = {rec["article"]: rec for rec in articles.to_dict("records")}
    links: dict[str, list[str]] = {}
    for rec in rows.to_dict("records"):
        href = f"{rec['article']}/summary.html#speaker-{rec['speaker_id']}"
        info = meta.get(rec["article"], {})
        where = " ".join(str(info.get(k) or "") for k in ("date", "source")).strip()
        label = f"{where or rec['article']} ({rec.get('quotes', '?')})"
        hover = f"{rec['speaker']} in “{info.get('title') or rec['article']}”"
        links.setdefault(rec["corpus_speaker"], []).append(
            f'<a href="{e(href, quote=True)}" title="{e(hover, quote=True)}">{e(label)}</a>'
        )
    return {name: "<br>".join(items) for name, items in links.items()}


def _articles_section(articles: pd.DataFrame) -> str:
    e = html.escape
    head = "".join(f"<th>{h}</th>" for h in ("date", "source", "title", "quotes", "speakers"))
    order = articles.assign(_d=articles["date"]).sort_values(["_d", "article"], kind="mergesort")
    rows = []
    for rec in order.to_dict("records"):
        href = f"{rec['article']}/summary.html"
        rows.append(
            f'<tr id="article-{e(str(rec["article"]), quote=True)}"><td>{e(rec["date"])}</td>'
            f'<td>{e(rec["source"])}</td><td><a href="{e(href, quote=True)}">'
            f"{e(rec['title'] or rec['article'])}</a></td>"
            f'<td class="num">{e(rec["quotes"])}</td><td class="num">{e(rec["speakers"])}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="5"><em>No article could be analysed.</em></td></tr>'
    return (
        '<h2 id="articles">Articles</h2>\n<p>Each title leads to the article\'s summary: its '
        "speakers, its quotations and the text with every quotation marked.</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _downloads(out: Path) -> str:
    names = ["corpus_speakers.csv", "speakers.csv", "quotes.csv", "articles.csv", "failures.csv"]
    items = "".join(
        f'<li><a href="{name}">{name}</a></li>' for name in names if (out / name).is_file()
    )
    return f'<h2 id="tables">Tables (CSV)</h2>\n<ul>{items}</ul>'


def _num(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if number != number else f"{number:.3f}"
