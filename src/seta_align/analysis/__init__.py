"""Analyses: plain functions over the alignment graph, used by rules and reporters alike."""
