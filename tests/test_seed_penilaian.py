"""Evaluation demo data: the Dinkes chain's year up to today, what the demo
logins find in "Tugas saya", predikat derived from the matrix, history in
date order, nothing from a period that has not ended, and a seeded database
left alone by `seed-demo --if-empty`."""
import datetime

import pytest

from kinerja import create_app
from kinerja import jam as jam_kota
from kinerja.db import database, migrate
from kinerja.models import Pegawai, Periode, Riwayat
from kinerja.penilaian.models import (Berkas, Bukti, CatatanPembinaan, Evaluasi, EvaluasiPerilaku,
                                      EvaluasiRhk, Pembinaan, Realisasi)
from kinerja.penilaian.tugas import hitung_tugas
from kinerja.penilaian.tugas_views import daftar_tugas
from kinerja.rules import BERAKHLAK, predikat
from kinerja.seed import DEMO_PEGAWAI, DEMO_SANDI, seed_demo
from kinerja.skp.models import Iki, Rhk, Skp
from tests.conftest import HASH_METHOD, kirim, tutup_db
from tests.halaman import Halaman
from tests.mesin import MESIN

NIP = {row[0]: row[4] for row in DEMO_PEGAWAI}
NAMA = {row[0]: row[5] for row in DEMO_PEGAWAI}


def _jalankan(app, fungsi, *args):
    """Call a seed function as the CLI does: in the app context, on one connection."""
    with app.app_context(), database.connection_context():
        return fungsi(*args)


@pytest.fixture(scope="module")
def _sekali(tmp_path_factory):
    """The demo seeded once for this module, on the tests' day (28 November 2026)."""
    url = MESIN.baru(tmp_path_factory.mktemp("demo"), "demo")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                      "DATABASE_URL": url, "HARI_INI": "2026-11-28"})
    migrate()
    _jalankan(app, seed_demo)
    tutup_db()
    yield url
    MESIN.hapus(url)


@pytest.fixture
def demo(app, _sekali):
    """A copy of the seeded demo as this test's database (each test may change its own)."""
    tutup_db()
    MESIN.ganti(app.config["DATABASE_URL"], _sekali)


def _orang(key):
    return Pegawai.get(Pegawai.nip == NIP[key])


def _skp(key, tahun):
    return (Skp.select().join(Periode).switch(Skp).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
            .where((Pegawai.nip == NIP[key]) & (Periode.tahun == tahun)).first())


def _evaluasi(key, tahun):
    """{nomor: Evaluasi} of a demo pegawai's SKP in a year."""
    skp = _skp(key, tahun)
    return {e.nomor: e for e in Evaluasi.select().where(Evaluasi.skp == skp.id)} if skp else {}


def _tugas(app, key):
    with app.test_request_context(), database:
        orang = _orang(key)
        return hitung_tugas(orang), daftar_tugas(orang)


# ---------------------------------------------------------------- the year by 28 November 2026

def test_rantai_dinilai_triwulan_i_sampai_iii(app, demo):
    with database:
        kabid, kasi, staf = (_evaluasi(k, 2026) for k in ("kabid_kesmas", "kasi_kesga", "pppk_kesga"))
        assert {n: e.status for n, e in kasi.items()} == {1: "dinilai", 2: "dinilai", 3: "dinilai"}
        assert {n: e.status for n, e in kabid.items()} == {1: "dinilai", 2: "dinilai", 3: "dinilai"}
        assert {n: e.status for n, e in staf.items()} == {1: "dinilai", 2: "dinilai", 3: "diajukan"}
        assert all(e.penilai_id == _orang("kabid_kesmas").id for e in kasi.values())
        assert all(e.penilai_id == _orang("kasi_kesga").id for n, e in staf.items() if n < 3)
        assert staf[2].predikat == "butuh_perbaikan" and staf[3].predikat is None
        assert [kasi[n].predikat for n in (1, 2, 3)] == ["baik", "baik", "sangat_baik"]
        assert not any(e.akhir for e in (*kabid.values(), *kasi.values(), *staf.values()))
        # Triwulan IV-Akhir is running: nothing rated, the annual result is for a person to walk.
        assert Evaluasi.select().join(Skp).join(Periode).where(
            (Periode.tahun == 2026) & (Evaluasi.nomor == 4)).count() == 0


def test_predikat_final_diturunkan_dari_matriks(app, demo):
    with database:
        final = list(Evaluasi.select().where(Evaluasi.status == "dinilai"))
        assert len(final) >= 4 + 3 + 3 + 2
        for e in final:
            assert e.predikat == predikat(e.rating_hasil, e.rating_perilaku)
            assert e.final_pada is not None and e.penilai_id == e.skp.penilai_id
        pending = Evaluasi.get(Evaluasi.status == "diajukan")
        assert pending.rating_hasil is None and pending.predikat is None


