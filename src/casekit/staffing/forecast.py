"""Forecasters in the scikit-learn style: configure in ``__init__``, learn in ``fit``, then ``predict``.

All forecasters take a daily series (a pandas Series with a DatetimeIndex, as
:func:`casekit.staffing.demand.series` returns) and forecast the next ``horizon`` days.

Baselines:

- :class:`SeasonalNaive`: each weekday repeats its value from the last week;
- :class:`SameWeekLastYear`: the value 52 weeks earlier (same weekday);
- :class:`ManualPlan`: today's practice: last year's level for weekdays and weekends, plus a fixed margin.

Models:

- :class:`ETSForecaster`: exponential smoothing (statsmodels) with a damped trend and a multiplicative
  weekly season;
- :class:`GradientBoostingForecaster`: gradient boosting on calendar and holiday features (scikit-learn,
  Poisson loss) with quantile forecasts (P10, P50, P80, P90).

:func:`backtest` runs a rolling-origin evaluation and reports MAPE, MASE, bias and P90 coverage.
statsmodels and scikit-learn are imported only when a model is fitted.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import i18n, ui
from ..errors import StaffingError
from .demand import is_holiday

SEASON = 7
YEAR_LAG = 364


def _check_series(y: Any, minimum: int, model: str) -> pd.Series:
    if not isinstance(y, pd.Series) or not isinstance(y.index, pd.DatetimeIndex):
        raise StaffingError("staffing.error.not_series", model=model)
    if y.index.has_duplicates or not y.index.is_monotonic_increasing:
        raise StaffingError("staffing.error.unsorted", model=model)
    full = y.asfreq("D")
    gaps = full.index[full.isna().to_numpy()]
    if len(gaps):
        raise StaffingError("staffing.error.gaps", model=model, count=len(gaps), first=str(gaps[0].date()))
    values = full.to_numpy(dtype=float)
    if (values < 0).any() or not np.isfinite(values).all():
        bad = full.index[(values < 0) | ~np.isfinite(values)][0]
        raise StaffingError("staffing.error.negative", model=model, date=str(bad.date()))
    if len(full) < minimum:
        raise StaffingError("staffing.error.short_history", model=model, days=len(full), minimum=minimum)
    return full.astype(float)


def _check_horizon(horizon: Any) -> int:
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= 366:
        raise StaffingError("staffing.error.horizon", value=horizon)
    return horizon


def _future(y: pd.Series, horizon: int) -> pd.DatetimeIndex:
    return pd.date_range(y.index[-1] + pd.Timedelta(days=1), periods=horizon, freq="D")


class Forecaster:
    """Base class: parameters come from ``__init__``; fitted attributes end in ``_``."""

    min_history = SEASON
    key = "forecaster"

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params: Any) -> Forecaster:
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise StaffingError(
                    "staffing.error.unknown_setting",
                    setting=name,
                    owner=type(self).__name__,
                    allowed=", ".join(valid) or "-",
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def fit(self, y: pd.Series) -> Forecaster:
        self.y_ = _check_series(y, self.min_history, type(self).__name__)
        self._fit(self.y_)
        return self

    def _fit(self, y: pd.Series) -> None:  # pragma: no cover - overridden where needed
        return None

    def _check_fitted(self) -> None:
        if not hasattr(self, "y_"):
            raise StaffingError("staffing.error.not_fitted", model=type(self).__name__)

    def predict(self, horizon: int) -> pd.Series:
        """The point forecast for the ``horizon`` days after the end of the fitted series."""
        self._check_fitted()
        horizon = _check_horizon(horizon)
        values = self._predict(horizon)
        return pd.Series(values, index=_future(self.y_, horizon), name=self.key)

    def _predict(self, horizon: int) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def predict_quantiles(self, horizon: int, quantiles: tuple[float, ...] = (0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Quantile forecasts as a DataFrame with one column per quantile (0.1, 0.5, 0.9 ...)."""
        raise StaffingError("staffing.error.no_quantiles", model=type(self).__name__)

    @property
    def supports_quantiles(self) -> bool:
        return type(self).predict_quantiles is not Forecaster.predict_quantiles


