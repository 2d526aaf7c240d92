"""The names the casekit hub service shares with the hub's configuration (fixed; the deployment files and
``casekit cohort hub-config`` write the same ones).

The service is the JupyterHub service ``casekit`` at ``/services/casekit/``; its API is under
``api/v1/``. JupyterHub groups and roles carry the permissions, as custom scopes limited by group:

- ``cohort-<id>``: the cohort's participants (hub user names = participant ids in ``cohort.yaml``), with
  the role ``casekit-participant-<id>`` (scope :data:`PARTICIPATE`);
- ``trainers-<id>``: the cohort's trainers, role ``casekit-trainer-<id>`` (:data:`READ` and
  :data:`PUBLISH`, each ``!group=cohort-<id>``);
- ``casekit-admins``: administrators, role ``casekit-admin`` (:data:`ADMIN`).

A kernel's token reaches the service only when ``c.Spawner.server_token_scopes`` adds
:data:`SERVER_TOKEN_SCOPES` to the default ones; the hub intersects them with the owner's permissions.
"""

from __future__ import annotations

SERVICE_NAME = "casekit"
SERVICE_PREFIX = f"/services/{SERVICE_NAME}/"
API_PATH = "api/v1/"
DEFAULT_PORT = 10101

ACCESS = f"access:services!service={SERVICE_NAME}"
PARTICIPATE = "custom:casekit:participate"
READ = "custom:casekit:read"
PUBLISH = "custom:casekit:publish"
ADMIN = "custom:casekit:admin"

ADMIN_GROUP = "casekit-admins"
ADMIN_ROLE = "casekit-admin"

#: The scopes a kernel's token needs on top of JupyterHub's defaults (``users:activity!user``,
#: ``access:servers!server``).
DEFAULT_SERVER_TOKEN_SCOPES = ("users:activity!user", "access:servers!server")
SERVER_TOKEN_SCOPES = (*DEFAULT_SERVER_TOKEN_SCOPES, ACCESS, PARTICIPATE, READ, PUBLISH)

#: ``c.JupyterHub.custom_scopes``: each custom scope and what it allows.
CUSTOM_SCOPES = {
    PARTICIPATE: {"description": "save own casekit answers and drafts, read own history and snapshots"},
    READ: {"description": "read a cohort's raw casekit answers, reports and exports"},
    PUBLISH: {"description": "publish a cohort's casekit snapshots"},
    ADMIN: {"description": "casekit erasure, retention purge and audit trail"},
}


def participants_group(cohort: str) -> str:
    return f"cohort-{cohort}"


def trainers_group(cohort: str) -> str:
    return f"trainers-{cohort}"


def participant_role(cohort: str) -> str:
    return f"casekit-participant-{cohort}"


def trainer_role(cohort: str) -> str:
    return f"casekit-trainer-{cohort}"


def cohort_filter(cohort: str) -> str:
    """The scope filter that limits a scope to one cohort: ``!group=cohort-<id>``."""
    return f"!group={participants_group(cohort)}"


def roles(cohort: str) -> list[dict[str, object]]:
    """The cohort's two roles as ``c.JupyterHub.load_roles`` entries (the administrators' role is
    :func:`admin_role`)."""
    limit = cohort_filter(cohort)
    return [
        {
            "name": participant_role(cohort),
            "scopes": [ACCESS, PARTICIPATE],
            "groups": [participants_group(cohort)],
        },
        {
            "name": trainer_role(cohort),
            "scopes": [ACCESS, READ + limit, PUBLISH + limit],
            "groups": [trainers_group(cohort)],
        },
    ]


def admin_role() -> dict[str, object]:
    return {"name": ADMIN_ROLE, "scopes": [ACCESS, ADMIN], "groups": [ADMIN_GROUP]}
