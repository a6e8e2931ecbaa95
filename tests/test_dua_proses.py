"""Two server processes on one database, as the production start runs them
(one per core): a session, a CSRF token, an idempotency key and a throttle
made in one process hold in the other; a logout in one is a logout in both.
Also the production start itself (gunicorn, two workers) comes up and serves."""
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from kinerja.db import database
from kinerja.models import GagalMasuk
from kinerja.penilaian.models import Bukti
from kinerja.skp.models import Iki
from tests.conftest import NIP, SANDI

AKAR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _TanpaAlih(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Peramban:
    """One browser (its cookies) that can talk to either process."""

    def __init__(self):
        self.buka = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                _TanpaAlih())

    def minta(self, url, data=None, kepala=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.buka.open(urllib.request.Request(url, body, headers=kepala or {}), timeout=30) as r:
                return r.status, r.read().decode(), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace"), e.headers

    def token(self, url):
        html = self.minta(url)[1]
        m = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
            re.search(r'"X-CSRFToken": "([^"]+)"', html)
        return m.group(1)


def _mulai(app, perintah, port, **lain):
    env = dict(os.environ, KINERJA_DATABASE_URL=app.config["DATABASE_URL"], KINERJA_SECRET_KEY=app.config["SECRET_KEY"],
               KINERJA_UPLOAD_DIR=app.config["UPLOAD_DIR"], KINERJA_HARI_INI="2026-11-28", HOST="127.0.0.1",
               PORT=str(port), KINERJA_PROSES="2", **lain)
    # Under `faketime` (make test-tanggal) each new process starts its own fake
    # clock, so two servers would disagree by the moment they started, and a
    # session cookie signed by one would look "from the future" to the other.
    # Real servers share the machine's clock: give them the real one (the
    # app's own clock is fixed by KINERJA_HARI_INI anyway).
    for kunci in [k for k in env if k == "LD_PRELOAD" or k.startswith("FAKETIME")]:
        del env[kunci]
    proses = subprocess.Popen(perintah, env=env, cwd=AKAR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proses
        except OSError:
            time.sleep(0.05)
    proses.kill()
    pytest.fail("server tidak mulai")


def _berhenti(proses):
    """Stop a server: SIGTERM, then SIGKILL if it has not exited in 30 s (a
    gunicorn worker still booting on a loaded CI machine held the arbiter's
    graceful stop past 10 s once)."""
    proses.terminate()
    try:
        proses.wait(30)
    except subprocess.TimeoutExpired:
        proses.kill()
        proses.wait(10)


@pytest.fixture
def dua(app, berjalan):
    ports = [_port(), _port()]
    proses = [_mulai(app, [sys.executable, "app.py"], p) for p in ports]
    yield [f"http://127.0.0.1:{p}" for p in ports]
    for p in proses:
        _berhenti(p)


def test_sesi_csrf_kunci_dan_keluar_berlaku_di_kedua_proses(dua, berjalan):
    a, b = dua
    staf = berjalan["skp"]["staf"]
    with database:
        iki = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
    p = Peramban()
    assert p.minta(f"{a}/login", {"nip": NIP["staf"], "password": SANDI, "csrf_token": p.token(f"{a}/login"),
                                  "submission_id": str(uuid.uuid4())})[0] == 303
    assert p.minta(f"{b}/")[0] == 200  # signed in on A, known on B
    # A form from A's page, sent twice: once to A, once (a replay) to B.
    url = f"/skp/{staf.id}/kinerja/4/iki/{iki.id}/tautan"
    data = {"tautan": "https://drive.example.go.id/laporan", "judul": "Laporan",
            "csrf_token": p.token(f"{a}/skp/{staf.id}/kinerja/4"), "submission_id": str(uuid.uuid4())}
    pertama, kedua = p.minta(a + url, data), p.minta(b + url, data)
    assert pertama[0] == kedua[0] == 303 and pertama[2]["Location"] == kedua[2]["Location"]
    with database:
        assert Bukti.select().count() == 1
    # Logout on B ends the session on A too.
    assert p.minta(f"{b}/logout", {"csrf_token": p.token(f"{b}/")})[0] == 303
    status, _, kepala = p.minta(f"{a}/")
    assert status == 302 and "/login" in kepala["Location"]


def test_batas_login_dihitung_bersama(dua, app):
    a, b = dua
    p = Peramban()
    kode = []
    for i in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"] + 1):
        base = (a, b)[i % 2]
        kode.append(p.minta(f"{base}/login", {"nip": NIP["kasi"], "password": "salah", "submission_id": str(uuid.uuid4()),
                                             "csrf_token": p.token(f"{base}/login")})[0])
    assert kode == [401] * app.config["LOGIN_MAX_FAILURES_PER_NIP"] + [429]


GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")
ADA_GUNICORN = pytest.mark.skipif(not shutil.which("gunicorn", path=os.path.dirname(sys.executable)),
                                  reason="gunicorn tidak terpasang (Windows memakai waitress)")


@pytest.mark.parametrize("perintah", [
    [sys.executable, "app.py"],
    pytest.param([GUNICORN, "-c", "python:kinerja.gunicorn_conf", "app:app"], marks=ADA_GUNICORN),
], ids=["waitress", "gunicorn"])
def test_alamat_klien_dari_proksi_tepercaya_sampai_ke_aplikasi(app, org, perintah):
    """Behind Caddy both servers hand X-Forwarded-For to the app, which trusts
    it from KINERJA_TRUSTED_PROXIES only: the login throttle counts the real
    address, not the whole office as 127.0.0.1."""
    port = _port()
    proses = _mulai(app, perintah, port, KINERJA_TRUSTED_PROXIES="127.0.0.1")
    try:
        base, p = f"http://127.0.0.1:{port}", Peramban()
        status = p.minta(f"{base}/login", {"nip": NIP["kasi"], "password": "salah", "submission_id": str(uuid.uuid4()),
                                           "csrf_token": p.token(f"{base}/login")},
                         {"X-Forwarded-For": "203.0.113.9"})[0]
        assert status == 401
    finally:
        _berhenti(proses)
    with database:
        assert [g.kunci for g in GagalMasuk.select() if g.kunci.startswith("addr:")] == ["addr:203.0.113.9"]


@ADA_GUNICORN
def test_gunicorn_dua_pekerja_melayani(app, berjalan):
    port = _port()
    proses = _mulai(app, [GUNICORN, "-c", "python:kinerja.gunicorn_conf", "app:app"], port)
    try:
        base, p = f"http://127.0.0.1:{port}", Peramban()
        assert p.minta(f"{base}/login", {"nip": NIP["staf"], "password": SANDI, "submission_id": str(uuid.uuid4()),
                                         "csrf_token": p.token(f"{base}/login")})[0] == 303
        assert [p.minta(f"{base}/skp")[0] for _ in range(20)] == [200] * 20
    finally:
        _berhenti(proses)
