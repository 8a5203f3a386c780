"""`make lab` serves JupyterLab on chapters/, and nbgrader's Validate (the
button in the lab) works on a released assignment: it reports failures for
the blank release and success for a solved one.

Validate runs on one chapter, the one whose tests train the most (07): what
it would tell about the others is proven for every chapter elsewhere.  Each
solution passes its tests, hidden ones included, under the grader's
per-cell limit (test_grading.py) and runs in the learner's environment
(test_notebooks_run.py); each blank release fails with NotImplementedError
(test_grading.py); and the learner's per-cell limit is at least the
grader's (test_nbgrader_config.py).  The browser tests press the button on
chapter 01."""

import json
import os
import shutil
import urllib.error

import nbformat
import pytest

from helpers import ASSIGNED, page_config
from dlcourse import notebooks
from dlcourse.grading.samples import solved_submission
from dlcourse.layout import CHAPTERS

VALIDATED = [c for c in ASSIGNED if c.number == "07"]

# These tests write into chapters/ for a moment (Validate reads only there):
# they share one xdist worker with the tests that read all of chapters/.
pytestmark = [pytest.mark.notebooks, pytest.mark.xdist_group("chapters-folder")]


def test_lab_serves_the_chapters(lab):
    status, page = lab.request("/lab")
    assert status == 200 and "JupyterLab" in page
    _, listing = lab.request("/api/contents")
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert {c.name for c in ASSIGNED} <= names


def test_the_learner_gets_validate_but_not_the_instructor_tools(lab):
    _, page = lab.request("/lab")
    disabled = page_config(page)["disabledExtensions"]
    for plugin in ("formgrader", "create-assignment", "course-list", "assignment-list"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled
    # no pop-up offering news from the internet on a learner's offline laptop
    assert "@jupyterlab/apputils-extension:announcements" in disabled
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
@pytest.mark.parametrize("chapter", VALIDATED, ids=lambda c: c.name)
def test_validate_reports_failures_on_the_blank_release(lab, chapter):
    result = lab.validate(f"{chapter.name}/{chapter.assignment.name}")
    assert result["success"], result["value"]
    failed = result["value"].get("failed", [])
    assert failed, f"Validate found no failing test in the blank release: {result['value']}"
    assert any("NotImplementedError" in f["raw_error"] or "NameError" in f["raw_error"] for f in failed)


@pytest.mark.usefixtures("leaves_no_artifacts")
@pytest.mark.parametrize("chapter", VALIDATED, ids=lambda c: c.name)
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
