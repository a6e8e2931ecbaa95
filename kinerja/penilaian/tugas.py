"""Tugas saya: what waits on the signed-in person, and its count in the header.

The groups, each item a link: SKP to approve; evaluations to give; low
results still without a coaching plan (the penilai's, "Rencana pembinaan
belum dibuat"); objections to decide; objections to one's own rating still
without the penilai's response; realisasi and self-evaluations to fill;
one's own SKP returned, still a draft or not yet made; and, as information
not counted as a task, pembinaan still running and one's own annual result
open to objection. Only periods that are not closed count (a closed periode
is read-only), and an SKP an admin unlocked in a closed periode, as the
services allow work on it. Evaluations to give are the review queue
(antrean.baris_antrean), objections the keberatan service's.

`hitung_tugas` counts from `ringkas_tugas`: ONE query (a UNION ALL of small
grouped counts) whatever the team's size, as the header runs it
(penilaian.kepala: at most once a minute per person). `daftar_tugas` lists the items in a constant number of queries, with
the same definitions (the tests hold them to each other). The page shows each
group with its count and its first items; a group's own page (?kelompok=) is
paged (?hal=), and the groups about other people are searchable (?q=).
The items and the page are in kinerja.penilaian.tugas_views.
"""
from collections import namedtuple
from dataclasses import dataclass
from functools import reduce
from operator import add
from types import SimpleNamespace

from peewee import SQL, fn

from ..jam import hari_ini
from ..kueri import KueriTetap
from ..models import Pegawai, Periode
from ..rules import PERLU_PEMBINAAN, nomor_berjalan
from ..skp.models import Iki, Rhk, Skp
from .keberatan import kueri_menunggu
from .layanan import daftar_periode
from .models import Evaluasi, Keberatan, Pembinaan, Realisasi

# Group key -> heading, in the order the page shows them.
KELOMPOK = {
    "setujui": "SKP yang perlu Anda setujui",
    "nilai": "Evaluasi yang perlu Anda nilai",
    "rencana": "Rencana pembinaan belum dibuat",
    "keberatan": "Keberatan yang perlu Anda putuskan",
    "tanggapan": "Keberatan atas penilaian Anda: beri tanggapan",
    "isi": "Realisasi dan evaluasi diri yang perlu Anda isi",
    "skp": "SKP Anda",
    "pembinaan": "Pembinaan yang sedang berjalan",
    "hasil": "Hasil tahunan Anda yang masih bisa diajukan keberatan",
}
INFO = ("pembinaan", "hasil")  # shown, but not counted as waiting on the person
# What a search by name narrows.
TENTANG_ORANG_LAIN = ("setujui", "nilai", "rencana", "keberatan", "tanggapan", "pembinaan")
RINGKAS = 10  # items per group on the overview; the rest on the group's own pages

Tugas = namedtuple("Tugas", "judul keterangan url")


# ---------------------------------------------------------------- shared

def lengkapi_periode(p, hari):
    """Give a Periode `terbuka`, `berjalan` (today's nomor or None), `usai`
    (the nomors already over), `label` and `akhir` (nomor -> label, last day)."""
    daftar = daftar_periode(p)
    p.terbuka = p.status != "ditutup"
    p.berjalan = nomor_berjalan(daftar, hari)
    p.usai = [e.nomor for e in daftar if hari > e.akhir]
    p.label = {e.nomor: e.label for e in daftar}
    p.akhir = {e.nomor: e.akhir for e in daftar}
    return p


def _dikerjakan():
    """SKPs of a periode that is not closed, or unlocked by an admin
    (layanan.periode_terbuka), as SQL."""
    terbuka = Periode.select(Periode.id).where(Periode.status != "ditutup")
    return Skp.periode.in_(terbuka) | (Skp.dibuka_admin == True)  # noqa: E712


def _tim(pid):
    """Other people's SKPs that name `pid` as penilai and can still be worked on."""
    return (Skp.penilai == pid) & (Skp.pegawai != pid) & _dikerjakan()


def _milik(pid):
    """My own SKPs that can still be worked on."""
    return (Skp.pegawai == pid) & _dikerjakan()


# ---------------------------------------------------------------- the one counting query

# Row kinds of the counting query.
(PERIODE, TIM_SKP, TIM_EV, SKP_SAYA, EV_SAYA, IKI_SAYA, TERISI_SAYA,
 KEBERATAN, PEMBINAAN, BAWAHAN, RENCANA, TANGGAPAN) = range(12)


def _baris(jenis, a=None, b=None, teks=None, n=None):
    """The common columns of every part of the counting query:
    (jenis, a, b, teks, frekuensi, mulai, selesai, n). Literals, not parameters,
    fill the gaps, so PostgreSQL types each column from the periode rows."""
    nol, kosong, tanpa = SQL("0"), SQL("''"), SQL("NULL")
    return [SQL(str(jenis)), nol if a is None else a, nol if b is None else b, kosong if teks is None else teks,
            kosong, tanpa, tanpa, nol if n is None else n]


