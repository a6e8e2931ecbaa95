"""State changes of the periodic evaluations: the pegawai's self-evaluation
and its submission, the penilai's feedback, ratings and finalisation.

Who sees what: the self-evaluation stays with the pegawai until submitted;
the penilai's feedback and ratings stay with the penilai until final, then
the pegawai sees all of it. Every change is written to the SKP's history.
"""

from peewee import JOIN, IntegrityError

from ..db import database
from ..inti import Galat, Terkunci, teks_isian, update_berversi
from ..jam import hari_ini, sekarang
from ..kueri import KueriTetap
from ..models import Pegawai
from ..riwayat import catat
from ..rules import (BERAKHLAK, RATING, RuleError, periksa_penilai_boleh_menilai, periode_evaluasi,
                     predikat)
from ..skp.layanan import ambil_skp, perilaku_tersimpan, periode_terbuka
from ..skp.models import Rhk
from .models import Evaluasi, EvaluasiPerilaku, EvaluasiRhk



# ---------------------------------------------------------------- periods

def daftar_periode(periode):
    """The evaluation periods of a periode: [rules.PeriodeEvaluasi]."""
    return periode_evaluasi(periode.frekuensi, periode.mulai, periode.selesai)


def info_periode(periode, nomor):
    """One evaluation period (rules.PeriodeEvaluasi), or None."""
    return next((p for p in daftar_periode(periode) if p.nomor == nomor), None)


def nomor_akhir(periode):
    """The nomor of the periode's last evaluation period (the annual one)."""
    return daftar_periode(periode)[-1].nomor


def periode_usai(periode, nomor):
    """True once the evaluation period has ended."""
    info = info_periode(periode, nomor)
    return info is not None and hari_ini() > info.akhir


# ---------------------------------------------------------------- guards

def pastikan_skp_berjalan(skp, nomor):
    """Realisasi and evaluations need an approved SKP, an open periode and a
    period that has started."""
    if skp.status != "disetujui":
        raise RuleError("SKP belum disetujui. Realisasi dan evaluasi dimulai setelah SKP disetujui.")
    if not periode_terbuka(skp):
        raise Terkunci(f"Periode {skp.periode.tahun} sudah ditutup; data hanya bisa dibaca.")
    info = info_periode(skp.periode, nomor)
    if info is None:
        raise RuleError("Periode evaluasi tidak dikenal.")
    if hari_ini() < info.awal:
        raise RuleError(f"{info.label} belum dimulai.")
    return info


def pastikan_realisasi_terbuka(skp, aktor, nomor):
    """The pegawai fills realisasi until the period's self-evaluation is submitted."""
    if skp.pegawai_id != aktor.id:
        raise RuleError("Hanya pegawai pemilik SKP yang mengisi realisasi.")
    info = pastikan_skp_berjalan(skp, nomor)
    ev = EVALUASI_PERIODE.satu(skp.id, nomor)
    if ev is not None and ev.status != "terbuka":
        raise Terkunci(f"Evaluasi {info.label} sudah diajukan; realisasinya tidak bisa diubah lagi.")
    return info


def boleh_lihat_diri(ev, peran):
    """The self-evaluation is the pegawai's own until submitted; a draft never
    submitted stays theirs even after a rating made once the period was over."""
    return "pemilik" in peran or ev.diajukan_pada is not None


def boleh_lihat_penilaian(ev, peran):
    """The penilai's feedback and ratings are theirs until final."""
    return ev.status == "dinilai" or ("penilai" in peran and "pemilik" not in peran)


# ---------------------------------------------------------------- evaluasi rows

# The reads of every evaluation page, their SQL built once (kueri.KueriTetap).
# One period's evaluation, with the id and name of its penilai joined (a
# result shows "Dinilai oleh"; a lazy ev.penilai read the whole row).
EVALUASI_PERIODE = KueriTetap(lambda skp_id, nomor: Evaluasi.select(Evaluasi, Pegawai.id, Pegawai.nama)
                              .join(Pegawai, JOIN.LEFT_OUTER, on=(Evaluasi.penilai == Pegawai.id), attr="penilai")
                              .where((Evaluasi.skp == skp_id) & (Evaluasi.nomor == nomor)).limit(1), int, int)
