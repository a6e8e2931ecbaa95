"""Pembinaan pages: the penilai's coaching plans for a low result, the
follow-up notes of the penilai and the pegawai, and marking a plan selesai.

The pegawai, the penilai, the atasan penilai and an admin in scope see the
plans (here and in the fragment penilaian/_pembinaan.html on the pegawai's
period page); only the penilai writes a plan or closes it.
"""
from flask import url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, RadioField, StringField, TextAreaField

from ..forms import KinerjaForm, pilihan
from ..htmx import render
from ..inti import alasan_tolak
from ..pengajuan import idempoten
from ..skp.akses import catat_dilihat
from ..web import ada_atau_404, pastikan, proses
from . import bp
from .akses import evaluasi_terlihat
from .layanan import label_periode
from .models import Pembinaan
from .pembinaan import (JENIS_PEMBINAAN, buat_pembinaan, daftar_pembinaan, pastikan_perlu_pembinaan, selesaikan,
                        tambah_catatan)

TAK_BOLEH = "Pembinaan ini hanya untuk pegawai, pejabat penilai, atasan pejabat penilai, dan admin unitnya."


class PembinaanForm(KinerjaForm):
    jenis = RadioField("Jenis pembinaan", choices=pilihan(JENIS_PEMBINAAN.items()), validate_choice=False)
    rencana = TextAreaField("Rencana pembinaan")
    pelatihan = TextAreaField("Pelatihan atau penugasan khusus (boleh kosong)")
    target_tanggal = StringField("Tanggal target")


class CatatanForm(KinerjaForm):
    teks = TextAreaField("Catatan tindak lanjut")


class SelesaiForm(KinerjaForm):
    version = HiddenField()


def _ambil(evaluasi_id):
    return evaluasi_terlihat(evaluasi_id, TAK_BOLEH)


def _rencana_dari(pembinaan_id):
    pb = ada_atau_404(Pembinaan, Pembinaan.id == pembinaan_id)
    ev, skp = _ambil(pb.evaluasi_id)
    return pb, ev, skp


def _penilai(skp):
    return "penilai" in skp.peran_saya and "pemilik" not in skp.peran_saya


def _pesan(form):
    """Every message of a small per-plan form, for the plan it belongs to."""
    return [m for pesan in form.errors.values() for m in pesan]


def _tampil(ev, skp, status=None, form=None, galat=None, isi=None):
    """The pembinaan page; without any plan, an evaluation that does not call
    for one is refused with its reason (422)."""
    rencana = daftar_pembinaan(ev)
    tolak = alasan_tolak(pastikan_perlu_pembinaan, ev)
    if tolak and not rencana and status is None:
        status = 422
    return render("penilaian/pembinaan.html", ev=ev, skp=skp, rencana=rencana, tolak=tolak,
                  label=label_periode(skp, ev), form=form or PembinaanForm(formdata=None),
                  boleh_rencana=_penilai(skp) and not tolak,
                  boleh_catat=bool(skp.peran_saya & {"pemilik", "penilai"}),
                  boleh_selesai=_penilai(skp), galat=galat or {}, isi=isi or {},
                  form_kecil=SelesaiForm(formdata=None), http_status=status or 200)


@bp.route("/penilaian/<int:evaluasi_id>/pembinaan", methods=["GET", "POST"])
@login_required
@idempoten
def pembinaan(evaluasi_id):
    """The plans of an evaluation; the penilai records a new one."""
    ev, skp = _ambil(evaluasi_id)
    form = PembinaanForm()
    if not form.is_submitted():
        catat_dilihat(skp, f"Pembinaan {label_periode(skp, ev)} {skp.periode.tahun}")
        return _tampil(ev, skp)
    pastikan(_penilai(skp), "Hanya pejabat penilai yang menyusun rencana pembinaan.")
    def buat():
        buat_pembinaan(current_user, skp, ev, form.data)
        return url_for(".pembinaan", evaluasi_id=ev.id), "Rencana pembinaan disimpan. Pegawai dapat melihatnya."
    return proses(form, buat, lambda status, _: _tampil(ev, skp, status, form=form))


@bp.post("/pembinaan/<int:pembinaan_id>/catatan")
@login_required
@idempoten
def pembinaan_catatan(pembinaan_id):
    """A follow-up note by the penilai or the pegawai."""
    pb, ev, skp = _rencana_dari(pembinaan_id)
    pastikan(skp.peran_saya & {"pemilik", "penilai"},
             "Catatan pembinaan ditulis oleh pejabat penilai atau pegawai yang dibina.")
    form = CatatanForm()

    def catat():
        tambah_catatan(current_user, skp, pb, form.data)
        return url_for(".pembinaan", evaluasi_id=ev.id, _anchor=f"pembinaan-{pb.id}"), "Catatan pembinaan ditambahkan."
    return proses(form, catat, lambda status, _: _tampil(ev, skp, status, galat={pb.id: _pesan(form)},
                                                         isi={pb.id: form.teks.data or ""}))


@bp.post("/pembinaan/<int:pembinaan_id>/selesai")
@login_required
@idempoten
def pembinaan_selesai(pembinaan_id):
    """The penilai marks a plan selesai."""
    pb, ev, skp = _rencana_dari(pembinaan_id)
    pastikan(_penilai(skp), "Hanya pejabat penilai yang menandai pembinaan selesai.")
    form = SelesaiForm()

    def selesai():
        selesaikan(current_user, skp, pb, form.version.data)
        return url_for(".pembinaan", evaluasi_id=ev.id, _anchor=f"pembinaan-{pb.id}"), "Pembinaan ditandai selesai."
    return proses(form, selesai, lambda status, _: _tampil(ev, skp, status, galat={pb.id: _pesan(form)}))
