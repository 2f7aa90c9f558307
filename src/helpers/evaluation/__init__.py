"""Every method of the pipeline against hand annotation, in one place apart from the stages.

The stages (:mod:`helpers.article`, :mod:`helpers.quotes`, :mod:`helpers.speakers`,
:mod:`helpers.sentiment`, :mod:`helpers.stance`) never import this package; it imports them.

=========================== =================================================================
``evaluation.gold``         finding and reading the hand annotation (one search rule, one error)
``evaluation.quotes``       quote attribution: matching, detection and attribution P/R/F1
``evaluation.sentiment``    the two sentiment tools against hand coding; honest thresholds
``evaluation.stance``       stance per quote and per speaker; errors sorted by cause
``evaluation.coders``       two human coders, and the units the codebook gave away
=========================== =================================================================

The agreement statistics (accuracy, macro-F1, kappa, confusion, majority baseline) live in
:mod:`helpers.agreement` and locating a quote in its paragraph in :mod:`helpers.marks`, below
both the stages and this package; they are re-exported here. Everything public is importable
from ``helpers.evaluation`` directly.
"""

from __future__ import annotations

from helpers.agreement import agreement, confusion_table, majority_baseline
from helpers.evaluation.coders import codebook_example_ids, inter_coder_agreement
from helpers.evaluation.gold import (
    GOLD_QUOTE_COLUMNS,
    NONQUOTE_COLUMNS,
    GoldNotFoundError,
    annotation_file,
    load_gold_nonquotes,
    load_gold_quotes,
    load_gold_speakers,
    load_gold_stance,
    locate_gold_quotes,
    read_sentiment_labels,
)
from helpers.evaluation.quotes import (
    DISAGREEMENT_COLUMNS,
    MATCH_COLUMNS,
    THRESHOLDS,
    article_disagreements,
    disagreements,
    evaluate_article,
    kind_table,
    match_quotes,
    quote_scores,
    scare_quote_false_positives,
    score_articles,
    scores_frame,
    span_overlap,
    speaker_key,
    speakers_agree,
    threshold_table,
)
from helpers.evaluation.sentiment import (
    THRESHOLD_GRID,
    choose_thresholds,
    coder_agreement,
    hand_coded_quotes,
    hand_labels_for_matches,
    loo_labels,
    validate_sentiment,
)
from helpers.evaluation.stance import (
    ERROR_CATEGORIES,
    classify_error,
    scores_table,
    validate_stance,
    validation_summary,
)
from helpers.marks import core_span, locate_quote
from helpers.paths import ANNOTATIONS_DIR, SAMPLES_DIR

__all__ = [
    "ANNOTATIONS_DIR",
    "DISAGREEMENT_COLUMNS",
    "ERROR_CATEGORIES",
    "GOLD_QUOTE_COLUMNS",
    "MATCH_COLUMNS",
    "NONQUOTE_COLUMNS",
    "SAMPLES_DIR",
    "THRESHOLDS",
    "THRESHOLD_GRID",
    "GoldNotFoundError",
    "agreement",
    "annotation_file",
    "article_disagreements",
    "choose_thresholds",
    "classify_error",
    "codebook_example_ids",
    "coder_agreement",
    "confusion_table",
    "core_span",
    "disagreements",
    "evaluate_article",
    "hand_coded_quotes",
    "hand_labels_for_matches",
    "inter_coder_agreement",
    "kind_table",
    "load_gold_nonquotes",
    "load_gold_quotes",
    "load_gold_speakers",
    "load_gold_stance",
    "locate_gold_quotes",
    "locate_quote",
    "loo_labels",
    "majority_baseline",
    "match_quotes",
    "quote_scores",
    "read_sentiment_labels",
    "scare_quote_false_positives",
    "score_articles",
    "scores_frame",
    "scores_table",
    "span_overlap",
    "speaker_key",
    "speakers_agree",
    "threshold_table",
    "validate_sentiment",
    "validate_stance",
    "validation_summary",
]
