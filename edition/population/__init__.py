"""The prison population before and after the amnesty: the report's three tables and the figures around them.

A package of three modules, re-exported here so that chapters write ``population.age_table()``:

* :mod:`edition.population.tables` -- the quantities: the tables on two dates (ages, work
  ability, sentence lengths), the share of sentences of five years or less, men and women,
  skilled workers, offences;
* :mod:`edition.population.report_cells` -- the report's printed cells beside the
  recomputation, compared by the audit's rule, and the display tables;
* :mod:`edition.population.figures` -- the figures that ``chapters/weakening-a-crippled-institution.md``
  and ``chapters/enduring-changes.md`` glue into their prose.
"""
from edition.population.figures import *  # noqa: F401,F403
from edition.population.report_cells import *  # noqa: F401,F403
from edition.population.tables import *  # noqa: F401,F403