class SeasonalNaive(Forecaster):
    """Each day repeats the value of the same weekday in the last ``season`` days."""

    key = "seasonal_naive"

    def __init__(self, season: int = SEASON) -> None:
        self.season = season

    def fit(self, y: pd.Series) -> SeasonalNaive:
        self.min_history = self.season
        return super().fit(y)  # type: ignore[return-value]

    def _predict(self, horizon: int) -> Any:
        last = self.y_.to_numpy()[-self.season :]
        return np.resize(last, horizon)


class SameWeekLastYear(Forecaster):
    """Each day repeats the value 52 weeks (364 days) earlier, so weekdays line up."""

    key = "same_week_last_year"
    min_history = YEAR_LAG

    def __init__(self, lag: int = YEAR_LAG) -> None:
        self.lag = lag

    def fit(self, y: pd.Series) -> SameWeekLastYear:
        self.min_history = self.lag
        return super().fit(y)  # type: ignore[return-value]

    def _predict(self, horizon: int) -> Any:
        values = self.y_.to_numpy()
        positions = len(values) - self.lag + np.arange(horizon) % self.lag
        return values[positions]


class ManualPlan(Forecaster):
    """Today's practice, made explicit: last year's average level around the same date, one level for
    weekdays and one for weekends, plus a fixed safety ``margin``."""

    key = "manual_plan"
    min_history = YEAR_LAG + 28

    def __init__(self, margin: float = 0.05, window_days: int = 28) -> None:
        self.margin = margin
        self.window_days = window_days

    def _predict(self, horizon: int) -> Any:
        values = self.y_.to_numpy()
        weekend = self.y_.index.day_of_week.to_numpy() >= 5
        n = len(values)
        out = np.empty(horizon)
        future = _future(self.y_, horizon)
        half = self.window_days // 2
        for h, day in enumerate(future):
            centre = n + h - YEAR_LAG
            lo, hi = max(centre - half, 0), min(centre + half, n)
            mask = weekend[lo:hi] == (day.day_of_week >= 5)
            window = values[lo:hi][mask]
            out[h] = window.mean() if len(window) else values[lo:hi].mean()
        return out * (1.0 + self.margin)


class ETSForecaster(Forecaster):
    """ETS from statsmodels: additive errors, damped additive trend, multiplicative weekly season.

    Fitted on the last ``window`` days (two years by default) so old levels do not dominate.
    """

    key = "ets"
    min_history = 4 * SEASON

    def __init__(self, window: int = 730, damped_trend: bool = True, seed: int = 0) -> None:
        self.window = window
        self.damped_trend = damped_trend
        self.seed = seed

    def _fit(self, y: pd.Series) -> None:
        import warnings

        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        train = y.iloc[-self.window :] if self.window else y
        train = train.clip(lower=1e-3)  # a multiplicative season needs positive values
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = ETSModel(
                train,
                error="add",
                trend="add",
                damped_trend=self.damped_trend,
                seasonal="mul",
                seasonal_periods=SEASON,
            )
            self.result_ = model.fit(disp=False, maxiter=200)
        self.train_length_ = len(train)

    def _predict(self, horizon: int) -> Any:
        return np.clip(np.asarray(self.result_.forecast(horizon)), 0, None)

    def predict_quantiles(self, horizon: int, quantiles: tuple[float, ...] = (0.1, 0.5, 0.9)) -> pd.DataFrame:
        import warnings

        self._check_fitted()
        horizon = _check_horizon(horizon)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sims = self.result_.simulate(
                horizon, anchor="end", repetitions=500, rng=np.random.default_rng(self.seed)
            )
        sims = np.clip(np.asarray(sims, dtype=float).reshape(horizon, -1), 0, None)
        columns = {q: np.quantile(sims, q, axis=1) for q in quantiles}
        return pd.DataFrame(columns, index=_future(self.y_, horizon))


FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "weekday": ("dayofweek",),
    "season": ("season_sin", "season_cos"),
    "holiday": ("holiday",),
    "around_holiday": ("before_holiday", "after_holiday"),
    "christmas": ("christmas",),
}


def calendar_features(dates: Any) -> pd.DataFrame:
    """Calendar and holiday features for each date: weekday, time of year (as a circle), public holiday,
    the days either side of one, and the Christmas fortnight."""
    index = pd.DatetimeIndex(dates)
    extended = pd.date_range(index[0] - pd.Timedelta(days=1), index[-1] + pd.Timedelta(days=1), freq="D")
    hol = pd.Series(is_holiday(extended), index=extended)
    angle = 2 * np.pi * (index.day_of_year.to_numpy() - 1) / 365.25
    md = index.month * 100 + index.day
    return pd.DataFrame(
        {
            "dayofweek": index.day_of_week.to_numpy(),
            "season_sin": np.sin(angle),
            "season_cos": np.cos(angle),
            "holiday": hol.reindex(index).to_numpy().astype(int),
            "before_holiday": hol.shift(-1).reindex(index).fillna(False).to_numpy().astype(int),
            "after_holiday": hol.shift(1).reindex(index).fillna(False).to_numpy().astype(int),
            "christmas": ((md >= 1220) | (md <= 102)).astype(int),
        },
        index=index,
    )


def _one_thread() -> Any:
    """Run scikit-learn's OpenMP loops on one thread: the series are small, and on a shared machine
    several threads spin-waiting for each other make a fit many times slower, never faster."""
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover - a scikit-learn without it simply runs as it is
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="openmp")


class GradientBoostingForecaster(Forecaster):
    """Gradient boosting (scikit-learn's HistGradientBoostingRegressor) on calendar and holiday features.

    Growth is handled first: a log-linear trend is fitted to the history and the boosting model learns the
    ratio of demand to trend with a Poisson loss.

    Quantiles (P10, P50, P80, P90) come from honest out-of-sample errors: a second model is fitted without
    the last ``calibration_days`` of history, and the spread of actual ÷ forecast on those held-out days
    scales the final forecast (split-conformal style). In-sample errors would be too optimistic.
    """

    key = "gradient_boosting"
    min_history = 8 * SEASON

    def __init__(
        self,
        max_iter: int = 150,
        learning_rate: float = 0.07,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 20,
        calibration_days: int = 182,
        random_state: int = 0,
    ) -> None:
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.calibration_days = calibration_days
        self.random_state = random_state

    def _regressor(self) -> Any:
        from sklearn.ensemble import HistGradientBoostingRegressor

        return HistGradientBoostingRegressor(
            loss="poisson",
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            categorical_features=[0],
            early_stopping=False,
            random_state=self.random_state,
        )

    @staticmethod
    def _fit_trend(y: pd.Series, origin: Any) -> Any:
        weekly = y.resample("W").mean().iloc[1:-1] if len(y) > 3 * SEASON else y
        t = (weekly.index - origin).days.to_numpy(dtype=float)
        return np.polyfit(t, np.log(np.clip(weekly.to_numpy(), 1e-3, None)), 1)

    @staticmethod
    def _trend_at(trend: Any, origin: Any, dates: pd.DatetimeIndex) -> Any:
        t = (dates - origin).days.to_numpy(dtype=float)
        return np.exp(trend[1] + trend[0] * t)

    def _fit_one(self, y: pd.Series) -> tuple[Any, Any]:
        trend = self._fit_trend(y, self.origin_)
        ratio = y.to_numpy() / self._trend_at(trend, self.origin_, y.index)
        with _one_thread():
            return trend, self._regressor().fit(calendar_features(y.index).to_numpy(), ratio)

    def _fit(self, y: pd.Series) -> None:
        self.origin_ = y.index[0]
        self.feature_names_ = list(calendar_features(y.index[:2]).columns)
        cal = self.calibration_days
        if cal and len(y) - cal >= self.min_history:
            trend, model = self._fit_one(y.iloc[:-cal])
            held = y.iloc[-cal:]
            with _one_thread():
                predicted = model.predict(calendar_features(held.index).to_numpy()) * self._trend_at(
                    trend, self.origin_, held.index
                )
            self.calibration_kind_ = "held_out"
        else:  # too short to hold days out: fall back to in-sample errors, which are too narrow
            trend, model = self._fit_one(y)
            held = y
            with _one_thread():
                predicted = model.predict(calendar_features(y.index).to_numpy()) * self._trend_at(
                    trend, self.origin_, y.index
                )
            self.calibration_kind_ = "in_sample"
        self.residual_ratios_ = held.to_numpy() / np.clip(predicted, 1e-9, None)
        self.trend_, self.model_ = self._fit_one(y)

    def _predict_dates(self, dates: pd.DatetimeIndex, features: Any = None) -> Any:
        x = calendar_features(dates).to_numpy() if features is None else features
        with _one_thread():
            return self.model_.predict(x) * self._trend_at(self.trend_, self.origin_, dates)

    def _predict(self, horizon: int) -> Any:
        return self._predict_dates(_future(self.y_, horizon))

    def predict_quantiles(self, horizon: int, quantiles: tuple[float, ...] = (0.1, 0.5, 0.9)) -> pd.DataFrame:
        self._check_fitted()
        horizon = _check_horizon(horizon)
        for q in quantiles:
            if isinstance(q, bool) or not isinstance(q, int | float) or not 0 < q < 1:
                raise StaffingError("staffing.error.quantile", value=q)
        point = self._predict(horizon)
        factors = np.quantile(self.residual_ratios_, sorted(quantiles))
        table = pd.DataFrame(
            {q: point * f for q, f in zip(sorted(quantiles), factors)}, index=_future(self.y_, horizon)
        )
        return table[list(quantiles)]


