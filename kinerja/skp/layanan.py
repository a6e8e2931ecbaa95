"""State changes of an SKP as a whole: who may do what, creation with its
snapshots, status moves, lampiran, perilaku expectations, admin corrections.

Every change checks its rule, saves inside one transaction with a version
check where a form was open, and writes the SKP's history. The RHK and IKI
changes live in kinerja.skp.rencana and share the guards defined here.
"""
from peewee import IntegrityError

from ..db import database
from ..inti import Galat, Konflik, Terkunci, periksa_panjang, pesan_panjang, update_berversi
from ..jam import sekarang
from ..kepegawaian import dalam_wewenang
from ..kueri import KueriTetap
from ..lingkup import unit_terbaca
from ..models import Pegawai, Periode, Unit
from ..riwayat import catat
from ..rules import BERAKHLAK, STATUS_SKP_TERBUKA, RuleError, kelengkapan_skp, periksa_transisi_skp
from .models import PENDEKATAN, EkspektasiTim, Iki, Perilaku, Rhk, Skp

LAMPIRAN = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")
MAKS_EKSPEKTASI = 2000  # per BerAKHLAK value, as on the team defaults page


class EkspektasiKosong(RuleError):
    """An approval would leave expectations empty and was not confirmed:
    nothing was saved; `kosong` names the values (answered with 422)."""

    def __init__(self, kosong):
        super().__init__(f"Setujui tanpa ekspektasi untuk: {', '.join(kosong)}? Tulis ekspektasinya, "
                         "atau pilih \"Setujui tanpa ekspektasi\". Ekspektasi bisa dilengkapi nanti "
                         "tanpa membuka kembali SKP.")
        self.kosong = kosong


# ---------------------------------------------------------------- access

def peran(skp, aktor, baca=True):
    """The roles `aktor` holds on `skp`: pemilik, penilai, atasan_penilai, admin,
    or else, with `baca`, pembaca.

    A JPT at the top of the city's cascade is approved by the Wali Kota or
    Sekda, who have no account: for such an SKP (no penilai in the app) an
    admin in scope records their decisions, as "penilai" with the extra role
    "pencatat" (a reason naming who decided is then required).

    "pembaca" (read only) is for someone with no other role whose read scope
    (kinerja.lingkup: a pemantau, a unit head, an admin who also heads a wider
    unit) covers the pegawai's unit. It is computed last and only then (its
    one or two queries never run for the pegawai or their penilai), and no
    write accepts it: writes ask for a named role, and skp.akses refuses any
    request but a read from someone who holds it alone. Checks made for a
    write pass `baca=False` and skip it.
    """
    out = set()
    if skp.pegawai_id == aktor.id:
        out.add("pemilik")
    if skp.penilai_id == aktor.id:
        out.add("penilai")
    if skp.atasan_penilai_id == aktor.id:
        out.add("atasan_penilai")
    if aktor.is_admin and dalam_wewenang(aktor, skp.pegawai.unit):
        out.add("admin")
        if skp.penilai_id is None and skp.puncak and "pemilik" not in out:
            out.update(("penilai", "pencatat"))
    if not out and baca and unit_terbaca(aktor, skp.pegawai.unit):
        out.add("pembaca")
    return out


def periode_terbuka(skp):
    """A closed periode is read-only unless an admin unlocked this SKP."""
    return skp.periode.status != "ditutup" or skp.dibuka_admin


def kunci_isi(skp):
    """Inside a content edit's transaction: check again that the SKP is still
    open to its pegawai (a submit may have landed since the page was read) and
    bump its version, so a penilai's decision made on an older copy is refused."""
    n = (Skp.update(version=Skp.version + 1)
         .where((Skp.id == skp.id) & Skp.status.in_(STATUS_SKP_TERBUKA)).execute())
    if n != 1:
        raise Terkunci("SKP sudah diajukan atau disetujui sejak halaman dibuka. Muat ulang halaman.")
    skp.version = Skp.get_by_id(skp.id).version


