"""Cross-cutting guards: CSRF on every POST, login on every page, submission_id
on every write form, friendly errors, security headers."""
import re

from kinerja.db import database
from kinerja.models import ImporBatch, Pegawai, Periode, Riwayat, Unit
from kinerja.warga.models import CatatanLayanan, Layanan, Pengaduan, ResponSurvei
from tests.conftest import kirim, teks
from tests.halaman import Halaman

def _url_post(app, org, kode_unit="PKM-STR"):
    # kode: a unit open to the public (the puskesmas fixture), so its survey
    # and complaint forms reach the CSRF check rather than a 404.
    ids = {"pegawai_id": org["pegawai"]["staf"].id, "unit_id": org["unit"]["bkpsdm"].id,
           "periode_id": 1, "batch_id": 1, "id": 1, "kode": kode_unit}
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            urls.append(rule.build({a: ids.get(a, 1) for a in rule.arguments})[1])
    return urls

def _potret_data():
    with database:
        return tuple(m.select().count() for m in (Pegawai, Unit, Periode, Riwayat, ImporBatch, ResponSurvei,
                                                   Pengaduan, CatatanLayanan, Layanan)) + \
            (Pegawai.get(Pegawai.nip == "199001012015032006").password_hash,)

def test_csrf_diwajibkan_pada_setiap_post(app, client, auth, org, puskesmas):
    auth.login("superadmin")
    urls = _url_post(app, org)
    assert len(urls) >= 10
    before = _potret_data()
    for url in urls:
        r = client.post(url, data={"submission_id": "kunci-uji-csrf-1", "nama": "X", "aktif": "0"})
        assert r.status_code == 400, url
        assert "kedaluwarsa" in Halaman(r).teks()
    assert _potret_data() == before

def test_setiap_halaman_wajib_masuk(app, client, org):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "healthz", "auth.login"):
            continue
        if rule.endpoint.startswith("luring."):
            continue  # the service worker, the offline page and /sesi (401): see tests/test_luring.py
        if rule.endpoint.startswith("publik."):
            continue  # citizens' pages, open by design: see tests/test_warga_publik.py
        url = rule.build({a: 1 for a in rule.arguments})[1]
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r.headers["Location"], url

def _formulir_di(client, url):
    """The POST forms of a page, parsed."""
    h = Halaman(client.get(url, follow_redirects=True))
    return [f for f in h.pilih("form") if (f.get("method") or "").lower() == "post"]


def _periksa_kunci(forms, url):
    """Every POST form carries the CSRF token; every write form a submission_id."""
    assert forms, url
    for form in forms:
        nama = {el.get("name") for el in form.xpath(".//input")}
        assert "csrf_token" in nama, url
        if not (form.get("action") or "").endswith("/logout"):
            assert "submission_id" in nama, (url, form.get("action"))


def test_formulir_tulis_membawa_submission_id(client, auth, org):
    auth.login("superadmin")
    for url in ("/login", "/akun/sandi", "/admin/pegawai/baru", f"/admin/pegawai/{org['pegawai']['staf'].id}",
                "/admin/unit/baru", "/admin/periode/baru", "/admin/periode/1", "/admin/impor"):
        _periksa_kunci(_formulir_di(client, url), url)

def test_submission_id_salah_ditolak(client, auth, org):
    auth.login("superadmin")
    r = kirim(client, "/admin/unit/baru", {"nama": "X", "kode": "X1", "jenis": "bidang",
                                           "parent": str(org["unit"]["disdik"].id)},
              submission_id="<bad key>", token_from="/")
    assert r.status_code == 400 and "tidak valid" in Halaman(r).teks()

def test_404_ramah(client, auth, org):
    auth.login("superadmin")
    r = client.get("/admin/pegawai/99999")
    assert r.status_code == 404 and "Tidak ditemukan" in Halaman(r).teks()
    assert client.get("/tidak-ada").status_code == 404

def test_header_keamanan_dan_cache_statis(client, org):
    r = client.get("/login")
    assert r.headers["X-Frame-Options"] == "DENY"
    css = [el.get("href") for el in Halaman(r).pilih("link[href]")
           if re.fullmatch(r"/static/css/app\.css\?v=[0-9a-f]+", el.get("href"))][0]
    r = client.get(css)
    assert "immutable" in r.headers["Cache-Control"]


def test_badan_permintaan_terlalu_besar_ditolak_sebelum_dibaca(client, auth, org, app):
    auth.login("superadmin")
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    r = client.post("/admin/pegawai/baru", data=big, content_type="application/octet-stream")
    assert r.status_code == 413
    assert "melebihi batas ukuran" in Halaman(r).teks()


