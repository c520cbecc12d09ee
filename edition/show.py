"""Format figures the one way the edition prints them, and paste them into prose.

Chapters compute a figure, then publish it with :func:`publish`; the prose pastes it with
``{glue:text}`key```. Formats are fixed here so a count or a share reads the same on every
page: counts with thousands separators (``620,753``), shares with one decimal and a per
cent sign (``38.1%``), changes of a share in percentage points (``+8.8 points``), changes
of a count in per cent (``−25.8%``).
"""
from __future__ import annotations

import math
from numbers import Real

MINUS = "\u2212"


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"expected a number, got {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ValueError("cannot print a missing figure (NaN); check the data row it comes from")
    return value


def count(value) -> str:
    """A count: ``620,753``. Raises if the value is not a whole number."""
    value = _number(value)
    if value != round(value):
        raise ValueError(f"{value} is not a whole number; counts are printed without decimals")
    return f"{int(round(value)):,}"


def percent(value, digits: int = 1) -> str:
    """A share already in per cent: ``38.1%``."""
    return f"{_number(value):.{digits}f}%".replace("-", MINUS)


def signed_percent(value, digits: int = 1) -> str:
    """A change of a count, in per cent: ``+8.8%`` / ``−25.8%``."""
    value = _number(value)
    return (f"+{value:.{digits}f}%" if value > 0 else f"{value:.{digits}f}%").replace("-", MINUS)


def points(value, digits: int = 1) -> str:
    """A change of a share, in percentage points: ``+8.8 points`` / ``−1.1 points``."""
    value = _number(value)
    text = f"+{value:.{digits}f}" if value > 0 else f"{value:.{digits}f}"
    return text.replace("-", MINUS) + " points"


def publish(figures: dict[str, str]) -> dict[str, str]:
    """Glue each formatted figure under its key (no output shown); returns the mapping.

    Values must already be strings made by the functions above, so that the prose never
    shows a raw float. Outside a kernel (tests, scripts) this only checks and returns.
    """
    for key, text in figures.items():
        if not isinstance(text, str):
            raise TypeError(f"figure '{key}' must be formatted text (use edition.show.count/percent), got {text!r}")
    try:
        from myst_nb import glue
    except ImportError:  # pragma: no cover - myst_nb is pinned in requirements.txt
        return figures
    for key, text in figures.items():
        glue(key, text, display=False)
    return figures
