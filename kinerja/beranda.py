"""Home page: this year's SKP at a glance, one's profile, atasan and direct
subordinates (a page at a time, searchable by name or NIP: an atasan may
have hundreds)."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .admin.umum import cocok_pegawai, halaman, kata_cari
from .models import Pegawai, Periode, Unit
from .penilaian.distribusi import unit_dipimpin
from .skp.models import Skp

bp = Blueprint("beranda", __name__)

# What the profile cards show of a person (never the password hash).
KOLOM_PROFIL = (Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan, Pegawai.jenis_jabatan,
                Pegawai.jenis_asn, Pegawai.atasan, Unit.id, Unit.nama)


def _profil(pegawai_id):
    return Pegawai.select(*KOLOM_PROFIL).join(Unit).where(Pegawai.id == pegawai_id).get()


def halaman_bawahan(aktor, q):
    """One page of the active direct subordinates by name (name, position, NIP)."""
    kueri = (Pegawai.select(Pegawai.id, Pegawai.nama, Pegawai.jabatan, Pegawai.nip, Pegawai.jenis_asn)
             .where((Pegawai.atasan == aktor.id) & (Pegawai.aktif == True)))  # noqa: E712
    if q:
        kueri = kueri.where(cocok_pegawai(q))
    return halaman(kueri.order_by(Pegawai.nama, Pegawai.id), {"q": q})


@bp.get("/")
@login_required
def index():
    """The signed-in person's profile, superior and team."""
    q = kata_cari()
    saya = _profil(current_user.id)
    atasan = _profil(saya.atasan_id) if saya.atasan_id else None
    bawahan = halaman_bawahan(saya, q)
    periode = (Periode.select().where(Periode.status != "ditutup").order_by(Periode.tahun.desc()).first())
    skp = None
    if periode is not None:
        skp = (Skp.select(Skp.id, Skp.status)
               .where((Skp.pegawai == saya.id) & (Skp.periode == periode.id)).first())
    menunggu = Skp.select().where((Skp.penilai == saya.id) & (Skp.status == "diajukan")).count()
    return render_template("beranda/index.html", saya=saya, atasan=atasan, bawahan=bawahan, q=q,
                           periode=periode, skp=skp, menunggu=menunggu, unit_dipimpin=unit_dipimpin(current_user))
