"""The pegawai's periodic work: the evaluation periods of an SKP, and per
period the realisasi of every IKI with its bukti dukung and the evaluasi diri.

One page per period, built in a constant number of queries. Whoever may see
the SKP may read the pages; only its pegawai writes, and only while the period
is open. Every write is a plain form (POST -> 303 -> the period page).

Decisions (issue 13, "nothing typed is lost without JS"):
- The period page is ONE form (#isian-periode). One "Simpan semua isian"
  saves the realisasi of every IKI (value and note) and the self-evaluation
  draft, in one transaction (realisasi.simpan_periode). Beside each part the
  page sends its row's version and a digest of what it showed (asal-<iki id>,
  asal_diri); only parts whose values differ from what was shown are written,
  so saving one IKI never overwrites another session's newer value of another.
  A bad value anywhere: 422, the page again with every typed value in place
  and an error summary at the top linked to the fields, nothing written. A
  stale row: 409 with both versions at that part, nothing written; sending
  again overwrites. A double submit is answered once (pengajuan.idempoten).
- Bukti dukung keeps its small forms (upload, link, delete), but never inside
  the big form (forms cannot nest): each IKI has its own bukti page
  (GET .../iki/<id>/bukti). The period page lists the bukti and offers "Tambah
  atau hapus bukti", a submit button OF the big form: it saves what was typed
  first, then opens that page, so nothing typed is lost on the way. After an
  upload, link or delete the pegawai is back on the period page at that IKI.
- "Ajukan ke penilai" is a submit button of the big form too: it saves the
  drafts, then asks for confirmation (?ajukan=1: the page read-only with one
  small confirm form); only "Ya, ajukan" submits (POST .../diri/ajukan).
- The former per-part endpoints (.../iki/<id> and .../diri) still answer, for
  items the offline outbox queued from an older page and for API clients.
- Each numeric IKI shows its year so far (the saved values up to this
  period, added up by the IKI's cara_hitung) against the annual target, the
  period target when one is set, and a hint saying what to type
  (rules.PETUNJUK_ISIAN). The whole year's rows come in the page's one
  realisasi query, which the last period's year summary reuses.
- The fields are written in the template, not as WTForms fields: the page had
  ~90 of them and rendering them was most of its time. One KinerjaForm per
  form keeps the CSRF token and the submission_id.
- An IKI tied to a service measure (issue 16) shows, to its pegawai while
  the period is open, "Usulan dari data layanan" for the period with what
  it rests on and a link to the data; an empty field is prefilled with it.
  The digest `asal` stays that of what is stored, so saving the page stores
  the prefilled figure as confirmed (what the field shows is what is
  saved). The proposals are computed once per distinct measure, only when
  the SKP has tied IKI (realisasi.usulan_data_layanan); the save computes
  them again on the server and keeps them as usulan_angka. Read-only
  viewers (the penilai) see the proposal stored at the last save.
"""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.file import FileField
from wtforms import StringField

from ..forms import KinerjaForm, bulat
from ..htmx import is_htmx, render
from ..inti import alasan_tolak
from ..jam import hari_ini
from ..pengajuan import idempoten
from ..rules import PETUNJUK_ISIAN, RATING, tanggal, tulis_angka
from ..skp.akses import catat_dilihat, iki_dari, skp_terlihat
from ..skp.layanan import ringkasan_rhk
from ..warga.usulan import pasang_usulan
from ..web import jalankan, pastikan
from . import bp
from .layanan import (ambil_evaluasi, baris_perilaku, baris_rhk, boleh_lihat_diri, boleh_lihat_penilaian,
                      info_periode, nomor_akhir, pastikan_realisasi_terbuka, pastikan_skp_berjalan,
                      simpan_evaluasi_diri)
from .realisasi import (bukti_periode, hasil_tahun, nilai_tampil, pakai_angka, realisasi_setahun, ringkasan_periode,
                        ringkasan_tahun, sidik_isian, simpan_periode, simpan_realisasi, tampil_angka, terisi)
from .tindak_lanjut import tindak_lanjut

TERIMA = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png"
BERUBAH = "sudah diubah di tempat lain sejak halaman dibuka; isian Anda belum disimpan."


class UnggahForm(KinerjaForm):
    berkas = FileField("Berkas bukti dukung")


class TautanForm(KinerjaForm):
    tautan = StringField("Alamat tautan")
    judul = StringField("Judul tautan (boleh kosong)")


