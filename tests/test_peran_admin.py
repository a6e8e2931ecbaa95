"""The superadmin appoints and removes OPD admins and pemantau from the
pegawai's admin page (issue 15): role, unit of scope and a reason, one
versioned write with its history; OPD admins, oneself and superadmin
accounts refused; every bad input a 422 at its field with what was typed
kept and nothing written; a stale form 409; a double submit stored once;
the person's next request has the new role."""
import uuid

import pytest

from kinerja.db import database
from kinerja.models import Pegawai, Riwayat, Unit
from tests.conftest import SANDI, kirim
from tests.halaman import Halaman

ALASAN = "SK Wali Kota No. 800/123/2026"


def url(p):
    return f"/admin/pegawai/{p.id}/peran"


def segar(p):
    with database:
        return Pegawai.get_by_id(p.id)


def kolom(p):
    """Every column of the row as stored, by field name (foreign keys as ids)."""
    return dict(p.__data__)


def riwayat_peran(p):
    with database:
        return list(Riwayat.select().where((Riwayat.objek == "pegawai") & (Riwayat.objek_id == p.id)
                                           & (Riwayat.aksi == "peran_diubah")).order_by(Riwayat.id))


def atur(client, p, **data):
    data.setdefault("version", segar(p).version)
    data.setdefault("alasan", ALASAN)
    return kirim(client, url(p), data, token_from=url(p))


@pytest.fixture
def superadmin(auth, org):
    auth.login("superadmin")
    return org["pegawai"]["superadmin"]


# ---------------------------------------------------------------- appoint and remove

def test_angkat_pemantau_dari_halaman_pegawai(client, org, superadmin):
    staf, dinkes = org["pegawai"]["staf"], org["unit"]["dinkes"]
    detail = Halaman(client.get(f"/admin/pegawai/{staf.id}"))
    assert detail.tautan("Atur peran").get("href") == url(staf)
    h = Halaman(client.get(url(staf)))
    assert h.isian("peran", "pegawai").checked and h.isian("unit").label == "Unit lingkup"
    assert h.isian("alasan").label == "Alasan" and h.isian("alasan").value == ""
    assert [v for v, _, _ in h.isian("unit").opsi()][0] == ""  # "Pilih unit…" first
    sebelum = kolom(segar(staf))
    r = atur(client, staf, peran="pemantau", unit=dinkes.id)
    assert r.status_code == 303 and r.location == f"/admin/pegawai/{staf.id}#riwayat"
    sesudah = kolom(segar(staf))
    assert sesudah.pop("peran") == "pemantau" and sesudah.pop("admin_unit") == dinkes.id
    assert sesudah.pop("version") == sebelum.pop("version") + 1
    sebelum.pop("peran"), sebelum.pop("admin_unit")
    assert sesudah == sebelum  # nothing else touched (password, session token, unit, ...)
    [row] = riwayat_peran(staf)
    assert row.aktor_id == superadmin.id and row.alasan == ALASAN
    assert row.perubahan == {"peran": ["pegawai", "pemantau"], "admin_unit": [None, dinkes.id]}
    h = Halaman(client.get(r.location))
    assert "Peran Rina Marpaung sekarang: Pemantau (Dinas Kesehatan)." in h.flash()
    riwayat = h.teks("#riwayat")
    assert "peran diubah oleh Siti Aminah" in riwayat and f"Alasan: {ALASAN}" in riwayat
    assert "Peran: Pegawai → Pemantau" in riwayat
    assert "Unit lingkup (admin/pemantau): – → Dinas Kesehatan" in riwayat
    assert h.definisi("Peran").startswith("Pemantau (unit lingkup: Dinas Kesehatan)")


