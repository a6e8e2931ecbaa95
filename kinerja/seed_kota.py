"""A year of work for the synthetic city, for `flask seed-demo --pegawai N [--tim-besar M]`.

What has happened in the synthetic SKPs' periode by today (jam.hari_ini():
the real date, or KINERJA_HARI_INI): realisasi per IKI and evaluation
period with links as bukti dukung, self-evaluations (draft or submitted),
the penilai's ratings (draft or final; the last period's final rating is
the annual result), pembinaan plans for Butuh Perbaikan and worse, and
keberatan against annual results (waiting or decided), each with its
history rows.

Every (SKP, evaluation period) gets one state, in proportions that depend on
how long ago the period ended: a quarter long past is almost all rated, the
quarter just over has many waiting, the running one holds mostly realisasi.
A penilai in `lambat` (the big team's) is slow, so much waits on them. When
a group is big enough every state appears at least once, so a small city
still shows them all.

The rows are what the services (kinerja.penilaian) would have written on the
day each step happened, and follow the same rules: only approved SKPs with a
penilai are evaluated; nothing happens after yesterday or before a period
starts; realisasi come before the self-evaluation is submitted; a rating
comes after the submission or after the period; the predikat comes from the
matrix; a pembinaan plan only for a low predikat, made by the penilai; a
keberatan only on a final annual result, within 14 days, decided by the
atasan pejabat penilai. They are inserted in bulk (insert_many in batches,
INSERT ... SELECT): the services, row by row, would take many minutes for
5,000 pegawai. Deterministic: the same city on the same day gets the same rows.
"""
import datetime
import json
import random
from decimal import ROUND_HALF_UP, Decimal

from peewee import Case, Value, chunked, fn

from .jam import hari_ini
from .models import Pegawai, Riwayat
from .penilaian.keberatan_layanan import KEPUTUSAN
from .penilaian.layanan import daftar_periode
from .penilaian.models import (Bukti, CatatanPembinaan, Evaluasi, EvaluasiPerilaku, EvaluasiRhk, Keberatan,
                               Pembinaan, Realisasi)
from .penilaian.pembinaan_layanan import JENIS_PEMBINAAN
from .rules import BERAKHLAK, PERLU_PEMBINAAN, PREDIKAT, RATING, predikat, tanggal, tulis_angka
from .seed_penilaian import UMPAN_PERILAKU, UMPAN_RHK, URAIAN
from .seed_skp import ALASAN_JPT
from .skp.models import Iki, Rhk, Skp

BATCH = 500  # rows per INSERT, as in kinerja.seed
HARI = datetime.timedelta(days=1)

# An evaluation's state, most advanced first (the most diligent get the first ones):
# rated final; rated as a draft; submitted and waiting; rated without a self-evaluation
# (the period is over); a self-evaluation draft; nothing yet (no Evaluasi row).
KEADAAN = ("dinilai", "draf_nilai", "diajukan", "tanpa_diri", "draf_diri", "belum")
# Weights of KEADAAN by phase of the period, for a prompt penilai and for a slow one.
BOBOT = {
    "berjalan_akhir": ((6, 1, 6, 0, 7, 80), (2, 2, 18, 0, 8, 70)),  # running, past its middle
    "baru_usai": ((40, 7, 35, 0, 10, 8), (10, 10, 70, 0, 5, 5)),  # over for at most 30 days
    "usai": ((83, 2, 8, 3, 2, 2), (48, 6, 40, 2, 2, 2)),  # over for 31-90 days
    "lama": ((93, 0, 2, 4, 0, 1), (85, 0, 10, 4, 0, 1)),  # over for longer
}
# How the predikat of a year spread (the penilai's tendency per person); SE 3/2023
# guidance for a unit with predikat Baik: most Baik, some Butuh Perbaikan or worse.
PREDIKAT_BOBOT = {"sangat_baik": 14, "baik": 70, "butuh_perbaikan": 10, "kurang": 4, "sangat_kurang": 2}
# The (rating hasil kerja, rating perilaku) pairs behind each predikat, commonest repeated.
PASANGAN = {
    "sangat_baik": [("di_atas", "di_atas")],
    "baik": [("sesuai", "sesuai")] * 4 + [("di_atas", "sesuai"), ("sesuai", "di_atas")],
    "butuh_perbaikan": [("di_bawah", "sesuai")] * 2 + [("di_bawah", "di_atas")],
    "kurang": [("sesuai", "di_bawah"), ("di_atas", "di_bawah")],
    "sangat_kurang": [("di_bawah", "di_bawah")],
}
CAPAIAN = {"di_atas": (1.05, 1.2), "sesuai": (0.93, 1.04), "di_bawah": (0.55, 0.85)}  # share of the target
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
ALASAN_KEMBALI = "IKI belum terukur: tuliskan target angka dan satuannya, lalu ajukan lagi."
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


