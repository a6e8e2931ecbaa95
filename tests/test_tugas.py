"""Tugas saya: what waits on each person (pegawai, penilai, atasan penilai),
nothing of other people's work, the count in the header, and a constant
number of queries whatever the size of the team.

Today is 28 November 2026 (conftest): Triwulan I-III are over and
Triwulan IV-Akhir is running."""
import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Periode
from kinerja.penilaian.layanan import ambil_evaluasi, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.models import Keberatan, Pembinaan, Realisasi
from kinerja.penilaian.tugas import KUERI_RINGKAS, _kueri_ringkas, hitung_tugas
from kinerja.penilaian.tugas_views import daftar_tugas
from kinerja.skp.layanan import buat_skp, ubah_status
from kinerja.skp.models import Iki, Rhk, Skp
from kinerja.skp.rencana import simpan_iki, simpan_rhk
from tests.conftest import SANDI, hitung_kueri, kirim, teks
from tests.halaman import Halaman, teks_dari

NIP_BARU = "19950{}0{}2020032{:03d}"


APP = {}


@pytest.fixture(autouse=True)
def _app(app):
    APP["app"] = app


@contextmanager
def db():
    """Service calls and lists run as in a request: the clock (HARI_INI) and
    the links need the app. Never around a client request (its own context)."""
    with APP["app"].test_request_context(), database:
        yield




def segar(skp):
    return Skp.get_by_id(skp.id)


def tugas(key_or_pegawai, org):
    """(counts, items) of a person, read fresh from the database."""
    p = org["pegawai"][key_or_pegawai] if isinstance(key_or_pegawai, str) else key_or_pegawai
    with db():
        return hitung_tugas(p), daftar_tugas(p)


def judul(items, kelompok):
    return [t.judul for t in items[kelompok]]


def cocok(hitung, items):
    """The header's counts follow the same definitions as the page's list."""
    for kelompok, daftar in items.items():
        assert hitung[kelompok] == len(daftar), kelompok
    assert hitung["total"] == sum(len(v) for k, v in items.items() if k not in ("pembinaan", "hasil"))


def ajukan_diri(skp, nomor):
    """The pegawai submits the self-evaluation of a period through the service."""
    skp = segar(skp)
    ev = ambil_evaluasi(skp, nomor)
    data = {f"penilaian_diri_{r.id}": "sesuai" for r in Rhk.select().where(Rhk.skp == skp.id)}
    return simpan_evaluasi_diri(skp.pegawai, skp, ev, data, ev.version, ajukan=True)


def nilai_final(skp, nomor, hasil="sesuai", perilaku="sesuai"):
    """The penilai finalises a period's rating through the service."""
    skp = segar(skp)
    ev = ambil_evaluasi(skp, nomor)
    return simpan_penilaian(skp.penilai, skp, ev, {"rating_hasil": hasil, "rating_perilaku": perilaku},
                            ev.version, finalkan=True)


# ---------------------------------------------------------------- pegawai

def test_pegawai_mengisi_realisasi_periode_berjalan_dan_evaluasi_diri_terlambat(berjalan, org):
    skp = berjalan["skp"]["staf"]
    hitung, items = tugas("staf", org)
    cocok(hitung, items)
    assert judul(items, "isi") == ["Evaluasi diri Triwulan I 2026", "Evaluasi diri Triwulan II 2026",
                                   "Evaluasi diri Triwulan III 2026", "Realisasi Triwulan IV-Akhir 2026"]
    realisasi = items["isi"][-1]
    assert realisasi.keterangan == "1 dari 1 IKI belum diisi"
    assert hitung["total"] == 4 and not items["skp"] and not items["nilai"] and not items["setujui"]
    with db():
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).get()
        # Written directly: the realisasi service belongs to its own module and tests.
        Realisasi.create(iki=iki, nomor=4, nilai_angka=Decimal(3))
        Realisasi.create(iki=iki, nomor=1, nilai_angka=Decimal(2))
        ajukan_diri(skp, 1)
    hitung, items = tugas("staf", org)
    cocok(hitung, items)
    assert judul(items, "isi") == ["Evaluasi diri Triwulan II 2026", "Evaluasi diri Triwulan III 2026"]


