/* Enhancements only: the app works without this file. One file on purpose
   (a first visit stays within its request budget, DESIGN.md). Sections:
     focus and network alert - rating page - photo shrink - offline layer:
     IndexedDB, who is this, drafts, outbox status line, outbox queue,
     outbox sender (a state machine), logout, service worker, start.
   Each section keeps what it must remember in ONE small state object. */

/* ==================================================== focus and network alert
   Shared by the parts below (window.kinerja): whether the outbox is on
   (kinerja.antrean) and the one network alert; and the header's Menu closing
   like a menu. No state of its own. */
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
  // The header's "Menu" (a <details>) closes as a menu does: Escape (focus
  // back on "Menu") or a tap anywhere else. Without this it stays open until
  // "Menu" is pressed again.
  function menuTerbuka() { return document.querySelector(".menu-lain details[open]"); }
  document.addEventListener("keydown", function (e) {
    var menu = e.key === "Escape" && menuTerbuka();
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (e) {
    var menu = menuTerbuka();
    if (menu && !menu.contains(e.target)) menu.open = false;
  });
})();

/* ==================================================== rating page
   The predikat preview follows the two ratings (the matrix is the server's,
   in data-matriks), and "Sisipkan" puts a saved phrase (data-frasa) into its
   feedback field. Without this the predikat is computed when saved. State:
   none; a form already wired carries data-siap. */
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

/* ==================================================== photo shrink
   Bukti dukung: shrink large photos before upload.
   On a form marked data-perkecil-gambar, a chosen JPEG/PNG over 1 MB or
   wider than 2000 px is redrawn on a canvas as a JPEG (longest side 2000 px)
   and put back into the file input, only when the browser can do all of it
   (canvas.toBlob, DataTransfer, File) and only when the result is smaller.
   Otherwise the original file is sent; the server checks every upload.
   State: none (constants only). */
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