class _Skp:
    """One synthetic SKP with what the year needs: its people, RHK, IKI and tendencies."""
    __slots__ = ("id", "pegawai", "nip", "status", "penilai", "atasan_penilai", "disetujui", "rhk", "iki",
                 "rajin", "kecenderungan", "lambat")


def tahun_sintetis(pegawai_ids, periode, lambat=()):
    """A year of work up to yesterday for the SKPs of `pegawai_ids` in `periode`
    (made by seed_skp.skp_sintetis); `lambat`: ids of slow penilai. Call inside
    the seed's transaction."""
    rng = random.Random(20260104)
    hari = hari_ini()
    daftar_skp = _muat(pegawai_ids, periode, set(lambat), rng)
    riwayat = []
    _riwayat_skp(daftar_skp, periode, hari - HARI, riwayat, rng)
    rencana, realisasi = _rencana(daftar_skp, periode, hari, rng)
    _sisipkan_realisasi(realisasi, periode, riwayat, rng)
    _sisipkan_evaluasi(rencana, riwayat, hari - HARI, rng)
    riwayat.sort(key=lambda r: r[0])  # ids in time order, as the services would have made them
    _sisipkan(Riwayat, riwayat, [Riwayat.waktu, Riwayat.aktor, Riwayat.objek, Riwayat.objek_id, Riwayat.aksi,
                                 Riwayat.data, Riwayat.alasan])


def _sisipkan(model, rows, fields):
    for batch in chunked(rows, BATCH):
        model.insert_many(batch, fields=fields).execute()


def _ambil(query, kolom, ids):
    """Rows of `query` whose `kolom` is in `ids`, batch by batch (tuples)."""
    for batch in chunked(list(ids), BATCH):
        yield from query.where(kolom.in_(batch)).tuples()


def _muat(pegawai_ids, periode, lambat, rng):
    """[_Skp] of these pegawai in the periode, with RHK (in display order) and IKI."""
    daftar, per_id = [], {}
    q = (Skp.select(Skp.id, Skp.pegawai, Pegawai.nip, Skp.status, Skp.penilai, Skp.atasan_penilai,
                    Skp.disetujui_pada).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
         .where(Skp.periode == periode.id).order_by(Skp.id))
    for row in sorted(_ambil(q, Skp.pegawai, pegawai_ids)):
        s = _Skp()
        s.id, s.pegawai, s.nip, s.status, s.penilai, s.atasan_penilai, s.disetujui = row
        s.rhk, s.iki = [], []
        s.rajin = rng.random()
        s.kecenderungan = rng.choices(list(PREDIKAT_BOBOT), list(PREDIKAT_BOBOT.values()))[0]
        s.lambat = s.penilai in lambat
        daftar.append(s)
        per_id[s.id] = s
    rhk_skp = {}
    q = Rhk.select(Rhk.id, Rhk.skp, Rhk.jenis).order_by(Rhk.skp, Rhk.jenis.desc(), Rhk.urutan, Rhk.id)
    for rid, sid, jenis in _ambil(q, Rhk.skp, per_id):
        per_id[sid].rhk.append((rid, jenis))
        rhk_skp[rid] = sid
    q = Iki.select(Iki.id, Iki.rhk, Iki.indikator, Iki.target_min, Iki.satuan).order_by(Iki.rhk, Iki.urutan)
    for iid, rid, indikator, target, satuan in _ambil(q, Iki.rhk, rhk_skp):
        per_id[rhk_skp[rid]].iki.append((iid, indikator, target, satuan))
    return daftar


