"""Acting on citizens' voice: the unit answers complaints (status steps,
answer times, contact only for the handler), an admin voids a survey
response with a reason."""
import datetime

import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Riwayat
from kinerja.rules.warga import PANJANG_TIKET, buat_kode
from kinerja.warga.models import CatatanLayanan, Pengaduan, ResponSurvei
from tests.conftest import hitung_kueri, kirim
from tests.halaman import Halaman, teks_dari

TANGANI = {"kapus": 200, "kadinkes": 200, "superadmin": 200, "petugas": 403, "petugas2": 403,
           "staf_dinkes": 403, "admin_disdik": 403}


def aduan(puskesmas, n=1, **kw):
    """`n` complaints to the Puskesmas received on 20 Nov 2026, one hour apart."""
    with database:
        return [Pengaduan.create(unit=puskesmas["unit"].id, isi=kw.get("isi", f"Antrean lama sekali ({i})"),
                                 kontak=kw.get("kontak", "0812-3456-7890"), tiket=buat_kode(PANJANG_TIKET),
                                 status=kw.get("status", "diterima"),
                                 dibuat=datetime.datetime(2026, 11, 20, 8) + datetime.timedelta(hours=i))
                for i in range(n)]


def respon(puskesmas, skor=3, **kw):
    with database:
        return ResponSurvei.create(unit=puskesmas["unit"].id, komentar=kw.get("komentar", ""),
                                   dibuat=kw.get("dibuat", datetime.datetime(2026, 11, 20, 9)),
                                   **{f"u{i}": skor for i in range(1, 10)})


def jadikan_admin_dinkes(org):
    """Maya (staf of Dinkes) as the admin of the Dinas Kesehatan (the Puskesmas is under it)."""
    with database:
        Pegawai.update(peran="admin", admin_unit=org["unit"]["dinkes"].id).where(
            Pegawai.id == org["pegawai"]["staf_dinkes"].id).execute()


def segar(a):
    with database:
        return Pengaduan.select().where(Pengaduan.id == a.id).dicts().get()


# ---------------------------------------------------------------- complaints

@pytest.mark.parametrize("siapa,status", TANGANI.items())
def test_pengaduan_per_peran(client, auth, puskesmas, siapa, status):
    [a] = aduan(puskesmas)
    auth.login(siapa)
    assert client.get(f"/unit/{puskesmas['unit'].id}/pengaduan").status_code == status
    r = client.get(f"/pengaduan/{a.id}")
    assert r.status_code == status
    if status == 200:
        h = Halaman(r)
        assert "Antrean lama sekali (0)" in h.teks("main") and "0812-3456-7890" in h.teks("main")
        assert h.tombol("Kirim jawaban") is not None
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "selesai", "jawaban": "Sudah", "version": "1"}, token_from="/")
    assert r.status_code == (303 if status == 200 else 403)
    assert segar(a)["status"] == ("selesai" if status == 200 else "diterima")


def test_pemantau_membaca_tanpa_kontak_dan_tanpa_menjawab(client, auth, puskesmas):
    org = puskesmas["org"]
    with database:
        Pegawai.update(peran="pemantau", admin_unit=org["unit"]["dinkes"].id).where(
            Pegawai.id == org["pegawai"]["staf"].id).execute()
    [a] = aduan(puskesmas)
    auth.login("staf")
    h = Halaman(client.get(f"/pengaduan/{a.id}"))
    assert "Antrean lama sekali (0)" in h.teks("main")
    assert "0812-3456-7890" not in h.html and not h.ada_tombol("Kirim jawaban")
    assert "0812-3456-7890" not in client.get(f"/unit/{puskesmas['unit'].id}/pengaduan").get_data(as_text=True)
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "selesai", "jawaban": "x", "version": "1"}, token_from="/")
    assert r.status_code == 403 and segar(a)["status"] == "diterima"


