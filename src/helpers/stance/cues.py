"""The stance cues of one quote: which fire, what each is about, and what changes its sign.

:func:`analyse` reads the cue words inside the speaker's region of a :class:`Paragraph`, from the
top of the parse down, attaches each to the nearest target mention or event within
``scope.max_path`` dependency steps (or to the paragraph's topic), decides its polarity (for an
actor, a demand on its conduct), and applies the holder test (an attitude held by a named third
party is reported, not the speaker's), neutralisers, negation and hedges. Then the constructions
without a cue word ("Without X, …") and, when nothing fired, the labelled valence fallback. Every
fired cue is kept as evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from helpers.stance.paragraph import (
    ANCHOR_RANK,
    COMPLEMENT_DEPS,
    FUNCTION_POS,
    PREDICATE_DEPS,
    Anchor,
    Paragraph,
    chead,
    has_actor,
    negated,
    path_length,
)
from helpers.targets import Cue, Target

__all__ = ["analyse"]

#: Parts of speech an attitude word never has: "come *back*" is not "*back* the plan".
NOT_ATTITUDE_POS = frozenset({"ADV", "ADP", "PART", "SCONJ", "DET", "PRON", "PROPN"})


def _cue_hits(para: Paragraph, region: set[int], skip: set[int]) -> list[tuple[Cue, Any, str]]:
    """Cue matches whose tokens are all in ``region`` (the speaker's words) and not in ``skip``.

    Longer cues are taken first; a cue whose tokens overlap one already taken is dropped.
    """
    hits = []
    used: set[int] = set()
    for _, i, cue in para.cue_matches:
        idx = range(i, i + len(cue.match))
        if any(j not in region or j in skip or j in used for j in idx):
            continue
        first = para.doc[i]
        if cue.kind in ("attitude", "demand") and (
            first.pos_ in NOT_ATTITUDE_POS or (first.dep_ == "compound" and len(cue.match) == 1)
        ):
            continue  # "come back", "back then", "demand peaks": not an attitude
        if first.lemma_.lower() == "need" and first.pos_ == "VERB" and not has_dep(first, "xcomp"):
            continue  # "Iraq needs the gas" says it depends on it; "they need to leave" asks
        span = para.doc[idx.start : idx.stop]
        hits.append((cue, span.root, span.text))
        used.update(idx)
    return sorted(hits, key=lambda h: h[1].i)


def _modifiers(cue_tok, words: Mapping[str, Any], forms: Sequence[set[str]]) -> list[Any]:
    """Tokens from ``words`` that modify the cue: children of the cue, or children of the word
    the cue completes ("is *not* a guarantee", "would *not* be a blow"), placed before the cue.

    Placement matters for contrast: in "farmers, not fighters" the "not" follows "farmers" and
    negates "fighters" only. ``forms`` are the normalised forms of the tokens of the cue's Doc.
    """
    head = chead(cue_tok)
    wanted = set(words)
    out = []
    for tok in cue_tok.sent:
        if tok.i >= cue_tok.i or not (forms[tok.i] & wanted):
            continue
        on_cue = tok.head.i == cue_tok.i
        on_head = tok.head.i == head.i and (
            cue_tok.dep_ in COMPLEMENT_DEPS
            or (tok.dep_ in {"neg", "aux"} and cue_tok.dep_ not in {"nsubj", "nsubjpass", "csubj"})
        )
        if on_cue or on_head:
            out.append(tok)
    return out


def _neutraliser(cue_tok, target: Target, forms: Sequence[set[str]]):
    """A prediction/futility word that governs the cue or predicates over its clause.

    ``forms`` are the normalised forms of the tokens of the cue's Doc.
    """
    words = set(target.neutralisers)
    chain = [cue_tok]
    t = cue_tok
    for _ in range(3):
        if t.head.i == t.i:
            break
        t = t.head
        chain.append(t)
    for k, node in enumerate(chain):
        if k and forms[node.i] & words and node.pos_ not in FUNCTION_POS:
            return node
        for child in node.children:
            if child.i == cue_tok.i or not forms[child.i] & words:
                continue
            if k == 0 or child.dep_ in PREDICATE_DEPS:
                return child
    return None


def _word_factor(forms: set[str], table: Mapping[str, float]) -> float:
    """The factor in ``table`` of the first of a token's ``forms`` listed there (else 1)."""
    return next((table[f] for f in forms if f in table), 1.0)


def analyse(
    para: Paragraph, region: set[int], prior_mention: bool, reporting=None, *, topic: bool = False
) -> dict:
    """Stance cues of one analysis unit.

    ``para`` is the parsed paragraph (or the quote alone), ``region`` the indices of the
    speaker's tokens (the quote span plus the reporting verb ``reporting``), ``prior_mention``
    whether the target was named before the paragraph, ``topic`` whether it is named in this
    paragraph or the one before. When the quote's own sentences do not name the target but
    ``topic`` holds, its cues are read as about the topic of the paragraph.

    Cues are read from the top of the parse down: a cue inside the phrase of one that has
    already fired is part of its meaning and is not counted again ("cannot be *justified*
    under any *pretext* of *security*" is one judgement, not three).
    """
    doc, target = para.doc, para.target
    sent_starts = {para.sent_start[i] for i in region}
    mentions, notes, events = para.anchors(prior_mention)
    anchors = events + [
        Anchor(doc[m.root], m.polarity, m.label, "mention", side=m.side) for m in mentions
    ]
    mention_tokens = {i for m in mentions for i in range(m.start, m.end)}
    in_scope = [a for a in anchors if para.sent_start[a.token.i] in sent_starts]
    on_topic = topic and not in_scope
    if on_topic:
        in_scope = _topic_events(para, region)
    quote_tokens = region - ({reporting.i} if reporting is not None else set())
    items: list[dict] = []
    used: set[int] = set()
    fired: list = []
    hits = sorted(_cue_hits(para, region, mention_tokens), key=lambda h: (_depth(h[1]), h[1].i))
    for cue, tok, text in hits:
        if any(_inside(tok, f) for f in fired):
            continue
        is_reporting = reporting is not None and tok.i == reporting.i
        if is_reporting and cue.kind not in ("attitude", "demand"):
            continue  # "who continued, '...'": a reporting verb is a cue only as an attitude
        best = _nearest_anchor(tok, cue, in_scope, target, quote_tokens if is_reporting else None)
        if best is None and on_topic and cue.kind != "advocacy" and _about_topic(tok, cue):
            best = (0, False, 0, 0), Anchor(tok, 1, TOPIC, "topic")
        if best is None:
            continue
        used.update(range(tok.i, tok.i + len(cue.match)))
        item = _score(para, cue, tok, text, best, is_reporting)
        items.append(item)
        if item["score"]:
            fired.append(tok)
    items += _without(para, quote_tokens, mentions)
    if not any(i["score"] for i in items):
        items += _valence_fallback(para, quote_tokens, in_scope, used | mention_tokens)
    return {
        "items": sorted(items, key=lambda i: i["position"]),
        "predictions": _predictions(para, in_scope),
        "notes": list(notes),
        "mentioned": bool(in_scope),
        "sentences": [text for start, text in para.sentences if start in sent_starts],
    }


def _depth(tok) -> int:
    return sum(1 for _ in tok.ancestors)


def _inside(tok, top) -> bool:
    """Whether ``tok`` lies in the phrase of ``top`` (below it, not in a coordinated phrase of
    its own: in "hurt civilians and violate sovereignty", *violate* is not inside *hurt*)."""
    t = tok
    while t.i != t.head.i:
        if t.dep_ == "conj":
            return False
        t = t.head
        if t.i == top.i:
            return True
    return False


def _score(para: Paragraph, cue: Cue, tok, text: str, best, is_reporting: bool) -> dict:
    """The evidence item of one cue attached to ``best`` (``(key, anchor)``): its score after
    the holder test, neutralisers, negation, hedges and the topic factor, with a flag for each."""
    target, forms = para.target, para.forms
    (d, *_), anchor = best
    polarity = _polarity(cue, anchor, target)
    score = cue.valence * polarity * cue.weight
    flags = []
    holder = None
    if not is_reporting and cue.kind in ("attitude", "demand"):
        holder = _other_holder(tok)
    neutral = _neutraliser(tok, target, forms)
    if holder is not None:
        flags.append(f"attitude of {holder}, reported, not held by the speaker")
        score = 0.0
    elif neutral is not None:
        why = target.neutralisers[_pick(forms[neutral.i], target.neutralisers)]
        flags.append(f"neutralised by '{neutral.text}' ({why})")
        score = 0.0
    if score and cue.kind == "evaluation" and _ended(tok, para):
        score = -score  # "cut the losses", "end the chaos": ending something bad is good
        flags.append(f"ended by '{tok.head.text}'")
    if score:
        negators = _modifiers(tok, target.negators, forms) if cue.negatable else []
        if negators and _restricted(tok):
            flags.append("'not … on its own': a limit, not a denial")
            negators = []
        for neg in negators:
            score *= _word_factor(forms[neg.i], target.negators)
            flags.append(f"negated by '{neg.text}'")
        for hedge in _modifiers(tok, target.modality, forms):
            score *= _word_factor(forms[hedge.i], target.modality)
            flags.append(f"hedged by '{hedge.text}'")
    if polarity != anchor.polarity:
        flags.append("asks the actor to change course" if polarity < 0 else "asks it to go on")
    if anchor.kind == "topic" or anchor.what.endswith(TOPIC_EVENT):
        score *= TOPIC_FACTOR
        flags.append(f"about the paragraph's topic, not named in the quote: x{TOPIC_FACTOR:g}")
    return _item(text, cue.kind, cue.valence, cue.weight, anchor, polarity, d, flags, score, tok)


#: What a cue is about when the quote does not name the target but its paragraph (or the one
#: before) does, and the factor its score is multiplied by there.
TOPIC = "the topic of the paragraph (the target, named nearby)"
TOPIC_EVENT = "(the topic of the paragraph)"
TOPIC_FACTOR = 0.5


#: Subjects that leave what a clause is about to the context: "*It* punishes …", "*This* is a
#: disaster"; and the holders of an attitude: "*We* reject …".
CONTEXT_SUBJECTS = frozenset({"it", "this", "they", "these", "those"})
HOLDERS = frozenset({"i", "we", "you"})


def has_dep(tok, dep: str) -> bool:
    return any(c.dep_ == dep for c in tok.children)


def _about_topic(tok, cue: Cue) -> bool:
    """Whether a cue in a quote that does not name the target may be about the paragraph's
    topic: its clause has no subject of its own, or one that leaves the topic to the context
    ("It punishes Christians"; for an attitude also "We reject …"), not another thing ("the
    bottles would be destroyed")."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj:
        return True
    word = subj[0].lower_
    return word in CONTEXT_SUBJECTS or (cue.kind in ("attitude", "demand") and word in HOLDERS)


def _topic_events(para: Paragraph, region: set[int]) -> list[Anchor]:
    """Event words of the quote that name no actor of their own ("they must stop the work"),
    read as events of the paragraph's topic (the target, named nearby)."""
    out = []
    for start, _, ev in para.event_tokens:
        tok = para.doc[start]
        if start in region and ev.implicit and not has_actor(tok):
            flip = -1 if negated(tok) else 1
            out.append(Anchor(tok, flip * ev.polarity, f"{ev.name} '{tok.text}' {TOPIC_EVENT}",
                              "implicit", ev.polarity > 0))  # fmt: skip
    return out


#: How a cue's own argument hangs from it: "*the ban* has failed", "condemn *the dams*".
OWN_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "poss"})


