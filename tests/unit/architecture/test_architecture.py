import subprocess
import sys

import pandas as pd
import pytest

import casekit
from casekit import data, i18n
from casekit.architecture import analysis, charts, model, sample, views
from casekit.architecture.widgets import LandscapeEditor
from casekit.errors import ArchitectureError
from casekit.store import open_store


def tiny(*integrations, platform=True):
    systems = pd.DataFrame(
        [
            ["a", "A", "A", "care", "municipal", False, ""],
            ["b", "B", "B", "care", "municipal", False, ""],
            ["c", "C", "C", "care", "municipal", False, ""],
            ["d", "D", "D", "care", "municipal", False, ""],
            ["n", "N", "N", "national", "national", False, ""],
        ]
        + (
            [["integration_platform", "Plattform", "Platform", "infrastructure", "municipal", True, ""]]
            if platform
            else []
        ),
        # without name_nn, as in a landscape saved before the nynorsk names: the bokmål name stands in
        columns=[c for c in sample.SYSTEM_COLUMNS if c != "name_nn"],
    )
    defaults = ("p2p", "", "one-way")  # kind, via, direction when only source, target, entity are given
    rows = [[f"i{k:03d}", *i, *defaults[len(i) - 3 :]] for k, i in enumerate(integrations, start=1)]
    frame = pd.DataFrame(rows, columns=sample.INTEGRATION_COLUMNS)
    return model.from_frames(systems, frame, name="tiny", file="tiny.csv")


def star():
    """a, b, c, d all talk to each other point to point (6 integrations)."""
    pairs = [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]
    return tiny(*[(s, t, f"e{k}", "p2p", "", "one-way") for k, (s, t) in enumerate(pairs)])


def test_import_casekit_does_not_import_networkx():
    code = "import casekit, casekit.architecture, sys; print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sample_is_valid_and_about_thirty_systems():
    sample = model.load_sample()
    assert 28 <= len(sample.ids()) <= 36
    assert {"id_porten", "altinn", "ks_fiks", "helsenorge"} <= set(sample.ids())
    assert {
        "ehr_care",
        "case_archive",
        "hr",
        "payroll",
        "finance",
        "school_admin",
        "building_permits",
        "gis",
    } <= set(sample.ids())
    kinds = sample.integrations["kind"].value_counts()
    assert kinds["p2p"] > 0 and kinds["platform"] > 0
    assert set(sample.platforms()) == {"integration_platform", "ks_fiks"}
    assert data.build(["it_systems", "it_integrations"], check=True) == {
        "it_systems": True,
        "it_integrations": True,
    }


def test_coupling_counts_connections_and_betweenness():
    land = star()
    frame = analysis.coupling(land).set_index("system")
    assert frame.loc["a", "degree"] == 3 and frame.loc["a", "p2p"] == 3
    assert frame.loc["n", "degree"] == 0 and frame.loc["a", "betweenness"] == 0  # complete graph: no brokers
    via = analysis.to_platform(land)
    frame = analysis.coupling(via).set_index("system")
    assert (
        frame.loc["integration_platform", "degree"] == 4 and frame.loc["integration_platform", "routed"] == 6
    )
    assert frame.loc["integration_platform", "betweenness"] == pytest.approx(6 / 10)  # all 6 pairs of 4 ends
    assert frame.loc["a", "degree"] == 1 and frame.loc["a", "via_platform"] == 3


def test_blast_radius_p2p_versus_platform():
    land = star()
    radius = analysis.blast_radius(land, "a")
    assert (radius.rebuild, radius.connectors, radius.work) == (3, 0, 3)
    assert radius.partners_changed == ("b", "c", "d") and radius.partners_shielded == ()
    assert radius.reach == 3  # a → b, c, d and onwards
    radius = analysis.blast_radius(analysis.to_platform(land), "a")
    assert (radius.rebuild, radius.connectors, radius.work) == (0, 1, 1)
    assert radius.partners_shielded == ("b", "c", "d")
    assert analysis.blast_radius(land, "d").reach == 0  # only receives
    frame = analysis.blast_radii(land)
    assert frame.iloc[0]["work"] == 3 and frame["work"].is_monotonic_decreasing
    with pytest.raises(ArchitectureError, match="zz"):
        analysis.blast_radius(land, "zz")


def test_two_way_exchanges_do_not_pass_changes_on():
    land = tiny(
        ("a", "n", "authentication", "p2p", "", "two-way"), ("b", "n", "authentication", "p2p", "", "two-way")
    )
    assert analysis.blast_radius(land, "a").reach == 1  # n, but not b behind it


