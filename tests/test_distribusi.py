"""The unit's predikat organisasi and its employees' predikat distribution:
counts and percentages of the final annual predikat, warnings against the
guidance that never block, who may see and set it, history, bad input,
escaping, and a query count that does not grow with the unit."""
import datetime

import pytest
from werkzeug.security import generate_password_hash

from kinerja.db import database
from kinerja.models import Pegawai, Periode, Riwayat
from kinerja.kepegawaian import unit_dipimpin
from kinerja.penilaian.layanan import ambil_evaluasi, baris_rhk, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.models import Evaluasi, PredikatUnit
from kinerja.rules import MATRIKS_PREDIKAT
from kinerja.skp.models import Skp
from tests.conftest import HASH_METHOD, SANDI, _unit, hitung_kueri, kirim
from tests.halaman import Halaman, teks_dari

_urut = iter(range(1, 100000))
FINAL = datetime.datetime(2026, 11, 20, 9, 0)


def orang(unit, nama="Pegawai Uji", atasan=None, **kw):
    """A new pegawai who can log in with its NIP and SANDI."""
    return Pegawai.create(nip=f"19960101202101{next(_urut):04d}", nama=nama, jabatan="Pelaksana",
                          jenis_jabatan=kw.pop("jenis_jabatan", "pelaksana"), unit=unit, atasan=atasan,
                          password_hash=generate_password_hash(SANDI, method=HASH_METHOD),
                          wajib_ganti_sandi=False, **kw)


def hasil_akhir(pegawai, kode, status="dinilai", akhir=True, nomor=4):
    """Written directly: an approved SKP of 2026 with one evaluation of the given
    predikat (the rating flow has its own tests; here only the counts matter)."""
    periode = Periode.get(Periode.tahun == 2026)
    skp = Skp.get_or_none((Skp.pegawai == pegawai.id) & (Skp.periode == periode.id)) or \
        Skp.create(pegawai=pegawai, periode=periode, status="disetujui", penilai=pegawai.atasan_id)
    hasil, perilaku = next(k for k, v in MATRIKS_PREDIKAT.items() if v == kode)
    return Evaluasi.create(skp=skp, nomor=nomor, akhir=akhir, status=status, rating_hasil=hasil,
                           rating_perilaku=perilaku, predikat=kode, final_pada=FINAL)


def isi_bidang(org, sebaran):
    """New pegawai in Bidang SD under the kasi, with final annual predikat."""
    with database:
        for kode, n in sebaran.items():
            for i in range(n):
                hasil_akhir(orang(org["unit"]["bidang_sd"], f"{kode} {i}", org["pegawai"]["kasi"]), kode)


def url(unit, tahun=None):
    return f"/unit/{unit.id}/kinerja" + (f"?periode={tahun}" if tahun else "")


def sel(h, label):
    """(count, percent) of one predikat row of the distribution table."""
    baris = [tr for tr in h.pilih("table.sebaran tbody tr") if teks_dari(tr.cssselect("th")[0]) == label]
    assert len(baris) == 1, f"no row {label}"
    jumlah, persen = baris[0].cssselect("td")[:2]
    return int(teks_dari(jumlah)), int(teks_dari(persen.cssselect("span.persen")[0]).rstrip("%"))


def daftar_peringatan(h):
    """The warnings listed against the guidance."""
    return [teks_dari(li) for li in h.bagian("peringatan-judul").cssselect("li")]


def tetapkan(client, unit, predikat, version=0, alasan="Hasil evaluasi kinerja organisasi"):
    return kirim(client, url(unit, 2026), {"predikat": predikat, "alasan": alasan, "version": version},
                 token_from=url(unit))


# ---------------------------------------------------------------- counts and warnings

