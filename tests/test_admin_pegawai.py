"""Admin pegawai: list/search/paging, create, edit, conflicts, scope, reset."""
import re
from html import unescape

import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Riwayat
from tests.conftest import NIP, hitung_kueri, kirim, teks

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


def test_list_search_by_name_and_nip(client, auth, org):
    auth.login("superadmin")
    html = teks(client.get("/admin/pegawai?q=marpaung"))
    assert "Rina Marpaung" in html and "Ahmad Siregar" not in html
    html = teks(client.get("/admin/pegawai?q=19850303"))
    assert "Budi Santoso" in html and "Rina Marpaung" not in html


def test_list_htmx_returns_fragment(client, auth, org):
    auth.login("superadmin")
    r = client.get("/admin/pegawai?q=rina", headers={"HX-Request": "true"})
    html = teks(r)
    assert "Rina Marpaung" in html and "<html" not in html
    assert "HX-Request" in r.headers["Vary"]


def test_list_paging(client, auth, org, app):
    app.config["PAGE_SIZE"] = 3
    auth.login("superadmin")
    html = teks(client.get("/admin/pegawai"))
    assert "Halaman 1 dari 3" in html
    html = teks(client.get("/admin/pegawai?hal=3"))
    assert "Halaman 3 dari 3" in html
    assert client.get("/admin/pegawai?hal=abc").status_code == 200  # bad page -> first page


def test_scoped_admin_sees_only_own_opd(client, auth, org):
    auth.login("admin_disdik")
    html = teks(client.get("/admin/pegawai"))
    assert "Rina Marpaung" in html and "Maya Sari" not in html
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
    return [tuple(unescape(re.sub(r"<[^>]+>", "", sel)).strip() for sel in (a, b, c)) for a, b, c in re.findall(
        r'<td><a href="/admin/pegawai/\d+">([^<]*)</a>.*?<td data-label="Unit">(.*?)</td>\s*'
        r'<td data-label="Atasan">(.*?)</td>', html, re.S)]


@pytest.mark.parametrize("siapa", ["superadmin", "admin_disdik"])
def test_list_queries_do_not_grow_with_rows(client, auth, org, app, siapa):
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


def test_pegawai_cannot_reach_admin(client, auth, org):
    auth.login("staf")
    for url in ("/admin/pegawai", "/admin/pegawai/baru", "/admin/unit", "/admin/periode",
                f"/admin/pegawai/{org['pegawai']['staf'].id}"):
        assert client.get(url).status_code == 403, url


def test_create_pegawai(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/pegawai/baru", data_baru(org), token_from="/admin/pegawai/baru")
    assert r.status_code == 303
    with database:
        p = Pegawai.get(Pegawai.nip == BARU)
        assert p.atasan.nip == NIP["kasi"] and p.password_hash is None
        assert Riwayat.get(Riwayat.objek == "pegawai", Riwayat.objek_id == p.id).aksi == "dibuat"
    assert "Andi Nasution" in teks(client.get(r.headers["Location"]))


def test_create_twice_with_same_submission_creates_one(client, auth, org):
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
    assert r3.status_code == 409 and "isian yang berbeda" in teks(r3)
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
def test_create_bad_input(client, auth, org, over, pesan):
    auth.login("admin_disdik")
    n = jumlah_pegawai()
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, **over), token_from="/admin/pegawai/baru")
    assert r.status_code == 422
    html = teks(r)
    assert pesan in html
    assert "Periksa isian berikut" in html
    assert 'value="Pengadministrasi Umum"' in html  # typed values kept
    assert jumlah_pegawai() == n


def test_create_in_unit_outside_scope_refused(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, unit=str(org["unit"]["dinkes"].id)),
              token_from="/admin/pegawai/baru")
    assert r.status_code == 422
    with database:
        assert not Pegawai.select().where(Pegawai.nip == BARU).exists()


