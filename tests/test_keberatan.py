"""Keberatan over HTTP: filed by the pegawai within 14 days of a final annual
result (late, periodic, not final, not the owner, no atasan penilai refused),
once; decided only by the atasan pejabat penilai; a changed result derives
the predikat from the new ratings and updates the evaluation; the decision
is final; history, the waiting list, the period-page fragment, escaping."""
import datetime
import re

import pytest
from flask import render_template
from flask_login import login_user

from kinerja.db import database
from kinerja.models import Periode, Riwayat
from kinerja.penilaian.tindak_lanjut import tindak_lanjut
from kinerja.penilaian.keberatan import kueri_menunggu
from kinerja.penilaian.layanan import ambil_evaluasi, baris_rhk, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.models import Evaluasi, Keberatan, PredikatUnit
from kinerja.skp.models import Skp
from tests.conftest import kirim
from tests.halaman import Halaman, teks_dari
from tests.test_distribusi import sel

ALASAN = "Laporan triwulan IV sudah saya kirim tepat waktu; buktinya terlampir di realisasi."


def final(org, berjalan, nomor=4, hasil="di_bawah", perilaku="sesuai"):
    """The staf's evaluation finalised through the real services (today 2026-11-28)."""
    p = org["pegawai"]
    with database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        ev = ambil_evaluasi(skp, nomor)
        if nomor == 4:
            simpan_evaluasi_diri(p["staf"], skp, ev, {f"penilaian_diri_{i}": "di_atas" for i in baris_rhk(ev)}
                                 | {f"uraian_diri_{i}": "Semua laporan selesai" for i in baris_rhk(ev)},
                                 ev.version, ajukan=True)
            ev = Evaluasi.get_by_id(ev.id)
        data = {"rating_hasil": hasil, "rating_perilaku": perilaku}
        data.update({f"umpan_balik_{i}": "Laporan sering terlambat" for i in baris_rhk(ev)})
        simpan_penilaian(p["kasi"], skp, ev, data, ev.version, finalkan=True)
        return Evaluasi.get_by_id(ev.id)


@pytest.fixture
def akhir(org, berjalan):
    """The staf's final annual result (Butuh Perbaikan), finalised today."""
    return final(org, berjalan)


def url(ev):
    return f"/penilaian/{ev.id}/keberatan"


def ajukan(client, ev, alasan=ALASAN):
    return kirim(client, url(ev), {"alasan": alasan}, token_from="/")


def segar(model, obj):
    with database:
        return model.get_by_id(obj.id)


def mundur(ev, hari):
    """The result was finalised `hari` days before today (2026-11-28)."""
    with database:
        Evaluasi.update(final_pada=datetime.datetime(2026, 11, 28, 10, 0) - datetime.timedelta(days=hari)) \
            .where(Evaluasi.id == ev.id).execute()


def keberatan_diajukan(client, auth, ev):
    auth.login("staf")
    assert ajukan(client, ev).status_code == 303
    auth.logout()
    with database:
        return Keberatan.get()


def putus(client, kb, **data):
    """The decision form as sent, with the box "Saya sudah membaca tanggapan dan bukti" ticked."""
    data.setdefault("version", segar(Keberatan, kb).version)
    data.setdefault("yakin", "y")
    return kirim(client, f"/keberatan/{kb.id}", data, token_from="/")


def jumlah_riwayat(awalan):
    with database:
        return Riwayat.select().where((Riwayat.objek == "skp") & Riwayat.aksi.startswith(awalan)).count()


# ---------------------------------------------------------------- filing

def test_dalam_14_hari_diterima(client, auth, org, akhir):
    auth.login("staf")
    h = Halaman(client.get(url(akhir)))
    assert h.definisi("Batas pengajuan keberatan").startswith("12 Desember 2026")
    h.tombol("Ajukan keberatan")
    assert "Nurhayati, S.Pd" in h.teks()  # who decides
    r = ajukan(client, akhir)
    assert r.status_code == 303 and r.location.endswith(url(akhir))
    with database:
        kb = Keberatan.get()
        assert (kb.evaluasi_id, kb.status, kb.alasan, kb.predikat_lama) == (akhir.id, "diajukan", ALASAN,
                                                                            "butuh_perbaikan")
        riwayat = Riwayat.get(Riwayat.aksi == "Keberatan atas penilaian akhir diajukan")
        assert riwayat.aktor_id == org["pegawai"]["staf"].id and riwayat.alasan == ALASAN
    h = Halaman(client.get(url(akhir)))
    assert "Menunggu keputusan" in h.teks() and ALASAN in h.teks() and not h.ada_tombol("Ajukan keberatan")


