"""Signing in: the login manager, password hashing, the attempt limits, the
remembered devices, and the role guards (admin_required, superadmin_required).
The pages (login, logout, change password, devices) are in auth_views.

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

from flask import abort, current_app, flash, make_response, redirect, request, url_for
from flask_login import LoginManager, current_user, login_required
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from . import sesi
from .models import Pegawai
from .web import atur_kue

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


def ingat_perangkat(response, nip):
    """Remember (one year) that `nip` signed in on this browser; the last five NIPs."""
    nips = [nip] + [n for n in _perangkat_dikenal() if n != nip][:4]
    atur_kue(response, KUE_PERANGKAT, URLSafeSerializer(current_app.secret_key, salt="perangkat").dumps(nips),
             max_age=365 * 24 * 3600)


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
