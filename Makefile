# Makefile for "Sino-Soviet Relations, 1917–1991" (Sphinx make-mode conventions).
#
#   make html    build the book (sets up .venv on first use)     -> _build/html/index.html
#   make test    the static checks (make lint), then the whole test suite (sets up .venv too)
#   make help    list every target
#
# Override on the command line: make html SPHINXOPTS="-j auto" BUILDDIR=/tmp/book PYTHON=python3.12

PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?=
SOURCEDIR    = .
BUILDDIR    ?= _build
STRICT       = -n -W --keep-going
SPHINXBUILD  = $(VENV)/bin/sphinx-build
PDF_DEBS     = texlive-xetex texlive-latex-recommended texlive-latex-extra \
               texlive-fonts-recommended texlive-lang-cjk texlive-lang-chinese fonts-freefont-otf fonts-noto-cjk latexmk xindy

# Reproducible output: every date the build prints comes from the last commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.DEFAULT_GOAL := help
.PHONY: help html dirhtml singlehtml latexpdf pdf epub linkcheck live check copies fingerprints lint test bench clean distclean venv \
        gettext update-po html-zh latexpdf-zh epub-zh

help:
	@echo "Sino-Soviet Relations, 1917-1991: make targets"
	@echo ""
	@echo "  html        build the website into $(BUILDDIR)/html (strict: warnings are errors)"
	@echo "  test        run the static checks (lint), then the test suite (pytest)"
	@echo "  lint        the static checks: ruff (style, imports, likely bugs) and mypy (types)"
	@echo "  latexpdf    build the PDF with XeLaTeX into $(BUILDDIR)/latex (alias: pdf)"
	@echo "  epub        build the EPUB into $(BUILDDIR)/epub"
	@echo "  check       everything the strict build reports, without writing pages (the fast loop)"
	@echo "  linkcheck   check external links (needs network)"
	@echo "  live        rebuild and reload in the browser while you edit (sphinx-autobuild)"
	@echo "  copies      report how much of each protected source the book reproduces"
	@echo "              (SOURCES=DIR: count exactly from the source documents in DIR)"
	@echo "  fingerprints  make the fingerprints of the protected sources again: SOURCES=DIR"
	@echo "  html-zh     the Chinese edition (locales/zh_CN) into $(BUILDDIR)/zh/html; also latexpdf-zh,"
	@echo "              epub-zh (into $(BUILDDIR)/zh/latex, $(BUILDDIR)/zh/epub)"
	@echo "  gettext     the messages to translate, as .pot templates, into $(BUILDDIR)/gettext"
	@echo "  update-po   gettext, then bring locales/zh_CN's catalogues up to date (sphinx-intl)"
	@echo "  bench       print the checks' benchmarks, incremental rebuilds against a no-op one,"
	@echo "              the page weight of a chapter, the copy report"
	@echo "  clean       remove $(BUILDDIR)"
	@echo "  distclean   remove $(BUILDDIR) and the virtual environment $(VENV)"
	@echo ""
	@echo "The first run creates $(VENV) from requirements.txt (Python 3.11+ needed)."
	@echo "The PDF also needs Debian packages: apt-get install $(PDF_DEBS)"

# -- The virtual environment: (re)built when missing or older than the requirements files --------

$(VENV)/.book-deps: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed; run 'make PYTHON=python3.11 ...'" >&2; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: could not create $(VENV); on Debian or Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.book-deps
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

venv: $(VENV)/.test-deps

# -- Builds -----------------------------------------------------------------------------------------

html dirhtml singlehtml: $(VENV)/.book-deps
	$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(STRICT) $(SPHINXOPTS)

epub: $(VENV)/.book-deps
	$(SPHINXBUILD) -M epub "$(SOURCEDIR)" "$(BUILDDIR)" $(STRICT) $(SPHINXOPTS)

pdf: latexpdf
latexpdf: $(VENV)/.book-deps
	@missing=""; \
	for tool in xelatex latexmk xindy; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	fc-list 2>/dev/null | grep -q "Noto Serif CJK" || missing="$$missing Noto-CJK-fonts"; \
	kpsewhich xeCJK.sty >/dev/null 2>&1 || missing="$$missing xeCJK"; \
	kpsewhich ctexhook.sty >/dev/null 2>&1 || missing="$$missing ctexhook"; \
	fc-list 2>/dev/null | grep -q "FreeSerif" || missing="$$missing FreeFont"; \
	if [ -n "$$missing" ]; then \
	  echo "error: the PDF needs XeLaTeX and CJK fonts; missing:$$missing" >&2; \
	  echo "       install them with: sudo apt-get install $(PDF_DEBS)" >&2; exit 2; fi
	$(SPHINXBUILD) -M latex "$(SOURCEDIR)" "$(BUILDDIR)" $(STRICT) $(SPHINXOPTS)
	$(MAKE) -C "$(BUILDDIR)/latex" all-pdf LATEXMKOPTS="-silent -interaction=nonstopmode" >/dev/null
	@PYTHONPATH=_ext $(VENV)/bin/python -m sinosoviet.pdf "$(BUILDDIR)/latex"

