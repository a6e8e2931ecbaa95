"""Backup and restore (flask backup / restore) and the retention purge
(flask bersihkan): a backup restored into an empty instance holds every
record and every uploaded file; a damaged archive is refused before anything
is touched; short-lived rows go after their time, nothing else does."""
import datetime
import io
import os
import tarfile

import pytest
from peewee import fn

from kinerja import create_app
from kinerja.db import database, migrate
from kinerja.jam import sekarang
from kinerja.models import GagalMasuk, ImporBatch, Pegawai, Pengajuan, Periode, Riwayat, Sesi
from kinerja.pemeliharaan import semua_model
from kinerja.penilaian.bukti import jalur
from kinerja.penilaian.models import Berkas, Bukti
from kinerja.seed import DEMO_SANDI, seed_demo
from kinerja.skp.models import Iki, Rhk, Skp
from tests.conftest import HARI_UJI, HASH_METHOD, NIP, ZONA_UJI, Auth, kirim

NIP_KASI = "198406152009032007"  # the demo's Kepala Seksi Kesga: an approved SKP 2026

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _isi(app, client, auth, berjalan):
    """Real data: the org and cascade, and one uploaded evidence file."""
    skp = berjalan["skp"]["staf"]
    with database:
        iki = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
    auth.login("staf")
    r = kirim(client, f"/skp/{skp.id}/kinerja/4/iki/{iki.id}/bukti",
              {"berkas": (io.BytesIO(PDF), "laporan.pdf")}, token_from="/skp", content_type="multipart/form-data")
    assert r.status_code == 303


def _hitung():
    with database:
        return {m.__name__: m.select().count() for m in (Pegawai, Riwayat, Bukti, Berkas)}


def _hitung_semua():
    with database:
        return {m.__name__: m.select().count() for m in semua_model()}


def _pulihkan_ke_instans_baru(arsip, url, folder):
    """A new, empty instance elsewhere that restores `arsip`; returns its app."""
    app2 = create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                       "DATABASE_URL": url, "UPLOAD_DIR": str(folder / "unggahan")})
    r = app2.test_cli_runner().invoke(args=["restore", arsip])
    assert r.exit_code == 0, r.output
    return app2


def _berkas_dilayani(app2, sidik, path_lama):
    """The restored file is in the new upload folder and served to its owner."""
    with app2.app_context():
        path_baru = jalur(sidik)
    assert path_baru != path_lama and open(path_baru, "rb").read() == PDF
    c = app2.test_client()
    Auth(c).login("staf")
    with database:
        bukti = Bukti.get()
    assert c.get(f"/bukti/{bukti.id}").data == PDF


def test_cadangan_dipulihkan_ke_instans_kosong(app, client, auth, berjalan, tmp_path, db_baru):
    """On either engine: a backup taken while the app runs, restored into an
    empty database of the same engine, holds every row and every file."""
    _isi(app, client, auth, berjalan)
    sebelum = _hitung_semua()
    with database:
        sidik = Berkas.get().sha256
    with app.app_context():
        path_berkas = jalur(sidik)
    r = app.test_cli_runner().invoke(args=["backup", "--ke", str(tmp_path / "cadangan")])
    assert r.exit_code == 0, r.output
    arsip = r.output.split("cadangan: ", 1)[1].strip()
    assert os.path.exists(arsip + ".sha256") and os.stat(arsip).st_mode & 0o077 == 0

    app2 = _pulihkan_ke_instans_baru(arsip, db_baru("pulih"), tmp_path / "baru")
    assert _hitung_semua() == sebelum
    _berkas_dilayani(app2, sidik, path_berkas)


