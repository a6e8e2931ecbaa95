"""The penilai's reusable phrases, the review queue (oldest first), escaping
and constant queries of the rating pages."""
import datetime
import re

from kinerja.penilaian.layanan import ambil_evaluasi
from kinerja.models import Pegawai, Riwayat
from kinerja.penilaian.models import Bukti, Evaluasi, EvaluasiRhk, FrasaUmpanBalik, Realisasi
from kinerja.skp.layanan import buat_skp
from kinerja.skp.models import Iki, Rhk, Skp
from tests.conftest import hitung_kueri, kirim
from tests.halaman import Halaman, teks_dari
from tests.test_nilai import (_urut, ajukan_diri, bawahan, db, evaluasi, isi, isian_penilaian,  # noqa: F401
                              masuk, segar, skp_disetujui, staf_skp)


def menunggu(h):
    """The queue's count line(s), e.g. ["7 evaluasi menunggu."]."""
    return [teks_dari(p) for p in h.pilih("main p") if "evaluasi menunggu" in teks_dari(p)]


# ---------------------------------------------------------------- phrases

def test_frasa_dipilih_tanpa_js_ditambahkan_ke_umpan_balik(app, org, staf_skp):
    ev = ajukan_diri(app, staf_skp, 4)
    with db(app):
        milik = FrasaUmpanBalik.create(pemilik=org["pegawai"]["kasi"], teks="Pertahankan ketepatan waktu.")
        lain = FrasaUmpanBalik.create(pemilik=org["pegawai"]["kabid"], teks="Frasa orang lain")
        rhk_id = Rhk.get(Rhk.skp == staf_skp.id).id
    c = masuk(app, "kasi")
    h = Halaman(c.get(f"/penilaian/{ev.id}"))
    assert h.isian(f"frasa_{rhk_id}").opsi() == [("", "– pilih frasa –", False),
                                                (str(milik.id), "Pertahankan ketepatan waktu.", False)]
    # Raw on purpose: another person's phrase must not reach the browser at all,
    # not even in the form's data-frasa attribute.
    assert "Frasa orang lain" not in h.html
    data = isian_penilaian(app, staf_skp, aksi="simpan", version=ev.version)
    data.update({f"umpan_balik_{rhk_id}": "Laporan lengkap.", f"frasa_{rhk_id}": str(lain.id)})
    r = kirim(c, f"/penilaian/{ev.id}", data)
    assert r.status_code == 422
    assert "Frasa untuk RHK utama 1: Frasa tidak dikenal. Pilih dari daftar frasa Anda." in Halaman(r).galat()
    data[f"frasa_{rhk_id}"] = str(milik.id)
    assert kirim(c, f"/penilaian/{ev.id}", data).status_code == 303
    with db(app):
        assert EvaluasiRhk.get(EvaluasiRhk.rhk == rhk_id).umpan_balik == \
            "Laporan lengkap.\nPertahankan ketepatan waktu."


def test_halaman_frasa_tambah_duplikat_kosong_panjang_hapus(app, org):
    c = masuk(app, "kasi")
    assert "Belum ada frasa." in teks_dari(Halaman(c.get("/penilaian/frasa")).bagian("frasa-judul"))
    r = kirim(c, "/penilaian/frasa", {"aksi": "tambah", "teks": "  Kerja bagus, <b>pertahankan</b>.  "})
    assert r.status_code == 303 and r.headers["Location"].endswith("/penilaian/frasa")
    h = Halaman(c.get("/penilaian/frasa"))
    assert "Frasa disimpan." in h.flash()
    # Stored trimmed, shown as text, never as markup.
    assert h.teks(".frasa-daftar .teks") == "Kerja bagus, <b>pertahankan</b>." and not h.pilih("main b")
    r = kirim(c, "/penilaian/frasa", {"aksi": "tambah", "teks": "kerja   BAGUS, <b>pertahankan</b>."})
    assert r.status_code == 303
    assert "Frasa yang sama sudah ada; tidak disimpan dua kali." in Halaman(c.get("/penilaian/frasa")).flash()
    r = kirim(c, "/penilaian/frasa", {"aksi": "tambah", "teks": "   "})
    assert r.status_code == 422 and "Frasa tidak boleh kosong." in Halaman(r).galat()
    panjang = "Sangat panjang " * 25
    r = kirim(c, "/penilaian/frasa", {"aksi": "tambah", "teks": panjang})
    h = Halaman(r)
    assert r.status_code == 422 and "Frasa paling banyak 300 karakter" in h.teks_galat()
    assert h.isian("teks").value.strip() == panjang.strip()  # kept in the form
    with db(app):
        daftar = list(FrasaUmpanBalik.select())
        assert [f.teks for f in daftar] == ["Kerja bagus, <b>pertahankan</b>."]
        assert Riwayat.select().where(Riwayat.aksi == "Frasa umpan balik ditambahkan").count() == 1
    r = kirim(c, "/penilaian/frasa", {"aksi": "hapus", "frasa_id": daftar[0].id})
    assert r.status_code == 303
    with db(app):
        assert FrasaUmpanBalik.select().count() == 0
        assert Riwayat.select().where(Riwayat.aksi == "Frasa umpan balik dihapus").count() == 1


