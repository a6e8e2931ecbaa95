"""Import of pegawai from a CSV or XLSX file: read, check, apply.

The file has a header row (row 1) and one pegawai per row. Column names are
case-insensitive, surrounding spaces are ignored, unknown columns are ignored:

    nip            wajib. 18 angka; spasi, titik dan tanda hubung boleh.
    nama           wajib.
    jabatan        wajib.
    jenis_jabatan  wajib. jpt, administrator, pengawas, pelaksana atau fungsional.
    jenis_asn      pilihan. pns atau pppk; kosong = pns (pegawai baru) atau
                   tetap seperti sekarang (pegawai yang sudah ada).
    kode_unit      wajib. Kode unit kerja (Unit.kode), mis. DINKES.
    nip_atasan     pilihan. NIP atasan langsung: pegawai yang sudah ada atau
                   baris lain di berkas yang sama. Kosong = tanpa atasan
                   (pegawai baru) atau atasan tetap (pegawai yang sudah ada).

Three steps, each usable without Flask:
- `baca_berkas` turns the uploaded bytes into plain rows (JSON-ready dicts)
  or raises `BerkasDitolak` for the whole file;
- `periksa_baris` checks every row against the current database and the
  admin's scope, and says for each row: baru, diperbarui, tidak berubah or galat;
- `terapkan` re-checks and writes the valid rows in one transaction through
  kepegawaian.simpan_pegawai (history and version checks included).
"""
import json
from dataclasses import dataclass, field

from peewee import chunked

from ..db import database, perbarui_statistik
from ..inti import Galat
from ..jam import sekarang
from ..kepegawaian import dalam_wewenang, lingkup_dari, memimpin, simpan_pegawai
from ..models import JENIS_ASN, JENIS_JABATAN, ImporBatch, Pegawai, Unit
from ..riwayat import catat
from ..rules import RuleError, cari_siklus, membuat_siklus, normalisasi_nip, periksa_kelola_akun, periksa_nip
from .berkas import KOLOM_WAJIB, LABEL, PANJANG_MAKS, STATUS, baca_berkas, contoh_xlsx, terlalu_besar, ukuran

__all__ = ["baca_berkas", "contoh_xlsx", "terlalu_besar", "ukuran",
           "periksa_baris", "ringkasan", "terapkan"]


@dataclass
class HasilBaris:
    """One row of the file after checking: what it will do, or why it cannot."""
    baris: int
    nip: str
    nama: str
    jabatan: str = ""
    jenis_jabatan: str = ""
    jenis_asn: str = "pns"
    unit: Unit = None
    nip_atasan: str = ""  # the atasan after applying: from the file or kept
    pegawai: dict = None  # the existing pegawai with this NIP (see _DataKota)
    galat: list = field(default_factory=list)
    berubah: list = field(default_factory=list)  # field labels an update changes
    status: str = "galat"

    @property
    def ok(self):
        return not self.galat

    @property
    def status_label(self):
        return STATUS[self.status]


class _DataKota:
    """What the checks need from the database, in three queries whatever the
    file's size (units in chunks of 500 codes): the units named by the file,
    every pegawai as plain dicts (NIP, unit path, atasan NIP, what the
    account reads) for the lookups and the {nip: atasan nip} mapping of the
    loop check, and the paths of the admin and pemantau units."""

    def __init__(self, kode_unit):
        self.unit = {}
        for bagian in chunked(sorted(kode_unit), 500):
            self.unit.update({u.kode: u for u in Unit.select().where(Unit.kode.in_(bagian))})
        rows = list(Pegawai.select(Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.jabatan,
                                   Pegawai.jenis_jabatan, Pegawai.jenis_asn, Pegawai.unit,
                                   Pegawai.atasan, Pegawai.aktif, Pegawai.peran, Pegawai.admin_unit,
                                   Unit.path.alias("unit_path"))
                    .join(Unit, on=(Pegawai.unit == Unit.id)).dicts())
        per_id = {r["id"]: r for r in rows}
        lingkup_unit = {u.id: u.path for u in Unit.select(Unit.id, Unit.path).where(
            Unit.id.in_({r["admin_unit"] for r in rows if r["admin_unit"]}))}
        for r in rows:
            atasan = per_id.get(r["atasan"])
            r["atasan_nip"] = atasan["nip"] if atasan else None
            # What the account reads (kepegawaian.lingkup_akun's rule, from
            # these rows): what an admin must read less than to change it.
            dipimpin = r["unit_path"] if memimpin(r["jenis_jabatan"], r["unit_path"],
                                                  atasan["unit_path"] if atasan else None) else None
            r["lingkup"] = lingkup_dari(r["peran"], lingkup_unit.get(r["admin_unit"]), dipimpin)
        self.pegawai = {r["nip"]: r for r in rows}
        self.atasan_dari = {r["nip"]: r["atasan_nip"] for r in rows}


