"""Staff pages of suara warga: the unit's service catalogue, a petugas's
service log with the citizen's slip, the unit's results (SKM, services,
complaints) with voiding a response, and complaint handling.

Permission per object is in warga.akses; the writes are in katalog, buku
and tindak. A petugas sees only their own records; the unit head and the
admins see the log through the results page.
"""
import datetime
import re

from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user, login_required

from ..forms import pilihan
from ..jam import hari_ini, sekarang
from ..pengajuan import idempoten
from ..riwayat import untuk as riwayat_untuk
from ..rules import warga as aturan
from ..web import ada_atau_404, halaman, pastikan, proses, templat
from . import akses, bp
from .buku import catat_layanan, catatan_saya, layanan_saya, per_layanan, selesaikan
from .forms import BatalForm, CatatanForm, JawabForm, LayananForm, SelesaiForm
from .katalog import calon_petugas, daftar_layanan, petugas_dari, petugas_lepas, simpan_layanan
from .models import CatatanLayanan, Layanan, Pengaduan, ResponSurvei
from .poster import qr_svg, url_pendek
from .tindak import (PENGADUAN_BATAL, batalkan_pengaduan, batalkan_respon, daftar_pengaduan, jawab_pengaduan,
                     respon_terbaru)
from .ukuran import layanan_unit, pengaduan_unit, rentang, skm_unit

TW_RE = re.compile(r"^(\d{4})-([1-4])$")


# ---------------------------------------------------------------- service catalogue

@bp.get("/unit/<int:unit_id>/layanan")
@login_required
def katalog_daftar(unit_id):
    """The unit's services with their standard time and petugas."""
    unit = akses.unit_boleh(unit_id, akses.boleh_baca, akses.TAK_BACA)
    return render_template("warga/katalog_daftar.html", unit=unit, layanan=daftar_layanan(unit),
                           boleh_kelola=akses.boleh_kelola(current_user, unit))


KONFLIK_LAYANAN = {"nama": lambda x: x.nama, "standar_menit": lambda x: x.standar_menit,
                   "aktif": lambda x: x.aktif}


def _simpan_layanan(unit, layanan=None):
    form = LayananForm(obj=layanan, petugas=petugas_dari(layanan) if layanan else [])
    form.petugas.choices = pilihan((p.id, f"{p.nama} ({p.jabatan})") for p in calon_petugas(unit))

    def simpan():
        x = simpan_layanan(current_user, unit, form.data_layanan(), layanan, form.version.data)
        return url_for(".katalog_daftar", unit_id=unit.id), f"Layanan {x.nama} disimpan."
    return proses(form, simpan, templat("warga/katalog_form.html", form=form, unit=unit, layanan=layanan,
                                        lepas=petugas_lepas(layanan) if layanan else []),
                  KONFLIK_LAYANAN)


@bp.route("/unit/<int:unit_id>/layanan/baru", methods=["GET", "POST"])
@login_required
@idempoten
def katalog_baru(unit_id):
    """Add a service to the unit's catalogue."""
    return _simpan_layanan(akses.unit_boleh(unit_id, akses.boleh_kelola, akses.TAK_KELOLA))


@bp.route("/layanan/<int:layanan_id>/ubah", methods=["GET", "POST"])
@login_required
@idempoten
def katalog_ubah(layanan_id):
    """Edit a service: name, standard time, active, petugas."""
    layanan = ada_atau_404(Layanan, Layanan.id == layanan_id)
    pastikan(akses.boleh_kelola(current_user, layanan.unit), akses.TAK_KELOLA)
    return _simpan_layanan(layanan.unit, layanan)


# ---------------------------------------------------------------- service log

def _tanggal_arg(nama):
    """A date of the query string (YYYY-MM-DD), None when absent; 400 when bad."""
    teks = request.args.get(nama, "").strip()
    if not teks:
        return None
    try:
        if len(teks) != 10:
            raise ValueError(teks)
        return datetime.date.fromisoformat(teks)
    except ValueError:
        abort(400, description=f"Tanggal '{nama}' tidak valid. Tulis dengan format TTTT-BB-HH, misalnya 2026-11-01.")


@bp.get("/buku-layanan")
@login_required
def buku_daftar():
    """My service records, newest first, optionally within dates."""
    dari, sampai = _tanggal_arg("dari"), _tanggal_arg("sampai")
    if dari and sampai and sampai < dari:
        abort(400, description="Tanggal 'sampai' tidak boleh sebelum tanggal 'dari'.")
    args = {"dari": dari.isoformat() if dari else "", "sampai": sampai.isoformat() if sampai else ""}
    return render_template("warga/buku_daftar.html", pg=halaman(catatan_saya(current_user.id, dari, sampai), args),
                           args=args, melayani=bool(layanan_saya(current_user.id)))


