"""Who the amnesty freed, how fast, and how many more it set on the way out.

The quantities of the chapters *Introduction*, *Stalin's amnesty* and *The revolving door*:
releases by type of institution and their total, the progress of the releases against the
number who qualified, the offenses of those freed, the sentences cut in half, and the
further releases that the Gulag expected. Every function reads ``data/`` through
:mod:`edition.data`; totals are sums of stored parts (the data never stores a total whose
parts it holds), shares are computed with :mod:`edition.quantities`.

Figures that the report gives in loose words ("over", "nearly") or only as a percentage
are printed with their qualifier, in the source's words, by :func:`edition.show.figure_phrase`,
so the prose never types them. The October population comes from :mod:`edition.population`,
which owns the tables on two dates.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from edition import data, decree, population, printed_text, show
from edition.quantities import share_of

IMPLEMENTATION = "amnesty_implementation"
CAMP_TYPES = "releases_by_camp_type"
OFFENSES = "releases_by_offense"
HALVED = "sentences_halved"
TOTALS = "camp_population_totals"
OTHER_YEARS = "releases_in_other_years"
LITERATURE = "gulag_context_from_literature"


def worded(resource: str, row_id: str) -> str:
    """A stored figure as the source words it: ``over 91,000``, ``nearly 38%``, ``over a third``,
    ``one hundred and fifteen``."""
    return show.figure_phrase(data.row(resource, row_id))


# --- releases from camps and colonies ------------------------------------------------------

def released_by_camp_type() -> pd.DataFrame:
    """Releases from the camps (ITL) and from the colonies (UITLK-OITK), with each one's share."""
    frame = data.load(CAMP_TYPES)
    out = frame[["id", "camp_type", "camp_type_name", "sentence_terms", "value"]].rename(columns={"value": "released"})
    out["released"] = out["released"].astype(int)
    out["share"] = [share_of(n, out["released"].sum()) for n in out["released"]]
    return out.reset_index(drop=True)


def total_released() -> int:
    """All prisoners released from camps and colonies: the sum of the two institution rows.

    The report prints the same sum (620,753); the data does not store it.
    """
    return int(released_by_camp_type()["released"].sum())


def population_at_law() -> int:
    """Prisoners held in NKVD camps and colonies when the amnesty law was issued."""
    return data.count(TOTALS, "gulag-at-amnesty-law")


def immediate_release_share() -> float:
    """Prisoners released as a share of the population held when the law was issued."""
    return share_of(total_released(), population_at_law())


def camp_type_table() -> pd.DataFrame:
    """Display table: releases by type of institution, with the computed total."""
    frame = released_by_camp_type()
    body = pd.DataFrame({
        "Institution": [f"{n} ({t})" for n, t in zip(frame["camp_type_name"], frame["camp_type"])],
        "Held prisoners with terms of": frame["sentence_terms"],
        "Released": [show.count(n) for n in frame["released"]],
        "Share of all released": [show.percent(s) for s in frame["share"]],
    })
    total = pd.DataFrame({"Institution": ["Total (computed)"], "Held prisoners with terms of": [""],
                          "Released": [show.count(total_released())],
                          "Share of all released": [show.percent(100)]})
    return pd.concat([body, total], ignore_index=True)


# --- progress of the releases ----------------------------------------------------------------

def qualifying() -> int:
    """Prisoners who qualified for release, as Nasedkin reckoned it in late August 1945."""
    return data.count(IMPLEMENTATION, "qualifying-for-release")


def implementation_progress() -> pd.DataFrame:
    """The tallies of releases from camps and colonies by date, each as a share of the
    number who qualified; the final count (the sum of the institution rows) closes the list."""
    impl = data.load(IMPLEMENTATION).set_index("id")
    rows = []
    for row_id in ("freed-by-1945-08-25", "freed-by-1945-10-05"):
        r = impl.loc[row_id]
        rows.append({"id": row_id, "date": str(r["date"]), "freed": int(r["value"]),
                     "as_printed": r["as_printed"]})
    rows.append({"id": "final", "date": "1945", "freed": total_released(),
                 "as_printed": "; ".join(data.load(CAMP_TYPES)["as_printed"])})
    out = pd.DataFrame(rows)
    out["share_of_qualifying"] = [share_of(n, qualifying()) for n in out["freed"]]
    return out


# --- sentences halved and the reach of the amnesty --------------------------------------------

def sentences_halved() -> pd.DataFrame:
    """Prisoners whose unserved term was halved, in camps and in colonies."""
    frame = data.load(HALVED)
    out = frame[["id", "camp_type", "value"]].rename(columns={"value": "halved"})
    out["halved"] = out["halved"].astype(int)
    return out


def sentences_halved_total() -> int:
    """All prisoners whose unserved term was halved: the sum of the camp and colony rows
    (the report prints 212,890; the data does not store it)."""
    return int(sentences_halved()["halved"].sum())


