"""Rows as a downloaded file: CSV (UTF-8 with BOM, comma or semicolon) or
XLSX (typed cells, a frozen bold header, text kept as text). A helper
without routes: a page builds (title, header, rows) from the same data it
shows and answers with `berkas`.

Text that a spreadsheet would run as a formula never runs: in a CSV it is
put behind an apostrophe (shown as typed), in an XLSX it is a string cell.
A `Teks` (a NIP: 18 digits) stays text in XLSX; in CSV it is written as its
plain digits, for machine consumers (e.g. an SIASN import): Excel users are
pointed to the XLSX, where the NIP stays whole.
"""
import csv
import datetime
import io
import re

from flask import send_file

JENIS_BERKAS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet may read as the start of a formula (OWASP CSV injection).
RUMUS = ("=", "+", "-", "@", "\t", "\r")
# Characters a sheet title may not hold (Excel, openpyxl), and its length.
_TIDAK_BOLEH_DI_JUDUL = re.compile(r"[\\*?:/\[\]]")
MAKS_JUDUL_LEMBAR = 31


class Teks(str):
    """A value kept as text in a spreadsheet (a NIP: 18 digits, never a number)."""


def teks_sel(v):
    """A value as a CSV cell: times as YYYY-MM-DD HH:MM (Excel reads them as
    dates); text that a spreadsheet would run as a formula (a typed
    "=HYPERLINK(...)", also behind spaces or a line break) behind an
    apostrophe, shown as typed."""
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, str) and (v.startswith(RUMUS) or v.lstrip().startswith(RUMUS)):
        return "'" + v
    return str(v)


def judul_lembar(judul):
    """`judul` as an XLSX sheet title: no : \\ / ? * [ ], at most 31
    characters, not quoted, never empty."""
    bersih = _TIDAK_BOLEH_DI_JUDUL.sub("-", judul or "")[:MAKS_JUDUL_LEMBAR].strip().strip("'").strip()
    return bersih or "Lembar1"


def berkas(jenis, judul, kolom, baris, nama, titik_koma=False):
    """The rows as a download named `nama`.`jenis`: "csv" (UTF-8 with BOM;
    semicolons with `titik_koma`, for Excel set to Indonesian) or "xlsx"."""
    if jenis == "csv":
        buf = io.StringIO()
        tulis = csv.writer(buf, delimiter=";" if titik_koma else ",", lineterminator="\r\n")
        tulis.writerow(kolom)
        tulis.writerows([teks_sel(v) for v in b] for b in baris)
        data, mime = ("\ufeff" + buf.getvalue()).encode("utf-8"), "text/csv"  # send_file adds the charset
    else:
        data, mime = xlsx(judul, kolom, baris), XLSX
    return send_file(io.BytesIO(data), mimetype=mime, as_attachment=True, download_name=f"{nama}.{jenis}",
                     max_age=0)


def xlsx(judul, kolom, baris):
    """The bytes of a one-sheet workbook: bold frozen header, typed cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(judul_lembar(judul))
    ws.freeze_panes = "A2"
    tebal = Font(bold=True)
    kepala = []
    for k in kolom:
        sel = WriteOnlyCell(ws, value=k)
        sel.font = tebal
        kepala.append(sel)
    ws.append(kepala)
    for b in baris:
        isi = []
        for v in b:
            if isinstance(v, str):
                sel = WriteOnlyCell(ws, value=str(v))
                sel.data_type = "s"  # never a formula, whatever the text starts with
                if isinstance(v, Teks):
                    sel.number_format = "@"
            else:
                sel = WriteOnlyCell(ws, value=v)
                if isinstance(v, datetime.datetime):
                    sel.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(v, datetime.date):
                    sel.number_format = "yyyy-mm-dd"
            isi.append(sel)
        ws.append(isi)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
