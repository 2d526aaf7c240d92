import numpy as np
import pandas as pd
import pytest

from casekit.errors import StaffingError
from casekit.staffing import demand, forecast

PATTERN = np.array([10.0, 11.0, 12.0, 13.0, 14.0, 6.0, 5.0])


def weekly(days=800, start="2021-01-04", level=1.0):
    index = pd.date_range(start, periods=days, freq="D")
    return pd.Series(np.resize(PATTERN, days) * level, index=index)


def test_seasonal_naive_repeats_last_week():
    y = weekly(30)
    fc = forecast.SeasonalNaive().fit(y).predict(10)
    assert list(fc.index) == list(pd.date_range(y.index[-1] + pd.Timedelta(days=1), periods=10))
    expected = [y.iloc[-7 + (i % 7)] for i in range(10)]
    assert fc.tolist() == expected


def test_same_week_last_year_uses_364_days_back():
    index = pd.date_range("2021-01-01", periods=400, freq="D")
    y = pd.Series(np.arange(400, dtype=float), index=index)
    fc = forecast.SameWeekLastYear().fit(y).predict(40)
    assert fc.tolist() == [float(400 - 364 + h) for h in range(40)]


def test_manual_plan_is_last_years_level_plus_margin_by_day_type():
    y = weekly(400)
    fc = forecast.ManualPlan(margin=0.1).fit(y).predict(14)
    weekday_level, weekend_level = PATTERN[:5].mean() * 1.1, PATTERN[5:].mean() * 1.1
    for day, value in fc.items():
        expected = weekend_level if day.day_of_week >= 5 else weekday_level
        assert value == pytest.approx(expected, rel=0.02)


def test_ets_learns_a_multiplicative_weekly_season():
    rng = np.random.default_rng(0)
    y = weekly(500, level=10) * (1 + rng.normal(0, 0.01, 500))
    model = forecast.ETSForecaster().fit(y)
    fc = model.predict(14)
    truth = np.resize(PATTERN, 514)[500:] * 10
    assert forecast.mape(truth, fc) < 3
    q = model.predict_quantiles(14, (0.1, 0.9))
    assert (q[0.1] <= q[0.9]).all() and (q[0.1] < truth * 1.05).mean() > 0.8


def test_gradient_boosting_quantiles_are_ordered_and_bracket_the_truth(sirdal_frame):
    y = demand.series(sirdal_frame)
    model = forecast.GradientBoostingForecaster().fit(y.iloc[:-56])
    assert model.calibration_kind_ == "held_out"
    q = model.predict_quantiles(56, (0.1, 0.5, 0.8, 0.9))
    assert (q[0.1] <= q[0.5]).all() and (q[0.5] <= q[0.8]).all() and (q[0.8] <= q[0.9]).all()
    actual = y.iloc[-56:]
    assert 0.6 <= forecast.coverage(actual, q[0.9]) <= 1.0
    assert forecast.coverage(actual, q[0.1]) <= 0.4
    weekday_mean = model.predict(56).groupby(lambda d: d.day_of_week >= 5).mean()
    assert weekday_mean[False] > weekday_mean[True]  # it has learned that weekends are quieter


def test_gradient_boosting_falls_back_to_in_sample_errors_on_short_history():
    model = forecast.GradientBoostingForecaster(calibration_days=182).fit(weekly(100))
    assert model.calibration_kind_ == "in_sample"
    assert len(model.predict_quantiles(7)) == 7


def test_get_and_set_params_follow_scikit_learn():
    model = forecast.GradientBoostingForecaster(max_iter=50)
    assert model.get_params()["max_iter"] == 50
    assert model.set_params(max_iter=60) is model and model.max_iter == 60
    assert "max_iter=60" in repr(model)
    with pytest.raises(StaffingError, match="depth"):
        model.set_params(depth=3)


@pytest.mark.parametrize(
    ("series", "fragment"),
    [
        (weekly(30).drop(weekly(30).index[10]), "mangler 1 dager"),
        (weekly(30).where(lambda s: s.index != s.index[3], -1.0), "negativ"),
        (weekly(5), "minst 7"),
        (weekly(30).iloc[::-1], "rekkefølge"),
        (list(range(30)), "tidsserie"),
    ],
)
def test_bad_series_are_refused_with_the_reason(series, fragment):
    with pytest.raises(StaffingError, match=fragment):
        forecast.SeasonalNaive().fit(series)


def test_predict_before_fit_bad_horizon_and_missing_quantiles():
    with pytest.raises(StaffingError, match="fit"):
        forecast.SeasonalNaive().predict(7)
    fitted = forecast.SeasonalNaive().fit(weekly(30))
    for horizon in (0, 400, 2.5, True):
        with pytest.raises(StaffingError, match="horisonten"):
            fitted.predict(horizon)
    assert not fitted.supports_quantiles
    with pytest.raises(StaffingError, match="kvantiler"):
        fitted.predict_quantiles(7)
    gb = forecast.GradientBoostingForecaster().fit(weekly(200))
    with pytest.raises(StaffingError, match=r"1\.5"):
        gb.predict_quantiles(7, (1.5,))


def test_metrics_on_hand_made_numbers():
    actual, fc = [100, 200, 0], [110, 180, 5]
    assert forecast.mape(actual, fc) == pytest.approx((10 / 100 + 20 / 200) / 2 * 100)
    assert forecast.bias([100, 100], [90, 120]) == pytest.approx(5.0)
    assert forecast.coverage([1, 2, 3, 4], [2, 2, 2, 5]) == 0.75
    history = [1, 2, 3, 4, 5, 6, 7, 3, 2, 3, 4, 5, 6, 7]  # seasonal naive errors: 2, 0, 0, 0, 0, 0, 0
    assert forecast.seasonal_naive_scale(history) == pytest.approx(2 / 7)
    assert forecast.mase([5, 5], [6, 4], history) == pytest.approx(1 / (2 / 7))
    with pytest.raises(StaffingError):
        forecast.seasonal_naive_scale([1, 2, 3])


def test_backtest_refits_at_each_origin_and_scores_each_model():
    rng = np.random.default_rng(1)
    flat = np.resize([10.0, 10.0, 10.0, 10.0, 10.0, 6.0, 6.0], 560)
    y = pd.Series(flat * (1 + rng.normal(0, 0.05, 560)), index=pd.date_range("2021-01-04", periods=560))
    models = {"seasonal_naive": forecast.SeasonalNaive(), "manual_plan": forecast.ManualPlan(margin=0.0)}
    result = forecast.backtest(y, models, horizon=14, origins=8)
    assert len(result.origins) == 8 and result.origins[-1] == y.index[-14]
    assert all((b - a).days == 14 for a, b in zip(result.origins, result.origins[1:]))
    assert set(result.table.index) == set(models)
    assert len(result.predictions) == 2 * 8 * 14
    # the seasonal naive forecast scored by hand at the last origin
    last = result.predictions[
        (result.predictions["model"] == "seasonal_naive")
        & (result.predictions["origin"] == result.origins[-1])
    ]
    hist = y.iloc[: len(y) - 14]
    assert np.allclose(last["forecast"], np.resize(hist.iloc[-7:].to_numpy(), 14))
    # averaging last year's level beats repeating one noisy week
    assert result.table.loc["manual_plan", "mase"] < result.table.loc["seasonal_naive", "mase"]
    assert result.best == "manual_plan"
    assert np.isnan(result.table.loc["seasonal_naive", "p90_coverage"])


def test_backtest_needs_enough_history():
    with pytest.raises(StaffingError, match="historikk"):
        forecast.backtest(weekly(420), horizon=28, origins=8)
    with pytest.raises(StaffingError):
        forecast.backtest(weekly(600), horizon=28, origins=0)


def test_backtest_table_formats_for_the_language():
    y = weekly(500) * (1 + np.random.default_rng(2).normal(0, 0.05, 500))
    result = forecast.backtest(y, {"seasonal_naive": forecast.SeasonalNaive()}, horizon=7, origins=2)
    nb = forecast.backtest_table(result, language="nb").markup
    en = forecast.backtest_table(result, language="en").markup
    assert "Sesongnaiv" in nb and "2 startpunkter" in nb
    assert "Seasonal naive" in en and "P90 coverage" in en


def test_permutation_importance_finds_the_weekday():
    rng = np.random.default_rng(3)
    y = weekly(800, level=10) * (1 + rng.normal(0, 0.02, 800))
    model = forecast.GradientBoostingForecaster(calibration_days=0).fit(y.iloc[:-70])
    table = forecast.driver_importance(model, y.iloc[-70:], n_repeats=3)
    assert table.index[0] == "weekday"
    assert table.loc["weekday", "mae_increase"] > 10 * max(table.drop("weekday")["mae_increase"].max(), 0.01)
    sentences = forecast.explain_drivers(table, language="en")
    assert sentences[0].startswith("If we shuffle the weekday")
    assert any("hardly changes" in s for s in sentences)
