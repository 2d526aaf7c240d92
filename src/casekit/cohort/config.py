"""``cohort.yaml``: one cohort (usually a county or a Digi-network), validated with pydantic.

Every error names the field, the line in the file and the fix. Two YAML traps get their own messages:
an unquoted municipality number (``0301`` is read as the number 193) and ``language: NO`` (read as false).

Example::

    id: agder-2025
    title: Kompetanseløftet Agder 2025
    language: nb                    # or auto: each municipality's official written standard
    neutral_language: nb            # with auto, for municipalities whose standard is neutral
    municipalities: ["4204", "Sirdal", "Herøy (Nordland)"]
    store_url: sqlite:///agder.sqlite
    min_group_size: 5
    retention_until: 2026-06-30     # answers are purged after this day (casekit store purge --expired)
    trainers: [kari-trainer]        # hub user names of the cohort's trainers (casekit cohort hub-config)
    schedule:
      - {step: 3a, date: 2025-03-01, notebooks: [3a-maturity]}
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .. import i18n, municipalities, notebooks
from ..errors import CasekitError, ConfigError
from ..municipalities import Municipality
from ..privacy import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, check_min_group_size
from ..store import Store, open_store

STEP = re.compile(r"[1-4][abc]")
#: A participant id or trainer: a hub user name, usable as a folder name too.
HUB_USER = re.compile(r"[A-Za-z0-9._-]{1,128}")
MIN_GROUP_FLOOR = MIN_GROUP_SIZE_FLOOR


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(i18n.t("cohort.config.bad_date", value=value)) from None


class Participant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._-]+$")
    role: str | None = None

    @field_validator("id")
    @classmethod
    def _not_only_dots(cls, value: str) -> str:
        # "." and ".." are folder names: a workbook for them would land outside its municipality folder.
        if not value.strip("."):
            raise ValueError(i18n.t("cohort.config.participant_dots", value=value))
        return value


class ScheduleItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: str
    date: dt.date
    notebooks: list[str] = Field(default_factory=list)

    @field_validator("step", mode="before")
    @classmethod
    def _step(cls, value: Any) -> str:
        text = str(value).strip().lower()
        if not STEP.fullmatch(text):
            raise ValueError(i18n.t("cohort.config.bad_step", value=value))
        return text

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return _parse_date(value)

    @field_validator("notebooks")
    @classmethod
    def _notebooks(cls, value: list[str]) -> list[str]:
        for nb_id in value:
            notebooks.get(nb_id)
        return value


class Hub(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(pattern=r"^https?://")
    repo: str = Field(pattern=r"^https?://")
    branch: str = "main"
    folder: str = "workbooks"


class CohortConfig(BaseModel):
    """A validated cohort. ``municipalities`` holds 4-character numbers after validation."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    title: str = Field(min_length=1)
    language: str = "nb"
    neutral_language: str = "nb"
    municipalities: list[str] = Field(min_length=1)
    participants: dict[str, list[Participant]] = Field(default_factory=dict)
    store_url: str = "sqlite:///casekit.sqlite"
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    retention_until: dt.date | None = None
    hide_code: bool = True
    schedule: list[ScheduleItem] = Field(default_factory=list)
    hub: Hub | None = None
    trainers: list[str] = Field(default_factory=list)

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> str:
        return notebooks.check_language_or_auto(value)

    @field_validator("neutral_language", mode="before")
    @classmethod
    def _neutral_language(cls, value: Any) -> str:
        return i18n.check_language(value)

    @field_validator("municipalities")
    @classmethod
    def _municipalities(cls, value: list[str]) -> list[str]:
        # parse_config resolves names first (so errors carry line numbers); this guards direct use.
        return [municipalities.get(v).number for v in value]

    @field_validator("min_group_size", mode="before")
    @classmethod
    def _group_size(cls, value: Any) -> int:
        return check_min_group_size(value)

    @field_validator("retention_until", mode="before")
    @classmethod
    def _retention(cls, value: Any) -> Any:
        return None if value in (None, "") else _parse_date(value)

    @field_validator("trainers")
    @classmethod
    def _trainers(cls, value: list[str]) -> list[str]:
        # Hub user names: the trainers log in with them, and the hub's group trainers-<id> lists them.
        seen: set[str] = set()
        for name in value:
            if not HUB_USER.fullmatch(name) or not name.strip("."):
                raise ValueError(i18n.t("cohort.config.bad_trainer", value=name))
            if name in seen:
                raise ValueError(i18n.t("cohort.config.duplicate_trainer", value=name))
            seen.add(name)
        return value

    @model_validator(mode="after")
    def _participants_in_cohort(self) -> CohortConfig:
        seen: set[str] = set()
        for number, people in self.participants.items():
            if number not in self.municipalities:
                raise ValueError(i18n.t("cohort.config.participant_outside", number=number))
            for person in people:
                if person.id in seen:
                    raise ValueError(i18n.t("cohort.config.duplicate_participant", value=person.id))
                seen.add(person.id)
        return self

    # --- derived views ------------------------------------------------------------------------------

    def notebooks_for(self, step: str | None = None) -> list[str]:
        """Notebook ids handed out in ``step`` (all steps when None), in schedule order, without repeats."""
        ids: list[str] = []
        for item in self.schedule:
            if step is None or item.step == step:
                ids.extend(n for n in item.notebooks if n not in ids)
        return ids

    def language_of(self, municipality: str) -> str:
        """The language of a municipality's workbooks. An explicit cohort language always wins; with
        ``language: auto`` the municipality's official written standard decides (nynorsk → nn, bokmål → nb,
        neutral → ``neutral_language``)."""
        return notebooks.resolve_language(self.language, municipality, self.neutral_language)

    @property
    def shared_language(self) -> str:
        """The language of what the whole cohort shares (reports, the kit, the export): the cohort's
        language, or with ``auto`` the language most of its municipalities get (``neutral_language`` on a
        tie)."""
        return shared_language(self.language, self.municipalities, self.neutral_language)

    def respondents(self, municipality: str) -> list[Participant]:
        """The configured participants of a municipality, or one group workbook when none are listed."""
        return self.participants.get(municipality) or [Participant(id=f"{municipality}-group", role=None)]


