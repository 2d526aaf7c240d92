"""A cohort on a real JupyterHub, end to end: the one-machine hub of ``deploy/local`` (JupyterHub,
configurable-http-proxy, the casekit service started by the hub) with the answers in a real PostgreSQL.

Two participants from two municipalities log in on the hub's login page in Chromium, open their 3a workbook
in Voilà, answer it and submit; the answers reach PostgreSQL through the service under their hub names. A
trainer logs in and builds the 3b report from the service with their own token (no database address).
Participant A's token cannot read B's answers, and a kernel token without the casekit scopes gets 403.
Screenshots go to build/e2e/.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from casekit import i18n
from casekit.apps.cli import main
from casekit.assessment.model import load_instrument
from casekit.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))  # store_backends: PostgreSQL
from store_backends import fresh_schema

from .conftest import BIN, ROOT, SHOTS, VIEWPORTS, free_port, open_voila
from .test_maturity import answer_page, answers_for, before_placeholder, button, t

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

INSTRUMENT = load_instrument("maturity")
PASSWORD = "casekit-trial"
PEOPLE = {"a": ("sirdal-01", "4228"), "b": ("krs-01", "4204")}
TRAINER = "kursholder"


def proxy() -> str:
    local = ROOT / "build" / "npm" / "node_modules" / ".bin" / "configurable-http-proxy"
    found = str(local) if local.exists() else shutil.which("configurable-http-proxy")
    if found is None:
        pytest.skip(
            "configurable-http-proxy is missing (npm install --prefix build/npm configurable-http-proxy)"
        )
    return found


@dataclass
class Hub:
    url: str
    service: str  # the casekit service through the hub's proxy
    state: Path
    cohort: Path
    cohort_id: str
    admin_token: str
    process: subprocess.Popen

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.admin_token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs)

    def token(self, user: str, scopes: list[str] | None = None) -> str:
        """A new API token of ``user`` (by default with everything the user may do)."""
        body = {"note": "e2e", **({"scopes": scopes} if scopes is not None else {})}
        answer = self.api("POST", f"/users/{user}/tokens", json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()["token"]


COHORT = """id: {id}
title: "E2E-kull"
language: "nb"
municipalities: ["4228", "4204"]
store_url: "{service}"
min_group_size: 3
participants:
  "4228": [{{id: sirdal-01, role: kommunedirektør}}, {{id: sirdal-02}}, {{id: sirdal-03}}]
  "4204": [{{id: krs-01, role: kommunedirektør}}, {{id: krs-02}}, {{id: krs-03}}]
trainers: [{trainer}]
schedule:
  - {{step: "3a", date: 2025-11-24, notebooks: [3a-maturity]}}
  - {{step: "3b", date: 2025-12-08, notebooks: [3b-maturity-benchmark]}}
