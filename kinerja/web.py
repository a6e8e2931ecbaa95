"""Web glue every area uses and that imports no area: the permission guard,
the one write cycle, search words, paging and the links of a list's rows.

The write cycle: a view hands its WTForms form and one service call to
`proses` (validate, save, answer; `coba` when a view needs the steps
apart, `tombol` for a button without fields), and `jalankan` alone maps
what the service refused to the answer's status:

    Galat (field errors)          422, each message at its field
    RuleError (a rule)            422, the message above the form
    Terkunci (not in this state)  409, the message above the form
    Konflik (stale version)       409, both versions side by side
    Penolakan (by part)           422 when any field is wrong, else 409
    BerkasDitolak (a file)        its own 413 / 415 / 422, at the `berkas` field

Nothing is written on a refusal (the service raised inside its
transaction), and the page is shown again with what the person typed.
"""
import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from .forms import bulat
from .inti import BerkasDitolak, Galat, Konflik, Penolakan, Terkunci, alasan_tolak
from .rules import RuleError

MAKS_CARI = 100  # a NIP or part of a name; SQLite refuses a LIKE pattern over 50,000 bytes
BASI = ("Data ini sudah berubah sejak halaman dibuka (oleh orang lain, atau di tab atau perangkat lain). "
        "Periksa lalu kirim lagi.")


def pastikan(kondisi, pesan="Data ini di luar wewenang Anda."):
    """403 with a clear message unless `kondisi` holds."""
    if not kondisi:
        abort(403, description=pesan)


def ada_atau_404(model, syarat, description=None):
    """The row of `model` meeting `syarat`, else 404 (with `description`
    when the person should read why)."""
    row = model.get_or_none(syarat)
    if row is None:
        abort(404, description=description)
    return row


def pastikan_boleh(cek, *args):
    """403 with the rule's own words unless `cek(*args)` passes."""
    alasan = alasan_tolak(cek, *args)
    if alasan is not None:
        abort(403, description=alasan)


# ---------------------------------------------------------------- the write cycle

class Hasil(NamedTuple):
    """What one service call came to. `status` is None when it went through
    (`nilai` is what it returned), else the answer's status with the refusal:
    `galat` {field: message}, `basi` {part: fresh row; "" for a single row},
    `pesan` [messages for the top of the form]. Each call gets its own
    containers, so a view may add to them."""
    status: int | None
    nilai: Any
    galat: dict
    basi: dict
    pesan: list


def jalankan(aksi):
    """Run `aksi()` and map its refusal to a status: the only such table."""
    galat, basi, pesan = {}, {}, []
    try:
        return Hasil(None, aksi(), galat, basi, pesan)
    except BerkasDitolak as exc:
        galat["berkas"] = str(exc)
        status = exc.status
    except Penolakan as exc:
        galat.update(exc.galat)
        basi.update(exc.basi)
        status = 422 if exc.galat else 409
    except Galat as exc:
        galat.update(exc.errors)
        status = 422
    except Konflik as exc:
        basi[""] = exc.sekarang
        status = 409
    except Terkunci as exc:
        pesan.append(str(exc))
        status = 409
    except RuleError as exc:
        pesan.append(str(exc))
        status = 422
    return Hasil(status, None, galat, basi, pesan)


def coba(form, aksi, konflik_fields=None):
    """Run `aksi()` for a WTForms `form`; returns (None, None) on success (its
    value kept in `form.hasil`), else (status, conflict rows) with the
    messages put in the form. `konflik_fields` ({field: getter of the fresh
    row}) lists the fields a stale edit shows side by side."""
    hasil = jalankan(aksi)
    form.hasil = hasil.nilai
    form.form_errors.extend(hasil.pesan)
    alias = getattr(form, "ALIAS_GALAT", {})
    for name, message in hasil.galat.items():
        name = alias.get(name, name)
        if name in form:
            form[name].errors = [*form[name].errors, message]  # a tuple until validated
        else:
            form.form_errors.append(message)
    sekarang = hasil.basi.get("")
    if sekarang is None:
        if hasil.basi:  # stale parts of a page-wide save: say so, the parts show their own rows
            form.form_errors.append(BASI)
        return hasil.status, None
    if "version" in form:
        form.version.data = sekarang.version
    if not konflik_fields:
        form.form_errors.append(BASI)
        return hasil.status, None
    return hasil.status, [(form[n].label.text, _tampil(form[n], form[n].data), _tampil(form[n], get(sekarang)))
                          for n, get in konflik_fields.items() if n in form]


def _tampil(field, nilai):
    """A value as the person saw it: a choice's label rather than its id."""
    nilai = "" if nilai is None else str(nilai)
    for pilihan in getattr(field, "choices", None) or []:
        if str(getattr(pilihan, "value", pilihan[0] if isinstance(pilihan, tuple) else "")) == nilai:
            return str(getattr(pilihan, "label", pilihan[1] if isinstance(pilihan, tuple) else nilai))
    return nilai


