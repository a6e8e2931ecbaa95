"""The team's default perilaku expectations (/tim/ekspektasi): written once
for the seven BerAKHLAK values, applied to the chosen subordinates' SKP."""
import pytest

from kinerja.db import database
from kinerja.models import Periode, Riwayat
from kinerja.rules import BERAKHLAK
from kinerja.skp.layanan import buat_skp, simpan_perilaku
from kinerja.skp.models import EkspektasiTim, Perilaku, Skp
from tests.conftest import kirim
from tests.halaman import Halaman
from tests.test_skp_tim import perilaku, tim  # noqa: F401  (the team fixture)


def isian_ekspektasi(**kw):
    """The form as the 2026 page sends it (its hidden `tahun` names the year shown)."""
    data = {nilai: f"Ekspektasi tim untuk {info['nama']}" for nilai, info in BERAKHLAK.items()}
    data["tahun"] = "2026"
    data.update(kw)
    return data


def test_halaman_ekspektasi_menampilkan_tujuh_perilaku_berurutan(client, auth, tim):
    auth.login("kasi")
    r = client.get("/tim/ekspektasi")
    h = Halaman(r)
    assert r.status_code == 200
    isi = h.teks()
    posisi = [isi.index(f"{i}. {info['nama']}") for i, info in enumerate(BERAKHLAK.values(), start=1)]
    assert posisi == sorted(posisi)
    for info in BERAKHLAK.values():
        for panduan in info["panduan"]:
            assert panduan in isi
    for nilai in BERAKHLAK:
        isian = h.isian(nilai)
        assert isian.tag == "textarea" and isian.label.startswith("Ekspektasi khusus: ")
    assert h.isian("terapkan", "pilih").checked  # the default: nobody overwritten
    assert h.pilih('input[name="bawahan"]')
    assert not [el for el in h.pilih('input[name="bawahan"]') if el.get("checked") is not None]


def test_ekspektasi_menyimpan_bawaan_dan_diterapkan_ke_yang_dipilih(client, auth, tim):
    with database:
        simpan_perilaku(tim["kasi"], Skp.get_by_id(tim["skp"]["staf"].id),
                        {"loyal": "Menjaga kerahasiaan data siswa"})
        simpan_perilaku(tim["kasi"], Skp.get_by_id(tim["skp"]["citra"].id), {"loyal": "Khusus Citra"})
    auth.login("kasi")
    data = isian_ekspektasi(loyal="", terapkan="pilih",
                            bawahan=[str(tim["staf"].id), str(tim["dodi"].id), str(tim["andi"].id)])
    r = kirim(client, "/tim/ekspektasi", data, token_from="/")
    assert r.status_code == 303 and r.headers["Location"].endswith("/tim/ekspektasi?periode=2026")
    h = Halaman(client.get(r.headers["Location"]))
    kilas = " ".join(h.flash())
    assert "Ekspektasi bawaan tim periode 2026 disimpan." in kilas
    assert "Diterapkan ke SKP: Rina Marpaung." in kilas
    assert "Dodi Pratama (SKP sudah disetujui" in kilas and "Andi Saputra (belum membuat SKP" in kilas
    assert h.isian("akuntabel").value == "Ekspektasi tim untuk Akuntabel"  # the form shows the saved defaults
    with database:
        bawaan = {e.nilai: e.ekspektasi for e in EkspektasiTim.select().where(
            (EkspektasiTim.penilai == tim["kasi"].id) & (EkspektasiTim.periode == tim["periode"].id))}
        assert bawaan["akuntabel"] == "Ekspektasi tim untuk Akuntabel" and not bawaan.get("loyal")
        staf = perilaku(tim["skp"]["staf"])
        assert staf["akuntabel"] == "Ekspektasi tim untuk Akuntabel"
        assert staf["loyal"] == "Menjaga kerahasiaan data siswa"  # an empty default erases nothing
        for key in ("dodi", "citra"):  # approved: skipped; not chosen: untouched
            assert perilaku(tim["skp"][key])["akuntabel"] == ""
        assert Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.objek_id == tim["skp"]["staf"].id)
                                      & (Riwayat.aksi == "Ekspektasi perilaku diubah")).count() == 2
        assert Riwayat.select().where((Riwayat.objek == "pegawai") & (Riwayat.objek_id == tim["kasi"].id)
                                      & Riwayat.aksi.startswith("Ekspektasi perilaku tim")).count() == 1
        # A subordinate who starts the SKP afterwards gets the defaults.
        skp_andi = buat_skp(tim["andi"], tim["periode"], "kuantitatif")
        andi = perilaku(skp_andi)
        assert andi["kolaboratif"] == "Ekspektasi tim untuk Kolaboratif" and andi["loyal"] == ""


