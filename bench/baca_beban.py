"""Reads under load: the main pages of the synthetic city (5,000 pegawai with a
year of work, and a team of 500 under one atasan) served by gunicorn as in
production (`gunicorn -c python:kinerja.gunicorn_conf app:app`, one worker
per core) on 127.0.0.1, measured with wrk side by side with the same
server's static file (the "static ceiling").

Per page: `wrk -t2 -c16 -d10s --latency` with the signed-in role's cookies
as a browser holds them after opening the page once (a repeat visit: the
stylesheet is cached, the header's task total remembered for its minute,
penilaian.tugas.tugas_kepala; Tugas saya counts afresh on every visit),
`Accept-Encoding: gzip`, and
a Lua script that reports p50/p95/p99 and counts every answer that is not
2xx (a redirect to the login page would otherwise count as speed). Printed:
req/s, p50, p95, the share of the static ceiling, the page's gzip size, the
non-2xx count, and the SQL queries the page runs (counted in-process once,
through the Flask test client on the same database).

Builds its own temporary database with `flask seed-demo --pegawai N
--tim-besar M` (the clock fixed on 28 November 2026, as the other benches),
touches nothing else, talks only to 127.0.0.1. Needs wrk (Debian: `apt-get
install -y wrk`). About 4-5 minutes with the defaults:

    .venv/bin/python bench/baca_beban.py
    .venv/bin/python bench/baca_beban.py --pegawai 1000 --tim-besar 100 --detik 3
    .venv/bin/python bench/baca_beban.py --db /tmp/kota.db   # keep (or reuse) the seeded database
    .venv/bin/python bench/baca_beban.py --markdown          # also the table for the README

Exits 1 when a page answers anything but 2xx, or a connection fails or
waits more than 10 s ("galat": wrk's socket errors and timeouts); budgets
(DESIGN.md: p95 <= 50 ms and >= 50 % of the ceiling on main pages, p95 <=
100 ms and <= 14 KB gzip on the big team's pages) are reported, not enforced.
"""
import argparse
import datetime
import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager

AKAR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, AKAR)

HARI = "2026-11-28"
KUNCI = secrets.token_hex(32)  # this run's secret key, shared by the bench and its server
BATAS_HTML = 14 * 1024
LUA = r"""
local utas = {}
function setup(thread) table.insert(utas, thread) end
function init(args) bukan2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then bukan2xx = bukan2xx + 1 end
end
function done(summary, latency, requests)
  local lain = 0
  for _, t in ipairs(utas) do lain = lain + t:get("bukan2xx") end
  local e = summary.errors
  io.write(string.format("HASIL %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), lain,
    e.connect + e.read + e.write + e.timeout))
end
"""


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(db, port=None):
    env = dict(os.environ, KINERJA_DATABASE_URL=f"sqlite:///{db}", KINERJA_SECRET_KEY=KUNCI,
               KINERJA_HARI_INI=HARI, KINERJA_UPLOAD_DIR=os.path.join(os.path.dirname(db), "unggahan"))
    if port:
        env.update(HOST="127.0.0.1", PORT=str(port))
    return env


def bangun_kota(db, pegawai, tim_besar):
    """Migrate and seed the city with the real CLI; {peran: nip} of the printed logins."""
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run(flask + ["db", "up"], env=_env(db), cwd=AKAR, check=True, stdout=subprocess.DEVNULL)
    mulai = time.monotonic()
    hasil = subprocess.run(flask + ["seed-demo", "--pegawai", str(pegawai), "--tim-besar", str(tim_besar)],
                           env=_env(db), cwd=AKAR, check=True, capture_output=True, text=True)
    print(hasil.stdout.splitlines()[0], f"(+ tim {tim_besar}, {time.monotonic() - mulai:.0f} s)", flush=True)
    return dict(re.findall(r"^demo-login: (\S+) (\S+) \S+$", hasil.stdout, re.M))


def login_tersimpan(db):
    """The logins of a database seeded earlier (--db): the demo ones and the big team's head."""
    from kinerja import create_app
    from kinerja.db import database
    from kinerja.seed import akun_demo_tersedia
    from kinerja.seed_kota import atasan_tim_besar
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": KUNCI})
    with app.app_context(), database.connection_context():
        akun = {peran: nip for peran, nip, _ in akun_demo_tersedia()}
        akun["atasan_besar"] = atasan_tim_besar()[0].nip
    return akun


# ---------------------------------------------------------------- the server and its clients

@contextmanager
def server(db):
    """gunicorn as in production, on a free port of 127.0.0.1; yields its base URL."""
    port = _port()
    log = tempfile.TemporaryFile()
    proses = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:kinerja.gunicorn_conf", "app:app"],
                              env=_env(db, port), cwd=AKAR, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if proses.poll() is not None:
                    break
                time.sleep(0.1)
        else:
            proses.poll()
        if proses.returncode is not None:
            log.seek(0)
            raise SystemExit("gunicorn tidak mau mulai:\n" + log.read().decode(errors="replace")[-2000:])
        yield base
    finally:
        proses.terminate()
        proses.wait(15)


