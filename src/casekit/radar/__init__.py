"""Technology radars: build, vote on, aggregate, compare and publish municipal technology radars.

A leader group makes its own radar in a notebook, a county merges its municipalities' radars, and the
result is published as an image or a self-contained web page. Files from Thoughtworks' Build-Your-Own-Radar
(CSV and JSON) and Zalando's tech radar (``entries`` JSON) read and write without loss.

A notebook calls the workbook's steps with its session::

    >>> import casekit
    >>> from casekit import radar
    >>> wb = casekit.setup("nb", "4228")
    >>> sample = radar.sample_radar("2025")                  # the shipped sample, 51 technologies
    >>> radar.radar_chart(wb, sample)                        # numbered blips, legend per quadrant
    >>> radar.ballot(wb, sample)                             # the participant's ballot widget

Other code imports the pieces from their modules: :mod:`~casekit.radar.reading` and
:mod:`~casekit.radar.writing` (files), :mod:`~casekit.radar.votes` (ballots, group and county radars),
:mod:`~casekit.radar.editions`, :mod:`~casekit.radar.charts` and :mod:`~casekit.radar.export`.
"""

from . import workbook
from .workbook import *  # noqa: F403  (the notebook helpers are the package's public names)

__all__ = workbook.__all__
