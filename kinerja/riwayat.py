"""The history (audit) record every state change writes, and its reading.

`catat` writes one row per change with the changed fields before/after.
`untuk` reads an object's latest rows ready to show: the actor's name, and
each change as (label, before, after) where an id of a person or a unit
reads as its name and a code (status, jenis, ...) as its label, all names
looked up in one batched query per kind, never one per row.
"""
import json

from peewee import JOIN

from .models import Pegawai, Riwayat, Unit

# A read of a person's documents from outside their chain (skp.akses.catat_dilihat):
# data {"dokumen": [None, what was read], "sebagai": [None, how]}.
AKSI_DILIHAT = "dokumen_dilihat"


def catat(aktor, objek, aksi, sebelum=None, sesudah=None, alasan=None):
    """Record who did what to which object, with the changed fields before/after.

    `objek` is a model instance (current_user is unwrapped: its proxy's type
    is not the row's); only fields whose value changed are kept. Call inside
    the transaction that makes the change.
    """
    objek = getattr(objek, "_get_current_object", lambda: objek)()
    data = {}
    sebelum, sesudah = sebelum or {}, sesudah or {}
    for key in sorted(set(sebelum) | set(sesudah)):
        a, b = sebelum.get(key), sesudah.get(key)
        if a != b:
            data[key] = [_plain(a), _plain(b)]
    return Riwayat.create(
        aktor=getattr(aktor, "id", aktor), objek=type(objek).__name__.lower(),
        objek_id=objek.id, aksi=aksi, data=json.dumps(data, ensure_ascii=False),
        alasan=(alasan or None))


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# ---------------------------------------------------------------- reading

# Columns whose stored value may be a row id (older rows and the admin's
# pegawai/unit edits store ids; the SKP's own entries store names).
KOLOM_PEGAWAI = ("atasan", "penilai", "atasan_penilai", "pegawai")
KOLOM_UNIT = ("unit", "parent", "admin_unit")

LABEL_KOLOM = {
    "nip": "NIP", "nama": "Nama", "jabatan": "Jabatan", "jenis_jabatan": "Jenis jabatan",
    "jenis_asn": "Jenis ASN", "unit": "Unit kerja", "atasan": "Atasan langsung", "peran": "Peran",
    "admin_unit": "Unit lingkup (admin/pemantau)", "aktif": "Aktif", "kode": "Kode unit", "jenis": "Jenis",
    "parent": "Unit induk", "status": "Status", "tahun": "Tahun", "mulai": "Mulai", "selesai": "Selesai",
    "frekuensi": "Frekuensi", "periode": "Periode", "pendekatan": "Pendekatan",
    "penilai": "Pejabat penilai", "atasan_penilai": "Atasan pejabat penilai", "pegawai": "Pegawai",
    "uraian": "Uraian", "perspektif": "Perspektif", "rhk_atasan": "RHK atasan yang diintervensi",
    "rhk": "RHK", "aspek": "Aspek", "indikator": "Indikator", "target": "Target",
    "dukungan_sumber_daya": "Dukungan sumber daya", "skema_pertanggungjawaban": "Skema pertanggungjawaban",
    "konsekuensi": "Konsekuensi", "dibuka_admin": "Kunci periode dibuka admin", "dari": "Disalin dari periode",
    "predikat": "Predikat", "iki": "IKI", "berkas": "Berkas", "tautan": "Tautan", "bukti": "Bukti dukung",
    "keberatan": "Keberatan", "teks": "Teks", "perangkat": "Perangkat", "jumlah": "Jumlah",
    "cara_hitung": "Cara menghitung setahun", "target_periode": "Target tiap periode",
    "daftar": "Daftar",
    "data_layanan": "Data layanan", "usulan_data_layanan": "Usulan data layanan", "jawaban": "Jawaban",
    "standar_menit": "Waktu standar (menit)", "petugas": "Petugas", "hasil": "Hasil layanan",
    "alasan": "Alasan",
}


