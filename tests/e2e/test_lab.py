"""Scenario 4: a participant opens a workbook in JupyterLab and chooses Run → Run All Cells.

Every cell runs, no error output appears, and every widget the kernel displays is rendered (no "Error
displaying widget"). One JupyterLab (token auth, the Norwegian settings of ``make lab``) serves the module;
its Voilà server extension is tested here too.
"""

from __future__ import annotations

import re

import pytest

from casekit import notebooks

from .conftest import open_voila, running, start_lab

pytestmark = pytest.mark.e2e

#: One workbook per family of widgets (the other workbooks reuse them: 1a and 2a the questionnaire of 3a,
#: 2b the views of 3b, 2c and 3c the forms of 1c), which keeps the browser suite within its time budget.
#: Every participant workbook also runs headless in the notebook tests and in Voilà in test_layout.
RUN_ALL = [
    "00-start-here",
    "1b-life-events",
    "1c-collaboration-model",
    "3a-maturity",
    "3b-maturity-benchmark",
    "4a-radar-explore-vote",
    "4b-it-architecture",
    "4c-radar-edition",
    "4c-ai-staffing-roster",
    "4c-ai-staffing-ethics",
]

MODEL = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const code = Array.from(panel.content.model.cells).filter(c => c.type === 'code');
  const outputs = code.flatMap(c => Array.from({length: c.outputs.length}, (_, i) => c.outputs.get(i)))
    .map(o => o.toJSON());
  return {
    status: panel.sessionContext.session?.kernel?.status,
    counts: code.map(c => c.executionCount),
    errors: outputs.filter(o => o.output_type === 'error').map(o => `${o.ename}: ${o.evalue}`),
    stderr: outputs.filter(o => o.output_type === 'stream' && o.name === 'stderr').map(o => String(o.text)),
    shown: outputs.filter(o => o.data).length,
    widgets: outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json'])
      .map(o => o.data['application/vnd.jupyter.widget-view+json'].model_id),
  };
}"""
#: The widget models still open in the kernel (a progress bar that closed itself is not shown, rightly).
OPEN_WIDGETS = """async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const reply = await kernel.requestCommInfo({target_name: 'jupyter.widget'});
  return Object.keys(reply.content.comms);
}"""


def test_the_run_all_list_names_participant_workbooks():
    participant = {i.id for i in notebooks.catalogue("participant")}
    assert set(RUN_ALL) <= participant, set(RUN_ALL) - participant


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    with running(start_lab, tmp_path_factory.mktemp("lab")) as served:
        yield served


def test_voila_as_server_extension_in_jupyterlab(page, lab):
    name = lab.render("00-start-here", "en", name="start-here-en", municipality="5059")
    url = f"{lab.url}/voila/render/{name}?token={lab.server.token}"
    open_voila(page, url, page.get_by_text("Fact card: Orkland").first)  # the card; the explorer repeats it
    body = page.locator("body").inner_text()
    assert "Error displaying widget" not in body and "Traceback" not in body
    assert "municipality =" not in page.content()  # no code on screen


@pytest.mark.parametrize("notebook", RUN_ALL)
def test_run_all_renders_every_widget_without_errors(page, lab, notebook):
    info = notebooks.get(notebook)
    params = dict(info.extra.get("test_parameters", {}))
    if "respondent" in info.parameters:
        params["respondent"] = f"4228-lab-{info.id[:2]}"
    name = lab.render(notebook, "nb", **params)
    # A workspace of its own, so JupyterLab does not reopen the notebooks of the tests before.
    page.goto(f"{lab.url}/lab/workspaces/{info.id}/tree/{name}?token={lab.server.token}")
    page.wait_for_function(
        """(name) => {
          const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
          return panel && panel.context && panel.context.path === name && panel.sessionContext.isReady
            && panel.sessionContext.session?.kernel?.status === 'idle';
        }""",
        arg=name,
        timeout=120_000,
    )
    page.locator("#jp-main-statusbar", has_text=re.compile("Idle|Ledig")).wait_for()
    # Run → Run All Cells, by mouse, as the workbook's first line tells participants to.
    page.get_by_role("menuitem", name=re.compile(r"^(Run|Kjør)$")).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    page.wait_for_function(
        f"() => {{ const m = ({MODEL})(); return m.status === 'idle' && m.counts.every(n => n); }}",
        timeout=180_000,
    )
    model = page.evaluate(MODEL)
    live = [m for m in model["widgets"] if m in set(page.evaluate(OPEN_WIDGETS))]
    # Widget views attach a moment after the kernel goes idle: wait for them, then count.
    page.wait_for_function(
        """(n) => Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'))
                   .filter(o => o.querySelector('.jupyter-widgets')).length >= n""",
        arg=len(live),
        timeout=60_000,
    )
    assert model["errors"] == [], model["errors"]
    assert not [s for s in model["stderr"] if "Traceback" in s]
    dom = page.evaluate(
        """() => {
          const outs = Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'));
          return {
            rendered: outs.filter(o => o.querySelector('.jupyter-widgets')).length,
            errors: document.querySelectorAll("[data-mime-type='application/vnd.jupyter.error']").length,
            text: document.querySelector('.jp-Notebook').innerText,
          };
        }"""
    )
    assert model["shown"] >= 1, f"{notebook} shows nothing"
    assert dom["rendered"] == len(live), (dom["rendered"], len(live), len(model["widgets"]))
    assert dom["errors"] == 0
    assert "Error displaying widget" not in dom["text"] and "Traceback" not in dom["text"]
    lab.shutdown_kernels()
