"""Load times of the main pages in real Chromium on Chrome's network presets.

Chromium (/usr/bin/chromium, driven by the Python playwright package) loads
each main page through Chrome DevTools' network emulation
(`Network.emulateNetworkConditions`) with the presets of Chrome's DevTools:

- "3G": 2000 ms latency, 50,000 B/s down and up (400 kbps);
- "Slow 4G": 562.5 ms latency, 180,000 B/s down, 84,375 B/s up.

CPU throttling is off (`Emulation.setCPUThrottlingRate` rate 1): the figures
are network time plus this machine's own CPU time, not a slow phone's.

Per page and preset two visits are measured:

- pertama (cold): a fresh browser context, so an empty HTTP cache and no
  service worker; only the session cookie of the demo role is carried over
  (the login itself happens once per role beforehand, unthrottled);
- ulang (repeat): the same URL again in the same context, with whatever the
  app left behind on the first visit (cached static files, and a service
  worker if the app registers one; they are not blocked, and the bench waits
  for a registered worker to be ready before the second visit).

For each visit: time to DOMContentLoaded and to load (Navigation Timing),
"siap" (form usable: the page's main form field or button is in the DOM,
enabled, has a box, and the page has painted; for a page without a form,
its heading painted: content shown and links usable, since they work without
the deferred scripts), the bytes received over the network (CDP `encodedDataLength`,
headers included) and the number of network requests started until load (or
"siap", when later), plus how many requests were answered from the HTTP cache
or by the service worker. What a first visit sets going after load (a service
worker installing: precache, offline page) is shown apart as "latar".
Chromium's own `/favicon.ico` request and the worker's script `/sw.js`
(~0.3 KB, which CDP reports only now and then) are left out. Requests a
service worker makes are throttled and counted too: the page's CDP session
auto-attaches to the worker, paused at start, and throttles it as well
(page-level emulation does not reach a worker's fetches). One run per
figure: expect +-100 ms, more now and then.

Runs on its own temporary database with the demo city (nothing else is
touched), served by waitress on 127.0.0.1 and browsed as http://localhost:PORT
(a secure context, so service workers work):
`make bench` or `.venv/bin/python bench/load_times.py [--halaman KUNCI ...]
[--profil 3G|"Slow 4G"] [--rinci] [--markdown]`. The whole run takes 3-4 minutes.
"""
import argparse
import itertools
import json
import os
import re
import secrets
import socket
import sys
import tempfile
import threading
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from kinerja import create_app  # noqa: E402
from kinerja.db import database, migrate  # noqa: E402
from kinerja.seed import DEMO_SANDI, seed_demo  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PROFIL = {
    "3G": {"latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    "Slow 4G": {"latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375},
}
BATAS_SIAP_3G = 4000  # DESIGN.md: cold load on "3G", form usable <= 4 s
BATAS_TUNGGU = 30_000
# Chromium's own favicon request; the worker's script, fetched by the browser
# when the worker registers and reported by CDP only now and then (~0.3 KB).
TIDAK_DIHITUNG = ("/favicon.ico", "/sw.js")

# (key, label, demo role, path or None when found from other pages, main form field/button)
HALAMAN = [
    ("login", "Masuk", None, "/login", "#nip"),
    ("beranda", "Beranda", "pegawai", "/", "main h1"),
    ("tugas", "Tugas saya", "atasan", "/tugas", "main h1"),
    ("skp", "SKP saya (buat SKP)", "pegawai", "/skp", "#periode"),
    ("skp-tinjau", "SKP diajukan (tinjau)", "atasan", None, 'form[action$="/status"] button[type=submit]'),
    ("realisasi", "Realisasi Triwulan IV-Akhir", "atasan", None, 'input[name="nilai"]'),
    ("evaluasi", "Realisasi dan evaluasi", "atasan", None, "main h1"),
    ("tim", "Tim", "atasan", "/tim", "#pilih-periode"),
    ("penilaian", "Antrean penilaian", "atasan", "/penilaian", "main h1"),
    ("nilai", "Penilaian oleh penilai", "atasan", None, "#form-nilai textarea"),
    ("pegawai", "Daftar pegawai", "admin", "/admin/pegawai", "#q"),
]

