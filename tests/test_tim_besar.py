"""Big teams: an atasan with 500 direct subordinates. Every team list (the
rating queue, Tugas saya, tim, kaskade, the home page) is paged with plain
?hal=N links, searchable by name or NIP, never shows someone of another
atasan, stays within the 14 KB gzip budget, reads only the columns it shows,
and runs the same number of SQL queries for 20 or 500 subordinates (timings
are benchmarks, never asserted here).

The team is written with bulk inserts (the services would take minutes): the
kasi of `rencana` gets N subordinates; of every four, one SKP waits for
approval, two are approved (one with the self-evaluation of Triwulan III
submitted, one with Triwulan I already rated), and the fourth has a draft or
no SKP. Names and texts vary as real ones do, so gzip is not flattered. The
kadinkes has a small team of his own that must never show on the kasi's
pages. Today is 28 November 2026: Triwulan I-III are over."""
import datetime
import gzip
import re
import secrets

import pytest

from kinerja.db import database, perbarui_statistik
from kinerja.models import Pegawai
from kinerja.penilaian.models import Evaluasi
from kinerja.skp.models import Rhk, Skp
from tests.conftest import hitung_kueri, teks
from tests.halaman import Halaman, teks_dari
from tests.test_skp_tim import angka

GZIP = {"Accept-Encoding": "gzip"}
BATAS_HTML = 14 * 1024

DEPAN = ["Ahmad", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hendra", "Indah", "Joko", "Kartika",
         "Lestari", "Maya", "Nur", "Putri", "Rahmat", "Siti", "Taufik", "Wulan", "Yusuf"]
TENGAH = ["Aulia", "Bayu", "Cahya", "Dwi", "Eka", "Fajar", "Galih", "Hadi", "Ika", "Jaya", "Kurnia", "Lia",
          "Mulia", "Nanda", "Okta", "Prima", "Rizki", "Sari", "Tri", "Utami", "Vina", "Wahyu", "Yoga",
          "Zahra", "Adi"]
MARGA = ["Siregar", "Nasution", "Lubis", "Harahap", "Pasaribu", "Simanjuntak", "Sitorus", "Pardede",
         "Hutagalung", "Tampubolon", "Manurung", "Sinaga", "Purba", "Damanik", "Saragih", "Ginting", "Tarigan"]
JABATAN = ["Pengadministrasi Umum", "Pengolah Data Pendidikan", "Analis Kurikulum", "Pengelola Sarana Sekolah",
           "Penyusun Laporan Keuangan", "Verifikator Data Guru"]
URAIAN = ["Tersusunnya laporan bulanan capaian layanan pendidikan dasar di wilayah {}, lengkap dengan data "
          "pendukung dari setiap satuan pendidikan",
          "Terverifikasinya data peserta didik dan tenaga pendidik pada {} sekolah dasar binaan sebelum batas "
          "waktu pelaporan",
          "Terlaksananya pendampingan penyusunan kurikulum muatan lokal di gugus {} sesuai jadwal semester"]
# Person 321 (approved SKP, Triwulan III submitted) is sought on every page.
DICARI = 321


def nip_anggota(i):
    """An 18-digit NIP of team member i (bulk rows skip the form's NIP checks)."""
    return f"1990010120150{i:05d}"


def nama_anggota(i):
    """A unique name for i < 500: the first two words never repeat together."""
    return f"{DEPAN[i % 20]} {TENGAH[(i // 20) % 25]} {MARGA[(i * 7) % 17]}"


NAMA = {nama_anggota(i): i for i in range(500)}
POLA_NAMA = re.compile("|".join(re.escape(n) for n in sorted(NAMA, key=len, reverse=True)))


def orang_di(sumber):
    """The team members named in the page's visible content (not the header)."""
    h = sumber if isinstance(sumber, Halaman) else Halaman(sumber)
    return {NAMA[m] for m in POLA_NAMA.findall(h.teks("main"))}


