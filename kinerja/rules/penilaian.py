"""Rules of periodic work and evaluation: evaluation periods, ratings and the
predikat matrix, the organisation's distribution guidance, objection deadline."""
import datetime
import functools
from typing import NamedTuple

from .dasar import RuleError

# ---------------------------------------------------------------- evaluation periods

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
TRIWULAN = ("I", "II", "III", "IV")


class PeriodeEvaluasi(NamedTuple):
    """One evaluation period of a year: Triwulan II is (2, "Triwulan II",
    1 April, 30 June); the last one is labelled "-Akhir" (the annual evaluation)."""
    nomor: int
    label: str
    awal: datetime.date
    akhir: datetime.date


def periode_evaluasi(frekuensi, mulai, selesai):
    """The evaluation periods of a year, [PeriodeEvaluasi], the last labelled
    "-Akhir" (the annual evaluation), clipped to mulai..selesai. Every page
    asks it several times for the same few periodes: computed once per
    (frekuensi, mulai, selesai), a fresh list each call."""
    return list(_periode_evaluasi(frekuensi, mulai, selesai))


@functools.lru_cache(maxsize=256)
def _periode_evaluasi(frekuensi, mulai, selesai):
    tahun = mulai.year
    if frekuensi == "bulanan":
        bagian = [(b, BULAN[b - 1], b, b) for b in range(1, 13)]
    else:
        bagian = [(t + 1, f"Triwulan {TRIWULAN[t]}", 3 * t + 1, 3 * t + 3) for t in range(4)]
    out = []
    for nomor, label, bulan_awal, bulan_akhir in bagian:
        awal = max(mulai, datetime.date(tahun, bulan_awal, 1))
        akhir = min(selesai, _akhir_bulan(tahun, bulan_akhir))
        if awal <= akhir:
            out.append([nomor, label, awal, akhir])
    if out:
        out[-1][1] += "-Akhir"
    return tuple(PeriodeEvaluasi(*x) for x in out)


def _akhir_bulan(tahun, bulan):
    if bulan == 12:
        return datetime.date(tahun, 12, 31)
    return datetime.date(tahun, bulan + 1, 1) - datetime.timedelta(days=1)


def nomor_berjalan(daftar, hari_ini):
    """The nomor of the evaluation period containing `hari_ini`, else None."""
    for nomor, _, awal, akhir in daftar:
        if awal <= hari_ini <= akhir:
            return nomor
    return None


# ---------------------------------------------------------------- ratings and predikat

RATING = {
    "di_atas": "Di Atas Ekspektasi",
    "sesuai": "Sesuai Ekspektasi",
    "di_bawah": "Di Bawah Ekspektasi",
}
PREDIKAT = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}
# PermenPANRB 6/2022 kuadran kinerja: (rating hasil kerja, rating perilaku) -> predikat.
MATRIKS_PREDIKAT = {
    ("di_atas", "di_bawah"): "kurang",
    ("di_atas", "sesuai"): "baik",
    ("di_atas", "di_atas"): "sangat_baik",
    ("sesuai", "di_bawah"): "kurang",
    ("sesuai", "sesuai"): "baik",
    ("sesuai", "di_atas"): "baik",
    ("di_bawah", "di_bawah"): "sangat_kurang",
    ("di_bawah", "sesuai"): "butuh_perbaikan",
    ("di_bawah", "di_atas"): "butuh_perbaikan",
}
# Pembinaan kinerja is expected for these.
PERLU_PEMBINAAN = ("butuh_perbaikan", "kurang", "sangat_kurang")


def predikat(rating_hasil, rating_perilaku):
    """The predikat kinerja derived from the two ratings; never typed by anyone."""
    try:
        return MATRIKS_PREDIKAT[(rating_hasil, rating_perilaku)]
    except KeyError:
        raise RuleError("Rating hasil kerja dan rating perilaku harus dipilih.") from None


def saran_rating_hasil(penilaian):
    """A suggestion for the rating hasil kerja from per-RHK levels, following
    BKN's guidance: di atas = most or all above and no RHK utama below;
    di bawah = most or all below; otherwise sesuai. `penilaian` is a list of
    (jenis, level); None when nothing was assessed."""
    levels = [(j, v) for j, v in penilaian if v in RATING]
    if not levels:
        return None
    n = len(levels)
    atas = sum(1 for _, v in levels if v == "di_atas")
    bawah = sum(1 for _, v in levels if v == "di_bawah")
    utama_bawah = any(j == "utama" and v == "di_bawah" for j, v in levels)
    if atas * 2 > n and not utama_bawah:
        return "di_atas"
    if bawah * 2 > n:
        return "di_bawah"
    return "sesuai"


# ---------------------------------------------------------------- evaluation status

