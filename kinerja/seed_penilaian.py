"""A year of evaluation for the demo Dinkes chain, for `flask seed-demo`.

What has happened by today (layanan.hari_ini(): the real date, or HARI_INI)
in the Kesehatan Masyarakat chain: the Kabid, the Kasi Kesga and her PPPK
staff member fill realisasi with links as bukti dukung and submit their
self-evaluations after each quarter; the Kadinkes rates the Kabid, the Kabid
rates the Kasi, the Kasi rates her staff (Triwulan II below expectation, with
a pembinaan plan; Triwulan III still waiting for her rating). The running
quarter holds only part of the Kasi's realisasi, and no period that has not
ended yet gets anything: the demo shows the past, the rest is for a person to
walk. The demo pegawai (Nur Aisyah) keeps no 2026 SKP, to plan it from
scratch; her closed 2025 ends with a final annual predikat.

2026 goes through the services people use, each run as on the day it
happened (the HARI_INI setting every rule and timestamp reads), so the data
obeys the same rules as real data and the history reads in date order. The
closed 2025 is written with the models: every service refuses a closed
periode, which is what closing means.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from .jam import hari_ini, pada
from .models import Riwayat
from .penilaian.bukti import tambah_tautan
from .penilaian.layanan import ambil_evaluasi, daftar_periode, simpan_evaluasi_diri, simpan_penilaian
from .penilaian.models import Bukti, Evaluasi, EvaluasiPerilaku, EvaluasiRhk, Realisasi
from .penilaian.pembinaan import buat_pembinaan, tambah_catatan
from .penilaian.realisasi import simpan_realisasi
from .riwayat import catat
from .rules import BERAKHLAK, predikat
from .seed_skp import EKSPEKTASI_UMUM, cara_hitung_demo
from .skp.layanan import ambil_skp, buat_skp, ringkasan_rhk, simpan_lampiran, simpan_perilaku, ubah_status
from .skp.models import Skp
from .skp.rencana import simpan_iki, simpan_rhk

HARI = datetime.timedelta(days=1)
TAUTAN = "https://dinkes.tanjungbalaikota.go.id/laporan/{tahun}/triwulan-{nomor}/{siapa}-iki-{urut}"

# The Kasi Kesga's PPPK staff member's 2026 plan: RHK as in seed_skp.RENCANA
# (jenis, uraian, index of the Kasi's intervened RHK, IKI).
RENCANA_PPPK = [
    ("utama", "Terkelolanya administrasi persuratan dan kearsipan Seksi Kesehatan Keluarga dan Gizi", 2,
     [("kuantitas", "Persentase surat masuk dan keluar yang diagendakan dan diarsipkan", 100, "%")]),
    ("utama", "Tersedianya dokumen administrasi kegiatan kesehatan ibu, anak dan gizi", 0,
     [("kuantitas", "Berkas administrasi kegiatan (undangan, daftar hadir, notula) yang lengkap", 24, "berkas"),
      ("waktu", "Berkas kegiatan diserahkan paling lambat lima hari kerja setelah kegiatan", 12, "bulan")]),
]
LAMPIRAN_PPPK = {
    "dukungan_sumber_daya": "Komputer, printer dan lemari arsip seksi; aplikasi persuratan dinas.",
    "skema_pertanggungjawaban": "Rekap agenda surat dan berkas kegiatan setiap bulan kepada Kepala Seksi Kesga.",
    "konsekuensi": "Berkas yang terlambat dilengkapi pada minggu berikutnya bersama Kepala Seksi.",
}
# The day each 2026 SKP of the chain was approved (the plans are made in January).
DISETUJUI = {"kadinkes": datetime.date(2026, 1, 15), "kabid_kesmas": datetime.date(2026, 1, 22),
             "kasi_kesga": datetime.date(2026, 1, 29), "pppk_kesga": datetime.date(2026, 2, 5)}

# Per person and quarter: how much of the quarter's target was reached, and the
# penilai's (rating hasil kerja, rating perilaku); None = not rated yet.
CAPAIAN = {
    "kabid_kesmas": {1: (1.0, ("sesuai", "sesuai")), 2: (1.0, ("sesuai", "sesuai")),
                     3: (1.02, ("sesuai", "di_atas"))},
    "kasi_kesga": {1: (1.0, ("sesuai", "sesuai")), 2: (1.06, ("di_atas", "sesuai")),
                   3: (1.1, ("di_atas", "di_atas"))},
    "pppk_kesga": {1: (0.97, ("sesuai", "sesuai")), 2: (0.7, ("di_bawah", "sesuai")), 3: (0.95, None)},
}
URAIAN = {
    "di_atas": "Capaian triwulan ini melampaui target; rincian pada realisasi dan bukti dukung.",
    "sesuai": "Kegiatan triwulan ini terlaksana sesuai rencana; rincian pada realisasi dan bukti dukung.",
    "di_bawah": "Sebagian kegiatan triwulan ini belum terlaksana.",
}
KENDALA = {("pppk_kesga", 2): "Dua minggu sakit pada bulan Mei; agenda surat dan berkas kegiatan menumpuk."}
UMPAN_RHK = {
    "di_atas": "Capaian melampaui target. Pertahankan dan bagikan cara kerjanya kepada tim.",
    "sesuai": "Capaian sesuai target triwulan ini. Jaga ketepatan waktu laporan.",
    "di_bawah": "Capaian di bawah target. Susun jadwal penyelesaian tunggakan bersama atasan.",
}
UMPAN_PERILAKU = (
    "Melayani permintaan data dan konsultasi dengan ramah dan tuntas.",
    "Laporan disampaikan dengan data yang dapat diperiksa.",
    "Aktif mengikuti pembelajaran dan menerapkannya dalam tugas.",
    "Membantu rekan satu seksi ketika beban kerja menumpuk.",
    "Menjaga kerahasiaan data pribadi ibu dan anak.",
    "Cepat menyesuaikan diri dengan format pelaporan baru.",
    "Berkoordinasi baik dengan puskesmas dan seksi lain.")
PEMBINAAN_PPPK = {
    "jenis": "bimbingan",
    "rencana": "Bimbingan mingguan oleh Kepala Seksi: jadwal penyelesaian tunggakan agenda surat dan "
               "berkas kegiatan, diperiksa setiap Jumat.",
    "pelatihan": "Pelatihan tata naskah dinas dan aplikasi persuratan di BKPSDM.",
}
CATATAN_PEMBINAAN = [  # (days after the plan, who, note)
    (35, "kasi_kesga", "Tunggakan agenda surat bulan Mei dan Juni sudah selesai diarsipkan."),
    (60, "pppk_kesga", "Sudah mengikuti pelatihan tata naskah dinas; berkas kegiatan kini diserahkan tepat waktu."),
]

# Nur Aisyah's 2025: per quarter (share of the quarter's target, self view, penilai's ratings).
TAHUN_LALU = {1: (1.0, "sesuai", ("sesuai", "sesuai")), 2: (1.0, "sesuai", ("sesuai", "di_atas")),
              3: (1.05, "di_atas", ("di_atas", "sesuai")), 4: (1.08, "di_atas", ("di_atas", "sesuai"))}


def seed_penilaian_demo(orang, periode):
    """A year of evaluation for the demo chain. `orang` maps the DEMO_PEGAWAI
    keys to Pegawai, `periode` maps 2025 and 2026 to their Periode. Call
    inside the demo's transaction, after seed_skp_demo."""
    hari = hari_ini()
    _tahun_lalu(orang, periode[2025], hari)
    skp = {key: Skp.get((Skp.pegawai == orang[key].id) & (Skp.periode == periode[2026].id)).id
           for key in ("kadinkes", "kabid_kesmas", "kasi_kesga")}
    for key, tanggal in DISETUJUI.items():
        if key in skp and tanggal < hari:
            _mundurkan(skp[key], tanggal)
    with pada(min(DISETUJUI["pppk_kesga"], hari)):
        skp["pppk_kesga"] = _skp_pppk(orang["pppk_kesga"], periode[2026], ambil_skp(skp["kasi_kesga"]))
    for nomor, _label, awal, akhir in daftar_periode(periode[2026]):
        if akhir < hari and nomor in CAPAIAN["kasi_kesga"]:
            _triwulan(orang, skp, nomor, akhir, hari)
        elif awal <= hari <= akhir:  # the running quarter: the Kasi has started on it
            with pada(min(awal + 20 * HARI, hari)):
                _realisasi("kasi_kesga", ambil_skp(skp["kasi_kesga"]), nomor, 1.0, batas=2)


