"""The superior's team pages: SKP status of the team, the cascade matrix,
sharing an RHK to subordinates, and the team's default perilaku expectations."""
import re
import uuid

import pytest
from werkzeug.security import generate_password_hash

from kinerja.db import database
from kinerja.models import Pegawai, Periode, Riwayat
from kinerja.rules import BERAKHLAK
from kinerja.skp.layanan import buat_skp, simpan_perilaku, ubah_status
from kinerja.skp.models import EkspektasiTim, Perilaku, Rhk, Skp
from kinerja.skp.rencana import simpan_iki, simpan_rhk
from tests.conftest import HASH_METHOD, SANDI, hitung_kueri, kirim, teks

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


def bagian(html, anchor):
    """The HTML of the section whose heading has id=anchor (up to its </section>)."""
    awal = html.index(f'id="{anchor}"')
    return html[awal:html.index("</section>", awal)]


def isi(response):
    """The page's main content (the header names the signed-in person)."""
    html = teks(response)
    return html[html.index("<main"):]


def angka(html, kata):
    m = re.search(r"<strong>(\d+)</strong> " + kata, html)
    assert m, kata
    return int(m.group(1))


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

def test_status_tim_shows_each_subordinate_and_counts(client, auth, tim):
    auth.login("kasi")
    r = client.get("/tim")
    html = teks(r)
    assert r.status_code == 200 and "periode 2026" in html
    for nama in ("Rina Marpaung", "Citra Lestari", "Dodi Pratama", "Andi Saputra"):
        assert nama in html
    # The one waiting for the kasi's review comes first, marked.
    assert html.index("Citra Lestari") < html.index("Andi Saputra") < html.index("Dodi Pratama")
    baris_citra = html[html.index("Citra Lestari"):html.index("Andi Saputra")]
    assert "Perlu ditinjau" in baris_citra and f'/skp/{tim["skp"]["citra"].id}"' in baris_citra
    baris_andi = html[html.index("Andi Saputra"):html.index("Dodi Pratama")]
    assert "Belum membuat SKP" in baris_andi and "/skp/" not in baris_andi
    baris_dodi = html[html.index("Dodi Pratama"):html.index("Rina Marpaung")]
    assert "Disetujui" in baris_dodi and "Perlu ditinjau" not in baris_dodi
    baris_rina = html[html.index("Rina Marpaung"):]
    assert "Draf" in baris_rina and f'/skp/{tim["skp"]["staf"].id}"' in baris_rina
    assert '<td data-label="Jumlah RHK">1</td>' in baris_rina
    assert html.count("Perlu ditinjau") == 1
    assert (angka(html, "diajukan"), angka(html, "disetujui"), angka(html, "draf atau dikembalikan"),
            angka(html, "belum membuat SKP")) == (1, 1, 1, 1)
    assert "/tim/kaskade?periode=2026" in html and "/tim/ekspektasi?periode=2026" in html


def test_status_tim_of_kabid_shows_kasi_approved(client, auth, rencana):
    auth.login("kabid")
    html = teks(client.get("/tim"))
    assert "Budi Santoso" in html and "Disetujui" in html
    assert "Rina Marpaung" not in html  # the kasi's subordinate is not the kabid's team
    assert angka(html, "disetujui") == 1 and angka(html, "belum membuat SKP") == 0


def test_someone_whose_skp_names_me_as_penilai_is_in_my_team(client, auth, org, rencana):
    p = org["pegawai"]
    with database:
        pindah = orang(org, "Gita Pindahan", p["kasi"])
        skp_untuk(pindah, rencana["periode"])
        Pegawai.update(atasan=p["kabid"]).where(Pegawai.id == pindah.id).execute()  # moved mid-year
    auth.login("kasi")
    html = teks(client.get("/tim"))
    assert "Gita Pindahan" in html and "Bukan lagi bawahan langsung" in html


