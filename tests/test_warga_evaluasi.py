"""Citizens' voice in the evaluation (issue 16, section 5): an IKI tied to
a service measure (form, rules, history, display), the realisasi page that
proposes the period's figure from the data and keeps it beside what the
pegawai confirmed. The citizen feedback on the rating page: test_warga_nilai."""
import datetime
import re
from decimal import Decimal

import pytest

from kinerja.db import database
from kinerja.models import Periode, Riwayat
from kinerja.penilaian.models import Realisasi
from kinerja.rules import label_ukuran_layanan, periksa_ukuran_layanan
from kinerja.rules.warga import buat_kode
from kinerja.skp.models import Iki, Rhk, Skp
from kinerja.warga.models import CatatanLayanan, Pengaduan, ResponSurvei
from tests.conftest import hitung_kueri, kirim, teks
from tests.formulir import baca_formulir, sebagai_dict
from tests.halaman import Halaman

HX = {"HX-Request": "true"}
KONTAK = "0812-5550-0199"


def _waktu(teks_waktu):
    return datetime.datetime.fromisoformat(teks_waktu)


@pytest.fixture
def skp_petugas(puskesmas):
    """The petugas's draft SKP 2026 (kuantitatif): one RHK intervening the
    kapus's, one IKI "Jumlah layanan pendaftaran" tied to jumlah_layanan."""
    from kinerja.skp.layanan import buat_skp
    from kinerja.skp.rencana import simpan_iki, simpan_rhk
    p = puskesmas
    with database:
        periode = Periode.get(Periode.tahun == 2026)
        kadinkes = p["org"]["pegawai"]["kadinkes"]
        rhk_kadinkes = simpan_rhk(kadinkes, buat_skp(kadinkes, periode, "kuantitatif"), {
            "jenis": "utama", "uraian": "Meningkatnya derajat kesehatan", "perspektif": "penerima_layanan"})
        skp_kapus = buat_skp(p["kapus"], periode, "kuantitatif")
        rhk_kapus = simpan_rhk(p["kapus"], skp_kapus, {"jenis": "utama", "uraian": "Meningkatnya mutu layanan puskesmas",
                                                       "rhk_atasan": rhk_kadinkes.id})
        skp = buat_skp(p["petugas"], periode, "kuantitatif")
        rhk = simpan_rhk(p["petugas"], skp, {"jenis": "utama", "uraian": "Terlayaninya pendaftaran pasien",
                                             "rhk_atasan": rhk_kapus.id})
        iki = simpan_iki(p["petugas"], skp, rhk, {
            "aspek": "kuantitas", "indikator": "Jumlah layanan pendaftaran", "target_min": "400",
            "satuan": "layanan", "ukuran_layanan": "jumlah_layanan"})
    return {"skp": skp, "rhk": rhk, "iki": iki, **p}


@pytest.fixture
def berjalan_petugas(skp_petugas):
    """`skp_petugas` submitted and approved by the kapus: realisasi can start."""
    from kinerja.skp.layanan import ubah_status
    s = skp_petugas
    with database:
        ubah_status(s["petugas"], Skp.get_by_id(s["skp"].id), "ajukan", "", Skp.get_by_id(s["skp"].id).version)
        ubah_status(s["kapus"], Skp.get_by_id(s["skp"].id), "setujui", "", Skp.get_by_id(s["skp"].id).version)
    return s


def _catat(p, pegawai, mulai, menit=10, layanan="daftar", kode=None):
    """A service record of `pegawai` started at `mulai` (ISO), `menit` long."""
    awal = _waktu(mulai)
    return CatatanLayanan.create(
        layanan=p["layanan"][layanan], unit=p["unit"], pegawai=pegawai, mulai=awal,
        selesai=None if menit is None else awal + datetime.timedelta(minutes=menit),
        kode=kode or buat_kode())


def _respon(p, catatan, skor, komentar="", dibuat=None, **kw):
    data = {f"u{i}": s for i, s in enumerate(skor, 1)}
    return ResponSurvei.create(unit=p["unit"], catatan=catatan, pegawai=catatan.pegawai if catatan else None,
                               komentar=komentar, dibuat=dibuat or catatan.mulai, **data, **kw)