def _mundurkan(skp_id, tanggal):
    """Date an SKP seeded today (and its history) on the day it was approved."""
    waktu = datetime.datetime.combine(tanggal, datetime.time(10))
    Skp.update(dibuat=waktu - 7 * HARI, disetujui_pada=waktu).where(Skp.id == skp_id).execute()
    Riwayat.update(waktu=waktu).where((Riwayat.objek == "skp") & (Riwayat.objek_id == skp_id)).execute()


def _skp_pppk(pegawai, periode, skp_kasi):
    """The PPPK staff member's approved 2026 SKP, linked to the Kasi's RHK; returns its id."""
    skp = buat_skp(pegawai, periode, "kuantitatif")
    induk = ringkasan_rhk(skp_kasi)
    for jenis, uraian, i, iki in RENCANA_PPPK:
        rhk = simpan_rhk(pegawai, skp, {"jenis": jenis, "uraian": uraian, "rhk_atasan": induk[i].id})
        for aspek, indikator, target, satuan in iki:
            simpan_iki(pegawai, skp, rhk, {"aspek": aspek, "indikator": indikator, "satuan": satuan,
                                           "target_min": str(target),
                                           "cara_hitung": cara_hitung_demo(indikator, satuan)})
    simpan_lampiran(pegawai, skp, LAMPIRAN_PPPK, skp.version)
    ubah_status(pegawai, skp, "ajukan", "", skp.version)
    simpan_perilaku(pegawai.atasan, skp, dict(zip(BERAKHLAK, EKSPEKTASI_UMUM)))
    ubah_status(pegawai.atasan, skp, "setujui", "", skp.version)
    return skp.id