def _pegawai(rows, unit, atasan):
    Pegawai.insert_many([dict(r, jenis_jabatan="pelaksana", jenis_asn="pns", unit=unit.id, atasan=atasan.id,
                              aktif=True, peran="pegawai", password_hash="x", wajib_ganti_sandi=False,
                              login_token=secrets.token_urlsafe(24), version=1)
                         for r in rows]).execute()
    return dict(Pegawai.select(Pegawai.nip, Pegawai.id).where(Pegawai.nip.in_([r["nip"] for r in rows])).tuples())


def _skp(pegawai_id, periode, status, penilai, atasan_penilai, jabatan="Pengadministrasi Umum"):
    return {"pegawai": pegawai_id, "periode": periode.id, "pendekatan": "kuantitatif", "status": status,
            "pegawai_jabatan": jabatan, "pegawai_unit": "Bidang Pembinaan SD", "pegawai_jenis_jabatan": "pelaksana",
            "penilai": penilai.id, "penilai_jabatan": penilai.jabatan,
            "atasan_penilai": atasan_penilai.id if atasan_penilai else None,
            "disetujui_pada": datetime.datetime(2026, 1, 20, 9) if status == "disetujui" else None, "version": 1}


def tambah_tim(org, rencana, mulai, n):
    """Team members mulai..mulai+n-1 under the kasi, with SKPs, RHK and evaluations."""
    p, periode = org["pegawai"], rencana["periode"]
    status_ke = {0: "diajukan", 1: "disetujui", 2: "disetujui"}
    urut = range(mulai, mulai + n)
    with database.atomic():
        ids = _pegawai([{"nip": nip_anggota(i), "nama": nama_anggota(i), "jabatan": JABATAN[i % 6]} for i in urut],
                       org["unit"]["bidang_sd"], p["kasi"])
        Skp.insert_many([_skp(ids[nip_anggota(i)], periode, status_ke.get(i % 4, "draft"), p["kasi"], p["kabid"],
                              JABATAN[i % 6])
                         for i in urut if i % 4 != 3 or i % 8 == 3]).execute()
        skp = dict(Skp.select(Skp.pegawai, Skp.id).where(Skp.pegawai.in_(list(ids.values()))).tuples())
        rhk, ev = [], []
        for i in urut:
            s = skp.get(ids[nip_anggota(i)])
            if s is None:
                continue
            tautan = rencana["rhk"]["kasi"].id if i % 5 != 4 else None  # one in five not linked yet
            rhk.append({"skp": s, "jenis": "utama", "uraian": URAIAN[i % 3].format(i), "rhk_atasan": tautan,
                        "urutan": 1, "version": 1})
            if i % 4 == 1:
                ev.append({"skp": s, "nomor": 3, "status": "diajukan", "version": 1,
                           "diajukan_pada": datetime.datetime(2026, 10, 5, 8) + datetime.timedelta(minutes=i)})
            elif i % 4 == 2:
                ev.append({"skp": s, "nomor": 1, "status": "dinilai", "rating_hasil": "sesuai",
                           "rating_perilaku": "sesuai", "predikat": "baik", "penilai": p["kasi"].id,
                           "final_pada": datetime.datetime(2026, 4, 10, 9), "version": 1})
        Rhk.insert_many(rhk).execute()
        Evaluasi.insert_many(ev).execute()


@pytest.fixture
def tim_besar(org, rencana):
    """The kasi's team of 20 plus the staf (`tambah(n)` adds more), and the
    kadinkes's own team of 5, one SKP waiting for him, the rest approved.
    The planner's statistics are refreshed after each addition, as an import
    or the server's autovacuum would have done by the time a person looks:
    PostgreSQL planning with those of the empty template took seconds per
    page."""
    p = org["pegawai"]
    with database:
        tambah_tim(org, rencana, 0, 20)
        lain = _pegawai([{"nip": f"1991020220160{i:05d}", "nama": f"Bukan Tim Kasi {i}", "jabatan": "Pelaksana"}
                         for i in range(5)], org["unit"]["dinkes"], p["kadinkes"])
        Skp.insert_many([_skp(pid, rencana["periode"], "diajukan" if k == 0 else "disetujui", p["kadinkes"], None)
                         for k, pid in enumerate(lain.values())]).execute()
        perbarui_statistik()
    jumlah = [20]

    def tambah(n):
        with database:
            tambah_tim(org, rencana, jumlah[0], n)
            perbarui_statistik()
        jumlah[0] += n
    return {"tambah": tambah, **rencana}


