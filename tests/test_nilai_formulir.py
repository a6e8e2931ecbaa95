"""The rating page's write cycle as a person meets it (one WTForms form
through web.coba): the person submits the form as the page shows it; a draft
changes only what was changed; a bad value is refused at its field with
nothing written; a stale or final evaluation answers 409; a double submit
writes once; and the page carries no inline script (CSP script-src 'self').

Today is 2026-11-28 (conftest): Triwulan IV-Akhir is running.
"""
import pytest

from kinerja.models import Riwayat
from kinerja.penilaian.models import Evaluasi, EvaluasiPerilaku, EvaluasiRhk
from kinerja.skp.models import Rhk
from tests.conftest import kirim, teks
from tests.formulir import baca_formulir, sebagai_dict
from tests.halaman import Halaman, teks_dari
from tests.test_nilai import ajukan_diri, db, isian_penilaian, masuk, staf_skp  # noqa: F401


def formulir(c, ev):
    """(page HTML, the rating form's data as the browser would send it)."""
    url = f"/penilaian/{ev.id}"
    html = teks(c.get(url))
    _, pasangan = baca_formulir(html, halaman=url, id="form-nilai")
    return html, sebagai_dict(pasangan)


def tersimpan(app, ev_id):
    """Every stored column of the evaluation and of its RHK and BerAKHLAK rows,
    and how many history records it has."""
    with db(app):
        return (dict(Evaluasi.get_by_id(ev_id).__data__),
                {b.id: dict(b.__data__) for b in EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == ev_id)},
                {b.nilai: dict(b.__data__)
                 for b in EvaluasiPerilaku.select().where(EvaluasiPerilaku.evaluasi == ev_id)},
                Riwayat.select().where(Riwayat.aksi.startswith("Penilaian")).count())


@pytest.fixture
def draf(app, staf_skp):
    """Triwulan IV-Akhir submitted by the pegawai and a full draft rating saved
    by the kasi; (the kasi's browser, the evaluation)."""
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    r = kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, hasil="sesuai", perilaku="di_atas",
                                                         aksi="simpan", version=ev.version))
    assert r.status_code == 303
    with db(app):
        return c, Evaluasi.get_by_id(ev.id)


def test_draf_mengubah_satu_isian_yang_lain_tetap(app, draf):
    c, ev = draf
    html, data = formulir(c, ev)
    # The page carries no inline script and no event-handler attribute (CSP script-src 'self').
    h = Halaman(html)
    assert all(s.get("src") for s in h.pilih("script"))
    assert not [(el.tag, a) for el in h.akar.iter() if isinstance(el.tag, str)
                for a in el.attrib if a.lower().startswith("on")]
    sebelum = tersimpan(app, ev.id)
    data.update(perilaku_loyal=["Loyal, diperbarui"], aksi=["simpan"])
    r = c.post(f"/penilaian/{ev.id}", data=data)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/penilaian/{ev.id}")
    ev_lama, rhk_lama, perilaku_lama, riwayat_lama = sebelum
    ev_baru, rhk_baru, perilaku_baru, riwayat_baru = tersimpan(app, ev.id)
    assert ev_baru == dict(ev_lama, version=ev_lama["version"] + 1)
    assert rhk_baru == rhk_lama
    assert perilaku_baru == dict(perilaku_lama, loyal=dict(perilaku_lama["loyal"], umpan_balik="Loyal, diperbarui"))
    assert riwayat_baru == riwayat_lama + 1
    h = Halaman(c.get(r.headers["Location"]))
    assert "Draf penilaian disimpan. Pegawai belum melihatnya." in h.flash()
    assert h.isian("rating_perilaku", "di_atas").checked and h.isian("perilaku_loyal").value == "Loyal, diperbarui"


