"""One-time passwords, issued without an admin click per person: by an
admin for one account, on a printed sheet for many (a unit or an import
batch), or by the direct atasan for a report. All go through `_terbitkan`:
passwords are made here, only their hashes are stored, every account must
change it at next login, every old session ends, and a submission key
issues once. Who may receive one follows the account rules of
kinerja.kepegawaian (scope, read scope of unit heads)."""
import hashlib
import secrets

from peewee import IntegrityError

from .db import database
from .jam import sekarang
from .kepegawaian import belum_berubah, kepala_dari, lingkup_akun, pegawai_wewenang, periksa_akun
from .models import Pegawai, Pengajuan, Sesi
from .riwayat import catat
from .rules import RuleError, lebih_sempit


def atur_ulang_sandi_sekali(aktor, pegawai, hash_fn, buat_sandi, kunci, sidik):
    """An admin's one-time password for one account, issued once per
    submission key (as the sheet and the atasan's reset: `_terbitkan`);
    returns it. Raises Galat (periksa_akun) or SudahDiterbitkan."""
    periksa_akun(aktor, pegawai, "atur_sandi")
    # The hash takes a while: an account made pemantau or admin meanwhile is not written.
    [(_, sandi)] = _terbitkan(aktor, [pegawai], hash_fn, buat_sandi, kunci, sidik,
                              belum_berubah(pegawai), "Diatur ulang oleh admin kepegawaian")
    return sandi


# ---------------------------------------------------------------- sheets and the atasan's reset
#
# The plain passwords exist only in the answer to the request that made them.

class SudahDiterbitkan(Exception):
    """The passwords of this submission key were issued before (a double
    submit, a replay): nothing new was made. `penanda` is the marker row
    (`waktu`: when); `sama` is False when another person or other content used
    the key."""

    def __init__(self, penanda, sama):
        super().__init__("kata sandi untuk pengajuan ini sudah diterbitkan")
        self.penanda, self.sama = penanda, sama


def kunci_terbit(kunci):
    """The key of the marker an issue leaves in the idempotency table for the
    submission key `kunci`. Its ":" never passes pengajuan.KUNCI_RE, so no form
    or header can claim it, and it fits the column on any database."""
    return "sandi:" + hashlib.sha256(kunci.encode()).hexdigest()[:58]


def calon_lembar(aktor, *kolom):
    """Query of the accounts an admin may put on a password sheet: active,
    in scope, ordinary accounts only (an admin account is reset one at a time
    on its own page, where the account rules apply), never the admin. For an
    OPD admin, never the head of the unit their scope starts at: that head
    reads as much as the admin (lingkup_akun); a head of a unit below it
    reads less and stays."""
    q = pegawai_wewenang(aktor, *kolom).where(
        (Pegawai.aktif == True) & (Pegawai.peran == "pegawai") & (Pegawai.id != aktor.id))  # noqa: E712
    prefix = aktor.scope_path()
    return q.where(Pegawai.id.not_in(kepala_dari(prefix))) if prefix else q


def periksa_reset_atasan(atasan, pegawai):
    """Raise RuleError unless `atasan` may give `pegawai` a one-time password:
    a direct, active report (Pegawai.atasan is `atasan`) with an ordinary
    account that reads nothing, or only inside what the atasan reads
    (lingkup_akun). Never oneself, never an admin, superadmin or pemantau
    account, never the head of a unit outside the atasan's own read scope
    (e.g. the head of a dinas reporting to the Sekda): whoever holds the
    temporary password holds the account, and reads what it reads."""
    if pegawai.id == atasan.id:
        raise RuleError("Kata sandi sendiri diganti di halaman Akun.")
    if pegawai.atasan_id != atasan.id or not pegawai.aktif:
        raise RuleError("Hanya atasan langsung yang bisa mengatur ulang kata sandi pegawai aktif.")
    if pegawai.peran != "pegawai" or pegawai.is_admin:
        raise RuleError("Kata sandi akun admin hanya bisa diatur ulang oleh admin kepegawaian.")
    lingkup = lingkup_akun(pegawai)
    if lingkup is not None and not lebih_sempit(lingkup, lingkup_akun(atasan)):
        raise RuleError("Akun ini bisa membaca dokumen pegawai di luar lingkup baca Anda (sebagai kepala unit). "
                        "Kata sandinya hanya bisa diatur ulang oleh admin kepegawaian.")


