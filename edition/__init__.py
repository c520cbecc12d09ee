"""The package behind the edition of *Amnesty 1945* (G. Alexopoulos, NCEEER, 2004).

Chapters import it to load the data (:mod:`edition.data`), compute the figures they print
(:mod:`edition.quantities`), paste them into prose (:mod:`edition.show`), draw charts and
format citations. Every path the package uses is defined once, in :mod:`edition.paths`.
"""
from edition.data import DataError, load, load_package

__all__ = ["DataError", "load", "load_package"]
