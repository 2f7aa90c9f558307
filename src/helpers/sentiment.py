"""Sentiment of each quotation and of each speaker, with the words that moved the score.

Two off-the-shelf dictionary tools score every quote:

* **TextBlob** (``PatternAnalyzer``): ``polarity`` in [-1, 1] is the *mean* of the polarity of
  the lexicon words (adjectives, mostly) found in the text, after negation ("not good") and
  intensifiers ("very good") are applied; ``subjectivity`` in [0, 1] is the mean of their
  subjectivity. ``textblob_evidence`` lists each assessment as ``words(polarity)``.
* **VADER** (``SentimentIntensityAnalyzer``): ``vader`` is the ``compound`` score in [-1, 1], a
  normalised sum of the valences (-4..+4) of the lexicon words after VADER's own negation,
  booster, capitals, "but" and punctuation rules; ``vader_pos/neu/neg`` are the shares of the
  text. ``vader_evidence`` lists each lexicon word as ``word(valence)``, or
  ``word(lexicon -> scored)`` when a rule changed it (see :func:`vader_token_valences`).

**A 0.0 is not "neutral".** Both tools return exactly 0.0 when *no lexicon word* occurs in the
text, which is most of what a news quote says about withdrawals, militias and strikes. We call
that *no evidence* and keep it apart from a balanced or weak score:

* ``textblob_no_evidence``: TextBlob found no lexicon word (no assessment at all);
* ``vader_no_evidence``: no token is in VADER's lexicon;
* ``no_evidence``: **neither** tool found any lexicon word;
* ``textblob_label`` / ``vader_label`` are ``"no evidence"`` when that tool found none, otherwise
  negative / neutral / positive by thresholds (:func:`label_scores`). For agreement with hand
  coding a "no evidence" answer counts as *neutral*, since that is what the tool effectively says.

Known traps on this genre (each is pinned by a test in ``tests/test_sentiment.py`` with what
the tool really returns; TextBlob 0.19, vaderSentiment 3.3.2):

* **Negation with "n't"**: TextBlob negates "not good" (-0.35) but reads "isn't good" as
  +0.7, i.e. the contraction is ignored. VADER handles "isn't" - but only with an ASCII
  apostrophe; with a curly one ("isn’t") it misses the negation too. Hence
  :func:`normalise_quotes`.
* **Words touching curly quotation marks**: VADER strips only ASCII punctuation, so
  ``“dangerous`` is not found in its lexicon. TextBlob tokenises them correctly.
* **Intensifiers**: TextBlob multiplies some ("very good" 0.91 against "good" 0.7) and leaves
  others unchanged ("extremely dangerous" stays at the -0.6 of "dangerous"); VADER adds a fixed
  booster step to both.
* **Neutral lexicon words dilute TextBlob**: "political" is in TextBlob's lexicon with polarity
  0.0, and TextBlob *averages*, so "firm political measures" scores -0.1, half of "firm
  measures" (-0.2).
* **Domain words**: "withdrawal", "occupation", "militia" are not in TextBlob's lexicon at all;
  "strikes" and "attacks" neither. VADER knows "strikes" (-1.5) and "attacks" (-1.9) but not
  "occupation" or "militia", and gives "withdrawal" a *positive* +0.1. A quote demanding the
  "withdrawal of the occupation forces" is therefore "no evidence" for TextBlob and faintly
  positive for VADER, though its author means it as a hostile demand.

What is *not* measured here: whom the sentiment is about (that is stance, ``helpers.stance``),
irony, or the sentiment of the journalist's framing around a quote. Both tools were built on
English reviews and social media, not on translated Arabic political press.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from helpers.agreement import agreement
from helpers.article import Article, word_count
from helpers.marks import to_ascii

__all__ = [
    "DEFAULT_TEXTBLOB",
    "DEFAULT_VADER",
    "LABELS",
    "NO_EVIDENCE",
    "SCORE_COLUMNS",
    "Thresholds",
    "as_hand_labels",
    "evidence_view",
    "label_of",
    "label_scores",
    "normalise_quotes",
    "position_sentiment",
    "require_scored",
    "score_quotes",
    "score_text",
    "section_sentiment",
    "speaker_sentiment",
    "textblob_evidence",
    "tool_agreement",
    "tool_labels",
    "vader_token_valences",
]

#: The three labels of the hand coding, in the order every table uses.
LABELS = ("negative", "neutral", "positive")
#: The label a tool gets when it found no lexicon word in the quote.
NO_EVIDENCE = "no evidence"
#: Label the quotes without a speaker get in the per-speaker table.
UNATTRIBUTED = "(unattributed)"
#: Section of the quotes whose section is missing, in the per-section table.
NO_SECTION = "(no section)"

#: Columns :func:`evidence_view` shows, in this order, when present.
EVIDENCE_VIEW = [
    "quote_id",
    "speaker",
    "quote",
    "polarity",
    "subjectivity",
    "textblob_evidence",
    "textblob_label",
    "vader",
    "vader_evidence",
    "vader_label",
    "no_evidence",
]

#: Columns :func:`score_quotes` adds to its input.
SCORE_COLUMNS = [
    "words",
    "polarity",
    "subjectivity",
    "textblob_evidence",
    "textblob_no_evidence",
    "textblob_label",
    "vader",
    "vader_pos",
    "vader_neu",
    "vader_neg",
    "vader_evidence",
    "vader_no_evidence",
    "vader_label",
    "no_evidence",
]


@dataclass(frozen=True)
class Thresholds:
    """Cut points: a score ``< negative`` is negative, ``> positive`` is positive, else neutral."""

    negative: float
    positive: float

    def __post_init__(self) -> None:
        if not self.negative <= self.positive:
            raise ValueError(f"negative cut {self.negative} is above positive cut {self.positive}")

    def __str__(self) -> str:
        neg, pos = self.negative + 0.0, self.positive + 0.0  # + 0.0 turns -0.0 into 0.0
        return f"< {neg:+.3f} negative, > {pos:+.3f} positive"


#: Conventional TextBlob reading: any non-zero polarity counts.
DEFAULT_TEXTBLOB = Thresholds(0.0, 0.0)
#: Hutto & Gilbert's (2014) ±0.05 on VADER's compound. They write ``>= 0.05``; here the cut is
#: strict, which differs only for a compound of exactly ±0.05.
DEFAULT_VADER = Thresholds(-0.05, 0.05)
# --------------------------------------------------------------------------- text level


def normalise_quotes(text: str) -> str:
    """Replace curly quotation marks and apostrophes with their ASCII forms.

    ``“ ” „ ‟ « » ″`` become ``"`` and ``‘ ’ ‚ ‛ ′ ‹ ›`` become ``'``; nothing else changes and
    the length is preserved (one character for one), so offsets stay valid. VADER needs this:
    it strips only ASCII punctuation from tokens (``“dangerous`` is not found in its lexicon)
    and recognises ``isn't`` but not ``isn’t`` as a negation. The ``quote`` column itself is
    never changed; only the text handed to the two tools is.
    """
    if not isinstance(text, str):
        return ""
    return to_ascii(text)


@cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_token_valences(text: str) -> list[tuple[str, float, float]]:
    """VADER's lexicon words in ``text``: ``(token, lexicon valence, valence as scored)``.

    Re-runs the token loop of ``SentimentIntensityAnalyzer.polarity_scores`` (vaderSentiment
    3.3.2) with VADER's own methods, so the scored valence includes its negation ("not",
    "n't", "no", "least"), booster ("very", "extremely"), capitals and "but" rules. Only
    tokens that are in the lexicon are returned; boosters and negators show up through the
    change they make to the next word. Emoji descriptions are not expanded (news text).
    """
    return _vader_pass(text)[1]


def _vader_pass(text: str) -> tuple[dict, list[tuple[str, float, float]]]:
    """VADER's ``polarity_scores`` and :func:`vader_token_valences` from one pass over the tokens.

    ``polarity_scores`` is its token loop followed by ``score_valence``; running the loop once
    and handing its valences to ``score_valence`` gives the same four scores (a test checks
    it). Text with an emoji goes to ``polarity_scores`` itself, which first replaces each emoji
    by its description.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    analyzer = _vader()
    sentitext = SentiText(text)
    tokens = sentitext.words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(tokens):
        low = item.lower()
        if low in BOOSTER_DICT or (
            i < len(tokens) - 1 and low == "kind" and tokens[i + 1].lower() == "of"
        ):
            sentiments.append(0)
            continue
        sentiments = analyzer.sentiment_valence(0, sentitext, item, i, sentiments)
    sentiments = analyzer._but_check(tokens, sentiments)
    hits = [
        (tok, analyzer.lexicon[tok.lower()], float(val))
        for tok, val in zip(tokens, sentiments, strict=True)
        if tok.lower() in analyzer.lexicon
    ]
    if any(ch in analyzer.emojis for ch in text):
        return analyzer.polarity_scores(text), hits
    return analyzer.score_valence(sentiments, text.strip()), hits


