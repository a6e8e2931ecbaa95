"""Admin pegawai: list/search/paging, create, edit, conflicts, scope, reset."""
import re

import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Riwayat, Unit
from tests.conftest import NIP, hitung_kueri, kirim, teks
from tests.halaman import Halaman, teks_dari

BARU = "199105052019031009"


def data_baru(org, **over):
    d = {"nip": BARU, "nama": "Andi Nasution", "jabatan": "Pengadministrasi Umum",
         "jenis_jabatan": "pelaksana", "jenis_asn": "pns",
         "unit": str(org["unit"]["bidang_sd"].id), "nip_atasan": NIP["kasi"]}
    d.update(over)
    return d


def jumlah_pegawai():
    with database:
        return Pegawai.select().count()


def nama_di_tabel(h):
    """The names in the pegawai table, in order."""
    return [teks_dari(a) for a in h.pilih("table td:first-child > a")]


def test_daftar_dicari_menurut_nama_dan_nip(client, auth, org):
    auth.login("superadmin")
    h = Halaman(client.get("/admin/pegawai?q=marpaung"))
    assert nama_di_tabel(h) == ["Rina Marpaung"] and "Ahmad Siregar" not in h.teks()
    h = Halaman(client.get("/admin/pegawai?q=19850303"))
    assert nama_di_tabel(h) == ["Budi Santoso"] and "Rina Marpaung" not in h.teks()


def test_daftar_htmx_menjawab_fragmen(client, auth, org):
    auth.login("superadmin")
    r = client.get("/admin/pegawai?q=rina", headers={"HX-Request": "true"})
    html = teks(r)
    assert nama_di_tabel(Halaman(html)) == ["Rina Marpaung"] and "<html" not in html
    assert "HX-Request" in r.headers["Vary"]


def test_daftar_berhalaman(client, auth, org, app):
    app.config["PAGE_SIZE"] = 3
    auth.login("superadmin")
    assert "Halaman 1 dari 3" in Halaman(client.get("/admin/pegawai")).teks()
    assert "Halaman 3 dari 3" in Halaman(client.get("/admin/pegawai?hal=3")).teks()
    assert client.get("/admin/pegawai?hal=abc").status_code == 200  # bad page -> first page


def test_admin_berlingkup_hanya_melihat_opd_sendiri(client, auth, org):
    auth.login("admin_disdik")
    h = Halaman(client.get("/admin/pegawai"))
    assert "Rina Marpaung" in nama_di_tabel(h) and "Maya Sari" not in h.teks()
    other = org["pegawai"]["staf_dinkes"].id
    assert client.get(f"/admin/pegawai/{other}").status_code == 403
    assert client.get(f"/admin/pegawai/{other}/ubah").status_code == 403
    r = kirim(client, f"/admin/pegawai/{other}/ubah", {"nama": "X"}, token_from="/")
    assert r.status_code == 403
    r = kirim(client, f"/admin/pegawai/{other}/sandi", token_from="/")
    assert r.status_code == 403
    with database:
        assert Pegawai.get_by_id(other).nama == "Maya Sari"


def _baris_tabel(html):
    """(nama, unit, atasan) of each row of the pegawai table."""
    return [(teks_dari(tr.cssselect("td:first-child > a")[0]),
             teks_dari(tr.cssselect('td[data-label="Unit"]')[0]),
             teks_dari(tr.cssselect('td[data-label="Atasan"]')[0]))
            for tr in Halaman(html).pilih("table tbody tr")]


