"""The database: one deferred Peewee database, opened per request.

The only place allowed to know which engine is behind the URL. SQLite gets
WAL, foreign keys and a busy timeout; every other engine is used through
Peewee's portable API.
"""
import os
from contextlib import contextmanager

import click
from peewee import AutoField, DatabaseProxy, PeeweeException, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect
from playhouse.migrations import Runner

database = DatabaseProxy()

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -16000,  # 16 MB page cache
}


def open_database(url, busy_ms=SQLITE_PRAGMAS["busy_timeout"]):
    """Make a database object for a URL (sqlite:///path, postgresql://...).

    On SQLite every transaction (`database.atomic()`) is BEGIN IMMEDIATE: it
    takes the write lock at its start, waiting up to `busy_ms` for it. A
    deferred transaction reads first and then fails at once, without waiting,
    when it cannot upgrade to a write lock: that was one save in five
    answering 500 under load. Reads run outside transactions and never wait.

    On PostgreSQL (psycopg 3) the same bound is the session's lock_timeout:
    a statement that waits longer for a row or table lock fails, and the app
    answers 503 as for a busy SQLite. `postgresql+pool://` keeps connections
    open between requests (see README, Konfigurasi).
    """
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[-1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), mode=0o700, exist_ok=True)
            _hanya_pemilik(path)
        return connect(url, pragmas=dict(SQLITE_PRAGMAS, busy_timeout=busy_ms), autoconnect=False,
                       lock_type="IMMEDIATE")
    return connect(url, autoconnect=False, options=f"-c lock_timeout={int(busy_ms)}")


def sibuk(exc):
    """True when a database error means "busy, try again" (a lock not had in
    time), not a fault: the app answers 503 with Retry-After for it."""
    teks = str(exc).lower()
    return any(tanda in teks for tanda in ("database is locked", "database table is locked", "busy",
                                            "lock timeout", "could not serialize", "deadlock detected"))


def _hanya_pemilik(path):
    """The database file (and its WAL files, which SQLite creates with the
    file's mode) readable and writable by the service user only: it holds
    password hashes and personal data."""
    if not os.path.exists(path):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for p in (path, path + "-wal", path + "-shm"):
        if os.path.exists(p) and os.stat(p).st_mode & 0o077:
            os.chmod(p, 0o600)


