/* Enhancements only: the app works without this file. */
// Shared by the parts below: whether the outbox is on, and the one network alert.
var kinerja = window.kinerja = window.kinerja || {};
(function () {
  "use strict";
  // After htmx swaps content in, move focus where the person's attention is:
  // a form's error summary first (so they hear what went wrong), else the
  // element the server marked (an opened edit field, a "saved" message).
  document.addEventListener("htmx:afterSettle", function (e) {
    // A full-page form whose action names a place (#realisasi-3): back at that
    // place, not at the top where htmx puts a boosted page.
    var anchor = e.detail && e.detail.boosted && e.detail.pathInfo && e.detail.pathInfo.anchor;
    var tempat = anchor && document.getElementById(anchor);
    var target = document.querySelector("[data-galat]") || document.querySelector("[data-fokus]");
    if (tempat && !target) {
      setTimeout(function () { tempat.scrollIntoView({block: "start"}); }, 0);
      return;
    }
    if (target) {
      target.focus({preventScroll: true});
      // After htmx's own scroll to the top of a boosted page, not before it.
      setTimeout(function () { target.scrollIntoView({block: "center"}); }, 0);
    }
  });
  // A request that never reached the server: say so (gone with the next request).
  kinerja.tidakTersambung = function (teks) {
    var kotak = document.getElementById("status-jaringan");
    if (!kotak) {
      kotak = document.createElement("p");
      kotak.id = "status-jaringan";
      kotak.className = "kilas kilas-galat";
      kotak.setAttribute("role", "alert");
      document.body.appendChild(kotak);
    }
    kotak.textContent = teks || "Tidak tersambung ke server; isian belum terkirim. Periksa koneksi, lalu coba lagi.";
  };
  // A form (POST) that cannot be sent is queued by the outbox below instead.
  function bukanKiriman(e) {
    var cfg = e.detail && e.detail.requestConfig;
    if (!cfg || cfg.verb !== "post" || !kinerja.antrean) kinerja.tidakTersambung();
  }
  document.addEventListener("htmx:sendError", bukanKiriman);
  document.addEventListener("htmx:timeout", bukanKiriman);
  document.addEventListener("htmx:beforeRequest", function () {
    var kotak = document.getElementById("status-jaringan");
    if (kotak) kotak.remove();
  });
})();

/* Rating page: the predikat preview follows the two ratings (the matrix is
   the server's, in data-matriks), and "Sisipkan" puts a saved phrase into its
   feedback field. Without this the predikat is computed when saved. */
(function () {
  "use strict";
  function pasang(akar) {
    var f = akar.querySelector ? (akar.id === "form-nilai" ? akar : akar.querySelector("#form-nilai")) : null;
    if (!f || f.getAttribute("data-siap")) return;
    f.setAttribute("data-siap", "1");
    var matriks = JSON.parse(f.getAttribute("data-matriks") || "{}");
    var frasa = JSON.parse(f.getAttribute("data-frasa") || "{}");
    var keluaran = document.getElementById("pratinjau-predikat");
    function pilihan(n) { var r = f.querySelector('input[name="' + n + '"]:checked'); return r ? r.value : ""; }
    f.addEventListener("change", function (e) {
      if (!keluaran || (e.target.name !== "rating_hasil" && e.target.name !== "rating_perilaku")) return;
      keluaran.textContent = matriks[pilihan("rating_hasil") + "|" + pilihan("rating_perilaku")] ||
        "Belum bisa dihitung: pilih kedua rating.";
    });
    Array.prototype.forEach.call(f.querySelectorAll("[data-sisip]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        var pilih = document.getElementById(b.getAttribute("data-dari"));
        var isi = document.getElementById(b.getAttribute("data-sisip"));
        var teks = frasa[pilih.value];
        if (!teks) return;
        var lama = isi.value.replace(/\s+$/, "");
        isi.value = lama ? lama + "\n" + teks : teks;
        pilih.value = "";
        isi.focus();
      });
    });
  }
  document.addEventListener("htmx:load", function (e) { if (e.detail && e.detail.elt) pasang(e.detail.elt); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { pasang(document); });
  else pasang(document);
})();

/* Bukti dukung: shrink large photos before upload.
   On a form marked data-perkecil-gambar, a chosen JPEG/PNG over 1 MB or
   wider than 2000 px is redrawn on a canvas as a JPEG (longest side 2000 px)
   and put back into the file input, only when the browser can do all of it
   (canvas.toBlob, DataTransfer, File) and only when the result is smaller.
   Otherwise the original file is sent; the server checks every upload. */
