"""Page weight of the main pages and fragments, as the budgets in DESIGN.md
count it: raw, gzip and brotli bytes of the HTML, and for a first visit the
static files it loads (a repeat visit loads only the HTML: static files are
fingerprinted and cached immutable for a year).

A first visit gets the page with the stylesheet inlined (the browser has no
`kinerja_css` cookie yet) and then fetches htmx, app.js, the prefetched
stylesheet, and the offline layer's /sw.js and /luring. Later pages link the
cached stylesheet; their size is the "gzip" column.

Runs on its own temporary database with the demo city (nothing else is
touched): `make bench` or `.venv/bin/python bench/page_weight.py`.
"""
import gzip
import os
import re
import sys
import tempfile
from html import unescape

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from kinerja import create_app  # noqa: E402
from kinerja.db import database, migrate  # noqa: E402
from kinerja.seed import DEMO_SANDI, seed_demo  # noqa: E402

BATAS_HTML, BATAS_FRAGMEN, BATAS_PERTAMA, BATAS_PERMINTAAN = 14 * 1024, 5 * 1024, 60 * 1024, 6
ASET = re.compile(r'(?:href|src)="(/static/[^"]+\?v=[0-9a-f]+)"')


HX = {"HX-Request": "true"}
PERAN = ("pegawai", "atasan", "atasan_penilai", "admin", "superadmin")


def _tautan(client, url, pola, teks=None):
    """The links matching `pola` on the page at `url` (or in `teks`), in page order, unescaped."""
    teks = client.get(url).get_data(as_text=True) if teks is None else teks
    return [unescape(u) for u in re.findall(pola, teks)]


def halaman_utama(client):
    """The main pages and htmx fragments of whoever `client` is signed in as,
    found by following their own pages (so the list fits every demo role):
    [(name, url, headers, is_fragment)]. Also used by tests/test_anggaran_html.py."""
    beranda = client.get("/").get_data(as_text=True)
    halaman = ["/", "/tugas", "/skp"]
    skp = _tautan(client, "/skp", r'href="(/skp/\d+)"')[:1]
    periode = _tautan(client, f"{skp[0]}/kinerja", r'href="(/skp/\d+/kinerja/\d+)"')[-1:] if skp else []
    halaman += skp + [f"{u}/kinerja" for u in skp] + periode
    if 'href="/tim"' in beranda:  # a superior: the team's pages, a subordinate's SKP, the queue
        halaman += ["/tim", "/tim/kaskade", "/tim/ekspektasi", "/penilaian"]
        halaman += _tautan(client, "/tim", r'href="(/skp/\d+)"')[:1]
        halaman += _tautan(client, "/penilaian", r'href="(/penilaian/(?:skp/)?\d+(?:/\d+)?)"')[:1]
        halaman += _tautan(client, "/", r'href="(/unit/\d+/kinerja[^"]*)"', beranda)[:1]
    if 'href="/admin/pegawai"' in beranda:
        halaman += ["/admin/pegawai", "/admin/unit", "/admin/periode"]
    daftar = [(url, url, {}, False) for url in dict.fromkeys(halaman)]
    if skp:
        daftar.append((f"{skp[0]} (bagian RHK)", skp[0], HX, True))
    iki = _tautan(client, periode[0], r'id="realisasi-(\d+)"')[:1] if periode else []
    if iki:
        daftar.append((f"{periode[0]} (satu IKI)", f"{periode[0]}?iki={iki[0]}", HX, True))
    if 'href="/admin/pegawai"' in beranda:
        daftar.append(("/admin/pegawai?q=a (tabel)", "/admin/pegawai?q=a", HX, True))
    return daftar


def ukuran(client, url, headers=None):
    """(raw, gzip, br) bytes of one GET."""
    out = []
    for enc in ("identity", "gzip", "br"):
        r = client.get(url, headers=dict(headers or {}, **{"Accept-Encoding": enc}))
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
        out.append(len(r.data))
    return tuple(out), client.get(url, headers=headers).get_data(as_text=True)


def kunjungan_pertama(client, url):
    """(gzip bytes, html) of the page as a browser without the cached stylesheet gets it."""
    client.delete_cookie("kinerja_css")
    r = client.get(url, headers={"Accept-Encoding": "gzip"})
    return len(r.data), gzip.decompress(r.data).decode()


def baris(nama, ukur, aset, fragmen=False, pertama_ukur=None, luring=(0, 0)):
    (raw, gz, br), html = ukur
    gz_pertama, html_pertama = pertama_ukur or (gz, html)
    n_aset = len(set(ASET.findall(html_pertama))) + luring[1]
    pertama = gz_pertama + sum(aset.get(a, 0) for a in set(ASET.findall(html_pertama))) + luring[0]
    batas = BATAS_FRAGMEN if fragmen else BATAS_HTML
    catatan = "" if gz <= batas and (fragmen or (pertama <= BATAS_PERTAMA and 1 + n_aset <= BATAS_PERMINTAAN)) \
        else "  <-- melebihi anggaran"
    kunjungan = "-" if fragmen else f"{pertama / 1024:6.1f} KB/{1 + n_aset} req | ulang {gz / 1024:5.1f} KB/1 req"
    print(f"{nama:<46} {raw / 1024:7.1f} {gz / 1024:7.1f} {br / 1024:7.1f}   {kunjungan}{catatan}")


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
    # The offline layer's requests after a first load: the worker and the offline page it precaches.
    client.get("/login")  # the first page has set the stylesheet cookie by the time the worker installs
    luring = (sum(len(client.get(u, headers={"Accept-Encoding": "gzip"}).data) for u in ("/sw.js", "/luring")), 2)
    print(f"{'halaman (KB)':<46} {'mentah':>7} {'gzip':>7} {'br':>7}   kunjungan pertama | ulang (gzip)")
    for peran in PERAN:
        client.post("/login", data={"nip": akun[peran], "password": DEMO_SANDI})
        for nama, url, headers, fragmen in halaman_utama(client):
            pertama = None if fragmen else kunjungan_pertama(client, url)
            for a in set(ASET.findall(pertama[1] if pertama else "")):
                if a not in aset:
                    aset[a] = len(client.get(a, headers={"Accept-Encoding": "gzip"}).data)
            baris(f"{peran}: {nama}", ukuran(client, url, headers), aset, fragmen, pertama, luring)
        client.post("/logout")
    print()
    print("Berkas statis (gzip, sekali per kunjungan pertama; css juga sudah di dalam halaman pertama):")
    for a, n in sorted(aset.items()):
        print(f"  {a.split('?')[0]:<45} {n / 1024:6.1f} KB")
    print(f"Lapisan luring sesudah kunjungan pertama: /sw.js + /luring = {luring[0] / 1024:.1f} KB, 2 permintaan.")
    print(f"Anggaran: HTML <= {BATAS_HTML // 1024} KB gzip, fragmen <= {BATAS_FRAGMEN // 1024} KB, "
          f"kunjungan pertama <= {BATAS_PERTAMA // 1024} KB dan <= {BATAS_PERMINTAAN} permintaan.")


if __name__ == "__main__":
    main()
