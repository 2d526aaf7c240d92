"""Charts for the staffing exercise. Each takes ``data=``, ``ax=None`` and ``language=None`` and returns
the Axes, drawn with :mod:`casekit.theme` (colour-blind-safe, projector-sized, numbers in the language's
format)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import i18n, theme
from .demand import series
from .forecast import model_label

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

SHIFT_COLOURS = {
    "day": theme.PALETTE["sky"],
    "evening": theme.PALETTE["orange"],
    "night": theme.PALETTE["blue"],
}
METHOD_COLOURS = {
    "manual": theme.ROLE["benchmark"],
    "forecast_workload": theme.PALETTE["sky"],
    "forecast_roster": theme.PALETTE["blue"],
}


def _t(key: str, language: str | None, **kw: Any) -> str:
    return i18n.t(f"staffing.chart.{key}", language=language, **kw)


def _shift_label(code: str, language: str | None) -> str:
    key = f"staffing.shift.{code}"
    return i18n.t(key, language=language) if i18n.has(key, language) else code


def _date_axis(ax: Axes, language: str | None) -> None:
    """Dates on the x axis in the language's style (``20. nov. 23`` in nb)."""
    from functools import lru_cache

    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    code = i18n.check_language(language or i18n.get_language())

    @lru_cache(maxsize=512)  # a live chart redraws the same ticks many times
    def label(value: float) -> str:
        return i18n.format_date(mdates.num2date(value).date(), format="d. MMM yy", language=code)

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos=None: label(value)))


def demand_chart(
    data: pd.DataFrame,
    target: str = "home_care_hours",
    *,
    ax: Axes | None = None,
    language: str | None = None,
) -> Axes:
    """Daily demand with its 28-day average; public holidays marked."""
    ax = theme.axes(ax)
    y = series(data, target)
    with theme.context():
        ax.plot(y.index, y.to_numpy(), color=theme.ROLE["muted"], linewidth=1, label=_t("daily", language))
        ax.plot(
            y.index,
            y.rolling(28, center=True).mean(),
            color=theme.ROLE["today"],
            label=_t("average28", language),
        )
        if "holiday" in data.columns:
            hol = data[data["holiday"].astype(bool)]
            ax.scatter(
                hol["date"],
                hol[target],
                color=theme.ROLE["highlight"],
                s=30,
                zorder=3,
                label=_t("holiday", language),
            )
    theme.title(ax, _t(f"demand_title.{target}", language), _t("demand_subtitle", language))
    ax.set_ylabel(_t(f"unit.{target}", language))
    theme.format_axis(ax, "y", language=language)
    _date_axis(ax, language)
    ax.legend(loc="upper left")
    return ax


