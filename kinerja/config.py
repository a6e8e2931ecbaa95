"""Layered configuration: defaults < instance/config.py < KINERJA_* env < test_config.

Every setting has a safe default so `make run` works on a fresh machine with
nothing configured. The secret key, when none is given, is generated once and
kept in `instance/secret_key` so sessions survive restarts.
"""
import os
import secrets

DEFAULTS = {
    # Upload limit for bukti dukung and import files, in bytes.
    "MAX_UPLOAD_BYTES": 5 * 1024 * 1024,
    "MAX_IMPORT_BYTES": 2 * 1024 * 1024,
    # Applying an import writes every row through the shared save function in
    # one transaction (about 2 ms a row on SQLite); 3,000 rows keeps the write
    # lock under ~6 s. A bigger city imports per OPD.
    "MAX_IMPORT_ROWS": 3000,
    # Login throttle (kinerja/batas.py), failures allowed in the window:
    # per NIP from one address (a stranger only locks themselves out), per
    # address, and per NIP from everywhere (slows a spread-out guessing; a
    # browser where that NIP signed in before is not held by it).
    "LOGIN_MAX_FAILURES_PER_NIP": 5,
    "LOGIN_MAX_FAILURES_PER_ADDR": 30,
    "LOGIN_MAX_FAILURES_PER_NIP_ALL": 20,
    "LOGIN_WINDOW_MINUTES": 15,
    # Wrong current passwords on the password-change form, per account, in the window.
    "SANDI_MAX_FAILURES": 5,
    # Sessions (kinerja/sesi.py): ended after this long without a request, and
    # this long after signing in whatever happens.
    "SESI_IDLE_MENIT": 8 * 60,
    "SESI_MAKS_HARI": 7,
    # Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses).
    "TRUSTED_PROXIES": [],
    "PASSWORD_HASH_METHOD": "scrypt",
    # How long a write waits for SQLite's write lock before the answer is
    # 503 "sibuk, coba lagi" (with Retry-After) instead of a stored write.
    "SQLITE_BUSY_MS": 5000,
    "PAGE_SIZE": 25,
    # The header's "Tugas saya (n)" is remembered in its own cookie this many
    # seconds (penilaian.kepala): one's own writes show at once, other
    # people's within this time. 0 counts on every page.
    "TUGAS_KEPALA_DETIK": 60,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # token lives as long as the session
    # Over HTTPS Flask-WTF would also refuse every POST without a Referer
    # (browsers and privacy extensions may drop it). The token stays
    # required; Origin/Referer, when sent, are checked by
    # keamanan.tolak_situs_lain (docs/keputusan-keamanan.md).
    "WTF_CSRF_SSL_STRICT": False,
    "KOTA": "Tanjungbalai",
    # Compression (Flask-Compress): brotli where the browser accepts it, else gzip.
    # Pages are small, so compress from 500 bytes; static files are compressed
    # once and cached by the browser for a year (fingerprinted URLs).
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_STREAMS": False,
    # The city's time zone: every date decision and stored time is in it (kinerja/jam.py).
    "TIMEZONE": "Asia/Jakarta",
    # Demo mode: a server listening beyond this machine starts with demo
    # accounts (published passwords) only when this is set (KINERJA_DEMO=1).
    "DEMO": False,
    # A fixed "today" (YYYY-MM-DD, or YYYY-MM-DDTHH:MM to freeze the clock) for
    # demos and tests; empty = the real date.
    "HARI_INI": "",
    # Suara warga, the public survey and complaint forms (kinerja/warga/survei.py).
    # A form sent sooner than this after it was served is a script's, not a
    # person's (nine questions take longer); past the maximum age it is sent
    # again with the answers kept.
    "WARGA_MIN_DETIK": 5,
    "WARGA_MAKS_MENIT_FORMULIR": 180,
    # Accepted sends per window (WARGA_BATAS_MENIT). Per network address (an
    # IPv6 one by its /64, the block one subscriber picks addresses from): a
    # mobile carrier puts many phones behind one address, so it is generous;
    # per device (the browser's session): a phone is one person. A kiosk
    # tablet at the counter is one device for many citizens: run its browser
    # in a mode that clears cookies after each use (each citizen is then a
    # new device) on its own connection, not the office network (whose
    # address staff devices share, so its responses would be flagged); the
    # address limit still bounds it, raise WARGA_BATAS_ALAMAT for a busy one.
    "WARGA_BATAS_MENIT": 60,
    "WARGA_BATAS_ALAMAT": 30,
    "WARGA_BATAS_PERANGKAT": 5,
    "WARGA_BATAS_ADUAN_ALAMAT": 10,
    "WARGA_BATAS_ADUAN_PERANGKAT": 3,
    # Ticket look-ups that find nothing, per address in the window (a found
    # ticket gives its attempt back, as a good password does).
    "WARGA_BATAS_TIKET": 30,
    # A response or complaint sent from the address of a staff session of the
    # unit used this recently is flagged (kept, counted in no figure). Only use
    # counts (a session's last use is written every 5 minutes, so the window
    # is that much wider), not when the session was ended.
    "WARGA_STAF_MENIT": 60,
    # The scheme and host citizens reach the public pages by, printed on the
    # QR poster and the service slip (e.g. "https://kinerja.tanjungbalaikota.go.id");
    # empty = the address the page was opened with (fine on the server itself,
    # wrong when the poster is printed from an office address).
    "WARGA_URL_PUBLIK": "",
}

