# The course's front door.  `make help` lists every target.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SETUP_DONE := $(VENV)/.setup-done
KERNEL_NAME := dl-course
CHAPTER ?=
LAB_OPTIONS ?=
PYTEST_OPTIONS ?=
SITE_PORT ?= 8000

# TensorFlow's C++ runtime logs to stderr, which nbgrader counts against a
# test cell.  Every kernel started from here inherits the course's setting,
# read from its one place, QUIET_TENSORFLOW in dlcourse/notebooks.py.
TF_LOG_LEVEL := $(shell sed -n 's/^QUIET_TENSORFLOW = {"TF_CPP_MIN_LOG_LEVEL": "\([0-9]\)"}.*/\1/p' dlcourse/notebooks.py)
export TF_CPP_MIN_LOG_LEVEL ?= $(TF_LOG_LEVEL)
# Tools that nbgrader and Jupyter start by name (alembic, jupyter-*) come from .venv.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help setup setup-gpu lab test test-quick test-budget data release release-check tidy lock benchmark exercise-table seed-spread results site site-serve clean
.PHONY: due collect autograde formgrader feedback grades student-bundle sample-class exchange-release grading-benchmark

help: ## List the targets
	@echo "Usage: make TARGET [CHAPTER=01]"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort \
	  | awk 'BEGIN {FS = ":.*## "}; {printf "  %-17s %s\n", $$1, $$2}'

setup: $(SETUP_DONE) ## Create .venv with the pinned packages and register the course's Jupyter kernel

# Re-run only when the pins or the package metadata change.
$(SETUP_DONE): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 13)))' \
	  || { echo "The course needs Python 3.10 to 3.13 (TensorFlow 2.21); $(PYTHON) is $$($(PYTHON) --version)."; \
	       echo "Install one and run: make setup PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	$(BIN)/python -m ipykernel install --user --name $(KERNEL_NAME) \
	  --display-name "Python 3 (deep learning course)" --env TF_CPP_MIN_LOG_LEVEL $(TF_LOG_LEVEL) >/dev/null
	@$(MAKE) --no-print-directory graphviz sandbox-tools
	@touch $@
	@echo "Setup done: .venv is ready and the kernel '$(KERNEL_NAME)' is registered."

# The GPU build is the same TensorFlow release with NVIDIA's CUDA and cuDNN
# wheels beside it (the and-cuda extra); it needs a Linux NVIDIA driver.
TENSORFLOW_VERSION := $(shell sed -n 's/^tensorflow==\([0-9.]*\).*/\1/p' requirements.txt)

setup-gpu: setup ## Add TensorFlow's CUDA libraries to .venv (Linux with an NVIDIA driver)
	$(BIN)/python -m pip install --quiet "tensorflow[and-cuda]==$(TENSORFLOW_VERSION)"
	@$(BIN)/python -c "import tensorflow as tf; print('GPUs TensorFlow sees:', tf.config.list_physical_devices('GPU') or 'none')"

data: ## Put Fashion-MNIST where Keras finds it: Keras cache, Debian package, or download
	@$(PYTHON) data/provision.py --check >/dev/null 2>&1 || $(MAKE) --no-print-directory debian-data
	@$(PYTHON) data/provision.py

# The system packages below are installed with apt-get when make runs as
# root on Debian or Ubuntu (CI, containers); elsewhere each says how.
# $(call apt-install,PACKAGES) reads the package lists again when they are
# stale, and fails when the packages cannot be had.
ROOT_WITH_APT := [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null
apt-install = { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null 2>&1 \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null; }; }

# On Debian as root (CI, containers), install the packaged copy of the data
# rather than depend on a download; elsewhere provision.py says what to do.
# keras.utils.plot_model needs pydot (in requirements.txt) and Graphviz's
# `dot` program, which pip cannot install.
.PHONY: graphviz
graphviz: ## (used by setup) Install Graphviz for plot_model: apt-get as root, else say how
	@if command -v dot >/dev/null; then :; \
	elif $(ROOT_WITH_APT); then \
	  echo "Installing Graphviz (for keras.utils.plot_model)..."; \
	  $(call apt-install,graphviz) \
	    || echo "apt-get could not install graphviz: model diagrams will not render (see docs/learners.md, Model diagrams)."; \
	else \
	  echo "Note: Graphviz is missing, so model diagrams (plot_model) will not render."; \
	  echo "  Install it: sudo apt-get install graphviz | brew install graphviz | conda install graphviz"; \
	fi