def test_ekspektasi_untuk_semua_dan_simpan_saja(client, auth, tim):
    auth.login("kasi")
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(terapkan="tidak"), token_from="/")
    assert r.status_code == 303
    assert "Belum diterapkan ke SKP mana pun" in " ".join(Halaman(client.get(r.headers["Location"])).flash())
    with database:
        assert EkspektasiTim.select().count() == 7
        assert perilaku(tim["skp"]["staf"])["adaptif"] == ""
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(terapkan="semua", adaptif="Cepat belajar aplikasi"),
              token_from="/")
    assert r.status_code == 303
    assert "Diterapkan ke SKP: Citra Lestari, Rina Marpaung." in \
        " ".join(Halaman(client.get(r.headers["Location"])).flash())
    with database:
        assert EkspektasiTim.select().count() == 7
        for key in ("staf", "citra"):
            assert perilaku(tim["skp"][key])["adaptif"] == "Cepat belajar aplikasi"
        assert perilaku(tim["skp"]["dodi"])["adaptif"] == ""


@pytest.mark.parametrize("ubahan,pesan", [
    ({"terapkan": "pilih"}, "Pilih paling sedikit satu bawahan."),
    ({"terapkan": "pilih", "bawahan": ["staf_dinkes"]}, "hanya bawahan Anda yang bisa dipilih"),
    ({"terapkan": "entah"}, "Pilih salah satu cara penerapan."),
    ({"terapkan": "semua", "harmonis": "x" * 2001}, "Paling banyak 2000 karakter"),
])
def test_ekspektasi_isian_salah_tidak_menyimpan_apa_pun(client, auth, org, tim, ubahan, pesan):
    if "bawahan" in ubahan:
        ubahan["bawahan"] = [str(org["pegawai"][k].id) for k in ubahan["bawahan"]]
    auth.login("kasi")
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(**ubahan), token_from="/")
    h = Halaman(r)
    assert r.status_code == 422 and pesan in h.teks_galat()
    assert h.isian("akuntabel").value == "Ekspektasi tim untuk Akuntabel"  # what was typed is kept
    if "harmonis" in ubahan:
        assert h.isian("harmonis").value == "x" * 2001
        assert h.satu(".galat-ringkas a[href='#harmonis']") is not None
    with database:
        assert EkspektasiTim.select().count() == 0
        assert not Perilaku.select().where(Perilaku.ekspektasi != "").exists()


def test_ekspektasi_di_periode_ditutup_ditolak(client, auth, tim):
    with database:
        Periode.update(status="ditutup").where(Periode.id == tim["periode"].id).execute()
    auth.login("kasi")
    r = kirim(client, "/tim/ekspektasi?periode=2026", isian_ekspektasi(terapkan="tidak"), token_from="/")
    assert r.status_code == 422 and "sudah ditutup" in Halaman(r).teks("main")
    with database:
        assert EkspektasiTim.select().count() == 0


def test_ekspektasi_dikirim_tanpa_tim_ditolak(client, auth, rencana):
    auth.login("staf")
    r = kirim(client, "/tim/ekspektasi", isian_ekspektasi(terapkan="tidak"), token_from="/")
    assert r.status_code == 403
    with database:
        assert EkspektasiTim.select().count() == 0


