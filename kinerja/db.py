"""The database: one deferred Peewee database, opened per request.

The only place allowed to know which engine is behind the URL. SQLite gets
WAL, foreign keys and a busy timeout; every other engine is used through
Peewee's portable API.
"""
import datetime
import os
from contextlib import contextmanager

import click
from peewee import (SQL, AutoField, DatabaseProxy, ModelNamedTupleCursorWrapper, PeeweeException, PostgresqlDatabase,
                    Select, SqliteDatabase, fn)
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


class KueriTetap:
    """A query whose shape never changes, its SQL text built once per engine.

    Peewee builds a query's SQL text in Python on every run: 0.1-1 ms each,
    more than SQLite takes to answer most of them, and every page runs 6-16.
    For the queries every request or every main page runs (the session, the
    header's counts, the home page), only the parameters change. `bangun`
    builds the query from its arguments, of the types in `jenis` (int, str,
    datetime), and may use them only as parameters: no branching on them, no
    lists. It is built once with stand-in values, compiled, and where each
    stand-in landed in the parameter list is remembered; each call binds the
    real values to that text and reads the rows as the query would (model
    instances, joined models, dicts or tuples).

    Keyword arguments are for what changes the shape, such as a search: when
    any of them is set, the query is built and run afresh (a search is rare;
    the plain list is what every visit reads).

    When CHECK is on (the test suite), a call also builds the query for
    real and fails if its SQL or parameters differ from the stored ones, so
    any query that breaks the rule above fails the tests that reach it. The
    same values are checked once until DIPERIKSA is emptied (the suite does
    so before each test): rebuilding for a repeat of them could only find
    what the first check found.
    """
    CHECK = False
    DIPERIKSA = set()

    def __init__(self, bangun, *jenis):
        self.bangun, self.jenis, self._siap, self._bungkus = bangun, jenis, {}, {}

    @staticmethod
    def _pengganti(jenis, i):
        if jenis is int:
            return -7_000_000_001 - i  # never a row id, a count or a year
        if jenis is str:
            return f"\x00kueri-tetap-{i}\x00"
        if jenis is datetime.datetime:
            return datetime.datetime(1901, 2, 3, 4, 5, i)
        raise TypeError(f"KueriTetap: jenis {jenis!r} tidak didukung")

    def _susun(self, mesin):
        """Build with stand-ins, compile, remember where each stand-in landed."""
        pengganti = [self._pengganti(j, i) for i, j in enumerate(self.jenis)]
        kueri = self.bangun(*pengganti)
        sql, params = _teks(kueri)
        tempat = []
        for i, p in enumerate(params):
            if p in pengganti and type(p) is type(pengganti[pengganti.index(p)]):
                tempat.append((i, pengganti.index(p)))
        hilang = set(range(len(pengganti))) - {j for _, j in tempat}
        if hilang:
            raise ValueError(f"KueriTetap {self.bangun.__qualname__}: argumen {sorted(hilang)} bukan parameter SQL")
        self._siap[mesin] = siap = (kueri, sql, params, tempat)
        return siap

    def _jalankan(self, nilai, lain, mentah=False):
        if any(lain.values()):
            kueri = self.bangun(*nilai, **lain)
            sql, params = _teks(kueri)
        else:
            sql, params, kueri = self._terikat(nilai)
        kursor = database.execute_sql(sql, params)
        if mentah:
            return kursor
        # The stored query object reads the cursor as Peewee would have
        # (joined models, aliases, row type, each column's python_value).
        # Making a wrapper neither runs nor changes the query.
        pembungkus = kueri._get_cursor_wrapper(kursor)
        siap = None if any(lain.values()) else self._bungkus.get(type(database.obj))
        if siap is not None:
            pembungkus.__dict__.update(siap)
            pembungkus.initialized = True
        return pembungkus

    # What a cursor wrapper keeps of one run; the rest is what its
    # initialize() derived from the query and the cursor's columns.
    _PER_RUN = frozenset({"cursor", "count", "index", "initialized", "populated", "row_cache"})

    def _ingat_bungkus(self, pembungkus, lain):
        """After a read: keep what the wrapper's first row computed, how each
        column maps to a model and a converter (Peewee resolves it on every
        run, 30-60 us per query, as much as SQLite's answer), for the later
        runs on this engine: the same SQL text has the same columns. Not for
        a shape built afresh (keywords), nor for named tuples, whose row
        class refers to the wrapper that made it."""
        mesin = type(database.obj)
        if (pembungkus.initialized and mesin not in self._bungkus and not any(lain.values())
                and not isinstance(pembungkus, ModelNamedTupleCursorWrapper)):
            self._bungkus[mesin] = {k: v for k, v in vars(pembungkus).items() if k not in self._PER_RUN}

    def _terikat(self, nilai):
        """(SQL, params, query) of the stored text bound to `nilai`."""
        if len(nilai) != len(self.jenis):
            raise TypeError(f"{self.bangun.__qualname__}: {len(self.jenis)} argumen, bukan {len(nilai)}")
        nilai = [j(v) if type(v) is not j else v for j, v in zip(self.jenis, nilai)]
        kueri, sql, params, tempat = self._siap.get(type(database.obj)) or self._susun(type(database.obj))
        params = list(params)
        for i, j in tempat:
            params[i] = nilai[j]
        if self.CHECK and (self, type(database.obj), *nilai) not in self.DIPERIKSA:
            asli = _teks(self.bangun(*nilai))
            if asli != (sql, params):
                raise AssertionError(f"KueriTetap {self.bangun.__qualname__} berubah bentuk:\n{asli}\n{(sql, params)}")
            self.DIPERIKSA.add((self, type(database.obj), *nilai))
        return sql, params, kueri

    def daftar(self, *nilai, **lain):
        """The query bound to its values, read lazily: len() and [a:b] as a
        list, count() and paginate() as web.halaman() reads a page (the
        COUNT and the LIMIT/OFFSET stored as well)."""
        if not hasattr(self, "_hitung"):
            bangun = self.bangun
            # _hitung last: another thread seeing it may use both.
            self._sepotong = KueriTetap(lambda *a, **k: bangun(*a[:-2], **k).limit(a[-2]).offset(a[-1]),
                                        *self.jenis, int, int)
            self._hitung = KueriTetap(lambda *a, **k: _kueri_hitung(bangun(*a, **k)), *self.jenis)
        return _Terikat(self, nilai, lain)

    def semua(self, *nilai, **lain):
        """Every row."""
        pembungkus = self._jalankan(nilai, lain)
        baris = list(pembungkus)
        self._ingat_bungkus(pembungkus, lain)
        return baris

    def satu(self, *nilai, **lain):
        """The first row, or None."""
        pembungkus = self._jalankan(nilai, lain)
        baris = next(iter(pembungkus), None)
        self._ingat_bungkus(pembungkus, lain)
        return baris

    def mentah(self, *nilai, **lain):
        """Every row as the driver returns it, a plain tuple, with no
        conversion per column: for long lists of ids, numbers and text
        (a big team's queue reads thousands of rows; Peewee's conversion was
        half of that page). Not for dates, times or decimals, which SQLite
        returns as text."""
        return self._jalankan(nilai, lain, mentah=True).fetchall()

    def nilai(self, *nilai, **lain):
        """The first column of the first row as the driver returns it, or None."""
        baris = self._jalankan(nilai, lain, mentah=True).fetchone()
        return baris[0] if baris else None


