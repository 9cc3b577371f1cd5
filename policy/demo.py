"""Demo content for policy work, from the charity's 2024 year in review, in our own words.

The public section page is a home-plugin standard page (looked up by name, so this plugin
imports nothing of another's). The workspace shows a response drafted by two people over
several versions, through the same workflows the admin uses (``policy.actions``), so its
history holds a restore and a merge after a refused save, as real work would.
"""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.demo import DemoPage, Progress, build_section, child_page, p
from policy import actions
from policy.models import (
    Coalition,
    CoalitionActivity,
    Consultation,
    Engagement,
    EvidenceItem,
    Organisation,
    Question,
    ResponseIndexPage,
)

SENTENCING = "Improving sentencing for pregnant women and mothers"
# The day the demo response was sent (the consultation closed at the end of October 2024).
SUBMITTED_ON = date(2024, 10, 30)

PAGES = [
    DemoPage(
        "policy",
        "Policy and influencing",
        "We bring evidence and lived experience to the people who make policy.",
        date(2024, 12, 1),
        lambda img: [
            p(
                "In 2024 we responded to consultations on improving sentencing for pregnant women "
                "and mothers, and met the Justice Minister to talk about change for women affected "
                "by the justice system."
            ),
            p(
                "We are part of the National Women's Justice Coalition, whose call for a Women's "
                "Justice Board has been taken up by the new Government."
            ),
        ],
    ),
]

QUESTIONS = [
    "Should courts treat pregnancy, and the first months after birth, as a reason to avoid a "
    "custodial sentence where they can?",
    "How should a court find out, before sentencing, whether a woman is the main carer of "
    "dependent children?",
    "What should a pre-sentence report say about the effect of custody on a mother's children?",
    "Which community alternatives should be open to pregnant women and mothers?",
]

# Each answer as drafted, then as the second author revised it. The first answer's revision
# is undone by a restore; the second answer meets a refused save and a merge.
DRAFTS = [
    (
        "<p>Yes. Separating a mother from her baby harms both, and custody is rarely needed to "
        "protect the public. Courts should treat pregnancy and the first year after birth as "
        "strong reasons for a community sentence.</p>",
        "<p>Yes, in most cases. Courts should consider pregnancy.</p>",
    ),
    (
        "<p>Every pre-sentence report should ask whether the woman cares for children, and "
        "courts should adjourn when they do not know.</p>",
        "<p>Every pre-sentence report should ask whether the woman is the main carer of "
        "children, and courts should adjourn when they do not know who will look after them.</p>",
    ),
    (
        "<p>It should set out who will care for the children, where they will live, and how "
        "contact will be kept, drawing on what the children themselves say where they can.</p>",
        None,
    ),
    (
        "<p>Residential places where mothers and babies stay together, such as Hope Street, "
        "with a pathway from each prison Mother and Baby Unit and for pregnant women on "
        "remand; and women's centres in every area.</p>",
        None,
    ),
]

EVIDENCE = [
    {
        "title": "Motherhood in the Justice System",
        "kind": EvidenceItem.Kind.BRIEFING,
        "source": "One Small Thing research briefing",
        "date": date(2024, 12, 1),
        "text": "Our briefing on what imprisonment means for mothers and their children.",
    },
    {
        "title": "Community Justice Solutions for Women",
        "kind": EvidenceItem.Kind.BRIEFING,
        "source": "One Small Thing research briefing",
        "date": date(2024, 12, 1),
        "text": "Our briefing on community-based alternatives to custody for women.",
    },
    {
        "title": "A pathway to Hope Street from every prison Mother and Baby Unit",
        "kind": EvidenceItem.Kind.CASE_STUDY,
        "source": "One Small Thing, 2024 year in review",
        "date": date(2024, 12, 1),
        "text": (
            "In 2024 we built a pathway to Hope Street from each prison-based Mother and Baby "
            "Unit and for pregnant women on remand, so that mothers and babies need not be "
            "separated."
        ),
    },
    {
        "title": "Staying together at Hope Street",
        "kind": EvidenceItem.Kind.QUOTE,
        "source": "A mother who lived at Hope Street (anonymised)",
        "date": date(2024, 11, 1),
        "text": "Being able to keep my baby with me meant I could start again, not start over.",
        "consent_given_by": "Participant HS-01 (name kept by the services team)",
        "consent_recorded_on": date(2024, 11, 1),
        "consent_scope": "Consultation responses and briefings, anonymised.",
        "anonymised": True,
    },
    {
        "title": "On being heard in court (consent not yet recorded)",
        "kind": EvidenceItem.Kind.QUOTE,
        "source": "A woman supported by the Women's Involvement Advisor",
        "date": date(2024, 10, 1),
        "text": "Nobody asked me who would pick my children up from school.",
        "anonymised": True,
    },
]


