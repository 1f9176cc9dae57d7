"""The only doors from the tool kit to the self-assessment app (one place to stub in tests)."""

from selfassessment import services


def assessment_year_status(pharmacy, year) -> dict:
    """{assessment, submitted_at, attestation_generated_at, start_url, results_url,
    attestation_url} for this pharmacy and year (2 queries)."""
    return services.year_status(pharmacy, year)


def assessment_year_statuses(pharmacy_ids, year) -> dict[int, dict]:
    """`assessment_year_status` for many pharmacies, keyed by pharmacy id (2 queries in all)."""
    return services.year_statuses(pharmacy_ids, year)


def latest_theme_scores(pharmacy) -> list[dict]:
    """[{theme_number, theme_title, percent, change, band_label}] of the latest assessment."""
    return list(services.latest_theme_scores(pharmacy))
