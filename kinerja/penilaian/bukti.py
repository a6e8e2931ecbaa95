"""Bukti dukung of a realisasi: uploaded files and links.

An upload is checked completely before anything is written: the size, the
file name (no path parts), the type read from the CONTENT (a few magic
signatures, see `kenali_jenis`), and the browser's declared type and the
name's extension must agree with the content. Accepted: PDF, JPEG, PNG, and
Word/Excel documents in the current OOXML format (DOCX, XLSX).

The bytes are stored once by their SHA-256 under UPLOAD_DIR/bukti/ab/cd/<sha>
(outside static/), written to a temporary file and moved into place, so a
reader never sees half a file. Two Bukti may point to one Berkas; the file is
removed when its last Bukti is deleted.
"""
import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from urllib.parse import urlsplit

from flask import current_app, url_for
from peewee import JOIN, IntegrityError

from ..db import database
from ..inti import BerkasDitolak, Galat
from ..riwayat import catat
from ..rules import RuleError, ukuran_berkas
from .layanan import pastikan_realisasi_terbuka as pastikan_terbuka
from .models import Berkas, Bukti, Realisasi
from .realisasi import realisasi_wadah, tetap_terbuka

MAKS_BUKTI = 20  # per IKI per period: enough for a period's reports, not a dumping ground
MAKS_TAUTAN = 2000
MAKS_NAMA = 120

OOXML_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OOXML_EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# kind: (stored mime, label, extensions (first = added when the name has none), declared aliases)
JENIS = {
    "pdf": ("application/pdf", "PDF", (".pdf",), ("application/pdf", "application/x-pdf")),
    "jpeg": ("image/jpeg", "JPEG", (".jpg", ".jpeg", ".jpe", ".jfif"),
             ("image/jpeg", "image/jpg", "image/pjpeg")),
    "png": ("image/png", "PNG", (".png",), ("image/png", "image/x-png")),
    "docx": (OOXML_WORD, "Word (DOCX)", (".docx",), (OOXML_WORD,)),
    "xlsx": (OOXML_EXCEL, "Excel (XLSX)", (".xlsx",), (OOXML_EXCEL,)),
}
# What a browser sends when it does not know the type: not a disagreement.
TANPA_JENIS = ("", "application/octet-stream", "binary/octet-stream")
DITERIMA = "PDF, JPG, PNG, DOCX, atau XLSX"

# Recognised only to name them in the refusal.
TANDA_DITOLAK = (
    (b"MZ", "program Windows (.exe/.dll)"),
    (b"\x7fELF", "program"),
    (b"#!", "skrip program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "dokumen Office versi lama (.doc/.xls); simpan ulang sebagai "
                                          "DOCX/XLSX atau PDF"),
    (b"GIF8", "gambar GIF; simpan sebagai JPG atau PNG"),
    (b"Rar!", "arsip RAR"),
    (b"7z\xbc\xaf", "arsip 7z"),
    (b"\x1f\x8b", "arsip gzip"),
)


def url_bukti(bukti):
    """Where a bukti dukung is opened: an http(s) link as is, a file through the
    permission-checked download."""
    if bukti.tautan:
        return bukti.tautan if bukti.tautan.startswith(("http://", "https://")) else None
    return url_for("penilaian.bukti_unduh", bukti_id=bukti.id)


# ---------------------------------------------------------------- checks (no side effects)

def bersihkan_nama(nama):
    """The file name to show and send back on download; path parts are refused."""
    nama = unicodedata.normalize("NFC", nama or "").strip()
    if not nama:
        raise BerkasDitolak("Berkas tidak punya nama. Pilih berkasnya lagi.")
    if any(c in nama for c in "/\\:") or nama in (".", "..") or nama.startswith(".."):
        raise BerkasDitolak("Nama berkas tidak boleh memuat folder atau tanda / \\ : "
                            "(misalnya “../laporan.pdf”). Ganti nama berkasnya, lalu unggah lagi.")
    nama = "".join(c for c in nama if unicodedata.category(c)[0] != "C")  # control characters
    nama = re.sub(r"\s+", " ", nama).strip(" .")
    if not nama:
        raise BerkasDitolak("Nama berkas tidak valid. Ganti nama berkasnya, lalu unggah lagi.")
    if len(nama) > MAKS_NAMA:  # keep the extension
        dasar, ext = os.path.splitext(nama)
        nama = dasar[:MAKS_NAMA - len(ext)].rstrip() + ext
    return nama


