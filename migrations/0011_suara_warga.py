"""Suara warga (issue 16): a unit's service catalogue and its petugas, the
service log with one-time codes, survey (SKM) responses and complaints; an
IKI may be tied to a service measure (iki.ukuran_layanan, iki.ukuran_hari),
and a realisasi keeps the figure the app proposed (realisasi.usulan_angka)
beside what the pegawai confirmed.

Frozen copies of the models as they are at this migration; only the
migrator's portable add_column/drop_column. Down drops it all.
"""
from peewee import (BooleanField, CharField, DateTimeField, DecimalField, ForeignKeyField, IntegerField, Model,
                    SmallIntegerField, Table, TextField)


def _models(db):
    class Unit(Model):
        class Meta:
            database = db
            table_name = "unit"

    class Pegawai(Model):
        class Meta:
            database = db
            table_name = "pegawai"

    class Layanan(Model):
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        nama = CharField(max_length=200)
        standar_menit = IntegerField()
        aktif = BooleanField(default=True)
        version = IntegerField(default=1)
        dibuat = DateTimeField()

        class Meta:
            database = db
            table_name = "layanan"
            indexes = ((("unit", "aktif", "nama"), False),)

    class PetugasLayanan(Model):
        layanan = ForeignKeyField(Layanan, on_delete="CASCADE")
        pegawai = ForeignKeyField(Pegawai, on_delete="CASCADE")

        class Meta:
            database = db
            table_name = "petugas_layanan"
            indexes = ((("layanan", "pegawai"), True), (("pegawai",), False))

    class CatatanLayanan(Model):
        layanan = ForeignKeyField(Layanan, on_delete="RESTRICT")
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        pegawai = ForeignKeyField(Pegawai, on_delete="RESTRICT")
        mulai = DateTimeField()
        selesai = DateTimeField(null=True)
        standar_menit = IntegerField()
        hasil = CharField(max_length=10, default="selesai")
        alasan = TextField(default="")
        kode = CharField(max_length=8, unique=True)
        kode_terpakai = DateTimeField(null=True)
        dibuat = DateTimeField()

        class Meta:
            database = db
            table_name = "catatan_layanan"
            indexes = ((("unit", "mulai"), False), (("pegawai", "mulai"), False))

    class ResponSurvei(Model):
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        catatan = ForeignKeyField(CatatanLayanan, null=True, unique=True, on_delete="SET NULL")
        pegawai = ForeignKeyField(Pegawai, null=True, on_delete="SET NULL")
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
        dibuat = DateTimeField()
        ditandai = BooleanField(default=False)
        dibatalkan_pada = DateTimeField(null=True)
        dibatalkan_oleh = ForeignKeyField(Pegawai, null=True, on_delete="SET NULL")
        alasan_batal = TextField(null=True)

        class Meta:
            database = db
            table_name = "respon_survei"
            indexes = ((("unit", "dibuat"), False), (("pegawai", "dibuat"), False))

    class Pengaduan(Model):
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        catatan = ForeignKeyField(CatatanLayanan, null=True, unique=True, on_delete="SET NULL")
        pegawai = ForeignKeyField(Pegawai, null=True, on_delete="SET NULL")
        isi = TextField()
        kontak = CharField(max_length=120, default="")
        tiket = CharField(max_length=12, unique=True)
        status = CharField(max_length=16, default="diterima")
        jawaban = TextField(default="")
        dijawab_pada = DateTimeField(null=True)
        selesai_pada = DateTimeField(null=True)
        ditandai = BooleanField(default=False)
        dibatalkan_pada = DateTimeField(null=True)
        dibatalkan_oleh = ForeignKeyField(Pegawai, null=True, on_delete="SET NULL")
        alasan_batal = TextField(null=True)
        version = IntegerField(default=1)
        dibuat = DateTimeField()

        class Meta:
            database = db
            table_name = "pengaduan"
            indexes = ((("unit", "dibuat"), False), (("pegawai", "dibuat"), False))
    return [Layanan, PetugasLayanan, CatatanLayanan, ResponSurvei, Pengaduan]


# riwayat.objek of the rows about these tables (the model's name, lower case).
OBJEK = ("layanan", "petugaslayanan", "catatanlayanan", "responsurvei", "pengaduan")


def _kolom():
    return (("iki", "ukuran_layanan", CharField(max_length=24, null=True)),
            ("iki", "ukuran_hari", IntegerField(null=True)),
            ("realisasi", "usulan_angka", DecimalField(max_digits=14, decimal_places=2, null=True)))


def up(migrator, db):
    db.create_tables(_models(db))
    migrator.migrate(*[migrator.add_column(tabel, nama, kolom) for tabel, nama, kolom in _kolom()])


def down(migrator, db):
    migrator.migrate(*[migrator.drop_column(tabel, nama) for tabel, nama, _ in reversed(_kolom())])
    db.drop_tables(list(reversed(_models(db))))
    # Their history goes with them: ids are reused after an up again, and a
    # new complaint would show an old one's answers.
    riwayat = Table("riwayat", ("id", "objek")).bind(db)
    riwayat.delete().where(riwayat.objek.in_(OBJEK)).execute()
