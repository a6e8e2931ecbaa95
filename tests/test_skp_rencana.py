"""RHK and IKI over HTTP: add/edit/delete/reorder (plain and htmx), bad
input, tampered intervened RHK, stale edits, escaping, replays, copying."""
import uuid

import pytest

from tests.conftest import kirim, teks
from tests.halaman import Halaman
from kinerja.db import database
from kinerja.models import Periode
from kinerja.skp.layanan import buat_skp
from kinerja.skp.models import Iki, Rhk, Skp
from kinerja.skp.rencana import simpan_iki, simpan_rhk

HX = {"HX-Request": "true"}


def _rhk_staf(skp):
    with database:
        return [(r.jenis, r.uraian, r.rhk_atasan_id) for r in
                Rhk.select().where(Rhk.skp == skp.id).order_by(Rhk.jenis.desc(), Rhk.urutan)]


@pytest.fixture
def staf(rencana, auth):
    auth.login("staf")
    return rencana["skp"]["staf"]


def test_tambah_rhk_menautkan_rhk_atasan(rencana, staf, client):
    kasi_rhk = rencana["rhk"]["kasi"]
    r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "tambahan", "uraian": "Menyusun profil sekolah",
              "rhk_atasan": kasi_rhk.id}, token_from="/skp")
    assert r.status_code == 303 and "#rhk-" in r.location
    assert ("tambahan", "Menyusun profil sekolah", kasi_rhk.id) in _rhk_staf(staf)
    halaman = Halaman(client.get(f"/skp/{staf.id}")).teks()
    assert "RHK tambahan 1" in halaman and "Meningkatnya mutu pendidikan dasar (kasi)" in halaman


def test_tambah_rhk_lewat_htmx_mengembalikan_fragmen(rencana, staf, client):
    r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": "Lewat htmx"},
              token_from="/skp", headers=HX, follow_redirects=True)
    html = teks(r)
    assert r.status_code == 200 and html.lstrip().startswith("<section") and "<html" not in html
    assert "Lewat htmx" in Halaman(html).teks() and "HX-Request" in r.headers["Vary"]
    r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": ""}, token_from="/skp", headers=HX)
    assert r.status_code == 422 and "Uraian RHK wajib diisi." in Halaman(r).teks_galat() and "<html" not in teks(r)


@pytest.mark.parametrize("data,pesan", [
    ({"jenis": "utama", "uraian": "  "}, "Uraian RHK wajib diisi."),
    ({"jenis": "utama", "uraian": "x" * 2001}, "Uraian RHK paling banyak 2000 karakter."),
    ({"jenis": "lain", "uraian": "RHK"}, "Jenis RHK harus utama atau tambahan."),
    ({"jenis": "utama", "uraian": "RHK", "perspektif": "bebas"}, "Perspektif tidak valid."),
])
def test_rhk_isian_salah(staf, client, data, pesan):
    sebelum = _rhk_staf(staf)
    r = kirim(client, f"/skp/{staf.id}/rhk", data, token_from="/skp")
    assert r.status_code == 422 and pesan in Halaman(r).teks()
    assert _rhk_staf(staf) == sebelum
    if data["uraian"].strip() and len(data["uraian"]) < 100:
        assert data["uraian"] in Halaman(r).teks()  # what was typed is kept


def test_rhk_atasan_dari_periode_atau_orang_lain_ditolak(rencana, org, staf, client):
    p = org["pegawai"]
    with database:
        lama = Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="berjalan")
        skp_lama = buat_skp(p["kasi"], lama, "kuantitatif")
        rhk_lama = simpan_rhk(p["kasi"], skp_lama, {"jenis": "utama", "uraian": "RHK kasi 2025"})
    sebelum = _rhk_staf(staf)
    for asing in (rhk_lama.id, rencana["rhk"]["kabid"].id, rencana["rhk"]["staf"].id, 99999):
        r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": "Sisipan", "rhk_atasan": asing},
                  token_from="/skp")
        assert r.status_code == 422
        pesan = "RHK atasan tidak valid: pilih dari RHK pejabat penilai Anda pada periode yang sama."
        assert pesan in Halaman(r).teks()
        rhk = rencana["rhk"]["staf"]
        r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}", {"jenis": "utama", "uraian": "Ubah",
                  "rhk_atasan": asing, "version": 1}, token_from="/skp")
        assert r.status_code == 422
    assert _rhk_staf(staf) == sebelum


