"""gunicorn settings for production on Linux: `gunicorn -c python:kinerja.gunicorn_conf app:app`.

One worker process per core (KINERJA_PROSES to choose), a few threads each;
sessions, CSRF, idempotency keys and throttles live in the database and the
signed cookie, so they hold across processes. Before the workers start, the
same first-run guard as `python app.py` (kinerja.cli.periksa_mulai): a
server open to the network never comes up with demo accounts.
"""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("KINERJA_PROSES") or os.cpu_count() or 2)
worker_class = "gthread"
threads = 4
# No keep-alive: a kept connection stays with the worker that accepted it,
# and one worker often accepted most of them while the other idled (under
# wrk -c16 the pages ran at one core's speed: 122 req/s for the home page
# against 318 without keep-alive). Each request is then accepted by whichever
# worker is free. Clients keep their connections with Caddy (docs/produksi.md),
# which reconnects to 127.0.0.1 for about 0.1 ms.
keepalive = 0
# A 5 MB upload on 3G takes about 2 minutes when no proxy buffers it.
timeout = 150
accesslog = "-"
errorlog = "-"
# No control socket: its default path is shared by every gunicorn of the user.
control_socket_disable = True


def on_starting(server):
    from kinerja import create_app
    from kinerja.cli import jaga_mulai
    jaga_mulai(create_app(), server.cfg.bind[0].rsplit(":", 1)[0].strip("[]"))
