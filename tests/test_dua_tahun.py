"""Two years at once: 2026 is being evaluated while 2027 is being planned.

Every year-bound page says which year it shows and has a year switcher; the
defaults follow the task (periode.periode_bawaan): Tim, kaskade, ekspektasi
tim and the unit's distribution open on 2026, Beranda shows both years, and
nothing is saved to a year the person did not choose. Today is pinned to
28 November 2026 (conftest `jam`); the pure rule is tested with explicit days.
"""
import datetime
import re
from types import SimpleNamespace

import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Periode
from kinerja.rules import BERAKHLAK
from kinerja.seed import DEMO_SANDI
from kinerja.skp.layanan import ubah_status
from kinerja.skp.models import EkspektasiTim, Perilaku, Rhk, Skp
from kinerja.periode import TUGAS_PERENCANAAN, dua_tahun, periode_bawaan
from tests.conftest import kirim, kota_demo_sekali
from tests.halaman import Halaman, teks_dari

# ---------------------------------------------------------------- the rule, pure


def _p(tahun, status):
    return SimpleNamespace(tahun=tahun, status=status, mulai=datetime.date(tahun, 1, 1),
                           selesai=datetime.date(tahun, 12, 31))


HARI = datetime.date


@pytest.mark.parametrize("periode,hari,dinilai,rencana", [
    # December: 2026 evaluated, 2027 planned.
    ([_p(2025, "ditutup"), _p(2026, "berjalan"), _p(2027, "perencanaan")], HARI(2026, 12, 10), 2026, 2027),
    # January: the 2026 annual evaluation is open while 2027 has started.
    ([_p(2026, "penilaian"), _p(2027, "berjalan")], HARI(2027, 1, 12), 2026, 2027),
    # January, 2026 not moved on yet: still the year being evaluated.
    ([_p(2026, "berjalan"), _p(2027, "perencanaan")], HARI(2027, 1, 12), 2026, 2027),
    # January, both years "berjalan" (2027 started on 2 January): 2026 is being rated.
    ([_p(2026, "berjalan"), _p(2027, "berjalan")], HARI(2027, 1, 10), 2026, 2027),
    # Two years in "penilaian": the newer one; the older is on the switcher.
    ([_p(2025, "penilaian"), _p(2026, "penilaian"), _p(2027, "perencanaan")], HARI(2027, 1, 10), 2026, 2027),
    # A stale year left open, ended more than 90 days ago: the one holding today wins.
    ([_p(2025, "berjalan"), _p(2026, "berjalan")], HARI(2026, 6, 1), 2026, None),
    ([_p(2025, "penilaian"), _p(2026, "berjalan")], HARI(2026, 11, 28), 2026, None),
    # The app's first year: only planning.
    ([_p(2026, "perencanaan")], HARI(2025, 12, 1), None, 2026),
])
def test_aturan_dua_tahun(periode, hari, dinilai, rencana):
    a, b = dua_tahun(periode, hari)
    assert (a and a.tahun, b and b.tahun) == (dinilai, rencana)
    # Evaluation pages open on the year being evaluated, planning pages on the next one.
    assert periode_bawaan(periode, hari=hari).tahun == (dinilai or rencana)
    assert periode_bawaan(periode, TUGAS_PERENCANAAN, hari).tahun == (rencana or dinilai)


def test_aturan_tanpa_tahun_terbuka():
    assert periode_bawaan([_p(2024, "ditutup"), _p(2025, "ditutup")], hari=HARI(2026, 1, 1)).tahun == 2025
    assert periode_bawaan([], hari=HARI(2026, 1, 1)) is None
    assert dua_tahun([], HARI(2026, 1, 1)) == (None, None)


def test_aturan_membaca_jam_kota(jam):
    periode = [_p(2026, "berjalan"), _p(2027, "berjalan")]
    assert periode_bawaan(periode).tahun == 2026  # 28 November 2026
    jam.setel("2027-02-01")  # within 90 days of its end 2026 is still being rated
    assert periode_bawaan(periode).tahun == 2026
    jam.setel("2027-04-15")
    assert periode_bawaan(periode).tahun == 2027


# ---------------------------------------------------------------- a small city: 2026 running, 2027 planned

