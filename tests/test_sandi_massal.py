"""Access without an admin for each person (issue 13, item 9): the printed
sheet of temporary passwords for a unit or an import batch, and the atasan's
one-time reset of a direct report. Both store hashes only, force a change,
end old sessions, are logged without the password, answer `no-store`, and
a replayed submission never issues a second set."""
import json
import re
import threading
import uuid

import pytest
from werkzeug.security import generate_password_hash

from kinerja.db import database
from kinerja.models import ImporBatch, Pegawai, Riwayat, Sesi
from tests.conftest import HASH_METHOD, NIP, SANDI, Auth, csrf_token, hitung_kueri, kirim, teks
from tests.halaman import Halaman, teks_dari

URL_DISDIK = "/admin/lembar-sandi?unit={}"


def belum_masuk(*pegawai):
    """Mark accounts as never signed in with a password of their own."""
    with database:
        Pegawai.update(wajib_ganti_sandi=True).where(Pegawai.id.in_([p.id for p in pegawai])).execute()


def _halaman(sumber):
    return sumber if isinstance(sumber, Halaman) else Halaman(sumber)


def slip(sumber):
    """{NIP: password} of every slip on a sheet (a page or its HTML)."""
    out = {}
    for li in _halaman(sumber).pilih("ol.lembar-sandi li.slip"):
        nip = li.xpath(".//dt[normalize-space()='NIP']/following-sibling::dd[1]")[0]
        sandi = teks_dari(li.cssselect("dd.sandi")[0])
        assert re.fullmatch("[a-z0-9]+", sandi)
        out[re.sub(r"\D", "", teks_dari(nip))] = sandi
    return out


def di_daftar(sumber):
    """The ids offered on the list to choose from."""
    return {int(el.get("value")) for el in _halaman(sumber).pilih('input[name="pegawai"]')}


def dicentang(h):
    """The ids ticked on the list."""
    return {int(el.get("value")) for el in h.pilih('input[name="pegawai"]') if el.get("checked") is not None}


def keadaan(p):
    with database:
        x = Pegawai.get_by_id(p.id)
        return (x.password_hash, x.login_token, x.wajib_ganti_sandi)


def terbitkan(client, unit, pegawai, sid=None, url=None, **data):
    url = url or URL_DISDIK.format(unit.id)
    isian = {"pegawai": [str(p.id) for p in pegawai], "yakin": "y"}
    isian.update(data)
    return kirim(client, url, isian, token_from=url, submission_id=sid)


def masuk_sekali(app, nip, sandi):
    """Sign in with a temporary password: accepted, then sent to change it."""
    c = app.test_client()
    assert Auth(c).login(nip, sandi).status_code == 303
    assert c.get("/").headers["Location"].endswith("/akun/sandi")
    return c


# ---------------------------------------------------------------- the sheet

def test_lembar_unit_menerbitkan_sandi_sekali_pakai(app, client, auth, org):
    p, u = org["pegawai"], org["unit"]
    belum_masuk(p["kasi"], p["staf"])
    lain = app.test_client()
    Auth(lain).login("staf")  # an old session of the staf, to be ended
    auth.login("admin_disdik")
    h = Halaman(client.get(URL_DISDIK.format(u["disdik"].id)))
    # default list: those still holding a temporary password, ticked; not the admin, not another OPD
    assert "Budi Santoso" in h.teks() and "Rina Marpaung" in h.teks()
    assert di_daftar(h) == {p["kasi"].id, p["staf"].id}
    assert h.isian("pegawai", str(p["staf"].id)).checked
    semua = Halaman(client.get(URL_DISDIK.format(u["disdik"].id) + "&tampil=semua"))
    # not the admin herself, nor the kadis: the head of the dinas reads as much as its admin
    assert di_daftar(semua) == {p[k].id for k in ("kabid", "kasi", "staf")}
    assert p["kabid"].id not in dicentang(semua)

    r = terbitkan(client, u["disdik"], [p["kasi"], p["staf"]])
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store"
    h = Halaman(r)
    sandi = slip(h)
    assert set(sandi) == {NIP["kasi"], NIP["staf"]} and len(set(sandi.values())) == 2
    assert "Budi Santoso" in h.teks() and "Rina Marpaung" in h.teks() and "hanya tampil sekali" in h.teks()
    assert len(h.pilih("ol.lembar-sandi > li.slip")) == 2  # print CSS cuts slips
    with database:
        for key in ("kasi", "staf"):
            x = Pegawai.get_by_id(p[key].id)
            assert x.wajib_ganti_sandi and x.password_hash.startswith("pbkdf2:")
            assert sandi[NIP[key]] not in x.password_hash
        assert not Sesi.select().where((Sesi.pegawai == p["staf"].id) & Sesi.dicabut_pada.is_null()).exists()
    assert lain.get("/").status_code == 302  # the old session is signed out
    c = masuk_sekali(app, NIP["staf"], sandi[NIP["staf"]])
    r = kirim(c, "/akun/sandi", {"lama": sandi[NIP["staf"]], "baru": "sandi-baru-staf", "ulangi": "sandi-baru-staf"},
              token_from="/akun/sandi")
    assert r.status_code == 303
    assert Auth(app.test_client()).login("staf", sandi[NIP["staf"]]).status_code == 401  # used up
    assert Auth(app.test_client()).login("staf", SANDI).status_code == 401  # the old one too
    # a GET of the same address never shows a password again
    assert sandi[NIP["kasi"]] not in Halaman(client.get(URL_DISDIK.format(u["disdik"].id))).teks()


