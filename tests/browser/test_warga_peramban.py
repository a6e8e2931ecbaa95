"""Suara warga in Chromium at 360 px, as a citizen meets it: JavaScript off,
the QR URL of a service slip (/s/<unit>?kode=<code>) opens the survey with
the code filled in, the answers are sent by a plain form, the thanks page
follows, and the database holds the response tied to that service with the
code spent. Then a complaint: its ticket page shows "Diterima". Survey,
complaint, ticket and transparency pages pass axe's WCAG 2.2 A/AA rules and
never scroll sideways; the QR poster prints on one A4 page."""
import datetime
import re

import pytest

from kinerja.db import database
from kinerja.warga.models import CatatanLayanan, Pengaduan, ResponSurvei
from tests.browser.test_aksesibilitas import gagal_bila_ada, jalankan, pasang_axe, periksa

UNIT = "PKM-STR"
KODE = "K7PM3Q"


@pytest.fixture
def slip(app, puskesmas):
    """A finished service of the petugas with a fresh code on its slip; the
    minimum fill time lowered to 1 s (a person takes longer, the test need not)."""
    app.config["WARGA_MIN_DETIK"] = 1
    mulai = datetime.datetime(2026, 11, 27, 9, 0)
    with database:
        catatan = CatatanLayanan.create(layanan=puskesmas["layanan"]["surat"], unit=puskesmas["unit"],
                                        pegawai=puskesmas["petugas"], mulai=mulai,
                                        selesai=mulai + datetime.timedelta(minutes=20), kode=KODE)
    return catatan


def _pas_layar(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_survei_dan_pengaduan_lewat_qr_tanpa_javascript(page_tanpa_js, live_server, slip, puskesmas):
    page = page_tanpa_js
    page.goto(f"{live_server}/s/{UNIT}?kode={KODE.lower()}")  # as a phone's camera opens the slip's QR
    assert page.url.startswith(f"{live_server}/warga/{UNIT}/survei")
    assert page.get_by_role("heading", level=1).inner_text() == "Survei kepuasan layanan"
    assert page.locator("input[name=kode]").input_value().upper() == KODE
    _pas_layar(page)
    for i, fieldset in enumerate(page.locator("form fieldset").all()):
        fieldset.locator("label.pilih").nth(3 if i % 3 else 2).click()  # a mostly very satisfied citizen
    page.get_by_label("Komentar").fill("Petugas ramah, surat selesai cepat.")
    page.wait_for_timeout(1100)  # past the minimum fill time
    page.get_by_role("button", name="Kirim survei").click()
    page.wait_for_url(f"{live_server}/warga/{UNIT}/terima-kasih")
    assert "Terima kasih" in page.locator("main").inner_text()
    _pas_layar(page)
    with database:
        respon = ResponSurvei.get(ResponSurvei.unit == puskesmas["unit"].id)
        assert (respon.catatan_id, respon.pegawai_id) == (slip.id, puskesmas["petugas"].id)
        assert [getattr(respon, f"u{i}") for i in range(1, 10)] == [3, 4, 4, 3, 4, 4, 3, 4, 4]
        assert respon.komentar == "Petugas ramah, surat selesai cepat." and not respon.ditandai
        assert CatatanLayanan.get_by_id(slip.id).kode_terpakai is not None
        assert ResponSurvei.select().count() == 1

    page.goto(f"{live_server}/warga/{UNIT}/pengaduan")
    _pas_layar(page)
    page.locator("textarea#isi").fill("Antrean pendaftaran pagi ini tidak memakai nomor.")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Kirim pengaduan").click()
    page.wait_for_url(re.compile(r"/warga/tiket/[A-Z0-9]+$"))
    tiket = page.url.rsplit("/", 1)[1]
    isi = page.locator("main").inner_text()
    assert "Status pengaduan" in isi and re.search(r"Status\s+Diterima", isi)
    _pas_layar(page)
    with database:
        aduan = Pengaduan.get(Pengaduan.tiket == tiket)
        assert aduan.status == "diterima" and aduan.unit_id == puskesmas["unit"].id
        assert aduan.isi == "Antrean pendaftaran pagi ini tidak memakai nomor."


def test_halaman_publik_lolos_axe_di_360(page, live_server, slip, puskesmas):
    """axe needs the page's scripts (its timers), so this page has them on;
    the pages send none of their own, so what axe reads is what a phone
    without JavaScript shows."""
    with database:
        aduan = Pengaduan.create(unit=puskesmas["unit"], isi="Ruang tunggu panas.", tiket="ABCDEFGHJK",
                                 status="ditindaklanjuti", jawaban="Kipas angin sedang diperbaiki.",
                                 dijawab_pada=datetime.datetime(2026, 11, 27, 10, 0))
    pasang_axe(page)
    temuan = periksa(page, live_server, [
        f"/warga/{UNIT}/survei", f"/warga/{UNIT}/pengaduan", f"/warga/tiket/{aduan.tiket}",
        f"/warga/{UNIT}/transparansi", f"/warga/{UNIT}/terima-kasih", "/warga/tiket?tiket=ABCDE-XXXXX"])
    # the survey with the server's error messages (sent empty past the fill time)
    page.goto(f"{live_server}/warga/{UNIT}/survei")
    page.wait_for_timeout(1100)
    page.locator("form").evaluate("f => f.noValidate = true")  # the server's check, not the browser's
    page.get_by_role("button", name="Kirim survei").click()
    page.locator(".galat-ringkas").wait_for()
    gagal_bila_ada(temuan + jalankan(page, "survei (galat)"))


def test_poster_qr_tercetak_satu_halaman_a4(page, live_server, puskesmas):
    page.goto(f"{live_server}/warga/{UNIT}/poster")
    svg = page.locator("svg[role=img]")
    assert svg.count() == 1 and "Kode QR" in svg.locator("title").text_content()
    page.emulate_media(media="print")
    assert not page.locator(".layar-saja").first.is_visible()  # the printing hint stays on screen
    pdf = page.pdf(format="A4", print_background=True)
    halaman = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert halaman == 1, f"poster tercetak {halaman} halaman A4"
    # on the sheet (A4 is 210 mm = 794 CSS px wide) the QR is big enough to
    # scan from a step away: at least 8 cm
    page.set_viewport_size({"width": 794, "height": 1123})
    assert svg.bounding_box()["width"] >= 80 / 25.4 * 96
