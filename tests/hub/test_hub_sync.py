"""``casekit cohort hub-sync`` against a real JupyterHub (the session's hub, see conftest): it creates the
users and groups cohort.yaml names, changes only what differs, changes nothing on a second run or a dry run,
and explains a refused token or an unreachable hub. Its cohorts are its own, so the other hub tests' groups
stay as they are (the administrators' group only gains a member)."""

from __future__ import annotations

import pytest
import requests
from hubkit import free_port

from casekit.apps.cli import main
from casekit.cohort.config import parse_config
from casekit.cohort.hubsync import HubClient, counts, sync, wanted
from casekit.errors import HubSyncError

pytestmark = pytest.mark.slow

COHORT = """id: pilot-2025
title: Pilot
language: "nb"
municipalities: ["4228", "4204"]
store_url: "sqlite:///casekit.sqlite"
participants:
  "4228": [{{id: sirdal-01}}, {{id: sirdal-02}}]
  "4204": [{{id: {krs}}}]
trainers: [kari.trainer]
"""


def api(hub, path):
    answer = requests.get(
        f"{hub.url}/hub/api{path}", headers={"Authorization": f"token {hub.admin_token}"}, timeout=10
    )
    return answer.json() if answer.status_code == 200 else None


def cohort(krs="krs-01"):
    return parse_config(COHORT.format(krs=krs), check_store=False)


def test_sync_creates_users_and_groups_once_and_then_only_what_changed(hub):
    client = HubClient(hub.url, hub.admin_token)
    want = wanted([cohort()], admins=["ada", "ola.admin"])  # ada is the session's administrator
    planned = sync(client, want, dry_run=True)
    assert counts(planned) == {"user": 5, "group": 2, "add": 5, "remove": 0}
    assert api(hub, "/groups/cohort-pilot-2025") is None  # a dry run changes nothing
    assert api(hub, "/users/sirdal-01") is None

    done = sync(client, want)
    assert counts(done) == counts(planned)
    assert sorted(api(hub, "/groups/cohort-pilot-2025")["users"]) == ["krs-01", "sirdal-01", "sirdal-02"]
    assert api(hub, "/groups/trainers-pilot-2025")["users"] == ["kari.trainer"]
    assert sorted(api(hub, "/groups/casekit-admins")["users"]) == ["ada", "ola.admin"]
    assert sync(client, want) == []  # nothing left to do

    # krs-01 leaves the cohort, krs-02 joins: one added, one removed; no user is deleted, admins untouched
    changed = sync(client, wanted([cohort(krs="krs-02")]))
    assert counts(changed) == {"user": 1, "group": 0, "add": 1, "remove": 1}
    assert sorted(api(hub, "/groups/cohort-pilot-2025")["users"]) == ["krs-02", "sirdal-01", "sirdal-02"]
    assert api(hub, "/users/krs-01")["name"] == "krs-01"
    assert sorted(api(hub, "/groups/casekit-admins")["users"]) == ["ada", "ola.admin"]


def test_command_line_prints_changes_and_reads_the_token_file(hub, tmp_path, capsys, monkeypatch):
    path = tmp_path / "cohort.yaml"
    path.write_text(COHORT.format(krs="krs-03").replace("pilot-2025", "cli-2025"), encoding="utf-8")
    token = tmp_path / "token"
    token.write_text(hub.admin_token + "\n", encoding="utf-8")
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    args = ["--lang", "en", "cohort", "hub-sync", str(path), "--hub-url", hub.url, "--token-file", str(token)]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+ group cohort-cli-2025" in out and "Dry run" in out
    assert api(hub, "/groups/cohort-cli-2025") is None
    assert main(args) == 0
    assert "Created" in capsys.readouterr().out
    assert main(args) == 0
    assert "Nothing changed" in capsys.readouterr().out
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.admin_token)
    assert main(args[:-2]) == 0  # the token from the environment
    assert "Nothing changed" in capsys.readouterr().out


def test_refused_token_missing_token_and_unreachable_hub_are_explained(hub, tmp_path, capsys, monkeypatch):
    with pytest.raises(HubSyncError) as err:
        sync(HubClient(hub.url, "not-a-token"), wanted([cohort()]))
    assert "admin:groups" in err.value.message("en") and hub.url in err.value.message("en")
    with pytest.raises(HubSyncError) as err:
        sync(HubClient(f"http://127.0.0.1:{free_port()}", hub.admin_token, timeout=5), wanted([cohort()]))
    assert "--hub-url" in err.value.message("en")
    path = tmp_path / "cohort.yaml"
    path.write_text(COHORT.format(krs="krs-01"), encoding="utf-8")
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert main(["--lang", "en", "cohort", "hub-sync", str(path), "--hub-url", hub.url]) == 1
    assert "JUPYTERHUB_API_TOKEN" in capsys.readouterr().err
    missing = str(tmp_path / "nope")
    assert (
        main(["--lang", "en", "cohort", "hub-sync", str(path), "--hub-url", hub.url, "--token-file", missing])
        == 1
    )
    assert missing in capsys.readouterr().err


def test_many_users_are_read_page_by_page(hub):
    client = HubClient(hub.url, hub.admin_token)
    names = [f"page-{i:03d}" for i in range(450)]
    client.call("POST", "/users", {"usernames": names})
    assert set(names) <= client.users()
