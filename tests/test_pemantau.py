"""The read-only pemantau and the reader role "pembaca" on a person's
documents (issue 15): a pemantau reads the SKP, realisasi, bukti (files
too), evaluations, pembinaan and keberatan of the people in their scope and
nothing outside it; every POST of the app refuses them and leaves the
database as it was; each read from outside the SKP's chain is in the SKP's
history, which the pegawai sees; the pegawai, penilai and atasan penilai
read without a log and without an extra query."""
import io
import uuid

import pytest

from kinerja.db import database
from kinerja.lingkup import lingkup_baca
from kinerja.models import Pegawai, Periode, Riwayat, Sesi
from kinerja.penilaian.keberatan import ajukan_keberatan
from kinerja.penilaian.layanan import ambil_evaluasi, baris_rhk, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.models import Bukti, Evaluasi, FrasaUmpanBalik, Keberatan, Pembinaan
from kinerja.penilaian.pembinaan import buat_pembinaan
from kinerja.riwayat import AKSI_DILIHAT
from kinerja.skp.layanan import ambil_skp, buat_skp, peran
from kinerja.skp.models import Iki, Skp
from tests.conftest import NIP, SANDI, csrf_token, hitung_kueri, kirim
from tests.halaman import Halaman, teks_dari

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# How the links to edit forms begin (Ubah lampiran, Tulis ekspektasi, Beri penilaian, ...).
KATA_UBAH = ("Ubah", "Hapus", "Tambah", "Tulis", "Setujui", "Kembalikan", "Beri", "Ajukan", "Buat",
             "Koreksi", "Susun", "Putus", "Isi")


def jadikan_pemantau(pegawai, unit):
    """Make `pegawai` a pemantau of `unit`'s subtree (as the superadmin's form does)."""
    with database:
        Pegawai.update(peran="pemantau", admin_unit=unit.id).where(Pegawai.id == pegawai.id).execute()


@pytest.fixture
def pemantau(org):
    """Maya (staf of Dinkes) as pemantau of the Dinas Pendidikan."""
    jadikan_pemantau(org["pegawai"]["staf_dinkes"], org["unit"]["disdik"])
    return org["pegawai"]["staf_dinkes"]


@pytest.fixture
def dokumen(client, auth, org, berjalan):
    """The staf's 2026 documents, all kinds: a PDF bukti and a link for
    Triwulan IV-Akhir, the final annual result (Butuh Perbaikan) with a
    pembinaan plan and a keberatan, and the kasi's reusable phrase."""
    p = org["pegawai"]
    skp = berjalan["skp"]["staf"]
    with database:
        iki = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
    auth.login("staf")
    url = f"/skp/{skp.id}/kinerja/4/iki/{iki.id}"
    assert kirim(client, url + "/bukti", {"berkas": (io.BytesIO(PDF), "laporan.pdf")},
                 token_from="/skp").status_code == 303
    assert kirim(client, url + "/tautan", {"tautan": "https://contoh.go.id/laporan", "judul": "Laporan"},
                 token_from="/skp").status_code == 303
    auth.logout()
    with database:
        s = Skp.get_by_id(skp.id)
        ev = ambil_evaluasi(s, 4)
        simpan_evaluasi_diri(p["staf"], s, ev, {f"penilaian_diri_{i}": "sesuai" for i in baris_rhk(ev)},
                             ev.version, ajukan=True)
        ev = Evaluasi.get_by_id(ev.id)
        simpan_penilaian(p["kasi"], s, ev, {"rating_hasil": "di_bawah", "rating_perilaku": "sesuai"},
                         ev.version, finalkan=True)
        ev = Evaluasi.get_by_id(ev.id)
        buat_pembinaan(p["kasi"], ambil_skp(s.id), ev, {"jenis": "bimbingan", "rencana": "Bimbingan tiap dua minggu",
                                                        "pelatihan": "", "target_tanggal": "2027-02-28"})
        ajukan_keberatan(p["staf"], ambil_skp(s.id), ev, "Laporan sudah saya kirim tepat waktu.")
        frasa = FrasaUmpanBalik.create(pemilik=p["kasi"].id, teks="Pertahankan ketepatan waktu laporan.")
        return {"skp": s.id, "iki": iki.id, "rhk": berjalan["rhk"]["kasi"].id, "ev": ev.id,
                "bukti": Bukti.get(Bukti.berkas.is_null(False)).id, "tautan": Bukti.get(Bukti.berkas.is_null()).id,
                "pembinaan": Pembinaan.get().id, "keberatan": Keberatan.get().id, "frasa": frasa.id}