def test_baris_realisasi_kosong_belum_terisi_dan_periode_terkirim_tidak_diminta_lagi(berjalan, org):
    skp = berjalan["skp"]["staf"]
    with db():
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).get()
        Realisasi.create(iki=iki, nomor=4, catatan="baru catatan")
    assert tugas("staf", org)[1]["isi"][-1].keterangan == "1 dari 1 IKI belum diisi"
    with db():
        ajukan_diri(skp, 4)  # submitted early: realisasi is locked, nothing more to fill
    hitung, items = tugas("staf", org)
    cocok(hitung, items)
    assert not any(t.judul.startswith("Realisasi") for t in items["isi"])


def test_skp_saya_belum_ada_draf_atau_dikembalikan(rencana, org):
    p = org["pegawai"]
    hitung, items = tugas("staf_dinkes", org)  # no SKP in 2026
    cocok(hitung, items)
    assert judul(items, "skp") == ["SKP 2026 belum dibuat"] and hitung["total"] == 1
    assert items["skp"][0].url == "/skp?periode=2026"  # the form with that year chosen
    assert judul(tugas("staf", org)[1], "skp") == ["SKP 2026 draf"]  # a draft waits on its owner
    skp = rencana["skp"]["staf"]
    with db():
        ubah_status(p["staf"], segar(skp), "ajukan", "", segar(skp).version)
    assert tugas("staf", org)[0]["skp"] == 0
    with db():
        ubah_status(p["kasi"], segar(skp), "kembalikan", "Target belum jelas.", segar(skp).version)
    hitung, items = tugas("staf", org)
    assert judul(items, "skp") == ["SKP 2026 dikembalikan"] and hitung["skp"] == 1
    assert items["skp"][0].url == f"/skp/{skp.id}" and "perbaiki" in items["skp"][0].keterangan


# ---------------------------------------------------------------- penilai

def test_penilai_menyetujui_skp_yang_diajukan(rencana, org, client, auth):
    p, skp = org["pegawai"], rencana["skp"]["staf"]
    assert tugas("kasi", org)[0]["setujui"] == 0
    with db():
        ubah_status(p["staf"], segar(skp), "ajukan", "", segar(skp).version)
    hitung, items = tugas("kasi", org)
    cocok(hitung, items)
    assert judul(items, "setujui") == ["SKP 2026 Rina Marpaung"]
    assert items["setujui"][0].url == f"/skp/{skp.id}"
    assert hitung["setujui"] == 1 and tugas("kabid", org)[0]["setujui"] == 0  # not the atasan penilai's
    auth.login("kasi")
    h = Halaman(client.get("/tugas"))
    assert "SKP yang perlu Anda setujui" in h.teks() and h.tautan_ke(f"/skp/{skp.id}")


def test_penilai_menilai_periode_usai_dan_evaluasi_terkirim(berjalan, org):
    skp = berjalan["skp"]["staf"]
    hitung, items = tugas("kasi", org)
    cocok(hitung, items)
    assert judul(items, "nilai") == [f"Rina Marpaung: Triwulan {n} 2026" for n in ("I", "II", "III")]
    assert "evaluasi diri belum diajukan" in items["nilai"][0].keterangan
    # no evaluation row yet: the rating page by SKP and period
    assert items["nilai"][0].url == f"/penilaian/skp/{skp.id}/1"
    with db():
        ev = ajukan_diri(skp, 2)
        ajukan_diri(skp, 4)  # the running period, submitted early: waits on the penilai too
        nilai_final(skp, 1)
    hitung, items = tugas("kasi", org)
    cocok(hitung, items)
    assert judul(items, "nilai") == ["Rina Marpaung: Triwulan III 2026", "Rina Marpaung: Triwulan II 2026",
                                     "Rina Marpaung: Triwulan IV-Akhir 2026"]  # oldest first
    diajukan = items["nilai"][1]
    assert diajukan.keterangan.startswith("Evaluasi diri diajukan 28 November 2026")
    if diajukan.url and "antrean" not in diajukan.url:
        assert diajukan.url == f"/penilaian/{ev.id}"
    # The owner's own list no longer asks for what was submitted.
    assert judul(tugas("staf", org)[1], "isi") == ["Evaluasi diri Triwulan III 2026"]


