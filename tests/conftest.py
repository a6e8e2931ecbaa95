"""Shared fixtures: an app on a database copied from one built by the
migrations (SQLite or PostgreSQL: tests/mesin.py), a small organisation, and
helpers to log in and post forms with CSRF."""
import re
import uuid
from contextlib import contextmanager

import pytest
from werkzeug.security import generate_password_hash

from kinerja import create_app
from kinerja.db import KueriTetap, catat_kueri, database, migrate
from kinerja.models import Pegawai, Periode, Unit
from tests.mesin import MESIN

# Every stored query is checked against building it afresh (db.KueriTetap).
KueriTetap.CHECK = True

SANDI = "rahasia123"
HASH_METHOD = "pbkdf2:sha256:1000"  # fast in tests; production uses scrypt

NIP = {
    "superadmin": "197501012000031001",
    "admin_disdik": "198002022005012002",
    "kadis": "196805051990031003",
    "kabid": "197507072000121004",
    "kasi": "198503032010011005",
    "staf": "199001012015032006",
    "staf_dinkes": "199202022018011007",
    "kadinkes": "197003032000011008",
    "kapus": "197804042005012009",
    "petugas": "199303032019032010",
    "petugas2": "199404042020121011",
}


# The day every test stands on, whatever the real date and the machine's zone:
# Triwulan I-III of the 2026 periode are over, Triwulan IV-Akhir is running.
HARI_UJI = "2026-11-28"
ZONA_UJI = "Asia/Jakarta"


class JamUji:
    """The app's clock as a test sets it: `jam.setel("2026-05-10")` stands on
    that day (real time of day); `jam.setel("2026-12-12T23:59")` or an aware
    datetime freezes the moment. Every service, view and rule reads it."""

    def setel(self, nilai):
        from kinerja import jam
        jam.atur(ZONA_UJI, nilai)


@pytest.fixture(autouse=True)
def jam():
    """Pin the one clock for every test (tests never read the real date)."""
    from kinerja import jam as jam_kota
    jam_kota.atur(ZONA_UJI, HARI_UJI)
    yield JamUji()
    jam_kota.atur(ZONA_UJI, HARI_UJI)


def _config(url, tmp_path):
    return {
        "TESTING": True,
        "SECRET_KEY": "kunci-uji",
        "DATABASE_URL": url,
        "UPLOAD_DIR": str(tmp_path / "unggahan"),
        "PASSWORD_HASH_METHOD": HASH_METHOD,
        "HARI_INI": HARI_UJI,
        "TIMEZONE": ZONA_UJI,
    }


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_saja(alasan): the test is about SQLite itself "
                            "(its files, locks or backup API); skipped on PostgreSQL")


def pytest_collection_modifyitems(config, items):
    if MESIN.nama == "sqlite":
        return
    for item in items:
        tanda = item.get_closest_marker("sqlite_saja")
        if tanda:
            item.add_marker(pytest.mark.skip(reason="hanya SQLite: " + (tanda.args[0] if tanda.args else "")))


def tutup_db():
    if not database.is_closed():
        database.close()


@pytest.fixture(scope="session")
def _db_termigrasi(tmp_path_factory):
    """One database built by running every migration, copied for each test
    (running the migrations per test cost most of the suite's time)."""
    tmp = tmp_path_factory.mktemp("templat")
    url = MESIN.baru(tmp, "templat")
    create_app(_config(url, tmp))
    migrate()
    tutup_db()
    yield url
    MESIN.hapus(url)


@contextmanager
def kota_demo_sekali(tmp_path_factory, db_termigrasi, nama):
    """(app, {role: NIP}) of the demo city seeded once on a copy of the
    migrated database, for a module-scoped fixture; removed afterwards."""
    from kinerja.seed import seed_demo
    tmp = tmp_path_factory.mktemp(nama)
    url = MESIN.salin(db_termigrasi, tmp, "demo")
    app = create_app(_config(url, tmp))
    with app.app_context(), database:
        akun = {peran: nip for peran, nip, _ in seed_demo()}
    yield app, akun
    tutup_db()
    MESIN.hapus(url)


@pytest.fixture
def db_baru(tmp_path):
    """Make new empty databases on the tests' engine: `db_baru("nama")` -> URL.
    They are dropped when the test ends."""
    dibuat = []

    def buat(nama="baru"):
        dibuat.append(MESIN.baru(tmp_path, nama))
        return dibuat[-1]
    yield buat
    tutup_db()
    for url in dibuat:
        MESIN.hapus(url)


