"""The superior's team pages: SKP status of the team, the cascade matrix and
sharing an RHK to subordinates (the team's default perilaku expectations are
in tests/test_ekspektasi_tim.py, which shares the `tim` fixture)."""
import re
import uuid

import pytest
from werkzeug.security import generate_password_hash

from kinerja.db import database
from kinerja.models import Pegawai, Periode, Riwayat
from kinerja.skp.layanan import buat_skp, ubah_status
from kinerja.skp.models import Perilaku, Rhk, Skp
from kinerja.skp.rencana import simpan_iki, simpan_rhk
from tests.conftest import HASH_METHOD, SANDI, hitung_kueri, kirim
from tests.halaman import Halaman, teks_dari

_urut = iter(range(1, 1000))


def orang(org, nama, atasan, **kw):
    """A new pegawai in Bidang SD who can log in with its NIP and SANDI."""
    return Pegawai.create(nip=f"199501012020011{next(_urut):03d}", nama=nama,
                          jabatan=kw.pop("jabatan", "Pelaksana"), jenis_jabatan="pelaksana",
                          unit=org["unit"]["bidang_sd"], atasan=atasan,
                          password_hash=generate_password_hash(SANDI, method=HASH_METHOD),
                          wajib_ganti_sandi=False, **kw)


def skp_untuk(pegawai, periode, induk=None, uraian="Tersusunnya laporan uji"):
    """An SKP made by the pegawai with one RHK (linked to `induk` if given) and one IKI."""
    skp = buat_skp(pegawai, periode, "kuantitatif")
    data = {"jenis": "utama", "uraian": uraian}
    if induk is not None:
        data["rhk_atasan"] = induk.id
    rhk = simpan_rhk(pegawai, skp, data)
    simpan_iki(pegawai, skp, rhk, {"aspek": "kuantitas", "indikator": "Jumlah laporan",
                                   "target_min": "4", "satuan": "laporan"})
    return skp, rhk


def perilaku(skp):
    """{nilai: ekspektasi} of an SKP as stored."""
    return {x.nilai: x.ekspektasi for x in Perilaku.select().where(Perilaku.skp == skp.id)}


def ubah(aktor, skp, aksi, alasan=""):
    fresh = Skp.get_by_id(skp.id)
    ubah_status(aktor, fresh, aksi, alasan, fresh.version)


def bagian(h, anchor):
    """The visible text of the section whose heading has id=anchor."""
    return teks_dari(h.bagian(anchor))


def angka(h, kata):
    """The number in the team summary's item `<n> kata`."""
    for butir in h.pilih("ul.hitung-tim li"):
        m = re.fullmatch(r"(\d+) " + re.escape(kata), teks_dari(butir))
        if m:
            return int(m.group(1))
    raise AssertionError(f"tidak ada hitungan {kata!r}")


def ke_skp(baris):
    """The links to an SKP page inside a table row."""
    return [a.get("href") for a in baris.iter("a") if a.get("href", "").startswith("/skp/")]


@pytest.fixture
def tim(org, rencana):
    """The kasi's team for 2026: staf (draft, RHK linked), Citra (submitted to
    the kasi), Dodi (approved), Andi (no SKP)."""
    p = org["pegawai"]
    periode = rencana["periode"]
    rhk_kasi = rencana["rhk"]["kasi"]
    with database:
        citra = orang(org, "Citra Lestari", p["kasi"])
        skp_citra, _ = skp_untuk(citra, periode, rhk_kasi, "Terverifikasinya data sekolah")
        ubah(citra, skp_citra, "ajukan")
        dodi = orang(org, "Dodi Pratama", p["kasi"])
        skp_dodi, _ = skp_untuk(dodi, periode, rhk_kasi, "Tersusunnya kurikulum muatan lokal")
        ubah(dodi, skp_dodi, "ajukan")
        ubah(p["kasi"], skp_dodi, "setujui")
        andi = orang(org, "Andi Saputra", p["kasi"])
    return {"citra": citra, "dodi": dodi, "andi": andi, "staf": p["staf"], "kasi": p["kasi"],
            "skp": {"citra": skp_citra, "dodi": skp_dodi, "staf": rencana["skp"]["staf"]},
            "rhk_kasi": rhk_kasi, "periode": periode}