def _riwayat(skp_id, awal):
    with database:
        return [r for r in Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.objek_id == skp_id)
                                                  & Riwayat.aksi.startswith(awal)).order_by(Riwayat.id)]


def _iki(iki_id):
    with database:
        return Iki.select().where(Iki.id == iki_id).dicts().get()


# ---------------------------------------------------------------- the rules

def test_aturan_ikatan_ukuran_layanan():
    assert periksa_ukuran_layanan("", "7", True) == (None, None, {})
    assert periksa_ukuran_layanan(None, None, False) == (None, None, {})
    assert periksa_ukuran_layanan("jumlah_layanan", "7", True) == ("jumlah_layanan", None, {})  # N ignored
    assert periksa_ukuran_layanan("pengaduan_tuntas", " 60 ", True) == ("pengaduan_tuntas", 60, {})
    assert periksa_ukuran_layanan("pengaduan_tuntas", 1, True) == ("pengaduan_tuntas", 1, {})
    for hari in ("", None, "0", "61", "2,5", "-1", "abc", "\u00b2"):
        assert "ukuran_hari" in periksa_ukuran_layanan("pengaduan_tuntas", hari, True)[2], hari
    assert "ukuran_layanan" in periksa_ukuran_layanan("gaji", None, True)[2]
    assert "uraian" in periksa_ukuran_layanan("ikm_unit", None, False)[2]["ukuran_layanan"]
    assert label_ukuran_layanan("pengaduan_tuntas", 3) == "% pengaduan unit selesai dalam 3 hari"
    assert label_ukuran_layanan(None) == ""


# ---------------------------------------------------------------- the IKI form

def _ubah_iki(client, s, ubah):
    """Open the IKI's edit form as a browser would, change `ubah`, send it."""
    url = f"/skp/{s['skp'].id}/iki/{s['iki'].id}"
    r = client.get(url)
    assert r.status_code == 200
    tujuan, isian = baca_formulir(teks(r), url, url)
    data = sebagai_dict(isian)
    for k in ubah:
        assert k in data, f"{k} tidak ada di formulir IKI"
    data.update({k: [v] for k, v in ubah.items()})
    return client.post(tujuan, data=data)


def test_formulir_iki_mengaitkan_ke_pengaduan_tuntas(client, auth, skp_petugas):
    s = skp_petugas
    auth.login("petugas")
    h = Halaman(client.get(f"/skp/{s['skp'].id}/iki/{s['iki'].id}"))
    pilihan = [o.get("value") for o in h.pilih("select[name=ukuran_layanan] option")]
    assert pilihan == ["", "jumlah_layanan", "persen_tepat_waktu", "ikm_unit", "pengaduan_tuntas"]
    assert "Tidak dikaitkan" in h.teks() and "Data layanan (opsional)" in h.teks()
    assert h.pilih("select[name=ukuran_layanan] option[selected]")[0].get("value") == "jumlah_layanan"
    sebelum = _iki(s["iki"].id)
    r = _ubah_iki(client, s, {"ukuran_layanan": "pengaduan_tuntas", "ukuran_hari": "3"})
    assert r.status_code == 303
    sesudah = _iki(s["iki"].id)
    assert (sesudah["ukuran_layanan"], sesudah["ukuran_hari"]) == ("pengaduan_tuntas", 3)
    abaikan = {"ukuran_layanan", "ukuran_hari", "version"}
    assert {k: v for k, v in sebelum.items() if k not in abaikan} == \
        {k: v for k, v in sesudah.items() if k not in abaikan}
    jejak = _riwayat(s["skp"].id, "IKI diubah")[-1]
    assert "pengaduan unit selesai dalam 3 hari" in jejak.data and "Jumlah layanan yang dicatat" in jejak.data
    halaman = teks(client.get(f"/skp/{s['skp'].id}"))
    assert "Usulan realisasi dari data layanan: % pengaduan unit selesai dalam 3 hari" in halaman


def test_ubah_satuan_iki_terikat_menjaga_ikatan(client, auth, skp_petugas):
    s = skp_petugas
    with database:
        Iki.update(ukuran_layanan="pengaduan_tuntas", ukuran_hari=7).where(Iki.id == s["iki"].id).execute()
    sebelum = _iki(s["iki"].id)
    auth.login("petugas")
    assert _ubah_iki(client, s, {"satuan": "persen"}).status_code == 303
    sesudah = _iki(s["iki"].id)
    assert sesudah["satuan"] == "persen"
    assert {k: v for k, v in sebelum.items() if k not in ("satuan", "version")} == \
        {k: v for k, v in sesudah.items() if k not in ("satuan", "version")}


