"""Explore one analysed article: pick a speaker or a stance, read the article with those quotes
highlighted (coloured by polarity), and see each quote's scores and evidence beside it.

Two views of the same content:

* :class:`Explorer` - an ipywidgets app for JupyterLab (a speaker menu, stance buttons, the
  article, and a table of the selected quotes). It only works while a kernel is running.
* :func:`static_view` - plain HTML with one ``<details>`` block per speaker, for places without a
  kernel: the exported report, GitHub, a notebook opened without running it.

An :class:`Explorer` shown as a cell's value carries both: JupyterLab with a live kernel draws the
widget, while nbconvert (which has no widget state) falls back to the static HTML in the same
output. No JavaScript is involved in the static view.

Every piece of article text, quote, speaker name and evidence is escaped with
:func:`html.escape` before it reaches HTML: an article that contains ``<script>`` or any markup
is shown as text, never run.

What is not shown: quotes without offsets into the article body cannot be highlighted in the
article (they are listed in the table); a quote nested inside another is highlighted as part of
the outer one.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from helpers.plots import STANCE_COLORS, STANCE_ORDER, UNATTRIBUTED, polarity_color

__all__ = [
    "ALL",
    "Explorer",
    "article_html",
    "explore",
    "quote_table_html",
    "select_quotes",
    "speaker_choices",
    "static_view",
]

#: The menu entry / button meaning "no filter".
ALL = "(all)"

_STYLE = """<style>
.qx { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14px;
      line-height: 1.5; color: #1a1a1a; }
.qx .qx-article { max-height: 34em; overflow-y: auto; border: 1px solid #ddd; padding: 0.5em 1em;
                  background: #fff; }
.qx .qx-article p { margin: 0 0 0.7em 0; }
.qx .qx-section { font-weight: bold; margin: 0.8em 0 0.3em 0; }
.qx mark { padding: 0 2px; border-bottom: 3px solid #999; color: inherit; }
.qx sup.qx-n { font-size: 10px; color: #555; margin-left: 1px; }
.qx table.qx-table { border-collapse: collapse; font-size: 13px; margin: 0.4em 0 0.8em 0;
                    table-layout: auto; }
.qx table.qx-table th, .qx table.qx-table td { border: 1px solid #ddd; padding: 3px 6px;
                    vertical-align: top; text-align: left; }
.qx table.qx-table th { background: #f3f3f3; }
.qx table.qx-table td.num { text-align: right; font-variant-numeric: tabular-nums;
                    white-space: nowrap; }
.qx details { margin: 0.3em 0; }
.qx summary { cursor: pointer; }
.qx .qx-key span { display: inline-block; padding: 0 6px; margin-right: 4px; }
.qx .qx-muted { color: #555; font-size: 12px; }
</style>"""


def _e(value: Any) -> str:
    """``value`` as escaped HTML text; missing values as an empty string."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, list | tuple | set):
        value = "; ".join(str(v) for v in value)
    return html.escape(str(value), quote=True)


def _num(value: Any, fmt: str = "{:+.2f}") -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if np.isnan(v) else fmt.format(v)


def _speaker(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip():
        return UNATTRIBUTED
    return str(value)


# --------------------------------------------------------------------------- selection


def speaker_choices(quotes: pd.DataFrame) -> list[tuple[str, str]]:
    """Menu entries ``(label, value)``: all speakers, then each by number of quotes (then name)."""
    if quotes.empty:
        return [(f"{ALL} - 0 quotes", ALL)]
    names = quotes.get("speaker", pd.Series([None] * len(quotes))).map(_speaker)
    counts = names.value_counts()
    order = sorted(counts.index, key=lambda n: (-counts[n], n))
    return [(f"{ALL} - {len(quotes)} quotes", ALL)] + [(f"{n} ({counts[n]})", n) for n in order]


def select_quotes(quotes: pd.DataFrame, speaker: str = ALL, stance: str = ALL) -> pd.DataFrame:
    """The quotes of ``speaker`` (or all) with ``stance`` (or any), in reading order."""
    df = quotes
    if speaker != ALL:
        df = df[df.get("speaker", pd.Series(index=df.index, dtype=object)).map(_speaker) == speaker]
    if stance != ALL:
        if "stance" not in df.columns:
            return df.iloc[0:0]
        df = df[df["stance"].astype(str) == stance]
    order = [c for c in ("start", "quote_id") if c in df.columns]
    return df.sort_values(order, kind="mergesort") if order else df


# --------------------------------------------------------------------------- HTML pieces


def _mark(row: Any, number: int, text: str) -> str:
    """One highlighted quote: background by polarity, underline by stance, details on hover."""
    stance = getattr(row, "stance", None)
    border = STANCE_COLORS.get(str(stance), "#999999")
    tip = (
        f"#{number} {_speaker(getattr(row, 'speaker', None))} - "
        f"polarity {_num(getattr(row, 'polarity', None)) or 'n/a'}, "
        f"VADER {_num(getattr(row, 'vader', None)) or 'n/a'}"
        + (f", stance {stance}" if isinstance(stance, str) else "")
    )
    return (
        f'<mark style="background:{polarity_color(getattr(row, "polarity", None))};'
        f'border-bottom-color:{border}" title="{_e(tip)}">{_e(text)}</mark>'
        f'<sup class="qx-n">{number}</sup>'
    )


def article_html(article, quotes: pd.DataFrame, *, numbers: dict | None = None) -> str:
    """The article body as escaped HTML paragraphs (with section headings) and ``quotes`` marked.

    Quotes are located by their ``start``/``end`` offsets into ``article.body``; a quote that
    overlaps one already marked is not marked again. ``numbers`` maps ``quote_id`` to the number
    shown after each mark (default: 1, 2, ... in reading order).
    """
    spans = []
    if not quotes.empty and {"start", "end"} <= set(quotes.columns):
        ok = quotes.dropna(subset=["start", "end"]).sort_values(["start", "end"], kind="mergesort")
        for i, row in enumerate(ok.itertuples(index=False), start=1):
            n = numbers.get(getattr(row, "quote_id", None), i) if numbers else i
            spans.append((int(row.start), int(row.end), n, row))
    out, section = [], None
    for para in article.paragraphs.itertuples(index=False):
        if para.section != section:
            section = para.section
            out.append(f'<div class="qx-section">{_e(section)}</div>')
        pieces, cursor = [], int(para.start)
        for start, end, n, row in spans:
            if start < cursor or start >= para.end or end > para.end:
                continue  # outside this paragraph, or nested in / overlapping a marked quote
            pieces.append(_e(article.body[cursor:start]))
            pieces.append(_mark(row, n, article.body[start:end]))
            cursor = end
        pieces.append(_e(article.body[cursor : int(para.end)]))
        out.append(f"<p>{''.join(pieces)}</p>")
    return '<div class="qx-article">' + "\n".join(out) + "</div>"


_TABLE_COLUMNS = (
    ("#", None),
    ("speaker", "speaker"),
    ("quote", "quote"),
    ("kind / cue", None),
    ("polarity", "polarity"),
    ("subj.", "subjectivity"),
    ("VADER", "vader"),
    ("stance", "stance"),
    ("evidence", None),
)


def quote_table_html(quotes: pd.DataFrame, *, numbers: dict | None = None) -> str:
    """A table of ``quotes`` with their scores and the evidence behind each score (escaped)."""
    if quotes.empty:
        return '<p class="qx-muted">No quotes match this choice.</p>'
    head = "".join(f"<th>{_e(label)}</th>" for label, _ in _TABLE_COLUMNS)
    rows = []
    for i, row in enumerate(quotes.itertuples(index=False), start=1):
        n = numbers.get(getattr(row, "quote_id", None), i) if numbers else i
        evidence = []
        for label, col in (
            ("TextBlob", "textblob_evidence"),
            ("VADER", "vader_evidence"),
            ("stance", "evidence"),
        ):
            value = getattr(row, col, None)
            if _e(value):
                evidence.append(f"<b>{label}</b>: {_e(value)}")
        flag = getattr(row, "no_evidence", False)
        if isinstance(flag, bool | np.bool_) and flag:
            evidence.append("<i>neither tool found a lexicon word</i>")
        polarity = getattr(row, "polarity", None)
        stance = getattr(row, "stance", None)
        cells = [
            f'<td class="num">{n}</td>',
            f"<td>{_e(_speaker(getattr(row, 'speaker', None)))}</td>",
            f'<td style="background:{polarity_color(polarity)}">{_e(getattr(row, "quote", ""))}</td>',
            f"<td>{_e(getattr(row, 'kind', ''))}<br>{_e(getattr(row, 'cue', ''))}</td>",
            f'<td class="num">{_num(polarity)}</td>',
            f'<td class="num">{_num(getattr(row, "subjectivity", None), "{:.2f}")}</td>',
            f'<td class="num">{_num(getattr(row, "vader", None))}</td>',
            f'<td style="color:{STANCE_COLORS.get(str(stance), "#1a1a1a")}">{_e(stance)}</td>',
            f"<td>{'<br>'.join(evidence)}</td>",
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="qx-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _key() -> str:
    swatches = [
        f'<span style="background:{polarity_color(-0.8)}">negative polarity</span>',
        f'<span style="background:{polarity_color(0.0)};border:1px solid #ddd">zero</span>',
        f'<span style="background:{polarity_color(0.8)}">positive polarity</span>',
    ] + [
        f'<span style="border-bottom:3px solid {STANCE_COLORS[s]}">{s}</span>' for s in STANCE_ORDER
    ]
    return f'<div class="qx-key qx-muted">Key: {"".join(swatches)} (underline = stance)</div>'


def _numbers(quotes: pd.DataFrame) -> dict:
    """Reading-order number of every quote, stable whatever is selected."""
    if "quote_id" not in quotes.columns:
        return {}
    order = [c for c in ("start", "quote_id") if c in quotes.columns]
    ids = quotes.sort_values(order, kind="mergesort")["quote_id"]
    return {qid: i for i, qid in enumerate(ids, start=1)}


def static_view(article, quotes: pd.DataFrame, speakers: pd.DataFrame | None = None) -> str:
    """The explorer without a kernel: one ``<details>`` per speaker, and the marked article.

    Each speaker's block lists their quotes with scores and evidence; a last block shows the
    whole article with every quote marked. Everything taken from the data is escaped.
    """
    numbers = _numbers(quotes)
    parts = [
        _STYLE,
        '<div class="qx">',
        f"<p><b>Quote explorer</b> (static view): {_e(article.title)} - {len(quotes)} quotes by "
        f"{len(speaker_choices(quotes)) - 1} speakers. Open a speaker to see their quotes, "
        "scores and evidence. Run the notebook in JupyterLab for the interactive version.</p>",
        _key(),
    ]
    extra = {}
    if speakers is not None and "speaker" in speakers.columns:
        extra = {str(r.speaker): r for r in speakers.itertuples(index=False)}
    for _label, name in speaker_choices(quotes)[1:]:
        chosen = select_quotes(quotes, name)
        info = extra.get(name)
        bits = [f"{len(chosen)} quote{'s' if len(chosen) != 1 else ''}"]
        if info is not None:
            if _e(getattr(info, "role", None)):
                bits.insert(0, _e(info.role))
            if _num(getattr(info, "polarity", None)):
                bits.append(f"mean polarity {_num(info.polarity)}")
            if isinstance(getattr(info, "stance", None), str):
                bits.append(f"stance: {_e(info.stance)}")
        parts.append(
            f"<details><summary><b>{_e(name)}</b> - {', '.join(bits)}</summary>"
            f"{quote_table_html(chosen, numbers=numbers)}</details>"
        )
    parts.append(
        "<details><summary><b>The article with every quote marked</b></summary>"
        f"{article_html(article, quotes, numbers=numbers)}</details>"
    )
    parts.append("</div>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- the widget


class Explorer:
    """The interactive explorer: a speaker menu, stance buttons, the article and a quote table.

    Shown as a cell's value it offers JupyterLab the widget and every other front end the
    :func:`static_view`. ``select(speaker, stance)`` changes the selection from code (the tests
    use it; a reader uses the controls).
    """

    def __init__(self, article, quotes: pd.DataFrame, speakers: pd.DataFrame | None = None):
        import ipywidgets as w

        self.article = article
        self.quotes = quotes.reset_index(drop=True)
        self.speakers = speakers
        self._numbers = _numbers(self.quotes)
        self.speaker_menu = w.Dropdown(
            options=speaker_choices(self.quotes), value=ALL, description="Speaker",
            layout=w.Layout(width="380px"),
        )  # fmt: skip
        stances = [ALL] + (list(STANCE_ORDER) if "stance" in self.quotes.columns else [])
        self.stance_buttons = w.ToggleButtons(
            options=stances, value=ALL, description="Stance", style={"button_width": "72px"}
        )
        self.article_view = w.HTML(layout=w.Layout(width="55%"))
        self.table_view = w.HTML(layout=w.Layout(width="45%", max_height="36em", overflow="auto"))
        self.status = w.HTML()
        self.speaker_menu.observe(self._update, names="value")
        self.stance_buttons.observe(self._update, names="value")
        self.widget = w.VBox(
            [
                w.HTML(_STYLE + f'<div class="qx">{_key()}</div>'),
                w.HBox([self.speaker_menu, self.stance_buttons]),
                self.status,
                w.HBox([self.article_view, self.table_view]),
            ]
        )
        self._update()

    def select(self, speaker: str = ALL, stance: str = ALL) -> Explorer:
        """Choose a speaker (a name from the menu, or ``ALL``) and a stance; returns self."""
        values = [v for _, v in self.speaker_menu.options]
        if speaker not in values:
            raise ValueError(f"unknown speaker {speaker!r}; choose one of {values}")
        if stance not in self.stance_buttons.options:
            raise ValueError(
                f"unknown stance {stance!r}; choose one of {self.stance_buttons.options}"
            )
        self.speaker_menu.value = speaker
        self.stance_buttons.value = stance
        self._update()
        return self

    def _update(self, *_: Any) -> None:
        chosen = select_quotes(self.quotes, self.speaker_menu.value, self.stance_buttons.value)
        self.status.value = (
            f'<div class="qx qx-muted">{len(chosen)} of {len(self.quotes)} quotes shown</div>'
        )
        self.article_view.value = (
            f'<div class="qx">{article_html(self.article, chosen, numbers=self._numbers)}</div>'
        )
        self.table_view.value = (
            f'<div class="qx">{quote_table_html(chosen, numbers=self._numbers)}</div>'
        )

    def static_html(self) -> str:
        """The :func:`static_view` of the same data."""
        return static_view(self.article, self.quotes, self.speakers)

    def _repr_mimebundle_(self, include: Iterable[str] | None = None, exclude=None, **kwargs):
        data = self.widget._repr_mimebundle_(**kwargs) or {}
        if isinstance(data, tuple):
            data = data[0]
        data = dict(data)
        data["text/html"] = self.static_html()
        data["text/plain"] = (
            f"Quote explorer: {len(self.quotes)} quotes by "
            f"{len(self.speaker_menu.options) - 1} speakers (interactive in JupyterLab)"
        )
        return data

    def __repr__(self) -> str:
        return f"Explorer(quotes={len(self.quotes)}, speakers={len(self.speaker_menu.options) - 1})"


def explore(analysis) -> Explorer:
    """The :class:`Explorer` for an :class:`helpers.analysis.Analysis`."""
    return Explorer(analysis.article, analysis.quotes, analysis.speakers)
