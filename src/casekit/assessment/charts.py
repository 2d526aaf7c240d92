"""Charts for the self-assessments. Every function takes ``data=``-style frames, ``ax=None`` and
``language=None``, draws with :mod:`casekit.theme` and returns the Axes.

* :func:`dumbbell` – today vs ambition (or current vs required) per dimension, benchmark faintly behind;
* :func:`diverging_bars` – answer distribution per item, centred on the middle of the scale;
* :func:`heatmap` – municipality × dimension for a cohort, hidden cells marked;
* :func:`capability_grid` – the digital × leadership 2×2 position;
* :func:`competence_matrix` – the person × area gap matrix;
* :func:`benchmark_distribution` – a municipality in the distribution of a group (never a league table);
* :func:`spider` – the optional radar view of a profile.
"""

from __future__ import annotations

import textwrap
import zlib
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import i18n, theme
from .model import Instrument, load_instrument

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .benchmark import CohortTable

PAIRS = (("today", "ambition"), ("current", "required"))


def _wrap(text: Any, width: int) -> str:
    return textwrap.fill(str(text), width, break_long_words=False)


def _fmt(value: float, language: str | None, decimals: int = 1) -> str:
    return i18n.format_number(value, decimals=decimals, language=language)


def _perspective_label(perspective: str, language: str | None, instrument: Instrument | None = None) -> str:
    if instrument is not None and perspective in instrument.perspective_ids:
        return instrument.perspective_label(perspective, language)
    key = f"assessment.perspective.{perspective}"
    return i18n.t(key, language=language) if i18n.has(key, language) else perspective


def _ends(data: pd.DataFrame, instrument: Instrument | None) -> tuple[str, str | None]:
    """Which columns are the start and the end of the dumbbell."""
    if instrument is not None:
        gap = instrument.gap_perspectives()
        if gap and all(p in data.columns for p in gap):
            return gap[0], gap[1]
        return instrument.perspective_ids[0], None
    for low, high in PAIRS:
        if low in data.columns and high in data.columns:
            return low, high
    for low, _ in PAIRS:
        if low in data.columns:
            return low, None
    raise KeyError("today")


def dumbbell(
    data: pd.DataFrame,
    *,
    benchmark: pd.DataFrame | None = None,
    benchmark_label: str | None = None,
    instrument: str | Instrument | None = None,
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    points: bool = True,
) -> Axes:
    """One row per dimension: a dot for today (or current), a dot for the ambition (or required) and a
    line between them, with the gap written at the right. ``benchmark`` (same columns) is drawn faintly
    behind. ``data`` is a profile frame (``dimension``, ``label`` and a column per perspective).

    With ``points=False`` only the frame is drawn (axes, labels, benchmark, legend, title); a live view
    draws the frame once and :func:`dumbbell_points` on top of it after every answer."""
    from matplotlib.lines import Line2D

    inst = load_instrument(instrument) if instrument is not None else None
    ax = theme.axes(ax, size=(11.0, max(4.0, 0.62 * len(data) + 2.0)))
    ax.clear()
    low, high = _ends(data, inst)
    ys = np.arange(len(data))[::-1]
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=12, color=theme.ROLE["today"]),
        *(
            [Line2D([], [], marker="o", linestyle="", markersize=12, color=theme.ROLE["ambition"])]
            if high
            else []
        ),
    ]
    names = [
        _perspective_label(low, language, inst),
        *([_perspective_label(high, language, inst)] if high else []),
    ]
    if benchmark is not None and len(benchmark):
        bench = benchmark.set_index("dimension").reindex(data["dimension"])
        colour = theme.ROLE["benchmark"]
        if high is not None and high in bench.columns:
            ax.hlines(ys, bench[low], bench[high], color=colour, alpha=0.35, linewidth=6, zorder=1)
            ax.scatter(bench[high], ys, color=colour, alpha=0.45, s=110, zorder=1, marker="s")
        ax.scatter(bench[low], ys, color=colour, alpha=0.45, s=110, zorder=1, marker="s")
        handles.append(Line2D([], [], marker="s", linestyle="", markersize=11, color=colour, alpha=0.45))
        name = benchmark_label or i18n.t("assessment.group.cohort", language=language)
        names.append(i18n.t("assessment.chart.benchmark_legend", language=language, group=name))
    ax.set_yticks(ys, [_wrap(label, 30) for label in data["label"]])
    ax.set_xlim(0.7, 5.9)
    ax.set_xticks([1, 2, 3, 4, 5], [i18n.format_number(v, language=language) for v in (1, 2, 3, 4, 5)])
    ax.set_ylim(-0.7, len(data) - 0.3)
    ax.set_xlabel(i18n.t("assessment.chart.level_axis", language=language))
    ax.grid(axis="y", visible=False)
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)
    theme.title(ax, title or i18n.t("assessment.form.your_profile", language=language), subtitle)
    if points:
        dumbbell_points(ax, data, instrument=inst, language=language)
    return ax