class KueriId:
    """A stored query (KueriTetap) over a list of ids: `bangun(ids)` gets a
    list of `ukuran` parameters, so its SQL text never changes (Peewee took
    0.15-0.3 ms to build such an IN list on every visit of the team pages).
    A page's ids (25) are padded with -1, which is no row's id; a longer list
    runs one query per `ukuran` ids, so the query must read each id's rows
    on their own (`WHERE x IN ids`, grouped by x at most), and the ids must
    be distinct (one in two chunks would be read twice)."""

    def __init__(self, bangun, ukuran=25):
        self.ukuran = ukuran
        self.kueri = KueriTetap(lambda *ids: bangun(list(ids)), *([int] * ukuran))

    def semua(self, ids):
        """Every row for `ids`; one query even for none, so a page's number
        of queries never depends on its rows."""
        ids, out = list(ids), []
        for i in range(0, max(len(ids), 1), self.ukuran):
            potong = ids[i:i + self.ukuran]
            out += self.kueri.semua(*potong, *([-1] * (self.ukuran - len(potong))))
        return out


class _Terikat:
    """A stored query bound to its values, read a slice at a time: count()
    and paginate() as a Peewee query, len() and [a:b] as a list (one COUNT,
    one LIMIT/OFFSET), so a list of rows and a long query page alike."""

    def __init__(self, kueri, nilai, lain):
        self.kueri, self.nilai, self.lain, self._jumlah = kueri, nilai, lain, None

    def dengan_jumlah(self, n):
        """The same rows with their count already known (e.g. from the
        header's counting query, same definition): no COUNT is run."""
        self._jumlah = n
        return self

    def count(self):
        if self._jumlah is None:
            self._jumlah = self.kueri._hitung.nilai(*self.nilai, **self.lain)
        return self._jumlah

    __len__ = count

    def paginate(self, page, size):
        return self[(page - 1) * size:page * size]

    def __iter__(self):
        return iter(self.kueri.semua(*self.nilai, **self.lain))

    def __getitem__(self, potong):
        if not isinstance(potong, slice) or potong.step is not None or (potong.start or 0) < 0 \
                or (potong.stop is not None and potong.stop < 0):
            raise TypeError("hanya potongan [a:b] dengan a, b >= 0")
        awal = potong.start or 0
        batas = len(self) - awal if potong.stop is None else potong.stop - awal
        if batas <= 0:
            return []
        return self.kueri._sepotong.semua(*self.nilai, batas, awal, **self.lain)


def _teks(kueri):
    """(SQL, params) of a query in this database's dialect."""
    return database.get_sql_context().sql(kueri).query()


def _kueri_hitung(kueri):
    """The rows of `kueri` counted, as Peewee's count() does (order dropped)."""
    return Select([kueri.order_by().alias("_wrapped")], [fn.COUNT(SQL("1"))])


def kueri_tetap(*jenis):
    """Decorator form of KueriTetap: `@kueri_tetap(int)` over the builder."""
    return lambda bangun: KueriTetap(bangun, *jenis)


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
