import datetime as dt
import math
import re

import mistune
import pandas as pd
import pytest

from casekit.errors import PlanningError, PrivacyError
from casekit.planning import competence, model, onepage, strategy, tracker
from casekit.store import open_store

PAYLOADS = ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">']


def profile():
    frame = strategy.empty_profile("en")
    frame["today"] = [2.0, 2.5, 1.5, 3.0, 2.0, 2.25, float("nan")]
    frame["ambition"] = [3.5, 3.0, 3.2, 4.0, float("nan"), 3.5, float("nan")]
    frame["gap"] = frame["ambition"] - frame["today"]
    frame["n"] = [6, 6, 6, 6, 6, 6, 0]
    return frame.iloc[::-1]  # any order: the functions restore the agreed dimension order


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "answers.sqlite")


@pytest.fixture
def seeded(store):
    for i, title in enumerate(["Alpha", "Beta", "Gamma", "Delta"]):
        tracker.save_initiative(
            store,
            {
                "id": f"i{i}",
                "title": title,
                "goal": f"Goal {title}",
                "owner": "Owner",
                "dimensions": ["services"],
            },
            respondent="4228-r01",
            municipality="4228",
            session="3c",
        )
    return store


def test_default_targets_follow_the_prework_ambition():
    targets = strategy.default_targets(profile())
    assert list(targets) == list(model.DIMENSIONS)
    assert targets["strategy"] == 3.5  # the ambition
    assert targets["organisation"] == 3.0  # 3.2 rounded to the nearest half level
    assert targets["data"] == 3.0  # no ambition: one level above today
    assert targets["competence"] == 3.0  # no answers at all
    table = strategy.ambition_table(profile(), targets, language="en")
    assert table["dimension"].tolist() == list(model.DIMENSIONS)
    assert table.loc[0, "step"] == 1.5 and math.isnan(table.loc[6, "step"])
    assert table.loc[0, "label"] == "Strategy and governance"


@pytest.mark.parametrize(
    ("targets", "fragment"),
    [
        ({"strategy": 6}, "6"),
        ({"strategy": 0.5}, "0.5"),
        ({"strategy": "high"}, "'high'"),
        ({"strategy": float("nan")}, "nan"),
        ({"ai": 3}, "ai"),
    ],
)
def test_bad_targets_are_named(targets, fragment):
    full = {**strategy.default_targets(profile()), **targets}
    with pytest.raises(PlanningError) as err:
        strategy.check_targets(full)
    assert fragment in err.value.message("en")


def test_small_groups_are_not_shown():
    frame = profile()
    frame["n"] = 4
    table = strategy.ambition_table(frame, language="en")
    assert table["today"].isna().all() and table["ambition"].isna().all()
    assert strategy.default_targets(frame) == {d: 3.0 for d in model.DIMENSIONS}
    assert strategy.ambition_table(frame, min_group_size=3)["today"].notna().sum() == 6
    with pytest.raises(PrivacyError, match="3"):
        strategy.protect(frame, min_group_size=2)


def test_missing_targets_and_bad_profiles():
    with pytest.raises(PlanningError, match="competence"):
        strategy.check_targets({d: 3 for d in model.DIMENSIONS[:-1]})
    with pytest.raises(PlanningError):
        strategy.check_targets([3] * 7)
    with pytest.raises(PlanningError, match="ambition"):
        strategy.check_profile(profile().drop(columns="ambition"))
    bad = profile()
    bad.loc[bad.index[0], "dimension"] = "culture"
    with pytest.raises(PlanningError, match="culture"):
        strategy.check_profile(bad)


