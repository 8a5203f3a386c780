"""pytest's fixtures and hooks for the whole suite.  What tests share
beyond fixtures (chapters, scratch courses, JupyterLab...) is in
helpers.py."""

import os

import pytest
from playwright.sync_api import sync_playwright

from dlcourse.trust.sandbox import FIRST_UID, FIRST_UID_VARIABLE
from helpers import CHROMIUM, CHROMIUM_ARGS, JupyterLab

# `make test` runs the suite on every core (pytest-xdist); each worker's
# gradings get their own sandbox user ids, so that one worker's check that
# no kernel outlived its grading never sees the other's kernels.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER.startswith("gw"):
    os.environ[FIRST_UID_VARIABLE] = str(FIRST_UID + 100 * (1 + int(XDIST_WORKER[2:])))


@pytest.fixture(scope="module")
def lab():
    """`make lab` on localhost, shared by the tests of one module."""
    server = JupyterLab()
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, driven by Playwright."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium as root "
                    "(or: sudo apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (its own cookies and storage) for one test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(120_000)
    yield opened
    context.close()
