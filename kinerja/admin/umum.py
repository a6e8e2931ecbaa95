"""Helpers shared by the admin views and the team lists: pagination, search
words, scope guard, conflict rows."""
import math
from dataclasses import dataclass, field

from flask import abort, current_app, flash, redirect, render_template, request

from ..kepegawaian import Galat
from ..models import Pegawai
from ..offline import Konflik
from ..forms import bulat
from ..rules import ANGKA_NIP, RuleError, normalisasi_nip


MAKS_CARI = 100  # a NIP or part of a name; SQLite refuses a LIKE pattern over 50,000 bytes


@dataclass
class Halaman:
    """One page of a query's (or a list's) results; `args` are the filters every
    page link keeps, `param` the name of the page number in the URL."""
    items: list
    page: int
    pages: int
    total: int
    args: dict = field(default_factory=dict)
    param: str = "hal"
    size: int = 25

    @property
    def awal(self):
        """The 1-based position of the first item shown (0 when empty)."""
        return (self.page - 1) * self.size + 1 if self.total else 0

    @property
    def akhir(self):
        """The position of the last item shown."""
        return (self.page - 1) * self.size + len(self.items)

    @property
    def nomor(self):
        """Page numbers to link: the first, the last and the current one's
        neighbours; None marks a gap (a phone has room for about seven)."""
        dekat = {1, self.pages, *range(max(1, self.page - 1), min(self.pages, self.page + 1) + 1)}
        out, sebelum = [], 0
        for n in sorted(dekat):
            if n > sebelum + 1:
                out.append(None)
            out.append(n)
            sebelum = n
        return out

    def tautan(self, nomor):
        """URL arguments of page `nomor`: the filters kept, page 1 without a number."""
        return dict(self.args, **({self.param: nomor} if nomor > 1 else {}))


def halaman(query, args=None, param="hal", size=None, hitung=None):
    """Slice `query` (a Peewee query, or a list already in order) into the
    page the URL asks for (`?hal=N`, 1-based; missing or bad -> the first,
    out of range -> the last): a query runs one COUNT and one LIMIT/OFFSET,
    whatever the number of rows. `args` are the filters every page link
    keeps; `hitung`, when given, is the query counted instead (the same rows
    without the joins that only the page's columns need)."""
    page = request.args.get(param, 1, type=bulat)
    size = size or current_app.config["PAGE_SIZE"]
    total = len(query) if isinstance(query, list) else (query if hitung is None else hitung).count()
    pages = max(1, math.ceil(total / size))
    page = min(max(1, page or 1), pages)
    if isinstance(query, list):
        items = query[(page - 1) * size:page * size]
    else:
        items = list(query.paginate(page, size)) if total else []
    return Halaman(items, page, pages, total, {k: v for k, v in (args or {}).items() if v}, param, size)


def kata_cari():
    """The search words of `?q=` (trimmed); 400 over MAKS_CARI characters."""
    q = request.args.get("q", "").strip()
    if len(q) > MAKS_CARI:
        abort(400, description=f"Kata pencarian paling banyak {MAKS_CARI} karakter.")
    return q


def cocok_pegawai(q, model=Pegawai):
    """A WHERE clause for a search: the name contains `q`, or the NIP starts
    with it (spaces, dots and dashes of a typed NIP ignored)."""
    cocok = model.nama.contains(q)
    nip = normalisasi_nip(q)
    if ANGKA_NIP.fullmatch(nip):
        cocok |= model.nip.startswith(nip)
    return cocok


def pastikan(kondisi, pesan="Data ini di luar wewenang Anda."):
    """403 with a clear message unless `kondisi` holds."""
    if not kondisi:
        abort(403, description=pesan)


def baris_konflik(form, sekarang, fields):
    """(label, your value, current value) for each field of a stale edit."""
    rows = []
    for name, getter in fields.items():
        rows.append((form[name].label.text, str(form[name].data or ""), str(getter(sekarang) or "")))
    return rows


def proses_simpan(form, simpan, konflik_fields, template, **context):
    """The edit cycle every admin form shares: validate, save, or re-render.

    `simpan()` saves and returns (redirect URL, success message); it may raise
    Galat (field errors), RuleError (a form-level message) or Konflik (stale
    version: 409 with both versions shown, nothing overwritten).
    """
    konflik, status = None, 200
    if form.validate_on_submit():
        try:
            url, pesan = simpan()
        except Galat as exc:
            for name, message in exc.errors.items():
                name = getattr(form, "ALIAS_GALAT", {}).get(name, name)
                (form[name].errors if name in form else form.form_errors).append(message)
        except RuleError as exc:
            form.form_errors.append(str(exc))
        except Konflik as exc:
            konflik, status = baris_konflik(form, exc.sekarang, konflik_fields), 409
            form.version.data = exc.sekarang.version
        else:
            flash(pesan, "sukses")
            return redirect(url, code=303)
    if form.is_submitted() and status == 200:
        status = 422
    return render_template(template, form=form, konflik=konflik, **context), status
