"""The rows of the synthetic city's year (kinerja.seed_kota plans it): realisasi
with their links, evaluations with their RHK and BerAKHLAK rows, pembinaan and
keberatan, and the history rows each step leaves, inserted in bulk
(insert_many in batches) exactly as the services would have written them on
the day each step happened.
"""
import datetime
import json

from peewee import Case, Value, chunked

from .penilaian.keberatan import KEPUTUSAN
from .penilaian.models import (Bukti, CatatanPembinaan, Evaluasi, EvaluasiPerilaku, EvaluasiRhk, Keberatan,
                               Pembinaan, Realisasi)
from .penilaian.pembinaan import JENIS_PEMBINAAN
from .rules import BERAKHLAK, PERLU_PEMBINAAN, PREDIKAT, RATING, predikat, tanggal, tulis_angka
from .seed_penilaian import UMPAN_PERILAKU, UMPAN_RHK, URAIAN


BATCH = 500  # rows per INSERT, as in kinerja.seed
HARI = datetime.timedelta(days=1)

LEBIH_BAIK = {"di_bawah": "sesuai", "sesuai": "di_atas", "di_atas": "di_atas"}
KENDALA = ("Beberapa kegiatan tertunda karena anggaran baru cair pada akhir periode.",
           "Data dari unit lain terlambat masuk sehingga rekap tidak selesai tepat waktu.",
           "Sakit selama dua minggu; pekerjaan menumpuk dan sebagian belum selesai.")
TAUTAN = "https://drive.tanjungbalaikota.go.id/e-kinerja/{tahun}/{nip}/{periode}-iki-{iki}{akhiran}"
RENCANA_PEMBINAAN = (
    ("bimbingan", "Bimbingan mingguan oleh pejabat penilai: jadwal penyelesaian pekerjaan yang tertunda, "
                  "diperiksa setiap Jumat.", "Pelatihan teknis sesuai tugas jabatan di BKPSDM."),
    ("konseling", "Konseling kinerja bersama pejabat penilai: mencari penyebab capaian rendah dan menyepakati "
                  "langkah perbaikan.", "Penugasan khusus mendampingi rekan senior selama satu bulan."),
)
CATATAN_PENILAI = "Pekerjaan yang tertunda sudah mulai diselesaikan; lanjutkan sesuai jadwal."
CATATAN_PEGAWAI = "Sudah mengikuti pelatihan; laporan kini diserahkan tepat waktu."
ALASAN_KEBERATAN = (
    "Realisasi semua IKI tahun ini mencapai atau melampaui target (lihat bukti dukung), tetapi rating hasil "
    "kerja ditetapkan di bawah ekspektasi.",
    "Penilaian perilaku tidak mempertimbangkan tugas tambahan yang saya kerjakan selama tiga bulan terakhir.",
)
ALASAN_PUTUSAN = {
    "tetap": "Setelah mendengar pegawai dan pejabat penilai, capaian tahunan memang sesuai rating semula.",
    "diubah": "Setelah memeriksa bukti dukung, capaian tahunan lebih baik daripada rating semula.",
}




def sisipkan(model, rows, fields):
    for batch in chunked(rows, BATCH):
        model.insert_many(batch, fields=fields).execute()


def ambil_per_batch(query, kolom, ids):
    """Rows of `query` whose `kolom` is in `ids`, batch by batch (tuples)."""
    for batch in chunked(list(ids), BATCH):
        yield from query.where(kolom.in_(batch)).tuples()


def jejak(riwayat, waktu, aktor, skp_id, aksi, sebelum=None, sesudah=None, alasan=None):
    """A history row as kinerja.riwayat.catat writes it (only changed fields kept)."""
    sebelum, sesudah = sebelum or {}, sesudah or {}
    data = {k: [sebelum.get(k), sesudah.get(k)] for k in sorted(set(sebelum) | set(sesudah))
            if sebelum.get(k) != sesudah.get(k)}
    riwayat.append((waktu, aktor, "skp", skp_id, aksi[:100], json.dumps(data, ensure_ascii=False), alasan))