class Peramban:
    """One signed-in browser over HTTP: its cookie jar gives wrk its Cookie header."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.buka = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def ambil(self, path, data=None, gzip_=False):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        minta = urllib.request.Request(self.base + path, body, {"Accept-Encoding": "gzip"} if gzip_ else {})
        with self.buka.open(minta, timeout=60) as r:
            return r.status, r.geturl(), r.read()

    def masuk(self, nip):
        _, _, html = self.ambil("/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1).decode()
        _, url, _ = self.ambil("/login", {"nip": nip, "password": "demo12345", "csrf_token": token,
                                          "submission_id": str(uuid.uuid4())})
        if url.endswith("/login"):
            raise SystemExit(f"Gagal masuk sebagai {nip}.")
        self.ambil("/")  # the stylesheet cookie: later pages are repeat visits

    @property
    def kue(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def tautan(peramban, path, pola):
    html = peramban.ambil(path)[2].decode()
    return re.findall(pola, html)


def daftar_halaman(base, akun):
    """[(name, role, url)] of the pages measured, found by following the pages themselves."""
    atasan = Peramban(base)
    atasan.masuk(akun["atasan"])
    skp = tautan(atasan, "/skp", r'href="(/skp/\d+)"')[0]
    periode = tautan(atasan, f"{skp}/kinerja", r'href="(/skp/\d+/kinerja/\d+)"')[-1]
    css = tautan(atasan, "/", r'(/static/css/app\.css\?v=[0-9a-f]+)')[0]
    return [
        ("berkas statis (plafon)", None, css),
        ("Masuk", None, "/login"),
        ("Beranda", "pegawai", "/"),
        ("Tugas saya", "pegawai", "/tugas"),
        ("Beranda", "atasan", "/"),
        ("Tugas saya", "atasan", "/tugas"),
        ("SKP", "atasan", skp),
        ("Realisasi periode", "atasan", periode),
        ("Tim", "atasan", "/tim"),
        ("Antrean penilaian", "atasan", "/penilaian"),
        ("Kaskade", "atasan", "/tim/kaskade"),
        ("Daftar pegawai", "superadmin", "/admin/pegawai"),
        ("Beranda", "atasan_besar", "/"),
        ("Tugas saya", "atasan_besar", "/tugas"),
        ("Tim", "atasan_besar", "/tim"),
        ("Antrean penilaian", "atasan_besar", "/penilaian"),
        ("Kaskade", "atasan_besar", "/tim/kaskade"),
    ]


# ---------------------------------------------------------------- measuring

def ukur_wrk(base, url, kue, detik, skrip):
    """wrk on one URL: {rps, p50, p95, p99 (ms), bukan2xx, galat}."""
    perintah = ["wrk", "-t2", "-c16", f"-d{detik}s", "--latency", "--timeout", "10s", "-s", skrip,
                "-H", "Accept-Encoding: gzip"]
    if kue:
        perintah += ["-H", f"Cookie: {kue}"]
    keluaran = subprocess.run(perintah + [base + url], capture_output=True, text=True, timeout=detik + 60).stdout
    m = re.search(r"^HASIL (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", keluaran, re.M)
    if not m:
        raise SystemExit(f"wrk tidak memberi hasil untuk {url}:\n{keluaran}")
    n, durasi, p50, p95, p99, bukan2xx, galat = map(int, m.groups())
    return {"rps": n / (durasi / 1e6), "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
            "bukan2xx": bukan2xx, "galat": galat}


def ukuran_gzip(peramban, url):
    """Bytes on the wire of the page with gzip (the answer is checked to be 200, not a redirect)."""
    status, akhir, isi = peramban.ambil(url, gzip_=True)
    if status != 200 or not akhir.endswith(url):
        raise SystemExit(f"{url}: HTTP {status}, berakhir di {akhir}")
    return len(isi)


def jumlah_kueri(db, akun, halaman):
    """{(role, url): SQL statements of one GET}, in-process through the Flask test client
    (the second GET of each page: the first warms what a running worker has warm)."""
    from kinerja import create_app
    from kinerja.db import catat_kueri
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": KUNCI, "WTF_CSRF_ENABLED": False,
                      "HARI_INI": HARI, "UPLOAD_DIR": os.path.join(os.path.dirname(db), "unggahan")})
    out = {}
    for peran in dict.fromkeys(p for _, p, _ in halaman):
        client = app.test_client()
        if peran:
            client.post("/login", data={"nip": akun[peran], "password": "demo12345"})
        for _, p, url in halaman:
            if p == peran:
                client.get(url)
                with catat_kueri() as kueri:
                    client.get(url)
                out[(p, url)] = len(kueri)
    return out


# ---------------------------------------------------------------- report

def angka(x, desimal=1):
    return f"{x:,.{desimal}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def anggaran(nama, peran, h, plafon, gz):
    """Whether one page meets DESIGN.md's budgets ("-" for the ceiling itself)."""
    if peran is None and nama.startswith("berkas"):
        return "-"
    if peran == "atasan_besar":
        return "ya" if h["p95"] <= 100 and gz <= BATAS_HTML else "tidak"
    return "ya" if h["p95"] <= 50 and h["rps"] >= plafon / 2 else "tidak"


