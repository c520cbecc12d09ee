"""The audit of the printed figures: every figure the report prints, recomputed from the data.

The ledger ``data/printed_figures.csv`` has one row per figure the report prints (counts,
percentages, totals, fraction words, every cell of its three tables) and per check that a
printed figure has to pass (a total against the tables, a share against its base). Each row
names its *derivation*:

* ``primary:<resource>/<row id>`` -- the figure is itself a row of ``data/``; the row is
  *reproduced* when the stored value equals the printed value (this verifies the
  transcription; any difference is a transcription error and counts as a discrepancy);
* ``<computation>`` or ``<computation>(<argument>, ...)`` -- a function of this module's
  registry (:data:`REGISTRY`), a small function of the data, evaluated by :func:`recompute`.
  Arguments are row references (``<resource>/<row id>``), dates (``1945-07-01``), row keys of
  a table (``under-17``, ``5-to-10-years``) or numbers.

:func:`classify` compares the printed value with the recomputed one (see its docstring for
the tolerances), :func:`ledger` returns the whole ledger with the recomputed value and the
status of every row, and the appendix ``appendices/audit.md`` renders it. The chapters mark
an audited figure with the ``{audit}`<id>``` role of ``_ext/edition_audit.py``, which links
to the row's anchor ``audit-<id>`` on the appendix page.

Editorial notes may hold placeholders that are computed when the page is built, so that a
note never types a recomputed figure: ``{computed}`` (this row's recomputed value),
``{printed}`` (its printed value) and ``{<computation>(<arguments>)}`` (any computation of the
registry, formatted in its unit).
"""
from __future__ import annotations

import contextvars
import html
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

import pandas as pd

from edition import data, paths, show

LEDGER = "printed_figures"
"""The resource (``data/printed_figures.csv``) that holds the ledger."""

STATUSES = ("reproduced", "rounding", "discrepancy")
"""The three verdicts, from best to worst."""

DECREE_DATE = date(1945, 7, 7)
"""The day the amnesty decree was issued (report note 13): the origin of the report's time spans."""

T1 = "population_by_age"
T2 = "work_ability_by_category"
T3 = "population_by_sentence_length"
JULY_1, OCTOBER_1 = "1945-07-01", "1945-10-01"

# --------------------------------------------------------------------------- tolerances

LOOSE_TOLERANCE = 0.10
"""Default tolerance of "nearly", "about", "roughly" ...: a tenth of the stated figure."""

OVER_TOLERANCE = 0.25
"""Default tolerance of a plain "over"/"more than": up to a quarter above the stated figure."""

SLIGHTLY_OVER_TOLERANCE = 0.10
"""Tolerance of "slightly over"/"just over"/"slightly more than": a tenth above the stated figure."""

FRACTION_WORD_PRECISION = 0.10
"""A bare fraction word ("a third", "half") is read as exact to a tenth of its value."""

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
    "over": ("over", "more than", "slightly", "just over", "majority", "at least"),
    "under": ("under", "fewer than", "less than", "up to", "only"),
    "about": ("about", "roughly", "around", "approximately", "in the area of", "to"),
    "far-less-than": ("far less than",),
}
"""Words of the report that each loose qualifier stands for (a test checks the printed text)."""

_EPS = 1e-9


