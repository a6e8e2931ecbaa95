"""Admin: pegawai list with search and paging, create, edit, (de)activate,
one-time password reset, and the printed sheet of temporary passwords for a
unit or an import batch. Every object is checked against the admin's scope."""
import json

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import JOIN, fn
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..auth import admin_required, hash_sandi, sandi_sementara
from ..forms import KinerjaForm, bulat, pilihan
from ..htmx import render
from ..inti import Galat, alasan_tolak
from ..jam import sekarang
from ..kepegawaian import (atur_aktif_pegawai, cocok_pegawai, dalam_wewenang, pegawai_wewenang, periksa_akun,
                           simpan_pegawai, unit_wewenang)
from ..kueri import KueriTetap
from ..models import JENIS_ASN, JENIS_JABATAN, Pegawai, Unit, ujung_subpohon
from ..pengajuan import idempoten, kunci_pengajuan, sidik_isi
from ..riwayat import untuk as riwayat_untuk
from ..rules import ANGKA_NIP, RuleError, normalisasi_nip
from ..sandi_sekali import SudahDiterbitkan, atur_ulang_sandi_sekali, calon_lembar, terbitkan_lembar_sandi
from ..web import MAKS_CARI, ada_atau_404, halaman, kata_cari, pastikan, pastikan_boleh, proses, templat, tombol
from . import bp
from .impor_views import batch_terlihat
from .peran import periksa_atur_peran

# How many people the atasan search offers at once (the list to pick from
# after a name, and the suggestions while typing).
MAKS_CALON_ATASAN = 10


def cari_atasan(kata, kecuali=None):
    """Active pegawai in the signed-in admin's scope whose name contains, or
    whose NIP starts with, `kata`: at most MAKS_CALON_ATASAN + 1 (so a caller
    can tell "too many"), by name. `kecuali` (the pegawai being edited) is left out."""
    q = (pegawai_wewenang(current_user, Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan,
                          Pegawai.jenis_asn)
         .where((Pegawai.aktif == True) & cocok_pegawai(kata)))  # noqa: E712
    if kecuali is not None:
        q = q.where(Pegawai.id != kecuali.id)
    return list(q.order_by(Pegawai.nama, Pegawai.id).limit(MAKS_CALON_ATASAN + 1))


