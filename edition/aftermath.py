"""After the release: the figures of the chapters on ex-prisoners and of the conclusion.

Three chapters use this module:

* ``chapters/long-arm-of-the-gulag.md`` -- passports, transport and supplies for the freed
  (report notes 45 to 77; data in ``transport_and_supply.csv`` and
  ``retention_as_free_labour.csv``);
* ``chapters/prisoners-and-ex-prisoners.md`` -- amnestied prisoners kept on as free hired
  labor (notes 78 to 103; ``retention_as_free_labour.csv``, ``camp_population_totals.csv``);
* ``chapters/conclusion.md`` -- the amnesties of 1945 and 1953 compared (notes 153 to 155;
  ``releases_in_other_years.csv``, ``releases_by_camp_type.csv``,
  ``camp_population_totals.csv``).

Every function reads the data files through :mod:`edition.data`; shares come from
:mod:`edition.quantities` and are in percent of the base that the function names. The
``*_figures`` functions return the formatted strings that a chapter glues into its prose.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from edition import audit, data, printed_text, quantities, releases, show

RETENTION = "retention_as_free_labour"
TRANSPORT = "transport_and_supply"
POPULATION = "camp_population_totals"
OTHER_YEARS = "releases_in_other_years"
LITERATURE = "gulag_context_from_literature"
IMPLEMENTATION = "amnesty_implementation"

CAMPS = {
    # camp: (row of the freed, row of those who stayed, row of the 1945 population)
    "Vorkutlag": ("vorkutlag-freed", "vorkutlag-remained", "vorkutlag-1945"),
    "Intlag": ("intlag-freed", "intlag-remained", "intlag-1945"),
}
"""The two Vorkuta camps of Dobrynin's complaint (report notes 90 to 92)."""

RETAINING_BODIES = {
    "NKVD camps and colonies": "nkvd-camps-and-colonies-retained",
    "Other commissariats": "other-commissariats-retained",
}
"""The two parts of the total of prisoners recruited to stay on (report note 93)."""

DECREES = ("dalstroi-gold-and-tin", "komsomolsk-sovgavan-railroad", "timber-industries")
"""The GOKO decrees issued after the amnesty law that the report names (notes 97 to 99)."""


# --- The long arm of the Gulag -------------------------------------------------------------

def local_resident_shares() -> pd.DataFrame:
    """Share of those freed who were local residents, by oblast (report note 58).

    The report gives only the percentages (``basis`` "percentage only"), so they are read,
    not recomputed. Columns: ``place``, ``share`` (percent), ``as_printed``.
    """
    frame = data.load(TRANSPORT)
    rows = frame[frame["id"].str.endswith("-local-residents")]
    if rows.empty:
        raise data.DataError(f"data/{TRANSPORT}.csv: no rows with ids ending '-local-residents'")
    if not (rows["unit"] == "percent").all():
        raise data.DataError(f"data/{TRANSPORT}.csv: local-resident rows must be in percent")
    return pd.DataFrame({"place": rows["place"].to_numpy(), "share": rows["value"].astype(float).to_numpy(),
                         "as_printed": rows["as_printed"].to_numpy()})


def long_arm_figures() -> dict[str, str]:
    """Glue values of ``chapters/long-arm-of-the-gulag.md``.

    Figures the report gives in words print in its words ("one hundred and fifteen", "over
    half a million"), and printed percentages with the decimals it shows ("70%", "86.3%"):
    :func:`edition.releases.worded`."""
    worded = releases.worded
    return {
        "local-novosibirsk": worded(TRANSPORT, "novosibirsk-local-residents"),
        "local-moscow": worded(TRANSPORT, "moscow-local-residents"),
        "transit-checkpoints": worded(TRANSPORT, "transit-checkpoints"),
        "transit-to-move": worded(TRANSPORT, "amnestied-prisoners-moved"),
        "sverdlovsk-crowd": worded(TRANSPORT, "sverdlovsk-station-ex-convicts"),
        "ration-days-low": show.count(data.count(TRANSPORT, "food-supply-days-low")),
        "ration-days-high": show.count(data.count(TRANSPORT, "food-supply-days-high")),
        "arkhangelsk-retained": worded(RETENTION, "arkhangelsk-colony-retained"),
        "nasedkin-expected": show.count(data.count(IMPLEMENTATION, "nasedkin-expected-releases")),
        "released-total": show.count(releases.total_released()),
    }


# --- Prisoners and ex-prisoners side by side -----------------------------------------------

