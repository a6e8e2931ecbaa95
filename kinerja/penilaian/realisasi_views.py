"""The pegawai's periodic work: the evaluation periods of an SKP, and per
period the realisasi of every IKI with its bukti dukung and the evaluasi diri.

One page per period, built in a constant number of queries. Every write is a
plain form (POST -> 303 -> the period page, anchored at what changed); saving
one IKI's realisasi also works in place with htmx: the same URL answers an
htmx request with only that IKI's fragment. Whoever may see the SKP may read
the pages; only its pegawai writes, and only while the period is open.
"""
import os

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from flask_wtf.file import FileField
from peewee import JOIN
from wtforms import HiddenField, RadioField, StringField, TextAreaField

from ..admin.umum import pastikan
from ..forms import KinerjaForm, bulat, pilihan
from ..htmx import is_htmx, render
from ..offline import idempoten
from ..rules import RATING, RuleError, tanggal
from ..skp.akses import iki_dari, skp_terlihat
from ..skp.halaman import coba
from ..skp.layanan import ambil_skp, peran, ringkasan_rhk
from ..jam import hari_ini
from ..keamanan import talisman
from ..skp.models import Iki, Rhk
from . import bp
from .bukti import BerkasDitolak, hapus, jalur, tambah_berkas, tambah_tautan, ukuran_tampil
from .layanan import (ambil_evaluasi, baris_perilaku, baris_rhk, boleh_lihat_diri, boleh_lihat_penilaian,
                      daftar_periode, info_periode, pastikan_realisasi_terbuka, pastikan_skp_berjalan,
                      simpan_evaluasi_diri)
from .models import Berkas, Bukti, Realisasi
from .realisasi import (bukti_untuk, nilai_tampil, pakai_angka, realisasi_periode, ringkasan_periode,
                        ringkasan_tahun, simpan_realisasi, terisi)

TERIMA = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png"
KONFLIK = {"nilai": nilai_tampil, "catatan": lambda r: r.catatan}


class RealisasiAngkaForm(KinerjaForm):
    nilai = StringField("Realisasi")
    catatan = TextAreaField("Catatan (boleh kosong)")
    version = HiddenField()


class RealisasiTeksForm(RealisasiAngkaForm):
    nilai = TextAreaField("Realisasi (uraian)")


class UnggahForm(KinerjaForm):
    berkas = FileField("Berkas bukti dukung")


class TautanForm(KinerjaForm):
    tautan = StringField("Alamat tautan")
    judul = StringField("Judul tautan (boleh kosong)")


def _beri_id(form, akhiran):
    """Unique ids for the same form repeated per IKI (labels follow)."""
    for field in form:
        field.id = field.label.field_id = f"{field.name}-{akhiran}"
    return form


def _forms_iki(skp, iki, row):
    """The three fresh forms of one IKI: realisasi, upload, link."""
    cls = RealisasiAngkaForm if pakai_angka(skp, iki) else RealisasiTeksForm
    f = cls(formdata=None, data={"nilai": nilai_tampil(row), "catatan": row.catatan if row else "",
                                 "version": row.version if row else ""})
    if iki.satuan and pakai_angka(skp, iki):
        f.nilai.label.text = f"Realisasi ({iki.satuan})"
    return {"realisasi": _beri_id(f, iki.id), "unggah": _beri_id(UnggahForm(formdata=None), iki.id),
            "tautan": _beri_id(TautanForm(formdata=None), iki.id)}


def form_diri(rhk, baris=None, ev=None):
    """The self-evaluation form, three fields per RHK (names as layanan reads
    them); filled from the rows, or from the request when `baris` is None."""
    class DiriForm(KinerjaForm):
        version = HiddenField()
    for r in rhk:
        setattr(DiriForm, f"penilaian_diri_{r.id}", RadioField(
            f"Penilaian diri RHK {r.nomor}", choices=pilihan(RATING.items()), validate_choice=False))
        setattr(DiriForm, f"uraian_diri_{r.id}", TextAreaField(
            f"Yang sudah dikerjakan dibanding target (RHK {r.nomor})"))
        setattr(DiriForm, f"kendala_{r.id}", TextAreaField(f"Kendala (RHK {r.nomor}, boleh kosong)"))
    if baris is None:
        return DiriForm()
    data = {"version": ev.version}
    for r in rhk:
        b = baris.get(r.id)
        if b is not None:
            data.update({f"penilaian_diri_{r.id}": b.penilaian_diri, f"uraian_diri_{r.id}": b.uraian_diri,
                         f"kendala_{r.id}": b.kendala})
    return DiriForm(formdata=None, data=data)


