"""The figures of one article: one function per figure, each returning a titled, labelled Figure.

Each figure function takes the pipeline's tables (see ``CONTRIBUTING.md``) and returns a
matplotlib :class:`~matplotlib.figure.Figure` with a title and labelled axes. Figures are created
without ``pyplot``, so a notebook cell shows a figure exactly once (when it is the cell's value) and
no figure stays open in a long session.

The figures:

1. :func:`speaker_polarity` - mean polarity per speaker with its bootstrap interval, by stance.
2. :func:`polarity_subjectivity` - polarity against subjectivity for every quote, speakers labelled
   at the centre of their quotes without overlapping labels (:func:`place_labels`).
3. :func:`stance_by_speaker` - favour / against / neutral quotes per speaker, stacked.
4. :func:`article_flow` - every quote by its position in the article against its polarity, with
   the article's sections shaded.
5. :func:`speaker_volume` - how much each speaker is quoted, in words and in quotes.
6. :func:`tool_agreement` - TextBlob polarity against VADER compound per quote, with their rank
   correlation and label agreement in the title.
7. :func:`speaker_network` - who is quoted together with whom, who is quoted right after whom
   (often a reply) and whose quotes name whom (:func:`speaker_graph`).

What is not done here: no score, label or stance is computed in this module beyond counting and
ranking what the pipeline already produced: figure 6's agreement figures come from
:func:`helpers.sentiment.tool_agreement`, the stance labels and their order from
:mod:`helpers.stance`, the "(unattributed)" label from :mod:`helpers.sentiment`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers import sentiment
from helpers.label_layout import place_labels
from helpers.plots.theme import (
    OKABE_ITO,
    STANCE_COLORS,
    STANCE_ORDER,
    UNATTRIBUTED,
    _empty,
    _figure,
    _short,
    _speaker_names,
    _stance_color,
    _stance_handles,
    save_figure,
)

__all__ = [
    "FIGURES",
    "all_figures",
    "article_flow",
    "place_labels",
    "polarity_subjectivity",
    "reading_order_layout",
    "save_all",
    "speaker_graph",
    "speaker_network",
    "speaker_polarity",
    "speaker_volume",
    "stance_by_speaker",
    "tool_agreement",
    "tool_agreement_stats",
]

#: File names (without extension) of the figures :func:`save_all` writes, in reading order.
FIGURES: tuple[str, ...] = (
    "01-speaker-polarity",
    "02-polarity-subjectivity",
    "03-stance-by-speaker",
    "04-article-flow",
    "05-speaker-volume",
    "06-textblob-vs-vader",
    "07-speaker-network",
)

# --------------------------------------------------------------------------- figure 1


def speaker_polarity(speakers: pd.DataFrame) -> Figure:
    """Figure 1: each speaker's mean TextBlob polarity with its 95 % bootstrap interval.

    Needs the columns of :func:`helpers.sentiment.speaker_sentiment` (``speaker``,
    ``polarity``, ``polarity_low``, ``polarity_high``); the point is coloured by the speaker's
    ``stance`` when that column is there. Speakers without a polarity are left out; speakers
    are sorted from most negative to most positive (ties by name).
    """
    title = "Polarity per speaker (mean, 95% bootstrap interval)"
    xlabel = "TextBlob polarity (-1 negative … +1 positive)"
    need = {"speaker", "polarity"}
    df = speakers.copy() if need <= set(speakers.columns) else pd.DataFrame(columns=list(need))
    df = df[pd.to_numeric(df["polarity"], errors="coerce").notna()]
    fig = _figure(8, max(2.5, 0.42 * len(df) + 1.6))
    ax = fig.add_subplot()
    if df.empty:
        return _empty(fig, ax, title, xlabel, "Speaker", "No speaker has a polarity score.")
    df["polarity"] = df["polarity"].astype(float)
    for col in ("polarity_low", "polarity_high"):
        df[col] = pd.to_numeric(df.get(col, df["polarity"]), errors="coerce").fillna(df["polarity"])
    df["label"] = df["speaker"].fillna(UNATTRIBUTED).map(_short)
    df = df.sort_values(["polarity", "label"], kind="mergesort").reset_index(drop=True)
    stance = df["stance"] if "stance" in df.columns else pd.Series([None] * len(df))
    colors = [_stance_color(s) for s in stance]
    y = np.arange(len(df))
    err = np.vstack(
        [
            (df["polarity"] - df["polarity_low"]).clip(lower=0),
            (df["polarity_high"] - df["polarity"]).clip(lower=0),
        ]
    )
    for i in range(len(df)):
        ax.errorbar(
            df["polarity"].iloc[i],
            y[i],
            xerr=err[:, i : i + 1],
            fmt="o",
            color=colors[i],
            ecolor=colors[i],
            elinewidth=2,
            capsize=3,
            markersize=7,
        )
    ax.axvline(0, color=OKABE_ITO["grey"], linewidth=1, linestyle="--", zorder=0)
    ax.set_yticks(y, df["label"])
    ax.set_xlim(-1.05, 1.05)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Speaker")
    ax.legend(handles=_stance_handles(stance, marker="o"), title="Stance", loc="lower right")
    return fig


# --------------------------------------------------------------------------- figure 2


def polarity_subjectivity(quotes: pd.DataFrame) -> Figure:
    """Figure 2: TextBlob polarity against subjectivity, one point per quote.

    Points are coloured by the quote's stance (when there is a ``stance`` column); quotes in
    which TextBlob found no lexicon word (``textblob_no_evidence``) are hollow - they sit at
    (0, 0) because nothing was measured, not because the quote is neutral. Each speaker is
    labelled once, at the mean of their quotes (a small cross), by :func:`place_labels`.
    """
    title = "Polarity and subjectivity of every quote"
    xlabel, ylabel = "TextBlob polarity (-1 … +1)", "TextBlob subjectivity (0 factual … 1 opinion)"
    fig = _figure(9, 6.5)
    ax = fig.add_subplot()
    if quotes.empty or not {"polarity", "subjectivity"} <= set(quotes.columns):
        return _empty(fig, ax, title, xlabel, ylabel, "No scored quotes to show.")
    df = quotes.copy()
    df["speaker_name"] = _speaker_names(df)
    df["polarity"] = pd.to_numeric(df["polarity"], errors="coerce")
    df["subjectivity"] = pd.to_numeric(df["subjectivity"], errors="coerce")
    df = df.dropna(subset=["polarity", "subjectivity"])
    stance = df["stance"] if "stance" in df.columns else pd.Series([None] * len(df), index=df.index)
    hollow = (
        df["textblob_no_evidence"].fillna(False).astype(bool)
        if "textblob_no_evidence" in df.columns
        else pd.Series(False, index=df.index)
    )
    _filled_and_hollow(ax, df["polarity"], df["subjectivity"], stance, hollow)
    ax.axvline(0, color=OKABE_ITO["grey"], linewidth=1, linestyle="--", zorder=0)
    ax.set_xlim(-1.15, 1.15)
    ax.set_ylim(-0.08, 1.12)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    centres = _speaker_centres(df)
    ax.scatter(
        centres["polarity"],
        centres["subjectivity"],
        marker="x",
        color=OKABE_ITO["black"],
        s=30,
        zorder=4,
    )
    handles = _stance_handles(stance, marker="o")
    handles += [
        Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="black",
               label="no TextBlob evidence"),
        Line2D([], [], marker="x", linestyle="", color="black", label="speaker's mean"),
    ]  # fmt: skip
    ax.legend(handles=handles, loc="upper left", fontsize=8, title="Quote", title_fontsize=9)
    place_labels(
        ax,
        list(zip(centres["polarity"], centres["subjectivity"], strict=True)),
        [_short(s, 24) for s in centres["speaker_name"]],
        fontsize=8,
        obstacles=list(zip(df["polarity"], df["subjectivity"], strict=True))
        + list(zip(centres["polarity"], centres["subjectivity"], strict=True)),
    )
    return fig


def _filled_and_hollow(
    ax, x: pd.Series, y: pd.Series, stance: pd.Series, hollow: pd.Series
) -> None:
    """Points coloured by stance: filled where measured, hollow where ``hollow`` is True."""
    colors = np.array([_stance_color(s) for s in stance])
    filled = ~hollow.to_numpy()
    ax.scatter(x[filled], y[filled], c=list(colors[filled]), s=46, alpha=0.85,
               edgecolors="white", linewidths=0.6, zorder=3)  # fmt: skip
    ax.scatter(x[~filled], y[~filled], facecolors="none", edgecolors=list(colors[~filled]),
               s=46, linewidths=1.2, zorder=3)  # fmt: skip


def _speaker_centres(df: pd.DataFrame) -> pd.DataFrame:
    """Mean polarity and subjectivity per speaker, most quoted first (then by name)."""
    return (
        df.groupby("speaker_name", sort=True)
        .agg(
            polarity=("polarity", "mean"),
            subjectivity=("subjectivity", "mean"),
            n=("polarity", "size"),
        )
        .reset_index()
        .sort_values(["n", "speaker_name"], ascending=[False, True], kind="mergesort")
    )


# --------------------------------------------------------------------------- figure 3


def stance_by_speaker(quotes: pd.DataFrame) -> Figure:
    """Figure 3: how many of each speaker's quotes favour, oppose or are neutral to the target.

    Needs a ``stance`` column (from :func:`helpers.stance.quote_stance`); without one the figure
    says that no target was given. Speakers are sorted by their number of quotes.
    """
    title = "Stance toward the target: quotes per speaker"
    xlabel, ylabel = "Number of quotes", "Speaker"
    if quotes.empty or "stance" not in quotes.columns:
        fig = _figure(8, 3)
        msg = "No quotes." if quotes.empty else "No stance target was given, so there is no stance."
        return _empty(fig, fig.add_subplot(), title, xlabel, ylabel, msg)
    df = pd.DataFrame({"speaker": _speaker_names(quotes), "stance": quotes["stance"].astype(str)})
    counts = pd.crosstab(df["speaker"], df["stance"]).reindex(
        columns=list(STANCE_ORDER), fill_value=0
    )
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().sort_values(
        ["total", "speaker"], ascending=[True, False], kind="mergesort"
    )
    fig = _figure(8, max(2.5, 0.38 * len(counts) + 1.6))
    ax = fig.add_subplot()
    y = np.arange(len(counts))
    left = np.zeros(len(counts))
    for stance in STANCE_ORDER:
        values = counts[stance].to_numpy()
        ax.barh(y, values, left=left, color=STANCE_COLORS[stance], label=stance, height=0.7)
        left += values
    ax.set_yticks(y, [_short(s) for s in counts["speaker"]])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title="Stance", loc="lower right")
    return fig


# --------------------------------------------------------------------------- figure 4


def article_flow(quotes: pd.DataFrame, article) -> Figure:
    """Figure 4: the article's flow - each quote by its position against its TextBlob polarity.

    ``position`` is the quote's midpoint as a share of the body (0 = first character, 1 =
    last), from the quotes' ``start``/``end`` offsets into ``article.body``. The article's
    sections are shaded in turn and named at the top. Stems join each point to 0; hollow points
    had no TextBlob evidence. Points are coloured by stance when there is one.
    """
    title = "The article's flow: polarity of each quote in reading order"
    xlabel = "Position in the article (share of the text, 0 = start, 1 = end)"
    ylabel = "TextBlob polarity"
    fig = _figure(11, 5)
    ax = fig.add_subplot()
    length = max(len(article.body), 1)
    spans = (
        article.paragraphs.groupby("section", sort=False)
        .agg(start=("start", "min"), end=("end", "max"))
        .reset_index()
    )
    for i, row in enumerate(spans.itertuples(index=False)):
        x0, x1 = row.start / length, row.end / length
        if i % 2 == 0:
            ax.axvspan(x0, x1, color=OKABE_ITO["sky blue"], alpha=0.12, linewidth=0, zorder=0)
        ax.text(
            (x0 + x1) / 2,
            1.0,
            _short(f"{i + 1}. {row.section}", max(6, int(150 * (x1 - x0)))),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color=OKABE_ITO["black"],
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(-1.05, 1.05)
    ax.axhline(0, color=OKABE_ITO["grey"], linewidth=1, zorder=1)
    ax.set_title(title, pad=18)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if quotes.empty or not {"start", "end", "polarity"} <= set(quotes.columns):
        ax.text(0.5, 0.5, "No scored quotes to show.", ha="center", transform=ax.transAxes)
        return fig
    df = quotes.copy()
    df["position"] = (pd.to_numeric(df["start"]) + pd.to_numeric(df["end"])) / 2 / length
    df["polarity"] = pd.to_numeric(df["polarity"], errors="coerce").fillna(0.0)
    stance = df["stance"] if "stance" in df.columns else pd.Series([None] * len(df), index=df.index)
    colors = [_stance_color(s) for s in stance]
    hollow = (
        df["textblob_no_evidence"].fillna(False).astype(bool).to_numpy()
        if "textblob_no_evidence" in df.columns
        else np.zeros(len(df), dtype=bool)
    )
    ax.vlines(df["position"], 0, df["polarity"], colors=colors, linewidth=1.2, zorder=2)
    for x, yv, c, h in zip(df["position"], df["polarity"], colors, hollow, strict=True):
        ax.scatter(
            [x],
            [yv],
            s=40,
            zorder=3,
            facecolors="white" if h else c,
            edgecolors=c,
            linewidths=1.2,
        )
    handles = _stance_handles(stance, marker="o")
    handles.append(
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="black",
               label="no TextBlob evidence")
    )  # fmt: skip
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return fig


# --------------------------------------------------------------------------- figure 5


def speaker_volume(speakers: pd.DataFrame) -> Figure:
    """Figure 5: how much each speaker is quoted - words (left) and number of quotes (right).

    Needs ``speaker``, ``quotes`` and ``words`` (the speaker table). Speakers are sorted by
    words quoted, most at the top; ties by name.
    """
    title = "Who gets quoted, and at what length"
    if speakers.empty or not {"speaker", "quotes", "words"} <= set(speakers.columns):
        fig = _figure(9, 3)
        ax = fig.add_subplot()
        return _empty(fig, ax, title, "Words quoted", "Speaker", "No speakers to show.")
    df = speakers.copy()
    df["label"] = df["speaker"].fillna(UNATTRIBUTED).map(_short)
    df["words"] = pd.to_numeric(df["words"], errors="coerce").fillna(0)
    df["quotes"] = pd.to_numeric(df["quotes"], errors="coerce").fillna(0)
    df = df.sort_values(["words", "label"], ascending=[True, False], kind="mergesort")
    fig = _figure(10, max(2.5, 0.38 * len(df) + 1.8))
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
    y = np.arange(len(df))
    left.barh(y, df["words"], color=OKABE_ITO["blue"], height=0.7)
    right.barh(y, df["quotes"], color=OKABE_ITO["orange"], height=0.7)
    left.set_yticks(y, df["label"])
    left.set_xlabel("Words quoted")
    left.set_ylabel("Speaker")
    left.set_title("Words")
    right.set_xlabel("Number of quotes")
    right.set_ylabel("")
    right.tick_params(labelleft=False)
    right.set_title("Quotes")
    right.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(title, fontweight="bold")
    return fig


# --------------------------------------------------------------------------- figure 6


def tool_agreement(quotes: pd.DataFrame) -> Figure:
    """Figure 6: TextBlob polarity against VADER compound for every quote, and how far they agree.

    The title gives Spearman's rank correlation over all quotes and the share of quotes on which
    the two tools give the same label, as :func:`helpers.sentiment.tool_agreement` computes them
    (default thresholds; "no evidence" counts as neutral). Points are coloured by agreement;
    dotted lines mark the thresholds.
    """
    fig = _figure(8, 6.5)
    ax = fig.add_subplot()
    xlabel, ylabel = "TextBlob polarity (-1 … +1)", "VADER compound (-1 … +1)"
    if quotes.empty or not {"polarity", "vader"} <= set(quotes.columns):
        return _empty(fig, ax, "TextBlob vs VADER", xlabel, ylabel, "No scored quotes to show.")
    df = _scores(quotes)
    stats = tool_agreement_stats(df)
    agree = _same_label(df)
    kinds = {
        "same label": OKABE_ITO["blue"],
        "different label": OKABE_ITO["orange"],
    }
    for kind, color in kinds.items():
        part = df[agree == (kind == "same label")]
        ax.scatter(part["polarity"], part["vader"], color=color, s=42, alpha=0.85, label=kind,
                   edgecolors="white", linewidths=0.6, zorder=3)  # fmt: skip
    for v in (sentiment.DEFAULT_TEXTBLOB.negative, sentiment.DEFAULT_TEXTBLOB.positive):
        ax.axvline(v, color=OKABE_ITO["grey"], linestyle=":", linewidth=1, zorder=1)
    for v in (sentiment.DEFAULT_VADER.negative, sentiment.DEFAULT_VADER.positive):
        ax.axhline(v, color=OKABE_ITO["grey"], linestyle=":", linewidth=1, zorder=1)
    ax.plot([-1, 1], [-1, 1], color=OKABE_ITO["grey"], linewidth=0.8, linestyle="--", zorder=0)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    rho = "n/a" if np.isnan(stats["spearman"]) else f"{stats['spearman']:.2f}"
    ax.set_title(
        f"TextBlob vs VADER: Spearman ρ = {rho}; same label for "
        f"{stats['same']} of {stats['n']} quotes ({stats['share']:.0%})",
        fontsize=11,
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title="Labels", loc="upper left")
    return fig


def tool_agreement_stats(quotes: pd.DataFrame) -> dict:
    """The numbers in figure 6's title: ``n`` quotes, ``same`` label, ``share``, ``spearman``.

    They are :func:`helpers.sentiment.tool_agreement` with "no evidence" counted as neutral;
    Spearman's rho is NaN for fewer than three quotes or a constant score.
    """
    df = _scores(quotes)
    stats = sentiment.tool_agreement(df, no_evidence="neutral")
    same = int(_same_label(df).sum())
    share = stats["label_agreement"] if stats["n"] else 0.0
    return {"n": stats["n"], "same": same, "share": share, "spearman": stats["spearman"]}


def _same_label(df: pd.DataFrame) -> np.ndarray:
    """Per quote: TextBlob and VADER give the same label ("no evidence" read as neutral)."""
    tb, vd = sentiment.tool_labels(df, no_evidence="neutral")
    return np.array([a == b for a, b in zip(tb, vd, strict=True)], dtype=bool)


def _scores(quotes: pd.DataFrame) -> pd.DataFrame:
    """``quotes`` with numeric ``polarity`` and ``vader`` (a missing score reads as 0.0)."""
    df = quotes.copy()
    for col in ("polarity", "vader"):
        df[col] = pd.to_numeric(df.get(col), errors="coerce").fillna(0.0)
    return df


# --------------------------------------------------------------------------- figure 7


def _aliases(value: Any) -> list[str]:
    if isinstance(value, list | tuple | set | np.ndarray):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;|]", value) if v.strip()]
    return []


def _name_patterns(name: str, aliases: Sequence[str]) -> list[re.Pattern]:
    """Whole-word patterns for a speaker's full name, aliases, and surname (>= 4 letters)."""
    forms = {name, *aliases}
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    if len(parts) > 1 and len(parts[-1].strip(".,")) >= 4:
        forms.add(parts[-1].strip(".,"))
    forms = {f for f in forms if len(f) >= 4}
    return [re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)") for f in sorted(forms)]