def test_hitungan_dan_persen_predikat_akhir_tahunan(client, auth, org):
    u, p = org["unit"], org["pegawai"]
    isi_bidang(org, {"sangat_baik": 2, "baik": 6, "butuh_perbaikan": 1, "kurang": 1})
    with database:
        hasil_akhir(p["staf"], "sangat_baik", status="diajukan")  # annual, not final: not counted
        hasil_akhir(p["kasi"], "sangat_kurang", akhir=False, nomor=3)  # final but periodic: not counted
        hasil_akhir(p["staf_dinkes"], "sangat_baik")  # another unit: not counted
        # Another year's final annual result is not this periode's.
        lama = Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="ditutup")
        skp_lama = Skp.create(pegawai=p["kabid"], periode=lama, status="disetujui")
        Evaluasi.create(skp=skp_lama, nomor=4, akhir=True, status="dinilai", predikat="sangat_kurang",
                        final_pada=FINAL)
    auth.login("admin_disdik")
    h = Halaman(client.get(url(u["bidang_sd"], 2026)))
    assert sel(h, "Sangat Baik") == (2, 20)
    assert sel(h, "Baik") == (6, 60)
    assert sel(h, "Butuh Perbaikan") == (1, 10)
    assert sel(h, "Kurang/Misconduct") == (1, 10)
    assert sel(h, "Sangat Kurang") == (0, 0)
    assert "10 pegawai sudah berpredikat akhir" in h.teks("table.sebaran caption")
    # kabid, kasi and staf are active in the unit and have no final annual predikat.
    assert "3 pegawai aktif belum punya predikat akhir tahunan periode 2026" in h.teks()
    assert "belum ditetapkan" in h.teks()
    # The parent unit counts its whole subtree (its own kadis and admin have none).
    h = Halaman(client.get(url(u["disdik"], 2026)))
    assert sel(h, "Baik") == (6, 60) and "5 pegawai aktif belum" in h.teks()


def test_tabel_bisa_dibaca_tanpa_warna(client, auth, org):
    isi_bidang(org, {"baik": 1})
    auth.login("admin_disdik")
    h = Halaman(client.get(url(org["unit"]["bidang_sd"])))
    wadah = h.satu('div[role="region"][aria-labelledby="sebaran-caption"]')
    assert wadah.get("tabindex") == "0"  # the scrolling table is reachable by keyboard
    judul = wadah.cssselect("table.sebaran > caption#sebaran-caption")[0]
    assert teks_dari(judul).startswith("Sebaran predikat kinerja pegawai Bidang Pembinaan SD, periode 2026")
    assert [teks_dari(th) for th in wadah.cssselect('thead th[scope="col"]')] == ["Predikat", "Jumlah", "Persen"]
    batang = wadah.cssselect("svg.batang")  # the bar repeats the number: hidden from screen readers
    assert batang and all(b.get("aria-hidden") == "true" and b.get("focusable") == "false" for b in batang)
    panduan = h.satu("#panduan-caption").getparent()
    assert teks_dari(h.satu("#panduan-caption")) == "Panduan sebaran predikat pegawai menurut predikat organisasi"
    baris = [teks_dari(th) for th in panduan.cssselect('th[scope="row"]')]
    for label in ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"):
        assert [b for b in baris if b.startswith(label)], label  # the full guidance table


def test_sesuai_panduan_tanpa_peringatan(client, auth, org):
    isi_bidang(org, {"sangat_baik": 2, "baik": 6, "butuh_perbaikan": 1, "kurang": 1})
    auth.login("admin_disdik")
    r = tetapkan(client, org["unit"]["bidang_sd"], "baik")
    assert r.status_code == 303 and r.location.endswith(url(org["unit"]["bidang_sd"], 2026))
    h = Halaman(client.get(r.location))
    assert "Predikat Bidang Pembinaan SD periode 2026: Baik." in h.teks()
    assert "Sebaran sesuai panduan untuk unit berpredikat Baik." in h.teks()
    assert "predikat unit ini" in h.teks("tr.panduan-terpilih") and "Peringatan:" not in h.teks()