def demo_user(username, first_name, last_name):
    """A member of the policy team whose work the demo shows (no password: not for login)."""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": ""},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name="Policy team"))
    return user


def record(model, user, lookup, **fields):
    """The record matching `lookup`, created through the workspace's own save if missing."""
    existing = model._default_manager.filter(**lookup).first()
    if existing:
        return existing, False
    return actions.save_record(model(**lookup, **fields), user=user), True


def build(stdout):
    built, _ = build_section(stdout, "policy", "home.StandardPage", PAGES, menu_position=99)
    progress = Progress(stdout, "policy workspace", 6)
    lead = demo_user("policy.lead", "Amira", "Khan")
    officer = demo_user("policy.officer", "Jo", "Evans")

    charity, _ = record(
        Organisation, lead, {"name": "One Small Thing"}, kind=Organisation.Kind.CHARITY
    )
    ministry, _ = record(
        Organisation, lead, {"name": "Ministry of Justice"}, kind=Organisation.Kind.DEPARTMENT
    )
    progress.step("organisations")

    evidence = {}
    for item in EVIDENCE:
        fields = dict(item)
        title = fields.pop("title")
        evidence[title], _ = record(EvidenceItem, lead, {"title": title}, **fields)
    progress.step(f"{len(evidence)} evidence items")

    coalition, _ = record(
        Coalition,
        lead,
        {"name": "National Women's Justice Coalition"},
        description=(
            "Organisations working together so that women in the justice system are on the "
            "political agenda."
        ),
    )
    if not coalition.members.filter(pk=charity.pk).exists():
        with actions.acting_as(lead):
            coalition.members.add(charity)
    record(
        CoalitionActivity,
        lead,
        {"title": "Call for a Women's Justice Board"},
        coalition=coalition,
        kind=CoalitionActivity.Kind.CAMPAIGN,
        date=date(2024, 12, 1),
        description=(
            "The coalition called for a Women's Justice Board; the new Government has taken "
            "the call up."
        ),
    )
    record(
        Engagement,
        lead,
        {"title": "Meeting with the Justice Minister"},
        kind=Engagement.Kind.MINISTER,
        date=date(2024, 12, 1),
        organisation=ministry,
        people="The Justice Minister\nOne Small Thing's chief executive",
        outcome=(
            "We talked about creating change for women affected by the justice system, and "
            "about keeping mothers and babies together."
        ),
    )
    progress.step("coalition work and a ministerial meeting")

    consultation, created = record(
        Consultation,
        lead,
        {"title": SENTENCING},
        organisation=ministry,
        summary=(
            "How sentencing should take account of pregnancy and motherhood, and of the "
            "children who depend on women before the courts."
        ),
        opens=date(2024, 9, 2),
        closes=timezone.make_aware(datetime(2024, 10, 31, 23, 59)),
        owner=lead,
    )
    if created:
        for number, text in enumerate(QUESTIONS, start=1):
            actions.save_record(
                Question(consultation=consultation, number=number, text=text), user=lead
            )
        draft_sentencing_response(consultation, lead, officer, evidence)
    progress.step(f"{SENTENCING}: " + ("drafted and submitted" if created else "kept"))

    upcoming, _ = record(
        Consultation,
        lead,
        {"title": "How a Women's Justice Board should work"},
        organisation=ministry,
        summary="An example of a consultation the team is watching, with its deadline ahead.",
        opens=timezone.localdate(),
        closes=timezone.now() + timedelta(days=12),
        owner=officer,
    )
    progress.step("a consultation to watch")

    if built:
        publish_sentencing_response(consultation, lead, built["policy"])
    progress.step("published response")


