"""A view written again when nothing it is made from has changed.

``progress``, ``impacts``, ``matrix`` and ``report`` make their output from the whole draft:
seconds on a large one, nearly all of it reading, validating and analysing what has not changed
since the last run. As with check's reports (``replay.py``), each output is saved in the cache
with the manifest of the files it was made from (the config, the framework, every measure file,
the interactions, results and indicators the command read, by the digests of the bytes it read),
under a key of the request: the command, every option that shapes the output, the paths, the
working directory and the code itself. While the manifest holds, the saved bytes are written
again, to ``-o`` (atomically, as a fresh run writes) or to standard output, and the command
says what a fresh run says. Anything else is made afresh, so a saved output is always the output
a fresh run writes; tests compare the two.

Saved: the formats whose bytes depend on the inputs and options alone (JSON, CSV, Markdown,
HTML). An HTML page says the day it was made, so its key holds that day. Never saved: the
terminal view (it depends on the terminal), xlsx and png (binary files made by other libraries),
``impacts --history`` (git's history of the files, which a commit changes), a run that read a
file it could not use, and anything with ``SETA_ALIGN_NO_CACHE``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..i18n import Lang

if TYPE_CHECKING:
    from ..atomic import Output
    from ..replay import Recorder, Replay
    from ..runner import Prepared

SAVED_FORMATS = ("json", "csv", "markdown", "html")
_BATCH = 1 << 16  # characters


class SavedView:
    """Where the output of one request is saved, and the copy being made of it."""

    def __init__(self, replay: Replay):
        self._replay = replay
        self._recorder: Recorder | None = None
        self._binary = False
        self._said = ""
        self._whole: str | bytes | None = None

    def read_from(self, prepared: Prepared) -> None:
        """The output will be made from ``prepared``, a draft read whole: keep a copy of it
        for the next run. Only for a draft with no input problem (commands/_draft.py decides:
        problems are said on stderr, which a saved output would not say again)."""
        manifest = self._replay.manifest(prepared.inputs, prepared.result.context.draft)
        if manifest is not None:
            self._recorder = self._replay.recorder(None, manifest)

    def will_say(self, text: str) -> None:
        """What the command says on stderr once the output is written (said again with it)."""
        self._said = text

    def keep(self, data: Output) -> Output:
        """``data``, a copy of which is kept as it is written (see :meth:`finish`)."""
        recorder = self._recorder
        if recorder is None:
            return data
        if isinstance(data, str | bytes):
            # Copied once it is written (finish): a run stopped meanwhile leaves no copy.
            self._binary = isinstance(data, bytes)
            self._whole = data
            return data
        return self._pieces(recorder, data)

    @staticmethod
    def _pieces(recorder: Recorder, data: Iterable[str]) -> Iterator[str]:
        # A large document comes as hundreds of thousands of short pieces: kept, and passed
        # on, _BATCH characters at a time (one piece at a time cost a fifth of the command).
        batch: list[str] = []
        size = 0
        for piece in data:
            batch.append(piece)
            size += len(piece)
            if size >= _BATCH:
                text = "".join(batch)
                batch.clear()
                size = 0
                recorder.keep(text)
                yield text
        text = "".join(batch)
        recorder.keep(text)
        yield text

    def finish(self) -> None:
        """The output was written whole: save the copy for the next run of this request."""
        if self._recorder is not None:
            if self._whole is not None:
                self._recorder.keep(self._whole)
                self._whole = None
            self._recorder.finish(0, binary=self._binary, said=self._said)
            self._recorder = None

    def abandon(self) -> None:
        """The output was not written to the end (refused, a broken pipe, Ctrl-C): keep nothing."""
        self._whole = None
        if self._recorder is not None:
            self._recorder.abandon()
            self._recorder = None


def saved_view(
    command: str,
    options: dict[str, object],
    paths: list[Path] | None,
    framework: list[str] | None,
    config: Path | None,
    *,
    output: Path | None,
    force: bool,
    lang: Lang,
    sample: bool = False,
) -> SavedView | None:
    """The saved output of this request. When one still holds, it is written (to ``output``
    or standard output) and the command ends here with its exit code; otherwise the slot to
    save the new output in (``None``: this output is never saved). ``options`` holds
    everything besides the files that shapes the output, the format (``"format"``) among them."""
    if options.get("format") not in SAVED_FORMATS:
        return None
    from ..atomic import ByteChunks, emit, to_stdout
    from ..replay import slot_for

    # The output file, as given (the working directory is part of the request too): what a
    # command says once it has written it names it so (report).
    written_to = None if to_stdout(output) else str(output)
    request = {"command": command, "lang": lang, "output": written_to, **options}
    if options["format"] == "html":
        from ..dates import page_date

        request["date"] = page_date()
    replay = slot_for(paths or None, framework, config, request, sample=sample)
    if replay is None:
        return None
    saved = replay.saved()
    if saved is None:
        return SavedView(replay)
    from ..app import announce_sample, say

    if replay.target.sample:
        announce_sample(lang)
    # The saved bytes are what a file, or standard output, gets from the text (a document is
    # UTF-8 on any terminal: atomic.document_stdout): written as they are (the impacts JSON of
    # 100,000 measures is 670 MB), unless the system's line ends are translated on the way.
    as_bytes = saved.binary or not to_stdout(output) or os.linesep == "\n"
    data = ByteChunks(saved.chunks()) if as_bytes else saved.texts()
    # A command that says something once it has written its output does not also confirm the
    # file (atomic.emit), so neither does its saved output.
    emit(output, data, force=force, lang=lang, confirm=not saved.said)
    if saved.said:
        say(saved.said)
    raise typer.Exit(saved.exit_code)
