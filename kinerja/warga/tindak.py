"""Acting on what citizens sent: the unit answers a complaint (diterima ->
ditindaklanjuti -> selesai, rules.warga.periksa_langkah_pengaduan), and an
admin voids a survey response or a complaint with a reason (abuse, e.g. a
complaint made up against a pegawai with a slip's code): it is kept, counts
nowhere, and a voided complaint is answered no more.

The first answer sets `dijawab_pada`, closing sets `selesai_pada`: the
unit's answer times are measured from them. Both changes are in the history
of their object.
"""
from peewee import JOIN, Case

from ..db import database
from ..inti import Galat, Terkunci, pesan_panjang, update_berversi
from ..jam import sekarang
from ..models import Pegawai
from ..riwayat import catat
from ..rules import warga as aturan
from .models import CatatanLayanan, Layanan, Pengaduan, ResponSurvei

MAKS_ALASAN_BATAL = 500
PENGADUAN_BATAL = "Pengaduan ini sudah dibatalkan."


def batalkan_respon(aktor, respon, alasan):
    """Void a survey response with a reason. Raises Galat (no reason, too
    long) or Terkunci (voided already, also by someone else meanwhile)."""
    if respon.dibatalkan_pada is not None:
        raise Terkunci("Respons ini sudah dibatalkan sebelumnya.")
    alasan = _alasan_batal(alasan)
    kini = sekarang()
    with database.atomic():
        n = (ResponSurvei.update(dibatalkan_pada=kini, dibatalkan_oleh=aktor.id, alasan_batal=alasan)
             .where((ResponSurvei.id == respon.id) & ResponSurvei.dibatalkan_pada.is_null()).execute())
        if n != 1:
            raise Terkunci("Respons ini sudah dibatalkan sebelumnya.")
        respon.dibatalkan_pada, respon.dibatalkan_oleh_id, respon.alasan_batal = kini, aktor.id, alasan
        catat(aktor, respon, "dibatalkan", {"status": "dihitung"}, {"status": "dibatalkan"}, alasan)
    return respon


def _alasan_batal(alasan):
    """The cleaned reason for voiding, or Galat."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise Galat({"alasan": "Alasan pembatalan wajib diisi."})
    if pesan := pesan_panjang("Alasan", alasan, MAKS_ALASAN_BATAL):
        raise Galat({"alasan": pesan})
    return alasan


def batalkan_pengaduan(aktor, aduan, alasan):
    """Void a complaint with a reason: kept, shown as voided, counted nowhere
    and answered no more. Raises Galat (no reason, too long) or Terkunci
    (voided already, also by someone else meanwhile)."""
    if aduan.dibatalkan_pada is not None:
        raise Terkunci(PENGADUAN_BATAL)
    alasan = _alasan_batal(alasan)
    kini = sekarang()
    with database.atomic():
        n = (Pengaduan.update(dibatalkan_pada=kini, dibatalkan_oleh=aktor.id, alasan_batal=alasan,
                              version=Pengaduan.version + 1)
             .where((Pengaduan.id == aduan.id) & Pengaduan.dibatalkan_pada.is_null()).execute())
        if n != 1:
            raise Terkunci(PENGADUAN_BATAL)
        aduan.dibatalkan_pada, aduan.dibatalkan_oleh_id, aduan.alasan_batal = kini, aktor.id, alasan
        aduan.version += 1
        catat(aktor, aduan, "dibatalkan", {"status": aduan.status_label}, {"status": "Dibatalkan"}, alasan)
    return aduan


def jawab_pengaduan(aktor, aduan, data, versi):
    """The unit's answer to a complaint and its next status (`status`,
    `jawaban`). Raises Terkunci (closed or voided), RuleError (a step not
    allowed), Galat or Konflik (changed since the form was opened, voiding
    included)."""
    if aduan.dibatalkan_pada is not None:
        raise Terkunci(PENGADUAN_BATAL)
    if aduan.status == "selesai":
        raise Terkunci("Pengaduan ini sudah selesai.")
    ke = data.get("status") or ""
    jawaban = (data.get("jawaban") or "").strip()
    galat = {}
    if ke not in aturan.STATUS_PENGADUAN or ke == "diterima":
        galat["status"] = "Pilih status: ditindaklanjuti atau selesai."
    if not jawaban:
        galat["jawaban"] = "Jawaban untuk warga wajib diisi."
    elif pesan := pesan_panjang("Jawaban", jawaban, aturan.MAKS_ADUAN):
        galat["jawaban"] = pesan
    if galat:
        raise Galat(galat)
    aturan.periksa_langkah_pengaduan(aduan.status, ke)
    kini = sekarang()
    sebelum = {"status": aduan.status, "jawaban": aduan.jawaban}
    with database.atomic():
        update_berversi(aduan, versi, Pengaduan.dibatalkan_pada.is_null(), status=ke, jawaban=jawaban,
                        dijawab_pada=aduan.dijawab_pada or kini, selesai_pada=kini if ke == "selesai" else None)
        catat(aktor, aduan, "dijawab", sebelum, {"status": ke, "jawaban": jawaban})
    return aduan


def daftar_pengaduan(unit_id, status=None):
    """Query of the unit's complaints (with the named service and pegawai):
    open ones first, oldest first; `status` filters."""
    q = (Pengaduan.select(Pengaduan, Layanan.nama.alias("nama_layanan"), Pegawai.nama.alias("nama_pegawai"))
         .join(CatatanLayanan, JOIN.LEFT_OUTER, on=(Pengaduan.catatan == CatatanLayanan.id))
         .join(Layanan, JOIN.LEFT_OUTER, on=(CatatanLayanan.layanan == Layanan.id))
         .switch(Pengaduan).join(Pegawai, JOIN.LEFT_OUTER, on=(Pengaduan.pegawai == Pegawai.id))
         .where(Pengaduan.unit == unit_id))
    if status:
        q = q.where(Pengaduan.status == status)
    return q.order_by(Case(None, [(Pengaduan.status == "selesai", 1)], 0), Pengaduan.dibuat, Pengaduan.id).objects()


def respon_terbaru(unit_id, dari, sampai):
    """Query of the unit's survey responses in [dari, sampai) (with the
    service named by their code), newest first."""
    return (ResponSurvei.select(ResponSurvei, Layanan.nama.alias("nama_layanan"))
            .join(CatatanLayanan, JOIN.LEFT_OUTER, on=(ResponSurvei.catatan == CatatanLayanan.id))
            .join(Layanan, JOIN.LEFT_OUTER, on=(CatatanLayanan.layanan == Layanan.id))
            .where((ResponSurvei.unit == unit_id) & (ResponSurvei.dibuat >= dari) & (ResponSurvei.dibuat < sampai))
            .order_by(ResponSurvei.dibuat.desc(), ResponSurvei.id.desc()).objects())