def test_hari_ke_14_masih_diterima(client, auth, org, akhir):
    mundur(akhir, 14)
    auth.login("staf")
    assert ajukan(client, akhir).status_code == 303


def test_terlambat_ditolak_dengan_tanggal(client, auth, org, akhir):
    mundur(akhir, 20)
    pesan = ("Keberatan tidak bisa diajukan lagi: hasil akhir ditetapkan 8 November 2026, batas pengajuan "
             "14 hari sampai 22 November 2026, hari ini 28 November 2026.")
    auth.login("staf")
    r = client.get(url(akhir))
    h = Halaman(r)
    assert r.status_code == 422 and pesan in h.teks() and not h.ada_tombol("Ajukan keberatan")
    r = ajukan(client, akhir)
    assert r.status_code == 422 and pesan in Halaman(r).teks()
    with database:
        assert Keberatan.select().count() == 0
    assert jumlah_riwayat("Keberatan") == 0


def test_satu_kali_per_penilaian(client, auth, org, akhir):
    auth.login("staf")
    assert ajukan(client, akhir).status_code == 303
    r = ajukan(client, akhir, alasan="Alasan kedua")
    assert r.status_code == 409 and "setiap penilaian hanya bisa diajukan keberatan satu kali" in Halaman(r).teks()
    with database:
        assert Keberatan.select().count() == 1 and Keberatan.get().alasan == ALASAN


def test_penilaian_periodik_ditolak(client, auth, org, berjalan):
    ev = final(org, berjalan, nomor=3)
    auth.login("staf")
    r = ajukan(client, ev)
    assert r.status_code == 422 and "hanya bisa diajukan atas penilaian akhir tahunan" in Halaman(r).teks()
    assert client.get(url(ev)).status_code == 422
    with database:
        assert Keberatan.select().count() == 0


def test_penilaian_belum_final_ditolak(client, auth, org, berjalan):
    with database:
        ev = ambil_evaluasi(Skp.get_by_id(berjalan["skp"]["staf"].id), 4)
    auth.login("staf")
    r = ajukan(client, ev)
    assert r.status_code == 422 and "Penilaian akhir tahunan belum final." in Halaman(r).teks()
    with database:
        assert Keberatan.select().count() == 0


@pytest.mark.parametrize("siapa,status", [("kasi", 403), ("kabid", 403), ("admin_disdik", 403),
                                          ("staf_dinkes", 403)])
def test_bukan_pemilik_ditolak(client, auth, org, akhir, siapa, status):
    auth.login(siapa)
    assert ajukan(client, akhir).status_code == status
    with database:
        assert Keberatan.select().count() == 0


def test_tanpa_atasan_penilai_ditolak_dengan_petunjuk(client, auth, org, akhir):
    with database:
        Skp.update(atasan_penilai=None, atasan_penilai_jabatan="").where(Skp.id == akhir.skp_id).execute()
    auth.login("staf")
    r = ajukan(client, akhir)
    assert r.status_code == 422
    html = Halaman(r).teks()
    assert "tidak mencatat atasan pejabat penilai" in html
    assert "Hubungi admin kepegawaian unit Anda" in html and "batas pengajuan keberatan 12 Desember 2026" in html
    with database:
        assert Keberatan.select().count() == 0


@pytest.mark.parametrize("alasan,pesan", [("", "Alasan keberatan wajib diisi."),
                                          ("   ", "Alasan keberatan wajib diisi."),
                                          ("x" * 4001, "Alasan keberatan paling banyak 4000 karakter")])
def test_alasan_wajib_dan_terbatas(client, auth, org, akhir, alasan, pesan):
    auth.login("staf")
    r = ajukan(client, akhir, alasan)
    h = Halaman(r)
    assert r.status_code == 422 and pesan in h.teks_galat() and h.pilih('.galat-ringkas a[href="#alasan"]')
    if alasan.strip():
        assert h.isian("alasan").value == alasan  # kept
    with database:
        assert Keberatan.select().count() == 0


def test_menutup_periode_tidak_menghapus_hak_keberatan(client, auth, org, akhir):
    """Closing the year within the 14 days takes nobody's right away: the
    window itself bounds the objection, and its decision follows."""
    with database:
        Periode.update(status="ditutup").execute()
    auth.login("staf")
    r = ajukan(client, akhir)
    assert r.status_code == 303
    with database:
        assert Keberatan.select().count() == 1


