"""Import of pegawai from CSV and XLSX: upload, preview, apply, refusals and
permissions (what the preview says of bad rows: test_impor_baris). Asserts
on the HTML a person sees and on what the database holds afterwards."""
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
from tests.halaman import Halaman, teks_dari

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


class Baris:
    """The preview's table row for one file row, as shown."""

    def __init__(self, h, nomor):
        cocok = h.pilih(f"tr#baris-{nomor}")
        assert cocok, f"row {nomor} missing from the preview"
        tr = cocok[0]
        self.teks = teks_dari(tr)
        self.status = teks_dari(tr.cssselect("span.label")[0])
        self.galat = [teks_dari(li) for li in tr.cssselect("li")]
        self.catatan = [teks_dari(el) for el in tr.cssselect("small")]


def ringkasan(h):
    """The preview's summary box text ("7 baris valid: ...")."""
    return h.teks('[aria-label="Ringkasan"]')


def pratinjau(client, response):
    """Follow an upload to its preview; returns (batch id, Halaman)."""
    assert response.status_code == 303, teks(response)
    bid = batch_id(response)
    r = client.get(f"/admin/impor/{bid}")
    assert r.status_code == 200
    return bid, Halaman(r)


def galat_baris(client, rows, nomor):
    """Upload `rows` and return the preview's row `nomor`."""
    return Baris(pratinjau(client, unggah(client, csv_bytes(rows)))[1], nomor)


A, B = "198601012010011101", "199201012015012102"


# ---------------------------------------------------------------- acceptance

@pytest.mark.parametrize("bentuk", ["csv", "xlsx"])
def test_sepuluh_baris_tiga_galat(client, auth, org, bentuk):
    auth.login("admin_disdik")
    isi = csv_bytes(SEPULUH) if bentuk == "csv" else xlsx_bytes(SEPULUH)
    nama = f"pegawai.{bentuk}"
    sebelum, _ = jumlah()
    r = unggah(client, isi, nama)
    assert jumlah() == (sebelum, 1)  # only the batch is stored
    bid, h = pratinjau(client, r)
    assert jumlah() == (sebelum, 1)  # viewing writes nothing

    assert "7 baris valid: 7 baru, 0 diperbarui" in ringkasan(h)
    assert "3 baris bergalat" in ringkasan(h)
    h.tombol("Terapkan 7 baris yang valid")
    assert "NIP harus 18 angka (yang diisi 14 angka)." in Baris(h, 4).galat
    assert "Kode unit “DISPORA” tidak ada di daftar unit kerja." in Baris(h, 5).galat
    assert "NIP sama dengan baris 3." in Baris(h, 6).galat
    for nomor in (4, 5, 6):
        assert Baris(h, nomor).status == "Galat"
    for nomor in (2, 3, 7, 8, 9, 10, 11):
        assert Baris(h, nomor).status == "Baru" and Baris(h, nomor).galat == []
    assert "NIP 199404042018012104" in Baris(h, 7).catatan  # spaces removed from the NIP

    sid = str(uuid.uuid4())
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from=f"/admin/impor/{bid}", submission_id=sid)
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/impor/{bid}/hasil"
    h = Halaman(client.get(r.headers["Location"]))
    assert "7 pegawai dibuat, 0 diperbarui, 3 baris dilewati karena galat." in h.flash()
    assert h.baris("Dewi Lestari") is not None
    assert h.tautan("Buat lembar kata sandi").get("href") == f"/admin/lembar-sandi?batch={bid}"
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
    bid2, h = pratinjau(client, unggah(client, csv_bytes(baris, sep=";"), "ulang.csv"))
    assert "7 baris valid: 0 baru, 1 diperbarui, 6 tidak berubah" in ringkasan(h)
    assert Baris(h, 3).status == "Diperbarui" and Baris(h, 2).status == "Tidak berubah"
    assert "Berubah: jabatan" in Baris(h, 3).catatan
    r = kirim(client, f"/admin/impor/{bid2}/terapkan", token_from="/admin/impor")
    assert "0 pegawai dibuat, 1 diperbarui, 0 baris dilewati karena galat." in \
        Halaman(client.get(r.headers["Location"])).teks(".kilas")
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
    bid, h = pratinjau(client, unggah(client, csv_bytes(rows)))
    assert Baris(h, 2).status == "Diperbarui"
    kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    with database:
        staf = Pegawai.get(Pegawai.nip == NIP["staf"])
        assert staf.jabatan == "Pranata Komputer" and staf.atasan_id == org["pegawai"]["kasi"].id
        assert staf.password_hash  # the existing account is untouched