def speaker_graph(quotes: pd.DataFrame, speakers: pd.DataFrame | None = None) -> nx.MultiDiGraph:
    """Who is quoted with whom, who is quoted right after whom, and whose quotes name whom.

    Nodes are the attributed speakers (attributes ``quotes``: how many quotes; ``first``: the rank
    of their first quote in reading order). Edges are keyed by
    their kind, with a ``weight`` (how often):

    * ``together`` (stored both ways): the two are quoted in the same paragraph - the article
      sets them side by side, often as claim and reply;
    * ``follows`` (A -> B): B's quote is the next quote after A's in reading order, within the
      same section - the article lets B answer A (or at least speak next on the same topic);
    * ``names`` (A -> B): a quote of A contains B's name, an alias of B (from the speaker table's
      ``aliases``) or B's surname, as a whole word.

    Unattributed quotes are left out, and break no sequence (the quote after an unattributed one
    does not "follow" it). What is not found: replies that name nobody and come later than the
    next quote, and references by role ("the spokesman") rather than by name.
    """
    g = nx.MultiDiGraph()
    if quotes.empty or "speaker" not in quotes.columns:
        return g
    order = [c for c in ("start", "quote_id") if c in quotes.columns]
    df = quotes.sort_values(order, kind="mergesort") if order else quotes
    df = df[df["speaker"].notna() & (df["speaker"].astype(str).str.strip() != "")].copy()
    df["speaker"] = df["speaker"].astype(str)
    first = {name: i for i, name in reversed(list(enumerate(df["speaker"])))}
    for name, n in df["speaker"].value_counts().sort_index().items():
        g.add_node(name, quotes=int(n), first=first[name])

    def link(u: str, v: str, kind: str) -> None:
        if g.has_edge(u, v, key=kind):
            g[u][v][kind]["weight"] += 1
        else:
            g.add_edge(u, v, key=kind, kind=kind, weight=1)

    if "paragraph" in df.columns:
        for _, group in df.groupby("paragraph", sort=True):
            names = sorted(set(group["speaker"]))
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    link(a, b, "together")
                    link(b, a, "together")
    sections = df["section"] if "section" in df.columns else pd.Series("", index=df.index)
    previous = None
    for (_, row), section in zip(df.iterrows(), sections, strict=True):
        if previous is not None and previous[1] == section and previous[0] != row["speaker"]:
            link(previous[0], row["speaker"], "follows")
        previous = (row["speaker"], section)
    alias_of: dict[str, list[str]] = {}
    if speakers is not None and {"speaker", "aliases"} <= set(speakers.columns):
        for row in speakers.itertuples(index=False):
            alias_of[str(row.speaker)] = _aliases(row.aliases)
    patterns = {s: _name_patterns(s, alias_of.get(s, [])) for s in g.nodes}
    for _, row in df.iterrows():
        text = str(row.get("quote", ""))
        for other, pats in patterns.items():
            if other != row["speaker"] and any(p.search(text) for p in pats):
                link(row["speaker"], other, "names")
    return g


