"""Permission checks for SKP views: every object is checked in the view,
fragments included. Unknown ids are 404; someone else's SKP is 403.

Someone who reads an SKP only through their read scope (role "pembaca":
a pemantau, a unit head above the chain) gets the pages that show it and
nothing else: any other request through `skp_terlihat` is refused here,
before a view could read a form. `catat_dilihat` records such reads.
"""
import datetime

from flask import abort, request
from flask_login import current_user

from ..db import database
from ..jam import hari_ini
from ..models import Riwayat
from ..riwayat import AKSI_DILIHAT, catat
from ..web import ada_atau_404
from .layanan import ambil_skp, peran
from .models import Iki, Rhk

# The roles of the SKP's own chain: their reads are the daily work, never logged.
PERAN_RANTAI = frozenset(("pemilik", "penilai", "atasan_penilai"))
METODE_BACA = ("GET", "HEAD")
HANYA_BACA = "Anda hanya bisa membaca dokumen pegawai ini; tidak ada yang bisa diubah."


def hanya_pembaca(roles):
    """True when `roles` (of one SKP) hold nothing but the read-only role."""
    return roles == {"pembaca"}


def pastikan_baca(roles):
    """403 unless this request only reads, for someone who may only read."""
    if hanya_pembaca(roles) and request.method not in METODE_BACA:
        abort(403, description=HANYA_BACA)


def skp_terlihat(skp_id):
    """The SKP if the signed-in person may see it (pemilik, penilai, atasan
    penilai, an admin whose scope covers the pegawai, or a reader whose read
    scope does); its roles in `skp.peran_saya`. A reader's write is 403."""
    skp = ambil_skp(skp_id)
    if skp is None:
        abort(404)
    skp.peran_saya = peran(skp, current_user)
    if not skp.peran_saya:
        abort(403, description="SKP ini bukan milik Anda atau tim Anda.")
    pastikan_baca(skp.peran_saya)
    return skp


def sebagai(roles, aktor):
    """How a logged reader reads: "admin", "superadmin", "pemantau" or "kepala unit"."""
    if "admin" in roles:
        return "superadmin" if aktor.is_superadmin else "admin"
    return "pemantau" if aktor.is_pemantau else "kepala unit"


def catat_dilihat(skp, dokumen):
    """Record in the SKP's history that the signed-in person read `dokumen`
    (what the page showed, e.g. "Realisasi Triwulan I 2026") of it from
    outside the SKP's chain: as pemantau, kepala unit or admin. The pegawai
    sees who read what in the SKP's history. Reads by the pegawai, the
    penilai and the atasan penilai are never logged and cost nothing.

    One row per reader, per document, per day of the city (jam.hari_ini):
    the history says who read what and when, not how often a page was
    reloaded. So a repeated GET the same day, an htmx fragment of a page
    already logged (the same document) and a HEAD (no one reads it) add
    nothing. A repeated read costs one indexed SELECT; a new one a SELECT
    and an INSERT. `skp.peran_saya` must be set (skp_terlihat does)."""
    roles = skp.peran_saya
    if roles & PERAN_RANTAI:
        return
    skp.dibaca_tercatat = True  # the page says reads are logged, also when this one was already
    if request.method != "GET":
        return
    data = {"dokumen": dokumen, "sebagai": sebagai(roles, current_user)}
    if _sudah_tercatat(skp, data):  # without the write lock: the usual case for a reload
        return
    with database.atomic():  # (on SQLite a write transaction: two tabs cannot both write it)
        if not _sudah_tercatat(skp, data):
            catat(current_user.id, skp, AKSI_DILIHAT, None, data)


def _sudah_tercatat(skp, data):
    """True when the signed-in person's read of the same document, in the
    same capacity, is in the SKP's history today (one query on the history's
    (objek, objek_id) index; a reader has a handful of rows a day)."""
    awal = datetime.datetime.combine(hari_ini(), datetime.time.min)
    rows = Riwayat.select(Riwayat.data).where(
        (Riwayat.objek == "skp") & (Riwayat.objek_id == skp.id) & (Riwayat.aksi == AKSI_DILIHAT)
        & (Riwayat.aktor == current_user.id) & (Riwayat.waktu >= awal)
        & (Riwayat.waktu < awal + datetime.timedelta(days=1)))
    return any({k: v[1] for k, v in r.perubahan.items()} == data for r in rows)


def rhk_dari(skp, rhk_id):
    """An RHK of this SKP, else 404 (an id from another SKP is never accepted)."""
    rhk = ada_atau_404(Rhk, (Rhk.id == rhk_id) & (Rhk.skp == skp.id))
    return rhk


def iki_dari(skp, iki_id):
    """An IKI of one of this SKP's RHK, else 404."""
    iki = (Iki.select(Iki, Rhk).join(Rhk)
           .where((Iki.id == iki_id) & (Rhk.skp == skp.id)).first())
    if iki is None:
        abort(404)
    return iki
