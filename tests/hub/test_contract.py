"""The API contract against a real JupyterHub: every endpoint × every kind of caller, allowed and refused.

A refusal is 403 with a plain message that names the role the request needs; identity comes from the hub
token alone; a trainer sees only the cohorts their role reaches; every trainer's and administrator's read
is in the audit trail. The service runs once on SQLite and once on PostgreSQL.
"""

from __future__ import annotations

import pytest
from hubcohorts import CALLERS, COHORT, OTHER_COHORT
from hubkit import call

pytestmark = pytest.mark.slow

ANSWERS = {"q1": 3, "q2": "dont_know"}


@pytest.fixture(scope="module")
def saved(service, tokens):
    """Before the matrix: anna and bjorn (hub-agder) and vera (hub-vestland) have each saved."""
    for kind in ("participant", "other_participant", "other_cohort_participant"):
        body = {"instrument": "t", "answers": ANSWERS, "status": "final"}
        status, _ = call(service, "POST", "me/submissions", tokens[kind], body)
        assert status == 201
    return service


PARTICIPANTS = {"participant", "other_participant", "other_cohort_participant"}
WITH_ACCESS = PARTICIPANTS | {"trainer", "other_trainer", "admin"}
#: (method, path, body, who may, what a refusal's message names).
ENDPOINTS = [
    ("GET", "health", None, set(CALLERS), ""),
    ("GET", "me", None, WITH_ACCESS, ""),
    ("POST", "me/register", {}, PARTICIPANTS, "casekit-participant-"),
    (
        "POST",
        "me/submissions",
        {"instrument": "matrix", "answers": ANSWERS},
        PARTICIPANTS,
        "casekit-participant-",
    ),
    ("GET", "me/latest?instrument=t", None, PARTICIPANTS, "casekit-participant-"),
    ("GET", "me/history?instrument=t", None, PARTICIPANTS, "casekit-participant-"),
    ("GET", "me/drafts", None, PARTICIPANTS, "casekit-participant-"),
    ("GET", f"submissions?cohort={COHORT}&status=any", None, {"trainer"}, "casekit-trainer-"),
    ("GET", f"answers?cohort={COHORT}&status=any", None, {"trainer"}, "casekit-trainer-"),
    ("GET", f"respondents?cohort={COHORT}", None, {"trainer"}, "casekit-trainer-"),
    ("GET", f"count?cohort={COHORT}", None, {"trainer"}, "casekit-trainer-"),
    ("PUT", f"cohorts/{COHORT}", {"retention_until": None}, {"trainer", "admin"}, "casekit-trainer-"),
    (
        "GET",
        f"snapshots/matrix?cohort={COHORT}",
        None,
        {"participant", "other_participant", "trainer"},
        "casekit-",
    ),
    (
        "GET",
        f"published/maturity?cohort={COHORT}",
        None,
        {"participant", "other_participant", "trainer"},
        "casekit-",
    ),
    ("POST", f"snapshots/matrix?cohort={COHORT}", {"data": {"n": 1}}, {"trainer"}, "casekit-trainer-"),
    ("GET", "admin/export-person?respondent=anna", None, {"admin"}, "casekit-admin"),
    ("POST", "admin/erase", {"respondent": "anna", "dry_run": True}, {"admin"}, "casekit-admin"),
    ("POST", "admin/purge", {"dry_run": True}, {"admin"}, "casekit-admin"),
    ("GET", "admin/audit", None, {"admin"}, "casekit-admin"),
]
#: What a caller without access to the service at all is told.
NO_ACCESS = {
    "server_default": "server_token_scopes",
    "no_role": "server_token_scopes",
    "no_token": "JUPYTERHUB_API_TOKEN",
}


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize(
    ("method", "path", "body", "allowed", "role"), ENDPOINTS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_endpoint_for_every_caller(saved, tokens, caller, method, path, body, allowed, role):
    status, data = call(saved, method, path, tokens[caller], body)
    if caller in allowed:
        assert status in (200, 201), (status, data)
        assert "error" not in data
        return
    assert status == 403, (status, data)
    error = data["error"]
    assert error["status"] == 403 and error["message"]
    wanted = NO_ACCESS.get(caller, role)
    assert wanted in error["message"], error["message"]
    if caller == "other_trainer" and "trainer" in role:
        assert f"casekit-trainer-{COHORT}" in error["message"]


def test_the_openapi_paths_are_the_matrix_s_paths():
    from casekit.hub.handlers import ROUTES

    tried = {path.split("?")[0] for _m, path, *_ in ENDPOINTS}
    routes = {
        p.replace("(?P<cohort>[a-z0-9][a-z0-9-]{0,63})", COHORT)
        .replace("snapshots/(?P<kind>[^/]+)", "snapshots/matrix")
        .replace("published/(?P<kind>[^/]+)", "published/maturity")
        for p, _h in ROUTES
    }
    assert routes == tried


def test_identity_comes_from_the_token_never_from_the_body(saved, tokens):
    anna, bjorn = tokens["participant"], tokens["other_participant"]
    status, data = call(
        saved, "POST", "me/submissions", anna, {"respondent": "bjorn", "instrument": "t", "answers": {}}
    )
    assert status == 400 and "hub token" in data["error"]["message"]
    status, data = call(
        saved, "POST", "me/submissions", anna, {"instrument": "own", "answers": {"x": "anna's"}}
    )
    assert status == 201 and data["submission"]["respondent"] == "anna"
    status, data = call(saved, "GET", "me/latest?instrument=own", bjorn)
    assert status == 200 and data["submission"] is None  # bjorn's own: nothing; never anna's
    for path in ("submissions?respondent=bjorn", f"answers?cohort={COHORT}", "respondents"):
        status, data = call(saved, "GET", path, anna)
        assert status == 403 and "casekit-trainer-" in data["error"]["message"]


def test_a_participant_saves_for_the_municipality_and_cohort_in_cohort_yaml(saved, tokens):
    anna = tokens["participant"]
    status, data = call(
        saved, "POST", "me/submissions", anna, {"instrument": "m", "answers": {}, "municipality": "4228"}
    )
    assert status == 400
    message = data["error"]["message"]
    assert "4204" in message and "4228" in message and "cohort.yaml" in message
    body = {
        "instrument": "m",
        "answers": {"a": 1},
        "municipality": "4204",
        "role": "someone else",
        "status": "final",
    }
    status, data = call(saved, "POST", "me/submissions", anna, body)
    sub = data["submission"]
    assert (sub["municipality"], sub["cohort"], sub["role"]) == ("4204", COHORT, "kommunedirektør")
    status, data = call(
        saved, "POST", "me/submissions", anna, {"instrument": "m", "answers": {}, "cohort": OTHER_COHORT}
    )
    assert status == 403 and f"casekit-participant-{OTHER_COHORT}" in data["error"]["message"]


def test_a_trainer_sees_only_the_cohorts_the_role_reaches(saved, tokens):
    tove, tor = tokens["trainer"], tokens["other_trainer"]
    status, data = call(saved, "GET", "submissions?instrument=t", tove)
    assert status == 200 and {s["respondent"] for s in data["submissions"]} == {"anna", "bjorn"}
    assert {s["cohort"] for s in data["submissions"]} == {COHORT}
    status, data = call(saved, "GET", "submissions?instrument=t", tor)
    assert {s["respondent"] for s in data["submissions"]} == {"vera"}
    status, data = call(saved, "GET", f"answers?cohort={OTHER_COHORT}", tove)
    assert status == 403 and f"casekit-trainer-{OTHER_COHORT}" in data["error"]["message"]
    status, data = call(saved, "GET", "respondents", tove)
    assert {row[0] for row in data["rows"]} <= {"anna", "arne", "bjorn"}
    status, data = call(saved, "GET", "count?instrument=t", tor)
    assert data == {"count": 1}


def test_every_trainer_and_administrator_read_is_in_the_audit_trail(saved, tokens):
    tove, ada = tokens["trainer"], tokens["admin"]
    call(saved, "GET", "submissions?instrument=t", tove)
    call(saved, "GET", f"answers?cohort={COHORT}&instrument=t", tove)
    call(saved, "GET", "respondents", tove)
    call(saved, "GET", "count", tove)
    call(saved, "GET", "admin/export-person?respondent=anna", ada)
    call(saved, "GET", "admin/audit", ada)
    _status, data = call(saved, "GET", "admin/audit", ada)
    entries = data["entries"]
    by_tove = [(e["action"], e["scope"]) for e in entries if e["actor"] == "tove"]
    assert any(a == "export" and "instrument=t" in s and f"cohort={COHORT}" in s for a, s in by_tove)
    reads = {s.split(":")[0] for a, s in by_tove if a == "read"}
    assert {"submissions", "respondents", "count"} <= reads
    by_ada = [(e["action"], e["scope"]) for e in entries if e["actor"] == "ada"]
    assert ("export_person", "respondent:anna") in by_ada and ("read", "audit trail") in by_ada
    assert all("anna's" not in e["scope"] + e["reason"] for e in entries)  # never the content


def test_a_refusal_speaks_the_caller_s_language(saved, tokens):
    _status, nb = call(saved, "GET", "answers", tokens["participant"], language="nb-NO,nb;q=0.9")
    _status, en = call(saved, "GET", "answers", tokens["participant"], language="en-GB")
    assert "kursholderrolle" in nb["error"]["message"] and "trainer role" in en["error"]["message"]
    assert nb["error"]["key"] == en["error"]["key"] == "hub.forbidden.read_any"


def test_invalid_requests_are_refused_with_what_is_wrong(saved, tokens):
    anna, ada = tokens["participant"], tokens["admin"]
    status, data = call(saved, "POST", "me/submissions", anna, {"instrument": "t", "answers": [1, 2]})
    assert status == 400 and data["error"]["key"] == "error.store.not_mapping"
    status, data = call(
        saved, "POST", "me/submissions", anna, {"instrument": "t", "answers": {"a": "x" * 150_000}}
    )
    assert status == 400 and data["error"]["key"] == "error.store.limit_value"
    status, data = call(saved, "GET", "me/latest", anna)
    assert status == 400 and "instrument" in data["error"]["message"]
    status, data = call(saved, "GET", "submissions?cohort=nowhere", tokens["trainer"])
    assert status == 403
    status, data = call(saved, "POST", "admin/purge", ada, {"today": "31.12.2025"})
    assert status == 400 and data["error"]["key"] == "error.store.date"
    status, data = call(saved, "GET", "no/such/path", anna)
    assert status == 404 and "openapi.yaml" in data["error"]["message"]
    status, data = call(saved, "DELETE", "me/latest", anna)
    assert status == 404


def test_the_proxy_reaches_the_service_and_a_kernel_s_default_token_gets_the_403_admins_meet(
    hub, tokens, proxied_service
):
    class ThroughProxy:
        url = hub.service_url

    status, data = call(ThroughProxy, "GET", "me", tokens["participant"])
    assert status == 200 and data["participant"][0]["municipality"] == "4204"
    status, data = call(
        ThroughProxy, "POST", "me/submissions", tokens["server_default"], {"instrument": "t", "answers": {}}
    )
    assert status == 403
    message = data["error"]["message"]
    assert "access:services!service=casekit" in message and "server_token_scopes" in message


def test_participants_read_their_cohort_s_snapshots_and_only_trainers_publish(saved, tokens):
    anna, vera, tove, tor = (
        tokens[k] for k in ("participant", "other_cohort_participant", "trainer", "other_trainer")
    )
    status, data = call(saved, "GET", "snapshots/snap-k", anna)
    assert status == 200 and data == {"snapshot": None}
    status, data = call(saved, "POST", "snapshots/snap-k", anna, {"data": {"units": {}}})
    assert status == 403 and f"casekit-trainer-{COHORT}" not in data["error"]["message"]
    assert (
        "casekit-trainer-" in data["error"]["message"] and data["error"]["key"] == "hub.forbidden.publish_any"
    )
    status, data = call(saved, "POST", f"snapshots/snap-k?cohort={COHORT}", anna, {"data": {}})
    assert status == 403 and f"casekit-trainer-{COHORT}" in data["error"]["message"]
    body = {"data": {"units": {"4204": {"d": [1]}}, "previous": None}, "respondents": 5}
    status, data = call(saved, "POST", "snapshots/snap-k", tove, body)  # tove reaches one cohort
    assert status == 201, data
    first = data["snapshot"]
    assert (first["actor"], first["cohort"], first["respondents"]) == ("tove", COHORT, 5)
    status, data = call(saved, "POST", "snapshots/snap-k", tove, body)  # previous is no longer the latest
    assert status == 409 and data["error"]["key"] == "error.store.snapshot_conflict"
    for token in (anna, tokens["other_participant"], tove):
        status, data = call(saved, "GET", "snapshots/snap-k", token)
        assert status == 200 and data["snapshot"] == first
    status, data = call(saved, "GET", "snapshots/snap-k", vera)  # another cohort: not agder's
    assert status == 200 and data["snapshot"] is None
    status, data = call(saved, "GET", f"snapshots/snap-k?cohort={COHORT}", vera)
    assert status == 403 and f"casekit-participant-{COHORT}" in data["error"]["message"]
    status, data = call(saved, "GET", f"snapshots/snap-k?cohort={COHORT}", tor)
    assert status == 403 and f"casekit-trainer-{COHORT}" in data["error"]["message"]
    status, data = call(saved, "POST", f"snapshots/snap-k?cohort={COHORT}", tor, body)
    assert status == 403 and f"casekit-trainer-{COHORT}" in data["error"]["message"]
    status, data = call(saved, "POST", "snapshots/snap-k", tove, {"data": [1]})
    assert status == 400
    status, data = call(saved, "POST", "snapshots/snap-k", tove, {"data": {}, "respondent": "anna"})
    assert status == 400 and "hub token" in data["error"]["message"]
    _status, data = call(saved, "GET", "admin/audit", tokens["admin"])
    published = [e for e in data["entries"] if e["action"] == "publish" and "snap-k" in e["scope"]]
    assert [(e["actor"], e["count"]) for e in published] == [("tove", 5)]
    assert COHORT in published[0]["scope"]