def default_models() -> dict[str, Forecaster]:
    """The baselines and models compared in the exercise, by key."""
    return {
        "seasonal_naive": SeasonalNaive(),
        "same_week_last_year": SameWeekLastYear(),
        "manual_plan": ManualPlan(),
        "ets": ETSForecaster(),
        "gradient_boosting": GradientBoostingForecaster(),
    }


def model_label(key: str, language: str | None = None) -> str:
    name = f"staffing.model.{key}"
    return i18n.t(name, language=language) if i18n.has(name, language) else key


# --- metrics and backtest -----------------------------------------------------------------------------------


def mape(actual: Any, forecast: Any) -> float:
    """Mean absolute percentage error over days with positive demand, in per cent."""
    a, f = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    mask = a > 0
    if not mask.any():
        return float("nan")
    return float(np.mean(np.abs(f[mask] - a[mask]) / a[mask]) * 100)


def seasonal_naive_scale(history: Any, season: int = SEASON) -> float:
    """MASE's denominator: the in-sample mean absolute error of the seasonal naive forecast."""
    h = np.asarray(history, dtype=float)
    if len(h) <= season:
        raise StaffingError("staffing.error.short_history", model="MASE", days=len(h), minimum=season + 1)
    return float(np.mean(np.abs(h[season:] - h[:-season])))


def mase(actual: Any, forecast: Any, history: Any, season: int = SEASON) -> float:
    """Mean absolute scaled error (Hyndman & Koehler 2006) against the seasonal naive forecast:
    below 1 beats the seasonal naive's typical one-week-ahead error."""
    scale = seasonal_naive_scale(history, season)
    error = float(np.mean(np.abs(np.asarray(forecast, dtype=float) - np.asarray(actual, dtype=float))))
    return error / scale if scale > 0 else float("nan")


