"""Two human coders: how far they agree, and which units the codebook gave away.

The second coder's files are ``<stem>.sentiment.coder2.csv`` and ``<stem>.stance.coder2.csv``
beside the first coder's. The codebook cites some units as worked examples; a coder trained on
it was in effect told their labels, so agreement is also reported without them
(:func:`codebook_example_ids`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from helpers.agreement import agreement
from helpers.paths import ANNOTATIONS_DIR

__all__ = ["codebook_example_ids", "inter_coder_agreement"]

_QUOTE_ID = re.compile(r"\bq\d{2,3}\b")


def codebook_example_ids(
    codebook: Path | None = None, *, parts: Sequence[str] = ("B", "C")
) -> set[str]:
    """Quote ids that the codebook's parts ``parts`` cite as worked examples.

    A second coder trained on the codebook was, in effect, told the label of these units, so
    agreement on them says little about how reproducible the coding is.
    """
    text = (codebook or ANNOTATIONS_DIR / "CODEBOOK.md").read_text(encoding="utf-8")
    ids: set[str] = set()
    for chunk in re.split(r"^## ", text, flags=re.M)[1:]:
        if chunk[:1] in parts:
            ids |= set(_QUOTE_ID.findall(chunk))
    return ids


def inter_coder_agreement(
    stem: str,
    task: str,
    labels: Sequence[str],
    *,
    annotations_dir: Path | None = None,
    exclude: set[str] | frozenset[str] = frozenset(),
) -> dict:
    """Agreement of the first coder (``<stem>.<task>.csv``) with the second (``….coder2.csv``).

    ``task`` is ``sentiment`` or ``stance`` (the label column has the same name). Units in
    ``exclude`` (e.g. :func:`codebook_example_ids`) are left out. Returns
    :func:`agreement` figures with the first coder as reference.
    """
    folder = annotations_dir or ANNOTATIONS_DIR
    first = pd.read_csv(folder / f"{stem}.{task}.csv", dtype=str)
    second = pd.read_csv(folder / f"{stem}.{task}.coder2.csv", dtype=str)
    both = first.merge(second, on="quote_id", suffixes=("_1", "_2"), validate="one_to_one")
    both = both[~both["quote_id"].isin(exclude)].sort_values("quote_id")
    return agreement(both[f"{task}_1"].str.lower(), both[f"{task}_2"].str.lower(), labels)
