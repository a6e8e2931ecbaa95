"""kueri.KueriTetap: a query's SQL text built once, the real values bound on
each call. It must read exactly what building the query afresh reads, and
refuse a builder that breaks its rule (the arguments only as parameters)
instead of running the wrong SQL."""
import datetime

import pytest
from peewee import fn

from kinerja.db import database
from kinerja.kueri import KueriTetap, _teks, kueri_tetap
from kinerja.models import Pegawai, Unit
from kinerja.skp.layanan import SKP_PERIODE, ambil_skp
from kinerja.skp.models import Skp


@pytest.fixture
def db(app):
    with app.test_request_context(), database:
        yield


def _profil(pid):
    return Pegawai.select(Pegawai.id, Pegawai.nama, Unit.nama).join(Unit).where(Pegawai.id == pid)


def test_baris_dan_model_gabungan_sama_dengan_kueri_yang_dibangun_ulang(org, rencana, db):
    kueri = KueriTetap(_profil, int)
    for p in org["pegawai"].values():
        satu = kueri.satu(p.id)
        asli = _profil(p.id).get()
        assert (satu.id, satu.nama, satu.unit.nama) == (asli.id, asli.nama, asli.unit.nama)
    assert kueri.satu(-1) is None and kueri.semua(-1) == []
    skp = Skp.get_by_id(rencana["skp"]["kasi"].id)
    dibaca = ambil_skp(skp.id)  # Skp with Pegawai, Unit and Periode joined
    assert (dibaca.pegawai.nama, dibaca.pegawai.unit.nama, dibaca.periode.tahun) == \
        (skp.pegawai.nama, skp.pegawai.unit.nama, skp.periode.tahun)
    assert SKP_PERIODE.satu(skp.pegawai_id, skp.periode_id).status == skp.status


def test_kolom_hasil_dipetakan_sekali(org, rencana, db, monkeypatch):
    """How the cursor's columns map to models and converters is resolved on
    the first run only; later runs read the same joined rows, dates and
    model types as a query Peewee builds and reads afresh."""
    import peewee
    dipetakan = []
    asli = peewee._resolve_model_columns
    monkeypatch.setattr(peewee, "_resolve_model_columns", lambda *a: dipetakan.append(1) or asli(*a))
    kueri = KueriTetap(lambda sid: Skp.select(Skp, Pegawai, Unit).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
                       .join(Unit).where(Skp.id == sid), int)
    for s in rencana["skp"].values():
        n = len(dipetakan)
        dibaca = kueri.satu(s.id)
        dipetakan[n:] = [("kueri tetap", s.id)] * (len(dipetakan) - n)
        asli_skp = Skp.get_by_id(s.id)
        assert type(dibaca) is Skp and dibaca.__data__ == asli_skp.__data__
        assert dibaca.pegawai.__data__ == asli_skp.pegawai.__data__
        assert dibaca.pegawai.unit.nama == asli_skp.pegawai.unit.nama
        assert isinstance(dibaca.dibuat, datetime.datetime)
    assert len(rencana["skp"]) > 1
    assert [d for d in dipetakan if d != 1] == [("kueri tetap", rencana["skp"]["kadis"].id)]


def test_pembungkus_kursor_dilepas_seketika(org, rencana, db, monkeypatch):
    """The rows read, the cursor wrapper (and its cursor) is freed at once,
    first run or later, without waiting for the cycle collector: a wrapper
    kept alive with a statement still open holds SQLite's read snapshot, and
    a later write of that connection would fail as "database is locked"."""
    import gc
    import weakref
    dibuat, asli = [], KueriTetap._jalankan
    monkeypatch.setattr(KueriTetap, "_jalankan",
                        lambda self, *a, **k: dibuat.append(weakref.ref(r := asli(self, *a, **k))) or r)
    kueri = KueriTetap(lambda n: Skp.select().where(Skp.id > n), int)  # several rows
    gc.disable()
    try:
        for _ in range(2):
            assert kueri.satu(0) is not None and len(kueri.semua(0)) == len(rencana["skp"])
        assert dibuat and all(ref() is None for ref in dibuat)
    finally:
        gc.enable()


def test_sql_dibangun_sekali_dan_nilainya_diikat_tiap_panggilan(org, db):
    dibangun = []

    def bangun(pid, nama):
        dibangun.append((pid, nama))
        return Pegawai.select(Pegawai.nama).where((Pegawai.id == pid) | (Pegawai.nama == nama)).tuples()

    kueri, kasi, staf = KueriTetap(bangun, int, str), org["pegawai"]["kasi"], org["pegawai"]["staf"]
    kueri.CHECK = False  # this test counts the builds: no comparing build on each call
    assert set(kueri.semua(kasi.id, staf.nama)) == {(kasi.nama,), (staf.nama,)}
    assert kueri.nilai(kasi.id, "tidak ada") == kasi.nama
    assert len(dibangun) == 1 and dibangun[0][0] < 0  # built once, with stand-ins
    sql, params = kueri._siap[type(database.obj)][1:3]
    assert (sql, [kasi.id, "x"]) == _teks(bangun(kasi.id, "x"))  # the same text Peewee builds