def _nearest_anchor(tok, cue: Cue, anchors: list[Anchor], target: Target, only_in=None):
    """``(key, anchor)`` of the anchor nearest the cue within ``target.max_path`` steps, or None.

    Ties go to the cue's own subject or object ("the ban has *failed*, and it must be
    repealed": the ban failed), then to a linked event or conduct, then a mention, then an
    implicit event, then the nearer in the text. Advocacy ("must", "a timetable") asks for an event, so it never takes
    a bare mention, except the mention of an actor (asked to act). ``only_in``: the anchor must
    lie in these tokens (a reporting verb attaches only to what its quote says).
    """
    best = None
    for anchor in anchors:
        if anchor.token.i == tok.i or (only_in is not None and anchor.token.i not in only_in):
            continue
        actor = target.kind == "actor" and anchor.side > 0 and tok.pos_ in ("AUX", "VERB")
        if cue.kind == "advocacy" and not anchor.is_event and not actor:
            continue  # "need to strengthen those forces": advocacy asks for a known event
        d = path_length(tok, anchor.token)
        if d is None or d > target.max_path:
            continue
        own = chead(anchor.token).i == tok.i and anchor.token.dep_ in OWN_ARGUMENT_DEPS
        key = (d, not own, ANCHOR_RANK[anchor.kind], abs(anchor.token.i - tok.i))
        if best is None or key < best[0]:
            best = (key, anchor)
    return best


