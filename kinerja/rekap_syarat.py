"""The SQL conditions the rekap's counts (kinerja.rekap) and the lists
behind them (kinerja.rekap_daftar) share: where people are placed, when an
SKP's realisasi is complete, what waits to be rated, the chosen period's
evaluation, decided and waiting objections, a training need's theme. One
definition each, so a list always holds what its number counts."""
from peewee import JOIN, SQL, fn

from .models import Pegawai, Unit
from .penilaian.antrean import dapat_dinilai
from .penilaian.models import Evaluasi, Keberatan, Pembinaan, Realisasi
from .skp.models import Iki, Rhk, Skp


def di_subpohon(q, path, unit_id=None):
    """`q` (joined to Pegawai) narrowed to the pegawai placed in the subtree of
    `path` ('' = the whole city), or only in unit `unit_id` when given."""
    if unit_id is not None:
        return q.where(Pegawai.unit == unit_id)
    if path:
        return q.where(Pegawai.unit.in_(Unit.select(Unit.id).where(Unit.dalam_subpohon(path))))
    return q


TERISI = Realisasi.nilai_angka.is_null(False) | (Realisasi.nilai_teks != "")


def n_iki():
    """Correlated: the IKI of the outer query's SKP."""
    return Iki.select(fn.COUNT(Iki.id)).join(Rhk, on=(Iki.rhk == Rhk.id)).where(Rhk.skp == Skp.id)


def n_isi(nomor):
    """Correlated: the outer SKP's IKI with a value for period `nomor`."""
    return (Realisasi.select(fn.COUNT(Realisasi.id)).join(Iki, on=(Realisasi.iki == Iki.id))
            .join(Rhk, on=(Iki.rhk == Rhk.id)).where((Rhk.skp == Skp.id) & (Realisasi.nomor == nomor) & TERISI))


def lengkap(nomor):
    """Condition on an SKP: it has IKI and every one has a value for `nomor`
    (NOT EXISTS stops at the first IKI left empty)."""
    ada = Iki.select(SQL("1")).join(Rhk, on=(Iki.rhk == Rhk.id)).where(Rhk.skp == Skp.id)
    kosong = (Iki.select(SQL("1")).join(Rhk, on=(Iki.rhk == Rhk.id))
              .join(Realisasi, JOIN.LEFT_OUTER, on=((Realisasi.iki == Iki.id) & (Realisasi.nomor == nomor)))
              .where((Rhk.skp == Skp.id) & (Realisasi.id.is_null() | ~TERISI)))
    return fn.EXISTS(ada) & ~fn.EXISTS(kosong)


def syarat_menunggu(pilihan):
    """Condition (on Skp joined to its Periode, LEFT JOIN the period's
    Evaluasi): waiting to be rated, as penilaian.antrean defines it: an SKP
    its queue holds (antrean.dapat_dinilai) whose self-evaluation is
    submitted, or, once the period is over, that has no final rating."""
    if pilihan.usai:
        return dapat_dinilai() & (Evaluasi.status.is_null() | (Evaluasi.status != "dinilai"))
    return dapat_dinilai() & (Evaluasi.status == "diajukan")


def ev_dipilih(pilihan):
    """Condition on Evaluasi: the chosen period's; the annual one is the row
    marked `akhir`, as the distribution page counts it (penilaian.distribusi)."""
    if pilihan.tahunan:
        return Evaluasi.akhir == True  # noqa: E712
    return Evaluasi.nomor == pilihan.info.nomor


def ev_periode(pilihan):
    """Join condition: the outer SKP's evaluation of the chosen period."""
    return (Evaluasi.skp == Skp.id) & ev_dipilih(pilihan)


# A keberatan is decided or waits for the decision: one condition each, for
# the counts and for their lists.
KEBERATAN = {"keberatan_diputuskan": Keberatan.status == "diputuskan",
             "keberatan_menunggu": Keberatan.status != "diputuskan"}


TEMA_MAKS = 80  # characters of a training theme's key: links stay short, themes rarely share them


def tema_sql():
    """SQL: a training theme's key, the first TEMA_MAKS characters of the
    plan's text trimmed and in lower case: the counts group by it and the
    lists narrow by it (the URL's ?tema= is cut to TEMA_MAKS the same way),
    so a link always finds its plans."""
    # The bounds are literals, not parameters: PostgreSQL must see the same
    # expression in SELECT and GROUP BY.
    return fn.SUBSTR(fn.LOWER(fn.TRIM(Pembinaan.pelatihan)), SQL("1"), SQL(str(TEMA_MAKS)))
