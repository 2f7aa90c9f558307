"""The figures of a corpus: many articles, their sources and dates, and the corpus speakers.

Each function takes the tables that ``python -m helpers analyze FOLDER`` writes (see
:mod:`helpers.corpus` and :mod:`helpers.corpus_speakers`) and returns a titled, labelled
:class:`~matplotlib.figure.Figure` in the collection's theme:

* ``articles``: ``articles.csv`` (``article``, ``title``, ``date``, ``source``, ...);
* ``corpus_speakers``: ``corpus_speakers.csv`` (one row per corpus speaker: ``corpus_speaker``,
  ``corpus_speaker_id``, ``kind``, ``articles``, ``quotes``, ``polarity``, ``<stance>_quotes``);
* ``rows``: the combined ``speakers.csv`` with its corpus columns (one row per speaker per
  article: ``article``, ``speaker_id``, ``corpus_speaker``, ``quotes``, ``polarity``, ``stance``).

The figures:

1. :func:`articles_by_date` - articles per month (or year) of publication, stacked by source.
2. :func:`corpus_speaker_volume` - who is quoted most: quotes per corpus speaker, and in how many
   articles.
3. :func:`corpus_stance` - each corpus speaker's quotes for, against and neutral to the target.
4. :func:`corpus_sentiment` - each corpus speaker's polarity article by article, coloured by
   the stance they took in that article, with the corpus-wide mean.
5. :func:`speakers_over_time` - when each corpus speaker is quoted, month by month.

Links: ``speaker_href`` and ``article_href`` are format strings (``"#cs-{corpus_speaker_id}"``,
``"{article}/summary.html#speaker-{speaker_id}"``) filled from a row's columns; when given, the
marks and labels of a figure carry them, and an SVG of the figure is clickable without any
script. Colours: the Okabe-Ito palette; stance colours as in every other figure.

What is not done: nothing is computed here beyond counting and ranking the tables' values;
unattributed quotations are left out of every speaker figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.plots.theme import (
    NO_STANCE_COLOR,
    OKABE_ITO,
    PALETTE,
    STANCE_COLORS,
    STANCE_ORDER,
    _empty,
    _figure,
    _short,
    _stance_color,
    _stance_handles,
)

__all__ = [
    "CORPUS_FIGURES",
    "KIND_COLORS",
    "articles_by_date",
    "corpus_figure",
    "corpus_figures",
    "corpus_sentiment",
    "corpus_speaker_volume",
    "corpus_stance",
    "periods",
    "speakers_over_time",
]

#: File names (without extension) of the corpus figures, in the order of the corpus report.
CORPUS_FIGURES: tuple[str, ...] = (
    "corpus-01-articles-by-date",
    "corpus-02-most-quoted",
    "corpus-03-stance",
    "corpus-04-sentiment-by-article",
    "corpus-05-speakers-over-time",
)
#: Colours of the kinds of corpus speaker.
KIND_COLORS: dict[str, str] = {
    "person": OKABE_ITO["blue"],
    "organisation": OKABE_ITO["orange"],
    "one-article": OKABE_ITO["grey"],
}
#: Periods of a time axis: months, or years when the corpus spans more than this many months.
MAX_MONTHS = 36
#: Corpus speakers shown in a speaker figure (the most quoted).
TOP = 20


# --------------------------------------------------------------------------- shared


def periods(dates: pd.Series) -> tuple[pd.Series, list[str]]:
    """Each date's period label and every period from the first to the last, in order.

    Months (``"2024-01"``) when the dates span at most :data:`MAX_MONTHS` months, else years
    (``"2024"``); an empty period in between is kept, so gaps in time show as gaps. A missing
    or unreadable date has no period (NaN).
    """
    parsed = pd.to_datetime(dates, errors="coerce")
    if parsed.notna().sum() == 0:
        return pd.Series(np.nan, index=dates.index, dtype=object), []
    first, last = parsed.min(), parsed.max()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    freq, fmt = ("M", "%Y-%m") if months <= MAX_MONTHS else ("Y", "%Y")
    labels = parsed.dt.to_period(freq).dt.strftime(fmt).where(parsed.notna())
    full = pd.period_range(first.to_period(freq), last.to_period(freq), freq=freq)
    return labels, [p.strftime(fmt) for p in full]


def _speakers(corpus_speakers: pd.DataFrame, top: int) -> pd.DataFrame:
    """The ``top`` most quoted corpus speakers (unattributed quotations left out)."""
    if corpus_speakers.empty or "corpus_speaker" not in corpus_speakers.columns:
        return corpus_speakers.iloc[0:0]
    df = corpus_speakers.copy()
    if "kind" in df.columns:
        df = df[df["kind"].astype(str) != "unattributed"]
    for col in ("quotes", "articles"):
        df[col] = pd.to_numeric(df.get(col, 0), errors="coerce").fillna(0).astype(int)
    order = ["quotes", "articles", "corpus_speaker"]
    df = df.sort_values(order, ascending=[False, False, True], kind="mergesort")
    return df.head(top).reset_index(drop=True)


def _hrefs(frame: pd.DataFrame, template: str | None) -> list[str | None]:
    """``template`` filled from each row of ``frame`` (None everywhere without a template)."""
    if not template:
        return [None] * len(frame)
    return [template.format(**{k: str(v) for k, v in row.items()}) for _, row in frame.iterrows()]


def _link_labels(labels, urls: Sequence[str | None]) -> None:
    for label, url in zip(labels, urls, strict=False):
        if url:
            label.set_url(url)


def _link_bars(bars, urls: Sequence[str | None]) -> None:
    for bar, url in zip(bars, urls, strict=True):
        if url:
            bar.set_url(url)


def _speaker_axis(ax, names: pd.Series, urls: Sequence[str | None]) -> np.ndarray:
    """Speakers on the y axis, most quoted at the top, labels linked; returns the y positions."""
    y = np.arange(len(names))[::-1]
    ax.set_yticks(y, [_short(n, 32) for n in names])
    _link_labels(ax.get_yticklabels(), urls)
    ax.set_ylim(-0.6, len(names) - 0.4)
    return y


def _period_ticks(ax, axis: list[str]) -> None:
    """Period labels under the x axis, slanted when there are many."""
    slant = len(axis) > 8
    ax.set_xticks(range(len(axis)), axis, rotation=45 if slant else 0)
    if slant:
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")


# --------------------------------------------------------------------------- figure 1


def articles_by_date(articles: pd.DataFrame) -> Figure:
    """Corpus figure 1: how many articles each month (or year), stacked by source.

    The seven sources with most articles have their own colour, the rest are "other sources";
    articles without a date are counted in the title, not drawn.
    """
    title = "Articles by date of publication and source"
    xlabel, ylabel = "Month of publication", "Articles"
    if articles.empty or "date" not in articles.columns:
        fig = _figure(9, 3.5)
        return _empty(fig, fig.add_subplot(), title, xlabel, ylabel, "No articles to show.")
    df = articles.copy()
    df["period"], axis = periods(df["date"])
    undated = int(df["period"].isna().sum())
    sources = df.get("source", pd.Series("", df.index)).fillna("").astype(str)
    df["source"] = sources.where(sources.str.strip() != "", "(no source)")
    ranked = df["source"].value_counts().sort_index().sort_values(ascending=False, kind="mergesort")
    shown = list(ranked.index[:7])
    df.loc[~df["source"].isin(shown), "source"] = "other sources"
    fig = _figure(10, 4.8)
    ax = fig.add_subplot()
    if not axis:
        return _empty(fig, ax, title, xlabel, ylabel, "No article has a date.")
    xlabel = "Month of publication" if len(axis[0]) == 7 else "Year of publication"
    counts = pd.crosstab(df["period"], df["source"]).reindex(index=axis, fill_value=0)
    x = np.arange(len(axis))
    bottom = np.zeros(len(axis))
    names = [s for s in [*shown, "other sources"] if s in counts.columns]
    for k, source in enumerate(names):
        color = OKABE_ITO["grey"] if source == "other sources" else PALETTE[k % len(PALETTE)]
        values = counts[source].to_numpy()
        ax.bar(x, values, bottom=bottom, color=color, label=_short(source, 36), width=0.8)
        bottom += values
    _period_ticks(ax, axis)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(0, max(bottom.max(), 1) * 1.15)
    dated = len(df) - undated
    note = f"; {undated} undated not shown" if undated else ""
    ax.set_title(f"{title} ({dated} articles{note})")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(
        title="Source", fontsize=8, title_fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1)
    )
    return fig


# --------------------------------------------------------------------------- figure 2


def corpus_speaker_volume(
    corpus_speakers: pd.DataFrame, *, top: int = TOP, speaker_href: str | None = None
) -> Figure:
    """Corpus figure 2: the most quoted corpus speakers, quotes and the number of articles.

    Bars are coloured by kind (person, organisation, a source of one article only); each bar
    says in how many articles the speaker is quoted. Most quoted at the top.
    """
    title = "Who is quoted most across the corpus"
    xlabel, ylabel = "Quotes (all articles)", "Corpus speaker"
    df = _speakers(corpus_speakers, top)
    if df.empty:
        fig = _figure(9, 3)
        return _empty(fig, fig.add_subplot(), title, xlabel, ylabel, "No attributed quotes.")
    fig = _figure(9, max(2.8, 0.36 * len(df) + 1.6))
    ax = fig.add_subplot()
    urls = _hrefs(df, speaker_href)
    y = _speaker_axis(ax, df["corpus_speaker"], urls)
    kinds = df.get("kind", pd.Series("person", df.index)).astype(str)
    colors = [KIND_COLORS.get(k, OKABE_ITO["grey"]) for k in kinds]
    bars = ax.barh(y, df["quotes"], color=colors, height=0.7)
    _link_bars(bars, urls)
    for yi, quotes, n in zip(y, df["quotes"], df["articles"], strict=True):
        label = f"{n} article" + ("s" if n != 1 else "")
        ax.text(quotes, yi, f"  {label}", va="center", ha="left", fontsize=8)
    ax.set_xlim(0, max(df["quotes"].max(), 1) * 1.25)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    present = [k for k in KIND_COLORS if k in set(kinds)]
    labels = {"one-article": "anonymous or unnamed (one article)"}
    handles = [Patch(facecolor=KIND_COLORS[k], label=labels.get(k, k)) for k in present]
    ax.legend(handles=handles, title="Kind", loc="lower right", fontsize=8)
    return fig


# --------------------------------------------------------------------------- figure 3


def _stance_columns(frame: pd.DataFrame) -> list[str]:
    return [s for s in STANCE_ORDER if f"{s}_quotes" in frame.columns]


def corpus_stance(
    corpus_speakers: pd.DataFrame, *, top: int = TOP, speaker_href: str | None = None
) -> Figure:
    """Corpus figure 3: each corpus speaker's quotes for, against and neutral to the target.

    Needs the ``<stance>_quotes`` columns of ``corpus_speakers.csv`` (written when ``analyze``
    is given a ``--target``); without them the figure says that no target was given.
    """
    title = "Stance toward the target across the corpus: quotes per speaker"
    xlabel, ylabel = "Quotes (all articles)", "Corpus speaker"
    labels = _stance_columns(corpus_speakers)
    df = _speakers(corpus_speakers, top)
    if df.empty or not labels:
        fig = _figure(9, 3)
        msg = "No stance target was given, so there is no stance." if not labels else "No quotes."
        return _empty(fig, fig.add_subplot(), title, xlabel, ylabel, msg)
    fig = _figure(9, max(2.8, 0.36 * len(df) + 1.6))
    ax = fig.add_subplot()
    urls = _hrefs(df, speaker_href)
    y = _speaker_axis(ax, df["corpus_speaker"], urls)
    left = np.zeros(len(df))
    for stance in labels:
        values = pd.to_numeric(df[f"{stance}_quotes"], errors="coerce").fillna(0).to_numpy()
        bars = ax.barh(y, values, left=left, color=STANCE_COLORS[stance], label=stance, height=0.7)
        _link_bars(bars, urls)
        left += values
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title="Stance", loc="lower right", fontsize=8)
    return fig


# --------------------------------------------------------------------------- figure 4


def _per_article(rows: pd.DataFrame, df: pd.DataFrame) -> pd.DataFrame:
    """The rows of the shown corpus speakers, with numeric polarity and quotes."""
    part = rows[rows["corpus_speaker"].isin(set(df["corpus_speaker"]))].copy()
    part["polarity"] = pd.to_numeric(part.get("polarity"), errors="coerce")
    part["quotes"] = pd.to_numeric(part.get("quotes", 1), errors="coerce").fillna(1)
    return part


def corpus_sentiment(
    rows: pd.DataFrame,
    corpus_speakers: pd.DataFrame,
    *,
    top: int = TOP,
    speaker_href: str | None = None,
    article_href: str | None = None,
) -> Figure:
    """Corpus figure 4: each corpus speaker's polarity article by article, with their stance.

    One point per speaker per article: the speaker's (word-weighted) TextBlob polarity in that
    article, sized by quotes and coloured by the stance they took there; a hollow black diamond
    marks the corpus-wide mean. With ``article_href``, each point links to the article's summary.
    """
    title = "Sentiment and stance of each speaker, article by article"
    xlabel = "TextBlob polarity in one article (-1 negative … +1 positive)"
    ylabel = "Corpus speaker"
    df = _speakers(corpus_speakers, top)
    if df.empty or rows.empty or "corpus_speaker" not in rows.columns:
        fig = _figure(9, 3)
        return _empty(fig, fig.add_subplot(), title, xlabel, ylabel, "No attributed quotes.")
    fig = _figure(9, max(2.8, 0.38 * len(df) + 1.8))
    ax = fig.add_subplot()
    y = _speaker_axis(ax, df["corpus_speaker"], _hrefs(df, speaker_href))
    row_of = dict(zip(df["corpus_speaker"], y, strict=True))
    part = _per_article(rows, df).dropna(subset=["polarity"])
    stance = part["stance"] if "stance" in part.columns else pd.Series(None, part.index)
    points = ax.scatter(
        part["polarity"], [row_of[c] for c in part["corpus_speaker"]],
        s=30 + 12 * part["quotes"].clip(upper=20), c=[_stance_color(s) for s in stance],
        alpha=0.8, edgecolors="white", linewidths=0.8, zorder=3,
    )  # fmt: skip
    points.set_urls(_hrefs(part, article_href))
    means = pd.to_numeric(df.get("polarity"), errors="coerce")
    ax.scatter(means, y, marker="D", s=40, facecolors="none", edgecolors=NO_STANCE_COLOR,
               linewidths=1.4, zorder=4)  # fmt: skip
    ax.axvline(0, color=OKABE_ITO["grey"], linewidth=1, linestyle="--", zorder=0)
    ax.set_xlim(-1.05, 1.05)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    handles = _stance_handles(list(stance), marker="o")
    mean = Line2D([], [], marker="D", linestyle="", markerfacecolor="none",
                  markeredgecolor=NO_STANCE_COLOR, label="corpus mean")  # fmt: skip
    handles.append(mean)
    ax.legend(handles=handles, title="In that article", loc="lower right", fontsize=8)
    return fig


# --------------------------------------------------------------------------- figure 5


def speakers_over_time(
    rows: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    top: int = TOP,
    corpus_speakers: pd.DataFrame | None = None,
    speaker_href: str | None = None,
) -> Figure:
    """Corpus figure 5: when each corpus speaker is quoted - quotes per month (or year).

    One circle per speaker and period, its area growing with the quotes in that period; the
    most quoted speakers at the top. Articles without a date are left out.
    """
    title = "Who is quoted when"
    xlabel, ylabel = "Month of publication", "Corpus speaker"
    ranked = _speakers(corpus_speakers if corpus_speakers is not None else _ranking(rows), top)
    if ranked.empty or articles.empty or "date" not in articles.columns:
        fig = _figure(9, 3)
        return _empty(fig, fig.add_subplot(), title, xlabel, ylabel, "No dated quotes to show.")
    labels, axis = periods(articles["date"])
    when = dict(zip(articles["article"].astype(str), labels, strict=True))
    part = _per_article(rows, ranked)
    part["period"] = part["article"].astype(str).map(when)
    part = part.dropna(subset=["period"])
    fig = _figure(10, max(2.8, 0.36 * len(ranked) + 1.8))
    ax = fig.add_subplot()
    if not axis or part.empty:
        return _empty(fig, ax, title, xlabel, ylabel, "No dated quotes to show.")
    xlabel = "Month of publication" if len(axis[0]) == 7 else "Year of publication"
    y = _speaker_axis(ax, ranked["corpus_speaker"], _hrefs(ranked, speaker_href))
    row_of = dict(zip(ranked["corpus_speaker"], y, strict=True))
    col_of = {p: k for k, p in enumerate(axis)}
    grid = part.groupby(["corpus_speaker", "period"], sort=True)["quotes"].sum().reset_index()
    kinds = ranked.get("kind", pd.Series("person", ranked.index)).astype(str)
    color_of = {
        c: KIND_COLORS.get(k, OKABE_ITO["grey"])
        for c, k in zip(ranked["corpus_speaker"], kinds, strict=True)
    }
    xs = grid["period"].map(col_of).to_numpy()
    ys = grid["corpus_speaker"].map(row_of).to_numpy()
    ax.scatter(
        xs, ys, s=25 + 18 * grid["quotes"].clip(upper=30),
        c=[color_of[c] for c in grid["corpus_speaker"]],
        alpha=0.85, edgecolors="white", linewidths=0.8, zorder=3,
    )  # fmt: skip
    for x, yv, n in zip(xs, ys, grid["quotes"], strict=True):
        ax.text(x, yv, str(int(n)), ha="center", va="center", fontsize=7, color="white", zorder=4)
    _period_ticks(ax, axis)
    ax.set_xlim(-0.6, len(axis) - 0.4)
    ax.set_title(f"{title}: quotes per speaker and {'month' if len(axis[0]) == 7 else 'year'}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


def _ranking(rows: pd.DataFrame) -> pd.DataFrame:
    """A corpus speaker ranking from the rows alone (quotes and articles per corpus speaker)."""
    if rows.empty or "corpus_speaker" not in rows.columns:
        return pd.DataFrame(columns=["corpus_speaker", "quotes", "articles"])
    df = rows.assign(quotes=pd.to_numeric(rows.get("quotes", 1), errors="coerce").fillna(0))
    grouped = df.groupby("corpus_speaker", sort=True)
    return grouped.agg(quotes=("quotes", "sum"), articles=("article", "nunique")).reset_index()


# --------------------------------------------------------------------------- all of them


def corpus_figure(
    name: str,
    articles: pd.DataFrame,
    corpus_speakers: pd.DataFrame,
    rows: pd.DataFrame,
    *,
    top: int = TOP,
    speaker_href: str | None = None,
    article_href: str | None = None,
) -> Figure:
    """The corpus figure called ``name`` (one of :data:`CORPUS_FIGURES`), links as given."""
    links = {"top": top, "speaker_href": speaker_href}
    builders = dict(
        zip(
            CORPUS_FIGURES,
            (
                lambda: articles_by_date(articles),
                lambda: corpus_speaker_volume(corpus_speakers, **links),
                lambda: corpus_stance(corpus_speakers, **links),
                lambda: corpus_sentiment(rows, corpus_speakers, article_href=article_href, **links),
                lambda: speakers_over_time(
                    rows, articles, corpus_speakers=corpus_speakers, **links
                ),
            ),
            strict=True,
        )
    )
    if name not in builders:
        raise ValueError(f"no corpus figure called {name!r}; the figures: {', '.join(builders)}")
    return builders[name]()


def corpus_figures(
    articles: pd.DataFrame,
    corpus_speakers: pd.DataFrame,
    rows: pd.DataFrame,
    *,
    top: int = TOP,
    speaker_href: str | None = None,
    article_href: str | None = None,
) -> dict[str, Figure]:
    """Every corpus figure, keyed by :data:`CORPUS_FIGURES` names, links as given."""
    links = {"top": top, "speaker_href": speaker_href, "article_href": article_href}
    return {
        name: corpus_figure(name, articles, corpus_speakers, rows, **links)
        for name in CORPUS_FIGURES
    }