# ---------------------------------------------------------------- deciding

@pytest.mark.parametrize("siapa", ["kasi", "admin_disdik", "superadmin", "staf", "kadis", "kadinkes"])
def test_diputus_orang_yang_salah_ditolak(client, auth, org, akhir, siapa):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login(siapa)
    assert client.get(f"/keberatan/{kb.id}").status_code == 403
    r = putus(client, kb, keputusan="diubah", rating_hasil="di_atas", rating_perilaku="di_atas",
              alasan_keputusan="Saya ubah")
    assert r.status_code == 403
    assert "Hanya atasan pejabat penilai pada SKP ini yang memutus keberatan." in Halaman(r).teks()
    with database:
        assert Keberatan.get().status == "diajukan" and Evaluasi.get_by_id(akhir.id).predikat == "butuh_perbaikan"
    assert jumlah_riwayat("Keberatan diputus") == 0


def test_atasan_melihat_evaluasi_lengkap(client, auth, org, akhir):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    html = Halaman(client.get(f"/keberatan/{kb.id}")).teks()
    for bagian in ("Rina Marpaung", "Budi Santoso", ALASAN, "Butuh Perbaikan", "Di Bawah Ekspektasi",
                   "Semua laporan selesai", "Laporan sering terlambat", "Berorientasi Pelayanan",
                   "Simpan keputusan (final)", "Tabel predikat dari kedua rating"):
        assert bagian in html, bagian
    assert client.get("/keberatan/9999").status_code == 404


def test_hasil_diubah_predikat_diturunkan_dari_rating_baru(client, auth, org, akhir):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    # A typed predikat is ignored: only the two ratings count.
    r = putus(client, kb, keputusan="diubah", rating_hasil="sesuai", rating_perilaku="di_atas",
              predikat="sangat_baik", alasan_keputusan="Bukti laporan tepat waktu lengkap.")
    assert r.status_code == 303 and r.location.endswith(f"/keberatan/{kb.id}")
    with database:
        ev = Evaluasi.get_by_id(akhir.id)
        assert (ev.rating_hasil, ev.rating_perilaku, ev.predikat) == ("sesuai", "di_atas", "baik")
        assert ev.version == akhir.version + 1 and ev.status == "dinilai"
        kb = Keberatan.get()
        assert (kb.status, kb.keputusan, kb.pemutus_id) == ("diputuskan", "diubah", org["pegawai"]["kabid"].id)
        assert (kb.rating_hasil_lama, kb.rating_perilaku_lama, kb.predikat_lama) == ("di_bawah", "sesuai",
                                                                                      "butuh_perbaikan")
        assert (kb.rating_hasil_baru, kb.rating_perilaku_baru, kb.predikat_baru) == ("sesuai", "di_atas", "baik")
        riwayat = Riwayat.get(Riwayat.aksi == "Keberatan diputus: hasil diubah")
        assert riwayat.perubahan["predikat"] == ["Butuh Perbaikan", "Baik"]
        assert riwayat.alasan == "Bukti laporan tepat waktu lengkap."
    h = Halaman(client.get(f"/keberatan/{kb.id}"))
    assert "Keputusan atasan pejabat penilai: Hasil diubah" in h.teks() and not h.ada_tombol("Simpan keputusan")
    # The pegawai sees the decision.
    auth.logout()
    auth.login("staf")
    h = Halaman(client.get(url(akhir)))
    assert "Hasil diubah" in h.teks()
    assert teks_dari(h.baris("Predikat").cssselect("td strong")[0]) == "Baik"
    assert "Bukti laporan tepat waktu lengkap." in h.teks()
    # The result box and the printed evaluation say who changed it, and from what.
    skp_id = akhir.skp_id
    html = Halaman(client.get(f"/skp/{skp_id}/kinerja/{akhir.nomor}")).teks()
    assert "diubah melalui keputusan keberatan oleh Nurhayati, S.Pd" in html and "semula Butuh Perbaikan" in html
    cetak = Halaman(client.get(f"/penilaian/{akhir.id}/cetak")).teks()
    assert "Diubah melalui keputusan keberatan oleh Nurhayati, S.Pd" in cetak