def test_frasa_hanya_milik_sendiri(app, org):
    with db(app):
        lain = FrasaUmpanBalik.create(pemilik=org["pegawai"]["kabid"], teks="Frasa milik kabid")
    c = masuk(app, "kasi")
    h = Halaman(c.get("/penilaian/frasa"))
    assert "Frasa milik kabid" not in h.teks() and h.teks("#frasa-judul") == "Frasa Anda (0)"
    r = kirim(c, "/penilaian/frasa", {"aksi": "hapus", "frasa_id": lain.id})
    assert r.status_code == 403 and "Frasa ini milik orang lain." in Halaman(r).teks()
    assert kirim(c, "/penilaian/frasa", {"aksi": "hapus", "frasa_id": 99999}).status_code == 404
    assert kirim(c, "/penilaian/frasa", {"aksi": "hapus", "frasa_id": "abc"}).status_code == 404
    with db(app):
        assert FrasaUmpanBalik.select().count() == 1


def test_batas_jumlah_frasa(app, org):
    from kinerja.penilaian.frasa import MAKS_JUMLAH
    with db(app):
        FrasaUmpanBalik.insert_many([{"pemilik": org["pegawai"]["kasi"].id, "teks": f"Frasa {n}"}
                                     for n in range(MAKS_JUMLAH)]).execute()
    r = kirim(masuk(app, "kasi"), "/penilaian/frasa", {"aksi": "tambah", "teks": "Satu lagi"})
    assert r.status_code == 422 and f"Anda sudah menyimpan {MAKS_JUMLAH} frasa." in Halaman(r).teks_galat()
    with db(app):
        assert FrasaUmpanBalik.select().count() == MAKS_JUMLAH


# ---------------------------------------------------------------- the queue

def test_antrean_urutan_dan_isi(app, org, berjalan):
    p, staf_skp = org["pegawai"], berjalan["skp"]["staf"]
    with db(app):
        dewi = bawahan(org, p["kasi"], "Dewi Lestari")
        skp_dewi = skp_disetujui(dewi, berjalan["periode"], berjalan["rhk"]["kasi"])
        draf = bawahan(org, p["kasi"], "Yang Masih Draf")
        buat_skp(draf, berjalan["periode"], "kuantitatif")
    ev_staf = ajukan_diri(app, staf_skp, 4)
    ev_dewi = ajukan_diri(app, skp_dewi, 4)
    ajukan_diri(app, skp_dewi, 3)
    with db(app):  # Dewi submitted Triwulan IV before Rina did
        Evaluasi.update(diajukan_pada=datetime.datetime(2026, 11, 2, 8, 0)).where(Evaluasi.id == ev_dewi.id).execute()
        Evaluasi.update(diajukan_pada=datetime.datetime(2026, 11, 20, 8, 0)).where(Evaluasi.id == ev_staf.id).execute()
        Evaluasi.update(diajukan_pada=datetime.datetime(2026, 11, 10, 8, 0)).where(
            (Evaluasi.skp == skp_dewi.id) & (Evaluasi.nomor == 3)).execute()
        # Both SKPs were approved in January: the periods over wait from the day after their end
        # (an SKP approved later waits from its approval: tests/test_hal_kecil.py).
        Skp.update(disetujui_pada=datetime.datetime(2026, 1, 10, 9, 0)).where(
            Skp.id.in_([staf_skp.id, skp_dewi.id])).execute()
        # Rina's Triwulan II is already final: not in the queue.
        ev2 = ambil_evaluasi(segar(staf_skp), 2)
        Evaluasi.update(status="dinilai", rating_hasil="sesuai", rating_perilaku="sesuai", predikat="baik").where(
            Evaluasi.id == ev2.id).execute()
    h = Halaman(masuk(app, "kasi").get("/penilaian"))
    kartu = h.pilih("ol.antrean-penilaian > li.kartu")

    def dd(k, istilah):
        [el] = k.xpath("./dl/dt[normalize-space()=$t]/following-sibling::dd[1]", t=istilah)
        return teks_dari(el)
    ringkas = [(teks_dari(k.cssselect("h2")[0]), dd(k, "Periode")) for k in kartu]
    assert ringkas == [
        ("Dewi Lestari", "Triwulan I 2026"), ("Rina Marpaung", "Triwulan I 2026"),   # since 1 April
        ("Dewi Lestari", "Triwulan II 2026"),                                       # since 1 July
        ("Rina Marpaung", "Triwulan III 2026"),                                     # since 1 October
        ("Dewi Lestari", "Triwulan IV-Akhir 2026 (tahunan)"),                       # submitted 2 November
        ("Dewi Lestari", "Triwulan III 2026"),                                      # submitted 10 November
        ("Rina Marpaung", "Triwulan IV-Akhir 2026 (tahunan)"),                      # submitted 20 November
    ]
    assert menunggu(h) == ["7 evaluasi menunggu."] and h.teks("main p > strong") == "7"
    assert "Yang Masih Draf" not in isi(h)
    pertama, kelima = kartu[0], kartu[4]
    assert dd(pertama, "Evaluasi diri") == "Evaluasi diri belum diajukan"
    assert dd(pertama, "Menunggu sejak").startswith("1 April 2026")
    assert "periode berakhir 31 Maret 2026" in dd(pertama, "Menunggu sejak")
    assert [a.get("href") for a in pertama.cssselect("a")] == [f"/penilaian/skp/{skp_dewi.id}/1"]
    assert teks_dari(pertama.cssselect("p.jabatan")[0]) == "Jabatan Dewi Lestari"
    assert dd(kelima, "Evaluasi diri") == "Diajukan" and dd(kelima, "Menunggu sejak") == "2 November 2026"
    assert [a.get("href") for a in kelima.cssselect("a")] == [f"/penilaian/{ev_dewi.id}"]
    assert dd(kelima, "Periode").endswith("(tahunan)")