"""


def write_hub_files(state: Path, port: int, service_port: int, admin_token: str) -> tuple[Path, str]:
    """The cohort file, the hub config casekit writes for it, the participants' workbooks, and a hub
    config that loads deploy/local/jupyterhub_config.py and adds a test administrator service."""
    cohort_id = f"e2e-{uuid.uuid4().hex[:8]}"  # its own cohort in the shared database
    cohort = state / "cohort.yaml"
    service = f"http://127.0.0.1:{port}/services/casekit/"
    cohort.write_text(COHORT.format(id=cohort_id, service=service, trainer=TRAINER), encoding="utf-8")
    args = ["cohort", "hub-config", str(cohort), "--out", str(state / "config"), "--admin", "admin"]
    assert main([*args, "--service-url", f"http://127.0.0.1:{service_port}"]) == 0
    os.environ["JUPYTERHUB_API_TOKEN"] = (
        admin_token  # prepare checks the cohort's store: the service's client
    )
    try:
        assert (
            main(["cohort", "prepare", str(cohort), "--out", str(state / "workbooks"), "--step", "3a"]) == 0
        )
    finally:
        os.environ.pop("JUPYTERHUB_API_TOKEN")
    config = state / "jupyterhub_config.py"
    scopes = ["admin:users", "admin:groups", "groups", "list:users", "read:users", "tokens", "servers"]
    config.write_text(
        f"load_subconfig({str(ROOT / 'deploy' / 'local' / 'jupyterhub_config.py')!r})\n"
        f"c.ConfigurableHTTPProxy.command = [{proxy()!r}]\n"
        f"c.JupyterHub.services.append({{'name': 'e2e-admin', 'api_token': {admin_token!r}}})\n"
        f"c.JupyterHub.load_roles.append({{'name': 'e2e-admin', 'scopes': {scopes!r},"
        " 'services': ['e2e-admin']})\n",
        encoding="utf-8",
    )
    return cohort, cohort_id


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub stopped:\n{log.read_text(errors='replace')[-5000:]}")
        try:
            if requests.get(url, timeout=3).status_code == 200:  # the proxy says 404 until routes are in
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"no answer from {url}:\n{log.read_text(errors='replace')[-5000:]}")


@pytest.fixture(scope="module")
def store_url():
    """A PostgreSQL store of its own (a new schema, dropped afterwards), so earlier runs leave no answers."""
    with fresh_schema() as url:
        yield url


@pytest.fixture(scope="module")
def hub(chromium, store_url, tmp_path_factory):
    proxy()
    pytest.importorskip("jupyterhub", reason="JupyterHub is not installed (pip install -e '.[dev]')")
    state = tmp_path_factory.mktemp("hub")
    port, service_port = free_port(), free_port()
    admin_token = secrets.token_hex(24)
    cohort, cohort_id = write_hub_files(state, port, service_port, admin_token)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CASEKIT_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        CASEKIT_HUB_DIR=str(state),
        CASEKIT_HUB_PORT=str(port),
        CASEKIT_HUB_API_PORT=str(free_port()),
        CASEKIT_HUB_PROXY_API_PORT=str(free_port()),
        CASEKIT_HUB_PASSWORD=PASSWORD,
        CASEKIT_STORE_URL=store_url,
        JUPYTER_CONFIG_DIR=str(state / "jupyter-config"),
    )
    log = state / "jupyterhub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(state / "jupyterhub_config.py")],
            cwd=state,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    running = Hub(
        f"http://127.0.0.1:{port}",
        f"http://127.0.0.1:{port}/services/casekit/",
        state,
        cohort,
        cohort_id,
        admin_token,
        process,
    )
    try:
        wait_for(f"{running.url}/hub/api/", process, log)
        wait_for(f"{running.service}api/v1/health", process, log)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def contexts(browser):
    """A new browser context per person (each with their own hub login), all closed after the test."""
    made = []

    def new():
        made.append(browser.new_context(viewport=VIEWPORTS["laptop"], locale="nb-NO"))
        return made[-1]

    yield new
    for ctx in made:
        ctx.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"hub.{name}.png"), full_page=True)


def log_in(context, hub: Hub, user: str):
    """Log in on the hub's own login page and wait until the user's server has started."""
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.set_default_navigation_timeout(180_000)
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    shot(page, f"login-{user}")
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/**", timeout=180_000)
    return page


def answer_and_submit(page, hub: Hub, user: str) -> dict[str, int]:
    """Open the personal 3a workbook in Voilà, answer every dimension and submit."""
    form = page.locator(".casekit-questionnaire")
    open_voila(page, f"{hub.url}/user/{user}/voila/render/workbooks/3a-maturity.ipynb", form)
    mine: dict[str, int] = {}
    header = form.locator("h4").first
    for n, dimension in enumerate(INSTRUMENT.dimensions):
        header.filter(has_text=i18n.text(dimension.label, "nb")).wait_for()
        answers = answers_for(dimension)
        answer_page(form, answers, len(mine))
        mine.update(answers)
        if n < len(INSTRUMENT.dimensions) - 1:
            button(form, "next").click()
    button(form, "submit").click()
    form.locator(".casekit-feedback .casekit-ok", has_text=before_placeholder(t("submitted"))).wait_for()
    shot(page, f"submitted-{user}")
    return mine


def test_participants_answer_through_the_hub_and_a_trainer_builds_the_report(
    hub, store_url, contexts, tmp_path
):
    submitted = {}
    for user, _number in PEOPLE.values():
        page = log_in(contexts(), hub, user)
        submitted[user] = answer_and_submit(page, hub, user)
        page.close()

    # In PostgreSQL under the hub names, for their municipalities and the cohort: nothing else said who.
    store = open_store(store_url)
    for user, number in PEOPLE.values():
        final = store.latest(user, INSTRUMENT.id, status="final")
        assert final is not None and final.answers == submitted[user]
        people = store.respondents()
        assert people.set_index("respondent").loc[user, "municipality"] == number

    trainer = log_in(contexts(), hub, TRAINER)
    trainer.locator("#jp-main-dock-panel").wait_for()
    shot(trainer, "trainer-lab")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CASEKIT_STORE"))}
    env.update(JUPYTERHUB_API_TOKEN=hub.token(TRAINER), PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
    out = tmp_path / "report"
    result = subprocess.run(
        [str(BIN / "casekit"), "cohort", "report", str(hub.cohort), "--phase", "3b", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(out.glob("3b-*.html"))
    assert pages, list(out.iterdir())
    trainer.goto(pages[0].as_uri())
    shot(trainer, "trainer-report-3b")

    # The export too, with the trainer's token; a participant's token gets the service's refusal.
    exported = tmp_path / "export"
    command = [
        str(BIN / "casekit"),
        "--lang",
        "en",
        "cohort",
        "export",
        str(hub.cohort),
        "--out",
        str(exported),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = (exported / "answers.csv").read_text(encoding="utf-8")
    assert all(user in rows for user in submitted)
    env["JUPYTERHUB_API_TOKEN"] = hub.token(PEOPLE["a"][0])
    refused = subprocess.run([*command[:-1], str(tmp_path / "no")], env=env, capture_output=True, text=True)
    assert (
        refused.returncode == 1 and "casekit-trainer" in refused.stderr and "Traceback" not in refused.stderr
    )


def test_a_participants_token_cannot_read_others_and_a_kernel_without_the_scope_gets_403(hub):
    a, b = PEOPLE["a"][0], PEOPLE["b"][0]
    token_a = hub.token(a)

    def get(path: str, token: str, **params) -> requests.Response:
        headers = {"Authorization": f"token {token}"}
        return requests.get(f"{hub.service}api/v1/{path}", headers=headers, params=params, timeout=30)

    assert get("me", token_a).status_code == 200
    refused = get("answers", token_a, cohort=hub.cohort_id, respondent=b)
    assert refused.status_code == 403
    assert "casekit-trainer" in refused.text  # says which role it takes
    assert get("submissions", token_a, cohort=hub.cohort_id).status_code == 403

    # A kernel's token as the hub makes it without server_token_scopes: activity and its own server only.
    kernel = hub.token(a, scopes=["users:activity!user", "access:servers!server"])
    assert get("me/latest", kernel, instrument=INSTRUMENT.id).status_code == 403
    assert get("me", kernel).status_code == 403
    trainer = hub.token(TRAINER)
    assert get("answers", trainer, cohort=hub.cohort_id).status_code == 200
