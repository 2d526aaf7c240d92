"""nbgitpuller links: one click pulls the cohort's workbooks into a participant's JupyterHub home."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote, urlencode

from ..errors import ConfigError
from .config import CohortConfig
from .prepare import plan


def nbgitpuller_url(hub: str, repo: str, branch: str, path: str, *, app: bool = False) -> str:
    """``{hub}/hub/user-redirect/git-pull?repo=…&branch=…&urlpath=…`` opening ``path`` in the repo clone,
    in JupyterLab (default) or as a Voilà app."""
    clone = PurePosixPath(repo.rstrip("/").removesuffix(".git")).name
    target = f"{clone}/{path}"
    urlpath = f"voila/render/{target}" if app else f"lab/tree/{target}"
    query = urlencode({"repo": repo, "branch": branch, "urlpath": urlpath}, quote_via=quote, safe="/")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def links(
    config: CohortConfig, *, step: str | None = None, per: str = "participant", app: bool = False
) -> list[dict[str, str]]:
    """Rows of municipality, respondent (or folder), notebook and link."""
    if config.hub is None:
        raise ConfigError("cohort.links.no_hub")
    rows, seen = [], set()
    for job in plan(config, step):
        if per == "municipality":
            path = f"{config.hub.folder}/{job.municipality}"
            key = (job.municipality, "")
        else:
            path = f"{config.hub.folder}/{job.target}"
            key = (job.municipality, job.target)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "municipality": job.municipality,
                "respondent": job.respondent if per != "municipality" else "",
                "notebook": job.notebook if per != "municipality" else "",
                "url": nbgitpuller_url(config.hub.url, config.hub.repo, config.hub.branch, path, app=app),
            }
        )
    return rows
