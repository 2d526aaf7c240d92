"""``casekit serve``: the casekit hub service for one or more cohorts, on a JupyterHub.

    casekit serve --cohort agder.yaml --cohort vestland.yaml --store postgresql://… [--port 10101]

The hub starts it as a managed service (``c.JupyterHub.services``, with ``command``) or it runs beside the
hub as an external one (with ``url`` and ``api_token``); see "On a shared JupyterHub" in the README.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from typing import Any

from ... import i18n
from ...cohort.config import load_config
from ...errors import HubError
from ...hub import contract
from ...hub.app import Service, default_address, register_cohorts, serve
from ...hub.roster import Roster
from ...store import display_url, open_store


def _serve(args: argparse.Namespace) -> int:
    configs = [load_config(path, check_store=False) for path in args.cohort]
    for path, config in zip(args.cohort, configs):
        if not config.participants:
            print(i18n.t("hub.serve.no_participants", cohort=config.id, file=path))
    url = args.store or os.environ.get("CASEKIT_STORE_URL", "")
    if not url or url.startswith(("http://", "https://")):
        raise HubError("hub.serve.store_is_service", url=url or "-")
    store = open_store(url)
    roster = Roster.from_configs(configs)
    service = Service(store, roster, hub_api_url=args.hub_api_url or os.environ.get("JUPYTERHUB_API_URL", ""))
    service.hub_auth  # noqa: B018 - says at once when JupyterHub's package is missing
    register_cohorts(service)
    ip, port = default_address(args.port, args.ip)
    logging.basicConfig(level=logging.INFO, format="[%(levelname)s %(asctime)s %(name)s] %(message)s")
    started = i18n.t(
        "hub.serve.started",
        cohorts=", ".join(roster.ids),
        participants=len(roster),
        ip=ip,
        port=port,
        prefix=service.prefix,
        store=display_url(store.url),
    )
    print(started, flush=True)
    asyncio.run(serve(service, ip, port))
    print(i18n.t("hub.serve.stopped"), flush=True)
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help=i18n.t("hub.serve.help"))
    parser.add_argument(
        "--cohort",
        action="append",
        required=True,
        metavar="COHORT.yaml",
        help=i18n.t("hub.serve.cohort_help"),
    )
    parser.add_argument("--store", default="", metavar="URL", help=i18n.t("hub.serve.store_help"))
    parser.add_argument(
        "--port", type=int, default=None, help=i18n.t("hub.serve.port_help", port=contract.DEFAULT_PORT)
    )
    parser.add_argument("--ip", default=None, help=i18n.t("hub.serve.ip_help"))
    parser.add_argument("--hub-api-url", default="", metavar="URL", help=i18n.t("hub.serve.hub_api_help"))
    parser.set_defaults(func=_serve)
