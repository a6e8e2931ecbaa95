"""The public survey (SKM) of suara warga: a response with and without a
service code, the code spent once (twice sent, and sent in parallel), every
refusal of bad or hostile input with its message and nothing stored, the
abuse checks (honeypot, fill time, the form's age, limits per address and
per device) and stuffing from a staff device's address."""
import datetime
import threading
import uuid

import pytest

from kinerja.db import database
from kinerja.models import GagalMasuk
from kinerja.warga.models import CatatanLayanan, ResponSurvei
from tests.conftest import Auth
from tests.halaman import Halaman

URL = "/warga/PKM-STR/survei"
MULAI = datetime.datetime(2026, 11, 28, 9, 0)


class Pengisi:
    """A citizen's browser: opens the form, waits like a person, sends it.
    The app's clock moves a minute per form, so the fill time always passes."""

    def __init__(self, client, jam):
        self.client, self.jam, self.menit = client, jam, 0

    def setel(self, waktu):
        self.jam.setel(waktu.isoformat(timespec="seconds"))

    def buka(self, url=URL):
        self.menit += 1
        self.setel(MULAI + datetime.timedelta(minutes=self.menit))
        r = self.client.get(url)
        assert r.status_code == 200, r.status_code
        h = Halaman(r)
        return {"csrf_token": h.isian("csrf_token").value, "submission_id": h.isian("submission_id").value,
                "waktu": h.isian("waktu").value}

    def kirim(self, data, url=URL, tunggu=30, kunci=None, **kw):
        """Open the form, wait `tunggu` seconds, send `data` (answers) with its keys."""
        isi = {**self.buka(url), **data}
        if kunci:
            isi.update(kunci)
        self.setel(MULAI + datetime.timedelta(minutes=self.menit, seconds=tunggu))
        return self.client.post(url, data=isi, **kw)


def jawab(nilai=3, **lain):
    return {**{f"u{i}": str(nilai) for i in range(1, 10)}, **lain}


@pytest.fixture
def warga(client, jam, puskesmas):
    return Pengisi(client, jam)


def catat(p, kode, pegawai="petugas", layanan="daftar", unit=None):
    with database:
        return CatatanLayanan.create(layanan=p["layanan"][layanan], unit=unit or p["unit"], pegawai=p[pegawai],
                                     mulai=MULAI, selesai=MULAI + datetime.timedelta(minutes=10), kode=kode)


def jumlah_respon():
    with database:
        return ResponSurvei.select().count()


def test_survei_tanpa_kode_tersimpan_untuk_unit(warga, puskesmas):
    r = warga.kirim(jawab(4, komentar="Petugas ramah,\r\nantrean cepat."))
    assert r.status_code == 303 and r.headers["Location"].endswith("/warga/PKM-STR/terima-kasih")
    with database:
        respon = ResponSurvei.get()
    assert (respon.unit_id, respon.catatan_id, respon.pegawai_id) == (puskesmas["unit"].id, None, None)
    assert [getattr(respon, f"u{i}") for i in range(1, 10)] == [4] * 9
    assert respon.komentar == "Petugas ramah,\nantrean cepat." and not respon.ditandai
    h = Halaman(warga.client.get(r.headers["Location"]))
    assert h.judul() == "Terima kasih"


def test_survei_dengan_kode_terikat_pada_layanan_dan_pegawai_kodenya_terpakai(warga, puskesmas):
    c = catat(puskesmas, "ABC234", pegawai="petugas2")
    r = warga.kirim(jawab(3, kode="abc-234"))  # typed lower case, with a dash
    assert r.status_code == 303
    with database:
        respon, c = ResponSurvei.get(), CatatanLayanan.get_by_id(c.id)
    assert respon.catatan_id == c.id and respon.pegawai_id == puskesmas["petugas2"].id
    assert c.kode_terpakai is not None


def test_kode_dari_slip_lewat_url_pendek_terisi(warga, puskesmas):
    r = warga.client.get("/s/pkm-str?kode=ABC234")
    assert r.status_code == 302 and r.headers["Location"].endswith("/warga/PKM-STR/survei?kode=ABC234")
    assert Halaman(warga.client.get(r.headers["Location"])).isian("kode").value == "ABC234"


def test_kode_terpakai_sekali_kiriman_kedua_ditolak(warga, puskesmas):
    catat(puskesmas, "ABC234")
    assert warga.kirim(jawab(4, kode="ABC234")).status_code == 303
    r = warga.kirim(jawab(1, kode="ABC234", komentar="kedua"))
    assert r.status_code == 422
    h = Halaman(r)
    assert "sudah dipakai" in h.teks(".galat")
    assert h.isian("komentar").value == "kedua" and h.isian("u1", "1").checked  # what was typed is kept
    assert jumlah_respon() == 1


