"""Every figure of the collection: one theme, one colour-blind-safe palette, one function per figure.

Each figure function takes the pipeline's tables (see ``CONTRIBUTING.md``) and returns a
matplotlib :class:`~matplotlib.figure.Figure` with a title and labelled axes, created without
``pyplot``. ``from helpers import plots`` gives every figure and the theme:

* :mod:`helpers.plots.theme` - the Okabe-Ito palette, fixed stance colours, :func:`set_theme`,
  :func:`polarity_color` and :func:`save_figure` (byte-identical PNG and SVG);
* :mod:`helpers.plots.article` - the seven figures of one article (:data:`FIGURES`,
  :func:`all_figures`, :func:`save_all`): speaker polarity, polarity and subjectivity, stance by
  speaker, the article's flow, speaker volume, TextBlob against VADER, the speaker network;
* :mod:`helpers.plots.corpus` - the figures of a corpus (:data:`CORPUS_FIGURES`,
  :func:`corpus_figures`): articles by date and source, who is quoted most, each corpus
  speaker's stance and sentiment across articles, speakers over time.

What is not done here: no score, label or stance is computed beyond counting and ranking what the
pipeline already produced.
"""

from __future__ import annotations

from helpers.plots.article import (
    FIGURES,
    all_figures,
    article_flow,
    place_labels,
    polarity_subjectivity,
    reading_order_layout,
    save_all,
    speaker_graph,
    speaker_network,
    speaker_polarity,
    speaker_volume,
    stance_by_speaker,
    tool_agreement,
    tool_agreement_stats,
)
from helpers.plots.corpus import (
    CORPUS_FIGURES,
    articles_by_date,
    corpus_figure,
    corpus_figures,
    corpus_sentiment,
    corpus_speaker_volume,
    corpus_stance,
    periods,
    speakers_over_time,
)
from helpers.plots.theme import (
    NO_STANCE_COLOR,
    OKABE_ITO,
    PALETTE,
    STANCE_COLORS,
    STANCE_ORDER,
    UNATTRIBUTED,
    polarity_color,
    save_figure,
    set_theme,
)

__all__ = [
    "CORPUS_FIGURES",
    "FIGURES",
    "NO_STANCE_COLOR",
    "OKABE_ITO",
    "PALETTE",
    "STANCE_COLORS",
    "STANCE_ORDER",
    "UNATTRIBUTED",
    "all_figures",
    "article_flow",
    "articles_by_date",
    "corpus_figure",
    "corpus_figures",
    "corpus_sentiment",
    "corpus_speaker_volume",
    "corpus_stance",
    "periods",
    "place_labels",
    "polarity_color",
    "polarity_subjectivity",
    "reading_order_layout",
    "save_all",
    "save_figure",
    "set_theme",
    "speaker_graph",
    "speaker_network",
    "speaker_polarity",
    "speaker_volume",
    "speakers_over_time",
    "stance_by_speaker",
    "tool_agreement",
    "tool_agreement_stats",
]
