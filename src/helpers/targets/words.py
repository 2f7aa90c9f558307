"""Words and phrases as the stance rules compare them: one normal form, lemma-aware phrases.

Every word is compared in one normal form (:func:`norm_word`): lower case, curly apostrophes
straightened, initialisms without dots ("U.S." -> "us"). A token of the text offers two forms,
its own and its lemma's (:func:`token_forms`); a phrase of a spec is compiled the same way
(:func:`compile_phrase`), each of its words into the forms it accepts. So "Turkish dam" matches
"Turkish dams", "call for" matches "called for", and "U.S. forces" matches "US forces".

Each form also brings its other spelling, British or American (:func:`other_spelling`, from
``src/helpers/data/spelling_variants.yaml``): "privatisation" matches "privatization".

:func:`find_phrases` finds phrases in a sequence of token forms (longest first, never
overlapping); a verb and its particle also match apart ("pull their forces out"), and an
article or a possessive may stand between a phrase's words ("the Federal Supreme Court's
ruling" for "Federal Supreme Court ruling"; a different word order is a different phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

__all__ = [
    "DEFINITE",
    "PARTICLES",
    "PRONOUNS",
    "Phrase",
    "compile_phrase",
    "compile_phrases",
    "find_phrases",
    "norm_word",
    "other_spelling",
    "phrase_head",
    "phrase_key",
    "phrase_text",
    "shared_tokenizer",
    "token_forms",
    "token_norm",
]

#: A compiled phrase: for each word, the forms (normalised word and lemma) it accepts.
Phrase = tuple[frozenset[str], ...]

#: Pronouns that may stand for a target, by grammatical number (resolved by the stance rules,
#: never listed in a spec).
PRONOUNS = {"it": "singular", "its": "singular", "they": "plural", "them": "plural",
            "their": "plural"}  # fmt: skip
#: Determiners of a noun that refers back to the target ("the ban", "these dams", "any return").
DEFINITE = frozenset({"the", "this", "these", "that", "those", "any", "every"})
#: The second word of a phrasal verb, which may stand apart from its verb ("pull them out").
PARTICLES = frozenset({"out", "back", "down", "over", "ahead", "forward", "up", "off", "away"})

#: British and American spellings treated as one word (inside ``src/helpers/data/``).
SPELLING_FILE = "spelling_variants.yaml"
#: Words a phrase may skip in the text between two of its own words: an article or a
#: possessive ("strike on *the* Makhmour camp", "the Federal Supreme Court*'s* ruling").
SKIPPABLE = frozenset({"the", "a", "an", "'s", "'"})
#: How many such words one match may skip.
MAX_SKIPPED = 2

#: Initialisms written with dots ("U.S.", "U.S"): their dots are dropped.
_INITIALISM = re.compile(r"(?:[a-z]\.){2,}|(?:[a-z]\.)+[a-z]")


@lru_cache(maxsize=1 << 15)
def norm_word(word: str) -> str:
    """Lower case, curly apostrophe to straight, "U.S." to "us".

    Cached: a corpus repeats the same few thousand words; the bound keeps memory flat.
    """
    w = word.strip().lower().replace("’", "'").replace("‘", "'")
    if _INITIALISM.fullmatch(w):
        w = w.replace(".", "")
    return w


def token_norm(token) -> str:
    """The normal form of a token's text; the lower-case pronoun "us" is never the country."""
    text = token.text
    if text == "us":
        return "us~pronoun"
    return norm_word(text)


def token_forms(token, norm: str | None = None) -> set[str]:
    """The normalised text and lemma of ``token`` (``norm``: its :func:`token_norm`, if known),
    each with its other spelling, if it has one (:func:`other_spelling`)."""
    norm = token_norm(token) if norm is None else norm
    if norm == "us~pronoun":
        return {norm}
    forms = {norm, norm_word(token.lemma_)}
    return forms | {o for f in forms if (o := other_spelling(f))}


@cache
def _spellings() -> tuple[int, tuple[tuple[str, str], ...], dict[str, str]]:
    """``(min_length, suffix pairs longest first, word pairs both ways)`` of the data file."""
    import yaml

    from helpers.paths import package_data

    data = yaml.safe_load(package_data(SPELLING_FILE).read_text(encoding="utf-8"))
    suffixes = sorted(data["suffixes"].items(), key=lambda kv: -len(kv[0]))
    words = dict(data["words"]) | {v: k for k, v in data["words"].items()}
    return int(data["min_length"]), tuple(suffixes), words


@lru_cache(maxsize=1 << 15)
def other_spelling(word: str) -> str | None:
    """The American spelling of a British word or the British of an American one
    (``src/helpers/data/spelling_variants.yaml``): "privatisation" <-> "privatization"."""
    min_length, suffixes, words = _spellings()
    if word in words:
        return words[word]
    if len(word) < min_length:
        return None
    for british, american in suffixes:
        if word.endswith(british):
            return word[: -len(british)] + american
        if word.endswith(american):
            return word[: -len(american)] + british
    return None


