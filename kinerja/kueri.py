"""Stored queries: SQL text built once per engine, only the parameters bound
per call (KueriTetap), over a page's ids (KueriId), and a bound query read a
slice at a time (web.halaman). The main pages run only these; see
tests/test_kueri_tersimpan.py."""
import datetime

from peewee import SQL, ModelNamedTupleCursorWrapper, Select, fn

from .db import database


class KueriTetap:
    """A query whose shape never changes, its SQL text built once per engine.

    Peewee builds a query's SQL text in Python on every run: 0.1-1 ms each,
    more than SQLite takes to answer most of them, and every page runs 6-16.
    For the queries every request or every main page runs (the session, the
    header's counts, the home page), only the parameters change. `bangun`
    builds the query from its arguments, of the types in `jenis` (int, str,
    datetime), and may use them only as parameters: no branching on them, no
    lists. It is built once with stand-in values, compiled, and where each
    stand-in landed in the parameter list is remembered; each call binds the
    real values to that text and reads the rows as the query would (model
    instances, joined models, dicts or tuples).

    Keyword arguments are for what changes the shape, such as a search: when
    any of them is set, the query is built and run afresh (a search is rare;
    the plain list is what every visit reads).

    When CHECK is on (the test suite), a call also builds the query for
    real and fails if its SQL or parameters differ from the stored ones, so
    any query that breaks the rule above fails the tests that reach it. The
    same values are checked once until DIPERIKSA is emptied (the suite does
    so before each test): rebuilding for a repeat of them could only find
    what the first check found.
    """
    CHECK = False
    DIPERIKSA = set()

    def __init__(self, bangun, *jenis):
        self.bangun, self.jenis, self._siap, self._bungkus = bangun, jenis, {}, {}

    @staticmethod
    def _pengganti(jenis, i):
        if jenis is int:
            return -7_000_000_001 - i  # never a row id, a count or a year
        if jenis is str:
            return f"\x00kueri-tetap-{i}\x00"
        if jenis is datetime.datetime:
            return datetime.datetime(1901, 2, 3, 4, 5, i)
        raise TypeError(f"KueriTetap: jenis {jenis!r} tidak didukung")

    def _susun(self, mesin):
        """Build with stand-ins, compile, remember where each stand-in landed."""
        pengganti = [self._pengganti(j, i) for i, j in enumerate(self.jenis)]
        kueri = self.bangun(*pengganti)
        sql, params = _teks(kueri)
        tempat = []
        for i, p in enumerate(params):
            if p in pengganti and type(p) is type(pengganti[pengganti.index(p)]):
                tempat.append((i, pengganti.index(p)))
        hilang = set(range(len(pengganti))) - {j for _, j in tempat}
        if hilang:
            raise ValueError(f"KueriTetap {self.bangun.__qualname__}: argumen {sorted(hilang)} bukan parameter SQL")
        self._siap[mesin] = siap = (kueri, sql, params, tempat)
        return siap

    def _jalankan(self, nilai, lain, mentah=False):
        if any(lain.values()):
            kueri = self.bangun(*nilai, **lain)
            sql, params = _teks(kueri)
        else:
            sql, params, kueri = self._terikat(nilai)
        kursor = database.execute_sql(sql, params)
        if mentah:
            return kursor
        # The stored query object reads the cursor as Peewee would have
        # (joined models, aliases, row type, each column's python_value).
        # Making a wrapper neither runs nor changes the query.
        pembungkus = kueri._get_cursor_wrapper(kursor)
        siap = None if any(lain.values()) else self._bungkus.get(type(database.obj))
        if siap is not None:
            pembungkus.__dict__.update(siap)
            pembungkus.initialized = True
        return pembungkus

    # What a cursor wrapper keeps of one run; the rest is what its
    # initialize() derived from the query and the cursor's columns.
    _PER_RUN = frozenset({"cursor", "count", "index", "initialized", "populated", "row_cache"})

    def _ingat_bungkus(self, pembungkus, lain):
        """After a read: keep what the wrapper's first row computed, how each
        column maps to a model and a converter (Peewee resolves it on every
        run, 30-60 us per query, as much as SQLite's answer), for the later
        runs on this engine: the same SQL text has the same columns. Not for
        a shape built afresh (keywords), nor for named tuples, whose row
        class refers to the wrapper that made it."""
        mesin = type(database.obj)
        if (pembungkus.initialized and mesin not in self._bungkus and not any(lain.values())
                and not isinstance(pembungkus, ModelNamedTupleCursorWrapper)):
            self._bungkus[mesin] = {k: v for k, v in vars(pembungkus).items() if k not in self._PER_RUN}

    def _terikat(self, nilai):
        """(SQL, params, query) of the stored text bound to `nilai`."""
        if len(nilai) != len(self.jenis):
            raise TypeError(f"{self.bangun.__qualname__}: {len(self.jenis)} argumen, bukan {len(nilai)}")
        nilai = [j(v) if type(v) is not j else v for j, v in zip(self.jenis, nilai)]
        kueri, sql, params, tempat = self._siap.get(type(database.obj)) or self._susun(type(database.obj))
        params = list(params)
        for i, j in tempat:
            params[i] = nilai[j]
        if self.CHECK and (self, type(database.obj), *nilai) not in self.DIPERIKSA:
            asli = _teks(self.bangun(*nilai))
            if asli != (sql, params):
                raise AssertionError(f"KueriTetap {self.bangun.__qualname__} berubah bentuk:\n{asli}\n{(sql, params)}")
            self.DIPERIKSA.add((self, type(database.obj), *nilai))
        return sql, params, kueri

    def daftar(self, *nilai, **lain):
        """The query bound to its values, read lazily: len() and [a:b] as a
        list, count() and paginate() as web.halaman() reads a page (the
        COUNT and the LIMIT/OFFSET stored as well)."""
        if not hasattr(self, "_hitung"):
            bangun = self.bangun
            # _hitung last: another thread seeing it may use both.
            self._sepotong = KueriTetap(lambda *a, **k: bangun(*a[:-2], **k).limit(a[-2]).offset(a[-1]),
                                        *self.jenis, int, int)
            self._hitung = KueriTetap(lambda *a, **k: _kueri_hitung(bangun(*a, **k)), *self.jenis)
        return _Terikat(self, nilai, lain)

    def semua(self, *nilai, **lain):
        """Every row."""
        pembungkus = self._jalankan(nilai, lain)
        baris = list(pembungkus)
        self._ingat_bungkus(pembungkus, lain)
        return baris

    def satu(self, *nilai, **lain):
        """The first row, or None."""
        pembungkus = self._jalankan(nilai, lain)
        baris = next(iter(pembungkus), None)
        self._ingat_bungkus(pembungkus, lain)
        return baris

    def mentah(self, *nilai, **lain):
        """Every row as the driver returns it, a plain tuple, with no
        conversion per column: for long lists of ids, numbers and text
        (a big team's queue reads thousands of rows; Peewee's conversion was
        half of that page). Not for dates, times or decimals, which SQLite
        returns as text."""
        return self._jalankan(nilai, lain, mentah=True).fetchall()

    def nilai(self, *nilai, **lain):
        """The first column of the first row as the driver returns it, or None."""
        baris = self._jalankan(nilai, lain, mentah=True).fetchone()
        return baris[0] if baris else None


