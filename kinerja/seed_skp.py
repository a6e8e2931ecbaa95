"""SKP plans for the demo city and the synthetic city, for `flask seed-demo`.

Demo SKPs go through the services users go through, so they obey the same rules
as real data. The synthetic city's SKPs are inserted in bulk: the services, row
by row, would take minutes for 5,000 pegawai.
"""
import datetime
import random
from decimal import Decimal

from peewee import Case, Value, chunked

from .models import Riwayat, Unit
from .riwayat import catat
from .rules import BERAKHLAK
from .skp.layanan import buat_skp, simpan_lampiran, simpan_perilaku, ubah_status
from .skp.models import Iki, Perilaku, Rhk, Skp
from .skp.rencana import simpan_iki, simpan_rhk

BATCH = 500  # rows per INSERT, as in kinerja.seed

# Demo key -> RHK as (jenis, uraian, induk, IKI). `induk` is a JPT's perspektif, else the index
# of the intervened RHK in the penilai's list. IKI: (aspek, indikator, target or (min, maks), satuan).
RENCANA = {
    "kadinkes": [
        ("utama", "Meningkatnya derajat kesehatan ibu, anak dan gizi masyarakat Kota Tanjungbalai",
         "penerima_layanan", [("kualitas", "Prevalensi stunting pada balita", 14, "%"),
                              ("kuantitas", "Cakupan imunisasi dasar lengkap pada bayi", 95, "%")]),
        ("utama", "Meningkatnya pengendalian penyakit menular dan tidak menular", "penerima_layanan",
         [("kuantitas", "Persentase penderita hipertensi yang mendapat pelayanan sesuai standar", 100, "%"),
          ("kualitas", "Angka keberhasilan pengobatan tuberkulosis", 90, "%")]),
        ("utama", "Meningkatnya mutu dan akses pelayanan kesehatan dasar", "proses_bisnis",
         [("kualitas", "Persentase puskesmas terakreditasi", 100, "%")]),
        ("utama", "Terwujudnya tata kelola keuangan dan kinerja Dinas Kesehatan yang akuntabel", "anggaran",
         [("kuantitas", "Realisasi anggaran Dinas Kesehatan", (95, 100), "%"),
          ("waktu", "LKjIP Dinas Kesehatan disampaikan tepat waktu", 1, "dokumen")]),
    ],
    "kabid_kesmas": [
        ("utama", "Meningkatnya cakupan pelayanan kesehatan ibu, anak dan gizi masyarakat", 0,
         [("kuantitas", "Persentase ibu hamil yang mendapat pelayanan antenatal standar (K6)", 95, "%"),
          ("kuantitas", "Persentase balita stunting yang mendapat intervensi gizi spesifik", 100, "%")]),
        ("utama", "Meningkatnya pemberdayaan masyarakat untuk hidup bersih dan sehat", 0,
         [("kuantitas", "Persentase posyandu aktif", 80, "%")]),
        ("utama", "Tersusunnya laporan kinerja Bidang Kesehatan Masyarakat yang akuntabel", 3,
         [("waktu", "Laporan capaian triwulanan bidang disampaikan tepat waktu", 4, "laporan")]),
    ],
    "kasi_kesga": [
        ("utama", "Terlaksananya pelayanan kesehatan ibu dan anak sesuai standar di seluruh puskesmas", 0,
         [("kuantitas", "Persentase persalinan di fasilitas pelayanan kesehatan", 95, "%"),
          ("kuantitas", "Laporan bulanan KIA puskesmas yang direkap dan divalidasi", 12, "laporan")]),
        ("utama", "Terlaksananya intervensi gizi spesifik bagi balita stunting dan gizi kurang", 0,
         [("kuantitas", "Persentase balita gizi kurang yang mendapat makanan tambahan", 100, "%"),
          ("kuantitas", "Cakupan balita ditimbang di posyandu (D/S)", 85, "%")]),
        ("tambahan", "Tersusunnya laporan kinerja Seksi Kesehatan Keluarga dan Gizi", 2,
         [("waktu", "Laporan capaian triwulanan seksi disampaikan tepat waktu", 4, "laporan")]),
    ],
    "penyuluh": [
        ("utama", "Terlaksananya penyuluhan gizi seimbang dan pencegahan stunting di posyandu", 1,
         [("kuantitas", "Sesi penyuluhan gizi di posyandu", 48, "sesi")]),
        ("utama", "Terlaksananya kelas ibu hamil di wilayah kerja puskesmas", 0,
         [("kuantitas", "Kelas ibu hamil yang difasilitasi", 24, "kelas"),
          ("kualitas", "Persentase peserta yang hadir paling sedikit tiga kali", 80, "%")]),
    ],
    "nutrisionis": [  # a draft in progress: the second RHK lacks its link and IKI
        ("utama", "Tersedianya data status gizi balita hasil bulan penimbangan", 1,
         [("kuantitas", "Laporan hasil bulan penimbangan balita", 2, "laporan")]),
        ("utama", "Terlaksananya konseling gizi bagi ibu balita gizi kurang", None, []),
    ],
    "data_kesga": [  # her 2025 SKP, under the Kasi's 2025 SKP (same RHK as 2026)
        ("utama", "Tersedianya data kesehatan ibu dan anak yang mutakhir dan valid", 0,
         [("kuantitas", "Laporan bulanan KIA yang direkap dari puskesmas", 12, "laporan"),
          ("waktu", "Rekap disampaikan paling lambat tanggal 10 bulan berikutnya", 12, "bulan")]),
        ("utama", "Tersedianya data status gizi balita dari aplikasi e-PPGBM", 1,
         [("kuantitas", "Rekapitulasi data e-PPGBM per puskesmas", 12, "laporan"),
          ("kualitas", "Persentase data balita yang lengkap dan valid", 95, "%")]),
        ("tambahan", "Terkelolanya arsip surat dan dokumen Seksi Kesehatan Keluarga dan Gizi", 2,
         [("kuantitas", "Persentase surat masuk dan keluar yang diarsipkan", 100, "%")]),
    ],
    "kadisdik": [
        ("utama", "Meningkatnya akses dan mutu pendidikan dasar di Kota Tanjungbalai", "penerima_layanan",
         [("kuantitas", "Angka partisipasi murni SD", 98, "%"),
          ("kuantitas", "Angka partisipasi murni SMP", 80, "%")]),
        ("utama", "Meningkatnya mutu pembelajaran dan pendidik", "proses_bisnis",
         [("kualitas", "Persentase sekolah dengan capaian literasi kategori baik", 60, "%")]),
        ("utama", "Terwujudnya pengelolaan anggaran Dinas Pendidikan yang akuntabel", "anggaran",
         [("kuantitas", "Realisasi anggaran Dinas Pendidikan", (95, 100), "%")]),
    ],
    "kabid_sd": [
        ("utama", "Meningkatnya partisipasi dan layanan pendidikan sekolah dasar", 0,
         [("kuantitas", "Angka partisipasi murni SD", 98, "%")]),
        ("utama", "Meningkatnya mutu kurikulum dan penilaian di sekolah dasar", 1,
         [("kuantitas", "Persentase SD yang menerapkan Kurikulum Merdeka", 100, "%")]),
    ],
    "kasi_sd": [
        ("utama", "Terlaksananya pendampingan penerapan Kurikulum Merdeka di SD", 1,
         [("kuantitas", "SD yang didampingi", 40, "sekolah")]),
        ("utama", "Tersedianya data pokok pendidikan SD yang valid", 0,
         [("kualitas", "Persentase SD dengan Dapodik tervalidasi", 100, "%")]),
    ],
    "prakom_sd": [
        ("utama", "Tervalidasinya data Dapodik sekolah dasar", 1,
         [("kuantitas", "SD yang datanya tervalidasi", 60, "sekolah")]),
        ("utama", "Terpeliharanya aplikasi pendataan sekolah dasar", 1,
         [("kuantitas", "Laporan pemeliharaan aplikasi", 12, "laporan")]),
    ],
    "data_sd": [("utama", "Tersedianya rekap data peserta didik SD per semester", 1, [])],
}

