"""The period page as ONE form over HTTP (issue 13: nothing typed is lost
without JS): one submit saves every changed part (the realisasi of every IKI
and the self-evaluation draft) in one transaction; a bad field re-renders
everything typed with nothing written; a stale row answers 409 with both
versions and nothing half-written; a replay is stored once; a part the person
did not change is not written; only the SKP's pegawai may save; "Ajukan"
saves, then asks to confirm; the bukti button saves, then opens the bukti page.

The tests read the form from the page as a browser would (every field with
the value shown), change some fields and send it back."""
import uuid
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest

from tests.conftest import kirim, teks
from tests.halaman import Halaman, teks_dari
from kinerja.db import database
from kinerja.models import Riwayat
from kinerja.penilaian.models import Evaluasi, EvaluasiRhk, Realisasi
from kinerja.skp.models import Iki, Rhk


class _Formulir(HTMLParser):
    """The fields of the page's form #isian-periode as a browser sends them
    (buttons aside): hidden and text inputs, textareas, the checked radios."""

    def __init__(self):
        super().__init__()
        self.isian, self._dalam, self._area = {}, False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._dalam = a.get("id") == "isian-periode"
        elif self._dalam and tag == "input" and a.get("name"):
            if a.get("type") == "radio":
                if "checked" in a:
                    self.isian[a["name"]] = a["value"]
            elif a.get("type") in ("hidden", "text", None):
                self.isian[a["name"]] = a.get("value") or ""
        elif self._dalam and tag == "textarea":
            self._area = a["name"]
            self.isian[self._area] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._dalam = False
        elif tag == "textarea" and self._area:
            nilai = self.isian[self._area]
            self.isian[self._area] = nilai[1:] if nilai.startswith("\n") else nilai  # as an HTML parser does
            self._area = None

    def handle_data(self, data):
        if self._area:
            self.isian[self._area] += data


def formulir(html):
    p = _Formulir()
    p.feed(html)
    return {k: unescape(v) for k, v in p.isian.items()}


def tiga_iki(berjalan):
    """The staf's approved SKP gets a second RHK: (skp, [three IKI ids, one of
    them narrative], [the two RHK ids]). The browser tests use it too."""
    skp = berjalan["skp"]["staf"]
    with database:
        pertama = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
        kedua = Rhk.create(skp=skp.id, jenis="tambahan", uraian="Membantu pendataan sekolah", urutan=1)
        data = Iki.create(rhk=kedua, indikator="Data sekolah terkirim", target_min=4, satuan="data")
        uraian = Iki.create(rhk=kedua, indikator="Pendataan rapi", target_teks="Rapi dan tepat waktu")
    return skp, [pertama.id, data.id, uraian.id], [pertama.rhk_id, kedua.id]


@pytest.fixture
def staf(berjalan, auth):
    """The staf's approved SKP with three IKI on two RHK (one narrative), logged in."""
    auth.login("staf")
    skp, skp.iki, skp.rhk_ids = tiga_iki(berjalan)
    return skp


def url(skp, nomor=4):
    return f"/skp/{skp.id}/kinerja/{nomor}"


def buka(client, skp):
    """The page's form with what it shows, and a fresh submission_id."""
    return formulir(teks(client.get(url(skp))))


def kirim_halaman(client, skp, isian, **kw):
    data = dict(isian)
    data.setdefault("aksi", "simpan")
    return kirim(client, url(skp), data, **kw)


def realisasi(skp):
    with database:
        return {r.iki_id: r for r in Realisasi.select().where(Realisasi.iki.in_(skp.iki) & (Realisasi.nomor == 4))}


def evaluasi(skp):
    with database:
        return Evaluasi.get((Evaluasi.skp == skp.id) & (Evaluasi.nomor == 4))


def diri(skp):
    with database:
        return {b.rhk_id: b for b in EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == evaluasi(skp).id)}


def riwayat():
    with database:
        return [r.aksi for r in Riwayat.select().where(Riwayat.aksi.startswith("Realisasi")
                                                       | Riwayat.aksi.startswith("Evaluasi diri"))
                .order_by(Riwayat.id)]


