"""``casekit cohort hub-config``: what a JupyterHub needs to run one or more cohorts with the casekit service.

The names are fixed by the hub contract (``docs``: README, "Deploying on JupyterHub"):

* groups ``cohort-<id>`` (the participants; hub user names are the participant ids in cohort.yaml),
  ``trainers-<id>`` (the cohort's ``trainers``) and ``casekit-admins``;
* custom scopes ``custom:casekit:participate``, ``…:read``, ``…:publish`` and ``…:admin``;
* roles ``casekit-participant-<id>``, ``casekit-trainer-<id>`` (read and publish limited to
  ``!group=cohort-<id>``) and ``casekit-admin``;
* ``Spawner.server_token_scopes``: the hub's defaults plus the casekit scopes, so a kernel's token may reach
  the service (the hub gives each token only the part its owner holds);
* the service ``casekit`` at ``/services/casekit/``.

It writes them twice, from the same data: ``casekit_jupyterhub_config.py``, a fragment that a
``jupyterhub_config.py`` loads with ``load_subconfig`` (the service runs as a managed service, started by the
hub), and ``casekit-values.yaml``, keys for Zero to JupyterHub's ``values.yaml`` (the service runs as its
own Deployment; see ``deploy/z2jh``). The fragment adds to what the hub's own configuration says
(``extend``/``update``) instead of replacing it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import __version__, i18n
from ..errors import ConfigError
from ..hub import contract
from ..outputs import output_folder
from .config import HUB_USER, CohortConfig
from .jobs import Placed, next_record, place, read_manifest, write_manifest

# The contract's names, shared with the service (casekit.hub.contract).
SERVICE = contract.SERVICE_NAME
SERVICE_PORT = contract.DEFAULT_PORT
SERVICE_PREFIX = contract.SERVICE_PREFIX
ADMIN_GROUP = contract.ADMIN_GROUP
ADMIN_ROLE = contract.ADMIN_ROLE
ACCESS = contract.ACCESS
PARTICIPATE, READ, PUBLISH, ADMIN = contract.PARTICIPATE, contract.READ, contract.PUBLISH, contract.ADMIN
CUSTOM_SCOPES = (PARTICIPATE, READ, PUBLISH, ADMIN)
#: The scopes of the hub's ``server`` role: what a kernel's token has when nothing else is said.
DEFAULT_SERVER_SCOPES = contract.DEFAULT_SERVER_TOKEN_SCOPES
SERVER_TOKEN_SCOPES = contract.SERVER_TOKEN_SCOPES
participant_group = contract.participants_group
trainer_group = contract.trainers_group

#: Where the service is when it runs beside the hub (managed) and in Kubernetes (its own Deployment).
LOCAL_SERVICE_URL = f"http://127.0.0.1:{SERVICE_PORT}"
K8S_SERVICE_URL = f"http://casekit:{SERVICE_PORT}"

FRAGMENT = "casekit_jupyterhub_config.py"
VALUES = "casekit-values.yaml"
MANIFEST = "hub-manifest.json"


def participants(config: CohortConfig) -> list[str]:
    """The hub user names of the cohort's participants, in the order of cohort.yaml."""
    return [person.id for number in config.municipalities for person in config.participants.get(number, [])]


def check_hub_names(config: CohortConfig, source: str = "cohort.yaml") -> None:
    """Refuse user names the hub would change: JupyterHub lower-cases every user name it is given, so
    ``Sirdal-01`` would log in as ``sirdal-01`` and never meet its group."""
    for kind, names in (("participants", participants(config)), ("trainers", config.trainers)):
        for name in names:
            if name != name.lower():
                raise ConfigError(
                    "cohort.hub.upper_case", file=source, field=kind, value=name, lower=name.lower()
                )


def groups(configs: Sequence[CohortConfig], admins: Sequence[str] = ()) -> dict[str, list[str]]:
    """Every group and its members: ``cohort-<id>`` and ``trainers-<id>`` per cohort, then the admins."""
    found: dict[str, list[str]] = {}
    for config in configs:
        found[participant_group(config.id)] = participants(config)
        found[trainer_group(config.id)] = list(config.trainers)
    found[ADMIN_GROUP] = list(dict.fromkeys(admins))
    return found


