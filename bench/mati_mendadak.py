"""Crash test: the production server (gunicorn with kinerja/gunicorn_conf.py,
one worker per core) is killed with SIGKILL, its whole process group at
once, while N writers save realisasi, add evidence links and save the
self-evaluation draft of the demo `atasan` (bench/penulis.py), then started
again on the same database. Several rounds, each killed at a random moment.

After each restart it checks that:
- `PRAGMA integrity_check` says "ok" (and `PRAGMA foreign_key_check` finds nothing);
- /healthz answers 200;
- every write that got its 303 before the kill is in the database, found by
  what it wrote (the link's URL in `bukti`, the realisasi's catatan in the
  history `riwayat`) and by its submission_id (the idempotency record, stored
  with its answer); a self-evaluation draft by its submission_id and the
  history rows;
- no answer was a 5xx other than 503 (busy, try again) and no connection
  dropped before the kill.
After the last round the restarted server must accept one new write of
each kind. Prints one line per round; exits 1 on any failure.

Writes sent at the moment of the kill get no answer: they may or may not be
stored (the column "tanpa jawaban (tersimpan)"); the client sends them again
with the same submission_id, which is what the offline outbox does.

    .venv/bin/python bench/mati_mendadak.py                # 3 rounds, 16 writers
    .venv/bin/python bench/mati_mendadak.py --putaran 5 --penulis 32 --benih 7

Linux only (gunicorn, process groups). About 20 s on 2 cores; its own
temporary database; network only to 127.0.0.1.
"""
import argparse
import os
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from penulis import (JENIS, buat_app, henti, kosongkan_bukti, masuk, mulai_server, port_bebas,  # noqa: E402
                     siapkan, tulis, url_tautan)

from kinerja.db import database  # noqa: E402
from kinerja.models import Pengajuan, Riwayat  # noqa: E402
from kinerja.penilaian.models import Bukti  # noqa: E402

GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "python:kinerja.gunicorn_conf",
            "--no-control-socket",  # no ~/.gunicorn/gunicorn.ctl shared with other servers on this machine
            "app:app"]
DITERIMA = range(200, 400)  # 2xx, and the 303 of a stored form


def beban(klien, skp_id, iki, jeda_mati, matikan):
    """Run the writers, call `matikan()` after `jeda_mati` seconds, stop them.
    Returns one record per write: {jenis, tanda, sid, kode (HTTP status, or
    the exception's name when no answer came), sebelum_mati (answered or
    failed before the kill)}."""
    catatan, kunci = [], threading.Lock()
    berhenti = threading.Event()
    saat_mati = []

    def kerja(i, k):
        putaran = 0
        while not berhenti.is_set():
            jenis = JENIS[(i + putaran) % 3]
            sasaran = iki[(i + putaran) % len(iki)]
            putaran += 1
            c = {"jenis": jenis, "tanda": f"mati-{uuid.uuid4()}", "sid": str(uuid.uuid4())}
            try:
                c["kode"] = tulis(k, jenis, skp_id, sasaran, putaran % 7 + 1, c["tanda"], c["sid"])
            except Exception as exc:  # the kill: a reset or refused connection
                c["kode"] = type(exc).__name__
            c["sebelum_mati"] = not saat_mati
            with kunci:
                catatan.append(c)

    utas = [threading.Thread(target=kerja, args=(i, k)) for i, k in enumerate(klien)]
    for u in utas:
        u.start()
    time.sleep(jeda_mati)
    saat_mati.append(time.monotonic())  # before the kill: an answer cut by it counts as "at the kill"
    berhenti.set()  # each writer ends after the write it is in (cut by the kill, mostly)
    matikan()
    for u in utas:
        u.join()
    return catatan


