"""A real annual evaluation (issue 13, items 2 and 7): each IKI says how its
periods add up to the year (jumlah, rata-rata, nilai terakhir) and may carry
a target per period; the annual page, print and objection show the whole
year, per IKI the year's realisasi against the annual target with capaian;
the period page says what to enter and shows the year so far.

Tests run on 2026-11-28 (the `jam` fixture): Triwulan IV-Akhir is running."""
from decimal import Decimal

import pytest
from peewee import Table, fn
from playhouse.migrations import Runner

from kinerja import create_app
from kinerja.db import MIGRATIONS_DIR, database, migrate
from kinerja.models import Pegawai, Periode
from kinerja.penilaian.layanan import ambil_evaluasi
from kinerja.penilaian.models import Evaluasi, Realisasi
from kinerja.penilaian.realisasi import ringkasan_tahun
from kinerja.seed import DEMO_SANDI
from kinerja.skp.layanan import buat_skp, ringkasan_rhk
from kinerja.skp.models import Iki, Rhk, Skp
from kinerja.skp.rencana import simpan_iki, simpan_rhk
from tests.conftest import hitung_kueri, kirim, kota_demo_sekali, teks
from tests.halaman import Halaman, teks_dari
from tests.test_formulir_ubah import baris, sama_kecuali, ubah_satu

SETAHUN = "1 Januari 2026 s.d. 31 Desember 2026"


def _isi(iki, nilai):
    for nomor, v in nilai.items():
        if v is not None:
            if isinstance(v, str) and not v[0].isdigit():
                Realisasi.create(iki=iki, nomor=nomor, nilai_teks=v)
            else:
                Realisasi.create(iki=iki, nomor=nomor, nilai_angka=Decimal(v))


@pytest.fixture
def setahun(berjalan):
    """The staf's approved 2026 SKP with one IKI of each kind and a narrative
    one, with realisasi in some periods:
    - jumlah "Jumlah laporan staf" (12 laporan, 3 per periode): 3, 4, -, 2 -> 9 (75 %);
    - rata-rata "Berkas tepat waktu" (90 %): 80, -, 90, 100 -> 90 (100 %);
    - nilai terakhir "Data tervalidasi" (100 %): 40, 70, 85, - -> 85 (85 %);
    - narrative "Arsip rapi": texts in periods 1 and 3."""
    rhk = berjalan["rhk"]["staf"]
    with database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        jumlah = rhk.iki.get()
        Iki.update(target_periode=3).where(Iki.id == jumlah.id).execute()
        rata = Iki.create(rhk=rhk, indikator="Berkas tepat waktu", target_min=90, satuan="%",
                          cara_hitung="rata_rata", urutan=2)
        akhir = Iki.create(rhk=rhk, indikator="Data tervalidasi", target_min=100, satuan="%",
                           cara_hitung="terakhir", urutan=3)
        uraian = Iki.create(rhk=rhk, indikator="Arsip rapi", target_teks="Arsip tertata", urutan=4)
        _isi(jumlah, {1: "3", 2: "4", 4: "2"})
        _isi(rata, {1: "80", 3: "90", 4: "100"})
        _isi(akhir, {1: "40", 2: "70", 3: "85"})
        _isi(uraian, {1: "Mulai menata", 3: "Arsip tertata rapi"})
        ev = ambil_evaluasi(skp, 4)
    return {"skp": skp, "ev": ev, "jumlah": jumlah.id, "rata": rata.id, "akhir": akhir.id, "uraian": uraian.id}


def _baris(h, iki_id):
    """The cells of one IKI's row in the year table, as text."""
    tr = h.pilih(f'tr[data-iki="{iki_id}"]')
    assert tr, f"IKI {iki_id} tidak ada di ringkasan tahun"
    return [teks_dari(sel) for sel in tr[0].xpath("./th|./td")]


def _setahun(h):
    """The year totals of the print view ("Setahun: 9 laporan (capaian 75 %)" ...)."""
    return [teks_dari(td).split(" dari tiap periode")[0] for td in h.pilih("td.setahun")]


