"""The account pages: log in with NIP and password, log out, change the
password, and the list of signed-in devices (the rules they use are in
kinerja/auth.py and kinerja/sesi.py)."""
import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from . import sesi
from .auth import aman_next, batas_login, hash_sandi, ingat_perangkat, periksa_login
from .batas import ambil_jatah, kembalikan
from .db import database
from .forms import KinerjaForm
from .keamanan import alamat_klien
from .pengajuan import idempoten
from .riwayat import catat
from .rules import RuleError, normalisasi_nip, periksa_nip

bp = Blueprint("auth", __name__)


def _nip_angka(form, field):
    """Only the digits 0-9 count (after spaces, dots and dashes), as everywhere else."""
    try:
        periksa_nip(field.data, "pppk")
    except RuleError as exc:
        raise ValidationError(str(exc)) from None


class LoginForm(KinerjaForm):
    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi."), Length(max=40), _nip_angka])
    password = PasswordField("Kata sandi", validators=[DataRequired("Kata sandi wajib diisi."), Length(max=128)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with NIP and password."""
    if current_user.is_authenticated:
        return redirect(url_for("beranda.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200
    nip, addr = normalisasi_nip(form.nip.data), alamat_klien()
    tunggu, jatah = ambil_jatah(batas_login(nip, addr), current_app.config["LOGIN_WINDOW_MINUTES"])
    if tunggu:
        form.form_errors.append(f"Terlalu banyak percobaan masuk yang gagal. Coba lagi {tunggu} menit lagi.")
        return render_template("auth/login.html", form=form), 429
    user = periksa_login(nip, form.password.data)
    if user is None:
        form.form_errors.append("NIP atau kata sandi salah.")
        return render_template("auth/login.html", form=form), 401
    kembalikan(jatah, f"nipaddr:{nip}:{addr}")
    sesi.buka(user, addr)
    login_user(user)
    response = redirect(aman_next(request.args.get("next")) or url_for("beranda.index"), code=303)
    ingat_perangkat(response, nip)
    return response


def login_kedaluwarsa():
    """The login form sent with a CSRF token the session no longer holds (the
    page stood open past a restart or a logout elsewhere on this device):
    shown again with a fresh token and the NIP kept, not bounced to itself."""
    form = LoginForm()
    form.form_errors.append("Halaman masuk sudah kedaluwarsa. Isi kata sandi lagi, lalu tekan Masuk.")
    return render_template("auth/login.html", form=form), 400


@bp.post("/logout")
def logout():
    """Log out (POST only, so a link prefetch cannot sign anyone out). The
    session row ends too: a copy of the cookie is refused from now on."""
    if current_user.is_authenticated:  # loads the session row (sesi.muat) before ending it
        sesi.tutup(sesi.sesi_ini())
    logout_user()
    session.clear()
    flash("Anda sudah keluar.", "info")
    response = redirect(url_for("auth.login"), code=303)
    # A shared computer: the browser drops its HTTP cache of this person's pages.
    # (app.js has already emptied the offline copies, drafts and outbox.)
    response.headers["Clear-Site-Data"] = '"cache"'
    # ...so the stylesheet is no longer cached either: inline it again next time.
    response.delete_cookie("kinerja_css")
    return response


class GantiSandiForm(KinerjaForm):
    lama = PasswordField("Kata sandi sekarang", validators=[DataRequired(), Length(max=128)])
    baru = PasswordField("Kata sandi baru", validators=[
        DataRequired(), Length(min=8, max=128, message="Kata sandi baru paling sedikit 8 karakter.")])
    ulangi = PasswordField("Ulangi kata sandi baru", validators=[
        DataRequired(), EqualTo("baru", message="Ulangan kata sandi tidak sama.")])


@bp.route("/akun/sandi", methods=["GET", "POST"])
@login_required
@idempoten
def ganti_sandi():
    """Change one's own password; required after a reset. Every other device
    is signed out; wrong current passwords are limited like logins."""
    form = GantiSandiForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        tunggu, jatah = ambil_jatah([(f"sandi:{current_user.id}", current_app.config["SANDI_MAX_FAILURES"])],
                                    current_app.config["LOGIN_WINDOW_MINUTES"])
        if tunggu:
            form.form_errors.append(f"Terlalu banyak kata sandi salah. Coba lagi {tunggu} menit lagi.")
            return render_template("auth/ganti_sandi.html", form=form), 429
        if not check_password_hash(current_user.password_hash or "", form.lama.data):
            form.lama.errors.append("Kata sandi sekarang salah.")
            return render_template("auth/ganti_sandi.html", form=form), 422
        kembalikan(jatah)
        if form.baru.data == form.lama.data:
            form.baru.errors.append("Kata sandi baru harus berbeda dari yang lama.")
        elif form.baru.data == current_user.nip:
            form.baru.errors.append("Kata sandi tidak boleh sama dengan NIP.")
        else:
            user = current_user._get_current_object()
            with database.atomic():
                user.password_hash = hash_sandi(form.baru.data)
                user.wajib_ganti_sandi = False
                user.login_token = secrets.token_urlsafe(24)
                user.save()
                sesi.tutup_semua(user.id)
                catat(user, user, "ubah_sandi")
            sesi.buka(user, alamat_klien())
            login_user(user)
            flash("Kata sandi sudah diganti. Perangkat lain yang masuk dengan akun ini sudah dikeluarkan.", "sukses")
            return redirect(url_for("beranda.index"), code=303)
    return render_template("auth/ganti_sandi.html", form=form), status


# ---------------------------------------------------------------- devices

@bp.get("/akun/perangkat")
@login_required
def perangkat():
    """Where this account is signed in; each device can be signed out."""
    return render_template("auth/perangkat.html", daftar=sesi.daftar(current_user.id), ini=sesi.sesi_ini(),
                           form=KinerjaForm())


@bp.post("/akun/perangkat/<int:sesi_id>/keluar")
@login_required
@idempoten
def perangkat_keluar(sesi_id):
    """Sign one of my devices out (another person's session is 404)."""
    if not KinerjaForm().validate_on_submit():
        abort(400, description="Formulir tidak sah. Muat ulang halaman, lalu coba lagi.")
    milik = next((s for s in sesi.daftar(current_user.id) if s.id == sesi_id), None)
    if milik is None:
        abort(404)
    sesi.tutup(milik.id)
    catat(current_user, current_user, "perangkat_dikeluarkan", None, {"perangkat": milik.perangkat})
    if milik.id == sesi.sesi_ini():
        logout_user()
        session.clear()
        flash("Perangkat ini sudah dikeluarkan.", "info")
        return redirect(url_for("auth.login"), code=303)
    flash(f"{milik.perangkat} sudah dikeluarkan.", "sukses")
    return redirect(url_for("auth.perangkat"), code=303)


@bp.post("/akun/perangkat/keluar-lain")
@login_required
@idempoten
def perangkat_keluar_lain():
    """Sign out every device but this one."""
    if not KinerjaForm().validate_on_submit():
        abort(400, description="Formulir tidak sah. Muat ulang halaman, lalu coba lagi.")
    n = sesi.tutup_semua(current_user.id, kecuali=sesi.sesi_ini())
    catat(current_user, current_user, "perangkat_lain_dikeluarkan", None, {"jumlah": n})
    flash(f"{n} perangkat lain dikeluarkan." if n else "Tidak ada perangkat lain yang masuk.", "sukses")
    return redirect(url_for("auth.perangkat"), code=303)
