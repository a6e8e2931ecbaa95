"""Suara warga in the demo city (kinerja.seed_warga): Kelurahan Pahang has a
service catalogue with its petugas, a month of service records ending
today, survey answers in the current and previous quarter (enough to show
an IKM), complaints in every status, and its public pages open without an
account. The demo logins of the lurah and of a front-desk pegawai work."""
import datetime
import re

import pytest

from kinerja.db import database
from kinerja.jam import hari_ini, sekarang
from kinerja.kepegawaian import memimpin
from kinerja.models import Pegawai, Riwayat, Unit
from kinerja.rules.warga import HURUF_KODE, PANJANG_KODE, PANJANG_TIKET, triwulan
from kinerja.seed import DEMO_SANDI
from kinerja.warga import ukuran
from kinerja.warga.models import CatatanLayanan, Layanan, Pengaduan, PetugasLayanan, ResponSurvei
from tests.conftest import kirim, kota_demo_sekali, teks
from tests.halaman import Halaman, rapikan

KODE_UNIT = "KEC-DB-PHG"


@pytest.fixture(scope="module")
def kota_demo(tmp_path_factory, _db_termigrasi):
    """The demo city seeded once for this module, on 28 November 2026."""
    with kota_demo_sekali(tmp_path_factory, _db_termigrasi, "warga_demo") as kota:
        yield kota


@pytest.fixture
def db(kota_demo):
    app, akun = kota_demo
    with app.app_context(), database:
        yield Unit.get(Unit.kode == KODE_UNIT), akun


def test_katalog_kelurahan_dengan_petugasnya(db):
    unit, akun = db
    layanan = list(Layanan.select().where(Layanan.unit == unit.id))
    assert unit.nama == "Kelurahan Pahang" and 4 <= len(layanan) <= 6
    assert {l.nama for l in layanan} >= {"Surat keterangan domisili", "Legalisir dokumen"}
    assert all(5 <= l.standar_menit <= 120 and l.aktif for l in layanan)
    petugas = {p.pegawai.nip for p in PetugasLayanan.select().join(Layanan).where(Layanan.unit == unit.id)}
    lurah = Pegawai.get(Pegawai.nip == akun["lurah"])
    # two front-line pegawai reporting to the lurah serve the catalogue; the lurah heads the unit
    assert len(petugas) == 2 and akun["petugas_layanan"] in petugas
    for p in Pegawai.select().where(Pegawai.nip.in_(list(petugas))):
        assert p.unit_id == unit.id and p.atasan_id == lurah.id and p.jenis_jabatan == "pelaksana"
    assert lurah.unit_id == unit.id
    assert memimpin(lurah.jenis_jabatan, unit.path, lurah.atasan.unit.path)


def test_sebulan_catatan_layanan_sampai_hari_ini(db):
    unit, _ = db
    catatan = list(CatatanLayanan.select().where(CatatanLayanan.unit == unit.id).order_by(CatatanLayanan.mulai))
    hari = sorted({c.mulai.date() for c in catatan})
    assert hari[0] >= hari_ini() - datetime.timedelta(days=31) and hari[-1] <= hari_ini()
    assert hari[-1] >= hari_ini() - datetime.timedelta(days=4)  # up to the last working day
    assert len(hari) >= 18 and all(d.weekday() < 5 for d in hari)
    per_hari = [sum(1 for c in catatan if c.mulai.date() == d) for d in hari[:-1]]
    assert all(1 <= n <= 15 for n in per_hari) and sum(per_hari) / len(per_hari) >= 7
    assert all(c.mulai <= sekarang() and (c.selesai is None or c.mulai <= c.selesai <= sekarang())
               for c in catatan)
    hasil = {c.hasil for c in catatan}
    assert hasil == {"selesai", "ditolak", "dirujuk"}
    assert all(c.alasan for c in catatan if c.hasil != "selesai")
    assert 1 <= sum(c.selesai is None for c in catatan) <= 2  # still in progress
    data = ukuran.layanan_unit(unit.id, hari[0], hari[-1])
    assert data.selesai > 150 and 60 < data.persen_tepat_waktu < 100  # some are late
    kode = [c.kode for c in catatan]
    assert len(set(kode)) == len(kode)
    assert all(len(k) == PANJANG_KODE and set(k) <= set(HURUF_KODE) for k in kode)


