"""A penilai's team defaults for the perilaku kerja expectations.

The defaults are kept per penilai and periode (EkspektasiTim). Saving them
can also apply them to chosen team members' SKP through the ordinary
layanan.simpan_perilaku, so each SKP's own history records the change; an
SKP that is approved or locked is skipped and reported. SKP made later pick
the defaults up by themselves (layanan._buat).
"""
from peewee import IntegrityError

from ..db import database
from ..inti import Galat, alasan_tolak
from ..models import Pegawai, Periode
from ..riwayat import catat
from ..rules import BERAKHLAK, RuleError
from .layanan import bisa_ubah_perilaku, pastikan_perilaku_terbuka, simpan_perilaku
from .models import EkspektasiTim, Perilaku, Skp

MAKS_EKSPEKTASI = 2000
BELUM_ADA_SKP = "belum membuat SKP; bawaan ini dipakai saat SKP-nya dibuat"


def rapikan(teks):
    """One text as stored: line breaks normalised, outer spaces removed."""
    return (teks or "").replace("\r\n", "\n").strip()


def bawaan_tim(penilai, periode):
    """The penilai's saved defaults for the periode as {nilai: text}, every value present."""
    simpanan = {e.nilai: e.ekspektasi for e in EkspektasiTim.select().where(
        (EkspektasiTim.penilai == penilai.id) & (EkspektasiTim.periode == periode.id))}
    return {nilai: simpanan.get(nilai, "") for nilai in BERAKHLAK}


def periksa_teks(teks):
    """The seven texts tidied; raises Galat (keyed by nilai) when one is too long."""
    hasil, galat = {}, {}
    for nilai, info in BERAKHLAK.items():
        hasil[nilai] = rapikan(teks.get(nilai))
        if len(hasil[nilai]) > MAKS_EKSPEKTASI:
            galat[nilai] = (f"Ekspektasi {info['nama']} paling banyak {MAKS_EKSPEKTASI} karakter "
                            f"(terisi {len(hasil[nilai])}).")
    if galat:
        raise Galat(galat)
    return hasil


def simpan_ekspektasi_tim(aktor, periode, teks, bawahan):
    """Save the aktor's defaults for the periode and apply them to `bawahan`'s SKP.

    `teks` maps each BerAKHLAK nilai to a text; `bawahan` are Pegawai of the
    aktor's team (active direct subordinates, or people whose SKP of this
    periode names the aktor as penilai). Only filled defaults are applied, so
    an expectation written on one SKP is never erased by an empty default.
    Returns (names applied, [(name, reason skipped)]). All or nothing.
    """
    teks = periksa_teks(teks)
    if periode.status == "ditutup":
        raise RuleError(f"Periode {periode.tahun} sudah ditutup; ekspektasi tidak bisa diubah.")
    skp = {s.pegawai_id: s for s in Skp.select(Skp, Periode).join(Periode).where(
        (Skp.periode == periode.id) & Skp.pegawai.in_([p.id for p in bawahan]))}
    for p in bawahan:
        s = skp.get(p.id)
        if not ((p.atasan_id == aktor.id and p.aktif) or (s is not None and s.penilai_id == aktor.id)):
            raise RuleError(f"{p.nama} bukan bawahan Anda.")
    lama = {(r.skp_id, r.nilai): r.ekspektasi for r in Perilaku.select().where(
        Perilaku.skp.in_([s.id for s in skp.values()]))}
    diterapkan, dilewati = [], []
    try:
        with database.atomic():
            _simpan_bawaan(aktor, periode, teks)
            for p in bawahan:
                s = skp.get(p.id)
                if s is None:
                    dilewati.append((p.nama, BELUM_ADA_SKP))
                elif not bisa_ubah_perilaku(s, aktor):
                    dilewati.append((p.nama, _alasan(s, aktor)))
                else:
                    simpan_perilaku(aktor, s, {n: teks[n] or lama.get((s.id, n), "") for n in BERAKHLAK})
                    diterapkan.append(p.nama)
    except IntegrityError:
        raise RuleError("Ekspektasi tim sedang disimpan dari tempat lain. "
                        "Muat ulang lalu coba lagi.") from None
    return diterapkan, dilewati


def _alasan(skp, aktor):
    """Why the penilai may not write this SKP's expectations, in the rules' own words."""
    return alasan_tolak(pastikan_perilaku_terbuka, skp, aktor) or ""


def _simpan_bawaan(aktor, periode, teks):
    """Upsert the seven default rows and record what changed on the penilai's history."""
    sebelum, sesudah = {}, {}
    for nilai in BERAKHLAK:
        row = EkspektasiTim.get_or_none((EkspektasiTim.penilai == aktor.id)
                                        & (EkspektasiTim.periode == periode.id)
                                        & (EkspektasiTim.nilai == nilai))
        lama = row.ekspektasi if row is not None else ""
        if lama == teks[nilai]:
            continue
        sebelum[nilai], sesudah[nilai] = lama, teks[nilai]
        if row is None:
            EkspektasiTim.create(penilai=aktor.id, periode=periode.id, nilai=nilai, ekspektasi=teks[nilai])
        else:
            row.ekspektasi = teks[nilai]
            row.save()
    if sesudah:
        # On the penilai's own record: the defaults belong to no SKP.
        catat(aktor, Pegawai(id=aktor.id), f"Ekspektasi perilaku tim {periode.tahun} diubah",
              sebelum, sesudah)
