"""A small Sphinx extension for the casebook: the ``{notebook}`id``` role.

The role turns a notebook id into a link labelled with the notebook's title, module and phase in the
site's language. :func:`casekit.casebook.build` decides where the link points and passes it in the
configuration:

- ``casekit_notebooks``: ``{id: {"label": ..., "target": ..., "url": bool}}``. A target that is not a URL
  is a file path; the role writes it relative to the page, so the site keeps working when moved together
  with the files it links to.
- ``casekit_outdir``: the output folder, to compute relative paths.

Any other id is an error, and the build (run with warnings as errors) fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes

from .. import __version__, i18n


def notebook_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    env = inliner.document.settings.env
    config = env.config
    nb_id = text.strip()
    spec = config.casekit_notebooks.get(nb_id)
    if spec is not None:
        href = spec["target"]
        if not spec.get("url"):
            page_dir = Path(config.casekit_outdir) / Path(env.docname).parent
            href = Path(os.path.relpath(href, page_dir)).as_posix()
        node = nodes.reference(rawtext, spec["label"], refuri=href, classes=["casekit-notebook"])
        return [node], []
    msg = inliner.reporter.error(
        i18n.t("casebook.error.unknown_notebook", case=env.docname, value=nb_id, suggestions="-"),
        line=lineno,
    )
    return [inliner.problematic(rawtext, rawtext, msg)], [msg]


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("casekit_notebooks", {}, "env", types=frozenset({dict}))
    app.add_config_value("casekit_outdir", "", "env", types=frozenset({str}))
    app.add_role("notebook", notebook_role)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
