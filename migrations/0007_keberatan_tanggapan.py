"""The objection is a hearing: the pejabat penilai answers it before the
atasan pejabat penilai decides.

- keberatan.tanggapan_penilai: the penilai's response (empty until written);
- keberatan.tanggapan_pada: when it was last written (null until then).

Who wrote it is the SKP's penilai, and the SKP's history names the actor of
every write. Only the migrator's portable add_column/drop_column: the same
on SQLite and PostgreSQL. Down drops both columns, and the responses with them.
"""
from peewee import DateTimeField, TextField


def _kolom():
    return (("tanggapan_penilai", TextField(default="")), ("tanggapan_pada", DateTimeField(null=True)))


def up(migrator, db):
    migrator.migrate(*[migrator.add_column("keberatan", nama, kolom) for nama, kolom in _kolom()])


def down(migrator, db):
    migrator.migrate(*[migrator.drop_column("keberatan", nama) for nama, _ in reversed(_kolom())])