def test_id_tidak_dikenal_404(client, auth, puskesmas):
    auth.login("superadmin")
    assert client.get("/pengaduan/999999").status_code == 404
    assert client.get("/unit/999999/pengaduan").status_code == 404
    assert client.get("/survei/999999/batalkan").status_code == 404


def test_jawab_lalu_selesai_waktu_tercatat(client, auth, puskesmas, jam):
    with database:
        c = CatatanLayanan.create(layanan=puskesmas["layanan"]["daftar"].id, unit=puskesmas["unit"].id,
                                  pegawai=puskesmas["petugas"].id, kode="ABCDEF",
                                  mulai=datetime.datetime(2026, 11, 20, 7, 30))
    [a] = aduan(puskesmas)
    with database:
        Pengaduan.update(catatan=c.id, pegawai=puskesmas["petugas"].id).where(Pengaduan.id == a.id).execute()
    awal = segar(a)
    auth.login("kapus")
    h = Halaman(client.get(f"/pengaduan/{a.id}"))
    assert "Pendaftaran pasien (ABCDEF)" in h.teks("main") and "Dewi Lestari" in h.teks("main")
    assert [el.get("value") for el in h.pilih("input[name=status]")] == ["ditindaklanjuti", "selesai"]
    jam.setel("2026-11-20T14:00")
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "ditindaklanjuti", "jawaban": "Kami tambah loket pagi.",
                                             "version": "1"}, token_from="/")
    assert r.status_code == 303
    b = segar(a)
    assert (b["status"], b["jawaban"], b["version"]) == ("ditindaklanjuti", "Kami tambah loket pagi.", 2)
    assert b["dijawab_pada"] == datetime.datetime(2026, 11, 20, 14) and b["selesai_pada"] is None
    berubah = ("status", "jawaban", "version", "dijawab_pada")
    assert {k: v for k, v in b.items() if k not in berubah} == {k: v for k, v in awal.items() if k not in berubah}
    h = Halaman(client.get(f"/pengaduan/{a.id}"))
    assert [el.get("value") for el in h.pilih("input[name=status]")] == ["selesai"]
    assert h.isian("jawaban").value == "Kami tambah loket pagi."
    jam.setel("2026-11-22T09:00")
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "selesai", "jawaban": "Loket pagi dibuka sejak 21 November.",
                                             "version": "2"}, token_from="/")
    assert r.status_code == 303
    b = segar(a)
    assert b["status"] == "selesai" and b["dijawab_pada"] == datetime.datetime(2026, 11, 20, 14)
    assert b["selesai_pada"] == datetime.datetime(2026, 11, 22, 9)
    with database:
        aksi = [(r.aksi, r.aktor_id) for r in Riwayat.select().where(
            (Riwayat.objek == "pengaduan") & (Riwayat.objek_id == a.id)).order_by(Riwayat.id)]
    assert aksi == [("dijawab", puskesmas["kapus"].id)] * 2
    h = Halaman(client.get(f"/pengaduan/{a.id}"))
    assert not h.ada_tombol("Kirim jawaban") and "Riwayat" in h.teks("main")
    # Closed: nothing more to answer.
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "selesai", "jawaban": "lagi", "version": "3"}, token_from="/")
    assert r.status_code == 409 and "sudah selesai" in Halaman(r).teks_galat()
    assert segar(a)["jawaban"] == "Loket pagi dibuka sejak 21 November."


BURUK = [
    ({"status": "", "jawaban": "Baik"}, 422, "Pilih status: ditindaklanjuti atau selesai."),
    ({"status": "diterima", "jawaban": "Baik"}, 422, "Pilih status: ditindaklanjuti atau selesai."),
    ({"status": "hapus", "jawaban": "Baik"}, 422, "Pilih status: ditindaklanjuti atau selesai."),
    ({"status": "selesai", "jawaban": "  "}, 422, "Jawaban untuk warga wajib diisi."),
    ({"status": "selesai", "jawaban": "x" * 2001}, 422, "Jawaban paling banyak 2000 karakter."),
]


