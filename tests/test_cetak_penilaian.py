"""Print view of an evaluation: every part of the official layout, the draft
mark, who may open it before and after final, escaping, and a query count
that does not grow with the RHK."""
import datetime
import re

import pytest

from kinerja.models import Pegawai
from kinerja.penilaian.models import Berkas, Bukti, Evaluasi, Realisasi
from kinerja.rules import BERAKHLAK
from kinerja.skp.models import Iki, Perilaku, Rhk
from tests.conftest import hitung_kueri, kirim, teks
from tests.halaman import Halaman, teks_dari
from tests.test_nilai import ajukan_diri, db, evaluasi, isian_penilaian, masuk


def url(ev):
    return f"/penilaian/{ev.id}/cetak"


def nilai(app, skp, ev, **kw):
    """The penilai (kasi) saves or finalises through the rating page."""
    data = isian_penilaian(app, skp, version=ev.version, **kw)
    r = kirim(masuk(app, "kasi"), f"/penilaian/{ev.id}", data)
    assert r.status_code == 303, teks(r)
    with db(app):
        return Evaluasi.get_by_id(ev.id)


@pytest.fixture
def staf_skp(berjalan):
    return berjalan["skp"]["staf"]


@pytest.fixture
def final_tahunan(app, org, staf_skp):
    """Triwulan IV-Akhir of the staf: realisasi with a file, an ekspektasi, then
    submitted and finalised by the kasi (di atas / sesuai -> Baik)."""
    with db(app):
        iki = Iki.select().join(Rhk).where(Rhk.skp == staf_skp.id).first()
        rel = Realisasi.create(iki=iki, nomor=4, nilai_angka=11, catatan="Satu laporan menyusul")
        berkas = Berkas.create(sha256="b" * 64, ukuran=100, mime="application/pdf")
        Bukti.create(realisasi=rel, berkas=berkas, nama="rekap-desember.pdf", pengunggah=org["pegawai"]["staf"])
        Perilaku.update(ekspektasi="Aktif dalam rapat koordinasi").where(
            (Perilaku.skp == staf_skp.id) & (Perilaku.nilai == "kolaboratif")).execute()
    ev = ajukan_diri(app, staf_skp, 4)
    ev = nilai(app, staf_skp, ev, hasil="di_atas", perilaku="sesuai", umpan="Umpan final", aksi="finalkan")
    with db(app):
        Evaluasi.update(final_pada=datetime.datetime(2026, 11, 25, 10, 0)).where(Evaluasi.id == ev.id).execute()
        return Evaluasi.get_by_id(ev.id)


def rating(h, judul):
    """The rating shown in the row headed `judul` of the print view."""
    return teks_dari(h.baris(judul).cssselect("td")[-1])


