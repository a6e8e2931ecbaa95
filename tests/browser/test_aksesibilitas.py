"""Automated accessibility check of the main pages in Chromium at 360 px:
axe-core's WCAG 2.2 A/AA rules (tests/vendor) run on each page as the
pegawai, the atasan and the admin see it. One login per role; every page
of the role is checked before the test fails, so one run lists everything
to fix. axe cannot judge everything (reading order, wording, keyboard
flow); it catches the mechanical faults: names, labels, contrast, roles."""
from pathlib import Path

import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Unit
from kinerja.penilaian.layanan import ambil_evaluasi, baris_rhk, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.realisasi import simpan_realisasi
from kinerja.skp.models import Skp
from tests.browser.test_login import masuk
from tests.browser.test_skp import masuk_ke
from tests.test_tim_besar import tim_besar  # noqa: F401 (a fixture)

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.14.1.min.js"
TAG_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# The violations in a form that is easy to read in a failure: rule, help,
# how many elements and the first few selectors.
JALANKAN_AXE = """async tags => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, n: v.nodes.length,
    target: v.nodes.slice(0, 4).map(n => n.target.join(' ')),
    info: v.nodes.slice(0, 1).map(n => n.failureSummary || '').join('')}));
}"""


@pytest.fixture
def dinilai(app, org, berjalan):
    """`berjalan` plus, for the staf: Triwulan II rated final (Butuh Perbaikan,
    so a pembinaan plan can be written) and Triwulan III with realisasi and
    the self-evaluation submitted, waiting for the penilai. For the admin's
    lists: one inactive pegawai and one inactive unit."""
    with app.app_context(), database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        iki = [i for r in skp.rhk for i in r.iki][0]
        simpan_realisasi(skp.pegawai, skp, iki, 3, {"nilai": "9", "catatan": "Data sekolah terlambat."}, "")
        ev = ambil_evaluasi(skp, 3)
        simpan_evaluasi_diri(skp.pegawai, skp, ev, {
            f"{k}_{rhk_id}": v for rhk_id in baris_rhk(ev)
            for k, v in (("penilaian_diri", "sesuai"), ("uraian_diri", "Laporan selesai."),
                         ("kendala", "Jaringan lambat"))}, ev.version, ajukan=True)
        final = ambil_evaluasi(skp, 2)
        simpan_penilaian(skp.penilai, skp, final, {"rating_hasil": "di_bawah", "rating_perilaku": "sesuai"},
                         final.version, finalkan=True)
        Pegawai.create(nip="199105052019031009", nama="Dedi Kurniawan", jabatan="Pengadministrasi Umum",
                       jenis_jabatan="pelaksana", unit=org["unit"]["bidang_sd"], aktif=False)
        u = Unit.create(nama="UPT Sanggar Kegiatan Belajar", kode="DISDIK-SKB", jenis="upt",
                        parent=org["unit"]["disdik"], aktif=False)
        u.path = f"{org['unit']['disdik'].path}{u.id}/"
        u.save()
    return {**berjalan, "menunggu": ev, "final": final}


def pasang_axe(page):
    """Load axe into every document the page opens from now on (cheaper than
    sending the 650 KB script again after each navigation)."""
    page.context.add_init_script(path=str(AXE))


def jalankan(page, label):
    """axe's violations on the page as it is now, one readable block each.
    Two checks axe lacks are added: a page wider than the phone (WCAG 1.4.10
    Reflow) and page content pinned with position:fixed, which covers the
    text and the focus beneath it on a small screen (2.4.11). Closed
    <details> are opened first so the forms behind them are checked."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    lebar = page.evaluate("document.documentElement.scrollWidth")
    temuan = []
    if lebar > 360:
        temuan.append(f"{label}\n  halaman {lebar} px lebarnya: bergeser ke samping di layar 360 px")
    tetap = page.evaluate("""Array.from(document.querySelectorAll('main *'))
        .filter(e => getComputedStyle(e).position === 'fixed')
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ').join('.') : ''))""")
    if tetap:
        temuan.append(f"{label}\n  isi halaman menempel (position:fixed) menutupi isi lain: {tetap[:4]}")
    return temuan + [f"{label}\n  {v['id']} ({v['impact']}, {v['n']}x): {v['help']}\n    "
            + "\n    ".join(v["target"]) + "\n    " + v["info"].replace("\n", "\n    ")
            for v in page.evaluate(JALANKAN_AXE, TAG_WCAG)]


def periksa(page, base, paths):
    """Visit each path and run axe; the violations of all of them."""
    temuan = []
    for path in paths:
        page.goto(base + path)
        temuan += jalankan(page, path)
    return temuan


def gagal_bila_ada(temuan):
    if temuan:
        pytest.fail(f"{len(temuan)} pelanggaran WCAG 2.2 A/AA:\n" + "\n".join(temuan), pytrace=False)