def _polarity(cue: Cue, anchor: Anchor, target: Target) -> int:
    """The polarity of what the cue is about.

    Asking an actor to act ("Turkey must release more water", "we call on Ankara to stop")
    asks it to change course: against its conduct, unless what is asked is that it go on
    (codebook C9). Anything else: the anchor's own polarity.
    """
    asks = cue.kind in ("demand", "advocacy") and cue.valence > 0
    on_actor = anchor.kind == "conduct" or (
        anchor.kind == "mention" and target.kind == "actor" and anchor.side > 0
    )
    if asks and on_actor:
        return anchor.polarity if anchor.continues else -anchor.polarity
    return anchor.polarity


def _item(text, kind, valence, weight, anchor, polarity, path, flags, score, tok) -> dict:
    return {
        "cue": text,
        "kind": kind,
        "valence": valence,
        "weight": weight,
        "about": anchor.what,
        "polarity": polarity,
        "path": path,
        "flags": flags,
        "score": round(float(score) + 0.0, 3),
        "sentence": tok.sent.text.strip(),
        "position": tok.i,
    }


#: Words that limit a negated claim rather than deny it: "it will not solve the summer *on its
#: own*" says it helps.
RESTRICTIVES = (("on", "its", "own"), ("on", "their", "own"), ("by", "itself"),
                ("by", "themselves"))  # fmt: skip