def test_rating_tidak_dikenal_422_di_isiannya_tanpa_tulis(app, draf):
    c, ev = draf
    _, data = formulir(c, ev)
    sebelum = tersimpan(app, ev.id)
    data.update(rating_hasil=["luar_biasa"], perilaku_loyal=["Tetap di formulir"], aksi=["simpan"])
    r = c.post(f"/penilaian/{ev.id}", data=data)
    assert r.status_code == 422
    h = Halaman(r)
    # In the summary, linked to the field, and at the field itself.
    assert teks_dari(h.satu('.galat-ringkas a[href="#rating_hasil"]')) == \
        "Rating hasil kerja: Pilih di atas, sesuai, atau di bawah ekspektasi."
    kotak = h.satu("fieldset#rating_hasil")
    assert "ada-galat" in kotak.get("class").split()
    assert [teks_dari(p) for p in kotak.cssselect(".galat")] == ["Pilih di atas, sesuai, atau di bawah ekspektasi."]
    assert h.isian("perilaku_loyal").value == "Tetap di formulir"  # what was typed is kept
    assert tersimpan(app, ev.id) == sebelum


def test_versi_basi_409_kedua_versi_hanya_yang_berbeda(app, draf):
    c, ev = draf
    with db(app):
        rhk_id = Rhk.get(Rhk.skp == ev.skp_id).id
    _, tab_a = formulir(c, ev)
    _, tab_b = formulir(c, ev)
    tab_a.update({f"umpan_balik_{rhk_id}": ["Versi A"], "aksi": ["simpan"]})
    assert c.post(f"/penilaian/{ev.id}", data=tab_a).status_code == 303
    sebelum = tersimpan(app, ev.id)
    tab_b.update({f"umpan_balik_{rhk_id}": ["Versi B"], "rating_hasil": ["di_bawah"], "aksi": ["simpan"]})
    r = c.post(f"/penilaian/{ev.id}", data=tab_b)
    assert r.status_code == 409
    h = Halaman(r)
    assert "Data ini sudah berubah" in h.teks(".galat-ringkas h2")
    # Only the fields that differ are marked: (field, this tab, stored now).
    baris = [tuple(teks_dari(sel) for sel in tr.xpath("./th|./td")) for tr in h.pilih(".galat-ringkas tr.beda")]
    assert baris == [("Umpan balik RHK utama 1", "Versi B", "Versi A"),
                     ("Rating hasil kerja", "Di Bawah Ekspektasi", "Sesuai Ekspektasi")]
    assert tersimpan(app, ev.id) == sebelum
    assert h.isian("version").value == str(ev.version + 1)  # sending again overwrites knowingly
    assert h.isian(f"umpan_balik_{rhk_id}").value == "Versi B"


def test_sudah_final_409(app, staf_skp, draf):
    c, ev = draf
    _, tab_lama = formulir(c, ev)
    r = kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, aksi="finalkan", version=ev.version))
    assert r.status_code == 303
    sebelum = tersimpan(app, ev.id)
    tab_lama.update(rating_hasil=["di_bawah"], aksi=["simpan"])
    r = c.post(f"/penilaian/{ev.id}", data=tab_lama)
    assert r.status_code == 409
    h = Halaman(r)
    assert h.teks(".galat-ringkas h2") == "Penilaian tidak disimpan"
    assert "Penilaian ini sudah final dan tidak bisa diubah lagi." in h.galat()
    assert not h.pilih("main textarea")
    assert tersimpan(app, ev.id) == sebelum


def test_kirim_ganda_satu_tulis(app, draf):
    c, ev = draf
    _, data = formulir(c, ev)
    data.update(rating_perilaku=["sesuai"], aksi=["simpan"])
    sebelum = tersimpan(app, ev.id)
    pertama = c.post(f"/penilaian/{ev.id}", data=data)
    kedua = c.post(f"/penilaian/{ev.id}", data=data)  # the same submission_id from the page
    assert pertama.status_code == kedua.status_code == 303
    assert pertama.headers["Location"] == kedua.headers["Location"]
    ev_baru, _, _, riwayat = tersimpan(app, ev.id)
    assert ev_baru["version"] == sebelum[0]["version"] + 1 and ev_baru["rating_perilaku"] == "sesuai"
    assert riwayat == sebelum[3] + 1
