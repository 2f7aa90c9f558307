"""Who said what, how they felt, and where they stand: the helper package of the notebooks.

The modules read as the pipeline::

    article   load, decode, clean          -> Article
    quotes    quotation marks, attribution -> one row per quote
    speakers  mentions -> canonical speakers
    sentiment TextBlob + VADER per quote and per speaker
    stance    a target spec + cues + parse scope -> stance per quote and speaker
    plots, explorer, report, analysis, corpus, evaluation

The public names below are imported lazily, so ``import helpers`` is cheap and spaCy is only
loaded when a stage that needs it runs.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_PUBLIC = {
    "Article": "helpers.article",
    "load_article": "helpers.article",
    "get_nlp": "helpers.nlp",
    "extract_quotes": "helpers.quotes",
    "speaker_table": "helpers.speakers",
    "score_quotes": "helpers.sentiment",
    "speaker_sentiment": "helpers.sentiment",
    "load_target": "helpers.stance",
    "quote_stance": "helpers.stance",
    "speaker_stance": "helpers.stance",
    "analyze_article": "helpers.analysis",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
