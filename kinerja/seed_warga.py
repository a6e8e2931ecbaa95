"""Citizens' voice in the demo city, for `flask seed-demo`: Kelurahan Pahang
as a front office that serves the public.

Its catalogue (five kelurahan letters with the standard minutes of a
standar pelayanan) served by its two front-line pegawai; a month of service
records ending today (kinerja.jam.hari_ini(), the demo's clock); survey
(SKM) answers over the current and the previous quarter, so the
transparency page shows both IKM; and complaints in every status, answered
by the lurah. Everything but the one-time codes comes from a fixed seed, so
the same moment of the clock builds the same data (today's records stop at
the time of day); the codes come from buat_kode like real ones, since a
code is what spends a survey.

Rows go in with insert_many: about 250 records and 150 answers cost a few
statements, the demo seed stays quick.
"""
import datetime
import random

from peewee import chunked

from .jam import pada, sekarang
from .riwayat import catat
from .rules.warga import PANJANG_KODE, PANJANG_TIKET, buat_kode, triwulan
from .warga.models import CatatanLayanan, Layanan, Pengaduan, PetugasLayanan, ResponSurvei

BATCH = 500
# name, standard minutes (the kelurahan's standar pelayanan), who serves it, share of the day's work
LAYANAN_DEMO = [
    ("Surat keterangan domisili", 30, ("adm_phg", "layanan_phg"), 30),
    ("Surat pengantar nikah (N1-N4)", 60, ("layanan_phg",), 10),
    ("Surat keterangan tidak mampu (SKTM)", 30, ("adm_phg", "layanan_phg"), 25),
    ("Legalisir dokumen", 15, ("adm_phg",), 20),
    ("Surat keterangan usaha", 60, ("adm_phg", "layanan_phg"), 15),
]
DITOLAK = [
    "Fotokopi KK dan KTP belum dibawa; warga diminta kembali dengan berkas lengkap.",
    "Surat pengantar RT/RW belum ada.",
    "Alamat di KTP bukan wilayah Kelurahan Pahang.",
]
DIRUJUK = [
    "Dirujuk ke Disdukcapil untuk perbaikan data KK.",
    "Dirujuk ke Kantor Camat Datuk Bandar untuk legalisir tingkat kecamatan.",
    "Dirujuk ke KUA Datuk Bandar untuk pendaftaran nikah.",
]
KOMENTAR_BAIK = [
    "Pelayanan cepat, petugas ramah.",
    "Terima kasih, surat selesai hari itu juga.",
    "Petugas menjelaskan persyaratan dengan jelas.",
    "Tidak dipungut biaya, mantap.",
    "Antrean tertib dan cepat.",
]
KOMENTAR_KURANG = [
    "Ruang tunggu panas, kipas angin rusak.",
    "Menunggu agak lama karena petugas sedang rapat.",
    "Persyaratan sebaiknya ditempel di depan kantor.",
    "Kursi tunggu kurang, banyak yang berdiri.",
]
# isi, status, hours to the first answer, hours to closing, answer, contact left, tied to a record
PENGADUAN_DEMO = [
    ("Sudah dua kali datang untuk surat domisili tetapi petugas tidak ada di meja pada jam kerja.",
     "selesai", 3, 20, "Mohon maaf. Jadwal piket meja layanan kini ditempel di pintu dan selalu ada "
     "petugas pengganti pada jam kerja.", True, True),
    ("Saya diminta membayar Rp20.000 untuk legalisir.", "selesai", 2, 26,
     "Layanan kelurahan tidak dipungut biaya. Sudah kami tegur petugas yang bersangkutan dan uang "
     "dikembalikan.", True, True),
    ("Papan informasi persyaratan SKTM tidak ada.", "selesai", 5, 48,
     "Papan persyaratan semua layanan sudah dipasang di ruang tunggu.", False, False),
    ("Surat pengantar nikah saya salah tulis nama ayah.", "ditindaklanjuti", 4, None,
     "Surat sedang diperbaiki; silakan ambil besok pukul 09.00 dengan membawa KTP.", True, True),
    ("Toilet ruang tunggu terkunci terus.", "ditindaklanjuti", 20, None,
     "Kunci sudah diserahkan ke petugas piket; perbaikan pintu menunggu anggaran pemeliharaan.", False, False),
    ("Lampu jalan di Jalan Pahang Gang Sepakat mati sudah seminggu.", "diterima", None, None, "", True, False),
    ("Antrean pagi ini tidak tertib, tidak ada nomor antrean.", "diterima", None, None, "", False, False),
]
JAWABAN_PERTAMA = "Terima kasih, laporan Anda sedang kami periksa dan tindak lanjuti."
HARI = datetime.timedelta(days=1)


