"""Pure SKP rules: the transition table by role, completeness, BerAKHLAK."""
import itertools

import pytest

from kinerja.rules import (AKSI_SKP, BERAKHLAK, STATUS_SKP, TRANSISI_SKP, RuleError,
                           kelengkapan_skp, periksa_transisi_skp)

PERAN = {
    "pemilik": {"pemilik"},
    "penilai": {"penilai"},
    "atasan_penilai": {"atasan_penilai"},
    "admin": {"admin"},
    "orang lain": set(),
    "pemilik sekaligus penilai": {"pemilik", "penilai"},
}

# Every allowed move: (status, aksi, role) -> new status. Everything else is refused.
BOLEH = {
    ("draft", "ajukan", "pemilik"): "diajukan",
    ("dikembalikan", "ajukan", "pemilik"): "diajukan",
    ("diajukan", "tarik", "pemilik"): "draft",
    ("diajukan", "setujui", "penilai"): "disetujui",
    ("diajukan", "kembalikan", "penilai"): "dikembalikan",
    ("disetujui", "buka", "penilai"): "dikembalikan",
    # The pemilik role alone is enough for the pegawai's own moves.
    ("draft", "ajukan", "pemilik sekaligus penilai"): "diajukan",
    ("dikembalikan", "ajukan", "pemilik sekaligus penilai"): "diajukan",
    ("diajukan", "tarik", "pemilik sekaligus penilai"): "draft",
}


@pytest.mark.parametrize("status,aksi,peran", list(itertools.product(STATUS_SKP, AKSI_SKP, PERAN)))
def test_tabel_transisi(status, aksi, peran):
    kunci = (status, aksi, peran)
    if kunci in BOLEH:
        assert periksa_transisi_skp(status, aksi, PERAN[peran], "alasan jelas") == BOLEH[kunci]
    else:
        with pytest.raises(RuleError):
            periksa_transisi_skp(status, aksi, PERAN[peran], "alasan jelas")


def test_tabel_uji_mencakup_semua_aturan():
    dari_aturan = {(s, a): baru for (s, a), (_, baru, _) in TRANSISI_SKP.items()}
    dari_uji = {(s, a): baru for (s, a, p), baru in BOLEH.items() if p in ("pemilik", "penilai")}
    assert dari_aturan == dari_uji


def test_tidak_bisa_menyetujui_skp_sendiri():
    with pytest.raises(RuleError, match="SKP Anda sendiri"):
        periksa_transisi_skp("diajukan", "setujui", {"pemilik", "penilai"})


@pytest.mark.parametrize("aksi,status", [("kembalikan", "diajukan"), ("buka", "disetujui")])
@pytest.mark.parametrize("alasan", ["", "   ", None])
def test_kembalikan_dan_buka_wajib_alasan(aksi, status, alasan):
    with pytest.raises(RuleError, match="Alasan wajib"):
        periksa_transisi_skp(status, aksi, {"penilai"}, alasan)


def _rhk(nomor="utama 1", jenis="utama", iki=1, atasan=True, perspektif=False):
    return {"nomor": nomor, "jenis": jenis, "jumlah_iki": iki, "rhk_atasan": atasan, "perspektif": perspektif}


def test_kelengkapan_lengkap():
    assert kelengkapan_skp([_rhk()], puncak=False, punya_penilai=True) == []


def test_kelengkapan_menyebut_semua_kekurangan():
    kurang = kelengkapan_skp([_rhk("tambahan 1", "tambahan", iki=0, atasan=False)],
                             puncak=False, punya_penilai=False)
    assert kurang == [
        "Pejabat penilai belum ditetapkan. Hubungi admin kepegawaian.",
        "Belum ada RHK utama. Tambahkan paling sedikit satu RHK utama.",
        "RHK tambahan 1 belum punya indikator (IKI).",
        "RHK tambahan 1 belum menyebut RHK atasan yang diintervensi.",
    ]


def test_kelengkapan_jpt_memakai_perspektif():
    assert kelengkapan_skp([_rhk(atasan=False, perspektif=True)], puncak=True, punya_penilai=True) == []
    # The JPT's penilai (Wali Kota) is outside the app: not a gap.
    assert kelengkapan_skp([_rhk(atasan=False, perspektif=True)], puncak=True, punya_penilai=False) == []
    assert kelengkapan_skp([_rhk(atasan=False)], puncak=True, punya_penilai=True) == [
        "RHK utama 1 belum memilih perspektif."]


def test_berakhlak_tujuh_nilai_dengan_panduan_persis():
    assert [v["nama"] for v in BERAKHLAK.values()] == [
        "Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"]
    assert all(len(v["panduan"]) == 3 for v in BERAKHLAK.values())
    assert BERAKHLAK["akuntabel"]["panduan"][1] == (
        "Menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan efisien")
    assert BERAKHLAK["kolaboratif"]["panduan"][2] == (
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama")