@pytest.mark.parametrize("predikat,sebaran,peringatan", [
    ("istimewa", {"sangat_baik": 2, "baik": 6, "butuh_perbaikan": 2},
     ["Sangat Baik seharusnya predikat terbanyak."]),
    ("istimewa", {"sangat_baik": 8, "baik": 2}, ["Sangat Baik 80%, melebihi panduan paling banyak 70%."]),
    ("baik", {"baik": 7, "sangat_baik": 3},
     ["Belum ada Butuh Perbaikan atau Kurang/Misconduct, padahal panduan memintanya ada."]),
    ("butuh_perbaikan", {"butuh_perbaikan": 5, "sangat_baik": 2, "baik": 3},
     ["Butuh Perbaikan 50%, kurang dari panduan paling sedikit 60%.",
      "Sangat Baik 20%, melebihi panduan paling banyak 10%."]),
    ("kurang", {"kurang": 9, "baik": 1}, ["Butuh Perbaikan 0%, kurang dari panduan paling sedikit 10%."]),
    ("sangat_kurang", {"sangat_kurang": 8, "sangat_baik": 1, "butuh_perbaikan": 1},
     ["Sangat Baik 10%, melebihi panduan paling banyak 0%."]),
])
def test_peringatan_menurut_panduan(client, auth, org, predikat, sebaran, peringatan):
    isi_bidang(org, sebaran)
    auth.login("admin_disdik")
    assert tetapkan(client, org["unit"]["bidang_sd"], predikat).status_code == 303
    r = client.get(url(org["unit"]["bidang_sd"]))
    assert r.status_code == 200
    h = Halaman(r)
    assert "Peringatan:" in h.teks()
    for w in peringatan:
        assert w in daftar_peringatan(h)
    assert "bukan kuota: penilaian tetap bisa difinalkan" in h.teks()


def test_peringatan_tidak_menghalangi_penilaian(client, auth, org, berjalan):
    """With the distribution far from the guidance, the penilai still finalises
    through the rating service and the new predikat is counted."""
    p = org["pegawai"]
    isi_bidang(org, {"baik": 3})
    auth.login("admin_disdik")
    assert tetapkan(client, org["unit"]["bidang_sd"], "sangat_kurang").status_code == 303
    assert "Sangat Kurang 0%, kurang dari panduan paling sedikit 60%." in \
        daftar_peringatan(Halaman(client.get(url(org["unit"]["bidang_sd"]))))
    with database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        ev = ambil_evaluasi(skp, 4)
        simpan_evaluasi_diri(p["staf"], skp, ev, {f"penilaian_diri_{i}": "di_atas" for i in baris_rhk(ev)},
                             ev.version, ajukan=True)
        ev = Evaluasi.get_by_id(ev.id)
        simpan_penilaian(p["kasi"], skp, ev, {"rating_hasil": "di_atas", "rating_perilaku": "di_atas"},
                         ev.version, finalkan=True)
        assert Evaluasi.get_by_id(ev.id).predikat == "sangat_baik"
    h = Halaman(client.get(url(org["unit"]["bidang_sd"])))
    assert sel(h, "Sangat Baik") == (1, 25) and sel(h, "Baik") == (3, 75)
    assert "Sangat Baik 25%, melebihi panduan paling banyak 0%." in daftar_peringatan(h)


# ---------------------------------------------------------------- who

@pytest.mark.parametrize("siapa,unit,status", [
    ("admin_disdik", "bidang_sd", 200), ("admin_disdik", "disdik", 200), ("admin_disdik", "dinkes", 403),
    ("superadmin", "dinkes", 200), ("superadmin", "pemkot", 200),
    ("kabid", "bidang_sd", 200), ("kabid", "disdik", 403), ("kabid", "dinkes", 403),
    ("kadis", "disdik", 200), ("kadis", "bidang_sd", 200), ("kadis", "dinkes", 403),
    ("kadinkes", "dinkes", 200), ("kadinkes", "disdik", 403),
    ("kasi", "bidang_sd", 403), ("staf", "bidang_sd", 403), ("staf_dinkes", "dinkes", 403),
])
def test_hanya_admin_dalam_wewenang_kepala_unit_atau_superadmin(client, auth, org, siapa, unit, status):
    auth.login(siapa)
    r = client.get(url(org["unit"][unit]))
    assert r.status_code == status
    if status == 403:
        assert "untuk admin kepegawaian unit ini atau kepala unitnya" in Halaman(r).teks()


