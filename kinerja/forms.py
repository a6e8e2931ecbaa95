"""Form base: CSRF (Flask-WTF), a submission_id on every write form, and
Indonesian messages for the validators WTForms ships in English only."""
import uuid

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

# The longest text a field takes when it names no Length of its own: an
# outer bound (services keep their own, shorter limits and messages).
MAKS_TEKS = {"StringField": 500, "TextAreaField": 10000, "PasswordField": 128, "HiddenField": 200,
             "SearchField": 100}

PESAN = {
    "This field is required.": "Wajib diisi.",
    "Not a valid choice.": "Pilihan tidak valid.",
    "Invalid Choice: could not coerce.": "Pilihan tidak valid.",
    "Not a valid choice": "Pilihan tidak valid.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Pilihan tidak valid.",
    "Not a valid integer value.": "Harus berupa bilangan bulat.",
    "Not a valid date value.": "Tanggal tidak valid (format TTTT-BB-HH).",
    "Not a valid decimal value.": "Harus berupa angka.",
    "Invalid input.": "Isian tidak valid.",
    "Field must be equal to %(other_name)s.": "Isian tidak sama.",
    "Field must be at least %(min)d character long.": "Paling sedikit %(min)d karakter.",
    "Field must be at least %(min)d characters long.": "Paling sedikit %(min)d karakter.",
    "Field cannot be longer than %(max)d character.": "Paling banyak %(max)d karakter.",
    "Field cannot be longer than %(max)d characters.": "Paling banyak %(max)d karakter.",
    "Field must be between %(min)d and %(max)d characters long.":
        "Panjang harus %(min)d sampai %(max)d karakter.",
    "Number must be between %(min)s and %(max)s.": "Angka harus antara %(min)s dan %(max)s.",
    "The CSRF token is missing.": "Token formulir hilang. Muat ulang halaman.",
    "The CSRF token is invalid.": "Token formulir tidak sah. Muat ulang halaman.",
    "The CSRF token has expired.": "Token formulir kedaluwarsa. Muat ulang halaman.",
    "The CSRF tokens do not match.": "Token formulir tidak cocok. Muat ulang halaman.",
}


class _Terjemahan:
    def gettext(self, string):
        return PESAN.get(string, string)

    def ngettext(self, singular, plural, n):
        return PESAN.get(singular if n == 1 else plural, singular if n == 1 else plural)


class _Isian:
    """A model object seen through the form's eyes: `nilai` first, then the object."""

    def __init__(self, obj, nilai):
        self._obj, self._nilai = obj, nilai

    def __getattr__(self, name):
        if name in self._nilai:
            return self._nilai[name]
        return getattr(self._obj, name)


def _uuid():
    return str(uuid.uuid4())


class KinerjaForm(FlaskForm):
    """Every write form: CSRF plus an idempotency key kept across re-renders."""

    class Meta:
        def get_translations(self, form):
            return _Terjemahan()

    submission_id = HiddenField(default=_uuid)

    def __init__(self, formdata=_Auto, obj=None, **kwargs):
        # A submitted form is exactly what was sent: a field the browser did not
        # send is empty, never filled from the stored object or defaults passed
        # in (a missing `version` must not pass the stale-edit check).
        if formdata is _Auto and request.method == "POST":
            obj = None
            kwargs = {k: v for k, v in kwargs.items() if k in ("prefix", "meta", "data")}
            kwargs.pop("data", None)
        elif obj is not None:
            # WTForms lets the object win over a keyword of the same name, so
            # `unit=pegawai.unit_id` lost to `pegawai.unit` (a model, no option
            # matched, nothing was selected and saving moved the pegawai to
            # the first unit). Here what the view passes wins.
            obj = _Isian(obj, {k: v for k, v in kwargs.items() if k not in ("prefix", "meta", "data")})
        super().__init__(formdata, obj=obj, **kwargs)

    def validate(self, extra_validators=None):
        """WTForms' checks, plus a length cap on every text field that names
        none itself (MAKS_TEKS by field kind): nothing unbounded reaches a
        query or the database."""
        sah = super().validate(extra_validators)
        for field in self:
            maks = MAKS_TEKS.get(field.type)
            if maks is None or not isinstance(field.data, str) or len(field.data) <= maks:
                continue
            if not any(isinstance(v, Length) for v in field.validators):
                field.errors.append(f"{field.label.text} paling banyak {maks} karakter.")
                sah = False
        return sah

    def daftar_galat(self):
        """(field id, label, message) for the error summary at the top of a form."""
        out = []
        for name, messages in self.errors.items():
            if not name:  # form-level errors (None or "" by WTForms version) come from form_errors
                continue
            field = self._fields.get(name)
            label = field.label.text if field is not None else ""
            for message in messages if isinstance(messages, list) else [messages]:
                out.append((field.id if field is not None else "", label, message))
        return out


ID_MAKS = 2 ** 31 - 1


def bulat(nilai):
    """An id or count from a form or query string; out of range is invalid
    (SQLite refuses integers over 64 bits with an error, not a miss).
    Use as `type=bulat` or `coerce=bulat`."""
    n = int(nilai)
    if not 0 <= n <= ID_MAKS:
        raise ValueError("di luar jangkauan")
    return n


def pilihan(pairs):
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