def _jejak(riwayat, waktu, aktor, skp_id, aksi, sebelum=None, sesudah=None, alasan=None):
    """A history row as kinerja.riwayat.catat writes it (only changed fields kept)."""
    sebelum, sesudah = sebelum or {}, sesudah or {}
    data = {k: [sebelum.get(k), sesudah.get(k)] for k in sorted(set(sebelum) | set(sesudah))
            if sebelum.get(k) != sesudah.get(k)}
    riwayat.append((waktu, aktor, "skp", skp_id, aksi[:100], json.dumps(data, ensure_ascii=False), alasan))


def _waktu(rng, hari, jam=(8, 15)):
    """A moment in office hours of `hari`."""
    return datetime.datetime.combine(hari, datetime.time(rng.randint(*jam), rng.randint(0, 59)))


def _hari(rng, awal, akhir):
    """A day in awal..akhir (awal when the range is empty)."""
    return awal + HARI * rng.randint(0, max(0, (akhir - awal).days))


# ---------------------------------------------------------------- the SKP's own history

def _riwayat_skp(daftar_skp, periode, kemarin, riwayat, rng):
    """Date each SKP in January (the plans are made then) with its history:
    made, submitted, approved (a head's approval recorded as the Wali Kota's);
    an SKP still submitted was submitted lately. In a slow penilai's team a
    third of the drafts were returned with a reason."""
    awal = datetime.date(periode.tahun, 1, 5)
    dibuat, draf_lambat = {}, 0
    for s in daftar_skp:
        setuju = s.disetujui.date() if s.disetujui else None
        hari_buat = setuju - HARI * rng.randint(10, 20) if setuju else _hari(rng, awal, awal + 10 * HARI)
        hari_buat = min(kemarin, hari_buat)
        dibuat[s.id] = datetime.datetime.combine(hari_buat, datetime.time(9))  # a few moments: a few UPDATEs
        _jejak(riwayat, dibuat[s.id], s.pegawai, s.id, "SKP dibuat", None,
               {"periode": periode.tahun, "pendekatan": "kuantitatif"})
        if s.status == "draft" and s.lambat:
            draf_lambat += 1
            if draf_lambat % 3 == 1:
                s.status = "dikembalikan"
        if s.status == "disetujui":
            _jejak(riwayat, s.disetujui - HARI * rng.randint(1, 7), s.pegawai, s.id, "SKP diajukan",
                   {"status": "draft"}, {"status": "diajukan"})
            _jejak(riwayat, s.disetujui, s.penilai, s.id, "SKP disetujui", {"status": "diajukan"},
                   {"status": "disetujui"}, None if s.penilai else ALASAN_JPT)
        elif s.status in ("diajukan", "dikembalikan"):
            diajukan = max(dibuat[s.id].date(), kemarin - HARI * rng.randint(3, 30))
            _jejak(riwayat, _waktu(rng, diajukan), s.pegawai, s.id, "SKP diajukan", {"status": "draft"},
                   {"status": "diajukan"})
            if s.status == "dikembalikan":
                _jejak(riwayat, _waktu(rng, min(kemarin, diajukan + 2 * HARI), (16, 16)), s.penilai, s.id,
                       "SKP dikembalikan", {"status": "diajukan"}, {"status": "dikembalikan"}, ALASAN_KEMBALI)
    kembali = [s.id for s in daftar_skp if s.status == "dikembalikan"]
    for batch in chunked(kembali, BATCH):
        Skp.update(status="dikembalikan", alasan_status=ALASAN_KEMBALI, version=Skp.version + 2) \
            .where(Skp.id.in_(batch)).execute()
    # Only the SKP rows are dated again: on PostgreSQL an UPDATE of rows inserted in the same
    # transaction re-checks their foreign keys, which for the RHK (self-referencing) costs seconds.
    for hari_buat, ids in _kelompokkan(dibuat).items():
        for batch in chunked(ids, BATCH):
            Skp.update(dibuat=hari_buat).where(Skp.id.in_(batch)).execute()