def test_atasan_penilai_memutuskan_keberatan(berjalan, org):
    skp = berjalan["skp"]["staf"]
    with db():
        ev = nilai_final(skp, 1, "di_bawah", "sesuai")
        # Written directly: the keberatan service belongs to its own module and tests.
        k = Keberatan.create(evaluasi=ev, alasan="Bukti dukung saya belum dipertimbangkan.",
                             diajukan_pada=datetime.datetime(2026, 11, 20, 9))
    hitung, items = tugas("kabid", org)
    cocok(hitung, items)
    assert judul(items, "keberatan") == ["Keberatan Rina Marpaung atas hasil 2026"]
    assert items["keberatan"][0].keterangan == "Diajukan 20 November 2026"
    if items["keberatan"][0].url:
        assert items["keberatan"][0].url == f"/keberatan/{k.id}"
    for orang in ("kasi", "staf", "kadis"):
        assert tugas(orang, org)[0]["keberatan"] == 0
    with db():
        Keberatan.update(status="diputuskan").execute()
    assert tugas("kabid", org)[0]["keberatan"] == 0


def test_pembinaan_tampil_bagi_keduanya_dan_tidak_dihitung(berjalan, org):
    p, skp = org["pegawai"], berjalan["skp"]["staf"]
    with db():
        ev = nilai_final(skp, 2, "di_bawah", "sesuai")
        sebelum = hitung_tugas(p["staf"])["total"]
        # Written directly: the pembinaan service belongs to its own module and tests.
        Pembinaan.create(evaluasi=ev, jenis="bimbingan", rencana="Pendampingan rekap data mingguan.",
                         target_tanggal=datetime.date(2026, 12, 31), pembuat=p["kasi"])
    for orang, siapa in (("staf", "untuk Anda"), ("kasi", "Rina Marpaung")):
        hitung, items = tugas(orang, org)
        cocok(hitung, items)
        assert judul(items, "pembinaan") == [f"Pembinaan {siapa}: Triwulan II 2026"]
        assert items["pembinaan"][0].keterangan == "Bimbingan kinerja, target 31 Desember 2026"
    assert tugas("staf", org)[0]["total"] == sebelum
    assert tugas("kabid", org)[0]["pembinaan"] == 0
    with db():
        Pembinaan.update(status="selesai").execute()
    assert tugas("staf", org)[0]["pembinaan"] == 0


def test_tanpa_pekerjaan_orang_lain(berjalan, org):
    skp = berjalan["skp"]["staf"]
    with db():
        ajukan_diri(skp, 1)
    for orang in ("kabid", "kadis", "staf_dinkes", "superadmin", "admin_disdik"):
        hitung, items = tugas(orang, org)
        cocok(hitung, items)
        semua = " ".join(t.judul for daftar in items.values() for t in daftar)
        assert "Rina Marpaung" not in semua, orang
        assert not items["setujui"] and not items["keberatan"]
    # The kadis rates the kabid (periods over), never the kabid's team.
    assert judul(tugas("kadis", org)[1], "nilai") == [f"Nurhayati, S.Pd: Triwulan {n} 2026"
                                                      for n in ("I", "II", "III")]


def test_periode_ditutup_tidak_meminta_apa_pun(berjalan, org):
    with db():
        Periode.update(status="ditutup").execute()
    for orang in ("staf", "kasi", "staf_dinkes"):
        hitung, items = tugas(orang, org)
        assert hitung["total"] == 0 and not any(items.values()), orang


# ---------------------------------------------------------------- pages

def test_halaman_memuat_kelompok_bertautan(berjalan, org, client, auth):
    auth.login("staf")
    r = client.get("/tugas")
    h = Halaman(r)
    html = h.teks()
    assert r.status_code == 200
    assert h.judul() == "Tugas saya" and "4 tugas menunggu Anda." in html
    assert "4 tugas" in [teks_dari(el) for el in h.pilih("main strong")]
    assert "Realisasi dan evaluasi diri yang perlu Anda isi" in html
    assert "1 dari 1 IKI belum diisi" in html
    assert "Evaluasi bawahan" not in html and "SKP yang perlu Anda setujui" not in html


