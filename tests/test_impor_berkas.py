"""Import refusals: whole files that are refused with a clear message and
leave nothing stored (no batch, no pegawai)."""

import pytest

from tests.conftest import kirim
from tests.halaman import Halaman
from tests.test_impor import KOLOM, SEPULUH, csv_bytes, jumlah, unggah

# ---------------------------------------------------------------- refusals

def xls_palsu():
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


@pytest.mark.parametrize("isi,nama,status,pesan", [
    (b"", "kosong.csv", 422, "Berkas kosong."),
    (KOLOM.encode() + b"\r\n\r\n", "judul.csv", 422, "Berkas hanya berisi judul kolom"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "foto.csv", 422, "Berkas ini bukan CSV atau XLSX."),
    (b"MZ\x90\x00\x03\x00\x00\x00" * 20, "program.csv", 422, "Berkas ini bukan CSV atau XLSX."),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "surat.csv", 422, "Berkas ini bukan CSV atau XLSX."),
    (b"PK\x03\x04" + b"rusak" * 50, "rusak.xlsx", 422, "Berkas XLSX rusak atau bukan buku kerja Excel."),
    (xls_palsu(), "lama.xls", 422, "Berkas .xls (Excel versi lama) tidak bisa dibaca."),
    (b"nip,nama,unit\r\n199505052019031105,A,DISDIK\r\n", "kurang.csv", 422,
     "Kolom wajib tidak ada: jabatan, jenis_jabatan, kode_unit."),
])
def test_berkas_ditolak(client, auth, org, isi, nama, status, pesan):
    auth.login("admin_disdik")
    sebelum = jumlah()
    r = unggah(client, isi, nama)
    assert r.status_code == status
    h = Halaman(r)
    assert pesan.lower() in h.teks_galat().lower()
    assert h.teks(".galat-ringkas h2") == "Periksa isian berikut" and h.isian("berkas").jenis == "file"
    assert jumlah() == sebelum


def test_xls_lama_disebut_jelas(client, auth, org):
    auth.login("admin_disdik")
    html = Halaman(unggah(client, xls_palsu(), "lama.xls")).teks()
    assert "Berkas .xls (Excel versi lama) tidak bisa dibaca" in html and ".xlsx" in html


def test_tanpa_berkas(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/impor", {}, token_from="/admin/impor", content_type="multipart/form-data")
    assert r.status_code == 422 and "Pilih berkas CSV atau XLSX dulu." in Halaman(r).teks()
    assert jumlah()[1] == 0


def test_berkas_terlalu_besar(client, auth, org, app):
    app.config["MAX_IMPORT_BYTES"] = 1024
    auth.login("admin_disdik")
    sebelum = jumlah()
    r = unggah(client, csv_bytes(SEPULUH * 5))
    assert r.status_code == 413
    assert "Berkas lebih besar dari batas 1 KB" in Halaman(r).teks()
    assert jumlah() == sebelum
    # Far over the limit: refused before the idempotency hash reads it whole.
    r = unggah(client, b"nip,nama\r\n" + b"1" * 200_000)
    assert r.status_code == 413 and "Berkas lebih besar dari batas 1 KB" in Halaman(r).teks()
    assert Halaman(r).ada_isian("submission_id") and jumlah() == sebelum
    app.config["MAX_IMPORT_BYTES"] = 2 * 1024 * 1024
    assert "Paling besar 2 MB" in Halaman(client.get("/admin/impor")).teks()


def test_terlalu_banyak_baris(client, auth, org, app):
    app.config["MAX_IMPORT_ROWS"] = 5
    auth.login("admin_disdik")
    sebelum = jumlah()
    r = unggah(client, csv_bytes(SEPULUH))
    assert r.status_code == 422 and "lebih dari 5 baris pegawai" in Halaman(r).teks()
    assert jumlah() == sebelum


