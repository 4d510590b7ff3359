import json
from pathlib import Path

import pytest

# A copy of ../shared/examples, kept in the repository so the suite runs from any checkout.
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"


@pytest.fixture
def example_document():
    """Load an example intake document by name (without .json)."""

    def load(name):
        return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))

    return load