def _kelompokkan(waktu_per_id):
    """{moment: [ids]} so that one UPDATE dates many rows."""
    out = {}
    for i, waktu in waktu_per_id.items():
        out.setdefault(waktu, []).append(i)
    return out


# ---------------------------------------------------------------- what happened per period

class _Ev:
    """The plan of one evaluation (an Evaluasi row with its children)."""
    __slots__ = ("skp", "nomor", "label", "akhir", "keadaan", "rating", "diri", "draf", "diajukan", "dinilai",
                 "dibuat", "pembinaan", "keberatan", "id")


def _fase(awal, akhir, hari, mulai):
    """The phase of an evaluation period on `hari` (a key of BOBOT, or
    "berjalan" early in a running period); None when nothing can have
    happened in it yet (it starts later, or the SKP was approved only now)."""
    if (hari - mulai).days < 3:
        return None
    if hari > akhir:
        umur = (hari - akhir).days
        return "baru_usai" if umur <= 30 else "usai" if umur <= 90 else "lama"
    jalan = (hari - awal).days
    if jalan >= 20 and 2 * jalan >= (akhir - awal).days + 1 and (hari - mulai).days >= 4:
        return "berjalan_akhir"
    return "berjalan"


def bagi(total, bobot, minimal=False):
    """Split `total` into integers proportional to `bobot` (largest remainder);
    with `minimal`, every positive weight gets at least 1 when there is room."""
    if total <= 0 or not sum(bobot):
        return [0] * len(bobot)
    raw = [total * b / sum(bobot) for b in bobot]
    hasil = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: hasil[i] - raw[i])[:total - sum(hasil)]:
        hasil[i] += 1
    if minimal and total >= sum(1 for b in bobot if b):
        for i, b in enumerate(bobot):
            if b and not hasil[i]:
                hasil[max(range(len(hasil)), key=lambda j: hasil[j])] -= 1
                hasil[i] = 1
    return hasil


def _rencana(daftar_skp, periode, hari, rng):
    """([_Ev], realisasi rows) of the year so far: per evaluation period, the
    approved SKPs grouped by phase and by how prompt their penilai is, each
    group split over KEADAAN by BOBOT, the most diligent first."""
    periode_evaluasi = daftar_periode(periode)
    terakhir = periode_evaluasi[-1][0]
    rencana, realisasi = [], []
    for nomor, label, awal, akhir in periode_evaluasi:
        kelompok = {}
        for s in daftar_skp:
            if s.status != "disetujui" or not s.iki or awal > hari:
                continue
            mulai = max(awal, s.disetujui.date() + HARI)
            fase = _fase(awal, akhir, hari, mulai)
            if fase is not None:
                kelompok.setdefault((fase, s.lambat, s.penilai is None), []).append((s, mulai))
        for (fase, lambat, tanpa_penilai), orang in sorted(kelompok.items()):
            if tanpa_penilai:  # a head's penilai (the Wali Kota) has no account: realisasi only
                keadaan = ["realisasi"] * len(orang)
            elif fase == "berjalan":
                keadaan = ["belum"] * len(orang)
            else:
                orang.sort(key=lambda x: x[0].rajin + rng.gauss(0, 0.25), reverse=True)
                jumlah = bagi(len(orang), BOBOT[fase][lambat], minimal=True)
                keadaan = [k for k, n in zip(KEADAAN, jumlah) for _ in range(n)]
            for (s, mulai), k in zip(orang, keadaan):
                ev = _satu(s, (nomor, label, awal, akhir, len(periode_evaluasi)), mulai, hari, k, rng, realisasi)
                if ev is not None:
                    ev.akhir = nomor == terakhir
                    rencana.append(ev)
    return rencana, realisasi