def seed_warga_demo(orang):
    """Fill Kelurahan Pahang's citizens' voice up to today; `orang` maps the
    demo keys (kinerja.seed.DEMO_PEGAWAI) to pegawai. Returns the unit.
    Runs inside seed_demo's transaction."""
    rng = random.Random(20261116)
    lurah = orang["lurah_phg"]
    unit = lurah.unit
    sekarang_ = sekarang()
    awal_catatan = datetime.datetime.combine(sekarang_.date() - 30 * HARI, datetime.time.min)
    with pada(awal_catatan - 14 * HARI):  # the catalogue exists before the first record
        layanan = _katalog(unit, orang)
    kode = set()
    catatan = _catatan(rng, unit, layanan, awal_catatan, sekarang_, kode)
    _respon(rng, unit, catatan, sekarang_, orang["analis_sdm"])
    _pengaduan(rng, unit, catatan, sekarang_, lurah, kode)
    return unit


def _katalog(unit, orang):
    """{name: (Layanan, standard minutes, [pegawai], weight)}."""
    out = {}
    for nama, menit, petugas, bobot in LAYANAN_DEMO:
        baris = Layanan.create(unit=unit, nama=nama, standar_menit=menit)
        PetugasLayanan.insert_many([{"layanan": baris.id, "pegawai": orang[k].id} for k in petugas]).execute()
        out[nama] = (baris, menit, [orang[k] for k in petugas], bobot)
    return out


def _kode_baru(kode, panjang=PANJANG_KODE):
    """A code from buat_kode not in `kode` (the ones made so far), added to it."""
    while True:
        k = buat_kode(panjang)
        if k not in kode:
            kode.add(k)
            return k


def _catatan(rng, unit, layanan, awal, sekarang_, kode):
    """A month of records, 8-15 per working day from 08:00, up to now; the
    last two of today (or of the last working day) still in progress.
    About a fifth of the finished ones have their code spent by a survey
    within two hours. Returns [(id, selesai, code spent at, hasil, pegawai
    id, late)] of the records."""
    daftar = list(layanan.values())
    baris = []
    hari = awal.date()
    while hari <= sekarang_.date():
        if hari.weekday() < 5:
            jam = datetime.datetime.combine(hari, datetime.time(8, 0))
            for _ in range(rng.randint(8, 15)):
                jam += datetime.timedelta(minutes=rng.randint(5, 35))
                if jam >= sekarang_ or jam.hour >= 15:
                    break
                lay, standar, petugas, _ = rng.choices(daftar, [d[3] for d in daftar])[0]
                telat = rng.random() < 0.12
                menit = round(standar * (rng.uniform(1.1, 2.2) if telat else rng.uniform(0.35, 0.95)))
                hasil, alasan = "selesai", ""
                if rng.random() < 0.06:
                    hasil, alasan, menit = "ditolak", rng.choice(DITOLAK), rng.randint(5, 12)
                elif rng.random() < 0.04:
                    hasil, alasan, menit = "dirujuk", rng.choice(DIRUJUK), rng.randint(5, 15)
                selesai = jam + datetime.timedelta(minutes=menit)
                baris.append({"layanan": lay.id, "unit": unit.id, "pegawai": rng.choice(petugas).id,
                              "mulai": jam, "selesai": selesai, "standar_menit": standar,
                              "hasil": hasil, "alasan": alasan,
                              "kode": _kode_baru(kode), "dibuat": jam})
        hari += HARI
    for b in baris[-2:]:  # the desk's latest two: the citizen is still waiting
        b.update(selesai=None, hasil="selesai", alasan="")
    for b in baris:  # nothing finishes after now; a fifth of the citizens answer the survey
        if b["selesai"] is not None and b["selesai"] > sekarang_:
            b["selesai"] = None
        jawab = b["selesai"] and b["selesai"] + datetime.timedelta(minutes=rng.randint(2, 120))
        b["kode_terpakai"] = jawab if jawab and jawab < sekarang_ and rng.random() < 0.2 else None
    for potong in chunked(baris, BATCH):
        CatatanLayanan.insert_many(potong).execute()
    id_per_kode = dict(CatatanLayanan.select(CatatanLayanan.kode, CatatanLayanan.id)
                       .where(CatatanLayanan.unit == unit.id).tuples())
    standar = {lay.id: menit for lay, menit, _, _ in layanan.values()}
    return [(id_per_kode[b["kode"]], b["selesai"], b["kode_terpakai"], b["hasil"], b["pegawai"],
             b["selesai"] is not None and (b["selesai"] - b["mulai"]).total_seconds() > 60 * standar[b["layanan"]])
            for b in baris]