class _UnitSementara:
    """Just enough of a Unit for kepegawaian.dalam_wewenang."""

    def __init__(self, path):
        self.path = path


def periksa_baris(aktor, baris):
    """Check every parsed row for `aktor` against the current database.

    Returns one HasilBaris per row, in file order. Every problem of a row is
    listed, in plain Indonesian. A row is valid only when its atasan (if that
    is another row of the file) is valid too, so the checks repeat until
    nothing changes.
    """
    kota = _DataKota({b["kode_unit"].upper() for b in baris if b["kode_unit"]})
    hasil = [_periksa_isian(aktor, b, kota) for b in baris]
    pertama = _tandai_duplikat(hasil)
    _periksa_atasan(hasil, pertama, kota)
    for h in hasil:
        h.status = "galat" if h.galat else _status(h)
    return hasil


def _periksa_isian(aktor, b, kota):
    """The checks of one row on its own (no other rows involved)."""
    h = HasilBaris(baris=b["baris"], nip=normalisasi_nip(b["nip"]) or b["nip"], nama=b["nama"],
                   jabatan=b["jabatan"])
    catatan = b.get("catatan") or {}
    h.pegawai = kota.pegawai.get(h.nip)
    asn = b["jenis_asn"].lower()
    # Empty jenis_asn: PNS for a new pegawai, unchanged for an existing one.
    h.jenis_asn = asn if asn in JENIS_ASN else (h.pegawai["jenis_asn"] if h.pegawai else "pns")
    if "nip" in catatan:
        h.galat.append(catatan["nip"])
    else:
        try:
            # With an unknown jenis_asn (reported below) only the digits are checked.
            h.nip = periksa_nip(b["nip"], "pppk" if asn and asn not in JENIS_ASN else h.jenis_asn)
        except RuleError as exc:
            h.galat.append(str(exc))
    di_luar = h.pegawai and not dalam_wewenang(aktor, _UnitSementara(h.pegawai["unit_path"]))
    if di_luar:
        h.galat.append("NIP ini milik pegawai di unit di luar wewenang Anda; tidak bisa diubah dari sini.")
    for kolom in KOLOM_WAJIB[1:]:
        if not b[kolom]:
            h.galat.append(f"{LABEL[kolom]} wajib diisi.")
    for kolom, maks in PANJANG_MAKS.items():
        if len(b[kolom]) > maks:
            h.galat.append(f"{LABEL[kolom]} terlalu panjang (paling banyak {maks} karakter).")
    if asn and asn not in JENIS_ASN:
        h.galat.append(f"Jenis ASN “{b['jenis_asn']}” tidak dikenal; isi pns atau pppk.")
    jenis = b["jenis_jabatan"].lower()
    cocok = [k for k, label in JENIS_JABATAN.items() if jenis in (k, label.lower())]
    if cocok:
        h.jenis_jabatan = cocok[0]
    elif jenis:
        h.galat.append(f"Jenis jabatan “{b['jenis_jabatan']}” tidak dikenal; isi salah satu: "
                       f"{', '.join(JENIS_JABATAN)}.")
    _periksa_unit(aktor, h, b["kode_unit"].upper(), kota)
    if "nip_atasan" in catatan:
        h.galat.append(catatan["nip_atasan"])
    elif b["nip_atasan"]:
        h.nip_atasan = normalisasi_nip(b["nip_atasan"])
        if h.nip_atasan == h.nip:
            h.galat.append("Pegawai tidak bisa menjadi atasan dirinya sendiri.")
    elif h.pegawai:
        h.nip_atasan = h.pegawai["atasan_nip"] or ""  # empty cell keeps the current atasan
    if h.pegawai and not di_luar and _perubahan(h):
        # The account rule of kepegawaian.periksa_akun, as the apply's save
        # will check it; a row that changes nothing is not written, so it
        # needs no right to change (the head of the dinas in its own file).
        try:
            periksa_kelola_akun(aktor.scope_path(), h.pegawai["lingkup"], "ubah", aktor.id == h.pegawai["id"])
        except RuleError as exc:
            h.galat.append(str(exc))
    return h


