"""The one write cycle (kinerja.web): the table that maps what a service
refused to the answer's status, and where each message lands in a form."""
import pytest
from wtforms import HiddenField, StringField

from kinerja.forms import KinerjaForm
from kinerja.inti import BerkasDitolak, Galat, Konflik, Penolakan, Terkunci
from kinerja.rules import RuleError
from kinerja.web import BASI, coba, jalankan, proses, templat, tombol


class Baris:
    """A stand-in for a fresh row: what Konflik carries."""
    version, nama = 7, "Nama baru"


def _tolak(exc):
    def aksi():
        raise exc
    return aksi


@pytest.mark.parametrize("exc, status, galat, basi, pesan", [
    (Galat({"nama": "Nama wajib diisi."}), 422, {"nama": "Nama wajib diisi."}, {}, []),
    (RuleError("Tidak boleh."), 422, {}, {}, ["Tidak boleh."]),
    (Terkunci("Sudah diajukan."), 409, {}, {}, ["Sudah diajukan."]),
    (Konflik(Baris), 409, {}, {"": Baris}, []),
    (Penolakan({"nilai-1": "Bukan angka."}, {2: Baris}), 422, {"nilai-1": "Bukan angka."}, {2: Baris}, []),
    (Penolakan({}, {2: Baris}), 409, {}, {2: Baris}, []),
    (BerkasDitolak("Berkas terlalu besar."), 422, {"berkas": "Berkas terlalu besar."}, {}, []),
    (BerkasDitolak("Lebih dari 5 MB.", 413), 413, {"berkas": "Lebih dari 5 MB."}, {}, []),
])
def test_tabel_penolakan(exc, status, galat, basi, pesan):
    hasil = jalankan(_tolak(exc))
    assert (hasil.status, hasil.nilai, hasil.galat, hasil.basi, hasil.pesan) == (status, None, galat, basi, pesan)


def test_berhasil_membawa_nilai_dan_wadah_sendiri():
    a, b = jalankan(lambda: 41), jalankan(_tolak(RuleError("x")))
    assert a.status is None and a.nilai == 41
    a.pesan.append("tambahan")  # a view may add to its own result...
    assert jalankan(_tolak(RuleError("y"))).pesan == ["y"] and b.pesan == ["x"]  # ...without touching another's


def test_galat_lain_tidak_ditelan():
    with pytest.raises(ZeroDivisionError):
        jalankan(lambda: 1 / 0)


class _Form(KinerjaForm):
    nama = StringField("Nama")
    version = HiddenField()


def test_coba_menaruh_pesan_di_formulir(app):
    with app.test_request_context("/", method="POST", data={"nama": "Lama", "version": "6"}):
        form = _Form()
        assert coba(form, _tolak(Galat({"nama": "Terlalu panjang.", "lain": "Untuk atas."}))) == (422, None)
        assert form.nama.errors == ["Terlalu panjang."] and form.form_errors == ["Untuk atas."]

        form = _Form()
        status, konflik = coba(form, _tolak(Konflik(Baris)), {"nama": lambda r: r.nama})
        assert (status, konflik) == (409, [("Nama", "Lama", "Nama baru")])
        assert form.version.data == 7  # the next save is checked against the fresh row

        form = _Form()
        assert coba(form, _tolak(Konflik(Baris))) == (409, None) and form.form_errors == [BASI]

        form = _Form()
        assert coba(form, _tolak(Penolakan({}, {2: Baris}))) == (409, None) and form.form_errors == [BASI]

        form = _Form()
        assert coba(form, lambda: ("url", "pesan")) == (None, None) and form.hasil == ("url", "pesan")


def test_proses_dan_tombol(app):
    from flask import session
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        with app.test_request_context("/", method="POST", data={"nama": "Baru", "version": "6"}):
            r = proses(_Form(), lambda: ("/selesai", "Disimpan."), templat("errors/pesan.html"))
            assert r.status_code == 303 and r.location == "/selesai"
            assert session["_flashes"] == [("sukses", "Disimpan.")]
        with app.test_request_context("/", method="POST", data={"nama": "Baru", "version": "6"}):
            form = _Form()
            html, status = proses(form, _tolak(Terkunci("Terkunci.")), templat("errors/pesan.html", judul="J", pesan="P"))
            assert status == 409 and form.form_errors == ["Terkunci."]
            form = _Form()
            assert proses(form, _tolak(Konflik(Baris)), lambda status, konflik: (konflik, status),
                          {"nama": lambda r: r.nama}) == ([("Nama", "Baru", "Nama baru")], 409)
        with app.test_request_context("/", method="POST", data={"nama": "Baru", "version": "6"}):
            r = proses(_Form(), lambda: ("/lagi", "Sebagian dilewati.", "peringatan"), templat("errors/pesan.html"))
            assert r.location == "/lagi" and session["_flashes"] == [("peringatan", "Sebagian dilewati.")]
        with app.test_request_context("/", method="GET"):
            assert proses(_Form(), lambda: 1 / 0, templat("errors/pesan.html", judul="J", pesan="P"))[1] == 200
        with app.test_request_context("/", method="POST", data={}):
            r = tombol(lambda: None, "Beres.", "/kembali", lambda: "halaman")
            assert r.status_code == 303 and r.location == "/kembali"
            assert tombol(_tolak(Konflik(Baris)), "Beres.", "/kembali", lambda: "halaman", "Gagal: ") \
                == ("halaman", 409)
            assert tombol(_tolak(Galat({"aktif": "Masih ada pegawai."})), "Beres.", "/kembali", lambda: "h") \
                == ("h", 422)
            assert session["_flashes"] == [("sukses", "Beres."), ("galat", "Gagal: " + BASI),
                                           ("galat", "Masih ada pegawai.")]
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
