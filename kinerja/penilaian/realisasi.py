"""Realisasi per IKI per evaluation period, and what the pegawai's pages read.

The pegawai fills a realisasi (a number for an IKI with a numeric target, a
narrative otherwise, plus a note) until the period's self-evaluation is
submitted; the guard is kinerja.penilaian.layanan.pastikan_realisasi_terbuka.
Edits carry the row's version (stale -> Konflik) and every change is written
to the SKP's history. `simpan_periode` saves a whole period page at once
(every changed realisasi and the self-evaluation draft) in one transaction:
all or nothing, with every refusal collected so the page can show them all.
The read helpers batch by period so a page costs the same number of queries
whatever the number of RHK and IKI.
"""
import hashlib
from decimal import Decimal

from peewee import JOIN, IntegrityError, fn

from ..db import database
from ..inti import Galat, Konflik, Penolakan, Terkunci, pesan_panjang, update_berversi
from ..jam import hari_ini, sekarang
from ..kueri import KueriTetap
from ..riwayat import catat
from ..rules import RuleError, capaian, nomor_berjalan, realisasi_tahun, tulis_angka, urai_angka
from ..skp.models import Iki, Rhk
from ..warga.ukuran import usulan_banyak
from .layanan import daftar_periode, info_periode, pastikan_realisasi_terbuka, simpan_evaluasi_diri
from .models import Berkas, Bukti, Evaluasi, Realisasi



# ---------------------------------------------------------------- input

def baca_angka(teks):
    """(Decimal or None, message or None) from what a person typed, read by
    rules.urai_angka ("12", "7,5", "1.234,5", "1.234.567"; "1.500" alone is
    refused as ambiguous), within the range a realisasi can hold."""
    try:
        nilai = urai_angka(teks)
    except RuleError as exc:
        return None, str(exc)
    if nilai is None:
        return None, None
    nilai = nilai.quantize(Decimal("0.01"))
    if nilai < 0 or nilai >= Decimal("1e12"):
        return None, "Angka harus 0 atau lebih dan masuk akal."
    return nilai, None


def pakai_angka(skp, iki):
    """A realisasi is a number when the SKP is kuantitatif and the IKI has a
    numeric target (an IKI copied as text keeps a narrative realisasi)."""
    return skp.pendekatan == "kuantitatif" and iki.target_min is not None


def terikat(skp, iki):
    """True when this IKI's realisasi is proposed from service data: it is
    tied to a service measure and its realisasi is a number."""
    return bool(iki.ukuran_layanan) and pakai_angka(skp, iki)


def usulan_data_layanan(skp, daftar_iki, awal, akhir):
    """{iki id: (Decimal or None, what it rests on)} for the IKI among
    `daftar_iki` tied to a service measure, over awal..akhir (the
    evaluation period). The owner's log for their own measures, the
    owner's unit for the unit's; each distinct (measure, N) computed once,
    at most 3 queries whatever the number of IKI, none when none is tied."""
    tied = [i for i in daftar_iki if terikat(skp, i)]
    if not tied:
        return {}
    hasil = usulan_banyak({(i.ukuran_layanan, i.ukuran_hari) for i in tied}, skp.pegawai_id,
                          skp.pegawai.unit_id, awal, akhir)
    return {i.id: hasil[(i.ukuran_layanan, i.ukuran_hari)] for i in tied}


def periksa_realisasi(skp, iki, data):
    """Validated values (nilai_angka, nilai_teks, catatan); raises Galat keyed
    "nilai" / "catatan"."""
    errors = {}
    nilai = (data.get("nilai") or "").strip()
    catatan = (data.get("catatan") or "").strip()
    values = {"nilai_angka": None, "nilai_teks": "", "catatan": catatan}
    if pakai_angka(skp, iki):
        values["nilai_angka"], pesan = baca_angka(nilai)
        if pesan:
            errors["nilai"] = pesan
        elif values["nilai_angka"] is None:
            errors["nilai"] = f"Realisasi wajib diisi dengan angka ({iki.satuan or 'sesuai satuan target'})."
    elif not nilai:
        errors["nilai"] = "Realisasi wajib diisi: uraikan apa yang sudah dicapai."
    elif pesan := pesan_panjang("Realisasi", nilai):
        errors["nilai"] = pesan
    else:
        values["nilai_teks"] = nilai
    if pesan := pesan_panjang("Catatan", catatan):
        errors["catatan"] = pesan
    if errors:
        raise Galat(errors)
    return values


