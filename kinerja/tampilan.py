"""How dates and times are shown: dates as Indonesians write them, times in
the city's zone with the zone named ("03-12-2026 14.05 WIB"), deadlines to
the end of their day. Registered once as template filters."""
from . import jam
from .rules import tanggal


def tanggal_id(nilai):
    """A date (or datetime) as written in Indonesian letters: "17 Agustus 2026"."""
    return tanggal(nilai) if nilai else ""


def waktu_id(nilai):
    """A stored time as people read it, with the zone: "03-12-2026 14.05 WIB"."""
    if not nilai:
        return ""
    return f"{nilai:%d-%m-%Y %H.%M} {jam.singkatan(nilai)}"


def jam_id(nilai):
    """Only the time of day, with the zone: "14.05 WIB"."""
    return f"{nilai:%H.%M} {jam.singkatan(nilai)}" if nilai else ""


def waktu_iso(nilai):
    """A stored time for `<time datetime>`: ISO 8601 with the zone's offset."""
    return jam.dengan_zona(nilai).isoformat() if nilai else ""


def batas_id(hari):
    """A deadline day as a moment: "12 Desember 2026 pukul 23.59 WIB"."""
    if not hari:
        return ""
    return f"{tanggal(hari)} pukul 23.59 {jam.singkatan()}"


def init_app(app):
    """Register the formatting filters for every template."""
    for fungsi in (tanggal_id, waktu_id, jam_id, waktu_iso, batas_id):
        app.add_template_filter(fungsi)
