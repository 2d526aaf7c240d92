"""From answers to scores: the response matrix, dimension scores, gaps, agreement and uncertainty.

* A **dimension score** is the mean of a respondent's numeric answers in a dimension. It is computed only
  when at least 2/3 (configurable) of the dimension's relevant items were answered. "Don't know" counts as
  not answered; "not relevant" removes the item from that respondent's dimension.
* The **gap** is the difference between two perspectives: ambition − today, or required − current.
* **Agreement** inside a group (standard deviation and range) is a prompt for discussion, not a result.
* **Bootstrap confidence intervals** show how uncertain a small group's mean is.

All functions are pure functions over pandas/numpy; the store is only read by the ``*_from_store`` helpers.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from .. import i18n, municipalities
from ..errors import AnswerError
from ..store import Store, open_store
from .model import Instrument, load_instrument

#: A dimension score needs at least this share of its relevant items answered.
TWO_THIRDS = Fraction(2, 3)
META_COLUMNS = ["respondent", "municipality", "role"]
MAX_REPORTED = 5


# --- the response matrix ------------------------------------------------------------------------------------


@dataclass
class Responses:
    """One row per respondent and one column per answer key (``<item>.<perspective>``).

    ``values`` holds numeric answers (NaN where there is none) and ``options`` the index of a non-numeric
    answer in the bank's options (−1 where there is none). ``dont_know`` marks options that count as
    unanswered and ``excluded`` marks "not relevant".
    """

    instrument: Instrument
    meta: pd.DataFrame
    values: np.ndarray
    options: np.ndarray
    keys: list[str]

    def _option_mask(self, counts_as: str) -> np.ndarray:
        wanted = [i for i, o in enumerate(self.instrument.scale.options) if o.counts_as == counts_as]
        return np.isin(self.options, wanted)

    @property
    def dont_know(self) -> np.ndarray:
        return self._option_mask("unanswered")

    @property
    def excluded(self) -> np.ndarray:
        return self._option_mask("excluded")

    def __len__(self) -> int:
        return len(self.meta)

    def columns(self, dimension: str, perspective: str) -> list[int]:
        position = {k: i for i, k in enumerate(self.keys)}
        return [position[f"{item.id}.{perspective}"] for item in self.instrument.dimension(dimension).items]

    def subset(self, mask: Any) -> Responses:
        mask = np.asarray(mask, dtype=bool)
        return Responses(
            self.instrument,
            self.meta[mask].reset_index(drop=True),
            self.values[mask],
            self.options[mask],
            self.keys,
        )


def responses(answers: pd.DataFrame, instrument: str | Instrument) -> Responses:
    """Build the response matrix from tidy answers (the shape of ``Store.answers()``: one row per answer
    with ``respondent``, ``municipality``, ``role``, ``item`` and ``value``).

    Rows of other instruments are ignored. When a respondent has several rows for one item, the last one
    (by ``submission_id`` when present) counts. An unknown item or a value that is neither on the scale nor
    one of the bank's options raises AnswerError naming the respondent, item and value.
    """
    inst = load_instrument(instrument)
    keys = inst.answer_keys()
    frame = answers
    if "instrument" in frame.columns:
        frame = frame[frame["instrument"].astype("string") == inst.id]
    if "submission_id" in frame.columns and len(frame):
        frame = frame.sort_values("submission_id", kind="stable")
    frame = frame.drop_duplicates(["respondent", "item"], keep="last")
    respondent_ids = sorted(frame["respondent"].astype(str).unique())
    n, k = len(respondent_ids), len(keys)
    values = np.full((n, k), np.nan)
    options = np.full((n, k), -1, dtype=np.int8)
    meta = _meta(frame, respondent_ids)
    if not len(frame):
        return Responses(inst, meta, values, options, keys)

    rows = pd.Index(respondent_ids).get_indexer(frame["respondent"].astype(str))
    cols = pd.Index(keys).get_indexer(frame["item"].astype(str))
    if (cols < 0).any():
        bad = frame[cols < 0]
        raise AnswerError(
            "assessment.error.answer_key",
            instrument=inst.id,
            version=inst.version,
            examples=_examples(bad["respondent"], bad["item"]),
            count=int((cols < 0).sum()),
        )
    raw = frame["value"].to_numpy(dtype=object)
    is_missing = np.array([v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA for v in raw])
    is_bool = np.array([isinstance(v, bool | np.bool_) for v in raw])
    as_text = np.array([v if isinstance(v, str) else "" for v in raw], dtype=object)
    numbers = pd.to_numeric(
        pd.Series(np.where(is_bool | is_missing, None, raw), dtype=object), errors="coerce"
    )
    numbers = numbers.to_numpy(dtype=float)
    codes = [o.code for o in inst.scale.options]
    option_index = pd.Index(codes).get_indexer(as_text) if codes else np.full(len(raw), -1)
    is_option = option_index >= 0
    on_scale = (
        ~np.isnan(numbers)
        & (numbers == np.round(numbers))
        & (numbers >= inst.scale.min)
        & (numbers <= inst.scale.max)
    )
    valid = is_missing | is_option | (on_scale & ~is_bool)
    if not valid.all():
        bad = frame[~valid]
        allowed = f"{inst.scale.min}–{inst.scale.max}, " + ", ".join(o.code for o in inst.scale.options)
        raise AnswerError(
            "assessment.error.answer_value",
            instrument=inst.id,
            examples=_examples(bad["respondent"], bad["item"], bad["value"]),
            count=int((~valid).sum()),
            allowed=allowed,
        )
    numeric = on_scale & ~is_bool
    values[rows[numeric], cols[numeric]] = numbers[numeric]
    options[rows[is_option], cols[is_option]] = option_index[is_option]
    return Responses(inst, meta, values, options, keys)


def _meta(frame: pd.DataFrame, respondent_ids: list[str]) -> pd.DataFrame:
    meta = pd.DataFrame({"respondent": pd.array(respondent_ids, dtype="string")})
    for col in ("municipality", "role"):
        if col in frame.columns and len(frame):
            latest = frame.dropna(subset=[col]).groupby(frame["respondent"].astype(str))[col].last()
            meta[col] = pd.array(meta["respondent"].map(latest), dtype="string")
        else:
            meta[col] = pd.array([pd.NA] * len(meta), dtype="string")
    return meta


def _examples(*columns: pd.Series) -> str:
    rows = list(zip(*(c.tolist() for c in columns)))[:MAX_REPORTED]
    return "; ".join(" / ".join(str(v) for v in row) for row in rows)


def responses_from_store(
    store: Store | str | None, instrument: str | Instrument, *, municipality: str | None = None
) -> Responses:
    """The latest final answers of every respondent (optionally one municipality) as a response matrix."""
    inst = load_instrument(instrument)
    number = municipalities.get(municipality).number if municipality else None
    return responses(open_store(store).answers(inst.id, municipality=number, status="final"), inst)


def responses_from_answers(
    answers: Mapping[str, Any],
    instrument: str | Instrument,
    *,
    respondent: str = "me",
    municipality: str | None = None,
    role: str | None = None,
) -> Responses:
    """One respondent's answers (a dict of answer key → value) as a response matrix."""
    rows = [
        {"respondent": respondent, "municipality": municipality, "role": role, "item": k, "value": v}
        for k, v in answers.items()
    ]
    frame = pd.DataFrame(rows, columns=[*META_COLUMNS, "item", "value"])
    return responses(frame, instrument)