def test_lepas_ikatan_dan_n_diabaikan_untuk_ukuran_lain(client, auth, skp_petugas):
    s = skp_petugas
    auth.login("petugas")
    assert _ubah_iki(client, s, {"ukuran_layanan": "persen_tepat_waktu", "ukuran_hari": "9"}).status_code == 303
    assert (_iki(s["iki"].id)["ukuran_layanan"], _iki(s["iki"].id)["ukuran_hari"]) == ("persen_tepat_waktu", None)
    assert _ubah_iki(client, s, {"ukuran_layanan": ""}).status_code == 303
    assert _iki(s["iki"].id)["ukuran_layanan"] is None
    assert "Usulan realisasi dari data layanan" not in teks(client.get(f"/skp/{s['skp'].id}"))


@pytest.mark.parametrize("ubah, kolom, pesan", [
    ({"ukuran_layanan": "gaji_pokok"}, "ukuran_layanan", "Pilih data layanan dari daftar"),
    ({"ukuran_layanan": "pengaduan_tuntas", "ukuran_hari": ""}, "ukuran_hari", "Isi batas hari (1 sampai 60)"),
    ({"ukuran_layanan": "pengaduan_tuntas", "ukuran_hari": "0"}, "ukuran_hari", "bilangan bulat 1 sampai 60"),
    ({"ukuran_layanan": "pengaduan_tuntas", "ukuran_hari": "61"}, "ukuran_hari", "bilangan bulat 1 sampai 60"),
    ({"ukuran_layanan": "pengaduan_tuntas", "ukuran_hari": "2,5"}, "ukuran_hari", "bilangan bulat 1 sampai 60"),
])
def test_ikatan_salah_ditolak_dan_isian_tetap(client, auth, skp_petugas, ubah, kolom, pesan):
    s = skp_petugas
    sebelum = _iki(s["iki"].id)
    auth.login("petugas")
    r = _ubah_iki(client, s, dict(ubah, satuan="layanan pasien"))
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks()
    assert h.pilih(f"#{kolom}[aria-invalid=true]")
    assert h.pilih("input[name=satuan]")[0].get("value") == "layanan pasien"  # what was typed stays
    if ubah.get("ukuran_hari"):
        assert h.pilih("input[name=ukuran_hari]")[0].get("value") == ubah["ukuran_hari"]
    assert _iki(s["iki"].id) == sebelum  # nothing written
    assert not _riwayat(s["skp"].id, "IKI diubah")


def test_iki_uraian_tidak_bisa_dikaitkan(client, auth, puskesmas):
    from kinerja.skp.layanan import buat_skp
    from kinerja.skp.rencana import simpan_iki, simpan_rhk
    p = puskesmas
    with database:
        skp = buat_skp(p["petugas2"], Periode.get(Periode.tahun == 2026), "kualitatif")
        rhk = simpan_rhk(p["petugas2"], skp, {"jenis": "utama", "uraian": "Pendaftaran pasien tertib"})
        iki = simpan_iki(p["petugas2"], skp, rhk, {"aspek": "kualitas", "indikator": "Keluhan pendaftaran",
                                                   "target_teks": "Keluhan ditangani pada hari yang sama"})
    sebelum = _iki(iki.id)
    auth.login("petugas2")
    url = f"/skp/{skp.id}/iki/{iki.id}"
    h = Halaman(client.get(url))
    assert not h.pilih("select[name=ukuran_layanan]")  # the form offers no tie for a narrative IKI
    r = kirim(client, url, {"aspek": "kualitas", "indikator": "Keluhan pendaftaran",
                            "target_teks": "Keluhan ditangani pada hari yang sama",
                            "ukuran_layanan": "jumlah_layanan", "version": str(sebelum["version"])}, token_from=url)
    assert r.status_code == 422
    assert "target berupa uraian tidak bisa dikaitkan dengan data layanan" in teks(r)
    assert _iki(iki.id) == sebelum


