"""SKP demo data and the synthetic city's SKPs: what a person finds after
`make run` to walk the planning cycle, and what the benchmarks run on."""
import re

import pytest

from kinerja import create_app
from kinerja.db import database, migrate
from kinerja.models import Pegawai, Periode, Riwayat
from kinerja.rules import BERAKHLAK
from kinerja.seed import DEMO_NIP, DEMO_PEGAWAI, seed_demo, seed_sintetis
from kinerja.skp.layanan import ambil_skp, buat_skp, kekurangan, ringkasan_rhk
from kinerja.skp.models import EkspektasiTim, Iki, Perilaku, Rhk, Skp
from kinerja.skp.rencana import salin_dari_sebelumnya
from tests.conftest import HASH_METHOD

NIP = {row[0]: row[4] for row in DEMO_PEGAWAI}
BARIS_LOGIN = re.compile(r"^demo-login: \S+ \d{18} \S+$")


def _jalankan(app, fungsi, *args):
    """Call a seed function as the CLI does: in the app context, on one connection."""
    with app.app_context(), database.connection_context():
        return fungsi(*args)


@pytest.fixture
def demo(app):
    _jalankan(app, seed_demo)


def _skp(key, tahun):
    """The SKP of a demo pegawai (DEMO_PEGAWAI key) in a year, with joins, or None."""
    found = (Skp.select(Skp.id).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
             .switch(Skp).join(Periode)
             .where((Pegawai.nip == NIP[key]) & (Periode.tahun == tahun)).first())
    return found and ambil_skp(found.id)


def _jumlah():
    with database:
        return {m.__name__: m.select().count() for m in (Skp, Rhk, Iki, Perilaku, Riwayat, Pegawai)}


# ---------------------------------------------------------------- demo city

def test_pegawai_demo_menyusun_draf_2026_dan_punya_skp_2025_disetujui(app, demo):
    with database:
        assert _skp("data_kesga", 2026) is None
        lama = _skp("data_kesga", 2025)
        assert lama.status == "disetujui" and lama.periode.status == "ditutup"
        assert lama.penilai.nip == NIP["kasi_kesga"] and lama.atasan_penilai.nip == NIP["kabid_kesmas"]
        assert lama.penilai_jabatan == "Kepala Seksi Kesehatan Keluarga dan Gizi"
        rhk = ringkasan_rhk(lama)
        assert [r.nomor for r in rhk] == ["utama 1", "utama 2", "tambahan 1"]
        assert all(r.daftar_iki and all(i.target_min and i.satuan for i in r.daftar_iki) for r in rhk)
        assert {r.rhk_atasan.skp_id for r in rhk} == {_skp("kasi_kesga", 2025).id}
        assert kekurangan(lama, rhk) == []  # what the services would have accepted
        assert lama.dukungan_sumber_daya and lama.skema_pertanggungjawaban and lama.konsekuensi
        for key in ("kasi_kesga", "kabid_kesmas"):
            skp = _skp(key, 2025)
            assert skp.status == "disetujui" and kekurangan(skp) == []
        assert _skp("kadinkes", 2025).status == "disetujui"


def test_pegawai_demo_bisa_menyalin_dari_periode_lalu(app, demo):
    with database:
        nur = Pegawai.get(Pegawai.nip == NIP["data_kesga"])
        baru = buat_skp(nur, Periode.get(Periode.tahun == 2026), "kuantitatif")
        assert salin_dari_sebelumnya(nur, ambil_skp(baru.id)) == 3
        salinan = ringkasan_rhk(baru)
        lama = ringkasan_rhk(_skp("data_kesga", 2025))
        assert [(r.nomor, r.uraian) for r in salinan] == [(r.nomor, r.uraian) for r in lama]
        assert [len(r.daftar_iki) for r in salinan] == [len(r.daftar_iki) for r in lama]
        assert all(r.rhk_atasan_id is None for r in salinan)  # linked again to this year's cascade
        assert {e.ekspektasi for e in Perilaku.select().where(Perilaku.skp == baru.id)} == {""}


