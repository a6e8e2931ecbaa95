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
atasan pejabat penilai. This module plans what happened; the rows are
written by kinerja.seed_kota_baris, in bulk (insert_many in batches,
INSERT ... SELECT): the services, row by row, would take many minutes for
5,000 pegawai. Deterministic: the same city on the same day gets the same rows.
"""
import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from peewee import chunked, fn

from .jam import hari_ini
from .models import Pegawai, Riwayat
from .penilaian.layanan import daftar_periode
from .seed_kota_baris import (BATCH, HARI, ambil_per_batch, hari_acak, jejak, sisipkan, sisipkan_evaluasi,
                              sisipkan_realisasi, waktu_kerja)
from .seed_skp import ALASAN_JPT
from .skp.models import Iki, Rhk, Skp

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
ALASAN_KEMBALI = "IKI belum terukur: tuliskan target angka dan satuannya, lalu ajukan lagi."
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
    sisipkan_realisasi(realisasi, periode, riwayat, rng)
    sisipkan_evaluasi(rencana, riwayat, hari - HARI, rng)
    riwayat.sort(key=lambda r: r[0])  # ids in time order, as the services would have made them
    sisipkan(Riwayat, riwayat, [Riwayat.waktu, Riwayat.aktor, Riwayat.objek, Riwayat.objek_id, Riwayat.aksi,
                                 Riwayat.data, Riwayat.alasan])


def _muat(pegawai_ids, periode, lambat, rng):
    """[_Skp] of these pegawai in the periode, with RHK (in display order) and IKI."""
    daftar, per_id = [], {}
    q = (Skp.select(Skp.id, Skp.pegawai, Pegawai.nip, Skp.status, Skp.penilai, Skp.atasan_penilai,
                    Skp.disetujui_pada).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
         .where(Skp.periode == periode.id).order_by(Skp.id))
    for row in sorted(ambil_per_batch(q, Skp.pegawai, pegawai_ids)):
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
    for rid, sid, jenis in ambil_per_batch(q, Rhk.skp, per_id):
        per_id[sid].rhk.append((rid, jenis))
        rhk_skp[rid] = sid
    q = Iki.select(Iki.id, Iki.rhk, Iki.indikator, Iki.target_min, Iki.satuan).order_by(Iki.rhk, Iki.urutan)
    for iid, rid, indikator, target, satuan in ambil_per_batch(q, Iki.rhk, rhk_skp):
        per_id[rhk_skp[rid]].iki.append((iid, indikator, target, satuan))
    return daftar


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
        hari_buat = setuju - HARI * rng.randint(10, 20) if setuju else hari_acak(rng, awal, awal + 10 * HARI)
        hari_buat = min(kemarin, hari_buat)
        dibuat[s.id] = datetime.datetime.combine(hari_buat, datetime.time(9))  # a few moments: a few UPDATEs
        jejak(riwayat, dibuat[s.id], s.pegawai, s.id, "SKP dibuat", None,
               {"periode": periode.tahun, "pendekatan": "kuantitatif"})
        if s.status == "draft" and s.lambat:
            draf_lambat += 1
            if draf_lambat % 3 == 1:
                s.status = "dikembalikan"
        if s.status == "disetujui":
            jejak(riwayat, s.disetujui - HARI * rng.randint(1, 7), s.pegawai, s.id, "SKP diajukan",
                   {"status": "draft"}, {"status": "diajukan"})
            jejak(riwayat, s.disetujui, s.penilai, s.id, "SKP disetujui", {"status": "diajukan"},
                   {"status": "disetujui"}, None if s.penilai else ALASAN_JPT)
        elif s.status in ("diajukan", "dikembalikan"):
            diajukan = max(dibuat[s.id].date(), kemarin - HARI * rng.randint(3, 30))
            jejak(riwayat, waktu_kerja(rng, diajukan), s.pegawai, s.id, "SKP diajukan", {"status": "draft"},
                   {"status": "diajukan"})
            if s.status == "dikembalikan":
                jejak(riwayat, waktu_kerja(rng, min(kemarin, diajukan + 2 * HARI), (16, 16)), s.penilai, s.id,
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
    terakhir = periode_evaluasi[-1].nomor
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
            aju = hari_acak(rng, max(mulai + HARI, kemarin - 25 * HARI), kemarin - HARI)
        ev.diajukan = waktu_kerja(rng, aju)
    if keadaan == "dinilai":
        jeda = 1 + int(rng.expovariate(1 / (30 if s.lambat else 10)))
        ev.dinilai = waktu_kerja(rng, min(kemarin, ev.diajukan.date() + HARI * jeda))
    elif keadaan == "tanpa_diri":  # only once the period is over (periksa_penilai_boleh_menilai)
        ev.dinilai = waktu_kerja(rng, min(kemarin, akhir + HARI * (10 + int(rng.expovariate(1 / 15)))))
    elif keadaan == "draf_nilai":
        ev.draf = waktu_kerja(rng, hari_acak(rng, ev.diajukan.date() + HARI, kemarin))
    elif keadaan == "draf_diri":
        ev.diri = waktu_kerja(rng, hari_acak(rng, max(mulai, akhir - 10 * HARI) if usai else mulai, kemarin))
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
        diisi = waktu_kerja(rng, hari_acak(rng, awal_isi, akhir_isi))
        realisasi.append((s, nomor, label, iid, indikator, nilai, diisi))


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
