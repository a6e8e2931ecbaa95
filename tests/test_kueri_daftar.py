"""The list pages run the same number of SQL queries for 2 rows as for 30
(no query per row, history included) and still show the rows: admin units,
unit and periode pages, import preview, SKP list and page, keberatan,
pembinaan, devices. (The admin pegawai list: tests/test_admin_pegawai.py;
realisasi and bukti: tests/test_realisasi.py.)"""
import datetime
import json

from kinerja.db import database
from kinerja.models import ImporBatch, Pegawai, Periode, Riwayat, Sesi
from kinerja.penilaian.models import CatatanPembinaan, Evaluasi, Keberatan, Pembinaan
from kinerja.skp.models import Iki, Rhk, Skp
from tests.conftest import _unit, hitung_kueri, teks


def sama_banyak(client, url, tambah):
    """Query counts of `url` with 2 rows, then with 30 rows; the HTML of the second."""
    tambah(0, 2)
    client.get(url)  # rows made on a first visit are made now
    with hitung_kueri() as sedikit:
        assert client.get(url).status_code == 200
    tambah(2, 30)
    with hitung_kueri() as banyak:
        r = client.get(url)
    assert r.status_code == 200
    assert len(banyak) == len(sedikit), "\n".join(s[:200] for s in banyak)
    return teks(r)


def _orang(i, unit, atasan=None):
    return Pegawai.create(nip=f"1990010120150{i:05d}", nama=f"Orang Uji {i:02d}", jabatan="Pelaksana",
                          jenis_jabatan="pelaksana", unit=unit, atasan=atasan, password_hash="x",
                          wajib_ganti_sandi=False)


def _riwayat(objek, dari, sampai, unit):
    """History rows on `objek`, each by a different actor."""
    with database:
        for i in range(dari, sampai):
            aktor = _orang(500 + i, unit)
            Riwayat.create(aktor=aktor, objek=type(objek).__name__.lower(), objek_id=objek.id,
                           aksi=f"diubah uji {i}", data=json.dumps({"nama": ["a", "b"]}))


def test_admin_daftar_unit(client, auth, org):
    u = org["unit"]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                _unit(f"Seksi Uji {i:02d}", f"UJI-{i}", "bidang", u["bidang_sd"])
    auth.login("admin_disdik")
    html = sama_banyak(client, "/admin/unit", tambah)
    assert "Seksi Uji 29" in html


def test_admin_detail_unit(client, auth, org):
    u = org["unit"]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                _unit(f"Seksi Uji {i:02d}", f"UJI-{i}", "bidang", u["bidang_sd"])
        _riwayat(u["bidang_sd"], dari, sampai, u["bidang_sd"])
    auth.login("admin_disdik")
    html = sama_banyak(client, f"/admin/unit/{u['bidang_sd'].id}", tambah)
    assert "Seksi Uji 29" in html and "Orang Uji 529" in html


def test_admin_daftar_periode(client, auth, org):
    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                Periode.create(tahun=2030 + i, mulai=f"{2030 + i}-01-01", selesai=f"{2030 + i}-12-31")
    auth.login("superadmin")
    html = sama_banyak(client, "/admin/periode", tambah)
    assert "2059" in html


def test_admin_detail_periode(client, auth, org):
    with database:
        periode = Periode.get(Periode.tahun == 2026)
    auth.login("superadmin")
    html = sama_banyak(client, f"/admin/periode/{periode.id}",
                       lambda a, b: _riwayat(periode, a, b, org["unit"]["bkpsdm"]))
    assert "Orang Uji 529" in html


def test_admin_detail_pegawai(client, auth, org):
    u, p = org["unit"], org["pegawai"]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                _orang(i, u["bidang_sd"], p["kasi"])
        _riwayat(p["kasi"], dari, sampai, u["bidang_sd"])
    auth.login("admin_disdik")
    html = sama_banyak(client, f"/admin/pegawai/{p['kasi'].id}", tambah)
    assert "Orang Uji 29" in html and "Orang Uji 529" in html


