# ResNet Lessons — `make lab` to study, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The shipped lessons. Tests and `make html` read these only; students work in their own copies (MY_LESSONS).
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
MY_LESSONS := my-lessons

# The kernel that setup installs, read from resnet_lessons/course.py, where tools/stamp_notebooks.py reads it
# too: each lesson names exactly this kernel, so opening a lesson does not modify it.
course_constant = $(shell sed -n 's/^$(1) = "\(.*\)"$$/\1/p' resnet_lessons/course.py)
KERNEL_NAME := $(call course_constant,KERNEL_NAME)
KERNEL_DISPLAY_NAME := $(call course_constant,KERNEL_DISPLAY_NAME)

# PyTorch build: auto (CPU-only wheels on Linux with no NVIDIA driver when PyTorch's CPU index answers,
# else the default wheels), cpu, or cuda (= the default wheels from the normal index). See tools/torch_choice.py.
TORCH ?= auto
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu

.PHONY: help setup lab reset-lesson test test-unit test-notebooks test-rerun test-ipywidgets7 test-offline browser-setup test-browser execute html dist results benchmarks clean

setup: $(STAMP) ## create/update .venv (TORCH=auto|cpu|cuda) · 创建/更新 .venv（TORCH=auto|cpu|cuda）

# Every target with a "## English · 中文" comment, one line each.
help: ## list the targets · 列出所有目标
	@awk -F ':.*## ' '/^[a-z][a-z0-9-]*:.*## / { target = $$1; text = $$2; \
		if (match(text, /^[A-Z]+=[^ :]*: /)) { target = target " " substr(text, 1, RLENGTH - 2); text = substr(text, RLENGTH + 1) } \
		printf "  make %-17s  %s\n", target, text }' $(firstword $(MAKEFILE_LIST))

# Re-install only when the requirements or the package metadata change. With TORCH=cpu, torch and torchvision
# come (without their dependencies) from PyTorch's CPU index; everything else comes from the normal index,
# which pip takes from PIP_INDEX_URL / pip.conf as usual. In auto mode a failed CPU install falls back.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	@choice=$$($(BIN)/python tools/torch_choice.py "$(TORCH)") || exit 1; \
	if [ "$$choice" = cpu ]; then \
		set -x; $(BIN)/python -m pip install --no-deps --index-url $(TORCH_CPU_INDEX) \
			$$($(BIN)/python tools/torch_choice.py --requirements requirements.txt) \
		|| { [ "$(TORCH)" != cpu ] && echo "warning / 警告: the CPU-only wheels failed to install, using the default ones / 仅 CPU 版安装失败，改用默认版本"; } \
		|| exit 1; \
	fi
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY_NAME)"
	touch $(STAMP)

# Students work in my-lessons/ (git-ignored): copied from notebooks/ on first run, never overwritten.
lab: setup ## open JupyterLab on your own copies in my-lessons/ · 在 my-lessons/ 中你自己的副本上打开 JupyterLab
	$(BIN)/python tools/working_copies.py sync
	$(BIN)/jupyter lab $(MY_LESSONS)/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

reset-lesson: ## N=01: restore that lesson in my-lessons/ (old copy kept) · 恢复 my-lessons/ 中的第 N 课（保留旧副本）
	@$(PYTHON) tools/working_copies.py reset "$(N)"

test: setup test-unit test-notebooks ## unit tests + every lesson (nbval) · 单元测试 + 所有课程（nbval）

test-unit: setup ## the unit tests (tests/) · 单元测试（tests/）
	$(BIN)/python -m pytest tests -q

test-notebooks: setup ## every lesson in notebooks/ against its stored outputs (nbval) · 用 nbval 对照保存的输出检查 notebooks/ 中的每课
	$(BIN)/python -m pytest -q --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg \
		-p no:cacheprovider $(NOTEBOOKS)

# Every notebook's cells run twice in one kernel: no error, and the same printed output (idempotent cells).
test-rerun: setup ## run each lesson's cells twice in one kernel: same output · 在同一内核中把每课运行两遍：输出相同
	$(BIN)/python tools/rerun_notebooks.py $(NOTEBOOKS)

