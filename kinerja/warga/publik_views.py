"""Public citizen pages of suara warga (no login): the survey (SKM), the
complaint form, a complaint's ticket status, the unit's transparency page,
the QR poster and its SVG, and the short URL the QR holds.

What makes them public pages:
- their own small base template: no app.js, no staff header, nothing reads
  the login session (current_user) to draw a page;
- the public part of app.css (the section after "suara warga: public
  pages") is inlined into every page, allowed by its hash in these views'
  own CSP; the staff app's "stylesheet cached" cookie is never set, so the
  only cookie is Flask's session, holding the CSRF secret;
- CSRF is checked by each form (KinerjaForm), not by the app-wide guard, so
  a citizen whose session lapsed gets the form back with the answers kept
  instead of the staff login page;
- errors of these views answer with a public page too, whatever the
  HTTP status (a 409 of a reused submission_id included);
- a form page is never stored by a browser or proxy (it holds the
  session's CSRF token): `Cache-Control: private, no-store`.
A unit is public while it is active and has at least one active Layanan.
"""
import os
import re
from urllib.parse import urlencode

from flask import current_app, make_response, redirect, render_template, request, url_for
from markupsafe import Markup
from peewee import OperationalError, fn
from werkzeug.exceptions import HTTPException, default_exceptions
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Length

from .. import ROOT, csrf, db
from ..forms import KinerjaForm, pilihan
from ..jam import hari_ini
from ..keamanan import alamat_klien, kebijakan
from ..models import Unit
from ..pengajuan import idempoten
from ..rules import RuleError
from ..rules import warga as aturan
from ..web import coba
from . import publik, ukuran
from . import survei as suara
from .models import Layanan
from .poster import qr_svg, url_pendek, url_publik

PENANDA_CSS = "/* suara warga: public pages */"


def _css_publik():
    """The public section of app.css, comments stripped (read once per process)."""
    with open(os.path.join(ROOT, "static", "css", "app.css"), encoding="utf-8") as fh:
        teks = fh.read()
    bagian = teks.split(PENANDA_CSS, 1)[1] if PENANDA_CSS in teks else ""
    return re.sub(r"/\*.*?\*/\n?", "", bagian, flags=re.S).strip()


CSS_PUBLIK = _css_publik()
csrf.exempt(publik)


def halaman_publik(view):
    """A public view: its CSP allows the inlined public stylesheet by its hash (Flask-Talisman per-view options)."""
    view.talisman_view_options = {"content_security_policy": kebijakan(CSS_PUBLIK)}
    return view


@publik.context_processor
def _konteks():
    return {"css_publik": Markup(CSS_PUBLIK)}


# ---------------------------------------------------------------- forms

def _rapi(teks):
    return suara.rapikan_teks(teks) if isinstance(teks, str) else teks


def _kode():
    return StringField("Kode layanan (tidak wajib)",
                       validators=[Length(max=20, message="Kode layanan terlalu panjang.")])


def _umpan():
    return StringField("Jangan diisi", validators=[Length(max=200)])


# Made before the forms' other fields: WTForms orders fields (and the error
# summary) by when they were made, and the questions come first.
_UNSUR = {u.kolom: RadioField(f"Pertanyaan {i}", choices=pilihan((str(n), j) for n, j in enumerate(u.jawaban, 1)),
                              validate_choice=False)  # answers are checked by the service, with its messages
          for i, u in enumerate(aturan.UNSUR, 1)}


class SurveiForm(KinerjaForm):
    """The SKM questionnaire: u1..u9, a comment, the optional service code,
    the honeypot and the form's age."""
    komentar = TextAreaField("Komentar atau saran (tidak wajib)", filters=[_rapi], validators=[Length(
        max=aturan.MAKS_KOMENTAR, message=f"Komentar paling banyak {aturan.MAKS_KOMENTAR} karakter.")])
    kode = _kode()
    situs_web = _umpan()
    waktu = HiddenField()


for _kolom, _isian in _UNSUR.items():
    setattr(SurveiForm, _kolom, _isian)


class PengaduanForm(KinerjaForm):
    """A complaint: what happened, the optional code and contact, the honeypot and the form's age."""
    isi = TextAreaField("Apa yang terjadi?", filters=[_rapi], validators=[Length(
        max=aturan.MAKS_ADUAN, message=f"Isi pengaduan paling banyak {aturan.MAKS_ADUAN} karakter.")])
    kode = _kode()
    kontak = StringField("Nomor telepon atau e-mail (tidak wajib)", filters=[_rapi], validators=[Length(
        max=aturan.MAKS_KONTAK, message=f"Kontak paling banyak {aturan.MAKS_KONTAK} karakter.")])
    situs_web = _umpan()
    waktu = HiddenField()


# ---------------------------------------------------------------- helpers

