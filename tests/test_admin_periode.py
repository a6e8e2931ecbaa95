"""Periods: superadmin creates and moves status; admins only read."""
import pytest

from kinerja.db import database
from kinerja.models import Periode, Riwayat
from tests.conftest import kirim
from tests.halaman import Halaman


def test_admin_membaca_tetapi_tidak_bisa_membuat(client, auth, org):
    auth.login("admin_disdik")
    assert "2026" in Halaman(client.get("/admin/periode")).teks()
    assert client.get("/admin/periode/baru").status_code == 403
    r = kirim(client, "/admin/periode/baru", {"tahun": "2027", "mulai": "2027-01-01",
                                              "selesai": "2027-12-31", "frekuensi": "bulanan"}, token_from="/")
    assert r.status_code == 403


def test_superadmin_membuat_periode(client, auth, org):
    auth.login("superadmin")
    r = kirim(client, "/admin/periode/baru", {"tahun": "2027", "mulai": "2027-01-01",
                                              "selesai": "2027-12-31", "frekuensi": "bulanan"}, token_from="/")
    assert r.status_code == 303
    with database:
        p = Periode.get(Periode.tahun == 2027)
        assert p.status == "perencanaan" and p.frekuensi == "bulanan"


@pytest.mark.parametrize("data,pesan", [
    ({"tahun": "2026", "mulai": "2026-01-01", "selesai": "2026-12-31"}, "Periode tahun 2026 sudah ada."),
    ({"selesai": "2028-01-01"}, "harus di tahun 2027"),
    ({"mulai": "2027-06-01", "selesai": "2027-01-01"}, "sesudah tanggal mulai"),
    ({"mulai": "31-31-2027"}, "Tanggal tidak valid"),
    ({"tahun": "dua ribu"}, "bilangan bulat"),
])
def test_membuat_periode_dengan_isian_salah(client, auth, org, data, pesan):
    auth.login("superadmin")
    base = {"tahun": "2027", "mulai": "2027-01-01", "selesai": "2027-12-31", "frekuensi": "bulanan"}
    r = kirim(client, "/admin/periode/baru", {**base, **data}, token_from="/")
    assert r.status_code == 422 and pesan in Halaman(r).teks()
    with database:
        assert Periode.select().count() == 1


def test_status_berpindah_dan_membuka_ulang_butuh_alasan(client, auth, org):
    auth.login("superadmin")
    with database:
        p = Periode.get(Periode.tahun == 2026)
    url = f"/admin/periode/{p.id}/status"
    assert kirim(client, url, {"status": "penilaian", "version": "1"}, token_from="/").status_code == 303
    assert kirim(client, url, {"status": "ditutup", "version": "2"}, token_from="/").status_code == 303
    r = kirim(client, url, {"status": "penilaian", "version": "3", "alasan": ""}, token_from="/")
    assert r.status_code == 422 and "Alasan wajib diisi" in Halaman(r).teks()
    r = kirim(client, url, {"status": "penilaian", "version": "3", "alasan": "Nilai salah input"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert Periode.get_by_id(p.id).status == "penilaian"
        r = Riwayat.select().where(Riwayat.objek == "periode").order_by(Riwayat.id.desc()).first()
        assert r.alasan == "Nilai salah input"


def test_status_melompat_ditolak(client, auth, org):
    auth.login("superadmin")
    with database:
        p = Periode.get(Periode.tahun == 2026)
    r = kirim(client, f"/admin/periode/{p.id}/status", {"status": "perencanaan", "version": "1"}, token_from="/")
    assert r.status_code == 422
    with database:
        assert Periode.get_by_id(p.id).status == "berjalan"


def test_periode_tak_dikenal_404(client, auth, org):
    auth.login("superadmin")
    assert client.get("/admin/periode/9999").status_code == 404


def test_tanggal_dan_frekuensi_terkunci_setelah_ada_evaluasi(berjalan, client, auth):
    from kinerja.penilaian.models import Evaluasi
    with database:
        periode = Periode.get(Periode.tahun == 2026)
        Evaluasi.create(skp=berjalan["skp"]["staf"].id, nomor=1)
    auth.login("superadmin")
    r = kirim(client, f"/admin/periode/{periode.id}/ubah", {
        "tahun": 2026, "mulai": "2026-01-01", "selesai": "2026-12-31", "frekuensi": "bulanan",
        "version": periode.version}, token_from="/")
    assert r.status_code == 422 and "tidak bisa diubah lagi" in Halaman(r).teks()
    with database:
        assert Periode.get_by_id(periode.id).frekuensi == "triwulanan"