def test_semua_bagian_dokumen(app, final_tahunan):
    h = Halaman(masuk(app, "staf").get(url(final_tahunan)))
    html = h.teks()
    assert h.judul() == "EVALUASI KINERJA PEGAWAI"
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in html
    assert "PERIODE: TRIWULAN IV-AKHIR / TAHUNAN" in [teks_dari(el) for el in h.pilih("p.subjudul")]
    # The annual evaluation covers the whole year (issue 13).
    assert "Periode penilaian: 1 Januari 2026 s.d. 31 Desember 2026" in html
    assert "Pemerintah Kota Tanjungbalai" in html
    # Identities of the three people, from the SKP's snapshot.
    for judul in ("PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "ATASAN PEJABAT PENILAI KINERJA"):
        assert judul in html
    sel = {teks_dari(td) for td in h.pilih("td")}
    for nama, nip in (("Rina Marpaung", "19900101 201503 2 006"), ("Budi Santoso", "19850303 201001 1 005"),
                      ("Nurhayati, S.Pd", "19750707 200012 1 004")):
        assert nama in sel and nip in sel
    assert "Kepala Bidang Pembinaan SD" in html
    # Hasil kerja: RHK, IKI, target, realisasi with its bukti, umpan balik, rating.
    assert html.index("A. Utama") < html.index("Meningkatnya mutu pendidikan dasar (staf)") < \
        html.index("B. Tambahan") < html.index("PERILAKU KERJA")
    assert "Jumlah laporan staf" in html and "12 laporan" in html and "11 laporan" in html
    # Only Triwulan IV has a value: the year's sum is 11 of 12 (91,7 %).
    assert h.teks("td.setahun strong") == "Setahun: 11 laporan"
    assert "Setahun: 11 laporan (capaian 91,7 %)" in h.teks("td.setahun")
    assert "Satu laporan menyusul" in html and "Bukti: rekap-desember.pdf" in html
    hasil = h.bagian("judul-hasil")
    assert [td for td in hasil.cssselect('td[rowspan="1"]') if re.fullmatch(r"Umpan final \d+", teks_dari(td))]
    assert rating(h, "RATING HASIL KERJA") == "DI ATAS EKSPEKTASI"
    # Perilaku: the seven values in order with guides, ekspektasi and umpan balik.
    perilaku = h.bagian("judul-perilaku")
    assert [teks_dari(el) for el in perilaku.cssselect("td > strong")][:7] == [v["nama"] for v in BERAKHLAK.values()]
    sel = {teks_dari(td) for td in perilaku.cssselect("td")}
    butir = {teks_dari(li) for li in perilaku.cssselect("li")}
    for k, v in BERAKHLAK.items():
        assert f"Umpan final {k}" in sel
        for panduan in v["panduan"]:
            assert panduan in butir
    assert "Aktif dalam rapat koordinasi" in html
    assert rating(h, "RATING PERILAKU KERJA") == "SESUAI EKSPEKTASI"
    assert "PREDIKAT KINERJA PEGAWAI" in html and h.teks("p.nilai-predikat") == "BAIK"
    # Place, the final date, and three signature blocks.
    assert "Tanjungbalai, 25 November 2026" in html
    ttd = h.pilih("div.ttd")
    assert [teks_dari(div.cssselect("p")[0]) for div in ttd] == [
        "Pegawai yang Dinilai", "Pejabat Penilai Kinerja", "Atasan Pejabat Penilai Kinerja"]
    assert len(h.pilih("div.ruang-ttd")) == 3
    assert "NIP 19750707 200012 1 004" in html
    assert "DRAF" not in html and "Status: penilaian final pada 25 November 2026." in html


def test_periode_biasa_dan_gaya_cetak(app, staf_skp):
    ev = evaluasi(app, staf_skp, 2)
    ev = nilai(app, staf_skp, ev, aksi="finalkan")
    h = Halaman(masuk(app, "staf").get(url(ev)))
    assert "PERIODE: TRIWULAN II" in [teks_dari(el) for el in h.pilih("p.subjudul")]
    assert "TAHUNAN" not in h.teks()
    gaya = [el.get("href") for el in h.pilih('link[rel="stylesheet"]')]
    assert len(gaya) == 2
    assert re.fullmatch(r"/static/css/cetak\.css\?v=\w+", gaya[0])
    assert re.fullmatch(r"/static/css/cetak_penilaian\.css\?v=\w+", gaya[1])
    assert not h.pilih("nav")
    tombol = h.tombol("Cetak", persis=True)
    assert tombol.get("type") == "button" and tombol.get("data-cetak") is not None
    assert [el for el in h.pilih("script[src]") if "js/cetak.js" in el.get("src")]
    assert h.tautan("Kembali ke SKP").get("href") == f"/skp/{staf_skp.id}"
    css = teks(masuk(app, "staf").get("/static/css/cetak_penilaian.css"))
    assert "@media print" in css


def test_draf_untuk_penilai_ditandai(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    ev = nilai(app, staf_skp, ev, hasil="di_bawah", perilaku="sesuai", umpan="Catatan draf", aksi="simpan")
    r = masuk(app, "kasi").get(url(ev))
    assert r.status_code == 200
    h = Halaman(r)
    html = h.teks()
    assert "DRAF – belum final" in h.teks(".status.draf") and "belum boleh ditandatangani" in html
    assert h.teks("p.nilai-predikat") == "BELUM DITETAPKAN (penilaian belum final)"
    assert rating(h, "RATING HASIL KERJA") == "DI BAWAH EKSPEKTASI" and "Catatan draf" in html
    assert "Tanjungbalai, 28 November 2026" in html  # today for a draft
    assert h.tautan("Kembali ke penilaian").get("href") == f"/penilaian/{ev.id}"


# The kadis heads the Dinas Pendidikan: reads its subtree (issue 15, kinerja.lingkup).
@pytest.mark.parametrize("siapa", ["staf", "kasi", "kabid", "admin_disdik", "superadmin", "kadis"])
def test_setelah_final_boleh_dibuka(app, final_tahunan, siapa):
    r = masuk(app, siapa).get(url(final_tahunan))
    assert r.status_code == 200 and Halaman(r).teks("p.nilai-predikat") == "BAIK"


@pytest.mark.parametrize("siapa", ["staf_dinkes", "kadinkes"])
def test_orang_lain_ditolak(app, final_tahunan, siapa):
    r = masuk(app, siapa).get(url(final_tahunan))
    assert r.status_code == 403
    assert "Rina Marpaung" not in teks(r) and "BAIK" not in teks(r)


@pytest.mark.parametrize("siapa", ["staf", "kabid", "admin_disdik", "superadmin"])
def test_sebelum_final_hanya_penilai(app, staf_skp, siapa):
    ev = ajukan_diri(app, staf_skp, 4)
    ev = nilai(app, staf_skp, ev, umpan="Rahasia penilai", aksi="simpan")
    r = masuk(app, siapa).get(url(ev))
    assert r.status_code == 403
    assert "Dokumen evaluasi bisa dibuka setelah pejabat penilai memfinalkan penilaian." in Halaman(r).teks()
    assert "Rahasia penilai" not in teks(r)  # nowhere, not even in an attribute


def test_tidak_dikenal_dan_tanpa_login(app, client, final_tahunan):
    r = client.get(url(final_tahunan))
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert masuk(app, "kasi").get("/penilaian/99999/cetak").status_code == 404


def test_teks_pengguna_di_escape(app, org, staf_skp):
    with db(app):
        Rhk.update(uraian="<script>alert(1)</script>").where(Rhk.skp == staf_skp.id).execute()
        Pegawai.update(nama="<i>Nurhayati</i>").where(Pegawai.id == org["pegawai"]["kabid"].id).execute()
        Perilaku.update(ekspektasi="<img src=x onerror=alert(2)>").where(Perilaku.skp == staf_skp.id).execute()
    ev = evaluasi(app, staf_skp, 1)
    ev = nilai(app, staf_skp, ev, umpan="<b>tebal</b>", aksi="finalkan")
    h = Halaman(masuk(app, "staf").get(url(ev)))
    # Escaped: shown as text, never parsed as markup.
    assert "<script>alert(1)</script>" not in h.html and "<script>alert(1)</script>" in h.teks()
    assert not h.pilih("i") and "<i>Nurhayati</i>" in h.teks()
    assert not h.pilih("img") and "<img src=x onerror=alert(2)>" in h.teks()
    assert not h.pilih("b") and "<b>tebal</b>" in h.teks()


def test_kueri_tidak_bertambah_dengan_rhk(app, org, staf_skp):
    def tambah_rhk(n):
        with db(app):
            for k in range(n):
                r = Rhk.create(skp=staf_skp.id, jenis=("utama", "tambahan")[k % 2], uraian=f"RHK cetak {k}",
                               urutan=10 + k)
                for j in range(2):
                    iki = Iki.create(rhk=r, aspek="waktu", indikator=f"Tepat waktu {k}.{j}", target_min=12,
                                     satuan="bulan")
                    rel = Realisasi.create(iki=iki, nomor=1, nilai_angka=12)
                    Bukti.create(realisasi=rel, nama=f"berkas-{k}-{j}", tautan="https://contoh.go.id",
                                 pengunggah=org["pegawai"]["staf"])
    tambah_rhk(1)
    ev = evaluasi(app, staf_skp, 1)
    ev = nilai(app, staf_skp, ev, aksi="simpan")
    c = masuk(app, "kasi")
    with hitung_kueri() as dua:
        assert c.get(url(ev)).status_code == 200
    tambah_rhk(4)
    evaluasi(app, staf_skp, 1)
    with hitung_kueri() as enam:
        h = Halaman(c.get(url(ev)))
    assert "berkas-3-1" in h.teks()
    assert "RHK cetak 3" in [teks_dari(td) for td in h.pilih('td[rowspan="2"]')]
    assert len(enam) == len(dua)