def isi_semua(skp, isian):
    """Every IKI and the self-evaluation filled, as a person would."""
    a, b, c = skp.iki
    r1, r2 = skp.rhk_ids
    isian.update({f"nilai-{a}": "7,5", f"catatan-{a}": "Tiga laporan menunggu tanda tangan",
                  f"nilai-{b}": "4", f"catatan-{b}": "",
                  f"nilai-{c}": "Pendataan selesai untuk 30 sekolah", f"catatan-{c}": "Sisa 2 sekolah",
                  f"penilaian_diri_{r1}": "sesuai", f"uraian_diri_{r1}": "Sudah 7,5 dari 12 laporan",
                  f"kendala_{r1}": "Jaringan lambat", f"penilaian_diri_{r2}": "di_atas",
                  f"uraian_diri_{r2}": "Semua data terkirim"})
    return isian


# ---------------------------------------------------------------- one submit saves everything

def test_satu_kiriman_menyimpan_semua_isian(client, staf):
    isian = isi_semua(staf, buka(client, staf))
    r = kirim_halaman(client, staf, isian)
    a, b, c = staf.iki
    r1, r2 = staf.rhk_ids
    assert r.status_code == 303 and r.location.endswith(f"{url(staf)}#realisasi-{a}")
    rows = realisasi(staf)
    assert (rows[a].nilai_angka, rows[a].catatan, rows[a].version) == (
        Decimal("7.50"), "Tiga laporan menunggu tanda tangan", 1)
    assert (rows[b].nilai_angka, rows[b].catatan) == (Decimal("4.00"), "")
    assert (rows[c].nilai_angka, rows[c].nilai_teks, rows[c].catatan) == (
        None, "Pendataan selesai untuk 30 sekolah", "Sisa 2 sekolah")
    d = diri(staf)
    assert (d[r1].penilaian_diri, d[r1].uraian_diri, d[r1].kendala) == ("sesuai", "Sudah 7,5 dari 12 laporan",
                                                                        "Jaringan lambat")
    assert (d[r2].penilaian_diri, d[r2].uraian_diri) == ("di_atas", "Semua data terkirim")
    ev = evaluasi(staf)
    assert ev.status == "terbuka" and ev.version == 2  # saved as a draft, not submitted
    assert sorted(riwayat()) == sorted(["Realisasi Triwulan IV-Akhir diisi: Jumlah laporan staf",
                                        "Realisasi Triwulan IV-Akhir diisi: Data sekolah terkirim",
                                        "Realisasi Triwulan IV-Akhir diisi: Pendataan rapi",
                                        "Evaluasi diri Triwulan IV-Akhir disimpan"])
    h = Halaman(client.get(r.location))
    assert "4 bagian isian disimpan." in h.flash()
    # The page shows it all back, with the new versions.
    kini = formulir(h.html)
    assert kini[f"nilai-{a}"] == "7,5" and kini[f"version-{a}"] == "1" and kini[f"nilai-{c}"].startswith("Pendataan")
    assert kini[f"penilaian_diri_{r2}"] == "di_atas" and kini["version_diri"] == "2"


def test_tanpa_perubahan_tidak_menulis_apa_pun(client, staf):
    isi_semua(staf, buka(client, staf))
    kirim_halaman(client, staf, isi_semua(staf, buka(client, staf)))
    sebelum, ev, jejak = realisasi(staf), evaluasi(staf), riwayat()
    r = kirim_halaman(client, staf, buka(client, staf))
    assert r.status_code == 303
    assert "Tidak ada isian yang berubah." in Halaman(client.get(r.location)).teks()
    assert {k: v.version for k, v in realisasi(staf).items()} == {k: v.version for k, v in sebelum.items()}
    assert evaluasi(staf).version == ev.version and riwayat() == jejak