def test_antrean_hanya_skp_yang_saya_nilai(app, org, berjalan):
    ajukan_diri(app, berjalan["skp"]["staf"], 4)
    h = Halaman(masuk(app, "kabid").get("/penilaian"))
    # The kabid rates the kasi (periods over) but not the staf.
    assert "Budi Santoso" in isi(h) and "Rina Marpaung" not in isi(h)
    assert menunggu(h) == ["3 evaluasi menunggu."]
    h = Halaman(masuk(app, "staf").get("/penilaian"))
    assert "Tidak ada evaluasi yang menunggu penilaian Anda." in isi(h) and not h.pilih("ol.antrean-penilaian")
    with db(app):
        segar(berjalan["skp"]["staf"]).periode.__class__.update(status="ditutup").execute()
    h = Halaman(masuk(app, "kasi").get("/penilaian"))
    assert "Tidak ada evaluasi yang menunggu" in isi(h) and not h.pilih("ol.antrean-penilaian")


def test_antrean_tautan_tanpa_baris_evaluasi_berfungsi(app, berjalan):
    c = masuk(app, "kasi")
    h = Halaman(c.get("/penilaian"))
    url = [a.get("href") for a in h.pilih("ol.antrean-penilaian a")
           if re.fullmatch(r"/penilaian/skp/\d+/1", a.get("href"))][0]
    r = c.get(url)
    assert r.status_code == 200 and Halaman(r).judul() == "Penilaian Triwulan I 2026"


def test_antrean_periode_bulanan_sampai_desember(app, org, berjalan, jam):
    """Monthly periods: every nomor up to 12 is told apart (the queue reads
    the rated and submitted nomors of an SKP as one number), and the queue
    agrees with the header's count."""
    from kinerja.penilaian.tugas import hitung_tugas
    staf_skp = berjalan["skp"]["staf"]
    with db(app):
        Skp.update(disetujui_pada=datetime.datetime(2026, 1, 10, 9, 0)).where(Skp.id == staf_skp.id).execute()
        segar(staf_skp).periode.__class__.update(frekuensi="bulanan").execute()
    jam.setel("2027-01-05")  # every month of 2026 is over; the periode is still open
    with db(app):
        ev = {n: ambil_evaluasi(segar(staf_skp), n) for n in (1, 2, 3, 12)}
        for n, status in ((1, "dinilai"), (2, "diajukan"), (12, "dinilai")):
            Evaluasi.update(status=status, diajukan_pada=datetime.datetime(2026, 12, 20, 8, 0),
                            predikat="baik" if status == "dinilai" else "").where(Evaluasi.id == ev[n].id).execute()
        assert hitung_tugas(org["pegawai"]["kasi"])["nilai"] == 10
    h = Halaman(masuk(app, "kasi").get("/penilaian"))
    kartu = h.pilih("ol.antrean-penilaian > li.kartu")
    tautan = {k.xpath("./dl/dt[normalize-space()='Periode']/following-sibling::dd[1]")[0].text_content().strip():
              k.cssselect("a")[0].get("href") for k in kartu}
    bulan = ["Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November"]
    assert set(tautan) == {f"{b} 2026" for b in bulan} and menunggu(h) == ["10 evaluasi menunggu."]
    assert tautan["Februari 2026"] == f"/penilaian/{ev[2].id}"  # submitted
    assert tautan["Maret 2026"] == f"/penilaian/{ev[3].id}"  # a row, still open
    assert tautan["November 2026"] == f"/penilaian/skp/{staf_skp.id}/11"  # no row yet


