"""The attacks and careless-admin cases that got through before, each tried
again and now refused: sessions that outlived logout, a demo superadmin on the
network, NIPs in other digit scripts, inline script, an endless search, POSTs
from other sites, parallel guesses that overran the throttle, an unthrottled
password check, a stranger locking an owner out, a spoofed client address,
world-readable files and any `?v=` cached for a year. (The account takeover
and the edit forms that moved data: test_akun_wewenang.py, test_formulir_ubah.py.)"""
import datetime
import io
import os
import re
import stat
import threading
import uuid

import pytest

from kinerja import create_app
from kinerja.cli import hanya_lokal, periksa_mulai
from kinerja.db import database, migrate
from kinerja.models import GagalMasuk, Pegawai, Riwayat, Sesi
from tests.conftest import HASH_METHOD, NIP, SANDI, Auth, csrf_token, kirim, teks
from tests.halaman import Halaman


def salin_kue(client):
    """The session cookie as an attacker would copy it."""
    return client.get_cookie("session").value


def dengan_kue(app, nilai):
    c = app.test_client()
    c.set_cookie("session", nilai)
    return c


# ---------------------------------------------------------------- sessions

def test_kue_yang_disalin_sebelum_keluar_ditolak(app, client, auth, org):
    auth.login("staf")
    curian = salin_kue(client)
    assert dengan_kue(app, curian).get("/").status_code == 200  # it worked before logout
    auth.logout()
    r = dengan_kue(app, curian).get("/")
    assert r.status_code == 302 and "/login" in r.location
    with database:
        assert Sesi.get().dicabut_pada is not None


def test_sesi_berakhir_setelah_diam_dan_setelah_batas_mutlak(app, client, auth, org, jam):
    jam.setel("2026-11-28T08:00")
    auth.login("staf")
    jam.setel("2026-11-28T15:59")  # 7 h 59 min later: still signed in (and that use counts)
    assert client.get("/").status_code == 200
    jam.setel("2026-11-29T00:00")  # 8 h 1 min after the last use
    assert client.get("/").status_code == 302
    # Absolute: used every few hours, still ended 7 days after signing in.
    auth.login("staf")
    for hari in range(1, 8):
        jam.setel(datetime.datetime(2026, 11, 29, 0, 0) + datetime.timedelta(hours=6 * hari))
        assert client.get("/").status_code == 200
    jam.setel("2026-12-06T00:01")
    assert client.get("/").status_code == 302


def test_perangkat_terlihat_dan_bisa_dikeluarkan(app, client, auth, org):
    auth.login("staf")
    lain = app.test_client()
    Auth(lain).login("staf")
    h = Halaman(client.get("/akun/perangkat"))
    html = h.teks()
    assert len([t for t in h.daftar_tombol() if "Keluarkan" in t]) >= 2
    assert "perangkat ini" in html and "WIB" in html
    with database:
        milik_lain = Sesi.select().order_by(Sesi.id.desc()).get()
    r = kirim(client, f"/akun/perangkat/{milik_lain.id}/keluar", token_from="/akun/perangkat")
    assert r.status_code == 303
    assert lain.get("/").status_code == 302  # the other device is out
    assert client.get("/").status_code == 200  # this one is not
    with database:
        baris = Riwayat.get(Riwayat.aksi == "perangkat_dikeluarkan")
        # Recorded on the person (not on the current_user proxy's type), so their history shows it.
        assert (baris.objek, baris.objek_id) == ("pegawai", org["pegawai"]["staf"].id)


def test_migrasi_0010_riwayat_perangkat_kembali_ke_pegawai(db_baru):
    """Rows written as "localproxy" before the fix become the person's history."""
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": db_baru("m10")})
    migrate("0009_indeks_tim")
    with database.connection_context():
        database.execute_sql("INSERT INTO riwayat (waktu, aktor_id, objek, objek_id, aksi, data) "
                             "VALUES ('2026-11-01 09:00:00', NULL, 'localproxy', 7, 'perangkat_dikeluarkan', '{}')")
    assert migrate("0010_riwayat_objek_pegawai") == ["0010_riwayat_objek_pegawai"]
    with database.connection_context():
        assert [tuple(b) for b in database.execute_sql("SELECT objek, objek_id FROM riwayat").fetchall()] \
            == [("pegawai", 7)]


