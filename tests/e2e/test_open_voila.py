"""The helper that opens Voilà pages reloads once on a stalled spinner, and only then."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import open_voila

pytestmark = pytest.mark.e2e

STALLED = '<div id="loading"><h2 id="loading_text">Executing 11 of 13</h2></div>'
DONE = '<div id="rendered_cells"><p class="card">Faktakort: Sirdal</p></div>'
BROKEN = "<p>Something else went wrong</p>"


@pytest.fixture
def site():
    """A page that answers each request with the next body in ``site.bodies``."""
    bodies: list[str] = []
    served: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/":  # the browser also asks for /favicon.ico
                self.send_error(404)
                return
            body = bodies.pop(0) if bodies else BROKEN
            served.append(body)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(f"<!DOCTYPE html><html><body>{body}</body></html>".encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.bodies, server.served = bodies, served
    server.url = f"http://127.0.0.1:{server.server_port}/"
    yield server
    server.shutdown()
    server.server_close()


def test_a_stalled_spinner_is_loaded_once_more(page, site):
    site.bodies[:] = [STALLED, DONE]
    with pytest.warns(UserWarning, match="Executing 11 of 13"):
        open_voila(page, site.url, page.locator(".card"), timeout=1_500)
    assert site.served == [STALLED, DONE]


def test_a_second_stall_fails(page, site):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    site.bodies[:] = [STALLED, STALLED, DONE]
    with pytest.warns(UserWarning), pytest.raises(PlaywrightTimeout):
        open_voila(page, site.url, page.locator(".card"), timeout=1_500)
    assert site.served == [STALLED, STALLED]


def test_any_other_failure_is_not_retried(page, site):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    site.bodies[:] = [BROKEN, DONE]
    with pytest.raises(PlaywrightTimeout):
        open_voila(page, site.url, page.locator(".card"), timeout=1_500)
    assert site.served == [BROKEN]