def reading_order_layout(g: nx.Graph) -> dict[str, np.ndarray]:
    """Nodes on a circle in the order of their ``first`` attribute, clockwise from the top.

    Deterministic (no random start, unlike a force layout) and free of overlapping nodes; the
    sequence of voices in the article reads around the circle, so "quoted next" arrows are
    mostly short arcs and a long chord is a return to an earlier speaker.
    """
    order = sorted(g.nodes, key=lambda n: (g.nodes[n].get("first", 0), n))
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(order)) / max(len(order), 1)
    return {n: np.array([np.cos(a), np.sin(a)]) for n, a in zip(order, angles, strict=True)}


def speaker_network(quotes: pd.DataFrame, speakers: pd.DataFrame | None = None) -> Figure:
    """Figure 7: the speakers as a network (:func:`speaker_graph`) on a circle in reading order.

    Node size grows with the number of quotes; node colour is the speaker's stance when the
    speaker table has one. Grey lines join speakers quoted in the same paragraph; green arrows go
    from a speaker to the one quoted next in the same section; orange arrows from a speaker to
    the person their quote names. Speakers with no link are drawn too.
    """
    title = "Who is quoted with whom, after whom, and who names whom"
    g = speaker_graph(quotes, speakers)
    fig = _figure(9, 7)
    ax = fig.add_subplot()
    xlabel = "Speakers in reading order, clockwise from the top; node size = number of quotes"
    ylabel = "Speakers"
    if g.number_of_nodes() == 0:
        return _empty(fig, ax, title, xlabel, ylabel, "No attributed quotes, so no speakers.")
    stance_of: dict[str, Any] = {}
    if speakers is not None and {"speaker", "stance"} <= set(speakers.columns):
        stance_of = dict(zip(speakers["speaker"].astype(str), speakers["stance"], strict=False))
    nodes = sorted(g.nodes)
    pos = reading_order_layout(g)
    sizes = [160 + 90 * g.nodes[n]["quotes"] for n in nodes]
    colors = [_stance_color(stance_of.get(n)) for n in nodes]
    simple = nx.DiGraph()
    simple.add_nodes_from(nodes)
    styles = {
        "together": (OKABE_ITO["grey"], "-", 0.0, "quoted in the same paragraph"),
        "follows": (OKABE_ITO["bluish green"], "-|>", 0.12, "quoted next (same section)"),
        "names": (OKABE_ITO["orange"], "-|>", -0.2, "quote names"),
    }
    for kind, (color, arrow, rad, _) in styles.items():
        edges = sorted((u, v) for u, v, k in g.edges(keys=True) if k == kind)
        if kind == "together":
            edges = [(u, v) for u, v in edges if u < v]
        if not edges:
            continue
        nx.draw_networkx_edges(
            simple, pos, edgelist=edges, ax=ax, edge_color=color, arrows=True, arrowstyle=arrow,
            arrowsize=14, width=[1.2 + 0.8 * g[u][v][kind]["weight"] for u, v in edges],
            nodelist=nodes, node_size=sizes,
            connectionstyle=f"arc3,rad={rad}", alpha=0.85,
        )  # fmt: skip
    nx.draw_networkx_nodes(g, pos, nodelist=nodes, node_size=sizes, node_color=colors, ax=ax,
                           edgecolors="white", linewidths=1.5)  # fmt: skip
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.25, 1.25)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    handles = [
        Line2D([], [], color=c, linewidth=2, marker=None if a == "-" else ">", label=label)
        for c, a, _, label in styles.values()
    ]
    handles += _stance_handles([stance_of.get(n) for n in nodes], marker="o")
    ax.legend(handles=handles, loc="lower left", fontsize=8)
    order = sorted(nodes, key=lambda n: (-g.nodes[n]["quotes"], n))
    radius = {n: np.sqrt(size) / 2 for n, size in zip(nodes, sizes, strict=True)}  # points
    place_labels(
        ax,
        [tuple(pos[n]) for n in order],
        [_short(n, 24) for n in order],
        fontsize=8,
        gaps=[radius[n] + 2 for n in order],
        obstacles=[(*pos[n], 2 * radius[n]) for n in nodes],
    )
    return fig


# --------------------------------------------------------------------------- all figures, saving


def all_figures(analysis) -> dict[str, Figure]:
    """Every figure for one :class:`helpers.analysis.Analysis`, keyed by :data:`FIGURES` names."""
    q, s, a = analysis.quotes, analysis.speakers, analysis.article
    makers = (
        lambda: speaker_polarity(s),
        lambda: polarity_subjectivity(q),
        lambda: stance_by_speaker(q),
        lambda: article_flow(q, a),
        lambda: speaker_volume(s),
        lambda: tool_agreement(q),
        lambda: speaker_network(q, s),
    )
    return {name: make() for name, make in zip(FIGURES, makers, strict=True)}


def save_all(analysis, out_dir: str | Path) -> list[Path]:
    """Draw and save every figure of ``analysis`` under ``out_dir``; return the files written."""
    written: list[Path] = []
    for name, fig in all_figures(analysis).items():
        written += save_figure(fig, name, out_dir)
    return written