@bp.app_template_filter("ukuran_berkas")
def _ukuran_berkas(n):
    return ukuran_tampil(n or 0)


def _ada_nilai():
    """The penilai's rating page is linked once that module provides it."""
    return "penilaian.nilai_periode" in current_app.view_functions


def _boleh(cek, *args):
    try:
        cek(*args)
    except RuleError as exc:
        return False, str(exc)
    return True, None


def _info(skp, nomor):
    """The period, or 404 (unknown, or not started yet: nothing to show)."""
    info = info_periode(skp.periode, nomor)
    if info is None:
        abort(404, description="Periode evaluasi ini tidak ada pada SKP tersebut.")
    if hari_ini() < info[2]:
        abort(404, description=f"{info[1]} belum dimulai; dibuka mulai {tanggal(info[2])}.")
    return info


def _pasang_iki(skp, rhk, nomor, boleh_isi):
    """Give every IKI its realisasi, bukti and (for the pegawai) forms, in two
    queries; returns ({iki id: (iki, rhk)}, forms, what is still unfilled)."""
    semua = {i.id: (i, r) for r in rhk for i in r.daftar_iki}
    real = realisasi_periode(semua, nomor)
    bukti = bukti_untuk([x.id for x in real.values()])
    forms, kosong = {}, []
    for i, r in semua.values():
        i.realisasi, i.angka = real.get(i.id), pakai_angka(skp, i)
        if i.realisasi is not None:
            i.realisasi.iki = i  # nilai_tampil reads the satuan without a query
        i.bukti = bukti.get(i.realisasi.id, []) if i.realisasi else []
        i.terisi = terisi(i.realisasi)
        if boleh_isi:
            forms[i.id] = _forms_iki(skp, i, i.realisasi)
        if not i.terisi:
            kosong.append(f"Realisasi belum diisi: {i.indikator} (RHK {r.nomor})")
    return semua, forms, kosong


def konteks(skp, nomor, **extra):
    """Everything the period page shows, in a constant number of queries."""
    info = _info(skp, nomor)
    pemilik = "pemilik" in skp.peran_saya
    if pemilik:
        boleh_isi, alasan = _boleh(pastikan_realisasi_terbuka, skp, current_user, nomor)
    else:
        boleh_isi, alasan = False, _boleh(pastikan_skp_berjalan, skp, nomor)[1]
    rhk = ringkasan_rhk(skp)
    semua, forms, kurang_realisasi = _pasang_iki(skp, rhk, nomor, boleh_isi)
    ev = ambil_evaluasi(skp, nomor, buat=boleh_isi)
    baris = baris_rhk(ev) if ev else {}
    final = ev is not None and ev.status == "dinilai" and boleh_lihat_penilaian(ev, skp.peran_saya)
    boleh_diri = boleh_isi and ev is not None and ev.status == "terbuka"
    ctx = {"skp": skp, "nomor": nomor, "info": info, "rhk": rhk, "iki": semua, "forms": forms,
           "boleh_isi": boleh_isi, "alasan_kunci": alasan, "ev": ev, "baris": baris,
           "lihat_diri": ev is not None and boleh_lihat_diri(ev, skp.peran_saya) and not boleh_diri,
           "form_diri": form_diri(rhk, baris, ev) if boleh_diri else None,
           "kurang": [f"Penilaian diri RHK {r.nomor} belum dipilih" for r in rhk
                      if not getattr(baris.get(r.id), "penilaian_diri", None)] + kurang_realisasi,
           "final": final, "perilaku": baris_perilaku(ev) if final else {},
           "rating": RATING, "terima": TERIMA, "ada_nilai": _ada_nilai(), "hari": hari_ini(),
           "maks": current_app.config["MAX_UPLOAD_BYTES"],
           "hapus": None, "fokus": None, "konflik": None, "sendiri": False, "pesan_galat": [],
           "tahun": ringkasan_tahun(skp, rhk) if nomor == daftar_periode(skp.periode)[-1][0] else None}
    ctx.update(extra)
    _pasang_kiriman(ctx, boleh_isi, boleh_diri)
    return ctx


