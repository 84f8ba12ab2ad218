# ecopetition: `make demo` runs the embedded demo, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_PASSWORD ?= Demo@12369
export DJANGO_SETTINGS_MODULE := ecopetition.settings

.PHONY: system-deps install demo test lint typecheck pytest browser-deps browser-test bench-triage clean

$(VENV)/.installed: requirements.txt requirements-dev.txt package.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/
	cp node_modules/echarts/dist/echarts.min.js static/vendor/
	touch $@

# Debian packages: tesseract with chi_sim and poppler for scanned letters, a CJK font.
# Installed when missing and we are root (as on our machines); otherwise OCR says it is unavailable.
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-chi-sim poppler-utils fonts-noto-cjk
system-deps:
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "缺少系统软件包:$$missing（需 root 用 apt-get 安装）；来信识别将不可用"; fi; \
	fi

install: system-deps $(VENV)/.installed static/vendor/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_province
	$(PY) manage.py load_responsibility_rules
	$(PY) -m triage build
	$(PY) manage.py triage_rekey

demo: install
	$(PY) manage.py load_demo --password '$(DEMO_PASSWORD)'
	@echo "演示地址 http://127.0.0.1:$(PORT)/  工作台 http://127.0.0.1:$(PORT)/staff/  密码 $(DEMO_PASSWORD)"
	$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT; \
		DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

lint: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy .

pytest: $(VENV)/.installed static/vendor/.installed
	$(PY) -m pytest -m "not browser"

# Debian's Chromium and a CJK font for the end-to-end test (needs root, as on our machines).
browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

browser-test: $(VENV)/.installed static/vendor/.installed browser-deps
	$(PY) -m pytest -m browser

# Lint, types and the suite on SQLite; again on PostgreSQL when DATABASE_URL names one.
test: lint typecheck
	env -u DATABASE_URL $(PY) -m pytest -m "not browser"
	@if [ -n "$$DATABASE_URL" ]; then echo "== PostgreSQL: $$DATABASE_URL"; $(PY) -m pytest -m "not browser"; fi

bench-triage: $(VENV)/.installed
	$(PY) bench/triage_bench.py

clean:
	rm -rf $(VENV) node_modules static/vendor var
