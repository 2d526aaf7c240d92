"""Reliability for trainers: Cronbach's alpha and item–rest correlations per dimension, on cohort data.

Both are computed on complete cases (respondents who gave a numeric answer to every item of the
dimension), with sample variances (n − 1):

    alpha = k / (k − 1) · (1 − Σ var(item) / var(sum of items))

The item–rest correlation of an item is the Pearson correlation between the item and the sum of the
*other* items of its dimension. A low value means the item measures something else than the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import i18n, ui

if TYPE_CHECKING:  # pragma: no cover
    from .scoring import Responses


def _complete(matrix: Any) -> np.ndarray:
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2:
        raise ValueError("a respondents × items matrix is needed")
    return data[~np.isnan(data).any(axis=1)]


def cronbach_alpha(matrix: Any) -> float:
    """Cronbach's alpha of a respondents × items matrix (NaN rows dropped). NaN when there are fewer
    than two items or two complete respondents, or when the sum scores do not vary."""
    data = _complete(matrix)
    n, k = data.shape
    if k < 2 or n < 2:
        return float("nan")
    total_variance = data.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return float("nan")
    item_variances = data.var(axis=0, ddof=1).sum()
    return float(k / (k - 1) * (1 - item_variances / total_variance))


def item_rest_correlations(matrix: Any) -> np.ndarray:
    """For each item, the correlation with the sum of the other items (complete rows only)."""
    data = _complete(matrix)
    n, k = data.shape
    out = np.full(k, np.nan)
    if n < 3 or k < 2:
        return out
    totals = data.sum(axis=1)
    for j in range(k):
        item, rest = data[:, j], totals - data[:, j]
        if item.std() == 0 or rest.std() == 0:
            continue
        out[j] = float(np.corrcoef(item, rest)[0, 1])
    return out


@dataclass
class ReliabilityReport:
    """Alpha per dimension and item–rest correlation per item, for one perspective."""

    dimensions: pd.DataFrame
    items: pd.DataFrame
    perspective: str
    respondents: int

    def table(self, instrument: Any, *, language: str | None = None) -> ui.HTMLBlock:
        """An HTML table for the trainer: dimension, items, complete answers, alpha, weakest item."""

        def t(key: str, **kw: Any) -> str:
            return i18n.t(f"assessment.reliability.{key}", language=language, **kw)

        def number(value: float) -> str:
            return "–" if np.isnan(value) else i18n.format_number(value, decimals=2, language=language)

        rows = []
        for row in self.dimensions.itertuples(index=False):
            items = self.items[self.items["dimension"] == row.dimension].dropna(subset=["item_rest"])
            weakest = "–"
            if len(items):
                low = items.loc[items["item_rest"].idxmin()]
                weakest = f"{low['item']} ({number(low['item_rest'])})"
            rows.append(
                [
                    instrument.dimension_label(row.dimension, language),
                    row.k,
                    row.n,
                    number(row.alpha),
                    weakest,
                ]
            )
        columns = [
            i18n.t("assessment.profile.dimension", language=language),
            t("items"),
            t("complete"),
            t("alpha"),
            t("weakest"),
        ]
        perspective = instrument.perspective_label(self.perspective, language).lower()
        return ui.table(columns, rows, caption=t("caption", perspective=perspective, n=self.respondents))


def reliability(resp: Responses, *, perspective: str | None = None) -> ReliabilityReport:
    """Cronbach's alpha per dimension and item–rest correlations per item on a response matrix."""
    inst = resp.instrument
    perspective = perspective or inst.perspective_ids[0]
    dim_rows, item_rows = [], []
    for dim in inst.dimensions:
        block = resp.values[:, resp.columns(dim.id, perspective)]
        complete = _complete(block)
        dim_rows.append(
            {"dimension": dim.id, "k": len(dim.items), "n": len(complete), "alpha": cronbach_alpha(block)}
        )
        for item, r in zip(dim.items, item_rest_correlations(block)):
            item_rows.append({"dimension": dim.id, "item": item.id, "item_rest": r})
    return ReliabilityReport(pd.DataFrame(dim_rows), pd.DataFrame(item_rows), perspective, len(resp))