def retention_by_camp() -> pd.DataFrame:
    """Dobrynin's figures for Vorkutlag and Intlag, with the shares they imply.

    One row per camp: ``freed`` and ``remained`` (October 1945, report note 90),
    ``population`` (prisoners held in 1945, notes 91 and 92), ``remained_share`` (those who
    stayed as free laborers, percent of the freed) and ``freed_share`` (the freed, percent
    of the 1945 population).
    """
    rows = []
    for camp, (freed_id, remained_id, population_id) in CAMPS.items():
        freed = data.count(RETENTION, freed_id)
        remained = data.count(RETENTION, remained_id)
        population = data.count(POPULATION, population_id)
        if remained > freed:
            raise data.DataError(f"data/{RETENTION}.csv: more prisoners stayed at {camp} ({remained}) than were freed ({freed})")
        rows.append({"camp": camp, "freed": freed, "remained": remained, "population": population,
                     "remained_share": quantities.share_of(remained, freed),
                     "freed_share": quantities.share_of(freed, population)})
    return pd.DataFrame(rows)


def retention_by_camp_table() -> pd.DataFrame:
    """:func:`retention_by_camp` as display strings, for the chapter's table."""
    frame = retention_by_camp()
    return pd.DataFrame({
        "Camp": frame["camp"],
        "Prisoners held, 1945": frame["population"].map(show.count),
        "Freed by the amnesty": frame["freed"].map(show.count),
        "Freed, % of prisoners held": frame["freed_share"].map(show.percent),
        "Stayed as free laborers": frame["remained"].map(show.count),
        "Stayed, % of the freed": frame["remained_share"].map(show.percent),
    })


@dataclass(frozen=True)
class Retained:
    """Released prisoners recruited to stay on as wage laborers (report note 93)."""

    parts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.parts.values())

    def share(self, body: str) -> float:
        return quantities.share_of(self.parts[body], self.total)


def retained_total() -> Retained:
    """The two parts of the total retained, whose sum is computed, not read (data rule 2)."""
    return Retained({body: data.count(RETENTION, row_id) for body, row_id in RETAINING_BODIES.items()})


def retention_by_decree() -> pd.DataFrame:
    """The GOKO decrees that kept amnestied prisoners at work (report notes 97 to 99)."""
    frame = data.load(RETENTION).set_index("id")
    missing = [d for d in DECREES if d not in frame.index]
    if missing:
        raise data.DataError(f"data/{RETENTION}.csv: missing rows {', '.join(missing)}")
    rows = frame.loc[list(DECREES)]
    return pd.DataFrame({"id": list(DECREES), "where": rows["camp_or_body"].to_numpy(),
                         "persons": rows["value"].astype(int).to_numpy(),
                         "decree_date": rows["decree_date"].to_numpy(),
                         "retained_until": rows["retained_until"].to_numpy()})


PRINTED_INTLAG = {"freed": "pex-p8-roughly-fifty-percent", "remained": "pex-p8-nearly-half-stayed"}
"""Ledger ids (``data/printed_figures.csv``) of the report's two worded Intlag shares: the
freed as a share of the camp's prisoners and those who stayed as a share of the freed."""


def coexistence_figures() -> dict[str, str]:
    """Glue values of ``chapters/prisoners-and-ex-prisoners.md``."""
    camps = retention_by_camp().set_index("camp")
    retained = retained_total()
    released = releases.total_released()
    decrees = retention_by_decree().set_index("id")["persons"]
    figures = {
        "norilsk-held": show.count(data.count(RETENTION, "norilsk-held-as-wage-laborers")),
        "norillag-transported": show.percent(data.value(RETENTION, "norillag-transported-share"), digits=0),
        "transit-wait-months": show.count(data.count(TRANSPORT, "dalstroi-transit-wait")),
        "retained-nkvd": show.count(retained.parts["NKVD camps and colonies"]),
        "retained-other": show.count(retained.parts["Other commissariats"]),
        "retained-total": show.count(retained.total),
        "retained-nkvd-share": show.percent(retained.share("NKVD camps and colonies")),
        "retained-other-share": show.percent(retained.share("Other commissariats")),
        "released-total": show.count(released),
        "retained-of-released": show.percent(quantities.share_of(retained.total, released)),
        "wartime-denied": show.count(data.count(RETENTION, "wartime-denied-release")),
        "decree-dalstroi": show.count(int(decrees["dalstroi-gold-and-tin"])),
        "decree-komsomolsk": show.count(int(decrees["komsomolsk-sovgavan-railroad"])),
        "decree-timber": show.count(int(decrees["timber-industries"])),
        # the report's own words for the two Intlag shares, from the ledger of printed figures
        "intlag-freed-printed": printed_text.figure_words(audit.printed(PRINTED_INTLAG["freed"])),
        "intlag-remained-printed": printed_text.figure_words(audit.printed(PRINTED_INTLAG["remained"])),
    }
    for camp, row in camps.iterrows():
        key = camp.lower()
        figures[f"{key}-freed"] = show.count(row["freed"])
        figures[f"{key}-remained"] = show.count(row["remained"])
        figures[f"{key}-population"] = show.count(row["population"])
        figures[f"{key}-remained-share"] = show.percent(row["remained_share"])
        figures[f"{key}-freed-share"] = show.percent(row["freed_share"])
    return figures