@pytest.fixture
def app(tmp_path, _db_termigrasi):
    url = MESIN.salin(_db_termigrasi, tmp_path, "uji")
    app = create_app(_config(url, tmp_path))
    yield app
    tutup_db()
    MESIN.hapus(url)


def _unit(nama, kode, jenis, parent=None):
    unit = Unit.create(nama=nama, kode=kode, jenis=jenis, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    unit.save()
    return unit


@pytest.fixture
def org(app):
    """A small city: Pemkot > Disdik (> Bidang SD) and Dinkes, with a chain
    kadis -> kabid -> kasi -> staf, a superadmin and an admin scoped to Disdik."""
    h = generate_password_hash(SANDI, method=HASH_METHOD)
    with database:
        u = {}
        u["pemkot"] = _unit("Pemerintah Kota Tanjungbalai", "PEMKOT", "pemkot")
        u["bkpsdm"] = _unit("Badan Kepegawaian dan Pengembangan SDM", "BKPSDM", "badan", u["pemkot"])
        u["disdik"] = _unit("Dinas Pendidikan", "DISDIK", "dinas", u["pemkot"])
        u["bidang_sd"] = _unit("Bidang Pembinaan SD", "DISDIK-SD", "bidang", u["disdik"])
        u["dinkes"] = _unit("Dinas Kesehatan", "DINKES", "dinas", u["pemkot"])

        def pg(key, nama, jabatan, jenis, unit, atasan=None, **kw):
            return Pegawai.create(nip=NIP[key], nama=nama, jabatan=jabatan, jenis_jabatan=jenis,
                                  unit=unit, atasan=atasan, password_hash=h,
                                  wajib_ganti_sandi=False, **kw)
        p = {}
        p["superadmin"] = pg("superadmin", "Siti Aminah", "Analis SDM", "fungsional", u["bkpsdm"],
                             peran="superadmin")
        p["admin_disdik"] = pg("admin_disdik", "Rudi Hartono", "Pengelola Kepegawaian", "pelaksana",
                               u["disdik"], peran="admin", admin_unit=u["disdik"])
        p["kadis"] = pg("kadis", "Drs. Ahmad Siregar", "Kepala Dinas Pendidikan", "jpt", u["disdik"])
        p["kabid"] = pg("kabid", "Nurhayati, S.Pd", "Kepala Bidang Pembinaan SD", "administrator",
                        u["bidang_sd"], p["kadis"])
        p["kasi"] = pg("kasi", "Budi Santoso", "Kepala Seksi Kurikulum SD", "pengawas",
                       u["bidang_sd"], p["kabid"])
        p["staf"] = pg("staf", "Rina Marpaung", "Pengolah Data Pendidikan", "pelaksana",
                       u["bidang_sd"], p["kasi"])
        p["kadinkes"] = pg("kadinkes", "dr. Hendra Lubis", "Kepala Dinas Kesehatan", "jpt", u["dinkes"])
        p["staf_dinkes"] = pg("staf_dinkes", "Maya Sari", "Pengelola Data Kesehatan", "pelaksana",
                              u["dinkes"], p["kadinkes"])
        Periode.create(tahun=2026, mulai="2026-01-01", selesai="2026-12-31",
                       frekuensi="triwulanan", status="berjalan")
    return {"unit": u, "pegawai": p}


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url="/login"):
    """The CSRF token from a rendered page (the meta header or a form field)."""
    html = client.get(url, follow_redirects=True).get_data(as_text=True)
    m = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'"X-CSRFToken": "([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, f"no CSRF token on {url}"
    return m.group(1)


def kirim(client, url, data=None, token_from=None, submission_id=None, **kw):
    """POST a form as a browser would: with the CSRF token and a submission_id."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, token_from or "/login"))
    data.setdefault("submission_id", submission_id or str(uuid.uuid4()))
    return client.post(url, data=data, **kw)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, key_or_nip, password=SANDI):
        nip = NIP.get(key_or_nip, key_or_nip)
        return kirim(self.client, "/login", {"nip": nip, "password": password})

    def logout(self):
        return kirim(self.client, "/logout", token_from="/")


@pytest.fixture
def auth(client):
    return Auth(client)


def teks(response):
    """The response's HTML as text."""
    return response.get_data(as_text=True)


@pytest.fixture
def rencana(org):
    """The Disdik cascade for 2026 made through the real services:
    kadis (JPT, perspektif) and kabid approved, kasi approved with RHK that
    intervene the kabid's, staf a draft with one linked RHK and one IKI."""
    from kinerja.skp.layanan import buat_skp, ubah_status
    from kinerja.skp.models import Skp
    from kinerja.skp.rencana import simpan_iki, simpan_rhk
    p = org["pegawai"]
    with database:
        periode = Periode.get(Periode.tahun == 2026)
        skp, rhk = {}, {}
        induk = None
        for key in ("kadis", "kabid", "kasi", "staf"):
            s = skp[key] = buat_skp(p[key], periode, "kuantitatif")
            data = {"jenis": "utama", "uraian": f"Meningkatnya mutu pendidikan dasar ({key})"}
            if key == "kadis":
                data["perspektif"] = "penerima_layanan"
            else:
                data["rhk_atasan"] = induk.id
            r = rhk[key] = simpan_rhk(p[key], s, data)
            simpan_iki(p[key], s, r, {"aspek": "kuantitas", "indikator": f"Jumlah laporan {key}",
                                      "target_min": "12", "satuan": "laporan"})
            if key in ("kabid", "kasi"):
                ubah_status(p[key], Skp.get_by_id(s.id), "ajukan", "", Skp.get_by_id(s.id).version)
                ubah_status(p[key].atasan, Skp.get_by_id(s.id), "setujui", "", Skp.get_by_id(s.id).version)
            induk = r
        # The kadis's penilai (Wali Kota) is outside the app: the admin records the approval.
        kadis = Skp.get_by_id(skp["kadis"].id)
        ubah_status(p["kadis"], kadis, "ajukan", "", kadis.version)
        kadis = Skp.get_by_id(skp["kadis"].id)
        ubah_status(p["admin_disdik"], kadis, "setujui", "Disetujui Wali Kota, 5 Januari 2026",
                    kadis.version)
    return {"skp": skp, "rhk": rhk, "periode": periode}


@pytest.fixture
def berjalan(rencana):
    """`rencana` with the staf's SKP approved by the kasi: realisasi and
    evaluations can start (today is in Triwulan IV-Akhir of 2026)."""
    from kinerja.skp.layanan import ubah_status
    from kinerja.skp.models import Skp
    staf = rencana["skp"]["staf"]
    with database:
        skp = Skp.get_by_id(staf.id)
        ubah_status(skp.pegawai, skp, "ajukan", "", skp.version)
        skp = Skp.get_by_id(staf.id)
        ubah_status(skp.penilai, skp, "setujui", "", skp.version)
    return rencana


# Count the SQL statements run inside a block: `with hitung_kueri() as kueri:`.
hitung_kueri = catat_kueri


@pytest.fixture
def puskesmas(org):
    """`org` with a unit that serves the public: UPT Puskesmas (under Dinkes)
    headed by the kapus (atasan: kadinkes), two petugas reporting to the
    kapus, and a catalogue of two services: "Pendaftaran pasien" (15 min,
    both petugas) and "Surat keterangan sehat" (30 min, petugas only)."""
    from kinerja.warga.models import Layanan, PetugasLayanan
    h = generate_password_hash(SANDI, method=HASH_METHOD)
    with database:
        unit = _unit("UPT Puskesmas Sei Tualang Raso", "PKM-STR", "upt", org["unit"]["dinkes"])

        def pg(key, nama, jabatan, jenis, atasan):
            return Pegawai.create(nip=NIP[key], nama=nama, jabatan=jabatan, jenis_jabatan=jenis, unit=unit,
                                  atasan=atasan, password_hash=h, wajib_ganti_sandi=False)
        kapus = pg("kapus", "dr. Lina Harahap", "Kepala UPT Puskesmas", "pengawas", org["pegawai"]["kadinkes"])
        petugas = pg("petugas", "Dewi Lestari", "Pengadministrasi Pelayanan", "pelaksana", kapus)
        petugas2 = pg("petugas2", "Fajar Nasution", "Pengadministrasi Pelayanan", "pelaksana", kapus)
        daftar = Layanan.create(unit=unit, nama="Pendaftaran pasien", standar_menit=15)
        surat = Layanan.create(unit=unit, nama="Surat keterangan sehat", standar_menit=30)
        for layanan, orang in ((daftar, petugas), (daftar, petugas2), (surat, petugas)):
            PetugasLayanan.create(layanan=layanan, pegawai=orang)
    return {"unit": unit, "kapus": kapus, "petugas": petugas, "petugas2": petugas2,
            "layanan": {"daftar": daftar, "surat": surat}, "org": org}
