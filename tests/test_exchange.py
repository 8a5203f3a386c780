"""Release to and collect from nbgrader's exchange, as a JupyterHub course
does, with a temporary exchange folder.  The learner's side is nbgrader's
own fetch_assignment and submit; nbgrader names a submission after the
operating-system user who made it, so the learner here is the user running
the tests."""

import getpass
import subprocess
import sys

import nbformat
import pytest

from helpers import nbgrader_cell, one_assignment_course
from dlcourse.grading import intake
from dlcourse.layout import Chapter
from dlcourse.notebooks import kernel_environment

pytestmark = pytest.mark.grading

CHAPTER = Chapter("00-exchange-probe")
COURSE_ID = "exchange-probe-course"


def learner_nbgrader(*args, cwd, exchange):
    """nbgrader as a learner runs it on the hub: in their own home folder."""
    command = [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}",
               f"--CourseDirectory.course_id={COURSE_ID}"]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=kernel_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture
def hub(tmp_path):
    cells = [
        nbgrader_cell("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION", "answer"),
        nbgrader_cell("assert answer == 42", "check", points=1),
    ]
    course = one_assignment_course(tmp_path, CHAPTER, cells)[0]
    exchange, home = tmp_path / "exchange", tmp_path / "home"
    home.mkdir()
    return course, exchange, home


def submit(home, exchange, answer):
    notebook_path = home / CHAPTER.name / CHAPTER.assignment.name
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.cells[0].source = f"answer = {answer}"
    nbformat.write(notebook, notebook_path)
    learner_nbgrader("submit", CHAPTER.name, cwd=home, exchange=exchange)
    return notebook_path.read_bytes()


def test_a_released_chapter_is_fetched_submitted_and_collected(hub):
    course, exchange, home = hub
    intake.release_to_exchange(course, CHAPTER, exchange, COURSE_ID)
    learner_nbgrader("fetch_assignment", CHAPTER.name, cwd=home, exchange=exchange)
    fetched = nbformat.read(home / CHAPTER.name / CHAPTER.assignment.name, as_version=4)
    assert "42" not in fetched.cells[0].source, "the learner fetched the solution"

    sent = submit(home, exchange, 42)
    results = intake.collect_exchange(course, CHAPTER, exchange, COURSE_ID, report=lambda line: None)

    learner = getpass.getuser()
    assert results == {learner: "collected"}
    folder = course.submission_folder(CHAPTER, learner)
    assert (folder / CHAPTER.assignment.name).read_bytes() == sent
    assert (folder / "timestamp.txt").read_text().endswith("UTC")


def test_a_resubmission_replaces_the_collected_one_and_keeps_it(hub):
    course, exchange, home = hub
    intake.release_to_exchange(course, CHAPTER, exchange, COURSE_ID)
    learner_nbgrader("fetch_assignment", CHAPTER.name, cwd=home, exchange=exchange)
    first = submit(home, exchange, 41)
    intake.collect_exchange(course, CHAPTER, exchange, COURSE_ID, report=lambda line: None)
    again = intake.collect_exchange(course, CHAPTER, exchange, COURSE_ID, report=lambda line: None)
    learner = getpass.getuser()
    assert again == {learner: "unchanged since the last collect"}, "collecting twice changes nothing"

    second = submit(home, exchange, 42)
    intake.collect_exchange(course, CHAPTER, exchange, COURSE_ID, report=lambda line: None)
    folder = course.submission_folder(CHAPTER, learner)
    assert (folder / CHAPTER.assignment.name).read_bytes() == second
    kept = list(course.replaced_dir.glob(f"*/{learner}/{CHAPTER.name}/{CHAPTER.assignment.name}"))
    assert [p.read_bytes() for p in kept] == [first]


def test_collecting_before_anyone_submitted_says_so(hub):
    course, exchange, _ = hub
    intake.release_to_exchange(course, CHAPTER, exchange, COURSE_ID)
    lines = []
    assert intake.collect_exchange(course, CHAPTER, exchange, COURSE_ID, report=lines.append) == {}
    assert lines == [f"no submissions of {CHAPTER.name} in the exchange yet"]
