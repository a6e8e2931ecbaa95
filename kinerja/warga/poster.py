"""QR codes for suara warga, drawn on the server as SVG by segno.

One function serves the unit's poster, the `qr.svg` file and the service
slip the staff side prints: the same SVG text can be inlined in an HTML
page (no XML declaration) or served on its own (it carries the SVG
namespace). It scales with its box (a viewBox, no fixed size) so the page's
CSS decides how big it prints, and it has a <title> so a screen reader
says what it is.
"""
import io
from urllib.parse import urlencode

import segno
from flask import current_app, url_for


def qr_svg(teks, judul=None, kelas="qr"):
    """The QR code of `teks` as an SVG string: no XML declaration, a
    viewBox and no width/height, role="img" with a <title> (`judul`, else
    "Kode QR: <teks>"), and a white quiet zone of 4 modules (what readers
    expect). Error correction M: a printed poster survives some dirt."""
    kode = segno.make(teks, error="m", micro=False)
    keluar = io.BytesIO()
    kode.save(keluar, kind="svg", xmldecl=False, svgns=True, nl=False, scale=1, border=4,
              omitsize=True, title=judul or f"Kode QR: {teks}", svgclass=kelas, lineclass=None,
              dark="#000", light="#fff")
    return keluar.getvalue().decode("utf-8").replace("<svg ", '<svg role="img" ', 1)


def url_publik(endpoint, **nilai):
    """The absolute URL of a public page, for print and QR codes: on
    WARGA_URL_PUBLIK when set (the scheme and host citizens reach, e.g.
    "https://kinerja.tanjungbalaikota.go.id"), else on the address this
    request came by (which, opened from the office network, may be one a
    citizen's phone cannot reach)."""
    dasar = current_app.config.get("WARGA_URL_PUBLIK", "").rstrip("/")
    return dasar + url_for(endpoint, **nilai) if dasar else url_for(endpoint, _external=True, **nilai)


def url_pendek(unit, kode_layanan=None):
    """The short URL of `unit`'s survey (what its poster's QR holds), with a
    service code (a slip's QR) when given."""
    url = url_publik("publik.pendek", kode=unit.kode)
    return url + "?" + urlencode({"kode": kode_layanan}) if kode_layanan else url
