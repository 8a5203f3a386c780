"""The instructor's workflow (dlcourse.grading) on a class of real and
broken submissions, graded by real nbgrader runs in the sandbox.

The assignment is a tiny one (two exercises, no TensorFlow) so that a
class of twenty submissions grades in a minute or two; each broken
submission is one a real class produces, and each must get a clear
outcome while everyone else is graded as usual and no file is changed."""

import csv
import json
import re
import shutil

import nbformat
import pytest

from helpers import folder_digest, nbgrader_cell, one_assignment_course

from dlcourse.cells import nbgrader_metadata
from dlcourse.grading import autograde, intake, reports
from dlcourse.grading.samples import solved_submission, with_answer
from dlcourse.layout import Chapter
from dlcourse.trust import memory_cap

# one worker grades the class once for all these tests (make test runs them in parallel)
pytestmark = [pytest.mark.grading, pytest.mark.xdist_group("classroom")]

PROBE = Chapter("00-class-probe")
CELL_TIMEOUT = 10          # seconds, instead of the course's 180, so the infinite loop ends soon
SUBMISSION_TIMEOUT = 240   # seconds for one whole submission




def assignment_cells():
    return [
        nbgrader_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", "ex1_double"),
        nbgrader_cell('assert double(2) == 4, "double(2) should be 4"\nprint("visible tests passed")\n'
             "### BEGIN HIDDEN TESTS\n"
             'assert double(-3) == -6, "double(-3) should be -6: SECRET-HIDDEN-CHECK"\n'
             "### END HIDDEN TESTS", "ex1_double_test", points=2),
        nbgrader_cell('def greet(name):\n    ### BEGIN SOLUTION\n    return f"hello {name}"\n    ### END SOLUTION',
             "ex2_greet"),
        nbgrader_cell('assert greet("ada") == "hello ada", "greet(\'ada\') should be \'hello ada\'"',
             "ex2_greet_test", points=1),
    ]


def answer_then(extra, before=""):
    """The right answer to exercise 1, with ``extra`` code after it (``before`` it)."""
    return before + "def double(x):\n    return 2 * x\n" + extra


WRONG = "def double(x):\n    return x + 2\n"   # passes the visible test, fails the hidden one

# Five processes that each stay under the per-process limit but together hold
# more than the submission's memory cap (MEMORY_CAP below).
FAN_OUT = """import os, time
children = []
for _ in range(5):
    pid = os.fork()
    if pid == 0:  # a copy of the kernel: it must never go back to the kernel's work
        try:
            hoard = b"x" * (450 * 2**20)  # written, so really held
            time.sleep(3)  # long enough for all five to hold theirs at once
        finally:
            os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
"""
PROCESS_MEMORY = 3 * 2**29   # 1.5 GiB per process: small, so that the bombs below go off soon
MEMORY_CAP = 7 * 2**28       # 1.75 GiB for the submission, above the per-process limit
CGROUPS_UNAVAILABLE = memory_cap.unavailable()