def test_angkat_admin_lalu_berhentikan(client, org, superadmin):
    kasi, disdik = org["pegawai"]["kasi"], org["unit"]["disdik"]
    assert atur(client, kasi, peran="admin", unit=disdik.id).status_code == 303
    with database:
        p = Pegawai.get_by_id(kasi.id)
        assert p.peran == "admin" and p.admin_unit_id == disdik.id and p.scope_path() == disdik.path
    assert atur(client, kasi, peran="pegawai", unit=disdik.id, alasan="Mutasi ke sekolah").status_code == 303
    p = segar(kasi)
    assert p.peran == "pegawai" and p.admin_unit_id is None and p.scope_path() is None
    assert [r.perubahan for r in riwayat_peran(kasi)] == [
        {"peran": ["pegawai", "admin"], "admin_unit": [None, disdik.id]},
        {"peran": ["admin", "pegawai"], "admin_unit": [disdik.id, None]}]


def test_admin_menjadi_pemantau_unit_lain(client, org, superadmin):
    admin, dinkes = org["pegawai"]["admin_disdik"], org["unit"]["dinkes"]
    assert atur(client, admin, peran="pemantau", unit=dinkes.id).status_code == 303
    p = segar(admin)
    assert p.peran == "pemantau" and p.admin_unit_id == dinkes.id and p.scope_path() is None


# ---------------------------------------------------------------- who may

@pytest.mark.parametrize("metode", ["get", "post"])
def test_admin_opd_ditolak(client, auth, org, metode):
    auth.login("admin_disdik")
    staf = org["pegawai"]["staf"]
    assert "Atur peran" not in Halaman(client.get(f"/admin/pegawai/{staf.id}")).teks("main")
    r = client.get(url(staf)) if metode == "get" else atur(client, staf, peran="admin", unit=org["unit"]["disdik"].id)
    assert r.status_code == 403
    assert segar(staf).peran == "pegawai" and riwayat_peran(staf) == []


@pytest.mark.parametrize("siapa", ["staf", "kadis"])
def test_pegawai_biasa_ditolak(client, auth, org, siapa):
    auth.login(siapa)
    assert client.get(url(org["pegawai"]["staf"])).status_code == 403


def test_pemantau_ditolak(client, auth, org):
    with database:
        Pegawai.update(peran="pemantau", admin_unit=org["unit"]["pemkot"].id).where(
            Pegawai.id == org["pegawai"]["kabid"].id).execute()
    auth.login("kabid")
    staf = org["pegawai"]["staf"]
    assert client.get(url(staf)).status_code == 403
    assert atur(client, staf, peran="admin", unit=org["unit"]["disdik"].id).status_code == 403
    assert segar(staf).peran == "pegawai"


def test_tidak_untuk_diri_sendiri_atau_superadmin_lain(client, org, superadmin):
    with database:
        lain = Pegawai.get_by_id(org["pegawai"]["kadinkes"].id)
        lain.peran = "superadmin"
        lain.save()
    for p, pesan in ((superadmin, "akun sendiri"), (lain, "create-admin")):
        assert "Atur peran" not in Halaman(client.get(f"/admin/pegawai/{p.id}")).teks("main")
        r = client.get(url(p))
        assert r.status_code == 403 and pesan in Halaman(r).teks()
        assert atur(client, p, peran="pegawai").status_code == 403
        assert segar(p).peran == "superadmin" and riwayat_peran(p) == []


def test_id_tidak_dikenal_404(client, superadmin):
    assert client.get("/admin/pegawai/999999/peran").status_code == 404


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("data,field,pesan", [
    ({"peran": "admin", "unit": ""}, "unit", "Pilih unit lingkup untuk admin atau pemantau."),
    ({"peran": "pemantau"}, "unit", "Pilih unit lingkup untuk admin atau pemantau."),
    ({"peran": "admin", "unit": "999999"}, "unit", "Unit ini tidak ada atau sudah nonaktif."),
    ({"peran": "admin", "unit": "abc"}, "unit", "Pilih unit lingkup"),
    ({"peran": "superadmin"}, "peran", "Pilih peran: pegawai, admin kepegawaian OPD, atau pemantau."),
    ({"peran": ""}, "peran", "Pilih peran"),
    ({"peran": "pemantau", "unit": "DISDIK", "alasan": ""}, "alasan", "Alasan wajib diisi."),
    ({"peran": "pemantau", "unit": "DISDIK", "alasan": "   "}, "alasan", "Alasan wajib diisi."),
    ({"peran": "pemantau", "unit": "DISDIK", "alasan": "x" * 1001}, "alasan", "Alasan paling banyak 1000 karakter."),
    ({"peran": "pegawai", "alasan": "Tidak ada yang berubah"}, "peran", "sama dengan yang sekarang"),
])
def test_isian_salah_ditolak_di_isiannya(client, org, superadmin, data, field, pesan):
    staf = org["pegawai"]["staf"]
    if data.get("unit") == "DISDIK":
        data["unit"] = org["unit"]["disdik"].id
    sebelum = kolom(segar(staf))
    r = atur(client, staf, **data)
    assert r.status_code == 422
    h = Halaman(r)
    assert any(pesan in g for g in h.galat()), h.galat()
    assert pesan in h.teks(f"#{field}-galat") if field != "peran" else pesan in h.teks("fieldset .galat")
    assert kolom(segar(staf)) == sebelum and riwayat_peran(staf) == []
    assert h.isian("alasan").value == data.get("alasan", ALASAN)  # what was typed stays
    if data["peran"] in ("admin", "pemantau"):
        assert h.isian("peran", data["peran"]).checked