# ---------------------------------------------------------------- /tim

def test_status_tim_menampilkan_setiap_bawahan_dan_hitungannya(client, auth, tim):
    auth.login("kasi")
    r = client.get("/tim")
    h = Halaman(r)
    assert r.status_code == 200 and "periode 2026" in h.judul()
    # The one waiting for the kasi's review comes first, marked.
    assert [teks_dari(el) for el in h.pilih("table.tim tbody td:first-child strong")] == [
        "Citra Lestari", "Andi Saputra", "Dodi Pratama", "Rina Marpaung"]
    citra = h.baris("Citra Lestari")
    assert "Perlu ditinjau" in teks_dari(citra) and ke_skp(citra) == [f'/skp/{tim["skp"]["citra"].id}']
    andi = h.baris("Andi Saputra")
    assert "Belum membuat SKP" in teks_dari(andi) and ke_skp(andi) == []
    dodi = teks_dari(h.baris("Dodi Pratama"))
    assert "Disetujui" in dodi and "Perlu ditinjau" not in dodi
    rina = h.baris("Rina Marpaung")
    assert "Draf" in teks_dari(rina) and ke_skp(rina) == [f'/skp/{tim["skp"]["staf"].id}']
    assert teks_dari(rina.cssselect('td[data-label="Jumlah RHK"]')[0]) == "1"
    assert h.teks().count("Perlu ditinjau") == 1
    assert (angka(h, "diajukan"), angka(h, "disetujui"), angka(h, "draf atau dikembalikan"),
            angka(h, "belum membuat SKP")) == (1, 1, 1, 1)
    assert h.tautan_ke("/tim/kaskade?periode=2026") and h.tautan_ke("/tim/ekspektasi?periode=2026")


def test_status_tim_kabid_menampilkan_kasi_disetujui(client, auth, rencana):
    auth.login("kabid")
    h = Halaman(client.get("/tim"))
    assert "Disetujui" in teks_dari(h.baris("Budi Santoso"))
    assert "Rina Marpaung" not in h.teks()  # the kasi's subordinate is not the kabid's team
    assert angka(h, "disetujui") == 1 and angka(h, "belum membuat SKP") == 0


def test_orang_yang_skpnya_menyebut_saya_penilai_masuk_tim_saya(client, auth, org, rencana):
    p = org["pegawai"]
    with database:
        pindah = orang(org, "Gita Pindahan", p["kasi"])
        skp_untuk(pindah, rencana["periode"])
        Pegawai.update(atasan=p["kabid"]).where(Pegawai.id == pindah.id).execute()  # moved mid-year
    auth.login("kasi")
    h = Halaman(client.get("/tim"))
    assert "Bukan lagi bawahan langsung" in teks_dari(h.baris("Gita Pindahan"))


@pytest.mark.parametrize("siapa", ["staf", "admin_disdik", "superadmin"])
def test_tanpa_tim_mendapat_halaman_ramah(client, auth, rencana, siapa):
    auth.login(siapa)
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi"):
        r = client.get(url)
        isi = Halaman(r).teks("main")
        assert r.status_code == 200, url
        assert "Anda tidak punya bawahan langsung" in isi
        assert "Rina Marpaung" not in isi and "Budi Santoso" not in isi


def test_belum_ada_periode_dikatakan(client, auth, org):
    with database:
        Periode.delete().execute()
    auth.login("kasi")
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi"):
        r = client.get(url)
        assert r.status_code == 200 and "Belum ada periode penilaian" in Halaman(r).teks("main h2"), url


def test_penilai_lain_tidak_pernah_melihat_tim_saya(client, auth, tim):
    auth.login("kadinkes")
    h = Halaman(client.get("/tim"))
    assert h.baris("Maya Sari") is not None
    for nama in ("Rina Marpaung", "Citra Lestari", "Andi Saputra", "Dodi Pratama"):
        assert nama not in h.teks()
    kaskade = Halaman(client.get("/tim/kaskade")).teks()
    assert "Citra Lestari" not in kaskade and "Rina Marpaung" not in kaskade


