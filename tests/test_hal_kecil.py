"""Smaller items of issue 13 at the HTTP level: the queue waits from the
SKP's approval, finalising asks for a confirmation (no behaviour feedback;
the annual result with earlier periods unrated), the annual print keeps its
signatures with the end of its table, and the distribution table is a
labelled scroll region.

Today is 2026-11-28 (conftest): Triwulan I-III are over, IV-Akhir is running.
"""
import datetime
import uuid

import pytest

from kinerja.penilaian.layanan import ambil_evaluasi, simpan_penilaian
from kinerja.penilaian.models import Evaluasi, EvaluasiPerilaku
from kinerja.models import Riwayat
from kinerja.rules import BERAKHLAK
from kinerja.skp.models import Skp
from tests.conftest import hitung_kueri, kirim, teks
from tests.halaman import Halaman, teks_dari
from tests.test_nilai import (ajukan_diri, bawahan, db, evaluasi, isian_penilaian, masuk,  # noqa: F401
                              segar, skp_disetujui, staf_skp)


def _dd(kartu, istilah):
    """The <dd> of a card's <dt>istilah</dt>."""
    return kartu.xpath(".//dt[normalize-space()=$t]/following-sibling::dd[1]", t=istilah)[0]


def kartu_antrean(response):
    """{(nama, periode label): the card element} of the queue page, in order."""
    out = {}
    for k in Halaman(response).pilih("main li.kartu"):
        label = " ".join(teks_dari(_dd(k, "Periode")).split()[:2])  # "Triwulan III"
        out[(teks_dari(k.cssselect("h2")[0]), label)] = k
    return out


def menunggu_sejak(kartu):
    """(ISO date, date as shown) of a card's "Menunggu sejak"."""
    waktu = _dd(kartu, "Menunggu sejak").cssselect("time")[0]
    return waktu.get("datetime"), teks_dari(waktu)


def konfirmasi(h, nama):
    """The error summary's link to the confirmation box `nama`, as text (or None)."""
    tautan = h.pilih(f'.galat-ringkas a[href="#{nama}"]')
    return teks_dari(tautan[0]) if tautan else None


def urutan(h, *css):
    """Whether the first elements matching each selector come in this document order."""
    posisi = {el: i for i, el in enumerate(h.akar.iter())}
    return [posisi[h.pilih(c)[0]] for c in css] == sorted(posisi[h.pilih(c)[0]] for c in css)


# ---------------------------------------------------------------- a) the queue waits from the approval

def test_antrean_skp_disetujui_hari_ini_menunggu_sejak_hari_ini(app, staf_skp):
    """The issue's case: the staf's SKP is approved today (the `berjalan`
    fixture), so Triwulan I-III cannot have waited since April."""
    r = masuk(app, "kasi").get("/penilaian")
    kartu = kartu_antrean(r)
    for label in ("Triwulan I", "Triwulan II", "Triwulan III"):
        k = kartu[("Rina Marpaung", label)]
        assert menunggu_sejak(k) == ("2026-11-28", "28 November 2026"), label
        assert "SKP disetujui; periode berakhir" in teks_dari(k)
    isi_antrean = Halaman(r).teks("main")
    assert "1 April 2026" not in isi_antrean and "1 Juli 2026" not in isi_antrean
    assert "periode berakhir 31 Maret 2026" in teks_dari(kartu[("Rina Marpaung", "Triwulan I")])


def test_antrean_menunggu_sejak_yang_lebih_akhir(app, org, berjalan, staf_skp):
    """Approved on 15 August: Triwulan I and II wait from then, Triwulan III
    (over on 30 September) from 1 October; with no approval time recorded, from
    the day after each period. The order follows the waiting time."""
    with db(app):
        Skp.update(disetujui_pada=datetime.datetime(2026, 8, 15, 10, 30)).where(Skp.id == staf_skp.id).execute()
        dewi = bawahan(org, org["pegawai"]["kasi"], "Dewi Lama")
        skp_dewi = skp_disetujui(dewi, berjalan["periode"], berjalan["rhk"]["kasi"])
        Skp.update(disetujui_pada=None).where(Skp.id == skp_dewi.id).execute()
    kartu = kartu_antrean(masuk(app, "kasi").get("/penilaian"))
    rina = {label: menunggu_sejak(kartu[("Rina Marpaung", label)])
            for label in ("Triwulan I", "Triwulan II", "Triwulan III")}
    assert rina == {"Triwulan I": ("2026-08-15", "15 Agustus 2026"),
                    "Triwulan II": ("2026-08-15", "15 Agustus 2026"),
                    "Triwulan III": ("2026-10-01", "1 Oktober 2026")}
    assert "SKP disetujui;" in teks_dari(kartu[("Rina Marpaung", "Triwulan I")])
    assert "SKP disetujui;" not in teks_dari(kartu[("Rina Marpaung", "Triwulan III")])
    assert menunggu_sejak(kartu[("Dewi Lama", "Triwulan I")]) == ("2026-04-01", "1 April 2026")
    assert [k for k in kartu] == [
        ("Dewi Lama", "Triwulan I"), ("Dewi Lama", "Triwulan II"), ("Rina Marpaung", "Triwulan I"),
        ("Rina Marpaung", "Triwulan II"), ("Dewi Lama", "Triwulan III"), ("Rina Marpaung", "Triwulan III")]


