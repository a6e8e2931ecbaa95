"""Rules of people and periods: NIP, the atasan hierarchy, periode status and dates."""
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from ..jam import hari_ini as _hari_ini_kota


class RuleError(ValueError):
    """A rule was broken; str(error) is the message for the user."""


# ---------------------------------------------------------------- NIP

@dataclass(frozen=True)
class NipPNS:
    """The parts of a PNS NIP: YYYYMMDD lahir, YYYYMM TMT CPNS, jenis kelamin, urut."""
    lahir: datetime.date
    tmt: datetime.date
    jenis_kelamin: str  # "L" or "P"
    urut: int


ANGKA_NIP = re.compile(r"[0-9]+")
# The youngest age at which a person is appointed CPNS (PP 11/2017 Pasal 23:
# at least 18 years old when applying, so at least 18 on the TMT).
UMUR_MIN_CPNS = 18
BULAN_NIP = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")


def normalisasi_nip(raw):
    """Strip the spaces, dots and dashes people type inside a NIP."""
    return re.sub(r"[\s.\-]", "", str(raw or ""))


def periksa_nip(raw, jenis_asn="pns", hari_ini=None):
    """Return the normalised NIP, or raise RuleError saying what is wrong.

    PNS: 18 digits, valid birth date, valid TMT month after birth and no
    earlier than the month of the 18th birthday, sex digit 1 or 2, sequence
    001-999. PPPK numbers have another layout: only 18 digits are checked.
    """
    nip = normalisasi_nip(raw)
    if not nip:
        raise RuleError("NIP wajib diisi.")
    if not ANGKA_NIP.fullmatch(nip):
        # str.isdigit() also takes Arabic-Indic or full-width digits, which
        # int() reads as the same number: a second person with someone's NIP.
        raise RuleError("NIP hanya boleh berisi angka 0-9.")
    if len(nip) != 18:
        raise RuleError(f"NIP harus 18 angka (yang diisi {len(nip)} angka).")
    if jenis_asn == "pns":
        urai_nip_pns(nip, hari_ini)
    return nip


def urai_nip_pns(nip, hari_ini=None):
    """Split an 18-digit PNS NIP into its parts, validating each."""
    hari_ini = hari_ini or _hari_ini_kota()
    try:
        lahir = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise RuleError("Tanggal lahir pada NIP (8 angka pertama, TTTTBBHH) tidak valid.") from None
    if lahir.year < 1930 or lahir > hari_ini:
        raise RuleError("Tahun lahir pada NIP tidak masuk akal.")
    tahun_tmt, bulan_tmt = int(nip[8:12]), int(nip[12:14])
    if not 1 <= bulan_tmt <= 12:
        raise RuleError("Bulan TMT CPNS pada NIP (angka ke-13 dan 14) harus 01 sampai 12.")
    if (tahun_tmt, bulan_tmt) <= (lahir.year, lahir.month):  # also year 0000, before any date exists
        raise RuleError("TMT CPNS pada NIP harus sesudah tanggal lahir.")
    tmt = datetime.date(tahun_tmt, bulan_tmt, 1)
    # The NIP gives the TMT's month only: the month of the 18th birthday is
    # accepted (the TMT may fall on or after the birthday), any earlier one not.
    if (tahun_tmt, bulan_tmt) < (lahir.year + UMUR_MIN_CPNS, lahir.month):
        raise RuleError(f"TMT CPNS pada NIP terlalu awal: umur paling rendah CPNS {UMUR_MIN_CPNS} tahun, "
                        f"pegawai ini baru {UMUR_MIN_CPNS} tahun pada "
                        f"{BULAN_NIP[lahir.month - 1]} {lahir.year + UMUR_MIN_CPNS}.")
    if tahun_tmt > hari_ini.year + 1:
        raise RuleError("Tahun TMT CPNS pada NIP tidak boleh di masa depan.")
    if nip[14] not in "12":
        raise RuleError("Angka jenis kelamin pada NIP (angka ke-15) harus 1 (pria) atau 2 (wanita).")
    urut = int(nip[15:])
    if urut == 0:
        raise RuleError("Nomor urut pada NIP (3 angka terakhir) tidak boleh 000; nomor urut mulai dari 001.")
    return NipPNS(lahir, tmt, "L" if nip[14] == "1" else "P", urut)


# ---------------------------------------------------------------- hierarchy

def membuat_siklus(pegawai_id, atasan_id, atasan_dari):
    """True when making `atasan_id` the superior of `pegawai_id` closes a loop.

    `atasan_dari(id)` returns the current superior's id (or None). Walks up
    from the new superior; reaching the pegawai means a cycle. A pegawai as
    their own superior is the shortest cycle.
    """
    seen = set()
    current = atasan_id
    while current is not None:
        if current == pegawai_id:
            return True
        if current in seen:  # a loop already in the data, not through pegawai_id
            return False
        seen.add(current)
        current = atasan_dari(current)
    return False


