"""Smaller items of issue 13 at the HTTP level: the queue waits from the
SKP's approval, finalising asks for a confirmation (no behaviour feedback;
the annual result with earlier periods unrated), the annual print keeps its
signatures with the end of its table, and the distribution table is a
labelled scroll region.

Today is 2026-11-28 (conftest): Triwulan I-III are over, IV-Akhir is running.
"""
import datetime
import re
import uuid

import pytest

from kinerja.penilaian.layanan import ambil_evaluasi, simpan_penilaian
from kinerja.penilaian.models import Evaluasi, EvaluasiPerilaku
from kinerja.models import Riwayat
from kinerja.rules import BERAKHLAK
from kinerja.skp.models import Skp
from tests.conftest import hitung_kueri, kirim, teks
from tests.test_nilai import (ajukan_diri, bawahan, db, evaluasi, isi, isian_penilaian, masuk,  # noqa: F401
                              segar, skp_disetujui, staf_skp)


def kartu_antrean(html):
    """{(nama, periode label): the card's HTML} of the queue page."""
    out = {}
    for k in re.findall(r'<li class="kartu[^"]*">(.*?)</li>\n', html, re.S):
        nama = re.search(r"<h2>([^<]+)</h2>", k).group(1)
        label = re.search(r"<dd>(Triwulan [^ <]+)", k).group(1)
        out[(nama, label)] = k
    return out


def menunggu_sejak(kartu):
    return re.search(r'<dt>Menunggu sejak</dt><dd><time datetime="([^"]+)">([^<]+)</time>', kartu).groups()


# ---------------------------------------------------------------- a) the queue waits from the approval

def test_antrian_skp_disetujui_hari_ini_menunggu_sejak_hari_ini(app, staf_skp):
    """The issue's case: the staf's SKP is approved today (the `berjalan`
    fixture), so Triwulan I-III cannot have waited since April."""
    html = isi(masuk(app, "kasi").get("/penilaian"))
    kartu = kartu_antrean(html)
    for label in ("Triwulan I", "Triwulan II", "Triwulan III"):
        k = kartu[("Rina Marpaung", label)]
        assert menunggu_sejak(k) == ("2026-11-28", "28 November 2026"), label
        assert "SKP disetujui; periode berakhir" in k
    assert "1 April 2026" not in html and "1 Juli 2026" not in html
    assert "periode berakhir 31 Maret 2026" in kartu[("Rina Marpaung", "Triwulan I")]


def test_antrian_menunggu_sejak_yang_lebih_akhir(app, org, berjalan, staf_skp):
    """Approved on 15 August: Triwulan I and II wait from then, Triwulan III
    (over on 30 September) from 1 October; with no approval time recorded, from
    the day after each period. The order follows the waiting time."""
    with db(app):
        Skp.update(disetujui_pada=datetime.datetime(2026, 8, 15, 10, 30)).where(Skp.id == staf_skp.id).execute()
        dewi = bawahan(org, org["pegawai"]["kasi"], "Dewi Lama")
        skp_dewi = skp_disetujui(dewi, berjalan["periode"], berjalan["rhk"]["kasi"])
        Skp.update(disetujui_pada=None).where(Skp.id == skp_dewi.id).execute()
    html = isi(masuk(app, "kasi").get("/penilaian"))
    kartu = kartu_antrean(html)
    rina = {label: menunggu_sejak(kartu[("Rina Marpaung", label)])
            for label in ("Triwulan I", "Triwulan II", "Triwulan III")}
    assert rina == {"Triwulan I": ("2026-08-15", "15 Agustus 2026"),
                    "Triwulan II": ("2026-08-15", "15 Agustus 2026"),
                    "Triwulan III": ("2026-10-01", "1 Oktober 2026")}
    assert "SKP disetujui;" in kartu[("Rina Marpaung", "Triwulan I")]
    assert "SKP disetujui;" not in kartu[("Rina Marpaung", "Triwulan III")]
    assert menunggu_sejak(kartu[("Dewi Lama", "Triwulan I")]) == ("2026-04-01", "1 April 2026")
    assert [k for k in kartu] == [
        ("Dewi Lama", "Triwulan I"), ("Dewi Lama", "Triwulan II"), ("Rina Marpaung", "Triwulan I"),
        ("Rina Marpaung", "Triwulan II"), ("Dewi Lama", "Triwulan III"), ("Rina Marpaung", "Triwulan III")]


