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


def test_lingkup_akun_satu_aturan_untuk_baca_impor_dan_lembar(org):
    """What an account reads is one rule (kepegawaian.lingkup_akun): the read
    scope of an active account, the same for an inactive one (its power comes
    back with it), the importer's in-memory copy (lingkup_dari, memimpin) and
    the sheet's SQL (kepala_dari) agree with it for every pegawai."""
    from kinerja.impor import _DataKota
    from kinerja.kepegawaian import kepala_dari, lingkup_akun, unit_pimpinan
    from kinerja.models import Unit
    u, p = org["unit"], org["pegawai"]
    with database:
        Pegawai.update(peran="pemantau", admin_unit=u["bidang_sd"].id).where(Pegawai.id == p["staf_dinkes"].id).execute()
        semua = list(Pegawai.select())
        kota = _DataKota(set())
        for orang in semua:
            assert lingkup_akun(orang) == lingkup_baca(orang) == kota.pegawai[orang.nip]["lingkup"], orang.nama
        for unit in Unit.select():
            kepala = {x.id for x in semua if (unit_pimpinan(x) or (None, None))[1] == unit.path}
            assert set(kepala_dari(unit.path).tuples()) == {(i,) for i in kepala}, unit.nama
        assert {x.id for x in semua if unit_pimpinan(x)} == {p["kadis"].id, p["kabid"].id, p["kadinkes"].id}
        Pegawai.update(aktif=False).where(Pegawai.id == p["kadis"].id).execute()
        kadis = _segar(p["kadis"])
        assert lingkup_baca(kadis) is None and lingkup_akun(kadis) == u["disdik"].path