def _periksa_unit(aktor, h, kode, kota):
    if not kode:
        return  # already reported as a missing required field
    h.unit = kota.unit.get(kode)
    if h.unit is None:
        h.galat.append(f"Kode unit “{kode}” tidak ada di daftar unit kerja.")
    elif not dalam_wewenang(aktor, h.unit):
        h.galat.append(f"Unit {h.unit.nama} ({kode}) di luar wewenang Anda.")
    elif not h.unit.aktif:
        h.galat.append(f"Unit {h.unit.nama} ({kode}) sudah nonaktif.")


def _tandai_duplikat(hasil):
    """Flag repeated NIPs; returns {nip: first row with it}."""
    pertama = {}
    for h in hasil:
        if not h.nip:
            continue
        if h.nip in pertama:
            h.galat.append(f"NIP sama dengan baris {pertama[h.nip].baris}.")
        else:
            pertama[h.nip] = h
    return pertama


def _periksa_atasan(hasil, pertama, kota):
    """Atasan exists and is active, its row (if in the file) is valid, and no
    chain of atasan loops. An invalid row invalidates the rows below it, and
    a row that drops out brings back the database's atasan for its NIP, which
    may close a new loop; so both checks repeat until nothing changes."""
    for h in hasil:
        if not h.nip_atasan or h.nip_atasan == h.nip:
            continue
        atasan = kota.pegawai.get(h.nip_atasan)
        if atasan is None and h.nip_atasan not in pertama:
            h.galat.append(f"Atasan dengan NIP {h.nip_atasan} tidak ditemukan, baik di data pegawai "
                           "maupun di baris lain berkas ini.")
        elif atasan is not None and not atasan["aktif"]:
            # Import does not reactivate anyone, so a row cannot fix this.
            h.galat.append(f"Atasan {atasan['nama']} (NIP {h.nip_atasan}) sudah nonaktif; "
                           "isi nip_atasan dengan atasan yang aktif.")
    bawahan = {}
    for h in hasil:
        if pertama.get(h.nip_atasan) not in (None, h):
            bawahan.setdefault(h.nip_atasan, []).append(h)
    antre = [h for h in hasil if not h.ok]
    while True:
        _tularkan_galat(antre, pertama, bawahan)
        peta = dict(kota.atasan_dari)
        peta.update({h.nip: h.nip_atasan or None for h in hasil if h.ok})
        siklus = cari_siklus(peta)
        antre = [h for h in hasil if h.ok and h.nip in siklus]
        if not antre:
            return
        for h in antre:
            h.galat.append("Rantai atasan berputar: " + _jalur(h.nip, peta, pertama) + ".")


def _tularkan_galat(antre, pertama, bawahan):
    """Mark invalid every row whose atasan row (directly or higher up) is invalid."""
    while antre:
        atasan = antre.pop()
        if pertama.get(atasan.nip) is not atasan:
            continue  # a repeated NIP: the rows below point to its first row
        for h in bawahan.get(atasan.nip, ()):
            if h.ok:
                h.galat.append(f"Atasan (NIP {h.nip_atasan}) di baris {atasan.baris} bergalat; "
                               "perbaiki baris itu dulu.")
                antre.append(h)


