"""Tugas saya: what waits on the signed-in person, and its count in the header.

Six groups, each item a link: SKP to approve; realisasi and self-evaluations
to fill; evaluations to give; objections to decide; one's own SKP returned,
still a draft or not yet made; and pembinaan still running (information, not
counted as a task). Only periods that are not closed count (a closed periode
is read-only), and an SKP an admin unlocked in a closed periode, as the
services allow work on it. Evaluations to give follow the review queue
(nilai.antrean_penilai), objections the keberatan service.

`hitung_tugas` counts with a few grouped COUNT queries whatever the team's
size (the header runs it on every page); `daftar_tugas` lists the items in a
constant number of queries. Both follow the same definitions; the tests hold
them to each other.
"""
import datetime
from collections import namedtuple

from flask import current_app, g, render_template, url_for
from flask_login import current_user, login_required
from peewee import JOIN, PeeweeException, fn

from ..jam import hari_ini
from ..models import Pegawai, Periode
from ..rules import HARI_KEBERATAN, batas_keberatan, nomor_berjalan, tanggal
from ..skp.models import Iki, Rhk, Skp
from ..tampilan import batas_id
from . import bp
from .keberatan_layanan import daftar_untuk_pemutus, jumlah_menunggu
from .layanan import daftar_periode, info_periode
from .models import Evaluasi, Keberatan, Pembinaan, Realisasi
from .pembinaan_layanan import JENIS_PEMBINAAN

# Group key -> heading, in the order the page shows them.
KELOMPOK = {
    "setujui": "SKP yang perlu Anda setujui",
    "nilai": "Evaluasi yang perlu Anda nilai",
    "keberatan": "Keberatan yang perlu Anda putuskan",
    "isi": "Realisasi dan evaluasi diri yang perlu Anda isi",
    "skp": "SKP Anda",
    "pembinaan": "Pembinaan yang sedang berjalan",
    "hasil": "Hasil tahunan Anda yang masih bisa diajukan keberatan",
}
INFO = ("pembinaan", "hasil")  # shown, but not counted as waiting on the person

Tugas = namedtuple("Tugas", "judul keterangan url")


# ---------------------------------------------------------------- shared

def semua_periode():
    """{id: Periode} of every periode (one row a year), each with `terbuka`,
    `berjalan` (today's nomor or None), `usai` (the nomors already over),
    `label` and `akhir` (nomor -> label, last day)."""
    hari = hari_ini()
    out = {}
    for p in Periode.select().order_by(Periode.tahun):
        daftar = daftar_periode(p)
        p.terbuka = p.status != "ditutup"
        p.berjalan = nomor_berjalan(daftar, hari)
        p.usai = [nomor for nomor, _, _, akhir in daftar if hari > akhir]
        p.label = {nomor: label for nomor, label, _, _ in daftar}
        p.akhir = {nomor: akhir for nomor, _, _, akhir in daftar}
        out[p.id] = p
    return out


def _bisa_dikerjakan(periode):
    """SKPs of an open periode, or unlocked by an admin (layanan.periode_terbuka)."""
    return Skp.periode.in_([p.id for p in periode.values() if p.terbuka]) | (Skp.dibuka_admin == True)  # noqa: E712


def _tim(pid, periode):
    """Other people's SKPs that name `pid` as penilai and can still be worked on."""
    return (Skp.penilai == pid) & (Skp.pegawai != pid) & _bisa_dikerjakan(periode)


def _realisasi_terisi(skp_id, nomor):
    """(IKI of the SKP, IKI with a realisasi value for `nomor`): one query."""
    terisi = ((Realisasi.iki == Iki.id) & (Realisasi.nomor == nomor)
              & (Realisasi.nilai_angka.is_null(False) | (Realisasi.nilai_teks != "")))
    return (Iki.select(fn.COUNT(Iki.id), fn.COUNT(Realisasi.id)).join(Rhk).switch(Iki)
            .join(Realisasi, JOIN.LEFT_OUTER, on=terisi).where(Rhk.skp == skp_id).tuples().get())