def waktu_kerja(rng, hari, jam=(8, 15)):
    """A moment in office hours of `hari`."""
    return datetime.datetime.combine(hari, datetime.time(rng.randint(*jam), rng.randint(0, 59)))


def hari_acak(rng, awal, akhir):
    """A day in awal..akhir (awal when the range is empty)."""
    return awal + HARI * rng.randint(0, max(0, (akhir - awal).days))


# ---------------------------------------------------------------- rows

def sisipkan_realisasi(realisasi, periode, riwayat, rng):
    """Realisasi rows, then their links as bukti dukung (a second one now and
    then), with the history the services write for both."""
    sisipkan(Realisasi, [(iid, nomor, nilai, "", "", 1, waktu) for _s, nomor, _l, iid, _i, nilai, waktu in realisasi],
              [Realisasi.iki, Realisasi.nomor, Realisasi.nilai_angka, Realisasi.nilai_teks, Realisasi.catatan,
               Realisasi.version, Realisasi.diubah])
    q = Realisasi.select(Realisasi.iki, Realisasi.nomor, Realisasi.id)
    ids = {(iid, nomor): rid for iid, nomor, rid in ambil_per_batch(q, Realisasi.iki, {r[3] for r in realisasi})}
    bukti = []
    for s, nomor, label, iid, indikator, nilai, waktu in realisasi:
        indikator = " ".join(indikator.split())
        jejak(riwayat, waktu, s.pegawai, s.id, f"Realisasi {label} diisi: {indikator}", None,
               {"nilai": tulis_angka(nilai)})
        berkas = [(f"Laporan {label}: {indikator}", ".pdf")]
        if rng.random() < 0.25:
            berkas.append((f"Dokumentasi kegiatan {label}", "-foto.jpg"))
        for n, (nama, akhiran) in enumerate(berkas, 1):
            url = TAUTAN.format(tahun=periode.tahun, nip=s.nip, periode=label.lower().replace(" ", "-"),
                                iki=iid, akhiran=akhiran)
            dibuat = waktu + datetime.timedelta(minutes=3 * n)
            bukti.append((ids[(iid, nomor)], nama[:120], url, s.pegawai, dibuat))
            jejak(riwayat, dibuat, s.pegawai, s.id, f"Tautan bukti {label} ditambah", None,
                   {"iki": indikator[:60], "tautan": url})
    sisipkan(Bukti, bukti, [Bukti.realisasi, Bukti.nama, Bukti.tautan, Bukti.pengunggah, Bukti.dibuat])


STATUS = {"dinilai": "dinilai", "tanpa_diri": "dinilai", "draf_nilai": "diajukan", "diajukan": "diajukan",
          "draf_diri": "terbuka"}
VERSI = {"dinilai": 3, "tanpa_diri": 2, "draf_nilai": 3, "diajukan": 2, "draf_diri": 2}  # 1 + saves


