"""Upkeep commands: backup and restore, and the purge of short-lived rows.

`flask backup` makes a consistent copy while the app runs: SQLite's online
backup API (kinerja.db.salin_sqlite) plus the upload folder, in one dated
tar.gz with a MANIFEST.json of every file's sha256 and a `.sha256` file of
the archive beside it. `flask restore ARSIP` checks both before touching
anything, then puts the database and the files in place (stop the app
first). PostgreSQL is backed up with its own tools (pg_dump, with the upload
folder copied beside the dump).

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

from . import db
from .jam import sekarang
from .models import GagalMasuk, ImporBatch, Pengajuan, Sesi

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


def buat_cadangan(folder_tujuan):
    """Write a backup archive into `folder_tujuan`; returns its path."""
    path_db = db.path_sqlite(current_app.config["DATABASE_URL"])
    if path_db is None:
        raise click.ClickException("Cadangan bawaan hanya untuk SQLite. Untuk PostgreSQL pakai pg_dump, "
                                   "lalu salin folder unggahan.")
    os.makedirs(folder_tujuan, mode=0o700, exist_ok=True)
    nama = f"kinerja-{sekarang():%Y%m%d-%H%M%S}.tar.gz"
    arsip = os.path.join(folder_tujuan, nama)
    unggahan = current_app.config["UPLOAD_DIR"]
    with tempfile.TemporaryDirectory() as kerja:
        salinan = os.path.join(kerja, NAMA_DB)
        db.salin_sqlite(path_db, salinan)
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
    if path_db is None:
        raise click.ClickException("Pemulihan bawaan hanya untuk SQLite.")
    manifest = periksa_arsip(arsip)
    if os.path.exists(path_db) and not timpa and not db.is_empty_or_missing():
        raise click.ClickException("Basis data tujuan sudah berisi data. Pakai --timpa untuk menggantinya.")
    unggahan = current_app.config["UPLOAD_DIR"]
    with tarfile.open(arsip, "r:gz") as tar:
        for nama in manifest["berkas"]:
            if nama == NAMA_DB:
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
