"""The figures of citizens' voice, read from the database: a unit's SKM
(NRR per unsur, IKM, mutu), its services against the standard time, its
complaints' answer times, a pegawai's own service figures, the proposal for
an IKI tied to a service measure, and the citizen feedback on one pegawai
for the penilai.

Every figure carries how many rows it rests on. Responses that are flagged
(sent from a staff device's address) or voided by an admin count nowhere;
they are counted apart so the unit sees them. Periods are date ranges
[awal, akhir] of the city's calendar (stored times are the city's wall clock).
Each function runs a fixed number of queries, whatever the volume.
"""
import datetime
from decimal import Decimal
from typing import NamedTuple

from peewee import Case, fn

from ..kueri import KueriTetap
from ..rules import warga as aturan
from .models import CatatanLayanan, Pengaduan, ResponSurvei


class Skm(NamedTuple):
    """The SKM of one group of responses: `responden` counted, `nrr` per
    unsur (Decimal or None), `ikm` (Decimal or None), `mutu` ("B", "Baik")
    or None, `cukup` when at least MIN_RESPONDEN responses back it."""
    responden: int
    nrr: tuple
    ikm: Decimal | None
    mutu: tuple | None

    @property
    def cukup(self):
        return self.responden >= aturan.MIN_RESPONDEN


def skm_dari_jumlah(responden, jumlah):
    """An Skm from the count and the nine sums of answers."""
    jumlah = [int(j or 0) for j in jumlah]
    nilai = aturan.ikm(jumlah, responden)
    return Skm(responden, tuple(aturan.nrr(j, responden) for j in jumlah), nilai, aturan.mutu(nilai))


class SkmUnit(NamedTuple):
    """A unit's SKM in a period: all counted responses, and apart the ones
    tied to a service code and the ones without; flagged and voided counts."""
    semua: Skm
    berkode: Skm
    tanpa_kode: Skm
    ditandai: int
    dibatalkan: int


def rentang(awal, akhir):
    """The stored-time bounds [from, to) of the dates awal..akhir."""
    return (datetime.datetime.combine(awal, datetime.time.min),
            datetime.datetime.combine(akhir + datetime.timedelta(days=1), datetime.time.min))


def _dihitung():
    return (ResponSurvei.ditandai == False) & ResponSurvei.dibatalkan_pada.is_null()  # noqa: E712


def _aduan_dihitung():
    return (Pengaduan.ditandai == False) & Pengaduan.dibatalkan_pada.is_null()  # noqa: E712


def skm_unit(unit_id, awal, akhir):
    """SkmUnit of the unit (its own responses, not its sub-units') for awal..akhir (2 queries)."""
    dari, sampai = rentang(awal, akhir)
    dalam = (ResponSurvei.unit == unit_id) & (ResponSurvei.dibuat >= dari) & (ResponSurvei.dibuat < sampai)
    # Grouped by a parameter-free expression: PostgreSQL refuses a GROUP BY
    # whose CASE literals are bound as parameters ($1 in SELECT, $5 in GROUP BY).
    tanpa_kode = ResponSurvei.catatan.is_null()
    kolom = [getattr(ResponSurvei, k) for k in aturan.KOLOM_UNSUR]
    grup = {bool(r[0]): r[1:] for r in (
        ResponSurvei.select(tanpa_kode, fn.COUNT(ResponSurvei.id), *[fn.SUM(k) for k in kolom])
        .where(dalam & _dihitung()).group_by(tanpa_kode).tuples())}
    kosong = (0,) + (0,) * len(kolom)
    b, t = grup.get(False, kosong), grup.get(True, kosong)
    semua = skm_dari_jumlah(b[0] + t[0], [int(x or 0) + int(y or 0) for x, y in zip(b[1:], t[1:])])
    ditandai, dibatalkan = (ResponSurvei.select(
        fn.COALESCE(fn.SUM(Case(None, [(ResponSurvei.ditandai == True, 1)], 0)), 0),  # noqa: E712
        fn.COALESCE(fn.SUM(Case(None, [(ResponSurvei.dibatalkan_pada.is_null(False), 1)], 0)), 0))
        .where(dalam).tuples().get())
    return SkmUnit(semua, skm_dari_jumlah(b[0], b[1:]), skm_dari_jumlah(t[0], t[1:]),
                   int(ditandai), int(dibatalkan))


class LayananUnit(NamedTuple):
    """Services in a period: how many, how many finished, the finished ones'
    median minutes, and how many finished within their standard time."""
    jumlah: int
    selesai: int
    median_menit: float | None
    tepat_waktu: int
    median_standar: float | None

    @property
    def persen_tepat_waktu(self):
        """% of the finished services done within the standard (2 decimals), or None."""
        return aturan.bulat2(Decimal(100 * self.tepat_waktu) / self.selesai) if self.selesai else None


