"""Rekap timings: the rekap pages, their lists and their files on the synthetic
city (5,000 pegawai with a year of work, `seed-demo --pegawai 5000
--tim-besar 500`), timed in-process through the Flask test client, one
request after another (no server, no wrk: it may run beside other work; the
numbers are then only noisier).

Per page: p50, p95 and the slowest of N requests (after one warm-up
request), the median CPU time of this process per request (SQLite runs in
it: a figure that other work on the machine disturbs less than the wall
clock), the SQL queries of one request, and the answer's size (gzip for
pages, raw for files). Budgets (DESIGN.md): rekap pages p95 <= 150 ms and
<= 14 KB gzip; an XLSX or CSV of 5,000 rows <= 2 s. Reported, not enforced.

    .venv/bin/python bench/rekap_beban.py                      # builds a temporary city (about 40 s)
    .venv/bin/python bench/rekap_beban.py --db /tmp/kota.db    # keep (or reuse) the seeded database
    .venv/bin/python bench/rekap_beban.py --ulang 100 --markdown

The clock is fixed on 28 November 2026 (as the other benches), so the rekap
opens on Triwulan III and "?nomor=4" is the annual period, still running.
"""
import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

AKAR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, AKAR)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from baca_beban import HARI, KUNCI, _env, angka, bangun_kota, login_tersimpan  # noqa: E402

BATAS_HTML = 14 * 1024


def halaman(app, akun):
    """[(name, role, url)] to time: the city, an OPD, lists and files."""
    from kinerja.db import database
    from kinerja.models import Pegawai, Unit
    with app.app_context(), database.connection_context():
        admin = Pegawai.get(Pegawai.nip == akun["admin"])
        opd = admin.admin_unit
        kota = Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
        pemantau = Pegawai.get_or_none((Pegawai.nip == akun.get("pemantau", "")) & (Pegawai.peran == "pemantau"))
    out = [
        ("Rekap kota, Triwulan III", "superadmin", "/rekap"),
        ("Rekap kota, tahunan", "superadmin", "/rekap?nomor=4"),
        (f"Rekap OPD ({opd.kode})", "admin", f"/rekap/unit/{opd.id}"),
        (f"Rekap OPD ({opd.kode}), tahunan", "admin", f"/rekap/unit/{opd.id}?nomor=4"),
        ("Daftar pegawai kota (hal. 1)", "superadmin", f"/rekap/unit/{kota.id}/daftar?jenis=pegawai"),
        ("Daftar menunggu dinilai kota", "superadmin", f"/rekap/unit/{kota.id}/daftar?jenis=menunggu"),
        ("Daftar realisasi belum lengkap kota", "superadmin",
         f"/rekap/unit/{kota.id}/daftar?jenis=realisasi_belum"),
        ("Daftar pembinaan berjalan kota", "superadmin", f"/rekap/unit/{kota.id}/daftar?jenis=pembinaan_berjalan"),
        ("Rekap kota XLSX", "superadmin", "/rekap?unduh=xlsx"),
        ("Pegawai kota CSV (semua baris)", "superadmin", f"/rekap/unit/{kota.id}/daftar?jenis=pegawai&unduh=csv"),
        ("Pegawai kota XLSX (semua baris)", "superadmin", f"/rekap/unit/{kota.id}/daftar?jenis=pegawai&unduh=xlsx"),
    ]
    if pemantau is not None:  # a city seeded before the role existed has none
        out.append(("Rekap (pemantau)", "pemantau", "/rekap"))
    return out