def _pasang_kiriman(ctx, boleh_isi, boleh_diri):
    """Put a refused form back where it was typed; when that form is no longer
    offered (the period got locked meanwhile), show its messages at the top."""
    sisa = []
    kiriman = ctx.pop("forms_fokus", None) or {}
    if boleh_isi and ctx["fokus"] in ctx["forms"]:
        ctx["forms"][ctx["fokus"]].update(kiriman)
    else:
        sisa += kiriman.values()
    diri = ctx.pop("form_diri_kirim", None)
    if diri is not None and boleh_diri:
        ctx["form_diri"] = diri
    elif diri is not None:
        sisa.append(diri)
    if ctx.get("form_hapus") is not None and not boleh_isi:
        sisa.append(ctx["form_hapus"])
        ctx["hapus"] = None
    for form in sisa:
        ctx["pesan_galat"] += form.form_errors + [m for f in form for m in f.errors]


def tampil(skp, nomor, http_status=200, **extra):
    """The period page, or one IKI's fragment for an htmx interaction on it."""
    ctx = konteks(skp, nomor, **extra)
    fokus = ctx["fokus"] or request.args.get("iki", type=bulat)
    if is_htmx() and fokus in ctx["iki"]:
        ctx.update(i=ctx["iki"][fokus][0], r=ctx["iki"][fokus][1], sendiri=True)
        return render("penilaian/periode.html", "penilaian/_realisasi_iki.html", http_status=http_status, **ctx)
    return render("penilaian/periode.html", http_status=http_status, **ctx)


def _pemilik(skp_id):
    skp = skp_terlihat(skp_id)
    pastikan("pemilik" in skp.peran_saya, "Hanya pegawai pemilik SKP yang mengisi realisasi dan evaluasi diri.")
    return skp


def _kembali(skp, nomor, pesan, iki_id=None, anchor=None):
    """303 to the period page at what changed (htmx: that IKI's fragment)."""
    flash(pesan, "sukses")
    return redirect(url_for(".periode", skp_id=skp.id, nomor=nomor, iki=iki_id if is_htmx() else None,
                            _anchor=anchor or (f"realisasi-{iki_id}" if iki_id else None)), code=303)


# ---------------------------------------------------------------- pages

@bp.get("/skp/<int:skp_id>/kinerja")
@login_required
def kinerja(skp_id):
    """The SKP's evaluation periods with their state; the running one marked."""
    skp = skp_terlihat(skp_id)
    return render_template("penilaian/kinerja.html", skp=skp, daftar=ringkasan_periode(skp),
                           ada_nilai=_ada_nilai())


@bp.get("/skp/<int:skp_id>/kinerja/<int:nomor>")
@login_required
def periode(skp_id, nomor):
    """Realisasi, bukti dukung and evaluasi diri of one period."""
    return tampil(skp_terlihat(skp_id), nomor)


# ---------------------------------------------------------------- realisasi

@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/iki/<int:iki_id>")
@login_required
@idempoten
def realisasi_simpan(skp_id, nomor, iki_id):
    """Save one IKI's realisasi; a stale version answers 409 with both versions."""
    skp = _pemilik(skp_id)
    iki = iki_dari(skp, iki_id)
    _info(skp, nomor)
    form = (RealisasiAngkaForm if pakai_angka(skp, iki) else RealisasiTeksForm)()
    status, konflik = 422, None
    if form.validate_on_submit():
        status, konflik = coba(form, lambda: simpan_realisasi(
            current_user, skp, iki, nomor, form.data, form.version.data), KONFLIK)
        if status is None:
            return _kembali(skp, nomor, "Realisasi disimpan.", iki.id)
    _beri_id(form, iki.id)
    return tampil(skp, nomor, status, fokus=iki.id, konflik=konflik, forms_fokus={"realisasi": form})