# --- scores -------------------------------------------------------------------------------------------------


def threshold_fraction(value: Fraction | float | str) -> Fraction:
    """A share as an exact fraction: ``2/3``, ``"2/3"``, ``0.5`` or ``1``. Must be in (0, 1]."""
    try:
        frac = Fraction(value).limit_denominator(1000) if not isinstance(value, Fraction) else value
    except (TypeError, ValueError, ZeroDivisionError):
        raise AnswerError("assessment.error.threshold", value=str(value)) from None
    if not 0 < frac <= 1:
        raise AnswerError("assessment.error.threshold", value=str(value))
    return frac


def score(resp: Responses, *, threshold: Fraction | float | str = TWO_THIRDS) -> pd.DataFrame:
    """Dimension scores per respondent and perspective, in long form.

    Columns: respondent, municipality, role, dimension, perspective, score (NaN when the rule is not met),
    answered (numeric answers), relevant (items not marked "not relevant") and items.
    """
    frac = threshold_fraction(threshold)
    inst = resp.instrument
    n = len(resp)
    excluded = resp.excluded
    blocks = []
    for dim in inst.dimensions:
        for persp in inst.perspective_ids:
            cols = resp.columns(dim.id, persp)
            block = resp.values[:, cols]
            answered_mask = ~np.isnan(block)
            answered = answered_mask.sum(axis=1)
            relevant = len(cols) - excluded[:, cols].sum(axis=1)
            enough = (
                (relevant > 0) & (answered * frac.denominator >= frac.numerator * relevant) & (answered > 0)
            )
            total = np.where(answered_mask, block, 0.0).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(enough, total / np.maximum(answered, 1), np.nan)
            blocks.append(
                pd.DataFrame(
                    {
                        "respondent": resp.meta["respondent"].to_numpy(),
                        "municipality": resp.meta["municipality"].to_numpy(),
                        "role": resp.meta["role"].to_numpy(),
                        "dimension": np.repeat(dim.id, n),
                        "perspective": np.repeat(persp, n),
                        "score": value,
                        "answered": answered,
                        "relevant": relevant,
                        "items": np.repeat(len(cols), n),
                    }
                )
            )
    if not blocks or n == 0:
        return pd.DataFrame(
            columns=[*META_COLUMNS, "dimension", "perspective", "score", "answered", "relevant", "items"]
        )
    out = pd.concat(blocks, ignore_index=True)
    for col in ("respondent", "municipality", "role", "dimension", "perspective"):
        out[col] = out[col].astype("string")
    return out