def test_kaskade_dinkes_2026_disetujui_dan_tertaut(app, demo):
    with database:
        kadis, kabid, kasi = (_skp(k, 2026) for k in ("kadinkes", "kabid_kesmas", "kasi_kesga"))
        assert [s.status for s in (kadis, kabid, kasi)] == ["disetujui"] * 3
        assert all(s.disetujui_pada for s in (kadis, kabid, kasi))
        rhk_kadis = ringkasan_rhk(kadis)
        assert 3 <= len(rhk_kadis) <= 4
        assert all(r.perspektif and r.rhk_atasan_id is None and r.daftar_iki for r in rhk_kadis)
        for skp, atasan in ((kabid, kadis), (kasi, kabid)):
            rhk = ringkasan_rhk(skp)
            assert rhk and kekurangan(skp, rhk) == []
            assert {r.rhk_atasan.skp_id for r in rhk} == {atasan.id}
            assert all(i.target_min is not None and i.satuan for r in rhk for i in r.daftar_iki)
            assert skp.dukungan_sumber_daya and skp.skema_pertanggungjawaban and skp.konsekuensi
        target = {i.indikator: i.target_tampil for r in ringkasan_rhk(kasi) for i in r.daftar_iki}
        assert target["Laporan bulanan KIA puskesmas yang direkap dan divalidasi"] == "12 laporan"
        assert target["Cakupan balita ditimbang di posyandu (D/S)"] == "85 %"
        # approved through the services: submitted by the owner, approved by the penilai
        jejak = list(Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.objek_id == kasi.id))
                     .order_by(Riwayat.id))
        aksi = [(r.aksi, r.aktor_id) for r in jejak]
        kabid_id, kasi_id = kabid.pegawai_id, kasi.pegawai_id
        assert aksi[0] == ("SKP dibuat", kasi_id)
        assert (aksi.index(("SKP diajukan", kasi_id)) < aksi.index(("Ekspektasi perilaku diubah", kabid_id))
                < aksi.index(("SKP disetujui", kabid_id)))


def test_kabid_menulis_ekspektasi_kasi_dan_bawaan_tim_kosong(app, demo):
    with database:
        kasi, kabid = _skp("kasi_kesga", 2026), _skp("kabid_kesmas", 2026)
        for skp in (kasi, kabid):
            ekspektasi = {p.nilai: p.ekspektasi for p in Perilaku.select().where(Perilaku.skp == skp.id)}
            assert set(ekspektasi) == set(BERAKHLAK) and all(ekspektasi.values())
        assert "puskesmas" in Perilaku.get((Perilaku.skp == kasi.id)
                                           & (Perilaku.nilai == "berorientasi_pelayanan")).ekspektasi
        assert EkspektasiTim.select().count() == 0  # for the demo atasan to try


def test_tim_kasi_satu_diajukan_satu_draf_dan_satu_belum_ada(app, demo):
    with database:
        status = {key: getattr(_skp(key, 2026), "status", None)
                  for key in ("data_kesga", "penyuluh", "nutrisionis", "pppk_kesga")}
        assert status == {"data_kesga": None, "penyuluh": "diajukan", "nutrisionis": "draft",
                          "pppk_kesga": "disetujui"}  # approved by the year's demo (someone to rate)
        kasi = _skp("kasi_kesga", 2026)
        diajukan = _skp("penyuluh", 2026)
        rhk = ringkasan_rhk(diajukan)
        assert kekurangan(diajukan, rhk) == []
        assert len(rhk) >= 2 and {r.rhk_atasan.skp_id for r in rhk} == {kasi.id}
        assert diajukan.penilai_id == kasi.pegawai_id and diajukan.dukungan_sumber_daya
        # waiting for the Kasi, who has written no ekspektasi yet
        assert {p.ekspektasi for p in Perilaku.select().where(Perilaku.skp == diajukan.id)} == {""}
        assert "belum punya indikator" in " ".join(kekurangan(_skp("nutrisionis", 2026)))


def test_rantai_disdik_diisi_lebih_ringan(app, demo):
    with database:
        status = {k: getattr(_skp(k, 2026), "status", None)
                  for k in ("kadisdik", "kabid_sd", "kasi_sd", "prakom_sd", "data_sd", "pppk_sd")}
        assert status == {"kadisdik": "disetujui", "kabid_sd": "disetujui", "kasi_sd": "disetujui",
                          "prakom_sd": "diajukan", "data_sd": "draft", "pppk_sd": None}
        kasi = _skp("kasi_sd", 2026)
        assert {r.rhk_atasan.skp_id for r in ringkasan_rhk(kasi)} == {_skp("kabid_sd", 2026).id}
        assert kekurangan(_skp("prakom_sd", 2026)) == []


def test_setiap_skp_punya_tujuh_perilaku(app, demo):
    _jalankan(app, seed_sintetis, 150)
    with database:
        nilai = {}
        for skp_id, n in Perilaku.select(Perilaku.skp, Perilaku.nilai).tuples():
            nilai.setdefault(skp_id, set()).add(n)
        skp_ids = [s for (s,) in Skp.select(Skp.id).tuples()]
        assert len(skp_ids) > 150
        assert all(nilai.get(s) == set(BERAKHLAK) for s in skp_ids)
        assert Perilaku.select().count() == 7 * len(skp_ids)


