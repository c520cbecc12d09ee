"""The one comparison rule: how a printed figure or a claim in words is judged against a recomputation.

Every module that compares a printed figure with a recomputed one calls :func:`classify`
(figures) or :func:`judge_words` (claims in words); nothing else decides "matches". The
rules, documented on the audit appendix and tested in ``tests/test_audit_rules.py``:

* **Exact figures** -- :func:`classify`: reproduced within half a unit of the last printed
  digit, rounding-level within one unit, a discrepancy beyond. The unit comes from the
  figure's context (:func:`context_precision`): "10%" in a column printed to one decimal is
  10.0, judged to a tenth.
* **Loose words** ("nearly", "over", "about", ...) -- :func:`band`: the interval a word allows.
* **Fraction words** ("half", "a third", "two-thirds") -- :func:`fraction_band`: each word has
  its own band, half the distance to the nearest neighboring fraction word (capped), not one
  generic band.
* **Claims in words** -- :func:`judge_words`: *supported*, *loose* (right direction, over- or
  understated) or *contradicted* (the report's own figures point the other way).
* **Derived columns** -- :func:`judge_derived`: a column the report derived from its own
  printed figures is judged against those; where it differs from the counts only because its
  inputs do, its status is *follows* and it points to their finding.
* **Several readings** -- :func:`best_reading`: when a total or a base can be read several
  ways the report supports, each is judged and the best is taken (and named).
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

STATUSES = ("reproduced", "rounding", "discrepancy")
"""The verdicts of a figure printed in digits, from best to worst."""

FOLLOWS = "follows"
"""Status of a derived cell that agrees with its printed inputs but inherits their finding."""

WORD_VERDICTS = ("supported", "loose", "contradicted", "not-checkable")
"""The verdicts of a claim in words, from best to worst."""

ALL_STATUSES = (*STATUSES, FOLLOWS, *WORD_VERDICTS)

NOT_A_FINDING = ("reproduced", "supported", FOLLOWS)
"""Statuses that are not a finding against the report (``follows`` points to one elsewhere)."""

LOOSE_TOLERANCE = 0.10
"""Default tolerance of "nearly", "about", "roughly" ...: a tenth of the stated figure."""

OVER_TOLERANCE = 0.25
"""Default tolerance of a plain "over"/"more than": up to a quarter above the stated figure."""

SLIGHTLY_OVER_TOLERANCE = 0.10
"""Tolerance of "slightly over"/"just over"/"slightly more than": a tenth above the stated figure."""

FRACTION_WORD_PRECISION = 0.10
"""A bare round figure in words ("a million") is read as exact to a tenth of its value."""

WRONG_SIDE_MARGIN = 0.01
"""A loose figure at most this share of the stated figure outside its word's band is rounding-level."""

MAJORITY = 50.0
""""The majority" is read as ``over`` this share."""

VAST_MAJORITY = 66.7
""""The vast majority" is read as ``over`` this share (two-thirds, as the report prints it)."""

QUALIFIERS = ("exact", "nearly", "over", "under", "about", "far-less-than")
"""The ledger's ``qualifier`` column: how the report words the figure, normalized."""

QUALIFIER_WORDS = {
    "nearly": ("nearly", "almost", "close to", "just under"),
    "over": ("over", "more than", "slightly", "just over", "majority", "at least", "exceed", "hundreds of",
             "in large part", "overwhelming"),
    "under": ("under", "fewer than", "less than", "up to", "only", "not in very large"),
    "about": ("about", "roughly", "around", "approximately", "in the area of", "to", "constant",
              "not change", "same", "a few"),
    "far-less-than": ("far less than",),
}
"""Words of the report that each loose qualifier stands for (a test checks the printed text)."""

FRACTION_WORDS = {
    "a tenth": Fraction(1, 10), "one-fifth": Fraction(1, 5), "a fifth": Fraction(1, 5),
    "a quarter": Fraction(1, 4), "one-quarter": Fraction(1, 4), "a third": Fraction(1, 3),
    "one third": Fraction(1, 3), "one-third": Fraction(1, 3), "half": Fraction(1, 2),
    "two-thirds": Fraction(2, 3), "three-quarters": Fraction(3, 4),
}
"""The fraction words the report uses, and the fraction each names."""

FRACTION_BAND_CAP = 5.0
"""No fraction word is read wider than this many percentage points either side."""

_EPS = 1e-9


