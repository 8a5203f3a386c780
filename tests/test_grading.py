"""Each assignment grades correctly under a real `nbgrader autograde`: the
solution scores full marks, the blank release zero, and every known-wrong
answer loses points on its own exercise only."""

import hashlib
import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ASSIGNED
from dlcourse import notebooks
from dlcourse.grading import Course, exercise_of, solution_cells, solved_submission, with_answer

pytestmark = pytest.mark.grading

WRONG_ANSWERS_DIR = Path(__file__).parent / "wrong_answers"


def wrong_answers(chapter):
    path = WRONG_ANSWERS_DIR / f"{chapter.name}.py"
    if not path.exists():
        pytest.fail(f"{path} is missing: every assignment needs known-wrong answers")
    spec = importlib.util.spec_from_file_location(f"wrong_{chapter.number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


class GradedClass:
    """One chapter's submissions, autograded by real nbgrader runs.

    The class is split into one scratch course per CPU core, graded side by
    side (each course has its own gradebook, so SQLite is never shared)."""

    def __init__(self, chapter, root, workers=max(2, os.cpu_count() or 1)):
        self.chapter = chapter
        instructor = notebooks.read(chapter.assignment)
        released = Course(root / "release").student_version(chapter)
        solved = solved_submission(released, instructor)

        submissions = {"solution": solved, "blank": released}
        self.wrong = {}  # student id -> (answer cell grade id, description)
        for grade_id, answers in wrong_answers(chapter).items():
            for index, (description, source) in enumerate(answers):
                student = f"wrong_{grade_id}_{index}"
                submissions[student] = with_answer(solved, grade_id, source)
                self.wrong[student] = (grade_id, description)
        # written answers are graded by a person, not by known-wrong fixtures
        self.code_answers = {g for g, c in solution_cells(instructor).items() if c.cell_type == "code"}

        students = sorted(submissions)
        shards = [students[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(workers) as pool:
            graded = list(pool.map(
                lambda n: self.grade_shard(Course(root / f"shard-{n}"), shards[n], submissions),
                range(workers)))
        self.course_of = {s: Course(root / f"shard-{n}") for n in range(workers) for s in shards[n]}
        self.written_answers = {g for g, c in solution_cells(instructor).items() if c.cell_type == "markdown"}
        self.scores = {k: v for scores, _, _ in graded for k, v in scores.items()}
        self.log = "\n".join(log for _, log, _ in graded)
        self.modified = [path for _, _, modified in graded for path in modified]

    def grade_shard(self, course, students, submissions):
        course.generate(self.chapter)
        paths = [course.submit(s, self.chapter, submissions[s]) for s in students]
        before = {p: digest(p) for p in paths}
        log = course.autograde(self.chapter)
        modified = [p for p, d in before.items() if digest(p) != d]
        return {s: course.score(self.chapter, s) for s in students}, log, modified

    def score(self, student):
        return self.scores[student]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module", params=ASSIGNED, ids=lambda c: c.name)
def graded(request, tmp_path_factory):
    return GradedClass(request.param, tmp_path_factory.mktemp(request.param.name))


def test_the_solution_scores_full_marks(graded):
    result = graded.score("solution")
    assert result.max_score > 0
    assert result.score == result.max_score, (
        f"the solution lost points on {sorted(result.lost_points())}; see the log:\n{graded.log[-3000:]}")


def test_the_blank_release_scores_zero(graded):
    result = graded.score("blank")
    assert result.score == 0, f"the blank release earned points on " + ", ".join(
        f"{c.grade_id} ({c.score})" for c in result.cells.values() if c.score > 0)


def test_autograding_leaves_submissions_untouched(graded):
    assert graded.modified == []


def test_every_exercise_has_a_known_wrong_answer(graded):
    covered = {grade_id for grade_id, _ in graded.wrong.values()}
    missing = sorted(graded.code_answers - covered)
    assert not missing, f"tests/wrong_answers/{graded.chapter.name}.py has no wrong answer for {missing}"


def test_wrong_answers_lose_points_on_their_own_exercise_only(graded):
    problems = []
    for student, (grade_id, description) in graded.wrong.items():
        result = graded.score(student)
        lost = {exercise_of(g) for g in result.lost_points()}
        if not 0 < result.score < result.max_score:
            problems.append(f"{grade_id} '{description}': scored {result.score}/{result.max_score}")
        elif lost != {exercise_of(grade_id)}:
            problems.append(f"{grade_id} '{description}': lost points on {sorted(lost)}")
    assert not problems, "\n".join(problems)


def test_written_answers_wait_for_a_person_then_count(graded):
    """A written answer is left to the formgrader: autograding marks it as
    needing a manual grade; the score a person gives it joins the total."""
    from nbgrader.api import Gradebook

    if not graded.written_answers:
        pytest.skip("no written answer in this assignment")
    chapter = graded.chapter
    with Gradebook(graded.course_of["solution"].db_url) as gradebook:
        submission = gradebook.find_submission_notebook(chapter.assignment.stem, chapter.name, "solution")
        written = [g for g in submission.grades if g.name in graded.written_answers]
        assert {g.name for g in written} == graded.written_answers
        assert all(g.needs_manual_grade and g.auto_score is None for g in written)
        autograded_total = submission.score
        for grade in written:  # what the formgrader's grade API saves when a person grades it
            grade.manual_score = grade.max_score
            grade.needs_manual_grade = False
        gradebook.db.commit()
        submission = gradebook.find_submission_notebook(chapter.assignment.stem, chapter.name, "solution")
        assert submission.score == autograded_total + sum(g.max_score for g in written)
        assert submission.score == submission.max_score
        assert not any(g.needs_manual_grade for g in submission.grades)
