"""Realisasi over HTTP: the periods page, saving and editing a realisasi
(numbers with the Indonesian decimal comma, narratives), stale edits, who may
write when, htmx in place, escaping, and a query count that does not grow."""
import uuid
from decimal import Decimal

import pytest

from tests.conftest import hitung_kueri, kirim, teks
from tests.halaman import Halaman, teks_dari
from kinerja.db import database
from kinerja.models import Periode, Riwayat
from kinerja.penilaian.layanan import ambil_evaluasi, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.models import Berkas, Bukti, Realisasi
from kinerja.penilaian.realisasi import baca_angka
from kinerja.skp.models import Iki, Rhk, Skp

HX = {"HX-Request": "true"}


@pytest.fixture
def staf(berjalan, auth):
    auth.login("staf")
    skp = berjalan["skp"]["staf"]
    with database:
        skp.iki = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
    return skp


def url(skp, nomor=4):
    return f"/skp/{skp.id}/kinerja/{nomor}"


def simpan(client, skp, data, nomor=4, **kw):
    return kirim(client, f"{url(skp, nomor)}/iki/{skp.iki.id}", data, token_from="/skp", **kw)


def baris(skp, nomor=4):
    with database:
        return Realisasi.get_or_none((Realisasi.iki == skp.iki.id) & (Realisasi.nomor == nomor))


def riwayat(awal):
    with database:
        return [r.aksi for r in Riwayat.select().where(Riwayat.aksi.startswith(awal)).order_by(Riwayat.id)]


# ---------------------------------------------------------------- the periods page

def test_halaman_periode_menunjukkan_yang_berjalan_dan_keadaannya(client, staf):
    h = Halaman(client.get(f"/skp/{staf.id}/kinerja"))
    assert [teks_dari(el).split(" Sedang")[0] for el in h.pilih("li[id^=periode-] h2")] == [
        "Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV-Akhir"]
    assert "1 Oktober 2026 – 31 Desember 2026" in h.teks("#periode-4")
    assert [el.get("id") for el in h.pilih('li[aria-current="true"]')] == ["periode-4"]
    assert "Sedang berjalan" in h.teks("#periode-4")
    assert h.teks().count("Sedang berjalan") == 1 and h.teks().count("0 dari 1 IKI terisi") == 4
    assert h.tautan_ke(f"/skp/{staf.id}/kinerja/2")
    simpan(client, staf, {"nilai": "3", "version": ""}, nomor=2)
    h = Halaman(client.get(f"/skp/{staf.id}/kinerja"))
    assert h.teks().count("1 dari 1 IKI terisi") == 1 and "1 dari 1 IKI terisi" in h.teks("#periode-2")


def test_halaman_periode_dengan_penilaian_final_dan_tautan_dari_skp(client, org, staf):
    p = org["pegawai"]
    assert Halaman(client.get(f"/skp/{staf.id}")).tautan_ke(f"/skp/{staf.id}/kinerja")
    with database:
        skp = Skp.get_by_id(staf.id)
        ev = ambil_evaluasi(skp, 1)
        simpan_evaluasi_diri(p["staf"], skp, ev, {f"penilaian_diri_{staf.iki.rhk_id}": "sesuai"}, ev.version,
                             ajukan=True)
        ev = ambil_evaluasi(skp, 2)
        simpan_evaluasi_diri(p["staf"], skp, ev, {f"penilaian_diri_{staf.iki.rhk_id}": "sesuai"}, ev.version,
                             ajukan=True)
        simpan_penilaian(p["kasi"], skp, ev, {"rating_hasil": "di_atas", "rating_perilaku": "di_atas"},
                         ev.version, finalkan=True)
    h = Halaman(client.get(f"/skp/{staf.id}/kinerja"))
    assert "Evaluasi diri diajukan" in h.teks("#periode-1") and "Menunggu penilaian" in h.teks("#periode-1")
    assert "Penilaian final Predikat Sangat Baik" in h.teks("#periode-2")
    assert h.teks("#periode-2 strong").endswith("Sangat Baik")


def test_periode_belum_dimulai_dan_nomor_asing(app, client, staf, jam):
    jam.setel("2026-05-10")
    h = Halaman(client.get(f"/skp/{staf.id}/kinerja"))
    assert h.teks().count("Belum dimulai") == 2 and not h.tautan_ke(f"/skp/{staf.id}/kinerja/3")
    r = client.get(url(staf, 3))
    assert r.status_code == 404 and "Triwulan III belum dimulai; dibuka mulai 1 Juli 2026." in Halaman(r).teks()
    assert simpan(client, staf, {"nilai": "1"}, nomor=3).status_code == 404
    assert client.get(url(staf, 9)).status_code == 404
    assert baris(staf, 3) is None