def test_riwayat_tanpa_sandi(client, auth, org):
    p, u = org["pegawai"], org["unit"]
    auth.login("admin_disdik")
    sandi = slip(teks(terbitkan(client, u["disdik"], [p["kasi"], p["staf"]], url=URL_DISDIK.format(u["disdik"].id)
                                + "&tampil=semua")))
    with database:
        for key in ("kasi", "staf"):
            r = Riwayat.get((Riwayat.objek == "pegawai") & (Riwayat.objek_id == p[key].id)
                            & (Riwayat.aksi == "sandi_diatur_ulang"))
            assert r.aktor_id == p["admin_disdik"].id and "Lembar kata sandi" in r.alasan
        ringkas = Riwayat.get((Riwayat.objek == "unit") & (Riwayat.objek_id == u["disdik"].id)
                              & (Riwayat.aksi == "lembar_sandi_diterbitkan"))
        assert ringkas.perubahan == {"jumlah": [None, 2]}
        for r in Riwayat.select():
            for s in sandi.values():
                assert s not in (r.data or "") and s not in (r.alasan or "")


def test_kirim_dua_kali_tidak_menerbitkan_sandi_baru(app, client, auth, org):
    p, u = org["pegawai"], org["unit"]
    belum_masuk(p["staf"])
    auth.login("admin_disdik")
    sid = str(uuid.uuid4())
    pertama = slip(teks(terbitkan(client, u["disdik"], [p["staf"]], sid=sid)))
    sebelum = keadaan(p["staf"])
    r = terbitkan(client, u["disdik"], [p["staf"]], sid=sid)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    h = Halaman(r)
    assert "sudah dibuat pada" in h.teks() and "Tidak ada kata sandi baru" in h.teks() and slip(h) == {}
    assert h.tautan_ke(f'/admin/lembar-sandi?tampil=baru&unit={u["disdik"].id}')  # issue again on purpose
    assert keadaan(p["staf"]) == sebelum
    masuk_sekali(app, NIP["staf"], pertama[NIP["staf"]])  # the printed sheet is still right
    # the same key with other content is refused, nothing issued
    r = terbitkan(client, u["disdik"], [p["kasi"]], sid=sid)
    assert r.status_code == 409 and keadaan(p["staf"]) == sebelum
    # a new submission is a deliberate new sheet
    kedua = slip(teks(terbitkan(client, u["disdik"], [p["staf"]])))
    assert kedua[NIP["staf"]] != pertama[NIP["staf"]]


