"""Demo city and synthetic city: structure, NIPs, hierarchy, accounts, the CLI."""
import re

import pytest
from werkzeug.security import check_password_hash

from kinerja import create_app
from kinerja.db import database, migrate
from kinerja.models import Pegawai, Periode, Unit
from kinerja.rules import cari_siklus, periksa_nip, urai_nip_pns
from kinerja.seed import DEMO_PEGAWAI, DEMO_SANDI, seed_demo, seed_sintetis
from tests.conftest import HASH_METHOD, Auth

PERAN_DEMO = ["superadmin", "admin", "atasan_penilai", "atasan", "pegawai", "pemantau", "lurah",
              "petugas_layanan"]
BARIS_LOGIN = re.compile(r"^demo-login: (\S+) (\S+) (\S+)$", re.M)


def _jalankan(app, fungsi, *args):
    """Call a seed function as the CLI does: in the app context, on one connection."""
    with app.app_context(), database.connection_context():
        return fungsi(*args)


def _cli(app, runner, *args):
    """Run a CLI command as `flask --app app ...` would."""
    return runner.invoke(args=list(args))


@pytest.fixture
def demo(app):
    return {peran: nip for peran, nip, _ in _jalankan(app, seed_demo)}


def _hitung():
    with database:
        return Pegawai.select().count(), Unit.select().count(), Periode.select().count()


def _semua():
    """Every pegawai with its unit, by id."""
    with database:
        return {p.id: p for p in Pegawai.select(Pegawai, Unit).join(Unit, on=(Pegawai.unit == Unit.id))}


def _opd_path(unit):
    """Path prefix of the OPD (the level under the root) containing `unit`."""
    return "/".join(unit.path.split("/")[:3]) + "/"


def _periksa_nip_semua(pegawai):
    """Every NIP valid for its ASN kind, unique, and plausible for a PNS."""
    nips = [p.nip for p in pegawai.values()]
    assert len(set(nips)) == len(nips)
    for p in pegawai.values():
        assert periksa_nip(p.nip, p.jenis_asn) == p.nip
        if p.jenis_asn == "pns":
            bagian = urai_nip_pns(p.nip)
            assert 18 <= bagian.tmt.year - bagian.lahir.year <= 40, p.nip
            assert bagian.lahir.year >= 1966, p.nip  # not past retirement age


def _periksa_hierarki(pegawai):
    """No cycles; only OPD heads lack an atasan; every atasan is in the same OPD."""
    assert cari_siklus({p.id: p.atasan_id for p in pegawai.values()}) == set()
    for p in pegawai.values():
        if p.atasan_id is None:
            assert p.unit.depth == 1, f"{p.nama} tanpa atasan bukan kepala OPD"
        else:
            assert _opd_path(pegawai[p.atasan_id].unit) == _opd_path(p.unit), p.nama


# ---------------------------------------------------------------- demo city

def test_kota_demo_unit_dan_periode(app, demo):
    with database:
        unit = {u.kode: u for u in Unit.select()}
        per_id = {u.id: u for u in unit.values()}
        root = unit["PEMKOT"]
        assert root.nama == "Pemerintah Kota Tanjungbalai" and root.parent_id is None
        assert root.path == f"/{root.id}/"
        for u in unit.values():
            if u.parent_id:
                assert u.path == f"{per_id[u.parent_id].path}{u.id}/"
            assert u.kode == u.kode.upper()

        def anak(kode):
            return {u.nama: u.jenis for u in unit[kode].children}
        assert unit["DISDIK"].nama == "Dinas Pendidikan"
        assert {"Bidang Pembinaan SD", "Bidang Pembinaan SMP"} <= set(anak("DISDIK"))
        assert "sekretariat" in anak("DISDIK").values()
        assert unit["DINKES"].nama == "Dinas Kesehatan"
        assert {"Bidang Kesehatan Masyarakat", "Bidang Pencegahan dan Pengendalian Penyakit"} <= set(anak("DINKES"))
        assert any(n.startswith("UPT Puskesmas") and j == "upt" for n, j in anak("DINKES").items())
        kecamatan = [u for u in unit.values() if u.jenis == "kecamatan"]
        assert len(kecamatan) == 1
        assert anak(kecamatan[0].kode) == {"Kelurahan Pahang": "kelurahan", "Kelurahan Sijambi": "kelurahan"}
        assert unit["BKPSDM"].jenis == "badan" and unit["SETDA"].jenis == "sekretariat"
        periode = {p.tahun: p for p in Periode.select()}
        assert set(periode) == {2025, 2026, 2027}  # two years live at once: 2026 rated, 2027 planned
        assert [periode[t].status for t in (2025, 2026, 2027)] == ["ditutup", "berjalan", "perencanaan"]
        assert str(periode[2026].mulai) == "2026-01-01" and str(periode[2026].selesai) == "2026-12-31"
        assert {p.frekuensi for p in periode.values()} == {"triwulanan"}


