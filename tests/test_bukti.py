"""Bukti dukung over HTTP: accepted files stored once by content, refused
uploads store nothing, links validated, downloads only for those who may see
the SKP, deletion keeps a file shared with another bukti."""
import io
import os
import uuid
import zipfile

import pytest

from tests.conftest import kirim, teks
from tests.halaman import Halaman, teks_dari
from kinerja.db import database
from kinerja.models import Riwayat
from kinerja.penilaian.layanan import ambil_evaluasi, simpan_evaluasi_diri
from kinerja.penilaian.models import Berkas, Bukti, Realisasi
from kinerja.skp.models import Iki, Skp

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ooxml(jenis_isi, bagian):
    """A minimal OOXML package: [Content_Types].xml naming the main part."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'content-types"><Override PartName="/{bagian}" ContentType="{jenis_isi}"/></Types>')
        z.writestr(bagian, "<x/>")
    return buf.getvalue()


DOCX = ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
             "word/document.xml")
XLSX = ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml")
DOCM = ooxml("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml")


def zip_biasa():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("laporan.txt", "isi")
    return buf.getvalue()


@pytest.fixture
def staf(berjalan, auth):
    auth.login("staf")
    skp = berjalan["skp"]["staf"]
    with database:
        skp.iki = Iki.get(Iki.rhk == berjalan["rhk"]["staf"].id)
    return skp


def url_unggah(skp, nomor=4):
    return f"/skp/{skp.id}/kinerja/{nomor}/iki/{skp.iki.id}/bukti"


def unggah(client, skp, data, nama, jenis=None, nomor=4, **kw):
    berkas = (io.BytesIO(data), nama, jenis) if jenis else (io.BytesIO(data), nama)
    return kirim(client, url_unggah(skp, nomor), {"berkas": berkas}, token_from="/skp", **kw)


def file_tersimpan(app):
    out = []
    for akar, _, nama in os.walk(app.config["UPLOAD_DIR"]):
        out += [os.path.join(akar, n) for n in nama]
    return out


def jumlah():
    with database:
        return Berkas.select().count(), Bukti.select().count(), Realisasi.select().count()


@pytest.mark.parametrize("data,nama,jenis,mime", [
    (PDF, "Laporan Oktober.pdf", "application/pdf", "application/pdf"),
    (JPEG, "foto kegiatan.JPG", "image/jpeg", "image/jpeg"),
    (PNG, "tangkapan.png", "image/png", "image/png"),
    (DOCX, "notulen.docx", WORD, WORD),
    (XLSX, "rekap.xlsx", EXCEL, EXCEL),
    (PDF, "tanpa-akhiran", "application/octet-stream", "application/pdf"),
])
def test_berkas_diterima_disimpan_dan_bisa_diunduh(app, client, staf, data, nama, jenis, mime):
    r = unggah(client, staf, data, nama, jenis)
    assert r.status_code == 303 and r.location.endswith(f"#realisasi-{staf.iki.id}")
    with database:
        b = Bukti.select().get()
        assert b.berkas.mime == mime and b.berkas.ukuran == len(data) and b.tautan is None
        assert b.realisasi.nomor == 4 and b.realisasi.nilai_angka is None
        sha = b.berkas.sha256
    path = os.path.join(app.config["UPLOAD_DIR"], "bukti", sha[:2], sha[2:4], sha)
    assert file_tersimpan(app) == [path] and open(path, "rb").read() == data
    assert not path.startswith(app.static_folder)
    halaman = Halaman(client.get(f"/skp/{staf.id}/kinerja/4"))
    shown = nama if "." in nama else nama + ".pdf"
    assert [teks_dari(a) for a in halaman.tautan_ke(f"/bukti/{b.id}")] == [shown]
    dl = client.get(f"/bukti/{b.id}")
    assert dl.status_code == 200 and dl.data == data and dl.mimetype == mime
    assert dl.headers["Content-Disposition"].startswith("attachment;")
    assert dl.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in dl.headers["Cache-Control"] and "public" not in dl.headers["Cache-Control"]
    assert "sandbox" in dl.headers["Content-Security-Policy"]
    with database:
        assert Riwayat.select().where(Riwayat.aksi == "Bukti dukung Triwulan IV-Akhir diunggah").count() == 1


@pytest.mark.parametrize("data,nama,jenis,status,pesan", [
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "laporan.pdf", "application/pdf", 422,
     "Isi berkas ini adalah program Windows"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "laporan.pdf", "application/pdf", 422, "adalah program"),
    (b"", "kosong.pdf", "application/pdf", 422, "Berkas kosong (0 byte)."),
    (PDF, "../x.pdf", "application/pdf", 422, "Nama berkas tidak boleh memuat folder"),
    (PDF, "a/b.pdf", "application/pdf", 422, "Nama berkas tidak boleh memuat folder"),
    (PDF, "C:\\x.pdf", "application/pdf", 422, "Nama berkas tidak boleh memuat folder"),
    (PDF, "laporan.pdf", "text/html", 415,
     "Jenis berkas yang dikirim peramban (text/html) tidak sama dengan isinya (PDF)"),
    (JPEG, "foto.png", "image/png", 415, "tidak sama dengan isinya (JPEG)"),
    (PNG, "foto.jpg", "application/octet-stream", 415, "Nama berkas berakhiran .jpg, tetapi isinya PNG"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "laporan.pdf", "application/pdf", 422,
     "halaman web (HTML/XML)"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "gambar.png", "image/png", 422,
     "gambar SVG"),
    (zip_biasa(), "laporan.pdf", "application/pdf", 422, "arsip ZIP"),
    (DOCM, "makro.docx", WORD, 422, "bermakro"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "lama.doc", "application/msword", 422,
     "dokumen Office versi lama"),
    (b"Ini hanya teks biasa", "catatan.pdf", "application/pdf", 422, "Isi berkas tidak dikenali"),
])
def test_unggahan_ditolak_dan_tidak_ada_yang_tersimpan(app, client, staf, data, nama, jenis, status, pesan):
    r = unggah(client, staf, data, nama, jenis)
    assert r.status_code == status, teks(r)[:3000]
    h = Halaman(r)
    assert pesan in h.teks()
    assert jumlah() == (0, 0, 0)
    assert file_tersimpan(app) == []
    assert h.satu("details.tambah-bukti").get("open") is not None  # the box stays open at the message


def test_berkas_melebihi_batas_ditolak(app, client, staf):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    r = unggah(client, staf, PDF + b"0" * 1100, "besar.pdf", "application/pdf")
    assert r.status_code == 413 and "Berkas lebih besar dari batas 1 KB" in Halaman(r).teks()
    assert jumlah() == (0, 0, 0) and file_tersimpan(app) == []
    r = unggah(client, staf, PDF + b"0" * (1024 - len(PDF)), "pas.pdf", "application/pdf")
    assert r.status_code == 303  # exactly at the limit is fine


def test_tanpa_berkas_ditolak(client, staf):
    r = kirim(client, url_unggah(staf), {}, token_from="/skp")
    assert r.status_code == 422 and "Pilih berkas yang akan diunggah." in Halaman(r).teks()
    assert jumlah() == (0, 0, 0)


def test_berkas_sama_disimpan_sekali_dan_dihapus_bersama_bukti_terakhir(app, client, staf):
    assert unggah(client, staf, PDF, "satu.pdf").status_code == 303
    assert unggah(client, staf, PDF, "dua.pdf").status_code == 303
    with database:
        assert Berkas.select().count() == 1 and Bukti.select().count() == 2
        satu, dua = list(Bukti.select().order_by(Bukti.id))
        assert satu.berkas_id == dua.berkas_id
    assert len(file_tersimpan(app)) == 1
    # Confirm, then delete: the file stays while the other bukti uses it.
    url = f"/skp/{staf.id}/kinerja/4/bukti/{satu.id}/hapus"
    html = Halaman(client.get(url)).teks()
    assert "Hapus bukti dukung “satu.pdf”?" in html and "Ya, hapus" in html
    r = kirim(client, url, {}, token_from="/skp")
    assert r.status_code == 303
    with database:
        assert Bukti.select().count() == 1 and Berkas.select().count() == 1
        assert Riwayat.select().where(Riwayat.aksi == "Bukti dukung Triwulan IV-Akhir dihapus").count() == 1
    assert len(file_tersimpan(app)) == 1 and client.get(f"/bukti/{dua.id}").data == PDF
    r = kirim(client, f"/skp/{staf.id}/kinerja/4/bukti/{dua.id}/hapus", {}, token_from="/skp")
    assert r.status_code == 303
    assert jumlah()[:2] == (0, 0) and file_tersimpan(app) == []
    assert client.get(f"/bukti/{dua.id}").status_code == 404


def test_unggah_ulang_dengan_kunci_sama_tidak_menggandakan(client, staf):
    kunci = str(uuid.uuid4())
    a = unggah(client, staf, PDF, "satu.pdf", submission_id=kunci)
    b = unggah(client, staf, PDF, "satu.pdf", submission_id=kunci)
    assert a.status_code == b.status_code == 303 and a.location == b.location
    assert jumlah()[:2] == (1, 1)


def test_tidak_ada_berkas_sementara_tertinggal(app, client, staf):
    unggah(client, staf, JPEG, "a.jpg")
    assert not [p for p in file_tersimpan(app) if ".unggah-" in p]


@pytest.mark.parametrize("siapa,status", [
    ("kasi", 200), ("kabid", 200), ("admin_disdik", 200), ("superadmin", 200),
    ("staf_dinkes", 404), ("kadinkes", 404),
])
def test_unduh_hanya_untuk_yang_boleh_melihat_skp(client, auth, staf, siapa, status):
    unggah(client, staf, PDF, "rahasia.pdf")
    with database:
        b = Bukti.select().get()
    auth.logout()
    auth.login(siapa)
    r = client.get(f"/bukti/{b.id}")
    assert r.status_code == status
    assert (r.data == PDF) == (status == 200)


def test_unduh_tanpa_login_ke_halaman_masuk_dan_id_asing_404(client, auth, staf):
    unggah(client, staf, PDF, "a.pdf")
    with database:
        b = Bukti.select().get()
    assert client.get("/bukti/99999").status_code == 404
    auth.logout()
    r = client.get(f"/bukti/{b.id}")
    assert r.status_code in (302, 303) and "/login" in r.location


def test_berkas_hilang_dari_penyimpanan_dijelaskan(app, client, staf):
    unggah(client, staf, PDF, "a.pdf")
    for p in file_tersimpan(app):
        os.unlink(p)
    with database:
        b = Bukti.select().get()
    r = client.get(f"/bukti/{b.id}")
    assert r.status_code == 404 and "tidak ditemukan di penyimpanan" in Halaman(r).teks()


@pytest.mark.parametrize("tautan,pesan", [
    ("javascript:alert(1)", "Tautan harus diawali http:// atau https://"),
    ("JaVaScRiPt:alert(document.cookie)", "Tautan harus diawali http:// atau https://"),
    ("data:text/html,<script>alert(1)</script>", "Tautan harus diawali http:// atau https://"),
    ("ftp://arsip.example.go.id/laporan.pdf", "Tautan harus diawali http:// atau https://"),
    ("//example.com/x", "Tautan harus diawali http:// atau https://"),
    ("http://", "Tautan harus diawali http:// atau https://"),
    ("https://user:sandi@example.com/", "tidak boleh memuat nama pengguna atau kata sandi"),
    ("https://example.com/a b", "Tautan tidak valid"),
    ("", "Tautan wajib diisi"),
])
def test_tautan_diperiksa(client, staf, tautan, pesan):
    r = kirim(client, f"/skp/{staf.id}/kinerja/4/iki/{staf.iki.id}/tautan",
              {"tautan": tautan, "judul": "Judul"}, token_from="/skp")
    assert r.status_code == 422 and pesan in Halaman(r).teks()
    assert jumlah() == (0, 0, 0)


def test_tautan_sah_ditambah_dan_judul_di_escape(client, staf):
    r = kirim(client, f"/skp/{staf.id}/kinerja/4/iki/{staf.iki.id}/tautan",
              {"tautan": "https://drive.example.go.id/laporan?id=1&b=2", "judul": "<b>Laporan</b>"},
              token_from="/skp")
    assert r.status_code == 303
    h = Halaman(client.get(f"/skp/{staf.id}/kinerja/4"))
    tautan = h.tautan_ke("https://drive.example.go.id/laporan?id=1&b=2")
    assert [teks_dari(a) for a in tautan] == ["<b>Laporan</b>"] and not h.pilih("b")  # shown as text
    assert tautan[0].get("rel") == "noopener noreferrer nofollow"
    with database:
        assert Bukti.select().get().berkas_id is None


def test_orang_lain_tidak_bisa_mengunggah(client, auth, staf):
    auth.logout()
    auth.login("kasi")  # the penilai sees the SKP but does not fill it
    r = unggah(client, staf, PDF, "a.pdf")
    assert r.status_code == 403
    auth.logout()
    auth.login("staf_dinkes")
    assert unggah(client, staf, PDF, "a.pdf").status_code == 403
    assert jumlah() == (0, 0, 0)


def test_bukti_skp_lain_atau_periode_lain_404(client, staf):
    unggah(client, staf, PDF, "a.pdf")
    with database:
        b = Bukti.select().get()
    assert client.get(f"/skp/{staf.id}/kinerja/3/bukti/{b.id}/hapus").status_code == 404
    assert client.get(f"/skp/{staf.id}/kinerja/4/iki/99999/bukti").status_code == 404  # the bukti page
    assert unggah(client, staf, PDF, "a.pdf", nomor=9).status_code == 404


def test_unggah_dan_hapus_ditolak_setelah_evaluasi_diri_diajukan(app, client, org, staf):
    unggah(client, staf, PDF, "a.pdf")
    with database:
        skp = Skp.get_by_id(staf.id)
        ev = ambil_evaluasi(skp, 4)
        rhk = staf.iki.rhk_id
        simpan_evaluasi_diri(org["pegawai"]["staf"], skp, ev, {f"penilaian_diri_{rhk}": "sesuai"},
                             ev.version, ajukan=True)
        b = Bukti.select().get()
    sebelum = jumlah(), file_tersimpan(app)
    r = unggah(client, staf, JPEG, "b.jpg")
    assert r.status_code == 409 and "sudah diajukan" in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/kinerja/4/bukti/{b.id}/hapus", {}, token_from="/skp")
    assert r.status_code == 409 and "sudah diajukan" in Halaman(r).teks()
    assert (jumlah(), file_tersimpan(app)) == sebelum
    html = Halaman(client.get(f"/skp/{staf.id}/kinerja/4")).teks()
    assert "Tambah bukti dukung" not in html and "a.pdf" in html


def test_paling_banyak_20_bukti_per_iki(app, client, org, staf):
    with database:
        real = Realisasi.create(iki=staf.iki.id, nomor=4)
        for n in range(20):
            Bukti.create(realisasi=real, nama=f"t{n}", tautan="https://example.com/",
                         pengunggah=org["pegawai"]["staf"].id)
    r = unggah(client, staf, PDF, "ke21.pdf")
    assert r.status_code == 422 and "Paling banyak 20 bukti dukung per IKI." in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/kinerja/4/iki/{staf.iki.id}/tautan", {"tautan": "https://a.example/"},
              token_from="/skp")
    assert r.status_code == 422 and "Paling banyak 20 bukti dukung per IKI." in Halaman(r).teks()
    assert jumlah() == (0, 20, 1) and file_tersimpan(app) == []


def test_tautan_salah_tetap_terisi_di_formulir(client, staf):
    r = kirim(client, f"/skp/{staf.id}/kinerja/4/iki/{staf.iki.id}/tautan",
              {"tautan": "javascript:alert(1)", "judul": "Laporan saya"}, token_from="/skp")
    h = Halaman(r)
    assert r.status_code == 422
    assert h.isian("tautan").value == "javascript:alert(1)" and h.isian("judul").value == "Laporan saya"
    assert not [a for a in h.pilih("a") if a.get("href", "").startswith("javascript:")]


def test_dokumen_office_rusak_ditolak_bukan_500(app, client, staf):
    """A DOCX whose [Content_Types].xml has a garbled deflate stream."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "wordprocessingml.document.main+xml " * 200)
        z.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buf.getvalue())
    awal = data.find(b"[Content_Types].xml") + len("[Content_Types].xml")
    for i in range(awal + 5, awal + 40):
        data[i] ^= 0x5A
    r = unggah(client, staf, bytes(data), "laporan.docx")
    assert r.status_code == 422 and "Berkas rusak" in Halaman(r).teks()
    assert jumlah() == (0, 0, 0) and file_tersimpan(app) == []
