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
import os
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from penulis import (AKAR, JENIS, henti, hitung, jalankan_semua, kosongkan_bukti, masuk,  # noqa: E402
                     mulai_server, port_bebas, siapkan, tulis)


def jalankan(n, detik, url, skp_id, iki, nip, log):
    kosongkan_bukti(url)
    port = port_bebas()
    server = mulai_server([sys.executable, os.path.join(AKAR, "app.py")], url, port, log)
    try:
        klien = masuk(f"http://127.0.0.1:{port}", nip, n)
        sebelum = hitung(url)
        hasil = {jenis: {} for jenis in JENIS}
        kunci = threading.Lock()
        selesai = time.monotonic() + detik

        def catat(jenis, kode):
            with kunci:
                hasil[jenis][kode] = hasil[jenis].get(kode, 0) + 1

        def kerja(i, k):
            putaran = 0
            while time.monotonic() < selesai:
                jenis = JENIS[(i + putaran) % 3]
                sasaran = iki[(i + putaran) % len(iki)]
                putaran += 1
                try:
                    kode = tulis(k, jenis, skp_id, sasaran, putaran % 7 + 1, uuid.uuid4())
                except Exception as exc:  # a dropped connection counts as an error
                    kode = type(exc).__name__
                catat(jenis, kode)

        utas = [threading.Thread(target=kerja, args=(i, k)) for i, k in enumerate(klien)]
        lama = jalankan_semua(utas)
    finally:
        henti(server)
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
    with tempfile.TemporaryDirectory() as folder, open(os.path.join(folder, "server.log"), "w") as log:
        url, skp_id, iki, nip = siapkan(folder)
        for n, detik in runs:
            ok &= jalankan(n, detik, url, skp_id, iki, nip, log)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