@pytest.mark.parametrize("siapa,status", [("kasi", 200), ("kabid", 200), ("admin_disdik", 200),
                                          ("staf_dinkes", 403), ("kadinkes", 403)])
def test_siapa_boleh_melihat(client, auth, staf, siapa, status):
    simpan(client, staf, {"nilai": "7,5", "catatan": "Sesuai laporan", "version": ""})
    auth.logout()
    auth.login(siapa)
    for u in (f"/skp/{staf.id}/kinerja", url(staf)):
        r = client.get(u)
        assert r.status_code == status
    if status == 200:
        h = Halaman(r)
        assert "7,5 laporan" in h.teks() and "Sesuai laporan" in h.teks()
        assert not h.ada_tombol("Simpan realisasi") and "Tambah bukti dukung" not in h.teks()
        assert not h.pilih("textarea, input[type=text]")


def test_tanpa_login_ke_halaman_masuk(client, staf):
    client.post("/logout")
    r = kirim(client, "/logout", token_from="/")
    r = client.get(url(staf))
    assert r.status_code in (302, 303) and "/login" in r.location


# ---------------------------------------------------------------- saving

def test_simpan_lalu_ubah_realisasi(client, staf):
    r = simpan(client, staf, {"nilai": "7,5", "catatan": "Tiga laporan menunggu tanda tangan", "version": ""})
    assert r.status_code == 303 and r.location.endswith(f"/skp/{staf.id}/kinerja/4#realisasi-{staf.iki.id}")
    row = baris(staf)
    assert row.nilai_angka == Decimal("7.50") and row.version == 1 and row.nilai_teks == ""
    h = Halaman(client.get(r.location))
    i = staf.iki.id
    assert "Realisasi disimpan." in h.flash() and h.isian(f"nilai-{i}").value == "7,5"
    assert h.isian(f"catatan-{i}").value == "Tiga laporan menunggu tanda tangan"
    assert h.isian(f"version-{i}").value == "1"
    r = simpan(client, staf, {"nilai": "12", "catatan": "Lengkap", "version": "1"})
    assert r.status_code == 303
    row = baris(staf)
    assert (row.nilai_angka, row.catatan, row.version) == (Decimal("12.00"), "Lengkap", 2)
    aksi = riwayat("Realisasi Triwulan IV-Akhir")
    assert aksi == ["Realisasi Triwulan IV-Akhir diisi: Jumlah laporan staf",
                    "Realisasi Triwulan IV-Akhir diubah: Jumlah laporan staf"]


def test_isian_basi_409_dengan_kedua_versi(client, staf):
    simpan(client, staf, {"nilai": "5", "version": ""})
    simpan(client, staf, {"nilai": "6", "version": "1"})  # from another tab
    r = simpan(client, staf, {"nilai": "9", "catatan": "dari HP", "version": "1"})
    h = Halaman(r)
    assert r.status_code == 409 and "Data ini sudah berubah" in h.teks(".galat-ringkas h2")
    tabel = h.tabel(".galat-ringkas table")
    assert [b[1:] for b in tabel if b[1:] == ["9", "6"]] and "dari HP" in str(tabel)
    assert baris(staf).nilai_angka == Decimal("6.00") and baris(staf).version == 2
    assert h.isian(f"version-{staf.iki.id}").value == "2"  # sending again overwrites
    # A form opened before any row existed is stale once a value was saved.
    r = simpan(client, staf, {"nilai": "1", "version": ""})
    assert r.status_code == 409 and baris(staf).nilai_angka == Decimal("6.00")


def test_baris_kosong_dari_unggahan_bukan_konflik(client, staf):
    """A bukti uploaded first makes an empty realisasi row; the value form
    opened before it still saves."""
    with database:
        Realisasi.create(iki=staf.iki.id, nomor=4)
    r = simpan(client, staf, {"nilai": "4", "version": ""})
    assert r.status_code == 303 and baris(staf).nilai_angka == Decimal("4.00")
    assert riwayat("Realisasi") == ["Realisasi Triwulan IV-Akhir diisi: Jumlah laporan staf"]


@pytest.mark.parametrize("nilai,pesan", [
    ("", "Realisasi wajib diisi dengan angka (laporan)."),
    ("dua belas", "Harus berupa angka, misalnya 12 atau 7,5."),
    ("-3", "Angka harus 0 atau lebih dan masuk akal."),
    ("1e13", "Harus berupa angka"),
    ("NaN", "Harus berupa angka"),
    ("1000000000000", "Angka harus 0 atau lebih dan masuk akal."),
    ("1.500", "“1.500” bisa berarti 1500 atau 1,5. Tulis 1500 (tanpa titik) atau 1,5 (koma desimal)."),
    ("12 laporan", "Harus berupa angka"),
])
def test_angka_salah_ditolak_dan_isian_tetap(client, staf, nilai, pesan):
    r = simpan(client, staf, {"nilai": nilai, "catatan": "catatan saya", "version": ""})
    h = Halaman(r)
    i = staf.iki.id
    assert r.status_code == 422 and pesan in h.teks_galat()
    assert h.isian(f"catatan-{i}").value == "catatan saya" and h.isian(f"nilai-{i}").value == nilai
    assert baris(staf) is None and riwayat("Realisasi") == []