@cache
def shared_tokenizer():
    """The tokenizer of the shared spaCy pipeline (phrases are split into words as text is)."""
    from helpers.nlp import get_nlp

    return get_nlp().tokenizer


def phrase_key(phrase: str) -> tuple[str, ...]:
    """A phrase as the tuple of its normalised tokens (surface forms only)."""
    return tuple(token_norm(t) for t in shared_tokenizer()(phrase.strip()))


@lru_cache(maxsize=1 << 14)
def compile_phrase(phrase: str) -> Phrase:
    """The forms each word of ``phrase`` accepts: its own and its lemma's.

    The phrase is tagged by the shared pipeline as written, so "Turkish dams" accepts "dam" and
    "dams" in second place. Remembered: the general lexicon and every spec compile the same
    phrases again and again.
    """
    from helpers.nlp import get_nlp

    doc = get_nlp()(phrase.strip())
    return tuple(frozenset(token_forms(t)) for t in doc)


@lru_cache(maxsize=1 << 12)
def phrase_head(phrase: str) -> str | None:
    """The normalised lemma of a phrase's head noun ("Turkish dams" -> "dam", "ban on alcohol"
    -> "ban"), or None when its head is not a common noun ("Ankara", "withdraw")."""
    from helpers.nlp import get_nlp

    doc = get_nlp()(phrase.strip())
    root = doc[:].root
    return norm_word(root.lemma_) if root.pos_ == "NOUN" and len(doc) > 1 else None


def compile_phrases(phrases: Iterable[str]) -> tuple[Phrase, ...]:
    """:func:`compile_phrase` of each, without duplicates, longest first."""
    compiled = {compile_phrase(p) for p in phrases if p.strip()}
    return tuple(sorted(compiled, key=lambda p: (-len(p), sorted(p[0]))))


def phrase_text(phrase: Phrase) -> str:
    """A readable form of a compiled phrase ("turkish dam|dams")."""
    return " ".join("|".join(sorted(pos)) for pos in phrase)


def _match_end(forms: Sequence[set[str]], phrase: Phrase, i: int) -> int | None:
    """Where ``phrase`` ends when it starts at token ``i``, or None. Between two of its words
    the text may have up to :data:`MAX_SKIPPED` words of :data:`SKIPPABLE` that the phrase does
    not ("strike on the Makhmour camp" for "strike on Makhmour camp")."""
    j, skipped = i + 1, 0
    for k in range(1, len(phrase)):
        while j < len(forms) and not forms[j] & phrase[k]:
            if skipped == MAX_SKIPPED or not forms[j] & SKIPPABLE:
                return None
            j, skipped = j + 1, skipped + 1
        if j >= len(forms):
            return None
        j += 1
    return j


def find_phrases(
    forms: Sequence[set[str]],
    phrases: Sequence[Phrase],
    *,
    tokens: Sequence | None = None,
) -> list[tuple[int, int, int]]:
    """``(rank, start, end)`` of every place a phrase occurs, without overlaps.

    ``forms`` are the token forms of a text (:func:`token_forms`); ``rank`` is the phrase's
    index in ``phrases``; an article or a possessive may stand between two of its words
    (:func:`_match_end`). Phrases are tried in the given order (put longer ones first) and each
    from left to right; a match that overlaps an earlier one is dropped. With ``tokens`` (the
    spaCy tokens the forms belong to), a two-word phrase whose second word is a particle also
    matches a verb and its particle apart ("pull the forces out"): the match is the verb alone.
    """
    by_first: dict[str, list[int]] = {}
    for rank, phrase in enumerate(phrases):
        if phrase:
            for form in phrase[0]:
                by_first.setdefault(form, []).append(rank)
    candidates = []
    for i, here in enumerate(forms):
        ranks = {rank for form in here for rank in by_first.get(form, ())}
        for rank in ranks:
            phrase = phrases[rank]
            n = len(phrase)
            if (end := _match_end(forms, phrase, i)) is not None:
                candidates.append((rank, i, end))
            elif tokens is not None and n == 2 and phrase[1] & PARTICLES:
                particle = [
                    c
                    for c in tokens[i].children
                    if c.dep_ in ("prt", "prep", "advmod") and c.i > i + 1
                ]  # fmt: skip  ("pull the forces out": the parser may call "out" either
                if any(forms[c.i] & phrase[1] for c in particle):
                    candidates.append((rank, i, i + 1))
    taken: set[int] = set()
    found = []
    for rank, start, end in sorted(candidates):
        span = range(start, end)
        if taken.isdisjoint(span):
            found.append((rank, start, end))
            taken.update(span)
    return sorted(found, key=lambda f: f[1])
