"""Citizens' voice on the rating page (issue 16, section 5): the citizen
feedback in the "Berorientasi Pelayanan" row, this pegawai's only and
never a contact, for the period or the whole year, read with a fixed
number of stored queries."""
import pytest

from kinerja.db import database
from kinerja.warga.models import Pengaduan
from tests.conftest import hitung_kueri, teks
from tests.halaman import Halaman
from tests.test_warga_evaluasi import (KONTAK, _catat, _respon, _waktu,  # noqa: F401 (fixtures)
                                       berjalan_petugas, skp_petugas)


@pytest.fixture
def umpan(berjalan_petugas):
    """Feedback in Triwulan III on the petugas's and on petugas2's services,
    and one comment on the petugas in Triwulan IV."""
    s = berjalan_petugas
    with database:
        c1 = _catat(s, s["petugas"], "2026-08-03T09:00")
        c2 = _catat(s, s["petugas"], "2026-08-04T09:00")
        c3 = _catat(s, s["petugas2"], "2026-08-05T09:00")
        c4 = _catat(s, s["petugas"], "2026-10-05T09:00")
        _respon(s, c1, [3, 3, 3, 3, 3, 4, 4, 3, 3], komentar="Petugasnya ramah <b>sekali</b>")
        _respon(s, c2, [3, 3, 3, 3, 3, 3, 2, 3, 3])
        _respon(s, c3, [1] * 9, komentar="Petugas kedua membentak")
        _respon(s, c4, [4] * 9, komentar="Triwulan empat cepat")
        Pengaduan.create(unit=s["unit"], catatan=c2, pegawai=s["petugas"], isi="Berkas saya hilang di loket",
                         kontak=KONTAK, tiket="AAAAAAAAD2", status="selesai", jawaban="Berkas ditemukan dan diserahkan",
                         dibuat=_waktu("2026-08-06T10:00"))
        Pengaduan.create(unit=s["unit"], catatan=c3, pegawai=s["petugas2"], isi="Dibentak petugas lain",
                         kontak="0813-0000-1111", tiket="AAAAAAAAD3", dibuat=_waktu("2026-08-06T11:00"))
    return s


def test_halaman_nilai_menampilkan_suara_warga_pegawai_ini_saja(client, auth, umpan):
    auth.login("kapus")
    r = client.get(f"/penilaian/skp/{umpan['skp'].id}/3")
    assert r.status_code == 200
    h = Halaman(r)
    blok = h.teks("#nilai-berorientasi_pelayanan #suara-warga")
    assert "bukan nilai otomatis" in blok
    assert "dari 2 responden" in blok
    assert "Kompetensi pelaksana: 3,50" in blok and "Perilaku pelaksana: 3,00" in blok
    assert "Petugasnya ramah <b>sekali</b>" in blok  # escaped text, not markup
    assert "Berkas saya hilang di loket" in blok and "Selesai" in blok and "Berkas ditemukan dan diserahkan" in blok
    html = teks(r)
    assert "<b>sekali</b>" not in html
    for lain in ("Petugas kedua membentak", "Dibentak petugas lain", "Triwulan empat cepat"):
        assert lain not in html
    assert KONTAK not in html and "0813-0000-1111" not in html
    assert len(h.pilih("#suara-warga")) == 1  # only in the Berorientasi Pelayanan row


def test_penilaian_tahunan_membaca_setahun(client, auth, umpan):
    auth.login("kapus")
    html = teks(client.get(f"/penilaian/skp/{umpan['skp'].id}/4"))
    assert "Triwulan empat cepat" in html and "Petugasnya ramah" in html and "dari 3 responden" in html
    assert KONTAK not in html


def test_tanpa_suara_warga_tidak_ada_blok_dan_kueri_tetap(client, auth, berjalan_petugas):
    auth.login("kapus")
    url = f"/penilaian/skp/{berjalan_petugas['skp'].id}/3"
    client.get(url)
    with hitung_kueri() as kosong:
        r = client.get(url)
    assert r.status_code == 200 and "suara-warga" not in teks(r)
    s = berjalan_petugas
    with database:
        for n in range(6):
            c = _catat(s, s["petugas"], f"2026-08-0{n + 1}T09:00")
            _respon(s, c, [3] * 9, komentar=f"Komentar {n}")
            Pengaduan.create(unit=s["unit"], catatan=c, pegawai=s["petugas"], isi=f"Aduan {n}",
                             kontak=KONTAK, tiket=f"AAAAAAAAE{n + 2}")
    with hitung_kueri() as ada:
        r = client.get(url)
    assert "Komentar 5" in teks(r) and "(5 terakhir)" in teks(r) and "Komentar 0" not in teks(r)
    assert len(ada) == len(kosong)


def test_halaman_nilai_hanya_untuk_penilai(client, auth, umpan):
    auth.login("petugas2")
    assert client.get(f"/penilaian/skp/{umpan['skp'].id}/3").status_code == 403
    auth.logout()
    auth.login("kapus")
    assert client.get("/penilaian/skp/999999/3").status_code == 404


def test_halaman_nilai_dengan_suara_warga_tanpa_kueri_dibangun(client, auth, umpan):
    """The rating page, citizen feedback, phrases and expectations included,
    reads only stored SQL on a repeat visit."""
    from tests.test_kueri_tersimpan import kueri_dibangun
    auth.login("kapus")
    url = f"/penilaian/skp/{umpan['skp'].id}/3"
    assert client.get(url).status_code == 200  # the first visit may create the period's rows
    with kueri_dibangun() as dibangun:
        r = client.get(url)
    assert r.status_code == 200 and "Petugasnya ramah" in Halaman(r).teks("#suara-warga")
    assert dibangun == []
