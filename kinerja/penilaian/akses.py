"""Permission check for evaluation views, fragments included: an unknown id
is 404, no role on the evaluation's SKP is 403, and someone who may only read
it (skp.akses: "pembaca") is 403 on anything but a read."""
from flask import abort
from flask_login import current_user

from ..skp.akses import pastikan_baca
from ..skp.layanan import peran
from ..web import pastikan
from .layanan import evaluasi_dan_skp


def evaluasi_terlihat(evaluasi_id, pesan="Evaluasi ini bukan milik Anda atau tim Anda."):
    """(evaluation, its SKP) for someone with a role on the SKP; the roles in `skp.peran_saya`."""
    ev, skp = evaluasi_dan_skp(evaluasi_id)
    if ev is None or skp is None:
        abort(404)
    skp.peran_saya = peran(skp, current_user)
    pastikan(skp.peran_saya, pesan)
    pastikan_baca(skp.peran_saya)
    return ev, skp