def forecast_chart(
    data: pd.Series,
    forecast: pd.DataFrame,
    actual: pd.Series | None = None,
    *,
    history_days: int = 84,
    ax: Axes | None = None,
    language: str | None = None,
) -> Axes:
    """The last weeks of history, the P50 forecast with its P10–P90 band, and (when known) what happened."""
    ax = theme.axes(ax)
    recent = data.iloc[-history_days:]
    with theme.context():
        ax.plot(
            recent.index,
            recent.to_numpy(),
            color=theme.ROLE["benchmark"],
            linewidth=1.5,
            label=_t("history", language),
        )
        low, high = min(forecast.columns), max(forecast.columns)
        ax.fill_between(
            forecast.index,
            forecast[low],
            forecast[high],
            color=theme.PALETTE["sky"],
            alpha=0.35,
            label=_t("band", language, low=round(low * 100), high=round(high * 100)),
        )
        mid = 0.5 if 0.5 in forecast.columns else forecast.columns[len(forecast.columns) // 2]
        ax.plot(forecast.index, forecast[mid], color=theme.ROLE["today"], label=_t("forecast", language))
        if actual is not None:
            ax.plot(
                actual.index,
                actual.to_numpy(),
                color=theme.ROLE["text"],
                linewidth=1.2,
                linestyle=":",
                label=_t("actual", language),
            )
    theme.title(ax, _t("forecast_title", language), _t("forecast_subtitle", language))
    theme.format_axis(ax, "y", language=language)
    _date_axis(ax, language)
    ax.legend(loc="upper left")
    return ax


def backtest_chart(data: Any, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """MASE per model as a dot plot, with the seasonal naive level (1) and the bar of 0,8 marked."""
    table = data.table if hasattr(data, "table") else data
    ax = theme.axes(ax)
    ordered = table.sort_values("mase", ascending=False)
    labels = [model_label(str(k), language) for k in ordered.index]
    best = ordered["mase"].idxmin()
    colours = [theme.ROLE["highlight"] if k == best else theme.ROLE["today"] for k in ordered.index]
    with theme.context():
        ax.hlines(range(len(ordered)), 0, ordered["mase"], color=theme.ROLE["muted"], linewidth=2)
        ax.scatter(ordered["mase"], range(len(ordered)), color=colours, s=120, zorder=3)
        ax.axvline(1.0, color=theme.ROLE["benchmark"], linestyle="--", linewidth=1.5)
        ax.axvline(0.8, color=theme.ROLE["good"], linestyle=":", linewidth=1.5)
    ax.set_yticks(range(len(ordered)), labels)
    ax.set_xlim(0, max(1.2, float(ordered["mase"].max()) * 1.1))
    ax.set_xlabel(_t("mase_axis", language))
    theme.format_axis(ax, "x", decimals=1, language=language)
    theme.title(ax, _t("backtest_title", language), _t("backtest_subtitle", language))
    return ax


def staffing_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Planned staff per shift and day."""
    ax = theme.axes(ax)
    with theme.context():
        for code, part in data.groupby("shift", sort=False):
            ax.step(
                part["date"],
                part["staff"],
                where="mid",
                color=SHIFT_COLOURS.get(str(code)),
                label=_shift_label(str(code), language),
            )
    theme.title(ax, _t("staffing_title", language), _t("staffing_subtitle", language))
    from matplotlib.ticker import MaxNLocator

    ax.set_ylabel(_t("staff_axis", language))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    theme.format_axis(ax, "y", language=language)
    _date_axis(ax, language)
    ax.legend(loc="upper right")
    return ax


def update_staffing_chart(data: pd.DataFrame, ax: Axes) -> Axes:
    """Put a new plan into a chart drawn by :func:`staffing_chart` (same shifts and dates), keeping its
    titles, legend and ticks; the y axis is rescaled."""
    for line, (_code, part) in zip(ax.get_lines(), data.groupby("shift", sort=False)):
        line.set_data(part["date"], part["staff"])
    top = float(data["staff"].max()) if len(data) else 1.0
    ax.set_ylim(0, top * 1.05 + 0.5)  # set by hand: staffing_chart fixed the bottom, which stops autoscaling
    return ax


def roster_chart(
    data: pd.DataFrame, problem: Any, *, ax: Axes | None = None, language: str | None = None
) -> Axes:
    """The roster as a grid: one row per person, one column per day, coloured by shift; weekends shaded."""
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    codes = [s.code for s in problem.shifts]
    grid = np.zeros((len(problem.staff), problem.days))
    rows = {m.id: i for i, m in enumerate(problem.staff)}
    for r in data.itertuples(index=False):
        grid[rows[r.staff_id], int(r.day)] = codes.index(r.shift) + 1
    height = max(4.0, 0.3 * len(problem.staff) + 1.5)
    ax = theme.axes(ax, size=(12.0, height))
    colours = ["#FFFFFF"] + [SHIFT_COLOURS.get(c, theme.QUALITATIVE[i]) for i, c in enumerate(codes)]
    with theme.context():
        for week in range(problem.weeks):
            ax.axvspan(7 * week + 4.5, 7 * week + 6.5, color=theme.ROLE["suppressed"], zorder=0)
        ax.imshow(
            np.ma.masked_equal(grid, 0),
            aspect="auto",
            cmap=ListedColormap(colours[1:]),
            vmin=1,
            vmax=len(codes),
            interpolation="nearest",
            zorder=1,
        )
    ax.set_yticks(
        range(len(problem.staff)), [f"{m.name} ({round(m.contract * 100)} %)" for m in problem.staff]
    )
    ax.set_xticks(
        range(0, problem.days, 7), [_t("week", language, number=w + 1) for w in range(problem.weeks)]
    )
    ax.grid(False)
    handles = [Patch(color=colours[i + 1], label=_shift_label(c, language)) for i, c in enumerate(codes)]
    handles.append(Patch(color=theme.ROLE["suppressed"], label=_t("weekend", language)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    theme.title(ax, _t("roster_title", language), _t("roster_subtitle", language))
    return ax


def comparison_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Understaffed hours per planning method, with the total cost written beside each bar."""
    ax = theme.axes(ax)
    methods = list(data.index)
    values = data["understaffed_hours"].to_numpy()
    with theme.context():
        ax.barh(
            range(len(methods)), values, color=[METHOD_COLOURS.get(m, theme.ROLE["today"]) for m in methods]
        )
    for i, m in enumerate(methods):
        cost = i18n.format_currency(float(data.loc[m, "total_cost"]), language=language)
        ax.text(values[i], i, f"  {cost}", va="center", fontsize=theme.BASE_FONT - 2)
    ax.set_yticks(
        range(len(methods)), [i18n.t(f"staffing.compare.method.{m}", language=language) for m in methods]
    )
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(values.max()) * 1.5, 1.0))
    ax.set_xlabel(_t("understaffed_axis", language))
    theme.format_axis(ax, "x", language=language)
    theme.title(ax, _t("compare_title", language), _t("compare_subtitle", language))
    return ax


