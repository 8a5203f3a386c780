"""Submissions made from the instructor's notebook, the way a learner would
make them: the release with every answer filled in (solved_submission),
one answer replaced (with_answer), and a small class of solved, blank,
partly solved and damaged submissions to try the grading steps on
(sample_class, write_sample_class).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from .. import notebooks
from ..cells import solution_cells, without_markers
from ..layout import Chapter
from .course import Course


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


def sample_class(course: Course, chapter: Chapter, size: int = 4,
                 damaged: bool = True) -> dict[str, nbformat.NotebookNode | bytes]:
    """Submissions to try the workflow on, by student id, in turns of four:
    solved; blank (the release as is); solved but for one exercise (a
    different one each turn); and a file cut short in the middle of its
    JSON, as a failed upload leaves it.  Without ``damaged``, turns of
    three: the damaged file is left out."""
    instructor = notebooks.read(chapter.assignment)
    released = course.student_version(chapter)
    solved = solved_submission(released, instructor)
    blank_answers = {g: c.source for g, c in solution_cells(released).items() if c.cell_type == "code"}
    partly = [with_answer(solved, grade_id, source) for grade_id, source in sorted(blank_answers.items())]
    kinds = ["solved", "blank", "partly", "damaged"] if damaged else ["solved", "blank", "partly"]
    submissions: dict[str, nbformat.NotebookNode | bytes] = {}
    for number in range(size):
        kind = kinds[number % len(kinds)]
        student = f"sample{number + 1:03d}-{kind}"
        if kind == "solved":
            submissions[student] = solved
        elif kind == "blank":
            submissions[student] = released
        elif kind == "partly":
            submissions[student] = partly[number // len(kinds) % len(partly)] if partly else solved
        else:
            text = nbformat.writes(solved).encode()
            submissions[student] = text[: len(text) // 2]
    return submissions


def write_sample_class(course: Course, chapter: Chapter, folder: Path, size: int = 4) -> list[Path]:
    """Write sample_class() into ``folder`` as a download would hold it: one
    sub-folder per student with the notebook inside.  Refuses to write into
    a folder that already has files, so nothing is overwritten."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty: name a new folder for the sample class")
    written = []
    for student, submission in sample_class(course, chapter, size).items():
        path = folder / student / chapter.assignment.name
        path.parent.mkdir(parents=True)
        if isinstance(submission, bytes):
            path.write_bytes(submission)
        else:
            nbformat.write(submission, path)
        written.append(path)
    return written
