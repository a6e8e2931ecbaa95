"""Peewee models of SKP planning: the SKP, its RHK and IKI, the perilaku
kerja expectations and the penilai's team defaults.

An SKP snapshots its pejabat penilai and atasan pejabat penilai (and the
jabatan/unit of all three) because people move during a year.
"""
from peewee import (BooleanField, CharField, DateTimeField, DecimalField,
                    ForeignKeyField, IntegerField, TextField)

from ..jam import sekarang
from ..models import BaseModel, Pegawai, Periode
from ..rules import BERAKHLAK, CARA_HITUNG, CARA_HITUNG_DEFAULT, STATUS_SKP, tulis_angka

# How the year's figure is described beside a numeric target.
RUMUS_TAHUN = {"jumlah": "jumlah periode", "rata_rata": "rata-rata periode", "terakhir": "nilai terakhir"}
PENDEKATAN = {"kuantitatif": "Kuantitatif", "kualitatif": "Kualitatif"}
JENIS_RHK = {"utama": "Utama", "tambahan": "Tambahan"}
ASPEK = {"kuantitas": "Kuantitas", "kualitas": "Kualitas", "waktu": "Waktu", "biaya": "Biaya"}
# Commonly used perspektif for JPT (from implementations; not in the regulation text).
PERSPEKTIF = {
    "penerima_layanan": "Penerima Layanan",
    "proses_bisnis": "Proses Bisnis",
    "penguatan_internal": "Penguatan Internal",
    "anggaran": "Anggaran",
}


class Skp(BaseModel):
    """One pegawai's SKP for one periode (year)."""
    pegawai = ForeignKeyField(Pegawai, backref="skp", on_delete="RESTRICT")
    periode = ForeignKeyField(Periode, backref="skp", on_delete="RESTRICT")
    pendekatan = CharField(max_length=12, default="kuantitatif")
    status = CharField(max_length=12, default="draft", index=True)
    # Snapshots taken from the hierarchy when the SKP is made; an admin corrects them.
    pegawai_jabatan = CharField(max_length=200, default="")
    pegawai_unit = CharField(max_length=200, default="")
    pegawai_jenis_jabatan = CharField(max_length=20, default="")
    penilai = ForeignKeyField(Pegawai, null=True, backref="skp_dinilai", on_delete="RESTRICT")
    penilai_jabatan = CharField(max_length=200, default="")
    penilai_unit = CharField(max_length=200, default="")
    atasan_penilai = ForeignKeyField(Pegawai, null=True, backref="+", on_delete="RESTRICT")
    atasan_penilai_jabatan = CharField(max_length=200, default="")
    atasan_penilai_unit = CharField(max_length=200, default="")
    # Lampiran
    dukungan_sumber_daya = TextField(default="")
    skema_pertanggungjawaban = TextField(default="")
    konsekuensi = TextField(default="")
    alasan_status = TextField(null=True)  # reason of the last return/reopen
    disetujui_pada = DateTimeField(null=True)
    # An admin's unlock of this SKP while its periode is closed.
    dibuka_admin = BooleanField(default=False)
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    class Meta:
        # A penilai's team, read from the index alone (migration 0009); a
        # team's SKP status per person (migration 0012).
        indexes = ((("pegawai", "periode"), True),
                   (("penilai", "status", "periode", "pegawai", "dibuka_admin", "id"), False),
                   (("pegawai", "periode", "status"), False))

    @property
    def status_label(self):
        return STATUS_SKP.get(self.status, self.status)

    @property
    def pendekatan_label(self):
        return PENDEKATAN.get(self.pendekatan, self.pendekatan)

    @property
    def puncak(self):
        """A JPT at the top of a cascade gives a perspektif instead of an
        intervened RHK (from the snapshot: a later promotion changes nothing)."""
        return (self.pegawai_jenis_jabatan or self.pegawai.jenis_jabatan) == "jpt"


