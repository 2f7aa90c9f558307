"""The word lists of the package's data files, loaded once per process.

Every list is a commented text file in ``src/helpers/data/`` (one entry per line, ``#`` starts a
comment). The loader (:mod:`helpers.article`) and the attribution rules (:mod:`helpers.quotes`)
both read them from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from helpers.paths import package_data

__all__ = [
    "abbreviations",
    "data_lines",
    "function_words",
    "reporting_forms",
    "reporting_verbs",
]

#: Past forms of reporting verbs that the -ed/-d rule of :func:`reporting_forms` misses.
IRREGULAR_PAST = ("said", "told", "wrote", "thought", "felt", "found", "saw", "read", "made",
                  "put", "spoke", "sought", "swore", "shot", "struck", "held", "hit")  # fmt: skip


def data_lines(filename: str) -> Iterator[str]:
    """Non-comment, non-blank lines of a package data file."""
    text = package_data(filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@cache
def reporting_verbs() -> dict[str, str]:
    """Reporting verb lemma -> class (``speech``, ``belief``, ``object``): ``reporting_verbs.txt``."""
    verbs: dict[str, str] = {}
    for line in data_lines("reporting_verbs.txt"):
        lemma, cls = line.split()
        verbs[lemma.lower()] = cls
    return verbs


@cache
def reporting_forms() -> frozenset[str]:
    """Inflected forms of the reporting verbs ("said", "added", "continues", "stated")."""
    forms = set(IRREGULAR_PAST)
    for lemma in reporting_verbs():
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", stem + "ed", lemma + "d"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return frozenset(forms)


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations whose full stop does not end a sentence ("u.s.", "dr."): lower case."""
    return frozenset(w.lower() for w in data_lines("abbreviations.txt"))


@cache
def function_words() -> frozenset[str]:
    """Common English function words (``english_function_words.txt``), for the language check."""
    return frozenset(data_lines("english_function_words.txt"))