def wide(scores: pd.DataFrame, perspective: str) -> pd.DataFrame:
    """Scores of one perspective as respondent × dimension."""
    part = scores[scores["perspective"] == perspective]
    table = part.pivot_table(index="respondent", columns="dimension", values="score", aggfunc="first")
    order = list(dict.fromkeys(part["dimension"].tolist()))
    return table.reindex(columns=order)


def profile(
    scores: pd.DataFrame, instrument: str | Instrument, *, language: str | None = None
) -> pd.DataFrame:
    """Mean score per dimension for the respondents in ``scores``: one row per dimension with columns
    dimension, label, one column per perspective, gap (when the bank defines one) and n."""
    inst = load_instrument(instrument)
    perspectives = inst.perspective_ids
    gap = inst.gap_perspectives()
    count_on = gap[0] if gap else perspectives[0]
    rows = []
    for dim in inst.dimensions:
        row: dict[str, Any] = {"dimension": dim.id, "label": i18n.text(dim.label, language)}
        part = scores[scores["dimension"] == dim.id]
        for persp in perspectives:
            values = part.loc[part["perspective"] == persp, "score"].dropna()
            row[persp] = float(values.mean()) if len(values) else np.nan
        if gap:
            row["gap"] = row[gap[1]] - row[gap[0]]
        counted = part.loc[part["perspective"] == count_on, "score"].dropna()
        row["n"] = len(counted)
        rows.append(row)
    columns = ["dimension", "label", *perspectives, *(["gap"] if gap else []), "n"]
    out = pd.DataFrame(rows, columns=columns)
    out["n"] = out["n"].astype(int)
    return out


def municipality_profile(
    store: Store | str | None,
    municipality: str,
    instrument: str | Instrument = "maturity",
    *,
    language: str | None = None,
) -> pd.DataFrame:
    """A municipality's profile from the latest final submissions of its respondents: one row per
    dimension with dimension, label, today, ambition, gap (ambition − today) and n (respondents with a
    score). This is the leader group's own result; benchmarks against others go through privacy checks."""
    inst = load_instrument(instrument)
    resp = responses_from_store(store, inst, municipality=municipality)
    return profile(score(resp), inst, language=language)


def competence_gaps(
    store: Store | str | None, municipality: str, *, language: str | None = None
) -> pd.DataFrame:
    """Per respondent and competence area: required and current level and the gap (required − current,
    positive = needs development), from the municipality's latest final competence submissions."""
    inst = load_instrument("competence")
    resp = responses_from_store(store, inst, municipality=municipality)
    return gaps_table(score(resp), inst, language=language)


def gaps_table(
    scores: pd.DataFrame, instrument: str | Instrument, *, language: str | None = None
) -> pd.DataFrame:
    """Person × area gaps (long form) for an instrument with a gap: respondent, area, label, the two
    perspectives and gap (to − from)."""
    inst = load_instrument(instrument)
    gap = inst.gap_perspectives()
    if gap is None:
        raise AnswerError("assessment.error.no_gap", instrument=inst.id)
    low, high = gap
    if scores.empty:
        return pd.DataFrame(columns=["respondent", "area", "label", high, low, "gap"])
    table = scores.pivot_table(
        index=["respondent", "dimension"],
        columns="perspective",
        values="score",
        aggfunc="first",
        dropna=False,
    ).reset_index()
    order = {d.id: i for i, d in enumerate(inst.dimensions)}
    table["_order"] = table["dimension"].map(order)
    table = table.sort_values(["respondent", "_order"], kind="stable")
    out = pd.DataFrame(
        {
            "respondent": table["respondent"].astype("string").to_numpy(),
            "area": table["dimension"].astype("string").to_numpy(),
            "label": [inst.dimension_label(d, language) for d in table["dimension"]],
            high: table.get(high, pd.Series(np.nan, index=table.index)).astype(float).to_numpy(),
            low: table.get(low, pd.Series(np.nan, index=table.index)).astype(float).to_numpy(),
        }
    )
    out["gap"] = out[high] - out[low]
    return out.reset_index(drop=True)


