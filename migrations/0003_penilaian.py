"""Periodic work and evaluation: realisasi, berkas, bukti, evaluasi (+ per RHK and
per perilaku), feedback phrases, unit predikat, pembinaan, keberatan; a longer
riwayat.aksi; the SKP's snapshot of the pegawai's jenis jabatan.

A frozen copy of the models as they were at this migration.
"""
import datetime

from peewee import (BooleanField, CharField, DateField, DateTimeField, DecimalField, ForeignKeyField,
                    IntegerField, Model, TextField)


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

    class Unit(Base):
        class Meta:
            table_name = "unit"

    class Skp(Base):
        class Meta:
            table_name = "skp"

    class Rhk(Base):
        class Meta:
            table_name = "rhk"

    class Iki(Base):
        class Meta:
            table_name = "iki"

    class Realisasi(Base):
        iki = ForeignKeyField(Iki, backref="realisasi", on_delete="CASCADE")
        nomor = IntegerField()
        nilai_angka = DecimalField(max_digits=14, decimal_places=2, null=True)
        nilai_teks = TextField(default="")
        catatan = TextField(default="")
        version = IntegerField(default=1)
        diubah = DateTimeField(default=datetime.datetime.now)

        class Meta:
            indexes = ((("iki", "nomor"), True),)

    class Berkas(Base):
        sha256 = CharField(max_length=64, unique=True)
        ukuran = IntegerField()
        mime = CharField(max_length=100)
        dibuat = DateTimeField(default=datetime.datetime.now)

    class Bukti(Base):
        realisasi = ForeignKeyField(Realisasi, backref="bukti", on_delete="CASCADE")
        berkas = ForeignKeyField(Berkas, null=True, backref="bukti", on_delete="RESTRICT")
        nama = CharField(max_length=255)
        tautan = TextField(null=True)
        pengunggah = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
        dibuat = DateTimeField(default=datetime.datetime.now)

    class Evaluasi(Base):
        skp = ForeignKeyField(Skp, backref="evaluasi", on_delete="CASCADE")
        nomor = IntegerField()
        akhir = BooleanField(default=False)
        status = CharField(max_length=12, default="terbuka", index=True)
        diajukan_pada = DateTimeField(null=True)
        rating_hasil = CharField(max_length=10, null=True)
        rating_perilaku = CharField(max_length=10, null=True)
        predikat = CharField(max_length=20, null=True)
        penilai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="RESTRICT")
        final_pada = DateTimeField(null=True, index=True)
        version = IntegerField(default=1)
        dibuat = DateTimeField(default=datetime.datetime.now)

        class Meta:
            indexes = ((("skp", "nomor"), True),)

    class EvaluasiRhk(Base):
        evaluasi = ForeignKeyField(Evaluasi, backref="rhk", on_delete="CASCADE")
        rhk = ForeignKeyField(Rhk, backref="+", on_delete="CASCADE")
        penilaian_diri = CharField(max_length=10, null=True)
        uraian_diri = TextField(default="")
        kendala = TextField(default="")
        umpan_balik = TextField(default="")

        class Meta:
            indexes = ((("evaluasi", "rhk"), True),)

    class EvaluasiPerilaku(Base):
        evaluasi = ForeignKeyField(Evaluasi, backref="perilaku", on_delete="CASCADE")
        nilai = CharField(max_length=30)
        umpan_balik = TextField(default="")

        class Meta:
            indexes = ((("evaluasi", "nilai"), True),)

    class FrasaUmpanBalik(Base):
        pemilik = ForeignKeyField(Pegawai, backref="+", on_delete="CASCADE")
        teks = TextField()
        dibuat = DateTimeField(default=datetime.datetime.now)

    class PredikatUnit(Base):
        unit = ForeignKeyField(Unit, backref="+", on_delete="CASCADE")
        periode = ForeignKeyField(Periode, backref="+", on_delete="CASCADE")
        predikat = CharField(max_length=20)
        penetap = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
        version = IntegerField(default=1)
        diubah = DateTimeField(default=datetime.datetime.now)

        class Meta:
            indexes = ((("unit", "periode"), True),)

    class Pembinaan(Base):
        evaluasi = ForeignKeyField(Evaluasi, backref="pembinaan", on_delete="CASCADE")
        jenis = CharField(max_length=12)
        rencana = TextField()
        pelatihan = TextField(default="")
        target_tanggal = DateField(null=True)
        status = CharField(max_length=10, default="berjalan")
        pembuat = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
        version = IntegerField(default=1)
        dibuat = DateTimeField(default=datetime.datetime.now)

    class CatatanPembinaan(Base):
        pembinaan = ForeignKeyField(Pembinaan, backref="catatan", on_delete="CASCADE")
        teks = TextField()
        penulis = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
        dibuat = DateTimeField(default=datetime.datetime.now)

    class Keberatan(Base):
        evaluasi = ForeignKeyField(Evaluasi, backref="keberatan", unique=True, on_delete="CASCADE")
        alasan = TextField()
        diajukan_pada = DateTimeField(default=datetime.datetime.now)
        status = CharField(max_length=12, default="diajukan")
        keputusan = CharField(max_length=10, null=True)
        alasan_keputusan = TextField(default="")
        rating_hasil_lama = CharField(max_length=10, null=True)
        rating_perilaku_lama = CharField(max_length=10, null=True)
        predikat_lama = CharField(max_length=20, null=True)
        rating_hasil_baru = CharField(max_length=10, null=True)
        rating_perilaku_baru = CharField(max_length=10, null=True)
        predikat_baru = CharField(max_length=20, null=True)
        pemutus = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="RESTRICT")
        diputuskan_pada = DateTimeField(null=True)
        version = IntegerField(default=1)

    return [Realisasi, Berkas, Bukti, Evaluasi, EvaluasiRhk, EvaluasiPerilaku, FrasaUmpanBalik,
            PredikatUnit, Pembinaan, CatatanPembinaan, Keberatan]


def _jenis_jabatan(db):
    """The columns the SKP snapshot of the pegawai's jenis jabatan needs."""
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Pegawai(Base):
        jenis_jabatan = CharField(max_length=20)

        class Meta:
            table_name = "pegawai"

    class Skp(Base):
        pegawai = ForeignKeyField(Pegawai)
        pegawai_jenis_jabatan = CharField(max_length=20, default="")

        class Meta:
            table_name = "skp"
    return Pegawai, Skp


def up(migrator, db):
    db.create_tables(_models(db))
    # The SKP snapshots whether its pegawai is a JPT (a later promotion must
    # not change an approved SKP); existing SKPs take the current value.
    migrator.migrate(migrator.add_column("skp", "pegawai_jenis_jabatan", CharField(max_length=20, default="")))
    Pegawai, Skp = _jenis_jabatan(db)
    Skp.update(pegawai_jenis_jabatan=Pegawai.select(Pegawai.jenis_jabatan).where(Pegawai.id == Skp.pegawai)).execute()
    # History actions now name evaluation periods ("Evaluasi diri Triwulan IV-Akhir diajukan").
    migrator.migrate(migrator.alter_column_type("riwayat", "aksi", CharField(max_length=100)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("skp", "pegawai_jenis_jabatan"))
    # Longer history actions are cut to the old width first: PostgreSQL
    # refuses to shrink a column below the values it holds.
    db.execute_sql("UPDATE riwayat SET aksi = SUBSTR(aksi, 1, 40) WHERE LENGTH(aksi) > 40")
    migrator.migrate(migrator.alter_column_type("riwayat", "aksi", CharField(max_length=40)))
    db.drop_tables(list(reversed(_models(db))))