# Runs before the page's own scripts. "siap" = the later of the field being
# usable (checked every frame) and the first contentful paint, so a field laid
# out while the stylesheet is still loading does not count as visible.
SKRIP_SIAP = """(() => {
  const SEL = %s, m = window.__muat = {};
  if (!SEL) return;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === "first-contentful-paint") m.cat = e.startTime;
  }).observe({type: "paint", buffered: true});
  const cek = () => {
    const el = document.querySelector(SEL);
    if (!el || el.disabled || el.closest("fieldset:disabled")) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
  };
  const putar = () => {
    if (m.elemen === undefined && cek()) m.elemen = performance.now();
    if (m.elemen !== undefined && m.cat !== undefined) m.siap = Math.max(m.elemen, m.cat);
    else requestAnimationFrame(putar);
  };
  requestAnimationFrame(putar);
})();"""

WAKTU = """() => {
  const n = performance.getEntriesByType("navigation")[0], m = window.__muat || {};
  return {dcl: n.domContentLoadedEventStart, load: n.loadEventStart, siap: m.siap};
}"""

SW_SIAP = """async () => {
  if (!navigator.serviceWorker) return false;
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg) return false;
  await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 10000))]);
  return true;
}"""


class Catatan:
    """Requests seen during one visit, from the page's and the service worker's CDP events."""

    def __init__(self):
        self.req = {}

    def peristiwa(self, sumber, nama, p):
        """Record one Network.* event; `sumber` is "halaman" or "sw"."""
        kunci = (sumber, p.get("requestId"))
        if nama == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if url.startswith(("data:", "blob:")) or urlsplit(url).path in TIDAK_DIHITUNG:
                return
            self.req[kunci] = {"url": url, "sumber": sumber, "mulai": p["timestamp"],
                               "cache": False, "sw": False, "bytes": 0, "selesai": None}
        r = self.req.get(kunci)
        if r is None:
            return
        if nama == "Network.requestServedFromCache":
            r["cache"] = True
        elif nama == "Network.responseReceived":
            res = p["response"]
            r["cache"] |= bool(res.get("fromDiskCache") or res.get("fromPrefetchCache"))
            r["sw"] = bool(res.get("fromServiceWorker"))
        elif nama in ("Network.loadingFinished", "Network.loadingFailed"):
            r["bytes"] = p.get("encodedDataLength", 0)
            r["selesai"] = p["timestamp"]

    def awal(self):
        """CDP time (s) of the first request: the navigation."""
        return min((r["mulai"] for r in self.req.values()), default=0)

    def pilih(self, sampai=None, sejak=None):
        """Requests started before `sampai` / from `sejak` (ms after the navigation)."""
        t0 = self.awal()
        return [r for r in sorted(self.req.values(), key=lambda r: r["mulai"])
                if (sampai is None or (r["mulai"] - t0) * 1000 <= sampai)
                and (sejak is None or (r["mulai"] - t0) * 1000 > sejak)]

    def ringkas(self, **batas):
        """(network bytes, network requests, requests answered by the cache or the worker)."""
        semua = self.pilih(**batas)
        jaringan = [r for r in semua if not (r["cache"] or r["sw"])]
        return sum(r["bytes"] for r in jaringan), len(jaringan), len(semua) - len(jaringan)

    def tak_terperlambat(self, latensi, **batas):
        """Network requests that finished sooner than the preset's latency: a
        sign that the emulation missed them (the figures would be too good)."""
        return [r["url"] for r in self.pilih(**batas) if not (r["cache"] or r["sw"]) and r["selesai"]
                and (r["selesai"] - r["mulai"]) * 1000 < 0.9 * latensi]

    def rincian(self, **batas):
        """Each request's start-end in ms after the navigation and its size,
        e.g. 'app.css 2051-4310 3.9 KB'; 'sw:' = fetched by the service worker."""
        t0, out = self.awal(), []
        for r in self.pilih(**batas):
            nama = re.sub(r"^https?://[^/]+", "", r["url"]).split("?")[0]
            asal = " cache" if r["cache"] else " sw" if r["sw"] else f" {r['bytes'] / 1024:.1f} KB"
            akhir = f"{(r['selesai'] - t0) * 1000:.0f}" if r["selesai"] else "?"
            out.append(f"{'sw:' if r['sumber'] == 'sw' else ''}{nama.rsplit('/', 1)[-1] or '/'} "
                       f"{(r['mulai'] - t0) * 1000:.0f}-{akhir}{asal}")
        return ", ".join(out)


