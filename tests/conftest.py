import json
from pathlib import Path

import pytest

EXAMPLES_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "examples"


@pytest.fixture
def example_document():
    """Load an example intake document by name (without .json)."""

    def load(name):
        return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))

    return load
