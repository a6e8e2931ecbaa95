"""Rekap pages: the numbers of a level (city -> OPD -> unit) for a periode and
an evaluation period, and the list behind each number down to the pegawai;
each also as a file (`?unduh=csv` or `xlsx`; `&pemisah=titik-koma` for a CSV
that Excel in Indonesian opens in columns) holding the same rows for the same
filters, built from the same data as the page. The numbers and lists are in
kinerja.rekap.

Scope, checked on every URL, files included: nobody without a read scope
(lingkup.lingkup_baca None) gets a page (403); a unit that exists but lies
outside the scope is 403 too (its name is not secret, it is not yours); an
unknown unit is 404. Bad filters: a year that does not exist or an
evaluation period the year lacks (any whole number outside 1..N) is 404, a
value that is not a number 400 (the evaluation period's message names the
valid range either way), an unknown list (`jenis`) or file kind 404; each
with its reason.

A downloaded list names people: each such file is recorded once in the
unit's history (rekap_daftar.catat_unduhan); the count tables are not.
"""
from flask import Blueprint, abort, render_template, request, session, url_for
from flask_login import current_user, login_required, user_logged_in

from .forms import bulat
from .kepegawaian import unit_pimpinan
from .lingkup import lingkup_baca
from .models import Unit
from .periode import pilih_periode
from .rekap import (ANGKA, JENIS, NomorSalah, hitung_rekap, leluhur_dalam, panduan, pilih_nomor,
                    punya_rekap, tabel_rekap)
from .rekap_daftar import baris_daftar, catat_unduhan, kolom_rincian, kueri_daftar, sumber
from .rekap_syarat import TEMA_MAKS
from .rules import PREDIKAT, PREDIKAT_ORGANISASI
from .unduhan import JENIS_BERKAS, Teks, berkas
from .web import ada_atau_404, halaman, pastikan

bp = Blueprint("rekap", __name__)

TANPA_LINGKUP = ("Rekap hanya untuk superadmin, admin kepegawaian, pemantau, dan kepala unit "
                 "(untuk unitnya dan subunitnya).")


# ---------------------------------------------------------------- the header's link

KUNCI_KEPALA = "rekap_kepala"


def _sidik(aktor):
    """What the unit-head answer depends on in the person's own record."""
    return f"{aktor.id}:{aktor.unit_id}:{aktor.atasan_id}:{aktor.jenis_jabatan}:{aktor.version}"


def _kepala_diingat(aktor):
    """Whether `aktor` heads a unit, asked once per sign-in and remembered in
    the signed session cookie until their record changes (a new unit,
    atasan or jabatan bumps its version): the header shows the link on every
    page, and only a structural official with a team gets here. A change
    elsewhere in the tree (the atasan moved) shows after the next sign-in;
    the rekap pages themselves check the scope on every request."""
    sidik = _sidik(aktor)
    ingat = session.get(KUNCI_KEPALA)
    if not ingat or ingat[0] != sidik:
        ingat = session[KUNCI_KEPALA] = [sidik, unit_pimpinan(aktor) is not None]
    return ingat[1]


def tautan_rekap():
    """For base.html: show "Rekap" to the signed-in person."""
    return punya_rekap(current_user, lambda: _kepala_diingat(current_user))


@user_logged_in.connect
def _saat_masuk(app, user, **kwargs):
    """Answer the unit-head question at sign-in (a structural official's
    only), not on the first page."""
    punya_rekap(user, lambda: _kepala_diingat(user))


# ---------------------------------------------------------------- scope

def awalan_baca():
    """The reader's scope prefix ('' = the city); 403 for someone without one."""
    awalan = lingkup_baca(current_user)
    pastikan(awalan is not None, TANPA_LINGKUP)
    return awalan


def unit_rekap(unit_id, awalan):
    """The unit whose rekap is asked for: 404 unless it exists, 403 unless it
    lies in the reader's scope `awalan` (aborts; else returns the Unit)."""
    unit = ada_atau_404(Unit, Unit.id == unit_id, "Unit tidak ditemukan.")
    pastikan(unit.path.startswith(awalan), "Unit ini di luar lingkup rekap Anda.")
    return unit


def _angka_url(nama):
    """A number from the query string, None when absent; 400 when it is not one."""
    teks = request.args.get(nama, "")
    if not teks:
        return None
    try:
        return bulat(teks)
    except ValueError:
        abort(400, description=f"Isian {nama} harus angka, bukan \u201c{teks[:20]}\u201d.")


def pilihan_url():
    """(rekap.Pilihan, every periode) from ?periode=<year>&nomor=<period>; a
    period the year lacks 404, a nomor that is no number 400, both naming
    the valid range."""
    _angka_url("periode")
    periode, semua = pilih_periode()
    if periode is None:
        abort(404, description="Belum ada periode penilaian.")
    try:
        return pilih_nomor(periode, request.args.get("nomor") or None), semua
    except NomorSalah as exc:
        abort(404 if exc.angka else 400, description=str(exc))


def _unduh():
    """The file kind asked for (?unduh=), None for the page; 404 for an unknown one."""
    jenis = request.args.get("unduh") or None
    if jenis is not None and jenis not in JENIS_BERKAS:
        abort(404, description="Jenis berkas tidak dikenal. Pilih csv atau xlsx.")
    return jenis


def _filter(pilihan):
    """The URL arguments every link of the page keeps."""
    return {"periode": pilihan.periode.tahun, "nomor": pilihan.info.nomor}


def _tampil_rekap(awalan, unit):
    pilihan, semua = pilihan_url()
    unduh = _unduh()
    rekap = hitung_rekap(awalan, unit, pilihan)
    tabel = tabel_rekap(pilihan.info.label, pilihan.periode.tahun)
    if unduh:
        tabel_berkas = request.args.get("tabel", "angka")
        if tabel_berkas not in ("angka", "pelatihan"):
            abort(404, description="Tabel tidak dikenal. Pilih angka atau pelatihan.")
        judul, kolom, baris = (isi_rekap if tabel_berkas == "angka" else isi_pelatihan)(rekap)
        return _berkas(unduh, judul, kolom, baris, _nama_berkas(f"rekap-{tabel_berkas}", rekap.unit, pilihan))
    f = _filter(pilihan)
    for b in rekap.baris + [rekap.total]:  # each row's links, made once (not once per cell)
        b.url = url_for(".daftar", unit_id=b.unit.id, langsung=1, **f) if b.langsung else \
            url_for(".unit", unit_id=b.unit.id, **f) if b.unit else None
        b.url_daftar = url_for(".daftar", unit_id=b.unit.id, langsung=1 if b.langsung else None, **f) \
            if b.unit else None
    return render_template("rekap/rekap.html", rekap=rekap, tabel=tabel, pilihan=pilihan, semua_periode=semua,
                           filter=f, panduan=panduan(), organisasi=PREDIKAT_ORGANISASI, predikat_kunci=list(PREDIKAT),
                           label_predikat=PREDIKAT)


@bp.get("/rekap")
@login_required
def index():
    """The top of the reader's scope: the city for the superadmin, the OPD or
    unit of an admin, a pemantau or a unit head."""
    return _tampil_rekap(awalan_baca(), None)


@bp.get("/rekap/unit/<int:unit_id>")
@login_required
def unit(unit_id):
    """One unit's rekap: a row per subunit (its subtree), its own people, the total."""
    awalan = awalan_baca()
    return _tampil_rekap(awalan, unit_rekap(unit_id, awalan))


@bp.get("/rekap/unit/<int:unit_id>/daftar")
@login_required
def daftar(unit_id):
    """The list behind a number: ?jenis=<key of rekap.JENIS>; ?langsung=1 only
    the people placed in the unit itself; ?tema= one training need."""
    awalan = awalan_baca()
    u = unit_rekap(unit_id, awalan)
    jenis = request.args.get("jenis", "pegawai")
    if jenis not in JENIS:
        abort(404, description="Daftar ini tidak dikenal.")
    pilihan, semua = pilihan_url()
    unduh = _unduh()
    langsung = request.args.get("langsung") == "1"
    tema = (request.args.get("tema") or "")[:TEMA_MAKS] if jenis == "pelatihan" else ""
    kueri = kueri_daftar(jenis, pilihan, u.path, u.id if langsung else None, tema or None)
    if unduh:
        judul, kolom, baris = isi_daftar(jenis, pilihan, baris_daftar(jenis, pilihan, kueri))
        jawab = _berkas(unduh, judul, kolom, baris, _nama_berkas(f"daftar-{jenis}", u, pilihan))
        catat_unduhan(current_user, u, jenis, pilihan, unduh, langsung, tema)
        return jawab
    args = dict(_filter(pilihan), unit_id=u.id, jenis=jenis, langsung="1" if langsung else None, tema=tema)
    pg = halaman(kueri, args)
    pg.items = baris_daftar(jenis, pilihan, pg.items)
    leluhur = leluhur_dalam(awalan, u)
    return render_template("rekap/daftar.html", unit=u, jenis=jenis, judul=JENIS[jenis], pg=pg, pilihan=pilihan,
                           semua_periode=semua, filter=_filter(pilihan), langsung=langsung, tema=tema,
                           kolom=kolom_rincian(jenis), sumber=sumber(jenis), leluhur=leluhur, angka=ANGKA)


