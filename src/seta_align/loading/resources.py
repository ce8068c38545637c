"""Where the bundled framework and sample draft are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

# How messages and reports name the bundled framework: the same on every machine, wherever the
# package is installed (a site-packages path means nothing to a reader and leaks the machine).
BUNDLED_FRAMEWORK_NAME = "seta-align:policies.yaml"

_PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"
_CHECKOUT_DATA = Path(__file__).resolve().parents[3] / "data"


def bundled_data_dir() -> Path:
    # A wheel carries data/ inside the package; an editable install runs from the checkout.
    if (_PACKAGE_DATA / "policies.yaml").is_file():
        return _PACKAGE_DATA
    return _CHECKOUT_DATA


def bundled_framework() -> Path:
    return bundled_data_dir() / "policies.yaml"


def bundled_measures() -> Path:
    return bundled_data_dir() / "measures"