class PekerjaLayanan:
    """Throttle and watch the page's service worker. Page-level emulation does
    not reach the worker's own fetches, so the page's CDP session auto-attaches
    to it (non-flat messages, which playwright's session allows), paused at
    start until the worker's network is throttled too."""

    def __init__(self, cdp, kondisi, catatan):
        self.cdp, self.kondisi, self.catatan = cdp, kondisi, catatan
        self.id = itertools.count(1)
        self.sesi = []
        cdp.on("Target.attachedToTarget", self._terpasang)
        cdp.on("Target.receivedMessageFromTarget", self._pesan)
        cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})

    def _kirim(self, sesi, method, params):
        pesan = json.dumps({"id": next(self.id), "method": method, "params": params})
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": sesi, "message": pesan})

    def _terpasang(self, p):
        sesi = p["sessionId"]
        if p["targetInfo"]["type"] == "service_worker":
            self.sesi.append(sesi)
            self._kirim(sesi, "Network.enable", {})
            self._kirim(sesi, "Network.emulateNetworkConditions", self.kondisi)
        self._kirim(sesi, "Runtime.runIfWaitingForDebugger", {})

    def atur_lagi(self):
        """Send the conditions again: sent while a worker was starting, they may not stick."""
        for sesi in self.sesi:
            self._kirim(sesi, "Network.emulateNetworkConditions", self.kondisi)

    def _pesan(self, p):
        pesan = json.loads(p["message"])
        if pesan.get("method", "").startswith("Network."):
            self.catatan.peristiwa("sw", pesan["method"], pesan["params"])


def kunjungi(page, url, selector, catatan):
    """Load `url` once; return a result dict with the timings and the traffic
    of the requests started until load (or until "siap", when that is later)."""
    catatan.req.clear()
    page.goto(url, wait_until="load", timeout=BATAS_TUNGGU)
    if selector:
        page.wait_for_function("() => window.__muat && window.__muat.siap !== undefined", timeout=BATAS_TUNGGU)
    t = page.evaluate(WAKTU)
    siap = t["siap"] if selector else t["dcl"]
    batas = max(t["load"], siap)
    kb, n, cache = catatan.ringkas(sampai=batas)
    return {"dcl": t["dcl"], "load": t["load"], "siap": siap, "batas": batas,
            "bytes": kb, "req": n, "cache": cache, "rincian": catatan.rincian(sampai=batas)}


def ukur(browser, base, state, url, selector, kondisi):
    """A cold and a repeat visit of one page in one fresh context."""
    ctx = browser.new_context(storage_state=state, viewport={"width": 360, "height": 740},
                              locale="id-ID", service_workers="allow")
    try:
        ctx.add_init_script(SKRIP_SIAP % json.dumps(selector))
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        catatan = Catatan()
        for nama in ("requestWillBeSent", "requestServedFromCache", "responseReceived",
                     "loadingFinished", "loadingFailed"):
            cdp.on(f"Network.{nama}", lambda p, n=f"Network.{nama}": catatan.peristiwa("halaman", n, p))
        kondisi = dict(kondisi, offline=False)
        cdp.send("Network.enable")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        cdp.send("Network.emulateNetworkConditions", kondisi)
        sw = PekerjaLayanan(cdp, kondisi, catatan)
        pertama = kunjungi(page, base + url, selector, catatan)
        # What the first visit sets going after load (a service worker's install), still throttled.
        page.wait_for_load_state("networkidle")
        pertama["sw"] = page.evaluate(SW_SIAP)
        page.wait_for_load_state("networkidle")
        pertama["latar"] = catatan.ringkas(sejak=pertama["batas"])
        pertama["rincian_latar"] = catatan.rincian(sejak=pertama["batas"])
        pertama["cepat"] = catatan.tak_terperlambat(kondisi["latency"], sampai=pertama["batas"])
        sw.atur_lagi()
        ulang = kunjungi(page, base + url, selector, catatan)
        ulang["cepat"] = catatan.tak_terperlambat(kondisi["latency"])
        return pertama, ulang
    finally:
        ctx.close()


