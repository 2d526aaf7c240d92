"""``casekit cohort publish``: at a deadline the trainer publishes the group figures participants see, as
the answers stand; until then a group's figures wait for min_group_size new answers."""

import casekit
from casekit import assessment
from casekit.apps.cli import main
from casekit.assessment.model import load_instrument
from casekit.assessment.synthetic import fill_store
from casekit.cohort.publish import KINDS_BY_MODULE, kinds_for
from casekit.store import SQLStore, normalise_url


def _cohort(tmp_path):
    url = normalise_url(tmp_path / "agder.sqlite")
    fill_store(SQLStore(url), "agder", instruments=("maturity",))
    (tmp_path / "cohort.yaml").write_text(
        f'id: agder-2025\ntitle: Agder\nlanguage: "nb"\nmunicipalities: ["4204", "4228"]\n'
        f'store_url: "{url}"\n',
        encoding="utf-8",
    )
    return url


def _participant_sees(url):
    wb = casekit.setup("en", "4204", store_url=url, respondent="4204-r01")
    data = assessment.cohort_data(wb, "maturity", fallback=None)
    return int(data.answers.loc[data.answers["municipality"] == "4204", "respondent"].nunique())


def test_a_late_answer_waits_for_the_deadline_and_then_is_published(tmp_path, capsys):
    url = _cohort(tmp_path)
    before = _participant_sees(url)  # the first view publishes the groups as they are
    inst = load_instrument("maturity")
    late = {key: 3 for key in inst.answer_keys()}
    SQLStore(url).save(
        "4204-late", "maturity", late, municipality="4204", status="final", version=inst.version
    )
    assert _participant_sees(url) == before  # one late answer: nothing a participant reads changes
    assert main(["--lang", "en", "cohort", "publish", str(tmp_path / "cohort.yaml"), "--step", "3b"]) == 0
    out = capsys.readouterr().out
    assert "Published Digital maturity:" in out and "who answered, in 22 groups" in out
    assert "change again only when a group has at least 5 new answers" in out
    assert _participant_sees(url) == before + 1
    entry = SQLStore(url).audit()[-1]
    assert entry.action == "publish" and entry.scope == "snapshot:maturity" and entry.reason == "trainer"


def test_without_a_step_every_kind_of_group_figure_is_published_in_norwegian(tmp_path, capsys):
    url = _cohort(tmp_path)
    assert main(["cohort", "publish", str(tmp_path / "cohort.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.count("Publisert ") == 5 and "Digital modenhet" in out and "Teknologiradar" in out
    assert "Deltakerne ser nå disse tallene" in out
    store = SQLStore(url)
    assert all(
        store.latest_snapshot(kind) is not None for kinds in KINDS_BY_MODULE.values() for kind in kinds
    )
    assert store.latest_snapshot("radar-ballot").respondents == 0  # no ballots yet: published empty


def test_an_unknown_step_is_refused_and_nothing_is_published(tmp_path, capsys):
    url = _cohort(tmp_path)
    assert main(["cohort", "publish", str(tmp_path / "cohort.yaml"), "--step", "9z"]) == 1
    assert "9z" in capsys.readouterr().err
    assert SQLStore(url).latest_snapshot("maturity") is None
    assert kinds_for("1b") == ["capabilities", "life_events"] and kinds_for("4c") == ["radar-ballot"]
