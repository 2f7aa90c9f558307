"""Where the project's files are, resolved in one place.

Two kinds of files:

* **package data** ships inside the package (and so inside a built wheel): the rule lexicons of
  ``src/helpers/data/`` and the bundled stance target specs of ``src/helpers/data/targets/``.
  They are read with :mod:`importlib.resources`, so they are found from a source checkout, an
  editable install and an installed wheel alike.
* **repository data** lives only in a checkout: the raw article, the sample articles, the hand
  annotation, the blind test sets, the classroom article. Its folders are resolved against
  :func:`repo_root`: the checkout this package was imported from, or else the current directory
  (run the notebooks and benchmarks from the repository).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = [
    "ANNOTATIONS_DIR",
    "BLIND_DIR",
    "CLASSROOM_DIR",
    "RAW_DIR",
    "SAMPLES_DIR",
    "TARGETS_GUIDE",
    "bundled_target_files",
    "package_data",
    "repo_root",
]


def package_data(*parts: str) -> Traversable:
    """A file or folder of the package's ``data/`` (``package_data("reporting_verbs.txt")``)."""
    node = resources.files("helpers").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node


def bundled_target_files() -> dict[str, Traversable]:
    """The stance target specs shipped with the package: name (file stem) -> file, sorted."""
    folder = package_data("targets")
    if not folder.is_dir():
        return {}
    files = [f for f in folder.iterdir() if f.name.endswith(".yaml")]
    return {f.name[: -len(".yaml")]: f for f in sorted(files, key=lambda f: f.name)}


@cache
def repo_root() -> Path:
    """The repository checkout: the one holding this package's source (``src/helpers``), else the
    current directory."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "data").is_dir():
        return checkout
    return Path.cwd()


#: Hand annotation and its codebook.
ANNOTATIONS_DIR = repo_root() / "data" / "annotations"
#: The articles exactly as obtained (never modified).
RAW_DIR = repo_root() / "data" / "raw"
#: Short articles written by the team for the tests.
SAMPLES_DIR = repo_root() / "data" / "samples"
#: Blind test sets: new articles with their annotation, scored before their errors were read.
BLIND_DIR = repo_root() / "data" / "blind"
#: The third assignment's test article.
CLASSROOM_DIR = repo_root() / "data" / "classroom"
#: How to write a stance target spec (the guide for readers; the bundled specs are package data).
TARGETS_GUIDE = repo_root() / "data" / "targets" / "README.md"