def test_unit_nonaktif_ditolak(client, org, superadmin):
    staf, sd = org["pegawai"]["staf"], org["unit"]["bidang_sd"]
    with database:
        Unit.update(aktif=False).where(Unit.id == sd.id).execute()
    r = atur(client, staf, peran="admin", unit=sd.id)
    assert r.status_code == 422 and "sudah nonaktif" in Halaman(r).teks("#unit-galat")
    assert str(sd.id) not in [v for v, _, _ in Halaman(client.get(url(staf))).isian("unit").opsi()]
    assert segar(staf).peran == "pegawai"


def test_pegawai_nonaktif_tidak_diangkat_tetapi_boleh_diberhentikan(client, org, superadmin):
    admin, disdik = org["pegawai"]["admin_disdik"], org["unit"]["disdik"]
    with database:
        Pegawai.update(aktif=False).where(Pegawai.id == admin.id).execute()
    r = atur(client, admin, peran="pemantau", unit=disdik.id)
    assert r.status_code == 422 and "nonaktif" in Halaman(r).teks("fieldset .galat")
    assert atur(client, admin, peran="pegawai").status_code == 303
    assert segar(admin).peran == "pegawai"


# ---------------------------------------------------------------- the write cycle

def test_versi_usang_409_dengan_kedua_versi(client, org, superadmin):
    staf, disdik, dinkes = org["pegawai"]["staf"], org["unit"]["disdik"], org["unit"]["dinkes"]
    lama = segar(staf).version
    assert atur(client, staf, peran="admin", unit=disdik.id).status_code == 303  # another tab
    sebelum = kolom(segar(staf))
    r = atur(client, staf, peran="pemantau", unit=dinkes.id, version=lama, alasan="Penunjukan Inspektorat")
    assert r.status_code == 409
    h = Halaman(r)
    tabel = h.tabel()
    assert ["Peran", "Pemantau (hanya membaca)", "Admin kepegawaian OPD"] in tabel
    assert ["Unit lingkup", "\u00a0\u00a0Dinas Kesehatan".strip(), "Dinas Pendidikan"] in [
        [c.strip() for c in baris] for baris in tabel]
    assert kolom(segar(staf)) == sebelum
    assert h.isian("alasan").value == "Penunjukan Inspektorat"
    # Sending again (the page now carries the fresh version) overwrites on purpose.
    assert h.isian("version").value == str(sebelum["version"])
    r = atur(client, staf, peran="pemantau", unit=dinkes.id, version=h.isian("version").value)
    assert r.status_code == 303 and segar(staf).peran == "pemantau"


def test_kirim_dua_kali_disimpan_sekali(client, org, superadmin):
    staf = org["pegawai"]["staf"]
    kunci = str(uuid.uuid4())
    data = {"peran": "pemantau", "unit": org["unit"]["dinkes"].id, "version": segar(staf).version}
    pertama = atur(client, staf, submission_id=kunci, **data)
    kedua = atur(client, staf, submission_id=kunci, **data)
    assert pertama.status_code == kedua.status_code == 303 and kedua.location == pertama.location
    assert len(riwayat_peran(staf)) == 1 and segar(staf).version == data["version"] + 1