@pytest.fixture
def dua(org, rencana):
    """`rencana` (2026 running: the kasi's SKP approved) plus 2027 in
    perencanaan; the staf's 2026 SKP is submitted and waits for the kasi."""
    p = org["pegawai"]
    with database:
        p2027 = Periode.create(tahun=2027, mulai="2027-01-01", selesai="2027-12-31",
                               frekuensi="triwulanan", status="perencanaan")
        skp = Skp.get_by_id(rencana["skp"]["staf"].id)
        ubah_status(p["staf"], skp, "ajukan", "", skp.version)
    return dict(rencana, p2027=p2027, pegawai=p)


def _main(r):
    """The page, parsed; what is asserted is read from its <main>."""
    return Halaman(r)


def _h1(h):
    return h.judul()


def _pemilih(h):
    """{year: (href, is current)} of the year switcher's links."""
    tautan = h.satu("main nav.pilih-periode").iter("a")
    return {int(teks_dari(a)[:4]): (a.get("href"), a.get("aria-current") == "page") for a in tautan
            if re.match(r"\d{4} \(", teks_dari(a))}


def _kartu_tahun(h, tahun):
    """The visible text of Beranda's card of one year's SKP."""
    return teks_dari(h.bagian(f"skp-{tahun}"))


def test_beranda_menampilkan_dua_tahun(client, auth, dua):
    auth.login("kasi")
    h = _main(client.get("/"))
    kartu = [el.get("aria-labelledby") for el in h.pilih("main section[aria-labelledby^=skp-]")]
    assert kartu == ["skp-2026", "skp-2027"]  # the year being evaluated first
    kartu_2026, kartu_2027 = _kartu_tahun(h, 2026), _kartu_tahun(h, 2027)
    assert teks_dari(h.satu("#skp-2026")) == "SKP 2026 (berjalan)" and "Disetujui" in kartu_2026
    tunggu = [a for a in h.bagian("skp-2026").iter("a") if a.get("href") == "/tim?periode=2026"]
    assert [teks_dari(a) for a in tunggu] == ["1 SKP bawahan menunggu tinjauan Anda"]
    assert teks_dari(h.satu("#skp-2027")) == "SKP 2027 (perencanaan)"
    assert "Anda belum membuat SKP 2027." in kartu_2027 and "Buat SKP 2027" in kartu_2027
    assert "menunggu tinjauan" not in kartu_2027


@pytest.mark.parametrize("url,judul", [("/tim", "SKP tim saya"), ("/tim/kaskade", "Matriks kaskade"),
                                       ("/tim/ekspektasi", "Ekspektasi perilaku tim")])
def test_halaman_tim_bawaan_2026_dengan_pemilih_tahun(client, auth, dua, url, judul):
    auth.login("kasi")
    h = _main(client.get(url))
    assert judul in _h1(h) and "periode 2026 (berjalan)" in _h1(h)
    assert _pemilih(h) == {2026: (f"{url}?periode=2026", True), 2027: (f"{url}?periode=2027", False)}
    lain = _main(client.get(f"{url}?periode=2027"))
    assert "periode 2027 (perencanaan)" in _h1(lain)
    assert _pemilih(lain)[2027][1] and not _pemilih(lain)[2026][1]


def test_skp_2026_yang_menunggu_tetap_di_tampilan_bawaan(client, auth, dua):
    auth.login("kasi")
    h = _main(client.get("/tim"))
    assert "Perlu ditinjau" in h.teks("main") and h.tautan_ke(f'/skp/{dua["skp"]["staf"].id}')
    rencana = _main(client.get("/tim?periode=2027")).teks("main")
    assert "Perlu ditinjau" not in rencana and "Belum membuat SKP" in rencana


def test_sebaran_unit_bawaan_2026(client, auth, org, dua):
    auth.login("kadis")
    r = client.get(f"/unit/{org['unit']['disdik'].id}/kinerja")
    assert r.status_code == 200 and "periode 2026" in _h1(_main(r))


# ---------------------------------------------------------------- saving to the chosen year only

