"""One convention for input and output, and outputs that are not regular files.

- ``-o -`` and no ``-o`` mean standard output for every command; binary formats are refused on
  a terminal and written to a pipe;
- a device, FIFO or socket named by ``-o`` is written in place, never renamed over; a folder or
  a block device is refused; a link to a file stays a link;
- a full disk on standard output is a clear message and exit code 2; a reader that leaves
  (``| head -1``) ends us quietly with exit code 141;
- usage errors are bilingual like every other message.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import CACHE_DIR, CLEAN, ROOT, run_cli

CLI = [sys.executable, "-c", "from seta_align.cli import main; main()"]


def _cli(*args: object, **options) -> subprocess.CompletedProcess:
    env = {**os.environ, "SETA_ALIGN_LANG": "ja", "SETA_ALIGN_CACHE_DIR": CACHE_DIR}
    env.update(options.pop("env", {}))
    return subprocess.run([*CLI, *map(str, args)], env=env, timeout=120, **options)


# --- -o - and standard output --------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["matrix", CLEAN, "--format", "csv"],
        ["matrix", CLEAN, "--format", "markdown"],
        ["graph", CLEAN, "--format", "mermaid"],
        ["export", CLEAN, "--format", "csv"],
        ["schema", "config"],
        ["report", CLEAN],
    ],
)
def test_dash_o_dash_is_standard_output_for_every_command(command, in_tmp):
    to_dash = run_cli(*command, "-o", "-")
    assert to_dash.exit_code == 0, to_dash.output
    assert to_dash.stdout_bytes.strip()
    assert not (in_tmp / "-").exists()
    assert not list(in_tmp.iterdir())  # nothing written anywhere
    if command[0] != "report":  # report needs -o: without it, it says so
        without = run_cli(*command)
        assert without.exit_code == 0
        assert without.stdout_bytes == to_dash.stdout_bytes


def test_report_without_o_says_how(in_tmp):
    result = run_cli("report", CLEAN)
    assert result.exit_code == 2
    assert "-o -" in result.stderr


# --- outputs that are not regular files ------------------------------------------------------


needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making device nodes needs root"
)


@needs_root
def test_a_character_device_is_written_in_place_not_replaced(tmp_path):
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device, in tmp
    for command in (
        ["report", CLEAN, "-o", null, "--force"],
        ["report", CLEAN, "-o", null],  # nothing is replaced: no --force needed
        ["schema", "-o", null],
        ["matrix", CLEAN, "--format", "csv", "-o", null],
        ["export", CLEAN, "-o", null, "--format", "xlsx"],
    ):
        result = run_cli(*command)
        assert result.exit_code == 0, (command, result.output)
        assert stat.S_ISCHR(os.stat(null).st_mode), command
    assert sorted(path.name for path in tmp_path.iterdir()) == ["null"]  # no temporary files


def test_a_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read)
    reader.start()
    result = run_cli("schema", "config", "-o", fifo, "--force")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["title"].startswith("seta-align config")


@needs_root
def test_a_block_device_and_a_folder_are_refused(tmp_path):
    disk = tmp_path / "disk"
    os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(7, 200))  # never opened
    folder = tmp_path / "folder"
    folder.mkdir()
    for target, word in ((disk, "block device"), (folder, "folder")):
        result = run_cli("schema", "-o", target, "--force", "--lang", "en")
        assert result.exit_code == 2
        assert word in result.stderr
    assert stat.S_ISBLK(os.stat(disk).st_mode)
    assert list(folder.iterdir()) == []


def test_a_link_to_a_file_stays_a_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    refused = run_cli("schema", "-o", link)
    assert refused.exit_code == 2 and real.read_text(encoding="utf-8") == "old"
    assert run_cli("schema", "-o", link, "--force").exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["title"] == "seta-align measure file"


# --- full disks and readers that leave --------------------------------------------------------


def _full_device(tmp_path: Path) -> Path:
    if os.path.exists("/dev/full"):
        return Path("/dev/full")
    if os.geteuid() != 0:
        pytest.skip("no /dev/full and no root to make one")
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return full


@pytest.mark.parametrize(
    ("command", "lang"),
    [
        (["check", CLEAN, "--format", "json", "--no-cache"], "ja"),
        (["check", CLEAN, "--format", "text", "--no-cache"], "en"),
        (["trace", "PP-6.5", CLEAN, "--format", "json"], "en"),
        (["schema"], "ja"),
        (["matrix", CLEAN, "--format", "csv"], "en"),
    ],
)
def test_a_full_disk_on_stdout_is_a_clear_error(tmp_path, command, lang):
    with open(_full_device(tmp_path), "w") as full:
        result = _cli(*command, stdout=full, stderr=subprocess.PIPE, env={"SETA_ALIGN_LANG": lang})
    message = result.stderr.decode()
    assert result.returncode == 2, message
    assert "Traceback" not in message and "internal error" not in message.lower()
    assert ("出力を書き込めません" if lang == "ja" else "Cannot write the output") in message


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--format", "json", "--no-cache", "--sample"],
        ["check", "--show", "all", "--sample"],
        ["schema"],
    ],
)
def test_a_reader_that_leaves_ends_us_quietly_with_141(command):
    process = subprocess.Popen(
        [*CLI, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "SETA_ALIGN_CACHE_DIR": CACHE_DIR, "COLUMNS": "100"},
    )
    process.stdout.close()  # as `| head -0` would: every write fails
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "Broken pipe" not in stderr


def _environment(tmp_path, *, unbuffered: bool) -> dict[str, str]:
    """The command's environment, its standard output buffered or not (PYTHONUNBUFFERED)."""
    env = {**os.environ, "SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return env


def _reader_leaves_after_ten_bytes(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``command`` with its reader gone after 10 bytes (`| head -c 10`): its exit code
    and what it said on stderr."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    return process.wait(timeout=120), stderr


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize(
    "command",
    [
        ["impacts", "--format", "html", "--sample"],  # 477 KB
        ["impacts", "--format", "markdown", "--sample"],  # 138 KB
        ["check", "--format", "json", "--sample"],  # 244 KB
        ["report", "--sample", "-o", "/dev/stdout", "--force"],  # 1.1 MB, written in place
    ],
)
def test_a_reader_that_leaves_in_the_middle_of_a_document_ends_us_with_141(
    tmp_path, command, unbuffered
):
    """A document larger than a pipe holds, its reader gone after 10 bytes (`| head -c 10`):
    the system writes part of a write, and standard output without a buffer
    (PYTHONUNBUFFERED, as CI images often set) returns the short count without an error,
    which a text stream ignores: the command ended with 0. And -o /dev/stdout ended with 2,
    "cannot write". The same the first time and written again from its saved output."""
    if "/dev/stdout" in command and not Path("/dev/stdout").exists():
        pytest.skip("no /dev/stdout on this system")
    env = _environment(tmp_path, unbuffered=unbuffered)
    for _ in range(2):
        code, stderr = _reader_leaves_after_ten_bytes([*CLI, *command], env)
        assert code == 141, stderr
        assert "Traceback" not in stderr and "Broken pipe" not in stderr


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_text_for_people_whose_reader_leaves_in_the_middle_ends_us_with_141(
    tmp_path, output_format
):
    """The text report of a draft of 600 measures (120 KB, more than a pipe holds) on a
    standard output without a buffer (PYTHONUNBUFFERED): its reader gone after 10 bytes, the
    command ended with the findings' 1, not 141."""
    draft = tmp_path / "draft"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "600", str(draft), "--results"],
        check=True,
        capture_output=True,
    )
    env = _environment(tmp_path, unbuffered=True)
    command = [*CLI, "check", "-c", str(draft / "seta-align.yaml"), "--format", output_format]
    whole = subprocess.run(command, capture_output=True, env=env)
    assert whole.returncode == 1 and len(whole.stdout) > 100_000, whole.stderr.decode()
    for _ in range(2):  # checked, then its saved report written again
        code, stderr = _reader_leaves_after_ten_bytes(command, env)
        assert code == 141, stderr
        assert "Traceback" not in stderr and "Broken pipe" not in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="non-blocking pipes by fcntl")
