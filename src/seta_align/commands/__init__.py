"""One module per command; importing a module registers its command on the app.

``COMMAND_MODULES`` names the module of each command, so that a run imports only the module of
the command it runs (``cli.register_commands``): the other fifteen cost a tenth of a second of
every start, a third of a check written again from its saved report. The order is the order
of ``--help``. ``tests/test_cli.py`` fails when a command is missing here.
"""

COMMAND_MODULES: dict[str, str] = {
    "check": "check",
    "diff": "diff",
    "export": "export",
    "framework": "framework",
    "graph": "graph",
    "impacts": "impacts",
    "import": "import_sheet",
    "init": "init",
    "matrix": "matrix",
    "progress": "progress",
    "publish": "publish",
    "report": "report",
    "rules": "rules",
    "selftest-internal-error": "rules",
    "schema": "schema",
    "sheets": "sheets",
    "trace": "trace",
}