def halaman_dokumen(d):
    """Every GET page that shows the staf's documents."""
    s, ev = d["skp"], d["ev"]
    return [f"/skp/{s}", f"/skp/{s}/cetak", f"/skp/{s}/riwayat", f"/skp/{s}/kinerja", f"/skp/{s}/kinerja/4",
            f"/skp/{s}/kinerja/4/iki/{d['iki']}/bukti", f"/penilaian/{ev}/cetak",
            f"/penilaian/{ev}/keberatan", f"/penilaian/{ev}/pembinaan"]


def dilihat(skp_id):
    """(actor id, what was read) of the SKP's logged reads, oldest first."""
    with database:
        return [(r.aktor_id, r.perubahan["dokumen"][1]) for r in Riwayat.select().where(
            (Riwayat.objek == "skp") & (Riwayat.objek_id == skp_id) & (Riwayat.aksi == AKSI_DILIHAT))
            .order_by(Riwayat.id)]


# ---------------------------------------------------------------- the role

def test_peran_pemantau_tidak_pernah_mengelola(client, auth, org, pemantau):
    with database:
        p = Pegawai.get_by_id(pemantau.id)
        assert p.is_pemantau and not p.is_admin and not p.is_superadmin
        assert p.scope_path() is None and p.peran_label == "Pemantau"
        assert lingkup_baca(p) == org["unit"]["disdik"].path
    auth.login(pemantau.nip)
    h = Halaman(client.get("/"))
    assert h.teks(".kepala .peran") == "Pemantau"
    assert not any(href.startswith("/admin") for _, href, _ in h.menu())
    for url in ("/admin/pegawai", "/admin/unit", "/admin/periode", f"/admin/pegawai/{org['pegawai']['staf'].id}"):
        assert client.get(url).status_code == 403, url


def test_pemantau_tetap_pegawai_biasa_untuk_skp_sendiri(client, auth, org, pemantau):
    auth.login(pemantau.nip)
    r = kirim(client, "/skp", {"periode": "1", "pendekatan": "kuantitatif"}, token_from="/skp")
    assert r.status_code == 303
    with database:
        skp = Skp.get(Skp.pegawai == pemantau.id)
        assert peran(ambil_skp(skp.id), Pegawai.get_by_id(pemantau.id)) == {"pemilik"}
    assert client.get(f"/skp/{skp.id}").status_code == 200
    assert dilihat(skp.id) == []  # one's own SKP: never logged


# ---------------------------------------------------------------- reading

@pytest.mark.parametrize("pembaca", ["pemantau", "kadis"])  # the kadis: head of the dinas, above the chain
def test_pemantau_membaca_semua_dokumen_dalam_lingkup_tanpa_tombol_ubah(app, client, auth, org, pemantau, dokumen,
                                                                       pembaca):
    auth.login(pemantau.nip if pembaca == "pemantau" else pembaca)
    for url in halaman_dokumen(dokumen):
        r = client.get(url)
        assert r.status_code == 200, url
        h = Halaman(r)
        # The only form that posts anywhere is the header's "Keluar".
        aksi = [f.get("action") for f in h.pilih("form") if (f.get("method") or "").lower() == "post"]
        assert aksi in (["/logout"], []), (url, aksi)  # (print pages have no header)
        tautan = [teks_dari(a) for a in h.pilih("main a")]
        ubah = [t for t in tautan if t.startswith(KATA_UBAH)]
        assert ubah == [], (url, ubah)
    h = Halaman(client.get(f"/skp/{dokumen['skp']}"))
    assert "Hanya baca." in h.teks("main") and "tercatat di riwayat SKP" in h.teks("main")
    assert "Rina Marpaung" in h.teks("main")
    periode = Halaman(client.get(f"/skp/{dokumen['skp']}/kinerja/4"))
    assert "Butuh Perbaikan" in periode.teks("main")  # the final result
    assert periode.tautan_ke(f"/bukti/{dokumen['bukti']}")
    berkas = client.get(f"/bukti/{dokumen['bukti']}")
    assert berkas.status_code == 200 and berkas.data == PDF


