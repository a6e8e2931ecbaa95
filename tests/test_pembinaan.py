"""Pembinaan kinerja over HTTP: only for a final low predikat, only written by
the penilai, seen by the pegawai (page and fragment), the atasan penilai and
the admin; dates and required fields checked; notes, selesai, history."""
import datetime

import pytest
from flask import render_template
from flask_login import login_user

from kinerja.db import database
from kinerja.models import Periode, Riwayat
from kinerja.penilaian.tindak_lanjut import tindak_lanjut
from kinerja.penilaian.layanan import ambil_evaluasi, baris_rhk, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.models import CatatanPembinaan, Evaluasi, Pembinaan
from kinerja.skp.models import Skp
from tests.conftest import kirim
from tests.halaman import Halaman

RENCANA = {"jenis": "bimbingan", "rencana": "Bimbingan penyusunan laporan tiap dua minggu",
           "pelatihan": "Pelatihan pengolahan data", "target_tanggal": "2027-02-28"}


def final(org, berjalan, nomor=4, hasil="di_bawah", perilaku="sesuai"):
    """The staf's evaluation finalised through the real services (today 2026-11-28)."""
    p = org["pegawai"]
    with database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        ev = ambil_evaluasi(skp, nomor)
        if nomor == 4:  # the running period: the pegawai submits first
            simpan_evaluasi_diri(p["staf"], skp, ev, {f"penilaian_diri_{i}": "sesuai" for i in baris_rhk(ev)},
                                 ev.version, ajukan=True)
            ev = Evaluasi.get_by_id(ev.id)
        simpan_penilaian(p["kasi"], skp, ev, {"rating_hasil": hasil, "rating_perilaku": perilaku},
                         ev.version, finalkan=True)
        return Evaluasi.get_by_id(ev.id)


def url(ev):
    return f"/penilaian/{ev.id}/pembinaan"


def rencana(client, ev, **ubah):
    return kirim(client, url(ev), dict(RENCANA, **ubah), token_from=url(ev))


def jumlah():
    with database:
        return Pembinaan.select().count(), CatatanPembinaan.select().count()


@pytest.fixture
def rendah(org, berjalan):
    """The staf's final annual evaluation: Butuh Perbaikan."""
    return final(org, berjalan)


def test_penilai_mencatat_rencana_dan_pegawai_melihat(client, auth, org, rendah):
    auth.login("kasi")
    html = Halaman(client.get(url(rendah))).teks()
    assert "Susun rencana pembinaan" in html and "Butuh Perbaikan" in html
    r = rencana(client, rendah)
    assert r.status_code == 303 and r.location.endswith(url(rendah))
    with database:
        pb = Pembinaan.get()
        assert (pb.evaluasi_id, pb.jenis, pb.status, pb.pembuat_id) == (rendah.id, "bimbingan", "berjalan",
                                                                       org["pegawai"]["kasi"].id)
        assert pb.target_tanggal == datetime.date(2027, 2, 28) and pb.pelatihan == "Pelatihan pengolahan data"
        riwayat = Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.aksi.startswith("Rencana pembinaan")))
        assert [x.aksi for x in riwayat] == ["Rencana pembinaan Triwulan IV-Akhir dibuat"]
        assert riwayat[0].perubahan["target"] == [None, "28 Februari 2027"]
    for siapa in ("staf", "kabid", "admin_disdik"):
        auth.logout()
        auth.login(siapa)
        r = client.get(url(rendah))
        assert r.status_code == 200, siapa
        html = Halaman(r).teks()
        assert "Bimbingan kinerja" in html and "Bimbingan penyusunan laporan tiap dua minggu" in html
        assert "28 Februari 2027" in html and "Simpan rencana" not in html


# The kadis heads the Dinas Pendidikan: reads its subtree (issue 15, kinerja.lingkup).
@pytest.mark.parametrize("siapa,status", [("staf_dinkes", 403), ("kadinkes", 403), ("kadis", 200),
                                          ("superadmin", 200)])
def test_orang_lain_tidak_melihat(client, auth, org, rendah, siapa, status):
    auth.login(siapa)
    assert client.get(url(rendah)).status_code == status


def test_id_tidak_dikenal_404(client, auth, org):
    auth.login("kasi")
    assert client.get("/penilaian/9999/pembinaan").status_code == 404
    assert kirim(client, "/pembinaan/9999/catatan", {"teks": "x"}).status_code == 404


@pytest.mark.parametrize("siapa", ["staf", "kabid", "admin_disdik", "superadmin"])
def test_hanya_penilai_yang_menulis_rencana(client, auth, org, rendah, siapa):
    auth.login(siapa)
    r = rencana(client, rendah)
    assert r.status_code == 403 and "Hanya pejabat penilai yang menyusun rencana pembinaan." in Halaman(r).teks()
    assert jumlah() == (0, 0)


