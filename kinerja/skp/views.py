"""SKP pages: my SKPs, start one, the SKP page (also the penilai's review
screen), status moves, lampiran, perilaku expectations, and the admin's
corrections (pejabat penilai, unlock in a closed periode)."""
from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required

from ..forms import KinerjaForm, bulat
from ..inti import Galat
from ..models import Pegawai, Periode
from ..pengajuan import idempoten
from ..rules import AKSI_SKP, BERAKHLAK, normalisasi_nip
from ..web import jalankan, pastikan, proses, templat
from . import bp
from .akses import catat_dilihat, skp_terlihat
from .formulir import KunciForm, LampiranForm, PejabatForm, PerilakuForm, SetujuiForm, SkpBaruForm, StatusForm
from .konteks import riwayat_skp, skp_milik, tampil
from .layanan import (LAMPIRAN, MAKS_EKSPEKTASI, EkspektasiKosong, aksi_label, atur_kunci, buat_skp,
                      pastikan_perilaku_terbuka, setujui_skp, simpan_lampiran, simpan_perilaku, ubah_pejabat,
                      ubah_status)
from .rencana import salin_dari_sebelumnya


def _form_baru(skp_saya):
    """The "Buat SKP" form: the open periods I have no SKP for, the oldest
    first and chosen, so that with 2026 being evaluated and 2027 being
    planned the missing 2026 SKP comes first (it is needed now); a link
    with ?periode=<tahun> (Beranda's "Buat SKP 2027") chooses that year."""
    form = SkpBaruForm()
    sudah = {s.periode_id for s in skp_saya}
    terbuka = list(Periode.select().where((Periode.status != "ditutup") & Periode.id.not_in(sudah or [0]))
                   .order_by(Periode.tahun))
    form.periode.choices = [(p.id, f"{p.tahun} ({p.status_label})") for p in terbuka]
    if not form.is_submitted() and terbuka:
        diminta = request.args.get("periode", type=bulat)
        form.periode.data = next((p.id for p in terbuka if p.tahun == diminta), terbuka[0].id)
    return form


@bp.route("/skp", methods=["GET", "POST"])
@login_required
@idempoten
def daftar():
    """My SKPs per periode, and starting one for an open periode."""
    skp_saya = skp_milik(current_user.id)
    form = _form_baru(skp_saya)

    def buat():
        periode = Periode.get_by_id(form.periode.data)
        skp = buat_skp(current_user, periode, form.pendekatan.data)
        return url_for(".lihat", skp_id=skp.id), f"SKP {periode.tahun} dibuat. Tambahkan RHK Anda."

    def tampil_ulang(status, _):
        if form.periode.errors:  # not among the choices: closed, or already made
            form.periode.errors = ["Periode ini sudah ditutup atau SKP-nya sudah Anda buat."]
        return render_template("skp/daftar.html", skp_saya=skp_saya, form=form), status
    return proses(form, buat, tampil_ulang)


@bp.get("/skp/<int:skp_id>")
@login_required
def lihat(skp_id):
    """The SKP page; for an inline htmx change only its RHK part."""
    skp = skp_terlihat(skp_id)
    catat_dilihat(skp, f"SKP {skp.periode.tahun}")
    return tampil(skp)


@bp.post("/skp/<int:skp_id>/status")
@login_required
@idempoten
def status(skp_id):
    """Submit, withdraw, approve (with the expectations, or confirming without
    them), return (with reason) or reopen (with reason)."""
    skp = skp_terlihat(skp_id)
    aksi = request.form.get("aksi")
    form = SetujuiForm() if aksi == "setujui" else StatusForm()
    if aksi not in AKSI_SKP:
        abort(400, description="Aksi tidak dikenal.")
    kosong = []

    def ubah():
        _ubah(skp, aksi, form, kosong)
        return url_for(".lihat", skp_id=skp.id), f"SKP {aksi_label(aksi)}."
    return proses(form, ubah, lambda status, _: _gagal(skp_id, status, form_status=form, aksi_gagal=aksi,
                                                       ekspektasi_kosong=kosong))


def _ubah(skp, aksi, form, kosong):
    """The status move; an approval goes with the expectations in the form."""
    if aksi != "setujui":
        return ubah_status(current_user, skp, aksi, form.alasan.data, form.version.data)
    try:
        return setujui_skp(current_user, skp, form.version.data, form.ekspektasi(), form.alasan.data,
                           form.tanpa_ekspektasi.data)
    except EkspektasiKosong as exc:
        kosong.extend(exc.kosong)  # the page asks: write them, or confirm
        raise


def _gagal(skp_id, status, **forms):
    """Re-render the SKP page (fresh from the database) with a refused action's messages."""
    return tampil(skp_terlihat(skp_id), status or 422, **forms)


@bp.route("/skp/<int:skp_id>/lampiran", methods=["GET", "POST"])
@login_required
@idempoten
def lampiran(skp_id):
    """The pegawai edits the lampiran while the SKP is open to them."""
    skp = skp_terlihat(skp_id)
    pastikan("pemilik" in skp.peran_saya, "Hanya pegawai pemilik SKP yang bisa mengubah lampiran.")
    form = LampiranForm(obj=skp)
    return _form_skp(skp, form, lambda: simpan_lampiran(current_user, skp, form.data, form.version.data),
                         "skp/lampiran.html", "Lampiran disimpan.", "lampiran",
                         {f: (lambda s, f=f: getattr(s, f)) for f in LAMPIRAN})


