"""Technology radars: build, vote on, aggregate, compare and publish municipal technology radars.

A leader group makes its own radar in a notebook, a county merges its municipalities' radars, and the
result is published as an image or a self-contained web page. Files from Thoughtworks' Build-Your-Own-Radar
(CSV and JSON) and Zalando's tech radar (``entries`` JSON) read and write without loss.

    >>> from casekit import radar
    >>> r = radar.sample_radar("2025")                       # the shipped sample, 51 technologies
    >>> ax = radar.plot_radar(r, language="en")              # numbered blips, legend per quadrant
    >>> radar.write(r, "radar.csv", format="byor-csv")       # BYOR reads this file as it is
    >>> group = radar.group_radar(radar.sample_ballots().query("municipality == '4228'"), r)
    >>> group.discuss_again()                                # close votes to talk about again
"""

from .charts import ballot_vs_group, consensus_chart, plot_radar, ring_spread, save
from .editions import (
    EDITION_INSTRUMENT,
    Edition,
    diff,
    history,
    load_editions,
    make_edition,
    missing_rationales,
    save_edition,
    with_statuses,
)
from .export import to_html, to_svg
from .io import FORMATS, detect_format, dumps, from_dict, read, read_text, to_dict, validate_file, write
from .layout import Layout, layout, outside_cell, overlaps
from .model import (
    STATUSES,
    Blip,
    Problem,
    Quadrant,
    Radar,
    RadarConfig,
    RadarError,
    Ring,
    default_config,
    match_key,
)
from .sample import agder_ballots, fill_store, sample_ballots, sample_editions, sample_radar
from .sanitise import ALLOWED_TAGS, plain_text, sanitise
from .votes import (
    BALLOT_INSTRUMENT,
    Ballot,
    CountyResult,
    GroupResult,
    ballot_of,
    ballots_frame,
    compare_ballot,
    consensus,
    county_from_ballots,
    county_radar,
    group_radar,
    load_ballots,
    median_ring,
    municipal_results,
    save_ballot,
    spread_of,
)

__all__ = [
    "ALLOWED_TAGS",
    "BALLOT_INSTRUMENT",
    "EDITION_INSTRUMENT",
    "FORMATS",
    "STATUSES",
    "Ballot",
    "Blip",
    "CountyResult",
    "Edition",
    "GroupResult",
    "Layout",
    "Problem",
    "Quadrant",
    "Radar",
    "RadarConfig",
    "RadarError",
    "Ring",
    "agder_ballots",
    "ballot_of",
    "ballot_vs_group",
    "ballots_frame",
    "compare_ballot",
    "consensus",
    "consensus_chart",
    "county_from_ballots",
    "county_radar",
    "default_config",
    "detect_format",
    "diff",
    "dumps",
    "fill_store",
    "from_dict",
    "group_radar",
    "history",
    "layout",
    "load_ballots",
    "load_editions",
    "make_edition",
    "match_key",
    "median_ring",
    "missing_rationales",
    "municipal_results",
    "outside_cell",
    "overlaps",
    "plain_text",
    "plot_radar",
    "read",
    "read_text",
    "ring_spread",
    "sample_ballots",
    "sample_editions",
    "sample_radar",
    "sanitise",
    "save",
    "save_ballot",
    "save_edition",
    "spread_of",
    "to_dict",
    "to_html",
    "to_svg",
    "validate_file",
    "with_statuses",
    "write",
]