@pytest.mark.parametrize("data,status,pesan", BURUK)
def test_jawaban_buruk_ditolak_tanpa_menulis(client, auth, puskesmas, data, status, pesan):
    [a] = aduan(puskesmas)
    sebelum = segar(a)
    auth.login("kapus")
    r = kirim(client, f"/pengaduan/{a.id}", dict(data, version="1"), token_from="/")
    assert r.status_code == status
    h = Halaman(r)
    assert pesan in h.teks_galat()
    assert h.isian("jawaban").value == data["jawaban"][:2000] or len(data["jawaban"]) > 2000
    assert segar(a) == sebelum
    with database:
        assert Riwayat.select().where(Riwayat.objek == "pengaduan").count() == 0


def test_langkah_tidak_boleh(client, auth, puskesmas):
    [a] = aduan(puskesmas, status="ditindaklanjuti")
    auth.login("kapus")
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "ditindaklanjuti", "jawaban": "lagi", "version": "1"},
              token_from="/")
    assert r.status_code == 422
    assert "tidak dapat diubah menjadi ditindaklanjuti" in Halaman(r).teks_galat()
    assert segar(a)["jawaban"] == ""


def test_jawaban_basi_409_kedua_versi(client, auth, puskesmas):
    [a] = aduan(puskesmas)
    auth.login("kapus")
    assert kirim(client, f"/pengaduan/{a.id}", {"status": "ditindaklanjuti", "jawaban": "Versi pertama",
                                                 "version": "1"}, token_from="/").status_code == 303
    auth.logout()
    auth.login("superadmin")
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "selesai", "jawaban": "Versi lain", "version": "1"},
              token_from="/")
    assert r.status_code == 409
    h = Halaman(r)
    assert "Versi pertama" in h.baris("Jawaban untuk warga").text_content()
    assert "Versi lain" in h.baris("Jawaban untuk warga").text_content()
    assert segar(a)["jawaban"] == "Versi pertama"


def test_daftar_terbuka_dulu_terlama_dulu_dan_saring(client, auth, puskesmas):
    a = aduan(puskesmas, 3)
    with database:
        Pengaduan.update(status="selesai").where(Pengaduan.id == a[0].id).execute()
    auth.login("kapus")
    h = Halaman(client.get(f"/unit/{puskesmas['unit'].id}/pengaduan"))
    tiket = [el.text_content() for el in h.pilih("main ul.daftar > li > a")]
    assert tiket == [a[1].tiket_tampil, a[2].tiket_tampil, a[0].tiket_tampil]
    h = Halaman(client.get(f"/unit/{puskesmas['unit'].id}/pengaduan?status=selesai"))
    assert [el.text_content() for el in h.pilih("main ul.daftar > li > a")] == [a[0].tiket_tampil]
    assert client.get(f"/unit/{puskesmas['unit'].id}/pengaduan?status=x").status_code == 400


def test_kueri_daftar_pengaduan_tetap(client, auth, puskesmas):
    auth.login("kapus")
    aduan(puskesmas, 3)
    url = f"/unit/{puskesmas['unit'].id}/pengaduan"
    client.get(url)
    with hitung_kueri() as sedikit:
        client.get(url)
    aduan(puskesmas, 27)
    with hitung_kueri() as banyak:
        h = Halaman(client.get(url))
    assert len(sedikit) == len(banyak) and h.satu("nav.halaman") is not None


# ---------------------------------------------------------------- voiding a survey response

@pytest.mark.parametrize("siapa,status", [("superadmin", 200), ("staf_dinkes", 200), ("kapus", 403),
                                          ("kadinkes", 403), ("petugas", 403), ("admin_disdik", 403)])
def test_batalkan_hanya_admin_lingkup(client, auth, puskesmas, siapa, status):
    jadikan_admin_dinkes(puskesmas["org"])
    r0 = respon(puskesmas)
    auth.login(siapa)
    assert client.get(f"/survei/{r0.id}/batalkan").status_code == status
    r = kirim(client, f"/survei/{r0.id}/batalkan", {"alasan": "Isian ganda"}, token_from="/")
    assert r.status_code == (303 if status == 200 else 403)
    with database:
        assert (ResponSurvei.get_by_id(r0.id).dibatalkan_pada is not None) is (status == 200)


