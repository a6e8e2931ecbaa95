"""The period page as one form in Chromium at 360 px (issue 13, "nothing
typed is lost without JS"): with JavaScript off a pegawai fills every IKI and
the self-evaluation and presses one save, and every value is stored; a bad
value sends the whole page back with everything typed; with JavaScript on,
one "Pulihkan isian" restores the whole page after a reload."""
import re
from decimal import Decimal

from kinerja.db import database
from kinerja.penilaian.models import Evaluasi, EvaluasiRhk, Realisasi
from tests.browser.test_skp import masuk_ke
from tests.test_isian_periode import tiga_iki

NOMOR = 4  # today (2026-11-28) is in Triwulan IV-Akhir


def _tiga_iki(berjalan):
    """(skp id, three IKI ids, two RHK ids) of tests.test_isian_periode.tiga_iki."""
    skp, iki, rhk = tiga_iki(berjalan)
    return skp.id, iki, rhk


def _isi(page, iki, rhk, angka="7,5"):
    a, b, c = iki
    page.locator(f"#nilai-{a}").fill(angka)
    page.locator(f"#catatan-{a}").fill("Tiga laporan menunggu tanda tangan")
    page.locator(f"#nilai-{b}").fill("4")
    page.locator(f"#nilai-{c}").fill("Pendataan selesai\nuntuk 30 sekolah")
    page.locator(f"#catatan-{c}").fill("Sisa 2 sekolah")
    diri = page.locator("#diri")
    diri.locator(f"#diri-{rhk[0]}").get_by_label("Sesuai Ekspektasi").check()
    diri.locator(f"#diri-{rhk[1]}").get_by_label("Di Atas Ekspektasi").check()
    diri.get_by_label("Kendala (RHK utama 1, boleh kosong)").fill("Jaringan lambat")


def _realisasi(iki):
    with database:
        return {r.iki_id: r for r in Realisasi.select().where(Realisasi.iki.in_(iki) & (Realisasi.nomor == NOMOR))}


def _diri(skp_id):
    with database:
        ev = Evaluasi.get((Evaluasi.skp == skp_id) & (Evaluasi.nomor == NOMOR))
        return ev, {b.rhk_id: b for b in EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == ev.id)}


def test_tanpa_js_semua_iki_disimpan_dengan_satu_tombol(page_tanpa_js, live_server, berjalan):
    page, base = page_tanpa_js, live_server
    skp_id, iki, rhk = _tiga_iki(berjalan)
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}/kinerja/{NOMOR}")
    a, b, c = iki

    # A bad value in one IKI: the whole page comes back, everything typed in place, nothing written.
    _isi(page, iki, rhk, angka="tujuh")
    page.get_by_role("button", name="Simpan semua isian").last.click()
    ringkasan = page.locator(".galat-ringkas").first
    ringkasan.wait_for()
    assert "Belum ada yang disimpan" in ringkasan.inner_text()
    ringkasan.get_by_role("link", name=re.compile("Harus berupa angka")).click()
    assert page.url.endswith(f"#nilai-{a}")
    assert page.locator(f"#nilai-{a}").input_value() == "tujuh"
    assert page.locator(f"#nilai-{b}").input_value() == "4"
    assert page.locator(f"#nilai-{c}").input_value() == "Pendataan selesai\nuntuk 30 sekolah"
    assert page.locator(f"#catatan-{c}").input_value() == "Sisa 2 sekolah"
    assert page.locator(f"#diri-{rhk[1]}").get_by_label("Di Atas Ekspektasi").is_checked()
    assert _realisasi(iki) == {}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Corrected: one press stores every value.
    page.locator(f"#nilai-{a}").fill("7,5")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.locator(".kilas", has_text="4 bagian isian disimpan.").wait_for()
    rows = _realisasi(iki)
    assert (rows[a].nilai_angka, rows[a].catatan) == (Decimal("7.50"), "Tiga laporan menunggu tanda tangan")
    assert rows[b].nilai_angka == Decimal("4.00")
    assert rows[c].nilai_teks.replace("\r\n", "\n") == "Pendataan selesai\nuntuk 30 sekolah"
    assert rows[c].catatan == "Sisa 2 sekolah"
    ev, baris = _diri(skp_id)
    assert ev.status == "terbuka"
    assert (baris[rhk[0]].penilaian_diri, baris[rhk[0]].kendala, baris[rhk[1]].penilaian_diri) == (
        "sesuai", "Jaringan lambat", "di_atas")
    # Saving again untouched writes nothing.
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.locator(".kilas", has_text="Tidak ada isian yang berubah.").wait_for()
    assert all(r.version == 1 for r in _realisasi(iki).values())