def fraction_band(word: str) -> tuple[float, float]:
    """The share a fraction word names, in percent, and its half-width in points.

    The half-width is half the distance to the nearest *other* fraction word the report
    uses (so a share is read as the word it is closest to), capped at
    :data:`FRACTION_BAND_CAP`: "a quarter" 25 +/- 2.5 (a fifth is 20), "a third" 33.3 +/-
    4.2 (a quarter is 25), "half" 50 +/- 5 (capped), "two-thirds" 66.7 +/- 4.2.
    """
    key = word.strip().lower()
    if key not in FRACTION_WORDS:
        raise ValueError(f"unknown fraction word {word!r}; known: {', '.join(FRACTION_WORDS)}")
    share = FRACTION_WORDS[key]
    others = {f for f in FRACTION_WORDS.values() if f != share}
    gap = min(abs(float(share - f)) for f in others) * 100.0
    return float(share) * 100.0, min(gap / 2.0, FRACTION_BAND_CAP)


def fraction_word_in(text: str) -> str | None:
    """The fraction word a printed phrase uses (the longest match), or ``None``."""
    lowered = text.lower()
    found = [w for w in FRACTION_WORDS if re.search(rf"(?<![a-z-]){re.escape(w)}(?![a-z-])", lowered)]
    return max(found, key=len) if found else None


def decimals_printed(text: str) -> int:
    """Digits after the decimal point of the first number in a printed text (``".5%"`` -> 1)."""
    match = re.search(r"\d*\.(\d+)|\d+", text.replace(",", ""))
    if not match:
        raise ValueError(f"no number in {text!r}")
    return len(match.group(1)) if match.group(1) else 0


def context_precision(text: str, siblings: list[str]) -> float:
    """The precision of a printed figure, read from its context.

    A figure is as precise as the finest figure printed in the same column: "10%" among
    "16.4%", "22.1%" is 10.0, precise to a tenth. Returns a power of ten (1, 0.1, ...).
    """
    digits = max([decimals_printed(text), *(decimals_printed(s) for s in siblings)])
    return 10.0 ** -digits


def band(value: float, tolerance: float, qualifier: str) -> tuple[float, float]:
    """The interval of recomputed values that a loose word allows around the stated ``value``.

    * ``nearly X`` -- from ``X - tolerance`` up to ``X`` (the word says "a little less");
    * ``over X`` -- from ``X`` up to ``X + tolerance`` ("the majority" is ``over 50``);
    * ``under X`` -- from ``X - tolerance`` up to ``X`` ("less than one percent": from 0 to 1);
    * ``about X`` -- ``X`` plus or minus ``tolerance``;
    * ``far-less-than`` -- the printed ``X`` is far less than the recomputed figure: the
      recomputed figure is at least ``X + tolerance``.
    """
    if qualifier == "nearly":
        return value - tolerance, value
    if qualifier == "over":
        return value, value + tolerance
    if qualifier == "under":
        return value - tolerance, value
    if qualifier == "about":
        return value - tolerance, value + tolerance
    if qualifier == "far-less-than":
        return value + tolerance, math.inf
    raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {', '.join(QUALIFIERS)}")


def _check(printed: float, computed: float, precision: float) -> tuple[float, float, float]:
    printed, computed, precision = float(printed), float(computed), float(precision)
    if any(math.isnan(x) for x in (printed, computed, precision)):
        raise ValueError("cannot classify a missing figure (NaN)")
    if precision <= 0:
        raise ValueError(f"precision must be positive, got {precision}")
    return printed, computed, precision


def classify(printed: float, computed: float, precision: float, qualifier: str = "exact") -> str:
    """The status of a printed figure against its recomputation.

    Exact figures (``precision`` is the printed precision in the figure's unit: 1 for
    "206,554", 0.1 for "33.4%"): **reproduced** when ``|computed - printed| <= precision/2``;
    **rounding** when it is at most ``precision`` (a rounding slip, a truncation, an
    off-by-one); **discrepancy** otherwise.

    Loose words (``precision`` is then the word's tolerance, see :func:`band`):
    **reproduced** inside the word's band, **rounding** outside it by at most
    :data:`WRONG_SIDE_MARGIN` of the stated figure, **discrepancy** otherwise.
    """
    printed, computed, precision = _check(printed, computed, precision)
    slack = _EPS * max(1.0, abs(printed), abs(computed))
    if qualifier == "exact":
        diff = abs(computed - printed)
        if diff <= precision / 2 + slack:
            return "reproduced"
        if diff <= precision + slack:
            return "rounding"
        return "discrepancy"
    low, high = band(printed, precision, qualifier)
    if low - slack <= computed <= high + slack:
        return "reproduced"
    margin = WRONG_SIDE_MARGIN * abs(printed) + slack
    if low - margin <= computed <= high + margin:
        return "rounding"
    return "discrepancy"


