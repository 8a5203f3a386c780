"""Run a student's notebook in a kernel that cannot see or reach anything
but its own copy of the submission.

nbgrader executes a submission through a Jupyter kernel.  While grading,
the course swaps in :class:`SandboxedKernelManager`, which starts that
kernel inside an operating-system sandbox:

- ``setpriv`` (util-linux) runs it as an unprivileged user id of its own,
  so that per-user limits count only the sandbox's processes;
- ``prlimit`` caps its memory (address space), CPU time, number of
  processes and threads, file size and open files;
- ``bwrap`` (bubblewrap, Debian package ``bubblewrap``) gives it private
  network, process and IPC namespaces, and a user namespace when the
  grader is not root (no network at all: the kernel talks to nbgrader
  through Unix sockets), and a file system built
  from an allow-list: the system's read-only folders, the Python
  environment and the Keras data cache read-only, and a small private
  home in memory with a copy of the submission.  The course folder
  (solutions, hidden tests, gradebook, other students) does not exist
  inside.

The trusted side, nbgrader, keeps the gradebook and the notebook: the
kernel only receives cells to run.  docs/instructors.md, "Submissions run
in a sandbox" states what this covers and what it does not.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import typing as t
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from .memory_cap import MemoryCap

SANDBOX_HOME = "/home/student"
WORK = f"{SANDBOX_HOME}/work"          # the kernel's working folder, a copy of the submission
SUBMISSION = f"{SANDBOX_HOME}/.submission"  # the submission's folder, read-only
FIRST_UID = 61000                        # sandbox user ids: FIRST_UID + worker number
# Two gradings on one machine at once (two classes, or the test suite's
# parallel workers) each start their user ids elsewhere, so that one's
# process limits and clean-up never touch the other's kernels.
FIRST_UID_VARIABLE = "DLCOURSE_SANDBOX_FIRST_UID"
# Variables a notebook may legitimately read; everything else the grader's
# environment holds (paths, tokens) stays outside.
PASSED_VARIABLES = ("DLCOURSE_MODE", "DLCOURSE_SEED", "TF_CPP_MIN_LOG_LEVEL", "CUDA_VISIBLE_DEVICES",
                    "KERAS_BACKEND", "LANG", "LC_ALL", "TZ", "OMP_NUM_THREADS")


class SandboxUnavailable(RuntimeError):
    """The tools the sandbox needs are missing; the message says how to get them."""


@dataclass(frozen=True)
class Limits:
    """What one sandboxed kernel may use.  ``memory_bytes`` is address space
    per process, generous because TensorFlow reserves much more than it
    touches; ``memory_total_bytes`` is memory in use by all the
    submission's processes together (dlcourse.trust.memory_cap); processes
    counts threads too (TensorFlow starts dozens)."""

    memory_bytes: int = 8 * 2**30
    memory_total_bytes: int = 10 * 2**30  # above memory_bytes: one process meets its own limit first
    cpu_seconds: int = 900
    processes: int = 512
    file_bytes: int = 64 * 2**20
    open_files: int = 1024
    home_bytes: int = 512 * 2**20        # the in-memory home, submission copy included

    @classmethod
    def from_environment(cls) -> "Limits":
        """Defaults, overridden by DLCOURSE_SANDBOX_<FIELD> variables (bytes, seconds, counts)."""
        values = {}
        for name in cls.__dataclass_fields__:
            raw = os.environ.get(f"DLCOURSE_SANDBOX_{name.upper()}")
            if raw is not None:
                values[name] = int(raw)
        return cls(**values)


def require_tools() -> dict[str, str]:
    """Paths of bwrap, prlimit and setpriv, or SandboxUnavailable saying how to install them."""
    tools = {name: shutil.which(name) for name in ("bwrap", "prlimit", "setpriv")}
    missing = [name for name, path in tools.items() if path is None]
    if missing:
        raise SandboxUnavailable(
            f"grading in a sandbox needs {', '.join(missing)}: on Debian or Ubuntu run "
            "`sudo apt-get install bubblewrap util-linux` (or `make sandbox-tools`)")
    return t.cast(dict[str, str], tools)


def _system_mounts() -> list[str]:
    """Read-only system folders; merged-/usr links kept as links."""
    arguments = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        path = Path(top)
        if path.is_symlink():
            arguments += ["--symlink", os.readlink(path), top]
        elif path.is_dir():
            arguments += ["--ro-bind", top, top]
    return arguments


def _python_mounts(mounted: set[str]) -> list[str]:
    """The interpreter and its packages, read-only, at their own paths
    (which may lie under /tmp or a home folder, so these come after the
    sandbox's own /tmp and home).  Their parent folders are made
    traversable: bubblewrap would otherwise copy the host's modes, and a
    private /root would stay closed.  Folders in ``mounted`` exist already
    and keep their modes."""
    arguments: list[str] = []
    made: set[str] = set(mounted)
    for prefix in sorted({os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix), sys.prefix}):
        if prefix.startswith("/usr/"):
            continue
        for parent in reversed(Path(prefix).parents[:-1]):
            if str(parent) not in made:
                made.add(str(parent))
                arguments += ["--perms", "0755", "--dir", str(parent)]
        arguments += ["--ro-bind", prefix, prefix]
    return arguments


def keras_data_cache() -> Path:
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"


def sandbox_command(command: list[str], *, submission: Path, run_dir: Path, uid: int | None,
                    limits: Limits, environment: dict[str, str]) -> list[str]:
    """``command`` wrapped so that it runs in the sandbox, in a copy of ``submission``.

    ``run_dir`` holds the kernel's connection file and sockets and is the
    only host folder the sandbox can write.  ``uid`` is the user to run as
    (None: stay the current user, when not root)."""
    tools = require_tools()
    limit = [tools["prlimit"], f"--as={limits.memory_bytes}", f"--cpu={limits.cpu_seconds}",
             f"--nproc={limits.processes}", f"--fsize={limits.file_bytes}",
             f"--nofile={limits.open_files}", "--core=0", "--"]
    if uid is None:
        # Not root: bubblewrap makes a user namespace; limits apply from outside.
        outside, namespaces, inside = limit, ["--unshare-all", "--cap-drop", "ALL"], []
    else:
        # Root: bubblewrap builds the mounts, then setpriv becomes the sandbox
        # user (no capabilities, no way back through setuid programs) and
        # prlimit sets the limits, which per-user counts then enforce.
        outside = []
        namespaces = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                      "--unshare-cgroup-try"]
        inside = [tools["setpriv"], f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                  "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", *limit]
    sandbox = [
        tools["bwrap"], *namespaces, "--die-with-parent", "--new-session",
        *_system_mounts(),
        "--proc", "/proc", "--dev", "/dev",
        "--perms", "1777", "--size", str(64 * 2**20), "--tmpfs", "/dev/shm",  # POSIX semaphores (joblib)
        "--perms", "1777", "--size", str(64 * 2**20), "--tmpfs", "/tmp",
        "--perms", "0777", "--size", str(limits.home_bytes), "--tmpfs", SANDBOX_HOME,
        # Later mounts land on top of earlier ones: the environment after /tmp and home.
        *_python_mounts({"/tmp", "/home", SANDBOX_HOME, "/dev", "/proc"}),
        "--ro-bind", str(submission), SUBMISSION,
        "--bind", str(run_dir), str(run_dir),
    ]
    data = keras_data_cache()
    if data.is_dir():
        # Keras reads its data sets from ~/.keras/datasets; the folder above stays writable
        # for the keras.json Keras writes on first import.
        sandbox += ["--perms", "0777", "--dir", f"{SANDBOX_HOME}/.keras",
                    "--ro-bind", str(data), f"{SANDBOX_HOME}/.keras/datasets"]
    sandbox += ["--clearenv", "--setenv", "HOME", SANDBOX_HOME,
                "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
                "--setenv", "MPLBACKEND", "agg", "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
                "--setenv", "PYTHONNOUSERSITE", "1"]
    for name in PASSED_VARIABLES:
        if name in environment:
            sandbox += ["--setenv", name, environment[name]]
    sandbox += ["--chdir", SANDBOX_HOME, "--"]
    # Copy the submission into the writable work folder, then become the kernel.
    start = ["/bin/sh", "-c", f'mkdir -p {WORK} && cp -R {SUBMISSION}/. {WORK}/ 2>/dev/null; cd {WORK} && exec "$@"', "sh"]
    return outside + sandbox + inside + start + list(command)


def sandbox_uid() -> int | None:
    """The user id this grading process's kernels run as: one per worker,
    so that one student's fork bomb cannot use up another's process quota
    (DLCOURSE_WORKER, set for each worker by dlcourse.grading.autograde).
    None when not root (the kernels then run as the current user)."""
    if os.geteuid() != 0:
        return None
    return worker_uid(int(os.environ.get("DLCOURSE_WORKER", "0")))


def worker_uid(worker: int) -> int:
    """The sandbox user id of grading worker number ``worker``."""
    return int(os.environ.get(FIRST_UID_VARIABLE, FIRST_UID)) + worker


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run in the sandbox described above.

    Kernels listen on Unix sockets (``transport = "ipc"``) in a private run
    folder, because the sandbox has no network, not even loopback; and
    they are interrupted by message, because a signal to the sandbox's
    outer process would not reach them."""

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.cgroup: MemoryCap | None = None
        self.transport = "ipc"
        self.limits = Limits.from_environment()
        self.run_dir = Path(tempfile.mkdtemp(prefix="dlcourse-kernel-"))
        self.uid = sandbox_uid()
        if self.uid is not None:
            os.chown(self.run_dir, self.uid, self.uid)
        self.connection_file = str(self.run_dir / "kernel.json")
        self.ip = str(self.run_dir / "kernel-ipc")

    @property
    def kernel_spec(self):  # type: ignore[override]
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return spec

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: t.Any) -> None:
        submission = Path(kw.pop("cwd", None) or os.getcwd())
        environment = kw.get("env") or dict(os.environ)
        if self.uid is not None:
            os.chown(self.connection_file, self.uid, self.uid)
        command = sandbox_command(kernel_cmd, submission=submission, run_dir=self.run_dir,
                                  uid=self.uid, limits=self.limits, environment=environment)
        self.cgroup = self._new_cgroup()
        if self.cgroup is not None:
            command = self.cgroup.command(command)
        kw["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        kw["cwd"] = str(self.run_dir)
        await super()._async_launch_kernel(command, **kw)

    def _new_cgroup(self) -> MemoryCap | None:
        """The submission's own cgroup, capping its processes' memory together."""
        global _said_why_uncapped
        owner = str(self.uid if self.uid is not None else os.getuid())
        try:
            return MemoryCap.create(owner, self.limits.memory_total_bytes)
        except OSError as error:
            if not _said_why_uncapped:
                self.log.warning("memory is capped per process only, not for a submission's processes "
                                 "together: %s (see dlcourse/trust/memory_cap.py)", error)
                _said_why_uncapped = True
            return None

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        self.release_cgroup()
        if not restart:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    # nbclient cleans up a kernel that died by this name, which jupyter_client
    # binds to its own method: a dead kernel too must release its cgroup and folder.
    cleanup_resources = _async_cleanup_resources

    def release_cgroup(self) -> None:
        """Log what the submission used (and whether the cap stopped it), then remove its cgroup."""
        if self.cgroup is None:
            return
        killed, peak = self.cgroup.out_of_memory_kills(), self.cgroup.peak()
        if peak:
            self.log.info("the submission's processes used at most %.2f GiB together (cap %.1f GiB)",
                          peak / 2**30, self.cgroup.limit / 2**30)
        if killed:
            self.log.error("%s of %.1f GiB: the out-of-memory killer stopped %d of its processes",
                           MEMORY_CAP_REACHED, self.cgroup.limit / 2**30, killed)
        self.cgroup.remove()
        self.cgroup = None


# What the grading log says when a submission's processes together reached their cap.
MEMORY_CAP_REACHED = "the submission's processes together reached their memory cap"
_said_why_uncapped = False


# A larger single message from the kernel is dropped, and the notebook then
# stops with a timeout: set far above what a cell's output may hold (see
# dlcourse.trust.plugins), so only a deliberate flood meets it.
MAX_MESSAGE_BYTES = 256 * 2**20


class CappedKernelManager(SandboxedKernelManager):
    """Clients of these kernels refuse oversized messages (ZeroMQ drops
    them), so one enormous print cannot fill the grader's memory."""

    def client(self, **kwargs: t.Any):
        import zmq
        import zmq.asyncio

        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        kwargs.setdefault("context", context)
        return super().client(**kwargs)
