"""The checked-in OpenAPI description and the Tornado application describe the same API.

Every route of the application is described with exactly its methods, every described path and method
exists, every ``$ref`` resolves, and the answers of the real service (against a real JupyterHub) have the
shapes the description gives them, refusals included.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import jsonschema
import pytest
import yaml
from hubcohorts import COHORT
from hubkit import call
from tornado.web import RequestHandler

from casekit.hub import contract
from casekit.hub.app import Service, make_app
from casekit.hub.handlers import ROUTES
from casekit.hub.roster import Roster

SPEC = yaml.safe_load(files("casekit.hub").joinpath("openapi.yaml").read_text(encoding="utf-8"))
METHODS = ("get", "post", "put", "patch", "delete")


def _described_path(route: str) -> str:
    return "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)


def _implemented(handler: type[RequestHandler]) -> set[str]:
    return {m for m in METHODS if getattr(handler, m) is not getattr(RequestHandler, m)}


def test_every_route_is_described_with_exactly_its_methods():
    routes = {_described_path(path): _implemented(handler) for path, handler in ROUTES}
    described = {path: {m for m in item if m in METHODS} for path, item in SPEC["paths"].items()}
    assert routes == described


def test_the_application_serves_exactly_the_described_paths():
    app = make_app(Service(store=None, roster=Roster([]), prefix=contract.SERVICE_PREFIX))  # type: ignore[arg-type]
    base = SPEC["servers"][0]["url"]
    assert base == contract.SERVICE_PREFIX + contract.API_PATH.rstrip("/")
    served = set()
    for rule in app.wildcard_router.rules:
        pattern = rule.matcher.regex.pattern.removesuffix("/?$")
        assert pattern.startswith(base + "/"), pattern
        served.add((_described_path(pattern[len(base) + 1 :]), rule.target))
    described = {(path, handler) for path, handler in ((_described_path(p), h) for p, h in ROUTES)}
    assert served == described and {path for path, _h in served} == set(SPEC["paths"])


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_reference_resolves_and_every_operation_names_its_role():
    for ref in _refs(SPEC):
        node = SPEC
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    roles = {"none", "any", "participant", "trainer", "admin", "trainer or admin", "participant or trainer"}
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            assert operation["x-casekit-role"] in roles, (path, method)
            assert "403" in operation["responses"] or operation["x-casekit-role"] == "none", (path, method)
    jsonschema.Draft202012Validator.check_schema({**SPEC["components"]["schemas"]["Submission"]})


def _schema(path: str, method: str, status: int) -> dict[str, Any]:
    response = SPEC["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"]["application/json"]["schema"]
    return {**schema, "components": SPEC["components"]}


def _check(path: str, method: str, status: int, data: Any) -> None:
    jsonschema.Draft202012Validator(_schema(path, method, status)).validate(data)


@pytest.mark.slow
def test_the_service_s_answers_have_the_described_shapes(service, tokens):
    anna, tove, ada = tokens["participant"], tokens["trainer"], tokens["admin"]
    save = {"instrument": "shape", "answers": {"a": 1, "b": ["x", None]}, "status": "final"}
    cases = [
        ("/health", "get", "health", None, None, 200),
        ("/me", "get", "me", anna, None, 200),
        ("/me/register", "post", "me/register", anna, {}, 200),
        ("/me/submissions", "post", "me/submissions", anna, save, 201),
        ("/me/latest", "get", "me/latest?instrument=shape", anna, None, 200),
        ("/me/latest", "get", "me/latest?instrument=none-yet", anna, None, 200),
        ("/me/history", "get", "me/history?instrument=shape", anna, None, 200),
        ("/me/drafts", "get", "me/drafts", anna, None, 200),
        ("/submissions", "get", f"submissions?cohort={COHORT}", tove, None, 200),
        ("/answers", "get", "answers?instrument=shape", tove, None, 200),
        ("/respondents", "get", "respondents", tove, None, 200),
        ("/count", "get", "count", tove, None, 200),
        ("/cohorts/{cohort}", "put", f"cohorts/{COHORT}", ada, {"retention_until": None}, 200),
        ("/snapshots/{kind}", "get", "snapshots/shape", anna, None, 200),
        ("/snapshots/{kind}", "post", "snapshots/shape", tove, {"data": {"a": 1}, "respondents": 3}, 201),
        ("/snapshots/{kind}", "get", "snapshots/shape", tove, None, 200),
        ("/snapshots/{kind}", "post", "snapshots/shape", anna, {"data": {}}, 403),
        ("/snapshots/{kind}", "post", "snapshots/shape", tove, {"data": {"previous": None}}, 409),
        ("/published/{kind}", "get", "published/maturity", anna, None, 200),
        ("/published/{kind}", "get", "published/radar-ballot", tove, None, 200),
        ("/published/{kind}", "get", "published/nothing-such", anna, None, 404),
        ("/published/{kind}", "get", "published/maturity", ada, None, 403),
        ("/admin/export-person", "get", "admin/export-person?respondent=anna", ada, None, 200),
        ("/admin/erase", "post", "admin/erase", ada, {"respondent": "anna", "dry_run": True}, 200),
        ("/admin/purge", "post", "admin/purge", ada, {"dry_run": True}, 200),
        ("/admin/audit", "get", "admin/audit", ada, None, 200),
        ("/answers", "get", "answers", anna, None, 403),
        ("/me/submissions", "post", "me/submissions", tove, save, 403),
        ("/me/submissions", "post", "me/submissions", anna, {"instrument": "x"}, 400),
        ("/admin/audit", "get", "admin/audit", None, None, 403),
    ]
    for path, method, url, token, body, status in cases:
        got, data = call(service, method.upper(), url, token, body)
        assert got == status, (url, got, data)
        _check(path, method, status, data)
    _got, data = call(service, "GET", "answers?instrument=shape", tove)
    assert len(data["answers"]["value"]) == len(data["answers"]["item"]) >= 2