def test_bom_cp1252_tab_dan_kolom_tambahan(client, auth, org):
    auth.login("admin_disdik")
    header = " NIP \tNama\tJabatan\tJenis_Jabatan\tkode_unit\tcatatan"
    teks_csv = header + "\r\n199606062020122106\tNurul Hasanah Siregar\tPengolah Data\tPelaksana\tdisdik\tabaikan\r\n"
    bid, h = pratinjau(client, unggah(client, b"\xef\xbb\xbf" + teks_csv.encode()))
    assert Baris(h, 2).status == "Baru" and "Nurul Hasanah Siregar" in Baris(h, 2).teks
    isi = "nip;nama;jabatan;jenis_jabatan;kode_unit\n199606062020122106;Ren\xe9 Sitorus;Staf;pelaksana;DISDIK\n"
    bid, h = pratinjau(client, unggah(client, isi.encode("cp1252")))
    assert "René Sitorus" in Baris(h, 2).teks and Baris(h, 2).status == "Baru"


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
    galat = " ".join(Baris(pratinjau(client, unggah(client, xlsx_bytes(rows), "angka.xlsx"))[1], 2).galat)
    assert "NIP terbaca sebagai angka desimal (1.99606062020122e+17)" in galat
    assert "Format kolom nip sebagai Teks" in galat
    r = unggah(client, csv_bytes([["1,99606E+17", "Csv Rusak", "Staf", "pelaksana", "pns", "DISDIK", ""]]))
    assert "terbaca sebagai angka desimal" in " ".join(Baris(pratinjau(client, r)[1], 2).galat)

    isi = xlsx_dengan_nip_bulat([[0, "Int Aman", "Staf", "pelaksana", "pns", "DISDIK", ""]], "199505052019031105")
    assert impor.baca_berkas(io.BytesIO(isi), 10**6, 10)[0]["nip"] == "199505052019031105"
    baris = Baris(pratinjau(client, unggah(client, isi, "bulat.xlsx"))[1], 2)
    assert baris.status == "Baru" and "NIP 199505052019031105" in baris.catatan


# ---------------------------------------------------------------- permissions

def test_pratinjau_menolak_akun_pemantau_seperti_penerapan(client, auth, org):
    """The preview holds an account to the rule the apply's save holds it to
    (kepegawaian.lingkup_akun): the staf made pemantau of the Dinas Kesehatan
    reads outside the Disdik admin's scope, so the row changing her is refused
    in the preview, and the batch's other row is written, not rolled back."""
    p = org["pegawai"]
    with database:
        Pegawai.update(peran="pemantau", admin_unit=org["unit"]["dinkes"].id).where(
            Pegawai.id == p["staf"].id).execute()
    auth.login("admin_disdik")
    rows = [[NIP["staf"], "Rina Marpaung", "Pengelola Data", "pelaksana", "pns", "DISDIK-SD", NIP["kasi"]],
            [A, "Ali", "Staf", "pelaksana", "pns", "DISDIK", NIP["kadis"]]]
    bid, h = pratinjau(client, unggah(client, csv_bytes(rows)))
    assert Baris(h, 2).status == "Galat"
    assert "wewenangnya sama dengan atau lebih luas dari wewenang Anda" in " ".join(Baris(h, 2).galat)
    assert Baris(h, 3).status == "Baru"
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    assert r.status_code == 303
    assert "1 pegawai dibuat, 0 diperbarui, 1 baris dilewati karena galat." in \
        Halaman(client.get(r.headers["Location"])).teks(".kilas")
    with database:
        assert Pegawai.get_by_id(p["staf"].id).jabatan == "Pengolah Data Pendidikan"
        assert Pegawai.select().where(Pegawai.nip == A).exists()