def _rating(s, rng):
    """A (hasil, perilaku) pair: mostly the person's tendency, sometimes another."""
    kode = s.kecenderungan if rng.random() < 0.75 else \
        rng.choices(list(PREDIKAT_BOBOT), list(PREDIKAT_BOBOT.values()))[0]
    return rng.choice(PASANGAN[kode])


def _satu(s, info, mulai, hari, keadaan, rng, realisasi):
    """One (SKP, period) in `keadaan`: its moments, and its realisasi appended
    to `realisasi`. Returns its _Ev, or None while no Evaluasi row exists."""
    nomor, label, awal, akhir, _ = info
    kemarin, usai = hari - HARI, hari > akhir
    ev = _Ev()
    ev.skp, ev.nomor, ev.label, ev.keadaan, ev.rating = s, nomor, label, keadaan, _rating(s, rng)
    ev.diri = ev.draf = ev.diajukan = ev.dinilai = ev.pembinaan = ev.keberatan = None
    if keadaan in ("dinilai", "draf_nilai", "diajukan"):
        # Submitted a few days after the period ends, or early in the last weeks of a running one;
        # always at least a day before a rating.
        if usai:
            aju = akhir + HARI * (1 + int(rng.expovariate(1 / 8)))
            aju = min(max(aju, mulai, akhir - 3 * HARI), kemarin - HARI)
        else:
            aju = _hari(rng, max(mulai + HARI, kemarin - 25 * HARI), kemarin - HARI)
        ev.diajukan = _waktu(rng, aju)
    if keadaan == "dinilai":
        jeda = 1 + int(rng.expovariate(1 / (30 if s.lambat else 10)))
        ev.dinilai = _waktu(rng, min(kemarin, ev.diajukan.date() + HARI * jeda))
    elif keadaan == "tanpa_diri":  # only once the period is over (periksa_penilai_boleh_menilai)
        ev.dinilai = _waktu(rng, min(kemarin, akhir + HARI * (10 + int(rng.expovariate(1 / 15)))))
    elif keadaan == "draf_nilai":
        ev.draf = _waktu(rng, _hari(rng, ev.diajukan.date() + HARI, kemarin))
    elif keadaan == "draf_diri":
        ev.diri = _waktu(rng, _hari(rng, max(mulai, akhir - 10 * HARI) if usai else mulai, kemarin))
    _realisasi(s, info, mulai, hari, ev, rng, realisasi)
    if keadaan in ("belum", "realisasi"):
        return None
    ev.dibuat = min(w for w in (ev.diri, ev.diajukan, ev.draf, ev.dinilai) if w) - datetime.timedelta(hours=1)
    return ev


def _realisasi(s, info, mulai, hari, ev, rng, realisasi):
    """The period's realisasi of the SKP's IKI: every IKI once a self-evaluation
    exists, some while nothing was submitted; each dated before anything that
    locks it (the submission, a final rating)."""
    nomor, label, awal, akhir, jumlah_periode = info
    usai = hari > akhir
    iki = s.iki
    if ev.keadaan == "belum":
        bagian = rng.choice((0, 0.5)) if usai else min(1.0, (hari - awal) / (akhir - awal + HARI) * (0.5 + s.rajin))
        iki = iki[:round(len(iki) * bagian)]
    elif ev.keadaan == "tanpa_diri" or (ev.keadaan == "realisasi" and not usai):
        iki = iki[:round(len(iki) * rng.uniform(0.5 if usai else 0, 1))]
    kunci = min((w for w in (ev.diajukan, ev.diri, ev.dinilai) if w), default=None)
    batas = kunci.date() - HARI if kunci else hari - HARI
    awal_isi = max(mulai, akhir - 20 * HARI) if usai else mulai
    akhir_isi = min(batas, akhir + 5 * HARI)
    if akhir_isi < awal_isi:
        return  # approved just before the period ended: nothing to report in it
    for iid, indikator, target, satuan in iki:
        if target is None:
            continue  # a narrative IKI; the synthetic plans have none
        nilai = _nilai(target, satuan, rng.uniform(*CAPAIAN[ev.rating[0]]), jumlah_periode)
        realisasi.append((s, nomor, label, iid, indikator, nilai, _waktu(rng, _hari(rng, awal_isi, akhir_isi))))