def periksa_integritas(path):
    """(integrity_check's answer, number of foreign key violations)."""
    con = sqlite3.connect(path)
    try:
        integritas = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
        fk = len(con.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        con.close()
    return integritas, fk


def cari_di_db(url, catatan):
    """Mark each record with what the database holds of it: `tersimpan` (the
    value it wrote is there: the link in bukti, the realisasi's catatan in
    the history; a self-evaluation draft has no value of its own kept, so
    its idempotency record) and `dijawab` (its idempotency record holds the
    answer). Returns the number of self-evaluation history rows."""
    app = buat_app(url)
    with app.app_context(), database.connection_context():
        tautan = {b.tautan for b in Bukti.select(Bukti.tautan).where(
            Bukti.tautan.in_([url_tautan(c["tanda"]) for c in catatan if c["jenis"] == "tautan"]))}
        riwayat = "\n".join(r.data for r in Riwayat.select(Riwayat.data).where(Riwayat.aksi.startswith("Realisasi")))
        jawaban = {p.kunci: p.status for p in Pengajuan.select(Pengajuan.kunci, Pengajuan.status)
                   .where(Pengajuan.kunci.in_([c["sid"] for c in catatan]))}
        diri = Riwayat.select().where(Riwayat.aksi.startswith("Evaluasi diri")).count()
    for c in catatan:
        c["dijawab"] = jawaban.get(c["sid"]) in DITERIMA
        c["tersimpan"] = {"tautan": url_tautan(c["tanda"]) in tautan,
                          "realisasi": c["tanda"] in riwayat, "diri": c["dijawab"]}[c["jenis"]]
    return diri


def satu_putaran(nomor, ctx):
    """One round: load, SIGKILL at a random moment, restart, check."""
    kosongkan_bukti(ctx["url"])  # room under the 20-evidence limit; earlier rounds were checked already
    diri_sebelum = cari_di_db(ctx["url"], [])
    jeda = ctx["acak"].uniform(2.0, 5.0)
    catatan = beban(ctx["klien"], ctx["skp_id"], ctx["iki"], jeda, lambda: henti(ctx["server"], signal.SIGKILL))
    t0 = time.monotonic()
    ctx["server"] = mulai_server(GUNICORN, ctx["url"], ctx["port"], ctx["log"])
    pulih = time.monotonic() - t0
    with urllib.request.urlopen(f"http://127.0.0.1:{ctx['port']}/healthz", timeout=5) as r:
        sehat = r.status == 200
    integritas, fk = periksa_integritas(ctx["path"])
    diri_sesudah = cari_di_db(ctx["url"], catatan)

    diterima = [c for c in catatan if c["kode"] in DITERIMA]
    hilang = [c for c in diterima if not (c["tersimpan"] and c["dijawab"])]
    diri_diterima = sum(1 for c in diterima if c["jenis"] == "diri")
    if diri_sesudah - diri_sebelum < diri_diterima:
        hilang.append({"jenis": "diri", "tanda": f"{diri_diterima} diterima, "
                       f"{diri_sesudah - diri_sebelum} baris riwayat", "sid": "-"})
    # Sent at the kill, no answer: stored or not, both are fine (the outbox sends it again).
    tanpa_jawaban = [c for c in catatan if isinstance(c["kode"], str) and not c["sebelum_mati"]]
    galat = [c for c in catatan if (isinstance(c["kode"], int) and c["kode"] >= 500 and c["kode"] != 503)
             or (isinstance(c["kode"], str) and c["sebelum_mati"])]
    for c in hilang[:5]:
        print(f"  HILANG (putaran {nomor}): {c['jenis']} {c['tanda']} submission_id {c['sid']}", flush=True)
    for c in galat[:5]:
        print(f"  GALAT (putaran {nomor}): {c['jenis']} {c['kode']}", flush=True)
    return {"putaran": nomor, "mati": jeda, "tulisan": len(catatan), "diterima": len(diterima),
            "ditolak": sum(1 for c in catatan if c["kode"] in (409, 422)),
            "sibuk": sum(1 for c in catatan if c["kode"] == 503),
            "tanpa": len(tanpa_jawaban), "tanpa_ada": sum(1 for c in tanpa_jawaban if c["tersimpan"]),
            "hilang": len(hilang), "galat": len(galat), "pulih": pulih,
            "integritas": integritas + (f", {fk} pelanggaran foreign key" if fk else ""),
            "ok": not hilang and not galat and integritas == "ok" and not fk and sehat}


def main(argv):
    p = argparse.ArgumentParser(
        description="Uji mati mendadak: SIGKILL server di tengah tulisan, mulai ulang, periksa.")
    p.add_argument("--putaran", type=int, default=3, help="berapa kali server dimatikan (bawaan 3)")
    p.add_argument("--penulis", type=int, default=16, help="penulis serentak (bawaan 16)")
    p.add_argument("--benih", type=int, default=None, help="benih acak saat mematikan (untuk mengulang)")
    args = p.parse_args(argv)
    benih = args.benih if args.benih is not None else random.randrange(10 ** 6)
    mulai = time.monotonic()
    hasil, akhir = [], []
    with tempfile.TemporaryDirectory() as folder, open(os.path.join(folder, "server.log"), "w+") as log:
        url, skp_id, iki, nip = siapkan(folder)
        ctx = {"url": url, "path": url[len("sqlite:///"):], "skp_id": skp_id, "iki": iki, "log": log,
               "port": port_bebas(), "acak": random.Random(benih)}
        print(f"Uji mati mendadak: gunicorn (kinerja/gunicorn_conf.py), {args.penulis} penulis, "
              f"{args.putaran} putaran, SIGKILL ke seluruh grup proses (benih {benih})", flush=True)
        ctx["server"] = mulai_server(GUNICORN, url, ctx["port"], log)
        try:
            ctx["klien"] = masuk(f"http://127.0.0.1:{ctx['port']}", nip, args.penulis)
            for n in range(1, args.putaran + 1):
                hasil.append(satu_putaran(n, ctx))
            # The restarted server takes new writes (one of each kind, one writer: no conflict).
            kosongkan_bukti(url)
            akhir = [tulis(ctx["klien"][0], jenis, skp_id, iki[0], 5, f"mati-akhir-{uuid.uuid4()}")
                     for jenis in JENIS]
        finally:
            henti(ctx["server"])
            if not all(h["ok"] for h in hasil):
                log.seek(0)
                print("log server (akhir):\n" + "".join(log.readlines()[-20:]))
    print(f"\n{'putaran':>7} {'mati@':>6} {'tulisan':>7} {'303':>5} {'409/422':>7} {'503':>4} "
          f"{'tanpa jawaban (tersimpan)':>26} {'303 hilang':>10} {'galat':>5} {'pulih':>6}  integrity_check")
    for h in hasil:
        print(f"{h['putaran']:>7} {h['mati']:>5.1f}s {h['tulisan']:>7} {h['diterima']:>5} {h['ditolak']:>7} "
              f"{h['sibuk']:>4} {h['tanpa']:>21} ({h['tanpa_ada']:>2}) {h['hilang']:>10} {h['galat']:>5} "
              f"{h['pulih']:>5.1f}s  {h['integritas']}")
    print("tulisan baru sesudah mulai ulang (tautan, realisasi, diri): " + ", ".join(map(str, akhir)))
    ok = bool(hasil) and all(h["ok"] for h in hasil) and akhir == [303, 303, 303]
    print(f"setiap 303 sebelum SIGKILL ada di basis data dan integrity_check ok: {'ya' if ok else 'TIDAK'} "
          f"({time.monotonic() - mulai:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
