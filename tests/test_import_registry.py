"""The file-kind registry protocol: a plugin module's `KINDS` list is picked up and its importer is called."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from storage.db import open_database
from storage.importers import registry
from storage.importers.service import import_paths

PLUGIN = """
from storage.importers.registry import FileKind, ImportOutcome

CALLS = []


async def import_widgets(conn, source):
    CALLS.append((source.name, source.read_text().count("\\n")))
    return ImportOutcome(rows=2, changed=True, note="widgets stored")


KINDS = [FileKind("widget", "test widget file", lambda name, head: head.startswith("WIDGETS"),
                  import_file=import_widgets)]
"""


async def test_plugin_kinds_are_loaded_and_invoked(
    tmp_path: Path, sqlite_url: str, cms_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plugin_widgets.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "PLUGIN_MODULES", ("plugin_widgets", "no_such_plugin_module"))
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    monkeypatch.setattr(registry, "_registered", dict(registry._registered))
    try:
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
        finally:
            await db.dispose()
        plugin: Any = sys.modules["plugin_widgets"]
        assert plugin.CALLS == [("w.txt", 3)]
        assert any(
            line.startswith("test widget file: w.txt (2 rows) imported; widgets stored") for line in report.lines
        )
        assert report.releases == ["RVU25D"]
    finally:
        sys.modules.pop("plugin_widgets", None)


def test_detect_and_name_claims() -> None:
    assert registry.detect("x.csv", "nothing to see\n") is None
    claimed = registry.kind_named_by("OPPSCAP_Jan.csv")
    assert claimed is not None and claimed.name == "oppscap"
    assert registry.kind_named_by("readme.txt") is None
