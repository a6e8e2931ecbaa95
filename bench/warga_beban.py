"""Citizens at once: N citizens send the public survey (SKM) of the demo
Kelurahan Pahang for D seconds against the real server (waitress, its own
process, as `python app.py`) on the SQLite default, while a few readers open
the transparency page.

Each citizen loops: open the survey page (GET), answer the nine unsur and
send it (POST, expecting 303 to the thank-you page). Every loop is a new
person: a fresh cookie jar and a distinct address in X-Forwarded-For (the
server trusts 127.0.0.1 as its proxy), so the per-address and per-device
limits are exercised without being tripped. Half of the citizens bring a
fresh service code from a slip (codes made in the database before the run).
The minimum fill time is set to 0 for the bench (a person takes longer; the
bench measures the server). Every answer carries a mark in its comment.

Prints submissions/s, p50/p95 of each request kind, answers by class
(2xx/3xx/4xx/5xx, connection errors), and checks the database afterwards:
one response row per accepted (303) submission, each with its mark, none
more; every code used by an accepted submission spent exactly once, no
other code spent. Exits 1 on any 5xx, dropped connection or mismatch.

    .venv/bin/python bench/warga_beban.py                      # 50 citizens, 60 s
    .venv/bin/python bench/warga_beban.py --warga 20 --detik 20
"""
import argparse
import datetime
import http.cookiejar
import os
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from penulis import buat_app, henti, jalankan_semua, mulai_server, port_bebas  # noqa: E402
from tests.formulir import baca_formulir  # noqa: E402

from kinerja.db import database, migrate  # noqa: E402
from kinerja.models import Unit  # noqa: E402
from kinerja.rules.warga import KOLOM_UNSUR, buat_kode  # noqa: E402
from kinerja.seed import seed_demo  # noqa: E402
from kinerja.warga.models import CatatanLayanan, Layanan, PetugasLayanan, ResponSurvei  # noqa: E402

UNIT = "KEC-DB-PHG"
HARI = "2026-11-28"
# The server as `python app.py` runs it (waitress, 8 threads), with the bench's settings on top.
PELUNCUR = """
import os
from waitress import serve
from kinerja import create_app
app = create_app({"WARGA_MIN_DETIK": 0, "TRUSTED_PROXIES": ["127.0.0.1"]})
serve(app, host="127.0.0.1", port=int(os.environ["PORT"]), threads=8, clear_untrusted_proxy_headers=False)
"""


class _TanpaAlih(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 303 is the answer we count


class Warga:
    """One citizen on one phone: a cookie jar of their own and an address."""

    def __init__(self, base, alamat):
        self.base, self.alamat = base, alamat
        self.buka = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                _TanpaAlih())

    def minta(self, path, data=None):
        """(status, body, seconds) of one request; raises on a dropped connection."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, body, {"X-Forwarded-For": self.alamat})
        mulai = time.monotonic()
        try:
            with self.buka.open(req, timeout=60) as r:
                return r.status, r.read().decode(), time.monotonic() - mulai
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace"), time.monotonic() - mulai


def siapkan(folder, n_kode):
    """The demo city in a fresh SQLite database, and `n_kode` fresh service
    records of Kelurahan Pahang (their codes not spent); (url, codes)."""
    url = f"sqlite:///{folder}/warga.db"
    app = buat_app(url, HARI_INI=HARI, UPLOAD_DIR=f"{folder}/unggahan", PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    with app.app_context():
        migrate()
        with database.connection_context():
            seed_demo()
            unit = Unit.get(Unit.kode == UNIT)
            layanan, pegawai = (Layanan.select(Layanan.id, PetugasLayanan.pegawai).join(PetugasLayanan)
                                .where(Layanan.unit == unit.id).tuples().first())
            ada = {k for (k,) in CatatanLayanan.select(CatatanLayanan.kode).tuples()}
            kode = []
            while len(kode) < n_kode:
                k = buat_kode()
                if k not in ada:
                    ada.add(k)
                    kode.append(k)
            mulai = datetime.datetime.fromisoformat(HARI + "T08:00")
            with database.atomic():
                for i in range(0, len(kode), 500):
                    CatatanLayanan.insert_many([
                        {"layanan": layanan, "unit": unit.id, "pegawai": pegawai, "mulai": mulai,
                         "selesai": mulai + datetime.timedelta(minutes=20), "standar_menit": 30,
                         "hasil": "selesai", "kode": k,
                         "dibuat": mulai} for k in kode[i:i + 500]]).execute()
    return url, kode


def hitung_db(url, kode):
    """What the database holds after the run: {mark: response count} of the
    bench's responses, and {code: (spent, responses tied to it)} of its codes."""
    app = buat_app(url)
    with app.app_context(), database.connection_context():
        tanda = {}
        for (komentar,) in ResponSurvei.select(ResponSurvei.komentar).where(
                ResponSurvei.komentar.startswith("beban ")).tuples():
            tanda[komentar] = tanda.get(komentar, 0) + 1
        terikat = {}
        for (cid,) in ResponSurvei.select(ResponSurvei.catatan).where(ResponSurvei.catatan.is_null(False)).tuples():
            terikat[cid] = terikat.get(cid, 0) + 1
        status = {}
        for i in range(0, len(kode), 500):
            for cid, k, terpakai in CatatanLayanan.select(CatatanLayanan.id, CatatanLayanan.kode,
                                                          CatatanLayanan.kode_terpakai).where(
                    CatatanLayanan.kode.in_(kode[i:i + 500])).tuples():
                status[k] = (terpakai is not None, terikat.get(cid, 0))
        return tanda, status