# --- Conclusion ----------------------------------------------------------------------------

AMNESTY_1953 = {"released": (OTHER_YEARS, "released-1953-amnesty"), "population": (POPULATION, "gulag-1953-01")}
"""Where the 1953 amnesty's figures are; those of 1945 come from :mod:`edition.releases`."""

PRINTED_SHARE = {1945: "labor-force-share-released-1945", 1953: "labor-force-share-released-1953"}
"""The report's "as much as forty percent" for each amnesty (rows of ``releases_in_other_years``)."""


def amnesty_shares() -> pd.DataFrame:
    """Each amnesty's release as a share of the Gulag population (report's conclusion).

    One row per year: ``released``, ``population``, ``share`` (percent, computed),
    ``printed`` (the report's "as much as forty percent", percent) and ``gap`` (computed
    minus printed, in percentage points). 1945: :func:`edition.releases.total_released`
    over the population when the law was issued, the share that
    :func:`edition.releases.immediate_release_share` computes. 1953: the million released
    under Beria's amnesty (note 155) over the Gulag's peak population of January 1953
    (note 142), the nearest figure the report gives.
    """
    released_1953, population_1953 = (data.count(*AMNESTY_1953[k]) for k in ("released", "population"))
    figures = {
        1945: (releases.total_released(), releases.population_at_law(), releases.immediate_release_share()),
        1953: (released_1953, population_1953, quantities.share_of(released_1953, population_1953)),
    }
    rows = []
    for year, (released, population, share) in figures.items():
        printed_share = data.value(OTHER_YEARS, PRINTED_SHARE[year])
        rows.append({"year": year, "released": released, "population": population, "share": share,
                     "printed": printed_share, "gap": quantities.change_in_points(printed_share, share)})
    return pd.DataFrame(rows)


def released_words(year: int, article: bool = True) -> str:
    """An amnesty's release as the book prints it: the computed count for 1945, the source's
    own words for the round million of 1953 ("a million", never "1,000,000")."""
    if year == 1945:
        return show.count(releases.total_released())
    wording = data.value(*AMNESTY_1953["released"], "as_printed")
    return show.round_count(data.count(*AMNESTY_1953["released"]), wording, article=article)


def amnesty_shares_table() -> pd.DataFrame:
    """:func:`amnesty_shares` as display strings."""
    frame = amnesty_shares()
    return pd.DataFrame({
        "Amnesty": frame["year"].map(str),
        "Prisoners released": frame["year"].map(released_words),
        "Gulag population": frame["population"].map(show.count),
        "Released, % of population (computed)": frame["share"].map(show.percent),
        "Report (“as much as”)": frame["printed"].map(lambda v: show.percent(v, digits=0)),
    })


def _source_words(resource: str, row_id: str) -> str:
    """A round count in the source's words ("two million"), without its qualifier: the
    prose says "somewhere around" itself."""
    return show.round_count(data.count(resource, row_id), data.value(resource, row_id, "as_printed"))


def conclusion_figures() -> dict[str, str]:
    """Glue values of ``chapters/conclusion.md``."""
    shares = amnesty_shares().set_index("year")
    figures = {
        "camps-typical": _source_words(LITERATURE, "camp-population-typical"),
        "camp-experience": _source_words(LITERATURE, "camp-experience-total"),
        "printed-share": show.percent(shares.loc[1945, "printed"], digits=0),
        "share-difference": show.points(quantities.change_in_points(shares.loc[1945, "share"], shares.loc[1953, "share"])),
    }
    for year, row in shares.iterrows():
        # "In 1953 the {released-1953} released were ...": "the one million", not "the a million"
        figures[f"released-{year}"] = released_words(year, article=False)
        figures[f"population-{year}"] = show.count(row["population"])
        figures[f"share-{year}"] = show.percent(row["share"])
        figures[f"gap-{year}"] = show.points(row["gap"])
    figures["released-1953-words"] = released_words(1953)  # "under which a million prisoners ..."
    return figures
