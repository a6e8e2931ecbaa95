"""SKP workflow over HTTP: creation, submit/return/approve by role, access,
locks (approved SKP, closed periode), admin corrections and history."""
import pytest

from tests.conftest import kirim
from tests.halaman import Halaman
from kinerja.db import database
from kinerja.models import Periode, Riwayat
from kinerja.skp.models import Perilaku, Rhk, Skp


def _skp(s):
    with database:
        return Skp.get_by_id(s.id)


def _aksi(client, skp, aksi, alasan="", version=None, **lain):
    """Post a status move; an approval confirms empty expectations unless told
    otherwise (tests/test_ekspektasi_setujui.py covers the asking)."""
    skp = _skp(skp)
    if aksi == "setujui":
        lain.setdefault("tanpa_ekspektasi", "1")
    lain = {k: v for k, v in lain.items() if v is not None}
    return kirim(client, f"/skp/{skp.id}/status",
                 dict(lain, aksi=aksi, alasan=alasan, version=version or skp.version), token_from="/skp")


def _atur_status(skp, status):
    with database:
        Skp.update(status=status).where(Skp.id == skp.id).execute()


def test_buat_skp_mengambil_penilai_dari_hierarki(org, client, auth):
    auth.login("staf_dinkes")
    with database:
        periode = Periode.get(Periode.tahun == 2026)
    r = kirim(client, "/skp", {"periode": periode.id, "pendekatan": "kualitatif"}, token_from="/skp")
    assert r.status_code == 303
    with database:
        skp = Skp.get(Skp.pegawai == org["pegawai"]["staf_dinkes"].id)
        assert (skp.status, skp.pendekatan, skp.penilai_id) == ("draft", "kualitatif",
                                                                 org["pegawai"]["kadinkes"].id)
        assert skp.penilai_jabatan == "Kepala Dinas Kesehatan"
        assert skp.pegawai_unit == "Dinas Kesehatan"
        assert Perilaku.select().where(Perilaku.skp == skp.id).count() == 7
    halaman = Halaman(client.get(r.location)).teks()
    assert "dr. Hendra Lubis" in halaman and "Draf" in halaman
    # A second SKP for the same periode is refused, nothing created.
    r = kirim(client, "/skp", {"periode": periode.id, "pendekatan": "kuantitatif"}, token_from="/skp")
    assert r.status_code == 422 and "SKP-nya sudah Anda buat" in Halaman(r).teks()
    with database:
        assert Skp.select().where(Skp.pegawai == org["pegawai"]["staf_dinkes"].id).count() == 1


def test_buat_skp_periode_ditutup_ditolak(org, client, auth):
    with database:
        periode = Periode.get(Periode.tahun == 2026)
        Periode.update(status="ditutup").execute()
    auth.login("staf_dinkes")
    r = kirim(client, "/skp", {"periode": periode.id, "pendekatan": "kuantitatif"}, token_from="/skp")
    assert r.status_code == 422
    assert "Periode ini sudah ditutup atau SKP-nya sudah Anda buat." in Halaman(r).teks()
    with database:
        assert Skp.select().count() == 0


