"""The rule registry. A new check is one new module here and one line in ``ALL_RULES``."""

from __future__ import annotations

from . import (
    cancelling_impact,
    coverage_threshold,
    cross_field,
    dependency_cycle,
    duplicate_measure_id,
    duplicate_result,
    evaluation_missing,
    evaluation_problem,
    impact_contradiction,
    impact_on_itself,
    inconsistent_kpi,
    inflated_claim,
    interaction_problem,
    kpi_behind,
    kpi_far_behind,
    missing_kpi,
    missing_plan_indicator,
    orphan_measure,
    plan_period,
    redundant_link,
    required_framework,
    result_missing,
    result_year,
    target_reached_early,
    unassessed_measure,
    uncovered_node,
    unknown_reference,
    unknown_result_target,
    unmitigated_impact,
    waivers,
)
from .base import Rule
from .input_problems import DUPLICATE_KEY, NORMALISED_INPUT, SCHEMA, UNREADABLE_FILE

ALL_RULES: tuple[Rule, ...] = (
    UNREADABLE_FILE,
    DUPLICATE_KEY,
    SCHEMA,
    NORMALISED_INPUT,
    duplicate_measure_id.RULE,
    unknown_reference.RULE,
    orphan_measure.RULE,
    required_framework.RULE,
    uncovered_node.RULE,
    coverage_threshold.RULE,
    waivers.RULE,
    cross_field.RULE,
    missing_kpi.RULE,
    plan_period.RULE,
    redundant_link.RULE,
    dependency_cycle.RULE,
    impact_contradiction.RULE,
    cancelling_impact.RULE,
    unmitigated_impact.RULE,
    unassessed_measure.RULE,
    inflated_claim.RULE,
    interaction_problem.RULE,
    impact_on_itself.RULE,
    kpi_behind.RULE,
    kpi_far_behind.RULE,
    result_missing.RULE,
    unknown_result_target.RULE,
    result_year.RULE,
    duplicate_result.RULE,
    target_reached_early.RULE,
    inconsistent_kpi.RULE,
    missing_plan_indicator.RULE,
    evaluation_missing.RULE,
    evaluation_problem.RULE,
)

_BY_KEY = {rule.code.upper(): rule for rule in ALL_RULES} | {
    rule.name.upper(): rule for rule in ALL_RULES
}


def rule_by_key(key: str) -> Rule | None:
    """A rule by its code (SA101) or name (duplicate-measure-id), case-insensitive."""
    return _BY_KEY.get(key.strip().upper())
