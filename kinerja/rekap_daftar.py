"""Rekap: the lists behind the numbers (`JENIS`): who an SKP status, a
realisasi, a rating waiting, a plan or an objection of the rekap counts,
for one level and period, with the columns each list adds; and the record
of a downloaded list on the unit's history. The counts are in
kinerja.rekap, the SQL conditions both share in kinerja.rekap_syarat, so a
list always holds what its number counts. One COUNT and one page per list
whatever the size of the unit; the pages and files are in rekap_views.
"""
import datetime
from typing import NamedTuple

from peewee import JOIN, Case, fn

from .db import database
from .jam import hari_ini
from .models import Pegawai, Periode, Unit
from .penilaian.antrean import baca_waktu
from .penilaian.keberatan import STATUS_KEBERATAN
from .penilaian.models import Bukti, Evaluasi, Keberatan, Pembinaan, Realisasi
from .penilaian.pembinaan import JENIS_PEMBINAAN, STATUS_PEMBINAAN
from .rekap import JENIS
from .rekap_syarat import (KEBERATAN, TEMA_MAKS, di_subpohon, ev_periode, lengkap, n_iki, n_isi, syarat_menunggu,
                           tema_sql)
from .riwayat import catat
from .rules import PREDIKAT, STATUS_EVALUASI, STATUS_SKP
from .skp.models import Iki, Rhk, Skp


# ---------------------------------------------------------------- the lists behind the numbers

class Orang(NamedTuple):
    """One row of a list: the pegawai, their SKP and the period's evaluation,
    and what the list is about (`rincian`: a plan, an objection, a count)."""
    pegawai_id: int
    nip: str
    nama: str
    jabatan: str
    unit: str
    skp_id: int | None
    skp_status: str | None
    ev_id: int | None
    ev_status: str | None
    predikat: str | None
    rincian: dict

    @property
    def skp_label(self):
        return STATUS_SKP.get(self.skp_status, "Belum dibuat")

    @property
    def ev_label(self):
        return STATUS_EVALUASI.get(self.ev_status or "terbuka", "")

    @property
    def predikat_label(self):
        return PREDIKAT.get(self.predikat, "")


# What each list adds to the common columns, by its source table.
KOLOM_RINCIAN = {
    "realisasi": ("IKI terisi",),
    "bukti": ("Bukti dukung",),
    "menunggu": ("Menunggu sejak",),
    "pembinaan": ("Pembinaan", "Target", "Status pembinaan", "Pelatihan atau penugasan"),
    "keberatan": ("Diajukan", "Status keberatan"),
}


def sumber(jenis):
    """Which kind of row a list is made of: 'pembinaan', 'keberatan' or 'pegawai'."""
    if jenis.startswith("pembinaan") or jenis == "pelatihan":
        return "pembinaan"
    if jenis.startswith("keberatan"):
        return "keberatan"
    return "pegawai"


def kolom_rincian(jenis):
    """The extra columns of a list."""
    if jenis.startswith("realisasi"):
        return KOLOM_RINCIAN["realisasi"]
    if jenis in KOLOM_RINCIAN:
        return KOLOM_RINCIAN[jenis]
    return KOLOM_RINCIAN.get(sumber(jenis), ())


def kueri_daftar(jenis, pilihan, path, unit_id=None, tema_dicari=None):
    """The query of list `jenis` (a key of JENIS) in the subtree of `path` (or
    only unit `unit_id`), ordered as the page shows it, rows as tuples for
    `baris_daftar`. One COUNT and one page whatever the size of the unit."""
    pid, nomor = pilihan.periode.id, pilihan.info.nomor
    milik = Skp.pegawai == Pegawai.id
    dasar = (Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan, Unit.nama, Skp.id, Skp.status,
             Evaluasi.id, Evaluasi.status, Evaluasi.predikat)
    asal = sumber(jenis)
    if asal == "pembinaan":
        q = (Pembinaan.select(*dasar, Pembinaan.id, Pembinaan.jenis, Pembinaan.target_tanggal, Pembinaan.status,
                              Pembinaan.pelatihan)
             .join(Evaluasi, on=(Pembinaan.evaluasi == Evaluasi.id)).join(Skp, on=(Evaluasi.skp == Skp.id))
             .join(Pegawai, on=milik).join(Unit, on=(Pegawai.unit == Unit.id)).where(Skp.periode == pid))
        if jenis == "pembinaan_berjalan":
            q = q.where(Pembinaan.status == "berjalan")
        elif jenis == "pembinaan_terlambat":
            q = q.where((Pembinaan.status == "berjalan") & (Pembinaan.target_tanggal < hari_ini()))
        elif jenis == "pembinaan_selesai":
            q = q.where(Pembinaan.status == "selesai")
        else:  # pelatihan, of one theme when asked
            q = q.where(Pembinaan.pelatihan != "")
            if tema_dicari:
                q = q.where(tema_sql() == tema_dicari[:TEMA_MAKS])
        # A plan without a target date last, on SQLite and PostgreSQL alike.
        urut = (Pembinaan.target_tanggal.asc(nulls="LAST"), Pegawai.nama, Pembinaan.id)
    elif asal == "keberatan":
        q = (Keberatan.select(*dasar, Keberatan.id, Keberatan.diajukan_pada, Keberatan.status)
             .join(Evaluasi, on=(Keberatan.evaluasi == Evaluasi.id)).join(Skp, on=(Evaluasi.skp == Skp.id))
             .join(Pegawai, on=milik).join(Unit, on=(Pegawai.unit == Unit.id)).where(Skp.periode == pid))
        if jenis in KEBERATAN:
            q = q.where(KEBERATAN[jenis])
        urut = (Keberatan.diajukan_pada, Keberatan.id)
    else:
        ekstra = ()
        if jenis.startswith("realisasi"):
            ekstra = (n_isi(nomor).alias("n_isi"), n_iki().alias("n_iki"))
        elif jenis == "bukti":
            ekstra = (Bukti.select(fn.COUNT(Bukti.id)).join(Realisasi, on=(Bukti.realisasi == Realisasi.id))
                      .join(Iki, on=(Realisasi.iki == Iki.id)).join(Rhk, on=(Iki.rhk == Rhk.id))
                      .where((Rhk.skp == Skp.id) & (Realisasi.nomor == nomor)).alias("n_bukti"),)
        elif jenis == "menunggu":
            ekstra = (Evaluasi.diajukan_pada, Skp.disetujui_pada)
        q = (Pegawai.select(*dasar, *ekstra).join(Unit, on=(Pegawai.unit == Unit.id))
             .switch(Pegawai).join(Skp, JOIN.LEFT_OUTER, on=(milik & (Skp.periode == pid)))
             .join(Evaluasi, JOIN.LEFT_OUTER, on=ev_periode(pilihan)))
        if jenis == "menunggu":
            q = q.switch(Skp).join(Periode, JOIN.LEFT_OUTER, on=(Skp.periode == Periode.id))
        q = q.where(_syarat_pegawai(jenis, pilihan, ekstra))
        urut = (Pegawai.nama, Pegawai.id)  # by name in the engine's collation (module docstring)
        if jenis == "menunggu":
            urut = (_sejak(pilihan), Pegawai.nama, Pegawai.id)
    return di_subpohon(q, path, unit_id).order_by(*urut).tuples()


def _syarat_pegawai(jenis, pilihan, ekstra):
    """The WHERE of a per-pegawai list."""
    pid = pilihan.periode.id
    if jenis == "pegawai":
        return Pegawai.aktif == True  # noqa: E712
    if jenis == "skp_belum":
        return (Pegawai.aktif == True) & Skp.id.is_null()  # noqa: E712
    if jenis.startswith("skp_"):  # the SKP status table: active pegawai only
        return (Pegawai.aktif == True) & (Skp.status == jenis[4:])  # noqa: E712
    disetujui = (Skp.periode == pid) & (Skp.status == "disetujui")
    if jenis == "disetujui_semua":
        return disetujui
    if jenis == "realisasi_lengkap":
        return disetujui & lengkap(pilihan.info.nomor)
    if jenis == "realisasi_belum":
        return disetujui & ~lengkap(pilihan.info.nomor)
    if jenis == "bukti":
        return Skp.id.is_null(False) & (ekstra[0] > 0)
    if jenis == "diri_diajukan":
        return Evaluasi.diajukan_pada.is_null(False)
    if jenis == "dinilai":
        return Evaluasi.status == "dinilai"
    if jenis == "menunggu":
        return Skp.id.is_null(False) & syarat_menunggu(pilihan)
    if jenis.startswith("predikat_"):
        return (Evaluasi.status == "dinilai") & (Evaluasi.predikat == jenis[9:])
    raise KeyError(jenis)


def _awal_tunggu(pilihan):
    """When an unrated evaluation of an ended period starts waiting: the day after the period."""
    return datetime.datetime.combine(pilihan.info.akhir + datetime.timedelta(days=1), datetime.time())


def _sejak(pilihan):
    """SQL: since when an evaluation waits (antrean's rule): its submission,
    else the later of the day after the period and the SKP's approval."""
    awal = _awal_tunggu(pilihan)
    return Case(None, [(Evaluasi.status == "diajukan", Evaluasi.diajukan_pada),
                       (Skp.disetujui_pada > awal, Skp.disetujui_pada)], awal)


def baris_daftar(jenis, pilihan, tuples):
    """[Orang] of the query's rows, `rincian` filled for the list's kind."""
    asal = sumber(jenis)
    out = []
    for t in tuples:
        dasar, sisa = t[:10], t[10:]
        rincian = {}
        if asal == "pembinaan":
            pb_id, pb_jenis, target, status, pelatihan = sisa
            rincian = {"pembinaan_id": pb_id, "Pembinaan": JENIS_PEMBINAAN.get(pb_jenis, pb_jenis),
                       "Target": target, "Status pembinaan": STATUS_PEMBINAAN.get(status, status),
                       "Pelatihan atau penugasan": pelatihan}
        elif asal == "keberatan":
            kb_id, diajukan, status = sisa
            rincian = {"keberatan_id": kb_id, "Diajukan": diajukan,
                       "Status keberatan": STATUS_KEBERATAN.get(status, status)}
        elif jenis.startswith("realisasi"):
            n_isi, n_iki = sisa
            rincian = {"IKI terisi": f"{n_isi} dari {n_iki}", "n_isi": n_isi, "n_iki": n_iki}
        elif jenis == "bukti":
            rincian = {"Bukti dukung": sisa[0]}
        elif jenis == "menunggu":
            diajukan, disetujui = (baca_waktu(v) for v in sisa)
            awal = _awal_tunggu(pilihan)
            if dasar[8] == "diajukan" and diajukan is not None:
                sejak, sebab = diajukan, "evaluasi diri diajukan"
            elif disetujui is not None and disetujui > awal:
                sejak, sebab = disetujui, "SKP disetujui"
            else:
                sejak, sebab = awal, "periode berakhir"
            rincian = {"Menunggu sejak": sejak, "sebab": sebab}
        out.append(Orang(*dasar, rincian))
    return out


# ---------------------------------------------------------------- a downloaded list

AKSI_UNDUH = "rekap_diunduh"


def catat_unduhan(aktor, unit, jenis, pilihan, berkas, langsung=False, tema=""):
    """Record on `unit`'s history that `aktor` downloaded the list `jenis`
    (named people; `langsung`: only those placed in the unit itself, `tema`:
    one training need) as `berkas` ("csv" or "xlsx"): one row per file, read
    by riwayat.jelaskan as "Daftar", "Periode" and "Berkas". The count
    tables name nobody and are not recorded."""
    daftar = JENIS[jenis] + (f": {tema}" if tema else "") + (" (langsung di unit)" if langsung else "")
    with database.atomic():
        catat(aktor, unit, AKSI_UNDUH, None,
              {"daftar": daftar, "periode": f"{pilihan.periode.tahun}, {pilihan.info.label}", "berkas": berkas})
