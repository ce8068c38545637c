"""File exporters: documents for people to open in other programs (Excel, a browser, a wiki).

Unlike the reporters, which render the findings of a check, each exporter here turns the result
of one analysis into one file format and returns its text or bytes; the command writes them.
"""
