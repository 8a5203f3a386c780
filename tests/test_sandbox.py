"""A submission graded by nbgrader runs in the sandbox (dlcourse/trust/sandbox.py):
it cannot read the course, the gradebook or another student's work, cannot
reach the network, cannot write outside its own copy, and runs as an
unprivileged user under limits; and it is still graded as usual.

Each test grades a tiny real assignment whose answer cell probes its
surroundings and prints what it found."""

import json
import os
import shutil

import pytest

from helpers import nbgrader_cell, one_assignment_course

from dlcourse.grading.samples import solved_submission
from dlcourse.layout import ROOT, SOLUTIONS, Chapter
from dlcourse.trust import sandbox

pytestmark = [pytest.mark.grading, pytest.mark.xdist_group("sandbox")]  # one probe submission, graded once

PROBE = Chapter("00-sandbox-probe")




PROBE_SOURCE = '''\
import json, os, pathlib, resource, socket

def attempt(action):
    try:
        action()
        return "allowed"
    except Exception as error:
        return type(error).__name__

findings = {{
    "uid": os.getuid(),
    "read solutions": attempt(lambda: os.listdir({solutions!r})),
    "read gradebook": attempt(lambda: pathlib.Path({gradebook!r}).read_bytes()),
    "read other student": attempt(lambda: os.listdir({other!r})),
    "read course files": attempt(lambda: pathlib.Path({course!r}).read_bytes()),
    "write outside": attempt(lambda: pathlib.Path({outside!r}).write_text("escaped")),
    "network": attempt(lambda: socket.create_connection(("1.1.1.1", 80), timeout=3)),
    "write own folder": attempt(lambda: pathlib.Path("scratch.txt").write_text("mine")),
    "overwrite own submission": attempt(lambda: pathlib.Path({notebook!r}).write_text("{{}}")),
    "process limit": resource.getrlimit(resource.RLIMIT_NPROC)[0],
    "memory limit": resource.getrlimit(resource.RLIMIT_AS)[0],
    "grader secret": os.environ.get("DLCOURSE_TEST_SECRET"),
}}
print("FINDINGS", json.dumps(findings))
answer = 3
'''


def graded_probe(tmp_path, environment=None):
    """Grade the probe for two students; return the first one's findings and score."""
    course_root = tmp_path / "course"  # where one_assignment_course puts it
    outside = tmp_path / "escaped.txt"
    paths = {
        "solutions": str(SOLUTIONS), "gradebook": str(course_root / "gradebook.db"),
        "other": str(course_root / "submitted" / "other"),
        "course": str(ROOT / "autograder" / "nbgrader_config.py"),
        "outside": str(outside),
        "notebook": PROBE.assignment.name,
    }
    course, instructor = one_assignment_course(tmp_path, PROBE, [
        nbgrader_cell("### BEGIN SOLUTION\n" + PROBE_SOURCE.format(**paths) + "### END SOLUTION", "ex1_probe"),
        nbgrader_cell('assert answer == 3, "expected 3"', "ex1_probe_test", points=1),
    ])
    submission = solved_submission(course.student_version(PROBE), instructor)
    submitted = {student: course.submit(student, PROBE, submission) for student in ("learner", "other")}
    before = {student: path.read_bytes() for student, path in submitted.items()}
    course.autograde(PROBE, env={"DLCOURSE_TEST_SECRET": "s3cret", **(environment or {})})
    answer_cell = course.autograded(PROBE, "learner").cells[0]
    printed = "".join(o.get("text", "") for o in answer_cell.outputs)
    findings = json.loads(printed.split("FINDINGS", 1)[1].strip().splitlines()[0])
    assert {s: p.read_bytes() for s, p in submitted.items()} == before, "a submitted file was modified"
    return findings, course.score(PROBE, "learner").score, outside


@pytest.fixture(scope="module")
def sandboxed(tmp_path_factory):
    return graded_probe(tmp_path_factory.mktemp("sandboxed"))


@pytest.mark.parametrize("attempt", [
    "read solutions", "read gradebook", "read other student", "read course files",
    "write outside", "network",
])
def test_a_submission_cannot_reach_what_it_must_not(sandboxed, attempt):
    findings, _, _ = sandboxed
    assert findings[attempt] != "allowed", f"{attempt}: allowed inside the sandbox ({findings})"


def test_nothing_escapes_to_the_grading_machine(sandboxed):
    _, _, outside = sandboxed
    assert not outside.exists()


def test_the_submission_works_in_its_own_copy_and_is_graded(sandboxed):
    findings, score, _ = sandboxed
    assert findings["write own folder"] == "allowed"
    assert findings["overwrite own submission"] == "allowed"  # its copy; the original is checked above
    assert score == 1


def test_it_runs_as_an_unprivileged_user_under_limits(sandboxed):
    findings, _, _ = sandboxed
    assert findings["uid"] != 0
    limits = sandbox.Limits()
    assert findings["process limit"] == limits.processes
    assert findings["memory limit"] == limits.memory_bytes


def test_the_graders_environment_stays_outside(sandboxed):
    findings, _, _ = sandboxed
    assert findings["grader secret"] is None


def test_without_the_sandbox_the_probe_sees_everything(tmp_path):
    """The control: the same probe, graded with the sandbox switched off,
    reads the solutions and writes outside, so the tests above are real."""
    findings, score, outside = graded_probe(tmp_path, {"DLCOURSE_SANDBOX": "off"})
    assert findings["read solutions"] == "allowed"
    assert findings["write outside"] == "allowed" and outside.exists()
    assert findings["grader secret"] == "s3cret"
    assert score == 1


def test_missing_tools_stop_grading_with_what_to_install(monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "bwrap" else real_which(name))
    with pytest.raises(sandbox.SandboxUnavailable, match="apt-get install bubblewrap"):
        sandbox.require_tools()


def test_a_submission_cgroup_is_made_capped_and_removed():
    """As root (CI here) each kernel gets a cgroup of its own with the
    memory cap (tests/test_classroom.py grades a submission that reaches it)."""
    from dlcourse.trust import memory_cap

    why = memory_cap.unavailable()
    if why:
        pytest.skip(f"no cgroup can be made here: {why}")
    cap = memory_cap.MemoryCap.create("test", 3 * 2**30)
    try:
        limit = "memory.max" if cap.version == 2 else "memory.limit_in_bytes"
        assert int((cap.path / limit).read_text()) == 3 * 2**30
        assert cap.out_of_memory_kills() == 0
    finally:
        cap.remove()
    assert not cap.path.exists()


def test_without_the_right_to_make_cgroups_the_reason_is_plain(monkeypatch):
    from dlcourse.trust import memory_cap

    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv(memory_cap.PARENT_VARIABLE, raising=False)
    why = memory_cap.unavailable()
    assert why and ("root" in why or "no cgroup memory controller" in why), why