def _milik(pid, periode):
    """My SKPs of the open periods and, for the approved ones, their Evaluasi
    statuses {(skp id, nomor): status}; bounded by the number of periods."""
    skp = list(Skp.select(Skp.id, Skp.periode, Skp.status)
               .where((Skp.pegawai == pid) & _bisa_dikerjakan(periode)))
    disetujui = [s.id for s in skp if s.status == "disetujui"]
    status = {}
    if disetujui:
        status = {(s, n): st for s, n, st in Evaluasi.select(Evaluasi.skp, Evaluasi.nomor, Evaluasi.status)
                  .where(Evaluasi.skp.in_(disetujui)).tuples()}
    return skp, status


def _isi_saya(skp, status, periode):
    """[(skp, nomor, kind, detail)] of my own work: 'realisasi' of the running
    period with (belum, jumlah IKI), 'diri' of a period over and not submitted."""
    out = []
    for s in skp:
        if s.status != "disetujui":
            continue
        p = periode[s.periode_id]
        for nomor in p.usai:
            if status.get((s.id, nomor), "terbuka") == "terbuka":
                out.append((s, nomor, "diri", None))
        if p.berjalan and status.get((s.id, p.berjalan), "terbuka") == "terbuka":
            jumlah, terisi = _realisasi_terisi(s.id, p.berjalan)
            if jumlah > terisi:
                out.append((s, p.berjalan, "realisasi", (jumlah - terisi, jumlah)))
    return out


def _skp_saya(skp, periode):
    """[(periode, skp or None)] of open periods where my SKP is missing or waits on me."""
    punya = {s.periode_id: s for s in skp}
    out = []
    for p in periode.values():
        s = punya.get(p.id)
        if (s is None and p.terbuka) or (s is not None and s.status in ("draft", "dikembalikan")):
            out.append((p, s))
    return out


def _nilai_tertunda(p, nomor, status):
    """An evaluation waits on the penilai once submitted, or once its period is
    over without a final rating (a missing self-evaluation cannot block it)."""
    return status == "diajukan" or (nomor in p.usai and status != "dinilai")


# ---------------------------------------------------------------- counts

def hitung_tugas(pegawai):
    """{group: count, ..., "total": tasks waiting} for `pegawai`, in a few grouped
    COUNT queries whatever the size of the team; "pembinaan" is not in the total."""
    pid = pegawai.id
    periode = semua_periode()
    n = dict.fromkeys(KELOMPOK, 0)
    if periode:
        per_status = (Skp.select(Skp.periode, Skp.status, fn.COUNT(Skp.id))
                      .where(_tim(pid, periode) & Skp.status.in_(("diajukan", "disetujui")))
                      .group_by(Skp.periode, Skp.status).tuples())
        disetujui = {}
        for periode_id, status, jumlah in per_status:
            if status == "diajukan":
                n["setujui"] += jumlah
            else:
                disetujui[periode_id] = jumlah
                n["nilai"] += jumlah * len(periode[periode_id].usai)  # every period over, first
        if disetujui:
            ev = (Evaluasi.select(Skp.periode, Evaluasi.nomor, Evaluasi.status, fn.COUNT(Evaluasi.id))
                  .join(Skp).where(_tim(pid, periode) & (Skp.status == "disetujui"))
                  .group_by(Skp.periode, Evaluasi.nomor, Evaluasi.status).tuples())
            for periode_id, nomor, status, jumlah in ev:
                usai = nomor in periode[periode_id].usai
                if usai and status == "dinilai":
                    n["nilai"] -= jumlah  # over and final: done
                elif not usai and status == "diajukan":
                    n["nilai"] += jumlah  # submitted before its period ended
        skp, status = _milik(pid, periode)
        n["isi"] = len(_isi_saya(skp, status, periode))
        n["skp"] = len(_skp_saya(skp, periode))
    n["keberatan"] = jumlah_menunggu(pegawai)
    n["pembinaan"] = _pembinaan(pid).count()
    n["total"] = sum(v for k, v in n.items() if k not in INFO)
    return n