def beri_id(form, akhiran):
    """Unique ids for the same form repeated per IKI (labels follow)."""
    for field in form:
        field.id = field.label.field_id = f"{field.name}-{akhiran}"
    return form


def info_dimulai(skp, nomor):
    """The period, or 404 (unknown, or not started yet: nothing to show)."""
    info = info_periode(skp.periode, nomor)
    if info is None:
        abort(404, description="Periode evaluasi ini tidak ada pada SKP tersebut.")
    if hari_ini() < info.awal:
        abort(404, description=f"{info.label} belum dimulai; dibuka mulai {tanggal(info.awal)}.")
    return info


# ---------------------------------------------------------------- the page's parts

def _isian(i):
    """One IKI's part of the big form as the page shows it from its row. An
    empty number with a proposal from service data shows the proposal; the
    digest stays that of what is stored, so a save stores it as confirmed."""
    row = i.realisasi
    nilai, catatan = nilai_tampil(row), (row.catatan if row else "") or ""
    asal = sidik_isian(nilai, catatan)
    usulan = getattr(i, "usulan", None)
    if not nilai and usulan and usulan["angka"] is not None:
        nilai = tulis_angka(usulan["angka"])
    return {"nilai": nilai, "catatan": catatan, "version": row.version if row else "",
            "asal": asal, "galat": {}, "basi": False, "konflik": None}


def _kolom_diri(rhk):
    """(field name, label) of the self-evaluation, in page order."""
    for r in rhk:
        yield f"penilaian_diri_{r.id}", f"Penilaian diri RHK {r.nomor}"
        yield f"uraian_diri_{r.id}", f"Yang sudah dikerjakan (RHK {r.nomor})"
        yield f"kendala_{r.id}", f"Kendala (RHK {r.nomor})"


def _diri(rhk, baris, ev):
    """The self-evaluation part of the big form from its stored rows."""
    nilai = {}
    for r in rhk:
        b = baris.get(r.id)
        nilai.update({f"penilaian_diri_{r.id}": getattr(b, "penilaian_diri", None) or "",
                      f"uraian_diri_{r.id}": getattr(b, "uraian_diri", None) or "",
                      f"kendala_{r.id}": getattr(b, "kendala", None) or ""})
    return {"nilai": nilai, "version": ev.version, "asal": sidik_isian(*(nilai[k] for k, _ in _kolom_diri(rhk))),
            "galat": {}, "basi": False, "konflik": None}


def _timpa(tampil, kiriman, konflik):
    """What was sent back in place of what is stored; a stale part gets the
    stored version and digest (sending again overwrites) and both versions."""
    if kiriman.get("basi"):
        kiriman["konflik"] = konflik
        kiriman["version"] = tampil["version"]
    if kiriman.get("basi") or kiriman.get("asal") is None:
        kiriman["asal"] = tampil["asal"]
    return kiriman


def _pasang_iki(skp, rhk, nomor):
    """Give every IKI its realisasi, its year so far (i.sampai_kini, from
    realisasi.hasil_tahun up to this period) and bukti in two queries;
    returns ({iki id: (iki, rhk)}, what is still unfilled, the year's rows
    {iki id: {nomor: Realisasi}})."""
    semua = {i.id: (i, r) for r in rhk for i in r.daftar_iki}
    per_iki = realisasi_setahun(skp.id, {iki_id: i for iki_id, (i, _) in semua.items()})
    real = {iki_id: d[nomor] for iki_id, d in per_iki.items() if nomor in d}
    bukti = bukti_periode(skp.id, nomor)
    kosong = []
    for i, r in semua.values():
        i.sampai_kini = hasil_tahun(skp, i, per_iki.get(i.id, {}), sampai=nomor)
        i.petunjuk_isian = PETUNJUK_ISIAN.get(i.cara_hitung, "")
        i.realisasi, i.angka = real.get(i.id), pakai_angka(skp, i)
        if i.realisasi is not None:
            i.realisasi.iki = i  # nilai_tampil reads the satuan without a query
        i.bukti = bukti.get(i.realisasi.id, []) if i.realisasi else []
        i.terisi = terisi(i.realisasi)
        i.usulan_tersimpan = tampil_angka(i.realisasi.usulan_angka, i.satuan) if i.realisasi else ""
        if not i.terisi:
            kosong.append(f"Realisasi belum diisi: {i.indikator} (RHK {r.nomor})")
    return semua, kosong, per_iki


