"""The rekap (kinerja.rekap, rekap_views): the numbers of each level against a
hand-built city, the list behind each number, the annual distribution against
the unit's distribution page, scope across roles on every URL, bad input, and
the header's link.

Today is 2026-11-28 (conftest): Triwulan I-III are over, IV-Akhir runs, so a
rekap without ?nomor= shows Triwulan III (the latest period that has ended).
"""
import copy
import datetime
import re

import pytest
from werkzeug.security import generate_password_hash

from kinerja.db import database
from kinerja.models import Pegawai, Periode, Unit
from kinerja.penilaian.antrean import Antrean, baris_antrean
from kinerja.penilaian.distribusi import hitung_distribusi
from kinerja.penilaian.models import Bukti, Evaluasi, Keberatan, Pembinaan, PredikatUnit, Realisasi
from kinerja.rekap import ANGKA, hitung_rekap, pilih_nomor
from kinerja.rules import periksa_distribusi
from kinerja.skp.models import Iki, Rhk, Skp
from tests.conftest import HASH_METHOD, NIP, SANDI, Auth
from tests.halaman import Halaman, teks_dari

_urut = iter(range(1, 100000))
WAKTU = datetime.datetime(2026, 10, 5, 9, 0)


def orang(unit, nama, atasan=None, **kw):
    """A new pelaksana who can sign in with its NIP and SANDI."""
    return Pegawai.create(nip=f"19970101202201{next(_urut):04d}", nama=nama, jabatan=f"Jabatan {nama}",
                          jenis_jabatan=kw.pop("jenis_jabatan", "pelaksana"), unit=unit, atasan=atasan,
                          password_hash=generate_password_hash(SANDI, method=HASH_METHOD),
                          wajib_ganti_sandi=False, **kw)


def evaluasi(skp, nomor, status, predikat=None, diajukan=None, penilai=None):
    """An evaluation row written directly (the rating flow has its own tests)."""
    from kinerja.rules import MATRIKS_PREDIKAT
    hasil = perilaku = None
    if predikat:
        hasil, perilaku = next(k for k, v in MATRIKS_PREDIKAT.items() if v == predikat)
    return Evaluasi.create(skp=skp, nomor=nomor, akhir=nomor == 4, status=status, diajukan_pada=diajukan,
                           rating_hasil=hasil, rating_perilaku=perilaku, predikat=predikat,
                           final_pada=datetime.datetime(2026, 11, 20, 9, 0) if status == "dinilai" else None,
                           penilai=penilai)


