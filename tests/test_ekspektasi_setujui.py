"""Issue 13, item 3 ("the expectations trap") and the readable history.

Approving an SKP with empty BerAKHLAK expectations asks first; the penilai
can write them in the approval itself; after approval the penilai (only)
completes or changes them without reopening the SKP, until the annual
evaluation is final; every change is in the history, which shows names and
labels and costs the same number of queries however long it is.
"""
import datetime
import json
import re
import uuid

from kinerja.db import database
from kinerja.models import Periode, Riwayat
from kinerja.penilaian.models import Evaluasi
from kinerja.riwayat import catat
from kinerja.rules import BERAKHLAK
from kinerja.skp.layanan import MAKS_EKSPEKTASI, simpan_perilaku
from kinerja.skp.models import Perilaku, Skp
from tests.conftest import hitung_kueri, kirim, teks
from tests.halaman import Halaman
from tests.test_formulir_ubah import baris, sama_kecuali, ubah_satu

SEMUA = {k: f"Ekspektasi {v['nama']} untuk Rina" for k, v in BERAKHLAK.items()}


def _skp(s):
    with database:
        return Skp.get_by_id(s.id)


def _ekspektasi(skp):
    with database:
        return {p.nilai: p.ekspektasi for p in Perilaku.select().where(Perilaku.skp == skp.id)}


def _riwayat(skp):
    with database:
        return [(r.aksi, json.loads(r.data)) for r in Riwayat.select().where(
            (Riwayat.objek == "skp") & (Riwayat.objek_id == skp.id)).order_by(Riwayat.id)]


def _ajukan(client, auth, skp):
    auth.login("staf")
    r = kirim(client, f"/skp/{skp.id}/status", {"aksi": "ajukan", "version": _skp(skp).version}, token_from="/skp")
    assert r.status_code == 303
    auth.logout()


def _setujui(client, skp, ekspektasi=None, **lain):
    data = {f"ekspektasi_{k}": v for k, v in (ekspektasi or {}).items()}
    data.update({"aksi": "setujui", "version": _skp(skp).version}, **lain)
    return kirim(client, f"/skp/{skp.id}/status", data, token_from="/skp")


def _isian(h, nama):
    """The text inside the textarea `nama` of a page."""
    isian = h.isian(nama)
    assert isian.tag == "textarea", nama
    return isian.value


# ---------------------------------------------------------------- approval

def test_setujui_dengan_ekspektasi_kosong_bertanya_dulu(rencana, client, auth, org):
    staf = rencana["skp"]["staf"]
    with database:
        simpan_perilaku(org["pegawai"]["kasi"], _skp(staf), {"loyal": "Menjaga data siswa"})
    _ajukan(client, auth, staf)
    auth.login("kasi")
    h = Halaman(client.get(f"/skp/{staf.id}"))
    # The approval form carries the seven fields, prefilled, open while any is empty.
    detail = next(h.isian("ekspektasi_loyal").el.iterancestors("details"))
    assert "Ekspektasi perilaku: 1 dari 7 terisi" in h.teks() and detail.get("open") is not None
    assert _isian(h, "ekspektasi_loyal") == "Menjaga data siswa" and _isian(h, "ekspektasi_akuntabel") == ""
    assert "Setujui tanpa ekspektasi" not in h.teks()  # asked only when needed
    versi, jejak = _skp(staf).version, _riwayat(staf)
    typed = {k: "" for k in BERAKHLAK} | {"loyal": "Menjaga data siswa", "akuntabel": "Laporan tepat waktu"}
    r = _setujui(client, staf, typed)
    assert r.status_code == 422
    h = Halaman(r)
    assert ("Setujui tanpa ekspektasi untuk: Berorientasi Pelayanan, Kompeten, Harmonis, Adaptif, "
            "Kolaboratif?") in h.teks()
    assert _isian(h, "ekspektasi_akuntabel") == "Laporan tepat waktu"  # what was typed is kept
    tombol = h.tombol("Setujui tanpa ekspektasi")
    assert (tombol.get("name"), tombol.get("value")) == ("tanpa_ekspektasi", "1")
    # Nothing was saved: not the status, not the typed text, not the history.
    skp = _skp(staf)
    assert (skp.status, skp.version) == ("diajukan", versi) and _riwayat(staf) == jejak
    assert _ekspektasi(staf)["akuntabel"] == ""
    # Confirmed: approved, with what was typed.
    form = next(tombol.iterancestors("form"))
    assert form.cssselect('input[name="aksi"]')[0].get("value") == "setujui"
    kunci = form.cssselect('input[name="submission_id"]')[0].get("value")
    r = _setujui(client, staf, typed, tanpa_ekspektasi="1", submission_id=kunci)
    assert r.status_code == 303
    assert _skp(staf).status == "disetujui" and _ekspektasi(staf)["akuntabel"] == "Laporan tepat waktu"