@bp.route("/buku-layanan/baru", methods=["GET", "POST"])
@login_required
@idempoten
def buku_baru():
    """Record a service in a few taps; 303 to the citizen's slip."""
    pilihan_layanan = layanan_saya(current_user.id)
    pastikan(pilihan_layanan, "Anda belum terdaftar sebagai petugas layanan mana pun. Hubungi kepala unit.")
    form = CatatanForm(mulai=sekarang().strftime("%Y-%m-%dT%H:%M"),
                       layanan=pilihan_layanan[0].id if len(pilihan_layanan) == 1 else None)
    form.layanan.choices = pilihan(([("", "Pilih layanan")] if len(pilihan_layanan) > 1 else [])
                                   + [(x.id, x.nama) for x in pilihan_layanan])

    def simpan():
        c = catat_layanan(current_user, form.data)
        return url_for(".buku_slip", catatan_id=c.id), f"Layanan dicatat. Kode untuk warga: {c.kode}."
    return proses(form, simpan, templat("warga/buku_form.html", form=form))


def _catatan_milik(catatan_id):
    catatan = ada_atau_404(CatatanLayanan, CatatanLayanan.id == catatan_id)
    pastikan(akses.pemilik_catatan(current_user, catatan), akses.TAK_CATATAN)
    return catatan


@bp.get("/buku-layanan/<int:catatan_id>")
@login_required
def buku_slip(catatan_id):
    """The printable slip for the citizen: the code and the survey's QR.

    A page of its own (its print stylesheet in its head): reached by a
    boosted form (the record just saved) it asks htmx for a full load,
    which a swap of the body alone would not style."""
    catatan = _catatan_milik(catatan_id)
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 200)
        response.headers["HX-Redirect"] = request.full_path.rstrip("?")
        return response
    unit = catatan.unit
    url = url_pendek(unit, catatan.kode)
    return render_template("warga/buku_slip.html", c=catatan, unit=unit, url=url,
                           qr=None if catatan.kode_terpakai else qr_svg(url, judul=f"Kode QR survei {unit.nama}"),
                           kode_spasi=" ".join(catatan.kode[i:i + 3] for i in range(0, len(catatan.kode), 3)))


@bp.route("/buku-layanan/<int:catatan_id>/selesai", methods=["GET", "POST"])
@login_required
@idempoten
def buku_selesai(catatan_id):
    """Finish a record left in progress."""
    catatan = _catatan_milik(catatan_id)
    form = SelesaiForm()

    def simpan():
        selesaikan(current_user, catatan, form.data)
        return url_for(".buku_daftar"), f"Layanan {catatan.layanan.nama} ({catatan.kode}) tercatat selesai."
    return proses(form, simpan, templat("warga/buku_selesai.html", form=form, c=catatan))


# ---------------------------------------------------------------- results

def triwulan_dipilih():
    """(awal, akhir, label, "2026-4") of `?tw=`; the current quarter by default; 400 when bad."""
    teks = request.args.get("tw", "").strip()
    if not teks:
        hari = hari_ini()
    else:
        cocok = TW_RE.match(teks)
        if not cocok or not 2000 <= int(cocok[1]) <= 2100:
            abort(400, description="Triwulan tidak valid. Tulis tahun dan nomor triwulan, misalnya 2026-4.")
        hari = datetime.date(int(cocok[1]), 3 * int(cocok[2]) - 2, 1)
    awal, akhir, label = aturan.triwulan(hari)
    return awal, akhir, label, f"{awal.year}-{(awal.month + 2) // 3}"


def pilihan_triwulan(n=8):
    """The last `n` quarters up to the current one, as ("2026-4", "Triwulan IV 2026")."""
    hari = hari_ini()
    return [(f"{a.year}-{(a.month + 2) // 3}", label) for a, _, label in (aturan.triwulan(hari, i) for i in range(n))]


@bp.get("/unit/<int:unit_id>/suara-warga")
@login_required
def hasil_unit(unit_id):
    """The unit's SKM, services and complaints in a quarter, and the latest responses."""
    unit = akses.unit_boleh(unit_id, akses.boleh_baca, akses.TAK_BACA)
    awal, akhir, label, tw = triwulan_dipilih()
    respon = halaman(respon_terbaru(unit.id, *rentang(awal, akhir)),
                     {"unit_id": unit.id, "tw": request.args.get("tw", "")})
    return render_template("warga/hasil.html", unit=unit, label=label, tw=tw, pilihan_tw=pilihan_triwulan(),
                           skm=skm_unit(unit.id, awal, akhir), layanan=layanan_unit(unit.id, awal, akhir),
                           per_layanan=per_layanan(unit.id, awal, akhir),
                           aduan=pengaduan_unit(unit.id, awal, akhir), respon=respon, unsur=aturan.UNSUR,
                           min_responden=aturan.MIN_RESPONDEN,
                           boleh_batalkan=akses.boleh_batalkan(current_user, unit),
                           boleh_tangani=akses.boleh_tangani(current_user, unit), form=BatalForm(formdata=None))