def _periksa_tahun(h, s):
    # IKI, year, capaian, then Triwulan I..IV-Akhir
    assert _baris(h, s["jumlah"])[1:] == ["9 laporan", "75 %", "3 laporan", "4 laporan", "–", "2 laporan"]
    assert _baris(h, s["rata"])[1:] == ["90 %", "100 %", "80 %", "–", "90 %", "100 %"]
    assert _baris(h, s["akhir"])[1:] == ["85 %", "85 %", "40 %", "70 %", "85 %", "–"]
    uraian = _baris(h, s["uraian"])
    assert uraian[1] == "Uraian: lihat tiap periode" and uraian[2:] == ["Mulai menata", "–", "Arsip tertata rapi", "–"]
    assert "jumlah)" in _baris(h, s["jumlah"])[0] and "rata-rata)" in _baris(h, s["rata"])[0]
    assert "nilai terakhir)" in _baris(h, s["akhir"])[0]


def test_ringkasan_tahun_per_cara_hitung(setahun):
    with database:
        skp = Skp.get_by_id(setahun["skp"].id)
        periode, per_iki, hasil = ringkasan_tahun(skp, ringkasan_rhk(skp))
    assert [label for _, label, _ in periode][-1] == "Triwulan IV-Akhir"
    assert (hasil[setahun["jumlah"]]["nilai"], hasil[setahun["jumlah"]]["capaian"]) == (Decimal(9), Decimal("75.0"))
    assert (hasil[setahun["rata"]]["nilai"], hasil[setahun["rata"]]["capaian"]) == (Decimal(90), Decimal("100.0"))
    assert (hasil[setahun["akhir"]]["nilai"], hasil[setahun["akhir"]]["capaian"]) == (Decimal(85), Decimal("85.0"))
    assert hasil[setahun["uraian"]]["angka"] is False and hasil[setahun["uraian"]]["isian"] == 2
    assert set(per_iki[setahun["uraian"]]) == {1, 3}


def test_halaman_tahunan_penilai_pegawai_dan_cetak(setahun, client, auth):
    skp, ev = setahun["skp"], setahun["ev"]
    auth.login("kasi")
    h = Halaman(client.get(f"/penilaian/{ev.id}"))
    assert h.definisi("Periode penilaian").startswith(SETAHUN)
    _periksa_tahun(h, setahun)
    h = Halaman(client.get(f"/penilaian/{ev.id}/cetak"))
    cetak = h.teks()
    assert "Periode penilaian: " + SETAHUN in cetak and "1 Oktober 2026 s.d." not in cetak
    setahun_cetak = _setahun(h)
    for total in ("Setahun: 9 laporan (capaian 75 %)", "Setahun: 90 % (capaian 100 %)",
                  "Setahun: 85 % (capaian 85 %)"):
        assert [t for t in setahun_cetak if t.startswith(total)], total
    assert {"Setahun: 9 laporan", "Setahun: 90 %", "Setahun: 85 %"} <= {
        teks_dari(el) for el in h.pilih("td.setahun strong")}
    assert "Triwulan I: Mulai menata" in cetak and "Triwulan III: Arsip tertata rapi" in cetak
    assert "setahun = jumlah periode · tiap periode 3 laporan" in cetak
    auth.logout()
    auth.login("staf")
    _periksa_tahun(Halaman(client.get(f"/skp/{skp.id}/kinerja/4")), setahun)
    # A quarter's page is not the year's.
    assert not Halaman(client.get(f"/skp/{skp.id}/kinerja/3")).pilih("#ringkasan-tahun")


