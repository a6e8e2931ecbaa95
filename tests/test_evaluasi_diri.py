"""Evaluasi diri over HTTP: save, submit (what is missing listed), locked
after submit, hidden from the penilai until submitted and the penilai's
draft hidden from the pegawai, replays, stale forms, escaping."""
import uuid

import pytest

from tests.conftest import kirim
from tests.halaman import Halaman, teks_dari
from kinerja.db import database
from kinerja.models import Riwayat
from kinerja.penilaian.layanan import simpan_penilaian
from kinerja.penilaian.models import Evaluasi, EvaluasiRhk
from kinerja.skp.models import Iki, Rhk, Skp


@pytest.fixture
def staf(berjalan, auth):
    """The staf's approved SKP with a second RHK (tambahan), logged in as staf."""
    auth.login("staf")
    skp = berjalan["skp"]["staf"]
    with database:
        kedua = Rhk.create(skp=skp.id, jenis="tambahan", uraian="Membantu pendataan sekolah", urutan=1)
        Iki.create(rhk=kedua, indikator="Data sekolah terkirim", target_min=4, satuan="data")
    skp.rhk_ids = [berjalan["rhk"]["staf"].id, kedua.id]
    return skp


def url(skp, nomor=4):
    return f"/skp/{skp.id}/kinerja/{nomor}"


def kirim_diri(client, skp, aksi, isian, nomor=4, **kw):
    data = {"aksi": aksi, "version": str(evaluasi(skp, nomor).version if evaluasi(skp, nomor) else 1)}
    data.update(isian)
    return kirim(client, f"{url(skp, nomor)}/diri", data, token_from="/skp", **kw)


def evaluasi(skp, nomor=4):
    with database:
        return Evaluasi.get_or_none((Evaluasi.skp == skp.id) & (Evaluasi.nomor == nomor))


def baris(skp, nomor=4):
    with database:
        ev = evaluasi(skp, nomor)
        return {b.rhk_id: b for b in EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == ev.id)}


def lengkap(skp, uraian="Sudah 10 dari 12 laporan"):
    a, b = skp.rhk_ids
    return {f"penilaian_diri_{a}": "sesuai", f"uraian_diri_{a}": uraian, f"kendala_{a}": "Jaringan lambat",
            f"penilaian_diri_{b}": "di_atas", f"uraian_diri_{b}": "Semua data terkirim"}


def test_simpan_draf(client, staf):
    client.get(url(staf))  # the page opens the evaluation
    a, b = staf.rhk_ids
    r = kirim_diri(client, staf, "simpan", {f"penilaian_diri_{a}": "sesuai", f"uraian_diri_{a}": "Separuh"})
    assert r.status_code == 303 and r.location.endswith(f"{url(staf)}#diri")
    rows = baris(staf)
    assert (rows[a].penilaian_diri, rows[a].uraian_diri, rows[b].penilaian_diri) == ("sesuai", "Separuh", None)
    ev = evaluasi(staf)
    assert ev.status == "terbuka" and ev.version == 2
    h = Halaman(client.get(r.location))
    assert "Evaluasi diri disimpan." in h.teks() and h.isian(f"uraian_diri_{a}").value == "Separuh"
    pilihan = h.isian(f"penilaian_diri_{a}", "sesuai")
    assert pilihan.jenis == "radio" and pilihan.checked
    assert "Penilaian diri RHK tambahan 1 belum dipilih" in h.teks()  # what is still missing


def test_ajukan_tanpa_penilaian_diri_menyebut_yang_kurang(client, staf):
    client.get(url(staf))
    a, b = staf.rhk_ids
    r = kirim_diri(client, staf, "ajukan", {f"uraian_diri_{a}": "Ketikan saya tetap ada"})
    h = Halaman(r)
    html = h.teks()
    assert r.status_code == 422
    assert html.count("Pilih penilaian Anda untuk RHK ini sebelum mengajukan.") >= 2
    assert h.pilih(f'.galat-ringkas a[href="#penilaian_diri_{a}"]')
    assert h.pilih(f'.galat-ringkas a[href="#penilaian_diri_{b}"]')
    assert "Penilaian diri RHK utama 1" in html and "Penilaian diri RHK tambahan 1" in html
    assert h.isian(f"uraian_diri_{a}").value == "Ketikan saya tetap ada"
    ev = evaluasi(staf)
    assert ev.status == "terbuka" and baris(staf)[a].uraian_diri == ""


