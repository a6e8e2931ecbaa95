"""Rules of citizens' voice (suara warga): the Survei Kepuasan Masyarakat of
PermenPANRB 14/2017, service records' one-time codes, complaint tickets and
the service measures an IKI can be tied to. Pure functions, no database.

The IKM: per unsur the mean of the answers (NRR, 1..4); the index is the
weighted mean of the nine NRR with weights 1/9 each, times 25 (25..100).
The regulation's worked tables write the weight as 0.111; we use 1/9
exactly, so "every unsur 3.2" gives 80.00 and not 79.92. The index is
rounded half-up to 2 decimals before its mutu is read, so the category
boundaries 64.99/65.00, 76.60/76.61 and 88.30/88.31 are exact.
"""
import datetime
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .dasar import RuleError

# ---------------------------------------------------------------- the survey (SKM)


class Unsur(NamedTuple):
    """One of the nine unsur: its column (u1..u9), name, question and the
    four answers from 1 to 4."""
    kolom: str
    nama: str
    tanya: str
    jawaban: tuple


UNSUR = (
    Unsur("u1", "Persyaratan", "Kesesuaian persyaratan dengan jenis layanannya?",
          ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur("u2", "Sistem, mekanisme dan prosedur", "Kemudahan prosedur layanan?",
          ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    Unsur("u3", "Waktu penyelesaian", "Kecepatan waktu layanan?",
          ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Unsur("u4", "Biaya/tarif", "Kewajaran biaya/tarif?",
          ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Unsur("u5", "Produk spesifikasi jenis pelayanan", "Hasil layanan sesuai standar?",
          ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur("u6", "Kompetensi pelaksana", "Kemampuan petugas?",
          ("Tidak mampu", "Kurang mampu", "Mampu", "Sangat mampu")),
    Unsur("u7", "Perilaku pelaksana", "Kesopanan dan keramahan petugas?",
          ("Tidak sopan", "Kurang sopan", "Sopan", "Sangat sopan")),
    Unsur("u8", "Penanganan pengaduan, saran dan masukan", "Penanganan pengaduan dan saran?",
          ("Tidak ada", "Ada tapi tidak berfungsi", "Kurang maksimal", "Dikelola dengan baik")),
    Unsur("u9", "Sarana dan prasarana", "Kualitas sarana dan prasarana?",
          ("Buruk", "Cukup", "Baik", "Sangat baik")),
)
KOLOM_UNSUR = tuple(u.kolom for u in UNSUR)
# The two unsur about the pelaksana: what the penilai reads next to
# "Berorientasi Pelayanan" (input, never an automatic rating).
UNSUR_PELAKSANA = ("u6", "u7")
BOBOT = Decimal(1) / Decimal(9)
MUTU = {"A": "Sangat Baik", "B": "Baik", "C": "Kurang Baik", "D": "Tidak Baik"}
# A figure resting on fewer responses than this is not shown ("belum cukup data").
MIN_RESPONDEN = 10
MAKS_KOMENTAR = 1000
MAKS_ADUAN = 2000
MAKS_KONTAK = 120
DUA = Decimal("0.01")


def bulat2(angka):
    """`angka` (Decimal or int) rounded half-up to 2 decimals."""
    return Decimal(angka).quantize(DUA, rounding=ROUND_HALF_UP)


def nrr(jumlah, responden):
    """The mean answer of one unsur (Decimal, 2 decimals), or None without responses."""
    if not responden:
        return None
    return bulat2(Decimal(jumlah) / Decimal(responden))


def ikm(jumlah_per_unsur, responden):
    """The IKM (Decimal, 25.00..100.00) from the sum of answers of each of the
    nine unsur over `responden` responses, or None without responses. The
    weighted mean uses the unrounded means: rounding each NRR first would
    move the index by up to 0.125."""
    if not responden:
        return None
    if len(jumlah_per_unsur) != len(UNSUR):
        raise ValueError("IKM butuh jumlah nilai kesembilan unsur")
    rata = sum((Decimal(j) / Decimal(responden) for j in jumlah_per_unsur), Decimal(0)) * BOBOT
    return bulat2(rata * 25)


def mutu(nilai_ikm):
    """The mutu pelayanan of an IKM: ("B", "Baik"), or None for None."""
    if nilai_ikm is None:
        return None
    n = bulat2(nilai_ikm)
    if n >= Decimal("88.31"):
        huruf = "A"
    elif n >= Decimal("76.61"):
        huruf = "B"
    elif n >= Decimal("65.00"):
        huruf = "C"
    else:
        huruf = "D"
    return huruf, MUTU[huruf]


def periksa_skor(data):
    """{field: message} for the nine answers in `data` (strings from a form):
    each required, a whole number 1..4."""
    galat = {}
    for u in UNSUR:
        nilai = (data.get(u.kolom) or "").strip()
        if not nilai:
            galat[u.kolom] = f"Pilih jawaban untuk {u.nama.lower()}."
        elif nilai not in ("1", "2", "3", "4"):
            galat[u.kolom] = f"Jawaban {u.nama.lower()} harus 1 sampai 4."
    return galat


# ---------------------------------------------------------------- codes

# No 0/O, 1/I/L: read aloud or typed from a slip without doubt.
HURUF_KODE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PANJANG_KODE = 6  # a service record's one-time code
PANJANG_TIKET = 10  # a complaint's ticket: it opens the unit's answer, so longer


def buat_kode(panjang=PANJANG_KODE):
    """A random code of `panjang` letters from HURUF_KODE."""
    return "".join(secrets.choice(HURUF_KODE) for _ in range(panjang))


def rapikan_kode(teks, panjang=PANJANG_KODE):
    """A code as typed ("ab3 d-ef", lower case, spaces, dashes) in its stored
    form, "" when empty; RuleError when it cannot be one of ours."""
    kode = "".join(ch for ch in (teks or "").upper() if ch not in " -\t")
    if not kode:
        return ""
    if len(kode) != panjang or any(ch not in HURUF_KODE for ch in kode):
        raise RuleError(f"Kode harus {panjang} huruf/angka seperti tertulis di slip.")
    return kode


def tiket_tampil(tiket):
    """A ticket as printed: "ABCDE-FGHJK"."""
    return f"{tiket[:5]}-{tiket[5:]}" if len(tiket) == PANJANG_TIKET else tiket


# ---------------------------------------------------------------- service records

HASIL_LAYANAN = {"selesai": "Selesai", "ditolak": "Ditolak", "dirujuk": "Dirujuk"}
STATUS_PENGADUAN = {"diterima": "Diterima", "ditindaklanjuti": "Ditindaklanjuti", "selesai": "Selesai"}
LANGKAH_PENGADUAN = {"diterima": ("ditindaklanjuti", "selesai"), "ditindaklanjuti": ("selesai",), "selesai": ()}


def periksa_langkah_pengaduan(dari, ke):
    """RuleError unless a complaint may go from status `dari` to `ke`."""
    if ke not in LANGKAH_PENGADUAN.get(dari, ()):
        raise RuleError(f"Pengaduan berstatus {STATUS_PENGADUAN.get(dari, dari).lower()} "
                        f"tidak dapat diubah menjadi {STATUS_PENGADUAN.get(ke, ke).lower()}.")


def median(nilai):
    """The median of a list of numbers, or None when empty."""
    urut = sorted(nilai)
    if not urut:
        return None
    tengah = len(urut) // 2
    return urut[tengah] if len(urut) % 2 else (urut[tengah - 1] + urut[tengah]) / 2


# ---------------------------------------------------------------- IKI tied to service measures

# An IKI may be tied to one of these; the realisasi page then proposes the
# period's figure from the data (the pegawai confirms or corrects it).
UKURAN_LAYANAN = {
    "jumlah_layanan": "Jumlah layanan yang dicatat pegawai",
    "persen_tepat_waktu": "% layanan pegawai selesai dalam waktu standar",
    "ikm_unit": "IKM unit kerja (survei kepuasan masyarakat)",
    "pengaduan_tuntas": "% pengaduan unit selesai dalam N hari",
}


# ---------------------------------------------------------------- periods of the public figures

def triwulan(tanggal, mundur=0):
    """The calendar quarter holding `tanggal`, or `mundur` quarters before it:
    (awal, akhir, "Triwulan III 2026"). The public pages report by quarter."""
    indeks = tanggal.year * 4 + (tanggal.month - 1) // 3 - mundur
    tahun, q = divmod(indeks, 4)
    awal = datetime.date(tahun, 3 * q + 1, 1)
    akhir = (datetime.date(tahun + (q == 3), (3 * q + 3) % 12 + 1, 1) - datetime.timedelta(days=1))
    return awal, akhir, f"Triwulan {('I', 'II', 'III', 'IV')[q]} {tahun}"