def test_halaman_periode_mengatakan_apa_yang_diisi(setahun, client, auth):
    skp = setahun["skp"]
    auth.login("staf")
    h = Halaman(client.get(f"/skp/{skp.id}/kinerja/4"))
    kartu = {k: teks_dari(h.satu(f"li#realisasi-{setahun[k]}")) for k in ("jumlah", "rata", "akhir")}
    assert "Isi jumlah periode ini saja, bukan total sejak awal tahun." in kartu["jumlah"]
    assert "Target tiap periode: 3 laporan" in kartu["jumlah"]
    assert "Jumlah sampai Triwulan IV-Akhir (tersimpan): 9 laporan dari target 12 laporan (75 %)" in kartu["jumlah"]
    assert "Isi angka periode ini; hasil setahun adalah rata-ratanya." in kartu["rata"]
    assert "Rata-rata sampai Triwulan IV-Akhir (tersimpan): 90 %" in kartu["rata"]
    assert "Target tiap periode" not in kartu["rata"]
    assert "Isi keadaan atau angka terkini" in kartu["akhir"]
    assert "Nilai terakhir sampai Triwulan IV-Akhir (tersimpan): 85 %" in kartu["akhir"]
    # The field is described by the hint and the year so far.
    j = setahun["jumlah"]
    assert h.isian(f"nilai-{j}").get("aria-describedby") == f"nilai-{j}-petunjuk sampai-{j}"
    assert h.satu(f"#sampai-{j}") is not None and h.satu(f"#nilai-{j}-petunjuk") is not None
    # An earlier period counts only up to itself: 3 + 4 after Triwulan II.
    isi = Halaman(client.get(f"/skp/{skp.id}/kinerja/2")).teks()
    assert "Jumlah sampai Triwulan II (tersimpan): 7 laporan dari target 12 laporan (58,3 %)" in isi
    assert "Rata-rata sampai Triwulan II (tersimpan): 80 %" in isi


def test_hasil_setahun_ikut_isian_baru(setahun, client, auth):
    """Saving the quarter's amount on the one-form period page moves the year's sum."""
    skp = setahun["skp"]
    auth.login("staf")
    url = f"/skp/{skp.id}/kinerja/4"
    from tests.formulir import baca_formulir, sebagai_dict
    tujuan, isian = baca_formulir(teks(client.get(url)), None, url, id="isian-periode")
    data = sebagai_dict(isian)
    data[f"nilai-{setahun['jumlah']}"] = ["5"]
    r = client.post(tujuan, data=data)
    assert r.status_code == 303, teks(r)[:2000]
    assert _baris(Halaman(client.get(url)), setahun["jumlah"])[1:3] == ["12 laporan", "100 %"]


def test_kueri_halaman_tahunan_tetap(setahun, client, auth, hitung_tiap_halaman):
    """The annual pages cost the same number of queries for 4 IKI as for 16."""
    skp, ev = setahun["skp"], setahun["ev"]
    auth.login("kasi")
    urls = [f"/penilaian/{ev.id}", f"/penilaian/{ev.id}/cetak"]
    for u in urls:
        client.get(u)
    sebelum = {}
    for u in urls:
        with hitung_kueri() as k:
            assert client.get(u).status_code == 200
        sebelum[u] = len(k)
    with database:
        rhk_id = Iki.get_by_id(setahun["jumlah"]).rhk_id
        for n in range(12):
            cara = ("jumlah", "rata_rata", "terakhir")[n % 3]
            i = Iki.create(rhk=rhk_id, indikator=f"IKI tambahan {n}", target_min=10, satuan="kali",
                           cara_hitung=cara, urutan=10 + n)
            _isi(i, {1: "2", 3: "4"})
    for u in urls:
        with hitung_kueri() as k:
            r = client.get(u)
        assert r.status_code == 200 and "IKI tambahan 11" in Halaman(r).teks()
        assert len(k) == sebelum[u], u
    auth.logout()
    auth.login("staf")
    u = f"/skp/{skp.id}/kinerja/4"
    with hitung_kueri() as k:
        assert client.get(u).status_code == 200
    with database:
        Iki.delete().where(Iki.indikator.startswith("IKI tambahan")).execute()
    with hitung_kueri() as sedikit:
        assert client.get(u).status_code == 200
    assert len(k) == len(sedikit)


# ---------------------------------------------------------------- the IKI form

