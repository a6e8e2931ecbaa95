"""Read a page the way a person (or a screen reader) sees it, so tests assert
on elements, labels and values instead of raw HTML substrings: a change of
markup that a person would not notice does not break them.

    h = Halaman(client.get("/skp"))
    assert h.judul() == "SKP Saya"
    h.tombol("Ajukan")                      # exactly one such button, or fail
    assert h.isian("nilai").value == "3"
    assert "NIP wajib diisi" in h.teks_galat()
    assert h.tabel()[1][2] == "Diperbarui"

lxml parses in C: one parse per response is cheap even in large loops.
"""
import re

import lxml.html


def rapikan(teks):
    """Whitespace collapsed to single spaces, ends trimmed."""
    return re.sub(r"\s+", " ", teks or "").strip()


# Elements a browser lays out on their own line (or cell): their text never
# runs into a neighbour's.
BLOK = frozenset("address article aside blockquote br button caption dd details div dl dt fieldset "
                 "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav "
                 "ol option p pre section select summary table tbody td textarea tfoot th thead tr ul".split())


def _kumpul(el, keluar):
    if not isinstance(el.tag, str) or el.tag in ("script", "style", "template"):
        return  # comments and code are never shown (the tail is the parent's)
    blok = el.tag in BLOK
    if blok:
        keluar.append(" ")
    if el.text:
        keluar.append(el.text)
    for anak in el:
        _kumpul(anak, keluar)
        if anak.tail:
            keluar.append(anak.tail)
    if blok:
        keluar.append(" ")


def teks_dari(el):
    """An element's text as shown, whitespace collapsed; block elements
    (paragraphs, cells, list items) are kept apart by a space."""
    keluar = []
    _kumpul(el, keluar)
    return rapikan("".join(keluar))


class Isian:
    """A form control found by name: its element, value, label and state."""

    def __init__(self, el, label):
        self.el = el
        self.label = label  # text of <label for=id> or of the enclosing <label>
        self.tag = el.tag
        self.jenis = (el.get("type") or "text").lower() if el.tag == "input" else el.tag
        self.checked = el.get("checked") is not None
        self.required = el.get("required") is not None

    @property
    def value(self):
        """What the browser shows: input value, textarea text, or the selected
        option's value (the first option if none is selected)."""
        if self.tag == "textarea":  # browsers drop the newline right after <textarea>
            teks = self.el.text or ""
            return teks[1:] if teks.startswith("\n") else teks
        if self.tag == "select":
            pilihan = self.el.xpath(".//option")
            terpilih = [o for o in pilihan if o.get("selected") is not None] or pilihan[:1]
            return terpilih[0].get("value", teks_dari(terpilih[0])) if terpilih else None
        return self.el.get("value", "")

    def opsi(self):
        """A select's options as (value, text, selected) triples."""
        return [(o.get("value", teks_dari(o)), teks_dari(o), o.get("selected") is not None)
                for o in self.el.xpath(".//option")]

    def get(self, atribut, bawaan=None):
        return self.el.get(atribut, bawaan)


