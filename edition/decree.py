"""A small, executable model of the amnesty decree of July 7, 1945, as the report summarizes it.

The model encodes only what the report (and the sources it cites) say about the decree's
rules; it is a reading aid, not a reconstruction of the full legal text. Three questions:

1. :func:`qualifies_for_release` -- is the prisoner freed outright? Four grounds: a term of
   deprivation of freedom of three years or less; a conviction under the wartime decree of
   December 26, 1941 (quitting a job in war industry); a serviceman whose sentence had been
   deferred until the end of hostilities; a conviction under one of the ten articles of
   military crimes of the RSFSR Criminal Code in :data:`MILITARY_ARTICLES`. Report notes
   15 to 18.
2. :func:`may_halve` -- may a longer term have its unserved part cut by one half? Not for
   the six gravest offenses of :data:`NO_HALVING` (counterrevolution, banditry, murder,
   robbery, counterfeiting, and stealing state or collective property as the law of
   August 7, 1932 defined it).
3. :func:`is_excluded_recidivist` -- neither benefit goes to a prisoner convicted two or
   more times of embezzlement, theft, robbery, hooliganism or analogous crimes (banditry,
   theft under the law of August 7, 1932). Repeat convictions for other offenses do not
   exclude: a prisoner convicted again and again of desertion, or of leaving a war-industry
   job under the decree of December 26, 1941, still benefits (report note 22).

Terms are ``(years, months, days)`` triples, as the camps' registration departments (OURZ)
wrote them. :func:`halve_remaining` (the one halving rule) cuts such a triple by one half;
the report's worked example (note 20) fixes the even case, the odd cases follow the rule
documented there. :data:`DECREE_DATE` and :func:`parse_date` are the edition's one decree
date and one date parser; other modules import them.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from edition import data, show

DECREE_DATE = date(1945, 7, 7)
"""The day the Presidium of the USSR Supreme Soviet issued the decree (report note 13)."""

RELEASE_TERM_LIMIT_YEARS = 3
"""Terms of this many years or fewer were released outright (report note 15)."""

MILITARY_ARTICLES = frozenset(f"193-{part}" for part in
                              ("2", "5", "6", "7", "9", "10", "10a", "14", "15", "16"))
"""Articles of military crimes of the RSFSR Criminal Code that the decree listed (report note 18)."""

MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = 30
"""For halving, a month counts as thirty days (the convention of :func:`halve_remaining`)."""


class Offence(StrEnum):
    """The offense category of a prisoner's current conviction, as far as the decree cares."""

    ABANDONING_WAR_INDUSTRY_JOB = "decree of December 26, 1941"
    MILITARY_CRIME = "military crime (article 193)"
    DESERTION = "desertion (article 193-7)"
    COUNTER_REVOLUTIONARY = "counterrevolutionary crime (article 58)"
    SOCIALIST_PROPERTY_1932 = "theft of socialist property (law of August 7, 1932)"
    BANDITRY = "banditry"
    COUNTERFEITING = "counterfeiting"
    MURDER = "murder"
    ROBBERY = "robbery"
    THEFT = "theft"
    EMBEZZLEMENT = "embezzlement"
    HOOLIGANISM = "hooliganism"
    OTHER = "other offense"


NO_HALVING = frozenset({Offence.COUNTER_REVOLUTIONARY, Offence.SOCIALIST_PROPERTY_1932,
                        Offence.BANDITRY, Offence.COUNTERFEITING, Offence.MURDER, Offence.ROBBERY})
"""Offenses whose longer terms the decree did not halve."""

RECIDIVIST_OFFENCES = frozenset({Offence.EMBEZZLEMENT, Offence.THEFT, Offence.ROBBERY,
                                 Offence.HOOLIGANISM, Offence.BANDITRY,
                                 Offence.SOCIALIST_PROPERTY_1932})
"""Crimes whose repetition excluded a prisoner from the amnesty (the named ones and their analogues)."""

NOT_FOR_DEFERRED_SERVICEMEN = frozenset({Offence.COUNTER_REVOLUTIONARY, Offence.SOCIALIST_PROPERTY_1932})
"""Soldiers with deferred sentences for these crimes were not to be freed (Gulag guidance, report note 17)."""


