"""The general stance lexicon (``src/helpers/data/stance_lexicon.yaml``): the words by which news
speakers say what they want, refuse or judge, on any topic.

Every target spec is merged with it (unless the spec sets ``general_lexicon: false``), so a spec
that only names its target already gives a first useful answer. The file uses the spec's own
schema for ``ends``, ``continues``, ``harms``, ``cues``, ``negators``, ``neutralisers`` and
``modality`` (``data/targets/README.md``).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import yaml

from helpers.paths import package_data

__all__ = ["LEXICON_FILE", "LEXICON_SECTIONS", "general_lexicon"]

#: File name of the general lexicon inside ``src/helpers/data/``.
LEXICON_FILE = "stance_lexicon.yaml"
#: The sections the lexicon may hold (a subset of a spec's fields).
LEXICON_SECTIONS = (
    "ends", "continues", "harms", "cues", "negators", "neutralisers", "modality", "generic_heads",
)  # fmt: skip


@cache
def _raw() -> dict[str, Any]:
    data = yaml.safe_load(package_data(LEXICON_FILE).read_text(encoding="utf-8")) or {}
    unknown = sorted(set(data) - set(LEXICON_SECTIONS))
    if unknown:
        raise ValueError(f"{LEXICON_FILE}: unknown section {unknown[0]!r}")
    return data


def general_lexicon() -> dict[str, Any]:
    """The general lexicon as parsed YAML (a fresh copy: callers may change it)."""
    return copy.deepcopy(_raw())
