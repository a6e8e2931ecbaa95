"""The penilai's side of an evaluation: the review queue page (the queue
itself is penilaian.antrean), the rating page
(per RHK umpan balik with reusable phrases, rating hasil kerja, umpan balik
per BerAKHLAK value, rating perilaku; the predikat is derived, never typed)
and the page of reusable phrases.

The rating form is a WTForms class built per SKP (`form_nilai`: its fields
depend on the RHK) and saved through the one write cycle, `web.coba`: the
service's refusals come back as messages at their fields, and a stale save
as both versions side by side (`medan_konflik`).

A period that is over may have no Evaluasi row yet. Its rating page is
reached by (SKP, nomor) at `nilai_periode`: the GET only reads (it shows
empty rows) and the first POST creates the rows inside the same transaction
as the save, so a refused save leaves nothing behind. Once the row exists
that URL redirects to the canonical `nilai` page of the row.

The "Berorientasi Pelayanan" row shows the citizen feedback tied to this
pegawai in the evaluation's period (the whole year for the annual one):
the two pelaksana unsur of the survey, the latest comments, the
complaints about their services with status and answer, never the
citizen's contact (warga.ukuran.umpan_warga, 3 queries). It is input for
the penilai, never a rating; it shows only while the evaluation is being
rated (the final page and the pegawai's own pages do not carry it: the
pegawai reads their feedback from the unit, not through their rating).

Finalising asks for a confirmation (a checkbox, no JavaScript) when all
seven BerAKHLAK umpan balik are empty, and on the annual evaluation when
earlier periods are unrated, which the page also says before the form
(layanan.simpan_penilaian has the decision).
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField

from ..db import database
from ..forms import KinerjaForm, bulat, pilihan
from ..inti import alasan_tolak
from ..pengajuan import idempoten
from ..rules import (BERAKHLAK, MATRIKS_PREDIKAT, PREDIKAT, RATING, periksa_penilai_boleh_menilai,
                     predikat as hitung_predikat, saran_rating_hasil)
from ..rules.warga import KOLOM_UNSUR, MIN_RESPONDEN, UNSUR, UNSUR_PELAKSANA
from ..skp.layanan import ambil_skp, ringkasan_rhk
from ..warga.ukuran import umpan_warga
from ..web import ada_atau_404, coba, halaman, kata_cari, pastikan, pastikan_boleh
from . import bp
from .antrean import Antrean, baris_antrean, tandai_draf
from .bukti import url_bukti
from .frasa import MAKS_FRASA, daftar_frasa, hapus_frasa, label_pendek, sisipkan_frasa, tambah_frasa
from .layanan import (EVALUASI_PERIODE, KONFIRMASI, ambil_evaluasi, baris_perilaku, baris_rhk, boleh_lihat_diri,
                      ekspektasi_perilaku, evaluasi_id_atau_none, info_periode, label_konfirmasi, nomor_akhir,
                      pastikan_penilai, pastikan_skp_berjalan, periode_belum_dinilai, periode_usai,
                      simpan_penilaian)
from .models import Evaluasi, FrasaUmpanBalik
from .realisasi import realisasi_dan_bukti, ringkasan_tahun
from .tindak_lanjut import tindak_lanjut


# ---------------------------------------------------------------- the queue

@bp.get("/penilaian")
@login_required
def antrean():
    """The penilai's review queue: every evaluation waiting on me, oldest
    first, a page at a time, searchable by name or NIP."""
    q = kata_cari()
    pg = halaman(baris_antrean(current_user, q), {"q": q})
    pg.items = tandai_draf([Antrean(*b) for b in pg.items])
    return render_template("penilaian/antrean.html", pg=pg, q=q)


# ---------------------------------------------------------------- what the rating page reads

def evaluasi_semu(skp, nomor):
    """An unsaved, empty evaluation standing in for a row not created yet."""
    akhir = nomor == nomor_akhir(skp.periode)
    return Evaluasi(skp=skp, nomor=nomor, akhir=akhir, status="terbuka", version=0)


def alasan_tidak_bisa(skp, ev):
    """Why the penilai cannot rate this evaluation now, or None when they can."""
    return (alasan_tolak(pastikan_skp_berjalan, skp, ev.nomor)
            or alasan_tolak(periksa_penilai_boleh_menilai, ev.status, periode_usai(skp.periode, ev.nomor)))


def suara_warga(skp, ev, info, batas=5):
    """The citizen feedback on the SKP's pegawai for the "Berorientasi
    Pelayanan" row (3 queries), or None when there is none: {awal, akhir,
    responden, sedikit (fewer than MIN_RESPONDEN), unsur [(name, NRR
    "3,50")] of the two pelaksana unsur, komentar, pengaduan (text, status,
    answer; the contact is never read)}. The annual evaluation reads the year."""
    awal, akhir = (skp.periode.mulai, skp.periode.selesai) if ev.akhir else (info.awal, info.akhir)
    umpan = umpan_warga(skp.pegawai_id, awal, akhir, batas=batas)
    if not (umpan.skm.responden or umpan.komentar or umpan.pengaduan):
        return None
    nrr = dict(zip(KOLOM_UNSUR, umpan.skm.nrr))
    return {"awal": awal, "akhir": akhir, "responden": umpan.skm.responden,
            "sedikit": umpan.skm.responden < MIN_RESPONDEN,
            "unsur": [(u.nama, f"{nrr[u.kolom]:.2f}".replace(".", ",")) for u in UNSUR
                      if u.kolom in UNSUR_PELAKSANA and nrr[u.kolom] is not None],
            "komentar": umpan.komentar, "pengaduan": umpan.pengaduan, "batas": batas}


# ---------------------------------------------------------------- the rating form

def form_nilai(rhk, frasa=()):
    """The rating form's class for an SKP with these RHK and the penilai's
    phrases, its fields in the page's order: per RHK an umpan balik and a
    phrase picker, rating hasil kerja, the seven BerAKHLAK umpan balik,
    rating perilaku kerja, the confirmations before final. The names are the
    ones the service, the offline drafts and the tests know; the labels lead
    the error summary and the conflict table.

    The values are checked by the service (simpan_penilaian: a rating
    outside RATING, an umpan balik over its limit; sisipkan_frasa: a phrase
    not the penilai's), whose messages `coba` puts at these fields; the form
    adds CSRF, the idempotency key and the outer length bound."""
    rating = pilihan(RATING.items())
    pilihan_frasa = pilihan([("", "– pilih frasa –"), *((str(f.id), label_pendek(f.teks)) for f in frasa)])
    medan = {}
    for r in rhk:
        medan[f"umpan_balik_{r.id}"] = TextAreaField(f"Umpan balik RHK {r.nomor}")
        medan[f"frasa_{r.id}"] = SelectField(f"Frasa untuk RHK {r.nomor}", choices=pilihan_frasa,
                                             validate_choice=False)
    medan["rating_hasil"] = RadioField("Rating hasil kerja", choices=rating, validate_choice=False)
    medan.update({f"perilaku_{k}": TextAreaField(f"Umpan balik {v['nama']}") for k, v in BERAKHLAK.items()})
    medan["rating_perilaku"] = RadioField("Rating perilaku kerja", choices=rating, validate_choice=False)
    medan.update({k: BooleanField("Konfirmasi") for k in KONFIRMASI})
    medan.update(version=HiddenField(), aksi=HiddenField())
    return type("FormNilai", (KinerjaForm,), medan)


def _isian_tersimpan(ev, baris, perilaku):
    """The form's values as saved: ratings, every umpan balik and the version."""
    isian = {"rating_hasil": ev.rating_hasil or "", "rating_perilaku": ev.rating_perilaku or "",
             "version": ev.version}
    isian.update({f"umpan_balik_{i}": b.umpan_balik for i, b in baris.items()})
    isian.update({f"perilaku_{k}": b.umpan_balik for k, b in perilaku.items()})
    return isian


def medan_konflik(rhk):
    """{field: getter on the fresh Evaluasi} for the stale-edit table (`coba`).
    The umpan balik live on the evaluation's rows: they are read once, on the
    first getter that needs them."""
    segar = {}

    def umpan(ev, bagian, kunci):
        if bagian not in segar:
            segar[bagian] = (baris_rhk if bagian == "rhk" else baris_perilaku)(ev) if ev.id else {}
        b = segar[bagian].get(kunci)
        return b.umpan_balik if b is not None else ""

    medan = {f"umpan_balik_{r.id}": lambda ev, i=r.id: umpan(ev, "rhk", i) for r in rhk}
    medan["rating_hasil"] = lambda ev: ev.rating_hasil or ""
    medan.update({f"perilaku_{k}": lambda ev, k=k: umpan(ev, "perilaku", k) for k in BERAKHLAK})
    medan["rating_perilaku"] = lambda ev: ev.rating_perilaku or ""
    return medan


def konteks_nilai(skp, nomor, ev, form=None, konflik=None, rhk=None, frasa=None):
    """Everything the rating page shows, in a constant number of queries.
    Without `form` the form holds what is saved; `rhk` and `frasa` are
    passed by a POST that has read them already."""
    ev = ev or evaluasi_semu(skp, nomor)
    rhk = ringkasan_rhk(skp) if rhk is None else rhk
    frasa = daftar_frasa(current_user.id) if frasa is None else frasa
    baris = baris_rhk(ev) if ev.id else {}
    perilaku = baris_perilaku(ev) if ev.id else {}
    if form is None:
        form = form_nilai(rhk, frasa)(formdata=None, data=_isian_tersimpan(ev, baris, perilaku))
    realisasi, bukti = realisasi_dan_bukti(skp, rhk, nomor)
    lihat_diri = boleh_lihat_diri(ev, {"penilai"})
    saran = saran_rating_hasil([(r.jenis, baris[r.id].penilaian_diri) for r in rhk if r.id in baris]) \
        if lihat_diri else None
    hasil, perilaku_kerja = form.rating_hasil.data, form.rating_perilaku.data
    pratinjau = PREDIKAT[hitung_predikat(hasil, perilaku_kerja)] \
        if hasil in RATING and perilaku_kerja in RATING else None
    belum = periode_belum_dinilai(skp, ev) if ev.status != "dinilai" else []
    versi = form.version.data if form.version.data not in (None, "") else ev.version
    info = info_periode(skp.periode, nomor)
    return dict(
        belum_dinilai=belum, konfirmasi=[(k, label_konfirmasi(k, belum)) for k in KONFIRMASI
                                         if form[k].errors or (form[k].data and (belum or k != KONFIRMASI[1]))],
        skp=skp, ev=ev, info=info, rhk=rhk, baris=baris, perilaku=perilaku,
        warga=suara_warga(skp, ev, info) if ev.status != "dinilai" else None,
        realisasi=realisasi, bukti=bukti, url_bukti=url_bukti, lihat_diri=lihat_diri,
        ekspektasi=ekspektasi_perilaku(skp), berakhlak=BERAKHLAK, rating=RATING, saran=saran,
        pratinjau=pratinjau, form=form, konflik=konflik, versi=versi,
        alasan=alasan_tidak_bisa(skp, ev) if ev.status != "dinilai" else None,
        frasa=[(f.id, label_pendek(f.teks)) for f in frasa], frasa_teks={f.id: f.teks for f in frasa},
        matriks={f"{h}|{p}": PREDIKAT[v] for (h, p), v in MATRIKS_PREDIKAT.items()},
        tahun=ringkasan_tahun(skp, rhk) if ev.akhir else None, lanjut=tindak_lanjut(ev),
        aksi_url=url_for(".nilai", evaluasi_id=ev.id) if ev.id
        else url_for(".nilai_periode", skp_id=skp.id, nomor=nomor))


# ---------------------------------------------------------------- the rating page

def _skp_penilai(skp_id):
    """The SKP if it exists (else 404) and the signed-in person is its penilai (else 403)."""
    skp = ambil_skp(skp_id)
    if skp is None:
        abort(404)
    pastikan_boleh(pastikan_penilai, skp, current_user)
    return skp


def _tampil(skp, nomor, ev, http_status=200, **extra):
    return render_template("penilaian/nilai.html", **konteks_nilai(skp, nomor, ev, **extra)), http_status


@bp.route("/penilaian/<int:evaluasi_id>", methods=["GET", "POST"])
@login_required
@idempoten
def nilai(evaluasi_id):
    """The penilai rates one evaluation; read-only with the result once final."""
    ev = evaluasi_id_atau_none(evaluasi_id)
    if ev is None:
        abort(404)
    skp = _skp_penilai(ev.skp_id)
    if request.method == "POST":
        return _simpan(skp, ev.nomor, ev)
    return _tampil(skp, ev.nomor, ev)


@bp.route("/penilaian/skp/<int:skp_id>/<int:nomor>", methods=["GET", "POST"])
@login_required
@idempoten
def nilai_periode(skp_id, nomor):
    """The rating page of an SKP's period, also before its evaluation row exists."""
    skp = _skp_penilai(skp_id)
    if info_periode(skp.periode, nomor) is None:
        abort(404, description="Periode evaluasi ini tidak ada pada periode SKP.")
    if request.method == "POST":
        return _simpan(skp, nomor, Evaluasi.get_or_none((Evaluasi.skp == skp.id) & (Evaluasi.nomor == nomor)))
    ev = EVALUASI_PERIODE.satu(skp.id, nomor)  # stored SQL: the page opened from the queue
    if ev is not None:
        return redirect(url_for(".nilai", evaluasi_id=ev.id), code=303)
    return _tampil(skp, nomor, None)


def _simpan_evaluasi(skp, nomor, data, finalkan):
    """Create the rows if needed and save, all in one transaction. A form shown
    before the row existed carries version 0: it matches a row still untouched."""
    versi = 1 if data.get("version") == "0" else data.get("version")
    with database.atomic():
        ev = ambil_evaluasi(skp, nomor)
        return simpan_penilaian(current_user, skp, ev, data, versi, finalkan=finalkan, minta_konfirmasi=True)


def _simpan(skp, nomor, ev):
    """Save the draft or finalise through `coba`; 303 to the page, else the page
    with the messages and what was typed (422 bad input, 409 final, closed or
    stale: a stale save shows the fields that differ, both versions)."""
    rhk, frasa = ringkasan_rhk(skp), daftar_frasa(current_user.id)
    form = form_nilai(rhk, frasa)()
    lagi = dict(rhk=rhk, frasa=frasa, form=form)
    if ev is not None and ev.status == "dinilai":
        form.form_errors.append("Penilaian ini sudah final dan tidak bisa diubah lagi.")
        return _tampil(skp, nomor, ev, 409, **lagi)
    if not form.validate():
        return _tampil(skp, nomor, ev, 422, **lagi)
    finalkan = form.aksi.data == "finalkan"

    def simpan():
        # A chosen phrase goes into its umpan balik, also on the page shown again.
        data = sisipkan_frasa(form.data, frasa)
        for nama in [n for n in data if n.startswith("umpan_balik_") and n in form]:
            form[nama].data = data[nama]
        return _simpan_evaluasi(skp, nomor, data, finalkan)

    status, konflik = coba(form, simpan, medan_konflik(rhk))
    if status is None:
        flash(f"Penilaian final. Predikat: {form.hasil.predikat_label}." if finalkan
              else "Draf penilaian disimpan. Pegawai belum melihatnya.", "sukses")
        return redirect(url_for(".nilai", evaluasi_id=form.hasil.id), code=303)
    segar = Evaluasi.get_or_none((Evaluasi.skp == skp.id) & (Evaluasi.nomor == nomor))
    if konflik is not None and segar is not None and segar.status == "dinilai":
        form.form_errors.append("Penilaian ini sudah difinalkan sejak halaman dibuka.")
        konflik = None
    elif konflik is not None:  # only what differs (an empty table: the page says what changed)
        konflik = [b for b in konflik if b[1].strip() != b[2].strip()]
    return _tampil(skp, nomor, segar, status, konflik=konflik, **lagi)


# ---------------------------------------------------------------- phrases

@bp.route("/penilaian/frasa", methods=["GET", "POST"])
@login_required
@idempoten
def frasa():
    """The penilai's reusable phrases: list, add, delete (only their own)."""
    form = KinerjaForm()
    status, teks = 200, ""
    if form.is_submitted():
        status, teks = _ubah_frasa(form)
        if status is None:
            return redirect(url_for(".frasa"), code=303)
    return render_template("penilaian/frasa.html", form=form, teks=teks, maks=MAKS_FRASA,
                           daftar=daftar_frasa(current_user.id)), status


def _ubah_frasa(form):
    """Add or delete one phrase from the posted form; (None, "") when done."""
    if request.form.get("aksi") == "hapus":
        item = ada_atau_404(FrasaUmpanBalik, FrasaUmpanBalik.id == request.form.get("frasa_id", type=bulat), "Frasa ini tidak ada (mungkin sudah dihapus).")
        pastikan(item.pemilik_id == current_user.id, "Frasa ini milik orang lain.")
        hapus_frasa(current_user, item)
        flash("Frasa dihapus.", "sukses")
        return None, ""
    teks = request.form.get("teks", "")
    status, _ = coba(form, lambda: tambah_frasa(current_user, teks))
    if status is not None:
        return status, teks
    baru = form.hasil[1]
    flash("Frasa disimpan." if baru else "Frasa yang sama sudah ada; tidak disimpan dua kali.",
          "sukses" if baru else "peringatan")
    return None, ""