def test_tanpa_versi_ditolak_sebagai_usang(client, org, superadmin):
    staf = org["pegawai"]["staf"]
    r = kirim(client, url(staf), {"peran": "pemantau", "unit": org["unit"]["dinkes"].id, "alasan": ALASAN},
              token_from=url(staf))
    assert r.status_code == 409 and segar(staf).peran == "pegawai"


# ---------------------------------------------------------------- the person's next request

def test_permintaan_berikutnya_melihat_peran_baru(app, client, org, superadmin):
    admin, staf = org["pegawai"]["admin_disdik"], org["pegawai"]["staf"]
    orang = {}
    for p in (admin, staf):  # each signed in on their own device
        orang[p.id] = app.test_client()
        assert kirim(orang[p.id], "/login", {"nip": p.nip, "password": SANDI}).status_code == 303
    assert orang[admin.id].get("/admin/pegawai").status_code == 200
    assert orang[staf.id].get("/admin/pegawai").status_code == 403
    assert atur(client, admin, peran="pegawai", alasan="Tugas kepegawaian selesai").status_code == 303
    assert atur(client, staf, peran="admin", unit=org["unit"]["bidang_sd"].id).status_code == 303
    # Still signed in (no session ended), and the next request has the new role.
    assert orang[admin.id].get("/admin/pegawai").status_code == 403
    assert orang[admin.id].get("/").status_code == 200
    assert orang[staf.id].get("/admin/pegawai").status_code == 200
    h = Halaman(orang[staf.id].get("/"))
    assert h.teks(".kepala .peran") == "Admin kepegawaian"


def test_pemantau_yang_diangkat_membaca_dan_tercatat(app, client, org, superadmin, rencana):
    maya = org["pegawai"]["staf_dinkes"]
    assert atur(client, maya, peran="pemantau", unit=org["unit"]["disdik"].id).status_code == 303
    lain = app.test_client()
    kirim(lain, "/login", {"nip": maya.nip, "password": SANDI})
    skp = rencana["skp"]["staf"]
    assert lain.get(f"/skp/{skp.id}").status_code == 200
    assert lain.get("/admin/pegawai").status_code == 403


def test_atur_ulang_sandi_berpacu_dengan_pengangkatan_pemantau_kota(app, org):
    """The Disdik admin's reset of the staf (a plain pegawai when checked)
    races the superadmin making her pemantau of the whole city: the reset's
    UPDATE re-checks the row the check read, so no password chosen by an
    OPD admin lands on a city-wide pemantau, and nothing of the reset stays."""
    from kinerja.admin.peran import atur_peran
    from kinerja.sandi_sekali import atur_ulang_sandi_sekali
    from kinerja.models import Pengajuan
    from kinerja.rules import RuleError
    u, p = org["unit"], org["pegawai"]
    with app.test_request_context(), database:
        admin = Pegawai.get_by_id(p["admin_disdik"].id)
        lama = Pegawai.get_by_id(p["staf"].id)  # what the admin's request loaded and checked
        segar = Pegawai.get_by_id(p["staf"].id)
        atur_peran(Pegawai.get_by_id(p["superadmin"].id), segar,
                   {"peran": "pemantau", "unit": u["pemkot"].id, "alasan": ALASAN}, segar.version)
        sebelum = kolom(Pegawai.get_by_id(p["staf"].id))
        with pytest.raises(RuleError, match="berubah sejak halaman dibuka"):
            atur_ulang_sandi_sekali(admin, lama, lambda s: "hash:" + s, lambda: "Sementara1",
                                    str(uuid.uuid4()), "sidik")
        sekarang = Pegawai.get_by_id(p["staf"].id)
        assert kolom(sekarang) == sebelum and sekarang.peran == "pemantau"
        assert not Riwayat.select().where((Riwayat.objek_id == p["staf"].id)
                                          & (Riwayat.aksi == "sandi_diatur_ulang")).exists()
        assert not Pengajuan.select().where(Pengajuan.pegawai == admin.id).exists()
