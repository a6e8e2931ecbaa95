"""Home page: the SKP of both live years at a glance (the year being
evaluated and the year being planned, periode.dua_tahun), one's profile,
atasan and direct subordinates (a page at a time, searchable by name or NIP:
an atasan may have hundreds)."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required
from peewee import fn

from .kepegawaian import cocok_pegawai, unit_dipimpin
from .kueri import KueriTetap, kueri_tetap
from .models import Pegawai, Periode, Unit
from .periode import SEMUA_PERIODE, dua_tahun
from .skp.models import Skp
from .warga.buku import tautan_beranda
from .web import halaman, kata_cari

bp = Blueprint("beranda", __name__)

# What the profile cards show of a person (never the password hash).
KOLOM_PROFIL = (Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan, Pegawai.jenis_jabatan,
                Pegawai.jenis_asn, Pegawai.atasan, Unit.id, Unit.nama)


# The home page's reads, their SQL built once (kueri.KueriTetap: the page every
# sign-in lands on; a search builds its list afresh).
PROFIL = KueriTetap(lambda pid: Pegawai.select(*KOLOM_PROFIL).join(Unit).where(Pegawai.id == pid), int)
# My SKPs of the periods not closed (at most one per year; Beranda shows two years).
SKP_TERBUKA = KueriTetap(lambda pid: Skp.select(Skp.id, Skp.periode, Skp.status).where(
    (Skp.pegawai == pid) & Skp.periode.in_(Periode.select(Periode.id).where(Periode.status != "ditutup"))), int)
# SKP waiting for my review, per periode.
MENUNGGU = KueriTetap(lambda pid: Skp.select(Skp.periode, fn.COUNT(Skp.id))
                      .where((Skp.penilai == pid) & (Skp.status == "diajukan"))
                      .group_by(Skp.periode).tuples(), int)


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
    """The signed-in person's profile, superior and team; the service log and
    the unit's citizen voice for those who serve or head a serving unit."""
    q = kata_cari()
    saya = PROFIL.satu(current_user.id)
    atasan = PROFIL.satu(saya.atasan_id) if saya.atasan_id else None
    bawahan = halaman_bawahan(saya, q)
    tahun = tahun_beranda(saya.id)
    dipimpin = unit_dipimpin(current_user)
    melayani, unit_berlayanan, aduan_baru = tautan_beranda(saya.id, dipimpin)
    return render_template("beranda/index.html", saya=saya, atasan=atasan, bawahan=bawahan, q=q,
                           tahun=tahun, unit_dipimpin=dipimpin, melayani=melayani, unit_berlayanan=unit_berlayanan,
                           aduan_baru=aduan_baru)


def tahun_beranda(pid):
    """The cards of the live years, the one being evaluated first: each a dict
    of `periode`, `skp` (mine or None), `menunggu` (SKP waiting for my review)
    and `berikutnya` (True for the next year's). Three queries."""
    dinilai, berikutnya = dua_tahun(SEMUA_PERIODE.semua())
    skp = {s.periode_id: s for s in SKP_TERBUKA.semua(pid)}
    menunggu = dict(MENUNGGU.semua(pid))
    return [{"periode": p, "skp": skp.get(p.id), "menunggu": menunggu.get(p.id, 0), "berikutnya": p is berikutnya}
            for p in (dinilai, berikutnya) if p is not None]
