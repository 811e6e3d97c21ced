"""Where the shared reference data lives (UPR Info's extract, UHRI's theme
list): read in place by the tests, never copied into the project.

It sits beside the development checkout (``<checkout>/../shared``). A clone
made elsewhere (CI clones into a temporary folder) finds it through
SIMORE_SHARED_DATA, an ancestor folder holding ``shared/``, or the
workplace's fixed location.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKPLACE = Path("/work/shared")


def _candidates() -> list[Path]:
    found = [Path(os.environ["SIMORE_SHARED_DATA"])] if os.environ.get("SIMORE_SHARED_DATA") else []
    found += [folder / "shared" for folder in REPO.parents]
    return found + [WORKPLACE]


def shared_folder() -> Path:
    """The shared folder (holding ``data/`` and ``docs/``); an error naming
    every place looked at when there is none."""
    candidates = _candidates()
    for folder in candidates:
        if (folder / "data").is_dir():
            return folder
    raise FileNotFoundError(
        "shared reference data not found; looked in "
        + ", ".join(str(folder) for folder in candidates)
        + " (set SIMORE_SHARED_DATA to the folder holding data/ and docs/)"
    )


def shared_path(*parts: str) -> Path:
    return shared_folder().joinpath(*parts)