/* ==================================================== offline layer
   Service worker, drafts and outbox. The app works without it.
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

  // ------------------------------------------------------------ IndexedDB
  // Two stores: "draf" (by form key) and "antrean" (the outbox, by id).
  var basisData = {janji: null};  // the open database (a promise), opened once
  function bukaDb() {
    if (!basisData.janji) {
      basisData.janji = new Promise(function (ok, gagal) {
        var r = indexedDB.open("kinerja", 1);
        r.onupgradeneeded = function () {
          r.result.createObjectStore("draf", {keyPath: "kunci"});
          r.result.createObjectStore("antrean", {keyPath: "id", autoIncrement: true});
        };
        r.onsuccess = function () {
          // A newer version of the app (another tab) needs the database: let go of it.
          r.result.onversionchange = function () { r.result.close(); basisData.janji = null; };
          ok(r.result);
        };
        r.onerror = function () { basisData.janji = null; gagal(r.error); };
        r.onblocked = function () { basisData.janji = null; gagal(new Error("diblokir")); };
      });
    }
    return basisData.janji;
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
  var simpanan = {
    tunda: new WeakMap(),   // form -> its pending autosave timer (400 ms after typing)
    tertunda: new Set(),    // forms with an autosave still pending
    dicek: new WeakSet(),   // forms already looked at for a draft to offer
    kiriman: new WeakMap()  // a POST's request config -> {kunci, waktu} of its form's draft
  };
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

  function simpanDrafNanti(form) {
    clearTimeout(simpanan.tunda.get(form));
    simpanan.tertunda.add(form);
    simpanan.tunda.set(form, setTimeout(function () { simpanan.tertunda.delete(form); simpanDraf(form); }, 400));
  }
  function simpanSekarang() {
    // Leaving the page or sending: what was typed in the last moments is kept too.
    simpanan.tertunda.forEach(function (form) { clearTimeout(simpanan.tunda.get(form)); simpanDraf(form); });
    simpanan.tertunda.clear();
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
      if (simpanan.dicek.has(form)) return;
      simpanan.dicek.add(form);
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
  // A form's own answer: accepted (2xx/3xx and not bounced to login) ends its draft.
  // The key is taken before sending: by the time of the answer the form is swapped out.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var cfg = e.detail && e.detail.requestConfig;
    var form = cfg && cfg.verb === "post" && cfg.elt && (cfg.elt.tagName === "FORM" ? cfg.elt : cfg.elt.closest("form"));
    if (form && bolehDraf(form)) {
      if (simpanan.tertunda.has(form)) simpanSekarang();  // saved before the answer can delete it
      simpanan.kiriman.set(cfg, {kunci: kunciDraf(form), waktu: Date.now()});
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var d = e.detail, cfg = d.requestConfig, xhr = d.xhr;
    if (!cfg || cfg.verb !== "post" || !xhr || !xhr.status) return;
    var diterima = xhr.status < 400 && !jalurLogin(xhr.responseURL || "");
    if (diterima && simpanan.kiriman.has(cfg)) {
      var dk = simpanan.kiriman.get(cfg);
      buangDrafSampai(dk.kunci, dk.waktu).catch(function () {});
    }
    if (diterima) segarkanSalinan(d.boosted && xhr.responseURL ? xhr.responseURL : location.href);
  });

  // ------------------------------------------------------------ outbox status line
  // "Mengirim 1 dari 2", "2 isian tersimpan di perangkat · <why it waits>",
  // "Semua terkirim", and the list of what waits (with Tinjau / Hapus).
  var layar = {
    el: {},                // #antrean-status, -rinci, -daftar (found again after each boosted page)
    terkirim: 0,           // items sent since this page was shown
    terkirimDiSini: false, // one of them came from this page: offer to reload it
    hapusSelesai: null     // timer clearing "Semua terkirim"
  };
  function elemen() {
    layar.el.status = document.getElementById("antrean-status");
    layar.el.rinci = document.getElementById("antrean-rinci");
    layar.el.daftar = document.getElementById("antrean-daftar");
    return !!layar.el.status;
  }

  function tulisStatus(teks, jenis, tautanMuatUlang) {
    if (!elemen()) return;
    if (layar.el.status.firstChild && layar.el.status.firstChild.nodeValue === teks && !!layar.el.status.querySelector("a") === !!tautanMuatUlang) return;
    layar.el.status.textContent = teks;
    layar.el.status.className = jenis ? "antrean-" + jenis : "";
    if (tautanMuatUlang) {
      var a = document.createElement("a");
      a.href = location.pathname + location.search;
      a.textContent = "Muat ulang halaman ini";
      layar.el.status.append(" · ", a);
    }
  }
  function perbaruiStatus() {
    return semua("antrean").then(function (items) {
      items = items.filter(milikSaya);
      if (!elemen()) return;
      var menunggu = items.filter(function (i) { return i.status === "menunggu"; }).length;
      var perhatian = items.length - menunggu;
      clearTimeout(layar.hapusSelesai);
      if (kirim.keadaan === "mengirim" && kirim.dari) {
        tulisStatus("Mengirim " + kirim.ke + " dari " + kirim.dari, "kirim");
      } else if (items.length) {
        var bagian = [];
        if (menunggu) bagian.push(menunggu + " isian tersimpan di perangkat" + (kirim.keterangan ? " · " + kirim.keterangan : ""));
        if (perhatian) bagian.push(perhatian + " isian perlu perhatian");
        tulisStatus(bagian.join("; "), perhatian ? "perhatian" : "tunggu");
      } else if (layar.terkirim) {
        // What was sent from this page is on the server now, not yet on the screen.
        tulisStatus("Semua terkirim", "selesai", layar.terkirimDiSini);
        if (!layar.terkirimDiSini) {
          layar.hapusSelesai = setTimeout(function () { layar.terkirim = 0; tulisStatus("", ""); }, 8000);
        }
      } else {
        tulisStatus("", "");
      }
      tulisDaftar(items);
    });
  }
  function tulisDaftar(items) {
    layar.el.rinci.hidden = !items.length;
    layar.el.daftar.textContent = "";
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
      layar.el.daftar.append(li);
    });
  }

  // ------------------------------------------------------------ outbox queue
  // A POST form that cannot reach the server goes into the "antrean" store
  // (status "menunggu"; "perhatian" once refused) and the sender is told.
  var antre = {formulir: new WeakSet()};  // forms queued and not changed since
  // A form that adds something, queued and then changed: the next sending is a
  // new addition, so it gets a new key (an unchanged double tap keeps the key).
  function kunciBaruSetelahAntre(form) {
    if (!antre.formulir.has(form)) return;
    antre.formulir.delete(form);
    var input = form.querySelector("input[name=submission_id]");
    if (input && !form.querySelector("input[name^=version]") && window.crypto && crypto.randomUUID) {
      input.value = crypto.randomUUID();
    }
  }
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
    antre.formulir.add(form);
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
      nanti(3000);
    }).catch(function () {
      catatanDiForm(form, "Belum tersambung dan isian tidak bisa disimpan di perangkat. Jangan tutup halaman ini; coba lagi nanti.", tombol);
    });
  }
  document.addEventListener("htmx:sendError", gagalKirim);
  document.addEventListener("htmx:timeout", gagalKirim);


  // ------------------------------------------------------------ outbox sender
  // A state machine; kirim.keadaan is one of:
  //   "diam"      idle: nothing of mine waits, or what is left waits for the person
  //   "mengirim"  a round runs: /sesi (online? whose session? a fresh CSRF
  //               token), then my waiting items oldest first, one at a time
  //   "menunggu"  a timer starts the next round: backoff after a network
  //               failure, a 503 (busy) or another 5xx (5 s, 10 s, 20 s ... up
  //               to 5 min, with jitter), 3 s after something was queued, 5 s
  //               while another tab holds the outbox lock
  //   "berhenti"  stopped: the session ended, the password must be changed,
  //               another person is signed in, or logout; kirim.keterangan
  //               says why on the status line
  // Transitions, all through pindah() and the table PINDAH:
  //   diam / menunggu / berhenti -> mengirim   kirimAntrean(): start, "online",
  //                                 the tab shown again, a boosted page, the timer
  //   mengirim -> diam        the round is over (sent, or refused: "perhatian")
  //   mengirim -> menunggu    offline / 503 / 5xx (backoff); the lock is taken;
  //                           or queued during the round (kirim.lagi: at once)
  //   mengirim -> berhenti    no session, a password to change, another person
  //   diam / menunggu / berhenti -> menunggu   nanti(ms): something was queued
  //   any -> berhenti         logout (and a round still running ends there)
  var kirim = {
    keadaan: "diam",
    jeda: 0,          // the last backoff (ms); 0 after a round that went through
    pengatur: null,   // the timer of "menunggu"
    lagi: false,      // asked to send during a round: one more round right after
    ke: 0, dari: 0,   // progress of the round ("Mengirim 1 dari 2")
    keterangan: ""    // why items wait, on the status line
  };
  var PINDAH = {
    diam: ["mengirim", "menunggu", "berhenti"],
    mengirim: ["diam", "menunggu", "berhenti"],
    menunggu: ["mengirim", "menunggu", "berhenti"],
    berhenti: ["mengirim", "menunggu"]
  };
  function pindah(keadaan, ms) {
    if (PINDAH[kirim.keadaan].indexOf(keadaan) < 0) return false;
    clearTimeout(kirim.pengatur);
    kirim.pengatur = null;
    kirim.keadaan = keadaan;
    if (keadaan === "mengirim") { kirim.lagi = false; kirim.ke = kirim.dari = 0; }
    if (keadaan === "menunggu") kirim.pengatur = setTimeout(kirimAntrean, ms || 0);
    return true;
  }
  // Something was queued: look again in `ms`, or right after the running round.
  function nanti(ms) {
    if (kirim.keadaan === "mengirim") kirim.lagi = true;
    else pindah("menunggu", ms);
  }
  function kirimAntrean() {
    if (kirim.keadaan === "mengirim") { kirim.lagi = true; return Promise.resolve(); }
    if (!pengguna()) {  // nobody known on this device (signed out): nothing to send until someone is
      if (kirim.keadaan === "menunggu") pindah("berhenti");
      return Promise.resolve();
    }
    pindah("mengirim");
    var jalan = (navigator.locks && navigator.locks.request)
      ? navigator.locks.request("kinerja-antrean", {ifAvailable: true}, function (kunci) {
        return kunci ? satuPutaran() : ["menunggu", 5000];  // another tab is sending; look again shortly
      })
      : satuPutaran();
    return Promise.resolve(jalan).catch(function (e) {
      kirim.keterangan = (e && e.tunggu) || "menunggu koneksi";
      kirim.jeda = Math.min(kirim.jeda ? kirim.jeda * 2 : 5000, 300000);
      return ["menunggu", kirim.jeda + Math.floor(Math.random() * 1000)];
    }).then(function (akhir) {
      if (kirim.keadaan === "mengirim") {  // not stopped meanwhile (logout)
        pindah.apply(null, kirim.lagi ? ["menunggu", 0] : akhir || ["diam"]);
      }
      return perbaruiStatus();
    }).catch(function () {});
  }
  function berhenti(keterangan) {
    kirim.keterangan = keterangan;
    return ["berhenti"];
  }
  // One round; resolves to the next [state, ms], throws to back off.
  function satuPutaran() {
    return semua("antrean").then(function (items) {
      items = items.filter(function (i) { return milikSaya(i) && i.status === "menunggu"; });
      items.sort(function (a, b) { return a.id - b.id; });
      if (!items.length) return ["diam"];
      // A real request decides whether we are online, and brings a fresh CSRF token.
      return ambilDenganBatas("/sesi", {credentials: "same-origin", cache: "no-store",
                                        headers: {"Accept": "application/json"}}, 15000)
        .then(function (res) {
          if (res.status === 401) return berhenti("sesi berakhir, masuk lagi untuk mengirim");
          if (res.status === 403) return berhenti("ganti kata sandi dulu untuk mengirim");
          if (!res.ok) throw new Error("server");
          return res.json().then(function (sesi) {
            if (String(sesi.pengguna) !== pengguna()) return berhenti("masuk sebagai pemiliknya untuk mengirim");
            kirim.keterangan = "";
            kirim.dari = items.length;
            return kirimBerurutan(items, sesi.csrf);
          });
        });
    });
  }
  function kirimBerurutan(items, csrf) {
    var urut = Promise.resolve(true);
    items.forEach(function (item) {
      urut = urut.then(function (lanjut) {
        if (!lanjut) return false;
        kirim.ke += 1;
        perbaruiStatus();
        return kirimSatu(item, csrf).then(function (res) {
          if (jalurLogin(res.url)) { kirim.keterangan = "sesi berakhir, masuk lagi untuk mengirim"; return false; }
          return res.text().then(function (html) { return hasilKiriman(item, res, html); });
        });
      });
    });
    return urut.then(function (lanjut) {
      kirim.jeda = 0;
      return lanjut ? ["diam"] : ["berhenti"];
    });
  }
  function pesanDari(status, doc) {
    // A refused button's page carries its reason as a flash; a form's, in its error summary.
    var kotak = doc.querySelector("main .kilas-galat") || doc.querySelector("[data-galat] li") ||
      doc.querySelector("[data-galat] h2") || doc.querySelector("main h1 + p");
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
    if (!form || !window.htmx) { layar.terkirimDiSini = true; return; }
    simpanSekarang();  // what was typed since is in the draft, offered back after the swap
    if (!target || target.charAt(0) !== "#" || !document.querySelector(target)) target = "#isi";
    window.htmx.ajax("GET", location.pathname + location.search,
                     {target: target, select: target, swap: "outerHTML", headers: {"HX-Boosted": "true"}})
      .catch(function () { layar.terkirimDiSini = true; perbaruiStatus(); });
  }
  // What the server's answer means for a sent item; true = go on with the next one.
  function hasilKiriman(item, res, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    // Some refusals come as a message on the page redirected to (flash + 303).
    var galat = res.ok && doc.querySelector("main .kilas-galat");
    var diproses = res.status === 409 && /sedang diproses/i.test(html);  // another tab is sending it
    if (res.ok && !galat) {
      layar.terkirim += 1;
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

  // ------------------------------------------------------------ logout
  // Logout empties this person's drafts, outbox and saved pages (after a
  // warning if something is unsent) and stops the sender. State: none.
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
        pindah("berhenti");  // nothing more is sent for this person
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
  // Registers /sw.js, offers a new version, and talks to the worker about the
  // saved pages (fetch a page again, forget them all).
  var pekerja = {
    reg: null,             // the registration, to offer a new version after a boosted page
    mintaMuatUlang: false  // this tab asked for the new version: reload when it takes over
  };
  // A save changed the page: its saved copy (for offline use) is fetched again
  // in the background. (A boosted form's answer is the page it landed on; the
  // worker never sees that redirected request, so it cannot save it itself.)
  function segarkanSalinan(url) {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) sw.postMessage({jenis: "segarkan", url: url});
  }
  function lupakanHalaman() {
    // The worker also drops copies still being fetched (a late answer must not put them back).
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) sw.postMessage({jenis: "lupakan"});
    return window.caches ? caches.delete(CACHE_HALAMAN).catch(function () {}) : Promise.resolve();
  }
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
      pekerja.mintaMuatUlang = true;
      if (reg.waiting) reg.waiting.postMessage({jenis: "ambil-alih"});
      else location.reload();  // another tab already switched to it
    });
    (document.getElementById("isi") || document.body).prepend(kotak);  // in the flow: covers nothing
  }
  function daftarkanSw() {
    if (!navigator.serviceWorker || !window.isSecureContext) return;
    var adaPengendali = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      // Only the tab where the person asked for the new version reloads; the
      // first install reloads nothing, and other tabs keep what is on them.
      if (adaPengendali && pekerja.mintaMuatUlang) location.reload();
      adaPengendali = true;
    });
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function (reg) {
      pekerja.reg = reg;
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
  // First load, boosted pages, "online" and a tab shown again start the
  // sender; a saved copy's forms get fresh keys; drafts are offered. State: none.
  // Someone else signed in on this device: the saved pages are not theirs to see.
  function periksaPengguna() {
    var p = penggunaHalaman();
    if (!p) return Promise.resolve();
    var lama = null;
    try { lama = localStorage.getItem(KUNCI_LS); localStorage.setItem(KUNCI_LS, p); } catch (e) { /* ignore */ }
    return lama && lama !== p ? lupakanHalaman() : Promise.resolve();
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
      kirim.keterangan = "";
      layar.terkirimDiSini = false;
      perbaruiStatus().catch(function () {});
      kirimAntrean();  // e.g. just signed in again: what waited goes now
      if (pekerja.reg) versiBaru(pekerja.reg);
    }
  });
  window.addEventListener("online", function () { kirim.jeda = 0; kirimAntrean(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") kirimAntrean();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
  else mulai();
})();