STATUS_EVALUASI = {
    "terbuka": "Belum diajukan",
    "diajukan": "Menunggu penilaian",
    "dinilai": "Sudah dinilai",
}


def periksa_penilai_boleh_menilai(status, periode_usai):
    """The penilai rates once the self-evaluation is submitted, or once the
    evaluation period is over (a missing self-evaluation cannot block the rating)."""
    if status == "dinilai":
        raise RuleError("Evaluasi ini sudah final.")
    if status != "diajukan" and not periode_usai:
        raise RuleError("Pegawai belum mengajukan evaluasi diri, dan periode evaluasi ini belum berakhir.")


# ---------------------------------------------------------------- distribution

PREDIKAT_ORGANISASI = {
    "istimewa": "Istimewa",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang",
    "sangat_kurang": "Sangat Kurang",
}
# SE MenPANRB 3/2023 (secondary source): guidance, never a hard quota.
PANDUAN_DISTRIBUSI = {
    "istimewa": "Sebagian besar, paling banyak 70%, Sangat Baik; sisanya predikat lain.",
    "baik": ("Sebagian besar, paling banyak 70%, Baik; harus ada Butuh Perbaikan dan/atau "
             "Kurang/Misconduct; sisanya Sangat Baik atau Sangat Kurang."),
    "butuh_perbaikan": "Paling sedikit 60% Butuh Perbaikan; Sangat Baik paling banyak 10%.",
    "kurang": ("Paling sedikit 60% Kurang/Misconduct; paling sedikit 10% Butuh Perbaikan; "
               "Sangat Baik paling banyak 10%."),
    "sangat_kurang": ("Paling sedikit 60% Sangat Kurang; paling sedikit 10% Kurang/Misconduct "
                      "dan/atau Butuh Perbaikan; tidak ada Sangat Baik."),
}


def periksa_distribusi(predikat_organisasi, jumlah):
    """Warnings where the employees' predikat (`jumlah`: predikat -> count)
    depart from the guidance for the unit's predikat. Never blocks."""
    total = sum(jumlah.values())
    if not total or predikat_organisasi not in PANDUAN_DISTRIBUSI:
        return []
    pct = {k: 100 * jumlah.get(k, 0) / total for k in PREDIKAT}
    label = PREDIKAT
    w = []

    def paling_banyak(k, batas):
        if pct[k] > batas:
            w.append(f"{label[k]} {pct[k]:.0f}%, melebihi panduan paling banyak {batas}%.")

    def paling_sedikit(keys, batas):
        nilai = sum(pct[k] for k in keys)
        if nilai < batas:
            nama = " dan/atau ".join(label[k] for k in keys)
            w.append(f"{nama} {nilai:.0f}%, kurang dari panduan paling sedikit {batas}%.")

    def terbanyak(k):
        if any(pct[o] > pct[k] for o in PREDIKAT if o != k):
            w.append(f"{label[k]} seharusnya predikat terbanyak.")

    if predikat_organisasi == "istimewa":
        terbanyak("sangat_baik")
        paling_banyak("sangat_baik", 70)
    elif predikat_organisasi == "baik":
        terbanyak("baik")
        paling_banyak("baik", 70)
        if jumlah.get("butuh_perbaikan", 0) + jumlah.get("kurang", 0) == 0:
            w.append("Belum ada Butuh Perbaikan atau Kurang/Misconduct, padahal panduan memintanya ada.")
    elif predikat_organisasi == "butuh_perbaikan":
        paling_sedikit(["butuh_perbaikan"], 60)
        paling_banyak("sangat_baik", 10)
    elif predikat_organisasi == "kurang":
        paling_sedikit(["kurang"], 60)
        paling_sedikit(["butuh_perbaikan"], 10)
        paling_banyak("sangat_baik", 10)
    else:
        paling_sedikit(["sangat_kurang"], 60)
        paling_sedikit(["kurang", "butuh_perbaikan"], 10)
        paling_banyak("sangat_baik", 0)
    return w


# ---------------------------------------------------------------- keberatan

HARI_KEBERATAN = 14


def batas_keberatan(final_pada):
    """The last day an objection may be filed: 14 days after the final result."""
    return final_pada + datetime.timedelta(days=HARI_KEBERATAN)


def periksa_waktu_keberatan(final_pada, hari_ini):
    """Raise RuleError, with the dates explained, once the 14 days have passed."""
    batas = batas_keberatan(final_pada)
    if hari_ini > batas:
        raise RuleError(
            f"Keberatan tidak bisa diajukan lagi: hasil akhir ditetapkan {tanggal(final_pada)}, "
            f"batas pengajuan {HARI_KEBERATAN} hari sampai {tanggal(batas)}, hari ini {tanggal(hari_ini)}.")
    return batas


def tanggal(d):
    """A date as Indonesians write it: 5 Januari 2027."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"
