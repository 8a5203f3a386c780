"""The GitHub Actions workflows are valid against GitHub's own workflow
schema (check-jsonschema ships it, so this runs offline) and run what the
documentation says: `make test` on CPU for every push and pull request, and
on self-hosted GPU runners, with TensorFlow's CUDA build, every notebook in
full mode (`make results`, `make exercise-table MODE=full`,
`make seed-spread`) with deterministic operations on (docs/gpu.md)."""

import re
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


def gpu_job():
    return jobs("results-gpu.yml")["results-gpu"]


def step_running(job, pattern):
    [step] = [s for s in job["steps"] if re.search(pattern, s.get("run", ""))]
    return step


def uploaded(job):
    [step] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    return step["with"]["path"].split()


def test_gpu_job_installs_cuda_tensorflow_and_checks_it_sees_the_gpu():
    job = gpu_job()
    assert "self-hosted" in job["runs-on"] and "gpu" in job["runs-on"]
    assert job["if"] == "vars.GPU_RUNNER == 'true'"
    run = commands(job)
    assert "make setup-gpu" in run and "list_physical_devices('GPU')" in run
    makefile = (ROOT / "Makefile").read_text()
    assert 'pip install --quiet "tensorflow[and-cuda]==$(TENSORFLOW_VERSION)"' in makefile


# what each run writes, which the job keeps and shows in its summary
GPU_RUNS = {
    r"^make results$": ["results/results.md", "results/results.json", "results/executed/"],
    r"^make( -s)? exercise-table MODE=full \| tee build/gpu/exercise-table\.md$": ["build/gpu/exercise-table.md"],
    r"^make( -s)? seed-spread \| tee build/gpu/seed-spread\.txt$": ["build/gpu/seed-spread.txt"],
}


@pytest.mark.parametrize("command", GPU_RUNS, ids=["lessons", "assignments", "seed-spread"])
def test_gpu_job_runs_every_notebook_and_keeps_what_it_wrote(command):
    job = gpu_job()
    step = step_running(job, f"(?m){command}")
    # a failing lesson does not hide the assignments' table: each run needs only the GPU check
    assert step["if"] == "${{ !cancelled() && steps.gpu.outcome == 'success' }}"
    assert any(s.get("id") == "gpu" and "list_physical_devices('GPU')" in s["run"] for s in job["steps"])
    kept = uploaded(job)
    summary = step_running(job, "GITHUB_STEP_SUMMARY")
    for output in GPU_RUNS[command]:
        directory = output if output.endswith("/") else output.rsplit("/", 1)[0] + "/"
        assert output in kept or directory in kept, f"{output} is not kept as an artifact"
        if output.endswith((".md", ".txt")):
            assert output in summary["run"], f"{output} is not shown in the step summary"
    assert summary["if"] == "always()"


def test_gpu_job_fails_a_step_whose_make_fails_before_tee():
    """`make ... | tee` fails only with pipefail, which `shell: bash` turns on."""
    assert gpu_job()["defaults"]["run"]["shell"] == "bash"


def test_gpu_job_runs_with_deterministic_operations_on_and_says_so():
    from test_determinism import PATTERN, VARIABLE

    job = gpu_job()
    assert job["env"][VARIABLE] == "1" and f'os.environ.get("{VARIABLE}") == "1"' in PATTERN
    assert "tests/test_determinism.py" in commands(job)
    assert VARIABLE in step_running(job, "GITHUB_STEP_SUMMARY")["run"]
    guide = (ROOT / "docs" / "gpu.md").read_text()
    assert f"{VARIABLE}=1" in guide and "results-gpu.yml" in guide


def test_gpu_version_is_the_pinned_tensorflow():
    result = subprocess.run(["make", "-s", "-n", "setup-gpu"], cwd=ROOT, capture_output=True, text=True)
    pinned = next(line.split("==")[1].split()[0] for line in (ROOT / "requirements.txt").read_text().splitlines()
                  if line.startswith("tensorflow=="))
    assert f'"tensorflow[and-cuda]=={pinned}"' in result.stdout
