"""Rekap: what a reader sees of the units in their read scope
(lingkup.lingkup_baca) for one periode (year) and one evaluation period:
SKP status, realisasi and evidence, self-evaluations, ratings done and
waiting, predikat against the SE 3/2023 guidance, pembinaan, keberatan and
training needs; per unit of a level (city -> OPD -> unit) and, behind each
number, the list of what it counts (`daftar`). A service without routes:
the lists are in rekap_daftar, the conditions both share in rekap_syarat,
the pages and exports in rekap_views.

Counting costs a constant number of queries whatever the number of
pegawai: the units of the subtree, then one grouped count per topic by the
pegawai's unit (GROUP BY in SQL), added up the tree by the units' paths in
Python (`hitung_rekap`). A list is one COUNT and one page (`daftar`).

Definitions (also in the README, "Rekap"):
- people count in the unit they are placed in now (Pegawai.unit), as on
  the unit's distribution page (penilaian.distribusi);
- the SKP status table counts active pegawai only, so that "pegawai" =
  SKP belum dibuat + draf + diajukan + dikembalikan + disetujui (each
  active pegawai once, by their SKP's status); every other number counts
  the records (an SKP, an evaluation, a plan) of anyone placed there,
  inactive people included ("disetujui_semua": the approved SKPs the
  realisasi and ratings are counted against);
- realisasi: approved SKPs whose every IKI has a value (a number or a
  text) for the period ("lengkap"), or not; evidence: bukti dukung of the
  period's realisasi;
- self-evaluation submitted: the period's evaluation has a submission time;
- waiting to be rated: the rating queue's definition (penilaian.antrean),
  without its per-penilai filter: an
  approved SKP with a penilai other than its owner, in a periode not
  closed (or unlocked by an admin), whose evaluation is submitted, or
  whose period is over without a final rating; longest waiting first;
- predikat: final ratings of the period; the annual one is the evaluation
  marked `akhir` (as penilaian.distribusi counts it), next to the unit's predikat organisasi and the distribution page's
  warnings (rules.periksa_distribusi);
- pembinaan and keberatan: the whole year's (every period); a plan is
  late ("lewat target") while running past its target date;
- training needs: the year's coaching plans whose "pelatihan atau
  penugasan" text is filled, grouped by that text (spaces and case
  ignored, its first TEMA_MAKS characters) and unit, labelled by the
  smallest text as written (MIN);
- the year's trend: the final predikat of each evaluation period of the
  level's people (one grouped query).

Orders by name follow the database's collation (SQLite: binary, PostgreSQL:
the database's locale), so two engines may order accented names apart.
"""
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from peewee import JOIN, Case, fn

from .jam import hari_ini
from .kepegawaian import JABATAN_STRUKTURAL, unit_pimpinan
from .lingkup import PERAN_LINGKUP
from .models import Pegawai, Periode, Unit
from .penilaian.layanan import daftar_periode
from .penilaian.models import Bukti, Evaluasi, Keberatan, Pembinaan, PredikatUnit, Realisasi
from .rekap_syarat import KEBERATAN, di_subpohon, ev_dipilih, ev_periode, lengkap, syarat_menunggu, tema_sql
from .rules import PANDUAN_DISTRIBUSI, PREDIKAT, PREDIKAT_ORGANISASI, STATUS_SKP, periksa_distribusi
from .skp.models import Iki, Rhk, Skp

# ---------------------------------------------------------------- the numbers and their names

STATUS_SKP_URUT = ("draft", "diajukan", "dikembalikan", "disetujui")