def _bagian(semua, rhk, baris, ev, kiriman, kiriman_diri, boleh_diri):
    """The big form's parts ({iki id: part}, self-evaluation part) with what
    was sent put back, and the error summary [(field id, text)]."""
    isian, ringkasan = {}, []
    for iki_id, (i, _) in semua.items():
        s = _isian(i)
        k = (kiriman or {}).get(iki_id)
        if k is not None:
            s = _timpa(s, k, [("Realisasi", k["nilai"], s["nilai"]), ("Catatan", k["catatan"], s["catatan"])])
        isian[iki_id] = s
        for kolom, pesan in s["galat"].items():
            label = "Catatan" if kolom == "catatan" else "Realisasi"
            ringkasan.append((f"{kolom}-{iki_id}", f"{label} “{i.indikator}”: {pesan}"))
        if s["konflik"]:
            ringkasan.append((f"realisasi-{iki_id}", f"Realisasi “{i.indikator}” {BERUBAH}"))
    diri = _diri(rhk, baris, ev) if boleh_diri else None
    if diri is not None and kiriman_diri is not None:
        label = dict(_kolom_diri(rhk))
        beda = [(label[n], _tampil_diri(kiriman_diri["nilai"].get(n, "")), _tampil_diri(diri["nilai"][n]))
                for n in label if kiriman_diri["nilai"].get(n, "") != diri["nilai"][n]]
        diri = _timpa(diri, kiriman_diri, beda)
        ringkasan += [(n, f"{label.get(n, 'Evaluasi diri')}: {p}") for n, p in diri["galat"].items()]
        if diri["konflik"] is not None:
            ringkasan.append(("diri", f"Evaluasi diri {BERUBAH}"))
    return isian, diri, ringkasan


def _tampil_diri(nilai):
    return RATING.get(nilai, nilai)


def konteks(skp, nomor, mode=None, kiriman=None, kiriman_diri=None, **extra):
    """Everything the period page shows, in a constant number of queries.
    `mode`: None (the page), "ajukan" (read-only, confirming the submission)
    or "bukti" (one IKI's bukti page, `bukti_iki`)."""
    info = info_dimulai(skp, nomor)
    pemilik = "pemilik" in skp.peran_saya
    if pemilik:
        alasan = alasan_tolak(pastikan_realisasi_terbuka, skp, current_user, nomor)
        boleh_isi = alasan is None
    else:
        boleh_isi, alasan = False, alasan_tolak(pastikan_skp_berjalan, skp, nomor)
    rhk = ringkasan_rhk(skp)
    semua, kurang_realisasi, per_iki = _pasang_iki(skp, rhk, nomor)
    ev = ambil_evaluasi(skp, nomor, buat=boleh_isi)
    baris = baris_rhk(ev) if ev else {}
    final = ev is not None and ev.status == "dinilai" and boleh_lihat_penilaian(ev, skp.peran_saya)
    boleh_diri = boleh_isi and ev is not None and ev.status == "terbuka"
    if mode == "ajukan" and not boleh_diri:
        mode = None
    sunting = boleh_isi and mode is None
    if sunting:
        pasang_usulan(skp, semua, info)
    isian, diri, ringkasan = _bagian(semua, rhk, baris, ev, kiriman, kiriman_diri, boleh_diri and sunting) \
        if sunting else ({}, None, [])
    ctx = {"skp": skp, "nomor": nomor, "info": info, "rhk": rhk, "iki": semua, "isian": isian, "diri": diri,
           "mode": mode, "sunting": sunting, "boleh_isi": boleh_isi, "alasan_kunci": alasan, "ev": ev,
           "baris": baris,
           "lihat_diri": ev is not None and boleh_lihat_diri(ev, skp.peran_saya) and not (sunting and boleh_diri),
           "kurang": [f"Penilaian diri RHK {r.nomor} belum dipilih" for r in rhk
                      if not getattr(baris.get(r.id), "penilaian_diri", None)] + kurang_realisasi,
           "final": final, "perilaku": baris_perilaku(ev) if final else {},
           "lanjut": tindak_lanjut(ev) if final else None,
           "rating": RATING, "terima": TERIMA, "hari": hari_ini(),
           "maks": current_app.config["MAX_UPLOAD_BYTES"], "forms": {}, "ringkasan": ringkasan,
           "hapus": None, "fokus": None, "sendiri": False, "pesan_galat": [], "bukti_iki": None,
           "tahun": ringkasan_tahun(skp, rhk, per_iki) if nomor == nomor_akhir(skp.periode) else None}
    ctx.update(extra)
    ctx.setdefault("form_kunci", KinerjaForm(formdata=None))
    if mode == "bukti":
        _pasang_bukti(ctx, boleh_isi)
    return ctx