def test_kirim_dua_kali_dengan_submission_id_sama_satu_respon(warga, puskesmas):
    catat(puskesmas, "ABC234")
    kunci = warga.buka()
    data = {**jawab(4, kode="ABC234"), **kunci}
    warga.setel(MULAI + datetime.timedelta(minutes=warga.menit, seconds=30))
    pertama = warga.client.post(URL, data=data)
    kedua = warga.client.post(URL, data=data)
    assert pertama.status_code == kedua.status_code == 303
    assert kedua.headers["Location"] == pertama.headers["Location"]
    assert jumlah_respon() == 1


def test_kode_sama_dikirim_serentak_terpakai_sekali(app, jam, puskesmas):
    catat(puskesmas, "ABC234")
    n = 8
    pengisi = [Pengisi(app.test_client(), jam) for _ in range(n)]
    data = [{**jawab(3, kode="ABC234"), **p.buka()} for p in pengisi]
    jam.setel("2026-11-28T10:00:00")
    mulai, hasil = threading.Barrier(n), [None] * n

    def kirim(i):
        mulai.wait()
        hasil[i] = pengisi[i].client.post(URL, data=data[i]).status_code
    utas = [threading.Thread(target=kirim, args=(i,)) for i in range(n)]
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    assert sorted(hasil) == [303] + [422] * (n - 1)
    with database:
        assert ResponSurvei.select().count() == 1
        assert ResponSurvei.get().catatan.kode == "ABC234"


@pytest.mark.parametrize("nilai, pesan", [
    ("0", "harus 1 sampai 4"), ("5", "harus 1 sampai 4"), ("x", "harus 1 sampai 4"), ("-1", "harus 1 sampai 4"),
    ("", "Pilih jawaban"), (None, "Pilih jawaban"),
])
def test_skor_di_luar_1_sampai_4_ditolak(warga, puskesmas, nilai, pesan):
    data = jawab(3, komentar="Tetap di sini")
    if nilai is None:
        del data["u5"]
    else:
        data["u5"] = nilai
    r = warga.kirim(data)
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks("#u5 .galat") and h.pilih('.galat-ringkas a[href="#u5"]')
    assert h.isian("komentar").value == "Tetap di sini" and h.isian("u1", "3").checked
    assert jumlah_respon() == 0


def test_komentar_terlalu_panjang_ditolak(warga, puskesmas):
    r = warga.kirim(jawab(3, komentar="a" * 1001))
    assert r.status_code == 422
    assert "paling banyak 1000 karakter" in Halaman(r).teks_galat()
    assert jumlah_respon() == 0


def test_komentar_1000_karakter_dengan_baris_baru_diterima(warga, puskesmas):
    # a browser counts a line break as one character and sends two
    komentar = ("a" * 98 + "\r\n") * 10
    assert warga.kirim(jawab(3, komentar=komentar)).status_code == 303
    with database:
        assert len(ResponSurvei.get().komentar) == 989  # 10 x 98 + 9 line breaks, the last one trimmed


def test_komentar_berisi_html_ditolak_dan_ditampilkan_ulang_tersandi(warga, puskesmas):
    serangan = '<script>alert("x")</script>'
    r = warga.kirim(jawab(3, komentar=serangan))
    assert r.status_code == 422
    assert "tidak boleh berisi kode HTML" in Halaman(r).teks_galat()
    html = r.get_data(as_text=True)
    assert serangan not in html and "&lt;script&gt;" in html
    assert Halaman(r).isian("komentar").value == serangan  # kept as typed, shown as text
    assert jumlah_respon() == 0


def test_komentar_dengan_tanda_kurang_dari_disimpan_apa_adanya(warga, puskesmas):
    komentar = 'Antre < 10 menit & "cepat"'
    assert warga.kirim(jawab(4, komentar=komentar)).status_code == 303
    with database:
        assert ResponSurvei.get().komentar == komentar


