"""The hub service's parts that need no hub: reading scopes, the roster, the wire format, the command line
and the kept saves of the kernel's client. The service itself is tested against a real JupyterHub in
``tests/hub``."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pandas as pd
import pytest

from casekit.apps.cli import main
from casekit.errors import StoreUnavailableError
from casekit.hub import contract
from casekit.hub.access import ALL, Caller
from casekit.hub.app import default_address, default_prefix
from casekit.hub.handlers import language_for
from casekit.hub.roster import Cohort, Membership, Roster
from casekit.store import AuditEntry, Erasure, Purge, Submission
from casekit.store.service import Outbox, ServiceStore
from casekit.store.wire import (
    audit_from_json,
    audit_json,
    erasure_from_json,
    erasure_json,
    purge_from_json,
    purge_json,
    respondents_frame,
    respondents_json,
    submission_from_json,
    submission_json,
    tidy_frame,
    tidy_json,
)


def _caller(*scopes: str, name: str = "tove") -> Caller:
    return Caller.from_model({"name": name, "kind": "user", "scopes": list(scopes)})


def test_scopes_limited_by_group_reach_only_those_cohorts():
    trainer = _caller(
        contract.ACCESS,
        "custom:casekit:read!group=cohort-agder-2025",
        "custom:casekit:publish!group=cohort-agder-2025",
    )
    assert trainer.read == frozenset({"agder-2025"}) and trainer.trainer and not trainer.participate
    assert trainer.readable(["agder-2025", "vestland-2025"]) == ["agder-2025"]
    everyone = _caller("custom:casekit:read")
    assert everyone.read is ALL and everyone.readable(["a", "b"]) == ["a", "b"]
    odd = _caller("custom:casekit:read!user=tove", "custom:casekit:readers")  # other filters grant nothing
    assert odd.read == frozenset() and not odd.trainer
    assert _caller("custom:casekit:participate").participate
    assert _caller("custom:casekit:participate!user=anna", name="anna").participate
    assert not _caller("custom:casekit:participate!user=bjorn", name="anna").participate
    assert _caller(contract.ADMIN).admin and not _caller(contract.ADMIN + "!group=x").admin


def test_the_contract_roles_are_what_the_hub_is_given():
    participant, trainer = contract.roles("agder-2025")
    assert participant == {
        "name": "casekit-participant-agder-2025",
        "scopes": ["access:services!service=casekit", "custom:casekit:participate"],
        "groups": ["cohort-agder-2025"],
    }
    assert trainer["scopes"][1:] == [
        "custom:casekit:read!group=cohort-agder-2025",
        "custom:casekit:publish!group=cohort-agder-2025",
    ]
    assert trainer["groups"] == ["trainers-agder-2025"]
    assert contract.admin_role()["groups"] == ["casekit-admins"]
    assert set(contract.CUSTOM_SCOPES) == {
        contract.PARTICIPATE,
        contract.READ,
        contract.PUBLISH,
        contract.ADMIN,
    }
    assert contract.SERVER_TOKEN_SCOPES[:2] == ("users:activity!user", "access:servers!server")


def test_the_roster_knows_each_participant_s_cohort_and_municipality():
    roster = Roster(
        [
            Cohort(
                "a",
                dt.date(2030, 1, 1),
                {"anna": Membership("a", "4204", "leader"), "bjorn": Membership("a", "4228")},
            ),
            Cohort("b", None, {"anna": Membership("b", "4204"), "vera": Membership("b", "4601")}),
        ]
    )
    assert [m.cohort for m in roster.memberships("anna")] == ["a", "b"]
    assert roster.memberships("nobody") == [] and roster.members(["b"]) == {"anna", "vera"}
    assert roster.ids == ["a", "b"] and len(roster) == 3


def test_language_follows_accept_language():
    assert language_for("en-GB,en;q=0.9") == "en"
    assert language_for("nb-NO") == "nb" and language_for("de, en") == "en"
    assert language_for(None) == "nb" and language_for("fr") == "nb"


def test_records_survive_the_wire():
    now = dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.timezone.utc)
    sub = Submission(
        7, "anna", "4204", None, "maturity", "2", "final", now, {"a": [1, "æ"]}, {"page": 1}, "c"
    )
    assert submission_from_json(json.loads(json.dumps(submission_json(sub)))) == sub
    entry = AuditEntry(1, now, "tove", "read", "submissions: all", 3, "")
    assert audit_from_json(audit_json(entry)) == entry
    erasure = Erasure("anna", 2, 5, {"maturity": 2}, True)
    assert erasure_from_json(erasure_json(erasure)) == erasure
    purge = Purge(dt.date(2025, 1, 1), {"a": 3}, 1, 0, {"b": None, "c": "2030-01-01"}, False)
    assert purge_from_json(json.loads(json.dumps(purge_json(purge)))) == purge


def test_tidy_answers_travel_in_columns_with_values_as_stored():
    subs = [(3, "anna", "4204", None, "maturity", "1", "final", "2025-03-01T10:00:00+00:00")]
    rows = [(3, "a", "1"), (3, "b", '["x", null]'), (3, "c", '"dont_know"')]
    frame = tidy_frame(json.loads(tidy_json(subs, rows)))
    assert list(frame["value"]) == [1, ["x", None], "dont_know"]
    assert frame["respondent"].tolist() == ["anna"] * 3 and str(frame["created_at"].dt.tz) == "UTC"
    empty = tidy_frame(json.loads(tidy_json([], [])))
    assert empty.empty and list(empty.columns)[-2:] == ["item", "value"]
    people = pd.DataFrame(
        [["anna", "4204", None, "2025-03-01T10:00:00"]],
        columns=["respondent", "municipality", "role", "created_at"],
    )
    assert respondents_frame(json.loads(json.dumps(respondents_json(people)))).equals(people)


def test_serve_refuses_another_service_as_its_store_and_a_missing_cohort(capsys, tmp_path):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text('id: c1\ntitle: T\nmunicipalities: ["4204"]\n', encoding="utf-8")
    assert (
        main(
            [
                "--lang",
                "en",
                "serve",
                "--cohort",
                str(cohort),
                "--store",
                "http://127.0.0.1:1/services/casekit/",
            ]
        )
        == 1
    )
    err = capsys.readouterr()
    assert "not another casekit service" in err.err and "lists no participants" in err.out
    with pytest.raises(SystemExit) as usage:
        main(["--lang", "en", "serve", "--store", "sqlite:///x.sqlite"])
    assert usage.value.code == 2 and "--cohort" in capsys.readouterr().err
    assert (
        main(["--lang", "en", "serve", "--cohort", str(tmp_path / "missing.yaml"), "--store", "x.sqlite"])
        == 1
    )


def test_kept_saves_are_shared_by_a_user_s_kernels_and_set_aside_never_dropped(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_DATA_DIR", str(tmp_path))
    one = Outbox.for_service("http://127.0.0.1:1/services/casekit/", "anna")
    two = Outbox.for_service("http://127.0.0.1:1/services/casekit/", "anna")  # another kernel
    assert one.path == two.path and one.path.parent == tmp_path / "outbox"
    first = one.add({"instrument": "x", "answers": {"q": 1}})
    two.add({"instrument": "x", "answers": {"q": 2}})
    assert [e["body"]["answers"]["q"] for e in one.pending()] == [1, 2]
    one.set_aside(first, "refused for a reason")
    assert [e["body"]["answers"]["q"] for e in two.pending()] == [2]
    assert json.loads(one.refused.read_text())[0]["refused"] == "refused for a reason"
    two.remove(two.pending()[0]["id"])
    assert not one.path.exists() and one.pending() == []


def test_a_client_with_no_service_answering_keeps_the_save_and_says_where(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    st = ServiceStore(f"http://127.0.0.1:{port}/services/casekit", token="t")
    st.attempts, st.backoff_s = 2, 0.01
    with pytest.raises(StoreUnavailableError) as kept:
        st.save("x", "maturity-x", {"q": 1})
    assert "Connection refused" in kept.value.message("en") and str(st.outbox.path) in kept.value.message(
        "en"
    )
    assert st.latest("x", "maturity-x").answers == {"q": 1}
    with pytest.raises(StoreUnavailableError, match="2"):
        st.submissions()


def test_the_service_listens_where_the_hub_says_or_on_the_contract_s_port(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_SERVICE_URL", raising=False)
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    assert default_address() == ("127.0.0.1", contract.DEFAULT_PORT) == ("127.0.0.1", 10101)
    assert default_prefix() == "/services/casekit/"
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://10.0.0.5:18000")  # a managed service
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/hub-x/services/casekit")
    assert default_address() == ("10.0.0.5", 18000) and default_address(9000, "127.0.0.1") == (
        "127.0.0.1",
        9000,
    )
    assert default_prefix() == "/hub-x/services/casekit/"