def test_pemantau_ditolak_di_luar_lingkup(client, auth, org, pemantau, dokumen):
    p = org["pegawai"]
    with database:
        skp_dinkes = buat_skp(p["kadinkes"], Periode.get(), "kuantitatif")
    auth.login(pemantau.nip)
    assert client.get(f"/skp/{skp_dinkes.id}").status_code == 403
    assert client.get(f"/skp/{skp_dinkes.id}/kinerja").status_code == 403
    # Narrower scope: the Bidang SD only; the kadis sits above it in the dinas.
    jadikan_pemantau(pemantau, org["unit"]["bidang_sd"])
    assert client.get(f"/skp/{dokumen['skp']}").status_code == 200
    kadis = Skp.select(Skp.id).where(Skp.pegawai == p["kadis"].id)
    with database:
        kadis_id = kadis.scalar()
    assert client.get(f"/skp/{kadis_id}").status_code == 403
    assert dilihat(skp_dinkes.id) == [] and dilihat(kadis_id) == []


def test_pemantau_nonaktif_atau_dicabut_tidak_membaca_lagi(client, auth, org, pemantau, dokumen):
    auth.login(pemantau.nip)
    assert client.get(f"/skp/{dokumen['skp']}").status_code == 200
    with database:  # the role removed while signed in: the next request knows
        Pegawai.update(peran="pegawai", admin_unit=None).where(Pegawai.id == pemantau.id).execute()
    assert client.get(f"/skp/{dokumen['skp']}").status_code == 403
    assert client.get(f"/bukti/{dokumen['bukti']}").status_code == 404


def test_kepala_unit_membaca_subpohonnya_dan_dicatat(client, auth, org, dokumen):
    # The kadis heads the Dinas Pendidikan: above the staf's chain (kasi, kabid).
    auth.login("kadis")
    assert client.get(f"/skp/{dokumen['skp']}/kinerja/4").status_code == 200
    assert dilihat(dokumen["skp"]) == [(org["pegawai"]["kadis"].id, "Realisasi dan evaluasi Triwulan IV-Akhir 2026")]
    with database:
        assert Riwayat.get(Riwayat.aksi == AKSI_DILIHAT).perubahan["sebagai"] == [None, "kepala unit"]
    assert kirim(client, f"/skp/{dokumen['skp']}/status", {"aksi": "buka", "alasan": "x", "version": "1"},
                 token_from="/").status_code == 403


def test_rantai_skp_membaca_tanpa_catatan_dan_tanpa_kueri_tambahan(client, auth, org, dokumen):
    p = org["pegawai"]
    with database:
        skp = ambil_skp(dokumen["skp"])
        for key, diharap in (("staf", {"pemilik"}), ("kasi", {"penilai"}), ("kabid", {"atasan_penilai"})):
            orang = Pegawai.get_by_id(p[key].id)
            with hitung_kueri() as kueri:
                assert peran(skp, orang) == diharap
            assert kueri == [], key  # the read scope is never computed for them
    for key in ("staf", "kasi", "kabid"):
        auth.login(key)
        for url in halaman_dokumen(dokumen):
            assert client.get(url).status_code in (200, 403), url  # (the keberatan page is theirs)
        assert client.get(f"/bukti/{dokumen['bukti']}").status_code == 200
        auth.logout()
    assert dilihat(dokumen["skp"]) == []


# ---------------------------------------------------------------- the view log

DIBACA_SEKALI = [
    "SKP 2026", "Cetak SKP 2026", "Riwayat SKP 2026", "Realisasi dan evaluasi 2026",
    "Realisasi dan evaluasi Triwulan IV-Akhir 2026",
    "Bukti dukung Triwulan IV-Akhir 2026: Jumlah laporan staf",
    "Cetak evaluasi Triwulan IV-Akhir 2026", "Keberatan Triwulan IV-Akhir 2026",
    "Pembinaan Triwulan IV-Akhir 2026", "Berkas bukti dukung \u201claporan.pdf\u201d"]


def jumlah_dibaca(client, dokumen):
    """What the SKP page tells its pegawai (signed in) about the logged reads."""
    h = Halaman(client.get(f"/skp/{dokumen['skp']}"))
    assert "dokumen dilihat" not in h.teks("#riwayat")  # the SKP's own changes stay on the page
    assert h.tautan_ke(f"/skp/{dokumen['skp']}/riwayat")
    return h.teks("#riwayat")


