"""The offline layer in Chromium at 360 px: service worker, drafts, outbox.

A pegawai fills realisasi while offline, reloads the page while still offline,
comes back online and sees it sent exactly once; replays and double taps
create nothing new; a stale queued edit waits in "perlu perhatian"; a draft
comes back after a reload; logout empties what the device kept.
"""
import re

from kinerja.db import database
from kinerja.models import Riwayat
from kinerja.penilaian.models import Bukti, Realisasi
from kinerja.skp.models import Rhk
from tests.browser.test_skp import keluar, masuk_ke
from tests.conftest import NIP, SANDI

NOMOR = 4  # today (2026-11-28) is in Triwulan IV-Akhir


def siap_luring(page):
    """Wait until the service worker controls the page and holds a copy of it."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    page.wait_for_function("caches.open('kinerja-halaman').then(c => c.match(location.href)).then(r => !!r)")


def jumlah_di_perangkat(page, store):
    """How many records a store of the offline layer's IndexedDB holds."""
    return page.evaluate("""store => new Promise(ok => { const r = indexedDB.open('kinerja');
        r.onsuccess = () => { const t = r.result.transaction(store).objectStore(store).count();
        t.onsuccess = () => ok(t.result); }; })""", store)


def status_antrean(page):
    return page.locator("#antrean-status")


def buka_periode(page, base, skp_id):
    page.goto(f"{base}/skp/{skp_id}/kinerja/{NOMOR}")
    page.get_by_label("Realisasi (laporan)").wait_for()


def periode_siap_luring(page, base, skp_id):
    """The staf on the period page, with the page saved on the device."""
    masuk_ke(page, base, "staf")
    buka_periode(page, base, skp_id)
    siap_luring(page)


def simpan_realisasi_luring(page, nilai):
    """Go offline, fill realisasi and press save: the form is queued on the device."""
    page.context.set_offline(True)
    page.get_by_label("Realisasi (laporan)").fill(nilai)
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.get_by_text("Isian disimpan di perangkat dan dikirim otomatis").wait_for()


def realisasi_staf(skp_id):
    with database:
        return list(Realisasi.select().where(Realisasi.nomor == NOMOR))


def test_realisasi_luring_terkirim_sekali(page, live_server, berjalan):
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    page.get_by_label("Catatan (boleh kosong)").fill("Diisi di lapangan tanpa sinyal.")
    simpan_realisasi_luring(page, "11")
    assert status_antrean(page).inner_text().startswith("1 isian tersimpan di perangkat")
    assert realisasi_staf(skp_id) == []

    # The tab closed and the page opened again while still offline: the saved
    # copy and the queue are there.
    url, konteks = page.url, page.context
    page.close()
    page = konteks.new_page()
    page.goto(url)
    page.get_by_text("ini salinan terakhir halaman ini").wait_for()
    assert status_antrean(page).inner_text().startswith("1 isian tersimpan di perangkat")
    page.get_by_text("Daftar isian").click()
    assert page.locator("#antrean-daftar li").count() == 1
    assert "Menunggu dikirim" in page.locator("#antrean-daftar li").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert realisasi_staf(skp_id) == []

    page.context.set_offline(False)
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    rows = realisasi_staf(skp_id)
    assert len(rows) == 1 and rows[0].nilai_angka == 11 and rows[0].catatan == "Diisi di lapangan tanpa sinyal."
    assert rows[0].version == 1
    with database:
        jejak = Riwayat.select().where(Riwayat.aksi.contains("realisasi")).count()
    assert jejak == 1
    assert jumlah_di_perangkat(page, "antrean") == 0

    # The sent part of the page now shows the server's state: the note is gone,
    # and editing again is an ordinary save (fresh key and version), not a conflict.
    page.get_by_text("Terakhir disimpan").wait_for()
    assert page.get_by_text("Isian disimpan di perangkat").count() == 0
    assert page.get_by_label("Realisasi (laporan)").input_value() == "11"
    page.get_by_label("Realisasi (laporan)").fill("12")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.get_by_text("Isian disimpan.").wait_for()
    rows = realisasi_staf(skp_id)
    assert len(rows) == 1 and rows[0].nilai_angka == 12 and rows[0].version == 2