def ambil(client, url):
    """(gzip bytes, HTML) of one GET, which must be 200 and really gzip-compressed."""
    r = client.get(url, headers=GZIP)
    assert r.status_code == 200, f"{url}: HTTP {r.status_code}"
    assert r.headers.get("Content-Encoding") == "gzip", url
    return len(r.data), gzip.decompress(r.data).decode()


# (list, the URL whose ?hal= pages it): Tugas saya shows each group's first
# items with its count; a group's own page is the paged list.
DAFTAR = [("beranda", "/"), ("tugas: setujui", "/tugas?kelompok=setujui"), ("tugas: nilai", "/tugas?kelompok=nilai"),
          ("tim", "/tim"), ("kaskade", "/tim/kaskade"), ("antrean", "/penilaian")]
HALAMAN = ["/", "/tugas", "/tugas?kelompok=setujui", "/tugas?kelompok=nilai", "/tim", "/tim/kaskade",
           "/penilaian"]


def dengan(url, **args):
    return url + ("&" if "?" in url else "?") + "&".join(f"{k}={v}" for k, v in args.items())


def butir_antrean(html):
    """The queue's entries as the screen reader names them: "Nilai NAMA, PERIODE"."""
    return {el.get("aria-label") for el in Halaman(html).pilih("main [aria-label]")
            if el.get("aria-label").startswith("Nilai ")}


@pytest.fixture
def kasi_500(client, auth, tim_besar):
    tim_besar["tambah"](480)
    auth.login("kasi")
    return client


def test_setiap_halaman_dalam_anggaran_html(kasi_500):
    ukuran = {}
    for url in HALAMAN + [dengan(url, hal=2) for _, url in DAFTAR]:
        n, html = ambil(kasi_500, url)
        ukuran[url] = n
        assert "Bukan Tim Kasi" not in html, url
    lewat = {url: n for url, n in ukuran.items() if n > BATAS_HTML}
    assert not lewat, f"melebihi 14 KB gzip: {lewat}"


@pytest.mark.parametrize("nama,url", DAFTAR)
def test_halaman_dua_berisi_orang_lain(kasi_500, nama, url):
    _, satu = ambil(kasi_500, url)
    _, dua = ambil(kasi_500, dengan(url, hal=2))
    # Plain links that work without JavaScript, keeping the list's filters; the current page is marked.
    nav = Halaman(satu).satu("nav.halaman")
    tautan_dua = [a.get("href") for a in nav.iter("a") if re.search(r"[?&]hal=2(&|$)", a.get("href"))]
    assert tautan_dua and nav.cssselect('[aria-current="page"]') and nav.cssselect('a[rel="next"]'), nama
    assert not [n for el in nav.iter() for n in el.attrib if n.startswith("hx-")] and not nav.xpath(".//script")
    for kunci in re.findall(r"[?&](\w+)=", url):
        assert f"{kunci}=" in tautan_dua[0], (nama, kunci)
    lewat_tautan = teks(kasi_500.get(tautan_dua[0]))
    assert lewat_tautan[lewat_tautan.index("<main"):] == dua[dua.index("<main"):]  # the very same page
    assert [teks_dari(el) for el in Halaman(dua).pilih('nav.halaman [aria-current="page"]')] == ["2"]
    if nama == "antrean":  # one person waits with several periods: the entries differ
        assert butir_antrean(satu) and butir_antrean(dua) and not butir_antrean(satu) & butir_antrean(dua)
    else:
        assert orang_di(satu) and orang_di(dua) and not orang_di(satu) & orang_di(dua), nama
        assert len(orang_di(satu)) >= 10, nama
    assert "Bukan Tim Kasi" not in satu + dua


