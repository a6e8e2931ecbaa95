"""Pure domain rules: NIP, hierarchy cycles, period transitions."""
import datetime

import pytest

from kinerja.rules import (RuleError, cari_siklus, membuat_siklus, normalisasi_nip,
                           periksa_nip, periksa_tanggal_periode, periksa_transisi_periode,
                           urai_nip_pns)

HARI_INI = datetime.date(2026, 11, 28)


def test_nip_sah_dengan_spasi():
    assert periksa_nip("19860926 201505 1 001", hari_ini=HARI_INI) == "198609262015051001"


def test_bagian_nip():
    nip = urai_nip_pns("198609262015052003", HARI_INI)
    assert nip.lahir == datetime.date(1986, 9, 26)
    assert nip.tmt == datetime.date(2015, 5, 1)
    assert nip.jenis_kelamin == "P" and nip.urut == 3


@pytest.mark.parametrize("nip,pesan", [
    ("", "wajib diisi"),
    ("19860926201505100A", "hanya boleh berisi angka"),
    ("1986092620150510", r"harus 18 angka \(yang diisi 16"),
    ("198613262015051001", "Tanggal lahir"),          # month 13
    ("198602302015051001", "Tanggal lahir"),          # 30 February
    ("198609262015131001", "Bulan TMT"),              # TMT month 13
    ("198609262015001001", "Bulan TMT"),              # TMT month 00
    ("198609261985051001", "sesudah tanggal lahir"),  # TMT before birth
    ("199001010000011001", "sesudah tanggal lahir"),  # TMT year 0000 (no such date: was a 500)
    ("198609262015053001", "jenis kelamin"),          # sex digit 3
    ("198609262015050001", "jenis kelamin"),          # sex digit 0
    ("203001012050011001", "Tahun lahir"),            # born in the future
    ("198609262031011001", "masa depan"),             # TMT far in the future
    ("198609262004081001", "umur paling rendah CPNS 18 tahun"),  # TMT at 17 years 11 months
    ("198609262001011001", "pegawai ini baru 18 tahun pada September 2004"),  # TMT at 14
    ("198609262015051000", "Nomor urut pada NIP .* tidak boleh 000"),        # sequence 000
])
def test_nip_tidak_sah(nip, pesan):
    with pytest.raises(RuleError, match=pesan):
        periksa_nip(nip, "pns", hari_ini=HARI_INI)


@pytest.mark.parametrize("nip", [
    "198609262004091001",  # TMT in the month of the 18th birthday: the NIP has no TMT day
    "198609262004101999",  # a month later, the highest sequence
    "200002292018021001",  # born 29 February: 18 in February 2018
])
def test_nip_batas_umur_dan_urut_valid(nip):
    assert periksa_nip(nip, "pns", hari_ini=HARI_INI) == nip


def test_nip_pppk_tidak_diperiksa_umur_dan_urut():
    # The PNS age and sequence rules do not apply to a PPPK number.
    assert periksa_nip("198609262001011000", "pppk", hari_ini=HARI_INI)


def test_pppk_tidak_dicek_dengan_susunan_pns():
    # A PPPK number with a "month 13" in the PNS positions is still accepted.
    assert periksa_nip("199001012021131001", "pppk", hari_ini=HARI_INI)
    with pytest.raises(RuleError):
        periksa_nip("12345", "pppk")


def test_normalisasi():
    assert normalisasi_nip(" 19860926.201505-1 001 ") == "198609262015051001"


def test_deteksi_siklus():
    atasan = {1: None, 2: 1, 3: 2, 4: 3}
    assert membuat_siklus(1, 4, atasan.get)         # 4 is below 1
    assert membuat_siklus(2, 2, atasan.get)         # self
    assert not membuat_siklus(4, 1, atasan.get)
    assert not membuat_siklus(3, None, atasan.get)
    broken = {5: 6, 6: 5}                            # existing loop elsewhere
    assert not membuat_siklus(1, 5, broken.get)


def test_cari_siklus():
    assert cari_siklus({1: 2, 2: 3, 3: 1, 4: 1, 5: None}) == {1, 2, 3}
    assert cari_siklus({1: 1}) == {1}
    assert cari_siklus({1: None, 2: 1}) == set()


@pytest.mark.parametrize("dari,ke,alasan,ok", [
    ("perencanaan", "berjalan", "", True),
    ("berjalan", "penilaian", "", True),
    ("penilaian", "ditutup", "", True),
    ("ditutup", "penilaian", "salah tutup", True),
    ("ditutup", "penilaian", "  ", False),
    ("berjalan", "perencanaan", "", False),
    ("perencanaan", "ditutup", "", False),
    ("ditutup", "perencanaan", "x", False),
])
def test_transisi_periode(dari, ke, alasan, ok):
    if ok:
        periksa_transisi_periode(dari, ke, alasan)
    else:
        with pytest.raises(RuleError):
            periksa_transisi_periode(dari, ke, alasan)


def test_tanggal_periode():
    periksa_tanggal_periode(2026, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    with pytest.raises(RuleError, match="sesudah"):
        periksa_tanggal_periode(2026, datetime.date(2026, 5, 1), datetime.date(2026, 1, 1))
    with pytest.raises(RuleError, match="tahun 2026"):
        periksa_tanggal_periode(2026, datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))


@pytest.mark.parametrize("teks,nilai", [
    ("12", "12"), ("7,5", "7.5"), ("1.000,5", "1000.5"), ("2.500.000", "2500000"), ("1.250,25", "1250.25"),
    ("7.5", "7.5"), (" 95 ", "95"), ("", None),
])
def test_urai_angka_cara_indonesia(teks, nilai):
    from decimal import Decimal
    from kinerja.rules import urai_angka
    assert urai_angka(teks) == (Decimal(nilai) if nilai else None)


@pytest.mark.parametrize("teks,pesan", [
    ("1,2,3", "Harus berupa angka"), ("abc", "Harus berupa angka"), ("1e5", "Harus berupa angka"),
    ("12a", "Harus berupa angka"), ("--1", "Harus berupa angka"), ("9" * 400, "terlalu panjang"),
    ("1.5,3", "tiap tiga angka"), ("1.2.3,4", "tiap tiga angka"),
])
def test_urai_angka_menolak_yang_bukan_angka(teks, pesan):
    from kinerja.rules import RuleError, urai_angka
    with pytest.raises(RuleError, match=pesan):
        urai_angka(teks)


def test_urai_angka_satu_titik_ribuan_ditanyakan():
    from kinerja.rules import RuleError, urai_angka
    with pytest.raises(RuleError) as exc:
        urai_angka("1.500")
    assert str(exc.value) == "\u201c1.500\u201d bisa berarti 1500 atau 1,5. Tulis 1500 (tanpa titik) atau 1,5 (koma desimal)."


def test_tulis_angka_dengan_pemisah_ribuan():
    from decimal import Decimal
    from kinerja.rules import tulis_angka
    assert [tulis_angka(Decimal(x)) for x in ("12.00", "7.50", "2500000", "1250.25", "999")] == [
        "12", "7,5", "2.500.000", "1.250,25", "999"]


# ---------------------------------------------------------------- the year's realisasi (rules.tahunan)

D = __import__("decimal").Decimal


@pytest.mark.parametrize("cara, nilai, sampai, hasil", [
    # sum of the periods with a value
    ("jumlah", [(1, "3"), (2, "4"), (3, None), (4, "2")], None, "9"),
    ("jumlah", [(4, "2"), (1, "3")], None, "5"),  # order of the rows does not matter
    ("jumlah", [(1, "3"), (2, "4"), (3, "5")], 2, "7"),  # year to date
    ("jumlah", [(1, "0"), (2, None)], None, "0"),  # a zero is a value
    # mean of the periods that have a value: an empty period is left out, not a zero
    ("rata_rata", [(1, "80"), (2, None), (3, "90"), (4, "100")], None, "90.00"),
    ("rata_rata", [(1, "1"), (2, "2"), (3, "2")], None, "1.67"),
    ("rata_rata", [(1, "80"), (3, "90"), (4, "100")], 3, "85.00"),
    # the latest period with a value
    ("terakhir", [(1, "40"), (2, "70"), (3, "85"), (4, None)], None, "85"),
    ("terakhir", [(3, "85"), (1, "40")], None, "85"),
    ("terakhir", [(1, "40"), (2, "70"), (3, "85")], 2, "70"),
    # nothing filled: no year figure
    ("jumlah", [(1, None)], None, None), ("rata_rata", [], None, None), ("terakhir", [(2, "5")], 1, None),
])
def test_realisasi_tahun_per_cara_hitung(cara, nilai, sampai, hasil):
    from kinerja.rules import realisasi_tahun
    baris = [(n, None if v is None else D(v)) for n, v in nilai]
    assert realisasi_tahun(cara, baris, sampai) == (None if hasil is None else D(hasil))


@pytest.mark.parametrize("realisasi, target, hasil", [
    ("9", "12", "75.0"), ("12", "12", "100.0"), ("11", "12", "91.7"), ("13", "12", "108.3"),
    ("85", "100", "85.0"), ("0", "12", "0.0"), (None, "12", None), ("5", "0", None), ("5", None, None),
])
def test_capaian_terhadap_target_tahunan(realisasi, target, hasil):
    from kinerja.rules import capaian
    r = None if realisasi is None else D(realisasi)
    t = None if target is None else D(target)
    assert capaian(r, t) == (None if hasil is None else D(hasil))


def test_cara_hitung_dikenal_dan_berpenjelasan():
    from kinerja.rules import CARA_HITUNG, CARA_HITUNG_DEFAULT, PENJELASAN_CARA_HITUNG, PETUNJUK_ISIAN, cara_hitung_sah
    assert list(CARA_HITUNG) == ["jumlah", "rata_rata", "terakhir"] and CARA_HITUNG_DEFAULT == "jumlah"
    assert set(PENJELASAN_CARA_HITUNG) == set(PETUNJUK_ISIAN) == set(CARA_HITUNG)
    assert all(cara_hitung_sah(k) for k in CARA_HITUNG) and not cara_hitung_sah("median")
    assert not cara_hitung_sah("") and not cara_hitung_sah(None)
