"""The unit's suara warga results for a quarter: the SKM (NRR per unsur,
IKM, mutu; coded and uncoded apart; flagged and voided counted apart), the
services against their standard time, the complaints' answer times, the
latest responses with voiding, and who may read them."""
import datetime

import pytest

from kinerja.db import database
from kinerja.models import Pegawai
from kinerja.rules.warga import PANJANG_TIKET, buat_kode
from kinerja.warga.models import CatatanLayanan, Pengaduan, ResponSurvei
from tests.conftest import hitung_kueri, kirim
from tests.halaman import Halaman

BACA = {"kapus": 200, "kadinkes": 200, "superadmin": 200, "petugas": 403, "petugas2": 403, "staf_dinkes": 403,
        "admin_disdik": 403}
HARI = datetime.datetime(2026, 11, 10, 9)  # in Triwulan IV 2026, the quarter of the app's clock


def respon(puskesmas, skor, n=1, dibuat=HARI, **kw):
    """`n` responses with every unsur at `skor` (or a list of nine scores)."""
    skor = skor if isinstance(skor, list) else [skor] * 9
    with database:
        return [ResponSurvei.create(unit=puskesmas["unit"].id, dibuat=dibuat + datetime.timedelta(minutes=i),
                                    **{f"u{j + 1}": s for j, s in enumerate(skor)}, **kw) for i in range(n)]


def layanan(puskesmas, nama, menit, n=1, mulai=HARI, pegawai="petugas"):
    with database:
        return [CatatanLayanan.create(layanan=puskesmas["layanan"][nama].id, unit=puskesmas["unit"].id,
                                      pegawai=puskesmas[pegawai].id, kode=buat_kode(), mulai=mulai,
                                      selesai=None if menit is None else mulai + datetime.timedelta(minutes=menit))
                for _ in range(n)]


def aduan(puskesmas, jam_jawab=None, jam_selesai=None, n=1):
    with database:
        for _ in range(n):
            Pengaduan.create(unit=puskesmas["unit"].id, isi="Lama", tiket=buat_kode(PANJANG_TIKET), dibuat=HARI,
                             status="selesai" if jam_selesai else ("ditindaklanjuti" if jam_jawab else "diterima"),
                             dijawab_pada=HARI + datetime.timedelta(hours=jam_jawab) if jam_jawab else None,
                             selesai_pada=HARI + datetime.timedelta(hours=jam_selesai) if jam_selesai else None)


def url(puskesmas, **args):
    q = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/unit/{puskesmas['unit'].id}/suara-warga" + (f"?{q}" if q else "")


@pytest.mark.parametrize("siapa,status", BACA.items())
def test_hasil_per_peran(client, auth, puskesmas, siapa, status):
    auth.login(siapa)
    assert client.get(url(puskesmas)).status_code == status


def test_pemantau_membaca_tanpa_tombol_batalkan(client, auth, puskesmas):
    org = puskesmas["org"]
    with database:
        Pegawai.update(peran="pemantau", admin_unit=org["unit"]["dinkes"].id).where(
            Pegawai.id == org["pegawai"]["staf"].id).execute()
    [r] = respon(puskesmas, 3, komentar="Bagus")
    auth.login("staf")
    h = Halaman(client.get(url(puskesmas)))
    assert "Bagus" in h.teks("main") and not h.tautan_ke(f"/survei/{r.id}/batalkan")
    auth.logout()
    auth.login("superadmin")
    assert Halaman(client.get(url(puskesmas))).tautan("Batalkan") is not None


