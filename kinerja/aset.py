"""Static assets: fingerprinted URLs cached for a year, and the stylesheet
inlined into a first visit's page.

`static_url("js/app.js")` is the file's URL with its content's fingerprint
(`?v=`); such an answer never changes under its URL, so it is cached as
immutable. On a first visit app.css travels inside the page (one round trip
less on 3G, ~2 s); a cookie remembers the version the browser then fetched,
and later pages link the cached file. The CSP allows exactly the inlined
text by its hash (kinerja/keamanan.py).
"""
import hashlib
import os
import re

from flask import g, request, url_for
from markupsafe import Markup

from .web import atur_kue

KUE_CSS = "kinerja_css"  # cookie: the stylesheet version this browser has cached


def css_sebaris_teks(app):
    """app.css as inlined into a first visit's page (comments stripped; they stay in the file)."""
    with open(os.path.join(app.static_folder, "css/app.css"), encoding="utf-8") as fh:
        return re.sub(r"/\*.*?\*/\n?", "", fh.read(), flags=re.S)


def init_app(app):
    """Give the app `static_url` and `css_sebaris` (app.extensions["aset"]),
    and the after-request hooks that cache fingerprinted files and remember
    the inlined stylesheet."""
    hashes = {}

    def sidik(filename):
        """A static file's fingerprint (read once per process)."""
        if filename not in hashes:
            with open(os.path.join(app.static_folder, filename), "rb") as fh:
                hashes[filename] = hashlib.sha256(fh.read()).hexdigest()[:10]
        return hashes[filename]

    alamat = {}

    def static_url(filename):
        """The file's fingerprinted URL, built once per mount point (a page asks for three)."""
        kunci = (request.script_root, filename)
        url = alamat.get(kunci)
        if url is None:
            url = url_for("static", filename=filename, v=sidik(filename))
            if len(alamat) < 64:  # the mount point comes from the request: keep the memo bounded
                alamat[kunci] = url
        return url

    css_teks = Markup(css_sebaris_teks(app))  # read once per process

    def css_sebaris():
        """The stylesheet to inline, or None when this browser has it cached."""
        versi = sidik("css/app.css")
        if request.cookies.get(KUE_CSS) == versi:
            return None
        g.css_sebaris = versi
        return css_teks

    app.extensions["aset"] = {"static_url": static_url, "css_sebaris": css_sebaris}

    @app.after_request
    def ingat_css(response):
        if g.get("css_sebaris"):
            atur_kue(response, KUE_CSS, g.css_sebaris, max_age=31536000)
        return response

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