@pytest.mark.parametrize("siapa", ["staf", "admin_disdik", "superadmin"])
def test_no_team_gets_friendly_page(client, auth, rencana, siapa):
    auth.login(siapa)
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi"):
        r = client.get(url)
        html = isi(r)
        assert r.status_code == 200, url
        assert "Anda tidak punya bawahan langsung" in html
        assert "Rina Marpaung" not in html and "Budi Santoso" not in html


def test_no_periode_yet_says_so(client, auth, org):
    with database:
        Periode.delete().execute()
    auth.login("kasi")
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi"):
        r = client.get(url)
        assert r.status_code == 200 and "Belum ada periode penilaian" in teks(r), url


def test_another_penilai_never_sees_my_team(client, auth, tim):
    auth.login("kadinkes")
    html = teks(client.get("/tim"))
    assert "Maya Sari" in html
    for nama in ("Rina Marpaung", "Citra Lestari", "Andi Saputra", "Dodi Pratama"):
        assert nama not in html
    html = teks(client.get("/tim/kaskade"))
    assert "Citra Lestari" not in html and "Rina Marpaung" not in html


def test_login_required(client, rencana):
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi", f"/tim/rhk/{rencana['rhk']['kasi'].id}/bagikan"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_periode_choice(client, auth, rencana):
    with database:
        Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="ditutup")
        Periode.create(tahun=2027, mulai="2027-01-01", selesai="2027-12-31", status="ditutup")
    auth.login("kasi")
    html = teks(client.get("/tim"))
    assert "periode 2026" in html  # the newest periode that is not closed
    assert '<option value="2025"' in html and '<option value="2027"' in html
    assert re.search(r'<option value="2026" selected>', html)
    lama = teks(client.get("/tim?periode=2025"))
    assert "periode 2025" in lama and "Rina Marpaung" in lama and "Belum membuat SKP" in lama
    assert "/tim/kaskade?periode=2025" in lama
    assert client.get("/tim?periode=1999").status_code == 404


# ---------------------------------------------------------------- /tim/kaskade

def test_kaskade_shows_contributions_and_standouts(client, auth, org, tim):
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
    html = teks(r)
    assert r.status_code == 200
    utama = bagian(html, f"rhk-{tim['rhk_kasi'].id}")
    assert "Meningkatnya mutu pendidikan dasar (kasi)" in utama
    for nama, uraian in (("Rina Marpaung", "(staf)"), ("Citra Lestari", "Terverifikasinya data sekolah"),
                         ("Dodi Pratama", "Tersusunnya kurikulum muatan lokal")):
        assert nama in utama and uraian in utama
    assert "Belum ada yang mengintervensi" not in utama
    assert f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan" in utama
    sepi = bagian(html, f"rhk-{kosong.id}")
    assert "Belum ada yang mengintervensi" in sepi and f"/tim/rhk/{kosong.id}/bagikan" in sepi
    assert html.count("Belum ada yang mengintervensi") == 1
    belum = bagian(html, "belum-skp")
    assert "Andi Saputra" in belum and "Rina Marpaung" not in belum
    tak_tertaut = bagian(html, "rhk-lepas")
    assert "Eka Lepas" in tak_tertaut and "Terkumpulnya data tanpa tautan" in tak_tertaut
    assert "Belum menyebut RHK atasan" in tak_tertaut and "Citra Lestari" not in tak_tertaut
    assert "1 dari 2 RHK Anda" in html


def rencana_rhk(org, key):
    """The fixture RHK of a pegawai of the chain, read back from the database."""
    return (Rhk.select().join(Skp).where(Skp.pegawai == org["pegawai"][key].id).order_by(Rhk.id).first())


def test_kaskade_without_own_skp_says_so(client, auth, org, rencana):
    with database:
        eko = orang(org, "Eko Atasan Baru", org["pegawai"]["kabid"], jabatan="Kepala Seksi Sarana")
        orang(org, "Fajar Bawahan", eko)
    auth.login(eko.nip)
    html = teks(client.get("/tim/kaskade"))
    assert "Anda belum membuat SKP periode 2026" in html and 'href="/skp"' in html
    assert "Fajar Bawahan" in bagian(html, "belum-skp")