def _ooxml(data):
    """"docx"/"xlsx" for a Word or Excel OOXML package, else a refusal."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            nama = set(z.namelist())
            if "[Content_Types].xml" not in nama:
                raise BerkasDitolak("Isi berkas adalah arsip ZIP, yang tidak diterima. "
                                    f"Unggah {DITERIMA}.")
            with z.open("[Content_Types].xml") as fh:
                jenis_isi = fh.read(256 * 1024)
    except BerkasDitolak:
        raise
    except Exception:  # any damage inside the archive (zlib, lzma, bz2, CRC, headers): refuse
        raise BerkasDitolak("Berkas rusak atau terkunci sandi, tidak bisa diperiksa. "
                            "Simpan ulang dokumennya atau ekspor ke PDF.") from None
    if b"macroEnabled" in jenis_isi or any(n.lower().endswith("vbaproject.bin") for n in nama):
        raise BerkasDitolak("Dokumen Office bermakro (.docm/.xlsm) tidak diterima. "
                            "Simpan sebagai DOCX/XLSX biasa atau PDF.")
    if b"wordprocessingml.document.main+xml" in jenis_isi and "word/document.xml" in nama:
        return "docx"
    if b"spreadsheetml.sheet.main+xml" in jenis_isi and "xl/workbook.xml" in nama:
        return "xlsx"
    raise BerkasDitolak(f"Jenis dokumen Office ini tidak diterima. Unggah {DITERIMA}.")


def kenali_jenis(data):
    """The kind of an upload from its first bytes (a key of JENIS); refuses
    everything else with a message that says what the content is."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    for tanda, nama in TANDA_DITOLAK:
        if data.startswith(tanda):
            raise BerkasDitolak(f"Isi berkas ini adalah {nama}, bukan dokumen yang diterima. "
                                f"Unggah {DITERIMA}.")
    awal = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if awal.startswith(b"<"):
        jenis = "gambar SVG" if b"<svg" in data[:4096].lower() else "halaman web (HTML/XML)"
        raise BerkasDitolak(f"Isi berkas ini adalah {jenis}, yang tidak diterima. Unggah {DITERIMA}.")
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or data[8:12] == b"WEBP":
        raise BerkasDitolak("Gambar HEIC/WEBP belum diterima. Simpan atau kirim fotonya sebagai JPG, "
                            "lalu unggah lagi.")
    raise BerkasDitolak(f"Isi berkas tidak dikenali sebagai {DITERIMA}. Nama berkas tidak menentukan "
                        "jenisnya; isinya yang diperiksa.")


def periksa_unggahan(berkas, maks_bytes):
    """(bytes, cleaned name, kind) of an uploaded FileStorage, or BerkasDitolak."""
    if berkas is None or not berkas.filename:
        raise BerkasDitolak("Pilih berkas yang akan diunggah.")
    nama = bersihkan_nama(berkas.filename)
    data = berkas.stream.read(maks_bytes + 1)
    if len(data) > maks_bytes:
        raise BerkasDitolak(f"Berkas lebih besar dari batas {ukuran_berkas(maks_bytes)}. Perkecil "
                            "(misalnya foto beresolusi lebih rendah atau PDF terkompresi), lalu unggah lagi.",
                            413)
    if not data:
        raise BerkasDitolak("Berkas kosong (0 byte). Pilih berkas yang benar.")
    jenis = kenali_jenis(data)
    mime, label, ekstensi, alias = JENIS[jenis]
    dinyatakan = (berkas.mimetype or "").lower()
    if dinyatakan not in TANPA_JENIS and dinyatakan not in alias:
        raise BerkasDitolak(f"Jenis berkas yang dikirim peramban ({dinyatakan}) tidak sama dengan isinya "
                            f"({label}). Periksa berkasnya, lalu unggah lagi.", 415)
    ext = os.path.splitext(nama)[1].lower()
    if not ext:
        nama += ekstensi[0]
    elif ext not in ekstensi:
        raise BerkasDitolak(f"Nama berkas berakhiran {ext}, tetapi isinya {label}. Ganti akhiran nama "
                            f"berkas menjadi {ekstensi[0]} atau unggah berkas yang benar.", 415)
    return data, nama, jenis