def test_kirim_serentak_hanya_satu_lembar(app, org):
    p, u = org["pegawai"], org["unit"]
    belum_masuk(p["kasi"], p["staf"])
    n, sid, url = 4, str(uuid.uuid4()), URL_DISDIK.format(u["disdik"].id)
    klien = [app.test_client() for _ in range(n)]
    for c in klien:
        assert Auth(c).login("admin_disdik").status_code == 303
    token = [csrf_token(c, url) for c in klien]
    mulai, hasil = threading.Barrier(n), [None] * n

    def kirim_satu(i):
        mulai.wait()
        data = {"pegawai": [str(p["kasi"].id), str(p["staf"].id)], "yakin": "y",
                "csrf_token": token[i], "submission_id": sid}
        r = klien[i].post(url, data=data)
        hasil[i] = (r.status_code, teks(r))
    utas = [threading.Thread(target=kirim_satu, args=(i,)) for i in range(n)]
    for t in utas:
        t.start()
    for t in utas:
        t.join()
    lembar = [slip(h) for s, h in hasil if s == 200 and slip(h)]
    assert len(lembar) == 1, [s for s, _ in hasil]
    assert all(s in (200, 409) for s, _ in hasil)
    with database:
        n_riwayat = Riwayat.select().where((Riwayat.aksi == "sandi_diatur_ulang")
                                           & (Riwayat.objek_id == p["staf"].id)).count()
    assert n_riwayat == 1
    masuk_sekali(app, NIP["staf"], lembar[0][NIP["staf"]])
    masuk_sekali(app, NIP["kasi"], lembar[0][NIP["kasi"]])


def test_admin_opd_lain_dan_id_diselundupkan(client, auth, org):
    p, u = org["pegawai"], org["unit"]
    auth.login("admin_disdik")
    assert client.get(URL_DISDIK.format(u["dinkes"].id)).status_code == 403
    assert client.get(URL_DISDIK.format(999999)).status_code == 404
    sebelum = {k: keadaan(p[k]) for k in ("staf_dinkes", "superadmin", "admin_disdik", "staf")}
    r = terbitkan(client, u["dinkes"], [p["staf_dinkes"]], url=URL_DISDIK.format(u["dinkes"].id))
    assert r.status_code == 403
    for lain in ("staf_dinkes", "superadmin", "admin_disdik"):
        # an id from another OPD, an admin account or oneself slipped into a Disdik sheet
        r = terbitkan(client, u["disdik"], [p["staf"], p[lain]])
        assert r.status_code == 422, lain
        assert "di luar wewenang Anda, nonaktif, atau akun admin" in Halaman(r).teks() and slip(Halaman(r).teks()) == {}
    r = terbitkan(client, u["disdik"], [p["staf"]], yakin="")
    assert r.status_code == 422 and "Centang pernyataan ini" in Halaman(r).teks()
    r = terbitkan(client, u["disdik"], [])
    assert r.status_code == 422 and "Pilih sedikitnya satu pegawai" in Halaman(r).teks()
    assert {k: keadaan(p[k]) for k in sebelum} == sebelum
    auth.logout()
    auth.login("staf")
    assert client.get(URL_DISDIK.format(u["disdik"].id)).status_code == 403


def test_lembar_untuk_batch_impor(app, client, auth, org):
    u = org["unit"]
    with database:
        baru = [Pegawai.create(nip=f"19950505201903110{i}", nama=f"Pegawai Impor {i}", jabatan="Staf",
                               jenis_jabatan="pelaksana", unit=u["bidang_sd"]) for i in range(1, 4)]
        hasil = {"dibuat": 3, "pegawai_baru": [{"id": b.id, "nip": b.nip, "nama": b.nama} for b in baru]}
        batch = ImporBatch.create(pegawai=org["pegawai"]["admin_disdik"].id, nama_file="baru.csv", baris="[]",
                                  diterapkan="2026-11-28 09:00:00", hasil=json.dumps(hasil))
    url = f"/admin/lembar-sandi?batch={batch.id}"
    auth.login("superadmin")  # another admin's batch: superadmin may see it
    assert client.get(url).status_code == 200
    auth.logout()
    auth.login("admin_disdik")
    assert di_daftar(Halaman(client.get(url))) == {b.id for b in baru}
    r = terbitkan(client, None, baru, url=url)
    assert r.status_code == 200
    sandi = slip(teks(r))
    assert set(sandi) == {b.nip for b in baru}
    masuk_sekali(app, baru[0].nip, sandi[baru[0].nip])
    with database:
        assert Riwayat.get((Riwayat.objek == "imporbatch") & (Riwayat.objek_id == batch.id)
                           & (Riwayat.aksi == "lembar_sandi_diterbitkan")).aktor_id == org["pegawai"]["admin_disdik"].id
    # another OPD's admin cannot even see that the batch exists
    with database:
        h = generate_password_hash(SANDI, method=HASH_METHOD)
        Pegawai.create(nip="198101012006041001", nama="Admin Dinkes", jabatan="Pengelola",
                       jenis_jabatan="pelaksana", unit=u["dinkes"], peran="admin", admin_unit=u["dinkes"],
                       password_hash=h, wajib_ganti_sandi=False)
    auth.logout()
    auth.login("198101012006041001")
    assert client.get(url).status_code == 404