# How each demo IKI adds up over the year (rules.tahunan): a percentage that
# is a state reached (a prevalence, a budget absorbed, a share of schools or
# data done) is its last value; any other percentage is the mean of the
# periods; counts add up. A few counts also carry a target per quarter.
NILAI_TERAKHIR = {
    "Prevalensi stunting pada balita", "Persentase puskesmas terakreditasi", "Persentase posyandu aktif",
    "Realisasi anggaran Dinas Kesehatan", "Realisasi anggaran Dinas Pendidikan",
    "Persentase SD yang menerapkan Kurikulum Merdeka", "Persentase SD dengan Dapodik tervalidasi",
    "Persentase data balita yang lengkap dan valid",
}
TARGET_TRIWULAN = {
    "Laporan bulanan KIA yang direkap dari puskesmas": 3,
    "Laporan bulanan KIA puskesmas yang direkap dan divalidasi": 3,
    "Sesi penyuluhan gizi di posyandu": 12,
}


def cara_hitung_demo(indikator, satuan):
    """The cara_hitung of a demo or synthetic IKI (see NILAI_TERAKHIR)."""
    if indikator in NILAI_TERAKHIR:
        return "terakhir"
    return "rata_rata" if satuan.strip().lower() in ("%", "persen") else "jumlah"


