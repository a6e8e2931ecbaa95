"""The links of a list's rows (web.url_baris) are the URLs url_for builds:
at the root and under a mount point, with fixed arguments and an anchor,
and when the stand-in id would be ambiguous. And the team pages that use
them link each row to its own SKP."""
import pytest
from flask import url_for

from kinerja.web import _CONTOH_ID, url_baris
from tests.halaman import Halaman


def test_sama_dengan_url_for(app):
    for akar in ("", "/kinerja"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": akar}):
            for endpoint, param, tetap in [
                ("skp.lihat", "skp_id", {}),
                ("admin.pegawai_detail", "pegawai_id", {}),
                ("penilaian.periode", "skp_id", {"nomor": 3}),
                ("penilaian.keberatan", "evaluasi_id", {"_anchor": "tanggapan"}),
                ("skp.lihat", "skp_id", {"q": f"x{_CONTOH_ID}"}),  # the stand-in twice: built afresh
            ]:
                buat = url_baris(endpoint, param, **tetap)
                for nilai in (1, 42, 2 ** 31 - 1):
                    assert buat(nilai) == url_for(endpoint, **{param: nilai}, **tetap)
                assert buat(7).startswith(akar + "/")


def test_endpoint_relatif_dan_url_mutlak_ditolak(app):
    """Neither may be remembered for every request: a relative endpoint
    depends on the request's blueprint, an absolute URL on its Host."""
    with app.test_request_context("/"):
        for endpoint, tetap in ((".lihat", {}), ("skp.lihat", {"_external": True}), ("skp.lihat", {"_scheme": "https"})):
            with pytest.raises(ValueError):
                url_baris(endpoint, "skp_id", **tetap)


def test_halaman_tim_menautkan_skp_setiap_baris(client, auth, org, rencana):
    auth.login("kasi")
    h = Halaman(client.get("/tim"))
    tautan = {a.get("aria-label"): a.get("href") for a in h.pilih("a") if (a.get("aria-label") or "").endswith(
        tuple(p.nama for p in org["pegawai"].values()))}
    skp = rencana["skp"]["staf"]
    assert tautan[f"Lihat SKP {skp.pegawai.nama}"] == f"/skp/{skp.id}"
    staf = org["pegawai"]["staf"]
    assert tautan[f"Atur ulang sandi {staf.nama}"] == f"/tim/anggota/{staf.id}/sandi"