_RHK_DINILAI = KueriTetap(lambda ev_id: EvaluasiRhk.select(EvaluasiRhk.rhk).where(EvaluasiRhk.evaluasi == ev_id), int)
_NILAI_DINILAI = KueriTetap(lambda ev_id: EvaluasiPerilaku.select(EvaluasiPerilaku.nilai)
                            .where(EvaluasiPerilaku.evaluasi == ev_id), int)
_RHK_ID = KueriTetap(lambda skp_id: Rhk.select(Rhk.id).where(Rhk.skp == skp_id).tuples(), int)
_BARIS_RHK = KueriTetap(lambda ev_id: EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == ev_id), int)
_BARIS_PERILAKU = KueriTetap(lambda ev_id: EvaluasiPerilaku.select().where(EvaluasiPerilaku.evaluasi == ev_id), int)
_EVALUASI_ID = KueriTetap(lambda ev_id: Evaluasi.select().where(Evaluasi.id == ev_id), int)


def ambil_evaluasi(skp, nomor, buat=True):
    """The SKP's evaluation for a period, created (with its rows) on first use."""
    ev = EVALUASI_PERIODE.satu(skp.id, nomor)
    if ev is None and buat:
        akhir = nomor == nomor_akhir(skp.periode)
        try:
            with database.atomic():
                ev = Evaluasi.create(skp=skp, nomor=nomor, akhir=akhir)
        except IntegrityError:  # created by a concurrent request
            ev = Evaluasi.get((Evaluasi.skp == skp.id) & (Evaluasi.nomor == nomor))
    if ev is not None:
        _lengkapi_baris(skp, ev)
    return ev


def _lengkapi_baris(skp, ev):
    """One EvaluasiRhk per RHK and one EvaluasiPerilaku per value (RHK may be
    added after a reopen); two reads, and inserts only when something is missing."""
    ada_rhk = {r.rhk_id for r in _RHK_DINILAI.semua(ev.id)}
    kurang = [rhk_id for rhk_id, in _RHK_ID.mentah(skp.id) if rhk_id not in ada_rhk]
    ada_nilai = {p.nilai for p in _NILAI_DINILAI.semua(ev.id)}
    nilai = [k for k in BERAKHLAK if k not in ada_nilai]
    if not (kurang or nilai):
        return  # the usual case: a page view writes nothing and takes no write lock
    with database.atomic():
        if kurang:
            EvaluasiRhk.insert_many([{"evaluasi": ev.id, "rhk": r} for r in kurang]).on_conflict_ignore().execute()
        if nilai:
            EvaluasiPerilaku.insert_many([{"evaluasi": ev.id, "nilai": k} for k in nilai]) \
                .on_conflict_ignore().execute()


def baris_rhk(ev):
    """{rhk id: EvaluasiRhk} of an evaluation."""
    return {b.rhk_id: b for b in _BARIS_RHK.semua(ev.id)}


def baris_perilaku(ev):
    """{nilai: EvaluasiPerilaku} of an evaluation, in BerAKHLAK order when iterated."""
    rows = {b.nilai: b for b in _BARIS_PERILAKU.semua(ev.id)}
    return {k: rows[k] for k in BERAKHLAK if k in rows}


def label_periode(skp, ev):
    """The evaluation period's name, e.g. "Triwulan IV-Akhir"."""
    info = info_periode(skp.periode, ev.nomor)
    return info.label if info else f"Periode {ev.nomor}"


def ekspektasi_perilaku(skp):
    """{BerAKHLAK key: the penilai's ekspektasi khusus} of the SKP."""
    return {k: p.ekspektasi for k, p in perilaku_tersimpan(skp.id).items()}


def evaluasi_dan_skp(evaluasi_id):
    """(evaluation, its SKP with pegawai, unit and periode joined), or (None, None)."""
    ev = evaluasi_id_atau_none(evaluasi_id)
    if ev is None:
        return None, None
    return ev, ambil_skp(ev.skp_id)


def evaluasi_id_atau_none(evaluasi_id):
    """The evaluation with this id, or None (a stored query: the rating page
    and the evaluation pages read it on every visit)."""
    return _EVALUASI_ID.satu(evaluasi_id)


# ---------------------------------------------------------------- the pegawai