class PegawaiForm(KinerjaForm):
    """Add or edit a pegawai.

    Decisions (issue 13, item 10):
    - Jenis jabatan has no default: an empty "Pilih jenis jabatan" that must
      be chosen. Pelaksana is the most common kind, but fungsional (teachers,
      nurses) is close behind and a wrong JPT/non-JPT changes the SKP form
      (perspektif), so one deliberate tap beats a guess that is silently wrong.
    - The atasan field takes a NIP or a name. A NIP (only digits, spaces,
      dots, dashes) is looked up in the whole city, as before: the head of an
      OPD reports to someone outside the OPD admin's scope. A name is searched
      among the active pegawai in the admin's scope (part of the name is
      enough): one match is taken; several re-render the form (422) with a
      list to pick from (`atasan_pilih`, radio buttons, no JavaScript
      needed); none is a 422 message. Typed values are kept. With JavaScript
      the field also gets suggestions (a <datalist> filled by
      `pegawai_cari_atasan`, which is permission-checked like any page).
    """
    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi.")])
    nama = StringField("Nama lengkap", validators=[DataRequired("Nama wajib diisi."), Length(max=200)])
    jabatan = StringField("Jabatan", validators=[DataRequired("Jabatan wajib diisi."), Length(max=200)])
    jenis_jabatan = SelectField("Jenis jabatan",
                                choices=[SelectChoice("", "Pilih jenis jabatan\u2026")] + pilihan(JENIS_JABATAN.items()),
                                validators=[DataRequired("Jenis jabatan wajib dipilih.")])
    jenis_asn = SelectField("Jenis ASN", choices=pilihan(JENIS_ASN.items()))
    unit = SelectField("Unit kerja", coerce=bulat)
    nip_atasan = StringField("Atasan langsung", validators=[Optional(), Length(max=MAKS_CARI)])
    version = HiddenField()

    # The matches of a name that named several people, for the template's pick list.
    calon_atasan = ()

    def isi_pilihan(self, aktor):
        units = unit_wewenang(aktor).where(Unit.aktif == True)  # noqa: E712
        self.unit.choices = pilihan((u.id, "\u00a0\u00a0" * u.depth + u.nama) for u in units)

    def data_model(self, aktor, pegawai=None):
        """The form as model values; unknown unit/atasan become field errors."""
        data = {k: self[k].data for k in ("nip", "nama", "jabatan", "jenis_jabatan", "jenis_asn")}
        data["unit"] = unit_wewenang(aktor).where(Unit.id == self.unit.data).first()
        data["atasan"] = self.atasan_dari_isian(pegawai)
        return data

    def atasan_dari_isian(self, pegawai=None):
        """The atasan the field names (see the class docstring), or None when
        empty; raises Galat with a message for the field otherwise."""
        kata = (self.nip_atasan.data or "").strip()
        if not kata:
            return None
        nip = normalisasi_nip(kata)
        if ANGKA_NIP.fullmatch(nip):
            atasan = Pegawai.get_or_none(Pegawai.nip == nip)
            if atasan is None:
                raise Galat({"nip_atasan": "Atasan dengan NIP ini tidak ditemukan."})
            return atasan
        cocok = cari_atasan(kata, pegawai)
        pilih = request.form.get("atasan_pilih", type=bulat)
        terpilih = next((p for p in cocok[:MAKS_CALON_ATASAN] if p.id == pilih), None)
        if terpilih is not None or len(cocok) == 1:
            return Pegawai.get_by_id((terpilih or cocok[0]).id)
        if not cocok:
            raise Galat({"nip_atasan": f"Tidak ada pegawai aktif bernama \u201c{kata}\u201d dalam wewenang Anda. "
                                       "Periksa ejaan, atau ketik NIP atasan."})
        if len(cocok) > MAKS_CALON_ATASAN:
            raise Galat({"nip_atasan": f"Lebih dari {MAKS_CALON_ATASAN} pegawai cocok dengan \u201c{kata}\u201d. "
                                       "Ketik nama lebih lengkap atau NIP atasan."})
        self.calon_atasan = cocok
        raise Galat({"nip_atasan": f"{len(cocok)} pegawai cocok dengan \u201c{kata}\u201d. "
                                   "Pilih salah satu di bawah, lalu simpan lagi."})

    ALIAS_GALAT = {"atasan": "nip_atasan"}


KONFLIK_FIELDS = {
    "nip": lambda p: p.nip, "nama": lambda p: p.nama, "jabatan": lambda p: p.jabatan,
    "jenis_jabatan": lambda p: p.jenis_jabatan, "jenis_asn": lambda p: p.jenis_asn,
    "unit": lambda p: p.unit_id, "nip_atasan": lambda p: p.atasan.nip if p.atasan_id else "",
}


def _ambil(pegawai_id, aksi="lihat"):
    """The pegawai, 404 if unknown, 403 unless the admin may do `aksi` to the
    account (its unit in scope; to change it, less power than the admin's)."""
    pegawai = ada_atau_404(Pegawai, Pegawai.id == pegawai_id)
    pastikan_boleh(periksa_akun, current_user, pegawai, aksi)
    return pegawai


def _boleh(pegawai, aksi):
    """Whether the signed-in admin may do `aksi` to this account (to show the button)."""
    return alasan_tolak(periksa_akun, current_user, pegawai, aksi) is None


def _saringan(q, status):
    """The list's conditions: NIP prefix or part of the name, and status."""
    syarat = [cocok_pegawai(q)] if q else []
    if status in ("aktif", "nonaktif"):
        syarat.append(Pegawai.aktif == (status == "aktif"))
    return syarat


def _tabel(q):
    """A query of pegawai as the list's table reads it: only the columns it
    shows, the unit and atasan names joined (never a query per row)."""
    Atasan = Pegawai.alias()
    return (q.select(Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan, Pegawai.aktif,
                     Unit.nama, Atasan.nama)
            .join(Unit, on=(Pegawai.unit == Unit.id))
            .join_from(Pegawai, Atasan, JOIN.LEFT_OUTER, on=(Pegawai.atasan == Atasan.id))
            .order_by(Pegawai.nama, Pegawai.id).tuples())


