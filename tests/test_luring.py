"""The offline layer's server side: /sw.js, the offline page, /sesi, logout
clearing, and a form sent after the session ended finding its way back."""
import json
import re

from kinerja.db import database
from kinerja.models import Pegawai
from tests.conftest import NIP, csrf_token, kirim, teks
from tests.halaman import Halaman


def test_service_worker_di_akar_dengan_versi_dan_cangkang(client, app):
    r = client.get("/sw.js")
    assert r.status_code == 200
    assert r.mimetype == "text/javascript"
    assert r.headers["Cache-Control"] == "no-cache"
    js = teks(r)
    prasimpan = json.loads(re.search(r"const PRASIMPAN = (\[.*?\]);", js).group(1))
    # The shell: fingerprinted static files every page loads, and the offline page.
    for nama in ("/static/css/app.css?v=", "/static/js/app.js?v=", "/static/vendor/htmx-2.0.11.min.js?v="):
        assert any(url.startswith(nama) for url in prasimpan), nama
    assert "/luring" in prasimpan
    # Every URL precached is one the app serves.
    for url in prasimpan:
        assert client.get(url).status_code == 200, url
    assert 'if (req.method !== "GET") return;' in js  # forms always go to the network


def test_alamat_berkas_statis_mengikuti_titik_pasang(client, app):
    """Static URLs are remembered per mount point: the same process serves
    /kinerja/... to a request mounted there and /... to one at the root."""
    for akar in ("", "/kinerja", ""):
        js = teks(client.get("/sw.js", environ_overrides={"SCRIPT_NAME": akar}))
        prasimpan = json.loads(re.search(r"const PRASIMPAN = (\[.*?\]);", js).group(1))
        assert any(url.startswith(akar + "/static/css/app.css?v=") for url in prasimpan), (akar, prasimpan)
        assert all(url.startswith(akar + "/") and not url.startswith("/kinerja/kinerja") for url in prasimpan)
        if not akar:
            assert not any(url.startswith("/kinerja") for url in prasimpan)


def test_versi_service_worker_berubah_bila_rilis_berubah(client, app):
    def versi():
        return re.search(r'const VERSI = "([0-9a-f]+)";', teks(client.get("/sw.js"))).group(1)
    pertama = versi()
    assert versi() == pertama  # stable: no needless reinstall
    app.config["VERSI_APLIKASI"] = "2"
    assert versi() != pertama


def test_halaman_luring_tanpa_data_pribadi(client, auth, org):
    auth.login("staf")
    r = client.get("/luring")
    h = Halaman(r)
    assert r.status_code == 200
    assert "Tidak tersambung" in h.teks() and "Yang tetap bisa dilakukan" in h.teks()
    with database:
        staf = Pegawai.get(Pegawai.nip == NIP["staf"])
    # The cached offline page is the same for everyone: nobody's name, id or sign-out.
    assert staf.nama not in h.html and not h.pilih("[data-pengguna]") and "Keluar" not in h.teks()


def test_sesi_memberi_token_hanya_kepada_yang_masuk(client, auth, org):
    anonim = client.get("/sesi")
    assert anonim.status_code == 401 and anonim.get_json() == {"pengguna": None}
    assert anonim.headers["Cache-Control"] == "no-store"
    auth.login("staf")
    r = client.get("/sesi")
    data = r.get_json()
    with database:
        staf = Pegawai.get(Pegawai.nip == NIP["staf"])
    assert r.status_code == 200 and data["pengguna"] == staf.id and data["csrf"]
    assert r.headers["Cache-Control"] == "no-store"
    # The token it gives is accepted by a form (what the outbox relies on).
    ganti = client.post("/akun/sandi", data={"csrf_token": data["csrf"], "lama": "salah", "baru": "x",
                                              "ulangi": "y"})
    assert ganti.status_code == 422 and "kedaluwarsa" not in Halaman(ganti).teks()


def test_sesi_menahan_antrean_selama_sandi_sementara(client, auth, org):
    with database:
        Pegawai.update(wajib_ganti_sandi=True).where(Pegawai.nip == NIP["staf"]).execute()
    auth.login("staf")
    r = client.get("/sesi")
    assert r.status_code == 403 and "csrf" not in r.get_json()


def test_halaman_menandai_pengguna_untuk_perangkat(client, auth, org):
    assert not Halaman(client.get("/login")).pilih("[data-pengguna]")
    auth.login("staf")
    with database:
        staf = Pegawai.get(Pegawai.nip == NIP["staf"])
    h = Halaman(client.get("/"))
    assert [el.get("data-pengguna") for el in h.pilih("[data-pengguna]")] == [str(staf.id)]
    assert h.satu("#antrean-status").get("role") == "status"
    assert h.pilih("[data-keluar]")


def test_keluar_meminta_peramban_membuang_cache(client, auth, org):
    auth.login("staf")
    r = auth.logout()
    assert r.status_code == 303 and r.headers["Clear-Site-Data"] == '"cache"'
    # The browser's cache is gone, the stylesheet with it: the next page inlines it again.
    assert any(c.startswith("kinerja_css=;") for c in r.headers.getlist("Set-Cookie"))
    assert Halaman(client.get("/login")).pilih("head style")


