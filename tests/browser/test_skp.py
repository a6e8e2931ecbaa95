"""The planning cycle in Chromium at 360 px: the pegawai drafts an SKP, the
superior returns it with a reason, the pegawai fixes and resubmits, the
superior approves. Every step through the real UI (htmx included)."""
import re

import pytest

from kinerja.db import database
from kinerja.skp.models import Skp
from tests.browser.test_login import masuk


@pytest.fixture
def tanpa_skp_staf(rencana):
    """The Disdik cascade without the staf's own SKP: they start from scratch."""
    with database:
        Skp.delete().where(Skp.id == rencana["skp"]["staf"].id).execute()
    return rencana


def masuk_ke(page, base, key):
    """Log in and wait for the home page, so the next navigation is signed in."""
    masuk(page, base, key)
    page.wait_for_url(base + "/")


def keluar(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/login"))


def test_siklus_perencanaan_skp_di_ponsel(page, live_server, tanpa_skp_staf):
    base = live_server
    masuk_ke(page, base, "staf")
    page.get_by_role("link", name="SKP saya").click()
    page.get_by_label("Kuantitatif").check()
    page.get_by_role("button", name="Buat SKP").click()
    page.get_by_role("heading", name=re.compile("SKP 2026")).wait_for()
    skp_url = page.url.split("#")[0]

    # RHK, linked to the superior's RHK, added inline.
    page.get_by_label("Rencana hasil kerja (RHK)").fill("Tersusunnya data pokok pendidikan SD")
    page.get_by_label("RHK atasan yang diintervensi").select_option(
        label="Meningkatnya mutu pendidikan dasar (kasi)")
    page.get_by_role("button", name="Tambah RHK").click()
    page.get_by_text("Tersusunnya data pokok pendidikan SD").wait_for()
    page.get_by_text("RHK utama 1 belum punya indikator (IKI).").wait_for()

    page.get_by_role("link", name="Tambah IKI untuk RHK utama 1").click()
    page.get_by_label("Indikator kinerja individu (IKI)").fill("Jumlah laporan dapodik")
    page.get_by_label("Target (angka)").fill("12")
    page.get_by_label("Satuan").fill("laporan")
    page.get_by_role("button", name="Tambah IKI").click()
    page.get_by_text("Target: 12 laporan").wait_for()
    assert page.get_by_text("Semua bagian wajib sudah lengkap.").is_visible()

    page.get_by_role("button", name="Ajukan ke penilai").click()
    page.get_by_text("SKP diajukan.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    keluar(page)

    # The superior finds it on the team page and returns it with a reason.
    masuk_ke(page, base, "kasi")
    page.get_by_role("link", name="Tim", exact=True).click()
    page.get_by_role("link", name=re.compile("Rina Marpaung")).first.click()
    page.get_by_text("Kembalikan untuk diperbaiki").click()
    page.get_by_label("Alasan dikembalikan (wajib)").fill("Target laporan dinaikkan menjadi 24.")
    page.get_by_role("button", name="Kembalikan", exact=True).click()
    page.get_by_text("SKP dikembalikan.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    keluar(page)

    # The pegawai reads the reason, fixes the target inline and resubmits.
    masuk_ke(page, base, "staf")
    page.goto(skp_url)
    page.get_by_role("note").filter(has_text="Alasan: Target laporan dinaikkan menjadi 24.").wait_for()
    page.get_by_role("link", name="Ubah IKI 1 RHK utama 1").click()
    page.get_by_label("Target (angka)").fill("24")
    page.get_by_role("button", name="Simpan IKI").click()
    page.get_by_text("Target: 24 laporan").wait_for()
    page.get_by_role("button", name="Ajukan ke penilai").click()
    page.get_by_text("SKP diajukan.").wait_for()
    keluar(page)

    # The superior approves; the SKP is locked.
    masuk_ke(page, base, "kasi")
    page.goto(skp_url)
    # The expectations are written in the approval; the empty ones are asked about first.
    page.get_by_label("Ekspektasi khusus: Akuntabel").fill("Laporan tepat waktu tiap bulan")
    page.get_by_role("button", name="Setujui SKP").click()
    page.get_by_text("Setujui tanpa ekspektasi untuk: Berorientasi Pelayanan, Kompeten").first.wait_for()
    assert page.get_by_label("Ekspektasi khusus: Akuntabel").input_value() == "Laporan tepat waktu tiap bulan"
    page.get_by_role("button", name="Setujui tanpa ekspektasi").click()
    page.get_by_text("SKP disetujui.").wait_for()
    assert page.locator("h1 .label").inner_text() == "Disetujui"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with database:
        skp = Skp.get_by_id(int(skp_url.rstrip("/").rsplit("/", 1)[1]))
        assert (skp.status, skp.penilai_id) == ("disetujui", tanpa_skp_staf["skp"]["staf"].penilai_id)
        assert [i.target_tampil for r in skp.rhk for i in r.iki] == ["24 laporan"]