def shared_language(language: str, numbers: list[str], neutral: str = "nb") -> str:
    """``language``, or for ``auto`` the language most of the municipalities ``numbers`` get from their
    written standard (``neutral`` on a tie)."""
    if language != notebooks.AUTO:
        return language
    counts = Counter(notebooks.resolve_language(language, number, neutral) for number in numbers)
    best = max(counts.values(), default=0)
    leaders = sorted(lang for lang, n in counts.items() if n == best)
    return neutral if neutral in leaders or not leaders else leaders[0]


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Map every key path in a YAML document to its 1-based line number."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _line_index(value, (*path, key.value), out)
            out[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _line_index(value, (*path, i), out)
    return out


def _yaml_traps(node: yaml.Node, source: str) -> None:
    """Refuse the two YAML surprises with a precise fix instead of validating what YAML made of them."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        line = key.start_mark.line + 1
        is_language = key.value in ("language", "neutral_language")
        if is_language and isinstance(value, yaml.ScalarNode) and value.tag.endswith(":bool"):
            raise ConfigError(
                "cohort.config.error",
                file=source,
                line=line,
                field=key.value,
                message=i18n.t(
                    "error.language.yaml_bool",
                    value=value.value,
                    choices=", ".join(i18n.available_languages()),
                ),
            )
        containers = []
        if key.value == "municipalities" and isinstance(value, yaml.SequenceNode):
            containers = [(item, item) for item in value.value]
        elif key.value == "participants" and isinstance(value, yaml.MappingNode):
            containers = [(k, k) for k, _ in value.value]
        for item, mark in containers:
            if (
                isinstance(item, yaml.ScalarNode)
                and item.tag.endswith((":int", ":float"))
                and item.style is None
            ):
                raise ConfigError(
                    "cohort.config.error",
                    file=source,
                    line=mark.start_mark.line + 1,
                    field=key.value,
                    message=i18n.t(
                        "cohort.config.unquoted", raw=item.value, parsed=yaml.safe_load(item.value)
                    ),
                )


def load_config(path: str | Path, *, check_store: bool = True) -> CohortConfig:
    """Read and validate a cohort file. Raises ConfigError naming file, line, field and fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("cohort.config.missing_file", file=str(path)) from None
    return parse_config(text, source=str(path), check_store=check_store)


def parse_config(text: str, *, source: str = "cohort.yaml", check_store: bool = True) -> CohortConfig:
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            "cohort.config.error",
            file=source,
            line=(mark.line + 1) if mark else "?",
            field="-",
            message=str(getattr(exc, "problem", exc)),
        ) from None
    if node is None or not isinstance(data, dict):
        raise ConfigError("cohort.config.not_mapping", file=source)
    _yaml_traps(node, source)
    lines = _line_index(node)
    _resolve_municipalities(data, lines, source)
    try:
        config = CohortConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        line = _closest_line(lines, loc)
        field = ".".join(str(p) for p in loc) or "-"
        raise ConfigError(
            "cohort.config.error", file=source, line=line, field=field, message=_pydantic_message(first)
        ) from None
    except CasekitError as exc:  # pragma: no cover - validators convert these to ValueError
        raise ConfigError(
            "cohort.config.error", file=source, line="?", field="-", message=exc.message()
        ) from None
    if check_store:
        try:
            open_store(config.store_url)
        except CasekitError as exc:
            raise ConfigError(
                "cohort.config.error",
                file=source,
                line=lines.get(("store_url",), "?"),
                field="store_url",
                message=exc.message(),
            ) from None
    return config


