"""Cap the memory of a whole submission: its kernel and every process the
kernel starts, together.

The sandbox's address-space limit (dlcourse.trust.sandbox) binds each process on
its own, so a kernel that forks four children can hold four times as much.
A control group (cgroup) counts them together: each sandboxed kernel starts
inside a cgroup of its own whose memory limit is
``Limits.memory_total_bytes``; past it, the kernel's out-of-memory killer
stops the largest process of that submission, and of no other, and the
grading log says so.  The cap is set above the per-process limit, so that
a single runaway process still meets its own limit first, as a
MemoryError the notebook survives.

Creating a cgroup needs the right to write to the cgroup file system:

- cgroup v2 (most current Linux systems): as root, in a cgroup named
  ``dlcourse.grading`` (V2_GROUP) at the top of the hierarchy; otherwise in
  a cgroup delegated to the grading user, named by ``DLCOURSE_SANDBOX_CGROUP``
  (for example one made by ``systemd-run --user -p Delegate=yes``);
- cgroup v1 with a memory hierarchy (older systems, some containers and
  virtual machines): as root, below the grader's own memory cgroup.

Where neither is possible, :func:`unavailable` says why, autograding logs
it once, and each process keeps only its own limit.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from dataclasses import dataclass
from pathlib import Path

PARENT_VARIABLE = "DLCOURSE_SANDBOX_CGROUP"
V2_GROUP = "dlcourse.grading"
PREFIX = "dlcourse-"


def _mounts() -> list[tuple[str, str, str, str]]:
    """(root, mount point, file system type, super options) of each mount."""
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        separator = fields.index("-")
        found.append((fields[3], fields[4], fields[separator + 1], fields[separator + 3]))
    return found


def _own_cgroups() -> dict[str, str]:
    """The grader's own cgroup path per hierarchy: {"": v2 path, "memory": v1 path, ...}."""
    paths = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


def _locate() -> tuple[Path | None, int, str]:
    """Where to create submission cgroups, the cgroup version, and why not when there is nowhere."""
    try:
        mounts, own = _mounts(), _own_cgroups()
    except (OSError, ValueError, IndexError) as error:
        return None, 0, f"the cgroup file system could not be read ({error})"
    delegated = os.environ.get(PARENT_VARIABLE)
    if delegated:
        return Path(delegated), 2, ""
    v2 = next((Path(point) for root, point, kind, _ in mounts if kind == "cgroup2"), None)
    if v2 is not None and "memory" in _read(v2 / "cgroup.controllers").split():
        if os.geteuid() != 0:
            return None, 2, (f"cgroup v2 needs root, or a cgroup delegated to this user named by {PARENT_VARIABLE}")
        return v2 / V2_GROUP, 2, ""
    v1 = next(((root, Path(point)) for root, point, kind, options in mounts
               if kind == "cgroup" and "memory" in options.split(",")), None)
    if v1 is not None and "memory" in own:
        if os.geteuid() != 0:
            return None, 1, "cgroup v1 needs root"
        root, point = v1
        path = own["memory"][len(root):] if root != "/" and own["memory"].startswith(root) else own["memory"]
        return point / path.lstrip("/"), 1, ""
    return None, 0, "this machine has no cgroup memory controller the grader can use"


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def unavailable() -> str | None:
    """Why submissions cannot get a cgroup of their own here, or None when they can."""
    parent, _, why = _locate()
    return why if parent is None else None


@dataclass
class MemoryCap:
    """One submission's cgroup."""

    path: Path
    version: int
    limit: int

    @classmethod
    def create(cls, owner: str, limit: int) -> "MemoryCap":
        """A new cgroup named after ``owner`` (the worker's sandbox user id)
        whose processes may hold ``limit`` bytes together.  Raises OSError
        with the reason when it cannot be made."""
        parent, version, why = _locate()
        if parent is None:
            raise OSError(why)
        if version == 2:
            parent.mkdir(exist_ok=True)
            if parent.name == V2_GROUP:
                _enable(parent.parent)
            _enable(parent)
        path = parent / f"{PREFIX}{owner}-{secrets.token_hex(4)}"
        path.mkdir()
        cap = cls(path, version, limit)
        try:
            if version == 2:
                (path / "memory.max").write_text(str(limit))
                _write_if_present(path / "memory.swap.max", "0")
            else:
                (path / "memory.limit_in_bytes").write_text(str(limit))
                _write_if_present(path / "memory.memsw.limit_in_bytes", str(limit))   # no escape into swap
        except OSError:
            cap.remove()
            raise
        return cap

    def command(self, command: list[str]) -> list[str]:
        """``command``, started inside this cgroup (as what it starts will be)."""
        return ["/bin/sh", "-c", 'echo $$ > "$1" || exit 70; shift; exec "$@"', "sh",
                str(self.path / "cgroup.procs"), *command]

    def out_of_memory_kills(self) -> int:
        """How many processes the out-of-memory killer stopped in this cgroup."""
        text = _read(self.path / ("memory.events" if self.version == 2 else "memory.oom_control"))
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def peak(self) -> int | None:
        text = _read(self.path / ("memory.peak" if self.version == 2 else "memory.max_usage_in_bytes")).strip()
        return int(text) if text.isdigit() else None

    def remove(self) -> None:
        """Stop what is left in the cgroup, then remove it."""
        remove(self.path)


def _enable(group: Path) -> None:
    if "memory" not in _read(group / "cgroup.subtree_control").split():
        (group / "cgroup.subtree_control").write_text("+memory")


def _write_if_present(path: Path, value: str) -> None:
    if path.exists():
        path.write_text(value)


def remove(path: Path) -> None:
    for _ in range(50):
        pids = [int(p) for p in _read(path / "cgroup.procs").split()]
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.02)
    try:
        path.rmdir()
    except OSError:
        pass  # still busy: remove_leftovers() tries again after the class


def remove_leftovers(owners: list[str]) -> None:
    """Remove the cgroups of ``owners`` that a killed grading left behind."""
    parent, _, _ = _locate()
    if parent is None or not parent.is_dir():
        return
    for owner in owners:
        for path in parent.glob(f"{PREFIX}{owner}-*"):
            remove(path)
