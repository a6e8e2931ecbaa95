"""Browser tests: the app served by waitress on localhost, driven by the
system Chromium through playwright. Skipped (with the reason shown) only when
no Chromium exists and KINERJA_REQUIRE_BROWSER is unset; CI sets it."""
import os
import socket
import threading

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(app, org):
    """Serve `app` on http://localhost:<port> for the test's duration."""
    from waitress.server import create_server
    port = _free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    def serve():
        try:
            server.run()
        except OSError:
            pass  # the socket closed under the loop at teardown

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://localhost:{port}"
    server.close()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("KINERJA_REQUIRE_BROWSER"):
            pytest.fail(f"KINERJA_REQUIRE_BROWSER diset tetapi {CHROMIUM} tidak ada")
        pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji peramban dilewati")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh 360 px wide phone-sized page."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(10000)
    yield pg
    context.close()


@pytest.fixture
def page_tanpa_js(browser):
    """The same 360 px phone page with JavaScript switched off: only plain
    links and forms work, as on a browser where scripts failed to load."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID",
                                  java_script_enabled=False)
    pg = context.new_page()
    pg.set_default_timeout(10000)
    yield pg
    context.close()