def test_evaluasi_diri_dan_umpan_balik_pada_setiap_rhk_dan_perilaku(app, demo):
    with database:
        for e in Evaluasi.select().where(Evaluasi.status != "terbuka"):
            rhk = {r.id for r in Rhk.select().where(Rhk.skp == e.skp_id)}
            baris = list(EvaluasiRhk.select().where(EvaluasiRhk.evaluasi == e.id))
            assert {b.rhk_id for b in baris} == rhk
            assert all(b.penilaian_diri and b.uraian_diri for b in baris)
            assert all(b.umpan_balik for b in baris) == (e.status == "dinilai")
            perilaku = {p.nilai: p.umpan_balik for p in EvaluasiPerilaku.select()
                        .where(EvaluasiPerilaku.evaluasi == e.id)}
            assert set(perilaku) == set(BERAKHLAK)
            assert all(perilaku.values()) == (e.status == "dinilai")
        kendala = EvaluasiRhk.select().join(Evaluasi).where(
            (Evaluasi.skp == _skp("pppk_kesga", 2026).id) & (Evaluasi.nomor == 2)).first().kendala
        assert "sakit" in kendala


def test_realisasi_dengan_tautan_sebagai_bukti(app, demo):
    with database:
        for key in ("kabid_kesmas", "kasi_kesga", "pppk_kesga"):
            skp = _skp(key, 2026)
            iki = [i.id for i in Iki.select(Iki.id).join(Rhk).where(Rhk.skp == skp.id)]
            for nomor in (1, 2, 3):
                rows = list(Realisasi.select().where(Realisasi.iki.in_(iki) & (Realisasi.nomor == nomor)))
                assert len(rows) == len(iki) and all(r.nilai_angka is not None for r in rows), (key, nomor)
        bukti = list(Bukti.select())
        assert bukti and all(b.tautan.startswith("https://dinkes.tanjungbalaikota.go.id/laporan/") for b in bukti)
        assert all(b.berkas_id is None for b in bukti) and Berkas.select().count() == 0
        # the running quarter: the Kasi has started (2 of her 5 IKI), nobody else
        berjalan = (Realisasi.select().join(Iki).join(Rhk).join(Skp).join(Periode)
                    .where((Realisasi.nomor == 4) & (Periode.tahun == 2026)))
        assert {r.iki.rhk.skp_id for r in berjalan} == {_skp("kasi_kesga", 2026).id}
        assert berjalan.count() == 2
        staf = _skp("pppk_kesga", 2026)
        lemah = Realisasi.select().join(Iki).join(Rhk).where(
            (Rhk.skp == staf.id) & (Realisasi.nomor == 2) & (Iki.satuan == "%")).get()
        assert lemah.nilai_angka < 100  # the quarter below expectation


def test_pembinaan_untuk_triwulan_butuh_perbaikan(app, demo):
    with database:
        pb = Pembinaan.get()
        assert pb.evaluasi.skp_id == _skp("pppk_kesga", 2026).id and pb.evaluasi.nomor == 2
        assert pb.status == "berjalan" and pb.pembuat_id == _orang("kasi_kesga").id
        assert pb.target_tanggal >= pb.evaluasi.final_pada.date() and pb.rencana and pb.pelatihan
        assert CatatanPembinaan.select().where(CatatanPembinaan.pembinaan == pb.id).count() == 2


def test_skp_staf_disetujui_dan_tertaut_ke_kasi(app, demo):
    with database:
        staf, kasi = _skp("pppk_kesga", 2026), _skp("kasi_kesga", 2026)
        assert staf.status == "disetujui" and staf.penilai_id == kasi.pegawai_id
        assert staf.atasan_penilai_id == _orang("kabid_kesmas").id
        rhk = list(Rhk.select().where(Rhk.skp == staf.id))
        assert len(rhk) == 2 and {r.rhk_atasan.skp_id for r in rhk} == {kasi.id}
        assert staf.disetujui_pada.date() == datetime.date(2026, 2, 5)
        assert kasi.disetujui_pada.date() == datetime.date(2026, 1, 29)


def test_riwayat_urut_tanggal(app, demo):
    with database:
        for key in ("kasi_kesga", "pppk_kesga", "data_kesga"):
            for tahun in (2025, 2026):
                skp = _skp(key, tahun)
                if skp is None:
                    continue
                waktu = [r.waktu for r in Riwayat.select().where(
                    (Riwayat.objek == "skp") & (Riwayat.objek_id == skp.id)).order_by(Riwayat.id)]
                assert waktu == sorted(waktu), (key, tahun)
                assert max(waktu).date() <= datetime.date(2026, 11, 28)


# ---------------------------------------------------------------- Nur Aisyah