# Every number of a unit, by key: the key is also the `jenis` of its list.
ANGKA = {
    "pegawai": "Pegawai aktif",
    "skp_belum": "SKP belum dibuat",
    **{f"skp_{s}": f"SKP {STATUS_SKP[s].lower()}" for s in STATUS_SKP_URUT},
    "disetujui_semua": "SKP disetujui, termasuk pegawai nonaktif",
    "realisasi_lengkap": "Realisasi lengkap",
    "realisasi_belum": "Realisasi belum lengkap",
    "bukti": "Bukti dukung",
    "diri_diajukan": "Evaluasi diri diajukan",
    "dinilai": "Sudah dinilai",
    "menunggu": "Menunggu dinilai",
    **{f"predikat_{k}": v for k, v in PREDIKAT.items()},
    "pembinaan_berjalan": "Pembinaan berjalan",
    "pembinaan_terlambat": "Pembinaan lewat target",
    "pembinaan_selesai": "Pembinaan selesai",
    "keberatan_diajukan": "Keberatan diajukan",
    "keberatan_diputuskan": "Keberatan sudah diputus",
    "keberatan_menunggu": "Keberatan menunggu keputusan",
}
# The lists: every number, and the people who need a given training.
JENIS = {**ANGKA, "pelatihan": "Kebutuhan pelatihan"}


class Tabel(NamedTuple):
    """One table of the rekap: its id, title and columns (key, short header)."""
    kunci: str
    judul: str
    kolom: tuple


def tabel_rekap(label, tahun):
    """The rekap's tables for the evaluation period `label` of year `tahun`."""
    return (
        Tabel("skp", f"Status SKP {tahun}", (
            ("pegawai", "Pegawai"), ("skp_belum", "Belum dibuat"), ("skp_draft", "Draf"),
            ("skp_diajukan", "Diajukan"), ("skp_dikembalikan", "Dikembalikan"), ("skp_disetujui", "Disetujui"))),
        Tabel("kinerja", f"Realisasi dan penilaian {label}", (
            ("disetujui_semua", "SKP disetujui"), ("realisasi_lengkap", "Realisasi lengkap"),
            ("realisasi_belum", "Belum lengkap"), ("bukti", "Bukti dukung"),
            ("diri_diajukan", "Evaluasi diri diajukan"), ("dinilai", "Sudah dinilai"),
            ("menunggu", "Menunggu dinilai"))),
        Tabel("predikat", f"Predikat {label}", tuple((f"predikat_{k}", v) for k, v in PREDIKAT.items())),
        Tabel("tindak", f"Pembinaan dan keberatan {tahun}", (
            ("pembinaan_berjalan", "Pembinaan berjalan"), ("pembinaan_terlambat", "Lewat target"),
            ("pembinaan_selesai", "Selesai"), ("keberatan_diajukan", "Keberatan diajukan"),
            ("keberatan_diputuskan", "Sudah diputus"), ("keberatan_menunggu", "Menunggu keputusan"))),
    )


# ---------------------------------------------------------------- who

def punya_rekap(aktor, kepala=None):
    """Whether `aktor` has a read scope (lingkup.lingkup_baca is not None),
    cheaply, for the header's link: the superadmin, an admin or a pemantau
    with a unit need no query; a structural official may head a unit, with
    or without a team in the app (a head whose staff are not in the app yet
    still reads the unit): `kepala()` answers that when
    given (a remembered answer), else kepegawaian.unit_pimpinan (one query)."""
    if not getattr(aktor, "aktif", False):
        return False
    if aktor.peran == "superadmin" or (aktor.peran in PERAN_LINGKUP and aktor.admin_unit_id):
        return True
    if aktor.jenis_jabatan not in JABATAN_STRUKTURAL:
        return False
    return kepala() if kepala is not None else unit_pimpinan(aktor) is not None


# ---------------------------------------------------------------- the filter

class Pilihan(NamedTuple):
    """What a rekap shows: the periode, the evaluation period (rules.PeriodeEvaluasi),
    every period of the year, and whether the chosen one is the annual one."""
    periode: Periode
    info: object
    daftar: list
    tahunan: bool

    @property
    def usai(self):
        """True once the chosen period has ended."""
        return hari_ini() > self.info.akhir


