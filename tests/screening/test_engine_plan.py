"""The engine's precomputed plan (answer index, conditions, suppression applied at the end) gives
the result of the rules read literally: every rule in result order, its clauses in order, an answer
clause true when the answer is one of its values, a rule skipped when a raised rule suppresses it."""

import pytest

from screening.rules import RULESETS, evaluate
from screening.rules.engine import AnswerIn, Facts, LEVELS
from screening.samples import generate_documents


def literal_flags(doc, ruleset):
    facts = Facts(doc, ruleset)
    raised, flags = set(), []
    for rule in sorted(ruleset.rules, key=lambda rule: (LEVELS.index(rule.level), rule.code)):
        if raised.intersection(rule.unless):
            continue
        evidence = {}
        for clause in rule.clauses:
            if isinstance(clause, AnswerIn):
                section, _, key = clause.path.partition(".")
                value = (doc.get(section) or {}).get(key)
                found = {clause.path: value} if value is not None and value in clause.values else None
            else:
                found = clause(facts, ruleset.settings)
            evidence.update(found or {})
        if evidence:
            raised.add(rule.code)
            flags.append({"code": rule.code, "level": rule.level, "evidence": evidence})
    return flags


@pytest.mark.parametrize("version", sorted(RULESETS))
def test_the_flags_are_those_of_the_rules_read_literally(version):
    ruleset = RULESETS[version]
    documents = [doc for fmt in ruleset.formats for doc in generate_documents(400, seed=31, format=fmt)]
    for doc in documents:
        flags = evaluate(doc, ruleset)["flags"]
        expected = literal_flags(doc, ruleset)
        assert [flag["code"] for flag in flags] == [flag["code"] for flag in expected]
        for flag, literal in zip(flags, expected):
            assert flag == literal
            assert sorted(flag["evidence"]) == sorted(literal["evidence"])
