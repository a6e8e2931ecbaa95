"""What the write benches share (bench/tulis_beban.py, bench/mati_mendadak.py):
the demo city in a fresh database, a server process on it, a browser-like
client, and one write made as a person makes it.

The writes are the demo `atasan`'s own, in Triwulan IV-Akhir 2026 with the
clock fixed on 28 November 2026: a realisasi saved, an evidence link added,
the self-evaluation draft saved. Each carries a mark of its own (in the link,
the realisasi's catatan, the self-evaluation's uraian) and its submission_id,
so a bench can find every accepted write in the database afterwards.
"""
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

AKAR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, AKAR)

from kinerja import create_app  # noqa: E402
from kinerja.db import database, migrate  # noqa: E402
from kinerja.models import Pegawai, Periode, Riwayat  # noqa: E402
from kinerja.penilaian.models import Bukti  # noqa: E402
from kinerja.seed import DEMO_AKUN, DEMO_PEGAWAI, DEMO_SANDI, seed_demo  # noqa: E402
from kinerja.skp.models import Iki, Rhk, Skp  # noqa: E402
from tests.formulir import baca_formulir  # noqa: E402  (reads a form as a browser sends it)

HARI = "2026-11-28"
NOMOR = 4
JENIS = ("tautan", "realisasi", "diri")
KUNCI = secrets.token_hex(32)  # this run's secret key, shared by the bench and its server processes


def buat_app(url, **lain):
    """The app on the bench's database (for seeding and counting)."""
    return create_app(dict({"DATABASE_URL": url, "SECRET_KEY": KUNCI}, **lain))


class _TanpaAlih(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 303 is the answer we count, not a page to follow


class Klien:
    """One browser: its own cookies, the form's CSRF token."""

    def __init__(self, base):
        self.base = base
        self.buka = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                _TanpaAlih())

    def minta(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.buka.open(self.base + path, body, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def kirim(self, path, data, halaman="/", submission_id=None):
        _, html = self.minta(halaman)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
            re.search(r'"X-CSRFToken": "([^"]+)"', html)
        data = dict(data, csrf_token=token.group(1), submission_id=submission_id or str(uuid.uuid4()))
        return self.minta(path, data)[0]


def port_bebas():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def siapkan(folder):
    """The demo city in a fresh database; (db url, skp id, iki ids, nip)."""
    url = f"sqlite:///{folder}/beban.db"
    app = buat_app(url, HARI_INI=HARI, UPLOAD_DIR=f"{folder}/unggahan", PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    with app.app_context():
        migrate()
        with database.connection_context():
            seed_demo()
            nip = {row[0]: row[4] for row in DEMO_PEGAWAI}[dict((p, k) for p, k in DEMO_AKUN)["atasan"]]
            skp = (Skp.select().join(Pegawai, on=(Skp.pegawai == Pegawai.id)).switch(Skp).join(Periode)
                   .where((Pegawai.nip == nip) & (Periode.tahun == 2026)).get())
            iki = [i.id for i in Iki.select(Iki.id).join(Rhk).where(Rhk.skp == skp.id).order_by(Iki.id)]
    return url, skp.id, iki, nip


def hitung(url):
    """Rows the writes leave: evidence rows, realisasi and self-evaluation history rows."""
    app = buat_app(url)
    with app.app_context(), database.connection_context():
        return {"bukti": Bukti.select().count(),
                "realisasi": Riwayat.select().where(Riwayat.aksi.startswith("Realisasi")).count(),
                "diri": Riwayat.select().where(Riwayat.aksi.startswith("Evaluasi diri")).count()}


def kosongkan_bukti(url):
    """Room again under the limit of 20 evidence items per IKI and period."""
    app = buat_app(url)
    with app.app_context(), database.connection_context():
        Bukti.delete().execute()


def mulai_server(perintah, url, port, log):
    """Start the real server (its own process group) on the bench's database;
    returns the process once /healthz answers."""
    env = dict(os.environ, KINERJA_DATABASE_URL=url, KINERJA_SECRET_KEY=KUNCI, KINERJA_HARI_INI=HARI,
               HOST="127.0.0.1", PORT=str(port), KINERJA_UPLOAD_DIR=os.path.dirname(url[10:]) + "/unggahan")
    server = subprocess.Popen(perintah, env=env, cwd=AKAR, stdout=subprocess.DEVNULL, stderr=log,
                              start_new_session=True)
    for _ in range(300):
        if server.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.05)
    henti(server, signal.SIGKILL)
    raise RuntimeError(f"server tidak mulai (kode {server.returncode}); lihat {getattr(log, 'name', 'log')}")


def jalankan_semua(utas):
    """Start every thread of `utas` at once and wait for them all: the seconds it took."""
    mulai = time.monotonic()
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    return time.monotonic() - mulai


def henti(server, sinyal=signal.SIGTERM):
    """Stop the server's whole process group (the server and its workers)."""
    try:
        os.killpg(server.pid, sinyal)
    except ProcessLookupError:
        pass
    server.wait(15)


def masuk(base, nip, n):
    """n signed-in clients (one after another: logins are not what is measured)."""
    klien = []
    for _ in range(n):
        k = Klien(base)
        k.minta("/login")
        assert k.kirim("/login", {"nip": nip, "password": DEMO_SANDI}, "/login") == 303
        klien.append(k)
    return klien


def url_tautan(tanda):
    return f"https://drive.example.go.id/{tanda}"


def tulis(k, jenis, skp_id, iki_id, nilai, tanda, sid=None):
    """One write of `jenis` as a person makes it (open the period's page, fill
    in, send), marked with `tanda`: in the link's URL, the realisasi's
    catatan, or the first uraian of the self-evaluation; `sid` is its
    submission_id (a new one when not given). Returns the HTTP status;
    raises on a dropped connection."""
    halaman = f"/skp/{skp_id}/kinerja/{NOMOR}"
    sid = sid or str(uuid.uuid4())
    if jenis == "tautan":
        return k.kirim(f"{halaman}/iki/{iki_id}/tautan", {"tautan": url_tautan(tanda), "judul": "Beban"},
                       halaman, sid)
    # The period page is one form (realisasi of every IKI and the
    # self-evaluation, saved together): fill in one part, send the page.
    _, html = k.minta(halaman)
    tujuan, isian = baca_formulir(html, halaman, halaman)
    data = {}
    for nama, isi in isian:
        data.setdefault(nama, []).append(isi)
    if jenis == "realisasi":
        data[f"nilai-{iki_id}"] = [str(nilai)]
        data[f"catatan-{iki_id}"] = [f"Catatan beban {tanda}"]
    else:
        for nama in [x for x in data if x.startswith("uraian_diri_")][:1]:
            data[nama] = [f"Catatan beban {tanda}"]
    data["aksi"] = ["simpan"]
    data["submission_id"] = [sid]
    return k.minta(tujuan, data)[0]
