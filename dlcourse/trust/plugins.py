"""The course's additions to nbgrader, named in autograder/nbgrader_config.py.

- :class:`GuardedExecute` gathers, from outside the kernel, evidence that
  each test cell ran to its end undisturbed (dlcourse.trust.evidence), and gives
  a test cell without it no points.
- :class:`SandboxedExecute` also runs each submission's kernel in the
  sandbox of :mod:`dlcourse.trust.sandbox` and caps what one cell may record.
- :class:`FlagTampering` marks a submission *needs review* when its code
  could change how later cells run (dlcourse.trust.tampering) or the run showed
  it did, and holds the points of the tests after it for a person.
- :class:`SafeFeedback` builds feedback that carries nothing derived from
  the hidden tests (dlcourse.trust.feedback).
- :class:`ExerciseScoresExporter` exports grades with one column per
  exercise, beside nbgrader's totals.
- :class:`LatePenaltyPerDay` takes a share of a late submission's score
  off for each day, or part of a day, past the due date.
"""

from __future__ import annotations

import csv
import math
import re
import typing as t

from nbformat import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin, LateSubmissionPlugin
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Float, Unicode

from ..cells import exercise_of
from ..grading.course import GradingRecords, Outcome
from . import feedback, review
from .evidence import Witness
from .sandbox import CappedKernelManager, require_tools

MAX_CELL_OUTPUT_BYTES = 1 * 2**20   # what one cell may print before the grader stops recording


def _output_size(output: NotebookNode) -> int:
    if output.get("output_type") == "stream":
        return len(output.get("text", ""))
    return (sum(len(str(value)) for value in output.get("data", {}).values())
            + sum(len(line) for line in output.get("traceback", [])))


class GuardedExecute(Execute):
    """nbgrader's Execute, with a witness (dlcourse.trust.evidence) in the kernel:
    each cell is sent with a request for the witness's report, each test
    cell with an end marker, and after the last cell every test cell
    without a clean report gets an error, so it scores zero.  What the
    witness found goes to FlagTampering in ``resources["dlcourse"]``."""

    witness: Witness | None = None
    _expressions: dict[str, str] | None = None   # what the current cell's request asks the witness
    _guard_ready = False

    def preprocess(self, nb, resources=None, km=None):
        self.witness = Witness(nb)
        self._guard_ready = False
        nb, resources = super().preprocess(nb, resources, km=km)
        resources["dlcourse"] = self.witness.conclude(nb)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        assert self.witness is not None
        if not self._guard_ready:
            self._start_guard()
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        self.witness.before(index, self.nb)
        original = cell.source   # the stored notebook keeps it; the kernel gets it with the end marker
        cell.source, self._expressions = self.witness.request(index, cell)
        try:
            return super().preprocess_cell(cell, resources, index)
        finally:
            cell.source, self._expressions = original, None

    def _start_guard(self) -> None:
        """Install the witness, silently, before the submission's first cell;
        from then on every execute request asks for its report."""
        assert self.kc is not None and self.witness is not None
        code, expressions = self.witness.setup_request()
        reply = self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False,
                                                    user_expressions=expressions))
        if not Witness.ready(reply):
            content = (reply or {}).get("content", {})
            raise RuntimeError(f"the grader could not start its witness in the kernel: "
                               f"{content.get('ename', 'no reply')}: {content.get('evalue', '')}")
        client, send = self.kc, type(self.kc).execute

        def execute(code, *args, **kwargs):
            if self._expressions is not None:
                kwargs["user_expressions"] = self._expressions
            return send(client, code, *args, **kwargs)

        self.kc.execute = execute
        self._guard_ready = True

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        if self.witness is not None and self._expressions is not None:
            self.witness.receive(kwargs["cell_index"], kwargs["execute_reply"])