def _pasang_bukti(ctx, boleh_isi):
    """The bukti page's forms; a refused form goes back where it was typed, or,
    when the period got locked meanwhile, its messages go to the top."""
    iki_id, sisa = ctx["bukti_iki"], []
    kiriman = ctx.pop("forms_fokus", None) or {}
    if boleh_isi:
        forms = {"unggah": beri_id(UnggahForm(formdata=None), iki_id),
                 "tautan": beri_id(TautanForm(formdata=None), iki_id)}
        forms.update(kiriman)
        ctx["forms"] = {iki_id: forms}
    else:
        sisa += kiriman.values()
    if ctx.get("form_hapus") is not None and not boleh_isi:
        sisa.append(ctx["form_hapus"])
        ctx["hapus"] = None
    for form in sisa:
        ctx["pesan_galat"] += form.form_errors + [m for f in form for m in f.errors]


def tampil(skp, nomor, http_status=200, **extra):
    """The period page, or one IKI's fragment for an htmx interaction on it."""
    ctx = konteks(skp, nomor, **extra)
    fokus = ctx["fokus"] or request.args.get("iki", type=bulat)
    if is_htmx() and ctx["mode"] is None and fokus in ctx["iki"]:
        ctx.update(i=ctx["iki"][fokus][0], r=ctx["iki"][fokus][1], sendiri=True)
        return render("penilaian/periode.html", "penilaian/_realisasi_iki.html", http_status=http_status, **ctx)
    return render("penilaian/periode.html", http_status=http_status, **ctx)


def skp_pemilik(skp_id):
    skp = skp_terlihat(skp_id)
    pastikan("pemilik" in skp.peran_saya, "Hanya pegawai pemilik SKP yang mengisi realisasi dan evaluasi diri.")
    return skp


def url_periode(skp, nomor, iki_id=None, anchor=None):
    """The period page at what changed (htmx: that IKI's fragment)."""
    return url_for(".periode", skp_id=skp.id, nomor=nomor, iki=iki_id if is_htmx() else None,
                   _anchor=anchor or (f"realisasi-{iki_id}" if iki_id else None))


def _kembali(skp, nomor, pesan, iki_id=None, anchor=None):
    """303 to the period page at what changed, with the success message."""
    flash(pesan, "sukses")
    return redirect(url_periode(skp, nomor, iki_id, anchor), code=303)


def _kunci_ditolak(form):
    """Messages of a form whose hidden keys did not validate."""
    return form.form_errors + [m for f in form for m in f.errors]


# ---------------------------------------------------------------- pages

@bp.get("/skp/<int:skp_id>/kinerja")
@login_required
def kinerja(skp_id):
    """The SKP's evaluation periods with their state; the running one marked."""
    skp = skp_terlihat(skp_id)
    catat_dilihat(skp, f"Realisasi dan evaluasi {skp.periode.tahun}")
    return render_template("penilaian/kinerja.html", skp=skp, daftar=ringkasan_periode(skp))


@bp.get("/skp/<int:skp_id>/kinerja/<int:nomor>")
@login_required
def periode(skp_id, nomor):
    """Realisasi, bukti dukung and evaluasi diri of one period (?ajukan=1:
    confirm submitting the self-evaluation)."""
    skp = skp_terlihat(skp_id)
    catat_dilihat(skp, f"Realisasi dan evaluasi {info_dimulai(skp, nomor).label} {skp.periode.tahun}")
    return tampil(skp, nomor, mode="ajukan" if request.args.get("ajukan") else None)


# ---------------------------------------------------------------- the page's one form

