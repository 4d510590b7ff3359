"""Ruleset 2026.2 (ruleset-2026.2.md): reads intake/1 and intake/2. Work in progress: the rules are
2026.1's until the new and changed rules land."""

from .dose_table import DOSE_TABLE_2026_1
from .engine import DoseTable, Ruleset
from .ruleset_2026_1 import ASKED_PATHS as ASKED_PATHS_1
from .ruleset_2026_1 import RULES as RULES_2026_1
from .ruleset_2026_1 import SETTINGS as SETTINGS_2026_1

VERSION = "2026.2"

ASKED_PATHS_2 = {
    **ASKED_PATHS_1,
    "always": ASKED_PATHS_1["always"] + ("psychiatric.psychotic_disorder", "practical.ongoing_follow_up"),
}

RULESET_2026_2 = Ruleset(
    version=VERSION,
    settings=dict(SETTINGS_2026_1),
    dose_table=DoseTable(DOSE_TABLE_2026_1),
    rules=RULES_2026_1,
    asked_paths={"intake/1": ASKED_PATHS_1, "intake/2": ASKED_PATHS_2},
    formats=("intake/1", "intake/2"),
)
