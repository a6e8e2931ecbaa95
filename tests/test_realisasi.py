"""Realisasi over HTTP: the periods page, saving and editing a realisasi
(numbers with the Indonesian decimal comma, narratives), stale edits, who may
write when, htmx in place, escaping, and a query count that does not grow."""
import re
import uuid
from decimal import Decimal

import pytest

from tests.conftest import hitung_kueri, kirim, teks
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
    html = teks(client.get(f"/skp/{staf.id}/kinerja"))
    for label in ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV-Akhir"):
        assert label in html
    assert "1 Oktober 2026 – 31 Desember 2026" in html
    berjalan = re.search(r'<li id="periode-4" class="berjalan" aria-current="true">(.*?)</li>\s*\n\s*</ol>',
                         html, re.S)
    assert berjalan and "Sedang berjalan" in berjalan.group(1)
    assert html.count("Sedang berjalan") == 1 and html.count("0 dari 1</strong> IKI terisi") == 4
    assert f'href="/skp/{staf.id}/kinerja/2"' in html
    simpan(client, staf, {"nilai": "3", "version": ""}, nomor=2)
    html = teks(client.get(f"/skp/{staf.id}/kinerja"))
    assert html.count("1 dari 1</strong> IKI terisi") == 1


def test_halaman_periode_dengan_penilaian_final_dan_tautan_dari_skp(client, org, staf):
    p = org["pegawai"]
    assert f'href="/skp/{staf.id}/kinerja"' in teks(client.get(f"/skp/{staf.id}"))
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
    html = teks(client.get(f"/skp/{staf.id}/kinerja"))
    assert "Evaluasi diri diajukan" in html and "Menunggu penilaian" in html
    assert "Penilaian final" in html and "Predikat <strong>Sangat Baik</strong>" in html


def test_periode_belum_dimulai_dan_nomor_asing(app, client, staf, jam):
    jam.setel("2026-05-10")
    html = teks(client.get(f"/skp/{staf.id}/kinerja"))
    assert html.count("Belum dimulai") == 2 and f'href="/skp/{staf.id}/kinerja/3"' not in html
    r = client.get(url(staf, 3))
    assert r.status_code == 404 and "Triwulan III belum dimulai; dibuka mulai 1 Juli 2026." in teks(r)
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
        html = teks(r)
        assert "7,5 laporan" in html and "Sesuai laporan" in html
        assert "Simpan realisasi" not in html and "Tambah bukti dukung" not in html


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
    html = teks(client.get(r.location))
    assert "Realisasi disimpan." in html and 'value="7,5"' in html and "Tiga laporan menunggu" in html
    assert f'name="version-{staf.iki.id}" value="1"' in html
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
    html = teks(r)
    assert r.status_code == 409 and "Data ini sudah berubah" in html
    tabel = html[html.find("Perbandingan isian Anda"):]
    assert re.search(r"<td>9</td><td>6</td>", tabel) and "dari HP" in tabel
    assert baris(staf).nilai_angka == Decimal("6.00") and baris(staf).version == 2
    assert f'name="version-{staf.iki.id}" value="2"' in html  # sending again overwrites
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
    html = teks(r)
    assert r.status_code == 422 and pesan in html.replace("&#34;", '"')
    assert "catatan saya" in html and (not nilai or f'value="{nilai}"' in html)
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
    assert r.status_code == 422 and "Realisasi wajib diisi: uraikan apa yang sudah dicapai." in teks(r)
    r = simpan(client, staf, {"nilai": "Draf <script>alert(1)</script> selesai 80%",
                              "catatan": "<b>tebal</b>", "version": ""})
    assert r.status_code == 303
    row = baris(staf)
    assert row.nilai_angka is None and row.nilai_teks == "Draf <script>alert(1)</script> selesai 80%"
    html = teks(client.get(url(staf)))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>tebal</b>" not in html and "&lt;b&gt;tebal&lt;/b&gt;" in html
    assert "<textarea" in html[html.find('id="nilai-'):][:200] or 'id="nilai-' in html


def test_teks_terlalu_panjang_ditolak(client, staf):
    r = simpan(client, staf, {"nilai": "3", "catatan": "x" * 4001, "version": ""})
    assert r.status_code == 422 and "Catatan paling banyak 4000 karakter." in teks(r)
    assert baris(staf) is None


def test_htmx_menyimpan_di_tempat(client, staf):
    r = simpan(client, staf, {"nilai": "8", "version": ""}, headers=HX, follow_redirects=True)
    html = teks(r)
    assert r.status_code == 200 and html.lstrip().startswith(f'<li id="realisasi-{staf.iki.id}"')
    assert "<html" not in html and "Realisasi disimpan." in html and 'value="8"' in html
    assert "HX-Request" in r.headers["Vary"]
    r = simpan(client, staf, {"nilai": "abc", "version": "1"}, headers=HX)
    assert r.status_code == 422 and "<html" not in teks(r) and "Harus berupa angka" in teks(r)
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
    assert "Evaluasi Triwulan IV-Akhir sudah diajukan; realisasinya tidak bisa diubah lagi." in teks(r)
    assert baris(staf).nilai_angka == Decimal("5.00")
    html = teks(client.get(url(staf)))
    assert "Simpan realisasi" not in html and "5 laporan" in html


def test_ditolak_untuk_skp_belum_disetujui(client, auth, rencana):
    auth.login("staf")
    skp = rencana["skp"]["staf"]
    with database:
        skp.iki = Iki.get(Iki.rhk == rencana["rhk"]["staf"].id)
    html = teks(client.get(f"/skp/{skp.id}/kinerja"))
    assert "SKP belum disetujui" in html
    html = teks(client.get(url(skp)))
    assert "SKP belum disetujui" in html and "Simpan realisasi" not in html
    r = simpan(client, skp, {"nilai": "3", "version": ""})
    assert r.status_code == 422 and "SKP belum disetujui" in teks(r)
    assert baris(skp) is None
    assert 'href="/skp/%d/kinerja"' % skp.id not in teks(client.get(f"/skp/{skp.id}"))


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
    assert r.status_code == 409 and "Periode 2026 sudah ditutup" in teks(r)
    assert baris(staf).nilai_angka == Decimal("5.00")
    html = teks(client.get(url(staf)))
    assert "Simpan realisasi" not in html and "Periode 2026 sudah ditutup" in html
    r = kirim(client, f"{url(staf)}/diri", {"aksi": "simpan", "version": "1"}, token_from="/skp")
    assert r.status_code == 409 and "sudah ditutup" in teks(r)


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
def test_jumlah_kueri_tetap_2_vs_6_rhk(client, auth, org, staf, siapa):
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
        html = teks(client.get(url(staf)))
    assert "RHK cepat 3" in html and html.count(">b30.pdf</a>") == 1
    assert len(enam) == len(dua), (len(dua), len(enam))
    with hitung_kueri() as daftar_dua:
        client.get(f"/skp/{staf.id}/kinerja")
    _tambah_rhk(staf, 2, staf_id)
    with hitung_kueri() as daftar_delapan:
        client.get(f"/skp/{staf.id}/kinerja")
    assert len(daftar_dua) == len(daftar_delapan)