def test_halaman_belum_pernah_dibuka_saat_luring(page, live_server, berjalan):
    """Offline, a page never opened shows what still works, under its own address;
    back online, "Coba lagi" opens it."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.get_by_role("link", name="SKP saya").click()
    page.get_by_role("heading", name="Tidak tersambung").wait_for()
    assert page.url.endswith("/skp")
    assert page.get_by_text("Yang tetap bisa dilakukan").is_visible()
    page.context.set_offline(False)
    page.get_by_role("link", name="Coba lagi").click()
    page.wait_for_url(f"{base}/skp")
    page.get_by_role("heading", name="SKP saya").wait_for()


def test_draf_dipulihkan_lalu_disimpan_lagi_menggantikan_antrean(page, live_server, berjalan):
    """Queued, reloaded offline, restored, changed and saved again: one item
    waits, and the latest value is what reaches the server."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    simpan_realisasi_luring(page, "11")
    page.reload()
    page.get_by_role("button", name="Pulihkan isian").click()
    page.get_by_label("Realisasi (laporan)").fill("12")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.get_by_text("Isian disimpan di perangkat dan dikirim otomatis").wait_for()
    assert status_antrean(page).inner_text().startswith("1 isian tersimpan di perangkat")
    page.context.set_offline(False)
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    rows = realisasi_staf(skp_id)
    assert len(rows) == 1 and rows[0].nilai_angka == 12
    assert jumlah_di_perangkat(page, "antrean") == 0


def test_keluar_saat_luring_tidak_menghapus_apa_pun(page, live_server, berjalan):
    """Logging out needs the server: offline, the person is told, stays signed
    in, and what waits on the device stays."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    simpan_realisasi_luring(page, "4")
    page.get_by_role("button", name="Keluar").click()
    page.get_by_text("keluar butuh koneksi ke server").wait_for()
    assert jumlah_di_perangkat(page, "antrean") == 1
    page.context.set_offline(False)
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    assert len(realisasi_staf(skp_id)) == 1


def test_antrean_terkirim_setelah_masuk_lagi(page, live_server, berjalan):
    """The session ended while something waited: it waits, says why, and goes
    as soon as the same person has signed in again (no reload needed)."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    simpan_realisasi_luring(page, "6")
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("sesi berakhir, masuk lagi untuk mengirim").wait_for(timeout=20000)
    page.goto(f"{base}/login")
    page.get_by_label("NIP").fill(NIP["staf"])
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    rows = realisasi_staf(skp_id)
    assert len(rows) == 1 and rows[0].nilai_angka == 6


def test_kunci_sama_dikirim_ulang_tidak_membuat_apa_pun(page, live_server, berjalan):
    """A creation queued offline, sent once; the same key sent again by hand creates nothing."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    form = page.locator("#isian-periode")
    kunci = form.locator("input[name=submission_id]").input_value()
    aksi = form.get_attribute("action")
    isian = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#isian-periode input[type=hidden], #isian-periode input[type=text], #isian-periode textarea')]
        .map(e => [e.name, e.value]))""")
    simpan_realisasi_luring(page, "7")
    page.context.set_offline(False)
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    assert len(realisasi_staf(skp_id)) == 1

    csrf = page.evaluate("fetch('/sesi').then(r => r.json()).then(j => j.csrf)")
    nilai = next(k for k in isian if k.startswith("nilai-"))
    ulang = page.request.post(base + aksi, headers={"Idempotency-Key": kunci, "X-CSRFToken": csrf},
                              form=dict(isian, csrf_token=csrf, submission_id=kunci, aksi="simpan",
                                        **{nilai: "7"}), max_redirects=0)
    # The server matched the key: the first answer again (303 to the same page), no second save.
    assert ulang.status == 303 and f"/skp/{skp_id}/kinerja/{NOMOR}" in ulang.headers["location"]
    beda = page.request.post(base + aksi, headers={"Idempotency-Key": kunci, "X-CSRFToken": csrf},
                             form=dict(isian, csrf_token=csrf, submission_id=kunci, aksi="simpan",
                                       **{nilai: "8"}), max_redirects=0)
    assert beda.status == 409  # the same key with other content is refused
    rows = realisasi_staf(skp_id)
    assert len(rows) == 1 and rows[0].version == 1


