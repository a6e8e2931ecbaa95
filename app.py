"""Entry point: `python app.py` serves the app with waitress on HOST:PORT."""
import os

from kinerja import create_app

app = create_app()

if __name__ == "__main__":
    from waitress import serve

    from kinerja.cli import jaga_mulai

    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    jaga_mulai(app, host)
    print(f"e-Kinerja Tanjungbalai berjalan di http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}", flush=True)
    # X-Forwarded-For is left for the app: keamanan.alamat_klien trusts it
    # from KINERJA_TRUSTED_PROXIES only (waitress would drop it from any proxy
    # it was not told about, and every user behind Caddy would be 127.0.0.1).
    serve(app, host=host, port=port, threads=8, clear_untrusted_proxy_headers=False)