@pytest.mark.parametrize("teks_,angka", [("12", "12"), ("7,5", "7.5"), ("0", "0"), ("1.234,5", "1234.5"),
                                          ("1.234.567", "1234567"), ("7.5", "7.5"), (" 3 ", "3"),
                                          ("2,555", "2.56")])
def test_baca_angka(teks_, angka):
    nilai, pesan = baca_angka(teks_)
    assert pesan is None and nilai == Decimal(angka)


def test_realisasi_kualitatif_berupa_uraian_dan_di_escape(client, staf):
    with database:
        Skp.update(pendekatan="kualitatif").where(Skp.id == staf.id).execute()
        Iki.update(target_min=None, satuan="", target_teks="Kurikulum tersusun tepat waktu").where(
            Iki.id == staf.iki.id).execute()
    r = simpan(client, staf, {"nilai": "  ", "version": ""})
    assert r.status_code == 422 and "Realisasi wajib diisi: uraikan apa yang sudah dicapai." in Halaman(r).teks_galat()
    r = simpan(client, staf, {"nilai": "Draf <script>alert(1)</script> selesai 80%",
                              "catatan": "<b>tebal</b>", "version": ""})
    assert r.status_code == 303
    row = baris(staf)
    assert row.nilai_angka is None and row.nilai_teks == "Draf <script>alert(1)</script> selesai 80%"
    h = Halaman(client.get(url(staf)))
    assert "<script>alert(1)</script>" not in h.html and not h.pilih("b")
    nilai = h.isian(f"nilai-{staf.iki.id}")
    assert nilai.tag == "textarea" and nilai.value == "Draf <script>alert(1)</script> selesai 80%"
    assert h.isian(f"catatan-{staf.iki.id}").value == "<b>tebal</b>"


def test_teks_terlalu_panjang_ditolak(client, staf):
    r = simpan(client, staf, {"nilai": "3", "catatan": "x" * 4001, "version": ""})
    assert r.status_code == 422 and "Catatan paling banyak 4000 karakter." in Halaman(r).teks_galat()
    assert baris(staf) is None


def test_htmx_menyimpan_di_tempat(client, staf):
    r = simpan(client, staf, {"nilai": "8", "version": ""}, headers=HX, follow_redirects=True)
    html = teks(r)
    assert r.status_code == 200 and html.lstrip().startswith(f'<li id="realisasi-{staf.iki.id}"')
    h = Halaman(html)
    assert "<html" not in html and "Realisasi disimpan." in h.teks(".kilas")
    assert h.isian(f"nilai-{staf.iki.id}").value == "8"
    assert "HX-Request" in r.headers["Vary"]
    r = simpan(client, staf, {"nilai": "abc", "version": "1"}, headers=HX)
    assert r.status_code == 422 and "<html" not in teks(r) and "Harus berupa angka" in Halaman(r).teks_galat()
    assert baris(staf).nilai_angka == Decimal("8.00")


def test_kirim_ulang_dengan_kunci_sama_dicatat_sekali(client, staf):
    kunci = str(uuid.uuid4())
    a = simpan(client, staf, {"nilai": "2", "version": ""}, submission_id=kunci)
    b = simpan(client, staf, {"nilai": "2", "version": ""}, submission_id=kunci)
    assert a.status_code == b.status_code == 303
    assert len(riwayat("Realisasi")) == 1 and baris(staf).version == 1


# ---------------------------------------------------------------- refusals

def test_ditolak_setelah_evaluasi_diri_diajukan(client, org, staf):
    simpan(client, staf, {"nilai": "5", "version": ""})
    r = kirim(client, f"{url(staf)}/diri", {"aksi": "ajukan", f"penilaian_diri_{staf.iki.rhk_id}": "sesuai",
                                            "version": "1"}, token_from="/skp")
    assert r.status_code == 303
    r = simpan(client, staf, {"nilai": "9", "version": "1"})
    assert r.status_code == 409
    assert "Evaluasi Triwulan IV-Akhir sudah diajukan; realisasinya tidak bisa diubah lagi." in Halaman(r).teks()
    assert baris(staf).nilai_angka == Decimal("5.00")
    h = Halaman(client.get(url(staf)))
    assert not h.ada_tombol("Simpan realisasi") and "5 laporan" in h.teks()