def draft_sentencing_response(consultation, lead, officer, evidence):
    """Two people draft the answers: one revision is restored away, one save is refused
    because the other saved first, and is merged and saved again."""
    actions.move_consultation(consultation, Consultation.Status.DRAFTING, user=lead)
    response = actions.start_response(consultation, user=lead)
    response.reviewers.add(officer)
    answers = list(response.answers.select_related("question").order_by("question__number"))
    for answer, (first, revision) in zip(answers, DRAFTS, strict=True):
        answer = actions.save_answer(
            answer, body=first, user=lead, expected_version=answer.version, reason="First draft"
        )
        if revision:
            actions.save_answer(
                answer,
                body=revision,
                user=officer,
                expected_version=answer.version,
                reason="Shorter and more precise",
            )

    first, second = answers[0], answers[1]
    first.refresh_from_db()
    original = first.history.order_by("history_id").filter(history_change_reason="First draft")
    actions.restore_version(
        type(first),
        first.pk,
        original.first().history_id,
        user=lead,
        reason="The shorter answer lost our reasons; back to the first draft",
    )

    # Both open the second answer at the same version; the officer saves first.
    second.refresh_from_db()
    seen = second.version
    actions.save_answer(
        second,
        body=DRAFTS[1][1].replace("look after them", "look after them, and for how long"),
        user=officer,
        expected_version=seen,
        reason="Added how long care is needed",
    )
    try:
        actions.save_answer(
            second,
            body=DRAFTS[1][0],
            user=lead,
            expected_version=seen,
            reason="Back to my wording",
        )
    except actions.StaleVersion as refused:
        second.refresh_from_db()
        actions.save_answer(
            second,
            body=second.body.replace("</p>", " Courts should hear from the children too.</p>"),
            user=lead,
            expected_version=refused.current_version,
            reason="Merged with Jo's change after my save was refused",
        )

    actions.cite_evidence(
        answers[0],
        evidence["Motherhood in the Justice System"],
        "The harm of separation.",
        user=lead,
    )
    actions.cite_evidence(
        answers[3],
        evidence["A pathway to Hope Street from every prison Mother and Baby Unit"],
        "What a pathway looks like in practice.",
        user=lead,
    )
    actions.cite_evidence(
        answers[3], evidence["Staying together at Hope Street"], "In a mother's words.", user=lead
    )
    for answer in answers:
        answer.refresh_from_db()
        if answer.status != answer.Status.READY:
            actions.move_answer(answer, answer.Status.READY, user=lead)
        actions.move_answer(answer, answer.Status.APPROVED, user=officer)
    for status in (Consultation.Status.IN_REVIEW, Consultation.Status.APPROVED):
        consultation.refresh_from_db()
        actions.move_consultation(consultation, status, user=lead)
    response.refresh_from_db()
    actions.submit_response(response, user=lead, submitted_on=SUBMITTED_ON)


def publish_sentencing_response(consultation, lead, section):
    """Publish the submitted response under "Consultation responses" in the policy section."""
    index, _ = child_page(
        section,
        ResponseIndexPage,
        "consultation-responses",
        title="Consultation responses",
        intro="Our responses to government consultations, as we submitted them.",
        listing_date=date(2024, 12, 1),
    )
    consultation.refresh_from_db()
    response = getattr(consultation, "response", None)
    if response and response.status == response.Status.SUBMITTED:
        actions.publish_response(response, user=lead)
