import copy
import dataclasses

import pytest
import yaml

import casekit
from casekit import data, i18n, municipalities, services
from casekit.errors import LifeEventError, PrivacyError
from casekit.services import analysis, charts, model
from casekit.services.sample import sample_marks
from casekit.services.widgets import JourneyExplorer
from casekit.store import open_store


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(data.path("life_events").read_text(encoding="utf-8"))


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "answers.sqlite")


def session(store, language="nb", municipality="4228", *, respondent="", prefill=""):
    """A workbook session on the test's store. An empty respondent stays empty (nobody is known), where
    ``casekit.setup`` would give the person at the keyboard a stable id."""
    wb = casekit.setup(language, municipality, store_url=store.url, respondent=respondent, prefill=prefill)
    return wb if respondent else dataclasses.replace(wb, respondent="")


def tiny(steps):
    return {
        "actors": [
            {"id": "a", "kind": "municipal", "label": {"nb": "A", "en": "A"}},
            {"id": "b", "kind": "municipal", "label": {"nb": "B", "en": "B"}},
            {"id": "c", "kind": "municipal", "label": {"nb": "C", "en": "C"}},
            {"id": "s", "kind": "national", "label": {"nb": "Staten", "en": "State"}},
        ],
        "events": [
            {
                "id": "ev",
                "title": {"nb": "Hendelse", "en": "Event"},
                "steps": [
                    {
                        "id": f"s{i}",
                        "actor": actor,
                        "service": {"nb": "x", "en": "x"},
                        "system": {"nb": "y", "en": "y"},
                    }
                    for i, actor in enumerate(steps)
                ],
            }
        ],
    }


def test_shipped_catalogue_has_the_digdir_priority_events_in_both_languages():
    cat = model.load_life_events()
    priority = {e.id for e in cat.events.values() if e.digdir_priority}
    assert len(priority) == 7  # the seven life events of the digitalisation strategy
    assert {"having_a_child", "death_and_inheritance"} <= priority
    assert {"starting_school", "moving", "unemployment", "home_care", "building_a_house"} <= set(cat.events)
    assert cat.event("death_and_inheritance").name("nb") == "Dødsfall og arv"
    national = {a.id for a in cat.actors.values() if a.kind == "national"}
    assert {"nav", "skatteetaten", "digdir", "helsenorge", "altinn", "ks_fiks"} <= national
    for ev in cat.events.values():
        assert ev.steps and ev.name("en") and ev.name("nb") != ""


def test_handovers_are_counted_between_consecutive_actors():
    cat = model.parse_life_events(tiny(["a", "a", "b", "s", "b", "c"]))
    frame = analysis.journey("ev", catalogue=cat)
    assert frame["handover"].tolist() == [False, False, True, True, True, True]
    assert analysis.handovers(frame) == 4
    assert analysis.handovers(frame, municipal_only=True) == 2  # a -> b and b -> c
    pairs = analysis.handover_pairs(frame)
    assert pairs.iloc[0][["actor_a", "actor_b", "handovers"]].tolist() == ["b", "s", 2]


def test_unmarked_sectors_leave_the_journey_and_marked_extra_sectors_join_it():
    cat = model.parse_life_events(tiny(["a", "b", "s", "b"]))
    frame = analysis.journey("ev", ["b", "c"], catalogue=cat)
    assert frame["actor"].tolist() == ["b", "s", "b", "c"]
    assert frame["added"].tolist() == [False, False, False, True]
    assert frame["order"].tolist() == [1, 2, 3, 4]
    assert frame.loc[3, "service"] == "Kontakt med C"


def test_team_design_picks_the_team_that_removes_most_handovers():
    cat = model.parse_life_events(tiny(["a", "b", "a", "c", "s", "c"]))
    frame = analysis.journey("ev", catalogue=cat)
    best = analysis.team_design(frame, max_size=2)
    assert best.members == ("a", "b") and (best.before, best.after, best.removed) == (5, 3, 2)
    bigger = analysis.team_design(frame, max_size=3)
    assert bigger.members == ("a", "b", "c") and bigger.after == 2
    after = analysis.apply_team(frame, bigger.members)
    assert analysis.handovers(after) == bigger.after
    assert analysis.team_design(frame, members=["c", "a"]).members == ("a", "c")
    with pytest.raises(LifeEventError, match="s"):
        analysis.team_design(frame, members=["s"])
    with pytest.raises(LifeEventError):
        analysis.team_design(frame, max_size=1)


def test_no_team_when_every_handover_involves_the_state():
    cat = model.parse_life_events(tiny(["a", "s", "b", "s"]))
    design = analysis.team_design(analysis.journey("ev", catalogue=cat))
    assert design.members == () and design.removed == 0
    assert "3" in design.describe(cat, "en") and "national" in design.describe(cat, "en")


