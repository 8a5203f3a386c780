"""Shared fixtures: the course's chapters and notebooks, found on disk."""

import pytest

from dlcourse.layout import all_chapters

CHAPTERS = all_chapters()
NOTEBOOKS = [nb for chapter in CHAPTERS for nb in chapter.notebooks()]
LESSONS = [c.lesson for c in CHAPTERS if c.lesson.exists()]
ASSIGNED = [c for c in CHAPTERS if c.assignment.exists()]


def ids(paths):
    return [p.name for p in paths]


@pytest.fixture(scope="session", autouse=True)
def quiet_tensorflow(tmp_path_factory):
    """Kernels started by the tests inherit the course's log setting."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    yield
    mp.undo()