def test_bukan_kepala_tidak_bisa_menetapkan(client, auth, org):
    auth.login("kasi")
    r = kirim(client, url(org["unit"]["bidang_sd"], 2026), {"predikat": "baik", "version": 0})
    assert r.status_code == 403
    with database:
        assert PredikatUnit.select().count() == 0


def test_pegawai_tanpa_jabatan_struktural_bukan_kepala(client, auth, org):
    """A pelaksana with no atasan (e.g. an unlinked account) heads nothing."""
    with database:
        sendiri = orang(org["unit"]["dinkes"], "Tanpa Atasan")
    auth.login(sendiri.nip)
    assert client.get(url(org["unit"]["dinkes"])).status_code == 403


def test_kepala_unit_menetapkan_dan_riwayat(client, auth, org):
    """The predikat comes from above: the kabid sees their bidang's page but
    cannot set its predikat; the kadis (head of the dinas above) can."""
    auth.login("kabid")
    r = tetapkan(client, org["unit"]["bidang_sd"], "istimewa", alasan="Untuk diri sendiri")
    assert r.status_code == 422 and "ditetapkan dari atas" in Halaman(r).teks()
    auth.logout()
    auth.login("kadis")
    assert tetapkan(client, org["unit"]["bidang_sd"], "baik", alasan="Evaluasi SAKIP 2026").status_code == 303
    with database:
        pu = PredikatUnit.get()
        assert (pu.predikat, pu.penetap_id, pu.version) == ("baik", org["pegawai"]["kadis"].id, 1)
    r = tetapkan(client, org["unit"]["bidang_sd"], "istimewa", version=1, alasan="Hasil banding")
    assert r.status_code == 303
    with database:
        pu = PredikatUnit.get()
        assert (pu.predikat, pu.version) == ("istimewa", 2)
        riwayat = list(Riwayat.select().where((Riwayat.objek == "predikatunit") & (Riwayat.objek_id == pu.id))
                       .order_by(Riwayat.id))
    assert [r.aksi for r in riwayat] == ["Predikat organisasi ditetapkan", "Predikat organisasi diubah"]
    assert riwayat[1].perubahan == {"predikat": ["Baik", "Istimewa"]} and riwayat[1].alasan == "Hasil banding"
    html = Halaman(client.get(url(org["unit"]["bidang_sd"]))).teks()
    assert "Predikat organisasi diubah" in html and "Hasil banding" in html and "Drs. Ahmad Siregar" in html


def test_kepala_melihat_subunit(client, auth, org):
    auth.login("kadis")
    h = Halaman(client.get(url(org["unit"]["disdik"])))
    assert teks_dari(h.tautan_ke(f'/unit/{org["unit"]["bidang_sd"].id}/kinerja?periode=2026')[0]) == \
        "Bidang Pembinaan SD"


def test_unit_atau_periode_tidak_dikenal_404(client, auth, org):
    auth.login("superadmin")
    assert client.get("/unit/9999/kinerja").status_code == 404
    assert client.get(url(org["unit"]["disdik"], 1999)).status_code == 404


def test_harus_masuk(client, org):
    r = client.get(url(org["unit"]["disdik"]))
    assert r.status_code in (302, 303) and "/login" in r.location


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("data,pesan", [
    ({"predikat": "", "version": 0}, "Pilih salah satu predikat organisasi."),
    ({"predikat": "luar_biasa", "version": 0}, "Pilih salah satu predikat organisasi."),
    ({"predikat": "baik", "version": 0, "alasan": "x" * 1001}, "Dasar penetapan paling banyak 1000 karakter."),
])
def test_isian_salah_ditolak_tanpa_menulis(client, auth, org, data, pesan):
    auth.login("admin_disdik")
    r = kirim(client, url(org["unit"]["bidang_sd"], 2026), data)
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.teks(".galat-ringkas h2") == "Periksa isian berikut"
    if data.get("alasan"):
        assert h.isian("alasan").value == "x" * 1001  # what was typed is kept
    with database:
        assert PredikatUnit.select().count() == 0
        assert Riwayat.select().where(Riwayat.objek == "predikatunit").count() == 0