@pytest.mark.parametrize("siapa", ["superadmin", "admin_disdik"])
def test_kueri_daftar_tidak_bertambah_dengan_baris(client, auth, org, app, siapa, hitung_tiap_halaman):
    """The unit and atasan names come with the page's one query: 2 rows or
    25 cost the same queries, and no whole pegawai row (password hash
    included) is loaded but the signed-in user's."""
    app.config["PAGE_SIZE"] = 25
    auth.login(siapa)
    with hitung_kueri() as sedikit:
        html = teks(client.get("/admin/pegawai?q=rina"))
    assert _baris_tabel(html) == [("Rina Marpaung", "Bidang Pembinaan SD", "Budi Santoso")]
    with database:
        for i in range(22):
            Pegawai.create(nip=f"19900101201501{i:04d}", nama=f"Rina Uji {i:02d}", jabatan="Pelaksana",
                           jenis_jabatan="pelaksana", unit=org["unit"]["bidang_sd"],
                           atasan=org["pegawai"]["kasi"] if i % 2 else None)
    with hitung_kueri() as banyak:
        html = teks(client.get("/admin/pegawai?q=rina"))
    baris = _baris_tabel(html)
    assert len(baris) == 23 and ("Rina Uji 00", "Bidang Pembinaan SD", "\u2013") in baris
    assert ("Rina Uji 01", "Bidang Pembinaan SD", "Budi Santoso") in baris
    assert len(banyak) == len(sedikit), banyak
    assert len([q for q in banyak if '"password_hash"' in q]) == 1, banyak


def test_pegawai_tidak_bisa_membuka_admin(client, auth, org):
    auth.login("staf")
    for url in ("/admin/pegawai", "/admin/pegawai/baru", "/admin/unit", "/admin/periode",
                f"/admin/pegawai/{org['pegawai']['staf'].id}"):
        assert client.get(url).status_code == 403, url


def test_membuat_pegawai(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/pegawai/baru", data_baru(org), token_from="/admin/pegawai/baru")
    assert r.status_code == 303
    with database:
        p = Pegawai.get(Pegawai.nip == BARU)
        assert p.atasan.nip == NIP["kasi"] and p.password_hash is None
        assert Riwayat.get(Riwayat.objek == "pegawai", Riwayat.objek_id == p.id).aksi == "dibuat"
    assert Halaman(client.get(r.headers["Location"])).judul().startswith("Andi Nasution")


def test_kiriman_sama_dua_kali_membuat_satu(client, auth, org):
    auth.login("admin_disdik")
    n = jumlah_pegawai()
    r1 = kirim(client, "/admin/pegawai/baru", data_baru(org), submission_id="kunci-sama-0001",
               token_from="/admin/pegawai/baru")
    r2 = kirim(client, "/admin/pegawai/baru", data_baru(org), submission_id="kunci-sama-0001",
               token_from="/admin/pegawai/baru")
    assert r1.status_code == r2.status_code == 303
    assert r1.headers["Location"] == r2.headers["Location"]
    assert jumlah_pegawai() == n + 1
    r3 = kirim(client, "/admin/pegawai/baru", data_baru(org, nama="Lain"), submission_id="kunci-sama-0001",
               token_from="/admin/pegawai/baru")
    assert r3.status_code == 409 and "isian yang berbeda" in Halaman(r3).teks()
    assert jumlah_pegawai() == n + 1


@pytest.mark.parametrize("over,pesan", [
    ({"nip": "12345"}, "NIP harus 18 angka"),
    ({"nip": "198613262015051001"}, "Tanggal lahir pada NIP"),
    ({"nip": NIP["staf"]}, "NIP sudah terdaftar"),
    ({"nama": ""}, "Nama wajib diisi."),
    ({"nip_atasan": "199901012020011999"}, "Atasan dengan NIP ini tidak ditemukan."),
    ({"unit": "999999"}, "Pilihan tidak valid."),
    ({"unit": "abc"}, "Pilihan tidak valid."),
    ({"jenis_jabatan": "raja"}, "Pilihan tidak valid."),
])
def test_membuat_dengan_isian_salah(client, auth, org, over, pesan):
    auth.login("admin_disdik")
    n = jumlah_pegawai()
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, **over), token_from="/admin/pegawai/baru")
    assert r.status_code == 422
    h = Halaman(r)
    assert [g for g in h.galat() if pesan in g]  # named in the summary at the top
    assert h.teks(".galat-ringkas h2") == "Periksa isian berikut"
    assert h.isian("jabatan").value == "Pengadministrasi Umum"  # typed values kept
    assert jumlah_pegawai() == n


