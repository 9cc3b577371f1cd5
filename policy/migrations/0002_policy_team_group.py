"""The "Policy team" group, with exactly what the workspace needs: the Wagtail admin, the
workspace and its records, and choosing documents to cite as evidence."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Policy team"
RECORDS = [
    "organisation",
    "consultation",
    "question",
    "response",
    "answer",
    "reviewcomment",
    "responseversion",
    "evidenceitem",
    "citation",
    "coalition",
    "coalitionactivity",
    "engagement",
]


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("policy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [
        f"{action}_{model}" for model in RECORDS for action in ("add", "change", "delete", "view")
    ]
    codenames += ["access_workspace", "publish_response"]
    permissions = list(
        Permission.objects.filter(content_type__app_label="policy", codename__in=codenames)
    )
    permissions.append(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    group.permissions.set(permissions)

    root = Collection.objects.filter(depth=1).first()
    choose = Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename="choose_document"
    ).first()
    if root and choose:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=choose
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        # After Wagtail gives every existing group image choosing: this group needs none.
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtailcore", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
