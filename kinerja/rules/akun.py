"""Who may act on whose account: scope and role together.

An admin's power is its scope: a unit path prefix ("" is the whole city, for
the superadmin). The unit check alone let an OPD admin reset the password of
the superadmin sitting in the same BKPSDM unit; so nobody changes, resets,
(de)activates or otherwise takes over an account with equal or wider powers
than their own, except the superadmin. Seeing an account is only a matter of
scope (the unit check, made by the caller).
"""
from .dasar import RuleError

AKSI_AKUN = {
    "lihat": "melihat",
    "ubah": "mengubah data",
    "atur_sandi": "mengatur ulang kata sandi",
    "aktifkan": "mengaktifkan",
    "nonaktifkan": "menonaktifkan",
}


def lebih_sempit(lingkup, dari):
    """True when scope `lingkup` lies strictly inside scope `dari` (None = no power)."""
    if lingkup is None:
        return dari is not None
    return dari is not None and lingkup != dari and lingkup.startswith(dari)


def periksa_kelola_akun(aktor_lingkup, target_lingkup, aksi, diri_sendiri=False):
    """Raise RuleError unless an actor with admin scope `aktor_lingkup` may do
    `aksi` (a key of AKSI_AKUN) to an account whose admin scope is `target_lingkup`.

    A scope is "" (the whole city), a unit path, or None (no admin power), as
    Pegawai.scope_path() gives it. The superadmin ("") may act on anyone
    but cannot deactivate themselves (a city without a superadmin).
    """
    if aksi not in AKSI_AKUN:
        raise ValueError(f"aksi tidak dikenal: {aksi}")
    if aktor_lingkup is None:
        raise RuleError("Hanya admin kepegawaian yang mengelola akun.")
    if diri_sendiri:
        if aksi == "nonaktifkan":
            raise RuleError("Anda tidak bisa menonaktifkan akun sendiri.")
        return
    if aksi == "lihat" or aktor_lingkup == "":
        return
    if not lebih_sempit(target_lingkup, aktor_lingkup):
        raise RuleError(f"Anda tidak bisa {AKSI_AKUN[aksi]} akun ini: wewenangnya sama dengan "
                        "atau lebih luas dari wewenang Anda. Hubungi superadmin.")
