"""Deterministic rules over the report model → list[Finding]; no LLM, no I/O."""

from __future__ import annotations

from nianbao.checker.crossyear import check_pair, consecutive, unmatched_prior
from nianbao.checker.narrative import check_narrative
from nianbao.checker.reading import check_reading
from nianbao.checker.regulation import check_regulation, check_regulation_text
from nianbao.checker.reuse import DEFAULT_THRESHOLD, check_reuse
from nianbao.checker.structure import check_deadline, check_labels, check_structure
from nianbao.checker.tables import check_applications, check_review, check_values
from nianbao.corpus.articles import ArticleIndex
from nianbao.model import Finding, Report

__all__ = ["check_pair", "check_report", "check_reports", "check_with_prior", "has_errors"]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def regulation_findings(report: Report, articles: ArticleIndex) -> list[Finding]:
    """regulation.* rules over the six parts and the text before part 一."""
    findings = check_regulation(report, articles)
    for f in check_regulation_text(report.meta.intro, articles, report.level, report.year):
        findings.append(f.model_copy(update={"where": "引言"}))
    return findings


def errors_first(findings: list[Finding]) -> list[Finding]:
    """Findings ordered errors, warnings, then infos (stable within each)."""
    return sorted(findings, key=lambda f: _SEVERITY_ORDER[f.severity])


def check_report(report: Report, articles: ArticleIndex | None = None) -> list[Finding]:
    """Every single-report rule (regulation rules when an article index is given), errors first."""
    findings = [
        *(regulation_findings(report, articles) if articles is not None else []),
        *check_values(report),
        *check_reading(report),
        *check_applications(report),
        *check_review(report),
        *check_narrative(report),
        *check_structure(report),
        *check_labels(report),
        *check_deadline(report),
    ]
    if report.meta.truncated:
        findings.append(Finding(rule="document.truncated", severity="info", message=(
            "文档内容不完整（存储副本被截断），缺失的部分和表格未作为错误报告。")))
    return errors_first(findings)


def check_with_prior(report: Report, previous: Report, threshold: float = DEFAULT_THRESHOLD) -> list[Finding]:
    """Cross-year rules and reuse.prior_year of a report against the previous year's."""
    return [*check_pair(previous, report), *check_reuse(previous, report, threshold)]


def check_reports(
    reports: list[Report], priors: list[Report] | None = None, threshold: float = DEFAULT_THRESHOLD,
    articles: ArticleIndex | None = None,
) -> list[list[Finding]]:
    """Check each report; cross-year and reuse rules against its previous year among `reports` or `priors`."""
    results: list[list[Finding]] = []
    for report in reports:
        findings = check_report(report, articles)
        previous = next((p for p in reports if p is not report and consecutive(p, report)), None)
        previous = previous or next((p for p in priors or [] if consecutive(p, report)), None)
        if previous is not None:
            findings.extend(check_with_prior(report, previous, threshold))
        elif (unmatched := unmatched_prior(report, [*reports, *(priors or [])])) is not None:
            findings.append(unmatched)
        results.append(errors_first(findings))
    return results


def has_errors(findings: list[Finding]) -> bool:
    """Any finding of error severity."""
    return any(f.severity == "error" for f in findings)