def band(value: float, tolerance: float, qualifier: str) -> tuple[float, float]:
    """The interval of recomputed values that a loose word allows around the stated ``value``.

    ``tolerance`` is the ledger's ``precision`` column (for a loose word: its implied tolerance).

    * ``nearly X`` -- from ``X - tolerance`` up to ``X`` (the word says "a little less");
    * ``over X`` -- from ``X`` up to ``X + tolerance`` ("the majority" is ``over 50``);
    * ``under X`` -- from ``X - tolerance`` up to ``X`` ("less than one percent": from 0 to 1);
    * ``about X`` -- ``X`` plus or minus ``tolerance`` ("roughly", "around", a range
      "X to Y" is ``about`` its middle with half its width);
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


def classify(printed: float, computed: float, precision: float, qualifier: str = "exact") -> str:
    """The status of a printed figure against its recomputation.

    Exact figures (``qualifier="exact"``; ``precision`` is the printed precision in the
    figure's unit: 1 for "206,554", 0.1 for "33.4%", 1 for "65%"):

    * **reproduced** when ``|computed - printed| <= precision / 2`` -- the printed figure is
      the recomputed one, correctly rounded;
    * **rounding** when ``|computed - printed| <= precision`` -- off by at most one unit of
      the last printed digit: a rounding slip, a truncation (16.457 printed as 16.4) or an
      off-by-one;
    * **discrepancy** otherwise.

    Loose words (``nearly``, ``over``, ``under``, ``about``, ``far-less-than``; ``precision``
    is then the word's tolerance, see :func:`band`): **reproduced** when the recomputed
    figure lies in the word's band, **rounding** when it lies outside by at most
    :data:`WRONG_SIDE_MARGIN` of the stated figure (a hair on the wrong side of the word),
    **discrepancy** otherwise. Default tolerances: :data:`LOOSE_TOLERANCE` of the stated
    figure for "nearly", "about", "roughly"; :data:`OVER_TOLERANCE` for "over";
    :data:`SLIGHTLY_OVER_TOLERANCE` for "slightly over"; a bare fraction word ("a third") is
    exact with a precision of :data:`FRACTION_WORD_PRECISION` of its value.
    """
    printed, computed, precision = float(printed), float(computed), float(precision)
    if any(math.isnan(x) for x in (printed, computed, precision)):
        raise ValueError("cannot classify a missing figure (NaN)")
    if precision <= 0:
        raise ValueError(f"precision must be positive, got {precision}")
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


# --------------------------------------------------------------------------- reading data

_trace: contextvars.ContextVar[list | None] = contextvars.ContextVar("audit_trace", default=None)


def _note_read(ref: str) -> None:
    reads = _trace.get()
    if reads is not None and ref not in reads:
        reads.append(ref)


def split_ref(ref: str) -> tuple[str, str]:
    """``"releases_by_camp_type/itl"`` -> ``("releases_by_camp_type", "itl")``."""
    resource, sep, row_id = ref.strip().partition("/")
    if not sep or not resource or not row_id:
        raise ValueError(f"{ref!r} is not a row reference of the form <resource>/<row id>")
    return resource, row_id


def stored_value(ref: str) -> float:
    """The ``value`` of one data row, by reference ``<resource>/<row id>``."""
    resource, row_id = split_ref(ref)
    value = data.figure(resource, row_id)
    _note_read(f"{data.load(resource).attrs['path'][5:-4]}/{row_id}")
    return float(value)


def _stored_date(ref: str) -> str:
    resource, row_id = split_ref(ref)
    _note_read(f"{resource}/{row_id}")
    return str(data.figure(resource, row_id, "date"))


def _table(resource: str, date_text: str) -> pd.Series:
    """The counts of one column (a date) of a report table, by row key (the id before the date)."""
    frame = data.load(resource)
    rows = frame[frame["id"].str.endswith("-" + date_text)]
    if rows.empty:
        raise data.DataError(f"data/{resource}.csv: no rows for the date {date_text}")
    for row_id in rows["id"]:
        _note_read(f"{resource}/{row_id}")
    keys = rows["id"].str.slice(0, -(len(date_text) + 1))
    return pd.Series(rows["value"].astype(float).to_numpy(), index=keys.to_numpy())


def _cell(resource: str, key: str, date_text: str) -> float:
    return stored_value(f"{resource}/{key}-{date_text}")


def _rank(series: pd.Series, key: str, ascending: bool = False) -> int:
    if key not in series.index:
        raise KeyError(f"no row {key!r}; rows: {', '.join(series.index)}")
    ranks = series.rank(ascending=ascending, method="min")
    return int(ranks[key])


# --------------------------------------------------------------------------- the registry

@dataclass(frozen=True)
class Computation:
    """A named computation of the registry: a small function of the data, with its unit."""

    name: str
    func: Callable[..., float]
    unit: str

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip().splitlines()[0].replace("``", "")


REGISTRY: dict[str, Computation] = {}


def computation(unit: str):
    """Register a function in :data:`REGISTRY` under its own name; ``unit`` of its result."""

    def register(func):
        REGISTRY[func.__name__] = Computation(func.__name__, func, unit)
        return func

    return register


# -- generic --------------------------------------------------------------------------------

@computation("same as the row")
def stored(ref: str) -> float:
    """A stored figure itself, where the printed words interpret it ("over half or 55%")."""
    return stored_value(ref)


@computation("percent")
def share(part: str, whole: str) -> float:
    """One stored figure as a percentage of another."""
    return 100.0 * stored_value(part) / stored_value(whole)


@computation("persons")
def total(*refs: str) -> float:
    """The sum of stored figures (a printed total whose parts are stored)."""
    if not refs:
        raise ValueError("total() needs at least one row reference")
    return sum(stored_value(r) for r in refs)


@computation("percent")
def percent_decline(before: str, after: str) -> float:
    """The fall of a count from ``before`` to ``after``, in per cent of ``before``."""
    b, a = stored_value(before), stored_value(after)
    return 100.0 * (b - a) / b


@computation("percentage points")
def point_change(before: str, after: str) -> float:
    """The change of a share from ``before`` to ``after``, in percentage points."""
    return stored_value(after) - stored_value(before)


@computation("percent")
def complement(*refs: str) -> float:
    """What the stored shares leave of the whole: 100 minus their sum."""
    return 100.0 - sum(stored_value(r) for r in refs)


@computation("percent")
def smallest(*refs: str) -> float:
    """The smallest of several stored figures (a claim true of all of them)."""
    return min(stored_value(r) for r in refs)


@computation("persons")
def implied_base(ref: str, percent: str) -> float:
    """The base on which a stored count is the printed percentage (count / percentage)."""
    return stored_value(ref) * 100.0 / float(percent)


# -- releases ---------------------------------------------------------------------------------

@computation("persons")
def total_released() -> float:
    """Prisoners freed from camps and colonies: ITL plus UITLK-OITK."""
    return total("releases_by_camp_type/itl", "releases_by_camp_type/uitlk-oitk")


@computation("persons")
def sentences_halved_total() -> float:
    """Prisoners whose remaining sentence was cut in half: camps plus colonies."""
    return total("sentences_halved/camps", "sentences_halved/colonies")


@computation("persons")
def reduced_or_freed_total() -> float:
    """Prisoners freed or with their sentence halved: the two totals added."""
    return total_released() + sentences_halved_total()


@computation("percent")
def released_share_at_law() -> float:
    """Prisoners freed, in per cent of those held when the law was issued."""
    return 100.0 * total_released() / stored_value("camp_population_totals/gulag-at-amnesty-law")


@computation("percent")
def immediate_share_of_affected() -> float:
    """Prisoners freed, in per cent of all prisoners the amnesty freed or whose sentence it halved."""
    return 100.0 * total_released() / reduced_or_freed_total()


@computation("percent")
def colony_share_of_released() -> float:
    """Prisoners freed from colonies (terms of one to three years), in per cent of all freed."""
    return 100.0 * stored_value("releases_by_camp_type/uitlk-oitk") / total_released()


@computation("percent")
def property_crimes_share() -> float:
    """Prisoners freed who had committed property crimes, in per cent of all freed."""
    return 100.0 * stored_value("releases_by_offense/property-crimes") / total_released()


@computation("percent")
def wartime_offences_share() -> float:
    """Shares freed under the wartime laws and for military crimes, added."""
    return stored_value("releases_by_offense/wartime-laws") + stored_value("releases_by_offense/military-crimes-note-40")


@computation("percent")
def remaining_offences_share() -> float:
    """What the four named offence groups leave of the freed: 100 minus their shares."""
    return 100.0 - (stored_value("releases_by_offense/wartime-laws") + property_crimes_share()
                    + stored_value("releases_by_offense/military-crimes-note-40")
                    + stored_value("releases_by_offense/white-collar-crimes"))


@computation("persons")
def early_release_1941_note14() -> float:
    """The prisoners released early in 1941 according to the report's own note 14."""
    return stored_value("releases_in_other_years/early-release-1941")


@computation("percent")
def share_released_1953() -> float:
    """Prisoners freed by the 1953 amnesty, in per cent of the January 1953 population."""
    return share("releases_in_other_years/released-1953-amnesty", "camp_population_totals/gulag-1953-01")


@computation("percent")
def share_of_total(ref: str, table: str, date_text: str) -> float:
    """A stored count in per cent of a report table's total on a date (``t1`` ages, ``t3`` sentences)."""
    totals = {"t1": t1_total, "t3": t3_total}
    if table not in totals:
        raise ValueError(f"share_of_total: table must be t1 or t3, got {table!r}")
    return 100.0 * stored_value(ref) / totals[table](date_text)


@computation("percent")
def shortfall_of_released(ref: str) -> float:
    """How far a stored estimate falls short of the prisoners actually freed, in per cent of the freed."""
    return 100.0 * (total_released() - stored_value(ref)) / total_released()


@computation("percent")
def gender_share_after(gender: str) -> float:
    """The share of men or women after the amnesty, from their shares before and their declines."""
    def remaining(g):
        return stored_value(f"population_by_gender/{g}-before") * (1 - stored_value(f"population_by_gender/{g}-decline") / 100)
    return 100.0 * remaining(gender) / (remaining("men") + remaining("women"))


# -- the report's tables: ages (T1), work ability (T2), sentences (T3) ------------------------------

@computation("persons")
def t1_total(date_text: str) -> float:
    """Age table: the prisoners of all age groups on a date (the column's sum)."""
    return float(_table(T1, date_text).sum())


@computation("persons")
def t1_released(age: str) -> float:
    """Age table, "Number Released": the July 1 count minus the October 1 count of an age group."""
    return _cell(T1, age, JULY_1) - _cell(T1, age, OCTOBER_1)


@computation("percent")
def t1_pct_released(age: str) -> float:
    """Age table, "Percentage Released": the number released in per cent of the July 1 count."""
    return 100.0 * t1_released(age) / _cell(T1, age, JULY_1)


@computation("rank")
def t1_released_rank(age: str) -> float:
    """Age table: the rank of an age group by number released (1 = the most)."""
    released = _table(T1, JULY_1) - _table(T1, OCTOBER_1)
    return _rank(released, age)


@computation("percent")
def t2_column_sum(column: str) -> float:
    """Work-ability table: the sum of the shares of one column (all categories, with the no-category row)."""
    return float(_table(T2, column).sum())


@computation("persons")
def t3_total(date_text: str) -> float:
    """Sentence table: the prisoners of all sentence lengths on a date (the column's sum)."""
    return float(_table(T3, date_text).sum())


@computation("percent")
def t3_share(band_key: str, date_text: str) -> float:
    """Sentence table, "% Gulag Population": a sentence length in per cent of the column's sum."""
    return 100.0 * _cell(T3, band_key, date_text) / t3_total(date_text)


@computation("percentage points")
def t3_change(band_key: str) -> float:
    """Sentence table, "% change": the change of the recomputed share, July 1 to October 1, in points."""
    return t3_share(band_key, OCTOBER_1) - t3_share(band_key, JULY_1)


@computation("percent change")
def t3_count_change(band_key: str) -> float:
    """Sentence table: the change of the number of prisoners of a sentence length, in per cent."""
    before, after = _cell(T3, band_key, JULY_1), _cell(T3, band_key, OCTOBER_1)
    return 100.0 * (after - before) / before


UNDER_FIVE_YEARS = ("up-to-6-months", "6-months-to-1-year", "1-to-3-years", "3-to-5-years")
"""The sentence table's rows of sentences of up to five years."""


@computation("percent")
def t3_share_under_five(date_text: str) -> float:
    """Sentence table: sentences of up to five years in per cent of the column's sum."""
    column = _table(T3, date_text)
    return 100.0 * float(column[list(UNDER_FIVE_YEARS)].sum()) / float(column.sum())


@computation("direction")
def t3_direction_under_five() -> float:
    """Sentence table: whether the number serving up to five years rose (+1) or fell (-1)."""
    before = float(_table(T3, JULY_1)[list(UNDER_FIVE_YEARS)].sum())
    after = float(_table(T3, OCTOBER_1)[list(UNDER_FIVE_YEARS)].sum())
    return float(math.copysign(1.0, after - before)) if after != before else 0.0


@computation("rank")
def t3_rank(band_key: str, date_text: str) -> float:
    """Sentence table: the rank of a sentence length by number of prisoners on a date (1 = the most)."""
    return _rank(_table(T3, date_text), band_key)


@computation("rank")
def t3_change_rank(band_key: str) -> float:
    """Sentence table: the rank of a sentence length by the rise of its share (1 = the largest rise)."""
    before, after = _table(T3, JULY_1), _table(T3, OCTOBER_1)
    change = after / after.sum() - before / before.sum()
    return _rank(change, band_key)


# -- time spans ------------------------------------------------------------------------------

def _parse_date(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(*(parts + [1] * (3 - len(parts))))


@computation("weeks")
def period_weeks(ref: str) -> float:
    """The length in weeks of the period (``start/end``) a stored figure refers to."""
    start, _, end = _stored_date(ref).partition("/")
    if not end:
        raise ValueError(f"{ref}: its date {start!r} is not a period start/end")
    return (_parse_date(end) - _parse_date(start)).days / 7


@computation("months")
def months_after_decree(ref: str) -> float:
    """Months (of 30.44 days) from the decree of July 7, 1945 to the date of a stored figure."""
    return (_parse_date(_stored_date(ref)) - DECREE_DATE).days / (365.25 / 12)


@computation("years")
def years_before_decree(ref: str) -> float:
    """Years from the year of a stored figure to the year of the decree, 1945."""
    return DECREE_DATE.year - int(_stored_date(ref)[:4])


def _worked_remaining() -> tuple[int, int, int]:
    return tuple(int(stored_value(f"worked_example/remaining-{part}")) for part in ("years", "months", "days"))


@computation("days")
def worked_example_remaining_days() -> float:
    """The worked example's remaining term in days, counting 12 months of 30 days a year."""
    years, months, days = _worked_remaining()
    return (years * 12 + months) * 30 + days


@computation("days")
def worked_example_halved_days() -> float:
    """The worked example's remaining term cut in half part by part, in days of 30-day months."""
    years, months, days = _worked_remaining()
    total_months, odd = divmod(years * 12 + months, 2)
    return total_months * 30 + odd * 15 + math.ceil(days / 2)


@computation("year")
def worked_example_start_year() -> float:
    """The year the worked example's sentence began: the decree's date plus the remaining term, minus the sentence."""
    years, months, days = _worked_remaining()
    month_index = DECREE_DATE.month - 1 + months
    end_year = DECREE_DATE.year + years + month_index // 12
    end = date.fromordinal(date(end_year, month_index % 12 + 1, DECREE_DATE.day).toordinal() + days)
    return end.year - int(stored_value("worked_example/sentence-years"))


# --------------------------------------------------------------------------- recomputation

_CALL = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(?:\((.*)\))?\s*$")


def parse_derivation(text: str) -> tuple[str, list[str]]:
    """``"t1_released(under-17)"`` -> ``("t1_released", ["under-17"])``; ``primary:`` kept whole."""
    text = text.strip()
    if text.startswith("primary:"):
        return "primary", [text[len("primary:"):].strip()]
    match = _CALL.match(text)
    if not match:
        raise ValueError(f"derivation {text!r} is neither primary:<resource>/<id> nor <computation>(<args>)")
    name, args = match.group(1), match.group(2)
    if name not in REGISTRY:
        raise ValueError(f"derivation {text!r}: no computation named {name!r} in edition.audit.REGISTRY")
    arguments = [a.strip() for a in args.split(",")] if args and args.strip() else []
    return name, arguments


def evaluate(derivation: str) -> tuple[float, list[str]]:
    """The value of a derivation and the data rows (``<resource>/<id>``) it read."""
    name, args = parse_derivation(derivation)
    token = _trace.set([])
    try:
        if name == "primary":
            value = stored_value(args[0])
        else:
            value = float(REGISTRY[name].func(*args))
        return value, list(_trace.get())
    finally:
        _trace.reset(token)


def recompute(row) -> float:
    """The recomputed value of one ledger row (a mapping with a ``derivation``)."""
    return evaluate(str(row["derivation"]))[0]


def status_of(row, computed: float | None = None) -> str:
    """The status of one ledger row. A primary row must equal its data row exactly."""
    computed = recompute(row) if computed is None else computed
    if str(row["derivation"]).startswith("primary:"):
        return "reproduced" if math.isclose(float(row["value"]), computed, rel_tol=1e-12, abs_tol=1e-12) else "discrepancy"
    return classify(row["value"], computed, row["precision"], row["qualifier"])


def load_ledger() -> pd.DataFrame:
    """The ledger as stored, validated against its schema in ``datapackage.json``."""
    return data.load(LEDGER)


def printed(figure_id: str) -> str:
    """The ledger's ``printed`` text of one figure, exactly as the report prints it.

    The single place from which the chapters' modules take a printed figure that they show
    beside their recomputation (``printed("t1-under17-pct-released")`` -> ``"65.4%"``).
    Raises :class:`edition.data.DataError` for an id that is not a row of the ledger.
    """
    return str(data.figure(LEDGER, figure_id, "printed"))


def printed_value(figure_id: str) -> float:
    """The ledger's ``value`` of one figure: the number its printed text states (``"- 1.1%"`` -> -1.1)."""
    return float(data.figure(LEDGER, figure_id, "value"))


def ledger() -> pd.DataFrame:
    """The ledger with two more columns: ``computed`` (the recomputed value) and ``status``."""
    frame = load_ledger()
    computed, status, reads = [], [], []
    for _, row in frame.iterrows():
        value, read = evaluate(row["derivation"])
        computed.append(value)
        status.append(status_of(row, value))
        reads.append(tuple(read))
    frame["computed"] = computed
    frame["status"] = status
    frame["reads"] = reads
    return frame


def counts(frame: pd.DataFrame | None = None) -> dict[str, int]:
    """How many ledger rows have each status, and in all."""
    frame = ledger() if frame is None else frame
    out = {s: int((frame["status"] == s).sum()) for s in STATUSES}
    out["total"] = int(len(frame))
    out["primary"] = int(frame["derivation"].str.startswith("primary:").sum())
    out["recomputed"] = out["total"] - out["primary"]
    return out


# --------------------------------------------------------------------------- formatting

def _decimals(precision: float) -> int:
    return max(0, -int(math.floor(math.log10(precision) + 1e-9))) if precision < 1 else 0


def format_value(value: float, unit: str, precision: float = 1.0, extra: int = 1) -> str:
    """A figure in its unit, with ``extra`` decimals more than the printed precision shows."""
    digits = _decimals(precision) + extra
    if unit == "percent":
        return show.percent(value, digits)
    if unit == "percentage points":
        return show.points(value, digits)
    if unit == "percent change":
        return show.signed_percent(value, digits)
    if unit == "direction":
        return {1.0: "rose", -1.0: "fell", 0.0: "unchanged"}.get(float(value), str(value))
    if unit == "rank":
        return f"rank {int(value)}"
    if unit in ("year",):
        return str(int(value))
    if float(value).is_integer():
        text = show.count(value)
    else:
        text = f"{value:,.{max(digits, 1)}f}".replace("-", show.MINUS)
    return text if unit in ("persons", "") else f"{text} {unit}"


def format_computed(row) -> str:
    """A row's recomputed value, one decimal finer than its printed precision."""
    unit = row["unit"]
    if unit == "persons" and not float(row["computed"]).is_integer():
        return show.count(round(float(row["computed"])))
    precision = float(row["precision"]) if row["qualifier"] == "exact" else _loose_precision(row)
    return format_value(float(row["computed"]), unit, precision, extra=0 if unit in ("persons", "rank", "direction") else 1)


def _loose_precision(row) -> float:
    value = abs(float(row["value"]))
    return 1.0 if value >= 1 else 0.1


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\([^{}]*\))?)\}")


