"""The superior's pages: the team's SKP status, the cascade matrix, sharing
one RHK to subordinates, and the team's default perilaku expectations (the
team's queries are in skp.tim)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import Length

from ..forms import KinerjaForm, bulat, pilihan
from ..models import Periode
from ..pengajuan import idempoten
from ..periode import pilih_periode
from ..rules import BERAKHLAK
from ..web import coba, kata_cari
from . import bp
from .ekspektasi import MAKS_EKSPEKTASI, bawaan_tim, rapikan, simpan_ekspektasi_tim
from .layanan import SKP_PERIODE, bisa_ubah_perilaku, ringkasan_rhk
from .models import Rhk, Skp
from .rencana import bagikan_rhk
from .tim import (STATUS_TIM, anggota_tim, halaman_kaskade, halaman_tim, hitung_status_tim,
                  matriks_kaskade)

PILIH_SATU = "Pilih paling sedikit satu bawahan."
BUKAN_BAWAHAN = ("Pilihan tidak valid: hanya bawahan Anda yang bisa dipilih. "
                 "Muat ulang halaman lalu pilih lagi.")


def _tanpa_tim(periode, semua, judul, status=200):
    return render_template("skp/tim.html", periode=periode, semua_periode=semua, judul=judul), status


# ---------------------------------------------------------------- status and matrix

@bp.get("/tim")
@login_required
def tim():
    """The team's SKP status in a periode, those waiting for my review first,
    a page at a time; ?q= finds a person by name or NIP, ?status= one group."""
    periode, semua = pilih_periode()
    hitung = hitung_status_tim(current_user, periode) if periode else None
    if not hitung or not hitung["semua"]:
        return _tanpa_tim(periode, semua, "SKP tim saya")
    q, status = kata_cari(), request.args.get("status")
    status = status if status in STATUS_TIM else None
    pg = halaman_tim(current_user, periode, q, status, hitung)
    return render_template("skp/tim.html", periode=periode, semua_periode=semua, pg=pg,
                           hitung=hitung, q=q, status=status, status_tim=STATUS_TIM, judul="SKP tim saya")


@bp.get("/tim/kaskade")
@login_required
def kaskade():
    """My RHK with the team's RHK that intervene each, and what stands out:
    the counts for the whole team, the people a page at a time (by name)."""
    periode, semua = pilih_periode()
    hitung = hitung_status_tim(current_user, periode) if periode else None
    if not hitung or not hitung["semua"]:
        return _tanpa_tim(periode, semua, "Matriks kaskade")
    q = kata_cari()
    pg = halaman_kaskade(current_user, periode, q, hitung)
    skp_saya = SKP_PERIODE.satu(current_user.id, periode.id)
    rhk_saya = ringkasan_rhk(skp_saya) if skp_saya else []
    lepas, lain, tidak_tertaut = matriks_kaskade(current_user, periode, rhk_saya, pg.items)
    return render_template("skp/kaskade.html", periode=periode, semua_periode=semua, pg=pg, q=q, hitung=hitung,
                           skp_saya=skp_saya, rhk_saya=rhk_saya, lepas=lepas, lain=lain,
                           tidak_tertaut=tidak_tertaut,
                           belum_skp=[a for a in pg.items if a.skp_periode is None],
                           tanpa_kontribusi=[r for r in rhk_saya if not r.jumlah])


# ---------------------------------------------------------------- the year a form saves to

def tahun_isian(form):
    """The year a submitted form carries in its hidden `tahun` field, or None."""
    try:
        return bulat(form.tahun.data)
    except (TypeError, ValueError):
        return None


def galat_tahun(tahun, periode):
    """Why a save aimed at `periode` must be refused, for a form carrying
    `tahun` (the year of the page the person saw; None: not sent), or None."""
    if tahun is not None and tahun != periode.tahun:
        return (f"Isian ini ditulis pada halaman periode {tahun}, tetapi dikirim ke periode "
                f"{periode.tahun}. Tidak ada yang disimpan. Periksa tahunnya, lalu simpan lagi.")
    return None


# ---------------------------------------------------------------- sharing an RHK

class BagikanForm(KinerjaForm):
    tahun = HiddenField()  # the year of the page the person saw
    bawahan = SelectMultipleField("Bawahan yang menerima RHK ini", validate_choice=False)


def _dipilih(form, daftar):
    """The chosen people of `daftar`; adds a field error (and returns []) for none or a stranger."""
    ids = list(dict.fromkeys(form.bawahan.data or []))
    per_id = {str(p.id): p for p in daftar}
    if not ids:
        form.bawahan.errors.append(PILIH_SATU)
    elif any(i not in per_id for i in ids):
        form.bawahan.errors.append(BUKAN_BAWAHAN)
    else:
        return [per_id[i] for i in ids]
    return []


def _rhk_saya(rhk_id):
    """My own RHK with its SKP and periode; 404 unknown, 403 someone else's."""
    rhk = Rhk.select(Rhk, Skp, Periode).join(Skp).join(Periode).where(Rhk.id == rhk_id).first()
    if rhk is None:
        abort(404)
    if rhk.skp.pegawai_id != current_user.id:
        abort(403, description="RHK ini bukan milik Anda. Hanya RHK Anda sendiri yang bisa dibagikan.")
    return rhk


