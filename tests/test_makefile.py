"""The Makefile is the front door: every target is declared .PHONY and
listed by `make help`, and a second `make setup` has nothing to do."""

import re
import subprocess

from dlcourse.layout import ROOT


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
