import time

import pytest

import casekit
from casekit import i18n, municipalities
from casekit.staffing import ethics, widgets
from casekit.staffing.model import DemandParameters
from casekit.staffing.roster.greedy import greedy_roster
from casekit.staffing.roster.report import roster_report

PNG = b"\x89PNG"


@pytest.fixture
def wb():
    return casekit.setup("nb", "4228")


def test_forecast_view_renders_and_switches_model(wb, sirdal_frame):
    view = widgets.ForecastView(wb, sirdal_frame, horizon=14)
    assert (
        view.image.value.tobytes().startswith(PNG)
        and view.feedback.calls == 1
        and view.feedback.last_exception is None
    )
    assert list(view.forecast.columns) == [0.1, 0.5, 0.9]
    view.model.value = "seasonal_naive"
    assert view.feedback.calls == 2 and view.feedback.last_exception is None
    assert list(view.forecast.columns) == [0.5]  # a baseline has no band
    view.target.value = "nursing_home_hours"
    assert view.feedback.calls == 3 and view.forecast[0.5].mean() > 0


def test_workload_view_reacts_to_every_slider(wb, small_case):
    view = widgets.WorkloadView(wb, small_case)
    assert view.feedback.calls == 1 and view.image.value.tobytes().startswith(PNG)
    base_shifts, base_cost = int(view.plan["staff"].sum()), view.cost
    view.absence.value = 0.15
    assert view.feedback.calls == 2 and view.feedback.last_exception is None
    assert int(view.plan["staff"].sum()) >= base_shifts and view.cost > base_cost
    view.absence.value = 0.09
    view.night.value = 3
    night = view.plan[view.plan["shift"] == "night"]["staff"]
    assert (night >= 3).all()
    view.night.value = 1
    view.quantile.value = 0.9
    assert view.settings().quantile == 0.9 and view.cost >= base_cost
    view.quantile.value = 0.5
    view.budget.value = 95
    assert view.cost <= 0.95 * view.reference_cost + 1e-6 and view.over_budget == 0
    view.budget.value = 70  # below what the minimum staffing costs: the plan says how far over it is
    assert view.over_budget > 0 and i18n.format_currency(view.over_budget) in view.summary.value
    assert view.feedback.calls == 9 and view.feedback.last_exception is None
    assert i18n.format_currency(view.cost) in view.summary.value


def test_roster_view_solves_in_the_background_and_reports(wb, small_case):
    view = widgets.RosterView(wb, small_case, time_limit=2)
    assert "Lag turnus" in view.status.value or "Klar" in view.status.value
    view.start.click()
    assert view.feedback.calls == 1 and view.thread is not None
    view.start.click()  # a second click while solving says so instead of starting again
    view.wait(30)
    assert not view.thread.is_alive()
    assert view.feedback.last_exception is None
    assert view.progress.value == 1.0 and view.result.has_roster
    assert view.report.violations == 0 and view.image.value.tobytes().startswith(PNG)
    assert "Ferdig" in view.status.value and "Brudd på harde regler" in view.summary.value
    assert not view.start.disabled and view.stop_button.disabled


def test_roster_view_stop_button_ends_the_search(wb, small_case):
    view = widgets.RosterView(wb, small_case, time_limit=60)
    view.start.click()
    view.stop_button.click()
    view.wait(30)
    assert view.result is not None and view.result.seconds < 30
    assert view.feedback.calls == 2 and view.feedback.last_exception is None


def test_roster_view_reports_progress_and_stops_with_the_best_roster_so_far(wb, small_case):
    view = widgets.RosterView(wb, small_case, time_limit=60)
    view.start.click()
    waited = 0
    while not view.best and waited < 600:  # the first roster is reported within moments
        time.sleep(0.05)
        waited += 1
    seen = dict(view.best)
    assert seen and seen["objective"] >= seen["bound"] >= 0
    view.stop_button.click()
    view.wait(30)
    assert not view.thread.is_alive() and view.feedback.last_exception is None
    result = view.result
    assert result.has_roster and result.objective <= seen["objective"]
    assert result.seconds < result.time_limit  # stopped, not timed out
    assert view.report.violations == 0 and view.progress.value == 1.0
    assert "Ferdig" in view.status.value and view.image.value.tobytes().startswith(PNG)
    assert not view.start.disabled and view.stop_button.disabled


