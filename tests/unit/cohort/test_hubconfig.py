"""``casekit cohort hub-config``: the hub's groups, roles, scopes and service, as a jupyterhub_config.py
fragment that a real JupyterHub loads, and as Zero to JupyterHub values."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casekit.apps.cli import main
from casekit.cohort import hubconfig
from casekit.cohort.config import parse_config
from casekit.errors import ConfigError, OutputError

COHORT = """id: {id}
title: Pilot
language: "nb"
municipalities: ["4228", "4204"]
store_url: "sqlite:///{tmp}/s.sqlite"
participants:
  "4228":
    - {{id: sirdal-01, role: kommunedirektør}}
    - {{id: {second}}}
  "4204":
    - {{id: krs-01}}
trainers: [kari.trainer]
"""


def cohort_file(tmp_path: Path, cohort_id: str = "pilot-2025", second: str = "sirdal-02") -> Path:
    path = tmp_path / f"{cohort_id}.yaml"
    path.write_text(COHORT.format(id=cohort_id, tmp=tmp_path, second=second), encoding="utf-8")
    return path


def settings(tmp_path: Path, *ids: str, admins=("ola.admin",)) -> hubconfig.HubSettings:
    files = [cohort_file(tmp_path, i) for i in ids or ("pilot-2025",)]
    configs = [parse_config(f.read_text(encoding="utf-8"), check_store=False) for f in files]
    return hubconfig.settings_for(configs, files, admins=admins)


def test_groups_and_roles_follow_the_contract(tmp_path):
    s = settings(tmp_path, "pilot-2025", "agder-2025")
    assert hubconfig.groups(s.configs, s.admins) == {
        "cohort-pilot-2025": ["sirdal-01", "sirdal-02", "krs-01"],
        "trainers-pilot-2025": ["kari.trainer"],
        "cohort-agder-2025": ["sirdal-01", "sirdal-02", "krs-01"],
        "trainers-agder-2025": ["kari.trainer"],
        "casekit-admins": ["ola.admin"],
    }
    roles = {r["name"]: r for r in hubconfig.roles(s.configs, "en")}
    assert roles["casekit-participant-pilot-2025"]["scopes"] == [
        "access:services!service=casekit",
        "custom:casekit:participate",
    ]
    assert roles["casekit-participant-pilot-2025"]["groups"] == ["cohort-pilot-2025"]
    assert roles["casekit-trainer-agder-2025"]["scopes"] == [
        "access:services!service=casekit",
        "custom:casekit:read!group=cohort-agder-2025",
        "custom:casekit:publish!group=cohort-agder-2025",
    ]
    assert roles["casekit-trainer-agder-2025"]["groups"] == ["trainers-agder-2025"]
    assert roles["casekit-admin"] == {
        "name": "casekit-admin",
        "description": roles["casekit-admin"]["description"],
        "scopes": ["access:services!service=casekit", "custom:casekit:admin"],
        "groups": ["casekit-admins"],
    }
    assert list(hubconfig.custom_scopes("en")) == [
        "custom:casekit:participate",
        "custom:casekit:read",
        "custom:casekit:publish",
        "custom:casekit:admin",
    ]


def test_fragment_loads_into_a_real_jupyterhub_next_to_the_admins_own_config(tmp_path):
    pytest.importorskip("jupyterhub", reason="JupyterHub is not installed (pip install casekit[hub])")
    from jupyterhub.app import JupyterHub
    from jupyterhub.spawner import LocalProcessSpawner
    from traitlets.config import PyFileConfigLoader

    s = settings(tmp_path)
    out = tmp_path / "hub"
    hubconfig.write_hub_config(s, out)
    main_config = tmp_path / "jupyterhub_config.py"
    main_config.write_text(
        "c.JupyterHub.load_roles = [{'name': 'teacher', 'scopes': ['read:users'], 'users': ['t']}]\n"
        "c.JupyterHub.services = [{'name': 'other', 'url': 'http://127.0.0.1:9999'}]\n"
        "c.Spawner.environment = {'KEEP': 'me'}\n"
        f"load_subconfig({str(out / hubconfig.FRAGMENT)!r})\n",
        encoding="utf-8",
    )
    config = PyFileConfigLoader(main_config.name, str(tmp_path)).load_config()
    hub = JupyterHub(config=config)
    assert [r["name"] for r in hub.load_roles] == [
        "teacher",
        "casekit-participant-pilot-2025",
        "casekit-trainer-pilot-2025",
        "casekit-admin",
    ]
    services = {svc["name"]: svc for svc in hub.services}
    assert set(services) == {"other", "casekit"}
    assert services["casekit"]["command"] == ["casekit", "serve", "--cohort", s.cohort_files[0]]
    assert services["casekit"]["url"] == "http://127.0.0.1:10101"
    assert services["casekit"]["environment"]["CASEKIT_STORE_URL"] == s.configs[0].store_url
    assert set(hub.custom_scopes) == set(hubconfig.CUSTOM_SCOPES)
    assert hub.load_groups["cohort-pilot-2025"] == {"users": ["sirdal-01", "sirdal-02", "krs-01"]}
    spawner = LocalProcessSpawner(config=config)
    assert spawner.server_token_scopes == list(hubconfig.SERVER_TOKEN_SCOPES)
    assert spawner.environment == {
        "KEEP": "me",
        "CASEKIT_SERVICE_URL": "http://127.0.0.1:10101/services/casekit/",
    }


def test_values_file_holds_the_same_roles_and_the_service_of_its_own(tmp_path):
    s = settings(tmp_path)
    hubconfig.write_hub_config(s, tmp_path / "hub")
    data = yaml.safe_load((tmp_path / "hub" / hubconfig.VALUES).read_text(encoding="utf-8"))
    assert data == hubconfig.values(s)
    roles = {r["name"]: {k: v for k, v in r.items() if k != "name"} for r in hubconfig.roles(s.configs, "nb")}
    assert data["hub"]["loadRoles"] == roles
    assert data["hub"]["services"] == {
        "casekit": {"url": "http://casekit:10101", "display": False, "oauth_no_confirm": True}
    }
    assert data["hub"]["config"]["Spawner"]["server_token_scopes"] == list(hubconfig.SERVER_TOKEN_SCOPES)
    assert data["singleuser"]["extraEnv"] == {"CASEKIT_SERVICE_URL": "http://casekit:10101/services/casekit/"}


def test_upper_case_user_names_are_refused_before_anything_is_written(tmp_path):
    path = cohort_file(tmp_path, second="Sirdal-02")
    config = parse_config(path.read_text(encoding="utf-8"), check_store=False)
    s = hubconfig.settings_for([config], [path])
    with pytest.raises(ConfigError) as err:
        hubconfig.write_hub_config(s, tmp_path / "hub")
    assert "sirdal-02" in err.value.message("en") and "Sirdal-02" in err.value.message("en")
    assert not (tmp_path / "hub").exists()


def test_two_cohorts_with_one_id_and_a_bad_admin_are_refused(tmp_path):
    s = settings(tmp_path)
    twice = hubconfig.HubSettings(s.configs * 2, s.cohort_files * 2)
    with pytest.raises(ConfigError, match="pilot-2025"):
        hubconfig.write_hub_config(twice, tmp_path / "hub")
    with pytest.raises(ConfigError, match="Ola Admin"):
        hubconfig.write_hub_config(settings(tmp_path, admins=["Ola Admin"]), tmp_path / "hub")


def test_an_edited_file_is_kept_and_force_backs_it_up(tmp_path):
    s = settings(tmp_path)
    out = tmp_path / "hub"
    first = hubconfig.write_hub_config(s, out)
    assert [p.status for p in first] == ["written", "written"]
    fragment = out / hubconfig.FRAGMENT
    fragment.write_text(fragment.read_text(encoding="utf-8") + "c.JupyterHub.admin_access = True\n")
    again = {p.path: p for p in hubconfig.write_hub_config(s, out)}
    assert again[hubconfig.FRAGMENT].status == "kept"
    assert "admin_access" in fragment.read_text(encoding="utf-8")
    assert (out / again[hubconfig.FRAGMENT].beside).read_text(encoding="utf-8") == hubconfig.fragment(s)
    forced = {p.path: p for p in hubconfig.write_hub_config(s, out, force=True)}
    assert forced[hubconfig.FRAGMENT].status == "replaced"
    assert "admin_access" in (out / forced[hubconfig.FRAGMENT].backup).read_text(encoding="utf-8")
    assert fragment.read_text(encoding="utf-8") == hubconfig.fragment(s)


def test_a_folder_with_someone_elses_manifest_is_refused(tmp_path):
    out = tmp_path / "hub"
    out.mkdir()
    (out / hubconfig.MANIFEST).write_text('{"mine": true}', encoding="utf-8")
    with pytest.raises(OutputError):
        hubconfig.write_hub_config(settings(tmp_path), out)
    assert (out / hubconfig.MANIFEST).read_text(encoding="utf-8") == '{"mine": true}'


def test_command_line_writes_both_files_and_says_what_next(tmp_path, capsys):
    path = cohort_file(tmp_path)
    assert main(["--lang", "en", "cohort", "hub-config", str(path), "--admin", "ola.admin"]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "hub-pilot-2025"
    assert (folder / hubconfig.FRAGMENT).is_file() and (folder / hubconfig.VALUES).is_file()
    assert "load_subconfig" not in out and "hub-sync" in out
    bad = cohort_file(tmp_path, "bad-2025", second="Sirdal-02")
    assert main(["--lang", "en", "cohort", "hub-config", str(bad)]) == 1
    assert "sirdal-02" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("trainers", "fragment"),
    [
        ("[kari, kari]", "to ganger"),
        ('["kari trainer"]', "kari trainer"),
        ("kari", "list"),
        ('[".."]', ".."),
    ],
)
def test_trainers_in_cohort_yaml_are_checked(tmp_path, trainers, fragment):
    text = cohort_file(tmp_path).read_text(encoding="utf-8").replace("[kari.trainer]", trainers)
    with pytest.raises(ConfigError) as err:
        parse_config(text, check_store=False)
    message = err.value.message("en")
    assert "trainers" in message and fragment in message


def test_a_cohort_whose_store_is_the_service_gives_the_service_no_store_of_its_own(tmp_path):
    path = cohort_file(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        f"sqlite:///{tmp_path}/s.sqlite", "https://hub.example.org/services/casekit/"
    )
    config = parse_config(text, check_store=False)
    fragment = hubconfig.fragment(hubconfig.settings_for([config], [path]))
    assert "os.environ.get(\"CASEKIT_STORE_URL\", '')" in fragment  # the hub's environment must say it
    assert "hub.example.org" not in fragment