def test_halaman_bagi_yang_tidak_punya_tugas(org, client, auth):
    with db():
        Periode.update(status="ditutup").execute()
    auth.login("staf_dinkes")
    h = Halaman(client.get("/tugas"))
    assert "Tidak ada tugas yang menunggu Anda saat ini." in h.teks()
    assert not h.pilih(".jumlah-tugas") and h.menu()[0] == ("Tugas saya", "/tugas", None)


def test_wajib_masuk(client):
    r = client.get("/tugas")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_kepala_halaman_menampilkan_jumlah_berlabel_aksesibel(berjalan, org, client, auth):
    auth.login("staf")
    for url in ("/", "/skp", "/halaman-yang-tidak-ada"):
        nav = Halaman(client.get(url)).menu()
        assert nav[0] == ("Tugas saya (4)", "/tugas", "Tugas saya, 4 tugas menunggu"), url
        label = [teks for teks, _, _ in nav]
        assert label.index("Tugas saya (4)") < label.index("Beranda") < label.index("SKP saya")
        assert "Tim" not in label and "Penilaian" not in label  # no subordinates
    tugas_saya = Halaman(client.get("/tugas")).tautan_ke("/tugas")
    assert [a.get("aria-current") for a in tugas_saya] == ["page"]


def test_kepala_halaman_atasan_memuat_tim_dan_penilaian(berjalan, org, client, auth, app):
    auth.login("kasi")
    nav = Halaman(client.get("/")).menu()
    label = [teks for teks, _, _ in nav]
    assert "Tim" in label and nav[0][2] == "Tugas saya, 7 tugas menunggu"  # 3 to rate, 4 of her own
    assert ("Penilaian" in label) == ("penilaian.antrean" in app.view_functions)


def test_halaman_tanpa_masuk_tanpa_kueri_hitungan(app, org, client):
    for url, status in (("/login", 200), ("/tidak-ada", 404)):
        with hitung_kueri() as kueri:
            r = client.get(url)
        assert r.status_code == status and "Tugas saya" not in Halaman(r).teks()
        assert not any("evaluasi" in q.lower() or "keberatan" in q.lower() for q in kueri), url


def test_dihitung_sekali_per_permintaan(berjalan, org, client, auth):
    auth.login("staf")
    with hitung_kueri() as kueri:
        assert client.get("/tugas").status_code == 200
    # hitung_tugas reads the keberatan count once; the page itself lists them once.
    assert sum('count' in q.lower() and '"keberatan"' in q.lower() for q in kueri) == 1


# ---------------------------------------------------------------- constant queries

def _bawahan_disetujui(org, rencana, n):
    """`n` more staf under the kasi, each with an approved SKP and a submitted Triwulan I."""
    p = org["pegawai"]
    periode = rencana["periode"]
    induk = rencana["rhk"]["kasi"]
    hasil = []
    with db():
        awal = Pegawai.select().count()
        for i in range(n):
            orang = Pegawai.create(nip=NIP_BARU.format(1 + i % 9, 1 + i % 9, awal + i), nama=f"Staf {awal + i}",
                                   jabatan="Pengadministrasi", jenis_jabatan="pelaksana",
                                   unit=p["kasi"].unit, atasan=p["kasi"], password_hash="x")
            skp = buat_skp(orang, periode, "kuantitatif")
            rhk = simpan_rhk(orang, skp, {"jenis": "utama", "uraian": "Tugas rutin", "rhk_atasan": induk.id})
            simpan_iki(orang, skp, rhk, {"aspek": "kuantitas", "indikator": "Laporan", "target_min": "4",
                                         "satuan": "laporan"})
            ubah_status(orang, segar(skp), "ajukan", "", segar(skp).version)
            ubah_status(p["kasi"], segar(skp), "setujui", "", segar(skp).version)
            ajukan_diri(skp, 1)
            hasil.append(skp)
    return hasil


