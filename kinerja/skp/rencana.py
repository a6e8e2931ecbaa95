"""Changes to an SKP's plan: RHK and IKI add/edit/delete/reorder, copying
last year's plan, and a penilai sharing one RHK to several subordinates.

Every change goes through the guards of kinerja.skp.layanan and is written
to the SKP's history, so edits after a return are visible on the timeline.
"""
from decimal import Decimal

from ..db import database
from ..inti import Galat, Terkunci, hapus_berversi, teks_isian, update_berversi
from ..kueri import KueriTetap
from ..models import Pegawai, Periode
from ..riwayat import catat
from ..rules import (CARA_HITUNG_DEFAULT, STATUS_SKP_TERBUKA, RuleError, cara_hitung_sah, label_ukuran_layanan,
                     periksa_ukuran_layanan, urai_angka)
from .layanan import LAMPIRAN, buat_untuk, kunci_isi, pastikan_isi_terbuka, periode_terbuka
from .models import ASPEK, JENIS_RHK, PERSPEKTIF, Iki, Rhk, Skp

MAKS_URAIAN = 2000


def _pendek(teks, n=60):
    teks = " ".join((teks or "").split())
    return teks if len(teks) <= n else teks[:n - 1] + "\u2026"


# ---------------------------------------------------------------- RHK

# Every SKP page reads these: their SQL built once (kueri.KueriTetap).
_SKP_PENILAI = KueriTetap(lambda pegawai_id, periode_id: Skp.select().where(
    (Skp.pegawai == pegawai_id) & (Skp.periode == periode_id)).limit(1), int, int)
_RHK_PILIHAN = KueriTetap(lambda skp_id: Rhk.select().where(Rhk.skp == skp_id)
                          .order_by(Rhk.jenis.desc(), Rhk.urutan, Rhk.id), int)  # "utama" > "tambahan"


def pilihan_rhk_atasan(skp):
    """The penilai's RHK in the same periode that this SKP's RHK may intervene,
    with the penilai's SKP (its status shows whether it is approved yet)."""
    if skp.penilai_id is None:
        return None, []
    skp_atasan = _SKP_PENILAI.satu(skp.penilai_id, skp.periode_id)
    if skp_atasan is None:
        return None, []
    return skp_atasan, _RHK_PILIHAN.semua(skp_atasan.id)


def periksa_rhk(skp, data):
    """Validated RHK values from form data; raises Galat with field messages."""
    errors, values = {}, {}
    values["jenis"] = data.get("jenis") or "utama"
    if values["jenis"] not in JENIS_RHK:
        errors["jenis"] = "Jenis RHK harus utama atau tambahan."
    values["uraian"] = teks_isian(data, "uraian", "Uraian RHK", errors, wajib=True, maks=MAKS_URAIAN)
    values["rhk_atasan"] = None
    atasan_id = data.get("rhk_atasan")
    if atasan_id:
        _, pilihan = pilihan_rhk_atasan(skp)
        cocok = [r for r in pilihan if str(r.id) == str(atasan_id)]
        if not cocok:
            errors["rhk_atasan"] = ("RHK atasan tidak valid: pilih dari RHK pejabat penilai Anda "
                                    "pada periode yang sama.")
        else:
            values["rhk_atasan"] = cocok[0]
    perspektif = data.get("perspektif") or None
    if perspektif is not None and perspektif not in PERSPEKTIF:
        errors["perspektif"] = "Perspektif tidak valid."
    values["perspektif"] = perspektif
    if errors:
        raise Galat(errors)
    return values


def _nilai_rhk(rhk):
    return {"jenis": rhk.jenis, "uraian": rhk.uraian, "perspektif": rhk.perspektif,
            "rhk_atasan": _pendek(rhk.rhk_atasan.uraian) if rhk.rhk_atasan_id else None}


