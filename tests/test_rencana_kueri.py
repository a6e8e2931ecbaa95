"""The heaviest queries of the main pages use indexes: on a database with a
city's worth of rows and fresh statistics (kinerja.db.perbarui_statistik, as
after migrations and at server start), SQLite's EXPLAIN QUERY PLAN of every SELECT a page runs
shows no full scan of a big table (and no index built on the fly for one).

The SQL is captured as the pages issue it (statement and parameters), so the
test follows the code when the queries change. SQLite only: PostgreSQL's
EXPLAIN says other things in other words.
"""
import datetime
import re

import pytest
from peewee import SqliteDatabase, fn

from kinerja.db import catat_kueri, database, perbarui_statistik
from kinerja.models import Pegawai, Periode, Riwayat, Unit
from kinerja.penilaian.models import Bukti, Evaluasi, Pembinaan, Realisasi
from kinerja.skp.models import Iki, Rhk, Skp

# Tables that grow with the number of pegawai and with every year. A full
# scan of one of these is what makes a page slow in a city of 5,000 pegawai.
# unit, periode, pengaturan and predikat_unit stay small; keberatan holds
# rows only for objections. Pembinaan grows by a tenth of the city a year,
# and the header counts it on every page.
TABEL_BESAR = {"pegawai", "skp", "rhk", "iki", "perilaku", "ekspektasi_tim", "realisasi", "bukti",
               "berkas", "evaluasi", "evaluasi_rhk", "evaluasi_perilaku", "frasa_umpan_balik",
               "pembinaan", "catatan_pembinaan", "riwayat", "sesi", "pengajuan", "gagal_masuk", "impor_batch"}

N_OPD, N_BIDANG, N_SEKSI, N_STAF = 16, 4, 3, 10  # 16 x (1 + 4 x (1 + 3 x (1 + 10))) = 2,192 pegawai
N_TIM_KASI = 40  # the kasi of the test organisation leads a team this big


@pytest.fixture(autouse=True)
def _hanya_sqlite(app):
    """Skip on PostgreSQL (the plans there are read with another EXPLAIN)."""
    if not isinstance(database.obj, SqliteDatabase):
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans are read differently")


def _sisip(model, baris):
    """Insert many rows (dicts of field values, the model's defaults for the
    rest) fast: one prepared INSERT run for every row, where Peewee would
    build the SQL of each batch anew."""
    fields = [f for f in model._meta.sorted_fields if f.name in baris[0] or f.default is not None]

    def nilai(f, r):
        v = r[f.name] if f.name in r else (f.default() if callable(f.default) else f.default)
        return f.db_value(v)
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        model._meta.table_name, ", ".join(f'"{f.column_name}"' for f in fields), ", ".join("?" * len(fields)))
    database.cursor().executemany(sql, [tuple(nilai(f, r) for f in fields) for r in baris])


def _kota(org, berjalan):
    """A synthetic city around the test organisation: OPD > bidang > seksi >
    staf, SKPs for 2025 (closed, rated for the year) and 2026 (running, three
    quarters rated, the fourth open or submitted) with RHK, IKI, realisasi,
    bukti, coaching plans, history, and a kasi with a big team waiting to be
    rated."""
    u, p = org["unit"], org["pegawai"]
    waktu = datetime.datetime(2026, 11, 20, 9, 0)
    with database.connection_context():
        with database.atomic():
            n = _isi_kota(u, p, berjalan, waktu)
        perbarui_statistik()  # as after migrations and at server start
    return n