def test_sesi_orang_lain_tidak_bisa_dikeluarkan(app, client, auth, org):
    lain = app.test_client()
    Auth(lain).login("kasi")
    with database:
        sesi_kasi = Sesi.get()
    auth.login("staf")
    r = kirim(client, f"/akun/perangkat/{sesi_kasi.id}/keluar", token_from="/akun/perangkat")
    assert r.status_code == 404
    assert lain.get("/").status_code == 200


def test_keluarkan_semua_perangkat_lain(app, client, auth, org):
    auth.login("staf")
    lain = [app.test_client() for _ in range(2)]
    for c in lain:
        Auth(c).login("staf")
    r = kirim(client, "/akun/perangkat/keluar-lain", token_from="/akun/perangkat")
    assert r.status_code == 303 and "2 perangkat lain dikeluarkan" in Halaman(client.get(r.location)).teks()
    assert [c.get("/").status_code for c in lain] == [302, 302]
    assert client.get("/").status_code == 200


def test_ganti_sandi_mengeluarkan_semua_perangkat_lain(app, client, auth, org):
    auth.login("staf")
    lain = app.test_client()
    Auth(lain).login("staf")
    r = kirim(client, "/akun/sandi", {"lama": SANDI, "baru": "sandi-baru-123", "ulangi": "sandi-baru-123"},
              token_from="/akun/sandi")
    assert r.status_code == 303
    assert lain.get("/").status_code == 302
    assert client.get("/").status_code == 200  # the device that changed it stays in


def test_atur_ulang_oleh_admin_mengeluarkan_semua(app, client, auth, org):
    pegawai = app.test_client()
    Auth(pegawai).login("staf")
    auth.login("admin_disdik")
    r = kirim(client, f"/admin/pegawai/{org['pegawai']['staf'].id}/sandi", token_from="/")
    assert r.status_code == 200 and "Kata sandi sementara untuk" in Halaman(r).teks()
    assert pegawai.get("/").status_code == 302
    with database:
        assert not Sesi.select().where((Sesi.pegawai == org["pegawai"]["staf"].id)
                                       & Sesi.dicabut_pada.is_null()).exists()


# ---------------------------------------------------------------- first run

def test_server_jaringan_dengan_data_demo_menolak_mulai(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        boleh, pesan = periksa_mulai("0.0.0.0")
    assert not boleh and "kata sandi yang diketahui umum" in pesan and "create-admin" in pesan
    with app.app_context():
        assert periksa_mulai("127.0.0.1")[0]
    # Behind Caddy the server binds 127.0.0.1 but the network reaches it.
    for setelan in ({"TRUSTED_PROXIES": ["127.0.0.1"]}, {"SESSION_COOKIE_SECURE": True}):
        app.config.update(setelan)
        with app.app_context():
            boleh, pesan = periksa_mulai("127.0.0.1")
        assert not boleh and "di balik proksi" in pesan
    app.config["DEMO"] = True
    with app.app_context():
        assert periksa_mulai("0.0.0.0")[0] and periksa_mulai("127.0.0.1")[0]


def test_make_run_jaringan_pada_basis_data_kosong_tanpa_sandi_umum(app, runner):
    r = runner.invoke(args=["seed-demo", "--if-empty", "--untuk-host", "0.0.0.0"])
    assert r.exit_code == 0 and "data demo tidak dibuat" in r.output and "demo-login" not in r.output
    with database:
        assert Pegawai.select().count() == 0
    with app.app_context():
        boleh, pesan = periksa_mulai("0.0.0.0")
    assert boleh and "create-admin" in pesan


def test_halaman_demo_bertanda_data_demo(app, runner, client):
    assert "DATA DEMO" not in Halaman(client.get("/login")).teks()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert "DATA DEMO" in Halaman(client.get("/login")).teks()


@pytest.mark.parametrize("host,lokal", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                        ("127.0.1.1", True), ("0.0.0.0", False), ("192.168.1.10", False),
                                        ("::", False), ("kinerja.local", False)])