def test_batalkan_tercatat_dan_sekali_saja(client, auth, puskesmas, jam):
    r0 = respon(puskesmas, komentar="Petugas ramah")
    jam.setel("2026-11-25T10:00")
    auth.login("superadmin")
    h = Halaman(client.get(f"/survei/{r0.id}/batalkan"))
    assert "Petugas ramah" in h.teks("main") and h.isian("alasan").label == "Alasan pembatalan"
    r = kirim(client, f"/survei/{r0.id}/batalkan", {"alasan": "Dikirim petugas sendiri"}, token_from="/")
    assert r.status_code == 303 and r.location.endswith(f"/unit/{puskesmas['unit'].id}/suara-warga")
    with database:
        b = ResponSurvei.get_by_id(r0.id)
        admin = puskesmas["org"]["pegawai"]["superadmin"].id
        assert (b.dibatalkan_pada, b.dibatalkan_oleh_id, b.alasan_batal) == (
            datetime.datetime(2026, 11, 25, 10), admin, "Dikirim petugas sendiri")
        catatan = Riwayat.get((Riwayat.objek == "responsurvei") & (Riwayat.objek_id == r0.id))
        assert (catatan.aksi, catatan.alasan) == ("dibatalkan", "Dikirim petugas sendiri")
    r = kirim(client, f"/survei/{r0.id}/batalkan", {"alasan": "Lagi"}, token_from="/")
    assert r.status_code == 409 and "sudah dibatalkan" in Halaman(r).teks_galat()
    assert client.get(f"/survei/{r0.id}/batalkan").status_code == 409
    with database:
        assert ResponSurvei.get_by_id(r0.id).alasan_batal == "Dikirim petugas sendiri"
        assert Riwayat.select().where(Riwayat.objek == "responsurvei").count() == 1


@pytest.mark.parametrize("alasan,pesan", [("", "Alasan pembatalan wajib diisi."),
                                          ("   ", "Alasan pembatalan wajib diisi."),
                                          ("x" * 501, "Alasan paling banyak 500 karakter.")])
def test_batalkan_tanpa_alasan_ditolak(client, auth, puskesmas, alasan, pesan):
    r0 = respon(puskesmas)
    auth.login("superadmin")
    r = kirim(client, f"/survei/{r0.id}/batalkan", {"alasan": alasan}, token_from="/")
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.isian("alasan").value == alasan
    with database:
        assert ResponSurvei.get_by_id(r0.id).dibatalkan_pada is None
        assert Riwayat.select().where(Riwayat.objek == "responsurvei").count() == 0


# ---------------------------------------------------------------- voiding a complaint

@pytest.mark.parametrize("siapa,status", [("superadmin", 200), ("staf_dinkes", 200), ("kapus", 403),
                                          ("kadinkes", 403), ("petugas", 403), ("admin_disdik", 403)])
def test_batalkan_pengaduan_hanya_admin_lingkup(client, auth, puskesmas, siapa, status):
    jadikan_admin_dinkes(puskesmas["org"])
    [a] = aduan(puskesmas)
    auth.login(siapa)
    assert client.get(f"/pengaduan/{a.id}/batalkan").status_code == status
    r = kirim(client, f"/pengaduan/{a.id}/batalkan", {"alasan": "Dibuat-buat"}, token_from="/")
    assert r.status_code == (303 if status == 200 else 403)
    assert (segar(a)["dibatalkan_pada"] is not None) is (status == 200)
    if status == 403:
        assert Halaman(client.get(f"/pengaduan/{a.id}")).pilih(f"a[href='/pengaduan/{a.id}/batalkan']") == []


