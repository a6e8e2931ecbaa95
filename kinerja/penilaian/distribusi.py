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
from flask import abort, render_template, url_for
from flask_login import current_user, login_required
from peewee import IntegrityError, fn
from wtforms import HiddenField, SelectField, TextAreaField

from ..db import database
from ..forms import KinerjaForm, pilihan
from ..inti import Galat, Konflik, Terkunci, update_berversi
from ..jam import sekarang
from ..kepegawaian import dalam_wewenang, kepala_unit, unit_pimpinan
from ..models import Pegawai, Unit
from ..pengajuan import idempoten
from ..periode import pilih_periode
from ..riwayat import catat, untuk as riwayat_untuk
from ..rules import PANDUAN_DISTRIBUSI, PREDIKAT, PREDIKAT_ORGANISASI, periksa_distribusi
from ..skp.models import Skp
from ..web import ada_atau_404, pastikan, proses
from . import bp
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


# ---------------------------------------------------------------- the page

class PredikatUnitForm(KinerjaForm):
    predikat = SelectField("Predikat organisasi", validate_choice=False,
                           choices=pilihan([("", "– pilih –")] + list(PREDIKAT_ORGANISASI.items())))
    alasan = TextAreaField("Dasar penetapan (boleh kosong)")
    version = HiddenField()


def _konteks(unit, periode, pu):
    jumlah, belum = hitung_distribusi(unit, periode)
    baris, total = baris_distribusi(jumlah)
    kode = pu.predikat if pu else None
    return {
        "unit": unit, "periode": periode, "pu": pu, "baris": baris, "total": total, "belum": belum,
        "peringatan": periksa_distribusi(kode, jumlah) if kode else [],
        "panduan": [(k, PREDIKAT_ORGANISASI[k], teks) for k, teks in PANDUAN_DISTRIBUSI.items()],
        "subunit": list(Unit.select().where((Unit.parent == unit.id) & (Unit.aktif == True))  # noqa: E712
                        .order_by(Unit.nama)),
        "riwayat": list(riwayat_untuk(pu)) if pu else [],
    }


@bp.route("/unit/<int:unit_id>/kinerja", methods=["GET", "POST"])
@login_required
@idempoten
def distribusi(unit_id):
    """The unit's predikat organisasi (with its form) and the employees' distribution."""
    unit = ada_atau_404(Unit, Unit.id == unit_id)
    pastikan(boleh_kelola(current_user, unit),
             "Halaman ini untuk admin kepegawaian unit ini atau kepala unitnya.")
    periode, semua = pilih_periode()
    if periode is None:
        abort(404, description="Belum ada periode penilaian.")
    pu = PredikatUnit.get_or_none((PredikatUnit.unit == unit.id) & (PredikatUnit.periode == periode.id))
    form = PredikatUnitForm(predikat=pu.predikat if pu else "", version=pu.version if pu else 0)
    def tetapkan():
        pu = tetapkan_predikat_unit(current_user, unit, periode, form.predikat.data, form.alasan.data,
                                    form.version.data)
        return (url_for(".distribusi", unit_id=unit.id, periode=periode.tahun),
                f"Predikat {unit.nama} periode {periode.tahun}: {pu.predikat_label}.")

    def halaman(status, konflik):
        segar = PredikatUnit.get_or_none((PredikatUnit.unit == unit.id) & (PredikatUnit.periode == periode.id)) \
            if form.is_submitted() else pu
        nama = PREDIKAT_ORGANISASI
        konflik = [(label, nama.get(a, a), nama.get(b, b)) for label, a, b in konflik or []]
        return render_template("penilaian/distribusi.html", form=form, konflik=konflik, semua_periode=semua,
                               boleh_tetapkan=boleh_tetapkan(current_user, unit),
                               **_konteks(unit, periode, segar)), status
    return proses(form, tetapkan, halaman, {"predikat": lambda s: s.predikat})