@pytest.fixture
def staf(rencana, auth):
    auth.login("staf")
    return rencana["skp"]["staf"]


def test_formulir_iki_menyimpan_cara_hitung(rencana, staf, client):
    rhk = rencana["rhk"]["staf"]
    url = f"/skp/{staf.id}/rhk/{rhk.id}/iki"
    h = Halaman(client.get(url))
    assert "Realisasi setahun dihitung sebagai" in [teks_dari(el) for el in h.pilih("legend")]
    assert h.isian("cara_hitung", "jumlah").checked and h.isian("cara_hitung", "jumlah").jenis == "radio"
    assert not h.isian("cara_hitung", "rata_rata").checked
    assert "hasil tiap periode dijumlahkan" in h.teks() and "rata-rata periode yang terisi" in h.teks()
    r = kirim(client, url, {"aspek": "kualitas", "indikator": "Berkas lengkap", "target_min": "90",
                            "satuan": "%", "cara_hitung": "rata_rata", "target_periode": "22,5"}, token_from="/skp")
    assert r.status_code == 303
    with database:
        iki = Iki.get((Iki.rhk == rhk.id) & (Iki.indikator == "Berkas lengkap"))
        assert (iki.cara_hitung, iki.target_periode) == ("rata_rata", Decimal("22.5"))
    assert "setahun = rata-rata periode · tiap periode 22,5 %" in Halaman(client.get(f"/skp/{staf.id}")).teks()
    # No kind sent (an older page or an API client): a new IKI sums its periods.
    r = kirim(client, url, {"aspek": "kuantitas", "indikator": "Surat", "target_min": "40", "satuan": "surat"},
              token_from="/skp")
    assert r.status_code == 303
    with database:
        iki = Iki.get(Iki.indikator == "Surat")
        assert (iki.cara_hitung, iki.target_periode) == ("jumlah", None)
    # The SKP print shows both.
    assert "setahun = rata-rata periode · tiap periode 22,5 %" in Halaman(client.get(f"/skp/{staf.id}/cetak")).teks()


@pytest.mark.parametrize("data, field, pesan", [
    ({"cara_hitung": "median"}, "cara_hitung", "Pilih cara menghitung realisasi setahun"),
    ({"target_periode": "tiga"}, "target_periode", "angka"),
])
def test_formulir_iki_isian_salah(rencana, staf, client, data, field, pesan):
    rhk = rencana["rhk"]["staf"]
    isian = dict({"aspek": "kuantitas", "indikator": "Notula rapat ditulis", "target_min": "24",
                  "satuan": "notula", "cara_hitung": "jumlah"}, **data)
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/iki", isian, token_from="/skp")
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks_galat() and h.pilih(f'.galat-ringkas a[href="#{field}"]')
    assert (h.isian("indikator").value, h.isian("target_min").value, h.isian("satuan").value) == (
        "Notula rapat ditulis", "24", "notula")
    with database:
        assert not Iki.select().where(Iki.indikator == "Notula rapat ditulis").exists()


def test_ubah_cara_hitung_iki_saja(client, auth, org, rencana):
    skp = rencana["skp"]["staf"]
    with database:
        iki = Iki.select().join(Rhk).where(Rhk.skp == skp.id).get()
        Iki.update(target_periode=3, target_maks=14).where(Iki.id == iki.id).execute()
    sebelum = baris(Iki, Iki.id == iki.id)
    auth.login("staf")
    url = f"/skp/{skp.id}/iki/{iki.id}"
    assert Halaman(client.get(url)).isian("target_periode").value == "3"  # as typed, not "3.00"
    r = ubah_satu(client, url, url, {"cara_hitung": "terakhir"})
    assert r.status_code == 303
    sesudah = baris(Iki, Iki.id == iki.id)
    sama_kecuali(sebelum, sesudah, {"cara_hitung"})
    assert sesudah[0]["cara_hitung"] == "terakhir"
    # And the other way: the period target alone; the kind stays.
    r = ubah_satu(client, url, url, {"target_periode": "4"})
    assert r.status_code == 303
    akhir = baris(Iki, Iki.id == iki.id)
    sama_kecuali(sesudah, akhir, {"target_periode"})
    assert akhir[0]["target_periode"] == Decimal(4) and akhir[0]["cara_hitung"] == "terakhir"