class BarisPegawai:
    """One row of the list as its table shows it, made for the page's rows
    only (Peewee's model rows with the unit and atasan joined were a sixth
    of the page)."""
    __slots__ = ("id", "nip", "nama", "jabatan", "aktif", "unit_nama", "atasan_nama")

    def __init__(self, id, nip, nama, jabatan, aktif, unit_nama, atasan_nama):
        self.id, self.nip, self.nama, self.jabatan = id, nip, nama, jabatan
        self.aktif, self.unit_nama, self.atasan_nama = aktif, unit_nama, atasan_nama


def _kueri_daftar(lingkup, status):
    """The pegawai of the plain list (no search) in scope `lingkup`: None for
    the whole city, else (path, its length, ujung_subpohon) as parameters.
    The range searches the path index and SUBSTR keeps it exact (unlike
    Unit.dalam_subpohon, whose LIKE pattern is a parameter made from the
    path, which a stored query cannot bind)."""
    q = Pegawai.select(Pegawai.id)
    if lingkup is not None:
        path, panjang, ujung = lingkup
        q = q.where(Pegawai.unit.in_(Unit.select(Unit.id).where(
            (Unit.path >= path) & (Unit.path < ujung) & (fn.SUBSTR(Unit.path, 1, panjang) == path))))
    return q.where(*_saringan("", status)) if status in ("aktif", "nonaktif") else q


def _tetap(kota, status, tabel):
    bentuk = _tabel if tabel else (lambda q: q.select(fn.COUNT(Pegawai.id)))
    if kota:
        return KueriTetap(lambda: bentuk(_kueri_daftar(None, status)))
    return KueriTetap(lambda path, panjang, ujung: bentuk(_kueri_daftar((path, panjang, ujung), status)),
                      str, int, str)


# The plain list is what every visit reads: its SQL is built once per shape
# (kueri.KueriTetap), {(whole city?, status): (the page's rows, the count)}.
_DAFTAR_TETAP = {(kota, status): (_tetap(kota, status, True), _tetap(kota, status, False))
                 for kota in (True, False) for status in ("aktif", "nonaktif", "semua")}


def _daftar_pegawai(aktor, q, status):
    """(rows, count query or None) of the admin's list for web.halaman: one
    COUNT of the pegawai alone and one page. Stored queries for a plain
    list; Peewee builds a search or a scope with no ujung_subpohon."""
    prefix = aktor.scope_path()
    ujung = ujung_subpohon(prefix) if prefix else None
    if not q and status in ("aktif", "nonaktif", "semua") and (prefix == "" or ujung is not None):
        baris, hitung = _DAFTAR_TETAP[(prefix == "", status)]
        nilai = () if prefix == "" else (prefix, len(prefix), ujung)
        return baris.daftar(*nilai).dengan_jumlah(hitung.nilai(*nilai)), None
    hitung = pegawai_wewenang(aktor, Pegawai.id)
    for syarat in _saringan(q, status):
        hitung = hitung.where(syarat)
    return _tabel(hitung), hitung


@bp.get("/pegawai")
@admin_required
def pegawai_daftar():
    """Search by NIP or nama, filter by unit and status, paged."""
    q = kata_cari()
    status = request.args.get("status", "aktif")
    baris, hitung = _daftar_pegawai(current_user, q, status)
    pg = halaman(baris, {"q": q, "status": status}, hitung=hitung)
    pg.items = [BarisPegawai(*x) for x in pg.items]
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
    return proses(form, simpan, templat("admin/pegawai_form.html", form=form, pegawai=None), KONFLIK_FIELDS)