def test_antrean_diajukan_tetap_sejak_pengajuan(app, staf_skp):
    """A submitted self-evaluation waits from its submission (Tugas saya shows
    that date as the submission's)."""
    ev = ajukan_diri(app, staf_skp, 3)
    with db(app):
        Evaluasi.update(diajukan_pada=datetime.datetime(2026, 11, 27, 8, 0)).where(Evaluasi.id == ev.id).execute()
    kartu = kartu_antrean(masuk(app, "kasi").get("/penilaian"))
    assert menunggu_sejak(kartu[("Rina Marpaung", "Triwulan III")]) == ("2026-11-27", "27 November 2026")


def test_antrean_kueri_tetap_dengan_waktu_persetujuan(app, org, berjalan, hitung_tiap_halaman):
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
        h = Halaman(c.get("/penilaian"))
    assert "18 evaluasi menunggu." in h.teks("main") and "18" in [teks_dari(el) for el in h.pilih("main strong")]
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
    h = Halaman(r)
    assert konfirmasi(h, "final_tanpa_umpan_perilaku").startswith(
        "Konfirmasi: Ketujuh umpan balik perilaku kerja (BerAKHLAK) masih kosong.")
    kotak = h.isian("final_tanpa_umpan_perilaku")
    assert kotak.jenis == "checkbox" and not kotak.checked
    assert kotak.label == "Final tanpa umpan balik perilaku" and kotak.el.getparent().get("class") == "pilih"
    assert "Konfirmasi sebelum final" in [teks_dari(el) for el in h.pilih("legend")]
    assert "Tetap di formulir" in h.teks("main")              # what was typed is kept
    assert h.isian("rating_hasil", "sesuai").checked
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
    catatan = Halaman(c.get(f"/penilaian/{ev.id}")).satu("div#periode-belum-dinilai")
    assert catatan.get("role") == "note" and "kilas-peringatan" in catatan.get("class").split()
    assert "3 periode sebelumnya belum dinilai." in teks_dari(catatan)
    tautan = {a.get("href"): teks_dari(a) for a in catatan.iter("a")}
    assert tautan[f"/penilaian/skp/{staf_skp.id}/1"] == "Nilai Triwulan I"
    assert tautan[f"/penilaian/skp/{staf_skp.id}/3"] == "Nilai Triwulan III"
    data = isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version)
    data.pop("final_periode_belum_dinilai")
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    h = Halaman(r)
    assert konfirmasi(h, "final_periode_belum_dinilai").startswith(
        "Konfirmasi: Triwulan I, Triwulan II, dan Triwulan III belum dinilai, padahal penilaian tahunan "
        "menimbang hasil seluruh tahun.")
    assert h.isian("final_periode_belum_dinilai").label == (
        "Final walaupun Triwulan I, Triwulan II, dan Triwulan III belum dinilai")
    # The behaviour feedback is there: no box, no message for it.
    assert "final_tanpa_umpan_perilaku" not in h.html
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
    h = Halaman(r)
    assert konfirmasi(h, "final_periode_belum_dinilai").startswith("Konfirmasi: Triwulan III belum dinilai")
    assert h.isian("final_periode_belum_dinilai").label == "Final walaupun Triwulan III belum dinilai"
    data["final_periode_belum_dinilai"] = "1"
    assert kirim(c, f"/penilaian/{ev.id}", data).status_code == 303
    with db(app):
        assert Evaluasi.get_by_id(ev.id).status == "dinilai"
    assert not Halaman(c.get(f"/penilaian/{ev.id}")).pilih("#periode-belum-dinilai")  # final: no warning


def test_tahunan_kedua_konfirmasi_sekaligus(app, staf_skp):
    """Both lacks at once: both named, both checkboxes; one tick is not enough."""
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    data = tanpa_perilaku(isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version))
    data.pop("final_periode_belum_dinilai")
    h = Halaman(kirim(c, f"/penilaian/{ev.id}", data))
    assert h.satu("#final_tanpa_umpan_perilaku") is not None and h.satu("#final_periode_belum_dinilai") is not None
    data["final_tanpa_umpan_perilaku"] = "1"
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    h = Halaman(r)
    kotak = h.isian("final_tanpa_umpan_perilaku")
    assert kotak.get("id") == "final_tanpa_umpan_perilaku" and kotak.get("value") == "1" and kotak.checked
    assert konfirmasi(h, "final_tanpa_umpan_perilaku") is None and konfirmasi(h, "final_periode_belum_dinilai")
    data["final_periode_belum_dinilai"] = "1"
    assert kirim(c, f"/penilaian/{ev.id}", data).status_code == 303


