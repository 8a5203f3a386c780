"""Write the student bundle: what a learner clones or unzips, and nothing else.

The bundle holds the released chapters (``chapters/``, as `make release`
made them), the data script (``data/``), the environment files
(``requirements.txt``, ``constraints.txt``, and an ``environment.yml``
without the course's tooling), the learner's JupyterLab settings
(``.jupyter/student-lab/``: Validate without the instructor tools), and a
student README and Makefile (``dlcourse/student/``) for setting up,
working, validating and submitting.  No solution, hidden test, grading
tool or gradebook is in it; tests/test_student_bundle.py proves it.

Usage:  python -m dlcourse.student_bundle [--out DIR]
Writes DIR/dl-course/ and DIR/dl-course.zip (default DIR: build/student-bundle).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from . import notebooks
from .layout import BUILD, ROOT, all_chapters
from .release import build_releases, differences, files_under

NAME = "dl-course"
TEMPLATES = Path(__file__).resolve().parent / "student"
STUDENT_LAB = ".jupyter/student-lab"  # the learner's lab settings, every file of it
# Copied as they are.  copy2 keeps their times, so a .venv set up from the
# same pins counts as up to date (the Makefile's stamp is newer).
COPIED = ["requirements.txt", "constraints.txt", "data/provision.py", "data/datasets.json",
          *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / STUDENT_LAB).rglob("*") if p.is_file())]
IGNORED = ".venv/\nartifacts/\n.ipynb_checkpoints/\n__pycache__/\n"


class StaleRelease(RuntimeError):
    """chapters/ does not match solutions/: the bundle would ship old notebooks."""


def chapter_rows() -> str:
    """The README's table: each chapter's folder and its lesson's title."""
    rows = []
    for chapter in all_chapters():
        lesson = notebooks.read(chapter.lesson)
        title = next((c.source.splitlines()[0].lstrip("# ").strip() for c in lesson.cells
                      if c.cell_type == "markdown" and c.source.strip()), chapter.name)
        title = re.sub(r"^Chapter \d+ · | — lesson$", "", title)  # "Chapter 01 · Tensors ... — lesson"
        rows.append(f"| `chapters/{chapter.name}/` | {title} |")
    return "\n".join(rows)


def student_environment() -> str:
    """environment.yml without the line that installs the course's tooling,
    which the bundle does not ship."""
    lines = (ROOT / "environment.yml").read_text().splitlines()
    kept = [line for line in lines if line.strip() != "- -e ."]
    return "\n".join(kept) + "\n"


def check_release_is_current(workdir: Path) -> None:
    chapters = all_chapters()
    fresh = build_releases(chapters, workdir)
    for chapter in chapters:
        changes = differences(fresh[chapter.name], chapter.release)
        if changes:
            listed = ", ".join(f"{path} ({change})" for path, change in changes.items())
            raise StaleRelease(f"chapters/{chapter.name} is out of date with solutions/: {listed}. "
                               f"Run `make release` first.")


def write_bundle(out: Path, check_release: bool = True) -> tuple[Path, Path]:
    """Write ``out/dl-course/`` and ``out/dl-course.zip``; return both."""
    folder, archive = out / NAME, out / f"{NAME}.zip"
    if check_release:
        # outside the checkout: release.files_under leaves out what git ignores, build/ included
        with tempfile.TemporaryDirectory(prefix="dlcourse-bundle-") as scratch:
            check_release_is_current(Path(scratch))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    for chapter in all_chapters():
        for path in sorted(files_under(chapter.release)):
            target = folder / "chapters" / chapter.name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(chapter.release / path, target)
    for name in COPIED:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    (folder / "environment.yml").write_text(student_environment())
    shutil.copy2(TEMPLATES / "Makefile", folder / "Makefile")
    (folder / "README.md").write_text((TEMPLATES / "README.md").read_text().replace("CHAPTER_ROWS", chapter_rows()))
    (folder / ".gitignore").write_text(IGNORED)

    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zipped.write(path, Path(NAME) / path.relative_to(folder))
    return folder, archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the student bundle (folder and zip).")
    parser.add_argument("--out", type=Path, default=BUILD / "student-bundle")
    args = parser.parse_args(argv)
    try:
        folder, archive = write_bundle(args.out)
    except StaleRelease as stale:
        print(stale, file=sys.stderr)
        return 1
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"{folder}: {count} files\n{archive}: {archive.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