def test_ketuk_dua_kali_satu_rhk(page, live_server, rencana):
    """A double tap on 'Tambah RHK' creates one RHK."""
    base, skp_id = live_server, rencana["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    page.goto(f"{base}/skp/{skp_id}")
    with database:
        sebelum = Rhk.select().where(Rhk.skp == skp_id).count()
    form = page.locator("#rhk form.sunting").last
    form.get_by_label(re.compile("Rencana hasil kerja")).fill("Data sekolah dasar mutakhir tiap bulan")
    tombol = form.get_by_role("button", name=re.compile("Tambah RHK|Simpan RHK"))
    tombol.dblclick()
    page.get_by_text("Data sekolah dasar mutakhir tiap bulan").first.wait_for()
    page.wait_for_load_state("networkidle")
    with database:
        assert Rhk.select().where(Rhk.skp == skp_id).count() == sebelum + 1


def test_suntingan_basi_menunggu_di_perlu_perhatian(page, live_server, berjalan, app):
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    buka_periode(page, base, skp_id)
    page.get_by_label("Realisasi (laporan)").fill("5")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.get_by_text("Terakhir disimpan").wait_for()
    siap_luring(page)
    simpan_realisasi_luring(page, "9")

    # Meanwhile the same realisasi is changed from another device.
    with database:
        row = Realisasi.get(Realisasi.nomor == NOMOR)
        Realisasi.update(nilai_angka=6, version=row.version + 1).where(Realisasi.id == row.id).execute()

    page.context.set_offline(False)
    page.get_by_text("1 isian perlu perhatian").wait_for(timeout=20000)
    page.get_by_text("Daftar isian").click()
    assert "sudah berubah" in page.locator("#antrean-daftar li").inner_text()
    with database:
        row = Realisasi.get(Realisasi.nomor == NOMOR)
    assert row.nilai_angka == 6  # nothing overwritten

    # Tinjau: the server's answer shows both versions; the person decides.
    page.get_by_role("button", name="Tinjau").click()
    page.get_by_text("Data ini sudah berubah").wait_for()
    assert page.locator("#antrean-daftar li").count() == 0


def test_draf_dipulihkan_setelah_muat_ulang(page, live_server, berjalan):
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    buka_periode(page, base, skp_id)
    page.get_by_label("Catatan (boleh kosong)").fill("Catatan yang belum sempat dikirim")
    page.wait_for_timeout(700)  # autosave waits for a pause in typing
    page.reload()
    page.get_by_text("Ada isian yang belum terkirim").wait_for()
    assert page.get_by_label("Catatan (boleh kosong)").input_value() == ""
    page.get_by_role("button", name="Pulihkan isian").click()
    assert page.get_by_label("Catatan (boleh kosong)").input_value() == "Catatan yang belum sempat dikirim"

    # Accepted: the draft is gone, nothing is offered after a reload.
    page.get_by_label("Realisasi (laporan)").fill("3")
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.get_by_text("Terakhir disimpan").wait_for()
    page.reload()
    page.get_by_label("Realisasi (laporan)").wait_for()
    page.wait_for_timeout(300)
    assert page.get_by_text("Ada isian yang belum terkirim").count() == 0


def test_keluar_menghapus_salinan_dan_draf(page, live_server, berjalan):
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    page.get_by_label("Catatan (boleh kosong)").fill("Rahasia kecil")
    page.wait_for_timeout(700)
    keluar(page)
    # Only the login page (shown after logout) may be in the page cache now.
    disimpan = page.evaluate("caches.open('kinerja-halaman').then(c => c.keys()).then(k => k.map(r => r.url))")
    assert all(url.startswith(base + "/login") for url in disimpan), disimpan
    # The app shell stays: it holds nobody's data, and the next person needs it offline.
    assert any(n.startswith("kinerja-statis-") for n in page.evaluate("caches.keys()"))
    assert jumlah_di_perangkat(page, "draf") == 0
    # Offline now, the page just left is not shown to the next person.
    page.context.set_offline(True)
    page.goto(f"{base}/skp/{skp_id}/kinerja/{NOMOR}")
    page.get_by_role("heading", name="Tidak tersambung").wait_for()
    assert page.get_by_text("Rahasia kecil").count() == 0


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_unggahan_ikut_antrean(page, live_server, berjalan):
    """An evidence file chosen while offline is queued with the form and stored once online."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    buka_periode(page, base, skp_id)
    page.get_by_role("button", name=re.compile("Tambah atau hapus bukti")).first.click()
    page.get_by_role("button", name="Unggah berkas").wait_for()
    siap_luring(page)  # the IKI's bukti page, kept on the device
    page.context.set_offline(True)
    page.get_by_label("Berkas bukti dukung").first.set_input_files(
        {"name": "laporan-luring.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Unggah berkas").first.click()
    page.get_by_text("Isian disimpan di perangkat").wait_for()
    with database:
        assert Bukti.select().count() == 0
    page.context.set_offline(False)
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    with database:
        bukti = list(Bukti.select())
        assert [b.nama for b in bukti] == ["laporan-luring.pdf"]
        assert bukti[0].berkas.ukuran == len(PDF)


def test_versi_baru_tersedia(page, live_server, berjalan, app):
    """A new release waits until the person reloads; the open page keeps working."""
    base = live_server
    masuk_ke(page, base, "staf")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    lama = page.evaluate("caches.keys()")
    app.config["VERSI_APLIKASI"] = "rilis-berikutnya"
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.get_by_text("Versi baru tersedia.").wait_for()
    page.get_by_role("link", name="SKP saya").click()  # the open page still works
    page.wait_for_url(re.compile(r"/skp$"))
    page.get_by_role("heading", name="SKP saya").wait_for()
    page.get_by_text("Versi baru tersedia.").wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Muat ulang").click()
    baru = page.evaluate("caches.keys()")
    statis = [n for n in baru if n.startswith("kinerja-statis-")]
    assert len(statis) == 1 and statis[0] not in lama
    assert page.get_by_text("Versi baru tersedia.").count() == 0


def test_draf_kembali_setelah_sesi_berakhir(page, live_server, berjalan):
    """The session ends while typing: sending leads to the login page, and after
    logging in the person is back on the form with the draft offered."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    buka_periode(page, base, skp_id)
    page.get_by_label("Catatan (boleh kosong)").fill("Ditulis panjang sebelum sesi habis")
    page.context.clear_cookies()  # the session is gone (expired, or the server restarted)
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.wait_for_url(re.compile(r"/login\?next="))
    page.get_by_label("NIP").fill(NIP["staf"])
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(rf"/skp/{skp_id}/kinerja/{NOMOR}"))
    page.get_by_role("button", name="Pulihkan isian").click()
    assert page.get_by_label("Catatan (boleh kosong)").input_value() == "Ditulis panjang sebelum sesi habis"
    assert realisasi_staf(skp_id) == []