def simpan_evaluasi_diri(aktor, skp, ev, data, versi, ajukan=False):
    """Save the self-evaluation per RHK (fields penilaian_diri_<rhk id>,
    uraian_diri_<id>, kendala_<id>); with `ajukan` also submit it to the penilai,
    which needs a view on every RHK."""
    if skp.pegawai_id != aktor.id:
        raise RuleError("Hanya pegawai pemilik SKP yang mengisi evaluasi diri.")
    pastikan_skp_berjalan(skp, ev.nomor)
    if ev.status != "terbuka":
        raise Terkunci("Evaluasi diri sudah diajukan dan tidak bisa diubah lagi.")
    baris = baris_rhk(ev)
    errors, nilai = {}, {}
    for rhk_id in baris:
        pilihan = data.get(f"penilaian_diri_{rhk_id}") or None
        if pilihan is not None and pilihan not in RATING:
            errors[f"penilaian_diri_{rhk_id}"] = "Pilih di atas, sesuai, atau di bawah ekspektasi."
        elif pilihan is None and ajukan:
            errors[f"penilaian_diri_{rhk_id}"] = "Pilih penilaian Anda untuk RHK ini sebelum mengajukan."
        nilai[rhk_id] = (pilihan, teks_isian(data, f"uraian_diri_{rhk_id}", "Uraian", errors),
                         teks_isian(data, f"kendala_{rhk_id}", "Kendala", errors))
    if errors:
        raise Galat(errors)
    with database.atomic():
        for rhk_id, (pilihan, uraian, kendala) in nilai.items():
            EvaluasiRhk.update(penilaian_diri=pilihan, uraian_diri=uraian, kendala=kendala).where(
                EvaluasiRhk.id == baris[rhk_id].id).execute()
        perubahan = {"status": "diajukan", "diajukan_pada": sekarang()} if ajukan else {}
        update_berversi(ev, versi, **perubahan)
        catat(aktor, skp, f"Evaluasi diri {label_periode(skp, ev)} " + ("diajukan" if ajukan else "disimpan"),
              {"status": "terbuka"} if ajukan else None, {"status": "diajukan"} if ajukan else None)
    return ev


# ---------------------------------------------------------------- the penilai

def pastikan_penilai(skp, aktor):
    """Only the SKP's pejabat penilai rates, and never their own SKP."""
    if skp.penilai_id != aktor.id or skp.pegawai_id == aktor.id:
        raise RuleError("Hanya pejabat penilai SKP ini yang bisa menilai.")


# The checkboxes with which the penilai confirms a final result that lacks
# something: {field name: what it confirms}. See simpan_penilaian.
KONFIRMASI_PERILAKU = "final_tanpa_umpan_perilaku"
KONFIRMASI_PERIODE = "final_periode_belum_dinilai"
KONFIRMASI = (KONFIRMASI_PERILAKU, KONFIRMASI_PERIODE)

_NOMOR_DINILAI = KueriTetap(lambda skp_id: Evaluasi.select(Evaluasi.nomor)
                            .where((Evaluasi.skp == skp_id) & (Evaluasi.status == "dinilai")).tuples(), int)


def sebut(daftar):
    """Names joined as a sentence: "A", "A dan B", "A, B, dan C"."""
    daftar = list(daftar)
    if len(daftar) <= 2:
        return " dan ".join(daftar)
    return ", ".join(daftar[:-1]) + ", dan " + daftar[-1]


def periode_belum_dinilai(skp, ev):
    """[(nomor, label)] of the periods before the annual (Akhir) evaluation
    `ev` that have no final rating, in one query; [] for any other period."""
    if not ev.akhir:
        return []
    dinilai = {nomor for (nomor,) in _NOMOR_DINILAI.mentah(skp.id)}
    return [(p.nomor, p.label) for p in daftar_periode(skp.periode)
            if p.nomor < ev.nomor and p.nomor not in dinilai]


def label_konfirmasi(kunci, belum=()):
    """The checkbox's label: what the penilai confirms."""
    if kunci == KONFIRMASI_PERILAKU:
        return "Final tanpa umpan balik perilaku"
    return f"Final walaupun {sebut(label for _, label in belum)} belum dinilai"


