"""Admin units: tree, create, move (paths follow), scope, cycles, deactivate."""
import pytest

from kinerja.db import database
from kinerja.models import Riwayat, Unit, ujung_subpohon
from tests.conftest import _unit, kirim
from tests.halaman import Halaman


def test_pohon_memuat_unit_dalam_lingkup(client, auth, org):
    auth.login("admin_disdik")
    html = Halaman(client.get("/admin/unit")).teks()
    assert "Dinas Pendidikan" in html and "Bidang Pembinaan SD" in html
    assert "Dinas Kesehatan" not in html
    assert client.get(f"/admin/unit/{org['unit']['dinkes'].id}").status_code == 403


def test_membuat_unit_di_bawah_lingkup(client, auth, org):
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
def test_membuat_unit_dengan_isian_salah(client, auth, org, over, pesan):
    auth.login("admin_disdik")
    if over.get("parent") == "DINKES":
        over["parent"] = str(org["unit"]["dinkes"].id)
    data = {"nama": "Bidang X", "kode": "DISDIK-X", "jenis": "bidang",
            "parent": str(org["unit"]["disdik"].id), **over}
    with database:
        n = Unit.select().count()
    r = kirim(client, "/admin/unit/baru", data, token_from="/")
    assert r.status_code == 422 and pesan in Halaman(r).teks()
    with database:
        assert Unit.select().count() == n


def test_memindah_unit_memindah_path_subpohon(client, auth, org):
    auth.login("superadmin")
    disdik, dinkes, sd = org["unit"]["disdik"], org["unit"]["dinkes"], org["unit"]["bidang_sd"]
    r = kirim(client, f"/admin/unit/{disdik.id}/ubah",
              {"nama": "Dinas Pendidikan", "kode": "DISDIK", "jenis": "dinas",
               "parent": str(dinkes.id), "version": "1"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert Unit.get_by_id(disdik.id).path == f"{dinkes.path}{disdik.id}/"
        assert Unit.get_by_id(sd.id).path == f"{dinkes.path}{disdik.id}/{sd.id}/"


def test_memindah_unit_ke_bawah_anaknya_ditolak(client, auth, org):
    auth.login("superadmin")
    disdik, sd = org["unit"]["disdik"], org["unit"]["bidang_sd"]
    r = kirim(client, f"/admin/unit/{disdik.id}/ubah",
              {"nama": "Dinas Pendidikan", "kode": "DISDIK", "jenis": "dinas",
               "parent": str(sd.id), "version": "1"}, token_from="/")
    assert r.status_code == 422  # the subtree is not even offered
    with database:
        assert Unit.get_by_id(disdik.id).parent_id == org["unit"]["pemkot"].id


def test_menonaktifkan_unit_berpegawai_ditolak(client, auth, org):
    auth.login("superadmin")
    sd = org["unit"]["bidang_sd"]
    r = kirim(client, f"/admin/unit/{sd.id}/aktif", {"aktif": "0", "version": "1"}, token_from="/")
    # Refused: the unit page again (its fresh state) with the reason, not a redirect.
    assert r.status_code == 422
    assert "masih punya 3 pegawai aktif" in Halaman(r).teks()
    with database:
        assert Unit.get_by_id(sd.id).aktif


def test_menonaktifkan_unit_kosong(client, auth, org):
    auth.login("superadmin")
    bk = org["unit"]["bkpsdm"]
    with database:
        from kinerja.models import Pegawai
        Pegawai.update(unit=org["unit"]["pemkot"]).where(Pegawai.unit == bk).execute()
    r = kirim(client, f"/admin/unit/{bk.id}/aktif", {"aktif": "0", "version": "1"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert not Unit.get_by_id(bk.id).aktif


# ---------------------------------------------------------------- subtree condition

JALUR = ["/1/", "/1/4/", "/1/4/0/", "/1/4/12/", "/1/4/9/77/", "/1/4/100/", "/1/40/", "/1/41/3/", "/1/39/",
         "/1/19/", "/1/19/5/", "/1/2/", "/1/199/", "/1/90/", "/1/91/", "/14/", "/2/4/", "/3/99/", "/3/99/9/",
         "/4/", "/9/", "/9/99/", "/10/", "/11/"]


@pytest.mark.parametrize("urutan", ["bita", "tanda_diabaikan"])
def test_ujung_subpohon_di_atas_semua_turunan(urutan):
    """The range end lies above every path below, bytewise (SQLite, ICU: "/"
    before the digits) and where "/" is ignored (glibc locales on PostgreSQL)."""
    kunci = (lambda s: s) if urutan == "bita" else (lambda s: (s.replace("/", ""), s))
    for path in JALUR:
        ujung = ujung_subpohon(path)
        for lain in JALUR:
            if lain.startswith(path):
                assert kunci(path) <= kunci(lain), (path, lain)
                assert ujung is None or kunci(lain) < kunci(ujung), (path, lain, ujung)


def test_dalam_subpohon_sama_dengan_awalan_path(org):
    """The condition finds exactly the units whose path starts with the root's,
    with sibling ids that share digits (4, 40, 41) around."""
    with database:
        induk = org["unit"]["disdik"]
        dibuat = [induk]
        for i in range(45):  # ids 6.., so siblings like 9, 19, 40, 41 and their children exist
            dibuat.append(_unit(f"Uji {i}", f"UJI-{i}", "bidang", dibuat[i // 4]))
        semua = {u.id: u.path for u in Unit.select()}
        for u in dibuat:
            ditemukan = {x.id for x in Unit.select().where(Unit.dalam_subpohon(u.path))}
            assert ditemukan == {i for i, p in semua.items() if p.startswith(u.path)}, u.path