@dataclass(frozen=True, order=True)
class Term:
    """A length of time as ``years, months, days`` (each a whole number, none negative)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __post_init__(self):
        for name in ("years", "months", "days"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"Term.{name} must be a whole number, got {value!r}")
            if value < 0:
                raise ValueError(f"Term.{name} cannot be negative, got {value}")

    @classmethod
    def of(cls, value: Term | tuple[int, int, int]) -> Term:
        return value if isinstance(value, Term) else cls(*value)

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.years, self.months, self.days)

    def conventional_days(self) -> int:
        """The length in days with twelve 30-day months a year (the halving convention)."""
        return (self.years * MONTHS_PER_YEAR + self.months) * DAYS_PER_MONTH + self.days

    def normalized(self) -> Term:
        """Carry 30 days into a month and 12 months into a year."""
        months, days = divmod(self.days, DAYS_PER_MONTH)
        years, months = divmod(self.months + months, MONTHS_PER_YEAR)
        return Term(self.years + years, months, days)

    def at_most_years(self, limit: int) -> bool:
        return self.years < limit or (self.years == limit and self.months == 0 and self.days == 0)

    def words(self) -> str:
        """``1 year, 4 months and 5 days`` (zero parts left out)."""
        parts = [f"{n} {unit if n == 1 else unit + 's'}"
                 for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day")) if n]
        if not parts:
            return "no time"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class Prisoner:
    """What the decree looks at in a prisoner's file.

    ``term``: the sentence of deprivation of freedom. ``start``: the day the term began.
    ``offence``: the current conviction. ``article``: its article of the Criminal Code, if
    known (military crimes are recognized by it). ``prior_listed_convictions``: earlier
    convictions for the crimes of :data:`RECIDIVIST_OFFENCES`. ``serviceman`` and
    ``sentence_deferred``: a member of the armed forces whose sentence was put off until the
    end of hostilities.
    """

    term: Term
    start: date
    offence: Offence = Offence.OTHER
    article: str | None = None
    prior_listed_convictions: int = 0
    serviceman: bool = False
    sentence_deferred: bool = False
    notes: str = field(default="", compare=False)

    def __post_init__(self):
        object.__setattr__(self, "term", Term.of(self.term))
        if self.prior_listed_convictions < 0:
            raise ValueError("prior_listed_convictions cannot be negative")

    @property
    def end(self) -> date:
        """The day the original term runs out."""
        return add_term(self.start, self.term)


# --- calendar arithmetic ------------------------------------------------------------------

def period_days(start: date, end: date) -> int:
    """Days from ``start`` to ``end`` counting both ends (10 July to 20 August: 42 days)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    return (end - start).days + 1


def days_after_decree(text: str) -> int:
    """Days from the decree (July 7, 1945) to a date of the data."""
    return (data.parse_date(text) - DECREE_DATE).days


def add_term(start: date, term: Term | tuple[int, int, int]) -> date:
    """``start`` plus a term: years and months on the calendar (clamped to the month's last
    day, so 31 January + 1 month is 28/29 February), then the days."""
    term = Term.of(term)
    month_index = start.month - 1 + term.months
    year = start.year + term.years + month_index // MONTHS_PER_YEAR
    month = month_index % MONTHS_PER_YEAR + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date.fromordinal(date(year, month, day).toordinal() + term.days)


def term_between(start: date, end: date) -> Term:
    """The calendar difference from ``start`` to ``end`` as years, months, days (the
    largest whole months first), so that ``add_term(start, term_between(start, end)) == end``."""
    if end < start:
        raise ValueError(f"{end} is before {start}: the term has already run out")
    months = (end.year - start.year) * MONTHS_PER_YEAR + end.month - start.month
    while months > 0 and add_term(start, Term(0, months, 0)) > end:
        months -= 1
    days = end.toordinal() - add_term(start, Term(0, months, 0)).toordinal()
    return Term(*divmod(months, MONTHS_PER_YEAR), days)


# --- the decree's rules -------------------------------------------------------------------

def is_military_crime(prisoner: Prisoner) -> bool:
    """Convicted under one of the listed articles of military crimes."""
    if prisoner.article is not None:
        return prisoner.article in MILITARY_ARTICLES
    return prisoner.offence in (Offence.MILITARY_CRIME, Offence.DESERTION)


def listed_convictions(prisoner: Prisoner) -> int:
    """Convictions for the crimes of :data:`RECIDIVIST_OFFENCES`, the present one included."""
    return prisoner.prior_listed_convictions + (1 if prisoner.offence in RECIDIVIST_OFFENCES else 0)


def is_excluded_recidivist(prisoner: Prisoner) -> bool:
    """Two or more convictions for embezzlement, theft, robbery, hooliganism or analogous crimes.

    Repeated convictions for anything else (desertion, leaving a war-industry job) do not
    count, so repeat deserters keep the amnesty (report note 22).
    """
    return listed_convictions(prisoner) >= 2


