"""Citizen-side services of suara warga: a survey (SKM) response, a
complaint, a ticket look-up, and the checks against abuse. No account is
involved; nothing here reads the login session.

Abuse, in the order a send meets it (the cheap refusals write nothing):
- a honeypot field (`situs_web`, hidden from people) must stay empty;
- the form carries a signed token of when it was served (`waktu`, the
  app's clock): sooner than WARGA_MIN_DETIK is a script, later than
  WARGA_MAKS_MENIT_FORMULIR is sent again with the answers kept;
- accepted sends per network address and per device (the hash of the CSRF
  secret in Flask's session, the only cookie) in a window, by
  kinerja.batas.ambil_jatah; a code guessed wrong counts too.
  A kiosk tablet at the counter is one device for many citizens; we do not
  special-case it (a "kiosk" mark would be one more thing to forge). It
  runs its browser in a mode that clears cookies after each use, so each
  citizen is a new device, on its own connection (the office network shares
  its address with staff devices, which would flag every response); the
  per-address limit still bounds it (config WARGA_BATAS_ALAMAT);
- an IPv6 address is limited by its /64: one household or phone gets a
  whole /64 and picks a new address from it at will;
- a send from the address of a staff session of the unit (or of the
  service's petugas) used in the last WARGA_STAF_MENIT minutes is stored
  flagged (`ditandai`): kept, counted in no figure, and the citizen sees
  the same thanks.

A service code is spent once: the check and the spending run in one write
transaction holding the code's lock (db.tulis), and the unique
ResponSurvei.catatan refuses a race that slips past it. A complaint may
name a code too: the code ties at most one complaint (unique
Pengaduan.catatan, checked the same way), and only within
HARI_ADUAN_KODE days of the service.
"""
import datetime
import hashlib
import ipaddress
import re
from typing import NamedTuple

from flask import current_app, session
from itsdangerous import BadSignature, URLSafeSerializer
from peewee import IntegrityError

from ..batas import ambil_jatah, kembalikan
from ..db import database, tulis
from ..inti import Galat
from ..jam import sekarang
from ..models import Pegawai, Sesi, Unit
from ..rules import RuleError
from ..rules import warga as aturan
from ..sesi import SENTUH_SETIAP
from .models import CatatanLayanan, Layanan, Pengaduan, PetugasLayanan, ResponSurvei

GARAM_WAKTU = "warga-waktu"
# Markup in free text is refused (a comment is text, not a page); a lone "<"
# as in "antre < 10 menit" is fine and is shown escaped like every text.
TAG_RE = re.compile(r"<\s*[a-zA-Z!/?]")
KONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TELEPON_RE = re.compile(r"^\+?[0-9 ()\-.]{8,20}$")
SUREL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOLAK_UMPAN = "Kiriman tidak dapat diterima. Kosongkan isian \u201cJangan diisi\u201d, lalu kirim lagi."
TERLALU_CEPAT = "Formulir terkirim terlalu cepat. Periksa jawaban Anda, lalu kirim lagi."
KEDALUWARSA = "Formulir kedaluwarsa, kirim lagi. Jawaban Anda masih ada di bawah."
TIDAK_SAH = "Formulir tidak sah atau sudah kedaluwarsa, kirim lagi. Jawaban Anda masih ada di bawah."


class Dibatasi(Exception):
    """Too many sends from this address or device: wait `menit` minutes (429)."""

    def __init__(self, menit, pesan):
        super().__init__(pesan)
        self.menit = menit


class Asal(NamedTuple):
    """Where a send comes from: the client's network address and the device's hash."""
    alamat: str
    perangkat: str


def perangkat():
    """This browser's device hash: the CSRF secret in Flask's session, hashed
    ("-" without one: then only the address limit holds)."""
    rahasia = session.get("csrf_token")
    return hashlib.sha256(rahasia.encode()).hexdigest()[:32] if rahasia else "-"


# ---------------------------------------------------------------- the form's age and the honeypot

def _penanda():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=GARAM_WAKTU)


def token_waktu(unit_id, jenis):
    """The signed `waktu` token of a form served now, for unit `unit_id` and
    form `jenis` ("skm" or "aduan")."""
    return _penanda().dumps([sekarang().isoformat(), unit_id, jenis])


def umur_token(token, unit_id, jenis):
    """Seconds since the form of `token` was served, or None when the token
    is missing, forged, or of another unit or form."""
    try:
        waktu, unit, jenis_token = _penanda().loads(token or "")
        dilayani = datetime.datetime.fromisoformat(waktu)
    except (BadSignature, ValueError, TypeError):
        return None
    if unit != unit_id or jenis_token != jenis:
        return None
    return (sekarang() - dilayani).total_seconds()