def test_antrian_diajukan_tetap_sejak_pengajuan(app, staf_skp):
    """A submitted self-evaluation waits from its submission (Tugas saya shows
    that date as the submission's)."""
    ev = ajukan_diri(app, staf_skp, 3)
    with db(app):
        Evaluasi.update(diajukan_pada=datetime.datetime(2026, 11, 27, 8, 0)).where(Evaluasi.id == ev.id).execute()
    kartu = kartu_antrean(isi(masuk(app, "kasi").get("/penilaian")))
    assert menunggu_sejak(kartu[("Rina Marpaung", "Triwulan III")]) == ("2026-11-27", "27 November 2026")


def test_antrian_kueri_tetap_dengan_waktu_persetujuan(app, org, berjalan):
    """Reading the approval time adds no query per person."""
    p, c = org["pegawai"], masuk(app, "kasi")
    induk = berjalan["rhk"]["kasi"]

    def tambah(n, disetujui):
        with db(app):
            for i in range(n):
                s = skp_disetujui(bawahan(org, p["kasi"], f"Tambahan {disetujui.month} {i}"), berjalan["periode"],
                                  induk)
                Skp.update(disetujui_pada=disetujui).where(Skp.id == s.id).execute()
    tambah(1, datetime.datetime(2026, 2, 1, 9, 0))
    with hitung_kueri() as sedikit:
        c.get("/penilaian")
    tambah(4, datetime.datetime(2026, 9, 1, 9, 0))
    with hitung_kueri() as banyak:
        html = isi(c.get("/penilaian"))
    assert "<strong>18</strong> evaluasi menunggu." in html
    assert len(banyak) == len(sedikit)


# ---------------------------------------------------------------- b) and c) confirm before final

def tanpa_perilaku(data):
    """The rating form with all seven behaviour feedback fields empty."""
    return {**data, **{f"perilaku_{k}": "  " for k in BERAKHLAK}}


def test_finalkan_tanpa_umpan_balik_perilaku_minta_konfirmasi(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 3)
    c = masuk(app, "kasi")
    data = tanpa_perilaku(isian_penilaian(app, staf_skp, umpan="Tetap di formulir", aksi="finalkan",
                                          version=ev.version))
    data.pop("final_periode_belum_dinilai")
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    html = isi(r)
    assert ('href="#final_tanpa_umpan_perilaku">Konfirmasi: Ketujuh umpan balik perilaku kerja (BerAKHLAK) '
            "masih kosong.") in html
    kotak = re.search(r'<label class="pilih"><input type="checkbox" id="final_tanpa_umpan_perilaku"[^>]*>'
                      r" Final tanpa umpan balik perilaku</label>", html)
    assert kotak and "checked" not in kotak.group(0)
    assert "<legend>Konfirmasi sebelum final</legend>" in html
    assert "Tetap di formulir" in html                       # what was typed is kept
    assert 'value="sesuai" checked' in html
    with db(app):                                             # and nothing saved
        ev2 = Evaluasi.get_by_id(ev.id)
        assert (ev2.status, ev2.version, ev2.rating_hasil) == ("diajukan", ev.version, None)
        assert not Riwayat.select().where(Riwayat.aksi.contains("Penilaian Triwulan III")).exists()
    data["final_tanpa_umpan_perilaku"] = "1"
    sid = str(uuid.uuid4())
    r = kirim(c, f"/penilaian/{ev.id}", data, submission_id=sid)
    assert r.status_code == 303
    assert kirim(c, f"/penilaian/{ev.id}", data, submission_id=sid).status_code == 303  # a replay
    with db(app):
        ev2 = Evaluasi.get_by_id(ev.id)
        assert (ev2.status, ev2.predikat) == ("dinilai", "baik")
        assert {b.umpan_balik for b in EvaluasiPerilaku.select().where(EvaluasiPerilaku.evaluasi == ev.id)} == {""}
        assert Riwayat.select().where(Riwayat.aksi == "Penilaian Triwulan III final").count() == 1