def test_setiap_dokumen_yang_dibaca_tercatat_dan_dilihat_pegawai(client, auth, org, pemantau, dokumen, jam):
    auth.login(pemantau.nip)
    for url in halaman_dokumen(dokumen) + [f"/bukti/{dokumen['bukti']}"]:
        assert client.get(url).status_code == 200, url
    catatan = dilihat(dokumen["skp"])
    assert all(aktor == pemantau.id for aktor, _ in catatan)
    assert [apa for _, apa in catatan] == DIBACA_SEKALI
    # The same day: a reload, a HEAD (no one reads it) and an htmx fragment of a logged page add nothing.
    assert Halaman(client.get(f"/skp/{dokumen['skp']}")).teks(".kilas").startswith("Hanya baca.")
    for url in halaman_dokumen(dokumen):
        assert client.head(url).status_code == 200, url
    assert client.get(f"/skp/{dokumen['skp']}/kinerja/4", headers={"HX-Request": "true"}).status_code == 200
    assert dilihat(dokumen["skp"]) == catatan
    auth.logout()
    auth.login("staf")  # the pegawai reads who looked at what, in the SKP's history
    h = Halaman(client.get(f"/skp/{dokumen['skp']}/riwayat"))
    assert "dokumen dilihat (pemantau): Berkas bukti dukung \u201claporan.pdf\u201d oleh Maya Sari" in h.teks("main")
    assert "Dokumen ini dibaca 10 kali dari luar rantai penilaian" in jumlah_dibaca(client, dokumen)
    auth.logout()
    jam.setel("2026-11-29")  # the next day of the city: a read is logged again
    auth.login(pemantau.nip)
    client.get(f"/skp/{dokumen['skp']}")
    client.get(f"/skp/{dokumen['skp']}")
    assert [apa for _, apa in dilihat(dokumen["skp"])] == DIBACA_SEKALI + ["SKP 2026"]
    auth.logout()
    auth.login("staf")
    assert "Dokumen ini dibaca 11 kali dari luar rantai penilaian" in jumlah_dibaca(client, dokumen)


def test_admin_dan_superadmin_membaca_tercatat(client, auth, org, dokumen):
    for key, sebagai in (("admin_disdik", "admin"), ("superadmin", "superadmin")):
        auth.login(key)
        assert client.get(f"/skp/{dokumen['skp']}").status_code == 200
        auth.logout()
    with database:
        rows = list(Riwayat.select().where((Riwayat.aksi == AKSI_DILIHAT)).order_by(Riwayat.id))
    assert [(r.aktor_id, r.perubahan["sebagai"][1]) for r in rows] == [
        (org["pegawai"]["admin_disdik"].id, "admin"), (org["pegawai"]["superadmin"].id, "superadmin")]


def test_tolakan_dan_halaman_tak_ada_tidak_dicatat(client, auth, org, pemantau, dokumen):
    auth.login(pemantau.nip)
    s = dokumen["skp"]
    assert client.get(f"/skp/{s}/kinerja/9").status_code == 404
    assert client.get(f"/skp/{s}/kinerja/4/iki/999999/bukti").status_code == 404
    assert client.get(f"/skp/{s}/lampiran").status_code == 403  # an edit form, even to look at
    assert client.get(f"/skp/{s}/rhk/{dokumen['rhk']}").status_code in (403, 404)
    assert dilihat(s) == []


# ---------------------------------------------------------------- every POST of the app

def _isi(url, d):
    return url.format(**d)