def sisipkan_evaluasi(rencana, riwayat, kemarin, rng):
    """The Evaluasi rows with their per-RHK and per-value rows, pembinaan and
    keberatan, and the history of each step."""
    _tindak_lanjut(rencana, kemarin, rng)
    rows = []
    for ev in rencana:
        s, dinilai = ev.skp, ev.dinilai is not None
        hasil, perilaku = ev.keberatan["baru"][:2] if ev.keberatan and ev.keberatan["keputusan"] == "diubah" \
            else ev.rating
        rated = dinilai or ev.draf is not None
        rows.append((s.id, ev.nomor, ev.akhir, STATUS[ev.keadaan], ev.diajukan, hasil if rated else None,
                     perilaku if rated else None, predikat(hasil, perilaku) if dinilai else None,
                     s.penilai if dinilai else None, ev.dinilai,
                     VERSI[ev.keadaan] + (ev.keberatan is not None and ev.keberatan["keputusan"] == "diubah"),
                     ev.dibuat))
        _riwayat_evaluasi(ev, riwayat)
    sisipkan(Evaluasi, rows, [Evaluasi.skp, Evaluasi.nomor, Evaluasi.akhir, Evaluasi.status, Evaluasi.diajukan_pada,
                               Evaluasi.rating_hasil, Evaluasi.rating_perilaku, Evaluasi.predikat, Evaluasi.penilai,
                               Evaluasi.final_pada, Evaluasi.version, Evaluasi.dibuat])
    per_skp = {}
    for ev in rencana:
        per_skp.setdefault(ev.skp.id, {})[ev.nomor] = ev
    q = Evaluasi.select(Evaluasi.skp, Evaluasi.nomor, Evaluasi.id)
    for sid, nomor, eid in ambil_per_batch(q, Evaluasi.skp, per_skp):
        per_skp[sid][nomor].id = eid
    sisipkan(EvaluasiRhk, [baris for ev in rencana for baris in _baris_rhk(ev, rng)],
              [EvaluasiRhk.evaluasi, EvaluasiRhk.rhk, EvaluasiRhk.penilaian_diri, EvaluasiRhk.uraian_diri,
               EvaluasiRhk.kendala, EvaluasiRhk.umpan_balik])
    _perilaku_evaluasi([ev.id for ev in rencana])
    _sisipkan_pembinaan([ev for ev in rencana if ev.pembinaan], riwayat)
    sisipkan(Keberatan, [_baris_keberatan(ev) for ev in rencana if ev.keberatan],
              [Keberatan.evaluasi, Keberatan.alasan, Keberatan.diajukan_pada, Keberatan.status, Keberatan.keputusan,
               Keberatan.alasan_keputusan, Keberatan.rating_hasil_lama, Keberatan.rating_perilaku_lama,
               Keberatan.predikat_lama, Keberatan.rating_hasil_baru, Keberatan.rating_perilaku_baru,
               Keberatan.predikat_baru, Keberatan.pemutus, Keberatan.diputuskan_pada, Keberatan.version])


def _riwayat_evaluasi(ev, riwayat):
    """The history of one evaluation: the pegawai's saves and submission, the penilai's draft and final."""
    s, label = ev.skp, ev.label
    if ev.diri:
        jejak(riwayat, ev.diri, s.pegawai, s.id, f"Evaluasi diri {label} disimpan")
    if ev.diajukan:
        jejak(riwayat, ev.diajukan, s.pegawai, s.id, f"Evaluasi diri {label} diajukan", {"status": "terbuka"},
               {"status": "diajukan"})
    if ev.draf:
        jejak(riwayat, ev.draf, s.penilai, s.id, f"Penilaian {label} disimpan")
    if ev.dinilai:
        jejak(riwayat, ev.dinilai, s.penilai, s.id, f"Penilaian {label} final",
               {"status": "diajukan" if ev.diajukan else "terbuka"},
               {"status": "dinilai", "predikat": PREDIKAT[predikat(*ev.rating)]})
    if ev.pembinaan:
        pb = ev.pembinaan
        jejak(riwayat, pb["dibuat"], s.penilai, s.id, f"Rencana pembinaan {label} dibuat", None,
               {"jenis": JENIS_PEMBINAAN[pb["jenis"]], "target": tanggal(pb["target"]),
                "predikat": PREDIKAT[predikat(*ev.rating)]})
        if pb["selesai"]:
            jejak(riwayat, pb["selesai"], s.penilai, s.id, "Pembinaan selesai", {"status": "berjalan"},
                   {"status": "selesai"})
    if ev.keberatan:
        kb = ev.keberatan
        jejak(riwayat, kb["diajukan"], s.pegawai, s.id, "Keberatan atas penilaian akhir diajukan", None,
               {"keberatan": "diajukan", "predikat": PREDIKAT[kb["lama"][2]]}, kb["alasan"])
        if kb["keputusan"]:
            jejak(riwayat, kb["diputuskan"], s.atasan_penilai, s.id,
                   f"Keberatan diputus: {KEPUTUSAN[kb['keputusan']].lower()}", _ringkas(*kb["lama"]),
                   _ringkas(*kb["baru"]), ALASAN_PUTUSAN[kb["keputusan"]])


