"""The header's "Tugas saya (n)": counted, then remembered in the signed
session cookie for TUGAS_KEPALA_DETIK seconds of the app's clock
(penilaian.tugas.tugas_kepala). One's own writes show at once; other
people's within that time; Tugas saya always counts afresh.

The clock is frozen at a moment in each test (28 November 2026, WIB):
Triwulan IV-Akhir is running."""
from kinerja.db import database
from kinerja.rules import BERAKHLAK
from itsdangerous import URLSafeSerializer

from kinerja.penilaian.kepala import KUE_TUGAS
from kinerja.penilaian.tugas import hitung_tugas
from kinerja.skp.layanan import ubah_status
from kinerja.skp.models import Skp
from tests.conftest import hitung_kueri, kirim
from tests.halaman import Halaman


def _kepala(client, url="/"):
    """(the header's Tugas saya label, the link texts, whether the page counted)."""
    with hitung_kueri() as kueri:
        r = client.get(url)
    assert r.status_code == 200, url
    nav = Halaman(r).menu()
    return nav[0][0], [teks for teks, _, _ in nav[1:]], any("UNION ALL" in q for q in kueri)


def _ajukan_skp_staf(rencana):
    """The staf submits the draft SKP (another person's change: one more for the kasi to approve)."""
    with database:
        skp = Skp.get_by_id(rencana["skp"]["staf"].id)
        ubah_status(skp.pegawai, skp, "ajukan", "", skp.version)
        return Skp.get_by_id(skp.id)


def _total(app, org, key):
    """The person's total counted now from the database."""
    with app.test_request_context(), database:
        return hitung_tugas(org["pegawai"][key])["total"]


def _serial(client):
    return URLSafeSerializer(client.application.secret_key, salt="tugas-kepala")


def _diingat(client):
    """[pegawai id, session id, total, has a team, counted at] in the browser's cookie, or None."""
    kue = client.get_cookie(KUE_TUGAS)
    return _serial(client).loads(kue.value) if kue else None


def test_diingat_semenit_lalu_dihitung_lagi(rencana, client, auth, jam):
    jam.setel("2026-11-28T10:00")
    auth.login("kasi")
    label, tautan, dihitung = _kepala(client)
    assert dihitung and "Tim" in tautan
    n = int(label.split("(")[1].rstrip(")")) if "(" in label else 0
    # The next pages show the remembered total and team link without counting.
    for url in ("/skp", "/tim", "/"):
        assert _kepala(client, url) == (label, tautan, False), url
    _ajukan_skp_staf(rencana)
    assert _kepala(client, "/skp")[:2] == (label, tautan)  # another person's change: not yet
    jam.setel("2026-11-28T10:00:59")
    assert _kepala(client)[0] == label
    jam.setel("2026-11-28T10:01")  # a minute on: counted again
    assert _kepala(client) == (f"Tugas saya ({n + 1})", tautan, True)
    assert _diingat(client)[2] == n + 1


def test_tulisan_sendiri_langsung_terlihat(rencana, app, org, client, auth, jam):
    jam.setel("2026-11-28T10:00")
    skp = _ajukan_skp_staf(rencana)
    auth.login("kasi")
    label, tautan, _ = _kepala(client)
    n = int(label.split("(")[1].rstrip(")"))
    assert _kepala(client, "/tim")[2] is False
    # The kasi approves the SKP: the next page counts afresh, the clock unmoved.
    ekspektasi = {f"ekspektasi_{k}": f"Arahan: {v['nama']}" for k, v in BERAKHLAK.items()}
    r = kirim(client, f"/skp/{skp.id}/status", dict(ekspektasi, aksi="setujui", alasan="", version=skp.version),
              token_from=f"/skp/{skp.id}")
    assert r.status_code == 303
    assert _diingat(client) is None and any(k.startswith(f"{KUE_TUGAS}=;") for k in r.headers.getlist("Set-Cookie"))
    with database:
        assert Skp.get_by_id(skp.id).status == "disetujui"
    baru = _total(app, org, "kasi")  # one less to approve, three periods over to rate
    assert baru == n + 2 and _kepala(client) == (f"Tugas saya ({baru})", tautan, True)