# Every POST endpoint of the app, what a pemantau sends to it (URL with the
# staf's objects, all in the pemantau's read scope) and the answer expected.
# "milik" marks the routes about one's own account (their own rows may change).
POST = {
    "skp.daftar": ("/skp", {}, 422, "milik"),  # starting one's own SKP; nothing chosen
    "skp.status": ("/skp/{skp}/status", {"aksi": "buka", "alasan": "coba"}, 403, None),
    "skp.lampiran": ("/skp/{skp}/lampiran", {"konsekuensi": "x"}, 403, None),
    "skp.perilaku": ("/skp/{skp}/perilaku", {"berorientasi_pelayanan": "x"}, 403, None),
    "skp.pejabat": ("/skp/{skp}/pejabat", {"nip_penilai": NIP["kadis"], "alasan": "x"}, 403, None),
    "skp.kunci": ("/skp/{skp}/kunci", {"buka": "1", "alasan": "x"}, 403, None),
    "skp.salin": ("/skp/{skp}/salin", {}, 403, None),
    "skp.rhk_tambah": ("/skp/{skp}/rhk", {"jenis": "utama", "uraian": "x"}, 403, None),
    "skp.rhk_ubah": ("/skp/{skp}/rhk/{rhk}", {"uraian": "x"}, 403, None),
    "skp.rhk_hapus": ("/skp/{skp}/rhk/{rhk}/hapus", {}, 403, None),
    "skp.rhk_geser": ("/skp/{skp}/rhk/{rhk}/geser", {"arah": "naik"}, 403, None),
    "skp.iki_tambah": ("/skp/{skp}/rhk/{rhk}/iki", {"indikator": "x"}, 403, None),
    "skp.iki_ubah": ("/skp/{skp}/iki/{iki}", {"indikator": "x"}, 403, None),
    "skp.iki_hapus": ("/skp/{skp}/iki/{iki}/hapus", {}, 403, None),
    "skp.bagikan": ("/tim/rhk/{rhk}/bagikan", {"bawahan": "1"}, 403, None),
    "skp.ekspektasi_tim": ("/tim/ekspektasi", {"tahun": "2026"}, 403, None),
    "penilaian.periode_simpan": ("/skp/{skp}/kinerja/4", {"nilai-{iki}": "5"}, 403, None),
    "penilaian.realisasi_simpan": ("/skp/{skp}/kinerja/4/iki/{iki}", {"nilai": "5"}, 403, None),
    "penilaian.evaluasi_diri": ("/skp/{skp}/kinerja/4/diri", {}, 403, None),
    "penilaian.diri_ajukan": ("/skp/{skp}/kinerja/4/diri/ajukan", {}, 403, None),
    "penilaian.bukti_unggah": ("/skp/{skp}/kinerja/4/iki/{iki}/bukti", {}, 403, None),
    "penilaian.bukti_tautan": ("/skp/{skp}/kinerja/4/iki/{iki}/tautan", {"tautan": "https://a.id"}, 403, None),
    "penilaian.bukti_hapus": ("/skp/{skp}/kinerja/4/bukti/{bukti}/hapus", {}, 403, None),
    "penilaian.nilai": ("/penilaian/{ev}", {"rating_hasil": "di_atas"}, 403, None),
    "penilaian.nilai_periode": ("/penilaian/skp/{skp}/3", {"rating_hasil": "di_atas"}, 403, None),
    "penilaian.keberatan": ("/penilaian/{ev}/keberatan", {"alasan": "x"}, 403, None),
    "penilaian.keberatan_tanggapan": ("/keberatan/{keberatan}/tanggapan", {"tanggapan_penilai": "x"}, 403, None),
    "penilaian.keberatan_putus": ("/keberatan/{keberatan}", {"keputusan": "tetap", "yakin": "y"}, 403, None),
    "penilaian.pembinaan": ("/penilaian/{ev}/pembinaan", {"jenis": "bimbingan"}, 403, None),
    "penilaian.pembinaan_catatan": ("/pembinaan/{pembinaan}/catatan", {"teks": "x"}, 403, None),
    "penilaian.pembinaan_selesai": ("/pembinaan/{pembinaan}/selesai", {}, 403, None),
    "penilaian.frasa": ("/penilaian/frasa", {"aksi": "hapus", "frasa_id": "{frasa}"}, 403, None),
    "penilaian.distribusi": ("/unit/{disdik}/kinerja", {"predikat": "baik"}, 403, None),
    "akses_tim.sandi_anggota": ("/tim/anggota/{staf}/sandi", {}, 404, None),  # not a report of theirs
    "admin.pegawai_baru": ("/admin/pegawai/baru", {"nama": "x"}, 403, None),
    "admin.pegawai_ubah": ("/admin/pegawai/{staf}/ubah", {"nama": "x"}, 403, None),
    "admin.pegawai_aktif": ("/admin/pegawai/{staf}/aktif", {"aktif": "0"}, 403, None),
    "admin.pegawai_reset_sandi": ("/admin/pegawai/{staf}/sandi", {}, 403, None),
    "admin.pegawai_peran": ("/admin/pegawai/{staf}/peran", {"peran": "admin", "unit": "{disdik}",
                                                           "alasan": "x"}, 403, None),
    "admin.lembar_sandi": ("/admin/lembar-sandi?unit={disdik}", {"pegawai": "{staf}"}, 403, None),
    "admin.impor": ("/admin/impor", {}, 403, None),
    "admin.impor_terapkan": ("/admin/impor/1/terapkan", {}, 403, None),
    "admin.unit_baru": ("/admin/unit/baru", {"nama": "x"}, 403, None),
    "admin.unit_ubah": ("/admin/unit/{disdik}/ubah", {"nama": "x"}, 403, None),
    "admin.unit_aktif": ("/admin/unit/{disdik}/aktif", {"aktif": "0"}, 403, None),
    "admin.periode_baru": ("/admin/periode/baru", {"tahun": "2030"}, 403, None),
    "admin.periode_ubah": ("/admin/periode/1/ubah", {"tahun": "2030"}, 403, None),
    "admin.periode_status": ("/admin/periode/1/status", {"status": "ditutup"}, 403, None),
    # Citizens' forms, open to anyone; Disdik serves no public service here, so nothing to answer.
    "publik.survei": ("/warga/DISDIK/survei", {"u1": "4"}, 404, None),
    "publik.pengaduan": ("/warga/DISDIK/pengaduan", {"isi": "x"}, 404, None),
    "auth.ganti_sandi": ("/akun/sandi", {}, 422, "milik"),  # one's own password; nothing typed
    "auth.perangkat_keluar": ("/akun/perangkat/{sesi_lain}/keluar", {}, 404, None),  # another's device
    "auth.perangkat_keluar_lain": ("/akun/perangkat/keluar-lain", {}, 303, "milik"),
    # Suara warga, staff side: a pemantau manages no catalogue, serves no service, handles no complaint.
    "warga.katalog_baru": ("/unit/{disdik}/layanan/baru", {"nama": "x", "standar_menit": "5"}, 403, None),
    "warga.katalog_ubah": ("/layanan/999999/ubah", {"nama": "x"}, 404, None),
    "warga.buku_baru": ("/buku-layanan/baru", {"layanan": "1", "hasil": "selesai"}, 403, None),
    "warga.buku_selesai": ("/buku-layanan/999999/selesai", {"hasil": "selesai"}, 404, None),
    "warga.respon_batalkan": ("/survei/999999/batalkan", {"alasan": "x"}, 404, None),
    "warga.pengaduan_detail": ("/pengaduan/999999", {"status": "selesai", "jawaban": "x"}, 404, None),
    "warga.pengaduan_batalkan": ("/pengaduan/999999/batalkan", {"alasan": "x"}, 404, None),
}
# Signing in and out change only the session itself (tests/test_auth.py).
TANPA_KIRIM = {"auth.login", "auth.logout"}
TANPA_CATATAN = ("sesi", "gagal_masuk")  # touched by any signed-in request or login
# The rows of one's own account an own-account route may write: its history
# (by them, about them) and its idempotency keys.
MILIK = {"riwayat": ("aktor_id", "objek_id"), "pengajuan": ("pegawai_id",)}


