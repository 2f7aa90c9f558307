"""Notebook 06 reruns the whole analysis on another article when papermill sets its parameters.

What must hold: the notebook has a cell tagged `parameters` defining `article_path` and `target`;
executed with papermill on a different article (a sample from data/samples/, or a small text
written here when there is none) it runs to the end without error, and its outputs are about
that article, not the bundled one.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import DATA, ROOT

NOTEBOOK = ROOT / "notebooks" / "06-analyse-your-own-article.ipynb"
BUNDLED_TITLE = "Will Tehran’s allies push Washington"

OWN_ARTICLE = """Port workers end strike after pay deal

March 4, 2025

Dock workers in the southern port returned to work on Thursday after a three-day strike.
“We have a deal that pays what was promised, and we will load the ships tonight,” said Sara Malik, a union organiser.
The transport minister, Omar Haddad, told reporters that the agreement was “fair to workers and to the treasury.”
Malik said the union would watch closely how the first payments are made.
"""


def test_the_parameters_cell_is_tagged_and_names_both_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    source = tagged[0].source
    assert (
        'article_path = "../data/raw/2024-01-03-rawabet-tehran-allies-us-presence-iraq.txt"'
        in source
    )
    assert 'target = "us-military-presence-iraq"' in source


def _own_article(tmp_path: Path) -> tuple[Path, str]:
    samples = sorted((DATA / "samples").glob("*.txt")) if (DATA / "samples").is_dir() else []
    if samples:
        path = samples[0]
    else:
        path = tmp_path / "port-strike.txt"
        path.write_text(OWN_ARTICLE, encoding="utf-8")
    title = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    return path, title


def _text_outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(str(output.get("text", "")))
            parts.append(str(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


@pytest.mark.slow
def test_papermill_runs_the_notebook_on_another_article(tmp_path):
    papermill = pytest.importorskip("papermill")
    article, title = _own_article(tmp_path)
    out = tmp_path / "06-own-article.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"article_path": str(article.resolve()), "target": "us-military-presence-iraq"},
        kernel_name="python3",
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and str(article.resolve()) in injected[0].source
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    text = _text_outputs(nb)
    assert title[:40] in text, "the outputs describe the article given as parameter"
    assert BUNDLED_TITLE not in text, "no output is left over from the bundled article"
    assert "Analysis(article=" in text and "quotes=" in text
