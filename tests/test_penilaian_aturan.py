"""Pure rules of evaluation: all nine predikat cells, the distribution
guidance, evaluation periods, the rating suggestion, the objection window."""
import datetime

import pytest

from kinerja.rules import (MATRIKS_PREDIKAT, PREDIKAT, RuleError, batas_keberatan, nomor_berjalan,
                           periksa_distribusi, periksa_penilai_boleh_menilai, periksa_waktu_keberatan,
                           periode_evaluasi, predikat, saran_rating_hasil)

D = datetime.date


@pytest.mark.parametrize("hasil,perilaku,hasilnya", [
    ("di_atas", "di_bawah", "Kurang/Misconduct"),
    ("di_atas", "sesuai", "Baik"),
    ("di_atas", "di_atas", "Sangat Baik"),
    ("sesuai", "di_bawah", "Kurang/Misconduct"),
    ("sesuai", "sesuai", "Baik"),
    ("sesuai", "di_atas", "Baik"),
    ("di_bawah", "di_bawah", "Sangat Kurang"),
    ("di_bawah", "sesuai", "Butuh Perbaikan"),
    ("di_bawah", "di_atas", "Butuh Perbaikan"),
])
def test_sembilan_sel_matriks_predikat(hasil, perilaku, hasilnya):
    assert PREDIKAT[predikat(hasil, perilaku)] == hasilnya


def test_matriks_lengkap_dan_tidak_ada_yang_bisa_diketik():
    assert len(MATRIKS_PREDIKAT) == 9
    for salah in [(None, "sesuai"), ("sesuai", None), ("baik", "sesuai"), ("", "")]:
        with pytest.raises(RuleError, match="harus dipilih"):
            predikat(*salah)


def test_periode_triwulanan_dan_bulanan():
    tw = periode_evaluasi("triwulanan", D(2026, 1, 1), D(2026, 12, 31))
    assert [p[1] for p in tw] == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV-Akhir"]
    assert tw[1][2:] == (D(2026, 4, 1), D(2026, 6, 30))
    bl = periode_evaluasi("bulanan", D(2026, 1, 1), D(2026, 12, 31))
    assert len(bl) == 12 and bl[1][3] == D(2026, 2, 28) and bl[-1][1] == "Desember-Akhir"
    # A year that starts late is clipped; the last part is still "Akhir".
    pendek = periode_evaluasi("triwulanan", D(2026, 5, 15), D(2026, 9, 30))
    assert [(p[0], p[1], p[2]) for p in pendek] == [(2, "Triwulan II", D(2026, 5, 15)),
                                                    (3, "Triwulan III-Akhir", D(2026, 7, 1))]
    assert nomor_berjalan(tw, D(2026, 11, 28)) == 4 and nomor_berjalan(tw, D(2027, 1, 1)) is None
    # Computed once per year's shape, a fresh list to each caller.
    tw.pop()
    lagi = periode_evaluasi("triwulanan", D(2026, 1, 1), D(2026, 12, 31))
    assert len(lagi) == 4 and lagi is not tw


@pytest.mark.parametrize("levels,saran", [
    ([("utama", "di_atas"), ("utama", "di_atas"), ("tambahan", "sesuai")], "di_atas"),
    ([("utama", "di_atas"), ("utama", "di_atas"), ("utama", "di_bawah")], "sesuai"),
    ([("utama", "di_bawah"), ("tambahan", "di_bawah"), ("utama", "sesuai")], "di_bawah"),
    ([("utama", "sesuai"), ("utama", "di_atas")], "sesuai"),
    ([], None),
])
def test_saran_rating_hasil(levels, saran):
    assert saran_rating_hasil(levels) == saran


def test_penilai_menilai_setelah_diajukan_atau_periode_usai():
    periksa_penilai_boleh_menilai("diajukan", periode_usai=False)
    periksa_penilai_boleh_menilai("terbuka", periode_usai=True)
    with pytest.raises(RuleError, match="belum mengajukan"):
        periksa_penilai_boleh_menilai("terbuka", periode_usai=False)
    with pytest.raises(RuleError, match="sudah final"):
        periksa_penilai_boleh_menilai("dinilai", periode_usai=True)


@pytest.mark.parametrize("org,jumlah,peringatan", [
    ("istimewa", {"sangat_baik": 6, "baik": 4}, []),
    ("istimewa", {"sangat_baik": 8, "baik": 2}, ["Sangat Baik 80%, melebihi panduan paling banyak 70%."]),
    ("istimewa", {"sangat_baik": 3, "baik": 7}, ["Sangat Baik seharusnya predikat terbanyak."]),
    ("baik", {"baik": 6, "butuh_perbaikan": 1, "sangat_baik": 3}, []),
    ("baik", {"baik": 7, "sangat_baik": 3},
     ["Belum ada Butuh Perbaikan atau Kurang/Misconduct, padahal panduan memintanya ada."]),
    ("butuh_perbaikan", {"butuh_perbaikan": 5, "sangat_baik": 2, "baik": 3},
     ["Butuh Perbaikan 50%, kurang dari panduan paling sedikit 60%.",
      "Sangat Baik 20%, melebihi panduan paling banyak 10%."]),
    ("kurang", {"kurang": 7, "butuh_perbaikan": 1, "baik": 2}, []),
    ("kurang", {"kurang": 9, "baik": 1}, ["Butuh Perbaikan 0%, kurang dari panduan paling sedikit 10%."]),
    ("sangat_kurang", {"sangat_kurang": 6, "kurang": 1, "butuh_perbaikan": 1, "baik": 2}, []),
    ("sangat_kurang", {"sangat_kurang": 8, "sangat_baik": 1, "butuh_perbaikan": 1},
     ["Sangat Baik 10%, melebihi panduan paling banyak 0%."]),
    ("baik", {}, []),
])
def test_distribusi_dibanding_panduan(org, jumlah, peringatan):
    assert periksa_distribusi(org, jumlah) == peringatan


def test_keberatan_dalam_14_hari():
    final = D(2027, 1, 5)
    assert batas_keberatan(final) == D(2027, 1, 19)
    assert periksa_waktu_keberatan(final, D(2027, 1, 19)) == D(2027, 1, 19)
    with pytest.raises(RuleError) as exc:
        periksa_waktu_keberatan(final, D(2027, 1, 20))
    assert str(exc.value) == ("Keberatan tidak bisa diajukan lagi: hasil akhir ditetapkan 5 Januari 2027, "
                              "batas pengajuan 14 hari sampai 19 Januari 2027, hari ini 20 Januari 2027.")
