"""What comes out of grading: HTML feedback for learners (nbgrader
generate_feedback, through dlcourse.trust.feedback's SafeFeedback) and the
grades file (nbgrader export, through ExerciseScoresExporter, which reads
the grading records)."""

from __future__ import annotations

from pathlib import Path

from ..layout import Chapter
from .course import Course


def generate_feedback(course: Course, chapter: Chapter, students: list[str] | None = None) -> list[Path]:
    """HTML feedback for each autograded submission (hidden tests left out)."""
    options = [f"--student={s}" for s in students] if students and len(students) == 1 else []
    course.nbgrader("generate_feedback", chapter.name, "--force", *options)
    folder = course.feedback_dir
    return sorted(p for p in folder.glob(f"*/{chapter.name}/*.html")
                  if not students or p.parts[-3] in students)


def export_grades(course: Course, destination: Path | None = None) -> Path:
    """grades.csv: one row per student and chapter, one column per exercise."""
    destination = Path(destination or course.grades_file).resolve()
    course.nbgrader("export", "--to", str(destination),
                    f"--ExerciseScoresExporter.records={course.records_dir}")
    return destination
