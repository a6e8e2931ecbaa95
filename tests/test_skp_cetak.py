"""Print view of an SKP: every part of the official layout, the draft mark,
permissions, escaping, and a query count that does not grow with the RHK."""
import datetime
import re

import pytest

from kinerja.db import database
from kinerja.models import Pegawai
from kinerja.rules import BERAKHLAK
from kinerja.tampilan import tanggal_id
from kinerja.skp.layanan import simpan_lampiran, simpan_perilaku
from kinerja.skp.models import Skp
from kinerja.skp.rencana import simpan_iki, simpan_rhk
from tests.conftest import hitung_kueri, teks
from tests.halaman import Halaman, teks_dari

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]


def url(skp):
    return f"/skp/{skp.id}/cetak"


def segar(skp):
    return Skp.get_by_id(skp.id)


def tambah_rhk(pemilik, skp, uraian, jenis="utama", rhk_atasan=None, iki=1):
    """An RHK with `iki` indicators, through the real services."""
    data = {"jenis": jenis, "uraian": uraian}
    if rhk_atasan is not None:
        data["rhk_atasan"] = rhk_atasan.id
    r = simpan_rhk(pemilik, segar(skp), data)
    for n in range(1, iki + 1):
        simpan_iki(pemilik, segar(skp), r, {"aspek": "kualitas", "indikator": f"{uraian}: indikator {n}",
                                            "target_min": "90", "target_maks": "100", "satuan": "%"})
    return r


@pytest.fixture
def lengkap(org, rencana):
    """The staf's draft SKP filled in: a tambahan RHK with two IKI, lampiran,
    and two ekspektasi written by the penilai (kasi)."""
    p = org["pegawai"]
    skp = rencana["skp"]["staf"]
    with database:
        tambah_rhk(p["staf"], skp, "Tersusunnya profil sekolah dasar", jenis="tambahan", iki=2)
        simpan_lampiran(p["staf"], segar(skp), {
            "dukungan_sumber_daya": "Komputer dan akses data pokok pendidikan",
            "skema_pertanggungjawaban": "Laporan bulanan kepada kepala seksi",
            "konsekuensi": "Teguran lisan bila laporan terlambat"}, segar(skp).version)
        simpan_perilaku(p["kasi"], segar(skp), {
            "kompeten": "Mengikuti pelatihan analisis data",
            "kolaboratif": "Berbagi data dengan bidang lain"})
    return skp


def test_semua_bagian_dokumen(client, auth, org, rencana, lengkap):
    auth.login("staf")
    r = client.get(url(lengkap))
    assert r.status_code == 200
    h = Halaman(r)
    html = h.teks()
    assert h.judul() == "SASARAN KINERJA PEGAWAI"
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in html
    assert "Pemerintah Kota Tanjungbalai" in html
    assert "1 Januari 2026 s.d. 31 Desember 2026" in html
    assert "PEGAWAI YANG DINILAI" in html and "PEJABAT PENILAI KINERJA" in html
    assert "Rina Marpaung" in html and "19900101 201503 2 006" in html
    assert "Budi Santoso" in html and "19850303 201001 1 005" in html
    assert "Pangkat" not in html
    # Hasil kerja: groups in order, the intervened RHK's text, IKI and targets.
    i_utama, i_tambahan = html.index("A. Utama"), html.index("B. Tambahan")
    assert i_utama < html.index("Meningkatnya mutu pendidikan dasar (staf)") < i_tambahan
    assert i_tambahan < html.index("Tersusunnya profil sekolah dasar") < html.index("PERILAKU KERJA")
    assert "RHK pimpinan yang diintervensi" in html
    assert "Meningkatnya mutu pendidikan dasar (kasi)" in html
    assert "Jumlah laporan staf" in html and "12 laporan" in html and "Kuantitas" in html
    assert "Tersusunnya profil sekolah dasar: indikator 2" in html and "90\u2013100 %" in html
    # The RHK with two IKI spans two rows.
    assert "Tersusunnya profil sekolah dasar" in [teks_dari(td) for td in h.pilih('td[rowspan="2"]')]
    assert "Tidak ada" not in html
    # Perilaku kerja: the seven values in order with their guides and the ekspektasi.
    posisi = [html.index(v["nama"]) for v in BERAKHLAK.values()]
    assert posisi == sorted(posisi) and len(posisi) == 7
    butir = {teks_dari(li) for li in h.pilih("li")}
    for v in BERAKHLAK.values():
        for panduan in v["panduan"]:
            assert panduan in butir
    assert "Ekspektasi khusus pimpinan" in html
    assert "Mengikuti pelatihan analisis data" in html and "Berbagi data dengan bidang lain" in html
    perilaku = h.bagian("judul-perilaku")
    assert [teks_dari(td) for td in perilaku.cssselect("td")].count("-") == 5  # the five without ekspektasi
    # Lampiran, place and date, signatures.
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in html
    assert "Komputer dan akses data pokok pendidikan" in html
    assert "Laporan bulanan kepada kepala seksi" in html
    assert "Teguran lisan bila laporan terlambat" in html
    assert "Tanjungbalai, 28 November 2026" in html  # the clock's day (conftest)
    assert "Pegawai yang Dinilai" in html and "Pejabat Penilai Kinerja" in html
    assert "NIP 19900101 201503 2 006" in html and "NIP 19850303 201001 1 005" in html


