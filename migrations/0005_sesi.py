"""Server-side sessions: one row per signed-in device, so logout, expiry and
"sign out that device" end a session for real (a copied cookie is refused).

A frozen copy of the model as it was at this migration.
"""
from peewee import CharField, DateTimeField, ForeignKeyField, Model


def _models(db):
    class Pegawai(Model):
        class Meta:
            database = db
            table_name = "pegawai"

    class Sesi(Model):
        pegawai = ForeignKeyField(Pegawai, on_delete="CASCADE", index=True)
        kunci = CharField(max_length=64, unique=True)  # sha256 of the token in the cookie
        dibuat = DateTimeField()
        terakhir = DateTimeField()
        alamat = CharField(max_length=45, default="")
        perangkat = CharField(max_length=200, default="")
        dicabut_pada = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "sesi"
    return [Sesi]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))
