"""The objection as a hearing: the pejabat penilai is told (Tugas saya) and
responds before the decision; the atasan pejabat penilai reads both sides,
the year's realisasi and evidence, previews the predikat of new ratings (no
JS: a "Pratinjau" submit; htmx: a small fragment) and must confirm before a
decision is written; the history keeps the response and the decision; the
pegawai reads both. Migration 0007 up and down.

Evaluations are built through the services (tests/test_keberatan.py), final
on the pinned day 2026-11-28, so the 14-day window is open whatever the date."""
import uuid

import pytest
from playhouse.migrations import Runner

from kinerja import create_app
from kinerja.db import MIGRATIONS_DIR, database, migrate
from kinerja.models import Riwayat
from kinerja.penilaian.bukti import tambah_tautan
from kinerja.penilaian.models import Evaluasi, Keberatan
from kinerja.penilaian.realisasi import simpan_realisasi
from kinerja.penilaian.tugas import hitung_tugas
from kinerja.penilaian.tugas_views import daftar_tugas
from kinerja.skp.models import Iki, Rhk, Skp
from tests.conftest import HASH_METHOD, hitung_kueri, kirim, teks
from tests.halaman import Halaman, teks_dari
from tests.test_keberatan import ALASAN, final, keberatan_diajukan, putus, segar, url

TANGGAPAN = "Laporan Oktober dan November terlambat dua minggu; lihat riwayat realisasi."
TAUTAN = "https://drive.example.go.id/laporan-triwulan-3"


@pytest.fixture
def sidang(app, client, auth, org, berjalan):
    """The staf's Triwulan III realisasi with a link as evidence, then the
    annual result (Butuh Perbaikan) and the staf's objection to it."""
    p = org["pegawai"]
    with app.test_request_context(), database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).get()
        simpan_realisasi(p["staf"], skp, iki, 3, {"nilai": "9", "catatan": ""}, "")
        tambah_tautan(p["staf"], skp, iki, 3, TAUTAN, "Laporan triwulan III")
    ev = final(org, berjalan)
    kb = keberatan_diajukan(client, auth, ev)
    return ev, kb


def tanggapi(client, kb, teks_tanggapan=TANGGAPAN, **data):
    data.setdefault("version", segar(Keberatan, kb).version)
    data.setdefault("tanggapan_penilai", teks_tanggapan)
    return kirim(client, f"/keberatan/{kb.id}/tanggapan", data, token_from="/")


def riwayat(awalan):
    with database:
        return list(Riwayat.select().where((Riwayat.objek == "skp") & Riwayat.aksi.startswith(awalan))
                    .order_by(Riwayat.id))


# ---------------------------------------------------------------- the penilai is told and responds

def test_penilai_diberi_tahu_di_tugas_saya_sampai_menanggapi(app, client, auth, org, sidang):
    ev, kb = sidang
    with app.test_request_context(), database:
        hitung, items = hitung_tugas(org["pegawai"]["kasi"]), daftar_tugas(org["pegawai"]["kasi"])
    assert hitung["tanggapan"] == 1 and [t.judul for t in items["tanggapan"]] == [
        "Keberatan Rina Marpaung atas hasil 2026"]
    assert items["tanggapan"][0].url == f"/penilaian/{ev.id}/keberatan#tanggapan"
    for orang in ("staf", "kabid", "kadis"):  # only the penilai is asked
        with app.test_request_context(), database:
            assert hitung_tugas(org["pegawai"][orang])["tanggapan"] == 0, orang
    auth.login("kasi")
    html = Halaman(client.get("/tugas")).teks()
    assert "Keberatan atas penilaian Anda: beri tanggapan" in html
    h = Halaman(client.get(url(ev)))
    assert ALASAN in h.teks() and "Pejabat penilai belum memberi tanggapan." in h.teks()
    assert h.isian("tanggapan_penilai").tag == "textarea" and h.tombol("Simpan tanggapan") is not None
    r = tanggapi(client, kb)
    assert r.status_code == 303 and r.location.endswith(f"{url(ev)}#tanggapan")
    with database:
        baru = Keberatan.get_by_id(kb.id)
        assert baru.tanggapan_penilai == TANGGAPAN and baru.tanggapan_pada is not None
        assert baru.status == "diajukan" and baru.version == kb.version + 1
    assert "Keberatan atas penilaian Anda: beri tanggapan" not in Halaman(client.get("/tugas")).teks()
    with app.test_request_context(), database:
        assert hitung_tugas(org["pegawai"]["kasi"])["tanggapan"] == 0
    (r,) = riwayat("Tanggapan atas keberatan")
    assert r.aksi == "Tanggapan atas keberatan ditulis" and r.aktor_id == org["pegawai"]["kasi"].id
    assert r.perubahan["tanggapan"] == [None, TANGGAPAN]