def test_salin_membawa_cara_hitung(rencana, org, staf, client):
    p = org["pegawai"]
    with database:
        lama = Periode.create(tahun=2025, mulai="2025-01-01", selesai="2025-12-31", status="berjalan")
        skp_lama = buat_skp(p["staf"], lama, "kuantitatif")
        r = simpan_rhk(p["staf"], skp_lama, {"jenis": "tambahan", "uraian": "Arsip digital sekolah"})
        simpan_iki(p["staf"], skp_lama, r, {"aspek": "kualitas", "indikator": "Arsip terdigitalisasi",
                                           "target_min": "100", "satuan": "%", "cara_hitung": "terakhir",
                                           "target_periode": "25"})
        Skp.update(status="disetujui").where(Skp.id == skp_lama.id).execute()
        Periode.update(status="ditutup").where(Periode.id == lama.id).execute()
    kirim(client, f"/skp/{staf.id}/rhk/{rencana['rhk']['staf'].id}/hapus", {"version": 1}, token_from="/skp")
    assert kirim(client, f"/skp/{staf.id}/salin", {}, token_from="/skp").status_code == 303
    with database:
        baru = Iki.select().join(Rhk).where(Rhk.skp == staf.id).get()
        assert (baru.indikator, baru.cara_hitung, baru.target_periode) == (
            "Arsip terdigitalisasi", "terakhir", Decimal(25))


# ---------------------------------------------------------------- migration 0008

def test_migrasi_0008_naik_turun(db_baru):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": db_baru("m8")})
    with app.app_context(), database.connection_context():
        runner = Runner(database.obj, directory=MIGRATIONS_DIR)
        runner.up("0007_keberatan_tanggapan")
        kolom = {c.name for c in database.get_columns("iki")}
        assert "cara_hitung" not in kolom and "target_periode" not in kolom
        # Rows from before: a count and a percentage.
        skp_id = _skp_mentah()
        # The table as it was at 0007 (parameters, not literals: "%" is a
        # placeholder character for psycopg).
        iki = Table("iki", ("rhk_id", "aspek", "indikator", "target_min", "satuan", "target_teks", "urutan",
                            "version")).bind(database)
        for satuan in ("laporan", "%", " Persen "):
            iki.insert(rhk_id=skp_id, aspek="kuantitas", indikator=f"x {satuan.strip()}", target_min=12,
                       satuan=satuan, target_teks="", urutan=1, version=1).execute()
        assert runner.up("0008_iki_cara_hitung") == ["0008_iki_cara_hitung"]
        rows = dict(database.execute_sql("SELECT indikator, cara_hitung FROM iki").fetchall())
        assert rows == {"x laporan": "jumlah", "x %": "rata_rata", "x Persen": "rata_rata"}
        assert database.execute_sql("SELECT COUNT(*) FROM iki WHERE target_periode IS NULL").fetchone()[0] == 3
        runner.down("0008_iki_cara_hitung")
        kolom = {c.name for c in database.get_columns("iki")}
        assert "cara_hitung" not in kolom and "target_periode" not in kolom
        assert database.execute_sql("SELECT COUNT(*) FROM iki").fetchone()[0] == 3
        assert migrate()[0] == "0008_iki_cara_hitung"


def _skp_mentah():
    """One RHK row (and what it needs) written with plain SQL at schema 0007; its id."""
    import datetime
    from kinerja.models import Unit
    unit = Unit.insert(nama="Unit M", kode="M", jenis="opd").execute()
    peg = Pegawai.insert(nip="199001012015031001", nama="M", jabatan="J", jenis_jabatan="pelaksana",
                         unit=unit, password_hash="x").execute()
    periode = Periode.insert(tahun=2026, mulai=datetime.date(2026, 1, 1), selesai=datetime.date(2026, 12, 31),
                             status="berjalan").execute()
    skp = Skp.insert(pegawai=peg, periode=periode).execute()
    return Rhk.insert(skp=skp, uraian="R").execute()