def isi_survei(html, path, kode, tanda, rng):
    """The survey form as a person sends it: its hidden fields as served
    (CSRF token, submission_id, the signed time), nine answers, a comment
    carrying the bench's mark, the code when there is one, the honeypot empty."""
    tujuan, isian = baca_formulir(html, path.split("?")[0], path)
    data = {}
    for nama, isi in isian:
        data.setdefault(nama, []).append(isi)
    for kolom in KOLOM_UNSUR:
        data[kolom] = [str(rng.choice((3, 3, 4, 4, 2)))]
    data["komentar"] = [tanda]
    data["kode"] = [kode or ""]
    data["situs_web"] = [""]
    data.setdefault("submission_id", [str(uuid.uuid4())])
    return tujuan, data


def persen(nilai, p):
    """The p-th percentile of `nilai` (nearest rank), NaN when empty."""
    if not nilai:
        return float("nan")
    urut = sorted(nilai)
    return urut[min(len(urut) - 1, int(round(p / 100 * (len(urut) - 1))))]


def jalankan(args, url, kode, log):
    """Start the server, run the citizens and readers for args.detik seconds,
    stop it, and report (lapor); True when all is well."""
    port = port_bebas()
    os.environ["KINERJA_TRUSTED_PROXIES"] = "127.0.0.1"
    os.environ["KINERJA_WARGA_MIN_DETIK"] = "0"
    server = mulai_server([sys.executable, "-c", PELUNCUR], url, port, log)
    base = f"http://127.0.0.1:{port}"
    survei, transparansi = f"/warga/{UNIT}/survei", f"/warga/{UNIT}/transparansi"
    kunci = threading.Lock()
    waktu = {"GET survei": [], "POST survei": [], "GET transparansi": []}
    kelas, diterima, galat_contoh = {}, {}, []  # diterima: mark -> code or None
    sisa_kode = list(kode)
    try:
        selesai = time.monotonic() + args.detik

        def catat(jenis, status, detik):
            with kunci:
                if isinstance(status, int):  # a dropped connection has no latency to count
                    waktu[jenis].append(detik)
                k = f"{status // 100}xx" if isinstance(status, int) else status
                kelas[k] = kelas.get(k, 0) + 1

        def contoh(teks):
            with kunci:
                if len(galat_contoh) < 10:
                    galat_contoh.append(teks)

        def warga(i):
            rng = random.Random(i)
            putaran = 0
            while time.monotonic() < selesai:
                putaran += 1
                w = Warga(base, f"10.{i % 250}.{putaran // 250 % 250}.{putaran % 250 + 1}")
                k = None
                if i % 2 == 0:
                    with kunci:
                        k = sisa_kode.pop() if sisa_kode else None
                path = survei + (f"?kode={k}" if k else "")
                jenis = "GET survei"
                try:
                    status, html, detik = w.minta(path)
                    catat(jenis, status, detik)
                    if status != 200:
                        contoh(f"GET {path}: {status}")
                        continue
                    tanda = f"beban {uuid.uuid4().hex}"
                    tujuan, data = isi_survei(html, path, k, tanda, rng)
                    jenis = "POST survei"
                    status, html, detik = w.minta(tujuan, data)
                    catat(jenis, status, detik)
                    if status == 303:
                        with kunci:
                            diterima[tanda] = k
                    else:
                        contoh(f"POST {tujuan}: {status} {html[:200]!r}")
                except Exception as exc:  # a dropped connection counts as an error
                    catat(jenis, type(exc).__name__, 0)
                    contoh(f"{jenis}: {exc!r}")

        def pembaca():
            w = Warga(base, "10.250.0.1")
            while time.monotonic() < selesai:
                try:
                    status, _, detik = w.minta(transparansi)
                    catat("GET transparansi", status, detik)
                except Exception as exc:
                    catat("GET transparansi", type(exc).__name__, 0)

        utas = ([threading.Thread(target=warga, args=(i,)) for i in range(args.warga)]
                + [threading.Thread(target=pembaca) for _ in range(args.pembaca)])
        lama = jalankan_semua(utas)
    finally:
        henti(server)
    return lapor(args, url, kode, lama, waktu, kelas, diterima, galat_contoh)


