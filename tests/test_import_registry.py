"""The file-kind registry: every kind is listed explicitly, recognised by its detector and its
importer is invoked by `billbot data import` (with the import's `allow_fewer_rows`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storage.db import open_database
from storage.importers import ncci, registry
from storage.importers.kinds import FileKind, ImportOutcome
from storage.importers.service import import_paths
from storage.importers.sources import SourceFile

FEE_SCHEDULE_KINDS = ["pprrvu", "gpci", "locco", "oppscap", "anes", "zip5", "zip5_layout", "carrier_fees"]
NCCI_KINDS = ["ncci_ptp", "ncci_mue", "ncci_mue_dme", "ncci_aoc"]
SCHEDULE_KINDS = ["clfs", "asp", "dmepos", "dmepen", "opps_b", "asc_aa", "asc_bb"]


def test_the_registry_lists_every_kind_in_detection_order() -> None:
    assert [k.name for k in registry.all_kinds()] == FEE_SCHEDULE_KINDS + NCCI_KINDS + SCHEDULE_KINDS
    by_name = registry.KINDS
    assert by_name["ncci_ptp"].import_file is ncci.import_ptp
    assert by_name["ncci_mue"].import_file is ncci.import_mue
    assert by_name["ncci_aoc"].import_file is ncci.import_aoc
    assert by_name["ncci_mue_dme"].skip_reason and by_name["ncci_mue_dme"].import_file is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("rvu25d/PPRRVU2025_Oct.csv", "pprrvu"),
        ("rvu25d/GPCI2025.csv", "gpci"),
        ("rvu25d/25LOCCO.csv", "locco"),
        ("rvu25d/OPPSCAP_Oct.csv", "oppscap"),
        ("rvu25d/ANES2025.csv", "anes"),
        ("zip-locality/ZIP5_OCT2025.txt", "zip5"),
        ("zip-locality/ZIP5lyout.txt", "zip5_layout"),
        ("carrier-format/PFREV25C.txt", "carrier_fees"),
        ("ncci-excerpt/ccipra-v322r0-f1.excerpt.txt", "ncci_ptp"),
        ("ncci-excerpt/MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv", "ncci_mue"),
    ],
)
def test_real_cms_files_are_recognised(cms_dir: Path, path: str, kind: str) -> None:
    file = cms_dir / path
    source = SourceFile(file.name, str(file), file)
    found = registry.detect(file.name, source.head_text())
    assert found is not None and found.name == kind


async def test_a_registered_kind_is_recognised_and_invoked(
    tmp_path: Path, sqlite_url: str, cms_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int, bool]] = []

    async def import_widgets(conn: Any, source: SourceFile, *, allow_fewer_rows: bool) -> ImportOutcome:
        calls.append((source.name, source.read_text().count("\n"), allow_fewer_rows))
        return ImportOutcome(rows=2, changed=True, note="widgets stored")

    widget = FileKind("widget", "test widget file", lambda name, head: head.startswith("WIDGETS"), None, import_widgets)
    monkeypatch.setitem(registry.KINDS, "widget", widget)
    names = [k.name for k in registry.all_kinds()]
    assert names[-1] == "widget" and names[0] == "pprrvu"
    data = tmp_path / "data"
    data.mkdir()
    (data / "w.txt").write_text("WIDGETS\na\nb\n")
    (data / "GPCI2025.csv").write_bytes((cms_dir / "rvu25d" / "GPCI2025.csv").read_bytes())
    (data / "PPRRVU2025_Oct.csv").write_bytes((cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").read_bytes())
    db = await open_database(sqlite_url)
    try:
        report = await import_paths(db.engine, [data])
        again = await import_paths(db.engine, [data / "w.txt"], allow_fewer_rows=True)
    finally:
        await db.dispose()
    assert calls == [("w.txt", 3, False), ("w.txt", 3, True)]
    assert any(line.startswith("test widget file: w.txt (2 rows) imported; widgets stored") for line in report.lines)
    assert report.releases == ["RVU25D"]
    assert any(line.startswith("test widget file: w.txt") for line in again.lines)


def test_detect_and_name_claims() -> None:
    assert registry.detect("x.csv", "nothing to see\n") is None
    claimed = registry.kind_named_by("OPPSCAP_Jan.csv")
    assert claimed is not None and claimed.name == "oppscap"
    assert registry.kind_named_by("readme.txt") is None