def test_halaman_pilih_unit_tanpa_js(client, auth, org):
    auth.login("admin_disdik")
    html = Halaman(client.get("/admin/lembar-sandi")).teks()
    assert "Dinas Pendidikan" in html and "Dinas Kesehatan" not in html
    detail = Halaman(client.get(f"/admin/pegawai/{org['pegawai']['staf'].id}"))
    assert detail.tautan_ke(f'/admin/lembar-sandi?unit={org["unit"]["bidang_sd"].id}')


def test_daftar_pilih_kueri_tetap(client, auth, org, hitung_tiap_halaman):
    """2 people or 25 on the list cost the same queries (the unit joined)."""
    u = org["unit"]
    auth.login("admin_disdik")
    url = URL_DISDIK.format(u["disdik"].id) + "&tampil=semua"
    with hitung_kueri() as sedikit:
        client.get(url)
    with database:
        for i in range(21):
            Pegawai.create(nip=f"19900101201501{i:04d}", nama=f"Uji {i:02d}", jabatan="Pelaksana",
                           jenis_jabatan="pelaksana", unit=u["bidang_sd"])
    with hitung_kueri() as banyak:
        h = Halaman(client.get(url))
    assert len(di_daftar(h)) == 24 and len(banyak) == len(sedikit), banyak  # 25 but the kadis


# ---------------------------------------------------------------- the atasan's reset

def url_anggota(p):
    return f"/tim/anggota/{p.id}/sandi"


def test_atasan_mengatur_ulang_bawahan_langsung(app, client, auth, org):
    p = org["pegawai"]
    auth.login("kasi")
    r = client.get(url_anggota(p["staf"]))
    h = Halaman(r)
    assert r.status_code == 200 and "Atur ulang kata sandi Rina Marpaung" in h.teks()
    assert "Rina Marpaung" in [teks_dari(el) for el in h.pilih("strong")]
    sid = str(uuid.uuid4())
    r = kirim(client, url_anggota(p["staf"]), token_from=url_anggota(p["staf"]), submission_id=sid)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    sandi = Halaman(r).teks("p.sandi")
    assert re.fullmatch("[a-z0-9]+", sandi)
    sebelum = keadaan(p["staf"])
    assert sebelum[2] and sandi not in sebelum[0]
    # replayed: no new password
    r = kirim(client, url_anggota(p["staf"]), token_from=url_anggota(p["staf"]), submission_id=sid)
    assert r.status_code == 200 and "sudah dibuat pada" in Halaman(r).teks() and sandi not in Halaman(r).teks()
    assert keadaan(p["staf"]) == sebelum
    masuk_sekali(app, NIP["staf"], sandi)
    with database:
        r = Riwayat.get((Riwayat.objek == "pegawai") & (Riwayat.objek_id == p["staf"].id)
                        & (Riwayat.aksi == "sandi_diatur_ulang"))
        assert r.aktor_id == p["kasi"].id and r.alasan == "Diatur ulang oleh atasan langsung"
        assert sandi not in r.data


@pytest.mark.parametrize("siapa,target,kode", [
    ("kabid", "staf", 404),        # the atasan's atasan is not the direct atasan
    ("staf", "kasi", 404),         # one's own atasan
    ("kasi", "kasi", 404),         # oneself
    ("kadinkes", "staf", 404),     # another OPD
    ("admin_disdik", "staf", 404),  # an admin is not an atasan here (the admin page is the way)
    ("kadis", "admin_disdik", 403),  # a direct report with an admin account
    ("kadis", "superadmin", 403),    # ... or the superadmin's
])
def test_atasan_tidak_bisa_selain_bawahan_biasa(client, auth, org, siapa, target, kode):
    p = org["pegawai"]
    with database:  # the admins report to the kadis: the kadis must still not take them over
        Pegawai.update(atasan=p["kadis"].id).where(Pegawai.id.in_([p["admin_disdik"].id,
                                                                    p["superadmin"].id])).execute()
    sebelum = keadaan(p[target])
    auth.login(siapa)
    url = url_anggota(p[target])
    assert client.get(url).status_code == kode
    assert kirim(client, url, token_from="/").status_code == kode
    assert keadaan(p[target]) == sebelum


