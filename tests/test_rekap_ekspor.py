"""Rekap files (?unduh=csv|xlsx): the same rows as the page for the same
filters; CSV in UTF-8 with BOM, comma or (?pemisah=titik-koma) semicolon;
XLSX with typed cells, a frozen header and the NIP as text."""
import csv
import datetime
import io

from openpyxl import load_workbook

from kinerja.db import database
from kinerja.penilaian.models import Pembinaan
from kinerja.rekap import ANGKA
from tests.conftest import NIP
from tests.halaman import Halaman, teks_dari
from kinerja.rekap import tabel_rekap as tabel_def
from tests.test_rekap import kota, masuk, orang, tabel_rekap  # noqa: F401 (kota: fixture)


def baca_csv(r):
    data = r.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    teks = data.decode("utf-8-sig")
    pemisah = ";" if teks.splitlines()[0].count(";") > teks.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(teks), delimiter=pemisah)), pemisah


def baca_xlsx(r):
    wb = load_workbook(io.BytesIO(r.get_data()))
    return wb.worksheets[0]


def test_csv_rekap_sama_dengan_halaman(app, kota, org):
    c = masuk(app, "admin_disdik")
    h = Halaman(c.get("/rekap?periode=2026&nomor=3"))
    r = c.get("/rekap?periode=2026&nomor=3&unduh=csv")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"].startswith("attachment; filename=rekap-angka-disdik-2026-3.csv")
    baris, pemisah = baca_csv(r)
    assert pemisah == ","
    kepala = baris[0]
    assert kepala[:2] == ["Unit", "Kode unit"] and kepala[2:-2] == list(ANGKA.values())
    assert kepala[-2:] == ["% SKP disetujui dari pegawai", "% sudah dinilai dari SKP disetujui"]
    isi = {b[0]: dict(zip(kepala, b)) for b in baris[1:]}
    assert list(isi) == ["Dinas Pendidikan (pegawai langsung di unit ini)", "Bidang Pembinaan SD", "Jumlah"]
    nama_halaman = {"Langsung di Dinas Pendidikan": "Dinas Pendidikan (pegawai langsung di unit ini)",
                    "Bidang Pembinaan SD": "Bidang Pembinaan SD", "Jumlah": "Jumlah"}
    # Every cell of every table on the page is in the file, under its full label.
    for kunci in ("skp", "kinerja", "predikat", "tindak"):
        tabel = h.satu(f'section[aria-labelledby="judul-{kunci}"] table')
        kolom = [a.get("href") for a in tabel.xpath(".//td/a")]
        assert kolom  # (the page links its numbers)
        for nama, sel in tabel_rekap(h, kunci).items():
            tb = next(t for t in tabel_def("Triwulan III", 2026) if t.kunci == kunci)
            for (k, _), nilai in zip(tb.kolom, sel):
                assert isi[nama_halaman[nama]][ANGKA[k]] == nilai, (kunci, nama, k)
            if kunci in ("skp", "kinerja"):  # and the share the page draws as a bar
                judul = kepala[-2] if kunci == "skp" else kepala[-1]
                assert isi[nama_halaman[nama]][judul] + "%" == sel[-1], (kunci, nama)


def test_csv_titik_koma_untuk_excel_indonesia(app, kota):
    r = masuk(app, "superadmin").get("/rekap?unduh=csv&pemisah=titik-koma")
    baris, pemisah = baca_csv(r)
    assert pemisah == ";" and baris[0][0] == "Unit" and baris[-1][0] == "Jumlah"


def test_xlsx_rekap_bertipe_dan_kepala_beku(app, kota):
    c = masuk(app, "superadmin")
    r = c.get("/rekap?unduh=xlsx")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    ws = baca_xlsx(r)
    assert ws.freeze_panes == "A2"
    baris = list(ws.iter_rows(values_only=True))
    assert baris[0][:3] == ("Unit", "Kode unit", "Pegawai aktif")
    jumlah = baris[-1]
    assert jumlah[0] == "Jumlah" and jumlah[2] == 9 and isinstance(jumlah[2], int)
    assert [b[0] for b in baris[1:-1]] == ["Badan Kepegawaian dan Pengembangan SDM", "Dinas Kesehatan",
                                           "Dinas Pendidikan"]


