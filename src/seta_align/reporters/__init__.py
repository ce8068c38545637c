"""Output formats. Each reporter turns a check result into one format; none of them checks."""
