"""The service catalogue of a unit (suara warga): who reads and manages it,
adding and editing a service with its petugas, bad input, stale edits."""
import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Riwayat
from kinerja.warga.models import Layanan, PetugasLayanan
from tests.conftest import hitung_kueri, kirim
from tests.halaman import Halaman

BACA = {"kapus": 200, "kadinkes": 200, "superadmin": 200, "petugas": 403, "petugas2": 403, "staf_dinkes": 403,
        "admin_disdik": 403}


def petugas_dari(layanan_id):
    with database:
        return sorted(p for (p,) in PetugasLayanan.select(PetugasLayanan.pegawai)
                      .where(PetugasLayanan.layanan == layanan_id).tuples())


def baris(layanan_id):
    with database:
        return Layanan.select().where(Layanan.id == layanan_id).dicts().get()


@pytest.mark.parametrize("siapa,status", BACA.items())
def test_daftar_dan_form_per_peran(client, auth, puskesmas, siapa, status):
    unit = puskesmas["unit"]
    auth.login(siapa)
    r = client.get(f"/unit/{unit.id}/layanan")
    assert r.status_code == status
    assert client.get(f"/unit/{unit.id}/layanan/baru").status_code == status
    assert client.get(f"/layanan/{puskesmas['layanan']['daftar'].id}/ubah").status_code == status
    if status == 200:
        h = Halaman(r)
        assert "Pendaftaran pasien" in h.teks("main") and "15 menit" in h.teks("main")
        assert "Dewi Lestari, Fajar Nasution" in h.teks("main")
        assert h.tautan("Tambah layanan") is not None


def test_id_tidak_dikenal_404(client, auth, puskesmas):
    auth.login("superadmin")
    assert client.get("/unit/999999/layanan").status_code == 404
    assert client.get("/unit/999999/layanan/baru").status_code == 404
    assert client.get("/layanan/999999/ubah").status_code == 404


def test_pemantau_membaca_tanpa_mengubah(client, auth, puskesmas):
    org = puskesmas["org"]
    with database:
        Pegawai.update(peran="pemantau", admin_unit=org["unit"]["dinkes"].id).where(
            Pegawai.id == org["pegawai"]["staf"].id).execute()
    auth.login("staf")
    unit = puskesmas["unit"]
    h = Halaman(client.get(f"/unit/{unit.id}/layanan"))
    assert "Pendaftaran pasien" in h.teks("main") and not h.pilih("main a[href$='/ubah']")
    r = kirim(client, f"/unit/{unit.id}/layanan/baru", {"nama": "Imunisasi", "standar_menit": "20"}, token_from="/")
    assert r.status_code == 403
    with database:
        assert Layanan.select().count() == 2


def test_tambah_layanan_dengan_petugas(client, auth, puskesmas):
    unit, p = puskesmas["unit"], puskesmas
    auth.login("kapus")
    h = Halaman(client.get(f"/unit/{unit.id}/layanan/baru"))
    # The petugas to choose: active pegawai of the unit (and its sub-units) only.
    pilihan = {el.get("value") for el in h.pilih("input[name=petugas]")}
    assert pilihan == {str(p["kapus"].id), str(p["petugas"].id), str(p["petugas2"].id)}
    r = kirim(client, f"/unit/{unit.id}/layanan/baru",
              {"nama": "  Imunisasi   anak ", "standar_menit": "20", "aktif": "y", "petugas": [str(p["petugas2"].id)]},
              token_from="/")
    assert r.status_code == 303 and r.location.endswith(f"/unit/{unit.id}/layanan")
    with database:
        baru = Layanan.get(Layanan.nama == "Imunisasi anak")
        assert (baru.unit_id, baru.standar_menit, baru.aktif, baru.version) == (unit.id, 20, True, 1)
        assert Riwayat.get((Riwayat.objek == "layanan") & (Riwayat.objek_id == baru.id)).aksi == "dibuat"
    assert petugas_dari(baru.id) == [p["petugas2"].id]
    assert "Imunisasi anak" in Halaman(client.get(r.location)).teks("main")


