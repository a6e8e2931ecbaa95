"""Import of pegawai from CSV and XLSX: upload, preview, apply, refusals,
row problems and permissions. Asserts on the HTML a person sees and on what
the database holds afterwards."""
import csv
import io
import json
import re
import uuid
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from kinerja import impor
from kinerja.db import database
from kinerja.models import ImporBatch, Pegawai, Riwayat, Unit
from tests.conftest import NIP, kirim, teks

KOLOM = "nip,nama,jabatan,jenis_jabatan,jenis_asn,kode_unit,nip_atasan"

# The acceptance file: 10 rows (file rows 2..11), 3 of them bad.
NIP_KASI = "198601012010011101"
NIP_STAF = "199201012015012102"
SEPULUH = [
    [NIP_KASI, "Hendra Gunawan", "Kepala Seksi Sarana SD", "pengawas", "pns", "DISDIK-SD", NIP["kabid"]],
    [NIP_STAF, "Dewi Lestari", "Pengelola Sarana", "Pelaksana", "", "DISDIK-SD", NIP_KASI],
    ["19920101201501", "Nip Pendek", "Pengadministrasi Umum", "pelaksana", "pns", "DISDIK", ""],  # row 4
    ["199303032016011103", "Unit Salah", "Pengadministrasi Umum", "pelaksana", "pns", "DISPORA", ""],  # row 5
    [NIP_STAF, "Dewi Kembar", "Pengelola Sarana", "pelaksana", "pns", "DISDIK-SD", NIP_KASI],  # row 6
    ["19940404 201801 2 104", "Sri Wahyuni", "Guru Ahli Pertama", "fungsional", "pns", "DISDIK-SD", NIP_KASI],
    ["199505052019031105", "Andi Pratama", "Analis Kurikulum", "fungsional", "PNS", "DISDIK", NIP["kadis"]],
    ["199606062020122106", "Nur Aisyah", "Pengolah Data", "pelaksana", "pns", "DISDIK", NIP["kadis"]],
    ["199707072022212007", "Rahmat Hidayat", "Guru", "fungsional", "pppk", "DISDIK-SD", NIP_KASI],
    ["198808082012012108", "Yusuf Harahap", "Kepala Subbagian Umum", "pengawas", "pns", "DISDIK", NIP["kadis"]],
]


def csv_bytes(rows, header=KOLOM, sep=","):
    """A CSV file as Excel writes it (CRLF), UTF-8."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    w.writerow(header.split(","))
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows, header=KOLOM):
    """An XLSX file with one sheet: the header, then `rows`."""
    wb = Workbook()
    ws = wb.active
    ws.append(header.split(","))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def unggah(client, isi, nama="pegawai.csv", **kw):
    """Upload file bytes through the form, with CSRF and a submission_id."""
    return kirim(client, "/admin/impor", {"berkas": (io.BytesIO(isi), nama)},
                 token_from="/admin/impor", content_type="multipart/form-data", **kw)


def batch_id(response):
    m = re.fullmatch(r"/admin/impor/(\d+)", response.headers["Location"])
    assert m, response.headers["Location"]
    return int(m.group(1))


def jumlah():
    with database:
        return Pegawai.select().count(), ImporBatch.select().count()


def baris_html(html, nomor):
    """The preview's table row for file row `nomor`."""
    m = re.search(rf'<tr id="baris-{nomor}">(.*?)</tr>', html, re.S)
    assert m, f"row {nomor} missing from the preview"
    return m.group(1)


def pratinjau(client, response):
    """Follow an upload to its preview; returns (batch id, html)."""
    assert response.status_code == 303, teks(response)
    bid = batch_id(response)
    r = client.get(f"/admin/impor/{bid}")
    assert r.status_code == 200
    return bid, teks(r)


# ---------------------------------------------------------------- acceptance

