"""The main pages run only stored SQL (kueri.KueriTetap, kueri.KueriId): Peewee
builds a query's SQL text in Python on every run (0.15-0.8 ms each, more
than SQLite takes to answer), so a query built per visit on a page every
sign-in opens shows in the whole city's figures (bench/baca_beban.py). The
suara warga links once cost the home page 0.8 ms that way.

A search, a write, or a first visit that creates rows may still build
queries; a plain repeat visit must not. Both engines.
"""
from contextlib import contextmanager

import pytest

from kinerja.db import database
from tests.halaman import Halaman
from kinerja.kueri import KueriId, KueriTetap


@contextmanager
def kueri_dibangun():
    """The queries Peewee builds and runs inside the block: those run through
    Database.execute (stored queries run their text through execute_sql),
    and a stored query called with a shape keyword (a search, a filter),
    which KueriTetap builds afresh."""
    obj, dibangun = database.obj, []
    asli, asli_tetap = obj.execute, KueriTetap._jalankan

    def catat(query, *args, **kwargs):
        dibangun.append(database.get_sql_context().sql(query).query()[0])
        return asli(query, *args, **kwargs)

    def catat_tetap(self, nilai, lain, mentah=False):
        if any(lain.values()):
            dibangun.append(f"KueriTetap {self.bangun.__qualname__} {lain}")
        return asli_tetap(self, nilai, lain, mentah)
    obj.execute, KueriTetap._jalankan = catat, catat_tetap
    try:
        yield dibangun
    finally:
        del obj.execute
        KueriTetap._jalankan = asli_tetap


HALAMAN = [
    ("staf", "/"), ("staf", "/tugas"), ("staf", "SKP"), ("staf", "PERIODE"),
    ("kasi", "/"), ("kasi", "/tugas"), ("kasi", "SKP"), ("kasi", "PERIODE"), ("kasi", "/tim"),
    ("kasi", "/penilaian"), ("kasi", "/tim/kaskade"),
    ("superadmin", "/admin/pegawai"), ("admin_disdik", "/admin/pegawai"), ("admin_disdik", "/"),
    ("kapus", "/"), ("petugas", "/"),
]


@pytest.mark.parametrize("siapa,url", HALAMAN)
def test_kunjungan_ulang_halaman_utama_tanpa_kueri_dibangun(client, auth, berjalan, puskesmas, siapa, url):
    skp = berjalan["skp"]["staf"].id
    url = {"SKP": f"/skp/{skp}", "PERIODE": f"/skp/{skp}/kinerja/4"}.get(url, url)
    auth.login(siapa)
    assert client.get(url).status_code == 200  # a first visit may create the period's rows
    with kueri_dibangun() as dibangun:
        r = client.get(url)
    assert r.status_code == 200
    assert dibangun == []


def test_penanda_kueri_dibangun_bisa_gagal(client, auth, org, berjalan):
    """The check above sees a query Peewee builds (the admin list's search)
    and a stored query built afresh for a filter (the team's status)."""
    auth.login("superadmin")
    with kueri_dibangun() as dibangun:
        assert client.get("/admin/pegawai?q=Rina").status_code == 200
    assert any('"pegawai"' in sql for sql in dibangun)
    auth.logout()
    auth.login("kasi")
    with kueri_dibangun() as dibangun:
        assert client.get("/tim?status=diajukan").status_code == 200
    assert any("'status': 'diajukan'" in k for k in dibangun), dibangun


def test_kueri_id_lebih_dari_satu_potong(org, rencana):
    """KueriId over more ids than one query takes (25): one query per 25,
    the same rows as Peewee's IN list; none -> one query, no rows."""
    from peewee import fn

    from kinerja.db import catat_kueri
    from kinerja.skp.models import Rhk, Skp
    jumlah = KueriId(lambda ids: Rhk.select(Rhk.skp, fn.COUNT(Rhk.id)).where(Rhk.skp.in_(ids))
                     .group_by(Rhk.skp).tuples())
    with database:
        ada = [s.id for s in Skp.select()]
        ids = ada + list(range(10**6, 10**6 + 60 - len(ada)))  # 60 ids: three queries
        harap = dict(Rhk.select(Rhk.skp, fn.COUNT(Rhk.id)).where(Rhk.skp.in_(ada)).group_by(Rhk.skp).tuples())
        with catat_kueri() as kueri:
            assert dict(jumlah.semua(ids)) == harap and harap
        assert len(kueri) == 3
        with catat_kueri() as kueri:
            assert jumlah.semua([]) == []
        assert len(kueri) == 1


