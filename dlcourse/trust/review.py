"""Mark a graded submission *needs review*, and keep what it did from paying.

Called by dlcourse.trust.plugins.FlagTampering inside ``nbgrader
autograde``, after nbgrader has saved the scores of the test cells.  The
reasons come from two places:

- dlcourse.trust.tampering, reading the learner's code cells (before or without
  running them, so nothing the code does at run time can hide it);
- dlcourse.trust.evidence, what the witness in the kernel reported while the
  notebook ran (test cells without clean evidence have scored zero
  already).

For a flagged submission, every test cell that ran after the first
flagged cell keeps the verdict its tests gave but not its points: in the
gradebook its automatic score becomes 0 and it *needs a manual grade*, so
the formgrader lists it and a person decides.  The flagged answer cell's
comment says why and what the tests gave.  Everything found is written to
the autograded notebook's metadata, ``dlcourse``, where the grading record
(dlcourse.grading) and the feedback (dlcourse.trust.feedback) read it.
"""

from __future__ import annotations

import logging

from nbformat import NotebookNode
from nbgrader.api import Gradebook, MissingEntry

from ..cells import cell_label, is_instructor_cell, is_test_cell, nbgrader_metadata
from .evidence import Conclusion
from .tampering import review_cells

METADATA_KEY = "dlcourse"


def static_findings(nb: NotebookNode) -> tuple[list[str], int | None]:
    """What the learner's code cells contain, and the index of the first cell with a finding."""
    learner = [(cell_label(c, i), c.source) for i, c in enumerate(nb.cells)
               if c.cell_type == "code" and not is_instructor_cell(c)]
    instructor = [c.source for c in nb.cells if c.cell_type == "code" and is_instructor_cell(c)]
    findings = review_cells(learner, instructor)
    flagged = {f.cell for f in findings}
    first = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not is_instructor_cell(c)
                  and cell_label(c, i) in flagged), None)
    return [str(f) for f in findings], first


def flag(nb: NotebookNode, resources: dict, log: logging.Logger) -> NotebookNode:
    """Record the review of ``nb`` in its metadata and hold the points
    that depend on flagged code (see the module's description)."""
    run: Conclusion = resources.get("dlcourse") or Conclusion(feedback={"cutoff": 0, "output_digests": {}})
    static, first = static_findings(nb)
    reasons = static + run.findings
    starts = [i for i in (first, run.first_flagged_cell) if i is not None]
    held: dict[str, float] = {}
    if starts:
        # the comment is shown in feedback too: the learner's own code, and the grader's words
        held = _hold(nb, resources, min(starts), static + run.summary)
        log.warning("needs review: %s", "; ".join(reasons))
    nb.metadata[METADATA_KEY] = {"needs_review": reasons, "held": held, "zeroed": run.zeroed,
                                 "feedback": run.feedback}
    return nb


def _hold(nb: NotebookNode, resources: dict, start: int, reasons: list[str]) -> dict[str, float]:
    """Hold the points of the test cells after cell ``start``; say why in the comment of an answer cell."""
    info = resources.get("nbgrader")
    if not info:
        return {}
    notebook, assignment, student = info["notebook"], info["assignment"], info["student"]
    held: dict[str, float] = {}
    with Gradebook(info["db_url"]) as gradebook:
        for cell in nb.cells[start + 1:]:
            if not is_test_cell(cell):
                continue
            grade = gradebook.find_grade(nbgrader_metadata(cell)["grade_id"], notebook, assignment, student)
            if grade.auto_score:
                held[grade.name] = grade.auto_score
                grade.auto_score = 0.0
                grade.needs_manual_grade = True
        answers = [c for c in nb.cells[start:] + nb.cells[:start] if nbgrader_metadata(c).get("solution")]
        if answers:
            try:
                comment = gradebook.find_comment(nbgrader_metadata(answers[0])["grade_id"], notebook,
                                                 assignment, student)
            except MissingEntry:
                comment = None
            if comment is not None:
                comment.auto_comment = review_comment(reasons, held)
        gradebook.db.commit()
    return held


def review_comment(reasons: list[str], held: dict[str, float]) -> str:
    """The note a grader reads in the formgrader."""
    lines = ["Needs review. The autograder found code that can change how later cells run or what "
             "the tests see:", *[f"- {reason}" for reason in reasons]]
    if held:
        lines += ["The tests after it passed but their points are held until you grade them "
                  "(give the points if the code is innocent):",
                  *[f"- {name}: {points:g} point(s)" for name, points in held.items()]]
    return "\n".join(lines)
