"""The proposal from service data beside an IKI on the period page: an IKI
tied to a service measure (penilaian.realisasi.usulan_data_layanan) gets
the period's figure, what it rests on, and a link to the data for whoever
may read it (the owner's own service log; the unit's results page only for
readers of the unit)."""
from flask import url_for
from flask_login import current_user

from ..penilaian.realisasi import tampil_angka, usulan_data_layanan
from ..rules import label_ukuran_layanan
from .akses import boleh_baca
from .ukuran import UKURAN_PEGAWAI


def pasang_usulan(skp, semua, info):
    """Give each IKI tied to a service measure its proposal for the period
    (i.usulan: angka, dasar, ukuran, tautan to the data or None), computed
    once per distinct measure; nothing, and no query, when none is tied."""
    usulan = usulan_data_layanan(skp, [i for i, _ in semua.values()], info.awal, info.akhir)
    if not usulan:
        return
    jenis = {semua[k][0].ukuran_layanan for k in usulan}
    tautan = {}
    if jenis & set(UKURAN_PEGAWAI):  # the owner's own log in the period
        tautan[True] = url_for("warga.buku_daftar", dari=info.awal.isoformat(), sampai=info.akhir.isoformat())
    if jenis - set(UKURAN_PEGAWAI):  # the unit's results, for whoever may read them
        unit, tw = skp.pegawai.unit, f"{info.awal.year}-{(info.awal.month + 2) // 3}"
        tautan[False] = url_for("warga.hasil_unit", unit_id=unit.id, tw=tw) if boleh_baca(current_user, unit) else None
    for iki_id, (angka, dasar) in usulan.items():
        i = semua[iki_id][0]
        i.usulan = {"angka": angka, "tampil": tampil_angka(angka, i.satuan), "dasar": dasar,
                    "ukuran": label_ukuran_layanan(i.ukuran_layanan, i.ukuran_hari),
                    "tautan": tautan[i.ukuran_layanan in UKURAN_PEGAWAI]}