def test_pindah_dari_sqlite(tmp_path, db_baru):
    """The move of README "Pindah ke PostgreSQL": a SQLite instance with the
    demo city and an uploaded file, `backup` there and `restore` into an empty
    database of the tests' engine (PostgreSQL under make test-pg). Every row
    of every table arrives with its id, the file is served, logins work, and
    new rows get new ids."""
    lama = create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                       "HARI_INI": HARI_UJI, "TIMEZONE": ZONA_UJI,
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'lama' / 'kinerja.db'}",
                       "UPLOAD_DIR": str(tmp_path / "lama" / "unggahan")})
    migrate()
    with lama.app_context(), database.connection_context():
        seed_demo()
        skp = Skp.get((Skp.pegawai == Pegawai.get(Pegawai.nip == NIP_KASI).id)
                      & (Skp.periode == Periode.get(Periode.tahun == 2026).id))
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).first()
    c = lama.test_client()
    assert Auth(c).login(NIP_KASI, DEMO_SANDI).status_code == 303
    r = kirim(c, f"/skp/{skp.id}/kinerja/4/iki/{iki.id}/bukti", {"berkas": (io.BytesIO(PDF), "laporan.pdf")},
              token_from="/skp", content_type="multipart/form-data")
    assert r.status_code == 303
    sebelum = _hitung_semua()
    with database:
        sidik, bukti = Berkas.get().sha256, Bukti.get(Bukti.berkas.is_null(False))
        id_terakhir = Riwayat.select(fn.MAX(Riwayat.id)).scalar()
    with lama.app_context():
        path_lama = jalur(sidik)
    r = lama.test_cli_runner().invoke(args=["backup", "--ke", str(tmp_path / "cadangan")])
    assert r.exit_code == 0, r.output
    arsip = r.output.split("cadangan: ", 1)[1].strip()

    baru = _pulihkan_ke_instans_baru(arsip, db_baru("pindahan"), tmp_path / "baru")
    assert _hitung_semua() == sebelum and sebelum["Pegawai"] > 40 and sebelum["Riwayat"] > 0
    with baru.app_context():
        assert open(jalur(sidik), "rb").read() == PDF and jalur(sidik) != path_lama
    c = baru.test_client()
    assert Auth(c).login(NIP_KASI, DEMO_SANDI).status_code == 303
    assert c.get(f"/bukti/{bukti.id}").data == PDF
    assert c.get(f"/skp/{skp.id}").status_code == 200
    with database:  # the ids go on after the largest copied one
        assert Riwayat.create(objek="uji", objek_id=1, aksi="uji", data="{}").id > id_terakhir
    assert baru.test_client().get("/healthz").status_code == 200


def test_arsip_rusak_ditolak_tanpa_menyentuh_apa_pun(app, client, auth, berjalan, tmp_path):
    _isi(app, client, auth, berjalan)
    r = app.test_cli_runner().invoke(args=["backup", "--ke", str(tmp_path)])
    arsip = r.output.split("cadangan: ", 1)[1].strip()
    # A changed byte in the middle of the archive.
    data = bytearray(open(arsip, "rb").read())
    data[len(data) // 2] ^= 0xFF
    rusak = tmp_path / "rusak.tar.gz"
    rusak.write_bytes(bytes(data))
    (tmp_path / "rusak.tar.gz.sha256").write_text(open(arsip + ".sha256").read())
    sebelum = _hitung()
    r = app.test_cli_runner().invoke(args=["restore", "--timpa", str(rusak)])
    assert r.exit_code != 0 and "Arsip rusak" in r.output
    assert _hitung() == sebelum


def test_arsip_dengan_manifest_palsu_ditolak(app, org, tmp_path):
    palsu = tmp_path / "palsu.tar.gz"
    with tarfile.open(palsu, "w:gz") as tar:
        isi = b'{"berkas": {"kinerja.db": "00"}}'
        info = tarfile.TarInfo("MANIFEST.json")
        info.size = len(isi)
        tar.addfile(info, io.BytesIO(isi))
        info = tarfile.TarInfo("kinerja.db")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))
    r = app.test_cli_runner().invoke(args=["restore", "--timpa", str(palsu)])
    assert r.exit_code != 0 and "tidak cocok" in r.output


def test_pulihkan_tidak_menimpa_basis_data_berisi_tanpa_timpa(app, client, auth, berjalan, tmp_path):
    _isi(app, client, auth, berjalan)
    r = app.test_cli_runner().invoke(args=["backup", "--ke", str(tmp_path)])
    arsip = r.output.split("cadangan: ", 1)[1].strip()
    r = app.test_cli_runner().invoke(args=["restore", arsip])
    assert r.exit_code != 0 and "--timpa" in r.output
    with database:  # a change after the backup, which --timpa takes back
        Pegawai.update(nama="Diubah").where(Pegawai.nip == NIP["staf"]).execute()
    r = app.test_cli_runner().invoke(args=["restore", "--timpa", arsip])
    assert r.exit_code == 0, r.output
    with database:
        assert Pegawai.get(Pegawai.nip == NIP["staf"]).nama == "Rina Marpaung"