def _pesan_bagikan(ditambah, dilewati):
    pesan = f"RHK dibagikan ke: {', '.join(ditambah)}." if ditambah else "Tidak ada RHK baru yang dibuat."
    if dilewati:
        pesan += " Dilewati: " + "; ".join(dilewati) + "."
    return pesan


@bp.route("/tim/rhk/<int:rhk_id>/bagikan", methods=["GET", "POST"])
@login_required
@idempoten
def bagikan(rhk_id):
    """Give one of my RHK, as a draft RHK intervening it, to chosen direct subordinates."""
    rhk = _rhk_saya(rhk_id)
    periode = rhk.skp.periode
    bawahan = anggota_tim(current_user, periode, langsung_saja=True)
    form = BagikanForm()
    status = 422
    if form.is_submitted() and (salah := galat_tahun(tahun_isian(form), periode)):
        form.form_errors.append(salah)
        status = 409
    elif form.validate_on_submit() and (dipilih := _dipilih(form, bawahan)):
        status, _ = coba(form, lambda: bagikan_rhk(current_user, rhk, dipilih))
        if status is None:
            ditambah, dilewati = form.hasil
            flash(_pesan_bagikan(ditambah, dilewati), "sukses" if ditambah else "peringatan")
            return redirect(url_for(".kaskade", periode=periode.tahun), code=303)
    form.tahun.data = periode.tahun
    sudah = {r.skp_id for r in Rhk.select(Rhk.skp).where(Rhk.rhk_atasan == rhk.id)}
    return render_template("skp/bagikan.html", rhk=rhk, periode=periode, bawahan=bawahan, form=form,
                           sudah=sudah, dipilih=set(form.bawahan.data or [])), \
        (status if form.is_submitted() else 200)


# ---------------------------------------------------------------- team expectations

TERAPKAN = (("semua", "Semua anggota tim di bawah ini"),
            ("pilih", "Hanya bawahan yang dipilih di bawah"),
            ("tidak", "Jangan terapkan; simpan sebagai bawaan saja"))


class EkspektasiForm(KinerjaForm):
    tahun = HiddenField()  # the year of the page the person saw
    terapkan = RadioField("Terapkan ke SKP", choices=pilihan(TERAPKAN), validate_choice=False)
    bawahan = SelectMultipleField("Bawahan yang dipilih", validate_choice=False)


for _nilai, _info in BERAKHLAK.items():
    setattr(EkspektasiForm, _nilai, TextAreaField(
        f"Ekspektasi khusus: {_info['nama']}", filters=[rapikan],
        validators=[Length(max=MAKS_EKSPEKTASI,
                           message=f"Paling banyak {MAKS_EKSPEKTASI} karakter; persingkat isian ini.")]))