def _unit_publik(kode):
    """The active unit of `kode` (any case) with an active Layanan; 404 otherwise (2 queries)."""
    unit = None
    if len(kode) <= 30:
        unit = Unit.select().where((fn.UPPER(Unit.kode) == kode.upper()) & (Unit.aktif == True)).first()  # noqa: E712
    if unit is None:
        raise _Tolak(404, "Unit tidak ditemukan. Periksa alamat pada poster atau slip.")
    if not Layanan.select().where((Layanan.unit == unit.id) & (Layanan.aktif == True)).exists():  # noqa: E712
        raise _Tolak(404, "Unit ini belum membuka survei layanan.")
    return unit


class _Tolak(Exception):
    """A public page that cannot be shown: its status and the message a citizen reads."""

    def __init__(self, code, pesan):
        super().__init__(pesan)
        self.code = code


def _asal():
    return suara.Asal(alamat_klien(), suara.perangkat())


def _kirim(form, aksi):
    """Validate `form` and run `aksi()` (a service of kinerja.warga.survei):
    None when stored (its value in form.hasil), else (status, headers) with
    the messages put in the form."""
    if not form.validate():
        if form.csrf_token.errors:  # a lapsed session: 400 as everywhere, but the answers kept
            form.csrf_token.errors = [suara.TIDAK_SAH]
            return 400, {}
        return 422, {}
    try:
        status, _ = coba(form, aksi)
    except suara.Dibatasi as exc:
        form.form_errors.append(str(exc))
        return 429, {"Retry-After": str(exc.menit * 60)}
    return None if status is None else (status, {})


TANPA_SIMPAN = {"Cache-Control": "private, no-store"}


def _tampil(templat, unit, form, jenis, status=200, header=None, **konteks):
    """A form page, never cached (it holds the CSRF token); the form's age
    token is kept while valid, else a fresh one."""
    if not suara.token_masih_sah(form.waktu.data, unit.id, jenis):
        form.waktu.data = suara.token_waktu(unit.id, jenis)
    return render_template(templat, unit=unit, form=form, **konteks), status, {**(header or {}), **TANPA_SIMPAN}


# ---------------------------------------------------------------- pages

@publik.get("/s/<kode>")
@halaman_publik
def pendek(kode):
    """The short URL on the poster's QR: to the survey, a slip's `?kode=` passed on."""
    unit = _unit_publik(kode)
    kode_layanan = request.args.get("kode", "").strip()[:20]
    # The unit's code is in the path, the service's in the query: both are named "kode".
    tanya = "?" + urlencode({"kode": kode_layanan}) if kode_layanan else ""
    return redirect(url_for(".survei", kode=unit.kode) + tanya, 302)


def _isian(kode, Form, kirim, tujuan, templat, jenis, **konteks):
    """A citizen's form page: GET shows it (a slip's ?kode= filled in); POST
    stores it through `kirim(unit, data, asal)` (a service of
    kinerja.warga.survei) and goes to `tujuan(unit, hasil)` (303), or shows
    it again, answers kept, with the messages and the refusal's status."""
    unit = _unit_publik(kode)
    form = Form(kode=request.args.get("kode", "").strip()[:20])
    status, header = 200, {}
    if request.method == "POST":
        hasil = _kirim(form, lambda: kirim(unit, form.data, _asal()))
        if hasil is None:
            return redirect(tujuan(unit, form.hasil), 303)
        status, header = hasil
    return _tampil(templat, unit, form, jenis, status, header, **konteks)


@publik.route("/warga/<kode>/survei", methods=["GET", "POST"])
@halaman_publik
@idempoten
def survei(kode):
    """The SKM questionnaire: nine unsur, a comment and the optional service code."""
    return _isian(kode, SurveiForm, suara.kirim_survei, lambda unit, _: url_for(".terima_kasih", kode=unit.kode),
                  "warga/publik/survei.html", "skm", unsur=aturan.UNSUR)


@publik.get("/warga/<kode>/terima-kasih")
@halaman_publik
def terima_kasih(kode):
    """Thanks after a survey (the same page whether or not it was flagged)."""
    return render_template("warga/publik/terima_kasih.html", unit=_unit_publik(kode))


@publik.route("/warga/<kode>/pengaduan", methods=["GET", "POST"])
@halaman_publik
@idempoten
def pengaduan(kode):
    """The complaint form; a stored complaint goes to its ticket page."""
    return _isian(kode, PengaduanForm, suara.kirim_pengaduan, lambda _, aduan: url_for(".tiket", tiket=aduan.tiket),
                  "warga/publik/pengaduan.html", "aduan")


def _cari(teks, salah=422):
    """(complaint or None, status, message, headers) of a ticket typed as `teks`."""
    try:
        aduan = suara.cari_tiket(teks, alamat_klien())
    except suara.Dibatasi as exc:
        return None, 429, str(exc), {"Retry-After": str(exc.menit * 60)}
    except RuleError as exc:
        return None, salah, str(exc), {}
    if aduan is None:
        return None, 404, suara.TIKET_TIDAK_ADA, {}
    return aduan, 200, "", {}


PRIBADI = {**TANPA_SIMPAN, "X-Robots-Tag": "noindex"}


