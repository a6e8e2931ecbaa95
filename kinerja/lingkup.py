"""Read scope: whose records a person may read beyond their own and their
team's, for the rekap pages, their exports and the documents behind them.

Reading is not managing. `Pegawai.scope_path()` (with
`kepegawaian.dalam_wewenang`) is what an admin may *change*; this module is
what someone may *see*, and it is wider: a pemantau (e.g. Inspektorat, the
Wali Kota's office) and a unit head read a subtree they can never change.

- superadmin: the whole city ('');
- admin: the subtree of their admin unit (as scope_path);
- pemantau: the subtree of the unit they were appointed to (the same
  `Pegawai.admin_unit` column anchors both roles' scope);
- a unit head (kepegawaian.unit_pimpinan): the subtree of the unit they head;
- anyone else: nothing (None).

A person with two of these reads the wider one (the prefix of the other); two
disjoint subtrees are not combined, the role's own comes first.
"""
from .kepegawaian import unit_pimpinan
from .models import Unit

PERAN_LINGKUP = ("admin", "pemantau")  # roles whose scope is Pegawai.admin_unit


def lingkup_baca(aktor):
    """The unit path prefix `aktor` may read ('' = whole city), or None."""
    if aktor is None or not getattr(aktor, "aktif", False):
        return None
    if aktor.peran == "superadmin":
        return ""
    calon = []
    if aktor.peran in PERAN_LINGKUP and aktor.admin_unit_id:
        calon.append(Unit.select(Unit.path).where(Unit.id == aktor.admin_unit_id).scalar())
    pimpinan = unit_pimpinan(aktor)
    if pimpinan is not None:
        calon.append(pimpinan[1])
    calon = [c for c in calon if c is not None]
    if not calon:
        return None
    terluas = min(calon, key=len)
    return terluas if all(c.startswith(terluas) for c in calon) else calon[0]


def unit_terbaca(aktor, unit):
    """True when `unit` (a Unit, or its path) lies in `aktor`'s read scope."""
    awalan = lingkup_baca(aktor)
    path = unit if isinstance(unit, str) else getattr(unit, "path", None)
    return awalan is not None and path is not None and path.startswith(awalan)


def unit_lingkup(aktor):
    """Query of the units `aktor` may read, in tree order (none when no scope)."""
    awalan = lingkup_baca(aktor)
    q = Unit.select()
    if awalan is None:
        return q.where(Unit.id.is_null())
    if awalan:
        q = q.where(Unit.dalam_subpohon(awalan))
    return q.order_by(Unit.path)