def _format_vader(hits: Iterable[tuple[str, float, float]]) -> str:
    parts = []
    for tok, lex, scored in hits:
        if abs(lex - scored) < 1e-9:
            parts.append(f"{tok.lower()}({lex:+.1f})")
        else:
            parts.append(f"{tok.lower()}({lex:+.1f} -> {scored:+.2f})")
    return "; ".join(parts)


def textblob_evidence(text: str) -> tuple[float, float, list[tuple[str, float, float]]]:
    """TextBlob polarity, subjectivity and its assessments ``(words, polarity, subjectivity)``.

    ``words`` joins the tokens of one assessment ("not good", "very good"). An empty list
    means TextBlob found no lexicon word: its 0.0 is then *no evidence*, not neutral.
    """
    # ``TextBlob(text).sentiment_assessments`` runs this scorer (its default PatternAnalyzer)
    # twice on the same text, once for the scores and once for the assessments; one call gives
    # both (a test checks that the results are identical).
    from textblob.en import sentiment as pattern_sentiment

    score = pattern_sentiment(text)
    polarity, subjectivity = score
    found = [
        (" ".join(words), float(pol), float(subj)) for words, pol, subj, _ in score.assessments
    ]
    return float(polarity), float(subjectivity), found


def score_text(text: str) -> dict:
    """Every score and evidence column of :data:`SCORE_COLUMNS` for one piece of text."""
    clean = normalise_quotes(text)
    polarity, subjectivity, assessments = textblob_evidence(clean)
    vs, hits = _vader_pass(clean)
    tb_none, vd_none = not assessments, not hits
    return {
        "words": word_count(clean),
        "polarity": polarity,
        "subjectivity": subjectivity,
        "textblob_evidence": "; ".join(f"{w}({p:+.2f})" for w, p, _ in assessments),
        "textblob_no_evidence": tb_none,
        "textblob_label": NO_EVIDENCE if tb_none else label_of(polarity, DEFAULT_TEXTBLOB),
        "vader": float(vs["compound"]),
        "vader_pos": float(vs["pos"]),
        "vader_neu": float(vs["neu"]),
        "vader_neg": float(vs["neg"]),
        "vader_evidence": _format_vader(hits),
        "vader_no_evidence": vd_none,
        "vader_label": NO_EVIDENCE if vd_none else label_of(vs["compound"], DEFAULT_VADER),
        "no_evidence": tb_none and vd_none,
    }


