"""Three indexes of quizzes_memorystate and one of quizzes_attempt that others already cover
(their first columns): dropped by name, without dropping and validating again the foreign keys,
which is what the AlterField alone would do on PostgreSQL (a scan of each table under lock)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

DROPPED = [
    ("quizzes_attempt_course_id_39ceea19", 'quizzes_attempt ("course_id")'),
    ("quizzes_memorystate_course_id_3dbe6edd", 'quizzes_memorystate ("course_id")'),
    ("quizzes_memorystate_due_a4b99fe7", 'quizzes_memorystate ("due")'),
    ("quizzes_memorystate_student_id_2a077049", 'quizzes_memorystate ("student_id")'),
]


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0010_confidence_relearning_stable_mastery'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=[f"DROP INDEX IF EXISTS {name}" for name, _ in DROPPED],
                    reverse_sql=[f"CREATE INDEX {name} ON {table}" for name, table in DROPPED],
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='attempt',
                    name='course',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='quizzes.course'),
                ),
                migrations.AlterField(
                    model_name='memorystate',
                    name='course',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='memory_states', to='quizzes.course'),
                ),
                migrations.AlterField(
                    model_name='memorystate',
                    name='due',
                    field=models.DateTimeField(default=django.utils.timezone.now),
                ),
                migrations.AlterField(
                    model_name='memorystate',
                    name='student',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='memory_states', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