@pytest.mark.parametrize("hasil,perilaku,predikat", [
    ("sesuai", "sesuai", "Baik"), ("di_atas", "di_atas", "Sangat Baik")])
def test_predikat_yang_tidak_perlu_pembinaan_ditolak(client, auth, org, berjalan, hasil, perilaku, predikat):
    ev = final(org, berjalan, hasil=hasil, perilaku=perilaku)
    auth.login("kasi")
    r = client.get(url(ev))
    assert r.status_code == 422
    assert f"Predikat {predikat} tidak memerlukan pembinaan kinerja" in Halaman(r).teks()
    r = rencana(client, ev)
    assert r.status_code == 422 and f"Predikat {predikat} tidak memerlukan pembinaan kinerja" in Halaman(r).teks()
    assert jumlah() == (0, 0)


@pytest.mark.parametrize("hasil,perilaku", [("sesuai", "di_bawah"), ("di_bawah", "di_bawah")])
def test_kurang_dan_sangat_kurang_juga_dibina(client, auth, org, berjalan, hasil, perilaku):
    ev = final(org, berjalan, hasil=hasil, perilaku=perilaku)
    auth.login("kasi")
    assert rencana(client, ev, jenis="konseling").status_code == 303
    with database:
        assert Pembinaan.get().jenis == "konseling"


def test_penilaian_belum_final_ditolak(client, auth, org, berjalan):
    with database:
        ev = ambil_evaluasi(Skp.get_by_id(berjalan["skp"]["staf"].id), 3)
    auth.login("kasi")
    r = rencana(client, ev)
    assert r.status_code == 422 and "Penilaian ini belum final." in Halaman(r).teks()
    assert client.get(url(ev)).status_code == 422
    assert jumlah() == (0, 0)


def test_pembinaan_penilaian_periodik(client, auth, org, berjalan):
    """A low periodic result may be coached too."""
    ev = final(org, berjalan, nomor=3)
    auth.login("kasi")
    assert rencana(client, ev).status_code == 303
    with database:
        assert Riwayat.select().where(Riwayat.aksi == "Rencana pembinaan Triwulan III dibuat").count() == 1


@pytest.mark.parametrize("ubah,field,pesan", [
    ({"target_tanggal": "2026-13-45"}, "target_tanggal", "Tanggal target tidak valid."),
    ({"target_tanggal": "besok"}, "target_tanggal", "Tanggal target tidak valid."),
    ({"target_tanggal": "2026-11-27"}, "target_tanggal",
     "Tanggal target tidak boleh sebelum tanggal penilaian final (28 November 2026)."),
    ({"target_tanggal": ""}, "target_tanggal", "Tanggal target wajib diisi."),
    ({"rencana": "   "}, "rencana", "Rencana pembinaan wajib diisi."),
    ({"rencana": "x" * 4001}, "rencana", "Rencana pembinaan paling banyak 4000 karakter."),
    ({"jenis": "hukuman"}, "jenis", "Pilih bimbingan kinerja atau konseling kinerja."),
    ({"jenis": ""}, "jenis", "Pilih bimbingan kinerja atau konseling kinerja."),
])
def test_isian_salah_ditolak(client, auth, org, rendah, ubah, field, pesan):
    auth.login("kasi")
    r = rencana(client, rendah, **ubah)
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.pilih(f'.galat-ringkas a[href="#{field}"]')
    assert "Pelatihan pengolahan data" in h.teks()  # what was typed is kept
    assert jumlah() == (0, 0)


def test_tanggal_target_pada_hari_final_diterima(client, auth, org, rendah):
    auth.login("kasi")
    assert rencana(client, rendah, target_tanggal="2026-11-28").status_code == 303


def test_catatan_penilai_dan_pegawai_lalu_selesai(client, auth, org, rendah):
    auth.login("kasi")
    rencana(client, rendah)
    with database:
        pb = Pembinaan.get()
    r = kirim(client, f"/pembinaan/{pb.id}/catatan", {"teks": "Pertemuan pertama: target disepakati."})
    assert r.status_code == 303 and r.location.endswith(f"{url(rendah)}#pembinaan-{pb.id}")
    auth.logout()
    auth.login("staf")
    r = kirim(client, f"/pembinaan/{pb.id}/catatan", {"teks": "Laporan Desember sudah saya kirim."})
    assert r.status_code == 303
    r = kirim(client, f"/pembinaan/{pb.id}/selesai", {"version": 1})
    assert r.status_code == 403
    html = Halaman(client.get(url(rendah))).teks()
    assert "Pertemuan pertama: target disepakati." in html and "Laporan Desember sudah saya kirim." in html
    assert "Budi Santoso" in html and "Rina Marpaung" in html
    auth.logout()
    auth.login("kasi")
    r = kirim(client, f"/pembinaan/{pb.id}/selesai", {"version": 1})
    assert r.status_code == 303
    with database:
        assert Pembinaan.get().status == "selesai"
        assert CatatanPembinaan.select().count() == 2
        aksi = [x.aksi for x in Riwayat.select().where(Riwayat.objek == "skp").order_by(Riwayat.id)]
        assert aksi[-4:] == ["Rencana pembinaan Triwulan IV-Akhir dibuat", "Catatan pembinaan ditambahkan",
                             "Catatan pembinaan ditambahkan", "Pembinaan selesai"]
    # Selesai: read-only.
    r = kirim(client, f"/pembinaan/{pb.id}/catatan", {"teks": "Terlambat"})
    assert r.status_code == 409 and "sudah selesai" in Halaman(r).teks() and "Terlambat" in Halaman(r).teks()
    r = kirim(client, f"/pembinaan/{pb.id}/selesai", {"version": 2})
    assert r.status_code == 409 and "sudah ditandai selesai" in Halaman(r).teks()
    assert jumlah() == (1, 2)