class Halaman:
    """A parsed page (a test response, or an HTML string)."""

    def __init__(self, sumber):
        self.html = sumber if isinstance(sumber, str) else sumber.get_data(as_text=True)
        # (an empty answer parses as an empty page)
        self.akar = lxml.html.document_fromstring(self.html if self.html.strip() else "<html></html>")
        self._teks = None

    def pilih(self, css):
        """Every element matching the CSS selector."""
        return self.akar.cssselect(css)

    def satu(self, css):
        """The one element matching the selector; fails clearly otherwise."""
        hasil = self.pilih(css)
        assert len(hasil) == 1, f"{css!r}: {len(hasil)} elemen, bukan tepat satu"
        return hasil[0]

    def teks(self, css=None):
        """Visible text of the page (or of every element matching `css`,
        joined by spaces), whitespace collapsed."""
        if css is None:
            if self._teks is None:
                self._teks = teks_dari(self.akar)
            return self._teks
        return " ".join(teks_dari(el) for el in self.pilih(css))

    def _bertulisan(self, css, teks, persis):
        cocok = [el for el in self.pilih(css)
                 if (teks_dari(el) == teks if persis else teks in teks_dari(el))]
        assert len(cocok) == 1, (f"{css} bertulisan {teks!r}: {len(cocok)} elemen; yang ada: "
                                 f"{[teks_dari(el) for el in self.pilih(css)]}")
        return cocok[0]

    def tautan(self, teks, persis=False):
        """The one link whose text contains `teks` (equals it with persis=True)."""
        return self._bertulisan("a", teks, persis)

    def tautan_ke(self, href):
        """Every link to exactly this href."""
        return [a for a in self.pilih("a") if a.get("href") == href]

    def _tombol(self):
        """(element, text) of every button and submit input."""
        return [(el, teks_dari(el) if el.tag == "button" else rapikan(el.get("value")))
                for el in self.pilih("button, input[type=submit]")]

    def tombol(self, teks, persis=False):
        """The one button (<button> or submit input) whose text contains `teks`."""
        cocok = [el for el, t in self._tombol() if (t == teks if persis else teks in t)]
        assert len(cocok) == 1, f"tombol {teks!r}: {len(cocok)}; yang ada: {self.daftar_tombol()}"
        return cocok[0]

    def ada_tombol(self, teks):
        """Whether any button's text contains `teks`."""
        return any(teks in t for t in self.daftar_tombol())

    def daftar_tombol(self):
        """Texts of every button on the page."""
        return [t for _, t in self._tombol()]

    def isian(self, nama, nilai=None):
        """The form control named `nama` (for radios and checkboxes sharing a
        name, the one whose value is `nilai`); fails if absent or ambiguous."""
        cocok = [el for el in self.akar.xpath("//input|//select|//textarea")
                 if el.get("name") == nama and (nilai is None or el.get("value") == nilai)]
        assert len(cocok) == 1, f"isian {nama!r} (value={nilai!r}): {len(cocok)} elemen"
        el = cocok[0]
        label = None
        if el.get("id"):
            lbl = self.akar.xpath("//label[@for=$i]", i=el.get("id"))
            label = teks_dari(lbl[0]) if lbl else None
        if label is None:
            induk = [a for a in el.iterancestors() if a.tag == "label"]
            label = teks_dari(induk[0]) if induk else None
        return Isian(el, label)

    def ada_isian(self, nama):
        """Whether a form control named `nama` exists."""
        return bool(self.akar.xpath("//*[self::input or self::select or self::textarea][@name=$n]",
                                    n=nama))

    def galat(self):
        """Messages in the error summaries (.galat-ringkas list items, or the
        summary's paragraphs when it has no list)."""
        pesan = []
        for kotak in self.pilih(".galat-ringkas"):
            butir = kotak.cssselect("li") or kotak.cssselect("p")
            pesan += [teks_dari(b) for b in butir]
        return pesan

    def teks_galat(self):
        """All error text a person is shown: the summaries and field messages."""
        return " ".join([self.teks(".galat-ringkas"), self.teks(".galat")]).strip()

    def judul(self):
        """The page's h1 text."""
        return teks_dari(self.satu("h1"))

    def tabel(self, css="table"):
        """Rows (header rows too) of the first table matching `css`, each a
        list of cell texts."""
        tabel = self.pilih(css)
        assert tabel, f"tidak ada tabel {css!r}"
        return [[teks_dari(sel) for sel in tr.xpath("./th|./td")] for tr in tabel[0].iter("tr")]

    def baris(self, teks, css="table"):
        """The one table row (in tables matching `css`) whose text contains `teks`."""
        return self._bertulisan(f"{css} tr", teks, False)

    def bagian(self, id_judul):
        """The section labelled by the heading with this id (aria-labelledby),
        or else the nearest section around the element with this id."""
        cocok = self.akar.xpath("//section[@aria-labelledby=$i]", i=id_judul)
        if not cocok:
            cocok = self.akar.xpath("//*[@id=$i]/ancestor::section[1]", i=id_judul)
        assert cocok, f"tidak ada bagian berjudul #{id_judul}"
        return cocok[0]

    def definisi(self, istilah):
        """The text of the <dd> after the <dt> whose text is `istilah`."""
        dd = self.akar.xpath("//dt[normalize-space()=$t]/following-sibling::dd[1]", t=istilah)
        assert len(dd) == 1, f"<dt>{istilah}</dt>: {len(dd)} elemen"
        return teks_dari(dd[0])

    def menu(self):
        """The main menu's links (base.html) as (text, href, aria-label)."""
        return [(teks_dari(a), a.get("href"), a.get("aria-label"))
                for a in self.satu('nav[aria-label="Menu utama"]').iter("a")]

    def flash(self):
        """Flash messages shown at the top of the page (base.html's .kilas)."""
        return [teks_dari(p) for p in self.pilih("main > p.kilas")]