def test_tanpa_perubahan_ditolak(client, auth, org):
    auth.login("admin_disdik")
    tetapkan(client, org["unit"]["bidang_sd"], "baik")
    r = tetapkan(client, org["unit"]["bidang_sd"], "baik", version=1)
    assert r.status_code == 422 and "Predikat unit sudah Baik; tidak ada yang berubah." in Halaman(r).teks()


def test_versi_usang_409_kedua_versi_tampil(client, auth, org):
    auth.login("admin_disdik")
    tetapkan(client, org["unit"]["bidang_sd"], "baik")
    tetapkan(client, org["unit"]["bidang_sd"], "istimewa", version=1)
    r = tetapkan(client, org["unit"]["bidang_sd"], "kurang", version=1)  # a form opened before the change
    assert r.status_code == 409
    h = Halaman(r)
    assert "Data ini sudah berubah" in h.teks(".galat-ringkas h2")
    assert [b[1:] for b in h.tabel(".galat-ringkas table") if b[1:] == ["Kurang", "Istimewa"]]
    # A form opened while there was none, sent after someone set it.
    r = tetapkan(client, org["unit"]["bidang_sd"], "baik", version=0)
    assert r.status_code == 409
    with database:
        assert PredikatUnit.get().predikat == "istimewa"


def test_periode_ditutup_hanya_dibaca(client, auth, org):
    with database:
        Periode.update(status="ditutup").execute()
    auth.login("admin_disdik")
    h = Halaman(client.get(url(org["unit"]["bidang_sd"])))
    assert "predikat unit hanya bisa dibaca" in h.teks() and not h.ada_tombol("Tetapkan predikat")
    r = tetapkan(client, org["unit"]["bidang_sd"], "baik")
    assert r.status_code == 409 and "Periode 2026 sudah ditutup" in Halaman(r).teks()
    with database:
        assert PredikatUnit.select().count() == 0


def test_isian_ditampilkan_aman(client, auth, org):
    auth.login("admin_disdik")
    tetapkan(client, org["unit"]["bidang_sd"], "baik", alasan="<script>alert(1)</script>")
    h = Halaman(client.get(url(org["unit"]["bidang_sd"])))
    assert "<script>alert(1)</script>" not in h.html and "<script>alert(1)</script>" in h.teks()


# ---------------------------------------------------------------- queries



def test_jumlah_kueri_tetap(client, auth, org, hitung_tiap_halaman):
    isi_bidang(org, {"baik": 2, "kurang": 1})
    auth.login("admin_disdik")
    tetapkan(client, org["unit"]["disdik"], "baik")
    with hitung_kueri() as sedikit:
        assert client.get(url(org["unit"]["disdik"])).status_code == 200
    isi_bidang(org, {"baik": 10, "sangat_baik": 5, "butuh_perbaikan": 4, "sangat_kurang": 3})
    with database:
        for i in range(3):  # more sub-units, with pegawai of their own
            sub = _unit(f"Bidang Uji {i}", f"UJI-{i}", "bidang", org["unit"]["disdik"])
            hasil_akhir(orang(sub, f"Sub {i}", org["pegawai"]["kadis"]), "baik")
    with hitung_kueri() as banyak:
        h = Halaman(client.get(url(org["unit"]["disdik"])))
    assert sel(h, "Baik") == (15, 54)  # 15 of 28
    assert len(banyak) == len(sedikit)


def test_unit_yang_dipimpin(org):
    p, u = org["pegawai"], org["unit"]
    with database:
        assert unit_dipimpin(p["kabid"]) == u["bidang_sd"].id
        assert unit_dipimpin(p["kadis"]) == u["disdik"].id
        assert unit_dipimpin(p["kasi"]) is None and unit_dipimpin(p["admin_disdik"]) is None
