"""The penilai's rating: who may rate whom, when, hidden-until-submitted both
ways, the derived predikat, phrases, the review queue, conflicts, double
submits, escaping and constant queries.

Today is 2026-11-28 (conftest): Triwulan I-III are over, IV-Akhir is running.
"""
import datetime
import json
import re
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
from tests.conftest import Auth, HASH_METHOD, SANDI, kirim, teks


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


def isi(response):
    """The page's main content (the header names the signed-in person)."""
    html = teks(response)
    return html[html.index("<main"):]


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
        assert "Hanya pejabat penilai SKP ini yang bisa menilai." in teks(r)
        assert 'name="rating_hasil"' not in teks(r)
    r = kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version))
    assert r.status_code == 403
    with db(app):
        ev2 = Evaluasi.get_by_id(ev.id)
        assert ev2.status == "terbuka" and ev2.rating_hasil is None and ev2.version == ev.version


def test_penilai_skp_boleh_menilai(app, org, staf_skp):
    ev = evaluasi(app, staf_skp, 1)
    r = masuk(app, "kasi").get(f"/penilaian/{ev.id}")
    assert r.status_code == 200
    html = isi(r)
    assert "Penilaian Triwulan I 2026" in html and "Rina Marpaung" in html
    assert 'name="rating_hasil"' in html and 'name="rating_perilaku"' in html


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
    assert r.status_code == 404 and "Periode evaluasi ini tidak ada" in teks(r)


# ---------------------------------------------------------------- when

def test_ditolak_sebelum_evaluasi_diri_diajukan_saat_periode_berjalan(app, staf_skp):
    c = masuk(app, "kasi")
    url = f"/penilaian/skp/{staf_skp.id}/4"
    r = c.get(url)
    assert r.status_code == 200
    html = isi(r)
    assert "Pegawai belum mengajukan evaluasi diri, dan periode evaluasi ini belum berakhir." in html
    assert "<textarea" not in html and 'type="radio"' not in html and "Finalkan penilaian" not in html
    r = kirim(c, url, isian_penilaian(app, staf_skp, aksi="simpan", version="0"))
    assert r.status_code == 422
    assert "Pegawai belum mengajukan evaluasi diri" in isi(r)
    with db(app):  # nothing written, not even the evaluation row
        assert Evaluasi.select().count() == 0
        assert not Riwayat.select().where(Riwayat.aksi.startswith("Penilaian")).exists()


def test_boleh_untuk_periode_usai_tanpa_evaluasi_diri(app, staf_skp):
    c = masuk(app, "kasi")
    url = f"/penilaian/skp/{staf_skp.id}/2"
    r = c.get(url)
    assert r.status_code == 200
    html = isi(r)
    assert "Pegawai belum mengajukan evaluasi diri. Periode ini sudah berakhir, jadi Anda tetap bisa menilai." in html
    assert f'action="{url}"' in html and 'name="version" value="0"' in html
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
    html = isi(c.get(r.headers["Location"]))
    assert "Draf penilaian disimpan. Pegawai belum melihatnya." in html
    assert 'value="di_atas" checked' in html and "Baik" in html  # the derived preview
    # The period's URL now leads to the evaluation's own page.
    r = c.get(url)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/penilaian/{ev.id}")


def test_baris_dibuat_oleh_orang_lain_sebelum_simpan_pertama(app, staf_skp):
    """The page was opened before the row existed (version 0); the pegawai's
    page then created it untouched: the save goes through."""
    c = masuk(app, "kasi")
    url = f"/penilaian/skp/{staf_skp.id}/1"
    assert 'value="0"' in isi(c.get(url))
    ev = evaluasi(app, staf_skp, 1)
    r = kirim(c, url, isian_penilaian(app, staf_skp, aksi="simpan", version="0"))
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/penilaian/{ev.id}")


# ---------------------------------------------------------------- hidden until submitted

