"""Admin kepegawaian: units, pegawai, import and periods, each scoped."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import impor, pegawai, periode, unit  # noqa: E402,F401  (routes register on bp)