def test_atasan_tidak_untuk_bawahan_nonaktif(client, auth, org):
    p = org["pegawai"]
    with database:
        Pegawai.update(aktif=False).where(Pegawai.id == p["staf"].id).execute()
    auth.login("kasi")
    assert client.get(url_anggota(p["staf"])).status_code == 404


def test_halaman_tim_menautkan_atur_ulang_sandi_hanya_untuk_bawahan_langsung(client, auth, org, rencana):
    auth.login("kasi")
    h = Halaman(client.get("/tim"))
    staf = org["pegawai"]["staf"]
    assert h.tautan_ke(f"/tim/anggota/{staf.id}/sandi")
    assert client.get(f"/tim/anggota/{staf.id}/sandi").status_code == 200
    auth.logout()
    auth.login("kabid")
    h = Halaman(client.get("/tim"))
    assert "Budi Santoso" in h.teks() and h.tautan_ke(f'/tim/anggota/{org["pegawai"]["kasi"].id}/sandi')
    assert not h.tautan_ke(f"/tim/anggota/{staf.id}/sandi")


# ---------------------------------------------------------------- the atasan of a unit head

@pytest.fixture
def setda(org):
    """A Sekretariat Daerah whose Sekda (JPT, no atasan) is the atasan of the
    kadinkes, the head of the Dinas Kesehatan (a unit outside the Setda)."""
    from tests.conftest import _unit
    with database:
        unit = _unit("Sekretariat Daerah", "SETDA", "sekretariat", org["unit"]["pemkot"])
        sekda = Pegawai.create(nip="196701011990031009", nama="H. Sekda", jabatan="Sekretaris Daerah",
                               jenis_jabatan="jpt", unit=unit, wajib_ganti_sandi=False,
                               password_hash=generate_password_hash(SANDI, method=HASH_METHOD))
        Pegawai.update(atasan=sekda.id, version=Pegawai.version + 1).where(
            Pegawai.id == org["pegawai"]["kadinkes"].id).execute()
    return unit, sekda


def test_atasan_tidak_mengambil_alih_kepala_unit_di_luar_lingkupnya(client, auth, org, setda):
    from kinerja.sandi_sekali import periksa_reset_atasan
    from kinerja.lingkup import lingkup_baca
    from kinerja.rules import RuleError
    unit, sekda = setda
    p, u = org["pegawai"], org["unit"]
    with database:
        kadinkes, sekda = Pegawai.get_by_id(p["kadinkes"].id), Pegawai.get_by_id(sekda.id)
        assert lingkup_baca(sekda) == unit.path and lingkup_baca(kadinkes) == u["dinkes"].path
        with pytest.raises(RuleError, match="hanya bisa diatur ulang oleh admin kepegawaian"):
            periksa_reset_atasan(sekda, kadinkes)
        sebelum = keadaan(kadinkes)
    auth.login(sekda.nip)
    r = client.get(url_anggota(kadinkes))
    assert r.status_code == 403 and "oleh admin kepegawaian" in teks(r)
    r = kirim(client, url_anggota(kadinkes), token_from="/")
    assert r.status_code == 403 and keadaan(kadinkes) == sebelum


def test_atasan_boleh_kepala_unit_di_dalam_lingkupnya(client, auth, org):
    # The kadis reads the whole dinas; the kabid heads a bidang inside it.
    from kinerja.sandi_sekali import periksa_reset_atasan
    p = org["pegawai"]
    with database:
        periksa_reset_atasan(Pegawai.get_by_id(p["kadis"].id), Pegawai.get_by_id(p["kabid"].id))
    auth.login("kadis")
    r = kirim(client, url_anggota(p["kabid"]), token_from=url_anggota(p["kabid"]))
    assert r.status_code == 200 and Halaman(r).teks("p.sandi")


