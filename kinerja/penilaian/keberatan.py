"""Keberatan: the pegawai's objection to a final annual result and the
decision of the atasan pejabat penilai.

Filed once per evaluation, by the pegawai who owns the SKP, within 14 days
of the final annual result (rules.periksa_waktu_keberatan), to the atasan
pejabat penilai snapshotted on the SKP. Only that person decides: result
kept, or changed with new ratings whose predikat is derived by the matrix.
The decision is final. Old and new ratings are kept on the objection; a
changed result updates the evaluation in the same transaction, so every
page and print uses the decided result. A closed periode is read-only.

A hearing, not one tap: the SKP's pejabat penilai is told (Tugas saya) and
writes a response (tanggapan), which they may correct until the decision;
the decider reads both sides and the year's realisasi and evidence, may
preview the predikat of new ratings (`pratinjau_predikat`), and confirms
having read the response and the evidence (`yakin`) before a decision is
written. A missing response does not block the decision: a penilai who
never answers must not hold the pegawai's objection hostage; the decider's
page says plainly that no response was written. The pegawai sees the
response and the decision.
"""
from peewee import JOIN, IntegrityError

from ..db import database
from ..inti import Galat, Terkunci, teks_isian, update_berversi
from ..jam import hari_ini, sekarang
from ..kueri import KueriTetap
from ..models import Pegawai, Periode
from ..riwayat import catat
from ..rules import PREDIKAT, RATING, RuleError, batas_keberatan, periksa_waktu_keberatan, predikat, tanggal
from ..skp.models import Iki, Rhk, Skp
from .layanan import daftar_periode
from .models import Berkas, Bukti, Evaluasi, Keberatan, Realisasi

KEPUTUSAN = {"tetap": "Hasil tetap", "diubah": "Hasil diubah"}
STATUS_KEBERATAN = {"diajukan": "Menunggu keputusan", "diputuskan": "Sudah diputus"}
MAKS_ALASAN = 4000
KONFIRMASI = "Saya sudah membaca tanggapan dan bukti"


def batas_pengajuan(ev):
    """The last day to file against a final annual evaluation, else None."""
    if not ev.akhir or ev.status != "dinilai" or ev.final_pada is None:
        return None
    return batas_keberatan(ev.final_pada.date())


def pastikan_bisa_ajukan(aktor, skp, ev):
    """Raise unless `aktor` may file an objection against `ev` today."""
    if skp.pegawai_id != aktor.id:
        raise RuleError("Hanya pegawai pemilik SKP yang bisa mengajukan keberatan atas penilaiannya.")
    if not ev.akhir:
        raise RuleError("Keberatan hanya bisa diajukan atas penilaian akhir tahunan (periode Akhir), "
                        "bukan atas penilaian periodik.")
    if ev.status != "dinilai":
        raise RuleError("Penilaian akhir tahunan belum final. Keberatan bisa diajukan setelah "
                        "pejabat penilai memfinalkannya.")
    ada = Keberatan.get_or_none(Keberatan.evaluasi == ev.id)
    if ada is not None:
        raise Terkunci(f"Keberatan atas penilaian ini sudah diajukan pada {tanggal(ada.diajukan_pada)}; "
                       "setiap penilaian hanya bisa diajukan keberatan satu kali.")
    batas = periksa_waktu_keberatan(ev.final_pada.date(), hari_ini())
    if skp.atasan_penilai_id is None or skp.atasan_penilai_id in (skp.pegawai_id, skp.penilai_id):
        raise RuleError("SKP ini tidak mencatat atasan pejabat penilai (yang memutus keberatan), sehingga "
                        "keberatan belum bisa diajukan di aplikasi. Hubungi admin kepegawaian unit Anda "
                        f"untuk melengkapi atasan pejabat penilai pada SKP; batas pengajuan keberatan {tanggal(batas)}.")
    return batas


def ajukan_keberatan(aktor, skp, ev, alasan):
    """The pegawai files the objection with reasons (required, length-limited)."""
    pastikan_bisa_ajukan(aktor, skp, ev)
    galat = {}
    alasan = teks_isian({"alasan": alasan}, "alasan", "Alasan keberatan", galat, wajib=True, maks=MAKS_ALASAN)
    if galat:
        raise Galat(galat)
    try:
        with database.atomic():
            kb = Keberatan.create(evaluasi=ev, alasan=alasan, diajukan_pada=sekarang(),
                                  rating_hasil_lama=ev.rating_hasil, rating_perilaku_lama=ev.rating_perilaku,
                                  predikat_lama=ev.predikat)
            catat(aktor, skp, "Keberatan atas penilaian akhir diajukan", None,
                  {"keberatan": "diajukan", "predikat": PREDIKAT.get(ev.predikat)}, alasan)
    except IntegrityError:  # filed by a concurrent request
        raise Terkunci("Keberatan atas penilaian ini sudah diajukan; setiap penilaian hanya bisa "
                       "diajukan keberatan satu kali.") from None
    return kb


