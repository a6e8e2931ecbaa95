"""Tugas saya, the items and the page: each group's rows (light tuples, made a
Tugas only when shown; long groups read a slice at a time) and /tugas.
The groups, their counting query and the header's count are in
kinerja.penilaian.tugas; the definitions here are the same (tests hold the
counts and the lists to each other).
"""
import datetime
from types import SimpleNamespace

from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required
from peewee import JOIN

from ..jam import hari_ini
from ..kepegawaian import cocok_pegawai
from ..kueri import KueriTetap, kueri_tetap
from ..models import Pegawai, Periode
from ..rules import HARI_KEBERATAN, PREDIKAT, batas_keberatan, tanggal
from ..skp.models import Skp
from ..tampilan import batas_id
from ..web import halaman, kata_cari, url_baris
from . import bp
from .antrean import Antrean, baris_antrean
from .keberatan import kueri_menunggu
from .kepala import jumlah_tugas_saya
from .models import Evaluasi, Keberatan, Pembinaan
from .pembinaan import JENIS_PEMBINAAN
from .tugas import (INFO, KELOMPOK, RINGKAS, TENTANG_ORANG_LAIN, Tugas, _isi_saya, _pembinaan, _skp_saya,
                    _tanpa_rencana, _tanpa_tanggapan, _tim, ringkas_tugas)


# ---------------------------------------------------------------- items

def daftar_tugas(pegawai, q="", r=None):
    """{group: [Tugas(judul, keterangan, url)]} for `pegawai`, every item, in a
    constant number of queries; the same definitions as hitung_tugas. With `q`,
    only the items about other people whose name or NIP matches."""
    return {k: [buat(x) for x in bahan] for k, (bahan, buat) in bahan_tugas(pegawai, q, r).items()}


def bahan_tugas(pegawai, q="", r=None, hanya=None):
    """{group: (rows in order, make)}: light rows, each made a Tugas by
    `make(row)` only when shown. `hanya` builds one group only. Without a
    search the long groups take their counts from `r` (the header's query,
    the same definitions), so no COUNT runs for them."""
    pid = pegawai.id
    r = r or ringkas_tugas(pegawai)
    pembuat = {
        "setujui": lambda: _bahan_setujui(pid, r, q),
        "nilai": lambda: (baris_antrean(pegawai, q, r.periode), lambda x: _tugas_nilai(Antrean(*x))),
        "rencana": lambda: _bahan_rencana(pid, r, q),
        "keberatan": lambda: _bahan_keberatan(pegawai, q),
        "tanggapan": lambda: _bahan_tanggapan(pid, q),
        "isi": lambda: ([] if q else _isi_saya(r), lambda x: _tugas_isi(r, *x)),
        "skp": lambda: ([] if q else _skp_saya(r), lambda x: _tugas_skp(*x)),
        "pembinaan": lambda: _bahan_pembinaan(pid, r, q),
        "hasil": lambda: ([] if q else _bahan_hasil(pid), _tugas_hasil),
    }
    return {k: f() for k, f in pembuat.items() if hanya in (None, k)}


def _kueri_setujui(pid, q=""):
    """The team's submitted SKPs by name: (id, periode id, nama, jabatan)."""
    kondisi = _tim(pid) & (Skp.status == "diajukan")
    if q:
        kondisi &= cocok_pegawai(q)
    return (Skp.select(Skp.id, Skp.periode, Pegawai.nama, Pegawai.jabatan)
            .join(Pegawai, on=(Skp.pegawai == Pegawai.id)).where(kondisi)
            .order_by(Pegawai.nama, Skp.id).tuples())


SETUJUI = KueriTetap(_kueri_setujui, int)


def _bahan_setujui(pid, r, q):
    baris = SETUJUI.daftar(pid, q=q)  # read a slice at a time: a big team has hundreds
    if not q:  # the header's count has the same definition
        baris.dengan_jumlah(sum(n for _, status, n in r.tim_skp if status == "diajukan"))

    def buat(x):
        skp_id, periode_id, nama, jabatan = x
        return Tugas(f"SKP {r.periode[periode_id].tahun} {nama}", jabatan, url_baris("skp.lihat", "skp_id")(skp_id))
    return baris, buat


def _tugas_nilai(a):
    """A Tugas of one entry of the review queue (antrean.Antrean)."""
    if a.diri_diajukan:
        ket = f"Evaluasi diri diajukan {tanggal(a.sejak.date())}"
    else:
        ket = f"Periode berakhir {tanggal(a.akhir)}; evaluasi diri belum diajukan"
    return Tugas(f"{a.nama}: {a.label} {a.tahun}", ket, a.url)


