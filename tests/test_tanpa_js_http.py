"""The plain-form path (no JavaScript) over HTTP: what tests/browser/test_tanpa_js.py
found. A form that the browser's Back shows again with what was typed (but a
fresh submission_id) must not add the same RHK, IKI or bukti twice; the edit
links open the page at what they edit; the rating page says how to see the
predikat without script."""
import io

import pytest

from tests.conftest import kirim
from tests.halaman import Halaman
from kinerja.db import database
from kinerja.models import Riwayat
from kinerja.penilaian.models import Berkas, Bukti
from kinerja.skp.models import Iki, Rhk

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _riwayat(aksi):
    with database:
        return Riwayat.select().where(Riwayat.aksi == aksi).count()


@pytest.fixture
def staf(rencana, auth):
    auth.login("staf")
    return rencana["skp"]["staf"]


def test_rhk_sama_dikirim_lagi_dengan_kunci_baru_tidak_ditambah(rencana, staf, client):
    data = {"jenis": "utama", "uraian": "Tersusunnya profil sekolah", "rhk_atasan": rencana["rhk"]["kasi"].id}
    assert kirim(client, f"/skp/{staf.id}/rhk", data, token_from="/skp").status_code == 303
    # Back, then the same form again: same text (spacing and case aside), another submission_id.
    r = kirim(client, f"/skp/{staf.id}/rhk", dict(data, uraian="  tersusunnya PROFIL  sekolah "),
              token_from="/skp")
    assert r.status_code == 422
    assert "RHK dengan uraian yang sama sudah ada di SKP ini; tidak ditambahkan dua kali." in Halaman(r).teks()
    with database:
        assert Rhk.select().where(Rhk.skp == staf.id, Rhk.uraian == "Tersusunnya profil sekolah").count() == 1
    assert _riwayat("RHK ditambah") == 1 + 4  # the fixture's four SKP each added one
    # A different RHK is still added.
    assert kirim(client, f"/skp/{staf.id}/rhk", dict(data, uraian="Profil sekolah diperbarui"),
                 token_from="/skp").status_code == 303


def test_iki_sama_dikirim_lagi_tidak_ditambah(rencana, staf, client):
    rhk = rencana["rhk"]["staf"]
    url = f"/skp/{staf.id}/rhk/{rhk.id}/iki"
    # The fixture's IKI is "Jumlah laporan staf".
    r = kirim(client, url, {"aspek": "kuantitas", "indikator": "Jumlah laporan staf", "target_min": "5",
                            "satuan": "laporan"}, token_from="/skp")
    assert r.status_code == 422
    h = Halaman(r)
    assert "IKI dengan indikator yang sama sudah ada pada RHK ini; tidak ditambahkan dua kali." in h.teks()
    assert h.isian("indikator").value == "Jumlah laporan staf"  # the form stays open at the message
    with database:
        assert Iki.select().where(Iki.rhk == rhk.id).count() == 1


def test_mengubah_rhk_tanpa_mengganti_uraian_tetap_boleh(rencana, staf, client):
    rhk = rencana["rhk"]["staf"]
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}", {"jenis": "utama", "uraian": rhk.uraian, "version": 1,
              "rhk_atasan": rencana["rhk"]["kasi"].id}, token_from="/skp")
    assert r.status_code == 303


@pytest.fixture
def staf_berjalan(berjalan, auth):
    auth.login("staf")
    skp = berjalan["skp"]["staf"]
    with database:
        skp.iki = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
    return skp


def test_berkas_sama_dengan_nama_sama_tidak_diunggah_dua_kali(client, staf_berjalan):
    skp = staf_berjalan
    url = f"/skp/{skp.id}/kinerja/4/iki/{skp.iki.id}/bukti"

    def unggah():
        return kirim(client, url, {"berkas": (io.BytesIO(PDF), "laporan.pdf", "application/pdf")},
                     token_from="/skp")
    assert unggah().status_code == 303
    r = unggah()
    assert r.status_code == 422
    h = Halaman(r)
    assert "Berkas “laporan.pdf” yang sama sudah menjadi bukti dukung IKI ini pada periode ini" in h.teks()
    assert h.satu("details.tambah-bukti").get("open") is not None
    with database:
        assert (Bukti.select().count(), Berkas.select().count()) == (1, 1)
    assert _riwayat("Bukti dukung Triwulan IV-Akhir diunggah") == 1


