"""Upkeep commands: backup and restore, and the purge of short-lived rows.

`flask backup` makes a consistent copy while the app runs: SQLite's online
backup API (kinerja.db.salin_sqlite) plus the upload folder, in one dated
tar.gz with a MANIFEST.json of every file's sha256 and a `.sha256` file of
the archive beside it. `flask restore ARSIP` checks both before touching
anything, then puts the database and the files in place (stop the app
first).

One archive format for both engines: the database in the archive is always
a SQLite file. On PostgreSQL, `backup` copies every row into a new SQLite
file migrated to the same version, inside one REPEATABLE READ transaction
(a consistent moment while the app runs); `restore` into PostgreSQL brings
the archived file to this version with the migrations, then copies every row
into the server database in one transaction, ids kept. So moving a SQLite
instance to PostgreSQL is `backup` on the old and `restore` on the new
(README: "Pindah ke PostgreSQL").

`flask bersihkan` deletes what is only kept for a while (RETENSI): spent
idempotency keys, import batches (they hold personal data), old failed-login
rows and ended sessions.
"""
import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile

import click
from flask import current_app
from flask.cli import with_appcontext
from peewee import ForeignKeyField, sort_models
from playhouse.migrations import Runner

from . import db
from .jam import sekarang
from .models import BaseModel, GagalMasuk, ImporBatch, Pengajuan, Sesi

NAMA_DB = "kinerja.db"
FOLDER_BERKAS = "unggahan"

