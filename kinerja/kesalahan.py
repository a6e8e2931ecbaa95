"""Error pages: every error a person can meet answers with a short page in
Bahasa Indonesia (an abort()'s own Indonesian description wins over the
default text); an htmx request gets it as the page's content. A busy
database is a 503 with Retry-After (nothing was written; the outbox
retries), an expired form a 400 (or the login page once the session ended;
an expired login form is shown again with the NIP kept).
"""
from flask import make_response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from peewee import OperationalError

from . import auth, auth_views, db, htmx


def init_app(app):
    """Friendly pages in Bahasa Indonesia for every error a user can meet."""
    judul = {400: "Permintaan tidak valid", 403: "Tidak diizinkan", 404: "Tidak ditemukan",
             405: "Metode tidak diizinkan", 409: "Konflik", 413: "Berkas terlalu besar",
             429: "Terlalu banyak permintaan", 500: "Terjadi kesalahan"}
    pesan = {400: "Permintaan tidak bisa diproses.",
             403: "Anda tidak punya hak untuk membuka halaman ini.",
             404: "Halaman atau data yang dicari tidak ada.",
             405: "Cara membuka halaman ini tidak diizinkan.",
             413: "Berkas yang dikirim melebihi batas ukuran.",
             500: "Maaf, terjadi kesalahan di server. Coba lagi sebentar lagi."}

    def tampil_galat(judul_, pesan_, code):
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
        return tampil_galat(judul.get(code, "Kesalahan"), text, code)

    for code in judul:
        app.register_error_handler(code, handler)

    @app.errorhandler(OperationalError)
    def basis_data_sibuk(error):
        # A write lock not had within SQLITE_BUSY_MS: nothing was written
        # (the transaction rolled back); the client may send the same form
        # again. The outbox waits and retries; a person reads this.
        if not db.sibuk(error):
            app.logger.exception("galat basis data")
            return tampil_galat(judul[500], pesan[500], 500)
        response = tampil_galat("Server sedang sibuk", "Server sedang sibuk sehingga isian Anda belum tersimpan. "
                                 "Kirim lagi sebentar lagi; tidak ada yang tersimpan dua kali.", 503)
        response.headers["Retry-After"] = "2"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if not current_user.is_authenticated:
            if request.endpoint == "auth.login":  # the login form itself: shown again
                return auth_views.login_kedaluwarsa()
            # The session ended (its token with it): log in again and come back
            # to the form's page, where the draft is offered.
            return auth.login_manager.unauthorized()
        return tampil_galat("Formulir kedaluwarsa",
                             "Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim lagi.", 400)
