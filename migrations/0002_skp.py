"""SKP planning: skp, rhk, iki, perilaku, ekspektasi_tim.

A frozen copy of the models as they were at this migration.
"""
import datetime

from peewee import (BooleanField, CharField, DateTimeField, DecimalField,
                    ForeignKeyField, IntegerField, Model, TextField)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Pegawai(Base):
        class Meta:
            table_name = "pegawai"

    class Periode(Base):
        class Meta:
            table_name = "periode"

    class Skp(Base):
        pegawai = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
        periode = ForeignKeyField(Periode, backref="+", on_delete="RESTRICT")
        pendekatan = CharField(max_length=12, default="kuantitatif")
        status = CharField(max_length=12, default="draft", index=True)
        pegawai_jabatan = CharField(max_length=200, default="")
        pegawai_unit = CharField(max_length=200, default="")
        penilai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="RESTRICT")
        penilai_jabatan = CharField(max_length=200, default="")
        penilai_unit = CharField(max_length=200, default="")
        atasan_penilai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="RESTRICT")
        atasan_penilai_jabatan = CharField(max_length=200, default="")
        atasan_penilai_unit = CharField(max_length=200, default="")
        dukungan_sumber_daya = TextField(default="")
        skema_pertanggungjawaban = TextField(default="")
        konsekuensi = TextField(default="")
        alasan_status = TextField(null=True)
        disetujui_pada = DateTimeField(null=True)
        dibuka_admin = BooleanField(default=False)
        version = IntegerField(default=1)
        dibuat = DateTimeField(default=datetime.datetime.now)

        class Meta:
            indexes = ((("pegawai", "periode"), True),)

    class Rhk(Base):
        skp = ForeignKeyField(Skp, backref="+", on_delete="CASCADE")
        jenis = CharField(max_length=10, default="utama")
        uraian = TextField()
        rhk_atasan = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")
        perspektif = CharField(max_length=30, null=True)
        urutan = IntegerField(default=0)
        version = IntegerField(default=1)
        dibuat = DateTimeField(default=datetime.datetime.now)

    class Iki(Base):
        rhk = ForeignKeyField(Rhk, backref="+", on_delete="CASCADE")
        aspek = CharField(max_length=10, default="kuantitas")
        indikator = TextField()
        target_min = DecimalField(max_digits=14, decimal_places=2, null=True)
        target_maks = DecimalField(max_digits=14, decimal_places=2, null=True)
        satuan = CharField(max_length=60, default="")
        target_teks = TextField(default="")
        urutan = IntegerField(default=0)
        version = IntegerField(default=1)

    class Perilaku(Base):
        skp = ForeignKeyField(Skp, backref="+", on_delete="CASCADE")
        nilai = CharField(max_length=30)
        ekspektasi = TextField(default="")

        class Meta:
            indexes = ((("skp", "nilai"), True),)

    class EkspektasiTim(Base):
        penilai = ForeignKeyField(Pegawai, backref="+", on_delete="CASCADE")
        periode = ForeignKeyField(Periode, backref="+", on_delete="CASCADE")
        nilai = CharField(max_length=30)
        ekspektasi = TextField(default="")

        class Meta:
            indexes = ((("penilai", "periode", "nilai"), True),)

    return [Skp, Rhk, Iki, Perilaku, EkspektasiTim]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
