"""The sample municipal IT landscape and synthetic landscapes of any size.

The sample has the systems a Norwegian municipality typically runs, by generic role, and the national
platforms it depends on. Vendor names are neutral examples of products in a role, not recommendations.
Which internal integrations already go through the integration platform is drawn with a fixed seed, so
``casekit datasets build --check`` regenerates the files byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SYSTEM_COLUMNS = ["id", "name_nb", "name_en", "name_nn", "role", "kind", "platform", "vendor_examples"]
INTEGRATION_COLUMNS = ["id", "source", "target", "entity", "kind", "via", "direction"]
LOCAL_PLATFORM = "integration_platform"
NATIONAL_PLATFORM = "ks_fiks"
#: Share of internal one-way integrations that already run through the local platform in the sample.
PLATFORM_SHARE = 0.35

# id, name (nb), name (en), role, kind, can route integrations, neutral vendor examples; the nynorsk name is
# in _NAMES_NN where it differs from the bokmål one
_SYSTEMS: list[tuple[str, str, str, str, str, bool, str]] = [
    ("ehr_care", "EPJ pleie og omsorg", "Care EHR", "care", "municipal", False, "Visma Profil; Gerica"),
    (
        "ehr_health_centre",
        "EPJ helsestasjon og skolehelse",
        "Child and school health EHR",
        "care",
        "municipal",
        False,
        "",
    ),
    (
        "welfare_tech",
        "Velferdsteknologiplattform",
        "Welfare technology platform",
        "care",
        "municipal",
        False,
        "",
    ),
    (
        "social_services",
        "Fagsystem sosiale tjenester",
        "Social services system",
        "welfare",
        "municipal",
        False,
        "",
    ),
    ("child_welfare", "Barnevernsystem", "Child welfare system", "welfare", "municipal", False, ""),
    ("ppt", "PPT-fagsystem", "Educational-psychological service system", "education", "municipal", False, ""),
    (
        "case_archive",
        "Sak/arkiv",
        "Case and archive",
        "archive",
        "municipal",
        False,
        "Elements; Public 360; WebSak",
    ),
    (
        "archive_depot",
        "Depot og langtidsbevaring",
        "Long-term archive repository",
        "archive",
        "municipal",
        False,
        "",
    ),
    ("hr", "HR og personal", "HR", "administration", "municipal", False, "Visma Enterprise"),
    ("payroll", "Lønn", "Payroll", "administration", "municipal", False, "Visma Enterprise"),
    ("rostering", "Turnus og bemanning", "Rostering", "administration", "municipal", False, "GAT"),
    (
        "finance",
        "Økonomi og regnskap",
        "Finance and accounting",
        "administration",
        "municipal",
        False,
        "Visma; Unit4",
    ),
    (
        "procurement",
        "Innkjøp og e-handel",
        "Procurement and e-commerce",
        "administration",
        "municipal",
        False,
        "",
    ),
    (
        "billing",
        "Fakturering av kommunale avgifter",
        "Municipal fee billing",
        "administration",
        "municipal",
        False,
        "",
    ),
    ("property_tax", "Eiendomsskatt", "Property tax", "technical", "municipal", False, ""),
    (
        "school_admin",
        "Skoleadministrasjon",
        "School administration",
        "education",
        "municipal",
        False,
        "Visma Flyt Skole; IST",
    ),
    (
        "kindergarten_admin",
        "Barnehageadministrasjon",
        "Kindergarten administration",
        "education",
        "municipal",
        False,
        "Visma Flyt Barnehage",
    ),
    ("lms", "Læringsplattform", "Learning platform", "education", "municipal", False, "itslearning"),
    ("building_permits", "Byggesak", "Building permits", "technical", "municipal", False, "Komtek; ISY"),
    ("gis", "GIS og kart", "GIS and maps", "technical", "municipal", False, "ISY; Gisline"),
    ("water_sewage", "Vann og avløp", "Water and sewage", "technical", "municipal", False, "Gemini"),
    ("eforms", "E-skjema", "E-forms", "citizen", "municipal", False, ""),
    (
        "website",
        "Nettside og innbyggerportal",
        "Website and citizen portal",
        "citizen",
        "municipal",
        False,
        "",
    ),
    (
        "identity",
        "Brukerkatalog og tilgangsstyring",
        "Directory and access management",
        "infrastructure",
        "municipal",
        False,
        "Microsoft Entra ID",
    ),
    ("booking", "Booking av lokaler", "Venue booking", "citizen", "municipal", False, ""),
    (
        "data_platform",
        "Dataplattform og analyse",
        "Data platform and analytics",
        "infrastructure",
        "municipal",
        False,
        "",
    ),
    (
        LOCAL_PLATFORM,
        "Integrasjonsplattform",
        "Integration platform",
        "infrastructure",
        "municipal",
        True,
        "",
    ),
    ("id_porten", "ID-porten", "ID-porten", "national", "national", False, "Digdir"),
    ("altinn", "Altinn", "Altinn", "national", "national", False, "Digdir"),
    (NATIONAL_PLATFORM, "KS Fiks", "KS Fiks", "national", "national", True, "KS"),
    ("helsenorge", "Helsenorge", "Helsenorge", "national", "national", False, "Norsk helsenett"),
    (
        "folkeregisteret",
        "Folkeregisteret",
        "National Population Register",
        "national",
        "national",
        False,
        "Skatteetaten",
    ),
    ("matrikkelen", "Matrikkelen", "Cadastre", "national", "national", False, "Kartverket"),
    (
        "nhn",
        "Meldingsutveksling i helsenettet",
        "Health network messaging",
        "national",
        "national",
        False,
        "Norsk helsenett",
    ),
]

# source, target, entity, direction; "fiks" marks person data that goes through KS Fiks
_FLOWS: list[tuple[str, str, str, str]] = [
    ("hr", "payroll", "employee", "one-way"),
    ("hr", "identity", "employee", "one-way"),
    ("hr", "rostering", "employee", "one-way"),
    ("rostering", "payroll", "time", "one-way"),
    ("payroll", "finance", "payroll_posting", "one-way"),
    ("payroll", "altinn", "employer_report", "one-way"),
    ("procurement", "finance", "invoice", "one-way"),
    ("billing", "finance", "ledger", "one-way"),
    ("property_tax", "billing", "fee", "one-way"),
    ("water_sewage", "billing", "fee", "one-way"),
    ("kindergarten_admin", "billing", "fee", "one-way"),
    ("school_admin", "billing", "fee", "one-way"),
    ("ehr_care", "billing", "fee", "one-way"),
    ("booking", "billing", "fee", "one-way"),
    ("folkeregisteret", "school_admin", "person", "fiks"),
    ("folkeregisteret", "kindergarten_admin", "person", "fiks"),
    ("folkeregisteret", "ehr_care", "person", "fiks"),
    ("folkeregisteret", "ehr_health_centre", "person", "fiks"),
    ("folkeregisteret", "case_archive", "person", "fiks"),
    ("folkeregisteret", "billing", "person", "fiks"),
    ("matrikkelen", "gis", "property", "one-way"),
    ("gis", "building_permits", "property", "one-way"),
    ("gis", "property_tax", "property", "one-way"),
    ("gis", "water_sewage", "map", "one-way"),
    ("gis", "website", "map", "one-way"),
    ("building_permits", "matrikkelen", "building", "one-way"),
    ("building_permits", "property_tax", "building", "one-way"),
    ("altinn", "building_permits", "application", "one-way"),
    ("eforms", "ehr_care", "application", "one-way"),
    ("building_permits", "case_archive", "document", "one-way"),
    ("social_services", "case_archive", "document", "one-way"),
    ("ppt", "case_archive", "document", "one-way"),
    ("kindergarten_admin", "case_archive", "document", "one-way"),
    ("eforms", "case_archive", "document", "one-way"),
    ("case_archive", "archive_depot", "document", "one-way"),
    ("child_welfare", "archive_depot", "document", "one-way"),
    ("case_archive", NATIONAL_PLATFORM, "letter", "one-way"),
    (NATIONAL_PLATFORM, "case_archive", "incoming_mail", "one-way"),
    ("ehr_care", "nhn", "health_message", "two-way"),
    ("ehr_health_centre", "nhn", "health_message", "two-way"),
    ("ehr_care", "helsenorge", "citizen_message", "two-way"),
    ("ehr_health_centre", "helsenorge", "citizen_message", "two-way"),
    ("welfare_tech", "ehr_care", "care_event", "one-way"),
    ("ehr_care", "rostering", "workload", "one-way"),
    ("school_admin", "lms", "student", "one-way"),
    ("school_admin", "identity", "student", "one-way"),
    ("identity", "lms", "account", "one-way"),
    ("eforms", "id_porten", "authentication", "two-way"),
    ("kindergarten_admin", "id_porten", "authentication", "two-way"),
    ("school_admin", "id_porten", "authentication", "two-way"),
    ("booking", "id_porten", "authentication", "two-way"),
    ("social_services", "finance", "payment", "one-way"),
    ("child_welfare", "finance", "payment", "one-way"),
    ("finance", "altinn", "tax_report", "one-way"),
    ("finance", "data_platform", "ledger", "one-way"),
    ("hr", "data_platform", "employee", "one-way"),
    ("ehr_care", "data_platform", "activity", "one-way"),
    ("school_admin", "data_platform", "student", "one-way"),
]


#: Nynorsk names of the systems whose name is not the same in bokmål.
_NAMES_NN = {
    "ehr_health_centre": "EPJ helsestasjon og skulehelse",
    "social_services": "Fagsystem sosiale tenester",
    "payroll": "Løn",
    "finance": "Økonomi og rekneskap",
    "property_tax": "Eigedomsskatt",
    "school_admin": "Skuleadministrasjon",
    "building_permits": "Byggjesak",
    "water_sewage": "Vatn og avløp",
    "website": "Nettside og innbyggjarportal",
    "identity": "Brukarkatalog og tilgangsstyring",
    "booking": "Booking av lokale",
}


def sample_systems(seed: int = 0) -> pd.DataFrame:
    """The systems of the sample landscape (``seed`` is accepted for the dataset registry; unused)."""
    import pandas as pd

    frame = pd.DataFrame(_SYSTEMS, columns=[c for c in SYSTEM_COLUMNS if c != "name_nn"])
    frame.insert(
        SYSTEM_COLUMNS.index("name_nn"), "name_nn", frame["id"].map(_NAMES_NN).fillna(frame["name_nb"])
    )
    frame["platform"] = frame["platform"].map({True: "true", False: "false"})
    return frame


def sample_integrations(seed: int = 2024) -> pd.DataFrame:
    """The integrations of the sample: person data through KS Fiks, a seeded share of internal one-way
    flows through the local integration platform, and the rest point to point."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    kinds = {row[0]: row[4] for row in _SYSTEMS}
    rows = []
    for number, (source, target, entity, direction) in enumerate(_FLOWS, start=1):
        internal = kinds[source] == "municipal" and kinds[target] == "municipal"
        if direction == "fiks":
            kind, via, direction = "platform", NATIONAL_PLATFORM, "one-way"
        elif internal and direction == "one-way" and rng.random() < PLATFORM_SHARE:
            kind, via = "platform", LOCAL_PLATFORM
        else:
            kind, via = "p2p", ""
        rows.append([f"i{number:03d}", source, target, entity, kind, via, direction])
    return pd.DataFrame(rows, columns=INTEGRATION_COLUMNS)


