"""Two people take the last place at once: exactly one gets it, the other is waitlisted.
Real threads with their own PostgreSQL connections, so the row lock is what decides."""

import threading

import pytest
from django.db import connection, connections, transaction

from events import actions
from events.models import Booking, Registration
from tests.conftest import service_missing

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONFIRMED = Registration.State.CONFIRMED
WAITLISTED = Registration.State.WAITLISTED


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        service_missing(
            "PostgreSQL (the suite runs on SQLite)",
            "Set DATABASE_URL=postgres://cms:cms@127.0.0.1:5432/<name> to run it.",
        )


@pytest.fixture
def one_place_left(make_event):
    event = make_event(booking=Booking.REGISTER, capacity=2)
    actions.register(event, name="First", email="first@example.org")
    return event


def in_thread(target, errors):
    """Run `target` in a thread with its own database connection, closed at the end."""

    def run():
        try:
            target()
        except Exception as error:  # noqa: BLE001 -- reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_second_booking_waits_for_the_first_and_is_waitlisted(one_place_left):
    """Deterministic interleaving: the first registration's transaction stays open after it
    has taken the place; the second must wait on the lock, then count the first's place.
    Without the lock it would count before the first commits and also be confirmed."""
    event = one_place_left
    errors, outcome = [], {}
    first_has_place, let_first_commit = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            outcome["a"] = actions.register(event, name="A", email="a@example.org").state
            first_has_place.set()
            let_first_commit.wait(10)

    def second():
        outcome["b"] = actions.register(event, name="B", email="b@example.org").state

    a = in_thread(first, errors)
    assert first_has_place.wait(10)
    b = in_thread(second, errors)
    b.join(1.0)
    assert b.is_alive(), "the second registration did not wait for the first's lock"
    let_first_commit.set()
    a.join(10)
    b.join(10)

    assert errors == []
    assert outcome == {"a": CONFIRMED, "b": WAITLISTED}
    assert event.registrations.filter(state=CONFIRMED).count() == 2


def test_many_people_at_once_fill_the_last_place_exactly_once(one_place_left):
    event = one_place_left
    people = 6
    errors, states = [], []
    start = threading.Barrier(people)

    def book(n):
        def run():
            start.wait(10)
            states.append(actions.register(event, name=f"P{n}", email=f"p{n}@example.org").state)

        return run

    threads = [in_thread(book(n), errors) for n in range(people)]
    for thread in threads:
        thread.join(20)

    assert errors == []
    assert sorted(states) == [CONFIRMED] + [WAITLISTED] * (people - 1)
    assert event.registrations.filter(state=CONFIRMED).count() == 2
    assert event.registrations.filter(state=WAITLISTED).count() == people - 1


def test_a_cancellation_and_a_new_booking_at_once_never_overfill(one_place_left):
    event = one_place_left
    actions.register(event, name="Second", email="second@example.org")
    waiting = actions.register(event, name="Waiting", email="waiting@example.org")
    assert waiting.state == WAITLISTED
    token = Registration.objects.get(email="first@example.org").cancel_token
    errors, results = [], {}
    start = threading.Barrier(2)

    def cancel():
        start.wait(10)
        actions.cancel_registration(token)

    def book():
        start.wait(10)
        results["new"] = actions.register(event, name="New", email="new@example.org").state

    threads = [in_thread(cancel, errors), in_thread(book, errors)]
    for thread in threads:
        thread.join(20)

    assert errors == []
    assert event.registrations.filter(state=CONFIRMED).count() == 2
    # In either order the freed place goes to the person already waiting, never also to
    # the newcomer.
    waiting.refresh_from_db()
    assert (waiting.state, results["new"]) == (CONFIRMED, WAITLISTED)
