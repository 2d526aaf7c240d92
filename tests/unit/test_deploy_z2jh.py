"""deploy/z2jh: values.yaml is valid for Zero to JupyterHub's chart and says exactly what
``casekit cohort hub-config`` writes for the sample cohort; the service's own Deployment agrees with it."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml

from casekit.cohort import hubconfig
from casekit.cohort.config import load_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "z2jh"
SCHEMA = ROOT / "tests" / "data" / "z2jh" / "values.schema.yaml"
SAMPLE = ROOT / "examples" / "cohorts" / "pilot.yaml"


def without_required(schema):
    """The schema without its ``required`` lists: helm validates the chart's defaults merged with ours, and
    the defaults supply those keys; every key we write must still exist and have the right type."""
    if isinstance(schema, dict):
        return {k: without_required(v) for k, v in schema.items() if k != "required"}
    if isinstance(schema, list):
        return [without_required(v) for v in schema]
    return schema


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(without_required(schema))


def test_every_key_exists_in_the_charts_schema(values, validator):
    problems = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(values)]
    assert problems == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("hub", "loadroles"), {}),
        (("singleuser", "extraEnvs"), {}),
        (("singleuser", "storage", "type"), "pvc"),
    ],
)
def test_the_schema_check_finds_a_misspelt_key_or_a_wrong_value(values, validator, path, value):
    broken = copy.deepcopy(values)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert list(validator.iter_errors(broken))


def test_cohort_keys_are_what_hub_config_writes_for_the_sample_cohort(values):
    config = load_config(SAMPLE, check_store=False)
    written = hubconfig.values(hubconfig.settings_for([config], [SAMPLE], admins=["ola.admin"]))
    assert values["hub"]["loadRoles"] == written["hub"]["loadRoles"]
    assert values["hub"]["services"] == written["hub"]["services"]
    assert values["hub"]["config"]["Spawner"] == written["hub"]["config"]["Spawner"]
    jupyterhub = values["hub"]["config"]["JupyterHub"]
    assert {k: jupyterhub[k] for k in ("custom_scopes", "load_groups")} == written["hub"]["config"][
        "JupyterHub"
    ]
    assert values["singleuser"]["extraEnv"] == written["singleuser"]["extraEnv"]


def test_the_service_deployment_matches_the_hubs_entry(values):
    documents = list(yaml.safe_load_all((DEPLOY / "casekit-service.yaml").read_text(encoding="utf-8")))
    kinds = {d["kind"]: d for d in documents}
    assert set(kinds) == {"Deployment", "Service", "NetworkPolicy"}
    url = values["hub"]["services"]["casekit"]["url"]
    assert (
        url == f"http://{kinds['Service']['metadata']['name']}:{kinds['Service']['spec']['ports'][0]['port']}"
    )
    container = kinds["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"]["value"] == hubconfig.SERVICE
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == hubconfig.SERVICE_PREFIX
    assert env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"] == {
        "name": "hub",
        "key": "hub.services.casekit.apiToken",
    }
    assert container["command"][:2] == ["casekit", "serve"]
    labels = kinds["Deployment"]["spec"]["template"]["metadata"]["labels"]
    egress = values["singleuser"]["networkPolicy"]["egress"][0]
    assert egress["to"][0]["podSelector"]["matchLabels"].items() <= labels.items()
    assert egress["ports"][0]["port"] == hubconfig.SERVICE_PORT


def test_secrets_are_placeholders_and_the_schema_names_its_source():
    text = (DEPLOY / "values.yaml").read_text(encoding="utf-8")
    assert 'client_secret: "<ENTRA-CLIENT-SECRET>"' in text
    license_text = (SCHEMA.parent / "LICENSE").read_text(encoding="utf-8")
    assert "BSD 3-Clause" in license_text and "02dd73df01bdbb6d602fed21b0be12565ab38080" in license_text
    assert "02dd73df01bdbb6d602fed21b0be12565ab38080" in SCHEMA.read_text(encoding="utf-8")