# ---------------------------------------------------------------- the demo city

@pytest.fixture(scope="module")
def kota_demo(tmp_path_factory, _db_termigrasi):
    with kota_demo_sekali(tmp_path_factory, _db_termigrasi, "tahunan") as kota:
        yield kota


def test_kota_demo_tahunan_pegawai(kota_demo):
    """The demo pegawai's evaluated year (2025, final) shows year totals of
    each kind against the annual targets, on her annual page and print."""
    app, akun = kota_demo
    client = app.test_client()
    assert kirim(client, "/login", {"nip": akun["pegawai"], "password": DEMO_SANDI}).status_code in (302, 303)
    with app.app_context(), database:
        ev = (Evaluasi.select().join(Skp).join(Periode).switch(Skp).join(Pegawai)
              .where((Pegawai.nip == akun["pegawai"]) & (Periode.tahun == 2025)
                     & Evaluasi.akhir & (Evaluasi.status == "dinilai")).first())
        assert ev is not None, "demo: penilaian tahunan 2025 yang final"
        skp = Skp.get_by_id(ev.skp_id)
        assert skp.pegawai.nip == akun["pegawai"]
        iki = {i.indikator: i.id for i in Iki.select().join(Rhk).where(Rhk.skp == skp.id)}
        cara = dict(Iki.select(Iki.cara_hitung, fn.COUNT(Iki.id)).join(Rhk).where(Rhk.skp == skp.id)
                    .group_by(Iki.cara_hitung).tuples())
    assert set(cara) == {"jumlah", "rata_rata", "terakhir"}
    h = Halaman(client.get(f"/skp/{skp.id}/kinerja/4"))
    assert h.satu("#ringkasan-tahun") is not None
    # jumlah: four quarters of 3 reports (3.15 and 3.24 rounded) -> 12 of 12
    assert _baris(h, iki["Laporan bulanan KIA yang direkap dari puskesmas"])[1:3] == ["12 laporan", "100 %"]
    # rata-rata: 100 % each quarter -> 100 % (never a sum of 400 %)
    assert _baris(h, iki["Persentase surat masuk dan keluar yang diarsipkan"])[1:3] == ["100 %", "100 %"]
    # nilai terakhir: 95, 95, 99,8, 100 -> the last, 100 % of 95 % = 105,3 %
    assert _baris(h, iki["Persentase data balita yang lengkap dan valid"])[1:3] == ["100 %", "105,3 %"]
    h = Halaman(client.get(f"/penilaian/{ev.id}/cetak"))
    cetak = h.teks()
    assert "Periode penilaian: 1 Januari 2025 s.d. 31 Desember 2025" in cetak
    setahun_cetak = _setahun(h)
    assert [t for t in setahun_cetak if t.startswith("Setahun: 12 laporan (capaian 100 %)")]
    assert [t for t in setahun_cetak if t.startswith("Setahun: 100 % (capaian 105,3 %)")]
    assert "Rata-rata dari tiap periode" in cetak and "Nilai terakhir dari tiap periode" in cetak


def test_keberatan_menunjukkan_seluruh_tahun(setahun, app, client, auth, org, berjalan):
    """The objection pages say the whole year; the decider sees the year totals."""
    from tests.test_keberatan import final, keberatan_diajukan
    ev = final(org, berjalan)
    kb = keberatan_diajukan(client, auth, ev)
    auth.login("staf")
    h = Halaman(client.get(f"/penilaian/{ev.id}/keberatan"))
    assert h.definisi("Periode penilaian") == SETAHUN + " (tahunan)"
    auth.logout()
    auth.login("kabid")
    h = Halaman(client.get(f"/keberatan/{kb.id}"))
    assert h.definisi("Periode penilaian") == SETAHUN + " (tahunan)"
    _periksa_tahun(h, setahun)