@pytest.mark.parametrize("bentuk", ["csv", "xlsx"])
def test_sepuluh_baris_tiga_galat(client, auth, org, bentuk):
    auth.login("admin_disdik")
    isi = csv_bytes(SEPULUH) if bentuk == "csv" else xlsx_bytes(SEPULUH)
    nama = f"pegawai.{bentuk}"
    sebelum, _ = jumlah()
    r = unggah(client, isi, nama)
    assert jumlah() == (sebelum, 1)  # only the batch is stored
    bid, html = pratinjau(client, r)
    assert jumlah() == (sebelum, 1)  # viewing writes nothing

    assert "<strong>7</strong> baris valid: 7 baru, 0 diperbarui" in html
    assert "<strong>3</strong> baris bergalat" in html
    assert "Terapkan 7 baris yang valid" in html
    assert "NIP harus 18 angka (yang diisi 14 angka)." in baris_html(html, 4)
    assert "Kode unit “DISPORA” tidak ada di daftar unit kerja." in baris_html(html, 5)
    assert "NIP sama dengan baris 3." in baris_html(html, 6)
    for nomor in (4, 5, 6):
        assert ">Galat<" in baris_html(html, nomor)
    for nomor in (2, 3, 7, 8, 9, 10, 11):
        assert ">Baru<" in baris_html(html, nomor) and "<ul>" not in baris_html(html, nomor)
    assert "199404042018012104" in baris_html(html, 7)  # spaces removed from the NIP

    sid = str(uuid.uuid4())
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from=f"/admin/impor/{bid}", submission_id=sid)
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/impor/{bid}/hasil"
    html = teks(client.get(r.headers["Location"]))
    assert "7 pegawai dibuat, 0 diperbarui, 3 baris dilewati karena galat" in html
    assert "Dewi Lestari" in html and f'href="/admin/lembar-sandi?batch={bid}">Buat lembar kata sandi</a>' in html
    with database:
        assert Pegawai.select().count() == sebelum + 7
        kasi = Pegawai.get(Pegawai.nip == NIP_KASI)
        staf = Pegawai.get(Pegawai.nip == NIP_STAF)
        assert kasi.unit.kode == "DISDIK-SD" and kasi.atasan.nip == NIP["kabid"]
        assert staf.atasan_id == kasi.id and staf.nama == "Dewi Lestari"  # atasan from the same file
        assert staf.jenis_jabatan == "pelaksana" and staf.jenis_asn == "pns"
        assert Pegawai.get(Pegawai.nip == "199505052019031105").unit.kode == "DISDIK"
        assert Pegawai.get(Pegawai.nip == "199707072022212007").jenis_asn == "pppk"
        assert staf.password_hash is None and staf.wajib_ganti_sandi
        bergalat = ["Nip Pendek", "Unit Salah", "Dewi Kembar"]
        assert not Pegawai.select().where(Pegawai.nama.in_(bergalat)).exists()
        dibuat = Riwayat.select().where((Riwayat.objek == "pegawai") & (Riwayat.aksi == "dibuat"))
        assert dibuat.count() == 7
        assert all(r.aktor_id == org["pegawai"]["admin_disdik"].id for r in dibuat)
        batch = ImporBatch.get_by_id(bid)
        assert batch.diterapkan and json.loads(batch.hasil)["dibuat"] == 7

    # The same submit again, then a fresh one: nothing more is written.
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from=f"/admin/impor/{bid}/hasil", submission_id=sid)
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/impor/{bid}/hasil"
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from=f"/admin/impor/{bid}/hasil")
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/impor/{bid}/hasil"
    assert client.get(f"/admin/impor/{bid}").headers["Location"].endswith("/hasil")
    with database:
        assert Pegawai.select().count() == sebelum + 7
        assert Riwayat.select().where(Riwayat.aksi == "dibuat").count() == 7