def _nilai(target, satuan, capaian, jumlah_periode):
    """A period's realisasi from the IKI's annual target: a rate or score near
    the target, a time inversely, a count as its share of the year."""
    target, capaian = Decimal(target), Decimal(str(round(capaian, 3)))
    if satuan in ("%", "indeks"):
        nilai = target * capaian
        nilai = min(Decimal(100), nilai) if satuan == "%" else nilai
        return nilai.quantize(Decimal("0.1"), ROUND_HALF_UP)
    if satuan == "hari":
        return (target / capaian).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return (target / jumlah_periode * capaian).quantize(Decimal(1), ROUND_HALF_UP)


# ---------------------------------------------------------------- rows

def _sisipkan_realisasi(realisasi, periode, riwayat, rng):
    """Realisasi rows, then their links as bukti dukung (a second one now and
    then), with the history the services write for both."""
    _sisipkan(Realisasi, [(iid, nomor, nilai, "", "", 1, waktu) for _s, nomor, _l, iid, _i, nilai, waktu in realisasi],
              [Realisasi.iki, Realisasi.nomor, Realisasi.nilai_angka, Realisasi.nilai_teks, Realisasi.catatan,
               Realisasi.version, Realisasi.diubah])
    q = Realisasi.select(Realisasi.iki, Realisasi.nomor, Realisasi.id)
    ids = {(iid, nomor): rid for iid, nomor, rid in _ambil(q, Realisasi.iki, {r[3] for r in realisasi})}
    bukti = []
    for s, nomor, label, iid, indikator, nilai, waktu in realisasi:
        indikator = " ".join(indikator.split())
        _jejak(riwayat, waktu, s.pegawai, s.id, f"Realisasi {label} diisi: {indikator}", None,
               {"nilai": tulis_angka(nilai)})
        berkas = [(f"Laporan {label}: {indikator}", ".pdf")]
        if rng.random() < 0.25:
            berkas.append((f"Dokumentasi kegiatan {label}", "-foto.jpg"))
        for n, (nama, akhiran) in enumerate(berkas, 1):
            url = TAUTAN.format(tahun=periode.tahun, nip=s.nip, periode=label.lower().replace(" ", "-"),
                                iki=iid, akhiran=akhiran)
            dibuat = waktu + datetime.timedelta(minutes=3 * n)
            bukti.append((ids[(iid, nomor)], nama[:120], url, s.pegawai, dibuat))
            _jejak(riwayat, dibuat, s.pegawai, s.id, f"Tautan bukti {label} ditambah", None,
                   {"iki": indikator[:60], "tautan": url})
    _sisipkan(Bukti, bukti, [Bukti.realisasi, Bukti.nama, Bukti.tautan, Bukti.pengunggah, Bukti.dibuat])


STATUS = {"dinilai": "dinilai", "tanpa_diri": "dinilai", "draf_nilai": "diajukan", "diajukan": "diajukan",
          "draf_diri": "terbuka"}
VERSI = {"dinilai": 3, "tanpa_diri": 2, "draf_nilai": 3, "diajukan": 2, "draf_diri": 2}  # 1 + saves