def _skor(rng, telat=False):
    """Nine answers of a mostly satisfied citizen (an IKM around 80-85, mutu B):
    letters are free (biaya near 4), the waiting room is the weak point."""
    watak = rng.choice((-1, 0, 0, 0, 1))
    skor = {}
    for i in range(1, 10):
        n = rng.choices((1, 2, 3, 4), (1, 7, 58, 34))[0] + (watak if rng.random() < 0.4 else 0)
        if i == 4:
            n = rng.choices((3, 4), (15, 85))[0]
        elif i == 9:
            n -= rng.random() < 0.3
        elif i == 3 and telat:
            n -= 1
        skor[f"u{i}"] = max(1, min(4, n))
    return skor


def _komentar(rng, skor):
    if rng.random() > 0.3:
        return ""
    rata = sum(skor.values()) / 9
    return rng.choice(KOMENTAR_BAIK if rata >= 3.2 else KOMENTAR_KURANG)


def _waktu_acak(rng, awal, akhir):
    """A time in office hours between `awal` and `akhir` (at `awal` when there is no room)."""
    for _ in range(20):
        hari = awal.date() + datetime.timedelta(days=rng.randint(0, max(0, (akhir.date() - awal.date()).days)))
        if hari.weekday() < 5:
            t = datetime.datetime.combine(hari, datetime.time(8, 0)) + datetime.timedelta(
                minutes=rng.randint(0, 8 * 60))
            if awal <= t < akhir:
                return t
    return awal


