"""Where the course keeps things, and how chapters are found."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
CHAPTERS = ROOT / "chapters"
AUTOGRADER = ROOT / "autograder"
BUILD = ROOT / "build"

CHAPTER_FOLDER = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9-]+)$")


@dataclass(frozen=True)
class Chapter:
    """One chapter: ``solutions/NN-slug`` and its release ``chapters/NN-slug``."""

    name: str  # "01-tensors": nbgrader's assignment id too

    @property
    def number(self) -> str:
        return self.name[:2]

    @property
    def source(self) -> Path:
        return SOLUTIONS / self.name

    @property
    def release(self) -> Path:
        return CHAPTERS / self.name

    @property
    def lesson(self) -> Path:
        return self.source / f"{self.name}-lesson.ipynb"

    @property
    def assignment(self) -> Path:
        return self.source / f"{self.name}-assignment.ipynb"

    def notebooks(self) -> list[Path]:
        return sorted(self.source.glob("*.ipynb"))


def all_chapters() -> list[Chapter]:
    if not SOLUTIONS.is_dir():
        return []
    return [
        Chapter(folder.name)
        for folder in sorted(SOLUTIONS.iterdir())
        if folder.is_dir() and CHAPTER_FOLDER.match(folder.name)
    ]


def select_chapters(selector: str | None = None) -> list[Chapter]:
    """Chapters matching ``selector``: "01", "1", "01-tensors", or all if empty."""
    chapters = all_chapters()
    if not selector:
        return chapters
    wanted = selector.strip()
    if wanted.isdigit():
        wanted = f"{int(wanted):02d}"
    chosen = [c for c in chapters if wanted in (c.number, c.name)]
    if not chosen:
        known = ", ".join(c.name for c in chapters) or "none yet"
        raise SystemExit(
            f"No chapter matches {selector!r}. Use a number such as 01 or a "
            f"folder name. Chapters: {known}."
        )
    return chosen