@pytest.fixture
def kota(org, berjalan):
    """The `berjalan` SKPs of Disdik (kadis, kabid, kasi, staf: approved) and:
    - Bidang SD: Dewi (SKP diajukan), Eko (inactive, SKP dikembalikan);
    - Dinkes: staf_dinkes's SKP a draft; kadinkes, admin_disdik, superadmin none;
    - Triwulan III: realisasi of staf (number) and kabid (text) filled, kadis's
      row empty, kasi's none; bukti 2 (staf) + 1 (kabid); staf submitted
      (waiting), kasi rated Butuh Perbaikan, kabid nothing (waiting: the
      period is over), kadis has no penilai (never waiting);
    - annual (IV-Akhir): kasi Butuh Perbaikan, staf Baik; a late running plan
      and a finished one for kasi naming the same training in other words;
      kasi's objection waiting; Disdik's predikat organisasi Butuh Perbaikan."""
    u, p = org["unit"], org["pegawai"]
    periode = berjalan["periode"]
    with database:
        skp = {k: Skp.get_by_id(v.id) for k, v in berjalan["skp"].items()}
        dewi = orang(u["bidang_sd"], "Dewi Lestari", p["kasi"])
        Skp.create(pegawai=dewi, periode=periode, status="diajukan", penilai=p["kasi"])
        eko = orang(u["bidang_sd"], "Eko Purnama", p["kasi"], aktif=False)
        Skp.create(pegawai=eko, periode=periode, status="dikembalikan", penilai=p["kasi"])
        Skp.create(pegawai=p["staf_dinkes"], periode=periode, status="draft", penilai=p["kadinkes"])
        iki = {k: Iki.select().join(Rhk).where(Rhk.skp == s.id).get() for k, s in skp.items()}
        r_staf = Realisasi.create(iki=iki["staf"], nomor=3, nilai_angka=3)
        r_kabid = Realisasi.create(iki=iki["kabid"], nomor=3, nilai_teks="Tiga laporan")
        Realisasi.create(iki=iki["kadis"], nomor=3)  # a row without a value is not filled
        Realisasi.create(iki=iki["kasi"], nomor=2, nilai_angka=1)  # another period
        for r, pengunggah in ((r_staf, p["staf"]), (r_staf, p["staf"]), (r_kabid, p["kabid"])):
            Bukti.create(realisasi=r, nama="Laporan", tautan="https://contoh.go.id/laporan", pengunggah=pengunggah)
        evaluasi(skp["staf"], 3, "diajukan", diajukan=WAKTU)
        kasi3 = evaluasi(skp["kasi"], 3, "dinilai", "butuh_perbaikan", diajukan=WAKTU, penilai=p["kabid"])
        kasi4 = evaluasi(skp["kasi"], 4, "dinilai", "butuh_perbaikan", penilai=p["kabid"])
        evaluasi(skp["staf"], 4, "dinilai", "baik", penilai=p["kasi"])
        Pembinaan.create(evaluasi=kasi4, jenis="bimbingan", rencana="Bimbingan menulis laporan",
                         pelatihan="Pelatihan Penulisan Laporan", target_tanggal=datetime.date(2026, 11, 1),
                         pembuat=p["kabid"])
        Pembinaan.create(evaluasi=kasi3, jenis="konseling", rencana="Konseling", status="selesai",
                         pelatihan="  pelatihan penulisan laporan ", target_tanggal=datetime.date(2026, 10, 30),
                         pembuat=p["kabid"])
        Keberatan.create(evaluasi=kasi4, alasan="Hasil tidak sesuai bukti")
        PredikatUnit.create(unit=u["disdik"], periode=periode, predikat="butuh_perbaikan")
    return {"skp": skp, "periode": periode, "dewi": dewi, "eko": eko}


def angka(**isi):
    """A unit's numbers: every key of ANGKA, zero unless given."""
    return {k: isi.get(k, 0) for k in ANGKA}


# Eko (inactive) is not in the SKP status table: his returned SKP counts nowhere there.
BIDANG_SD = angka(pegawai=4, skp_diajukan=1, skp_disetujui=3, disetujui_semua=3, realisasi_lengkap=2,
                  realisasi_belum=1, bukti=3, diri_diajukan=2, dinilai=1, menunggu=2,
                  predikat_butuh_perbaikan=1, pembinaan_berjalan=1, pembinaan_terlambat=1,
                  pembinaan_selesai=1, keberatan_diajukan=1, keberatan_menunggu=1)
DISDIK_LANGSUNG = angka(pegawai=2, skp_belum=1, skp_disetujui=1, disetujui_semua=1, realisasi_belum=1)
DISDIK = {k: BIDANG_SD[k] + DISDIK_LANGSUNG[k] for k in ANGKA}
DINKES = angka(pegawai=2, skp_belum=1, skp_draft=1)
BKPSDM = angka(pegawai=1, skp_belum=1)


def _rekap(unit=None, nomor=None, awalan=""):
    periode = Periode.get(Periode.tahun == 2026)
    return hitung_rekap(awalan, unit, pilih_nomor(periode, nomor))


def masuk(app, siapa):
    c = app.test_client()
    Auth(c).login(siapa)
    return c


def terlihat(el):
    """An element's text as seen on screen: without the visually hidden
    (class "sr") text that only screen readers read."""
    salinan = copy.deepcopy(el)
    for sr in salinan.cssselect(".sr"):
        sr.drop_tree()
    return teks_dari(salinan)