def test_tautan_sama_tidak_ditambah_dua_kali(client, staf_berjalan):
    skp = staf_berjalan
    url = f"/skp/{skp.id}/kinerja/4/iki/{skp.iki.id}/tautan"
    data = {"tautan": "https://drive.example.go.id/laporan", "judul": "Laporan"}
    assert kirim(client, url, data, token_from="/skp").status_code == 303
    r = kirim(client, url, dict(data, judul="Judul lain"), token_from="/skp")
    assert r.status_code == 422
    pesan = "Tautan ini sudah menjadi bukti dukung IKI ini pada periode ini; tidak ditambahkan dua kali."
    assert pesan in Halaman(r).teks()
    with database:
        assert Bukti.select().count() == 1


def test_tautan_ubah_membuka_halaman_di_bagian_yang_diubah(rencana, staf, client):
    """Without htmx the link is followed: it lands at the RHK or IKI it opened."""
    rhk = rencana["rhk"]["staf"]
    with database:
        iki = Iki.get(Iki.rhk == rhk.id)
    h = Halaman(client.get(f"/skp/{staf.id}"))
    for href in (f"/skp/{staf.id}/rhk/{rhk.id}/iki#rhk-{rhk.id}", f"/skp/{staf.id}/rhk/{rhk.id}#rhk-{rhk.id}",
                 f"/skp/{staf.id}/rhk/{rhk.id}/hapus#rhk-{rhk.id}", f"/skp/{staf.id}/iki/{iki.id}#iki-{iki.id}",
                 f"/skp/{staf.id}/iki/{iki.id}/hapus#iki-{iki.id}"):
        assert h.tautan_ke(href), href
    # htmx still asks for the same URLs without the anchor.
    assert [el for el in h.pilih("[hx-get]") if el.get("hx-get") == f"/skp/{staf.id}/rhk/{rhk.id}/iki"]
    # The anchors exist on the pages they open.
    assert Halaman(client.get(f"/skp/{staf.id}/rhk/{rhk.id}/iki")).satu(f"#rhk-{rhk.id}") is not None
    assert Halaman(client.get(f"/skp/{staf.id}/iki/{iki.id}")).satu(f"#iki-{iki.id}") is not None


def test_tautan_hapus_bukti_membuka_halaman_di_bukti(client, staf_berjalan):
    skp = staf_berjalan
    kirim(client, f"/skp/{skp.id}/kinerja/4/iki/{skp.iki.id}/tautan", {"tautan": "https://a.example/x"},
          token_from="/skp")
    with database:
        b = Bukti.get()
    # Deleting is on the IKI's bukti page (its forms stay out of the period page's one form).
    h = Halaman(client.get(f"/skp/{skp.id}/kinerja/4/iki/{skp.iki.id}/bukti"))
    assert h.tautan_ke(f"/skp/{skp.id}/kinerja/4/bukti/{b.id}/hapus#bukti-{b.id}")
    assert Halaman(client.get(f"/skp/{skp.id}/kinerja/4/bukti/{b.id}/hapus")).satu(f"#bukti-{b.id}") is not None


def test_halaman_nilai_menjelaskan_predikat_tanpa_javascript(berjalan, client, auth):
    auth.login("kasi")
    # Triwulan III is over: the penilai may rate it although no self-evaluation came.
    h = Halaman(client.get(f"/penilaian/skp/{berjalan['skp']['staf'].id}/3", follow_redirects=True))
    assert "Finalkan penilaian" in h.teks()
    tanpa_js = h.teks("noscript")
    assert "predikat dihitung saat disimpan" in tanpa_js and "Simpan draf" in tanpa_js
