"""The store's records as JSON, the way the hub service sends them and its client reads them.

Both ends live in casekit, so the format is plain: a :class:`~casekit.store.Submission` is an object with
its fields (``created_at`` in ISO 8601), and tidy answers travel in columns: the submissions once each,
then the answers as three parallel lists (submission id, item, value). The service writes each value as
the JSON text the database holds, without decoding it, so a national cohort's 600,000 answers go out in a
fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .base import TIDY_COLUMNS, AuditEntry, Erasure, Purge, Snapshot, Submission

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The submission columns of the tidy frame, in the order the rows carry them.
SUBMISSION_COLUMNS = TIDY_COLUMNS[:8]
RESPONDENT_COLUMNS = ["respondent", "municipality", "role", "created_at"]


def _time(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.datetime | dt.date) else str(value)


def submission_json(sub: Submission) -> dict[str, Any]:
    return {
        "id": sub.id,
        "respondent": sub.respondent,
        "municipality": sub.municipality,
        "role": sub.role,
        "instrument": sub.instrument,
        "version": sub.version,
        "status": sub.status,
        "created_at": _time(sub.created_at),
        "answers": sub.answers,
        "meta": sub.meta,
        "cohort": sub.cohort,
    }


def submission_from_json(data: Mapping[str, Any]) -> Submission:
    return Submission(
        int(data["id"]),
        data["respondent"],
        data.get("municipality"),
        data.get("role"),
        data["instrument"],
        str(data.get("version", "1")),
        data["status"],
        dt.datetime.fromisoformat(data["created_at"]),
        dict(data.get("answers") or {}),
        dict(data.get("meta") or {}),
        data.get("cohort"),
    )


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": _time(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "scope": entry.scope,
        "count": entry.count,
        "reason": entry.reason,
    }


def audit_from_json(data: Mapping[str, Any]) -> AuditEntry:
    return AuditEntry(
        int(data["id"]),
        dt.datetime.fromisoformat(data["at"]),
        data["actor"],
        data["action"],
        data["scope"],
        int(data["count"]),
        data.get("reason") or "",
    )


def erasure_json(result: Erasure) -> dict[str, Any]:
    return {
        "respondent": result.respondent,
        "submissions": result.submissions,
        "answers": result.answers,
        "instruments": result.instruments,
        "done": result.done,
    }


def erasure_from_json(data: Mapping[str, Any]) -> Erasure:
    return Erasure(
        data["respondent"],
        int(data["submissions"]),
        int(data["answers"]),
        {str(k): int(v) for k, v in data["instruments"].items()},
        bool(data["done"]),
    )


def purge_json(result: Purge) -> dict[str, Any]:
    return {
        "today": result.today.isoformat(),
        "expired": result.expired,
        "respondents": result.respondents,
        "without_cohort": result.without_cohort,
        "kept": result.kept,
        "done": result.done,
    }


def purge_from_json(data: Mapping[str, Any]) -> Purge:
    return Purge(
        dt.date.fromisoformat(data["today"]),
        {str(k): int(v) for k, v in data["expired"].items()},
        int(data["respondents"]),
        int(data["without_cohort"]),
        dict(data["kept"]),
        bool(data["done"]),
    )


# --- tidy answers ------------------------------------------------------------------------------------------


def tidy_json(sub_rows: Sequence[Sequence[Any]], answer_rows: Sequence[tuple[int, str, str]]) -> str:
    """Tidy answers as JSON text, from the rows the SQL store reads (values as their JSON text, which is
    spliced in as it is)."""
    ids = [row[0] for row in answer_rows]
    items = [row[1] for row in answer_rows]
    values = ",".join(row[2] for row in answer_rows)
    subs = [[_time(v) if i == 7 else v for i, v in enumerate(row)] for row in sub_rows]
    return (
        f'{{"columns":{json.dumps(TIDY_COLUMNS)},"submission_columns":{json.dumps(SUBMISSION_COLUMNS)},'
        f'"submissions":{json.dumps(subs, ensure_ascii=False)},'
        f'"answers":{{"submission_id":{json.dumps(ids)},"item":{json.dumps(items, ensure_ascii=False)},'
        f'"value":[{values}]}}}}'
    )


def tidy_frame(data: Mapping[str, Any]) -> pd.DataFrame:
    """The tidy frame (:data:`~casekit.store.TIDY_COLUMNS`) from :func:`tidy_json`'s data."""
    answers = data["answers"]
    return build_tidy(data["submissions"], answers["submission_id"], answers["item"], answers["value"])