def _ringkas(rating_hasil, rating_perilaku, kode_predikat):
    return {"rating hasil kerja": RATING.get(rating_hasil), "rating perilaku": RATING.get(rating_perilaku),
            "predikat": PREDIKAT.get(kode_predikat)}


def _baris_rhk(ev, rng):
    """EvaluasiRhk rows of one evaluation: the self-evaluation (a draft fills
    the first half of the RHK), the penilai's umpan balik once they rated."""
    s, hasil = ev.skp, ev.rating[0]
    diri = ev.diajukan is not None or ev.diri is not None
    isi = len(s.rhk) if ev.diajukan else (len(s.rhk) + 1) // 2
    umpan = UMPAN_RHK[hasil] if ev.dinilai or ev.draf else ""
    rows = []
    for n, (rid, _jenis) in enumerate(s.rhk):
        if diri and n < isi:
            tingkat = LEBIH_BAIK[hasil] if rng.random() < 0.3 else hasil  # people see themselves a bit better
            kendala = rng.choice(KENDALA) if tingkat == "di_bawah" else ""
            rows.append((ev.id, rid, tingkat, URAIAN[tingkat], kendala, umpan))
        else:
            rows.append((ev.id, rid, None, "", "", umpan))
    return rows


def _perilaku_evaluasi(ev_ids):
    """The seven EvaluasiPerilaku rows of each evaluation, made by the database
    (INSERT ... SELECT per value and batch); rated ones carry umpan balik."""
    for batch in chunked(ev_ids, BATCH):
        for nilai, teks in zip(BERAKHLAK, UMPAN_PERILAKU):
            umpan = Case(None, [(Evaluasi.rating_hasil.is_null(False), teks)], "")
            pilih = Evaluasi.select(Evaluasi.id, Value(nilai), umpan).where(Evaluasi.id.in_(batch))
            EvaluasiPerilaku.insert_from(pilih, [EvaluasiPerilaku.evaluasi, EvaluasiPerilaku.nilai,
                                                 EvaluasiPerilaku.umpan_balik]).execute()


# ---------------------------------------------------------------- tindak lanjut

def _tindak_lanjut(rencana, kemarin, rng):
    """Decide the follow-up of the final results: pembinaan plans, then keberatan."""
    _rencana_pembinaan([ev for ev in rencana if ev.dinilai and predikat(*ev.rating) in PERLU_PEMBINAAN
                        and ev.dinilai.date() < kemarin], kemarin, rng)
    # An objection to a result already in coaching is left out: a changed result would
    # leave a plan its predikat no longer calls for.
    _rencana_keberatan([ev for ev in rencana if ev.akhir and ev.dinilai and ev.dinilai.date() < kemarin
                        and not ev.pembinaan and ev.skp.atasan_penilai
                        and ev.skp.atasan_penilai not in (ev.skp.pegawai, ev.skp.penilai)], kemarin, rng)


def _rencana_pembinaan(rendah, kemarin, rng):
    """A plan for most final results of Butuh Perbaikan or worse (at least one),
    made by the penilai within two weeks; notes by both, some plans done."""
    for i, ev in enumerate(rendah):
        if i and rng.random() >= 0.85:
            continue
        final = ev.dinilai.date()
        dibuat = waktu_kerja(rng, hari_acak(rng, final + HARI, min(kemarin, final + 12 * HARI)))
        jenis, teks, pelatihan = rng.choice(RENCANA_PEMBINAAN)
        target = dibuat.date() + HARI * rng.randint(60, 150)
        selesai = waktu_kerja(rng, target, (15, 15)) if target <= kemarin and rng.random() < 0.7 else None
        catatan = [(dibuat + HARI * rng.randint(14, 35), ev.skp.penilai, CATATAN_PENILAI),
                   (dibuat + HARI * rng.randint(40, 80), ev.skp.pegawai, CATATAN_PEGAWAI)]
        ev.pembinaan = {"dibuat": dibuat, "jenis": jenis, "rencana": teks, "pelatihan": pelatihan,
                        "target": target, "selesai": selesai,
                        "catatan": [c for c in catatan if c[0].date() <= kemarin and c[0] < (selesai or c[0] + HARI)]}


