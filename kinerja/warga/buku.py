"""The service log (buku layanan): a petugas records a service given to a
citizen in a few taps, and gets a one-time code for the citizen's slip
(the code ties a survey response to this service and is spent by it).

Times are the city's wall clock (kinerja.jam), typed without a zone
(YYYY-MM-DDTHH:MM[:SS]); a value with a zone is refused, never compared
with the naive clock. A start a few minutes in the future is a phone's
clock a little ahead and is accepted. The log is kept as the day goes and
the figures of a closed quarter must not move, so a start must lie in the
current calendar quarter (rules.warga.triwulan); only in the first
MASA_SUSULAN days of a quarter may the previous quarter's last days still
be recorded, and never over MAKS_HARI days back. A record left in progress
is finished later by the same petugas.
"""
import datetime
import re

from peewee import IntegrityError, Select, fn

from ..db import database
from ..inti import Galat, Terkunci, pesan_panjang
from ..jam import sekarang
from ..kueri import KueriTetap
from ..models import Pegawai, Unit
from ..riwayat import catat
from ..rules import tanggal
from ..rules import warga as aturan
from .models import CatatanLayanan, Layanan, Pengaduan, PetugasLayanan

MAKS_HARI = 31  # the furthest back a start may be, in days
MASA_SUSULAN = 7  # the first days of a quarter in which the previous one may still be recorded
WAKTU_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$")  # no zone, no fraction
TOLERANSI = datetime.timedelta(minutes=5)  # a phone's clock a little ahead
MAKS_ALASAN = 500
COBA_KODE = 8  # 31^6 codes: a collision is rare, eight in a row never happens


def _melayani(pegawai_id):
    """Query of the active services `pegawai_id` may record now, joined to
    their unit. Being listed as petugas is not enough: the pegawai must be
    active and placed now in the service's unit or below it (a mutasi or a
    deactivation ends the right to record the old unit's services)."""
    Tempat = Unit.alias()
    return (Layanan.select(Layanan, Unit).join(Unit).switch(Layanan).join(PetugasLayanan)
            .join(Pegawai, on=(PetugasLayanan.pegawai == Pegawai.id))
            .join(Tempat, on=(Pegawai.unit == Tempat.id))
            .where((PetugasLayanan.pegawai == pegawai_id) & (Layanan.aktif == True)  # noqa: E712
                   & (Pegawai.aktif == True)  # noqa: E712
                   & (fn.SUBSTR(Tempat.path, 1, fn.LENGTH(Unit.path)) == Unit.path)))


def layanan_saya(pegawai_id):
    """The active services this pegawai may record now, with their unit (one query, see _melayani)."""
    return list(_melayani(pegawai_id).order_by(Layanan.nama, Layanan.id))


def _kueri_beranda(pegawai_id, unit_id):
    aktif = Layanan.aktif == True  # noqa: E712
    melayani_q = _melayani(pegawai_id).select(Layanan.id)
    unit_q = Layanan.select(Layanan.id).where((Layanan.unit == unit_id) & aktif)
    aduan_q = Pengaduan.select(fn.COUNT(Pengaduan.id)).where(
        (Pengaduan.unit == unit_id) & (Pengaduan.status == "diterima") & Pengaduan.dibatalkan_pada.is_null())
    return Select(columns=[fn.EXISTS(melayani_q), fn.EXISTS(unit_q), aduan_q])


# Every home page asks this: its SQL built once (kueri.KueriTetap).
_BERANDA = KueriTetap(_kueri_beranda, int, int)


def tautan_beranda(pegawai_id, unit_dipimpin=None):
    """(serves an active service, the unit they head has an active service,
    complaints to that unit not answered yet): the home page's suara warga
    links and the head's reminder, in one query (two EXISTS and a COUNT; a
    unit id of 0, no unit's, when they head none). Time to the first answer
    is measured, so the head sees what waits."""
    a, b, n = _BERANDA.mentah(pegawai_id, unit_dipimpin or 0)[0]
    return bool(a), bool(b), int(n or 0)


def urai_waktu(teks):
    """A datetime-local value ("2026-11-28T09:30") as a naive datetime, or None
    when empty; ValueError when it is not one."""
    teks = (teks or "").strip()
    if not teks:
        return None
    if not WAKTU_RE.match(teks):  # a zone ("Z", "+07:00") would meet the naive clock: TypeError
        raise ValueError(teks)
    return datetime.datetime.fromisoformat(teks.replace(" ", "T")).replace(second=0, microsecond=0)