# --------------------------------------------------------------------------- quote level


def score_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotes with TextBlob and VADER scores, the evidence words and labels added.

    ``quotes`` needs a ``quote`` column (the contract of ``helpers.quotes.extract_quotes``);
    other columns are kept as they are. Added: see :data:`SCORE_COLUMNS` and the module
    docstring. Labels use the conventional cuts (:data:`DEFAULT_TEXTBLOB`,
    :data:`DEFAULT_VADER`); relabel with :func:`label_scores` for other thresholds. A missing
    quote text is scored as empty (no evidence). An empty table gives an empty table.
    """
    if not isinstance(quotes, pd.DataFrame):
        raise TypeError(f"score_quotes needs a DataFrame of quotes, not {type(quotes).__name__}")
    if "quote" not in quotes.columns:
        raise ValueError("score_quotes needs a 'quote' column (see helpers.quotes.extract_quotes)")
    base = quotes.drop(columns=[c for c in SCORE_COLUMNS if c in quotes.columns])
    rows = [score_text(q if isinstance(q, str) else "") for q in base["quote"]]
    scores = pd.DataFrame(rows, columns=SCORE_COLUMNS, index=base.index)
    out = pd.concat([base, scores], axis=1)
    return out.astype({c: bool for c in SCORE_COLUMNS if c.endswith("no_evidence")})


def evidence_view(scored: pd.DataFrame, *, first: Sequence[str] = ()) -> pd.DataFrame:
    """The columns a reader needs to check a score: ``first``, then :data:`EVIDENCE_VIEW`.

    Columns that ``scored`` does not have are skipped, so the view works on a few example
    sentences as well as on a whole article.
    """
    wanted = [*first, *(c for c in EVIDENCE_VIEW if c not in first)]
    return scored[[c for c in wanted if c in scored.columns]]


def label_of(value: float, thresholds: Thresholds) -> str:
    """The label of one score: below the negative cut negative, above the positive cut
    positive, else neutral."""
    if value < thresholds.negative:
        return "negative"
    if value > thresholds.positive:
        return "positive"
    return "neutral"


def label_scores(
    values: Iterable[float],
    thresholds: Thresholds | tuple[float, float],
    *,
    no_evidence: Iterable[bool] | None = None,
) -> list[str]:
    """Map scores to negative / neutral / positive with ``thresholds`` (negative, positive cut).

    A score strictly below the negative cut is negative, strictly above the positive cut is
    positive, anything in between (cuts included) neutral. Where ``no_evidence`` is True the
    label is :data:`NO_EVIDENCE` whatever the score. A NaN score is also "no evidence".
    """
    t = thresholds if isinstance(thresholds, Thresholds) else Thresholds(*thresholds)
    values = list(values)
    flags = [False] * len(values) if no_evidence is None else list(no_evidence)
    if len(flags) != len(values):
        raise ValueError(f"{len(values)} scores but {len(flags)} no-evidence flags")
    return [
        NO_EVIDENCE if flag or pd.isna(v) else label_of(float(v), t)
        for v, flag in zip(values, flags, strict=True)
    ]


def as_hand_labels(labels: Iterable[str]) -> list[str]:
    """Tool labels on the hand-coding scale: "no evidence" counts as neutral."""
    return ["neutral" if lab == NO_EVIDENCE else lab for lab in labels]


# --------------------------------------------------------------------------- aggregates


def _weighted_mean(values: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    return float((values * weights).sum() / total) if total > 0 else float("nan")


#: Resampled quote indices held at once by :func:`_bootstrap_interval` (2 MB of int64).
BOOTSTRAP_BLOCK = 1 << 18


def _bootstrap_interval(
    values: np.ndarray, weights: np.ndarray, *, n_boot: int, seed: int
) -> tuple[float, float]:
    """95% percentile interval of the word-weighted mean, resampling quotes with replacement.

    NaN for fewer than two quotes: one quote says nothing about how a speaker varies, and a
    degenerate [x, x] interval would look like certainty.
    """
    n = len(values)
    if n < 2 or weights.sum() <= 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    # The resamples are drawn a block of rows at a time so a speaker with thousands of quotes
    # does not hold n_boot x n indices at once. An even number of rows per block keeps the
    # generator's stream exactly that of one (n_boot, n) draw: same intervals, bounded memory.
    rows = max(2, BOOTSTRAP_BLOCK // n // 2 * 2)
    means = []
    for first in range(0, n_boot, rows):
        idx = rng.integers(0, n, size=(min(rows, n_boot - first), n))
        w, v = weights[idx], values[idx]
        totals = w.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            block = (w * v).sum(axis=1) / totals
        means.append(block[totals > 0])
    means = np.concatenate(means)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def _mean(values: np.ndarray) -> float:
    """The mean of the values that are not NaN (NaN when none is), as pandas' ``mean`` gives."""
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else float("nan")


