"""Login with NIP and password, logout, change password, devices, roles and guards.

Logins are limited per NIP-and-address, per address and per NIP (kinerja/
batas.py: the attempt is reserved before the password is checked, so parallel
guesses cannot overrun a limit); the answer is the same whether or not the
NIP exists, and an unknown NIP still costs one hash check. A browser where a
NIP signed in before carries a signed cookie that exempts it from the per-NIP
limit, so a stranger guessing a printed NIP cannot lock its owner out.
Each sign-in is a server-side session (kinerja/sesi.py).
"""
import secrets
from functools import wraps
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, make_response, redirect,
                   render_template, request, session, url_for)
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from . import sesi
from .batas import ambil_jatah, kembalikan
from .db import database
from .forms import KinerjaForm
from .keamanan import alamat_klien
from .models import Pegawai
from .pengajuan import idempoten
from .riwayat import catat
from .rules import RuleError, normalisasi_nip, periksa_nip

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Silakan masuk dulu."
login_manager.login_message_category = "info"

# Hash of a random password, checked when the NIP is unknown so the answer
# takes as long as for a real account.
_DUMMY_HASH = None


def init_app(app):
    """Install Flask-Login and the forced-password-change guard."""
    login_manager.init_app(app)
    app.before_request(_paksa_ganti_sandi)


@login_manager.unauthorized_handler
def _belum_masuk():
    """To the login page, and back afterwards to the page the person was on.

    A form sent after the session ended comes back to the page that holds the
    form (its draft is offered there), never to the POST-only address. An htmx
    request gets HX-Redirect, so the login page is not swapped into a fragment.
    """
    flash(login_manager.login_message, login_manager.login_message_category)
    if request.method == "GET":
        kembali = request.full_path.rstrip("?")
    else:
        asal = urlsplit(request.referrer or "")
        kembali = aman_next(asal.path + (f"?{asal.query}" if asal.query else "")) \
            if asal.netloc == request.host else None
    url = url_for("auth.login", next=kembali) if kembali and kembali != "/" else url_for("auth.login")
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        response = make_response("", 401)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=302 if request.method == "GET" else 303)


@login_manager.user_loader
def _load_user(token):
    return sesi.muat(token)


def hash_sandi(password):
    """Salted hash of a password with the configured method."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def sandi_sementara():
    """A one-time password that is easy to read aloud (no 0/O, 1/l)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def aman_next(target):
    """Only follow a `next` that stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _paksa_ganti_sandi():
    """Someone with a temporary password goes to the change form first.

    Static files, the health check and the offline layer are let through
    before the session is read, so their answers never set a cookie (and
    stay cacheable for everyone)."""
    if request.endpoint in ("auth.ganti_sandi", "auth.logout", "static", "healthz") \
            or request.blueprint == "luring":
        return None
    if current_user.is_authenticated and current_user.wajib_ganti_sandi:
        return redirect(url_for("auth.ganti_sandi"))
    return None


def admin_required(view):
    """Only admin kepegawaian and superadmin."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403, description="Halaman ini hanya untuk admin kepegawaian.")
        return view(*args, **kwargs)
    return wrapper


def superadmin_required(view):
    """Only the city-wide superadmin."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_superadmin:
            abort(403, description="Halaman ini hanya untuk superadmin (BKPSDM).")
        return view(*args, **kwargs)
    return wrapper


# ---------------------------------------------------------------- throttle

KUE_PERANGKAT = "kinerja_perangkat"  # signed list of NIPs that signed in on this browser


def _perangkat_dikenal():
    """The NIPs that signed in on this browser before (from the signed cookie)."""
    try:
        return URLSafeSerializer(current_app.secret_key, salt="perangkat").loads(
            request.cookies.get(KUE_PERANGKAT, ""))
    except BadSignature:
        return []


def _ingat_perangkat(response, nip):
    """Remember (one year) that `nip` signed in on this browser; the last five NIPs."""
    nips = [nip] + [n for n in _perangkat_dikenal() if n != nip][:4]
    response.set_cookie(KUE_PERANGKAT, URLSafeSerializer(current_app.secret_key, salt="perangkat").dumps(nips),
                        max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))


def batas_login(nip, addr):
    """The (key, maximum) limits a login attempt for `nip` from `addr` counts against."""
    cfg = current_app.config
    batas = [(f"nipaddr:{nip}:{addr}", cfg["LOGIN_MAX_FAILURES_PER_NIP"]),
             (f"addr:{addr}", cfg["LOGIN_MAX_FAILURES_PER_ADDR"])]
    if nip not in _perangkat_dikenal():
        batas.append((f"nip:{nip}", cfg["LOGIN_MAX_FAILURES_PER_NIP_ALL"]))
    return batas


def periksa_login(nip, password):
    """The active account for this NIP and password, or None."""
    global _DUMMY_HASH
    user = Pegawai.get_or_none(Pegawai.nip == nip)
    if user is None or not user.password_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_sandi(secrets.token_hex(8))
        check_password_hash(_DUMMY_HASH, password)
        return None
    if check_password_hash(user.password_hash, password) and user.aktif:
        return user
    return None


# ---------------------------------------------------------------- views

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
    _ingat_perangkat(response, nip)
    return response


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
