"""The penilai's rating: who may rate whom, when, hidden-until-submitted both
ways, the derived predikat, phrases, the review queue, conflicts, double
submits, escaping and constant queries.

Today is 2026-11-28 (conftest): Triwulan I-III are over, IV-Akhir is running.
"""
import datetime
import json
import uuid
from contextlib import contextmanager

import pytest
from werkzeug.security import generate_password_hash

from kinerja.db import database
from kinerja.models import Pegawai, Riwayat
from kinerja.penilaian.layanan import ambil_evaluasi, simpan_evaluasi_diri
from kinerja.penilaian.models import Berkas, Bukti, Evaluasi, EvaluasiPerilaku, EvaluasiRhk, Realisasi
from kinerja.rules import BERAKHLAK
from kinerja.skp.layanan import buat_skp, ubah_status
from kinerja.skp.models import Iki, Rhk, Skp
from kinerja.skp.rencana import simpan_iki, simpan_rhk
from tests.conftest import Auth, HASH_METHOD, SANDI, kirim
from tests.halaman import Halaman, teks_dari


# ---------------------------------------------------------------- helpers

@contextmanager
def db(app):
    """Work on the database outside a request, on the app's clock."""
    with app.app_context(), database:
        yield




def masuk(app, siapa):
    """A new browser signed in as `siapa`."""
    c = app.test_client()
    Auth(c).login(siapa)
    return c


def isi(h):
    """The visible text of the page's main content (the header names the
    signed-in person)."""
    return h.teks("main")


def segar(skp):
    return Skp.get_by_id(skp.id)


def evaluasi(app, skp, nomor):
    """The SKP's evaluation of a period, created as the pegawai's page would."""
    with db(app):
        return ambil_evaluasi(segar(skp), nomor)


def ajukan_diri(app, skp, nomor, pilihan="sesuai", uraian="Sudah dikerjakan", ajukan=True):
    """The pegawai fills (and submits) the self-evaluation of a period."""
    with db(app):
        s = segar(skp)
        ev = ambil_evaluasi(s, nomor)
        data = {}
        for rhk_id in [b.rhk_id for b in EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == ev.id)]:
            data.update({f"penilaian_diri_{rhk_id}": pilihan, f"uraian_diri_{rhk_id}": uraian,
                         f"kendala_{rhk_id}": "Jaringan lambat"})
        simpan_evaluasi_diri(s.pegawai, s, ev, data, ev.version, ajukan=ajukan)
        return Evaluasi.get_by_id(ev.id)


def isian_penilaian(app, skp, hasil="sesuai", perilaku="sesuai", umpan="Bagus", **extra):
    """A complete rating form for the SKP's RHK and the seven values."""
    with db(app):
        rhk = [r.id for r in Rhk.select().where(Rhk.skp == skp.id)]
    data = {"rating_hasil": hasil, "rating_perilaku": perilaku}
    data.update({f"umpan_balik_{i}": f"{umpan} {i}" for i in rhk})
    data.update({f"perilaku_{k}": f"{umpan} {k}" for k in BERAKHLAK})
    # Triwulan IV-Akhir is final here while I-III are unrated: the penilai confirms
    # it (the confirmation itself: tests/test_hal_kecil.py).
    data["final_periode_belum_dinilai"] = "1"
    data.update(extra)
    return data


_urut = iter(range(1, 1000))


def bawahan(org, atasan, nama):
    """A new pelaksana under `atasan` who can sign in with its NIP."""
    return Pegawai.create(nip=f"199601012021012{next(_urut):03d}", nama=nama, jabatan=f"Jabatan {nama}",
                          jenis_jabatan="pelaksana", unit=org["unit"]["bidang_sd"], atasan=atasan,
                          password_hash=generate_password_hash(SANDI, method=HASH_METHOD),
                          wajib_ganti_sandi=False)