def simpan_rhk(aktor, skp, data, rhk=None, versi=None):
    """Add an RHK (at the end of its jenis) or edit one with a version check."""
    pastikan_isi_terbuka(skp, aktor)
    values = periksa_rhk(skp, data)
    with database.atomic():
        kunci_isi(skp)
        if rhk is None:
            _pastikan_belum_ada(Rhk.select().where(Rhk.skp == skp.id), "uraian", values["uraian"],
                                "RHK dengan uraian yang sama sudah ada di SKP ini")
            urutan = (Rhk.select().where((Rhk.skp == skp.id) & (Rhk.jenis == values["jenis"])).count())
            rhk = Rhk.create(skp=skp, urutan=urutan + 1, **values)
            catat(aktor, skp, "RHK ditambah", None, _nilai_rhk(rhk))
        else:
            sebelum = _nilai_rhk(rhk)
            update_berversi(rhk, versi, **values)
            catat(aktor, skp, "RHK diubah", sebelum, _nilai_rhk(rhk))
    return rhk


def _sama(teks):
    return " ".join((teks or "").split()).casefold()


def _pastikan_belum_ada(query, field, teks, pesan):
    """Refuse adding an RHK or IKI whose text is already there. Two identical
    ones are a form sent twice (e.g. again after the browser's Back, which
    restores what was typed under a fresh submission_id), never two targets."""
    if any(_sama(getattr(obj, field)) == _sama(teks) for obj in query):
        raise Galat({field: f"{pesan}; tidak ditambahkan dua kali."})


def hapus_rhk(aktor, skp, rhk, versi):
    """Delete an RHK and its IKI, unless it changed since the page was opened
    or a subordinate's RHK intervenes it (their SKP would silently lose its link)."""
    pemakai = list(Pegawai.select(Pegawai.nama).join(Skp, on=(Skp.pegawai == Pegawai.id))
                   .join(Rhk, on=(Rhk.skp == Skp.id)).where(Rhk.rhk_atasan == rhk.id)
                   .distinct().order_by(Pegawai.nama))
    if pemakai:
        raise RuleError("RHK ini masih diintervensi oleh RHK bawahan ("
                        + ", ".join(p.nama for p in pemakai)
                        + "). Ubah uraiannya saja, atau minta mereka memindahkan tautannya dulu.")
    _pastikan_tanpa_jejak([i.id for i in rhk.iki], rhk.id, "RHK")
    _hapus(aktor, skp, rhk, versi, "RHK dihapus", _nilai_rhk)


def _pastikan_tanpa_jejak(iki_ids, rhk_id, apa):
    """An RHK or IKI that already carries realisasi or a submitted/rated
    evaluation is part of the record: it can be reworded, never deleted."""
    from ..penilaian.models import Evaluasi, EvaluasiRhk, Realisasi
    ada = bool(iki_ids) and Realisasi.select().where(Realisasi.iki.in_(iki_ids)).exists()
    if not ada and rhk_id is not None:
        ada = (EvaluasiRhk.select().join(Evaluasi)
               .where((EvaluasiRhk.rhk == rhk_id) & (Evaluasi.status != "terbuka")).exists())
    if ada:
        raise RuleError(f"{apa} ini sudah punya realisasi atau evaluasi, jadi tidak bisa dihapus. "
                        "Ubah uraiannya bila perlu.")


def _hapus(aktor, skp, obj, versi, aksi, nilai):
    """Delete an RHK or IKI with a version check and record it on the SKP."""
    pastikan_isi_terbuka(skp, aktor)
    with database.atomic():
        kunci_isi(skp)
        hapus_berversi(obj, versi)
        catat(aktor, skp, aksi, nilai(obj), None)