def test_evaluasi_diri_tersembunyi_dari_penilai_sampai_diajukan(app, staf_skp):
    ajukan_diri(app, staf_skp, 1, pilihan="di_atas", uraian="RAHASIA-DIRI", ajukan=False)
    ev = evaluasi(app, staf_skp, 1)
    c = masuk(app, "kasi")
    html = isi(c.get(f"/penilaian/{ev.id}"))
    assert "RAHASIA-DIRI" not in html and "Jaringan lambat" not in html
    assert "Evaluasi diri belum diajukan." in html
    assert "Belum ada saran: evaluasi diri belum diajukan." in html
    # Once submitted (the running period), the penilai sees it and a suggestion.
    ajukan_diri(app, staf_skp, 4, pilihan="di_atas", uraian="SUDAH-DIAJUKAN")
    ev4 = evaluasi(app, staf_skp, 4)
    html = isi(c.get(f"/penilaian/{ev4.id}"))
    assert "SUDAH-DIAJUKAN" in html and "Jaringan lambat" in html
    assert "Saran dari evaluasi diri: Di Atas Ekspektasi. Keputusan tetap pada Anda." in html
    assert "Evaluasi diri belum diajukan." not in html


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
            assert "DRAF-PENILAI" not in teks(r) and "Di Bawah Ekspektasi" not in teks(r)
    with db(app):
        ev = Evaluasi.get_by_id(ev.id)
    r = kirim(kasi, f"/penilaian/{ev.id}",
              isian_penilaian(app, staf_skp, hasil="di_bawah", umpan="FINAL-PENILAI", aksi="finalkan",
                              version=ev.version))
    assert r.status_code == 303
    r = masuk(app, "staf").get(f"/penilaian/{ev.id}/cetak")
    assert r.status_code == 200 and "FINAL-PENILAI" in teks(r) and "BUTUH PERBAIKAN" in teks(r)


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
        html = render_template("penilaian/_hasil.html", **ctx)
    assert "Predikat kinerja <strong>Baik</strong>" in html and "Hasil penilaian tahunan" in html
    assert "Sesuai Ekspektasi" in html and "Di Atas Ekspektasi" in html
    assert "Budi Santoso" in html and "20 November 2026, 09.05" in html
    assert "&lt;b&gt;rahasia&lt;/b&gt;" in html and "RHK utama 1" in html
    assert "<strong>Harmonis</strong><br><span class=\"teks\">Selalu membantu</span>" in html
    posisi = [html.index(v["nama"]) for v in BERAKHLAK.values()]
    assert posisi == sorted(posisi)
    assert f'href="/penilaian/{ev.id}/cetak"' in html


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
    html = isi(c.get(r.headers["Location"]))
    assert "Penilaian final. Predikat: Sangat Baik." in html
    assert "Predikat kinerja <strong>Sangat Baik</strong>" in html
    assert "<textarea" not in html and 'type="radio"' not in html  # read-only now
    assert 'name="predikat"' not in html


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
    html = isi(r)
    assert 'href="#rating_hasil">Rating hasil kerja: Wajib dipilih sebelum penilaian difinalkan.' in html
    assert 'href="#rating_perilaku">Rating perilaku kerja: Wajib dipilih sebelum penilaian difinalkan.' in html
    assert "Tetap tersimpan di formulir" in html  # what was typed is kept
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
    assert r.status_code == 422 and pesan in isi(r)
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
    assert "Penilaian ini sudah final dan tidak bisa diubah lagi." in isi(ketiga)
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
    html = isi(r)
    assert "Data ini sudah berubah" in html
    assert "<td>Di Bawah Ekspektasi</td><td>Di Atas Ekspektasi</td>" in html
    assert "Versi B" in html and "Versi A" in html
    with db(app):
        ev2 = Evaluasi.get_by_id(ev.id)
        assert ev2.rating_hasil == "di_atas" and ev2.version == ev.version + 1
    assert f'name="version" value="{ev.version + 1}"' in html  # sending again overwrites knowingly
    assert kirim(c, f"/penilaian/{ev.id}", dict(tab_b, version=ev.version + 1)).status_code == 303


def test_periode_ditutup_hanya_dibaca(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    html_awal = isi(c.get(f"/penilaian/{ev.id}"))
    assert "<textarea" in html_awal
    with db(app):
        segar(staf_skp).periode.__class__.update(status="ditutup").execute()
    r = kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, umpan="Terlambat", aksi="simpan",
                                                        version=ev.version))
    assert r.status_code == 409
    html = isi(r)
    assert "Periode 2026 sudah ditutup; data hanya bisa dibaca." in html and "<textarea" not in html
    assert "Terlambat" in html  # what was typed is still shown to copy
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
    html = isi(masuk(app, "kasi").get(f"/penilaian/skp/{staf_skp.id}/1"))
    assert "RHK utama 1" in html and "Meningkatnya mutu pendidikan dasar (staf)" in html
    assert "Jumlah laporan staf" in html and "12 laporan" in html and "Kuantitas" in html
    assert "3 laporan" in html and "Laporan Januari-Maret" in html
    assert f'<a href="/bukti/{dengan_realisasi.id}" hx-boost="false">laporan-maret.pdf</a>' in html
    assert 'href="https://drive.contoh.go.id/x" hx-boost="false" rel="noopener noreferrer" target="_blank"' in html
    assert 'href="javascript:' not in html and "Tautan aneh" in html
    for v in BERAKHLAK.values():
        assert f"Umpan balik untuk {v['nama']}" in html
        for panduan in v["panduan"]:
            assert f"<li>{panduan}</li>" in html
    assert "Menjawab surat sekolah dalam 2 hari" in html
    rhk_id = re.search(r'name="umpan_balik_(\d+)"', html).group(1)
    assert f'<label for="umpan_balik_{rhk_id}">Umpan balik untuk RHK utama 1</label>' in html
    for k in BERAKHLAK:
        assert f'name="perilaku_{k}"' in html
    assert html.count('type="radio"') == 6
    assert 'name="predikat"' not in html
    assert "Simpan draf" in html and "Finalkan penilaian" in html
    # The matrix for the live preview is the rules' matrix.
    matriks = json.loads(re.search(r"data-matriks='([^']+)'", html).group(1))
    assert len(matriks) == 9 and matriks["di_bawah|di_atas"] == "Butuh Perbaikan"
