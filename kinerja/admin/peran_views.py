"""Admin: the superadmin appoints or removes an OPD admin or a pemantau from
the pegawai's page (the service: admin.peran). OPD admins get 403; so does
the superadmin on their own account or on another superadmin's."""
from flask import url_for
from flask_login import current_user
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..auth import superadmin_required
from ..forms import KinerjaForm, bulat, pilihan
from ..models import PERAN, Pegawai, Unit
from ..pengajuan import idempoten
from ..web import ada_atau_404, pastikan_boleh, proses, templat
from . import bp
from .peran import MAKS_ALASAN, PERAN_DIATUR, atur_peran, periksa_atur_peran


class PeranForm(KinerjaForm):
    peran = RadioField("Peran", choices=pilihan(PERAN_DIATUR.items()),
                       validate_choice=False)  # the service says what is wrong, at the field
    unit = SelectField("Unit lingkup", validate_choice=False)
    alasan = TextAreaField("Alasan")
    version = HiddenField()

    def isi_pilihan(self):
        """Every active unit in tree order, indented, after an empty choice."""
        units = Unit.select(Unit.id, Unit.nama, Unit.path).where(Unit.aktif == True).order_by(Unit.path)  # noqa: E712
        self.unit.choices = [SelectChoice("", "Pilih unit\u2026")] + pilihan(
            (str(u.id), "\u00a0\u00a0" * u.depth + u.nama) for u in units)


def _unit_nama(unit_id):
    return Unit.select(Unit.nama).where(Unit.id == unit_id).scalar() if unit_id else "\u2013"


KONFLIK_FIELDS = {"peran": lambda p: p.peran, "unit": lambda p: str(p.admin_unit_id or "")}


@bp.route("/pegawai/<int:pegawai_id>/peran", methods=["GET", "POST"])
@superadmin_required
@idempoten
def pegawai_peran(pegawai_id):
    """Choose the role (pegawai, admin, pemantau), its unit and the reason."""
    pegawai = ada_atau_404(Pegawai, Pegawai.id == pegawai_id)
    pastikan_boleh(periksa_atur_peran, current_user, pegawai)
    form = PeranForm(peran=pegawai.peran, unit=str(pegawai.admin_unit_id or ""), version=pegawai.version)
    form.isi_pilihan()

    def simpan():
        atur_peran(current_user, pegawai, {"peran": form.peran.data, "unit": _id(form.unit.data),
                                           "alasan": form.alasan.data}, form.version.data)
        return (url_for(".pegawai_detail", pegawai_id=pegawai.id, _anchor="riwayat"),
                f"Peran {pegawai.nama} sekarang: {_label(pegawai)}.")
    return proses(form, simpan, templat("admin/pegawai_peran.html", form=form, p=pegawai, maks=MAKS_ALASAN,
                                        label_peran=PERAN, unit_sekarang=_unit_nama(pegawai.admin_unit_id)),
                  KONFLIK_FIELDS)


def _id(nilai):
    """A unit id from the select, else None (the service then asks for one)."""
    try:
        return bulat(nilai) if nilai else None
    except ValueError:
        return None


def _label(pegawai):
    """"Admin kepegawaian (Dinas Kesehatan)", "Pemantau (...)" or "Pegawai"."""
    if pegawai.peran in ("admin", "pemantau"):
        return f"{PERAN[pegawai.peran]} ({_unit_nama(pegawai.admin_unit_id)})"
    return PERAN.get(pegawai.peran, pegawai.peran)
