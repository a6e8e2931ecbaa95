"""The superior's team in a periode and what the team pages read.

"Team" in a periode: one's active direct subordinates plus anyone whose SKP
of that periode names one as pejabat penilai (people move during a year).
The status page and the matrix show the whole team's counts and the people a
page at a time (?hal=), searchable by name or NIP (?q=): a team of 500 costs
the same queries as a team of 5, and each list reads only what it shows.
The pages are in skp.tim_views.
"""
from peewee import JOIN, Case, fn

from ..kepegawaian import cocok_pegawai
from ..kueri import KueriId, KueriTetap, kueri_tetap
from ..models import Pegawai
from ..rules import STATUS_SKP
from ..web import halaman
from .models import Rhk, Skp


# ---------------------------------------------------------------- queries



def kondisi_tim(aktor_id, periode_id):
    """SQL: the people of the aktor's team in a periode (see the module docstring)."""
    lain = Skp.alias()
    dinilai = lain.select(lain.pegawai).where((lain.penilai == aktor_id) & (lain.periode == periode_id))
    langsung = (Pegawai.atasan == aktor_id) & (Pegawai.aktif == True)  # noqa: E712
    return (langsung | Pegawai.id.in_(dinilai)) & (Pegawai.id != aktor_id)


def kueri_tim(aktor_id, periode_id, *kolom):
    """The team, each with its SKP of the periode (or None) at `.skp_periode`,
    reading only `kolom`; the caller filters, orders and pages it."""
    return (Pegawai.select(*kolom)
            .join(Skp, JOIN.LEFT_OUTER, attr="skp_periode",
                  on=((Skp.pegawai == Pegawai.id) & (Skp.periode == periode_id)))
            .where(kondisi_tim(aktor_id, periode_id)))


def anggota_tim(aktor, periode, langsung_saja=False):
    """The whole team by name, each with its SKP of the periode (or None) at
    `.skp_periode` (the forms that choose people from it).

    `langsung_saja` keeps only active direct subordinates (who may be given an RHK).
    """
    kueri = kueri_tim(aktor.id, periode.id, Pegawai, Skp)
    if langsung_saja:
        kueri = kueri.where((Pegawai.atasan == aktor.id) & (Pegawai.aktif == True))  # noqa: E712
    return list(kueri.order_by(Pegawai.nama, Pegawai.id))


# ?status= on the team page: a summary group, and the SQL that keeps it.
STATUS_TIM = {
    "diajukan": ("diajukan", Skp.status == "diajukan"),
    "disetujui": ("disetujui", Skp.status == "disetujui"),
    "draf": ("draf atau dikembalikan", Skp.status.in_(("draft", "dikembalikan"))),
    "belum": ("belum membuat SKP", Skp.id.is_null()),
}


_STATUS_TIM = KueriTetap(lambda aktor_id, periode_id: kueri_tim(aktor_id, periode_id, Skp.status, fn.COUNT(
    Pegawai.id)).group_by(Skp.status).tuples(), int, int)


def hitung_status_tim(aktor, periode):
    """{group: count} of the whole team's SKP status (one grouped query), with
    "semua" (the team's size; 0: no team)."""
    hitung = dict.fromkeys(STATUS_TIM, 0)
    for status, n in _STATUS_TIM.semua(aktor.id, periode.id):
        hitung["belum" if status is None else status if status in hitung else "draf"] += n
    hitung["semua"] = sum(hitung.values())
    return hitung


def saring_tim(kueri, q, status=None):
    """The team query narrowed to a name or NIP (`q`) and to a status group."""
    if q:
        kueri = kueri.where(cocok_pegawai(q))
    if status in STATUS_TIM:
        kueri = kueri.where(STATUS_TIM[status][1])
    return kueri


class SkpTim:
    """A team member's SKP of the periode as a team list shows it."""
    __slots__ = ("id", "status", "penilai_id", "penilai_jabatan")

    def __init__(self, id, status, penilai_id=None, penilai_jabatan=""):
        self.id, self.status, self.penilai_id, self.penilai_jabatan = id, status, penilai_id, penilai_jabatan

    @property
    def status_label(self):
        return STATUS_SKP.get(self.status, self.status)


