"""Reading casekit's own YAML files (message catalogues, run sheets, item banks, datasets, the casebook).

PyYAML's C parser (libyaml) reads them several times faster than its Python parser, and every process
reads the catalogue of its language first, so every kernel pays for it. Both parsers read the same safe
subset of YAML into the same data and raise ``yaml.YAMLError`` (with the line) on bad input; the Python
parser is used where PyYAML was built without libyaml. A cohort's configuration is still read with the
Python parser, whose messages its error reports quote.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | bytes | IO[Any]) -> Any:
    """``yaml.safe_load`` with the fastest safe parser there is."""
    return yaml.load(stream, Loader=_LOADER)