# ---------------------------------------------------------------- files: the same rows as the page

def _berkas(jenis, judul, kolom, baris, nama):
    """unduhan.berkas, semicolons for ?pemisah=titik-koma."""
    return berkas(jenis, judul, kolom, baris, nama, titik_koma=request.args.get("pemisah") == "titik-koma")


def _nama_unit(b):
    if b.unit is None:
        return "Jumlah"
    return f"{b.unit.nama} (pegawai langsung di unit ini)" if b.langsung else b.unit.nama


# The page's share columns (rekap.html's bars), in whole percent as the page shows them.
PERSEN = (("% SKP disetujui dari pegawai", "skp_disetujui", "pegawai"),
          ("% sudah dinilai dari SKP disetujui", "dinilai", "disetujui_semua"))


def isi_rekap(rekap):
    """(title, header, rows) of a level: every number of every table, a row
    per row of the page and the total last; the annual period adds the
    unit's predikat organisasi and the guidance's warnings."""
    p = rekap.pilihan
    kolom = ["Unit", "Kode unit"] + list(ANGKA.values()) + [judul for judul, _, _ in PERSEN]
    if p.tahunan:
        kolom += ["Predikat organisasi", "Peringatan panduan"]
    baris = []
    for b in rekap.baris + [rekap.total]:
        nama = "Jumlah" if b is rekap.total else _nama_unit(b)
        isi = [nama, b.unit.kode if b.unit is not None and b is not rekap.total else ""]
        isi += [b.angka[k] for k in ANGKA] + [b.persen(n, dari) for _, n, dari in PERSEN]
        if p.tahunan:
            isi += [PREDIKAT_ORGANISASI.get(b.predikat_unit, ""), "; ".join(b.peringatan)]
        baris.append(isi)
    judul = f"Rekap {rekap.total.unit.nama if rekap.total.unit else 'kota'} {p.periode.tahun} {p.info.label}"
    return judul, kolom, baris


def isi_pelatihan(rekap):
    """(title, header, rows) of the training needs: a row per theme and unit."""
    baris = [[t.label, _nama_unit(b), n] for t in rekap.pelatihan for b, n in t.per_baris]
    return f"Kebutuhan pelatihan {rekap.pilihan.periode.tahun}", \
        ["Pelatihan atau penugasan", "Unit", "Jumlah rencana"], baris


def isi_daftar(jenis, pilihan, orang):
    """(title, header, rows) of a list: the page's columns, NIP as text."""
    label = pilihan.info.label
    kolom = ["NIP", "Nama", "Jabatan", "Unit", "Status SKP", f"Evaluasi {label}", f"Predikat {label}"]
    rincian = kolom_rincian(jenis)
    baris = [[Teks(o.nip), o.nama, o.jabatan, o.unit, o.skp_label if o.skp_id else "Belum dibuat",
              o.ev_label if o.skp_id else "", o.predikat_label] + [o.rincian.get(k) for k in rincian]
             for o in orang]
    return f"{JENIS[jenis]} {pilihan.periode.tahun} {label}", kolom + list(rincian), baris


def _nama_berkas(dasar, unit, pilihan):
    kode = (unit.kode if unit is not None else "kota").lower()
    return f"{dasar}-{kode}-{pilihan.periode.tahun}-{pilihan.info.nomor}".replace("_", "-")