def test_membuat_di_unit_luar_lingkup_ditolak(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, unit=str(org["unit"]["dinkes"].id)),
              token_from="/admin/pegawai/baru")
    assert r.status_code == 422
    with database:
        assert not Pegawai.select().where(Pegawai.nip == BARU).exists()


def test_ubah_yang_membuat_siklus_ditolak(client, auth, org):
    auth.login("superadmin")
    kabid = org["pegawai"]["kabid"]
    data = data_baru(org, nip=NIP["kabid"], nama=kabid.nama, jabatan=kabid.jabatan,
                     jenis_jabatan="administrator", nip_atasan=NIP["staf"], version="1")
    r = kirim(client, f"/admin/pegawai/{kabid.id}/ubah", data, token_from="/")
    assert r.status_code == 422
    assert "atasan akan berputar" in Halaman(r).teks_galat()
    r = kirim(client, f"/admin/pegawai/{kabid.id}/ubah", dict(data, nip_atasan=NIP["kabid"]), token_from="/")
    assert "atasan dirinya sendiri" in Halaman(r).teks_galat()
    with database:
        assert Pegawai.get_by_id(kabid.id).atasan_id == org["pegawai"]["kadis"].id


def test_ubah_basi_mendapat_konflik_dan_tidak_menimpa(client, auth, org):
    auth.login("superadmin")
    staf = org["pegawai"]["staf"]
    base = data_baru(org, nip=NIP["staf"], nama=staf.nama, version="1")
    r = kirim(client, f"/admin/pegawai/{staf.id}/ubah", dict(base, jabatan="Jabatan A"), token_from="/")
    assert r.status_code == 303
    r = kirim(client, f"/admin/pegawai/{staf.id}/ubah", dict(base, jabatan="Jabatan B"), token_from="/")
    assert r.status_code == 409
    h = Halaman(r)
    assert h.teks(".galat-ringkas h2") == "Data ini sudah berubah"
    assert ["Jabatan", "Jabatan B", "Jabatan A"] in h.tabel(".galat-ringkas table")
    with database:
        assert Pegawai.get_by_id(staf.id).jabatan == "Jabatan A"
    # resubmitting the conflict form (now carrying the fresh version) overwrites on purpose
    r = kirim(client, f"/admin/pegawai/{staf.id}/ubah", dict(base, jabatan="Jabatan B", version="2"),
              token_from="/")
    assert r.status_code == 303
    with database:
        assert Pegawai.get_by_id(staf.id).jabatan == "Jabatan B"


