"""The whole cycle in Chromium at 360 px with JavaScript switched off: every
step is a plain link or form (POST -> 303 -> GET), htmx never runs. The
pegawai plans an SKP, the superior approves it, the pegawai fills realisasi
with a PDF and submits the self-evaluation, the penilai rates it, the pegawai
sees the predikat. Reloading or going back after a submit (and sending the
restored form again) never makes a second record."""
import hashlib
import re

from peewee import fn
from playwright.sync_api import expect

from kinerja.db import database
from kinerja.models import Riwayat
from kinerja.penilaian.bukti import jalur
from kinerja.penilaian.models import Berkas, Bukti, Evaluasi, EvaluasiRhk, Realisasi
from kinerja.skp.models import Iki, Rhk, Skp
from tests.browser.test_penilaian import PDF, finalkan
from tests.browser.test_skp import keluar, masuk_ke, tanpa_skp_staf  # noqa: F401,F811 (a fixture)
from tests.test_tim_besar import nama_anggota, nip_anggota, tim_besar  # noqa: F401 (a fixture)


def _jumlah(model, *syarat):
    with database:
        q = model.select()
        for s in syarat:
            q = q.where(s)
        return q.count()


def _kilas(page, teks):
    """The flash message a person reads after a plain-form submit."""
    page.locator(".kilas", has_text=teks).first.wait_for()


def _muat_ulang_dan_kembali(page, hitung, kirim_lagi=None, pesan=None):
    """Reload the answer page, go back to the form page, then either come
    forward again or press `kirim_lagi` on the form as the browser restored it
    and read `pesan`: `hitung()` never changes. Playwright's Chromium has no
    back-forward cache, so Back fetches the form page anew (a fresh hidden
    submission_id) while restoring what was typed: the worst case of a double submit."""
    sebelum = hitung()
    page.reload()
    assert hitung() == sebelum, "muat ulang membuat rekaman kedua"
    page.go_back()
    assert hitung() == sebelum, "kembali membuat rekaman kedua"
    if kirim_lagi:
        kirim_lagi()
        page.get_by_role("alert").filter(has_text=pesan).wait_for()
        assert hitung() == sebelum, "mengirim lagi formulir dari 'kembali' membuat rekaman kedua"
    else:
        page.go_forward()
    assert hitung() == sebelum