@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
def test_a_non_blocking_pipe_gets_the_whole_document(tmp_path, unbuffered):
    """A reader that sets the pipe non-blocking (some CI runners do) and reads late: the
    command waits as on any pipe, and the reader gets every byte, with exit code 0 (it was
    cut short with 0, or stopped with an internal error)."""
    import fcntl
    import struct
    import termios
    import time

    env = _environment(tmp_path, unbuffered=unbuffered)
    command = [*CLI, "impacts", "--format", "html", "--sample"]
    expected = subprocess.run(command, capture_output=True, env=env, check=True).stdout
    assert len(expected) > 200_000  # more than a pipe holds
    read_end, write_end = os.pipe()
    flags = fcntl.fcntl(write_end, fcntl.F_GETFL)
    fcntl.fcntl(write_end, fcntl.F_SETFL, flags | os.O_NONBLOCK)
    process = subprocess.Popen(command, stdout=write_end, stderr=subprocess.PIPE, env=env)
    os.close(write_end)
    # Nobody reads until the pipe is full and the command has found it so.
    waiting, before = time.monotonic() + 60, -1
    while time.monotonic() < waiting and process.poll() is None:
        held = struct.unpack("i", fcntl.ioctl(read_end, termios.FIONREAD, b"\0\0\0\0"))[0]
        if held == before and held > 0:
            break
        before = held
        time.sleep(0.5)
    received = b""
    while chunk := os.read(read_end, 1 << 20):
        received += chunk
    os.close(read_end)
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert received == expected


