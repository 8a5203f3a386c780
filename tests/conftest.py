"""Shared fixtures: the course's chapters and notebooks, found on disk."""

import importlib.util
import os
from pathlib import Path

import nbformat
import pytest

from dlcourse.grading import Course
from dlcourse.layout import all_chapters
from dlcourse.sandbox import FIRST_UID, FIRST_UID_VARIABLE

# `make test` runs the suite on every core (pytest-xdist); each worker's
# gradings get their own sandbox user ids, so that one worker's check that
# no kernel outlived its grading never sees the other's kernels.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER.startswith("gw"):
    os.environ[FIRST_UID_VARIABLE] = str(FIRST_UID + 100 * (1 + int(XDIST_WORKER[2:])))

CHAPTERS = all_chapters()
NOTEBOOKS = [nb for chapter in CHAPTERS for nb in chapter.notebooks()]
LESSONS = [c.lesson for c in CHAPTERS if c.lesson.exists()]
ASSIGNED = [c for c in CHAPTERS if c.assignment.exists()]


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


@pytest.fixture(scope="session", autouse=True)
def quiet_tensorflow(tmp_path_factory):
    """Kernels started by the tests inherit the course's log setting."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    yield
    mp.undo()
