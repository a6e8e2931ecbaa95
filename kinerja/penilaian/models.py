"""Peewee models of periodic work and evaluation: realisasi with bukti
dukung (files stored once by content), the periodic evaluations with the
pegawai's self-evaluation and the penilai's feedback and ratings, the
penilai's reusable phrases, the unit's predikat, pembinaan and keberatan.
"""
from peewee import (BooleanField, CharField, DateField, DateTimeField, DecimalField, ForeignKeyField,
                    IntegerField, TextField)

from ..jam import sekarang
from ..models import BaseModel, Pegawai, Periode, Unit
from ..rules import PREDIKAT, PREDIKAT_ORGANISASI, RATING, STATUS_EVALUASI, tulis_angka
from ..skp.models import Iki, Rhk, Skp


class Realisasi(BaseModel):
    """What was achieved on one IKI in one evaluation period."""
    iki = ForeignKeyField(Iki, backref="realisasi", on_delete="CASCADE")
    nomor = IntegerField()  # the evaluation period (1..4 or 1..12)
    nilai_angka = DecimalField(max_digits=14, decimal_places=2, null=True)  # kuantitatif
    # The figure the app proposed from the service log when it was saved (an
    # IKI tied to a service measure); nilai_angka is what the pegawai confirmed.
    usulan_angka = DecimalField(max_digits=14, decimal_places=2, null=True)
    nilai_teks = TextField(default="")  # kualitatif
    catatan = TextField(default="")
    version = IntegerField(default=1)
    diubah = DateTimeField(default=sekarang)

    class Meta:
        indexes = ((("iki", "nomor"), True),)

    @property
    def nilai_tampil(self):
        if self.nilai_angka is not None:
            return f"{tulis_angka(self.nilai_angka)} {self.iki.satuan}".strip()
        return self.nilai_teks


class Berkas(BaseModel):
    """An uploaded file's bytes, stored once under its SHA-256 outside static/."""
    sha256 = CharField(max_length=64, unique=True)
    ukuran = IntegerField()
    mime = CharField(max_length=100)
    dibuat = DateTimeField(default=sekarang)


class Bukti(BaseModel):
    """A bukti dukung of a realisasi: an uploaded file or a link."""
    realisasi = ForeignKeyField(Realisasi, backref="bukti", on_delete="CASCADE")
    berkas = ForeignKeyField(Berkas, null=True, backref="bukti", on_delete="RESTRICT")
    nama = CharField(max_length=255)  # the file name shown (cleaned) or the link's title
    tautan = TextField(null=True)
    pengunggah = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
    dibuat = DateTimeField(default=sekarang)


class Evaluasi(BaseModel):
    """One periodic evaluation of an SKP; the last period's is the annual one."""
    skp = ForeignKeyField(Skp, backref="evaluasi", on_delete="CASCADE")
    nomor = IntegerField()
    akhir = BooleanField(default=False)  # the annual ("Akhir") evaluation
    status = CharField(max_length=12, default="terbuka", index=True)
    diajukan_pada = DateTimeField(null=True)
    rating_hasil = CharField(max_length=10, null=True)
    rating_perilaku = CharField(max_length=10, null=True)
    predikat = CharField(max_length=20, null=True)  # derived from the two ratings, never typed
    penilai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="RESTRICT")
    final_pada = DateTimeField(null=True, index=True)
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    class Meta:
        # A team's evaluations by status and period, read from the index alone (migration 0009).
        indexes = ((("skp", "nomor"), True), (("skp", "status", "nomor", "predikat"), False))

    @property
    def status_label(self):
        return STATUS_EVALUASI.get(self.status, self.status)

    @property
    def predikat_label(self):
        return PREDIKAT.get(self.predikat, "")

    @property
    def rating_hasil_label(self):
        return RATING.get(self.rating_hasil, "")

    @property
    def rating_perilaku_label(self):
        return RATING.get(self.rating_perilaku, "")