def test_menonaktifkan_menghalangi_masuk(client, auth, org, app):
    auth.login("admin_disdik")
    staf = org["pegawai"]["staf"]
    r = kirim(client, f"/admin/pegawai/{staf.id}/aktif", {"aktif": "0", "version": "1"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert not Pegawai.get_by_id(staf.id).aktif
    other = app.test_client()
    assert kirim(other, "/login", {"nip": NIP["staf"], "password": "rahasia123"}).status_code == 401


def test_atur_ulang_sandi_tampil_sekali_dan_wajib_ganti(client, auth, org, app):
    auth.login("admin_disdik")
    staf = org["pegawai"]["staf"]
    r = kirim(client, f"/admin/pegawai/{staf.id}/sandi", token_from="/", submission_id="reset-kunci-01")
    # The password is in this answer only: never stored, not in the (readable) session cookie.
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    sandi = Halaman(r).teks("p.sandi")
    assert re.fullmatch("[a-z0-9]+", sandi)
    assert all(sandi not in c for c in r.headers.getlist("Set-Cookie"))
    assert "sudah ditampilkan" in Halaman(client.get(f"/admin/pegawai/{staf.id}/sandi-sementara")).teks()
    with database:
        assert Pegawai.get_by_id(staf.id).wajib_ganti_sandi
        assert Riwayat.select().where((Riwayat.objek == "pegawai") & (Riwayat.objek_id == staf.id)
                                      & (Riwayat.aksi == "sandi_diatur_ulang")).count() == 1
    # a replayed reset does not make another password
    r2 = kirim(client, f"/admin/pegawai/{staf.id}/sandi", token_from="/", submission_id="reset-kunci-01")
    assert r2.status_code == 200 and sandi not in teks(r2) and "sudah dibuat pada" in Halaman(r2).teks()
    other = app.test_client()
    assert kirim(other, "/login", {"nip": NIP["staf"], "password": sandi}).status_code == 303
    assert other.get("/").headers["Location"].endswith("/akun/sandi")


def test_detail_meloloskan_html(client, auth, org):
    with database:
        Pegawai.update(jabatan="<script>alert(1)</script>").where(Pegawai.nip == NIP["staf"]).execute()
    auth.login("superadmin")
    h = Halaman(client.get(f"/admin/pegawai/{org['pegawai']['staf'].id}"))
    assert "<script>alert(1)</script>" not in h.html and "<script>alert(1)</script>" in h.teks()


# ---------------------------------------------------------------- jenis jabatan and the atasan search

def test_jenis_jabatan_tanpa_bawaan_dan_wajib_dipilih(client, auth, org):
    auth.login("admin_disdik")
    pilihan = Halaman(client.get("/admin/pegawai/baru")).isian("jenis_jabatan")
    assert pilihan.opsi()[0][0] == "" and pilihan.opsi()[0][1].startswith("Pilih jenis jabatan")
    assert not [o for o in pilihan.opsi() if o[2]] and pilihan.required
    n = jumlah_pegawai()
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, jenis_jabatan=""), token_from="/admin/pegawai/baru")
    h = Halaman(r)
    assert r.status_code == 422 and "Jenis jabatan wajib dipilih." in h.teks_galat()
    assert h.isian("nama").value == "Andi Nasution" and jumlah_pegawai() == n
    # editing keeps the stored kind (the kabid: the kadis, head of the dinas, is the superadmin's to edit)
    pilihan = Halaman(client.get(f"/admin/pegawai/{org['pegawai']['kabid'].id}/ubah")).isian("jenis_jabatan")
    assert [o[0] for o in pilihan.opsi() if o[2]] == ["administrator"]


def test_atasan_dengan_nama_satu_cocok(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, nip_atasan="budi santoso"),
              token_from="/admin/pegawai/baru")
    assert r.status_code == 303
    with database:
        assert Pegawai.get(Pegawai.nip == BARU).atasan_id == org["pegawai"]["kasi"].id


def test_atasan_dengan_nama_banyak_cocok_lalu_dipilih(client, auth, org):
    with database:
        lain = Pegawai.create(nip="199303032019031010", nama="Budi Harahap", jabatan="Kepala Seksi Sarpras",
                              jenis_jabatan="pengawas", unit=org["unit"]["bidang_sd"])
    auth.login("admin_disdik")
    n = jumlah_pegawai()
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, nip_atasan="Budi"), token_from="/admin/pegawai/baru")
    assert r.status_code == 422
    h = Halaman(r)
    assert "2 pegawai cocok dengan “Budi”" in h.teks_galat() and h.isian("nip_atasan").value == "Budi"
    assert h.isian("jabatan").value == "Pengadministrasi Umum" and jumlah_pegawai() == n
    pilih = h.pilih('input[type="radio"][name="atasan_pilih"]')
    assert {int(el.get("value")) for el in pilih} == {lain.id, org["pegawai"]["kasi"].id}
    assert not [el for el in pilih if el.get("checked") is not None]
    assert "Pilih atasan yang dimaksud" in [teks_dari(el) for el in h.pilih("legend")]
    # a pick that is not among the matches (tampered) is not taken
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, nip_atasan="Budi",
                                                       atasan_pilih=str(org["pegawai"]["kadinkes"].id)),
              token_from="/admin/pegawai/baru")
    assert r.status_code == 422
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, nip_atasan="Budi", atasan_pilih=str(lain.id)),
              token_from="/admin/pegawai/baru")
    assert r.status_code == 303
    with database:
        assert Pegawai.get(Pegawai.nip == BARU).atasan_id == lain.id


