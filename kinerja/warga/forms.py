"""The staff forms of suara warga. They carry the keys (CSRF, submission_id,
version); the services check the values and give the messages."""
from wtforms import (BooleanField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import KinerjaForm, bulat, pilihan
from ..rules import warga as aturan

WAKTU = {"type": "datetime-local", "step": "60"}


class CentangBanyak(SelectMultipleField):
    """A multiple choice shown as checkboxes (no JavaScript, large tap targets)."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:  # WTForms' message for an id that is not a number is English only
            self.data = []
            raise ValueError("Pilihan tidak valid.") from None


class LayananForm(KinerjaForm):
    nama = StringField("Nama layanan")
    standar_menit = IntegerField("Waktu standar (menit)", validators=[Optional()],
                                 render_kw={"inputmode": "numeric", "min": "1"})
    aktif = BooleanField("Aktif (dapat dicatat petugas dan dinilai warga)", default=True)
    petugas = CentangBanyak("Petugas", coerce=bulat, validate_choice=False)
    version = HiddenField()

    def data_layanan(self):
        """What the service reads: the typed values, `petugas` as ids."""
        return {"nama": self.nama.data, "standar_menit": self.standar_menit.data, "aktif": self.aktif.data,
                "petugas": self.petugas.data or []}


def id_pilihan(nilai):
    """An id from a select whose first option is an empty "Pilih ..." (None)."""
    return None if nilai in ("", None) else bulat(nilai)


class CatatanForm(KinerjaForm):
    layanan = SelectField("Layanan", coerce=id_pilihan, validate_choice=False)
    mulai = StringField("Mulai", render_kw=WAKTU)
    selesai_di_tempat = BooleanField("Selesai sekarang", default=True)
    selesai = StringField("Atau selesai pada", validators=[Optional()], render_kw=WAKTU)
    hasil = RadioField("Hasil", choices=pilihan(aturan.HASIL_LAYANAN.items()), default="selesai",
                       validate_choice=False)
    alasan = TextAreaField("Alasan ditolak / dirujuk ke", render_kw={"rows": 2})


class SelesaiForm(KinerjaForm):
    selesai_di_tempat = BooleanField("Selesai sekarang", default=True)
    selesai = StringField("Atau selesai pada", validators=[Optional()], render_kw=WAKTU)
    hasil = RadioField("Hasil", choices=pilihan(aturan.HASIL_LAYANAN.items()), default="selesai",
                       validate_choice=False)
    alasan = TextAreaField("Alasan ditolak / dirujuk ke", render_kw={"rows": 2})


class BatalForm(KinerjaForm):
    alasan = TextAreaField("Alasan pembatalan", render_kw={"rows": 3})


class JawabForm(KinerjaForm):
    status = RadioField("Status", validate_choice=False)
    jawaban = TextAreaField("Jawaban untuk warga", render_kw={"rows": 5})
    version = HiddenField()
