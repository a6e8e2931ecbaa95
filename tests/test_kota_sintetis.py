"""The synthetic city of `seed-demo --pegawai N --tim-besar M`: a year of work
in every state the app knows, in realistic proportions, following the rules
the services enforce; realistic teams inside their OPD, and one very big team
whose head's pages answer. Seeded once for the module (120 pegawai, a team
of 40, and the demo city) on the tests' day, 28 November 2026: Triwulan I
and II are long over, Triwulan III ended two months ago, Triwulan IV-Akhir
runs."""
import datetime
import re

import pytest

from kinerja import create_app
from kinerja.db import database, migrate
from kinerja.models import Pegawai, Periode, Riwayat, Unit
from kinerja.penilaian.models import (Bukti, CatatanPembinaan, Evaluasi, EvaluasiPerilaku, EvaluasiRhk, Keberatan,
                                      Pembinaan, Realisasi)
from kinerja.penilaian.layanan import daftar_periode
from kinerja.rules import BERAKHLAK, PERLU_PEMBINAAN, batas_keberatan, cari_siklus, predikat
from kinerja.seed import DEMO_NIP, DEMO_SANDI
from kinerja.skp.models import Iki, Rhk, Skp
from tests.conftest import HARI_UJI, HASH_METHOD, ZONA_UJI, Auth, tutup_db
from tests.mesin import MESIN
from tests.halaman import Halaman

N, M = 120, 40
HARI = datetime.date.fromisoformat(HARI_UJI)
AWAL_HARI = datetime.datetime.combine(HARI, datetime.time())
BARIS_LOGIN = re.compile(r"^demo-login: (\S+) (\S+) (\S+)$", re.M)


@pytest.fixture(scope="module")
def _kota(tmp_path_factory):
    """The city seeded once through the CLI: (database URL, CLI result)."""
    folder = tmp_path_factory.mktemp("kota")
    url = MESIN.baru(folder, "kota")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                      "DATABASE_URL": url, "HARI_INI": HARI_UJI, "TIMEZONE": ZONA_UJI,
                      "UPLOAD_DIR": str(folder / "unggahan")})
    migrate()
    hasil = app.test_cli_runner().invoke(args=["seed-demo", "--pegawai", str(N), "--tim-besar", str(M)])
    tutup_db()
    yield url, hasil
    MESIN.hapus(url)


@pytest.fixture
def kota(app, _kota):
    """A copy of the seeded city as this test's database; returns the CLI result."""
    tutup_db()
    MESIN.ganti(app.config["DATABASE_URL"], _kota[0])
    return _kota[1]


def _nip_besar(kota):
    return dict((peran, nip) for peran, nip, _ in BARIS_LOGIN.findall(kota.stdout))["atasan_besar"]


def _sintetis():
    """The synthetic city's SKPs (not the demo's) by id, with pegawai joined."""
    return {s.id: s for s in Skp.select(Skp, Pegawai).join(Pegawai, on=(Skp.pegawai == Pegawai.id))
            .where(Pegawai.nip.not_in(sorted(DEMO_NIP)))}


def _evaluasi(skp):
    return list(Evaluasi.select().where(Evaluasi.skp.in_(list(skp))))


def _info():
    """{nomor: (label, awal, akhir)} of the 2026 evaluation periods."""
    return {n: (label, awal, akhir) for n, label, awal, akhir in
            daftar_periode(Periode.get(Periode.tahun == 2026))}


# ---------------------------------------------------------------- the command

def test_cli_mencetak_kota_tim_besar_akunnya_dan_waktunya(kota):
    assert kota.exit_code == 0, kota.output
    baris = kota.stdout.splitlines()
    assert baris[0] == f"Kota sintetis dibuat: {N} pegawai."
    assert re.fullmatch(rf"Tim besar: .+, Kepala Bidang Guru dan Tenaga Kependidikan, dengan {M} bawahan "
                        r"langsung\.", baris[1])
    peran = [p for p, _, sandi in BARIS_LOGIN.findall(kota.stdout) if sandi == DEMO_SANDI]
    assert peran == ["superadmin", "admin", "atasan_penilai", "atasan", "pegawai", "pemantau", "lurah", "petugas_layanan",
                     "atasan_besar"]
    assert re.fullmatch(r"Waktu membuat data: \d+,\d detik\.\n", kota.stderr)


# ---------------------------------------------------------------- every state