def post_endpoint(app):
    return {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}


def isi_basis_data(kecuali_aktor=None):
    """Every row of every table but sessions and login attempts, sorted: the
    whole state a refused POST must leave as it was. With `kecuali_aktor`,
    that person's own rows (MILIK) are left out."""
    out = {}
    for tabel in sorted(database.get_tables()):
        if tabel in TANPA_CATATAN:
            continue
        baris = database.execute_sql(f'SELECT * FROM "{tabel}"').fetchall()
        if tabel in MILIK and kecuali_aktor is not None:
            kolom = [c.name for c in database.get_columns(tabel)]
            i = [kolom.index(k) for k in MILIK[tabel]]
            baris = [b for b in baris if any(b[j] != kecuali_aktor for j in i)]
        out[tabel] = sorted(map(repr, baris))
    return out


def test_daftar_post_mencakup_setiap_rute_aplikasi(app):
    # A new POST route must be added to POST (with what a pemantau gets) first.
    assert post_endpoint(app) - TANPA_KIRIM == set(POST), (
        "rute POST tanpa pemeriksaan pemantau: " + ", ".join(sorted(post_endpoint(app) - TANPA_KIRIM - set(POST)))
        + "; tidak ada lagi: " + ", ".join(sorted(set(POST) - post_endpoint(app))))