def lapor(args, url, kode, lama, waktu, kelas, diterima, galat_contoh):
    """Print the figures and the database check; True when all is well."""
    tanda, status = hitung_db(url, kode)
    kode_diterima = {k for k in diterima.values() if k}
    hilang = [t for t in diterima if tanda.get(t) != 1]
    lebih = [t for t in tanda if t not in diterima or tanda[t] != 1]
    salah_kode = [k for k, (terpakai, n) in status.items()
                  if (k in kode_diterima) != terpakai or n != (1 if k in kode_diterima else 0)]
    lima = sum(v for k, v in kelas.items() if k == "5xx" or not k[0].isdigit())
    print(f"\n{datetime.date.today().isoformat()}, {os.cpu_count()} inti, SQLite, waitress 8 utas: "
          f"{args.warga} warga + {args.pembaca} pembaca transparansi, {lama:.0f} s")
    print(f"terkirim diterima (303): {len(diterima)} ({len(diterima) / lama:.1f}/s), "
          f"{len(kode_diterima)} dengan kode layanan")
    print(f"{'permintaan':<18} {'jumlah':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for jenis, nilai in waktu.items():
        print(f"{jenis:<18} {len(nilai):>7} {1000 * persen(nilai, 50):>8.1f} {1000 * persen(nilai, 95):>8.1f}")
    print("jawaban: " + ", ".join(f"{k} {v}" for k, v in sorted(kelas.items())))
    for g in galat_contoh[:5]:
        print("  contoh: " + g)
    print(f"respons di DB = diterima: {'ya' if not hilang and not lebih else 'TIDAK'} "
          f"({sum(tanda.values())} baris bertanda, {len(hilang)} hilang, {len(lebih)} lebih)")
    print(f"setiap kode terpakai tepat sekali: {'ya' if not salah_kode else 'TIDAK'} "
          f"({sum(1 for t, _ in status.values() if t)} terpakai, {len(salah_kode)} salah)")
    return lima == 0 and not hilang and not lebih and not salah_kode


def main(argv=None):
    parser = argparse.ArgumentParser(description="Beban survei warga: N warga mengirim survei sekaligus.")
    parser.add_argument("--warga", type=int, default=50, help="warga yang mengirim bersamaan")
    parser.add_argument("--detik", type=int, default=60, help="lama beban")
    parser.add_argument("--pembaca", type=int, default=4, help="pembaca halaman transparansi bersamaan")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, open(os.path.join(folder, "server.log"), "w+") as log:
        # Half of the citizens bring a code: up to 2 sends/s each (about twice
        # what they manage), so the service log stays in proportion to the
        # coded answers (the transparency page reads the quarter's log); one
        # who runs out sends on without a code.
        url, kode = siapkan(folder, max(100, (args.warga + 1) // 2 * args.detik * 2))
        ok = jalankan(args, url, kode, log)
        if not ok:
            log.seek(0)
            print("log server (akhir):\n" + log.read()[-3000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
