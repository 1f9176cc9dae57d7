"""What the self-assessment holds about a person (see portal.accounts.personal_data)."""

from portal.accounts.personal_data import iso
from selfassessment.models import Answer, Attestation


def answers(user) -> list[dict]:
    rows = Answer.objects.filter(answered_by=user).select_related(
        "assessment__pharmacy", "assessment__questionnaire", "question", "choice"
    )
    return [
        {
            "pharmacy": a.assessment.pharmacy.name,
            "year": a.assessment.questionnaire.year,
            "question": a.question.text,
            "answer": a.choice.label,
            "answered_at": iso(a.answered_at),
        }
        for a in rows.order_by("answered_at")
    ]


def attestations(user) -> list[dict]:
    rows = Attestation.objects.filter(generated_by=user).select_related("assessment__pharmacy")
    return [
        {"pharmacy": a.assessment.pharmacy.name, "code": a.formatted_code, "name": a.pharmacist_name,
         "rpps": a.rpps, "generated_at": iso(a.generated_at)}
        for a in rows
    ]