def skp_disetujui(pegawai, periode, induk):
    """The pegawai's approved SKP with one RHK intervening `induk`."""
    skp = buat_skp(pegawai, periode, "kuantitatif")
    r = simpan_rhk(pegawai, skp, {"jenis": "utama", "uraian": f"Laporan {pegawai.nama}", "rhk_atasan": induk.id})
    simpan_iki(pegawai, skp, r, {"aspek": "kuantitas", "indikator": "Jumlah laporan", "target_min": "4",
                                 "satuan": "laporan"})
    ubah_status(pegawai, segar(skp), "ajukan", "", segar(skp).version)
    ubah_status(pegawai.atasan, segar(skp), "setujui", "", segar(skp).version)
    return segar(skp)


@pytest.fixture
def staf_skp(berjalan):
    return berjalan["skp"]["staf"]


# ---------------------------------------------------------------- who may rate whom

@pytest.mark.parametrize("siapa", ["staf", "kabid", "kadis", "admin_disdik", "superadmin", "staf_dinkes"])
def test_hanya_pejabat_penilai_skp_yang_menilai(app, org, staf_skp, siapa):
    ev = evaluasi(app, staf_skp, 1)
    c = masuk(app, siapa)
    for url in (f"/penilaian/{ev.id}", f"/penilaian/skp/{staf_skp.id}/1"):
        r = c.get(url)
        assert r.status_code == 403, url
        h = Halaman(r)
        assert "Hanya pejabat penilai SKP ini yang bisa menilai." in h.teks()
        assert not h.ada_isian("rating_hasil")
    r = kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version))
    assert r.status_code == 403
    with db(app):
        ev2 = Evaluasi.get_by_id(ev.id)
        assert ev2.status == "terbuka" and ev2.rating_hasil is None and ev2.version == ev.version


def test_penilai_skp_boleh_menilai(app, org, staf_skp):
    ev = evaluasi(app, staf_skp, 1)
    r = masuk(app, "kasi").get(f"/penilaian/{ev.id}")
    assert r.status_code == 200
    h = Halaman(r)
    assert h.judul() == "Penilaian Triwulan I 2026" and "Rina Marpaung" in h.definisi("Pegawai")
    assert h.ada_isian("rating_hasil") and h.ada_isian("rating_perilaku")


def test_tidak_ada_yang_menilai_dirinya_sendiri(app, org, staf_skp):
    with db(app):
        Skp.update(penilai=org["pegawai"]["staf"]).where(Skp.id == staf_skp.id).execute()
    ev = evaluasi(app, staf_skp, 1)
    c = masuk(app, "staf")
    assert c.get(f"/penilaian/{ev.id}").status_code == 403
    r = kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version))
    assert r.status_code == 403
    with db(app):
        assert Evaluasi.get_by_id(ev.id).status == "terbuka"


def test_id_tidak_dikenal_dan_tanpa_login(app, client, staf_skp):
    r = client.get(f"/penilaian/skp/{staf_skp.id}/1")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    c = masuk(app, "kasi")
    assert c.get("/penilaian/99999").status_code == 404
    assert c.get("/penilaian/skp/99999/1").status_code == 404
    r = c.get(f"/penilaian/skp/{staf_skp.id}/9")
    assert r.status_code == 404 and "Periode evaluasi ini tidak ada" in Halaman(r).teks()


# ---------------------------------------------------------------- when

def test_ditolak_sebelum_evaluasi_diri_diajukan_saat_periode_berjalan(app, staf_skp):
    c = masuk(app, "kasi")
    url = f"/penilaian/skp/{staf_skp.id}/4"
    r = c.get(url)
    assert r.status_code == 200
    h = Halaman(r)
    assert "Pegawai belum mengajukan evaluasi diri, dan periode evaluasi ini belum berakhir." in isi(h)
    assert not h.pilih("main textarea") and not h.pilih("main input[type=radio]")
    assert not h.pilih("#form-nilai") and not h.ada_tombol("Finalkan penilaian")
    r = kirim(c, url, isian_penilaian(app, staf_skp, aksi="simpan", version="0"))
    assert r.status_code == 422
    assert "Pegawai belum mengajukan evaluasi diri" in isi(Halaman(r))
    with db(app):  # nothing written, not even the evaluation row
        assert Evaluasi.select().count() == 0
        assert not Riwayat.select().where(Riwayat.aksi.startswith("Penilaian")).exists()