def test_wajib_masuk(client, rencana):
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi", f"/tim/rhk/{rencana['rhk']['kasi'].id}/bagikan"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_pilihan_periode(client, auth, rencana):
    with database:
        Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="ditutup")
        Periode.create(tahun=2027, mulai="2027-01-01", selesai="2027-12-31", status="ditutup")
    auth.login("kasi")
    h = Halaman(client.get("/tim"))
    assert "periode 2026" in h.judul()  # the newest periode that is not closed
    pilihan = h.isian("periode")
    assert {"2025", "2027"} <= {nilai for nilai, _, _ in pilihan.opsi()}
    assert [nilai for nilai, _, terpilih in pilihan.opsi() if terpilih] == ["2026"]
    lama = Halaman(client.get("/tim?periode=2025"))
    assert "periode 2025" in lama.judul()
    assert "Belum membuat SKP" in teks_dari(lama.baris("Rina Marpaung"))
    assert lama.tautan_ke("/tim/kaskade?periode=2025")
    assert client.get("/tim?periode=1999").status_code == 404


# ---------------------------------------------------------------- /tim/kaskade

def test_kaskade_menampilkan_kontribusi_dan_yang_menonjol(client, auth, org, tim):
    p = org["pegawai"]
    with database:
        skp_kasi = Skp.get_by_id(tim["rhk_kasi"].skp_id)
        ubah(p["kabid"], skp_kasi, "buka", "Tambah RHK")
        kosong = simpan_rhk(p["kasi"], Skp.get_by_id(skp_kasi.id),
                            {"jenis": "utama", "uraian": "Terlaksananya supervisi sekolah",
                             "rhk_atasan": rencana_rhk(org, "kabid").id})
        lepas = orang(org, "Eka Lepas", p["kasi"])
        skp_untuk(lepas, tim["periode"], None, "Terkumpulnya data tanpa tautan")
    auth.login("kasi")
    r = client.get("/tim/kaskade")
    h = Halaman(r)
    assert r.status_code == 200
    utama = bagian(h, f"rhk-{tim['rhk_kasi'].id}")
    assert "Meningkatnya mutu pendidikan dasar (kasi)" in utama
    for nama, uraian in (("Rina Marpaung", "(staf)"), ("Citra Lestari", "Terverifikasinya data sekolah"),
                         ("Dodi Pratama", "Tersusunnya kurikulum muatan lokal")):
        assert nama in utama and uraian in utama
    assert "Belum ada yang mengintervensi" not in utama
    bagikan = f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan"
    assert [a.get("href") for a in h.bagian(f"rhk-{tim['rhk_kasi'].id}").iter("a")].count(bagikan) == 1
    sepi = bagian(h, f"rhk-{kosong.id}")
    assert "Belum ada yang mengintervensi" in sepi
    assert f"/tim/rhk/{kosong.id}/bagikan" in [a.get("href") for a in h.bagian(f"rhk-{kosong.id}").iter("a")]
    assert h.teks().count("Belum ada yang mengintervensi") == 1
    belum = bagian(h, "belum-skp")
    assert "Andi Saputra" in belum and "Rina Marpaung" not in belum
    tak_tertaut = bagian(h, "rhk-lepas")
    assert "Eka Lepas" in tak_tertaut and "Terkumpulnya data tanpa tautan" in tak_tertaut
    assert "Belum menyebut RHK atasan" in tak_tertaut and "Citra Lestari" not in tak_tertaut
    assert "1 dari 2 RHK Anda" in h.teks()


def test_kaskade_perlu_perhatian_tanpa_hitungan_nol(client, auth, org, tim):
    """Only what needs attention is listed: no "0 dari 1 RHK Anda" and no
    "0 RHK bawahan"; with nothing left, the card says so."""
    auth.login("kasi")
    perhatian = bagian(Halaman(client.get("/tim/kaskade")), "perhatian")
    assert "1 bawahan belum membuat SKP" in perhatian  # Andi Saputra
    assert "0 dari" not in perhatian and "0 RHK bawahan" not in perhatian
    with database:
        Pegawai.update(aktif=False).where(Pegawai.nama == "Andi Saputra").execute()
    perhatian = bagian(Halaman(client.get("/tim/kaskade")), "perhatian")
    assert "Tidak ada: setiap RHK Anda diintervensi bawahan" in perhatian, perhatian