def _form_ekspektasi(h):
    """(action, the seven values typed, hidden tahun) as a person would send the page's form."""
    form = [f for f in h.pilih("main form") if f.get("method") == "post"][0]
    action = form.get("action")
    tahun = [el for el in form.xpath(".//input[@name='tahun']") if el.get("type") == "hidden"][0].get("value")
    data = {n: f"Harapan 2026: {info['nama']}" for n, info in BERAKHLAK.items()}
    return action, dict(data, tahun=tahun, terapkan="semua")


def _bawaan(periode):
    with database:
        return {e.nilai: e.ekspektasi for e in EkspektasiTim.select().where(EkspektasiTim.periode == periode.id)}


def test_ekspektasi_tersimpan_ke_2026_saat_2027_terbuka(client, auth, dua):
    auth.login("kasi")
    h = _main(client.get("/tim/ekspektasi"))
    h.tombol("Simpan ekspektasi 2026")
    action, data = _form_ekspektasi(h)
    assert action == "/tim/ekspektasi?periode=2026" and data["tahun"] == "2026"
    r = kirim(client, action, data, token_from="/")
    assert r.status_code == 303 and r.headers["Location"].endswith("/tim/ekspektasi?periode=2026")
    assert _bawaan(dua["periode"])["akuntabel"] == "Harapan 2026: Akuntabel"
    assert _bawaan(dua["p2027"]) == {}
    # The default page (2026) shows them; the 2027 page does not.
    assert "Harapan 2026: Akuntabel" in Halaman(client.get("/tim/ekspektasi")).teks()
    assert "Harapan 2026: Akuntabel" not in Halaman(client.get("/tim/ekspektasi?periode=2027")).teks()
    with database:  # applied to the staf's 2026 SKP, the one under review
        assert Perilaku.get((Perilaku.skp == dua["skp"]["staf"].id)
                            & (Perilaku.nilai == "akuntabel")).ekspektasi == "Harapan 2026: Akuntabel"


def test_ekspektasi_2027_bila_dipilih(client, auth, dua):
    auth.login("kasi")
    h = _main(client.get("/tim/ekspektasi?periode=2027"))
    h.tombol("Simpan ekspektasi 2027")
    action, data = _form_ekspektasi(h)
    r = kirim(client, action, dict(data, terapkan="tidak"), token_from="/")
    assert r.status_code == 303 and r.headers["Location"].endswith("/tim/ekspektasi?periode=2027")
    assert len(_bawaan(dua["p2027"])) == 7 and _bawaan(dua["periode"]) == {}


def test_ekspektasi_tahun_di_isian_saja_dihormati(client, auth, dua):
    """A form that names its year only in the hidden field saves to that year, not the default."""
    auth.login("kasi")
    data = dict({n: f"Harapan: {info['nama']}" for n, info in BERAKHLAK.items()}, terapkan="tidak", tahun="2027")
    r = kirim(client, "/tim/ekspektasi", data, token_from="/")
    assert r.status_code == 303 and r.headers["Location"].endswith("/tim/ekspektasi?periode=2027")
    assert len(_bawaan(dua["p2027"])) == 7 and _bawaan(dua["periode"]) == {}


def _tidak_ada_yang_tertulis(dua):
    assert _bawaan(dua["periode"]) == {} and _bawaan(dua["p2027"]) == {}
    with database:
        assert not Perilaku.select().where(Perilaku.ekspektasi != "").exists()


