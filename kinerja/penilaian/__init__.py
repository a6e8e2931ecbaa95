"""Periodic work and evaluation: realisasi with bukti dukung, self-evaluation,
the penilai's rating, predikat, distribution, pembinaan, keberatan, and each
person's task list. One blueprint; views are split by who uses them."""
from flask import Blueprint

bp = Blueprint("penilaian", __name__)

from . import (bukti_views, cetak, distribusi, keberatan, nilai, pembinaan, realisasi_views,  # noqa: E402,F401
               tugas, tugas_daftar)