def geser_rhk(aktor, skp, rhk, arah):
    """Move an RHK one place up or down among the RHK of the same jenis."""
    pastikan_isi_terbuka(skp, aktor)
    if arah not in ("naik", "turun"):
        raise RuleError("Arah geser harus naik atau turun.")
    with database.atomic():
        kunci_isi(skp)
        urut = list(Rhk.select().where((Rhk.skp == skp.id) & (Rhk.jenis == rhk.jenis))
                    .order_by(Rhk.urutan, Rhk.id))
        i = next(n for n, r in enumerate(urut) if r.id == rhk.id)
        j = i - 1 if arah == "naik" else i + 1
        if not 0 <= j < len(urut):
            return False
        urut[i], urut[j] = urut[j], urut[i]
        for n, r in enumerate(urut, start=1):
            if r.urutan != n:
                Rhk.update(urutan=n).where(Rhk.id == r.id).execute()
        catat(aktor, skp, f"RHK digeser {arah}", None, {"rhk": _pendek(rhk.uraian)})
    return True


# ---------------------------------------------------------------- IKI

def _desimal(text, field, errors):
    """A target number typed the Indonesian way; a problem goes into `errors`."""
    try:
        value = urai_angka(text)
    except RuleError as exc:
        errors[field] = str(exc)
        return None
    if value is None:
        return None
    value = value.quantize(Decimal("0.01"))
    if value < 0 or value >= Decimal("1e12"):
        errors[field] = "Angka harus 0 atau lebih dan masuk akal."
        return None
    return value


def periksa_iki(skp, data, iki=None):
    """Validated IKI values: number or range + satuan (kuantitatif), or a narrative.
    A kuantitatif IKI also says how its periods add up to the year
    (cara_hitung; not sent: kept, or "jumlah" for a new IKI) and may give one
    target for every period. A kualitatif SKP's form has neither: they are
    left as they are."""
    errors, values = {}, {}
    values["aspek"] = data.get("aspek") or ""
    if values["aspek"] not in ASPEK:
        errors["aspek"] = "Pilih aspek: kuantitas, kualitas, waktu, atau biaya."
    values["indikator"] = teks_isian(data, "indikator", "Indikator", errors, wajib=True, maks=MAKS_URAIAN)
    if skp.pendekatan == "kuantitatif":
        values["target_min"] = _desimal(data.get("target_min"), "target_min", errors)
        values["target_maks"] = _desimal(data.get("target_maks"), "target_maks", errors)
        values["satuan"] = (data.get("satuan") or "").strip()
        if len(values["satuan"]) > 60:
            errors["satuan"] = "Satuan paling banyak 60 karakter."
        values["target_teks"] = ""
        if values["target_min"] is None and "target_min" not in errors:
            errors["target_min"] = "Target wajib diisi dengan angka."
        if (values["target_maks"] is not None and values["target_min"] is not None
                and values["target_maks"] < values["target_min"]):
            errors["target_maks"] = "Batas atas harus sama atau lebih besar dari target."
        if not values["satuan"]:
            errors["satuan"] = "Satuan wajib diisi, misalnya laporan, dokumen, atau persen."
        values["target_periode"] = _desimal(data.get("target_periode"), "target_periode", errors)
        cara = data.get("cara_hitung") or (iki.cara_hitung if iki is not None else CARA_HITUNG_DEFAULT)
        if not cara_hitung_sah(cara):
            errors["cara_hitung"] = "Pilih cara menghitung realisasi setahun: jumlah, rata-rata, atau nilai terakhir."
        values["cara_hitung"] = cara
    else:
        values.update(target_min=None, target_maks=None, satuan="")
        values["target_teks"] = (data.get("target_teks") or "").strip()
        if not values["target_teks"]:
            errors["target_teks"] = "Target wajib diisi sebagai uraian."
    _periksa_ikatan(skp, data, iki, values, errors)
    if errors:
        raise Galat(errors)
    return values