class AnggotaTim:
    """A team member as a team list shows them: plain rows made objects only
    for the page's 25 people (Peewee's model rows with their joined SKP were
    a tenth of the Tim page of a big team). `skp_periode` is a SkpTim or None."""
    __slots__ = ("id", "nama", "jabatan", "atasan_id", "skp_periode", "jumlah_rhk", "perlu_ditinjau")

    def __init__(self, id, nama, jabatan, atasan_id, skp_periode):
        self.id, self.nama, self.jabatan, self.atasan_id, self.skp_periode = id, nama, jabatan, atasan_id, skp_periode


@kueri_tetap(int, int)
def _daftar_tim(aktor_id, periode_id, q="", status=None):
    """The team for /tim: only the columns shown, those waiting for the aktor's
    review first, then by name."""
    perlu = Case(None, [((Skp.status == "diajukan") & (Skp.penilai == aktor_id), 0)], 1)
    kueri = saring_tim(kueri_tim(aktor_id, periode_id, Pegawai.id, Pegawai.nama, Pegawai.jabatan, Pegawai.atasan,
                                 Skp.id, Skp.status, Skp.penilai, Skp.penilai_jabatan), q, status)
    return kueri.order_by(perlu, Pegawai.nama, Pegawai.id).tuples()


# The RHK count of each SKP of one page of the team (stored SQL, kueri.KueriId).
_JUMLAH_RHK = KueriId(lambda skp_ids: Rhk.select(Rhk.skp, fn.COUNT(Rhk.id)).where(Rhk.skp.in_(skp_ids))
                      .group_by(Rhk.skp).tuples())


def halaman_tim(aktor, periode, q, status=None, hitung=None):
    """One page of the team for /tim, each with `jumlah_rhk` and
    `perlu_ditinjau` (two queries and a count, whatever the team's size;
    no count when `hitung`, hitung_status_tim's, already has it: the whole
    team, nothing searched or filtered)."""
    daftar = _daftar_tim.daftar(aktor.id, periode.id, q=q, status=status)
    if hitung is not None and not q and status is None:
        daftar.dengan_jumlah(hitung["semua"])
    pg = halaman(daftar, {"periode": periode.tahun, "q": q, "status": status})
    pg.items = [AnggotaTim(pid, nama, jabatan, atasan_id, None if skp_id is None else
                           SkpTim(skp_id, status_skp, penilai_id, penilai_jabatan))
                for pid, nama, jabatan, atasan_id, skp_id, status_skp, penilai_id, penilai_jabatan in pg.items]
    skp_ids = [a.skp_periode.id for a in pg.items if a.skp_periode]
    jumlah = dict(_JUMLAH_RHK.semua(skp_ids))
    for a in pg.items:
        s = a.skp_periode
        a.jumlah_rhk = jumlah.get(s.id, 0) if s else 0
        a.perlu_ditinjau = s is not None and s.status == "diajukan" and s.penilai_id == aktor.id
    return pg


PANJANG_URAIAN = 160  # characters of an RHK's uraian a team list shows


def _uraian_pendek():
    """An RHK's uraian cut in SQL (a list never reads a 2,000-character text whole)."""
    return fn.SUBSTR(Rhk.uraian, 1, PANJANG_URAIAN + 1).alias("uraian")


def _rhk_milik(skp_id):
    """SQL: the ids of one SKP's RHK (mine, in the matrix)."""
    return Rhk.select(Rhk.id).where(Rhk.skp == skp_id)


# The matrix's team-wide counts: RHK intervening each of my RHK, and the
# team's RHK linked to none of mine (an SKP id of 0: I have none), their SQL
# built once (kueri.KueriTetap).
_JUMLAH_INTERVENSI = KueriTetap(lambda skp_id: Rhk.select(Rhk.rhk_atasan, fn.COUNT(Rhk.id))
                                .where(Rhk.rhk_atasan.in_(_rhk_milik(skp_id))).group_by(Rhk.rhk_atasan).tuples(),
                                int)
