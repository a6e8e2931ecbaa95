"""State changes of the organisation: units and pegawai.

Every write to a Unit or Pegawai goes through this module: it checks the
rules (NIP, uniqueness, scope, cycles), saves inside one transaction with a
version check, and records the history. Views and the importer share it.
"""
import secrets

from .db import database
from .models import Pegawai, Unit
from .offline import update_berversi
from .riwayat import catat
from .sesi import tutup_semua
from .rules import RuleError, membuat_siklus, periksa_kelola_akun, periksa_nip

FIELDS_PEGAWAI = ("nip", "nama", "jabatan", "jenis_jabatan", "jenis_asn", "unit", "atasan")
FIELDS_UNIT = ("nama", "kode", "jenis", "parent")


class Galat(Exception):
    """Validation failed; `errors` maps field name to an Indonesian message."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# ---------------------------------------------------------------- scope

def dalam_wewenang(aktor, unit):
    """True when `aktor` (an admin) may manage things in `unit`."""
    prefix = aktor.scope_path()
    if prefix is None or unit is None:
        return False
    return unit.path.startswith(prefix)


def periksa_akun(aktor, pegawai, aksi):
    """Raise RuleError unless `aktor` may do `aksi` (rules.AKSI_AKUN) to the
    account of `pegawai`: the pegawai's unit in scope, and (for a change) an
    account with less power than the actor's (rules.periksa_kelola_akun)."""
    if not dalam_wewenang(aktor, pegawai.unit):
        raise RuleError("Pegawai ini di luar wewenang Anda.")
    periksa_kelola_akun(aktor.scope_path(), pegawai.scope_path(), aksi, diri_sendiri=aktor.id == pegawai.id)


def unit_wewenang(aktor):
    """Query of the units `aktor` may manage, in tree order."""
    prefix = aktor.scope_path()
    q = Unit.select()
    if prefix is None:
        return q.where(Unit.id.is_null())
    if prefix:
        q = q.where(Unit.dalam_subpohon(prefix))
    return q.order_by(Unit.path)


def pegawai_wewenang(aktor, *kolom):
    """Query of the pegawai `aktor` may manage (all columns, or `kolom`).

    No join: the scope's units are found in the unit table by their path
    index, and their pegawai by the pegawai's unit index, so a COUNT of
    this query touches nothing else."""
    q = Pegawai.select(*kolom)
    prefix = aktor.scope_path()
    if prefix is None:
        return q.where(Pegawai.id.is_null())
    if prefix:
        q = q.where(Pegawai.unit.in_(Unit.select(Unit.id).where(Unit.dalam_subpohon(prefix))))
    return q


# ---------------------------------------------------------------- pegawai

def _atasan_dari(pegawai_id):
    row = Pegawai.select(Pegawai.atasan).where(Pegawai.id == pegawai_id).first()
    return row.atasan_id if row else None


def periksa_pegawai(aktor, data, pegawai=None):
    """Errors (field -> message) for saving `data` as `pegawai` (None = new)."""
    errors = {}
    try:
        data["nip"] = periksa_nip(data.get("nip"), data.get("jenis_asn") or "pns")
    except RuleError as exc:
        errors["nip"] = str(exc)
    else:
        other = Pegawai.get_or_none(Pegawai.nip == data["nip"])
        if other is not None and (pegawai is None or other.id != pegawai.id):
            errors["nip"] = "NIP sudah terdaftar untuk pegawai lain."
    for field, label in (("nama", "Nama"), ("jabatan", "Jabatan")):
        data[field] = (data.get(field) or "").strip()
        if not data[field]:
            errors[field] = f"{label} wajib diisi."
    unit = data.get("unit")
    if unit is None:
        errors["unit"] = "Unit kerja wajib dipilih."
    elif not dalam_wewenang(aktor, unit):
        errors["unit"] = "Unit kerja ini di luar wewenang Anda."
    elif not unit.aktif:
        errors["unit"] = "Unit kerja ini sudah nonaktif."
    atasan = data.get("atasan")
    if atasan is not None:
        if pegawai is not None and atasan.id == pegawai.id:
            errors["atasan"] = "Pegawai tidak bisa menjadi atasan dirinya sendiri."
        elif pegawai is not None and membuat_siklus(pegawai.id, atasan.id, _atasan_dari):
            errors["atasan"] = (f"{atasan.nama} adalah bawahan (langsung atau tidak langsung) "
                                "dari pegawai ini; atasan akan berputar.")
        elif not atasan.aktif:
            errors["atasan"] = "Atasan yang dipilih sudah nonaktif."
    return errors


def _nilai(obj, fields):
    return {f: getattr(obj, f + "_id", None) if f in ("unit", "atasan", "parent")
            else getattr(obj, f) for f in fields}


def simpan_pegawai(aktor, data, pegawai=None, versi=None):
    """Create (pegawai=None) or update a pegawai; raises Galat, RuleError
    (an account the actor may not change) or offline.Konflik."""
    if pegawai is not None:
        periksa_akun(aktor, pegawai, "ubah")
    errors = periksa_pegawai(aktor, data, pegawai)
    if errors:
        raise Galat(errors)
    values = {f: data.get(f) for f in FIELDS_PEGAWAI}
    with database.atomic():
        if pegawai is None:
            pegawai = Pegawai.create(**values)
            catat(aktor, pegawai, "dibuat", None, _nilai(pegawai, FIELDS_PEGAWAI))
        else:
            sebelum = _nilai(pegawai, FIELDS_PEGAWAI)
            update_berversi(pegawai, versi, **values)
            catat(aktor, pegawai, "diubah", sebelum, _nilai(pegawai, FIELDS_PEGAWAI))
    return pegawai