def test_kata_kunci_pencarian_dibangun_ulang(org, db):
    @kueri_tetap(int)
    def bawahan(atasan_id, q=""):
        kueri = Pegawai.select(Pegawai.nama).where(Pegawai.atasan == atasan_id)
        return kueri.where(Pegawai.nama.contains(q)) if q else kueri

    kepala = org["pegawai"]["kabid"]
    semua = {p.nama for p in bawahan.semua(kepala.id)}
    assert semua == {p.nama for p in Pegawai.select().where(Pegawai.atasan == kepala.id)} and len(semua) >= 1
    satu = sorted(semua)[0]
    assert [p.nama for p in bawahan.semua(kepala.id, q=satu)] == [satu]
    halaman = bawahan.daftar(kepala.id)
    assert halaman.count() == len(semua) and len(halaman.paginate(1, 1)) == 1
    assert bawahan.daftar(kepala.id, q=satu).count() == 1


def test_pembangun_yang_memakai_argumen_selain_sebagai_parameter_ditolak(org, db):
    bergeser = KueriTetap(lambda pid: Pegawai.select().where(Pegawai.id == pid + 1), int)
    with pytest.raises(ValueError, match="bukan parameter SQL"):
        bergeser.semua(1)
    bercabang = KueriTetap(lambda pid: Pegawai.select().where(Pegawai.id == pid) if pid > 0
                           else Pegawai.select(), int)
    with pytest.raises(ValueError, match="bukan parameter SQL"):
        bercabang.semua(1)


def test_bentuk_yang_bergantung_pada_nilai_gagal_dicek(org, db):
    # The stand-in builds one shape; a value that builds another is caught
    # when CHECK is on (as in every test), never silently run.
    kueri = KueriTetap(lambda pid: Pegawai.select().where(Pegawai.id == pid).limit(1 if pid != 987654 else 2), int)
    assert kueri.satu(org["pegawai"]["kasi"].id).id == org["pegawai"]["kasi"].id
    with pytest.raises(AssertionError, match="berubah bentuk"):
        kueri.satu(987654)


def test_nilai_dicek_terhadap_tipe_yang_dinyatakan(org, db):
    kueri = KueriTetap(_profil, int)
    with pytest.raises((TypeError, ValueError)):
        kueri.satu(org["pegawai"]["kasi"])  # a model, not its id
    with pytest.raises(TypeError):
        kueri.satu(1, 2)
    with pytest.raises(TypeError):
        KueriTetap(lambda d: Skp.select().where(Skp.dibuat < d), datetime.date).semua(datetime.date.today())


def test_hitungan_dan_halaman_sama_dengan_peewee(org, db):
    @kueri_tetap(int)
    def orang_unit(unit_id, q=""):
        return Pegawai.select(Pegawai.id).where(Pegawai.unit == unit_id).order_by(Pegawai.id)

    unit = org["pegawai"]["staf"].unit_id
    asli = Pegawai.select(Pegawai.id).where(Pegawai.unit == unit).order_by(Pegawai.id)
    halaman = orang_unit.daftar(unit)
    assert halaman.count() == asli.count()
    assert [p.id for p in halaman.paginate(1, 2)] == [p.id for p in asli.paginate(1, 2)]
    assert [p.id for p in halaman.paginate(2, 2)] == [p.id for p in asli.paginate(2, 2)]
    assert KueriTetap(lambda: Pegawai.select(fn.COUNT(Pegawai.id))).nilai() == Pegawai.select().count()


def test_baris_mentah_adalah_tuple_driver(org, db):
    kueri = KueriTetap(lambda unit_id: Pegawai.select(Pegawai.id, Pegawai.nama, Pegawai.atasan)
                       .where(Pegawai.unit == unit_id).order_by(Pegawai.id).tuples(), int)
    unit = org["pegawai"]["staf"].unit_id
    asli = list(Pegawai.select(Pegawai.id, Pegawai.nama, Pegawai.atasan).where(Pegawai.unit == unit)
                .order_by(Pegawai.id).tuples())
    assert [tuple(b) for b in kueri.mentah(unit)] == asli and asli


def test_daftar_terikat_dibaca_sepotong_sepotong(org, db):
    @kueri_tetap(int)
    def orang_unit(unit_id, q=""):
        return Pegawai.select(Pegawai.id).where(Pegawai.unit == unit_id).order_by(Pegawai.id).tuples()

    unit = org["pegawai"]["staf"].unit_id
    semua = [p.id for p in Pegawai.select(Pegawai.id).where(Pegawai.unit == unit).order_by(Pegawai.id)]
    daftar = orang_unit.daftar(unit)
    assert len(semua) >= 2 and len(daftar) == len(semua)
    assert [b[0] for b in daftar] == semua
    assert [b[0] for b in daftar[:1]] == semua[:1] and [b[0] for b in daftar[1:]] == semua[1:]
    assert daftar[len(semua):] == [] and daftar[5:2] == []
    with pytest.raises(TypeError):
        daftar[0]