def pastikan_pemutus(aktor, skp):
    """Only the atasan pejabat penilai of the SKP decides (never the penilai or the pegawai)."""
    if skp.atasan_penilai_id != aktor.id or aktor.id in (skp.pegawai_id, skp.penilai_id):
        raise RuleError("Hanya atasan pejabat penilai pada SKP ini yang memutus keberatan.")


def pastikan_penanggap(aktor, skp):
    """Only the SKP's pejabat penilai responds (never the pegawai or the decider)."""
    if skp.penilai_id != aktor.id or aktor.id in (skp.pegawai_id, skp.atasan_penilai_id):
        raise RuleError("Hanya pejabat penilai pada SKP ini yang memberi tanggapan atas keberatan.")


def tanggapi_keberatan(aktor, skp, kb, teks, versi):
    """The penilai writes (or corrects) their response to an objection still
    waiting for the decision; only the response and its time change."""
    pastikan_penanggap(aktor, skp)
    if kb.status != "diajukan":
        raise Terkunci("Keberatan ini sudah diputus; tanggapan tidak bisa diubah lagi.")
    galat = {}
    teks = teks_isian({"tanggapan_penilai": teks}, "tanggapan_penilai", "Tanggapan", galat, wajib=True,
                      maks=MAKS_ALASAN)
    if galat:
        raise Galat(galat)
    lama = kb.tanggapan_penilai
    with database.atomic():
        update_berversi(kb, versi, syarat=(Keberatan.status == "diajukan"),
                        tanggapan_penilai=teks, tanggapan_pada=sekarang())
        catat(aktor, skp, "Tanggapan atas keberatan " + ("diubah" if lama else "ditulis"),
              {"tanggapan": lama or None}, {"tanggapan": teks})
    return kb


def pratinjau_predikat(rating_hasil, rating_perilaku):
    """The predikat label two chosen ratings give (MATRIKS_PREDIKAT), or None
    while either is missing or unknown; nothing is stored."""
    if rating_hasil in RATING and rating_perilaku in RATING:
        return PREDIKAT[predikat(rating_hasil, rating_perilaku)]
    return None


def _ringkas(rating_hasil, rating_perilaku, kode_predikat):
    return {"rating hasil kerja": RATING.get(rating_hasil), "rating perilaku": RATING.get(rating_perilaku),
            "predikat": PREDIKAT.get(kode_predikat)}


def _periksa_putusan(ev, data):
    """(keputusan, reason, old, new) from the decision form, else Galat."""
    errors = {}
    keputusan = data.get("keputusan")
    if keputusan not in KEPUTUSAN:
        errors["keputusan"] = "Pilih hasil tetap atau hasil diubah."
    alasan = teks_isian(data, "alasan_keputusan", "Alasan keputusan", errors, wajib=True, maks=MAKS_ALASAN)
    lama = (ev.rating_hasil, ev.rating_perilaku, ev.predikat)
    baru = lama
    if keputusan == "diubah":
        rating = (data.get("rating_hasil"), data.get("rating_perilaku"))
        for key, nilai in zip(("rating_hasil", "rating_perilaku"), rating):
            if nilai not in RATING:
                errors[key] = "Pilih rating baru: di atas, sesuai, atau di bawah ekspektasi."
        if not errors and rating == lama[:2]:
            errors["rating_hasil"] = ("Rating baru sama dengan hasil semula. Pilih \u201cHasil tetap\u201d "
                                      "bila hasil tidak berubah.")
        if not errors:
            baru = (rating[0], rating[1], predikat(*rating))
    if not errors and not data.get("yakin"):
        errors["yakin"] = (f"Centang \u201c{KONFIRMASI}\u201d sebelum menyimpan keputusan; "
                           "keputusan ini final.")
    if errors:
        raise Galat(errors)
    return keputusan, alasan, lama, baru