def nilai_tampil(row):
    """The realisasi as typed back into the form: "7,5" or the narrative."""
    if row is None:
        return ""
    return tulis_angka(row.nilai_angka) if row.nilai_angka is not None else row.nilai_teks


def terisi(row):
    """True when the realisasi has a value (a row may hold only bukti)."""
    return row is not None and (row.nilai_angka is not None or bool(row.nilai_teks))


def sidik_isian(*nilai):
    """A short digest of values as a form showed them. The page sends it back
    beside the values, so a save writes only what the person changed (a
    textarea comes back with CRLF line ends; spaces around are not a change)."""
    h = hashlib.sha256()
    for n in nilai:
        h.update(str(n or "").replace("\r\n", "\n").strip().encode() + b"\0")
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- changes

def realisasi_wadah(iki, nomor):
    """The realisasi row of an IKI in a period, created empty when a bukti
    comes before the value (call inside a transaction)."""
    row = Realisasi.get_or_none((Realisasi.iki == iki.id) & (Realisasi.nomor == nomor))
    if row is None:
        try:
            with database.atomic():
                row = Realisasi.create(iki=iki, nomor=nomor)
        except IntegrityError:
            row = Realisasi.get((Realisasi.iki == iki.id) & (Realisasi.nomor == nomor))
    return row


def _jejak(row):
    if not row:
        return {}
    usulan = tulis_angka(row.usulan_angka) if row.usulan_angka is not None else None
    return {"nilai": nilai_tampil(row) or None, "usulan_data_layanan": usulan, "catatan": row.catatan or None}


def simpan_realisasi(aktor, skp, iki, nomor, data, versi, usulan=None):
    """Save the realisasi of one IKI in period `nomor`. `versi` is the version
    the form showed ("" when there was no row yet); a row changed since then
    raises Konflik. A row that holds only bukti is not a conflict.

    For an IKI tied to a service measure the row also keeps the figure the
    app proposes now (usulan_angka) beside the one confirmed (nilai_angka).
    It is always recomputed here, never taken from the form, so a forged
    field or an old page replayed from the outbox cannot set it. `usulan`
    ({iki id: (figure, basis)} of usulan_data_layanan) is for a caller that
    computed several IKI's at once."""
    info = pastikan_realisasi_terbuka(skp, aktor, nomor)
    values = periksa_realisasi(skp, iki, data)
    if usulan is None:
        usulan = usulan_data_layanan(skp, [iki], info.awal, info.akhir)
    values["usulan_angka"] = usulan[iki.id][0] if iki.id in usulan else None
    aksi = f"Realisasi {info.label} %s: {' '.join(iki.indikator.split())}"
    with database.atomic():
        row = Realisasi.get_or_none((Realisasi.iki == iki.id) & (Realisasi.nomor == nomor))
        if row is None:
            try:
                with database.atomic():
                    row = Realisasi.create(iki=iki, nomor=nomor, **values)
            except IntegrityError:  # created meanwhile from another tab
                raise Konflik(Realisasi.get((Realisasi.iki == iki.id) & (Realisasi.nomor == nomor))) from None
            catat(aktor, skp, (aksi % "diisi")[:100], None, _jejak(row))
            tetap_terbuka(skp, nomor, info)
            return row
        if not str(versi or "").strip() and not terisi(row) and not row.catatan:
            versi = row.version  # the row was made empty by an upload on this same page
        sebelum = _jejak(row)
        baru = not terisi(row)
        update_berversi(row, versi, diubah=sekarang(), **values)
        catat(aktor, skp, (aksi % ("diisi" if baru else "diubah"))[:100], sebelum, _jejak(row))
        tetap_terbuka(skp, nomor, info)
    return row