def test_unggah_ulang_dengan_kunci_sama_tidak_membuat_batch_kedua(client, auth, org):
    auth.login("admin_disdik")
    sid = str(uuid.uuid4())
    r1 = unggah(client, csv_bytes(SEPULUH), submission_id=sid)
    r2 = unggah(client, csv_bytes(SEPULUH), submission_id=sid)
    assert r1.status_code == r2.status_code == 303
    assert r1.headers["Location"] == r2.headers["Location"]
    assert jumlah()[1] == 1


def test_impor_ulang_memperbarui_menurut_nip(client, auth, org):
    auth.login("admin_disdik")
    baris = [r for i, r in enumerate(SEPULUH) if i not in (2, 3, 4)]
    bid, _ = pratinjau(client, unggah(client, csv_bytes(baris)))
    kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    n, _ = jumlah()
    with database:
        versi = Pegawai.get(Pegawai.nip == NIP_STAF).version

    baris[1] = [NIP_STAF, "Dewi Lestari", "Pengelola Sarana dan Prasarana", "pelaksana", "", "DISDIK-SD", NIP_KASI]
    bid2, html = pratinjau(client, unggah(client, csv_bytes(baris, sep=";"), "ulang.csv"))
    assert "<strong>7</strong> baris valid: 0 baru, 1 diperbarui, 6 tidak berubah" in html
    assert ">Diperbarui<" in baris_html(html, 3) and ">Tidak berubah<" in baris_html(html, 2)
    assert "Berubah: jabatan<" in baris_html(html, 3)
    r = kirim(client, f"/admin/impor/{bid2}/terapkan", token_from="/admin/impor")
    html = teks(client.get(r.headers["Location"]))
    assert "0 pegawai dibuat, 1 diperbarui, 0 baris dilewati karena galat" in html
    with database:
        assert Pegawai.select().count() == n
        staf = Pegawai.get(Pegawai.nip == NIP_STAF)
        assert staf.jabatan == "Pengelola Sarana dan Prasarana" and staf.version == versi + 1
        ubah = Riwayat.get((Riwayat.objek_id == staf.id) & (Riwayat.aksi == "diubah"))
        assert ubah.perubahan == {"jabatan": ["Pengelola Sarana", "Pengelola Sarana dan Prasarana"]}


def test_pegawai_lama_dan_atasan_kosong_dipertahankan(client, auth, org):
    """Updating an existing pegawai with empty jenis_asn / nip_atasan keeps them."""
    auth.login("admin_disdik")
    rows = [[NIP["staf"], "Rina Marpaung", "Pranata Komputer", "fungsional", "", "DISDIK-SD", ""]]
    bid, html = pratinjau(client, unggah(client, csv_bytes(rows)))
    assert ">Diperbarui<" in baris_html(html, 2)
    kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    with database:
        staf = Pegawai.get(Pegawai.nip == NIP["staf"])
        assert staf.jabatan == "Pranata Komputer" and staf.atasan_id == org["pegawai"]["kasi"].id
        assert staf.password_hash  # the existing account is untouched


def test_bom_cp1252_tab_dan_kolom_tambahan(client, auth, org):
    auth.login("admin_disdik")
    header = " NIP \tNama\tJabatan\tJenis_Jabatan\tkode_unit\tcatatan"
    teks_csv = header + "\r\n199606062020122106\tNurul Hasanah Siregar\tPengolah Data\tPelaksana\tdisdik\tabaikan\r\n"
    bid, html = pratinjau(client, unggah(client, b"\xef\xbb\xbf" + teks_csv.encode()))
    assert ">Baru<" in baris_html(html, 2) and "Nurul Hasanah Siregar" in html
    isi = "nip;nama;jabatan;jenis_jabatan;kode_unit\n199606062020122106;Ren\xe9 Sitorus;Staf;pelaksana;DISDIK\n"
    bid, html = pratinjau(client, unggah(client, isi.encode("cp1252")))
    assert "René Sitorus" in html and ">Baru<" in baris_html(html, 2)


