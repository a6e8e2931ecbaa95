/* Enhancements only: the app works without this file. */
(function () {
  "use strict";
  // After htmx swaps content in, move focus where the person's attention is:
  // a form's error summary first (so they hear what went wrong), else the
  // element the server marked (an opened edit field, a "saved" message).
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-galat]") || document.querySelector("[data-fokus]");
    if (target) {
      target.focus({preventScroll: true});
      target.scrollIntoView({block: "center"});
    }
  });
  // A request that never reached the server: say so, nothing was saved.
  function tidakTersambung() {
    var kotak = document.getElementById("status-jaringan");
    if (!kotak) {
      kotak = document.createElement("p");
      kotak.id = "status-jaringan";
      kotak.className = "kilas kilas-galat";
      kotak.setAttribute("role", "alert");
      document.body.appendChild(kotak);
    }
    kotak.textContent = "Tidak tersambung ke server; isian belum terkirim. Periksa koneksi, lalu coba lagi.";
  }
  document.addEventListener("htmx:sendError", tidakTersambung);
  document.addEventListener("htmx:timeout", tidakTersambung);
  document.addEventListener("htmx:beforeRequest", function () {
    var kotak = document.getElementById("status-jaringan");
    if (kotak) kotak.remove();
  });
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