def dumbbell_points(
    ax: Axes, data: pd.DataFrame, *, instrument: str | Instrument | None = None, language: str | None = None
) -> list[Any]:
    """The data layer of :func:`dumbbell` (lines, dots and gap labels); returns the artists it added."""
    inst = load_instrument(instrument) if instrument is not None else None
    low, high = _ends(data, inst)
    ys = np.arange(len(data))[::-1]
    artists: list[Any] = []
    if high is not None:
        artists.append(ax.hlines(ys, data[low], data[high], color=theme.ROLE["muted"], linewidth=3, zorder=2))
        artists.append(ax.scatter(data[high], ys, color=theme.ROLE["ambition"], s=150, zorder=3))
    artists.append(ax.scatter(data[low], ys, color=theme.ROLE["today"], s=150, zorder=4))
    if high is not None:
        for y, a, b in zip(ys, data[low], data[high]):
            if not (np.isnan(a) or np.isnan(b)):
                gap = b - a
                label = ("+" if gap > 0 else "") + _fmt(gap, language)
                artists.append(ax.text(5.45, y, label, va="center", fontsize=12))
    if data[[c for c in (low, high) if c]].isna().all().all():
        message = i18n.t("assessment.chart.no_data", language=language)
        artists.append(ax.text(3, len(data) / 2, message, ha="center", color="#555555"))
    return artists


def diverging_bars(
    data: pd.DataFrame,
    *,
    instrument: str | Instrument,
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
) -> Axes:
    """Answer distribution per item (from ``item_distribution``): levels below the middle of the scale go
    left, above it right, the middle is split in two; "don't know" and "not relevant" stand apart."""
    import matplotlib.pyplot as plt

    inst = load_instrument(instrument)
    ax = theme.axes(ax, size=(12.0, max(4.0, 0.55 * len(data) + 2.2)))
    ax.clear()
    if data is None or not len(data):
        return theme.empty(ax, i18n.t("assessment.chart.no_data", language=language))
    levels = [str(level) for level in inst.scale.levels]
    option_codes = [o.code for o in inst.scale.options]
    counts = data[levels].to_numpy(dtype=float)
    others = data[option_codes].to_numpy(dtype=float).sum(axis=1) if option_codes else np.zeros(len(data))
    totals = np.maximum(counts.sum(axis=1) + others, 1)
    shares = counts / totals[:, None]
    colours = list(plt.get_cmap(theme.DIVERGING)(np.linspace(0.1, 0.9, len(levels))))
    middle = inst.scale.midpoint
    if middle in inst.scale.levels:
        colours[inst.scale.levels.index(int(middle))] = "#BDBDBD"  # a neutral middle that shows on white
    ys = np.arange(len(data))[::-1]
    left = -(shares[:, [i for i, lv in enumerate(inst.scale.levels) if lv < middle]].sum(axis=1))
    if middle in inst.scale.levels:
        left -= shares[:, inst.scale.levels.index(int(middle))] / 2
    start = left.copy()
    for i, level in enumerate(inst.scale.levels):
        ax.barh(
            ys,
            shares[:, i],
            left=start,
            color=colours[i],
            height=0.7,
            label=f"{level} {inst.level_label(level, language)}",
            edgecolor="white",
            linewidth=0.5,
        )
        start = start + shares[:, i]
    offset = 1.08
    ax.barh(
        ys,
        others / totals,
        left=offset,
        color="white",
        hatch="///",
        height=0.7,
        edgecolor="#777777",
        linewidth=np.where(others > 0, 1.0, 0.0),
        label=i18n.t("assessment.chart.unanswered", language=language),
    )
    ax.axvline(0, color="#444444", linewidth=1)
    names = []
    for item_id in data["item"]:
        text = inst.text(inst.item(item_id).text, language)
        names.append(f"{item_id}  " + textwrap.shorten(text, 48, placeholder=" …"))
    ax.set_yticks(ys, names, fontsize=11)
    ax.set_xlim(-1.05, offset + 0.45)
    ticks = [-1, -0.5, 0, 0.5, 1]
    ax.set_xticks(ticks, [i18n.format_percent(abs(t), language=language) for t in ticks])
    ax.set_xlabel(i18n.t("assessment.chart.share_axis", language=language))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=11)
    dimension = data["dimension"].iloc[0]
    default = i18n.t(
        "assessment.chart.diverging_title",
        language=language,
        dimension=inst.dimension_label(dimension, language),
    )
    theme.title(ax, title or default, subtitle)
    return ax


