"""Home page: this year's SKP at a glance, one's profile, atasan and direct subordinates."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .models import Pegawai, Periode, Unit
from .penilaian.distribusi import unit_dipimpin
from .skp.models import Skp

bp = Blueprint("beranda", __name__)


@bp.get("/")
@login_required
def index():
    """The signed-in person's profile, superior and team."""
    saya = (Pegawai.select(Pegawai, Unit).join(Unit)
            .where(Pegawai.id == current_user.id).get())
    atasan = None
    if saya.atasan_id:
        atasan = (Pegawai.select(Pegawai, Unit).join(Unit)
                  .where(Pegawai.id == saya.atasan_id).get())
    bawahan = list(Pegawai.select(Pegawai, Unit).join(Unit)
                   .where((Pegawai.atasan == saya.id) & (Pegawai.aktif == True))  # noqa: E712
                   .order_by(Pegawai.nama))
    periode = (Periode.select().where(Periode.status != "ditutup").order_by(Periode.tahun.desc()).first())
    skp = None
    if periode is not None:
        skp = Skp.get_or_none((Skp.pegawai == saya.id) & (Skp.periode == periode.id))
    menunggu = Skp.select().where((Skp.penilai == saya.id) & (Skp.status == "diajukan")).count()
    return render_template("beranda/index.html", saya=saya, atasan=atasan, bawahan=bawahan,
                           periode=periode, skp=skp, menunggu=menunggu, unit_dipimpin=unit_dipimpin(saya))
