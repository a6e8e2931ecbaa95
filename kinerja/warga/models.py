"""Peewee models of citizens' voice: the service catalogue of a unit, the
service log with its one-time codes, survey (SKM) responses and complaints.

Privacy by shape: a response stores no network address or device, only
whether it was flagged; a complaint's contact is read by the unit alone.
"""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, SmallIntegerField, TextField

from ..jam import sekarang
from ..models import BaseModel, Pegawai, Unit
from ..rules.warga import HASIL_LAYANAN, STATUS_PENGADUAN, tiket_tampil


class Layanan(BaseModel):
    """A public service a unit gives (from its standar pelayanan), with its
    standard completion time in minutes."""
    unit = ForeignKeyField(Unit, backref="layanan", on_delete="RESTRICT")
    nama = CharField(max_length=200)
    standar_menit = IntegerField()
    aktif = BooleanField(default=True)
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    class Meta:
        indexes = ((("unit", "aktif", "nama"), False),)


class PetugasLayanan(BaseModel):
    """A pegawai who serves a Layanan (who may record it in the service log)."""
    layanan = ForeignKeyField(Layanan, backref="petugas", on_delete="CASCADE")
    pegawai = ForeignKeyField(Pegawai, backref="+", on_delete="CASCADE")

    class Meta:
        indexes = ((("layanan", "pegawai"), True), (("pegawai",), False))


class CatatanLayanan(BaseModel):
    """One service given to a citizen: who, which service, when, the outcome,
    and the one-time code printed on the citizen's slip (spent by a survey)."""
    layanan = ForeignKeyField(Layanan, backref="catatan", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")  # the service's unit when recorded
    pegawai = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
    mulai = DateTimeField()
    selesai = DateTimeField(null=True)  # None while still in progress
    # The service's standard time when recorded: a later change of the
    # catalogue does not move a closed period's "within standard" figure.
    standar_menit = IntegerField()
    hasil = CharField(max_length=10, default="selesai")  # selesai / ditolak / dirujuk
    alasan = TextField(default="")  # why refused, or where referred
    kode = CharField(max_length=8, unique=True)
    kode_terpakai = DateTimeField(null=True)
    dibuat = DateTimeField(default=sekarang)

    class Meta:
        indexes = ((("unit", "mulai"), False), (("pegawai", "mulai"), False))

    def save(self, *args, **kwargs):
        """Copy the service's standard time when none was given (the services
        give it; this keeps every other writer right)."""
        if self.standar_menit is None and self.layanan_id is not None:
            self.standar_menit = (Layanan.select(Layanan.standar_menit)
                                  .where(Layanan.id == self.layanan_id).scalar())
        return super().save(*args, **kwargs)

    @property
    def hasil_label(self):
        return HASIL_LAYANAN.get(self.hasil, self.hasil)

    @property
    def menit(self):
        """Minutes from start to finish, or None while in progress."""
        if self.selesai is None:
            return None
        return max(0, int((self.selesai - self.mulai).total_seconds() // 60))


class ResponSurvei(BaseModel):
    """One answered SKM questionnaire: the nine scores (1..4) and a comment.
    With a service code it is tied to that service and its pegawai; the code
    is spent (the unique `catatan` makes that hold under a race)."""
    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    catatan = ForeignKeyField(CatatanLayanan, null=True, unique=True, backref="+", on_delete="SET NULL")
    pegawai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
    u1 = SmallIntegerField()
    u2 = SmallIntegerField()
    u3 = SmallIntegerField()
    u4 = SmallIntegerField()
    u5 = SmallIntegerField()
    u6 = SmallIntegerField()
    u7 = SmallIntegerField()
    u8 = SmallIntegerField()
    u9 = SmallIntegerField()
    komentar = TextField(default="")
    dibuat = DateTimeField(default=sekarang)
    # Sent from the address of a signed-in staff session of the unit in the
    # last hour: kept, shown, and left out of every figure.
    ditandai = BooleanField(default=False)
    dibatalkan_pada = DateTimeField(null=True)
    dibatalkan_oleh = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
    alasan_batal = TextField(null=True)

    class Meta:
        indexes = ((("unit", "dibuat"), False), (("pegawai", "dibuat"), False))

    @property
    def dihitung(self):
        """True when the response counts in the figures."""
        return not self.ditandai and self.dibatalkan_pada is None


class Pengaduan(BaseModel):
    """A citizen's complaint to a unit, followed by its ticket code. A
    service code ties at most one complaint (unique `catatan`): a slip's
    code cannot be used to pile complaints on one pegawai."""
    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    catatan = ForeignKeyField(CatatanLayanan, null=True, unique=True, backref="+", on_delete="SET NULL")
    pegawai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
    isi = TextField()
    kontak = CharField(max_length=120, default="")  # for the unit only, never the penilai
    tiket = CharField(max_length=12, unique=True)
    status = CharField(max_length=16, default="diterima")
    jawaban = TextField(default="")
    dijawab_pada = DateTimeField(null=True)  # first answer
    selesai_pada = DateTimeField(null=True)
    ditandai = BooleanField(default=False)
    # Voided by an admin (abuse, e.g. a complaint made up against a pegawai):
    # kept, and left out of every figure and of the penilai's view.
    dibatalkan_pada = DateTimeField(null=True)
    dibatalkan_oleh = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
    alasan_batal = TextField(null=True)
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    class Meta:
        indexes = ((("unit", "dibuat"), False), (("pegawai", "dibuat"), False))

    @property
    def dihitung(self):
        """True when the complaint counts in the figures."""
        return not self.ditandai and self.dibatalkan_pada is None

    @property
    def status_label(self):
        return STATUS_PENGADUAN.get(self.status, self.status)

    @property
    def tiket_tampil(self):
        return tiket_tampil(self.tiket)