def _baca_kiriman(semua, rhk, ev):
    """What the big form sent: ({iki id: part}, [(iki, data, version)] of the
    changed IKI, self-evaluation part or None, (ev, data, version) or None)."""
    f = request.form
    kiriman, berubah = {}, []
    for iki_id, iki in semua.items():
        if f"version-{iki_id}" not in f:
            continue  # not on the page that was sent (e.g. added since)
        k = {"nilai": f.get(f"nilai-{iki_id}", ""), "catatan": f.get(f"catatan-{iki_id}", ""),
             "version": f.get(f"version-{iki_id}", ""), "asal": f.get(f"asal-{iki_id}"),
             "galat": {}, "basi": False, "konflik": None}
        kiriman[iki_id] = k
        if sidik_isian(k["nilai"], k["catatan"]) != k["asal"]:
            berubah.append((iki, {"nilai": k["nilai"], "catatan": k["catatan"]}, k["version"]))
    kolom = [n for n, _ in _kolom_diri(rhk)]
    if ev is None or "version_diri" not in f or not any(n in f for n in kolom):
        # No self-evaluation field of THIS page was sent (a form of another
        # period or SKP posted here): its part is not read as "all emptied".
        return kiriman, berubah, None, None
    nilai = {n: f.get(n, "") for n in kolom}
    diri = {"nilai": nilai, "version": f.get("version_diri", ""), "asal": f.get("asal_diri"),
            "galat": {}, "basi": False, "konflik": None}
    ubah = None
    if sidik_isian(*nilai.values()) != diri["asal"]:
        ubah = (ev, nilai, diri["version"])
    return kiriman, berubah, diri, ubah


def _tujuan(skp, nomor, semua, berubah, ubah_diri):
    """Where the big form goes once saved: the confirmation, a bukti page, or
    back to the page at the first part that changed."""
    n = len(berubah) + (ubah_diri is not None)
    if n:
        flash("Isian disimpan." if n == 1 else f"{n} bagian isian disimpan.", "sukses")
    if request.form.get("aksi") == "ajukan":
        return redirect(url_for(".periode", skp_id=skp.id, nomor=nomor, ajukan=1, _anchor="konfirmasi"), code=303)
    ke_bukti = request.form.get("bukti", type=bulat)
    if ke_bukti in semua:
        return redirect(url_for(".bukti_halaman", skp_id=skp.id, nomor=nomor, iki_id=ke_bukti), code=303)
    if not n:
        flash("Tidak ada isian yang berubah.", "info")
    anchor = f"realisasi-{berubah[0][0].id}" if berubah else ("diri" if n else None)
    return redirect(url_for(".periode", skp_id=skp.id, nomor=nomor, _anchor=anchor), code=303)


@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>")
@login_required
@idempoten
def periode_simpan(skp_id, nomor):
    """Save every changed part of the period page at once (see the module
    docstring); with aksi=ajukan, then ask to confirm the submission."""
    skp = skp_pemilik(skp_id)
    info_dimulai(skp, nomor)
    form = KinerjaForm()
    rhk = ringkasan_rhk(skp)
    semua = {i.id: i for r in rhk for i in r.daftar_iki}
    ev = ambil_evaluasi(skp, nomor, buat=alasan_tolak(pastikan_skp_berjalan, skp, nomor) is None)
    kiriman, berubah, diri, ubah_diri = _baca_kiriman(semua, rhk, ev)
    if not form.validate_on_submit():
        status, galat, basi, pesan = 422, {}, {}, _kunci_ditolak(form)
    elif request.form.get("aksi") == "ajukan" and diri is not None and \
            any(not diri["nilai"][f"penilaian_diri_{r.id}"] for r in rhk):
        status, basi, pesan = 422, {}, []
        galat = {f"penilaian_diri_{r.id}": "Pilih penilaian Anda untuk RHK ini sebelum mengajukan."
                 for r in rhk if not diri["nilai"][f"penilaian_diri_{r.id}"]}
    else:
        status, _, galat, basi, pesan = jalankan(lambda: simpan_periode(current_user, skp, nomor, berubah, ubah_diri))
    if status is None:
        return _tujuan(skp, nomor, semua, berubah, ubah_diri)
    for iki_id, k in kiriman.items():
        k["galat"] = {kolom: galat[f"{kolom}-{iki_id}"] for kolom in ("nilai", "catatan")
                      if f"{kolom}-{iki_id}" in galat}
        k["basi"] = iki_id in basi
    if diri is not None:
        diri["galat"] = {n: galat[n] for n in diri["nilai"] if n in galat}
        diri["basi"] = "diri" in basi
    return tampil(skp, nomor, status, kiriman=kiriman, kiriman_diri=diri, pesan_galat=pesan, form_kunci=form)