def test_edit_rejects_cycle(client, auth, org):
    auth.login("superadmin")
    kabid = org["pegawai"]["kabid"]
    data = data_baru(org, nip=NIP["kabid"], nama=kabid.nama, jabatan=kabid.jabatan,
                     jenis_jabatan="administrator", nip_atasan=NIP["staf"], version="1")
    r = kirim(client, f"/admin/pegawai/{kabid.id}/ubah", data, token_from="/")
    assert r.status_code == 422
    assert "atasan akan berputar" in teks(r)
    r = kirim(client, f"/admin/pegawai/{kabid.id}/ubah", dict(data, nip_atasan=NIP["kabid"]), token_from="/")
    assert "atasan dirinya sendiri" in teks(r)
    with database:
        assert Pegawai.get_by_id(kabid.id).atasan_id == org["pegawai"]["kadis"].id


def test_stale_edit_gets_conflict_and_overwrites_nothing(client, auth, org):
    auth.login("superadmin")
    staf = org["pegawai"]["staf"]
    base = data_baru(org, nip=NIP["staf"], nama=staf.nama, version="1")
    r = kirim(client, f"/admin/pegawai/{staf.id}/ubah", dict(base, jabatan="Jabatan A"), token_from="/")
    assert r.status_code == 303
    r = kirim(client, f"/admin/pegawai/{staf.id}/ubah", dict(base, jabatan="Jabatan B"), token_from="/")
    assert r.status_code == 409
    html = teks(r)
    assert "Data ini sudah berubah" in html and "Jabatan A" in html and "Jabatan B" in html
    with database:
        assert Pegawai.get_by_id(staf.id).jabatan == "Jabatan A"
    # resubmitting the conflict form (now carrying the fresh version) overwrites on purpose
    r = kirim(client, f"/admin/pegawai/{staf.id}/ubah", dict(base, jabatan="Jabatan B", version="2"),
              token_from="/")
    assert r.status_code == 303
    with database:
        assert Pegawai.get_by_id(staf.id).jabatan == "Jabatan B"