def xlsx_dengan_nip_bulat(rows, nip):
    """An XLSX whose NIP cell holds the exact integer, as some tools write it
    (openpyxl itself would write the float 1.99...e+17)."""
    asli = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in asli.infolist():
            data = asli.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A2" t="s">', b'<c r="A2" t="n">', 1)
                data = re.sub(rb'(<c r="A2" t="n"><v>)[^<]*(</v>)', rb"\g<1>" + nip.encode() + rb"\g<2>", data)
            z.writestr(info, data)
    return buf.getvalue()


def test_nip_angka_dari_excel(client, auth, org):
    auth.login("admin_disdik")
    rows = [[1.99606062020122e17, "Float Rusak", "Staf", "pelaksana", "pns", "DISDIK", ""]]
    html = pratinjau(client, unggah(client, xlsx_bytes(rows), "angka.xlsx"))[1]
    assert "NIP terbaca sebagai angka desimal (1.99606062020122e+17)" in baris_html(html, 2)
    assert "Format kolom nip sebagai Teks" in baris_html(html, 2)
    r = unggah(client, csv_bytes([["1,99606E+17", "Csv Rusak", "Staf", "pelaksana", "pns", "DISDIK", ""]]))
    assert "terbaca sebagai angka desimal" in pratinjau(client, r)[1]

    isi = xlsx_dengan_nip_bulat([[0, "Int Aman", "Staf", "pelaksana", "pns", "DISDIK", ""]], "199505052019031105")
    assert impor.baca_berkas(io.BytesIO(isi), 10**6, 10)[0]["nip"] == "199505052019031105"
    html = pratinjau(client, unggah(client, isi, "bulat.xlsx"))[1]
    assert ">Baru<" in baris_html(html, 2) and "199505052019031105" in html


# ---------------------------------------------------------------- row problems

def galat_baris(client, rows, nomor):
    """Upload `rows` and return the preview's row `nomor`."""
    return baris_html(pratinjau(client, unggah(client, csv_bytes(rows)))[1], nomor)


A, B = "198601012010011101", "199201012015012102"


def test_siklus_di_dalam_berkas(client, auth, org):
    auth.login("admin_disdik")
    rows = [[A, "Ali", "Kasi", "pengawas", "pns", "DISDIK", B],
            [B, "Badu", "Kasi", "pengawas", "pns", "DISDIK", A],
            ["199505052019031105", "Cici", "Staf", "pelaksana", "pns", "DISDIK", A]]
    html = pratinjau(client, unggah(client, csv_bytes(rows)))[1]
    assert "Rantai atasan berputar" in baris_html(html, 2) and "Rantai atasan berputar" in baris_html(html, 3)
    assert f"baris 2 (NIP {A}) → baris 3 (NIP {B}) → baris 2 (NIP {A})" in baris_html(html, 2)
    assert "Atasan (NIP 198601012010011101) di baris 2 bergalat" in baris_html(html, 4)
    assert "Terapkan" not in html


def test_siklus_dengan_rantai_yang_ada(client, auth, org):
    """kadis -> kabid -> kasi exists; making kasi the atasan of kadis loops."""
    auth.login("admin_disdik")
    rows = [[NIP["kadis"], "Drs. Ahmad Siregar", "Kepala Dinas Pendidikan", "jpt", "pns", "DISDIK", NIP["kasi"]]]
    assert "Rantai atasan berputar" in galat_baris(client, rows, 2)