def tabel_rekap(h, kunci):
    """{row header: [cell texts as seen]} of a rekap table (its tbody and tfoot)."""
    tabel = h.satu(f'section[aria-labelledby="judul-{kunci}"] table')
    return {teks_dari(tr.xpath("./th")[0]): [terlihat(td) for td in tr.xpath("./td")]
            for tr in tabel.xpath("./tbody/tr|./tfoot/tr")}


def kolom(h, kunci):
    return [teks_dari(th) for th in h.satu(f'section[aria-labelledby="judul-{kunci}"] table').xpath(".//thead//th")]


def jumlah_daftar(h):
    """The count a list page states ("<strong>N</strong> orang")."""
    return int(teks_dari(h.pilih("main > p strong")[0]))


# ---------------------------------------------------------------- the numbers

def test_angka_tiap_unit_dan_dijumlah_ke_atas(app, kota, org):
    u = org["unit"]
    with app.app_context(), database:
        kota_ = _rekap()
        assert kota_.unit.id == u["pemkot"].id  # one root: the city is the Pemkot unit
        assert [b.unit.nama for b in kota_.baris] == [
            "Badan Kepegawaian dan Pengembangan SDM", "Dinas Kesehatan", "Dinas Pendidikan"]
        per = {b.unit.kode: dict(b.angka) for b in kota_.baris}
        assert {k: per["DISDIK"].get(k, 0) for k in ANGKA} == DISDIK
        assert {k: per["DINKES"].get(k, 0) for k in ANGKA} == DINKES
        assert {k: per["BKPSDM"].get(k, 0) for k in ANGKA} == BKPSDM
        assert {k: kota_.total.angka[k] for k in ANGKA} == {
            k: DISDIK[k] + DINKES[k] + BKPSDM[k] for k in ANGKA}
        disdik = _rekap(Unit.get_by_id(u["disdik"].id))
        # The dinas's own people first ("langsung"), then each subunit's subtree.
        assert [(b.unit.kode, b.langsung) for b in disdik.baris] == [("DISDIK", True), ("DISDIK-SD", False)]
        assert {k: disdik.baris[0].angka[k] for k in ANGKA} == DISDIK_LANGSUNG
        assert {k: disdik.baris[1].angka[k] for k in ANGKA} == BIDANG_SD
        assert [a.nama for a in disdik.leluhur] == ["Pemerintah Kota Tanjungbalai"]


def test_pelatihan_dikelompokkan_menurut_teks_dan_unit(app, kota, org):
    with app.app_context(), database:
        r = _rekap()
        assert [(t.label.lower(), t.jumlah, [(b.unit.kode, n) for b, n in t.per_baris]) for t in r.pelatihan] == [
            ("pelatihan penulisan laporan", 2, [("DISDIK", 2)])]


def test_menunggu_dinilai_sama_dengan_antrean_para_penilai(app, kota, org):
    """The rekap's "waiting" is the union of every penilai's queue for the period."""
    with app.test_request_context(), database:
        semua = [Antrean(*b) for p in Pegawai.select() for b in baris_antrean(p)]
        for nomor in (1, 2, 3, 4):
            antre = [a for a in semua if a.nomor == nomor and a.tahun == 2026]
            assert _rekap(nomor=nomor).total.angka["menunggu"] == len(antre), nomor
        assert _rekap().total.angka["menunggu"] == 2


def test_tahunan_sebaran_dan_peringatan_sama_dengan_halaman_unit(app, kota, org, client):
    u = org["unit"]
    with app.app_context(), database:
        disdik = Unit.get_by_id(u["disdik"].id)
        r = _rekap(nomor=4)
        baris = next(b for b in r.baris if b.unit.kode == "DISDIK")
        jumlah, _ = hitung_distribusi(disdik, kota["periode"])
        assert baris.distribusi == jumlah == dict(jumlah, baik=1, butuh_perbaikan=1)
        assert baris.predikat_unit == "butuh_perbaikan"
        assert baris.peringatan == periksa_distribusi("butuh_perbaikan", jumlah) != []
        assert r.pilihan.tahunan and r.total.angka["menunggu"] == 0  # IV-Akhir runs: nothing submitted
    c = masuk(app, "admin_disdik")
    halaman_unit = Halaman(c.get(f"/unit/{u['disdik'].id}/kinerja?periode=2026"))
    peringatan_unit = [teks_dari(li) for li in halaman_unit.bagian("peringatan-judul").cssselect("li")]
    h = Halaman(c.get("/rekap?periode=2026&nomor=4"))
    kotak = h.satu("section[aria-labelledby=judul-predikat] .peringatan-distribusi")
    assert all(w in teks_dari(kotak) for w in peringatan_unit) and peringatan_unit
    assert "Panduan sebaran predikat (SE MenPANRB 3/2023)" in h.teks()


