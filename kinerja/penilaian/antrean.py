"""The rating queue: what waits on a pejabat penilai, oldest first (the
queue page and Tugas saya read it). Three queries whatever the team's size;
rows are plain tuples of the columns the queue shows, made an Antrean only
for the rows a page shows."""
import datetime
from typing import NamedTuple

from peewee import SQL, Expression, fn

from ..jam import hari_ini
from ..kepegawaian import cocok_pegawai
from ..kueri import KueriId, KueriTetap
from ..models import Pegawai, Periode
from ..skp.models import Skp
from ..web import url_baris
from .layanan import daftar_periode
from .models import Evaluasi


class Antrean(NamedTuple):
    """One evaluation waiting on the penilai (its row may not exist yet),
    holding only what the queue shows. The fields' order is the queue's
    order (baris_antrean sorts the plain rows)."""
    sejak: datetime.datetime
    diri_diajukan: bool  # the pegawai submitted the self-evaluation
    akhir: datetime.date
    nama: str
    skp_id: int
    nomor: int
    label: str
    jabatan: str
    tahun: int
    ev_id: int | None
    sejak_disetujui: bool = False  # waiting since the SKP's approval, later than the period's end
    ada_draf: bool = False  # the penilai already saved a draft rating (tandai_draf, on a page's rows)

    @property
    def url(self):
        """The rating page: the evaluation's own, or the period's while no row exists."""
        if self.ev_id is not None:
            return url_baris("penilaian.nilai", "evaluasi_id")(self.ev_id)
        return url_baris("penilaian.nilai_periode", "skp_id", nomor=self.nomor)(self.skp_id)


def dapat_dinilai():
    """Condition on Skp joined to its Periode: an approved SKP with a penilai
    other than its owner that can still be rated (an open periode, or
    unlocked by an admin). The queue's SKPs, whoever rates them: the queue
    adds its penilai, the rekap counts them per unit."""
    return ((Skp.status == "disetujui") & (Skp.penilai != Skp.pegawai)
            & ((Periode.status != "ditutup") | (Skp.dibuka_admin == True)))  # noqa: E712


def skp_antrean(aktor_id, q=""):
    """The approved SKPs `aktor` rates that can still be worked on
    (dapat_dinilai), narrowed to a name or NIP by `q`; a query without
    columns (the caller selects what it shows)."""
    kondisi = (Skp.penilai == aktor_id) & dapat_dinilai()
    if q:
        kondisi &= cocok_pegawai(q)
    return (Skp.select().join(Pegawai, on=(Skp.pegawai == Pegawai.id))
            .switch(Skp).join(Periode).where(kondisi))


# Per SKP, the nomors whose evaluation is no longer open (submitted or rated)
# as one integer, bit nomor-1 set: a period over with its bit clear waits
# as overdue. A big team's thousands of evaluations are read from the
# (skp, status, nomor, predikat) index inside the SKP query (migration 0009)
# and come back as one number per SKP; nomors run 1-12 (monthly periods).
SUDAH_JALAN = fn.SUM(Expression(SQL("1"), "<<", Evaluasi.nomor - 1))


def _sudah_jalan():
    return (Evaluasi.select(SUDAH_JALAN)
            .where((Evaluasi.skp == Skp.id) & (Evaluasi.status != "terbuka")))


# The queue's reads, their SQL built once (kueri.KueriTetap; a search builds afresh).
SKP_ANTREAN = KueriTetap(lambda aktor_id, q="": skp_antrean(aktor_id, q).select(
    Skp.id, Skp.periode, Skp.pegawai_jabatan, Pegawai.nama, Skp.disetujui_pada, _sudah_jalan()).tuples(), int)
# The open evaluations of the team's SKPs (an overdue period's rating page is
# the evaluation's own once its row exists).
TERBUKA_ANTREAN = KueriTetap(lambda aktor_id, q="": Evaluasi.select(Evaluasi.skp, Evaluasi.nomor, Evaluasi.id)
                             .where(Evaluasi.skp.in_(skp_antrean(aktor_id, q).select(Skp.id))
                                    & (Evaluasi.status == "terbuka")).tuples(), int)
# The submitted ones with their submission time.
DIAJUKAN_ANTREAN = KueriTetap(lambda aktor_id, q="": Evaluasi.select(
    Evaluasi.skp, Evaluasi.nomor, Evaluasi.id, Evaluasi.diajukan_pada)
    .where(Evaluasi.skp.in_(skp_antrean(aktor_id, q).select(Skp.id)) & (Evaluasi.status == "diajukan"))
    .tuples(), int)
SEMUA_PERIODE = KueriTetap(lambda: Periode.select(Periode.id, Periode.tahun, Periode.frekuensi,
                                                  Periode.mulai, Periode.selesai))


