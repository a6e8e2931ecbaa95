"""Indexes that the pages' real queries use (their plans are checked by
tests/test_rencana_kueri.py on a city-sized database).

- pegawai (aktif, nama, id): the admin's pegawai list shows the active
  pegawai by name, one page at a time. Without it every view of the list
  read every pegawai and sorted them all, and its COUNT read the whole
  table; with it the page is the next 25 entries of the index and the
  COUNT reads the index alone.
- pegawai (atasan_id, aktif, nama, id): an atasan's direct subordinates by
  name, a page at a time (home page, team lists, the header's count), with
  no sort of the whole team for each page of a 500-person team.

Only the migrator's portable add_index/drop_index: the same on SQLite and
PostgreSQL. The statistics are refreshed after migrating (kinerja.db.migrate).
"""

INDEKS = (
    ("pegawai", ("aktif", "nama", "id"), "pegawai_aktif_nama_id"),
    ("pegawai", ("atasan_id", "aktif", "nama", "id"), "pegawai_atasan_aktif_nama_id"),
)


def up(migrator, db):
    migrator.migrate(*[migrator.add_index(tabel, kolom, name=nama) for tabel, kolom, nama in INDEKS])


def down(migrator, db):
    migrator.migrate(*[migrator.drop_index(tabel, nama) for tabel, kolom, nama in reversed(INDEKS)])