def test_satu_umpan_balik_perilaku_cukup_dan_draf_tidak_ditanya(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 3)
    c = masuk(app, "kasi")
    data = tanpa_perilaku(isian_penilaian(app, staf_skp, aksi="simpan", version=ev.version))
    assert kirim(c, f"/penilaian/{ev.id}", data).status_code == 303   # a draft asks nothing
    with db(app):
        versi = Evaluasi.get_by_id(ev.id).version
    data.update(aksi="finalkan", version=versi, perilaku_harmonis="Suka menolong rekan.")
    assert kirim(c, f"/penilaian/{ev.id}", data).status_code == 303
    with db(app):
        assert Evaluasi.get_by_id(ev.id).status == "dinilai"


def test_layanan_tanpa_permintaan_konfirmasi_tetap_memfinalkan(app, staf_skp):
    """Seeds and other services have nobody to ask: they finalise as before."""
    ajukan_diri(app, staf_skp, 4)
    with db(app):
        skp = segar(staf_skp)
        ev = ambil_evaluasi(skp, 4)
        simpan_penilaian(skp.penilai, skp, ev, {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"},
                         ev.version, finalkan=True)
        assert Evaluasi.get_by_id(ev.id).status == "dinilai"


def test_tahunan_dengan_periode_belum_dinilai_minta_konfirmasi(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    html = isi(c.get(f"/penilaian/{ev.id}"))
    catatan = re.search(r'<div class="kilas kilas-peringatan" role="note" id="periode-belum-dinilai">(.*?)</div>',
                        html, re.S).group(1)
    assert "3 periode sebelumnya belum dinilai." in catatan
    assert f'<a href="/penilaian/skp/{staf_skp.id}/1">Nilai Triwulan I</a>' in catatan
    assert f'<a href="/penilaian/skp/{staf_skp.id}/3">Nilai Triwulan III</a>' in catatan
    data = isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version)
    data.pop("final_periode_belum_dinilai")
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    html = isi(r)
    assert ('href="#final_periode_belum_dinilai">Konfirmasi: Triwulan I, Triwulan II, dan Triwulan III '
            "belum dinilai, padahal penilaian tahunan menimbang hasil seluruh tahun.") in html
    assert "> Final walaupun Triwulan I, Triwulan II, dan Triwulan III belum dinilai</label>" in html
    assert "final_tanpa_umpan_perilaku" not in html            # the behaviour feedback is there
    with db(app):
        assert Evaluasi.get_by_id(ev.id).status == "diajukan"
        # Triwulan I and II get their final rating: only Triwulan III is named now.
        skp = segar(staf_skp)
        for nomor in (1, 2):
            e = ambil_evaluasi(skp, nomor)
            simpan_penilaian(skp.penilai, skp, e, {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"},
                             e.version, finalkan=True)
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    assert "Konfirmasi: Triwulan III belum dinilai" in isi(r)
    assert "> Final walaupun Triwulan III belum dinilai</label>" in isi(r)
    data["final_periode_belum_dinilai"] = "1"
    assert kirim(c, f"/penilaian/{ev.id}", data).status_code == 303
    with db(app):
        assert Evaluasi.get_by_id(ev.id).status == "dinilai"
    assert "periode-belum-dinilai" not in isi(c.get(f"/penilaian/{ev.id}"))  # final: no warning


def test_tahunan_kedua_konfirmasi_sekaligus(app, staf_skp):
    """Both lacks at once: both named, both checkboxes; one tick is not enough."""
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    data = tanpa_perilaku(isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version))
    data.pop("final_periode_belum_dinilai")
    html = isi(kirim(c, f"/penilaian/{ev.id}", data))
    assert 'id="final_tanpa_umpan_perilaku"' in html and 'id="final_periode_belum_dinilai"' in html
    data["final_tanpa_umpan_perilaku"] = "1"
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    html = isi(r)
    assert re.search(r'id="final_tanpa_umpan_perilaku" name="final_tanpa_umpan_perilaku" value="1" checked', html)
    assert 'href="#final_tanpa_umpan_perilaku"' not in html and 'href="#final_periode_belum_dinilai"' in html
    data["final_periode_belum_dinilai"] = "1"
    assert kirim(c, f"/penilaian/{ev.id}", data).status_code == 303


def test_periode_triwulan_bukan_tahunan_tidak_menyebut_periode_lain(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 3)
    html = isi(masuk(app, "kasi").get(f"/penilaian/{ev.id}"))
    assert "periode-belum-dinilai" not in html and "Konfirmasi sebelum final" not in html


# ---------------------------------------------------------------- d) the annual print's signatures

def test_cetak_tanda_tangan_satu_blok_dengan_tabel_perilaku(app, staf_skp):
    """The perilaku table, the predikat and the signatures are one block the
    print stylesheet keeps on one page (the PDF check: tests/browser/test_tampilan_360.py)."""
    ev = ajukan_diri(app, staf_skp, 4)
    r = kirim(masuk(app, "kasi"), f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, aksi="finalkan",
                                                                        version=ev.version))
    assert r.status_code == 303
    html = teks(masuk(app, "staf").get(f"/penilaian/{ev.id}/cetak"))
    akhir = html[html.index('<div class="bagian-akhir">'):html.index("</main>")]
    assert akhir.index('id="judul-perilaku"') < akhir.index('<div class="penutup">') \
        < akhir.index('id="judul-predikat"') < akhir.index('class="pengesahan"')
    assert akhir.count("<div") == akhir.count("</div>")
    assert html.index('id="judul-hasil"') < html.index('<div class="bagian-akhir">')
    css = teks(masuk(app, "staf").get("/static/css/cetak_penilaian.css"))
    cetak = css[css.index("@media print{"):]
    assert ".bagian-akhir,.penutup{break-inside:avoid}" in cetak


