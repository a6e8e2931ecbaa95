"""Issue 13's layout items in Chromium at 360 px: the header's links fit one
row for every role (the rest behind "Menu", a <details> that works by
keyboard and without JavaScript), the distribution table is read whole or
scrolled in a labelled region, and the annual print keeps its signatures
with the table they sign (a PDF rendered by Chromium)."""
import re

import pytest

from kinerja.db import database
from kinerja.penilaian.layanan import ambil_evaluasi, baris_rhk, simpan_penilaian
from kinerja.rules import BERAKHLAK
from kinerja.skp.models import Iki, Rhk, Skp
from tests.browser.test_aksesibilitas import gagal_bila_ada, jalankan, pasang_axe
from tests.browser.test_skp import masuk_ke

# One row of 44 px links under a 44 px row with the name and Keluar, and the
# padding: well under the two rows of links (145-175 px, 22 % of a 740 px phone).
TINGGI_KEPALA_MAKS = 100


def ukur_kepala(page):
    return page.evaluate("""() => {
        const k = document.querySelector('.kepala'), n = k.querySelector('nav');
        const tepi = [...n.querySelectorAll(':scope > ul > li')].map(li => li.getBoundingClientRect().top);
        return {kepala: k.getBoundingClientRect().height, nav: n.getBoundingClientRect().height,
                baris: new Set(tepi.map(Math.round)).size, lebar: document.documentElement.scrollWidth};
    }""")


@pytest.mark.parametrize("siapa,terlihat,di_menu", [
    ("staf", ["Tugas saya", "Beranda", "SKP saya"], []),
    ("kasi", ["Tugas saya", "Tim", "Penilaian"], ["Beranda", "SKP saya", "Akun"]),
    ("admin_disdik", ["Tugas saya", "Pegawai", "Unit"], ["Beranda", "SKP saya", "Periode", "Akun"]),
    ("superadmin", ["Tugas saya", "Pegawai", "Unit"], ["Beranda", "SKP saya", "Periode", "Akun"]),
])
def test_navigasi_satu_baris_di_360(page, live_server, berjalan, siapa, terlihat, di_menu):
    masuk_ke(page, live_server, siapa)
    ukuran = ukur_kepala(page)
    assert ukuran["baris"] == 1 and ukuran["nav"] <= 48, ukuran
    assert ukuran["kepala"] <= TINGGI_KEPALA_MAKS and ukuran["lebar"] <= 360, ukuran
    nav = page.get_by_role("navigation", name="Menu utama")
    for label in terlihat:
        assert nav.get_by_role("link", name=re.compile(f"^{label}")).is_visible(), label
    assert page.get_by_role("button", name="Keluar").is_visible()
    assert page.get_by_role("link", name=re.compile("^Akun:")).is_visible()  # the name opens the account page
    if not di_menu:
        assert nav.locator("details").count() == 0
        return
    for label in di_menu:
        assert not nav.get_by_role("link", name=label, exact=True).is_visible()
    # By keyboard: focus "Menu", open it with Enter, follow a link inside.
    menu = nav.locator("summary")
    menu.focus()
    page.keyboard.press("Enter")
    for label in di_menu:
        assert nav.get_by_role("link", name=label, exact=True).is_visible(), label
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Escape closes it with focus back on "Menu"; a tap elsewhere closes it too.
    page.keyboard.press("Escape")
    assert not nav.get_by_role("link", name="SKP saya", exact=True).is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert nav.get_by_role("link", name="SKP saya", exact=True).is_visible()
    page.mouse.click(180, 700)  # below the open menu
    assert not nav.get_by_role("link", name="SKP saya", exact=True).is_visible()
    menu.click()
    nav.get_by_role("link", name="SKP saya", exact=True).click()
    page.wait_for_url(live_server + "/skp")
    assert not nav.get_by_role("link", name="Beranda", exact=True).is_visible()  # closed on the new page


def test_nama_panjang_dipotong_keluar_tetap_di_baris_pertama(page, live_server, berjalan, org):
    # A name with titles (common: "Nur Aisyah Siregar, S.K.M.") is cut with
    # an ellipsis; it pushed Keluar to a row of its own (a third header row).
    from kinerja.models import Pegawai
    with database:
        Pegawai.update(nama="Nur Aisyah Siregar Panjaitan, S.K.M., M.Kes.").where(
            Pegawai.id == org["pegawai"]["staf"].id).execute()
    masuk_ke(page, live_server, "staf")
    ukuran = ukur_kepala(page)
    assert ukuran["kepala"] <= TINGGI_KEPALA_MAKS and ukuran["lebar"] <= 360, ukuran
    keluar = page.get_by_role("button", name="Keluar").bounding_box()
    merek = page.locator(".merek").bounding_box()
    assert abs(keluar["y"] - merek["y"]) < 20, (keluar, merek)  # the same row
    # The whole name is still what a screen reader reads.
    assert page.get_by_role("link", name=re.compile("Nur Aisyah Siregar Panjaitan, S.K.M., M.Kes.")).is_visible()