def test_real_catalogue_summary_and_cross_event_team():
    frame = analysis.summary(language="en")
    assert len(frame) == len(model.load_life_events().events)
    assert (frame["with_team"] <= frame["handovers"]).all()
    child = frame.set_index("event").loc["having_a_child"]
    assert child["title"] == "Having a child" and child["removed"] >= 1
    team = analysis.cross_event_team()
    assert 2 <= len(team.members) <= 3 and team.after < team.before
    pairs = analysis.sector_pairs(language="en")
    assert pairs["handovers"].is_monotonic_decreasing
    assert all(model.load_life_events().actors[s].municipal for s in pairs["sector_a"])


def test_an_event_without_services_is_refused_naming_the_event(raw):
    broken = copy.deepcopy(raw)
    broken["events"][1]["steps"] = []
    with pytest.raises(LifeEventError) as err:
        model.parse_life_events(broken, "life_events.yaml")
    assert "starting_school" in err.value.message("en") and "no services" in err.value.message("en")
    assert "ingen tjenester" in err.value.message("nb")


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d["events"][0]["steps"][0].update(actor="nobody"), "nobody"),
        (lambda d: d["events"][0]["title"].pop("en"), "title"),
        (lambda d: d["events"][0]["steps"][1].update(id="antenatal"), "antenatal"),
        (lambda d: d["actors"][0].update(kind="private"), "private"),
        (lambda d: d["events"].append(copy.deepcopy(d["events"][0])), "having_a_child"),
        (lambda d: d["events"][0].update(id="Få barn"), "Få barn"),
        (lambda d: d.update(events=[]), "events"),
    ],
)
def test_broken_catalogues_name_the_problem(raw, mutate, fragment):
    broken = copy.deepcopy(raw)
    mutate(broken)
    with pytest.raises(LifeEventError) as err:
        model.parse_life_events(broken, "x.yaml")
    assert fragment in err.value.message("en")
    assert "x.yaml" in err.value.message("en") or "private" in err.value.message("en")


