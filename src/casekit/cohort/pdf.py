"""Print HTML pages to PDF with the system's Chromium (Playwright), one browser for a whole kit.

Chromium's print-to-PDF honours the pages' print CSS (A4, ``break-inside: avoid`` on charts), so the PDF is
the page a trainer sees in a browser. casekit never downloads a browser: it uses ``/usr/bin/chromium`` (or
``CASEKIT_CHROMIUM``), and says how to install it when it is missing.

Playwright's sync API refuses to run in a thread that has an asyncio loop running, which is every Jupyter
kernel (a trainer building the kit from a notebook) and any process that already drives a browser. The
printer therefore talks to Chromium from a thread of its own.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import KitError

#: Where Debian's chromium package puts the browser; ``CASEKIT_CHROMIUM`` overrides it.
DEFAULT_CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str:
    """The Chromium to print with, or a KitError that says how to get one."""
    path = os.environ.get("CASEKIT_CHROMIUM") or DEFAULT_CHROMIUM
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        path = shutil.which("chromium") or shutil.which("chromium-browser") or path
    if not Path(path).is_file():
        raise KitError("kit.error.no_chromium", path=path)
    return path


class Printer:
    """One headless Chromium that prints any number of pages; use it as a context manager.

    The browser starts on the first page printed, so a kit with nothing to print never starts one.
    """

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._thread: ThreadPoolExecutor | None = None
        self.pages = 0

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Any:
        if self._browser is None:
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:  # pragma: no cover - playwright is in the kit extra
                raise KitError("kit.error.no_playwright") from None
            executable = chromium_path()
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, headless=True, args=["--no-sandbox"]
            )
            self._page = self._browser.new_page()
        return self._page

    def _print(self, html: str) -> bytes:
        page = self._start()
        page.set_content(html, wait_until="load")
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)

    def pdf(self, html: str) -> bytes:
        """The PDF of one standalone HTML page (A4, backgrounds printed, the page's own @page rules).
        One tab is reused for every page (half the work of a new tab each time); pages carry no scripts."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casekit-pdf")
        data = self._thread.submit(self._print, html).result()
        self.pages += 1
        return data

    def _stop(self) -> None:
        self._page = None
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    def close(self) -> None:
        if self._thread is not None:
            self._thread.submit(self._stop).result()
            self._thread.shutdown()
            self._thread = None
