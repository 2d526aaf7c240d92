"""What a real kernel's token may do: the hub intersects ``server_token_scopes`` with the owner's roles.

Two single-user servers are spawned for real (JupyterHub's local process spawner running
``jupyterhub-singleuser``); each records the hub token its kernels receive. A participant's kernel may save
and not read others; a trainer's kernel reads the trainer's cohort and nothing else, though
``server_token_scopes`` names the read scope without a cohort.
"""

from __future__ import annotations

import contextlib

import pytest
from hubcohorts import COHORT, OTHER_COHORT

from casekit.errors import StoreRefusedError
from casekit.hub import contract
from casekit.store import ServiceStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kernel_tokens(hub):
    users = ("anna", "tove")
    try:
        for user in users:
            hub.start_server(user)
        yield {user: hub.server_token(user) for user in users}
    finally:
        for user in users:
            with contextlib.suppress(Exception):  # already stopped
                hub.stop_server(user)


def test_a_kernel_token_has_only_its_owner_s_casekit_scopes(hub, kernel_tokens):
    anna = set(hub.api("GET", "/user", token=kernel_tokens["anna"])["scopes"])
    tove = set(hub.api("GET", "/user", token=kernel_tokens["tove"])["scopes"])
    assert {contract.ACCESS, contract.PARTICIPATE} <= anna
    assert not any(s.startswith((contract.READ, contract.ADMIN)) for s in anna)
    assert f"{contract.READ}!group=cohort-{COHORT}" in tove and contract.READ not in tove
    assert contract.PARTICIPATE not in tove


def test_kernels_reach_the_service_with_what_their_owner_may(service, kernel_tokens, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_DATA_DIR", str(tmp_path))
    anna = ServiceStore(service.url, token=kernel_tokens["anna"])
    saved = anna.save("from-a-kernel", "kernel-token", {"q": 1}, status="final")
    assert saved.respondent == "anna" and saved.cohort == COHORT
    with pytest.raises(StoreRefusedError, match="casekit-trainer-"):
        anna.answers("kernel-token")
    tove = ServiceStore(service.url, token=kernel_tokens["tove"])
    assert [s.respondent for s in tove.submissions("kernel-token")] == ["anna"]
    with pytest.raises(StoreRefusedError, match=f"casekit-trainer-{OTHER_COHORT}"):
        tove.answers(cohort=OTHER_COHORT)
    with pytest.raises(StoreRefusedError, match="casekit-participant-"):
        tove.save("x", "kernel-token", {"q": 2})
