"""The rekap in Chromium at 360 px, as each reader sees it: the superadmin
(the city), an OPD admin, a pemantau and a unit head. Each page passes axe's
WCAG 2.2 A/AA rules and never scrolls sideways (wide tables scroll inside
their labelled region), and the drill-down goes from the top of one's scope
to a person's evaluation of the period by plain links."""
import re

import pytest

from kinerja.db import database
from kinerja.models import Pegawai
from tests.browser.test_aksesibilitas import dinilai, gagal_bila_ada, jalankan, pasang_axe  # noqa: F401
from tests.browser.test_skp import masuk_ke


@pytest.fixture
def pemantau(app, org):
    """Maya Sari (Dinkes) appointed pemantau of the Dinas Pendidikan."""
    with database:
        Pegawai.update(peran="pemantau", admin_unit=org["unit"]["disdik"]).where(
            Pegawai.id == org["pegawai"]["staf_dinkes"].id).execute()
    return "staf_dinkes"


@pytest.mark.parametrize("siapa", ["superadmin", "admin_disdik", "pemantau", "kadis"])
def test_rekap_sampai_evaluasi_seseorang_di_360(page, live_server, dinilai, pemantau, siapa):
    pasang_axe(page)
    masuk_ke(page, live_server, pemantau if siapa == "pemantau" else siapa)
    nav = page.get_by_role("navigation", name="Menu utama")
    if nav.locator("summary").count():
        nav.locator("summary").click()
    nav.get_by_role("link", name="Rekap", exact=True).click()
    page.wait_for_url(re.compile(r"/rekap"))
    temuan = jalankan(page, f"{siapa} {page.url}")
    isi = page.locator("main").inner_text()
    if siapa != "superadmin":  # the scope is Disdik: Dinkes is nowhere
        assert "Dinas Kesehatan" not in isi, siapa
    # Down the tree by the unit links (the city's top shows Pemkot's OPD; an
    # OPD admin, pemantau or head of the Disdik starts at the Disdik).
    for unit in ("Dinas Pendidikan", "Bidang Pembinaan SD"):
        if unit in page.locator("h1").inner_text():
            continue
        with page.expect_navigation():
            page.locator("table.rekap tbody th").get_by_role("link", name=unit, exact=True).first.click()
        assert unit in page.locator("h1").inner_text()
        temuan += jalankan(page, f"{siapa} {page.url}")
    page.get_by_role("link", name="Daftar pegawai").click()
    page.wait_for_url(re.compile(r"/daftar"))
    temuan += jalankan(page, f"{siapa} {page.url}")
    assert "Rina Marpaung" in page.locator("main").inner_text()
    gagal_bila_ada(temuan)
    # From the person to their evaluation of the period (a reader's view, or the admin's).
    page.locator("main tr", has_text="Rina Marpaung").locator("a[href*='/kinerja/']").first.click()
    page.wait_for_url(re.compile(r"/skp/\d+/kinerja/3"))
    assert "Rina Marpaung" in page.locator("main").inner_text()
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