def open_cohort_store(config: CohortConfig) -> Store:
    """The cohort's store, bound to the cohort (every save is stamped with its id), with the cohort and its
    retention date registered in it."""
    store = open_store(config.store_url, cohort=config.id)
    store.register_cohort(config.id, config.retention_until)
    return store


def _resolve_municipalities(data: dict[str, Any], lines: dict[tuple, int], source: str) -> None:
    """Resolve names to numbers in place, so an unknown, ambiguous or repeated entry is reported with the
    line it is on."""
    items = data.get("municipalities")
    if isinstance(items, list):
        seen: set[str] = set()
        resolved = []
        for i, item in enumerate(items):
            line = lines.get(("municipalities", i), "?")
            try:
                number = municipalities.get(item).number
            except CasekitError as exc:
                raise ConfigError(
                    "cohort.config.error",
                    file=source,
                    line=line,
                    field="municipalities",
                    message=exc.message(),
                ) from None
            if number in seen:
                raise ConfigError(
                    "cohort.config.error",
                    file=source,
                    line=line,
                    field="municipalities",
                    message=i18n.t("cohort.config.duplicate", value=item, number=number),
                )
            seen.add(number)
            resolved.append(number)
        data["municipalities"] = resolved
    people = data.get("participants")
    if isinstance(people, dict):
        renamed = {}
        for key, value in people.items():
            try:
                renamed[municipalities.get(key).number] = value
            except CasekitError as exc:
                raise ConfigError(
                    "cohort.config.error",
                    file=source,
                    line=lines.get(("participants", key), "?"),
                    field="participants",
                    message=exc.message(),
                ) from None
        data["participants"] = renamed


def _closest_line(lines: dict[tuple, int], loc: tuple) -> int | str:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return "?"


def _pydantic_message(error: dict[str, Any]) -> str:
    ctx = error.get("ctx", {})
    if "error" in ctx and isinstance(ctx["error"], Exception):
        inner = ctx["error"]
        return inner.message() if isinstance(inner, CasekitError) else str(inner)
    kind = error.get("type", "")
    key = {
        "missing": "cohort.config.field_missing",
        "extra_forbidden": "cohort.config.field_unknown",
        "string_pattern_mismatch": "cohort.config.field_pattern",
        "int_parsing": "cohort.config.field_int",
        "int_type": "cohort.config.field_int",
        "int_from_float": "cohort.config.field_int",
        "bool_type": "cohort.config.field_bool",
        "too_short": "cohort.config.field_empty",
        "string_too_short": "cohort.config.field_empty",
        "url_parsing": "cohort.config.field_pattern",
        "list_type": "cohort.config.field_list",
        "dict_type": "cohort.config.field_mapping",
        "bool_parsing": "cohort.config.field_bool",
        "string_type": "cohort.config.field_text",
        "string_too_long": "cohort.config.field_too_long",
        "date_type": "cohort.config.field_date",
        "date_parsing": "cohort.config.field_date",
        "date_from_datetime_parsing": "cohort.config.field_date",
        "model_type": "cohort.config.field_mapping",
        "model_attributes_type": "cohort.config.field_mapping",
    }.get(kind, "cohort.config.field_invalid")  # never pydantic's English in a Norwegian message
    return i18n.t(
        key, value=error.get("input"), pattern=ctx.get("pattern", ""), limit=ctx.get("max_length", "")
    )


class _Quoted(str):
    """A text YAML must keep as text (``"0301"``, ``"3a"``): always written in double quotes."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')
)


def starter_data(
    *,
    county: str | int | None = None,
    network: str | None = None,
    language: str = "nb",
    year: int | None = None,
    store_url: str = "sqlite:///casekit.sqlite",
) -> tuple[dict[str, Any], list[Municipality]]:
    """A starter cohort for a whole county or network, as data: the mapping and its municipalities."""
    if (county is None) == (network is None):
        raise ConfigError("cohort.config.init_choice")
    members = municipalities.in_county(county) if county is not None else municipalities.in_network(network)
    year = year or dt.date.today().year
    name = members[0].county_name if county is not None else members[0].network
    steps: dict[str, list[str]] = {}
    for info in notebooks.catalogue("participant"):
        if info.module and info.track != "politicians":  # the short track gets a cohort of its own
            steps.setdefault(info.step, []).append(info.id)
    start = dt.date(year, 9, 1)
    auto = isinstance(language, str) and language.strip().lower() == notebooks.AUTO
    language = notebooks.AUTO if auto else i18n.check_language(language)
    text = shared_language(language, [m.number for m in members])
    data = {
        "id": f"{municipalities.normalise(name).replace(' ', '-')}-{year}",
        "title": i18n.t("cohort.init.title", language=text, name=name, year=year),
        "language": _Quoted(language),
        **({"neutral_language": _Quoted("nb")} if auto else {}),
        "municipalities": [_Quoted(m.number) for m in members],
        "store_url": store_url,
        "min_group_size": 5,
        "hide_code": True,
        "schedule": [
            {"step": _Quoted(step), "date": start + dt.timedelta(weeks=2 * i), "notebooks": ids}
            for i, (step, ids) in enumerate(sorted(steps.items()))
        ],
    }
    return data, members


def starter_config(**kwargs: Any) -> str:
    """A starter ``cohort.yaml`` (see :func:`starter_data`), written as YAML by the YAML library with
    municipality numbers and steps quoted, and with comments that name the municipalities and say what to
    edit."""
    data, members = starter_data(**kwargs)
    language = shared_language(data["language"], [m.number for m in members])  # the comments' language
    name = members[0].county_name if kwargs.get("county") is not None else members[0].network

    def dump(keys: tuple[str, ...]) -> str:
        part = {k: data[k] for k in keys}
        return yaml.dump(part, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)

    names: list[str] = [""]
    for entry in (f"{m.number} {m.display_name()}" for m in members):  # never split a name across lines
        if names[-1] and len(names[-1]) + len(entry) > 94:
            names.append("")
        names[-1] += f"{entry}, " if entry else ""
    return "".join(
        [
            f"# {i18n.t('cohort.init.header', language=language, name=name)}\n",
            dump(("id", "title")),
            *(
                [f"# {i18n.t('cohort.init.auto_hint', language=language)}\n"]
                if "neutral_language" in data
                else []
            ),
            dump(("language", *(["neutral_language"] if "neutral_language" in data else []))),
            f"# {i18n.t('cohort.init.municipalities_hint', language=language)}\n",
            *(f"# {line.rstrip(', ')}\n" for line in names),
            dump(("municipalities", "store_url", "min_group_size", "hide_code")),
            f"# {i18n.t('cohort.init.schedule_hint', language=language)}\n",
            dump(("schedule",)),
        ]
    )
