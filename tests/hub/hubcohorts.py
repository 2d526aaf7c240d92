"""Who is who on the test hub: the two test cohorts, their hub users and groups, and every kind of caller
the contract tests try. Importable by name (``from hubcohorts import CALLERS``) from any test that puts
``tests/hub`` on ``sys.path``, as ``tests/hub/conftest.py`` does."""

from __future__ import annotations

import hubkit

from casekit.hub import contract

COHORT_FILES = [hubkit.COHORTS / "hub-agder.yaml", hubkit.COHORTS / "hub-vestland.yaml"]
COHORT, OTHER_COHORT = "hub-agder", "hub-vestland"

#: Hub users and their groups: two participants of hub-agder in two municipalities (anna 4204, bjorn
#: 4228; arne is anna's colleague in 4204), a participant of hub-vestland, a trainer of each cohort, an
#: administrator and a hub user with no casekit role.
GROUPS = {
    contract.participants_group(COHORT): ["anna", "arne", "bjorn"],
    contract.participants_group(OTHER_COHORT): ["vera"],
    contract.trainers_group(COHORT): ["tove"],
    contract.trainers_group(OTHER_COHORT): ["tor"],
    contract.ADMIN_GROUP: ["ada"],
}
USERS = sorted({u for users in GROUPS.values() for u in users} | {"nils"})

#: Every kind of caller the contract tests try: name → (hub user, token scopes); None is no token.
CALLERS: dict[str, tuple[str, tuple[str, ...]] | None] = {
    "participant": ("anna", ("inherit",)),
    "other_participant": ("bjorn", ("inherit",)),
    "other_cohort_participant": ("vera", ("inherit",)),
    "trainer": ("tove", ("inherit",)),
    "other_trainer": ("tor", ("inherit",)),
    "admin": ("ada", ("inherit",)),
    # A kernel's token when the hub's server_token_scopes is left at JupyterHub's default.
    "server_default": ("anna", ("users:activity!user=anna", "access:servers!user=anna")),
    "no_role": ("nils", ("inherit",)),
    "no_token": None,
}