def bias(actual: Any, forecast: Any) -> float:
    """Total over- (+) or under-forecast (−) in per cent of actual demand."""
    a, f = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    total = a.sum()
    return float((f.sum() - total) / total * 100) if total else float("nan")


def coverage(actual: Any, upper: Any) -> float:
    """Share of days on which demand stayed at or under the upper forecast (P90 should cover ~90 %)."""
    a, u = np.asarray(actual, dtype=float), np.asarray(upper, dtype=float)
    return float(np.mean(a <= u)) if len(a) else float("nan")


@dataclass
class BacktestResult:
    """``table``: one row per model (MAPE %, MASE, bias %, P90 coverage); ``predictions``: long format."""

    table: pd.DataFrame
    predictions: pd.DataFrame
    horizon: int
    origins: list[Any]

    @property
    def best(self) -> str:
        """The model with the lowest MASE."""
        return str(self.table["mase"].astype(float).idxmin())


def origins_for(y: pd.Series, horizon: int, origins: int, step: int | None = None) -> list[Any]:
    """Forecast origins (the first forecast day) counted back from the end of ``y``, oldest first."""
    step = step or horizon
    n = len(y)
    positions = [n - horizon - i * step for i in range(origins)]
    return [y.index[p] for p in reversed(positions)]


def backtest(
    y: pd.Series,
    models: dict[str, Forecaster] | None = None,
    *,
    horizon: int = 28,
    origins: int = 8,
    step: int | None = None,
    min_train: int = YEAR_LAG + 28,
    progress: Any = None,
) -> BacktestResult:
    """Rolling-origin evaluation: each model is refitted on the history before each origin and forecasts
    ``horizon`` days. MASE is scaled per origin by that history's seasonal naive error, then averaged."""
    horizon = _check_horizon(horizon)
    y = _check_series(y, min_train + horizon, "backtest")
    if isinstance(origins, bool) or not isinstance(origins, int) or origins < 1:
        raise StaffingError("staffing.error.origins", value=origins)
    starts = origins_for(y, horizon, origins, step)
    first = y.index.get_loc(starts[0])
    if first < min_train:
        raise StaffingError(
            "staffing.error.short_history",
            model="backtest",
            days=len(y),
            minimum=min_train + horizon + (origins - 1) * (step or horizon),
        )
    models = models if models is not None else default_models()
    rows = []
    scores: dict[str, dict[str, list[float]]] = {k: {"mase": [], "mae": []} for k in models}
    for i, start in enumerate(starts):
        pos = y.index.get_loc(start)
        history, actual = y.iloc[:pos], y.iloc[pos : pos + horizon]
        for key, model in models.items():
            model.fit(history)
            point = model.predict(horizon).to_numpy()
            quant = model.predict_quantiles(horizon, (0.1, 0.5, 0.9)) if model.supports_quantiles else None
            scores[key]["mase"].append(mase(actual, point, history))
            rows.append(
                pd.DataFrame(
                    {
                        "origin": start,
                        "date": actual.index,
                        "model": key,
                        "actual": actual.to_numpy(),
                        "forecast": point,
                        "p10": quant[0.1].to_numpy() if quant is not None else np.nan,
                        "p50": quant[0.5].to_numpy() if quant is not None else np.nan,
                        "p90": quant[0.9].to_numpy() if quant is not None else np.nan,
                    }
                )
            )
        if progress is not None:
            progress(i + 1, len(starts))
    predictions = pd.concat(rows, ignore_index=True)
    table = []
    for key in models:
        part = predictions[predictions["model"] == key]
        table.append(
            {
                "model": key,
                "mape": mape(part["actual"], part["forecast"]),
                "mase": float(np.mean(scores[key]["mase"])),
                "bias": bias(part["actual"], part["forecast"]),
                "p90_coverage": coverage(part["actual"], part["p90"])
                if part["p90"].notna().all()
                else np.nan,
            }
        )
    return BacktestResult(pd.DataFrame(table).set_index("model"), predictions, horizon, starts)


