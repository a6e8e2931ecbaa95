"""Writes under contention: every SQLite transaction takes the write lock at
its start (BEGIN IMMEDIATE) and waits for it up to SQLITE_BUSY_MS (on
PostgreSQL the same wait is its lock_timeout); parallel saves are all stored,
and a write that still cannot get its lock answers 503 with Retry-After
(never 500), stores nothing, and the same form sent again later is stored
once."""
import datetime
import sqlite3
import threading
import uuid
from contextlib import contextmanager

import pytest

from kinerja.db import database, open_database
from kinerja.jam import sekarang
from kinerja.models import Pengajuan, Riwayat
from kinerja.penilaian.models import Bukti, Realisasi
from kinerja.skp.models import Iki
from tests.conftest import Auth, csrf_token, kirim
from tests.halaman import Halaman


@pytest.fixture
def staf(berjalan):
    skp = berjalan["skp"]["staf"]
    with database:
        skp.iki = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
    return skp


def url_tautan(skp):
    return f"/skp/{skp.id}/kinerja/4/iki/{skp.iki.id}/tautan"


@contextmanager
def penulis_lain(app):
    """Another writer holding the locks a save needs, longer than the app waits."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        lain = sqlite3.connect(url.split("sqlite:///", 1)[1])
        lain.execute("BEGIN IMMEDIATE")
    else:
        import psycopg
        lain = psycopg.connect(url)
        lain.execute("LOCK TABLE pengajuan, bukti, realisasi, riwayat IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        lain.rollback()
        lain.close()


def test_kunci_tulis_dipegang_orang_lain_503_lalu_tersimpan_sekali(app, client, auth, staf):
    database.initialize(open_database(app.config["DATABASE_URL"], busy_ms=200))
    auth.login("staf")
    token, kunci = csrf_token(client, "/skp"), str(uuid.uuid4())
    data = {"tautan": "https://drive.example.go.id/laporan-november", "judul": "Laporan", "csrf_token": token,
            "submission_id": kunci}
    with penulis_lain(app):
        r = client.post(url_tautan(staf), data=data)
    assert r.status_code == 503 and r.headers["Retry-After"] == "2"
    assert "Server sedang sibuk" in Halaman(r).teks()
    with database:
        assert Bukti.select().count() == 0 and Pengajuan.select().where(Pengajuan.kunci == kunci).count() == 0
    r = client.post(url_tautan(staf), data=data)  # the same form again, once the server is free
    assert r.status_code == 303
    assert client.post(url_tautan(staf), data=data).status_code == 303  # and a replay stores nothing more
    with database:
        assert Bukti.select().count() == 1


def test_simpan_serentak_semua_tersimpan(app, staf):
    n = 12
    klien = [app.test_client() for _ in range(n)]
    for c in klien:
        assert Auth(c).login("staf").status_code == 303
    token = [csrf_token(c, "/skp") for c in klien]
    mulai, hasil = threading.Barrier(n), [None] * n

    def simpan(i):
        mulai.wait()
        hasil[i] = klien[i].post(url_tautan(staf), data={
            "tautan": f"https://drive.example.go.id/laporan-{i}", "judul": f"Laporan {i}",
            "csrf_token": token[i], "submission_id": str(uuid.uuid4())}).status_code
    utas = [threading.Thread(target=simpan, args=(i,)) for i in range(n)]
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    assert hasil == [303] * n
    with database:
        assert Bukti.select().count() == n
        assert Realisasi.select().count() == 1  # one realisasi row for the IKI and period, made once
        assert Riwayat.select().where(Riwayat.aksi.contains("tautan")).count() in (0, n)


def test_klaim_terlantar_tidak_mengunci_isian_selamanya(app, client, auth, staf):
    auth.login("staf")
    kunci = str(uuid.uuid4())
    with database:  # a request that died after claiming the key, three minutes ago
        Pengajuan.create(kunci=kunci, pegawai=None, hash="x", status=0,
                         waktu=sekarang() - datetime.timedelta(minutes=3))
    r = kirim(client, url_tautan(staf), {"tautan": "https://drive.example.go.id/a", "judul": "A"},
              token_from="/skp", submission_id=kunci)
    assert r.status_code == 303
    with database:
        assert Bukti.select().count() == 1


def test_klaim_baru_yang_belum_selesai_tetap_409(app, client, auth, staf):
    auth.login("staf")
    kunci = str(uuid.uuid4())
    with database:
        Pengajuan.create(kunci=kunci, pegawai=None, hash="x", status=0)
    r = kirim(client, url_tautan(staf), {"tautan": "https://drive.example.go.id/a", "judul": "A"},
              token_from="/skp", submission_id=kunci)
    assert r.status_code == 409
    with database:
        assert Bukti.select().count() == 0


@pytest.mark.sqlite_saja("koneksi SQLite per utas")
def test_koneksi_dipakai_ulang_tanpa_transaksi_terbuka(app, client, auth, staf):
    """A server thread keeps its SQLite connection for its next request (a new
    one cost ~5 ms per page), and holds no transaction between requests:
    another connection can take the write lock at once."""
    auth.login("staf")
    assert client.get("/skp").status_code == 200
    pertama = database.connection()
    assert kirim(client, url_tautan(staf), {"tautan": "https://drive.example.go.id/a", "judul": "A"},
                 token_from="/skp").status_code == 303
    assert database.connection() is pertama and not database.in_transaction()
    lain = sqlite3.connect(app.config["DATABASE_URL"].split("sqlite:///", 1)[1], timeout=0)
    lain.execute("BEGIN IMMEDIATE")  # would fail at once if the kept connection held a lock
    lain.rollback()
    lain.close()