# Environment variables read as KINERJA_<NAME>; values are parsed by type of default.
ENV_KEYS = ("DATABASE_URL", "SECRET_KEY", "UPLOAD_DIR", "MAX_UPLOAD_BYTES",
            "MAX_IMPORT_BYTES", "SESSION_COOKIE_SECURE", "PASSWORD_HASH_METHOD", "HARI_INI", "TIMEZONE",
            "SESI_IDLE_MENIT", "SESI_MAKS_HARI", "TRUSTED_PROXIES", "DEMO", "SQLITE_BUSY_MS",
            "WARGA_MIN_DETIK", "WARGA_MAKS_MENIT_FORMULIR", "WARGA_BATAS_MENIT", "WARGA_BATAS_ALAMAT",
            "WARGA_BATAS_PERANGKAT", "WARGA_BATAS_ADUAN_ALAMAT", "WARGA_BATAS_ADUAN_PERANGKAT",
            "WARGA_BATAS_TIKET", "WARGA_STAF_MENIT", "WARGA_URL_PUBLIK", "TUGAS_KEPALA_DETIK")


def load(app, test_config=None):
    """Fill app.config from the layers, in order of increasing precedence."""
    app.config.update(DEFAULTS)
    app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "kinerja.db")
    app.config["UPLOAD_DIR"] = os.path.join(app.instance_path, "uploads")
    app.config.from_pyfile("config.py", silent=True)
    for key in ENV_KEYS:
        value = os.environ.get("KINERJA_" + key)
        if value is None:
            continue
        bawaan = DEFAULTS.get(key)
        if key.startswith("MAX_") or (isinstance(bawaan, int) and not isinstance(bawaan, bool)):
            value = int(value)
        elif key in ("SESSION_COOKIE_SECURE", "DEMO"):
            value = value.lower() in ("1", "true", "yes")
        elif isinstance(bawaan, list):
            value = [v.strip() for v in value.split(",") if v.strip()]
        app.config[key] = value
    if test_config:
        app.config.update(test_config)
    # Refuse any request body far over the largest allowed file before reading it.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = (
            max(app.config["MAX_UPLOAD_BYTES"], app.config["MAX_IMPORT_BYTES"]) + 256 * 1024)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)


def _instance_secret(instance_path):
    """Read the generated secret key, creating it (mode 600) on first start."""
    path = os.path.join(instance_path, "secret_key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made earlier, or by a second process starting at the same time
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()
