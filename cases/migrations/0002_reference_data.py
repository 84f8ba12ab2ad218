from django.db import migrations

from cases.reference import reference_load


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    reference_load(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
