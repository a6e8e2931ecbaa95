"""The one clock (kinerja/jam.py): the city's zone whatever the server's,
KINERJA_HARI_INI, and the date edges where a wrong clock hurts people: the
last minute of the 14-day objection window, a period that ends on 31
December, 29 February. Also: nothing else in kinerja/ reads the system date,
and migration 0004 converts times stored in the server's zone."""
import datetime
import os
import pathlib
import re
import time

import pytest
from playhouse.migrations import Runner

from kinerja import create_app
from kinerja import jam as jam_kota
from kinerja.db import MIGRATIONS_DIR, database, migrate
from kinerja.models import Pengaturan, Periode, Riwayat
from kinerja.penilaian.layanan import info_periode, periode_usai
from kinerja.penilaian.models import Keberatan
from kinerja.rules import RuleError, nomor_berjalan, periksa_nip, periode_evaluasi
from kinerja.tampilan import batas_id, waktu_id, waktu_iso
from tests.conftest import HASH_METHOD, kirim
from tests.halaman import Halaman
from tests.test_keberatan import ALASAN, final, url

UTC = datetime.timezone.utc
ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture
def server_utc():
    """The server's own zone is UTC, as on a typical Linux server."""
    lama = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if lama is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = lama
    time.tzset()


# ---------------------------------------------------------------- the clock

def test_zona_kota_bukan_zona_server(server_utc, jam):
    # 16:30 UTC is already 23:30 WIB; 17:00 UTC is the next day in Tanjungbalai.
    jam.setel(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert jam_kota.sekarang() == datetime.datetime(2026, 12, 31, 23, 30)
    jam.setel(datetime.datetime(2026, 12, 31, 17, 0, tzinfo=UTC))
    assert jam_kota.sekarang() == datetime.datetime(2027, 1, 1, 0, 0)
    assert jam_kota.hari_ini() == datetime.date(2027, 1, 1)


def test_hari_ini_tetap_menjaga_jam_sebenarnya(jam):
    jam.setel("2027-07-15")
    sebelum = datetime.datetime.now(UTC).astimezone(jam_kota.zona()).replace(tzinfo=None, microsecond=0)
    now = jam_kota.sekarang()
    assert now.date() == datetime.date(2027, 7, 15)
    assert abs((datetime.datetime.combine(sebelum.date(), now.time()) - sebelum).total_seconds()) <= 2
    jam.setel("2027-07-15T08:05")
    assert jam_kota.sekarang() == datetime.datetime(2027, 7, 15, 8, 5)


def test_pengaturan_buruk_ditolak_dengan_pesan():
    with pytest.raises(ValueError, match="KINERJA_TIMEZONE tidak dikenal"):
        jam_kota.atur("Asia/Tanjungbalai", None)
    with pytest.raises(ValueError, match="KINERJA_HARI_INI tidak valid"):
        jam_kota.atur("Asia/Jakarta", "28-11-2026")


def test_zona_lain_dari_pengaturan(db_baru, jam):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": db_baru("a"),
                      "TIMEZONE": "Asia/Makassar", "HARI_INI": "2026-03-01T10:00"})
    assert app.config["TIMEZONE"] == "Asia/Makassar"
    assert jam_kota.singkatan() == "WITA" and jam_kota.sekarang() == datetime.datetime(2026, 3, 1, 10, 0)


def test_waktu_ditampilkan_dengan_zona():
    t = datetime.datetime(2026, 12, 3, 14, 5)
    assert waktu_id(t) == "03-12-2026 14.05 WIB"
    assert waktu_iso(t) == "2026-12-03T14:05:00+07:00"
    assert batas_id(datetime.date(2026, 12, 12)) == "12 Desember 2026 pukul 23.59 WIB"


def test_tak_ada_jam_lain_di_kinerja():
    """Only kinerja/jam.py asks the system for the date or time."""
    pola = re.compile(r"datetime\.(datetime\.)?now\(|date\.today\(|\btime\.time\(|utcnow\(|\btime\.localtime\(")
    temuan = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "kinerja").rglob("*.py"))
              for n, baris in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if pola.search(baris) and p.name != "jam.py"]
    assert temuan == []


# ---------------------------------------------------------------- the objection window, in WIB

def test_keberatan_2359_wib_hari_ke_14_diterima(server_utc, jam, client, auth, org, berjalan):
    jam.setel("2026-11-28T10:00")
    ev = final(org, berjalan)  # final 28 November 10.00 WIB: the last day is 12 December
    jam.setel(datetime.datetime(2026, 12, 12, 16, 59, tzinfo=UTC))  # 23.59 WIB
    auth.login("staf")
    html = Halaman(client.get(url(ev))).teks()
    assert "12 Desember 2026 pukul 23.59 WIB" in html
    r = kirim(client, url(ev), {"alasan": ALASAN}, token_from="/")
    assert r.status_code == 303
    with database:
        kb = Keberatan.get()
        assert kb.diajukan_pada == datetime.datetime(2026, 12, 12, 23, 59)  # stored in WIB