def pastikan_isi_terbuka(skp, aktor):
    """Raise unless `aktor` may edit the SKP's RHK, IKI and lampiran now."""
    if skp.pegawai_id != aktor.id:
        raise RuleError("Hanya pegawai pemilik SKP yang bisa mengubah isinya.")
    if not periode_terbuka(skp):
        raise Terkunci(f"Periode {skp.periode.tahun} sudah ditutup; SKP hanya bisa dibaca.")
    if skp.status == "diajukan":
        raise Terkunci("SKP sedang diajukan ke penilai. Tarik pengajuan dulu untuk mengubahnya.")
    if skp.status not in STATUS_SKP_TERBUKA:
        raise Terkunci("SKP sudah disetujui dan terkunci. Minta pejabat penilai membukanya kembali.")


def bisa_ubah_isi(skp, aktor):
    """True when `aktor` may edit the SKP's content now."""
    try:
        pastikan_isi_terbuka(skp, aktor)
    except RuleError:
        return False
    return True


def pastikan_perilaku_terbuka(skp, aktor, sesudah_disetujui=False):
    """Raise unless `aktor` may write the SKP's perilaku expectations now.

    The ekspektasi khusus pimpinan are the penilai's part of the SKP, not the
    pegawai's (issue 13): the SKP's penilai (or the admin who records for a
    JPT whose penilai has no account, "pencatat") writes them while the
    periode is open, before approval and, on the SKP's own page, after it
    too, without reopening the SKP. On an approved SKP they lock once the
    annual (last-period, "Akhir") evaluation is final: the annual rating
    perilaku and any objection stand on them from then on (an SKP the penilai
    reopens is open again as a whole). Periodic ratings made earlier can be
    read against the texts in force then: every change is in the SKP's
    history with before and after.

    `sesudah_disetujui=False` is the team defaults applied to many SKP at
    once (kinerja.skp.ekspektasi): that stops at approval, because an
    approved SKP's expectations were settled one by one with each pegawai.
    """
    if "penilai" not in peran(skp, aktor, baca=False) or skp.pegawai_id == aktor.id:
        raise RuleError("Hanya pejabat penilai yang menulis ekspektasi perilaku.")
    if not periode_terbuka(skp):
        raise Terkunci(f"Periode {skp.periode.tahun} sudah ditutup; SKP hanya bisa dibaca.")
    if skp.status == "disetujui" and not sesudah_disetujui:
        raise Terkunci("SKP sudah disetujui; ubah ekspektasinya di halaman SKP itu sendiri.")
    # Evaluations exist only once approved: no query for a draft (the team page checks many).
    if skp.status == "disetujui" and penilaian_akhir_final(skp.id):
        raise Terkunci(PESAN_AKHIR_FINAL)


PESAN_AKHIR_FINAL = ("Penilaian akhir tahun SKP ini sudah final, jadi ekspektasi perilakunya "
                     "tidak bisa diubah lagi.")


def penilaian_akhir_final(skp_id):
    """True once the SKP's annual ("Akhir") evaluation is final (rated)."""
    return _AKHIR_FINAL.nilai(skp_id) is not None


def _kueri_akhir_final(skp_id):
    from ..penilaian.models import Evaluasi  # penilaian builds on skp: imported when used
    return (Evaluasi.select(Evaluasi.id)
            .where((Evaluasi.skp == skp_id) & (Evaluasi.akhir == True)  # noqa: E712 (SQL)
                   & (Evaluasi.status == "dinilai")).limit(1))


_AKHIR_FINAL = KueriTetap(_kueri_akhir_final, int)
_PERILAKU_SKP = KueriTetap(lambda skp_id: Perilaku.select().where(Perilaku.skp == skp_id), int)


def perilaku_tersimpan(skp_id):
    """{BerAKHLAK key: Perilaku row} of the SKP's stored expectations (one
    stored query: the SKP, rating and approval pages all read them)."""
    return {p.nilai: p for p in _PERILAKU_SKP.semua(skp_id)}


def bisa_ubah_perilaku(skp, aktor, sesudah_disetujui=False):
    """True when `aktor` may write the SKP's perilaku expectations now (the
    SKP page offers its form only then)."""
    try:
        pastikan_perilaku_terbuka(skp, aktor, sesudah_disetujui)
    except RuleError:
        return False
    return True