def test_ubah_rhk_versi_lama_konflik_tanpa_menimpa(rencana, staf, client):
    rhk = rencana["rhk"]["staf"]
    url = f"/skp/{staf.id}/rhk/{rhk.id}"
    assert kirim(client, url, {"jenis": "utama", "uraian": "Versi pertama", "version": 1,
                 "rhk_atasan": rencana["rhk"]["kasi"].id}, token_from="/skp").status_code == 303
    r = kirim(client, url, {"jenis": "utama", "uraian": "Dari halaman lama", "version": 1}, token_from="/skp")
    assert r.status_code == 409
    html = Halaman(r).teks()
    assert "Data ini sudah berubah" in html and "Versi pertama" in html and "Dari halaman lama" in html
    with database:
        assert Rhk.get_by_id(rhk.id).uraian == "Versi pertama"
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/hapus", {"version": 1}, token_from="/skp")
    assert r.status_code == 409
    with database:
        assert Rhk.get_or_none(Rhk.id == rhk.id) is not None


def test_iki_versi_lama_konflik(rencana, staf, client):
    with database:
        iki = Iki.get(Iki.rhk == rencana["rhk"]["staf"].id)
    url = f"/skp/{staf.id}/iki/{iki.id}"
    data = {"aspek": "kuantitas", "indikator": "Laporan", "target_min": "10", "satuan": "laporan", "version": 1}
    assert kirim(client, url, data, token_from="/skp").status_code == 303
    r = kirim(client, url, dict(data, target_min="99"), token_from="/skp")
    assert r.status_code == 409
    with database:
        assert Iki.get_by_id(iki.id).target_min == 10


def test_teks_html_ditampilkan_sebagai_teks(staf, client):
    jahat = "<script>alert(1)</script><b>tebal</b>"
    kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": jahat}, token_from="/skp")
    for r in (client.get(f"/skp/{staf.id}"), client.get(f"/skp/{staf.id}", headers=HX)):
        h = Halaman(r)
        assert jahat in h.teks()  # shown as text
        assert "<script>alert(1)" not in h.html and not h.pilih("b")


def test_kirim_dua_kali_membuat_satu_rhk(staf, client):
    kunci = str(uuid.uuid4())
    data = {"jenis": "utama", "uraian": "Ketuk dua kali"}
    r1 = kirim(client, f"/skp/{staf.id}/rhk", data, token_from="/skp", submission_id=kunci)
    r2 = kirim(client, f"/skp/{staf.id}/rhk", data, token_from="/skp", submission_id=kunci)
    assert r1.status_code == r2.status_code == 303 and r1.location == r2.location
    assert [u for _, u, _ in _rhk_staf(staf)].count("Ketuk dua kali") == 1


