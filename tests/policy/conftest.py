"""Workspace fixtures: the policy team, an editor outside it, and a consultation with a
response being drafted."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from policy import actions
from policy.models import Answer, Consultation, Organisation, Question, Response

PASSWORD = "a-long-test-password-1"


def make_user(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", PASSWORD, first_name=username.title()
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def policy_user(db, django_user_model):
    return make_user(django_user_model, "polly", "Policy team")


@pytest.fixture
def other_policy_user(db, django_user_model):
    return make_user(django_user_model, "rita", "Policy team")


@pytest.fixture
def editor(db, django_user_model):
    """A communications editor: may use the admin and edit pages, not the workspace."""
    return make_user(django_user_model, "eddie", "Editors", "Moderators")


@pytest.fixture
def ministry(policy_user):
    return actions.save_record(
        Organisation(name="Ministry of Justice", kind=Organisation.Kind.DEPARTMENT),
        user=policy_user,
    )


@pytest.fixture
def consultation(policy_user, ministry):
    record = actions.save_record(
        Consultation(
            title="Sentencing of pregnant women and mothers",
            organisation=ministry,
            summary="How courts should take pregnancy and motherhood into account.",
            opens=date.today() - timedelta(days=20),
            closes=timezone.now() + timedelta(days=10),
            owner=policy_user,
            status=Consultation.Status.DRAFTING,
        ),
        user=policy_user,
    )
    for number, text in enumerate(
        [
            "Should pregnancy be a mitigating factor in sentencing?",
            "How should courts find out whether a woman has dependent children?",
            "What support should be in place before a custodial sentence?",
        ],
        start=1,
    ):
        actions.save_record(
            Question(consultation=record, number=number, text=text), user=policy_user
        )
    return record


@pytest.fixture
def response(consultation, policy_user):
    record = actions.save_record(
        Response(consultation=consultation, lead_author=policy_user), user=policy_user
    )
    for question in consultation.questions.all():
        actions.save_record(
            Answer(response=record, question=question, owner=policy_user), user=policy_user
        )
    return record


@pytest.fixture
def answer(response):
    return response.answers.select_related("question").get(question__number=1)