def _sasaran(form, anggota):
    """(how, whom) to apply the defaults to; whom is None after adding a form error.

    A client that sends no choice applies to the ticked people, if any."""
    cara = form.terapkan.data or ("pilih" if form.bawahan.data else "tidak")
    if cara == "semua":
        return cara, anggota
    if cara == "tidak":
        return cara, []
    if cara != "pilih":
        form.terapkan.errors.append("Pilih salah satu cara penerapan.")
        return cara, None
    return cara, _dipilih(form, anggota) or None


def _pesan_ekspektasi(periode, cara, diterapkan, dilewati):
    pesan = f"Ekspektasi bawaan tim periode {periode.tahun} disimpan."
    if cara == "tidak":
        return pesan + " Belum diterapkan ke SKP mana pun; SKP bawahan yang dibuat kemudian memakainya."
    if diterapkan:
        pesan += f" Diterapkan ke SKP: {', '.join(diterapkan)}."
    if dilewati:
        pesan += " Dilewati: " + "; ".join(f"{nama} ({alasan})" for nama, alasan in dilewati) + "."
    return pesan


@bp.route("/tim/ekspektasi", methods=["GET", "POST"])
@login_required
@idempoten
def ekspektasi_tim():
    """The team's default ekspektasi khusus per BerAKHLAK value, applied to chosen SKP.

    A save names its year twice, in the URL (?periode=) and in the hidden
    `tahun` (the page the person saw); one of them is required and, when both
    are sent, they must agree (409, nothing saved, the page of the year the
    person saw shown again with what was typed). A save never falls back to
    the default year."""
    periode, semua = pilih_periode()
    salah, status = None, 422
    if request.method == "POST":
        periode, salah, status = _periode_simpan(periode, semua)
    anggota = anggota_tim(current_user, periode) if periode else []
    if not anggota:
        return _tanpa_tim(periode, semua, "Ekspektasi perilaku tim", 200 if request.method == "GET" else 403)
    form = EkspektasiForm(data=bawaan_tim(current_user, periode))
    if not form.is_submitted():
        form.terapkan.data = "pilih"  # never overwrite anyone's own text by default
    sah = form.validate_on_submit() and salah is None
    cara, sasaran = _sasaran(form, anggota) if form.is_submitted() else ("", None)
    if salah:
        form.form_errors.append(salah)
    if sah and sasaran is not None:
        teks = {n: form[n].data for n in BERAKHLAK}
        status, _ = coba(form, lambda: simpan_ekspektasi_tim(current_user, periode, teks, sasaran))
        if status is None:
            flash(_pesan_ekspektasi(periode, cara, *form.hasil), "sukses")
            return redirect(url_for(".ekspektasi_tim", periode=periode.tahun), code=303)
    form.tahun.data = periode.tahun
    for a in anggota:
        if a.skp_periode:
            a.skp_periode.periode = periode  # already read: no query per person
            a.bisa_diterapkan = bisa_ubah_perilaku(a.skp_periode, current_user)
    return render_template("skp/ekspektasi_tim.html", periode=periode, semua_periode=semua, anggota=anggota,
                           form=form, berakhlak=BERAKHLAK, maks=MAKS_EKSPEKTASI,
                           dipilih=set(form.bawahan.data or [])), \
        (status if form.is_submitted() else 200)


TANPA_TAHUN = ("Isian ini tidak menyebut tahun periode, jadi tidak disimpan. "
               "Muat ulang halaman, periksa tahunnya, lalu simpan lagi.")


def _periode_simpan(periode, semua):
    """(periode to show, why the save is refused or None, status) for a POST
    to /tim/ekspektasi: the year comes from the form or the URL, never from
    the default (see ekspektasi_tim)."""
    tahun = tahun_isian(EkspektasiForm())
    dilihat = next((p for p in semua if p.tahun == tahun), None)
    if tahun is not None and dilihat is None:
        return periode, f"Periode {tahun} pada isian ini tidak ada. Tidak ada yang disimpan.", 422
    if request.args.get("periode", type=bulat) is None:  # absent, or not a year (?periode=abc)
        return (dilihat, None, 422) if dilihat else (periode, TANPA_TAHUN, 422)
    salah = galat_tahun(tahun, periode)
    return (dilihat, salah, 409) if salah else (periode, None, 422)