# Colab ships ipywidgets 7: the unit tests and every notebook again with ipywidgets 7 put ahead of 8.
IPYWIDGETS7 := build/ipywidgets7
$(IPYWIDGETS7)/.installed: $(STAMP)
	$(BIN)/python -m pip install -q --no-deps --upgrade --target $(IPYWIDGETS7) "ipywidgets>=7.7,<8" \
		"widgetsnbextension>=3.6,<4" "jupyterlab_widgets>=1.1,<2" ipython_genutils
	touch $@

test-ipywidgets7: $(IPYWIDGETS7)/.installed ## unit tests + lessons with ipywidgets 7 (as on Colab) · 用 ipywidgets 7（同 Colab）运行单元测试和课程
	PYTHONPATH=$(CURDIR)/$(IPYWIDGETS7) $(BIN)/python -c "import ipywidgets as w; print('ipywidgets', w.__version__); assert w.__version__.startswith('7.')"
	PYTHONPATH=$(CURDIR)/$(IPYWIDGETS7) $(MAKE) test-unit test-notebooks

# The whole suite inside a network namespace with only loopback (Linux, root): proves nothing needs the internet.
test-offline: setup ## the whole suite with no network (Linux, root) · 在无网络环境中运行全部测试（Linux、root）
	unshare -n sh -c 'ip link set lo up && $(MAKE) test-unit test-notebooks'

# A real JupyterLab in Debian's chromium, driven by Playwright (installs chromium with apt-get if missing).
BROWSER_STAMP := $(VENV)/.browser-installed
browser-setup: $(BROWSER_STAMP) ## install chromium + Playwright for test-browser · 为 test-browser 安装 chromium 和 Playwright
$(BROWSER_STAMP): requirements-browser.txt $(STAMP)
	# fonts: JupyterLab's own Chinese text needs a CJK font (the figures carry the bundled one)
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji)
	$(BIN)/python -m pip install -q -r requirements-browser.txt
	touch $(BROWSER_STAMP)

test-browser: browser-setup ## the lessons in a real JupyterLab in chromium · 在 chromium 中真实的 JupyterLab 里测试课程
	$(BIN)/python -m pytest -q -s -p no:cacheprovider browser_tests

# Re-execute every notebook in place (stores fresh outputs); run after editing a lesson.
execute: setup ## re-run every lesson in notebooks/ and store outputs · 重新运行 notebooks/ 中的每课并保存输出
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

# A static HTML site of the executed notebooks (opens from disk, no internet): build/site/index.html
html: setup ## static offline site of notebooks/ in build/site/ · 把 notebooks/ 导出为离线静态网站 build/site/
	$(BIN)/python tools/build_site.py build/site

# The whole course in one zip for readers with a slow or no connection: the lessons, the package's wheel,
# requirements.txt, README-offline.txt and the static site (tools/make_dist.py; built offline).
DIST_DIR ?= build/dist
dist: setup ## one zip of the course for offline use in build/dist/ · 把整门课程打包成一个 zip，供离线使用（build/dist/）
	$(BIN)/python tools/make_dist.py $(DIST_DIR)

# For instructors, before class: precompute the heavy results (resumable, atomic writes; hours on a 2-core CPU,
# see resnet_lessons/results/README.md). The analyses after the sweep reuse its trained nets.
results: setup ## for instructors: precompute heavy results (hours) · 供教师课前预先计算耗时结果（数小时）
	$(BIN)/python tools/precompute.py degradation_lecture degradation_slider degradation_full
	$(BIN)/python tools/precompute.py lesion_56 lesion_110 paths_56 paths_110 landscape_56

benchmarks: setup ## print measured speed figures · 打印测得的速度数据
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean: ## remove build leftovers (keeps .venv and my-lessons/) · 删除构建残留（保留 .venv 和 my-lessons/）
	rm -rf build .pytest_cache *.egg-info resnet_lessons.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print | xargs rm -rf
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -print | xargs rm -rf
