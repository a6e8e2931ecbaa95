# e-Kinerja Tanjungbalai: `make run` to start, `make test` to test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test test-tanggal test-pg db seed clean bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Butuh Python 3.11 atau lebih baru"'
	@$(PYTHON) -m venv $(VENV) || { echo "Gagal membuat .venv. Di Debian/Ubuntu pasang dulu: sudo apt install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.deps-dev: requirements.txt requirements-dev.txt $(VENV)/.deps-run
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

db: $(VENV)/.deps-run
	$(BIN)/flask --app app db up

seed: db
	$(BIN)/flask --app app seed-demo --if-empty --untuk-host $(HOST)

run: seed
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

# Both cores (pytest-xdist): about 3 minutes on 2 cores instead of 8.
test: $(VENV)/.deps-dev
	$(BIN)/python -m pytest -n 2

# The non-browser suite under a fake system clock in UTC, on other days
# (another year, a leap day, 23:30 UTC = the next day in WIB): the tests must
# never depend on the real date or the server's zone. Needs faketime (Debian).
TANGGAL_UJI ?= 2027-07-15@10:00:00 2028-02-29@23:30:00 2029-01-01@10:00:00
test-tanggal: $(VENV)/.deps-dev
	@for d in $(TANGGAL_UJI); do \
	  echo "== uji pada $$d (TZ=UTC)"; \
	  TZ=UTC faketime -f "@$$(echo $$d | tr @ ' ')" $(BIN)/python -m pytest -n 2 -p no:cacheprovider --ignore=tests/browser || exit 1; \
	done

# The whole suite again on PostgreSQL: a throwaway cluster from the Debian
# packages (apt-get install postgresql) under $(PG_UJI), on port $(PG_PORT),
# stopped afterwards. Tests pick the engine from KINERJA_UJI_DB alone.
PG_UJI  ?= $(CURDIR)/.pg-uji
PG_PORT ?= 54329
test-pg: $(VENV)/.deps-dev
	@url=$$(tests/pg-sementara.sh start $(PG_UJI) $(PG_PORT)) || exit 1; \
	echo "== uji pada PostgreSQL ($$url)"; \
	KINERJA_UJI_DB=$$url $(BIN)/python -m pytest -n 2 -p no:cacheprovider; \
	st=$$?; tests/pg-sementara.sh stop $(PG_UJI); exit $$st

bench: seed
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/load_times.py
	$(BIN)/python bench/tulis_beban.py
	$(BIN)/python bench/baca_beban.py
	$(BIN)/python bench/rekap_beban.py
	$(BIN)/python bench/warga_beban.py

clean:
	rm -rf $(VENV) .pytest_cache
