"""Suara warga: citizens' voice as evidence of performance (issue 16).

Two blueprints. `publik` holds the pages a citizen opens without an account
(survey, complaint, ticket status, transparency, the QR poster); `bp` the
staff pages (service catalogue, service log, complaint handling, the unit's
results). The figures live in `ukuran`, the rules in kinerja.rules.warga.
"""
from flask import Blueprint

bp = Blueprint("warga", __name__)
publik = Blueprint("publik", __name__)

from . import publik_views, staf_views  # noqa: E402,F401