def test_ditolak_untuk_skp_belum_disetujui(client, auth, rencana):
    auth.login("staf")
    skp = rencana["skp"]["staf"]
    with database:
        skp.iki = Iki.get(Iki.rhk == rencana["rhk"]["staf"].id)
    assert "SKP belum disetujui" in Halaman(client.get(f"/skp/{skp.id}/kinerja")).teks()
    h = Halaman(client.get(url(skp)))
    assert "SKP belum disetujui" in h.teks() and not h.ada_tombol("Simpan realisasi")
    r = simpan(client, skp, {"nilai": "3", "version": ""})
    assert r.status_code == 422 and "SKP belum disetujui" in Halaman(r).teks()
    assert baris(skp) is None
    assert not Halaman(client.get(f"/skp/{skp.id}")).tautan_ke(f"/skp/{skp.id}/kinerja")


@pytest.mark.parametrize("siapa,status", [("kasi", 403), ("kabid", 403), ("admin_disdik", 403),
                                          ("staf_dinkes", 403)])
def test_orang_lain_tidak_bisa_mengisi(client, auth, staf, siapa, status):
    auth.logout()
    auth.login(siapa)
    assert simpan(client, staf, {"nilai": "3", "version": ""}).status_code == status
    assert baris(staf) is None


def test_iki_skp_lain_404(client, rencana, staf):
    with database:
        iki_kasi = Iki.get(Iki.rhk == rencana["rhk"]["kasi"].id)
    r = kirim(client, f"{url(staf)}/iki/{iki_kasi.id}", {"nilai": "3"}, token_from="/skp")
    assert r.status_code == 404
    with database:
        assert Realisasi.select().count() == 0


def test_periode_ditutup_hanya_dibaca(client, staf):
    simpan(client, staf, {"nilai": "5", "version": ""})
    with database:
        Periode.update(status="ditutup").where(Periode.tahun == 2026).execute()
    r = simpan(client, staf, {"nilai": "9", "version": "1"})
    assert r.status_code == 409 and "Periode 2026 sudah ditutup" in Halaman(r).teks()
    assert baris(staf).nilai_angka == Decimal("5.00")
    h = Halaman(client.get(url(staf)))
    assert not h.ada_tombol("Simpan realisasi") and "Periode 2026 sudah ditutup" in h.teks()
    r = kirim(client, f"{url(staf)}/diri", {"aksi": "simpan", "version": "1"}, token_from="/skp")
    assert r.status_code == 409 and "sudah ditutup" in Halaman(r).teks()


# ---------------------------------------------------------------- speed



def _tambah_rhk(skp, n, staf_id):
    """RHK with an IKI, a realisasi and a file and a link bukti each."""
    with database:
        berkas = Berkas.get_or_create(sha256="a" * 64, defaults={"ukuran": 10, "mime": "application/pdf"})[0]
        for k in range(n):
            rhk = Rhk.create(skp=skp.id, jenis=("utama", "tambahan")[k % 2], uraian=f"RHK cepat {k}", urutan=10 + k)
            for j in range(2):
                iki = Iki.create(rhk=rhk, indikator=f"IKI {k}.{j}", target_min=5, satuan="dokumen")
                real = Realisasi.create(iki=iki, nomor=4, nilai_angka=3, catatan="ok")
                Bukti.create(realisasi=real, berkas=berkas, nama=f"b{k}{j}.pdf", pengunggah=staf_id)
                Bukti.create(realisasi=real, nama="tautan", tautan="https://example.com/", pengunggah=staf_id)


@pytest.mark.parametrize("siapa", ["staf", "kasi"])
def test_jumlah_kueri_tetap_2_dan_6_rhk(client, auth, org, staf, siapa):
    staf_id = org["pegawai"]["staf"].id
    _tambah_rhk(staf, 1, staf_id)  # 2 RHK
    auth.logout()
    auth.login(siapa)
    client.get(url(staf))  # creates the evaluation rows on first visit
    with hitung_kueri() as dua:
        assert client.get(url(staf)).status_code == 200
    _tambah_rhk(staf, 4, staf_id)  # 6 RHK
    client.get(url(staf))
    with hitung_kueri() as enam:
        h = Halaman(client.get(url(staf)))
    assert "RHK cepat 3" in h.teks() and [teks_dari(a) for a in h.pilih("a")].count("b30.pdf") == 1
    assert len(enam) == len(dua), (len(dua), len(enam))
    with hitung_kueri() as daftar_dua:
        client.get(f"/skp/{staf.id}/kinerja")
    _tambah_rhk(staf, 2, staf_id)
    with hitung_kueri() as daftar_delapan:
        client.get(f"/skp/{staf.id}/kinerja")
    assert len(daftar_dua) == len(daftar_delapan)
