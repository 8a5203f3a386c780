"""Generate ``chapters/`` (what students get) from ``solutions/``.

For each chapter, nbgrader turns the instructor assignment into the student
version (solutions and hidden tests removed, test cells locked); every other
notebook (the lesson) and file is copied as it is.

Usage:  python -m dlcourse.release [CHAPTER] [--check]

``--check`` changes nothing and exits 1 when ``chapters/`` is stale or was
edited by hand.  Without it, files that change are replaced; the previous
version of each is kept under ``build/release-backups/`` first, so a learner
who worked inside ``chapters/`` loses nothing.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .grading.course import Course
from .grading.runners import ForkServerRunner, Runner
from .layout import BUILD, ROOT, Chapter, select_chapters

BACKUPS = BUILD / "release-backups"


def build_release(chapter: Chapter, workdir: Path, runner: Runner | None = None) -> Path:
    """Build the student version of ``chapter`` under ``workdir``; return it."""
    released = Course(workdir, runner=runner).generate(chapter)
    for notebook in chapter.notebooks():
        if notebook != chapter.assignment:
            shutil.copyfile(notebook, released / notebook.name)
    return released


def build_releases(chapters: list[Chapter], workdir: Path) -> dict[str, Path]:
    """Build each chapter's student version under ``workdir/NAME``, by
    chapter name; nbgrader starts once for all of them."""
    with ForkServerRunner() as runner:
        return {chapter.name: build_release(chapter, workdir / chapter.name, runner) for chapter in chapters}


def files_under(folder: Path) -> set[Path]:
    """The files of a release folder, without what working in it leaves
    behind: hidden folders (.ipynb_checkpoints) and whatever git ignores
    (logs and models the lessons write)."""
    if not folder.is_dir():
        return set()
    files = {
        p.relative_to(folder) for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }
    return files - ignored_by_git(folder, files)


def ignored_by_git(folder: Path, files: set[Path]) -> set[Path]:
    """Those of ``files`` (relative to ``folder``) that git ignores; none
    outside a git checkout."""
    if not files:
        return set()
    try:
        result = subprocess.run(
            ["git", "check-ignore", "--no-index", "--stdin"], cwd=folder,
            input="\n".join(map(str, files)), capture_output=True, text=True)
    except FileNotFoundError:  # no git on this machine
        return set()
    return {Path(line) for line in result.stdout.splitlines()}


def differences(fresh: Path, current: Path) -> dict[Path, str]:
    """What differs between a fresh build and the current release."""
    fresh_files, current_files = files_under(fresh), files_under(current)
    changes = {}
    for path in sorted(fresh_files | current_files):
        if path not in current_files:
            changes[path] = "missing"
        elif path not in fresh_files:
            changes[path] = "not in solutions/"
        elif not filecmp.cmp(fresh / path, current / path, shallow=False):
            changes[path] = "differs"
    return changes


def apply_release(fresh: Path, current: Path, changes: dict[Path, str],
                  backups: Path = BACKUPS) -> Path | None:
    """Make ``current`` equal to ``fresh``; back up what gets replaced."""
    backup = backups / time.strftime("%Y%m%d-%H%M%S") / current.name
    backed_up = False
    for path, change in changes.items():
        target = current / path
        if target.exists():
            (backup / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, backup / path)
            backed_up = True
            target.unlink()
        if change != "not in solutions/":
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fresh / path, target)
    return backup if backed_up else None


def release_one(chapter: Chapter, fresh: Path, check: bool) -> bool:
    """Bring ``chapter``'s release up to date with its ``fresh`` build (with
    ``check``, only compare); True when it is out of date and left so."""
    changes = differences(fresh, chapter.release)
    where = chapter.release.relative_to(ROOT)
    if not changes:
        print(f"{where}: up to date")
        return False
    if check:
        print(f"{where}: out of date with solutions/{chapter.name}:")
        for path, change in changes.items():
            print(f"  {path}: {change}")
        return True
    backup = apply_release(fresh, chapter.release, changes)
    print(f"{where}: released ({len(changes)} file(s) changed)")
    if backup:
        print(f"  the previous versions are kept in {backup.relative_to(ROOT)}")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate chapters/ from solutions/.")
    parser.add_argument("chapter", nargs="?", default=None,
                        help="chapter number or folder (default: every chapter)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if chapters/ is not up to date")
    args = parser.parse_args(argv)

    chapters = select_chapters(args.chapter)
    with tempfile.TemporaryDirectory(prefix="dlcourse-release-") as workdir:
        fresh = build_releases(chapters, Path(workdir))
        stale = [chapter for chapter in chapters if release_one(chapter, fresh[chapter.name], args.check)]
    if stale:
        names = " ".join(c.number for c in stale)
        print(f"\nRun `make release` (or `make release CHAPTER={names}`) and commit chapters/."
              "\nNever edit chapters/ by hand: edit solutions/ and release.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