class NomorSalah(ValueError):
    """An evaluation period that the year does not have (`angka`: the value
    was a whole number, else it was no number at all)."""

    def __init__(self, pesan, angka=True):
        super().__init__(pesan)
        self.angka = angka


def pilih_nomor(periode, nomor=None):
    """The Pilihan for `periode` and `nomor` as given (None: the latest period
    that has ended, else the first; an int, or the URL's text); raises
    NomorSalah, naming the valid range, for anything else."""
    daftar = daftar_periode(periode)
    if nomor is None:
        hari = hari_ini()
        usai = [e for e in daftar if hari > e.akhir]
        info = usai[-1] if usai else daftar[0]
    else:
        try:
            angka = int(nomor)
        except (TypeError, ValueError):
            angka = None
        info = next((e for e in daftar if e.nomor == angka), None)
        if info is None:
            teks = str(nomor)[:20]
            raise NomorSalah(f"Periode evaluasi harus 1 sampai {len(daftar)} (periode {periode.tahun}, "
                             f"{periode.frekuensi_label.lower()}), bukan \u201c{teks}\u201d.", angka is not None)
    return Pilihan(periode, info, daftar, info.nomor == daftar[-1].nomor)


# ---------------------------------------------------------------- sums

def _jumlah(kondisi):
    """SUM of 1 where `kondisi` holds (portable: no boolean sums)."""
    return fn.SUM(Case(None, [(kondisi, 1)], 0))


def persen(n, dari):
    """A share in whole percent, at most 100 (0 of nothing is 0): the page's
    bars and text and the files' share columns."""
    return int(f"{min(100 * n / dari, 100):.0f}") if dari else 0


# ---------------------------------------------------------------- counting

@dataclass
class Baris:
    """One row of a level: a unit's subtree (or only the people placed in the
    unit itself, `langsung`), its numbers, and for the annual period its
    predikat organisasi and the guidance's warnings."""
    unit: Unit
    angka: Counter
    langsung: bool = False
    predikat_unit: str | None = None
    peringatan: list = field(default_factory=list)
    url: str | None = None  # the row's page and its lists' base URL (set by the view)
    url_daftar: str | None = None

    @property
    def distribusi(self):
        return {k: self.angka[f"predikat_{k}"] for k in PREDIKAT}

    def tumpukan(self):
        """The row's predikat as a stacked bar (tumpukan)."""
        return tumpukan(self.distribusi)

    def persen(self, n, dari):
        """The share of number `n` in number `dari` (keys of ANGKA), in whole percent."""
        return persen(self.angka[n], self.angka[dari])


class Tema(NamedTuple):
    """A training need: its key (tema_sql), a text as written, [(row, count)], total."""
    kunci: str
    label: str
    per_baris: list
    jumlah: int


@dataclass
class Rekap:
    """A level of the rekap: the unit shown (None: the city above several
    top units), its rows, its total, and training needs."""
    unit: Unit | None
    pilihan: Pilihan
    baris: list
    total: Baris
    pelatihan: list  # [Tema], most needed first
    leluhur: list  # the units above `unit` inside the scope, top first
    tren: list = field(default_factory=list)  # [Tren], each evaluation period of the year


class Tren(NamedTuple):
    """One evaluation period of the year's trend: the period
    (rules.PeriodeEvaluasi), {predikat: count} of its final ratings, total."""
    info: object
    jumlah: dict
    total: int

    def bagian(self):
        """The period's stacked bar (tumpukan)."""
        return tumpukan(self.jumlah)


def tumpukan(jumlah):
    """[(predikat, count, x, width)] of a stacked bar 100 wide, in the
    predikat's order: whole units rounded on the running total, so the
    parts always fill 100 exactly (a share under half a unit is not drawn:
    the numbers beside the bar say it). Whole numbers keep the page small."""
    total = sum(jumlah.get(k, 0) for k in PREDIKAT)
    out, jalan = [], 0
    for k in PREDIKAT:
        n = jumlah.get(k, 0)
        if n:
            x = round(100 * jalan / total)
            jalan += n
            ujung = round(100 * jalan / total)
            if ujung > x:
                out.append((k, n, x, ujung - x))
    return out


