"""Who may do what with a unit's citizen data (suara warga), in one place.

- manage the service catalogue, handle complaints: the unit's head (or the
  head of a unit above it, kepegawaian.kepala_unit) or an admin whose scope
  covers the unit;
- void a survey response or a complaint: an admin whose scope covers the unit (the unit
  head is the one the figures judge, so never the head);
- read the results, the catalogue and the complaints (without the
  citizen's contact): those, and anyone whose read scope covers the unit
  (lingkup.unit_terbaca: a pemantau, a head above);
- a service record: only the petugas who recorded it.

Each view calls these; `unit_boleh` turns a refusal into 404/403.
"""
from flask_login import current_user

from ..kepegawaian import dalam_wewenang, kepala_unit
from ..lingkup import unit_terbaca
from ..models import Unit
from ..web import ada_atau_404, pastikan

TAK_KELOLA = "Layanan unit ini dikelola oleh kepala unit atau admin kepegawaian unitnya."
TAK_BACA = "Suara warga unit ini hanya untuk kepala unit, admin, dan pemantau unitnya."
TAK_TANGANI = "Pengaduan unit ini ditangani oleh kepala unit atau admin kepegawaian unitnya."
TAK_BATAL = "Respons survei hanya dapat dibatalkan oleh admin kepegawaian unitnya."
TAK_BATAL_ADUAN = "Pengaduan hanya dapat dibatalkan oleh admin kepegawaian unitnya."
TAK_CATATAN = "Catatan layanan ini milik petugas lain."


def admin_unit(aktor, unit):
    """True when `aktor` is an admin (or the superadmin) whose scope covers `unit`."""
    return aktor.is_admin and dalam_wewenang(aktor, unit)


def boleh_kelola(aktor, unit):
    """True when `aktor` may change the unit's service catalogue."""
    return admin_unit(aktor, unit) or kepala_unit(aktor, unit)


def boleh_tangani(aktor, unit):
    """True when `aktor` answers the unit's complaints and reads their contact."""
    return boleh_kelola(aktor, unit)


def boleh_baca(aktor, unit):
    """True when `aktor` may read the unit's catalogue, results and complaints."""
    return unit_terbaca(aktor, unit) or boleh_kelola(aktor, unit)


def boleh_batalkan(aktor, unit):
    """True when `aktor` may void a survey response or a complaint of the unit."""
    return admin_unit(aktor, unit)


def pemilik_catatan(aktor, catatan):
    """True when `aktor` recorded this service (only they see and finish it)."""
    return catatan.pegawai_id == aktor.id


def unit_boleh(unit_id, cek, pesan):
    """The unit `unit_id` when `cek(current_user, unit)` holds; 404 unknown, 403 refused."""
    unit = ada_atau_404(Unit, Unit.id == unit_id)
    pastikan(cek(current_user, unit), pesan)
    return unit