def _restricted(tok) -> bool:
    """Whether the cue's sentence says "on its own" or "by itself"."""
    words = [t.lower_ for t in tok.sent]
    return any(tuple(words[i : i + len(r)]) == r for r in RESTRICTIVES for i in range(len(words)))


def _ended(tok, para: Paragraph) -> bool:
    """Whether an evaluation word is the object of a verb that ends it ("*cut* the losses")."""
    head = tok.head
    if tok.dep_ not in ("dobj", "nsubjpass") or head.pos_ != "VERB":
        return False
    return any(ev.name == "ends" and start == head.i for start, _, ev in para.event_tokens)


#: VADER compound score of the rest of a "Without X, …" sentence above which the absence of X
#: is welcome ("Without foreign troops, Iraq will finally be free").
WITHOUT_WELCOME = 0.3


def _without(para: Paragraph, quote_tokens: set[int], mentions) -> list[dict]:
    """ "*Without* the reservoir, the river would be a chain of ponds": a sentence that opens by
    imagining the target (or its opposite) gone argues that it is needed, unless what follows
    welcomes the absence. Scored once per sentence, weight 1."""
    items = []
    seen = set()
    for m in mentions:
        root = para.doc[m.root]
        prep = root.head
        sent = root.sent
        opening = [t for t in sent if not (t.is_punct or t.lower_ in ("but", "and", "yet", "so"))]
        if (
            prep.lower_ != "without"
            or m.start not in quote_tokens
            or not opening
            or opening[0].i != prep.i
            or sent.start in seen
        ):
            continue
        seen.add(sent.start)
        rest = para.doc[root.right_edge.i + 1 : sent.end].text
        welcome = vader_compound(rest) > WITHOUT_WELCOME
        valence = 1 if welcome else -1
        score = valence * -m.side  # the absence of the target (side +1) judged bad: favor
        anchor = Anchor(root, -m.side, f"{m.label} (absent)", "mention", side=m.side)
        flags = ["the absence welcomed" if welcome else "the absence as a loss"]
        items.append(_item("without …", "evaluation", valence, 1.0, anchor, -m.side, 1, flags,
                           score, prep))  # fmt: skip
    return items


def vader_compound(text: str) -> float:
    """VADER's compound score of ``text`` (-1 to 1)."""
    return _vader().polarity_scores(text)["compound"]


@cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


#: The valence fallback: a word of VADER's lexicon this strong or stronger (|valence|, out of 4)
#: attached this closely to a mention of the target counts, at this weight.
FALLBACK_MIN_VALENCE = 2.0
FALLBACK_MAX_PATH = 2
FALLBACK_WEIGHT = 1.0