def affected_total() -> int:
    """Prisoners released plus prisoners whose term was halved (camps and colonies)."""
    return total_released() + sentences_halved_total()


def released_share_of_affected() -> float:
    """Of all prisoners the amnesty touched in camps and colonies, the share freed at once."""
    return share_of(total_released(), affected_total())


# --- offenses of those released -----------------------------------------------------------------

@dataclass(frozen=True)
class OffenceShare:
    id: str
    group: str
    share: float           # percent of all released (or of ``base``)
    qualifier: str
    computed: bool         # True when the share is computed from a stored count
    count: int | None      # the stored count, if any
    base: str              # what the share is a share of


def released_by_offense() -> list[OffenceShare]:
    """Each offense group's share of those released.

    A group stored as a count (property crimes) has its share computed from the total of
    :func:`total_released`; a group the report gives only as a percentage keeps the printed
    percentage as its primary figure.
    """
    frame = data.load(OFFENSES)
    total = total_released()
    out = []
    for _, r in frame.iterrows():
        if r["unit"] == "persons":
            out.append(OffenceShare(r["id"], r["offense_group"], share_of(r["value"], total), r["qualifier"],
                                    True, int(r["value"]), "all released"))
        else:
            out.append(OffenceShare(r["id"], r["offense_group"], float(r["value"]), r["qualifier"],
                                    False, None, r["share_of"] or "all released"))
    return out


def offence_share(row_id: str) -> OffenceShare:
    for item in released_by_offense():
        if item.id == row_id:
            return item
    raise data.DataError(f"data/{OFFENSES}.csv: no row with id '{row_id}'.")


TABLE_ROWS = ("wartime-laws", "property-crimes", "military-crimes-note-40", "white-collar-crimes", "other-offenses")
"""The offense groups that divide all those released (in the order of the report's account)."""


def offence_partition_sum() -> float:
    """The shares of the groups in :data:`TABLE_ROWS` added up (a check that they cover all)."""
    return sum(offence_share(i).share for i in TABLE_ROWS)


def desertion_share_of_all() -> float:
    """Deserters as a share of all released: the printed share of deserters among military
    offenders times the printed share of military offenders among all released."""
    return offence_share("desertion").share * offence_share("military-crimes-note-40").share / 100


def wartime_share_sum() -> float:
    """Wartime-law and military-crime shares added up (the report's "roughly half")."""
    return offence_share("wartime-laws").share + offence_share("military-crimes-note-40").share


def implied_count(share: float) -> int:
    """The count a printed share implies among all released, to the nearest hundred."""
    return int(round(share * total_released() / 100, -2))


# --- the October population and the further releases expected ----------------------------------

def october_population() -> dict[str, int]:
    """Prisoners on October 1, 1945 as two tables of the data add them up."""
    return {"by age": population.age_totals()["after"],
            "by sentence length": population.sentence_totals()["after"]}


@dataclass(frozen=True)
class Exodus:
    expected: int
    printed_share: float
    implied_population: int
    shares: dict[str, float]  # expected releases as a share of each October total


def anticipated_exodus() -> Exodus:
    """The further releases expected for late 1945 and 1946, against the October population."""
    expected = data.count(IMPLEMENTATION, "anticipated-further-releases")
    printed_share = printed_text.percent_in(data.value(IMPLEMENTATION, "anticipated-further-releases", "as_printed"))
    populations = october_population()
    return Exodus(expected, printed_share, int(round(expected * 100 / printed_share)),
                  {k: share_of(expected, v) for k, v in populations.items()})


# --- the figures each chapter pastes into its prose ------------------------------------------------

def introduction_figures() -> dict[str, str]:
    """Formatted figures of the chapter *Introduction* (glue keys -> text)."""
    return {
        "freed-by-amnesty": worded(IMPLEMENTATION, "freed-by-amnesty"),
        # the report's words ("eight years"); the stored row keeps its claim that they were "added"
        "solzhenitsyn-term": worded(LITERATURE, "solzhenitsyn-sentence-added"),
        "reduced-or-erased": worded(IMPLEMENTATION, "sentences-reduced-or-erased"),
        "affected-total": show.count(affected_total()),
        "released-total": show.count(total_released()),
        "halved-total": show.count(sentences_halved_total()),
        "annual-release-range": show.range_phrase(data.row(OTHER_YEARS, "annual-release-share-low"),
                                                  data.row(OTHER_YEARS, "annual-release-share-high")),
        "released-under-stalin": worded(OTHER_YEARS, "released-under-stalin"),
        "politicals-range": show.range_phrase(data.row(LITERATURE, "politicals-share-low"),
                                              data.row(LITERATURE, "politicals-share-high")),
        "theft-law-excess": worded(LITERATURE, "theft-law-excess-1951"),
        "elementary-education": worded(LITERATURE, "elementary-education-share"),
    }


