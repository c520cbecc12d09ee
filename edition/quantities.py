"""Arithmetic that several chapters share: shares, changes and differences of figures.

Topic modules (releases, population, ...) build on these so that a share is computed the
same way everywhere: shares are in per cent of an explicit base, changes of shares are in
percentage points, changes of counts in per cent.
"""
from __future__ import annotations

import pandas as pd


def share_of(part, whole) -> float:
    """``part`` as a percentage of ``whole``."""
    if whole == 0:
        raise ZeroDivisionError("the base of a share is zero")
    return 100.0 * float(part) / float(whole)


def share_of_population(counts: pd.Series) -> pd.Series:
    """Each count as a percentage of the column total."""
    total = counts.sum()
    return counts.astype(float) * 100.0 / float(total)


def percent_change(before, after) -> float:
    """The change of a count from ``before`` to ``after``, in per cent of ``before``."""
    return share_of(float(after) - float(before), before)


def change_in_points(share_before, share_after) -> float:
    """The change of a share, in percentage points."""
    return float(share_after) - float(share_before)