def heatmap(
    table: CohortTable,
    *,
    instrument: str | Instrument,
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
) -> Axes:
    """Municipality × dimension means with the cohort row at the bottom. Hidden cells are hatched and
    say so; they are never coloured by their value."""
    from matplotlib.patches import Rectangle

    inst = load_instrument(instrument)
    shown = table.shown()
    n_rows = len(shown) + 1
    ax = theme.axes(ax, size=(max(9.0, 1.35 * len(shown.columns) + 4.0), 0.42 * n_rows + 2.8))
    ax.clear()
    values = np.vstack(
        [shown.to_numpy(dtype=float), table.total.mask(table.total_hidden).to_numpy(dtype=float)]
    )
    hidden = np.vstack([table.hidden.to_numpy(), table.total_hidden.to_numpy()])
    image = ax.imshow(np.ma.masked_invalid(values), cmap=theme.SEQUENTIAL, vmin=1, vmax=5, aspect="auto")
    hidden_word = i18n.t("assessment.chart.heatmap_hidden", language=language)
    for r in range(values.shape[0]):
        for c in range(values.shape[1]):
            if hidden[r, c]:
                ax.add_patch(
                    Rectangle(
                        (c - 0.5, r - 0.5),
                        1,
                        1,
                        facecolor=theme.ROLE["suppressed"],
                        hatch="///",
                        edgecolor="#9A9A9A",
                    )
                )
                ax.text(c, r, hidden_word, ha="center", va="center", fontsize=10, color="#333333")
            elif np.isnan(values[r, c]):
                ax.text(c, r, "–", ha="center", va="center", fontsize=11, color="#333333")
            else:
                colour = "white" if values[r, c] < 3.2 else "#111111"
                ax.text(
                    c, r, _fmt(values[r, c], language), ha="center", va="center", fontsize=11, color=colour
                )
    ax.axhline(len(shown) - 0.5, color="white", linewidth=4)
    ax.set_xticks(
        range(len(shown.columns)),
        table.column_labels,
        fontsize=11,
        rotation=30,
        ha="right",
        rotation_mode="anchor",
    )
    rows = [*table.row_labels, i18n.t("assessment.group.cohort", language=language).capitalize()]
    ax.set_yticks(range(n_rows), rows, fontsize=11)
    ax.get_yticklabels()[-1].set_fontweight("bold")
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    colourbar = ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    colourbar.set_ticks([1, 2, 3, 4, 5])
    colourbar.ax.yaxis.set_major_formatter(theme.number_formatter(0, language))
    perspective = _perspective_label(table.perspective, language, inst).lower()
    by_county = table.rows == "county"
    default = i18n.t(
        "assessment.chart.heatmap_title_county" if by_county else "assessment.chart.heatmap_title",
        language=language,
        title=i18n.text(inst.title, language),
        perspective=perspective,
    )
    note = i18n.t("assessment.chart.heatmap_note", language=language, k=table.min_group_size)
    if by_county:
        note = i18n.t("assessment.chart.heatmap_note_county", language=language) + " " + note
    theme.title(ax, title or default, note)
    return ax


