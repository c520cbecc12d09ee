"""Format figures the one way the edition prints them, and paste them into prose.

Chapters compute a figure, then publish it with :func:`publish`; the prose pastes it with
``{glue:text}`key```. Formats are fixed here so a count or a share reads the same on every
page: counts with thousands separators (``620,753``), shares with one decimal and a per
cent sign (``38.1%``), changes of a share in percentage points (``+8.8 points``), changes
of a count in percent (``−25.8%``).

Figures the source gives loosely are printed here too, one way everywhere: a qualifier
with its words (:func:`qualified`: ``over 91,000``, ``less than 1%``), shares near a
simple fraction in words (:func:`share_words`: ``nearly half``), and counts the source
writes in words in those words rather than as digits (:func:`round_count`: ``around two
million``, never ``2,000,000``; ``three hundred``, never ``300``; ``the remaining ten percent``,
never ``10%``). :func:`figure_phrase` applies them to a data row.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction
from numbers import Real

from edition import provenance  # listens to edition.data from now on: the rows behind each figure

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
    """A share already in percent: ``38.1%``."""
    return f"{_number(value):.{digits}f}%".replace("-", MINUS)


def signed_percent(value, digits: int = 1) -> str:
    """A change of a count, in percent: ``+8.8%`` / ``−25.8%``."""
    value = _number(value)
    return (f"+{value:.{digits}f}%" if value > 0 else f"{value:.{digits}f}%").replace("-", MINUS)


def points(value, digits: int = 1) -> str:
    """A change of a share, in percentage points: ``+8.8 points`` / ``−1.1 points``."""
    value = _number(value)
    text = f"+{value:.{digits}f}" if value > 0 else f"{value:.{digits}f}"
    return text.replace("-", MINUS) + " points"


def long_date(day) -> str:
    """A date in the book's prose style: ``November 12, 1946``."""
    return f"{day:%B} {day.day}, {day.year}"


def publish(figures: dict[str, str]) -> dict[str, str]:
    """Glue each formatted figure under its key (no output shown); returns the mapping.

    Values must already be strings made by the functions above, so that the prose never
    shows a raw float. Each figure's provenance is glued beside it (:func:`edition.provenance.publish`).
    Outside a kernel (tests, scripts) this only checks and returns.
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
    provenance.publish(figures, glue)
    return figures


# --- qualified and approximate figures: the one vocabulary of prose, tables and charts -------

QUALIFIER_WORDS = {"exact": "", "over": "over", "nearly": "nearly", "about": "about",
                   "roughly": "roughly", "under": "less than", "as many as": "as many as",
                   "at least": "at least"}
"""The words that print each value of the data's ``qualifier`` column. ``under`` prints as
"less than" (the report's "less than 1%"), so a qualified figure reads the same on every page."""

FRACTION_WORDS = {Fraction(1, 2): "half", Fraction(1, 3): "a third", Fraction(2, 3): "two-thirds",
                  Fraction(1, 4): "a quarter", Fraction(3, 4): "three-quarters",
                  Fraction(1, 5): "one-fifth", Fraction(2, 5): "two-fifths",
                  Fraction(3, 5): "three-fifths", Fraction(4, 5): "four-fifths"}
"""Plain words for shares near a simple fraction, used when the source's own wording does not
give the fraction (the source's words win: "one-quarter" where it writes so)."""

_FRACTION_PHRASE = re.compile(r"\b(half|(?:a|one|two|three|four)[- ](?:third|quarter|fifth)s?)\b", re.IGNORECASE)
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5}

_MILLIONS_PHRASE = re.compile(
    r"\b(half a|a|one|two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\s+million\b", re.IGNORECASE)
_SMALL_NUMBERS = {"half a": 0.5, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                  "seven": 7, "eight": 8, "nine": 9, "ten": 10}

_WORD_VALUES = {word: n for n, word in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"))}
_WORD_VALUES |= {word: 10 * n for n, word in enumerate(
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2)}
_SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_ANY_NUMBER_WORD = "|".join([*_WORD_VALUES, *_SCALE_WORDS])
_NUMBER_WORDS = re.compile(rf"\b(?:{_ANY_NUMBER_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_ANY_NUMBER_WORD}))*\b",
                           re.IGNORECASE)
_TENS_AND_UNITS = re.compile(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]+"
                             r"(one|two|three|four|five|six|seven|eight|nine)\b")


def _words_value(phrase: str) -> int:
    """The number an English number phrase states: ``one hundred and fifteen`` -> 115."""
    total = current = 0
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word == "and":
            continue
        if word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALE_WORDS:
            total, current = total + (current or 1) * _SCALE_WORDS[word], 0
        else:
            current += _WORD_VALUES[word]
    return total + current


def number_words(value, wording: str | None, then: str = "") -> str | None:
    """The source's words for ``value`` where ``wording`` writes it in words (followed by
    ``then``, e.g. ``" percent"``), in the house spelling (tens and units hyphenated: the
    report's "fifty three" prints "fifty-three"); ``None`` if the wording does not."""
    value = _number(value)
    for match in _NUMBER_WORDS.finditer(wording or ""):
        if _words_value(match.group(0)) == value and (wording or "")[match.end():].lower().startswith(then):
            return _TENS_AND_UNITS.sub(r"\1-\2", match.group(0).lower())
    return None