def _sisipkan_evaluasi(rencana, riwayat, kemarin, rng):
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
    _sisipkan(Evaluasi, rows, [Evaluasi.skp, Evaluasi.nomor, Evaluasi.akhir, Evaluasi.status, Evaluasi.diajukan_pada,
                               Evaluasi.rating_hasil, Evaluasi.rating_perilaku, Evaluasi.predikat, Evaluasi.penilai,
                               Evaluasi.final_pada, Evaluasi.version, Evaluasi.dibuat])
    per_skp = {}
    for ev in rencana:
        per_skp.setdefault(ev.skp.id, {})[ev.nomor] = ev
    q = Evaluasi.select(Evaluasi.skp, Evaluasi.nomor, Evaluasi.id)
    for sid, nomor, eid in _ambil(q, Evaluasi.skp, per_skp):
        per_skp[sid][nomor].id = eid
    _sisipkan(EvaluasiRhk, [baris for ev in rencana for baris in _baris_rhk(ev, rng)],
              [EvaluasiRhk.evaluasi, EvaluasiRhk.rhk, EvaluasiRhk.penilaian_diri, EvaluasiRhk.uraian_diri,
               EvaluasiRhk.kendala, EvaluasiRhk.umpan_balik])
    _perilaku_evaluasi([ev.id for ev in rencana])
    _sisipkan_pembinaan([ev for ev in rencana if ev.pembinaan], riwayat)
    _sisipkan(Keberatan, [_baris_keberatan(ev) for ev in rencana if ev.keberatan],
              [Keberatan.evaluasi, Keberatan.alasan, Keberatan.diajukan_pada, Keberatan.status, Keberatan.keputusan,
               Keberatan.alasan_keputusan, Keberatan.rating_hasil_lama, Keberatan.rating_perilaku_lama,
               Keberatan.predikat_lama, Keberatan.rating_hasil_baru, Keberatan.rating_perilaku_baru,
               Keberatan.predikat_baru, Keberatan.pemutus, Keberatan.diputuskan_pada, Keberatan.version])