# Autograding runs each submission in a sandbox (dlcourse/trust/sandbox.py) built
# with bubblewrap; setpriv and prlimit come with util-linux.
.PHONY: sandbox-tools
sandbox-tools: ## (used by setup) Install bubblewrap, the grading sandbox: apt-get as root, else say how
	@if command -v bwrap >/dev/null && command -v prlimit >/dev/null && command -v setpriv >/dev/null; then :; \
	elif $(ROOT_WITH_APT); then \
	  echo "Installing bubblewrap (the sandbox submissions are graded in)..."; \
	  $(call apt-install,bubblewrap util-linux) \
	    || echo "apt-get could not install bubblewrap: autograding will stop and say so (see docs/instructors.md)."; \
	else \
	  echo "Note: bubblewrap is missing, so submissions cannot be autograded in a sandbox."; \
	  echo "  Install it: sudo apt-get install bubblewrap (Debian/Ubuntu) | sudo dnf install bubblewrap"; \
	fi

# The browser tests drive Debian's Chromium with Playwright (a browser
# Playwright would download is out of reach on the course's build machines).
.PHONY: browser
browser: ## (used by test) Install Chromium for the browser tests: apt-get as root, else say how
	@if [ -n "$$DLCOURSE_CHROMIUM" ] || command -v chromium >/dev/null; then :; \
	elif $(ROOT_WITH_APT); then \
	  echo "Installing Chromium (for the browser tests)..."; \
	  $(call apt-install,chromium) \
	    || echo "apt-get could not install chromium: the browser tests will fail (see docs/maintainers.md)."; \
	else \
	  echo "Note: Chromium is missing, so the browser tests will fail."; \
	  echo "  Install it: sudo apt-get install chromium (Debian) | chromium-browser (Ubuntu)"; \
	fi

.PHONY: debian-data
debian-data: ## (used by data) As root on Debian, apt-get install dataset-fashion-mnist
	@if $(ROOT_WITH_APT) && [ ! -d /usr/share/datasets/fashion-mnist ]; then \
	  echo "Installing Debian's dataset-fashion-mnist..."; \
	  $(call apt-install,dataset-fashion-mnist) \
	    || echo "apt-get could not install dataset-fashion-mnist; trying other sources."; \
	fi

# Jupyter refuses to run as root unless told; containers and CI often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# The learner's lab: nbgrader's Validate button, not its instructor tools.
STUDENT_LAB_CONFIG := $(CURDIR)/.jupyter/student-lab

lab: setup data ## Open JupyterLab on chapters/ (nbgrader's Validate button included)
	JUPYTER_CONFIG_PATH=$(STUDENT_LAB_CONFIG)$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH)) \
	  $(BIN)/jupyter lab --ServerApp.root_dir=chapters $(ALLOW_ROOT) $(LAB_OPTIONS)

# pytest-xdist: one worker per core; tests that share an expensive fixture
# (a graded class, a notebook's executed copy) carry one xdist_group.
TEST_WORKERS ?= auto

test: setup data sandbox-tools browser ## Run every test: helpers, notebooks in smoke mode, nbval, release, grading (TEST_WORKERS=0: serially)
	DLCOURSE_MODE=smoke $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_OPTIONS)

# The quick tier leaves out every test marked notebooks, grading or slow
# (pyproject.toml): no notebook runs, no nbgrader, no JupyterLab.
QUICK_TESTS := not notebooks and not grading and not slow

test-quick: setup ## For development: unit tests, conventions, release and config, in about a minute (no notebook runs, no grading)
	DLCOURSE_MODE=smoke $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "$(QUICK_TESTS)" $(PYTEST_OPTIONS)

test-budget: setup data ## Time every notebook (smoke), make test-quick and make test against their budgets (2 and 10 minutes)
	$(BIN)/python -m dlcourse.qa.budget $(if $(TESTS_ONLY),--tests-only)

release: setup ## Regenerate chapters/ from solutions/ (CHAPTER=01 for one chapter)
	$(BIN)/python -m dlcourse.release $(CHAPTER)

student-bundle: setup ## Write what learners get, build/student-bundle/dl-course/ and its .zip: chapters, data script, environment, student README
	$(BIN)/python -m dlcourse.student_bundle

release-check: setup ## Fail if chapters/ is out of date with solutions/ (changes nothing)
	$(BIN)/python -m dlcourse.release --check $(CHAPTER)

