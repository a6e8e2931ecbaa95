"""Keberatan pages: the pegawai files an objection to a final annual result;
the pejabat penilai (and only them) writes a response on the filing page;
the atasan pejabat penilai (and only them) hears both sides and decides;
a list of the objections waiting for them.

The objection, the response and the decision are shown to everyone with a
role on the SKP on the filing page and in the fragment
penilaian/_keberatan.html of the pegawai's period page.

The decision page previews the predikat of the chosen ratings: a
"Pratinjau" submit re-renders the form with it (no JavaScript, nothing
written); with htmx a change of the choices asks the same URL for the small
preview fragment only. A decision needs the box "Saya sudah membaca
tanggapan dan bukti" ticked (a checkbox rather than a confirm page: one
POST, and it works without JavaScript).
"""
from flask import get_template_attribute, make_response, request, url_for
from flask_login import current_user, login_required
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField

from ..forms import KinerjaForm, pilihan
from ..htmx import is_htmx, render
from ..inti import alasan_tolak
from ..pengajuan import idempoten
from ..rules import BERAKHLAK, MATRIKS_PREDIKAT, PREDIKAT, RATING
from ..skp.akses import catat_dilihat
from ..skp.layanan import ringkasan_rhk
from ..web import ada_atau_404, jalankan, pastikan, pastikan_boleh, proses
from . import bp
from .akses import evaluasi_terlihat
from .bukti import url_bukti
from .keberatan import (KEPUTUSAN, KONFIRMASI, MAKS_ALASAN, ajukan_keberatan, batas_pengajuan, bukti_tahun,
                        daftar_untuk_pemutus, lengkapi, pastikan_bisa_ajukan, pastikan_penanggap, pastikan_pemutus,
                        pratinjau_predikat, putuskan_keberatan, tanggapi_keberatan)
from .layanan import baris_perilaku, baris_rhk, evaluasi_dan_skp, label_periode
from .models import Keberatan
from .realisasi import ringkasan_tahun


class KeberatanForm(KinerjaForm):
    alasan = TextAreaField("Alasan keberatan")


class PutusanForm(KinerjaForm):
    keputusan = RadioField("Keputusan", choices=pilihan(KEPUTUSAN.items()), validate_choice=False)
    rating_hasil = RadioField("Rating hasil kerja baru", choices=pilihan(RATING.items()), validate_choice=False)
    rating_perilaku = RadioField("Rating perilaku kerja baru", choices=pilihan(RATING.items()),
                                 validate_choice=False)
    alasan_keputusan = TextAreaField("Alasan keputusan")
    yakin = BooleanField(KONFIRMASI)
    version = HiddenField()


class TanggapanForm(KinerjaForm):
    tanggapan_penilai = TextAreaField("Tanggapan Anda atas keberatan")
    version = HiddenField()


def _ambil(evaluasi_id):
    return evaluasi_terlihat(evaluasi_id, "Penilaian ini bukan milik Anda atau tim Anda.")


def _boleh_tanggapi(skp, kb):
    return kb is not None and kb.status == "diajukan" and alasan_tolak(pastikan_penanggap, current_user, skp) is None


def _tampil(ev, skp, status=None, form=None, form_tanggapan=None):
    """The filing page: the objection if there is one (with the penilai's
    response form for the penilai), else the form or why it is refused."""
    kb = lengkapi(Keberatan.get_or_none(Keberatan.evaluasi == ev.id))
    tolak = None
    if kb is None and "pemilik" in skp.peran_saya:
        hasil = jalankan(lambda: pastikan_bisa_ajukan(current_user, skp, ev))
        if hasil.status:
            tolak, status = hasil.pesan[0], status or hasil.status
    if form_tanggapan is None and _boleh_tanggapi(skp, kb):
        form_tanggapan = TanggapanForm(formdata=None, tanggapan_penilai=kb.tanggapan_penilai, version=kb.version)
    return render("penilaian/keberatan.html", ev=ev, skp=skp, kb=kb, tolak=tolak,
                  label=label_periode(skp, ev), batas=batas_pengajuan(ev), maks=MAKS_ALASAN,
                  form=form or KeberatanForm(formdata=None), form_tanggapan=form_tanggapan,
                  http_status=status or 200)


