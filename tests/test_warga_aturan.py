"""The SKM rules of PermenPANRB 14/2017 (kinerja.rules.warga), checked by
hand: NRR, the IKM with weights 1/9, the mutu boundaries, codes, quarters."""
import datetime
from decimal import Decimal

import pytest

from kinerja.rules import RuleError
from kinerja.rules import warga as w


def test_contoh_permen_semua_unsur_3_2():
    # 10 responses, every unsur summing to 32 -> NRR 3.20 each -> 3.2 x 25 = 80.00 -> B
    assert w.nrr(32, 10) == Decimal("3.20")
    assert w.ikm([32] * 9, 10) == Decimal("80.00")
    assert w.mutu(Decimal("80.00")) == ("B", "Baik")


def test_ikm_dihitung_tangan_sembilan_unsur_berbeda():
    # 4 respondents; sums per unsur and their means by hand:
    # 16/4=4, 12/4=3, 10/4=2.5, 8/4=2, 14/4=3.5, 13/4=3.25, 15/4=3.75, 9/4=2.25, 11/4=2.75
    # mean of the nine = 27/9 = 3.0 -> x25 = 75.00 -> C (Kurang Baik)
    jumlah = [16, 12, 10, 8, 14, 13, 15, 9, 11]
    assert [w.nrr(j, 4) for j in jumlah] == [Decimal(x) for x in
                                              ("4.00", "3.00", "2.50", "2.00", "3.50", "3.25", "3.75", "2.25", "2.75")]
    assert w.ikm(jumlah, 4) == Decimal("75.00")
    assert w.mutu(w.ikm(jumlah, 4)) == ("C", "Kurang Baik")


def test_ikm_bobot_sepersembilan_bukan_0_111():
    # with 0.111 the index of "all 3.2" would read 79.92; 1/9 gives 80.00 exactly
    assert w.ikm([32] * 9, 10) != Decimal("79.92")
    # unrounded means: 3 respondents, each unsur summing to 10 -> 3.333.. -> 83.33
    assert w.ikm([10] * 9, 3) == Decimal("83.33")


def test_ikm_tanpa_responden_kosong():
    assert w.ikm([0] * 9, 0) is None
    assert w.nrr(0, 0) is None
    assert w.mutu(None) is None


@pytest.mark.parametrize("nilai, huruf", [
    ("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"),
    ("88.30", "B"), ("88.31", "A"), ("100.00", "A"),
])
def test_batas_mutu(nilai, huruf):
    assert w.mutu(Decimal(nilai))[0] == huruf


def test_batas_mutu_dibulatkan_dulu():
    # 64.995 rounds half-up to 65.00: C, as printed
    assert w.mutu(Decimal("64.995")) == ("C", "Kurang Baik")
    assert w.mutu(Decimal("88.304")) == ("B", "Baik")


@pytest.mark.parametrize("data, kolom, pesan", [
    ({}, "u1", "Pilih jawaban"),
    ({"u1": "5"}, "u1", "1 sampai 4"),
    ({"u3": "0"}, "u3", "1 sampai 4"),
    ({"u9": "abc"}, "u9", "1 sampai 4"),
    ({"u2": "2.5"}, "u2", "1 sampai 4"),
])
def test_skor_di_luar_1_4_ditolak(data, kolom, pesan):
    lengkap = {k: "3" for k in w.KOLOM_UNSUR}
    lengkap.update(data)
    if not data:
        lengkap.pop("u1")
    assert pesan in w.periksa_skor(lengkap)[kolom]


def test_skor_lengkap_diterima():
    assert w.periksa_skor({k: "4" for k in w.KOLOM_UNSUR}) == {}


def test_kode_tanpa_huruf_meragukan():
    for _ in range(200):
        kode = w.buat_kode()
        assert len(kode) == 6 and not set(kode) & set("01OIL")
    assert len(w.buat_kode(w.PANJANG_TIKET)) == 10


@pytest.mark.parametrize("teks, hasil", [("ab3-def", "AB3DEF"), (" AB3 DEF ", "AB3DEF"), ("", "")])
def test_rapikan_kode(teks, hasil):
    assert w.rapikan_kode(teks) == hasil


@pytest.mark.parametrize("teks", ["ABC", "ABCDEFG", "AB0DEF", "ABIDEF", "<scrip"])
def test_kode_asing_ditolak(teks):
    with pytest.raises(RuleError, match="6 huruf"):
        w.rapikan_kode(teks)


def test_langkah_pengaduan():
    w.periksa_langkah_pengaduan("diterima", "ditindaklanjuti")
    w.periksa_langkah_pengaduan("ditindaklanjuti", "selesai")
    w.periksa_langkah_pengaduan("diterima", "selesai")
    with pytest.raises(RuleError, match="tidak dapat"):
        w.periksa_langkah_pengaduan("selesai", "diterima")


def test_median():
    assert w.median([]) is None
    assert w.median([5, 1, 3]) == 3
    assert w.median([4, 1, 3, 2]) == 2.5


@pytest.mark.parametrize("tanggal, mundur, hasil", [
    (datetime.date(2026, 11, 28), 0, (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), "Triwulan IV 2026")),
    (datetime.date(2026, 11, 28), 1, (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "Triwulan III 2026")),
    (datetime.date(2027, 2, 1), 1, (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), "Triwulan IV 2026")),
    (datetime.date(2028, 2, 29), 0, (datetime.date(2028, 1, 1), datetime.date(2028, 3, 31), "Triwulan I 2028")),
])
def test_triwulan(tanggal, mundur, hasil):
    assert w.triwulan(tanggal, mundur) == hasil