# ---------------------------------------------------------------- escaping

def test_teks_pengguna_di_escape(app, org, staf_skp):
    with db(app):
        Rhk.update(uraian="<script>alert(1)</script>").where(Rhk.skp == staf_skp.id).execute()
        Pegawai.update(nama="<i>Rina</i>").where(Pegawai.id == org["pegawai"]["staf"].id).execute()
        FrasaUmpanBalik.create(pemilik=org["pegawai"]["kasi"], teks="<img src=x onerror=alert(2)>")
    ev = ajukan_diri(app, staf_skp, 4, uraian="<b>tebal</b>")
    c = masuk(app, "kasi")
    kirim(c, f"/penilaian/{ev.id}", isian_penilaian(app, staf_skp, umpan="</textarea><script>x()</script>",
                                                    aksi="simpan", version=ev.version))
    for url in (f"/penilaian/{ev.id}", "/penilaian", "/penilaian/frasa"):
        h = Halaman(c.get(url))
        # Raw on purpose: escaping is about the markup sent; and none of it became an element.
        assert "<script>alert(1)</script>" not in h.html and "<i>Rina</i>" not in h.html
        assert "<b>tebal</b>" not in h.html and "<img src=x" not in h.html and "<script>x()" not in h.html
        assert not h.pilih("main script, main i, main b, main img")
    h = Halaman(c.get(f"/penilaian/{ev.id}"))
    # Shown to the person as the literal text typed.
    assert "<script>alert(1)</script>" in h.teks(".rhk-nilai > p.teks") and "<b>tebal</b>" in h.teks(".evaluasi-diri")
    assert "<i>Rina</i>" in h.definisi("Pegawai")
    with db(app):
        rhk_id = Rhk.get(Rhk.skp == staf_skp.id).id
    assert h.isian(f"umpan_balik_{rhk_id}").value.startswith("</textarea><script>x()</script>")
    assert "<img src=x onerror=alert(2)>" in [label for _, label, _ in h.isian(f"frasa_{rhk_id}").opsi()]


# ---------------------------------------------------------------- constant queries

def test_kueri_antrean_tetap_untuk_2_atau_6_bawahan(app, org, berjalan, hitung_tiap_halaman):
    p = org["pegawai"]
    c = masuk(app, "kasi")

    def tambah(n):
        with db(app):
            for _ in range(n):
                orang = bawahan(org, p["kasi"], f"Bawahan {next(_urut)}")
                skp_disetujui(orang, berjalan["periode"], berjalan["rhk"]["kasi"])
    tambah(1)
    ajukan_diri(app, berjalan["skp"]["staf"], 4)
    with hitung_kueri() as dua:
        h = Halaman(c.get("/penilaian"))
    assert menunggu(h) == ["7 evaluasi menunggu."]
    tambah(4)
    with hitung_kueri() as enam:
        h = Halaman(c.get("/penilaian"))
    assert menunggu(h) == ["19 evaluasi menunggu."]
    assert len(enam) == len(dua)


def test_kueri_halaman_nilai_tetap_untuk_2_atau_6_rhk(app, org, staf_skp, hitung_tiap_halaman):
    pegawai = org["pegawai"]["staf"]

    def tambah_rhk(n):
        with db(app):
            for k in range(n):
                r = Rhk.create(skp=staf_skp.id, jenis=("utama", "tambahan")[k % 2], uraian=f"RHK tambahan {k}",
                               urutan=10 + k)
                for j in range(2):
                    iki = Iki.create(rhk=r, aspek="kualitas", indikator=f"Indikator {k}.{j}", target_min=90,
                                     satuan="%")
                    rel = Realisasi.create(iki=iki, nomor=4, nilai_angka=95)
                    Bukti.create(realisasi=rel, nama=f"bukti-{k}-{j}", tautan="https://contoh.go.id",
                                 pengunggah=pegawai)
            FrasaUmpanBalik.create(pemilik=org["pegawai"]["kasi"], teks=f"Frasa {n}")
    tambah_rhk(1)
    ev = ajukan_diri(app, staf_skp, 4)
    c = masuk(app, "kasi")
    with hitung_kueri() as dua:
        assert c.get(f"/penilaian/{ev.id}").status_code == 200
    tambah_rhk(4)
    ambil = evaluasi(app, staf_skp, 4)  # the pegawai's page completes the rows
    with hitung_kueri() as enam:
        h = Halaman(c.get(f"/penilaian/{ambil.id}"))
    assert "RHK tambahan 3" in isi(h) and len(h.pilih("textarea[name^=umpan_balik_]")) == 6
    assert len(enam) == len(dua)
