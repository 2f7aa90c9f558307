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


#: The bundled article's people, respelled as other outlets transliterate them (corpus tests).
RESPELLINGS = {
    "Muhammad Shiaa Al-Sudani": "Mohammed Shia al-Sudani",
    "Ahmed Al-Yasiri": "Ahmad al-Yaseri",
    "Al-Yasiri": "Al-Yaseri",
    "Hamid Habib": "Hameed Habib",
    "Haitham al-Hiti": "Haytham El-Hiti",
    "Basem Al-Awadi": "Basim al-Awady",
    "Hadi Al-Amiri": "Hadi al-Ameri",
    "Ali Hussein": "Ali Husain",
    "Waad Al-Qaddo": "Waad al-Qado",
    "Peshwa Hormani": "Peshwa Hurmani",
}


@pytest.fixture(scope="session")
def respelled_corpus(tmp_path_factory):
    """The bundled article and a copy with its people's names respelled, analysed as a corpus
    with the bundled stance target: (input folder, output folder, run summary)."""
    from helpers.corpus import run

    base = tmp_path_factory.mktemp("respelled")
    folder = base / "in"
    folder.mkdir()
    text = BUNDLED.read_text(encoding="utf-8")
    (folder / "a-original.txt").write_text(text, encoding="utf-8")
    for old, new in RESPELLINGS.items():
        assert old in text, f"the bundled article no longer names {old}"
        text = text.replace(old, new)
    (folder / "b-respelled.txt").write_text(text, encoding="utf-8")
    out = base / "out"
    summary = run([folder], out, target="us-military-presence-iraq", quiet=True)
    return folder, out, summary
