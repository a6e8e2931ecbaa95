"""The outbox sender's "menunggu" state after a 503 (app.js, outbox sender):
the server is busy (another writer holds the database's write lock), the
queued item stays on the device with the reason on the status line, and the
sender's own backoff sends it later, once.
"""
from kinerja.db import database, open_database
from kinerja.penilaian.models import Realisasi
from tests.browser.test_luring_peramban import (NOMOR, jumlah_di_perangkat, periode_siap_luring, realisasi_staf,
                                                simpan_realisasi_luring, status_antrean)
from tests.test_tulis_sibuk import penulis_lain


def test_503_tetap_antre_lalu_terkirim_sendiri(page, live_server, berjalan, app):
    base, skp_id = live_server, berjalan["skp"]["staf"].id
    periode_siap_luring(page, base, skp_id)
    simpan_realisasi_luring(page, "9")
    database.initialize(open_database(app.config["DATABASE_URL"], busy_ms=200))  # busy at once
    with penulis_lain(app):
        page.context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.get_by_text("server sibuk, dikirim lagi sebentar lagi").wait_for(timeout=20000)
        # Still queued: waiting for the next try, or (a slow machine, the
        # backoff already due) being sent again; never dropped.
        assert status_antrean(page).inner_text().startswith(("1 isian tersimpan di perangkat", "Mengirim 1 dari 1"))
        assert jumlah_di_perangkat(page, "antrean") == 1
        # Nothing written while the lock is held (read here: readers are not
        # blocked; after the lock goes, the backoff may already have sent it
        # on a slow machine).
        with database.connection_context():  # a plain read: a transaction here would wait for the lock
            assert not Realisasi.select().where(Realisasi.nomor == NOMOR).exists()
    # No new event: the backoff timer (about 5 s) sends it.
    page.get_by_text("Semua terkirim").wait_for(timeout=20000)
    rows = realisasi_staf(skp_id)
    assert len(rows) == 1 and rows[0].nilai_angka == 9
    assert jumlah_di_perangkat(page, "antrean") == 0
