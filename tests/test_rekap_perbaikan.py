"""The rekap's review fixes, each as a person or the database sees it: sheet
titles from any unit name, long training texts, the SKP status table adding
up, one definition per number, NULL target dates, the evaluation period's
range, accessible number links, formula-proof CSV, downloads of named lists
in the unit's history, the year's predikat trend, and the print rules.

Today is 2026-11-28 (conftest); the `kota` fixture is test_rekap's."""
import datetime
import io
import json
import re

from openpyxl import load_workbook

from kinerja.db import database
from kinerja.models import Periode, Riwayat, Unit
from kinerja.penilaian.distribusi import hitung_distribusi
from kinerja.penilaian.models import Evaluasi, Keberatan, Pembinaan
from kinerja.rekap import ANGKA, hitung_rekap, pilih_nomor
from kinerja.rekap_syarat import TEMA_MAKS
from kinerja.skp.models import Skp
from kinerja.unduhan import Teks, judul_lembar, teks_sel
from tests.conftest import NIP, _unit
from tests.halaman import Halaman, teks_dari
from tests.test_rekap import evaluasi, jumlah_daftar, kota, masuk, orang, tabel_rekap, terlihat  # noqa: F401
from tests.test_rekap_ekspor import baca_csv


def _rekap(unit=None, nomor=None):
    return hitung_rekap("", unit, pilih_nomor(Periode.get(Periode.tahun == 2026), nomor))


# ---------------------------------------------------------------- 1. XLSX sheet titles

def test_xlsx_unit_bernama_tanda_terlarang(app, kota, org):
    """A unit named "Bagian: Umum [x]" (characters a sheet title may not
    hold) downloads as XLSX: the rekap and its lists."""
    with database:
        bagian = _unit("Bagian: Umum [x]", "DISDIK-UMUM", "bagian", org["unit"]["disdik"])
        orang(bagian, "Fajar Nasution", org["pegawai"]["kadis"])
    c = masuk(app, "superadmin")
    for url in (f"/rekap/unit/{bagian.id}?unduh=xlsx", f"/rekap/unit/{bagian.id}/daftar?jenis=pegawai&unduh=xlsx",
                f"/rekap/unit/{bagian.id}?unduh=xlsx&tabel=pelatihan"):
        r = c.get(url)
        assert r.status_code == 200, url
        ws = load_workbook(io.BytesIO(r.get_data())).worksheets[0]
        assert not set(ws.title) & set(":[]?*/\\") and len(ws.title) <= 31, ws.title
    ws = load_workbook(io.BytesIO(c.get(f"/rekap/unit/{bagian.id}/daftar?jenis=pegawai&unduh=xlsx")
                                  .get_data())).worksheets[0]
    assert [b[1] for b in ws.iter_rows(min_row=2, values_only=True)] == ["Fajar Nasution"]


def test_judul_lembar():
    assert judul_lembar("Rekap Bagian: Umum [x] 2026 Triwulan III") == "Rekap Bagian- Umum -x- 2026 Tri"
    assert judul_lembar("a/b\\c?d*e") == "a-b-c-d-e"
    assert judul_lembar("'") == "Lembar1" and judul_lembar("") == "Lembar1"


# ---------------------------------------------------------------- 2. training needs

def test_pelatihan_teks_panjang_tautannya_menemukan_rencananya(app, kota, org):
    """A text over the key's length: the theme's link (a short key) leads to
    its plans; two texts differing past the key's length are one theme."""
    panjang = "Pelatihan teknis penyusunan laporan kinerja instansi pemerintah " * 4  # 260 characters
    with database:
        contoh = Pembinaan.get()
        for akhir in ("angkatan satu", "angkatan dua"):
            Pembinaan.create(evaluasi=contoh.evaluasi, jenis="bimbingan", rencana="Rencana",
                             pelatihan=panjang + akhir, target_tanggal=contoh.target_tanggal, pembuat=contoh.pembuat)
    c = masuk(app, "superadmin")
    h = Halaman(c.get("/rekap"))
    baris = h.baris("Pelatihan teknis penyusunan", "#judul-pelatihan ~ div table")
    a = baris.cssselect("a")[0]
    assert teks_dari(baris.xpath("./td")[0]) == "2" and teks_dari(a) == "Dinas Pendidikan: 2"
    tema = re.search(r"tema=([^&]*)", a.get("href")).group(1)
    assert len(tema) < 3 * TEMA_MAKS  # the key, URL-encoded: never the whole text
    d = Halaman(c.get(a.get("href")))
    assert jumlah_daftar(d) == 2


