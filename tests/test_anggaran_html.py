"""The HTML budget of DESIGN.md as a size test (never a timing): on the demo
city, for each demo role, every main page is <= 14 KB gzip and every htmx
fragment <= 5 KB, sent gzip-compressed. The pages are the ones that
bench/page_weight.py measures (`halaman_utama`), so the two never drift apart."""
import gzip

import pytest

from bench.page_weight import BATAS_FRAGMEN, BATAS_HTML, PERAN, halaman_utama
from kinerja.db import database
from kinerja.seed import DEMO_SANDI
from tests.conftest import kirim, kota_demo_sekali

GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture(scope="module")
def kota_demo(tmp_path_factory, _db_termigrasi):
    """The demo city (seeded once for this module) on day HARI_INI: a year of work."""
    with kota_demo_sekali(tmp_path_factory, _db_termigrasi, "anggaran") as kota:
        yield kota


def _ambil(client, nama, url, headers=None):
    """(gzip bytes, HTML) of one GET; it must be 200 and really gzip-compressed."""
    r = client.get(url, headers=dict(headers or {}, **GZIP))
    assert r.status_code == 200, f"{nama}: HTTP {r.status_code}"
    assert r.headers.get("Content-Encoding") == "gzip", \
        f"{nama} tidak dikompresi gzip (Content-Encoding: {r.headers.get('Content-Encoding')})"
    return len(r.data), gzip.decompress(r.data).decode()


def _melebihi(nama, n, fragmen):
    batas = BATAS_FRAGMEN if fragmen else BATAS_HTML
    if n <= batas:
        return None
    return f"{nama}: {n / 1024:.1f} KB gzip, anggaran {'fragmen' if fragmen else 'halaman'} {batas // 1024} KB"


def test_halaman_masuk_dalam_anggaran(kota_demo):
    n, html = _ambil(kota_demo[0].test_client(), "/login", "/login")
    assert 'name="nip"' in html
    assert _melebihi("/login", n, False) is None, _melebihi("/login", n, False)


@pytest.mark.parametrize("peran", PERAN)
def test_halaman_utama_dan_fragmen_dalam_anggaran(kota_demo, peran):
    app, akun = kota_demo
    client = app.test_client()
    assert kirim(client, "/login", {"nip": akun[peran], "password": DEMO_SANDI}).status_code in (302, 303)
    daftar = halaman_utama(client)
    urls = {url for _, url, _, fragmen in daftar if not fragmen}
    assert {"/", "/tugas", "/skp"} <= urls, urls
    if peran in ("atasan", "atasan_penilai"):
        assert {"/tim", "/tim/kaskade", "/penilaian"} <= urls, urls
    if peran in ("admin", "superadmin"):
        assert "/admin/pegawai" in urls, urls
    else:  # everyone else has an SKP: its page, its latest period, their fragments
        assert any("/kinerja/" in u for u in urls), urls
    assert any(fragmen for *_, fragmen in daftar), daftar
    lewat = []
    for nama, url, headers, fragmen in daftar:
        n, html = _ambil(client, f"{peran}: {nama}", url, headers)
        # A fragment is a fragment (htmx got the part, not the page), a page is a page.
        assert ("<!doctype html>" in html[:200].lower()) != fragmen, f"{peran}: {nama}"
        lewat.append(_melebihi(f"{peran}: {nama}", n, fragmen))
    lewat = [m for m in lewat if m]
    assert not lewat, "Melebihi anggaran HTML DESIGN.md:\n" + "\n".join(lewat)


@pytest.mark.parametrize("peran", PERAN)
def test_membaca_halaman_tidak_membuka_transaksi(kota_demo, peran, monkeypatch):
    """Viewing a page writes nothing and opens no transaction: on SQLite every
    transaction is BEGIN IMMEDIATE, so one in a page view queued the readers
    of every process behind each other (the period page ran at 30 req/s)."""
    app, akun = kota_demo
    client = app.test_client()
    assert kirim(client, "/login", {"nip": akun[peran], "password": DEMO_SANDI}).status_code in (302, 303)
    daftar = halaman_utama(client)
    for _, url, headers, _ in daftar:  # a first view may create an evaluation's rows, once
        client.get(url, headers=headers)
    mulai, asli = [], database.obj.begin

    def catat(*args, **kwargs):
        mulai.append(1)
        return asli(*args, **kwargs)
    monkeypatch.setattr(database.obj, "begin", catat)
    bertransaksi = []
    for nama, url, headers, _ in daftar:
        mulai.clear()
        assert client.get(url, headers=headers).status_code == 200
        if mulai:
            bertransaksi.append(nama)
    assert not bertransaksi, f"{peran}: halaman membuka transaksi tulis: {bertransaksi}"
