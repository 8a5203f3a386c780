"""The thresholds notebooks declare in their metadata, read by one parser.

A lesson promises targets for its headline figures (``make results`` checks
them); an assignment that grades a trained model puts a bar under each
graded figure (``make seed-spread`` measures the room above it).  Both say
which figure, which way is better, and the bound:

    "dlcourse": {"targets": [
        {"metric": "test_accuracy", "better": "higher", "target": 0.895,
         "reference": 0.8864, "source": "ageron/handson-ml3, 10_neural_nets_with_keras.ipynb"}]}

    "dlcourse": {"bars": {"classifier_test_accuracy": {"bar": 0.9, "better": "higher"}}}

``better`` is "higher" (value >= bound), "lower" (value <= bound) or, for
targets only, "equal" (within ``tolerance``, default 0).  A target's bound
may name another figure of the same lesson ("lower than the baseline's").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import nbformat

SIGNS = {"higher": ">=", "lower": "<=", "equal": "="}


@dataclass(frozen=True)
class Threshold:
    figure: str
    better: str  # "higher", "lower" or "equal"
    bound: float | str  # a number, or the name of another figure
    tolerance: float = 0.0
    reference: float | str | None = None
    source: str = ""
    # the name of a figure that says whether this figure's path ran at all (a
    # download that a machine without internet cannot make): 0 or absent
    # makes the figure "not run" rather than an error
    only_if: str | None = None

    def value_of_bound(self, figures: dict | None = None) -> float:
        if isinstance(self.bound, str):
            if not figures or self.bound not in figures:
                raise KeyError(f"the bound of {self.figure!r} names {self.bound!r}, which the notebook does not record")
            return float(figures[self.bound])
        return float(self.bound)

    def met_by(self, value: float, figures: dict | None = None) -> bool:
        bound = self.value_of_bound(figures)
        if self.better == "higher":
            return value >= bound
        if self.better == "lower":
            return value <= bound
        return math.isclose(value, bound, rel_tol=0.0, abs_tol=self.tolerance)

    def margin(self, values: list[float], figures: dict | None = None) -> float:
        """Distance from the worst of ``values`` to the bound; negative when
        one misses it."""
        bound = self.value_of_bound(figures)
        if self.better == "higher":
            return min(values) - bound
        if self.better == "lower":
            return bound - max(values)
        return self.tolerance - max(abs(v - bound) for v in values)

    def path_ran(self, figures: dict) -> bool:
        """False when the figure's path could not be taken on this machine
        (its ``only_if`` figure is 0 or missing)."""
        return not self.only_if or bool(figures.get(self.only_if))

    def describe(self, figures: dict | None = None) -> str:
        """">= 0.895", or "<= mean_baseline_val_mse (0.9123)" for a bound
        that names another figure, with its value when ``figures`` has it."""
        text = f"{SIGNS[self.better]} {self.bound}"
        if isinstance(self.bound, str) and figures and isinstance(figures.get(self.bound), (int, float)):
            text += f" ({format_figure(figures[self.bound])})"
        return text + (f" ± {self.tolerance:g}" if self.better == "equal" and self.tolerance else "")


def format_figure(value) -> str:
    """A figure as tables print it: 6 significant digits, thousands separated."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def threshold(kind: str, figure: str, spec: dict, bound_key: str, directions: tuple[str, ...]) -> Threshold:
    """One declared threshold, checked; the one parser of targets and bars."""
    if spec.get("better") not in directions:
        allowed = ", ".join(repr(d) for d in directions[:-1]) + f" or {directions[-1]!r}"
        raise ValueError(f"{kind} {figure!r}: 'better' must be {allowed}, not {spec.get('better')!r}")
    if bound_key not in spec:
        raise ValueError(f"{kind} {figure!r} has no {bound_key!r}")
    return Threshold(figure, spec["better"], spec[bound_key],
                     tolerance=float(spec.get("tolerance", 0.0)), reference=spec.get("reference"),
                     source=spec.get("source", ""), only_if=spec.get("only_if"))


def targets_of(lesson: nbformat.NotebookNode) -> list[Threshold]:
    """The targets a lesson promises for its headline figures."""
    return [threshold("target", spec.get("metric"), spec, "target", ("higher", "lower", "equal"))
            for spec in lesson.metadata.get("dlcourse", {}).get("targets", [])]


def bars_of(assignment: nbformat.NotebookNode) -> list[Threshold]:
    """The bars an assignment's trained models must clear, by graded figure."""
    return [threshold("bar", figure, spec, "bar", ("higher", "lower"))
            for figure, spec in assignment.metadata.get("dlcourse", {}).get("bars", {}).items()]
