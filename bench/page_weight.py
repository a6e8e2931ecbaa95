"""Page weight of the main pages and fragments, as the budgets in DESIGN.md
count it: raw, gzip and brotli bytes of the HTML, and for a first visit the
static files it loads (a repeat visit loads only the HTML: static files are
fingerprinted and cached immutable for a year).

Runs on its own temporary database with the demo city (nothing else is
touched): `make bench` or `.venv/bin/python bench/page_weight.py`.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from kinerja import create_app  # noqa: E402
from kinerja.db import database, migrate  # noqa: E402
from kinerja.seed import DEMO_SANDI, seed_demo  # noqa: E402

BATAS_HTML, BATAS_FRAGMEN, BATAS_PERTAMA, BATAS_PERMINTAAN = 14 * 1024, 5 * 1024, 60 * 1024, 6
ASET = re.compile(r'(?:href|src)="(/static/[^"]+\?v=[0-9a-f]+)"')


def ukuran(client, url, headers=None):
    """(raw, gzip, br) bytes of one GET."""
    out = []
    for enc in ("identity", "gzip", "br"):
        r = client.get(url, headers=dict(headers or {}, **{"Accept-Encoding": enc}))
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
        out.append(len(r.data))
    return tuple(out), client.get(url, headers=headers).get_data(as_text=True)


def baris(nama, ukur, aset, fragmen=False):
    (raw, gz, br), html = ukur
    pertama = gz + sum(aset.get(a, 0) for a in ASET.findall(html))
    n_aset = len(set(ASET.findall(html)))
    batas = BATAS_FRAGMEN if fragmen else BATAS_HTML
    catatan = "" if gz <= batas and (fragmen or (pertama <= BATAS_PERTAMA and 1 + n_aset <= BATAS_PERMINTAAN)) \
        else "  <-- melebihi anggaran"
    kunjungan = "-" if fragmen else f"{pertama / 1024:6.1f} KB/{1 + n_aset} req | ulang {gz / 1024:5.1f} KB/1 req"
    print(f"{nama:<40} {raw / 1024:7.1f} {gz / 1024:7.1f} {br / 1024:7.1f}   {kunjungan}{catatan}")


def main():
    tmp = tempfile.mkdtemp(prefix="bench-")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.db", "UPLOAD_DIR": f"{tmp}/unggah",
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        migrate()
        with database:
            akun = {peran: nip for peran, nip, _ in seed_demo()}
    client = app.test_client()
    aset = {}
    print(f"{'halaman (KB)':<40} {'mentah':>7} {'gzip':>7} {'br':>7}   kunjungan pertama | ulang (gzip)")
    for peran in ("pegawai", "atasan", "admin"):
        client.post("/login", data={"nip": akun[peran], "password": DEMO_SANDI})
        halaman = ["/", "/tugas", "/skp"]
        html = client.get("/skp").get_data(as_text=True)
        skp = re.findall(r'href="(/skp/\d+)"', html)
        halaman += skp[:1] + [f"{u}/kinerja" for u in skp[:1]]
        if peran == "atasan":
            halaman += ["/tim", "/tim/kaskade", "/penilaian", "/tim/ekspektasi"]
            antre = re.findall(r'href="(/penilaian/(?:skp/)?\d+(?:/\d+)?)"', client.get("/penilaian").get_data(as_text=True))
            halaman += antre[:1]
            halaman += [f"{skp[0]}/kinerja/4"] if skp else []
        if peran == "admin":
            halaman = ["/admin/pegawai", "/admin/unit"]
        for url in halaman:
            for a in set(ASET.findall(client.get(url).get_data(as_text=True))):
                if a not in aset:
                    aset[a] = len(client.get(a, headers={"Accept-Encoding": "gzip"}).data)
            baris(f"{peran}: {url}", ukuran(client, url), aset)
        fragmen = []
        if peran == "pegawai" and skp:
            fragmen.append((f"{skp[0]} (bagian RHK)", skp[0]))
        if peran == "admin":
            fragmen.append(("/admin/pegawai?q=a (tabel)", "/admin/pegawai?q=a"))
        for nama, url in fragmen:
            baris(f"{peran}: {nama}", ukuran(client, url, {"HX-Request": "true"}), aset, fragmen=True)
        client.post("/logout")
    print()
    print("Berkas statis (gzip, sekali per kunjungan pertama):")
    for a, n in sorted(aset.items()):
        print(f"  {a.split('?')[0]:<45} {n / 1024:6.1f} KB")
    print(f"Anggaran: HTML <= {BATAS_HTML // 1024} KB gzip, fragmen <= {BATAS_FRAGMEN // 1024} KB, "
          f"kunjungan pertama <= {BATAS_PERTAMA // 1024} KB dan <= {BATAS_PERMINTAAN} permintaan.")


if __name__ == "__main__":
    main()