def _respon(rng, unit, catatan, sekarang_, admin):
    """Answers: one per spent code; the rest of the current quarter's 60-120
    come without a code, and 40-60 in the previous quarter; three flagged,
    one voided by the admin (with its history row)."""
    awal_ini = datetime.datetime.combine(triwulan(sekarang_.date())[0], datetime.time.min)
    awal_lalu = datetime.datetime.combine(triwulan(sekarang_.date(), 1)[0], datetime.time.min)
    baris = []
    for cid, _, waktu, hasil, pegawai, telat in catatan:
        if waktu is None:
            continue
        skor = _skor(rng, telat or hasil != "selesai")
        baris.append(dict(skor, unit=unit.id, catatan=cid, pegawai=pegawai, dibuat=waktu,
                          komentar=_komentar(rng, skor)))
    ini = sum(1 for b in baris if b["dibuat"] >= awal_ini)
    for awal, akhir, n in ((awal_ini, sekarang_, max(20, rng.randint(75, 105) - ini)),
                           (awal_lalu, awal_ini, rng.randint(40, 60))):
        for _ in range(n):
            skor = _skor(rng)
            baris.append(dict(skor, unit=unit.id, catatan=None, pegawai=None, dibuat=_waktu_acak(rng, awal, akhir),
                              komentar=_komentar(rng, skor)))
    baris.sort(key=lambda b: b["dibuat"])
    baru = [b for b in baris if b["dibuat"] >= awal_ini and b["catatan"] is None]
    for b in baru[-3:]:  # sent from the office's own network, right after a staff login: stuffing
        b.update(ditandai=True, u1=4, u2=4, u3=4, u4=4, u5=4, u6=4, u7=4, u8=4, u9=4)
    batal = baru[0] if baru else None
    if batal:
        batal.update(dibatalkan_pada=min(batal["dibuat"] + datetime.timedelta(hours=3), sekarang_),
                     dibatalkan_oleh=admin.id,
                     alasan_batal="Isian uji coba saat memasang poster QR, bukan pengguna layanan.",
                     komentar="coba coba")
    for potong in chunked(baris, BATCH):
        # insert_many takes its columns from the first row: every row carries them all
        ResponSurvei.insert_many([{"ditandai": False, "dibatalkan_pada": None, "dibatalkan_oleh": None,
                                   "alasan_batal": None, **b} for b in potong]).execute()
    if batal:
        r = ResponSurvei.get((ResponSurvei.unit == unit.id) & ResponSurvei.dibatalkan_pada.is_null(False))
        with pada(r.dibatalkan_pada):
            catat(admin, r, "dibatalkan", {"status": "dihitung"}, {"status": "dibatalkan"}, r.alasan_batal)


def _pengaduan(rng, unit, catatan, sekarang_, lurah, kode):
    """PENGADUAN_DEMO over the month, oldest first; answered ones with their
    history by the lurah. A complaint tied to a record names its pegawai."""
    selesai = [c for c in catatan if c[1] is not None]
    n = len(PENGADUAN_DEMO)
    for i, (isi, status, jam_jawab, jam_tutup, jawaban, kontak, berkode) in enumerate(PENGADUAN_DEMO):
        # spread over the month, the unanswered ones the most recent
        dibuat = sekarang_ - datetime.timedelta(days=28 * (n - i) / n + 0.2, minutes=rng.randint(0, 300))
        if berkode and selesai:
            c = min(selesai, key=lambda c: abs((c[1] - dibuat).total_seconds()))
            if c[1] > dibuat:
                dibuat = c[1] + datetime.timedelta(hours=1)
            ikatan = {"catatan": c[0], "pegawai": c[4]}
        else:
            ikatan = {}
        dijawab = dibuat + datetime.timedelta(hours=jam_jawab) if jam_jawab is not None else None
        tutup = dibuat + datetime.timedelta(hours=jam_tutup) if jam_tutup is not None else None
        if (tutup or dijawab or dibuat) >= sekarang_:  # the clock may be early in the morning
            dijawab, tutup, status, jawaban = None, None, "diterima", ""
        p = Pengaduan.create(unit=unit, isi=isi, status=status, jawaban=jawaban, dijawab_pada=dijawab,
                             selesai_pada=tutup, kontak=f"0812-6{i:03d}-{4210 + i * 37}" if kontak else "",
                             tiket=_kode_baru(kode, PANJANG_TIKET), dibuat=dibuat, **ikatan)
        if dijawab:  # as kinerja.warga.tindak.jawab_pengaduan records each answer
            pertama = JAWABAN_PERTAMA if tutup else jawaban
            with pada(dijawab):
                catat(lurah, p, "dijawab", {"status": "diterima", "jawaban": ""},
                      {"status": "ditindaklanjuti", "jawaban": pertama})
        if tutup:
            with pada(tutup):
                catat(lurah, p, "dijawab", {"status": "ditindaklanjuti", "jawaban": pertama},
                      {"status": "selesai", "jawaban": jawaban})
