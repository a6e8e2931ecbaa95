"""A period of work in Chromium at 360 px: the pegawai fills realisasi with an
uploaded file and submits the self-evaluation; the penilai rates on the phone;
the pegawai sees the derived predikat. Through the real UI, htmx included."""
import re

from kinerja.db import database
from kinerja.penilaian.models import Berkas, Bukti, Evaluasi
from tests.browser.test_skp import keluar, masuk_ke

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def finalkan(page):
    """Press "Finalkan penilaian"; when the rating page asks to confirm what the
    result lacks (no BerAKHLAK feedback, earlier periods unrated), tick each
    confirmation and press it again."""
    page.get_by_role("button", name="Finalkan penilaian").click()
    page.locator(".kilas:has-text('Penilaian final.'), fieldset.konfirmasi-final").first.wait_for()
    kotak = page.locator("fieldset.konfirmasi-final input[type=checkbox]")
    if not kotak.count():
        return False
    for k in kotak.all():
        k.check()
    page.get_by_role("button", name="Finalkan penilaian").click()
    return True


def test_satu_periode_dari_realisasi_sampai_predikat(page, live_server, berjalan):
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}")
    page.get_by_role("link", name="Realisasi dan evaluasi").click()
    page.get_by_role("link", name=re.compile("Triwulan IV-Akhir")).first.click()
    page.wait_for_url(re.compile(r"/kinerja/4$"))

    page.get_by_label("Realisasi (laporan)").fill("10")
    page.get_by_label("Catatan (boleh kosong)").fill("Dua laporan menunggu data sekolah.")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.get_by_text("Terakhir disimpan").wait_for()

    # Bukti dukung: the button saves what was typed, then opens the IKI's bukti page.
    page.get_by_role("button", name=re.compile("Tambah atau hapus bukti")).click()
    page.get_by_label("Berkas bukti dukung").set_input_files(
        {"name": "laporan-november.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Unggah berkas").click()
    page.get_by_role("link", name=re.compile("laporan-november.pdf")).first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    diri = page.locator("#diri")
    diri.get_by_label("Sesuai Ekspektasi").check()
    diri.get_by_role("button", name="Ajukan ke penilai").click()
    page.get_by_role("button", name="Ya, ajukan").click()  # saved, then confirmed
    page.get_by_text("Evaluasi diri diajukan ke pejabat penilai.").wait_for()
    keluar(page)

    # The penilai finds it in the review queue and rates it on the phone.
    masuk_ke(page, base, "kasi")
    page.get_by_role("link", name="Penilaian", exact=True).click()
    # Oldest first: Triwulan I-III (over, never rated) wait above; this one is the annual.
    page.get_by_role("link", name="Nilai Rina Marpaung, Triwulan IV-Akhir 2026").click()
    page.get_by_label("Umpan balik untuk RHK utama 1").fill("Laporan rapi dan tepat waktu.")
    page.locator("#rating_hasil").get_by_label("Di Atas Ekspektasi").check()
    page.locator("#rating_perilaku").get_by_label("Di Atas Ekspektasi").check()
    assert page.locator("#pratinjau-predikat").inner_text() == "Sangat Baik"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finalkan(page)
    page.get_by_text("Penilaian final. Predikat: Sangat Baik.").wait_for()
    keluar(page)

    # The pegawai sees the result with the feedback.
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}/kinerja/4")
    page.get_by_text("Predikat kinerja Sangat Baik").wait_for()
    assert page.get_by_text("Laporan rapi dan tepat waktu.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with database:
        ev = Evaluasi.get((Evaluasi.skp == skp_id) & (Evaluasi.nomor == 4))
        assert (ev.status, ev.predikat, ev.akhir) == ("dinilai", "sangat_baik", True)
        assert Bukti.select().count() == 1 and Berkas.select().count() == 1


def test_ringkasan_galat_terlihat_setelah_ajukan_belum_lengkap(page, live_server, berjalan):
    """A refused self-evaluation on a long page: the error summary is focused
    and on screen (not left at the top where htmx scrolls a boosted page)."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}/kinerja/4")
    page.locator("#diri").get_by_role("button", name="Ajukan ke penilai").click()
    ringkasan = page.locator("[data-galat]").first
    ringkasan.wait_for()
    page.wait_for_function("""() => { const e = document.querySelector('[data-galat]');
        const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }""")
    assert page.evaluate("document.activeElement.hasAttribute('data-galat')")


def test_setelah_unggah_tetap_di_iki_yang_sama(page, live_server, berjalan):
    """A full-page form on a long page: after uploading, the page opens at that
    IKI, not at its top."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}/kinerja/4")
    page.get_by_role("button", name=re.compile("Tambah atau hapus bukti")).first.click()
    page.get_by_label("Berkas bukti dukung").first.set_input_files(
        {"name": "rekap.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Unggah berkas").first.click()
    page.get_by_role("link", name=re.compile("rekap.pdf")).first.wait_for()
    page.wait_for_function("""() => { const li = document.querySelector('li.realisasi-iki');
        const r = li.getBoundingClientRect(); return scrollY > 0 && Math.abs(r.top) < 5; }""")
