"""`make lab` serves JupyterLab on chapters/, and nbgrader's Validate (the
button in the lab) works on each released assignment: it reports failures
for the blank release and success for a solved one."""

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

import nbformat
import pytest

from conftest import ASSIGNED
from dlcourse import notebooks
from dlcourse.grading import solved_submission
from dlcourse.layout import CHAPTERS, ROOT
from dlcourse.notebooks import kernel_environment

pytestmark = [pytest.mark.notebooks, pytest.mark.xdist_group("lab")]  # one JupyterLab server for the module


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    def __init__(self):
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{free_port()}"
        options = f"--no-browser --ip=127.0.0.1 --port={self.url.rsplit(':', 1)[1]} --IdentityProvider.token={self.token}"
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"LAB_OPTIONS={options}"],
            cwd=ROOT, env=kernel_environment(), start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

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
                pytest.fail(f"make lab exited early:\n{self.process.stdout.read()}")
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


@pytest.fixture(scope="module")
def lab():
    server = Lab()
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def test_lab_serves_the_chapters(lab):
    status, page = lab.request("/lab")
    assert status == 200 and "JupyterLab" in page
    _, listing = lab.request("/api/contents")
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert {c.name for c in ASSIGNED} <= names


def page_config(page):
    """The configuration JupyterLab embeds in its page."""
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no page config in /lab"
    return json.loads(found.group(1))


def test_the_learner_gets_validate_but_not_the_instructor_tools(lab):
    _, page = lab.request("/lab")
    disabled = page_config(page)["disabledExtensions"]
    for plugin in ("formgrader", "create-assignment", "course-list", "assignment-list"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    with pytest.raises(urllib.error.HTTPError) as missing:
        lab.request("/formgrader")
    assert missing.value.code == 404


def test_nbgrader_validate_extension_is_served(lab):
    from nbgrader import __version__

    _, body = lab.request(f"/nbgrader_version?version={__version__}")
    assert json.loads(body)["success"] is True


@pytest.fixture
def leaves_no_artifacts(chapter):
    """Validate runs the notebook inside chapters/, where it may write
    artifacts/; remove what this test made, never what a learner made."""
    artifacts = chapter.release / "artifacts"
    existed = artifacts.exists()
    yield
    if not existed:
        shutil.rmtree(artifacts, ignore_errors=True)


@pytest.mark.usefixtures("leaves_no_artifacts")
@pytest.mark.parametrize("chapter", ASSIGNED, ids=lambda c: c.name)
def test_validate_reports_failures_on_the_blank_release(lab, chapter):
    result = lab.validate(f"{chapter.name}/{chapter.assignment.name}")
    assert result["success"], result["value"]
    failed = result["value"].get("failed", [])
    assert failed, f"Validate found no failing test in the blank release: {result['value']}"
    assert any("NotImplementedError" in f["raw_error"] or "NameError" in f["raw_error"] for f in failed)


@pytest.mark.usefixtures("leaves_no_artifacts")
@pytest.mark.parametrize("chapter", ASSIGNED, ids=lambda c: c.name)
def test_validate_passes_a_solved_assignment(lab, chapter):
    released = chapter.release / chapter.assignment.name
    solved = solved_submission(notebooks.read(released), notebooks.read(chapter.assignment))
    # Validate only reads inside the lab's root, so the solved copy sits
    # beside the release for the length of this test.
    probe = CHAPTERS / chapter.name / f"validate-probe-{os.getpid()}.ipynb"
    try:
        nbformat.write(solved, probe)
        result = lab.validate(f"{chapter.name}/{probe.name}")
    finally:
        probe.unlink(missing_ok=True)
    assert result["success"], result["value"]
    assert result["value"] == {}, f"Validate did not pass the solved assignment: {result['value']}"