@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/iki/<int:iki_id>/bukti")
@login_required
@idempoten
def bukti_unggah(skp_id, nomor, iki_id):
    """Upload one file as bukti dukung; refused uploads store nothing."""
    skp = _pemilik(skp_id)
    iki = iki_dari(skp, iki_id)
    _info(skp, nomor)
    form = UnggahForm()
    status = 422
    if form.validate_on_submit():
        try:
            status, _ = coba(form, lambda: tambah_berkas(current_user, skp, iki, nomor, form.berkas.data))
        except BerkasDitolak as exc:
            form.berkas.errors = [str(exc)]
            status = exc.status
        if status is None:
            return _kembali(skp, nomor, f"Bukti dukung “{form.hasil.nama}” diunggah.", iki.id)
    return tampil(skp, nomor, status, fokus=iki.id, forms_fokus={"unggah": _beri_id(form, iki.id)})


@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/iki/<int:iki_id>/tautan")
@login_required
@idempoten
def bukti_tautan(skp_id, nomor, iki_id):
    """Add a link (http/https only) as bukti dukung."""
    skp = _pemilik(skp_id)
    iki = iki_dari(skp, iki_id)
    _info(skp, nomor)
    form = TautanForm()
    status = 422
    if form.validate_on_submit():
        status, _ = coba(form, lambda: tambah_tautan(current_user, skp, iki, nomor, form.tautan.data,
                                                     form.judul.data))
        if status is None:
            return _kembali(skp, nomor, "Tautan bukti dukung ditambahkan.", iki.id)
    return tampil(skp, nomor, status, fokus=iki.id, forms_fokus={"tautan": _beri_id(form, iki.id)})


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
    """Confirm, then delete a bukti dukung."""
    skp = _pemilik(skp_id)
    _info(skp, nomor)
    bukti = _bukti_dari(skp, nomor, bukti_id)
    form = KinerjaForm(formdata=None) if request.method == "GET" else KinerjaForm()
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            status, _ = coba(form, lambda: hapus(current_user, skp, bukti, nomor))
            if status is None:
                return _kembali(skp, nomor, f"Bukti dukung “{bukti.nama}” dihapus.", bukti.realisasi.iki_id)
    return tampil(skp, nomor, status, hapus=bukti.id, form_hapus=form)


# ---------------------------------------------------------------- evaluasi diri

@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/diri")
@login_required
@idempoten
def evaluasi_diri(skp_id, nomor):
    """Save the self-evaluation, or (aksi=ajukan) submit it to the penilai."""
    skp = _pemilik(skp_id)
    _info(skp, nomor)
    rhk = ringkasan_rhk(skp)
    ev = ambil_evaluasi(skp, nomor, buat=_boleh(pastikan_skp_berjalan, skp, nomor)[0])
    ajukan = request.form.get("aksi") == "ajukan"
    form = form_diri(rhk)
    status = 422
    if form.validate_on_submit():
        status, _ = coba(form, lambda: simpan_evaluasi_diri(
            current_user, skp, ev, request.form, form.version.data, ajukan) if ev else
            pastikan_skp_berjalan(skp, nomor))
        if status is None:
            pesan = "Evaluasi diri diajukan ke pejabat penilai." if ajukan else "Evaluasi diri disimpan."
            return _kembali(skp, nomor, pesan, anchor="diri")
    return tampil(skp, nomor, status, form_diri_kirim=form)


# ---------------------------------------------------------------- download

@bp.get("/bukti/<int:bukti_id>")
@talisman(content_security_policy="default-src 'none'; sandbox")  # an uploaded file never runs as a page
@login_required
def bukti_unduh(bukti_id):
    """A bukti file as a download, only to whoever may see its SKP (else 404)."""
    bukti = (Bukti.select(Bukti, Berkas, Realisasi, Iki, Rhk).join(Berkas, JOIN.LEFT_OUTER)
             .switch(Bukti).join(Realisasi).join(Iki).join(Rhk).where(Bukti.id == bukti_id).first())
    skp = ambil_skp(bukti.realisasi.iki.rhk.skp_id) if bukti is not None else None
    if skp is None or not peran(skp, current_user) or bukti.berkas_id is None:
        abort(404)  # someone else's evidence: its existence is not told either
    path = jalur(bukti.berkas.sha256)
    if not os.path.exists(path):
        abort(404, description="Berkas ini tidak ditemukan di penyimpanan. Minta pegawai mengunggahnya lagi.")
    resp = send_file(path, mimetype=bukti.berkas.mime, as_attachment=True, download_name=bukti.nama,
                     conditional=True, etag=bukti.berkas.sha256)
    resp.cache_control.private = True  # no shared cache; each reuse is revalidated (permission checked)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp
