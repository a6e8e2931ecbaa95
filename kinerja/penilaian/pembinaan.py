"""Pembinaan kinerja: the penilai's coaching plan for a low result and its
follow-up notes.

A plan is made for a final evaluation whose predikat is Butuh Perbaikan or
worse (rules.PERLU_PEMBINAAN), by the SKP's pejabat penilai only. A plan is
not rewritten: what changes is written as a note, by the penilai or the
pegawai, until the penilai marks the plan selesai. A closed periode is
read-only. Every change is written to the SKP's history.
"""
import datetime

from peewee import JOIN

from ..db import database
from ..inti import Galat, Terkunci, teks_isian, update_berversi
from ..kueri import KueriTetap
from ..models import Pegawai
from ..riwayat import catat
from ..rules import PERLU_PEMBINAAN, PREDIKAT, RuleError, tanggal
from .layanan import label_periode, pastikan_penilai
from .models import CatatanPembinaan, Pembinaan

JENIS_PEMBINAAN = {"bimbingan": "Bimbingan kinerja", "konseling": "Konseling kinerja"}
STATUS_PEMBINAAN = {"berjalan": "Berjalan", "selesai": "Selesai"}


def pastikan_perlu_pembinaan(ev):
    """A plan is for a final evaluation whose predikat calls for it."""
    if ev.status != "dinilai":
        raise RuleError("Penilaian ini belum final. Rencana pembinaan dibuat setelah predikat ditetapkan.")
    if ev.predikat not in PERLU_PEMBINAAN:
        raise RuleError(f"Predikat {ev.predikat_label or 'ini'} tidak memerlukan pembinaan kinerja; "
                        "pembinaan untuk predikat Butuh Perbaikan, Kurang/Misconduct, atau Sangat Kurang.")


def _tanggal_target(teks, ev, errors):
    teks = (teks or "").strip()
    if not teks:
        errors["target_tanggal"] = "Tanggal target wajib diisi."
        return None
    try:
        nilai = datetime.date.fromisoformat(teks)
    except ValueError:
        errors["target_tanggal"] = ("Tanggal target tidak valid. Tulis dengan format TTTT-BB-HH, "
                                    "misalnya 2027-01-31.")
        return None
    final = ev.final_pada.date()
    if nilai < final:
        errors["target_tanggal"] = (f"Tanggal target tidak boleh sebelum tanggal penilaian final "
                                    f"({tanggal(final)}).")
    return nilai


def buat_pembinaan(aktor, skp, ev, data):
    """The penilai records a plan: jenis, rencana, pelatihan or penugasan, target date."""
    pastikan_penilai(skp, aktor)
    pastikan_perlu_pembinaan(ev)
    errors = {}
    jenis = data.get("jenis")
    if jenis not in JENIS_PEMBINAAN:
        errors["jenis"] = "Pilih bimbingan kinerja atau konseling kinerja."
    rencana = teks_isian(data, "rencana", "Rencana pembinaan", errors, wajib=True)
    pelatihan = teks_isian(data, "pelatihan", "Pelatihan atau penugasan", errors)
    target = _tanggal_target(data.get("target_tanggal"), ev, errors)
    if errors:
        raise Galat(errors)
    with database.atomic():
        pb = Pembinaan.create(evaluasi=ev, jenis=jenis, rencana=rencana, pelatihan=pelatihan,
                              target_tanggal=target, pembuat=aktor.id)
        catat(aktor, skp, f"Rencana pembinaan {label_periode(skp, ev)} dibuat", None,
              {"jenis": JENIS_PEMBINAAN[jenis], "target": tanggal(target),
               "predikat": PREDIKAT.get(ev.predikat)})
    return pb


def tambah_catatan(aktor, skp, pb, data):
    """A follow-up note by the penilai or the pegawai while the plan runs."""
    if aktor.id not in (skp.pegawai_id, skp.penilai_id):
        raise RuleError("Catatan pembinaan ditulis oleh pejabat penilai atau pegawai yang dibina.")
    if pb.status != "berjalan":
        raise Terkunci("Pembinaan ini sudah selesai; catatan tidak bisa ditambah lagi.")
    errors = {}
    teks = teks_isian(data, "teks", "Catatan", errors, wajib=True)
    if errors:
        raise Galat(errors)
    with database.atomic():
        catatan = CatatanPembinaan.create(pembinaan=pb, teks=teks, penulis=aktor.id)
        catat(aktor, skp, "Catatan pembinaan ditambahkan", None, {"pembinaan": pb.id})
    return catatan


def selesaikan(aktor, skp, pb, versi):
    """The penilai marks a plan selesai; it then only reads."""
    pastikan_penilai(skp, aktor)
    if pb.status != "berjalan":
        raise Terkunci("Pembinaan ini sudah ditandai selesai.")
    with database.atomic():
        update_berversi(pb, versi, status="selesai")
        catat(aktor, skp, "Pembinaan selesai", {"status": "berjalan"}, {"status": "selesai"})
    return pb


# The plans of one evaluation and their notes with the authors' names (both
# pages that show a result read them): SQL built once (kueri.KueriTetap).
_PEMBINAAN_EV = KueriTetap(lambda ev_id: Pembinaan.select().where(Pembinaan.evaluasi == ev_id)
                           .order_by(Pembinaan.id), int)
_CATATAN_EV = KueriTetap(lambda ev_id: CatatanPembinaan.select(CatatanPembinaan, Pegawai)
                         .join(Pegawai, JOIN.LEFT_OUTER, on=(CatatanPembinaan.penulis == Pegawai.id), attr="penulis")
                         .switch(CatatanPembinaan).join(Pembinaan).where(Pembinaan.evaluasi == ev_id)
                         .order_by(CatatanPembinaan.dibuat, CatatanPembinaan.id), int)


def daftar_pembinaan(ev):
    """The evaluation's plans, oldest first, each with `.daftar_catatan` (authors
    joined): two queries whatever the number of plans and notes (one when
    there is no plan)."""
    rencana = _PEMBINAAN_EV.semua(ev.id)
    per = {pb.id: pb for pb in rencana}
    for pb in rencana:
        pb.daftar_catatan = []
        pb.jenis_label = JENIS_PEMBINAAN.get(pb.jenis, pb.jenis)
        pb.status_label = STATUS_PEMBINAAN.get(pb.status, pb.status)
    if rencana:
        for c in _CATATAN_EV.semua(ev.id):
            per[c.pembinaan_id].daftar_catatan.append(c)
    return rencana