def test_alamat_lokal(host, lokal):
    assert hanya_lokal(host) is lokal


# ---------------------------------------------------------------- NIP

ARAB = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
LEBAR = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("peta", [ARAB, LEBAR], ids=["arab-indik", "lebar-penuh"])
def test_nip_angka_lain_ditolak_di_formulir(client, auth, org, peta):
    auth.login("superadmin")
    nip = NIP["staf"].translate(peta)
    r = kirim(client, "/admin/pegawai/baru", {"nip": nip, "nama": "Kembaran", "jabatan": "X",
                                              "jenis_jabatan": "pelaksana", "jenis_asn": "pns",
                                              "unit": str(org["unit"]["bidang_sd"].id)}, token_from="/")
    assert r.status_code == 422 and "NIP hanya boleh berisi angka 0-9." in Halaman(r).teks()
    with database:
        assert Pegawai.select().where(Pegawai.nama == "Kembaran").count() == 0


def test_nip_angka_lain_ditolak_di_impor_cli_dan_login(app, client, auth, runner, org):
    nip = NIP["staf"].translate(ARAB)
    auth.login("superadmin")
    csv = f"nip,nama,jabatan,jenis_jabatan,jenis_asn,kode_unit,nip_atasan\n{nip},Kembaran,X,pelaksana,pns,DISDIK,\n"
    r = kirim(client, "/admin/impor", {"berkas": (io.BytesIO(csv.encode()), "p.csv")}, token_from="/",
              content_type="multipart/form-data")
    html = Halaman(client.get(r.location)).teks() if r.status_code == 303 else Halaman(r).teks()
    assert "NIP hanya boleh berisi angka 0-9." in html
    auth.logout()
    r = runner.invoke(args=["create-admin", "--nip", nip, "--password", "rahasia-panjang"])
    assert r.exit_code != 0 and "angka 0-9" in r.output
    r = kirim(client, "/login", {"nip": nip, "password": SANDI})
    assert r.status_code == 422 and "angka 0-9" in Halaman(r).teks()
    with database:
        assert Pegawai.select().where(Pegawai.nama == "Kembaran").count() == 0


def test_nip_login_dibatasi_panjangnya(client, org):
    r = kirim(client, "/login", {"nip": "1" * 5000, "password": "x"})
    assert r.status_code == 422
    with database:
        assert GagalMasuk.select().count() == 0


# ---------------------------------------------------------------- headers and origin

def test_csp_ketat_di_setiap_halaman_html(client, auth, org):
    auth.login("staf")
    for url in ("/login", "/", "/skp", "/akun/perangkat", "/luring"):
        csp = client.get(url, follow_redirects=True).headers["Content-Security-Policy"]
        arahan = dict(a.strip().split(" ", 1) for a in csp.split(";"))
        assert arahan["default-src"] == "'self'" and arahan["script-src"] == "'self'"
        assert arahan["frame-ancestors"] == "'none'" and "unsafe-inline" not in csp


def test_tak_ada_skrip_atau_gaya_sebaris_di_templat():
    akar = os.path.join(os.path.dirname(__file__), "..", "templates")
    temuan = []
    for folder, _, berkas in os.walk(akar):
        for nama in berkas:
            isi = open(os.path.join(folder, nama), encoding="utf-8").read()
            if re.search(r"<script(?![^>]*\bsrc=)", isi) or re.search(r"\sstyle=", isi) or re.search(r"\son[a-z]+=", isi):
                temuan.append(nama)
    assert temuan == []