def test_nur_aisyah_merencanakan_2026_dari_awal_dan_punya_final_2025(app, demo):
    with database:
        assert _skp("data_kesga", 2026) is None
        lalu = _evaluasi("data_kesga", 2025)
        assert sorted(lalu) == [1, 2, 3, 4] and all(e.status == "dinilai" for e in lalu.values())
        tahunan = lalu[4]
        assert tahunan.akhir and tahunan.predikat == predikat(tahunan.rating_hasil, tahunan.rating_perilaku)
        assert tahunan.predikat_label == "Baik" and tahunan.penilai_id == _orang("kasi_kesga").id
        assert tahunan.final_pada.date() == datetime.date(2026, 1, 14)
        assert Realisasi.select().where(Realisasi.nomor == 4).join(Iki).join(Rhk).where(
            Rhk.skp == _skp("data_kesga", 2025).id).count() == 5
    hitung, items = _tugas(app, "data_kesga")
    # 2027 is open for planning in the demo too: its SKP is a task of its own.
    assert [t.judul for t in items["skp"]] == ["SKP 2026 belum dibuat", "SKP 2027 belum dibuat"]
    assert hitung["total"] == 2


# ---------------------------------------------------------------- Tugas saya of the demo logins

def test_tugas_kasi_memuat_evaluasi_yang_menunggu(app, demo, client):
    hitung, items = _tugas(app, "kasi_kesga")
    assert [t.judul for t in items["nilai"]] == [f"{NAMA['pppk_kesga']}: Triwulan III 2026"]
    assert [t.judul for t in items["setujui"]] == [f"SKP 2026 {NAMA['penyuluh']}"]
    assert [(t.judul, t.keterangan) for t in items["isi"]] == [
        ("Realisasi Triwulan IV-Akhir 2026", "3 dari 5 IKI belum diisi")]
    assert [t.judul for t in items["pembinaan"]] == [f"Pembinaan {NAMA['pppk_kesga']}: Triwulan II 2026"]
    assert [t.judul for t in items["skp"]] == ["SKP 2027 belum dibuat"]  # the year being planned
    assert hitung["total"] == 4
    kirim(client, "/login", {"nip": NIP["kasi_kesga"], "password": DEMO_SANDI})
    h = Halaman(client.get("/tugas"))
    assert f"{NAMA['pppk_kesga']}: Triwulan III 2026" in h.teks()
    assert h.menu()[0][2] == "Tugas saya, 4 tugas menunggu"


def test_tugas_kabid_dan_staf(app, demo):
    hitung, items = _tugas(app, "kabid_kesmas")
    assert not items["nilai"] and not items["keberatan"]  # the Kasi is rated up to Triwulan III
    assert [t.judul for t in items["isi"]] == ["Realisasi Triwulan IV-Akhir 2026"]
    hitung, items = _tugas(app, "pppk_kesga")
    assert [t.judul for t in items["pembinaan"]] == ["Pembinaan untuk Anda: Triwulan II 2026"]
    assert [t.keterangan for t in items["isi"]] == ["3 dari 3 IKI belum diisi"]


# ---------------------------------------------------------------- any real date

@pytest.mark.parametrize("hari,usai", [("2026-05-10", 1), ("2026-02-01", 0), ("2027-02-01", 3)])
def test_seed_pada_hari_lain_hanya_memuat_yang_sudah_terjadi(app, hari, usai, jam):
    jam.setel(hari)
    _jalankan(app, seed_demo)
    batas = datetime.date.fromisoformat(hari)
    with database:
        ev = list(Evaluasi.select().join(Skp).join(Periode).where(Periode.tahun == 2026))
        assert {e.nomor for e in ev} == set(range(1, usai + 1))
        assert all(e.dibuat.date() <= batas for e in Evaluasi.select())
        assert all(r.waktu.date() <= batas for r in Riwayat.select())
        assert all(r.diubah.date() <= batas for r in Realisasi.select())
        assert Pembinaan.select().count() == (1 if usai >= 2 else 0)
        assert _skp("data_kesga", 2026) is None and _skp("pppk_kesga", 2026).status == "disetujui"
        lalu = _evaluasi("data_kesga", 2025)
        assert (4 in lalu) == (batas > datetime.date(2026, 1, 14))
    assert jam_kota.hari_ini() == batas  # the seed's own days are undone after it


def test_if_empty_pada_basis_data_berisi_tidak_menambah_apa_pun(app, runner):
    pertama = runner.invoke(args=["seed-demo"]).output
    assert pertama.count("demo-login:") == 8 and "Evaluasi" not in pertama

    def jumlah():
        with database:
            return [m.select().count() for m in (Evaluasi, EvaluasiRhk, Realisasi, Bukti, Pembinaan, Riwayat, Skp)]
    sebelum = jumlah()
    assert sebelum[0] > 0
    kedua = runner.invoke(args=["seed-demo", "--if-empty"])
    assert kedua.exit_code == 0 and kedua.output.count("demo-login:") == 8
    assert jumlah() == sebelum
