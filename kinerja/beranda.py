"""Home page: this year's SKP at a glance, one's profile, atasan and direct
subordinates (a page at a time, searchable by name or NIP: an atasan may
have hundreds)."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required
from peewee import fn

from .admin.umum import cocok_pegawai, halaman, kata_cari
from .db import KueriTetap, kueri_tetap
from .models import Pegawai, Periode, Unit
from .penilaian.distribusi import unit_dipimpin
from .skp.layanan import SKP_PERIODE
from .skp.models import Skp

bp = Blueprint("beranda", __name__)

# What the profile cards show of a person (never the password hash).
KOLOM_PROFIL = (Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan, Pegawai.jenis_jabatan,
                Pegawai.jenis_asn, Pegawai.atasan, Unit.id, Unit.nama)


# The home page's reads, their SQL built once (db.KueriTetap: the page every
# sign-in lands on; a search builds its list afresh).
PROFIL = KueriTetap(lambda pid: Pegawai.select(*KOLOM_PROFIL).join(Unit).where(Pegawai.id == pid), int)
PERIODE_TERBUKA = KueriTetap(lambda: Periode.select().where(Periode.status != "ditutup")
                             .order_by(Periode.tahun.desc()).limit(1))
MENUNGGU = KueriTetap(lambda pid: Skp.select(fn.COUNT(Skp.id))
                      .where((Skp.penilai == pid) & (Skp.status == "diajukan")), int)


@kueri_tetap(int)
def _bawahan(aktor_id, q=""):
    """The active direct subordinates by name (name, position, NIP)."""
    kueri = (Pegawai.select(Pegawai.id, Pegawai.nama, Pegawai.jabatan, Pegawai.nip, Pegawai.jenis_asn)
             .where((Pegawai.atasan == aktor_id) & (Pegawai.aktif == True)))  # noqa: E712
    if q:
        kueri = kueri.where(cocok_pegawai(q))
    return kueri.order_by(Pegawai.nama, Pegawai.id)


def halaman_bawahan(aktor, q):
    """One page of the active direct subordinates by name."""
    return halaman(_bawahan.daftar(aktor.id, q=q), {"q": q})


@bp.get("/")
@login_required
def index():
    """The signed-in person's profile, superior and team."""
    q = kata_cari()
    saya = PROFIL.satu(current_user.id)
    atasan = PROFIL.satu(saya.atasan_id) if saya.atasan_id else None
    bawahan = halaman_bawahan(saya, q)
    periode = PERIODE_TERBUKA.satu()
    skp = SKP_PERIODE.satu(saya.id, periode.id) if periode is not None else None
    menunggu = MENUNGGU.nilai(saya.id)
    return render_template("beranda/index.html", saya=saya, atasan=atasan, bawahan=bawahan, q=q,
                           periode=periode, skp=skp, menunggu=menunggu, unit_dipimpin=unit_dipimpin(current_user))
