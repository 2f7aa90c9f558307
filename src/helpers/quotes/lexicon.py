"""The words the attribution rules read, loaded from the data files (never listed in code).

``data/reporting_verbs.txt`` gives each reporting verb a class; ``data/attribution_patterns.yaml``
gives role, organisation, document and source nouns, titles, phrasal cues, source phrases and the
rest (see the comments in both files). Everything is loaded once per process.
"""

from __future__ import annotations

from functools import cache

from helpers.paths import package_data
from helpers.speakers import patterns

__all__ = ["lexicon", "phrasal_cues", "reporting_forms", "reporting_verbs", "source_phrases"]

#: Past forms of reporting verbs that the -ed/-d rule of :func:`reporting_forms` misses.
IRREGULAR_PAST = ("said", "told", "wrote", "thought", "felt", "found", "saw", "read", "made",
                  "put", "spoke", "sought", "swore", "shot", "struck", "chimed", "held")  # fmt: skip


@cache
def reporting_verbs() -> dict[str, str]:
    """Reporting verb lemma -> class (``speech``, ``belief``, ``object``), from the data file."""
    text = package_data("reporting_verbs.txt").read_text("utf-8")
    verbs: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
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
def lexicon() -> dict[str, frozenset[str]]:
    """The noun and title lists of the patterns file, lower case, as sets."""
    p = patterns()
    return {
        "role": frozenset(w.lower() for w in p["role_nouns"]),
        "org": frozenset(w.lower() for w in p["organisation_nouns"]),
        "generic": frozenset(w.lower() for w in p["generic_sources"]),
        "document": frozenset(w.lower() for w in p["document_nouns"]),
        "speech_nouns": frozenset(w.lower() for w in p["speech_nouns"]),
        "impersonal": frozenset(w.lower() for w in p["impersonal_subjects"]),
        "particles": frozenset(w.lower() for w in p["name_particles"]),
        "titles": frozenset(w.lower() for t in p["titles"] for w in t.split()),
    }


@cache
def phrasal_cues() -> dict[str, str]:
    """Verbs that are cues only with their particle: ``point`` -> ``out``."""
    return {verb: particle for verb, particle in patterns()["phrasal_cues"]}


@cache
def source_phrases() -> dict[str, list[list[str]]]:
    """The ``source_phrases`` as word lists, indexed by their first word (in file order)."""
    out: dict[str, list[list[str]]] = {}
    for phrase in patterns()["source_phrases"]:
        words = phrase.lower().split()
        out.setdefault(words[0], []).append(words)
    return out