@bp.route("/penilaian/<int:evaluasi_id>/keberatan", methods=["GET", "POST"])
@login_required
@idempoten
def keberatan(evaluasi_id):
    """The pegawai files an objection (once) within 14 days of the final annual result."""
    ev, skp = _ambil(evaluasi_id)
    form = KeberatanForm()
    if not form.is_submitted():
        catat_dilihat(skp, f"Keberatan {label_periode(skp, ev)} {skp.periode.tahun}")
        return _tampil(ev, skp)
    pastikan("pemilik" in skp.peran_saya,
             "Hanya pegawai pemilik SKP yang bisa mengajukan keberatan atas penilaiannya.")
    def ajukan():
        ajukan_keberatan(current_user, skp, ev, form.alasan.data)
        return (url_for(".keberatan", evaluasi_id=ev.id),
                "Keberatan diajukan kepada atasan pejabat penilai. Keputusannya akan tampil di sini.")
    return proses(form, ajukan, lambda status, _: _tampil(ev, skp, status, form))


@bp.post("/keberatan/<int:keberatan_id>/tanggapan")
@login_required
@idempoten
def keberatan_tanggapan(keberatan_id):
    """The pejabat penilai writes (or corrects) their response before the decision."""
    kb = ada_atau_404(Keberatan, Keberatan.id == keberatan_id)
    ev, skp = _ambil(kb.evaluasi_id)
    pastikan_boleh(pastikan_penanggap, current_user, skp)
    form = TanggapanForm()

    def tanggapi():
        tanggapi_keberatan(current_user, skp, kb, form.tanggapan_penilai.data, form.version.data)
        return (url_for(".keberatan", evaluasi_id=ev.id, _anchor="tanggapan"),
                "Tanggapan disimpan. Pegawai dan atasan pejabat penilai dapat membacanya.")
    return proses(form, tanggapi, lambda status, _: _tampil(ev, skp, status, form_tanggapan=form))


def _rincian(skp, ev):
    """The evaluation as the atasan penilai hears it: RHK with self-evaluation
    and feedback, perilaku feedback, the year's realisasi (the rating page's
    annual summary) and every bukti dukung of the year (a constant number of queries)."""
    rhk, baris = ringkasan_rhk(skp), baris_rhk(ev)
    perilaku = [(BERAKHLAK[k]["nama"], b) for k, b in baris_perilaku(ev).items()]
    return {"rhk": rhk, "rhk_baris": [(r, baris.get(r.id)) for r in rhk], "perilaku": perilaku,
            "tahun": ringkasan_tahun(skp, rhk), "bukti": bukti_tahun(skp), "url_bukti": url_bukti}


def _pratinjau(form):
    """What the preview shows for the form's choices: the predikat of the new
    ratings (or None), and whether the result is kept."""
    return {"keputusan": form.keputusan.data,
            "predikat": pratinjau_predikat(form.rating_hasil.data, form.rating_perilaku.data)}


@bp.route("/keberatan/<int:keberatan_id>", methods=["GET", "POST"])
@login_required
@idempoten
def keberatan_putus(keberatan_id):
    """The atasan pejabat penilai reads the evaluation, the objection and the
    penilai's response, previews the predikat ("Pratinjau"), and decides."""
    kb = ada_atau_404(Keberatan, Keberatan.id == keberatan_id)
    ev, skp = evaluasi_dan_skp(kb.evaluasi_id)
    pastikan_boleh(pastikan_pemutus, current_user, skp)
    form = PutusanForm(version=kb.version)

    def tampil_ulang(status, _):
        return render("penilaian/keberatan_putus.html", kb=lengkapi(kb), ev=ev, skp=skp, form=form,
                      label=label_periode(skp, ev), matriks=MATRIKS_PREDIKAT, rating=RATING, predikat=PREDIKAT,
                      maks=MAKS_ALASAN, pratinjau=_pratinjau(form), http_status=status, **_rincian(skp, ev))

    if form.is_submitted() and request.form.get("aksi") == "pratinjau":
        if is_htmx():  # only the small preview; nothing is written
            makro = get_template_attribute("penilaian/_keberatan_makro.html", "pratinjau_putusan")
            resp = make_response(makro(_pratinjau(form), lengkapi(kb)))
            resp.vary.add("HX-Request")
            return resp
        return tampil_ulang(200, None)  # without JavaScript: the page with the preview, nothing written

    def putuskan():
        putuskan_keberatan(current_user, skp, ev, kb, form.data, form.version.data)
        return (url_for(".keberatan_putus", keberatan_id=kb.id),
                f"Keberatan diputus: {KEPUTUSAN[form.keputusan.data].lower()}. Keputusan ini final.")
    return proses(form, putuskan, tampil_ulang)


@bp.get("/keberatan")
@login_required
def keberatan_daftar():
    """The objections addressed to me as atasan pejabat penilai: waiting first."""
    menunggu, sudah = daftar_untuk_pemutus(current_user)
    return render("penilaian/keberatan_daftar.html", menunggu=[lengkapi(k) for k in menunggu],
                  sudah=[lengkapi(k) for k in sudah])