def _periksa_ikatan(skp, data, iki, values, errors):
    """The IKI's tie to a service measure (rules.periksa_ukuran_layanan). A
    caller that does not send the field keeps the stored tie, as for
    cara_hitung; only a numeric IKI of a kuantitatif SKP may be tied."""
    if "ukuran_layanan" in data:
        ukuran, hari = data.get("ukuran_layanan"), data.get("ukuran_hari")
    elif iki is not None:
        ukuran, hari = iki.ukuran_layanan, iki.ukuran_hari
    else:
        ukuran, hari = None, None
    angka = skp.pendekatan == "kuantitatif"
    values["ukuran_layanan"], values["ukuran_hari"], galat = periksa_ukuran_layanan(ukuran, hari, angka)
    errors.update(galat)


def _nilai_iki(iki):
    nilai = {"aspek": iki.aspek, "indikator": iki.indikator, "target": iki.target_tampil}
    if iki.target_min is not None:
        nilai.update(cara_hitung=iki.cara_hitung_label, target_periode=iki.target_periode_tampil or None)
    if iki.ukuran_layanan:
        nilai["data_layanan"] = label_ukuran_layanan(iki.ukuran_layanan, iki.ukuran_hari)
    return nilai


def simpan_iki(aktor, skp, rhk, data, iki=None, versi=None):
    """Add an IKI to an RHK or edit one with a version check."""
    pastikan_isi_terbuka(skp, aktor)
    values = periksa_iki(skp, data, iki)
    with database.atomic():
        kunci_isi(skp)
        if iki is None:
            _pastikan_belum_ada(Iki.select().where(Iki.rhk == rhk.id), "indikator", values["indikator"],
                                "IKI dengan indikator yang sama sudah ada pada RHK ini")
            urutan = Iki.select().where(Iki.rhk == rhk.id).count() + 1
            iki = Iki.create(rhk=rhk, urutan=urutan, **values)
            catat(aktor, skp, "IKI ditambah", None, _nilai_iki(iki))
        else:
            sebelum = _nilai_iki(iki)
            update_berversi(iki, versi, **values)
            catat(aktor, skp, "IKI diubah", sebelum, _nilai_iki(iki))
    return iki


def hapus_iki(aktor, skp, iki, versi):
    """Delete an IKI unless it changed since the page was opened or already
    carries realisasi."""
    _pastikan_tanpa_jejak([iki.id], None, "IKI")
    _hapus(aktor, skp, iki, versi, "IKI dihapus", _nilai_iki)


# ---------------------------------------------------------------- less typing

def skp_sebelumnya(skp):
    """The pegawai's most recent SKP of an earlier year, or None."""
    return (Skp.select().join(Periode)
            .where((Skp.pegawai == skp.pegawai_id) & (Periode.tahun < skp.periode.tahun))
            .order_by(Periode.tahun.desc()).first())


def salin_dari_sebelumnya(aktor, skp):
    """Copy RHK and IKI (and empty lampiran) from last year's SKP; returns the RHK count.

    The intervened RHK are not copied: they belong to last year's cascade,
    so each copied RHK must be linked again to this year's superior's RHK.
    """
    pastikan_isi_terbuka(skp, aktor)
    lama = skp_sebelumnya(skp)
    if lama is None:
        raise RuleError("Tidak ada SKP tahun sebelumnya untuk disalin.")
    if Rhk.select().where(Rhk.skp == skp.id).exists():
        raise RuleError("SKP ini sudah berisi RHK. Salinan hanya untuk SKP yang masih kosong, "
                        "agar tidak ada RHK ganda.")
    rhk_lama = list(Rhk.select().where(Rhk.skp == lama.id).order_by(Rhk.jenis.desc(), Rhk.urutan, Rhk.id))
    iki_lama = {}
    for i in Iki.select().join(Rhk).where(Rhk.skp == lama.id).order_by(Iki.urutan, Iki.id):
        iki_lama.setdefault(i.rhk_id, []).append(i)
    with database.atomic():
        kunci_isi(skp)
        if Rhk.select().where(Rhk.skp == skp.id).exists():  # a second copy raced the first
            raise RuleError("SKP ini sudah berisi RHK.")
        urutan = dict.fromkeys(JENIS_RHK, 0)
        for r in rhk_lama:
            urutan[r.jenis] += 1
            baru = Rhk.create(skp=skp, jenis=r.jenis, uraian=r.uraian,
                              perspektif=r.perspektif if skp.puncak else None, urutan=urutan[r.jenis])
            for i in iki_lama.get(r.id, []):
                Iki.create(rhk=baru, aspek=i.aspek, indikator=i.indikator, urutan=i.urutan,
                           **_target_salinan(i, skp.pendekatan))
        lampiran = {f: getattr(lama, f) for f in LAMPIRAN if not getattr(skp, f) and getattr(lama, f)}
        if lampiran:
            Skp.update(**lampiran).where(Skp.id == skp.id).execute()
        catat(aktor, skp, "Disalin dari SKP sebelumnya", None,
              dict({"dari": lama.periode.tahun, "rhk": len(rhk_lama)}, **lampiran))
    return len(rhk_lama)


