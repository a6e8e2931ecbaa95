"""The history (audit) record every state change writes."""
import json

from peewee import JOIN

from .models import Riwayat


def catat(aktor, objek, aksi, sebelum=None, sesudah=None, alasan=None):
    """Record who did what to which object, with the changed fields before/after.

    `objek` is a model instance; only fields whose value changed are kept.
    Call inside the transaction that makes the change.
    """
    data = {}
    sebelum, sesudah = sebelum or {}, sesudah or {}
    for key in sorted(set(sebelum) | set(sesudah)):
        a, b = sebelum.get(key), sesudah.get(key)
        if a != b:
            data[key] = [_plain(a), _plain(b)]
    return Riwayat.create(
        aktor=getattr(aktor, "id", aktor), objek=type(objek).__name__.lower(),
        objek_id=objek.id, aksi=aksi, data=json.dumps(data, ensure_ascii=False),
        alasan=(alasan or None))


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def untuk(objek, limit=50):
    """The latest history rows of one object, newest first, with the actor joined."""
    from .models import Pegawai
    return (Riwayat.select(Riwayat, Pegawai)
            .join(Pegawai, on=(Riwayat.aktor == Pegawai.id), join_type=JOIN.LEFT_OUTER, attr="aktor")
            .where((Riwayat.objek == type(objek).__name__.lower()) & (Riwayat.objek_id == objek.id))
            .order_by(Riwayat.waktu.desc(), Riwayat.id.desc())
            .limit(limit))