def release_grounds(prisoner: Prisoner) -> list[str]:
    """Every ground of outright release that applies (before the recidivist exclusion)."""
    grounds = []
    if prisoner.term.at_most_years(RELEASE_TERM_LIMIT_YEARS):
        grounds.append("term of three years or less")
    if prisoner.offence is Offence.ABANDONING_WAR_INDUSTRY_JOB:
        grounds.append("decree of December 26, 1941")
    if (prisoner.serviceman and prisoner.sentence_deferred
            and prisoner.offence not in NOT_FOR_DEFERRED_SERVICEMEN):
        grounds.append("serviceman with deferred sentence")
    if is_military_crime(prisoner):
        grounds.append("military crime")
    return grounds


def qualifies_for_release(prisoner: Prisoner) -> bool:
    """Freed outright: at least one ground of release and not an excluded recidivist.

    A deferred sentence frees only a serviceman: a railway worker kept at his post under a
    deferred sentence gains nothing from this ground (report note 17).
    """
    return bool(release_grounds(prisoner)) and not is_excluded_recidivist(prisoner)


def may_halve(prisoner: Prisoner) -> bool:
    """The unserved part of the term may be cut by one half.

    Applies to terms over three years that are not released outright, unless the offence
    is one of :data:`NO_HALVING` or the prisoner is an excluded recidivist.
    """
    return (not qualifies_for_release(prisoner)
            and not prisoner.term.at_most_years(RELEASE_TERM_LIMIT_YEARS)
            and prisoner.offence not in NO_HALVING
            and not is_excluded_recidivist(prisoner))