@publik.get("/warga/tiket")
@halaman_publik
def tiket_cari():
    """Look a complaint up by its ticket (a GET form); found -> its page."""
    teks = request.args.get("tiket", "")[:40]
    if not teks.strip():
        return render_template("warga/publik/tiket_cari.html", tiket="", pesan="")
    aduan, status, pesan, header = _cari(teks)
    if aduan is not None:
        return redirect(url_for(".tiket", tiket=aduan.tiket), 303)
    return render_template("warga/publik/tiket_cari.html", tiket=teks, pesan=pesan), status, {**header, **PRIBADI}


@publik.get("/warga/tiket/<tiket>")
@halaman_publik
def tiket(tiket):
    """A complaint's status and the unit's answer; nothing else of it."""
    aduan, status, pesan, header = _cari(tiket[:40], salah=404)
    if aduan is None:
        return render_template("warga/publik/tiket_cari.html", tiket=tiket[:40], pesan=pesan), status, \
            {**header, **PRIBADI}
    return render_template("warga/publik/tiket.html", aduan=aduan, unit=aduan.unit), 200, PRIBADI


@publik.get("/warga/<kode>/transparansi")
@halaman_publik
def transparansi(kode):
    """The unit's figures of this and the previous calendar quarter: aggregates only (8 queries)."""
    unit = _unit_publik(kode)
    periode = []
    for mundur in (0, 1):
        awal, akhir, nama = aturan.triwulan(hari_ini(), mundur)
        periode.append({"nama": nama, "awal": awal, "akhir": akhir,
                        "skm": ukuran.skm_unit(unit.id, awal, akhir),
                        "layanan": ukuran.layanan_unit(unit.id, awal, akhir),
                        "aduan": ukuran.pengaduan_unit(unit.id, awal, akhir)})
    return render_template("warga/publik/transparansi.html", unit=unit, periode=periode,
                           minimal=aturan.MIN_RESPONDEN)


@publik.get("/warga/<kode>/poster")
@halaman_publik
def poster(kode):
    """The unit's QR poster, printed on one A4 page."""
    unit = _unit_publik(kode)
    url = url_pendek(unit)
    return render_template("warga/publik/poster.html", unit=unit, url=url,
                           qr=Markup(qr_svg(url, f"Kode QR survei {unit.nama}: {url}")),
                           url_aduan=url_publik("publik.pengaduan", kode=unit.kode),
                           url_transparansi=url_publik("publik.transparansi", kode=unit.kode))


@publik.get("/warga/<kode>/qr.svg")
@halaman_publik
def qr(kode):
    """The QR of the unit's short URL as an SVG file (cacheable for a day)."""
    unit = _unit_publik(kode)
    response = make_response(qr_svg(url_pendek(unit), f"Kode QR survei {unit.nama}"))
    response.mimetype = "image/svg+xml"
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)


# ---------------------------------------------------------------- errors

JUDUL = {400: "Permintaan tidak valid", 403: "Tidak diizinkan", 404: "Tidak ditemukan",
         405: "Metode tidak diizinkan", 409: "Kiriman bentrok", 413: "Kiriman terlalu besar",
         429: "Terlalu banyak permintaan",
         500: "Terjadi kesalahan"}
PESAN = {400: "Permintaan tidak bisa diproses.", 404: "Halaman yang dicari tidak ada.",
         413: "Kiriman melebihi batas ukuran.", 500: "Maaf, terjadi kesalahan di server. Coba lagi sebentar lagi."}


def _halaman_galat(judul, pesan, code, header=None):
    return render_template("warga/publik/pesan.html", judul=judul, pesan=pesan), code, header or {}


@publik.errorhandler(_Tolak)
def _ditolak(error):
    return _halaman_galat(JUDUL.get(error.code, "Kesalahan"), str(error), error.code)


def _galat_http(error):
    code = getattr(error, "code", 500) or 500
    desc = getattr(error, "description", None)
    pesan = desc if code != 500 and desc and not desc.startswith(("The ", "A ", "You ")) else PESAN.get(
        code, "Permintaan tidak bisa diproses.")
    # Keep what the error says to clients (Allow, Retry-After), not its page's type.
    header = {k: v for k, v in error.get_headers() if k.lower() != "content-type"} \
        if isinstance(error, HTTPException) else {}
    return _halaman_galat(JUDUL.get(code, "Kesalahan"), pesan, code, header)


# Every HTTP error of these views, whatever its code (409 from idempoten,
# 400 from the app-wide NUL check, ...): a staff page never appears here.
# By each code, since Flask prefers the app's handler of a code to a
# blueprint's handler of the HTTPException class; the class for the rest.
for _code in default_exceptions:
    publik.register_error_handler(_code, _galat_http)
publik.register_error_handler(HTTPException, _galat_http)


@publik.errorhandler(OperationalError)
def _basis_data_sibuk(error):
    if not db.sibuk(error):
        current_app.logger.exception("galat basis data")
        return _halaman_galat(JUDUL[500], PESAN[500], 500)
    return _halaman_galat("Server sedang sibuk", "Server sedang sibuk sehingga kiriman Anda belum tersimpan. "
                          "Kirim lagi sebentar lagi; tidak ada yang tersimpan dua kali.", 503, {"Retry-After": "2"})