def test_angka_sesuai_baris(client, auth, puskesmas):
    # SKM: 2 coded answers (all 4) and 1 uncoded (mixed), plus one flagged and one
    # voided that count nowhere, and one of last quarter.
    c = layanan(puskesmas, "daftar", 10, 2)
    with database:
        for x, r in zip(c, respon(puskesmas, 4, 2)):
            ResponSurvei.update(catatan=x.id, pegawai=x.pegawai_id).where(ResponSurvei.id == r.id).execute()
    respon(puskesmas, [1, 2, 3, 4, 1, 2, 3, 4, 3])
    respon(puskesmas, 1, ditandai=True)
    respon(puskesmas, 1, dibatalkan_pada=HARI, alasan_batal="uji")
    respon(puskesmas, 1, dibuat=datetime.datetime(2026, 9, 30, 9))
    # Services: Pendaftaran 10, 10 (above), 20 minutes and one in progress (standard 15);
    # Surat 25 minutes (standard 30). Complaints: answered after 2 and 6 hours, one closed after 30.
    layanan(puskesmas, "daftar", 20)
    layanan(puskesmas, "daftar", None)
    layanan(puskesmas, "surat", 25)
    aduan(puskesmas, 2, 30)
    aduan(puskesmas, 6)
    aduan(puskesmas)
    auth.login("kapus")
    h = Halaman(client.get(url(puskesmas)))
    assert "Survei kepuasan masyarakat, Triwulan IV 2026" in h.teks("main")
    skm = h.tabel("table.skm")
    # NRR persyaratan: (4 + 4 + 1) / 3 = 3,00; berkode 4,00; tanpa kode 1,00.
    assert skm[1] == ["Persyaratan", "3,00", "4,00", "1,00"]
    assert skm[4] == ["Biaya/tarif", "4,00", "4,00", "4,00"]
    # IKM: (2 x 36 + 23) / 3 / 9 x 25 = 87,96 (B); coded 100,00; uncoded 23 / 9 x 25 = 63,89.
    assert skm[-2] == ["IKM", "87,96", "100,00", "63,89"] and skm[-1] == ["Responden", "3", "2", "1"]
    teks = h.teks("#skm-judul ~ *")
    assert "IKM 87,96 · mutu B (Baik)" in teks and "belum cukup data (N < 10)" in teks
    assert "1 ditandai" in teks and "1 dibatalkan" in teks
    lay = h.tabel("table.layanan-unit")
    assert lay[1] == ["Pendaftaran pasien", "4", "3", "10,00", "15", "66,67"]
    assert lay[2] == ["Surat keterangan sehat", "1", "1", "25,00", "30", "100,00"]
    assert lay[-1] == ["Semua layanan", "5", "4", "15,00", "15,00", "75,00"]
    assert h.definisi("Diterima") == "3" and h.definisi("Selesai") == "1"
    assert h.definisi("Median jam sampai jawaban pertama") == "4,00"
    assert h.definisi("Median jam sampai selesai") == "30,00"
    assert "Respons terbaru, Triwulan IV 2026 (5)" in h.teks("main")
    # Last quarter on its own: one response.
    h = Halaman(client.get(url(puskesmas, tw="2026-3")))
    assert h.tabel("table.skm")[-1] == ["Responden", "1", "0", "1"] and "Triwulan III 2026" in h.judul() + h.teks()
    assert h.isian("tw").value == "2026-3"


def test_cukup_data_tanpa_peringatan(client, auth, puskesmas):
    respon(puskesmas, 3, 10)
    auth.login("kapus")
    teks = Halaman(client.get(url(puskesmas))).teks("main")
    assert "IKM 75,00 · mutu C (Kurang Baik)" in teks and "belum cukup data" not in teks


def test_pembatalan_menggeser_ikm_dan_tercatat(client, auth, puskesmas):
    respon(puskesmas, 3, 10)
    [buruk] = respon(puskesmas, 1, komentar="<script>alert(1)</script>")
    auth.login("superadmin")
    h = Halaman(client.get(url(puskesmas)))
    assert "IKM 70,45 · mutu C" in h.teks("main")  # (10 x 27 + 9) / 11 / 9 x 25
    assert "<script>alert(1)</script>" in h.teks("main") and "<script>alert(1)" not in h.html
    r = kirim(client, f"/survei/{buruk.id}/batalkan", {"alasan": "Isian uji coba petugas"}, token_from="/")
    assert r.status_code == 303
    h = Halaman(client.get(r.location))
    assert "IKM 75,00 · mutu C" in h.teks("main") and "Dari 10 responden" in h.teks("main")
    assert "0 ditandai (dikirim dari alamat perangkat petugas), 1 dibatalkan" in h.teks("main")
    assert "Alasan batal: Isian uji coba petugas" in h.teks("main")


