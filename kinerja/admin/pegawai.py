"""Admin: pegawai list with search and paging, create, edit, (de)activate,
one-time password reset. Every object is checked against the admin's scope."""
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from peewee import JOIN
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..auth import admin_required, hash_sandi, sandi_sementara
from ..forms import KinerjaForm, bulat, pilihan
from ..htmx import render
from ..kepegawaian import (Galat, atur_aktif_pegawai, atur_ulang_sandi, pegawai_wewenang, periksa_akun,
                           simpan_pegawai, unit_wewenang)
from ..models import JENIS_ASN, JENIS_JABATAN, Pegawai, Unit
from ..offline import Konflik, idempoten
from ..riwayat import untuk as riwayat_untuk
from ..rules import RuleError, normalisasi_nip
from . import bp
from .umum import cocok_pegawai, halaman, kata_cari, proses_simpan


class PegawaiForm(KinerjaForm):
    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi.")])
    nama = StringField("Nama lengkap", validators=[DataRequired("Nama wajib diisi."), Length(max=200)])
    jabatan = StringField("Jabatan", validators=[DataRequired("Jabatan wajib diisi."), Length(max=200)])
    jenis_jabatan = SelectField("Jenis jabatan", choices=pilihan(JENIS_JABATAN.items()))
    jenis_asn = SelectField("Jenis ASN", choices=pilihan(JENIS_ASN.items()))
    unit = SelectField("Unit kerja", coerce=bulat)
    nip_atasan = StringField("NIP atasan langsung", validators=[Optional()])
    version = HiddenField()

    def isi_pilihan(self, aktor):
        units = unit_wewenang(aktor).where(Unit.aktif == True)  # noqa: E712
        self.unit.choices = pilihan((u.id, "\u00a0\u00a0" * u.depth + u.nama) for u in units)

    def data_model(self, aktor):
        """The form as model values; unknown unit/atasan become field errors."""
        data = {k: self[k].data for k in ("nip", "nama", "jabatan", "jenis_jabatan", "jenis_asn")}
        data["unit"] = unit_wewenang(aktor).where(Unit.id == self.unit.data).first()
        data["atasan"] = None
        nip_atasan = normalisasi_nip(self.nip_atasan.data)
        if nip_atasan:
            data["atasan"] = Pegawai.get_or_none(Pegawai.nip == nip_atasan)
            if data["atasan"] is None:
                raise Galat({"nip_atasan": "Atasan dengan NIP ini tidak ditemukan."})
        return data

    ALIAS_GALAT = {"atasan": "nip_atasan"}


KONFLIK_FIELDS = {
    "nip": lambda p: p.nip, "nama": lambda p: p.nama, "jabatan": lambda p: p.jabatan,
    "jenis_jabatan": lambda p: p.jenis_jabatan, "jenis_asn": lambda p: p.jenis_asn,
    "unit": lambda p: p.unit_id, "nip_atasan": lambda p: p.atasan.nip if p.atasan_id else "",
}


def _ambil(pegawai_id, aksi="lihat"):
    """The pegawai, 404 if unknown, 403 unless the admin may do `aksi` to the
    account (its unit in scope; to change it, less power than the admin's)."""
    pegawai = Pegawai.get_or_none(Pegawai.id == pegawai_id)
    if pegawai is None:
        abort(404)
    try:
        periksa_akun(current_user, pegawai, aksi)
    except RuleError as exc:
        abort(403, description=str(exc))
    return pegawai


def _boleh(pegawai, aksi):
    """Whether the signed-in admin may do `aksi` to this account (to show the button)."""
    try:
        periksa_akun(current_user, pegawai, aksi)
    except RuleError:
        return False
    return True


def _saringan(q, status):
    """The list's conditions: NIP prefix or part of the name, and status."""
    syarat = [cocok_pegawai(q)] if q else []
    if status in ("aktif", "nonaktif"):
        syarat.append(Pegawai.aktif == (status == "aktif"))
    return syarat


@bp.get("/pegawai")
@admin_required
def pegawai_daftar():
    """Search by NIP or nama, filter by unit and status, paged."""
    q = kata_cari()
    status = request.args.get("status", "aktif")
    # The page: only the columns the table shows, the unit and atasan names
    # joined (never a query per row); the total: a COUNT of pegawai alone.
    Atasan = Pegawai.alias()
    query = (pegawai_wewenang(current_user, Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan,
                              Pegawai.aktif, Unit.id, Unit.nama, Atasan.id, Atasan.nama)
             .join(Unit, on=(Pegawai.unit == Unit.id), attr="unit")
             .join_from(Pegawai, Atasan, JOIN.LEFT_OUTER, on=(Pegawai.atasan == Atasan.id), attr="atasan")
             .order_by(Pegawai.nama, Pegawai.id))
    hitung = pegawai_wewenang(current_user)
    for syarat in _saringan(q, status):
        query, hitung = query.where(syarat), hitung.where(syarat)
    pg = halaman(query, {"q": q, "status": status}, hitung=hitung)
    return render("admin/pegawai_daftar.html", "admin/_pegawai_tabel.html", pg=pg, q=q, status_filter=status)


