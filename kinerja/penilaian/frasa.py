"""The penilai's reusable feedback phrases: list, add, delete (each person
only their own), and putting a chosen phrase into a feedback text.

A phrase is plain text of at most MAKS_FRASA characters; an empty one is
refused, the same text twice (ignoring case and spacing) is kept once, and a
person keeps at most MAKS_JUMLAH phrases so the rating page stays light.
"""
from ..db import database
from ..inti import Galat
from ..kueri import KueriTetap
from ..riwayat import catat
from ..rules import RuleError
from .models import FrasaUmpanBalik

MAKS_FRASA = 300
MAKS_JUMLAH = 50
LABEL_PENDEK = 70  # how much of a phrase a select option shows


def _normal(teks):
    """The text as compared for duplicates: one space between words, lower case."""
    return " ".join(teks.split()).casefold()


_FRASA = KueriTetap(lambda pemilik_id: FrasaUmpanBalik.select().where(FrasaUmpanBalik.pemilik == pemilik_id)
                    .order_by(FrasaUmpanBalik.dibuat, FrasaUmpanBalik.id), int)


def daftar_frasa(pemilik_id):
    """A person's phrases, oldest first (the order they built them in; a
    stored query, as the rating page reads them on every visit)."""
    return _FRASA.semua(pemilik_id)


def label_pendek(teks):
    """A phrase shortened for a select option."""
    teks = " ".join(teks.split())
    return teks if len(teks) <= LABEL_PENDEK else teks[:LABEL_PENDEK - 1].rstrip() + "\u2026"


def tambah_frasa(aktor, teks):
    """Add a phrase; returns (phrase, True) or (the existing one, False) for a duplicate."""
    teks = (teks or "").strip()
    if not teks:
        raise Galat({"teks": "Frasa tidak boleh kosong."})
    if len(teks) > MAKS_FRASA:
        raise Galat({"teks": f"Frasa paling banyak {MAKS_FRASA} karakter (yang diisi {len(teks)})."})
    milik = daftar_frasa(aktor.id)
    sama = next((f for f in milik if _normal(f.teks) == _normal(teks)), None)
    if sama is not None:
        return sama, False
    if len(milik) >= MAKS_JUMLAH:
        raise RuleError(f"Anda sudah menyimpan {MAKS_JUMLAH} frasa. Hapus yang tidak dipakai lagi dulu.")
    with database.atomic():
        frasa = FrasaUmpanBalik.create(pemilik=aktor.id, teks=teks)
        catat(aktor, frasa, "Frasa umpan balik ditambahkan", None, {"teks": teks})
    return frasa, True


def hapus_frasa(aktor, frasa):
    """Delete one of the aktor's own phrases."""
    if frasa.pemilik_id != aktor.id:
        raise RuleError("Frasa ini milik orang lain.")
    with database.atomic():
        catat(aktor, frasa, "Frasa umpan balik dihapus", {"teks": frasa.teks}, None)
        frasa.delete_instance()


def sisipkan_frasa(data, frasa):
    """The rating form's data with each chosen phrase (`frasa_<rhk id>`, an id
    of the penilai's own phrase) appended to that RHK's `umpan_balik_<rhk id>`
    on a new line: without JavaScript this is how a phrase is inserted.
    Raises Galat for an id that is not one of the penilai's phrases."""
    data = dict(data)
    teks = {str(f.id): f.teks for f in frasa}
    errors = {}
    for kunci in [k for k in data if k.startswith("frasa_")]:
        pilihan = (data.pop(kunci) or "").strip()
        if not pilihan:
            continue
        if pilihan not in teks:
            errors[kunci] = "Frasa tidak dikenal. Pilih dari daftar frasa Anda."
            continue
        umpan = "umpan_balik_" + kunci[len("frasa_"):]
        lama = (data.get(umpan) or "").rstrip()
        data[umpan] = f"{lama}\n{teks[pilihan]}" if lama else teks[pilihan]
    if errors:
        raise Galat(errors)
    return data