def test_a_reader_that_stays_sees_the_real_exit_code(tmp_path):
    result = _cli("check", CLEAN, "--format", "json", capture_output=True)
    assert result.returncode == 0
    assert json.loads(result.stdout)["exit_code"] == 0


class _WritesRecorded:
    """A binary file that keeps what it is given and the size of each write."""

    def __init__(self):
        self.writes: list[int] = []
        self.data = bytearray()

    def write(self, chunk) -> int:
        self.writes.append(len(chunk))
        self.data += chunk
        return len(chunk)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("piece_length", [1, 80, 1 << 16])
def test_a_document_made_in_pieces_is_never_joined_whole(piece_length):
    """A saved view hands the writer pieces of 64 k characters, a page hands it lines: either
    way a write holds about 64 k characters, never the document (four thousand pieces of a
    saved view were the whole 134 MB impacts document of 20,000 measures, joined at once)."""
    from seta_align.atomic import _write_all

    text = "施策 ECON-01\n" * (3 * (1 << 20) // 11)  # 3 M characters, 9 MB of UTF-8
    pieces = [text[i : i + piece_length] for i in range(0, len(text), piece_length)]
    stream = _WritesRecorded()
    written = _write_all(stream, iter(pieces))
    assert bytes(stream.data) == text.encode("utf-8")
    assert written == len(stream.data)
    # 64 k characters and one piece more, at three bytes a character at most.
    assert max(stream.writes) <= 3 * ((1 << 16) + piece_length)


# --- usage errors --------------------------------------------------------------------------


def test_usage_errors_are_bilingual_and_plain():
    cases = [
        (["check", "--format", "bogus"], "--format / -f に「bogus」は使えません",
         "Invalid value for --format / -f: 'bogus' (choose from rich, text"),
        (["check", "--verbse"], "「--verbse」というオプションはありません。「--verbose」ではありませんか？",
         "No such option: --verbse. Did you mean --verbose?"),
        (["trace"], "ID を指定してください。", "Missing ID."),
        (["schema", "shemas"], "kind に「shemas」は使えません", "Invalid value for kind: 'shemas'"),
        (["check", "--show", "summary,bogus"], "--show に「bogus」は指定できません",
         "--show: unknown table 'bogus'"),
    ]
    for args, japanese, english in cases:
        ja = run_cli(*args)
        en = run_cli(*args, "--lang", "en") if args != ["trace"] else run_cli(
            *args, env={"SETA_ALIGN_LANG": "en"}
        )
        for result, words in ((ja, japanese), (en, english)):
            assert result.exit_code == 2, args
            assert words in result.stderr, (args, result.stderr)
            assert "Value error" not in result.stderr
            assert "Traceback" not in result.stderr
            assert result.stderr.startswith("seta-align: ")


def test_show_takes_commas_and_repeats(in_tmp):
    commas = run_cli("check", CLEAN, "--show", "summary,coverage")
    repeated = run_cli("check", CLEAN, "--show", "summary", "--show", "coverage")
    assert commas.exit_code == repeated.exit_code == 0
    assert commas.stdout == repeated.stdout
    assert "PP-6.5" in commas.stdout  # the coverage table lists every node


def test_schema_singular_and_plural():
    plural = run_cli("schema", "measures").stdout
    assert run_cli("schema", "measure").stdout == plural
    assert run_cli("schema", "MEASURE").stdout == plural
    assert run_cli("schema", "configs").stdout == run_cli("schema", "config").stdout