def _rencana_keberatan(tahunan, kemarin, rng):
    """Objections to about 8 % of the annual results (at least two), the less
    good results first: filed within 14 days; every second one decided by the
    atasan pejabat penilai (result kept, or one rating raised)."""
    tahunan.sort(key=lambda ev: (predikat(*ev.rating) == "sangat_baik", rng.random()))
    for i, ev in enumerate(tahunan[:max(2, round(0.08 * len(tahunan)))]):
        final = ev.dinilai.date()
        diajukan = waktu_kerja(rng, hari_acak(rng, final + HARI, min(kemarin, final + 14 * HARI)))
        lama = (*ev.rating, predikat(*ev.rating))
        kb = {"diajukan": diajukan, "alasan": rng.choice(ALASAN_KEBERATAN), "lama": lama, "baru": None,
              "keputusan": None, "diputuskan": None}
        if i % 2 and diajukan.date() < kemarin:
            hasil, perilaku = ev.rating
            baru = (LEBIH_BAIK[hasil], perilaku) if hasil != "di_atas" else (hasil, LEBIH_BAIK[perilaku])
            kb["keputusan"] = "diubah" if i % 4 == 1 and baru != ev.rating else "tetap"
            kb["baru"] = (*baru, predikat(*baru)) if kb["keputusan"] == "diubah" else lama
            putus = hari_acak(rng, diajukan.date() + HARI, min(kemarin, diajukan.date() + 14 * HARI))
            kb["diputuskan"] = waktu_kerja(rng, putus)
        ev.keberatan = kb


def _sisipkan_pembinaan(rencana, riwayat):
    """Pembinaan rows, then their notes (with the history of each note)."""
    sisipkan(Pembinaan, [(ev.id, ev.pembinaan["jenis"], ev.pembinaan["rencana"], ev.pembinaan["pelatihan"],
                           ev.pembinaan["target"], "selesai" if ev.pembinaan["selesai"] else "berjalan",
                           ev.skp.penilai, 2 if ev.pembinaan["selesai"] else 1, ev.pembinaan["dibuat"])
                          for ev in rencana],
              [Pembinaan.evaluasi, Pembinaan.jenis, Pembinaan.rencana, Pembinaan.pelatihan, Pembinaan.target_tanggal,
               Pembinaan.status, Pembinaan.pembuat, Pembinaan.version, Pembinaan.dibuat])
    per_ev = {ev.id: ev for ev in rencana}
    catatan = []
    for eid, pid in ambil_per_batch(Pembinaan.select(Pembinaan.evaluasi, Pembinaan.id), Pembinaan.evaluasi, per_ev):
        ev = per_ev[eid]
        for waktu, penulis, teks in ev.pembinaan["catatan"]:
            catatan.append((pid, teks, penulis, waktu))
            jejak(riwayat, waktu, penulis, ev.skp.id, "Catatan pembinaan ditambahkan", None, {"pembinaan": pid})
    sisipkan(CatatanPembinaan, catatan, [CatatanPembinaan.pembinaan, CatatanPembinaan.teks,
                                          CatatanPembinaan.penulis, CatatanPembinaan.dibuat])


def _baris_keberatan(ev):
    kb = ev.keberatan
    lama, baru = kb["lama"], kb["baru"] or (None, None, None)
    return (ev.id, kb["alasan"], kb["diajukan"], "diputuskan" if kb["keputusan"] else "diajukan", kb["keputusan"],
            ALASAN_PUTUSAN[kb["keputusan"]] if kb["keputusan"] else "", *lama, *baru,
            ev.skp.atasan_penilai if kb["keputusan"] else None, kb["diputuskan"], 2 if kb["keputusan"] else 1)