def test_siklus_ajukan_kembalikan_perbaiki_setujui(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    assert _aksi(client, staf, "ajukan").status_code == 303
    assert _skp(staf).status == "diajukan"
    auth.logout()
    auth.login("kasi")
    halaman = Halaman(client.get(f"/skp/{staf.id}"))
    halaman.tombol("Setujui SKP")  # exactly one each, or the test fails
    halaman.tombol("Kembalikan", persis=True)
    r = _aksi(client, staf, "kembalikan", "  ")
    assert r.status_code == 422 and "Alasan wajib diisi." in Halaman(r).teks()
    assert _skp(staf).status == "diajukan"
    assert _aksi(client, staf, "kembalikan", "Target laporan terlalu rendah").status_code == 303
    auth.logout()
    auth.login("staf")
    halaman = Halaman(client.get(f"/skp/{staf.id}")).teks()
    assert "Dikembalikan" in halaman and "Target laporan terlalu rendah" in halaman
    with database:
        iki = rencana["rhk"]["staf"].iki.get()
    r = kirim(client, f"/skp/{staf.id}/iki/{iki.id}", {"aspek": "kuantitas", "indikator": "Jumlah laporan",
              "target_min": "24", "satuan": "laporan", "version": iki.version}, token_from="/skp")
    assert r.status_code == 303
    assert _aksi(client, staf, "ajukan").status_code == 303
    auth.logout()
    auth.login("kasi")
    # Approving with the expectations empty asks first; nothing is approved.
    r = _aksi(client, staf, "setujui", tanpa_ekspektasi=None)
    assert r.status_code == 422
    assert "Setujui tanpa ekspektasi untuk: Berorientasi Pelayanan, Akuntabel" in Halaman(r).teks()
    assert _skp(staf).status == "diajukan"
    assert _aksi(client, staf, "setujui").status_code == 303
    skp = _skp(staf)
    assert skp.status == "disetujui" and skp.disetujui_pada is not None
    with database:
        aksi = [r.aksi for r in Riwayat.select().where((Riwayat.objek == "skp") & (Riwayat.objek_id == staf.id))
                .order_by(Riwayat.id)]
        alasan = [r.alasan for r in Riwayat.select().where(Riwayat.aksi == "SKP dikembalikan")]
    assert aksi == ["SKP dibuat", "RHK ditambah", "IKI ditambah", "SKP diajukan", "SKP dikembalikan",
                    "IKI diubah", "SKP diajukan", "SKP disetujui"]
    assert alasan == ["Target laporan terlalu rendah"]
    halaman = Halaman(client.get(f"/skp/{staf.id}")).teks()
    assert "IKI diubah" in halaman and "12 laporan" in halaman and "24 laporan" in halaman


# (status before, aksi, who) -> expected HTTP status; the SKP is the staf's (penilai kasi).
KASUS = [
    ("draft", "ajukan", "staf", 303), ("draft", "ajukan", "kasi", 422), ("draft", "setujui", "kasi", 422),
    ("diajukan", "setujui", "kasi", 303), ("diajukan", "setujui", "staf", 422),
    ("diajukan", "setujui", "kabid", 422), ("diajukan", "setujui", "admin_disdik", 422),
    ("diajukan", "setujui", "staf_dinkes", 403), ("diajukan", "kembalikan", "kasi", 303),
    ("diajukan", "kembalikan", "staf", 422), ("diajukan", "tarik", "staf", 303),
    ("diajukan", "tarik", "kasi", 422), ("disetujui", "buka", "kasi", 303),
    ("disetujui", "buka", "staf", 422), ("disetujui", "buka", "kabid", 422),
    ("disetujui", "ajukan", "staf", 422), ("dikembalikan", "ajukan", "staf", 303),
    ("dikembalikan", "setujui", "kasi", 422),
]


@pytest.mark.parametrize("awal,aksi,siapa,kode", KASUS)
def test_transisi_lewat_http_per_peran(rencana, client, auth, awal, aksi, siapa, kode):
    staf = rencana["skp"]["staf"]
    _atur_status(staf, awal)
    auth.login(siapa)
    r = _aksi(client, staf, aksi, "alasan yang jelas")
    assert r.status_code == kode
    if kode == 303:
        assert _skp(staf).status != awal
    else:
        assert _skp(staf).status == awal


def test_atasan_hanya_menyetujui_bawahannya(rencana, org, client, auth):
    auth.login("staf_dinkes")
    with database:
        periode = Periode.get(Periode.tahun == 2026)
    kirim(client, "/skp", {"periode": periode.id, "pendekatan": "kuantitatif"}, token_from="/skp")
    auth.logout()
    with database:
        lain = Skp.get(Skp.pegawai == org["pegawai"]["staf_dinkes"].id)
    _atur_status(lain, "diajukan")
    auth.login("kasi")
    assert client.get(f"/skp/{lain.id}").status_code == 403
    assert _aksi(client, lain, "setujui").status_code == 403
    assert _skp(lain).status == "diajukan"


def test_pegawai_tidak_bisa_membaca_atau_mengubah_skp_orang_lain(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    rhk = rencana["rhk"]["staf"]
    auth.login("staf_dinkes")
    assert client.get(f"/skp/{staf.id}").status_code == 403
    assert client.get(f"/skp/{staf.id}", headers={"HX-Request": "true"}).status_code == 403
    assert client.get(f"/skp/{staf.id}/cetak").status_code == 403
    assert client.get(f"/skp/{staf.id}/rhk/{rhk.id}").status_code == 403
    r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": "Sisipan"}, token_from="/skp")
    assert r.status_code == 403
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/hapus", {"version": rhk.version}, token_from="/skp")
    assert r.status_code == 403
    assert client.get("/skp/9999").status_code == 404
    with database:
        assert Rhk.select().where(Rhk.skp == staf.id).count() == 1


def test_penilai_dan_atasan_penilai_boleh_membaca_tapi_tidak_mengubah(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    for siapa in ("kasi", "kabid"):
        auth.login(siapa)
        assert client.get(f"/skp/{staf.id}").status_code == 200
        r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": "Sisipan"}, token_from="/skp")
        assert r.status_code == 403
        auth.logout()
    with database:
        assert Rhk.select().where(Rhk.skp == staf.id).count() == 1


def test_skp_disetujui_terkunci(rencana, client, auth):
    kasi = rencana["skp"]["kasi"]
    rhk = rencana["rhk"]["kasi"]
    auth.login("kasi")
    r = kirim(client, f"/skp/{kasi.id}/rhk", {"jenis": "utama", "uraian": "Tambahan baru"}, token_from="/skp")
    assert r.status_code == 409 and "terkunci" in Halaman(r).teks()
    r = kirim(client, f"/skp/{kasi.id}/rhk/{rhk.id}", {"jenis": "utama", "uraian": "Diubah",
              "version": rhk.version}, token_from="/skp")
    assert r.status_code == 409
    r = kirim(client, f"/skp/{kasi.id}/lampiran", {"konsekuensi": "x", "version": _skp(kasi).version},
              token_from="/skp")
    assert r.status_code == 409
    with database:
        assert [x.uraian for x in Rhk.select().where(Rhk.skp == kasi.id)] == [rhk.uraian]
    auth.logout()
    # The penilai reopens it with a reason; then the pegawai may edit again.
    auth.login("kabid")
    assert _aksi(client, kasi, "buka", "Ada program baru").status_code == 303
    auth.logout()
    auth.login("kasi")
    r = kirim(client, f"/skp/{kasi.id}/rhk", {"jenis": "tambahan", "uraian": "Program baru"}, token_from="/skp")
    assert r.status_code == 303


def test_periode_ditutup_hanya_baca_sampai_admin_membuka(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    with database:
        Periode.update(status="ditutup").execute()
    auth.login("staf")
    halaman = Halaman(client.get(f"/skp/{staf.id}"))
    assert "sudah ditutup" in halaman.teks() and "Tambah RHK" not in halaman.teks()
    assert not halaman.ada_tombol("Tambah RHK")
    r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": "Baru"}, token_from="/skp")
    assert r.status_code == 409 and "sudah ditutup" in Halaman(r).teks()
    assert _aksi(client, staf, "ajukan").status_code == 409
    auth.logout()
    auth.login("admin_disdik")
    r = kirim(client, f"/skp/{staf.id}/kunci", {"buka": "1", "alasan": "", "version": _skp(staf).version},
              token_from="/skp")
    assert r.status_code == 422 and "Alasan wajib diisi." in Halaman(r).teks()
    assert not _skp(staf).dibuka_admin
    r = kirim(client, f"/skp/{staf.id}/kunci", {"buka": "1", "alasan": "Salah input target",
              "version": _skp(staf).version}, token_from="/skp")
    assert r.status_code == 303 and _skp(staf).dibuka_admin
    auth.logout()
    auth.login("staf")
    r = kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "utama", "uraian": "Baru"}, token_from="/skp")
    assert r.status_code == 303
    # Only an admin in scope unlocks.
    auth.logout()
    auth.login("kasi")
    r = kirim(client, f"/skp/{staf.id}/kunci", {"buka": "0", "alasan": "x", "version": _skp(staf).version},
              token_from="/skp")
    assert r.status_code == 403


def test_ajukan_skp_belum_lengkap_menyebut_kekurangan(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    kirim(client, f"/skp/{staf.id}/rhk", {"jenis": "tambahan", "uraian": "Tanpa IKI"}, token_from="/skp")
    r = _aksi(client, staf, "ajukan")
    assert r.status_code == 422
    html = Halaman(r).teks()
    assert "RHK tambahan 1 belum punya indikator (IKI)." in html
    assert "RHK tambahan 1 belum menyebut RHK atasan yang diintervensi." in html
    assert _skp(staf).status == "draft"


def test_penilai_memutuskan_salinan_lama_konflik(rencana, client, auth):
    """The penilai read the SKP, then the pegawai withdrew, edited and resubmitted:
    approving the copy the penilai read is refused; nothing changes."""
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    assert _aksi(client, staf, "ajukan").status_code == 303
    versi_dibaca_penilai = _skp(staf).version
    assert _aksi(client, staf, "tarik").status_code == 303
    kirim(client, f"/skp/{staf.id}/rhk/{rencana['rhk']['staf'].id}", {
        "jenis": "utama", "uraian": "Diubah diam-diam", "rhk_atasan": rencana["rhk"]["kasi"].id,
        "version": 1}, token_from="/skp")
    assert _aksi(client, staf, "ajukan").status_code == 303
    auth.logout()
    auth.login("kasi")
    r = _aksi(client, staf, "setujui", version=versi_dibaca_penilai)
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks()
    assert _skp(staf).status == "diajukan"


def test_pegawai_mengajukan_dari_halaman_lama_tetap_bisa(rencana, client, auth):
    """Submitting and withdrawing are the pegawai's own moves on their current
    content: an inline edit on the same page must not make "Ajukan" stale."""
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    versi_halaman = _skp(staf).version
    rhk = rencana["rhk"]["staf"]
    r = kirim(client, f"/skp/{staf.id}/rhk/{rhk.id}/iki", {"aspek": "waktu", "indikator": "Tepat waktu",
              "target_min": "12", "satuan": "bulan"}, token_from="/skp")
    assert r.status_code == 303 and _skp(staf).version > versi_halaman
    assert _aksi(client, staf, "ajukan", version=versi_halaman).status_code == 303


def test_penilai_menulis_ekspektasi_perilaku(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    assert client.get(f"/skp/{staf.id}/perilaku").status_code == 403
    auth.logout()
    auth.login("kasi")
    halaman = Halaman(client.get(f"/skp/{staf.id}/perilaku")).teks()
    assert "Berorientasi Pelayanan" in halaman and "Menjaga rahasia jabatan dan negara" in halaman
    r = kirim(client, f"/skp/{staf.id}/perilaku", {"akuntabel": "Laporan tepat waktu tiap bulan"},
              token_from="/skp")
    assert r.status_code == 303
    with database:
        assert Perilaku.get((Perilaku.skp == staf.id) & (Perilaku.nilai == "akuntabel")).ekspektasi == \
            "Laporan tepat waktu tiap bulan"
    assert "Laporan tepat waktu tiap bulan" in Halaman(client.get(f"/skp/{staf.id}")).teks()


def test_admin_mengoreksi_pejabat_penilai(rencana, org, client, auth):
    staf = rencana["skp"]["staf"]
    kabid, kadis = org["pegawai"]["kabid"], org["pegawai"]["kadis"]
    auth.login("staf")
    assert client.get(f"/skp/{staf.id}/pejabat").status_code == 403
    auth.logout()
    auth.login("admin_disdik")
    data = {"nip_penilai": kabid.nip, "nip_atasan_penilai": kadis.nip, "version": _skp(staf).version}
    r = kirim(client, f"/skp/{staf.id}/pejabat", dict(data, alasan=""), token_from="/skp")
    assert r.status_code == 422 and "Alasan koreksi wajib diisi." in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/pejabat", dict(data, alasan="x", nip_penilai=org["pegawai"]["staf"].nip),
              token_from="/skp")
    assert r.status_code == 422 and "tidak boleh pegawai itu sendiri" in Halaman(r).teks()
    r = kirim(client, f"/skp/{staf.id}/pejabat", dict(data, alasan="x", nip_penilai="199999999999999999"),
              token_from="/skp")
    assert r.status_code == 422 and "tidak ditemukan" in Halaman(r).teks()
    assert _skp(staf).penilai_id == org["pegawai"]["kasi"].id
    r = kirim(client, f"/skp/{staf.id}/pejabat", dict(data, alasan="Kasi pindah tugas"), token_from="/skp")
    assert r.status_code == 303
    skp = _skp(staf)
    assert (skp.penilai_id, skp.penilai_jabatan, skp.atasan_penilai_id) == (
        kabid.id, "Kepala Bidang Pembinaan SD", kadis.id)
    assert "Kasi pindah tugas" in Halaman(client.get(f"/skp/{staf.id}")).teks()


def test_koreksi_pejabat_versi_lama_konflik(rencana, org, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("admin_disdik")
    versi = _skp(staf).version
    data = {"nip_penilai": org["pegawai"]["kabid"].nip, "alasan": "pindah", "version": versi}
    assert kirim(client, f"/skp/{staf.id}/pejabat", data, token_from="/skp").status_code == 303
    r = kirim(client, f"/skp/{staf.id}/pejabat", dict(data, nip_penilai=org["pegawai"]["kadis"].nip),
              token_from="/skp")
    assert r.status_code == 409 and "Data ini sudah berubah" in Halaman(r).teks()
    assert _skp(staf).penilai_id == org["pegawai"]["kabid"].id


def test_beranda_menunjukkan_skp_tahun_ini_dan_yang_menunggu(rencana, client, auth):
    staf = rencana["skp"]["staf"]
    auth.login("staf")
    h = Halaman(client.get("/"))
    assert "SKP 2026" in h.teks() and "Draf" in h.teks() and h.tautan_ke(f"/skp/{staf.id}")
    _aksi(client, staf, "ajukan")
    auth.logout()
    auth.login("kasi")
    assert "1 SKP bawahan menunggu tinjauan Anda" in Halaman(client.get("/")).teks()
    auth.logout()
    auth.login("staf_dinkes")
    assert "Anda belum membuat SKP 2026." in Halaman(client.get("/")).teks()