class KueriId:
    """A stored query (KueriTetap) over a list of ids: `bangun(ids)` gets a
    list of `ukuran` parameters, so its SQL text never changes (Peewee took
    0.15-0.3 ms to build such an IN list on every visit of the team pages).
    A page's ids (25) are padded with -1, which is no row's id; a longer list
    runs one query per `ukuran` ids, so the query must read each id's rows
    on their own (`WHERE x IN ids`, grouped by x at most), and the ids must
    be distinct (one in two chunks would be read twice)."""

    def __init__(self, bangun, ukuran=25):
        self.ukuran = ukuran
        self.kueri = KueriTetap(lambda *ids: bangun(list(ids)), *([int] * ukuran))

    def semua(self, ids):
        """Every row for `ids`; one query even for none, so a page's number
        of queries never depends on its rows."""
        ids, out = list(ids), []
        for i in range(0, max(len(ids), 1), self.ukuran):
            potong = ids[i:i + self.ukuran]
            out += self.kueri.semua(*potong, *([-1] * (self.ukuran - len(potong))))
        return out


class _Terikat:
    """A stored query bound to its values, read a slice at a time: count()
    and paginate() as a Peewee query, len() and [a:b] as a list (one COUNT,
    one LIMIT/OFFSET), so a list of rows and a long query page alike."""

    def __init__(self, kueri, nilai, lain):
        self.kueri, self.nilai, self.lain, self._jumlah = kueri, nilai, lain, None

    def dengan_jumlah(self, n):
        """The same rows with their count already known (e.g. from the
        header's counting query, same definition): no COUNT is run."""
        self._jumlah = n
        return self

    def count(self):
        if self._jumlah is None:
            self._jumlah = self.kueri._hitung.nilai(*self.nilai, **self.lain)
        return self._jumlah

    __len__ = count

    def paginate(self, page, size):
        return self[(page - 1) * size:page * size]

    def __iter__(self):
        return iter(self.kueri.semua(*self.nilai, **self.lain))

    def __getitem__(self, potong):
        if not isinstance(potong, slice) or potong.step is not None or (potong.start or 0) < 0 \
                or (potong.stop is not None and potong.stop < 0):
            raise TypeError("hanya potongan [a:b] dengan a, b >= 0")
        awal = potong.start or 0
        batas = len(self) - awal if potong.stop is None else potong.stop - awal
        if batas <= 0:
            return []
        return self.kueri._sepotong.semua(*self.nilai, batas, awal, **self.lain)


def _teks(kueri):
    """(SQL, params) of a query in this database's dialect."""
    return database.get_sql_context().sql(kueri).query()


def _kueri_hitung(kueri):
    """The rows of `kueri` counted, as Peewee's count() does (order dropped)."""
    return Select([kueri.order_by().alias("_wrapped")], [fn.COUNT(SQL("1"))])


def kueri_tetap(*jenis):
    """Decorator form of KueriTetap: `@kueri_tetap(int)` over the builder."""
    return lambda bangun: KueriTetap(bangun, *jenis)