def test_identitas_diambil_dari_salinan(client, auth, org, rencana):
    with database:
        Pegawai.update(jabatan="Analis Kebijakan").where(Pegawai.id == org["pegawai"]["staf"].id).execute()
        Pegawai.update(jabatan="Kepala Seksi Baru").where(Pegawai.id == org["pegawai"]["kasi"].id).execute()
    auth.login("staf")
    html = Halaman(client.get(url(rencana["skp"]["staf"]))).teks()
    assert "Pengolah Data Pendidikan" in html and "Analis Kebijakan" not in html
    assert "Kepala Seksi Kurikulum SD" in html and "Kepala Seksi Baru" not in html
    assert html.count("Bidang Pembinaan SD") == 2  # unit kerja of both


def test_bagian_kosong(client, auth, org, rencana):
    skp = rencana["skp"]["staf"]
    with database:
        tambah_rhk(org["pegawai"]["staf"], skp, "RHK tanpa indikator", iki=0)
    auth.login("staf")
    h = Halaman(client.get(url(skp)))
    html = h.teks()
    assert html.index("B. Tambahan") < html.index("Tidak ada") < html.index("PERILAKU KERJA")
    assert "Belum ada indikator" in html
    lampiran = h.bagian("judul-lampiran")
    assert [teks_dari(p) for p in lampiran.cssselect("p")] == ["-", "-", "-"]  # the three empty lampiran


def test_alat_khusus_layar(client, auth, rencana):
    skp = rencana["skp"]["staf"]
    auth.login("staf")
    h = Halaman(client.get(url(skp)))
    tombol = h.tombol("Cetak", persis=True)
    assert tombol.get("type") == "button" and tombol.get("data-cetak") is not None
    assert [el for el in h.pilih("script[src]") if "js/cetak.js" in el.get("src")]
    assert "Gunakan menu Cetak di peramban" in h.teks()
    assert h.tautan_ke(f"/skp/{skp.id}")
    gaya = [el.get("href") for el in h.pilih('link[rel="stylesheet"]')]
    assert len(gaya) == 1 and re.fullmatch(r"/static/css/cetak\.css\?v=\w+", gaya[0])
    assert not h.pilih("nav")


def test_gaya_cetak(client):
    css = teks(client.get("/static/css/cetak.css"))
    assert "@page{size:A4 portrait" in css
    assert ".layar{display:none!important}" in css
    assert "break-inside:avoid" in css


def test_draf_ditandai(client, auth, rencana):
    auth.login("staf")
    h = Halaman(client.get(url(rencana["skp"]["staf"])))
    assert "DRAF – belum disetujui" in h.teks(".status.draf") and "Status SKP: Draf" in h.teks()


