"""Reading an uploaded pegawai file (CSV or XLSX) into plain rows.

Refuses a whole file with BerkasDitolak (empty, too large, binary, old .xls,
corrupt XLSX, missing columns); the columns are described in kinerja.impor.
"""
import csv
import io
import re

from ..inti import BerkasDitolak

KOLOM = ("nip", "nama", "jabatan", "jenis_jabatan", "jenis_asn", "kode_unit", "nip_atasan")
KOLOM_WAJIB = ("nip", "nama", "jabatan", "jenis_jabatan", "kode_unit")
LABEL = {"nip": "NIP", "nama": "Nama", "jabatan": "Jabatan", "jenis_jabatan": "Jenis jabatan",
         "jenis_asn": "Jenis ASN", "kode_unit": "Kode unit", "nip_atasan": "NIP atasan"}
PANJANG_MAKS = {"nama": 200, "jabatan": 200}
STATUS = {"baru": "Baru", "diperbarui": "Diperbarui", "sama": "Tidak berubah", "galat": "Galat"}

PESAN_FLOAT = ("{label} terbaca sebagai angka desimal ({nilai}), sehingga angka belakangnya bisa "
               "hilang. Format kolom {kolom} sebagai Teks di Excel, ketik ulang NIP-nya, lalu unggah lagi.")
PESAN_BUKAN = ("Berkas ini bukan CSV atau XLSX. Dari Excel, pilih Simpan Sebagai "
               "“Buku Kerja Excel (.xlsx)” atau “CSV”, lalu unggah lagi.")

# Signatures of common binary files; text with these starts is not a CSV.
TANDA_BINER = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"MZ", b"\x7fELF", b"Rar!",
               b"7z\xbc\xaf", b"\x1f\x8b", b"BM", b"II*\x00", b"MM\x00*", b"%!PS", b"RIFF")
TANDA_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: old .xls (and .doc)
TANDA_ZIP = b"PK\x03\x04"


# ---------------------------------------------------------------- reading

def baca_berkas(stream, maks_bytes, maks_baris):
    """Read an uploaded file into rows: a list of dicts with the KOLOM keys as
    strings, plus "baris" (row number in the file) and "catatan" (problems
    already visible while reading, e.g. a NIP that came as a float).

    Reads at most maks_bytes + 1 bytes, so an oversized upload is never held
    whole in memory. Raises BerkasDitolak for a file that cannot be used.
    """
    data = stream.read(maks_bytes + 1)
    if len(data) > maks_bytes:
        raise terlalu_besar(maks_bytes)
    if not data.strip():
        raise BerkasDitolak("Berkas kosong. Isi baris judul kolom dan paling sedikit satu baris pegawai.")
    if data.startswith(TANDA_ZIP):
        tabel = _tabel_xlsx(data)
    elif data.startswith(TANDA_XLS):
        raise BerkasDitolak("Berkas .xls (Excel versi lama) tidak bisa dibaca. Buka di Excel, pilih "
                            "Simpan Sebagai “Buku Kerja Excel (.xlsx)” atau “CSV”, lalu unggah lagi.")
    else:
        tabel = _tabel_csv(data)
    return _baris_dari_tabel(tabel, maks_baris)


def terlalu_besar(maks_bytes):
    """The refusal of a file over the size limit (HTTP 413)."""
    return BerkasDitolak(f"Berkas lebih besar dari batas {ukuran(maks_bytes)}. "
                         "Bagi menjadi beberapa berkas, lalu unggah satu per satu.", 413)


def ukuran(n):
    """A byte count as people say it: "2 MB", "512 KB"."""
    teks = f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"
    return teks.replace(".", ",")  # Indonesian decimal comma