def _minta_konfirmasi(skp, ev, data, umpan_perilaku, errors):
    """Add a message for each lack the penilai has not confirmed in `data`."""
    if not data.get(KONFIRMASI_PERILAKU) and not any(umpan_perilaku.values()):
        errors[KONFIRMASI_PERILAKU] = (
            "Ketujuh umpan balik perilaku kerja (BerAKHLAK) masih kosong. Isi umpan balik, atau centang "
            f"\u201c{label_konfirmasi(KONFIRMASI_PERILAKU)}\u201d lalu finalkan lagi.")
    belum = [] if data.get(KONFIRMASI_PERIODE) else periode_belum_dinilai(skp, ev)
    if belum:
        errors[KONFIRMASI_PERIODE] = (
            f"{sebut(label for _, label in belum)} belum dinilai, padahal penilaian tahunan menimbang "
            "hasil seluruh tahun. Nilai periode itu dulu, atau centang "
            f"\u201c{label_konfirmasi(KONFIRMASI_PERIODE, belum)}\u201d lalu finalkan lagi.")


def simpan_penilaian(aktor, skp, ev, data, versi, finalkan=False, minta_konfirmasi=False):
    """Save the penilai's umpan balik (umpan_balik_<rhk id>, perilaku_<nilai>)
    and ratings (rating_hasil, rating_perilaku); with `finalkan` the predikat
    is derived from the two ratings and the result is shown to the pegawai.

    With `minta_konfirmasi` (the rating page: a person is there to ask) a
    final result that lacks something is refused like a bad field until the
    penilai ticks the matching checkbox in `data` (decision, issue 13):
    - all seven BerAKHLAK umpan balik empty: "Final tanpa umpan balik
      perilaku" (KONFIRMASI_PERILAKU);
    - the annual (Akhir) evaluation while earlier periods of the SKP have no
      final rating, named in the message (KONFIRMASI_PERIODE).
    Neither is forbidden by the regulation, so a tick is enough; nothing is
    saved until then and the page keeps what was typed. Without it (seeds,
    imports and other services: nobody to ask) the result is saved as is."""
    pastikan_penilai(skp, aktor)
    pastikan_skp_berjalan(skp, ev.nomor)
    periksa_penilai_boleh_menilai(ev.status, periode_usai(skp.periode, ev.nomor))
    errors = {}
    rating = {}
    for key in ("rating_hasil", "rating_perilaku"):
        rating[key] = data.get(key) or None
        if rating[key] is not None and rating[key] not in RATING:
            errors[key] = "Pilih di atas, sesuai, atau di bawah ekspektasi."
        elif rating[key] is None and finalkan:
            errors[key] = "Wajib dipilih sebelum penilaian difinalkan."
    baris, perilaku = baris_rhk(ev), baris_perilaku(ev)
    umpan_rhk = {i: teks_isian(data, f"umpan_balik_{i}", "Umpan balik", errors) for i in baris}
    umpan_perilaku = {k: teks_isian(data, f"perilaku_{k}", "Umpan balik", errors) for k in perilaku}
    if finalkan and minta_konfirmasi:
        _minta_konfirmasi(skp, ev, data, umpan_perilaku, errors)
    if errors:
        raise Galat(errors)
    perubahan = dict(rating)
    if finalkan:
        perubahan.update(status="dinilai", final_pada=sekarang(), penilai=aktor.id,
                         predikat=predikat(rating["rating_hasil"], rating["rating_perilaku"]))
    with database.atomic():
        for i, teks in umpan_rhk.items():
            EvaluasiRhk.update(umpan_balik=teks).where(EvaluasiRhk.id == baris[i].id).execute()
        for k, teks in umpan_perilaku.items():
            EvaluasiPerilaku.update(umpan_balik=teks).where(EvaluasiPerilaku.id == perilaku[k].id).execute()
        lama = ev.status
        update_berversi(ev, versi, **perubahan)
        if finalkan:
            catat(aktor, skp, f"Penilaian {label_periode(skp, ev)} final",
                  {"status": lama}, {"status": "dinilai", "predikat": ev.predikat_label}, None)
        else:
            catat(aktor, skp, f"Penilaian {label_periode(skp, ev)} disimpan")
    return ev