def simpan_periode(aktor, skp, nomor, realisasi, diri=None):
    """Save a period page in one transaction: `realisasi` is [(iki, {nilai,
    catatan}, version shown)] for the IKI whose fields changed, `diri` is
    (evaluasi, form data, version shown) when the self-evaluation draft
    changed. Every row keeps its own version check. Bad values and stale rows
    are all collected, then Penolakan undoes everything; a locked period
    (Terkunci) or a RuleError ends it at once, also with nothing written.
    Field names in `galat` are the page's: nilai-<iki id>, catatan-<iki id>,
    and the self-evaluation's own (penilaian_diri_<rhk id> ...)."""
    galat, basi = {}, {}
    info = info_periode(skp.periode, nomor)
    # The proposals of every changed IKI tied to service data, in one go.
    usulan = usulan_data_layanan(skp, [iki for iki, _, _ in realisasi], info.awal, info.akhir) if info else None
    with database.atomic():
        for iki, data, versi in realisasi:
            try:
                simpan_realisasi(aktor, skp, iki, nomor, data, versi, usulan)
            except Galat as exc:
                galat.update({f"{k}-{iki.id}": v for k, v in exc.errors.items()})
            except Konflik as exc:
                basi[iki.id] = exc.sekarang
        if diri is not None:
            ev, data, versi = diri
            try:
                simpan_evaluasi_diri(aktor, skp, ev, data, versi)
            except Galat as exc:
                galat.update(exc.errors)
            except Konflik as exc:
                basi["diri"] = exc.sekarang
        if galat or basi:
            raise Penolakan(galat, basi)  # leaving the block this way rolls everything back
    return len(realisasi) + (diri is not None)


def tetap_terbuka(skp, nomor, info):
    """Checked again after the write, inside its transaction: a self-evaluation
    submitted from another tab meanwhile undoes this change."""
    if Evaluasi.select().where((Evaluasi.skp == skp.id) & (Evaluasi.nomor == nomor)
                               & (Evaluasi.status != "terbuka")).exists():
        raise Terkunci(f"Evaluasi {info.label} sudah diajukan; realisasinya tidak bisa diubah lagi.")


# ---------------------------------------------------------------- reading, batched

# One SKP's realisasi and bukti of a period, by the SKP (stored queries; an
# IN list of ids would change its text with every SKP): the period, rating
# and print pages read them.
_REALISASI_PERIODE = KueriTetap(
    lambda skp_id, nomor: Realisasi.select().join(Iki).join(Rhk)
    .where((Rhk.skp == skp_id) & (Realisasi.nomor == nomor)), int, int)
_BUKTI_PERIODE = KueriTetap(
    lambda skp_id, nomor: (Bukti.select(Bukti, Berkas).join(Berkas, JOIN.LEFT_OUTER)
                           .switch(Bukti).join(Realisasi).join(Iki).join(Rhk)
                           .where((Rhk.skp == skp_id) & (Realisasi.nomor == nomor))
                           .order_by(Bukti.dibuat, Bukti.id)), int, int)


def bukti_periode(skp_id, nomor):
    """{realisasi id: [Bukti]} of one SKP's period with their Berkas, oldest first (one query)."""
    out = {}
    for b in _BUKTI_PERIODE.semua(skp_id, nomor):
        out.setdefault(b.realisasi_id, []).append(b)
    return out


def realisasi_dan_bukti(skp, rhk, nomor):
    """({iki id: Realisasi}, {realisasi id: [Bukti]}) of one period of the
    SKP (`rhk`: its RHK with their IKI), in two queries; each Realisasi knows
    its Iki (no query per row for the satuan)."""
    iki = {i.id: i for r in rhk for i in r.daftar_iki}
    realisasi = {}
    for rel in _REALISASI_PERIODE.semua(skp.id, nomor):
        if rel.iki_id in iki:
            rel.iki = iki[rel.iki_id]
            realisasi[rel.iki_id] = rel
    return realisasi, bukti_periode(skp.id, nomor)


