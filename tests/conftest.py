"""Shared fixtures: paths to the bundled data, the bundled article loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BUNDLED = DATA / "raw" / "2024-01-03-rawabet-tehran-allies-us-presence-iraq.txt"

#: Debian's Chromium, driven by Playwright in the browser tests (never `playwright install`).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Screenshots from the browser tests (git-ignored).
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return BUNDLED


@pytest.fixture(scope="session")
def bundled_article():
    from helpers.article import load_article

    return load_article(BUNDLED)
