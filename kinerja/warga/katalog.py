"""The service catalogue of a unit: its public services (Layanan) with the
standard completion time from the unit's standar pelayanan, and the pegawai
who serve each one (who may record it in the service log).

Petugas are active pegawai of the unit or of a unit below it. One who has
since moved away (mutasi) or been deactivated stays listed, marked "tidak
lagi di unit ini" so the head sees it, records nothing more
(buku.layanan_saya), and is dropped when the service is saved. Every change
is versioned (a stale form gets 409 with both versions) and in the history.
"""
from peewee import fn

from ..db import database
from ..inti import Galat, update_berversi
from ..models import Pegawai, Unit
from ..riwayat import catat
from .models import Layanan, PetugasLayanan

MAKS_NAMA = 200
MAKS_STANDAR = 43200  # 30 days in minutes: a standar pelayanan is counted in minutes, hours or days


def calon_petugas(unit):
    """Query of the active pegawai who may serve the unit's services (the unit and its sub-units), by name."""
    return (Pegawai.select(Pegawai.id, Pegawai.nama, Pegawai.jabatan)
            .where(Pegawai.unit.in_(Unit.select(Unit.id).where(Unit.dalam_subpohon(unit.path)))
                   & (Pegawai.aktif == True))  # noqa: E712
            .order_by(Pegawai.nama, Pegawai.id))


LEPAS = "tidak lagi di unit ini"


def _petugas(unit, layanan_ids):
    """{layanan id: [(name, still qualifies)]} by name: one query. A petugas
    qualifies while active and placed in `unit` or below it."""
    nama = {}
    if not layanan_ids:
        return nama
    for lid, n, aktif, path in (PetugasLayanan.select(PetugasLayanan.layanan, Pegawai.nama, Pegawai.aktif, Unit.path)
                                .join(Pegawai).join(Unit, on=(Pegawai.unit == Unit.id))
                                .where(PetugasLayanan.layanan.in_(layanan_ids))
                                .order_by(Pegawai.nama, Pegawai.id).tuples()):
        nama.setdefault(lid, []).append((n, bool(aktif) and path.startswith(unit.path)))
    return nama


def daftar_layanan(unit):
    """The unit's services, active first then by name, each with `petugas_nama`
    (names; one who no longer qualifies marked LEPAS): two queries."""
    layanan = list(Layanan.select().where(Layanan.unit == unit.id)
                   .order_by(Layanan.aktif.desc(), Layanan.nama, Layanan.id))
    nama = _petugas(unit, [x.id for x in layanan])
    for x in layanan:
        x.petugas_nama = [n if sah else f"{n} ({LEPAS})" for n, sah in nama.get(x.id, [])]
    return layanan


def petugas_lepas(layanan):
    """The names of the service's petugas who no longer qualify (moved away
    or deactivated): shown on the edit page, dropped by saving. One query."""
    return [n for n, sah in _petugas(layanan.unit, [layanan.id]).get(layanan.id, []) if not sah]


def petugas_dari(layanan):
    """The ids of the pegawai serving `layanan` (one query)."""
    return [i for (i,) in PetugasLayanan.select(PetugasLayanan.pegawai)
            .where(PetugasLayanan.layanan == layanan.id).tuples()]


def _periksa(unit, data, layanan):
    """The cleaned values, or Galat."""
    galat = {}
    nama = " ".join((data.get("nama") or "").split())
    if not nama:
        galat["nama"] = "Nama layanan wajib diisi."
    elif len(nama) > MAKS_NAMA:
        galat["nama"] = f"Nama layanan paling banyak {MAKS_NAMA} karakter."
    else:
        sama = Layanan.select(Layanan.id).where((Layanan.unit == unit.id) & (fn.LOWER(Layanan.nama) == nama.lower()))
        if layanan is not None:
            sama = sama.where(Layanan.id != layanan.id)
        if sama.exists():
            galat["nama"] = "Unit ini sudah punya layanan dengan nama itu."
    standar = data.get("standar_menit")
    if standar is None or standar == "":
        galat["standar_menit"] = "Waktu standar wajib diisi (dalam menit)."
    elif not isinstance(standar, int) or not 1 <= standar <= MAKS_STANDAR:
        galat["standar_menit"] = f"Waktu standar harus 1 sampai {MAKS_STANDAR} menit."
    petugas = sorted(set(data.get("petugas") or []))
    boleh = {p.id for p in calon_petugas(unit)}
    if any(p not in boleh for p in petugas):
        galat["petugas"] = "Petugas harus pegawai aktif unit ini atau subunitnya."
    if galat:
        raise Galat(galat)
    return {"nama": nama, "standar_menit": standar, "aktif": bool(data.get("aktif"))}, petugas


def _nama_petugas(ids):
    if not ids:
        return []
    return [n for (n,) in Pegawai.select(Pegawai.nama).where(Pegawai.id.in_(ids)).order_by(Pegawai.nama).tuples()]


def _keadaan(nilai, petugas):
    return {"nama": nilai["nama"], "standar_menit": nilai["standar_menit"], "aktif": nilai["aktif"],
            "petugas": ", ".join(_nama_petugas(petugas))}


def simpan_layanan(aktor, unit, data, layanan=None, versi=None):
    """Create (layanan=None) or edit a service of `unit`: nama, standar_menit,
    aktif and `petugas` (pegawai ids). Raises Galat or Konflik; one transaction."""
    nilai, petugas = _periksa(unit, data, layanan)
    with database.atomic():
        if layanan is None:
            layanan = Layanan.create(unit=unit.id, **nilai)
            lama, sebelum = [], None
        else:
            lama = petugas_dari(layanan)
            sebelum = _keadaan({k: getattr(layanan, k) for k in nilai}, lama)
            update_berversi(layanan, versi, **nilai)
        hapus = [p for p in lama if p not in petugas]
        if hapus:
            PetugasLayanan.delete().where((PetugasLayanan.layanan == layanan.id)
                                          & PetugasLayanan.pegawai.in_(hapus)).execute()
        baru = [{"layanan": layanan.id, "pegawai": p} for p in petugas if p not in lama]
        if baru:
            PetugasLayanan.insert_many(baru).execute()
        catat(aktor, layanan, "dibuat" if sebelum is None else "diubah", sebelum, _keadaan(nilai, petugas))
    return layanan
