"""Admin units: tree, create, move (paths follow), scope, cycles, deactivate."""
import pytest

from kinerja.db import database
from kinerja.models import Riwayat, Unit
from tests.conftest import kirim, teks


def test_tree_lists_units_in_scope(client, auth, org):
    auth.login("admin_disdik")
    html = teks(client.get("/admin/unit"))
    assert "Dinas Pendidikan" in html and "Bidang Pembinaan SD" in html
    assert "Dinas Kesehatan" not in html
    assert client.get(f"/admin/unit/{org['unit']['dinkes'].id}").status_code == 403


def test_create_unit_under_scope(client, auth, org):
    auth.login("admin_disdik")
    disdik = org["unit"]["disdik"]
    r = kirim(client, "/admin/unit/baru", {"nama": "Bidang Pembinaan SMP", "kode": "disdik-smp",
                                           "jenis": "bidang", "parent": str(disdik.id)}, token_from="/")
    assert r.status_code == 303
    with database:
        u = Unit.get(Unit.kode == "DISDIK-SMP")
        assert u.path == f"{disdik.path}{u.id}/"
        assert Riwayat.select().where(Riwayat.objek == "unit", Riwayat.objek_id == u.id).count() == 1


@pytest.mark.parametrize("over,pesan", [
    ({"kode": "DINKES"}, "Kode unit sudah dipakai"),
    ({"nama": ""}, "Nama unit wajib diisi."),
    ({"parent": "DINKES"}, "Pilihan tidak valid."),
    ({"parent": "0"}, "Pilihan tidak valid."),  # scoped admin cannot make a top unit
])
def test_create_unit_bad_input(client, auth, org, over, pesan):
    auth.login("admin_disdik")
    if over.get("parent") == "DINKES":
        over["parent"] = str(org["unit"]["dinkes"].id)
    data = {"nama": "Bidang X", "kode": "DISDIK-X", "jenis": "bidang",
            "parent": str(org["unit"]["disdik"].id), **over}
    with database:
        n = Unit.select().count()
    r = kirim(client, "/admin/unit/baru", data, token_from="/")
    assert r.status_code == 422 and pesan in teks(r)
    with database:
        assert Unit.select().count() == n


def test_move_unit_moves_subtree_paths(client, auth, org):
    auth.login("superadmin")
    disdik, dinkes, sd = org["unit"]["disdik"], org["unit"]["dinkes"], org["unit"]["bidang_sd"]
    r = kirim(client, f"/admin/unit/{disdik.id}/ubah",
              {"nama": "Dinas Pendidikan", "kode": "DISDIK", "jenis": "dinas",
               "parent": str(dinkes.id), "version": "1"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert Unit.get_by_id(disdik.id).path == f"{dinkes.path}{disdik.id}/"
        assert Unit.get_by_id(sd.id).path == f"{dinkes.path}{disdik.id}/{sd.id}/"


def test_move_unit_under_own_child_refused(client, auth, org):
    auth.login("superadmin")
    disdik, sd = org["unit"]["disdik"], org["unit"]["bidang_sd"]
    r = kirim(client, f"/admin/unit/{disdik.id}/ubah",
              {"nama": "Dinas Pendidikan", "kode": "DISDIK", "jenis": "dinas",
               "parent": str(sd.id), "version": "1"}, token_from="/")
    assert r.status_code == 422  # the subtree is not even offered
    with database:
        assert Unit.get_by_id(disdik.id).parent_id == org["unit"]["pemkot"].id


def test_deactivate_unit_with_pegawai_refused(client, auth, org):
    auth.login("superadmin")
    sd = org["unit"]["bidang_sd"]
    r = kirim(client, f"/admin/unit/{sd.id}/aktif", {"aktif": "0", "version": "1"}, token_from="/")
    assert r.status_code == 303
    assert "masih punya 3 pegawai aktif" in teks(client.get(r.headers["Location"]))
    with database:
        assert Unit.get_by_id(sd.id).aktif


def test_deactivate_empty_unit(client, auth, org):
    auth.login("superadmin")
    bk = org["unit"]["bkpsdm"]
    with database:
        from kinerja.models import Pegawai
        Pegawai.update(unit=org["unit"]["pemkot"]).where(Pegawai.unit == bk).execute()
    r = kirim(client, f"/admin/unit/{bk.id}/aktif", {"aktif": "0", "version": "1"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert not Unit.get_by_id(bk.id).aktif