def _kueri_ringkas(pegawai):
    """Everything the counts need, as one UNION ALL of small indexed reads."""
    pid = pegawai.id
    tim, milik = _tim(pid), _milik(pid)
    disetujui = milik & (Skp.status == "disetujui")
    terisi = Realisasi.nilai_angka.is_null(False) | (Realisasi.nilai_teks != "")
    bagian = [
        Periode.select(SQL(str(PERIODE)), Periode.id, Periode.tahun, Periode.status, Periode.frekuensi,
                       Periode.mulai, Periode.selesai, SQL("0")),
        Skp.select(*_baris(TIM_SKP, Skp.periode, None, Skp.status, fn.COUNT(Skp.id)))
        .where(tim & Skp.status.in_(("diajukan", "disetujui"))).group_by(Skp.periode, Skp.status),
        Evaluasi.select(*_baris(TIM_EV, Skp.periode, Evaluasi.nomor, Evaluasi.status, fn.COUNT(Evaluasi.id)))
        .join(Skp).where(tim & (Skp.status == "disetujui")).group_by(Skp.periode, Evaluasi.nomor, Evaluasi.status),
        Skp.select(*_baris(SKP_SAYA, Skp.id, Skp.periode, Skp.status)).where(milik),
        Evaluasi.select(*_baris(EV_SAYA, Evaluasi.skp, Evaluasi.nomor, Evaluasi.status)).join(Skp).where(disetujui),
        Iki.select(*_baris(IKI_SAYA, Rhk.skp, None, None, fn.COUNT(Iki.id)))
        .join(Rhk).join(Skp).where(disetujui).group_by(Rhk.skp),
        Realisasi.select(*_baris(TERISI_SAYA, Rhk.skp, Realisasi.nomor, None, fn.COUNT(Realisasi.id)))
        .join(Iki).join(Rhk).join(Skp).where(disetujui & terisi).group_by(Rhk.skp, Realisasi.nomor),
        kueri_menunggu(pegawai).select(*_baris(KEBERATAN, n=fn.COUNT(Keberatan.id))),
        _pembinaan(pid, *_baris(PEMBINAAN, n=fn.COUNT(Pembinaan.id))),
        Pegawai.select(*_baris(BAWAHAN, n=fn.COUNT(Pegawai.id)))
        .where((Pegawai.atasan == pid) & (Pegawai.aktif == True)),  # noqa: E712
        Evaluasi.select(*_baris(RENCANA, n=fn.COUNT(Evaluasi.id))).join(Skp).where(_tanpa_rencana(pid)),
        Keberatan.select(*_baris(TANGGAPAN, n=fn.COUNT(Keberatan.id))).join(Evaluasi).join(Skp)
        .where(_tanpa_tanggapan(pid)),
    ]
    return reduce(add, bagian)  # UNION ALL


@dataclass
class Ringkas:
    """What the counts of one person are made of (see ringkas_tugas)."""
    periode: dict  # {id: Periode with lengkapi_periode's attributes}
    tim_skp: list  # [(periode id, status, n)] of the team's SKPs waiting or approved
    tim_ev: list  # [(periode id, nomor, status, n)] of the team's evaluations
    skp: list  # my SKPs that can be worked on (id, periode, status)
    status: dict  # {(skp id, nomor): status} of my approved SKPs' evaluations
    iki: dict  # {skp id: number of IKI} of my approved SKPs
    terisi: dict  # {(skp id, nomor): IKI with a realisasi value}
    keberatan: int = 0
    pembinaan: int = 0
    bawahan: int = 0  # active direct subordinates (the header's "Tim" link)
    rencana: int = 0  # my team's low results without a coaching plan
    tanggapan: int = 0  # objections to my ratings still without my response


# The header runs this UNION on every page: Peewee took a few milliseconds to
# build it, the database a fraction of one to answer it. Only the person's id
# varies, so its SQL text is built once per engine (kueri.KueriTetap).
KUERI_RINGKAS = KueriTetap(lambda pid: _kueri_ringkas(SimpleNamespace(id=pid)).tuples(), int)


def ringkas_tugas(pegawai):
    """The counts' ingredients for `pegawai`, in one query."""
    hari = hari_ini()
    r = Ringkas({}, [], [], [], {}, {}, {})
    # Plain tuples from the driver: only the periode rows hold dates to convert.
    # Rows, not new records: no column defaults (`dibuat` would read the clock),
    # as Peewee makes the models it reads.
    for jenis, a, b, teks, frekuensi, mulai, selesai, n in KUERI_RINGKAS.mentah(pegawai.id):
        if jenis == PERIODE:
            r.periode[a] = lengkapi_periode(Periode(__no_default__=True, id=a, tahun=b, status=teks,
                                                    frekuensi=frekuensi, mulai=Periode.mulai.python_value(mulai),
                                                    selesai=Periode.selesai.python_value(selesai)), hari)
        elif jenis == TIM_SKP:
            r.tim_skp.append((a, teks, n))
        elif jenis == TIM_EV:
            r.tim_ev.append((a, b, teks, n))
        elif jenis == SKP_SAYA:
            r.skp.append(Skp(__no_default__=True, id=a, periode=b, status=teks))
        elif jenis == EV_SAYA:
            r.status[(a, b)] = teks
        elif jenis == IKI_SAYA:
            r.iki[a] = n
        elif jenis == TERISI_SAYA:
            r.terisi[(a, b)] = n
        else:
            setattr(r, {KEBERATAN: "keberatan", PEMBINAAN: "pembinaan", BAWAHAN: "bawahan",
                        RENCANA: "rencana", TANGGAPAN: "tanggapan"}[jenis], n)
    r.skp.sort(key=lambda s: r.periode[s.periode_id].tahun)
    return r


