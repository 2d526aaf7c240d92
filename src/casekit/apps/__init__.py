"""Entry points: the ``casekit`` command, the demo, the Voilà app and the JupyterLab set-up.

This floor sits above everything else in casekit (domains, the cohort pipeline); nothing imports from it.
"""