def test_label_tema_teks_terkecil_di_semua_unit(app, kota, org):
    """The theme's label is the smallest text as written (MIN), whichever
    unit's plan is read first: the kadis (Disdik itself, read first) writes
    it in lower case, the kasi (Bidang SD) capitalised."""
    with database:
        skp_kadis = kota["skp"]["kadis"]
        ev = evaluasi(skp_kadis, 3, "dinilai", "butuh_perbaikan", penilai=org["pegawai"]["superadmin"])
        Pembinaan.create(evaluasi=ev, jenis="bimbingan", rencana="Rencana", pelatihan="pelatihan penulisan laporan",
                         target_tanggal=datetime.date(2026, 12, 1), pembuat=org["pegawai"]["superadmin"])
    with app.app_context(), database:
        for unit in (None, Unit.get_by_id(org["unit"]["disdik"].id)):
            [tema] = _rekap(unit).pelatihan
            assert tema.label == "Pelatihan Penulisan Laporan" and tema.jumlah == 3


# ---------------------------------------------------------------- 3. the SKP status table adds up

def test_status_skp_pegawai_aktif_saja_dan_jumlahnya_cocok(app, kota, org):
    """Eko (inactive) gets an approved SKP: the status table counts active
    pegawai only, so Pegawai = the five status columns on every row; the
    realisasi table counts his SKP; each list holds its number."""
    with database:
        Skp.update(status="disetujui").where(Skp.pegawai == kota["eko"].id).execute()
    c = masuk(app, "superadmin")
    h = Halaman(c.get(f"/rekap/unit/{org['unit']['disdik'].id}"))
    skp = tabel_rekap(h, "skp")
    for nama, sel in skp.items():
        assert int(sel[0]) == sum(int(x) for x in sel[1:6]), nama
    assert skp["Bidang Pembinaan SD"][:6] == ["4", "0", "0", "1", "0", "3"]
    assert tabel_rekap(h, "kinerja")["Bidang Pembinaan SD"][0] == "4"  # his SKP is counted for realisasi
    teks = teks_dari(h.bagian("judul-skp"))
    assert "Hanya pegawai aktif: Pegawai = belum dibuat + draf + diajukan + dikembalikan + disetujui." in teks
    sd = org["unit"]["bidang_sd"].id
    nama = [b[0].split(" NIP")[0] for b in Halaman(c.get(
        f"/rekap/unit/{sd}/daftar?jenis=skp_disetujui")).tabel("table.daftar-rekap")[1:]]
    assert "Eko Purnama" not in nama and len(nama) == 3
    semua = Halaman(c.get(f"/rekap/unit/{sd}/daftar?jenis=disetujui_semua"))
    assert jumlah_daftar(semua) == 4 and "Eko Purnama" in semua.teks()
    with app.app_context(), database:
        for b in _rekap(Unit.get_by_id(org["unit"]["disdik"].id)).baris:
            assert b.angka["pegawai"] == sum(b.angka[k] for k in ANGKA if k.startswith("skp_"))


# ---------------------------------------------------------------- 4. one definition each

def test_predikat_tahunan_dari_evaluasi_akhir(app, kota, org):
    """The annual predikat is the evaluation marked `akhir`, as the
    distribution page counts it, even when its number is not the last."""
    with database:
        Evaluasi.update(nomor=12).where((Evaluasi.skp == kota["skp"]["kasi"].id) & (Evaluasi.akhir == True)).execute()  # noqa: E712,E501
    with app.app_context(), database:
        disdik = Unit.get_by_id(org["unit"]["disdik"].id)
        jumlah, _ = hitung_distribusi(disdik, kota["periode"])
        baris = next(b for b in _rekap(nomor=4).baris if b.unit.kode == "DISDIK")
        assert baris.distribusi == jumlah and jumlah["butuh_perbaikan"] == 1


def test_keberatan_menunggu_satu_syarat_untuk_angka_dan_daftar(app, kota, org):
    """Whatever status an undecided objection holds, the number and its list agree."""
    with database:
        Keberatan.update(status="ditanggapi").execute()
    c = masuk(app, "superadmin")
    h = Halaman(c.get(f"/rekap/unit/{org['unit']['disdik'].id}"))
    assert tabel_rekap(h, "tindak")["Jumlah"][3:] == ["1", "0", "1"]
    d = Halaman(c.get(f"/rekap/unit/{org['unit']['disdik'].id}/daftar?jenis=keberatan_menunggu"))
    assert jumlah_daftar(d) == 1