class EvaluasiRhk(BaseModel):
    """Per RHK: the pegawai's self-evaluation and the penilai's umpan balik."""
    evaluasi = ForeignKeyField(Evaluasi, backref="rhk", on_delete="CASCADE")
    rhk = ForeignKeyField(Rhk, backref="+", on_delete="CASCADE")
    penilaian_diri = CharField(max_length=10, null=True)  # di_atas / sesuai / di_bawah
    uraian_diri = TextField(default="")  # what was done against the target
    kendala = TextField(default="")
    umpan_balik = TextField(default="")  # hidden from the pegawai until final

    class Meta:
        indexes = ((("evaluasi", "rhk"), True),)


class EvaluasiPerilaku(BaseModel):
    """Per BerAKHLAK value: the penilai's umpan balik."""
    evaluasi = ForeignKeyField(Evaluasi, backref="perilaku", on_delete="CASCADE")
    nilai = CharField(max_length=30)
    umpan_balik = TextField(default="")

    class Meta:
        indexes = ((("evaluasi", "nilai"), True),)


class FrasaUmpanBalik(BaseModel):
    """A reusable feedback phrase a penilai keeps."""
    pemilik = ForeignKeyField(Pegawai, backref="+", on_delete="CASCADE")
    teks = TextField()
    dibuat = DateTimeField(default=sekarang)


class PredikatUnit(BaseModel):
    """The predikat of a unit (organisation) for a periode, set from above."""
    unit = ForeignKeyField(Unit, backref="+", on_delete="CASCADE")
    periode = ForeignKeyField(Periode, backref="+", on_delete="CASCADE")
    predikat = CharField(max_length=20)
    penetap = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="SET NULL")
    version = IntegerField(default=1)
    diubah = DateTimeField(default=sekarang)

    class Meta:
        indexes = ((("unit", "periode"), True),)

    @property
    def predikat_label(self):
        return PREDIKAT_ORGANISASI.get(self.predikat, self.predikat)


class Pembinaan(BaseModel):
    """A coaching plan for a low result: bimbingan or konseling, training, target date."""
    evaluasi = ForeignKeyField(Evaluasi, backref="pembinaan", on_delete="CASCADE")
    jenis = CharField(max_length=12)  # bimbingan / konseling
    rencana = TextField()
    pelatihan = TextField(default="")
    target_tanggal = DateField(null=True)
    status = CharField(max_length=10, default="berjalan")  # berjalan / selesai
    pembuat = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)


class CatatanPembinaan(BaseModel):
    """A follow-up note on a coaching plan."""
    pembinaan = ForeignKeyField(Pembinaan, backref="catatan", on_delete="CASCADE")
    teks = TextField()
    penulis = ForeignKeyField(Pegawai, backref="+", on_delete="RESTRICT")
    dibuat = DateTimeField(default=sekarang)


class Keberatan(BaseModel):
    """An objection to a final annual result: the pejabat penilai responds, the
    atasan pejabat penilai decides (migrations 0003, 0007)."""
    evaluasi = ForeignKeyField(Evaluasi, backref="keberatan", unique=True, on_delete="CASCADE")
    alasan = TextField()
    diajukan_pada = DateTimeField(default=sekarang)
    status = CharField(max_length=12, default="diajukan")  # diajukan / diputuskan
    keputusan = CharField(max_length=10, null=True)  # tetap / diubah
    alasan_keputusan = TextField(default="")
    tanggapan_penilai = TextField(default="")  # the pejabat penilai's response, heard before the decision
    tanggapan_pada = DateTimeField(null=True)
    rating_hasil_lama = CharField(max_length=10, null=True)
    rating_perilaku_lama = CharField(max_length=10, null=True)
    predikat_lama = CharField(max_length=20, null=True)
    rating_hasil_baru = CharField(max_length=10, null=True)
    rating_perilaku_baru = CharField(max_length=10, null=True)
    predikat_baru = CharField(max_length=20, null=True)
    pemutus = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="RESTRICT")
    diputuskan_pada = DateTimeField(null=True)
    version = IntegerField(default=1)


MODELS = [Realisasi, Berkas, Bukti, Evaluasi, EvaluasiRhk, EvaluasiPerilaku, FrasaUmpanBalik,
          PredikatUnit, Pembinaan, CatatanPembinaan, Keberatan]
