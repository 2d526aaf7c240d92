"""Sample answers for demonstrations and pre-filled workbooks: the marks a typical leader group makes."""

from __future__ import annotations

from .analysis import default_marks
from .model import Catalogue, load_life_events


def sample_marks(catalogue: Catalogue | None = None) -> dict[str, list[str]]:
    """Marks a typical leader group makes: the catalogue's sectors, adjusted where municipalities differ."""
    cat = catalogue or load_life_events()
    marks = default_marks(cat)
    changes = {
        "starting_school": ("remove", "finance"),  # after-school care invoiced by the school office
        "new_in_norway": ("add", "culture"),  # library and voluntary sector as meeting places
        "home_care": ("add", "utilities"),  # assisted waste collection
    }
    for event, (action, sector) in changes.items():
        if event in marks:
            current = set(marks[event])
            current = current - {sector} if action == "remove" else current | {sector}
            marks[event] = [s.id for s in cat.sectors() if s.id in current]
    return marks
