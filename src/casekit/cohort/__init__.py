"""The trainer's cohort pipeline: config, prepare, links, status, report, the gathering-day kit and export.

The cohort package orchestrates the rest of casekit; nothing else imports from it.
"""

from .config import CohortConfig, Participant, ScheduleItem, load_config, starter_config

__all__ = ["CohortConfig", "Participant", "ScheduleItem", "load_config", "starter_config"]
