"""The periode (the SKP year): which one a page shows, and its state changes
(create, edit, move status).

Periods are city-wide, so only the superadmin (BKPSDM) changes them; OPD
admins and everyone else read them. Two years are live every December and
January (one evaluated, the next planned): `periode_bawaan` picks the one a
page opens on, `pilih_periode` reads the person's choice from the URL.
"""
import datetime

from flask import abort, request

from .db import database
from .forms import bulat
from .inti import update_berversi
from .jam import hari_ini
from .kueri import KueriTetap
from .models import Periode
from .riwayat import catat
from .rules import RuleError, periksa_tanggal_periode, periksa_transisi_periode

# ---------------------------------------------------------------- which year a page shows

# What a page is for decides which year it opens on (see periode_bawaan).
TUGAS_PENILAIAN, TUGAS_PERENCANAAN = "penilaian", "perencanaan"


# After a year ends its annual ratings and objections run into the next one
# (and the next periode is often already "berjalan" on 2 January): for this
# long after its end a year not yet closed is still the one being evaluated.
JENDELA_PENILAIAN_TAHUNAN = datetime.timedelta(days=90)


def periode_dinilai(semua, hari):
    """The periode whose realisasi, ratings and reviews are under way, or None.

    Among the periodes that are "berjalan" or "penilaian" and have started,
    the newest; but a year before it that ended less than
    JENDELA_PENILAIAN_TAHUNAN ago and is not closed wins (in January 2027,
    2026 is being rated even when 2027 is already "berjalan"). A year left
    open longer than that (forgotten) is one click away on the switcher, not
    the default. Without a started one: the newest that has not started."""
    terbuka = [p for p in semua if p.status in ("berjalan", "penilaian")]
    mulai = [p for p in terbuka if p.mulai <= hari]
    if not mulai:
        return max(terbuka, key=lambda p: p.tahun, default=None)
    terbaru = max(mulai, key=lambda p: p.tahun)
    baru_usai = [p for p in mulai if p.tahun < terbaru.tahun and hari <= p.selesai + JENDELA_PENILAIAN_TAHUNAN]
    return max(baru_usai, key=lambda p: p.tahun, default=terbaru)


def periode_bawaan(semua, tugas=TUGAS_PENILAIAN, hari=None):
    """The periode a year-bound page shows when the person chose none.

    Two years are live every December-January: one is evaluated while the
    next is planned (`dua_tahun`). The rule, also in the README ("Dua tahun
    sekaligus"):
    - pages whose task is realisasi, ratings, reviews or the team (Tim,
      kaskade, ekspektasi tim, the unit's distribution) open on the periode
      being evaluated (`periode_dinilai`);
    - pages whose task is planning (`tugas=TUGAS_PERENCANAAN`) open on the
      next year (`dua_tahun`), e.g. the newest periode in "perencanaan";
    - either falls back to the other, then to the newest periode (all are
      closed); None when there is none.
    So a periode in "perencanaan" is the default of an evaluation page only
    while no periode is being evaluated; otherwise it is the second year, one
    click away on the year switcher, and shown beside the first on Beranda.
    """
    dinilai, berikutnya = dua_tahun(semua, hari)
    urutan = (berikutnya, dinilai) if tugas == TUGAS_PERENCANAAN else (dinilai, berikutnya)
    terbaru = max(semua, key=lambda p: p.tahun, default=None)  # every periode closed
    return next((p for p in urutan if p is not None), terbaru)


def dua_tahun(semua, hari=None):
    """(the periode being evaluated, the next year's periode): the second is
    the newest open periode after the first (in "perencanaan", or already
    "berjalan" while the first is still rated), or without a first the
    newest open one. Either may be None; they are never the same."""
    hari = hari or hari_ini()
    terbuka = [p for p in semua if p.status != "ditutup"]
    dinilai = periode_dinilai(terbuka, hari)
    berikutnya = max((p for p in terbuka if dinilai is None or p.tahun > dinilai.tahun),
                     key=lambda p: p.tahun, default=None)
    return dinilai, berikutnya


def pilih_periode(tugas=TUGAS_PENILAIAN):
    """(chosen periode, all periods newest first) from ?periode=<tahun>.

    Without a choice: `periode_bawaan` for the page's task. An unknown year
    is 404; no periode at all gives (None, []).
    """
    semua = SEMUA_PERIODE.semua()
    tahun = request.args.get("periode", type=bulat)
    if tahun is not None:
        cocok = [p for p in semua if p.tahun == tahun]
        if not cocok:
            abort(404, description=f"Periode {tahun} tidak ada.")
        return cocok[0], semua
    return periode_bawaan(semua, tugas), semua


SEMUA_PERIODE = KueriTetap(lambda: Periode.select().order_by(Periode.tahun.desc()))


# ---------------------------------------------------------------- state changes

FIELDS = ("tahun", "mulai", "selesai", "frekuensi")


def simpan_periode(aktor, data, periode=None, versi=None):
    """Create or edit a period's year, dates and frequency; raises RuleError/Konflik."""
    periksa_tanggal_periode(data["tahun"], data["mulai"], data["selesai"])
    other = Periode.get_or_none(Periode.tahun == data["tahun"])
    if other is not None and (periode is None or other.id != periode.id):
        raise RuleError(f"Periode tahun {data['tahun']} sudah ada.")
    if periode is not None and periode.status == "ditutup":
        raise RuleError("Periode yang sudah ditutup tidak bisa diubah. Buka kembali dulu.")
    if periode is not None and _bagian_berubah(periode, data) and _sudah_ada_penilaian(periode):
        raise RuleError("Tanggal dan frekuensi tidak bisa diubah lagi: sudah ada realisasi atau evaluasi "
                        "pada periode ini, dan nomor triwulan/bulannya akan bergeser.")
    values = {f: data[f] for f in FIELDS}
    with database.atomic():
        if periode is None:
            periode = Periode.create(**values)
            catat(aktor, periode, "dibuat", None, {f: str(getattr(periode, f)) for f in FIELDS})
        else:
            sebelum = {f: str(getattr(periode, f)) for f in FIELDS}
            update_berversi(periode, versi, **values)
            catat(aktor, periode, "diubah", sebelum, {f: str(getattr(periode, f)) for f in FIELDS})
    return periode


def _bagian_berubah(periode, data):
    return any(data[f] != getattr(periode, f) for f in ("mulai", "selesai", "frekuensi"))


def _sudah_ada_penilaian(periode):
    """True once any realisasi or evaluation exists in the periode: they are
    stored by evaluation-period number, which the dates and frequency define."""
    from .penilaian.models import Evaluasi, Realisasi
    from .skp.models import Iki, Rhk, Skp
    if Evaluasi.select().join(Skp).where(Skp.periode == periode.id).exists():
        return True
    return (Realisasi.select().join(Iki).join(Rhk).join(Skp, on=(Rhk.skp == Skp.id))
            .where(Skp.periode == periode.id).exists())


def ubah_status(aktor, periode, status_baru, alasan, versi):
    """Move a period along its status; backward moves need a reason."""
    periksa_transisi_periode(periode.status, status_baru, alasan)
    if status_baru == periode.status:
        return periode
    sebelum = periode.status
    with database.atomic():
        update_berversi(periode, versi, status=status_baru)
        catat(aktor, periode, "status", {"status": sebelum}, {"status": status_baru}, alasan)
    return periode