def periksa_tautan(url, judul):
    """(url, title) of a link bukti: http/https with a host only; raises Galat."""
    url = (url or "").strip()
    judul = " ".join((judul or "").split())[:MAKS_NAMA]
    if not url:
        raise Galat({"tautan": "Tautan wajib diisi, misalnya https://drive.example.go.id/laporan."})
    if len(url) > MAKS_TAUTAN or any(c.isspace() or ord(c) < 32 for c in url):
        raise Galat({"tautan": f"Tautan tidak valid (tanpa spasi, paling banyak {MAKS_TAUTAN} karakter)."})
    try:
        bagian = urlsplit(url)
        host = bagian.hostname
        bagian.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        raise Galat({"tautan": "Tautan tidak valid."}) from None
    if bagian.scheme.lower() not in ("http", "https") or not host:
        raise Galat({"tautan": "Tautan harus diawali http:// atau https:// dan memuat alamat situs."})
    if bagian.username or bagian.password:
        raise Galat({"tautan": "Tautan tidak boleh memuat nama pengguna atau kata sandi."})
    return url, judul or (host + bagian.path)[:MAKS_NAMA]


# ---------------------------------------------------------------- storage

def folder():
    """Where bukti files live: UPLOAD_DIR/bukti (never under static/)."""
    return os.path.join(current_app.config["UPLOAD_DIR"], "bukti")


