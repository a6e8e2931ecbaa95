"""Pure domain rules: no Flask, no database. Each has its own unit tests.

Messages are in Bahasa Indonesia because they are shown to users as they are.
"""
import datetime
import re
from dataclasses import dataclass


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


def normalisasi_nip(raw):
    """Strip the spaces, dots and dashes people type inside a NIP."""
    return re.sub(r"[\s.\-]", "", str(raw or ""))


def periksa_nip(raw, jenis_asn="pns", hari_ini=None):
    """Return the normalised NIP, or raise RuleError saying what is wrong.

    PNS: 18 digits, valid birth date, valid TMT month after birth, sex digit
    1 or 2. PPPK numbers have another layout: only 18 digits are checked.
    """
    nip = normalisasi_nip(raw)
    if not nip:
        raise RuleError("NIP wajib diisi.")
    if not nip.isdigit():
        raise RuleError("NIP hanya boleh berisi angka.")
    if len(nip) != 18:
        raise RuleError(f"NIP harus 18 angka (yang diisi {len(nip)} angka).")
    if jenis_asn == "pns":
        urai_nip_pns(nip, hari_ini)
    return nip


def urai_nip_pns(nip, hari_ini=None):
    """Split an 18-digit PNS NIP into its parts, validating each."""
    hari_ini = hari_ini or datetime.date.today()
    try:
        lahir = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise RuleError("Tanggal lahir pada NIP (8 angka pertama, TTTTBBHH) tidak valid.") from None
    if lahir.year < 1930 or lahir > hari_ini:
        raise RuleError("Tahun lahir pada NIP tidak masuk akal.")
    tahun_tmt, bulan_tmt = int(nip[8:12]), int(nip[12:14])
    if not 1 <= bulan_tmt <= 12:
        raise RuleError("Bulan TMT CPNS pada NIP (angka ke-13 dan 14) harus 01 sampai 12.")
    tmt = datetime.date(tahun_tmt, bulan_tmt, 1)
    if (tahun_tmt, bulan_tmt) <= (lahir.year, lahir.month):
        raise RuleError("TMT CPNS pada NIP harus sesudah tanggal lahir.")
    if tahun_tmt > hari_ini.year + 1:
        raise RuleError("Tahun TMT CPNS pada NIP tidak boleh di masa depan.")
    if nip[14] not in "12":
        raise RuleError("Angka jenis kelamin pada NIP (angka ke-15) harus 1 (pria) atau 2 (wanita).")
    return NipPNS(lahir, tmt, "L" if nip[14] == "1" else "P", int(nip[15:]))


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


# ---------------------------------------------------------------- BerAKHLAK

# SE MenPANRB 20/2021: the seven core values and their exact behaviour guides.
BERAKHLAK = {
    "berorientasi_pelayanan": {
        "nama": "Berorientasi Pelayanan",
        "panduan": ("Memahami dan memenuhi kebutuhan masyarakat",
                    "Ramah, cekatan, solutif, dan dapat diandalkan",
                    "Melakukan perbaikan tiada henti")},
    "akuntabel": {
        "nama": "Akuntabel",
        "panduan": ("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, "
                    "dan berintegritas tinggi",
                    "Menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan efisien",
                    "Tidak menyalahgunakan kewenangan jabatan")},
    "kompeten": {
        "nama": "Kompeten",
        "panduan": ("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
                    "Membantu orang lain belajar",
                    "Melaksanakan tugas dengan kualitas terbaik")},
    "harmonis": {
        "nama": "Harmonis",
        "panduan": ("Menghargai setiap orang apapun latar belakangnya",
                    "Suka menolong orang lain",
                    "Membangun lingkungan kerja yang kondusif")},
    "loyal": {
        "nama": "Loyal",
        "panduan": ("Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta "
                    "pemerintahan yang sah",
                    "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
                    "Menjaga rahasia jabatan dan negara")},
    "adaptif": {
        "nama": "Adaptif",
        "panduan": ("Cepat menyesuaikan diri menghadapi perubahan",
                    "Terus berinovasi dan mengembangkan kreativitas",
                    "Bertindak proaktif")},
    "kolaboratif": {
        "nama": "Kolaboratif",
        "panduan": ("Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
                    "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
                    "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama")},
}