CARI = ["/", "/tugas", "/tugas?kelompok=nilai", "/tim", "/tim/kaskade", "/penilaian"]


@pytest.mark.parametrize("url", CARI)
def test_cari_nama_atau_nip_menyempitkan_ke_orangnya(kasi_500, url):
    h = Halaman(kasi_500.get(url))
    form = h.satu('main form[role="search"]')
    assert form.get("method") == "get" and form.cssselect('label[for="q"]')
    q = h.isian("q")
    assert q.get("id") == "q" and q.label and q.get("maxlength") == "100"
    nama = nama_anggota(DICARI)
    for q in (nama, nama.split()[0] + " " + nama.split()[1], nip_anggota(DICARI),
              " ".join([nip_anggota(DICARI)[:8], nip_anggota(DICARI)[8:14], nip_anggota(DICARI)[14:]])):
        hasil = teks(kasi_500.get(dengan(url, q=q.replace(" ", "+"))))
        assert orang_di(hasil) == {DICARI}, (url, q, orang_di(hasil))
    # Nobody of another atasan, whatever is typed.
    for q in ("Bukan+Tim+Kasi", "19910202"):
        hasil = Halaman(kasi_500.get(dengan(url, q=q)))
        assert not re.search(r"Bukan Tim Kasi \d", hasil.html) and not orang_di(hasil), (url, q)


def test_cari_dibatasi_100_karakter(kasi_500):
    for url in CARI:
        assert kasi_500.get(dengan(url, q="a" * 101)).status_code == 400, url
        assert kasi_500.get(dengan(url, q="a" * 100)).status_code == 200, url


def test_tugas_menampilkan_jumlah_dan_tautan_ke_semua(kasi_500):
    h = Halaman(kasi_500.get("/tugas"))
    setujui = h.bagian("tugas-setujui")
    assert teks_dari(setujui.cssselect("h2 span.label")[0]) == "125"
    assert len([a for a in setujui.iter("a") if re.fullmatch(r"/skp/\d+", a.get("href", ""))]) == 10
    semua = [a for a in setujui.iter("a") if a.get("href") == "/tugas?kelompok=setujui"]
    assert len(semua) == 1 and teks_dari(semua[0]).startswith("Lihat semua 125")
    assert "Lihat semua 625" in h.teks()  # 250 approved x 3 periods over, minus 125 rated, submitted ones included
    # 125 + 625, and the kasi's own approved SKP: 3 self-evaluations over and this quarter's realisasi.
    assert "754 tugas menunggu Anda." in h.teks() and "754 tugas" in [teks_dari(el) for el in h.pilih("main strong")]
    # The long groups' counts come from the header's query: the overview counts nothing again.
    assert not [q for q in _kueri(kasi_500, "/tugas") if q.startswith("SELECT COUNT(1) FROM (")]
    assert "125" in Halaman(kasi_500.get("/tugas?kelompok=setujui")).teks("main")


def test_tim_berkelompok_menurut_status(kasi_500):
    h = Halaman(kasi_500.get("/tim"))
    assert angka(h, "diajukan") == 125 and angka(h, "disetujui") == 250
    # The staf of the fixture is a draft too.
    assert angka(h, "draf atau dikembalikan") == 64 and angka(h, "belum membuat SKP") == 62
    assert "501 anggota tim." in h.teks()
    belum = Halaman(kasi_500.get("/tim?status=belum"))
    assert "62 dari 501 anggota tim (belum membuat SKP)" in belum.teks()
    assert all(i % 8 == 7 for i in orang_di(belum))
    assert "Perlu ditinjau" not in belum.teks() and belum.tautan_ke("/tim?periode=2026&status=belum&hal=2")