def test_yang_disetujui_menampilkan_tanggal_persetujuan(client, auth, rencana):
    skp = rencana["skp"]["kasi"]
    with database:
        Skp.update(disetujui_pada=datetime.datetime(2026, 2, 3, 9, 30)).where(Skp.id == skp.id).execute()
    auth.login("kasi")
    html = Halaman(client.get(url(skp))).teks()
    assert "DRAF" not in html
    assert "Disetujui pejabat penilai pada 3 Februari 2026" in html
    assert "Tanjungbalai, 3 Februari 2026" in html


def test_jpt_tanpa_penilai(client, auth, rencana):
    auth.login("kadis")
    h = Halaman(client.get(url(rencana["skp"]["kadis"])))
    html = h.teks()
    assert "Perspektif" in [teks_dari(th) for th in h.pilih('th[scope="col"]')] and "Penerima Layanan" in html
    assert "RHK pimpinan yang diintervensi" not in html
    assert html.count("Belum ditetapkan") == 2  # identity block and signature block


@pytest.mark.parametrize("siapa", ["staf", "kasi", "kabid", "admin_disdik", "superadmin"])
def test_siapa_boleh_membuka(client, auth, rencana, siapa):
    auth.login(siapa)
    r = client.get(url(rencana["skp"]["staf"]))
    assert r.status_code == 200 and "Rina Marpaung" in Halaman(r).teks()


@pytest.mark.parametrize("siapa", ["staf_dinkes", "kadinkes"])
def test_orang_lain_ditolak(client, auth, rencana, siapa):
    auth.login(siapa)
    r = client.get(url(rencana["skp"]["staf"]))
    assert r.status_code == 403
    assert "Rina Marpaung" not in teks(r)  # nowhere, not even in an attribute


def test_tak_dikenal_dan_tanpa_masuk(client, auth, rencana):
    r = client.get(url(rencana["skp"]["staf"]))
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    auth.login("staf")
    assert client.get("/skp/99999/cetak").status_code == 404


def test_teks_pengguna_diloloskan(client, auth, org, rencana):
    p, skp = org["pegawai"], rencana["skp"]["staf"]
    with database:
        tambah_rhk(p["staf"], skp, "<script>alert(1)</script>")
        simpan_lampiran(p["staf"], segar(skp), {"konsekuensi": "<b>tebal</b>"}, segar(skp).version)
        simpan_perilaku(p["kasi"], segar(skp), {"loyal": "<img src=x onerror=alert(2)>"})
    auth.login("staf")
    h = Halaman(client.get(url(skp)))
    # Escaped: shown as text, never parsed as markup.
    assert "<script>alert(1)</script>" not in h.html and "<script>alert(1)</script>" in h.teks()
    assert not h.pilih("b") and "<b>tebal</b>" in h.teks()
    assert not h.pilih("img") and "<img src=x onerror=alert(2)>" in h.teks()




def test_jumlah_kueri_tidak_bertambah_dengan_rhk(client, auth, org, rencana):
    p, skp = org["pegawai"], rencana["skp"]["staf"]
    atasan = rencana["rhk"]["kasi"]
    with database:
        tambah_rhk(p["staf"], skp, "RHK kedua", rhk_atasan=atasan)
    auth.login("staf")
    with hitung_kueri() as dua:
        assert client.get(url(skp)).status_code == 200
    with database:
        for n in range(4):
            tambah_rhk(p["staf"], skp, f"RHK lagi {n}", jenis=("utama", "tambahan")[n % 2],
                       rhk_atasan=atasan, iki=2)
    with hitung_kueri() as enam:
        html = Halaman(client.get(url(skp))).teks()
    assert "RHK lagi 3" in html and html.count("Meningkatnya mutu pendidikan dasar (kasi)") == 6
    assert len(enam) == len(dua)


def test_tanggal_id():
    assert tanggal_id(datetime.date(2026, 1, 1)) == "1 Januari 2026"
    assert tanggal_id(datetime.datetime(2026, 8, 17, 10, 0)) == "17 Agustus 2026"
    assert tanggal_id(datetime.date(2026, 12, 31)) == "31 Desember 2026"
    assert tanggal_id(None) == ""