def test_platform_savings_and_variants():
    land = star()
    savings = analysis.platform_savings(land)
    assert (savings.p2p_before, savings.removed, savings.connectors, savings.net) == (6, 6, 4, 2)
    assert analysis.platform_savings(analysis.to_platform(land)).removed == 0
    small = tiny(("a", "b", "x", "p2p", "", "one-way"), platform=False)
    assert analysis.platform_savings(small).net == -1  # one integration, two connectors: the platform costs
    assert "integration_platform" in analysis.to_platform(small).ids()
    spaghetti = analysis.to_spaghetti(analysis.to_platform(land))
    assert (spaghetti.integrations["kind"] == "p2p").all() and (spaghetti.integrations["via"] == "").all()
    frame = analysis.compare(land, language="en").set_index("variant")
    assert frame.loc["spaghetti", "label"] == "All point to point"
    assert frame.loc["platform", "p2p"] == 0 and frame.loc["spaghetti", "connections"] == 6
    assert frame.loc["platform", "max_work"] < frame.loc["spaghetti", "max_work"]


def test_sample_comparison_tells_the_platform_story():
    frame = analysis.compare(model.load_sample()).set_index("variant")
    assert frame.loc["platform", "p2p"] < frame.loc["today", "p2p"] < frame.loc["spaghetti", "p2p"]
    assert frame.loc["platform", "mean_work"] < frame.loc["spaghetti", "mean_work"]
    assert frame.loc["platform", "max_degree"] > frame.loc["spaghetti", "max_degree"]  # the hub's risk
    assert frame.loc["platform", "hub"] == "Integrasjonsplattform"


def test_edits_change_the_metrics_and_leave_the_original_alone():
    land = star()
    bigger = land.add_system("e", "E")
    bigger = bigger.add_integration("a", "e", "document")
    assert len(land.ids()) == 6 and len(land.integrations) == 6
    assert analysis.blast_radius(bigger, "a").rebuild == 4
    assert bigger.integrations.iloc[-1]["id"] == "i007"
    smaller, removed = bigger.remove_system("a")
    assert removed == 4 and "a" not in smaller.ids()
    assert analysis.coupling(smaller).set_index("system").loc["b", "degree"] == 2
    fewer = land.remove_integration("i001")
    assert len(fewer.integrations) == 5
    routed = land.add_integration("a", "b", "person", kind="platform", via="integration_platform")
    assert analysis.coupling(routed).set_index("system").loc["integration_platform", "degree"] == 2


@pytest.mark.parametrize(
    ("call", "fragments"),
    [
        (
            lambda land: land.add_integration("a", "ghost", "document"),
            ["ghost", "does not exist", "a → ghost"],
        ),
        (lambda land: land.add_integration("ghsot", "a", "document"), ["ghsot"]),
        (lambda land: land.add_integration("a", "a", "document"), ["itself"]),
        (lambda land: land.add_integration("a", "b", "e0"), ["already exists", "i001"]),
        (lambda land: land.add_integration("a", "b", " "), ["which data"]),
        (lambda land: land.add_integration("a", "b", "x", kind="ftp"), ["ftp", "p2p, platform"]),
        (lambda land: land.add_integration("a", "b", "x", direction="both"), ["both"]),
        (lambda land: land.add_integration("a", "b", "x", kind="platform"), ["which platform"]),
        (
            lambda land: land.add_integration("a", "b", "x", kind="platform", via="c"),
            ["“c” is not an integration"],
        ),
        (
            lambda land: land.add_integration(
                "a", "integration_platform", "x", kind="platform", via="integration_platform"
            ),
            ["one of its own ends"],
        ),
        (
            lambda land: land.add_integration("a", "b", "x", via="integration_platform"),
            ["does not go through"],
        ),
        (lambda land: land.add_integration("d", "a", "e2"), ["circle", "a → d → a"]),
        (lambda land: land.add_system("a", "Again"), ["already exists"]),
        (lambda land: land.add_system("Bad Id", "x"), ["Bad Id"]),
        (lambda land: land.add_system("f", " "), ["no name"]),
        (lambda land: land.add_system("f", "F", kind="county"), ["county"]),
        (lambda land: land.remove_system("zz"), ["zz"]),
        (lambda land: land.remove_integration("i999"), ["i999"]),
    ],
)
def test_bad_edits_are_explained_and_change_nothing(call, fragments):
    land = star()
    before = land.integrations.copy(), land.systems.copy()
    i18n.set_language("en")
    with pytest.raises(ArchitectureError) as err:
        call(land)
    for fragment in fragments:
        assert fragment in err.value.message("en"), err.value.message("en")
    assert err.value.message("nb") != err.value.message("en")
    pd.testing.assert_frame_equal(land.integrations, before[0])
    pd.testing.assert_frame_equal(land.systems, before[1])


