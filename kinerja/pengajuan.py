"""Idempotency keys: every write form is safe to submit twice.

A write form carries a hidden `submission_id` (a UUID); API clients may send
an `Idempotency-Key` header instead. The first request with a key claims it;
a replay with the same content gets the first answer again (the same 303),
the same key with different content is refused, and nothing is created twice.
"""
import datetime
import hashlib
import re
from functools import wraps

from flask import abort, make_response, redirect, request
from flask_login import current_user
from peewee import IntegrityError, PeeweeException

from .db import database
from .jam import sekarang
from .models import Pengajuan

# A claimed key with no answer after this long belongs to a request that died.
KLAIM_TERLANTAR = datetime.timedelta(minutes=2)
KUNCI_RE = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
IGNORED_FIELDS = {"csrf_token", "submission_id"}


def kunci_pengajuan():
    """The idempotency key of this request, or None."""
    return request.headers.get("Idempotency-Key") or request.form.get("submission_id") or None


def sidik_isi():
    """A digest of what was submitted: path, fields and uploaded files' bytes."""
    h = hashlib.sha256(request.path.encode())
    for key in sorted(k for k in request.form if k not in IGNORED_FIELDS):
        for value in request.form.getlist(key):
            h.update(f"\0{key}={value}".encode())
    for key in sorted(request.files):
        for storage in request.files.getlist(key):
            h.update(f"\0{key}:{storage.filename}:".encode())
            h.update(hashlib.sha256(storage.stream.read()).digest())
            storage.stream.seek(0)
    return h.hexdigest()


def idempoten(view):
    """Make a POST view safe to replay by its submission_id / Idempotency-Key."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        kunci = kunci_pengajuan() if request.method == "POST" else None
        if kunci is None:
            return view(*args, **kwargs)
        if not KUNCI_RE.match(kunci):
            abort(400, description="Kunci pengajuan (submission_id) tidak valid.")
        user_id = current_user.id if current_user.is_authenticated else None
        klaim = _klaim(kunci, user_id, sidik_isi())
        if not isinstance(klaim, Pengajuan):
            return klaim  # the answer to a replay
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            try:
                klaim.delete_instance()
            except PeeweeException:  # e.g. still busy: the claim is abandoned and expires
                pass
            raise
        if 300 <= response.status_code < 400 and response.location:
            klaim.status, klaim.lokasi = response.status_code, response.location
            klaim.save()
        else:
            # A refused or re-rendered form is not an answer to replay: the user
            # corrects it and sends again with the same key.
            klaim.delete_instance()
        return response
    return wrapper


def _klaim(kunci, user_id, sidik):
    """Claim the key (a new Pengajuan), or the answer for a key already used."""
    for _ in range(2):
        try:
            with database.atomic():
                return Pengajuan.create(kunci=kunci, pegawai=user_id, hash=sidik, status=0)
        except IntegrityError:
            ada = Pengajuan.get_or_none(Pengajuan.kunci == kunci)
            jawab = _ulang(ada, user_id, sidik) if ada is not None else None
            if jawab is not None:
                return jawab
    abort(409, description="Isian yang sama sedang diproses. Tunggu sebentar lalu muat ulang.")


def _ulang(pengajuan, user_id, sidik):
    """Answer a replayed key: the first answer, or a refusal (None: an
    abandoned claim was dropped and the key may be claimed again)."""
    if pengajuan.status == 0 and sekarang() - pengajuan.waktu > KLAIM_TERLANTAR:
        # A claim whose request died without giving it back (a crash, a busy
        # database while cleaning up): the form may be sent again.
        Pengajuan.delete().where((Pengajuan.id == pengajuan.id) & (Pengajuan.status == 0)).execute()
        return None
    # Refusals go through abort(), so each blueprint's error page draws them
    # (a citizen's public page never gets the staff header).
    if pengajuan.pegawai_id != user_id or pengajuan.hash != sidik:
        abort(409, description="Kunci pengajuan ini sudah dipakai untuk isian yang berbeda. "
                               "Muat ulang formulir lalu kirim lagi.")
    if pengajuan.status == 0:
        abort(409, description="Isian yang sama sedang diproses. Tunggu sebentar lalu muat ulang.")
    return redirect(pengajuan.lokasi, code=303)
