"""JupyterHub on one machine, for a trial of casekit with a cohort: `make hub` starts it.

WARNING: this hub uses JupyterHub's DummyAuthenticator. Anyone who can reach it can log in as any user of
the cohort with the shared trial password. It listens on 127.0.0.1 only. Never use it for real answers or
on a network: a real hub uses the municipalities' own login (see deploy/z2jh).

Everything it writes goes under build/hub/ (or CASEKIT_HUB_DIR): the hub's database, each user's home
folder, and the answers (SQLite), unless CASEKIT_STORE_URL names another store (such as PostgreSQL).
Settings from the environment: CASEKIT_HUB_DIR, CASEKIT_HUB_PORT (8000), CASEKIT_HUB_PASSWORD,
CASEKIT_HUB_ADMIN (admin), CASEKIT_STORE_URL.
"""

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("CASEKIT_HUB_DIR", ROOT / "build" / "hub")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
PORT = int(os.environ.get("CASEKIT_HUB_PORT", "8000"))

c = get_config()  # noqa: F821 - given by JupyterHub when it reads this file

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("CASEKIT_HUB_API_PORT", PORT + 1))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('CASEKIT_HUB_PROXY_API_PORT', PORT + 2)}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# configurable-http-proxy from npm, installed into the project by `make hub` (build/npm), else from PATH.
proxy = ROOT / "build" / "npm" / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]

# Trial login: any cohort user name with the one shared password. Only users the hub knows (the cohort's
# groups, loaded below) may log in.
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ.get("CASEKIT_HUB_PASSWORD", "casekit-trial")
c.Authenticator.allow_existing_users = True
c.Authenticator.admin_users = {os.environ.get("CASEKIT_HUB_ADMIN", "admin")}

# Every user's server runs as this system user, with a home folder of its own under build/hub/homes.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120  # a busy laptop may take a while to start JupyterLab
if os.geteuid() == 0:  # a container or CI runs as root; Jupyter refuses that unless told
    c.Spawner.args = ["--allow-root"]
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "JUPYTERHUB_SINGLEUSER_APP"]
c.Spawner.environment = {"MPLBACKEND": "Agg"}


def copy_workbooks(spawner):
    """Before a server starts: copy the user's personal workbooks (from `casekit cohort prepare`, which
    make hub runs into build/hub/workbooks/<municipality>/<user>/) into ~/workbooks. A workbook already
    in the home folder is never replaced: it may hold the participant's work."""
    home = Path(spawner.home_dir) / "workbooks"
    for folder in (STATE / "workbooks").glob(f"*/{spawner.user.name}"):
        for source in folder.glob("*.ipynb"):
            target = home / source.name
            if not target.exists():
                home.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


c.Spawner.pre_spawn_hook = copy_workbooks

# The answers: SQLite under build/hub unless CASEKIT_STORE_URL says otherwise. Only the service sees it.
os.environ.setdefault("CASEKIT_STORE_URL", f"sqlite:///{STATE / 'answers.sqlite'}")

# The cohort's groups, roles, scopes, kernel token scopes and the casekit service, as
# `casekit cohort hub-config` wrote them (make hub runs it first).
load_subconfig(str(STATE / "config" / "casekit_jupyterhub_config.py"))  # noqa: F821
