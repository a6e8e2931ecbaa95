"""The app's one clock: now and today in the city's time zone.

Every date decision (a period started or over, the 14-day objection window,
deadlines, history timestamps, the NIP's "not in the future") reads this
module; nothing else in `kinerja/` asks the system for the date. It needs no
app context, so services, rules, the CLI and tests all read the same time.

- The zone is `KINERJA_TIMEZONE` (default Asia/Jakarta, WIB), never the
  server's own zone: a server set to UTC still decides by the city's day.
- `KINERJA_HARI_INI` fixes the date for demos and tests: `YYYY-MM-DD` keeps
  the real time of day on that date; `YYYY-MM-DDTHH:MM[:SS]` freezes the
  clock at that moment of the city's time.

Stored timestamps are naive wall-clock times in this zone (what `sekarang()`
returns); migration 0004 records the zone in the database and converted the
older rows, written in the server's local time.
"""
import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONA_BAWAAN = "Asia/Jakarta"

_zona = ZoneInfo(ZONA_BAWAAN)
# What the clock is fixed to: None (the real time), a date (that day, real
# time of day) or an aware datetime (a frozen instant).
_tetap = None


def atur(zona=None, hari_ini=None):
    """Set the zone (an IANA name) and the fixed date or moment (see module doc).

    Raises ValueError with a message naming the bad setting.
    """
    global _zona, _tetap
    nama = zona or ZONA_BAWAAN
    try:
        _zona = ZoneInfo(nama)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"KINERJA_TIMEZONE tidak dikenal: {nama!r} (contoh: Asia/Jakarta)") from None
    _tetap = _urai_tetap(hari_ini)


def _urai_tetap(nilai):
    """None, a date or an aware datetime (naive input is the city's time)."""
    if not nilai:
        return None
    if isinstance(nilai, datetime.datetime):
        return nilai if nilai.tzinfo else nilai.replace(tzinfo=_zona)
    if isinstance(nilai, datetime.date):
        return nilai
    teks = str(nilai).strip()
    try:
        if len(teks) == 10:
            return datetime.date.fromisoformat(teks)
        return _urai_tetap(datetime.datetime.fromisoformat(teks))
    except ValueError:
        raise ValueError(f"KINERJA_HARI_INI tidak valid: {teks!r} (format TTTT-BB-HH "
                         "atau TTTT-BB-HHTJJ:MM)") from None


def zona():
    """The city's zone (a ZoneInfo)."""
    return _zona


def nama_zona():
    """The IANA name of the city's zone, e.g. "Asia/Jakarta"."""
    return _zona.key


def tetap():
    """What the clock is fixed to (None, a date or an aware datetime)."""
    return _tetap


def sekarang():
    """The city's current wall-clock time, naive, to the second: what is stored."""
    if isinstance(_tetap, datetime.datetime):
        now = _tetap.astimezone(_zona)
    else:
        now = datetime.datetime.now(datetime.timezone.utc).astimezone(_zona)
        if isinstance(_tetap, datetime.date):
            now = datetime.datetime.combine(_tetap, now.timetz())
    return now.replace(tzinfo=None, microsecond=0)


def hari_ini():
    """The city's current date."""
    return sekarang().date()


def singkatan(waktu=None):
    """The zone's short name at `waktu` (a stored naive time), e.g. "WIB"."""
    waktu = waktu or sekarang()
    return waktu.replace(tzinfo=_zona).tzname()


def dengan_zona(waktu):
    """A stored naive time as an aware datetime in the city's zone."""
    return waktu.replace(tzinfo=_zona) if waktu.tzinfo is None else waktu.astimezone(_zona)


@contextmanager
def pada(nilai):
    """Run a block with the clock fixed to `nilai` (a date, a datetime or
    text as for KINERJA_HARI_INI); the previous setting comes back after."""
    global _tetap
    lama = _tetap
    _tetap = _urai_tetap(nilai)
    try:
        yield
    finally:
        _tetap = lama
