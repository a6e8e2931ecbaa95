"""e-Kinerja Tanjungbalai: the application factory."""
import hashlib
import os
import re
import uuid

from flask import Flask, g, jsonify, make_response, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup
from peewee import OperationalError, PeeweeException
from werkzeug.routing import IntegerConverter

from . import config, db, jam, keamanan, tampilan

KUE_CSS = "kinerja_css"  # cookie: the stylesheet version this browser has cached
csrf = CSRFProtect()
compress = Compress()


class SesiKecualiStatis(SecureCookieSessionInterface):
    """The cookie session, left untouched by static files: their answers carry
    no Set-Cookie and no `Vary: Cookie`, so a fingerprinted file cached before
    login is still a cache hit after it (browser and service worker alike)."""

    def save_session(self, app, session, response):
        if request.endpoint == "static":
            return None
        return super().save_session(app, session, response)


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL, bounded: an absurd id is 404, never an error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2 ** 31 - 1)
        super().__init__(url_map, *args, **kwargs)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(test_config=None):
    """Build the app: config layers, database, CSRF, login, blueprints, CLI."""
    app = Flask(__name__, instance_path=os.path.join(ROOT, "instance"),
                template_folder=os.path.join(ROOT, "templates"),
                static_folder=os.path.join(ROOT, "static"))
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)  # the secret and the database live here
    config.load(app, test_config)
    jam.atur(app.config["TIMEZONE"], app.config["HARI_INI"])
    app.url_map.converters["int"] = IdConverter
    app.session_interface = SesiKecualiStatis()
    db.init_app(app)
    csrf.init_app(app)
    compress.init_app(app)
    keamanan.init_app(app, css_sebaris_teks(app))
    tampilan.init_app(app)

    from . import admin, auth, beranda, cli, htmx, luring, penilaian, skp
    htmx.init_app(app)
    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(beranda.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(skp.bp)
    app.register_blueprint(penilaian.bp)
    app.register_blueprint(luring.bp)
    from . import akses_tim; app.register_blueprint(akses_tim.bp)  # noqa: E702
    cli.init_app(app)

    _register_errors(app)
    _register_templating(app)

    @app.get("/healthz")
    def healthz():
        state = db.health()
        return jsonify(status="ok" if state["ok"] else "error", database=state), (200 if state["ok"] else 503)

    return app


def _register_errors(app):
    """Friendly pages in Bahasa Indonesia for every error a user can meet."""
    from . import auth, htmx
    judul = {400: "Permintaan tidak valid", 403: "Tidak diizinkan", 404: "Tidak ditemukan",
             405: "Metode tidak diizinkan", 409: "Konflik", 413: "Berkas terlalu besar",
             429: "Terlalu banyak permintaan", 500: "Terjadi kesalahan"}
    pesan = {400: "Permintaan tidak bisa diproses.",
             403: "Anda tidak punya hak untuk membuka halaman ini.",
             404: "Halaman atau data yang dicari tidak ada.",
             405: "Cara membuka halaman ini tidak diizinkan.",
             413: "Berkas yang dikirim melebihi batas ukuran.",
             500: "Maaf, terjadi kesalahan di server. Coba lagi sebentar lagi."}

    def halaman_galat(judul_, pesan_, code):
        response = make_response(render_template("errors/pesan.html", judul=judul_, pesan=pesan_), code)
        if htmx.is_htmx():
            # An inline htmx request expects a fragment: show the message as the page's content instead.
            response.headers.update({"HX-Retarget": "#isi", "HX-Reselect": "#isi", "HX-Reswap": "outerHTML"})
        return response

    def handler(error):
        code = getattr(error, "code", 500) or 500
        text = pesan.get(code, "Terjadi kesalahan.")
        desc = getattr(error, "description", None)
        if code != 500 and desc and not desc.startswith(("The ", "A ", "You ")):
            text = desc  # our own Indonesian description given to abort()
        return halaman_galat(judul.get(code, "Kesalahan"), text, code)

    for code in judul:
        app.register_error_handler(code, handler)

    @app.errorhandler(OperationalError)
    def basis_data_sibuk(error):
        # A write lock not had within SQLITE_BUSY_MS: nothing was written
        # (the transaction rolled back); the client may send the same form
        # again. The outbox waits and retries; a person reads this.
        if not db.sibuk(error):
            app.logger.exception("galat basis data")
            return halaman_galat(judul[500], pesan[500], 500)
        response = halaman_galat("Server sedang sibuk", "Server sedang sibuk sehingga isian Anda belum tersimpan. "
                                 "Kirim lagi sebentar lagi; tidak ada yang tersimpan dua kali.", 503)
        response.headers["Retry-After"] = "2"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if not current_user.is_authenticated:
            # The session ended (its token with it): log in again and come back
            # to the form's page, where the draft is offered.
            return auth.login_manager.unauthorized()
        return halaman_galat("Formulir kedaluwarsa",
                             "Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim lagi.", 400)


def css_sebaris_teks(app):
    """app.css as inlined into a first visit's page (comments stripped; they stay in the file)."""
    with open(os.path.join(app.static_folder, "css/app.css"), encoding="utf-8") as fh:
        return re.sub(r"/\*.*?\*/\n?", "", fh.read(), flags=re.S)


def _register_templating(app):
    """Template helpers: fingerprinted static URLs and the idempotency field."""
    hashes = {}

    def sidik(filename):
        """A static file's fingerprint (read once per process)."""
        if filename not in hashes:
            with open(os.path.join(app.static_folder, filename), "rb") as fh:
                hashes[filename] = hashlib.sha256(fh.read()).hexdigest()[:10]
        return hashes[filename]

    def static_url(filename):
        return url_for("static", filename=filename, v=sidik(filename))

    app.jinja_env.globals["static_url"] = static_url

    def data_demo():
        """True when the database holds demo data (read once per process)."""
        if "kinerja_demo" not in app.extensions:
            from .seed import ada_data_demo
            try:
                app.extensions["kinerja_demo"] = ada_data_demo()
            except PeeweeException:  # not migrated yet
                return False
        return app.extensions["kinerja_demo"]

    app.jinja_env.globals["data_demo"] = data_demo
    app.jinja_env.globals["kota"] = app.config["KOTA"]

    # The stylesheet on a first visit: inline, so the page shows after one round
    # trip (on 3G each round trip is ~2 s). A cookie remembers which version the
    # browser then fetched (prefetch, and the service worker's precache); later
    # pages link the cached file and stay small. Read once per process: the
    # CSP allows exactly this text by its hash (kinerja/keamanan.py).
    css_teks = Markup(css_sebaris_teks(app))

    def css_sebaris():
        versi = sidik("css/app.css")
        if request.cookies.get(KUE_CSS) == versi:
            return None
        g.css_sebaris = versi
        return css_teks

    app.jinja_env.globals["css_sebaris"] = css_sebaris

    @app.after_request
    def ingat_css(response):
        if g.get("css_sebaris"):
            response.set_cookie(KUE_CSS, g.css_sebaris, max_age=31536000, httponly=True, samesite="Lax",
                                secure=bool(app.config.get("SESSION_COOKIE_SECURE")))
        return response
    # A fresh idempotency key for each extra form on a page (one key per form).
    app.jinja_env.globals["uuid_baru"] = lambda: str(uuid.uuid4())

    @app.after_request
    def cache_static(response):
        # Fingerprinted static files never change under their URL; a `v` that
        # is not the file's current fingerprint is an ordinary, revalidated answer.
        if (request.endpoint == "static" and response.status_code == 200 and request.args.get("v")
                and _sidik_cocok(request.view_args["filename"])):
            response.cache_control.no_cache = None  # Flask's default; never revalidate these
            # Read the (small) file into the response so Flask-Compress, whose hook
            # runs after this one, compresses it with brotli or gzip like a page.
            response.direct_passthrough = False
            response.make_sequence()
            response.cache_control.public = True
            response.cache_control.max_age = 31536000
            response.cache_control.immutable = True
        return response

    def _sidik_cocok(filename):
        try:
            return sidik(filename) == request.args.get("v")
        except OSError:  # no such file: the 404 is not cached either
            return False