def _layanan(syarat, awal, akhir):
    dari, sampai = rentang(awal, akhir)
    # Each record against the standard it was given under (stored on it).
    baris = list(CatatanLayanan.select(CatatanLayanan.mulai, CatatanLayanan.selesai, CatatanLayanan.standar_menit)
                 .where(syarat & (CatatanLayanan.mulai >= dari) & (CatatanLayanan.mulai < sampai))
                 .tuples())
    menit, standar, tepat = [], [], 0
    for mulai, selesai, std in baris:
        standar.append(std)
        if selesai is not None:
            m = max(0, (selesai - mulai).total_seconds() / 60)
            menit.append(m)
            tepat += m <= std
    return LayananUnit(len(baris), len(menit), aturan.median(menit), tepat, aturan.median(standar))


def layanan_unit(unit_id, awal, akhir):
    """LayananUnit of the unit's service log for awal..akhir (1 query)."""
    return _layanan(CatatanLayanan.unit == unit_id, awal, akhir)


def layanan_pegawai(pegawai_id, awal, akhir):
    """LayananUnit of the services this pegawai recorded in awal..akhir (1 query)."""
    return _layanan(CatatanLayanan.pegawai == pegawai_id, awal, akhir)


class PengaduanUnit(NamedTuple):
    """Complaints received in a period: received, closed, closed within
    `hari` days of receipt, median hours to the first answer and to closing."""
    diterima: int
    selesai: int
    tuntas_tepat: int
    median_jam_jawab: float | None
    median_jam_selesai: float | None
    hari: int
    dijawab: int = 0  # how many the median time to the first answer rests on

    @property
    def persen_tuntas(self):
        """% of the received complaints closed within `hari` days, or None."""
        return aturan.bulat2(Decimal(100 * self.tuntas_tepat) / self.diterima) if self.diterima else None


def _baris_pengaduan(unit_id, awal, akhir):
    """(received, first answered, closed) times of the unit's complaints
    received in awal..akhir, flagged and voided ones left out (1 query)."""
    dari, sampai = rentang(awal, akhir)
    return list(Pengaduan.select(Pengaduan.dibuat, Pengaduan.dijawab_pada, Pengaduan.selesai_pada)
                .where((Pengaduan.unit == unit_id) & (Pengaduan.dibuat >= dari) & (Pengaduan.dibuat < sampai)
                       & _aduan_dihitung()).tuples())


def _ringkas_pengaduan(baris, hari):
    jam = lambda a, b: (b - a).total_seconds() / 3600  # noqa: E731
    jawab = [jam(d, j) for d, j, _ in baris if j is not None]
    tutup = [jam(d, s) for d, _, s in baris if s is not None]
    return PengaduanUnit(len(baris), len(tutup), sum(1 for t in tutup if t <= 24 * hari),
                         aturan.median(jawab), aturan.median(tutup), hari, len(jawab))


def pengaduan_unit(unit_id, awal, akhir, hari=5):
    """PengaduanUnit of the complaints the unit received in awal..akhir (1 query).
    Flagged complaints (sent from a staff device's address) and voided ones are left out."""
    return _ringkas_pengaduan(_baris_pengaduan(unit_id, awal, akhir), hari)


def _skm_dihitung(unit_id, awal, akhir):
    """Skm of the unit's counted responses in awal..akhir (1 query)."""
    dari, sampai = rentang(awal, akhir)
    kolom = [getattr(ResponSurvei, k) for k in aturan.KOLOM_UNSUR]
    n, *jumlah = (ResponSurvei.select(fn.COUNT(ResponSurvei.id), *[fn.SUM(k) for k in kolom])
                  .where((ResponSurvei.unit == unit_id) & (ResponSurvei.dibuat >= dari)
                         & (ResponSurvei.dibuat < sampai) & _dihitung()).tuples().get())
    return skm_dari_jumlah(int(n or 0), jumlah)


# Measures read from the pegawai's own service log; the others are the unit's.
UKURAN_PEGAWAI = ("jumlah_layanan", "persen_tepat_waktu")


def _usulan(ukuran, hari, log, skm, aduan):
    """(Decimal or None, what it rests on) of one measure from the data read once."""
    if ukuran == "jumlah_layanan":
        if not log.jumlah:
            return None, "belum ada layanan tercatat"
        return Decimal(log.jumlah), f"{log.jumlah} layanan tercatat"
    if ukuran == "persen_tepat_waktu":
        if not log.selesai:
            return None, "belum ada layanan yang selesai"
        return log.persen_tepat_waktu, f"{log.tepat_waktu} dari {log.selesai} layanan selesai"
    if ukuran == "ikm_unit":
        if not skm.responden:
            return None, "belum ada responden survei"
        return skm.ikm, f"{skm.responden} responden survei"
    data = _ringkas_pengaduan(aduan, hari or 5)
    if not data.diterima:
        return None, "belum ada pengaduan"
    return data.persen_tuntas, f"{data.tuntas_tepat} dari {data.diterima} pengaduan selesai dalam {data.hari} hari"