def roles(configs: Sequence[CohortConfig], language: str) -> list[dict[str, Any]]:
    """The hub roles (the contract's), each with a description in ``language``: a participant and a
    trainer role per cohort, and the administrators' role."""
    out: list[dict[str, Any]] = []
    for config in configs:
        described = ("role_participant", "role_trainer")
        for role, key in zip(contract.roles(config.id), described):
            text = i18n.t(f"cohort.hub.{key}", language=language, cohort=config.id)
            out.append(
                {"name": role["name"], "description": text, **{k: v for k, v in role.items() if k != "name"}}
            )
    admin = contract.admin_role()
    text = i18n.t("cohort.hub.role_admin", language=language)
    out.append(
        {"name": admin["name"], "description": text, **{k: v for k, v in admin.items() if k != "name"}}
    )
    return out


def custom_scopes(language: str) -> dict[str, dict[str, str]]:
    """``c.JupyterHub.custom_scopes``: each casekit scope with a description the hub shows users."""
    return {
        scope: {"description": i18n.t(f"cohort.hub.scope_{scope.rsplit(':', 1)[1]}", language=language)}
        for scope in CUSTOM_SCOPES
    }


def service_url(url: str) -> str:
    """The address kernels use for the service: the service's own URL (or the hub's) plus its prefix."""
    return url.rstrip("/") + SERVICE_PREFIX


@dataclass
class HubSettings:
    """What ``hub-config`` writes for: the cohorts (with the paths of their files as the hub sees them),
    the administrators, the language of the descriptions and where the service is."""

    configs: list[CohortConfig]
    cohort_files: list[str]
    admins: list[str] = field(default_factory=list)
    language: str = "nb"
    local_url: str = LOCAL_SERVICE_URL
    k8s_url: str = K8S_SERVICE_URL


def managed_service(settings: HubSettings) -> dict[str, Any]:
    """The service entry for ``c.JupyterHub.services`` on one machine: the hub starts ``casekit serve``."""
    command = ["casekit", "serve"]
    for path in settings.cohort_files:
        command += ["--cohort", path]
    return {
        "name": SERVICE,
        "url": settings.local_url,
        "command": command,
        "display": False,
        "oauth_no_confirm": True,
    }


def k8s_service(settings: HubSettings) -> dict[str, Any]:
    """The service entry for z2jh's ``hub.services``: the service runs as its own Deployment and Service
    (``deploy/z2jh/casekit-service.yaml``); the chart generates its API token."""
    return {"url": settings.k8s_url, "display": False, "oauth_no_confirm": True}


def values(settings: HubSettings) -> dict[str, Any]:
    """The keys for Zero to JupyterHub's ``values.yaml``."""
    return {
        "hub": {
            "config": {
                "JupyterHub": {
                    "custom_scopes": custom_scopes(settings.language),
                    "load_groups": {
                        name: {"users": users}
                        for name, users in groups(settings.configs, settings.admins).items()
                    },
                },
                "Spawner": {"server_token_scopes": list(SERVER_TOKEN_SCOPES)},
            },
            "loadRoles": {
                role["name"]: {k: v for k, v in role.items() if k != "name"}
                for role in roles(settings.configs, settings.language)
            },
            "services": {SERVICE: k8s_service(settings)},
        },
        "singleuser": {"extraEnv": {"CASEKIT_SERVICE_URL": service_url(settings.k8s_url)}},
    }


def _literal(value: Any, indent: int = 0) -> str:
    """``value`` (dicts, lists, scalars) as a Python literal, one entry a line, for a reader to follow."""
    pad, inner = " " * indent, " " * (indent + 4)
    if isinstance(value, dict) and value:
        items = [f"{inner}{k!r}: {_literal(v, indent + 4)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        items = [f"{inner}{_literal(v, indent + 4)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    return repr(value)


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, 100)]


def _fallback_store(settings: HubSettings) -> str:
    """The store the service uses when the hub's environment names none: the first cohort's, unless that is
    the service itself (a hub cohort's workbooks and trainers reach the answers through the service)."""
    url = settings.configs[0].store_url
    return "" if url.startswith(("http://", "https://")) else url


