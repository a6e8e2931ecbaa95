"""Read a form out of a page as a browser would submit it: every successful
control with its current value (a select with nothing selected sends its
first option, as browsers do; unchecked boxes send nothing). Edit-form tests
submit exactly this with one field changed, so a select that does not show
the stored value is caught."""
from html.parser import HTMLParser


class _Pembaca(HTMLParser):
    def __init__(self, cocok):
        super().__init__(convert_charrefs=True)
        self.cocok = cocok
        self.dalam = False
        self.isian = []  # (name, value) in document order
        self.select = None  # [name, first option value, selected values]
        self.option = None
        self.textarea = None
        self.ditemukan = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.ditemukan and self.cocok(a):
            self.dalam = self.ditemukan = True
            self.action = a.get("action")
            return
        if not self.dalam:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            jenis = (a.get("type") or "text").lower()
            if jenis in ("checkbox", "radio"):
                if "checked" in a:
                    self.isian.append((name, a.get("value", "on")))
            elif jenis not in ("submit", "button", "reset", "file", "image"):
                self.isian.append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self.select = [name, None, []]
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and name and "disabled" not in a:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.dalam:
            self.dalam = False
        elif tag == "option" and self.option is not None:
            value, selected, text = self.option
            value = text.strip() if value is None else value
            if self.select[1] is None:
                self.select[1] = value
            if selected:
                self.select[2].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            name, pertama, dipilih = self.select
            for v in dipilih or ([pertama] if pertama is not None else []):
                self.isian.append((name, v))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, teks = self.textarea
            # The HTML parser keeps the newline browsers drop right after <textarea>.
            self.isian.append((name, teks[1:] if teks.startswith("\n") else teks))
            self.textarea = None


def baca_formulir(html, action=None, halaman=None, **atribut):
    """(where it posts, the (name, value) pairs it would send) of the first
    POST form whose action's path ends with `action` (a form without an
    action posts to `halaman`, the page it is on) and whose other attributes match."""
    def cocok(a):
        if (a.get("method") or "get").lower() != "post":
            return False
        if action is not None and not (a.get("action") or halaman or "").split("?")[0].endswith(action):
            return False
        return all(a.get(k) == v for k, v in atribut.items())
    p = _Pembaca(cocok)
    p.feed(html)
    assert p.ditemukan, f"tidak ada formulir {action or atribut}"
    return p.action or halaman, p.isian


def isian_formulir(html, action=None, halaman=None, **atribut):
    """The (name, value) pairs that form would send (see baca_formulir)."""
    return baca_formulir(html, action, halaman, **atribut)[1]


def sebagai_dict(pasangan):
    """The pairs as a dict of lists (for the test client's form data)."""
    out = {}
    for k, v in pasangan:
        out.setdefault(k, []).append(v)
    return out
