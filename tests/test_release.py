"""chapters/ is generated from solutions/ and must match it; students never
see solutions or hidden tests; releasing again loses nothing."""

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ASSIGNED, CHAPTERS
from dlcourse import notebooks
from dlcourse.exercises import SECRET_REGIONS, solution_lines
from dlcourse.cells import SOLUTION_MARKERS, solution_cells
from dlcourse.layout import ROOT
from dlcourse.release import apply_release, build_releases, differences

# chapters/ must not change under these tests (test_lab writes probes there)
pytestmark = pytest.mark.xdist_group("chapters-folder")

HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


@pytest.fixture(scope="module")
def fresh_releases(tmp_path_factory):
    """Each chapter's release, built now from solutions/."""
    return build_releases(CHAPTERS, tmp_path_factory.mktemp("releases"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_released_chapter_is_up_to_date(chapter, fresh_releases):
    changes = differences(fresh_releases[chapter.name], chapter.release)
    assert not changes, (
        f"chapters/{chapter.name} does not match solutions/{chapter.name}: "
        + ", ".join(f"{p} {c}" for p, c in changes.items())
        + f". Run `make release CHAPTER={chapter.number}` and commit chapters/;"
        " never edit chapters/ by hand."
    )


@pytest.mark.parametrize("chapter", ASSIGNED, ids=lambda c: c.name)
def test_students_get_no_solutions_and_no_hidden_tests(chapter):
    released = chapter.release / chapter.assignment.name
    text = released.read_text()
    for marker in SOLUTION_MARKERS + HIDDEN_MARKERS:
        assert marker not in text, f"{released} contains {marker!r}"
    instructor_notebook = notebooks.read(chapter.assignment)
    instructor = solution_cells(instructor_notebook)
    released_notebook = notebooks.read(released)
    # the lines of cell sources, not the file's JSON, where quotes and backslashes are escaped
    released_lines = {line.strip() for cell in released_notebook.cells for line in cell.source.splitlines()}
    # a line the learner is shown anyway (say, the buggy code of a debug
    # exercise, which its fix keeps) gives nothing away
    given = {line.strip() for cell in instructor_notebook.cells
             for line in SECRET_REGIONS.sub("", cell.source).splitlines()}
    for grade_id, cell in solution_cells(released_notebook).items():
        if cell.cell_type == "code":
            assert "raise NotImplementedError" in cell.source, f"{grade_id} still holds code"
        # distinctive lines of the model answer must not survive anywhere
        leaked = [line for line in solution_lines(instructor[grade_id].source)
                  if len(line) > 25 and line not in given and line in released_lines]
        assert not leaked, f"solution lines of {grade_id} appear in the release: {leaked}"


def test_releasing_over_edited_files_keeps_the_old_versions(tmp_path):
    fresh, current, backups = tmp_path / "fresh", tmp_path / "current", tmp_path / "backups"
    (fresh / "sub").mkdir(parents=True)
    (fresh / "a.ipynb").write_text("new a")
    (fresh / "sub" / "b.txt").write_text("b")
    current.mkdir()
    (current / "a.ipynb").write_text("a learner's work")
    (current / "stray.txt").write_text("not in solutions")

    changes = differences(fresh, current)
    assert changes == {
        Path("a.ipynb"): "differs",
        Path("stray.txt"): "not in solutions/",
        Path("sub/b.txt"): "missing",
    }
    backup = apply_release(fresh, current, changes, backups=backups)

    assert differences(fresh, current) == {}
    assert (backup / "a.ipynb").read_text() == "a learner's work"
    assert (backup / "stray.txt").read_text() == "not in solutions"


@pytest.fixture
def identical_pair(tmp_path):
    """A fresh build and a current release with the same single notebook."""
    fresh, current = tmp_path / "fresh", tmp_path / "current"
    fresh.mkdir()
    (fresh / "a.ipynb").write_text("a")
    shutil.copytree(fresh, current)
    return fresh, current


def test_what_working_in_a_chapter_leaves_behind_is_not_a_difference(identical_pair, tmp_path):
    fresh, current = identical_pair
    (current / ".ipynb_checkpoints").mkdir()
    (current / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("autosave")
    (current / "artifacts" / "logs" / "run-1").mkdir(parents=True)
    (current / "artifacts" / "logs" / "run-1" / "events.out").write_text("logs")
    (current / "artifacts" / "model.keras").write_text("a saved model")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text((ROOT / ".gitignore").read_text())

    assert differences(fresh, current) == {}


def test_an_up_to_date_release_changes_nothing(identical_pair, tmp_path):
    fresh, current = identical_pair
    assert differences(fresh, current) == {}
    assert apply_release(fresh, current, {}, backups=tmp_path / "backups") is None