def test_batalkan_pengaduan_tidak_dikenal_404(client, auth, puskesmas):
    auth.login("superadmin")
    assert client.get("/pengaduan/999999/batalkan").status_code == 404
    assert kirim(client, "/pengaduan/999999/batalkan", {"alasan": "x"}, token_from="/").status_code == 404


def test_batalkan_pengaduan_tercatat_tampil_dan_tak_dijawab(client, auth, puskesmas, jam):
    [a] = aduan(puskesmas, isi="Petugas meminta uang")
    jam.setel("2026-11-25T10:00")
    auth.login("superadmin")
    h = Halaman(client.get(f"/pengaduan/{a.id}"))
    [tautan] = h.pilih(f"a[href='/pengaduan/{a.id}/batalkan']")
    h = Halaman(client.get(f"/pengaduan/{a.id}/batalkan"))
    assert "Petugas meminta uang" in h.teks("main") and h.isian("alasan").label == "Alasan pembatalan"
    r = kirim(client, f"/pengaduan/{a.id}/batalkan", {"alasan": "Dibuat-buat dengan kode slip"}, token_from="/")
    assert r.status_code == 303 and r.location.endswith(f"/pengaduan/{a.id}")
    b = segar(a)
    admin = puskesmas["org"]["pegawai"]["superadmin"].id
    assert (b["dibatalkan_pada"], b["dibatalkan_oleh"], b["alasan_batal"], b["status"]) == (
        datetime.datetime(2026, 11, 25, 10), admin, "Dibuat-buat dengan kode slip", "diterima")
    with database:
        catatan = Riwayat.get((Riwayat.objek == "pengaduan") & (Riwayat.objek_id == a.id))
        assert (catatan.aksi, catatan.alasan) == ("dibatalkan", "Dibuat-buat dengan kode slip")
    h = Halaman(client.get(f"/pengaduan/{a.id}"))
    assert "Dibatalkan" in h.teks("main") and "Dibuat-buat dengan kode slip" in h.teks("main")
    assert not h.ada_tombol("Kirim jawaban") and not h.pilih(f"a[href='/pengaduan/{a.id}/batalkan']")
    h = Halaman(client.get(f"/unit/{puskesmas['unit'].id}/pengaduan"))
    assert "Dibatalkan" in h.teks("main") and "Dibuat-buat dengan kode slip" in h.teks("main")
    # Voided: answered no more, voided once.
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "selesai", "jawaban": "x", "version": str(b["version"])},
              token_from="/")
    assert r.status_code == 409 and "sudah dibatalkan" in Halaman(r).teks_galat()
    assert (segar(a)["status"], segar(a)["jawaban"]) == ("diterima", "")
    r = kirim(client, f"/pengaduan/{a.id}/batalkan", {"alasan": "Lagi"}, token_from="/")
    assert r.status_code == 409 and "sudah dibatalkan" in Halaman(r).teks_galat()
    assert client.get(f"/pengaduan/{a.id}/batalkan").status_code == 409
    assert segar(a)["alasan_batal"] == "Dibuat-buat dengan kode slip"
    with database:
        assert Riwayat.select().where(Riwayat.objek == "pengaduan").count() == 1


def test_jawaban_dari_form_lama_setelah_dibatalkan_409(client, auth, puskesmas):
    [a] = aduan(puskesmas)
    auth.login("kapus")
    client.get(f"/pengaduan/{a.id}")  # the form opened at version 1
    with database:
        from kinerja.warga.tindak import batalkan_pengaduan
        batalkan_pengaduan(puskesmas["org"]["pegawai"]["superadmin"], Pengaduan.get_by_id(a.id), "Dibuat-buat")
    r = kirim(client, f"/pengaduan/{a.id}", {"status": "selesai", "jawaban": "Sudah", "version": "1"}, token_from="/")
    assert r.status_code == 409 and segar(a)["status"] == "diterima"


@pytest.mark.parametrize("alasan,pesan", [("", "Alasan pembatalan wajib diisi."),
                                          ("   ", "Alasan pembatalan wajib diisi."),
                                          ("x" * 501, "Alasan paling banyak 500 karakter.")])
