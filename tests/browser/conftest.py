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


def _port_bebas():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(app, org):
    """Serve `app` on http://localhost:<port> for the test's duration."""
    from waitress.server import create_server
    port = _port_bebas()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    def layani():
        try:
            server.run()
        except OSError:
            pass  # the socket closed under the loop at teardown

    thread = threading.Thread(target=layani, daemon=True)
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


def _awasi_csp(pg):
    """Collect what the Content-Security-Policy blocked on this page (Chromium
    reports each refusal on the console): every browser test fails on one."""
    ditolak = []
    pg.add_init_script("document.addEventListener('securitypolicyviolation', function (e) {"
                       " console.log('CSP: ' + e.violatedDirective + ' ' + JSON.stringify(e.sample) + ' di '"
                       " + (e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 200) : e.target)); });")
    pg.on("console", lambda m: ditolak.append(m.text) if m.text.startswith("CSP: ")
          or "Content Security Policy" in m.text else None)
    return ditolak


@pytest.fixture
def page(browser):
    """A fresh 360 px wide phone-sized page."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(10000)
    ditolak = _awasi_csp(pg)
    yield pg
    context.close()
    assert ditolak == [], "diblokir CSP:\n" + "\n".join(ditolak)


@pytest.fixture
def page_tanpa_js(browser):
    """The same 360 px phone page with JavaScript switched off: only plain
    links and forms work, as on a browser where scripts failed to load."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID",
                                  java_script_enabled=False)
    pg = context.new_page()
    pg.set_default_timeout(10000)
    ditolak = _awasi_csp(pg)
    yield pg
    context.close()
    assert ditolak == [], "diblokir CSP:\n" + "\n".join(ditolak)