def test_setujui_tanpa_isian_ekspektasi_memakai_yang_tersimpan(rencana, client, auth, org):
    """A client that sends only the approval: the stored texts count."""
    staf = rencana["skp"]["staf"]
    with database:
        simpan_perilaku(org["pegawai"]["kasi"], _skp(staf), SEMUA)
    _ajukan(client, auth, staf)
    auth.login("kasi")
    assert "Ekspektasi perilaku: 7 dari 7 terisi" in Halaman(client.get(f"/skp/{staf.id}")).teks()
    r = _setujui(client, staf)
    assert r.status_code == 303 and _skp(staf).status == "disetujui"
    assert _ekspektasi(staf) == SEMUA


def test_setujui_sambil_menulis_ekspektasi_satu_transaksi(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    _ajukan(client, auth, staf)
    auth.login("kasi")
    versi = _skp(staf).version
    # A stale page: refused as a whole, the expectations included.
    r = _setujui(client, staf, SEMUA, version=versi - 1)
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks(".galat-ringkas")
    assert _skp(staf).status == "diajukan" and not any(_ekspektasi(staf).values())
    r = _setujui(client, staf, SEMUA)
    assert r.status_code == 303
    skp = _skp(staf)
    assert (skp.status, skp.version) == ("disetujui", versi + 1) and _ekspektasi(staf) == SEMUA
    jejak = _riwayat(staf)[-2:]
    assert [a for a, _ in jejak] == ["Ekspektasi perilaku ditulis saat menyetujui", "SKP disetujui"]
    assert jejak[0][1]["kompeten"] == ["", SEMUA["kompeten"]]


def test_setujui_ekspektasi_terlalu_panjang_422_isian_tetap(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    _ajukan(client, auth, staf)
    auth.login("kasi")
    panjang = dict(SEMUA, harmonis="x" * (MAKS_EKSPEKTASI + 1))
    r = _setujui(client, staf, panjang)
    assert r.status_code == 422
    h = Halaman(r)
    assert f"Ekspektasi Harmonis paling banyak {MAKS_EKSPEKTASI} karakter." in h.teks_galat()
    assert _isian(h, "ekspektasi_kompeten") == SEMUA["kompeten"]
    assert _isian(h, "ekspektasi_harmonis") == "x" * (MAKS_EKSPEKTASI + 1)
    assert _skp(staf).status == "diajukan" and not any(_ekspektasi(staf).values())
    # The message sits at its field, not only at the top.
    assert h.isian("ekspektasi_harmonis").get("aria-invalid") == "true"


def test_setujui_dengan_sebagian_isian_tidak_mengosongkan_yang_lain(rencana, client, auth, org):
    # A client that sends only some expectation fields keeps the stored others.
    staf = rencana["skp"]["staf"]
    with database:
        simpan_perilaku(org["pegawai"]["kasi"], _skp(staf), SEMUA)
    _ajukan(client, auth, staf)
    auth.login("kasi")
    r = _setujui(client, staf, {"loyal": "Loyal yang baru"}, tanpa_ekspektasi="y")
    assert r.status_code == 303 and _skp(staf).status == "disetujui"
    assert _ekspektasi(staf) == dict(SEMUA, loyal="Loyal yang baru")


def test_setujui_dikirim_dua_kali_aman(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    _ajukan(client, auth, staf)
    auth.login("kasi")
    kunci = str(uuid.uuid4())
    data = {f"ekspektasi_{k}": v for k, v in SEMUA.items()}
    data.update(aksi="setujui", version=_skp(staf).version)
    pertama = kirim(client, f"/skp/{staf.id}/status", data, token_from="/skp", submission_id=kunci)
    kedua = kirim(client, f"/skp/{staf.id}/status", data, token_from="/skp", submission_id=kunci)
    assert pertama.status_code == kedua.status_code == 303 and pertama.location == kedua.location
    aksi = [a for a, _ in _riwayat(staf)]
    assert aksi.count("SKP disetujui") == 1 and aksi.count("Ekspektasi perilaku ditulis saat menyetujui") == 1


# ---------------------------------------------------------------- after approval

def test_penilai_mengubah_ekspektasi_setelah_disetujui_tanpa_membuka(berjalan, client, auth, org):
    staf = berjalan["skp"]["staf"]
    with database:
        Perilaku.update(ekspektasi="Jujur").where((Perilaku.skp == staf.id) & (Perilaku.nilai == "akuntabel")).execute()
    auth.login("kasi")
    h = Halaman(client.get(f"/skp/{staf.id}"))
    assert h.tautan_ke(f"/skp/{staf.id}/perilaku") and "tanpa membuka kembali SKP" in h.teks()
    skp_sebelum = baris(Skp, Skp.id == staf.id)
    perilaku_sebelum = baris(Perilaku, Perilaku.skp == staf.id)
    url = f"/skp/{staf.id}/perilaku"
    r = ubah_satu(client, url, url, {"kompeten": "Ikut pelatihan analisis data"})
    assert r.status_code == 303
    # One change: the SKP stays approved, nothing else moved.
    sama_kecuali(skp_sebelum, baris(Skp, Skp.id == staf.id), {"version"})
    sesudah = baris(Perilaku, Perilaku.skp == staf.id)
    assert {p["nilai"]: p["ekspektasi"] for p in sesudah}["kompeten"] == "Ikut pelatihan analisis data"
    sama_kecuali([p for p in perilaku_sebelum if p["nilai"] != "kompeten"],
                 [p for p in sesudah if p["nilai"] != "kompeten"], set())
    aksi, data = _riwayat(staf)[-1]
    assert aksi == "Ekspektasi perilaku diubah setelah SKP disetujui"
    assert data == {"kompeten": ["", "Ikut pelatihan analisis data"]}
    assert "Ekspektasi Kompeten: – → Ikut pelatihan analisis data" in Halaman(client.get(f"/skp/{staf.id}")).teks()
    assert _skp(staf).status == "disetujui"


def test_ekspektasi_terlalu_panjang_422_isian_tetap(berjalan, client, auth):
    staf = berjalan["skp"]["staf"]
    auth.login("kasi")
    data = dict(SEMUA, adaptif="y" * (MAKS_EKSPEKTASI + 1), version=_skp(staf).version)
    r = kirim(client, f"/skp/{staf.id}/perilaku", data, token_from="/skp")
    assert r.status_code == 422
    h = Halaman(r)
    assert f"Ekspektasi Adaptif paling banyak {MAKS_EKSPEKTASI} karakter." in h.teks_galat()
    assert h.isian("loyal").value == SEMUA["loyal"] and h.isian("adaptif").value == "y" * (MAKS_EKSPEKTASI + 1)
    assert not any(_ekspektasi(staf).values())


def test_ekspektasi_dikirim_dua_kali_aman(berjalan, client, auth):
    staf = berjalan["skp"]["staf"]
    auth.login("kasi")
    kunci = str(uuid.uuid4())
    data = dict(SEMUA, version=_skp(staf).version)
    pertama = kirim(client, f"/skp/{staf.id}/perilaku", data, token_from="/skp", submission_id=kunci)
    kedua = kirim(client, f"/skp/{staf.id}/perilaku", data, token_from="/skp", submission_id=kunci)
    assert pertama.status_code == kedua.status_code == 303 and pertama.location == kedua.location
    assert [a for a, _ in _riwayat(staf)].count("Ekspektasi perilaku diubah setelah SKP disetujui") == 1
    assert _ekspektasi(staf) == SEMUA


def test_pegawai_dan_atasan_lain_tidak_ditawari_dan_ditolak(berjalan, client, auth):
    staf = berjalan["skp"]["staf"]
    url = f"/skp/{staf.id}/perilaku"
    for siapa, kode in (("staf", 403), ("kabid", 403), ("staf_dinkes", 403), ("admin_disdik", 403)):
        auth.login(siapa)
        if kode == 403 and siapa != "staf_dinkes":
            halaman = Halaman(client.get(f"/skp/{staf.id}"))
            assert not halaman.tautan_ke(url) and not halaman.pilih('[name^="ekspektasi_"]')
        assert client.get(url).status_code == kode
        r = kirim(client, url, dict(SEMUA, version=_skp(staf).version), token_from="/skp")
        assert r.status_code == kode
        auth.logout()
    assert not any(_ekspektasi(staf).values())


def test_terkunci_setelah_penilaian_akhir_final(berjalan, client, auth, org):
    staf = berjalan["skp"]["staf"]
    url = f"/skp/{staf.id}/perilaku"
    with database:
        ev = Evaluasi.create(skp=staf.id, nomor=4, akhir=True, status="diajukan")
    auth.login("kasi")
    assert client.get(url).status_code == 200  # a periodic or pending annual evaluation does not lock
    with database:
        Evaluasi.update(status="dinilai", rating_hasil="sesuai", rating_perilaku="sesuai", predikat="baik",
                        penilai=org["pegawai"]["kasi"], final_pada=datetime.datetime(2026, 11, 27)) \
            .where(Evaluasi.id == ev.id).execute()
    assert not Halaman(client.get(f"/skp/{staf.id}")).tautan_ke(url)
    r = client.get(url)
    assert r.status_code == 409
    h = Halaman(r)
    assert "Penilaian akhir tahun SKP ini sudah final" in h.teks() and not h.pilih(f'form[action="{url}"]')
    r = kirim(client, url, dict(SEMUA, version=_skp(staf).version), token_from="/skp")
    assert r.status_code == 409 and "sudah final" in Halaman(r).teks()
    assert not any(_ekspektasi(staf).values())


def test_terkunci_saat_periode_ditutup(berjalan, client, auth):
    staf = berjalan["skp"]["staf"]
    with database:
        Periode.update(status="ditutup").execute()
    auth.login("kasi")
    assert not Halaman(client.get(f"/skp/{staf.id}")).tautan_ke(f"/skp/{staf.id}/perilaku")
    r = client.get(f"/skp/{staf.id}/perilaku")
    assert r.status_code == 409 and "sudah ditutup" in Halaman(r).teks()


def test_ekspektasi_tim_tetap_melewati_skp_disetujui(berjalan, org):
    """The team defaults (applied to many SKP) stop at approval; the SKP page does not."""
    from kinerja.skp.layanan import bisa_ubah_perilaku
    with database:
        skp = Skp.get_by_id(berjalan["skp"]["staf"].id)
        kasi = org["pegawai"]["kasi"]
        assert not bisa_ubah_perilaku(skp, kasi) and bisa_ubah_perilaku(skp, kasi, sesudah_disetujui=True)


# ---------------------------------------------------------------- history

def test_riwayat_menampilkan_nama_dan_label(berjalan, client, auth, org):
    staf, p = berjalan["skp"]["staf"], org["pegawai"]
    with database:
        # An entry that stored ids (as the admin's edits do) and a status code.
        catat(p["admin_disdik"], Skp(id=staf.id), "Pejabat penilai dikoreksi",
              {"atasan_penilai": None, "penilai": p["kasi"].id}, {"atasan_penilai": p["kadis"].id,
                                                                  "penilai": p["kabid"].id})
    auth.login("kasi")
    html = Halaman(client.get(f"/skp/{staf.id}")).teks()
    assert "Atasan pejabat penilai: – → Drs. Ahmad Siregar" in html
    assert "Pejabat penilai: Budi Santoso → Nurhayati, S.Pd" in html
    assert "Status: Diajukan → Disetujui" in html
    assert "atasan_penilai:" not in html and "status: diajukan" not in html
    assert not re.search(rf"→ {p['kadis'].id}\b", html)


def test_riwayat_admin_pegawai_menampilkan_nama_atasan(org, client, auth):
    p = org["pegawai"]
    with database:
        catat(p["admin_disdik"], p["staf"], "diubah", {"atasan": p["kasi"].id, "jenis_jabatan": "pelaksana"},
              {"atasan": p["kabid"].id, "jenis_jabatan": "fungsional"})
    auth.login("admin_disdik")
    html = Halaman(client.get(f"/admin/pegawai/{p['staf'].id}")).teks()
    assert "Atasan langsung: Budi Santoso → Nurhayati, S.Pd" in html
    assert "Jenis jabatan: Pelaksana → Fungsional" in html


def test_halaman_skp_memuat_riwayat_terbaru_saja(berjalan, client, auth, org):
    staf, p = berjalan["skp"]["staf"], org["pegawai"]
    orang = [p["kasi"], p["kabid"], p["kadis"], p["staf"], p["admin_disdik"]]

    def tambah(dari, sampai):
        with database:
            for i in range(dari, sampai):
                catat(orang[i % 5], Skp(id=staf.id), f"Uji riwayat {i:02d}",
                      {"penilai": orang[(i + 1) % 5].id, "status": "diajukan"},
                      {"penilai": orang[(i + 2) % 5].id, "status": "disetujui"})
    auth.login("kasi")
    url = f"/skp/{staf.id}"
    tambah(0, 2)
    client.get(url)
    with hitung_kueri() as sedikit:
        assert client.get(url).status_code == 200
    tambah(2, 40)
    with hitung_kueri() as banyak:
        h = Halaman(client.get(url))
    assert len(banyak) == len(sedikit), "\n".join(s[:200] for s in banyak)
    # Only the latest five show; the rest are one link away.
    html = h.teks()
    assert "Uji riwayat 39" in html and "Uji riwayat 35" in html and "Uji riwayat 34" not in html
    assert h.tautan_ke(f"/skp/{staf.id}/riwayat")
    with hitung_kueri() as halaman_riwayat:
        r = client.get(f"/skp/{staf.id}/riwayat")
    html = Halaman(r).teks()
    assert r.status_code == 200 and "Uji riwayat 00" in html and "Uji riwayat 39" in html
    assert "Pejabat penilai: Drs. Ahmad Siregar → Rina Marpaung" in html  # i = 1
    assert len(halaman_riwayat) <= len(sedikit) + 2
    # The history page of a longer history costs the same.
    tambah(40, 45)
    with hitung_kueri() as lagi:
        client.get(f"/skp/{staf.id}/riwayat")
    assert len(lagi) == len(halaman_riwayat)


def test_riwayat_lengkap_hanya_untuk_yang_boleh_melihat_skp(berjalan, client, auth):
    staf = berjalan["skp"]["staf"]
    auth.login("staf_dinkes")
    assert client.get(f"/skp/{staf.id}/riwayat").status_code == 403
    assert client.get("/skp/9999/riwayat").status_code == 404


def test_nip_penilai_tidak_terpotong(berjalan, client, auth, org):
    auth.login("staf")
    html = teks(client.get(f"/skp/{berjalan['skp']['staf'].id}"))
    assert '<dl class="profil tumpuk">' in html
    assert f'<span class="nip">NIP {org["pegawai"]["kasi"].nip_tampil}</span>' in html