def capability_grid(
    data: pd.DataFrame,
    *,
    instrument: str | Instrument = "capabilities",
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
) -> Axes:
    """The 2×2 position: digital capability (x) against leadership capability (y), with the bank's named
    quadrants. ``data`` has ``x``, ``y`` and ``kind`` (``you``, ``municipality`` or ``benchmark``)."""
    inst = load_instrument(instrument)
    grid = inst.grid
    if grid is None:
        raise KeyError("grid")
    ax = theme.axes(ax, size="square")
    ax.clear()
    low, high, cut = inst.scale.min, inst.scale.max, grid.threshold
    shades = {"low_low": "#F4F4F4", "high_low": "#EAF2FA", "low_high": "#FDF3E6", "high_high": "#E8F5EF"}
    corners = {
        "low_low": (low, low, "left", "bottom"),
        "high_low": (high, low, "right", "bottom"),
        "low_high": (low, high, "left", "top"),
        "high_high": (high, high, "right", "top"),
    }
    for name, quadrant in grid.quadrants.items():
        x0 = low - 0.2 if name.startswith("low") else cut
        y0 = low - 0.2 if name.endswith("low") else cut
        x1 = cut if name.startswith("low") else high + 0.2
        y1 = cut if name.endswith("low") else high + 0.2
        ax.fill_between([x0, x1], y0, y1, color=shades[name], zorder=0)
        cx, cy, ha, va = corners[name]
        ax.text(
            cx + (0.1 if ha == "left" else -0.1),
            cy + (0.05 if va == "bottom" else -0.05),
            i18n.text(quadrant.label, language),
            ha=ha,
            va=va,
            fontsize=14,
            fontweight="bold",
            color="#333333",
        )
    ax.axvline(cut, color="#888888", linewidth=1, linestyle="--")
    ax.axhline(cut, color="#888888", linewidth=1, linestyle="--")
    styles = {
        "benchmark": {"color": theme.ROLE["benchmark"], "s": 60, "alpha": 0.6, "marker": "o"},
        "municipality": {"color": theme.ROLE["today"], "s": 220, "alpha": 0.9, "marker": "s"},
        "you": {"color": theme.ROLE["highlight"], "s": 260, "alpha": 1.0, "marker": "D"},
    }
    names = {
        "benchmark": i18n.t("assessment.chart.grid_benchmark", language=language),
        "municipality": i18n.t("assessment.chart.grid_municipality", language=language),
        "you": i18n.t("assessment.chart.grid_you", language=language),
    }
    for kind in ("benchmark", "municipality", "you"):
        part = data[data["kind"] == kind].dropna(subset=["x", "y"]) if len(data) else data
        if len(part):
            ax.scatter(part["x"], part["y"], label=names[kind], zorder=3, edgecolor="white", **styles[kind])
    ax.set_xlim(low - 0.2, high + 0.2)
    ax.set_ylim(low - 0.2, high + 0.2)
    ax.set_xticks(inst.scale.levels)
    ax.set_yticks(inst.scale.levels)
    theme.format_axis(ax, "xy", decimals=0, language=language)
    ax.set_xlabel(i18n.t("assessment.chart.grid_x", language=language))
    ax.set_ylabel(i18n.t("assessment.chart.grid_y", language=language))
    ax.grid(False)
    if len(data):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    theme.title(ax, title or i18n.t("assessment.chart.grid_title", language=language))
    return ax