@pytest.mark.parametrize("kode, pesan", [
    ("ZZZZZ2", "tidak dikenal"),  # no such code
    ("MAN234", "tidak dikenal"),  # another unit's code
    ("ABC", "Kode harus 6"),  # malformed
    ("ABC0O1", "Kode harus 6"),  # letters a slip never has
])
def test_kode_tidak_dikenal_unit_lain_atau_salah_bentuk_ditolak(warga, puskesmas, kode, pesan):
    from kinerja.warga.models import Layanan
    with database:
        lain = Layanan.create(unit=puskesmas["org"]["unit"]["dinkes"], nama="Lain", standar_menit=5)
    with database:
        CatatanLayanan.create(layanan=lain, unit=puskesmas["org"]["unit"]["dinkes"],
                              pegawai=puskesmas["org"]["pegawai"]["staf_dinkes"], mulai=MULAI, kode="MAN234")
    r = warga.kirim(jawab(3, kode=kode))
    assert r.status_code == 422
    h = Halaman(r)
    assert pesan in h.teks(".isian .galat") and h.pilih('.galat-ringkas a[href="#kode"]')
    assert h.isian("kode").value == kode
    assert jumlah_respon() == 0
    with database:
        assert CatatanLayanan.get(CatatanLayanan.kode == "MAN234").kode_terpakai is None


def test_umpan_terisi_ditolak(warga, puskesmas):
    r = warga.kirim(jawab(3, situs_web="http://spam.example"))
    assert r.status_code == 422
    assert "Kiriman tidak dapat diterima" in Halaman(r).teks_galat()
    assert jumlah_respon() == 0


def test_terlalu_cepat_ditolak_lalu_diterima_sesudah_menunggu(warga, puskesmas):
    r = warga.kirim(jawab(3), tunggu=2)
    assert r.status_code == 422
    h = Halaman(r)
    assert "terlalu cepat" in h.teks_galat() and h.isian("u9", "3").checked
    assert jumlah_respon() == 0
    data = {f.get("name"): f.get("value") for f in h.pilih("input[type=hidden]")}
    warga.setel(MULAI + datetime.timedelta(minutes=warga.menit, seconds=20))
    assert warga.client.post(URL, data={**data, **jawab(3)}).status_code == 303  # the same form, later


def test_formulir_kedaluwarsa_dikirim_lagi_dengan_token_baru(warga, puskesmas):
    r = warga.kirim(jawab(2, komentar="simpan"), tunggu=4 * 3600)
    assert r.status_code == 422
    h = Halaman(r)
    assert "Formulir kedaluwarsa, kirim lagi" in h.teks_galat()
    assert h.isian("komentar").value == "simpan" and h.isian("u2", "2").checked
    data = {f.get("name"): f.get("value") for f in h.pilih("input[type=hidden]")}
    warga.setel(MULAI + datetime.timedelta(minutes=warga.menit, seconds=4 * 3600 + 30))
    assert warga.client.post(URL, data={**data, **jawab(2)}).status_code == 303
    assert jumlah_respon() == 1


def test_token_waktu_palsu_atau_hilang_ditolak(warga, puskesmas):
    for waktu in ("", "bukan-token", "WyIyMDI2LTExLTI4VDA5OjAwOjAwIiwgMSwgInNrbSJd.palsu"):
        r = warga.kirim({**jawab(3)}, kunci={"waktu": waktu})
        assert r.status_code == 422 and "tidak sah" in Halaman(r).teks_galat()
    assert jumlah_respon() == 0


def test_token_csrf_hilang_ditolak_jawaban_tetap(warga, puskesmas):
    """Checked by the form, not the app-wide guard: a citizen whose session
    lapsed gets the form back with the answers and a fresh token (not the
    staff login page)."""
    for token in ("salah", None):
        data = {**jawab(3, komentar="tetap"), **warga.buka()}
        if token is None:
            del data["csrf_token"]
        else:
            data["csrf_token"] = token
        warga.setel(MULAI + datetime.timedelta(minutes=warga.menit, seconds=30))
        r = warga.client.post(URL, data=data)
        assert r.status_code == 400
        h = Halaman(r)
        assert "kedaluwarsa, kirim lagi" in h.teks_galat() and h.isian("komentar").value == "tetap"
        assert jumlah_respon() == 0
    ulang = {f.get("name"): f.get("value") for f in h.pilih("input[type=hidden]")}
    assert warga.client.post(URL, data={**jawab(3), **ulang}).status_code == 303


def test_batas_per_perangkat_429(warga, puskesmas, app):
    app.config["WARGA_BATAS_PERANGKAT"] = 2
    assert warga.kirim(jawab(3)).status_code == 303
    assert warga.kirim(jawab(3)).status_code == 303
    r = warga.kirim(jawab(3, komentar="ketiga"))
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    h = Halaman(r)
    assert "Terlalu banyak kiriman" in h.teks_galat() and h.isian("komentar").value == "ketiga"
    assert jumlah_respon() == 2
    lain = Pengisi(app.test_client(), warga.jam)  # another device on the same address is still served
    lain.menit = warga.menit
    assert lain.kirim(jawab(3)).status_code == 303