def render_note(row) -> str:
    """The editorial note with its placeholders computed (see the module docstring)."""
    text = str(row.get("editorial_note", "") or "")

    def fill(match):
        expr = match.group(1)
        if expr == "computed":
            return format_computed(row)
        if expr == "printed":
            return str(row["printed"])
        name, _ = parse_derivation(expr)
        value, _ = evaluate(expr)
        unit = REGISTRY[name].unit
        if unit == "persons":
            return show.count(round(value))
        if unit == "same as the row":
            unit = ""
        return format_value(value, unit, 1.0, extra=1)

    return _PLACEHOLDER.sub(fill, text)


# --------------------------------------------------------------------------- HTML tables

class AuditTable:
    """A small accessible HTML table whose rows can carry an ``id`` (the audit anchors).

    ``frame`` holds display strings; ``row_ids`` one anchor per row (or ``None``);
    ``links`` maps a column to a column of fragment ids that turn its cells into links
    (``#audit-...``); ``classes`` maps a column to a column of CSS class names for its cells;
    ``details`` maps a column to ``(column, kind)``: a second line under the cell's text,
    plain (``"text"``) or code (``"code"``, breakable after ``/``, ``_``, ``,`` and ``(``).
    Every text is escaped. Output mirrors :class:`edition.tables.Table`.
    """

    def __init__(self, frame: pd.DataFrame, row_ids: list[str | None] | None = None,
                 header_column: str | None = None, numeric: list[str] | None = None,
                 links: dict[str, str] | None = None, classes: dict[str, str] | None = None,
                 details: dict[str, tuple[str, str]] | None = None):
        self.frame = frame.reset_index(drop=True)
        self.row_ids = list(row_ids) if row_ids is not None else [None] * len(self.frame)
        if len(self.row_ids) != len(self.frame):
            raise ValueError("one row id per row")
        self.links = links or {}
        self.classes = classes or {}
        self.details = details or {}
        hidden = set(self.links.values()) | set(self.classes.values()) | {c for c, _ in self.details.values()}
        self.columns = [c for c in self.frame.columns if c not in hidden]
        self.header_column = header_column if header_column is not None else self.columns[0]
        self.numeric = list(numeric) if numeric is not None else []

    @staticmethod
    def _code(text: str) -> str:
        escaped = html.escape(text)
        return "<code>" + re.sub(r"([/_,(])", r"\1<wbr>", escaped) + "</code>"

    def _cell(self, row: pd.Series, column: str) -> str:
        text = html.escape("" if pd.isna(row[column]) else str(row[column]))
        if column in self.links and row[self.links[column]]:
            text = f'<a href="#{html.escape(str(row[self.links[column]]), quote=True)}">{text}</a>'
        if column in self.details:
            extra_column, kind = self.details[column]
            extra = "" if pd.isna(row[extra_column]) else str(row[extra_column])
            if extra:
                body = self._code(extra) if kind == "code" else html.escape(extra)
                text = (text + "<br>" if text else "") + f'<span class="audit-detail">{body}</span>'
        cls = []
        if column in self.numeric:
            cls.append("num")
        if column in self.classes and row[self.classes[column]]:
            cls.append(str(row[self.classes[column]]))
        attr = f' class="{html.escape(" ".join(cls), quote=True)}"' if cls else ""
        if column == self.header_column:
            return f'<th scope="row"{attr}>{text}</th>'
        return f"<td{attr}>{text}</td>"

    def _repr_html_(self) -> str:
        num = ' class="num"'
        head = "".join(
            f'<th scope="col"{num if c in self.numeric else ""}>{html.escape(str(c))}</th>' for c in self.columns)
        body = []
        for row_id, (_, row) in zip(self.row_ids, self.frame.iterrows()):
            attr = f' id="{html.escape(row_id, quote=True)}"' if row_id else ""
            body.append(f"<tr{attr}>" + "".join(self._cell(row, c) for c in self.columns) + "</tr>")
        return (f'<div class="table-scroll"><table class="edition-data edition-audit">\n'
                f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>")

    def __repr__(self) -> str:
        return self.frame[self.columns].to_string(index=False)


def anchor(row_id: str) -> str:
    """The HTML id of a ledger row on the appendix page (``audit-<id>``)."""
    return f"audit-{row_id}"


CHAPTERS = ("introduction", "stalins-amnesty", "revolving-door", "long-arm-of-the-gulag",
            "prisoners-and-ex-prisoners", "weakening-a-crippled-institution", "enduring-changes",
            "conclusion")
"""The chapters (and report sections) in reading order."""

STATUS_LABELS = {"reproduced": "reproduced", "rounding": "rounding-level", "discrepancy": "discrepancy"}


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The ledger as display strings: one row per figure, for the appendix."""
    return pd.DataFrame({
        "Figure": frame["id"].to_numpy(),
        "where": frame["location"].to_numpy(),
        "Printed": frame["printed"].to_numpy(),
        "Recomputed": [format_computed(r) for _, r in frame.iterrows()],
        "Status": [STATUS_LABELS[s] for s in frame["status"]],
        "Editorial note": [render_note(r) for _, r in frame.iterrows()],
        "derivation": frame["derivation"].to_numpy(),
        "status-class": ["audit-" + s for s in frame["status"]],
    })


def chapter_table(chapter: str, frame: pd.DataFrame | None = None) -> AuditTable:
    """Every ledger row of one chapter, each ``<tr>`` carrying its anchor ``audit-<id>``.

    Columns: the figure's id (its location beneath), the print, the recomputation, the
    verdict, and the editorial note with the derivation beneath.
    """
    frame = ledger() if frame is None else frame
    rows = frame[frame["chapter"] == chapter]
    return AuditTable(display_frame(rows), row_ids=[anchor(i) for i in rows["id"]],
                      numeric=["Recomputed"], classes={"Status": "status-class"},
                      details={"Figure": ("where", "text"), "Editorial note": ("derivation", "code")})


def findings_table(frame: pd.DataFrame | None = None, titles: dict[str, str] | None = None) -> AuditTable:
    """The rows that are not reproduced, worst first, each linking to its full entry."""
    frame = ledger() if frame is None else frame
    rows = frame[frame["status"] != "reproduced"].copy()
    rows["order"] = rows["status"].map({s: i for i, s in enumerate(reversed(STATUSES))})
    rows["chapter_order"] = rows["chapter"].map({c: i for i, c in enumerate(CHAPTERS)})
    rows = rows.sort_values(["order", "chapter_order"], kind="stable")
    out = pd.DataFrame({
        "Figure": rows["id"],
        "Printed": rows["printed"],
        "Recomputed": [format_computed(r) for _, r in rows.iterrows()],
        "Status": [STATUS_LABELS[s] for s in rows["status"]],
        "Chapter": [(titles or {}).get(c, c) for c in rows["chapter"]],
        "target": ["audit-" + i for i in rows["id"]],
        "status-class": ["audit-" + s for s in rows["status"]],
    })
    return AuditTable(out, numeric=["Recomputed"], links={"Figure": "target"},
                      classes={"Status": "status-class"})


def by_chapter(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of rows by chapter and status (numbers, in reading order)."""
    frame = ledger() if frame is None else frame
    table = pd.crosstab(frame["chapter"], frame["status"]).reindex(index=list(CHAPTERS), columns=list(STATUSES), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table


def by_chapter_table(frame: pd.DataFrame | None = None, titles: dict[str, str] | None = None):
    """:func:`by_chapter` as an edition table of display strings, with a total row."""
    from edition.tables import Table

    table = by_chapter(frame)
    titles = titles or {}
    out = pd.DataFrame({"Chapter": [titles.get(c, c) for c in table.index]})
    for status in (*STATUSES, "total"):
        out[STATUS_LABELS.get(status, "all figures").capitalize()] = [show.count(v) for v in table[status]]
    footer = pd.DataFrame([["All chapters", *(show.count(table[c].sum()) for c in (*STATUSES, "total"))]],
                          columns=out.columns)
    return Table(out, footer=footer)


def by_chapter_chart(frame: pd.DataFrame | None = None, titles: dict[str, str] | None = None):
    """A bar chart of the rows that are not reproduced, by chapter and status."""
    import altair as alt

    from edition import charts

    table = by_chapter(frame)
    titles = titles or {}
    records = [{"chapter": titles.get(c, c), "order": i, "status": STATUS_LABELS[s], "figures": int(table.loc[c, s])}
               for i, c in enumerate(table.index) for s in ("rounding", "discrepancy")]
    chart = alt.Chart(alt.InlineData(values=records)).mark_bar().encode(
        y=alt.Y("chapter:N", sort=alt.EncodingSortField("order"), title=None),
        x=alt.X("figures:Q", title="Figures not reproduced", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("status:N", title="Status", sort=["discrepancy", "rounding-level"]),
        order=alt.Order("status:N", sort="ascending"),
        tooltip=[alt.Tooltip("chapter:N", title="Chapter"), alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("figures:Q", title="Figures")],
    ).properties(width=420, height=240)
    display = pd.DataFrame({"Chapter": [titles.get(c, c) for c in table.index],
                            "Rounding-level": [show.count(v) for v in table["rounding"]],
                            "Discrepancy": [show.count(v) for v in table["discrepancy"]]})
    description = ("Bar chart of the printed figures that the data does not reproduce, by chapter: "
                   + "; ".join(f"{titles.get(c, c)}: {int(table.loc[c, 'discrepancy'])} discrepancies, "
                               f"{int(table.loc[c, 'rounding'])} rounding-level" for c in table.index) + ".")
    return charts._make(chart, records, display, [LEDGER], title="Where the report's figures go wrong",
                        description=description, name="audit_by_chapter")


# --------------------------------------------------------------------------- totals

IMPLIED_BASES = ("end-p7-30-percent", "end-p7-47-7-percent", "rev-p10-15-5-percent")
"""Ledger rows whose printed percentage of a stored count implies a population total."""


def totals_table(frame: pd.DataFrame | None = None):
    """The report's prisoner totals for July and October 1945 side by side, and the totals its percentages imply."""
    from edition.tables import Table

    frame = load_ledger() if frame is None else frame
    lines = [
        ("Held when the law was issued (text)", "primary:camp_population_totals/gulag-at-amnesty-law"),
        ("July 1: sum of the age groups", f"t1_total({JULY_1})"),
        ("July 1: sum of the sentence lengths", f"t3_total({JULY_1})"),
        ("October 1: sum of the age groups", f"t1_total({OCTOBER_1})"),
        ("October 1: sum of the sentence lengths", f"t3_total({OCTOBER_1})"),
    ]
    for row_id in IMPLIED_BASES:
        row = frame.set_index("id").loc[row_id]
        count = show.count(stored_value(row["stored"]))
        lines.append((f"Total implied by {row['value']:g}% for {count}", f"implied_base({row['stored']}, {row['value']:g})"))
    out = pd.DataFrame({
        "Total": [label for label, _ in lines],
        "Prisoners": [show.count(round(evaluate(d)[0])) for _, d in lines],
        "Computation": [d for _, d in lines],
    })
    return Table(out, numeric=["Prisoners"])


# --------------------------------------------------------------------------- defects of the notes

def notes_defects() -> pd.DataFrame:
    """The report's footnotes with an evident typo or defect, and the correction the edition applied.

    Read from ``data/report_notes.csv`` (its ``correction`` column), one row per citation
    with a correction, in note order.
    """
    path = paths.data_dir() / "report_notes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = frame[frame["correction"].str.strip() != ""].copy()
    rows["note_number"] = rows["note"].astype(int)
    return rows.sort_values(["note_number", "position"], kind="stable").reset_index(drop=True)


def notes_defects_table():
    """:func:`notes_defects` as an edition table of display strings."""
    from edition.tables import Table

    rows = notes_defects()
    out = pd.DataFrame({
        "Note": rows["note"],
        "Cited work": rows["source_key"],
        "Locator as printed": rows["locator_as_printed"],
        "Locator in the edition": rows["locator"],
        "Defect and correction": rows["correction"],
    })
    return Table(out, numeric=[])


def registry_table():
    """The registry of computations: name, unit and what each computes."""
    from edition.tables import Table

    out = pd.DataFrame({
        "Computation": ["primary:<resource>/<row id>", *REGISTRY],
        "Unit": ["as the row", *(c.unit for c in REGISTRY.values())],
        "What it computes": ["The stored figure itself: the transcription is checked against the print.",
                             *(c.doc for c in REGISTRY.values())],
    })
    return Table(out, numeric=[])


# --------------------------------------------------------------------------- the appendix page

def chapter_titles() -> dict[str, str]:
    """Each chapter's title (its first ``# `` heading), by slug."""
    titles = {}
    for slug in CHAPTERS:
        path = paths.chapters_dir() / f"{slug}.md"
        title = slug
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("# "):
                    title = line[2:].strip()
                    break
        titles[slug] = title
    return titles


def summary_figures(frame: pd.DataFrame | None = None) -> dict[str, str]:
    """The appendix's glued figures: counts by status and the tolerances of :func:`classify`."""
    frame = ledger() if frame is None else frame
    n = counts(frame)
    tables = frame["location"].str.startswith("table ")
    return {
        "audit-n-rows": show.count(n["total"]),
        "audit-n-reproduced": show.count(n["reproduced"]),
        "audit-n-rounding": show.count(n["rounding"]),
        "audit-n-discrepancy": show.count(n["discrepancy"]),
        "audit-n-primary": show.count(n["primary"]),
        "audit-n-recomputed": show.count(n["recomputed"]),
        "audit-n-table-cells": show.count(int((tables & frame["location"].str.contains(", row ")).sum())),
        "audit-n-not-reproduced": show.count(n["rounding"] + n["discrepancy"]),
        "audit-tol-loose": show.percent(100 * LOOSE_TOLERANCE, 0),
        "audit-tol-over": show.percent(100 * OVER_TOLERANCE, 0),
        "audit-tol-slightly": show.percent(100 * SLIGHTLY_OVER_TOLERANCE, 0),
        "audit-tol-fraction": show.percent(100 * FRACTION_WORD_PRECISION, 0),
        "audit-margin": show.percent(100 * WRONG_SIDE_MARGIN, 0),
        "audit-majority": show.percent(MAJORITY, 0),
        "audit-vast-majority": show.percent(VAST_MAJORITY, 1),
        "audit-n-note-defects": show.count(len(notes_defects())),
        "audit-n-computations": show.count(len(REGISTRY)),
    }
