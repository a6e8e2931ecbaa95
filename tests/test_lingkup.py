"""Read scope (kinerja.lingkup): whose records each role may read for the rekap."""
from kinerja.db import database
from kinerja.lingkup import lingkup_baca, unit_lingkup, unit_terbaca
from kinerja.models import Pegawai


def _segar(p):
    return Pegawai.get_by_id(p.id)


def test_lingkup_tiap_peran(org):
    u, p = org["unit"], org["pegawai"]
    with database:
        assert lingkup_baca(_segar(p["superadmin"])) == ""
        assert lingkup_baca(_segar(p["admin_disdik"])) == u["disdik"].path
        assert lingkup_baca(_segar(p["kadis"])) == u["disdik"].path  # head of the dinas
        assert lingkup_baca(_segar(p["kabid"])) == u["bidang_sd"].path  # head of the bidang
        # kasi sits in the same unit as their atasan: not a unit head
        assert lingkup_baca(_segar(p["kasi"])) is None
        assert lingkup_baca(_segar(p["staf"])) is None


def test_pemantau_membaca_subpohon_unitnya(org):
    u, p = org["unit"], org["pegawai"]
    with database:
        staf = _segar(p["staf_dinkes"])
        staf.peran, staf.admin_unit = "pemantau", u["disdik"]
        staf.save()
        staf = _segar(staf)
        assert lingkup_baca(staf) == u["disdik"].path
        assert unit_terbaca(staf, u["bidang_sd"]) and not unit_terbaca(staf, u["dinkes"])
        assert [x.id for x in unit_lingkup(staf)] == [u["disdik"].id, u["bidang_sd"].id]
        # an inactive account reads nothing
        staf.aktif = False
        staf.save()
        assert lingkup_baca(_segar(staf)) is None
        assert list(unit_lingkup(_segar(staf))) == []


def test_admin_yang_juga_kepala_membaca_yang_lebih_luas(org):
    u, p = org["unit"], org["pegawai"]
    with database:
        kabid = _segar(p["kabid"])
        kabid.peran, kabid.admin_unit = "admin", u["disdik"]
        kabid.save()
        assert lingkup_baca(_segar(kabid)) == u["disdik"].path