def test_setiap_status_skp_dan_evaluasi_ada(app, kota):
    with database:
        skp = _sintetis()
        assert {s.status for s in skp.values()} == {"draft", "diajukan", "disetujui", "dikembalikan"}
        ev = _evaluasi(skp)
        keadaan = {(e.status, e.akhir, e.rating_hasil is not None, e.diajukan_pada is not None) for e in ev}
        assert ("terbuka", False, False, False) in keadaan  # a self-evaluation draft, period over
        assert ("diajukan", False, False, True) in keadaan  # waiting for the rating
        assert ("diajukan", False, True, True) in keadaan  # the penilai's draft rating
        assert ("dinilai", False, True, True) in keadaan  # final, periodic
        assert ("dinilai", True, True, True) in keadaan  # the annual result
        assert ("dinilai", False, True, False) in keadaan  # rated without a self-evaluation
        assert ("diajukan", True, False, True) in keadaan  # an annual self-evaluation waiting
        draf_diri = [e.id for e in ev if e.status == "terbuka"]
        assert EvaluasiRhk.select().where(EvaluasiRhk.evaluasi.in_(draf_diri)
                                          & EvaluasiRhk.penilaian_diri.is_null(False)).exists()
        # Not started: an approved SKP with a penilai and a period over without an Evaluasi row.
        ada = {(e.skp_id, e.nomor) for e in ev}
        dinilai_skp = [s for s in skp.values() if s.status == "disetujui" and s.penilai_id]
        assert any((s.id, n) not in ada for s in dinilai_skp for n in (1, 2, 3))
        assert {e.predikat for e in ev if e.status == "dinilai"} == {
            "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"}


def test_realisasi_bukti_pembinaan_keberatan_dan_riwayat_ada(app, kota):
    with database:
        skp = _sintetis()
        ev = {e.id: e for e in _evaluasi(skp)}
        iki = [i for (i,) in Iki.select(Iki.id).join(Rhk).where(Rhk.skp.in_(list(skp))).tuples()]
        realisasi = list(Realisasi.select().where(Realisasi.iki.in_(iki)))
        assert {r.nomor for r in realisasi} == {1, 2, 3, 4}
        bukti = list(Bukti.select().where(Bukti.realisasi.in_([r.id for r in realisasi])))
        assert len(bukti) >= len(realisasi) and all(b.tautan.startswith("https://") and b.berkas_id is None
                                                    for b in bukti)
        pembinaan = list(Pembinaan.select().where(Pembinaan.evaluasi.in_(list(ev))))
        assert {ev[p.evaluasi_id].predikat for p in pembinaan} >= {"butuh_perbaikan"}
        assert {p.status for p in pembinaan} == {"berjalan", "selesai"}
        assert CatatanPembinaan.select().where(CatatanPembinaan.pembinaan.in_([p.id for p in pembinaan])).exists()
        keberatan = list(Keberatan.select().where(Keberatan.evaluasi.in_(list(ev))))
        assert {k.status for k in keberatan} == {"diajukan", "diputuskan"}
        aksi = {a for (a,) in Riwayat.select(Riwayat.aksi).where(
            (Riwayat.objek == "skp") & Riwayat.objek_id.in_(list(skp))).tuples()}
        for awal in ("SKP dibuat", "SKP diajukan", "SKP disetujui", "SKP dikembalikan", "Realisasi Triwulan I",
                     "Tautan bukti", "Evaluasi diri Triwulan III disimpan", "Evaluasi diri Triwulan I diajukan",
                     "Penilaian Triwulan III disimpan", "Penilaian Triwulan I final", "Rencana pembinaan",
                     "Catatan pembinaan", "Pembinaan selesai", "Keberatan atas penilaian akhir diajukan",
                     "Keberatan diputus"):
            assert any(a.startswith(awal) for a in aksi), awal


def test_proporsinya_wajar(app, kota):
    with database:
        skp = _sintetis()
        dinilai_skp = {s.id for s in skp.values() if s.status == "disetujui" and s.penilai_id}
        ev = [e for e in _evaluasi(skp)]
        final = {n: sum(e.status == "dinilai" for e in ev if e.nomor == n) / len(dinilai_skp) for n in (1, 2, 3, 4)}
        assert final[1] >= 0.85 and final[2] >= 0.85  # long over: almost all rated
        assert 0.4 <= final[3] < final[1]  # over for two months: many still waiting
        assert final[4] <= 0.15  # the running, last period: only the early ones
        predikat_final = [e.predikat for e in ev if e.status == "dinilai"]
        baik = predikat_final.count("baik") / len(predikat_final)
        rendah = sum(p in PERLU_PEMBINAAN for p in predikat_final) / len(predikat_final)
        assert 0.5 <= baik <= 0.8 and 0.05 <= rendah <= 0.3
        assert max(set(predikat_final), key=predikat_final.count) == "baik"
        staf_disetujui = sum(s.status == "disetujui" for s in skp.values()) / len(skp)
        assert 0.6 <= staf_disetujui <= 0.9