# Reads every SKP page makes, their SQL built once (kueri.KueriTetap).
_SKP_LENGKAP = KueriTetap(lambda skp_id: Skp.select(Skp, Pegawai, Unit, Periode)
                          .join(Pegawai, on=(Skp.pegawai == Pegawai.id))
                          .join(Unit, on=(Pegawai.unit == Unit.id))
                          .switch(Skp).join(Periode)
                          .where(Skp.id == skp_id).limit(1), int)
_RHK_SKP = KueriTetap(lambda skp_id: Rhk.select().where(Rhk.skp == skp_id)
                      .order_by(Rhk.jenis.desc(), Rhk.urutan, Rhk.id), int)  # "utama" > "tambahan"
_IKI_SKP = KueriTetap(lambda skp_id: Iki.select().where(Iki.rhk.in_(Rhk.select(Rhk.id).where(Rhk.skp == skp_id)))
                      .order_by(Iki.urutan, Iki.id), int)
# A person's SKP of a periode (id and status only), or None.
SKP_PERIODE = KueriTetap(lambda pegawai_id, periode_id: Skp.select(Skp.id, Skp.status)
                         .where((Skp.pegawai == pegawai_id) & (Skp.periode == periode_id)).limit(1), int, int)


def ambil_skp(skp_id):
    """The SKP with its pegawai, unit and periode joined, or None."""
    return _SKP_LENGKAP.satu(skp_id)


# ---------------------------------------------------------------- creation

def _snapshot(pegawai):
    """(jabatan, unit name) of a pegawai as printed on the SKP."""
    if pegawai is None:
        return "", ""
    return pegawai.jabatan, pegawai.unit.nama


def buat_skp(aktor, periode, pendekatan):
    """Start the pegawai's own SKP for an open periode, from the hierarchy."""
    if pendekatan not in PENDEKATAN:
        raise Galat({"pendekatan": "Pilih pendekatan kuantitatif atau kualitatif."})
    if periode.status == "ditutup":
        raise RuleError(f"Periode {periode.tahun} sudah ditutup.")
    if Skp.select().where((Skp.pegawai == aktor.id) & (Skp.periode == periode.id)).exists():
        raise RuleError(f"SKP periode {periode.tahun} sudah ada.")
    return buat_untuk(aktor, Pegawai.get_by_id(aktor.id), periode, pendekatan)


def buat_untuk(aktor, pegawai, periode, pendekatan):
    """Create an SKP for `pegawai` (made by the pegawai or, when sharing an
    RHK, by the penilai) with the hierarchy and positions snapshotted."""
    penilai = pegawai.atasan if pegawai.atasan_id else None
    atasan_penilai = penilai.atasan if penilai is not None and penilai.atasan_id else None
    try:
        with database.atomic():
            return _buat(aktor, pegawai, periode, pendekatan, penilai, atasan_penilai)
    except IntegrityError:  # a second request made it first
        raise RuleError(f"SKP periode {periode.tahun} sudah ada.") from None


def _buat(aktor, pegawai, periode, pendekatan, penilai, atasan_penilai):
    with database.atomic():
        skp = Skp.create(
            pegawai=pegawai, periode=periode, pendekatan=pendekatan,
            pegawai_jabatan=pegawai.jabatan, pegawai_unit=pegawai.unit.nama,
            pegawai_jenis_jabatan=pegawai.jenis_jabatan,
            penilai=penilai, atasan_penilai=atasan_penilai)
        skp.penilai_jabatan, skp.penilai_unit = _snapshot(penilai)
        skp.atasan_penilai_jabatan, skp.atasan_penilai_unit = _snapshot(atasan_penilai)
        skp.save()
        bawaan = {}
        if penilai is not None:
            bawaan = {e.nilai: e.ekspektasi for e in EkspektasiTim.select().where(
                (EkspektasiTim.penilai == penilai.id) & (EkspektasiTim.periode == periode.id))}
        Perilaku.insert_many([{"skp": skp.id, "nilai": k, "ekspektasi": bawaan.get(k, "")}
                              for k in BERAKHLAK]).execute()
        catat(aktor, skp, "SKP dibuat", None, {
            "periode": periode.tahun, "pendekatan": pendekatan,
            "penilai": penilai.nama if penilai else None})
    return skp


