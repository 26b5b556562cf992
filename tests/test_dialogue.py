"""The dialogue paths, as Rasa test stories on the trained model.

They run with the Rasa patches installed, as `ftbot run` runs, and once more without them
(RASA_PATCHES=off), so the patches cannot hide a path that Rasa as released would take.
"""

from __future__ import annotations

import pytest

from tests.support.assistant import ftbot, needs_model

pytestmark = [needs_model, pytest.mark.slow]


@pytest.mark.parametrize("patches", ["on", "off"])
def test_the_test_stories_pass_without_a_single_prediction_error(tmp_path, patches):
    result = ftbot("stories", "--out", str(tmp_path), database_url=f"sqlite:///{tmp_path}/x.db",
                   timeout=600, RASA_PATCHES=patches)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert f"Rasa patches: {patches}" in output
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()