def atur_aktif_pegawai(aktor, pegawai, aktif, versi):
    """Activate or deactivate; a deactivated account cannot log in."""
    periksa_akun(aktor, pegawai, "aktifkan" if aktif else "nonaktifkan")
    with database.atomic():
        update_berversi(pegawai, versi, aktif=aktif)
        if not aktif:
            tutup_semua(pegawai.id)
        catat(aktor, pegawai, "diaktifkan" if aktif else "dinonaktifkan",
              {"aktif": not aktif}, {"aktif": aktif})
    return pegawai


def atur_ulang_sandi(aktor, pegawai, hash_fn, buat_sandi):
    """Set a one-time password that must be changed at next login; returns it."""
    periksa_akun(aktor, pegawai, "atur_sandi")
    sandi = buat_sandi()
    with database.atomic():
        pegawai.password_hash = hash_fn(sandi)
        pegawai.wajib_ganti_sandi = True
        pegawai.login_token = secrets.token_urlsafe(24)  # sign out old sessions
        pegawai.version += 1
        pegawai.save()
        tutup_semua(pegawai.id)
        catat(aktor, pegawai, "sandi_diatur_ulang")
    return sandi


# ---------------------------------------------------------------- unit

def periksa_unit(aktor, data, unit=None):
    """Errors (field -> message) for saving `data` as `unit` (None = new)."""
    errors = {}
    data["nama"] = (data.get("nama") or "").strip()
    data["kode"] = (data.get("kode") or "").strip().upper()
    if not data["nama"]:
        errors["nama"] = "Nama unit wajib diisi."
    if not data["kode"]:
        errors["kode"] = "Kode unit wajib diisi."
    else:
        other = Unit.get_or_none(Unit.kode == data["kode"])
        if other is not None and (unit is None or other.id != unit.id):
            errors["kode"] = "Kode unit sudah dipakai unit lain."
    parent = data.get("parent")
    prefix = aktor.scope_path()
    if parent is None:
        if prefix != "":
            errors["parent"] = "Unit induk wajib dipilih dari unit dalam wewenang Anda."
        elif unit is None and Unit.select().where(Unit.parent.is_null()).exists():
            errors["parent"] = "Sudah ada unit teratas (Pemerintah Kota); pilih unit induk."
    elif not dalam_wewenang(aktor, parent):
        errors["parent"] = "Unit induk di luar wewenang Anda."
    elif unit is not None and unit.contains(parent):
        errors["parent"] = "Unit induk tidak boleh unit ini sendiri atau subunitnya."
    if unit is not None and parent is not None and unit.parent_id is None:
        errors["parent"] = "Unit teratas tidak bisa dipindah."
    if unit is not None and prefix and unit.path == prefix and (parent and parent.id) != unit.parent_id:
        errors["parent"] = "Anda tidak bisa memindahkan unit puncak wewenang Anda."
    return errors


def simpan_unit(aktor, data, unit=None, versi=None):
    """Create or update a unit, keeping the subtree's paths right; raises Galat/Konflik."""
    errors = periksa_unit(aktor, data, unit)
    if errors:
        raise Galat(errors)
    values = {f: data.get(f) for f in FIELDS_UNIT}
    parent = values["parent"]
    with database.atomic():
        if unit is None:
            unit = Unit.create(**values)
            unit.path = f"{parent.path if parent else '/'}{unit.id}/"
            unit.save()
            catat(aktor, unit, "dibuat", None, _nilai(unit, FIELDS_UNIT))
            return unit
        sebelum = _nilai(unit, FIELDS_UNIT)
        lama = unit.path
        baru = f"{parent.path if parent else '/'}{unit.id}/"
        update_berversi(unit, versi, path=baru, **values)
        if baru != lama:
            for child in Unit.select().where(Unit.path.startswith(lama) & (Unit.id != unit.id)):
                child.path = baru + child.path[len(lama):]
                child.save()
        catat(aktor, unit, "diubah", sebelum, _nilai(unit, FIELDS_UNIT))
    return unit


def atur_aktif_unit(aktor, unit, aktif, versi):
    """Deactivate only an empty unit (no active pegawai or subunits); raises Galat."""
    if not aktif:
        n_pegawai = Pegawai.select().where((Pegawai.unit == unit) & (Pegawai.aktif == True)).count()  # noqa: E712
        n_sub = Unit.select().where((Unit.parent == unit) & (Unit.aktif == True)).count()  # noqa: E712
        if n_pegawai or n_sub:
            raise Galat({"aktif": f"Unit masih punya {n_pegawai} pegawai aktif dan {n_sub} subunit "
                                  "aktif. Pindahkan atau nonaktifkan dulu."})
    with database.atomic():
        update_berversi(unit, versi, aktif=aktif)
        catat(aktor, unit, "diaktifkan" if aktif else "dinonaktifkan",
              {"aktif": not aktif}, {"aktif": aktif})
    return unit
