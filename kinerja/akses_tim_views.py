"""Access without an admin: an atasan gives a direct report a one-time password.

GET /tim/anggota/<id>/sandi asks for confirmation; the POST issues the
password and answers with it, once (`Cache-Control: no-store`; no GET shows
it again). Only the direct atasan of an active, ordinary account may do it:
never for oneself, never for an admin, superadmin or pemantau account, never
for a unit head who reads beyond the atasan's own read scope
(kepegawaian.periksa_reset_atasan: whoever holds the temporary password holds
the account, and reads what it reads). Anyone else gets 404 (a report is
not theirs to know of) or 403 (an admin account of one's own report).

The atasan could sign in as the report with that password; the forced
change at first use, the old password no longer working and the history row
on the account ("diatur ulang oleh atasan langsung", by whom, when) are what
make such a misuse visible to the owner and to the admin.

A replay of the same submission makes no new password: it answers that the
password was already issued at HH.MM, with a link to issue another on purpose
(sandi_sekali._terbitkan leaves the marker; pengajuan.idempoten answers a replay
still running with 409).
"""
from flask import Blueprint, abort, make_response, render_template
from flask_login import current_user, login_required

from .auth import hash_sandi, sandi_sementara
from .forms import KinerjaForm
from .models import Pegawai
from .pengajuan import idempoten, kunci_pengajuan, sidik_isi
from .rules import RuleError
from .sandi_sekali import SudahDiterbitkan, atur_ulang_sandi_oleh_atasan, periksa_reset_atasan
from .web import pastikan_boleh

bp = Blueprint("akses_tim", __name__)


def _anggota(pegawai_id):
    """The direct report, 404 unless it is one (active) of the signed-in
    person's; 403 for an account an atasan may not reset."""
    pegawai = Pegawai.get_or_none(Pegawai.id == pegawai_id)
    if pegawai is None or pegawai.atasan_id != current_user.id or not pegawai.aktif:
        abort(404)
    pastikan_boleh(periksa_reset_atasan, current_user, pegawai)
    return pegawai


def _jawab(status=200, **context):
    response = make_response(render_template("auth/sandi_anggota.html", **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/tim/anggota/<int:pegawai_id>/sandi", methods=["GET", "POST"])
@login_required
@idempoten
def sandi_anggota(pegawai_id):
    """Confirm (GET), then issue and show the one-time password (POST)."""
    pegawai = _anggota(pegawai_id)
    form = KinerjaForm()
    if not form.validate_on_submit():
        return _jawab(422 if form.is_submitted() else 200, p=pegawai, form=form)
    if kunci_pengajuan() is None:
        abort(400, description="Kunci pengajuan (submission_id) hilang. Muat ulang halaman, lalu kirim lagi.")
    try:
        sandi = atur_ulang_sandi_oleh_atasan(current_user._get_current_object(), pegawai, hash_sandi,
                                             sandi_sementara, kunci_pengajuan(), sidik_isi())
    except SudahDiterbitkan as exc:
        if not exc.sama:
            return render_template("errors/pesan.html", judul="Pengajuan ditolak",
                                   pesan="Kunci pengajuan ini sudah dipakai untuk isian yang berbeda. "
                                         "Muat ulang formulir lalu kirim lagi."), 409
        return _jawab(p=pegawai, sudah=exc.penanda)
    except RuleError as exc:
        abort(409, description=str(exc))
    return _jawab(p=pegawai, sandi=sandi)
