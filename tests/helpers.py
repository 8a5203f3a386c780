"""What the tests share: the course's chapters and notebooks found on disk,
known-wrong answers, nbgrader cells and scratch courses, JupyterLab on a
free port, Chromium for the browser tests, the lines a leak check looks
for, and file digests.  (Fixtures and pytest's hooks stay in
conftest.py.)"""

import hashlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest

from dlcourse import notebooks
from dlcourse.cells import SOLUTION_MARKERS
from dlcourse.exercises import SECRET_REGIONS
from dlcourse.grading.course import Course
from dlcourse.layout import BUILD, ROOT, all_chapters
from dlcourse.notebooks import kernel_environment

CHAPTERS = all_chapters()
NOTEBOOKS = [nb for chapter in CHAPTERS for nb in chapter.notebooks()]
LESSONS = [c.lesson for c in CHAPTERS if c.lesson.exists()]
ASSIGNED = [c for c in CHAPTERS if c.assignment.exists()]


# Debian's chromium by default; DLCOURSE_CHROMIUM names another Chromium-based
# browser (GitHub's Ubuntu runners have google-chrome, and no apt chromium).
CHROMIUM = os.environ.get("DLCOURSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = BUILD / "screenshots"
# As root (CI, containers) Chromium's own sandbox cannot start; the
# background services would knock on hosts this machine cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]



def screenshot(page, name):
    """Keep what the browser shows in build/screenshots/NAME.png, for a maintainer to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
SECRET_MARKERS = (*SOLUTION_MARKERS, *HIDDEN_MARKERS)


def lines_of(text):
    return {line.strip() for line in text.splitlines()}


def public_lines():
    """What learners may see: every lesson, and the assignments' cells
    outside their solution and hidden-test regions."""
    public = set()
    for chapter in CHAPTERS:
        public |= {line for cell in notebooks.read(chapter.lesson).cells for line in lines_of(cell.source)}
        for cell in notebooks.read(chapter.assignment).cells:
            public |= lines_of(SECRET_REGIONS.sub("", cell.source))
    return public


def secret_lines(chapter, public):
    """Lines of the model answers and hidden tests that no lesson or given
    code shows, and specific enough to recognise (not `return x`)."""
    secret = set()
    for cell in notebooks.read(chapter.assignment).cells:
        for _, block in SECRET_REGIONS.findall(cell.source):
            secret |= lines_of(block)
    return {line for line in secret - public if len(line) >= 20 and not line.startswith("#")}


WRONG_ANSWERS_DIR = Path(__file__).parent / "wrong_answers"


def known_wrong_answers(chapter):
    """``{answer grade id: [(description, cell source), ...]}`` from
    tests/wrong_answers/NN-slug.py."""
    path = WRONG_ANSWERS_DIR / f"{chapter.name}.py"
    if not path.exists():
        pytest.fail(f"{path} is missing: every assignment needs known-wrong answers")
    spec = importlib.util.spec_from_file_location(f"wrong_{chapter.number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


def nbgrader_cell(source, grade_id, points=None, kind="code"):
    """A cell as nbgrader's create-assignment tool marks it: an answer cell
    without ``points``, a locked test cell (or graded written answer) with."""
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": points is not None and kind == "code",
            "schema_version": 3, "solution": points is None or kind == "markdown", "task": False}
    if points is not None:
        meta["points"] = points
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    return make(source, metadata={"nbgrader": meta})


def one_assignment_course(root, chapter, cells):
    """A scratch course under ``root`` whose only assignment, ``chapter``,
    is an instructor notebook made of ``cells``; returns the course (in
    ``root/course``) and that notebook."""
    instructor = nbformat.v4.new_notebook(cells=cells)
    instructor.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = root / "source"
    (source / chapter.name).mkdir(parents=True)
    nbformat.write(instructor, source / chapter.name / chapter.assignment.name)
    return Course(root / "course", source=source), instructor


def ids(paths):
    return [p.name for p in paths]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LAB_LOGS = BUILD / "lab-logs"


class JupyterLab:
    """`make lab` (or `make formgrader`) on a free port of localhost, with a
    token; ``cwd`` and ``make_args`` point it at another copy of the course
    (the student bundle)."""

    def __init__(self, cwd=ROOT, make_args=(), target="lab"):
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{free_port()}"
        port = self.url.rsplit(':', 1)[1]
        options = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={self.token}"
        # The server's log (and its kernels' own stderr) go to a file: a pipe nobody
        # reads fills up after 64 KiB and then blocks the server mid-test.
        LAB_LOGS.mkdir(parents=True, exist_ok=True)
        self.log = LAB_LOGS / f"{target}-{port}.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", target, f"LAB_OPTIONS={options}", *make_args],
                cwd=cwd, env=kernel_environment(), start_new_session=True,
                stdout=log, stderr=subprocess.STDOUT,
            )

    def log_tail(self, characters=4000):
        return self.log.read_text(errors="replace")[-characters:]

    def request(self, path, data=None, timeout=120):
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"token {self.token}"},
            data=urllib.parse.urlencode(data).encode() if data is not None else None,
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()

    def wait_until_up(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"make lab exited early:\n{self.log_tail()}")
            try:
                return self.request("/api/status", timeout=5)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        pytest.fail(f"JupyterLab did not answer within {seconds} s")

    def validate(self, path):
        # Validate runs the whole notebook (those of chapters 07 and 08 train networks): allow
        # minutes on a busy 2-core machine; the limit only guards against a hang
        status, body = self.request("/assignments/validate", data={"path": path}, timeout=600)
        assert status == 200
        return json.loads(body)

    def stop(self):
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def page_config(page):
    """The configuration JupyterLab embeds in its page."""
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no page config in /lab"
    return json.loads(found.group(1))


def file_digest(path):
    """A file's SHA-256, to prove it was not changed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digest(folder):
    """Every file's SHA-256 under ``folder``, by relative path."""
    return {p.relative_to(folder): file_digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}