def test_pemantau_ditolak_di_setiap_post_dan_basis_data_tetap(app, client, auth, org, pemantau, dokumen):
    p = org["pegawai"]
    lain = app.test_client()  # the staf signed in elsewhere: a device that is not the pemantau's
    kirim(lain, "/login", {"nip": NIP["staf"], "password": SANDI})
    with database:
        sesi_lain = Sesi.select(Sesi.id).where(Sesi.pegawai == p["staf"].id).scalar()
    d = dict(dokumen, staf=p["staf"].id, disdik=org["unit"]["disdik"].id, sesi_lain=sesi_lain)
    auth.login(pemantau.nip)
    token = csrf_token(client, "/")
    salah = []
    for endpoint, (url, data, status, jenis) in sorted(POST.items()):
        url = _isi(url, d)
        data = {_isi(k, d): _isi(v, d) for k, v in data.items()}
        data.update(csrf_token=token, submission_id=str(uuid.uuid4()), version="1")
        with database:
            sebelum = isi_basis_data(pemantau.id if jenis == "milik" else None)
        r = client.post(url, data=data)
        with database:
            sesudah = isi_basis_data(pemantau.id if jenis == "milik" else None)
        if r.status_code != status:
            salah.append(f"{endpoint} {url}: {r.status_code}, bukan {status}")
        berubah = [t for t in sebelum if sebelum[t] != sesudah.get(t)]
        if berubah:
            salah.append(f"{endpoint} {url}: tabel berubah {berubah}")
    assert salah == [], "\n".join(salah)
    # Still signed in, still reading: nothing above signed the pemantau out.
    assert client.get(f"/skp/{dokumen['skp']}").status_code == 200


# ---------------------------------------------------------------- the pemantau's own account

@pytest.mark.parametrize("lingkup,boleh", [("pemkot", False), ("disdik", False), ("bidang_sd", True)])
def test_admin_opd_hanya_mengatur_akun_pemantau_yang_lebih_sempit(client, auth, org, lingkup, boleh):
    # Whoever resets a pemantau's password reads what it reads: the Disdik
    # admin may not take over a pemantau reading the dinas or the whole city.
    kasi = org["pegawai"]["kasi"]
    jadikan_pemantau(kasi, org["unit"][lingkup])
    auth.login("admin_disdik")
    r = kirim(client, f"/admin/pegawai/{kasi.id}/sandi", {}, token_from="/")
    assert r.status_code == (200 if boleh else 403)
    with database:
        versi = Pegawai.get_by_id(kasi.id).version
    r = kirim(client, f"/admin/pegawai/{kasi.id}/aktif", {"aktif": "0", "version": versi}, token_from="/")
    assert r.status_code == (303 if boleh else 403)
    with database:
        assert Pegawai.get_by_id(kasi.id).aktif is not boleh
    # The superadmin may always; the atasan never (an account with more than a pegawai's role).
    assert client.get(f"/admin/pegawai/{kasi.id}").status_code == 200
    auth.logout()
    auth.login("kabid")
    assert client.get(f"/tim/anggota/{kasi.id}/sandi").status_code in (403, 404)


# ---------------------------------------------------------------- the demo city

@pytest.fixture(scope="module")
def kota_demo(tmp_path_factory, _db_termigrasi):
    from tests.conftest import kota_demo_sekali
    with kota_demo_sekali(tmp_path_factory, _db_termigrasi, "pemantau") as kota:
        yield kota


def test_pemantau_demo_membaca_dinas_kesehatan_saja(kota_demo):
    from kinerja.seed import DEMO_PEGAWAI, DEMO_SANDI
    app, akun = kota_demo
    nip = {row[0]: row[4] for row in DEMO_PEGAWAI}
    with app.app_context(), database:
        def skp(key, tahun):
            return (Skp.select(Skp.id).join(Periode).switch(Skp).join(Pegawai)
                    .where((Pegawai.nip == nip[key]) & (Periode.tahun == tahun)).scalar())
        nur_2025, kadisdik_2026 = skp("data_kesga", 2025), skp("kadisdik", 2026)
    client = app.test_client()
    assert kirim(client, "/login", {"nip": akun["pemantau"], "password": DEMO_SANDI}).status_code == 303
    assert Halaman(client.get("/")).teks(".kepala .peran") == "Pemantau"
    h = Halaman(client.get(f"/skp/{nur_2025}/kinerja/4"))  # Nur Aisyah's final annual result, 2025
    assert "Hasil penilaian tahunan" in h.teks("main") and "Hanya baca." in h.teks("main")
    assert client.get(f"/skp/{kadisdik_2026}").status_code == 403  # the Dinas Pendidikan: outside
    assert client.get("/admin/pegawai").status_code == 403