def test_nip_pegawai_demo_sah_unik_dan_ada_pppk(app, demo):
    pegawai = _semua()
    assert len(pegawai) >= 40
    _periksa_nip_semua(pegawai)
    assert sum(p.jenis_asn == "pppk" for p in pegawai.values()) >= 2
    assert {p.jenis_jabatan for p in pegawai.values()} == {
        "jpt", "administrator", "pengawas", "pelaksana", "fungsional"}


def test_hierarki_demo_tanpa_siklus_dan_tetap_dalam_opd(app, demo):
    _periksa_hierarki(_semua())


def test_akun_demo_rantai_peran_dan_lingkup(app, demo):
    assert list(demo) == PERAN_DEMO
    with database:
        akun = {peran: Pegawai.get(Pegawai.nip == nip) for peran, nip in demo.items()}
        dinkes = Unit.get(Unit.kode == "DINKES")
        pegawai, atasan, penilai = akun["pegawai"], akun["atasan"], akun["atasan_penilai"]
        assert pegawai.atasan_id == atasan.id and atasan.atasan_id == penilai.id
        assert pegawai.jenis_jabatan == "pelaksana"
        assert atasan.jenis_jabatan == "pengawas" and atasan.jabatan.startswith("Kepala Seksi")
        assert penilai.jenis_jabatan == "administrator" and penilai.jabatan.startswith("Kepala Bidang")
        assert all(dinkes.contains(p.unit) for p in (pegawai, atasan, penilai))
        assert 3 <= atasan.bawahan.count() <= 5
        assert penilai.atasan.jenis_jabatan == "jpt"

        superadmin, admin = akun["superadmin"], akun["admin"]
        assert superadmin.peran == "superadmin" and superadmin.unit.kode == "BKPSDM"
        assert "Analis SDM" in superadmin.jabatan and superadmin.scope_path() == ""
        assert admin.peran == "admin" and admin.admin_unit_id == dinkes.id
        # the pemantau reads the Dinas Kesehatan from outside it and manages nothing
        pemantau = akun["pemantau"]
        assert pemantau.peran == "pemantau" and pemantau.admin_unit_id == dinkes.id
        assert not dinkes.contains(pemantau.unit) and pemantau.scope_path() is None
        assert dinkes.contains(admin.unit) and admin.jabatan == "Pengelola Kepegawaian"
        assert admin.scope_path() == dinkes.path
        lain = Pegawai.select().where(Pegawai.nip.not_in(list(demo.values())))
        assert {p.peran for p in lain} == {"pegawai"}

        semua = list(Pegawai.select())
        assert {p.password_hash for p in semua} == {semua[0].password_hash}  # hashed once
        assert check_password_hash(semua[0].password_hash, DEMO_SANDI)
        assert not any(p.wajib_ganti_sandi for p in semua)


def test_disdik_demo_berantai_sama(app, demo):
    pegawai = _semua()
    disdik = next(p.unit for p in pegawai.values() if p.unit.kode == "DISDIK")
    rantai = set()
    for p in pegawai.values():
        if disdik.contains(p.unit) and p.jenis_jabatan in ("pelaksana", "fungsional") and p.atasan_id:
            a = pegawai[p.atasan_id]
            b = pegawai.get(a.atasan_id)
            c = b and pegawai.get(b.atasan_id)
            rantai.add((a.jenis_jabatan, b and b.jenis_jabatan, c and c.jenis_jabatan))
    assert ("pengawas", "administrator", "jpt") in rantai


def test_seed_demo_dua_kali_ditolak_dan_tidak_mengubah_apa_pun(app, demo):
    sebelum = _hitung()
    with pytest.raises(ValueError, match="Data demo sudah ada"):
        _jalankan(app, seed_demo)
    assert _hitung() == sebelum


# ---------------------------------------------------------------- CLI

def test_cli_seed_demo_mencetak_lima_akun(app, runner):
    result = _cli(app, runner, "seed-demo")
    assert result.exit_code == 0, result.output
    baris = BARIS_LOGIN.findall(result.output)
    assert [peran for peran, _, _ in baris] == PERAN_DEMO
    assert len(re.findall(r"^demo-login:", result.output, re.M)) == 8
    with database:
        for peran, nip, sandi in baris:
            assert sandi == DEMO_SANDI
            p = Pegawai.get(Pegawai.nip == nip)
            assert p.peran == {"superadmin": "superadmin", "admin": "admin",
                               "pemantau": "pemantau"}.get(peran, "pegawai")


def test_cli_seed_demo_pada_basis_data_berisi_gagal_dan_tidak_mengubah_apa_pun(app, runner):
    assert _cli(app, runner, "seed-demo").exit_code == 0
    sebelum = _hitung()
    result = _cli(app, runner, "seed-demo")
    assert result.exit_code != 0
    assert "Basis data sudah berisi data" in result.output
    assert "demo-login" not in result.output
    assert _hitung() == sebelum


def test_cli_seed_demo_if_empty_tidak_berbuat_apa_pun_pada_basis_data_berisi(app, runner):
    assert _cli(app, runner, "seed-demo").exit_code == 0
    sebelum = _hitung()
    result = _cli(app, runner, "seed-demo", "--if-empty")
    assert result.exit_code == 0
    assert "sudah berisi" in result.output
    # `make run` on a filled database still reminds of the demo logins
    assert len(BARIS_LOGIN.findall(result.output)) == 8
    assert _hitung() == sebelum


