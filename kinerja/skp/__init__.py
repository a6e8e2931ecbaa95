"""SKP planning: the pegawai's SKP, its RHK and IKI, the superior's team views
and the printed document. One blueprint; views are split by who uses them."""
from flask import Blueprint

bp = Blueprint("skp", __name__)

from . import cetak_views, rencana_views, tim_views, views  # noqa: E402,F401  (routes)
