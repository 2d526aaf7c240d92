"""The kernel's side: ``open_store()`` in a hub kernel is the service's client, with the Store protocol.

Each test plays a kernel: the hub's environment (``CASEKIT_SERVICE_URL``, ``JUPYTERHUB_API_TOKEN``,
``JUPYTERHUB_USER``) set for one hub user, and its own data folder for the kept saves.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator

import pandas as pd
import pytest
from hubcohorts import COHORT, OTHER_COHORT
from test_store import assert_conforms

import casekit
from casekit import assessment, privacy
from casekit import store as store_package
from casekit.assessment.model import load_instrument
from casekit.assessment.published import published_answers, published_group
from casekit.assessment.scoring import responses, score
from casekit.assessment.synthetic import demo_answers
from casekit.errors import SnapshotConflictError, StoreError, StoreRefusedError, StoreUnavailableError
from casekit.radar.published import published_ballots
from casekit.radar.sample import sample_radar
from casekit.radar.votes import Ballot, save_ballot
from casekit.store import ServiceStore, SQLStore, Store, open_store

pytestmark = pytest.mark.slow
USERS = {"participant": "anna", "other_participant": "bjorn", "trainer": "tove", "admin": "ada"}


def _forget_clients() -> None:
    for key in [k for k in store_package._OPEN if k[0].startswith("http")]:
        store_package._OPEN.pop(key)


@pytest.fixture
def kernel(monkeypatch, tmp_path, tokens) -> Iterator[Callable[..., Store]]:
    """``kernel(kind, url)``: the default store of a hub kernel belonging to that kind of caller."""

    def start(kind: str, url: str) -> Store:
        _forget_clients()
        monkeypatch.setenv("CASEKIT_SERVICE_URL", url)
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", tokens[kind])
        monkeypatch.setenv("JUPYTERHUB_USER", USERS.get(kind, kind))
        monkeypatch.setenv("CASEKIT_DATA_DIR", str(tmp_path / USERS.get(kind, kind)))
        monkeypatch.setenv("CASEKIT_STORE_URL", f"sqlite:///{tmp_path / 'never.sqlite'}")
        return open_store()

    yield start
    _forget_clients()
    assert not (tmp_path / "never.sqlite").exists()  # the hub kernel never fell back to a local store


def test_the_client_has_exactly_the_protocol_s_methods_and_signatures():
    assert_conforms(ServiceStore)


def test_open_store_in_a_hub_kernel_is_the_service(kernel, service):
    st = kernel("participant", service.url)
    assert isinstance(st, ServiceStore) and isinstance(st, Store) and st.url == service.url
    assert open_store() is st and open_store(None, cohort=COHORT).cohort == COHORT
    assert isinstance(open_store(service.url), ServiceStore)  # an explicit address too


def test_a_service_address_without_a_token_or_a_bad_address_says_what_to_do(monkeypatch):
    _forget_clients()
    monkeypatch.setenv("CASEKIT_SERVICE_URL", "http://127.0.0.1:9/services/casekit/")
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    with pytest.raises(StoreError, match="JUPYTERHUB_API_TOKEN"):
        open_store()
    with pytest.raises(StoreError, match="http://"):
        ServiceStore("ftp://example.org/", token="x")
    _forget_clients()


def test_a_participant_saves_and_reads_their_own_answers(kernel, service):
    st = kernel("participant", service.url)
    draft = st.save("ignored-id", "svc-own", {"q": 1}, status="draft", meta={"page": 2})
    assert draft.respondent == "anna" and draft.municipality == "4204" and draft.cohort == COHORT
    final = st.save("ignored-id", "svc-own", {"q": 2}, status="final", municipality="4204")
    latest = st.latest("whoever", "svc-own")
    assert latest == final and latest.answers == {"q": 2}
    assert st.latest("whoever", "svc-own", status="draft").meta == {"page": 2}
    assert [s.answers["q"] for s in st.history("whoever", "svc-own")] == [1, 2]
    st.save("x", "svc-unfinished", {"q": 0})
    unfinished = [s.instrument for s in st.drafts()]
    assert "svc-unfinished" in unfinished and "svc-own" not in unfinished  # its newest is final
    assert [s.instrument for s in st.drafts("svc-unf*")] == ["svc-unfinished"]
    st.register("x", "4204")
    assert st.whoami()["participant"][0] == {
        "cohort": COHORT,
        "municipality": "4204",
        "role": "kommunedirektør",
    }
    with pytest.raises(StoreRefusedError, match="casekit-trainer-") as refused:
        st.answers("svc-own")
    assert refused.value.http_status == 403
    with pytest.raises(StoreError, match="4228"):
        st.save("x", "svc-own", {"q": 3}, municipality="4228")


def test_limits_and_rules_are_checked_in_the_kernel_before_anything_is_sent(kernel, service):
    st = kernel("participant", service.url)
    with pytest.raises(StoreError, match="100000"):
        st.save("x", "svc-big", {"a": "x" * 150_000})
    with pytest.raises(StoreError):
        st.save("x", "svc-big", {"a": 1}, status="kladd")
    assert st.outbox.pending() == []


def test_a_trainer_reads_the_cohort_as_the_sql_store_holds_it(kernel, service, tmp_path):
    kernel("participant", service.url).save("x", "svc-read", {"a": 1, "b": [1, "x"]}, status="final")
    kernel("other_participant", service.url).save("x", "svc-read", {"a": 2, "b": None}, status="final")
    trainer = kernel("trainer", service.url)
    direct = SQLStore(service.store_url)
    try:
        got = trainer.answers("svc-read")
        want = direct.answers("svc-read", cohort=COHORT)
        pd.testing.assert_frame_equal(got, want)
        assert [s.id for s in trainer.submissions("svc-read")] == [
            s.id for s in direct.submissions("svc-read")
        ]
        assert trainer.count("svc-read") == 2 and trainer.bound(COHORT).count("svc-read") == 2
        assert set(trainer.respondents()["respondent"]) <= {"anna", "arne", "bjorn"}
        with pytest.raises(StoreRefusedError, match=f"casekit-trainer-{OTHER_COHORT}"):
            trainer.answers(cohort=OTHER_COHORT)
        trainer.register_cohort(COHORT, None)  # confirming what cohort.yaml says is a trainer's to do
        with pytest.raises(StoreRefusedError, match="casekit-admin"):
            trainer.register_cohort(COHORT, pd.Timestamp("2031-01-01").date())
        csv = trainer.export_csv(tmp_path / "answers.csv", instrument="svc-read")
        assert len(pd.read_csv(csv)) == len(want)
    finally:
        direct.engine.dispose()


def test_an_administrator_exports_erases_purges_and_reads_the_audit_through_the_client(kernel, service):
    kernel("other_participant", service.url).save("x", "svc-admin", {"a": 1}, status="final")
    admin = kernel("admin", service.url)
    person = admin.export_person("bjorn")
    assert person["respondent"]["id"] == "bjorn" and any(
        s["instrument"] == "svc-admin" for s in person["submissions"]
    )
    erasure = admin.erase("bjorn", actor="ignored", reason="test", dry_run=True)
    assert erasure.respondent == "bjorn" and not erasure.done and erasure.instruments["svc-admin"] >= 1
    assert admin.purge_expired(actor="ignored", dry_run=True).done is False
    trail = admin.audit()
    assert any(e.actor == "ada" and e.action == "export_person" for e in trail)


def test_a_workbook_saves_through_the_service_unchanged(kernel, service):
    """The 3a questionnaire, with its sample answers submitted as a headless run does: the save goes to
    the service as the hub user, and a new session (a restarted kernel) resumes from it."""
    kernel("participant", service.url)
    wb = casekit.setup("en", "4204", prefill="demo", cohort=COHORT)
    assert isinstance(wb.store, ServiceStore)
    form = assessment.questionnaire(wb, "capabilities")
    assert form.submitted is not None and form.submitted.respondent == "anna"
    assert (
        form.benchmark_label
    )  # the benchmark falls back to the labelled sample: anna may not read the cohort
    again = assessment.questionnaire(casekit.setup("en", "4204", cohort=COHORT), "capabilities")
    assert again.submitted is not None and again.submitted.id == form.submitted.id
    trainer = kernel("trainer", service.url)
    subs = trainer.submissions("capabilities", municipality="4204")
    assert [(s.respondent, s.cohort) for s in subs] == [("anna", COHORT)]


def test_an_unsent_save_is_kept_while_the_service_is_stopped_and_sent_when_it_is_back(
    kernel, hub, proxied_service
):
    st = kernel("participant", hub.service_url)  # through the hub's proxy, as a kernel reaches it
    st.attempts, st.backoff_s = 2, 0.05
    first = st.save("x", "svc-outbox", {"q": 1}, status="draft")
    proxied_service.stop()
    with pytest.raises(StoreUnavailableError) as kept:
        st.save("x", "svc-outbox", {"q": 2, "text": "written while the service was down"}, status="draft")
    message = kept.value.message("en")
    assert "kept on this computer" in message and str(st.outbox.path) in message
    assert json.loads(st.outbox.path.read_text())[0]["body"]["answers"]["q"] == 2
    with pytest.raises(StoreUnavailableError):
        st.save("x", "svc-outbox", {"q": 3}, status="final")
    resumed = st.latest("x", "svc-outbox")  # the widget resumes from the newest kept save
    assert resumed.answers == {"q": 3} and resumed.id < 0 and resumed.status == "final"
    assert st.latest("x", "svc-outbox", status="draft").answers["q"] == 2
    proxied_service.start()
    back = st.latest("x", "svc-outbox")  # sends what was kept, oldest first, then reads
    assert back.answers == {"q": 3} and back.id > first.id and back.status == "final"
    assert not st.outbox.path.exists()
    assert [s.answers["q"] for s in st.history("x", "svc-outbox")] == [1, 2, 3]
    assert os.environ["JUPYTERHUB_USER"] == "anna"


def test_a_kept_save_the_service_refuses_is_set_aside_with_a_warning_never_dropped(kernel, service):
    st = kernel("participant", service.url)
    st.outbox.add({"instrument": "svc-aside", "answers": {"q": 1}, "municipality": "4228"})  # anna is 4204
    with pytest.warns(UserWarning, match=re.escape(str(st.outbox.refused))):
        sub = st.save("x", "svc-aside", {"q": 2})
    assert sub.answers == {"q": 2} and st.outbox.pending() == []
    (aside,) = json.loads(st.outbox.refused.read_text())
    assert aside["body"]["answers"] == {"q": 1} and "4228" in aside["refused"]


def test_snapshots_through_the_client_as_the_sql_store_keeps_them(kernel, service):
    trainer = kernel("trainer", service.url)
    assert trainer.latest_snapshot("svc-snap") is None
    first = trainer.publish_snapshot(
        "svc-snap", {"units": {}, "previous": None}, actor="ignored", respondents=4
    )
    assert (first.actor, first.cohort, first.respondents) == ("tove", COHORT, 4)
    with pytest.raises(SnapshotConflictError):
        trainer.publish_snapshot("svc-snap", {"units": {}, "previous": None}, actor="x")
    anna = kernel("participant", service.url)
    assert anna.latest_snapshot("svc-snap") == first
    direct = SQLStore(service.store_url, cohort=COHORT)
    try:
        assert direct.latest_snapshot("svc-snap") == first
    finally:
        direct.engine.dispose()
    with pytest.raises(StoreRefusedError, match="casekit-trainer-") as refused:
        anna.publish_snapshot("svc-snap", {"units": {}}, actor="anna")
    assert refused.value.http_status == 403
    rows = pd.DataFrame([(i, f"p{i}", "4204", "d") for i in range(1, 6)], columns=list(privacy.ROW_COLUMNS))
    seen = privacy.published(anna, "svc-snap", rows)  # the rule allows a change, but anna may not publish
    assert seen.snapshot == first and not seen.refreshed and seen.facets == {}
    assert kernel("trainer", service.url).latest_snapshot("svc-snap") == first


def test_a_participant_s_kernel_sees_the_published_figures_without_others_ids(kernel, service):
    """Five colleagues of anna (saved straight into the store) and anna herself: the service applies the
    rule for her kernel, and her kernel sees what the SQL side publishes, under pseudonyms."""
    inst = load_instrument("capabilities")
    direct = SQLStore(service.store_url, cohort=COHORT)
    try:
        seeds = [f"svc-seed-{n}" for n in range(5)]
        for who in seeds:
            answers = {**demo_answers(inst, who, "4204"), "comment": "private words"}
            direct.save(who, inst.id, answers, status="final", municipality="4204")
        anna = kernel("participant", service.url)
        anna.save("x", inst.id, demo_answers(inst, "anna", "4204"), status="final")
        seen, publication = published_answers(anna, inst)
        assert publication.shown and publication.snapshot.actor == "anna"
        want, local = published_answers(direct, inst)
        assert local.snapshot == publication.snapshot and not local.refreshed
        assert len(seen) == len(want) > 0 and "4204" in set(seen["municipality"])
        ids = set(seen["respondent"])
        assert "anna" in ids and not ids & set(seeds)
        assert all(r == "anna" or r.startswith("anon-") for r in ids)
        assert set(seen.loc[seen["respondent"] != "anna", "submission_id"]) <= set(range(-100, 0))
        assert "private words" not in set(seen["value"].astype(str))
        columns = ["municipality", "role", "created_at", "item"]
        a = seen.drop(columns=["respondent", "submission_id"]).sort_values(columns, ignore_index=True)
        b = want.drop(columns=["respondent", "submission_id"]).sort_values(columns, ignore_index=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        scores = score(responses(seen, inst))
        local_scores = score(responses(want, inst))
        mean = scores.groupby("dimension")["score"].mean()
        pd.testing.assert_series_equal(mean, local_scores.groupby("dimension")["score"].mean())
        group = published_group(anna, "4204", inst)
        assert group["respondent"].nunique() >= 6
        # The gathering day's start (1b) in anna's kernel: her leader group as published, no raw read.
        start = assessment.leader_group(casekit.setup("nb", "4204", respondent="anna").with_store(anna), inst)
        assert start.shown and start.respondents == start.submitted == group["respondent"].nunique()
    finally:
        direct.engine.dispose()


def test_a_participant_s_kernel_sees_the_published_radar_ballots_without_others_ids(kernel, service):
    radar = sample_radar()
    blips = radar.ids()[:3]
    direct = SQLStore(service.store_url, cohort=COHORT)
    try:
        seeds = [f"svc-voter-{n}" for n in range(5)]
        for n, who in enumerate(seeds):
            placements = {b: radar.config.ring_keys[(n + i) % 2] for i, b in enumerate(blips)}
            save_ballot(direct, Ballot(who, "4228", placements), radar)
        bjorn = kernel("other_participant", service.url)
        seen, publication = published_ballots(bjorn)
        assert publication.shown and publication.snapshot.actor == "bjorn"
        want, local = published_ballots(direct)
        assert local.snapshot == publication.snapshot
        assert not set(seen["respondent"]) & set(seeds)
        assert all(r.startswith("anon-") for r in seen["respondent"])
        columns = ["municipality", "blip", "ring"]
        a = seen[columns].sort_values(columns, ignore_index=True)
        b = want[columns].sort_values(columns, ignore_index=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        assert len(a) == 15
    finally:
        direct.engine.dispose()