def rencana_rhk(org, key):
    """The fixture RHK of a pegawai of the chain, read back from the database."""
    return (Rhk.select().join(Skp).where(Skp.pegawai == org["pegawai"][key].id).order_by(Rhk.id).first())


def test_kaskade_tanpa_skp_sendiri_dikatakan(client, auth, org, rencana):
    with database:
        eko = orang(org, "Eko Atasan Baru", org["pegawai"]["kabid"], jabatan="Kepala Seksi Sarana")
        orang(org, "Fajar Bawahan", eko)
    auth.login(eko.nip)
    h = Halaman(client.get("/tim/kaskade"))
    assert "Anda belum membuat SKP periode 2026" in h.teks() and h.tautan_ke("/skp")
    assert "Fajar Bawahan" in bagian(h, "belum-skp")


# ---------------------------------------------------------------- /tim/rhk/<id>/bagikan

def test_formulir_bagikan_memuat_bawahan_langsung(client, auth, tim):
    auth.login("kasi")
    r = client.get(f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan")
    h = Halaman(r)
    assert r.status_code == 200 and "Meningkatnya mutu pendidikan dasar (kasi)" in h.teks()
    for p in ("staf", "citra", "dodi", "andi"):
        assert not h.isian("bawahan", str(tim[p].id)).checked
    assert h.ada_isian("submission_id") and h.ada_isian("csrf_token")
    assert not h.pilih("input[checked]")
    assert "Belum membuat SKP" in h.teks()


def test_bagikan_membuat_satu_rhk_per_bawahan_sekali(client, auth, tim):
    rhk = tim["rhk_kasi"]
    url = f"/tim/rhk/{rhk.id}/bagikan"
    auth.login("kasi")
    kunci = str(uuid.uuid4())
    data = {"bawahan": [str(tim["staf"].id), str(tim["andi"].id)]}
    r = kirim(client, url, data, token_from="/", submission_id=kunci)
    assert r.status_code == 303 and r.headers["Location"].endswith("/tim/kaskade?periode=2026")
    with database:
        dibagikan = list(Rhk.select(Rhk, Skp).join(Skp).where(
            (Rhk.rhk_atasan == rhk.id) & (Rhk.uraian == rhk.uraian)))
        assert sorted(x.skp.pegawai_id for x in dibagikan) == sorted([tim["staf"].id, tim["andi"].id])
        skp_andi = Skp.get((Skp.pegawai == tim["andi"].id) & (Skp.periode == tim["periode"].id))
        assert skp_andi.status == "draft" and skp_andi.penilai_id == tim["kasi"].id
        jumlah = Rhk.select().count()
    assert Halaman(client.get(r.headers["Location"])).flash() == ["RHK dibagikan ke: Rina Marpaung, Andi Saputra."]
    # The same submission again (a double click, an offline replay): the same answer, nothing new.
    ulang = kirim(client, url, data, token_from="/", submission_id=kunci)
    assert ulang.status_code == 303 and ulang.headers["Location"] == r.headers["Location"]
    # A new submission of the same choice: duplicates are skipped with the reason.
    lagi = kirim(client, url, data, token_from="/")
    assert lagi.status_code == 303
    kilas = " ".join(Halaman(client.get(lagi.headers["Location"])).flash())
    assert "Tidak ada RHK baru yang dibuat" in kilas and "Rina Marpaung: RHK ini sudah ada" in kilas
    with database:
        assert Rhk.select().count() == jumlah
        assert Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.objek_id == skp_andi.id)
                                      & (Riwayat.aksi == "RHK dibagikan atasan")).count() == 1


def test_bagikan_melewati_yang_diajukan_dan_disetujui(client, auth, tim):
    auth.login("kasi")
    with database:
        jumlah = Rhk.select().count()
    r = kirim(client, f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan",
              {"bawahan": [str(tim["dodi"].id), str(tim["citra"].id)]}, token_from="/")
    assert r.status_code == 303
    kilas = " ".join(Halaman(client.get(r.headers["Location"])).flash())
    assert "Dodi Pratama: SKP berstatus disetujui" in kilas
    assert "Citra Lestari: SKP berstatus diajukan" in kilas
    with database:
        assert Rhk.select().count() == jumlah


