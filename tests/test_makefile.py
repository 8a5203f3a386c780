"""The Makefile is the front door: every target is declared .PHONY and
listed by `make help`, a second `make setup` has nothing to do, and the
settings it passes on come from one place."""

import os
import re
import subprocess
from pathlib import Path

from dlcourse.layout import ROOT
from dlcourse.notebooks import QUIET_TENSORFLOW


def make(*args):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT,
                          capture_output=True, text=True)


def phony_targets():
    text = (ROOT / "Makefile").read_text()
    return {t for line in re.findall(r"^\.PHONY:(.*)$", text, re.M) for t in line.split()}


def test_help_lists_every_target_with_a_description():
    listed = {}
    for line in make("help").stdout.splitlines():
        match = re.match(r"^  ([a-z-]+)\s+(\S.*)$", line)
        if match:
            listed[match.group(1)] = match.group(2)
    missing = phony_targets() - set(listed)
    assert not missing, f"targets missing from `make help`: {sorted(missing)}"


def test_every_target_is_phony():
    """A target not declared .PHONY stops running once a file of its name
    appears (a folder called `results`, say)."""
    text = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):(?!=)", text, re.M))
    undeclared = sorted(targets - phony_targets())
    assert not undeclared, f"add these targets to a .PHONY line: {undeclared}"


def test_a_second_setup_has_nothing_to_do():
    # `make -q` exits 0 only when the target is up to date (runs nothing).
    assert make("-q", "setup").returncode == 0


def test_tensorflows_log_level_is_set_in_one_place():
    """QUIET_TENSORFLOW is the course's one setting: the Makefile reads it
    (for `make lab`, the kernel it registers, and everything it starts), and
    no other file of the course spells out the value."""
    [(name, value)] = QUIET_TENSORFLOW.items()
    environment = {k: v for k, v in os.environ.items() if k != name}
    database = subprocess.run(["make", "-p", "-n", "help"], cwd=ROOT, env=environment,
                              capture_output=True, text=True).stdout
    assert f"TF_LOG_LEVEL := {value}" in database, "the Makefile no longer reads the level from dlcourse/notebooks.py"
    spelled_out = re.compile(rf"""{name}["']?\s*[,=:]?\s*["']?{value}\b|--env {name} {value}""")
    places = [path.relative_to(ROOT) for path in [ROOT / "Makefile", ROOT / "autograder" / "nbgrader_config.py",
                                                  *(ROOT / "dlcourse").rglob("*.py"), ROOT / "tests" / "conftest.py"]
              if spelled_out.search(path.read_text())]
    assert places == [Path("dlcourse/notebooks.py")], f"{name} is set to {value} in {places}, not only in notebooks.py"
