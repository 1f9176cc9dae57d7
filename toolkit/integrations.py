"""The only doors from the tool kit to the self-assessment app.

`selfassessment.services` is built in parallel; until it exists these return neutral values,
so the dashboard, the checklist and the reminders work (and are tested) on their own.
"""


def assessment_year_status(pharmacy, year) -> dict | None:
    """{assessment, submitted_at, attestation_generated_at, start_url, results_url,
    attestation_url} for this pharmacy and year, or None when the app is not there."""
    try:
        from selfassessment.services import year_status
    except ImportError:
        return None
    return year_status(pharmacy, year)


def latest_theme_scores(pharmacy) -> list[dict]:
    """[{theme_number, theme_title, percent, change, band_label}] of the latest assessment."""
    try:
        from selfassessment.services import latest_theme_scores as scores
    except ImportError:
        return []
    return list(scores(pharmacy))