def test_bagikan_menolak_rhk_orang_lain(client, auth, tim, rencana):
    auth.login("kasi")
    url = f"/tim/rhk/{rencana['rhk']['kabid'].id}/bagikan"
    assert client.get(url).status_code == 403
    with database:
        jumlah = Rhk.select().count()
    r = kirim(client, url, {"bawahan": [str(tim["staf"].id)]}, token_from="/")
    assert r.status_code == 403 and "bukan milik Anda" in Halaman(r).teks("main")
    assert client.get("/tim/rhk/999999/bagikan").status_code == 404
    with database:
        assert Rhk.select().count() == jumlah


@pytest.mark.parametrize("pilih,pesan", [
    ([], "Pilih paling sedikit satu bawahan."),
    (["staf_dinkes"], "hanya bawahan Anda yang bisa dipilih"),
    (["staf", "staf_dinkes"], "hanya bawahan Anda yang bisa dipilih"),
    (["staf", "kabid"], "hanya bawahan Anda yang bisa dipilih"),
    (["bukan-angka"], "hanya bawahan Anda yang bisa dipilih"),
])
def test_bagikan_pilihan_salah(client, auth, org, tim, pilih, pesan):
    ids = [str(org["pegawai"][k].id) if k in org["pegawai"] else k for k in pilih]
    auth.login("kasi")
    with database:
        jumlah_rhk, jumlah_skp = Rhk.select().count(), Skp.select().count()
    r = kirim(client, f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan", {"bawahan": ids}, token_from="/")
    h = Halaman(r)
    assert r.status_code == 422 and pesan in h.teks_galat()
    for i in ids:  # what was ticked stays ticked where it can be shown
        if h.pilih(f'input[name="bawahan"][value="{i}"]'):
            assert h.isian("bawahan", i).checked
    with database:
        assert (Rhk.select().count(), Skp.select().count()) == (jumlah_rhk, jumlah_skp)


def test_bagikan_di_periode_ditutup_ditolak(client, auth, tim):
    with database:
        Periode.update(status="ditutup").where(Periode.id == tim["periode"].id).execute()
        jumlah = Rhk.select().count()
    auth.login("kasi")
    r = kirim(client, f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan", {"bawahan": [str(tim["andi"].id)]},
              token_from="/")
    assert r.status_code == 422 and "sudah ditutup" in Halaman(r).teks("main")
    with database:
        assert Rhk.select().count() == jumlah
        assert not Skp.select().where(Skp.pegawai == tim["andi"].id).exists()


# ---------------------------------------------------------------- safety and cost

def test_html_dalam_nama_dan_rhk_diloloskan(client, auth, org, rencana):
    with database:
        jahat = orang(org, "<script>alert('nama')</script>", org["pegawai"]["kasi"])
        skp_untuk(jahat, rencana["periode"], None, "<img src=x onerror=alert(1)>")
    auth.login("kasi")
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi", f"/tim/rhk/{rencana['rhk']['kasi'].id}/bagikan"):
        h = Halaman(client.get(url))
        assert "<script>alert(" not in h.html and "<img src=x" not in h.html, url
        assert not h.pilih("img[onerror]"), url
        assert "<script>alert('nama')</script>" in h.teks(), url  # shown as text
    assert "<img src=x onerror=alert(1)>" in Halaman(client.get("/tim/kaskade")).teks()


def _hitung(client, url):
    with hitung_kueri() as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_jumlah_kueri_tetap_terhadap_besar_tim(client, auth, org, rencana, hitung_tiap_halaman):
    periode, kasi, rhk_kasi = rencana["periode"], org["pegawai"]["kasi"], rencana["rhk"]["kasi"]
    with database:
        orang(org, "Tanpa SKP Satu", kasi)
    auth.login("kasi")
    sedikit = {url: _hitung(client, url) for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi")}
    with database:
        for n in range(3):
            skp_untuk(orang(org, f"Anggota Tambahan {n}", kasi), periode, rhk_kasi, f"RHK tambahan {n}")
        orang(org, "Tanpa SKP Dua", kasi)
        assert Pegawai.select().where(Pegawai.atasan == kasi.id).count() == 6
    banyak = {url: _hitung(client, url) for url in sedikit}
    assert banyak == sedikit
    h = Halaman(client.get("/tim"))
    assert h.baris("Anggota Tambahan 2") is not None and h.baris("Tanpa SKP Dua") is not None