(function () {
  "use strict";
  var MAKS_SISI = 2000, MAKS_BYTE = 1024 * 1024, MUTU = 0.85;
  var bisa = typeof window.DataTransfer === "function" && typeof window.File === "function" &&
    !!document.createElement("canvas").toBlob && typeof window.URL !== "undefined";
  if (!bisa) return;

  function namaJpg(nama) {
    return nama.replace(/\.[^.\\\/]*$/, "") + ".jpg";
  }

  function perkecil(input) {
    var asli = input.files && input.files[0];
    if (!asli || !/^image\/(jpeg|png)$/.test(asli.type)) return;
    var form = input.form, tombol = form && form.querySelector("button[type=submit]");
    var url = URL.createObjectURL(asli), img = new Image();
    function selesai() {
      URL.revokeObjectURL(url);
      if (tombol) tombol.disabled = false;
    }
    if (tombol) tombol.disabled = true;
    img.onerror = selesai;
    img.onload = function () {
      var sisi = Math.max(img.naturalWidth, img.naturalHeight);
      if (asli.size <= MAKS_BYTE && sisi <= MAKS_SISI) { selesai(); return; }
      var skala = Math.min(1, MAKS_SISI / sisi);
      var c = document.createElement("canvas");
      c.width = Math.round(img.naturalWidth * skala);
      c.height = Math.round(img.naturalHeight * skala);
      var g = c.getContext("2d");
      if (!g) { selesai(); return; }
      g.fillStyle = "#fff";  // a transparent PNG gets a white background as JPEG
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      c.toBlob(function (blob) {
        try {
          if (blob && blob.size < asli.size && input.files[0] === asli) {
            var dt = new DataTransfer();
            dt.items.add(new File([blob], namaJpg(asli.name), {type: "image/jpeg", lastModified: Date.now()}));
            input.files = dt.files;
          }
        } catch (e) { /* keep the original file */ }
        selesai();
      }, "image/jpeg", MUTU);
    };
    img.src = url;
  }

  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.type === "file" && el.closest && el.closest("form[data-perkecil-gambar]")) perkecil(el);
  });
})();

