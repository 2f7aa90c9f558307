"""The stance cues of one quote: which fire, what each is about, and what changes its sign.

:func:`analyse` reads the cue words inside the speaker's region of a :class:`Paragraph`, attaches
each to the nearest target mention or event within ``scope.max_path`` dependency steps, and
applies negation, hedges, neutralisers (predictions, futility) and the holder test (an attitude
held by a named third party is reported, not the speaker's). Every fired cue is kept as evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.stance.paragraph import (
    ANCHOR_RANK,
    COMPLEMENT_DEPS,
    FUNCTION_POS,
    PREDICATE_DEPS,
    Anchor,
    Paragraph,
    chead,
    path_length,
)
from helpers.targets import Cue, Target

__all__ = ["analyse"]


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


def analyse(para: Paragraph, region: set[int], prior_mention: bool, reporting=None) -> dict:
    """Stance cues of one analysis unit.

    ``para`` is the parsed paragraph (or the quote alone), ``region`` the indices of the
    speaker's tokens (the quote span plus the reporting verb ``reporting``), ``prior_mention``
    whether the target was named just before the paragraph.
    """
    doc, target, forms = para.doc, para.target, para.forms
    sent_starts = {para.sent_start[i] for i in region}
    mentions, notes, events = para.anchors(prior_mention)
    anchors = events + [
        Anchor(doc[root], 1, f"target '{text}'", "mention") for root, _, _, text in mentions
    ]
    mention_tokens = {i for _, s, e, _ in mentions for i in range(s, e)}
    in_scope = [a for a in anchors if para.sent_start[a.token.i] in sent_starts]
    quote_tokens = region - ({reporting.i} if reporting is not None else set())
    items: list[dict] = []
    for cue, tok, text in _cue_hits(para, region, mention_tokens):
        is_reporting = reporting is not None and tok.i == reporting.i
        if is_reporting and cue.kind != "attitude":
            continue  # "who continued, '...'": a reporting verb is a cue only as an attitude
        best = None
        for anchor in in_scope:
            if anchor.token.i == tok.i or (is_reporting and anchor.token.i not in quote_tokens):
                continue
            if cue.kind == "advocacy" and not anchor.is_event:
                continue  # "need to strengthen those forces": advocacy asks for a known event
            d = path_length(tok, anchor.token)
            if d is None or d > target.max_path:
                continue
            key = (d, ANCHOR_RANK[anchor.kind], abs(anchor.token.i - tok.i))
            if best is None or key < best[0]:
                best = (key, anchor)
        if best is None:
            continue
        anchor = best[1]
        score = cue.valence * anchor.polarity * cue.weight
        flags = []
        holder = None if is_reporting or cue.kind != "attitude" else _other_holder(tok)
        neutral = _neutraliser(tok, target, forms)
        if holder is not None:
            flags.append(f"attitude of {holder}, reported, not held by the speaker")
            score = 0.0
        elif neutral is not None:
            why = target.neutralisers[_pick(forms[neutral.i], target.neutralisers)]
            flags.append(f"neutralised by '{neutral.text}' ({why})")
            score = 0.0
        if score:
            for neg in _modifiers(tok, target.negators, forms) if cue.negatable else []:
                score *= _word_factor(forms[neg.i], target.negators)
                flags.append(f"negated by '{neg.text}'")
            for hedge in _modifiers(tok, target.modality, forms):
                score *= _word_factor(forms[hedge.i], target.modality)
                flags.append(f"hedged by '{hedge.text}'")
        items.append(
            {
                "cue": text,
                "kind": cue.kind,
                "valence": cue.valence,
                "weight": cue.weight,
                "about": anchor.what,
                "polarity": anchor.polarity,
                "path": best[0][0],
                "flags": flags,
                "score": round(float(score) + 0.0, 3),
                "sentence": tok.sent.text.strip(),
            }
        )
    return {
        "items": items,
        "predictions": _predictions(para, in_scope),
        "notes": list(notes),
        "mentioned": bool(in_scope),
        "sentences": [text for start, text in para.sentences if start in sent_starts],
    }


def _other_holder(tok) -> str | None:
    """The named third party who holds an attitude cue, or None when the speaker may hold it.

    A verb's noun subject ("several parties *oppose*") or a noun's noun possessor or "of"
    complement ("the *fears of decision-makers*") is a third party. A pronoun or no holder at
    all counts as the speaker, except for a bare attitude noun governed by a verb with a noun
    subject ("the matter may meet broad *opposition*"): someone's attitude is described.
    """
    if tok.pos_ in {"VERB", "AUX"}:
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