def test_kueri_tidak_bertambah_dengan_tim(berjalan, org, client, auth):
    p = org["pegawai"]
    _bawahan_disetujui(org, berjalan, 1)  # with the staf: 2 subordinates
    auth.login("kasi")
    with db():
        with hitung_kueri() as dua_hitung:
            dua = hitung_tugas(p["kasi"])
        with hitung_kueri() as dua_daftar:
            daftar_tugas(p["kasi"])
    with hitung_kueri() as dua_halaman:
        assert client.get("/tugas").status_code == 200
    _bawahan_disetujui(org, berjalan, 4)  # 6 subordinates
    with db():
        with hitung_kueri() as enam_hitung:
            enam = hitung_tugas(p["kasi"])
        with hitung_kueri() as enam_daftar:
            items = daftar_tugas(p["kasi"])
    with hitung_kueri() as enam_halaman:
        h = Halaman(client.get("/tugas"))
    assert dua["nilai"] == 3 + 3 and enam["nilai"] == 3 + 5 * 3
    cocok(enam, items)
    assert h.teks(".jumlah-tugas") == f"({enam['total']})"
    assert len(enam_hitung) == len(dua_hitung) == 1  # the header's counts: one query
    assert len(enam_daftar) == len(dua_daftar)
    assert len(enam_halaman) == len(dua_halaman)


def _rendah_dan_keberatan(skps):
    """Each SKP's Triwulan I final as Butuh Perbaikan, with an objection the
    penilai has not answered (written directly: the keberatan service has its own tests)."""
    with db():
        for skp in skps:
            ev = nilai_final(skp, 1, "di_bawah", "sesuai")
            Keberatan.create(evaluasi=ev, alasan="Bukti saya belum dibaca.",
                             diajukan_pada=datetime.datetime(2026, 11, 21, 9))


def test_kelompok_pembinaan_dan_tanggapan_tidak_menambah_kueri(berjalan, org, client, auth):
    """The penilai's groups "Rencana pembinaan belum dibuat" and "Keberatan
    atas penilaian Anda": one more part of the header's one query each, and a
    constant number of queries for the page whatever the team's size."""
    p = org["pegawai"]
    _rendah_dan_keberatan([berjalan["skp"]["staf"]] + _bawahan_disetujui(org, berjalan, 1))
    auth.login("kasi")
    with db():
        with hitung_kueri() as dua_hitung:
            dua = hitung_tugas(p["kasi"])
        with hitung_kueri() as dua_daftar:
            items = daftar_tugas(p["kasi"])
    cocok(dua, items)
    with hitung_kueri() as dua_halaman:
        assert client.get("/tugas").status_code == 200
    _rendah_dan_keberatan(_bawahan_disetujui(org, berjalan, 4))
    with db():
        with hitung_kueri() as enam_hitung:
            enam = hitung_tugas(p["kasi"])
        with hitung_kueri() as enam_daftar:
            items = daftar_tugas(p["kasi"])
    with hitung_kueri() as enam_halaman:
        html = Halaman(client.get("/tugas")).teks()
    cocok(enam, items)
    assert (dua["rencana"], dua["tanggapan"], enam["rencana"], enam["tanggapan"]) == (2, 2, 6, 6)
    assert "Rencana pembinaan belum dibuat" in html and "Keberatan atas penilaian Anda: beri tanggapan" in html
    assert "Keberatan Rina Marpaung atas hasil 2026" in html and "Rina Marpaung: Triwulan I 2026" in html
    assert len(enam_hitung) == len(dua_hitung) == 1
    assert len(enam_daftar) == len(dua_daftar)
    assert len(enam_halaman) == len(dua_halaman)
    # The decider (kabid) is not asked to respond, nor to plan coaching for the kasi's team.
    hitung, _ = tugas("kabid", org)
    assert (hitung["rencana"], hitung["tanggapan"], hitung["keberatan"]) == (0, 0, 6)


def test_sql_hitungan_yang_dibangun_sekali_sama_dengan_kueri_tiap_orang(berjalan, org):
    # The header's query is built once per engine for a stand-in id; nothing
    # but the person's id may differ from building it afresh for that person.
    with db():
        for key in ("kasi", "staf", "kabid", "superadmin"):
            p = org["pegawai"][key]
            assert KUERI_RINGKAS.semua(p.id) == list(_kueri_ringkas(p).tuples()), key


def test_masuk_lalu_tugas_seperti_orang(berjalan, org, client):
    r = kirim(client, "/login", {"nip": org["pegawai"]["kasi"].nip, "password": SANDI})
    assert r.status_code in (302, 303)
    html = Halaman(client.get("/tugas")).teks()
    assert "Evaluasi yang perlu Anda nilai" in html and "Rina Marpaung: Triwulan I 2026" in html