def test_formulir_masuk_tidak_pernah_disimpan_di_perangkat(page, live_server, org):
    """Logging in while offline says so plainly; NIP and password never go to the device."""
    base = live_server
    masuk_ke(page, base, "staf")
    keluar(page)  # the device knows a last user now
    page.context.set_offline(True)
    page.get_by_label("NIP").fill(NIP["staf"])
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Belum tersambung; isian belum terkirim.").wait_for()
    page.wait_for_timeout(600)
    assert jumlah_di_perangkat(page, "antrean") == 0
    assert jumlah_di_perangkat(page, "draf") == 0


def test_penolakan_lewat_pesan_halaman_menunggu_di_perlu_perhatian(page, live_server, org):
    """Some forms answer a refusal with a message on the page they redirect to:
    the outbox reads it and keeps the item for the person, it does not call it sent."""
    from kinerja.models import Pegawai
    base = live_server
    with database:
        staf = Pegawai.get(Pegawai.nip == NIP["staf"])
    masuk_ke(page, base, "admin_disdik")
    page.goto(f"{base}/admin/pegawai/{staf.id}")
    siap_luring(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="Nonaktifkan").click()
    page.get_by_text("Isian disimpan di perangkat").wait_for()
    with database:  # meanwhile someone else edits the pegawai
        Pegawai.update(jabatan="Analis", version=Pegawai.version + 1).where(Pegawai.id == staf.id).execute()
    page.context.set_offline(False)
    page.get_by_text("1 isian perlu perhatian").wait_for(timeout=20000)
    page.get_by_text("Daftar isian").click()
    assert "sudah berubah" in page.locator("#antrean-daftar li").inner_text()
    with database:
        assert Pegawai.get_by_id(staf.id).aktif is True