# How long each kind of short-lived row is kept (days).
RETENSI = {"pengajuan": 30, "impor": 30, "gagal_masuk": 2, "sesi": 30}


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for blok in iter(lambda: fh.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def semua_model():
    """Every table of the app, each after the tables it refers to."""
    from .penilaian import models as _penilaian  # noqa: F401 (registers the models)
    from .skp import models as _skp  # noqa: F401
    from .warga import models as _warga  # noqa: F401

    def turunan(kelas):
        for anak in kelas.__subclasses__():
            yield anak
            yield from turunan(anak)
    return sort_models(list(turunan(BaseModel)))


def _induk_dulu(model, baris):
    """Rows of a table that refers to itself (unit.parent, pegawai.atasan,
    rhk.rhk_atasan) ordered so each row comes after the row it names."""
    kolom = model._meta.sorted_fields
    acuan = [i for i, f in enumerate(kolom) if isinstance(f, ForeignKeyField) and f.rel_model is model]
    if not acuan:
        return baris
    pk = kolom.index(model._meta.primary_key)
    ada, urut, sisa = set(), [], baris
    while sisa:
        siap = [b for b in sisa if all(b[i] is None or b[i] in ada for i in acuan)]
        if not siap:
            raise click.ClickException(f"Tabel {model._meta.table_name}: rujukan melingkar pada id "
                                       f"{sorted(b[pk] for b in sisa)[:5]}; perbaiki dulu di basis data asal.")
        urut += siap
        ada.update(b[pk] for b in siap)
        sisa = [b for b in sisa if b[pk] not in ada]
    return urut


def salin_baris(asal, tujuan, ukuran=500):
    """Copy every row of every table from database `asal` into `tujuan`
    (both migrated to this version, `tujuan` empty), ids kept; returns the
    number of rows. The caller holds the transactions."""
    model = semua_model()
    jumlah = 0
    for m in model:
        kolom = m._meta.sorted_fields
        with asal.bind_ctx(model):
            baris = list(m.select(*kolom).order_by(m._meta.primary_key).tuples())
        with tujuan.bind_ctx(model):
            baris = _induk_dulu(m, baris)
            for i in range(0, len(baris), ukuran):
                m.insert_many(baris[i:i + ukuran], fields=kolom).execute()
            db.samakan_urutan(tujuan, m)
        jumlah += len(baris)
    return jumlah


def kosongkan(tujuan):
    """Delete every row of every table (children first): the rows that the
    migrations themselves wrote, or the data --timpa replaces."""
    model = semua_model()
    with tujuan.bind_ctx(model):
        for m in reversed(model):
            m.delete().execute()


def _ekspor_ke_sqlite(path):
    """The server database (PostgreSQL) as a SQLite file at `path`: migrated
    to this version, then every row copied in one consistent read."""
    if db.health().get("pending"):
        raise click.ClickException("Basis data belum dimigrasi ke versi ini: jalankan `flask db up` dulu.")
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    berkas = db.open_database(f"sqlite:///{path}")
    with berkas.connection_context():
        Runner(berkas, directory=db.MIGRATIONS_DIR).up()
        with db.database.connection_context(), db.baca_konsisten(db.database.obj), berkas.atomic():
            kosongkan(berkas)
            salin_baris(db.database.obj, berkas)
    berkas.close()


def _impor_dari_sqlite(path):
    """Replace every row of the server database with the rows of the SQLite
    file at `path`, in one transaction. The file is first brought to this
    version by the migrations (a backup from an older version restores too)."""
    berkas = db.open_database(f"sqlite:///{path}")
    with berkas.connection_context():
        runner = Runner(berkas, directory=db.MIGRATIONS_DIR)
        lebih_baru = [m.name for m in runner.status() if m.path is None]
        if lebih_baru:
            raise click.ClickException(f"Arsip dibuat oleh versi aplikasi yang lebih baru ({lebih_baru[0]}): "
                                       "pasang versi itu dulu.")
        runner.up()
        db.migrate()
        with db.database.connection_context(), db.database.atomic():
            kosongkan(db.database.obj)
            n = salin_baris(berkas, db.database.obj)
    berkas.close()
    return n


def buat_cadangan(folder_tujuan):
    """Write a backup archive into `folder_tujuan`; returns its path."""
    path_db = db.path_sqlite(current_app.config["DATABASE_URL"])
    os.makedirs(folder_tujuan, mode=0o700, exist_ok=True)
    nama = f"kinerja-{sekarang():%Y%m%d-%H%M%S}.tar.gz"
    arsip = os.path.join(folder_tujuan, nama)
    unggahan = current_app.config["UPLOAD_DIR"]
    with tempfile.TemporaryDirectory() as kerja:
        salinan = os.path.join(kerja, NAMA_DB)
        if path_db:
            db.salin_sqlite(path_db, salinan)
        else:
            _ekspor_ke_sqlite(salinan)
        daftar = {NAMA_DB: _sha256(salinan)}
        berkas = []
        for akar, _, nama_berkas in os.walk(unggahan):
            for n in sorted(nama_berkas):
                if n.startswith(".unggah-"):
                    continue  # an upload still being written
                asli = os.path.join(akar, n)
                relatif = os.path.join(FOLDER_BERKAS, os.path.relpath(asli, unggahan))
                daftar[relatif] = _sha256(asli)
                berkas.append((asli, relatif))
        manifest = json.dumps({"dibuat": sekarang().isoformat(), "berkas": daftar}, indent=1).encode()
        fd = os.open(arsip + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh, tarfile.open(fileobj=fh, mode="w:gz") as tar:
            info = tarfile.TarInfo("MANIFEST.json")
            info.size = len(manifest)
            tar.addfile(info, io.BytesIO(manifest))
            tar.add(salinan, NAMA_DB)
            for asli, relatif in berkas:
                tar.add(asli, relatif)
    os.replace(arsip + ".tmp", arsip)
    with open(arsip + ".sha256", "w") as fh:
        fh.write(f"{_sha256(arsip)}  {nama}\n")
    return arsip


def periksa_arsip(arsip):
    """Check the archive's own checksum and every file against MANIFEST.json;
    returns the manifest. Raises ClickException saying what is wrong."""
    samping = arsip + ".sha256"
    if os.path.exists(samping):
        with open(samping) as fh:
            harap = fh.read().split()[0]
        if _sha256(arsip) != harap:
            raise click.ClickException("Arsip rusak: sidik sha256-nya tidak cocok dengan berkas .sha256.")
    try:
        with tarfile.open(arsip, "r:gz") as tar:
            manifest = json.load(tar.extractfile("MANIFEST.json"))
            for nama, sidik in manifest["berkas"].items():
                anggota = tar.getmember(nama)
                if not anggota.isfile() or hashlib.sha256(tar.extractfile(anggota).read()).hexdigest() != sidik:
                    raise click.ClickException(f"Arsip rusak: {nama} tidak cocok dengan MANIFEST.json.")
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise click.ClickException(f"Arsip tidak bisa dibaca sebagai cadangan e-Kinerja ({exc}).") from None
    if NAMA_DB not in manifest["berkas"]:
        raise click.ClickException("Arsip tidak memuat basis data.")
    return manifest


def pulihkan(arsip, timpa=False):
    """Restore an archive into this instance's database and upload folder."""
    path_db = db.path_sqlite(current_app.config["DATABASE_URL"])
    manifest = periksa_arsip(arsip)
    ada = os.path.exists(path_db) if path_db else True
    if ada and not timpa and not db.is_empty_or_missing():
        raise click.ClickException("Basis data tujuan sudah berisi data. Pakai --timpa untuk menggantinya.")
    unggahan = current_app.config["UPLOAD_DIR"]
    with tarfile.open(arsip, "r:gz") as tar:
        if path_db is None:  # a server database: its rows are replaced before any file is touched
            with tempfile.TemporaryDirectory() as kerja:
                tar.extract(NAMA_DB, kerja, filter="data")
                _impor_dari_sqlite(os.path.join(kerja, NAMA_DB))
        for nama in manifest["berkas"]:
            if nama == NAMA_DB:
                if path_db is None:
                    continue
                tujuan = path_db
            else:
                tujuan = os.path.join(unggahan, os.path.relpath(nama, FOLDER_BERKAS))
            tujuan = os.path.abspath(tujuan)
            if nama != NAMA_DB and not tujuan.startswith(os.path.abspath(unggahan) + os.sep):
                raise click.ClickException(f"Arsip memuat jalur di luar folder unggahan: {nama}")
            os.makedirs(os.path.dirname(tujuan), mode=0o700, exist_ok=True)
            fd = os.open(tujuan + ".pulih", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                shutil.copyfileobj(tar.extractfile(nama), fh)
            if nama == NAMA_DB:
                for sisa in (path_db + "-wal", path_db + "-shm"):
                    if os.path.exists(sisa):
                        os.unlink(sisa)
            os.replace(tujuan + ".pulih", tujuan)
    return len(manifest["berkas"])


def bersihkan():
    """Delete the short-lived rows past RETENSI; returns {kind: count}."""
    now = sekarang()
    batas = {k: now - datetime.timedelta(days=v) for k, v in RETENSI.items()}
    with db.database.atomic():
        return {
            "pengajuan": Pengajuan.delete().where(Pengajuan.waktu < batas["pengajuan"]).execute(),
            "impor": ImporBatch.delete().where(ImporBatch.dibuat < batas["impor"]).execute(),
            "gagal_masuk": GagalMasuk.delete().where(GagalMasuk.waktu < batas["gagal_masuk"]).execute(),
            "sesi": Sesi.delete().where((Sesi.terakhir < batas["sesi"])
                                        | (Sesi.dicabut_pada < batas["sesi"])).execute(),
        }


@click.command("backup")
@click.option("--ke", "folder", default=None, help="Folder arsip (bawaan: instance/cadangan).")
@with_appcontext
def backup_command(folder):
    """Make a consistent backup (database + uploads) while the app runs."""
    arsip = buat_cadangan(folder or os.path.join(current_app.instance_path, "cadangan"))
    click.echo(f"cadangan: {arsip}")


@click.command("restore")
@click.argument("arsip", type=click.Path(exists=True, dir_okay=False))
@click.option("--timpa", is_flag=True, help="Ganti basis data yang sudah berisi data.")
@with_appcontext
def restore_command(arsip, timpa):
    """Check a backup archive and restore it (stop the app first)."""
    n = pulihkan(arsip, timpa)
    click.echo(f"dipulihkan: {n} berkas dari {arsip}")


@click.command("bersihkan")
@with_appcontext
def bersihkan_command():
    """Delete idempotency keys, import batches, failed logins and sessions past their retention."""
    with db.database.connection_context():
        hasil = bersihkan()
    click.echo("dihapus: " + ", ".join(f"{k} {v}" for k, v in hasil.items()))


def init_app(app):
    for perintah in (backup_command, restore_command, bersihkan_command):
        app.cli.add_command(perintah)
