"""Permission checks for SKP views: every object is checked in the view,
fragments included. Unknown ids are 404; someone else's SKP is 403."""
from flask import abort
from flask_login import current_user

from ..web import ada_atau_404
from .layanan import ambil_skp, peran
from .models import Iki, Rhk


def skp_terlihat(skp_id):
    """The SKP if the signed-in person may see it (pemilik, penilai, atasan
    penilai or an admin whose scope covers the pegawai); its roles in `skp.peran_saya`."""
    skp = ambil_skp(skp_id)
    if skp is None:
        abort(404)
    skp.peran_saya = peran(skp, current_user)
    if not skp.peran_saya:
        abort(403, description="SKP ini bukan milik Anda atau tim Anda.")
    return skp


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
