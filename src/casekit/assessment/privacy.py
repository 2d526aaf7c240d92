"""Privacy of group results: a minimum group size and complementary suppression.

A group result (a municipality, a county, a size class) is shown only when at least ``min_group_size``
people answered. The default is 5 and the floor is 3.

Hiding small groups is not enough when totals are shown too: a county mean minus the shown municipalities
gives away the one that was hidden. :func:`suppress` therefore hides further cells (the smallest first)
until, in every published group, the hidden cells together stay safe even for a reader who knows one of
them (every municipality knows its own result): for each hidden cell, the other hidden cells of the group
must add up to at least ``min_group_size`` respondents. When that cannot be reached, the group's total is
withheld instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from ..privacy import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, check_min_group_size

__all__ = [
    "DEFAULT_MIN_GROUP_SIZE",
    "MIN_GROUP_SIZE_FLOOR",
    "Suppression",
    "check_min_group_size",
    "safe_group",
    "suppress",
]


@dataclass(frozen=True)
class Suppression:
    """Which cells and which group totals may not be shown."""

    hidden: frozenset[Hashable]
    primary: frozenset[Hashable]
    hidden_totals: frozenset[tuple[str, Hashable]] = field(default_factory=frozenset)

    @property
    def complementary(self) -> frozenset[Hashable]:
        return self.hidden - self.primary

    def shows(self, cell: Hashable) -> bool:
        return cell not in self.hidden

    def shows_total(self, grouping: str, group: Hashable) -> bool:
        return (grouping, group) not in self.hidden_totals


def _safe(hidden_counts: list[int], min_group_size: int) -> bool:
    """Hidden cells are safe when, leaving out any one of them, the rest still has enough respondents."""
    if not hidden_counts:
        return True
    return sum(hidden_counts) - max(hidden_counts) >= min_group_size


def suppress(
    counts: Mapping[Hashable, int],
    groupings: Mapping[str, Mapping[Hashable, Hashable]] | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Suppression:
    """Primary and complementary suppression of cells whose totals are published per group.

    ``counts`` maps each cell (say a municipality) to its number of respondents. ``groupings`` maps a
    grouping name (``county``, ``cohort``...) to each cell's group; every group's total is assumed to be
    published. Cells with 0 < n < min_group_size are hidden (primary); then, group by group, the smallest
    shown cells are hidden too until the hidden cells are safe against subtraction. Groups too small to be
    shown, or whose hidden cells cannot be made safe, are listed in ``hidden_totals``.
    """
    k = check_min_group_size(min_group_size)
    groupings = groupings if groupings is not None else {"total": dict.fromkeys(counts, "all")}
    primary = {c for c, n in counts.items() if 0 < n < k}
    hidden = set(primary)
    hidden_totals: set[tuple[str, Hashable]] = set()
    members: dict[tuple[str, Hashable], list[Hashable]] = {}
    for name, mapping in groupings.items():
        for cell, group in mapping.items():
            if cell in counts:
                members.setdefault((name, group), []).append(cell)
    changed = True
    while changed:
        changed = _protect_cells(counts, members, hidden, hidden_totals, k)
        changed = _protect_totals(counts, groupings, members, hidden, hidden_totals, k) or changed
    return Suppression(frozenset(hidden), frozenset(primary), frozenset(hidden_totals))


def safe_group(n_group: int, n_known: int, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> str | None:
    """Why a group result may not be shown to a reader who knows ``n_known`` of its respondents (their
    own municipality), or None when it may. Returns ``"small"`` (fewer than the minimum), ``"only_own"``
    (the group is the reader's own) or ``"subtraction"`` (group minus own leaves a small group)."""
    k = check_min_group_size(min_group_size)
    if n_group < k:
        return "small"
    rest = n_group - n_known
    if rest == 0:
        return "only_own"
    if rest < k:
        return "subtraction"
    return None


def _protect_cells(
    counts: Mapping[Hashable, int],
    members: dict[tuple[str, Hashable], list[Hashable]],
    hidden: set[Hashable],
    hidden_totals: set[tuple[str, Hashable]],
    k: int,
) -> bool:
    """Inside every published group, hide more cells until the hidden ones are safe."""
    changed = False
    for group_key in sorted(members, key=repr):
        if group_key in hidden_totals:
            continue
        cells = members[group_key]
        positive = [counts[c] for c in cells if counts[c] > 0]
        if sum(positive) < k:
            hidden_totals.add(group_key)  # too small to publish at all
            changed = True
            continue
        if not any(c in hidden for c in cells if counts[c] > 0):
            continue
        if not _safe(positive, k):
            hidden_totals.add(group_key)  # even hiding every cell would not protect the hidden ones
            changed = True
            continue
        while not _safe([counts[c] for c in cells if c in hidden and counts[c] > 0], k):
            candidates = sorted(
                (c for c in cells if c not in hidden and counts[c] > 0), key=lambda c: (counts[c], repr(c))
            )
            hidden.add(candidates[0])  # the group as a whole is safe, so a candidate always exists
            changed = True
    return changed


def _protect_totals(
    counts: Mapping[Hashable, int],
    groupings: Mapping[str, Mapping[Hashable, Hashable]],
    members: dict[tuple[str, Hashable], list[Hashable]],
    hidden: set[Hashable],
    hidden_totals: set[tuple[str, Hashable]],
    k: int,
) -> bool:
    """The grand total minus the shown group totals of a grouping gives the withheld ones: hide further
    whole groups (totals and cells) until the withheld totals are safe too. A withheld group's total must
    not be computable from its cells either, so its cells are hidden with it."""
    grand = [key for key in members if len({g for g in groupings[key[0]].values()}) == 1]
    if not grand or all(key in hidden_totals for key in grand):
        return False
    changed = False
    for name in sorted(groupings):
        keys = sorted((key for key in members if key[0] == name), key=repr)
        if len(keys) < 2:
            continue
        totals = {key: sum(counts[c] for c in members[key]) for key in keys}

        def withheld_cells(keys: list[tuple[str, Hashable]] = keys) -> list[int]:
            # A reader knows at most one municipality, so the withheld totals are judged by their cells.
            return [counts[c] for key in keys if key in hidden_totals for c in members[key] if counts[c] > 0]

        while not _safe(withheld_cells(), k):
            candidates = sorted(
                (key for key in keys if key not in hidden_totals and totals[key] > 0),
                key=lambda key: (totals[key], repr(key)),
            )
            if not candidates:
                hidden_totals.update(grand)
                return True
            hidden_totals.add(candidates[0])
            hidden.update(c for c in members[candidates[0]] if counts[c] > 0)
            changed = True
    return changed
