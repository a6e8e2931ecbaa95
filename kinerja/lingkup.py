"""Read scope: whose records a person may read beyond their own and their
team's, for the rekap pages, their exports and the documents behind them.

Reading is not managing. `Pegawai.scope_path()` (with
`kepegawaian.dalam_wewenang`) is what an admin may *change*; this module is
what someone may *see*, and it is wider: a pemantau (e.g. Inspektorat, the
Wali Kota's office) and a unit head read a subtree they can never change.

The rule itself is `kepegawaian.lingkup_akun` (with `lingkup_dari`): the
same rule measures who may reset or change an account, since whoever takes
an account over reads what it reads. In short:

- superadmin: the whole city ('');
- admin: the subtree of their admin unit (as scope_path);
- pemantau: the subtree of the unit they were appointed to (the same
  `Pegawai.admin_unit` column anchors both roles' scope);
- a unit head (kepegawaian.unit_pimpinan): the subtree of the unit they head;
- anyone else: nothing (None).

A person with two of these reads the wider one (the prefix of the other); two
disjoint subtrees are not combined, the role's own comes first.
"""
from .kepegawaian import PERAN_LINGKUP, lingkup_akun, unit_di_bawah

__all__ = ["PERAN_LINGKUP", "lingkup_baca", "unit_terbaca", "unit_lingkup"]


def lingkup_baca(aktor):
    """The unit path prefix `aktor` may read ('' = whole city), or None
    (nothing beyond their own and their team's: also for an inactive account)."""
    if aktor is None or not getattr(aktor, "aktif", False):
        return None
    return lingkup_akun(aktor)


def unit_terbaca(aktor, unit):
    """True when `unit` (a Unit, or its path) lies in `aktor`'s read scope."""
    awalan = lingkup_baca(aktor)
    path = unit if isinstance(unit, str) else getattr(unit, "path", None)
    return awalan is not None and path is not None and path.startswith(awalan)


def unit_lingkup(aktor):
    """Query of the units `aktor` may read, in tree order (none when no scope)."""
    return unit_di_bawah(lingkup_baca(aktor))
