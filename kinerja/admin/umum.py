"""Helpers shared by the admin views: pagination, scope guard, conflict rows."""
import math
from dataclasses import dataclass, field

from flask import abort, current_app, flash, redirect, render_template

from ..kepegawaian import Galat
from ..offline import Konflik
from ..rules import RuleError


@dataclass
class Halaman:
    """One page of a query's results."""
    items: list
    page: int
    pages: int
    total: int
    args: dict = field(default_factory=dict)


def halaman(query, page, args=None):
    """Slice `query` into the requested page (1-based; out of range -> last page)."""
    size = current_app.config["PAGE_SIZE"]
    total = query.count()
    pages = max(1, math.ceil(total / size))
    page = min(max(1, page or 1), pages)
    items = list(query.paginate(page, size))
    return Halaman(items, page, pages, total, {k: v for k, v in (args or {}).items() if v})


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
