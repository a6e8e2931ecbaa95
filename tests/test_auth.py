"""Login, logout, password change, forced change, throttling and guards."""
import pytest

from kinerja.db import database
from kinerja.models import GagalMasuk, Pegawai, Riwayat, Sesi
from tests.conftest import NIP, SANDI, csrf_token, kirim
from tests.halaman import Halaman


def test_halaman_masuk_berisian_bernama(client):
    h = Halaman(client.get("/login"))
    assert h.isian("nip").label == "NIP" and h.isian("password").jenis == "password"
    assert h.isian("password").label
    assert h.isian("submission_id").jenis == "hidden"


def test_masuk_berhasil_ke_beranda_dan_menampilkan_nama(client, auth, org):
    r = auth.login("staf")
    assert r.status_code == 303 and r.headers["Location"] == "/"
    html = Halaman(client.get("/")).teks()
    assert "Rina Marpaung" in html
    assert "Budi Santoso" in html  # her atasan


def test_beranda_wajib_masuk(client, org):
    r = client.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


@pytest.mark.parametrize("nip,password", [
    (NIP["staf"], "salah-sekali"),          # wrong password
    ("199901012020011999", SANDI),          # unknown NIP
])
def test_gagal_masuk_pesannya_sama(client, auth, org, nip, password):
    r = auth.login(nip, password)
    assert r.status_code == 401
    h = Halaman(r)
    assert "NIP atau kata sandi salah." in h.teks()
    assert h.isian("nip").value == nip and h.isian("password").value == ""  # the NIP typed is kept
    with database:
        # per NIP from this address, per address, per NIP from everywhere
        assert sorted(g.kunci.split(":")[0] for g in GagalMasuk.select()) == ["addr", "nip", "nipaddr"]


def test_masuk_dengan_isian_kosong(client, auth, org):
    r = kirim(client, "/login", {"nip": "", "password": ""})
    assert r.status_code == 422
    assert "NIP wajib diisi." in Halaman(r).teks() and "Kata sandi wajib diisi." in Halaman(r).teks()


def test_pembatasan_per_nip_walau_sandi_benar(client, auth, org, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"]):
        assert auth.login("staf", "salah").status_code == 401
    r = auth.login("staf")
    assert r.status_code == 429
    assert "Terlalu banyak percobaan masuk" in Halaman(r).teks()
    # another NIP from the same address is still allowed
    assert auth.login("kasi").status_code == 303


def test_pembatasan_nip_tak_dikenal_dijawab_sama(client, auth, org, app):
    unknown = "199901012020011999"
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"]):
        auth.login(unknown, "x")
    known = [auth.login("staf", "x") for _ in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"])]
    assert auth.login(unknown, "x").status_code == auth.login("staf", "x").status_code == 429
    assert all(r.status_code == 401 for r in known)


def test_pembatasan_per_alamat(client, auth, org, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDR"] = 3
    for i in range(3):
        auth.login(f"19900101201503200{i}", "x")
    r = auth.login("staf")
    assert r.status_code == 429


def test_akun_nonaktif_tidak_bisa_masuk(client, auth, org):
    with database:
        Pegawai.update(aktif=False).where(Pegawai.nip == NIP["staf"]).execute()
    assert auth.login("staf").status_code == 401


def test_keluar_hanya_lewat_post(client, auth, org):
    auth.login("staf")
    assert client.get("/logout").status_code == 405
    r = auth.logout()
    assert r.status_code == 303
    assert client.get("/").status_code == 302


def test_pengalihan_terbuka_ditolak(client, org):
    r = kirim(client, "/login?next=//evil.example/x", {"nip": NIP["staf"], "password": SANDI})
    assert r.headers["Location"] == "/"


def test_mengganti_sandi(client, auth, org):
    auth.login("staf")
    r = kirim(client, "/akun/sandi", {"lama": SANDI, "baru": "sandibaru99", "ulangi": "sandibaru99"},
              token_from="/akun/sandi")
    assert r.status_code == 303
    auth.logout()
    assert auth.login("staf").status_code == 401
    assert auth.login("staf", "sandibaru99").status_code == 303
    with database:
        assert Riwayat.select().where(Riwayat.aksi == "ubah_sandi").count() == 1


@pytest.mark.parametrize("lama,baru,ulangi,pesan", [
    ("salah", "sandibaru99", "sandibaru99", "Kata sandi sekarang salah."),
    (SANDI, "pendek", "pendek", "paling sedikit 8 karakter"),
    (SANDI, "sandibaru99", "lainlain99", "Ulangan kata sandi tidak sama."),
    (SANDI, SANDI, SANDI, "harus berbeda"),
    (SANDI, NIP["staf"], NIP["staf"], "tidak boleh sama dengan NIP"),
])
def test_mengganti_sandi_dengan_isian_salah(client, auth, org, lama, baru, ulangi, pesan):
    auth.login("staf")
    with database:
        before = Pegawai.get(Pegawai.nip == NIP["staf"]).password_hash
    r = kirim(client, "/akun/sandi", {"lama": lama, "baru": baru, "ulangi": ulangi},
              token_from="/akun/sandi")
    assert r.status_code == 422
    assert pesan in Halaman(r).teks()
    with database:
        assert Pegawai.get(Pegawai.nip == NIP["staf"]).password_hash == before


def test_wajib_ganti_sandi_saat_masuk_pertama(client, auth, org):
    with database:
        Pegawai.update(wajib_ganti_sandi=True).where(Pegawai.nip == NIP["staf"]).execute()
    auth.login("staf")
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/akun/sandi")
    assert "kata sandi sementara" in Halaman(client.get("/akun/sandi")).teks()
    kirim(client, "/akun/sandi", {"lama": SANDI, "baru": "sandibaru99", "ulangi": "sandibaru99"},
          token_from="/akun/sandi")
    assert client.get("/").status_code == 200


def test_ganti_sandi_mengeluarkan_sesi_lain(app, org):
    a, b = app.test_client(), app.test_client()
    from tests.conftest import Auth
    Auth(a).login("staf")
    Auth(b).login("staf")
    kirim(a, "/akun/sandi", {"lama": SANDI, "baru": "sandibaru99", "ulangi": "sandibaru99"},
          token_from="/akun/sandi")
    assert a.get("/").status_code == 200
    assert b.get("/").status_code == 302


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json["status"] == "ok" and r.json["database"]["ok"] is True


def test_formulir_masuk_kedaluwarsa_ditampilkan_lagi_dengan_nip(app, client, org):
    """A login page whose token the session no longer holds (another tab
    logged out, the server restarted): the form comes back with a fresh
    token, the NIP kept and a message, never a redirect to itself; sending
    it again signs in."""
    lama = csrf_token(app.test_client())  # another session's token
    client.get("/login")
    r = client.post("/login?next=/skp", data={"csrf_token": lama, "submission_id": "kedaluwarsa-1",
                                              "nip": NIP["staf"], "password": SANDI})
    assert r.status_code == 400 and "Location" not in r.headers
    h = Halaman(r)
    assert "Halaman masuk sudah kedaluwarsa" in h.pilih("[role=alert]")[0].text_content()
    assert h.isian("nip").value == NIP["staf"] and not h.isian("password").value
    with database:
        assert not Sesi.select().exists()  # nobody was signed in
    baru = h.isian("csrf_token").value
    r = client.post("/login?next=/skp", data={"csrf_token": baru, "submission_id": "kedaluwarsa-2",
                                              "nip": NIP["staf"], "password": SANDI})
    assert r.status_code == 303 and r.headers["Location"] == "/skp"