/* Offline layer: service worker, drafts and outbox. The app works without it.
   (Kept in this one file on purpose: a first visit stays at 6 requests, the
   budget in DESIGN.md; a separate script would be a 7th.)
   - Drafts: every POST form autosaves what is typed to this device (IndexedDB)
     and, after a reload, a crash or an expired session, offers to restore it.
     A draft goes once its submission is accepted. A page that is one form
     (the period page) has one draft, restored by one "Pulihkan isian".
   - Outbox: a form that cannot reach the server is queued here with its
     submission_id (the server's idempotency key, so a replay counts once) and
     sent by itself when the connection is back: checked by a request to
     /sesi (which also gives a fresh CSRF token), oldest first, one at a time,
     with backoff. A refused item (a stale edit, a rejected value) waits in
     "perlu perhatian" for the person; nothing is retried blindly.
   - Everything is kept per person; logout empties this person's drafts,
     outbox and saved pages, after a warning if something is still unsent. */
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise || !window.FormData) return;
  kinerja.antrean = true;
  var CACHE_HALAMAN = "kinerja-halaman", KUNCI_LS = "kinerja-pengguna";
  var ABAIKAN = {csrf_token: 1, submission_id: 1};
  var db = null;

  // ------------------------------------------------------------ IndexedDB
  function bukaDb() {
    if (!db) {
      db = new Promise(function (ok, gagal) {
        var r = indexedDB.open("kinerja", 1);
        r.onupgradeneeded = function () {
          r.result.createObjectStore("draf", {keyPath: "kunci"});
          r.result.createObjectStore("antrean", {keyPath: "id", autoIncrement: true});
        };
        r.onsuccess = function () {
          // A newer version of the app (another tab) needs the database: let go of it.
          r.result.onversionchange = function () { r.result.close(); db = null; };
          ok(r.result);
        };
        r.onerror = function () { db = null; gagal(r.error); };
        r.onblocked = function () { db = null; gagal(new Error("diblokir")); };
      });
    }
    return db;
  }
  function tx(nama, mode, kerja) {
    return bukaDb().then(function (d) {
      return new Promise(function (ok, gagal) {
        var t = d.transaction(nama, mode), hasil;
        var r = kerja(t.objectStore(nama));
        if (r) r.onsuccess = function () { hasil = r.result; };
        t.oncomplete = function () { ok(hasil); };
        t.onerror = t.onabort = function () { gagal(t.error); };
      });
    });
  }
  function ambil(nama, kunci) { return tx(nama, "readonly", function (s) { return s.get(kunci); }); }
  function semua(nama) { return tx(nama, "readonly", function (s) { return s.getAll(); }); }
  function taruh(nama, isi) { return tx(nama, "readwrite", function (s) { return s.put(isi); }); }
  function buang(nama, kunci) { return tx(nama, "readwrite", function (s) { return s.delete(kunci); }); }
  // A draft goes once what was sent is accepted, unless typed again since (then it stays on offer).
  function buangDrafSampai(kunci, waktu) {
    return tx("draf", "readwrite", function (s) {
      s.get(kunci).onsuccess = function (e) {
        var d = e.target.result;
        if (d && d.disimpan <= waktu) s.delete(kunci);
      };
    });
  }

  // ------------------------------------------------------------ who is this
  function penggunaHalaman() {
    var el = document.querySelector("[data-pengguna]");
    return el ? el.getAttribute("data-pengguna") : null;
  }
  function pengguna() {
    var p = penggunaHalaman();
    if (p) return p;
    try { return localStorage.getItem(KUNCI_LS); } catch (e) { return null; }
  }
  function milikSaya(item) { return item.pengguna === pengguna(); }
  function jalurLogin(url) {
    try { return /^\/(login|akun\/sandi)\b/.test(new URL(url, location.href).pathname); } catch (e) { return false; }
  }

  // ------------------------------------------------------------ drafts
  // Forms kept on the device: POST forms of a signed-in page, never one that
  // holds a password (login, change password) and never logout.
  function bolehDraf(form) {
    return !!form && form.tagName === "FORM" && (form.getAttribute("method") || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-keluar") && !form.hasAttribute("data-tanpa-draf") &&
      !form.querySelector("input[type=password]") && !!penggunaHalaman();
  }
  function dicatat(el) {
    if (!el.name || ABAIKAN[el.name] || el.disabled) return false;
    // A restored edit keeps its versions and what the page showed (asal): stale
    // stays stale, and a part left untouched stays untouched.
    if (el.type === "hidden") return /^(version|asal)([-_]|$)/.test(el.name);
    return !/^(password|file|submit|button|reset|image)$/.test(el.type);
  }
  function kunciDraf(form) {
    var aksi = form.getAttribute("action") || location.pathname, urutan = 0;
    for (var i = 0; i < document.forms.length && document.forms[i] !== form; i++) {
      if ((document.forms[i].getAttribute("action") || location.pathname) === aksi) urutan++;
    }
    return pengguna() + "|" + location.pathname + "|" + aksi + "|" + urutan;
  }
  function isianForm(form) {
    var isi = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!dicatat(el)) return;
      var daftar = isi[el.name] || (isi[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) daftar.push(el.value); }
      else if (el.type === "select-multiple") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { daftar.push(o.value); });
      } else daftar.push(el.value);
    });
    return isi;
  }
  function pasangIsian(form, isi) {
    var urut = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!dicatat(el) || !(el.name in isi)) return;
      var nilai = isi[el.name];
      if (el.type === "checkbox" || el.type === "radio") el.checked = nilai.indexOf(el.value) >= 0;
      else if (el.type === "select-multiple") {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = nilai.indexOf(o.value) >= 0; });
      } else {
        var i = urut[el.name] || 0;
        if (i < nilai.length) el.value = nilai[i];
        urut[el.name] = i + 1;
      }
    });
  }
  function sama(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function judulHalaman() { return (document.title || "").split(" · ")[0]; }
  function jam(ms) {
    var d = new Date(ms), dua = function (n) { return (n < 10 ? "0" : "") + n; };
    return dua(d.getDate()) + "-" + dua(d.getMonth() + 1) + " " + dua(d.getHours()) + "." + dua(d.getMinutes());
  }

  var tunda = new WeakMap(), dicek = new WeakSet();
  var tertunda = new Set();
  function simpanDrafNanti(form) {
    clearTimeout(tunda.get(form));
    tertunda.add(form);
    tunda.set(form, setTimeout(function () { tertunda.delete(form); simpanDraf(form); }, 400));
  }
  function simpanSekarang() {
    // Leaving the page or sending: what was typed in the last moments is kept too.
    tertunda.forEach(function (form) { clearTimeout(tunda.get(form)); simpanDraf(form); });
    tertunda.clear();
  }
  window.addEventListener("pagehide", simpanSekarang);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") simpanSekarang();
  });
  function simpanDraf(form) {
    if (!pengguna() || !form.isConnected) return Promise.resolve();
    var tawaran = form.querySelector(".draf-tawaran");
    if (tawaran) tawaran.remove();  // typing anew replaces the old draft
    return taruh("draf", {kunci: kunciDraf(form), pengguna: pengguna(), halaman: location.pathname,
                          judul: judulHalaman(), isian: isianForm(form), disimpan: Date.now()})
      .catch(function () {});
  }
  function tawarkanDraf(akar) {
    if (!pengguna()) return;
    var forms = akar.tagName === "FORM" ? [akar] : Array.prototype.slice.call(akar.querySelectorAll("form"));
    forms.filter(bolehDraf).forEach(function (form) {
      if (dicek.has(form)) return;
      dicek.add(form);
      ambil("draf", kunciDraf(form)).then(function (draf) {
        if (!draf || !form.isConnected || form.querySelector(".draf-tawaran")) return;
        if (sama(draf.isian, isianForm(form))) return;
        var kotak = document.createElement("div");
        kotak.className = "draf-tawaran kilas kilas-peringatan";
        kotak.setAttribute("role", "group");
        kotak.setAttribute("aria-label", "Draf tersimpan");
        var p = document.createElement("p");
        p.textContent = "Ada isian yang belum terkirim, tersimpan di perangkat ini (" + jam(draf.disimpan) + ").";
        var pulihkan = document.createElement("button");
        pulihkan.type = "button";
        pulihkan.textContent = "Pulihkan isian";
        var hapus = document.createElement("button");
        hapus.type = "button";
        hapus.className = "kedua";
        hapus.textContent = "Buang draf";
        kotak.append(p, pulihkan, " ", hapus);
        form.insertBefore(kotak, form.firstChild);
        pulihkan.addEventListener("click", function () {
          pasangIsian(form, draf.isian);
          kotak.remove();
          var pertama = form.querySelector("textarea, input:not([type=hidden]), select");
          if (pertama) pertama.focus();
        });
        hapus.addEventListener("click", function () {
          buang("draf", draf.kunci);
          kotak.remove();
        });
      }).catch(function () {});
    });
  }
  // A form that adds something, queued and then changed: the next sending is a
  // new addition, so it gets a new key (an unchanged double tap keeps the key).
  var antre = new WeakSet();
  function kunciBaruSetelahAntre(form) {
    if (!antre.has(form)) return;
    antre.delete(form);
    var input = form.querySelector("input[name=submission_id]");
    if (input && !form.querySelector("input[name^=version]") && window.crypto && crypto.randomUUID) {
      input.value = crypto.randomUUID();
    }
  }
  document.addEventListener("input", function (e) {
    var form = e.target && e.target.form;
    if (form) kunciBaruSetelahAntre(form);
    if (bolehDraf(form) && dicatat(e.target)) simpanDrafNanti(form);
  });
  document.addEventListener("change", function (e) {
    var form = e.target && e.target.form;
    if (form) kunciBaruSetelahAntre(form);
    if (bolehDraf(form) && dicatat(e.target)) simpanDrafNanti(form);
  });

  // ------------------------------------------------------------ outbox: status line
  var el = {};
  function elemen() {
    el.status = document.getElementById("antrean-status");
    el.rinci = document.getElementById("antrean-rinci");
    el.daftar = document.getElementById("antrean-daftar");
    return !!el.status;
  }
  var sedangKirim = null, selesaiTerkirim = 0, terkirimDiSini = false, hapusSelesai = null;

  function tulisStatus(teks, jenis, tautanMuatUlang) {
    if (!elemen()) return;
    if (el.status.firstChild && el.status.firstChild.nodeValue === teks && !!el.status.querySelector("a") === !!tautanMuatUlang) return;
    el.status.textContent = teks;
    el.status.className = jenis ? "antrean-" + jenis : "";
    if (tautanMuatUlang) {
      var a = document.createElement("a");
      a.href = location.pathname + location.search;
      a.textContent = "Muat ulang halaman ini";
      el.status.append(" · ", a);
    }
  }
  function perbaruiStatus() {
    return semua("antrean").then(function (items) {
      items = items.filter(milikSaya);
      if (!elemen()) return;
      var menunggu = items.filter(function (i) { return i.status === "menunggu"; }).length;
      var perhatian = items.length - menunggu;
      clearTimeout(hapusSelesai);
      if (sedangKirim) {
        tulisStatus("Mengirim " + sedangKirim.ke + " dari " + sedangKirim.dari, "kirim");
      } else if (items.length) {
        var bagian = [];
        if (menunggu) bagian.push(menunggu + " isian tersimpan di perangkat" + (keteranganTunggu ? " · " + keteranganTunggu : ""));
        if (perhatian) bagian.push(perhatian + " isian perlu perhatian");
        tulisStatus(bagian.join("; "), perhatian ? "perhatian" : "tunggu");
      } else if (selesaiTerkirim) {
        // What was sent from this page is on the server now, not yet on the screen.
        tulisStatus("Semua terkirim", "selesai", terkirimDiSini);
        if (!terkirimDiSini) hapusSelesai = setTimeout(function () { selesaiTerkirim = 0; tulisStatus("", ""); }, 8000);
      } else {
        tulisStatus("", "");
      }
      tulisDaftar(items);
    });
  }
  function tulisDaftar(items) {
    el.rinci.hidden = !items.length;
    el.daftar.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "antrean-" + item.status;
      var judul = document.createElement("a");
      judul.href = item.halaman;
      judul.textContent = item.judul;
      var ket = document.createElement("small");
      ket.textContent = " " + jam(item.dibuat) + " · " +
        (item.status === "perhatian" ? "Perlu perhatian: " + item.pesan : "Menunggu dikirim");
      li.append(judul, ket);
      if (item.status === "perhatian") {
        var tinjau = document.createElement("button");
        tinjau.type = "button";
        tinjau.className = "kecil";
        tinjau.textContent = "Tinjau";
        tinjau.addEventListener("click", function () { tinjauItem(item); });
        li.append(" ", tinjau);
      }
      var hapus = document.createElement("button");
      hapus.type = "button";
      hapus.className = "kedua kecil";
      hapus.textContent = "Hapus";
      hapus.setAttribute("aria-label", "Hapus " + item.judul + " dari perangkat");
      hapus.addEventListener("click", function () {
        if (!window.confirm("Hapus isian ini dari perangkat? Isian belum terkirim ke server.")) return;
        buang("antrean", item.id).then(perbaruiStatus);
      });
      li.append(" ", hapus);
      el.daftar.append(li);
    });
  }

  // ------------------------------------------------------------ outbox: queue
  function mintaSimpanTetap() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
  }
  function antrekan(form, cfg) {
    var isian = [];
    cfg.formData.forEach(function (nilai, nama) { isian.push([nama, nilai]); });
    var kunci = cfg.formData.get("submission_id");
    if (!kunci || !pengguna()) return Promise.resolve(false);
    var tombol = cfg.triggeringEvent && cfg.triggeringEvent.submitter;
    var judul = judulHalaman() + (tombol && tombol.textContent ? " · " + tombol.textContent.trim() : "");
    antre.add(form);
    var item = {pengguna: pengguna(), url: cfg.path, kunci: String(kunci), isian: isian,
                ubah: !!form.querySelector("input[name^=version]"),
                halaman: location.pathname + location.search, judul: judul,
                draf: bolehDraf(form) ? kunciDraf(form) : null,
                dibuat: Date.now(), rev: Date.now() + Math.random(), status: "menunggu", pesan: "", percobaan: 0};
    mintaSimpanTetap();
    if (item.draf) simpanDraf(form);
    item.drafSampai = Date.now();  // the draft as of now is what is sent; later typing stays a draft
    // The same form sent again while its first sending still waits (a double
    // tap, or edited again while offline, also after a reload): the latest
    // content replaces the waiting one. One transaction, so two taps cannot
    // both add.
    return tx("antrean", "readwrite", function (s) {
      s.getAll().onsuccess = function (e) {
        var lama = e.target.result.filter(function (i) {
          // Edit forms (they carry a version) replace by form; forms that add
          // something replace only under the same key (a second, different
          // addition gets a new key: see kunciBaruSetelahAntre).
          return i.status === "menunggu" && i.pengguna === item.pengguna &&
            (i.kunci === item.kunci || (item.ubah && item.draf && i.draf === item.draf));
        })[0];
        if (lama) { item.id = lama.id; item.dibuat = lama.dibuat; }
        s.put(item);
      };
    }).then(function () { return true; });
  }
  function catatanDiForm(form, teks, tombol) {
    var lama = form.querySelector(".antrean-catatan");
    if (lama) lama.remove();
    var p = document.createElement("p");
    p.className = "antrean-catatan kilas kilas-peringatan";
    p.setAttribute("role", "status");
    p.textContent = teks;
    // Next to the button just pressed (on a long form the top is far away).
    var dekat = tombol && form.contains(tombol) ? (tombol.closest(".aksi") || tombol) : null;
    if (dekat && dekat.parentNode) dekat.parentNode.insertBefore(p, dekat);
    else form.insertBefore(p, form.firstChild);
  }
  function gagalKirim(e) {
    var cfg = e.detail && e.detail.requestConfig;
    if (!cfg || cfg.verb !== "post") return;
    var form = cfg.elt && (cfg.elt.tagName === "FORM" ? cfg.elt : cfg.elt.closest("form"));
    if (!form) return;
    var tombol = cfg.triggeringEvent && cfg.triggeringEvent.submitter;
    if (!bolehDraf(form)) {
      catatanDiForm(form, "Belum tersambung; isian belum terkirim. Periksa koneksi, lalu coba lagi.", tombol);
      return;
    }
    antrekan(form, cfg).then(function (ok) {
      catatanDiForm(form, ok
        ? "Belum tersambung. Isian disimpan di perangkat dan dikirim otomatis begitu tersambung."
        : "Belum tersambung; isian belum terkirim. Coba lagi nanti.", tombol);
      perbaruiStatus();
      jadwalkan(3000);
    }).catch(function () {
      catatanDiForm(form, "Belum tersambung dan isian tidak bisa disimpan di perangkat. Jangan tutup halaman ini; coba lagi nanti.", tombol);
    });
  }
  document.addEventListener("htmx:sendError", gagalKirim);
  document.addEventListener("htmx:timeout", gagalKirim);

  // A form's own answer: accepted (2xx/3xx and not bounced to login) ends its draft.
  // The key is taken before sending: by the time of the answer the form is swapped out.
  var drafKiriman = new WeakMap();
  document.addEventListener("htmx:beforeRequest", function (e) {
    var cfg = e.detail && e.detail.requestConfig;
    var form = cfg && cfg.verb === "post" && cfg.elt && (cfg.elt.tagName === "FORM" ? cfg.elt : cfg.elt.closest("form"));
    if (form && bolehDraf(form)) {
      if (tertunda.has(form)) simpanSekarang();  // saved before the answer can delete it
      drafKiriman.set(cfg, {kunci: kunciDraf(form), waktu: Date.now()});
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var d = e.detail, cfg = d.requestConfig, xhr = d.xhr;
    if (!cfg || cfg.verb !== "post" || !xhr || !xhr.status) return;
    var diterima = xhr.status < 400 && !jalurLogin(xhr.responseURL || "");
    if (diterima && drafKiriman.has(cfg)) {
      var dk = drafKiriman.get(cfg);
      buangDrafSampai(dk.kunci, dk.waktu).catch(function () {});
    }
    if (diterima) segarkanSalinan(d.boosted && xhr.responseURL ? xhr.responseURL : location.href);
  });
  // A save changed the page: its saved copy (for offline use) is fetched again
  // in the background. (A boosted form's answer is the page it landed on; the
  // worker never sees that redirected request, so it cannot save it itself.)
  function segarkanSalinan(url) {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) sw.postMessage({jenis: "segarkan", url: url});
  }

  // ------------------------------------------------------------ outbox: send
  var jeda = 0, pengatur = null, keteranganTunggu = "";
  function jadwalkan(ms) {
    clearTimeout(pengatur);
    pengatur = setTimeout(kirimAntrean, ms);
  }
  function mundur() {
    // Backoff: 5 s, 10 s, 20 s ... up to 5 minutes, with a little jitter.
    jeda = Math.min(jeda ? jeda * 2 : 5000, 300000);
    jadwalkan(jeda + Math.floor(Math.random() * 1000));
  }
  function pesanDari(status, doc) {
    var kotak = doc.querySelector("[data-galat] li") || doc.querySelector("[data-galat] h2") ||
      doc.querySelector("main h1 + p");
    var teks = kotak ? kotak.textContent.replace(/\s+/g, " ").trim() : "";
    if (status === 409 && !/kunci/i.test(teks)) return "data di server sudah berubah sejak formulir dibuka.";
    return teks || "ditolak server (" + status + ").";
  }
  // Sent from the form on this page: show the server's state of that part
  // (fresh values, version and key; the "kept on the device" note goes).
  // Anything typed meanwhile is in its draft and is offered back.
  function tampilkanTerkirim(item) {
    var form = Array.prototype.filter.call(document.forms, function (f) {
      return bolehDraf(f) && kunciDraf(f) === item.draf;
    })[0];
    var target = form && form.getAttribute("hx-target");
    if (!form || !window.htmx) { terkirimDiSini = true; return; }
    simpanSekarang();  // what was typed since is in the draft, offered back after the swap
    if (!target || target.charAt(0) !== "#" || !document.querySelector(target)) target = "#isi";
    window.htmx.ajax("GET", location.pathname + location.search,
                     {target: target, select: target, swap: "outerHTML", headers: {"HX-Boosted": "true"}})
      .catch(function () { terkirimDiSini = true; perbaruiStatus(); });
  }
  // What the server's answer means for a sent item; true = go on with the next one.
  function hasilKiriman(item, res, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    // Some refusals come as a message on the page redirected to (flash + 303).
    var galat = res.ok && doc.querySelector("main .kilas-galat");
    var diproses = res.status === 409 && /sedang diproses/i.test(html);  // another tab is sending it
    if (res.ok && !galat) {
      selesaiTerkirim += 1;
      if (item.halaman === location.pathname + location.search) tampilkanTerkirim(item);
      var tugas = [ubahBilaSama(item, null)];
      if (item.draf) tugas.push(buangDrafSampai(item.draf, item.drafSampai || 0));
      return Promise.all(tugas).then(function () { return true; });
    }
    if (res.status === 503) {
      // The server said it is busy: nothing was stored and nothing is wrong
      // with this item. Wait (backoff) and send again; it does not count
      // towards the five failures.
      var sibuk = new Error("sibuk");
      sibuk.tunggu = "server sibuk, dikirim lagi sebentar lagi";
      throw sibuk;
    }
    if (res.status >= 500 || res.status === 429 || diproses) {
      // Try again later, oldest first; after 5 failures the person decides.
      return ubahBilaSama(item, function (kini) {
        kini.percobaan += 1;
        if (kini.percobaan >= 5) { kini.status = "perhatian"; kini.pesan = "server berulang kali gagal menerima isian ini."; }
        return kini;
      }).then(function () { if (item.percobaan + 1 < 5) throw new Error("server"); return true; });
    }
    // Refused (a stale edit, a closed form, a rejected value): the person decides.
    var pesan = galat ? galat.textContent.replace(/\s+/g, " ").trim() : pesanDari(res.status, doc);
    return ubahBilaSama(item, function (kini) { kini.status = "perhatian"; kini.pesan = pesan; return kini; })
      .then(function () { return true; });
  }
  function kirimSatu(item, csrf) {
    var fd = new FormData();
    item.isian.forEach(function (pasangan) {
      var nilai = pasangan[0] === "csrf_token" ? csrf : pasangan[1];
      if (nilai instanceof File) fd.append(pasangan[0], nilai, nilai.name);
      else fd.append(pasangan[0], nilai);
    });
    // Generous limit: a 5 MB upload on 3G takes about 2 minutes.
    return ambilDenganBatas(item.url, {method: "POST", body: fd, credentials: "same-origin", redirect: "follow",
                                       headers: {"X-CSRFToken": csrf, "Idempotency-Key": item.kunci}}, 180000);
  }
  // fetch with a time limit: a stalled connection must not hold the outbox (or logout) for ever.
  function ambilDenganBatas(url, opsi, ms) {
    if (!window.AbortController) return fetch(url, opsi);
    var henti = new AbortController(), t = setTimeout(function () { henti.abort(); }, ms);
    opsi.signal = henti.signal;
    return fetch(url, opsi).then(function (res) { clearTimeout(t); return res; },
                                 function (err) { clearTimeout(t); throw err; });
  }
  // Write back an item only if it is still the one that was sent (not replaced
  // by a newer sending of the same form meanwhile, nor erased by logout).
  function ubahBilaSama(item, ubah) {
    return tx("antrean", "readwrite", function (s) {
      s.get(item.id).onsuccess = function (e) {
        var kini = e.target.result;
        if (!kini || kini.rev !== item.rev) return;
        if (ubah) s.put(ubah(kini)); else s.delete(item.id);
      };
    });
  }
  var lagi = false;
  function kirimAntrean() {
    if (sedangKirim) { lagi = true; return Promise.resolve(); }  // queued meanwhile: one more round after this
    if (!pengguna()) return Promise.resolve();
    lagi = false;
    var kerja = function () {
      return semua("antrean").then(function (items) {
        items = items.filter(function (i) { return milikSaya(i) && i.status === "menunggu"; });
        items.sort(function (a, b) { return a.id - b.id; });
        if (!items.length) return;
        // A real request decides whether we are online, and brings a fresh CSRF token.
        return ambilDenganBatas("/sesi", {credentials: "same-origin", cache: "no-store",
                                          headers: {"Accept": "application/json"}}, 15000)
          .then(function (res) {
            if (res.status === 401) { keteranganTunggu = "sesi berakhir, masuk lagi untuk mengirim"; return null; }
            if (res.status === 403) { keteranganTunggu = "ganti kata sandi dulu untuk mengirim"; return null; }
            if (!res.ok) throw new Error("server");
            return res.json();
          })
          .then(function (sesi) {
            if (!sesi) return;
            if (String(sesi.pengguna) !== pengguna()) { keteranganTunggu = "masuk sebagai pemiliknya untuk mengirim"; return; }
            keteranganTunggu = "";
            sedangKirim = {ke: 0, dari: items.length};
            var urut = Promise.resolve(true);
            items.forEach(function (item) {
              urut = urut.then(function (lanjut) {
                if (!lanjut) return false;
                sedangKirim.ke += 1;
                perbaruiStatus();
                return kirimSatu(item, sesi.csrf).then(function (res) {
                  if (jalurLogin(res.url)) { keteranganTunggu = "sesi berakhir, masuk lagi untuk mengirim"; return false; }
                  return res.text().then(function (html) { return hasilKiriman(item, res, html); });
                });
              });
            });
            return urut.then(function () { jeda = 0; });
          });
      });
    };
    var jalan = (navigator.locks && navigator.locks.request)
      ? navigator.locks.request("kinerja-antrean", {ifAvailable: true}, function (kunci) {
        if (kunci) return kerja();
        jadwalkan(5000);  // another tab is sending; look again shortly
      })
      : kerja();
    return Promise.resolve(jalan).catch(function (e) {
      keteranganTunggu = (e && e.tunggu) || "menunggu koneksi";
      mundur();
    }).then(function () {
      sedangKirim = null;
      if (lagi) jadwalkan(0);
      return perbaruiStatus();
    }).catch(function () {});
  }
  function tinjauItem(item) {
    // Send it again as an ordinary form, so the page shows the server's answer
    // (for a stale edit: both versions side by side) and the person decides.
    var form = document.createElement("form");
    form.method = "post";
    form.action = item.url;
    form.hidden = true;
    var berkas = [];
    item.isian.forEach(function (pasangan) {
      if (pasangan[1] instanceof File) { berkas.push(pasangan); return; }
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pasangan[0];
      input.value = pasangan[1];
      form.append(input);
    });
    if (berkas.length && window.DataTransfer) {
      form.enctype = "multipart/form-data";
      berkas.forEach(function (pasangan) {
        var input = document.createElement("input"), dt = new DataTransfer();
        input.type = "file";
        input.name = pasangan[0];
        dt.items.add(pasangan[1]);
        input.files = dt.files;
        form.append(input);
      });
    }
    fetch("/sesi", {credentials: "same-origin", cache: "no-store"}).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (sesi) {
      if (!sesi) { tulisStatus("Tidak tersambung atau sesi berakhir. Coba lagi nanti.", "perhatian"); return; }
      var csrf = form.querySelector("input[name=csrf_token]");
      if (csrf) csrf.value = sesi.csrf;
      return buang("antrean", item.id).then(function () {
        document.body.append(form);
        // Boosted by htmx where it runs: the answer replaces the page and the
        // address stays (a refused POST is never pushed); else a plain submit.
        if (window.htmx && form.requestSubmit) { window.htmx.process(form); form.requestSubmit(); } else form.submit();
      });
    }).catch(function () { tulisStatus("Tidak tersambung. Coba lagi nanti.", "perhatian"); });
  }

  // ------------------------------------------------------------ logout and other people
  function bersihkanMilik(p) {
    var hapusSemua = function (nama) {
      return semua(nama).then(function (items) {
        return Promise.all(items.filter(function (i) { return i.pengguna === p; })
          .map(function (i) { return buang(nama, nama === "draf" ? i.kunci : i.id); }));
      });
    };
    return Promise.all([hapusSemua("draf"), hapusSemua("antrean"), lupakanHalaman()]);
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-keluar")) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    var p = pengguna();
    // Logging out needs the server: offline, nothing would end the session,
    // so nothing is erased either; the person is told instead.
    ambilDenganBatas("/sesi", {credentials: "same-origin", cache: "no-store"}, 10000).then(function () {
      return semua("antrean").then(function (items) {
        var sisa = items.filter(milikSaya).length;
        if (sisa && !window.confirm(sisa + " isian belum terkirim dan akan dihapus dari perangkat ini. Tetap keluar?")) return false;
        return bersihkanMilik(p).then(function () { return true; });
      }).catch(function () { return true; });
    }, function () {
      kinerja.tidakTersambung("Tidak tersambung: keluar butuh koneksi ke server. Coba lagi saat tersambung.");
      return false;
    }).then(function (keluar) {
      if (!keluar) return;
      try { localStorage.removeItem(KUNCI_LS); } catch (err) { /* ignore */ }
      form.submit();
    });
  }, true);

  // ------------------------------------------------------------ service worker
  function versiBaru(reg) {
    if (!reg.waiting || !navigator.serviceWorker.controller || document.getElementById("versi-baru")) return;
    var kotak = document.createElement("p");
    kotak.id = "versi-baru";
    kotak.className = "kilas kilas-info versi-baru";
    kotak.setAttribute("role", "status");
    var tombol = document.createElement("button");
    tombol.type = "button";
    tombol.className = "kecil";
    tombol.textContent = "Muat ulang";
    kotak.append("Versi baru tersedia. ", tombol);
    tombol.addEventListener("click", function () {
      tombol.disabled = true;
      mintaMuatUlang = true;
      if (reg.waiting) reg.waiting.postMessage({jenis: "ambil-alih"});
      else location.reload();  // another tab already switched to it
    });
    (document.getElementById("isi") || document.body).prepend(kotak);  // in the flow: covers nothing
  }
  var regSw = null, mintaMuatUlang = false;
  function daftarkanSw() {
    if (!navigator.serviceWorker || !window.isSecureContext) return;
    var adaPengendali = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      // Only the tab where the person asked for the new version reloads; the
      // first install reloads nothing, and other tabs keep what is on them.
      if (adaPengendali && mintaMuatUlang) location.reload();
      adaPengendali = true;
    });
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function (reg) {
      regSw = reg;
      versiBaru(reg);
      reg.addEventListener("updatefound", function () {
        var baru = reg.installing;
        if (baru) baru.addEventListener("statechange", function () {
          if (baru.state === "installed") versiBaru(reg);
        });
      });
    }).catch(function () {});
  }

  // ------------------------------------------------------------ start
  // Someone else signed in on this device: the saved pages are not theirs to see.
  function periksaPengguna() {
    var p = penggunaHalaman();
    if (!p) return Promise.resolve();
    var lama = null;
    try { lama = localStorage.getItem(KUNCI_LS); localStorage.setItem(KUNCI_LS, p); } catch (e) { /* ignore */ }
    return lama && lama !== p ? lupakanHalaman() : Promise.resolve();
  }
  function lupakanHalaman() {
    // The worker also drops copies still being fetched (a late answer must not put them back).
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) sw.postMessage({jenis: "lupakan"});
    return window.caches ? caches.delete(CACHE_HALAMAN).catch(function () {}) : Promise.resolve();
  }
  function mulai() {
    periksaPengguna().then(daftarkanSw);
    barukanKunci(document);
    tawarkanDraf(document);
    perbaruiStatus().catch(function () {});
    kirimAntrean();
  }
  // A saved copy of a page carries the keys of its first load: give its forms
  // fresh ones, or a new submission would be taken for a replay of an old one.
  function barukanKunci(akar) {
    if (!document.getElementById("salinan") || !window.crypto || !crypto.randomUUID) return;
    Array.prototype.forEach.call(akar.querySelectorAll("input[name=submission_id]"), function (input) {
      input.value = crypto.randomUUID();
    });
  }
  document.addEventListener("htmx:load", function (e) {
    if (e.detail && e.detail.elt && e.detail.elt !== document.body) {
      barukanKunci(e.detail.elt);
      tawarkanDraf(e.detail.elt);
    }
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    // A boosted page load replaced the body, the status line with it.
    if (e.detail && e.detail.boosted) {
      periksaPengguna();  // a boosted login: maybe another person than before
      keteranganTunggu = "";
      terkirimDiSini = false;
      perbaruiStatus().catch(function () {});
      kirimAntrean();  // e.g. just signed in again: what waited goes now
      if (regSw) versiBaru(regSw);
    }
  });
  window.addEventListener("online", function () { jeda = 0; kirimAntrean(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") kirimAntrean();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
  else mulai();
})();