def tren_predikat(path, pilihan):
    """[Tren] of the final predikat of the people placed in the subtree of
    `path`, per evaluation period of the chosen year: one grouped query
    whatever the number of pegawai. The annual period counts the row marked
    `akhir` (as the predikat table and the distribution page)."""
    terakhir = pilihan.daftar[-1].nomor
    q = (Evaluasi.select(Evaluasi.nomor, Evaluasi.akhir, Evaluasi.predikat, fn.COUNT(Evaluasi.id))
         .join(Skp, on=(Evaluasi.skp == Skp.id))
         .where((Skp.periode == pilihan.periode.id) & (Evaluasi.status == "dinilai")))
    if path:  # the whole city needs no join to the people
        q = di_subpohon(q.join(Pegawai, on=(Skp.pegawai == Pegawai.id)), path)
    per = {}
    for nomor, akhir, predikat, n in q.group_by(Evaluasi.nomor, Evaluasi.akhir, Evaluasi.predikat).tuples():
        if predikat not in PREDIKAT or (nomor == terakhir and not akhir):
            continue
        kunci = terakhir if akhir else nomor
        per.setdefault(kunci, Counter())[predikat] += n
    return [Tren(e, dict(per.get(e.nomor, {})), sum(per.get(e.nomor, {}).values())) for e in pilihan.daftar]


