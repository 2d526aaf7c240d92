"""``casekit cohort export``: tidy CSV of every answer and a data dictionary for the trainer."""

from __future__ import annotations

from pathlib import Path

from .. import i18n
from ..store import TIDY_COLUMNS, default_actor
from .config import CohortConfig, open_cohort_store


def export(
    config: CohortConfig, out: str | Path, *, include_drafts: bool = False, actor: str | None = None
) -> dict[str, Path]:
    """Write ``answers.csv`` (latest submission per respondent and instrument, or full history with drafts),
    ``respondents.csv`` and ``data-dictionary.md`` into ``out``. The export is recorded in the store's
    audit trail (``actor``: who exports; default the user at the keyboard)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    store = open_cohort_store(config)
    answers = store.answers(
        status="any" if include_drafts else "final",
        latest=False if include_drafts else "respondent",
        actor=actor or default_actor(),
    )
    answers = answers[answers["municipality"].isin(config.municipalities)]
    answers = answers.assign(
        value=[_json(v) for v in answers["value"]], created_at=[t.isoformat() for t in answers["created_at"]]
    )
    paths = {
        "answers": out / "answers.csv",
        "respondents": out / "respondents.csv",
        "dictionary": out / "data-dictionary.md",
    }
    answers.to_csv(paths["answers"], index=False, lineterminator="\n")
    people = store.respondents()
    people[people["municipality"].isin(config.municipalities)].to_csv(
        paths["respondents"], index=False, lineterminator="\n"
    )
    language = config.shared_language
    lines = [
        f"# {i18n.t('cohort.export.title', language=language, cohort=config.title)}",
        "",
        i18n.t("cohort.export.intro", language=language, rows=len(answers)),
        "",
        "| field | " + i18n.t("cohort.export.meaning", language=language) + " |",
        "|---|---|",
    ]
    for name in TIDY_COLUMNS:
        lines.append(f"| `{name}` | {i18n.t(f'cohort.export.field.{name}', language=language)} |")
    instruments = sorted(set(answers["instrument"].dropna()))
    lines += ["", f"## {i18n.t('cohort.export.instruments', language=language)}", ""]
    lines += [f"- `{name}`: {int((answers['instrument'] == name).sum())}" for name in instruments] or ["-"]
    paths["dictionary"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