def test_keberatan_0000_wib_hari_ke_15_ditolak(server_utc, jam, client, auth, org, berjalan):
    jam.setel("2026-11-28T10:00")
    ev = final(org, berjalan)
    jam.setel(datetime.datetime(2026, 12, 12, 17, 0, tzinfo=UTC))  # 00.00 WIB on 13 December
    auth.login("staf")
    r = kirim(client, url(ev), {"alasan": ALASAN}, token_from="/")
    assert r.status_code == 422
    assert "batas pengajuan 14 hari sampai 12 Desember 2026, hari ini 13 Desember 2026" in Halaman(r).teks()
    with database:
        assert Keberatan.select().count() == 0


# ---------------------------------------------------------------- year ends and leap days

def test_periode_berakhir_31_desember(server_utc, jam, org):
    with database:
        periode = Periode.get(Periode.tahun == 2026)
        assert info_periode(periode, 4)[3] == datetime.date(2026, 12, 31)
        jam.setel(datetime.datetime(2026, 12, 31, 16, 59, tzinfo=UTC))  # 23.59 WIB on 31 December
        assert not periode_usai(periode, 4)
        jam.setel(datetime.datetime(2026, 12, 31, 17, 0, tzinfo=UTC))  # 00.00 WIB on 1 January
        assert periode_usai(periode, 4)


def test_29_februari():
    bulanan = periode_evaluasi("bulanan", datetime.date(2028, 1, 1), datetime.date(2028, 12, 31))
    assert bulanan[1][2:] == (datetime.date(2028, 2, 1), datetime.date(2028, 2, 29))
    assert nomor_berjalan(bulanan, datetime.date(2028, 2, 29)) == 2
    assert nomor_berjalan(bulanan, datetime.date(2028, 3, 1)) == 3
    # A PNS born on a leap day; the same day in a common year is no date.
    assert periksa_nip("199602292020121001", hari_ini=datetime.date(2028, 2, 29)) == "199602292020121001"
    with pytest.raises(RuleError, match="Tanggal lahir pada NIP"):
        periksa_nip("199702292020121001", hari_ini=datetime.date(2028, 2, 29))


def test_nip_membaca_jam_kota(jam):
    # Born "tomorrow" is refused today; once the clock has reached that day
    # the birth date passes and only the CPNS age rule (18) still refuses it.
    jam.setel("2026-11-28")
    with pytest.raises(RuleError, match="Tahun lahir"):
        periksa_nip("202611292026121001")
    jam.setel("2026-11-29")
    with pytest.raises(RuleError, match="terlalu awal"):
        periksa_nip("202611292026121001")


# ---------------------------------------------------------------- stored times: migration 0004

def _app(url, zona="Asia/Jakarta"):
    return create_app({"TESTING": True, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": HASH_METHOD,
                       "DATABASE_URL": url, "TIMEZONE": zona})


def test_migrasi_0004_mengubah_waktu_lama_ke_wib(server_utc, db_baru):
    _app(db_baru("lama"))
    migrate("0003_penilaian")
    with database.connection_context():  # written by the old code: the server's clock, in UTC
        database.execute_sql("INSERT INTO riwayat (waktu, objek, objek_id, aksi, data) "
                             "VALUES ('2026-11-27 20:30:00', 'skp', 1, 'Diajukan', '{}')")
    migrate()
    with database.connection_context():
        assert Riwayat.get().waktu == datetime.datetime(2026, 11, 28, 3, 30)  # the same moment in WIB
        assert Pengaturan.get_by_id("zona_waktu").nilai == "Asia/Jakarta"
        assert Pengaturan.get_by_id("zona_waktu_asal").nilai == "UTC"
    with database.connection_context():
        Runner(database.obj, directory=MIGRATIONS_DIR).down("0004_zona_waktu")
        assert Riwayat.get().waktu == datetime.datetime(2026, 11, 27, 20, 30)


def test_zona_berbeda_dari_basis_data_ditolak(db_baru):
    url = db_baru("kota")
    _app(url)
    migrate()
    app = _app(url, "Asia/Makassar")
    r = app.test_cli_runner().invoke(args=["db", "up"])
    assert r.exit_code != 0 and "tersimpan dalam zona Asia/Jakarta" in r.output
    health = app.test_client().get("/healthz")
    assert health.status_code == 503 and "Asia/Jakarta" in health.get_json()["database"]["error"]
