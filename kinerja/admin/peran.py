"""Appointing and removing OPD admins and pemantau (issue 15): only the
superadmin, from the pegawai's admin page, with a reason, in the history.

A role here is the account's `peran` with its unit (`admin_unit`): "admin"
manages that unit's subtree (Pegawai.scope_path), "pemantau" only reads it
(kinerja.lingkup), "pegawai" is neither. The superadmin role is never given
or taken here: the CLI (`create-admin`) makes the first account and every
superadmin, so no click can leave the city without one or make a second by
mistake. Nobody changes their own role.

The change is one versioned UPDATE (a form opened before another change is
409) in one transaction with its history row (before/after and the reason).
Sessions are left alone: every request loads the account afresh
(kinerja.sesi), so the next request of any of its devices has the new role.
"""
from ..db import database
from ..inti import Galat, teks_isian, update_berversi
from ..models import Pegawai, Unit
from ..riwayat import catat
from ..rules import RuleError

# The roles the superadmin gives from the UI, in the order offered.
PERAN_DIATUR = {"pegawai": "Pegawai (tanpa peran tambahan)", "admin": "Admin kepegawaian OPD",
                "pemantau": "Pemantau (hanya membaca)"}
PERAN_BERUNIT = ("admin", "pemantau")
MAKS_ALASAN = 1000


def periksa_atur_peran(aktor, pegawai):
    """Raise RuleError unless `aktor` may change the role of `pegawai`."""
    if not aktor.is_superadmin:
        raise RuleError("Hanya superadmin yang mengangkat dan memberhentikan admin OPD dan pemantau.")
    if aktor.id == pegawai.id:
        raise RuleError("Anda tidak bisa mengubah peran akun sendiri.")
    if pegawai.is_superadmin:
        raise RuleError("Peran superadmin hanya diatur lewat perintah create-admin di server, "
                        "bukan dari halaman ini.")


def atur_peran(aktor, pegawai, data, versi):
    """Give `pegawai` the role `data["peran"]` (a key of PERAN_DIATUR) with
    the unit `data["unit"]` (a unit id; required for admin and pemantau)
    and the reason `data["alasan"]`; returns the pegawai. Raises RuleError
    (not allowed), Galat (bad input, by field) or inti.Konflik (stale)."""
    periksa_atur_peran(aktor, pegawai)
    baru, unit, alasan = _periksa(pegawai, data)
    sebelum = {"peran": pegawai.peran, "admin_unit": pegawai.admin_unit_id}
    sesudah = {"peran": baru, "admin_unit": unit.id if unit else None}
    with database.atomic():
        # The row is checked again by the write: still the version the form
        # showed, and still no superadmin (the CLI may have made it one).
        update_berversi(pegawai, versi, syarat=(Pegawai.peran != "superadmin"),
                        peran=baru, admin_unit=sesudah["admin_unit"])
        catat(aktor, pegawai, "peran_diubah", sebelum, sesudah, alasan)
    return pegawai


def _periksa(pegawai, data):
    """(role, Unit or None, reason) from `data`, or Galat with every bad field."""
    galat = {}
    baru = data.get("peran")
    if baru not in PERAN_DIATUR:
        galat["peran"] = "Pilih peran: pegawai, admin kepegawaian OPD, atau pemantau."
    unit = None
    if baru in PERAN_BERUNIT:
        unit_id = data.get("unit")
        unit = Unit.get_or_none(Unit.id == unit_id) if unit_id else None
        if not unit_id:
            galat["unit"] = "Pilih unit lingkup untuk admin atau pemantau."
        elif unit is None or not unit.aktif:
            galat["unit"] = "Unit ini tidak ada atau sudah nonaktif. Pilih unit lain."
        elif not pegawai.aktif:
            galat["peran"] = "Pegawai ini nonaktif; aktifkan dulu sebelum memberinya peran admin atau pemantau."
    alasan = teks_isian(data, "alasan", "Alasan", galat, wajib=True, maks=MAKS_ALASAN)
    if not galat and baru == pegawai.peran and (unit.id if unit else None) == pegawai.admin_unit_id:
        galat["peran"] = "Peran dan unit ini sama dengan yang sekarang; tidak ada yang diubah."
    if galat:
        raise Galat(galat)
    return baru, unit, alasan
