"""The figures of citizens' voice read from the database (kinerja.warga.ukuran):
SKM per unit with flagged, voided and uncoded responses apart, services
against the standard, complaint times, a pegawai's own feedback."""
import datetime
from decimal import Decimal

from kinerja.db import database
from kinerja.warga import ukuran
from kinerja.warga.models import CatatanLayanan, Pengaduan, ResponSurvei

AWAL, AKHIR = datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)
T = datetime.datetime(2026, 11, 2, 9, 0)


def _catat(p, layanan, pegawai, menit, kode, hasil="selesai"):
    return CatatanLayanan.create(layanan=layanan, unit=p["unit"], pegawai=pegawai, mulai=T,
                                 selesai=None if menit is None else T + datetime.timedelta(minutes=menit),
                                 hasil=hasil, kode=kode)


def _respon(p, skor, catatan=None, **kw):
    data = {f"u{i}": s for i, s in enumerate(skor, 1)}
    kw.setdefault("dibuat", T)
    return ResponSurvei.create(unit=p["unit"], catatan=catatan, pegawai=catatan.pegawai if catatan else None,
                               **data, **kw)


def test_skm_unit_memisah_berkode_tanpa_kode_ditandai_dibatalkan(puskesmas):
    p = puskesmas
    with database:
        c1 = _catat(p, p["layanan"]["daftar"], p["petugas"], 10, "AAAAA2")
        _respon(p, [4] * 9, c1)
        _respon(p, [3] * 9)
        _respon(p, [2] * 9)
        _respon(p, [1] * 9, ditandai=True)
        _respon(p, [1] * 9, dibatalkan_pada=T, alasan_batal="uji")
        _respon(p, [4] * 9, dibuat=datetime.datetime(2026, 9, 30, 23, 59))  # last quarter
        hasil = ukuran.skm_unit(p["unit"].id, AWAL, AKHIR)
    assert hasil.semua.responden == 3
    assert hasil.semua.ikm == Decimal("75.00")  # mean 3.0 x 25
    assert hasil.semua.mutu == ("C", "Kurang Baik")
    assert hasil.berkode.responden == 1 and hasil.berkode.ikm == Decimal("100.00")
    assert hasil.tanpa_kode.responden == 2 and hasil.tanpa_kode.nrr[0] == Decimal("2.50")
    assert (hasil.ditandai, hasil.dibatalkan) == (1, 1)
    assert not hasil.semua.cukup


def test_layanan_terhadap_standar_dan_usulan_iki(puskesmas):
    p = puskesmas
    with database:
        _catat(p, p["layanan"]["daftar"], p["petugas"], 10, "AAAAA3")   # within 15
        _catat(p, p["layanan"]["daftar"], p["petugas"], 20, "AAAAA4")   # late
        _catat(p, p["layanan"]["surat"], p["petugas"], 30, "AAAAA5")    # exactly 30: within
        _catat(p, p["layanan"]["surat"], p["petugas"], None, "AAAAA6")  # still open
        _catat(p, p["layanan"]["daftar"], p["petugas2"], 5, "AAAAA7")
        mine = ukuran.layanan_pegawai(p["petugas"].id, AWAL, AKHIR)
        unit = ukuran.layanan_unit(p["unit"].id, AWAL, AKHIR)
        usul = ukuran.usulan_iki("persen_tepat_waktu", None, p["petugas"].id, p["unit"].id, AWAL, AKHIR)
        jumlah = ukuran.usulan_iki("jumlah_layanan", None, p["petugas"].id, p["unit"].id, AWAL, AKHIR)
    assert (mine.jumlah, mine.selesai, mine.tepat_waktu, mine.median_menit) == (4, 3, 2, 20)
    assert mine.persen_tepat_waktu == Decimal("66.67")
    assert unit.jumlah == 5 and unit.median_menit == 15
    assert usul == (Decimal("66.67"), "2 dari 3 layanan selesai")
    assert jumlah == (Decimal(4), "4 layanan tercatat")


def test_pengaduan_waktu_jawab_dan_tuntas(puskesmas):
    p = puskesmas
    with database:
        Pengaduan.create(unit=p["unit"], isi="a", tiket="AAAAAAAAA2", dibuat=T, status="selesai",
                         dijawab_pada=T + datetime.timedelta(hours=2), selesai_pada=T + datetime.timedelta(days=2))
        Pengaduan.create(unit=p["unit"], isi="b", tiket="AAAAAAAAA3", dibuat=T, status="selesai",
                         dijawab_pada=T + datetime.timedelta(hours=4), selesai_pada=T + datetime.timedelta(days=9))
        Pengaduan.create(unit=p["unit"], isi="c", tiket="AAAAAAAAA4", dibuat=T)
        Pengaduan.create(unit=p["unit"], isi="d", tiket="AAAAAAAAA5", dibuat=T, ditandai=True)
        hasil = ukuran.pengaduan_unit(p["unit"].id, AWAL, AKHIR, hari=5)
    assert (hasil.diterima, hasil.selesai, hasil.tuntas_tepat) == (3, 2, 1)
    assert hasil.median_jam_jawab == 3
    assert hasil.persen_tuntas == Decimal("33.33")


def test_umpan_warga_hanya_milik_pegawai_ini(puskesmas):
    p = puskesmas
    with database:
        c1 = _catat(p, p["layanan"]["daftar"], p["petugas"], 10, "AAAAA8")
        c2 = _catat(p, p["layanan"]["daftar"], p["petugas2"], 10, "AAAAA9")
        _respon(p, [3, 3, 3, 3, 3, 4, 2, 3, 3], c1, komentar="Ramah sekali")
        _respon(p, [1] * 9, c2, komentar="Lama")
        _respon(p, [2] * 9, komentar="tanpa kode")
        Pengaduan.create(unit=p["unit"], isi="Antre lama", kontak="0812-rahasia", tiket="AAAAAAAAB2",
                         catatan=c1, pegawai=p["petugas"], dibuat=T)
        umpan = ukuran.umpan_warga(p["petugas"].id, AWAL, AKHIR)
    assert umpan.skm.responden == 1
    assert (umpan.skm.nrr[5], umpan.skm.nrr[6]) == (Decimal("4.00"), Decimal("2.00"))
    assert umpan.komentar == ["Ramah sekali"]
    assert [a["isi"] for a in umpan.pengaduan] == ["Antre lama"]
    assert "kontak" not in umpan.pengaduan[0]