# ---------------------------------------------------------------- synthetic city

def _periksa_sintetis():
    """Every non-demo pegawai has one 2026 SKP linked only to the atasan's own SKP."""
    periode = Periode.get(Periode.tahun == 2026)
    pegawai = {p.id: p for p in Pegawai.select().where(Pegawai.nip.not_in(sorted(DEMO_NIP)))}
    skp = {s.pegawai_id: s for s in Skp.select().where(Skp.pegawai.in_(list(pegawai)))}
    assert set(skp) == set(pegawai) and {s.periode_id for s in skp.values()} == {periode.id}
    rhk = {}
    for r in Rhk.select().where(Rhk.skp.in_([s.id for s in skp.values()])):
        rhk.setdefault(r.skp_id, []).append(r)
    skp_of_rhk = {r.id: r.skp_id for rows in rhk.values() for r in rows}
    iki = {}
    for rid, in Iki.select(Iki.rhk).tuples():
        iki[rid] = iki.get(rid, 0) + 1
    for pid, p in pegawai.items():
        s, rows = skp[pid], rhk[skp[pid].id]
        assert s.penilai_id == p.atasan_id and s.pegawai_jabatan == p.jabatan
        assert s.atasan_penilai_id == (pegawai[p.atasan_id].atasan_id if p.atasan_id else None)
        assert all(1 <= iki.get(r.id, 0) <= 2 for r in rows)
        if p.atasan_id is None:
            assert len(rows) == 3 and all(r.perspektif and r.rhk_atasan_id is None for r in rows)
            assert s.status == "disetujui"
        else:
            assert 2 <= len(rows) <= 3 and all(r.perspektif is None for r in rows)
            assert {skp_of_rhk.get(r.rhk_atasan_id) for r in rows} == {skp[p.atasan_id].id}
    return skp


def test_skp_kota_sintetis_tertaut_ke_atasan_dalam_periode(app):
    _jalankan(app, seed_sintetis, 300)
    with database:
        skp = _periksa_sintetis()
        assert {s.status for s in skp.values()} == {"disetujui", "diajukan", "draft"}
        staf = [s for s in skp.values() if s.pegawai.jenis_jabatan in ("pelaksana", "fungsional")]
        assert sum(s.status == "disetujui" for s in staf) > len(staf) / 2
        for s in staf[:25]:  # what the services accept
            assert kekurangan(s) == []
        disetujui = next(s for s in staf if s.status == "disetujui")
        assert all(p.ekspektasi for p in Perilaku.select().where(Perilaku.skp == disetujui.id))


def test_kota_sintetis_setelah_demo_dan_dua_kali(app, demo):
    sebelum = _jumlah()
    _jalankan(app, seed_sintetis, 150)
    _jalankan(app, seed_sintetis, 150)
    with database:
        _periksa_sintetis()
        assert Skp.select().count() == sebelum["Skp"] + 300
        assert Periode.select().count() == 3  # the demo's 2025, 2026 and 2027: none added
        assert _skp("data_kesga", 2026) is None and _skp("kasi_kesga", 2026).status == "disetujui"


def test_skp_sintetis_deterministik(app, db_baru):
    def isi():
        with database:
            return sorted(Iki.select(Pegawai.nip, Skp.status, Rhk.uraian, Iki.indikator, Iki.target_min)
                          .join(Rhk).join(Skp).join(Pegawai, on=(Skp.pegawai == Pegawai.id)).tuples())
    _jalankan(app, seed_sintetis, 200)
    pertama = isi()
    app2 = create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                       "DATABASE_URL": db_baru("kedua")})
    migrate()
    _jalankan(app2, seed_sintetis, 200)
    assert pertama and isi() == pertama


# ---------------------------------------------------------------- CLI

def test_cli_hanya_mencetak_akun_demo(app, runner):
    hasil = runner.invoke(args=["seed-demo", "--pegawai", "200"])
    keluaran = hasil.stdout.splitlines()  # the time it took goes to stderr
    assert keluaran[0] == "Kota sintetis dibuat: 200 pegawai."
    assert len(keluaran) == 9 and all(BARIS_LOGIN.match(b) for b in keluaran[1:])
    assert hasil.stderr.startswith("Waktu membuat data: ")


def test_cli_if_empty_pada_basis_data_berisi_tidak_menambah_apa_pun(app, runner):
    assert runner.invoke(args=["seed-demo"]).output.count("demo-login:") == 8
    sebelum = _jumlah()
    assert sebelum["Skp"] > 0 and sebelum["Riwayat"] > 0
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and result.output.count("demo-login:") == 8
    assert _jumlah() == sebelum
