"""A pegawai logs in on a 360 px screen and sees their home page."""
from tests.conftest import NIP, SANDI


def test_login_at_360px_shows_home(page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("NIP").fill(NIP["staf"])
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Selamat datang, Rina Marpaung").is_visible()
    assert page.get_by_text("Budi Santoso").is_visible()          # atasan
    assert page.locator(".peran").inner_text() == "Pegawai"
    # nothing overflows the phone screen sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_shows_error_summary(page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("NIP").fill(NIP["staf"])
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "NIP atau kata sandi salah." in alert.inner_text()
    assert page.get_by_label("NIP").input_value() == NIP["staf"]


def test_superior_sees_team(page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("NIP").fill(NIP["kasi"])
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("heading", name="Bawahan langsung (1)").is_visible()
    assert page.get_by_text("Rina Marpaung").is_visible()
    assert page.locator(".peran").inner_text() == "Atasan"