def _pas_layar(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_siklus_lengkap_tanpa_javascript(page_tanpa_js, live_server, tanpa_skp_staf, app):
    page, base = page_tanpa_js, live_server
    htmx = []
    page.on("request", lambda r: htmx.append(r.url) if "hx-request" in r.headers else None)
    with database:  # the deleted draft's history stays, and its id may be reused
        riwayat_awal = Riwayat.select(fn.MAX(Riwayat.id)).scalar()

    masuk_ke(page, base, "staf")
    skp_url = _susun_dan_ajukan_skp(page, tanpa_skp_staf["skp"]["staf"].pegawai_id)
    keluar(page)
    masuk_ke(page, base, "kasi")
    _setujui(page)
    keluar(page)
    masuk_ke(page, base, "staf")
    _realisasi_dan_evaluasi_diri(page, skp_url)
    keluar(page)
    masuk_ke(page, base, "kasi")
    _nilai(page)
    keluar(page)

    # The pegawai sees the result with the feedback.
    masuk_ke(page, base, "staf")
    page.goto(f"{skp_url}/kinerja/4")
    page.get_by_text("Predikat kinerja Sangat Baik").wait_for()
    assert page.get_by_text("Laporan rapi dan tepat waktu.").is_visible()
    _pas_layar(page)
    assert htmx == [], f"htmx berjalan padahal JavaScript mati: {htmx}"
    _periksa_database(app, tanpa_skp_staf, int(skp_url.rsplit("/", 1)[1]), riwayat_awal)


def _susun_dan_ajukan_skp(page, pegawai_id):
    """The pegawai starts this year's SKP, adds an RHK and an IKI, submits it; the SKP's URL."""
    page.get_by_role("link", name="SKP saya").click()
    page.get_by_role("heading", name="Buat SKP baru").wait_for()
    page.get_by_label("Kuantitatif").check()
    page.get_by_role("button", name="Buat SKP").click()
    page.get_by_role("heading", name=re.compile("SKP 2026")).wait_for()
    _kilas(page, "SKP 2026 dibuat. Tambahkan RHK Anda.")
    assert page.locator("h1 .label").inner_text() == "Draf"
    skp_url = page.url.split("#")[0]
    skp_id = int(skp_url.rsplit("/", 1)[1])
    _muat_ulang_dan_kembali(page, lambda: _jumlah(Skp, Skp.pegawai == pegawai_id))

    # An RHK linked to the superior's RHK, by the form under "Tambah RHK".
    page.goto(skp_url)
    page.get_by_label("Rencana hasil kerja (RHK)").fill("Tersusunnya data pokok pendidikan SD")
    page.get_by_label("RHK atasan yang diintervensi").select_option(
        label="Meningkatnya mutu pendidikan dasar (kasi)")
    page.get_by_role("button", name="Tambah RHK").click()
    _kilas(page, "RHK ditambahkan.")
    assert re.search(r"#rhk-\d+$", page.url)
    rhk = page.locator("#rhk")
    assert "Tersusunnya data pokok pendidikan SD" in rhk.inner_text()
    assert "Meningkatnya mutu pendidikan dasar (kasi)" in rhk.inner_text()
    rhk.get_by_text("RHK utama 1 belum punya indikator (IKI).").wait_for()
    _muat_ulang_dan_kembali(page, lambda: _jumlah(Rhk, Rhk.skp == skp_id),
                            page.get_by_role("button", name="Tambah RHK").click,
                            "RHK dengan uraian yang sama sudah ada di SKP ini; tidak ditambahkan dua kali.")

    # An IKI: the link opens the same SKP page with the IKI form under the RHK.
    page.goto(skp_url)
    page.get_by_role("link", name="Tambah IKI untuk RHK utama 1").click()
    page.wait_for_url(re.compile(r"/skp/\d+/rhk/\d+/iki#rhk-\d+$"))  # opened at the RHK, not the top
    expect(page.get_by_label("Aspek")).to_be_in_viewport()
    page.get_by_label("Indikator kinerja individu (IKI)").fill("Jumlah laporan dapodik")
    page.get_by_label("Target (angka)").fill("12")
    page.get_by_label("Satuan").fill("laporan")
    page.get_by_role("button", name="Tambah IKI").click()
    _kilas(page, "IKI ditambahkan.")
    page.get_by_text("Target: 12 laporan").wait_for()
    assert page.get_by_text("Semua bagian wajib sudah lengkap.").is_visible()
    _muat_ulang_dan_kembali(page, lambda: _jumlah(Iki, Iki.rhk.in_(Rhk.select(Rhk.id).where(Rhk.skp == skp_id))),
                            page.get_by_role("button", name="Tambah IKI").click,
                            "IKI dengan indikator yang sama sudah ada pada RHK ini; tidak ditambahkan dua kali.")

    page.goto(skp_url)
    page.get_by_role("button", name="Ajukan ke penilai").click()
    _kilas(page, "SKP diajukan.")
    assert page.locator("h1 .label").inner_text() == "Diajukan"
    assert page.get_by_text("Menunggu persetujuan pejabat penilai.").is_visible()
    _pas_layar(page)
    _muat_ulang_dan_kembali(page, lambda: _jumlah(Riwayat, Riwayat.objek == "skp", Riwayat.objek_id == skp_id))
    return skp_url


def _setujui(page):
    """The superior finds the SKP on the team page and approves it."""
    page.get_by_role("link", name="Tim", exact=True).click()
    page.get_by_role("link", name="Tinjau SKP Rina Marpaung").click()
    page.get_by_text("Rina Marpaung mengajukan SKP ini.").wait_for()
    page.get_by_role("button", name="Setujui SKP").click()
    # Empty expectations are asked about, never approved silently: confirm.
    page.get_by_role("button", name="Setujui tanpa ekspektasi").click()
    _kilas(page, "SKP disetujui.")
    assert page.locator("h1 .label").inner_text() == "Disetujui"
    _pas_layar(page)


def _realisasi_dan_evaluasi_diri(page, skp_url):
    """The pegawai fills the running period's realisasi, uploads a PDF, submits the self-evaluation."""
    page.goto(skp_url)
    page.get_by_role("link", name="Realisasi dan evaluasi").click()
    page.get_by_role("link", name="Triwulan IV-Akhir", exact=True).click()
    page.wait_for_url(re.compile(r"/kinerja/4$"))
    page.get_by_label("Realisasi (laporan)").fill("10")
    page.get_by_label("Catatan (boleh kosong)").fill("Dua laporan menunggu data sekolah.")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    _kilas(page, "Isian disimpan.")
    assert re.search(r"/kinerja/4#realisasi-\d+$", page.url)
    assert page.get_by_label("Realisasi (laporan)").input_value() == "10"
    page.get_by_text("Terakhir disimpan").wait_for()
    _muat_ulang_dan_kembali(page, lambda: _jumlah(Realisasi, Realisasi.nomor == 4))

    # The bukti forms are on the IKI's bukti page: its button (a button of the
    # period page's one form) saves what was typed, then opens it.
    page.get_by_role("button", name=re.compile("Tambah atau hapus bukti")).click()

    def unggah():  # a chosen file is never restored by Back
        page.get_by_label("Berkas bukti dukung").set_input_files(
            {"name": "laporan-november.pdf", "mimeType": "application/pdf", "buffer": PDF})
        page.get_by_role("button", name="Unggah berkas").click()
    unggah()
    _kilas(page, "Bukti dukung “laporan-november.pdf” diunggah.")
    page.get_by_role("link", name="laporan-november.pdf", exact=True).wait_for()
    _pas_layar(page)
    _muat_ulang_dan_kembali(page, lambda: _jumlah(Bukti), unggah,
                            "Berkas “laporan-november.pdf” yang sama sudah menjadi bukti dukung IKI ini")

    page.goto(f"{skp_url}/kinerja/4")
    diri = page.locator("#diri")
    diri.get_by_label("Sesuai Ekspektasi").check()
    diri.get_by_label("Yang sudah dikerjakan dibanding target (RHK utama 1)").fill("Sepuluh laporan selesai.")
    diri.get_by_role("button", name="Ajukan ke penilai").click()
    _kilas(page, "Isian disimpan.")  # the draft first, then the confirmation
    page.get_by_role("button", name="Ya, ajukan").click()
    _kilas(page, "Evaluasi diri diajukan ke pejabat penilai.")
    assert page.locator("h1 .label").inner_text() == "Menunggu penilaian"
    assert page.locator("#diri").get_by_text("Sepuluh laporan selesai.").is_visible()
    assert page.get_by_role("button", name="Simpan semua isian").count() == 0  # locked now
    _muat_ulang_dan_kembali(page, lambda: _jumlah(Riwayat, Riwayat.objek == "evaluasi"))


def _nilai(page):
    """The penilai rates from the queue: a draft first (the server shows the predikat), then final."""
    page.get_by_role("link", name="Penilaian", exact=True).click()
    page.get_by_role("link", name="Nilai Rina Marpaung, Triwulan IV-Akhir 2026").click()
    assert page.get_by_text("Sepuluh laporan selesai.").is_visible()
    assert page.get_by_role("link", name="laporan-november.pdf", exact=True).is_visible()
    page.get_by_label("Umpan balik untuk RHK utama 1").fill("Laporan rapi dan tepat waktu.")
    page.locator("#rating_hasil").get_by_label("Di Atas Ekspektasi").check()
    page.locator("#rating_perilaku").get_by_label("Di Atas Ekspektasi").check()
    hint = page.locator("noscript p")  # playwright's text search skips <noscript>
    assert hint.is_visible() and "predikat dihitung saat disimpan" in hint.inner_text()
    page.get_by_role("button", name="Simpan draf").click()
    _kilas(page, "Draf penilaian disimpan.")
    assert page.locator("#pratinjau-predikat").inner_text() == "Sangat Baik"
    assert page.get_by_label("Umpan balik untuk RHK utama 1").input_value() == "Laporan rapi dan tepat waktu."
    _pas_layar(page)
    dikonfirmasi = finalkan(page)
    _kilas(page, "Penilaian final. Predikat: Sangat Baik.")
    if dikonfirmasi:  # a refused POST is in the history now (Back would ask to resend it): reload only
        sebelum = _jumlah(Evaluasi, Evaluasi.status == "dinilai")
        page.reload()
        assert _jumlah(Evaluasi, Evaluasi.status == "dinilai") == sebelum
    else:
        _muat_ulang_dan_kembali(page, lambda: _jumlah(Evaluasi, Evaluasi.status == "dinilai"))


def _periksa_database(app, rencana, skp_id, riwayat_awal):
    """One SKP, approved; one realisasi with its stored PDF; the final rating; one history line per change."""
    with database:
        assert Skp.select().where(Skp.pegawai == rencana["skp"]["staf"].pegawai_id).count() == 1
        skp = Skp.get_by_id(skp_id)
        assert (skp.status, skp.pendekatan) == ("disetujui", "kuantitatif")
        assert [(r.uraian, r.rhk_atasan_id) for r in skp.rhk] == [
            ("Tersusunnya data pokok pendidikan SD", rencana["rhk"]["kasi"].id)]
        assert [i.target_tampil for r in skp.rhk for i in r.iki] == ["12 laporan"]
        aksi = [r.aksi for r in Riwayat.select().where(
            (Riwayat.objek == "skp") & (Riwayat.objek_id == skp_id) & (Riwayat.id > riwayat_awal))]
        assert aksi == ["SKP dibuat", "RHK ditambah", "IKI ditambah", "SKP diajukan", "SKP disetujui",
                        "Realisasi Triwulan IV-Akhir diisi: Jumlah laporan dapodik",
                        "Bukti dukung Triwulan IV-Akhir diunggah", "Evaluasi diri Triwulan IV-Akhir disimpan",
                        "Evaluasi diri Triwulan IV-Akhir diajukan",
                        "Penilaian Triwulan IV-Akhir disimpan", "Penilaian Triwulan IV-Akhir final"], aksi
        assert Realisasi.select().count() == 1
        real = Realisasi.get()
        assert (real.nomor, real.nilai_tampil, real.catatan) == (
            4, "10 laporan", "Dua laporan menunggu data sekolah.")
        assert (Bukti.select().count(), Berkas.select().count()) == (1, 1)
        bukti = Bukti.get()
        assert (bukti.realisasi_id, bukti.nama, bukti.tautan) == (real.id, "laporan-november.pdf", None)
        assert bukti.berkas.sha256 == hashlib.sha256(PDF).hexdigest() and bukti.berkas.ukuran == len(PDF)
        assert Evaluasi.select().where(Evaluasi.skp == skp_id).count() == 1
        ev = Evaluasi.get((Evaluasi.skp == skp_id) & (Evaluasi.nomor == 4))
        assert (ev.status, ev.rating_hasil, ev.rating_perilaku, ev.predikat, ev.akhir) == (
            "dinilai", "di_atas", "di_atas", "sangat_baik", True)
        baris = EvaluasiRhk.get(EvaluasiRhk.evaluasi == ev.id)
        assert (baris.penilaian_diri, baris.umpan_balik) == ("sesuai", "Laporan rapi dan tepat waktu.")
    with app.app_context(), open(jalur(hashlib.sha256(PDF).hexdigest()), "rb") as fh:
        assert fh.read() == PDF


def test_tim_besar_dicari_dan_dibuka_per_halaman_tanpa_javascript(page_tanpa_js, live_server, tim_besar):
    """A team of 81: the atasan finds one person by name and by NIP, and
    walks the pages with plain links; every step is an ordinary GET."""
    tim_besar["tambah"](60)
    page = page_tanpa_js
    masuk_ke(page, live_server, "kasi")
    page.goto(live_server + "/tim")
    expect(page.get_by_text("Halaman 1 dari 4")).to_be_visible()
    pertama = page.locator("tbody tr td strong").first.inner_text()
    page.get_by_role("link", name="Berikutnya").first.click()
    page.wait_for_url(re.compile(r"hal=2"))
    expect(page.get_by_role("link", name="Halaman 2")).to_have_attribute("aria-current", "page")
    assert page.locator("tbody tr td strong").first.inner_text() != pertama
    page.get_by_label("Cari bawahan (nama atau NIP)").fill(nama_anggota(37))
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url(re.compile(r"q="))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text(nama_anggota(37))
    page.goto(live_server + "/penilaian")
    page.get_by_label("Cari bawahan (nama atau NIP)").fill(nip_anggota(37))
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url(re.compile(r"q="))
    expect(page.locator("ol.antrean-penilaian h2").first).to_have_text(nama_anggota(37))
    assert set(page.locator("ol.antrean-penilaian h2").all_inner_texts()) == {nama_anggota(37)}