def test_a_longer_circle_is_named_in_full():
    land = tiny(("a", "b", "employee"), ("b", "c", "employee"), ("c", "d", "time"))
    with pytest.raises(ArchitectureError) as err:
        land.add_integration("c", "a", "employee")
    assert "a → b → c → a" in err.value.message("en") or "b → c → a → b" in err.value.message("en")
    assert land.add_integration("c", "a", "employee", direction="two-way")  # an exchange is not a circle


def test_a_platform_in_use_cannot_be_removed():
    land = analysis.to_platform(star())
    with pytest.raises(ArchitectureError, match="6"):
        land.remove_system("integration_platform")
    assert analysis.to_spaghetti(land).remove_system("integration_platform")[1] == 0


def test_files_with_unknown_systems_are_refused_with_file_and_row(tmp_path):
    systems = tmp_path / "systems.csv"
    integrations = tmp_path / "integrations.csv"
    sample.sample_systems().to_csv(systems, index=False)
    frame = sample.sample_integrations()
    frame.loc[4, "target"] = "economy"
    frame.to_csv(integrations, index=False)
    with pytest.raises(ArchitectureError) as err:
        model.read_landscape(systems, integrations)
    message = err.value.message("en")
    assert "integrations.csv" in message and "i005" in message and "economy" in message
    frame.loc[4, "target"] = "finance"
    frame.to_csv(integrations, index=False)
    assert len(model.read_landscape(systems, integrations).integrations) == len(frame)
    with pytest.raises(ArchitectureError, match="platform"):
        model.from_frames(sample.sample_systems().drop(columns="platform"), frame)
    with pytest.raises(ArchitectureError, match="direction"):
        model.from_frames(sample.sample_systems(), frame.drop(columns="direction"))
    dupes = pd.concat([sample.sample_systems(), sample.sample_systems().head(1)])
    with pytest.raises(ArchitectureError, match="ehr_care"):
        model.from_frames(dupes, frame)


def test_synthetic_landscape_is_valid_and_deterministic():
    systems, integrations = sample.synthetic_frames(120, seed=3)
    land = model.from_frames(systems, integrations)
    assert len(land.ids()) == 120 and len(integrations) > 150
    again = sample.synthetic_frames(120, seed=3)[1]
    pd.testing.assert_frame_equal(integrations, again)