# ---------------------------------------------------------------- /tim/rhk/<id>/bagikan

def test_bagikan_form_lists_direct_subordinates(client, auth, tim):
    auth.login("kasi")
    r = client.get(f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan")
    html = teks(r)
    assert r.status_code == 200 and "Meningkatnya mutu pendidikan dasar (kasi)" in html
    for p in ("staf", "citra", "dodi", "andi"):
        assert f'name="bawahan" value="{tim[p].id}"' in html
    assert 'name="submission_id"' in html and 'name="csrf_token"' in html
    assert "checked" not in html
    assert "Belum membuat SKP" in html


def test_bagikan_creates_one_rhk_per_subordinate_once(client, auth, tim):
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
    html = teks(client.get(r.headers["Location"]))
    assert "RHK dibagikan ke: Rina Marpaung, Andi Saputra." in html
    # The same submission again (a double click, an offline replay): the same answer, nothing new.
    ulang = kirim(client, url, data, token_from="/", submission_id=kunci)
    assert ulang.status_code == 303 and ulang.headers["Location"] == r.headers["Location"]
    # A new submission of the same choice: duplicates are skipped with the reason.
    lagi = kirim(client, url, data, token_from="/")
    assert lagi.status_code == 303
    html = teks(client.get(lagi.headers["Location"]))
    assert "Tidak ada RHK baru yang dibuat" in html and "Rina Marpaung: RHK ini sudah ada" in html
    with database:
        assert Rhk.select().count() == jumlah
        assert Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.objek_id == skp_andi.id)
                                      & (Riwayat.aksi == "RHK dibagikan atasan")).count() == 1


def test_bagikan_skips_submitted_and_approved(client, auth, tim):
    auth.login("kasi")
    with database:
        jumlah = Rhk.select().count()
    r = kirim(client, f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan",
              {"bawahan": [str(tim["dodi"].id), str(tim["citra"].id)]}, token_from="/")
    assert r.status_code == 303
    html = teks(client.get(r.headers["Location"]))
    assert "Dodi Pratama: SKP berstatus disetujui" in html
    assert "Citra Lestari: SKP berstatus diajukan" in html
    with database:
        assert Rhk.select().count() == jumlah