# --- agreement and uncertainty -----------------------------------------------------------------------------


def agreement(
    scores: pd.DataFrame,
    *,
    by: str = "municipality",
    perspective: str | None = None,
    sd_threshold: float = 1.0,
    range_threshold: float = 2.0,
) -> pd.DataFrame:
    """Spread of dimension scores inside each group: n, mean, sd (n − 1), min, max, range, and ``discuss``
    when the spread is wide enough to talk about (sd ≥ ``sd_threshold`` or range ≥ ``range_threshold``)."""
    part = scores.dropna(subset=["score"])
    if perspective is not None:
        part = part[part["perspective"] == perspective]
    grouped = part.groupby([by, "dimension", "perspective"], sort=False, observed=True)["score"]
    out = grouped.agg(n="count", mean="mean", sd="std", min="min", max="max").reset_index()
    out["range"] = out["max"] - out["min"]
    out["discuss"] = (out["n"] >= 2) & ((out["sd"] >= sd_threshold) | (out["range"] >= range_threshold))
    return out


def agreement_prompts(
    spread: pd.DataFrame, instrument: str | Instrument, *, language: str | None = None, limit: int = 3
) -> list[str]:
    """Discussion prompts for the dimensions where a group disagrees most (never a verdict)."""
    inst = load_instrument(instrument)
    wide_spread = spread[spread["discuss"]].sort_values(["range", "sd"], ascending=False).head(limit)
    if wide_spread.empty:
        return [i18n.t("assessment.agreement.none", language=language)]
    prompts = []
    for row in wide_spread.itertuples(index=False):
        prompts.append(
            i18n.t(
                "assessment.agreement.prompt",
                language=language,
                dimension=inst.dimension_label(row.dimension, language),
                perspective=inst.perspective_label(row.perspective, language).lower(),
                low=i18n.format_number(row.min, decimals=1, language=language),
                high=i18n.format_number(row.max, decimals=1, language=language),
                sd=i18n.format_number(row.sd, decimals=1, language=language),
            )
        )
    return prompts


def bootstrap_ci(
    values: Any, *, confidence: float = 0.95, n_boot: int = 2000, seed: int | list[int] = 0
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval for the mean. NaNs are dropped; fewer than two values give
    (NaN, NaN). The same seed gives the same interval."""
    data = np.asarray(values, dtype=float)
    data = data[~np.isnan(data)]
    if len(data) < 2:
        return (np.nan, np.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(data), size=(n_boot, len(data)))
    means = data[draws].mean(axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return (float(low), float(high))


def group_means(
    scores: pd.DataFrame,
    *,
    by: str = "municipality",
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean per group, dimension and perspective with n and a bootstrap interval (ci_low, ci_high). Each
    group's interval depends only on the seed and the group's own data."""
    part = scores.dropna(subset=["score"])
    rows = []
    for (group, dim, persp), values in part.groupby(
        [by, "dimension", "perspective"], sort=True, observed=True
    )["score"]:
        key = zlib.crc32(f"{group}|{dim}|{persp}".encode())
        low, high = bootstrap_ci(values.to_numpy(), confidence=confidence, n_boot=n_boot, seed=[seed, key])
        rows.append(
            {
                by: group,
                "dimension": dim,
                "perspective": persp,
                "n": len(values),
                "mean": float(values.mean()),
                "ci_low": low,
                "ci_high": high,
            }
        )
    return pd.DataFrame(rows, columns=[by, "dimension", "perspective", "n", "mean", "ci_low", "ci_high"])


def item_distribution(resp: Responses, perspective: str, *, dimension: str | None = None) -> pd.DataFrame:
    """Counts per item of each level and of each non-numeric option, with n (respondents who saw it)."""
    inst = resp.instrument
    rows = []
    for dim in inst.dimensions:
        if dimension is not None and dim.id != dimension:
            continue
        for item, col in zip(dim.items, resp.columns(dim.id, perspective)):
            values = resp.values[:, col]
            row: dict[str, Any] = {"item": item.id, "dimension": dim.id}
            for level in inst.scale.levels:
                row[str(level)] = int((values == level).sum())
            for index, option in enumerate(inst.scale.options):
                row[option.code] = int((resp.options[:, col] == index).sum())
            row["n"] = int(sum(row[str(level)] for level in inst.scale.levels)) + sum(
                row[o.code] for o in inst.scale.options
            )
            rows.append(row)
    return pd.DataFrame(rows)
