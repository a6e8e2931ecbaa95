"""The rating queue: what waits on a pejabat penilai, oldest first (the
queue page and Tugas saya read it). Three queries whatever the team's size;
rows are plain tuples of the columns the queue shows."""
import datetime
from typing import NamedTuple

from flask import url_for

from ..db import KueriTetap
from ..jam import hari_ini
from ..kepegawaian import cocok_pegawai
from ..models import Pegawai, Periode
from ..skp.models import Skp
from .layanan import daftar_periode
from .models import Evaluasi


class Antrean(NamedTuple):
    """One evaluation waiting on the penilai (its row may not exist yet),
    holding only what the queue shows (antrean_penilai sorts them oldest first)."""
    sejak: datetime.datetime
    akhir: datetime.date
    nama: str
    skp_id: int
    nomor: int
    label: str
    jabatan: str
    tahun: int
    ev_id: int | None
    diri_diajukan: bool  # the pegawai submitted the self-evaluation
    ada_draf: bool  # the penilai already saved a draft rating
    sejak_disetujui: bool = False  # waiting since the SKP's approval, later than the period's end

    @property
    def url(self):
        """The rating page: the evaluation's own, or the period's while no row exists."""
        if self.ev_id is not None:
            return url_for("penilaian.nilai", evaluasi_id=self.ev_id)
        return url_for("penilaian.nilai_periode", skp_id=self.skp_id, nomor=self.nomor)


def skp_antrean(aktor_id, q=""):
    """The approved SKPs `aktor` rates that can still be worked on (an open
    periode, or unlocked by an admin), narrowed to a name or NIP by `q`; a
    query without columns (the caller selects what it shows)."""
    kondisi = ((Skp.penilai == aktor_id) & (Skp.pegawai != aktor_id) & (Skp.status == "disetujui")
               & ((Periode.status != "ditutup") | (Skp.dibuka_admin == True)))  # noqa: E712
    if q:
        kondisi &= cocok_pegawai(q)
    return (Skp.select().join(Pegawai, on=(Skp.pegawai == Pegawai.id))
            .switch(Skp).join(Periode).where(kondisi))


TANPA_EVALUASI = (None, None, None, "terbuka", None, None)  # a period with no Evaluasi row yet

# The queue's three reads, their SQL built once (db.KueriTetap; a search builds afresh).
SKP_ANTREAN = KueriTetap(lambda aktor_id, q="": skp_antrean(aktor_id, q).select(
    Skp.id, Skp.periode, Skp.pegawai_jabatan, Pegawai.nama, Skp.disetujui_pada).tuples(), int)
# Every evaluation of the team's SKPs; the submission time only for the
# submitted ones: parsing a timestamp for each of a big team's thousands of
# rated evaluations was a third of the page.
EV_ANTREAN = KueriTetap(lambda aktor_id, q="": Evaluasi.select(
    Evaluasi.id, Evaluasi.skp, Evaluasi.nomor, Evaluasi.status, Evaluasi.rating_hasil, Evaluasi.rating_perilaku)
    .where(Evaluasi.skp.in_(skp_antrean(aktor_id, q).select(Skp.id))).tuples(), int)
DIAJUKAN_ANTREAN = KueriTetap(lambda aktor_id, q="": Evaluasi.select(Evaluasi.id, Evaluasi.diajukan_pada)
                              .where(Evaluasi.skp.in_(skp_antrean(aktor_id, q).select(Skp.id))
                                     & (Evaluasi.status == "diajukan")).tuples(), int)
SEMUA_PERIODE = KueriTetap(lambda: Periode.select(Periode.id, Periode.tahun, Periode.frekuensi,
                                                  Periode.mulai, Periode.selesai))


def _waktu(nilai):
    """A timestamp column read raw by the driver: SQLite gives text, PostgreSQL
    a datetime; read as Peewee reads Skp.disetujui_pada."""
    if nilai is None or isinstance(nilai, datetime.datetime):
        return nilai
    return Skp.disetujui_pada.python_value(nilai)


def antrean_penilai(aktor, q="", periode=None):
    """What waits on `aktor` as pejabat penilai, oldest first, in three queries
    whatever the team's size (four without `periode`, {id: Periode} of every
    year, which Tugas saya has already read): submitted self-evaluations
    (waiting since submission) and periods that are over without a final
    rating. Rows are read as plain tuples of the columns the queue shows;
    `q` keeps the people whose name or NIP matches.

    A period that is over waits from the later of the day after its end and
    the SKP's approval (Skp.disetujui_pada, set by every approval and cleared
    by a reopen; read in the SKP query, so no query is added): an SKP
    approved in November cannot have waited since April. An SKP approved
    before that column existed (None) waits from the day after the period.
    A submitted self-evaluation keeps its submission time (Tugas saya shows
    it as the submission date); it needs an approved SKP, so it is later than
    the approval except across a reopen. The approval time is parsed only
    for the SKPs with an overdue period: a big team's queue reads thousands
    of rows raw."""
    if periode is None:
        periode = {p.id: p for p in SEMUA_PERIODE.semua()}
    daftar_skp = SKP_ANTREAN.mentah(aktor.id, q=q)
    ev = {(baris[1], baris[2]): baris for baris in EV_ANTREAN.mentah(aktor.id, q=q)}
    diajukan = dict(DIAJUKAN_ANTREAN.semua(aktor.id, q=q))
    hari, jadwal, out = hari_ini(), {}, []
    for skp_id, periode_id, jabatan, nama, disetujui_mentah in daftar_skp:
        p = periode[periode_id]
        if periode_id not in jadwal:
            jadwal[periode_id] = daftar_periode(p)
        disetujui = False  # not parsed yet
        for nomor, label, _awal, akhir in jadwal[periode_id]:
            ev_id, _, _, status, hasil, perilaku = ev.get((skp_id, nomor), TANPA_EVALUASI)
            dari_setuju = False
            if status == "diajukan":
                sejak = diajukan[ev_id]
            elif status == "terbuka" and hari > akhir:
                sejak = datetime.datetime.combine(akhir + datetime.timedelta(days=1), datetime.time())
                if disetujui is False:
                    disetujui = _waktu(disetujui_mentah)
                if disetujui is not None and disetujui > sejak:
                    sejak, dari_setuju = disetujui, True
            else:
                continue
            out.append(Antrean(sejak, akhir, nama, skp_id, nomor, label, jabatan, p.tahun, ev_id,
                               status == "diajukan", bool(hasil or perilaku), dari_setuju))
    # Times are stored to the second: a submission in the approval's second came
    # after it (it needs an approved SKP), so on a tie the unsubmitted sorts first.
    out.sort(key=lambda a: (a.sejak, a.diri_diajukan, a))
    return out
