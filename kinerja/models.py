"""Peewee models of the foundation: organisation, pegawai (with account),
periode penilaian, history, login throttle, idempotency keys and imports.

Models are bound to the deferred `database` of kinerja.db; only Peewee's
portable API is used so the same code runs on PostgreSQL.
"""
import json
import secrets

from flask_login import UserMixin
from peewee import (BooleanField, CharField, DateField, DateTimeField,
                    ForeignKeyField, IntegerField, Model, TextField)

from .db import database
from .jam import sekarang
from .kueri import KueriTetap

JENIS_UNIT = {
    "pemkot": "Pemerintah Kota",
    "sekretariat": "Sekretariat",
    "dinas": "Dinas",
    "badan": "Badan",
    "kecamatan": "Kecamatan",
    "bagian": "Bagian",
    "bidang": "Bidang",
    "upt": "UPT",
    "kelurahan": "Kelurahan",
}
JENIS_JABATAN = {
    "jpt": "JPT",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "pelaksana": "Pelaksana",
    "fungsional": "Fungsional",
}
JENIS_ASN = {"pns": "PNS", "pppk": "PPPK"}
PERAN = {"pegawai": "Pegawai", "admin": "Admin kepegawaian", "pemantau": "Pemantau", "superadmin": "Superadmin"}
FREKUENSI = {"bulanan": "Bulanan", "triwulanan": "Triwulanan"}
STATUS_PERIODE = {
    "perencanaan": "Perencanaan",
    "berjalan": "Berjalan",
    "penilaian": "Penilaian",
    "ditutup": "Ditutup",
}


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Unit(BaseModel):
    """A unit kerja in the city's tree: Pemkot -> OPD -> bidang/UPT/kelurahan."""
    nama = CharField(max_length=200)
    kode = CharField(max_length=30, unique=True)
    jenis = CharField(max_length=20)
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    # Materialised path of ids, "/1/4/9/": a subtree is one indexed prefix query.
    path = CharField(max_length=255, index=True, default="")
    aktif = BooleanField(default=True)
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    @property
    def jenis_label(self):
        return JENIS_UNIT.get(self.jenis, self.jenis)

    @property
    def depth(self):
        return self.path.count("/") - 2

    @staticmethod
    def dalam_subpohon(path):
        """Condition: the unit is the one with `path` ("/1/4/") or below it.

        A prefix LIKE alone cannot search the path index (SQLite's LIKE
        ignores case and the index does not; PostgreSQL's ILIKE never uses a
        b-tree), so a range holding every path that starts with `path` lets
        the planner search the index, and the LIKE keeps the answer exact."""
        kondisi = (Unit.path >= path) & Unit.path.startswith(path)
        ujung = ujung_subpohon(path)
        return kondisi if ujung is None else kondisi & (Unit.path < ujung)

    def contains(self, other):
        """True when `other` (a Unit) lies in this unit's subtree."""
        return other is not None and other.path.startswith(self.path)


# An admin's scope (Pegawai.scope_path) on every admin page: the path of one
# unit, its SQL built once (kueri.KueriTetap; a lazy admin_unit read the row).
_PATH_UNIT = KueriTetap(lambda unit_id: Unit.select(Unit.path).where(Unit.id == unit_id), int)


def ujung_subpohon(path):
    """A string above every path that starts with `path`, or None (a path of
    nines only): its digits counted up by one ("/1/4/" -> "/1/5", "/1/19/" ->
    "/1/2"). It holds bytewise (SQLite, PostgreSQL's "C"), where "/" sorts
    before the digits (ICU) and where "/" is ignored (glibc locales such as
    id_ID.UTF-8, where "/1/40" sorts before "/1/4/12/")."""
    awal = path.rstrip("9/")
    return awal[:-1] + chr(ord(awal[-1]) + 1) if awal else None