def test_setiap_akun_demo_bisa_masuk_lewat_http(app, runner, client):
    baris = BARIS_LOGIN.findall(_cli(app, runner, "seed-demo").output)
    assert len(baris) == 8
    auth = Auth(client)
    for peran, nip, sandi in baris:
        r = auth.login(nip, sandi)
        assert r.status_code == 303, peran
        assert r.headers["Location"] == "/"  # no forced password change
        auth.logout()


def test_cli_seed_demo_dengan_kota_sintetis(app, runner):
    result = _cli(app, runner, "seed-demo", "--pegawai", "200")
    assert result.exit_code == 0, result.output
    assert "Kota sintetis dibuat: 200 pegawai." in result.output
    baris = BARIS_LOGIN.findall(result.output)
    assert [peran for peran, _, _ in baris] == PERAN_DEMO
    pegawai = _semua()
    with database:
        assert Unit.select().where(Unit.parent.is_null()).count() == 1  # one shared root
        kode = [u.kode for u in Unit.select()]
        sintetis = [k for k in kode if re.fullmatch(r"S\d\d(-\d\d)?", k)]
        demo_kode = set(kode) - set(sintetis) - {"PEMKOT"}
    assert len(set(kode)) == len(kode) and sintetis and "DINKES" in demo_kode
    assert len(pegawai) == 200 + len(DEMO_PEGAWAI)
    _periksa_nip_semua(pegawai)
    _periksa_hierarki(pegawai)
    nip_demo = {nip for _, nip, _ in baris}
    assert nip_demo <= {p.nip for p in pegawai.values()}


# ---------------------------------------------------------------- synthetic city

@pytest.mark.parametrize("n", [1, 9, 300, 1000])
def test_seed_sintetis_membuat_tepat_n(app, n):
    assert _jalankan(app, seed_sintetis, n) == n
    pegawai = _semua()
    assert len(pegawai) == n
    _periksa_nip_semua(pegawai)
    _periksa_hierarki(pegawai)
    with database:
        kode = [u.kode for u in Unit.select().where(Unit.parent.is_null(False))]
    assert kode and all(re.fullmatch(r"S\d\d(-\d\d)?", k) for k in kode)
    hashes = {p.password_hash for p in pegawai.values()}
    assert len(hashes) == 1 and check_password_hash(hashes.pop(), DEMO_SANDI)
    assert not any(p.wajib_ganti_sandi for p in pegawai.values())


def test_hierarki_seed_sintetis_wajar(app):
    _jalankan(app, seed_sintetis, 1000)
    pegawai = _semua()
    bawahan = {}
    for p in pegawai.values():
        bawahan.setdefault(p.atasan_id, []).append(p)
    with database:
        opd = [u for u in Unit.select() if u.depth == 1]
        assert len(opd) == 6
        for u in opd:
            assert 3 <= u.children.count() <= 5
    kepala = bawahan[None]
    assert len(kepala) == len(opd)  # exactly one head per OPD
    for k in kepala:
        assert k.jenis_jabatan in ("jpt", "administrator")
        assert all(b.jenis_jabatan in ("administrator", "pengawas") for b in bawahan[k.id])
    for p in pegawai.values():
        staf = [b for b in bawahan.get(p.id, []) if b.jenis_jabatan in ("pelaksana", "fungsional")]
        if staf:
            assert p.jenis_jabatan in ("administrator", "pengawas")
            assert len(staf) <= 15 and all(b.unit_id == p.unit_id for b in staf)
        if p.jenis_jabatan == "pengawas" and p.atasan_id:
            assert pegawai[p.atasan_id].jenis_jabatan in ("jpt", "administrator", "pengawas")
    spans = [len(v) for k, v in bawahan.items() if k and pegawai[k].unit.depth == 2]
    assert sum(spans) / len(spans) >= 5


def test_seed_sintetis_setelah_demo_dan_dua_kali_tanpa_bentrok(app, demo):
    _jalankan(app, seed_sintetis, 150)
    _jalankan(app, seed_sintetis, 150)
    pegawai = _semua()
    assert len(pegawai) == len(DEMO_PEGAWAI) + 300
    _periksa_nip_semua(pegawai)
    _periksa_hierarki(pegawai)
    with database:
        assert Unit.select().where(Unit.parent.is_null()).count() == 1
        assert {"S01", "S02"} <= {u.kode for u in Unit.select()}


def test_seed_sintetis_deterministik(app, db_baru):
    def isi():
        with database:
            return sorted(Pegawai.select(Pegawai.nip, Pegawai.nama, Pegawai.jabatan).tuples())
    _jalankan(app, seed_sintetis, 300)
    pertama = isi()
    app2 = create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                       "DATABASE_URL": db_baru("kedua")})
    migrate()
    _jalankan(app2, seed_sintetis, 300)
    assert isi() == pertama
