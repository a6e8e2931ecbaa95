"""Guards every request shares: the client's real address (read from a
trusted proxy only), POSTs only from this site, and the security headers
(Flask-Talisman) with a strict Content-Security-Policy.

The CSP allows scripts and styles from this origin only. The one inline
piece is the stylesheet inlined on a first visit (see kinerja/__init__),
allowed by its sha256, so a changed app.css needs a restart (as any deploy
does). No page carries inline script or style attributes.
"""
import base64
import hashlib
from urllib.parse import urlsplit

from flask import abort, current_app, request
from flask_talisman import Talisman

talisman = Talisman()
METODE_AMAN = ("GET", "HEAD", "OPTIONS")


def alamat_klien():
    """The client's address: the peer, or, when the peer is a proxy listed in
    TRUSTED_PROXIES, the nearest X-Forwarded-For hop that is not one of them.
    A header from anyone else is ignored (it could name any address)."""
    peer = request.remote_addr or "-"
    tepercaya = current_app.config["TRUSTED_PROXIES"]
    if peer in tepercaya:
        for hop in reversed(request.headers.get("X-Forwarded-For", "").split(",")):
            hop = hop.strip()
            if hop and hop not in tepercaya:
                return hop[:45]
    return peer[:45]


def _asal(url):
    """host[:port] of an Origin or Referer value ("" when there is none)."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return "?"


def tolak_situs_lain():
    """Refuse a write whose Origin (or, without one, Referer) names another
    site, on http as on https. Requests with neither (scripts, old browsers)
    still need the CSRF token."""
    if request.method in METODE_AMAN:
        return
    asal = request.headers.get("Origin")
    if asal is None:
        rujukan = request.headers.get("Referer")
        if not rujukan:
            return
        asal = rujukan
    if asal == "null" or _asal(asal) != request.host.lower():
        abort(403, description="Permintaan dari situs lain ditolak. Buka aplikasi ini langsung, lalu kirim lagi.")


def tolak_nul():
    """400 for a NUL character in the path, the query or a form field: no
    text of ours holds one, and PostgreSQL refuses to store or compare it
    (a 500 otherwise, on any page that looks up what the URL names). Forms
    with files are left to their views (their size limit answers there)."""
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)) \
            or (request.method not in METODE_AMAN and request.mimetype == "application/x-www-form-urlencoded"
                and any("\x00" in k or "\x00" in v for k, v in request.form.items(multi=True))):
        abort(400, description="Isian memuat karakter yang tidak diizinkan (NUL). Periksa lalu kirim lagi.")


def kebijakan(teks_sebaris):
    """The CSP, allowing the inlined stylesheet `teks_sebaris` by its hash."""
    sidik = base64.b64encode(hashlib.sha256(teks_sebaris.encode("utf-8")).digest()).decode()
    return {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": ["'self'", f"'sha256-{sidik}'"],
        "img-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "worker-src": "'self'",
        "manifest-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def init_app(app, teks_sebaris):
    """Install the headers and the same-site check."""
    talisman.init_app(
        app, force_https=False, content_security_policy=kebijakan(teks_sebaris),
        frame_options="DENY", referrer_policy="same-origin",
        # HSTS is sent only on HTTPS requests; the session cookie's Secure flag follows the setting.
        strict_transport_security=True, session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()", "browsing-topics": "()"})
    app.before_request(tolak_situs_lain)
    app.before_request(tolak_nul)