def _target_salinan(iki, pendekatan):
    """The target carried over; a kuantitatif target becomes text in a kualitatif SKP."""
    if pendekatan == "kuantitatif" and iki.target_min is not None:
        return {"target_min": iki.target_min, "target_maks": iki.target_maks, "satuan": iki.satuan,
                "cara_hitung": iki.cara_hitung, "target_periode": iki.target_periode,
                "ukuran_layanan": iki.ukuran_layanan, "ukuran_hari": iki.ukuran_hari}
    if pendekatan == "kuantitatif":
        return {"target_teks": iki.target_teks}
    return {"target_teks": iki.target_tampil}


def bagikan_rhk(aktor, rhk_atasan, bawahan):
    """Create a draft RHK intervening `rhk_atasan` in each subordinate's SKP.

    `bawahan` are Pegawai whose atasan is the aktor. A subordinate without an
    SKP gets a draft one; an SKP that is submitted, approved or in a closed
    periode is skipped. Returns (names added, names skipped with reasons).
    """
    skp_atasan = rhk_atasan.skp
    if skp_atasan.pegawai_id != aktor.id:
        raise RuleError("Hanya RHK milik Anda sendiri yang bisa dibagikan.")
    periode = skp_atasan.periode
    if periode.status == "ditutup":
        raise RuleError(f"Periode {periode.tahun} sudah ditutup.")
    ditambah, dilewati = [], []
    with database.atomic():
        for p in bawahan:
            if p.atasan_id != aktor.id:
                raise RuleError(f"{p.nama} bukan bawahan langsung Anda.")
            skp = Skp.get_or_none((Skp.pegawai == p.id) & (Skp.periode == periode.id))
            if skp is None:
                skp = buat_untuk(aktor, Pegawai.get_by_id(p.id), periode, skp_atasan.pendekatan)
            if skp.penilai_id != aktor.id:
                dilewati.append(f"{p.nama}: pejabat penilai pada SKP-nya bukan Anda")
                continue
            if skp.status not in STATUS_SKP_TERBUKA or not periode_terbuka(skp):
                dilewati.append(f"{p.nama}: SKP berstatus {skp.status_label.lower()}")
                continue
            try:
                kunci_isi(skp)
            except Terkunci:
                dilewati.append(f"{p.nama}: SKP baru saja diajukan")
                continue
            if Rhk.select().where((Rhk.skp == skp.id) & (Rhk.rhk_atasan == rhk_atasan.id)
                                  & (Rhk.uraian == rhk_atasan.uraian)).exists():
                dilewati.append(f"{p.nama}: RHK ini sudah ada")
                continue
            urutan = Rhk.select().where((Rhk.skp == skp.id) & (Rhk.jenis == "utama")).count() + 1
            baru = Rhk.create(skp=skp, jenis="utama", uraian=rhk_atasan.uraian,
                              rhk_atasan=rhk_atasan, urutan=urutan)
            catat(aktor, skp, "RHK dibagikan atasan", None, _nilai_rhk(baru))
            ditambah.append(p.nama)
    return ditambah, dilewati
