"""The decision note of the architecture follow-up (4c): the system the municipality plans to replace, what
the replacement touches in the municipality's own landscape, and what the leader group decides.

The note keeps the blast radius as it was when the note was written (the landscape changes later), so the
note a director takes home says what it said. It is saved as ``architecture-decision`` (checked by the
store's answer rules) and exported as a standalone HTML page and as Markdown, like the one-page strategy:
no scripts, and every free text escaped (HTML with :func:`casekit.ui.escape`, Markdown with
:func:`casekit.planning.onepage.md_escape`), so a pasted ``<script>`` shows as text and never runs. An
export that would replace a different file of the same name first moves the old one to a backup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .. import i18n, municipalities, ui
from ..errors import ArchitectureError
from ..outputs import backup, output_folder, write_error
from ..planning.onepage import md_escape
from ..store import Store, Submission, open_store, rules
from .analysis import blast_radius
from .model import Landscape

INSTRUMENT = "architecture-decision"
#: What the leader group can decide about the replacement.
OPTIONS = ("replace", "platform_first", "joint", "postpone", "keep")
#: The note's free texts, in their order.
TEXTS = ("reason", "prerequisites", "interface_owner", "standard", "next_step")
#: Longest free text (characters).
TEXT_LENGTH = 1500


@dataclass(frozen=True)
class DecisionNote:
    """A decision on one planned replacement, with its blast radius when the note was written."""

    municipality: str
    system: str
    system_name: str
    option: str
    next_step: str
    reason: str = ""
    prerequisites: str = ""
    interface_owner: str = ""
    standard: str = ""
    systems: int = 0  # systems in the landscape the note was written on
    integrations: int = 0  # the system's integrations
    rebuild: int = 0  # point-to-point integrations to rebuild
    connectors: int = 0  # platform connectors the new system needs
    changed: tuple[str, ...] = ()  # systems at the other end of a point-to-point integration (names)
    shielded: tuple[str, ...] = ()  # systems behind a platform, untouched (names)
    reach: int = 0  # systems downstream of the system's data

    @property
    def work(self) -> int:
        return self.rebuild + self.connectors

    def answers(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def _text(answers: Mapping[str, Any], name: str) -> str:
    value = answers.get(name) or ""
    if not isinstance(value, str):
        raise ArchitectureError("architecture.error.note_field", field=name, value=repr(value))
    value = value.strip()
    if len(value) > TEXT_LENGTH:
        raise ArchitectureError(
            "architecture.error.note_too_long", field=name, length=len(value), maximum=TEXT_LENGTH
        )
    return value


def _count(answers: Mapping[str, Any], name: str) -> int:
    value = answers.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ArchitectureError("architecture.error.note_field", field=name, value=repr(value))
    return value


def _names(answers: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = answers.get(name) or []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ArchitectureError("architecture.error.note_field", field=name, value=repr(value))
    return tuple(value)


def check_note(answers: Mapping[str, Any]) -> DecisionNote:
    """The answers of ``architecture-decision`` as a :class:`DecisionNote`, or an ArchitectureError naming
    the field, the value and the fix. Registered as the store's answer rule."""
    option = answers.get("option")
    if option not in OPTIONS:
        raise ArchitectureError(
            "architecture.error.note_option", value=repr(option), choices=", ".join(OPTIONS)
        )
    texts = {name: _text(answers, name) for name in TEXTS}
    if not texts["next_step"]:
        raise ArchitectureError("architecture.error.note_next_step")
    system = _text(answers, "system")
    if not system:
        raise ArchitectureError("architecture.error.note_system")
    return DecisionNote(
        municipality=_text(answers, "municipality"),
        system=system,
        system_name=_text(answers, "system_name") or system,
        option=option,
        **texts,
        **{k: _count(answers, k) for k in ("systems", "integrations", "rebuild", "connectors", "reach")},
        changed=_names(answers, "changed"),
        shielded=_names(answers, "shielded"),
    )


rules.register(INSTRUMENT, check_note)


def make_note(
    landscape: Landscape,
    system: str,
    option: str,
    *,
    municipality: str,
    language: str | None = None,
    **texts: str,
) -> DecisionNote:
    """A checked note on replacing ``system`` in ``landscape``, with the blast radius computed now."""
    unknown = sorted(set(texts) - set(TEXTS))
    if unknown:
        raise ArchitectureError("architecture.error.note_field", field=", ".join(unknown), value="-")
    radius = blast_radius(landscape, system)

    def label(ident: str) -> str:
        return landscape.label(ident, language)

    return check_note(
        {
            "municipality": municipality,
            "system": system,
            "system_name": label(system),
            "option": option,
            **texts,
            "systems": len(landscape.ids()),
            "integrations": radius.integrations,
            "rebuild": radius.rebuild,
            "connectors": radius.connectors,
            "changed": sorted(label(s) for s in radius.partners_changed),
            "shielded": sorted(label(s) for s in radius.partners_shielded),
            "reach": radius.reach,
        }
    )


# --- the store ---------------------------------------------------------------------------------------------


def save_note(store: Store | str | None, note: DecisionNote, *, respondent: str) -> Submission:
    """Append the note (checked again by the store's rule)."""
    if not respondent:
        raise ArchitectureError("architecture.error.no_respondent")
    return open_store(store).save(
        respondent, INSTRUMENT, note.answers(), status="final", municipality=note.municipality
    )