def test_siklus_diputar_di_berkas_yang_sah(client, auth, org):
    """Reversing kabid/kasi in one file is fine when the end state has no loop:
    the writer must order the updates so no intermediate state loops."""
    auth.login("admin_disdik")
    rows = [[NIP["kasi"], "Budi Santoso", "Kepala Bidang Pembinaan SD", "administrator", "pns",
             "DISDIK-SD", NIP["kadis"]],
            [NIP["kabid"], "Nurhayati, S.Pd", "Kepala Seksi Kurikulum SD", "pengawas", "pns",
             "DISDIK-SD", NIP["kasi"]]]
    bid, html = pratinjau(client, unggah(client, csv_bytes(rows)))
    assert "2 diperbarui" in html
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
    html = pratinjau(client, unggah(client, csv_bytes(rows)))[1]
    assert "Kode unit “ANTAH”" in baris_html(html, 4)
    assert "Atasan (NIP 199505052019031105) di baris 4 bergalat" in baris_html(html, 3)
    assert f"Atasan (NIP {B}) di baris 3 bergalat" in baris_html(html, 2)
    assert "<strong>0</strong> baris valid" in html


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
    html = galat_baris(client, [row], 2)
    assert pesan in html and ">Galat<" in html


def test_semua_galat_satu_baris_disebut(client, auth, org):
    auth.login("admin_disdik")
    html = galat_baris(client, [["123", "", "Staf", "kepala", "pns", "ANTAH", ""]], 2)
    for pesan in ("Nama wajib diisi.", "NIP harus 18 angka", "Jenis jabatan “kepala”", "Kode unit “ANTAH”"):
        assert pesan in html


def test_atasan_nonaktif(client, auth, org):
    with database:
        Pegawai.update(aktif=False).where(Pegawai.nip == NIP["kasi"]).execute()
    auth.login("admin_disdik")
    html = galat_baris(client, [[A, "Ali", "Staf", "pelaksana", "pns", "DISDIK", NIP["kasi"]]], 2)
    assert "sudah nonaktif" in html


def test_superadmin_boleh_dinkes_dan_pratinjau_dicek_ulang(client, auth, org):
    auth.login("superadmin")
    rows = [[A, "Ali", "Staf", "pelaksana", "pns", "DINKES", NIP["kadinkes"]]]
    bid, html = pratinjau(client, unggah(client, csv_bytes(rows)))
    assert ">Baru<" in baris_html(html, 2)
    with database:  # someone adds the same NIP in the meantime
        Pegawai.create(nip=A, nama="Ali Lain", jabatan="Staf", jenis_jabatan="pelaksana",
                       unit=org["unit"]["dinkes"])
    html = teks(client.get(f"/admin/impor/{bid}"))
    assert ">Diperbarui<" in baris_html(html, 2)


# ---------------------------------------------------------------- permissions

def test_pegawai_biasa_403(client, auth, org):
    auth.login("staf")
    assert client.get("/admin/impor").status_code == 403
    assert client.get("/admin/impor/contoh.csv").status_code == 403


def test_batch_orang_lain_404(client, auth, org):
    with database:
        Pegawai.create(nip="198107072006041009", nama="Admin Dinkes", jabatan="Pengelola Kepegawaian",
                       jenis_jabatan="pelaksana", unit=org["unit"]["dinkes"], peran="admin",
                       admin_unit=org["unit"]["dinkes"], wajib_ganti_sandi=False,
                       password_hash=org["pegawai"]["staf"].password_hash)
    auth.login("admin_disdik")
    bid = batch_id(unggah(client, csv_bytes(SEPULUH)))
    auth.logout()
    auth.login("198107072006041009")
    n = jumlah()
    assert client.get(f"/admin/impor/{bid}").status_code == 404
    assert client.get(f"/admin/impor/{bid}/hasil").status_code == 404
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    assert r.status_code == 404
    assert jumlah() == n
    with database:
        assert ImporBatch.get_by_id(bid).diterapkan is None
    auth.logout()
    auth.login("superadmin")  # the superadmin may look at every batch
    assert client.get(f"/admin/impor/{bid}").status_code == 200


def test_csrf_hilang_400(client, auth, org):
    auth.login("admin_disdik")
    r = client.post("/admin/impor", data={"berkas": (io.BytesIO(csv_bytes(SEPULUH)), "a.csv"),
                                          "submission_id": str(uuid.uuid4())},
                    content_type="multipart/form-data")
    assert r.status_code == 400
    assert jumlah()[1] == 0


