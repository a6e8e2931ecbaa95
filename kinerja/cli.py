"""Command line: seed-demo and create-admin (`flask --app app ...`), and the
first-run guard that `python app.py` checks before serving."""
import ipaddress
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.security import generate_password_hash

from .db import database, is_empty, perbarui_statistik
from .inti import Galat
from .models import Pegawai, Unit
from .riwayat import catat
from .rules import RuleError, periksa_nip


def init_app(app):
    from . import pemeliharaan
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
    pemeliharaan.init_app(app)


def hanya_lokal(host):
    """True when a server on `host` is reachable from this machine only."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


PANDUAN_SUNGGUHAN = (
    "Untuk pemakaian sungguhan pakai basis data tanpa data demo, lalu buat superadmin pertama:\n"
    "  .venv/bin/flask --app app db up\n"
    "  .venv/bin/flask --app app create-admin --nip NIP_ANDA --nama \"Nama Anda\"\n"
    "Untuk mencoba data demo di jaringan kantor, setel KINERJA_DEMO=1.")


def periksa_mulai(host):
    """(may start, message) for serving on `host`: a server open to the
    network never comes up with demo accounts (published passwords) unless
    demo mode is asked for; with no account yet it says how to make one."""
    from .models import ada_data_demo
    with database.connection_context():
        demo, kosong = ada_data_demo(), is_empty()
        perbarui_statistik()  # fresh statistics for the planner before the first request
    # Behind a proxy (Caddy) the server binds 127.0.0.1 but serves the
    # network: trusted proxies or a Secure cookie say so.
    proksi = current_app.config["TRUSTED_PROXIES"] or current_app.config.get("SESSION_COOKIE_SECURE")
    if demo and (proksi or not hanya_lokal(host)) and not current_app.config["DEMO"]:
        lewat = "di balik proksi" if proksi and hanya_lokal(host) else f"HOST={host}"
        return False, (f"Ditolak: server akan terbuka untuk jaringan ({lewat}), tetapi basis data berisi "
                       "data demo dengan kata sandi yang diketahui umum.\n" + PANDUAN_SUNGGUHAN)
    if kosong:
        return True, "Belum ada akun. Buat superadmin pertama:\n  .venv/bin/flask --app app create-admin --nip NIP_ANDA"
    if demo:
        return True, "DATA DEMO: akun demo memakai kata sandi yang diketahui umum."
    return True, ""


def jaga_mulai(app, host):
    """The first-run guard before serving: print its message; exit 1 when refused."""
    with app.app_context():
        boleh, pesan = periksa_mulai(host)
    if pesan:
        print(pesan, flush=True)
    if not boleh:
        raise SystemExit(1)


@click.command("seed-demo")
@click.option("--pegawai", "jumlah", type=int, default=None,
              help="Bangun kota sintetis dengan N pegawai dan setahun kinerjanya (untuk benchmark).")
@click.option("--tim-besar", type=click.IntRange(min=1), default=None,
              help="Bersama --pegawai: tambah satu atasan dengan N bawahan langsung (akun demo atasan_besar).")
@click.option("--if-empty", is_flag=True, help="Hanya jika basis data masih kosong.")
@click.option("--untuk-host", default="127.0.0.1",
              help="Alamat yang akan dilayani server; di luar mesin ini data demo hanya dibuat dengan KINERJA_DEMO=1.")
@with_appcontext
def seed_demo_command(jumlah, tim_besar, if_empty, untuk_host):
    """Fill the database with the demo city (or a synthetic city of N pegawai
    with a year of work, and optionally one very big team)."""
    from .seed import DEMO_SANDI, akun_demo_tersedia, seed_demo, seed_sintetis
    from .seed_kota import atasan_tim_besar
    if tim_besar and not jumlah:
        raise click.UsageError("--tim-besar hanya bisa dipakai bersama --pegawai.")
    if not hanya_lokal(untuk_host) and not current_app.config["DEMO"]:
        click.echo(f"HOST={untuk_host} terbuka untuk jaringan: data demo tidak dibuat.\n" + PANDUAN_SUNGGUHAN)
        return
    if not is_empty():
        if if_empty:
            click.echo("Basis data sudah berisi; data demo tidak ditambahkan.")
            with database.connection_context():
                for peran, nip, sandi in akun_demo_tersedia():
                    click.echo(f"demo-login: {peran} {nip} {sandi}")
            return
        raise click.ClickException("Basis data sudah berisi data. Pakai basis data kosong untuk data demo.")
    mulai = time.perf_counter()
    with database.connection_context():
        besar = None
        if jumlah:
            n = seed_sintetis(jumlah, tim_besar or 0)
            click.echo(f"Kota sintetis dibuat: {n} pegawai.")
            if tim_besar:
                besar, m = atasan_tim_besar()
                click.echo(f"Tim besar: {besar.nama}, {besar.jabatan}, dengan {m} bawahan langsung.")
        logins = seed_demo()
        perbarui_statistik()
        for peran, nip, sandi in logins:
            click.echo(f"demo-login: {peran} {nip} {sandi}")
        if besar is not None:
            click.echo(f"demo-login: atasan_besar {besar.nip} {DEMO_SANDI}")
    if jumlah:  # a diagnostic, on stderr: stdout keeps the lines scripts read
        detik = f"{time.perf_counter() - mulai:.1f}".replace(".", ",")
        click.echo(f"Waktu membuat data: {detik} detik.", err=True)


@click.command("create-admin")
@click.option("--nip", prompt="NIP", help="NIP admin (pegawai baru atau yang sudah ada).")
@click.option("--nama", default=None, help="Nama, untuk pegawai baru.")
@click.option("--unit", "kode_unit", default=None,
              help="Kode unit wewenang (admin OPD). Tanpa ini: superadmin se-kota.")
@click.option("--password", prompt="Kata sandi", hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_admin_command(nip, nama, kode_unit, password):
    """Create an admin account, or give an existing pegawai admin rights."""
    with database.connection_context():
        try:
            pegawai = buat_admin(nip, nama, kode_unit, password)
        except (Galat, RuleError) as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Admin siap: {pegawai.nip} ({pegawai.peran}).")


def buat_admin(nip, nama, kode_unit, password):
    """The work behind create-admin; raises RuleError with a clear message."""
    nip = periksa_nip(nip, "pppk")  # 18 digits; PNS layout checked when created below
    if len(password) < 8:
        raise RuleError("Kata sandi paling sedikit 8 karakter.")
    scope = None
    if kode_unit:
        scope = Unit.get_or_none(Unit.kode == kode_unit.upper())
        if scope is None:
            raise RuleError(f"Unit dengan kode {kode_unit} tidak ada.")
    with database.atomic():
        pegawai = Pegawai.get_or_none(Pegawai.nip == nip)
        if pegawai is None:
            periksa_nip(nip, "pns")
            root = scope or Unit.get_or_none(Unit.parent.is_null())
            if root is None:
                root = Unit.create(nama=f"Pemerintah Kota {current_app.config['KOTA']}",
                                   kode="PEMKOT", jenis="pemkot")
                root.path = f"/{root.id}/"
                root.save()
            pegawai = Pegawai.create(nip=nip, nama=nama or "Admin", jabatan="Admin kepegawaian",
                                     jenis_jabatan="pelaksana", unit=root)
        pegawai.peran = "admin" if scope else "superadmin"
        pegawai.admin_unit = scope
        pegawai.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"])
        pegawai.wajib_ganti_sandi = False
        pegawai.save()
        catat(None, pegawai, "admin_dibuat", None, {"peran": pegawai.peran})
    return pegawai