def test_strategy_checks_count_links_and_budget(seeded):
    targets = strategy.default_targets(profile())
    ids = ["i0", "i1", "i2"]
    ok = strategy.make_strategy(
        "Sirdal", "Vi skal bli best", targets, ids, {"i0": {"budget": 250000.0, "year": 2026}}
    )
    assert ok.municipality == "4228" and ok.links["i0"].budget == 250000
    cases = [
        (dict(initiatives=["i0", "i1"]), "2"),
        (dict(initiatives=[f"x{i}" for i in range(8)]), "8"),
        (dict(initiatives=["i0", "i0", "i1"]), "twice"),
        (dict(statement="  "), "ambition"),
        (dict(initiatives=["i0", "i1", "zz"], known=["i0", "i1", "i2"]), "zz"),
        (dict(links={"i3": {}}), "i3"),
        (dict(links={"i0": {"budget": -5}}), "-5"),
        (dict(links={"i0": {"budget": "mye"}}), "mye"),
        (dict(links={"i0": {"year": 26}}), "26"),
        (dict(links={"i0": "x"}), "i0"),
    ]
    for change, fragment in cases:
        args = {"statement": "Vi skal bli best", "initiatives": ids, "links": None, "known": None, **change}
        with pytest.raises(PlanningError) as err:
            strategy.make_strategy(
                "4228", args["statement"], targets, args["initiatives"], args["links"], known=args["known"]
            )
        assert fragment in err.value.message("en"), (change, err.value.message("en"))


def test_strategy_round_trips_through_the_store(seeded):
    targets = strategy.default_targets(profile())
    plan = strategy.make_strategy(
        "4228",
        "Ambisjon",
        targets,
        ["i2", "i0", "i1"],
        {"i2": model.PlanLink("Gode tjenester", "Tiltak 4.1", 100000, 2027)},
        owner="Kommunedirektør",
    )
    assert strategy.load_strategy(seeded, "4228") is None
    strategy.save_strategy(seeded, plan, respondent="4228-r01")
    again = strategy.load_strategy(seeded, "4228")
    assert again == plan
    with pytest.raises(PlanningError):
        strategy.save_strategy(seeded, plan, respondent="")


def _strategy(store, text):
    targets = strategy.default_targets(profile())
    for i in range(3):
        tracker.save_initiative(
            store,
            {"id": f"p{i}", "title": f"{text} {i}", "goal": text, "owner": text, "measures": [text]},
            respondent="4228-r01",
            municipality="4228",
        )
    links = {
        f"p{i}": {
            "samfunnsdel": text,
            "handlingsplan": text,
            "budget": 1500000,
            "year": 2026,
            "benefit": text,
            "benefit_owner": text,
        }
        for i in range(3)
    }
    plan = strategy.make_strategy(
        "4228", f"{text}\n\n{text}", targets, ["p0", "p1", "p2"], links, owner=text, sustainability=text
    )
    return plan, tracker.initiatives(store, "4228")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_one_page_html_escapes_every_free_text(store, payload):
    plan, frame = _strategy(store, payload)
    page = onepage.one_page_html(plan, frame, profile(), language="nb", generated=dt.date(2026, 3, 1))
    assert not re.search(r"<\s*(script|img)", page, re.IGNORECASE)
    assert (
        page.count("&lt;") >= 14
    )  # statement, owner, sustainability, titles, goals, owners, links, benefits
    assert "<!DOCTYPE html>" in page and 'lang="nb"' in page
    assert "1. mars 2026" in page and "4\u00a0500\u00a0000" in page  # date and the year's total in nb
    assert "Strategi og styring" in page and "3,5" in page


@pytest.mark.parametrize("payload", [*PAYLOADS, "[klikk](javascript:alert(1)) ![x](http://e/x.png) | *b*"])
def test_one_page_markdown_renders_without_tags_or_links(store, payload):
    plan, frame = _strategy(store, payload)
    text = onepage.one_page_markdown(plan, frame, profile(), language="en")
    html = mistune.html(text)
    assert not re.search(r"<\s*(script|img|a)\b", html, re.IGNORECASE), html
    assert "<table>" in html and html.count("<tr>") == 1 + 7 + 1 + 3  # both tables keep their shape
    assert "Strategy and governance" in html


def test_md_escape_keeps_plain_text_readable():
    assert onepage.md_escape("Plan 2026–2030 (fase 1), ansvar: IKT") == "Plan 2026–2030 (fase 1), ansvar: IKT"
    assert onepage.md_escape("a|b *c*") == r"a\|b \*c\*"
    assert onepage.md_escape("line\nbreak") == "line break"


