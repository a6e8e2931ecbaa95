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
    serve(app, host=host, port=port, threads=8)
