"""Login with NIP and password, logout, change password, roles and guards.

Failed logins are throttled per NIP and per address; the answer is the same
whether or not the NIP exists, and an unknown NIP still costs one hash check.
"""
import datetime
import secrets
from functools import wraps
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, make_response, redirect,
                   render_template, request, url_for)
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .db import database
from .forms import KinerjaForm
from .jam import sekarang
from .models import GagalMasuk, Pegawai
from .offline import idempoten
from .riwayat import catat
from .rules import normalisasi_nip

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
    return Pegawai.get_or_none((Pegawai.login_token == token) & (Pegawai.aktif == True))  # noqa: E712


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

def _jendela():
    return sekarang() - datetime.timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def menit_tunggu(nip, addr):
    """Minutes until another attempt is allowed, or 0 when not throttled."""
    cfg = current_app.config
    batas = ((f"nip:{nip}", cfg["LOGIN_MAX_FAILURES_PER_NIP"]),
             (f"addr:{addr}", cfg["LOGIN_MAX_FAILURES_PER_ADDR"]))
    tunggu = 0
    for kunci, maks in batas:
        rows = (GagalMasuk.select(GagalMasuk.waktu)
                .where((GagalMasuk.kunci == kunci) & (GagalMasuk.waktu > _jendela()))
                .order_by(GagalMasuk.waktu.desc()).limit(maks))
        waktu = [r.waktu for r in rows]
        if len(waktu) >= maks:
            bebas = waktu[-1] + datetime.timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
            tunggu = max(tunggu, int((bebas - sekarang()).total_seconds() // 60) + 1)
    return tunggu


def _catat_gagal(nip, addr):
    with database.atomic():
        GagalMasuk.insert_many([{"kunci": f"nip:{nip}"}, {"kunci": f"addr:{addr}"}]).execute()
        GagalMasuk.delete().where(GagalMasuk.waktu < _jendela()).execute()


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

class LoginForm(KinerjaForm):
    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi.")])
    password = PasswordField("Kata sandi", validators=[DataRequired("Kata sandi wajib diisi.")])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with NIP and password."""
    if current_user.is_authenticated:
        return redirect(url_for("beranda.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        nip = normalisasi_nip(form.nip.data)
        addr = request.remote_addr or "-"
        tunggu = menit_tunggu(nip, addr)
        if tunggu:
            form.form_errors.append(
                f"Terlalu banyak percobaan masuk yang gagal. Coba lagi {tunggu} menit lagi.")
            return render_template("auth/login.html", form=form), 429
        user = periksa_login(nip, form.password.data)
        if user is None:
            _catat_gagal(nip, addr)
            form.form_errors.append("NIP atau kata sandi salah.")
            return render_template("auth/login.html", form=form), 401
        GagalMasuk.delete().where(GagalMasuk.kunci == f"nip:{nip}").execute()
        login_user(user)
        return redirect(aman_next(request.args.get("next")) or url_for("beranda.index"), code=303)
    if form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Log out (POST only, so a link prefetch cannot sign anyone out)."""
    logout_user()
    flash("Anda sudah keluar.", "info")
    response = redirect(url_for("auth.login"), code=303)
    # A shared computer: the browser drops its HTTP cache of this person's pages.
    # (app.js has already emptied the offline copies, drafts and outbox.)
    response.headers["Clear-Site-Data"] = '"cache"'
    # ...so the stylesheet is no longer cached either: inline it again next time.
    response.delete_cookie("kinerja_css")
    return response


class GantiSandiForm(KinerjaForm):
    lama = PasswordField("Kata sandi sekarang", validators=[DataRequired()])
    baru = PasswordField("Kata sandi baru", validators=[
        DataRequired(), Length(min=8, max=128, message="Kata sandi baru paling sedikit 8 karakter.")])
    ulangi = PasswordField("Ulangi kata sandi baru", validators=[
        DataRequired(), EqualTo("baru", message="Ulangan kata sandi tidak sama.")])


@bp.route("/akun/sandi", methods=["GET", "POST"])
@login_required
@idempoten
def ganti_sandi():
    """Change one's own password; required after a reset."""
    form = GantiSandiForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash or "", form.lama.data):
            form.lama.errors.append("Kata sandi sekarang salah.")
        elif form.baru.data == form.lama.data:
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
                catat(user, user, "ubah_sandi")
            login_user(user)
            flash("Kata sandi sudah diganti.", "sukses")
            return redirect(url_for("beranda.index"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/ganti_sandi.html", form=form), status