def qualified(figure, qualifier: str = "exact", unit: str = "persons") -> str:
    """A figure with the words of its qualifier: ``over 91,000``, ``less than 1%``.

    ``figure`` is text already formatted (``"91,000"``, ``"a third"``) or a number, which
    is formatted as a count, or as a percentage when ``unit`` is ``"percent"`` (whole
    percentages without decimals, as the report prints them).
    """
    if not isinstance(figure, str):
        value = _number(figure)
        figure = percent(value, digits=0 if value.is_integer() else 1) if unit == "percent" else count(value)
    qualifier = str(qualifier)
    lead = QUALIFIER_WORDS.get(qualifier, qualifier)
    return f"{lead} {figure}".strip()


def _fraction_of(phrase: str) -> Fraction:
    words = phrase.lower().replace("-", " ").split()
    if words == ["half"]:
        return Fraction(1, 2)
    return Fraction(_NUMERATORS[words[0]], _DENOMINATORS[words[1].rstrip("s")])


def fraction_words(share, tolerance: float = 0.5, wording: str | None = None) -> str | None:
    """Words for a share (percent) within ``tolerance`` points of a simple fraction, or ``None``.

    With ``wording`` (the source's text, a row's ``as_printed``) the share is put in words
    only if the source itself names that fraction, and in the source's words ("one-quarter"):
    a share the source gives as "nearly 40%" stays a percentage. Without ``wording`` the
    words of :data:`FRACTION_WORDS` serve (the edition describing a share of its own).
    """
    share = _number(share)
    if wording is not None:
        for match in _FRACTION_PHRASE.finditer(wording):
            if abs(share - 100.0 * float(_fraction_of(match.group(1)))) <= tolerance:
                return match.group(1).lower()
        return None
    for fraction, words in FRACTION_WORDS.items():
        if abs(share - 100.0 * float(fraction)) <= tolerance:
            return words
    return None


def share_words(share, qualifier: str = "exact", wording: str | None = None, words: bool = True) -> str:
    """A share the report gives in loose terms: ``nearly half``, ``over 20%``, ``less than 1%``.

    With ``words``, a share near a simple fraction is written as the fraction (see
    :func:`fraction_words`); otherwise as a percentage, without decimals when whole.
    """
    share = _number(share)
    text = fraction_words(share, wording=wording) if words else None
    if text is None and words and wording:
        spelled = number_words(share, wording, then=" percent")  # "the remaining ten percent"
        text = f"{spelled} percent" if spelled else None
    if text is None:
        text = percent(share, digits=0 if share.is_integer() else 1)
    return qualified(text, qualifier)


def round_count(value, wording: str | None = None, article: bool = True) -> str:
    """A count in the source's own words: ``half a million``, ``two million``, ``18 million``,
    ``one hundred and fifteen``, ``fifty-three``.

    The words are taken from ``wording`` (the source's text, a row's ``as_printed``) only
    when they state this very value (:func:`number_words`); otherwise the count is printed
    with separators. With
    ``article=False`` "a million" becomes "one million", for a sentence that puts "the"
    before the figure.
    """
    value = _number(value)
    for match in _MILLIONS_PHRASE.finditer(wording or ""):
        words = match.group(1).lower()
        amount = _SMALL_NUMBERS.get(words)
        if amount is None:
            amount = float(words)
        if amount * 1_000_000 == value:
            text = match.group(0).lower()
            return text if article or not text.startswith("a ") else "one " + text[2:]
    return number_words(value, wording) or count(value)


def figure_phrase(row, words: bool = True) -> str:
    """A data row's figure as the source words it, qualifier included (``over half a million``,
    ``nearly 38%``, ``over a third``, ``about 147,968``, ``one hundred and fifteen``). The row
    needs ``value``, ``unit``, ``qualifier`` and ``as_printed``. Counts of any unit (persons,
    checkpoints, years) keep the source's words."""
    wording = str(row.get("as_printed", "") or "")
    if row["unit"] == "percent":
        return share_words(row["value"], row["qualifier"], wording, words=words)
    text = round_count(row["value"], wording)
    return qualified(text, row["qualifier"])


def range_phrase(low, high) -> str:
    """Two rows that print as one range with one qualifier: ``roughly 20–40%``,
    ``roughly one-quarter to one-third``."""
    if low["unit"] != high["unit"]:
        raise ValueError(f"{low['id']} and {high['id']} have different units; a range needs one unit")
    if low["unit"] == "percent":
        ends = [fraction_words(r["value"], wording=str(r.get("as_printed", "") or "")) for r in (low, high)]
        if all(ends):
            text = f"{ends[0]} to {ends[1]}"
        else:
            text = f"{_number(low['value']):.0f}\u2013{share_words(high['value'], words=False)}"
    else:
        text = _millions_range(low, high) or f"{count(low['value'])}\u2013{count(high['value'])}"
    return qualified(text, low["qualifier"])


_MILLIONS_RANGE = re.compile(r"\b(\d+(?:\.\d+)?) to (\d+(?:\.\d+)?) million\b")


def _millions_range(low, high) -> str | None:
    """``1.5 to 1.6 million`` when the rows' source wording gives the range so and states
    these very values."""
    for row in (low, high):
        for match in _MILLIONS_RANGE.finditer(str(row.get("as_printed", "") or "")):
            ends = (float(match.group(1)) * 1_000_000, float(match.group(2)) * 1_000_000)
            if ends == (_number(low["value"]), _number(high["value"])):
                return match.group(0)
    return None