def test_admin_pratinjau_impor(client, auth, org):
    auth.login("admin_disdik")
    baris = []
    with database:
        batch = ImporBatch.create(pegawai=org["pegawai"]["admin_disdik"], nama_file="uji.csv", baris="[]")

    def tambah(dari, sampai):
        for i in range(dari, sampai):
            baris.append({"baris": i + 2, "nip": f"1990010120150{i:05d}", "nama": f"Orang Uji {i:02d}",
                          "jabatan": "Pelaksana", "jenis_jabatan": "pelaksana", "jenis_asn": "",
                          "kode_unit": ("DISDIK-SD", "DISDIK")[i % 2],
                          "nip_atasan": "197507072000121004" if i % 2 else ""})
        with database:
            ImporBatch.update(baris=json.dumps(baris)).where(ImporBatch.id == batch.id).execute()
    html = sama_banyak(client, f"/admin/impor/{batch.id}", tambah)
    assert "Orang Uji 29" in html


def test_skp_saya(client, auth, org):
    staf = org["pegawai"]["staf"]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                per = Periode.create(tahun=2030 + i, mulai=f"{2030 + i}-01-01", selesai=f"{2030 + i}-12-31")
                Skp.create(pegawai=staf, periode=per)
    auth.login("staf")
    html = sama_banyak(client, "/skp", tambah)
    assert "SKP 2059" in html


def test_halaman_skp(client, auth, org, berjalan):
    skp = berjalan["skp"]["staf"]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                rhk = Rhk.create(skp=skp.id, uraian=f"RHK uji {i:02d}", urutan=10 + i,
                                 rhk_atasan=berjalan["rhk"]["kasi"].id)
                Iki.create(rhk=rhk, indikator=f"IKI uji {i:02d}", target_min=3, satuan="dokumen")
        _riwayat(skp, dari, sampai, org["unit"]["bidang_sd"])
    auth.login("staf")
    html = sama_banyak(client, f"/skp/{skp.id}", tambah)
    assert "RHK uji 29" in html and "IKI uji 29" in html and "Orang Uji 529" in html


def test_keberatan_daftar(client, auth, org, berjalan):
    skp = berjalan["skp"]["staf"]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                ev = Evaluasi.create(skp=skp.id, nomor=10 + i, akhir=True, status="dinilai",
                                     rating_hasil="sesuai", rating_perilaku="sesuai", predikat="baik",
                                     final_pada=datetime.datetime(2026, 11, 20))
                Keberatan.create(evaluasi=ev, alasan=f"Alasan {i}", status=("diajukan", "diputuskan")[i % 2],
                                 keputusan=(None, "tetap")[i % 2],
                                 diputuskan_pada=(None, datetime.datetime(2026, 11, 25))[i % 2])
    auth.login("kabid")
    html = sama_banyak(client, "/keberatan", tambah)
    assert "Rina Marpaung" in html


def test_perangkat(client, auth, org):
    kasi = org["pegawai"]["kasi"]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                Sesi.create(pegawai=kasi, kunci=f"{i:064d}", alamat="10.0.0.1", perangkat=f"Ponsel {i}")
    auth.login("kasi")
    html = sama_banyak(client, "/akun/perangkat", tambah)
    assert "Ponsel 29" in html


def test_pembinaan(client, auth, org, berjalan):
    skp = berjalan["skp"]["staf"]
    with database:
        ev = Evaluasi.create(skp=skp.id, nomor=1, status="dinilai", rating_hasil="di_bawah",
                             rating_perilaku="sesuai", predikat="butuh_perbaikan",
                             penilai=org["pegawai"]["kasi"], final_pada=datetime.datetime(2026, 4, 5))

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                pb = Pembinaan.create(evaluasi=ev, jenis="bimbingan", rencana=f"Rencana uji {i:02d}",
                                      pembuat=org["pegawai"]["kasi"])
                CatatanPembinaan.create(pembinaan=pb, teks=f"Catatan uji {i:02d}",
                                        penulis=_orang(700 + i, org["unit"]["bidang_sd"]))
    auth.login("staf")
    html = sama_banyak(client, f"/penilaian/{ev.id}/pembinaan", tambah)
    assert "Rencana uji 29" in html and "Catatan uji 29" in html
