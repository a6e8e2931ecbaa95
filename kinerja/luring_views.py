"""The offline layer's server side: the service worker, the offline page and
the session check the outbox makes before it sends.

- `/sw.js` (scope `/`): rendered from templates/sw.js with a version that
  changes whenever the worker or a precached static file changes, so a new
  release installs a new worker, which waits until the person chooses to
  reload ("Versi baru tersedia") instead of breaking pages already open.
- `/luring`: what the worker shows for a page it has never cached. It holds
  no personal data (it is precached once and kept across logins).
- `/sesi`: who is signed in and a fresh CSRF token, never cached. The outbox
  asks it before sending: it proves the connection is back (a real request,
  not only `navigator.onLine`) and gives the token the queued forms need.
"""
import hashlib
import os

from flask import Blueprint, current_app, jsonify, make_response, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

bp = Blueprint("luring", __name__)

# Static files every page needs: precached when the worker installs.
ASET_CANGKANG = ("css/app.css", "js/app.js", "vendor/htmx-2.0.11.min.js")
SW_TEMPLATE = "sw.js"


_SUMBER = {}


def _sidik_sumber():
    """Digest of the worker's and the offline page's templates, read once per process."""
    if not _SUMBER:
        h = hashlib.sha256()
        for nama in (SW_TEMPLATE, "luring.html"):
            with open(os.path.join(current_app.template_folder, nama), "rb") as fh:
                h.update(fh.read())
        _SUMBER["sidik"] = h.hexdigest()
    return _SUMBER["sidik"]


def _versi(prasimpan):
    """A digest of the worker's source, the offline page, the precached URLs
    (fingerprinted) and VERSI_APLIKASI: a new one on every release."""
    h = hashlib.sha256(_sidik_sumber().encode())
    for url in prasimpan:
        h.update(url.encode())
    h.update(str(current_app.config.get("VERSI_APLIKASI", "")).encode())
    return h.hexdigest()[:12]


@bp.get("/sw.js")
def service_worker():
    static_url = current_app.jinja_env.globals["static_url"]
    prasimpan = [static_url(nama) for nama in ASET_CANGKANG] + [url_for("luring.tanpa_sambungan")]
    versi = _versi(prasimpan)
    # The browser asks for the worker again on navigations; unchanged, the
    # answer is a bodiless 304 (the version is the ETag): nothing to pay on 3G.
    if versi in request.if_none_match:
        response = make_response("", 304)
    else:
        response = make_response(render_template(SW_TEMPLATE, versi=versi, prasimpan=prasimpan,
                                                 halaman_luring=url_for("luring.tanpa_sambungan")))
        response.mimetype = "text/javascript"
    response.set_etag(versi)
    # Always asked again (never served stale from the HTTP cache).
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/luring")
def tanpa_sambungan():
    """The offline page: what still works without a connection. No user data."""
    response = make_response(render_template("luring.html", umum=True))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sesi")
def sesi():
    """Signed-in user id and a fresh CSRF token; 401 when the session is gone,
    403 while a temporary password must be changed (the outbox waits)."""
    if not current_user.is_authenticated:
        response = jsonify(pengguna=None)
        response.status_code = 401
    elif current_user.wajib_ganti_sandi:
        response = jsonify(pengguna=current_user.id, pesan="Ganti kata sandi dulu.")
        response.status_code = 403
    else:
        response = jsonify(pengguna=current_user.id, csrf=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response
