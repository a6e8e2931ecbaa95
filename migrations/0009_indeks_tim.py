"""Covering indexes for a penilai's team: what the header counts on every
page and the rating queue read, for a team of 500 as for a team of 5.

- skp (penilai_id, status, periode_id, pegawai_id, dibuka_admin, id): the
  SKPs that name someone as penilai, with every column the team's counts
  and the queue filter on, so those reads never visit the SKP rows (a 500
  person team's SKPs were 500 row lookups on every page's header).
- evaluasi (skp_id, status, nomor, predikat): a team's evaluations grouped
  by period and status (the header's count), the results that still need
  a coaching plan, and the queue's statuses, read from the index alone.
  For a team of 500 the header's count went from about 2.0 ms to 1.0 ms.

Only the migrator's portable add_index/drop_index: the same on SQLite and
PostgreSQL (where `id` is named, as it is no implicit part of an index).
The statistics are refreshed after migrating (kinerja.db.migrate).
"""

INDEKS = (
    ("skp", ("penilai_id", "status", "periode_id", "pegawai_id", "dibuka_admin", "id"), "skp_penilai_cakup"),
    ("evaluasi", ("skp_id", "status", "nomor", "predikat"), "evaluasi_skp_cakup"),
)


def up(migrator, db):
    migrator.migrate(*[migrator.add_index(tabel, kolom, name=nama) for tabel, kolom, nama in INDEKS])


def down(migrator, db):
    migrator.migrate(*[migrator.drop_index(tabel, nama) for tabel, kolom, nama in reversed(INDEKS)])