def baca_waktu(nilai):
    """A timestamp column read raw by the driver: SQLite gives text (as
    Peewee stored it, "YYYY-MM-DD HH:MM:SS[.ffffff]", which fromisoformat
    reads in C), PostgreSQL a datetime; anything else as Peewee reads it."""
    if nilai is None or isinstance(nilai, datetime.datetime):
        return nilai
    try:
        return datetime.datetime.fromisoformat(nilai)
    except (TypeError, ValueError):
        return Skp.disetujui_pada.python_value(nilai)


def baris_antrean(aktor, q="", periode=None):
    """What waits on `aktor` as pejabat penilai, oldest first, as light rows
    (`Antrean(*row)` makes one an Antrean; a page makes only the rows it
    shows), in three queries whatever the team's size (four without
    `periode`, {id: Periode} of every year, which Tugas saya has already
    read): submitted self-evaluations (waiting since submission) and periods
    that are over without a final rating. `q` keeps the people whose name or
    NIP matches.

    A period that is over waits from the later of the day after its end and
    the SKP's approval (Skp.disetujui_pada, set by every approval and cleared
    by a reopen; read in the SKP query, so no query is added): an SKP
    approved in November cannot have waited since April. An SKP approved
    before that column existed (None) waits from the day after the period.
    A submitted self-evaluation keeps its submission time (Tugas saya shows
    it as the submission date); it needs an approved SKP, so it is later than
    the approval except across a reopen. The approval time is parsed only
    for the SKPs with an overdue period; the rated and submitted nomors come
    as one number per SKP (SUDAH_JALAN), the open rows alone: a big team's
    queue no longer reads every evaluation."""
    if periode is None:
        periode = {p.id: p for p in SEMUA_PERIODE.semua()}
    terbuka = {(skp_id, nomor): ev_id for skp_id, nomor, ev_id in TERBUKA_ANTREAN.mentah(aktor.id, q=q)}
    diajukan = {}
    for skp_id, nomor, ev_id, waktu in DIAJUKAN_ANTREAN.mentah(aktor.id, q=q):
        diajukan.setdefault(skp_id, []).append((nomor, ev_id, baca_waktu(waktu)))
    hari, jadwal, out = hari_ini(), {}, []
    for skp_id, periode_id, jabatan, nama, disetujui_mentah, jalan in SKP_ANTREAN.mentah(aktor.id, q=q):
        if periode_id not in jadwal:
            p = periode[periode_id]
            jadwal[periode_id] = (p.tahun, {e.nomor: e for e in daftar_periode(p)}, [
                (e, datetime.datetime.combine(e.akhir + datetime.timedelta(days=1), datetime.time()))
                for e in daftar_periode(p) if hari > e.akhir])
        tahun, per_nomor, usai = jadwal[periode_id]
        for nomor, ev_id, sejak in diajukan.get(skp_id, ()):
            e = per_nomor.get(nomor)
            if e is not None:
                out.append((sejak, True, e.akhir, nama, skp_id, nomor, e.label, jabatan, tahun, ev_id, False))
        disetujui = False  # not parsed yet
        jalan = jalan or 0
        for e, sejak in usai:
            if jalan >> (e.nomor - 1) & 1:
                continue  # submitted (above) or rated
            ev_id = terbuka.get((skp_id, e.nomor))  # None: no row yet
            dari_setuju = False
            if disetujui is False:
                disetujui = baca_waktu(disetujui_mentah)
            if disetujui is not None and disetujui > sejak:
                sejak, dari_setuju = disetujui, True
            out.append((sejak, False, e.akhir, nama, skp_id, e.nomor, e.label, jabatan, tahun, ev_id, dari_setuju))
    # Times are stored to the second: a submission in the approval's second came
    # after it (it needs an approved SKP), so on a tie the unsubmitted sorts
    # first; then by the period's end, name, SKP and period (a row's order).
    out.sort()
    return out


_RATING_DRAF = KueriId(lambda ids: Evaluasi.select(Evaluasi.id, Evaluasi.rating_hasil, Evaluasi.rating_perilaku)
                       .where(Evaluasi.id.in_(ids)).tuples())


def tandai_draf(antrean):
    """The rows of one page with `ada_draf`: whether the penilai already saved
    a draft rating (one query on the page's evaluation ids, run even when
    none has a row yet: the page's query count never depends on its rows)."""
    ids = [a.ev_id for a in antrean if a.ev_id is not None]
    draf = {i for i, hasil, perilaku in _RATING_DRAF.semua(ids) if hasil or perilaku}
    return [a._replace(ada_draf=a.ev_id in draf) for a in antrean]