def _triwulan(orang, skp_ids, nomor, akhir, hari):
    """One quarter that is over: realisasi, self-evaluations, ratings, pembinaan."""
    def hari_ke_(n):
        return pada(min(akhir + n * HARI, hari))
    skp = {key: ambil_skp(i) for key, i in skp_ids.items()}
    rantai = ("kabid_kesmas", "kasi_kesga", "pppk_kesga")
    with hari_ke_(4):
        for key in rantai:
            _realisasi(key, skp[key], nomor, CAPAIAN[key][nomor][0])
    with hari_ke_(7):
        ev = {key: _evaluasi_diri(key, skp[key], nomor) for key in rantai}
    for hari_ke, key in ((12, "kabid_kesmas"), (14, "kasi_kesga"), (16, "pppk_kesga")):
        rating = CAPAIAN[key][nomor][1]
        if rating is not None:
            with hari_ke_(hari_ke):
                ev[key] = _nilai(skp[key], ev[key], rating)
    if ev["pppk_kesga"].predikat == "butuh_perbaikan":
        _pembinaan(orang, skp["pppk_kesga"], ev["pppk_kesga"], akhir + 17 * HARI, hari)


def _nilai_realisasi(iki, capaian):
    """A quarter's realisasi from the IKI's target: a rate for "%", else a quarter of a yearly count."""
    target = Decimal(iki.target_min)
    if iki.satuan == "%":
        nilai = min(Decimal(100), target * Decimal(str(capaian))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    else:
        nilai = (target / 4 * Decimal(str(capaian))).quantize(Decimal(1), ROUND_HALF_UP)
    return str(nilai).replace(".", ",")


def _realisasi(key, skp, nomor, capaian, batas=None):
    """The quarter's realisasi of each IKI (the first `batas` only), each with a link as bukti."""
    pegawai = skp.pegawai
    semua = [(r, i) for r in ringkasan_rhk(skp) for i in r.daftar_iki][:batas]
    for urut, (rhk, iki) in enumerate(semua, start=1):
        simpan_realisasi(pegawai, skp, iki, nomor, {"nilai": _nilai_realisasi(iki, capaian)}, "")
        url = TAUTAN.format(tahun=skp.periode.tahun, nomor=nomor, siapa=key.replace("_", "-"), urut=urut)
        tambah_tautan(pegawai, skp, iki, nomor, url, f"Laporan triwulan {nomor}: {iki.indikator}")


def _tingkat(capaian):
    return "di_atas" if capaian >= 1.05 else "sesuai" if capaian >= 0.9 else "di_bawah"


def _evaluasi_diri(key, skp, nomor):
    """The pegawai's self-evaluation of the quarter, submitted to the penilai."""
    ev = ambil_evaluasi(skp, nomor)
    tingkat = _tingkat(CAPAIAN[key][nomor][0])
    data = {}
    for r in ringkasan_rhk(skp):
        data.update({f"penilaian_diri_{r.id}": tingkat, f"uraian_diri_{r.id}": URAIAN[tingkat],
                     f"kendala_{r.id}": KENDALA.get((key, nomor), "")})
    return simpan_evaluasi_diri(skp.pegawai, skp, ev, data, ev.version, ajukan=True)


def _nilai(skp, ev, rating):
    """The penilai's feedback and final ratings; the service derives the predikat."""
    hasil, perilaku = rating
    data = {"rating_hasil": hasil, "rating_perilaku": perilaku}
    data.update({f"umpan_balik_{r.id}": UMPAN_RHK[hasil] for r in ringkasan_rhk(skp)})
    data.update({f"perilaku_{k}": teks for k, teks in zip(BERAKHLAK, UMPAN_PERILAKU)})
    return simpan_penilaian(skp.penilai, skp, ev, data, ev.version, finalkan=True)


def _pembinaan(orang, skp, ev, mulai, hari):
    """The Kasi's coaching plan for a Butuh Perbaikan quarter, with follow-up notes."""
    if mulai > hari:
        return
    with pada(mulai):
        rencana = dict(PEMBINAAN_PPPK, target_tanggal=(mulai + 150 * HARI).isoformat())
        pb = buat_pembinaan(skp.penilai, skp, ev, rencana)
    for hari_ke, key, teks in CATATAN_PEMBINAAN:
        if mulai + hari_ke * HARI <= hari:
            with pada(mulai + hari_ke * HARI):
                tambah_catatan(orang[key], skp, pb, {"teks": teks})


# ---------------------------------------------------------------- 2025, closed

def _tahun_lalu(orang, periode, hari):
    """Nur Aisyah's evaluated 2025: realisasi with links, self-evaluations and
    the Kasi's final ratings per quarter, the last one the annual predikat.
    Written with the models (the periode is closed); each row is what the
    services would have written then, dated when it happened."""
    nur, kasi = orang["data_kesga"], orang["kasi_kesga"]
    skp = ambil_skp(Skp.get((Skp.pegawai == nur.id) & (Skp.periode == periode.id)).id)
    rhk = ringkasan_rhk(skp)
    daftar = daftar_periode(periode)
    for nomor, label, _awal, akhir in daftar:
        diajukan = datetime.datetime.combine(akhir + 6 * HARI, datetime.time(9))
        final = datetime.datetime.combine(akhir + 14 * HARI, datetime.time(14))
        if final.date() >= hari:
            continue  # has not happened yet
        capaian, diri, (hasil, perilaku) = TAHUN_LALU[nomor]
        ev = Evaluasi.create(skp=skp, nomor=nomor, akhir=nomor == daftar[-1].nomor, status="dinilai",
                             diajukan_pada=diajukan, rating_hasil=hasil, rating_perilaku=perilaku,
                             predikat=predikat(hasil, perilaku), penilai=kasi, final_pada=final, dibuat=diajukan)
        EvaluasiRhk.insert_many([{"evaluasi": ev.id, "rhk": r.id, "penilaian_diri": diri,
                                  "uraian_diri": URAIAN[diri], "umpan_balik": UMPAN_RHK[hasil]}
                                 for r in rhk]).execute()
        EvaluasiPerilaku.insert_many([{"evaluasi": ev.id, "nilai": k, "umpan_balik": teks}
                                      for k, teks in zip(BERAKHLAK, UMPAN_PERILAKU)]).execute()
        _realisasi_langsung(skp, rhk, nomor, capaian, diajukan - 2 * HARI)
        for aktor, aksi, waktu, sesudah in (
                (nur, f"Evaluasi diri {label} diajukan", diajukan, {"status": "diajukan"}),
                (kasi, f"Penilaian {label} final", final, {"status": "dinilai", "predikat": ev.predikat_label})):
            jejak = catat(aktor, skp, aksi, {"status": "terbuka" if aktor is nur else "diajukan"}, sesudah)
            Riwayat.update(waktu=waktu).where(Riwayat.id == jejak.id).execute()


def _realisasi_langsung(skp, rhk, nomor, capaian, waktu):
    """Realisasi rows of one closed quarter, each with a link as bukti (two inserts)."""
    semua = [i for r in rhk for i in r.daftar_iki]
    Realisasi.insert_many([{"iki": i.id, "nomor": nomor, "nilai_angka": Decimal(_nilai_realisasi(i, capaian).replace(",", ".")),
                            "diubah": waktu} for i in semua]).execute()
    ids = {r.iki_id: r.id for r in Realisasi.select(Realisasi.id, Realisasi.iki)
           .where(Realisasi.iki.in_([i.id for i in semua]) & (Realisasi.nomor == nomor))}
    Bukti.insert_many([{"realisasi": ids[i.id], "nama": f"Laporan triwulan {nomor}: {i.indikator}",
                        "tautan": TAUTAN.format(tahun=skp.periode.tahun, nomor=nomor, siapa="data-kesga", urut=n),
                        "pengunggah": skp.pegawai_id, "dibuat": waktu}
                       for n, i in enumerate(semua, start=1)]).execute()