def build_class(released, solved, paths):
    """{student id: notebook or raw bytes} and {student id: file name} for the class."""
    def answer(source):
        return with_answer(solved, "ex1_double", source)

    def without_cell(grade_id):
        notebook = nbformat.from_dict(json.loads(nbformat.writes(solved)))
        notebook.cells = [c for c in notebook.cells if nbgrader_metadata(c).get("grade_id") != grade_id]
        return notebook

    def edited_test(source=None, points=None):
        notebook = answer(WRONG)
        test = next(c for c in notebook.cells if c.metadata.nbgrader["grade_id"] == "ex1_double_test")
        if source is not None:
            test.source = source
        if points is not None:
            test.metadata.nbgrader["points"] = points
        return notebook

    submissions = {
        "good": solved,
        "blank": released,
        "wrong": answer(WRONG),
        "infinite_loop": answer(answer_then("while True:\n    pass\n")),
        "memory_bomb": answer(answer_then("hoard = []\nwhile True:\n    hoard.append(bytearray(2**28))\n")),
        "fork_bomb": answer(answer_then("import os\nwhile True:\n    os.fork()\n")),
        "fan_out": answer(answer_then(FAN_OUT)),
        "kernel_crash": answer(answer_then("import os\nos._exit(1)\n")),
        "sys_exit": answer(answer_then("import sys\nsys.exit(1)\n")),
        "deleted_test_cell": without_cell("ex1_double_test"),
        "edited_test_cell": edited_test(source="pass  # all good"),
        "edited_metadata": edited_test(points=100),
        "corrupted_json": nbformat.writes(solved)[:-40].encode(),
        "empty_file": b"",
        "huge_output": answer(answer_then("for line in range(20_000):\n    print('spam ' * 20)\n"
                                          "print('x' * 20_000_000)\n")),
        "suppressed_traceback": answer("get_ipython().showtraceback = lambda *args, **kwargs: None\n"
                                       "get_ipython().showsyntaxerror = lambda *args, **kwargs: None\n" + WRONG),
        "reads_solutions": answer(answer_then(f"print(open({str(paths['solution'])!r}).read())\n")),
        "reads_gradebook": answer(answer_then(f"print(open({str(paths['gradebook'])!r}, 'rb').read()[:100])\n")),
        "writes_outside": answer(answer_then(f"open({str(paths['outside'])!r}, 'w').write('escaped')\n")),
        "opens_network": answer(answer_then("import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=5)\n")),
        "heavy_stderr": answer(answer_then("import sys\nfor _ in range(12_000):\n"
                                           "    print('warning: ' + 'noise ' * 20, file=sys.stderr)\n")),
    }
    names = {student: PROBE.assignment.name for student in submissions}
    names["wrongly_named"] = "my homework (1).ipynb"
    submissions["wrongly_named"] = solved
    return submissions, names


# status, points on ex1 and ex2, and words the outcome's detail must contain
EXPECTED = {
    "good": ("graded", 2, 1, ""),
    "blank": ("graded", 0, 0, ""),
    "wrong": ("graded", 0, 1, ""),
    # the answer is defined before the runaway code, so its tests still pass
    "infinite_loop": ("graded with errors", 2, 1, "time limit"),
    "memory_bomb": ("graded with errors", 2, 1, "MemoryError"),
    # which comes first, the process limit or the time limit, varies from run to run
    "fork_bomb": (("graded with errors", "not graded"), None, None, ""),
    "kernel_crash": ("not graded", None, None, "kernel died"),
    "sys_exit": ("graded with errors", 2, 1, "SystemExit"),
    "deleted_test_cell": ("graded with errors", 0, 1, "ex1_double_test was missing"),
    "edited_test_cell": ("graded with errors", 0, 1, "ex1_double_test was edited"),
    "edited_metadata": ("graded with errors", 0, 1, "ex1_double_test was edited"),
    "corrupted_json": ("not graded", None, None, "not a valid notebook"),
    "empty_file": ("not graded", None, None, "empty file"),
    "wrongly_named": ("graded", 2, 1, ""),
    "huge_output": ("graded with errors", 2, 1, "printed more than the grader records"),
    # IPython's error display switched off: flagged for review, and the later tests' points held
    "suppressed_traceback": ("graded", 0, 0, ""),
    "reads_solutions": ("graded with errors", 2, 1, "FileNotFoundError"),
    "reads_gradebook": ("graded with errors", 2, 1, "FileNotFoundError"),
    "writes_outside": ("graded with errors", 2, 1, "FileNotFoundError"),
    "opens_network": ("graded with errors", 2, 1, "OSError"),
    "heavy_stderr": ("graded with errors", 2, 1, "printed more than the grader records"),
    # the out-of-memory killer stops processes of this submission only; everyone else keeps their points
    "fan_out": (("graded with errors", 2, 1, "memory cap") if not CGROUPS_UNAVAILABLE else ("graded", 2, 1, "")),
}


# Submissions whose code can change how later cells run (dlcourse.trust.tampering)
NEEDS_REVIEW = {"suppressed_traceback": "changes how IPython reports errors"}



