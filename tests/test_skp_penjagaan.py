"""Guards found in review: links that others depend on, locks re-checked by
the write itself, missing or absurd versions, limits, the JPT approval path."""
import pytest

from tests.conftest import kirim
from tests.halaman import Halaman
from kinerja.db import database
from kinerja.models import Periode
from kinerja.rules import BERAKHLAK
from kinerja.inti import Terkunci
from kinerja.skp.layanan import kekurangan, ubah_status
from kinerja.skp.models import Perilaku, Rhk, Skp
from kinerja.skp.rencana import simpan_rhk


def _skp(s):
    with database:
        return Skp.get_by_id(s.id)


def test_rhk_yang_diintervensi_bawahan_tidak_bisa_dihapus(rencana, client, auth):
    kasi, rhk = rencana["skp"]["kasi"], rencana["rhk"]["kasi"]
    auth.login("kabid")
    kirim(client, f"/skp/{kasi.id}/status", {"aksi": "buka", "alasan": "revisi", "version": _skp(kasi).version},
          token_from="/skp")
    auth.logout()
    auth.login("kasi")
    r = kirim(client, f"/skp/{kasi.id}/rhk/{rhk.id}/hapus", {"version": 1}, token_from="/skp")
    assert r.status_code == 422 and "masih diintervensi oleh RHK bawahan (Rina Marpaung)" in Halaman(r).teks()
    with database:
        assert Rhk.get_by_id(rencana["rhk"]["staf"].id).rhk_atasan_id == rhk.id


def test_koreksi_pejabat_menghormati_kunci(rencana, org, client, auth):
    p = org["pegawai"]
    kasi, staf = rencana["skp"]["kasi"], rencana["skp"]["staf"]
    auth.login("admin_disdik")
    data = {"nip_penilai": p["kadis"].nip, "nip_atasan_penilai": "", "alasan": "x"}
    r = kirim(client, f"/skp/{kasi.id}/pejabat", dict(data, version=_skp(kasi).version), token_from="/skp")
    assert r.status_code == 409 and "sudah disetujui" in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/pejabat", dict(data, nip_atasan_penilai=p["kadis"].nip,
              version=_skp(staf).version), token_from="/skp")
    assert r.status_code == 422 and "harus orang lain" in Halaman(r).teks()
    with database:
        Periode.update(status="ditutup").execute()
    r = kirim(client, f"/skp/{staf.id}/pejabat", dict(data, version=_skp(staf).version), token_from="/skp")
    assert r.status_code == 409 and "sudah ditutup" in Halaman(r).teks()
    assert _skp(staf).penilai_id == p["kasi"].id and _skp(kasi).penilai_id == p["kabid"].id


@pytest.mark.parametrize("versi", [None, "", "abc", "9" * 30, "-1"])
def test_versi_hilang_atau_ngawur_dianggap_basi(rencana, client, auth, versi):
    staf, rhk = rencana["skp"]["staf"], rencana["rhk"]["staf"]
    auth.login("staf")
    data = {"jenis": "utama", "uraian": "Menimpa", "rhk_atasan": rencana["rhk"]["kasi"].id}
    if versi is not None:
        data["version"] = versi
    assert kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}", data, token_from="/skp").status_code == 409
    lampiran = {"konsekuensi": "Menimpa"} if versi is None else {"konsekuensi": "Menimpa", "version": versi}
    assert kirim(client, f"/skp/{staf.id}/lampiran", lampiran, token_from="/skp").status_code == 409
    hapus = {} if versi is None else {"version": versi}
    assert kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/hapus", hapus, token_from="/skp").status_code == 409
    with database:
        assert Rhk.get_by_id(rhk.id).uraian != "Menimpa" and Skp.get_by_id(staf.id).konsekuensi == ""


def test_ubah_iki_tanpa_target_bukan_500(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    with database:
        iki = rencana["rhk"]["staf"].iki.get()
    r = kirim(client, f"/skp/{staf.id}/iki/{iki.id}", {"aspek": "kuantitas", "indikator": "X", "version": 1},
              token_from="/skp")
    assert r.status_code == 422 and "Target wajib diisi dengan angka." in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/iki/{iki.id}", {"aspek": "kuantitas", "indikator": "X", "satuan": "x",
              "target_min": "999.999.999.999,999", "version": 1}, token_from="/skp")
    assert r.status_code == 422 and "masuk akal" in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/iki/{iki.id}", {"aspek": "kuantitas", "indikator": "X",
              "target_min": "1", "satuan": "s" * 61, "version": 1}, token_from="/skp")
    assert r.status_code == 422 and "Satuan paling banyak 60 karakter." in Halaman(r).teks()


def test_kunci_diperiksa_lagi_oleh_penulisan(rencana):
    """The page was read while open; the pegawai's submit landed before the edit."""
    with database:
        basi = Skp.get_by_id(rencana["skp"]["staf"].id)
        segar = Skp.get_by_id(basi.id)
        ubah_status(segar.pegawai, segar, "ajukan", "", segar.version)
        with pytest.raises(Terkunci):
            simpan_rhk(basi.pegawai, basi, {"jenis": "utama", "uraian": "Selundupan"})
        assert not Rhk.select().where(Rhk.uraian == "Selundupan").exists()


