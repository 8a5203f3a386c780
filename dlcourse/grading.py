"""Run real nbgrader commands, with the course's configuration, in a course
folder of your choice.

The course's ``autograder/nbgrader_config.py`` is always loaded (nbgrader
runs with ``autograder/`` as its working directory); only the folders and
the gradebook are redirected, so a scratch course grades exactly as the
instructor's does.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .layout import AUTOGRADER, SOLUTIONS, Chapter
from .notebooks import kernel_environment, nbgrader_cells


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited with an error; the message holds its log."""


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float


@dataclass
class SubmissionScore:
    student: str
    score: float
    max_score: float
    cells: dict[str, CellScore]

    def lost_points(self) -> dict[str, CellScore]:
        """Grade cells that did not get full marks, by grade id."""
        return {k: c for k, c in self.cells.items() if c.score < c.max_score}


class Course:
    """An nbgrader course folder driven through nbgrader's command line."""

    def __init__(self, root: Path, source: Path = SOLUTIONS):
        self.root = Path(root).resolve()
        self.source = Path(source).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    @property
    def release_dir(self) -> Path:
        return self.root / "release"

    def nbgrader_arguments(self, *args: str) -> list[str]:
        """``args`` for nbgrader, pointed at this course's folders and gradebook."""
        return [
            *args,
            f"--CourseDirectory.root={self.root}",
            f"--CourseDirectory.source_directory={self.source}",
            f"--CourseDirectory.release_directory={self.release_dir}",
            f"--CourseDirectory.db_url={self.db_url}",
        ]

    def nbgrader(self, *args: str, env: dict[str, str] | None = None, timeout: float | None = None) -> str:
        """Run ``nbgrader ARGS`` for this course; return its log.  Past
        ``timeout`` seconds nbgrader is killed (a sandboxed kernel dies with
        it) and subprocess.TimeoutExpired raised."""
        command = [sys.executable, "-m", "nbgrader", *self.nbgrader_arguments(*args)]
        result = subprocess.run(
            command, cwd=AUTOGRADER, capture_output=True, text=True,
            env=kernel_environment(**(env or {})), timeout=timeout,
        )
        log = result.stdout + result.stderr
        if result.returncode != 0:
            raise NbgraderFailed(f"{' '.join(command[2:4])} exited {result.returncode}:\n{log}")
        return log

    def generate(self, chapter: Chapter) -> Path:
        """Generate the student version of ``chapter``'s assignment."""
        self.nbgrader("generate_assignment", chapter.name, "--force")
        return self.release_dir / chapter.name

    def student_version(self, chapter: Chapter) -> nbformat.NotebookNode:
        """Generate ``chapter``'s assignment and read what students get."""
        return nbformat.read(self.generate(chapter) / chapter.assignment.name, as_version=4)

    def submit(self, student: str, chapter: Chapter, notebook: nbformat.NotebookNode | Path) -> Path:
        """Place a submission where ``nbgrader autograde`` looks for it."""
        folder = self.root / "submitted" / student / chapter.name
        folder.mkdir(parents=True, exist_ok=True)
        destination = folder / chapter.assignment.name
        if isinstance(notebook, Path):
            destination.write_bytes(notebook.read_bytes())
        else:
            nbformat.write(notebook, destination)
        return destination

    def autograde(self, chapter: Chapter, *options: str, env: dict[str, str] | None = None) -> str:
        """Autograde every submission of ``chapter``; return nbgrader's log."""
        return self.nbgrader("autograde", chapter.name, "--force", *options, env=env)

    def autograded(self, chapter: Chapter, student: str) -> nbformat.NotebookNode:
        """The notebook as autograding left it, outputs included."""
        return nbformat.read(
            self.root / "autograded" / student / chapter.name / chapter.assignment.name, as_version=4)

    def score(self, chapter: Chapter, student: str) -> SubmissionScore:
        """The autograded part of a submission's score: code test cells only
        (written answers wait for a person in the formgrader)."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url) as gradebook:
            notebook = gradebook.find_submission_notebook(
                chapter.assignment.stem, chapter.name, student)
            cells = {
                grade.name: CellScore(grade.name, grade.score, grade.max_score)
                for grade in notebook.grades if grade.cell.cell_type == "code"
            }
        return SubmissionScore(
            student,
            score=sum(c.score for c in cells.values()),
            max_score=sum(c.max_score for c in cells.values()),
            cells=cells,
        )


# --- Building submissions the way a learner would ---------------------------

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def without_markers(source: str) -> str:
    """The instructor's answer as a learner would type it: no marker lines."""
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in SOLUTION_MARKERS
    )


def exercise_of(grade_id: str) -> str:
    """Grade ids start with their exercise: ``ex3_gradient_test`` -> ``ex3``."""
    match = re.match(r"(ex\d+)_", grade_id)
    if not match:
        raise ValueError(f"grade id {grade_id!r} does not start with exN_ (see README, Writing a chapter)")
    return match.group(1)


def solution_cells(notebook: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """Answer cells (code, or markdown for written answers), by grade id."""
    return {
        grade_id: cell for grade_id, cell in nbgrader_cells(notebook).items()
        if cell.metadata.nbgrader.get("solution")
    }


def solved_submission(released: nbformat.NotebookNode,
                      instructor: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version with every answer cell filled in from the
    instructor version: what a learner who got everything right submits."""
    submission = copy.deepcopy(released)
    answers = solution_cells(instructor)
    for grade_id, cell in solution_cells(submission).items():
        cell.source = without_markers(answers[grade_id].source)
    return submission


def with_answer(submission: nbformat.NotebookNode, grade_id: str, source: str) -> nbformat.NotebookNode:
    """A copy of ``submission`` with one answer cell replaced."""
    changed = copy.deepcopy(submission)
    cells = solution_cells(changed)
    if grade_id not in cells:
        raise KeyError(f"no answer cell with grade id {grade_id!r}; answer cells: {sorted(cells)}")
    cells[grade_id].source = source
    return changed