def anonymous_order(respondents: list[str], you: str | None = None) -> list[str]:
    """Respondents in an order that says nothing about their ids (which can hint at roles), you first."""
    rest = sorted((r for r in respondents if r != you), key=lambda r: zlib.crc32(r.encode()))
    return ([you] if you in respondents else []) + rest


def competence_matrix(
    data: pd.DataFrame,
    *,
    you: str | None = None,
    anonymise: bool = True,
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
) -> Axes:
    """Person × competence area, coloured by gap (required − current; positive = development need).
    With ``anonymise`` the rows are "Person 1, 2 …" in an order unrelated to ids, and your own row first."""
    people = anonymous_order(list(dict.fromkeys(data["respondent"].astype(str))), you)
    areas = list(dict.fromkeys(data["area"].astype(str)))
    labels = dict(zip(data["area"].astype(str), data["label"]))
    matrix = (
        data.assign(respondent=data["respondent"].astype(str), area=data["area"].astype(str))
        .pivot_table(index="respondent", columns="area", values="gap", aggfunc="first", dropna=False)
        .reindex(index=people, columns=areas)
    )
    ax = theme.axes(ax, size=(max(9.0, 1.25 * len(areas) + 3.5), 0.5 * len(people) + 3.0))
    ax.clear()
    if not len(people):
        return theme.empty(ax, i18n.t("assessment.chart.no_data", language=language))
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(
        np.ma.masked_invalid(values), cmap=theme.DIVERGING + "_r", vmin=-4, vmax=4, aspect="auto"
    )
    for r in range(values.shape[0]):
        for c in range(values.shape[1]):
            v = values[r, c]
            text = (
                "–"
                if np.isnan(v)
                else (("+" if v > 0 else "") + _fmt(v, language, 0 if v == round(v) else 1))
            )
            ax.text(
                c, r, text, ha="center", va="center", fontsize=12, color="white" if abs(v) >= 3 else "#111111"
            )
    row_names = []
    number = 0
    for person in people:
        if person == you:
            row_names.append(i18n.t("assessment.chart.gap_you", language=language))
        elif anonymise:
            number += 1
            row_names.append(f"{i18n.t('assessment.chart.gap_person', language=language)} {number}")
        else:
            row_names.append(person)
    ax.set_yticks(range(len(people)), row_names)
    ax.xaxis.tick_top()
    ax.set_xticks(
        range(len(areas)),
        [str(labels[a]) for a in areas],
        fontsize=11,
        rotation=30,
        ha="left",
        rotation_mode="anchor",
    )
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    colourbar = ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    colourbar.set_label(i18n.t("assessment.chart.gap_legend", language=language))
    colourbar.ax.yaxis.set_major_formatter(theme.number_formatter(0, language))
    ax.set_title(title or i18n.t("assessment.chart.gap_title", language=language), loc="left", pad=12)
    return ax