def test_ubah_satu_isian_sisanya_tetap(client, auth, puskesmas):
    daftar, p = puskesmas["layanan"]["daftar"], puskesmas
    sebelum = baris(daftar.id)
    auth.login("superadmin")
    h = Halaman(client.get(f"/layanan/{daftar.id}/ubah"))
    assert h.isian("nama").value == "Pendaftaran pasien" and h.isian("standar_menit").value == "15"
    assert h.isian("petugas", str(p["petugas"].id)).checked and not h.isian("petugas", str(p["kapus"].id)).checked
    data = {"nama": "Pendaftaran pasien", "standar_menit": "10", "aktif": "y", "version": "1",
            "petugas": [str(p["petugas"].id), str(p["petugas2"].id)]}
    assert kirim(client, f"/layanan/{daftar.id}/ubah", data, token_from="/").status_code == 303
    sesudah = baris(daftar.id)
    assert sesudah["standar_menit"] == 10 and sesudah["version"] == 2
    assert {k: v for k, v in sesudah.items() if k not in ("standar_menit", "version")} == \
        {k: v for k, v in sebelum.items() if k not in ("standar_menit", "version")}
    assert petugas_dari(daftar.id) == sorted([p["petugas"].id, p["petugas2"].id])
    with database:
        r = Riwayat.get((Riwayat.objek == "layanan") & (Riwayat.aksi == "diubah"))
        assert r.perubahan == {"standar_menit": [15, 10]}


def test_ubah_petugas_dan_nonaktifkan(client, auth, puskesmas):
    surat, p = puskesmas["layanan"]["surat"], puskesmas
    auth.login("kapus")
    data = {"nama": "Surat keterangan sehat", "standar_menit": "30", "version": "1",
            "petugas": [str(p["petugas2"].id)]}  # aktif unticked
    assert kirim(client, f"/layanan/{surat.id}/ubah", data, token_from="/").status_code == 303
    assert baris(surat.id)["aktif"] is False
    assert petugas_dari(surat.id) == [p["petugas2"].id]
    h = Halaman(client.get(f"/unit/{puskesmas['unit'].id}/layanan"))
    assert "nonaktif" in h.baris("Surat keterangan sehat").text_content()


BURUK = [
    ({"nama": "", "standar_menit": "15"}, "nama", "Nama layanan wajib diisi."),
    ({"nama": "x" * 201, "standar_menit": "15"}, "nama", "paling banyak 200 karakter"),
    ({"nama": "pendaftaran PASIEN", "standar_menit": "15"}, "nama", "sudah punya layanan dengan nama itu"),
    ({"nama": "Imunisasi", "standar_menit": ""}, "standar_menit", "Waktu standar wajib diisi"),
    ({"nama": "Imunisasi", "standar_menit": "0"}, "standar_menit", "Waktu standar harus 1 sampai"),
    ({"nama": "Imunisasi", "standar_menit": "99999"}, "standar_menit", "Waktu standar harus 1 sampai"),
    ({"nama": "Imunisasi", "standar_menit": "abc"}, "standar_menit", "Harus berupa bilangan bulat."),
    ({"nama": "Imunisasi", "standar_menit": "15", "petugas": "staf"}, "petugas", "Petugas harus pegawai aktif"),
    ({"nama": "Imunisasi", "standar_menit": "15", "petugas": "x"}, "petugas", "Pilihan tidak valid."),
]


@pytest.mark.parametrize("data,kolom,pesan", BURUK)
def test_isian_buruk_ditolak_tanpa_menulis(client, auth, puskesmas, data, kolom, pesan):
    org = puskesmas["org"]
    if data.get("petugas") == "staf":  # a pegawai of another unit
        data = dict(data, petugas=str(org["pegawai"]["staf"].id))
    auth.login("kapus")
    r = kirim(client, f"/unit/{puskesmas['unit'].id}/layanan/baru", data, token_from="/")
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat()
    if kolom != "petugas":
        assert h.isian(kolom).value == data[kolom][:500]  # what was typed is kept
    with database:
        assert Layanan.select().count() == 2 and PetugasLayanan.select().count() == 3
        assert Riwayat.select().where(Riwayat.objek == "layanan").count() == 0


