"""The mutation test of visible self-checks for the follow-up sets (the method and the lists are in
test_self_checks.py; this second file lets pytest-xdist run the basic and follow-up halves on two workers)."""

from __future__ import annotations

import pytest

import test_self_checks as selfchecks


@pytest.fixture(scope="module")
def mutant_root(tmp_path_factory):
    yield from selfchecks.kernel_environment(tmp_path_factory)


@pytest.mark.parametrize("question", [selfchecks._param(q) for q in selfchecks.QUESTIONS
                                      if q.notebook.startswith("follow_up/")])
def test_visible_check_catches_typical_wrong_answers(question, mutant_root):
    selfchecks.check_question(question, mutant_root)