def test_ajukan_lalu_terkunci(client, staf):
    client.get(url(staf))
    r = kirim_diri(client, staf, "ajukan", lengkap(staf))
    assert r.status_code == 303
    ev = evaluasi(staf)
    assert ev.status == "diajukan" and ev.diajukan_pada is not None
    with database:
        assert Riwayat.select().where(Riwayat.aksi == "Evaluasi diri Triwulan IV-Akhir diajukan").count() == 1
    html = Halaman(client.get(r.location)).teks()
    assert "Evaluasi diri diajukan ke pejabat penilai." in html and "Menunggu penilaian" in html
    assert "Ajukan ke penilai" not in html and "Simpan realisasi" not in html
    assert "Sudah 10 dari 12 laporan" in html and "Sesuai Ekspektasi" in html and "Jaringan lambat" in html
    a, _ = staf.rhk_ids
    r = kirim(client, f"{url(staf)}/diri", {"aksi": "simpan", "version": str(ev.version),
                                            f"uraian_diri_{a}": "diubah diam-diam"}, token_from="/skp")
    assert r.status_code == 409 and "sudah diajukan" in Halaman(r).teks()
    assert baris(staf)[a].uraian_diri == "Sudah 10 dari 12 laporan"


def test_ajukan_dua_kali_dengan_kunci_sama_satu_catatan(client, staf):
    client.get(url(staf))
    kunci = str(uuid.uuid4())
    data = dict(lengkap(staf), aksi="ajukan", version="1")
    a = kirim(client, f"{url(staf)}/diri", data, token_from="/skp", submission_id=kunci)
    b = kirim(client, f"{url(staf)}/diri", data, token_from="/skp", submission_id=kunci)
    assert a.status_code == b.status_code == 303 and a.location == b.location
    with database:
        assert Evaluasi.select().where(Evaluasi.skp == staf.id).count() == 1
        assert Riwayat.select().where(Riwayat.aksi.startswith("Evaluasi diri")).count() == 1
    # A second click from another copy of the page (new key) is refused, not applied twice.
    c = kirim(client, f"{url(staf)}/diri", data, token_from="/skp")
    assert c.status_code == 409
    with database:
        assert Riwayat.select().where(Riwayat.aksi.startswith("Evaluasi diri")).count() == 1


def test_versi_basi_ditolak(client, staf):
    client.get(url(staf))
    a, _ = staf.rhk_ids
    assert kirim_diri(client, staf, "simpan", {f"uraian_diri_{a}": "dari laptop"}).status_code == 303
    r = kirim(client, f"{url(staf)}/diri", {"aksi": "simpan", "version": "1", f"uraian_diri_{a}": "dari HP"},
              token_from="/skp")
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks() and "dari HP" in Halaman(r).teks()
    assert baris(staf)[a].uraian_diri == "dari laptop"


def test_pilihan_tidak_dikenal_ditolak(client, staf):
    client.get(url(staf))
    a, _ = staf.rhk_ids
    r = kirim_diri(client, staf, "simpan", {f"penilaian_diri_{a}": "luar_biasa"})
    assert r.status_code == 422 and "Pilih di atas, sesuai, atau di bawah ekspektasi." in Halaman(r).teks()
    assert baris(staf)[a].penilaian_diri is None


