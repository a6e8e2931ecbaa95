"""The rekap's cost does not grow with the city: the same number of SQL
queries for the small hand-built city of test_rekap (9 pegawai) and for a
synthetic city of 400 more (`seed-demo --pegawai 400`, with a year of
realisasi, evaluations, pembinaan and keberatan), page by page, list by list
and file by file; and the city's page stays within the HTML budget."""
import gzip
import re

import pytest

from kinerja import create_app
from kinerja.db import migrate
from tests.conftest import HARI_UJI, HASH_METHOD, ZONA_UJI, Auth, hitung_kueri, tutup_db
from tests.halaman import Halaman
from tests.mesin import MESIN
from tests.test_rekap import kota  # noqa: F401 (fixture)

BARIS_LOGIN = re.compile(r"^demo-login: (\S+) (\S+) (\S+)$", re.M)
JENIS = ("pegawai", "skp_belum", "skp_draft", "skp_disetujui", "disetujui_semua", "realisasi_lengkap", "realisasi_belum", "bukti",
         "diri_diajukan", "dinilai", "menunggu", "predikat_baik", "pembinaan_berjalan", "pembinaan_selesai",
         "keberatan_diajukan", "pelatihan")


@pytest.fixture(scope="module")
def _kota_besar(tmp_path_factory):
    """(database URL, {role: NIP}) of the demo city with 400 synthetic pegawai, seeded once."""
    folder = tmp_path_factory.mktemp("rekap_kota")
    url = MESIN.baru(folder, "kota")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                      "DATABASE_URL": url, "HARI_INI": HARI_UJI, "TIMEZONE": ZONA_UJI,
                      "UPLOAD_DIR": str(folder / "unggahan")})
    migrate()
    hasil = app.test_cli_runner().invoke(args=["seed-demo", "--pegawai", "400"])
    assert hasil.exit_code == 0, hasil.output
    tutup_db()
    yield url, {peran: nip for peran, nip, _ in BARIS_LOGIN.findall(hasil.stdout)}
    MESIN.hapus(url)


def _ukur(c, opd_id, nomor):
    """{what: number of queries} of the rekap pages, lists and files of one OPD."""
    out = {}

    def ukur(nama, url):
        c.get(url)  # the first request of a page warms what a running worker has warm
        with hitung_kueri() as kueri:
            r = c.get(url)
        assert r.status_code == 200, url
        out[nama] = (len(kueri), r)

    f = f"periode=2026&nomor={nomor}"
    ukur("kota", f"/rekap?{f}")
    ukur("opd", f"/rekap/unit/{opd_id}?{f}")
    ukur("kota.xlsx", f"/rekap?{f}&unduh=xlsx")
    ukur("opd.csv", f"/rekap/unit/{opd_id}?{f}&unduh=csv")
    for jenis in JENIS:
        ukur(jenis, f"/rekap/unit/{opd_id}/daftar?jenis={jenis}&{f}")
        ukur(jenis + ".csv", f"/rekap/unit/{opd_id}/daftar?jenis={jenis}&{f}&unduh=csv")
    return out


def _kosong(r):
    """Whether a list page or CSV file holds no row."""
    if r.mimetype == "text/html":
        return "Tidak ada yang tercatat" in r.get_data(as_text=True)
    if r.mimetype == "text/csv":
        return len(r.get_data(as_text=True).strip().splitlines()) <= 1
    return False


def _opd_terbesar(c, nomor):
    """The id of the OPD with the most pegawai on the city page."""
    h = Halaman(c.get(f"/rekap?periode=2026&nomor={nomor}"))
    baris = h.pilih("section[aria-labelledby=judul-skp] tbody tr")
    terbesar = max(baris, key=lambda tr: int(tr.xpath("./td")[0].text_content().split()[0]))
    return int(re.search(r"/rekap/unit/(\d+)", terbesar.xpath("./th//a")[0].get("href")).group(1))


@pytest.mark.parametrize("nomor", [3, 4])
def test_kueri_sama_untuk_kota_kecil_dan_besar(app, org, kota, _kota_besar, nomor):  # noqa: F811
    c = app.test_client()
    Auth(c).login("superadmin")
    kecil = _ukur(c, org["unit"]["disdik"].id, nomor)
    tutup_db()
    MESIN.ganti(app.config["DATABASE_URL"], _kota_besar[0])
    c = app.test_client()
    Auth(c).login(_kota_besar[1]["superadmin"], "demo12345")
    besar = _ukur(c, _opd_terbesar(c, nomor), nomor)
    assert int(Halaman(besar["kota"][1]).tabel("section[aria-labelledby=judul-skp] table")[-1][1].split()[0]) > 400
    # A list with no row reads no page (web.halaman: COUNT only): compare lists with rows in both.
    berisi = [k for k in kecil if not (_kosong(kecil[k][1]) or _kosong(besar[k][1]))]
    assert len(berisi) >= 20, berisi
    assert {k: kecil[k][0] for k in berisi} == {k: besar[k][0] for k in berisi}
    assert besar["kota"][0] <= 14, besar["kota"][0]
    # The year's predikat trend is drawn on both (one grouped query, counted above),
    # from many more ratings in the big city.
    for ukuran in (kecil, besar):
        for nama in ("kota", "opd"):
            tren = Halaman(ukuran[nama][1]).tabel("section[aria-labelledby=judul-tren] table")
            assert len(tren) == 5, nama
    jumlah_tren = [int(b[-1]) for b in Halaman(besar["kota"][1]).tabel("section[aria-labelledby=judul-tren] table")[1:]]
    assert sum(jumlah_tren) > 400, jumlah_tren


def test_halaman_kota_besar_dalam_anggaran(app, _kota_besar):
    tutup_db()
    MESIN.ganti(app.config["DATABASE_URL"], _kota_besar[0])
    c = app.test_client()
    Auth(c).login(_kota_besar[1]["superadmin"], "demo12345")
    for url in ("/rekap", "/rekap?nomor=4"):
        html = c.get(url).get_data()
        assert len(gzip.compress(html)) <= 14 * 1024, url
    opd = _opd_terbesar(c, 3)
    html = c.get(f"/rekap/unit/{opd}/daftar?jenis=pegawai").get_data()
    assert len(gzip.compress(html)) <= 14 * 1024