def test_export_writes_both_files(store, tmp_path):
    plan, frame = _strategy(store, "Bedre tjenester")
    paths = onepage.export_one_page(tmp_path / "out", plan, frame, None, language="en")
    assert paths["html"].name == "strategy-4228-en.html"
    assert "Bedre tjenester" in paths["markdown"].read_text(encoding="utf-8")
    assert "–" in paths["html"].read_text(encoding="utf-8")  # no profile: empty cells, not NaN
    assert not re.search(r"\bnan\b", paths["html"].read_text(encoding="utf-8"), re.IGNORECASE)


def test_the_exported_files_are_the_pages_themselves(store, tmp_path):
    plan, frame = _strategy(store, "Bedre tjenester")
    day = dt.date(2026, 3, 1)
    paths = onepage.export_one_page(tmp_path, plan, frame, profile(), language="nb", generated=day)
    page = onepage.one_page_html(plan, frame, profile(), language="nb", generated=day)
    text = onepage.one_page_markdown(plan, frame, profile(), language="nb", generated=day)
    assert paths["html"].read_text(encoding="utf-8") == page and "1. mars 2026" in page
    assert paths["markdown"].read_text(encoding="utf-8") == text and text.startswith("# ")


def gaps():
    rows = []
    for member, values in {"4228-r01": (3, 1, 5), "4228-r02": (2, 2, 3), "4228-r03": (4, 4, 4)}.items():
        for area, label, current in zip(("data", "change", "ethics"), ("Data", "Endring", "Etikk"), values):
            rows.append(
                {
                    "respondent": member,
                    "area": area,
                    "label": label,
                    "required": 4,
                    "current": current,
                    "gap": 4 - current,
                }
            )
    return pd.DataFrame(rows)


def test_suggested_plan_grows_with_the_gap():
    plan = competence.suggest_plan(gaps(), respondent="4228-r01", today=dt.date(2026, 1, 31), language="en")
    assert plan["area"].tolist() == ["data", "change"]  # the negative gap needs no action
    assert plan["how"].tolist() == ["internal_training", "certification"]
    assert plan["by"].tolist() == ["2026-07-28", "2027-01-28"]
    assert plan.loc[0, "what"] == "Strengthen competence in Data"
    everyone = competence.suggest_plan(gaps())
    assert set(everyone["respondent"]) == {"4228-r01", "4228-r02"}
    assert everyone.loc[everyone["respondent"] == "4228-r02", "how"].tolist() == [
        "masterclass",
        "masterclass",
        "internal_training",
    ]
    with pytest.raises(PlanningError, match="gap"):
        competence.suggest_plan(gaps().drop(columns="gap"))


def test_plans_are_checked_saved_and_loaded(store):
    today = dt.date(2026, 1, 1)
    actions = {
        "data": {"what": "Kurs", "how": "certification", "by": "2026-06-01"},
        "change": {"what": "Mentor", "how": "mentoring", "by": dt.date(2026, 9, 1)},
    }
    competence.save_plan(
        store, "4228-r01", actions, municipality="4228", reflection="<b>Viktig</b>", today=today
    )
    loaded, reflection = competence.load_plan(store, "4228-r01")
    assert loaded["change"] == {"what": "Mentor", "how": "mentoring", "by": "2026-09-01"}
    assert reflection == "<b>Viktig</b>"  # stored as written; escaped when shown
    assert sorted(competence.plans(store, "4228")["area"]) == ["change", "data"]
    assert competence.load_plan(store, "nobody") == ({}, "")
    bad = [
        ({"data": {"what": "", "how": "mentoring", "by": "2026-06-01"}}, "data"),
        ({"data": {"what": "x", "how": "university", "by": "2026-06-01"}}, "university"),
        ({"data": {"what": "x", "how": "mentoring", "by": None}}, "date"),
        ({"data": {"what": "x", "how": "mentoring", "by": "2025-06-01"}}, "2025-06-01"),
        ({"data": {"what": "x", "how": "mentoring", "by": "1.6.2026"}}, "1.6.2026"),
    ]
    count = store.count()
    for plan, fragment in bad:
        with pytest.raises(PlanningError) as err:
            competence.save_plan(store, "4228-r01", plan, municipality="4228", today=today)
        assert fragment in err.value.message("en")
    assert store.count() == count
    with pytest.raises(PlanningError):
        competence.save_plan(store, "", actions, municipality="4228", today=today)