@pytest.mark.parametrize("siapa", ["kasi", "kabid", "admin_disdik"])
def test_tersembunyi_dari_penilai_sampai_diajukan(client, auth, staf, siapa):
    client.get(url(staf))
    a, _ = staf.rhk_ids
    kirim_diri(client, staf, "simpan", {f"penilaian_diri_{a}": "di_atas", f"uraian_diri_{a}": "Draf rahasia saya"})
    auth.logout()
    auth.login(siapa)
    html = Halaman(client.get(url(staf))).teks()
    assert "Draf rahasia saya" not in html and "Di Atas Ekspektasi" not in html
    assert "Evaluasi diri belum diajukan oleh pegawai." in html and "Ajukan ke penilai" not in html
    auth.logout()
    auth.login("staf")
    assert kirim_diri(client, staf, "ajukan", lengkap(staf, "Draf rahasia saya")).status_code == 303
    auth.logout()
    auth.login(siapa)
    html = Halaman(client.get(url(staf))).teks()
    assert "Draf rahasia saya" in html and "Sesuai Ekspektasi" in html and "Jaringan lambat" in html


def test_draf_penilai_tidak_terlihat_pegawai(client, auth, org, staf):
    client.get(url(staf))
    kirim_diri(client, staf, "ajukan", lengkap(staf))
    a, _ = staf.rhk_ids
    with database:
        ev = evaluasi(staf)
        simpan_penilaian(org["pegawai"]["kasi"], Skp.get_by_id(staf.id), ev,
                         {f"umpan_balik_{a}": "Catatan penilai masih draf", "rating_hasil": "di_bawah"},
                         ev.version)
    html = Halaman(client.get(url(staf))).teks()
    assert "Catatan penilai masih draf" not in html and "Di Bawah Ekspektasi" not in html
    assert "Menunggu penilaian" in html
    with database:
        ev = evaluasi(staf)
        simpan_penilaian(org["pegawai"]["kasi"], Skp.get_by_id(staf.id), ev,
                         {f"umpan_balik_{a}": "Catatan penilai final", "rating_hasil": "sesuai",
                          "rating_perilaku": "sesuai"}, ev.version, finalkan=True)
    html = Halaman(client.get(url(staf))).teks()
    assert "Sudah dinilai" in html
    h = Halaman(client.get(f"/skp/{staf.id}/kinerja"))
    assert "Predikat Baik" in h.teks() and "Baik" in [teks_dari(el) for el in h.pilih("strong")]


def test_catatan_html_di_escape(client, auth, staf):
    client.get(url(staf))
    a, _ = staf.rhk_ids
    isian = lengkap(staf, "<script>alert(1)</script>")
    isian[f"kendala_{a}"] = "<img src=x onerror=alert(2)>"
    kirim_diri(client, staf, "simpan", isian)
    h = Halaman(client.get(url(staf)))
    assert "<script>alert(1)</script>" not in h.html
    assert h.isian(f"uraian_diri_{a}").value == "<script>alert(1)</script>"
    kirim_diri(client, staf, "ajukan", isian)
    auth.logout()
    auth.login("kasi")
    h = Halaman(client.get(url(staf)))
    assert "<img src=x" not in h.html and not h.pilih("img[onerror]")
    assert "<img src=x onerror=alert(2)>" in h.teks() and "<script>alert(1)</script>" in h.teks()


def test_orang_lain_tidak_bisa_mengisi(client, auth, staf):
    client.get(url(staf))
    auth.logout()
    auth.login("kasi")
    r = kirim_diri(client, staf, "ajukan", lengkap(staf))
    assert r.status_code == 403 and evaluasi(staf).status == "terbuka"
    auth.logout()
    auth.login("staf_dinkes")
    assert kirim_diri(client, staf, "simpan", lengkap(staf)).status_code == 403


def test_periode_lalu_masih_bisa_diisi_periode_depan_tidak(app, client, staf, jam):
    r = kirim_diri(client, staf, "simpan", {f"uraian_diri_{staf.rhk_ids[0]}": "Triwulan I"}, nomor=1)
    assert r.status_code == 303 and baris(staf, 1)[staf.rhk_ids[0]].uraian_diri == "Triwulan I"
    jam.setel("2026-05-10")
    r = kirim_diri(client, staf, "simpan", {}, nomor=3)
    assert r.status_code == 404 and evaluasi(staf, 3) is None