def test_tautan_halaman_publik(client, auth, puskesmas):
    auth.login("kapus")
    h = Halaman(client.get(url(puskesmas)))
    kode = puskesmas["unit"].kode
    publik = h.bagian("publik-judul")
    for teks in ("Survei kepuasan", "Pengaduan", "Transparansi", "Poster kode QR (cetak A4)"):
        [a] = [a for a in publik.iter("a") if a.text_content() == teks]
        href = a.get("href")
        assert kode in href, teks
        assert client.get(href).status_code == 200, href
    assert h.tautan("Layanan dan petugas").get("href") == f"/unit/{puskesmas['unit'].id}/layanan"


@pytest.mark.parametrize("tw", ["2026-5", "2026-0", "x", "2026-04", "1999-1", "2026-1-1"])
def test_triwulan_buruk_400(client, auth, puskesmas, tw):
    auth.login("kapus")
    r = client.get(url(puskesmas, tw=tw))
    assert r.status_code == 400 and "Triwulan tidak valid" in r.get_data(as_text=True)


def test_id_tidak_dikenal_404(client, auth, puskesmas):
    auth.login("superadmin")
    assert client.get("/unit/999999/suara-warga").status_code == 404


def test_kueri_tetap(client, auth, puskesmas):
    auth.login("superadmin")

    def isi(n):
        respon(puskesmas, 3, n, komentar="Baik")
        layanan(puskesmas, "daftar", 10, n)
        aduan(puskesmas, 2, 5, n)
    isi(3)
    client.get(url(puskesmas))
    with hitung_kueri() as sedikit:
        client.get(url(puskesmas))
    isi(27)
    with hitung_kueri() as banyak:
        h = Halaman(client.get(url(puskesmas)))
    assert len(sedikit) == len(banyak)
    assert "(30)" in h.teks("#respon-judul") and h.satu("nav.halaman") is not None


# ---------------------------------------------------------------- links into suara warga

@pytest.mark.parametrize("siapa,buku,suara", [("petugas", True, False), ("petugas2", True, False),
                                              ("kapus", False, True), ("staf_dinkes", False, False),
                                              ("kadinkes", False, False)])
def test_beranda_menautkan_buku_dan_suara_warga(client, auth, puskesmas, siapa, buku, suara):
    auth.login(siapa)
    h = Halaman(client.get("/"))
    assert bool(h.tautan_ke("/buku-layanan/baru")) is buku and bool(h.tautan_ke("/buku-layanan")) is buku
    assert bool(h.tautan_ke(url(puskesmas))) is suara


def test_beranda_tanpa_layanan_aktif_tanpa_tautan(client, auth, puskesmas):
    from kinerja.warga.models import Layanan
    with database:
        Layanan.update(aktif=False).execute()
    auth.login("petugas")
    assert not Halaman(client.get("/")).tautan_ke("/buku-layanan/baru")


def test_beranda_petugas_dimutasi_tanpa_tautan_buku(client, auth, puskesmas):
    from kinerja.models import Pegawai
    with database:
        Pegawai.update(unit=puskesmas["org"]["unit"]["disdik"].id).where(
            Pegawai.id == puskesmas["petugas"].id).execute()
    auth.login("petugas")
    assert not Halaman(client.get("/")).tautan_ke("/buku-layanan/baru")


def test_halaman_unit_admin_menautkan_suara_warga(client, auth, puskesmas):
    auth.login("superadmin")
    h = Halaman(client.get(f"/admin/unit/{puskesmas['unit'].id}"))
    bagian = h.bagian("warga-judul")
    href = {a.get("href") for a in bagian.iter("a")}
    assert {url(puskesmas), f"/unit/{puskesmas['unit'].id}/layanan", f"/unit/{puskesmas['unit'].id}/pengaduan"} <= href
    publik = [x for x in href if puskesmas["unit"].kode in x]
    assert len(publik) == 4
    for x in publik:
        assert client.get(x).status_code == 200, x
    # A unit without services: a way to start a catalogue.
    dinkes = puskesmas["org"]["unit"]["dinkes"]
    h = Halaman(client.get(f"/admin/unit/{dinkes.id}"))
    assert h.tautan_ke(f"/unit/{dinkes.id}/layanan/baru") and "belum mencatat layanan" in h.teks("main")