def backtest_table(result: BacktestResult, language: str | None = None) -> Any:
    """The backtest table for participants: model names and column titles in their language, numbers
    formatted the Norwegian way in nb."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.backtest.{key}", language=language, **kw)

    rows = []
    for key, row in result.table.iterrows():
        cov = row["p90_coverage"]
        rows.append(
            [
                model_label(str(key), language),
                i18n.format_number(row["mape"], decimals=1, language=language),
                i18n.format_number(row["mase"], decimals=2, language=language),
                i18n.format_number(row["bias"], decimals=1, language=language),
                "–" if cov != cov else i18n.format_percent(cov, decimals=0, language=language),
            ]
        )
    caption = t("caption", horizon=result.horizon, origins=len(result.origins))
    return ui.table([t("model"), t("mape"), t("mase"), t("bias"), t("coverage")], rows, caption=caption)


# --- drivers ------------------------------------------------------------------------------------------------


def driver_importance(
    model: GradientBoostingForecaster, y: pd.Series, *, n_repeats: int = 5, seed: int = 0
) -> pd.DataFrame:
    """Permutation importance by feature group on the days in ``y`` (held out from fitting is best).

    Each group of calendar features is shuffled across days, and the forecast error (MAE) is measured
    again; the increase says how much the forecast leans on that group.
    """
    model._check_fitted()
    y = _check_series(y, SEASON, "driver_importance")
    features = calendar_features(y.index)
    x = features.to_numpy()
    actual = y.to_numpy()
    base = float(np.mean(np.abs(model._predict_dates(y.index, x) - actual)))
    rng = np.random.default_rng(seed)
    rows = []
    for group, columns in FEATURE_GROUPS.items():
        idx = [features.columns.get_loc(c) for c in columns]
        increases = []
        for _ in range(n_repeats):
            shuffled = x.copy()
            order = rng.permutation(len(x))
            shuffled[:, idx] = x[order][:, idx]
            error = float(np.mean(np.abs(model._predict_dates(y.index, shuffled) - actual)))
            increases.append(error - base)
        rows.append({"driver": group, "mae_increase": float(np.mean(increases))})
    table = pd.DataFrame(rows).set_index("driver").sort_values("mae_increase", ascending=False)
    table["share_of_level"] = table["mae_increase"] / float(np.mean(actual))
    table.attrs["base_mae"] = base
    return table


def drivers(y: pd.Series, *, holdout_days: int = 365, n_repeats: int = 5, seed: int = 0) -> pd.DataFrame:
    """Permutation importance of the calendar drivers over the last ``holdout_days`` of ``y``, with the
    gradient-boosting model fitted on the days before (a year covers every season and holiday)."""
    y = _check_series(y, holdout_days + GradientBoostingForecaster.min_history, "drivers")
    model = GradientBoostingForecaster().fit(y.iloc[:-holdout_days])
    return driver_importance(model, y.iloc[-holdout_days:], n_repeats=n_repeats, seed=seed)


def explain_drivers(table: pd.DataFrame, unit: str | None = None, language: str | None = None) -> list[str]:
    """Plain-language sentences, strongest driver first."""
    unit = unit or i18n.t("staffing.unit.hours", language=language)
    out = []
    for driver, row in table.iterrows():
        name = i18n.t(f"staffing.driver.{driver}", language=language)
        if row["mae_increase"] <= 0.005 * max(table.attrs.get("base_mae", 1.0), 1e-9):
            out.append(i18n.t("staffing.driver.sentence_none", language=language, driver=name))
            continue
        out.append(
            i18n.t(
                "staffing.driver.sentence",
                language=language,
                driver=name,
                amount=i18n.format_number(row["mae_increase"], decimals=1, language=language),
                unit=unit,
                share=i18n.format_percent(row["share_of_level"], decimals=1, language=language),
            )
        )
    return out
