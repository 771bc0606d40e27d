import pytest
from django.contrib.auth.models import Group

from core.roles import (
    CONTENT_EDITOR,
    PREVENT_OFFICER,
    SITE_ADMIN,
    TRAINING_ADMIN,
    setup_roles,
)

pytestmark = pytest.mark.django_db


def app_labels(role):
    group = Group.objects.get(name=role)
    return set(group.permissions.values_list("content_type__app_label", flat=True))


def test_roles_exist_after_migrate_and_setup_is_idempotent():
    setup_roles()
    setup_roles()
    assert (
        Group.objects.filter(
            name__in=[CONTENT_EDITOR, TRAINING_ADMIN, PREVENT_OFFICER, SITE_ADMIN]
        ).count()
        == 4
    )
    assert app_labels(SITE_ADMIN) == {"auth", "otp_totp", "axes", "core"}
    # Of the kernel's own models, only the email queue and the periodic jobs.
    core_models = Group.objects.get(name=SITE_ADMIN).permissions.filter(
        content_type__app_label="core"
    )
    assert set(core_models.values_list("content_type__model", flat=True)) == {
        "outboundemail",
        "jobrun",
    }
    assert app_labels(CONTENT_EDITOR) <= {"pages"}
    assert app_labels(TRAINING_ADMIN) <= {"training"}
    assert app_labels(PREVENT_OFFICER) <= {"referrals"}