def rincian_iki_demo(indikator, satuan):
    """{cara_hitung, target_periode} of a demo IKI, as the models take them."""
    triwulan = TARGET_TRIWULAN.get(indikator)
    return {"cara_hitung": cara_hitung_demo(indikator, satuan),
            "target_periode": None if triwulan is None else Decimal(triwulan)}


# Demo key -> lampiran: (dukungan sumber daya, skema pertanggungjawaban, konsekuensi).
LAMPIRAN = {
    "kadinkes": ("APBD Dinas Kesehatan 2026, BOK puskesmas, tenaga kesehatan di seluruh puskesmas, "
                 "dan Sistem Informasi Kesehatan Daerah.",
                 "Laporan kinerja triwulanan kepada Wali Kota dan LKjIP pada akhir tahun.",
                 "Capaian di bawah target dibahas dalam rapat evaluasi dan menjadi dasar rencana aksi."),
    "kabid_kesmas": ("Anggaran program kesehatan masyarakat, staf bidang, bidan dan tenaga gizi puskesmas, "
                     "data e-PPGBM dan kohort KIA.",
                     "Laporan capaian bidang setiap triwulan kepada Kepala Dinas Kesehatan.",
                     "Capaian di bawah target ditindaklanjuti dengan pembinaan ke puskesmas."),
    "kasi_kesga": ("Anggaran kegiatan kesehatan keluarga dan gizi, staf seksi, bidan dan tenaga gizi "
                   "puskesmas, kendaraan operasional untuk supervisi posyandu.",
                   "Rekap laporan KIA dan gizi kepada Kepala Bidang Kesmas paling lambat tanggal 10 "
                   "bulan berikutnya; laporan capaian setiap triwulan.",
                   "Keterlambatan atau capaian di bawah target dibahas dalam pertemuan bulanan bidang."),
    "penyuluh": ("Media KIE (leaflet, lembar balik), jadwal posyandu dari puskesmas, transportasi lokal.",
                 "Laporan kegiatan dengan daftar hadir dan foto setiap bulan kepada Kepala Seksi Kesga.",
                 "Sesi yang tidak terlaksana dijadwalkan ulang pada bulan berikutnya."),
    "data_kesga": ("Akses aplikasi e-PPGBM dan format laporan KIA, komputer dan internet kantor.",
                   "Rekap data bulanan kepada Kepala Seksi Kesga paling lambat tanggal 10 bulan berikutnya.",
                   "Data yang terlambat atau tidak valid dikoreksi bersama petugas puskesmas."),
}
for _key in ("kadisdik", "kabid_sd", "kasi_sd", "prakom_sd"):
    LAMPIRAN[_key] = ("Anggaran Dinas Pendidikan 2026, data Dapodik dan Rapor Pendidikan, pengawas sekolah.",
                      "Laporan capaian setiap triwulan kepada atasan langsung.",
                      "Capaian di bawah target dibahas dalam rapat evaluasi bidang.")

# Ekspektasi khusus of the penilai, in BERAKHLAK order, keyed by the SKP's owner (else UMUM).
EKSPEKTASI_UMUM = (
    "Melayani permintaan rekan kerja dan masyarakat dengan ramah dan tuntas.",
    "Menyelesaikan tugas tepat waktu dan melaporkannya dengan jujur.",
    "Meningkatkan keterampilan kerja sesuai tugas jabatan.",
    "Bekerja sama dengan baik dan saling membantu dalam tim.",
    "Menjaga nama baik instansi dan kerahasiaan data.",
    "Terbuka terhadap cara kerja dan aplikasi baru.",
    "Aktif berbagi informasi dan membantu kegiatan lintas unit.")