def test_kiriman_setelah_sesi_habis_kembali_ke_halaman_formulir(client, org):
    token = csrf_token(client)
    r = client.post("/skp", data={"csrf_token": token, "submission_id": "kunci-sesi-habis-1"},
                    headers={"Referer": "http://localhost/skp/1/kinerja/4?iki=3"})
    assert r.status_code == 303
    # Back to the page that holds the form (where its draft waits), not to the POST address.
    assert r.headers["Location"].endswith("/login?next=/skp/1/kinerja/4?iki%3D3")


def test_kiriman_dari_situs_lain_ditolak_tanpa_next(client, org):
    token = csrf_token(client)
    r = client.post("/skp", data={"csrf_token": token, "submission_id": "kunci-sesi-habis-2"},
                    headers={"Referer": "http://penipu.example/skp/1"})
    assert r.status_code == 403 and "Permintaan dari situs lain ditolak" in Halaman(r).teks()
    assert "Location" not in r.headers


def test_htmx_setelah_sesi_habis_dialihkan_utuh(client, org):
    r = client.get("/skp/1", headers={"HX-Request": "true"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/skp/1"
    boosted = client.get("/skp/1", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert boosted.status_code == 302


def test_masuk_lagi_kembali_ke_halaman_formulir(client, org):
    r = kirim(client, "/login?next=/skp", {"nip": NIP["staf"], "password": "rahasia123"})
    assert r.status_code == 303 and r.headers["Location"] == "/skp"


def test_berkas_statis_tidak_menyentuh_sesi(client, auth, org):
    """A static file's answer sets no cookie and does not vary by it, so what was
    cached before login is still used after it."""
    css = [el.get("href") for el in Halaman(client.get("/login")).pilih("link[href]")
           if re.fullmatch(r"/static/css/app\.css\?v=\w+", el.get("href"))][0]
    for _ in range(2):
        r = client.get(css)
        assert r.status_code == 200 and "Set-Cookie" not in r.headers
        assert "Cookie" not in r.headers.get("Vary", "")
        auth.login("staf")


def test_css_sebaris_pada_kunjungan_pertama_lalu_berkas_tersimpan(client, org):
    """One round trip on a first visit: the stylesheet comes inside the page and
    is prefetched; the browser then says (by cookie) it has it, and later pages link it."""
    pertama = client.get("/login")
    h = Halaman(pertama)
    assert ".kepala{" in h.satu("head style").text
    ambil = [el.get("href") for el in h.pilih('link[rel="prefetch"]')]
    kue = re.search(r"kinerja_css=(\w+);", pertama.headers["Set-Cookie"]).group(1)
    assert ambil == [f"/static/css/app.css?v={kue}"] and not h.pilih('link[rel="stylesheet"]')

    kedua = Halaman(client.get("/login"))
    assert not kedua.pilih("style")
    assert [el.get("href") for el in kedua.pilih('link[rel="stylesheet"]')] == [f"/static/css/app.css?v={kue}"]

    # A new release of the stylesheet: the old cookie no longer matches, inline again.
    client.set_cookie("kinerja_css", "versi-lama")
    assert Halaman(client.get("/login")).pilih("head style")


def test_pemulihan_riwayat_mendapat_halaman_utuh(client, auth, rencana):
    """Back (htmx's history restore) gets the whole page, never the fragment."""
    auth.login("staf")
    skp_id = rencana["skp"]["staf"].id
    fragmen = teks(client.get(f"/skp/{skp_id}", headers={"HX-Request": "true"}))
    assert "<header" not in fragmen and "<html" not in fragmen
    utuh = Halaman(client.get(f"/skp/{skp_id}", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}))
    assert utuh.pilih("header.kepala") and utuh.pilih("[data-pengguna]")


def test_service_worker_tidak_berubah_dijawab_304(client, app):
    """The browser's check for a new worker costs no body when nothing changed."""
    pertama = client.get("/sw.js")
    etag = pertama.headers["ETag"]
    sama = client.get("/sw.js", headers={"If-None-Match": etag})
    assert sama.status_code == 304 and sama.data == b"" and sama.headers["ETag"] == etag
    app.config["VERSI_APLIKASI"] = "rilis-baru"
    baru = client.get("/sw.js", headers={"If-None-Match": etag})
    assert baru.status_code == 200 and baru.headers["ETag"] != etag and b"const VERSI" in baru.data


def test_pekerja_dan_halaman_luring_tidak_menulis_sesi(client, auth, org):
    """The browser fetches /sw.js in the background on navigations (and the
    health check is polled): an answer to such a request, sent with the cookie
    of a moment ago and arriving late, must not put that older session back
    over a newer one (it once replaced the login page's fresh CSRF token, so
    the next "Masuk" bounced back to the login page)."""
    for masuk in (False, True):
        client.get("/login")  # the session now holds a CSRF token
        if masuk:
            auth.login("staf")
        for url in ("/sw.js", "/luring", "/healthz"):
            r = client.get(url)
            assert r.status_code == 200, url
            assert not [c for c in r.headers.getlist("Set-Cookie") if c.startswith("session=")], (url, masuk)
