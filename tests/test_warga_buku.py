"""The service log (buku layanan): a petugas records a service in a few
taps, gets a one-time code and a slip for the citizen, finishes a record
left in progress; only they see their records."""
import datetime
import re

import pytest
import segno

from kinerja.db import database
from kinerja.models import Riwayat
from kinerja.rules.warga import HURUF_KODE, PANJANG_KODE
from kinerja.warga.buku import catat_layanan
from kinerja.warga.models import CatatanLayanan
from tests.conftest import hitung_kueri, kirim
from tests.halaman import Halaman

KINI = "2026-11-28T10:00"


@pytest.fixture
def pagi(jam):
    jam.setel(KINI)
    return jam


def catatan_semua():
    with database:
        return list(CatatanLayanan.select().order_by(CatatanLayanan.id).dicts())


def isi(layanan, **lain):
    data = {"layanan": str(layanan.id), "mulai": "2026-11-28T09:40", "selesai_di_tempat": "y", "hasil": "selesai"}
    data.update(lain)
    return {k: v for k, v in data.items() if v is not None}


def test_form_baru_siap_dalam_beberapa_ketukan(client, auth, puskesmas, pagi):
    auth.login("petugas2")  # serves one service: it is preselected
    h = Halaman(client.get("/buku-layanan/baru"))
    assert h.isian("layanan").opsi() == [(str(puskesmas["layanan"]["daftar"].id), "Pendaftaran pasien", True)]
    assert h.isian("mulai").value == "2026-11-28T10:00" and h.isian("mulai").get("type") == "datetime-local"
    assert h.isian("selesai_di_tempat").checked
    assert h.isian("hasil", "selesai").checked
    assert h.isian("layanan").label == "Layanan" and h.isian("alasan").label
    auth.logout()
    auth.login("petugas")  # two services: a choice to make
    opsi = Halaman(client.get("/buku-layanan/baru")).isian("layanan").opsi()
    assert [t for _, t, _ in opsi] == ["Pilih layanan", "Pendaftaran pasien", "Surat keterangan sehat"]


def test_catat_selesai_di_tempat_lalu_slip(client, auth, puskesmas, pagi):
    surat = puskesmas["layanan"]["surat"]
    auth.login("petugas")
    r = kirim(client, "/buku-layanan/baru", isi(surat), token_from="/")
    assert r.status_code == 303
    [c] = catatan_semua()
    assert r.location.endswith(f"/buku-layanan/{c['id']}")
    assert (c["layanan"], c["unit"], c["pegawai"]) == (surat.id, puskesmas["unit"].id, puskesmas["petugas"].id)
    assert c["mulai"] == datetime.datetime(2026, 11, 28, 9, 40) and c["selesai"] == datetime.datetime(2026, 11, 28, 10)
    assert (c["hasil"], c["alasan"], c["kode_terpakai"]) == ("selesai", "", None)
    assert len(c["kode"]) == PANJANG_KODE and all(ch in HURUF_KODE for ch in c["kode"])
    with database:
        assert Riwayat.get((Riwayat.objek == "catatanlayanan") & (Riwayat.objek_id == c["id"])).aksi == "dicatat"
    slip = client.get(r.location)
    assert slip.status_code == 200
    h = Halaman(slip)
    kode = c["kode"]
    assert h.teks(".kode-besar") == f"{kode[:3]} {kode[3:]}"
    url = f"http://localhost/s/{puskesmas['unit'].kode}?kode={kode}"
    assert url in h.teks() and "Surat keterangan sehat" in h.teks() and puskesmas["unit"].nama in h.teks()
    svg = h.satu("svg")
    assert svg.get("role") == "img" and svg.xpath("./*[local-name()='title']")
    # The drawing is segno's matrix of exactly that URL.
    matriks = re.search(r' d="([^"]+)"', segno.make(url, error="m", micro=False).svg_inline(border=4))[1]
    assert matriks in [p.get("d") for p in svg.xpath(".//*[local-name()='path']")]
    assert "@page" in client.get(h.satu("link[rel=stylesheet]").get("href")).get_data(as_text=True)
    # Once a citizen has spent the code, the slip and the log say so and the QR is gone.
    with database:
        CatatanLayanan.update(kode_terpakai=datetime.datetime(2026, 11, 28, 10, 5)).execute()
    h = Halaman(client.get(r.location))
    assert "Kode sudah dipakai" in h.teks() and not h.pilih("svg") and url not in h.teks()
    assert "kode sudah dipakai" in Halaman(client.get("/buku-layanan")).teks("main")


