# ResNet Lessons — `make lab` to study, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: setup lab test test-unit test-notebooks test-rerun test-ipywidgets7 test-offline browser-setup test-browser execute html results benchmarks clean

setup: $(STAMP)

# Re-install only when the requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (resnet-lessons)"
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

test: setup test-unit test-notebooks

test-unit: setup
	$(BIN)/python -m pytest tests -q

test-notebooks: setup
	$(BIN)/python -m pytest -q --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg \
		-p no:cacheprovider $(NOTEBOOKS)

# Every notebook's cells run twice in one kernel: no error, and the same printed output (idempotent cells).
test-rerun: setup
	$(BIN)/python tools/rerun_notebooks.py $(NOTEBOOKS)

# Colab ships ipywidgets 7: the unit tests and every notebook again with ipywidgets 7 put ahead of 8.
IPYWIDGETS7 := build/ipywidgets7
$(IPYWIDGETS7)/.installed: $(STAMP)
	$(BIN)/python -m pip install -q --no-deps --upgrade --target $(IPYWIDGETS7) "ipywidgets>=7.7,<8" \
		"widgetsnbextension>=3.6,<4" "jupyterlab_widgets>=1.1,<2" ipython_genutils
	touch $@

test-ipywidgets7: $(IPYWIDGETS7)/.installed
	PYTHONPATH=$(CURDIR)/$(IPYWIDGETS7) $(BIN)/python -c "import ipywidgets as w; print('ipywidgets', w.__version__); assert w.__version__.startswith('7.')"
	PYTHONPATH=$(CURDIR)/$(IPYWIDGETS7) $(MAKE) test-unit test-notebooks

# The whole suite inside a network namespace with only loopback (Linux, root): proves nothing needs the internet.
test-offline: setup
	unshare -n sh -c 'ip link set lo up && $(MAKE) test-unit test-notebooks'

# A real JupyterLab in Debian's chromium, driven by Playwright (installs chromium with apt-get if missing).
BROWSER_STAMP := $(VENV)/.browser-installed
browser-setup: $(BROWSER_STAMP)
$(BROWSER_STAMP): requirements-browser.txt $(STAMP)
	# fonts: JupyterLab's own Chinese text needs a CJK font (the figures carry the bundled one)
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji)
	$(BIN)/python -m pip install -q -r requirements-browser.txt
	touch $(BROWSER_STAMP)

test-browser: browser-setup
	$(BIN)/python -m pytest -q -s -p no:cacheprovider browser_tests

# Re-execute every notebook in place (stores fresh outputs); run after editing a lesson.
execute: setup
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

# A static HTML site of the executed notebooks (opens from disk, no internet): build/site/index.html
html: setup
	$(BIN)/python tools/build_site.py build/site

# For instructors, before class: precompute the heavy results (resumable, atomic writes; hours on a 2-core CPU,
# see resnet_lessons/results/README.md). The analyses after the sweep reuse its trained nets.
results: setup
	$(BIN)/python tools/precompute.py degradation_lecture degradation_full
	$(BIN)/python tools/precompute.py lesion_56 lesion_110 paths_56 paths_110 landscape_56

benchmarks: setup
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build .pytest_cache *.egg-info resnet_lessons.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print | xargs rm -rf
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -print | xargs rm -rf
