"""``casekit store``: one person's data on request (export, erase), retention purge and the audit trail.

Erasure and purge are the only deletions in an otherwise append-only store. Both are explicit choices
(``erase`` without ``--yes`` only shows what it would delete; ``purge`` needs ``--expired``) and both
leave a line in the audit trail, as does every export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from ... import i18n
from ...store import Erasure, Purge, default_actor, open_store
from .table import print_table


def _open(args: argparse.Namespace) -> Any:
    return open_store(args.store or None)


def _export_person(args: argparse.Namespace) -> int:
    data = _open(args).export_person(args.respondent, actor=args.actor)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not args.out:
        print(text, end="")
        return 0
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(i18n.t("store.cli.exported_person", respondent=args.respondent, count=len(data["submissions"])))
    print(target.resolve())
    return 0


def _print_erasure(result: Erasure) -> None:
    key = "store.cli.erased" if result.done else "store.cli.would_erase"
    print(i18n.t(key, respondent=result.respondent, submissions=result.submissions, answers=result.answers))
    for instrument, count in result.instruments.items():
        print(f"  {instrument}: {count}")


def _erase(args: argparse.Namespace) -> int:
    store = _open(args)
    if not args.yes:
        _print_erasure(store.erase(args.respondent, actor=args.actor, reason=args.reason, dry_run=True))
        print(i18n.t("store.cli.confirm_erase", respondent=args.respondent))
        return 1
    _print_erasure(store.erase(args.respondent, actor=args.actor, reason=args.reason))
    return 0


def _print_purge(result: Purge) -> None:
    key = "store.cli.purged" if result.done else "store.cli.would_purge"
    today = i18n.format_date(result.today)
    if not result.expired:
        print(i18n.t("store.cli.nothing_expired", today=today))
    for cohort, count in result.expired.items():
        print(i18n.t(key, cohort=cohort, submissions=count, today=today))
    if result.done and result.respondents:
        print(i18n.t("store.cli.purged_respondents", count=result.respondents))
    for cohort, until in result.kept.items():
        if until:
            print(i18n.t("store.cli.kept_until", cohort=cohort, date=until))
        else:
            print(i18n.t("store.cli.kept_no_date", cohort=cohort))
    if result.without_cohort:
        print(i18n.t("store.cli.without_cohort", count=result.without_cohort))


def _purge(args: argparse.Namespace) -> int:
    today = dt.date.fromisoformat(args.today) if args.today else None
    _print_purge(_open(args).purge_expired(today, actor=args.actor, dry_run=args.dry_run))
    return 0


def _audit(args: argparse.Namespace) -> int:
    entries = _open(args).audit()
    columns = ["id", "at", "actor", "action", "scope", "count", "reason"]
    rows = [
        [str(e.id), e.at.isoformat(timespec="seconds"), e.actor, e.action, e.scope, str(e.count), e.reason]
        for e in entries
    ]
    print_table(columns, rows)
    return 0


def _iso_date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None
    return text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "store", help="personal data in the response store: export, erase, retention purge, audit trail"
    )
    verbs = parser.add_subparsers(dest="action", required=True)

    def verb(name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help_text)
        sub.add_argument("--store", default="", help="store URL or SQLite file (default: CASEKIT_STORE_URL)")
        sub.add_argument("--actor", default=default_actor(), help="who does this, for the audit trail")
        sub.set_defaults(func=func)
        return sub

    export = verb("export-person", "everything stored about one person, as JSON", _export_person)
    export.add_argument("respondent")
    export.add_argument("--out", help="write the JSON to this file instead of printing it")
    erase = verb("erase", "delete one person's answers physically (audited)", _erase)
    erase.add_argument("respondent")
    erase.add_argument("--yes", action="store_true", help="really erase; without it, show what would go")
    erase.add_argument("--reason", default="", help="why, for the audit trail (e.g. a request's reference)")
    purge = verb("purge", "erase the cohorts whose retention date has passed (audited)", _purge)
    purge.add_argument("--expired", action="store_true", required=True, help="purge expired cohorts")
    purge.add_argument("--dry-run", action="store_true", help="show what would be erased, erase nothing")
    purge.add_argument("--today", type=_iso_date, help="the date to compare with (default: today)")
    verb("audit", "the audit trail: erasures, purges, exports and retention changes", _audit)
