"""How an IKI's periodic realisasi add up to the year's (PermenPANRB 6/2022:
the annual evaluation weighs the year's realisasi against the annual target).

The person who plans an IKI says how its figure adds up over the year
(Iki.cara_hitung):
- "jumlah": counts add up; the year is the sum of the periods;
- "rata_rata": rates and scores; the year is the mean of the periods that
  have a value (an empty period is not a zero: it is left out);
- "terakhir": a percentage reached or a state; the year is the value of the
  latest period that has one.

Capaian is the year's realisasi as a percentage of the annual target (of
its lower bound when the target is a range), rounded to one decimal. It is
shown beside the figures for the penilai to read; it is never a score and
never sets a rating (6/2022 has no formula). It is not inverted for aspek
waktu or biaya: the penilai reads it with the indicator.
"""
from decimal import ROUND_HALF_UP, Decimal

CARA_HITUNG = {
    "jumlah": "Jumlah",
    "rata_rata": "Rata-rata",
    "terakhir": "Nilai terakhir",
}
CARA_HITUNG_DEFAULT = "jumlah"
# One short explanation per kind, shown in the IKI form.
PENJELASAN_CARA_HITUNG = {
    "jumlah": "hasil tiap periode dijumlahkan, misalnya banyak laporan.",
    "rata_rata": "rata-rata periode yang terisi, misalnya skor atau persentase tiap periode.",
    "terakhir": "angka periode terakhir yang terisi, misalnya persentase yang sudah tercapai.",
}
# What to type in a period's realisasi field, per kind.
PETUNJUK_ISIAN = {
    "jumlah": "Isi jumlah periode ini saja, bukan total sejak awal tahun.",
    "rata_rata": "Isi angka periode ini; hasil setahun adalah rata-ratanya.",
    "terakhir": "Isi keadaan atau angka terkini; hasil setahun adalah nilai terakhir.",
}
_SEN = Decimal("0.01")
_PERSEN = Decimal("0.1")


def cara_hitung_sah(cara):
    """True for a known kind."""
    return cara in CARA_HITUNG


def realisasi_tahun(cara, nilai_periode, sampai=None):
    """The aggregate of [(nomor, Decimal or None)] by `cara`, over the periods
    up to `sampai` (all when None); None when no period has a value."""
    ada = sorted((n, v) for n, v in nilai_periode if v is not None and (sampai is None or n <= sampai))
    if not ada:
        return None
    if cara == "rata_rata":
        return (sum(v for _, v in ada) / len(ada)).quantize(_SEN, rounding=ROUND_HALF_UP)
    if cara == "terakhir":
        return ada[-1][1]
    return sum((v for _, v in ada), Decimal(0))


def capaian(realisasi, target):
    """Realisasi as a percentage of the target, one decimal; None without a
    realisasi or a positive target."""
    if realisasi is None or target is None or Decimal(target) <= 0:
        return None
    return (Decimal(realisasi) * 100 / Decimal(target)).quantize(_PERSEN, rounding=ROUND_HALF_UP)
