"""Attempt limits that hold under parallel requests and across processes.

Every limited action reserves its attempt first, in one write transaction
that counts and records together (db.tulis); only then is the password (or
code) checked, and a success gives the reservation back. Twenty guesses sent
at once therefore get exactly as many checks as the limit allows.

Rows live in `gagal_masuk` (key, time), keyed by what is limited, e.g.
"nipaddr:<nip>:<address>", "addr:<address>", "nip:<nip>", "sandi:<id>".
"""
import datetime

from .db import tulis
from .jam import sekarang
from .models import GagalMasuk


def ambil_jatah(batas, menit):
    """Reserve one attempt under every (key, maximum) in `batas`, counted over
    the last `menit` minutes. Returns (0, row ids) when allowed, or (minutes
    to wait, []) when any limit is reached (nothing is recorded then)."""
    now = sekarang()
    awal = now - datetime.timedelta(minutes=menit)
    with tulis(*(kunci for kunci, _ in batas)):
        tunggu = 0
        for kunci, maks in batas:
            waktu = [r.waktu for r in GagalMasuk.select(GagalMasuk.waktu)
                     .where((GagalMasuk.kunci == kunci) & (GagalMasuk.waktu > awal))
                     .order_by(GagalMasuk.waktu.desc()).limit(maks)]
            if len(waktu) >= maks:
                bebas = waktu[-1] + datetime.timedelta(minutes=menit)
                tunggu = max(tunggu, int((bebas - now).total_seconds() // 60) + 1)
        if tunggu:
            return tunggu, []
        ids = [GagalMasuk.insert(kunci=kunci, waktu=now).execute() for kunci, _ in batas]
        GagalMasuk.delete().where(GagalMasuk.waktu < awal - datetime.timedelta(days=1)).execute()
    return 0, ids


def kembalikan(ids, *kunci_dihapus):
    """A success: the reserved attempts do not count, nor do the earlier
    failures under the keys in `kunci_dihapus`."""
    syarat = GagalMasuk.id.in_(ids or [0])
    if kunci_dihapus:
        syarat |= GagalMasuk.kunci.in_(kunci_dihapus)
    GagalMasuk.delete().where(syarat).execute()