def _isi_saya(r):
    """[(skp, nomor, kind, detail)] of my own work: 'realisasi' of the running
    period with (belum, jumlah IKI), 'diri' of a period over and not submitted."""
    out = []
    for s in r.skp:
        if s.status != "disetujui":
            continue
        p = r.periode[s.periode_id]
        for nomor in p.usai:
            if r.status.get((s.id, nomor), "terbuka") == "terbuka":
                out.append((s, nomor, "diri", None))
        if p.berjalan and r.status.get((s.id, p.berjalan), "terbuka") == "terbuka":
            jumlah, terisi = r.iki.get(s.id, 0), r.terisi.get((s.id, p.berjalan), 0)
            if jumlah > terisi:
                out.append((s, p.berjalan, "realisasi", (jumlah - terisi, jumlah)))
    return out


def _skp_saya(r):
    """[(periode, skp or None)] of open periods where my SKP is missing or waits on me."""
    punya = {s.periode_id: s for s in r.skp}
    out = []
    for p in sorted(r.periode.values(), key=lambda p: p.tahun):
        s = punya.get(p.id)
        if (s is None and p.terbuka) or (s is not None and s.status in ("draft", "dikembalikan")):
            out.append((p, s))
    return out


# ---------------------------------------------------------------- counts

def hitung_tugas(pegawai, r=None):
    """{group: count, ..., "total": tasks waiting} for `pegawai`, from
    `ringkas_tugas` (one query) whatever the size of the team. An evaluation
    waits on the penilai once submitted, or once its period is over without a
    final rating. "pembinaan" is information, not in the total ("hasil" is
    only listed on the page)."""
    r = r or ringkas_tugas(pegawai)
    n = dict.fromkeys(KELOMPOK, 0)
    for periode_id, status, jumlah in r.tim_skp:
        if status == "diajukan":
            n["setujui"] += jumlah
        else:
            n["nilai"] += jumlah * len(r.periode[periode_id].usai)  # every period over, first
    for periode_id, nomor, status, jumlah in r.tim_ev:
        usai = nomor in r.periode[periode_id].usai
        if usai and status == "dinilai":
            n["nilai"] -= jumlah  # over and final: done
        elif not usai and status == "diajukan":
            n["nilai"] += jumlah  # submitted before its period ended
    n["isi"] = len(_isi_saya(r))
    n["skp"] = len(_skp_saya(r))
    n["keberatan"] = r.keberatan
    n["rencana"] = r.rencana
    n["tanggapan"] = r.tanggapan
    n["pembinaan"] = r.pembinaan
    n["total"] = sum(v for k, v in n.items() if k not in INFO)
    return n


def _pembinaan(pid, *kolom):
    """Running pembinaan plans for me, or made by me for someone else. Both
    sides of the OR name a pembinaan column (my evaluations' ids, the maker),
    so each reads its own index; an OR across the joined tables scanned every
    plan in the city on every page (the header counts them)."""
    milik = Evaluasi.select(Evaluasi.id).join(Skp).where(Skp.pegawai == pid)
    return (Pembinaan.select(*kolom).join(Evaluasi).join(Skp)
            .where((Pembinaan.status == "berjalan")
                   & (Pembinaan.evaluasi.in_(milik) | (Pembinaan.pembuat == pid))))


def _tanpa_rencana(pid):
    """My team's final results that call for pembinaan (Butuh Perbaikan or
    lower) and have no plan yet, in periods that can still be worked on. NOT
    EXISTS reads the plans' index on the evaluation, never every plan."""
    rencana = Pembinaan.select(SQL("1")).where(Pembinaan.evaluasi == Evaluasi.id)
    return (_tim(pid) & (Evaluasi.status == "dinilai") & Evaluasi.predikat.in_(PERLU_PEMBINAAN)
            & ~fn.EXISTS(rencana))


def _tanpa_tanggapan(pid):
    """Objections to my ratings as the SKP's penilai, waiting for the decision
    and without my response. Not limited to open periods: the 14-day window
    bounds an objection, as in penilaian.keberatan."""
    return ((Skp.penilai == pid) & (Skp.pegawai != pid) & (Keberatan.status == "diajukan")
            & (Keberatan.tanggapan_penilai == ""))