def _kueri_keberatan(pid, q=""):
    """Objections waiting for my decision as atasan pejabat penilai, oldest first."""
    kueri = kueri_menunggu(SimpleNamespace(id=pid))
    if q:
        kueri = kueri.where(cocok_pegawai(q))
    return (kueri.select(Keberatan.id, Keberatan.diajukan_pada, Pegawai.nama, Periode.tahun)
            .order_by(Keberatan.diajukan_pada, Keberatan.id).tuples())


KEBERATAN_MENUNGGU = KueriTetap(_kueri_keberatan, int)


def _bahan_keberatan(pegawai, q):
    baris = KEBERATAN_MENUNGGU.semua(pegawai.id, q=q)

    def buat(x):
        keberatan_id, diajukan, nama, tahun = x
        return Tugas(f"Keberatan {nama} atas hasil {tahun}", f"Diajukan {tanggal(diajukan)}",
                     url_baris("penilaian.keberatan_putus", "keberatan_id")(keberatan_id))
    return baris, buat


def _kueri_rencana(pid, q=""):
    """My team's low results without a coaching plan, oldest result first:
    (evaluation id, nomor, predikat, nama, periode id)."""
    kondisi = _tanpa_rencana(pid)
    if q:
        kondisi &= cocok_pegawai(q)
    return (Evaluasi.select(Evaluasi.id, Evaluasi.nomor, Evaluasi.predikat, Pegawai.nama, Skp.periode)
            .join(Skp).join(Pegawai, on=(Skp.pegawai == Pegawai.id)).where(kondisi)
            .order_by(Evaluasi.final_pada, Evaluasi.id).tuples())


RENCANA_BELUM = KueriTetap(_kueri_rencana, int)


def _bahan_rencana(pid, r, q):
    baris = RENCANA_BELUM.daftar(pid, q=q)
    if not q:
        baris.dengan_jumlah(r.rencana)

    def buat(x):
        evaluasi_id, nomor, predikat, nama, periode_id = x
        p = r.periode[periode_id]
        return Tugas(f"{nama}: {p.label.get(nomor, '')} {p.tahun}".replace("  ", " "),
                     f"Predikat {PREDIKAT.get(predikat, predikat)}; rencana pembinaan belum dibuat",
                     url_baris("penilaian.pembinaan", "evaluasi_id")(evaluasi_id))
    return baris, buat


def _kueri_tanggapan(pid, q=""):
    """Objections to my ratings waiting for my response, oldest first:
    (evaluation id, diajukan_pada, nama, tahun)."""
    kondisi = _tanpa_tanggapan(pid)
    if q:
        kondisi &= cocok_pegawai(q)
    return (Keberatan.select(Keberatan.evaluasi, Keberatan.diajukan_pada, Pegawai.nama, Periode.tahun)
            .join(Evaluasi).join(Skp).join(Pegawai, on=(Skp.pegawai == Pegawai.id)).switch(Skp).join(Periode)
            .where(kondisi).order_by(Keberatan.diajukan_pada, Keberatan.id).tuples())


TANGGAPAN_BELUM = KueriTetap(_kueri_tanggapan, int)


def _bahan_tanggapan(pid, q):
    baris = TANGGAPAN_BELUM.semua(pid, q=q)  # few: objections are rare

    def buat(x):
        evaluasi_id, diajukan, nama, tahun = x
        return Tugas(f"Keberatan {nama} atas hasil {tahun}",
                     f"Diajukan {tanggal(diajukan)}; tanggapan Anda ditunggu sebelum atasan Anda memutus",
                     url_baris("penilaian.keberatan", "evaluasi_id", _anchor="tanggapan")(evaluasi_id))
    return baris, buat


def _tugas_isi(r, s, nomor, jenis, rinci):
    p = r.periode[s.periode_id]
    label = f"{p.label[nomor]} {p.tahun}"
    url = url_baris("penilaian.periode", "skp_id", nomor=nomor)(s.id)
    if jenis == "realisasi":
        return Tugas(f"Realisasi {label}", f"{rinci[0]} dari {rinci[1]} IKI belum diisi", url)
    return Tugas(f"Evaluasi diri {label}", "Periode sudah berakhir; evaluasi diri belum diajukan ke pejabat penilai",
                 url)


def _tugas_skp(p, s):
    if s is None:
        # The form with that year chosen, as Beranda's "Buat SKP <tahun>".
        return Tugas(f"SKP {p.tahun} belum dibuat", f"Periode {p.status_label.lower()}",
                     url_for("skp.daftar", periode=p.tahun))
    ket = "Dikembalikan pejabat penilai; perbaiki lalu ajukan lagi" if s.status == "dikembalikan" \
        else "Masih draf; lengkapi lalu ajukan ke pejabat penilai"
    return Tugas(f"SKP {p.tahun} {s.status_label.lower()}", ket, url_baris("skp.lihat", "skp_id")(s.id))


