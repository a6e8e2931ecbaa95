"""State changes of a periode penilaian: create, edit, move status.

Periods are city-wide, so only the superadmin (BKPSDM) changes them; OPD
admins and everyone else read them.
"""
from .db import database
from .models import Periode
from .inti import update_berversi
from .riwayat import catat
from .rules import RuleError, periksa_tanggal_periode, periksa_transisi_periode

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