def test_bagikan_refuses_someone_elses_rhk(client, auth, tim, rencana):
    auth.login("kasi")
    url = f"/tim/rhk/{rencana['rhk']['kabid'].id}/bagikan"
    assert client.get(url).status_code == 403
    with database:
        jumlah = Rhk.select().count()
    r = kirim(client, url, {"bawahan": [str(tim["staf"].id)]}, token_from="/")
    assert r.status_code == 403 and "bukan milik Anda" in teks(r)
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
def test_bagikan_bad_choice(client, auth, org, tim, pilih, pesan):
    ids = [str(org["pegawai"][k].id) if k in org["pegawai"] else k for k in pilih]
    auth.login("kasi")
    with database:
        jumlah_rhk, jumlah_skp = Rhk.select().count(), Skp.select().count()
    r = kirim(client, f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan", {"bawahan": ids}, token_from="/")
    html = teks(r)
    assert r.status_code == 422 and pesan in html
    for i in ids:  # what was ticked stays ticked where it can be shown
        if f'value="{i}" id=' in html:
            assert f'value="{i}" id="bawahan-{i}" checked' in html
    with database:
        assert (Rhk.select().count(), Skp.select().count()) == (jumlah_rhk, jumlah_skp)


def test_bagikan_in_closed_periode_is_refused(client, auth, tim):
    with database:
        Periode.update(status="ditutup").where(Periode.id == tim["periode"].id).execute()
        jumlah = Rhk.select().count()
    auth.login("kasi")
    r = kirim(client, f"/tim/rhk/{tim['rhk_kasi'].id}/bagikan", {"bawahan": [str(tim["andi"].id)]},
              token_from="/")
    assert r.status_code == 422 and "sudah ditutup" in teks(r)
    with database:
        assert Rhk.select().count() == jumlah
        assert not Skp.select().where(Skp.pegawai == tim["andi"].id).exists()


# ---------------------------------------------------------------- /tim/ekspektasi

def isian_ekspektasi(**kw):
    """The form as the 2026 page sends it (its hidden `tahun` names the year shown)."""
    data = {nilai: f"Ekspektasi tim untuk {info['nama']}" for nilai, info in BERAKHLAK.items()}
    data["tahun"] = "2026"
    data.update(kw)
    return data


def test_ekspektasi_page_shows_seven_values_in_order(client, auth, tim):
    auth.login("kasi")
    r = client.get("/tim/ekspektasi")
    html = teks(r)
    assert r.status_code == 200
    posisi = [html.index(f"{i}. {info['nama']}") for i, info in enumerate(BERAKHLAK.values(), start=1)]
    assert posisi == sorted(posisi)
    for info in BERAKHLAK.values():
        for panduan in info["panduan"]:
            assert panduan in html
    for nilai in BERAKHLAK:
        assert re.search(f'<label for="{nilai}">Ekspektasi khusus: [^<]+</label>\\s*<textarea id="{nilai}"', html)
    assert re.search(r'<input checked[^>]*value="pilih"', html)  # the default: nobody overwritten
    assert 'name="bawahan"' in html and "checked" not in html.split('id="bawahan"')[1]


def test_ekspektasi_saves_defaults_and_applies_to_selected(client, auth, tim):
    with database:
        simpan_perilaku(tim["kasi"], Skp.get_by_id(tim["skp"]["staf"].id),
                        {"loyal": "Menjaga kerahasiaan data siswa"})
        simpan_perilaku(tim["kasi"], Skp.get_by_id(tim["skp"]["citra"].id), {"loyal": "Khusus Citra"})
    auth.login("kasi")
    data = isian_ekspektasi(loyal="", terapkan="pilih",
                            bawahan=[str(tim["staf"].id), str(tim["dodi"].id), str(tim["andi"].id)])
    r = kirim(client, "/tim/ekspektasi", data, token_from="/")
    assert r.status_code == 303 and r.headers["Location"].endswith("/tim/ekspektasi?periode=2026")
    html = teks(client.get(r.headers["Location"]))
    assert "Ekspektasi bawaan tim periode 2026 disimpan." in html
    assert "Diterapkan ke SKP: Rina Marpaung." in html
    assert "Dodi Pratama (SKP sudah disetujui" in html and "Andi Saputra (belum membuat SKP" in html
    assert "Ekspektasi tim untuk Akuntabel" in html  # the form shows the saved defaults
    with database:
        bawaan = {e.nilai: e.ekspektasi for e in EkspektasiTim.select().where(
            (EkspektasiTim.penilai == tim["kasi"].id) & (EkspektasiTim.periode == tim["periode"].id))}
        assert bawaan["akuntabel"] == "Ekspektasi tim untuk Akuntabel" and not bawaan.get("loyal")
        staf = perilaku(tim["skp"]["staf"])
        assert staf["akuntabel"] == "Ekspektasi tim untuk Akuntabel"
        assert staf["loyal"] == "Menjaga kerahasiaan data siswa"  # an empty default erases nothing
        for key in ("dodi", "citra"):  # approved: skipped; not chosen: untouched
            assert perilaku(tim["skp"][key])["akuntabel"] == ""
        assert Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.objek_id == tim["skp"]["staf"].id)
                                      & (Riwayat.aksi == "Ekspektasi perilaku diubah")).count() == 2
        assert Riwayat.select().where((Riwayat.objek == "pegawai") & (Riwayat.objek_id == tim["kasi"].id)
                                      & Riwayat.aksi.startswith("Ekspektasi perilaku tim")).count() == 1
        # A subordinate who starts the SKP afterwards gets the defaults.
        skp_andi = buat_skp(tim["andi"], tim["periode"], "kuantitatif")
        andi = perilaku(skp_andi)
        assert andi["kolaboratif"] == "Ekspektasi tim untuk Kolaboratif" and andi["loyal"] == ""