def _valence_fallback(para: Paragraph, quote_tokens: set[int], anchors: list[Anchor], skip) -> list:
    """No cue fired: evaluative words of a general sentiment lexicon (VADER's) tied by the parse
    to a mention or event of the target carry a weaker, labelled stance ("the dams are
    *strangling* the south" with no cue for "strangle")."""
    lexicon = vader_lexicon()
    items = []
    for i in sorted(quote_tokens - skip):
        tok = para.doc[i]
        if not (tok.pos_ == "ADJ" or (tok.pos_ == "NOUN" and tok.dep_ in ("attr", "appos"))):
            continue  # a judgement ("a *disastrous* policy", "it is a *noose*"), not an action
        value = lexicon.get(tok.lower_, lexicon.get(tok.lemma_.lower()))
        if value is None or abs(value) < FALLBACK_MIN_VALENCE:
            continue
        near = [
            (d, a)
            for a in anchors
            if a.token.i != i and (d := path_length(tok, a.token)) is not None
            and d <= FALLBACK_MAX_PATH
        ]  # fmt: skip
        if not near:
            continue
        d, anchor = min(near, key=lambda x: (x[0], ANCHOR_RANK[x[1].kind]))
        valence = 1 if value > 0 else -1
        score = valence * anchor.polarity * FALLBACK_WEIGHT
        for neg in _modifiers(tok, para.target.negators, para.forms):
            score *= _word_factor(para.forms[neg.i], para.target.negators)
        flags = [f"valence fallback: VADER {value:+.1f}, no cue word"]
        items.append(_item(tok.text, "valence", valence, FALLBACK_WEIGHT, anchor, anchor.polarity,
                           d, flags, score, tok))  # fmt: skip
    return items


@cache
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4 to +4), the fallback's general evaluative lexicon."""
    return dict(_vader().lexicon)


#: Auxiliaries of a commitment: "Iraq *will* not accept …" is the speaker's own position
#: given in the name of their side, not a report of a third party's.
COMMITMENT_AUX = frozenset(
    {"will", "would", "shall", "can", "cannot", "must", "'ll", "’ll", "wo", "ca"}
)


def _other_holder(tok) -> str | None:
    """The named third party who holds an attitude cue, or None when the speaker may hold it.

    A verb's noun subject ("several parties *oppose*") or a noun's noun possessor or "of"
    complement ("the *fears of decision-makers*") is a third party. A pronoun or no holder at
    all counts as the speaker, except for a bare attitude noun governed by a verb with a noun
    subject ("the matter may meet broad *opposition*"): someone's attitude is described.
    """
    if tok.pos_ in {"VERB", "AUX"}:
        if any(c.dep_ == "aux" and c.lower_ in COMMITMENT_AUX for c in tok.children):
            return None
        subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj and subj[0].pos_ in {"NOUN", "PROPN"}:
            return f"'{subj[0].text}'"
        return None
    holders = [c for c in tok.children if c.dep_ == "poss"]
    holders += [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"} and g.tag_ in {"NNS", "NNPS", "NNP"}
    ]
    if holders:
        return None if holders[0].pos_ == "PRON" else f"'{holders[0].text}'"
    head = chead(tok)
    if head.pos_ in {"VERB", "AUX"} and head.i != tok.i:
        subj = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != tok.i]
        if subj and subj[0].pos_ in {"NOUN", "PROPN"}:
            return f"no one named (described, not held: '{subj[0].text} ... {tok.text}')"
    return None


def _pick(forms: set[str], table: Mapping[str, Any]) -> str:
    """The first of a token's ``forms`` listed in ``table``."""
    return next(f for f in forms if f in table)


def _predictions(para: Paragraph, anchors: list[Anchor]) -> list[str]:
    """Events about the target that are only predicted ("withdrawal is unlikely")."""
    target = para.target
    out = []
    for anchor in anchors:
        if not anchor.is_event:
            continue
        n = _neutraliser(anchor.token, target, para.forms)
        if n is not None:
            label = target.neutralisers[_pick(para.forms[n.i], target.neutralisers)]
            out.append(f"'{n.text}' ({label}) + {anchor.what}: no stance")
    return out