def putuskan_keberatan(aktor, skp, ev, kb, data, versi):
    """Decide: keputusan "tetap", or "diubah" with rating_hasil and
    rating_perilaku (the predikat is derived); alasan_keputusan required, and
    `yakin` (the decider has read the response and the evidence)."""
    pastikan_pemutus(aktor, skp)
    if kb.status == "diputuskan":
        raise Terkunci(f"Keberatan ini sudah diputus pada {tanggal(kb.diputuskan_pada)}; "
                       "keputusan atasan pejabat penilai bersifat final.")
    keputusan, alasan, lama, baru = _periksa_putusan(ev, data)
    with database.atomic():
        update_berversi(kb, versi, status="diputuskan", keputusan=keputusan, alasan_keputusan=alasan,
                        rating_hasil_lama=lama[0], rating_perilaku_lama=lama[1], predikat_lama=lama[2],
                        rating_hasil_baru=baru[0], rating_perilaku_baru=baru[1], predikat_baru=baru[2],
                        pemutus=aktor.id, diputuskan_pada=sekarang())
        if keputusan == "diubah":
            update_berversi(ev, ev.version, rating_hasil=baru[0], rating_perilaku=baru[1], predikat=baru[2])
        catat(aktor, skp, f"Keberatan diputus: {KEPUTUSAN[keputusan].lower()}",
              _ringkas(*lama), _ringkas(*baru), alasan)
    return kb


def _untuk_pemutus(aktor):
    """The objections addressed to `aktor` whom they may decide, with the
    pegawai, SKP and periode joined."""
    return (Keberatan.select(Keberatan, Evaluasi, Skp, Pegawai, Periode)
            .join(Evaluasi).join(Skp).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
            .switch(Skp).join(Periode)
            .where((Skp.atasan_penilai == aktor.id) & (Skp.pegawai != aktor.id)
                   & ((Skp.penilai != aktor.id) | Skp.penilai.is_null())))


def kueri_menunggu(aktor):
    """The objections waiting for `aktor`'s decision, with the pegawai, SKP and
    periode joined; the caller picks the columns (Tugas saya counts and lists them)."""
    return _untuk_pemutus(aktor).where(Keberatan.status == "diajukan")


def daftar_untuk_pemutus(aktor, batas=20):
    """(waiting objections, oldest first; the latest `batas` decided ones)."""
    q = _untuk_pemutus(aktor)
    menunggu = list(q.where(Keberatan.status == "diajukan").order_by(Keberatan.diajukan_pada, Keberatan.id))
    sudah = list(q.where(Keberatan.status == "diputuskan")
                 .order_by(Keberatan.diputuskan_pada.desc(), Keberatan.id.desc()).limit(batas))
    return menunggu, sudah


def bukti_tahun(skp):
    """Every bukti dukung of the SKP's year, for the decider: {iki id:
    [(period label, Bukti)]} in period then upload order (one query)."""
    label = {p.nomor: p.label for p in daftar_periode(skp.periode)}
    out = {}
    for b in (Bukti.select(Bukti, Berkas, Realisasi).join(Berkas, JOIN.LEFT_OUTER)
              .switch(Bukti).join(Realisasi).join(Iki).join(Rhk)
              .where(Rhk.skp == skp.id).order_by(Realisasi.nomor, Bukti.dibuat, Bukti.id)):
        out.setdefault(b.realisasi.iki_id, []).append((label.get(b.realisasi.nomor, ""), b))
    return out


def lengkapi(kb):
    """Give an objection its display labels (status, decision, ratings before/after)."""
    if kb is None:
        return None
    kb.status_label = STATUS_KEBERATAN.get(kb.status, kb.status)
    kb.keputusan_label = KEPUTUSAN.get(kb.keputusan, "")
    for sisi in ("lama", "baru"):
        setattr(kb, f"rating_hasil_{sisi}_label", RATING.get(getattr(kb, f"rating_hasil_{sisi}"), "–"))
        setattr(kb, f"rating_perilaku_{sisi}_label", RATING.get(getattr(kb, f"rating_perilaku_{sisi}"), "–"))
        setattr(kb, f"predikat_{sisi}_label", PREDIKAT.get(getattr(kb, f"predikat_{sisi}"), "–"))
    return kb


# The objection of one evaluation with the name of whoever decided it (the
# result page and the print show it): its SQL built once (kueri.KueriTetap).
_KEBERATAN_EV = KueriTetap(lambda ev_id: Keberatan.select(Keberatan, Pegawai.id, Pegawai.nama)
                           .join(Pegawai, JOIN.LEFT_OUTER, on=(Keberatan.pemutus == Pegawai.id), attr="pemutus")
                           .where(Keberatan.evaluasi == ev_id), int)


def keadaan(ev):
    """What the pegawai's period page shows: the objection (labelled) or None,
    the filing deadline, and whether filing is still open by date."""
    kb = lengkapi(_KEBERATAN_EV.satu(ev.id)) if ev.akhir else None
    batas = batas_pengajuan(ev)
    return {"kb": kb, "batas": batas, "terbuka": batas is not None and hari_ini() <= batas}
