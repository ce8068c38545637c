"""The JSON documents of the analysis commands (diff, impacts, progress, diff --years): data
with documented shapes (docs/io.md), not views. One module per subject; ``writing`` writes
them. The check's own formats (JSON, SARIF, JUnit, GitHub) are in reporters/."""
