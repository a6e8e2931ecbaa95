"""The annual ("Akhir") evaluation is about the whole year: the penilai and
the pegawai see each period's predikat and every IKI's realisasi per period."""
from decimal import Decimal

from kinerja.db import database
from kinerja.penilaian.layanan import ambil_evaluasi, simpan_evaluasi_diri, simpan_penilaian
from kinerja.penilaian.models import Realisasi
from kinerja.skp.models import Skp
from tests.halaman import Halaman


def test_penilaian_tahunan_menunjukkan_seluruh_tahun(berjalan, client, auth):
    rhk = berjalan["rhk"]["staf"]
    with database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        iki = rhk.iki.get()
        Realisasi.create(iki=iki, nomor=1, nilai_angka=Decimal("3"))
        Realisasi.create(iki=iki, nomor=4, nilai_angka=Decimal("11"))
        ev = ambil_evaluasi(skp, 1)
        simpan_evaluasi_diri(skp.pegawai, skp, ev, {f"penilaian_diri_{rhk.id}": "sesuai"}, ev.version, ajukan=True)
        simpan_penilaian(skp.penilai, skp, ev, {"rating_hasil": "di_bawah", "rating_perilaku": "sesuai"},
                         ev.version, finalkan=True)
    auth.login("kasi")
    html = Halaman(client.get(f"/penilaian/skp/{skp.id}/4")).teks()
    assert "Ringkasan satu tahun" in html and "Butuh Perbaikan" in html
    assert "3 laporan" in html and "11 laporan" in html
    assert "Ringkasan satu tahun" not in Halaman(client.get(f"/penilaian/skp/{skp.id}/2")).teks()
    auth.logout()
    auth.login("staf")
    html = Halaman(client.get(f"/skp/{skp.id}/kinerja/4")).teks()
    assert "Ringkasan satu tahun" in html and "Butuh Perbaikan" in html