# ---------------------------------------------------------------- the rules

def test_evaluasi_menurut_aturan(app, kota):
    with database:
        skp = _sintetis()
        info = _info()
        ev = _evaluasi(skp)
        rhk = {}
        for r in Rhk.select(Rhk.id, Rhk.skp).where(Rhk.skp.in_(list(skp))):
            rhk.setdefault(r.skp_id, set()).add(r.id)
        baris_rhk, baris_perilaku = {}, {}
        for e_id, r_id in EvaluasiRhk.select(EvaluasiRhk.evaluasi, EvaluasiRhk.rhk).tuples():
            baris_rhk.setdefault(e_id, set()).add(r_id)
        for e_id, nilai in EvaluasiPerilaku.select(EvaluasiPerilaku.evaluasi, EvaluasiPerilaku.nilai).tuples():
            baris_perilaku.setdefault(e_id, set()).add(nilai)
        for e in ev:
            s = skp[e.skp_id]
            _label, awal, akhir = info[e.nomor]
            assert s.status == "disetujui" and s.penilai_id and e.akhir == (e.nomor == 4)
            assert baris_rhk[e.id] == rhk[s.id] and baris_perilaku[e.id] == set(BERAKHLAK)
            assert e.dibuat < AWAL_HARI and e.dibuat.date() >= awal
            if e.diajukan_pada:
                assert s.disetujui_pada.date() < e.diajukan_pada.date() < HARI
            if e.status == "dinilai":
                assert e.predikat == predikat(e.rating_hasil, e.rating_perilaku) and e.penilai_id == s.penilai_id
                assert e.final_pada < AWAL_HARI
                if e.diajukan_pada:
                    assert e.final_pada.date() > e.diajukan_pada.date()
                else:  # without a self-evaluation only once the period is over
                    assert e.final_pada.date() > akhir
            else:
                assert e.predikat is None and e.final_pada is None and e.penilai_id is None
                assert (e.status == "terbuka") == (e.diajukan_pada is None)
                assert e.status == "diajukan" or e.rating_hasil is None


def test_realisasi_sesudah_persetujuan_dan_sebelum_pengajuan(app, kota):
    with database:
        skp = _sintetis()
        info = _info()
        ev = {(e.skp_id, e.nomor): e for e in _evaluasi(skp)}
        q = (Realisasi.select(Realisasi, Rhk.skp.alias("skp_id")).join(Iki).join(Rhk)
             .where(Rhk.skp.in_(list(skp))).objects())
        for r in q:
            s, e = skp[r.skp_id], ev.get((r.skp_id, r.nomor))
            assert s.status == "disetujui" and r.nilai_angka is not None and r.nilai_angka >= 0
            assert r.diubah.date() >= max(info[r.nomor][1], s.disetujui_pada.date() + datetime.timedelta(days=1))
            assert r.diubah < AWAL_HARI
            kunci = [w for w in (e.diajukan_pada, e.final_pada) if w] if e else []
            assert all(r.diubah < w for w in kunci)
        for b in Bukti.select(Bukti, Realisasi, Iki, Rhk).join(Realisasi).join(Iki).join(Rhk).where(
                Rhk.skp.in_(list(skp))):
            assert b.pengunggah_id == skp[b.realisasi.iki.rhk.skp_id].pegawai_id
            assert b.dibuat >= b.realisasi.diubah


def test_pembinaan_dan_keberatan_menurut_aturan(app, kota):
    with database:
        skp = _sintetis()
        ev = {e.id: e for e in _evaluasi(skp)}
        for p in Pembinaan.select().where(Pembinaan.evaluasi.in_(list(ev))):
            e = ev[p.evaluasi_id]
            assert e.status == "dinilai" and e.predikat in PERLU_PEMBINAAN
            assert p.pembuat_id == skp[e.skp_id].penilai_id and e.final_pada < p.dibuat < AWAL_HARI
            assert p.target_tanggal >= e.final_pada.date()
        for k in Keberatan.select().where(Keberatan.evaluasi.in_(list(ev))):
            e, s = ev[k.evaluasi_id], skp[ev[k.evaluasi_id].skp_id]
            assert e.akhir and e.status == "dinilai"
            assert e.final_pada < k.diajukan_pada < AWAL_HARI
            assert k.diajukan_pada.date() <= batas_keberatan(e.final_pada.date())
            assert s.atasan_penilai_id not in (None, s.pegawai_id, s.penilai_id)
            assert k.predikat_lama == predikat(k.rating_hasil_lama, k.rating_perilaku_lama)
            if k.status == "diputuskan":
                assert k.pemutus_id == s.atasan_penilai_id and k.diajukan_pada < k.diputuskan_pada < AWAL_HARI
                assert (e.rating_hasil, e.rating_perilaku, e.predikat) == (
                    k.rating_hasil_baru, k.rating_perilaku_baru, k.predikat_baru)
                assert (k.keputusan == "tetap") == (k.predikat_baru == k.predikat_lama
                                                    and k.rating_hasil_baru == k.rating_hasil_lama
                                                    and k.rating_perilaku_baru == k.rating_perilaku_lama)
            else:
                assert k.pemutus_id is None and k.keputusan is None


