"""Agreement between two labelings: accuracy, macro-F1, Cohen's kappa, confusion, majority baseline.

These statistics are used by a stage (:func:`helpers.sentiment.tool_agreement` compares the two
sentiment tools with each other) and by every validator in :mod:`helpers.evaluation`, so they sit
below both. scikit-learn computes them; it is imported only when a statistic is asked for, so the
stages (and every corpus worker) load without it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["agreement", "confusion_table", "majority_baseline"]


def agreement(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 and Cohen's kappa of ``predicted`` against ``gold``.

    ``labels`` fixes the label set (and order) so that a label nobody predicted still counts in
    the macro average. Kappa is NaN when it is undefined (both raters used one label only).
    """
    gold, predicted = list(gold), list(predicted)
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    if not gold:
        return {"n": 0, "accuracy": float("nan"), "macro_f1": float("nan"), "kappa": float("nan")}
    from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

    kappa = (
        float("nan")
        if len(set(gold) | set(predicted)) < 2
        else float(cohen_kappa_score(gold, predicted, labels=list(labels)))
    )
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, predicted)),
        "macro_f1": float(
            f1_score(gold, predicted, labels=list(labels), average="macro", zero_division=0)
        ),
        "kappa": kappa,
    }


def majority_baseline(gold: Sequence[str], labels: Sequence[str]) -> dict:
    """The scores of always answering the most frequent gold label (ties: first in ``labels``)."""
    gold = list(gold)
    if not gold:
        return agreement([], [], labels)
    counts = pd.Series(gold).value_counts()
    top = max(labels, key=lambda lab: (counts.get(lab, 0), -list(labels).index(lab)))
    return {"label": top, **agreement(gold, [top] * len(gold), labels)}


def confusion_table(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> pd.DataFrame:
    """Confusion matrix as a DataFrame: rows are hand labels, columns machine labels (all
    zero when there is nothing to compare, e.g. no extracted quote matched a hand-marked one)."""
    from sklearn.metrics import confusion_matrix

    if len(gold) == 0:
        matrix = [[0] * len(labels) for _ in labels]
    else:
        matrix = confusion_matrix(list(gold), list(predicted), labels=list(labels))
    return pd.DataFrame(
        matrix,
        index=pd.Index(list(labels), name="hand"),
        columns=pd.Index(list(labels), name="machine"),
    )