EKSPEKTASI = {
    "kabid_kesmas": (
        "Memastikan setiap puskesmas mendapat pembinaan program kesmas setiap triwulan.",
        "Melaporkan capaian indikator bidang setiap triwulan dengan data yang akurat.",
        "Membimbing para kepala seksi menyusun rencana aksi berbasis data.",
        "Membangun kerja sama yang baik antarseksi di Bidang Kesmas.",
        "Menjalankan kebijakan pimpinan dan menjaga nama baik Dinas Kesehatan.",
        "Menyesuaikan strategi program dengan hasil evaluasi dan kebijakan terbaru.",
        "Melibatkan TP PKK, kecamatan dan kelurahan dalam percepatan penurunan stunting."),
    "kasi_kesga": (
        "Menanggapi permintaan data dan konsultasi puskesmas paling lambat dua hari kerja.",
        "Menyampaikan rekap laporan KIA dan gizi tepat waktu dengan data yang dapat diverifikasi.",
        "Mengikuti satu pelatihan teknis kesehatan keluarga atau gizi dan membagikan hasilnya.",
        "Menjaga suasana kerja seksi yang saling mendukung dan menghargai.",
        "Menjaga kerahasiaan data pribadi ibu dan anak dalam laporan.",
        "Memanfaatkan pencatatan digital untuk mempercepat rekap data.",
        "Berkoordinasi dengan Seksi Promkes dan Bidang P2P dalam kegiatan lintas program."),
}


def _lampiran(key):
    return dict(zip(("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"), LAMPIRAN[key]))


# The Dinkes and Disdik chains: (demo key, status reached in 2026), penilai first. In the
# Kasi Kesga's team: the demo pegawai has no SKP yet (the PPPK gets one with the year's demo).
RANTAI_2026 = [[("kadinkes", "disetujui"), ("kabid_kesmas", "disetujui"), ("kasi_kesga", "disetujui"),
                ("penyuluh", "diajukan"), ("nutrisionis", "draft")],
               [("kadisdik", "disetujui"), ("kabid_sd", "disetujui"), ("kasi_sd", "disetujui"),
                ("prakom_sd", "diajukan"), ("data_sd", "draft")]]
# The demo pegawai's chain in 2025, with the day (January, February) each SKP was approved.
RANTAI_2025 = [("kadinkes", 1, 20), ("kabid_kesmas", 1, 27), ("kasi_kesga", 2, 3), ("data_kesga", 2, 10)]
ALASAN_JPT = "Disetujui Wali Kota di luar aplikasi."  # a JPT's penilai, who has no account


def seed_skp_demo(orang, periode):
    """Plan the demo SKPs. `orang` maps the DEMO_PEGAWAI keys to Pegawai,
    `periode` maps the demo years to their Periode (2025 and 2026 get SKPs;
    2027 is being planned and has none). Call inside a transaction."""
    rhk = {}  # pegawai id -> the RHK of their SKP, in RENCANA order
    for key, bulan, hari in RANTAI_2025:
        p, waktu = orang[key], datetime.datetime(2025, bulan, hari, 10)
        rhk[p.id] = _skp_langsung(key, p, periode[2025], rhk.get(p.atasan_id, []), waktu)
    for rantai in RANTAI_2026:
        rhk = {}
        for key, status in rantai:
            p = orang[key]
            rhk[p.id] = _skp_berjalan(key, p, periode[2026], status, rhk.get(p.atasan_id, []),
                                      orang["analis_sdm"])


def _target(target):
    """(min, maks) of an IKI target written as a number or a (min, maks) pair."""
    return target if isinstance(target, tuple) else (target, None)