# ---------------------------------------------------------------- teams

def _opd(unit, per_id):
    """The OPD (the unit under the root) holding `unit`."""
    return per_id[int(unit.path.strip("/").split("/")[1])]


def test_setiap_tim_tetap_dalam_rantai_opd_nya(app, kota):
    with database:
        unit = {u.id: u for u in Unit.select()}
        pegawai = {p.id: p for p in Pegawai.select().where(Pegawai.nip.not_in(sorted(DEMO_NIP)))}
        assert len(pegawai) == N + 1 + M
        assert cari_siklus({p.id: p.atasan_id for p in pegawai.values()}) == set()
        for p in pegawai.values():
            opd = _opd(unit[p.unit_id], unit)
            atas = p
            while atas.atasan_id:  # up the chain to the OPD's head, never leaving the OPD
                atas = pegawai[atas.atasan_id]
                assert _opd(unit[atas.unit_id], unit) == opd, p.nama
            assert unit[atas.unit_id].id == opd.id
        for s in _sintetis().values():
            p = pegawai[s.pegawai_id]
            assert s.penilai_id == p.atasan_id
            assert s.atasan_penilai_id == (pegawai[p.atasan_id].atasan_id if p.atasan_id else None)
        besar = Pegawai.get(Pegawai.nip == _nip_besar(kota))
        jumlah = {}
        for p in pegawai.values():
            if p.atasan_id and p.atasan_id != besar.id:
                jumlah[p.atasan_id] = jumlah.get(p.atasan_id, 0) + 1
        assert sum(3 <= n <= 12 for n in jumlah.values()) >= 0.75 * len(jumlah)  # most teams: 3-12 people


def test_tim_besar_tepat_m_dan_banyak_menunggu_kepalanya(app, kota):
    with database:
        besar = Pegawai.get(Pegawai.nip == _nip_besar(kota))
        bawahan = list(Pegawai.select().where((Pegawai.atasan == besar.id) & (Pegawai.aktif == True)))  # noqa: E712
        assert len(bawahan) == M and {p.unit_id for p in bawahan} == {besar.unit_id}
        assert besar.jenis_jabatan == "administrator" and besar.atasan.unit.depth == 1
        assert {p.jenis_asn for p in bawahan} == {"pns", "pppk"}
        skp = {s.pegawai_id: s for s in Skp.select().where(Skp.pegawai.in_([p.id for p in bawahan]))}
        assert len(skp) < M  # someone has not made an SKP yet
        assert {s.status for s in skp.values()} >= {"draft", "diajukan", "disetujui"}
        assert all(s.penilai_id == besar.id for s in skp.values())
        menunggu = (Evaluasi.select().join(Skp)
                    .where((Skp.penilai == besar.id) & (Evaluasi.status == "diajukan")).count())
        assert menunggu >= M // 4


@pytest.mark.parametrize("url", ["/", "/tugas", "/tim", "/penilaian", "/tim/kaskade", "/skp"])
def test_halaman_kepala_tim_besar_menjawab(app, kota, client, url):
    assert Auth(client).login(_nip_besar(kota), DEMO_SANDI).status_code == 303
    r = client.get(url)
    assert r.status_code == 200, url
    with database:
        besar = Pegawai.get(Pegawai.nip == _nip_besar(kota))
        nama = {p.nama for p in Pegawai.select(Pegawai.nama).where(Pegawai.atasan == besar.id)}
    h = Halaman(r)
    assert besar.nama in h.teks("header.kepala")  # the signed-in head, named in the header
    if url in ("/tugas", "/tim", "/penilaian"):  # lists of the team: someone of it is on the first page
        isi = h.teks("main")
        assert any(n in isi for n in nama), url