# ---------------------------------------------------------------- the pages

def test_halaman_kota_superadmin(app, kota):
    h = Halaman(masuk(app, "superadmin").get("/rekap"))
    assert h.judul() == "Rekap Pemerintah Kota Tanjungbalai 2026, Triwulan III"
    assert h.isian("periode").value == "2026" and h.isian("nomor").value == "3"
    assert h.isian("nomor").label == "Periode evaluasi"
    skp = tabel_rekap(h, "skp")
    assert kolom(h, "skp") == ["Unit", "Pegawai", "Belum dibuat", "Draf", "Diajukan", "Dikembalikan", "Disetujui",
                               "% disetujui"]
    assert skp["Dinas Pendidikan"] == ["6", "1", "0", "1", "0", "4", "67%"]
    assert skp["Dinas Kesehatan"] == ["2", "1", "1", "0", "0", "0", "0%"]
    assert skp["Jumlah"] == ["9", "3", "1", "1", "0", "4", "44%"]
    kinerja = tabel_rekap(h, "kinerja")
    assert kinerja["Dinas Pendidikan"] == ["4", "2", "2", "3", "2", "1", "2", "25%"]
    # The share is also a bar (SVG), hidden from screen readers: the text says it.
    bar = h.pilih("section[aria-labelledby=judul-skp] tbody tr")[2].cssselect("svg.batang")[0]
    assert bar.get("aria-hidden") == "true" and bar.xpath("./*")[0].get("width") == "67%"
    assert tabel_rekap(h, "tindak")["Dinas Pendidikan"] == ["1", "1", "1", "1", "0", "1"]
    # Labelled tables: a caption, column and row headers, a named scroll region.
    for tabel in h.pilih("table.rekap"):
        assert tabel.xpath("./caption") and tabel.xpath(".//th[@scope='row']")
        wadah = tabel.getparent()
        assert wadah.get("role") == "region" and wadah.get("tabindex") == "0"


def test_setiap_angka_menuju_daftar_sebanyak_angkanya(app, kota, org):
    """Every number on the Disdik rekap links to its list, which holds that
    many rows (evidence: the people's evidence counts add up to it)."""
    c = masuk(app, "superadmin")
    h = Halaman(c.get(f"/rekap/unit/{org['unit']['disdik'].id}"))
    tautan = [(terlihat(a), a.get("href")) for a in h.pilih("table.rekap td a")]
    assert len(tautan) > 20
    for n, href in tautan:
        d = Halaman(c.get(href))
        if "jenis=bukti" in href:
            isi = d.pilih("td[data-label='Bukti dukung']")
            assert sum(int(teks_dari(td)) for td in isi) == int(n), href
        else:
            assert jumlah_daftar(d) == int(n), href


def test_daftar_menunggu_yang_paling_lama_di_atas(app, kota, org):
    """Waiting since (the queue's rule): the submission; else the later of the
    day after the period and the SKP's approval."""
    url = f"/rekap/unit/{org['unit']['disdik'].id}/daftar?jenis=menunggu"
    c = masuk(app, "kadis")
    baris = Halaman(c.get(url)).tabel("table.daftar-rekap")[1:]
    # The kabid's SKP was approved today (the fixture): waiting since today, after the staf's submission.
    assert [(b[0].split(" NIP")[0], b[-1]) for b in baris] == [
        ("Rina Marpaung", "5 Oktober 2026 (evaluasi diri diajukan)"),
        ("Nurhayati, S.Pd", "28 November 2026 (SKP disetujui)")]
    with database:
        Skp.update(disetujui_pada=datetime.datetime(2026, 8, 15, 10, 0)).where(
            Skp.id == kota["skp"]["kabid"].id).execute()
    baris = Halaman(c.get(url)).tabel("table.daftar-rekap")[1:]
    assert [(b[0].split(" NIP")[0], b[-1]) for b in baris] == [
        ("Nurhayati, S.Pd", "1 Oktober 2026 (periode berakhir)"),
        ("Rina Marpaung", "5 Oktober 2026 (evaluasi diri diajukan)")]


