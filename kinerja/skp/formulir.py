"""WTForms of the SKP pages. Choices that depend on the data (the penilai's
RHK, open periods) are filled by the view; the rules themselves live in
kinerja.skp.layanan / rencana, which raise Galat with these field names."""
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..forms import KinerjaForm, bulat, pilihan
from ..rules import BERAKHLAK, CARA_HITUNG, CARA_HITUNG_DEFAULT, PENJELASAN_CARA_HITUNG
from ..rules.warga import UKURAN_LAYANAN
from .models import ASPEK, JENIS_RHK, PENDEKATAN, PERSPEKTIF


class SkpBaruForm(KinerjaForm):
    periode = SelectField("Periode", coerce=bulat)
    pendekatan = RadioField("Pendekatan", choices=pilihan(PENDEKATAN.items()), default="kuantitatif")


class StatusForm(KinerjaForm):
    aksi = HiddenField()
    alasan = TextAreaField("Alasan", validators=[Optional()])
    version = HiddenField()


class SetujuiForm(StatusForm):
    """Approval with the penilai's expectations written in the same step:
    one textarea per BerAKHLAK value, named "ekspektasi_<nilai>" (added
    below), and the confirmation to approve with some left empty."""
    tanpa_ekspektasi = BooleanField("Setujui tanpa ekspektasi")

    def ekspektasi(self):
        """{nilai: text} of the expectation fields the form carried; a field
        not sent is left out, so its stored text stays (None: none sent)."""
        return {k: self["ekspektasi_" + k].data or "" for k in BERAKHLAK
                if self["ekspektasi_" + k].raw_data} or None


class LampiranForm(KinerjaForm):
    dukungan_sumber_daya = TextAreaField("Dukungan sumber daya")
    skema_pertanggungjawaban = TextAreaField("Skema pertanggungjawaban")
    konsekuensi = TextAreaField("Konsekuensi")
    version = HiddenField()


class PerilakuForm(KinerjaForm):
    """One textarea per BerAKHLAK value, named by its key (added below)."""
    version = HiddenField()


for _kunci, _nilai in BERAKHLAK.items():
    setattr(PerilakuForm, _kunci, TextAreaField(f"Ekspektasi khusus: {_nilai['nama']}"))
    setattr(SetujuiForm, "ekspektasi_" + _kunci, TextAreaField(f"Ekspektasi khusus: {_nilai['nama']}"))


class PejabatForm(KinerjaForm):
    nip_penilai = StringField("NIP pejabat penilai", validators=[Optional()])
    nip_atasan_penilai = StringField("NIP atasan pejabat penilai", validators=[Optional()])
    alasan = TextAreaField("Alasan koreksi")
    version = HiddenField()


class KunciForm(KinerjaForm):
    buka = HiddenField()
    alasan = TextAreaField("Alasan")
    version = HiddenField()


class RhkForm(KinerjaForm):
    jenis = RadioField("Jenis RHK", choices=pilihan(JENIS_RHK.items()), default="utama",
                       validate_choice=False)
    uraian = TextAreaField("Rencana hasil kerja (RHK)")
    # Checked by the service (RHK of the penilai in the same periode), which
    # gives a clearer message than a generic invalid choice.
    rhk_atasan = SelectField("RHK atasan yang diintervensi", validate_choice=False)
    perspektif = SelectField("Perspektif", choices=pilihan([("", "– pilih –")] + list(PERSPEKTIF.items())),
                             validate_choice=False)
    version = HiddenField()

    def isi_pilihan(self, rhk_atasan):
        self.rhk_atasan.choices = pilihan(
            [("", "– belum dipilih –")] + [(str(r.id), r.uraian[:120]) for r in rhk_atasan])


class IkiForm(KinerjaForm):
    aspek = SelectField("Aspek", choices=pilihan(ASPEK.items()), validate_choice=False)
    indikator = TextAreaField("Indikator kinerja individu (IKI)")
    target_min = StringField("Target (angka)")
    target_maks = StringField("Sampai (bila rentang, boleh kosong)")
    satuan = StringField("Satuan")
    target_teks = TextAreaField("Target")
    # Checked by rencana.periksa_iki, which gives the Indonesian message.
    cara_hitung = RadioField("Realisasi setahun dihitung sebagai", choices=pilihan(CARA_HITUNG.items()),
                             default=CARA_HITUNG_DEFAULT, validate_choice=False)
    target_periode = StringField("Target tiap periode (boleh kosong)")
    # A tie to a service measure: the realisasi page then proposes the
    # period's figure from the data. Checked by rules.periksa_ukuran_layanan.
    ukuran_layanan = SelectField("Data layanan (opsional)", validate_choice=False,
                                 choices=pilihan([("", "Tidak dikaitkan"), *UKURAN_LAYANAN.items()]))
    ukuran_hari = StringField("N hari (hanya untuk pengaduan selesai dalam N hari)")
    version = HiddenField()
    penjelasan_cara_hitung = PENJELASAN_CARA_HITUNG
