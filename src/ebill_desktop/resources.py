"""Finding the files that ship with the counter: icons, the style sheet, translations.

There are three ways the program runs, and each keeps ``resources/`` somewhere else:

* from the source tree: ``<checkout>/resources``;
* from an installed wheel: ``ebill_desktop/resources`` (pyproject force-includes it there);
* from a frozen PyInstaller build: ``<sys._MEIPASS>/ebill_desktop/resources`` (the spec in
  ``installer/`` adds the folder under that name).

:func:`resource_path` is the only place that knows this.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


class ResourceMissingError(FileNotFoundError):
    """A file that should ship with ebill is not where any layout puts it."""


def _candidate_roots() -> list[Path]:
    package = Path(__file__).resolve().parent
    roots: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        roots.append(Path(frozen_root) / "ebill_desktop" / "resources")
    roots.append(package / "resources")  # installed wheel
    roots.append(package.parent.parent / "resources")  # source tree: src/ebill_desktop/..
    return roots


@cache
def resources_root() -> Path:
    """The folder holding ``icons/``, ``styles/`` and ``translations/``."""
    for root in _candidate_roots():
        if (root / "styles").is_dir():
            return root
    searched = ", ".join(str(root) for root in _candidate_roots())
    raise ResourceMissingError(f"ebill's resources folder was not found (looked in {searched})")


def resource_path(*parts: str) -> Path:
    """The path of one shipped file, e.g. ``resource_path("icons", "search.svg")``."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise ResourceMissingError(f"missing resource {'/'.join(parts)} (in {resources_root()})")
    return path
