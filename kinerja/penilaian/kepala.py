"""The header's "Tugas saya (n)": the signed-in person's counts, at most
once per request, and the total remembered for a minute.

Counting reads the whole team (penilaian.tugas.ringkas_tugas: about 1.5 ms
of every page for a penilai of 500) for a number that changes a few times a
day. So the total and whether the person has a team are kept in their own
small signed cookie (KUE_TUGAS) for TUGAS_KEPALA_DETIK seconds (default 60)
of the app's clock and, as its max-age, of the browser's: for the same
person and the same server-side session (kinerja.sesi), on the same day. A
different person or session, another day, a clock set back, a bad
signature or an older value counts afresh. No server state, so it holds
across processes.

- A request that may write (not GET/HEAD/OPTIONS) never uses it, and its
  answer deletes it: the next page counts afresh, so one's own approvals,
  ratings and submissions show at once (in this browser).
- Other people's changes (a subordinate submits) show within the period.
- Tugas saya counts on every visit and refreshes it (the same total is not
  written again within half the period).
- Its own cookie, never the session's: a page's answer that arrives late
  (the service worker lets a slow one land after showing its copy) can
  only put back an older total, never an older session (a logout, a new
  CSRF token or a password change undone).
"""
import datetime

from flask import current_app, g, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from peewee import PeeweeException

from ..jam import sekarang
from ..sesi import sesi_ini
from ..web import atur_kue
from .tugas import hitung_tugas, ringkas_tugas

KUE_TUGAS = "kinerja_tugas"
METODE_BACA = frozenset(("GET", "HEAD", "OPTIONS"))


def _serial():
    return URLSafeSerializer(current_app.secret_key, salt="tugas-kepala")


def _diingat():
    """(total, has subordinates, age in seconds) remembered for this person
    and session, or None (see the module doc)."""
    kue = request.cookies.get(KUE_TUGAS)
    if not kue or request.method not in METODE_BACA:
        return None
    try:
        pid, sesi, total, bawahan, pada = _serial().loads(kue)
        pada = datetime.datetime.fromisoformat(pada)
    except (BadSignature, TypeError, ValueError):
        return None
    if pid != current_user.id or sesi != sesi_ini() or not isinstance(total, int):
        return None
    now = sekarang()
    umur = (now - pada).total_seconds()
    if pada.date() != now.date() or not 0 <= umur < current_app.config["TUGAS_KEPALA_DETIK"]:
        return None
    return total, bool(bawahan), umur


def _ingat(total, bawahan):
    """Remember the counted total on this request's answer, unless the same
    is remembered from less than half the period ago."""
    detik = current_app.config["TUGAS_KEPALA_DETIK"]
    if detik > 0 and sesi_ini():
        lama = _diingat()
        if lama is None or lama[:2] != (total, bool(bawahan)) or lama[2] >= detik / 2:
            g.kue_tugas = _serial().dumps([current_user.id, sesi_ini(), total, bool(bawahan),
                                           sekarang().isoformat(timespec="seconds")])


def simpan_kue_tugas(response):
    """After every request: set the counted total, or delete the remembered
    one after a request that may have written."""
    from .. import TANPA_SESI  # static files and background fetches: no cookie
    kue = g.pop("kue_tugas", None)
    if kue is not None and request.endpoint not in TANPA_SESI:
        atur_kue(response, KUE_TUGAS, kue, max_age=current_app.config["TUGAS_KEPALA_DETIK"])
    elif request.method not in METODE_BACA and KUE_TUGAS in request.cookies:
        atur_kue(response, KUE_TUGAS)
    return response


def jumlah_tugas_saya(r=None):
    """The signed-in person's counts, computed at most once per request (from
    `r` when the page already read it); None for an anonymous visitor or when
    the database cannot answer (the header is decoration: an error page must
    still render). The same query tells the header whether to show "Tim".
    The total is remembered for the header."""
    if "tugas_saya" not in g:
        g.tugas_saya = None
        if current_user.is_authenticated:
            try:
                r = r or ringkas_tugas(current_user)
                current_user._punya_bawahan = r.bawahan > 0  # models.Pegawai.punya_bawahan: no second query
                g.tugas_saya = hitung_tugas(current_user, r)
                _ingat(g.tugas_saya["total"], r.bawahan)
            except PeeweeException:
                current_app.logger.exception("Jumlah tugas tidak bisa dihitung")
    return g.tugas_saya


def tugas_kepala():
    """For base.html: the signed-in person's total of tasks waiting (0 when
    none or unknown), counted this request, remembered, or counted now. Sets
    whether the person has a team, which the header asks next (for showing
    links only: no permission reads it)."""
    if "tugas_saya" not in g and current_user.is_authenticated:
        ingat = _diingat()
        if ingat is not None:
            current_user._punya_bawahan = ingat[1]
            return ingat[0]
    n = jumlah_tugas_saya()
    return n["total"] if n else 0