def usulan_banyak(kunci, pegawai_id, unit_id, awal, akhir):
    """{(ukuran, hari): (Decimal or None, what it rests on)} for every
    (ukuran, hari) in `kunci`, the figures proposed for IKI tied to service
    measures in awal..akhir. Each source is read once whatever the number of
    IKI or of different N: at most 3 queries (the pegawai's log, the unit's
    responses, the unit's complaints), none for an empty `kunci`. None when
    there is nothing to count yet (no service, no response, no complaint)."""
    kunci = set(kunci)
    jenis = {u for u, _ in kunci}
    if jenis - set(aturan.UKURAN_LAYANAN):
        raise ValueError(f"ukuran layanan tidak dikenal: {sorted(jenis - set(aturan.UKURAN_LAYANAN))}")
    log = layanan_pegawai(pegawai_id, awal, akhir) if jenis & set(UKURAN_PEGAWAI) else None
    skm = _skm_dihitung(unit_id, awal, akhir) if "ikm_unit" in jenis else None
    aduan = _baris_pengaduan(unit_id, awal, akhir) if "pengaduan_tuntas" in jenis else None
    return {(u, h): _usulan(u, h, log, skm, aduan) for u, h in kunci}


def usulan_iki(ukuran, hari, pegawai_id, unit_id, awal, akhir):
    """The figure proposed for an IKI tied to service measure `ukuran` in
    awal..akhir: (Decimal or None, what it rests on, for the person to read).
    None when there is nothing to count yet (e.g. no finished service)."""
    return usulan_banyak({(ukuran, hari)}, pegawai_id, unit_id, awal, akhir)[(ukuran, hari)]


class UmpanWarga(NamedTuple):
    """Citizen feedback tied to one pegawai in a period, for the penilai:
    the SKM restricted to the pegawai's coded services (the two pelaksana
    unsur are what matters), the comments, and the complaints about a
    service of theirs as text and outcome only (never the contact)."""
    skm: Skm
    komentar: list
    pengaduan: list


def _respon_pegawai(pegawai_id, dari, sampai):
    return ((ResponSurvei.pegawai == pegawai_id) & (ResponSurvei.dibuat >= dari)
            & (ResponSurvei.dibuat < sampai) & _dihitung())


# The rating page reads these on every visit: their SQL is built once (kueri.KueriTetap).
_JUMLAH_RESPON = KueriTetap(lambda pegawai_id, dari, sampai: ResponSurvei.select(
    fn.COUNT(ResponSurvei.id), *[fn.SUM(getattr(ResponSurvei, k)) for k in aturan.KOLOM_UNSUR])
    .where(_respon_pegawai(pegawai_id, dari, sampai)).tuples(), int, datetime.datetime, datetime.datetime)
_KOMENTAR = KueriTetap(lambda pegawai_id, dari, sampai, batas: ResponSurvei.select(ResponSurvei.komentar)
                       .where(_respon_pegawai(pegawai_id, dari, sampai) & (ResponSurvei.komentar != ""))
                       .order_by(ResponSurvei.dibuat.desc()).limit(batas).tuples(),
                       int, datetime.datetime, datetime.datetime, int)
_ADUAN = KueriTetap(lambda pegawai_id, dari, sampai, batas: Pengaduan.select(
    Pengaduan.isi, Pengaduan.status, Pengaduan.jawaban, Pengaduan.dibuat)
    .where((Pengaduan.pegawai == pegawai_id) & (Pengaduan.dibuat >= dari) & (Pengaduan.dibuat < sampai)
           & _aduan_dihitung())
    .order_by(Pengaduan.dibuat.desc()).limit(batas).dicts(), int, datetime.datetime, datetime.datetime, int)


def umpan_warga(pegawai_id, awal, akhir, batas=20):
    """UmpanWarga of `pegawai_id` for awal..akhir (3 queries): only responses
    and complaints tied to their own service records, counted ones only."""
    dari, sampai = rentang(awal, akhir)
    n, *jumlah = _JUMLAH_RESPON.satu(pegawai_id, dari, sampai)
    komentar = [r[0] for r in _KOMENTAR.semua(pegawai_id, dari, sampai, batas)]
    aduan = _ADUAN.semua(pegawai_id, dari, sampai, batas)
    for a in aduan:
        a["status_label"] = aturan.STATUS_PENGADUAN.get(a["status"], a["status"])
    return UmpanWarga(skm_dari_jumlah(int(n or 0), jumlah), komentar, aduan)
