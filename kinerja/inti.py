"""Domain plumbing every area uses and that imports no area.

The refusals a service raises (the web layer's `kinerja.web.jalankan` is the
one place that turns them into an HTTP status), the versioned writes that
raise `Konflik`, and the text limits. A service checks its rule, then writes
with `update_berversi`/`hapus_berversi`, so a form opened before someone
else's change can never overwrite it silently.

    Galat      bad input, by field                         -> 422
    RuleError  a rule forbids it (kinerja.rules)           -> 422
    Terkunci   not in this state (a RuleError)             -> 409
    Konflik    the row changed since the form was opened   -> 409
    Penolakan  a page-wide save refused by part            -> 422 with field errors, else 409
    BerkasDitolak  an uploaded file refused                -> its own 413 / 415 / 422
"""
from .rules import RuleError

MAKS_TEKS = 4000  # a long free text (catatan, umpan balik, alasan, lampiran)


class Galat(Exception):
    """Validation failed; `errors` maps field name to an Indonesian message."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Terkunci(RuleError):
    """The record may not be changed in its current state (answered with 409)."""


class Konflik(Exception):
    """The record changed since the form was opened; `sekarang` is the fresh copy."""

    def __init__(self, sekarang):
        super().__init__("konflik versi")
        self.sekarang = sekarang


class BerkasDitolak(Exception):
    """An uploaded file refused as a whole; nothing was stored. The message
    belongs at the form's `berkas` field; `status` is 413 for a file too
    large, 415 for a type that is not accepted, else 422."""

    def __init__(self, pesan, status=422):
        super().__init__(pesan)
        self.status = status


class Penolakan(Exception):
    """A page-wide save refused in part; nothing at all was written.
    `galat`: {field name: message}; `basi`: {part: the fresh row}."""

    def __init__(self, galat, basi):
        super().__init__("isian ditolak")
        self.galat, self.basi = galat, basi


def versi(nilai):
    """A version number from a form; anything missing or absurd is -1 (stale)."""
    try:
        n = int(nilai)
    except (TypeError, ValueError):
        return -1
    return n if 0 <= n < 2 ** 31 else -1


def update_berversi(obj, versi_form, syarat=None, **changes):
    """Save `changes` only if the row still has `versi_form` (and meets the
    extra condition `syarat`, e.g. a status); else raise Konflik.

    One UPDATE ... WHERE id = ? AND version = ?, so two editors can never
    overwrite each other silently, and a state checked earlier in the request
    is checked again by the write itself.
    """
    model = type(obj)
    versi_form = versi(versi_form)
    changes = dict(changes, version=versi_form + 1)
    kondisi = (model.id == obj.id) & (model.version == versi_form)
    if syarat is not None:
        kondisi &= syarat
    n = model.update(**changes).where(kondisi).execute()
    if n != 1:
        raise Konflik(model.get_by_id(obj.id))
    for key, value in changes.items():
        setattr(obj, key, value)
    return obj


def hapus_berversi(obj, versi_form):
    """Delete the row only if it still has `versi_form`; else raise Konflik.

    A row already gone raises Konflik with the copy the form was built from.
    """
    model = type(obj)
    versi_form = versi(versi_form)
    n = model.delete().where((model.id == obj.id) & (model.version == versi_form)).execute()
    if n != 1:
        raise Konflik(model.get_or_none(model.id == obj.id) or obj)


def pesan_panjang(label, teks, maks=MAKS_TEKS):
    """The message for a text over its limit, or None when it fits."""
    return f"{label} paling banyak {maks} karakter." if len(teks or "") > maks else None


def teks_isian(data, kunci, label, galat, wajib=False, maks=MAKS_TEKS):
    """The text of field `kunci` in `data`, outer spaces removed; an empty
    required one, or one over `maks`, puts its message in `galat[kunci]`."""
    teks = (data.get(kunci) or "").strip()
    if wajib and not teks:
        galat[kunci] = f"{label} wajib diisi."
    elif pesan := pesan_panjang(label, teks, maks):
        galat[kunci] = pesan
    return teks


def periksa_panjang(nilai, label, maks=MAKS_TEKS):
    """Galat for every text in `nilai` ({field: text}) longer than `maks`;
    `label` names each field."""
    galat = {k: pesan for k, v in nilai.items() if (pesan := pesan_panjang(label[k], v, maks))}
    if galat:
        raise Galat(galat)


def alasan_tolak(cek, *args):
    """The rule's own words for why `cek(*args)` refuses, or None when it passes."""
    try:
        cek(*args)
    except RuleError as exc:
        return str(exc)
    return None