def _hitung_per_unit(path, pilihan):
    """{unit id: Counter} of the people placed in each unit of the subtree, and
    {unit id: {tema key: (label, n)}} of training needs: seven grouped queries."""
    pid, nomor = pilihan.periode.id, pilihan.info.nomor
    milik = Skp.pegawai == Pegawai.id
    angka = {}

    def tambah(unit_id, kunci, n):
        if n:
            angka.setdefault(unit_id, Counter())[kunci] += int(n)

    def per_unit(q, *group):
        """`q` narrowed to the subtree, grouped by the pegawai's unit (and `group`)."""
        return di_subpohon(q, path).group_by(Pegawai.unit, *group).tuples()

    def dari_evaluasi(model, *kolom):
        """`model` rows of the periode's evaluations, joined up to the pegawai."""
        return (model.select(Pegawai.unit, *kolom).join(Evaluasi, on=(model.evaluasi == Evaluasi.id))
                .join(Skp, on=(Evaluasi.skp == Skp.id)).join(Pegawai, on=milik).where(Skp.periode == pid))

    # The active pegawai by their SKP's status (none: "belum"), and every
    # approved SKP, inactive owners' too.
    q = (Pegawai.select(Pegawai.unit, Pegawai.aktif, Skp.status, fn.COUNT(Pegawai.id))
         .join(Skp, JOIN.LEFT_OUTER, on=(milik & (Skp.periode == pid))))
    for unit_id, aktif, status, n in per_unit(q, Pegawai.aktif, Skp.status):
        if aktif:
            tambah(unit_id, "pegawai", n)
            tambah(unit_id, "skp_belum" if status is None else f"skp_{status}", n)
        if status == "disetujui":
            tambah(unit_id, "disetujui_semua", n)

    # Approved SKPs whose every IKI has a value for the period.
    q = (Skp.select(Pegawai.unit, fn.COUNT(Skp.id), _jumlah(lengkap(nomor))).join(Pegawai, on=milik)
         .where((Skp.periode == pid) & (Skp.status == "disetujui")))
    for unit_id, n, n_lengkap in per_unit(q):
        tambah(unit_id, "realisasi_lengkap", n_lengkap)
        tambah(unit_id, "realisasi_belum", n - (n_lengkap or 0))

    q = (Bukti.select(Pegawai.unit, fn.COUNT(Bukti.id)).join(Realisasi, on=(Bukti.realisasi == Realisasi.id))
         .join(Iki, on=(Realisasi.iki == Iki.id)).join(Rhk, on=(Iki.rhk == Rhk.id))
         .join(Skp, on=(Rhk.skp == Skp.id)).join(Pegawai, on=milik)
         .where((Skp.periode == pid) & (Realisasi.nomor == nomor)))
    for unit_id, n in per_unit(q):
        tambah(unit_id, "bukti", n)

    q = (Evaluasi.select(Pegawai.unit, Evaluasi.status, Evaluasi.predikat, fn.COUNT(Evaluasi.id),
                         _jumlah(Evaluasi.diajukan_pada.is_null(False)))
         .join(Skp, on=(Evaluasi.skp == Skp.id)).join(Pegawai, on=milik)
         .where((Skp.periode == pid) & ev_dipilih(pilihan)))
    for unit_id, status, predikat, n, diri in per_unit(q, Evaluasi.status, Evaluasi.predikat):
        tambah(unit_id, "diri_diajukan", diri)
        if status == "dinilai":
            tambah(unit_id, "dinilai", n)
            if predikat in PREDIKAT:
                tambah(unit_id, f"predikat_{predikat}", n)

    q = (Skp.select(Pegawai.unit, fn.COUNT(Skp.id)).join(Pegawai, on=milik)
         .switch(Skp).join(Periode, on=(Skp.periode == Periode.id))
         .switch(Skp).join(Evaluasi, JOIN.LEFT_OUTER, on=ev_periode(pilihan))
         .where((Skp.periode == pid) & syarat_menunggu(pilihan)))
    for unit_id, n in per_unit(q):
        tambah(unit_id, "menunggu", n)

    # Pembinaan by status, and by training theme in the same pass.
    pelatihan = {}
    kunci_tema = tema_sql()
    q = dari_evaluasi(Pembinaan, Pembinaan.status, kunci_tema, fn.MIN(fn.TRIM(Pembinaan.pelatihan)),
                      fn.COUNT(Pembinaan.id), _jumlah(Pembinaan.target_tanggal < hari_ini()))
    for unit_id, status, kunci, label, n, lewat in per_unit(q, Pembinaan.status, kunci_tema):
        tambah(unit_id, f"pembinaan_{status}", n)
        if status == "berjalan":
            tambah(unit_id, "pembinaan_terlambat", lewat)
        if kunci:
            label_lama, lama = pelatihan.setdefault(unit_id, {}).get(kunci, (label, 0))
            pelatihan[unit_id][kunci] = (min(label, label_lama), lama + n)

    q = dari_evaluasi(Keberatan, fn.COUNT(Keberatan.id), *(_jumlah(k) for k in KEBERATAN.values()))
    for unit_id, n, *per_status in per_unit(q):
        tambah(unit_id, "keberatan_diajukan", n)
        for kunci, m in zip(KEBERATAN, per_status):
            tambah(unit_id, kunci, m)

    return angka, pelatihan


def _id_jalur(path):
    return [int(x) for x in path.strip("/").split("/") if x]


