"""dlcourse.grading.runners: nbgrader commands forked from a server that has
imported nbgrader once (ForkServerRunner) must behave exactly like
`python -m nbgrader` (FreshProcessRunner, a Course's default): same course,
same log, same errors, and a time limit that stops the student's kernel
too."""

import os
import signal
import subprocess
import threading
import time

import pytest

from helpers import nbgrader_cell, one_assignment_course

from dlcourse.grading import server
from dlcourse.grading.runners import ForkServerRunner, NbgraderFailed
from dlcourse.layout import Chapter
from dlcourse.trust.sandbox import worker_uid

pytestmark = pytest.mark.grading

PROBE = Chapter("00-runner-probe")
WORKER = 7  # a sandbox user id of its own, so no other test's kernels are counted


def assignment_cells():
    return [
        nbgrader_cell("def answer():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION", "ex1_answer"),
        nbgrader_cell("assert answer() == 42", "ex1_answer_test", points=1),
    ]


@pytest.fixture
def course(tmp_path):
    course, instructor = one_assignment_course(tmp_path, PROBE, assignment_cells())
    course.generate(PROBE)
    return course


def test_commands_run_in_the_course_and_return_nbgraders_log(course):
    with ForkServerRunner() as runner:
        forked = course.with_runner(runner)
        forked.nbgrader("db", "student", "add", "ada", "--last-name=Lovelace")
        listing = forked.nbgrader("db", "student", "list")
        first_server = runner.server.pid
        forked.nbgrader("db", "student", "add", "alan")
        assert runner.server.pid == first_server, "each command should fork the same server, not start anew"
    assert "ada" in listing and "Lovelace" in listing
    # the gradebook the runner wrote is the course's own
    assert "alan" in course.nbgrader("db", "student", "list")


def test_a_failing_command_raises_with_nbgraders_words(course):
    with ForkServerRunner() as runner:
        forked = course.with_runner(runner)
        with pytest.raises(NbgraderFailed, match="No such assignment|does not exist|not found"):
            forked.nbgrader("db", "assignment", "remove", "no-such-chapter")
        # the server is still there for the next command
        assert "00-runner-probe" in forked.nbgrader("db", "assignment", "list")


def test_a_command_past_its_time_limit_is_stopped_with_its_kernel(course):
    submit_endless_loop(course)
    with ForkServerRunner({"DLCOURSE_WORKER": str(WORKER)}) as runner:
        forked = course.with_runner(runner)
        start = time.monotonic()
        with pytest.raises(subprocess.TimeoutExpired) as stopped:
            forked.nbgrader("autograde", PROBE.name, "--student", "loop", "--force",
                            "--Execute.timeout=600", timeout=20)
        assert time.monotonic() - start < 60
        assert "Autograding" in stopped.value.output, "the log up to the stop should be kept"
        # the next command runs as usual
        assert "loop" in forked.nbgrader("db", "student", "list")
    assert_no_processes_left(worker_uid(WORKER))


def test_a_server_that_died_is_replaced(course):
    with ForkServerRunner() as runner:
        forked = course.with_runner(runner)
        forked.nbgrader("db", "student", "list")
        os.kill(runner.server.pid, signal.SIGKILL)
        runner.server.wait()
        forked.nbgrader("db", "student", "add", "grace")
        assert "grace" in forked.nbgrader("db", "student", "list")


def test_a_server_killed_mid_command_reports_it_and_leaves_no_kernel(course):
    submit_endless_loop(course)
    outcome = {}
    with ForkServerRunner({"DLCOURSE_WORKER": str(WORKER)}) as runner:
        forked = course.with_runner(runner)

        def grade():
            try:
                forked.nbgrader("autograde", PROBE.name, "--student", "loop", "--force",
                                "--Execute.timeout=600", timeout=300)
            except NbgraderFailed as error:
                outcome["error"] = str(error)

        grading = threading.Thread(target=grade, daemon=True)
        grading.start()
        time.sleep(8)  # the kernel is up and looping
        os.kill(runner.server.pid, signal.SIGKILL)
        grading.join(60)
        assert not grading.is_alive()
    assert "stopped unexpectedly" in outcome["error"]
    assert_no_processes_left(worker_uid(WORKER))


def test_a_commands_own_environment_reaches_its_fork(monkeypatch):
    """The runners' contract: ``env`` is added for that command only."""
    def child(args):
        os.write(1, f"{os.environ.get('DLCOURSE_WORKER')} {' '.join(args)}\n".encode())  # the log is fd 1
        return 3

    monkeypatch.setattr(server, "_run_in_child", child)
    result = server.run_forked(["db"], timeout=30, env={"DLCOURSE_WORKER": "seen"})
    assert result == {"returncode": 3, "timed_out": False, "log": "seen db\n"}
    assert "DLCOURSE_WORKER" not in os.environ


def submit_endless_loop(course):
    submission = course.student_version(PROBE)
    submission.cells[0].source = "while True:\n    pass\n"
    course.submit("loop", PROBE, submission)
    course.nbgrader("db", "assignment", "add", PROBE.name)


def assert_no_processes_left(uid):
    """Nothing runs as the sandbox user ``uid`` (when grading as root, where kernels get their own user)."""
    if os.geteuid() != 0:
        return
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and processes_of(uid):
        time.sleep(0.5)
    assert processes_of(uid) == [], "a sandboxed kernel outlived its grading"


def processes_of(uid):
    """Processes whose real user id is ``uid`` (from /proc/PID/status: a
    sandboxed kernel's /proc folder is owned by root, as it changed users)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = open(f"/proc/{entry}/status").read()
            except OSError:
                continue
            real_uid = int(status.split("\nUid:", 1)[1].split()[0])
            if real_uid == uid:
                found.append(int(entry))
    return found
