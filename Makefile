# HangViet: `make demo` runs it with demo data on SQLite; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DATABASE_URL_PG ?= postgresql://postgres@127.0.0.1:5432/hangviet
STAMP := $(VENV)/.installed

.PHONY: demo test test-pg test-browser test-scale test-all lint messages bench clean install

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	cd hangviet && DEBUG=1 ../$(PY) -m hangviet makemessages -l vi -l en --ignore "*/tests/*" --ignore "static/*" --no-obsolete && DEBUG=1 ../$(PY) -m hangviet compilemessages

demo: $(STAMP)
	DEBUG=1 PORT=$(PORT) $(PY) -m hangviet demo --port $(PORT)

test: $(STAMP)
	HANGVIET_TESTING=1 $(PY) -m pytest -m "not browser and not slow" -n 2 -q

test-pg: $(STAMP)
	HANGVIET_TESTING=1 DATABASE_URL=$${DATABASE_URL:-$(DATABASE_URL_PG)} $(PY) -m pytest -m "not browser and not slow" -n 2 -q

test-browser: $(STAMP)
	HANGVIET_TESTING=1 $(PY) -m pytest -m browser -q -p no:xdist hangviet tests_browser

test-scale: $(STAMP)
	HANGVIET_TESTING=1 $(PY) -m pytest -m slow -q -p no:xdist tests_scale

lint: $(STAMP)
	$(PY) -m ruff check hangviet bench

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) var