def load_note(
    store: Store | str | None, *, respondent: str | None = None, municipality: str | None = None
) -> DecisionNote | None:
    """The respondent's latest note, else the municipality's, else None."""
    st = open_store(store)
    found = st.latest(respondent, INSTRUMENT, status="final") if respondent else None
    if found is None and municipality:
        subs = st.submissions(INSTRUMENT, municipality=municipality, latest="municipality")
        found = subs[-1] if subs else None
    return check_note(found.answers) if found else None


# --- the note as a page -------------------------------------------------------------------------------------


def _content(note: DecisionNote, language: str | None, generated: dt.date | None) -> dict[str, Any]:
    """Everything on the page as plain (unescaped) text, shared by both formats."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"architecture.note.{key}", language=language, **kw)

    def names(values: tuple[str, ...]) -> str:
        return ", ".join(values) or "–"

    place = municipalities.get(note.municipality).display_name() if note.municipality else ""
    radius = [
        (t("integrations"), str(note.integrations)),
        (t("rebuild"), str(note.rebuild)),
        (t("connectors"), str(note.connectors)),
        (t("changed"), names(note.changed)),
        (t("shielded"), names(note.shielded)),
        (t("reach"), str(note.reach)),
    ]
    sections = [(t(f"heading.{name}"), getattr(note, name) or "–") for name in TEXTS]
    return {
        "title": t("title", system=note.system_name, municipality=place),
        "subtitle": t("subtitle", date=i18n.format_date(generated or dt.date.today(), language=language)),
        "decision_heading": t("heading.decision"),
        "decision": i18n.t(f"architecture.option.{note.option}", language=language),
        "radius_heading": t("heading.radius"),
        "radius_intro": t("radius_intro", systems=note.systems, work=note.work),
        "radius": radius,
        "sections": sections,
        "footer": t("footer"),
    }


def note_html(note: DecisionNote, *, language: str | None = None, generated: dt.date | None = None) -> str:
    """A standalone, printable HTML page (A4) with no scripts; all free text escaped."""
    c = _content(note, language, generated)
    code = i18n.check_language(language or i18n.get_language())
    e = ui.escape
    rows = "".join(f'<tr><th scope="row">{e(k)}</th><td>{e(v)}</td></tr>' for k, v in c["radius"])
    sections = "".join(
        f"<h2>{e(heading)}</h2>" + "".join(f"<p>{e(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
        for heading, text in c["sections"]
    )
    style = (
        "@page{size:A4;margin:14mm}body{font-family:'Source Sans Pro','Segoe UI',Arial,sans-serif;"
        "color:#222;max-width:190mm;margin:auto;font-size:10.5pt;line-height:1.35}"
        "h1{font-size:18pt;margin:0}h2{font-size:12.5pt;margin:12px 0 4px;color:#0B3D66}"
        ".sub{color:#555;margin:2px 0 10px}table{border-collapse:collapse}"
        "th,td{border-bottom:1px solid #ccc;text-align:left;padding:3px 8px;vertical-align:top}"
        ".decision{font-size:12pt;font-weight:600}.foot{color:#555;font-size:9pt;margin-top:10px}"
    )
    return (
        f'<!DOCTYPE html><html lang="{code}"><head><meta charset="utf-8">'
        f"<title>{e(c['title'])}</title><style>{style}</style></head><body>"
        f'<h1>{e(c["title"])}</h1><p class="sub">{e(c["subtitle"])}</p>'
        f'<h2>{e(c["decision_heading"])}</h2><p class="decision">{e(c["decision"])}</p>'
        f"<h2>{e(c['radius_heading'])}</h2><p>{e(c['radius_intro'])}</p><table>{rows}</table>"
        f'{sections}<p class="foot">{e(c["footer"])}</p></body></html>'
    )


def note_markdown(
    note: DecisionNote, *, language: str | None = None, generated: dt.date | None = None
) -> str:
    """The same note as Markdown (for e-mail, Teams or the case system); all free text escaped."""
    c = _content(note, language, generated)
    m = md_escape
    lines = [f"# {m(c['title'])}", "", f"*{m(c['subtitle'])}*", ""]
    lines += [f"## {m(c['decision_heading'])}", "", f"**{m(c['decision'])}**", ""]
    lines += [f"## {m(c['radius_heading'])}", "", m(c["radius_intro"]), ""]
    lines += [f"- {m(k)}: {m(v)}" for k, v in c["radius"]] + [""]
    for heading, text in c["sections"]:
        lines += [f"## {m(heading)}", ""]
        lines += [m(p) for p in text.split("\n\n") if p.strip()] or ["–"]
        lines += [""]
    lines += [m(c["footer"]), ""]
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    """Write ``text``; a different file already there is first moved to a backup, never overwritten."""
    if path.exists() and path.read_text(encoding="utf-8") != text:
        backup(path)
    path.write_text(text, encoding="utf-8")


def export_note(
    folder: str | Path,
    note: DecisionNote,
    *,
    language: str | None = None,
    generated: dt.date | None = None,
) -> dict[str, Path]:
    """Write ``decision-<municipality>-<system>-<language>.html`` and ``.md`` into ``folder`` (created when
    its parent exists); returns both paths."""
    target = output_folder(folder)
    code = i18n.check_language(language or i18n.get_language())
    stem = f"decision-{note.municipality or 'x'}-{note.system}-{code}"
    paths = {"html": target / f"{stem}.html", "markdown": target / f"{stem}.md"}
    try:
        _write(paths["html"], note_html(note, language=language, generated=generated))
        _write(paths["markdown"], note_markdown(note, language=language, generated=generated))
    except OSError as exc:
        raise write_error(exc, target) from None
    return paths