# -- The Chinese edition: the same sources, translated by locales/zh_CN/LC_MESSAGES/*.po --------
# `-D language=zh_CN` makes Sphinx read the catalogues (and the checks compare each translated
# message's facts with its source's: checks/translation.py). TRANSLATION_RELEASE=1 also makes a
# fuzzy or untranslated message a warning (a release of a complete translation).

ZH_BUILDDIR  = $(BUILDDIR)/zh
ZHOPTS       = -D language=zh_CN -D epub_language=zh-CN $(if $(TRANSLATION_RELEASE),-D checks_translation_release=1)

html-zh: $(VENV)/.book-deps
	$(SPHINXBUILD) -M html "$(SOURCEDIR)" "$(ZH_BUILDDIR)" $(STRICT) $(ZHOPTS) $(SPHINXOPTS)

epub-zh: $(VENV)/.book-deps
	$(SPHINXBUILD) -M epub "$(SOURCEDIR)" "$(ZH_BUILDDIR)" $(STRICT) $(ZHOPTS) $(SPHINXOPTS)

latexpdf-zh: $(VENV)/.book-deps
	$(MAKE) latexpdf BUILDDIR="$(ZH_BUILDDIR)" SPHINXOPTS='$(ZHOPTS) $(SPHINXOPTS)'

# The .pot templates, one per document (conf.py: gettext_compact = False), read afresh (-E):
# what becomes a message can change with the book's code as well as its text.
gettext: $(VENV)/.book-deps
	$(SPHINXBUILD) -M gettext "$(SOURCEDIR)" "$(BUILDDIR)" -q -E $(SPHINXOPTS)

# New and changed messages into the catalogues: a changed source message keeps its old
# translation marked fuzzy (shown in English until a translator checks it and removes the mark).
# One line per message (--line-width -1): a role is never split over two lines of a .po file.
update-po: gettext $(VENV)/.test-deps
	$(VENV)/bin/sphinx-intl update -p "$(BUILDDIR)/gettext" -d locales -l zh_CN --line-width -1

linkcheck: $(VENV)/.book-deps
	$(SPHINXBUILD) -M linkcheck "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS)

live: $(VENV)/.test-deps
	$(VENV)/bin/sphinx-autobuild "$(SOURCEDIR)" "$(BUILDDIR)/html" $(STRICT) $(SPHINXOPTS) \
	  --ignore "$(VENV)" --ignore "$(BUILDDIR)" --watch facts --watch checks

# The fast loop: what the strict build reports (the checks, role and reference errors, citation
# keys, documents outside the toctree), without writing pages: Sphinx's dummy builder, sharing the
# HTML build's environment in $(BUILDDIR)/doctrees, so it reads only what changed.
check: $(VENV)/.book-deps
	$(SPHINXBUILD) -b dummy -d "$(BUILDDIR)/doctrees" "$(SOURCEDIR)" "$(BUILDDIR)/dummy" -q $(STRICT) $(SPHINXOPTS)

# What the book reproduces of each protected source (fingerprints/), exactly when SOURCES names
# the directory of the source documents.
copies: $(VENV)/.book-deps
	$(VENV)/bin/python -m checks --copies $(if $(SOURCES),--texts "$(SOURCES)")

# Make the fingerprints of the protected sources again from their documents, in SOURCES.
fingerprints: $(VENV)/.book-deps
	@test -n "$(SOURCES)" || { echo "error: name the directory of the source documents: make fingerprints SOURCES=DIR" >&2; exit 2; }
	$(VENV)/bin/python -m checks --fingerprint "$(SOURCES)"

# The static checks, configured in pyproject.toml: ruff for style, import order and likely bugs,
# mypy for types (checks/, _ext/, bench/, conf.py, tests/). `make test` runs them first, so the
# one command CI runs (README's) fails on a lint or type error as on a failing test.
lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: $(VENV)/.test-deps lint
	$(VENV)/bin/python -m pytest $(PYTESTOPTS)

bench: $(VENV)/.test-deps
	$(VENV)/bin/python bench/run.py
	$(VENV)/bin/python bench/incremental.py
	$(VENV)/bin/python bench/page_weight.py
	$(VENV)/bin/python -m checks --copies $(if $(SOURCES),--texts "$(SOURCES)")

clean:
	rm -rf "$(BUILDDIR)"

distclean: clean
	rm -rf "$(VENV)"