def _isi_kota(u, p, berjalan, waktu):
    """The rows of `_kota`, inserted in bulk; returns the number of new pegawai."""
    lalu = Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="ditutup")
    kini = berjalan["periode"]
    nomor = iter(range(10_000, 100_000))
    id_baru = iter(range(Pegawai.select(fn.MAX(Pegawai.id)).scalar() + 1, 10**9))
    pegawai, baris = [], []  # (id, atasan id); the rows to insert, each atasan before its team

    def orang(unit, atasan, jenis):
        i, pid = next(nomor), next(id_baru)
        baris.append({"id": pid, "nip": f"3{i:017d}", "nama": f"Pegawai Sintetis {i}",
                      "jabatan": f"Jabatan {jenis}", "jenis_jabatan": jenis, "jenis_asn": "pns", "unit": unit,
                      "atasan": atasan, "aktif": True, "peran": "pegawai", "password_hash": "x",
                      "wajib_ganti_sandi": False, "login_token": f"token-{i}", "version": 1, "dibuat": waktu})
        pegawai.append((pid, atasan))
        return pid

    def unit(nama, induk):
        baru = Unit.create(nama=nama, kode=f"S{next(nomor)}", jenis="bidang", parent=induk)
        baru.path = f"{induk.path}{baru.id}/"
        baru.save()
        return baru

    for o in range(N_OPD):
        # Two OPD-sized subtrees inside Disdik, the scope of admin_disdik.
        opd = unit(f"OPD Sintetis {o}", u["disdik"] if o < 2 else u["pemkot"])
        kepala = orang(opd.id, None, "jpt")
        for b in range(N_BIDANG):
            bidang = unit(f"Bidang {o}.{b}", opd)
            kabid = orang(bidang.id, kepala, "administrator")
            for s in range(N_SEKSI):
                kasi = orang(bidang.id, kabid, "pengawas")
                for _ in range(N_STAF):
                    orang(bidang.id, kasi, "pelaksana")
    tim_kasi = [orang(u["bidang_sd"].id, p["kasi"].id, "pelaksana") for _ in range(N_TIM_KASI)]
    _sisip(Pegawai, baris)
    atasan_dari = dict(pegawai)

    skp = []
    for periode in (lalu, kini):
        for pid, atasan in pegawai:
            skp.append({"pegawai": pid, "periode": periode.id, "status": "disetujui", "penilai": atasan,
                        "atasan_penilai": atasan_dari.get(atasan, p["kabid"].id if atasan == p["kasi"].id
                                                          else None),
                        "pegawai_jenis_jabatan": "pelaksana", "dibuat": waktu})
    _sisip(Skp, skp)
    skp_id = {(s.pegawai_id, s.periode_id): s.id for s in Skp.select(Skp.id, Skp.pegawai, Skp.periode)}

    rhk = [{"skp": skp_id[(pid, kini.id)], "uraian": f"RHK {pid}.{k}", "urutan": k, "dibuat": waktu}
           for pid, _ in pegawai for k in range(2)]
    _sisip(Rhk, rhk)
    rhk_id = [r.id for r in Rhk.select(Rhk.id).where(Rhk.uraian.startswith("RHK "))]
    _sisip(Iki, [{"rhk": r, "indikator": f"IKI {r}", "target_min": 12, "satuan": "laporan"} for r in rhk_id])
    iki_id = [i.id for i in Iki.select(Iki.id).where(Iki.rhk.in_(rhk_id))]
    _sisip(Realisasi, [{"iki": i, "nomor": n, "nilai_angka": 3, "diubah": waktu}
                       for i in iki_id for n in (1, 2, 3)])
    _sisip(Bukti, [{"realisasi": r.id, "nama": "Laporan", "tautan": "https://contoh.go.id/laporan",
                    "pengunggah": p["staf"].id, "dibuat": waktu}
                   for r in Realisasi.select(Realisasi.id).where(Realisasi.iki.in_(iki_id))])

    evaluasi = []
    for (pid, periode_id), sid in skp_id.items():
        if pid not in atasan_dari:
            continue  # the test organisation's own SKPs are made by the services
        for n in (1, 2, 3, 4):
            selesai = periode_id == lalu.id or n < 3
            status = "dinilai" if selesai else ("diajukan" if pid in tim_kasi or n == 3 else "terbuka")
            evaluasi.append({"skp": sid, "nomor": n, "akhir": n == 4, "status": status,
                             "rating_hasil": "sesuai" if selesai else None,
                             "rating_perilaku": "sesuai" if selesai else None,
                             "predikat": "baik" if selesai else None,
                             "penilai": atasan_dari[pid] if selesai else None,
                             "diajukan_pada": waktu if status != "terbuka" else None,
                             "final_pada": datetime.datetime(2026, 1, 10) if selesai else None,
                             "dibuat": waktu})
    _sisip(Evaluasi, evaluasi)
    # A coaching plan for one rated evaluation in ten, made by the atasan
    # (running for this year's, finished for last year's).
    _sisip(Pembinaan, [{"evaluasi": e.id, "jenis": "bimbingan", "rencana": "Pendampingan", "pembuat": e.penilai_id,
                        "status": "berjalan" if e.skp.periode_id == kini.id else "selesai", "dibuat": waktu}
                       for i, e in enumerate(Evaluasi.select(Evaluasi.id, Evaluasi.penilai, Skp.periode).join(Skp)
                                             .where((Evaluasi.status == "dinilai") & Evaluasi.penilai.is_null(False)))
                       if i % 10 == 0])
    _sisip(Riwayat, [{"waktu": waktu, "aktor": pid, "objek": "skp", "objek_id": sid,
                      "aksi": "SKP disetujui", "data": "{}"} for (pid, _), sid in skp_id.items()])
    return len(pegawai)


