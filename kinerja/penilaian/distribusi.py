"""The unit's predikat organisasi and its employees' predikat distribution.

Who: an admin whose scope covers the unit (the superadmin covers all) or the
unit's head (kepegawaian.kepala_unit); a head also sees and sets the units
below.

The distribution counts the FINAL ANNUAL predikat (the "-Akhir" evaluation,
status dinilai) of the pegawai now placed in the unit's subtree, in one
aggregate query, and compares it with the SE 3/2023 guidance: it warns and
never blocks. Setting the predikat is versioned and written to history
(objek "predikatunit").
"""
from peewee import IntegrityError, fn

from ..db import database
from ..inti import Galat, Konflik, Terkunci, update_berversi
from ..jam import sekarang
from ..kepegawaian import dalam_wewenang, kepala_unit, unit_pimpinan
from ..models import Pegawai, Unit
from ..riwayat import catat
from ..rules import PREDIKAT, PREDIKAT_ORGANISASI
from ..skp.models import Skp
from .models import Evaluasi, PredikatUnit

MAKS_ALASAN = 1000


# ---------------------------------------------------------------- who

def boleh_kelola(aktor, unit):
    """Who sees the page: an admin in scope, the superadmin, or the unit's head."""
    return dalam_wewenang(aktor, unit) or kepala_unit(aktor, unit)


def boleh_tetapkan(aktor, unit):
    """Who sets the predikat: it comes from above (DOMAIN.md), so an admin in
    scope, or the head of a unit ABOVE this one, never a head for their own unit."""
    if dalam_wewenang(aktor, unit):
        return True
    pimpinan = unit_pimpinan(aktor)
    return pimpinan is not None and unit.path.startswith(pimpinan[1]) and unit.path != pimpinan[1]


# ---------------------------------------------------------------- the numbers

def hitung_distribusi(unit, periode):
    """({predikat: count} of final annual predikat in the unit's subtree, number
    of active pegawai there without one). Two queries whatever the unit's size."""
    dalam = Unit.dalam_subpohon(unit.path)
    akhir_final = ((Skp.periode == periode.id) & (Evaluasi.akhir == True)  # noqa: E712
                   & (Evaluasi.status == "dinilai"))
    jumlah = dict(Evaluasi.select(Evaluasi.predikat, fn.COUNT(Evaluasi.id))
                  .join(Skp, on=(Evaluasi.skp == Skp.id))
                  .join(Pegawai, on=(Skp.pegawai == Pegawai.id))
                  .join(Unit, on=(Pegawai.unit == Unit.id))
                  .where(dalam & akhir_final)
                  .group_by(Evaluasi.predikat).tuples())
    sudah = Skp.select(Skp.pegawai).join(Evaluasi, on=(Evaluasi.skp == Skp.id)).where(akhir_final)
    belum = (Pegawai.select(fn.COUNT(Pegawai.id)).join(Unit, on=(Pegawai.unit == Unit.id))
             .where(dalam & (Pegawai.aktif == True) & Pegawai.id.not_in(sudah)).scalar())  # noqa: E712
    return {k: jumlah.get(k, 0) for k in PREDIKAT}, belum or 0


def baris_distribusi(jumlah):
    """Rows (key, label, count, percent) in the matrix's order, and the total."""
    total = sum(jumlah.values())
    return [(k, label, jumlah[k], (100 * jumlah[k] / total) if total else 0)
            for k, label in PREDIKAT.items()], total


# ---------------------------------------------------------------- the change

def tetapkan_predikat_unit(aktor, unit, periode, predikat, alasan, versi):
    """Set or change the unit's predikat organisasi for a periode (version 0 =
    none yet); raises Galat, Terkunci (closed periode) or Konflik (stale form)."""
    if not boleh_tetapkan(aktor, unit):
        raise Galat({"predikat": "Predikat unit ditetapkan dari atas: oleh admin kepegawaian atau "
                                 "kepala unit di atasnya."})
    alasan = (alasan or "").strip()
    errors = {}
    if predikat not in PREDIKAT_ORGANISASI:
        errors["predikat"] = "Pilih salah satu predikat organisasi."
    if len(alasan) > MAKS_ALASAN:
        errors["alasan"] = f"Dasar penetapan paling banyak {MAKS_ALASAN} karakter."
    if errors:
        raise Galat(errors)
    if periode.status == "ditutup":
        raise Terkunci(f"Periode {periode.tahun} sudah ditutup; predikat unit hanya bisa dibaca.")
    ada = PredikatUnit.get_or_none((PredikatUnit.unit == unit.id) & (PredikatUnit.periode == periode.id))
    baru = PREDIKAT_ORGANISASI[predikat]
    with database.atomic():
        if ada is None:
            try:
                with database.atomic():
                    pu = PredikatUnit.create(unit=unit, periode=periode, predikat=predikat, penetap=aktor.id)
            except IntegrityError:  # set by someone else since the form was opened
                raise Konflik(PredikatUnit.get((PredikatUnit.unit == unit.id)
                                               & (PredikatUnit.periode == periode.id))) from None
            catat(aktor, pu, "Predikat organisasi ditetapkan", None, {"predikat": baru}, alasan)
            return pu
        if str(versi) == str(ada.version) and ada.predikat == predikat:
            raise Galat({"predikat": f"Predikat unit sudah {baru}; tidak ada yang berubah."})
        lama = ada.predikat_label
        update_berversi(ada, versi, predikat=predikat, penetap=aktor.id, diubah=sekarang())
        catat(aktor, ada, "Predikat organisasi diubah", {"predikat": lama}, {"predikat": baru}, alasan)
    return ada