def test_daftar_pegawai_menaut_ke_skp_dan_evaluasinya(app, kota, org):
    staf = kota["skp"]["staf"]
    h = Halaman(masuk(app, "kabid").get(f"/rekap/unit/{org['unit']['bidang_sd'].id}/daftar"))
    assert h.judul().startswith("Pegawai aktif Bidang Pembinaan SD")
    nama = [b[0].split(" NIP")[0] for b in h.tabel("table.daftar-rekap")[1:]]
    assert nama == ["Budi Santoso", "Dewi Lestari", "Nurhayati, S.Pd", "Rina Marpaung"]  # Eko is inactive
    assert h.tautan_ke(f"/skp/{staf.id}") and h.tautan_ke(f"/skp/{staf.id}/kinerja/3")
    baris = h.baris("Rina Marpaung")
    assert "NIP " + NIP["staf"] in teks_dari(baris)


def test_daftar_pelatihan_satu_tema(app, kota, org):
    c = masuk(app, "superadmin")
    h = Halaman(c.get("/rekap"))
    a = [a for a in h.pilih("#judul-pelatihan ~ div table a")]
    assert len(a) == 1 and teks_dari(a[0]) == "Dinas Pendidikan: 2"
    d = Halaman(c.get(a[0].get("href")))
    assert jumlah_daftar(d) == 2
    assert [teks_dari(td) for td in d.pilih("td[data-label='Status pembinaan']")] == ["Selesai", "Berjalan"]


def test_periode_evaluasi_lain_dan_tahun_lain(app, kota):
    c = masuk(app, "superadmin")
    h = Halaman(c.get("/rekap?periode=2026&nomor=2"))
    assert h.judul() == "Rekap Pemerintah Kota Tanjungbalai 2026, Triwulan II"
    assert tabel_rekap(h, "kinerja")["Dinas Pendidikan"][:4] == ["4", "1", "3", "0"]  # the kasi filled Triwulan II
    # In a closed year nothing waits to be rated (read-only, as the queue).
    with database:
        Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="ditutup")
    h = Halaman(c.get("/rekap?periode=2025"))
    assert h.judul() == "Rekap Pemerintah Kota Tanjungbalai 2025, Triwulan IV-Akhir"
    assert tabel_rekap(h, "skp")["Jumlah"] == ["9", "9", "0", "0", "0", "0", "0%"]


# ---------------------------------------------------------------- scope

def _daftar(unit):
    return f"/rekap/unit/{unit.id}/daftar?jenis=pegawai"


@pytest.mark.parametrize("siapa,puncak,boleh,tidak", [
    ("superadmin", "Pemerintah Kota Tanjungbalai", ["disdik", "dinkes", "bidang_sd"], []),
    ("admin_disdik", "Dinas Pendidikan", ["disdik", "bidang_sd"], ["dinkes", "pemkot", "bkpsdm"]),
    ("kadis", "Dinas Pendidikan", ["disdik", "bidang_sd"], ["dinkes", "pemkot"]),
    ("kabid", "Bidang Pembinaan SD", ["bidang_sd"], ["disdik", "dinkes", "pemkot"]),
])
def test_lingkup_tiap_peran(app, kota, org, siapa, puncak, boleh, tidak):
    u = org["unit"]
    c = masuk(app, siapa)
    r = c.get("/rekap")
    assert r.status_code == 200 and Halaman(r).judul().startswith(f"Rekap {puncak} ")
    for k in boleh:
        for url in (f"/rekap/unit/{u[k].id}", _daftar(u[k]), f"/rekap/unit/{u[k].id}?unduh=csv"):
            assert c.get(url).status_code == 200, url
    for k in tidak:
        for url in (f"/rekap/unit/{u[k].id}", _daftar(u[k]), f"/rekap/unit/{u[k].id}?unduh=xlsx",
                    f"{_daftar(u[k])}&unduh=csv", f"/rekap/unit/{u[k].id}/daftar?jenis=menunggu&langsung=1"):
            r = c.get(url)
            assert r.status_code == 403, url
            assert "Unit ini di luar lingkup rekap Anda." in Halaman(r).teks()


