"""Writes under load: N writers for D seconds against the real server
(`python app.py`, waitress, in its own process) on the demo city, saving
realisasi, adding evidence links and saving the self-evaluation draft of the
demo `atasan` (Triwulan IV-Akhir 2026, the clock fixed on 28 November 2026).

Prints, per run: writes per second, answers by kind (303 stored; 409 a
stale edit, since every writer edits the same few forms; 422 the limit of 20
evidence items per IKI and period; 503 busy; 5xx other), and checks that the
database holds exactly what was accepted: one evidence row per accepted link,
one history row per accepted realisasi or self-evaluation save. Exits 1 on
any 5xx or a mismatch.

    .venv/bin/python bench/tulis_beban.py            # 16 and 64 writers, 30 s each
    .venv/bin/python bench/tulis_beban.py 16:10      # 16 writers for 10 s
"""
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
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
KUNCI = secrets.token_hex(32)  # this run's secret key, shared by the bench and its server process


def _app(url, **lain):
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

    def kirim(self, path, data, halaman="/"):
        _, html = self.minta(halaman)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
            re.search(r'"X-CSRFToken": "([^"]+)"', html)
        data = dict(data, csrf_token=token.group(1), submission_id=str(uuid.uuid4()))
        return self.minta(path, data)[0]


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def siapkan(folder):
    """The demo city in a fresh database; (db url, skp id, iki ids, nip)."""
    url = f"sqlite:///{folder}/beban.db"
    app = _app(url, HARI_INI=HARI, UPLOAD_DIR=f"{folder}/unggahan", PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
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
    app = _app(url)
    with app.app_context(), database.connection_context():
        return {"bukti": Bukti.select().count(),
                "realisasi": Riwayat.select().where(Riwayat.aksi.startswith("Realisasi")).count(),
                "diri": Riwayat.select().where(Riwayat.aksi.startswith("Evaluasi diri")).count()}


def kosongkan_bukti(url):
    """Each run starts with room under the 20-evidence limit."""
    app = _app(url)
    with app.app_context(), database.connection_context():
        Bukti.delete().execute()


def jalankan(n, detik, url, skp_id, iki, nip):
    kosongkan_bukti(url)
    port = _port()
    env = dict(os.environ, KINERJA_DATABASE_URL=url, KINERJA_SECRET_KEY=KUNCI, KINERJA_HARI_INI=HARI,
               HOST="127.0.0.1", PORT=str(port), KINERJA_UPLOAD_DIR=os.path.dirname(url[10:]) + "/unggahan")
    server = subprocess.Popen([sys.executable, os.path.join(AKAR, "app.py")], env=env, cwd=AKAR,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        klien = []
        for _ in range(n):  # one after another: logins are not what is measured
            k = Klien(base)
            k.minta("/login")
            assert k.kirim("/login", {"nip": nip, "password": DEMO_SANDI}, "/login") == 303
            klien.append(k)
        sebelum = hitung(url)
        hasil = {jenis: {} for jenis in ("tautan", "realisasi", "diri")}
        kunci = threading.Lock()
        halaman = f"/skp/{skp_id}/kinerja/{NOMOR}"
        selesai = time.monotonic() + detik

        def catat(jenis, kode):
            with kunci:
                hasil[jenis][kode] = hasil[jenis].get(kode, 0) + 1

        def kerja(i, k):
            putaran = 0
            while time.monotonic() < selesai:
                jenis = ("tautan", "realisasi", "diri")[(i + putaran) % 3]
                sasaran = iki[(i + putaran) % len(iki)]
                putaran += 1
                try:
                    if jenis == "tautan":
                        kode = k.kirim(f"{halaman}/iki/{sasaran}/tautan",
                                       {"tautan": f"https://drive.example.go.id/{uuid.uuid4()}", "judul": "Beban"},
                                       halaman)
                    else:
                        _, html = k.minta(halaman)
                        aksi = f"{halaman}/iki/{sasaran}" if jenis == "realisasi" else f"{halaman}/diri"
                        tujuan, isian = baca_formulir(html, aksi, halaman)
                        data = {}
                        for nama, nilai in isian:
                            data.setdefault(nama, []).append(nilai)
                        if jenis == "realisasi":
                            data["nilai"] = [str(putaran % 7 + 1)]
                        else:
                            for nama in [x for x in data if x.startswith("uraian_diri_")][:1]:
                                data[nama] = [f"Catatan beban {uuid.uuid4()}"]
                            data["aksi"] = ["simpan"]
                        data["submission_id"] = [str(uuid.uuid4())]
                        kode = k.minta(tujuan, data)[0]
                except Exception as exc:  # a dropped connection counts as an error
                    kode = type(exc).__name__
                catat(jenis, kode)

        utas = [threading.Thread(target=kerja, args=(i, k)) for i, k in enumerate(klien)]
        mulai = time.monotonic()
        for u in utas:
            u.start()
        for u in utas:
            u.join()
        lama = time.monotonic() - mulai
    finally:
        server.terminate()
        server.wait(10)
    sesudah = hitung(url)
    diterima = {jenis: kode.get(303, 0) for jenis, kode in hasil.items()}
    tersimpan = {"tautan": sesudah["bukti"] - sebelum["bukti"],
                 "realisasi": sesudah["realisasi"] - sebelum["realisasi"],
                 "diri": sesudah["diri"] - sebelum["diri"]}
    galat = sum(v for kode in hasil.values() for k, v in kode.items() if not isinstance(k, int) or k >= 500)
    total = sum(sum(kode.values()) for kode in hasil.values())
    print(f"\n{n} penulis, {lama:.0f} s: {total} tulisan, {sum(diterima.values()) / lama:.1f} tersimpan/s, "
          f"{galat} galat (5xx atau koneksi putus)")
    print(f"{'jenis':<10} {'303':>6} {'409':>6} {'422':>6} {'503':>6} {'lain':>6} {'tersimpan di DB':>16}")
    cocok = True
    for jenis, kode in hasil.items():
        lain = sum(v for k, v in kode.items() if k not in (303, 409, 422, 503))
        print(f"{jenis:<10} {kode.get(303, 0):>6} {kode.get(409, 0):>6} {kode.get(422, 0):>6} {kode.get(503, 0):>6} {lain:>6} "
              f"{tersimpan[jenis]:>16}")
        cocok &= tersimpan[jenis] == diterima[jenis]
    print("jawaban lain: " + (", ".join(f"{j} {k}: {v}" for j, kode in hasil.items() for k, v in kode.items()
                                       if k not in (303, 409, 422, 503)) or "tidak ada"))
    print("setiap tulisan yang diterima tersimpan: " + ("ya" if cocok else "TIDAK"))
    return galat == 0 and cocok


def main(argv):
    runs = [tuple(int(x) for x in a.split(":")) for a in argv] or [(16, 30), (64, 30)]
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        url, skp_id, iki, nip = siapkan(folder)
        for n, detik in runs:
            ok &= jalankan(n, detik, url, skp_id, iki, nip)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