def test_sensitivity_view_switches_setting(wb, small_case):
    view = widgets.SensitivityView(wb, small_case)
    assert list(view.table["value"]) == [0.5, 0.8, 0.9] and "P90" in view.table_html.value
    view.parameter.value = "night_minimum"
    assert view.feedback.last_exception is None and set(view.table["parameter"]) == {"night_minimum"}


def test_approval_view_refuses_until_the_checklist_is_done(wb):
    view = widgets.ApprovalView(wb, violations=0)
    view.button.click()
    assert view.feedback.calls == 1 and view.approval is None
    assert "sjekklisten" in view.feedback.value and view.feedback.kind == "error"
    for box in view.items.values():
        box.value = True
    view.approver.value = "<script>alert(1)</script> Kari"
    view.button.click()
    assert view.approval is not None and view.feedback.kind == "ok"
    assert "<script>" not in view.feedback.value and "&lt;script&gt;" in view.feedback.value


def test_approval_view_blocks_a_roster_with_violations(wb):
    view = widgets.ApprovalView(wb, violations=2)
    for box in view.items.values():
        box.value = True
    view.approver.value = "Kari"
    view.button.click()
    assert view.approval is None and "2 regler" in view.feedback.value


def test_static_blocks_render_in_both_languages(small_case, comparison=None):
    i18n.set_language("en")
    assert "The exercise&#x27;s district" in widgets.case_card(small_case).markup
    assert "Checklist before approval" in widgets.checklist_block().markup
    assert widgets.vendor_block().markup.count("<li>") == len(ethics.VENDOR_QUESTIONS)
    assert "assumption" in widgets.parameter_block(DemandParameters()).markup
    i18n.set_language("nb")
    assert "Sirdal (4228)" in widgets.case_card(small_case).markup
    assert "&lt;b&gt;" in widgets.drivers_list(["<b>x</b>"]).markup


@pytest.mark.parametrize("language", ["nb", "en"])
def test_report_card_is_translated(small_case, language):
    problem = small_case.problem(small_case.plan("forecast_roster"))
    report = roster_report(problem, greedy_roster(problem))
    markup = widgets.report_card(report, language=language).markup
    assert ("Turnusen i tall" if language == "nb" else "The roster in figures") in markup


def test_demand_card(sirdal_frame):
    card = widgets.demand_card(municipalities.get("4228"), sirdal_frame, language="en").markup
    assert "Demand in Sirdal" in card and "1,873" in card and "2021–2023" in card


def test_live_chart_redraws_in_place(small_case, close_figures):
    from casekit.staffing import charts

    plan = small_case.plan("forecast_roster")
    cleared = widgets.LiveChart(lambda p, ax: charts.staffing_chart(p, ax=ax))
    first = cleared.render(plan)
    second = cleared.render(plan.assign(staff=plan["staff"] + 3))
    assert first.startswith(PNG) and second.startswith(PNG) and first != second
    assert len(cleared.fig.axes[0].get_lines()) == 3  # cleared and drawn again, not stacked
    moved = widgets.LiveChart(
        lambda p, ax: charts.staffing_chart(p, ax=ax), update=charts.update_staffing_chart
    )
    moved.render(plan)
    moved.render(plan.assign(staff=plan["staff"] + 3))
    top = max(line.get_ydata().max() for line in moved.fig.axes[0].get_lines())
    assert top == plan["staff"].max() + 3 and moved.fig.axes[0].get_ylim()[1] >= top