class Pegawai(BaseModel, UserMixin):
    """An ASN: identity, position in the organisation, and login account."""
    nip = CharField(max_length=18, unique=True)
    nama = CharField(max_length=200)
    jabatan = CharField(max_length=200)
    jenis_jabatan = CharField(max_length=20)
    jenis_asn = CharField(max_length=10, default="pns")
    unit = ForeignKeyField(Unit, backref="pegawai", on_delete="RESTRICT")
    atasan = ForeignKeyField("self", null=True, backref="bawahan", on_delete="SET NULL")
    aktif = BooleanField(default=True)
    peran = CharField(max_length=20, default="pegawai")
    admin_unit = ForeignKeyField(Unit, null=True, backref="admins", on_delete="SET NULL")
    password_hash = CharField(max_length=255, null=True)
    wajib_ganti_sandi = BooleanField(default=True)
    # Session token: Flask-Login's id. Rotated on password change or reset,
    # which signs out every other session of that account.
    login_token = CharField(max_length=64, unique=True, default=lambda: secrets.token_urlsafe(24))
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    class Meta:
        # The admin's list, and an atasan's subordinates: active pegawai by
        # name, a page at a time (migration 0006).
        indexes = ((("aktif", "nama", "id"), False), (("atasan", "aktif", "nama", "id"), False))

    def get_id(self):
        return self.login_token

    @property
    def is_active(self):
        return self.aktif

    @property
    def is_superadmin(self):
        return self.peran == "superadmin"

    @property
    def is_admin(self):
        return self.peran in ("admin", "superadmin")

    @property
    def is_pemantau(self):
        """A read-only monitor (e.g. Inspektorat) of the subtree of `admin_unit`
        (kinerja.lingkup): reads, never manages; scope_path() stays None."""
        return self.peran == "pemantau"

    @property
    def punya_bawahan(self):
        if not hasattr(self, "_punya_bawahan"):
            self._punya_bawahan = (Pegawai.select().where(
                (Pegawai.atasan == self.id) & (Pegawai.aktif == True)).exists())  # noqa: E712
        return self._punya_bawahan

    @property
    def peran_label(self):
        """The role shown in the header: admin and monitor roles first, then atasan."""
        if self.is_admin or self.is_pemantau:
            return PERAN[self.peran]
        return "Atasan" if self.punya_bawahan else "Pegawai"

    @property
    def jenis_jabatan_label(self):
        return JENIS_JABATAN.get(self.jenis_jabatan, self.jenis_jabatan)

    @property
    def nip_tampil(self):
        """NIP grouped as printed on documents: 19860926 201505 1 001."""
        n = self.nip
        if self.jenis_asn == "pns" and len(n) == 18:
            return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
        return n

    def scope_path(self):
        """Unit path prefix this admin may manage; '' = whole city; None = nothing."""
        if self.is_superadmin:
            return ""
        if self.peran == "admin" and self.admin_unit_id:
            if "admin_unit" in self.__rel__:
                return self.admin_unit.path
            if getattr(self, "_lingkup", (None,))[0] != self.admin_unit_id:
                self._lingkup = (self.admin_unit_id, _PATH_UNIT.nilai(self.admin_unit_id))
            return self._lingkup[1]
        return None


class Periode(BaseModel):
    """A periode penilaian: one year of SKP with its evaluation frequency."""
    tahun = IntegerField(unique=True)
    mulai = DateField()
    selesai = DateField()
    frekuensi = CharField(max_length=12, default="triwulanan")
    status = CharField(max_length=12, default="perencanaan")
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    @property
    def status_label(self):
        return STATUS_PERIODE.get(self.status, self.status)

    @property
    def frekuensi_label(self):
        return FREKUENSI.get(self.frekuensi, self.frekuensi)


class Riwayat(BaseModel):
    """History of every state change: who, when, what, before/after, why."""
    waktu = DateTimeField(default=sekarang, index=True)
    aktor = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
    objek = CharField(max_length=20)
    objek_id = IntegerField()
    aksi = CharField(max_length=100)
    data = TextField(default="{}")
    alasan = TextField(null=True)

    class Meta:
        indexes = ((("objek", "objek_id"), False),)

    @property
    def perubahan(self):
        return json.loads(self.data or "{}")


class GagalMasuk(BaseModel):
    """One failed login, keyed by "nip:<nip>" or "addr:<address>"."""
    kunci = CharField(max_length=80, index=True)
    waktu = DateTimeField(default=sekarang, index=True)


class Pengajuan(BaseModel):
    """A processed form submission, by its idempotency key (submission_id)."""
    kunci = CharField(max_length=64, unique=True)
    pegawai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="CASCADE")
    hash = CharField(max_length=64)
    status = IntegerField()
    lokasi = TextField(null=True)
    waktu = DateTimeField(default=sekarang, index=True)


class ImporBatch(BaseModel):
    """An uploaded employee file, parsed and kept between preview and apply."""
    pegawai = ForeignKeyField(Pegawai, backref="+", on_delete="CASCADE")
    nama_file = CharField(max_length=255)
    baris = TextField()  # JSON list of parsed rows
    dibuat = DateTimeField(default=sekarang)
    diterapkan = DateTimeField(null=True)
    hasil = TextField(null=True)  # JSON summary once applied


class Sesi(BaseModel):
    """One signed-in device: the cookie holds a random token, this row its
    hash. Logout, expiry, a password change and "keluarkan perangkat" end it."""
    pegawai = ForeignKeyField(Pegawai, backref="sesi", on_delete="CASCADE", index=True)
    kunci = CharField(max_length=64, unique=True)
    dibuat = DateTimeField(default=sekarang)
    terakhir = DateTimeField(default=sekarang)
    alamat = CharField(max_length=45, default="")
    perangkat = CharField(max_length=200, default="")
    dicabut_pada = DateTimeField(null=True)


class Pengaturan(BaseModel):
    """Facts about the database itself, by key; `zona_waktu` is the zone its
    stored times are in (migration 0004)."""
    kunci = CharField(max_length=50, primary_key=True)
    nilai = TextField(default="")


def ada_data_demo():
    """True when demo or synthetic data (published passwords) is in the database."""
    return Pengaturan.select().where(Pengaturan.kunci == "data_demo").exists()


MODELS = [Unit, Pegawai, Periode, Riwayat, GagalMasuk, Pengajuan, ImporBatch, Sesi, Pengaturan]