@pytest.mark.parametrize("siapa", ["kabid", "admin_disdik"])
def test_atasan_dan_admin_hanya_membaca_catatan(client, auth, org, rendah, siapa):
    auth.login("kasi")
    rencana(client, rendah)
    auth.logout()
    auth.login(siapa)
    with database:
        pb = Pembinaan.get()
    assert "Simpan catatan" not in Halaman(client.get(url(rendah))).teks()
    assert kirim(client, f"/pembinaan/{pb.id}/catatan", {"teks": "x"}).status_code == 403
    assert kirim(client, f"/pembinaan/{pb.id}/selesai", {"version": 1}).status_code == 403
    assert jumlah() == (1, 0)


def test_catatan_kosong_dan_versi_usang(client, auth, org, rendah):
    auth.login("kasi")
    rencana(client, rendah)
    with database:
        pb = Pembinaan.get()
    r = kirim(client, f"/pembinaan/{pb.id}/catatan", {"teks": "  "})
    assert r.status_code == 422 and "Catatan wajib diisi." in Halaman(r).teks()
    r = kirim(client, f"/pembinaan/{pb.id}/selesai", {"version": 7})
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks()
    with database:
        assert Pembinaan.get().status == "berjalan"
    assert jumlah() == (1, 0)


def test_pembinaan_berlanjut_setelah_periode_ditutup(client, auth, org, rendah):
    """Coaching follows a low result into the next year: closing the periode
    does not stop notes or finishing the plan."""
    auth.login("kasi")
    rencana(client, rendah)
    with database:
        Periode.update(status="ditutup").execute()
        pb = Pembinaan.get()
    r = kirim(client, f"/pembinaan/{pb.id}/catatan", {"teks": "Sudah ikut pelatihan"})
    assert r.status_code == 303
    assert jumlah() == (1, 1)


def test_isian_ditampilkan_aman(client, auth, org, rendah):
    auth.login("kasi")
    rencana(client, rendah, rencana="<script>alert(1)</script>")
    with database:
        pb = Pembinaan.get()
    kirim(client, f"/pembinaan/{pb.id}/catatan", {"teks": "<img src=x onerror=alert(2)>"})
    auth.logout()
    auth.login("staf")
    h = Halaman(client.get(url(rendah)))
    assert "<script>alert(1)</script>" not in h.html and "<script>alert(1)</script>" in h.teks()
    assert not h.pilih("img") and "<img src=x onerror=alert(2)>" in h.teks()


def test_fragmen_untuk_halaman_periode_pegawai(app, client, auth, org, rendah):
    """The fragment shows the plans; before there is one, the result itself
    (penilaian/_hasil.html, tests/test_pembinaan_hasil.py) says coaching is expected."""
    p = org["pegawai"]
    with app.test_request_context("/"), database:
        skp = Skp.get_by_id(rendah.skp_id)
        for orang in ("staf", "kasi"):
            login_user(p[orang])
            assert "Pembinaan kinerja" not in render_template("penilaian/_pembinaan.html", ev=rendah, skp=skp,
                                                              lanjut=tindak_lanjut(rendah))
    auth.login("kasi")
    rencana(client, rendah)
    with app.test_request_context("/"), database:
        login_user(p["staf"])
        ev = Evaluasi.get_by_id(rendah.id)
        html = render_template("penilaian/_pembinaan.html", ev=ev, skp=skp, lanjut=tindak_lanjut(ev))
        h = Halaman(html)
        assert "Bimbingan penyusunan laporan tiap dua minggu" in h.teks() and "28 Februari 2027" in h.teks()
        assert h.tautan("Buka halaman pembinaan").get("href") == f"/penilaian/{rendah.id}/pembinaan"
        # A good result without any plan shows nothing.
        Evaluasi.update(predikat="baik").where(Evaluasi.id == rendah.id).execute()
        Pembinaan.delete().execute()
        ev = Evaluasi.get_by_id(rendah.id)
        assert "Pembinaan kinerja" not in render_template("penilaian/_pembinaan.html", ev=ev, skp=skp,
                                                          lanjut=tindak_lanjut(ev))