ENTITIES = sorted({flow[2] for flow in _FLOWS})


def synthetic_frames(
    n: int = 300, *, seed: int = 7, degree: float = 2.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic landscape of ``n`` systems (for benchmarks and tests): about ``degree`` integrations per
    system, one-way flows only from older to newer systems (so no entity cycles), a third of them through
    the integration platform."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    roles = sorted({row[3] for row in _SYSTEMS if row[4] == "municipal"})
    systems = [
        [
            LOCAL_PLATFORM,
            "Integrasjonsplattform",
            "Integration platform",
            "Integrasjonsplattform",
            "infrastructure",
            "municipal",
            "true",
            "",
        ]
    ]
    for i in range(1, n):
        national = i % 25 == 0
        systems.append(
            [
                f"s{i:04d}",
                f"System {i}",
                f"System {i}",
                f"System {i}",
                "national" if national else roles[i % len(roles)],
                "national" if national else "municipal",
                "false",
                "",
            ]
        )
    rows = []
    count = 0
    for i in range(2, n):
        for j in sorted(set(rng.integers(1, i, size=int(rng.poisson(degree)) + 1).tolist())):
            count += 1
            via = rng.random() < 1 / 3
            rows.append(
                [
                    f"i{count:05d}",
                    f"s{j:04d}",
                    f"s{i:04d}",
                    ENTITIES[int(rng.integers(len(ENTITIES)))],
                    "platform" if via else "p2p",
                    LOCAL_PLATFORM if via else "",
                    "one-way",
                ]
            )
    return pd.DataFrame(systems, columns=SYSTEM_COLUMNS), pd.DataFrame(rows, columns=INTEGRATION_COLUMNS)
