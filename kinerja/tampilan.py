"""Templating: every filter and global the templates may use, registered
here and nowhere else, and only for showing things. Dates as Indonesians
write them, times in the city's zone with the zone named ("03-12-2026
14.05 WIB"), deadlines to the end of their day, codes as their labels.
Views hand templates and fragments their data; nothing here reads the
database for a page, except the header's counts (`jumlah_tugas`, computed
once per page and only by a page that shows the header, and remembered in
a cookie for a minute: penilaian.kepala), the header's
"Rekap" link (`punya_rekap`: a unit head is asked once per sign-in,
rekap_views.tautan_rekap) and `data_demo` (read once per process).
"""
import uuid

from flask.templating import Environment
from markupsafe import Markup, escape
from peewee import PeeweeException

from . import jam
from .models import ada_data_demo
from .rules import BERAKHLAK, PREDIKAT, label_ukuran_layanan, tanggal, ukuran_berkas


class LingkunganJinja(Environment):
    """Flask's Jinja environment whose templates read the globals from one
    plain dict. Jinja gives each template a ChainMap over the environment's
    globals (so that a global added later shows in templates already
    loaded), and every `{% from ... import %}` then compares the globals key
    by key through it: 13 us an import, and a realisasi page imports the
    form macros once per IKI. Every global is registered in create_app,
    before any template loads (the first page), so a copy is the same map."""

    def make_globals(self, d):
        return {**self.globals, **(d or {})}

    def getattr(self, obj, attribute):
        """`x.y` in a template. Jinja tries the attribute first and, on a
        dict, reaches the key only through a caught AttributeError (about
        1 us each; a realisasi page reads 140 keys so). A dict's key is read
        at once unless `y` names a dict method (`d.items()` stays the method,
        as in Jinja); a missing key is undefined, as in Jinja. The rest is
        Jinja's own Environment.getattr, written out: every attribute a
        template reads passes here, and a call to it through super() cost
        more than the dict reads saved on pages with few of them."""
        if type(obj) is dict and attribute not in _METODE_DICT:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


_METODE_DICT = frozenset(dir(dict))


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


def predikat_label(kode):
    """A predikat code as shown: "butuh_perbaikan" -> "Butuh Perbaikan"."""
    return PREDIKAT.get(kode, kode or "")


def nama_berakhlak(kunci):
    """The name of a BerAKHLAK value from its key: "berorientasi_pelayanan" -> "Berorientasi Pelayanan"."""
    return BERAKHLAK.get(kunci, {}).get("nama", kunci)


def urut_berakhlak(baris):
    """[(key, row)] of a {BerAKHLAK key: row} dict in the official order of the values."""
    return [(k, baris[k]) for k in BERAKHLAK if k in baris]


_KELAS_STATUS_SKP = {"disetujui": " label-ok", "dikembalikan": " label-galat", "diajukan": " label-tinjau"}


def label_status(skp):
    """The SKP status label of the superior's pages, "Belum membuat SKP" for
    none. A function, not a macro: a team page shows one per row (a Jinja
    macro call costs about 3 us, a kaskade page of a big team has a hundred)."""
    if skp is None:
        return Markup('<span class="label label-galat">Belum membuat SKP</span>')
    return Markup(f'<span class="label{_KELAS_STATUS_SKP.get(skp.status, "")}">{escape(skp.status_label)}</span>')


def init_app(app):
    """Register the filters and globals for every template."""
    for fungsi in (tanggal_id, waktu_id, jam_id, waktu_iso, batas_id, predikat_label, nama_berakhlak,
                   urut_berakhlak, ukuran_berkas, label_ukuran_layanan):
        app.add_template_filter(fungsi)

    def data_demo():
        """True when the database holds demo data (read once per process)."""
        if "kinerja_demo" not in app.extensions:
            try:
                app.extensions["kinerja_demo"] = ada_data_demo()
            except PeeweeException:  # not migrated yet
                return False
        return app.extensions["kinerja_demo"]

    from .penilaian.kepala import simpan_kue_tugas, tugas_kepala
    from .rekap_views import tautan_rekap
    from .web import url_baris
    app.jinja_env.globals.update(
        # The header's "Rekap" link: whether the signed-in person has a read scope.
        punya_rekap=tautan_rekap,
        kota=app.config["KOTA"], data_demo=data_demo,
        # A callable: only a page that shows the header pays for the counts, fragments never.
        jumlah_tugas=tugas_kepala,
        uuid_baru=lambda: str(uuid.uuid4()),  # a fresh idempotency key for each extra form on a page
        url_baris=url_baris,  # the links of a list's rows, one url_for per list
        label_status=label_status,
        **app.extensions["aset"])
    # The header's total is remembered for a minute in its own cookie; a request that may write deletes it.
    app.after_request(simpan_kue_tugas)