def test_salin_dari_tahun_lalu_membawa_ikatan(skp_petugas):
    from kinerja.skp.layanan import buat_skp
    from kinerja.skp.rencana import salin_dari_sebelumnya
    s = skp_petugas
    with database:
        Iki.update(ukuran_layanan="pengaduan_tuntas", ukuran_hari=5).where(Iki.id == s["iki"].id).execute()
        baru = buat_skp(s["petugas"], Periode.create(tahun=2027, mulai="2027-01-01", selesai="2027-12-31",
                                                     frekuensi="triwulanan", status="berjalan"), "kuantitatif")
        salin_dari_sebelumnya(s["petugas"], baru)
        iki = Iki.select().join(Rhk).where(Rhk.skp == baru.id).get()
    assert (iki.ukuran_layanan, iki.ukuran_hari) == ("pengaduan_tuntas", 5)


# ---------------------------------------------------------------- the realisasi page

def _log_triwulan(p):
    """Petugas: 3 services in Triwulan IV, 1 in Triwulan III; petugas2: 1 in IV."""
    with database:
        for hari in ("2026-10-05T09:00", "2026-11-02T10:00", "2026-11-27T08:30"):
            _catat(p, p["petugas"], hari)
        _catat(p, p["petugas"], "2026-09-30T23:50")
        _catat(p, p["petugas2"], "2026-10-06T09:00")


def url_periode(s, nomor=4):
    return f"/skp/{s['skp'].id}/kinerja/{nomor}"


def test_usulan_sesuai_buku_layanan_per_triwulan(client, auth, berjalan_petugas):
    s = berjalan_petugas
    _log_triwulan(s)
    auth.login("petugas")
    iki_id = s["iki"].id
    h = Halaman(client.get(url_periode(s)))
    assert "Usulan dari data layanan: 3 layanan (3 layanan tercatat)" in h.teks(f"#usulan-{iki_id}")
    assert h.pilih(f"#nilai-{iki_id}")[0].get("value") == "3"  # prefilled
    assert f"usulan-{iki_id}" in h.pilih(f"#nilai-{iki_id}")[0].get("aria-describedby")
    tautan = h.satu(f"#usulan-{iki_id} a").get("href")
    assert tautan == "/buku-layanan?dari=2026-10-01&sampai=2026-12-31"
    h3 = Halaman(client.get(url_periode(s, 3)))
    assert "1 layanan tercatat" in h3.teks() and h3.pilih(f"#nilai-{iki_id}")[0].get("value") == "1"
    assert "dari=2026-07-01&amp;sampai=2026-09-30" in teks(client.get(url_periode(s, 3)))


def test_tanpa_data_tidak_diisi_dan_belum_ada_data(client, auth, berjalan_petugas):
    s = berjalan_petugas
    with database:
        _catat(s, s["petugas"], "2026-10-05T09:00", menit=None)  # still open: nothing finished
        Iki.update(ukuran_layanan="persen_tepat_waktu").where(Iki.id == s["iki"].id).execute()
    auth.login("petugas")
    h = Halaman(client.get(url_periode(s)))
    assert "belum ada data (belum ada layanan yang selesai)" in h.teks()
    assert h.pilih(f"#nilai-{s['iki'].id}")[0].get("value") == ""


def test_simpan_menyimpan_usulan_server_bukan_kiriman(client, auth, berjalan_petugas):
    s = berjalan_petugas
    _log_triwulan(s)
    auth.login("petugas")
    iki_id = s["iki"].id
    r = client.get(url_periode(s))
    tujuan, isian = baca_formulir(teks(r), url_periode(s), url_periode(s))
    data = sebagai_dict(isian)
    data.update({f"nilai-{iki_id}": ["5"], f"usulan-{iki_id}": ["999"], "usulan_angka": ["999"],
                 f"usulan_angka-{iki_id}": ["999"], "aksi": ["simpan"]})
    assert client.post(tujuan, data=data).status_code == 303
    with database:
        row = Realisasi.get((Realisasi.iki == iki_id) & (Realisasi.nomor == 4))
    assert (row.nilai_angka, row.usulan_angka) == (Decimal("5"), Decimal("3"))
    jejak = _riwayat(s["skp"].id, "Realisasi Triwulan IV")[-1]
    assert '"nilai": [null, "5"]' in jejak.data and '"usulan_data_layanan": [null, "3"]' in jejak.data
    riwayat = teks(client.get(f"/skp/{s['skp'].id}/riwayat"))
    assert "Usulan data layanan" in riwayat
    # After the save the field shows what is stored, and the proposal beside it.
    h = Halaman(client.get(url_periode(s)))
    assert h.pilih(f"#nilai-{iki_id}")[0].get("value") == "5" and "3 layanan tercatat" in h.teks()
    # The penilai reads both.
    auth.logout()
    auth.login("kapus")
    h = Halaman(client.get(url_periode(s)))
    assert "Usulan dari data layanan saat disimpan (Jumlah layanan yang dicatat pegawai): 3 layanan" in h.teks()
    assert not h.pilih(".usulan")  # no live proposal nor link to the pegawai's own log


