"""Bukti dukung of one IKI in one period: its page (upload, link, delete,
each a small form of its own, never inside the period page's one form: see
realisasi_views) and the download, checked against who may see the SKP.
Split from realisasi_views, whose page, parts and helpers it uses."""
import os

from flask import abort, send_file
from flask_login import current_user, login_required
from peewee import JOIN

from ..forms import KinerjaForm
from ..keamanan import talisman
from ..pengajuan import idempoten
from ..skp.akses import catat_dilihat, iki_dari, skp_terlihat
from ..skp.layanan import ambil_skp, peran
from ..skp.models import Iki, Rhk
from ..web import proses
from . import bp
from .bukti import hapus, jalur, tambah_berkas, tambah_tautan
from .models import Berkas, Bukti, Realisasi
from .realisasi_views import TautanForm, UnggahForm, beri_id, info_dimulai, skp_pemilik, tampil, url_periode


@bp.get("/skp/<int:skp_id>/kinerja/<int:nomor>/iki/<int:iki_id>/bukti")
@login_required
def bukti_halaman(skp_id, nomor, iki_id):
    """One IKI's bukti dukung with the upload, link and delete forms."""
    skp = skp_terlihat(skp_id)
    iki = iki_dari(skp, iki_id)
    catat_dilihat(skp, f"Bukti dukung {info_dimulai(skp, nomor).label} {skp.periode.tahun}: {iki.indikator}")
    return tampil(skp, nomor, mode="bukti", bukti_iki=iki.id)


def _tambah(skp_id, nomor, iki_id, form, jenis, tambah):
    """The cycle of both ways to add a bukti dukung (`jenis`: "unggah" or
    "tautan"): `tambah(skp, iki)` saves and returns the success message; a
    refusal shows the IKI's bukti page with this form and what was typed."""
    skp = skp_pemilik(skp_id)
    iki = iki_dari(skp, iki_id)
    info_dimulai(skp, nomor)
    return proses(form, lambda: (url_periode(skp, nomor, iki.id), tambah(skp, iki)),
                  lambda status, _: tampil(skp, nomor, status, mode="bukti", bukti_iki=iki.id, fokus=iki.id,
                                           forms_fokus={jenis: beri_id(form, iki.id)}))


@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/iki/<int:iki_id>/bukti")
@login_required
@idempoten
def bukti_unggah(skp_id, nomor, iki_id):
    """Upload one file as bukti dukung; refused uploads store nothing."""
    form = UnggahForm()

    def unggah(skp, iki):
        bukti = tambah_berkas(current_user, skp, iki, nomor, form.berkas.data)
        return f"Bukti dukung “{bukti.nama}” diunggah."
    return _tambah(skp_id, nomor, iki_id, form, "unggah", unggah)


@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/iki/<int:iki_id>/tautan")
@login_required
@idempoten
def bukti_tautan(skp_id, nomor, iki_id):
    """Add a link (http/https only) as bukti dukung."""
    form = TautanForm()

    def tautkan(skp, iki):
        tambah_tautan(current_user, skp, iki, nomor, form.tautan.data, form.judul.data)
        return "Tautan bukti dukung ditambahkan."
    return _tambah(skp_id, nomor, iki_id, form, "tautan", tautkan)


def _bukti_dari(skp, nomor, bukti_id):
    """A bukti of this SKP in this period, else 404."""
    bukti = (Bukti.select(Bukti, Realisasi).join(Realisasi).join(Iki).join(Rhk)
             .where((Bukti.id == bukti_id) & (Rhk.skp == skp.id) & (Realisasi.nomor == nomor)).first())
    if bukti is None:
        abort(404)
    return bukti


@bp.route("/skp/<int:skp_id>/kinerja/<int:nomor>/bukti/<int:bukti_id>/hapus", methods=["GET", "POST"])
@login_required
@idempoten
def bukti_hapus(skp_id, nomor, bukti_id):
    """Confirm (on the IKI's bukti page), then delete a bukti dukung."""
    skp = skp_pemilik(skp_id)
    info_dimulai(skp, nomor)
    bukti = _bukti_dari(skp, nomor, bukti_id)
    form = KinerjaForm()
    iki_id = bukti.realisasi.iki_id

    def hapus_bukti():
        hapus(current_user, skp, bukti, nomor)
        return url_periode(skp, nomor, iki_id), f"Bukti dukung “{bukti.nama}” dihapus."
    return proses(form, hapus_bukti, lambda status, _: tampil(skp, nomor, status, mode="bukti", bukti_iki=iki_id,
                                                              hapus=bukti.id, form_hapus=form))


# ---------------------------------------------------------------- download

@bp.get("/bukti/<int:bukti_id>")
@talisman(content_security_policy="default-src 'none'; sandbox")  # an uploaded file never runs as a page
@login_required
def bukti_unduh(bukti_id):
    """A bukti file as a download, only to whoever may see its SKP (else 404)."""
    bukti = (Bukti.select(Bukti, Berkas, Realisasi, Iki, Rhk).join(Berkas, JOIN.LEFT_OUTER)
             .switch(Bukti).join(Realisasi).join(Iki).join(Rhk).where(Bukti.id == bukti_id).first())
    skp = ambil_skp(bukti.realisasi.iki.rhk.skp_id) if bukti is not None else None
    if skp is not None:
        skp.peran_saya = peran(skp, current_user)
    if skp is None or not skp.peran_saya or bukti.berkas_id is None:
        abort(404)  # someone else's evidence: its existence is not told either
    path = jalur(bukti.berkas.sha256)
    if not os.path.exists(path):
        abort(404, description="Berkas ini tidak ditemukan di penyimpanan. Minta pegawai mengunggahnya lagi.")
    catat_dilihat(skp, f"Berkas bukti dukung \u201c{bukti.nama}\u201d")
    resp = send_file(path, mimetype=bukti.berkas.mime, as_attachment=True, download_name=bukti.nama,
                     conditional=True, etag=bukti.berkas.sha256)
    resp.cache_control.private = True  # no shared cache; each reuse is revalidated (permission checked)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp
