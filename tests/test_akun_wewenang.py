"""Who may act on whose account (rules.periksa_kelola_akun), as a table of
actor x target x action, and the attack that failed before: an OPD admin
whose scope holds the superadmin's unit (BKPSDM) gets 403 on every action
against that account, through every path (views, services, import)."""
import pytest

from kinerja.db import database
from kinerja.kepegawaian import atur_aktif_pegawai, simpan_pegawai
from kinerja.models import Pegawai, Riwayat
from kinerja.rules import AKSI_AKUN, RuleError, periksa_kelola_akun
from kinerja.sandi_sekali import atur_ulang_sandi_sekali
from tests.conftest import HASH_METHOD, NIP, SANDI, kirim
from tests.halaman import Halaman, teks_dari

# Scopes as Pegawai.scope_path() gives them.
KOTA, OPD, BIDANG, OPD_LAIN, TANPA = "", "/1/3/", "/1/3/4/", "/1/5/", None
PERAN = {"superadmin": KOTA, "admin_opd": OPD, "admin_bidang": BIDANG, "admin_opd_lain": OPD_LAIN,
         "pegawai": TANPA}
UBAH = ("ubah", "atur_sandi", "aktifkan", "nonaktifkan")

# actor -> the targets whose accounts it may change (besides seeing them).
BOLEH_UBAH = {
    "superadmin": {"superadmin", "admin_opd", "admin_bidang", "admin_opd_lain", "pegawai"},
    "admin_opd": {"admin_bidang", "pegawai"},
    "admin_bidang": {"pegawai"},
    "admin_opd_lain": {"pegawai"},
    "pegawai": set(),
}


@pytest.mark.parametrize("aktor", PERAN)
@pytest.mark.parametrize("target", PERAN)
@pytest.mark.parametrize("aksi", AKSI_AKUN)
def test_tabel_aktor_target_aksi(aktor, target, aksi):
    boleh = aktor != "pegawai" and (aksi == "lihat" or target in BOLEH_UBAH[aktor])
    if boleh:
        periksa_kelola_akun(PERAN[aktor], PERAN[target], aksi)
    else:
        with pytest.raises(RuleError):
            periksa_kelola_akun(PERAN[aktor], PERAN[target], aksi)


@pytest.mark.parametrize("lingkup", [KOTA, OPD])
def test_akun_sendiri_diubah_tetapi_tidak_dinonaktifkan(lingkup):
    for aksi in ("lihat", "ubah", "atur_sandi"):
        periksa_kelola_akun(lingkup, lingkup, aksi, diri_sendiri=True)
    with pytest.raises(RuleError, match="menonaktifkan akun sendiri"):
        periksa_kelola_akun(lingkup, lingkup, "nonaktifkan", diri_sendiri=True)


def test_aksi_asing_adalah_galat_program():
    with pytest.raises(ValueError):
        periksa_kelola_akun(KOTA, TANPA, "hapus")


# ---------------------------------------------------------------- over HTTP

NIP_ADMIN_BKPSDM = "198811112012121001"
NIP_ADMIN_SD = "198912122014031002"


@pytest.fixture
def para_admin(org):
    """An admin scoped to BKPSDM, the superadmin's own unit, and an admin of
    Bidang SD (narrower than the Disdik admin's scope)."""
    from werkzeug.security import generate_password_hash
    u = org["unit"]
    with database:
        h = generate_password_hash(SANDI, method=HASH_METHOD)
        bkpsdm = Pegawai.create(nip=NIP_ADMIN_BKPSDM, nama="Admin BKPSDM", jabatan="Analis", jenis_jabatan="pelaksana",
                                unit=u["bkpsdm"], peran="admin", admin_unit=u["bkpsdm"], password_hash=h,
                                wajib_ganti_sandi=False)
        sd = Pegawai.create(nip=NIP_ADMIN_SD, nama="Admin SD", jabatan="Pengelola", jenis_jabatan="pelaksana",
                            unit=u["bidang_sd"], peran="admin", admin_unit=u["bidang_sd"], password_hash=h,
                            wajib_ganti_sandi=False)
    return {"bkpsdm": bkpsdm, "sd": sd}


def keadaan(p):
    with database:
        x = Pegawai.get_by_id(p.id)
        return (x.nama, x.jabatan, x.unit_id, x.aktif, x.password_hash, x.login_token, x.version)


def serang(client, target):
    """Every account action against `target`, as the signed-in admin."""
    base = f"/admin/pegawai/{target.id}"
    ubah = {"nip": target.nip, "nama": "Diambil alih", "jabatan": "X", "jenis_jabatan": "pelaksana",
            "jenis_asn": "pns", "unit": str(target.unit_id), "version": str(target.version)}
    return {
        "form ubah": client.get(base + "/ubah").status_code,
        "simpan ubah": kirim(client, base + "/ubah", ubah, token_from="/").status_code,
        "atur ulang sandi": kirim(client, base + "/sandi", token_from="/").status_code,
        "sandi sementara": client.get(base + "/sandi-sementara").status_code,
        "nonaktifkan": kirim(client, base + "/aktif", {"aktif": "0", "version": str(target.version)},
                             token_from="/").status_code,
    }