@pytest.mark.parametrize("url,tahun,status,pesan,tampil", [
    # A page of 2026 whose form reaches 2027 (a stale page, an edited URL): refused.
    ("/tim/ekspektasi?periode=2027", "2026", 409,
     "Isian ini ditulis pada halaman periode 2026, tetapi dikirim ke periode 2027. Tidak ada yang disimpan.", 2026),
    ("/tim/ekspektasi?periode=2026", "2027", 409,
     "Isian ini ditulis pada halaman periode 2027, tetapi dikirim ke periode 2026.", 2027),
    # No year at all: never the default year.
    ("/tim/ekspektasi", None, 422, "Isian ini tidak menyebut tahun periode, jadi tidak disimpan.", 2026),
    ("/tim/ekspektasi?periode=abc", None, 422, "Isian ini tidak menyebut tahun periode, jadi tidak disimpan.", 2026),
    ("/tim/ekspektasi?periode=2026", "1999", 422, "Periode 1999 pada isian ini tidak ada.", 2026),
])
def test_ekspektasi_tahun_tidak_cocok_ditolak(client, auth, dua, url, tahun, status, pesan, tampil):
    auth.login("kasi")
    data = {n: f"Harapan: {info['nama']}" for n, info in BERAKHLAK.items()}
    data["terapkan"] = "semua"
    if tahun is not None:
        data["tahun"] = tahun
    r = kirim(client, url, data, token_from="/")
    h = _main(r)
    assert r.status_code == status and pesan in h.teks("main")
    assert h.isian("kolaboratif").value == "Harapan: Kolaboratif"  # what was typed is kept
    # The page shown again is the year the person saw, and its form names that year twice.
    assert f"periode {tampil} (" in _h1(h) and h.tombol(f"Simpan ekspektasi {tampil}") is not None
    action, ulang = _form_ekspektasi(h)
    assert action == f"/tim/ekspektasi?periode={tampil}" and ulang["tahun"] == str(tampil)
    _tidak_ada_yang_tertulis(dua)


def test_ekspektasi_ditolak_lalu_dikirim_ulang_dengan_tahun_benar(client, auth, dua):
    auth.login("kasi")
    data = {n: f"Harapan: {info['nama']}" for n, info in BERAKHLAK.items()}
    data.update(terapkan="tidak", tahun="2026", submission_id="6f1c2b1e-6a44-4a57-9d0e-3f1d9f0a7c11")
    assert kirim(client, "/tim/ekspektasi?periode=2027", data, token_from="/").status_code == 409
    # The same submission, now to the year it names: saved once, to 2026.
    r = kirim(client, "/tim/ekspektasi?periode=2026", data, token_from="/")
    assert r.status_code == 303
    assert len(_bawaan(dua["periode"])) == 7 and _bawaan(dua["p2027"]) == {}


def test_bagikan_menyebut_tahun_dan_menolak_tahun_lain(client, auth, dua):
    rhk = dua["rhk"]["kasi"]
    url = f"/tim/rhk/{rhk.id}/bagikan"
    auth.login("kasi")
    h = _main(client.get(url))
    assert "periode 2026 (berjalan)" in _h1(h) and h.tombol("Bagikan ke SKP 2026") is not None
    tahun = h.isian("tahun")
    assert (tahun.jenis, tahun.value) == ("hidden", "2026")
    with database:
        jumlah = Rhk.select().count()
    pilih = {"bawahan": [str(dua["pegawai"]["staf"].id)]}
    r = kirim(client, url, dict(pilih, tahun="2027"), token_from="/")
    assert r.status_code == 409 and "dikirim ke periode 2026" in Halaman(r).teks()
    assert Halaman(r).isian("bawahan", str(dua["pegawai"]["staf"].id)).checked  # the choice is kept
    with database:
        assert Rhk.select().count() == jumlah
    r = kirim(client, url, dict(pilih, tahun="2026"), token_from="/")
    assert r.status_code == 303 and r.headers["Location"].endswith("/tim/kaskade?periode=2026")


# ---------------------------------------------------------------- permissions unchanged

def test_hak_akses_tidak_berubah(client, auth, dua):
    auth.login("staf")  # no team in 2026 or 2027
    data = dict({n: "x" for n in BERAKHLAK}, terapkan="tidak", tahun="2027")
    assert kirim(client, "/tim/ekspektasi?periode=2027", data, token_from="/").status_code == 403
    assert kirim(client, "/tim/ekspektasi", data, token_from="/").status_code == 403
    r = kirim(client, f"/tim/rhk/{dua['rhk']['kasi'].id}/bagikan", {"tahun": "2026"}, token_from="/")
    assert r.status_code == 403  # someone else's RHK, whatever the year
    _tidak_ada_yang_tertulis(dua)
    auth.logout()
    for url in ("/tim?periode=2027", "/tim/ekspektasi?periode=2027"):
        assert "/login" in client.get(url).headers["Location"]


# ---------------------------------------------------------------- the demo city

@pytest.fixture(scope="module")
def kota_demo(tmp_path_factory, _db_termigrasi):
    """The demo city seeded once for this module, on 28 November 2026."""
    with kota_demo_sekali(tmp_path_factory, _db_termigrasi, "dua_tahun") as kota:
        yield kota


