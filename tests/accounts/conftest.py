# The self-assessment fixtures, for the "Mes données" tests of answers given.
from tests.selfassessment.conftest import assessment, principles, questionnaire  # noqa: F401