@bp.route("/survei/<int:respon_id>/batalkan", methods=["GET", "POST"])
@login_required
@idempoten
def respon_batalkan(respon_id):
    """An admin voids a survey response with a reason (it then counts nowhere)."""
    respon = ada_atau_404(ResponSurvei, ResponSurvei.id == respon_id)
    unit = respon.unit
    pastikan(akses.boleh_batalkan(current_user, unit), akses.TAK_BATAL)
    form = BatalForm()
    if respon.dibatalkan_pada is not None and not form.is_submitted():
        form.form_errors.append("Respons ini sudah dibatalkan sebelumnya.")
        return render_template("warga/respon_batalkan.html", form=form, r=respon, unit=unit), 409

    def simpan():
        batalkan_respon(current_user, respon, form.alasan.data)
        return url_for(".hasil_unit", unit_id=unit.id), "Respons survei dibatalkan dan tidak dihitung lagi."
    return proses(form, simpan, templat("warga/respon_batalkan.html", form=form, r=respon, unit=unit))


# ---------------------------------------------------------------- complaints

@bp.get("/unit/<int:unit_id>/pengaduan")
@login_required
def pengaduan_daftar(unit_id):
    """The unit's complaints, open ones first and oldest first."""
    unit = akses.unit_boleh(unit_id, akses.boleh_baca, akses.TAK_BACA)
    status = request.args.get("status", "")
    if status and status not in aturan.STATUS_PENGADUAN:
        abort(400, description="Status pengaduan tidak dikenal.")
    return render_template("warga/pengaduan_daftar.html", unit=unit, status=status,
                           pg=halaman(daftar_pengaduan(unit.id, status), {"unit_id": unit.id, "status": status}),
                           semua_status=aturan.STATUS_PENGADUAN)


@bp.route("/pengaduan/<int:pengaduan_id>", methods=["GET", "POST"])
@login_required
@idempoten
def pengaduan_detail(pengaduan_id):
    """One complaint; its handler answers it and moves its status."""
    aduan = ada_atau_404(Pengaduan, Pengaduan.id == pengaduan_id)
    unit = aduan.unit
    pastikan(akses.boleh_baca(current_user, unit), akses.TAK_BACA)
    tangani = akses.boleh_tangani(current_user, unit)
    form = JawabForm(obj=aduan if aduan.status == "ditindaklanjuti" else None, version=aduan.version)
    form.status.choices = pilihan((s, aturan.STATUS_PENGADUAN[s]) for s in aturan.LANGKAH_PENGADUAN[aduan.status])
    if form.is_submitted():
        pastikan(tangani, akses.TAK_TANGANI)

    def simpan():
        jawab_pengaduan(current_user, aduan, form.data, form.version.data)
        return url_for(".pengaduan_detail", pengaduan_id=aduan.id), f"Pengaduan {aduan.status_label.lower()}."
    return proses(form, simpan, templat("warga/pengaduan_detail.html", form=form, a=aduan, unit=unit,
                                        tangani=tangani, layanan=aduan.catatan.layanan if aduan.catatan_id else None,
                                        boleh_batalkan=akses.boleh_batalkan(current_user, unit),
                                        riwayat=list(riwayat_untuk(aduan))),
                  {"status": lambda x: x.status, "jawaban": lambda x: x.jawaban})


@bp.route("/pengaduan/<int:pengaduan_id>/batalkan", methods=["GET", "POST"])
@login_required
@idempoten
def pengaduan_batalkan(pengaduan_id):
    """An admin voids a complaint with a reason (abuse): kept, counted nowhere, answered no more."""
    aduan = ada_atau_404(Pengaduan, Pengaduan.id == pengaduan_id)
    unit = aduan.unit
    pastikan(akses.boleh_batalkan(current_user, unit), akses.TAK_BATAL_ADUAN)
    form = BatalForm()
    if aduan.dibatalkan_pada is not None and not form.is_submitted():
        form.form_errors.append(PENGADUAN_BATAL)
        return render_template("warga/pengaduan_batalkan.html", form=form, a=aduan, unit=unit), 409

    def simpan():
        batalkan_pengaduan(current_user, aduan, form.alasan.data)
        return url_for(".pengaduan_detail", pengaduan_id=aduan.id), "Pengaduan dibatalkan dan tidak dihitung lagi."
    return proses(form, simpan, templat("warga/pengaduan_batalkan.html", form=form, a=aduan, unit=unit))
