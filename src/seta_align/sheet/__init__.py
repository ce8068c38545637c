"""Measures in spreadsheets: ``seta-align import`` reads them, ``seta-align export`` writes them.

Department staff keep their measures in Excel. A sheet is read cell by cell into the same
measure mappings a YAML file holds (one measure per row), validated with the same models, and
written out as measure files; every problem names the sheet, the row and the column. The export
writes a draft back in the columns the import recognises, so a sheet survives the round trip.

- :mod:`.columns` — the column headings and what each column holds (shared by both directions);
- :mod:`.table` — reading ``.xlsx`` and ``.csv`` files into rows of cells, finding the header;
- :mod:`.cells` — reading one cell: ids, years, numbers, text;
- :mod:`.rows` — rows into validated measures;
- :mod:`.impacts` — impacts in cells: ``SDG-7.2:+2; SDG-15.1:-1``, note lines, one score;
- :mod:`.square` — a square sheet of interaction scores (``import --interactions``);
- :mod:`.result_columns` — the columns of a results sheet (shared with
  ``export --results-template``);
- :mod:`.results` — results sheets into results, checked against the draft
  (``import --results``);
- :mod:`.yaml_out` — measures into measure files (and the names of those files), the
  interactions file and a results file.
"""