def test_halaman_masuk_dan_galatnya(page, live_server):
    pasang_axe(page)
    temuan = periksa(page, live_server, ["/login"])
    masuk(page, live_server, "staf", "salah")
    page.get_by_role("alert").wait_for()
    gagal_bila_ada(temuan + jalankan(page, "/login (sandi salah)"))


def test_halaman_pegawai(page, live_server, dinilai):
    skp = dinilai["skp"]["staf"].id
    masuk_ke(page, live_server, "staf")
    pasang_axe(page)
    temuan = periksa(page, live_server, [
        "/", "/tugas", "/skp", f"/skp/{skp}", f"/skp/{skp}/kinerja", f"/skp/{skp}/kinerja/2",
        f"/penilaian/{dinilai['final'].id}/pembinaan", f"/skp/{skp}/kinerja/3", "/tidak-ada",
        f"/skp/{skp}/kinerja/4"])
    page.get_by_label("Realisasi (laporan)").fill("10")         # saved: the flash and the swapped form
    page.get_by_role("button", name="Simpan semua isian").first.click()
    page.get_by_text("Terakhir disimpan").wait_for()
    temuan += jalankan(page, f"/skp/{skp}/kinerja/4 (disimpan)")
    page.goto(live_server + "/akun/sandi")
    page.get_by_role("button", name="Simpan").click()          # empty: the error summary
    page.get_by_role("alert").wait_for()
    gagal_bila_ada(temuan + jalankan(page, "/akun/sandi (galat)"))


def test_halaman_rencana_skp(page, live_server, rencana):
    """The draft SKP with its forms (RHK, IKI, perilaku, lampiran, pejabat)."""
    skp, rhk = rencana["skp"]["staf"].id, rencana["rhk"]["staf"].id
    masuk_ke(page, live_server, "staf")
    pasang_axe(page)
    temuan = periksa(page, live_server, [
        f"/skp/{skp}/rhk/{rhk}", f"/skp/{skp}/rhk/{rhk}/iki", f"/skp/{skp}/perilaku",
        f"/skp/{skp}/lampiran", f"/skp/{skp}/pejabat", f"/skp/{skp}"])
    page.get_by_role("button", name="Tambah RHK").click()      # empty: the message at the field
    page.locator(".galat").first.wait_for()
    gagal_bila_ada(temuan + jalankan(page, f"/skp/{skp} (galat RHK)"))


def test_halaman_atasan(page, live_server, dinilai):
    skp, final = dinilai["skp"]["staf"].id, dinilai["final"].id
    masuk_ke(page, live_server, "kasi")
    pasang_axe(page)
    temuan = periksa(page, live_server, [
        "/", "/tugas", "/tim", "/tim/kaskade", "/tim/ekspektasi", "/penilaian", "/penilaian/frasa",
        "/keberatan", f"/skp/{skp}/kinerja", f"/penilaian/{final}", f"/penilaian/{final}/pembinaan",
        f"/penilaian/skp/{skp}/4", f"/penilaian/{dinilai['menunggu'].id}"])
    page.get_by_role("button", name="Finalkan penilaian").click()   # empty: the error summary
    page.locator(".galat-ringkas").wait_for()
    gagal_bila_ada(temuan + jalankan(page, "/penilaian (galat)"))


def test_halaman_admin(page, live_server, org, dinilai):
    disdik, staf = org["unit"]["disdik"].id, org["pegawai"]["staf"].id
    masuk_ke(page, live_server, "admin_disdik")
    pasang_axe(page)
    gagal_bila_ada(periksa(page, live_server, [
        "/admin/pegawai", "/admin/pegawai?status=semua", f"/admin/pegawai/{staf}", "/admin/pegawai/baru",
        f"/admin/pegawai/{staf}/ubah", "/admin/unit", f"/admin/unit/{disdik}", "/admin/unit/baru",
        "/admin/periode", f"/admin/periode/{dinilai['periode'].id}", "/admin/periode/baru",
        "/admin/impor", f"/unit/{disdik}/kinerja", "/skp"]))


def test_halaman_tim_besar(page, live_server, tim_besar):
    # A team too big for one page: the search form, the page links and the
    # status groups appear and are checked too.
    tim_besar["tambah"](60)
    masuk_ke(page, live_server, "kasi")
    pasang_axe(page)
    gagal_bila_ada(periksa(page, live_server, [
        "/", "/?hal=2", "/tugas", "/tugas?kelompok=nilai&hal=2", "/tugas?q=Siregar", "/tim?hal=2",
        "/tim?status=belum", "/tim/kaskade?hal=2", "/penilaian?hal=2", "/penilaian?q=Siregar"]))