def test_landscape_round_trips_through_the_store(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    land = model.load_sample().add_system("quality", "Kvalitetssystem")
    land = land.add_integration(
        "quality", "case_archive", "document", kind="platform", via="integration_platform"
    )
    model.save_landscape(store, land, respondent="4228-r01", municipality="4228")
    again = model.load_landscape(store, respondent="4228-r01")
    assert again.ids() == land.ids()
    pd.testing.assert_frame_equal(again.integrations, land.integrations)
    assert model.load_landscape(store, municipality="4228").ids() == land.ids()
    assert model.load_landscape(store, municipality="0301").ids() == model.load_sample().ids()
    with pytest.raises(ArchitectureError):
        model.save_landscape(store, land, respondent="", municipality="4228")


def test_charts(close_figures):
    from matplotlib.colors import to_hex

    land = model.load_sample()
    ax = charts.landscape_map(land, language="en")
    assert len(ax.lines) == analysis.connection_graph(land).number_of_edges()
    red = [line for line in ax.lines if to_hex(line.get_color()) == charts.P2P_COLOUR.lower()]
    assert len(red) > 0 and len(ax.collections) == len(land.ids())
    assert "34 systems" in ax.texts[-1].get_text() or any("34 systems" in t.get_text() for t in ax.texts)
    ax = charts.coupling_chart(analysis.coupling(land, language="en"), top=5, language="en")
    assert len(ax.patches) == 5 and ax.get_yticklabels()[-1].get_text() == "Integration platform"
    ax = charts.comparison_chart(analysis.compare(land, language="nb"), language="nb")
    assert len(ax.patches) == 9 and ax.get_legend().get_texts()[0].get_text() == "Alt punkt-til-punkt"
    ax = charts.blast_chart(land, "case_archive", language="en")
    radius = analysis.blast_radius(land, "case_archive")
    assert len(ax.collections) == 1 + len(radius.partners_changed) + radius.connectors + len(
        radius.partners_shielded
    )


def test_editor_is_driven_like_a_participant(tmp_path, close_figures):
    store = open_store(tmp_path / "s.sqlite")
    editor = LandscapeEditor(casekit.setup("en", "4228", store_url=store.url, respondent="4228-r01"))
    c, fb = editor.controls, editor.feedback
    assert fb.calls == 1 and fb.last_exception is None
    c["new_name"].value = "Kvalitetssystem"
    c["add_system"].click()
    assert "kvalitetssystem" in editor.state["landscape"].ids() and fb.kind == "ok"
    before = analysis.blast_radius(editor.state["landscape"], "case_archive").rebuild
    c["source"].value, c["target"].value, c["entity"].value = "kvalitetssystem", "case_archive", "document"
    c["add_integration"].click()
    assert analysis.blast_radius(editor.state["landscape"], "case_archive").rebuild == before + 1
    c["source"].value, c["target"].value = "case_archive", "kvalitetssystem"
    c["add_integration"].click()
    assert fb.kind == "error" and "circle" in fb.value
    assert isinstance(fb.last_exception, ArchitectureError)
    c["kind"].value = "platform"
    c["source"].value, c["target"].value, c["entity"].value = "kvalitetssystem", "hr", "employee"
    c["add_integration"].click()
    assert fb.kind == "ok" and fb.last_exception is None  # kvalitetssystem → hr through the platform is fine
    c["old_system"].value = "kvalitetssystem"
    c["remove_system"].click()
    assert "kvalitetssystem" not in editor.state["landscape"].ids() and "2 integrations" in fb.value
    c["old_integration"].value = "i001"
    c["remove_integration"].click()
    assert "i001" not in editor.state["landscape"].integrations["id"].tolist()
    c["save"].click()
    assert fb.kind == "ok" and store.latest("4228-r01", "architecture") is not None
    c["reset"].click()
    assert "i001" in editor.state["landscape"].integrations["id"].tolist()
    again = LandscapeEditor(casekit.setup("nb", "4228", store_url=store.url, respondent="4228-r01"))
    assert "i001" not in again.state["landscape"].integrations["id"].tolist()  # the saved edit comes back


def test_variant_maps_and_summary_card(close_figures):
    land = model.load_sample()
    axes = charts.variant_maps(land, language="en")
    assert [ax.get_title(loc="left") for ax in axes] == ["All point to point", "All through the platform"]
    card = views.summary_card(land, language="nb").markup
    savings = analysis.platform_savings(land)
    assert "Landskapet i tall" in card and f"netto {savings.net} færre" in card
    table = views.compare_table(land, language="en").markup
    assert "Point-to-point integrations" in table and "Integration platform" in table


def test_workbook_cells_start_from_the_saved_landscape(tmp_path, close_figures):
    from casekit import architecture

    store = open_store(tmp_path / "s.sqlite")
    wb = casekit.setup("en", "4228", store_url=store.url, respondent="4228-r02")
    assert architecture.workbook_landscape(wb).ids() == model.load_sample().ids()
    own = model.load_sample().add_system("quality", "Kvalitetssystem")
    model.save_landscape(store, own, respondent="4228-r02", municipality="4228")
    land = architecture.workbook_landscape(wb)
    assert "quality" in land.ids()
    colleague = casekit.setup("nb", "4228", store_url=store.url, respondent="4228-r03")
    assert "quality" in architecture.workbook_landscape(colleague).ids()  # the municipality's landscape
    ax = architecture.landscape_map(wb, land)
    assert any("35 systems" in t.get_text() for t in ax.texts)
    ax = architecture.coupling_chart(colleague, land)
    assert ax.get_xlabel() == i18n.t("architecture.chart.betweenness_axis", language="nb")
    ax = architecture.blast_chart(wb, land, "case_archive")
    assert ax.get_title(loc="left").startswith(f"If {land.label('case_archive', 'en')} is replaced")
    assert "Landskapet i tall" in architecture.summary_card(colleague, land).markup
    assert "Point-to-point integrations" in architecture.compare_table(wb, land).markup
    assert len(architecture.comparison_chart(wb, land).patches) == 9
    titles = [ax.get_title(loc="left") for ax in architecture.variant_maps(wb, land)]
    assert titles == ["All point to point", "All through the platform"]
    editor = architecture.landscape_editor(wb)
    assert "quality" in editor.landscape.ids() and editor.feedback.last_exception is None


def test_systems_have_nynorsk_names_and_a_table_without_them_gets_the_bokmaal_ones():
    names = model.load_sample().systems.set_index("id")
    assert names.loc["payroll", ["name_nb", "name_nn"]].tolist() == ["Lønn", "Løn"]
    assert names.loc["altinn", "name_nn"] == "Altinn"  # the same in both, not left empty
    land = tiny(("a", "b", "x"))  # built without a name_nn column
    assert land.systems["name_nn"].tolist() == land.systems["name_nb"].tolist()
    grown = land.add_system("e", "Kvalitetssystem", name_nn="Kvalitetssystem nn")
    assert grown.systems.set_index("id").loc["e", "name_nn"] == "Kvalitetssystem nn"