def test_xlsx_daftar_nip_teks_dan_tanggal(app, kota, org):
    c = masuk(app, "superadmin")
    url = f"/rekap/unit/{org['unit']['disdik'].id}/daftar?jenis=pembinaan_berjalan"
    h = Halaman(c.get(url))
    ws = baca_xlsx(c.get(url + "&unduh=xlsx"))
    baris = list(ws.iter_rows())
    kepala = [s.value for s in baris[0]]
    assert kepala[:4] == ["NIP", "Nama", "Jabatan", "Unit"] and "Target" in kepala
    nip = baris[1][0]
    assert nip.value == NIP["kasi"] and nip.data_type == "s" and nip.number_format == "@"
    target = baris[1][kepala.index("Target")]
    assert target.value == datetime.datetime(2026, 11, 1) and target.is_date
    assert len(baris) - 1 == int(teks_dari(h.pilih("main > p strong")[0])) == 1


def test_daftar_berkas_memuat_semua_baris_halaman(app, kota, org):
    """A list of several pages: the file holds every row, in the page's order."""
    with database:
        for i in range(30):
            orang(org["unit"]["bidang_sd"], f"Guru {i:02d}", org["pegawai"]["kasi"])
    c = masuk(app, "kabid")
    url = f"/rekap/unit/{org['unit']['bidang_sd'].id}/daftar?jenis=pegawai&periode=2026&nomor=3"
    nama_halaman = []
    for hal in (1, 2):
        h = Halaman(c.get(url + f"&hal={hal}"))
        nama_halaman += [b[0].split(" NIP")[0] for b in h.tabel("table.daftar-rekap")[1:]]
    baris, _ = baca_csv(c.get(url + "&unduh=csv"))
    assert baris[0][:7] == ["NIP", "Nama", "Jabatan", "Unit", "Status SKP", "Evaluasi Triwulan III",
                            "Predikat Triwulan III"]
    assert [b[1] for b in baris[1:]] == nama_halaman and len(nama_halaman) == 34
    staf = next(b for b in baris if b[1] == "Rina Marpaung")
    assert staf[0] == NIP["staf"] and staf[4] == "Disetujui" and staf[5] == "Menunggu penilaian"


def test_berkas_menunggu_dan_pelatihan(app, kota, org):
    c = masuk(app, "superadmin")
    baris, _ = baca_csv(c.get(f"/rekap/unit/{org['unit']['disdik'].id}/daftar?jenis=menunggu&unduh=csv"))
    assert baris[0][-1] == "Menunggu sejak"
    assert [b[1] for b in baris[1:]] == ["Rina Marpaung", "Nurhayati, S.Pd"]  # as the page: oldest first
    assert baris[1][-1] == "2026-10-05 09:00" and baris[2][-1].startswith("2026-11-28 ")  # approved today
    baris, _ = baca_csv(c.get("/rekap?unduh=csv&tabel=pelatihan"))
    assert baris[0] == ["Pelatihan atau penugasan", "Unit", "Jumlah rencana"]
    assert [(b[0].lower(), b[1], b[2]) for b in baris[1:]] == [("pelatihan penulisan laporan", "Dinas Pendidikan", "2")]


def test_teks_seperti_rumus_tidak_dijalankan_spreadsheet(app, kota, org):
    """A typed "=..." (a name, a training) stays text: never a formula."""
    with database:
        Pembinaan.update(pelatihan='=HYPERLINK("http://contoh.invalid","klik")').execute()
    c = masuk(app, "superadmin")
    url = f"/rekap/unit/{org['unit']['disdik'].id}/daftar?jenis=pelatihan"
    baris, _ = baca_csv(c.get(url + "&unduh=csv"))
    assert baris[1][-1] == '\'=HYPERLINK("http://contoh.invalid","klik")'
    ws = baca_xlsx(c.get(url + "&unduh=xlsx"))
    sel = list(ws.iter_rows())[1][-1]
    assert sel.value == '=HYPERLINK("http://contoh.invalid","klik")' and sel.data_type == "s"


def test_kebutuhan_pelatihan_banyak_halaman_20_berkas_semua(app, kota, org):
    with database:
        contoh = Pembinaan.get()
        for i in range(24):
            Pembinaan.create(evaluasi=contoh.evaluasi, jenis="bimbingan", rencana="Rencana", pelatihan=f"Kursus {i:02d}",
                             target_tanggal=contoh.target_tanggal, pembuat=contoh.pembuat)
    c = masuk(app, "superadmin")
    h = Halaman(c.get("/rekap"))
    assert len(h.tabel("#judul-pelatihan ~ div table")) == 21  # header + 20
    assert "Ditampilkan 20 kebutuhan terbanyak dari 25; semuanya ada di unduhan." in h.teks()
    baris, _ = baca_csv(c.get("/rekap?unduh=csv&tabel=pelatihan"))
    assert len(baris) == 26 and baris[1][0].lower() == "pelatihan penulisan laporan"