def test_formulir_skp_membawa_submission_id(client, auth, rencana):
    """Every write form of the SKP pages, for the pegawai and for the penilai."""
    staf, rhk = rencana["skp"]["staf"], rencana["rhk"]["staf"]
    halaman = {
        "staf": ["/skp", f"/skp/{staf.id}", f"/skp/{staf.id}/rhk/{rhk.id}", f"/skp/{staf.id}/rhk/{rhk.id}/hapus",
                 f"/skp/{staf.id}/rhk/{rhk.id}/iki", f"/skp/{staf.id}/lampiran"],
        "kasi": [f"/skp/{staf.id}/perilaku", "/tim/ekspektasi", f"/tim/rhk/{rencana['rhk']['kasi'].id}/bagikan"],
        "admin_disdik": [f"/skp/{staf.id}/pejabat"],
    }
    for siapa, urls in halaman.items():
        auth.login(siapa)
        for url in urls:
            _periksa_kunci(_formulir_di(client, url), url)
        auth.logout()


def test_id_raksasa_di_url_dan_isian_404_bukan_500(client, auth, berjalan):
    auth.login("superadmin")
    besar = "9" * 25
    for url in (f"/skp/{besar}", f"/bukti/{besar}", f"/penilaian/{besar}", f"/admin/pegawai/{besar}",
                f"/unit/{besar}/kinerja", f"/keberatan/{besar}"):
        assert client.get(url).status_code == 404, url
    r = kirim(client, "/admin/pegawai/baru", {"nip": "199001012015031099", "nama": "X", "jabatan": "Y",
              "jenis_jabatan": "pelaksana", "jenis_asn": "pns", "unit": besar}, token_from="/")
    assert r.status_code == 422
    assert client.get(f"/tim?periode={besar}").status_code in (200, 404)


def test_formulir_boost_yang_ditolak_tidak_mendorong_url_post(client, auth, rencana):
    """A refused form sent by hx-boost keeps the page's address: a reload
    after it is a plain GET of the page, never "method not allowed"."""
    auth.login("staf")
    skp = rencana["skp"]["staf"]
    r = kirim(client, f"/skp/{skp.id}/rhk", {"jenis": "utama", "uraian": ""}, token_from="/skp",
              headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert r.status_code == 422 and r.headers["HX-Push-Url"] == "false"
    r = kirim(client, f"/skp/{skp.id}/rhk", {"jenis": "utama", "uraian": "Baik"}, token_from="/skp",
              headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert r.status_code == 303 and "HX-Push-Url" not in r.headers


def test_halaman_dan_berkas_statis_dikompresi(client, auth, rencana):
    """Pages and static files travel compressed: brotli where the browser
    accepts it, else gzip; the answer varies by Accept-Encoding."""
    import brotli
    import gzip
    auth.login("staf")
    url = f"/skp/{rencana['skp']['staf'].id}"
    br = client.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert br.headers["Content-Encoding"] == "br" and "Accept-Encoding" in br.headers["Vary"]
    assert "Hasil kerja" in brotli.decompress(br.data).decode()
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and "Hasil kerja" in gzip.decompress(gz.data).decode()
    polos = client.get(url)
    assert "Content-Encoding" not in polos.headers and "Hasil kerja" in Halaman(polos).teks()
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', teks(polos)).group(1)
    r = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip" and b".kartu" in gzip.decompress(r.data)
    assert "immutable" in r.headers["Cache-Control"]


def test_nul_ditolak_400_di_mana_pun(client, auth, org, puskesmas):
    """A NUL in the path, query or a form field is a 400 (PostgreSQL cannot
    compare or store one: without this, a 500 on the public pages)."""
    for url in ("/warga/PKM%00/survei", "/s/PKM%00", "/warga/PKM-STR/transparansi?x=%00", "/warga/tiket/AB%00"):
        r = client.get(url)
        assert r.status_code == 400, url
        assert "NUL" in teks(r)
    auth.login("kapus")
    with database:
        sebelum = [(x.nama, x.version) for x in Layanan.select().order_by(Layanan.id)]
    layanan = puskesmas["layanan"]["daftar"]
    r = kirim(client, f"/layanan/{layanan.id}/ubah", {"nama": "Legalisir\x00", "standar_menit": "15",
                                                     "version": "1"}, token_from="/")
    assert r.status_code == 400 and "NUL" in teks(r)
    with database:
        assert [(x.nama, x.version) for x in Layanan.select().order_by(Layanan.id)] == sebelum