def _skp_berjalan(key, pegawai, periode, status, rhk_atasan, pencatat):
    """A 2026 SKP made through the services and moved on to `status`; returns its RHK."""
    skp = buat_skp(pegawai, periode, "kuantitatif")
    daftar = []
    for jenis, uraian, induk, iki in RENCANA[key]:
        data = {"jenis": jenis, "uraian": uraian}
        if isinstance(induk, str):
            data["perspektif"] = induk
        elif induk is not None:
            data["rhk_atasan"] = rhk_atasan[induk].id
        rhk = simpan_rhk(pegawai, skp, data)
        for aspek, indikator, target, satuan in iki:
            rendah, tinggi = _target(target)
            rincian = rincian_iki_demo(indikator, satuan)
            simpan_iki(pegawai, skp, rhk, {"aspek": aspek, "indikator": indikator, "satuan": satuan,
                                           "target_min": str(rendah), "target_maks": str(tinggi or ""),
                                           "cara_hitung": rincian["cara_hitung"],
                                           "target_periode": str(rincian["target_periode"] or "")})
        daftar.append(rhk)
    if key in LAMPIRAN:
        simpan_lampiran(pegawai, skp, _lampiran(key), skp.version)
    if status == "disetujui" and skp.puncak:
        # A JPT's penilai (the Wali Kota) has no account: the superadmin records the approval.
        ubah_status(pegawai, skp, "ajukan", "", skp.version)
        ubah_status(pencatat, skp, "setujui", ALASAN_JPT, skp.version)
    elif status != "draft":
        ubah_status(pegawai, skp, "ajukan", "", skp.version)
        if status == "disetujui":
            simpan_perilaku(pegawai.atasan, skp, dict(zip(BERAKHLAK, EKSPEKTASI.get(key, EKSPEKTASI_UMUM))))
            ubah_status(pegawai.atasan, skp, "setujui", "", skp.version)
    return daftar


def _snapshot(kolom, p):
    """The jabatan and unit of one person as printed on an SKP (empty for nobody)."""
    return {f"{kolom}_jabatan": p.jabatan if p else "", f"{kolom}_unit": p.unit.nama if p else ""}


def _skp_langsung(key, pegawai, periode, rhk_atasan, waktu):
    """An approved SKP of the closed 2025 periode; returns its RHK.

    Written with the models: every service refuses changes in a closed periode,
    which is what closing means. The rows hold what the services would have
    accepted then (the tests check them with layanan.kekurangan)."""
    penilai = pegawai.atasan
    atasan_penilai = penilai.atasan if penilai else None
    skp = Skp.create(pegawai=pegawai, periode=periode, penilai=penilai, atasan_penilai=atasan_penilai,
                     status="disetujui", disetujui_pada=waktu, dibuat=waktu - datetime.timedelta(days=10),
                     **(_lampiran(key) if key in LAMPIRAN else {}), **_snapshot("pegawai", pegawai),
                     **_snapshot("penilai", penilai), **_snapshot("atasan_penilai", atasan_penilai))
    ekspektasi = dict(zip(BERAKHLAK, EKSPEKTASI.get(key, EKSPEKTASI_UMUM))) if penilai else {}
    Perilaku.insert_many([{"skp": skp.id, "nilai": n, "ekspektasi": ekspektasi.get(n, "")}
                          for n in BERAKHLAK]).execute()
    daftar, urutan = [], {"utama": 0, "tambahan": 0}
    for jenis, uraian, induk, iki in RENCANA[key]:
        urutan[jenis] += 1
        rhk = Rhk.create(skp=skp, jenis=jenis, uraian=uraian, urutan=urutan[jenis], dibuat=skp.dibuat,
                         perspektif=induk if isinstance(induk, str) else None,
                         rhk_atasan=rhk_atasan[induk] if isinstance(induk, int) else None)
        for n, (aspek, indikator, target, satuan) in enumerate(iki, start=1):
            rendah, tinggi = _target(target)
            Iki.create(rhk=rhk, aspek=aspek, indikator=indikator, satuan=satuan, urutan=n,
                       target_min=Decimal(rendah), target_maks=None if tinggi is None else Decimal(tinggi),
                       **rincian_iki_demo(indikator, satuan))
        daftar.append(rhk)
    jejak = catat(penilai, skp, "SKP disetujui", {"status": "diajukan"}, {"status": "disetujui"},
                  None if penilai else ALASAN_JPT)
    Riwayat.update(waktu=waktu).where(Riwayat.id == jejak.id).execute()
    return daftar


# ---------------------------------------------------------------- synthetic city