_TIDAK_TERTAUT = KueriTetap(lambda aktor_id, periode_id, skp_id: (
    Rhk.select(fn.COUNT(Rhk.id)).join(Skp).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
    .where((Skp.periode == periode_id) & kondisi_tim(aktor_id, periode_id)
           & (Rhk.rhk_atasan.is_null() | Rhk.rhk_atasan.not_in(_rhk_milik(skp_id))))), int, int, int)


# The RHK of the SKPs of one page of the matrix (stored SQL, kueri.KueriId),
# as plain rows: a page of a big team lists about a hundred.
_RHK_ANGGOTA = KueriId(lambda skp_ids: Rhk.select(Rhk.id, Rhk.skp, Rhk.rhk_atasan, Rhk.jenis, Rhk.urutan,
                                                   _uraian_pendek()).where(Rhk.skp.in_(skp_ids)).tuples())


class RhkAnggota:
    """One RHK of a team member in the matrix: what the page shows of it and
    `anggota`, its person (a row of anggota_kaskade)."""
    __slots__ = ("id", "skp_id", "rhk_atasan_id", "uraian", "anggota")

    def __init__(self, id, skp_id, rhk_atasan_id, uraian, anggota):
        self.id, self.skp_id, self.rhk_atasan_id, self.uraian, self.anggota = (
            id, skp_id, rhk_atasan_id, uraian, anggota)


def matriks_kaskade(aktor, periode, rhk_saya, anggota):
    """The cascade for my RHK and the people of one page, in three queries:
    on each of my RHK, `.jumlah` (RHK intervening it, team-wide) and
    `.kontribusi` (those of `anggota`); returns (RHK of `anggota` that
    intervene nothing, those that intervene someone else's RHK, the team's
    RHK not linked to mine). Each listed RHK has `.anggota` (its person)."""
    milik_saya = {r.id: r for r in rhk_saya}
    skp_saya = rhk_saya[0].skp_id if rhk_saya else 0
    jumlah = dict(_JUMLAH_INTERVENSI.semua(skp_saya))
    for r in rhk_saya:
        r.kontribusi, r.jumlah = [], jumlah.get(r.id, 0)
    tidak_tertaut = _TIDAK_TERTAUT.nilai(aktor.id, periode.id, skp_saya)
    per_skp = {a.skp_periode.id: a for a in anggota if a.skp_periode}
    urutan = {skp_id: i for i, skp_id in enumerate(per_skp)}
    lepas, lain = [], []
    # (id, skp, rhk_atasan, jenis, urutan, uraian): by person, utama first, then their order.
    for rhk_id, skp_id, atasan_id, _jenis, _urutan, uraian in sorted(
            _RHK_ANGGOTA.semua(per_skp), key=lambda x: (urutan[x[1]], x[3] != "utama", x[4], x[0])):
        if len(uraian) > PANJANG_URAIAN:
            uraian = uraian[:PANJANG_URAIAN].rstrip() + "\u2026"
        r = RhkAnggota(rhk_id, skp_id, atasan_id, uraian, per_skp[skp_id])
        if r.rhk_atasan_id in milik_saya:
            milik_saya[r.rhk_atasan_id].kontribusi.append(r)
        else:
            (lepas if r.rhk_atasan_id is None else lain).append(r)
    return lepas, lain, tidak_tertaut


@kueri_tetap(int, int)
def _anggota_kaskade(aktor_id, periode_id, q=""):
    return saring_tim(kueri_tim(aktor_id, periode_id, Pegawai.id, Pegawai.nama, Pegawai.jabatan,
                                Skp.id, Skp.status), q).order_by(Pegawai.nama, Pegawai.id).tuples()


def halaman_kaskade(aktor, periode, q, hitung):
    """One page of the team by name for the kaskade, each an AnggotaTim with
    its SKP of the periode (the count is hitung_status_tim's for the whole
    team, nothing searched)."""
    daftar = _anggota_kaskade.daftar(aktor.id, periode.id, q=q)
    if not q:
        daftar.dengan_jumlah(hitung["semua"])
    pg = halaman(daftar, {"periode": periode.tahun, "q": q})
    pg.items = [AnggotaTim(pid, nama, jabatan, None, None if skp_id is None else SkpTim(skp_id, status_skp))
                for pid, nama, jabatan, skp_id, status_skp in pg.items]
    return pg