def test_semua_tautan_tetap_dalam_lingkup(app, kota, org):
    """Every rekap link an OPD admin can follow answers 200 and names only Disdik people."""
    c = masuk(app, "admin_disdik")
    dilihat, antre = set(), ["/rekap"]
    while antre:
        url = antre.pop()
        if url in dilihat:
            continue
        dilihat.add(url)
        r = c.get(url)
        assert r.status_code == 200, url
        h = Halaman(r)
        assert "Maya Sari" not in h.teks() and "Dinas Kesehatan" not in h.teks("main"), url
        antre += [a.get("href") for a in h.pilih("main a") if a.get("href", "").startswith("/rekap")
                  and "unduh=" not in a.get("href") and "hal=" not in a.get("href")]
    assert len(dilihat) > 25


@pytest.mark.parametrize("siapa", ["staf", "kasi", "staf_dinkes"])
def test_tanpa_lingkup_403(app, kota, org, siapa):
    c = masuk(app, siapa)
    for url in ("/rekap", f"/rekap/unit/{org['unit']['bidang_sd'].id}", _daftar(org["unit"]["bidang_sd"]),
                "/rekap?unduh=csv"):
        r = c.get(url)
        assert r.status_code == 403, url
        assert "Rekap hanya untuk superadmin, admin kepegawaian, pemantau, dan kepala unit" in Halaman(r).teks()


def test_pemantau_membaca_subpohonnya_saja(app, kota, org):
    u, p = org["unit"], org["pegawai"]
    with database:
        Pegawai.update(peran="pemantau", admin_unit=u["disdik"]).where(Pegawai.id == p["staf_dinkes"].id).execute()
    c = masuk(app, "staf_dinkes")
    h = Halaman(c.get("/rekap"))
    assert h.judul().startswith("Rekap Dinas Pendidikan ")
    assert tabel_rekap(h, "skp")["Jumlah"] == ["6", "1", "0", "1", "0", "4", "67%"]
    assert c.get(_daftar(u["bidang_sd"])).status_code == 200
    assert c.get(f"/rekap/unit/{u['dinkes'].id}").status_code == 403
    assert ("Rekap", "/rekap", None) in h.menu()


def test_tanpa_masuk_ke_halaman_login(client, kota):
    r = client.get("/rekap")
    assert r.status_code in (302, 303) and "/login" in r.headers["Location"]


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("url,status,pesan", [
    ("/rekap?periode=2030", 404, "Periode 2030 tidak ada."),
    ("/rekap?periode=dua", 400, "Isian periode harus angka"),
    ("/rekap?nomor=9", 404, "Periode evaluasi harus 1 sampai 4 (periode 2026, triwulanan), bukan \u201c9\u201d."),
    ("/rekap?nomor=0", 404, "Periode evaluasi harus 1 sampai 4 (periode 2026, triwulanan), bukan \u201c0\u201d."),
    ("/rekap?nomor=-1", 404, "Periode evaluasi harus 1 sampai 4 (periode 2026, triwulanan), bukan \u201c-1\u201d."),
    ("/rekap?nomor=99999999999999999999999", 404, "Periode evaluasi harus 1 sampai 4"),
    ("/rekap?nomor=x", 400, "Periode evaluasi harus 1 sampai 4 (periode 2026, triwulanan), bukan \u201cx\u201d."),
    ("/rekap/unit/{disdik}/daftar?nomor=-1", 404, "Periode evaluasi harus 1 sampai 4"),
    ("/rekap?nomor=-1&unduh=csv", 404, "Periode evaluasi harus 1 sampai 4"),
    ("/rekap/unit/987654", 404, "Unit tidak ditemukan."),
    ("/rekap/unit/987654/daftar", 404, "Unit tidak ditemukan."),
    ("/rekap/unit/{disdik}/daftar?jenis=rahasia", 404, "Daftar ini tidak dikenal."),
    ("/rekap?unduh=pdf", 404, "Jenis berkas tidak dikenal."),
    ("/rekap?unduh=csv&tabel=gaji", 404, "Tabel tidak dikenal."),
])
def test_isian_salah_pesan_jelas(app, kota, org, url, status, pesan):
    r = masuk(app, "superadmin").get(url.format(disdik=org["unit"]["disdik"].id))
    assert r.status_code == status
    assert pesan in Halaman(r).teks()


