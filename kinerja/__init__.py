"""e-Kinerja Tanjungbalai: the application factory.

`create_app()` reads like flaskr's: config, database, extensions, assets,
error pages, templating, blueprints, commands. Each step lives in its own
module; this one only puts them in order.
"""
import os

from flask import Flask, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter

from . import aset, config, db, jam, keamanan, tampilan

csrf = CSRFProtect()
compress = Compress()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Answers that never write the session cookie: static files, the service
# worker, the offline page and the health check. The browser fetches these in
# the background (a worker update check on every navigation, the precache, a
# monitor's poll); a late answer to one sent with the cookie of a moment ago
# would put that older session back over a newer one: after logging out, the
# login page's fresh CSRF token was replaced, and "Masuk" bounced back.
TANPA_SESI = frozenset(("static", "luring.service_worker", "luring.tanpa_sambungan", "healthz"))


class SesiKecualiStatis(SecureCookieSessionInterface):
    """The cookie session, left untouched by the answers in TANPA_SESI: they
    carry no Set-Cookie and no `Vary: Cookie`, so a fingerprinted file cached
    before login is still a cache hit after it (browser and service worker
    alike), and a background fetch never rolls the session back."""

    def save_session(self, app, session, response):
        if request.endpoint in TANPA_SESI:
            return None
        return super().save_session(app, session, response)


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL, bounded: an absurd id is 404, never an error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2 ** 31 - 1)
        super().__init__(url_map, *args, **kwargs)


class Aplikasi(Flask):
    """Flask with the templating environment of kinerja.tampilan."""
    jinja_environment = tampilan.LingkunganJinja


def create_app(test_config=None):
    """Build the app: config, database, extensions, assets, errors, templating, blueprints, CLI."""
    app = Aplikasi(__name__, instance_path=os.path.join(ROOT, "instance"),
                template_folder=os.path.join(ROOT, "templates"),
                static_folder=os.path.join(ROOT, "static"))
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)  # the secret and the database live here

    # config: defaults < instance/config.py < KINERJA_* environment < test_config
    config.load(app, test_config)
    jam.atur(app.config["TIMEZONE"], app.config["HARI_INI"])
    app.url_map.converters["int"] = IdConverter
    app.session_interface = SesiKecualiStatis()

    # database: a connection per request, the busy timeout, write transactions
    db.init_app(app)

    from . import (admin, akses_tim_views, auth, auth_views, beranda_views, cli, htmx, kesalahan, luring_views,
                   penilaian, rekap_views, skp, warga)

    # extensions: CSRF, compression, login, security headers, htmx
    csrf.init_app(app)
    compress.init_app(app)
    keamanan.init_app(app, aset.css_sebaris_teks(app))
    htmx.init_app(app)
    auth.init_app(app)

    aset.init_app(app)
    kesalahan.init_app(app)
    tampilan.init_app(app)

    for blueprint in (auth_views.bp, beranda_views.bp, admin.bp, skp.bp, penilaian.bp, luring_views.bp,
                      akses_tim_views.bp, rekap_views.bp, warga.bp, warga.publik):
        app.register_blueprint(blueprint)
    cli.init_app(app)

    @app.get("/healthz")
    def healthz():
        state = db.health()
        return jsonify(status="ok" if state["ok"] else "error", database=state), (200 if state["ok"] else 503)

    return app