def _pembinaan(pid, *kolom):
    """Running pembinaan plans for me, or made by me for someone else."""
    return (Pembinaan.select(*kolom).join(Evaluasi).join(Skp)
            .where((Pembinaan.status == "berjalan") & ((Skp.pegawai == pid) | (Pembinaan.pembuat == pid))))


def jumlah_tugas_saya():
    """The signed-in person's counts, computed at most once per request; None
    for an anonymous visitor or when the database cannot answer (the header is
    decoration: an error page must still render)."""
    if "tugas_saya" not in g:
        g.tugas_saya = None
        if current_user.is_authenticated:
            try:
                g.tugas_saya = hitung_tugas(current_user)
            except PeeweeException:
                current_app.logger.exception("Jumlah tugas tidak bisa dihitung")
    return g.tugas_saya


@bp.app_context_processor
def _konteks_tugas():
    # A callable: only a page that shows the header pays for the counts, fragments never.
    return {"jumlah_tugas": jumlah_tugas_saya}


# ---------------------------------------------------------------- items

def daftar_tugas(pegawai):
    """{group: [Tugas(judul, keterangan, url)]} for `pegawai`, in a constant
    number of queries; the same definitions as hitung_tugas."""
    pid = pegawai.id
    periode = semua_periode()
    out = {k: [] for k in KELOMPOK}
    if periode:
        tim = list(Skp.select(Skp, Pegawai).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
                   .where(_tim(pid, periode) & Skp.status.in_(("diajukan", "disetujui")))
                   .order_by(Pegawai.nama, Skp.id))
        for s in tim:
            if s.status == "diajukan":
                out["setujui"].append(Tugas(f"SKP {periode[s.periode_id].tahun} {s.pegawai.nama}",
                                            s.pegawai.jabatan, url_for("skp.lihat", skp_id=s.id)))
        out["nilai"] = _daftar_nilai([s for s in tim if s.status == "disetujui"], periode)
        skp, status = _milik(pid, periode)
        for s, nomor, jenis, rinci in _isi_saya(skp, status, periode):
            label = f"{periode[s.periode_id].label[nomor]} {periode[s.periode_id].tahun}"
            url = url_for("penilaian.periode", skp_id=s.id, nomor=nomor)
            if jenis == "realisasi":
                out["isi"].append(Tugas(f"Realisasi {label}", f"{rinci[0]} dari {rinci[1]} IKI belum diisi", url))
            else:
                out["isi"].append(Tugas(f"Evaluasi diri {label}", "Periode sudah berakhir; evaluasi diri "
                                        "belum diajukan ke pejabat penilai", url))
        for p, s in _skp_saya(skp, periode):
            if s is None:
                out["skp"].append(Tugas(f"SKP {p.tahun} belum dibuat", f"Periode {p.status_label.lower()}",
                                        url_for("skp.daftar")))
            else:
                ket = "Dikembalikan pejabat penilai; perbaiki lalu ajukan lagi" if s.status == "dikembalikan" \
                    else "Masih draf; lengkapi lalu ajukan ke pejabat penilai"
                out["skp"].append(Tugas(f"SKP {p.tahun} {s.status_label.lower()}", ket,
                                        url_for("skp.lihat", skp_id=s.id)))
    out["keberatan"] = _daftar_keberatan(pegawai)
    out["pembinaan"] = _daftar_pembinaan(pid)
    out["hasil"] = _daftar_hasil(pid)
    return out


