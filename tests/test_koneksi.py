"""How the app holds its database connection between requests (kinerja.db
init_app), on the tests' engine: SQLite keeps one per server thread with no
transaction left open; PostgreSQL closes it at the end of each request, or,
with `postgresql+pool://` (README, for one server), gives it back to the
pool for the next request."""
from urllib.parse import urlsplit, urlunsplit

import pytest

from kinerja import create_app
from kinerja.db import database
from kinerja.models import Sesi
from tests.conftest import NIP, SANDI, _config, kirim, teks, tutup_db
from tests.mesin import MESIN

pg_saja = pytest.mark.skipif(MESIN.nama != "postgresql", reason="PostgreSQL: koneksi per permintaan atau pool")


def _backend(url):
    """How many server connections are open on the database of `url`."""
    import psycopg
    bagian = urlsplit(url)
    with psycopg.connect(urlunsplit(bagian._replace(scheme="postgresql", path="/postgres"))) as con:
        return con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                           (bagian.path.lstrip("/"),)).fetchone()[0]


def _masuk_lalu_beranda(client):
    r = kirim(client, "/login", {"nip": NIP["staf"], "password": SANDI})
    assert r.status_code == 303
    r = client.get("/")
    assert r.status_code == 200 and "Rina Marpaung" in teks(r)


@pytest.mark.sqlite_saja("koneksi SQLite per utas")
def test_sqlite_menyimpan_koneksi_tanpa_transaksi_terbuka(app, org, client):
    _masuk_lalu_beranda(client)
    assert not database.is_closed() and not database.in_transaction()
    with database:
        assert Sesi.select().count() == 1


@pg_saja
def test_postgresql_menutup_koneksi_tiap_permintaan(app, org, client):
    url = app.config["DATABASE_URL"]
    _masuk_lalu_beranda(client)
    assert database.is_closed() and _backend(url) == 0
    with database:
        assert Sesi.select().count() == 1


@pg_saja
def test_postgresql_dengan_pool_memakai_ulang_koneksi(app, org, tmp_path):
    url = app.config["DATABASE_URL"].replace("postgresql://", "postgresql+pool://", 1)
    dengan_pool = create_app(_config(url, tmp_path))
    client = dengan_pool.test_client()
    try:
        _masuk_lalu_beranda(client)
        for _ in range(3):
            assert client.get("/").status_code == 200
        assert database.is_closed() and _backend(url) == 1  # one, kept for the next request
        with database:
            assert Sesi.select().count() == 1
    finally:
        tutup_db()  # the pool's connection too, or the database could not be dropped
