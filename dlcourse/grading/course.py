"""The course folder: every path in it, its due dates, its grading records,
and nbgrader run on it.

    COURSE/                          autograder/ for the live course
      due-dates.json                 {chapter: due date}, kept in git
      gradebook.db                   nbgrader's gradebook
      release/CHAPTER/               the student version
      downloaded/CHAPTER/archive/    LMS zips, for nbgrader zip_collect (scratch courses)
      submitted/STUDENT/CHAPTER/     as collected (never modified)
      autograded/STUDENT/CHAPTER/    as autograding left it, outputs included
      feedback/STUDENT/CHAPTER/      HTML feedback
      grades.csv                     the export: a column per exercise
      grading-records/CHAPTER/       STUDENT.json (an Outcome) and STUDENT.log
      replaced-submissions/TIME/STUDENT/CHAPTER/   earlier submissions, never deleted

The course's ``autograder/nbgrader_config.py`` is always loaded (nbgrader
runs with ``autograder/`` as its working directory); only the folders and
the gradebook are redirected, so a scratch course grades exactly as the
instructor's does.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import nbformat

from ..layout import SOLUTIONS, Chapter
from .runners import FreshProcessRunner, Runner

DUE_DATES = "due-dates.json"
RECORDS = "grading-records"
REPLACED = "replaced-submissions"


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


@dataclass
class Outcome:
    """What autograding one submission gave: its grading record."""

    student: str
    status: str          # "graded", "graded with errors" or "not graded"
    detail: str
    score: float | None
    max_score: float | None
    seconds: float
    # why a person should look at it (dlcourse.trust.review): code that can change how
    # later cells run, or a test without evidence that it ran to its end
    review: list[str] = field(default_factory=list)

    def line(self) -> str:
        points = "" if self.score is None else f"{self.score:g}/{self.max_score:g} points, "
        line = f"{self.student}: {self.status} ({points}{self.seconds:.1f} s){': ' + self.detail if self.detail else ''}"
        if self.review:
            more = f" (and {len(self.review) - 1} more, in its grading record)" if len(self.review) > 1 else ""
            line += f"; NEEDS REVIEW: {self.review[0]}{more}"
        return line


class GradingRecords:
    """The grading-records/ folder: per chapter, each student's Outcome
    (STUDENT.json) and nbgrader's log (STUDENT.log)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def write(self, chapter: str, outcome: Outcome, log: str) -> None:
        folder = self.folder / chapter
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{outcome.student}.log").write_text(log)
        (folder / f"{outcome.student}.json").write_text(json.dumps(asdict(outcome), indent=1))

    def read(self, chapter: str, student: str) -> Outcome | None:
        path = self.folder / chapter / f"{student}.json"
        if not path.exists():
            return None
        recorded = json.loads(path.read_text())
        return Outcome(**{f.name: recorded[f.name] for f in fields(Outcome) if f.name in recorded})

    def students(self, chapter: str) -> set[str]:
        folder = self.folder / chapter
        if not folder.is_dir():
            return set()
        return {path.name[:-len(".json")] for path in folder.iterdir() if path.name.endswith(".json")}


class Course:
    """An nbgrader course folder driven through nbgrader's command line,
    each command run by ``runner`` (default: a fresh process per command)."""

    def __init__(self, root: Path, source: Path = SOLUTIONS, runner: Runner | None = None):
        self.root = Path(root).resolve()
        self.source = Path(source).resolve()
        self.runner: Runner = runner or FreshProcessRunner()
        # every path in the course folder (see the module's docstring)
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"
        self.release_dir = self.root / "release"
        self.downloaded_dir = self.root / "downloaded"
        self.submitted_dir = self.root / "submitted"
        self.autograded_dir = self.root / "autograded"
        self.feedback_dir = self.root / "feedback"
        self.records_dir = self.root / RECORDS
        self.records = GradingRecords(self.records_dir)
        self.replaced_dir = self.root / REPLACED
        self.due_dates_file = self.root / DUE_DATES
        self.grades_file = self.root / "grades.csv"
        self.root.mkdir(parents=True, exist_ok=True)

    def with_runner(self, runner: Runner) -> "Course":
        """The same course, its nbgrader commands run by ``runner``."""
        view = copy.copy(self)
        view.runner = runner
        return view

    # --- Submissions ------------------------------------------------------------

    def submission_folder(self, chapter: Chapter, student: str) -> Path:
        return self.submitted_dir / student / chapter.name

    def students_who_submitted(self, chapter: Chapter) -> list[str]:
        if not self.submitted_dir.is_dir():
            return []
        return sorted(p.name for p in self.submitted_dir.iterdir() if (p / chapter.name).is_dir())

    def submitted(self, chapter: Chapter, student: str) -> nbformat.NotebookNode:
        return nbformat.read(self.submission_folder(chapter, student) / chapter.assignment.name, as_version=4)

    def released(self, chapter: Chapter) -> nbformat.NotebookNode:
        """The student version, as generate() left it."""
        return nbformat.read(self.release_dir / chapter.name / chapter.assignment.name, as_version=4)

    def autograded(self, chapter: Chapter, student: str) -> nbformat.NotebookNode:
        """The notebook as autograding left it, outputs included."""
        return nbformat.read(
            self.autograded_dir / student / chapter.name / chapter.assignment.name, as_version=4)

    # --- Due dates -------------------------------------------------------------

    def due_dates(self) -> dict[str, str]:
        path = self.due_dates_file
        return json.loads(path.read_text()) if path.exists() else {}

    def set_due_date(self, chapter: Chapter, when: str) -> str:
        from nbgrader.utils import parse_utc

        try:
            parsed = parse_utc(when)
        except (ValueError, OverflowError) as error:
            raise SystemExit(f"cannot read {when!r} as a date and time ({error}); "
                             "write it like '2026-12-01 23:59 UTC' or '2026-12-01T23:59+01:00'") from error
        dates = self.due_dates()
        dates[chapter.name] = parsed.strftime("%Y-%m-%d %H:%M:%S UTC")
        self.due_dates_file.write_text(json.dumps(dates, indent=1, sort_keys=True) + "\n")
        return dates[chapter.name]

    # --- nbgrader --------------------------------------------------------------

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
        """Run ``nbgrader ARGS`` for this course through its runner; return
        its log (see dlcourse.grading.runners)."""
        return self.runner.run(self.nbgrader_arguments(*args), env or {}, timeout)

    def generate(self, chapter: Chapter) -> Path:
        """Generate the student version of ``chapter``'s assignment."""
        self.nbgrader("generate_assignment", chapter.name, "--force")
        return self.release_dir / chapter.name

    def student_version(self, chapter: Chapter) -> nbformat.NotebookNode:
        """Generate ``chapter``'s assignment and read what students get."""
        self.generate(chapter)
        return self.released(chapter)

    def submit(self, student: str, chapter: Chapter, notebook: nbformat.NotebookNode | Path) -> Path:
        """Place a submission where ``nbgrader autograde`` looks for it."""
        folder = self.submission_folder(chapter, student)
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