def test_usulan_yang_tampil_disimpan_apa_adanya(client, auth, berjalan_petugas):
    s = berjalan_petugas
    _log_triwulan(s)
    auth.login("petugas")
    r = client.get(url_periode(s))
    tujuan, isian = baca_formulir(teks(r), url_periode(s), url_periode(s))
    data = sebagai_dict(isian)
    data["aksi"] = ["simpan"]
    assert client.post(tujuan, data=data).status_code == 303
    with database:
        row = Realisasi.get((Realisasi.iki == s["iki"].id) & (Realisasi.nomor == 4))
    assert (row.nilai_angka, row.usulan_angka) == (Decimal("3"), Decimal("3"))


def test_halaman_lama_dari_antrean_luring_menghitung_usulan_di_server(client, auth, berjalan_petugas):
    """An old page replayed from the outbox posts to the per-IKI endpoint,
    from before the data grew: the proposal is the server's of now."""
    s = berjalan_petugas
    auth.login("petugas")
    _log_triwulan(s)
    r = kirim(client, f"{url_periode(s)}/iki/{s['iki'].id}", {"nilai": "2", "catatan": "", "version": "",
                                                              "usulan_angka": "1"}, token_from="/skp")
    assert r.status_code == 303
    with database:
        row = Realisasi.get((Realisasi.iki == s["iki"].id) & (Realisasi.nomor == 4))
    assert (row.nilai_angka, row.usulan_angka) == (Decimal("2"), Decimal("3"))


def test_angka_salah_tidak_menyimpan_apa_pun(client, auth, berjalan_petugas):
    s = berjalan_petugas
    _log_triwulan(s)
    auth.login("petugas")
    r = client.get(url_periode(s))
    tujuan, isian = baca_formulir(teks(r), url_periode(s), url_periode(s))
    data = sebagai_dict(isian)
    data.update({f"nilai-{s['iki'].id}": ["tiga"], "aksi": ["simpan"]})
    r = client.post(tujuan, data=data)
    assert r.status_code == 422
    h = Halaman(r)
    assert h.pilih(f"#nilai-{s['iki'].id}")[0].get("value") == "tiga" and "3 layanan tercatat" in h.teks()
    with database:
        assert not Realisasi.select().where(Realisasi.iki == s["iki"].id).exists()