def test_halaman_daftar_bernomor(app, kota, org):
    with database:
        for i in range(30):
            orang(org["unit"]["bidang_sd"], f"Guru {i:02d}", org["pegawai"]["kasi"])
    c = masuk(app, "superadmin")
    url = f"/rekap/unit/{org['unit']['bidang_sd'].id}/daftar?jenis=skp_belum"
    h = Halaman(c.get(url))
    assert jumlah_daftar(h) == 30 and len(h.tabel("table.daftar-rekap")) == 26
    dua = h.satu('nav[aria-label="Halaman daftar"] a[rel=next]').get("href")
    assert "jenis=skp_belum" in dua and "periode=2026" in dua and "nomor=3" in dua
    assert len(Halaman(c.get(dua)).tabel("table.daftar-rekap")) == 6
    assert re.search(r"hal=2", dua)


# ---------------------------------------------------------------- the header's link

@pytest.mark.parametrize("siapa,ada", [("superadmin", True), ("admin_disdik", True), ("kadis", True),
                                       ("kabid", True), ("kasi", False), ("staf", False)])
def test_tautan_rekap_di_menu(app, kota, siapa, ada):
    h = Halaman(masuk(app, siapa).get("/"))
    assert (("Rekap", "/rekap", None) in h.menu()) == ada


def test_kepala_tanpa_bawahan_di_aplikasi_tetap_melihat_rekap(app, kota, org):
    """The head of Dinkes whose only staff member is inactive still reads the
    unit: the header shows Rekap and the page opens."""
    with database:
        Pegawai.update(aktif=False).where(Pegawai.id == org["pegawai"]["staf_dinkes"].id).execute()
    c = masuk(app, "kadinkes")
    h = Halaman(c.get("/"))
    assert ("Rekap", "/rekap", None) in h.menu()
    assert "Dinas Kesehatan" in Halaman(c.get("/rekap")).teks("h1")


@pytest.mark.parametrize("siapa", ["staf", "superadmin", "admin_disdik", "kasi", "kabid"])
def test_tautan_rekap_tanpa_kueri_per_halaman(app, kota, org, siapa):
    """The header knows a role's scope without asking; whether a structural
    official heads a unit is asked once, at sign-in, and again only after
    their own record changes."""
    from tests.conftest import hitung_kueri
    c = masuk(app, siapa)
    with hitung_kueri() as semua:
        assert c.get("/akun/perangkat").status_code == 200
    assert not any('"path_atasan"' in q for q in semua)
    if siapa == "kabid":
        with database:  # moved to another unit by an admin: asked again, once
            Pegawai.update(unit=org["unit"]["dinkes"], version=Pegawai.version + 1).where(
                Pegawai.id == org["pegawai"]["kabid"].id).execute()
        with hitung_kueri() as semua:
            h = Halaman(c.get("/akun/perangkat"))
        assert sum('"path_atasan"' in q for q in semua) == 1
        # (Her atasan, the kadis, sits outside Dinkes: by kepegawaian's rule she heads it now.)
        assert ("Rekap", "/rekap", None) in h.menu()
        with hitung_kueri() as semua:
            c.get("/akun/perangkat")
        assert not any('"path_atasan"' in q for q in semua)
