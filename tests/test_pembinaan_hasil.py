"""Coaching follows the result: a final result of Butuh Perbaikan or lower
shows "Buat rencana pembinaan" to its penilai (the result section on the
rating page and on the pegawai's period page), the pegawai learns that
coaching is expected or planned, and Tugas saya asks the penilai for the
plan ("Rencana pembinaan belum dibuat") until one exists, counted in the
header's one query.

Evaluations are finalised through the services on the pinned day (tests/conftest.py)."""
import pytest

from kinerja.db import database
from kinerja.models import Periode
from kinerja.penilaian.models import Evaluasi
from kinerja.penilaian.tugas import hitung_tugas
from kinerja.penilaian.tugas_views import daftar_tugas
from tests.conftest import hitung_kueri, kirim
from tests.halaman import Halaman, teks_dari
from tests.test_pembinaan import RENCANA, final

BUAT = "Buat rencana pembinaan"


def halaman(client, ev):
    """(the pegawai's period page, the penilai's rating page) of an evaluation, parsed."""
    return (Halaman(client.get(f"/skp/{ev.skp_id}/kinerja/{ev.nomor}")), Halaman(client.get(f"/penilaian/{ev.id}")))


def buat_rencana(client, ev):
    url = f"/penilaian/{ev.id}/pembinaan"
    return kirim(client, url, RENCANA, token_from=url)


def tugas(app, org, key):
    with app.test_request_context(), database:
        p = org["pegawai"][key]
        return hitung_tugas(p), daftar_tugas(p)


@pytest.mark.parametrize("hasil,perilaku,predikat", [
    ("di_bawah", "sesuai", "Butuh Perbaikan"), ("di_bawah", "di_atas", "Butuh Perbaikan"),
    ("sesuai", "di_bawah", "Kurang/Misconduct"), ("di_bawah", "di_bawah", "Sangat Kurang")])
def test_hasil_rendah_menawarkan_rencana_ke_penilai(client, auth, org, berjalan, hasil, perilaku, predikat):
    ev = final(org, berjalan, hasil=hasil, perilaku=perilaku)
    auth.login("kasi")
    for h in halaman(client, ev):
        hasil = h.satu("#hasil-penilaian")
        assert f"Predikat {predikat} memerlukan pembinaan kinerja. Rencana pembinaan belum dibuat." in teks_dari(hasil)
        tombol = [a for a in hasil.iter("a") if teks_dari(a) == BUAT]
        assert [(a.get("href"), a.get("class")) for a in tombol] == [(f"/penilaian/{ev.id}/pembinaan", "tombol")]
    # The link leads to the existing pembinaan page with its form.
    Halaman(client.get(f"/penilaian/{ev.id}/pembinaan")).tombol("Simpan rencana")


@pytest.mark.parametrize("hasil,perilaku", [("sesuai", "sesuai"), ("di_atas", "di_atas"), ("di_atas", "sesuai")])
def test_hasil_baik_tanpa_tautan(client, auth, org, berjalan, hasil, perilaku):
    ev = final(org, berjalan, hasil=hasil, perilaku=perilaku)
    for siapa in ("kasi", "staf"):
        auth.login(siapa)
        for h in halaman(client, ev):
            assert BUAT not in h.teks() and "memerlukan pembinaan" not in h.teks()
            assert not h.pilih("#tindak-lanjut-pembinaan")
        auth.logout()


@pytest.mark.parametrize("siapa", ["staf", "kabid", "admin_disdik"])
def test_tautan_hanya_untuk_penilai(client, auth, org, berjalan, siapa):
    ev = final(org, berjalan)
    auth.login(siapa)
    h = Halaman(client.get(f"/skp/{ev.skp_id}/kinerja/{ev.nomor}"))
    hasil = teks_dari(h.satu("#hasil-penilaian"))
    assert BUAT not in h.teks()
    if siapa == "staf":  # the pegawai learns coaching is expected
        assert "Predikat ini memerlukan pembinaan kinerja. Pejabat penilai akan menyusun rencana pembinaan" in hasil
    else:
        assert "Pejabat penilai belum mencatat rencana pembinaan." in hasil


