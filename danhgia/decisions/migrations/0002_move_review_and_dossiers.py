"""Steps 3a-3c leave the decisions app: their tables move to the review and dossiers apps.

The rows stay where they are; only the tables are renamed and the models' state moves (the
review and dossiers apps' first migrations take the state over without touching the database).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="stagescore", table="review_stagescore"),
                migrations.AlterModelTable(name="stagecriterionscore", table="review_stagecriterionscore"),
                migrations.AlterModelTable(name="keytaskassessment", table="review_keytaskassessment"),
                migrations.AlterModelTable(name="reviewmeeting", table="dossiers_reviewmeeting"),
                migrations.AlterModelTable(name="dossier", table="dossiers_dossier"),
                migrations.AlterModelTable(name="dossierdocument", table="dossiers_dossierdocument"),
            ],
            state_operations=[
        migrations.RemoveField(model_name="dossierdocument", name="dossier"),
        migrations.RemoveField(model_name="dossierdocument", name="added_by"),
        migrations.RemoveField(model_name="keytaskassessment", name="by"),
        migrations.RemoveField(model_name="keytaskassessment", name="task"),
        migrations.RemoveField(model_name="reviewmeeting", name="period"),
        migrations.RemoveField(model_name="reviewmeeting", name="recorded_by"),
        migrations.RemoveField(model_name="reviewmeeting", name="unit"),
        migrations.RemoveField(model_name="stagecriterionscore", name="stage_score"),
        migrations.RemoveField(model_name="stagescore", name="by"),
        migrations.RemoveField(model_name="stagescore", name="evaluation"),
        migrations.DeleteModel(name="Dossier"),
        migrations.DeleteModel(name="DossierDocument"),
        migrations.DeleteModel(name="KeyTaskAssessment"),
        migrations.DeleteModel(name="ReviewMeeting"),
        migrations.DeleteModel(name="StageCriterionScore"),
        migrations.DeleteModel(name="StageScore"),
            ],
        ),
    ]