def test_unreadable_and_missing_files(tmp_path):
    with pytest.raises(LifeEventError, match=r"x\.yaml"):
        model.load_life_events(tmp_path / "x.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("events: [unclosed", encoding="utf-8")
    with pytest.raises(LifeEventError, match="YAML"):
        model.load_life_events(bad)
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(tiny(["a", "b"])), encoding="utf-8")
    assert list(model.load_life_events(good).events) == ["ev"]
    with pytest.raises(LifeEventError):
        model.parse_life_events(["not", "a", "mapping"])


def test_a_journey_with_nothing_left_gets_a_clear_message():
    cat = model.parse_life_events(tiny(["a", "b"]))
    i18n.set_language("en")
    with pytest.raises(LifeEventError, match="no services left"):
        analysis.journey("ev", [], catalogue=cat)


def test_marks_are_checked():
    with pytest.raises(LifeEventError, match="nav"):
        analysis.check_marks({"having_a_child": ["nav"]})
    with pytest.raises(LifeEventError, match="no_such_event"):
        analysis.check_marks({"no_such_event": []})
    with pytest.raises(LifeEventError):
        analysis.check_marks({"having_a_child": "health_care"})
    marks = analysis.check_marks({"having_a_child": ["finance", "health_care", "health_care"]})
    assert marks["having_a_child"] == ["health_care", "finance"]
    assert marks["moving"] == analysis.default_marks()["moving"]


def test_marks_round_trip_through_a_real_store(store):
    marks = {"having_a_child": ["health_care"], "moving": ["finance"]}
    analysis.save_marks(store, "4228-r01", "4228", marks)
    loaded = analysis.load_marks(store, respondent="4228-r01")
    assert loaded["having_a_child"] == ["health_care"] and loaded["moving"] == ["finance"]
    assert analysis.load_marks(store, municipality="4228")["moving"] == ["finance"]
    assert analysis.load_marks(store, municipality="0301") == analysis.default_marks()
    before = store.count()
    with pytest.raises(LifeEventError):
        analysis.save_marks(store, "4228-r01", "4228", {"moving": ["nav"]})
    assert store.count() == before
    assert analysis.load_marks(store, respondent="4228-r01")["moving"] == ["finance"]


def test_cohort_figures_only_with_enough_municipalities(store):
    numbers = ["4201", "4202", "4203", "4204", "4205"]
    for n in numbers[:4]:
        analysis.save_marks(store, f"{n}-r01", n, {"having_a_child": ["health_care"]})
    frame = analysis.cohort_handovers(store, numbers, min_group_size=5).set_index("event")
    assert frame.loc["having_a_child", "municipalities"] == 4 and not frame["shown"].any()
    assert frame["median"].isna().all()
    analysis.save_marks(store, "4205-r01", "4205", {"having_a_child": ["health_care", "education"]})
    frame = analysis.cohort_handovers(store, numbers, min_group_size=5).set_index("event")
    row = frame.loc["having_a_child"]
    expected = [
        analysis.handovers(analysis.journey("having_a_child", s))
        for s in (["health_care"],) * 4 + (["health_care", "education"],)
    ]
    assert row["shown"] and row["median"] == sorted(expected)[2]
    assert (row["minimum"], row["maximum"]) == (min(expected), max(expected))
    with pytest.raises(PrivacyError):
        analysis.cohort_handovers(store, numbers, min_group_size=2)


def test_charts_draw_lanes_and_handovers(close_figures):
    frame = analysis.journey("having_a_child", language="en")
    ax = charts.swimlane(frame, title="Having a child", language="en")
    lane_labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert lane_labels[0] == "Health and care" and len(lane_labels) == frame["actor"].nunique()
    assert f"{analysis.handovers(frame)} handovers" in ax.get_title(loc="left")
    from matplotlib.colors import to_hex
    from matplotlib.text import Annotation

    from casekit import theme

    arrows = [a for a in ax.texts if isinstance(a, Annotation)]
    assert len(arrows) == len(frame) - 1
    red = [a for a in arrows if to_hex(a.arrow_patch.get_edgecolor()) == theme.ROLE["bad"].lower()]
    assert len(red) == analysis.handovers(frame)
    ax = charts.handover_chart(analysis.summary(language="nb"), language="nb")
    assert ax.get_title(loc="left") == "Overleveringer per livshendelse"
    ax = charts.pair_chart(analysis.sector_pairs(language="en"), language="en")
    assert len(ax.patches) == min(8, len(analysis.sector_pairs()))


def test_tables_and_cohort_view_escape_and_translate(store):
    html = services.event_table(session(store, "en")).markup
    assert "Death and inheritance" in html and "40,000" in html
    html = services.summary_table(session(store, "nb")).markup
    assert "Få barn" in html and "Foreslått team" in html
    view = services.cohort_view(session(store, "en")).markup
    assert "Sirdal" in view and "0 municipalities" in view


def test_journey_explorer_is_driven_like_a_participant(store, close_figures):
    box = services.journey_explorer(session(store, "en", respondent="4228-r07"))
    fb = box.feedback
    assert fb.calls == 1 and fb.last_exception is None
    assert box.state["journey"]["actor"].iloc[0] == "health_care"
    box.picker.value = "building_a_house"
    assert box.sectors["technical"].value and not box.sectors["health_care"].value
    box.sectors["finance"].value = False
    assert "finance" not in box.marks["building_a_house"]
    assert "finance" not in box.state["journey"]["actor"].tolist()
    box.save_button.click()
    assert fb.kind == "ok" and fb.last_exception is None
    saved = store.latest("4228-r07", "life_events").answers
    assert "finance" not in saved["building_a_house"] and "finance" in saved["having_a_child"]


def test_explorer_shows_an_empty_journey_inline(store, tmp_path, close_figures):
    good = tmp_path / "tiny.yaml"
    good.write_text(yaml.safe_dump(tiny(["a", "b"])), encoding="utf-8")
    cat = model.load_life_events(good)
    box = JourneyExplorer(session(store, "en"), catalogue=cat)
    box.sectors["a"].value = False
    box.sectors["b"].value = False
    assert isinstance(box.feedback.last_exception, LifeEventError)
    assert box.feedback.kind == "error" and "no services left" in box.feedback.value
    box.save_button.click()  # no respondent: a clear message, nothing saved
    assert box.feedback.kind == "error" and store.count() == 0


def test_explorer_prefills_sample_marks_only_when_nothing_is_saved(store, close_figures):
    box = services.journey_explorer(session(store, respondent="4228-r02", prefill="sample"))
    assert box.marks == sample_marks()
    analysis.save_marks(store, "4228-r02", "4228", {"moving": ["finance"]})
    box = services.journey_explorer(session(store, respondent="4228-r02", prefill="demo"))
    assert box.marks["moving"] == ["finance"]


def test_workbook_helpers_prefill_once_and_draw(store, close_figures):
    marks = services.prepare_marks(session(store, "en", "Sirdal", respondent="4228-r03", prefill="sample"))
    assert marks == sample_marks() and store.count() == 1
    analysis.save_marks(store, "4228-r03", "4228", {"moving": ["finance"]})
    again = services.prepare_marks(session(store, respondent="4228-r03", prefill="sample"))
    assert again["moving"] == ["finance"] and store.count() == 2  # nothing overwritten, nothing re-seeded
    assert services.prepare_marks(session(store, prefill="sample")) == again  # the municipality's marks
    assert store.count() == 2
    en = session(store, "en")
    ax = services.journey_chart(en, "having_a_child", marks)
    assert ax.get_title(loc="left").startswith("Having a child\n")
    ax = services.journey_chart(en, "having_a_child", marks, team=True)
    lanes = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert "Cross-functional team" in lanes and "with a cross-functional team" in ax.get_title(loc="left")
    card = services.team_card(en, marks).markup
    team = analysis.cross_event_team(marks)
    assert "One team across the life events" in card and f">{team.removed}<" in card


def test_workbook_cells_use_the_saved_marks_in_the_sessions_language(store, close_figures):
    services.prepare_marks(session(store, respondent="4228-r04", prefill="sample"))
    en = session(store, "en", respondent="4228-r04")
    marks = services.saved_marks(en)
    assert marks == sample_marks()
    assert services.saved_marks(session(store, "en")) == marks  # nobody known: the municipality's marks
    assert services.saved_marks(session(store, "en", "0301")) == analysis.default_marks()
    ax = services.handover_chart(en, marks)
    assert ax.get_title(loc="left") == "Handovers per life event"
    assert len(ax.get_yticklabels()) == len(analysis.summary(marks))
    ax = services.pair_chart(en, marks)
    assert len(ax.patches) == min(8, len(analysis.sector_pairs(marks)))
    html = services.summary_table(en, marks).markup
    assert "Having a child" in html and "Suggested team" in html


def test_cohort_view_shows_the_networks_figures_once_enough_have_saved(store):
    peers = municipalities.in_network(municipalities.get("4228").network)
    assert len(peers) >= 5
    for m in peers[:5]:
        analysis.save_marks(store, f"{m.number}-r01", m.number, {"having_a_child": ["health_care"]})
    html = services.cohort_view(session(store, "en")).markup
    expected = analysis.handovers(analysis.journey("having_a_child", ["health_care"]))
    assert "Having a child" in html and f">{expected}.0<" in html and "too few" not in html.lower()


def test_cohort_view_for_a_municipality_without_a_network_compares_the_county(store):
    """Oslo has no regional Digi-network: the view says so and never calls Oslo its own network."""
    html = services.cohort_view(session(store, "nb", municipality="0301")).markup
    assert "ikke funnet noe regionalt Digi-nettverk" in html and "<table" not in html
    assert "Oslo kommune" not in html


#: The ministries as they stand after DFD was created on 1 January 2024.
CURRENT_MINISTRIES = {"AID", "DFD", "HOD", "KUD", "NFD", "KD", "KDD", "BFD", "JD"}
#: Names that no longer exist: KMD (to 2021), ASD (to 2021), BLD (to 2018), Kulturdepartementet (to 2021).
STALE_NAMES = (
    "Kommunal- og moderniseringsdepartementet",
    "Arbeids- og sosialdepartementet har",
    "Kulturdepartementet har",
)


def test_life_events_use_current_ministry_names_with_the_date():
    catalogue = model.load_life_events()
    for event in catalogue.events.values():
        if event.ministry is None:
            continue
        assert event.ministry in CURRENT_MINISTRIES, event.id
        for lang in ("nb", "en"):
            text = " ".join(f[lang] for f in event.facts)
            assert not any(stale in text for stale in STALE_NAMES), (event.id, lang)
            if "departement" in text or "Ministry" in text:
                assert (
                    "1. januar" in text or "1. oktober" in text or "January" in text or "October" in text
                ), (
                    event.id,
                    lang,
                )


def test_the_follow_up_starts_from_the_team_the_gathering_saved(store):
    """1c shows the team built from the marks 1b saved for the municipality, not the defaults."""
    wb = session(store, "en", respondent="4228-r05")
    before = services.gathering_team(wb).markup
    assert "has not saved marks at the gathering day (1b)" in before
    marks = {"having_a_child": ["health_care", "education"], "unemployment": ["welfare"]}
    analysis.save_marks(store, "4228-r01", "4228", marks)
    after = services.gathering_team(wb).markup
    assert "builds on the marks the municipality saved" in after
    expected = analysis.cross_event_team(analysis.check_marks(marks, model.load_life_events()))
    cat = model.load_life_events()
    for member in expected.members:
        assert cat.actors[member].name("en") in after