def _alias(sql):
    """{alias: table} of a statement Peewee wrote ("pegawai" AS "t1")."""
    return dict((a, t) for t, a in re.findall(r'"(\w+)" AS "(\w+)"', sql))


def _rencana(sql, params):
    with database:
        return [row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params or ())]


def _pindaian_besar(sql, params):
    """The plan lines that read a big table whole, or index it on the fly."""
    alias = _alias(sql)
    buruk = []
    for baris in _rencana(sql, params):
        m = re.match(r"(?:SCAN|SEARCH) (?:TABLE )?(\w+)", baris)
        tabel = alias.get(m.group(1), m.group(1)) if m else None
        if tabel not in TABEL_BESAR:
            continue
        if re.fullmatch(r"SCAN (?:TABLE )?\w+(?: AS \w+)?", baris) or "AUTOMATIC" in baris:
            buruk.append(f"{baris}  [{tabel}]")
    return buruk


HALAMAN = [
    # (who, URL or a function of the `berjalan` fixture giving it)
    ("kasi", "/tugas"),
    ("kasi", "/penilaian"),
    ("kasi", "/"),
    ("kasi", "/tim"),
    ("kasi", lambda b: f"/skp/{b['skp']['staf'].id}"),
    ("kasi", lambda b: f"/skp/{b['skp']['staf'].id}/kinerja/4"),
    ("kabid", "/tugas"),
    ("staf", "/"),
    ("staf", "/tugas"),
    ("staf", lambda b: f"/skp/{b['skp']['staf'].id}"),
    ("staf", lambda b: f"/skp/{b['skp']['staf'].id}/kinerja/4"),
    ("superadmin", "/admin/pegawai"),
    ("superadmin", "/admin/pegawai?hal=40"),
    ("admin_disdik", "/admin/pegawai"),
    ("superadmin", "/admin/periode"),
]


def test_halaman_utama_tanpa_pindaian_tabel_besar(client, auth, org, berjalan, hitung_tiap_halaman):
    assert _kota(org, berjalan) > 2000
    masalah, diperiksa = [], 0
    for siapa, url in HALAMAN:
        url = url(berjalan) if callable(url) else url
        auth.login(siapa)
        client.get(url)  # rows a first visit makes (evaluations of the period) exist now
        with catat_kueri(parameter=True) as kueri:
            r = client.get(url)
        assert r.status_code == 200, (siapa, url, r.status_code)
        for sql, params in kueri:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            diperiksa += 1
            buruk = _pindaian_besar(sql, params)
            if buruk:
                masalah.append(f"{siapa} {url}:\n  {sql}\n  {params}\n    " + "\n    ".join(buruk))
        auth.logout()
    assert diperiksa > 50
    assert not masalah, "\n\n".join(masalah)