def test_admin_opd_di_unit_superadmin_ditolak_semua(client, auth, org, para_admin):
    superadmin = org["pegawai"]["superadmin"]
    sebelum = keadaan(superadmin)
    auth.login(NIP_ADMIN_BKPSDM)
    h = Halaman(client.get(f"/admin/pegawai/{superadmin.id}"))  # seeing is in scope
    assert "Siti Aminah" in h.teks() and "Atur ulang kata sandi" not in h.teks()
    assert "Ubah data" not in [teks_dari(a) for a in h.pilih("a")]
    assert "hanya superadmin yang bisa mengubahnya" in h.teks()
    assert set(serang(client, superadmin).values()) == {403}
    assert keadaan(superadmin) == sebelum
    auth.logout()
    assert auth.login("superadmin").status_code == 303  # the password still works


def test_admin_tidak_mengambil_alih_admin_selingkup(client, auth, org, para_admin, app):
    # A second admin with the same scope as the Disdik admin.
    with database:
        Pegawai.update(peran="admin", admin_unit=org["unit"]["disdik"]).where(
            Pegawai.id == org["pegawai"]["kabid"].id).execute()
    kabid = org["pegawai"]["kabid"]
    sebelum = keadaan(kabid)
    auth.login("admin_disdik")
    assert set(serang(client, kabid).values()) == {403}
    assert keadaan(kabid) == sebelum


def test_admin_mengelola_admin_lebih_sempit_dan_pegawai(client, auth, org, para_admin):
    auth.login("admin_disdik")
    hasil = serang(client, para_admin["sd"])
    assert hasil["form ubah"] == 200 and hasil["atur ulang sandi"] == 200
    with database:
        assert Pegawai.get_by_id(para_admin["sd"].id).wajib_ganti_sandi
    staf = org["pegawai"]["staf"]
    assert kirim(client, f"/admin/pegawai/{staf.id}/sandi", token_from="/").status_code == 200


def test_superadmin_tetap_bisa_semua(client, auth, org, para_admin):
    auth.login("superadmin")
    r = kirim(client, f"/admin/pegawai/{para_admin['bkpsdm'].id}/sandi", token_from="/")
    assert r.status_code == 200
    r = kirim(client, f"/admin/pegawai/{org['pegawai']['superadmin'].id}/aktif",
              {"aktif": "0", "version": "1"}, token_from="/")
    assert r.status_code == 403 and "menonaktifkan akun sendiri" in Halaman(r).teks()


def test_layanan_menolak_tanpa_lewat_view(org, para_admin):
    """The services refuse too (the importer and any later caller use them)."""
    superadmin = org["pegawai"]["superadmin"]
    with database:
        aktor = Pegawai.get_by_id(para_admin["bkpsdm"].id)
        target = Pegawai.get_by_id(superadmin.id)
        with pytest.raises(RuleError):
            atur_ulang_sandi_sekali(aktor, target, lambda s: s, lambda: "sandi-baru-1", "kunci-uji-1", "sidik")
        with pytest.raises(RuleError):
            atur_aktif_pegawai(aktor, target, False, target.version)
        with pytest.raises(RuleError):
            simpan_pegawai(aktor, {"nip": target.nip, "nama": "X", "jabatan": "X", "jenis_jabatan": "pelaksana",
                                   "jenis_asn": "pns", "unit": target.unit, "atasan": None}, target, target.version)
        assert not Riwayat.select().where(Riwayat.objek_id == target.id, Riwayat.aktor == aktor.id).exists()
    assert keadaan(superadmin)[0] == "Siti Aminah"


def test_impor_tidak_mengubah_akun_superadmin(client, auth, org, para_admin):
    superadmin = org["pegawai"]["superadmin"]
    sebelum = keadaan(superadmin)
    auth.login(NIP_ADMIN_BKPSDM)
    csv = ("nip,nama,jabatan,jenis_jabatan,jenis_asn,kode_unit,nip_atasan\n"
           f"{NIP['superadmin']},Diambil Alih,Analis,pelaksana,pns,BKPSDM,\n").encode()
    import io
    r = kirim(client, "/admin/impor", {"berkas": (io.BytesIO(csv), "pegawai.csv")}, token_from="/",
              content_type="multipart/form-data")
    html = Halaman(client.get(r.location)).teks() if r.status_code == 303 else Halaman(r).teks()
    assert "wewenangnya sama dengan atau lebih luas" in html
    assert keadaan(superadmin) == sebelum