def test_keputusan_dipakai_distribusi(client, auth, org, akhir):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    putus(client, kb, keputusan="diubah", rating_hasil="di_atas", rating_perilaku="di_atas",
          alasan_keputusan="Capaian di atas target.")
    h = Halaman(client.get(f"/unit/{org['unit']['bidang_sd'].id}/kinerja"))
    assert sel(h, "Sangat Baik")[0] == 1 and sel(h, "Butuh Perbaikan")[0] == 0


def test_hasil_tetap(client, auth, org, akhir):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    r = putus(client, kb, keputusan="tetap", rating_hasil="di_atas", rating_perilaku="di_atas",
              alasan_keputusan="Umpan balik penilai sesuai bukti.")
    assert r.status_code == 303
    with database:
        ev = Evaluasi.get_by_id(akhir.id)
        assert (ev.predikat, ev.version) == ("butuh_perbaikan", akhir.version)
        kb = Keberatan.get()
        assert (kb.keputusan, kb.predikat_baru, kb.rating_hasil_baru) == ("tetap", "butuh_perbaikan", "di_bawah")
    assert jumlah_riwayat("Keberatan diputus: hasil tetap") == 1


def test_keputusan_kedua_ditolak(client, auth, org, akhir):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    putus(client, kb, keputusan="tetap", alasan_keputusan="Tetap.")
    r = putus(client, kb, keputusan="diubah", rating_hasil="di_atas", rating_perilaku="di_atas",
              alasan_keputusan="Berubah pikiran.")
    assert r.status_code == 409
    assert "sudah diputus pada 28 November 2026; keputusan atasan pejabat penilai bersifat final" in Halaman(r).teks()
    with database:
        assert Keberatan.get().keputusan == "tetap" and Evaluasi.get_by_id(akhir.id).predikat == "butuh_perbaikan"
    assert jumlah_riwayat("Keberatan diputus") == 1


@pytest.mark.parametrize("data,field,pesan", [
    ({"alasan_keputusan": "Alasan"}, "keputusan", "Pilih hasil tetap atau hasil diubah."),
    ({"keputusan": "batal", "alasan_keputusan": "Alasan"}, "keputusan", "Pilih hasil tetap atau hasil diubah."),
    ({"keputusan": "tetap", "alasan_keputusan": "  "}, "alasan_keputusan", "Alasan keputusan wajib diisi."),
    ({"keputusan": "diubah", "rating_perilaku": "sesuai", "alasan_keputusan": "Alasan"}, "rating_hasil",
     "Pilih rating baru: di atas, sesuai, atau di bawah ekspektasi."),
    ({"keputusan": "diubah", "rating_hasil": "sesuai", "rating_perilaku": "luar_biasa",
      "alasan_keputusan": "Alasan"}, "rating_perilaku", "Pilih rating baru"),
    ({"keputusan": "diubah", "rating_hasil": "di_bawah", "rating_perilaku": "sesuai",
      "alasan_keputusan": "Alasan"},
     "rating_hasil", "Rating baru sama dengan hasil semula."),
])
def test_isian_keputusan_salah_ditolak(client, auth, org, akhir, data, field, pesan):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    r = putus(client, kb, **data)
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.pilih(f'.galat-ringkas a[href="#{field}"]')
    with database:
        assert Keberatan.get().status == "diajukan" and Evaluasi.get_by_id(akhir.id).predikat == "butuh_perbaikan"


def test_versi_usang_409(client, auth, org, akhir):
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    r = putus(client, kb, keputusan="tetap", alasan_keputusan="Tetap.", version=5)
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks()
    with database:
        assert Keberatan.get().status == "diajukan"


# ---------------------------------------------------------------- lists, fragment, escaping

def test_daftar_menunggu_untuk_atasan_penilai(client, auth, org, akhir):
    kb = keberatan_diajukan(client, auth, akhir)
    with database:
        assert kueri_menunggu(org["pegawai"]["kabid"]).count() == 1
        assert kueri_menunggu(org["pegawai"]["kasi"]).count() == 0 and kueri_menunggu(org["pegawai"]["kadis"]).count() == 0
    auth.login("kabid")
    h = Halaman(client.get("/keberatan"))
    assert "Menunggu keputusan Anda (1)" in h.teks() and h.tautan_ke(f"/keberatan/{kb.id}")
    putus(client, kb, keputusan="tetap", alasan_keputusan="Tetap.")
    html = Halaman(client.get("/keberatan")).teks()
    assert "Menunggu keputusan Anda (0)" in html and "Sudah diputus" in html
    with database:
        assert kueri_menunggu(org["pegawai"]["kabid"]).count() == 0
    auth.logout()
    auth.login("kasi")
    assert "Menunggu keputusan Anda (0)" in Halaman(client.get("/keberatan")).teks()


