"""The unit's kinerja page: its employees' predikat distribution against the
guidance, and the form that sets the unit's predikat organisasi (the rules
and the numbers are in penilaian.distribusi)."""
from flask import abort, render_template, url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, SelectField, TextAreaField

from ..forms import KinerjaForm, pilihan
from ..models import Unit
from ..pengajuan import idempoten
from ..periode import pilih_periode
from ..riwayat import untuk as riwayat_untuk
from ..rules import PANDUAN_DISTRIBUSI, PREDIKAT_ORGANISASI, periksa_distribusi
from ..web import ada_atau_404, pastikan, proses
from . import bp
from .distribusi import (baris_distribusi, boleh_kelola, boleh_tetapkan, hitung_distribusi,
                         tetapkan_predikat_unit)
from .models import PredikatUnit


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

    def tampil_ulang(status, konflik):
        segar = PredikatUnit.get_or_none((PredikatUnit.unit == unit.id) & (PredikatUnit.periode == periode.id)) \
            if form.is_submitted() else pu
        nama = PREDIKAT_ORGANISASI
        konflik = [(label, nama.get(a, a), nama.get(b, b)) for label, a, b in konflik or []]
        return render_template("penilaian/distribusi.html", form=form, konflik=konflik, semua_periode=semua,
                               boleh_tetapkan=boleh_tetapkan(current_user, unit),
                               **_konteks(unit, periode, segar)), status
    return proses(form, tetapkan, tampil_ulang, {"predikat": lambda s: s.predikat})