def test_survei_cukup_untuk_ikm_triwulan_ini_dan_lalu(db):
    unit, _ = db
    awal, akhir, _ = triwulan(hari_ini())
    ini = ukuran.skm_unit(unit.id, awal, akhir)
    assert ini.semua.cukup and 60 <= ini.semua.responden <= 120
    assert ini.berkode.responden >= 10 and ini.tanpa_kode.responden >= 10  # coded and uncoded apart
    assert ini.semua.mutu[0] == "B"
    assert 2 <= ini.ditandai <= 3 and ini.dibatalkan == 1
    lalu = ukuran.skm_unit(unit.id, *triwulan(hari_ini(), 1)[:2])
    assert lalu.semua.cukup and lalu.semua.mutu is not None
    # a spent code is spent once, by an answer made after its service, tied to that pegawai
    berkode = list(ResponSurvei.select(ResponSurvei, CatatanLayanan).join(CatatanLayanan)
                   .where(ResponSurvei.unit == unit.id))
    assert all(r.catatan.kode_terpakai == r.dibuat and r.catatan.selesai <= r.dibuat
               and r.pegawai_id == r.catatan.pegawai_id for r in berkode)
    assert CatatanLayanan.select().where(CatatanLayanan.kode_terpakai.is_null(False)).count() == len(berkode)
    batal = ResponSurvei.get(ResponSurvei.unit == unit.id, ResponSurvei.dibatalkan_pada.is_null(False))
    assert batal.alasan_batal and batal.dibatalkan_oleh.peran == "superadmin"
    assert Riwayat.select().where(Riwayat.objek == "responsurvei", Riwayat.objek_id == batal.id).count() == 1
    assert ResponSurvei.select().where(ResponSurvei.unit == unit.id, ResponSurvei.komentar != "").count() >= 10


def test_pengaduan_dalam_setiap_status(db):
    unit, akun = db
    aduan = list(Pengaduan.select().where(Pengaduan.unit == unit.id))
    assert 5 <= len(aduan) <= 8
    assert {a.status for a in aduan} == {"diterima", "ditindaklanjuti", "selesai"}
    for a in aduan:
        assert len(a.tiket) == PANJANG_TIKET and a.dibuat <= sekarang()
        if a.status == "diterima":
            assert a.dijawab_pada is None and a.selesai_pada is None and not a.jawaban
        else:
            assert a.jawaban and a.dibuat < a.dijawab_pada <= sekarang()
        assert (a.selesai_pada is not None) == (a.status == "selesai")
        if a.selesai_pada:
            assert a.dijawab_pada <= a.selesai_pada
    assert any(a.pegawai_id for a in aduan) and any(a.kontak for a in aduan)
    lurah = Pegawai.get(Pegawai.nip == akun["lurah"])
    jejak = Riwayat.select().where(Riwayat.objek == "pengaduan", Riwayat.aktor == lurah.id).count()
    assert jejak == sum({"diterima": 0, "ditindaklanjuti": 1, "selesai": 2}[a.status] for a in aduan)


def test_halaman_publik_terbuka_tanpa_masuk(kota_demo):
    app, _ = kota_demo
    c = app.test_client()
    r = c.get(f"/s/{KODE_UNIT}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/warga/{KODE_UNIT}/survei")
    for path, judul in ((f"/warga/{KODE_UNIT}/survei", "Survei"), (f"/warga/{KODE_UNIT}/pengaduan", "Pengaduan")):
        r = c.get(path)
        assert r.status_code == 200, path
        h = Halaman(r)
        assert "Kelurahan Pahang" in rapikan(h.teks()) and judul.lower() in rapikan(h.teks()).lower()
        assert not h.pilih("script[src]"), "halaman publik tidak butuh JavaScript"
    r = c.get(f"/warga/{KODE_UNIT}/transparansi")
    assert r.status_code == 200
    isi = rapikan(Halaman(r).teks())
    assert "IKM" in isi and re.search(r"\b8\d,\d\d\b", isi), isi[:400]  # an IKM in the 80s, as "81,34"
    assert re.search(r"\bB\b", isi) and "Baik" in isi
    for nama in ("Nurhalimah", "Rahmadani", "Iqbal"):  # no names on the public page
        assert nama not in isi


def test_login_demo_lurah_dan_petugas(kota_demo):
    app, akun = kota_demo
    for peran in ("lurah", "petugas_layanan"):
        c = app.test_client()
        r = kirim(c, "/login", {"nip": akun[peran], "password": DEMO_SANDI})
        assert r.status_code == 303 and r.headers["Location"] == "/", peran
        assert "Kelurahan Pahang" in teks(c.get("/"))


def test_halaman_staf_demo_menampilkan_datanya(kota_demo):
    app, akun = kota_demo
    with app.app_context(), database:
        unit = Unit.get(Unit.kode == KODE_UNIT)
    lurah = app.test_client()
    assert kirim(lurah, "/login", {"nip": akun["lurah"], "password": DEMO_SANDI}).status_code == 303
    isi = rapikan(Halaman(lurah.get(f"/unit/{unit.id}/suara-warga")).teks())
    assert "Kelurahan Pahang" in isi and "IKM" in isi and re.search(r"\b8\d,\d\d\b", isi), isi[:400]
    isi = rapikan(Halaman(lurah.get(f"/unit/{unit.id}/pengaduan")).teks())
    assert "Lampu jalan" in isi and "Diterima" in isi
    petugas = app.test_client()
    assert kirim(petugas, "/login", {"nip": akun["petugas_layanan"], "password": DEMO_SANDI}).status_code == 303
    r = petugas.get("/buku-layanan")
    assert r.status_code == 200 and "Surat keterangan" in teks(r)