# ---------------------------------------------------------------- status

def ringkasan_rhk(skp):
    """The SKP's RHK in display order, with their IKI, in two queries."""
    rhk = _RHK_SKP.semua(skp.id)
    iki = {}
    if rhk:
        for i in _IKI_SKP.semua(skp.id):
            iki.setdefault(i.rhk_id, []).append(i)
    nomor = {"utama": 0, "tambahan": 0}
    for r in rhk:
        nomor[r.jenis] = nomor.get(r.jenis, 0) + 1
        r.nomor = f"{r.jenis_label.lower()} {nomor[r.jenis]}"
        r.daftar_iki = iki.get(r.id, [])
    return rhk


def kekurangan(skp, rhk=None):
    """What the SKP still lacks before it may be submitted. A link counts only
    when it points into the current penilai's SKP of the same periode (after an
    admin corrects the penilai, old links must be chosen again)."""
    rhk = ringkasan_rhk(skp) if rhk is None else rhk
    sah = set()
    if skp.penilai_id is not None:
        sah = {r.id for r in Rhk.select(Rhk.id).join(Skp).where(
            (Skp.pegawai == skp.penilai_id) & (Skp.periode == skp.periode_id))}
    return kelengkapan_skp(
        [{"nomor": r.nomor, "jenis": r.jenis, "jumlah_iki": len(r.daftar_iki),
          "rhk_atasan": r.rhk_atasan_id in sah, "perspektif": bool(r.perspektif)} for r in rhk],
        skp.puncak, skp.penilai_id is not None)


def ubah_status(aktor, skp, aksi, alasan, versi):
    """Submit, withdraw, approve, return or reopen; returns the new status.

    The penilai decides on the copy they read: a stale `versi` is refused.
    The pegawai's own moves (submit, withdraw) act on the current content.
    An approval from the page goes through setujui_skp (the expectations are
    asked for first); this is the bare transition it ends with.
    """
    baru, alasan = _periksa_status(aktor, skp, aksi, alasan)
    lama = skp.status
    with database.atomic():
        if aksi == "ajukan":
            kurang = kekurangan(skp)
            if kurang:
                raise RuleError("SKP belum lengkap: " + " ".join(kurang))
        if aksi in ("ajukan", "tarik"):
            versi = Skp.get_by_id(skp.id).version
        update_berversi(skp, versi, syarat=(Skp.status == lama), status=baru,
                        alasan_status=alasan if aksi in ("kembalikan", "buka") else skp.alasan_status,
                        disetujui_pada=sekarang() if baru == "disetujui" else None)
        catat(aktor, skp, f"SKP {aksi_label(aksi)}", {"status": lama}, {"status": baru}, alasan)
    return baru


def _periksa_status(aktor, skp, aksi, alasan):
    """(new status, tidied reason) of a status move, or the refusal."""
    if not periode_terbuka(skp):
        raise Terkunci(f"Periode {skp.periode.tahun} sudah ditutup; SKP hanya bisa dibaca.")
    roles = peran(skp, aktor, baca=False)
    baru = periksa_transisi_skp(skp.status, aksi, roles, alasan)
    alasan = (alasan or "").strip() or None
    if "pencatat" in roles and aksi in ("setujui", "kembalikan", "buka") and not alasan:
        raise RuleError("Alasan wajib diisi: catat siapa yang memutuskan di luar aplikasi dan kapan.")
    if pesan := pesan_panjang("Alasan", alasan):
        raise RuleError(pesan)
    return baru, alasan


def aksi_label(aksi):
    """The past participle shown in messages and history: "diajukan", ..."""
    return {"ajukan": "diajukan", "tarik": "ditarik", "setujui": "disetujui",
            "kembalikan": "dikembalikan", "buka": "dibuka kembali"}[aksi]


# ---------------------------------------------------------------- edits