def test_ekspektasi_dari_halaman_basi_konflik(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("kasi")
    versi = _skp(staf).version
    assert kirim(client, f"/skp/{staf.id}/perilaku", {"loyal": "Pertama", "version": versi},
                 token_from="/skp").status_code == 303
    r = kirim(client, f"/skp/{staf.id}/perilaku", {"loyal": "Kedua", "version": versi}, token_from="/skp")
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks()
    with database:
        assert Perilaku.get((Perilaku.skp == staf.id) & (Perilaku.nilai == "loyal")).ekspektasi == "Pertama"


def test_batas_panjang_teks(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    r = kirim(client, f"/skp/{staf.id}/lampiran", {"konsekuensi": "x" * 4001, "version": _skp(staf).version},
              token_from="/skp")
    assert r.status_code == 422 and "paling banyak 4000 karakter" in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/status", {"aksi": "hapus-semua", "version": 1}, token_from="/skp")
    assert r.status_code == 400 and "Aksi tidak dikenal." in Halaman(r).teks()


def test_jpt_disetujui_lewat_admin_dengan_alasan(org, client, auth):
    """A kepala dinas has no penilai in the app: they submit, and an admin in
    scope records the Wali Kota's decision with a reason."""
    p = org["pegawai"]
    with database:
        periode = Periode.get(Periode.tahun == 2026)
    auth.login("kadis")
    kirim(client, "/skp", {"periode": periode.id, "pendekatan": "kuantitatif"}, token_from="/skp")
    with database:
        skp = Skp.get(Skp.pegawai == p["kadis"].id)
    kirim(client, f"/skp/{skp.id}/rhk", {"jenis": "utama", "uraian": "Mutu pendidikan naik",
          "perspektif": "penerima_layanan"}, token_from="/skp")
    with database:
        rhk = Rhk.get(Rhk.skp == skp.id)
    kirim(client, f"/skp/{skp.id}/rhk/{rhk.id}/iki", {"aspek": "kuantitas", "indikator": "Angka partisipasi",
          "target_min": "98", "satuan": "%"}, token_from="/skp")
    r = kirim(client, f"/skp/{skp.id}/status", {"aksi": "ajukan", "version": _skp(skp).version}, token_from="/skp")
    assert r.status_code == 303 and _skp(skp).status == "diajukan"
    auth.logout()
    auth.login("admin_disdik")
    assert "Catat: disetujui" in Halaman(client.get(f"/skp/{skp.id}")).teks()
    r = kirim(client, f"/skp/{skp.id}/status", {"aksi": "setujui", "alasan": "", "version": _skp(skp).version},
              token_from="/skp")
    assert r.status_code == 422 and "catat siapa yang memutuskan" in Halaman(r).teks()
    # The Wali Kota's expectations are recorded in the same step as the approval.
    ekspektasi = {f"ekspektasi_{k}": f"Arahan Wali Kota: {v['nama']}" for k, v in BERAKHLAK.items()}
    r = kirim(client, f"/skp/{skp.id}/status", dict(ekspektasi, aksi="setujui", alasan="Wali Kota, 5 Januari 2026",
              version=_skp(skp).version), token_from="/skp")
    assert r.status_code == 303 and _skp(skp).status == "disetujui"
    assert "Wali Kota, 5 Januari 2026" in Halaman(client.get(f"/skp/{skp.id}")).teks()
    with database:
        assert {p.nilai: p.ekspektasi for p in Perilaku.select().where(Perilaku.skp == skp.id)} == {
            k: f"Arahan Wali Kota: {v['nama']}" for k, v in BERAKHLAK.items()}


def test_admin_tidak_mencatat_untuk_skp_yang_punya_penilai(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    with database:
        Skp.update(status="diajukan").where(Skp.id == staf.id).execute()
    auth.login("admin_disdik")
    r = kirim(client, f"/skp/{staf.id}/status", {"aksi": "setujui", "alasan": "atas nama kasi",
              "tanpa_ekspektasi": "1", "version": _skp(staf).version}, token_from="/skp")
    assert r.status_code == 422 and _skp(staf).status == "diajukan"


def test_puncak_dari_salinan_dan_tautan_ke_penilai_lama(rencana, org):
    p = org["pegawai"]
    with database:
        from kinerja.models import Pegawai
        Pegawai.update(jenis_jabatan="administrator").where(Pegawai.id == p["kadis"].id).execute()
        kadis = Skp.get_by_id(rencana["skp"]["kadis"].id)
        assert kadis.puncak  # promoted or moved later: the approved SKP keeps its shape
        staf = Skp.get_by_id(rencana["skp"]["staf"].id)
        assert kekurangan(staf) == []
        Skp.update(penilai=p["kabid"].id).where(Skp.id == staf.id).execute()
        staf = Skp.get_by_id(staf.id)
        assert kekurangan(staf) == ["RHK utama 1 belum menyebut RHK atasan yang diintervensi."]


def test_rhk_dan_iki_dengan_realisasi_tidak_bisa_dihapus_setelah_dibuka(berjalan, client, auth):
    """Reopening an approved SKP must not let its history of work be erased."""
    from kinerja.penilaian.models import Realisasi
    staf, rhk = berjalan["skp"]["staf"], berjalan["rhk"]["staf"]
    with database:
        iki = rhk.iki.get()
        Realisasi.create(iki=iki, nomor=1, nilai_angka=3)
    auth.login("kasi")
    kirim(client, f"/skp/{staf.id}/status", {"aksi": "buka", "alasan": "revisi", "version": _skp(staf).version},
          token_from="/skp")
    auth.logout()
    auth.login("staf")
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/hapus", {"version": 1}, token_from="/skp")
    assert r.status_code == 422 and "sudah punya realisasi atau evaluasi" in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/iki/{iki.id}/hapus", {"version": iki.version}, token_from="/skp")
    assert r.status_code == 422
    with database:
        assert Realisasi.select().count() == 1 and Rhk.get_or_none(Rhk.id == rhk.id) is not None