def test_css_sebaris_cocok_dengan_hash_csp(client, org):
    import base64
    import hashlib
    r = client.get("/login")
    gaya = re.search(r"<style>(.*?)</style>", teks(r), re.S).group(1)
    sidik = base64.b64encode(hashlib.sha256(gaya.encode()).digest()).decode()
    assert f"'sha256-{sidik}'" in r.headers["Content-Security-Policy"]


@pytest.mark.parametrize("kepala", [{"Origin": "http://penipu.example"}, {"Origin": "null"},
                                    {"Referer": "http://penipu.example/form"}])
def test_post_dari_situs_lain_ditolak_walau_token_sah(client, auth, org, kepala):
    auth.login("staf")
    token = csrf_token(client, "/")
    r = client.post("/logout", data={"csrf_token": token}, headers=kepala)
    assert r.status_code == 403 and "situs lain" in Halaman(r).teks()
    assert client.get("/").status_code == 200  # still signed in


def test_post_dari_situs_sendiri_diterima(client, auth, org):
    auth.login("staf")
    token = csrf_token(client, "/")
    r = client.post("/logout", data={"csrf_token": token}, headers={"Origin": "http://localhost"})
    assert r.status_code == 303


def test_https_tanpa_referer_tetap_bisa_mengirim(client, org):
    """Behind the HTTPS proxy (X-Forwarded-Proto: https), a browser or an
    extension that drops the Referer can still log in and save: the CSRF
    token is what counts; a foreign Origin/Referer is refused above."""
    https = {"base_url": "https://localhost"}
    token = Halaman(client.get("/login", **https)).isian("csrf_token").value
    r = client.post("/login", data={"nip": NIP["staf"], "password": SANDI, "csrf_token": token,
                                    "submission_id": str(uuid.uuid4())}, **https)
    assert r.status_code == 303 and "/login" not in r.headers["Location"]
    assert client.get("/", **https).status_code == 200
    r = client.post("/login", data={"nip": NIP["staf"], "password": SANDI, "csrf_token": "palsu"}, **https)
    assert r.status_code == 400  # without the token: still refused


def test_pencarian_raksasa_400_bukan_500(client, auth, org):
    auth.login("superadmin")
    r = client.get("/admin/pegawai", query_string={"q": "a" * 50000})
    assert r.status_code == 400 and "paling banyak 100 karakter" in Halaman(r).teks()


def test_isian_teks_tanpa_batas_sendiri_dibatasi(client, auth, rencana):
    auth.login("kasi")
    skp = rencana["skp"]["staf"]
    r = kirim(client, f"/skp/{skp.id}/pejabat", {"alasan": "x" * 20000, "version": "1"}, token_from="/")
    assert r.status_code in (403, 422)


def test_v_asing_tidak_disimpan_setahun(client, org):
    skrip = [el.get("src") for el in Halaman(client.get("/login")).pilih("script[src]")]
    asli = [re.fullmatch(r"/static/js/app\.js\?v=([0-9a-f]+)", s) for s in skrip if "app.js" in s][0].group(1)
    assert "immutable" in client.get(f"/static/js/app.js?v={asli}").headers["Cache-Control"]
    r = client.get("/static/js/app.js?v=palsu")
    assert r.status_code == 200 and "immutable" not in r.headers.get("Cache-Control", "")


# ---------------------------------------------------------------- throttles

def _tebak_serentak(app, n, data_dari, url="/login", siapkan=None):
    """`n` POSTs at once from `n` clients; their status codes."""
    klien = [app.test_client() for _ in range(n)]
    for c in klien:
        if siapkan:
            siapkan(c)
    token = [csrf_token(c, "/akun/sandi" if siapkan else "/login") for c in klien]
    mulai, hasil = threading.Barrier(n), [None] * n

    def tebak(i):
        mulai.wait()
        data = dict(data_dari(i), csrf_token=token[i], submission_id=str(uuid.uuid4()))
        hasil[i] = klien[i].post(url, data=data).status_code
    utas = [threading.Thread(target=tebak, args=(i,)) for i in range(n)]
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    return hasil


