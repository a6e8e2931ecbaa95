"""Admin: the unit tree (Pemkot -> OPD -> bidang/UPT/kelurahan), create, edit,
(de)activate, within the admin's scope."""
from flask import render_template, request, url_for
from flask_login import current_user
from peewee import fn
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..auth import admin_required
from ..forms import KinerjaForm, bulat, pilihan
from ..inti import Galat
from ..kepegawaian import atur_aktif_unit, dalam_wewenang, pegawai_wewenang, simpan_unit, unit_wewenang
from ..models import JENIS_UNIT, Pegawai, Unit
from ..pengajuan import idempoten
from ..riwayat import untuk as riwayat_untuk
from ..warga.models import Layanan
from ..web import ada_atau_404, pastikan, proses, templat, tombol
from . import bp

TANPA_INDUK = 0


class UnitForm(KinerjaForm):
    nama = StringField("Nama unit", validators=[DataRequired("Nama unit wajib diisi."), Length(max=200)])
    kode = StringField("Kode", validators=[DataRequired("Kode unit wajib diisi."), Length(max=30)])
    jenis = SelectField("Jenis", choices=pilihan(JENIS_UNIT.items()))
    parent = SelectField("Unit induk", coerce=bulat)
    version = HiddenField()

    def isi_pilihan(self, aktor, unit=None):
        units = unit_wewenang(aktor).where(Unit.aktif == True)  # noqa: E712
        if unit is not None:  # never offer the unit itself or its subtree as parent
            units = units.where(~Unit.path.startswith(unit.path))
        self.parent.choices = pilihan((u.id, "\u00a0\u00a0" * u.depth + u.nama) for u in units)
        if aktor.scope_path() == "":
            self.parent.choices[:0] = pilihan([(TANPA_INDUK, "(tanpa induk: unit teratas)")])

    def data_model(self, aktor):
        parent = None
        if self.parent.data != TANPA_INDUK:
            parent = unit_wewenang(aktor).where(Unit.id == self.parent.data).first()
            if parent is None:
                raise Galat({"parent": "Unit induk tidak ditemukan."})
        return {"nama": self.nama.data, "kode": self.kode.data, "jenis": self.jenis.data, "parent": parent}


KONFLIK_FIELDS = {"nama": lambda u: u.nama, "kode": lambda u: u.kode, "jenis": lambda u: u.jenis,
                  "parent": lambda u: u.parent_id or TANPA_INDUK}


def _ambil(unit_id):
    unit = ada_atau_404(Unit, Unit.id == unit_id)
    pastikan(dalam_wewenang(current_user, unit), "Unit ini di luar wewenang Anda.")
    return unit


@bp.get("/unit")
@admin_required
def unit_daftar():
    """The units in scope as an indented tree, with active pegawai counts."""
    units = list(unit_wewenang(current_user))
    # The scope as a subquery, not an IN list of every unit's id (hundreds
    # of parameters for the whole city, rebuilt on each visit).
    counts = dict(pegawai_wewenang(current_user, Pegawai.unit, fn.COUNT(Pegawai.id))
                  .where(Pegawai.aktif == True).group_by(Pegawai.unit).tuples())  # noqa: E712
    base = min((u.depth for u in units), default=0)
    return render_template("admin/unit_daftar.html", units=units, counts=counts, base=base)


def _simpan(unit=None):
    form = UnitForm(obj=unit, parent=(unit.parent_id or TANPA_INDUK) if unit else None)
    form.isi_pilihan(current_user, unit)

    def simpan():
        saved = simpan_unit(current_user, form.data_model(current_user), unit, form.version.data)
        return url_for(".unit_detail", unit_id=saved.id), f"Unit {saved.nama} disimpan."
    return proses(form, simpan, templat("admin/unit_form.html", form=form, unit=unit), KONFLIK_FIELDS)


@bp.route("/unit/baru", methods=["GET", "POST"])
@admin_required
@idempoten
def unit_baru():
    """Add a unit under one in scope."""
    return _simpan()


@bp.route("/unit/<int:unit_id>/ubah", methods=["GET", "POST"])
@admin_required
@idempoten
def unit_ubah(unit_id):
    """Rename, recode or move a unit (its subtree moves with it)."""
    return _simpan(_ambil(unit_id))


@bp.get("/unit/<int:unit_id>")
@admin_required
def unit_detail(unit_id):
    """One unit: its place in the tree, sub-units, pegawai count, suara warga links, history."""
    unit = _ambil(unit_id)
    anak = list(unit.children.order_by(Unit.nama))
    n_pegawai = Pegawai.select().where((Pegawai.unit == unit) & (Pegawai.aktif == True)).count()  # noqa: E712
    # Its public pages open once it has an active service (the same rule as the public side).
    punya_layanan = Layanan.select(Layanan.id).where(
        (Layanan.unit == unit.id) & (Layanan.aktif == True)).exists()  # noqa: E712
    return render_template("admin/unit_detail.html", unit=unit, anak=anak, n_pegawai=n_pegawai,
                           riwayat=list(riwayat_untuk(unit)), form=KinerjaForm(), punya_layanan=punya_layanan)


@bp.post("/unit/<int:unit_id>/aktif")
@admin_required
@idempoten
def unit_aktif(unit_id):
    """Deactivate an empty unit, or reactivate it."""
    unit = _ambil(unit_id)
    aktif = request.form.get("aktif") == "1"
    return tombol(lambda: atur_aktif_unit(current_user, unit, aktif, request.form.get("version")),
                  f"Unit {unit.nama} {'diaktifkan' if aktif else 'dinonaktifkan'}.",
                  url_for(".unit_detail", unit_id=unit.id), lambda: unit_detail(unit.id))