def token_masih_sah(token, unit_id, jenis):
    """True when `token` may be kept on a form shown again (valid, not expired)."""
    umur = umur_token(token, unit_id, jenis)
    return umur is not None and umur <= current_app.config["WARGA_MAKS_MENIT_FORMULIR"] * 60


def periksa_kiriman(data, unit_id, jenis):
    """RuleError unless the honeypot is empty and the form's age is a person's."""
    if (data.get("situs_web") or "").strip():
        raise RuleError(TOLAK_UMPAN)
    umur = umur_token(data.get("waktu"), unit_id, jenis)
    if umur is None:
        raise RuleError(TIDAK_SAH)
    if umur > current_app.config["WARGA_MAKS_MENIT_FORMULIR"] * 60:
        raise RuleError(KEDALUWARSA)
    if umur < current_app.config["WARGA_MIN_DETIK"]:
        raise RuleError(TERLALU_CEPAT)


# ---------------------------------------------------------------- text

def rapikan_teks(teks):
    """Free text as stored: line breaks as "\\n" (a browser counts one, sends
    two), control characters dropped, ends trimmed."""
    return KONTROL_RE.sub("", (teks or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def _periksa_teks(galat, nama, teks, maks, label, wajib=False):
    if wajib and not teks:
        galat[nama] = f"{label} wajib diisi."
    elif len(teks) > maks:
        galat[nama] = f"{label} paling banyak {maks} karakter (sekarang {len(teks)})."
    elif TAG_RE.search(teks):
        galat[nama] = f"{label} tidak boleh berisi kode HTML (tanda < diikuti huruf)."


def _kode(galat, data):
    try:
        return aturan.rapikan_kode(data.get("kode"))
    except RuleError as exc:
        galat["kode"] = str(exc)
        return ""


# ---------------------------------------------------------------- limits and flags

def _jatah(batas, pesan):
    """Reserve one send under `batas` ([(key, max)]), or raise Dibatasi."""
    tunggu, ids = ambil_jatah([(k, m) for k, m in batas if m > 0], current_app.config["WARGA_BATAS_MENIT"])
    if tunggu:
        raise Dibatasi(tunggu, pesan.format(menit=tunggu))
    return ids


def jaringan(alamat):
    """The network a limit counts `alamat` under: an IPv4 address itself, an
    IPv6 address its /64 (a client may pick any address in its /64, so a
    limit on the full address would be no limit); anything else as given."""
    try:
        ip = ipaddress.ip_address(alamat)
    except ValueError:
        return alamat
    if ip.version == 6 and ip.ipv4_mapped:  # "::ffff:a.b.c.d" from a dual-stack listener: the IPv4 client
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return alamat


def _kunci_batas(jenis, asal):
    cfg = current_app.config
    alamat = jaringan(asal.alamat)
    if jenis == "skm":
        return [(f"skm-alamat:{alamat}", cfg["WARGA_BATAS_ALAMAT"]),
                (f"skm-perangkat:{asal.perangkat}", cfg["WARGA_BATAS_PERANGKAT"])]
    return [(f"aduan-alamat:{alamat}", cfg["WARGA_BATAS_ADUAN_ALAMAT"]),
            (f"aduan-perangkat:{asal.perangkat}", cfg["WARGA_BATAS_ADUAN_PERANGKAT"])]


PESAN_BATAS = ("Terlalu banyak kiriman dari perangkat atau jaringan ini. Coba lagi dalam {menit} menit; "
               "jawaban Anda masih ada di bawah.")


def dari_staf(unit, alamat, pegawai_id=None):
    """True when a session of a pegawai of `unit` (or its sub-units), of a
    petugas of its services, or of `pegawai_id`, was used from `alamat`'s
    network (jaringan) in the last WARGA_STAF_MENIT minutes, ended since or
    not (1 query).

    Only use counts: `terakhir` is written at most every SENTUH_SETIAP, so
    the window is widened by that much. The time a session was ended says
    nothing (a password reset ends sessions last used days ago)."""
    batas = (sekarang() - datetime.timedelta(minutes=current_app.config["WARGA_STAF_MENIT"])
             - SENTUH_SETIAP)
    petugas = (PetugasLayanan.select(PetugasLayanan.pegawai).join(Layanan)
               .where(Layanan.unit == unit.id))
    unit_ini = Unit.select(Unit.id).where(Unit.dalam_subpohon(unit.path))
    orang = Pegawai.unit.in_(unit_ini) | Pegawai.id.in_(petugas)
    if pegawai_id:
        orang |= Pegawai.id == pegawai_id
    # Compared by network (jaringan): a staff phone may use another address
    # of its IPv6 /64 for the survey. The unit's sessions of the last hour
    # are few, so they are compared here rather than in SQL.
    dicari = jaringan(alamat)
    return any(jaringan(a) == dicari for (a,) in Sesi.select(Sesi.alamat).join(Pegawai)
               .where((Sesi.terakhir >= batas) & orang).tuples())


def _catatan(unit, kode):
    return CatatanLayanan.get_or_none((CatatanLayanan.kode == kode) & (CatatanLayanan.unit == unit.id))


KODE_TIDAK_DIKENAL = "Kode layanan ini tidak dikenal di unit ini. Periksa kode pada slip, atau kosongkan."
KODE_TERPAKAI = "Kode layanan ini sudah dipakai untuk survei. Kosongkan kode untuk mengirim tanpa kode."
# A complaint names a service's code at most this many days after the
# service (its end, or its start while it runs): a slip kept for months
# would otherwise pin a complaint on a pegawai long after anyone remembers.
HARI_ADUAN_KODE = 30
KODE_ADUAN_TERPAKAI = ("Kode layanan ini sudah dipakai untuk pengaduan lain. "
                       "Kosongkan kode untuk mengirim tanpa kode.")
KODE_ADUAN_LEWAT = (f"Kode layanan hanya bisa dipakai sampai {HARI_ADUAN_KODE} hari sesudah layanan. "
                    "Kosongkan kode untuk mengirim tanpa kode.")


# ---------------------------------------------------------------- the survey

def kirim_survei(unit, data, asal):
    """Store one survey response to `unit` from form `data` (u1..u9, komentar,
    kode, situs_web, waktu) sent from `asal`; returns the ResponSurvei.
    Refusals store nothing: RuleError (honeypot, the form's age), Galat
    {field: message} (answers, comment, code), Dibatasi (over a limit)."""
    periksa_kiriman(data, unit.id, "skm")
    galat = aturan.periksa_skor(data)
    komentar = rapikan_teks(data.get("komentar"))
    _periksa_teks(galat, "komentar", komentar, aturan.MAKS_KOMENTAR, "Komentar")
    kode = _kode(galat, data)
    if galat:
        raise Galat(galat)
    skor = {u.kolom: int(data[u.kolom].strip()) for u in aturan.UNSUR}
    batas = _kunci_batas("skm", asal)
    with tulis(*([f"kode:{kode}"] if kode else []), *(k for k, _ in batas)):
        _jatah(batas, PESAN_BATAS)
        catatan = _catatan(unit, kode) if kode else None
        if kode and catatan is None:
            galat["kode"] = KODE_TIDAK_DIKENAL
        elif catatan is not None and catatan.kode_terpakai is not None:
            galat["kode"] = KODE_TERPAKAI
        else:
            respon = _simpan_respon(unit, catatan, skor, komentar, asal)
    if galat:  # raised after the transaction: the attempt stays counted (no free guessing)
        raise Galat(galat)
    return respon


def _simpan_respon(unit, catatan, skor, komentar, asal):
    """The response row and, with a code, the code spent (inside the caller's transaction)."""
    pegawai_id = catatan.pegawai_id if catatan else None
    try:
        with database.atomic():
            respon = ResponSurvei.create(unit=unit.id, catatan=catatan, pegawai=pegawai_id, komentar=komentar,
                                         ditandai=dari_staf(unit, asal.alamat, pegawai_id), **skor)
            if catatan is not None:
                terpakai = (CatatanLayanan.update(kode_terpakai=sekarang())
                            .where((CatatanLayanan.id == catatan.id) & CatatanLayanan.kode_terpakai.is_null())
                            .execute())
                if not terpakai:
                    raise IntegrityError("kode sudah terpakai")
    except IntegrityError:
        raise Galat({"kode": KODE_TERPAKAI}) from None
    return respon


# ---------------------------------------------------------------- complaints and tickets

def _periksa_kontak(galat, kontak):
    if not kontak:
        return
    _periksa_teks(galat, "kontak", kontak, aturan.MAKS_KONTAK, "Kontak")
    if "kontak" not in galat and not (SUREL_RE.match(kontak) or TELEPON_RE.match(kontak)):
        galat["kontak"] = "Tulis nomor telepon (mis. 0812 3456 7890) atau alamat e-mail, atau kosongkan."


def kirim_pengaduan(unit, data, asal):
    """Store one complaint to `unit` from form `data` (isi, kode, kontak,
    situs_web, waktu) sent from `asal`; returns the Pengaduan with its new
    ticket. A code of this unit (spent by a survey or not) ties it to that
    service and its pegawai, within HARI_ADUAN_KODE days of the service and
    for one complaint only. Refusals as kirim_survei."""
    periksa_kiriman(data, unit.id, "aduan")
    galat = {}
    isi = rapikan_teks(data.get("isi"))
    _periksa_teks(galat, "isi", isi, aturan.MAKS_ADUAN, "Isi pengaduan", wajib=True)
    kontak = rapikan_teks(data.get("kontak")).replace("\n", " ")
    _periksa_kontak(galat, kontak)
    kode = _kode(galat, data)
    if galat:
        raise Galat(galat)
    batas = _kunci_batas("aduan", asal)
    with tulis(*([f"kode:{kode}"] if kode else []), *(k for k, _ in batas)):
        _jatah(batas, PESAN_BATAS)
        catatan = _catatan(unit, kode) if kode else None
        salah = _kode_aduan(kode, catatan)
        aduan = None if salah else _simpan_aduan(unit, catatan, isi, kontak, asal)
        if aduan is None:
            galat["kode"] = salah or KODE_ADUAN_TERPAKAI
    if galat:  # raised after the transaction: the attempt stays counted
        raise Galat(galat)
    return aduan


def _kode_aduan(kode, catatan):
    """Why the code `kode` (its record `catatan`) cannot name a complaint, or ""."""
    if not kode:
        return ""
    if catatan is None:
        return KODE_TIDAK_DIKENAL
    if sekarang() - (catatan.selesai or catatan.mulai) > datetime.timedelta(days=HARI_ADUAN_KODE):
        return KODE_ADUAN_LEWAT
    if Pengaduan.select(Pengaduan.id).where(Pengaduan.catatan == catatan.id).exists():
        return KODE_ADUAN_TERPAKAI
    return ""


def _simpan_aduan(unit, catatan, isi, kontak, asal):
    """The complaint row with a fresh ticket, or None when its code was
    taken by a complaint that slipped past the check (inside the caller's
    transaction)."""
    pegawai_id = catatan.pegawai_id if catatan else None
    ditandai = dari_staf(unit, asal.alamat, pegawai_id)
    for _ in range(5):  # a ticket collision is ~1 in 10^14; try another
        try:
            with database.atomic():
                return Pengaduan.create(unit=unit.id, catatan=catatan, pegawai=pegawai_id, isi=isi, kontak=kontak,
                                        tiket=aturan.buat_kode(aturan.PANJANG_TIKET), ditandai=ditandai)
        except IntegrityError:
            if catatan is not None and Pengaduan.select().where(Pengaduan.catatan == catatan.id).exists():
                return None
    raise RuleError("Pengaduan belum tersimpan. Kirim lagi.")


TIKET_SALAH = f"Kode tiket terdiri dari {aturan.PANJANG_TIKET} huruf/angka, seperti ABCDE-FGHJK."
TIKET_TIDAK_ADA = "Tiket ini tidak ditemukan. Periksa lagi kode tiket Anda."


def cari_tiket(teks, alamat):
    """The Pengaduan (with its unit) of the ticket typed as `teks` (any
    case, with or without the dash), or None when there is none. RuleError
    when it cannot be a ticket; Dibatasi past WARGA_BATAS_TIKET misses
    from `alamat` in the window (a found ticket gives its attempt back)."""
    try:
        tiket = aturan.rapikan_kode(teks, aturan.PANJANG_TIKET)
    except RuleError:
        raise RuleError(TIKET_SALAH) from None
    if not tiket:
        raise RuleError("Tulis kode tiket Anda.")
    batas = [(f"tiket-alamat:{jaringan(alamat)}", current_app.config["WARGA_BATAS_TIKET"])]
    ids = _jatah(batas, "Terlalu banyak pencarian tiket dari jaringan ini. Coba lagi dalam {menit} menit.")
    aduan = (Pengaduan.select(Pengaduan, Unit).join(Unit).where(Pengaduan.tiket == tiket).first())
    if aduan is not None:
        kembalikan(ids)
    return aduan
