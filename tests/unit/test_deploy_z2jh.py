"""deploy/z2jh: values.yaml uses only keys of Zero to JupyterHub's chart and says exactly what
``casekit cohort hub-config`` writes for the sample cohort; the service's own Deployment agrees with it."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from casekit.cohort import hubconfig
from casekit.cohort.config import load_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "z2jh"
KEYS = ROOT / "tests" / "data" / "z2jh-keys.yaml"
SAMPLE = ROOT / "examples" / "cohorts" / "pilot.yaml"


JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
    "null": type(None),
}


def key_problems(values, keys, path=()):
    """Every key of ``values`` that the chart does not know, or whose value has a type or value the chart's
    schema does not allow (``keys``: tests/data/z2jh-keys.yaml)."""
    problems = []
    for key, value in values.items():
        dotted = ".".join((*path, str(key)))
        known = keys.get(dotted)
        if known is None:
            problems.append(f"{dotted}: not a key of the chart")
            continue
        types = tuple(JSON_TYPES[t] for t in known.get("types", []))
        if types and (not isinstance(value, types) or (isinstance(value, bool) and bool not in types)):
            problems.append(f"{dotted}: {type(value).__name__} where the chart takes {known['types']}")
        if "enum" in known and value not in known["enum"]:
            problems.append(f"{dotted}: {value!r} is not one of {known['enum']}")
        if isinstance(value, dict) and not known.get("open", False):
            problems.extend(key_problems(value, keys, (*path, str(key))))
    return problems


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def keys():
    return yaml.safe_load(KEYS.read_text(encoding="utf-8"))


def test_every_key_exists_in_the_chart(values, keys):
    assert key_problems(values, keys) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("hub", "loadroles"), {}),
        (("singleuser", "extraEnvs"), {}),
        (("singleuser", "storage", "type"), "pvc"),
        (("cull", "timeout"), "an hour"),
    ],
)
def test_the_key_check_finds_a_misspelt_key_or_a_wrong_value(values, keys, path, value):
    broken = copy.deepcopy(values)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert key_problems(broken, keys)


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


def test_secrets_are_placeholders_and_the_key_list_names_its_source():
    text = (DEPLOY / "values.yaml").read_text(encoding="utf-8")
    assert 'client_secret: "<ENTRA-CLIENT-SECRET>"' in text
    assert "02dd73df01bdbb6d602fed21b0be12565ab38080" in KEYS.read_text(encoding="utf-8")