def test_ekspektasi_for_all_and_save_only(client, auth, tim):
    auth.login("kasi")
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(terapkan="tidak"), token_from="/")
    assert r.status_code == 303
    assert "Belum diterapkan ke SKP mana pun" in teks(client.get(r.headers["Location"]))
    with database:
        assert EkspektasiTim.select().count() == 7
        assert perilaku(tim["skp"]["staf"])["adaptif"] == ""
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(terapkan="semua", adaptif="Cepat belajar aplikasi"),
              token_from="/")
    assert r.status_code == 303
    html = teks(client.get(r.headers["Location"]))
    assert "Diterapkan ke SKP: Citra Lestari, Rina Marpaung." in html
    with database:
        assert EkspektasiTim.select().count() == 7
        for key in ("staf", "citra"):
            assert perilaku(tim["skp"][key])["adaptif"] == "Cepat belajar aplikasi"
        assert perilaku(tim["skp"]["dodi"])["adaptif"] == ""


@pytest.mark.parametrize("ubahan,pesan", [
    ({"terapkan": "pilih"}, "Pilih paling sedikit satu bawahan."),
    ({"terapkan": "pilih", "bawahan": ["staf_dinkes"]}, "hanya bawahan Anda yang bisa dipilih"),
    ({"terapkan": "entah"}, "Pilih salah satu cara penerapan."),
    ({"terapkan": "semua", "harmonis": "x" * 2001}, "Paling banyak 2000 karakter"),
])
def test_ekspektasi_bad_input_saves_nothing(client, auth, org, tim, ubahan, pesan):
    if "bawahan" in ubahan:
        ubahan["bawahan"] = [str(org["pegawai"][k].id) for k in ubahan["bawahan"]]
    auth.login("kasi")
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(**ubahan), token_from="/")
    html = teks(r)
    assert r.status_code == 422 and pesan in html
    assert "Ekspektasi tim untuk Akuntabel" in html  # what was typed is kept
    if "harmonis" in ubahan:
        assert "x" * 2001 in html and 'href="#harmonis"' in html
    with database:
        assert EkspektasiTim.select().count() == 0
        assert not Perilaku.select().where(Perilaku.ekspektasi != "").exists()


def test_ekspektasi_in_closed_periode_is_refused(client, auth, tim):
    with database:
        Periode.update(status="ditutup").where(Periode.id == tim["periode"].id).execute()
    auth.login("kasi")
    r = kirim(client, "/tim/ekspektasi?periode=2026", isian_ekspektasi(terapkan="tidak"), token_from="/")
    assert r.status_code == 422 and "sudah ditutup" in teks(r)
    with database:
        assert EkspektasiTim.select().count() == 0


def test_ekspektasi_post_without_team_is_refused(client, auth, rencana):
    auth.login("staf")
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(terapkan="tidak"), token_from="/")
    assert r.status_code == 403
    with database:
        assert EkspektasiTim.select().count() == 0


# ---------------------------------------------------------------- safety and cost

def test_html_in_names_and_rhk_is_escaped(client, auth, org, rencana):
    with database:
        jahat = orang(org, "<script>alert('nama')</script>", org["pegawai"]["kasi"])
        skp_untuk(jahat, rencana["periode"], None, "<img src=x onerror=alert(1)>")
    auth.login("kasi")
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi", f"/tim/rhk/{rencana['rhk']['kasi'].id}/bagikan"):
        html = teks(client.get(url))
        assert "<script>alert(" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url
    assert "&lt;img src=x onerror=alert(1)&gt;" in teks(client.get("/tim/kaskade"))


def _hitung(client, url):
    with hitung_kueri() as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_query_count_constant_in_team_size(client, auth, org, rencana):
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
    html = teks(client.get("/tim"))
    assert "Anggota Tambahan 2" in html and "Tanpa SKP Dua" in html
