"""What follows a final result, for the fragments that show it
(penilaian/_hasil.html, _pembinaan.html, _keberatan.html): the objection
and its deadline, and the coaching plans. The page's view gathers it once
and hands it to every fragment; the fragments query nothing themselves.
See docs/keputusan-tindak-lanjut.md for the rules."""
from dataclasses import dataclass, field

from ..rules import PERLU_PEMBINAAN
from .keberatan import keadaan
from .pembinaan import daftar_pembinaan


@dataclass
class TindakLanjut:
    """`keberatan`: {kb, batas, terbuka} of the annual evaluation (None
    otherwise); `pembinaan`: the plans with their notes; `perlu_pembinaan`:
    the predikat calls for coaching."""
    keberatan: dict | None = None
    pembinaan: list = field(default_factory=list)
    perlu_pembinaan: bool = False


def tindak_lanjut(ev):
    """The follow-up of a final evaluation (empty before it is final): a
    constant number of queries."""
    if ev is None or ev.id is None or ev.status != "dinilai":
        return TindakLanjut()
    return TindakLanjut(keberatan=keadaan(ev) if ev.akhir else None, pembinaan=daftar_pembinaan(ev),
                        perlu_pembinaan=ev.predikat in PERLU_PEMBINAAN)