@bp.route("/pegawai/baru", methods=["GET", "POST"])
@admin_required
@idempoten
def pegawai_baru():
    """Add one pegawai (without a password until the admin resets one)."""
    form = PegawaiForm()
    form.isi_pilihan(current_user)

    def simpan():
        pegawai = simpan_pegawai(current_user, form.data_model(current_user))
        return (url_for(".pegawai_detail", pegawai_id=pegawai.id),
                f"{pegawai.nama} ditambahkan. Buat kata sandi sementara agar ia bisa masuk.")
    return proses_simpan(form, simpan, KONFLIK_FIELDS, "admin/pegawai_form.html", pegawai=None)


@bp.get("/pegawai/<int:pegawai_id>")
@admin_required
def pegawai_detail(pegawai_id):
    """Profile, account state and history of one pegawai."""
    pegawai = _ambil(pegawai_id)
    bawahan = list(pegawai.bawahan.where(Pegawai.aktif == True).order_by(Pegawai.nama))  # noqa: E712
    boleh = {aksi: _boleh(pegawai, aksi) for aksi in ("ubah", "atur_sandi", "aktifkan" if not pegawai.aktif
                                                      else "nonaktifkan")}
    return render_template("admin/pegawai_detail.html", p=pegawai, bawahan=bawahan, boleh=boleh,
                           riwayat=list(riwayat_untuk(pegawai)), form=KinerjaForm())


@bp.route("/pegawai/<int:pegawai_id>/ubah", methods=["GET", "POST"])
@admin_required
@idempoten
def pegawai_ubah(pegawai_id):
    """Edit; a stale form (older version) gets 409 with both versions shown."""
    pegawai = _ambil(pegawai_id, "ubah")
    form = PegawaiForm(obj=pegawai, unit=pegawai.unit_id,
                       nip_atasan=pegawai.atasan.nip if pegawai.atasan_id else "")
    form.isi_pilihan(current_user)

    def simpan():
        simpan_pegawai(current_user, form.data_model(current_user), pegawai, form.version.data)
        return url_for(".pegawai_detail", pegawai_id=pegawai.id), "Perubahan disimpan."
    return proses_simpan(form, simpan, KONFLIK_FIELDS, "admin/pegawai_form.html", pegawai=pegawai)


@bp.post("/pegawai/<int:pegawai_id>/aktif")
@admin_required
@idempoten
def pegawai_aktif(pegawai_id):
    """Deactivate (cannot log in, leaves lists) or reactivate."""
    aktif = request.form.get("aktif") == "1"
    pegawai = _ambil(pegawai_id, "aktifkan" if aktif else "nonaktifkan")
    form = KinerjaForm()
    if not form.validate_on_submit():
        return redirect(url_for(".pegawai_detail", pegawai_id=pegawai.id), code=303)
    try:
        atur_aktif_pegawai(current_user, pegawai, aktif, request.form.get("version"))
    except Konflik:
        flash("Data pegawai sudah berubah sejak halaman dibuka. Periksa lalu coba lagi.", "galat")
    else:
        flash(f"{pegawai.nama} {'diaktifkan' if aktif else 'dinonaktifkan'}.", "sukses")
    return redirect(url_for(".pegawai_detail", pegawai_id=pegawai.id), code=303)


@bp.post("/pegawai/<int:pegawai_id>/sandi")
@admin_required
@idempoten
def pegawai_reset_sandi(pegawai_id):
    """Set a one-time password; it is shown once on the next page."""
    pegawai = _ambil(pegawai_id, "atur_sandi")
    if KinerjaForm().validate_on_submit():
        sandi = atur_ulang_sandi(current_user, pegawai, hash_sandi, sandi_sementara)
        session[f"sandi_sementara_{pegawai.id}"] = sandi
    return redirect(url_for(".pegawai_sandi_sementara", pegawai_id=pegawai.id), code=303)


@bp.get("/pegawai/<int:pegawai_id>/sandi-sementara")
@admin_required
def pegawai_sandi_sementara(pegawai_id):
    """Show the one-time password once; reloading shows it no more."""
    pegawai = _ambil(pegawai_id, "atur_sandi")
    sandi = session.pop(f"sandi_sementara_{pegawai.id}", None)
    response = render("admin/pegawai_sandi.html", p=pegawai, sandi=sandi)
    response.headers["Cache-Control"] = "no-store"
    return response