def test_satu_pulihkan_isian_untuk_seluruh_halaman(page, live_server, berjalan):
    """With JavaScript: what was typed on the whole page comes back with one button after a reload."""
    base = live_server
    skp_id, iki, rhk = _tiga_iki(berjalan)
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}/kinerja/{NOMOR}")
    _isi(page, iki, rhk)
    page.wait_for_timeout(700)  # autosave waits for a pause in typing
    page.reload()
    page.get_by_text("Ada isian yang belum terkirim").wait_for()
    assert page.get_by_role("button", name="Pulihkan isian").count() == 1
    assert page.locator(f"#nilai-{iki[1]}").input_value() == ""
    page.get_by_role("button", name="Pulihkan isian").click()
    a, b, c = iki
    assert page.locator(f"#nilai-{a}").input_value() == "7,5"
    assert page.locator(f"#nilai-{b}").input_value() == "4"
    assert page.locator(f"#catatan-{c}").input_value() == "Sisa 2 sekolah"
    assert page.locator(f"#diri-{rhk[1]}").get_by_label("Di Atas Ekspektasi").is_checked()
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.locator(".kilas", has_text="4 bagian isian disimpan.").wait_for()
    assert len(_realisasi(iki)) == 3
    page.reload()
    page.locator(f"#nilai-{a}").wait_for()
    page.wait_for_timeout(300)
    assert page.get_by_text("Ada isian yang belum terkirim").count() == 0  # accepted: the draft is gone


def test_aksesibilitas_formulir_satu_halaman(page, live_server, berjalan):
    """axe (WCAG 2.2 A/AA) on the page's states: the one form, the whole page
    refused (summary at the top, fields marked), the confirmation of "Ajukan",
    and an IKI's bukti page."""
    from tests.browser.test_aksesibilitas import gagal_bila_ada, jalankan, pasang_axe
    base = live_server
    skp_id, iki, rhk = _tiga_iki(berjalan)
    masuk_ke(page, base, "staf")
    pasang_axe(page)
    page.goto(f"{base}/skp/{skp_id}/kinerja/{NOMOR}")
    temuan = jalankan(page, "halaman periode")
    _isi(page, iki, rhk, angka="tujuh")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.locator(".galat-ringkas").first.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('galat-ringkas')")
    temuan += jalankan(page, "halaman periode (ditolak)")
    page.locator(f"#nilai-{iki[0]}").fill("7")
    page.get_by_role("button", name="Ajukan ke penilai").click()
    page.get_by_role("button", name="Ya, ajukan").wait_for()
    temuan += jalankan(page, "konfirmasi ajukan")
    page.goto(f"{base}/skp/{skp_id}/kinerja/{NOMOR}/iki/{iki[0]}/bukti")
    temuan += jalankan(page, "halaman bukti")
    gagal_bila_ada(temuan)


def test_tombol_simpan_tetap_terlihat_saat_mengisi_di_360(page, live_server, berjalan):
    """On a phone the realisasi section is several screens tall: its "Simpan
    semua isian" stays at the bottom of the screen while the section is in
    view, and a field reached by keyboard is not hidden behind it."""
    base = live_server
    skp_id, iki, rhk = _tiga_iki(berjalan)
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}/kinerja/{NOMOR}")
    tinggi = page.viewport_size["height"]
    simpan = page.locator("#realisasi .simpan-lekat button")
    for i in iki:
        page.locator(f"#nilai-{i}").focus()
        kotak, isian = simpan.bounding_box(), page.locator(f"#nilai-{i}").bounding_box()
        assert 0 <= kotak["y"] and kotak["y"] + kotak["height"] <= tinggi, kotak  # on screen
        assert isian["y"] + isian["height"] <= kotak["y"], (isian, kotak)  # the field above the bar
    page.locator(f"#nilai-{iki[0]}").fill("7,5")
    simpan.click()
    page.get_by_text("Isian disimpan.").wait_for()
