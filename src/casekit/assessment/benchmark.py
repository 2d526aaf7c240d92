"""Benchmarks: a municipality against its county, its size-class peers, its Digi-network and the cohort.

A benchmark shows where a municipality lies in a distribution (percentiles, quartiles and the anonymous
means of the other municipalities), never a ranked list of names. Every group result passes the privacy
rules of :mod:`casekit.assessment.privacy`: small groups are hidden, and further cells are hidden so that
no hidden group can be computed by subtracting the ones that are shown.

    >>> bench = build_benchmark(scores, "maturity", perspective="today")
    >>> bench.for_municipality("4228")          # one row per group and dimension
    >>> bench.table()                             # municipality × dimension, for the trainer's heatmap
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import i18n, municipalities
from .model import Instrument, load_instrument
from .privacy import DEFAULT_MIN_GROUP_SIZE, Suppression, check_min_group_size, safe_group, suppress
from .scoring import item_distribution, profile

#: The comparison groups, most local first.
GROUPS = ("county", "size", "network", "cohort")
#: A percentile needs at least this many other municipalities with a shown result.
MIN_PEERS_FOR_PERCENTILE = 3
ALL = "all"


def municipality_groups(numbers: list[str]) -> pd.DataFrame:
    """County, size class and Digi-network of each municipality number (unknown numbers get NA)."""
    reg = municipalities.register().set_index("kommunenummer")
    frame = pd.DataFrame({"municipality": pd.array(numbers, dtype="string")})
    for col, source in (("county", "county_number"), ("size", "size_class"), ("network", "network")):
        frame[col] = pd.array(frame["municipality"].map(reg[source]), dtype="string")
    frame["cohort"] = ALL
    return frame


def group_label(kind: str, group: str, language: str | None = None) -> str:
    """``Agder``, ``svært liten (under 2 000 innbyggere)``, ``Digi Agder`` or ``kullet``."""
    if kind == "county":
        found = municipalities.counties().set_index("county_number")
        return str(found.loc[group, "county_name"]) if group in found.index else str(group)
    if kind == "size":
        return i18n.t(f"municipalities.size.{group}", language=language)
    if kind == "cohort":
        return i18n.t("assessment.group.cohort", language=language)
    return str(group)


@dataclass
class CohortTable:
    """Municipality × dimension means with the cells privacy hides, and the cohort row."""

    means: pd.DataFrame
    n: pd.DataFrame
    hidden: pd.DataFrame
    total: pd.Series
    total_n: pd.Series
    total_hidden: pd.Series
    row_labels: list[str]
    column_labels: list[str]
    perspective: str
    min_group_size: int
    rows: str = "municipality"  # or "county": one row per county, for cohorts too large to list

    def shown(self) -> pd.DataFrame:
        """The means as published: hidden cells are NaN."""
        return self.means.mask(self.hidden)


@dataclass
class Benchmark:
    """Benchmarks for one instrument and perspective, computed once for the whole data set."""

    instrument: Instrument
    perspective: str
    min_group_size: int
    scores: pd.DataFrame
    cells: pd.DataFrame
    groups: pd.DataFrame
    group_stats: pd.DataFrame
    suppression: dict[str, Suppression] = field(default_factory=dict)
    _cells: dict[tuple[str, str], tuple[int, float]] = field(default_factory=dict, repr=False)
    _members: dict[tuple[str, str], list[str]] = field(default_factory=dict, repr=False)
    _shown: dict[tuple[str, str, str], np.ndarray] = field(default_factory=dict, repr=False)
    _stats: dict[tuple[str, str, str], dict[str, float]] = field(default_factory=dict, repr=False)
    _labels: dict[tuple[str, str, str | None], str] = field(default_factory=dict, repr=False)
    _group_of: dict[str, dict[str, str | None]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._stats = {
            (str(kind), str(group), str(dim)): row
            for (kind, group, dim), row in zip(self.group_stats.index, self.group_stats.to_dict("records"))
        }
        self._cells = {
            (str(m), str(d)): (int(n), float(mean))
            for (m, d), n, mean in zip(self.cells.index, self.cells["n"], self.cells["mean"])
        }
        for row in self.groups.to_dict("records"):
            number = str(row["municipality"])
            self._group_of[number] = {k: None if pd.isna(row[k]) else str(row[k]) for k in GROUPS}
            for kind in GROUPS:
                if self._group_of[number][kind] is not None:
                    self._members.setdefault((kind, self._group_of[number][kind]), []).append(number)
        for (kind, group), members in self._members.items():
            for dim in self.dimensions:
                sup = self.suppression.get(dim)
                values = [
                    self._cells[(m, dim)][1]
                    for m in members
                    if (m, dim) in self._cells and (sup is None or sup.shows(m))
                ]
                self._shown[(kind, group, dim)] = np.sort(np.asarray(values, dtype=float))

    @property
    def dimensions(self) -> list[str]:
        return [d.id for d in self.instrument.dimensions]

    def cell(self, municipality: str, dimension: str) -> tuple[int, float]:
        return self._cells.get((municipality, dimension), (0, np.nan))

    def for_municipality(self, municipality: str, *, language: str | None = None) -> pd.DataFrame:
        """One row per group and dimension: the group's n, municipalities, mean and quartiles, the
        municipality's own mean and its percentile among the other shown municipalities of the group, and
        ``shown``/``reason`` from the privacy rules (a hidden group has NaN statistics)."""
        number = municipalities.get(municipality).number
        mine = self._groups_of(number)
        language = i18n.check_language(language or i18n.get_language())
        dim_labels = {d.id: i18n.text(d.label, language) for d in self.instrument.dimensions}
        rows = []
        for kind in GROUPS:
            group = mine[kind]
            if group is None:
                continue
            if (kind, group, language) not in self._labels:
                self._labels[(kind, group, language)] = group_label(kind, group, language)
            label = self._labels[(kind, group, language)]
            for dim in self.dimensions:
                rows.append(self._row(number, kind, str(group), label, dim, dim_labels[dim]))
        return pd.DataFrame(rows)

    def _groups_of(self, number: str) -> dict[str, str | None]:
        if number not in self._group_of:
            row = municipality_groups([number]).iloc[0]
            self._group_of[number] = {kind: None if pd.isna(row[kind]) else str(row[kind]) for kind in GROUPS}
        return self._group_of[number]

    def _row(
        self, number: str, kind: str, group: str, label: str, dim: str, dim_label: str
    ) -> dict[str, Any]:
        own_n, own_mean = self.cell(number, dim)
        key = (kind, group, dim)
        stats = self._stats.get(key)
        n_group = int(stats["n"]) if stats is not None else 0
        reason = safe_group(n_group, own_n, self.min_group_size)
        sup = self.suppression.get(dim)
        if reason is None and sup is not None and not sup.shows_total(kind, group):
            reason = "subtraction"
        values = self._shown.get(key, np.empty(0))
        own_shown = bool(own_n) and (sup is None or sup.shows(number)) and not np.isnan(own_mean)
        others = len(values) - (1 if own_shown else 0)
        percentile = np.nan
        if reason is None and others >= MIN_PEERS_FOR_PERCENTILE and not np.isnan(own_mean):
            below = int(np.searchsorted(values, own_mean, side="left"))
            equal = int(np.searchsorted(values, own_mean, side="right")) - below - (1 if own_shown else 0)
            percentile = 100 * (below + 0.5 * equal) / others
        shown = reason is None
        return {
            "group": kind,
            "group_id": group,
            "group_label": label,
            "dimension": dim,
            "label": dim_label,
            "n": n_group if shown else np.nan,
            "municipalities": others + (1 if own_n else 0) if shown else np.nan,
            "mean": float(stats["mean"]) if shown else np.nan,
            "p25": float(stats["p25"]) if shown else np.nan,
            "median": float(stats["median"]) if shown else np.nan,
            "p75": float(stats["p75"]) if shown else np.nan,
            "own": own_mean,
            "own_n": own_n,
            "percentile": percentile,
            "shown": shown,
            "reason": reason or "",
        }

    def distribution(self, municipality: str, group: str = "cohort") -> pd.DataFrame:
        """The means of the *other* municipalities in one of the municipality's groups whose cells are
        shown, without names (dimension, value), plus the municipality's own mean (own=True)."""
        number = municipalities.get(municipality).number
        target = self._groups_of(number)[group]
        members = self._members.get((group, str(target)), [])
        rows = []
        for dim in self.dimensions:
            sup = self.suppression.get(dim)
            for other in members:
                n, mean = self.cell(other, dim)
                if not n or np.isnan(mean):
                    continue
                if other == number:
                    rows.append({"dimension": dim, "value": mean, "own": True})
                elif sup is not None and sup.shows(other):
                    rows.append({"dimension": dim, "value": mean, "own": False})
        frame = pd.DataFrame(rows, columns=["dimension", "value", "own"])
        # Sorted by value inside each dimension, so the order says nothing about which municipality is which.
        order = {d: i for i, d in enumerate(self.dimensions)}
        frame["_o"] = frame["dimension"].map(order)
        return frame.sort_values(["_o", "value"], kind="stable").drop(columns="_o").reset_index(drop=True)

    @property
    def municipalities(self) -> int:
        return int(self.groups["municipality"].nunique())

    def table(self, *, rows: str = "municipality", language: str | None = None) -> CohortTable:
        """Municipality × dimension means for the cohort heatmap, with hidden cells and the cohort row.

        ``rows="county"`` gives one row per county instead, from the county groups' own statistics and
        under the same privacy rules as every other group result."""
        if rows == "county":
            means, counts, hidden, labels = self._county_rows()
        elif rows == "municipality":
            means, counts, hidden, labels = self._municipality_rows()
        else:
            raise ValueError(f"rows must be 'municipality' or 'county', not {rows!r}")
        dims = self.dimensions
        total = pd.Series(np.nan, index=dims)
        total_n = pd.Series(0, index=dims)
        total_hidden = pd.Series(False, index=dims)
        for dim in dims:
            stats = self._stats.get(("cohort", ALL, dim))
            if stats is not None:
                total.loc[dim] = float(stats["mean"])
                total_n.loc[dim] = int(stats["n"])
            total_hidden.loc[dim] = bool(
                total_n.loc[dim] < self.min_group_size or not self.suppression[dim].shows_total("cohort", ALL)
            )
        return CohortTable(
            means=means,
            n=counts,
            hidden=hidden,
            total=total,
            total_n=total_n,
            total_hidden=total_hidden,
            row_labels=labels,
            column_labels=[self.instrument.dimension_label(d, language) for d in dims],
            perspective=self.perspective,
            min_group_size=self.min_group_size,
            rows=rows,
        )

    def _municipality_rows(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
        numbers = sorted(self.groups["municipality"].dropna().tolist())
        dims = self.dimensions
        means = self.cells["mean"].unstack().reindex(index=numbers, columns=dims).astype(float)
        counts = self.cells["n"].unstack().reindex(index=numbers, columns=dims).fillna(0).astype(int)
        hidden = pd.DataFrame(
            {dim: [not self.suppression[dim].shows(m) for m in numbers] for dim in dims}, index=numbers
        )
        labels = []
        for number in numbers:
            try:
                labels.append(municipalities.get(number).display_name())
            except Exception:
                labels.append(number)
        return means, counts, hidden, labels

    def _county_rows(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
        counties = sorted(self.groups["county"].dropna().unique().tolist())
        dims = self.dimensions
        means = pd.DataFrame(np.nan, index=counties, columns=dims)
        counts = pd.DataFrame(0, index=counties, columns=dims)
        hidden = pd.DataFrame(False, index=counties, columns=dims)
        for county in counties:
            for dim in dims:
                stats = self._stats.get(("county", county, dim))
                n = int(stats["n"]) if stats is not None else 0
                counts.loc[county, dim] = n
                means.loc[county, dim] = float(stats["mean"]) if stats is not None else np.nan
                hidden.loc[county, dim] = bool(
                    n
                    and (
                        safe_group(n, 0, self.min_group_size) is not None
                        or not self.suppression[dim].shows_total("county", county)
                    )
                )
        return means, counts, hidden, [group_label("county", c) for c in counties]


def build_benchmark(
    scores: pd.DataFrame,
    instrument: str | Instrument,
    *,
    perspective: str | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Benchmark:
    """Compute municipality means, group statistics and privacy suppression for one perspective."""
    inst = load_instrument(instrument)
    k = check_min_group_size(min_group_size)
    if perspective is None:
        gap = inst.gap_perspectives()
        perspective = gap[0] if gap else inst.perspective_ids[0]
    part = scores[(scores["perspective"] == perspective)].dropna(subset=["score"])
    part = part[["respondent", "municipality", "dimension", "score"]].copy()
    part["municipality"] = part["municipality"].astype("string")
    part["score"] = part["score"].astype("float64")  # an empty store must give an empty benchmark
    numbers = sorted(part["municipality"].dropna().unique().tolist())
    groups = municipality_groups(numbers)
    cells = part.dropna(subset=["municipality"]).groupby(["municipality", "dimension"], observed=True)[
        "score"
    ]
    cells = cells.agg(n="count", mean="mean")
    joined = part.merge(groups, on="municipality", how="left")
    joined["cohort"] = ALL
    stat_frames = []
    for kind in GROUPS:
        grouped = joined.dropna(subset=[kind]).groupby([kind, "dimension"], observed=True)["score"]
        stats = grouped.agg(n="count", mean="mean")
        quantiles = (
            grouped.quantile([0.25, 0.5, 0.75]).unstack()
            if len(joined)
            else pd.DataFrame(columns=[0.25, 0.5, 0.75], dtype="float64")
        )
        stats["p25"], stats["median"], stats["p75"] = quantiles[0.25], quantiles[0.5], quantiles[0.75]
        stats = stats.reset_index().rename(columns={kind: "group"})
        stats.insert(0, "kind", kind)
        stat_frames.append(stats)
    group_stats = pd.concat(stat_frames, ignore_index=True).set_index(["kind", "group", "dimension"])
    groupings = {kind: dict(zip(groups["municipality"], groups[kind])) for kind in GROUPS}
    groupings = {
        kind: {m: g for m, g in mapping.items() if not pd.isna(g)} for kind, mapping in groupings.items()
    }
    n_by_cell = {(str(m), str(d)): int(n) for (m, d), n in cells["n"].items()}
    suppression = {}
    for dim in [d.id for d in inst.dimensions]:
        counts = {m: n_by_cell.get((m, dim), 0) for m in numbers}
        suppression[dim] = suppress(counts, groupings, k)
    return Benchmark(inst, perspective, k, part, cells, groups, group_stats, suppression)


def compare(
    scores: pd.DataFrame,
    municipality: str,
    instrument: str | Instrument,
    *,
    perspective: str | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    language: str | None = None,
) -> pd.DataFrame:
    """Shortcut: :func:`build_benchmark` and then :meth:`Benchmark.for_municipality`."""
    built = build_benchmark(scores, instrument, perspective=perspective, min_group_size=min_group_size)
    return built.for_municipality(municipality, language=language)


def cohort_profile(
    scores: pd.DataFrame,
    instrument: str | Instrument,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    language: str | None = None,
) -> pd.DataFrame:
    """The profile of everyone in ``scores`` (for the faint benchmark behind a dumbbell), with the values
    of a dimension set to NaN when fewer than ``min_group_size`` respondents have a score."""
    k = check_min_group_size(min_group_size)
    inst = load_instrument(instrument)
    out = profile(scores, inst, language=language)
    small = out["n"] < k
    for col in [*inst.perspective_ids, *(["gap"] if "gap" in out.columns else [])]:
        out.loc[small, col] = np.nan
    return out


def answer_distribution(
    resp: Any, perspective: str, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE, dimension: str | None = None
) -> pd.DataFrame | None:
    """Per-item answer counts for a group, or None when the group has fewer than ``min_group_size``
    respondents (the distribution of a small group would show individual answers)."""
    k = check_min_group_size(min_group_size)
    if len(resp) < k:
        return None
    return item_distribution(resp, perspective, dimension=dimension)