# (jenis, uraian, perspektif, IKI to pick 1-2 from) by level: OPD head, supervisor, staff.
RHK_KEPALA = [
    ("utama", "Meningkatnya kualitas pelayanan publik {unit}", "penerima_layanan",
     [("kualitas", "Indeks kepuasan masyarakat", 80, "indeks"),
      ("kuantitas", "Persentase layanan yang diselesaikan sesuai standar", 95, "%")]),
    ("utama", "Meningkatnya efektivitas proses bisnis {unit}", "proses_bisnis",
     [("kualitas", "Persentase layanan yang memiliki SOP mutakhir", 100, "%"),
      ("waktu", "Rata-rata waktu penyelesaian layanan", 3, "hari")]),
    ("utama", "Terwujudnya pengelolaan anggaran {unit} yang akuntabel", "anggaran",
     [("kuantitas", "Realisasi anggaran", (95, 100), "%"),
      ("waktu", "Laporan keuangan disampaikan tepat waktu", 12, "laporan")]),
]
RHK_PENYELIA = [
    ("utama", "Terlaksananya program dan kegiatan {unit} sesuai rencana", None,
     [("kuantitas", "Persentase kegiatan yang terlaksana sesuai jadwal", 90, "%"),
      ("kuantitas", "Realisasi anggaran kegiatan", (90, 100), "%")]),
    ("utama", "Meningkatnya mutu layanan {unit}", None,
     [("kualitas", "Persentase layanan tanpa pengaduan", 95, "%"),
      ("kualitas", "Nilai kepuasan penerima layanan", 80, "indeks")]),
    ("utama", "Tersusunnya laporan kinerja {unit} tepat waktu", None,
     [("kuantitas", "Laporan kinerja yang disusun", 4, "laporan"),
      ("waktu", "Laporan disampaikan paling lambat tanggal 10 bulan berikutnya", 4, "laporan")]),
]
RHK_STAF = [
    ("utama", "Terlaksananya tugas {jabatan} pada {unit}", None,
     [("kuantitas", "Laporan kegiatan bulanan", 12, "laporan"),
      ("kualitas", "Persentase hasil kerja yang diterima tanpa perbaikan", 90, "%")]),
    ("utama", "Tersedianya data dan dokumen pendukung kegiatan {unit}", None,
     [("kuantitas", "Dokumen yang diolah dan diarsipkan", 120, "dokumen"),
      ("waktu", "Data diperbarui paling lambat tanggal 5 setiap bulan", 12, "bulan")]),
    ("tambahan", "Terselesaikannya penugasan tambahan dari pimpinan", None,
     [("kuantitas", "Penugasan tambahan yang diselesaikan", 4, "kegiatan")]),
]
DISETUJUI_SINTETIS = datetime.datetime(2026, 1, 30, 9)
STATUS_STAF = (("disetujui", "diajukan", "draft"), (70, 15, 15))  # statuses and their weights


def _sisipkan(model, rows):
    for batch in chunked(rows, BATCH):
        model.insert_many(batch).execute()


def skp_sintetis(tingkat, periode):
    """Bulk 2026 SKPs for a new synthetic city, deterministic.

    `tingkat`: its pegawai rows (dicts: id, atasan, jabatan, jenis_jabatan, unit)
    level by level, top-down. Heads get three RHK with a perspektif, the others
    2-3 RHK linked to their atasan's; every RHK 1-2 IKI. Staff SKPs vary in status.
    """
    rng = random.Random(20260102)
    unit_nama = dict(Unit.select(Unit.id, Unit.nama).tuples())
    orang = {r["id"]: r for rows in tingkat for r in rows}
    rhk_of = {}  # pegawai id -> ids of their RHK, in display order
    for level, rows in enumerate(tingkat):
        staf = level == len(tingkat) - 1
        status = {r["id"]: rng.choices(*STATUS_STAF)[0] if staf else "disetujui" for r in rows}
        _sisipkan(Skp, [_baris_skp(r, orang, unit_nama, periode, status[r["id"]]) for r in rows])
        skp_of = {}
        for batch in chunked(list(status), BATCH):
            skp_of.update(Skp.select(Skp.pegawai, Skp.id)
                          .where((Skp.periode == periode.id) & Skp.pegawai.in_(batch)).tuples())
        _perilaku_sintetis(list(skp_of.values()))
        rencana, iki = [], {}  # iki: (skp, jenis, urutan) -> its IKI, found again after the insert
        for r in rows:
            urutan = {"utama": 0, "tambahan": 0}
            for jenis, uraian, perspektif, induk, opsi in _rhk_sintetis(r, rhk_of, unit_nama, rng):
                urutan[jenis] += 1
                rencana.append({"skp": skp_of[r["id"]], "jenis": jenis, "uraian": uraian,
                                "urutan": urutan[jenis], "perspektif": perspektif, "rhk_atasan": induk})
                iki[(skp_of[r["id"]], jenis, urutan[jenis])] = rng.sample(opsi, rng.randint(1, len(opsi)))
        _sisipkan(Rhk, rencana)
        pemilik = {s: p for p, s in skp_of.items()}
        rhk_per_iki = {}  # (urutan, IKI) -> the RHK that get it
        for batch in chunked(list(pemilik), BATCH):
            for rid, sid, jenis, urutan in (Rhk.select(Rhk.id, Rhk.skp, Rhk.jenis, Rhk.urutan)
                                            .where(Rhk.skp.in_(batch))
                                            .order_by(Rhk.jenis.desc(), Rhk.urutan).tuples()):
                rhk_of.setdefault(pemilik[sid], []).append(rid)
                for n, isi in enumerate(iki[(sid, jenis, urutan)], 1):
                    rhk_per_iki.setdefault((n, isi), []).append(rid)
        _iki_sintetis(rhk_per_iki)


