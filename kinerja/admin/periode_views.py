"""Admin: periode penilaian (year, dates, frequency, status)."""
from flask import render_template, url_for
from flask_login import current_user
from wtforms import DateField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..auth import admin_required, superadmin_required
from ..forms import KinerjaForm, pilihan
from ..models import FREKUENSI, STATUS_PERIODE, Periode
from ..pengajuan import idempoten
from ..periode import simpan_periode, ubah_status
from ..riwayat import untuk as riwayat_untuk
from ..rules import TRANSISI_PERIODE
from ..web import ada_atau_404, proses, templat
from . import bp


class PeriodeForm(KinerjaForm):
    tahun = IntegerField("Tahun", validators=[InputRequired("Tahun wajib diisi."),
                                              NumberRange(2020, 2100, "Tahun harus antara 2020 dan 2100.")])
    mulai = DateField("Tanggal mulai", validators=[InputRequired("Tanggal mulai wajib diisi.")])
    selesai = DateField("Tanggal selesai", validators=[InputRequired("Tanggal selesai wajib diisi.")])
    frekuensi = SelectField("Frekuensi penilaian berkala", choices=pilihan(FREKUENSI.items()))
    version = HiddenField()


class StatusForm(KinerjaForm):
    status = SelectField("Status baru", choices=pilihan(STATUS_PERIODE.items()))
    alasan = TextAreaField("Alasan (wajib bila membuka kembali)", validators=[Optional()])
    version = HiddenField()


KONFLIK_FIELDS = {f: (lambda p, f=f: getattr(p, f)) for f in ("tahun", "mulai", "selesai", "frekuensi")}


def _ambil(periode_id):
    periode = ada_atau_404(Periode, Periode.id == periode_id)
    return periode


@bp.get("/periode")
@admin_required
def periode_daftar():
    """All periods, newest first."""
    return render_template("admin/periode_daftar.html", periode=list(Periode.select().order_by(Periode.tahun.desc())))


def _simpan(periode=None):
    form = PeriodeForm(obj=periode)

    def simpan():
        saved = simpan_periode(current_user, form.data, periode, form.version.data)
        return url_for(".periode_detail", periode_id=saved.id), f"Periode {saved.tahun} disimpan."
    return proses(form, simpan, templat("admin/periode_form.html", form=form, periode=periode), KONFLIK_FIELDS)


@bp.route("/periode/baru", methods=["GET", "POST"])
@superadmin_required
@idempoten
def periode_baru():
    """Open a new period (status perencanaan)."""
    return _simpan()


@bp.route("/periode/<int:periode_id>/ubah", methods=["GET", "POST"])
@superadmin_required
@idempoten
def periode_ubah(periode_id):
    """Edit dates or frequency of a period that is not closed."""
    return _simpan(_ambil(periode_id))


@bp.get("/periode/<int:periode_id>")
@admin_required
def periode_detail(periode_id):
    """A period, its allowed status moves and its history."""
    periode = _ambil(periode_id)
    form = StatusForm(version=periode.version)
    form.status.choices = pilihan((s, STATUS_PERIODE[s]) for s in TRANSISI_PERIODE[periode.status])
    return render_template("admin/periode_detail.html", periode=periode, form=form,
                           riwayat=list(riwayat_untuk(periode)))


@bp.post("/periode/<int:periode_id>/status")
@superadmin_required
@idempoten
def periode_status(periode_id):
    """Move the status; a refused move re-renders with the reason."""
    periode = _ambil(periode_id)
    form = StatusForm()
    form.status.choices = pilihan((s, STATUS_PERIODE[s]) for s in TRANSISI_PERIODE[periode.status])

    def simpan():
        ubah_status(current_user, periode, form.status.data, form.alasan.data, form.version.data)
        return (url_for(".periode_detail", periode_id=periode.id),
                f"Status periode {periode.tahun}: {periode.status_label}.")

    def tampil_ulang(status, _):
        return render_template("admin/periode_detail.html", periode=periode, form=form,
                               riwayat=list(riwayat_untuk(periode))), status
    return proses(form, simpan, tampil_ulang)