def simpan_lampiran(aktor, skp, data, versi):
    """Save the three lampiran texts (version-checked, only while open)."""
    pastikan_isi_terbuka(skp, aktor)
    sebelum = {f: getattr(skp, f) for f in LAMPIRAN}
    sesudah = {f: (data.get(f) or "").strip() for f in LAMPIRAN}
    periksa_panjang(sesudah, {f: "Isian ini" for f in LAMPIRAN})
    with database.atomic():
        try:
            update_berversi(skp, versi, syarat=Skp.status.in_(STATUS_SKP_TERBUKA), **sesudah)
        except Konflik as exc:
            if exc.sekarang.status not in STATUS_SKP_TERBUKA:
                raise Terkunci("SKP sudah diajukan atau disetujui sejak halaman dibuka.") from None
            raise
        if sesudah != sebelum:
            catat(aktor, skp, "Lampiran diubah", sebelum, sesudah)


def _rapikan(teks):
    """A typed text as stored: browser line breaks normalised, outer spaces removed."""
    return (teks or "").replace("\r\n", "\n").strip()


def _periksa_ekspektasi(teks):
    """The texts given tidied (a value missing from `teks` is left out: a
    partial form never clears the others), or Galat (keyed by nilai) for any
    too long."""
    baru = {nilai: _rapikan(teks[nilai]) for nilai in BERAKHLAK if nilai in teks}
    periksa_panjang(baru, {k: f"Ekspektasi {v['nama']}" for k, v in BERAKHLAK.items()}, MAKS_EKSPEKTASI)
    return baru


def _tulis_perilaku(aktor, skp, baru, aksi):
    """Inside a transaction: store the changed texts, log them before/after."""
    rows = perilaku_tersimpan(skp.id)
    sebelum, sesudah = {}, {}
    for nilai in (n for n in BERAKHLAK if n in baru):
        row = rows.get(nilai) or Perilaku.create(skp=skp, nilai=nilai)
        if row.ekspektasi != baru[nilai]:
            sebelum[nilai], sesudah[nilai] = row.ekspektasi, baru[nilai]
            Perilaku.update(ekspektasi=baru[nilai]).where(Perilaku.id == row.id).execute()
    if sesudah:
        catat(aktor, skp, aksi, sebelum, sesudah)
    return len(sesudah)


def simpan_perilaku(aktor, skp, teks, versi=None, sesudah_disetujui=False):
    """The penilai's ekspektasi khusus per BerAKHLAK value (dict nilai -> text);
    returns how many changed.

    From the SKP's own form `versi` is the version the page showed (stale ->
    Konflik) and `sesudah_disetujui=True` lets the penilai complete or change
    them on an approved SKP without reopening it (pastikan_perilaku_terbuka
    says until when). The team-default page applies without a version and
    only before approval.
    """
    pastikan_perilaku_terbuka(skp, aktor, sesudah_disetujui)
    baru = _periksa_ekspektasi(teks)
    with database.atomic():
        if versi is None:
            versi = Skp.get_by_id(skp.id).version
        disetujui = skp.status == "disetujui"
        # The version is the page's; the team defaults re-check "not approved" in the write.
        update_berversi(skp, versi, syarat=None if sesudah_disetujui else (Skp.status != "disetujui"))
        if disetujui and penilaian_akhir_final(skp.id):  # finalised since the check above
            raise Terkunci(PESAN_AKHIR_FINAL)
        return _tulis_perilaku(aktor, skp, baru, "Ekspektasi perilaku diubah setelah SKP disetujui"
                               if disetujui else "Ekspektasi perilaku diubah")