def test_kepala_dinas_hanya_diubah_superadmin_baris_sama_tetap_sah(client, auth, org):
    """The kadis heads the Dinas Pendidikan: he reads as much as its admin, so
    the admin may not change him; a row that leaves him as he is writes
    nothing and stays valid (the dinas's own file lists its head)."""
    auth.login("admin_disdik")
    sama = [NIP["kadis"], "Drs. Ahmad Siregar", "Kepala Dinas Pendidikan", "jpt", "pns", "DISDIK", ""]
    assert galat_baris(client, [sama], 2).status == "Tidak berubah"
    ubah = [NIP["kadis"], "Drs. Ahmad Siregar, M.Pd", "Kepala Dinas Pendidikan", "jpt", "pns", "DISDIK", ""]
    baris = galat_baris(client, [ubah], 2)
    assert baris.status == "Galat" and "Hubungi superadmin" in " ".join(baris.galat)
    auth.logout()
    auth.login("superadmin")
    assert galat_baris(client, [ubah], 2).status == "Diperbarui"


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
    h = Halaman(client.get("/admin/impor"))
    berkas = h.isian("berkas")
    assert berkas.label == "Berkas CSV atau XLSX" and berkas.jenis == "file"
    form = next(berkas.el.iterancestors("form"))
    assert form.get("enctype") == "multipart/form-data" and form.cssselect('[name="submission_id"]')
    # Downloads are plain links (a boosted link would swap the file into the page).
    for contoh in ("/admin/impor/contoh.csv", "/admin/impor/contoh.xlsx"):
        tautan = h.tautan_ke(contoh)
        assert len(tautan) == 1
        assert [el for el in tautan[0].iterancestors() if el.get("hx-boost") == "false"]
    assert [baris[0] for baris in h.tabel("[aria-labelledby=kolom-judul] table")[1:]] == KOLOM.split(",")


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

    bid, h = pratinjau(client, unggah(client, r_xlsx.data, "impor-pegawai.xlsx"))
    assert "5 baris valid: 5 baru" in ringkasan(h)
    kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    with database:
        dinkes = Unit.get(Unit.kode == "DINKES")
        baru = Pegawai.select().where(Pegawai.unit == dinkes, Pegawai.nama.contains("Irwan"))
        assert baru.get().atasan.nama == "dr. Lestari Simanjuntak"


def test_tidak_ada_baris_valid_tidak_bisa_diterapkan(client, auth, org):
    auth.login("admin_disdik")
    bid, h = pratinjau(client, unggah(client, csv_bytes([["1", "", "", "", "", "", ""]])))
    assert "Tidak ada baris valid untuk diterapkan." in h.teks() and "Terapkan" not in h.teks()
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from="/admin/impor")
    assert r.status_code == 422  # the preview again, with the reason on top
    h = Halaman(r)
    assert "Impor belum diterapkan" in h.teks() and "Tidak ada baris valid untuk diterapkan." in h.teks()
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


def _baris_tabel_pegawai():
    """How many pegawai rows the query planner's statistics know of."""
    if database.obj.__class__.__name__.startswith("Sqlite"):
        baris = database.execute_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'pegawai'").fetchone()
        return int(baris[0].split()[0]) if baris else 0
    return database.execute_sql("SELECT reltuples FROM pg_class WHERE relname = 'pegawai'").fetchone()[0]


def test_impor_besar_memperbarui_statistik_perencana(client, auth, org):
    """A batch of many rows changes the table's size at once: the planner's
    statistics are refreshed right after it (on PostgreSQL, old ones made a
    team of 500's queue query take seconds until autovacuum ran)."""
    auth.login("admin_disdik")
    rows = [[f"19960606202012{1 + i % 2}{300 + i:03d}", f"Pegawai Impor {i}", "Pengadministrasi Umum",
             "pelaksana", "pns", "DISDIK", NIP["kadis"]] for i in range(impor.STATISTIK_SETELAH)]
    bid, _ = pratinjau(client, unggah(client, csv_bytes(rows)))
    with database:
        sebelum = _baris_tabel_pegawai()
    r = kirim(client, f"/admin/impor/{bid}/terapkan", token_from=f"/admin/impor/{bid}")
    assert r.status_code == 303
    with database:
        assert Pegawai.select().count() == len(org["pegawai"]) + impor.STATISTIK_SETELAH
        assert sebelum < impor.STATISTIK_SETELAH <= _baris_tabel_pegawai()
