"""Read figures out of the report's printed text: the inverse of :mod:`edition.show`.

The report's own cells and phrases (a row's ``as_printed``, the ledger's ``printed``) are
shown beside the edition's recomputation and compared with it. These functions take the
number, its number of decimals, or the figure's words out of such text, and raise when the
text does not hold what the caller expects, so a changed transcription fails loudly.
"""
from __future__ import annotations

import re

FIGURE_QUALIFIER = (r"(?:nearly|almost|about|roughly|around|approximately|just over|slightly over|over|"
                    r"more than|less than|fewer than|as many as|as much as|up to|close to|only)")
_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                r"eighty|ninety|a hundred|one hundred)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?")
_FIGURE = re.compile(
    rf"(?<![\w.])(?:[+-]\s?)?(?:{FIGURE_QUALIFIER}\s+)?"
    r"(?:(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s?[-\u2013]\s?\d[\d,]*(?:\.\d+)?)?(?:\s?%|\s+percent\b)?"
    rf"|{_NUMBER_WORD}\s+percent\b"
    r"|(?:half|(?:one|a|two|three)[- ](?:third|thirds|quarter|quarters|fifth|fifths))\b)",
    re.IGNORECASE)
_CELL = re.compile(r"\s*([+-]?)\s*(\d[\d,]*\.?\d*|\.\d+)\s*%?\s*")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def number(text: str) -> float:
    """The number in a printed cell: ``".5%"`` -> 0.5, ``"- 1.1%"`` -> -1.1, ``"2.2"`` -> 2.2."""
    match = _CELL.fullmatch(text)
    if not match:
        raise ValueError(f"cannot read a number from the printed cell {text!r}")
    sign, digits = match.groups()
    value = float(digits.replace(",", ""))
    return -value if sign == "-" else value


def decimals(text: str) -> int:
    """How many decimals a printed cell shows (``"10%"`` -> 0, ``".5%"`` -> 1)."""
    digits = re.sub(r"[^\d.]", "", text)
    return len(digits.split(".")[1]) if "." in digits else 0


def precision(text: str) -> float:
    """One unit of the last digit a printed cell shows (``"10%"`` -> 1, ``"65.4%"`` -> 0.1)."""
    return 10.0 ** -decimals(text)


def percent_in(text: str) -> float:
    """The one percentage in a printed phrase: ``"about 147,968 people or 15.5% of the
    population"`` -> 15.5. Raises if the phrase holds none or several."""
    found = _PERCENT.findall(text)
    if len(found) != 1:
        raise ValueError(f"expected one percentage in the printed phrase {text!r}, found {len(found)}")
    return float(found[0])


def figure_words(text: str) -> str:
    """The figure inside a printed phrase, with its qualifier: ``"dropped to one third"`` ->
    ``"one third"``, ``"increased by nearly 9%"`` -> ``"nearly 9%"``. Raises if none."""
    match = _FIGURE.search(text)
    if not match:
        raise ValueError(f"no figure in the printed phrase {text!r}")
    return match.group(0).strip()