tidy: setup ## Strip outputs from solutions/ notebooks, keeping cells tagged keep_output
	$(BIN)/nbstripout solutions/*/*.ipynb

lock: ## Re-resolve requirements.txt in a scratch venv and write constraints.txt
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade pip
	grep -v '^-c ' requirements.txt > build/lock-requirements.txt
	build/lock-venv/bin/python -m pip install --quiet -r build/lock-requirements.txt
	{ echo "# Every package's version, resolved from requirements.txt by \`make lock\`."; \
	  echo "# Do not edit by hand."; \
	  build/lock-venv/bin/python -m pip freeze --exclude-editable; } > build/constraints.txt
	rm -rf build/lock-venv build/lock-requirements.txt
	@if cmp -s build/constraints.txt constraints.txt; then \
	  echo "constraints.txt is unchanged."; rm build/constraints.txt; \
	else \
	  mv build/constraints.txt constraints.txt; \
	  echo "constraints.txt updated; run make setup and make test, then commit it."; \
	fi

benchmark: setup data ## Time each notebook (smoke) and the autograding of each solution
	$(BIN)/python -m dlcourse.qa.benchmark $(CHAPTER)

exercise-table: setup data ## Table each assignment's exercises: kind, points, hints, solution time in full mode (CHAPTER=06)
	$(BIN)/python -m dlcourse.qa.exercise_table $(CHAPTER) $(if $(MODE),--mode $(MODE))

seed-spread: setup data ## Run each graded trained model over several seeds against its bar (SEEDS="0 1 2 3 4")
	$(BIN)/python -m dlcourse.qa.spread $(CHAPTER) $(if $(SEEDS),--seeds $(SEEDS))

results: setup data ## Run every lesson in full mode; check its targets; write results/results.{md,json} and the executed lessons (CHAPTER=03)
	$(BIN)/python -m dlcourse.qa.results $(CHAPTER) $(if $(MODE),--mode $(MODE))

site: setup ## Build the course website in build/site: lessons with their full-mode outputs (from results/), runs no notebook
	$(BIN)/python -m dlcourse.website

site-serve: site ## Build the website and serve it on http://localhost:8000 (SITE_PORT=8001 for another port)
	@echo "The course website: http://localhost:$(SITE_PORT)/ (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory build/site $(SITE_PORT)

grading-benchmark: setup data sandbox-tools ## Grade a class of N submissions with 1 and 2 workers; print s/submission and speedup (CHAPTER=01 N=40)
	$(BIN)/python -m dlcourse.qa.grading_benchmark $(or $(CHAPTER),01) $(if $(N),--submissions $(N))

# --- The instructor's grading workflow (docs/instructors.md: "Grading a class") ---
WORKERS ?=
STUDENT ?=
FROM ?=
NAMES ?=
EXCHANGE ?=
TO ?=
DUE ?=
COURSE ?=
CLASSROOM := $(BIN)/python -m dlcourse.grading $(if $(COURSE),--course "$(COURSE)")

sample-class: setup ## Write sample submissions to try the steps on: make sample-class CHAPTER=01 TO=new-folder
	$(CLASSROOM) sample $(CHAPTER) "$(TO)"

due: setup ## Record CHAPTER's due date: make due CHAPTER=06 DUE="2026-12-01 23:59 UTC"
	$(CLASSROOM) due $(CHAPTER) "$(DUE)"

collect: setup ## Copy submissions into autograder/submitted/: CHAPTER=06 FROM=folder-or-lms.zip [NAMES=canvas], or EXCHANGE=dir
	$(CLASSROOM) collect $(CHAPTER) $(if $(FROM),"$(FROM)") $(if $(NAMES),--names '$(NAMES)') \
	  $(if $(EXCHANGE),--exchange "$(EXCHANGE)")

exchange-release: setup ## Release CHAPTER to nbgrader's exchange for a JupyterHub course: EXCHANGE=/srv/nbgrader/exchange
	$(CLASSROOM) release $(CHAPTER) --exchange "$(or $(EXCHANGE),/srv/nbgrader/exchange)"

autograde: setup data sandbox-tools ## Autograde CHAPTER in the sandbox, in parallel (STUDENT=id, WORKERS=n)
	$(CLASSROOM) autograde $(CHAPTER) $(if $(STUDENT),--student $(STUDENT)) $(if $(WORKERS),--workers $(WORKERS))

formgrader: setup ## Open nbgrader's formgrader (manual grading of written answers) in JupyterLab
	cd autograder && ../$(BIN)/jupyter lab --ServerApp.root_dir=. $(ALLOW_ROOT) $(LAB_OPTIONS)

feedback: setup ## Write HTML feedback for CHAPTER's graded submissions (hidden tests left out)
	$(CLASSROOM) feedback $(CHAPTER) $(if $(STUDENT),--student $(STUDENT))

grades: setup ## Export autograder/grades.csv: one row per student and chapter, a column per exercise
	$(CLASSROOM) export

clean: ## Remove build/ (executed notebooks, release backups); keeps .venv
	rm -rf build .pytest_cache