def _perilaku_sintetis(skp_ids):
    """The seven Perilaku rows of each SKP, made by the database (one INSERT ... SELECT
    per value and batch); an approved SKP with a penilai carries its ekspektasi."""
    for batch in chunked(skp_ids, BATCH):
        for nilai, ekspektasi in zip(BERAKHLAK, EKSPEKTASI_UMUM):
            teks = Case(None, [((Skp.status == "disetujui") & Skp.penilai.is_null(False), ekspektasi)], "")
            Perilaku.insert_from(Skp.select(Skp.id, Value(nilai), teks).where(Skp.id.in_(batch)),
                                 [Perilaku.skp, Perilaku.nilai, Perilaku.ekspektasi]).execute()


def _iki_sintetis(rhk_per_iki):
    """The IKI rows, made by the database like the Perilaku rows: one INSERT
    ... SELECT per IKI and batch of RHK ids, from {(urutan, IKI): [RHK id]}."""
    kolom = [Iki.rhk, Iki.urutan, Iki.aspek, Iki.indikator, Iki.target_min, Iki.target_maks, Iki.satuan,
             Iki.target_teks, Iki.cara_hitung, Iki.target_periode, Iki.version]
    # every column: the model's defaults do not apply here
    for (n, (aspek, indikator, target, satuan)), rhk_ids in rhk_per_iki.items():
        nilai = [Value(v) for v in (n, aspek, indikator, *_target(target), satuan, "",
                                    cara_hitung_demo(indikator, satuan), None, 1)]
        for batch in chunked(rhk_ids, BATCH):
            Iki.insert_from(Rhk.select(Rhk.id, *nilai).where(Rhk.id.in_(batch)), kolom).execute()


def _baris_skp(r, orang, unit_nama, periode, status):
    """The Skp row of a synthetic pegawai with the snapshots of its two pejabat."""
    penilai = orang.get(r["atasan"])
    atasan_penilai = orang.get(penilai["atasan"]) if penilai else None
    row = {"pegawai": r["id"], "periode": periode.id, "status": status, "pendekatan": "kuantitatif",
           "pegawai_jabatan": r["jabatan"], "pegawai_unit": unit_nama[r["unit"]],
           "disetujui_pada": DISETUJUI_SINTETIS if status == "disetujui" else None}
    for kolom, p in (("penilai", penilai), ("atasan_penilai", atasan_penilai)):
        row.update({kolom: p and p["id"], f"{kolom}_jabatan": p["jabatan"] if p else "",
                    f"{kolom}_unit": unit_nama[p["unit"]] if p else ""})
    return row


def _rhk_sintetis(r, rhk_of, unit_nama, rng):
    """[(jenis, uraian, perspektif, intervened RHK id, IKI options)] of one synthetic pegawai."""
    unit = unit_nama[r["unit"]]
    if not r["atasan"]:
        return [(j, u.format(unit=unit), p, None, opsi) for j, u, p, opsi in RHK_KEPALA]
    induk = rhk_of[r["atasan"]]
    pola = RHK_PENYELIA if r["jenis_jabatan"] in ("administrator", "pengawas") else RHK_STAF
    return [(j, u.format(unit=unit, jabatan=r["jabatan"]), None, induk[k % len(induk)], opsi)
            for k, (j, u, _, opsi) in enumerate(pola[:rng.randint(2, 3)])]
