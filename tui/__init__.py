"""Chief's faces: the command line and the Textual dashboard.

This package's own import must stay light: ``chief add`` runs from other
shells and scripts all day and never loads textual.
"""

from chief.store import __version__  # noqa: F401  (one source: store/version.py)