def test_menu_tanpa_javascript_dan_axe(page_tanpa_js, page, live_server, berjalan):
    masuk_ke(page_tanpa_js, live_server, "kasi")
    page_tanpa_js.get_by_text("Menu", exact=True).click()
    page_tanpa_js.get_by_role("link", name="SKP saya", exact=True).click()
    page_tanpa_js.wait_for_url(live_server + "/skp")
    assert ukur_kepala(page_tanpa_js)["baris"] == 1
    # axe on the header closed and open (jalankan() opens every <details>).
    masuk_ke(page, live_server, "admin_disdik")
    pasang_axe(page)
    page.goto(live_server + "/")
    gagal_bila_ada(jalankan(page, "/ (admin, menu terbuka)"))


def test_tabel_distribusi_terbaca_di_360(page, live_server, org):
    masuk_ke(page, live_server, "admin_disdik")
    page.goto(f"{live_server}/unit/{org['unit']['disdik'].id}/kinerja")
    wilayah = page.get_by_role("region", name=re.compile("^Sebaran predikat kinerja pegawai Dinas Pendidikan"))
    assert wilayah.is_visible()
    ukur = wilayah.evaluate("e => [e.clientWidth, e.scrollWidth, e.querySelector('table').getBoundingClientRect().right,"
                            " e.getBoundingClientRect().right]")
    assert ukur[1] <= ukur[0] and ukur[2] <= ukur[3] + 0.5, ukur  # the whole table shows, nothing clipped
    for teks in ("Kurang/Misconduct", "Persen", "Sangat Kurang"):
        assert wilayah.get_by_text(teks).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_role("region", name=re.compile("^Panduan sebaran")).is_visible()


# ---------------------------------------------------------------- the annual print

def halaman_pdf(page):
    """Pages of the print view rendered to an A4 PDF by Chromium."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format="A4")))


@pytest.fixture
def tahunan_panjang(app, berjalan, jam):
    """A final annual evaluation long enough that, before the fix, its
    signatures printed alone on the last page: `buat(n)` adds n RHK of two
    IKI each and finalises Triwulan IV-Akhir after the year has ended."""
    jam.setel("2027-01-04")

    def buat(n):
        with app.app_context(), database:
            skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
            for i in range(n):
                r = Rhk.create(skp=skp, jenis="tambahan" if i % 2 == 0 else "utama", urutan=i + 2,
                               uraian=f"Tersusunnya laporan kegiatan nomor {i} untuk sekolah dasar di kota")
                for j in range(2):
                    Iki.create(rhk=r, aspek="kuantitas", target_min=12, satuan="laporan",
                               indikator=f"Jumlah laporan kegiatan {i}.{j} yang disusun tepat waktu")
            ev = ambil_evaluasi(skp, 4)
            data = {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"}
            data.update({f"umpan_balik_{i}": "Laporan disusun rapi dan tepat waktu; pertahankan."
                         for i in baris_rhk(ev)})
            data.update({f"perilaku_{k}": "Menunjukkan perilaku yang baik sepanjang tahun." for k in BERAKHLAK})
            simpan_penilaian(skp.penilai, skp, ev, data, ev.version, finalkan=True)
            return ev.id
    return buat


@pytest.mark.parametrize("n_rhk", [2, 3])
def test_tanda_tangan_cetak_tahunan_tidak_sendirian(page, live_server, tahunan_panjang, n_rhk):
    """Hiding the predikat and the signatures leaves as many pages: they share
    the last page with the perilaku table. (Before the fix these lengths printed
    4 pages, the fourth holding only the predikat and the signatures.)"""
    ev_id = tahunan_panjang(n_rhk)
    masuk_ke(page, live_server, "staf")
    page.goto(f"{live_server}/penilaian/{ev_id}/cetak")
    penuh = halaman_pdf(page)
    page.evaluate("document.querySelector('.penutup').style.display = 'none'")
    assert halaman_pdf(page) == penuh
    page.evaluate("document.querySelector('.penutup').style.display = ''")
    blok = page.evaluate("""() => { const a = document.querySelector('.bagian-akhir');
        return [a.contains(document.querySelector('#judul-perilaku')), a.contains(document.querySelector('.pengesahan'))]; }""")
    assert blok == [True, True]


def test_penilaian_nip_satu_baris_dan_bukti_sejajar_di_360(page, live_server, berjalan, org):
    """The rating page at 360 px: the pegawai's NIP (not grouped for a PPPK:
    18 digits) keeps one line, its profile stacked as on the SKP page; an
    evidence link keeps a 44 px touch target (a block now, so that a title
    that wraps has its list bullet on its first line, not its last)."""
    from kinerja.models import Pegawai
    from kinerja.penilaian.bukti import tambah_tautan
    skp = berjalan["skp"]["staf"]
    with database:
        Pegawai.update(jenis_asn="pppk").where(Pegawai.id == skp.pegawai_id).execute()
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).first()
        tambah_tautan(org["pegawai"]["staf"], Skp.get_by_id(skp.id), iki, 3, "https://contoh.go.id/laporan",
                      "Laporan triwulan tiga yang judulnya cukup panjang untuk terlipat di layar ponsel")
    masuk_ke(page, live_server, "kasi")
    page.goto(f"{live_server}/penilaian/skp/{skp.id}/3")
    nip = page.locator(".profil .nip").first
    tinggi_baris = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.profil .nip')).lineHeight)")
    assert nip.bounding_box()["height"] < 1.5 * tinggi_baris, nip.bounding_box()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    tautan = page.get_by_role("link", name=re.compile("^Laporan triwulan tiga"))
    assert tautan.bounding_box()["height"] >= 44  # keeps its touch target
