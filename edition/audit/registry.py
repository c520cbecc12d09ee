"""The registry of the audit's computations, and the evaluation of a ledger row's derivation.

A ledger row's ``derivation`` is either ``primary:<resource>/<row id>`` (the figure is itself
a data row: the transcription is checked) or ``<computation>(<arguments>)``, a function
registered here with :func:`computation`. Arguments are row references
(``<resource>/<row id>``), ledger ids, dates, row keys of a table or numbers. Several
readings of one claim are written ``<derivation> | <derivation>`` (see
:func:`edition.audit.classification.best_reading`); ``judged`` marks a claim the editors judged
from the rows in its ``evidence`` column, with no single computation.

The generic computations (a share, a sum, a change) live here; the ones that name a quantity
of the report call the topic module that owns it (:mod:`edition.audit.computations`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from edition.audit import ledger as access
from edition.audit.ledger import stored_value

JUDGED = "judged"
"""The derivation of a claim judged by the editors from its evidence rows."""


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


_CALL = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(?:\((.*)\))?\s*$")


def readings(text: str) -> list[str]:
    """The alternative derivations of one claim (``a | b`` -> ``["a", "b"]``)."""
    return [part.strip() for part in str(text).split("|")]


def parse_derivation(text: str) -> tuple[str, list[str]]:
    """``"t1_released(under-17)"`` -> ``("t1_released", ["under-17"])``; ``primary:`` kept whole."""
    text = text.strip()
    if text.startswith("primary:"):
        return "primary", [text[len("primary:"):].strip()]
    if text == JUDGED:
        return JUDGED, []
    match = _CALL.match(text)
    if not match:
        raise ValueError(f"derivation {text!r} is neither primary:<resource>/<id>, {JUDGED}, "
                         "nor <computation>(<args>)")
    name, args = match.group(1), match.group(2)
    if name not in REGISTRY:
        raise ValueError(f"derivation {text!r}: no computation named {name!r} in edition.audit.REGISTRY "
                         f"(see the table of computations at the end of the audit appendix)")
    arguments = [a.strip() for a in args.split(",")] if args and args.strip() else []
    return name, arguments


def evaluate(derivation: str) -> tuple[float, list[str]]:
    """The value of one derivation and the data rows (``<resource>/<id>``) it read."""
    name, args = parse_derivation(derivation)
    if name == JUDGED:
        raise ValueError(f"a '{JUDGED}' claim has no computation to evaluate")
    token = access.start_trace()
    try:
        value = stored_value(args[0]) if name == "primary" else float(REGISTRY[name].func(*args))
        return value, access.rows_read()
    finally:
        access.end_trace(token)


def unit_of(derivation: str) -> str:
    """The unit of a derivation's result (``"same as the row"`` for a stored figure)."""
    name, _ = parse_derivation(derivation)
    return "same as the row" if name == "primary" else REGISTRY[name].unit


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
    """The fall of a count from ``before`` to ``after``, in percent of ``before``."""
    b, a = stored_value(before), stored_value(after)
    return 100.0 * (b - a) / b


@computation("percent change")
def percent_change(before: str, after: str) -> float:
    """The change of a count from ``before`` to ``after``, in percent of ``before``."""
    b, a = stored_value(before), stored_value(after)
    return 100.0 * (a - b) / b


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


@computation("ratio")
def ratio(numerator: str, denominator: str) -> float:
    """One stored figure divided by another (how many times larger)."""
    return stored_value(numerator) / stored_value(denominator)


@computation("percentage points")
def printed_difference(before_id: str, after_id: str) -> float:
    """The difference of two figures as the report prints them (ledger ids): a derived column."""
    access.uses(f"{access.LEDGER}/{before_id}", f"{access.LEDGER}/{after_id}")
    return access.printed_value(after_id) - access.printed_value(before_id)
