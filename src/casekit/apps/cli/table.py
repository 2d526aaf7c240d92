"""Plain-text tables for the command line."""

from __future__ import annotations


def print_table(columns: list[str], rows: list[list[str]]) -> None:
    """Print ``rows`` under ``columns``, each column as wide as its widest cell."""
    widths = [
        max(len(str(c)), *(len(str(r[i])) for r in rows)) if rows else len(str(c))
        for i, c in enumerate(columns)
    ]
    print("  ".join(str(c).ljust(w) for c, w in zip(columns, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