def test_baris_kosong_dari_unggahan_tetap_bisa_diisi(client, staf):
    """A bukti uploaded from the bukti page makes an empty row; the page opened
    before still saves its value (not a conflict)."""
    isian = buka(client, staf)
    with database:
        Realisasi.create(iki=staf.iki[0], nomor=4)
    isian[f"nilai-{staf.iki[0]}"] = "3"
    assert kirim_halaman(client, staf, isian).status_code == 303
    assert realisasi(staf)[staf.iki[0]].nilai_angka == Decimal("3.00")


# ---------------------------------------------------------------- refusals keep everything typed

@pytest.mark.parametrize("kolom,nilai,pesan", [
    ("nilai-b", "empat", "Harus berupa angka, misalnya 12 atau 7,5."),
    ("nilai-a", "", "Realisasi wajib diisi dengan angka (laporan)."),
    ("catatan-a", "x" * 4001, "Catatan paling banyak 4000 karakter."),
    ("uraian_diri_r2", "y" * 4001, "Uraian paling banyak 4000 karakter."),
    ("penilaian_diri_r1", "luar_biasa", "Pilih di atas, sesuai, atau di bawah ekspektasi."),
])
def test_satu_isian_salah_422_semua_ketikan_tetap_tidak_ada_yang_ditulis(client, staf, kolom, nilai, pesan):
    a, b, c = staf.iki
    r1, r2 = staf.rhk_ids
    nama = kolom.replace("-a", f"-{a}").replace("-b", f"-{b}").replace("_r1", f"_{r1}").replace("_r2", f"_{r2}")
    isian = isi_semua(staf, buka(client, staf))
    evaluasi_awal = evaluasi(staf).version
    benar, isian[nama] = isian[nama], nilai
    r = kirim_halaman(client, staf, isian)
    h = Halaman(r)
    assert r.status_code == 422
    # The summary at the top names the field and links to it.
    ringkasan = h.satu(".galat-ringkas")
    assert "Belum ada yang disimpan" in teks_dari(ringkasan) and pesan in teks_dari(ringkasan)
    assert ringkasan.cssselect(f'a[href="#{nama}"]') and h.satu(f"#{nama}") is not None
    # Everything typed is back in its field (the refused value too).
    kembali = formulir(h.html)
    for k, v in isian.items():
        if k not in ("csrf_token", "submission_id", "aksi") and not (k == nama and k.startswith("penilaian")):
            assert kembali.get(k) == v, k
    assert kembali["submission_id"] == isian["submission_id"]
    # Nothing written.
    ev = evaluasi(staf)
    assert realisasi(staf) == {} and riwayat() == [] and ev.version == evaluasi_awal
    assert all(b.penilaian_diri is None and not b.uraian_diri for b in diri(staf).values())
    # Corrected and sent again with the same key: saved.
    isian[nama] = benar
    assert kirim_halaman(client, staf, isian).status_code == 303
    assert len(realisasi(staf)) == 3


def test_baris_basi_409_dengan_kedua_versi_dan_tidak_ada_yang_setengah(client, staf):
    a, b, c = staf.iki
    isian = isi_semua(staf, buka(client, staf))
    # Meanwhile, from another tab: the second IKI gets a value.
    lain = buka(client, staf)
    lain[f"nilai-{b}"] = "6"
    assert kirim_halaman(client, staf, lain).status_code == 303
    jejak = riwayat()
    r = kirim_halaman(client, staf, isian)
    h = Halaman(r)
    assert r.status_code == 409 and "Data ini sudah berubah" in h.teks()
    assert h.pilih(f'.galat-ringkas a[href="#realisasi-{b}"]')
    assert "Data sekolah terkirim” sudah diubah di tempat lain" in h.teks_galat()
    tabel = h.satu(f"#realisasi-{b} .galat-ringkas table")
    assert ["Realisasi", "4", "6"] in [[teks_dari(c) for c in tr.xpath("./th|./td")] for tr in tabel.iter("tr")]
    # Nothing half-written: the first IKI and the self-evaluation are not saved either.
    rows = realisasi(staf)
    assert set(rows) == {b} and rows[b].nilai_angka == Decimal("6.00") and riwayat() == jejak
    assert evaluasi(staf).version == 1
    # The page keeps what was typed; the stale part now carries the current
    # version, so sending again overwrites it (the person decided).
    kembali = formulir(h.html)
    assert kembali[f"nilai-{a}"] == "7,5" and kembali[f"nilai-{b}"] == "4" and kembali[f"version-{b}"] == "1"
    assert kirim_halaman(client, staf, kembali).status_code == 303
    rows = realisasi(staf)
    assert rows[b].nilai_angka == Decimal("4.00") and rows[a].nilai_angka == Decimal("7.50")