def test_periode_triwulan_bukan_tahunan_tidak_menyebut_periode_lain(app, staf_skp):
    ev = ajukan_diri(app, staf_skp, 3)
    h = Halaman(masuk(app, "kasi").get(f"/penilaian/{ev.id}"))
    assert not h.pilih("#periode-belum-dinilai") and "Konfirmasi sebelum final" not in h.teks()


# ---------------------------------------------------------------- d) the annual print's signatures

def test_cetak_tanda_tangan_satu_blok_dengan_tabel_perilaku(app, staf_skp):
    """The perilaku table, the predikat and the signatures are one block the
    print stylesheet keeps on one page (the PDF check: tests/browser/test_tampilan_360.py)."""
    ev = ajukan_diri(app, staf_skp, 4)
    r = kirim(masuk(app, "kasi"), f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, aksi="finalkan",
                                                                        version=ev.version))
    assert r.status_code == 303
    h = Halaman(masuk(app, "staf").get(f"/penilaian/{ev.id}/cetak"))
    akhir = h.satu("main div.bagian-akhir")
    # One block, in this order; the results table before it, outside.
    for css in ("#judul-perilaku", "div.penutup", "#judul-predikat", ".pengesahan"):
        assert akhir.cssselect(css), css
    assert urutan(h, "#judul-perilaku", "div.penutup", "#judul-predikat", ".pengesahan")
    assert not akhir.cssselect("#judul-hasil") and urutan(h, "#judul-hasil", "div.bagian-akhir")
    css = teks(masuk(app, "staf").get("/static/css/cetak_penilaian.css"))
    cetak = css[css.index("@media print{"):]
    assert ".bagian-akhir,.penutup{break-inside:avoid}" in cetak


# ---------------------------------------------------------------- e) the distribution table at 360 px

def test_tabel_distribusi_wilayah_gulir_berlabel(app, org, client, auth):
    auth.login("admin_disdik")
    h = Halaman(client.get(f"/unit/{org['unit']['disdik'].id}/kinerja"))
    for nama, awal in (("sebaran-caption", "Sebaran predikat kinerja pegawai Dinas Pendidikan"),
                       ("panduan-caption", "Panduan sebaran predikat pegawai")):
        wadah = h.satu(f'div.tabel-wrap[aria-labelledby="{nama}"]')
        assert (wadah.get("tabindex"), wadah.get("role")) == ("0", "region")
        assert teks_dari(wadah.cssselect(f"caption#{nama}")[0]).startswith(awal)
    baris = [th for th in h.pilih('th[scope="row"]') if teks_dari(th) == "Kurang/Misconduct"]
    assert baris and all(th.xpath("./wbr") for th in baris)  # may wrap at the slash


# ---------------------------------------------------------------- f) the header's links

def nav_utama(h):
    return h.satu('nav[aria-label="Menu utama"]')


@pytest.mark.parametrize("siapa,utama,menu", [
    ("staf", ["Beranda", "SKP saya"], None),
    ("kasi", ["Tim", "Penilaian"], ["Beranda", "SKP saya", "Akun"]),
    # A unit head and an admin read the rekap of their subtree (lingkup baca).
    ("kabid", ["Tim", "Penilaian"], ["Beranda", "SKP saya", "Rekap", "Akun"]),
    ("admin_disdik", ["Pegawai", "Unit"], ["Beranda", "SKP saya", "Periode", "Rekap", "Akun"]),
])
def test_kepala_tautan_utama_dan_menu(app, berjalan, siapa, utama, menu):
    c = masuk(app, siapa)
    h = Halaman(c.get("/"))
    nav = nav_utama(h)
    luar = nav.xpath(".//li/a[not(ancestor::details)]")
    assert [(a.text or "").strip() for a in luar] == ["Tugas saya"] + utama  # (the count is in a span)
    detail = nav.xpath(".//details")
    if menu:
        assert [teks_dari(el) for el in detail[0].xpath("./summary")] == ["Menu"]
        assert [teks_dari(a) for a in detail[0].xpath(".//li/a")] == menu
    else:
        assert not detail
    # Keluar and the account stay outside the menu, in the header's first row.
    kepala = h.satu("header.kepala")
    keluar = kepala.xpath(".//form[@data-keluar][not(ancestor::nav)]//button")
    assert [(b.get("type"), b.get("class"), teks_dari(b)) for b in keluar] == [("submit", "tautan", "Keluar")]
    akun = kepala.xpath(".//a[@class='pengguna'][not(ancestor::nav)]")
    assert akun[0].get("href").startswith("/akun") and teks_dari(akun[0].cssselect("span.sr")[0]) == "Akun:"
    assert [a.get("aria-current") for a in nav.iter("a") if a.get("href") == "/"] == ["page"] or siapa != "staf"