# ---------------------------------------------------------------- SKP

STATUS_SKP = {
    "draft": "Draf",
    "diajukan": "Diajukan",
    "disetujui": "Disetujui",
    "dikembalikan": "Dikembalikan",
}
AKSI_SKP = {
    "ajukan": "Ajukan ke penilai",
    "tarik": "Tarik pengajuan",
    "setujui": "Setujui",
    "kembalikan": "Kembalikan",
    "buka": "Buka kembali",
}
# (status, aksi) -> (the role that may do it, the new status, reason required).
# Roles: "pemilik" (the pegawai), "penilai" (the SKP's pejabat penilai).
TRANSISI_SKP = {
    ("draft", "ajukan"): ("pemilik", "diajukan", False),
    ("dikembalikan", "ajukan"): ("pemilik", "diajukan", False),
    ("diajukan", "tarik"): ("pemilik", "draft", False),
    ("diajukan", "setujui"): ("penilai", "disetujui", False),
    ("diajukan", "kembalikan"): ("penilai", "dikembalikan", True),
    ("disetujui", "buka"): ("penilai", "dikembalikan", True),
}
STATUS_SKP_TERBUKA = ("draft", "dikembalikan")  # the pegawai may edit


def periksa_transisi_skp(status, aksi, peran, alasan=""):
    """The new status for `aksi` on an SKP in `status` by someone with roles
    `peran` (a set); raises RuleError when the move is not allowed.

    Nobody decides on their own SKP: a person who is both pemilik and penilai
    (wrong master data) may not approve, return or reopen it.
    """
    if aksi not in AKSI_SKP:
        raise RuleError("Aksi tidak dikenal.")
    aturan = TRANSISI_SKP.get((status, aksi))
    if aturan is None:
        raise RuleError(f"SKP berstatus {STATUS_SKP.get(status, status)} tidak bisa "
                        f"di-{AKSI_SKP[aksi].lower()}.")
    perlu, baru, wajib_alasan = aturan
    if perlu not in peran:
        if perlu == "pemilik":
            raise RuleError("Hanya pegawai pemilik SKP yang bisa melakukan ini.")
        raise RuleError("Hanya pejabat penilai SKP ini yang bisa melakukan ini.")
    if perlu == "penilai" and "pemilik" in peran:
        raise RuleError("Anda tidak bisa memutuskan SKP Anda sendiri.")
    if wajib_alasan and not (alasan or "").strip():
        raise RuleError("Alasan wajib diisi.")
    return baru


def kelengkapan_skp(rhk, puncak, punya_penilai):
    """What is missing before an SKP may be submitted, as Indonesian sentences.

    `rhk` is a list of dicts with keys nomor, jenis, jumlah_iki, rhk_atasan
    (bool) and perspektif (bool). An empty list means complete.
    """
    kurang = []
    if not punya_penilai:
        kurang.append("Pejabat penilai belum ditetapkan. Hubungi admin kepegawaian.")
    if not any(r["jenis"] == "utama" for r in rhk):
        kurang.append("Belum ada RHK utama. Tambahkan paling sedikit satu RHK utama.")
    for r in rhk:
        if r["jumlah_iki"] == 0:
            kurang.append(f"RHK {r['nomor']} belum punya indikator (IKI).")
        if puncak and not r["perspektif"]:
            kurang.append(f"RHK {r['nomor']} belum memilih perspektif.")
        if not puncak and not r["rhk_atasan"]:
            kurang.append(f"RHK {r['nomor']} belum menyebut RHK atasan yang diintervensi.")
    return kurang