def masuk(browser, base, nip):
    """Log in through the form (unthrottled); return (storage state, context, page)."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = ctx.new_page()
    page.goto(base + "/login")
    page.fill("#nip", nip)
    page.fill("#password", DEMO_SANDI)
    page.click("main button[type=submit]")  # a boosted form: the URL changes without a navigation
    try:
        page.wait_for_url(lambda u: "/login" not in u, timeout=BATAS_TUNGGU)
    except Exception:
        raise SystemExit(f"login {nip} gagal")
    # A cold visit carries only the session: not the cookie that says the
    # stylesheet is already cached (it is not, in a fresh context).
    state = ctx.storage_state()
    state["cookies"] = [c for c in state["cookies"] if c["name"] == "session"]
    return state, ctx, page


def temukan(page, base):
    """Paths of the atasan's pages that depend on the demo data's ids."""
    def tautan(url, pola):
        page.goto(base + url)
        html = page.content()
        hasil = re.findall(pola, html)
        if not hasil:
            raise SystemExit(f"tidak ada tautan {pola} di {url}")
        return hasil[0]
    skp = tautan("/skp", r'href="(/skp/\d+)"')
    return {"skp-tinjau": tautan("/tim", r'href="(/skp/\d+)"[^>]*>Tinjau SKP'),
            "realisasi": f"{skp}/kinerja/4", "evaluasi": f"{skp}/kinerja",
            "nilai": tautan("/penilaian", r'href="(/penilaian/(?:skp/)?\d+(?:/\d+)?)"')}


def layani(tmp):
    """The app on its own database, served by waitress in a thread;
    return (base URL, {role: NIP}, server)."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.db", "UPLOAD_DIR": f"{tmp}/unggah",
                      "SECRET_KEY": secrets.token_hex(16), "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        migrate()
        with database:
            akun = {peran: nip for peran, nip, _ in seed_demo()}
    from waitress.server import create_server
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://localhost:{port}", akun, server


def angka(x, desimal=0):
    """Indonesian number: 4.290 / 22,9."""
    return f"{x:,.{desimal}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def latar(r):
    """The first visit's traffic after load, e.g. '2 req, 1.4 KB' (network only)."""
    if "latar" not in r:
        return ""
    kb, n, _ = r["latar"]
    return f"{n} req, {kb / 1024:.1f} KB"


def cetak(hasil, profil, rinci=False):
    """The plain table, with the budget flag and, for a flagged page (or all with
    `rinci`), its requests."""
    print(f"{'halaman':<30} {'profil':<8} {'kunjungan':<9} {'DCL':>6} {'load':>6} {'siap':>6} "
          f"{'KB':>6} {'req':>4} {'cache':>5}  latar (sesudah load)  [cache = dari cache/SW]")
    for _, nama, url, rows in hasil:
        for p in profil:
            for jenis, r in zip(("pertama", "ulang"), rows[p]):
                lewat = p == "3G" and jenis == "pertama" and r["siap"] > BATAS_SIAP_3G
                print(f"{nama[:30]:<30} {p:<8} {jenis:<9} {r['dcl']:6.0f} {r['load']:6.0f} {r['siap']:6.0f} "
                      f"{r['bytes'] / 1024:6.1f} {r['req']:4d} {r['cache']:5d}  {latar(r):<18}"
                      f"{'<-- siap > 4 s (anggaran 3G)' if lewat else ''}")
                if lewat or rinci:
                    print(f"{'':<4}permintaan (ms): {r['rincian']}")
                if rinci and r.get("rincian_latar"):
                    print(f"{'':<4}latar (ms): {r['rincian_latar']}")
                if r["cepat"]:
                    print(f"{'':<4}PERINGATAN: tidak terperlambat, angka terlalu baik: {', '.join(r['cepat'])}")
        print(f"{'':<4}{url}")