def test_syarat_antrean_satu_untuk_antrean_dan_rekap():
    """The rekap's "waiting" reuses the queue's SKP condition and time reader."""
    import kinerja.rekap_daftar as daftar
    import kinerja.rekap_syarat as syarat
    from kinerja.penilaian import antrean
    assert syarat.dapat_dinilai is antrean.dapat_dinilai and daftar.baca_waktu is antrean.baca_waktu
    assert not any(hasattr(m, "_waktu") for m in (syarat, daftar, antrean))


# ---------------------------------------------------------------- 5. NULL dates last

def test_pembinaan_tanpa_target_di_akhir_daftar(app, kota, org):
    with database:
        contoh = Pembinaan.get(Pembinaan.status == "berjalan")
        Pembinaan.create(evaluasi=contoh.evaluasi, jenis="bimbingan", rencana="Tanpa target", pelatihan="",
                         target_tanggal=None, pembuat=contoh.pembuat)
    c = masuk(app, "superadmin")
    h = Halaman(c.get(f"/rekap/unit/{org['unit']['disdik'].id}/daftar?jenis=pembinaan_berjalan"))
    assert [teks_dari(td) for td in h.pilih("td[data-label='Target']")] == ["1 November 2026", ""]


# ---------------------------------------------------------------- 7. accessibility

def test_angka_bernama_kolom_dan_unit_untuk_pembaca_layar(app, kota, org):
    c = masuk(app, "superadmin")
    h = Halaman(c.get(f"/rekap/unit/{org['unit']['disdik'].id}"))
    baris = h.satu('section[aria-labelledby="judul-skp"] tbody').xpath("./tr")
    a = baris[1].cssselect("td a")[-1]
    assert terlihat(a) == "3" and teks_dari(a) == "3 Disetujui, Bidang Pembinaan SD"
    a = baris[0].cssselect("td a")[0]
    assert teks_dari(a) == "2 Pegawai, langsung di Dinas Pendidikan"
    jumlah = h.satu('section[aria-labelledby="judul-skp"] tfoot').cssselect("td a")[0]
    assert teks_dari(jumlah) == "6 Pegawai, jumlah"
    d = Halaman(c.get(f"/rekap/unit/{org['unit']['bidang_sd'].id}/daftar"))
    kepala = d.pilih("table.daftar-rekap tbody th[scope=row]")
    assert [teks_dari(th).split(" NIP")[0] for th in kepala][:2] == ["Budi Santoso", "Dewi Lestari"]


# ---------------------------------------------------------------- 8. CSV hardening

def test_csv_rumus_di_balik_spasi_atau_baris_baru():
    assert teks_sel(' =HYPERLINK("http://contoh.invalid")') == '\' =HYPERLINK("http://contoh.invalid")'
    assert teks_sel("\n=1+1") == "'\n=1+1"
    assert teks_sel("  -2+3") == "'  -2+3" and teks_sel("Pelatihan = 2 hari") == "Pelatihan = 2 hari"
    assert teks_sel(Teks(NIP["staf"])) == NIP["staf"]  # the NIP: plain digits


def test_csv_daftar_rumus_dinetralkan_nip_polos(app, kota, org):
    with database:
        Pembinaan.update(pelatihan=' =HYPERLINK("http://contoh.invalid","klik")').execute()
    c = masuk(app, "superadmin")
    url = f"/rekap/unit/{org['unit']['disdik'].id}/daftar?jenis=pelatihan"
    baris, _ = baca_csv(c.get(url + "&unduh=csv"))
    assert baris[1][-1] == '\' =HYPERLINK("http://contoh.invalid","klik")'
    assert baris[1][0] == NIP["kasi"]
    assert "Untuk Excel, pakai XLSX: NIP tetap utuh sebagai teks." in Halaman(c.get(url)).teks(".unduh")


# ---------------------------------------------------------------- 10. downloads in the unit's history

