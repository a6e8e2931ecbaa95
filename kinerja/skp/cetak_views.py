"""Print view of an SKP in the official layout (A4 portrait)."""
from flask import render_template
from flask_login import login_required

from ..jam import hari_ini
from ..rules import BERAKHLAK
from . import bp
from .akses import catat_dilihat, skp_terlihat
from .layanan import ringkasan_rhk
from .models import Perilaku, Rhk


def _pasang_rhk_atasan(daftar_rhk):
    """Give each RHK `teks_atasan`, the intervened RHK's text, in one query."""
    ids = {r.rhk_atasan_id for r in daftar_rhk if r.rhk_atasan_id}
    teks = {}
    if ids:
        teks = {r.id: r.uraian for r in Rhk.select(Rhk.id, Rhk.uraian).where(Rhk.id.in_(ids))}
    for r in daftar_rhk:
        r.teks_atasan = teks.get(r.rhk_atasan_id, "")


def _perilaku(skp):
    """The seven BerAKHLAK values in order with the penilai's ekspektasi."""
    ekspektasi = {p.nilai: p.ekspektasi for p in
                  Perilaku.select(Perilaku.nilai, Perilaku.ekspektasi).where(Perilaku.skp == skp.id)}
    return [{"nama": info["nama"], "panduan": info["panduan"], "ekspektasi": ekspektasi.get(kunci, "")}
            for kunci, info in BERAKHLAK.items()]


@bp.get("/skp/<int:skp_id>/cetak")
@login_required
def cetak(skp_id):
    """The SKP as the document signed on paper; the same page prints on A4."""
    skp = skp_terlihat(skp_id)
    catat_dilihat(skp, f"Cetak SKP {skp.periode.tahun}")
    daftar_rhk = ringkasan_rhk(skp)
    _pasang_rhk_atasan(daftar_rhk)
    kelompok = [("A. Utama", [r for r in daftar_rhk if r.jenis == "utama"]),
                ("B. Tambahan", [r for r in daftar_rhk if r.jenis == "tambahan"])]
    disetujui = skp.status == "disetujui"
    tanggal = skp.disetujui_pada if disetujui and skp.disetujui_pada else hari_ini()
    return render_template("skp/cetak.html", skp=skp, penilai=skp.penilai, kelompok=kelompok,
                           perilaku=_perilaku(skp), disetujui=disetujui, tanggal=tanggal)
