"""Print view of a periodic or annual evaluation in the official layout
(EVALUASI KINERJA PEGAWAI, A4 portrait): identities from the SKP snapshot,
RHK with IKI, target, realisasi (for the annual evaluation: the year's
realisasi per IKI against the annual target, with capaian and each period's
value) and umpan balik, perilaku with ekspektasi
and umpan balik, both ratings, the derived predikat and three signatures.

Before the result is final the ratings and feedback are the penilai's alone:
only the penilai may print it then, marked DRAF.
"""
from flask import render_template
from flask_login import login_required

from ..jam import hari_ini
from ..models import Pegawai
from ..rules import BERAKHLAK
from ..skp.akses import catat_dilihat
from ..skp.layanan import ringkasan_rhk
from ..web import pastikan
from . import bp
from .akses import evaluasi_terlihat
from .keberatan import keadaan
from .layanan import baris_perilaku, baris_rhk, boleh_lihat_penilaian, ekspektasi_perilaku, info_periode
from .realisasi import realisasi_dan_bukti, ringkasan_tahun


def _evaluasi_terlihat(evaluasi_id):
    """(evaluation, its SKP) if the signed-in person may print it: unknown 404,
    no role on the SKP 403, before final anyone but the penilai 403."""
    ev, skp = evaluasi_terlihat(evaluasi_id)
    pastikan(boleh_lihat_penilaian(ev, skp.peran_saya),
             "Dokumen evaluasi bisa dibuka setelah pejabat penilai memfinalkan penilaian.")
    return ev, skp


@bp.get("/penilaian/<int:evaluasi_id>/cetak")
@login_required
def cetak(evaluasi_id):
    """The evaluation as the document signed on paper; the same page prints on A4."""
    ev, skp = _evaluasi_terlihat(evaluasi_id)
    catat_dilihat(skp, f"Cetak evaluasi {info_periode(skp.periode, ev.nomor).label} {skp.periode.tahun}")
    rhk = ringkasan_rhk(skp)
    realisasi, bukti = realisasi_dan_bukti(skp, rhk, ev.nomor)
    baris, umpan_perilaku = baris_rhk(ev), baris_perilaku(ev)
    ekspektasi = ekspektasi_perilaku(skp)
    ids = [i for i in (skp.penilai_id, skp.atasan_penilai_id) if i]
    orang = {p.id: p for p in Pegawai.select().where(Pegawai.id.in_(ids))} if ids else {}
    perilaku = [{"nama": info["nama"], "panduan": info["panduan"], "ekspektasi": ekspektasi.get(k, ""),
                 "umpan_balik": umpan_perilaku[k].umpan_balik if k in umpan_perilaku else ""}
                for k, info in BERAKHLAK.items()]
    final = ev.status == "dinilai"
    return render_template(
        "penilaian/cetak.html", ev=ev, skp=skp, info=info_periode(skp.periode, ev.nomor), final=final,
        kb=keadaan(ev)["kb"] if final else None,
        kelompok=[("A. Utama", [r for r in rhk if r.jenis == "utama"]),
                  ("B. Tambahan", [r for r in rhk if r.jenis == "tambahan"])],
        realisasi=realisasi, bukti=bukti, baris=baris, perilaku=perilaku,
        tahun=ringkasan_tahun(skp, rhk) if ev.akhir else None,
        penilai=orang.get(skp.penilai_id), atasan_penilai=orang.get(skp.atasan_penilai_id),
        tanggal=ev.final_pada if final and ev.final_pada else hari_ini())