def test_bersihkan_menghapus_yang_lewat_masanya_saja(app, org, runner):
    staf = org["pegawai"]["staf"]
    lama = sekarang() - datetime.timedelta(days=31)
    with database:
        Pengajuan.create(kunci="lama-" + "a" * 10, pegawai=staf.id, hash="x", status=303, waktu=lama)
        Pengajuan.create(kunci="baru-" + "a" * 10, pegawai=staf.id, hash="x", status=303)
        ImporBatch.create(pegawai=staf.id, nama_file="a.csv", baris="[]", dibuat=lama)
        ImporBatch.create(pegawai=staf.id, nama_file="b.csv", baris="[]")
        GagalMasuk.create(kunci="addr:x", waktu=lama)
        GagalMasuk.create(kunci="addr:y")
        Sesi.create(pegawai=staf.id, kunci="k1", dibuat=lama, terakhir=lama)
        Sesi.create(pegawai=staf.id, kunci="k2")
    r = runner.invoke(args=["bersihkan"])
    assert r.exit_code == 0 and "pengajuan 1, impor 1, gagal_masuk 1, sesi 1" in r.output
    with database:
        assert [p.kunci[:4] for p in Pengajuan.select()] == ["baru"]
        assert [b.nama_file for b in ImporBatch.select()] == ["b.csv"]
        assert [g.kunci for g in GagalMasuk.select()] == ["addr:y"]
        assert [s.kunci for s in Sesi.select()] == ["k2"]
        assert Pegawai.select().count() == 8  # nothing else goes


def test_migrasi_turun_dan_naik_lagi(db_baru):
    """Every migration's down runs on a database full of data (the demo city,
    with history longer than the old columns), and up again after it."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": db_baru("m"),
                      "PASSWORD_HASH_METHOD": HASH_METHOD})
    migrate()
    with app.app_context(), database.connection_context():
        seed_demo()
        assert Riwayat.select().where(fn.LENGTH(Riwayat.aksi) > 40).exists()
    r = app.test_cli_runner().invoke(args=["db", "down", "0001_initial"])
    assert r.exit_code == 0, r.output
    diulang = migrate()
    assert "0005_sesi" in diulang and "0002_skp" in diulang
    assert app.test_client().get("/healthz").status_code == 200


@pytest.mark.sqlite_saja("sqlite_stat1")
def test_statistik_perencana_diperbarui(app, org, runner):
    """ANALYZE runs after migrations and seeding: the planner knows the tables' sizes."""
    from kinerja.db import perbarui_statistik
    with database:
        perbarui_statistik()
        tabel = {row[0] for row in database.execute_sql("SELECT tbl FROM sqlite_stat1")}
    assert {"pegawai", "unit"} <= tabel


def test_migrasi_0011_turun_membawa_riwayatnya(db_baru):
    """Down of 0011 drops the suara warga tables and their history rows: after
    an up again, ids are reused, and a new complaint must not show an old
    one's answers."""
    import importlib
    m11 = importlib.import_module("migrations.0011_suara_warga")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": db_baru("m11"),
                      "PASSWORD_HASH_METHOD": HASH_METHOD})
    migrate()
    with app.app_context(), database.connection_context():
        seed_demo()
        assert Riwayat.select().where(Riwayat.objek == "pengaduan").exists()
        lain = Riwayat.select().where(Riwayat.objek.not_in(m11.OBJEK)).count()
    r = app.test_cli_runner().invoke(args=["db", "down", "0011_suara_warga"])
    assert r.exit_code == 0, r.output
    with app.app_context(), database.connection_context():
        assert not Riwayat.select().where(Riwayat.objek.in_(m11.OBJEK)).exists()
        assert Riwayat.select().count() == lain
    assert migrate()[0] == "0011_suara_warga"  # and any later one, rolled back with it