@bp.get("/pegawai/<int:pegawai_id>")
@admin_required
def pegawai_detail(pegawai_id):
    """Profile, account state and history of one pegawai."""
    pegawai = _ambil(pegawai_id)
    bawahan = list(pegawai.bawahan.where(Pegawai.aktif == True).order_by(Pegawai.nama))  # noqa: E712
    boleh = {aksi: _boleh(pegawai, aksi) for aksi in ("ubah", "atur_sandi", "aktifkan" if not pegawai.aktif
                                                      else "nonaktifkan")}
    return render_template("admin/pegawai_detail.html", p=pegawai, bawahan=bawahan, boleh=boleh,
                           boleh_peran=alasan_tolak(periksa_atur_peran, current_user, pegawai) is None,
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
        simpan_pegawai(current_user, form.data_model(current_user, pegawai), pegawai, form.version.data)
        return url_for(".pegawai_detail", pegawai_id=pegawai.id), "Perubahan disimpan."
    return proses(form, simpan, templat("admin/pegawai_form.html", form=form, pegawai=pegawai), KONFLIK_FIELDS)


@bp.post("/pegawai/<int:pegawai_id>/aktif")
@admin_required
@idempoten
def pegawai_aktif(pegawai_id):
    """Deactivate (cannot log in, leaves lists) or reactivate."""
    aktif = request.form.get("aktif") == "1"
    pegawai = _ambil(pegawai_id, "aktifkan" if aktif else "nonaktifkan")
    return tombol(lambda: atur_aktif_pegawai(current_user, pegawai, aktif, request.form.get("version")),
                  f"{pegawai.nama} {'diaktifkan' if aktif else 'dinonaktifkan'}.",
                  url_for(".pegawai_detail", pegawai_id=pegawai.id), lambda: pegawai_detail(pegawai.id))


@bp.post("/pegawai/<int:pegawai_id>/sandi")
@admin_required
@idempoten
def pegawai_reset_sandi(pegawai_id):
    """Set a one-time password and show it in this answer, once
    (`Cache-Control: no-store`): it is kept nowhere. (It used to wait for
    the next page in the session cookie, which is signed but readable by
    anyone holding the cookie.) A replay of the same submission makes no
    second password and says when the first was issued, as the sheet does."""
    pegawai = _ambil(pegawai_id, "atur_sandi")
    if not KinerjaForm().validate_on_submit():
        return redirect(url_for(".pegawai_detail", pegawai_id=pegawai.id), code=303)
    if kunci_pengajuan() is None:
        abort(400, description="Kunci pengajuan (submission_id) hilang. Muat ulang halaman, lalu kirim lagi.")
    try:
        sandi = atur_ulang_sandi_sekali(current_user, pegawai, hash_sandi, sandi_sementara,
                                        kunci_pengajuan(), sidik_isi())
    except SudahDiterbitkan as exc:
        if not exc.sama:
            abort(409, description="Kunci pengajuan ini sudah dipakai untuk isian yang berbeda. "
                                   "Muat ulang halaman lalu kirim lagi.")
        return _tanpa_simpan(render("admin/pegawai_sandi.html", p=pegawai, sudah=exc.penanda))
    except RuleError as exc:  # the account changed while the password was made (kepegawaian.belum_berubah)
        abort(409, description=str(exc))
    return _tanpa_simpan(render("admin/pegawai_sandi.html", p=pegawai, sandi=sandi))


@bp.get("/pegawai/<int:pegawai_id>/sandi-sementara")
@admin_required
def pegawai_sandi_sementara(pegawai_id):
    """An old link to the one-time password page: the password was shown in
    the answer that made it and cannot be shown again."""
    pegawai = _ambil(pegawai_id, "atur_sandi")
    return _tanpa_simpan(render("admin/pegawai_sandi.html", p=pegawai))


@bp.get("/pegawai/atasan")
@admin_required
def pegawai_cari_atasan():
    """Suggestions for the atasan field while typing (an htmx fragment of
    <option>s for its <datalist>): active pegawai in the admin's scope only,
    by part of the name or the start of the NIP. Two characters at least."""
    kata = (request.args.get("nip_atasan") or request.args.get("q") or "").strip()
    if len(kata) > MAKS_CARI:
        abort(400, description=f"Kata pencarian paling banyak {MAKS_CARI} karakter.")
    cocok = cari_atasan(kata)[:MAKS_CALON_ATASAN] if len(kata) >= 2 else []
    return render_template("admin/_atasan_saran.html", cocok=cocok)


# ---------------------------------------------------------------- password sheet

# People per sheet: each password is hashed with the production method
# (scrypt, about 0.1 s each), so a sheet of 30 answers in a few seconds;
# 30 slips are three A4 pages.
MAKS_LEMBAR = 30
KOLOM_LEMBAR = (Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan, Pegawai.jenis_asn,
                Pegawai.wajib_ganti_sandi, Pegawai.password_hash.is_null().alias("tanpa_sandi"),
                Unit.id, Unit.nama)
TAMPIL_LEMBAR = {"baru": "Belum punya kata sandi sendiri", "semua": "Semua pegawai aktif"}


class LembarForm(KinerjaForm):
    yakin = BooleanField("Saya mengerti: kata sandi lama mereka tidak berlaku lagi, mereka dikeluarkan dari "
                         "semua perangkat, dan lembar ini hanya tampil sekali.",
                         validators=[DataRequired("Centang pernyataan ini untuk membuat lembar.")])


def _sasaran_lembar():
    """What the sheet is for, from `unit` or `batch` in the URL: (the Unit or
    ImporBatch, its label, the query of its people), or (None, None, None).

    A unit: 404 if unknown, 403 out of the admin's scope; its people are its
    whole subtree. A batch: 404 unless the admin applied it (or is
    superadmin); its people are those the import created. Either way only
    accounts `calon_lembar` allows (active, ordinary, in scope, not oneself).
    """
    batch_id = request.args.get("batch", type=bulat)
    if batch_id is not None:
        batch = batch_terlihat(batch_id)
        ids = [b["id"] for b in json.loads(batch.hasil or "{}").get("pegawai_baru", [])]
        syarat, objek, label = Pegawai.id.in_(ids), batch, f"impor berkas {batch.nama_file}"
    else:
        unit_id = request.args.get("unit", type=bulat)
        if unit_id is None:
            return None, None, None
        objek = ada_atau_404(Unit, Unit.id == unit_id)
        pastikan(dalam_wewenang(current_user, objek), "Unit ini di luar wewenang Anda.")
        syarat = Pegawai.unit.in_(Unit.select(Unit.id).where(Unit.dalam_subpohon(objek.path)))
        label = f"unit {objek.nama}"
    calon = (calon_lembar(current_user, *KOLOM_LEMBAR).where(syarat)
             .join(Unit, on=(Pegawai.unit == Unit.id), attr="unit")
             .order_by(Unit.path, Pegawai.nama, Pegawai.id))
    return objek, label, calon


def _tampil():
    tampil = request.args.get("tampil", "baru")
    return tampil if tampil in TAMPIL_LEMBAR else "baru"


def _saring_tampil(calon, tampil):
    if tampil == "baru":
        return calon.where(Pegawai.password_hash.is_null() | (Pegawai.wajib_ganti_sandi == True))  # noqa: E712
    return calon


def _tanpa_simpan(response):
    """A page with passwords (or about them): no browser or proxy keeps it."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/lembar-sandi", methods=["GET", "POST"])
@admin_required
@idempoten
def lembar_sandi():
    """A printable, one-time sheet of temporary passwords for a unit
    (`?unit=`) or an import batch (`?batch=`).

    GET lists the people (default: those who have no password yet or still
    hold a temporary one; `?tampil=semua`: every active ordinary account),
    those needing one ticked, MAKS_LEMBAR a page. The POST (the same URL, so
    the filters stay) issues a password to each ticked person and answers
    with the sheet itself: the passwords exist only in that answer (no GET
    shows them again, `Cache-Control: no-store`), only hashes are stored,
    each account must change it at next login and its sessions end.

    Decision on a replay: a second POST with the same submission_id (double
    click, reload, back-and-resubmit) makes no new passwords; it answers
    with a page saying the sheet was already issued at HH.MM, for how many
    people, and a link to open the list again to issue a new sheet on
    purpose. (pengajuan.idempoten keeps only redirects as answers to replay,
    and a sheet cannot be replayed without storing the passwords, so the
    issue leaves its own marker: sandi_sekali.kunci_terbit. A replay while the
    first is still running gets idempoten's 409 "sedang diproses".)
    Tampered ids (out of scope, inactive, admin accounts) refuse the whole
    sheet with 422: nothing is issued.
    """
    objek, label, calon = _sasaran_lembar()
    form = LembarForm()
    if objek is None:
        if request.method == "POST":
            abort(400, description="Pilih unit dulu.")
        units = unit_wewenang(current_user).where(Unit.aktif == True)  # noqa: E712
        return render_template("admin/lembar_sandi_pilih.html", form=form, objek=None, units=units)
    tampil = _tampil()
    if request.method == "POST":
        return _terbitkan_lembar(form, objek, label, calon, tampil)
    return _halaman_pilih(form, objek, label, calon, tampil, None)


def _halaman_pilih(form, objek, label, calon, tampil, dipilih, status=200):
    """The list to choose from; `dipilih` (ids) are ticked, or by default
    those without a password of their own."""
    args = {"unit": objek.id} if isinstance(objek, Unit) else {"batch": objek.id}
    pg = halaman(_saring_tampil(calon, tampil), dict(args, tampil=tampil), size=MAKS_LEMBAR)
    if dipilih is None:
        dipilih = {p.id for p in pg.items if p.tanpa_sandi or p.wajib_ganti_sandi}
    return render_template("admin/lembar_sandi_pilih.html", form=form, objek=objek, label=label, pg=pg,
                           args=args, tampil=tampil, pilihan_tampil=TAMPIL_LEMBAR, dipilih=dipilih,
                           maks=MAKS_LEMBAR), status


def _terbitkan_lembar(form, objek, label, calon, tampil):
    """Check the ticked ids and issue the sheet, or re-render the list (422)."""
    try:
        ids = list(dict.fromkeys(bulat(v) for v in request.form.getlist("pegawai")))
    except ValueError:
        abort(400, description="Pilihan pegawai tidak valid.")
    if kunci_pengajuan() is None:
        abort(400, description="Kunci pengajuan (submission_id) hilang. Muat ulang halaman, lalu kirim lagi.")
    if form.validate_on_submit():
        if not ids:
            form.form_errors.append("Pilih sedikitnya satu pegawai.")
        elif len(ids) > MAKS_LEMBAR:
            form.form_errors.append(f"Satu lembar paling banyak {MAKS_LEMBAR} pegawai.")
        else:
            daftar = list(calon.where(Pegawai.id.in_(ids)))
            if len(daftar) != len(ids):
                form.form_errors.append("Ada pegawai yang dipilih di luar wewenang Anda, nonaktif, atau akun "
                                        "admin. Tidak ada kata sandi yang dibuat.")
            else:
                try:
                    hasil = terbitkan_lembar_sandi(current_user._get_current_object(), daftar, hash_sandi,
                                                   sandi_sementara, kunci_pengajuan(),
                                                   sidik_isi(), objek, label)
                except SudahDiterbitkan as exc:
                    return _sudah_terbit(exc, objek, label, tampil)
                except RuleError as exc:
                    form.form_errors.append(str(exc))
                else:
                    return _tanpa_simpan(make_response(render_template(
                        "admin/lembar_sandi.html", hasil=hasil, label=label, waktu=sekarang(),
                        kembali=_url_pilih(objek, tampil))))
    return _halaman_pilih(form, objek, label, calon, tampil, set(ids), 422)


def _url_pilih(objek, tampil):
    args = {"unit": objek.id} if isinstance(objek, Unit) else {"batch": objek.id}
    return url_for(".lembar_sandi", tampil=tampil, **args)


def _sudah_terbit(exc, objek, label, tampil):
    """The answer to a replayed sheet: when it was issued, nothing new."""
    if not exc.sama:
        return render_template("errors/pesan.html", judul="Pengajuan ditolak",
                               pesan="Kunci pengajuan ini sudah dipakai untuk isian yang berbeda. "
                                     "Muat ulang formulir lalu kirim lagi."), 409
    return _tanpa_simpan(make_response(render_template(
        "admin/lembar_sandi.html", hasil=None, sudah=exc.penanda, label=label,
        kembali=_url_pilih(objek, tampil))))