def _teks(data):
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252.

    Refuses binary content whatever the file's name: a PNG renamed .csv
    would otherwise "decode" as cp1252 garbage and show as nonsense rows.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BerkasDitolak(PESAN_BUKAN) from None
    awal = data[:8192]
    kendali = sum(1 for b in awal if b < 32 and b not in (9, 10, 12, 13))
    if data.startswith(TANDA_BINER) or b"\x00" in awal or kendali > max(2, len(awal) // 100):
        raise BerkasDitolak(PESAN_BUKAN)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Excel on Windows saves "CSV" in the ANSI code page.
        return data.decode("cp1252", errors="replace")


def _pemisah(teks):
    """The delimiter of the header line: the most frequent of , ; and tab.

    The header is the one line certain to hold only column names, so counting
    there beats csv.Sniffer, which guesses wrong on short files and on
    values such as "Nurhayati, S.Pd". Indonesian Excel exports use ";".
    """
    for baris in teks.splitlines():
        if baris.strip():
            return max((",", ";", "\t"), key=baris.count)
    return ","


def _tabel_csv(data):
    """The records of a CSV file as (row number, cells); a record is a row in Excel."""
    teks = _teks(data)
    reader = csv.reader(io.StringIO(teks, newline=""), delimiter=_pemisah(teks))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise BerkasDitolak(f"Berkas CSV tidak bisa dibaca ({exc}). "
                            "Simpan ulang dari Excel sebagai CSV.") from None


def _tabel_xlsx(data):
    """The rows of the first sheet as (row number, cell values), row 1 first."""
    from openpyxl import load_workbook
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # BadZipFile, KeyError, InvalidFileException...: on an untrusted zip
        # every failure means the same thing to the user.
        raise BerkasDitolak("Berkas XLSX rusak atau bukan buku kerja Excel. Buka di Excel, "
                            "simpan ulang sebagai .xlsx atau CSV, lalu unggah lagi.") from None
    try:
        ws = wb.worksheets[0]
        for nomor, nilai in enumerate(ws.iter_rows(values_only=True), start=1):
            yield nomor, nilai
    except Exception:  # a sheet that breaks mid-way is as corrupt as one that will not open
        raise BerkasDitolak("Berkas XLSX rusak: lembar pertama tidak bisa dibaca sampai habis. "
                            "Simpan ulang dari Excel, lalu unggah lagi.") from None
    finally:
        wb.close()


def _baris_dari_tabel(tabel, maks_baris):
    """Map the header (first non-empty row) to KOLOM, then each non-empty row to a dict."""
    tabel = iter(tabel)
    judul = None
    for nomor, nilai in tabel:
        if any(_sel(v) for v in nilai or ()):
            judul = [re.sub(r"[\s\-]+", "_", _sel(v).lower()) for v in nilai]
            break
    if judul is None:
        raise BerkasDitolak("Berkas kosong. Isi baris judul kolom dan paling sedikit satu baris pegawai.")
    kurang = [k for k in KOLOM_WAJIB if k not in judul]
    if kurang:
        raise BerkasDitolak(f"Kolom wajib tidak ada: {', '.join(kurang)}. Baris pertama berkas harus "
                            f"berisi judul kolom: {', '.join(KOLOM)}.")
    posisi = {k: judul.index(k) for k in KOLOM if k in judul}
    hasil = []
    for nomor, nilai in tabel:
        nilai = list(nilai or ())
        if not any(_sel(v) for v in nilai):
            continue  # blank lines are common at the end of exports
        if len(hasil) >= maks_baris:
            raise BerkasDitolak(f"Berkas berisi lebih dari {maks_baris} baris pegawai. "
                                "Bagi menjadi beberapa berkas, lalu unggah satu per satu.")
        hasil.append(_baris(nomor, nilai, posisi))
    if not hasil:
        raise BerkasDitolak("Berkas hanya berisi judul kolom, belum ada baris pegawai.")
    return hasil


def _baris(nomor, nilai, posisi):
    """One data row as a dict of stripped strings, noting NIP cells that came as floats."""
    row = {"baris": nomor, "catatan": {}}
    for kolom in KOLOM:
        v = nilai[posisi[kolom]] if kolom in posisi and posisi[kolom] < len(nilai) else None
        if kolom in ("nip", "nip_atasan") and _nip_rusak(v):
            row["catatan"][kolom] = PESAN_FLOAT.format(label=LABEL[kolom], kolom=kolom, nilai=str(v).strip())
        row[kolom] = _sel(v)
    return row


def _sel(v):
    """A cell as stripped text; whole floats lose their ".0"."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _nip_rusak(v):
    """True when a NIP cell came as a float: 18 digits do not fit in a double,
    so Excel's 1,99E+17 has already lost the last digits. A CSV saved from
    such a sheet carries the same scientific notation as text."""
    if isinstance(v, float):
        return True
    return isinstance(v, str) and re.fullmatch(r"\s*\d[.,]\d+E\+?\d+\s*", v, re.IGNORECASE) is not None


# ---------------------------------------------------------------- checking


def contoh_xlsx(path_csv):
    """The sample CSV as XLSX bytes, NIP columns stored and formatted as text
    so that Excel shows all 18 digits instead of 1,99E+17."""
    from openpyxl import Workbook
    with open(path_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    wb = Workbook()
    ws = wb.active
    ws.title = "Pegawai"
    for row in rows:
        ws.append(row)
    for i, judul in enumerate(rows[0], start=1):
        kolom = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[kolom].width = max(len(r[i - 1]) for r in rows if len(r) >= i) + 2
        if judul in ("nip", "nip_atasan"):
            for (cell,) in ws.iter_rows(min_row=1, min_col=i, max_col=i):
                cell.number_format = "@"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
