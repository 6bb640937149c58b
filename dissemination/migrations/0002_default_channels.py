"""The channels a new installation starts with; the office renames, reorders, adds or deactivates them."""

from django.db import migrations

# Frozen here: later changes to DEFAULT_CHANNELS in the code do not rewrite history.
CHANNELS = [
    ("loa", "Loa truyền thanh", "lượt", "trên hệ thống loa truyền thanh"),
    ("web", "Trang thông tin điện tử", "tin, bài", "trên Trang thông tin điện tử"),
    ("hop-xom", "Họp xóm, thôn", "buổi", "tại các cuộc họp xóm, thôn"),
    ("mxh", "Zalo, mạng xã hội", "tin, bài", "trên Zalo, mạng xã hội"),
    ("pano", "Pa-nô, áp phích", "bộ", "pa-nô, áp phích"),
    ("hoi-nghi", "Hội nghị", "lượt", "lồng ghép tại hội nghị"),
    ("khac", "Hình thức khác", "lượt", "bằng hình thức khác"),
]


def create_channels(apps, schema_editor):
    Channel = apps.get_model("dissemination", "Channel")
    have = set(Channel.objects.values_list("code", flat=True))
    Channel.objects.bulk_create(
        Channel(code=code, name=name, unit=unit, phrase=phrase, order=order * 10)
        for order, (code, name, unit, phrase) in enumerate(CHANNELS, start=1)
        if code not in have
    )


def remove_unused_channels(apps, schema_editor):
    Channel = apps.get_model("dissemination", "Channel")
    Channel.objects.filter(code__in=[c[0] for c in CHANNELS], records__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("dissemination", "0001_initial")]

    operations = [migrations.RunPython(create_channels, remove_unused_channels)]