def _kueri_pembinaan(pid, q=""):
    """Running pembinaan plans: mine, and those I made for my team (information);
    with `q`, only those for someone else whose name or NIP matches. Plain rows:
    (evaluation id, jenis, target date, nomor, pegawai id, nama, periode id)."""
    kueri = (_pembinaan(pid, Pembinaan.evaluasi, Pembinaan.jenis, Pembinaan.target_tanggal, Evaluasi.nomor,
                        Skp.pegawai, Pegawai.nama, Skp.periode)
             .join(Pegawai, on=(Skp.pegawai == Pegawai.id)))
    if q:
        kueri = kueri.where((Skp.pegawai != pid) & cocok_pegawai(q))
    return kueri.order_by(Pembinaan.dibuat, Pembinaan.id).tuples()


PEMBINAAN_BERJALAN = KueriTetap(_kueri_pembinaan, int)


def _bahan_pembinaan(pid, r, q):
    baris = PEMBINAAN_BERJALAN.daftar(pid, q=q)
    if not q:
        baris.dengan_jumlah(r.pembinaan)

    def buat(x):
        evaluasi_id, jenis, target, nomor, pegawai_id, nama, periode_id = x
        p = r.periode[periode_id]
        siapa = "untuk Anda" if pegawai_id == pid else nama
        ket = JENIS_PEMBINAAN.get(jenis, jenis)
        if target:
            ket += f", target {tanggal(target)}"
        return Tugas(f"Pembinaan {siapa}: {p.label.get(nomor, '')} {p.tahun}".replace("  ", " "),
                     ket, url_baris("penilaian.pembinaan", "evaluasi_id")(evaluasi_id))
    return baris, buat


@kueri_tetap(int, datetime.datetime)
def _kueri_hasil(pid, awal):
    """My final annual results rated since `awal` that have no objection yet."""
    return (Evaluasi.select(Evaluasi.id, Evaluasi.skp, Evaluasi.nomor, Evaluasi.predikat, Evaluasi.final_pada,
                            Skp.id, Periode.id, Periode.tahun)
            .join(Skp).join(Periode)
            .switch(Evaluasi).join(Keberatan, JOIN.LEFT_OUTER, on=(Keberatan.evaluasi == Evaluasi.id))
            .where((Skp.pegawai == pid) & (Evaluasi.akhir == True) & (Evaluasi.status == "dinilai")  # noqa: E712
                   & (Evaluasi.final_pada >= awal) & Keberatan.id.is_null())
            .order_by(Evaluasi.final_pada))


def _bahan_hasil(pid):
    """My final annual results whose 14-day objection window is still open
    and that have no objection yet: the person learns the result and the deadline."""
    hari = hari_ini()
    awal = datetime.datetime.combine(hari - datetime.timedelta(days=HARI_KEBERATAN), datetime.time())
    return [ev for ev in _kueri_hasil.semua(pid, awal) if hari <= batas_keberatan(ev.final_pada.date())]


def _tugas_hasil(ev):
    return Tugas(f"Predikat tahunan {ev.skp.periode.tahun}: {ev.predikat_label}",
                 f"Batas pengajuan keberatan {batas_id(batas_keberatan(ev.final_pada.date()))}",
                 url_baris("penilaian.periode", "skp_id", nomor=ev.nomor)(ev.skp_id))


# ---------------------------------------------------------------- page

@bp.get("/tugas")
@login_required
def tugas():
    """What waits on the signed-in person, grouped, each item a link: every
    group with its count and first items, or one group (?kelompok=) a page at
    a time; ?q= narrows the groups about other people to a name or NIP."""
    q = kata_cari()
    satu = request.args.get("kelompok") or None
    if satu is not None and satu not in KELOMPOK:
        abort(404, description="Kelompok tugas ini tidak ada.")
    r = ringkas_tugas(current_user)
    hitung = jumlah_tugas_saya(r)  # the header reuses these counts: no second query
    bahan = bahan_tugas(current_user, q, r, hanya=satu)
    if satu is None:
        kelompok = {k: (len(rows), [buat(x) for x in rows[:RINGKAS]]) for k, (rows, buat) in bahan.items()}
        return render_template("penilaian/tugas.html", kelompok=kelompok, judul=KELOMPOK, info=INFO, q=q,
                               hitung=hitung, tentang_orang_lain=TENTANG_ORANG_LAIN, ringkas=RINGKAS,
                               ada_tim=sum(n for k, (n, _) in kelompok.items() if k in TENTANG_ORANG_LAIN))
    rows, buat = bahan[satu]
    pg = halaman(rows, {"kelompok": satu, "q": q})
    pg.items = [buat(x) for x in pg.items]
    return render_template("penilaian/tugas.html", satu=satu, pg=pg, judul=KELOMPOK, info=INFO, q=q,
                           hitung=hitung, tentang_orang_lain=TENTANG_ORANG_LAIN)