def test_unduhan_daftar_bernama_tercatat_di_riwayat_unit(app, kota, org):
    sd = org["unit"]["bidang_sd"]
    c = masuk(app, "admin_disdik")
    # The count tables name nobody: not recorded.
    assert c.get(f"/rekap/unit/{sd.id}?unduh=csv").status_code == 200
    assert c.get(f"/rekap/unit/{sd.id}?unduh=xlsx&tabel=pelatihan").status_code == 200
    assert c.get(f"/rekap/unit/{sd.id}/daftar?jenis=menunggu").status_code == 200  # the page: not either
    with database:
        assert Riwayat.select().where(Riwayat.aksi == "rekap_diunduh").count() == 0
    assert c.get(f"/rekap/unit/{sd.id}/daftar?jenis=menunggu&periode=2026&nomor=3&unduh=xlsx").status_code == 200
    with database:
        [r] = Riwayat.select().where(Riwayat.aksi == "rekap_diunduh")
        assert (r.objek, r.objek_id, r.aktor_id) == ("unit", sd.id, org["pegawai"]["admin_disdik"].id)
        assert json.loads(r.data) == {"berkas": [None, "xlsx"], "daftar": [None, "Menunggu dinilai"],
                                      "periode": [None, "2026, Triwulan III"]}
    # Out of scope: refused, nothing recorded.
    assert c.get(f"/rekap/unit/{org['unit']['dinkes'].id}/daftar?unduh=csv").status_code == 403
    h = Halaman(masuk(app, "superadmin").get(f"/admin/unit/{sd.id}"))
    entri = teks_dari(h.bagian("riwayat-judul").cssselect("li")[0])
    assert entri.startswith("rekap diunduh oleh Rudi Hartono")
    for bagian in ("Daftar: – → Menunggu dinilai", "Periode: – → 2026, Triwulan III", "Berkas: – → XLSX"):
        assert bagian in entri, entri
    with database:
        assert Riwayat.select().where(Riwayat.aksi == "rekap_diunduh").count() == 1


# ---------------------------------------------------------------- 11. the year's trend, print

def test_tren_predikat_setahun(app, kota, org):
    c = masuk(app, "superadmin")
    h = Halaman(c.get("/rekap"))
    bagian = h.bagian("judul-tren")
    assert teks_dari(bagian.cssselect("h2")[0]) == "Tren predikat 2026"
    svg = bagian.cssselect("svg.tren")[0]
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "cap-tren"
    assert [t.text for t in svg.cssselect("text")][::2][:4] == ["Triwulan I", "Triwulan II", "Triwulan III",
                                                                 "Triwulan IV-Akhir"]
    # Triwulan III: the kasi's Butuh Perbaikan; IV-Akhir: staf Baik, kasi Butuh Perbaikan, side by side.
    assert [(r.get("class"), r.get("width")) for r in svg.cssselect("rect") if r.get("class") != "kosong"] == [
        ("p-butuh_perbaikan", "150"), ("p-baik", "75"), ("p-butuh_perbaikan", "75")]
    tabel = Halaman(teks_html(bagian)).tabel("table")
    assert tabel[0] == ["Periode evaluasi", "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct",
                        "Sangat Kurang", "Jumlah"]
    assert tabel[3] == ["Triwulan III", "0", "0", "1", "0", "0", "1"]
    assert tabel[4] == ["Triwulan IV-Akhir", "0", "1", "1", "0", "0", "2"]
    # Another level: the same query narrowed to its subtree (Dinkes has none rated).
    h = Halaman(c.get(f"/rekap/unit/{org['unit']['dinkes'].id}"))
    assert Halaman(teks_html(h.bagian("judul-tren"))).tabel("table")[4][-1] == "0"


def teks_html(el):
    import lxml.html
    return lxml.html.tostring(el, encoding="unicode")


def test_tumpukan_selalu_penuh():
    """The stacked bars' parts are whole units that always fill the bar."""
    from kinerja.rekap import tumpukan
    for jumlah in ({"baik": 1, "kurang": 2}, {"sangat_baik": 1, "baik": 1, "butuh_perbaikan": 1},
                   {"baik": 998, "kurang": 1, "sangat_kurang": 1}):
        bagian = tumpukan(jumlah)
        assert sum(w for _, _, _, w in bagian) == 100 and bagian[0][2] == 0
        assert all(x + w == bagian[i + 1][2] for i, (_, _, x, w) in enumerate(bagian[:-1]))


def test_cetak_a4_tabel_lebar_tidak_terpotong():
    """The print rules of the rekap section: tables scroll no more (overflow
    visible, nothing cut at the page's edge), in a smaller type."""
    import pathlib
    css = (pathlib.Path(__file__).parent.parent / "static/css/app.css").read_text()
    rekap = css[css.index("/* Rekap:"):]
    cetak = " ".join(re.findall(r"@media print\{(.*?\})\}", rekap))
    assert ".tabel-wrap{overflow:visible}" in cetak
    assert re.search(r"table\.rekap[^{]*\{font-size:8pt", cetak)
    assert "position:static" in cetak and "overflow:hidden" not in cetak