class Rhk(BaseModel):
    """A Rencana Hasil Kerja of an SKP."""
    skp = ForeignKeyField(Skp, backref="rhk", on_delete="CASCADE")
    jenis = CharField(max_length=10, default="utama")
    uraian = TextField()
    # The penilai's RHK this one contributes to (cascading); SET NULL keeps
    # the subordinate's RHK when the superior deletes theirs.
    rhk_atasan = ForeignKeyField("self", null=True, backref="intervensi", on_delete="SET NULL")
    perspektif = CharField(max_length=30, null=True)
    urutan = IntegerField(default=0)
    version = IntegerField(default=1)
    dibuat = DateTimeField(default=sekarang)

    class Meta:
        # A team's RHK and what each intervenes, from the index alone (migration 0012).
        indexes = ((("skp", "rhk_atasan"), False),)

    @property
    def jenis_label(self):
        return JENIS_RHK.get(self.jenis, self.jenis)

    @property
    def perspektif_label(self):
        return PERSPEKTIF.get(self.perspektif, self.perspektif or "")


class Iki(BaseModel):
    """An Indikator Kinerja Individu of an RHK, with its aspek and target."""
    rhk = ForeignKeyField(Rhk, backref="iki", on_delete="CASCADE")
    aspek = CharField(max_length=10, default="kuantitas")
    indikator = TextField()
    # Kuantitatif: a number or a range and a satuan. Kualitatif: a narrative.
    target_min = DecimalField(max_digits=14, decimal_places=2, null=True)
    target_maks = DecimalField(max_digits=14, decimal_places=2, null=True)
    satuan = CharField(max_length=60, default="")
    target_teks = TextField(default="")
    # How the periods add up to the year's realisasi (rules.tahunan), and an
    # optional target for each period (one number for every period).
    cara_hitung = CharField(max_length=12, default=CARA_HITUNG_DEFAULT)
    target_periode = DecimalField(max_digits=14, decimal_places=2, null=True)
    # Tied to a service measure (rules.warga.UKURAN_LAYANAN): the realisasi
    # page proposes the period's figure from the service log; `ukuran_hari`
    # is the N of "pengaduan selesai dalam N hari".
    ukuran_layanan = CharField(max_length=24, null=True)
    ukuran_hari = IntegerField(null=True)
    urutan = IntegerField(default=0)
    version = IntegerField(default=1)

    @property
    def aspek_label(self):
        return ASPEK.get(self.aspek, self.aspek)

    @property
    def cara_hitung_label(self):
        return CARA_HITUNG.get(self.cara_hitung, self.cara_hitung)

    @property
    def rincian_target(self):
        """How the year adds up and the period target, for a numeric IKI:
        "setahun = jumlah periode · tiap periode 3 laporan"; "" for a narrative."""
        if self.target_min is None:
            return ""
        teks = f"setahun = {RUMUS_TAHUN.get(self.cara_hitung, self.cara_hitung_label)}"
        if self.target_periode is not None:
            teks += f" · tiap periode {self.target_periode_tampil}"
        return teks

    @property
    def target_periode_tampil(self):
        """The period target as printed ("3 laporan"), or ""."""
        if self.target_periode is None:
            return ""
        return f"{tulis_angka(self.target_periode)} {self.satuan}".strip()

    def angka_target(self):
        """(target, upper bound) as a person types them: "12", "7,5" or ""."""
        return tuple(tulis_angka(d) if d is not None else "" for d in (self.target_min, self.target_maks))

    @property
    def target_tampil(self):
        """The target as printed: "12 laporan", "90-100 %", or the narrative."""
        if self.target_min is None:
            return self.target_teks
        angka = tulis_angka(self.target_min)
        if self.target_maks is not None and self.target_maks != self.target_min:
            angka = f"{angka}\u2013{tulis_angka(self.target_maks)}"
        return f"{angka} {self.satuan}".strip()


class Perilaku(BaseModel):
    """One BerAKHLAK value on an SKP with the penilai's ekspektasi khusus."""
    skp = ForeignKeyField(Skp, backref="perilaku", on_delete="CASCADE")
    nilai = CharField(max_length=30)
    ekspektasi = TextField(default="")

    class Meta:
        indexes = ((("skp", "nilai"), True),)

    @property
    def info(self):
        return BERAKHLAK[self.nilai]


class EkspektasiTim(BaseModel):
    """A penilai's default ekspektasi per BerAKHLAK value for one periode."""
    penilai = ForeignKeyField(Pegawai, backref="+", on_delete="CASCADE")
    periode = ForeignKeyField(Periode, backref="+", on_delete="CASCADE")
    nilai = CharField(max_length=30)
    ekspektasi = TextField(default="")

    class Meta:
        indexes = ((("penilai", "periode", "nilai"), True),)


MODELS = [Skp, Rhk, Iki, Perilaku, EkspektasiTim]