class TroublesomeClass:
    def __init__(self, root):
        self.course, instructor = one_assignment_course(root, PROBE, assignment_cells())
        released = self.course.student_version(PROBE)
        solved = solved_submission(released, instructor)
        self.outside = root / "escaped.txt"
        paths = {"solution": self.course.source / PROBE.name / PROBE.assignment.name,
                 "gradebook": self.course.root / "gradebook.db", "outside": self.outside}
        submissions, names = build_class(released, solved, paths)

        # What the instructor downloaded: one folder per student.
        self.inbox = root / "inbox"
        for student, notebook in submissions.items():
            (self.inbox / student).mkdir(parents=True)
            target = self.inbox / student / names[student]
            if isinstance(notebook, bytes):
                target.write_bytes(notebook)
            else:
                nbformat.write(notebook, target)
        self.inbox_before = folder_digest(self.inbox)
        self.collected = intake.collect_folder(self.course, PROBE, self.inbox, report=lambda line: None)
        self.submitted_before = folder_digest(self.course.root / "submitted")
        self.due = self.course.set_due_date(PROBE, "2020-01-01 00:00 UTC")  # so every one is late
        self.progress = []
        with pytest.MonkeyPatch.context() as limits:
            # Smaller sandbox limits than a TensorFlow assignment needs, so the bombs go off sooner.
            limits.setenv("DLCOURSE_SANDBOX_MEMORY_BYTES", str(PROCESS_MEMORY))
            limits.setenv("DLCOURSE_SANDBOX_PROCESSES", "64")
            limits.setenv("DLCOURSE_SANDBOX_MEMORY_TOTAL_BYTES", str(MEMORY_CAP))
            self.outcomes = {o.student: o for o in autograde.autograde_class(
                self.course, PROBE, workers=2, timeout=SUBMISSION_TIMEOUT,
                options=(f"--Execute.timeout={CELL_TIMEOUT}",), report=self.progress.append)}
        self.csv = reports.export_grades(self.course)
        self.rows = {row["student_id"]: row for row in csv.DictReader(self.csv.open())}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return TroublesomeClass(tmp_path_factory.mktemp("class"))


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_submission_gets_a_clear_outcome(graded, student):
    statuses, ex1, ex2, words = EXPECTED[student]
    outcome = graded.outcomes[student]
    assert outcome.status in ([statuses] if isinstance(statuses, str) else statuses), outcome.line()
    assert words.lower() in outcome.detail.lower(), outcome.line()
    assert (outcome.detail == "") == (outcome.status == "graded"), "an outcome other than 'graded' needs a reason"
    row = graded.rows[student]
    assert row["status"] == outcome.status
    status = outcome.status
    if ex1 is not None:
        assert float(row["ex1"]) == ex1, row
    if ex2 is not None:
        assert float(row["ex2"]) == ex2, row
    if status == "not graded":
        assert float(row["score"]) == 0 and row["detail"] == outcome.detail
    assert float(row["max_score"]) == 3, "a submission changed what the assignment is worth"
    if student in NEEDS_REVIEW:
        assert NEEDS_REVIEW[student] in row["needs_review"] and "NEEDS REVIEW" in outcome.line()
    else:
        assert outcome.review == [] and row["needs_review"] == "", f"a false alarm: {outcome.review}"


def test_every_outcome_is_logged_with_its_reason(graded):
    records = graded.course.records_dir / PROBE.name
    for student, outcome in graded.outcomes.items():
        saved = json.loads((records / f"{student}.json").read_text())
        assert saved["status"] == outcome.status and saved["detail"] == outcome.detail
        assert (records / f"{student}.log").exists()
    assert len(graded.progress) >= len(EXPECTED) + 1
    assert re.match(r"\[\d+/\d+\] ", graded.progress[0])
    assert "22 submission(s)" in graded.progress[-1]


def test_where_no_cgroup_can_be_made_the_log_says_memory_is_capped_per_process_only(graded):
    """As root (CI here) each submission gets a cgroup; a grader without the
    right to make one says so in the log, and grades on."""
    log = (graded.course.records_dir / PROBE.name / "fan_out.log").read_text()
    if CGROUPS_UNAVAILABLE:
        assert "memory is capped per process only" in log and CGROUPS_UNAVAILABLE in log
    else:
        assert "the submission's processes used at most" in log and "cap 1.8 GiB" in log


def test_no_file_is_modified_and_nothing_escapes(graded):
    assert folder_digest(graded.inbox) == graded.inbox_before
    assert folder_digest(graded.course.root / "submitted") == graded.submitted_before
    assert not graded.outside.exists()


def test_the_grade_file_has_a_column_per_exercise_and_the_totals(graded):
    header = next(csv.reader(graded.csv.open()))
    assert {"ex1", "ex2", "score", "max_score", "status", "seconds_late"} <= set(header)
    assert float(graded.rows["good"]["score"]) == float(graded.rows["good"]["max_score"]) == 3


def test_feedback_says_what_failed_without_showing_hidden_tests(graded):
    written = reports.generate_feedback(graded.course, PROBE, ["wrong"])
    page = written[0].read_text()
    assert "double(-3) should be -6" in page          # the failed check, and why
    assert "SECRET-HIDDEN-CHECK" in page              # (the message is the learner's to see)
    assert "double(-3) == -6" not in page             # but not the hidden test's source
    assert "hidden tests ran here" in page


def test_collect_never_overwrites_an_earlier_submission(graded, tmp_path):
    course = graded.course
    earlier = (course.submission_folder(PROBE, "good") / PROBE.assignment.name).read_bytes()
    again = tmp_path / "second-download"
    (again / "good").mkdir(parents=True)
    shutil.copy(graded.inbox / "wrong" / PROBE.assignment.name, again / "good" / PROBE.assignment.name)
    intake.collect_folder(course, PROBE, again, report=lambda line: None)
    kept = list(course.replaced_dir.glob(f"*/good/{PROBE.name}/{PROBE.assignment.name}"))
    assert [p.read_bytes() for p in kept] == [earlier]


def test_submissions_after_the_due_date_are_flagged_late(graded):
    assert graded.due == "2020-01-01 00:00:00 UTC"
    good = graded.rows["good"]
    assert good["duedate"].startswith("2020-01-01") and float(good["seconds_late"]) > 0
    assert float(good["score"]) == 3  # late, but no penalty unless the instructor sets one


def test_a_late_penalty_per_day_takes_its_share_of_the_score(tmp_path):
    course, instructor = one_assignment_course(tmp_path, PROBE, assignment_cells())
    solved = solved_submission(course.student_version(PROBE), instructor)
    course.set_due_date(PROBE, "2026-03-01 12:00 UTC")
    for student, handed_in in [("on_time", "2026-03-01 11:00:00"), ("a_day_and_a_half_late", "2026-03-03 00:00:00")]:
        folder = course.submit(student, PROBE, solved).parent
        (folder / "timestamp.txt").write_text(f"{handed_in}.000000 UTC")
    autograde.autograde_class(course, PROBE, workers=1, options=("--LatePenaltyPerDay.percent_per_day=10",),
                              report=lambda line: None)
    rows = {row["student_id"]: row for row in csv.DictReader(reports.export_grades(course).open())}
    assert float(rows["on_time"]["late_penalty"]) == 0 and float(rows["on_time"]["score"]) == 3
    late = rows["a_day_and_a_half_late"]
    assert float(late["seconds_late"]) == 36 * 3600
    # two started days at 10 % each: 20 % of 3 points
    assert float(late["raw_score"]) == 3
    assert float(late["late_penalty"]) == pytest.approx(0.6) and float(late["score"]) == pytest.approx(2.4)


def test_a_grader_error_is_reported_by_its_exception_not_its_traceback(tmp_path):
    course, instructor = one_assignment_course(tmp_path, PROBE, assignment_cells())
    course.submit("ada", PROBE, solved_submission(course.student_version(PROBE), instructor))
    [outcome] = autograde.autograde_class(
        course, PROBE, workers=1, report=lambda line: None,
        options=("--AssignLatePenalties.plugin_class=dlcourse.trust.plugins.NoSuchPlugin",))
    assert outcome.status == "not graded"
    assert "NoSuchPlugin' could not be imported" in outcome.detail, outcome.detail
    assert "Traceback" not in outcome.detail


def test_a_due_date_that_cannot_be_read_says_how_to_write_it(graded):
    with pytest.raises(SystemExit, match="2026-12-01 23:59 UTC"):
        graded.course.set_due_date(PROBE, "next friday-ish")