def test_ketikan_sesudah_antre_tidak_hilang_saat_terkirim(page, live_server, berjalan):
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    simpan_realisasi_luring(page, "11")
    page.get_by_label("Catatan (boleh kosong)").fill("Ditulis sesudah tombol simpan")
    page.wait_for_timeout(700)
    page.context.set_offline(False)
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    page.get_by_role("button", name="Pulihkan isian").click()
    assert page.get_by_label("Catatan (boleh kosong)").input_value() == "Ditulis sesudah tombol simpan"
    assert realisasi_staf(skp_id)[0].nilai_angka == 11


def test_dua_tautan_berbeda_dari_formulir_yang_sama_saat_luring(page, live_server, berjalan):
    """Adding twice from one form while offline is two additions, not one replacing the other."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    buka_periode(page, base, skp_id)
    # The bukti forms are on the IKI's own bukti page (not inside the period page's form).
    page.get_by_role("button", name=re.compile("Tambah atau hapus bukti")).first.click()
    page.get_by_role("button", name="Tambah tautan").wait_for()
    siap_luring(page)
    page.context.set_offline(True)
    for n in (1, 2):
        page.get_by_label("Tautan").first.fill(f"https://contoh.go.id/laporan-{n}")
        page.get_by_label(re.compile("Judul")).first.fill(f"Laporan {n}")
        page.get_by_role("button", name="Tambah tautan").first.click()
        page.get_by_text(f"{n} isian tersimpan di perangkat").wait_for()
    page.context.set_offline(False)
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    with database:
        assert sorted(b.tautan for b in Bukti.select()) == ["https://contoh.go.id/laporan-1",
                                                            "https://contoh.go.id/laporan-2"]


def test_orang_lain_masuk_salinan_halaman_dihapus(page, live_server, berjalan):
    """The session ended without logout and someone else signs in on the device:
    the first person's saved pages go."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.get_by_label("NIP").fill(NIP["kasi"])
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/")
    page.wait_for_function("""caches.open('kinerja-halaman').then(c => c.keys())
        .then(k => !k.some(r => r.url.includes('/kinerja/')))""")


def test_kembali_menampilkan_halaman_utuh(page, live_server, berjalan):
    """Back after an htmx page change shows the whole page, not a fragment of it."""
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    masuk_ke(page, base, "staf")
    page.get_by_role("link", name="SKP saya").click()  # htmx page changes, in history
    # On the SKP list (the home page links the same SKP: a click there while
    # the list is loading would race the list's request).
    page.get_by_role("heading", name="SKP saya").wait_for()
    page.locator(f'main a[href="/skp/{skp_id}"]').first.click()
    page.wait_for_url(f"{base}/skp/{skp_id}")
    page.get_by_role("link", name="Beranda").click()
    page.wait_for_url(base + "/")
    page.go_back()
    page.wait_for_url(f"{base}/skp/{skp_id}")
    page.get_by_role("button", name="Keluar").wait_for()
    page.get_by_role("heading", name=re.compile("SKP 2026")).first.wait_for()
