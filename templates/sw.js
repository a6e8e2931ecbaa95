/* e-Kinerja service worker (scope /), served by kinerja/luring_views.py.
   - Precaches the app shell: the static files every page loads and the offline page.
   - Static files (fingerprinted, immutable): cache first.
   - Pages (navigations and htmx-boosted loads): network first with a short
     timeout, then the last copy this device saw, then the offline page.
   - Never touches anything but GET: forms (POST) always go to the network;
     the outbox in app.js queues them when that fails.
   - Pages are personal: app.js empties the page cache on logout and when a
     different person signs in on this device.
   - A new version waits until the page asks it to take over ("Versi baru tersedia"). */
"use strict";
const VERSI = {{ versi|tojson }};
const PRASIMPAN = {{ prasimpan|tojson }};
const HALAMAN_LURING = {{ halaman_luring|tojson }};
const CACHE_STATIS = "kinerja-statis-" + VERSI;
const CACHE_HALAMAN = "kinerja-halaman";
const BATAS_WAKTU_MS = 6000;   // then show the saved copy; the network answer still refreshes it
const TANPA_CACHE = ["/sw.js", "/sesi", "/healthz"];
const PENANDA_SALINAN = '<p class="kilas kilas-peringatan" id="salinan" role="status">' +
  "Koneksi lambat atau terputus: ini salinan terakhir halaman ini di perangkat Anda, " +
  'mungkin belum yang terbaru. <a href="">Muat versi terbaru</a></p>';

self.addEventListener("install", (event) => {
  // Without cookies: the shell is the same for everyone (and fetching it must
  // not use up a message meant for the person's next page).
  event.waitUntil(caches.open(CACHE_STATIS).then((c) =>
    c.addAll(PRASIMPAN.map((url) => new Request(url, {credentials: "omit"})))));
});

// Bumped when the page cache is emptied (logout, another person): a page
// fetched before that must not be saved after it.
let generasi = 0;

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const nama of await caches.keys()) {
      if (nama.startsWith("kinerja-statis-") && nama !== CACHE_STATIS) await caches.delete(nama);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const pesan = event.data || {};
  if (pesan.jenis === "ambil-alih") self.skipWaiting();
  if (pesan.jenis === "segarkan" && typeof pesan.url === "string") event.waitUntil(segarkan(pesan.url));
  if (pesan.jenis === "lupakan") { generasi += 1; event.waitUntil(caches.delete(CACHE_HALAMAN)); }
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || TANPA_CACHE.includes(url.pathname)) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(statis(req));
    return;
  }
  // A full page: a navigation, or htmx's boosted load of one. Fragments
  // (other htmx requests) vary by header and are never cached.
  const halaman = req.mode === "navigate" ||
    (req.headers.get("HX-Request") === "true" && req.headers.get("HX-Boosted") === "true");
  if (halaman) event.respondWith(jaringanDulu(event, req));
});

async function statis(req) {
  const cache = await caches.open(CACHE_STATIS);
  const ada = await cache.match(req, {ignoreVary: true});  // fingerprinted: the URL says it all
  if (ada) return ada;
  try {
    const res = await fetch(req);
    if (res.ok && new URL(req.url).searchParams.has("v")) cache.put(req, res.clone());
    return res;
  } catch (e) {
    // Offline, a page saved before a release asks for the old version: the
    // current one is better than a page without its script and style.
    const sekarang = await cache.match(req, {ignoreSearch: true, ignoreVary: true});
    if (sekarang) return sekarang;
    throw e;
  }
}

function bolehDisimpan(res) {
  return res.ok && res.status === 200 && !res.redirected &&
    (res.headers.get("Content-Type") || "").startsWith("text/html") &&
    !/no-store/.test(res.headers.get("Cache-Control") || "");
}

async function simpan(url, res, sejak) {
  if (bolehDisimpan(res) && sejak === generasi) await (await caches.open(CACHE_HALAMAN)).put(url, res);
}

async function jaringanDulu(event, req) {
  const sejak = generasi;
  const jaringan = fetch(req);
  // Whatever the network answers, even after the timeout, refreshes the copy.
  event.waitUntil(jaringan.then((res) => simpan(req.url, res.clone(), sejak)).catch(() => {}));
  let pewaktu;
  try {
    return await Promise.race([jaringan, new Promise((_, tolak) => {
      pewaktu = setTimeout(() => tolak(new Error("batas waktu")), BATAS_WAKTU_MS);
    })]);
  } catch (e) {
    const salinan = await caches.match(req.url, {cacheName: CACHE_HALAMAN, ignoreVary: true});
    if (salinan) return tandai(salinan);
    try {
      return await jaringan;  // nothing saved: keep waiting for the network after all
    } catch (e2) {
      const luring = await caches.match(HALAMAN_LURING, {cacheName: CACHE_STATIS});
      // A fresh Response, so the address stays the page asked for (htmx pushes
      // the response's URL; "Coba lagi" must reload that page, not /luring).
      if (luring) return new Response(await luring.text(), {status: 200, headers: luring.headers});
      return new Response("Tidak tersambung.", {status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}});
    }
  } finally {
    clearTimeout(pewaktu);
  }
}

async function tandai(res) {
  // Say on the page that it is a saved copy (inside <body>, so htmx's boosted swap keeps it).
  const html = (await res.text()).replace(/<body[^>]*>/, (m) => m + PENANDA_SALINAN);
  const headers = new Headers(res.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(html, {status: 200, headers});
}

async function segarkan(url) {
  // After an htmx save changed part of a page, fetch the page again so its copy is current.
  try {
    if (new URL(url).origin !== self.location.origin) return;
    const sejak = generasi;
    await simpan(url, await fetch(url, {credentials: "same-origin"}), sejak);
  } catch (e) { /* offline: the old copy stays */ }
}