def init_app(app):
    """Bind the database to the app: a connection for each request.

    SQLite: each server thread keeps its connection for its next request
    (Peewee's connections are per thread). A new one cost about 5 ms per
    page: the schema parsed again, the pragmas set, and the page cache
    (SQLITE_PRAGMAS cache_size) started cold. Between requests it holds no
    transaction, so no lock and no old snapshot. Other engines close it at
    teardown; `postgresql+pool://` keeps a pool instead (README).
    """
    database.initialize(open_database(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_MS"]))
    tetap = isinstance(database.obj, SqliteDatabase)

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(exc):
        if database.is_closed() or (tetap and not database.in_transaction()):
            return
        database.close()

    app.cli.add_command(db_group)


def tulis(*kunci):
    """A write transaction that holds its lock from the start, for a
    check-then-write that must not interleave (throttles, one-time codes).

    SQLite: BEGIN IMMEDIATE (a deferred transaction would read, then fail to
    upgrade to a write lock under contention). PostgreSQL: a transaction-level
    advisory lock per `kunci` (text) serialises writers of the same key.
    """
    if isinstance(database.obj, SqliteDatabase):
        return database.obj.atomic()  # BEGIN IMMEDIATE (open_database)
    return _atomic_terkunci(kunci)


@contextmanager
def _atomic_terkunci(kunci):
    with database.atomic() as txn:
        for k in sorted(set(kunci)):
            database.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (k,))
        yield txn


@contextmanager
def catat_kueri(parameter=False):
    """Collect the SQL statements run inside the block (a list of the SQL, or
    of (sql, params) with `parameter`): tests and bench/ count a page's
    queries with it, and read their plans."""
    obj, kueri = database.obj, []
    asli = obj.execute_sql

    def catat(sql, params=None, *args, **kwargs):
        kueri.append((sql, params) if parameter else sql)
        return asli(sql, params, *args, **kwargs)
    obj.execute_sql = catat
    try:
        yield kueri
    finally:
        del obj.execute_sql


def migrate(target=None):
    """Apply every pending migration in migrations/, then refresh the
    planner's statistics; returns the migrations' names."""
    with database.connection_context():
        names = Runner(database.obj, directory=MIGRATIONS_DIR).up(target)
        perbarui_statistik()
    return names


def perbarui_statistik():
    """Refresh the query planner's statistics. Without them SQLite guessed a
    full scan of every rated evaluation for Tugas saya. Run after migrations,
    after seeding and when the server starts.

    SQLite, with an analysis limit so a big city takes well under a second:
    `PRAGMA optimize`, which analyses every table whose statistics are
    missing or stale (0x10000: all tables, not only those this connection
    has queried). Before SQLite 3.46 (Debian 12 has 3.40) it only looks at
    tables the connection has already used, none at start, so ANALYZE runs
    instead. Other engines: ANALYZE."""
    if not isinstance(database.obj, SqliteDatabase):
        database.execute_sql("ANALYZE")
        return
    database.execute_sql("PRAGMA analysis_limit=1000")
    if database.obj.server_version >= (3, 46, 0):
        database.execute_sql("PRAGMA optimize=0x10002")
    else:
        database.execute_sql("ANALYZE")


def zona_tersimpan():
    """The zone the stored times are in, as recorded by migration 0004 (or None)."""
    from .models import Pengaturan
    with database.connection_context():
        baris = Pengaturan.get_or_none(Pengaturan.kunci == "zona_waktu")
    return baris.nilai if baris else None


def galat_zona():
    """A message when KINERJA_TIMEZONE differs from the zone of the stored
    times (they would be read hours off), else None."""
    from . import jam
    try:
        tersimpan = zona_tersimpan()
    except Exception:  # not migrated yet: nothing is stored in any zone
        return None
    if tersimpan and tersimpan != jam.nama_zona():
        return (f"KINERJA_TIMEZONE={jam.nama_zona()} tetapi waktu di basis data tersimpan dalam "
                f"zona {tersimpan}. Pakai KINERJA_TIMEZONE={tersimpan}.")
    return None


def path_sqlite(url):
    """The file of a SQLite URL, or None for another engine (or in memory)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("sqlite:///", 1)[-1]
    return os.path.abspath(path) if path and path != ":memory:" else None


def salin_sqlite(sumber, tujuan):
    """A consistent copy of a SQLite file while others read and write it
    (SQLite's online backup API), made readable by the owner only."""
    import sqlite3
    os.close(os.open(tujuan, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    asal, ke = sqlite3.connect(sumber), sqlite3.connect(tujuan)
    try:
        asal.backup(ke)
    finally:
        ke.close()
        asal.close()


@contextmanager
def baca_konsisten(db):
    """A transaction on `db` that reads one moment of the data while others
    keep writing (PostgreSQL: REPEATABLE READ; a SQLite transaction already
    reads one snapshot)."""
    with db.atomic():
        if isinstance(db, PostgresqlDatabase):
            db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def samakan_urutan(db, model):
    """After rows were inserted with their own ids, new rows continue after
    the largest id (PostgreSQL's serial sequence; SQLite needs nothing)."""
    pk = model._meta.primary_key
    if isinstance(db, PostgresqlDatabase) and isinstance(pk, AutoField):
        tabel, kolom = model._meta.table_name, pk.column_name
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{tabel}', '{kolom}'), "
                       f"COALESCE(MAX({kolom}), 0) + 1, false) FROM {tabel}")


def is_empty_or_missing():
    """True when no pegawai exists, or the database has no tables yet."""
    try:
        return is_empty()
    except PeeweeException:
        return True


def is_empty():
    """True when no pegawai exists yet (a fresh install)."""
    from .models import Pegawai
    with database.connection_context():
        return not Pegawai.select().exists()


def health():
    """Database state for /healthz: reachable and with no pending migration."""
    try:
        with database.connection_context():
            status = Runner(database.obj, directory=MIGRATIONS_DIR).status()
    except Exception as exc:  # any driver error means "not ok"; reported, not raised
        return {"ok": False, "error": exc.__class__.__name__}
    pending = [m.name for m in status if not m.applied]
    state = {"ok": not pending, "migrations": len(status) - len(pending), "pending": pending}
    zona = galat_zona()
    if zona:
        state.update(ok=False, error=zona)
    return state


@click.group("db")
def db_group():
    """Database commands."""


@db_group.command("up")
def db_up():
    """Apply pending migrations."""
    applied = migrate()
    click.echo("migrasi diterapkan: " + (", ".join(applied) if applied else "tidak ada (sudah terbaru)"))
    zona = galat_zona()
    if zona:
        raise click.ClickException(zona)


@db_group.command("status")
def db_status():
    """List migrations and whether each is applied."""
    with database.connection_context():
        for m in Runner(database.obj, directory=MIGRATIONS_DIR).status():
            click.echo(f"{'x' if m.applied else ' '} {m.name}")


@db_group.command("down")
@click.argument("target", required=False)
def db_down(target):
    """Roll back the latest migration (or down to TARGET)."""
    with database.connection_context():
        names = Runner(database.obj, directory=MIGRATIONS_DIR).down(target)
    click.echo("dibatalkan: " + ", ".join(names or []))
