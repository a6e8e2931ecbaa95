"""Rules of SKP planning: the BerAKHLAK values, SKP transitions, completeness,
and an IKI's tie to a service measure of citizens' voice."""
from . import warga as _warga
from .dasar import RuleError


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
    # A JPT at the top is approved outside the app (recorded by an admin).
    if not punya_penilai and not puncak:
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


# ---------------------------------------------------------------- IKI tied to service data

# "pengaduan selesai dalam N hari": N within what a unit's standar pelayanan sets.
HARI_PENGADUAN = (1, 60)


def label_ukuran_layanan(ukuran, hari=None):
    """What an IKI tied to a service measure reads from, as a person reads
    it ("% pengaduan unit selesai dalam 5 hari"); "" when not tied."""
    if not ukuran:
        return ""
    teks = _warga.UKURAN_LAYANAN.get(ukuran, ukuran)
    return teks.replace("N hari", f"{hari} hari") if hari else teks


def periksa_ukuran_layanan(ukuran, hari, angka):
    """(ukuran or None, hari or None, {field: message}) for a tie to a
    service measure as typed: `ukuran` a key of rules.warga.UKURAN_LAYANAN
    or empty (not tied), `hari` the N of "pengaduan_tuntas" (a whole number
    in HARI_PENGADUAN, ignored for the other measures), `angka` whether the
    IKI has a numeric target (a proposal is a number, a narrative has none)."""
    ukuran = (ukuran or "").strip()
    if not ukuran:
        return None, None, {}
    if ukuran not in _warga.UKURAN_LAYANAN:
        return None, None, {"ukuran_layanan": "Pilih data layanan dari daftar, atau “Tidak dikaitkan”."}
    if not angka:
        return None, None, {"ukuran_layanan": "IKI dengan target berupa uraian tidak bisa dikaitkan dengan "
                                              "data layanan: usulan realisasinya berupa angka."}
    if ukuran != "pengaduan_tuntas":
        return ukuran, None, {}
    teks = str(hari if hari is not None else "").strip()
    bawah, atas = HARI_PENGADUAN
    if not teks:
        return ukuran, None, {"ukuran_hari": f"Isi batas hari ({bawah} sampai {atas}) untuk "
                                             "pengaduan yang selesai dalam N hari."}
    if not (teks.isascii() and teks.isdigit()) or not bawah <= int(teks) <= atas:
        return ukuran, None, {"ukuran_hari": f"Batas hari harus bilangan bulat {bawah} sampai {atas}."}
    return ukuran, int(teks), {}
