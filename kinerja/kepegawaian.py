"""State changes of the organisation: units and pegawai.

Every write to a Unit or Pegawai goes through this module: it checks the
rules (NIP, uniqueness, scope, cycles), saves inside one transaction with a
version check, and records the history. Views and the importer share it.
"""
from peewee import JOIN

from .db import database
from .inti import Galat, update_berversi
from .kueri import kueri_tetap
from .models import Pegawai, Unit
from .riwayat import catat
from .rules import ANGKA_NIP, RuleError, membuat_siklus, normalisasi_nip, periksa_kelola_akun, periksa_nip
from .sesi import tutup_semua

FIELDS_PEGAWAI = ("nip", "nama", "jabatan", "jenis_jabatan", "jenis_asn", "unit", "atasan")
FIELDS_UNIT = ("nama", "kode", "jenis", "parent")


# ---------------------------------------------------------------- search

def cocok_pegawai(q, model=Pegawai):
    """A WHERE clause for a search: the name contains `q`, or the NIP starts
    with it (spaces, dots and dashes of a typed NIP ignored)."""
    cocok = model.nama.contains(q)
    nip = normalisasi_nip(q)
    if ANGKA_NIP.fullmatch(nip):
        cocok |= model.nip.startswith(nip)
    return cocok


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
    periksa_kelola_akun(aktor.scope_path(), lingkup_akun(pegawai), aksi, diri_sendiri=aktor.id == pegawai.id)


def unit_wewenang(aktor):
    """Query of the units `aktor` may manage, in tree order."""
    return unit_di_bawah(aktor.scope_path())


def unit_di_bawah(prefix):
    """Query of the units under a path prefix ('' = all, None = none), in tree
    order: what an admin manages (unit_wewenang) or someone reads (lingkup)."""
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


# ---------------------------------------------------------------- account power
# How much an account can read is ONE rule, here: `lingkup.lingkup_baca` is
# it for an active account, and everyone who may reset, change or
# (de)activate an account is held to it (periksa_akun for an admin,
# periksa_reset_atasan for an atasan, the importer through `lingkup_dari`):
# whoever takes an account over reads what it reads.

PERAN_LINGKUP = ("admin", "pemantau")  # roles whose scope is Pegawai.admin_unit


def lingkup_dari(peran, path_unit_lingkup, path_dipimpin):
    """The unit path prefix an account reads ('' = whole city), or None, from
    its role `peran`, the path of its admin unit (`Pegawai.admin_unit`) and
    the path of the unit it heads (None if none; `memimpin`):

    - superadmin: the whole city;
    - admin and pemantau: the subtree of their admin unit;
    - a unit head: the subtree of the unit they head.

    With two of these the wider one (the prefix of the other) counts; two
    disjoint subtrees are not combined, the role's own comes first."""
    if peran == "superadmin":
        return ""
    calon = [c for c in (path_unit_lingkup if peran in PERAN_LINGKUP else None, path_dipimpin) if c is not None]
    if not calon:
        return None
    terluas = min(calon, key=len)
    return terluas if all(c.startswith(terluas) for c in calon) else calon[0]


def lingkup_akun(pegawai):
    """The unit path prefix the account of `pegawai` reads ('' = whole city),
    or None: `lingkup_dari` with what it needs from the database (one query
    for an admin unit's path, one for a structural official's unit head
    check). Active or not: reactivating an account gives its reading back,
    so it is the power whoever may reset, change or (de)activate it is
    measured against. An OPD admin may reset a pemantau or a unit head who
    reads a unit below their own, never one who reads as wide or wider."""
    if pegawai.peran == "superadmin":
        return ""
    path_lingkup = None
    if pegawai.peran in PERAN_LINGKUP and pegawai.admin_unit_id:
        path_lingkup = Unit.select(Unit.path).where(Unit.id == pegawai.admin_unit_id).scalar()
    kepala = _unit_kepala(pegawai)
    return lingkup_dari(pegawai.peran, path_lingkup, kepala[1] if kepala else None)