def test_ukuran_unit_ikm_dan_pengaduan(client, auth, berjalan_petugas):
    s = berjalan_petugas
    with database:
        c = _catat(s, s["petugas2"], "2026-10-06T09:00")
        _respon(s, c, [4] * 9)
        _respon(s, None, [2] * 9, dibuat=_waktu("2026-10-07T09:00"))
        t = _waktu("2026-10-10T09:00")
        Pengaduan.create(unit=s["unit"], isi="a", tiket="AAAAAAAAC2", dibuat=t, status="selesai",
                         selesai_pada=t + datetime.timedelta(days=2))
        Pengaduan.create(unit=s["unit"], isi="b", tiket="AAAAAAAAC3", dibuat=t)
        rhk = Rhk.get_by_id(s["rhk"].id)
        ikm = Iki.create(rhk=rhk, indikator="IKM puskesmas", target_min=80, satuan="", ukuran_layanan="ikm_unit")
        aduan = Iki.create(rhk=rhk, indikator="Pengaduan tuntas", target_min=90, satuan="%",
                           ukuran_layanan="pengaduan_tuntas", ukuran_hari=3)
    auth.login("petugas")
    h = Halaman(client.get(url_periode(s)))
    assert "Usulan dari data layanan: 75 (2 responden survei)" in h.teks()
    assert "Usulan dari data layanan: 50 % (1 dari 2 pengaduan selesai dalam 3 hari)" in h.teks()
    assert h.pilih(f"#nilai-{ikm.id}")[0].get("value") == "75"
    assert h.pilih(f"#nilai-{aduan.id}")[0].get("value") == "50"
    # The unit's results are for its head: a petugas gets no link that would refuse them.
    assert not h.pilih(f"#usulan-{ikm.id} a")
    assert h.pilih(f"#usulan-{s['iki'].id} a")  # their own log
    # The kapus fills an IKI on the unit's IKM and gets the link to the results.
    from kinerja.skp.layanan import ubah_status
    from kinerja.skp.rencana import simpan_iki
    with database:
        skp_kapus = Skp.get(Skp.pegawai == s["kapus"].id)
        simpan_iki(s["kapus"], skp_kapus, Rhk.get(Rhk.skp == skp_kapus.id),
                   {"aspek": "kualitas", "indikator": "IKM puskesmas", "target_min": "80", "satuan": "indeks",
                    "ukuran_layanan": "ikm_unit"})
        ubah_status(s["kapus"], skp_kapus, "ajukan", "", Skp.get_by_id(skp_kapus.id).version)
        ubah_status(s["org"]["pegawai"]["kadinkes"], Skp.get_by_id(skp_kapus.id), "setujui", "",
                    Skp.get_by_id(skp_kapus.id).version)
    auth.logout()
    auth.login("kapus")
    h = Halaman(client.get(f"/skp/{skp_kapus.id}/kinerja/4"))
    assert f"/unit/{s['unit'].id}/suara-warga?tw=2026-4" in [a.get("href") for a in h.pilih(".usulan a")]


def test_halaman_tanpa_iki_terikat_tidak_membaca_data_layanan(client, auth, berjalan_petugas):
    s = berjalan_petugas
    with database:
        Iki.update(ukuran_layanan=None).where(Iki.id == s["iki"].id).execute()
    auth.login("petugas")
    client.get(url_periode(s))
    with hitung_kueri() as kueri:
        h = Halaman(client.get(url_periode(s)))
    assert "Usulan dari data layanan" not in h.teks()
    assert not [q for q in kueri if re.search(r"catatan_layanan|respon_survei|pengaduan", q)]


def _tambah_iki(s, *ukuran):
    with database:
        rhk = Rhk.get_by_id(s["rhk"].id)
        for n, (u, hari) in enumerate(ukuran):
            Iki.create(rhk=rhk, indikator=f"IKI {u} {hari} {n}", target_min=5, satuan="x", ukuran_layanan=u,
                       ukuran_hari=hari)


def _kueri_halaman(client, s):
    client.get(url_periode(s))
    with hitung_kueri() as kueri:
        h = Halaman(client.get(url_periode(s)))
    return h, len(kueri)


def test_jumlah_kueri_tetap_satu_atau_banyak_iki_terikat(client, auth, berjalan_petugas):
    s = berjalan_petugas
    _log_triwulan(s)
    auth.login("petugas")
    _, satu = _kueri_halaman(client, s)  # one IKI on the pegawai's own log
    _tambah_iki(s, ("jumlah_layanan", None), ("persen_tepat_waktu", None), ("persen_tepat_waktu", None))
    h, empat = _kueri_halaman(client, s)
    assert h.teks().count("Usulan dari data layanan") == 4
    assert empat == satu, (satu, empat)  # the log is read once for all of them
    _tambah_iki(s, ("ikm_unit", None), ("pengaduan_tuntas", 3))
    _, semua_jenis = _kueri_halaman(client, s)
    _tambah_iki(s, ("ikm_unit", None), ("pengaduan_tuntas", 7), ("pengaduan_tuntas", 14), ("pengaduan_tuntas", 3))
    h, banyak = _kueri_halaman(client, s)
    assert h.teks().count("Usulan dari data layanan") == 10
    assert banyak == semua_jenis, (semua_jenis, banyak)  # one read of the complaints whatever the N
