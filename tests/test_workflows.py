"""The GitHub Actions workflows are valid against GitHub's own workflow
schema (check-jsonschema ships it, so this runs offline) and run what the
README says: `make test` on CPU for every push and pull request, and
`make results` with TensorFlow's CUDA build on self-hosted GPU runners."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dlcourse.layout import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def check_workflows(*paths):
    command = [str(Path(sys.executable).parent / "check-jsonschema"),
               "--builtin-schema", "vendor.github-workflows", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_passes_the_schema(path):
    returncode, log = check_workflows(path)
    assert returncode == 0, f"{path.name} is not a valid GitHub Actions workflow:\n{log}"


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    step:\n      - run: make test\n")
    returncode, log = check_workflows(broken)
    assert returncode != 0
    assert "step" in log


def jobs(name):
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())["jobs"]


def commands(job):
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_cpu_job_runs_make_test_on_every_push_and_pull_request():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "push" in triggers and "pull_request" in triggers
    assert "make test" in commands(workflow["jobs"]["test-cpu"])


def test_gpu_job_installs_cuda_tensorflow_runs_results_and_keeps_them():
    job = jobs("results-gpu.yml")["results-gpu"]
    assert "self-hosted" in job["runs-on"] and "gpu" in job["runs-on"]
    run = commands(job)
    assert "make setup-gpu" in run and "make results" in run
    makefile = (ROOT / "Makefile").read_text()
    assert 'pip install --quiet "tensorflow[and-cuda]==$(TENSORFLOW_VERSION)"' in makefile
    uploaded = [s["with"]["path"] for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploaded and "results/executed/" in uploaded[0] and "results/results.md" in uploaded[0]


def test_gpu_version_is_the_pinned_tensorflow():
    result = subprocess.run(["make", "-s", "-n", "setup-gpu"], cwd=ROOT, capture_output=True, text=True)
    pinned = next(line.split("==")[1].split()[0] for line in (ROOT / "requirements.txt").read_text().splitlines()
                  if line.startswith("tensorflow=="))
    assert f'"tensorflow[and-cuda]=={pinned}"' in result.stdout