def belum_berubah(pegawai):
    """The condition of an UPDATE on the account of `pegawai` that re-checks
    what a check above read from its row: its version. Every change of role,
    admin unit, unit, atasan, jabatan or active state bumps it, and those are
    what lingkup_akun and the checks read; so an account made pemantau,
    admin or a unit head since (or moved out of scope) is not written."""
    return Pegawai.version == pegawai.version


# ---------------------------------------------------------------- unit heads
# The head of a unit is an active structural official (JPT, administrator or
# pengawas) placed in that unit whose atasan is none or sits outside the
# unit's subtree; heading a unit covers the units below it.

JABATAN_STRUKTURAL = ("jpt", "administrator", "pengawas")


@kueri_tetap(int)
def _unit_dan_unit_atasan(pegawai_id):
    """(unit id, unit path, the atasan's unit path) of a pegawai: every page's
    header asks it (the link to the unit's kinerja page)."""
    UnitAtasan, Atasan = Unit.alias(), Pegawai.alias()
    return (Pegawai.select(Unit.id, Unit.path, UnitAtasan.path.alias("path_atasan"))
            .join(Unit, on=(Pegawai.unit == Unit.id))
            .switch(Pegawai).join(Atasan, JOIN.LEFT_OUTER, on=(Pegawai.atasan == Atasan.id))
            .join(UnitAtasan, JOIN.LEFT_OUTER, on=(Atasan.unit == UnitAtasan.id))
            .where(Pegawai.id == pegawai_id).tuples().limit(1))


def memimpin(jenis_jabatan, path_unit, path_unit_atasan):
    """True when a pegawai of `jenis_jabatan` placed in the unit at
    `path_unit`, whose atasan sits in the unit at `path_unit_atasan` (None:
    no atasan), is the head of that unit (the rule above)."""
    if jenis_jabatan not in JABATAN_STRUKTURAL:
        return False
    if path_unit_atasan is None:
        return jenis_jabatan == "jpt"  # a missing atasan is stale master data, not leadership
    return not path_unit_atasan.startswith(path_unit)  # an atasan in the same subtree: not its head


def _unit_kepala(pegawai):
    """(id, path) of the unit `pegawai` heads, active or not, else None (one
    query for a structural official, none for anyone else)."""
    if pegawai.jenis_jabatan not in JABATAN_STRUKTURAL:
        return None
    row = _unit_dan_unit_atasan.satu(pegawai.id)
    if row is None or not memimpin(pegawai.jenis_jabatan, row[1], row[2]):
        return None
    return row[0], row[1]


def unit_pimpinan(aktor):
    """(id, path) of the unit `aktor` heads, else None (one query)."""
    if not aktor.aktif:
        return None
    return _unit_kepala(aktor)


def kepala_dari(path):
    """Query of the ids of the pegawai heading the unit at `path` itself
    (`memimpin` in SQL): structural, placed in it, and their atasan outside
    its subtree (or none, for a JPT)."""
    Atasan = Pegawai.alias()
    di_subpohon = Atasan.select(Atasan.id).where(
        Atasan.unit.in_(Unit.select(Unit.id).where(Unit.dalam_subpohon(path))))
    return Pegawai.select(Pegawai.id).where(
        Pegawai.unit.in_(Unit.select(Unit.id).where(Unit.path == path))
        & Pegawai.jenis_jabatan.in_(JABATAN_STRUKTURAL)
        & ((Pegawai.atasan.is_null() & (Pegawai.jenis_jabatan == "jpt"))
           | (Pegawai.atasan.is_null(False) & Pegawai.atasan.not_in(di_subpohon))))


def kepala_unit(aktor, unit):
    """True when `aktor` heads `unit` or a unit above it (see the module docstring)."""
    pimpinan = unit_pimpinan(aktor)
    return pimpinan is not None and unit.path.startswith(pimpinan[1])


def unit_dipimpin(aktor):
    """The id of the unit `aktor` heads (for a link to its kinerja page), else None."""
    pimpinan = unit_pimpinan(aktor)
    return pimpinan[0] if pimpinan else None


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
    (an account the actor may not change) or inti.Konflik."""
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
