"""The package's layers (CONTRIBUTING.md, "Layers"): a module imports only from layers below it.

Read from the source, not by importing: an import inside a function counts as much as one at the
top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "helpers"

#: Layer of each top-level module or sub-package of ``helpers`` (lower imports nothing higher).
LAYERS = {
    "paths": 0,
    "marks": 1,
    "wordlists": 1,
    "agreement": 1,
    "nlp": 1,
    "article": 2,
    "speakers": 2,
    "quotes": 2,
    "sentiment": 2,
    "targets": 2,
    "stance": 2,
    "evaluation": 3,
    "baselines": 3,
    "label_layout": 3,
    "plots": 3,
    "corpus_names": 3,
    "corpus_fold": 3,
    "corpus_speakers": 3,
    "explorer": 3,
    "analysis": 4,
    "corpus": 4,
    "corpus_report": 4,
    "report": 4,
    "classroom": 4,
    "__main__": 4,
    "__init__": 4,
}
#: The stages may never reach these, even lazily.
ABOVE_THE_STAGES = ("evaluation", "plots", "explorer", "analysis", "corpus", "report", "sklearn")


def _part(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    """``helpers`` parts (and third-party top-level names) imported anywhere in ``path``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "helpers":
                names = [f"helpers.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            found.add(parts[1] if parts[0] == "helpers" and len(parts) > 1 else parts[0])
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_from_its_own_layer_or_below(path):
    part = _part(path)
    assert part in LAYERS, f"{part}: give the new module a layer in this test and CONTRIBUTING.md"
    higher = {name for name in _imports(path) if name in LAYERS and LAYERS[name] > LAYERS[part]}
    assert not higher, f"{path.name} ({part}) imports from a higher layer: {sorted(higher)}"


@pytest.mark.parametrize(
    "path",
    # agreement imports scikit-learn inside its statistics only, which no stage calls while
    # analysing an article (a corpus worker is checked in test_corpus.py)
    [p for p in MODULES if LAYERS.get(_part(p), 9) <= 2 and _part(p) != "agreement"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_stage_reaches_the_evaluation_the_figures_or_scikit_learn(path):
    assert not _imports(path) & set(ABOVE_THE_STAGES)