def _masuk(app, nip):
    client = app.test_client()
    assert kirim(client, "/login", {"nip": nip, "password": DEMO_SANDI}).status_code in (302, 303)
    return client


def test_kota_demo_membawa_2026_dan_2027(kota_demo):
    app, _ = kota_demo
    with app.app_context(), database:
        status = {p.tahun: p.status for p in Periode.select()}
        assert status == {2025: "ditutup", 2026: "berjalan", 2027: "perencanaan"}
        assert Pegawai.select().count() == 48  # as the README says
        assert not Skp.select().join(Periode).where(Periode.tahun == 2027).exists()


@pytest.mark.parametrize("peran", ["superadmin", "admin", "atasan_penilai", "atasan", "pegawai", "pemantau"])
def test_beranda_setiap_peran_demo(kota_demo, peran):
    app, akun = kota_demo
    h = _main(_masuk(app, akun[peran]).get("/"))
    assert teks_dari(h.satu("#skp-2026")) == "SKP 2026 (berjalan)"
    assert teks_dari(h.satu("#skp-2027")) == "SKP 2027 (perencanaan)"
    kartu = [el.get("aria-labelledby") for el in h.pilih("main section[aria-labelledby^=skp-]")]
    assert kartu == ["skp-2026", "skp-2027"]
    assert "Anda belum membuat SKP 2027." in _kartu_tahun(h, 2027)
    kartu_2026 = _kartu_tahun(h, 2026)
    if peran == "pegawai":  # Nur Aisyah plans 2026 from scratch
        assert "Anda belum membuat SKP 2026." in kartu_2026
    if peran == "atasan":  # Dimas's 2026 SKP waits for her, under 2026
        tunggu = [a for a in h.bagian("skp-2026").iter("a") if a.get("href") == "/tim?periode=2026"]
        assert [teks_dari(a) for a in tunggu] == ["1 SKP bawahan menunggu tinjauan Anda"]


@pytest.mark.parametrize("peran", ["atasan_penilai", "atasan"])
def test_halaman_tim_peran_demo(kota_demo, peran):
    app, akun = kota_demo
    client = _masuk(app, akun[peran])
    for url in ("/tim", "/tim/kaskade", "/tim/ekspektasi"):
        h = _main(client.get(url))
        assert "periode 2026 (berjalan)" in _h1(h), url
        pemilih = _pemilih(h)
        assert pemilih[2026] == (f"{url}?periode=2026", True) and pemilih[2027] == (f"{url}?periode=2027", False)
    if peran == "atasan":
        assert "Perlu ditinjau" in teks_dari(_main(client.get("/tim")).baris("Dimas Prasetyo"))
        _main(client.get("/tim/ekspektasi")).tombol("Simpan ekspektasi 2026")
        # Ratings stay on 2026: Ayu's Triwulan III waits in the rating queue.
        assert "Triwulan III 2026" in _main(client.get("/penilaian")).teks("main")


def test_buat_skp_memilih_tahun_yang_masih_kurang_atau_yang_diminta(app, org, client, auth):
    # 2026 is being evaluated and 2027 planned: the missing 2026 SKP is
    # chosen first; Beranda's "Buat SKP 2027" link chooses 2027.
    with database:
        if not Periode.select().where(Periode.tahun == 2027).exists():
            Periode.create(tahun=2027, mulai=datetime.date(2027, 1, 1), selesai=datetime.date(2027, 12, 31),
                           frekuensi="triwulanan", status="perencanaan")
        p26, p27 = Periode.get(Periode.tahun == 2026), Periode.get(Periode.tahun == 2027)
    auth.login(org["pegawai"]["staf"].nip)
    def pilihan(url):
        """The periode the SKP form has selected."""
        terpilih = [o for o in Halaman(client.get(url)).pilih("option") if o.get("selected") is not None]
        assert len(terpilih) == 1, url
        return int(terpilih[0].get("value"))
    assert pilihan("/skp") == p26.id
    assert pilihan("/skp?periode=2027") == p27.id
    assert pilihan("/skp?periode=1999") == p26.id
    assert Halaman(client.get("/")).tautan_ke("/skp?periode=2027")