def test_belum_masuk_diarahkan_ke_login(client, org):
    r = client.get("/admin/impor")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


# ---------------------------------------------------------------- page and sample

def test_halaman_unggah(client, auth, org):
    auth.login("admin_disdik")
    html = teks(client.get("/admin/impor"))
    assert '<label for="berkas">Berkas CSV atau XLSX</label>' in html
    assert 'enctype="multipart/form-data"' in html and 'name="submission_id"' in html
    assert "/admin/impor/contoh.csv" in html and "/admin/impor/contoh.xlsx" in html
    assert re.search(r'<p hx-boost="false">Unduh contoh: <a href="/admin/impor/contoh.xlsx"', html)
    for kolom in KOLOM.split(","):
        assert f">{kolom}<" in html


def test_contoh_csv_dan_xlsx_sama_dan_bisa_diimpor(client, auth, org):
    auth.login("superadmin")
    r_csv = client.get("/admin/impor/contoh.csv")
    r_xlsx = client.get("/admin/impor/contoh.xlsx")
    assert r_csv.status_code == r_xlsx.status_code == 200
    assert "attachment" in r_csv.headers["Content-Disposition"]
    assert "attachment" in r_xlsx.headers["Content-Disposition"]
    dari_csv = impor.baca_berkas(io.BytesIO(r_csv.data), 10**6, 100)
    dari_xlsx = impor.baca_berkas(io.BytesIO(r_xlsx.data), 10**6, 100)
    assert dari_csv == dari_xlsx and len(dari_csv) == 5
    ws = load_workbook(io.BytesIO(r_xlsx.data)).active
    assert ws["A2"].number_format == "@" and isinstance(ws["A2"].value, str)

    bid, html = pratinjau(client, unggah(client, r_xlsx.data, "impor-pegawai.xlsx"))
    assert "<strong>5</strong> baris valid: 5 baru" in html
    kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    with database:
        dinkes = Unit.get(Unit.kode == "DINKES")
        baru = Pegawai.select().where(Pegawai.unit == dinkes, Pegawai.nama.contains("Irwan"))
        assert baru.get().atasan.nama == "dr. Lestari Simanjuntak"


def test_tidak_ada_baris_valid_tidak_bisa_diterapkan(client, auth, org):
    auth.login("admin_disdik")
    bid, html = pratinjau(client, unggah(client, csv_bytes([["1", "", "", "", "", "", ""]])))
    assert "Tidak ada baris valid untuk diterapkan." in html and "Terapkan" not in html
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    assert r.status_code == 422  # the preview again, with the reason on top
    assert "Impor belum diterapkan" in teks(r) and "Tidak ada baris valid untuk diterapkan." in teks(r)
    with database:
        assert ImporBatch.get_by_id(bid).diterapkan is None


def test_kueri_pratinjau_tetap(app, org):
    """Checking costs the same number of queries for 2 rows or 200 (no N+1)."""
    from kinerja.models import Pegawai as P

    def hitung(n):
        rows = [{"baris": i + 2, "catatan": {}, "nip": f"1990010120150{i:05d}"[:18], "nama": "X",
                 "jabatan": "Staf", "jenis_jabatan": "pelaksana", "jenis_asn": "pppk",
                 "kode_unit": "DISDIK", "nip_atasan": NIP["kadis"]} for i in range(n)]
        calls = []
        with database:
            aktor = P.get(P.nip == NIP["superadmin"])
            asli = database.obj.execute_sql
            database.obj.execute_sql = lambda *a, **k: calls.append(a) or asli(*a, **k)
            try:
                impor.periksa_baris(aktor, rows)
            finally:
                del database.obj.execute_sql
        return len(calls)
    assert hitung(2) == hitung(200)
