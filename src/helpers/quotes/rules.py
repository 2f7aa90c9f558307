"""The rule table: every attribution rule, in the order it is tried, with what it finds.

This table is the single source of rule names. Each row of :func:`helpers.quotes.extract_quotes`
names in its ``rule`` column the rule that decided it; the code refers to the rules through the
constants below (a misspelt rule is an error at import, not a silent new name); notebook 02 shows
:func:`rule_table`; the tests check that every rule is documented here.

A quotation is attributed in four stages (BBC Citron's separation: spans, cues, sources, coref):

1. **spans** (:mod:`helpers.quotes.spans`): quotation marks are paired into quoted spans;
2. **cues and mentions** (:mod:`helpers.quotes.cues`, :mod:`helpers.quotes.mentions`): the
   parse of each paragraph gives its reporting cues and the phrases that name people;
3. **link rules** (``stage="link"``, tried in order, :mod:`helpers.quotes.link`): a quoted span
   is tied to the cue that reports it, and through it to a speaker phrase; **fallbacks**
   (``stage="fallback"``) decide when no cue does; **indirect** rules find reported speech
   without marks (:mod:`helpers.quotes.indirect`);
4. **resolution** (``stage="resolution"``, :mod:`helpers.quotes.resolve`): the speaker phrase is
   resolved to a canonical speaker. When that needed more than reading a name (a pronoun, a
   title used alone, an anonymous source), the resolution rule is the row's ``rule``, and its
   ``explain`` says both how the quotation was linked and how the speaker was resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["RULES", "RULE_TABLE", "Rule", "rule_table"]

STAGES = ("link", "fallback", "indirect", "resolution")


@dataclass(frozen=True)
class Rule:
    """One attribution rule: its name (the ``rule`` column), stage, and what it finds."""

    name: str
    stage: str
    finds: str
    example: str

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- link rules
MULTI_PARAGRAPH = Rule(
    "multi-paragraph", "link",
    "a paragraph that continues the previous paragraph's open quotation",
    "“…¶ “… ends here.”",
)  # fmt: skip
CCOMP_NSUBJ = Rule(
    "ccomp-nsubj", "link",
    "the quotation lies in the complement of a reporting verb; the verb's subject is the "
    "speaker, and in a chain of reporting the subject of the highest reporting verb",
    "X said, “…” / X pointed out that “…” / X told Y that Z believes “…”",
)  # fmt: skip
CUE_THEN_QUOTE = Rule(
    "cue-then-quote", "link",
    "a reporting verb earlier in the sentence, outside its parse subtree",
    "X stressed the point, “…”",
)  # fmt: skip
ACCORDING_TO = Rule(
    "according-to", "link",
    "a source phrase names the speaker",
    "…, according to X / “…,” according to X / in the words of X",
)  # fmt: skip
QUOTE_THEN_SPEAKER = Rule(
    "quote-then-speaker", "link",
    "the speaker and a reporting verb right after the quotation (also in a short sentence of "
    "its own, and after a long apposition when the quotation ends in ? or !)",
    "“…,” X said / “…,” as X put it / “…?” Jane Roe, an adviser to …, said",
)  # fmt: skip
SAID_X = Rule(
    "said-X", "link",
    "a reporting verb, then the speaker, right after the quotation or before a colon",
    "“…,” said X / Said X: “…”",
)  # fmt: skip
LEAD_IN = Rule(
    "lead-in", "link",
    "a paragraph that is only a quotation, after a paragraph that ends with a colon",
    "X read from a prepared statement: ¶ “…”",
)  # fmt: skip
# --------------------------------------------------------------------------- fallbacks
COLON_NAME = Rule(
    "colon-name", "fallback",
    "no reporting verb; a name (and a role) right before a colon that opens the quotation",
    "Pollster Jane Roe: “…”",
)  # fmt: skip
COLON_INTRO = Rule(
    "colon-intro", "fallback",
    "a clause ending in a colon introduces the quotation; its subject is the speaker",
    "X swiped at Y in a series of posts: “…”",
)  # fmt: skip
SENTENCE_SUBJECT = Rule(
    "sentence-subject", "fallback",
    "no reporting verb, but the sentence's subject is a speaker already quoted",
    "X is unlikely to “…”",
)  # fmt: skip
DASH_NAME = Rule(
    "dash-name", "fallback",
    "no reporting verb; a dash and a name after the quotation (a signature)",
    "“…” ― Jane Roe",
)  # fmt: skip
INTRODUCED_SPEAKER = Rule(
    "introduced-speaker", "fallback",
    "a paragraph that is only a quotation, after a paragraph without quotations whose subject "
    "is a named person",
    "X praised the plan. ¶ “…”",
)  # fmt: skip
FLOATING_QUOTE = Rule(
    "floating-quote", "fallback",
    "a whole-sentence quotation with no cue: the speaker of the quotation before it in the "
    "same paragraph, or the speaker quoted just before",
    "“…,” X said. “…”",
)  # fmt: skip
UNATTRIBUTED = Rule(
    "unattributed", "fallback",
    "speech no rule could attribute (speaker ``unknown``)",
    "“…” with no cue and nobody in focus",
)  # fmt: skip
# --------------------------------------------------------------------------- indirect speech
INDIRECT_CCOMP = Rule(
    "indirect-ccomp", "indirect",
    "indirect speech without marks: the clause a reporting verb introduces, or the clause "
    "before it when the verb comes last",
    "X demanded that a timetable be set / <clause>, three security sources said",
)  # fmt: skip
INDIRECT_OBJECT = Rule(
    "indirect-object", "indirect",
    "indirect speech through the object of a verb of demanding or condemning, named speakers "
    "only",
    "X condemns any armed activity outside the state",
)  # fmt: skip
INDIRECT_INFINITIVE = Rule(
    "indirect-infinitive", "indirect",
    "indirect speech in an infinitive: what a speaker asks of someone (the addressee and the "
    "clause) or promises or threatens (the clause)",
    "X called on the army to let aid convoys through / X threatened to close the markets",
)  # fmt: skip
INDIRECT_SOURCE = Rule(
    "indirect-source", "indirect",
    "a clause attributed by a source phrase at its start or end, without marks",
    "According to the army, troops killed two militants / …, according to X.",
)  # fmt: skip
# --------------------------------------------------------------------------- resolution
PRONOUN_CONTINUATION = Rule(
    "pronoun-continuation", "resolution",
    "he/she/they: the subject of the sentence before, else the last speaker quoted (gender-"
    "aware), else the last person named",
    "He added, “…”",
)  # fmt: skip
PRONOUN_ANTECEDENT = Rule(
    "pronoun-antecedent", "resolution",
    "a pronoun in a subordinate clause: the person named earlier in the same sentence",
    "… prompted the spokesman, X, to respond … in which he said",
)  # fmt: skip
RELATIVE_WHO = Rule(
    "relative-who", "resolution",
    "the antecedent of who/which",
    "according to X, who continued, “…”",
)  # fmt: skip
ROLE_REFERENCE = Rule(
    "role-reference", "resolution",
    "a title, role or description used alone: the person introduced with it (most recent "
    "first); a description with an age: the person just named",
    "Maj. Gen. X … The general added / X walks his field. “…,” the 61-year-old farmer said",
)  # fmt: skip
ORGANISATION_REFERENCE = Rule(
    "organisation-reference", "resolution",
    "an organisation by its noun, a shortened name, its acronym or it/its",
    "the Popular Front … The Front said / the FOP / it described",
)  # fmt: skip
NEXT_SENTENCE_NAME = Rule(
    "next-sentence-name", "resolution",
    "an unnamed source named with the same role in the next sentence",
    "a representative … indicated …. Representative X pointed out",
)  # fmt: skip
ANONYMOUS = Rule(
    "anonymous", "resolution",
    "a source who is not named: described by role and affiliation, or by a description "
    "followed by an anonymity marker",
    "a senior official in the Interior Ministry, who spoke on condition of anonymity, said",
)  # fmt: skip
GROUP = Rule(
    "group", "resolution",
    "a group defined by a named body, or a plural described source",
    "Lawmakers from the Reform bloc said / two Iraqi security officials said",
)  # fmt: skip
ROLE_ONLY = Rule(
    "role-only", "resolution",
    "a source named only by a role or a short description",
    "“…,” the businessman replied",
)  # fmt: skip
GENERIC_SOURCE = Rule(
    "generic-source", "resolution",
    "a vague plural source with no affiliation (codebook A10: ``(unnamed)``)",
    "Observers believe that …",
)  # fmt: skip

#: Every rule, in the order the stages try them.
RULE_TABLE: tuple[Rule, ...] = (
    MULTI_PARAGRAPH,
    CCOMP_NSUBJ,
    CUE_THEN_QUOTE,
    ACCORDING_TO,
    QUOTE_THEN_SPEAKER,
    SAID_X,
    LEAD_IN,
    COLON_NAME,
    COLON_INTRO,
    SENTENCE_SUBJECT,
    DASH_NAME,
    INTRODUCED_SPEAKER,
    FLOATING_QUOTE,
    UNATTRIBUTED,
    INDIRECT_CCOMP,
    INDIRECT_OBJECT,
    INDIRECT_INFINITIVE,
    INDIRECT_SOURCE,
    PRONOUN_CONTINUATION,
    PRONOUN_ANTECEDENT,
    RELATIVE_WHO,
    ROLE_REFERENCE,
    ORGANISATION_REFERENCE,
    NEXT_SENTENCE_NAME,
    ANONYMOUS,
    GROUP,
    ROLE_ONLY,
    GENERIC_SOURCE,
)
#: The rule names, in order: every value the ``rule`` column can take.
RULES: tuple[str, ...] = tuple(r.name for r in RULE_TABLE)


def rule_table() -> pd.DataFrame:
    """The rule table for reading: ``rule``, ``stage``, ``finds``, ``example``, in order."""
    return pd.DataFrame(
        [(r.name, r.stage, r.finds, r.example) for r in RULE_TABLE],
        columns=["rule", "stage", "finds", "example"],
    )