def cari_siklus(atasan_dari):
    """All nodes lying on a cycle of the mapping {node: superior-or-None}."""
    on_cycle = set()
    done = set()
    for start in atasan_dari:
        path, index = [], {}
        node = start
        while node is not None and node not in done and node not in index:
            index[node] = len(path)
            path.append(node)
            node = atasan_dari.get(node)
        if node is not None and node in index:
            on_cycle.update(path[index[node]:])
        done.update(path)
    return on_cycle


# ---------------------------------------------------------------- periode

# Allowed status moves of a periode; moving back needs a reason.
TRANSISI_PERIODE = {
    "perencanaan": ("berjalan",),
    "berjalan": ("penilaian", "perencanaan"),
    "penilaian": ("ditutup", "berjalan"),
    "ditutup": ("penilaian",),
}
URUTAN_PERIODE = ("perencanaan", "berjalan", "penilaian", "ditutup")


def periksa_transisi_periode(dari, ke, alasan=""):
    """Raise RuleError unless a periode may move from `dari` to `ke`."""
    if ke == dari:
        return
    if ke not in TRANSISI_PERIODE.get(dari, ()):
        raise RuleError(f"Status periode tidak bisa diubah dari {dari} ke {ke}.")
    mundur = URUTAN_PERIODE.index(ke) < URUTAN_PERIODE.index(dari)
    if mundur and not (alasan or "").strip():
        raise RuleError("Alasan wajib diisi untuk membuka kembali atau memundurkan status periode.")


def periksa_tanggal_periode(tahun, mulai, selesai):
    """Raise RuleError unless the dates make a period inside its year."""
    if selesai < mulai:
        raise RuleError("Tanggal selesai harus sesudah tanggal mulai.")
    if mulai.year != tahun or selesai.year != tahun:
        raise RuleError(f"Tanggal mulai dan selesai harus di tahun {tahun}.")


# ---------------------------------------------------------------- numbers

_RIBUAN = re.compile(r"^\d{1,3}(\.\d{3})+$")
_ANGKA = re.compile(r"^-?\d+(\.\d+)?$")


def urai_angka(teks):
    """A number as Indonesians type it, as a Decimal (None when empty).

    "12", "7,5", "2.500.000", "1.250,25"; a lone dot with other than three
    digits after it ("7.5") is a decimal point. "1.500" alone is ambiguous
    (one thousand five hundred, or one and a half) and is refused naming both
    readings, rather than silently guessing a factor of a thousand.
    Raises RuleError for anything else.
    """
    teks = (teks or "").strip().replace(" ", "")
    if not teks:
        return None
    if len(teks) > 24:
        raise RuleError("Angka terlalu panjang.")
    if "," in teks:
        bulat = teks.split(",", 1)[0].lstrip("-")
        if "." in bulat and not _RIBUAN.match(bulat):
            raise RuleError("Titik ribuan harus memisahkan tiap tiga angka, misalnya 2.500.000 atau 1.250,5.")
        teks = teks.replace(".", "").replace(",", ".", 1)
    elif _RIBUAN.match(teks):
        if teks.count(".") == 1:
            bulat, pecahan = teks.replace(".", ""), teks.replace(".", ",").rstrip("0").rstrip(",")
            raise RuleError(f"\u201c{teks}\u201d bisa berarti {bulat} atau {pecahan}. "
                            f"Tulis {bulat} (tanpa titik) atau {pecahan} (koma desimal).")
        teks = teks.replace(".", "")
    if not _ANGKA.match(teks):
        raise RuleError("Harus berupa angka, misalnya 12 atau 7,5.")
    return Decimal(teks)


def ukuran_berkas(n):
    """A byte count as people say it: "5 MB", "512 KB", "1,5 MB"."""
    n = n or 0
    teks = f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(n, 1) / 1024:.0f} KB"
    return teks.replace(".0 ", " ").replace(".", ",")


def tulis_angka(nilai):
    """A Decimal as Indonesians write it: 12, 7,5, 2.500.000, 1.250,25."""
    teks = f"{nilai:f}"
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    bulat, _, pecahan = teks.partition(".")
    tanda = "-" if bulat.startswith("-") else ""
    bulat = bulat.lstrip("-")
    kelompok = []
    while len(bulat) > 3:
        kelompok.insert(0, bulat[-3:])
        bulat = bulat[:-3]
    kelompok.insert(0, bulat)
    return tanda + ".".join(kelompok) + ("," + pecahan if pecahan else "")