def test_suntingan_basi_409_dengan_kedua_versi(client, auth, puskesmas):
    daftar = puskesmas["layanan"]["daftar"]
    auth.login("kapus")
    ubah = {"nama": "Pendaftaran pasien umum", "standar_menit": "15", "aktif": "y", "version": "1"}
    assert kirim(client, f"/layanan/{daftar.id}/ubah", ubah, token_from="/").status_code == 303
    basi = {"nama": "Pendaftaran pasien", "standar_menit": "20", "aktif": "y", "version": "1"}
    r = kirim(client, f"/layanan/{daftar.id}/ubah", basi, token_from="/")
    assert r.status_code == 409
    h = Halaman(r)
    assert "Data ini sudah berubah" in h.teks("main")
    assert h.baris("Nama layanan").text_content().count("Pendaftaran pasien") == 2
    assert "Pendaftaran pasien umum" in h.baris("Nama layanan").text_content()
    assert h.isian("version").value == "2"
    b = baris(daftar.id)
    assert (b["nama"], b["standar_menit"], b["version"]) == ("Pendaftaran pasien umum", 15, 2)


def test_kirim_ganda_satu_layanan(client, auth, puskesmas):
    auth.login("kapus")
    data = {"nama": "Imunisasi", "standar_menit": "20", "aktif": "y"}
    url = f"/unit/{puskesmas['unit'].id}/layanan/baru"
    a = kirim(client, url, data, token_from="/", submission_id="kunci-ganda-layanan-1")
    b = kirim(client, url, data, token_from="/", submission_id="kunci-ganda-layanan-1")
    assert a.status_code == b.status_code == 303 and a.location == b.location
    with database:
        assert Layanan.select().where(Layanan.nama == "Imunisasi").count() == 1


def test_kueri_daftar_layanan_tetap(client, auth, puskesmas):
    unit = puskesmas["unit"]

    def tambah(n, awal):
        with database:
            for i in range(n):
                x = Layanan.create(unit=unit.id, nama=f"Layanan {awal + i}", standar_menit=10)
                PetugasLayanan.create(layanan=x.id, pegawai=puskesmas["petugas"].id)
    auth.login("kapus")
    tambah(1, 0)  # 3 services
    client.get(f"/unit/{unit.id}/layanan")
    with hitung_kueri() as sedikit:
        client.get(f"/unit/{unit.id}/layanan")
    tambah(27, 1)
    with hitung_kueri() as banyak:
        h = Halaman(client.get(f"/unit/{unit.id}/layanan"))
    assert len(sedikit) == len(banyak) and "Layanan 27" in h.teks("main")


@pytest.mark.parametrize("ubah", [{"unit": "disdik"}, {"aktif": False}])
def test_petugas_tidak_lagi_di_unit_ditandai_lalu_dilepas(client, auth, puskesmas, ubah):
    p = puskesmas
    nilai = {k: (p["org"]["unit"][v].id if k == "unit" else v) for k, v in ubah.items()}
    with database:
        Pegawai.update(**nilai).where(Pegawai.id == p["petugas"].id).execute()
    auth.login("kapus")
    h = Halaman(client.get(f"/unit/{p['unit'].id}/layanan"))
    assert "Dewi Lestari (tidak lagi di unit ini)" in h.baris("Surat keterangan sehat").text_content()
    assert "Fajar Nasution (tidak lagi" not in h.html  # only she is marked
    surat = p["layanan"]["surat"]
    h = Halaman(client.get(f"/layanan/{surat.id}/ubah"))
    assert "Dewi Lestari (tidak lagi di unit ini): dilepas dari layanan ini saat disimpan." in h.teks("main")
    data = {"nama": "Surat keterangan sehat", "standar_menit": "30", "aktif": "y", "version": "1"}
    assert kirim(client, f"/layanan/{surat.id}/ubah", data, token_from="/").status_code == 303
    assert petugas_dari(surat.id) == []
    h = Halaman(client.get(f"/unit/{p['unit'].id}/layanan"))
    assert "Dewi Lestari (tidak lagi di unit ini)" in h.baris("Pendaftaran pasien").text_content()  # not saved yet
    assert "Belum ada" in h.baris("Surat keterangan sehat").text_content()