def default_tolerance(value: float, qualifier: str, slightly: bool = False) -> float:
    """The tolerance that :func:`classify` documents for a loose word, for the stated ``value``."""
    if qualifier == "over":
        return abs(value) * (SLIGHTLY_OVER_TOLERANCE if slightly else OVER_TOLERANCE)
    if qualifier in ("nearly", "about", "far-less-than"):
        return abs(value) * LOOSE_TOLERANCE
    if qualifier == "under":
        return abs(value)
    if qualifier == "exact":
        return abs(value) * FRACTION_WORD_PRECISION
    raise ValueError(f"unknown qualifier {qualifier!r}")


def word_tolerance(printed_text: str, value: float, qualifier: str, precision: float) -> float:
    """The tolerance to judge a claim in words by: its fraction word's band if it names one.

    A fraction word stated exactly ("dropped to one third") or with a loose word ("nearly
    half": from the band's lower edge up to half; "over a third": from a third up to the
    band's upper edge) is read with the word's own half-width (:func:`fraction_band`); any
    other claim keeps the ledger's ``precision``.
    """
    word = fraction_word_in(printed_text)
    if word is None:
        return float(precision)
    share, half_width = fraction_band(word)
    if not math.isclose(share, float(value), abs_tol=0.05):
        return float(precision)  # the number is not the fraction's share (e.g. "half a million")
    return half_width


def judge_words(printed: float, computed: float, tolerance: float, qualifier: str = "exact",
                unit: str = "") -> str:
    """The verdict on a claim in words: supported, loose or contradicted.

    * ranks and directions (``unit`` ``rank``/``direction``): *supported* when equal,
      otherwise *contradicted* ("increased" for a number that fell);
    * *supported* when :func:`classify` finds the figure in the word's band (or within the
      rounding margin of it);
    * *contradicted* when the figure lies on the wrong side of the word's bound: below an
      "over"/"majority", above an "under"/"nearly", below a "far less than" figure;
    * *loose* otherwise: the direction is right but the word over- or understates.
    """
    printed, computed, tolerance = _check(printed, computed, tolerance)
    if unit in ("rank", "direction"):
        return "supported" if math.isclose(printed, computed) else "contradicted"
    status = classify(printed, computed, tolerance, qualifier)
    if status != "discrepancy":
        return "supported"
    margin = WRONG_SIDE_MARGIN * abs(printed)
    wrong_side = ((qualifier == "over" and computed < printed - margin)
                  or (qualifier in ("under", "nearly") and computed > printed + margin)
                  or (qualifier == "far-less-than" and computed < printed))
    return "contradicted" if wrong_side else "loose"


def judge_derived(printed: float, from_print: float, from_counts: float, precision: float,
                  inputs_findings: list[str]) -> str:
    """The status of a cell the report derived from its own printed figures.

    ``from_print`` is the cell recomputed from the printed figures it derives from (the
    difference of two printed shares); ``from_counts`` is the same quantity from the counts.
    A slip of the derivation itself is judged as any figure. A cell that follows from its
    printed inputs but not from the counts is ``follows`` when one of its inputs is a finding
    (``inputs_findings`` names them): the finding is counted once, at the input.
    """
    own = classify(printed, from_print, precision)
    if own != "reproduced":
        return own
    if classify(printed, from_counts, precision) == "reproduced" or not inputs_findings:
        return "reproduced"
    return FOLLOWS


def best_reading(statuses: list[str]) -> int:
    """Which of several readings to take: the one with the best status (the first on a tie).

    The report's own wording decides what readings there are (each must be one the report
    supports, e.g. a total with or without a group it counts elsewhere); the verdict gives the
    report the benefit of the most favorable of them and says which it took.
    """
    if not statuses:
        raise ValueError("best_reading needs at least one reading")
    order = {s: i for i, s in enumerate(ALL_STATUSES)}
    for status in statuses:
        if status not in order:
            raise ValueError(f"unknown status {status!r}")
    return min(range(len(statuses)), key=lambda i: (order[statuses[i]], i))
