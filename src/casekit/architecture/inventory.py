"""The municipality's own main systems (pre-work, 4a): start from a landscape (the saved one, else the
sample), keep the systems the municipality has, give each its product name, and add the main systems the
landscape lacks.

A dropped system takes its integrations with it. A dropped integration platform first hands the
integrations it carried between other systems over as point-to-point integrations, so that no flow of data
is lost without a choice. A product name is shown after the system's name, ``EPJ pleie og omsorg (Gerica)``,
and kept in the system's ``vendor_examples``; giving another product replaces it, an empty one removes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import i18n
from ..errors import ArchitectureError
from .model import Landscape, check_integrations, new_system_id

#: Longest product or system name (characters).
NAME_LENGTH = 80


@dataclass(frozen=True)
class Inventory:
    """What the pre-work changes: the systems to drop, product names per system and new systems as
    (name, role)."""

    drop: tuple[str, ...] = ()
    products: tuple[tuple[str, str], ...] = ()
    added: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_answers(cls, answers: Mapping[str, object]) -> Inventory:
        """An inventory from a JSON-like mapping (``drop``, ``products``, ``added``), as a test passes it."""
        products = answers.get("products") or {}
        added = answers.get("added") or []
        if not isinstance(products, Mapping) or not isinstance(added, list):
            raise ArchitectureError("architecture.error.inventory", value=repr(dict(answers)))
        pairs = []
        for item in added:
            if not isinstance(item, Mapping) or not str(item.get("name", "")).strip():
                raise ArchitectureError("architecture.error.inventory", value=repr(item))
            pairs.append((str(item["name"]), str(item.get("role") or "other")))
        return cls(
            drop=tuple(str(s) for s in answers.get("drop") or ()),
            products=tuple((str(k), str(v)) for k, v in products.items()),
            added=tuple(pairs),
        )


def product_of(landscape: Landscape, system: str) -> str:
    """The product name the pre-work gave ``system`` (empty when it has none)."""
    row = landscape.systems.loc[landscape.systems["id"] == system].iloc[0]
    product = str(row["vendor_examples"] or "")
    name = str(row["name_nb"])
    return product if product and name.endswith(f" ({product})") else ""


def base_name(landscape: Landscape, system: str, language: str | None = None) -> str:
    """The system's name without the product the pre-work added."""
    name = landscape.label(system, language)
    product = product_of(landscape, system)
    return name[: -len(f" ({product})")] if product and name.endswith(f" ({product})") else name


def _checked_name(value: str, system: str) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > NAME_LENGTH:
        raise ArchitectureError(
            "architecture.error.name_too_long", system=system, length=len(text), maximum=NAME_LENGTH
        )
    return text


def _drop_platform(landscape: Landscape, platform: str) -> Landscape:
    """The landscape with the integrations ``platform`` carries between other systems made point to point."""
    frame = landscape.integrations.copy()
    carried = (frame["via"] == platform) & (frame["source"] != platform) & (frame["target"] != platform)
    frame.loc[carried, "kind"] = "p2p"
    frame.loc[carried, "via"] = ""
    return Landscape(landscape.systems, frame, landscape.name, landscape.notes)


def _rename(landscape: Landscape, products: Iterable[tuple[str, str]]) -> Landscape:
    systems = landscape.systems.copy()
    for system, value in products:
        if system not in landscape.ids():
            continue  # a system dropped in the same go
        product = _checked_name(value, system)
        row = systems.index[systems["id"] == system][0]
        base = {c: base_name(landscape, system, c[len("name_") :]) for c in ("name_nb", "name_en")}
        if product == product_of(landscape, system):
            continue
        for column, name in base.items():
            systems.at[row, column] = f"{name} ({product})" if product else name
        if product or product_of(landscape, system):
            systems.at[row, "vendor_examples"] = product
    return Landscape(systems, landscape.integrations, landscape.name, landscape.notes)


def own_systems(landscape: Landscape, inventory: Inventory, *, name: str = "own") -> Landscape:
    """The municipality's own main systems: ``landscape`` with the inventory applied (see the module notes).
    Unknown systems to drop are named in an ArchitectureError; names already in the landscape are not added
    twice."""
    unknown = [s for s in inventory.drop if s not in landscape.ids()]
    if unknown:
        raise ArchitectureError(
            "architecture.error.unknown_system_edit", system=", ".join(unknown), suggestions="-"
        )
    result = landscape
    for system in inventory.drop:
        if system in result.platforms():
            result = _drop_platform(result, system)
    for system in inventory.drop:
        result = result.remove_system(system)[0]
    result = _rename(result, inventory.products)
    labels = {result.label(s, lang).lower() for s in result.ids() for lang in i18n.available_languages()}
    for new, role in inventory.added:
        text = _checked_name(new, new)
        if text and text.lower() not in labels:
            result = result.add_system(new_system_id(result, text), text, role=role)
            labels.add(text.lower())
    check_integrations(result)
    return Landscape(result.systems, result.integrations, name, result.notes)


def inventory_summary(before: Landscape, after: Landscape, language: str | None = None) -> str:
    """One sentence: how many systems were kept, dropped and added."""
    kept = [s for s in after.ids() if s in before.ids()]
    return i18n.t(
        "architecture.inventory.summary",
        language=language,
        kept=len(kept),
        dropped=len(before.ids()) - len(kept),
        added=len(after.ids()) - len(kept),
    )