@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/diri/ajukan")
@login_required
@idempoten
def diri_ajukan(skp_id, nomor):
    """Submit the saved self-evaluation to the penilai (after the confirmation)."""
    skp = skp_pemilik(skp_id)
    info_dimulai(skp, nomor)
    form = KinerjaForm()
    ev = ambil_evaluasi(skp, nomor, buat=False)
    if not form.validate_on_submit():
        status, galat, basi, pesan = 422, {}, {}, _kunci_ditolak(form)
    elif ev is None:  # the SKP is not running (else the page made it)
        alasan = alasan_tolak(pastikan_realisasi_terbuka, skp, current_user, nomor)
        status, galat, basi, pesan = 409, {}, {}, [alasan or "Evaluasi diri periode ini belum ada."]
    else:
        data = _diri(ringkasan_rhk(skp), baris_rhk(ev), ev)["nilai"]
        status, _, galat, basi, pesan = jalankan(lambda: simpan_evaluasi_diri(
            current_user, skp, ev, data, request.form.get("version"), ajukan=True))
    if status is None:
        return _kembali(skp, nomor, "Evaluasi diri diajukan ke pejabat penilai.", anchor="diri")
    if basi:
        pesan.append("Evaluasi diri sudah berubah sejak konfirmasi dibuka. Periksa isiannya, lalu ajukan lagi.")
    kiriman_diri = None
    if galat and ev is not None:
        kiriman_diri = _diri(ringkasan_rhk(skp), baris_rhk(ev), ev)
        kiriman_diri.update(galat=galat, asal=None)
    return tampil(skp, nomor, status, kiriman_diri=kiriman_diri, pesan_galat=pesan)


# ---------------------------------------------------------------- one part at a time (older pages, API)

@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/iki/<int:iki_id>")
@login_required
@idempoten
def realisasi_simpan(skp_id, nomor, iki_id):
    """Save one IKI's realisasi (fields nilai, catatan, version); a stale
    version answers 409 with both versions."""
    skp = skp_pemilik(skp_id)
    iki = iki_dari(skp, iki_id)
    info_dimulai(skp, nomor)
    form = KinerjaForm()
    f = request.form
    k = {"nilai": f.get("nilai", ""), "catatan": f.get("catatan", ""), "version": f.get("version", ""),
         "asal": None, "galat": {}, "basi": False, "konflik": None}
    if not form.validate_on_submit():
        status, galat, basi, pesan = 422, {}, {}, _kunci_ditolak(form)
    else:
        status, _, galat, basi, pesan = jalankan(lambda: simpan_realisasi(
            current_user, skp, iki, nomor, {"nilai": k["nilai"], "catatan": k["catatan"]}, k["version"]))
    if status is None:
        return _kembali(skp, nomor, "Realisasi disimpan.", iki.id)
    k.update(galat=galat, basi=bool(basi))
    return tampil(skp, nomor, status, fokus=iki.id, kiriman={iki.id: k}, pesan_galat=pesan)


@bp.post("/skp/<int:skp_id>/kinerja/<int:nomor>/diri")
@login_required
@idempoten
def evaluasi_diri(skp_id, nomor):
    """Save the self-evaluation alone, or (aksi=ajukan) submit it at once."""
    skp = skp_pemilik(skp_id)
    info_dimulai(skp, nomor)
    rhk = ringkasan_rhk(skp)
    ev = ambil_evaluasi(skp, nomor, buat=alasan_tolak(pastikan_skp_berjalan, skp, nomor) is None)
    ajukan = request.form.get("aksi") == "ajukan"
    form = KinerjaForm()
    if not form.validate_on_submit():
        status, galat, basi, pesan = 422, {}, {}, _kunci_ditolak(form)
    else:
        status, _, galat, basi, pesan = jalankan(lambda: simpan_evaluasi_diri(
            current_user, skp, ev, request.form, request.form.get("version"), ajukan) if ev else
            pastikan_skp_berjalan(skp, nomor))
    if status is None:
        pesan = "Evaluasi diri diajukan ke pejabat penilai." if ajukan else "Evaluasi diri disimpan."
        return _kembali(skp, nomor, pesan, anchor="diri")
    nilai = {n: request.form.get(n, "") for n, _ in _kolom_diri(rhk)}
    diri = {"nilai": nilai, "version": request.form.get("version", ""), "asal": None,
            "galat": {n: galat[n] for n in nilai if n in galat}, "basi": bool(basi), "konflik": None}
    if basi:
        pesan.append("Evaluasi diri " + BERUBAH)
    return tampil(skp, nomor, status, kiriman_diri=diri, pesan_galat=pesan)