def test_batas_per_alamat_429(warga, puskesmas, app):
    app.config["WARGA_BATAS_ALAMAT"] = 2
    for _ in range(2):
        perangkat = Pengisi(app.test_client(), warga.jam)
        perangkat.menit = warga.menit = warga.menit + 1
        assert perangkat.kirim(jawab(3)).status_code == 303
    r = warga.kirim(jawab(3))
    assert r.status_code == 429 and r.headers["Retry-After"]
    assert jumlah_respon() == 2
    # from another address the same device is fine
    assert warga.kirim(jawab(3), environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 303


def test_tebakan_kode_salah_ikut_terhitung(warga, puskesmas, app):
    app.config["WARGA_BATAS_PERANGKAT"] = 2
    assert warga.kirim(jawab(3, kode="ZZZZZ2")).status_code == 422
    assert warga.kirim(jawab(3, kode="ZZZZZ3")).status_code == 422
    assert warga.kirim(jawab(3, kode="ZZZZZ4")).status_code == 429
    with database:
        assert GagalMasuk.select().where(GagalMasuk.kunci.startswith("skm-perangkat:")).count() == 2


def test_kiriman_dari_alamat_sesi_pegawai_unit_ditandai(app, warga, puskesmas):
    staf = app.test_client()
    warga.setel(MULAI)  # the staff session's time, whatever the real time of day
    assert Auth(staf).login("petugas").status_code == 303  # the petugas signed in from this address
    r = warga.kirim(jawab(4))
    assert r.status_code == 303 and r.headers["Location"].endswith("/terima-kasih")
    assert Halaman(warga.client.get(r.headers["Location"])).judul() == "Terima kasih"
    with database:
        assert ResponSurvei.get().ditandai
    # from another address: not flagged
    assert warga.kirim(jawab(4), environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 303
    with database:
        assert [r.ditandai for r in ResponSurvei.select().order_by(ResponSurvei.id)] == [True, False]


def test_sesi_pegawai_unit_lain_atau_lebih_dari_sejam_tidak_menandai(app, warga, puskesmas):
    staf = app.test_client()
    warga.setel(MULAI)
    assert Auth(staf).login("staf").status_code == 303  # Disdik: not of this unit
    assert warga.kirim(jawab(4)).status_code == 303
    Auth(app.test_client()).login("petugas")
    warga.menit += 120  # two hours later, no request from the petugas since
    assert warga.kirim(jawab(4)).status_code == 303
    with database:
        assert ResponSurvei.select().where(ResponSurvei.ditandai == True).count() == 0  # noqa: E712


def test_unit_tanpa_layanan_aktif_atau_tidak_dikenal_404(client, puskesmas, org):
    r = client.get("/warga/DINKES/survei")
    assert r.status_code == 404 and "belum membuka survei layanan" in Halaman(r).teks()
    r = client.get("/warga/TIDAK-ADA/survei")
    assert r.status_code == 404 and "Unit tidak ditemukan" in Halaman(r).teks()
    assert client.get("/s/tidak-ada").status_code == 404


def test_kunci_pengajuan_dikirim_ulang_tanpa_login_tidak_menggandakan(warga, puskesmas):
    kunci = {"submission_id": str(uuid.uuid4())}
    assert warga.kirim(jawab(3), kunci=kunci).status_code == 303
    with database:
        assert ResponSurvei.select().count() == 1


def test_submission_id_dipakai_lagi_untuk_jawaban_lain_409_dengan_halaman_publik(warga, puskesmas):
    kunci = {"submission_id": str(uuid.uuid4())}
    assert warga.kirim(jawab(3), kunci=kunci).status_code == 303
    r = warga.kirim(jawab(1, komentar="lain"), kunci=kunci)
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "<script" not in html and "app.js" not in html and 'class="kop"' in html  # the public base
    assert 'body class="publik"' in html and "Keluar" not in html
    h = Halaman(r)
    assert h.judul() == "Kiriman bentrok" and "sudah dipakai untuk isian yang berbeda" in h.teks()
    with database:
        assert ResponSurvei.select().count() == 1


def test_nul_di_alamat_publik_400_dengan_halaman_publik(client, puskesmas):
    r = client.get("/warga/PKM-STR/survei?kode=%00")
    assert r.status_code == 400 and "<script" not in r.get_data(as_text=True)
    assert 'body class="publik"' in r.get_data(as_text=True)


def test_halaman_formulir_survei_tidak_disimpan_peramban(warga, puskesmas):
    r = warga.client.get(URL)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "private, no-store"
    r = warga.kirim(jawab(3, u5="9"))  # shown again with the form's token
    assert r.status_code == 422 and r.headers["Cache-Control"] == "private, no-store"


def test_sesi_lama_yang_baru_dicabut_tidak_menandai_sesi_baru_dipakai_menandai(app, warga, puskesmas):
    from kinerja.models import Sesi
    with database:  # used 5 days ago from this address, ended now by a password reset
        Sesi.create(pegawai=puskesmas["petugas"], kunci="a" * 64, alamat="127.0.0.1",
                    dibuat=MULAI - datetime.timedelta(days=6), terakhir=MULAI - datetime.timedelta(days=5),
                    dicabut_pada=MULAI + datetime.timedelta(minutes=1))
    assert warga.kirim(jawab(4)).status_code == 303
    staf = Auth(app.test_client())
    warga.setel(MULAI + datetime.timedelta(minutes=5))
    assert staf.login("petugas").status_code == 303
    assert staf.logout().status_code in (302, 303)  # signed out since
    warga.menit += 30  # the citizen's send half an hour later
    assert warga.kirim(jawab(4)).status_code == 303
    with database:
        assert [r.ditandai for r in ResponSurvei.select().order_by(ResponSurvei.id)] == [False, True]


def test_batas_alamat_ipv6_per_64(warga, puskesmas, app):
    app.config["WARGA_BATAS_ALAMAT"] = 1
    satu = {"REMOTE_ADDR": "2001:db8:7:1::10"}
    assert warga.kirim(jawab(3), environ_base=satu).status_code == 303
    lain = Pengisi(app.test_client(), warga.jam)  # another device picks another address of the /64
    lain.menit = warga.menit
    r = lain.kirim(jawab(3), environ_base={"REMOTE_ADDR": "2001:db8:7:1:abcd::99"})
    assert r.status_code == 429 and "Terlalu banyak kiriman" in Halaman(r).teks_galat()
    # another /64, and IPv4 addresses, are counted on their own
    assert lain.kirim(jawab(3), environ_base={"REMOTE_ADDR": "2001:db8:7:2::10"}).status_code == 303
    assert lain.kirim(jawab(3), environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 303
    with database:
        assert ResponSurvei.select().count() == 3


def test_batas_alamat_ipv6_lewat_proksi_tepercaya(warga, puskesmas, app):
    app.config.update(WARGA_BATAS_ALAMAT=1, TRUSTED_PROXIES=["127.0.0.1"])
    assert warga.kirim(jawab(3), headers={"X-Forwarded-For": "2001:db8::1"}).status_code == 303
    lain = Pengisi(app.test_client(), warga.jam)
    lain.menit = warga.menit
    assert lain.kirim(jawab(3), headers={"X-Forwarded-For": "2001:db8::2"}).status_code == 429


def test_jaringan_alamat():
    from kinerja.warga.survei import jaringan
    assert jaringan("2001:db8:7:1:ffff::1") == jaringan("2001:db8:7:1::2") == "2001:db8:7:1::/64"
    assert jaringan("10.1.2.3") == "10.1.2.3" and jaringan("-") == "-"


def test_jaringan_ipv4_lewat_ipv6_tetap_per_alamat():
    """A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d: each keeps
    its own limit (a /64 of them would be one bucket for the whole city)."""
    from kinerja.warga.survei import jaringan
    assert jaringan("::ffff:1.2.3.4") == "1.2.3.4"
    assert jaringan("::ffff:1.2.3.4") != jaringan("::ffff:9.9.9.9")


def test_sesi_staf_dari_alamat_lain_di_64_yang_sama_menandai(app, warga, puskesmas):
    staf = app.test_client()
    warga.setel(MULAI)  # the staff session's time, whatever the real time of day
    staf.environ_base = {"REMOTE_ADDR": "2001:db8:1:1::a"}
    assert Auth(staf).login("petugas").status_code == 303
    # the same phone's other address in its /64
    assert warga.kirim(jawab(4), environ_base={"REMOTE_ADDR": "2001:db8:1:1::b"}).status_code == 303
    # another network: not flagged
    assert warga.kirim(jawab(4), environ_base={"REMOTE_ADDR": "2001:db8:9:9::b"}).status_code == 303
    with database:
        assert [r.ditandai for r in ResponSurvei.select().order_by(ResponSurvei.id)] == [True, False]