def test_boleh_untuk_periode_usai_tanpa_evaluasi_diri(app, staf_skp):
    c = masuk(app, "kasi")
    url = f"/penilaian/skp/{staf_skp.id}/2"
    r = c.get(url)
    assert r.status_code == 200
    h = Halaman(r)
    assert "Pegawai belum mengajukan evaluasi diri. Periode ini sudah berakhir, jadi Anda tetap bisa menilai." \
        in isi(h)
    assert h.satu("#form-nilai").get("action") == url and h.isian("version").value == "0"
    with db(app):
        assert Evaluasi.select().count() == 0  # a GET never writes
    r = kirim(c, url, isian_penilaian(app, staf_skp, hasil="di_atas", perilaku="sesuai", aksi="simpan",
                                      version="0"))
    assert r.status_code == 303
    with db(app):
        ev = Evaluasi.get((Evaluasi.skp == staf_skp.id) & (Evaluasi.nomor == 2))
        assert r.headers["Location"].endswith(f"/penilaian/{ev.id}")
        assert (ev.status, ev.rating_hasil, ev.rating_perilaku, ev.predikat) == ("terbuka", "di_atas", "sesuai", None)
        umpan = [b.umpan_balik for b in EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == ev.id)]
        assert len(umpan) == 1 and umpan[0].startswith("Bagus ")
        assert EvaluasiPerilaku.select().where(EvaluasiPerilaku.evaluasi == ev.id).count() == 7
        assert Riwayat.get(Riwayat.aksi == "Penilaian Triwulan II disimpan").aktor_id == segar(staf_skp).penilai_id
    h = Halaman(c.get(r.headers["Location"]))
    assert "Draf penilaian disimpan. Pegawai belum melihatnya." in h.flash()
    assert h.isian("rating_hasil", "di_atas").checked
    assert h.teks("#pratinjau-predikat") == "Baik"  # the derived preview
    # The period's URL now leads to the evaluation's own page.
    r = c.get(url)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/penilaian/{ev.id}")


def test_baris_dibuat_oleh_orang_lain_sebelum_simpan_pertama(app, staf_skp):
    """The page was opened before the row existed (version 0); the pegawai's
    page then created it untouched: the save goes through."""
    c = masuk(app, "kasi")
    url = f"/penilaian/skp/{staf_skp.id}/1"
    assert Halaman(c.get(url)).isian("version").value == "0"
    ev = evaluasi(app, staf_skp, 1)
    r = kirim(c, url, isian_penilaian(app, staf_skp, aksi="simpan", version="0"))
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/penilaian/{ev.id}")


# ---------------------------------------------------------------- hidden until submitted

def test_evaluasi_diri_tersembunyi_dari_penilai_sampai_diajukan(app, staf_skp):
    ajukan_diri(app, staf_skp, 1, pilihan="di_atas", uraian="RAHASIA-DIRI", ajukan=False)
    ev = evaluasi(app, staf_skp, 1)
    c = masuk(app, "kasi")
    h = Halaman(c.get(f"/penilaian/{ev.id}"))
    # Raw on purpose: the unsubmitted text must not reach the browser at all,
    # not even in an attribute or hidden markup.
    assert "RAHASIA-DIRI" not in h.html and "Jaringan lambat" not in h.html
    assert h.teks(".evaluasi-diri") == "Evaluasi diri pegawai Evaluasi diri belum diajukan."
    assert h.teks("#rating_hasil-petunjuk") == "Belum ada saran: evaluasi diri belum diajukan."
    # Once submitted (the running period), the penilai sees it and a suggestion.
    ajukan_diri(app, staf_skp, 4, pilihan="di_atas", uraian="SUDAH-DIAJUKAN")
    ev4 = evaluasi(app, staf_skp, 4)
    h = Halaman(c.get(f"/penilaian/{ev4.id}"))
    diri = h.teks(".evaluasi-diri")
    assert "SUDAH-DIAJUKAN" in diri and "Jaringan lambat" in diri
    assert h.teks("#rating_hasil-petunjuk") == \
        "Saran dari evaluasi diri: Di Atas Ekspektasi. Keputusan tetap pada Anda."
    assert "Evaluasi diri belum diajukan." not in isi(h)


