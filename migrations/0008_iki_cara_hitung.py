"""How an IKI's periods add up to the year (issue 13, a real annual evaluation).

- iki.cara_hitung: "jumlah" (sum of the periods), "rata_rata" (mean of the
  periods with a value) or "terakhir" (the latest period's value); see
  kinerja.rules.tahunan. Existing rows get "jumlah", the common case (counts
  of reports, documents, activities), except an IKI whose satuan is a
  percentage ("%", "persen"), which gets "rata_rata": summing four quarters
  of "90 %" would read 360 %. Whoever plans the IKI can change it while the
  SKP is open.
- iki.target_periode: an optional target for each period (one number that
  applies to every period), null when not given.

Only the migrator's portable add_column/drop_column and a plain UPDATE: the
same on SQLite and PostgreSQL. Down drops both columns and the kinds with them.
"""
from peewee import CharField, DecimalField, Table, fn

PERSEN = ("%", "persen")


def _kolom():
    return (("cara_hitung", CharField(max_length=12, default="jumlah")),
            ("target_periode", DecimalField(max_digits=14, decimal_places=2, null=True)))


def up(migrator, db):
    migrator.migrate(*[migrator.add_column("iki", nama, kolom) for nama, kolom in _kolom()])
    iki = Table("iki", ("id", "satuan", "cara_hitung")).bind(db)
    (iki.update({iki.cara_hitung: "rata_rata"})
     .where(fn.LOWER(fn.TRIM(iki.satuan)).in_(PERSEN)).execute())


def down(migrator, db):
    migrator.migrate(*[migrator.drop_column("iki", nama) for nama, _ in reversed(_kolom())])