def test_batalkan_pengaduan_tanpa_alasan_ditolak(client, auth, puskesmas, alasan, pesan):
    [a] = aduan(puskesmas)
    auth.login("superadmin")
    r = kirim(client, f"/pengaduan/{a.id}/batalkan", {"alasan": alasan}, token_from="/")
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.isian("alasan").value == alasan
    assert segar(a)["dibatalkan_pada"] is None
    with database:
        assert Riwayat.select().where(Riwayat.objek == "pengaduan").count() == 0


def test_batalkan_pengaduan_keluar_dari_angka_dan_umpan(client, auth, puskesmas):
    from kinerja.warga.ukuran import pengaduan_unit, umpan_warga
    p = puskesmas
    with database:
        c = CatatanLayanan.create(unit=p["unit"].id, layanan=p["layanan"]["daftar"].id, pegawai=p["petugas"].id,
                                  kode=buat_kode(), mulai=datetime.datetime(2026, 11, 20, 8),
                                  selesai=datetime.datetime(2026, 11, 20, 8, 10), hasil="selesai", standar_menit=15)
    [a, b] = aduan(p, 2)
    with database:
        Pengaduan.update(catatan=c.id, pegawai=p["petugas"].id).where(Pengaduan.id == a.id).execute()
    awal, akhir = datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)
    with database:
        assert pengaduan_unit(p["unit"].id, awal, akhir).diterima == 2
        assert [x["isi"] for x in umpan_warga(p["petugas"].id, awal, akhir).pengaduan] == ["Antrean lama sekali (0)"]
    auth.login("superadmin")
    r = kirim(client, f"/pengaduan/{a.id}/batalkan", {"alasan": "Dibuat-buat terhadap petugas"}, token_from="/")
    assert r.status_code == 303
    with database:
        assert pengaduan_unit(p["unit"].id, awal, akhir).diterima == 1
        assert umpan_warga(p["petugas"].id, awal, akhir).pengaduan == []


def test_pemantau_tidak_membatalkan_pengaduan(client, auth, puskesmas):
    org = puskesmas["org"]
    with database:
        Pegawai.update(peran="pemantau", admin_unit=org["unit"]["dinkes"].id).where(
            Pegawai.id == org["pegawai"]["staf"].id).execute()
    [a] = aduan(puskesmas)
    auth.login("staf")
    assert client.get(f"/pengaduan/{a.id}/batalkan").status_code == 403
    r = kirim(client, f"/pengaduan/{a.id}/batalkan", {"alasan": "x"}, token_from="/")
    assert r.status_code == 403 and segar(a)["dibatalkan_pada"] is None
    assert not Halaman(client.get(f"/pengaduan/{a.id}")).pilih(f"a[href='/pengaduan/{a.id}/batalkan']")


def test_kepala_unit_diingatkan_pengaduan_yang_belum_dijawab(client, auth, puskesmas):
    [a, b] = aduan(puskesmas, n=2)
    with database:
        Pengaduan.update(status="ditindaklanjuti", jawaban="Sedang dicek").where(Pengaduan.id == a.id).execute()
    auth.login("kapus")
    h = Halaman(client.get("/"))
    [tautan] = [x for x in h.pilih("a") if "belum dijawab" in teks_dari(x)]
    assert teks_dari(tautan) == "1 pengaduan belum dijawab"
    assert tautan.get("href") == f"/unit/{puskesmas['unit'].id}/pengaduan?status=diterima"
    with database:  # voided: nothing waits any more
        Pengaduan.update(dibatalkan_pada=datetime.datetime(2026, 11, 28, 9, 0)).where(Pengaduan.id == b.id).execute()
    assert "belum dijawab" not in Halaman(client.get("/")).teks()
    auth.logout()
    auth.login("petugas")  # not the head: no reminder
    assert "belum dijawab" not in Halaman(client.get("/")).teks()