def test_group_needs_hide_small_groups():
    small = competence.group_needs(gaps(), min_group_size=5)
    assert not small["shown"].any() and small["needing"].isna().all()
    shown = competence.group_needs(gaps(), min_group_size=3).set_index("area")
    assert shown.loc["data", "needing"] == 2 and shown.loc["ethics", "needing"] == 1
    assert shown.loc["change", "mean_gap"] == pytest.approx((3 + 2 + 0) / 3)
    with pytest.raises(PrivacyError):
        competence.group_needs(gaps(), min_group_size=2)


def test_sustainability_and_benefits_are_saved_and_shown(seeded):
    targets = strategy.default_targets(profile())
    link = {"samfunnsdel": "Gode tjenester", "handlingsplan": "Tiltak 4.1", "budget": 100000, "year": 2027}
    benefit = {
        "benefit": "Færre telefoner; nullpunkt 400 i måneden",
        "benefit_owner": "Kommunalsjef oppvekst",
    }
    plan = strategy.make_strategy(
        "4228",
        "Ambisjon",
        targets,
        ["i0", "i1", "i2"],
        {"i0": {**link, **benefit}},
        sustainability="Vi gjenbruker fellesløsninger og stiller miljøkrav i anskaffelser.",
    )
    strategy.save_strategy(seeded, plan, respondent="4228-r01")
    again = strategy.load_strategy(seeded, "4228")
    assert again == plan and again.sustainability.startswith("Vi gjenbruker")
    assert again.links["i0"].benefit_owner == "Kommunalsjef oppvekst"
    page = onepage.one_page_html(again, tracker.initiatives(seeded, "4228"), profile(), language="nb")
    assert "<h2>Bærekraft</h2><p>Vi gjenbruker fellesløsninger" in page
    assert (
        "Gevinst og gevinsteier" in page
        and "Færre telefoner; nullpunkt 400 i måneden (eier: Kommunalsjef oppvekst)" in page
    )
    text = onepage.one_page_markdown(again, tracker.initiatives(seeded, "4228"), profile(), language="en")
    assert "## Sustainability" in text and "Benefit and benefit owner" in text


def test_a_strategy_saved_before_sustainability_existed_still_loads(seeded):
    """Never lose work: an earlier save without the new fields loads, and the page asks for them."""
    answers = {"statement": "Eldre strategi", "owner": "", "initiatives": ["i0", "i1", "i2"]}
    answers.update({f"target.{d}": 3.0 for d in model.DIMENSIONS})
    answers["link.i0"] = {"samfunnsdel": "Mål", "handlingsplan": "Tiltak", "budget": 5, "year": 2025}
    seeded.save("4228-r01", strategy.INSTRUMENT, answers, status="final", municipality="4228")
    old = strategy.load_strategy(seeded, "4228")
    assert old.statement == "Eldre strategi" and old.sustainability == "" and old.links["i0"].benefit == ""
    page = onepage.one_page_html(old, tracker.initiatives(seeded, "4228"), None, language="en")
    assert "Not filled in yet: how the strategy serves" in page


def test_gap_coverage_flags_a_target_without_an_initiative(seeded):
    """The seeded initiatives all work on services: a higher target there is covered, one on strategy is
    not; a dimension nobody answered has no generation today."""
    targets = {**{d: 3.0 for d in model.DIMENSIONS}, "strategy": 4.0, "services": 4.0}
    plan = strategy.make_strategy("4228", "A", targets, ["i0", "i1", "i2"])
    cover = strategy.gap_coverage(profile(), plan, tracker.initiatives(seeded, "4228"), language="en")
    cover = cover.set_index("dimension")
    assert cover.loc[
        "strategy", ["today_generation", "target_generation", "gap", "initiatives"]
    ].tolist() == [
        2,
        4,
        2,
        0,
    ]
    assert not cover.loc["strategy", "covered"]
    assert cover.loc["services", "initiatives"] == 3 and cover.loc["services", "covered"]
    assert pd.isna(cover.loc["competence", "today_generation"]) and not cover.loc["competence", "covered"]
