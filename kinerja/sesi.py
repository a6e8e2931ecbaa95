"""Server-side sessions: one `Sesi` row per signed-in device.

The signed cookie keeps Flask-Login's account token and a random session
token; the database keeps only the token's hash. A request is signed in only
while its row is there, not ended and within both lifetimes:
- idle (`SESI_IDLE_MENIT`, default 8 hours without a request);
- absolute (`SESI_MAKS_HARI`, default 7 days after signing in).
Logout ends the row, so a cookie copied before it is refused afterwards; a
password change or reset ends every row of the account. People see their
devices and sign any of them out (auth: /akun/perangkat).
"""
import datetime
import hashlib
import re
import secrets

from flask import current_app, g, request, session

from .jam import sekarang
from .keamanan import alamat_klien
from .kueri import kueri_tetap
from .models import Pegawai, Sesi

KUNCI_COOKIE = "sesi"
# `terakhir` is written at most this often: a request does not cost a write.
SENTUH_SETIAP = datetime.timedelta(minutes=5)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def nama_perangkat(agen):
    """A short name for a User-Agent: "Chrome di Android"."""
    agen = agen or ""
    peramban = next((nama for pola, nama in (
        (r"Edg/", "Edge"), (r"OPR/|Opera", "Opera"), (r"SamsungBrowser", "Samsung Internet"),
        (r"Firefox/", "Firefox"), (r"Chrome/|Chromium/", "Chrome"), (r"Safari/", "Safari"))
        if re.search(pola, agen)), "Peramban lain")
    sistem = next((nama for pola, nama in (
        (r"Android", "Android"), (r"iPhone|iPad|iOS", "iOS"), (r"Windows", "Windows"),
        (r"Mac OS X|Macintosh", "macOS"), (r"CrOS", "ChromeOS"), (r"Linux", "Linux"))
        if re.search(pola, agen)), "")
    return f"{peramban} di {sistem}" if sistem else peramban


def _batas():
    """(the earliest last-use, the earliest start) a live session may have."""
    cfg, now = current_app.config, sekarang()
    return (now - datetime.timedelta(minutes=cfg["SESI_IDLE_MENIT"]),
            now - datetime.timedelta(days=cfg["SESI_MAKS_HARI"]))


def hidup(idle=None, maks=None):
    """The condition of a live session (not ended, last used since `idle`,
    started since `maks`; both from the configured lifetimes by default)."""
    if idle is None:
        idle, maks = _batas()
    return Sesi.dicabut_pada.is_null() & (Sesi.terakhir >= idle) & (Sesi.dibuat >= maks)


@kueri_tetap(str, str, datetime.datetime, datetime.datetime)
def _kueri_sesi(login_token, kunci, idle, maks):
    """The active pegawai of a live session, with the session's id and last
    use: every signed-in request runs it, so its SQL is built once."""
    return (Pegawai.select(Pegawai, Sesi.id.alias("sesi_id"), Sesi.terakhir.alias("sesi_terakhir"))
            .join(Sesi, on=(Sesi.pegawai == Pegawai.id))
            .where((Pegawai.login_token == login_token) & (Pegawai.aktif == True)  # noqa: E712
                   & (Sesi.kunci == kunci) & hidup(idle, maks))
            .objects().limit(1))


def buka(pegawai, alamat):
    """Start a session for `pegawai` on this device (after the password was checked)."""
    token = secrets.token_urlsafe(32)
    _idle, maks = _batas()
    # This account's rows past the absolute lifetime are of no use any more.
    Sesi.delete().where((Sesi.pegawai == pegawai.id) & (Sesi.dibuat < maks)).execute()
    Sesi.create(pegawai=pegawai.id, kunci=_hash(token), alamat=(alamat or "")[:45],
                perangkat=nama_perangkat(request.headers.get("User-Agent"))[:200])
    session[KUNCI_COOKIE] = token


def muat(login_token):
    """The active pegawai of this request's session, or None (one query;
    last use written at most every few minutes)."""
    token = session.get(KUNCI_COOKIE)
    if not token or not login_token:
        return None
    baris = _kueri_sesi.satu(login_token, _hash(token), *_batas())
    if baris is None:
        return None
    g.sesi_id = baris.sesi_id
    now = sekarang()
    if now - baris.sesi_terakhir >= SENTUH_SETIAP:
        # The address is kept fresh too: a survey sent from where a staff
        # device of the unit was lately is flagged (kinerja.warga.survei).
        Sesi.update(terakhir=now, alamat=alamat_klien()).where(Sesi.id == baris.sesi_id).execute()
    return baris


def sesi_ini():
    """The id of this request's session row (None when not signed in)."""
    return g.get("sesi_id")


def tutup(sesi_id):
    """End one session (logout, or "keluarkan" on the devices page)."""
    if sesi_id:
        Sesi.update(dicabut_pada=sekarang()).where((Sesi.id == sesi_id) & Sesi.dicabut_pada.is_null()).execute()


def tutup_semua(pegawai_id, kecuali=None):
    """End every session of an account (password changed or reset, deactivated)."""
    q = Sesi.update(dicabut_pada=sekarang()).where((Sesi.pegawai == pegawai_id) & Sesi.dicabut_pada.is_null())
    if kecuali:
        q = q.where(Sesi.id != kecuali)
    return q.execute()


def daftar(pegawai_id):
    """The account's live sessions, the most recently used first."""
    return list(Sesi.select().where((Sesi.pegawai == pegawai_id) & hidup())
                .order_by(Sesi.terakhir.desc(), Sesi.id.desc()))


