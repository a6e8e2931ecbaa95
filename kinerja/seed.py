"""Demo data and a synthetic city, for `flask seed-demo`.

The demo city is a small, realistic Kota Tanjungbalai to try the app with.
It is for trying the app only: every demo account shares the public password
DEMO_SANDI, so never seed it into a database with real people in it.
The synthetic city (`--pegawai N`, optionally `--tim-besar M`) is a large
organisation with a year of work (kinerja.seed_kota) for benchmarks.
Both are deterministic: the same call on the same day builds the same data.
"""
import datetime
import functools
import itertools
import math
import random

from flask import current_app, has_app_context
from peewee import chunked
from werkzeug.security import generate_password_hash

from .db import database
from .models import Pegawai, Pengaturan, Periode, Unit
from .rules import RuleError
from .seed_kota import bagi, tahun_sintetis
from .seed_penilaian import seed_penilaian_demo
from .seed_skp import seed_skp_demo, skp_sintetis
from .seed_warga import seed_warga_demo

DEMO_SANDI = "demo12345"
BATCH = 500  # rows per INSERT: well under SQLite's and PostgreSQL's parameter limits

# kode, nama, jenis, kode induk
DEMO_UNIT = [
    ("SETDA", "Sekretariat Daerah", "sekretariat", "PEMKOT"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", "PEMKOT"),
    ("DISDIK", "Dinas Pendidikan", "dinas", "PEMKOT"),
    ("DISDIK-SEKR", "Sekretariat Dinas Pendidikan", "sekretariat", "DISDIK"),
    ("DISDIK-SD", "Bidang Pembinaan SD", "bidang", "DISDIK"),
    ("DISDIK-SMP", "Bidang Pembinaan SMP", "bidang", "DISDIK"),
    ("DINKES", "Dinas Kesehatan", "dinas", "PEMKOT"),
    ("DINKES-SEKR", "Sekretariat Dinas Kesehatan", "sekretariat", "DINKES"),
    ("DINKES-KESMAS", "Bidang Kesehatan Masyarakat", "bidang", "DINKES"),
    ("DINKES-P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "bidang", "DINKES"),
    ("DINKES-PKM-STR", "UPT Puskesmas Sei Tualang Raso", "upt", "DINKES"),
    ("KEC-DB", "Kecamatan Datuk Bandar", "kecamatan", "PEMKOT"),
    ("KEC-DB-PHG", "Kelurahan Pahang", "kelurahan", "KEC-DB"),
    ("KEC-DB-SJB", "Kelurahan Sijambi", "kelurahan", "KEC-DB"),
]

# key, unit, atasan, jenis jabatan, NIP (lahir, TMT CPNS, jenis kelamin, urut), nama, jabatan.
# OPD heads have no atasan: their penilai is the Wali Kota, who is no ASN.
# Camat and Lurah are administrator and pengawas posts (PP 17/2018), not JPT.
DEMO_PEGAWAI = [
    ("sekda", "SETDA", None, "jpt", "196804121993031004",
     "Drs. H. Syahrial Tanjung, M.Si.", "Sekretaris Daerah"),
    ("kabag_hukum", "SETDA", "sekda", "administrator", "197808252003121002",
     "Rahmad Hidayat Siregar, S.H., M.H.", "Kepala Bagian Hukum"),
    ("perancang", "SETDA", "kabag_hukum", "fungsional", "198703092011012005",
     "Nurul Aini Batubara, S.H.", "Perancang Peraturan Perundang-undangan Ahli Muda"),
    ("adm_setda", "SETDA", "kabag_hukum", "pelaksana", "199107162015031003",
     "Andi Syahputra", "Pengadministrasi Perkantoran"),
    ("kaban", "BKPSDM", None, "jpt", "197106071997031003",
     "Dr. Zulkifli Harahap, S.Sos., M.A.P.", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("kabid_bkpsdm", "BKPSDM", "kaban", "administrator", "197902142005012006",
     "Lina Marlina Sitorus, S.E., M.M.", "Kepala Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian"),
    ("analis_sdm", "BKPSDM", "kabid_bkpsdm", "fungsional", "198809302011012003",
     "Fitriani Pasaribu, S.Psi.", "Analis SDM Aparatur Ahli Muda"),
    ("data_bkpsdm", "BKPSDM", "kabid_bkpsdm", "pelaksana", "199403182019031007",
     "Arif Rahman Hakim, A.Md.", "Pengolah Data dan Informasi"),
    ("kadisdik", "DISDIK", None, "jpt", "196909181994031002",
     "Drs. H. Muhammad Yusuf Nasution, M.Pd.", "Kepala Dinas Pendidikan"),
    ("sekdisdik", "DISDIK-SEKR", "kadisdik", "administrator", "197605222002122004",
     "Erni Yanti Simanjuntak, S.Pd., M.Si.", "Sekretaris Dinas Pendidikan"),
    ("kasubbag_disdik", "DISDIK-SEKR", "sekdisdik", "pengawas", "198201112008011007",
     "Hasanuddin Lubis, S.E.", "Kepala Subbagian Umum dan Kepegawaian"),
    ("adm_disdik", "DISDIK-SEKR", "kasubbag_disdik", "pelaksana", "199307042019032012",
     "Siti Rahmah, A.Md.", "Pengadministrasi Perkantoran"),
    ("kabid_sd", "DISDIK-SD", "kadisdik", "administrator", "197708302003122005",
     "Rosmawati Panjaitan, S.Pd., M.Pd.", "Kepala Bidang Pembinaan Sekolah Dasar"),
    ("kasi_sd", "DISDIK-SD", "kabid_sd", "pengawas", "198404172009021003",
     "Ahmad Fauzi Situmorang, S.Pd.", "Kepala Seksi Kurikulum dan Penilaian Sekolah Dasar"),
    ("data_sd", "DISDIK-SD", "kasi_sd", "pelaksana", "199402122021032008",
     "Dewi Anggraini, S.Pd.", "Pengelola Data Pendidikan"),
    ("prakom_sd", "DISDIK-SD", "kasi_sd", "fungsional", "199603052021031004",
     "Muhammad Rizky Sinaga, S.Kom.", "Pranata Komputer Ahli Pertama"),
    ("pppk_sd", "DISDIK-SD", "kasi_sd", "pelaksana", "199508172023212011",
     "Putri Ayu Lestari, S.Pd.", "Penata Layanan Operasional"),
    ("kabid_smp", "DISDIK-SMP", "kadisdik", "administrator", "197506192000031002",
     "Bonar Hutagalung, S.Pd., M.M.", "Kepala Bidang Pembinaan Sekolah Menengah Pertama"),
    ("kasi_smp", "DISDIK-SMP", "kabid_smp", "pengawas", "198307262009022006",
     "Juliana Manurung, S.Pd.", "Kepala Seksi Peserta Didik dan Pembangunan Karakter SMP"),
    ("sarpras_smp", "DISDIK-SMP", "kasi_smp", "pelaksana", "199101212015031002",
     "Irwansyah, S.E.", "Pengelola Sarana dan Prasarana Sekolah"),
    ("ptp_smp", "DISDIK-SMP", "kasi_smp", "fungsional", "199209142019032009",
     "Rini Astuti Sitompul, S.Pd.", "Pengembang Teknologi Pembelajaran Ahli Pertama"),
    ("kadinkes", "DINKES", None, "jpt", "197203032000122001",
     "dr. Hj. Khairani Daulay, M.Kes.", "Kepala Dinas Kesehatan"),
    ("sekdinkes", "DINKES-SEKR", "kadinkes", "administrator", "197601102002121003",
     "Syafrizal Tampubolon, S.K.M., M.Kes.", "Sekretaris Dinas Kesehatan"),
    ("kasubbag_dinkes", "DINKES-SEKR", "sekdinkes", "pengawas", "198109142006042003",
     "Hotma Uli Sianturi, S.H.", "Kepala Subbagian Umum dan Kepegawaian"),
    ("kepeg_dinkes", "DINKES-SEKR", "kasubbag_dinkes", "pelaksana", "198905182015032006",
     "Elvi Susanti Purba, S.E.", "Pengelola Kepegawaian"),
    ("adm_dinkes", "DINKES-SEKR", "kasubbag_dinkes", "pelaksana", "199002262015031001",
     "Agus Salim, A.Md.", "Pengadministrasi Perkantoran"),
    ("kabid_kesmas", "DINKES-KESMAS", "kadinkes", "administrator", "197804082003121004",
     "Hendra Gunawan Pardede, S.K.M., M.Kes.", "Kepala Bidang Kesehatan Masyarakat"),
    ("kasi_kesga", "DINKES-KESMAS", "kabid_kesmas", "pengawas", "198406152009032007",
     "Sri Wahyuni, S.K.M.", "Kepala Seksi Kesehatan Keluarga dan Gizi"),
    ("data_kesga", "DINKES-KESMAS", "kasi_kesga", "pelaksana", "199503122020032006",
     "Nur Aisyah Siregar, S.K.M.", "Pengelola Data Kesehatan Keluarga dan Gizi"),
    ("penyuluh", "DINKES-KESMAS", "kasi_kesga", "fungsional", "199408272019031004",
     "Dimas Prasetyo, S.K.M.", "Penyuluh Kesehatan Masyarakat Ahli Pertama"),
    ("nutrisionis", "DINKES-KESMAS", "kasi_kesga", "fungsional", "199609212021012003",
     "Wulan Septiani Harahap, S.Gz.", "Nutrisionis Ahli Pertama"),
    ("pppk_kesga", "DINKES-KESMAS", "kasi_kesga", "pelaksana", "199702142023212005",
     "Ayu Rahmawati, A.Md.", "Pengadministrasi Perkantoran"),
    ("kasi_promkes", "DINKES-KESMAS", "kabid_kesmas", "pengawas", "198502282010011005",
     "Muhammad Ilham Batubara, S.K.M.", "Kepala Seksi Promosi dan Pemberdayaan Masyarakat"),
    ("adminkes", "DINKES-KESMAS", "kasi_promkes", "fungsional", "199704052021012002",
     "Indah Permata Sari, S.K.M.", "Administrator Kesehatan Ahli Pertama"),
    ("kabid_p2p", "DINKES-P2P", "kadinkes", "administrator", "198001212009021002",
     "dr. Fadli Rangkuti", "Kepala Bidang Pencegahan dan Pengendalian Penyakit"),
    ("kasi_surv", "DINKES-P2P", "kabid_p2p", "pengawas", "198309032008042004",
     "Yusnidar, S.K.M.", "Kepala Seksi Surveilans dan Imunisasi"),
    ("epidemiolog", "DINKES-P2P", "kasi_surv", "fungsional", "199301122019031006",
     "Taufik Hidayat, S.K.M.", "Epidemiolog Kesehatan Ahli Pertama"),
    ("data_surv", "DINKES-P2P", "kasi_surv", "pelaksana", "199506042020032005",
     "Sarah Natalia Simatupang, A.Md.Kes.", "Pengelola Data Surveilans"),
    ("kapus", "DINKES-PKM-STR", "kadinkes", "pengawas", "198607112011012004",
     "dr. Maya Sofia Lubis", "Kepala UPT Puskesmas Sei Tualang Raso"),
    ("bidan", "DINKES-PKM-STR", "kapus", "fungsional", "199205202019032004",
     "Rina Wati Sihombing, S.Tr.Keb.", "Bidan Ahli Pertama"),
    ("perawat", "DINKES-PKM-STR", "kapus", "fungsional", "199008172015031002",
     "Ahmad Ridwan, A.Md.Kep.", "Perawat Terampil"),
    ("camat", "KEC-DB", None, "administrator", "197510302000031001",
     "Drs. Safaruddin Pane, M.Si.", "Camat Datuk Bandar"),
    ("sekcam", "KEC-DB", "camat", "administrator", "198704022009101001",
     "Ilham Syahputra Tanjung, S.STP.", "Sekretaris Kecamatan Datuk Bandar"),
    ("lurah_phg", "KEC-DB-PHG", "camat", "pengawas", "199001102012081001",
     "Mhd. Iqbal Nasution, S.STP.", "Lurah Pahang"),
    ("adm_phg", "KEC-DB-PHG", "lurah_phg", "pelaksana", "198509192010012010",
     "Nurhalimah", "Pengadministrasi Perkantoran"),
    ("layanan_phg", "KEC-DB-PHG", "lurah_phg", "pelaksana", "199711232022032009",
     "Rahmadani Putri Hasibuan, A.Md.", "Pengadministrasi Layanan Umum"),
    ("lurah_sjb", "KEC-DB-SJB", "camat", "pengawas", "198606242010012003",
     "Yuni Kartika Sari, S.Sos.", "Lurah Sijambi"),
    ("pppk_sjb", "KEC-DB-SJB", "lurah_sjb", "pelaksana", "198802282024211004",
     "Zainal Abidin Sirait", "Operator Layanan Operasional"),
]
# PPPK numbers: lahir + tahun + "21" + jenis kelamin + urut; "21" is never a PNS TMT month.
DEMO_PPPK = {"pppk_sd", "pppk_kesga", "pppk_sjb"}
# peran and scope (unit kode) of the accounts with more than a pegawai's role: the
# superadmin, an OPD admin, and a pemantau from the Sekretariat Daerah who reads
# (never changes) the Dinas Kesehatan, as Inspektorat or the Wali Kota's office would.
DEMO_PERAN = {"analis_sdm": ("superadmin", None), "kepeg_dinkes": ("admin", "DINKES"),
              "perancang": ("pemantau", "DINKES")}
# role printed by seed-demo -> demo pegawai, in the order the CLI prints them; the last
# two are Kelurahan Pahang's head and front desk (suara warga, kinerja.seed_warga).
DEMO_AKUN = [("superadmin", "analis_sdm"), ("admin", "kepeg_dinkes"),
             ("atasan_penilai", "kabid_kesmas"), ("atasan", "kasi_kesga"), ("pegawai", "data_kesga"),
             ("pemantau", "perancang"), ("lurah", "lurah_phg"), ("petugas_layanan", "adm_phg")]
DEMO_NIP = {row[4] for row in DEMO_PEGAWAI}
# Two years live at once, as every December: 2026 evaluated, 2027 being planned (no SKP yet).
PERIODE_DEMO = {2025: "ditutup", 2026: "berjalan", 2027: "perencanaan"}


@functools.lru_cache(maxsize=4)
def _hash_demo(method):
    # One hash shared by every seeded account: scrypt per row would take minutes.
    return generate_password_hash(DEMO_SANDI, method=method)


def hash_demo():
    """The salted hash of DEMO_SANDI with the configured method, computed once."""
    return _hash_demo(current_app.config["PASSWORD_HASH_METHOD"])


def _unit(nama, kode, jenis, parent=None):
    unit = Unit.create(nama=nama, kode=kode, jenis=jenis, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    unit.save()
    return unit


def _akar():
    """The root Pemkot unit, created when missing (seed_sintetis may have made it)."""
    return (Unit.get_or_none(Unit.kode == "PEMKOT")
            or _unit(f"Pemerintah Kota {current_app.config['KOTA']}", "PEMKOT", "pemkot"))


def seed_demo():
    """Build the demo Kota Tanjungbalai; return [(peran, nip, sandi)] of the demo logins.

    Units, 48 pegawai with their atasan, the periode 2025 (ditutup), 2026
    (berjalan) and 2027 (perencanaan, without SKP: two years live at once),
    SKPs to try the planning cycle with (kinerja.seed_skp), a year of
    evaluation (kinerja.seed_penilaian) and a month of a kelurahan's
    services, survey answers and complaints (kinerja.seed_warga), in one
    transaction. Raises RuleError if the demo pegawai already exist.
    Demo data is for trying the app only (shared password).
    """
    sandi = hash_demo()
    with database.atomic():
        if Pegawai.select().where(Pegawai.nip.in_(sorted(DEMO_NIP))).exists():
            raise RuleError("Data demo sudah ada di basis data.")
        unit = {"PEMKOT": _akar()}
        for kode, nama, jenis, induk in DEMO_UNIT:
            unit[kode] = _unit(nama, kode, jenis, unit[induk])
        orang = {}
        for key, kode, atasan, jenis, nip, nama, jabatan in DEMO_PEGAWAI:
            peran, wewenang = DEMO_PERAN.get(key, ("pegawai", None))
            orang[key] = Pegawai.create(
                nip=nip, nama=nama, jabatan=jabatan, jenis_jabatan=jenis, unit=unit[kode],
                atasan=orang.get(atasan), jenis_asn="pppk" if key in DEMO_PPPK else "pns",
                peran=peran, admin_unit=unit.get(wewenang), password_hash=sandi,
                wajib_ganti_sandi=False)
        periode = {tahun: _periode(tahun) for tahun in PERIODE_DEMO}
        seed_skp_demo(orang, periode)
        seed_penilaian_demo(orang, periode)  # a year of evaluation up to today
        seed_warga_demo(orang)  # Kelurahan Pahang: services, survey answers, complaints
        tandai_demo()
    return [(peran, orang[key].nip, DEMO_SANDI) for peran, key in DEMO_AKUN]


def _periode(tahun):
    """The periode of `tahun`, created with its demo status when missing."""
    return Periode.get_or_create(tahun=tahun, defaults={
        "mulai": datetime.date(tahun, 1, 1), "selesai": datetime.date(tahun, 12, 31),
        "frekuensi": "triwulanan", "status": PERIODE_DEMO[tahun]})[0]


def tandai_demo():
    """Record that this database holds demo data (accounts with a published
    password): pages then carry "DATA DEMO", and a server open to the network
    refuses to start without KINERJA_DEMO=1 (app.py)."""
    Pengaturan.get_or_create(kunci="data_demo", defaults={"nilai": "1"})
    if has_app_context():
        current_app.extensions.pop("kinerja_demo", None)  # the banner shows from the next page on


def akun_demo_tersedia():
    """The demo logins [(peran, nip, sandi)] whose accounts exist in the database."""
    nip_of = {row[0]: row[4] for row in DEMO_PEGAWAI}
    ada = {p.nip for p in Pegawai.select(Pegawai.nip).where(Pegawai.nip.in_(list(nip_of.values())))}
    return [(peran, nip_of[key], DEMO_SANDI) for peran, key in DEMO_AKUN if nip_of[key] in ada]


# ---------------------------------------------------------------- synthetic city

# In this order so that a small city still gets a mix of dinas, badan and kecamatan.
OPD_SINTETIS = [
    "Dinas Pendidikan", "Dinas Kesehatan", "Kecamatan Datuk Bandar", "Sekretariat Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah", "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Kecamatan Sei Tualang Raso", "Dinas Sosial", "Badan Perencanaan Pembangunan Daerah",
    "Dinas Kependudukan dan Pencatatan Sipil", "Kecamatan Teluk Nibung", "Sekretariat DPRD",
    "Dinas Lingkungan Hidup", "Badan Pendapatan Daerah", "Kecamatan Tanjungbalai Selatan",
    "Dinas Perhubungan", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "Kecamatan Tanjungbalai Utara",
    "Dinas Ketahanan Pangan dan Pertanian", "Dinas Komunikasi dan Informatika",
    "Badan Penanggulangan Bencana Daerah", "Kecamatan Datuk Bandar Timur", "Dinas Tenaga Kerja",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Badan Kesatuan Bangsa dan Politik",
    "Dinas Pengendalian Penduduk dan Keluarga Berencana", "Dinas Perikanan",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Dinas Pemuda, Olahraga dan Pariwisata",
]
KELURAHAN = ("Bunga Tanjung,Pantai Johor,Sirantau,Pulau Simardan,Semula Jadi,Selat Lancang,Gading,"
             "Keramat Kubah,Muara Sentosa,Pasar Baru,Sei Raja,Sumber Sari,Perjuangan,Sei Merbau,Indra Sakti,"
             "Karya,Perwira,Pantai Burung,Matahalasan,Kuala Silo Bestari,Sejahtera,Beting Kuala Kapias,"
             "Kapias Pulau Buaya,Pematang Pasir,Selat Tanjung Medan,Tanjungbalai Kota I,"
             "Tanjungbalai Kota II,Tanjungbalai Kota III,Tanjungbalai Kota IV").split(",")
BIDANG = ["Perencanaan dan Program", "Pelayanan", "Pembinaan dan Pengembangan", "Pengendalian dan Evaluasi",
          "Data dan Informasi", "Sarana dan Prasarana"]
SEKSI = ["Perencanaan", "Pelayanan Umum", "Pembinaan", "Pengawasan", "Data dan Pelaporan", "Kerja Sama",
         "Umum dan Kepegawaian", "Keuangan", "Sarana dan Prasarana", "Evaluasi"]
STAF = [("Pengadministrasi Perkantoran", "pelaksana"), ("Penata Layanan Operasional", "pelaksana"),
        ("Pengolah Data dan Informasi", "pelaksana"), ("Operator Layanan Operasional", "pelaksana"),
        ("Analis Kebijakan Ahli Pertama", "fungsional"), ("Pranata Komputer Ahli Pertama", "fungsional"),
        ("Arsiparis Terampil", "fungsional"), ("Perencana Ahli Muda", "fungsional")]
PRIA = ("Ahmad Muhammad Rizky Hendra Budi Fauzi Irwan Syahrul Zulkifli Ridwan Agus Dedi Rahmat Hasan "
        "Yusuf Fadli Andi Bayu Taufik Arif Ilham Reza Bonar Sahat Mangatas Joko Slamet Eko").split()
WANITA = ("Siti Nur Dewi Sri Rina Maya Fitri Wulan Indah Yuni Rahmah Erni Rosmawati Juliana "
          "Nurhayati Ratna Dian Putri Ayu Rosdiana Sartika Hotnida Tiurma Sulastri").split()
MARGA = ("Siregar Nasution Lubis Harahap Hasibuan Sitorus Simanjuntak Panjaitan Pasaribu Manurung "
         "Sinaga Sembiring Tanjung Batubara Daulay Rangkuti Pane Sirait Tampubolon Hutagalung Pardede "
         "Damanik Purba Saragih Pohan").split()
# Malay and Javanese second names are gendered, Batak marga are not.
BELAKANG = {False: MARGA + "Syahputra Hidayat Prasetyo Saputra Kurniawan".split(),
            True: MARGA + "Lestari Wahyuni Rahmawati Handayani Syahfitri".split()}
GELAR = ["", "", ", S.E.", ", S.Sos.", ", S.H.", ", S.Kom.", ", A.Md.", ", S.T.", ", S.K.M.", ", S.AP."]
# Birth years by level, so that nobody is past retirement in 2026 (JPT 60, the others 58).
LAHIR = {"jpt": (1967, 1976), "administrator": (1969, 1984), "pengawas": (1969, 1992), "staf": (1969, 2001)}


def _orang(rng, terpakai, tingkat, unit, atasan, jabatan, jenis, asn="pns"):
    """One synthetic pegawai row; `atasan` is the superior's NIP, resolved at insert.

    A PNS NIP: birth date, CPNS TMT, sex digit, sequence. A PPPK number: birth
    date, year of appointment, "21", sex digit, sequence (as in DEMO_PPPK)."""
    wanita = rng.random() < 0.5
    nama = f"{rng.choice(WANITA if wanita else PRIA)} {rng.choice(BELAKANG[wanita])}{rng.choice(GELAR)}"
    while True:
        lahir = rng.randint(*LAHIR[tingkat])
        if asn == "pppk":
            nip = (f"{lahir}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(2021, 2024)}21"
                   f"{2 if wanita else 1}{rng.randint(1, 300):03d}")
        else:
            tmt = min(lahir + rng.randint(22, 32), 2024)  # CPNS at 22-32, never in the future
            nip = (f"{lahir}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{tmt}{rng.randint(1, 12):02d}"
                   f"{2 if wanita else 1}{rng.randint(1, 30):03d}")  # small urut, as in real NIPs
        if nip not in terpakai:
            terpakai.add(nip)
            return {"nip": nip, "nama": nama, "jabatan": jabatan, "jenis_jabatan": jenis, "jenis_asn": asn,
                    "unit": unit, "atasan": atasan}


def _kepala_opd(opd):
    """(jabatan, jenis jabatan) of an OPD's head; a camat is an administrator."""
    if opd.startswith("Kecamatan"):
        return "Camat " + opd.removeprefix("Kecamatan "), "administrator"
    if opd.startswith("Sekretariat"):
        return opd.replace("Sekretariat", "Sekretaris"), "jpt"
    return "Kepala " + opd, "jpt"


def _sub_unit(opd, i, j, kelurahan):
    """(nama, jenis) of sub-unit j of OPD number i, and its head's (jabatan, jenis jabatan)."""
    if opd.startswith("Kecamatan"):
        nama = next(kelurahan)
        return f"Kelurahan {nama}", "kelurahan", f"Lurah {nama}", "pengawas"
    if j == 0 and not opd.startswith("Sekretariat"):
        return f"Sekretariat {opd}", "sekretariat", f"Sekretaris {opd}", "administrator"
    jenis = "bagian" if opd.startswith("Sekretariat") else "bidang"
    nama = f"{jenis.title()} {BIDANG[(i + j) % len(BIDANG)]}"
    return nama, jenis, f"Kepala {nama}", "administrator"


# The big team of `seed-demo --tim-besar M`: teachers reporting straight to one Kepala Bidang
# (a shape real data has when schools' heads are missing from it); many are PPPK.
TIM_BESAR_UNIT = "Bidang Guru dan Tenaga Kependidikan"
TIM_BESAR_JABATAN = [("Guru Ahli Pertama", "fungsional", 45), ("Guru Ahli Muda", "fungsional", 25),
                     ("Guru Ahli Madya", "fungsional", 10), ("Penata Layanan Operasional", "pelaksana", 12),
                     ("Pengadministrasi Perkantoran", "pelaksana", 8)]
TIM_BESAR_PPPK = 0.4  # share of PPPK among the teachers and operators (the 2021-2024 intakes)
TIM_BESAR_TANPA_SKP = 0.03  # share still without an SKP


def seed_sintetis(n, tim_besar=0):
    """Build a synthetic city of exactly `n` pegawai for benchmarks (plus the
    big team: 1 + `tim_besar` more); return n.

    Up to 30 OPD (about 150 pegawai each) under the root, each with 3-5
    sub-units. OPD head -> sub-unit heads -> kepala seksi/subbagian (only when
    a sub-unit has more than 15 people) -> staff, 5-15 per supervisor. NIPs
    are valid PNS NIPs from a fixed seed, skipping every NIP already used and
    the demo NIPs; unit kodes are "Snn" and "Snn-mm". Every row shares the
    DEMO_SANDI hash. Each new pegawai gets a 2026 SKP linked to the atasan's
    (kinerja.seed_skp.skp_sintetis), and the year of work up to yesterday
    (kinerja.seed_kota.tahun_sintetis). With `tim_besar`, the first OPD gets
    one more sub-unit whose head has `tim_besar` direct subordinates, a few
    still without an SKP, and rates slowly. One transaction: all or nothing.
    """
    if n <= 0:
        return 0
    rng = random.Random(20260101)
    sandi = hash_demo()
    with database.atomic():
        tandai_demo()
        terpakai = {nip for (nip,) in Pegawai.select(Pegawai.nip).tuples()} | DEMO_NIP
        kode_ada = {k for (k,) in Unit.select(Unit.kode).tuples()}
        akar = _akar()
        opds = OPD_SINTETIS[:max(1, min(len(OPD_SINTETIS), n // 150))]
        # A kelurahan has about a dozen staff, so a kecamatan is smaller than a dinas.
        bobot = [rng.uniform(0.35, 0.5) if o.startswith("Kecamatan") else rng.uniform(0.8, 1.6) for o in opds]
        levels = [[], [], [], []]  # inserted top-down so that every atasan id exists first
        nomor, kelurahan, pertama = 0, itertools.cycle(KELURAHAN), None
        for i, (opd, m) in enumerate(zip(opds, bagi(n, bobot))):
            nomor += 1
            while f"S{nomor:02d}" in kode_ada:  # a second synthetic city gets fresh kodes
                nomor += 1
            unit = _unit(opd, f"S{nomor:02d}", opd.split()[0].lower(), akar)
            jabatan, jenis = _kepala_opd(opd)
            kepala = _orang(rng, terpakai, jenis, unit.id, None, jabatan, jenis)
            levels[0].append(kepala)
            n_sub = min(rng.randint(3, 5), m - 1)
            pertama = pertama or (unit, kepala, n_sub)
            for j, q in enumerate(bagi(m - 1 - n_sub, [rng.uniform(0.6, 1.4) for _ in range(n_sub)])):
                nama, jenis_unit, jabatan, jenis = _sub_unit(opd, i, j, kelurahan)
                sub = _unit(nama, f"S{nomor:02d}-{j + 1:02d}", jenis_unit, unit)
                ketua = _orang(rng, terpakai, jenis, sub.id, kepala["nip"], jabatan, jenis)
                levels[1].append(ketua)
                penyelia, jumlah_staf = [ketua], q
                if q > 15:  # too many for one supervisor: kepala seksi/subbagian in between
                    judul = "Kepala Subbagian" if jenis_unit in ("sekretariat", "bagian") else "Kepala Seksi"
                    penyelia = [_orang(rng, terpakai, "pengawas", sub.id, ketua["nip"],
                                       f"{judul} {SEKSI[k % len(SEKSI)]}", "pengawas")
                                for k in range(math.ceil(q / 11))]
                    levels[2].extend(penyelia)
                    jumlah_staf = q - len(penyelia)
                for k in range(jumlah_staf):
                    jabatan, jenis = rng.choice(STAF)
                    levels[3].append(_orang(rng, terpakai, "staf", sub.id,
                                            penyelia[k % len(penyelia)]["nip"], jabatan, jenis))
        besar, tanpa_skp = _tim_besar(tim_besar, *pertama, terpakai, levels) if tim_besar else (None, set())
        ids = {}
        for rows in levels:
            for row in rows:
                row.update(atasan=ids.get(row["atasan"]), password_hash=sandi, wajib_ganti_sandi=False)
            for batch in chunked(rows, BATCH):
                Pegawai.insert_many(batch).execute()
            for batch in chunked([r["nip"] for r in rows], BATCH):
                ids.update(Pegawai.select(Pegawai.nip, Pegawai.id)
                           .where(Pegawai.nip.in_(batch)).tuples())
            for row in rows:
                row["id"] = ids[row["nip"]]
        periode = _periode(2026)
        skp_sintetis([[r for r in rows if r["nip"] not in tanpa_skp] for rows in levels], periode)
        tahun_sintetis([r["id"] for rows in levels for r in rows], periode,
                       lambat={besar["id"]} if besar else ())
    return n


def _tim_besar(m, opd, kepala, n_sub, terpakai, levels):
    """Add the big team to `levels`: one more sub-unit of the OPD, its head
    (reporting to the OPD's head) and `m` teachers and operators reporting to
    the head directly. Returns (the head's row, NIPs left without an SKP)."""
    rng = random.Random(20260103)  # its own: the rest of the city is the same with or without it
    sub = _unit(TIM_BESAR_UNIT, f"{opd.kode}-{n_sub + 1:02d}", "bidang", opd)
    ketua = _orang(rng, terpakai, "administrator", sub.id, kepala["nip"], f"Kepala {TIM_BESAR_UNIT}",
                   "administrator")
    levels[1].append(ketua)
    anggota = []
    for _ in range(m):
        jabatan, jenis, _bobot = rng.choices(TIM_BESAR_JABATAN, [b for *_, b in TIM_BESAR_JABATAN])[0]
        asn = "pppk" if jabatan in ("Guru Ahli Pertama", "Penata Layanan Operasional") \
            and rng.random() < TIM_BESAR_PPPK / 0.57 else "pns"  # 57 % hold those posts
        row = _orang(rng, terpakai, "staf", sub.id, ketua["nip"], jabatan, jenis, asn)
        if jabatan.startswith("Guru"):
            row["nama"] = row["nama"].split(",")[0] + ", S.Pd."
        anggota.append(row)
    levels[3].extend(anggota)
    tanpa_skp = rng.sample(anggota, max(1, round(TIM_BESAR_TANPA_SKP * m)))
    return ketua, {row["nip"] for row in tanpa_skp}
