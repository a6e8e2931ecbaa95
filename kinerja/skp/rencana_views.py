"""RHK and IKI of an SKP: add, edit, delete and reorder.

One mechanism for both renderings: every change answers POST -> 303 -> the
SKP page; an htmx request (hx-post/hx-get on the RHK part) follows the
redirect and receives only the RHK fragment. Edit and confirm-delete states
are the same SKP page with one RHK/IKI opened, so no-JS users get them too.
"""
from flask import request, url_for
from flask_login import current_user, login_required

from ..forms import KinerjaForm
from ..pengajuan import idempoten
from ..rules import tulis_angka
from ..web import pastikan, proses
from . import bp
from .akses import iki_dari, rhk_dari, skp_terlihat
from .formulir import IkiForm, RhkForm
from .konteks import tampil
from .rencana import (geser_rhk, hapus_iki, hapus_rhk, pilihan_rhk_atasan, simpan_iki,
                      simpan_rhk)

KONFLIK_RHK = {"jenis": lambda r: r.jenis, "uraian": lambda r: r.uraian,
               "rhk_atasan": lambda r: r.rhk_atasan_id or "", "perspektif": lambda r: r.perspektif or ""}
KONFLIK_IKI = {"aspek": lambda i: i.aspek, "indikator": lambda i: i.indikator,
               "target_min": lambda i: i.target_min if i.target_min is not None else "",
               "target_maks": lambda i: i.target_maks if i.target_maks is not None else "",
               "satuan": lambda i: i.satuan, "target_teks": lambda i: i.target_teks,
               "cara_hitung": lambda i: i.cara_hitung,
               "target_periode": lambda i: i.target_periode if i.target_periode is not None else "",
               "ukuran_layanan": lambda i: i.ukuran_layanan or "",
               "ukuran_hari": lambda i: i.ukuran_hari if i.ukuran_hari is not None else ""}


def _skp_pemilik(skp_id):
    skp = skp_terlihat(skp_id)
    pastikan("pemilik" in skp.peran_saya, "Hanya pegawai pemilik SKP yang bisa mengubah RHK dan IKI.")
    return skp


def _rhk_form(skp, rhk=None):
    form = RhkForm(obj=rhk) if rhk is not None else RhkForm()
    if rhk is not None and request.method == "GET":
        form.rhk_atasan.data = str(rhk.rhk_atasan_id or "")
    form.isi_pilihan(pilihan_rhk_atasan(skp)[1])
    return form


@bp.post("/skp/<int:skp_id>/rhk")
@login_required
@idempoten
def rhk_tambah(skp_id):
    """Add an RHK at the end of its jenis."""
    skp = _skp_pemilik(skp_id)
    form = _rhk_form(skp)
    return _simpan(skp, form, lambda: simpan_rhk(current_user, skp, form.data),
                   lambda rhk: f"rhk-{rhk.id}", "RHK ditambahkan.", form_rhk=form)


def _simpan(skp, form, simpan, anchor, pesan, konflik_fields=None, **keadaan):
    """Every RHK/IKI form: save, then 303 to the SKP anchored at the changed
    RHK, or the SKP page with the form and its messages."""
    def simpan_lalu_kembali():
        hasil = simpan()
        return url_for(".lihat", skp_id=skp.id, _anchor=anchor(hasil) if callable(anchor) else anchor), pesan
    return proses(form, simpan_lalu_kembali,
                  lambda status, konflik: tampil(skp, status, konflik=konflik, **keadaan), konflik_fields)


@bp.route("/skp/<int:skp_id>/rhk/<int:rhk_id>", methods=["GET", "POST"])
@login_required
@idempoten
def rhk_ubah(skp_id, rhk_id):
    """Edit an RHK in place; a stale version answers 409 with both versions."""
    skp = _skp_pemilik(skp_id)
    rhk = rhk_dari(skp, rhk_id)
    form = _rhk_form(skp, rhk)
    fields = {k: v for k, v in KONFLIK_RHK.items() if k != ("rhk_atasan" if skp.puncak else "perspektif")}
    return _simpan(skp, form, lambda: simpan_rhk(current_user, skp, form.data, rhk, form.version.data),
                   f"rhk-{rhk.id}", "RHK disimpan.", fields, sunting=rhk.id, form_rhk_ubah=form)


