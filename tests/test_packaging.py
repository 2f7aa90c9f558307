"""The package as a user installs it: a built wheel carries its data and finds it by name.

A source checkout hides packaging mistakes (every file is on disk beside the code), so the wheel
is built here and imported from its own contents, away from the checkout.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a clean copy of the sources (no stale build/ folder can leak in)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    junk = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "src", source / "src", ignore=junk)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(out)],
        check=True,
        cwd=out,
    )  # fmt: skip
    (path,) = out.glob("helpers-*.whl")
    return path


def test_the_wheel_carries_the_bundled_target_specs_and_the_rule_lexicons(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for spec in ("us-military-presence-iraq", "turkish-operations-northern-iraq"):
        assert f"helpers/data/targets/{spec}.yaml" in names
    assert {"helpers/data/reporting_verbs.txt", "helpers/data/attribution_patterns.yaml"} <= names
    # the corpus fold's rules, and the figures as a package
    plots = {f"helpers/plots/{m}.py" for m in ("__init__", "article", "corpus", "theme")}
    assert {"helpers/data/corpus_names.yaml", *plots} <= names


def test_a_bundled_target_loads_by_name_from_the_wheel_alone(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import json, helpers, helpers.stance as s\n"
        "t = s.load_target('us-military-presence-iraq')\n"
        "print(json.dumps({'file': helpers.__file__, 'name': t.name,"
        " 'bundled': s.bundled_targets()}))\n"
    )
    # run away from the checkout, with the unpacked wheel first on the path
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["file"]).is_relative_to(site), "imported the checkout, not the wheel"
    assert found["name"] == "us-military-presence-iraq"
    assert found["bundled"] == ["turkish-operations-northern-iraq", "us-military-presence-iraq"]