def cetak(baris, markdown):
    kepala = ("halaman", "peran", "req/s", "p50 ms", "p95 ms", "% plafon", "gzip KB", "non-2xx", "galat",
              "kueri", "anggaran")
    lebar = (24, 13, 7, 7, 7, 9, 8, 8, 6, 6, 9)
    print("\n" + " ".join(k.ljust(w) if i < 2 else k.rjust(w) for i, (k, w) in enumerate(zip(kepala, lebar))))
    for b in baris:
        print(" ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(b, lebar))))
    if markdown:
        print("\n| " + " | ".join(kepala) + " |")
        print("|" + "---|" * len(kepala))
        for b in baris:
            print("| " + " | ".join(str(v) for v in b) + " |")


def main():
    parser = argparse.ArgumentParser(description="Beban baca: halaman utama kota sintetis di bawah wrk.")
    parser.add_argument("--pegawai", type=int, default=5000)
    parser.add_argument("--tim-besar", type=int, default=500)
    parser.add_argument("--detik", type=int, default=10, help="lama wrk per halaman")
    parser.add_argument("--db", help="berkas SQLite: dipakai bila sudah ada, selain itu dibangun di sana")
    parser.add_argument("--markdown", action="store_true", help="cetak juga tabel Markdown")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk tidak ditemukan. Pasang dulu: sudo apt-get install -y wrk", file=sys.stderr)
        raise SystemExit(2)
    mulai = time.monotonic()
    folder = tempfile.mkdtemp(prefix="bench-baca-")
    try:
        db = os.path.abspath(args.db) if args.db else os.path.join(folder, "kota.db")
        if os.path.exists(db):
            # A database kept from an earlier version: brought up to this one
            # first, as production does before every start (docs/produksi.md).
            subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "up"], env=_env(db), cwd=AKAR,
                           check=True, stdout=subprocess.DEVNULL)
            akun = login_tersimpan(db)
        else:
            akun = bangun_kota(db, args.pegawai, args.tim_besar)
        skrip = os.path.join(folder, "hasil.lua")
        with open(skrip, "w") as fh:
            fh.write(LUA)
        with server(db) as base:
            halaman = daftar_halaman(base, akun)
            peramban = {None: Peramban(base)}
            for peran in {p for _, p, _ in halaman if p}:
                peramban[peran] = Peramban(base)
                peramban[peran].masuk(akun[peran])
            hasil = []
            for nama, peran, url in halaman:
                gz = ukuran_gzip(peramban[peran], url)
                h = ukur_wrk(base, url, peramban[peran].kue if peran else "", args.detik, skrip)
                print(f"  {nama} ({peran or 'tamu'}): {h['rps']:.0f} req/s, p95 {h['p95']:.1f} ms", flush=True)
                hasil.append((nama, peran, url, h, gz))
        kueri = jumlah_kueri(db, akun, halaman)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    plafon = hasil[0][3]["rps"]
    baris = [(nama, peran or "-", angka(h["rps"], 0), angka(h["p50"]), angka(h["p95"]),
              angka(100 * h["rps"] / plafon, 0), angka(gz / 1024), h["bukan2xx"], h["galat"],
              kueri[(peran, url)], anggaran(nama, peran, h, plafon, gz))
             for nama, peran, url, h, gz in hasil]
    print(f"\n{datetime.date.today().isoformat()}, {os.cpu_count()} inti, wrk -t2 -c16 -d{args.detik}s, "
          f"kota {args.pegawai} pegawai + tim {args.tim_besar}, gunicorn "
          f"{os.environ.get('KINERJA_PROSES') or os.cpu_count()} proses; plafon = berkas statis "
          f"{angka(plafon, 0)} req/s (dalam run yang sama); {time.monotonic() - mulai:.0f} s")
    cetak(baris, args.markdown)
    if any(h["bukan2xx"] or h["galat"] for *_, h, _ in hasil):
        raise SystemExit("Ada jawaban selain 2xx, atau koneksi gagal/lewat 10 s.")


if __name__ == "__main__":
    main()