def test_masih_berjalan_lalu_diselesaikan(client, auth, puskesmas, pagi):
    daftar = puskesmas["layanan"]["daftar"]
    auth.login("petugas")
    r = kirim(client, "/buku-layanan/baru", isi(daftar, selesai_di_tempat=None), token_from="/")
    assert r.status_code == 303
    [c] = catatan_semua()
    assert c["selesai"] is None
    h = Halaman(client.get("/buku-layanan"))
    assert "Belum selesai" in h.teks("main")
    pagi.setel("2026-11-28T10:30")
    url = f"/buku-layanan/{c['id']}/selesai"
    assert client.get(url).status_code == 200
    r = kirim(client, url, {"selesai_di_tempat": "", "selesai": "2026-11-28T10:20", "hasil": "dirujuk",
                            "alasan": "RSUD Tanjungbalai"}, token_from="/")
    assert r.status_code == 303
    [c] = catatan_semua()
    assert (c["selesai"], c["hasil"], c["alasan"]) == (datetime.datetime(2026, 11, 28, 10, 20), "dirujuk",
                                                      "RSUD Tanjungbalai")
    # Finished once: a second finish (another tab) is refused and changes nothing.
    r = kirim(client, url, {"selesai_di_tempat": "y", "hasil": "selesai"}, token_from="/")
    assert r.status_code == 409 and "sudah tercatat selesai" in Halaman(r).teks_galat()
    assert catatan_semua()[0]["hasil"] == "dirujuk"


BURUK = [
    ({"mulai": ""}, "mulai", "Waktu mulai wajib diisi."),
    ({"mulai": "kemarin"}, "mulai", "Waktu mulai tidak valid."),
    ({"mulai": "2026-11-28T10:06"}, "mulai", "Waktu mulai tidak boleh di masa depan."),
    ({"mulai": "2026-10-27T09:00"}, "mulai", "Waktu mulai paling lama 31 hari yang lalu."),
    ({"selesai_di_tempat": None, "selesai": "2026-11-28T09:30"}, "selesai",
     "Waktu selesai tidak boleh sebelum waktu mulai."),
    ({"selesai_di_tempat": None, "selesai": "2026-11-28T11:00"}, "selesai", "Waktu selesai tidak boleh di masa depan."),
    ({"hasil": "batal"}, "hasil", "Pilih hasil layanan"),
    ({"hasil": "ditolak", "alasan": "  "}, "alasan", "Tulis alasan layanan ditolak."),
    ({"hasil": "dirujuk"}, "alasan", "Tulis ke mana warga dirujuk."),
    ({"hasil": "ditolak", "alasan": "x" * 501}, "alasan", "Alasan paling banyak 500 karakter."),
    ({"layanan": ""}, "layanan", "Pilih layanan yang Anda layani."),
    ({"layanan": "abc"}, "layanan", "Pilihan tidak valid."),
]


@pytest.mark.parametrize("ubah,kolom,pesan", BURUK)
def test_isian_buruk_ditolak_tanpa_menulis(client, auth, puskesmas, pagi, ubah, kolom, pesan):
    auth.login("petugas")
    data = isi(puskesmas["layanan"]["surat"])
    data.update({k: v for k, v in ubah.items() if v is not None})
    data = {k: v for k, v in data.items() if ubah.get(k, "") is not None}
    r = kirim(client, "/buku-layanan/baru", data, token_from="/")
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat()
    if kolom in ("mulai", "selesai", "alasan"):
        assert h.isian(kolom).value == data.get(kolom, "")  # what was typed is kept
    assert catatan_semua() == []


def test_bukan_petugas_layanan_itu(client, auth, puskesmas, pagi):
    auth.login("petugas2")  # serves Pendaftaran only
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["surat"]), token_from="/")
    assert r.status_code == 422 and "Pilih layanan yang Anda layani." in Halaman(r).teks_galat()
    assert catatan_semua() == []