def terbitkan_lembar_sandi(aktor, daftar, hash_fn, buat_sandi, kunci, sidik, objek, keterangan):
    """Issue one temporary password to each pegawai of `daftar` for a printed
    sheet; returns [(pegawai, password)] in the order given.

    `objek` (the Unit or ImporBatch the sheet is for) gets one history row
    with the number issued; each pegawai gets its own row naming the sheet.
    Raises RuleError when an account is not one `calon_lembar` allows (a
    tampered form; checked in one query) and SudahDiterbitkan on a replay.
    """
    ids = [p.id for p in daftar]
    if len(set(ids)) != calon_lembar(aktor).where(Pegawai.id.in_(ids)).count():
        raise RuleError("Ada pegawai yang dipilih di luar wewenang Anda, nonaktif, atau akun admin. "
                        "Tidak ada kata sandi yang dibuat.")
    syarat = (Pegawai.aktif == True) & (Pegawai.peran == "pegawai")  # noqa: E712
    prefix = aktor.scope_path()
    if prefix:  # not made the head of the admin's top unit since (calon_lembar)
        syarat &= Pegawai.id.not_in(kepala_dari(prefix))
    return _terbitkan(aktor, daftar, hash_fn, buat_sandi, kunci, sidik, syarat,
                      f"Lembar kata sandi sementara: {keterangan}", objek)


def atur_ulang_sandi_oleh_atasan(atasan, pegawai, hash_fn, buat_sandi, kunci, sidik):
    """A one-time password for a direct report, issued by the atasan; returns
    it. Raises RuleError (periksa_reset_atasan) or SudahDiterbitkan."""
    periksa_reset_atasan(atasan, pegawai)
    # Still the row the check read (belum_berubah): the same atasan, role,
    # unit and jabatan, so not made a unit head or pemantau meanwhile.
    syarat = ((Pegawai.atasan == atasan.id) & (Pegawai.aktif == True)  # noqa: E712
              & (Pegawai.peran == "pegawai") & belum_berubah(pegawai))
    [(_, sandi)] = _terbitkan(atasan, [pegawai], hash_fn, buat_sandi, kunci, sidik, syarat,
                              "Diatur ulang oleh atasan langsung")
    return sandi


def _terbitkan(aktor, daftar, hash_fn, buat_sandi, kunci, sidik, syarat, alasan, objek=None):
    """Set a new temporary password on every account of `daftar`, once per
    submission key `kunci`.

    A marker row (kunci_terbit) is written in the same transaction as the
    passwords: a replay of the key finds it and raises SudahDiterbitkan
    instead of making a second set that would make the first (already shown,
    perhaps printed) wrong. Each UPDATE re-checks `syarat`, so an account
    changed since the check (deactivated, made admin, moved to another
    atasan) rolls everything back. The hashes are computed before the write
    transaction opens: they are slow on purpose and must not hold the lock.
    """
    penanda = kunci_terbit(kunci)
    ada = Pengajuan.get_or_none(Pengajuan.kunci == penanda)
    if ada is not None:
        raise SudahDiterbitkan(ada, ada.pegawai_id == aktor.id and ada.hash == sidik)
    sandi = [buat_sandi() for _ in daftar]
    hashes = [hash_fn(s) for s in sandi]
    try:
        with database.atomic():
            Pengajuan.create(kunci=penanda, pegawai=aktor.id, hash=sidik, status=200)
            for pegawai, h in zip(daftar, hashes):
                n = (Pegawai.update(password_hash=h, wajib_ganti_sandi=True, version=Pegawai.version + 1,
                                    login_token=secrets.token_urlsafe(24))  # signs old sessions out
                     .where((Pegawai.id == pegawai.id) & syarat).execute())
                if n != 1:
                    raise RuleError(f"Akun {pegawai.nama} berubah sejak halaman dibuka. "
                                    "Tidak ada kata sandi yang dibuat; muat ulang, lalu coba lagi.")
                catat(aktor, pegawai, "sandi_diatur_ulang", alasan=alasan)
            Sesi.update(dicabut_pada=sekarang()).where(
                Sesi.pegawai.in_([p.id for p in daftar]) & Sesi.dicabut_pada.is_null()).execute()
            if objek is not None:
                catat(aktor, objek, "lembar_sandi_diterbitkan", None, {"jumlah": len(daftar)}, alasan=alasan)
    except IntegrityError:
        ada = Pengajuan.get_or_none(Pengajuan.kunci == penanda)
        if ada is None:
            raise
        raise SudahDiterbitkan(ada, ada.pegawai_id == aktor.id and ada.hash == sidik) from None
    return list(zip(daftar, sandi))