def test_penilaian_tersembunyi_dari_pegawai_sampai_final(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    kasi = masuk(app, "kasi")
    r = kirim(kasi, f"/penilaian/{ev.id}",
              isian_penilaian(app, staf_skp, hasil="di_bawah", umpan="DRAF-PENILAI", aksi="simpan",
                              version=ev.version))
    assert r.status_code == 303
    for siapa in ("staf", "kabid", "admin_disdik"):
        c = masuk(app, siapa)
        for url in (f"/penilaian/{ev.id}", f"/penilaian/{ev.id}/cetak"):
            r = c.get(url)
            assert r.status_code == 403, (siapa, url)
            # Raw on purpose: the draft must not reach the browser at all, not even in markup.
            html = r.get_data(as_text=True)
            assert "DRAF-PENILAI" not in html and "Di Bawah Ekspektasi" not in html
    with db(app):
        ev = Evaluasi.get_by_id(ev.id)
    r = kirim(kasi, f"/penilaian/{ev.id}",
              isian_penilaian(app, staf_skp, hasil="di_bawah", umpan="FINAL-PENILAI", aksi="finalkan",
                              version=ev.version))
    assert r.status_code == 303
    r = masuk(app, "staf").get(f"/penilaian/{ev.id}/cetak")
    assert r.status_code == 200
    cetak = Halaman(r).teks()
    assert "FINAL-PENILAI" in cetak and "BUTUH PERBAIKAN" in cetak


def test_fragmen_hasil_hanya_untuk_evaluasi_final(app, staf_skp):
    from flask import render_template
    from kinerja.penilaian.layanan import baris_perilaku, baris_rhk
    from kinerja.penilaian.tindak_lanjut import tindak_lanjut
    from kinerja.skp.layanan import ringkasan_rhk
    ev = ajukan_diri(app, staf_skp, 4)
    with app.test_request_context(), database:
        skp = segar(staf_skp)
        EvaluasiRhk.update(umpan_balik="<b>rahasia</b>").where(EvaluasiRhk.evaluasi == ev.id).execute()
        ctx = dict(ev=Evaluasi.get_by_id(ev.id), skp=skp, baris=baris_rhk(ev), perilaku=baris_perilaku(ev),
                   rhk=ringkasan_rhk(skp), lanjut=tindak_lanjut(ev))
        assert render_template("penilaian/_hasil.html", **ctx).strip() == ""  # not final: nothing
        Evaluasi.update(status="dinilai", rating_hasil="sesuai", rating_perilaku="di_atas", predikat="baik",
                        penilai=skp.penilai_id, final_pada=datetime.datetime(2026, 11, 20, 9, 5)).where(
            Evaluasi.id == ev.id).execute()
        EvaluasiPerilaku.update(umpan_balik="Selalu membantu").where(
            (EvaluasiPerilaku.evaluasi == ev.id) & (EvaluasiPerilaku.nilai == "harmonis")).execute()
        ev = Evaluasi.get_by_id(ev.id)
        ctx.update(ev=ev, perilaku=baris_perilaku(ev), baris=baris_rhk(ev), lanjut=tindak_lanjut(ev))
        h = Halaman(render_template("penilaian/_hasil.html", **ctx))
    assert h.teks(".predikat-besar") == "Predikat kinerja Baik" and h.teks(".predikat-besar strong") == "Baik"
    assert h.teks("h2") == "Hasil penilaian tahunan"
    assert h.definisi("Rating hasil kerja") == "Sesuai Ekspektasi"
    assert h.definisi("Rating perilaku kerja") == "Di Atas Ekspektasi"
    assert "Budi Santoso" in h.definisi("Dinilai oleh") and h.definisi("Final pada") == "20 November 2026, 09.05 WIB"
    # The RHK's umpan balik: the user's text is shown as text, never as markup.
    [umpan_rhk] = h.pilih("ol.daftar")[0].cssselect("li")
    assert teks_dari(umpan_rhk).startswith("RHK utama 1: ")
    assert teks_dari(umpan_rhk.cssselect(".teks")[0]) == "<b>rahasia</b>" and not h.pilih("b")
    # The seven values, in the rules' order, each with its umpan balik.
    perilaku = [(teks_dari(li.cssselect("strong")[0]), teks_dari(li.cssselect(".teks")[0]))
                for li in h.pilih("ol.daftar")[1].cssselect("li")]
    assert [nama for nama, _ in perilaku] == [v["nama"] for v in BERAKHLAK.values()]
    assert ("Harmonis", "Selalu membantu") in perilaku
    assert h.tautan("Cetak evaluasi").get("href") == f"/penilaian/{ev.id}/cetak"


# ---------------------------------------------------------------- finalising

def test_finalkan_menurunkan_predikat_dari_matriks_dan_mencatat_riwayat(app, org, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    r = kirim(c, f"/penilaian/{ev.id}",
              isian_penilaian(app, staf_skp, hasil="di_atas", perilaku="di_atas", aksi="finalkan",
                              predikat="sangat_kurang", version=ev.version))
    assert r.status_code == 303
    with db(app):
        ev = Evaluasi.get_by_id(ev.id)
        assert (ev.status, ev.predikat, ev.penilai_id) == ("dinilai", "sangat_baik", org["pegawai"]["kasi"].id)
        assert ev.final_pada.date() == datetime.date(2026, 11, 28)
        jejak = Riwayat.get(Riwayat.aksi == "Penilaian Triwulan IV-Akhir final")
        assert jejak.objek == "skp" and jejak.objek_id == staf_skp.id
        assert jejak.perubahan == {"predikat": [None, "Sangat Baik"], "status": ["diajukan", "dinilai"]}
    h = Halaman(c.get(r.headers["Location"]))
    assert "Penilaian final. Predikat: Sangat Baik." in h.flash()
    assert h.teks(".predikat-besar") == "Predikat kinerja Sangat Baik"
    assert h.teks(".predikat-besar strong") == "Sangat Baik"
    assert not h.pilih("main textarea") and not h.pilih("main input[type=radio]")  # read-only now
    assert not h.ada_isian("predikat")


@pytest.mark.parametrize("hasil,perilaku,predikat", [
    ("di_atas", "di_bawah", "kurang"), ("sesuai", "di_atas", "baik"),
    ("di_bawah", "sesuai", "butuh_perbaikan"), ("di_bawah", "di_bawah", "sangat_kurang")])
def test_predikat_selalu_dari_kedua_rating(app, staf_skp, hasil, perilaku, predikat):
    ev = evaluasi(app, staf_skp, 1)
    r = kirim(masuk(app, "kasi"), f"/penilaian/{ev.id}",
              isian_penilaian(app, staf_skp, hasil=hasil, perilaku=perilaku, aksi="finalkan",
                              predikat="sangat_baik", version=ev.version))
    assert r.status_code == 303
    with db(app):
        assert Evaluasi.get_by_id(ev.id).predikat == predikat


def test_finalkan_butuh_kedua_rating(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    data = isian_penilaian(app, staf_skp, umpan="Tetap tersimpan di formulir", aksi="finalkan", version=ev.version)
    del data["rating_hasil"], data["rating_perilaku"]
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    h = Halaman(r)
    for medan, label in (("rating_hasil", "Rating hasil kerja"), ("rating_perilaku", "Rating perilaku kerja")):
        tautan = h.satu(f'.galat-ringkas a[href="#{medan}"]')
        assert teks_dari(tautan) == f"{label}: Wajib dipilih sebelum penilaian difinalkan."
    # What was typed is kept: the RHK's and the seven values' umpan balik.
    umpan = [h.isian(t.get("name")).value for t in h.pilih("#form-nilai textarea")]
    assert len(umpan) == 8 and all(u.startswith("Tetap tersimpan di formulir ") for u in umpan)
    with db(app):
        ev2 = Evaluasi.get_by_id(ev.id)
        assert (ev2.status, ev2.version) == ("diajukan", ev.version)
        assert {b.umpan_balik for b in EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == ev.id)} == {""}


@pytest.mark.parametrize("medan,nilai,pesan", [
    ("rating_hasil", "luar_biasa", "Rating hasil kerja: Pilih di atas, sesuai, atau di bawah ekspektasi."),
    ("perilaku_loyal", "x" * 4001, "Umpan balik Loyal: Umpan balik paling banyak 4000 karakter."),
])
def test_isian_salah_ditolak_dan_tidak_ada_yang_tersimpan(app, staf_skp, medan, nilai, pesan):
    ev = ajukan_diri(app, staf_skp, 4)
    data = isian_penilaian(app, staf_skp, aksi="simpan", version=ev.version)
    data[medan] = nilai
    r = kirim(masuk(app, "kasi"), f"/penilaian/{ev.id}", data)
    assert r.status_code == 422 and pesan in Halaman(r).galat()
    with db(app):
        assert Evaluasi.get_by_id(ev.id).version == ev.version
        assert {b.umpan_balik for b in EvaluasiPerilaku.select().where(EvaluasiPerilaku.evaluasi == ev.id)} == {""}


def test_kirim_ganda_finalkan_aman(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    data = isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version)
    kunci = str(uuid.uuid4())
    pertama = kirim(c, f"/penilaian/{ev.id}", data, submission_id=kunci)
    kedua = kirim(c, f"/penilaian/{ev.id}", data, submission_id=kunci)
    assert pertama.status_code == kedua.status_code == 303
    assert pertama.headers["Location"] == kedua.headers["Location"]
    # A second tab with its own key: refused, the result stays.
    ketiga = kirim(c, f"/penilaian/{ev.id}", dict(data, rating_hasil="di_bawah"))
    assert ketiga.status_code == 409
    assert "Penilaian ini sudah final dan tidak bisa diubah lagi." in Halaman(ketiga).galat()
    with db(app):
        assert Evaluasi.get_by_id(ev.id).predikat == "baik"
        assert Riwayat.select().where(Riwayat.aksi == "Penilaian Triwulan IV-Akhir final").count() == 1


def test_versi_basi_409_dengan_kedua_versi(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    tab_a = isian_penilaian(app, staf_skp, hasil="di_atas", umpan="Versi A", aksi="simpan", version=ev.version)
    tab_b = isian_penilaian(app, staf_skp, hasil="di_bawah", umpan="Versi B", aksi="simpan", version=ev.version)
    assert kirim(c, f"/penilaian/{ev.id}", tab_a).status_code == 303
    r = kirim(c, f"/penilaian/{ev.id}", tab_b)
    assert r.status_code == 409
    h = Halaman(r)
    assert "Data ini sudah berubah" in h.teks(".galat-ringkas h2")
    # (the field, what this tab sent, what is stored now)
    beda = h.tabel(".galat-ringkas table")
    assert ["Rating hasil kerja", "Di Bawah Ekspektasi", "Di Atas Ekspektasi"] in beda
    umpan = [teks_dari(sel) for sel in h.baris("Umpan balik RHK utama 1", ".galat-ringkas table").xpath("./th|./td")]
    assert umpan[1].startswith("Versi B") and umpan[2].startswith("Versi A")
    with db(app):
        ev2 = Evaluasi.get_by_id(ev.id)
        assert ev2.rating_hasil == "di_atas" and ev2.version == ev.version + 1
    assert h.isian("version").value == str(ev.version + 1)  # sending again overwrites knowingly
    assert kirim(c, f"/penilaian/{ev.id}", dict(tab_b, version=ev.version + 1)).status_code == 303


def test_periode_ditutup_hanya_dibaca(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    assert Halaman(c.get(f"/penilaian/{ev.id}")).pilih("main textarea")
    with db(app):
        segar(staf_skp).periode.__class__.update(status="ditutup").execute()
    r = kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, umpan="Terlambat", aksi="simpan",
                                                        version=ev.version))
    assert r.status_code == 409
    h = Halaman(r)
    assert "Periode 2026 sudah ditutup; data hanya bisa dibaca." in isi(h) and not h.pilih("main textarea")
    assert "Terlambat" in isi(h)  # what was typed is still shown to copy
    with db(app):
        assert Evaluasi.get_by_id(ev.id).version == ev.version


# ---------------------------------------------------------------- the page's content

@pytest.fixture
def dengan_realisasi(app, org, staf_skp):
    """Realisasi of Triwulan I with a file, a link and an unsafe link as bukti dukung,
    and an ekspektasi on the SKP."""
    with db(app):
        iki = Iki.select().join(Rhk).where(Rhk.skp == staf_skp.id).first()
        rel = Realisasi.create(iki=iki, nomor=1, nilai_angka=3, catatan="Laporan Januari-Maret")
        berkas = Berkas.create(sha256="a" * 64, ukuran=100, mime="application/pdf")
        pdf = Bukti.create(realisasi=rel, berkas=berkas, nama="laporan-maret.pdf", pengunggah=org["pegawai"]["staf"])
        Bukti.create(realisasi=rel, nama="Folder kegiatan", tautan="https://drive.contoh.go.id/x",
                     pengunggah=org["pegawai"]["staf"])
        Bukti.create(realisasi=rel, nama="Tautan aneh", tautan="javascript:alert(1)",
                     pengunggah=org["pegawai"]["staf"])
        from kinerja.skp.models import Perilaku
        Perilaku.update(ekspektasi="Menjawab surat sekolah dalam 2 hari").where(
            (Perilaku.skp == staf_skp.id) & (Perilaku.nilai == "berorientasi_pelayanan")).execute()
    return pdf


def test_halaman_menampilkan_rhk_iki_target_realisasi_bukti_dan_perilaku(app, staf_skp, dengan_realisasi):
    h = Halaman(masuk(app, "kasi").get(f"/penilaian/skp/{staf_skp.id}/1"))
    rhk = teks_dari(h.satu(".rhk-nilai"))
    assert "RHK utama 1" in rhk and "Meningkatnya mutu pendidikan dasar (staf)" in rhk
    assert "Kuantitas: Jumlah laporan staf" in h.teks(".iki-nilai") and h.definisi("Target") == "12 laporan"
    assert h.definisi("Realisasi") == "3 laporan Laporan Januari-Maret"
    berkas = h.tautan("laporan-maret.pdf", persis=True)
    assert berkas.get("href") == f"/bukti/{dengan_realisasi.id}" and berkas.get("hx-boost") == "false"
    [luar] = h.tautan_ke("https://drive.contoh.go.id/x")
    assert (luar.get("hx-boost"), luar.get("rel"), luar.get("target")) == ("false", "noopener noreferrer", "_blank")
    # An unsafe link is listed by name but never linked.
    assert not [a for a in h.pilih("a") if (a.get("href") or "").strip().lower().startswith("javascript:")]
    assert "Tautan aneh" in h.teks("ul.bukti") and "Tautan aneh" not in h.teks("ul.bukti a")
    for k, v in BERAKHLAK.items():
        assert h.isian(f"perilaku_{k}").label == f"Umpan balik untuk {v['nama']}"
        assert [teks_dari(li) for li in h.pilih(f"#nilai-{k} ul.panduan li")] == list(v["panduan"])
    assert "Menjawab surat sekolah dalam 2 hari" in h.teks("#nilai-berorientasi_pelayanan")
    [umpan_rhk] = h.pilih("textarea[name^=umpan_balik_]")
    assert h.isian(umpan_rhk.get("name")).label == "Umpan balik untuk RHK utama 1"
    assert len(h.pilih("main input[type=radio]")) == 6
    assert not h.ada_isian("predikat")
    h.tombol("Simpan draf")
    h.tombol("Finalkan penilaian")
    # The matrix for the live preview is the rules' matrix.
    matriks = json.loads(h.satu("#form-nilai").get("data-matriks"))
    assert len(matriks) == 9 and matriks["di_bawah|di_atas"] == "Butuh Perbaikan"