def jalur(sha256):
    """The file of a Berkas: bukti/ab/cd/<sha256>."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        raise ValueError("sha256 tidak valid")
    return os.path.join(folder(), sha256[:2], sha256[2:4], sha256)


def _tulis(sha256, data):
    """Write the bytes atomically (temporary file, fsync, rename); True if written now."""
    tujuan = jalur(sha256)
    if os.path.exists(tujuan):
        return False
    os.makedirs(os.path.dirname(tujuan), mode=0o700, exist_ok=True)  # uploads: the service user's only
    fd, sementara = tempfile.mkstemp(dir=os.path.dirname(tujuan), prefix=".unggah-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(sementara, tujuan)
    except BaseException:
        if os.path.exists(sementara):
            os.unlink(sementara)
        raise
    return True


def _berkas(sha256, ukuran, mime):
    """The Berkas row of these bytes, created once (a concurrent twin is reused)."""
    ada = Berkas.get_or_none(Berkas.sha256 == sha256)
    if ada is not None:
        return ada
    try:
        with database.atomic():
            return Berkas.create(sha256=sha256, ukuran=ukuran, mime=mime)
    except IntegrityError:
        return Berkas.get(Berkas.sha256 == sha256)


def _pastikan_muat(iki, nomor):
    """Refuse a bukti beyond MAKS_BUKTI for one IKI in one period."""
    n = (Bukti.select().join(Realisasi)
         .where((Realisasi.iki == iki.id) & (Realisasi.nomor == nomor)).count())
    if n >= MAKS_BUKTI:
        raise RuleError(f"Paling banyak {MAKS_BUKTI} bukti dukung per IKI. Hapus yang tidak perlu.")


def _pastikan_belum_ada(iki, nomor, syarat, galat):
    """Refuse the same file (same bytes, same name) or the same link twice on
    one IKI in one period: that is a form sent again (e.g. after the browser's
    Back), never a second piece of evidence."""
    if (Bukti.select().join(Realisasi).switch(Bukti).join(Berkas, JOIN.LEFT_OUTER)
            .where((Realisasi.iki == iki.id) & (Realisasi.nomor == nomor) & syarat).exists()):
        raise galat


def tambah_berkas(aktor, skp, iki, nomor, berkas):
    """Store an uploaded file as a bukti of the IKI's realisasi in period `nomor`."""
    info = pastikan_terbuka(skp, aktor, nomor)
    data, nama, jenis = periksa_unggahan(berkas, current_app.config["MAX_UPLOAD_BYTES"])
    _pastikan_muat(iki, nomor)
    sha = hashlib.sha256(data).hexdigest()
    _tulis(sha, data)
    try:
        with database.atomic():
            tetap_terbuka(skp, nomor, info)
            _pastikan_muat(iki, nomor)
            _pastikan_belum_ada(iki, nomor, (Berkas.sha256 == sha) & (Bukti.nama == nama), BerkasDitolak(
                f"Berkas “{nama}” yang sama sudah menjadi bukti dukung IKI ini pada periode ini; "
                "tidak diunggah dua kali."))
            realisasi = realisasi_wadah(iki, nomor)
            baris = _berkas(sha, len(data), JENIS[jenis][0])
            bukti = Bukti.create(realisasi=realisasi, berkas=baris, nama=nama, pengunggah=aktor.id)
            catat(aktor, skp, f"Bukti dukung {info.label} diunggah", None,
                  {"iki": iki.indikator[:60], "berkas": nama})
    except IntegrityError:  # its Berkas row was removed by a concurrent delete of the last twin
        raise RuleError("Berkas sedang diproses bersamaan. Unggah sekali lagi.") from None
    except BaseException:
        if not Berkas.select().where(Berkas.sha256 == sha).exists():
            _hapus_file(sha)  # nothing refers to the bytes: leave nothing behind
        raise
    _tulis(sha, data)  # removed by a concurrent delete of its last twin: put it back
    return bukti


def tambah_tautan(aktor, skp, iki, nomor, url, judul):
    """Add a link as a bukti of the IKI's realisasi in period `nomor`."""
    info = pastikan_terbuka(skp, aktor, nomor)
    url, judul = periksa_tautan(url, judul)
    _pastikan_muat(iki, nomor)
    with database.atomic():
        tetap_terbuka(skp, nomor, info)
        _pastikan_muat(iki, nomor)
        _pastikan_belum_ada(iki, nomor, Bukti.tautan == url, Galat(
            {"tautan": "Tautan ini sudah menjadi bukti dukung IKI ini pada periode ini; "
                       "tidak ditambahkan dua kali."}))
        realisasi = realisasi_wadah(iki, nomor)
        bukti = Bukti.create(realisasi=realisasi, nama=judul, tautan=url, pengunggah=aktor.id)
        catat(aktor, skp, f"Tautan bukti {info.label} ditambah", None,
              {"iki": iki.indikator[:60], "tautan": url})
    return bukti


def _hapus_file(sha256):
    try:
        os.unlink(jalur(sha256))
    except FileNotFoundError:
        pass


def hapus(aktor, skp, bukti, nomor):
    """Delete a bukti; its file goes too when no other bukti uses the same bytes."""
    info = pastikan_terbuka(skp, aktor, nomor)
    with database.atomic():
        tetap_terbuka(skp, nomor, info)
        Bukti.delete().where(Bukti.id == bukti.id).execute()
        if bukti.berkas_id is not None and not Bukti.select().where(
                Bukti.berkas == bukti.berkas_id).exists():
            sha = Berkas.get_by_id(bukti.berkas_id).sha256
            Berkas.delete().where(Berkas.id == bukti.berkas_id).execute()
            # Last step of the transaction, while it holds the write lock: an
            # upload of the same bytes waits and then writes the file again.
            _hapus_file(sha)
        catat(aktor, skp, f"Bukti dukung {info.label} dihapus",
              {"bukti": bukti.tautan or bukti.nama}, None)