# ---------------------------------------------------------------- e) the distribution table at 360 px

def test_tabel_distribusi_wilayah_gulir_berlabel(app, org, client, auth):
    auth.login("admin_disdik")
    html = teks(client.get(f"/unit/{org['unit']['disdik'].id}/kinerja"))
    for nama, awal in (("sebaran-caption", "Sebaran predikat kinerja pegawai Dinas Pendidikan"),
                       ("panduan-caption", "Panduan sebaran predikat pegawai")):
        assert f'<div class="tabel-wrap" tabindex="0" role="region" aria-labelledby="{nama}">' in html
        assert re.search(rf'<caption id="{nama}">{awal}', html)
    assert '<th scope="row">Kurang/<wbr>Misconduct</th>' in html   # may wrap at the slash


# ---------------------------------------------------------------- f) the header's links

def nav_utama(html):
    return html[html.index('<nav aria-label="Menu utama">'):html.index("</nav>")]


@pytest.mark.parametrize("siapa,utama,menu", [
    ("staf", ["Beranda", "SKP saya"], None),
    ("kasi", ["Tim", "Penilaian"], ["Beranda", "SKP saya", "Akun"]),
    ("admin_disdik", ["Pegawai", "Unit"], ["Beranda", "SKP saya", "Periode", "Akun"]),
])
def test_kepala_tautan_utama_dan_menu(app, berjalan, siapa, utama, menu):
    c = masuk(app, siapa)
    html = teks(c.get("/"))
    nav = nav_utama(html)
    luar = nav[:nav.index("<details>")] if menu else nav
    assert re.findall(r"<li><a [^>]*>([^<&]+)", luar) == ["Tugas saya"] + utama
    if menu:
        dalam = nav[nav.index("<details>"):nav.index("</details>")]
        assert "<summary>Menu</summary>" in dalam
        assert re.findall(r"<li><a [^>]*>([^<]+)</a>", dalam) == menu
    # Keluar and the account stay outside the menu, in the header's first row.
    kepala = html[html.index('<header class="kepala"'):html.index('<nav aria-label="Menu utama">')]
    assert 'data-keluar' in kepala and '<button type="submit" class="tautan">Keluar</button>' in kepala
    assert '<a class="pengguna" href="/akun' in kepala and '<span class="sr">Akun: </span>' in kepala
    assert 'href="/" aria-current="page"' in nav or siapa != "staf"