def test_hasil_akhir_dengan_keberatan_dan_pembinaan_tanpa_kueri_dibangun(client, auth, org, berjalan):
    """The staf's final annual result with a decided objection (the decider's
    name shown) and a coaching plan with a note: the period page shows them
    from stored queries, and the penilai's name without a lazy row read."""
    from kinerja.penilaian.models import Evaluasi
    from kinerja.penilaian.pembinaan import buat_pembinaan, daftar_pembinaan, tambah_catatan
    from kinerja.skp.models import Skp
    from tests.test_keberatan import final, keberatan_diajukan, putus
    from tests.test_pembinaan import RENCANA
    ev = final(org, berjalan)
    kb = keberatan_diajukan(client, auth, ev)
    auth.login("kabid")
    # Changed to Kurang: still calls for coaching, and the page says who changed it.
    assert putus(client, kb, keputusan="diubah", rating_hasil="sesuai", rating_perilaku="di_bawah",
                 alasan_keputusan="Perilaku dinilai ulang").status_code == 303
    auth.logout()
    p = org["pegawai"]
    with database:
        skp, ev = Skp.get_by_id(ev.skp_id), Evaluasi.get_by_id(ev.id)
        buat_pembinaan(p["kasi"], skp, ev, RENCANA)
        tambah_catatan(p["kasi"], skp, daftar_pembinaan(ev)[0], {"teks": "Pertemuan pertama selesai"})
    url = f"/skp/{skp.id}/kinerja/4"
    auth.login("staf")
    client.get(url)
    with kueri_dibangun() as dibangun:
        r = client.get(url)
    teks = Halaman(r).teks()
    assert f"diubah melalui keputusan keberatan oleh {p['kabid'].nama}" in teks  # who decided it
    assert f"Dinilai oleh {p['kasi'].nama}" in teks
    assert "Pembinaan kinerja sudah direncanakan" in teks
    assert dibangun == []


def test_templat_membaca_global_dari_satu_dict(app, client, auth, org, berjalan):
    """Every template reads the globals from a plain dict holding all of the
    environment's (tampilan.LingkunganJinja), so a `{% from ... import %}`,
    once per IKI on the period page, no longer compares them key by key
    through a ChainMap; the period page renders with every global it uses."""
    auth.login("staf")
    assert client.get(f"/skp/{berjalan['skp']['staf'].id}/kinerja/4").status_code == 200
    for nama in ("base.html", "_form.html", "penilaian/_realisasi_iki.html"):
        globals_ = app.jinja_env.get_template(nama).globals
        assert type(globals_) is dict and globals_ == dict(app.jinja_env.globals)


def test_templat_membaca_kunci_dict_seperti_jinja(app):
    """`x.y` on a plain dict reads the key at once (tampilan.LingkunganJinja.getattr,
    no AttributeError per read) with Jinja's meaning: a dict method name is
    still the method, a missing key undefined, other objects unchanged."""
    from collections import OrderedDict
    from types import SimpleNamespace

    from jinja2 import Environment
    teks = ("{{ d.nilai }}|{{ d.tidak_ada }}|{{ d.tidak_ada is defined }}|{{ d.items()|list|length }}"
            "|{{ d.get('nilai') }}|{{ d.keys is callable }}|{{ d.dalam.tampil }}|{{ (d.kosong or '-') }}"
            "|{{ d.nilai.bit_length() }}|{{ o.nilai }}|{{ o.tidak_ada is defined }}|{{ od.nilai }}")
    data = {"d": {"nilai": 5, "items": "bukan metode", "keys": 1, "dalam": {"tampil": "12 laporan"}, "kosong": ""},
            "o": SimpleNamespace(nilai=7), "od": OrderedDict(nilai=9)}
    kita = app.jinja_env.from_string(teks).render(**data)
    assert kita == Environment().from_string(teks).render(**data)
    assert kita == "5||False|5|5|True|12 laporan|-|3|7|False|9"