def ukur(app, akun, daftar, ulang):
    """{(role, url): (times in ms, queries, bytes, gzip bytes, status, rows)}."""
    from kinerja.db import catat_kueri
    hasil = {}
    klien = {}
    for nama, peran, url in daftar:
        if peran not in klien:
            c = klien[peran] = app.test_client()
            r = c.post("/login", data={"nip": akun[peran], "password": "demo12345"})
            if r.status_code != 303:
                raise SystemExit(f"Masuk sebagai {peran} gagal ({r.status_code}).")
        c = klien[peran]
        c.get(url)
        with catat_kueri() as kueri:
            r = c.get(url)
        data = r.get_data()
        baris = data.count(b"\n") - 1 if r.mimetype == "text/csv" else None
        waktu, cpu = [], []
        for _ in range(ulang if r.mimetype == "text/html" else max(3, ulang // 10)):
            mulai, mulai_cpu = time.perf_counter(), time.process_time()
            c.get(url).get_data()
            waktu.append((time.perf_counter() - mulai) * 1000)
            cpu.append((time.process_time() - mulai_cpu) * 1000)
        hasil[(peran, url)] = (waktu, len(kueri), len(data), len(gzip.compress(data)), r.status_code, r.mimetype,
                               baris, cpu)
        print(f"  {nama}: p95 {_p95(waktu):.1f} ms, {len(kueri)} kueri", flush=True)
    return hasil


def _p95(waktu):
    return statistics.quantiles(waktu, n=20, method="inclusive")[18] if len(waktu) >= 2 else waktu[0]


def main():
    parser = argparse.ArgumentParser(description="Waktu halaman rekap dan berkasnya pada kota sintetis.")
    parser.add_argument("--pegawai", type=int, default=5000)
    parser.add_argument("--tim-besar", type=int, default=500)
    parser.add_argument("--ulang", type=int, default=50, help="permintaan per halaman (berkas: sepersepuluhnya)")
    parser.add_argument("--db", help="berkas SQLite: dipakai bila sudah ada, selain itu dibangun di sana")
    parser.add_argument("--markdown", action="store_true", help="cetak juga tabel Markdown")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-rekap-")
    try:
        db = os.path.abspath(args.db) if args.db else os.path.join(folder, "kota.db")
        if os.path.exists(db):
            subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "up"], env=_env(db), cwd=AKAR,
                           check=True, stdout=subprocess.DEVNULL)
            akun = login_tersimpan(db)
        else:
            akun = bangun_kota(db, args.pegawai, args.tim_besar)
        from kinerja import create_app
        app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": KUNCI, "WTF_CSRF_ENABLED": False,
                          "HARI_INI": HARI, "UPLOAD_DIR": os.path.join(os.path.dirname(db), "unggahan")})
        daftar = halaman(app, akun)
        hasil = ukur(app, akun, daftar, args.ulang)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    kepala = ("halaman (peran)", "p50 ms", "p95 ms", "maks ms", "CPU p50 ms", "kueri", "ukuran", "anggaran")
    baris = []
    for nama, peran, url in daftar:
        waktu, kueri, mentah, gz, status, mime, n, cpu = hasil[(peran, url)]
        halaman_html = mime == "text/html"
        ukuran = f"{angka(gz / 1024)} KB gzip" if halaman_html else f"{angka(mentah / 1024)} KB" + (
            f", {n} baris" if n is not None else "")
        if status != 200:
            catatan = f"status {status}"
        elif halaman_html:
            catatan = "ya" if _p95(waktu) <= 150 and gz <= BATAS_HTML else "tidak"
        else:
            catatan = "ya" if max(waktu) <= 2000 else "tidak"
        baris.append((f"{nama} ({peran})", angka(statistics.median(waktu)), angka(_p95(waktu)),
                      angka(max(waktu)), angka(statistics.median(cpu)), str(kueri), ukuran, catatan))
    lebar = [max(len(str(b[i])) for b in [kepala] + baris) for i in range(len(kepala))]
    print(f"\nRekap, kota {args.pegawai} pegawai + tim {args.tim_besar}, {args.ulang} permintaan per halaman, "
          f"dalam proses (klien uji Flask), {os.cpu_count()} inti")
    for b in [kepala] + baris:
        print("  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w) for i, (x, w) in enumerate(zip(b, lebar))))
    if args.markdown:
        print("\n| " + " | ".join(kepala) + " |\n|" + "---|" * len(kepala))
        for b in baris:
            print("| " + " | ".join(b) + " |")
    if any(re.match(r"status", b[-1]) for b in baris):
        raise SystemExit("Ada halaman yang tidak menjawab 200.")


if __name__ == "__main__":
    main()