def _jalur(nip, peta, pertama, maks=6):
    """The loop from `nip`, as "baris 3 (NIP …) → … → baris 3 (NIP …)";
    long loops are cut after `maks` steps."""
    def nama(n):
        return f"baris {pertama[n].baris} (NIP {n})" if n in pertama else f"NIP {n}"
    langkah, n = [nip], peta.get(nip)
    while n is not None and n != nip and len(langkah) < maks:
        langkah.append(n)
        n = peta.get(n)
    akhir = [nip] if n == nip else ["…"]
    return " → ".join([nama(m) for m in langkah] + [nama(m) if m != "…" else m for m in akhir])


def _status(h):
    """baru / diperbarui / sama (an existing pegawai the row would not change);
    fills h.berubah with the labels of the fields an update changes."""
    if h.pegawai is None:
        return "baru"
    h.berubah = _perubahan(h)
    return "diperbarui" if h.berubah else "sama"


def _perubahan(h):
    """The labels of the fields the row changes on its existing pegawai (a
    field the row could not read, e.g. an unknown unit code, counts as kept)."""
    p = h.pegawai
    baru = {"nama": h.nama, "jabatan": h.jabatan, "jenis_jabatan": h.jenis_jabatan or p["jenis_jabatan"],
            "jenis_asn": h.jenis_asn, "kode_unit": h.unit.id if h.unit else p["unit"], "nip_atasan": h.nip_atasan}
    lama = {"nama": p["nama"], "jabatan": p["jabatan"], "jenis_jabatan": p["jenis_jabatan"],
            "jenis_asn": p["jenis_asn"], "kode_unit": p["unit"], "nip_atasan": p["atasan_nip"] or ""}
    nama = dict(LABEL, kode_unit="unit kerja", nip_atasan="atasan")
    return [nama[k].lower() for k in baru if baru[k] != lama[k]]


def ringkasan(hasil):
    """Counts per status, plus "valid" (rows that will be written or kept)."""
    n = {k: 0 for k in STATUS}
    for h in hasil:
        n[h.status] += 1
    n["valid"] = n["baru"] + n["diperbarui"] + n["sama"]
    n["ditulis"] = n["baru"] + n["diperbarui"]
    n["total"] = len(hasil)
    return n


# ---------------------------------------------------------------- applying

# Rows written by one batch from which the planner's statistics are refreshed
# right after it (kinerja.db.perbarui_statistik: a fraction of a second).
STATISTIK_SETELAH = 50


def terapkan(aktor, batch):
    """Apply a batch once: re-check, then write every valid row in ONE
    transaction. Returns the result dict, or None when the batch was already
    applied (by a double submit or another tab).

    Raises inti.Galat or inti.Konflik (everything rolled back) if
    no row is valid or the database changed in a way the re-check missed.
    """
    with database.atomic():
        # Claim the batch first: of two concurrent applies only one gets the row.
        if not (ImporBatch.update(diterapkan=sekarang())
                .where((ImporBatch.id == batch.id) & ImporBatch.diterapkan.is_null()).execute()):
            return None
        hasil = periksa_baris(aktor, json.loads(batch.baris))
        n = ringkasan(hasil)
        if not n["valid"]:
            raise Galat({"impor": "Tidak ada baris valid untuk diterapkan. "
                                  "Perbaiki berkas, lalu unggah lagi."})
        dibuat = _tulis(aktor, [h for h in hasil if h.status in ("baru", "diperbarui")])
        ringkas = {"dibuat": len(dibuat), "diperbarui": n["diperbarui"], "sama": n["sama"],
                   "dilewati": n["galat"], "pegawai_baru": dibuat}
        ImporBatch.update(hasil=json.dumps(ringkas, ensure_ascii=False)).where(
            ImporBatch.id == batch.id).execute()
        catat(aktor, batch, "diterapkan", None, {k: v for k, v in ringkas.items() if k != "pegawai_baru"})
    if ringkas["dibuat"] + ringkas["diperbarui"] >= STATISTIK_SETELAH:
        # A big batch changes the tables' sizes at once: the planner's old
        # statistics made PostgreSQL join a new team of 500 row by row (6 s
        # instead of 0.5 ms for one queue query) until autovacuum caught up.
        perbarui_statistik()
    return ringkas