def test_setelah_rencana_dibuat(client, auth, org, berjalan):
    ev = final(org, berjalan)
    auth.login("kasi")
    assert buat_rencana(client, ev).status_code == 303
    for h in halaman(client, ev):
        assert BUAT not in h.teks() and "Rencana pembinaan untuk hasil ini sudah disusun." in h.teks()
        assert h.tautan("Lihat rencana pembinaan", persis=True).get("href") == f"/penilaian/{ev.id}/pembinaan"
    auth.logout()
    auth.login("staf")
    html = Halaman(client.get(f"/skp/{ev.skp_id}/kinerja/{ev.nomor}")).teks()
    assert "Pembinaan kinerja sudah direncanakan untuk hasil ini." in html
    assert "Bimbingan penyusunan laporan tiap dua minggu" in html  # the plan itself (_pembinaan.html)


# ---------------------------------------------------------------- Tugas saya

def test_tugas_saya_meminta_rencana_sampai_ada(app, client, auth, org, berjalan):
    ev = final(org, berjalan, nomor=3, hasil="di_bawah", perilaku="di_bawah")
    hitung, items = tugas(app, org, "kasi")
    assert hitung["rencana"] == 1 and len(items["rencana"]) == 1
    t = items["rencana"][0]
    assert (t.judul, t.url) == ("Rina Marpaung: Triwulan III 2026", f"/penilaian/{ev.id}/pembinaan")
    assert t.keterangan == "Predikat Sangat Kurang; rencana pembinaan belum dibuat"
    assert hitung["total"] == sum(len(v) for k, v in items.items() if k not in ("pembinaan", "hasil"))
    for orang in ("staf", "kabid", "kadis"):  # only the penilai is asked
        assert tugas(app, org, orang)[0]["rencana"] == 0, orang
    auth.login("kasi")
    h = Halaman(client.get("/tugas"))
    assert "Rencana pembinaan belum dibuat" in h.teks() and h.tautan_ke(f"/penilaian/{ev.id}/pembinaan")
    sebelum = hitung["total"]
    assert buat_rencana(client, ev).status_code == 303
    hitung, items = tugas(app, org, "kasi")
    assert hitung["rencana"] == 0 and not items["rencana"] and hitung["total"] == sebelum - 1
    assert "Rencana pembinaan belum dibuat" not in Halaman(client.get("/tugas")).teks()


def test_tugas_saya_tanpa_hasil_rendah_dan_periode_ditutup(app, org, berjalan):
    final(org, berjalan, nomor=3, hasil="sesuai", perilaku="sesuai")
    assert tugas(app, org, "kasi")[0]["rencana"] == 0
    with database:
        Evaluasi.update(predikat="butuh_perbaikan", rating_hasil="di_bawah").execute()
    assert tugas(app, org, "kasi")[0]["rencana"] == 1
    with database:
        Periode.update(status="ditutup").execute()  # a closed year asks nothing (Tugas saya's rule)
    assert tugas(app, org, "kasi")[0]["rencana"] == 0


def test_tugas_saya_cari_nama(app, client, auth, org, berjalan):
    final(org, berjalan, nomor=2, hasil="di_bawah", perilaku="sesuai")
    auth.login("kasi")
    assert "Rina Marpaung: Triwulan II 2026" in Halaman(client.get("/tugas?kelompok=rencana&q=Rina")).teks()
    assert "Rina Marpaung: Triwulan II 2026" not in Halaman(client.get("/tugas?kelompok=rencana&q=Zaenal")).teks()


def test_hitungan_kepala_satu_kueri(app, client, auth, org, berjalan):
    final(org, berjalan, nomor=1, hasil="di_bawah", perilaku="sesuai")
    auth.login("kasi")
    with app.test_request_context(), database:
        with hitung_kueri() as kueri:
            assert hitung_tugas(org["pegawai"]["kasi"])["rencana"] == 1
    assert len(kueri) == 1
    assert (Halaman(client.get("/")).menu()[0][2] or "").startswith("Tugas saya, ")