def test_evaluasi_diri_basi_409_dengan_kedua_versi(client, staf):
    r1 = staf.rhk_ids[0]
    isian = buka(client, staf)
    lain = buka(client, staf)
    lain[f"uraian_diri_{r1}"] = "Dari HP"
    assert kirim_halaman(client, staf, lain).status_code == 303
    isian[f"uraian_diri_{r1}"] = "Dari laptop"
    isian[f"nilai-{staf.iki[0]}"] = "2"
    r = kirim_halaman(client, staf, isian)
    h = Halaman(r)
    assert r.status_code == 409 and "Evaluasi diri sudah diubah di tempat lain" in h.teks()
    assert [b for b in h.tabel(".galat-ringkas table") if b[1:] == ["Dari laptop", "Dari HP"]]
    assert realisasi(staf) == {} and diri(staf)[r1].uraian_diri == "Dari HP"


def test_kirim_dua_kali_disimpan_sekali(client, staf):
    isian = isi_semua(staf, buka(client, staf))  # the page's own submission_id, sent twice
    a = kirim_halaman(client, staf, isian)
    b = kirim_halaman(client, staf, isian)
    assert a.status_code == b.status_code == 303 and a.location == b.location
    assert len(riwayat()) == 4 and all(r.version == 1 for r in realisasi(staf).values())
    assert evaluasi(staf).version == 2
    # The same page sent again with another key (Back, then a fresh form): the
    # rows changed meanwhile, so it is a stale edit (409), not a second write.
    r = kirim_halaman(client, staf, dict(isian, submission_id=str(uuid.uuid4())))
    assert r.status_code == 409 and len(riwayat()) == 4


# ---------------------------------------------------------------- only what changed

def test_bagian_yang_tidak_diubah_tidak_ditulis(client, staf):
    """Another session's newer value of an IKI survives a save of the page
    opened before it, when the person did not touch that IKI."""
    a, b, c = staf.iki
    isian = buka(client, staf)  # the page as first opened: everything empty
    lain = buka(client, staf)
    lain[f"nilai-{b}"], lain[f"catatan-{b}"] = "9", "dari sesi lain"
    r1 = staf.rhk_ids[0]
    lain[f"penilaian_diri_{r1}"] = "di_bawah"
    assert kirim_halaman(client, staf, lain).status_code == 303
    isian[f"nilai-{a}"] = "5"  # only this changes here
    r = kirim_halaman(client, staf, isian)
    assert r.status_code == 303 and r.location.endswith(f"#realisasi-{a}")
    rows = realisasi(staf)
    assert rows[a].nilai_angka == Decimal("5.00")
    assert (rows[b].nilai_angka, rows[b].catatan, rows[b].version) == (Decimal("9.00"), "dari sesi lain", 1)
    assert diri(staf)[r1].penilaian_diri == "di_bawah" and evaluasi(staf).version == 2


def test_satu_perubahan_kolom_lain_tetap(client, staf):
    """Edit-form rule: a change of one note leaves every other column of every row as it was."""
    kirim_halaman(client, staf, isi_semua(staf, buka(client, staf)))
    a = staf.iki[0]

    def semua_kolom():
        with database:
            real = {r.id: r.__data__.copy() for r in Realisasi.select()}
            ev = {e.id: e.__data__.copy() for e in Evaluasi.select()}
            rhk = {e.id: e.__data__.copy() for e in EvaluasiRhk.select()}
        return real, ev, rhk
    real, ev, rhk = semua_kolom()
    isian = buka(client, staf)
    isian[f"catatan-{a}"] = "Sudah ditandatangani"
    assert kirim_halaman(client, staf, isian).status_code == 303
    real2, ev2, rhk2 = semua_kolom()
    assert ev2 == ev and rhk2 == rhk
    id_a = realisasi(staf)[a].id
    for rid, kolom in real.items():
        if rid != id_a:
            assert real2[rid] == kolom
    beda = {k for k in real[id_a] if real[id_a][k] != real2[id_a][k]}
    assert beda == {"catatan", "version", "diubah"} or beda == {"catatan", "version"}
    assert real2[id_a]["catatan"] == "Sudah ditandatangani" and real2[id_a]["nilai_angka"] == Decimal("7.50")


# ---------------------------------------------------------------- who may save

@pytest.mark.parametrize("siapa", ["kasi", "kabid", "admin_disdik", "staf_dinkes"])
def test_orang_lain_tidak_bisa_menyimpan(client, auth, staf, siapa):
    isian = isi_semua(staf, buka(client, staf))
    del isian["csrf_token"], isian["submission_id"]  # their own session's token
    auth.logout()
    auth.login(siapa)
    r = kirim_halaman(client, staf, isian, token_from="/")
    assert r.status_code == 403
    assert realisasi(staf) == {} and riwayat() == []
    h = Halaman(client.get(url(staf)))
    assert not h.pilih("#isian-periode") and not h.ada_tombol("Simpan semua isian")


# ---------------------------------------------------------------- ajukan and bukti go through the form

def test_ajukan_menyimpan_lalu_meminta_konfirmasi(client, staf):
    isian = isi_semua(staf, buka(client, staf))
    r1 = staf.rhk_ids[0]
    kosong = dict(isian)
    del kosong[f"penilaian_diri_{r1}"]
    r = kirim_halaman(client, staf, dict(kosong, aksi="ajukan"))
    assert r.status_code == 422 and "Pilih penilaian Anda untuk RHK ini sebelum mengajukan." in Halaman(r).teks()
    assert realisasi(staf) == {}  # nothing saved: the person fixes it first
    r = kirim_halaman(client, staf, dict(isian, aksi="ajukan"))
    assert r.status_code == 303 and "ajukan=1" in r.location
    assert len(realisasi(staf)) == 3 and evaluasi(staf).status == "terbuka"
    h = Halaman(client.get(r.location))
    assert "Ajukan evaluasi diri ke penilai?" in h.teks()
    ya = h.tombol("Ya, ajukan")
    # A read-only view: the period's values shown, not editable.
    assert not h.pilih("#isian-periode") and "Pendataan selesai untuk 30 sekolah" in h.teks()
    form = next(ya.iterancestors("form"))
    konfirmasi = form.get("action")
    assert konfirmasi.endswith("/diri/ajukan")
    versi = form.cssselect('input[name="version"]')[0].get("value")
    r = kirim(client, konfirmasi, {"version": versi})
    assert r.status_code == 303
    ev = evaluasi(staf)
    assert ev.status == "diajukan" and diri(staf)[r1].uraian_diri == "Sudah 7,5 dari 12 laporan"
    assert "Evaluasi diri diajukan ke pejabat penilai." in Halaman(client.get(r.location)).teks()


def test_konfirmasi_basi_tidak_mengajukan(client, staf):
    kirim_halaman(client, staf, dict(isi_semua(staf, buka(client, staf)), aksi="ajukan"))
    versi = Halaman(client.get(url(staf) + "?ajukan=1")).isian("version").value
    isian = buka(client, staf)
    isian[f"kendala_{staf.rhk_ids[1]}"] = "Ditambah di tab lain"
    kirim_halaman(client, staf, isian)
    r = kirim(client, f"{url(staf)}/diri/ajukan", {"version": versi})
    assert r.status_code == 409 and "sudah berubah sejak konfirmasi dibuka" in Halaman(r).teks()
    assert evaluasi(staf).status == "terbuka"


def test_tombol_bukti_menyimpan_lalu_membuka_halaman_bukti(client, staf):
    a, b, c = staf.iki
    isian = buka(client, staf)
    isian[f"nilai-{b}"] = "2"
    r = kirim_halaman(client, staf, dict(isian, bukti=str(c)))
    assert r.status_code == 303 and r.location.endswith(f"{url(staf)}/iki/{c}/bukti")
    assert realisasi(staf)[b].nilai_angka == Decimal("2.00")
    h = Halaman(client.get(r.location))
    assert "Isian disimpan." in h.flash() and "Unggah berkas" in h.teks() and "Tambah tautan" in h.teks()
    assert not h.pilih("#isian-periode")  # the bukti forms are never inside the page's form
    # On the period page the bukti button is inside the form, and no other form is.
    h = Halaman(client.get(url(staf)))
    bentuk = h.satu("form#isian-periode")
    # (a parser may drop a nested <form>: the tags in the text must all be parsed forms)
    assert not bentuk.xpath(".//form") and h.html.count("<form") == len(h.pilih("form"))
    assert [t for t in bentuk.cssselect('button[name="bukti"]') if t.get("value") == str(c)]


# ---------------------------------------------------------------- the edit-form rule, read as a browser would

def test_aturan_formulir_ubah_satu_catatan_realisasi(client, auth, berjalan):
    """tests/formulir.py reads the page's form with every control as shown;
    one note changed: every other column of every row stays as it was."""
    from tests.test_formulir_ubah import baris as baris_db, sama_kecuali, ubah_satu
    skp = berjalan["skp"]["staf"]
    with database:
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).get()
    auth.login("staf")
    halaman = url(skp)
    r = ubah_satu(client, halaman, halaman, {f"nilai-{iki.id}": "3", f"catatan-{iki.id}": "Laporan Oktober-Desember"})
    assert r.status_code == 303
    sebelum = (baris_db(Realisasi), baris_db(Evaluasi), baris_db(EvaluasiRhk))
    r = ubah_satu(client, halaman, halaman, {f"catatan-{iki.id}": "Laporan Oktober sampai Desember"})
    assert r.status_code == 303
    sesudah = (baris_db(Realisasi), baris_db(Evaluasi), baris_db(EvaluasiRhk))
    assert sesudah[0][0]["nilai_angka"] == 3 and sesudah[0][0]["catatan"] == "Laporan Oktober sampai Desember"
    sama_kecuali(sebelum[0], sesudah[0], {"catatan"})
    assert sesudah[1:] == sebelum[1:]  # the self-evaluation was not touched at all (version included)


def test_aturan_formulir_ubah_satu_uraian_evaluasi_diri(client, auth, org, berjalan):
    from tests.test_formulir_ubah import baris as baris_db, sama_kecuali, ubah_satu
    from kinerja.penilaian.layanan import ambil_evaluasi, simpan_evaluasi_diri
    from kinerja.skp.models import Skp
    skp = berjalan["skp"]["staf"]
    with database:
        ev = ambil_evaluasi(Skp.get_by_id(skp.id), 4)
        rid = EvaluasiRhk.get(EvaluasiRhk.evaluasi == ev.id).rhk_id
        simpan_evaluasi_diri(org["pegawai"]["staf"], Skp.get_by_id(skp.id), ev,
                             {f"penilaian_diri_{rid}": "sesuai", f"uraian_diri_{rid}": "Selesai"}, ev.version)
        Realisasi.create(iki=Iki.select().join(Rhk).where(Rhk.skp == skp.id).get(), nomor=4, nilai_angka=5)
    sebelum = (baris_db(Evaluasi, Evaluasi.id == ev.id), baris_db(EvaluasiRhk, EvaluasiRhk.evaluasi == ev.id),
               baris_db(Realisasi))
    auth.login("staf")
    halaman = url(skp)
    r = ubah_satu(client, halaman, halaman, {f"uraian_diri_{rid}": "Selesai semua"})
    assert r.status_code == 303
    sama_kecuali(sebelum[0], baris_db(Evaluasi, Evaluasi.id == ev.id), set())
    sama_kecuali(sebelum[1], baris_db(EvaluasiRhk, EvaluasiRhk.evaluasi == ev.id), {"uraian_diri"})
    assert baris_db(Realisasi) == sebelum[2]  # the realisasi was not touched at all