def sensitivity_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Risk against cost as one setting changes: each dot is one value of the setting."""
    ax = theme.axes(ax, size="small")
    parameter = str(data["parameter"].iloc[0])
    with theme.context():
        ax.plot(data["total_cost"], data["understaffed_hours"], color=theme.ROLE["muted"], zorder=1)
        ax.scatter(data["total_cost"], data["understaffed_hours"], color=theme.ROLE["today"], s=90, zorder=2)
    for r in data.itertuples(index=False):
        ax.annotate(
            value_label(parameter, r.value, language),
            (r.total_cost, r.understaffed_hours),
            textcoords="offset points",
            xytext=(6, 6),
            fontsize=theme.BASE_FONT - 2,
        )
    ax.set_xlabel(_t("cost_axis", language))
    ax.set_ylabel(_t("understaffed_axis", language))
    theme.format_axis(ax, "xy", language=language)
    name = i18n.t(f"staffing.sensitivity.{parameter}", language=language)
    theme.title(ax, _t("sensitivity_title", language, parameter=name), _t("sensitivity_subtitle", language))
    return ax


def value_label(parameter: str, value: float, language: str | None) -> str:
    if parameter in ("absence_rate", "productive_share", "budget"):
        return i18n.format_percent(float(value), decimals=0, language=language)
    if parameter == "quantile":
        return f"P{round(float(value) * 100)}"
    return i18n.format_number(float(value), decimals=0, language=language)


def importance_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """How much worse the forecast gets (extra error per day) when each group of calendar features is
    shuffled: the longer the bar, the more the forecast leans on it."""
    ax = theme.axes(ax, size="small")
    ordered = data.sort_values("mae_increase")
    labels = [i18n.t(f"staffing.driver.{d}", language=language) for d in ordered.index]
    with theme.context():
        ax.barh(range(len(ordered)), ordered["mae_increase"].clip(lower=0), color=theme.ROLE["today"])
    ax.set_yticks(range(len(ordered)), labels)
    ax.set_xlabel(_t("importance_axis", language))
    theme.format_axis(ax, "x", decimals=1, language=language)
    theme.title(ax, _t("importance_title", language), _t("importance_subtitle", language))
    return ax


def burden_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Weekends and nights per person by position size (groups too small to show are left out)."""
    ax = theme.axes(ax, size="small")
    shown = data[data["shown"]]
    labels = [i18n.t(f"staffing.band.{b}", language=language) for b in shown.index]
    with theme.context():
        ax.scatter(
            shown["weekends"],
            range(len(shown)),
            color=theme.ROLE["today"],
            s=110,
            label=_t("weekends", language),
        )
        ax.scatter(
            shown["nights"],
            range(len(shown)),
            color=theme.ROLE["highlight"],
            marker="D",
            s=90,
            label=_t("nights", language),
        )
    ax.set_yticks(range(len(shown)), labels)
    ax.set_xlabel(_t("per_person_axis", language))
    theme.format_axis(ax, "x", decimals=1, language=language)
    ax.legend(loc="lower right")
    theme.title(ax, _t("burden_title", language), _t("burden_subtitle", language))
    return ax