def _riwayat_evaluasi(ev, riwayat):
    """The history of one evaluation: the pegawai's saves and submission, the penilai's draft and final."""
    s, label = ev.skp, ev.label
    if ev.diri:
        _jejak(riwayat, ev.diri, s.pegawai, s.id, f"Evaluasi diri {label} disimpan")
    if ev.diajukan:
        _jejak(riwayat, ev.diajukan, s.pegawai, s.id, f"Evaluasi diri {label} diajukan", {"status": "terbuka"},
               {"status": "diajukan"})
    if ev.draf:
        _jejak(riwayat, ev.draf, s.penilai, s.id, f"Penilaian {label} disimpan")
    if ev.dinilai:
        _jejak(riwayat, ev.dinilai, s.penilai, s.id, f"Penilaian {label} final",
               {"status": "diajukan" if ev.diajukan else "terbuka"},
               {"status": "dinilai", "predikat": PREDIKAT[predikat(*ev.rating)]})
    if ev.pembinaan:
        pb = ev.pembinaan
        _jejak(riwayat, pb["dibuat"], s.penilai, s.id, f"Rencana pembinaan {label} dibuat", None,
               {"jenis": JENIS_PEMBINAAN[pb["jenis"]], "target": tanggal(pb["target"]),
                "predikat": PREDIKAT[predikat(*ev.rating)]})
        if pb["selesai"]:
            _jejak(riwayat, pb["selesai"], s.penilai, s.id, "Pembinaan selesai", {"status": "berjalan"},
                   {"status": "selesai"})
    if ev.keberatan:
        kb = ev.keberatan
        _jejak(riwayat, kb["diajukan"], s.pegawai, s.id, "Keberatan atas penilaian akhir diajukan", None,
               {"keberatan": "diajukan", "predikat": PREDIKAT[kb["lama"][2]]}, kb["alasan"])
        if kb["keputusan"]:
            _jejak(riwayat, kb["diputuskan"], s.atasan_penilai, s.id,
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
        dibuat = _waktu(rng, _hari(rng, final + HARI, min(kemarin, final + 12 * HARI)))
        jenis, teks, pelatihan = rng.choice(RENCANA_PEMBINAAN)
        target = dibuat.date() + HARI * rng.randint(60, 150)
        selesai = _waktu(rng, target, (15, 15)) if target <= kemarin and rng.random() < 0.7 else None
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
        diajukan = _waktu(rng, _hari(rng, final + HARI, min(kemarin, final + 14 * HARI)))
        lama = (*ev.rating, predikat(*ev.rating))
        kb = {"diajukan": diajukan, "alasan": rng.choice(ALASAN_KEBERATAN), "lama": lama, "baru": None,
              "keputusan": None, "diputuskan": None}
        if i % 2 and diajukan.date() < kemarin:
            hasil, perilaku = ev.rating
            baru = (LEBIH_BAIK[hasil], perilaku) if hasil != "di_atas" else (hasil, LEBIH_BAIK[perilaku])
            kb["keputusan"] = "diubah" if i % 4 == 1 and baru != ev.rating else "tetap"
            kb["baru"] = (*baru, predikat(*baru)) if kb["keputusan"] == "diubah" else lama
            putus = _hari(rng, diajukan.date() + HARI, min(kemarin, diajukan.date() + 14 * HARI))
            kb["diputuskan"] = _waktu(rng, putus)
        ev.keberatan = kb


def _sisipkan_pembinaan(rencana, riwayat):
    """Pembinaan rows, then their notes (with the history of each note)."""
    _sisipkan(Pembinaan, [(ev.id, ev.pembinaan["jenis"], ev.pembinaan["rencana"], ev.pembinaan["pelatihan"],
                           ev.pembinaan["target"], "selesai" if ev.pembinaan["selesai"] else "berjalan",
                           ev.skp.penilai, 2 if ev.pembinaan["selesai"] else 1, ev.pembinaan["dibuat"])
                          for ev in rencana],
              [Pembinaan.evaluasi, Pembinaan.jenis, Pembinaan.rencana, Pembinaan.pelatihan, Pembinaan.target_tanggal,
               Pembinaan.status, Pembinaan.pembuat, Pembinaan.version, Pembinaan.dibuat])
    per_ev = {ev.id: ev for ev in rencana}
    catatan = []
    for eid, pid in _ambil(Pembinaan.select(Pembinaan.evaluasi, Pembinaan.id), Pembinaan.evaluasi, per_ev):
        ev = per_ev[eid]
        for waktu, penulis, teks in ev.pembinaan["catatan"]:
            catatan.append((pid, teks, penulis, waktu))
            _jejak(riwayat, waktu, penulis, ev.skp.id, "Catatan pembinaan ditambahkan", None, {"pembinaan": pid})
    _sisipkan(CatatanPembinaan, catatan, [CatatanPembinaan.pembinaan, CatatanPembinaan.teks,
                                          CatatanPembinaan.penulis, CatatanPembinaan.dibuat])


def _baris_keberatan(ev):
    kb = ev.keberatan
    lama, baru = kb["lama"], kb["baru"] or (None, None, None)
    return (ev.id, kb["alasan"], kb["diajukan"], "diputuskan" if kb["keputusan"] else "diajukan", kb["keputusan"],
            ALASAN_PUTUSAN[kb["keputusan"]] if kb["keputusan"] else "", *lama, *baru,
            ev.skp.atasan_penilai if kb["keputusan"] else None, kb["diputuskan"], 2 if kb["keputusan"] else 1)


# ---------------------------------------------------------------- reading back

def atasan_tim_besar():
    """(the active atasan with the most active direct subordinates, their number),
    or (None, 0): the big team's head of `seed-demo --tim-besar`."""
    jumlah = fn.COUNT(Pegawai.id)
    baris = (Pegawai.select(Pegawai.atasan, jumlah)
             .where(Pegawai.atasan.is_null(False) & (Pegawai.aktif == True))  # noqa: E712
             .group_by(Pegawai.atasan).order_by(jumlah.desc(), Pegawai.atasan).limit(1).tuples().first())
    if baris is None:
        return None, 0
    return Pegawai.get_by_id(baris[0]), baris[1]