def _tulis(aktor, rows):
    """Create or update `rows`; returns the new pegawai in file order.

    New pegawai are created after the rows naming them as atasan, so each
    gets its atasan in its one "dibuat" history entry. An existing pegawai
    whose new atasan would, for a moment, close a loop with a row not yet
    written keeps its current atasan and gets the new one in a second pass;
    the final mapping was checked free of loops, so every pass makes progress.
    """
    objek = _muat_pegawai(rows)
    peta = {p["id"]: p["atasan"] for p in _peta_atasan()}
    tunda, dibuat = [], []
    for h in _urut_atasan_dulu(rows):
        atasan, lama = objek.get(h.nip_atasan), objek.get(h.nip)
        if lama is not None and atasan is not None and lama.atasan_id != atasan.id \
                and membuat_siklus(lama.id, atasan.id, peta.get):
            tunda.append(h)
            atasan = lama.atasan
        p = objek[h.nip] = _simpan(aktor, h, lama, atasan)
        peta[p.id] = p.atasan_id
        if lama is None:
            dibuat.append({"baris": h.baris, "id": p.id, "nip": p.nip, "nama": p.nama})
    while tunda:
        sisa = []
        for h in tunda:
            p, atasan = objek[h.nip], objek[h.nip_atasan]
            if membuat_siklus(p.id, atasan.id, peta.get):
                sisa.append(h)
                continue
            _simpan(aktor, h, p, atasan)
            peta[p.id] = atasan.id
        if len(sisa) == len(tunda):  # cannot happen for a loop-free mapping; never spin
            raise RuntimeError("urutan atasan impor tidak bisa diselesaikan")
        tunda = sisa
    return sorted(dibuat, key=lambda d: d["baris"])


def _peta_atasan():
    """Every pegawai's id and atasan id, in one query (for loop checks while writing)."""
    return Pegawai.select(Pegawai.id, Pegawai.atasan).dicts()


def _urut_atasan_dulu(rows):
    """Rows ordered so that a row comes after the file row that is its atasan."""
    per_nip = {h.nip: h for h in rows}
    kedalaman = {}
    for h in rows:
        jalur, n = [], h
        while n is not None and n.nip not in kedalaman:
            jalur.append(n)
            n = per_nip.get(n.nip_atasan)
        d = kedalaman[n.nip] + 1 if n is not None else 0
        for m in reversed(jalur):
            kedalaman[m.nip] = d
            d += 1
    return sorted(rows, key=lambda h: (kedalaman[h.nip], h.baris))


def _muat_pegawai(rows):
    """Pegawai objects for the rows' NIPs and their atasan, in few queries."""
    nips = {h.nip for h in rows} | {h.nip_atasan for h in rows if h.nip_atasan}
    objek = {}
    for bagian in chunked(sorted(nips), 500):
        objek.update({p.nip: p for p in Pegawai.select().where(Pegawai.nip.in_(bagian))})
    return objek


def _simpan(aktor, h, pegawai, atasan):
    """One row through the shared save (rules, version check, history)."""
    data = {"nip": h.nip, "nama": h.nama, "jabatan": h.jabatan, "jenis_jabatan": h.jenis_jabatan,
            "jenis_asn": h.jenis_asn, "unit": h.unit, "atasan": atasan}
    try:
        return simpan_pegawai(aktor, data, pegawai, pegawai.version if pegawai else None)
    except Galat as exc:  # the re-check missed something: say which row
        raise Galat({k: f"Baris {h.baris}: {v}" for k, v in exc.errors.items()}) from None
    except RuleError as exc:  # the account changed hands since the preview
        raise Galat({"nip": f"Baris {h.baris}: {exc}"}) from None
