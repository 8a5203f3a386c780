"""`make test` runs on every core with pytest-xdist, and tests that share an
expensive fixture (one chapter's graded class, one notebook's executed
copy) must run on one worker.  pytest 9.2 silently broke that
(pytest-dev/pytest-xdist#1386); this test runs a small suite the way
`make test` does and fails if the groups are spread."""

import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # runs pytest in a subprocess

SUITE = '''
import os
import pytest

@pytest.fixture(scope="module", params=[pytest.param(n, marks=pytest.mark.xdist_group(f"chapter-{n}"))
                                        for n in range(4)])
def built(request):
    return request.param

def test_first(built):
    pass

def test_second(built):
    pass

def test_third(built):
    pass
'''


def test_tests_of_one_group_run_on_one_worker(tmp_path):
    (tmp_path / "test_groups.py").write_text(SUITE)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

    worker_of = {}
    for worker, test, param in re.findall(r"\[(gw\d+)\].*PASSED \S*::(test_\w+)\[(\d+)\]", result.stdout):
        worker_of.setdefault(param, set()).add(worker)
    assert len(worker_of) == 4, result.stdout
    spread = {param: workers for param, workers in worker_of.items() if len(workers) > 1}
    assert not spread, (
        f"tests sharing a fixture ran on several workers: {spread}; is pytest-xdist's loadgroup broken "
        f"by this pytest (see requirements.txt)?\n{result.stdout}")
