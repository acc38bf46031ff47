"""The registry of attribution rules: each finds candidate attributions in one parsed Doc.

:func:`~analysis.sourcing.extract.doc_attributions` runs every registered rule in order and
then merges, filters and resolves what they found. A new rule plugs in without editing the
extractor::

    @register_rule("poll_findings")
    def poll_findings(doc, verbs):
        return [...]  # Candidate objects
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from analysis.errors import InputError
from analysis.sourcing.candidates import Candidate
from analysis.sourcing.cue_phrases import (
    according_to_candidates,
    adjective_candidates,
    evidence_candidates,
    headline_candidates,
    nominal_candidates,
)
from analysis.sourcing.lexicons import ReportingVerbs
from analysis.sourcing.reported import verb_candidates

__all__ = ["RULES", "Rule", "register_rule", "rule_candidates"]

Rule = Callable[[Doc, ReportingVerbs], list[Candidate]]
#: Rules by name, in the order they run (the order decides which of two equal candidates stays).
RULES: dict[str, Rule] = {}


def register_rule(name: str) -> Callable[[Rule], Rule]:
    """Register ``func(doc, verbs) -> list[Candidate]`` as the attribution rule ``name``."""

    def decorate(func: Rule) -> Rule:
        RULES[name] = func
        return func

    return decorate


def rule_candidates(
    doc: Doc, verbs: ReportingVerbs, *, rules: Sequence[str] | None = None
) -> list[Candidate]:
    """Candidates of every registered rule (or of the named ``rules``), in registry order."""
    names = list(RULES) if rules is None else list(rules)
    unknown = sorted(set(names) - set(RULES))
    if unknown:
        raise InputError(f"unknown attribution rule(s) {unknown}; registered: {list(RULES)}")
    return [candidate for name in names for candidate in RULES[name](doc, verbs)]


register_rule("reporting_verbs")(verb_candidates)
register_rule("according_to")(lambda doc, verbs: according_to_candidates(doc))
register_rule("nominal")(nominal_candidates)
register_rule("adjectives")(adjective_candidates)
register_rule("evidence")(evidence_candidates)
register_rule("headlines")(lambda doc, verbs: headline_candidates(doc))