def setujui_skp(aktor, skp, versi, ekspektasi=None, alasan=None, tanpa_ekspektasi=False):
    """Approve the SKP together with the penilai's expectations, in one
    transaction (one version check; history: the expectations, then the
    approval). Returns the new status.

    Decision (issue 13): the regulation gives the ekspektasi khusus pimpinan
    to the penilai but does not make them a condition of approval, and the
    penilai may complete them after approval without reopening the SKP; so
    an approval with some values empty is allowed, but never silently. Unless
    `tanpa_ekspektasi` (the penilai confirmed), it raises EkspektasiKosong
    naming them and nothing is saved. `ekspektasi` (nilai -> text, from the
    approval form) replaces the stored texts; None keeps them as they are.
    """
    _periksa_status(aktor, skp, "setujui", alasan)  # who, when, the reason: before asking anything
    try:
        dikirim = _periksa_ekspektasi(ekspektasi or {})
    except Galat as exc:  # the approval form names its fields ekspektasi_<nilai>
        raise Galat({f"ekspektasi_{k}": v for k, v in exc.errors.items()}) from None
    with database.atomic():
        tersimpan = {k: p.ekspektasi for k, p in perilaku_tersimpan(skp.id).items()}
        baru = {**tersimpan, **dikirim}
        kosong = [info["nama"] for nilai, info in BERAKHLAK.items() if not baru.get(nilai)]
        if kosong and not tanpa_ekspektasi:
            raise EkspektasiKosong(kosong)
        if dikirim:
            _tulis_perilaku(aktor, skp, dikirim, "Ekspektasi perilaku ditulis saat menyetujui")
        return ubah_status(aktor, skp, "setujui", alasan, versi)


def ubah_pejabat(aktor, skp, penilai, atasan_penilai, alasan, versi):
    """An admin corrects the snapshotted penilai / atasan penilai (wrong master data)."""
    if "admin" not in peran(skp, aktor, baca=False):
        raise RuleError("Hanya admin kepegawaian yang bisa mengoreksi pejabat penilai.")
    if not periode_terbuka(skp):
        raise Terkunci(f"Periode {skp.periode.tahun} sudah ditutup. Buka kunci SKP ini dulu.")
    if skp.status == "disetujui":
        raise Terkunci("SKP sudah disetujui. Pejabat penilai membukanya kembali dulu, baru dikoreksi.")
    if not (alasan or "").strip():
        raise Galat({"alasan": "Alasan koreksi wajib diisi."})
    if penilai is not None and atasan_penilai is not None and penilai.id == atasan_penilai.id:
        raise Galat({"nip_atasan_penilai": "Atasan pejabat penilai harus orang lain dari pejabat penilai."})
    for field, orang in (("nip_penilai", penilai), ("nip_atasan_penilai", atasan_penilai)):
        if orang is not None and not orang.aktif:
            raise Galat({field: "Pegawai ini sudah nonaktif."})
    if penilai is not None and penilai.id == skp.pegawai_id:
        raise Galat({"nip_penilai": "Pejabat penilai tidak boleh pegawai itu sendiri."})
    if atasan_penilai is not None and atasan_penilai.id == skp.pegawai_id:
        raise Galat({"nip_atasan_penilai": "Atasan pejabat penilai tidak boleh pegawai itu sendiri."})
    sebelum = {"penilai": skp.penilai.nama if skp.penilai_id else None,
               "atasan_penilai": skp.atasan_penilai.nama if skp.atasan_penilai_id else None}
    pj, pu = _snapshot(penilai)
    aj, au = _snapshot(atasan_penilai)
    with database.atomic():
        update_berversi(skp, versi, syarat=(Skp.status == skp.status),
                        penilai=penilai, penilai_jabatan=pj, penilai_unit=pu,
                        atasan_penilai=atasan_penilai, atasan_penilai_jabatan=aj,
                        atasan_penilai_unit=au)
        catat(aktor, skp, "Pejabat penilai dikoreksi", sebelum,
              {"penilai": penilai.nama if penilai else None,
               "atasan_penilai": atasan_penilai.nama if atasan_penilai else None}, alasan)


def atur_kunci(aktor, skp, buka, alasan, versi):
    """An admin unlocks (or locks again) one SKP of a closed periode, with a reason."""
    if "admin" not in peran(skp, aktor, baca=False):
        raise RuleError("Hanya admin kepegawaian yang bisa membuka kunci SKP.")
    if skp.periode.status != "ditutup":
        raise RuleError("Periode belum ditutup; SKP ini tidak terkunci oleh periode.")
    if not (alasan or "").strip():
        raise Galat({"alasan": "Alasan wajib diisi."})
    with database.atomic():
        update_berversi(skp, versi, dibuka_admin=bool(buka))
        catat(aktor, skp, "Kunci periode dibuka" if buka else "Kunci periode dipasang lagi",
              {"dibuka_admin": not buka}, {"dibuka_admin": bool(buka)}, alasan)
