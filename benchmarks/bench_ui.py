"""What a participant waits for in Voilà: the maturity questionnaire (3a) and the radar ballot (4a).

For each app the script opens the page in Debian's Chromium several times, as a participant does, once
with a new kernel per page and once from Voilà's pool of preheated kernels (``casekit app``'s default; the
next load waits until every pool holds a warm kernel again, as when participants arrive a little apart),
and prints

* the time from asking for the page to the first widget on screen (target ≤ 1.5 s on 2 cores), and to the
  app's own widget (the questionnaire, the ballot), with the ratio preheated / new kernel. "On screen" is
  the first animation frame in which the element is visible, stamped in the page itself: the test driver's
  own wait looks again only every 0.5 s after its first tries and would add up to half a second;
* how many loads stalled ("Executing n of m" with an idle kernel, see the README);
* the median (and 90th percentile) time from a click to the updated chart (target ≤ 400 ms): an answer
  button and the live profile image in 3a, a ring in the ballot and its live radar in 4a. Both ends are
  measured in the page (the click or change event, and the chart's new image or SVG put in place).

Targets are for an otherwise idle 2-core machine; the load average is printed alongside.
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from summary import record

RUNS = 5
CLICKS = 15
FIRST_WIDGET_TARGET_S = 1.5
STALL_S = 60.0
CLICK_TARGET_MS = 400.0
CHROMIUM = os.environ.get("CASEKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

#: In the page: stamp the user's click (or a select's change) and the moment the chart has changed.
PROBE = """([trigger, chart, kind]) => {
  window.__bench = {};
  const stamp = () => { window.__bench.t0 = performance.now(); };
  document.addEventListener(trigger, stamp, {capture: true, once: true});
  const target = document.querySelector(chart);
  const done = () => { if (window.__bench.t0 !== undefined && window.__bench.t1 === undefined)
                         window.__bench.t1 = performance.now(); };
  new MutationObserver((_m, obs) => { done(); obs.disconnect(); }).observe(
    target, kind === 'image' ? {attributes: true, attributeFilter: ['src']}
                             : {childList: true, subtree: true, characterData: true});
}"""

#: In the page from its first moment: the time (ms since the epoch) of the first animation frame in which
#: each selector matches a visible element with a size.
ON_SCREEN = """((selectors) => {
  window.__onScreen = {};
  const look = () => {
    for (const selector of selectors) {
      const el = window.__onScreen[selector] === undefined && document.querySelector(selector);
      if (el && el.checkVisibility({visibilityProperty: true}) && el.getBoundingClientRect().width > 0)
        window.__onScreen[selector] = performance.timeOrigin + performance.now();
    }
    if (selectors.some((s) => window.__onScreen[s] === undefined)) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})(%s);"""

FIRST_WIDGET = ".jp-OutputArea-output .jupyter-widgets"

APPS = {
    "maturity (3a)": {
        "notebook": "3a-maturity",
        "params": {"respondent": "4228-bench"},
        "ready": ".casekit-questionnaire",
        "chart": "img.casekit-live-profile",
        "kind": "image",
        "trigger": "click",
    },
    "radar ballot (4a)": {
        "notebook": "4a-radar-explore-vote",
        "params": {"respondent": "4228-bench"},
        "ready": ".casekit-ballot",
        "chart": ".casekit-ballot .casekit-live-radar",
        "kind": "svg",
        "trigger": "change",
    },
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_voila(folder: Path, store_url: str, pool_size: int = 0) -> tuple[subprocess.Popen, str]:
    from casekit.apps.app import voila_command

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(
        {
            "CASEKIT_STORE_URL": store_url,
            "MPLBACKEND": "Agg",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
        }
    )
    log = (folder / "voila.log").open("w")
    command = voila_command(folder / "app", port, pool_size=pool_size)
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return proc, url
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError(f"Voilà exited; see {folder / 'voila.log'}") from None
            time.sleep(0.3)
    raise TimeoutError("Voilà did not answer within 60 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def clicks(page, spec: dict, run: int) -> list[float]:
    """``CLICKS`` clicks, each timed from the click to the chart it changes."""
    times = []
    if spec["kind"] == "image":
        controls = page.locator(".casekit-questionnaire .casekit-answer:visible")
        # A dimension is drawn once two thirds of its items are answered: answer three of four first
        # (today and ambition), so that every measured click moves a dot.
        rows = 6
        for n in range(rows):
            controls.nth(n).get_by_role("button", name="2", exact=True).click()
        page.get_by_text(f"{rows} av ", exact=False).first.wait_for()
        page.wait_for_timeout(500)
        for n in range(CLICKS):
            row = controls.nth(n % rows)
            level = str(1 + (n + run) % 5)
            active = row.get_by_role("button", name=level, exact=True).get_attribute("class") or ""
            if "mod-active" in active:  # clicking the chosen answer changes nothing
                level = str(1 + (n + run + 1) % 5)
            page.evaluate(PROBE, [spec["trigger"], spec["chart"], spec["kind"]])
            row.get_by_role("button", name=level, exact=True).click()
            times.append(measured(page))
    else:
        selects = page.locator(".casekit-ballot .casekit-ballot-ring select")
        rings = ["Ta i bruk", "Prøv ut", "Utforsk", "Avvent"]
        for n in range(CLICKS):
            select = selects.nth(n)
            page.evaluate(PROBE, [spec["trigger"], spec["chart"], spec["kind"]])
            select.select_option(label=rings[(n + run) % len(rings)])
            times.append(measured(page))
    return times


def measured(page) -> float:
    page.wait_for_function("() => window.__bench.t1 !== undefined", timeout=30_000)
    return page.evaluate("() => window.__bench.t1 - window.__bench.t0")


def pools_warm(log: Path, timeout: float = 180) -> None:
    """Wait until every notebook's pool holds a warm kernel again: each notebook has logged one more warm
    kernel than its visitors have taken, so no kernel is starting or warming beside the next page load."""
    from casekit.notebooks.preheat import READY_LINE

    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text()
        warm = collections.Counter(re.findall(rf"^{re.escape(READY_LINE)}: (\S+)$", text, re.M))
        taken = collections.Counter(re.findall(r"Using pre-heated kernel: \S+ for (\S+)\.ipynb", text))
        if warm and all(warm[notebook] == taken[notebook] + 1 for notebook in warm | taken):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("Voilà's preheated kernels did not get warm")
        time.sleep(0.2)


def bench_app(browser, url: str, name: str, spec: dict, log: Path | None = None) -> dict[str, list[float]]:
    from playwright.sync_api import TimeoutError as PageTimeout

    first, ready, latency, lost = [], [], [], 0
    for run in range(RUNS):
        if log is not None:
            pools_warm(log)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO")
        page = context.new_page()
        page.add_init_script(ON_SCREEN % json.dumps([FIRST_WIDGET, spec["ready"]]))
        page.set_default_timeout(120_000)
        start = time.time()
        page.goto(f"{url}/voila/render/{name}", wait_until="commit")
        try:
            page.locator(FIRST_WIDGET).first.wait_for()
        except PageTimeout:  # Voilà's "Executing n of m" stall: counted, and the next load goes on
            lost += 1
            context.close()
            continue
        page.locator(spec["ready"]).wait_for()
        stamps = page.evaluate("() => window.__onScreen")
        first.append(stamps[FIRST_WIDGET] / 1000 - start)
        ready.append(stamps[spec["ready"]] / 1000 - start)
        page.locator(spec["chart"]).first.scroll_into_view_if_needed()
        latency.extend(clicks(page, spec, run))
        context.close()
    return {"first": first, "ready": ready, "latency": latency, "lost": lost}


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def report(label: str, spec: dict, result: dict[str, list[float]]) -> float:
    first, ready, latency = result["first"], result["ready"], result["latency"]
    median_first = statistics.median(first)
    median_click = statistics.median(latency)
    stalls = sum(t > STALL_S for t in ready) + result["lost"]  # slow loads, and loads that never showed
    print(f"\n{label}")
    print(
        f"  first widget on screen: median {median_first:.2f} s "
        f"(min {min(first):.2f}, max {max(first):.2f}); "
        f"target {FIRST_WIDGET_TARGET_S:.1f} s, ratio {median_first / FIRST_WIDGET_TARGET_S:.2f}"
    )
    print(f"  {spec['ready']} on screen: median {statistics.median(ready):.2f} s; stalled loads: {stalls}")
    print(f"  each load, first widget: {' '.join(f'{t:.2f}' for t in first)} s")
    print(
        f"  click to updated chart: median {median_click:.0f} ms, p90 {p90(latency):.0f} ms "
        f"over {len(latency)} clicks; target {CLICK_TARGET_MS:.0f} ms, "
        f"ratio {median_click / CLICK_TARGET_MS:.2f}"
    )
    record(f"click to chart, {label}", median_click, "ms", CLICK_TARGET_MS)
    return median_first


def run_mode(browser_factory, folder: Path, pool_size: int) -> dict[str, float]:
    from casekit import notebooks

    names = {}
    for label, spec in APPS.items():
        info = notebooks.get(spec["notebook"])
        target = folder / "app" / f"{info.id}.ipynb"
        notebooks.render_to_file(info, target, "nb", spec["params"], hide_code=True, preheat=pool_size > 0)
        names[label] = target.name
    proc, url = start_voila(folder, f"sqlite:///{folder / 'answers.sqlite'}", pool_size)
    medians = {}
    try:
        browser = browser_factory()
        for label, spec in APPS.items():
            log = folder / "voila.log" if pool_size else None
            medians[label] = report(label, spec, bench_app(browser, url, names[label], spec, log))
        browser.close()
    finally:
        stop(proc)
    return medians


def main() -> None:
    if not Path(CHROMIUM).exists():
        print(f"skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
        return
    from playwright.sync_api import sync_playwright

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{RUNS} page loads per app and mode, {CLICKS} clicks per load")
    results = {}
    with sync_playwright() as pw:

        def launch():
            return pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )

        for mode, pool in (("new kernel per page", 0), ("preheated kernel pool", 1)):
            print(f"\n== {mode}")
            with tempfile.TemporaryDirectory(prefix="casekit-bench-ui-") as tmp:
                results[mode] = run_mode(launch, Path(tmp), pool)
    print("\nfirst widget, preheated / new kernel:")
    for label in APPS:
        new, warm = results["new kernel per page"][label], results["preheated kernel pool"][label]
        print(f"  {label}: {warm:.2f} s / {new:.2f} s = {warm / new:.2f}")
        record(f"first widget, {label}, new kernel", new, "s", FIRST_WIDGET_TARGET_S)
        record(f"first widget, {label}, preheated", warm, "s", FIRST_WIDGET_TARGET_S)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