def _label_nilai():
    """Code -> label per column, and per object type where a code means two things."""
    from .models import FREKUENSI, JENIS_ASN, JENIS_JABATAN, JENIS_UNIT, PERAN, STATUS_PERIODE
    from .rules import PREDIKAT, PREDIKAT_ORGANISASI, STATUS_EVALUASI, STATUS_SKP
    from .skp.models import ASPEK, JENIS_RHK, PENDEKATAN, PERSPEKTIF
    umum = {
        "jenis_jabatan": JENIS_JABATAN, "jenis_asn": JENIS_ASN, "peran": PERAN, "frekuensi": FREKUENSI,
        "jenis": {**JENIS_UNIT, **JENIS_RHK}, "pendekatan": PENDEKATAN, "aspek": ASPEK,
        "perspektif": PERSPEKTIF, "predikat": PREDIKAT,
        # On an SKP the status is the SKP's, or (evaluation entries) its evaluation's.
        "status": {**STATUS_EVALUASI, **STATUS_SKP},
    }
    per_objek = {"periode": {"status": STATUS_PERIODE},
                 "predikatunit": {"predikat": PREDIKAT_ORGANISASI},
                 # A downloaded rekap list (aksi "rekap_diunduh"): the file's kind.
                 "unit": {"berkas": {"csv": "CSV", "xlsx": "XLSX"}}}
    return umum, per_objek


def _label_kolom(kolom):
    from .rules import BERAKHLAK
    if kolom in BERAKHLAK:
        return f"Ekspektasi {BERAKHLAK[kolom]['nama']}"
    return LABEL_KOLOM.get(kolom) or kolom.replace("_", " ").capitalize()


def _id(nilai):
    """`nilai` as a row id, or None (a bool is not an id, a name is not)."""
    return nilai if isinstance(nilai, int) and not isinstance(nilai, bool) else None


def jelaskan(baris, objek=None):
    """Give each history row `rincian`: [(label, before, after)] as people read
    them. Ids in the person and unit columns become names with one query per
    kind for all rows together; a value no longer found keeps its id."""
    ubah = [(r, r.perubahan) for r in baris]
    cari = {"pegawai": set(), "unit": set()}
    for _, data in ubah:
        for kolom, pasangan in data.items():
            jenis = "pegawai" if kolom in KOLOM_PEGAWAI else "unit" if kolom in KOLOM_UNIT else None
            if jenis:
                cari[jenis].update(i for i in map(_id, pasangan) if i is not None)
    nama = {"pegawai": {}, "unit": {}}
    if cari["pegawai"]:
        nama["pegawai"] = dict(Pegawai.select(Pegawai.id, Pegawai.nama)
                               .where(Pegawai.id.in_(sorted(cari["pegawai"]))).tuples())
    if cari["unit"]:
        nama["unit"] = dict(Unit.select(Unit.id, Unit.nama).where(Unit.id.in_(sorted(cari["unit"]))).tuples())
    umum, per_objek = _label_nilai()
    for r, data in ubah:
        if r.aksi == AKSI_DILIHAT:
            r.aksi, r.rincian = _dilihat(data), []
            continue
        label = dict(umum, **per_objek.get(objek or r.objek, {}))
        r.rincian = [(_label_kolom(k), *(_tampil(k, v, nama, label) for v in pasangan))
                     for k, pasangan in data.items()]
    return baris


def _dilihat(data):
    """A logged read as one line: "dokumen dilihat (pemantau): SKP 2026"."""
    dokumen = (data.get("dokumen") or [None, None])[1] or "dokumen"
    sebagai = (data.get("sebagai") or [None, None])[1]
    return f"dokumen dilihat{f' ({sebagai})' if sebagai else ''}: {dokumen}"


def _tampil(kolom, nilai, nama, label):
    """One stored value as shown: a name for an id, a label for a code."""
    if nilai is None or nilai == "":
        return "–"
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    jenis = "pegawai" if kolom in KOLOM_PEGAWAI else "unit" if kolom in KOLOM_UNIT else None
    if jenis and _id(nilai) is not None:
        return nama[jenis].get(nilai, f"#{nilai}")
    if isinstance(nilai, str) and kolom in label:
        return label[kolom].get(nilai, nilai)
    return nilai


def kueri(objek):
    """An object's history rows, newest first, with only the actor's id and
    name joined (not the whole person)."""
    aktor = Pegawai.alias()
    return (Riwayat.select(Riwayat, aktor.id, aktor.nama)
            .join(aktor, on=(Riwayat.aktor == aktor.id), join_type=JOIN.LEFT_OUTER, attr="aktor")
            .where((Riwayat.objek == type(objek).__name__.lower()) & (Riwayat.objek_id == objek.id))
            .order_by(Riwayat.waktu.desc(), Riwayat.id.desc()))


def untuk(objek, limit=50):
    """The latest `limit` history rows of one object, ready to show (jelaskan)."""
    return jelaskan(list(kueri(objek).limit(limit)), type(objek).__name__.lower())
