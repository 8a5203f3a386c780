"""Each assignment grades correctly under a real `nbgrader autograde`: the
solution scores full marks, the blank release zero (failing with
NotImplementedError alone), and every known-wrong answer loses points on
its own exercise only; none of them is flagged for review
(dlcourse.trust.review), so the tampering checks raise no false alarm.

Known-wrong answers are graded in rounds: one submission carries one
mistake per exercise (see dlcourse.exercises.rounds), which is sound
because test_notebook_conventions proves no answer binds a name another
exercise reads."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import ASSIGNED, file_digest, known_wrong_answers
from dlcourse import notebooks
from dlcourse.cells import exercise_of, nbgrader_metadata, solution_cells
from dlcourse.exercises import rounds
from dlcourse.grading.autograde import needs_review
from dlcourse.grading.course import Course
from dlcourse.grading.samples import solved_submission, with_answer

pytestmark = pytest.mark.grading


class GradedChapter:
    """One chapter's submissions, autograded by real nbgrader runs.

    The class is split into one scratch course per CPU core, graded side by
    side (each course has its own gradebook, so SQLite is never shared)."""

    def __init__(self, chapter, root, workers=max(2, os.cpu_count() or 1)):
        self.chapter = chapter
        instructor = notebooks.read(chapter.assignment)
        # what learners start from: chapters/ (test_release proves it is what nbgrader generates)
        released = notebooks.read(chapter.release / chapter.assignment.name)
        solved = solved_submission(released, instructor)

        submissions = {"solution": solved, "blank": released}
        self.wrong = {}  # student id -> {exercise: the WrongAnswer it carries}
        for number, mistakes in enumerate(rounds(known_wrong_answers(chapter))):
            student = f"wrong_round_{number}"
            submission = solved
            for mistake in mistakes.values():
                submission = with_answer(submission, mistake.grade_id, mistake.source)
            submissions[student] = submission
            self.wrong[student] = mistakes
        # written answers are graded by a person, not by known-wrong fixtures
        self.code_answers = {g for g, c in solution_cells(instructor).items() if c.cell_type == "code"}

        students = sorted(submissions)
        shards = [students[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(workers) as pool:
            graded = list(pool.map(
                lambda n: self.grade_shard(Course(root / f"shard-{n}"), shards[n], submissions, worker=n),
                range(workers)))
        self.course_of = {s: Course(root / f"shard-{n}") for n in range(workers) for s in shards[n]}
        self.written_answers = {g for g, c in solution_cells(instructor).items() if c.cell_type == "markdown"}
        self.scores = {k: v for scores, _, _ in graded for k, v in scores.items()}
        self.log = "\n".join(log for _, log, _ in graded)
        self.modified = [path for _, _, modified in graded for path in modified]

    def grade_shard(self, course, students, submissions, worker):
        course.generate(self.chapter)
        paths = [course.submit(s, self.chapter, submissions[s]) for s in students]
        before = {p: file_digest(p) for p in paths}
        # each shard's kernels run as their own sandbox user, as dlcourse.grading's workers do
        log = course.autograde(self.chapter, env={"DLCOURSE_WORKER": str(worker)})
        modified = [p for p, d in before.items() if file_digest(p) != d]
        return {s: course.score(self.chapter, s) for s in students}, log, modified

    def score(self, student):
        return self.scores[student]



# Under pytest-xdist each chapter's class is graded once, on one worker.
@pytest.fixture(scope="module", ids=lambda c: c.name,
                params=[pytest.param(c, marks=pytest.mark.xdist_group(f"grading-{c.name}")) for c in ASSIGNED])
def graded(request, tmp_path_factory):
    return GradedChapter(request.param, tmp_path_factory.mktemp(request.param.name))


def test_the_solution_scores_full_marks(graded):
    result = graded.score("solution")
    assert result.max_score > 0
    assert result.score == result.max_score, (
        f"the solution lost points on {sorted(result.lost_points())}; see the log:\n{graded.log[-3000:]}")


def test_the_blank_release_scores_zero(graded):
    result = graded.score("blank")
    assert result.score == 0, "the blank release earned points on " + ", ".join(
        f"{c.grade_id} ({c.score})" for c in result.cells.values() if c.score > 0)


def test_the_blank_release_fails_only_with_not_implemented_error(graded):
    """Run as released, each stub stops its own exercise's test with
    NotImplementedError, and nothing else fails: no stub leaves a class
    undefined for a confusing NameError, and no set-up cell depends on an
    answer."""
    autograded = graded.course_of["blank"].autograded(graded.chapter, "blank")
    problems = []
    for cell in autograded.cells:
        if cell.cell_type != "code":
            continue
        nbgrader = nbgrader_metadata(cell)
        name = nbgrader.get("grade_id", cell.source.splitlines()[0] if cell.source else "an empty cell")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors and not (nbgrader.get("solution") or nbgrader.get("grade")):
            problems.append(f"{name}: {errors[0].ename} in a cell that is neither an answer nor a test")
        problems += [f"{name}: {e.ename}: {e.evalue[:200]}" for e in errors if e.ename != "NotImplementedError"]
        if nbgrader.get("grade") and not errors:
            problems.append(f"{name}: the test passed without an answer")
    assert not problems, "\n".join(problems)


def test_no_solution_blank_or_known_wrong_answer_is_flagged_for_review(graded):
    """The checks for tampering (the learner's code read before it runs, the
    witness in the kernel after every cell) find nothing in honest work."""
    flagged = {student: reasons for student in graded.scores
               if (reasons := needs_review(graded.course_of[student].autograded(graded.chapter, student)))}
    assert not flagged, "false alarms:\n" + "\n".join(f"{s}: {r}" for s, r in flagged.items())


def test_autograding_leaves_submissions_untouched(graded):
    assert graded.modified == []


def test_every_exercise_has_a_known_wrong_answer(graded):
    covered = {m.grade_id for mistakes in graded.wrong.values() for m in mistakes.values()}
    missing = sorted(graded.code_answers - covered)
    assert not missing, f"tests/wrong_answers/{graded.chapter.name}.py has no wrong answer for {missing}"


def test_wrong_answers_lose_points_on_their_own_exercise_only(graded):
    problems = []
    for student, mistakes in graded.wrong.items():
        result = graded.score(student)
        lost = {exercise_of(g) for g in result.lost_points()}
        for exercise, mistake in mistakes.items():
            if exercise not in lost:
                problems.append(f"{mistake.grade_id} '{mistake.description}': kept full marks")
        for exercise in sorted(lost - set(mistakes)):
            carried = "; ".join(f"{m.grade_id} '{m.description}'" for m in mistakes.values())
            problems.append(f"{exercise} lost points although its answer was right, "
                            f"in a submission carrying: {carried}")
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