def test_pihak_skp_melihat_keberatan(client, auth, org, akhir):
    keberatan_diajukan(client, auth, akhir)
    for siapa in ("kasi", "admin_disdik", "kabid"):
        auth.login(siapa)
        r = client.get(url(akhir))
        assert r.status_code == 200 and ALASAN in Halaman(r).teks(), siapa
        auth.logout()
    auth.login("staf_dinkes")
    assert client.get(url(akhir)).status_code == 403
    assert client.get("/penilaian/9999/keberatan").status_code == 404


def test_fragmen_halaman_periode(app, client, auth, org, akhir):
    staf = org["pegawai"]["staf"]
    with app.test_request_context("/"), database:
        skp = Skp.get_by_id(akhir.skp_id)
        login_user(staf)
        html = render_template("penilaian/_keberatan.html", ev=akhir, skp=skp, lanjut=tindak_lanjut(akhir))
        h = Halaman(html)
        assert "Batas pengajuan keberatan: 12 Desember 2026 pukul 23.59 WIB" in h.teks()
        assert "12 Desember 2026 pukul 23.59 WIB" in [teks_dari(el) for el in h.pilih("strong")]
        assert h.tautan_ke(f"/penilaian/{akhir.id}/keberatan")
    mundur(akhir, 20)
    with app.test_request_context("/"), database:
        login_user(staf)
        ev = Evaluasi.get_by_id(akhir.id)
        html = render_template("penilaian/_keberatan.html", ev=ev, skp=skp, lanjut=tindak_lanjut(ev))
        assert "22 November 2026 (sudah lewat)" in html and "/keberatan\"" not in html
    mundur(akhir, 0)
    keberatan_diajukan(client, auth, akhir)
    with app.test_request_context("/"), database:
        login_user(staf)
        html = render_template("penilaian/_keberatan.html", ev=akhir, skp=skp, lanjut=tindak_lanjut(akhir))
        assert ALASAN in html and "Menunggu keputusan" in html
        # A periodic evaluation has no objection part.
        ev3 = ambil_evaluasi(skp, 3)
        assert "Keberatan" not in render_template("penilaian/_keberatan.html", ev=ev3, skp=skp,
                                                      lanjut=tindak_lanjut(ev3))


def test_isian_ditampilkan_aman(client, auth, org, akhir):
    auth.login("staf")
    ajukan(client, akhir, "<script>alert(1)</script>")
    auth.logout()
    with database:
        kb = Keberatan.get()
    auth.login("kabid")
    h = Halaman(client.get(f"/keberatan/{kb.id}"))
    assert "<script>alert(1)</script>" not in h.html and "<script>alert(1)</script>" in h.teks()
    putus(client, kb, keputusan="tetap", alasan_keputusan="<b>tetap</b>")
    auth.logout()
    auth.login("staf")
    h = Halaman(client.get(url(akhir)))
    assert not h.pilih("b") and "<b>tetap</b>" in h.teks()


def test_tidak_ada_predikat_unit_yang_tersentuh(client, auth, org, akhir):
    """Deciding an objection changes the evaluation only, never the unit's predikat."""
    kb = keberatan_diajukan(client, auth, akhir)
    auth.login("kabid")
    putus(client, kb, keputusan="diubah", rating_hasil="sesuai", rating_perilaku="sesuai", alasan_keputusan="x")
    with database:
        assert PredikatUnit.select().count() == 0


def test_tugas_saya_memberi_tahu_hasil_dan_batas_keberatan(client, auth, org, akhir):
    """The pegawai learns the annual result and the deadline without hunting
    for it; once filed (or late) it is no longer listed."""
    auth.login("staf")
    html = Halaman(client.get("/tugas")).teks()
    assert "Predikat tahunan 2026: Butuh Perbaikan" in html
    assert "Batas pengajuan keberatan 12 Desember 2026" in html
    assert "Tidak ada tugas yang menunggu Anda saat ini." in html or re.search(r"\d+ tugas menunggu", html)
    mundur(akhir, 15)
    assert "Predikat tahunan 2026" not in Halaman(client.get("/tugas")).teks()
