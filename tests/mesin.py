"""The database engine the tests run on, chosen by one setting:

    KINERJA_UJI_DB unset (or "sqlite")  SQLite files in pytest's tmp folders
    KINERJA_UJI_DB=postgresql://...     a PostgreSQL server on which the tests
                                        create and drop their own databases
                                        (`make test-pg` starts a throwaway one)

Either way each test gets a copy of one database migrated once per run: a file
copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL.
"""
import itertools
import os
import shutil
from urllib.parse import urlsplit, urlunsplit

PENGATURAN = os.environ.get("KINERJA_UJI_DB", "sqlite").strip() or "sqlite"


class SqliteUji:
    nama = "sqlite"

    def baru(self, folder, nama):
        """The URL of a new, empty database."""
        return f"sqlite:///{folder / (nama + '.db')}"

    def salin(self, sumber, folder, nama):
        """The URL of a new database holding a copy of `sumber` (closed)."""
        url = self.baru(folder, nama)
        shutil.copyfile(_berkas(sumber), _berkas(url))
        return url

    def ganti(self, url, sumber):
        """Replace the content of `url` (closed) with a copy of `sumber`."""
        tujuan = _berkas(url)
        for akhiran in ("-wal", "-shm"):
            if os.path.exists(tujuan + akhiran):
                os.unlink(tujuan + akhiran)
        shutil.copyfile(_berkas(sumber), tujuan)

    def hapus(self, url):
        pass  # pytest removes its tmp folders


class PostgresUji:
    """Databases named uji_<worker>_<pid>_<n> on the server of `url_server`;
    each is dropped when its test ends (a crashed run leaves nothing behind
    that the next run needs: every name is new)."""
    nama = "postgresql"

    def __init__(self, url_server):
        self.server = urlsplit(url_server)
        pekerja = os.environ.get("PYTEST_XDIST_WORKER", "w")
        self._nama = (f"uji_{pekerja}_{os.getpid()}_{n}" for n in itertools.count())

    def _url(self, db):
        return urlunsplit(self.server._replace(path="/" + db))

    def _sql(self, *perintah):
        import psycopg
        with psycopg.connect(urlunsplit(self.server), autocommit=True) as con:
            for sql in perintah:
                con.execute(sql)

    def baru(self, folder=None, nama=None):
        db = next(self._nama)
        self._sql(f'CREATE DATABASE "{db}"')
        return self._url(db)

    def salin(self, sumber, folder=None, nama=None):
        db = next(self._nama)
        self._sql(f'CREATE DATABASE "{db}" TEMPLATE "{_nama_db(sumber)}"')
        return self._url(db)

    def ganti(self, url, sumber):
        db = _nama_db(url)
        self._sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)',
                  f'CREATE DATABASE "{db}" TEMPLATE "{_nama_db(sumber)}"')

    def hapus(self, url):
        self._sql(f'DROP DATABASE IF EXISTS "{_nama_db(url)}" WITH (FORCE)')


def _berkas(url):
    return url.split("sqlite:///", 1)[1]


def _nama_db(url):
    return urlsplit(url).path.lstrip("/")


def pilih():
    if PENGATURAN == "sqlite":
        return SqliteUji()
    if PENGATURAN.startswith(("postgres://", "postgresql://")):
        return PostgresUji(PENGATURAN)
    raise SystemExit(f"KINERJA_UJI_DB tidak dikenal: {PENGATURAN!r} (sqlite atau postgresql://...)")


MESIN = pilih()