def halve_remaining(remaining: Term | tuple[int, int, int]) -> tuple[int, int, int]:
    """Cut a remaining term by one half, part by part, as the OURZ did.

    Each part is halved on its own: the report's example gives two years, eight months and
    ten days -> one year, four months and five days (note 20). For odd parts the edition
    follows this rule:

    - an odd year leaves half a year, which is carried down as 6 months;
    - an odd month leaves half a month, carried down as 15 days (a month counts 30 days);
    - an odd number of days leaves half a day, which is rounded **up** to a whole day, so a
      halved term is never shorter than half the remaining time (the decree cut the term by
      one half, not more);
    - 30 days or more are then carried up into months, and 12 months into a year.

    In 30-day months the result is exactly ``ceil(d / 2)`` days for a remaining ``d``:
    doubling it gives back the remaining term or one day more.
    """
    term = Term.of(remaining)
    years, odd_year = divmod(term.years, 2)
    months, odd_month = divmod(term.months, 2)
    days = -(-term.days // 2)  # ceiling
    months += odd_year * (MONTHS_PER_YEAR // 2)
    days += odd_month * (DAYS_PER_MONTH // 2)
    return Term(years, months, days).normalized().as_tuple()


def double(term: Term | tuple[int, int, int]) -> tuple[int, int, int]:
    """Twice a term, normalized (the inverse check of :func:`halve_remaining`)."""
    term = Term.of(term)
    return Term(2 * term.years, 2 * term.months, 2 * term.days).normalized().as_tuple()


def remaining_on(prisoner: Prisoner, on: date = DECREE_DATE) -> Term:
    """The unserved part of the term on a given day (the decree's date by default)."""
    return term_between(on, prisoner.end)


def new_release_date(remaining: Term | tuple[int, int, int], published: date = DECREE_DATE) -> date:
    """The recomputed release date: the publication date plus one half of the remaining term."""
    return add_term(published, halve_remaining(remaining))


@dataclass(frozen=True)
class Outcome:
    """What the decree does to one prisoner."""

    kind: str  # "released", "halved" or "none"
    release_date: date
    grounds: tuple[str, ...] = ()


def apply_decree(prisoner: Prisoner, published: date = DECREE_DATE) -> Outcome:
    """Release, halve or leave a prisoner's term as it was."""
    if prisoner.end <= published:
        return Outcome("none", prisoner.end, ("term already served",))
    if qualifies_for_release(prisoner):
        return Outcome("released", published, tuple(release_grounds(prisoner)))
    if may_halve(prisoner):
        return Outcome("halved", new_release_date(remaining_on(prisoner, published), published))
    return Outcome("none", prisoner.end)


# --- the report's worked example ----------------------------------------------------------

@dataclass(frozen=True)
class WorkedExample:
    """The report's example prisoner (note 20), with the edition's recomputation."""

    sentence: Term
    remaining: Term
    halved: Term
    original_end: date
    new_release: date
    start: date


def worked_example(published: date = DECREE_DATE) -> WorkedExample:
    """Read ``data/worked_example.csv`` and recompute the example with :func:`halve_remaining`."""
    from edition import data

    sentence = Term(data.count("worked_example", "sentence-years"))
    remaining = Term(*(data.count("worked_example", f"remaining-{part}") for part in ("years", "months", "days")))
    halved = Term(*halve_remaining(remaining))
    original_end = add_term(published, remaining)
    start = date(original_end.year - sentence.years, original_end.month, original_end.day)
    return WorkedExample(sentence, remaining, halved, original_end, new_release_date(remaining, published), start)


# --- what the chapter pastes -------------------------------------------------------------

ODD_EXAMPLE = Term(3, 5, 9)
"""An invented remaining term with an odd number of years, months and days, to show the
edition's halving rule at work (not a case from the archive)."""


def example_figures() -> dict[str, str]:
    """Formatted figures of the worked example and of the odd-parts illustration."""
    example = worked_example()
    odd_half = Term(*halve_remaining(ODD_EXAMPLE))
    odd_back = Term(*double(odd_half))
    return {
        "example-sentence": example.sentence.words(),
        "example-start": show.long_date(example.start),
        "example-remaining": example.remaining.words(),
        "example-halved": example.halved.words(),
        "example-original-end": show.long_date(example.original_end),
        "example-new-release": show.long_date(example.new_release),
        "example-days-saved": f"{(example.original_end - example.new_release).days:,}",
        "half-year": Term(0, MONTHS_PER_YEAR // 2).words(),
        "half-month": Term(0, 0, DAYS_PER_MONTH // 2).words(),
        "month-days": Term(0, 0, DAYS_PER_MONTH).words(),
        "odd-remaining": ODD_EXAMPLE.words(),
        "odd-halved": odd_half.words(),
        "odd-doubled": odd_back.words(),
        "odd-difference": Term(0, 0, odd_back.conventional_days() - ODD_EXAMPLE.conventional_days()).words(),
    }


def example_table():
    """Display table of the worked example: inputs from the data, the rest computed."""
    import pandas as pd

    example = worked_example()
    return pd.DataFrame({
        "Step": ["Sentence (data)", "Term began (computed)", "Remaining on July 7, 1945 (data)",
                 "Original end of term (computed)", "Remaining term halved (computed)",
                 "New release date (computed)"],
        "Value": [example.sentence.words(), show.long_date(example.start), example.remaining.words(),
                  show.long_date(example.original_end), example.halved.words(), show.long_date(example.new_release)],
    })


ILLUSTRATIVE_CASES = (
    ("Two years for theft, first conviction",
     Prisoner(Term(2), date(1944, 9, 1), Offence.THEFT)),
    ("Two years for theft, one earlier theft conviction",
     Prisoner(Term(2), date(1944, 9, 1), Offence.THEFT, prior_listed_convictions=1)),
    ("Five years for quitting a war-industry job (decree of December 26, 1941)",
     Prisoner(Term(5), date(1943, 2, 1), Offence.ABANDONING_WAR_INDUSTRY_JOB)),
    # Earlier desertion convictions are not convictions for a listed crime: prior_listed_convictions stays 0.
    ("Six years for desertion (article 193-7), two earlier desertion convictions",
     Prisoner(Term(6), date(1943, 5, 1), Offence.DESERTION, article="193-7")),
    ("Soldier, seven years for theft, sentence deferred to the end of hostilities",
     Prisoner(Term(7), date(1944, 1, 1), Offence.THEFT, serviceman=True, sentence_deferred=True)),
    ("Railway worker, seven years for theft, sentence deferred",
     Prisoner(Term(7), date(1944, 1, 1), Offence.THEFT, sentence_deferred=True)),
    ("Seven years from March 17, 1941 (modeled on the report's example; offense and start date assumed)",
     Prisoner(Term(7), date(1941, 3, 17), Offence.THEFT)),
    ("Eight years for murder",
     Prisoner(Term(8), date(1942, 4, 1), Offence.MURDER)),
    ("Ten years under article 58-10 (counterrevolutionary agitation)",
     Prisoner(Term(10), date(1942, 4, 1), Offence.COUNTER_REVOLUTIONARY, article="58-10")),
)
"""Invented prisoners that show each rule of the model at work (not cases from the archive)."""


def illustrative_cases():
    """Display table: what :func:`apply_decree` does to each of :data:`ILLUSTRATIVE_CASES`."""
    import pandas as pd

    labels = {"released": "released", "halved": "remainder halved", "none": "no benefit"}
    rows = []
    for description, prisoner in ILLUSTRATIVE_CASES:
        outcome = apply_decree(prisoner)
        if outcome.kind == "released":
            why = "; ".join(outcome.grounds)
        elif outcome.kind == "halved":
            why = f"{remaining_on(prisoner).words()} left, halved"
        elif is_excluded_recidivist(prisoner):
            why = "repeat conviction for a listed crime"
        elif prisoner.offence in NO_HALVING:
            why = "offense barred from halving"
        else:
            why = ", ".join(outcome.grounds) or "no ground applies"
        rows.append({"Prisoner (invented case)": description, "Outcome": labels[outcome.kind],
                     "Release date": show.long_date(outcome.release_date), "Why": why})
    return pd.DataFrame(rows)