def _waktu(data, kunci, label, galat):
    try:
        return urai_waktu(data.get(kunci))
    except ValueError:
        galat[kunci] = f"{label} tidak valid. Pilih tanggal dan jam, misalnya 2026-11-28 09.30."
        return None


def _hasil(data, galat):
    hasil = data.get("hasil") or ""
    alasan = (data.get("alasan") or "").strip()
    if hasil not in aturan.HASIL_LAYANAN:
        galat["hasil"] = "Pilih hasil layanan: selesai, ditolak, atau dirujuk."
    elif hasil == "ditolak" and not alasan:
        galat["alasan"] = "Tulis alasan layanan ditolak."
    elif hasil == "dirujuk" and not alasan:
        galat["alasan"] = "Tulis ke mana warga dirujuk."
    elif pesan := pesan_panjang("Alasan", alasan, MAKS_ALASAN):
        galat["alasan"] = pesan
    return hasil, (alasan if hasil in ("ditolak", "dirujuk") else "")


def _selesai(data, mulai, kini, galat):
    """The finishing time: now when finished on the spot, else the typed one (or None: in progress)."""
    if data.get("selesai_di_tempat"):
        return max(kini, mulai) if mulai else kini
    selesai = _waktu(data, "selesai", "Waktu selesai", galat)
    if selesai is None:
        return None
    if selesai > kini + TOLERANSI:
        galat["selesai"] = "Waktu selesai tidak boleh di masa depan."
    elif mulai is not None and selesai < mulai:
        galat["selesai"] = "Waktu selesai tidak boleh sebelum waktu mulai."
    return selesai


def awal_boleh(kini):
    """The earliest start that may be recorded at `kini`: the first day of
    the current quarter, or in its first MASA_SUSULAN days the start of the
    previous one, and never over MAKS_HARI days back."""
    awal = aturan.triwulan(kini.date())[0]
    if (kini.date() - awal).days < MASA_SUSULAN:
        awal = aturan.triwulan(kini.date(), 1)[0]
    return max(datetime.datetime.combine(awal, datetime.time.min), kini - datetime.timedelta(days=MAKS_HARI))


def _pesan_mundur(mulai, kini):
    """The message for a start too far back, or None."""
    if mulai >= awal_boleh(kini):
        return None
    awal_tw = aturan.triwulan(kini.date())[0]
    if mulai.date() < awal_tw and (kini.date() - awal_tw).days >= MASA_SUSULAN:
        return (f"Waktu mulai harus dalam {aturan.triwulan(kini.date())[2]}: angka triwulan yang sudah "
                f"ditutup tidak diubah lagi (susulan hanya {MASA_SUSULAN} hari pertama triwulan).")
    return f"Waktu mulai paling lama {MAKS_HARI} hari yang lalu."


def periksa_catatan(pegawai_id, data, kini):
    """The values of a new record from `data` (strings from the form and
    `selesai_di_tempat` a bool), or Galat with every message."""
    galat = {}
    layanan = {x.id: x for x in layanan_saya(pegawai_id)}.get(data.get("layanan"))
    if layanan is None:
        galat["layanan"] = "Pilih layanan yang Anda layani."
    mulai = _waktu(data, "mulai", "Waktu mulai", galat)
    if mulai is None and "mulai" not in galat:
        galat["mulai"] = "Waktu mulai wajib diisi."
    elif mulai is not None and mulai > kini + TOLERANSI:
        galat["mulai"] = "Waktu mulai tidak boleh di masa depan."
    elif mulai is not None and (pesan := _pesan_mundur(mulai, kini)):
        galat["mulai"] = pesan
    selesai = _selesai(data, mulai, kini, galat)
    hasil, alasan = _hasil(data, galat)
    if galat:
        raise Galat(galat)
    return {"layanan": layanan.id, "unit": layanan.unit_id, "standar_menit": layanan.standar_menit,
            "mulai": mulai, "selesai": selesai, "hasil": hasil, "alasan": alasan}


def _keadaan(c):
    return {"layanan": c.layanan_id, "mulai": c.mulai, "selesai": c.selesai, "hasil": c.hasil,
            "alasan": c.alasan}


