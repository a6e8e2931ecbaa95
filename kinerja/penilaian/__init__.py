"""Periodic work and evaluation: realisasi with bukti dukung, self-evaluation,
the penilai's rating, predikat, distribution, pembinaan, keberatan, and each
person's task list. One blueprint; views are split by who uses them."""
from flask import Blueprint

bp = Blueprint("penilaian", __name__)

from . import (bukti_views, cetak_views, distribusi_views, keberatan_views, nilai_views,  # noqa: E402,F401
               pembinaan_views, realisasi_views, tugas_views)
