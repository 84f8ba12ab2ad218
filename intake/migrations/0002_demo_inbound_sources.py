"""Demo inbound sources, so tests and `make demo` have counterparts to sign with.

Production replaces each secret in the admin (对接来源) before opening the door.
"""

from django.db import migrations

from core import crypto

SOURCES = [
    ("hotline-12345", "12345政务服务便民热线", "hotline_12345"),
    ("petition-bureau", "青海省信访局", "petition_bureau"),
]


def create(apps, schema_editor):
    InboundSource = apps.get_model("intake", "InboundSource")
    for key, name, channel in SOURCES:
        InboundSource.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "channel": channel,
                "secret_encrypted": crypto.encrypt(f"demo-{key}-secret"),
            },
        )


def remove(apps, schema_editor):
    InboundSource = apps.get_model("intake", "InboundSource")
    InboundSource.objects.filter(key__in=[key for key, _, _ in SOURCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