class SandboxedExecute(GuardedExecute):
    """GuardedExecute, with kernels in the sandbox and each cell's
    recorded output capped at MAX_CELL_OUTPUT_BYTES."""

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        require_tools()  # fail at once, saying what to install, rather than once per cell
        kwargs["kernel_manager_class"] = CappedKernelManager
        super().__init__(*args, **kwargs)
        self._recorded: dict[int, int] = {}

    def preprocess(self, nb, resources=None, km=None):
        self._recorded = {}
        return super().preprocess(nb, resources, km=km)

    def output(self, outs, msg, display_id, cell_index):
        recorded = self._recorded.get(cell_index, 0)
        if recorded > MAX_CELL_OUTPUT_BYTES:
            return None  # already cut: drop the rest
        out = super().output(outs, msg, display_id, cell_index)
        if out is None:
            return None
        budget = MAX_CELL_OUTPUT_BYTES - recorded
        recorded += _output_size(out)
        self._recorded[cell_index] = recorded
        if recorded > MAX_CELL_OUTPUT_BYTES:
            self.log.warning("cell %d printed more than %d MiB: the grader stopped recording its output",
                             cell_index + 1, MAX_CELL_OUTPUT_BYTES // 2**20)
            if out.get("output_type") == "stream" and budget > 0:
                out.text = out.text[:budget]  # keep the start of the text
            else:
                outs.remove(out)
            outs.append(NotebookNode(output_type="stream", name="stdout", text=(
                f"\n[the grader stopped recording this cell's output after "
                f"{MAX_CELL_OUTPUT_BYTES // 2**20} MiB]\n")))
        return out


# --- Review and feedback -------------------------------------------------------

class FlagTampering(NbGraderPreprocessor):
    """Autograde step after nbgrader's SaveAutoGrades: read the learner's
    code for tampering (dlcourse.trust.tampering), join what GuardedExecute
    found, and for a flagged submission hold the points of every test
    that ran after the first flagged cell (they wait in the formgrader as
    "needs manual grade", with the tests' own verdict in a comment).  The
    findings go into the autograded notebook's metadata, for the grading
    record and for the feedback."""

    def preprocess(self, nb, resources):
        return review.flag(nb, resources, self.log), resources


class SafeFeedback(NbGraderPreprocessor):
    """Feedback step: what a learner may see of the graded notebook, and
    nothing derived from the hidden tests (dlcourse.trust.feedback)."""

    def preprocess(self, nb, resources):
        return feedback.safe_notebook(nb), resources


# --- Export -------------------------------------------------------------------

def exercise_name(grade_id: str) -> str:
    """``exN`` for a grade id that follows the course's naming, else the grade id itself."""
    try:
        return exercise_of(grade_id)
    except ValueError:
        return grade_id


def _natural(name: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


class ExerciseScoresExporter(ExportPlugin):
    """Grades as CSV: one row per student and chapter, one column per
    exercise (test cells and written answers, summed by their exN_
    prefix), then nbgrader's totals.  With ``records`` (a course's
    grading-records folder, dlcourse.grading.course.GradingRecords), a
    status column says whether and how each submission was graded,
    ``needs_review`` why a person should look at it, and submissions
    nbgrader could not grade are listed with their reason instead of
    missing from the file."""

    records = Unicode("", help="the course's grading-records folder (dlcourse.grading)").tag(config=True)

    def export(self, gradebook: Gradebook) -> None:
        destination = self.to or "grades.csv"
        assignments = [a for a in gradebook.assignments if not self.assignment or a.name in self.assignment]
        exercises: set[str] = set()
        rows = []
        for assignment in assignments:
            rows += [self._row(gradebook, assignment, student, exercises)
                     for student in self._students(gradebook, assignment)]
        rows.sort(key=lambda r: (r["chapter"], r["student_id"]))
        columns = (["chapter", "student_id", "status", "detail", "needs_review", "timestamp", "duedate",
                    "seconds_late"]
                   + sorted(exercises, key=_natural)
                   + ["needs_manual_grade", "raw_score", "late_penalty", "score", "max_score"])
        with open(destination, "w", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows)
        self.log.info("Exported %d row(s) to %s", len(rows), destination)

    def _students(self, gradebook: Gradebook, assignment) -> list[str]:
        """The gradebook's students, and those with a grading record for
        ``assignment``: a submission nbgrader could not grade at all never
        reaches the gradebook, and is listed with its reason."""
        students = {student.id for student in gradebook.students}
        if self.records:
            students |= GradingRecords(self.records).students(assignment.name)
        return sorted(s for s in students if not self.student or s in self.student)

    def _record(self, chapter: str, student: str) -> Outcome | None:
        return GradingRecords(self.records).read(chapter, student) if self.records else None

    def _row(self, gradebook: Gradebook, assignment, student: str, exercises: set[str]) -> dict:
        record = self._record(assignment.name, student)
        detail, review = (record.detail, record.review) if record else ("", [])
        row = {"chapter": assignment.name, "student_id": student, "duedate": assignment.duedate or "",
               "max_score": assignment.max_score, "needs_review": "; ".join(review), "detail": detail}
        try:
            submission = gradebook.find_submission(assignment.name, student)
        except MissingEntry:
            return {**row, "status": record.status if record else "no submission", "score": 0, "raw_score": 0}
        per_exercise: dict[str, float] = {}
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                name = exercise_name(grade.name)
                per_exercise[name] = per_exercise.get(name, 0.0) + (grade.score or 0.0)
        exercises.update(per_exercise)
        return {**row, **per_exercise,
                "status": record.status if record else "graded",
                "timestamp": submission.timestamp or "", "seconds_late": round(submission.total_seconds_late),
                "needs_manual_grade": submission.needs_manual_grade,
                "raw_score": submission.score, "late_penalty": submission.late_submission_penalty,
                "score": submission.score - submission.late_submission_penalty}


SECONDS_PER_DAY = 24 * 60 * 60


class LatePenaltyPerDay(LateSubmissionPlugin):
    """nbgrader's late-submission plugin with a penalty per day: with
    ``percent_per_day`` set, each day or part of a day past the due date
    takes that share of the notebook's autograded score off, never more
    than the score.  At 0 (the default) nbgrader's own ``penalty_method``
    applies, which by default flags late work without a penalty."""

    percent_per_day = Float(0.0, help="percent of the score off per started day late (0: no penalty)").tag(
        config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float):
        if self.percent_per_day <= 0:
            return super().late_submission_penalty(student_id, score, total_seconds_late)
        if total_seconds_late <= 0:
            return None
        days = math.ceil(total_seconds_late / SECONDS_PER_DAY)
        penalty = min(score, score * self.percent_per_day / 100 * days)
        self.log.info("%s is %d day(s) late: %g of %g points off", student_id, days, penalty, score)
        return penalty