def test_atasan_bawahan_dijadikan_kepala_unit_sementara_ditolak_saat_menulis(app, org, setda):
    """The check passes on the copy the request loaded; meanwhile the admin
    makes the report head of the Bidang SD with the Sekda as atasan. The
    UPDATE re-checks the row (kepegawaian.belum_berubah): nothing written."""
    from kinerja.kepegawaian import simpan_pegawai
    from kinerja.sandi_sekali import atur_ulang_sandi_oleh_atasan
    from kinerja.rules import RuleError
    unit, sekda = setda
    p, u = org["pegawai"], org["unit"]
    with app.test_request_context(), database:
        staf = Pegawai.create(nip="199601012020121010", nama="Staf Setda", jabatan="Analis",
                              jenis_jabatan="pelaksana", unit=unit, atasan=sekda.id)
        lama = Pegawai.get_by_id(staf.id)  # what the atasan's request loaded
        segar = Pegawai.get_by_id(staf.id)
        simpan_pegawai(Pegawai.get_by_id(p["superadmin"].id),
                       {"nip": segar.nip, "nama": segar.nama, "jabatan": "Kepala Bidang", "jenis_jabatan":
                        "administrator", "jenis_asn": "pns", "unit": u["bidang_sd"], "atasan": sekda},
                       segar, segar.version)
        sebelum = keadaan(staf)
        with pytest.raises(RuleError, match="berubah sejak halaman dibuka"):
            atur_ulang_sandi_oleh_atasan(Pegawai.get_by_id(sekda.id), lama, lambda s: "hash:" + s,
                                         lambda: "Sementara1", str(uuid.uuid4()), "sidik")
        assert keadaan(staf) == sebelum
        assert not Riwayat.select().where((Riwayat.objek_id == staf.id)
                                          & (Riwayat.aksi == "sandi_diatur_ulang")).exists()


def test_admin_opd_tidak_mengatur_ulang_kepala_dinasnya(client, auth, org):
    # The kadis reads the whole Dinas Pendidikan, as much as its admin: the superadmin resets him.
    p = org["pegawai"]
    auth.login("admin_disdik")
    r = kirim(client, f"/admin/pegawai/{p['kadis'].id}/sandi", token_from="/")
    assert r.status_code == 403 and "Hubungi superadmin" in teks(r)
    r = kirim(client, f"/admin/pegawai/{p['kabid'].id}/sandi", token_from="/")
    assert r.status_code == 200  # the head of a bidang below reads less
    r = terbitkan(client, org["unit"]["disdik"], [p["kadis"]])
    assert r.status_code == 422


def test_lembar_menolak_yang_sementara_itu_menjadi_kepala_dinas(app, org, monkeypatch):
    """The sheet's UPDATE re-checks what calon_lembar checked: the staf, made
    head of the Dinas Pendidikan (JPT, atasan outside the dinas) after the
    list was checked, gets no password from the Disdik admin; nothing is issued."""
    from kinerja import sandi_sekali
    from kinerja.rules import RuleError
    p, u = org["pegawai"], org["unit"]
    with app.test_request_context(), database:
        admin = Pegawai.get_by_id(p["admin_disdik"].id)
        daftar = [Pegawai.get_by_id(p["kasi"].id), Pegawai.get_by_id(p["staf"].id)]
        periksa = sandi_sekali.calon_lembar
        assert periksa(admin).where(Pegawai.id.in_([x.id for x in daftar])).count() == 2
        Pegawai.update(jenis_jabatan="jpt", unit=u["disdik"].id, atasan=p["kadinkes"].id).where(
            Pegawai.id == p["staf"].id).execute()
        assert periksa(admin).where(Pegawai.id == p["staf"].id).count() == 0
        # The list was checked before the change: its check still counts her.
        monkeypatch.setattr(sandi_sekali, "calon_lembar",
                            lambda aktor, *k: periksa(aktor, *k).orwhere(Pegawai.id == p["staf"].id))
        sebelum = [keadaan(x) for x in daftar]
        with pytest.raises(RuleError, match="berubah sejak halaman dibuka"):
            sandi_sekali.terbitkan_lembar_sandi(admin, daftar, lambda s: "hash:" + s, lambda: "Sementara1",
                                                str(uuid.uuid4()), "sidik", u["disdik"], "unit Dinas Pendidikan")
        assert [keadaan(x) for x in daftar] == sebelum