def _daftar_nilai(skp, periode):
    """The evaluations waiting on the penilai, oldest first (by submission, else by
    the end of the period), each linked to its rating page or to the review queue."""
    if not skp:
        return []
    ev = {(e.skp_id, e.nomor): e for e in Evaluasi.select(
        Evaluasi.id, Evaluasi.skp, Evaluasi.nomor, Evaluasi.status, Evaluasi.diajukan_pada)
        .where(Evaluasi.skp.in_([s.id for s in skp]))}
    antre = []
    for s in skp:
        p = periode[s.periode_id]
        for nomor in p.label:
            e = ev.get((s.id, nomor))
            if not _nilai_tertunda(p, nomor, e.status if e else "terbuka"):
                continue
            if e is not None and e.status == "diajukan":
                waktu = e.diajukan_pada.date()
                ket = f"Evaluasi diri diajukan {tanggal(waktu)}"
            else:
                waktu = p.akhir[nomor]
                ket = f"Periode berakhir {tanggal(waktu)}; evaluasi diri belum diajukan"
            url = (url_for("penilaian.nilai", evaluasi_id=e.id) if e else
                   url_for("penilaian.nilai_periode", skp_id=s.id, nomor=nomor))
            antre.append((waktu, s.pegawai.nama, Tugas(f"{s.pegawai.nama}: {p.label[nomor]} {p.tahun}", ket, url)))
    antre.sort(key=lambda x: x[:2])
    return [t for _, _, t in antre]


def _daftar_keberatan(pegawai):
    """Objections waiting for my decision as atasan pejabat penilai, oldest first."""
    menunggu, _ = daftar_untuk_pemutus(pegawai, batas=0)
    return [Tugas(f"Keberatan {k.evaluasi.skp.pegawai.nama} atas hasil {k.evaluasi.skp.periode.tahun}",
                  f"Diajukan {tanggal(k.diajukan_pada)}", url_for("penilaian.keberatan_putus", keberatan_id=k.id))
            for k in menunggu]


def _daftar_pembinaan(pid):
    """Running pembinaan plans: mine, and those I made for my team (information)."""
    out = []
    q = (_pembinaan(pid, Pembinaan, Evaluasi, Skp, Pegawai, Periode)
         .join(Pegawai, on=(Skp.pegawai == Pegawai.id)).switch(Skp).join(Periode))
    for b in q.order_by(Pembinaan.dibuat, Pembinaan.id):
        skp = b.evaluasi.skp
        siapa = "untuk Anda" if skp.pegawai_id == pid else skp.pegawai.nama
        label = info_periode(skp.periode, b.evaluasi.nomor)
        ket = JENIS_PEMBINAAN.get(b.jenis, b.jenis)
        if b.target_tanggal:
            ket += f", target {tanggal(b.target_tanggal)}"
        out.append(Tugas(f"Pembinaan {siapa}: {label[1] if label else ''} {skp.periode.tahun}".replace("  ", " "),
                         ket, url_for("penilaian.pembinaan", evaluasi_id=b.evaluasi_id)))
    return out


def _daftar_hasil(pid):
    """My final annual results whose 14-day objection window is still open
    and that have no objection yet: the person learns the result and the deadline."""
    hari = hari_ini()
    awal = datetime.datetime.combine(hari - datetime.timedelta(days=HARI_KEBERATAN), datetime.time())
    q = (Evaluasi.select(Evaluasi, Skp, Periode).join(Skp).join(Periode)
         .switch(Evaluasi).join(Keberatan, JOIN.LEFT_OUTER, on=(Keberatan.evaluasi == Evaluasi.id))
         .where((Skp.pegawai == pid) & (Evaluasi.akhir == True) & (Evaluasi.status == "dinilai")  # noqa: E712
                & (Evaluasi.final_pada >= awal) & Keberatan.id.is_null())
         .order_by(Evaluasi.final_pada))
    out = []
    for ev in q:
        batas = batas_keberatan(ev.final_pada.date())
        if hari <= batas:
            out.append(Tugas(f"Predikat tahunan {ev.skp.periode.tahun}: {ev.predikat_label}",
                             f"Batas pengajuan keberatan {batas_id(batas)}",
                             url_for("penilaian.periode", skp_id=ev.skp_id, nomor=ev.nomor)))
    return out


# ---------------------------------------------------------------- page

@bp.get("/tugas")
@login_required
def tugas():
    """What waits on the signed-in person, grouped; each item a link."""
    return render_template("penilaian/tugas.html", kelompok=daftar_tugas(current_user), judul=KELOMPOK,
                           info=INFO, hitung=jumlah_tugas_saya())