def proses(form, simpan, tampil_ulang, konflik_fields=None):
    """A form's POST from start to answer, the shape of every write page:
    validate the form, save through `coba`, then 303 with the success
    message, or `tampil_ulang(status, konflik)`: the page again with the form's
    messages (422 bad input, 409 locked or stale; 200 on GET) and, for a
    stale edit, both versions. `simpan()` returns (redirect URL, success
    message) or (URL, message, flash category)."""
    status, konflik = (422 if form.is_submitted() else 200), None
    if form.validate_on_submit():
        status, konflik = coba(form, simpan, konflik_fields)
        if status is None:
            url, pesan, *kategori = form.hasil
            flash(pesan, *(kategori or ["sukses"]))
            return redirect(url, code=303)
    return tampil_ulang(status, konflik)


def templat(nama, **context):
    """The `tampil_ulang` of proses() for a page that is one template (the form
    is passed in `context`; `konflik` is added)."""
    return lambda status, konflik: (render_template(nama, konflik=konflik, **context), status)


def tombol(aksi, pesan, kembali, tampil_ulang, awalan=""):
    """A button's POST (its form holds only the keys): 303 to `kembali` with
    `pesan`, or `tampil_ulang()` (the page the button sits on, in its fresh state)
    again with the refusal on top (each message after `awalan`), under the
    status from `jalankan`."""
    hasil = jalankan(aksi)
    if hasil.status is None:
        flash(pesan, "sukses")
        return redirect(kembali, code=303)
    for pesan_galat in [*hasil.pesan, *hasil.galat.values(), *([BASI] if hasil.basi else [])]:
        flash(awalan + pesan_galat, "galat")
    return tampil_ulang(), hasil.status


# ---------------------------------------------------------------- search and paging

def kata_cari():
    """The search words of `?q=` (trimmed); 400 over MAKS_CARI characters."""
    q = request.args.get("q", "").strip()
    if len(q) > MAKS_CARI:
        abort(400, description=f"Kata pencarian paling banyak {MAKS_CARI} karakter.")
    return q


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
    _url: dict = field(default_factory=dict, repr=False, compare=False)

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

    def url(self, endpoint, nomor):
        """The link to page `nomor`: the filters kept, page 1 without a number.
        The filters' URL is built once per list (a pager has up to eight
        links) and each page's number appended to it."""
        dasar = self._url.get(endpoint)
        if dasar is None:
            tetap = {k: v for k, v in self.args.items() if k != self.param}  # the page number is appended
            dasar = self._url[endpoint] = url_for(endpoint, **tetap)
        if nomor <= 1:
            return dasar
        return f"{dasar}{'&' if '?' in dasar else '?'}{self.param}={int(nomor)}"


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


# ---------------------------------------------------------------- the links of a list's rows

_CONTOH_ID = 2_147_480_009  # a stand-in id in the URL (within IdConverter's bound), never a row's


def url_baris(endpoint, param, **tetap):
    """A function id -> url_for(endpoint, **{param: id}, **tetap), for the
    rows of a list: the URL is built once per app and mount point with a
    stand-in id and each row's id put in its place (a url_for is 5 us; a
    team page links 25-100 rows). The id is an int, as the route's
    converter takes; where the stand-in is not found exactly once in the
    URL, every call builds the URL afresh."""
    if endpoint.startswith(".") or {"_external", "_scheme"} & set(tetap):
        # A relative endpoint depends on the request's blueprint, an absolute
        # URL on its Host: neither may be remembered for every request.
        raise ValueError(f"url_baris: {endpoint} {sorted(tetap)}: hanya endpoint penuh dan URL relatif")
    pola = current_app.extensions.setdefault("url_baris", {})
    kunci = (request.script_root, endpoint, param, tuple(sorted(tetap.items())))
    buat = pola.get(kunci)
    if buat is None:
        contoh, teks = url_for(endpoint, **{param: _CONTOH_ID}, **tetap), str(_CONTOH_ID)
        if contoh.count(teks) == 1:
            awal, akhir = contoh.split(teks)
            buat = lambda nilai: f"{awal}{int(nilai)}{akhir}"  # noqa: E731
        else:
            buat = lambda nilai: url_for(endpoint, **{param: nilai}, **tetap)  # noqa: E731
        if len(pola) < 256:  # the mount point comes from the request: keep the memo bounded
            pola[kunci] = buat
    return buat


def atur_kue(response, nama, nilai=None, max_age=None):
    """Set (or, without a value, delete) one of the app's own cookies: never
    readable by scripts, sent on same-site navigation only, Secure when the
    session cookie is (the stylesheet, known devices, the header's count)."""
    aman = bool(current_app.config.get("SESSION_COOKIE_SECURE"))
    if nilai is None:
        response.delete_cookie(nama, httponly=True, samesite="Lax", secure=aman)
    else:
        response.set_cookie(nama, nilai, max_age=max_age, httponly=True, samesite="Lax", secure=aman)