def test_bukan_atasan_dan_atasan_lain(tim_besar, client, auth):
    tim_besar["tambah"](40)
    auth.login("staf")
    for url in HALAMAN:
        html = teks(client.get(url))
        assert not orang_di(html) and "Bukan Tim Kasi" not in html, url
    auth.logout()
    auth.login("kadinkes")
    for url in HALAMAN:
        html = teks(client.get(url))
        assert not orang_di(html), url
    assert "Bukan Tim Kasi 0" in teks(client.get("/tim")) and "Bukan Tim Kasi 4" in teks(client.get("/"))
    assert "Bukan Tim Kasi 1" in teks(client.get("/penilaian"))


def _kueri(client, url):
    with hitung_kueri() as kueri:
        assert client.get(url).status_code == 200, url
    return kueri


def test_jumlah_kueri_sama_untuk_20_dan_500_bawahan(client, auth, tim_besar, hitung_tiap_halaman):
    auth.login("kasi")
    urls = HALAMAN + [dengan(url, hal=2) for _, url in DAFTAR] + [dengan(url, q="Siregar") for url in CARI]
    sedikit = {url: len(_kueri(client, url)) for url in urls}
    tim_besar["tambah"](480)
    banyak = {url: len(_kueri(client, url)) for url in urls}
    assert banyak == sedikit


def test_daftar_hanya_membaca_kolom_yang_ditampilkan(kasi_500):
    panjang = ('"password_hash"', '"dukungan_sumber_daya"', '"skema_pertanggungjawaban"', '"konsekuensi"',
               '"alasan_status"', '"rencana"', '"alasan"')
    for url in HALAMAN + [dengan(url, hal=2) for _, url in DAFTAR]:
        kueri = _kueri(kasi_500, url)
        # The only full row is the signed-in person's own, loaded with the session.
        assert sum('"password_hash"' in q for q in kueri) == 1, url
        dibaca = [k for q in kueri[1:] for k in panjang if k in q]
        assert not dibaca, (url, dibaca)
        # A team member's RHK text is cut in SQL, never read whole for a list.
        utuh = [q for q in kueri if re.search(r'"uraian"', q) and "SUBSTR" not in q.upper()
                and "WHERE (\"t1\".\"skp_id\" = " not in q]
        assert not utuh, (url, utuh)


def test_kepala_halaman_satu_kueri(kasi_500):
    kueri = _kueri(kasi_500, "/skp")
    hitung = [q for q in kueri if "UNION ALL" in q]
    assert len(hitung) == 1
    # Counts, objections, pembinaan and "has a team" (the Tim link) all come from that one query.
    lain = [q for q in kueri if q not in hitung]
    assert not any('"keberatan"' in q or '"pembinaan"' in q or '"evaluasi"' in q for q in lain), lain
    assert not any('"atasan_id" = ' in q for q in lain), lain
    nav = Halaman(kasi_500.get("/skp")).menu()
    assert nav[0][2] == "Tugas saya, 754 tugas menunggu" and "Tim" in [teks for teks, _, _ in nav]


def test_masukan_aneh_tidak_pernah_galat(kasi_500):
    assert kasi_500.get("/tugas?kelompok=tidak-ada").status_code == 404
    for url in ("/", "/tim", "/tim/kaskade", "/penilaian", "/tugas?kelompok=nilai"):
        for hal in ("abc", "-3", "0", "99999999999999999999"):
            assert kasi_500.get(dengan(url, hal=hal)).status_code == 200, (url, hal)
        akhir = Halaman(kasi_500.get(dengan(url, hal=9999)))  # past the end: the last page
        kini = akhir.pilih('nav.halaman [aria-current="page"]')
        assert len(kini) == 1 and teks_dari(kini[0]).isdigit(), url
        assert "Berikutnya" not in akhir.teks("main") and not akhir.pilih('a[rel="next"]'), url
    assert "501 anggota tim." in Halaman(kasi_500.get("/tim?status=apa")).teks()  # unknown: all


def test_teks_pencarian_di_escape(kasi_500):
    for url in CARI:
        h = Halaman(kasi_500.get(dengan(url, q="%3Cscript%3Ex()%3C/script%3E")))
        assert "<script>x()" not in h.html and h.isian("q").value == "<script>x()</script>", url