@pytest.mark.parametrize("siapa", ["kapus", "staf_dinkes", "kadinkes", "admin_disdik", "superadmin"])
def test_bukan_petugas_tidak_mencatat(client, auth, puskesmas, pagi, siapa):
    auth.login(siapa)
    assert client.get("/buku-layanan/baru").status_code == 403
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"]), token_from="/")
    assert r.status_code == 403 and catatan_semua() == []
    h = Halaman(client.get("/buku-layanan"))  # an empty log, no button to record
    assert "0 layanan" in h.teks("main") and not h.pilih("main a[href='/buku-layanan/baru']")


def test_kirim_ganda_satu_catatan(client, auth, puskesmas, pagi):
    auth.login("petugas")
    data = isi(puskesmas["layanan"]["daftar"])
    a = kirim(client, "/buku-layanan/baru", data, token_from="/", submission_id="kunci-ganda-buku-0001")
    b = kirim(client, "/buku-layanan/baru", data, token_from="/", submission_id="kunci-ganda-buku-0001")
    assert a.status_code == b.status_code == 303 and a.location == b.location
    assert len(catatan_semua()) == 1


def test_kode_bertabrakan_dicoba_lagi(app, puskesmas, pagi, monkeypatch):
    # The random source draws a code already taken first: the service draws again.
    import secrets
    buat_catatan_kode(puskesmas, "AAAAAA")
    huruf = iter("A" * 6 + "B" * 6)
    monkeypatch.setattr(secrets, "choice", lambda _: next(huruf))
    with app.test_request_context(), database:
        data = {"layanan": puskesmas["layanan"]["daftar"].id, "mulai": "2026-11-28T09:00",
                "selesai_di_tempat": True, "hasil": "selesai"}
        assert catat_layanan(puskesmas["petugas"], data).kode == "BBBBBB"
        assert CatatanLayanan.select().count() == 2


def buat_catatan_kode(puskesmas, kode):
    with database:
        CatatanLayanan.create(layanan=puskesmas["layanan"]["daftar"].id, unit=puskesmas["unit"].id,
                              pegawai=puskesmas["petugas"].id, kode=kode, mulai=datetime.datetime(2026, 11, 1, 8))


@pytest.mark.parametrize("siapa", ["petugas2", "kapus", "superadmin", "kadinkes", "staf_dinkes", "admin_disdik"])
def test_catatan_milik_petugas_saja(client, auth, puskesmas, pagi, siapa):
    auth.login("petugas")
    kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"], selesai_di_tempat=None), token_from="/")
    [c] = catatan_semua()
    auth.logout()
    auth.login(siapa)
    assert client.get(f"/buku-layanan/{c['id']}").status_code == 403
    assert client.get(f"/buku-layanan/{c['id']}/selesai").status_code == 403
    r = kirim(client, f"/buku-layanan/{c['id']}/selesai", {"selesai_di_tempat": "y", "hasil": "selesai"},
              token_from="/")
    assert r.status_code == 403 and catatan_semua()[0]["selesai"] is None
    assert c["kode"] not in client.get("/buku-layanan").get_data(as_text=True)
    assert client.get("/buku-layanan/999999").status_code == 404
    assert client.get("/buku-layanan/999999/selesai").status_code == 404


def buat_catatan(puskesmas, n, pegawai="petugas"):
    from kinerja.rules.warga import buat_kode
    with database:
        for i in range(n):
            CatatanLayanan.create(layanan=puskesmas["layanan"]["daftar"].id, unit=puskesmas["unit"].id,
                                  pegawai=puskesmas[pegawai].id, kode=buat_kode(),
                                  mulai=datetime.datetime(2026, 11, 1, 8) + datetime.timedelta(hours=i),
                                  selesai=datetime.datetime(2026, 11, 1, 8, 10) + datetime.timedelta(hours=i))


def test_daftar_terbaru_dulu_saring_tanggal_dan_halaman(client, auth, puskesmas, pagi):
    buat_catatan(puskesmas, 30)  # 1 Nov 08.00 ... 2 Nov 13.00
    buat_catatan(puskesmas, 2, "petugas2")
    auth.login("petugas")
    h = Halaman(client.get("/buku-layanan"))
    assert "30 layanan" in h.teks("main")
    waktu = [el.get("datetime") for el in h.pilih("ul.buku-layanan time")]
    assert len(waktu) == 25 and waktu == sorted(waktu, reverse=True) and waktu[0].startswith("2026-11-02T13:00")
    h.satu("nav.halaman")
    h = Halaman(client.get("/buku-layanan?dari=2026-11-02&sampai=2026-11-02"))
    assert "14 layanan pada rentang ini" in h.teks("main")
    assert h.isian("dari").value == "2026-11-02"
    h = Halaman(client.get("/buku-layanan?sampai=2026-11-01"))
    assert "16 layanan" in h.teks("main")


