"""create-admin and db commands."""
from kinerja.db import database
from kinerja.models import Pegawai, Riwayat
from tests.conftest import NIP, Auth


def test_buat_admin_superadmin_baru(app, runner, client, org):
    r = runner.invoke(args=["create-admin", "--nip", "198001012005011011", "--nama", "Admin Kota",
                            "--password", "sandiadmin1"])
    assert r.exit_code == 0, r.output
    with database:
        p = Pegawai.get(Pegawai.nip == "198001012005011011")
        assert p.peran == "superadmin" and p.admin_unit_id is None
        assert Riwayat.select().where(Riwayat.aksi == "admin_dibuat").count() == 1
    assert Auth(client).login("198001012005011011", "sandiadmin1").status_code == 303


def test_buat_admin_menaikkan_pegawai_dengan_lingkup(app, runner, org):
    r = runner.invoke(args=["create-admin", "--nip", NIP["kasi"], "--unit", "disdik",
                            "--password", "sandiadmin1"])
    assert r.exit_code == 0, r.output
    with database:
        p = Pegawai.get(Pegawai.nip == NIP["kasi"])
        assert p.peran == "admin" and p.admin_unit.kode == "DISDIK"


def test_buat_admin_dengan_isian_salah(app, runner, org):
    with database:
        before = Pegawai.select().count()
    for args, pesan in ((["--nip", "123", "--password", "sandiadmin1"], "NIP harus 18 angka"),
                        (["--nip", NIP["kasi"], "--unit", "XYZ", "--password", "sandiadmin1"], "tidak ada"),
                        (["--nip", NIP["kasi"], "--password", "pendek"], "paling sedikit 8")):
        r = runner.invoke(args=["create-admin", *args])
        assert r.exit_code != 0 and pesan in r.output, r.output
    with database:
        assert Pegawai.select().count() == before
        assert Pegawai.get(Pegawai.nip == NIP["kasi"]).peran == "pegawai"


def test_status_db_mendaftar_migrasi(app, runner):
    r = runner.invoke(args=["db", "status"])
    assert "x 0001_initial" in r.output