@bp.route("/skp/<int:skp_id>/rhk/<int:rhk_id>/hapus", methods=["GET", "POST"])
@login_required
@idempoten
def rhk_hapus(skp_id, rhk_id):
    """Confirm, then delete an RHK with its IKI."""
    skp = _skp_pemilik(skp_id)
    rhk = rhk_dari(skp, rhk_id)
    return _hapus(skp, rhk, hapus_rhk, "rhk", "RHK dihapus.", hapus=rhk.id)


def _hapus(skp, obj, hapus_fn, anchor, pesan, **keadaan):
    """The confirm-then-delete cycle of an RHK or IKI: GET asks, POST deletes
    with the version the page showed (stale -> 409, nothing deleted)."""
    form = KinerjaForm()

    def hapus():
        hapus_fn(current_user, skp, obj, request.form.get("version"))
        return url_for(".lihat", skp_id=skp.id, _anchor=anchor), pesan
    return proses(form, hapus, lambda status, _: tampil(skp, status, form_hapus=form, **keadaan))


@bp.post("/skp/<int:skp_id>/rhk/<int:rhk_id>/geser")
@login_required
@idempoten
def rhk_geser(skp_id, rhk_id):
    """Move an RHK up or down within its jenis."""
    skp = _skp_pemilik(skp_id)
    rhk = rhk_dari(skp, rhk_id)
    form = KinerjaForm()
    return _simpan(skp, form, lambda: geser_rhk(current_user, skp, rhk, request.form.get("arah")),
                   f"rhk-{rhk.id}", "Urutan RHK diubah.", form_galat=form)


@bp.route("/skp/<int:skp_id>/rhk/<int:rhk_id>/iki", methods=["GET", "POST"])
@login_required
@idempoten
def iki_tambah(skp_id, rhk_id):
    """Add an IKI to an RHK (GET opens the form under that RHK)."""
    skp = _skp_pemilik(skp_id)
    rhk = rhk_dari(skp, rhk_id)
    form = IkiForm()
    return _simpan(skp, form, lambda: simpan_iki(current_user, skp, rhk, form.data),
                   f"rhk-{rhk.id}", "IKI ditambahkan.", tambah_iki=rhk.id, form_iki=form)


@bp.route("/skp/<int:skp_id>/iki/<int:iki_id>", methods=["GET", "POST"])
@login_required
@idempoten
def iki_ubah(skp_id, iki_id):
    """Edit an IKI in place; a stale version answers 409 with both versions."""
    skp = _skp_pemilik(skp_id)
    iki = iki_dari(skp, iki_id)
    form = IkiForm(obj=iki)
    if request.method == "GET":  # numbers as typed: "12", "7,5" (not "12.00")
        form.target_min.data, form.target_maks.data = iki.angka_target()
        form.target_periode.data = tulis_angka(iki.target_periode) if iki.target_periode is not None else ""
    return _simpan(skp, form, lambda: simpan_iki(current_user, skp, iki.rhk, form.data, iki, form.version.data),
                   f"rhk-{iki.rhk_id}", "IKI disimpan.", KONFLIK_IKI, sunting_iki=iki.id, form_iki_ubah=form)


@bp.route("/skp/<int:skp_id>/iki/<int:iki_id>/hapus", methods=["GET", "POST"])
@login_required
@idempoten
def iki_hapus(skp_id, iki_id):
    """Confirm, then delete an IKI."""
    skp = _skp_pemilik(skp_id)
    iki = iki_dari(skp, iki_id)
    return _hapus(skp, iki, hapus_iki, f"rhk-{iki.rhk_id}", "IKI dihapus.", hapus_iki=iki.id)