def build_tidy(
    sub_rows: Sequence[Sequence[Any]], answer_ids: Sequence[int], items: Sequence[str], values: Sequence[Any]
) -> pd.DataFrame:
    """The tidy frame: each answer with its submission's columns. Built column by column (the submission
    columns once per submission, then spread by id), so 600,000 answers take well under a second."""
    import pandas as pd

    columns = SUBMISSION_COLUMNS
    subs = pd.DataFrame(dict(zip(columns, zip(*sub_rows))) if sub_rows else [], columns=columns)
    subs["created_at"] = pd.to_datetime(subs["created_at"], format="ISO8601", utc=True)
    for col in columns[1:7]:
        subs[col] = subs[col].astype("string")
    ids = pd.Series(answer_ids, dtype="int64")
    frame = subs.set_index("submission_id").reindex(ids.to_numpy()).reset_index()
    frame["submission_id"] = ids
    frame["item"] = pd.Series(items, dtype="string")
    frame["value"] = pd.Series(list(values), dtype=object)
    return frame[TIDY_COLUMNS]


def respondents_json(frame: pd.DataFrame) -> dict[str, Any]:
    rows = [[_time(v) if isinstance(v, dt.datetime) else v for v in row] for row in frame.to_numpy().tolist()]
    rows = [[None if v != v else v for v in row] for row in rows]  # NaN (a missing value) as null
    return {"columns": RESPONDENT_COLUMNS, "rows": rows}


def respondents_frame(data: Mapping[str, Any]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(data["rows"], columns=RESPONDENT_COLUMNS)


def snapshot_json(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "id": snapshot.id,
        "cohort": snapshot.cohort,
        "kind": snapshot.kind,
        "created_at": _time(snapshot.created_at),
        "actor": snapshot.actor,
        "respondents": snapshot.respondents,
        "data": snapshot.data,
    }


def snapshot_from_json(data: Mapping[str, Any]) -> Snapshot:
    return Snapshot(
        int(data["id"]),
        data.get("cohort"),
        data["kind"],
        dt.datetime.fromisoformat(data["created_at"]),
        data["actor"],
        int(data.get("respondents") or 0),
        dict(data.get("data") or {}),
    )


def frame_json(frame: pd.DataFrame) -> dict[str, Any]:
    """A small frame as columns and rows (times in ISO 8601, a missing value as null)."""
    rows = [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return {"columns": [str(c) for c in frame.columns], "rows": rows}


def _plain(value: Any) -> Any:
    """A frame's cell as JSON: numpy numbers as numbers, times as text, pandas' missing values as null."""
    if value is None or isinstance(value, str | bool | int | list | dict):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return _time(value)
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
        return None if isinstance(value, float) and value != value else value
    if isinstance(value, float):
        return None if value != value else value
    return None if str(value) in ("<NA>", "NaT") else value


def frame_from_json(data: Mapping[str, Any]) -> pd.DataFrame:
    """The frame of :func:`frame_json`; tidy answers come back with the dtypes of ``Store.answers()``."""
    import pandas as pd

    columns, rows = list(data["columns"]), data["rows"]
    if columns != list(TIDY_COLUMNS):
        return pd.DataFrame(rows, columns=columns)
    n = len(SUBMISSION_COLUMNS)
    subs = list({row[0]: row[:n] for row in rows}.values())
    return build_tidy(subs, [r[0] for r in rows], [r[n] for r in rows], [r[n + 1] for r in rows])