@pytest.mark.parametrize("isi,pesan", [("", "Tanggapan wajib diisi."), ("   \n ", "Tanggapan wajib diisi."),
                                       ("y" * 4001, "Tanggapan paling banyak 4000 karakter.")])
def test_tanggapan_salah_422_dan_isian_tetap(client, auth, org, sidang, isi, pesan):
    ev, kb = sidang
    auth.login("kasi")
    r = tanggapi(client, kb, isi)
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.pilih('.galat-ringkas a[href="#tanggapan_penilai"]')
    if isi.strip():
        assert h.isian("tanggapan_penilai").value == isi  # what was typed is kept
    with database:
        assert Keberatan.get_by_id(kb.id).tanggapan_penilai == "" and Keberatan.get_by_id(kb.id).version == kb.version
    assert not riwayat("Tanggapan")


def test_tanggapan_dikirim_dua_kali_aman(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kasi")
    kunci = str(uuid.uuid4())
    pertama = tanggapi(client, kb, submission_id=kunci)
    kedua = tanggapi(client, kb, submission_id=kunci, version=kb.version)  # the same form, sent again
    assert pertama.status_code == kedua.status_code == 303 and kedua.location == pertama.location
    with database:
        assert Keberatan.get_by_id(kb.id).version == kb.version + 1
    assert len(riwayat("Tanggapan")) == 1
    # A second tab with the old version: refused, nothing overwritten, the text kept.
    r = tanggapi(client, kb, "Tanggapan dari tab lama", version=kb.version)
    h = Halaman(r)
    assert r.status_code == 409 and "Data ini sudah berubah" in h.teks() and "Tanggapan dari tab lama" in h.teks()
    with database:
        assert Keberatan.get_by_id(kb.id).tanggapan_penilai == TANGGAPAN


def test_tanggapan_diubah_kolom_lain_tetap(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kasi")
    tanggapi(client, kb)
    with database:
        sebelum = Keberatan.get_by_id(kb.id).__data__.copy()
    html = Halaman(client.get(url(ev))).teks()
    assert "Ubah tanggapan Anda" in html and TANGGAPAN in html  # the form holds the saved text
    assert tanggapi(client, kb, "Tanggapan yang diperbaiki.").status_code == 303
    with database:
        sesudah = Keberatan.get_by_id(kb.id).__data__.copy()
    for kolom in ("tanggapan_penilai", "tanggapan_pada", "version"):
        sebelum.pop(kolom), sesudah.pop(kolom)
    assert sesudah == sebelum
    with database:
        assert Keberatan.get_by_id(kb.id).tanggapan_penilai == "Tanggapan yang diperbaiki."
    assert [r.aksi for r in riwayat("Tanggapan")] == ["Tanggapan atas keberatan ditulis",
                                                      "Tanggapan atas keberatan diubah"]


@pytest.mark.parametrize("siapa,status", [("staf", 403), ("kabid", 403), ("admin_disdik", 403),
                                          ("superadmin", 403), ("kadis", 403), ("staf_dinkes", 403)])
def test_hanya_penilai_menanggapi(client, auth, org, sidang, siapa, status):
    ev, kb = sidang
    auth.login(siapa)
    assert tanggapi(client, kb).status_code == status
    if siapa not in ("staf_dinkes", "kadis"):  # those with a role on the SKP see no form
        assert not Halaman(client.get(url(ev))).ada_isian("tanggapan_penilai")
    with database:
        assert Keberatan.get_by_id(kb.id).tanggapan_penilai == ""


def test_tanggapan_tidak_dikenal_404_dan_tanpa_masuk(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kasi")
    assert tanggapi(client, kb, submission_id=None).status_code == 303
    assert kirim(client, "/keberatan/9999/tanggapan", {"tanggapan_penilai": "x", "version": 1},
                 token_from="/").status_code == 404
    auth.logout()
    r = kirim(client, f"/keberatan/{kb.id}/tanggapan", {"tanggapan_penilai": "x", "version": 2})
    assert r.status_code in (302, 303) and "/login" in r.location
    with database:
        assert Keberatan.get_by_id(kb.id).tanggapan_penilai == TANGGAPAN


def test_setelah_diputus_tanggapan_terkunci(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kabid")
    assert putus(client, kb, keputusan="tetap", alasan_keputusan="Tetap.").status_code == 303
    auth.logout()
    auth.login("kasi")
    assert not Halaman(client.get(url(ev))).ada_isian("tanggapan_penilai")
    r = tanggapi(client, kb, "Terlambat menanggapi")
    assert r.status_code == 409 and "sudah diputus" in Halaman(r).teks() and "Terlambat menanggapi" in Halaman(r).teks()
    with database:
        assert Keberatan.get_by_id(kb.id).tanggapan_penilai == ""


# ---------------------------------------------------------------- the decider hears both sides

def test_pemutus_melihat_kedua_pihak_realisasi_dan_bukti(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kabid")
    html = Halaman(client.get(f"/keberatan/{kb.id}")).teks()
    assert "Pejabat penilai belum memberi tanggapan. Anda tetap bisa memutus" in html
    auth.logout()
    auth.login("kasi")
    tanggapi(client, kb)
    auth.logout()
    auth.login("kabid")
    h = Halaman(client.get(f"/keberatan/{kb.id}"))
    html = h.teks()
    assert ALASAN in html and TANGGAPAN in html and "belum memberi tanggapan" not in html
    # The year's realisasi (the rating page's annual summary) and every bukti of the year.
    tahun = teks_dari(h.satu("#ringkasan-tahun"))
    assert "Jumlah laporan staf" in tahun and "9 laporan" in tahun
    bukti = h.satu("#bukti-tahun")
    assert "Triwulan III:" in teks_dari(bukti) and "Laporan triwulan III" in teks_dari(bukti)
    assert TAUTAN in [a.get("href") for a in bukti.iter("a")]
    html_daftar = Halaman(client.get("/keberatan")).teks()
    assert "penilai sudah menanggapi" in html_daftar


def test_halaman_pemutus_kueri_tetap(client, auth, org, sidang, berjalan):
    """More evidence does not mean more queries."""
    ev, kb = sidang
    auth.login("kabid")
    client.get(f"/keberatan/{kb.id}")
    with hitung_kueri() as sedikit:
        assert client.get(f"/keberatan/{kb.id}").status_code == 200
    with database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).get()
    with client.application.test_request_context(), database:
        for n in range(3):
            tambah_tautan(org["pegawai"]["staf"], skp, iki, 3, f"{TAUTAN}-{n}", f"Laporan {n}")
    with hitung_kueri() as banyak:
        h = Halaman(client.get(f"/keberatan/{kb.id}"))
    assert h.tautan_ke(f"{TAUTAN}-2") and len(banyak) == len(sedikit)


# ---------------------------------------------------------------- the predikat preview

def test_pratinjau_tanpa_js_tidak_menyimpan(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kabid")
    h = Halaman(client.get(f"/keberatan/{kb.id}"))
    assert "Pilih kedua rating baru untuk melihat predikatnya." in h.teks("#pratinjau-putusan")
    # Without JS the preview is a submit button; with htmx the choices post themselves.
    assert [b for b in h.pilih('button[name="aksi"]') if b.get("value") == "pratinjau"]
    assert [el for el in h.pilih("[hx-post]") if el.get("hx-post").startswith(f"/keberatan/{kb.id}")]
    r = putus(client, kb, aksi="pratinjau", keputusan="diubah", rating_hasil="sesuai", rating_perilaku="di_atas",
              alasan_keputusan="Draf alasan saya", yakin="")
    assert r.status_code == 200
    h = Halaman(r)
    assert h.teks("#pratinjau-putusan") == "Predikat baru: Baik (semula Butuh Perbaikan)"
    assert h.teks("#pratinjau-putusan strong") == "Baik"
    assert h.isian("alasan_keputusan").value == "Draf alasan saya"  # everything typed is kept
    assert h.isian("rating_hasil", "sesuai").checked and h.isian("rating_perilaku", "di_atas").checked
    assert not h.pilih(".galat-ringkas")  # a preview is not a refused decision
    with database:
        assert Keberatan.get_by_id(kb.id).status == "diajukan"
        assert Evaluasi.get_by_id(ev.id).predikat == "butuh_perbaikan"
    assert not riwayat("Keberatan diputus")


@pytest.mark.parametrize("pilihan,tampil,tebal", [
    ({"keputusan": "diubah", "rating_hasil": "di_atas", "rating_perilaku": "di_atas"},
     "Predikat baru: Sangat Baik", "Sangat Baik"),
    ({"keputusan": "diubah", "rating_hasil": "di_bawah", "rating_perilaku": "di_bawah"},
     "Predikat baru: Sangat Kurang", "Sangat Kurang"),
    ({"keputusan": "diubah", "rating_hasil": "sesuai", "rating_perilaku": "di_bawah"},
     "Predikat baru: Kurang/Misconduct", "Kurang/Misconduct"),
    ({"keputusan": "diubah", "rating_hasil": "sesuai"}, "Pilih kedua rating baru untuk melihat predikatnya.", ""),
    ({"keputusan": "tetap"}, "Hasil tetap: predikat Butuh Perbaikan", "Butuh Perbaikan"),
])
def test_pratinjau_htmx_fragmen_kecil(client, auth, org, sidang, pilihan, tampil, tebal):
    ev, kb = sidang
    auth.login("kabid")
    data = dict(pilihan, aksi="pratinjau", version=kb.version)
    r = kirim(client, f"/keberatan/{kb.id}", data, token_from="/", headers={"HX-Request": "true"})
    assert r.status_code == 200 and "HX-Request" in r.headers.get("Vary", "")
    html = teks(r)
    assert html.strip().startswith('<div class="pratinjau-putusan" id="pratinjau-putusan">')
    h = Halaman(html)
    assert h.teks().startswith(tampil) and h.teks("strong") == tebal
    assert "<html" not in html and len(html) < 600
    with database:
        assert Keberatan.get_by_id(kb.id).status == "diajukan"


@pytest.mark.parametrize("siapa", ["kasi", "staf", "admin_disdik", "kadis"])
def test_pratinjau_juga_dijaga_izin(client, auth, org, sidang, siapa):
    ev, kb = sidang
    auth.login(siapa)
    r = kirim(client, f"/keberatan/{kb.id}", {"aksi": "pratinjau", "keputusan": "diubah", "rating_hasil": "sesuai",
                                              "rating_perilaku": "sesuai"}, token_from="/",
              headers={"HX-Request": "true"})
    assert r.status_code == 403 and "Predikat baru" not in Halaman(r).teks()


# ---------------------------------------------------------------- the decision asks for confirmation

def test_tanpa_konfirmasi_ditolak_dan_tidak_ada_yang_ditulis(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kabid")
    yakin = Halaman(client.get(f"/keberatan/{kb.id}")).isian("yakin")
    assert yakin.label == "Saya sudah membaca tanggapan dan bukti" and not yakin.checked
    r = putus(client, kb, keputusan="diubah", rating_hasil="sesuai", rating_perilaku="sesuai",
              alasan_keputusan="Bukti lengkap.", yakin="")
    assert r.status_code == 422
    h = Halaman(r)
    assert "Centang \u201cSaya sudah membaca tanggapan dan bukti\u201d sebelum menyimpan keputusan" in h.teks_galat()
    assert h.pilih('.galat-ringkas a[href="#yakin"]') and h.isian("alasan_keputusan").value == "Bukti lengkap."
    assert h.teks("#pratinjau-putusan").startswith("Predikat baru: Baik")  # the preview of what was chosen stays
    with database:
        baru = Keberatan.get_by_id(kb.id)
        assert (baru.status, baru.keputusan, baru.version) == ("diajukan", None, kb.version)
        assert Evaluasi.get_by_id(ev.id).predikat == "butuh_perbaikan"
    assert not riwayat("Keberatan diputus")


def test_keputusan_dengan_konfirmasi_tercatat_dan_pegawai_melihat_semuanya(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kasi")
    tanggapi(client, kb)
    auth.logout()
    auth.login("kabid")
    r = putus(client, kb, aksi="putuskan", keputusan="diubah", rating_hasil="sesuai", rating_perilaku="sesuai",
              alasan_keputusan="Laporan terlambat tetapi lengkap.")
    assert r.status_code == 303
    with database:
        assert Evaluasi.get_by_id(ev.id).predikat == "baik"
    aksi = [r.aksi for r in riwayat("")]
    assert aksi[-3:] == ["Keberatan atas penilaian akhir diajukan", "Tanggapan atas keberatan ditulis",
                         "Keberatan diputus: hasil diubah"]
    auth.logout()
    auth.login("staf")
    h = Halaman(client.get(url(ev)))
    html = h.teks()
    assert TANGGAPAN in html and "Laporan terlambat tetapi lengkap." in html and "Hasil diubah" in html
    assert not h.ada_isian("tanggapan_penilai")


def test_pegawai_melihat_tanggapan_sebelum_keputusan(client, auth, org, sidang):
    ev, kb = sidang
    auth.login("kasi")
    tanggapi(client, kb, "<b>tebal</b>")
    auth.logout()
    auth.login("staf")
    h = Halaman(client.get(url(ev)))
    assert "Tanggapan pejabat penilai" in h.teks() and "<b>tebal</b>" in h.teks() and not h.pilih("b")
    assert "Menunggu keputusan atasan pejabat penilai." in h.teks()
    periode = Halaman(client.get(f"/skp/{ev.skp_id}/kinerja/{ev.nomor}"))
    assert "<b>tebal</b>" in periode.teks() and not periode.pilih("b")  # the period page's objection fragment


# ---------------------------------------------------------------- migration 0007

def test_migrasi_0007_naik_turun(db_baru):
    url_db = db_baru("m7")
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url_db, "PASSWORD_HASH_METHOD": HASH_METHOD})
    migrate("0006_indeks_kueri")
    with database.connection_context():
        kolom = {c.name for c in database.get_columns("keberatan")}
        assert "tanggapan_penilai" not in kolom and "tanggapan_pada" not in kolom
    assert "0007_keberatan_tanggapan" in migrate()
    with database.connection_context():
        kolom = {c.name: c for c in database.get_columns("keberatan")}
        assert not kolom["tanggapan_penilai"].null and kolom["tanggapan_pada"].null
    with database.connection_context():
        assert Runner(database.obj, directory=MIGRATIONS_DIR).down("0007_keberatan_tanggapan")[-1] \
            == "0007_keberatan_tanggapan"
        kolom = {c.name for c in database.get_columns("keberatan")}
        assert "tanggapan_penilai" not in kolom and "tanggapan_pada" not in kolom
        assert "alasan_keputusan" in kolom  # only the new columns go
    assert "0007_keberatan_tanggapan" in migrate()


def test_fragmen_halaman_periode_mengajak_penilai_menanggapi(client, auth, org, sidang):
    ev, kb = sidang
    halaman = f"/skp/{ev.skp_id}/kinerja/{ev.nomor}"
    ke_tanggapan = f"/penilaian/{ev.id}/keberatan#tanggapan"
    auth.login("kasi")
    h = Halaman(client.get(halaman))
    assert [teks_dari(a) for a in h.tautan_ke(ke_tanggapan)] == ["Beri tanggapan"]
    tanggapi(client, kb)
    h = Halaman(client.get(halaman))
    html = h.teks()
    assert "Beri tanggapan" not in html and TANGGAPAN in html
    assert "Ubah tanggapan" in [teks_dari(a) for a in h.pilih("a")]
    for siapa in ("staf", "kabid"):
        auth.logout()
        auth.login(siapa)
        html = Halaman(client.get(halaman)).teks()
        assert "Beri tanggapan" not in html and "Ubah tanggapan" not in html and TANGGAPAN in html
