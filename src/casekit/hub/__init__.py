"""The casekit hub service: a JSON API over the response store, registered as a JupyterHub service.

It takes who is asking from the hub token (JupyterHub's own ``HubAuth``), never from the request, and
what they may do from the hub's roles (custom scopes limited by group, see :mod:`casekit.hub.contract`):
participants save and read their own answers, trainers read their cohorts' answers, administrators erase,
purge and read the audit trail. Every trainer's and administrator's read is written to the audit trail.

``casekit serve --cohort cohort.yaml … --store URL`` runs it (:mod:`casekit.hub.app`); in a hub kernel
:func:`casekit.store.open_store` returns the service's client (:mod:`casekit.store.service`). The hub
depends on the store, never the other way round; this package's ``__init__`` imports nothing, so the
deployment code may import :mod:`casekit.hub.contract` alone.
"""
