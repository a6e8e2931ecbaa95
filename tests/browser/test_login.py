"""A pegawai logs in on a 360 px screen and sees their home page."""
from tests.conftest import NIP, SANDI


def masuk(page, base, key, password=SANDI):
    """Fill and send the login form as a person would."""
    page.goto(base + "/login")
    page.get_by_label("NIP").fill(NIP[key])
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_masuk_di_360px_menampilkan_beranda(page, live_server):
    masuk(page, live_server, "staf")
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Selamat datang, Rina Marpaung").is_visible()
    assert page.get_by_text("Budi Santoso").is_visible()          # atasan
    assert page.locator(".peran").inner_text() == "Pegawai"
    # nothing overflows the phone screen sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_sandi_salah_menampilkan_ringkasan_galat(page, live_server):
    masuk(page, live_server, "staf", "salah")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "NIP atau kata sandi salah." in alert.inner_text()
    assert page.get_by_label("NIP").input_value() == NIP["staf"]


def test_atasan_melihat_tim(page, live_server):
    masuk(page, live_server, "kasi")
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Bawahan langsung (1)").is_visible()
    assert page.get_by_text("Rina Marpaung").is_visible()
    assert page.locator(".peran").inner_text() == "Atasan"