def benchmark_distribution(
    rows: pd.DataFrame,
    distribution: pd.DataFrame,
    *,
    group: str = "cohort",
    instrument: str | Instrument,
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
) -> Axes:
    """A municipality in one group's distribution, per dimension: the other municipalities as unnamed grey
    dots, the middle half of the group's respondents as a box, the group mean as a line and the
    municipality as a diamond with its percentile. Groups hidden by the privacy rules say so."""
    inst = load_instrument(instrument)
    part = rows[rows["group"] == group].reset_index(drop=True)
    ax = theme.axes(ax, size=(11.5, max(4.0, 0.7 * len(part) + 2.4)))
    ax.clear()
    if not len(part):
        return theme.empty(ax, i18n.t("assessment.chart.no_data", language=language))
    ys = np.arange(len(part))[::-1]
    for y, row in zip(ys, part.itertuples(index=False)):
        dots = distribution[(distribution["dimension"] == row.dimension) & ~distribution["own"].astype(bool)]
        if row.shown:
            jitter = (np.arange(len(dots)) % 5 - 2) * 0.06
            ax.scatter(dots["value"], y + jitter, color=theme.ROLE["benchmark"], s=30, alpha=0.7, zorder=2)
            ax.add_patch(
                _box(row.p25, row.p75, y, theme.ROLE["muted"]),
            )
            ax.vlines(row.mean, y - 0.3, y + 0.3, color="#333333", linewidth=2, zorder=3)
            if not np.isnan(row.percentile):
                ax.text(
                    5.45,
                    y,
                    i18n.t(
                        "assessment.chart.percentile",
                        language=language,
                        value=_fmt(row.percentile, language, 0),
                    ),
                    va="center",
                    fontsize=12,
                )
        else:
            reason = i18n.t(f"assessment.reason.{row.reason}", language=language, k="")
            ax.text(3, y + 0.25, reason, ha="center", va="center", fontsize=11, color="#555555")
        if not np.isnan(row.own):
            ax.scatter(
                [row.own], [y], marker="D", s=170, color=theme.ROLE["highlight"], edgecolor="black", zorder=4
            )
    ax.scatter(
        [],
        [],
        marker="D",
        s=120,
        color=theme.ROLE["highlight"],
        edgecolor="black",
        label=i18n.t("assessment.chart.distribution_own", language=language),
    )
    ax.scatter(
        [],
        [],
        color=theme.ROLE["benchmark"],
        s=30,
        label=i18n.t("assessment.chart.grid_benchmark", language=language),
    )
    ax.set_yticks(ys, [_wrap(label, 30) for label in part["label"]])
    ax.set_xlim(0.7, 6.2)
    ax.set_xticks(inst.scale.levels)
    theme.format_axis(ax, "x", decimals=0, language=language)
    ax.set_xlabel(i18n.t("assessment.chart.level_axis", language=language))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    default = i18n.t(
        "assessment.chart.distribution_title",
        language=language,
        title=i18n.text(inst.title, language),
        group=part["group_label"].iloc[0],
    )
    theme.title(ax, title or default, i18n.t("assessment.chart.distribution_subtitle", language=language))
    return ax


def _box(low: float, high: float, y: float, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((low, y - 0.22), max(high - low, 0.02), 0.44, facecolor=colour, alpha=0.6, zorder=1)


def spider(
    data: pd.DataFrame,
    *,
    benchmark: pd.DataFrame | None = None,
    instrument: str | Instrument | None = None,
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
) -> Axes:
    """The optional radar view of a profile (a dumbbell is easier to read; use this for overview only)."""
    inst = load_instrument(instrument) if instrument is not None else None
    if ax is None or getattr(ax, "name", "") != "polar":
        import matplotlib.pyplot as plt

        with theme.context():
            if ax is None:
                fig = plt.figure(figsize=theme.FIGSIZE["square"], layout="constrained")
            else:
                fig = ax.figure
                ax.remove()
            ax = fig.add_subplot(projection="polar")
    low, high = _ends(data, inst)
    angles = np.linspace(0, 2 * np.pi, len(data), endpoint=False)
    closed = np.append(angles, angles[0])

    def ring(values: pd.Series, **style: Any) -> None:
        v = np.append(values.to_numpy(dtype=float), values.to_numpy(dtype=float)[0])
        ax.plot(closed, v, **style)

    if benchmark is not None and len(benchmark):
        bench = benchmark.set_index("dimension").reindex(data["dimension"])
        ring(bench[low], color=theme.ROLE["benchmark"], alpha=0.6, linewidth=2, linestyle="--")
    ring(data[low], color=theme.ROLE["today"], linewidth=3, label=_perspective_label(low, language, inst))
    if high is not None:
        ring(
            data[high],
            color=theme.ROLE["ambition"],
            linewidth=3,
            label=_perspective_label(high, language, inst),
        )
    ax.set_xticks(angles, [_wrap(label, 16) for label in data["label"]], fontsize=11)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    heading = i18n.text(inst.title, language) if inst is not None else ""
    ax.set_title(
        title or i18n.t("assessment.chart.spider_title", language=language, title=heading), loc="left", pad=24
    )
    return ax
