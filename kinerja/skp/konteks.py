"""What every SKP page shows: `konteks(skp)` gathers the SKP page in a
constant number of queries; `tampil()` answers with it (or its RHK part)."""
from flask import url_for
from flask_login import current_user
from peewee import fn

from ..htmx import is_htmx, render
from ..kueri import KueriTetap
from ..models import Pegawai, Periode, Riwayat
from ..riwayat import AKSI_DILIHAT, jelaskan, kueri as kueri_riwayat
from ..rules import BERAKHLAK
from ..web import halaman
from .formulir import IkiForm, RhkForm, StatusForm
from .layanan import MAKS_EKSPEKTASI, bisa_ubah_isi, bisa_ubah_perilaku, kekurangan, perilaku_tersimpan, ringkasan_rhk
from .models import Rhk, Skp
from .rencana import pilihan_rhk_atasan, skp_sebelumnya


def konteks(skp, **extra):
    """Everything the SKP page and its RHK fragment show."""
    rhk = ringkasan_rhk(skp)
    skp_atasan, pilihan = pilihan_rhk_atasan(skp)
    tertaut_ids = {r.rhk_atasan_id for r in rhk if r.rhk_atasan_id}
    tertaut = {r.id: r for r in pilihan}
    lain = tertaut_ids - set(tertaut)
    if lain:  # linked before the penilai was corrected: still show what it was
        tertaut.update({r.id: r for r in Rhk.select().where(Rhk.id.in_(list(lain)))})
    boleh_isi = bisa_ubah_isi(skp, current_user)
    perilaku = perilaku_skp(skp)
    ctx = {
        "skp": skp, "rhk": rhk, "skp_atasan": skp_atasan, "rhk_tertaut": tertaut,
        "boleh_isi": boleh_isi, "boleh_perilaku": bisa_ubah_perilaku(skp, current_user, sesudah_disetujui=True),
        "perilaku": perilaku, "ekspektasi_kosong": [], "maks_ekspektasi": MAKS_EKSPEKTASI,
        "ekspektasi_terisi": sum(1 for _, _, p in perilaku if p is not None and p.ekspektasi),
        "kurang": kekurangan(skp, rhk) if skp.status in ("draft", "dikembalikan") else [],
        "sunting": None, "sunting_iki": None, "tambah_iki": None, "konflik": None,
        "form_status": StatusForm(formdata=None, version=skp.version),
    }
    if boleh_isi:
        form = RhkForm(formdata=None)
        form.isi_pilihan(pilihan)
        ctx["form_rhk"] = form
        ctx["form_iki"] = IkiForm(formdata=None)
        ctx["skp_lama"] = skp_sebelumnya(skp)
    ctx.update(extra)
    return ctx


RIWAYAT_RINGKAS = 5  # history entries on the SKP page; the rest on its history page
# The page's latest history rows, and the penilai and atasan penilai (an
# absent one is id 0, which no row has).
# Reads logged from outside the SKP's chain (skp.akses.catat_dilihat) are not
# among them: a pemantau opening the page ten times must not push the SKP's
# own changes off it; the page says how many there are and links the rest.
_RIWAYAT_TERAKHIR = KueriTetap(lambda skp_id, n: kueri_riwayat(Skp(id=skp_id))
                               .where(Riwayat.aksi != AKSI_DILIHAT).limit(n), int, int)
_DIBACA = KueriTetap(lambda skp_id: Riwayat.select(fn.COUNT(Riwayat.id), fn.MAX(Riwayat.waktu)).where(
    (Riwayat.objek == "skp") & (Riwayat.objek_id == skp_id) & (Riwayat.aksi == AKSI_DILIHAT)).tuples(), int)
_ORANG = KueriTetap(lambda a, b: Pegawai.select(Pegawai.id, Pegawai.nama, Pegawai.nip, Pegawai.jenis_asn)
                    .where(Pegawai.id.in_([a, b])), int, int)


def perilaku_skp(skp):
    """[(nilai, info, Perilaku row or None)] for the seven BerAKHLAK values, in order."""
    perilaku = perilaku_tersimpan(skp.id)
    return [(k, v, perilaku.get(k)) for k, v in BERAKHLAK.items()]


def konteks_halaman(skp, **extra):
    """The whole SKP page: the RHK part plus people, perilaku, lampiran and the
    latest history (one row more than shown, to know whether to link the rest)."""
    ctx = konteks(skp, **extra)
    ids = (skp.penilai_id or 0, skp.atasan_penilai_id or 0)
    orang = {p.id: p for p in _ORANG.semua(*ids)} if any(ids) else {}
    riwayat = jelaskan(_RIWAYAT_TERAKHIR.semua(skp.id, RIWAYAT_RINGKAS + 1), "skp")
    n_dibaca, terakhir = _DIBACA.satu(skp.id)
    ctx.update(
        penilai=orang.get(skp.penilai_id), atasan_penilai=orang.get(skp.atasan_penilai_id),
        riwayat=riwayat[:RIWAYAT_RINGKAS], riwayat_lengkap_url=(
            url_for("skp.riwayat", skp_id=skp.id) if len(riwayat) > RIWAYAT_RINGKAS or n_dibaca else None),
        dibaca=(n_dibaca, Riwayat.waktu.python_value(terakhir)) if n_dibaca else None,
    )
    return ctx


def riwayat_skp(skp):
    """One page of the SKP's whole history (a COUNT and a LIMIT/OFFSET), ready to show."""
    pg = halaman(kueri_riwayat(skp), {"skp_id": skp.id}, size=50)
    pg.items = jelaskan(pg.items, "skp")
    return pg


def tampil(skp, http_status=200, **extra):
    """The SKP page, or only its RHK part for an inline htmx interaction."""
    if is_htmx():
        # The RHK part plus, out of band, the "next step" box it may have changed.
        return render("skp/lihat.html", "skp/_rhk.html", http_status=http_status, fragmen=True,
                      **konteks(skp, **extra))
    return render("skp/lihat.html", http_status=http_status, **konteks_halaman(skp, **extra))


def skp_milik(pegawai_id):
    """A pegawai's SKPs, newest periode first, with the periode joined."""
    return list(Skp.select(Skp, Periode).join(Periode)
                .where(Skp.pegawai == pegawai_id).order_by(Periode.tahun.desc()))
