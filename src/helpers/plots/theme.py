"""The collection's look, shared by every figure: one theme, one colour-blind-safe palette.

Colours: the Okabe-Ito palette (Okabe & Ito 2008, *Color Universal Design*), readable with every
common colour-vision deficiency. Stance colours are fixed across figures: favour blue, against
vermillion, neutral grey. :func:`save_figure` writes PNG and SVG that are byte-identical from run
to run (no dates, fixed SVG id salt).

Also here: the scaffolding every figure function uses (a pyplot-free :class:`Figure`, an honest
empty figure, short labels, stance legend handles). The figures themselves are in
:mod:`helpers.plots.article` (one article) and :mod:`helpers.plots.corpus` (a corpus).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.sentiment import UNATTRIBUTED
from helpers.stance import LABELS as STANCE_LABELS

__all__ = [
    "NO_STANCE_COLOR",
    "OKABE_ITO",
    "PALETTE",
    "STANCE_COLORS",
    "STANCE_ORDER",
    "UNATTRIBUTED",
    "polarity_color",
    "save_figure",
    "set_theme",
]

#: The Okabe-Ito colours, plus the grey of the same colour-blind-safe set (Wong 2011).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "grey": "#999999",
}
#: Categorical palette in the order seaborn uses it (black and yellow last: poor on white).
PALETTE: list[str] = [
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish green",
        "vermillion",
        "reddish purple",
        "sky blue",
        "black",
        "yellow",
    )
]
#: Stance labels in the order every figure and table uses (the stance stage's own).
STANCE_ORDER: tuple[str, ...] = STANCE_LABELS
#: Fixed stance colours: favour blue, against vermillion, neutral grey.
STANCE_COLORS: dict[str, str] = {
    "favor": OKABE_ITO["blue"],
    "against": OKABE_ITO["vermillion"],
    "neutral": OKABE_ITO["grey"],
}
#: Colour of marks that carry no stance (no target given, or the speaker has none).
NO_STANCE_COLOR = OKABE_ITO["black"]

_RC = {
    "svg.hashsalt": "helpers.plots",  # stable element ids in SVG output
    "svg.fonttype": "path",  # glyphs as paths: no font needed to view the SVG
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs everywhere
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "axes.titleweight": "bold",
    "axes.titlesize": 12,
    "figure.titlesize": 13,
}


# --------------------------------------------------------------------------- theme and colours


def set_theme() -> None:
    """Apply the collection's seaborn theme and palette (call once, in the Imports cell)."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    mpl.rcParams.update(_RC)


def polarity_color(polarity: float | None, *, strength: float = 1.0) -> str:
    """A background colour for a polarity in [-1, 1]: vermillion tint below 0, blue above.

    The tint deepens with ``|polarity|`` (times ``strength``, at most 1); 0 and missing values
    are white. Used by the explorer to colour quotes.
    """
    if polarity is None or pd.isna(polarity):
        return "#ffffff"
    p = float(np.clip(polarity, -1.0, 1.0)) * strength
    base = OKABE_ITO["vermillion"] if p < 0 else OKABE_ITO["blue"]
    amount = min(abs(p), 1.0) * 0.55  # never darker than 55 % of the hue: text stays readable
    rgb = np.array(mpl.colors.to_rgb(base))
    mixed = 1.0 - amount * (1.0 - rgb)
    return mpl.colors.to_hex(mixed)


def _stance_color(stance: Any) -> str:
    return STANCE_COLORS.get(str(stance), NO_STANCE_COLOR) if _present(stance) else NO_STANCE_COLOR


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


# --------------------------------------------------------------------------- figure scaffolding


def _figure(width: float, height: float) -> Figure:
    """A new Figure with an Agg canvas (no pyplot state) and the theme's rc settings."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _empty(fig: Figure, ax, title: str, xlabel: str, ylabel: str, message: str) -> Figure:
    """An honest empty figure: the title and labels, and a sentence saying what is missing."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def _speaker_names(quotes: pd.DataFrame) -> pd.Series:
    """The speaker of each quote, with :data:`UNATTRIBUTED` where there is none."""
    if "speaker" not in quotes.columns:
        return pd.Series([UNATTRIBUTED] * len(quotes), index=quotes.index, dtype=object)
    names = quotes["speaker"].astype(object)
    return names.where(names.notna() & (names.astype(str).str.strip() != ""), UNATTRIBUTED)


def _short(name: str, limit: int = 28) -> str:
    name = str(name)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _stance_handles(stances: Iterable[Any], *, marker: str | None = None) -> list:
    present = {str(s) for s in stances if _present(s)}
    labels = [s for s in STANCE_ORDER if s in present]
    if not labels:
        return [_handle(NO_STANCE_COLOR, "no stance target", marker)]
    handles = [_handle(STANCE_COLORS[s], s, marker) for s in labels]
    if any(not _present(s) or str(s) not in STANCE_COLORS for s in stances):
        handles.append(_handle(NO_STANCE_COLOR, "no stance", marker))
    return handles


def _handle(color: str, label: str, marker: str | None):
    if marker is None:
        return Patch(facecolor=color, label=label)
    return Line2D([], [], color=color, marker=marker, linestyle="", markersize=7, label=label)


# --------------------------------------------------------------------------- saving


def save_figure(fig: Figure, name: str, out_dir: str | Path) -> list[Path]:
    """Write ``fig`` as ``out_dir/name.png`` and ``out_dir/name.svg``; return the two paths.

    The files are byte-identical between runs: no creation date or software version in the
    metadata, and a fixed salt for SVG element ids.
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise ValueError(f"figure name {name!r} must be letters, digits, '-', '_' or '.'")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png", out / f"{name}.svg"]
    with mpl.rc_context(_RC):
        fig.savefig(paths[0], format="png", metadata={"Software": None})
        fig.savefig(paths[1], format="svg", metadata={"Date": None, "Creator": None})
    return paths