def early_releases_1941_1943() -> int:
    """Prisoners released early into the army in 1941 and in 1942-43 (the two counts of note 14)."""
    return data.count(OTHER_YEARS, "early-release-1941") + data.count(OTHER_YEARS, "early-release-1942-1943-to-army")


def amnesty_figures() -> dict[str, str]:
    """Formatted figures of the chapter *Stalin's amnesty* (glue keys -> text)."""
    return {
        "army-release-1941": worded(OTHER_YEARS, "early-release-1941-to-army"),
        "early-release-1941": worded(OTHER_YEARS, "early-release-1941"),
        "early-release-1942-1943": worded(OTHER_YEARS, "early-release-1942-1943-to-army"),
        "early-release-sum": show.count(early_releases_1941_1943()),
        "gulag-to-army": worded(OTHER_YEARS, "gulag-to-red-army-war-years"),
        "turnover-printed": worded(IMPLEMENTATION, "turnover-share"),
        "turnover-computed": show.percent(immediate_release_share()),
        "released-total": show.count(total_released()),
        "population-at-law": show.count(population_at_law()),
        "wartime-decrees-convicted": worded(LITERATURE, "wartime-decrees-convicted"),
    }


def revolving_door_figures() -> dict[str, str]:
    """Formatted figures of the chapter *The revolving door* (glue keys -> text)."""
    start, end = data.parse_period(data.value(IMPLEMENTATION, "released-from-prisons", "date"))
    progress = implementation_progress().set_index("id")
    exodus = anticipated_exodus()
    october = october_population()
    camps = released_by_camp_type().set_index("id")
    halved = sentences_halved().set_index("id")
    return {
        "prisons-released": worded(IMPLEMENTATION, "released-from-prisons"),
        "prisons-days": show.count(decree.period_days(start, end)),
        "freed-august": show.count(progress.loc["freed-by-1945-08-25", "freed"]),
        "qualifying": show.count(qualifying()),
        "freed-august-share": show.percent(progress.loc["freed-by-1945-08-25", "share_of_qualifying"]),
        "freed-october": show.count(progress.loc["freed-by-1945-10-05", "freed"]),
        "freed-october-share": show.percent(progress.loc["freed-by-1945-10-05", "share_of_qualifying"]),
        "october-days": show.count(decree.days_after_decree("1945-10-05")),
        "final-share-of-qualifying": show.percent(progress.loc["final", "share_of_qualifying"]),
        "population-at-law": show.count(population_at_law()),
        "reduced-or-freed-printed": worded(IMPLEMENTATION, "reduced-or-freed-total"),
        "affected-total": show.count(affected_total()),
        "released-share-of-affected": show.percent(released_share_of_affected()),
        "itl-released": show.count(camps.loc["itl", "released"]),
        "colonies-released": show.count(camps.loc["uitlk-oitk", "released"]),
        "itl-terms": str(camps.loc["itl", "sentence_terms"]),
        "colonies-terms": str(camps.loc["uitlk-oitk", "sentence_terms"]),
        "released-total": show.count(total_released()),
        "shirking-share": worded(OFFENSES, "shirking-law-1941-12-26"),
        "military-share-37": worded(OFFENSES, "military-crimes-note-37"),
        "immediate-printed": worded(IMPLEMENTATION, "immediate-release-share"),
        "immediate-computed": show.percent(immediate_release_share()),
        "wartime-printed": worded(OFFENSES, "wartime-offenses"),
        "wartime-sum": show.percent(wartime_share_sum(), digits=0),
        "wartime-laws": worded(OFFENSES, "wartime-laws"),
        "property-count": show.count(offence_share("property-crimes").count),
        "property-share": show.percent(offence_share("property-crimes").share),
        "property-printed": str(data.value(OFFENSES, "property-crimes", "as_printed")).split(" or ")[-1],
        "military-share": worded(OFFENSES, "military-crimes-note-40"),
        "desertion-share": worded(OFFENSES, "desertion"),
        "desertion-of-all": show.percent(desertion_share_of_all()),
        "desertion-implied": show.count(implied_count(desertion_share_of_all())),
        "white-collar-share": worded(OFFENSES, "white-collar-crimes"),
        "other-share": worded(OFFENSES, "other-offenses"),
        "partition-sum": show.percent(offence_partition_sum()),
        "halved-total": show.count(sentences_halved_total()),
        "halved-camps": show.count(halved.loc["camps", "halved"]),
        "halved-colonies": show.count(halved.loc["colonies", "halved"]),
        "exodus": worded(IMPLEMENTATION, "anticipated-further-releases"),
        "exodus-printed-share": show.percent(exodus.printed_share),
        "exodus-implied-base": show.count(exodus.implied_population),
        "october-by-age": show.count(october["by age"]),
        "october-by-length": show.count(october["by sentence length"]),
        "exodus-share-by-age": show.percent(exodus.shares["by age"]),
        "exodus-share-by-length": show.percent(exodus.shares["by sentence length"]),
    }