def test_tebakan_serentak_tidak_melewati_batas(app, org):
    hasil = _tebak_serentak(app, 20, lambda i: {"nip": NIP["staf"], "password": f"salah-{i}"})
    maks = app.config["LOGIN_MAX_FAILURES_PER_NIP"]
    assert hasil.count(401) == maks and hasil.count(429) == 20 - maks  # exactly 5 password checks


def test_sandi_lama_dibatasi_juga_serentak(app, org):
    hasil = _tebak_serentak(app, 12, lambda i: {"lama": f"salah-{i}", "baru": "sandi-baru-123",
                                                "ulangi": "sandi-baru-123"},
                            url="/akun/sandi", siapkan=lambda c: Auth(c).login("staf"))
    maks = app.config["SANDI_MAX_FAILURES"]
    assert hasil.count(422) == maks and hasil.count(429) == 12 - maks


def test_orang_asing_tidak_bisa_mengunci_pemilik(app, client, auth, org):
    # The owner signed in on this browser before (it remembers that NIP).
    assert auth.login("staf").status_code == 303
    auth.logout()
    penyerang = [app.test_client() for _ in range(5)]
    for i, c in enumerate(penyerang):  # from five other addresses, until each is held
        alamat = {"REMOTE_ADDR": f"10.9.9.{i}"}
        kode = [c.post("/login", data={"nip": NIP["staf"], "password": "tebak", "submission_id": str(uuid.uuid4()),
                                       "csrf_token": csrf_token(c)}, environ_base=alamat).status_code
                for _ in range(6)]
        assert kode[-1] == 429
    # 25 failures on this NIP: over the per-NIP limit (20) for unknown browsers...
    baru = app.test_client()
    r = baru.post("/login", data={"nip": NIP["staf"], "password": SANDI, "submission_id": str(uuid.uuid4()),
                                  "csrf_token": csrf_token(baru)}, environ_base={"REMOTE_ADDR": "10.8.8.8"})
    assert r.status_code == 429
    # ...but the owner on their own browser signs in.
    assert auth.login("staf").status_code == 303


def test_alamat_dari_proksi_tepercaya_saja(app, client, auth, org):
    palsu = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"]):
        client.post("/login", data={"nip": NIP["kasi"], "password": "x", "csrf_token": csrf_token(client),
                                    "submission_id": str(uuid.uuid4())}, headers=palsu)
    with database:
        kunci = {g.kunci for g in GagalMasuk.select()}
    assert "addr:127.0.0.1" in kunci and not any("203.0.113.7" in k for k in kunci)  # header ignored
    app.config["TRUSTED_PROXIES"] = ["127.0.0.1"]
    client.post("/login", data={"nip": NIP["kabid"], "password": "x", "csrf_token": csrf_token(client),
                                "submission_id": str(uuid.uuid4())},
                headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"})
    with database:
        assert GagalMasuk.select().where(GagalMasuk.kunci == "addr:203.0.113.9").exists()


# ---------------------------------------------------------------- files

@pytest.mark.sqlite_saja("izin berkas basis data")
def test_berkas_hanya_untuk_pengguna_layanan(tmp_path):
    path = tmp_path / "baru" / "kinerja.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}",
                      "PASSWORD_HASH_METHOD": HASH_METHOD})
    migrate()
    mode = stat.S_IMODE(os.stat(path).st_mode)
    assert mode & 0o077 == 0, oct(mode)
    assert stat.S_IMODE(os.stat(path.parent).st_mode) & 0o077 == 0
    # An existing world-readable database is closed down on start.
    os.chmod(path, 0o644)
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}"})
    assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
    secret = os.path.join(app.instance_path, "secret_key")
    if os.path.exists(secret):
        assert stat.S_IMODE(os.stat(secret).st_mode) & 0o077 == 0
