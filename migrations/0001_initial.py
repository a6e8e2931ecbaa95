"""Foundation tables: unit, pegawai, periode, riwayat, throttle, idempotency, import.

A frozen copy of the models as they were at this migration, deliberately
independent of kinerja.models (which keeps evolving).
"""
import datetime

from peewee import (BooleanField, CharField, DateField, DateTimeField,
                    ForeignKeyField, IntegerField, Model, TextField)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Unit(Base):
        nama = CharField(max_length=200)
        kode = CharField(max_length=30, unique=True)
        jenis = CharField(max_length=20)
        parent = ForeignKeyField("self", null=True, on_delete="RESTRICT")
        path = CharField(max_length=255, index=True, default="")
        aktif = BooleanField(default=True)
        version = IntegerField(default=1)
        dibuat = DateTimeField(default=datetime.datetime.now)

    class Pegawai(Base):
        nip = CharField(max_length=18, unique=True)
        nama = CharField(max_length=200)
        jabatan = CharField(max_length=200)
        jenis_jabatan = CharField(max_length=20)
        jenis_asn = CharField(max_length=10, default="pns")
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        atasan = ForeignKeyField("self", null=True, on_delete="SET NULL")
        aktif = BooleanField(default=True)
        peran = CharField(max_length=20, default="pegawai")
        admin_unit = ForeignKeyField(Unit, null=True, backref="admins", on_delete="SET NULL")
        password_hash = CharField(max_length=255, null=True)
        wajib_ganti_sandi = BooleanField(default=True)
        login_token = CharField(max_length=64, unique=True)
        version = IntegerField(default=1)
        dibuat = DateTimeField(default=datetime.datetime.now)

    class Periode(Base):
        tahun = IntegerField(unique=True)
        mulai = DateField()
        selesai = DateField()
        frekuensi = CharField(max_length=12, default="triwulanan")
        status = CharField(max_length=12, default="perencanaan")
        version = IntegerField(default=1)
        dibuat = DateTimeField(default=datetime.datetime.now)

    class Riwayat(Base):
        waktu = DateTimeField(index=True)
        aktor = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
        objek = CharField(max_length=20)
        objek_id = IntegerField()
        aksi = CharField(max_length=40)
        data = TextField(default="{}")
        alasan = TextField(null=True)

        class Meta:
            indexes = ((("objek", "objek_id"), False),)

    class GagalMasuk(Base):
        kunci = CharField(max_length=80, index=True)
        waktu = DateTimeField(index=True)

    class Pengajuan(Base):
        kunci = CharField(max_length=64, unique=True)
        pegawai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="CASCADE")
        hash = CharField(max_length=64)
        status = IntegerField()
        lokasi = TextField(null=True)
        waktu = DateTimeField(index=True)

    class ImporBatch(Base):
        pegawai = ForeignKeyField(Pegawai, backref="+", on_delete="CASCADE")
        nama_file = CharField(max_length=255)
        baris = TextField()
        dibuat = DateTimeField()
        diterapkan = DateTimeField(null=True)
        hasil = TextField(null=True)

    return [Unit, Pegawai, Periode, Riwayat, GagalMasuk, Pengajuan, ImporBatch]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
