"""Stored times are the city's wall-clock time, and the database says which zone.

Before this migration every timestamp was written by the server's own clock
(`datetime.now()`, the server's local zone, often UTC). From now on the app
writes the city's time (KINERJA_TIMEZONE, default Asia/Jakarta) through
kinerja/jam.py. So that old rows are not silently read 7 hours off, each one
is converted from the zone the server runs in while migrating (the zone it
was written in) to the city's zone, and the table `pengaturan` records both.
"""
import datetime
from zoneinfo import ZoneInfo

from peewee import CharField, DateTimeField, Model, TextField

# Every DateTimeField at this migration: (table, columns).
KOLOM_WAKTU = (
    ("unit", ("dibuat",)),
    ("pegawai", ("dibuat",)),
    ("periode", ("dibuat",)),
    ("riwayat", ("waktu",)),
    ("gagal_masuk", ("waktu",)),
    ("pengajuan", ("waktu",)),
    ("impor_batch", ("dibuat", "diterapkan")),
    ("skp", ("disetujui_pada", "dibuat")),
    ("rhk", ("dibuat",)),
    ("realisasi", ("diubah",)),
    ("berkas", ("dibuat",)),
    ("bukti", ("dibuat",)),
    ("evaluasi", ("diajukan_pada", "final_pada", "dibuat")),
    ("frasa_umpan_balik", ("dibuat",)),
    ("predikat_unit", ("diubah",)),
    ("pembinaan", ("dibuat",)),
    ("catatan_pembinaan", ("dibuat",)),
    ("keberatan", ("diajukan_pada", "diputuskan_pada")),
)


def _pengaturan(db):
    class Pengaturan(Model):
        kunci = CharField(max_length=50, primary_key=True)
        nilai = TextField(default="")

        class Meta:
            database = db
            table_name = "pengaturan"
    return Pengaturan


def _tabel(db, nama, kolom):
    attrs = {k: DateTimeField(null=True) for k in kolom}
    attrs["Meta"] = type("Meta", (), {"database": db, "table_name": nama})
    return type("T_" + nama, (Model,), attrs)


def _ubah_semua(db, ubah):
    """Apply `ubah(naive datetime) -> naive datetime` to every stored time, row by row."""
    for nama, kolom in KOLOM_WAKTU:
        tabel = _tabel(db, nama, kolom)
        for baris in tabel.select().iterator():
            baru = {k: ubah(getattr(baris, k)) for k in kolom if isinstance(getattr(baris, k), datetime.datetime)}
            if baru:
                tabel.update(baru).where(tabel.id == baris.id).execute()


def _zona_server():
    """The IANA name of the server's own zone, where it can be known."""
    lokal = datetime.datetime.now().astimezone().tzinfo
    return getattr(lokal, "key", None) or str(lokal)


def up(migrator, db):
    from kinerja import jam
    Pengaturan = _pengaturan(db)
    db.create_tables([Pengaturan])
    kota = jam.zona()
    # A naive time read as the server's local time, shown in the city's zone.
    _ubah_semua(db, lambda t: t.astimezone(kota).replace(tzinfo=None))
    Pengaturan.insert_many([{"kunci": "zona_waktu", "nilai": jam.nama_zona()},
                            {"kunci": "zona_waktu_asal", "nilai": _zona_server()}]).execute()


def down(migrator, db):
    Pengaturan = _pengaturan(db)
    kota = ZoneInfo(Pengaturan.get_by_id("zona_waktu").nilai)
    _ubah_semua(db, lambda t: t.replace(tzinfo=kota).astimezone().replace(tzinfo=None))
    db.drop_tables([Pengaturan])
