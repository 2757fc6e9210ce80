"""Issue 10: `billbot data import` with hostile input — a zip bomb, an oversized file, file names
with terminal escapes — through the real command line, with the child's peak memory measured.

Limits (clear errors naming them, nothing stored): a zip member's compression ratio, and the
uncompressed size of a file (BILLBOT_IMPORT_MAX_MB). Real CMS files, zipped as CMS publishes
them, still import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.serve_harness import BILLBOT, server_env
from tests.slack_stub import SlackStub

BOMB_MB = 300  # what the bomb's one member inflates to

# argv: address-space cap in bytes, file for the child's peak RSS (KiB), then the command. The child
# is capped (RLIMIT_AS) so that a regression fails the test instead of the machine.
LAUNCHER = """
import os, resource, sys
cap, rss_file, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    os.execv(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
open(rss_file, "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_import(args: list[str], workdir: Path, db: Path, *, env: dict[str, str] | None = None,
               timeout: float = 90.0, memory_cap_mb: int = 3072) -> Run:
    """`billbot data import ARGS` in a child process; returns its output, time and peak RSS.

    The child is capped (RLIMIT_AS) so that a regression fails the test instead of the machine."""
    full_env = server_env(SlackStub(), f"sqlite+aiosqlite:///{db}", env)
    full_env.pop("SLACK_API_URL", None)

    # The child is started by a small fresh Python (LAUNCHER), not forked from pytest: a process's
    # ru_maxrss keeps the high-water mark of the memory it was forked from, so a child forked from a
    # large pytest process would report pytest's size, not its own.
    out_path, err_path, rss_path = workdir / "import.out", workdir / "import.err", workdir / "import.rss"
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(memory_cap_mb * 1024 * 1024), str(rss_path),
             str(BILLBOT), "data", "import", "--no-progress", *args],
            cwd=workdir, env=full_env, stdout=out, stderr=err, start_new_session=True,
        )
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
    peak_kb = int(rss_path.read_text() or 0) if rss_path.exists() else 0
    return Run(proc.returncode, out_path.read_text("utf-8", "replace"), err_path.read_text("utf-8", "replace"),
               time.monotonic() - started, peak_kb / 1024)


def pprrvu_head_and_rows(cms_dir: Path, rows: int = 100) -> tuple[bytes, bytes]:
    """The real PPRRVU file's heading lines, and its first `rows` data lines."""
    lines = (cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").read_bytes().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(b"HCPCS,")) + 1
    return b"".join(lines[:start]), b"".join(lines[start:start + rows])


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory, cms_dir: Path) -> Path:
    """A ~1 MB zip whose one member, a PPRRVU-shaped CSV, inflates to BOMB_MB megabytes."""
    head, rows = pprrvu_head_and_rows(cms_dir)
    path = tmp_path_factory.mktemp("bomb") / "rvu25d.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("PPRRVU2025_Oct.csv", "w", force_zip64=True) as member:
        member.write(head)
        written = len(head)
        while written < BOMB_MB * 1024 * 1024:
            member.write(rows)
            written += len(rows)
    assert path.stat().st_size < 5 * 1024 * 1024
    return path


def test_zip_bomb_is_refused_early_naming_the_limit(zip_bomb: Path, tmp_path: Path) -> None:
    run = run_import([str(zip_bomb)], tmp_path, tmp_path / "bomb.db")
    assert run.returncode != 0
    assert "compression ratio" in run.stderr and "limit" in run.stderr, run.stderr[-1500:]
    assert "PPRRVU2025_Oct.csv" in run.stderr  # names the member
    assert "Traceback" not in run.stderr
    assert run.seconds < 30, f"took {run.seconds:.0f}s"
    assert run.peak_rss_mb < 300, f"peak RSS {run.peak_rss_mb:.0f} MB"


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(cms_dir: Path, tmp_path: Path) -> None:
    run = run_import([str(cms_dir / "rvu25d")], tmp_path, tmp_path / "big.db", env={"BILLBOT_IMPORT_MAX_MB": "1"})
    assert run.returncode != 0
    assert "BILLBOT_IMPORT_MAX_MB" in run.stderr and "1 MB" in run.stderr, run.stderr[-1500:]
    assert "PPRRVU2025_Oct.csv" in run.stderr
    assert "Traceback" not in run.stderr


def test_real_cms_files_zipped_still_import(cms_dir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "rvu25d-and-zip5.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in [*sorted((cms_dir / "rvu25d").glob("*.csv")), cms_dir / "zip-locality" / "ZIP5_OCT2025.txt"]:
            zf.write(path, path.name)
    run = run_import([str(archive)], tmp_path, tmp_path / "real.db")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "PPRRVU2025_Oct.csv" in run.stdout and "ZIP5_OCT2025.txt" in run.stdout
    assert run.peak_rss_mb < 600, f"peak RSS {run.peak_rss_mb:.0f} MB"


# -- names printed by the import report -------------------------------------------------------------------

HOSTILE_NAMES = [
    "notes\x1b[2K\rRVU25D: PPRRVU2025_Oct.csv (19,090 rows) stored.txt",  # erase the line, forge another
    "notes\nRVU25D: forged line.txt",
    "notes\u202etxt.exe",
]


def test_file_names_are_escaped_in_the_import_report(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    for name in HOSTILE_NAMES:
        (folder / name).write_text("not a CMS file\n")
    run = run_import([str(folder)], tmp_path, tmp_path / "names.db")
    printed = run.stdout + run.stderr
    assert "notes" in printed, printed  # the files were reported...
    assert "\x1b" not in printed and "\r" not in printed and "\u202e" not in printed  # ...harmlessly
    assert not any(line.startswith("RVU25D:") for line in printed.splitlines()), printed