def fragment(settings: HubSettings) -> str:
    """The ``jupyterhub_config.py`` fragment (Python), loaded with ``load_subconfig``."""
    ids = ", ".join(c.id for c in settings.configs)
    service = managed_service(settings)
    group_config = {
        name: {"users": users} for name, users in groups(settings.configs, settings.admins).items()
    }
    lines = [
        *_comment(i18n.t("cohort.hub.fragment_header", language=settings.language, cohorts=ids)),
        *_comment(i18n.t("cohort.hub.fragment_load", language=settings.language, name=FRAGMENT)),
        *_comment(i18n.t("cohort.hub.fragment_store", language=settings.language)),
        "import os",
        "",
        f"c.JupyterHub.custom_scopes.update({_literal(custom_scopes(settings.language))})",
        f"c.JupyterHub.load_groups.update({_literal(group_config)})",
        f"c.JupyterHub.load_roles.extend({_literal(roles(settings.configs, settings.language))})",
        f"_service = {_literal(service)}",
        '_service["environment"] = {',
        f'    "CASEKIT_STORE_URL": os.environ.get("CASEKIT_STORE_URL", {_fallback_store(settings)!r}),',
        "}",
        "c.JupyterHub.services.extend([_service])",
        f"c.Spawner.server_token_scopes.extend({_literal(list(SERVER_TOKEN_SCOPES))})",
        "c.Spawner.environment.update({",
        '    "CASEKIT_SERVICE_URL": os.environ.get(',
        f'        "CASEKIT_SERVICE_URL", {service_url(settings.local_url)!r}',
        "    ),",
        "})",
        "",
    ]
    return "\n".join(lines)


def values_text(settings: HubSettings) -> str:
    ids = ", ".join(c.id for c in settings.configs)
    head = [
        *_comment(i18n.t("cohort.hub.values_header", language=settings.language, cohorts=ids)),
        *_comment(i18n.t("cohort.hub.values_merge", language=settings.language)),
    ]
    body = yaml.safe_dump(values(settings), allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n" + body


def write_hub_config(settings: HubSettings, out: str | Path, *, force: bool = False) -> list[Placed]:
    """Write the fragment and the values into ``out``. A file casekit did not write there, or one changed
    since, is never replaced: the new version goes beside it (``force``: replaced after a backup)."""
    if not settings.configs:
        raise ConfigError("cohort.hub.no_cohort")
    for config, source in zip(settings.configs, settings.cohort_files):
        check_hub_names(config, source)
    for name in settings.admins:
        if not HUB_USER.fullmatch(name) or name != name.lower():
            raise ConfigError("cohort.hub.bad_admin", value=name)
    seen = [c.id for c in settings.configs]
    if len(set(seen)) != len(seen):
        duplicate = next(i for i in seen if seen.count(i) > 1)
        raise ConfigError("cohort.hub.duplicate_cohort", value=duplicate)
    out = output_folder(out)
    manifest = out / MANIFEST
    previous, _ = read_manifest(manifest, "files", force=force)
    files = {FRAGMENT: fragment(settings), VALUES: values_text(settings)}
    placed = [place(out, name, text, previous.get(name, {}), force=force) for name, text in files.items()]
    records = dict(previous)
    for item in placed:
        records[item.path] = next_record(previous.get(item.path, {}), item)
    write_manifest(
        manifest,
        {
            "casekit_version": __version__,
            "cohorts": seen,
            "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "files": records,
        },
    )
    return placed


def settings_for(
    configs: Sequence[CohortConfig],
    files: Sequence[str | Path],
    *,
    admins: Sequence[str] = (),
    language: str | None = None,
    local_url: str = LOCAL_SERVICE_URL,
    k8s_url: str = K8S_SERVICE_URL,
) -> HubSettings:
    """Settings for ``configs`` read from ``files`` (their absolute paths go into the service command)."""
    return HubSettings(
        configs=list(configs),
        cohort_files=[str(Path(f).resolve()) for f in files],
        admins=list(admins),
        language=i18n.check_language(language or (configs[0].language if configs else "nb")),
        local_url=local_url,
        k8s_url=k8s_url,
    )
