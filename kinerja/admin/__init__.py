"""Admin kepegawaian: units, pegawai, import and periods, each scoped."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import impor_views, pegawai_views, peran_views, periode_views, unit_views  # noqa: E402,F401  (routes register on bp)