def ringkasan_periode(skp):
    """Every evaluation period of the SKP with its state, in four queries:
    [{nomor, label, awal, akhir, mulai (started), berjalan (today), terisi,
    jumlah_iki, ev (Evaluasi or None)}]."""
    daftar = daftar_periode(skp.periode)
    hari = hari_ini()
    jumlah_iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).count()
    isi = {r.nomor: r.n for r in (
        Realisasi.select(Realisasi.nomor, fn.COUNT(Realisasi.id).alias("n"))
        .join(Iki).join(Rhk)
        .where((Rhk.skp == skp.id) & (Realisasi.nilai_angka.is_null(False) | (Realisasi.nilai_teks != "")))
        .group_by(Realisasi.nomor))}
    ev = {e.nomor: e for e in Evaluasi.select().where(Evaluasi.skp == skp.id)}
    kini = nomor_berjalan(daftar, hari)
    return [{"nomor": n, "label": label, "awal": awal, "akhir": akhir, "mulai": hari >= awal,
             "berjalan": n == kini, "usai": hari > akhir, "terisi": isi.get(n, 0),
             "jumlah_iki": jumlah_iki, "ev": ev.get(n)}
            for n, label, awal, akhir in daftar]


_EVALUASI_SKP = KueriTetap(lambda skp_id: Evaluasi.select().where(Evaluasi.skp == skp_id), int)


_REALISASI_SKP = KueriTetap(
    lambda skp_id: Realisasi.select().join(Iki).join(Rhk).where(Rhk.skp == skp_id), int)


def realisasi_setahun(skp_id, iki):
    """{iki id: {nomor: Realisasi}} of the SKP's IKI (`iki`: {id: Iki}) in
    every period, in one stored query; each row gets its Iki from `iki`, so
    nilai_tampil reads the satuan without a query."""
    per_iki = {}
    for x in _REALISASI_SKP.semua(skp_id):
        if x.iki_id in iki:
            x.iki = iki[x.iki_id]
            per_iki.setdefault(x.iki_id, {})[x.nomor] = x
    return per_iki


def tampil_angka(nilai, satuan):
    """A figure with its satuan ("12 layanan"), "" for None."""
    return f"{tulis_angka(nilai)} {satuan}".strip() if nilai is not None else ""


def hasil_tahun(skp, iki, per_nomor, sampai=None):
    """The year's realisasi of one IKI from its periods' rows ({nomor:
    Realisasi}), aggregated by the IKI's cara_hitung up to period `sampai`
    (the whole year when None), against the annual target:
    {angka (numeric?), cara (label), nilai (Decimal or None), tampil
    ("12 laporan" or ""), capaian (Decimal % or None), capaian_tampil
    ("100 %" or ""), isian (how many periods have a value)}. A narrative IKI
    has no total: its periods' texts are the year's realisasi."""
    baris = {n: x for n, x in per_nomor.items() if sampai is None or n <= sampai}
    isian = sum(1 for x in baris.values() if terisi(x))
    if not pakai_angka(skp, iki):
        return {"angka": False, "cara": "", "nilai": None, "tampil": "", "capaian": None,
                "capaian_tampil": "", "isian": isian}
    nilai = realisasi_tahun(iki.cara_hitung, [(n, x.nilai_angka) for n, x in baris.items()])
    persen = capaian(nilai, iki.target_min)
    return {"angka": True, "cara": iki.cara_hitung_label, "nilai": nilai, "tampil": tampil_angka(nilai, iki.satuan),
            "capaian": persen, "capaian_tampil": f"{tulis_angka(persen)} %" if persen is not None else "",
            "isian": isian}


def ringkasan_tahun(skp, rhk, per_iki=None):
    """The whole year behind an annual ("Akhir") evaluation, in two queries
    (one when `per_iki`, from realisasi_setahun, is given): (periods [(nomor,
    label, Evaluasi or None)], {iki id: {nomor: Realisasi}}, {iki id:
    hasil_tahun for the whole year})."""
    daftar = daftar_periode(skp.periode)
    evaluasi = {e.nomor: e for e in _EVALUASI_SKP.semua(skp.id)}
    semua = [i for r in rhk for i in r.daftar_iki]
    if per_iki is None:
        per_iki = realisasi_setahun(skp.id, {i.id: i for i in semua})
    hasil = {i.id: hasil_tahun(skp, i, per_iki.get(i.id, {})) for i in semua}
    return [(e.nomor, e.label, evaluasi.get(e.nomor)) for e in daftar], per_iki, hasil