def hitung_rekap(awalan, unit, pilihan):
    """The Rekap of `unit` (None: the top of the scope `awalan`, e.g. the
    city) for `pilihan`. The caller has checked that `unit` is in scope.
    Nine to eleven queries whatever the number of pegawai and units: the
    units, seven grouped counts, the year's predikat trend, the units above
    it (below the scope's top) and the units' predikat organisasi (the
    annual period)."""
    path = unit.path if unit is not None else awalan
    q = Unit.select(Unit.id, Unit.nama, Unit.kode, Unit.jenis, Unit.parent, Unit.path, Unit.aktif)
    if path:
        q = q.where(Unit.dalam_subpohon(path))
    semua = {u.id: u for u in q.order_by(Unit.path)}
    if unit is None:  # the scope's top: one unit (shown as itself) or the city's roots
        puncak = [u for u in semua.values() if u.path == awalan] if awalan else \
            [u for u in semua.values() if u.parent_id is None]
        if len(puncak) == 1:
            unit = puncak[0]
    sendiri, pelatihan_unit = _hitung_per_unit(path, pilihan)
    subpohon = {i: Counter() for i in semua}
    for unit_id, angka in sendiri.items():
        for leluhur in _id_jalur(semua[unit_id].path if unit_id in semua else ""):
            if leluhur in subpohon:
                subpohon[leluhur].update(angka)
    organisasi = {}
    if pilihan.tahunan:
        pu = PredikatUnit.select(PredikatUnit.unit, PredikatUnit.predikat) \
            .where(PredikatUnit.periode == pilihan.periode.id)
        if path:
            pu = pu.where(PredikatUnit.unit.in_(list(semua)))
        organisasi = dict(pu.tuples())

    def baris(u, angka, langsung=False):
        b = Baris(u, angka, langsung)
        if pilihan.tahunan and not langsung and u is not None:
            b.predikat_unit = organisasi.get(u.id)
            if b.predikat_unit:
                b.peringatan = periksa_distribusi(b.predikat_unit, b.distribusi)
        return b

    if unit is None:
        anak = [u for u in semua.values() if u.parent_id is None]
        total = Baris(None, sum((subpohon[u.id] for u in anak), Counter()))
    else:
        anak = [u for u in semua.values() if u.parent_id == unit.id]
        total = baris(unit, subpohon[unit.id])
    anak.sort(key=lambda u: u.nama.casefold())
    rows = [baris(u, subpohon[u.id]) for u in anak if u.aktif or +subpohon[u.id]]
    if unit is not None and +sendiri.get(unit.id, Counter()):
        rows.insert(0, baris(unit, sendiri[unit.id], langsung=True))

    # Training needs per row of this level: a unit's plans count in the row
    # whose subtree holds it, the level's own people in its "langsung" row.
    per_tema = {}
    for unit_id, tema_unit in pelatihan_unit.items():
        jalur = set(_id_jalur(semua[unit_id].path)) if unit_id in semua else set()
        i = next((i for i, r in enumerate(rows) if not r.langsung and r.unit.id in jalur), None)
        if i is None:
            i = next((i for i, r in enumerate(rows) if r.langsung), None)
        if i is None:
            continue
        for kunci, (label, n) in tema_unit.items():
            label_lama, per = per_tema.get(kunci, (label, Counter()))
            per_tema[kunci] = (min(label, label_lama), per)
            per[i] += n
    pelatihan = sorted((Tema(kunci, label, [(rows[i], n) for i, n in sorted(per.items(), key=lambda x: -x[1])],
                             sum(per.values())) for kunci, (label, per) in per_tema.items()),
                       key=lambda t: (-t.jumlah, t.label.casefold()))
    leluhur = leluhur_dalam(awalan, unit) if unit is not None else []
    return Rekap(unit, pilihan, rows, total, pelatihan, leluhur, tren_predikat(path, pilihan))


def leluhur_dalam(awalan, unit):
    """The units above `unit` inside the scope `awalan`, top first (breadcrumbs);
    one query, none at the scope's top."""
    ids = _id_jalur(unit.path)[:-1]
    if not ids or unit.path == awalan:
        return []
    return [u for u in Unit.select(Unit.id, Unit.nama, Unit.path).where(Unit.id.in_(ids)).order_by(Unit.path)
            if u.path.startswith(awalan)]


def panduan():
    """The guidance table: [(code, organisation predikat, guidance text)]."""
    return [(k, PREDIKAT_ORGANISASI[k], teks) for k, teks in PANDUAN_DISTRIBUSI.items()]