def test_deactivate_blocks_login(client, auth, org, app):
    auth.login("admin_disdik")
    staf = org["pegawai"]["staf"]
    r = kirim(client, f"/admin/pegawai/{staf.id}/aktif", {"aktif": "0", "version": "1"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert not Pegawai.get_by_id(staf.id).aktif
    other = app.test_client()
    assert kirim(other, "/login", {"nip": NIP["staf"], "password": "rahasia123"}).status_code == 401


def test_reset_password_shows_once_and_forces_change(client, auth, org, app):
    auth.login("admin_disdik")
    staf = org["pegawai"]["staf"]
    r = kirim(client, f"/admin/pegawai/{staf.id}/sandi", token_from="/", submission_id="reset-kunci-01")
    # The password is in this answer only: never stored, not in the (readable) session cookie.
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    import re
    sandi = re.search(r'<p class="sandi"[^>]*>([a-z0-9]+)</p>', teks(r)).group(1)
    assert all(sandi not in c for c in r.headers.getlist("Set-Cookie"))
    assert "sudah ditampilkan" in teks(client.get(f"/admin/pegawai/{staf.id}/sandi-sementara"))
    with database:
        assert Pegawai.get_by_id(staf.id).wajib_ganti_sandi
        assert Riwayat.select().where((Riwayat.objek == "pegawai") & (Riwayat.objek_id == staf.id)
                                      & (Riwayat.aksi == "sandi_diatur_ulang")).count() == 1
    # a replayed reset does not make another password
    r2 = kirim(client, f"/admin/pegawai/{staf.id}/sandi", token_from="/", submission_id="reset-kunci-01")
    assert r2.status_code == 200 and sandi not in teks(r2) and "sudah dibuat pada" in teks(r2)
    other = app.test_client()
    assert kirim(other, "/login", {"nip": NIP["staf"], "password": sandi}).status_code == 303
    assert other.get("/").headers["Location"].endswith("/akun/sandi")


def test_detail_escapes_html(client, auth, org):
    with database:
        Pegawai.update(jabatan="<script>alert(1)</script>").where(Pegawai.nip == NIP["staf"]).execute()
    auth.login("superadmin")
    html = teks(client.get(f"/admin/pegawai/{org['pegawai']['staf'].id}"))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


# ---------------------------------------------------------------- jenis jabatan and the atasan search

def test_jenis_jabatan_tanpa_bawaan_dan_wajib_dipilih(client, auth, org):
    auth.login("admin_disdik")
    html = teks(client.get("/admin/pegawai/baru"))
    pilihan = re.search(r'<select[^>]*name="jenis_jabatan".*?</select>', html, re.S).group(0)
    assert re.search(r'<option[^>]*value=""[^>]*>Pilih jenis jabatan', pilihan)
    assert "selected" not in pilihan and "required" in pilihan
    n = jumlah_pegawai()
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, jenis_jabatan=""), token_from="/admin/pegawai/baru")
    assert r.status_code == 422 and "Jenis jabatan wajib dipilih." in teks(r)
    assert 'value="Andi Nasution"' in teks(r) and jumlah_pegawai() == n
    # editing keeps the stored kind
    html = teks(client.get(f"/admin/pegawai/{org['pegawai']['kadis'].id}/ubah"))
    assert re.search(r'<option selected value="jpt">', html)


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
    html = teks(r)
    assert "2 pegawai cocok dengan “Budi”" in html and 'value="Budi"' in html
    assert 'value="Pengadministrasi Umum"' in html and jumlah_pegawai() == n
    pilih = re.findall(r'<input type="radio" name="atasan_pilih" id="[^"]+" value="(\d+)">', html)
    assert set(map(int, pilih)) == {lain.id, org["pegawai"]["kasi"].id}
    assert "<legend>Pilih atasan yang dimaksud</legend>" in html
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
    html = teks(r)
    assert f"Tidak ada pegawai aktif bernama “{kata}” dalam wewenang Anda" in html
    assert f'value="{kata}"' in html and 'value="Andi Nasution"' in html
    assert jumlah_pegawai() == n


def test_atasan_di_luar_wewenang_tetap_bisa_dengan_nip(client, auth, org):
    auth.login("admin_disdik")
    r = kirim(client, "/admin/pegawai/baru", data_baru(org, nip_atasan=NIP["kadinkes"]),
              token_from="/admin/pegawai/baru")
    assert r.status_code == 303


def test_saran_atasan_hanya_dalam_wewenang(client, auth, org):
    auth.login("admin_disdik")
    html = teks(client.get("/admin/pegawai/atasan?nip_atasan=Bu", headers={"HX-Request": "true"}))
    assert f'<option value="{NIP["kasi"]}">Budi Santoso' in html and "<html" not in html
    assert "<option" not in teks(client.get("/admin/pegawai/atasan?nip_atasan=Maya"))  # Dinkes
    assert "<option" not in teks(client.get("/admin/pegawai/atasan?nip_atasan=B"))  # too short
    assert client.get("/admin/pegawai/atasan?nip_atasan=" + "x" * 101).status_code == 400
    form = teks(client.get("/admin/pegawai/baru"))
    assert 'hx-get="/admin/pegawai/atasan"' in form and 'list="atasan-saran"' in form
    auth.logout()
    auth.login("staf")
    assert client.get("/admin/pegawai/atasan?nip_atasan=Budi").status_code == 403


def test_nip_tahun_tmt_0000_ditolak_bukan_500(client, auth, org):
    auth.login("admin_disdik")
    data = dict(data_baru(org), nip="199001010000011001")
    r = kirim(client, "/admin/pegawai/baru", data, token_from="/admin/pegawai/baru")
    assert r.status_code == 422 and "TMT CPNS pada NIP harus sesudah tanggal lahir" in teks(r)
    assert 'value="199001010000011001"' in teks(r)
    with database:
        assert not Pegawai.select().where(Pegawai.nip == "199001010000011001").exists()
