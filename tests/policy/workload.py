"""A growing workspace for the query-count tests and the benchmark: consultations spread
over the deadline bands, each with a drafted response, built through ``actions.save_record``
so every row has its real history."""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from policy import actions
from policy.models import Answer, Consultation, Question, Response

ANSWER_STATUSES = [
    Answer.Status.NOT_STARTED,
    Answer.Status.DRAFTING,
    Answer.Status.READY,
    Answer.Status.APPROVED,
]
PARAGRAPH = (
    "<p>Courts should be told when a woman is pregnant or has dependent children, and a "
    "pre-sentence report should say what a custodial sentence would mean for them.</p>"
)


@contextmanager
def search_index_paused():
    """Build data without updating the search index as each record is saved: indexing is
    most of a save's cost on SQLite, and not what the pages built on this data read."""
    backends = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield


def add_questions(consultation, response, count, *, users, start=1, author=None, turn=0):
    """Questions `start`..`start+count-1` on `consultation`, each with an answer in
    `response` owned in turn by each of `users`, in turn in each answer status (from
    `turn`, so that one-question consultations vary too)."""
    author = author or users[0]
    answers = []
    for number in range(start, start + count):
        question = actions.save_record(
            Question(consultation=consultation, number=number, text=f"Question {number}?"),
            user=author,
        )
        answers.append(
            actions.save_record(
                Answer(
                    response=response,
                    question=question,
                    owner=users[(turn + number) % len(users)],
                    status=ANSWER_STATUSES[(turn + number) % len(ANSWER_STATUSES)],
                    body=PARAGRAPH,
                ),
                user=author,
            )
        )
    return answers


def add_consultations(count, *, users, organisation, questions=1, start=0, respond_every=1):
    """`count` consultations numbered from `start`, closing from today to five weeks away,
    owned and drafted in turn by each of `users`; every `respond_every`-th one has a response
    with `questions` answered questions."""
    now = timezone.now()
    consultations = []
    for n in range(start, start + count):
        author = users[n % len(users)]
        consultation = actions.save_record(
            Consultation(
                title=f"Consultation {n}",
                organisation=organisation,
                closes=now + timedelta(days=n % 35, hours=1),
                owner=author,
                status=Consultation.Status.DRAFTING,
            ),
            user=author,
        )
        consultations.append(consultation)
        if n % respond_every:
            continue
        response = actions.save_record(
            Response(consultation=consultation, lead_author=author), user=author
        )
        add_questions(consultation, response, questions, users=users, author=author, turn=n)
    return consultations