def _form_skp(skp, form, simpan, template, pesan, anchor=None, konflik_fields=None, **ctx):
    """The SKP's own form pages (lampiran, perilaku, pejabat): save, then back to the SKP."""
    def simpan_lalu_kembali():
        simpan()
        return url_for(".lihat", skp_id=skp.id, _anchor=anchor), pesan
    return proses(form, simpan_lalu_kembali, templat(template, skp=skp, form=form, **ctx), konflik_fields)


@bp.route("/skp/<int:skp_id>/perilaku", methods=["GET", "POST"])
@login_required
@idempoten
def perilaku(skp_id):
    """The penilai writes the ekspektasi khusus for the seven BerAKHLAK values,
    also after approval (without reopening) until the annual result is final."""
    skp = skp_terlihat(skp_id)
    pesan = "Hanya pejabat penilai SKP ini yang menulis ekspektasi perilaku."
    pastikan("penilai" in skp.peran_saya and "pemilik" not in skp.peran_saya, pesan)
    awal = {p.nilai: p.ekspektasi for p in skp.perilaku}
    terkunci = jalankan(lambda: pastikan_perilaku_terbuka(skp, current_user, sesudah_disetujui=True))
    if terkunci.status:  # nothing offered that would be refused: the reason instead
        return render_template("skp/perilaku.html", skp=skp, form=None, terkunci=terkunci.pesan[0],
                               berakhlak=BERAKHLAK, awal=awal), terkunci.status
    form = PerilakuForm(data=dict(awal, version=skp.version))
    return _form_skp(skp, form, lambda: simpan_perilaku(current_user, skp, form.data, form.version.data,
                                                            sesudah_disetujui=True),
                         "skp/perilaku.html", "Ekspektasi perilaku disimpan.", "perilaku",
                         berakhlak=BERAKHLAK, maks=MAKS_EKSPEKTASI)


@bp.get("/skp/<int:skp_id>/riwayat")
@login_required
def riwayat(skp_id):
    """The SKP's whole history, a page at a time (the SKP page shows the latest few)."""
    skp = skp_terlihat(skp_id)
    catat_dilihat(skp, f"Riwayat SKP {skp.periode.tahun}")
    return render_template("skp/riwayat.html", skp=skp, pg=riwayat_skp(skp))


@bp.route("/skp/<int:skp_id>/pejabat", methods=["GET", "POST"])
@login_required
@idempoten
def pejabat(skp_id):
    """An admin corrects the snapshotted penilai and atasan penilai."""
    skp = skp_terlihat(skp_id)
    pastikan("admin" in skp.peran_saya, "Hanya admin kepegawaian yang bisa mengoreksi pejabat penilai.")
    form = PejabatForm(nip_penilai=skp.penilai.nip if skp.penilai_id else "",
                       nip_atasan_penilai=skp.atasan_penilai.nip if skp.atasan_penilai_id else "",
                       version=skp.version)
    return _form_skp(skp, form, lambda: ubah_pejabat(
        current_user, skp, _orang(form, "nip_penilai"), _orang(form, "nip_atasan_penilai"),
        form.alasan.data, form.version.data), "skp/pejabat.html", "Pejabat penilai dikoreksi.")


def _orang(form, field):
    """The pegawai named by a NIP field (None when empty); unknown NIP is a field error."""
    nip = normalisasi_nip(form[field].data)
    if not nip:
        return None
    orang = Pegawai.get_or_none(Pegawai.nip == nip)
    if orang is None:
        raise Galat({field: "Pegawai dengan NIP ini tidak ditemukan."})
    return orang


@bp.post("/skp/<int:skp_id>/kunci")
@login_required
@idempoten
def kunci(skp_id):
    """An admin unlocks one SKP of a closed periode (or locks it again), with a reason."""
    skp = skp_terlihat(skp_id)
    pastikan("admin" in skp.peran_saya, "Hanya admin kepegawaian yang bisa membuka kunci SKP.")
    form = KunciForm()

    def kunci_atau_buka():
        buka = form.buka.data == "1"
        atur_kunci(current_user, skp, buka, form.alasan.data, form.version.data)
        return url_for(".lihat", skp_id=skp.id), "Kunci SKP dibuka." if buka else "SKP dikunci lagi."
    return proses(form, kunci_atau_buka, lambda status, _: _gagal(skp_id, status, form_kunci=form))


@bp.post("/skp/<int:skp_id>/salin")
@login_required
@idempoten
def salin(skp_id):
    """Copy RHK and IKI from the pegawai's previous SKP."""
    skp = skp_terlihat(skp_id)
    pastikan("pemilik" in skp.peran_saya, "Hanya pegawai pemilik SKP yang bisa menyalin.")
    form = KinerjaForm()

    def salin_rhk():
        n = salin_dari_sebelumnya(current_user, skp)
        return (url_for(".lihat", skp_id=skp.id),
                f"{n} RHK disalin. Pilih lagi RHK atasan yang diintervensi untuk tiap RHK.")
    return proses(form, salin_rhk, lambda status, _: _gagal(skp_id, status, form_salin=form))