@pytest.mark.parametrize("data,field,pesan", [
    ({"aspek": "kuantitas", "indikator": "", "target_min": "1", "satuan": "x"}, "indikator",
     "Indikator wajib diisi."),
    ({"aspek": "rasa", "indikator": "A", "target_min": "1", "satuan": "x"}, "aspek",
     "Pilih aspek: kuantitas, kualitas, waktu, atau biaya."),
    ({"aspek": "kuantitas", "indikator": "A", "target_min": "", "satuan": "x"}, "target_min",
     "Target wajib diisi dengan angka."),
    ({"aspek": "kuantitas", "indikator": "A", "target_min": "dua belas", "satuan": "x"}, "target_min",
     "Harus berupa angka, misalnya 12 atau 7,5."),
    ({"aspek": "kuantitas", "indikator": "A", "target_min": "-3", "satuan": "x"}, "target_min",
     "Angka harus 0 atau lebih dan masuk akal."),
    ({"aspek": "kuantitas", "indikator": "A", "target_min": "10", "target_maks": "5", "satuan": "x"},
     "target_maks", "Batas atas harus sama atau lebih besar dari target."),
    ({"aspek": "kuantitas", "indikator": "A", "target_min": "10", "satuan": ""}, "satuan",
     "Satuan wajib diisi, misalnya laporan, dokumen, atau persen."),
])
def test_iki_isian_salah(rencana, staf, client, data, field, pesan):
    rhk = rencana["rhk"]["staf"]
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/iki", data, token_from="/skp")
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.pilih(f'.galat-ringkas a[href="#{field}"]')
    if data["indikator"]:
        assert h.isian("indikator").value.strip() == data["indikator"]
    with database:
        assert Iki.select().where(Iki.rhk == rhk.id).count() == 1


def test_iki_rentang_dan_desimal(rencana, staf, client):
    rhk = rencana["rhk"]["staf"]
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/iki", {"aspek": "kualitas", "indikator": "Kepuasan",
              "target_min": "7,5", "target_maks": "9", "satuan": "skor"}, token_from="/skp")
    assert r.status_code == 303
    assert "7,5\u20139 skor" in Halaman(client.get(f"/skp/{staf.id}")).teks()


def test_iki_kualitatif_memakai_uraian(org, client, auth):
    p = org["pegawai"]
    with database:
        skp = buat_skp(p["staf_dinkes"], Periode.get(Periode.tahun == 2026), "kualitatif")
        rhk = simpan_rhk(p["staf_dinkes"], skp, {"jenis": "utama", "uraian": "Data kesehatan rapi"})
    auth.login("staf_dinkes")
    url = f"/skp/{skp.id}/rhk/{rhk.id}/iki"
    r = kirim(client, url, {"aspek": "kualitas", "indikator": "Data lengkap", "target_teks": ""}, token_from="/skp")
    assert r.status_code == 422 and "Target wajib diisi sebagai uraian." in Halaman(r).teks()
    r = kirim(client, url, {"aspek": "kualitas", "indikator": "Data lengkap",
              "target_teks": "Seluruh puskesmas melapor tepat waktu"}, token_from="/skp")
    assert r.status_code == 303
    assert "Seluruh puskesmas melapor tepat waktu" in Halaman(client.get(f"/skp/{skp.id}")).teks()


def test_geser_dan_hapus_rhk(rencana, staf, client):
    for uraian in ("Kedua", "Ketiga"):
        kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": uraian}, token_from="/skp")
    with database:
        ketiga = Rhk.get(Rhk.uraian == "Ketiga")
    assert kirim(client, f"/skp/{staf.id}/rhk/{ketiga.id}/geser", {"arah": "naik"},
                 token_from="/skp").status_code == 303
    assert [u for _, u, _ in _rhk_staf(staf)][1:] == ["Ketiga", "Kedua"]
    r = kirim(client, f"/skp/{staf.id}/rhk/{ketiga.id}/geser", {"arah": "samping"}, token_from="/skp")
    assert r.status_code == 422 and "Arah geser harus naik atau turun." in Halaman(r).teks()
    # Delete: GET asks first (works without JS), POST deletes with its IKI.
    pertama = rencana["rhk"]["staf"]
    halaman = Halaman(client.get(f"/skp/{staf.id}/rhk/{pertama.id}/hapus")).teks()
    assert "Hapus RHK utama 1 beserta 1 IKI-nya?" in halaman
    assert kirim(client, f"/skp/{staf.id}/rhk/{pertama.id}/hapus", {"version": 1},
                 token_from="/skp").status_code == 303
    with database:
        assert Rhk.get_or_none(Rhk.id == pertama.id) is None
        assert Iki.select().where(Iki.rhk == pertama.id).count() == 0


def test_rhk_dari_skp_lain_lewat_url_sendiri_404(rencana, staf, client):
    asing = rencana["rhk"]["kasi"]
    assert client.get(f"/skp/{staf.id}/rhk/{asing.id}").status_code == 404
    r = kirim(client, f"/skp/{staf.id}/rhk/{asing.id}/hapus", {"version": 1}, token_from="/skp")
    assert r.status_code == 404
    with database:
        assert Rhk.get_or_none(Rhk.id == asing.id) is not None


def test_salin_dari_skp_tahun_lalu(rencana, org, staf, client):
    p = org["pegawai"]
    with database:
        lama = Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="berjalan")
        skp_lama = buat_skp(p["staf"], lama, "kuantitatif")
        r = simpan_rhk(p["staf"], skp_lama, {"jenis": "tambahan", "uraian": "Arsip digital sekolah"})
        simpan_iki(p["staf"], skp_lama, r, {"aspek": "waktu", "indikator": "Selesai", "target_min": "6",
                                           "satuan": "bulan"})
        Skp.update(status="disetujui", konsekuensi="Dinilai di bawah ekspektasi").where(
            Skp.id == skp_lama.id).execute()
        Periode.update(status="ditutup").where(Periode.id == lama.id).execute()
    # Copying needs an empty SKP: the one RHK there is deleted first.
    assert "Salin dari SKP" not in Halaman(client.get(f"/skp/{staf.id}")).teks()
    r = kirim(client, f"/skp/{staf.id}/salin", {}, token_from="/skp")
    assert r.status_code == 422 and "sudah berisi RHK" in Halaman(r).teks()
    pertama = rencana["rhk"]["staf"]
    kirim(client, f"/skp/{staf.id}/rhk/{pertama.id}/hapus", {"version": 1}, token_from="/skp")
    assert "Salin dari SKP 2025" in Halaman(client.get(f"/skp/{staf.id}")).teks()
    r = kirim(client, f"/skp/{staf.id}/salin", {}, token_from="/skp")
    assert r.status_code == 303
    r = kirim(client, f"/skp/{staf.id}/salin", {}, token_from="/skp")
    assert r.status_code == 422
    assert ("tambahan", "Arsip digital sekolah", None) in _rhk_staf(staf)
    with database:
        baru = Rhk.get((Rhk.skp == staf.id) & (Rhk.uraian == "Arsip digital sekolah"))
        assert [i.target_tampil for i in baru.iki] == ["6 bulan"]
        assert Skp.get_by_id(staf.id).konsekuensi == "Dinilai di bawah ekspektasi"


def test_salin_tanpa_skp_lama_ditolak(staf, client):
    r = kirim(client, f"/skp/{staf.id}/salin", {}, token_from="/skp")
    assert r.status_code == 422 and "Tidak ada SKP tahun sebelumnya untuk disalin." in Halaman(r).teks()


def test_lampiran_disimpan_dan_versi_lama_konflik(staf, client):
    with database:
        versi = Skp.get_by_id(staf.id).version
    data = {"dukungan_sumber_daya": "Laptop", "skema_pertanggungjawaban": "Laporan bulanan",
            "konsekuensi": "Teguran", "version": versi}
    assert kirim(client, f"/skp/{staf.id}/lampiran", data, token_from="/skp").status_code == 303
    r = kirim(client, f"/skp/{staf.id}/lampiran", dict(data, konsekuensi="Lain"), token_from="/skp")
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks()
    with database:
        assert Skp.get_by_id(staf.id).konsekuensi == "Teguran"


def test_formulir_ubah_iki_menampilkan_angka_seperti_diketik(rencana, staf, client):
    rhk = rencana["rhk"]["staf"]
    kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/iki", {"aspek": "biaya", "indikator": "Serapan",
          "target_min": "7,5", "target_maks": "1.250,25", "satuan": "juta"}, token_from="/skp")
    with database:
        iki = Iki.get(Iki.indikator == "Serapan")
    h = Halaman(client.get(f"/skp/{staf.id}/iki/{iki.id}"))
    assert h.isian("target_min").value == "7,5" and h.isian("target_maks").value == "1.250,25"
