"""Login, logout, password change, forced change, throttling and guards."""
import pytest

from kinerja.db import database
from kinerja.models import GagalMasuk, Pegawai, Riwayat
from tests.conftest import NIP, SANDI, kirim, teks


def test_login_page_has_named_fields(client):
    html = teks(client.get("/login"))
    assert 'name="nip"' in html and 'name="password"' in html
    assert 'name="submission_id"' in html
    assert '<label for="nip">NIP</label>' in html


def test_login_success_redirects_home_and_shows_name(client, auth, org):
    r = auth.login("staf")
    assert r.status_code == 303 and r.headers["Location"] == "/"
    html = teks(client.get("/"))
    assert "Rina Marpaung" in html
    assert "Budi Santoso" in html  # her atasan


def test_home_requires_login(client, org):
    r = client.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


@pytest.mark.parametrize("nip,password", [
    (NIP["staf"], "salah-sekali"),          # wrong password
    ("199901012020011999", SANDI),          # unknown NIP
])
def test_login_failure_same_message(client, auth, org, nip, password):
    r = auth.login(nip, password)
    assert r.status_code == 401
    html = teks(r)
    assert "NIP atau kata sandi salah." in html
    assert f'value="{nip}"' in html  # what was typed is kept
    with database:
        # per NIP from this address, per address, per NIP from everywhere
        assert sorted(g.kunci.split(":")[0] for g in GagalMasuk.select()) == ["addr", "nip", "nipaddr"]


def test_login_empty_fields(client, auth, org):
    r = kirim(client, "/login", {"nip": "", "password": ""})
    assert r.status_code == 422
    assert "NIP wajib diisi." in teks(r) and "Kata sandi wajib diisi." in teks(r)


def test_throttle_per_nip_even_for_correct_password(client, auth, org, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"]):
        assert auth.login("staf", "salah").status_code == 401
    r = auth.login("staf")
    assert r.status_code == 429
    assert "Terlalu banyak percobaan masuk" in teks(r)
    # another NIP from the same address is still allowed
    assert auth.login("kasi").status_code == 303


def test_throttle_unknown_nip_answers_the_same(client, auth, org, app):
    unknown = "199901012020011999"
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"]):
        auth.login(unknown, "x")
    known = [auth.login("staf", "x") for _ in range(app.config["LOGIN_MAX_FAILURES_PER_NIP"])]
    assert auth.login(unknown, "x").status_code == auth.login("staf", "x").status_code == 429
    assert all(r.status_code == 401 for r in known)


def test_throttle_per_address(client, auth, org, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDR"] = 3
    for i in range(3):
        auth.login(f"19900101201503200{i}", "x")
    r = auth.login("staf")
    assert r.status_code == 429


def test_inactive_account_cannot_login(client, auth, org):
    with database:
        Pegawai.update(aktif=False).where(Pegawai.nip == NIP["staf"]).execute()
    assert auth.login("staf").status_code == 401


def test_logout_is_post_only(client, auth, org):
    auth.login("staf")
    assert client.get("/logout").status_code == 405
    r = auth.logout()
    assert r.status_code == 303
    assert client.get("/").status_code == 302


def test_open_redirect_refused(client, org):
    r = kirim(client, "/login?next=//evil.example/x", {"nip": NIP["staf"], "password": SANDI})
    assert r.headers["Location"] == "/"


def test_change_password(client, auth, org):
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
def test_change_password_bad_input(client, auth, org, lama, baru, ulangi, pesan):
    auth.login("staf")
    with database:
        before = Pegawai.get(Pegawai.nip == NIP["staf"]).password_hash
    r = kirim(client, "/akun/sandi", {"lama": lama, "baru": baru, "ulangi": ulangi},
              token_from="/akun/sandi")
    assert r.status_code == 422
    assert pesan in teks(r)
    with database:
        assert Pegawai.get(Pegawai.nip == NIP["staf"]).password_hash == before


def test_forced_change_at_first_login(client, auth, org):
    with database:
        Pegawai.update(wajib_ganti_sandi=True).where(Pegawai.nip == NIP["staf"]).execute()
    auth.login("staf")
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/akun/sandi")
    assert "kata sandi sementara" in teks(client.get("/akun/sandi"))
    kirim(client, "/akun/sandi", {"lama": SANDI, "baru": "sandibaru99", "ulangi": "sandibaru99"},
          token_from="/akun/sandi")
    assert client.get("/").status_code == 200


def test_password_change_signs_out_other_sessions(app, org):
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