@pytest.mark.parametrize("kata", ["Tidak Ada Orangnya", "Hendra Lubis"])  # nobody; someone in another OPD
def test_atasan_dengan_nama_tidak_cocok(client, auth, org, kata):
    auth.login("admin_disdik")
    n = jumlah_pegawai()
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, nip_atasan=kata), token_from="/admin/pegawai/baru")
    assert r.status_code == 422
    h = Halaman(r)
    assert f"Tidak ada pegawai aktif bernama “{kata}” dalam wewenang Anda" in h.teks_galat()
    assert h.isian("nip_atasan").value == kata and h.isian("nama").value == "Andi Nasution"
    assert jumlah_pegawai() == n


def test_atasan_di_luar_wewenang_tetap_bisa_dengan_nip(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, nip_atasan=NIP["kadinkes"]),
              token_from="/admin/pegawai/baru")
    assert r.status_code == 303


def test_saran_atasan_hanya_dalam_wewenang(client, auth, org):
    auth.login("admin_disdik")
    html = teks(client.get("/admin/pegawai/atasan?nip_atasan=Bu", headers={"HX-Request": "true"}))
    saran = [(o.get("value"), teks_dari(o)) for o in Halaman(html).pilih("option")]
    assert [(v, t) for v, t in saran if v == NIP["kasi"] and t.startswith("Budi Santoso")] and "<html" not in html
    assert not Halaman(client.get("/admin/pegawai/atasan?nip_atasan=Maya")).pilih("option")  # Dinkes
    assert not Halaman(client.get("/admin/pegawai/atasan?nip_atasan=B")).pilih("option")  # too short
    assert client.get("/admin/pegawai/atasan?nip_atasan=" + "x" * 101).status_code == 400
    atasan = Halaman(client.get("/admin/pegawai/baru")).isian("nip_atasan")
    assert atasan.get("hx-get") == "/admin/pegawai/atasan" and atasan.get("list") == "atasan-saran"
    auth.logout()
    auth.login("staf")
    assert client.get("/admin/pegawai/atasan?nip_atasan=Budi").status_code == 403


def test_nip_tahun_tmt_0000_ditolak_bukan_500(client, auth, org):
    auth.login("admin_disdik")
    data = dict(data_baru(org), nip="199001010000011001")
    r = kirim(client, "/admin/pegawai/baru", data, token_from="/admin/pegawai/baru")
    h = Halaman(r)
    assert r.status_code == 422 and "TMT CPNS pada NIP harus sesudah tanggal lahir" in h.teks_galat()
    assert h.isian("nip").value == "199001010000011001"
    with database:
        assert not Pegawai.select().where(Pegawai.nip == "199001010000011001").exists()


@pytest.mark.parametrize("status", ["aktif", "semua", "nonaktif"])
def test_daftar_berlingkup_tidak_memuat_unit_berawalan_sama(client, auth, org, status):
    """The stored list query of a scoped admin: a unit whose path begins with
    the same digits ("/1/3/" and "/1/30/") lies between the path and its
    ujung_subpohon, and is still not in scope, in the rows and in the count."""
    disdik = org["unit"]["disdik"]
    with database:
        tetangga = Unit.create(nama="Dinas Tetangga", kode="TETANGGA", jenis="dinas",
                               induk=org["unit"]["pemkot"], path="x")
        Unit.update(path=disdik.path[:-1] + "0/").where(Unit.id == tetangga.id).execute()
        Pegawai.create(nip="199202022020121002", nama="Orang Tetangga", jabatan="Staf", jenis_jabatan="pelaksana",
                       unit=tetangga, aktif=status != "nonaktif")
        Pegawai.update(aktif=False).where(Pegawai.id == org["pegawai"]["staf"].id).execute()
        di_disdik = (Pegawai.select().join(Unit).where(Unit.path.startswith(disdik.path)
                                                       & (Pegawai.aktif == (status != "nonaktif")
                                                          if status != "semua" else True)).count())
    auth.login("admin_disdik")
    h = Halaman(client.get(f"/admin/pegawai?status={status}"))
    assert "Orang Tetangga" not in h.teks()
    assert f"{di_disdik} pegawai" in h.teks() and di_disdik > 0
    auth.logout()
    auth.login("superadmin")
    assert "Orang Tetangga" in Halaman(client.get(f"/admin/pegawai?status={status}&q=Tetangga")).teks()
