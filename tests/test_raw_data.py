"""data/raw/ is never modified: every file matches the SHA-256 in its provenance record."""

from __future__ import annotations

import hashlib

import yaml

from conftest import DATA

RAW = DATA / "raw"


def test_every_raw_file_has_provenance_and_its_checksum_matches():
    records = yaml.safe_load((RAW / "provenance.yaml").read_text(encoding="utf-8"))
    files = sorted(p.name for p in RAW.iterdir() if p.name != "provenance.yaml")
    assert files == sorted(records), "each file in data/raw/ needs a provenance record"
    for name, record in records.items():
        digest = hashlib.sha256((RAW / name).read_bytes()).hexdigest()
        assert digest == record["sha256"], f"data/raw/{name} was modified"
        assert (RAW / name).stat().st_size == record["bytes"]
        for key in ("source_site", "publication_date", "sha256"):
            assert record.get(key), f"{name}: provenance lacks {key}"