@pytest.mark.parametrize("q", ["dari=2026-13-01", "sampai=kemarin", "dari=2026-11-1",
                               "dari=2026-11-05&sampai=2026-11-01"])
def test_tanggal_buruk_400(client, auth, puskesmas, q):
    auth.login("petugas")
    r = client.get(f"/buku-layanan?{q}")
    assert r.status_code == 400 and "Tanggal" in r.get_data(as_text=True)


def test_kueri_daftar_tetap(client, auth, puskesmas, pagi):
    auth.login("petugas")
    buat_catatan(puskesmas, 3)
    client.get("/buku-layanan")
    with hitung_kueri() as sedikit:
        client.get("/buku-layanan")
    buat_catatan(puskesmas, 27)
    with hitung_kueri() as banyak:
        client.get("/buku-layanan")
    assert len(sedikit) == len(banyak)


def test_slip_dari_formulir_htmx_dimuat_penuh(client, auth, puskesmas, pagi):
    # The boosted form lands on the slip: htmx is asked for a full load, so the
    # slip's own print stylesheet applies (a body swap would drop it).
    auth.login("petugas")
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"]), token_from="/",
              headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert r.status_code == 303
    slip = client.get(r.location, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert slip.status_code == 200 and slip.headers["HX-Redirect"] == r.location and slip.data == b""
    assert "Layanan dicatat" in client.get(r.location).get_data(as_text=True)  # the message waits for the full load


def test_kode_slip_dieja_per_tiga(client, auth, puskesmas, pagi):
    # The code on the slip is spaced in threes for reading aloud; no ambiguous letters.
    auth.login("petugas")
    kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"]), token_from="/")
    [c] = catatan_semua()
    teks = Halaman(client.get(f"/buku-layanan/{c['id']}")).teks(".kode-besar")
    assert re.fullmatch(r"[A-Z2-9]{3} [A-Z2-9]{3}", teks)


# ---------------------------------------------------------------- review fixes: zones, who serves, closed quarters

@pytest.mark.parametrize("nilai", ["2026-11-28T09:30Z", "2026-11-28T09:30+07:00", "2026-11-28T09:30:00.5",
                                   "20261128T0930", "2026-11-28"])
def test_waktu_berzona_atau_bukan_format_ditolak(client, auth, puskesmas, pagi, nilai):
    auth.login("petugas")
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"], mulai=nilai), token_from="/")
    assert r.status_code == 422
    h = Halaman(r)
    assert "Waktu mulai tidak valid." in h.teks_galat() and h.isian("mulai").value == nilai
    assert catatan_semua() == []
    # Finishing a record left in progress: the same refusal, the record still open.
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"], selesai_di_tempat=None),
              token_from="/")
    assert r.status_code == 303
    [c] = catatan_semua()
    r = kirim(client, f"/buku-layanan/{c['id']}/selesai", {"selesai": nilai, "hasil": "selesai"}, token_from="/")
    assert r.status_code == 422 and "Waktu selesai tidak valid." in Halaman(r).teks_galat()
    assert catatan_semua()[0]["selesai"] is None


def test_detik_tanpa_zona_diterima(client, auth, puskesmas, pagi):
    auth.login("petugas")
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"], mulai="2026-11-28T09:40:30"),
              token_from="/")
    assert r.status_code == 303 and catatan_semua()[0]["mulai"] == datetime.datetime(2026, 11, 28, 9, 40)


def pindahkan(pegawai, **ubah):
    from kinerja.models import Pegawai
    with database:
        Pegawai.update(**ubah).where(Pegawai.id == pegawai.id).execute()


