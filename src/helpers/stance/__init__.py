"""Stance of each quotation and of each speaker toward a *target*, with the evidence.

Stance is a position for or against something (the target), not a mood: "a withdrawal would
be a catastrophe!" is angry and *in favour* of the presence it defends. Sentiment tools
(:mod:`helpers.sentiment`) score the mood; this module scores the position.

A target is a short YAML spec (:mod:`helpers.targets`; guide: ``data/targets/README.md``): what
the target is called, whether it is a state of affairs or an actor's conduct (``kind``), its
opposite side, and what ends or keeps it. Every spec is merged with the general stance lexicon
(``src/helpers/data/stance_lexicon.yaml``), the words by which speakers support, reject, demand
and judge on any topic. A new topic is a new spec file, not new code. One cue contributes::

    valence (+1 wants/praises, -1 opposes/condemns)
      x polarity of what it is attached to (+1 the target or an event that keeps it,
                                             -1 an event that ends or harms it, or the
                                             opposite side)
      x weight x negation (-1) x hedge (0.5) x neutraliser (0)

so "demand (+1) the withdrawal (-1) of US forces" is against, "withdrawal (-1) would be a blow
(-1)" is favor and "the presence (+1) is illegal (-1)" is against.

What is found (:mod:`~helpers.stance.paragraph` finds the anchors, :mod:`~helpers.stance.cues`
scores the cues, :mod:`~helpers.stance.context` places a quote in its article):

* **scope by the dependency parse**: a cue counts only when it is within ``scope.max_path``
  dependency steps of a target mention or of an event about the target (function words
  collapsed); on equal distance it goes to its own subject or object, then to a linked event,
  then to a mention, then to a bare event word;
* **mentions**: the spec's phrases, matched on lemmas; a head noun of one of them with "the",
  "this", "any" … once the target has been named ("the ban"); pronouns whose antecedent is a
  mention; the opposite side counts the other way, and a mention that says the thing is absent
  ("without foreign troops") too;
* **events**: an event word whose argument is a mention ("the exit *of US forces*"), an end put
  to such an event ("stop *buying* the gas"), a negated event ("not a retreat"); for an actor,
  what the actor itself does is its conduct, and asking it to do anything but carry on is
  against its conduct;
* **who says it**: cues come only from the speaker's words (the quote, the verb that reports it
  and, for a partial quote, the clause it is reported in); an attitude held by a named third
  party is reported, not the speaker's, unless it is a commitment ("Iraq *will* not accept");
* **negation, hedges, predictions**: a negator before the cue reverses it, a hedge halves it, a
  prediction or futility word cancels it and the evidence says so; a cue inside the phrase of
  one that fired is not counted again;
* **context**: a quote that does not name the target, in a paragraph that (or whose previous
  paragraph) does, is read as about the paragraph's topic at half weight; "Without X, …" argues
  that X is needed; when no cue fires, a strongly evaluative adjective or predicate noun of
  VADER's lexicon tied to the target counts once, labelled *valence fallback*.

What is not found: irony, stance carried by a whole argument or a rhetorical question, targets
that are never named, a third party's evaluation quoted in order to reject it (it is credited
to the speaker), coreference beyond the pronoun rule, cues split across sentences. On topics
nobody tuned for, fewer than six speakers in ten get the hand label (README).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.article import Article
from helpers.stance.context import as_context, locate, quote_text, speaker_region, where_named
from helpers.stance.cues import analyse
from helpers.stance.paragraph import Paragraph, path_length
from helpers.targets import (
    Cue,
    Target,
    TargetSpecError,
    bundled_targets,
    cue_table,
    load_target,
)

__all__ = [
    "LABELS",
    "Cue",
    "Target",
    "TargetSpecError",
    "bundled_targets",
    "cue_table",
    "load_target",
    "path_length",
    "quote_stance",
    "speaker_stance",
]

#: Stance labels, in the order used by tables and metrics.
LABELS = ("favor", "against", "neutral")


def quote_stance(
    quotes: pd.DataFrame,
    target: Target | str | Path,
    *,
    nlp=None,
    context: Article | str | None = None,
) -> pd.DataFrame:
    """Stance of every quote toward ``target``: ``quotes`` plus ``stance``, ``stance_score``,
    ``evidence``, ``target_mentioned`` and ``stance_cues`` (the fired cues as dicts).

    ``quotes`` needs a ``quote`` column; ``paragraph``, ``start``/``end`` (offsets into the
    article body), ``kind`` and ``cue`` (the reporting verb) are used when present, so both
    :func:`helpers.quotes.extract_quotes` output and hand-annotated quotes work. With
    ``context`` (the :class:`~helpers.article.Article` or its body) each quote is read inside
    its paragraph, so the sentence around a partial or indirect quote supplies the target and
    anaphors resolve; without it only the quote text is parsed.

    ``stance_score`` is signed (favor > 0): the sum of the cue scores. ``stance`` is favor or
    against when ``|stance_score| >= decision.quote_threshold``, else neutral. ``evidence``
    lists each cue that fired (what it is attached to, negations, hedges, neutralisers), any
    predictions, and the sentence. An empty frame gives an empty frame with these columns.
    """
    target = load_target(target)
    if not isinstance(quotes, pd.DataFrame):
        raise TypeError(f"quotes must be a pandas DataFrame, not {type(quotes).__name__}")
    out_cols = ["stance", "stance_score", "evidence", "target_mentioned", "stance_cues"]
    if quotes.empty:
        return quotes.assign(**{c: pd.Series(dtype=object) for c in out_cols})
    if "quote" not in quotes.columns:
        raise ValueError("quotes has no 'quote' column")
    if nlp is None:
        from helpers.nlp import get_nlp

        nlp = get_nlp()
    ctx = as_context(context)
    named = where_named(ctx, target, nlp.tokenizer) if ctx is not None else None
    # Only the fields read below, without attrs: pandas would box every column of every row
    # and copy the attrs into each column.
    wanted = ["quote", "paragraph", "start", "end", "cue", "kind"]
    fields = quotes.loc[:, quotes.columns.isin(wanted)]
    fields.attrs = {}
    records = fields.to_dict("records")
    places = [locate(row, ctx) if ctx is not None else None for row in records]
    # A paragraph is read once, shared by its quotes, and let go after its last quote: a long
    # article never holds every paragraph's token forms at once.
    last_use = {place[0]: n for n, place in enumerate(places) if place is not None}
    paragraphs: dict[int, Paragraph] = {}
    rows = []
    for n, (row, located) in enumerate(zip(records, places, strict=True)):
        if located is None:
            para = Paragraph(nlp(quote_text(row)), target)
            region = set(range(len(para.doc)))
            prior, topic, rep = False, False, None
        else:
            k, q0, q1 = located
            _, ps, pe = ctx.paragraphs[k]
            if k not in paragraphs:
                paragraphs[k] = Paragraph(nlp(ctx.body[ps:pe]), target)
            para = paragraphs[k]
            a, b = q0 - ps, q1 - ps
            region, rep = speaker_region(para, a, b, row.get("cue", ""), row.get("kind", ""))
            prior, topic = named.before(k), named.near(k)
        result = analyse(para, region, prior, rep, topic=topic)
        rows.append(_quote_result(result, target))
        if located is not None and last_use[located[0]] == n:
            del paragraphs[located[0]]
    extra = pd.DataFrame(rows, index=quotes.index, columns=out_cols)
    out = pd.concat(
        [quotes.drop(columns=[c for c in out_cols if c in quotes.columns]), extra], axis=1
    )
    out.attrs.update(target=target.name, speaker_threshold=target.speaker_threshold)
    return out


def _quote_result(result: dict, target: Target) -> list:
    items = result["items"]
    score = round(sum(i["score"] for i in items), 3)
    if score >= target.quote_threshold:
        stance = "favor"
    elif score <= -target.quote_threshold:
        stance = "against"
    else:
        stance = "neutral"
    parts = [_item_text(i) for i in items]
    parts += result["predictions"]
    if not parts:
        parts.append(
            "no stance cue about the target" if result["mentioned"] else "target not mentioned"
        )
    parts += result["notes"]
    sentence = " ".join(result["sentences"])
    evidence = "; ".join(dict.fromkeys(parts)) + (f' | sentence: "{sentence}"' if sentence else "")
    return [stance, score, evidence, result["mentioned"], items]


def _item_text(item: dict) -> str:
    sign = "+" if item["valence"] > 0 else "-"
    flags = f" [{', '.join(item['flags'])}]" if item["flags"] else ""
    return f"'{item['cue']}' ({item['kind']} {sign}{item['weight']:g}) -> {item['about']}{flags} = {item['score']:+g}"


def speaker_stance(stances: pd.DataFrame, *, threshold: float | None = None) -> pd.DataFrame:
    """One row per speaker: the stance summed over their direct, partial and indirect quotes.

    Columns: ``speaker_id``, ``speaker``, ``stance``, ``stance_score`` (sum of quote scores,
    favor > 0), ``margin``, ``favor``/``against``/``neutral`` (quote counts), ``quotes``,
    ``evidence`` (the three strongest cues, joined). ``margin`` is the distance of the score
    from the decision threshold (``threshold``; by default the target's ``speaker_threshold``,
    which :func:`quote_stance` records in ``stances.attrs``, else 1.0): how far the winning
    side is ahead. A margin near 0 is a weak call, whichever side it fell on. Rows are sorted
    by ``speaker_id``.
    """
    cols = ["speaker_id", "speaker", "stance", "stance_score", "margin", "favor", "against",
            "neutral", "quotes", "evidence"]  # fmt: skip
    if stances.empty:
        return pd.DataFrame(columns=cols)
    for needed in ("stance", "stance_score"):
        if needed not in stances.columns:
            raise ValueError(f"stances has no '{needed}' column; run quote_stance first")
    if threshold is None:
        threshold = float(stances.attrs.get("speaker_threshold", 1.0))
    threshold = float(threshold)
    frame = stances.copy()
    frame.attrs = {}  # not needed below; pandas would copy them into every group and column
    if "speaker" not in frame.columns:
        frame["speaker"] = "unknown"
    if "speaker_id" not in frame.columns:
        frame["speaker_id"] = frame["speaker"]
    frame["speaker_id"] = frame["speaker_id"].where(frame["speaker_id"].notna(), frame["speaker"])
    rows = []
    for sid, group in frame.groupby("speaker_id", sort=True):
        score = round(float(group["stance_score"].sum()), 3)
        stance = "favor" if score >= threshold else "against" if score <= -threshold else "neutral"
        items = [i for cues in group.get("stance_cues", []) if isinstance(cues, list) for i in cues]
        items = sorted(items, key=lambda i: (-abs(i["score"]), i["cue"]))
        strongest = [_item_text(i) for i in items if i["score"]][:3]
        labels = [x for x in group["stance"].tolist() if isinstance(x, str)]  # not NaN or NA
        rows.append(
            {
                "speaker_id": sid,
                "speaker": group["speaker"].iloc[0],
                "stance": stance,
                "stance_score": score,
                "margin": round(abs(abs(score) - threshold), 3),
                "favor": labels.count("favor"),
                "against": labels.count("against"),
                "neutral": labels.count("neutral"),
                "quotes": len(group),
                "evidence": " / ".join(strongest) or "no stance cue",
            }
        )
    return pd.DataFrame(rows, columns=cols)
