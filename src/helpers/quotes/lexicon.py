"""The words the attribution rules read, loaded from the data files (never listed in code).

``data/reporting_verbs.txt`` gives each reporting verb a class; ``data/attribution_patterns.yaml``
gives role, organisation, document and source nouns, titles, phrasal cues, source phrases and the
rest (see the comments in both files). Everything is loaded once per process.
"""

from __future__ import annotations

from functools import cache

from helpers.speakers import patterns
from helpers.wordlists import reporting_forms, reporting_verbs

__all__ = [
    "lexicon",
    "naming_lemmas",
    "phrasal_cues",
    "reporting_forms",
    "reporting_verbs",
    "source_phrases",
]


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
        "display": frozenset(w.lower() for w in p["display_nouns"]),
        "commitment": frozenset(w.lower() for w in p["commitment_verbs"]),
        "impersonal": frozenset(w.lower() for w in p["impersonal_subjects"]),
        "declining": frozenset(w.lower() for w in p["declining_verbs"]),
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


#: Verbs of naming among the ``naming_markers``, by lemma ("call it …", "dub it …").
NAMING_VERBS = {"called": "call", "dubbed": "dub", "named": "name", "nicknamed": "nickname",
                "termed": "term", "labelled": "label", "labeled": "label", "branded": "brand",
                "titled": "title", "entitled": "entitle"}  # fmt: skip


@cache
def naming_lemmas() -> frozenset[str]:
    """Lemmas of the naming verbs listed among the ``naming_markers`` of the patterns file."""
    markers = {m.lower() for m in patterns()["naming_markers"]}
    return frozenset(lemma for form, lemma in NAMING_VERBS.items() if form in markers)