def _most_common(names: Iterable[str]) -> str:
    """The most frequent name; among equally frequent ones, the alphabetically first."""
    counts = Counter(names)
    top = max(counts.values())
    return min(name for name, n in counts.items() if n == top)


def require_scored(scored: pd.DataFrame, columns: Sequence[str], who: str) -> None:
    """Stop with a one-line error naming ``who`` unless ``scored`` is a DataFrame that has
    ``columns`` (the output of :func:`score_quotes`)."""
    if not isinstance(scored, pd.DataFrame):
        raise TypeError(f"{who} needs the DataFrame from score_quotes, not {type(scored).__name__}")
    missing = [c for c in columns if c not in scored.columns]
    if missing:
        raise ValueError(f"{who} needs columns {missing}; run score_quotes first")


def speaker_sentiment(scored: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Per speaker: quotes, words, word-weighted polarity with a bootstrap interval, and more.

    Columns: ``speaker_id``, ``speaker``, ``quotes``, ``words``, ``polarity`` and
    ``subjectivity`` (means over the speaker's quotes weighted by their word counts, so a long
    quote counts more than a two-word fragment; no-evidence quotes count with their 0.0),
    ``polarity_low`` / ``polarity_high`` (95% percentile bootstrap interval of the weighted
    mean: quotes resampled with replacement ``n_boot`` times with
    ``numpy.random.default_rng(seed)``, a fresh generator per speaker so one speaker's interval
    does not depend on the others; NaN for a speaker with one quote), ``polarity_with_evidence``
    (the same mean over only the quotes where TextBlob found a lexicon word; NaN if none),
    ``vader`` (plain mean of compound), ``no_evidence_share`` (share of the speaker's quotes in
    which neither tool found a lexicon word).

    Quotes without a speaker are grouped as :data:`UNATTRIBUTED`. Sorted by quotes (most
    first), then words, then speaker_id.
    """
    require_scored(
        scored, ["quote", "polarity", "subjectivity", "vader", "no_evidence"], "speaker_sentiment"
    )
    columns = [
        "speaker_id", "speaker", "quotes", "words", "polarity", "polarity_low", "polarity_high",
        "polarity_with_evidence", "subjectivity", "vader", "no_evidence_share",
    ]  # fmt: skip
    if scored.empty:
        return pd.DataFrame(columns=columns)
    wanted = ["quote", "speaker_id", "speaker", "words", "polarity", "subjectivity", "vader"]
    df = scored[[c for c in wanted if c in scored.columns]].copy()
    df.attrs = {}  # the quotes' registry is not needed here; pandas would copy it at every step
    for col in ("speaker_id", "speaker"):
        if col not in df.columns:
            df[col] = UNATTRIBUTED
        df[col] = df[col].where(df[col].notna() & (df[col].astype(str) != ""), UNATTRIBUTED)
    if "words" not in df.columns:
        df["words"] = df["quote"].map(word_count)
    words = df["words"].to_numpy(dtype=float)
    polarity = df["polarity"].to_numpy(dtype=float)
    subjectivity = df["subjectivity"].to_numpy(dtype=float)
    vader = df["vader"].to_numpy(dtype=float)
    no_evidence = scored["no_evidence"].astype(bool).to_numpy()
    has = ~scored.get("textblob_no_evidence", scored["no_evidence"]).astype(bool).to_numpy()
    names = df["speaker"].astype(str).to_numpy()
    rows = []
    for speaker_id, idx in sorted(df.groupby("speaker_id").indices.items()):
        w, p, h = words[idx], polarity[idx], has[idx]
        low, high = _bootstrap_interval(p, w, n_boot=n_boot, seed=seed)
        rows.append(
            {
                "speaker_id": speaker_id,
                "speaker": _most_common(names[idx]),
                "quotes": len(idx),
                "words": int(w.sum()),
                "polarity": _weighted_mean(p, w),
                "polarity_low": low,
                "polarity_high": high,
                "polarity_with_evidence": _weighted_mean(p[h], w[h]),
                "subjectivity": _weighted_mean(subjectivity[idx], w),
                "vader": _mean(vader[idx]),
                "no_evidence_share": float(no_evidence[idx].mean()),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(
        ["quotes", "words", "speaker_id"], ascending=[False, False, True], kind="mergesort"
    ).reset_index(drop=True)


def section_sentiment(scored: pd.DataFrame) -> pd.DataFrame:
    """Per section, in reading order: quotes, words, word-weighted polarity and subjectivity,
    mean VADER compound and the share of no-evidence quotes.

    Reading order is the first quote's ``start`` offset (or ``paragraph`` when there are no
    offsets). Sections without quotes are absent; quotes without a section are grouped as
    :data:`NO_SECTION`.
    """
    require_scored(
        scored,
        ["section", "words", "polarity", "subjectivity", "vader", "no_evidence"],
        "section_sentiment",
    )
    columns = [
        "section",
        "quotes",
        "words",
        "polarity",
        "subjectivity",
        "vader",
        "no_evidence_share",
    ]
    if scored.empty:
        return pd.DataFrame(columns=columns)
    order_col = "start" if "start" in scored.columns else "paragraph"
    scored = scored.assign(section=scored["section"].fillna(NO_SECTION))
    rows = []
    for section, group in scored.groupby("section", sort=False):
        w = group["words"].to_numpy(dtype=float)
        rows.append(
            {
                "order": float(group[order_col].min()) if order_col in group else 0.0,
                "section": section,
                "quotes": len(group),
                "words": int(w.sum()),
                "polarity": _weighted_mean(group["polarity"].to_numpy(dtype=float), w),
                "subjectivity": _weighted_mean(group["subjectivity"].to_numpy(dtype=float), w),
                "vader": float(group["vader"].mean()),
                "no_evidence_share": float(group["no_evidence"].astype(bool).mean()),
            }
        )
    out = pd.DataFrame(rows).sort_values(["order", "section"], kind="mergesort")
    return out[columns].reset_index(drop=True)


def position_sentiment(scored: pd.DataFrame, article: Article) -> pd.DataFrame:
    """Where each quote sits in the article (0 = first character, 1 = last) and its scores.

    ``position`` is the quote's midpoint ``(start + end) / 2`` divided by the body length;
    quotes without offsets are placed at the middle of their paragraph. Columns:
    ``quote_id``, ``speaker``, ``section``, ``paragraph``, ``position``, ``polarity``,
    ``vader``, ``textblob_label``, ``vader_label``, ``no_evidence``; sorted by position.
    """
    require_scored(scored, ["polarity", "vader", "no_evidence"], "position_sentiment")
    columns = [
        "quote_id", "speaker", "section", "paragraph", "position", "polarity", "vader",
        "textblob_label", "vader_label", "no_evidence",
    ]  # fmt: skip
    length = max(len(article.body), 1)
    paras = article.paragraphs.set_index("paragraph")
    df = scored.copy()
    for col in columns:
        if col not in df.columns:
            df[col] = np.nan
    starts = pd.to_numeric(scored.get("start"), errors="coerce") if "start" in scored else None
    ends = pd.to_numeric(scored.get("end"), errors="coerce") if "end" in scored else None
    positions = []
    for i, row in enumerate(df.itertuples(index=False)):
        if (
            starts is not None
            and ends is not None
            and pd.notna(starts.iloc[i])
            and pd.notna(ends.iloc[i])
        ):
            mid = (starts.iloc[i] + ends.iloc[i]) / 2
        elif pd.notna(row.paragraph) and int(row.paragraph) in paras.index:
            para = paras.loc[int(row.paragraph)]
            mid = (para["start"] + para["end"]) / 2
        else:
            mid = np.nan
        positions.append(float(mid) / length)
    df["position"] = positions
    return (
        df[columns]
        .sort_values(["position", "quote_id"], kind="mergesort", na_position="last")
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- the two tools


def tool_agreement(scored: pd.DataFrame, *, no_evidence: str = "label") -> dict:
    """How far TextBlob and VADER agree with each other on the same quotes.

    Returns ``pearson`` and ``spearman`` (correlation of polarity with VADER's compound over
    all quotes; NaN for fewer than three quotes or a constant score), ``pearson_both_evidence``
    (over only the quotes where *both* tools found a lexicon word: the 0.0s of "no evidence"
    otherwise inflate the correlation), ``n`` and ``n_both_evidence``, ``label_agreement``
    (share of quotes with the same label), ``kappa`` (Cohen's kappa of the two labelings), and
    ``crosstab`` (TextBlob labels as rows, VADER labels as columns). The labels are those of
    :func:`tool_labels`; ``no_evidence`` says how "no evidence" is counted there.
    """
    tb, vd = tool_labels(scored, no_evidence=no_evidence)
    order = [*LABELS, NO_EVIDENCE]
    both = ~np.array(_flags(scored, "textblob_no_evidence"), dtype=bool) & ~np.array(
        _flags(scored, "vader_no_evidence"), dtype=bool
    )

    def corr(df: pd.DataFrame, method: str) -> float:
        ok = len(df) > 2 and df["polarity"].nunique() > 1 and df["vader"].nunique() > 1
        return float(df["polarity"].corr(df["vader"], method=method)) if ok else float("nan")

    crosstab = pd.crosstab(
        pd.Categorical(tb, categories=order), pd.Categorical(vd, categories=order), dropna=False
    )
    crosstab.index.name, crosstab.columns.name = "TextBlob", "VADER"
    return {
        "n": len(scored),
        "pearson": corr(scored, "pearson"),
        "spearman": corr(scored, "spearman"),
        "n_both_evidence": int(both.sum()),
        "pearson_both_evidence": corr(scored[both], "pearson"),
        "label_agreement": float(np.mean([a == b for a, b in zip(tb, vd, strict=True)]))
        if tb
        else float("nan"),
        "kappa": agreement(tb, vd, order)["kappa"],
        "crosstab": crosstab,
    }


def tool_labels(scored: pd.DataFrame, *, no_evidence: str = "label") -> tuple[list, list]:
    """The TextBlob and the VADER label of every quote, at the default thresholds.

    They are the ``textblob_label`` and ``vader_label`` columns of :func:`score_quotes`
    (computed from the scores when those columns are absent). ``no_evidence="label"`` keeps
    "no evidence" as a label of its own; ``no_evidence="neutral"`` counts it as neutral, as the
    hand coding does (figure 6 of :mod:`helpers.plots` reads them so).
    """
    require_scored(scored, ["polarity", "vader"], "tool_labels")
    if no_evidence not in ("label", "neutral"):
        raise ValueError(f"no_evidence must be 'label' or 'neutral', not {no_evidence!r}")
    tb_none = _flags(scored, "textblob_no_evidence")
    vd_none = _flags(scored, "vader_no_evidence")
    tb = _labels(scored, "textblob_label", "polarity", DEFAULT_TEXTBLOB, tb_none)
    vd = _labels(scored, "vader_label", "vader", DEFAULT_VADER, vd_none)
    if no_evidence == "neutral":
        tb, vd = as_hand_labels(tb), as_hand_labels(vd)
    return tb, vd


def _flags(scored: pd.DataFrame, column: str) -> list[bool]:
    """A boolean column of ``scored`` as a list, all False when it is absent."""
    if column not in scored.columns:
        return [False] * len(scored)
    return [bool(v) for v in scored[column]]


def _labels(
    scored: pd.DataFrame, column: str, score: str, cut: Thresholds, none: list[bool]
) -> list[str]:
    """A tool's labels: its label column when present, else its scores cut by ``cut``."""
    if column in scored.columns:
        return list(scored[column])
    return label_scores(scored[score], cut, no_evidence=none)
