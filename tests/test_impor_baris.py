"""Import of pegawai: what the preview says of a bad row (every rule, all of
a row's problems at once, loops in the atasan chain inside the file and
with the people already there, a bad atasan row spreading to its reports),
and that the preview is checked again against the database when opened."""
import pytest

from kinerja.db import database
from kinerja.models import Pegawai
from tests.conftest import NIP, kirim
from tests.halaman import Halaman
from tests.test_impor import A, B, Baris, csv_bytes, galat_baris, pratinjau, ringkasan, unggah


def test_siklus_di_dalam_berkas(client, auth, org):
    auth.login("admin_disdik")
    rows = [[A, "Ali", "Kasi", "pengawas", "pns", "DISDIK", B],
            [B, "Badu", "Kasi", "pengawas", "pns", "DISDIK", A],
            ["199505052019031105", "Cici", "Staf", "pelaksana", "pns", "DISDIK", A]]
    h = pratinjau(client, unggah(client, csv_bytes(rows)))[1]
    assert "Rantai atasan berputar" in Baris(h, 2).teks and "Rantai atasan berputar" in Baris(h, 3).teks
    assert f"baris 2 (NIP {A}) → baris 3 (NIP {B}) → baris 2 (NIP {A})" in Baris(h, 2).teks
    assert "Atasan (NIP 198601012010011101) di baris 2 bergalat" in Baris(h, 4).teks
    assert "Terapkan" not in h.teks()


def test_siklus_dengan_rantai_yang_ada(client, auth, org):
    """kadis -> kabid -> kasi exists; making kasi the atasan of kadis loops.
    (The superadmin: the Disdik admin may not change the head of the dinas.)"""
    auth.login("superadmin")
    rows = [[NIP["kadis"], "Drs. Ahmad Siregar", "Kepala Dinas Pendidikan", "jpt", "pns", "DISDIK", NIP["kasi"]]]
    assert "Rantai atasan berputar" in " ".join(galat_baris(client, rows, 2).galat)


def test_siklus_diputar_di_berkas_yang_sah(client, auth, org):
    """Reversing kabid/kasi in one file is fine when the end state has no loop:
    the writer must order the updates so no intermediate state loops."""
    auth.login("admin_disdik")
    rows = [[NIP["kasi"], "Budi Santoso", "Kepala Bidang Pembinaan SD", "administrator", "pns",
             "DISDIK-SD", NIP["kadis"]],
            [NIP["kabid"], "Nurhayati, S.Pd", "Kepala Seksi Kurikulum SD", "pengawas", "pns",
             "DISDIK-SD", NIP["kasi"]]]
    bid, h = pratinjau(client, unggah(client, csv_bytes(rows)))
    assert "2 diperbarui" in ringkasan(h)
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    assert r.headers["Location"].endswith("/hasil")
    with database:
        kasi, kabid = (Pegawai.get(Pegawai.nip == NIP[k]) for k in ("kasi", "kabid"))
        assert kasi.atasan_id == org["pegawai"]["kadis"].id and kabid.atasan_id == kasi.id


def test_atasan_di_baris_bergalat_menular(client, auth, org):
    """Row 2 -> row 3 -> row 4 (bad unit): rows 3 and 2 fall too, whatever the order."""
    auth.login("admin_disdik")
    rows = [[A, "Ali", "Staf", "pelaksana", "pns", "DISDIK", B],
            [B, "Badu", "Kasi", "pengawas", "pns", "DISDIK", "199505052019031105"],
            ["199505052019031105", "Cici", "Kabid", "administrator", "pns", "ANTAH", NIP["kadis"]]]
    h = pratinjau(client, unggah(client, csv_bytes(rows)))[1]
    assert "Kode unit “ANTAH”" in Baris(h, 4).teks
    assert "Atasan (NIP 199505052019031105) di baris 4 bergalat" in Baris(h, 3).teks
    assert f"Atasan (NIP {B}) di baris 3 bergalat" in Baris(h, 2).teks
    assert ringkasan(h).startswith("0 baris valid")


@pytest.mark.parametrize("row,pesan", [
    ([A, "Ali", "Staf", "pelaksana", "pns", "DISDIK", "199909092020011999"],
     "Atasan dengan NIP 199909092020011999 tidak ditemukan"),
    ([A, "Ali", "Staf", "pelaksana", "pns", "DISDIK", A], "Pegawai tidak bisa menjadi atasan dirinya sendiri."),
    ([A, "", "Staf", "pelaksana", "pns", "DISDIK", ""], "Nama wajib diisi."),
    ([A, "Ali", "", "pelaksana", "pns", "DISDIK", ""], "Jabatan wajib diisi."),
    ([A, "Ali", "Staf", "", "pns", "DISDIK", ""], "Jenis jabatan wajib diisi."),
    ([A, "Ali", "Staf", "pelaksana", "pns", "", ""], "Kode unit wajib diisi."),
    ([A, "Ali", "Staf", "kepala", "pns", "DISDIK", ""], "Jenis jabatan “kepala” tidak dikenal"),
    ([A, "Ali", "Staf", "pelaksana", "honorer", "DISDIK", ""], "Jenis ASN “honorer” tidak dikenal"),
    (["199913012020011001", "Ali", "Staf", "pelaksana", "pns", "DISDIK", ""], "Tanggal lahir pada NIP"),
    ([A, "Ali", "Staf", "pelaksana", "pns", "DINKES", ""], "Unit Dinas Kesehatan (DINKES) di luar wewenang Anda."),
    ([NIP["staf_dinkes"], "Maya Sari", "Staf", "pelaksana", "pns", "DISDIK", ""],
     "NIP ini milik pegawai di unit di luar wewenang Anda"),
])
def test_galat_baris(client, auth, org, row, pesan):
    auth.login("admin_disdik")
    baris = galat_baris(client, [row], 2)
    assert pesan in " ".join(baris.galat) and baris.status == "Galat"


def test_semua_galat_satu_baris_disebut(client, auth, org):
    auth.login("admin_disdik")
    galat = galat_baris(client, [["123", "", "Staf", "kepala", "pns", "ANTAH", ""]], 2).galat
    for pesan in ("Nama wajib diisi.", "NIP harus 18 angka", "Jenis jabatan “kepala”", "Kode unit “ANTAH”"):
        assert [g for g in galat if pesan in g]


def test_atasan_nonaktif(client, auth, org):
    with database:
        Pegawai.update(aktif=False).where(Pegawai.nip == NIP["kasi"]).execute()
    auth.login("admin_disdik")
    baris = galat_baris(client, [[A, "Ali", "Staf", "pelaksana", "pns", "DISDIK", NIP["kasi"]]], 2)
    assert "sudah nonaktif" in " ".join(baris.galat)


def test_superadmin_boleh_dinkes_dan_pratinjau_dicek_ulang(client, auth, org):
    auth.login("superadmin")
    rows = [[A, "Ali", "Staf", "pelaksana", "pns", "DINKES", NIP["kadinkes"]]]
    bid, h = pratinjau(client, unggah(client, csv_bytes(rows)))
    assert Baris(h, 2).status == "Baru"
    with database:  # someone adds the same NIP in the meantime
        Pegawai.create(nip=A, nama="Ali Lain", jabatan="Staf", jenis_jabatan="pelaksana",
                       unit=org["unit"]["dinkes"])
    assert Baris(Halaman(client.get(f"/admin/impor/{bid}")), 2).status == "Diperbarui"
