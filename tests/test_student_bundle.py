"""The student bundle (`make student-bundle`) holds what a learner needs and
nothing else: no solution code, no hidden test, no grading tool; and the
commands its README documents work inside it."""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from helpers import ASSIGNED, CHAPTERS, SECRET_MARKERS, JupyterLab, lines_of, page_config, public_lines, secret_lines
from dlcourse import notebooks, student_bundle
from dlcourse.grading.samples import solved_submission

# the bundle copies chapters/, which must not change meanwhile (test_lab writes probes there)
pytestmark = [pytest.mark.xdist_group("chapters-folder"), pytest.mark.slow]

PROJECT_VENV = Path(sys.executable).parent.parent


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder, archive = student_bundle.write_bundle(tmp_path_factory.mktemp("bundle"))
    return folder, archive


def files_of(folder):
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_bundle_holds_the_course_and_nothing_else(bundle):
    folder, _ = bundle
    expected = {f"chapters/{c.name}/{nb.name}" for c in CHAPTERS for nb in c.release.glob("*.ipynb")}
    expected |= set(student_bundle.COPIED) | {"environment.yml", "Makefile", "README.md", ".gitignore"}
    assert files_of(folder) == expected


def test_a_stale_release_is_refused(tmp_path):
    """A chapter edited in solutions/ but not released would ship old notebooks."""
    stray = CHAPTERS[0].release / "edited-by-hand.ipynb"
    stray.write_text("{}")
    try:
        with pytest.raises(student_bundle.StaleRelease, match="edited-by-hand.ipynb.*Run `make release` first"):
            student_bundle.write_bundle(tmp_path)
    finally:
        stray.unlink()
    assert not (tmp_path / student_bundle.NAME).exists()


def test_the_zip_holds_the_same_files(bundle):
    folder, archive = bundle
    with zipfile.ZipFile(archive) as zipped:
        names = {n.split("/", 1)[1] for n in zipped.namelist()}
        assert {n.split("/", 1)[0] for n in zipped.namelist()} == {student_bundle.NAME}
    assert names == files_of(folder)




@pytest.fixture(scope="module")
def bundle_text(bundle):
    """The bundle's raw text, the lines of its files and notebook cells, and
    the lines learners may see anyway."""
    folder, _ = bundle
    files = [p for p in folder.rglob("*") if p.is_file()]
    text = "\n".join(p.read_text(errors="replace") for p in files)
    lines = set()
    for path in files:
        if path.suffix == ".ipynb":
            lines |= {line for cell in notebooks.read(path).cells for line in lines_of(cell.source)}
        else:
            lines |= lines_of(path.read_text(errors="replace"))
    return text, lines, public_lines()


@pytest.mark.parametrize("chapter", ASSIGNED, ids=lambda c: c.name)
def test_no_solution_or_hidden_test_is_in_the_bundle(bundle_text, chapter):
    text, lines, public = bundle_text
    for marker in SECRET_MARKERS:
        assert marker not in text
    secret = secret_lines(chapter, public)
    assert secret, "found no solution lines to look for"
    leaked = sorted(secret & lines)
    assert not leaked, f"solution or hidden-test lines of {chapter.name} are in the bundle: {leaked[:5]}"


def test_no_course_tooling_is_in_the_bundle(bundle):
    folder, _ = bundle
    names = files_of(folder)
    for tooling in ("solutions/", "autograder/", "dlcourse/", "tests/", "results/", ".github/", "pyproject.toml"):
        assert not any(n.startswith(tooling) for n in names), tooling
    assert "-e ." not in (folder / "environment.yml").read_text()


def make(folder, *args, timeout=900, **env):
    """`make ARGS` inside the bundle, on the course's own .venv (set up from
    the same pins), as a learner would type it after `make setup`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environment.update(env)
    return subprocess.run(["make", "--no-print-directory", f"VENV={PROJECT_VENV}", *args], cwd=folder,
                          capture_output=True, text=True, timeout=timeout, env=environment)


def test_every_command_the_readme_names_is_a_target(bundle):
    folder, _ = bundle
    readme = (folder / "README.md").read_text()
    named = set(re.findall(r"`make ([a-z-]+)", readme)) | set(re.findall(r"^make ([a-z-]+)", readme, re.M))
    listed = set(re.findall(r"^  ([a-z-]+) ", make(folder, "help").stdout, re.M))
    assert {"lab", "validate", "help"} <= named
    assert named <= listed, f"the README names targets the bundle lacks: {sorted(named - listed)}"
    assert "| `chapters/01-tensors/` |" in readme


def test_setup_counts_as_done_on_a_venv_with_the_same_pins(bundle):
    assert make(bundle[0], "-q", "setup").returncode == 0


@pytest.fixture
def working_copy(bundle, tmp_path):
    """A learner's own copy of the bundle, to work in."""
    copy = tmp_path / "dl-course"
    shutil.copytree(bundle[0], copy, copy_function=shutil.copy2)
    return copy


@pytest.mark.notebooks
def test_validate_fails_the_blank_assignment_and_passes_a_solved_one(working_copy):
    chapter = ASSIGNED[0]
    notebook = f"chapters/{chapter.name}/{chapter.assignment.name}"
    blank = make(working_copy, "validate", f"NB={notebook}")
    assert blank.returncode != 0, blank.stdout + blank.stderr
    assert "VALIDATION FAILED" in blank.stdout and "NotImplementedError" in blank.stdout

    solved = solved_submission(notebooks.read(working_copy / notebook), notebooks.read(chapter.assignment))
    nbformat.write(solved, working_copy / notebook)
    passed = make(working_copy, "validate", f"NB={notebook}")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Success! Your notebook passes all the tests." in passed.stdout


@pytest.mark.notebooks
def test_validate_without_a_notebook_says_what_to_type(working_copy):
    result = make(working_copy, "validate")
    assert result.returncode != 0
    assert "make validate NB=chapters/01-tensors/01-tensors-assignment.ipynb" in result.stdout


@pytest.mark.notebooks
def test_make_lab_serves_the_chapters_with_validate(working_copy):
    lab = JupyterLab(cwd=working_copy, make_args=[f"VENV={PROJECT_VENV}"])
    try:
        lab.wait_until_up()
        _, listing = lab.request("/api/contents")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {c.name for c in CHAPTERS} <= names
        _, page = lab.request("/lab")
        disabled = page_config(page)["disabledExtensions"]
        assert "@jupyter/nbgrader:formgrader" in disabled
        assert "@jupyter/nbgrader:validate-assignment" not in disabled
    finally:
        lab.stop()
