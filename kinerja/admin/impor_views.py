"""Admin: import pegawai from a CSV or XLSX file.

Upload -> preview (re-checked against the database every time it is shown)
-> apply once, in one transaction -> result. The parsing and the rules live
in kinerja/impor.py; these views only parse input, check who may see which
batch, and render.
"""
import io
import json
import os
from functools import wraps

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from .. import impor
from ..auth import admin_required
from ..forms import KinerjaForm
from ..models import ImporBatch
from ..pengajuan import idempoten
from ..web import proses, tombol
from . import bp

CONTOH_CSV = os.path.join(os.path.dirname(os.path.dirname(__file__)), "contoh", "impor-pegawai.csv")


class ImporForm(KinerjaForm):
    berkas = FileField("Berkas CSV atau XLSX", validators=[FileRequired("Pilih berkas CSV atau XLSX dulu.")])


# Room for the multipart headers and the form's other fields around the file.
SELIPAN_MULTIPART = 64 * 1024


def _tolak_kebesaran(view):
    """Refuse a request far over the size limit before @idempoten hashes it,
    since that hash reads the whole upload into memory."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        batas = current_app.config["MAX_IMPORT_BYTES"]
        if request.method == "POST" and (request.content_length or 0) > batas + SELIPAN_MULTIPART:
            form = ImporForm()
            form.berkas.errors = [str(impor.terlalu_besar(batas))]
            return _tampil_unggah(form, 413)
        return view(*args, **kwargs)
    return wrapper


def _tampil_unggah(form, status):
    batas = impor.ukuran(current_app.config["MAX_IMPORT_BYTES"])
    return render_template("admin/impor.html", form=form, batas=batas), status


def batch_terlihat(batch_id):
    """The batch, 404 unless the current admin uploaded it or is superadmin:
    a batch holds other people's data, so its existence is private too."""
    batch = ImporBatch.get_or_none(ImporBatch.id == batch_id)
    if batch is None or not (batch.pegawai_id == current_user.id or current_user.is_superadmin):
        abort(404)
    return batch


@bp.route("/impor", methods=["GET", "POST"], endpoint="impor")
@admin_required
@_tolak_kebesaran
@idempoten
def impor_unggah():
    """Upload a file; its rows are kept in an ImporBatch, nothing is written to Pegawai."""
    form = ImporForm()

    def baca():
        berkas, cfg = form.berkas.data, current_app.config
        baris = impor.baca_berkas(berkas.stream, cfg["MAX_IMPORT_BYTES"], cfg["MAX_IMPORT_ROWS"])
        batch = ImporBatch.create(pegawai=current_user.id, nama_file=(berkas.filename or "berkas")[:255],
                                  baris=json.dumps(baris, ensure_ascii=False))
        return (url_for(".impor_pratinjau", batch_id=batch.id),
                f"{len(baris)} baris dibaca. Periksa pratinjaunya, lalu terapkan.")
    return proses(form, baca, lambda status, _: _tampil_unggah(form, status))


@bp.get("/impor/<int:batch_id>")
@admin_required
def impor_pratinjau(batch_id):
    """Every row of the file with its status and problems, checked afresh."""
    batch = batch_terlihat(batch_id)
    if batch.diterapkan:
        return redirect(url_for(".impor_hasil", batch_id=batch.id), code=303)
    hasil = impor.periksa_baris(current_user, json.loads(batch.baris))
    return render_template("admin/impor_pratinjau.html", batch=batch, hasil=hasil,
                           n=impor.ringkasan(hasil), form=KinerjaForm())


@bp.post("/impor/<int:batch_id>/terapkan")
@admin_required
@idempoten
def impor_terapkan(batch_id):
    """Write the valid rows once; a second apply just shows the first result."""
    batch = batch_terlihat(batch_id)
    if batch.diterapkan is not None:
        return redirect(url_for(".impor_hasil", batch_id=batch.id), code=303)
    # Refused when the database changed since the preview: nothing was
    # written, and the preview (checked afresh) says what is wrong now.
    return tombol(lambda: impor.terapkan(current_user._get_current_object(), batch), "Impor diterapkan.",
                  url_for(".impor_hasil", batch_id=batch.id), lambda: impor_pratinjau(batch.id),
                  awalan="Impor belum diterapkan: ")


@bp.get("/impor/<int:batch_id>/hasil")
@admin_required
def impor_hasil(batch_id):
    """What an applied batch did."""
    batch = batch_terlihat(batch_id)
    if batch.diterapkan is None:
        return redirect(url_for(".impor_pratinjau", batch_id=batch.id), code=303)
    return render_template("admin/impor_hasil.html", batch=batch, hasil=json.loads(batch.hasil or "{}"))


@bp.get("/impor/contoh.csv")
@admin_required
def impor_contoh_csv():
    """The sample file, as it is shipped."""
    return send_file(CONTOH_CSV, mimetype="text/csv", as_attachment=True,
                     download_name="impor-pegawai.csv")


@bp.get("/impor/contoh.xlsx")
@admin_required
def impor_contoh_xlsx():
    """The same sample as an Excel workbook, NIP columns formatted as text."""
    return send_file(io.BytesIO(impor.contoh_xlsx(CONTOH_CSV)), as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     download_name="impor-pegawai.xlsx")