def catat_layanan(aktor, data):
    """Record a service given by `aktor` (see periksa_catatan) with a fresh
    unique code; returns the CatatanLayanan. Raises Galat."""
    nilai = periksa_catatan(aktor.id, data, sekarang())
    with database.atomic():
        for _ in range(COBA_KODE):
            try:
                with database.atomic():  # a savepoint: a colliding code is retried, nothing else undone
                    c = CatatanLayanan.create(pegawai=aktor.id, kode=aturan.buat_kode(), **nilai)
                break
            except IntegrityError:
                continue
        else:
            raise RuntimeError("tidak ada kode layanan yang bebas")
        catat(aktor, c, "dicatat", None, _keadaan(c))
    return c


def selesaikan(aktor, catatan, data):
    """Finish a record left in progress: its finishing time (or now, on the
    spot), outcome and reason. Raises Galat, or Terkunci when it was finished
    already (also by another tab meanwhile)."""
    if catatan.selesai is not None:
        raise Terkunci("Layanan ini sudah tercatat selesai.")
    kini, galat = sekarang(), {}
    selesai = _selesai(data, catatan.mulai, kini, galat)
    if (selesai is not None and not data.get("selesai_di_tempat") and selesai < awal_boleh(kini)
            and "selesai" not in galat):
        # A service begun in a period that is closed now: its finishing time
        # is the true one (now), never a typed time inside that period, whose
        # figures were already used.
        galat["selesai"] = (f"Layanan ini dimulai pada periode yang sudah ditutup: selesaikan dengan "
                            f"\"selesai sekarang\", bukan waktu sebelum {tanggal(awal_boleh(kini).date())}.")
    if selesai is None and "selesai" not in galat:
        galat["selesai"] = "Isi waktu selesai, atau centang selesai sekarang."
    hasil, alasan = _hasil(data, galat)
    if galat:
        raise Galat(galat)
    sebelum = _keadaan(catatan)
    with database.atomic():
        n = (CatatanLayanan.update(selesai=selesai, hasil=hasil, alasan=alasan)
             .where((CatatanLayanan.id == catatan.id) & CatatanLayanan.selesai.is_null()).execute())
        if n != 1:
            raise Terkunci("Layanan ini sudah tercatat selesai.")
        catatan.selesai, catatan.hasil, catatan.alasan = selesai, hasil, alasan
        catat(aktor, catatan, "diselesaikan", sebelum, _keadaan(catatan))
    return catatan


def catatan_saya(pegawai_id, dari=None, sampai=None):
    """Query of the pegawai's records (with the service), newest first, in the dates dari..sampai."""
    q = (CatatanLayanan.select(CatatanLayanan, Layanan).join(Layanan)
         .where(CatatanLayanan.pegawai == pegawai_id))
    if dari is not None:
        q = q.where(CatatanLayanan.mulai >= datetime.datetime.combine(dari, datetime.time.min))
    if sampai is not None:
        q = q.where(CatatanLayanan.mulai < datetime.datetime.combine(sampai + datetime.timedelta(days=1),
                                                                     datetime.time.min))
    return q.order_by(CatatanLayanan.mulai.desc(), CatatanLayanan.id.desc())


def per_layanan(unit_id, awal, akhir):
    """Each service of the unit with its figures in awal..akhir: [(Layanan,
    LayananUnit)] for every service (none recorded: zeros). Two queries."""
    from .ukuran import LayananUnit, rentang
    dari, sampai = rentang(awal, akhir)
    semua = list(Layanan.select().where(Layanan.unit == unit_id).order_by(Layanan.aktif.desc(), Layanan.nama))
    baris = {}
    for lid, mulai, selesai, std in (CatatanLayanan.select(CatatanLayanan.layanan, CatatanLayanan.mulai,
                                                           CatatanLayanan.selesai, CatatanLayanan.standar_menit)
                                .where((CatatanLayanan.unit == unit_id) & (CatatanLayanan.mulai >= dari)
                                       & (CatatanLayanan.mulai < sampai)).tuples()):
        baris.setdefault(lid, []).append((mulai, selesai, std))
    keluar = []
    for x in semua:
        # Each record against the standard it was given under (stored on it).
        selesai = [(max(0, (s - m).total_seconds() / 60), std) for m, s, std in baris.get(x.id, []) if s is not None]
        menit = [m for m, _ in selesai]
        keluar.append((x, LayananUnit(len(baris.get(x.id, [])), len(menit), aturan.median(menit),
                                      sum(1 for m, std in selesai if m <= std), x.standar_menit)))
    return keluar