def markdown(hasil, profil):
    """The README table: siap / DCL / load in seconds, then KB and requests, per visit."""
    print("| halaman | profil | pertama: siap / DCL / load | pertama: lewat jaringan | "
          "ulang: siap / DCL / load | ulang: lewat jaringan |")
    print("|---|---|---|---|---|---|")
    for _, nama, url, rows in hasil:
        for p in profil:
            sel = []
            for r in rows[p]:
                tanda = " ⚠" if r is rows[p][0] and p == "3G" and r["siap"] > BATAS_SIAP_3G else ""
                sel.append(f"{angka(r['siap'] / 1000, 2)}{tanda} / {angka(r['dcl'] / 1000, 2)} / "
                           f"{angka(r['load'] / 1000, 2)} s")
                sel.append(f"{angka(r['bytes'] / 1024, 1)} KB, {r['req']} req"
                           + (f" (+{r['cache']} dari cache/SW)" if r["cache"] else ""))
            print(f"| {nama} | {p} | " + " | ".join(sel) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--halaman", nargs="+", choices=[h[0] for h in HALAMAN], help="hanya halaman ini")
    parser.add_argument("--profil", nargs="+", choices=list(PROFIL), help="hanya profil ini")
    parser.add_argument("--rinci", action="store_true", help="cetak permintaan tiap kunjungan")
    parser.add_argument("--markdown", action="store_true", help="cetak juga tabel Markdown untuk README")
    opsi = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"Chromium tidak ada di {CHROMIUM}")
    halaman = [h for h in HALAMAN if not opsi.halaman or h[0] in opsi.halaman]
    profil = opsi.profil or list(PROFIL)

    from playwright.sync_api import sync_playwright
    beban = os.getloadavg()[0]
    tmp = tempfile.TemporaryDirectory(prefix="bench-")
    base, akun, server = layani(tmp.name)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            state, url = {None: {"cookies": [], "origins": []}}, {h[0]: h[3] for h in halaman}
            for peran in sorted({h[2] for h in halaman if h[2]}):
                state[peran], ctx, page = masuk(browser, base, akun[peran])
                if peran == "atasan":
                    url.update({k: v for k, v in temukan(page, base).items() if k in url})
                for h in halaman:  # warm the server (templates, SQLite) before timing
                    if h[2] == peran:
                        page.goto(base + url[h[0]])
                ctx.close()
            hasil = []
            for kunci, nama, peran, _, selector in halaman:
                rows = {}
                for p in profil:
                    rows[p] = ukur(browser, base, state[peran], url[kunci], selector, PROFIL[p])
                hasil.append((kunci, f"{nama}" + (f" ({peran})" if peran else ""), url[kunci], rows))
                print(f"  {url[kunci]} diukur", file=sys.stderr, flush=True)
            versi = browser.version
            browser.close()
    finally:
        server.close()
        tmp.cleanup()
    print(f"Chromium {versi} ({CHROMIUM}), CPU tanpa perlambatan, {os.cpu_count()} inti, beban 1 menit "
          f"{beban:.1f} saat mulai dan {os.getloadavg()[0]:.1f} saat selesai. "
          f"Service worker terdaftar setelah kunjungan pertama: "
          f"{'ya' if any(r[0]['sw'] for h in hasil for r in h[3].values()) else 'tidak'}.")
    cetak(hasil, profil, opsi.rinci)
    print(f"Anggaran DESIGN.md: kunjungan pertama pada profil 3G, siap (formulir bisa dipakai) "
          f"<= {BATAS_SIAP_3G // 1000} s.")
    if opsi.markdown:
        print()
        markdown(hasil, profil)


if __name__ == "__main__":
    main()