def test_hitungan_tajuk_dan_antrean_membaca_indeks_saja(client, auth, org, berjalan, hitung_tiap_halaman):
    """A big team's SKPs and evaluations (the header's count, the rating
    queue's rated and submitted nomors per SKP and its open rows) are read
    from the covering indexes of migration 0009, never row by row."""
    _kota(org, berjalan)
    auth.login("kasi")
    with catat_kueri(parameter=True) as kueri:
        assert client.get("/penilaian").status_code == 200
    hitung = [k for k in kueri if "UNION ALL" in k[0]]
    skp = [k for k in kueri if k[0].startswith('SELECT "t1"."id", "t1"."periode_id", "t1"."pegawai_jabatan"')]
    terbuka = [k for k in kueri if k[0].startswith('SELECT "t1"."skp_id", "t1"."nomor", "t1"."id" FROM "evaluasi"')]
    assert len(hitung) == len(skp) == len(terbuka) == 1, [k[0][:120] for k in kueri]
    assert "SUM(1 << (" in skp[0][0]
    for baca in (hitung, skp, terbuka):
        rencana = _rencana(*baca[0])
        assert any("USING COVERING INDEX evaluasi_skp_cakup" in b for b in rencana), rencana
    assert any("USING COVERING INDEX skp_penilai_cakup" in b for b in _rencana(*hitung[0]))


def test_hitungan_tim_dan_kaskade_membaca_indeks_saja(client, auth, org, berjalan):
    """The team's status counts (Tim, kaskade) and the kaskade's RHK not
    linked to mine read the team's SKP statuses and RHK links from the
    covering indexes of migration 0012, never the rows."""
    _kota(org, berjalan)
    auth.login("kasi")
    with catat_kueri(parameter=True) as kueri:
        assert client.get("/tim/kaskade").status_code == 200
    status = [k for k in kueri if k[0].startswith('SELECT "t1"."status", COUNT(')]
    lepas = [k for k in kueri if k[0].startswith('SELECT COUNT("t1"."id") FROM "rhk"')]
    assert len(status) == len(lepas) == 1, [k[0][:120] for k in kueri]
    rencana_status, rencana_lepas = _rencana(*status[0]), _rencana(*lepas[0])
    assert any("COVERING INDEX skp_pegawai_periode_cakup" in b for b in rencana_status), rencana_status
    assert any("COVERING INDEX skp_pegawai_periode_cakup" in b for b in rencana_lepas), rencana_lepas
    assert "SEARCH t1 USING COVERING INDEX rhk_skp_atasan_cakup (skp_id=?)" in rencana_lepas, rencana_lepas
    assert not any(b.startswith("SEARCH t1 USING INDEX") for b in rencana_lepas), rencana_lepas


def test_daftar_pegawai_membaca_indeks(client, auth, org, berjalan):
    """The admin's list and its count (the heaviest admin page): the page
    walks the (aktif, nama, id) index, the count reads an index only, and a
    scoped admin's units are found by the unit-path index."""
    _kota(org, berjalan)
    with database:  # the statistics follow the data (a few rows before, thousands now)
        stat = dict(database.execute_sql("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'pegawai'").fetchall())
    assert int(stat["pegawai_aktif_nama_id"].split()[0]) > 1000, stat
    for siapa in ("superadmin", "admin_disdik"):
        auth.login(siapa)
        with catat_kueri(parameter=True) as kueri:
            assert client.get("/admin/pegawai").status_code == 200
        hitung = [k for k in kueri if k[0].startswith('SELECT COUNT("t1"."id") FROM "pegawai"')]
        daftar = [k for k in kueri if 'LEFT OUTER JOIN "pegawai" AS "t3"' in k[0] and "LIMIT" in k[0]]
        assert len(hitung) == 1 and len(daftar) == 1, [k[0][:120] for k in kueri]
        rencana_hitung, rencana_daftar = _rencana(*hitung[0]), _rencana(*daftar[0])
        assert all("INDEX" in b for b in rencana_hitung if b.startswith(("SCAN", "SEARCH"))), rencana_hitung
        if siapa == "superadmin":  # the whole city: 25 entries of the index, no sort; the count in the index
            assert "SEARCH t1 USING INDEX pegawai_aktif_nama_id (aktif=?)" in rencana_daftar, rencana_daftar
            assert "USE TEMP B-TREE FOR ORDER BY" not in rencana_daftar, rencana_daftar
            assert "SEARCH t1 USING COVERING INDEX pegawai_aktif_nama_id (aktif=?)" in rencana_hitung, \
                rencana_hitung
        else:  # one OPD: its units by the path index, their pegawai by the unit index
            assert any("unit_path (path>? AND path<?)" in b for b in rencana_hitung), rencana_hitung
            assert any("pegawai_unit_id (unit_id=?)" in b for b in rencana_hitung), rencana_hitung
        auth.logout()