@pytest.mark.parametrize("ke", ["dinkes", "disdik"])
def test_petugas_dimutasi_tidak_mencatat_layanan_unit_lama(client, auth, puskesmas, pagi, ke):
    # Dinkes is above the Puskesmas: being placed there is not being in it.
    pindahkan(puskesmas["petugas"], unit=puskesmas["org"]["unit"][ke].id)
    auth.login("petugas")
    assert client.get("/buku-layanan/baru").status_code == 403
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"]), token_from="/")
    assert r.status_code == 403 and catatan_semua() == []
    assert not Halaman(client.get("/buku-layanan")).pilih("main a[href='/buku-layanan/baru']")


def test_layanan_saya_satu_kueri_aktif_dan_sub_unit(app, puskesmas):
    from kinerja.models import Unit
    from kinerja.warga.buku import layanan_saya
    p = puskesmas
    with database:
        sub = Unit.create(nama="Pustu Pahang", kode="PUSTU-PHG", jenis="upt", parent=p["unit"].id)
        sub.path = f"{p['unit'].path}{sub.id}/"
        sub.save()
    pindahkan(p["petugas"], unit=sub.id)  # placed below the unit: still serves it
    with database, hitung_kueri() as n:
        assert [x.nama for x in layanan_saya(p["petugas"].id)] == ["Pendaftaran pasien", "Surat keterangan sehat"]
    assert len(n) == 1
    pindahkan(p["petugas2"], aktif=False)
    with database:
        assert layanan_saya(p["petugas2"].id) == []


@pytest.mark.parametrize("kini,mulai,pesan", [
    # In the first 7 days of a quarter, the previous quarter's last days may still be recorded.
    ("2026-10-05T10:00", "2026-09-30T09:00", None),
    ("2026-10-07T23:59", "2026-09-30T09:00", None),
    ("2026-10-05T10:00", "2026-09-04T10:00", None),
    ("2026-10-05T10:00", "2026-09-04T09:59", "paling lama 31 hari yang lalu"),
    # From the 8th day on, only the current quarter.
    ("2026-10-08T00:00", "2026-09-30T23:59", "harus dalam Triwulan IV 2026"),
    ("2026-10-09T10:00", "2026-09-30T09:00", "harus dalam Triwulan IV 2026"),
    ("2026-10-09T10:00", "2026-10-01T00:00", None),
    ("2026-11-28T10:00", "2026-10-28T10:00", None),
    ("2026-11-28T10:00", "2026-10-28T09:59", "paling lama 31 hari yang lalu"),
])
def test_mundur_ke_triwulan_tertutup(client, auth, puskesmas, jam, kini, mulai, pesan):
    jam.setel(kini)
    auth.login("petugas")
    r = kirim(client, "/buku-layanan/baru", isi(puskesmas["layanan"]["daftar"], mulai=mulai), token_from="/")
    if pesan is None:
        assert r.status_code == 303 and len(catatan_semua()) == 1
    else:
        assert r.status_code == 422 and pesan in Halaman(r).teks_galat() and catatan_semua() == []


def test_layanan_dari_triwulan_tertutup_hanya_selesai_sekarang(client, auth, puskesmas, jam):
    """A record begun in the grace days of a new quarter and left open: once
    that quarter is closed, a typed finishing time inside it is refused (its
    figures were used); "selesai sekarang" records the true time."""
    daftar = puskesmas["layanan"]["daftar"]
    jam.setel("2026-10-05T08:00")
    auth.login("petugas")
    r = kirim(client, "/buku-layanan/baru", isi(daftar, mulai="2026-09-30T14:00", selesai_di_tempat=""),
              token_from="/")
    assert r.status_code == 303
    [c] = catatan_semua()
    assert c["selesai"] is None
    jam.setel("2026-10-09T08:00")
    auth.login("petugas")  # four days later: a new session
    url = f"/buku-layanan/{c['id']}/selesai"
    r = kirim(client, url, {"selesai_di_tempat": "", "selesai": "2026-09-30T14:05", "hasil": "selesai"},
              token_from="/")
    assert r.status_code == 422 and "selesai sekarang" in Halaman(r).teks_galat()
    assert catatan_semua()[0]["selesai"] is None
    r = kirim(client, url, {"selesai_di_tempat": "y", "hasil": "selesai"}, token_from="/")
    assert r.status_code == 303
    assert catatan_semua()[0]["selesai"].date() == datetime.date(2026, 10, 9)