def test_halaman_tugas_selalu_segar_dan_memperbarui_ingatan(rencana, client, auth, jam):
    jam.setel("2026-11-28T10:00")
    auth.login("kasi")
    label, _, _ = _kepala(client)
    n = int(label.split("(")[1].rstrip(")")) if "(" in label else 0
    _ajukan_skp_staf(rencana)
    h = Halaman(client.get("/tugas"))
    assert h.menu()[0][0] == f"Tugas saya ({n + 1})" and f"{n + 1} tugas menunggu Anda." in h.teks()
    assert "SKP 2026 Rina Marpaung" in h.teks("main")
    assert _kepala(client, "/skp") == (f"Tugas saya ({n + 1})", _kepala(client)[1], False)
    # Tugas saya counts on every visit; the same total is not written again
    # within half the period (no new cookie per visit), later it is.
    jam.setel("2026-11-28T10:00:20")
    assert _kepala(client, "/tugas")[2] is True and _diingat(client)[4] == "2026-11-28T10:00:00"
    r = client.get("/tugas")
    assert "Set-Cookie" not in r.headers
    jam.setel("2026-11-28T10:00:30")
    assert _kepala(client, "/tugas")[2] is True and _diingat(client)[4] == "2026-11-28T10:00:30"


def test_hari_berganti_dihitung_lagi(rencana, client, auth, jam):
    jam.setel("2026-11-28T23:59:30")
    auth.login("kasi")
    label, _, _ = _kepala(client)
    _ajukan_skp_staf(rencana)
    jam.setel("2026-11-29T00:00:05")  # 35 s later, but another day: periods may have ended
    label_baru, _, dihitung = _kepala(client)
    assert dihitung and label_baru != label


def test_jam_mundur_dihitung_lagi(rencana, client, auth, jam):
    jam.setel("2026-11-28T10:00")
    auth.login("kasi")
    label, _, _ = _kepala(client)
    _ajukan_skp_staf(rencana)
    jam.setel("2026-11-28T09:59:50")
    label_baru, _, dihitung = _kepala(client)
    assert dihitung and label_baru != label


def test_ingatan_orang_lain_atau_rusak_tidak_dipakai(rencana, org, client, auth, jam):
    jam.setel("2026-11-28T10:00")
    auth.login("staf")
    label, tautan, _ = _kepala(client)
    assert "Tim" not in tautan
    pid, sesi = org["pegawai"]["staf"].id, _diingat(client)[1]
    serial = _serial(client)
    lain = URLSafeSerializer("kunci-lain", salt="tugas-kepala")
    for rusak in (serial.dumps([org["pegawai"]["kasi"].id, sesi, 99, True, "2026-11-28T10:00:00"]),  # the kasi's
                  serial.dumps([pid, sesi + 1, 99, True, "2026-11-28T10:00:00"]),  # another session's
                  lain.dumps([pid, sesi, 99, True, "2026-11-28T10:00:00"]),  # not signed by this server
                  serial.dumps([pid, sesi, 99, True]), serial.dumps([pid, sesi, 99, True, "bukan waktu"]),
                  serial.dumps([pid, sesi, "99", True, "2026-11-28T10:00:00"]), serial.dumps("teks"), "teks"):
        client.set_cookie(KUE_TUGAS, rusak)
        assert _kepala(client) == (label, tautan, True), rusak


def test_kue_sesi_tidak_pernah_ditulis_ulang(rencana, client, auth, jam):
    """The total lives in its own cookie: a page that counts afresh never
    sends the session cookie back, so a late answer cannot undo a logout or
    a new CSRF token (a write's answer deletes only the total's cookie)."""
    jam.setel("2026-11-28T10:00")
    auth.login("kasi")
    for url in ("/", "/tugas", "/skp"):
        jam.setel("2026-11-28T10:05" if url == "/skp" else "2026-11-28T10:00")  # /skp: a minute on, counted again
        r = client.get(url)
        kue = r.headers.getlist("Set-Cookie")
        assert r.status_code == 200 and not [k for k in kue if k.startswith("session=")], (url, kue)
    assert any(k.startswith(f"{KUE_TUGAS}=") and "Max-Age=60" in k and "HttpOnly" in k for k in kue), kue


def test_ganti_akun_di_peramban_yang_sama(rencana, client, auth, jam):
    jam.setel("2026-11-28T10:00")
    auth.login("kasi")
    kasi = _kepala(client)
    assert "Tim" in kasi[1]
    auth.logout()
    auth.login("staf")
    label, tautan, dihitung = _kepala(client)
    assert dihitung and "Tim" not in tautan


def test_nol_detik_selalu_menghitung(rencana, app, client, auth, jam):
    app.config["TUGAS_KEPALA_DETIK"] = 0
    jam.setel("2026-11-28T10:00")
    auth.login("kasi")
    label, _, _ = _kepala(client)
    for url in ("/skp", "/"):
        assert _kepala(client, url)[2] is True
    assert _diingat(client) is None
    _ajukan_skp_staf(rencana)
    assert _kepala(client)[0] != label
