"""Exports of a response: DOCX (python-docx) and Markdown, from the live draft or a frozen
named version, with hostile text, and a DOCX that LibreOffice converts."""

import io
import shutil
import subprocess
import time
import uuid
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from policy import actions
from policy.exports import (
    outline_from_response,
    outline_from_version,
    render_docx,
    render_markdown,
)
from policy.models import (
    Answer,
    Citation,
    Coalition,
    CoalitionActivity,
    Consultation,
    EvidenceItem,
    Organisation,
    Question,
    Response,
    ResponseVersion,
)
from tests.conftest import service_missing

BIDI = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi"
# What a database accepts: NUL and lone surrogates are refused before they are stored.
HOSTILE = (
    "Emoji 👩‍👧‍👦 and 🇬🇧; Arabic: العدالة للنساء; Hebrew: צדק לנשים; "
    "control\x01char\x08s\x0b\x1f\x7f and \ufffe more"
)


def docx_text(content):
    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def write_answers(response, user, bodies):
    for answer in response.answers.select_related("question").order_by("question__number"):
        answer.body = bodies[answer.question.number]
        actions.save_record(answer, user=user)


@pytest.fixture
def drafted(response, policy_user):
    write_answers(
        response,
        policy_user,
        {
            1: "<p>Yes: <b>pregnancy</b> should <i>always</i> count.</p>"
            "<ul><li>First reason</li><li>Second reason</li></ul>",
            2: "<p>Courts should ask, through the <a href='https://example.org/psr'>"
            "pre-sentence report</a>.</p><ol><li>Ask</li><li>Record</li></ol>",
            3: "<h3>Support</h3><p>Community provision first.</p>",
        },
    )
    evidence = actions.save_record(
        EvidenceItem(
            title="Mothers in prison briefing",
            kind=EvidenceItem.Kind.BRIEFING,
            source="Prison Reform Trust",
            link="https://example.org/briefing",
        ),
        user=policy_user,
    )
    actions.save_record(
        Citation(answer=response.answers.get(question__number=1), evidence=evidence, note="p. 4"),
        user=policy_user,
    )
    coalition = actions.save_record(Coalition(name="Women's Justice Coalition"), user=policy_user)
    partner = actions.save_record(
        Organisation(name="Women in Prison", kind=Organisation.Kind.CHARITY), user=policy_user
    )
    activity = actions.save_record(
        CoalitionActivity(
            coalition=coalition,
            kind=CoalitionActivity.Kind.JOINT_RESPONSE,
            title="Joint response",
        ),
        user=policy_user,
    )
    activity.consultations.add(response.consultation)
    activity.co_signatories.add(partner)
    response.summary = "<p>We welcome the consultation.</p>"
    return actions.save_record(response, user=policy_user)


def test_docx_export_opens_with_every_question_and_answer(client, policy_user, drafted):
    client.force_login(policy_user)
    download = client.get(reverse("policy:export_docx", args=[drafted.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(download.content)
    for question in drafted.consultation.questions.all():
        assert question.text in text
    assert "Yes: pregnancy should always count." in text
    assert "First reason" in text and "Second reason" in text
    assert "pre-sentence report (https://example.org/psr)" in text
    assert "Community provision first." in text
    assert "We welcome the consultation." in text
    assert "Sentencing of pregnant women and mothers" in text
    assert "Ministry of Justice" in text


def test_docx_keeps_bold_italic_and_lists(policy_user, drafted):
    document = Document(io.BytesIO(render_docx(outline_from_response(drafted))))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert any(run.text == "pregnancy" and run.bold for run in runs)
    assert any(run.text == "always" and run.italic for run in runs)
    styles = {paragraph.text: paragraph.style.name for paragraph in document.paragraphs}
    assert styles["First reason"] == "List Bullet"
    assert styles["Ask"] == "List Number"


def test_docx_lists_citations_as_references_and_co_signatories(policy_user, drafted):
    text = docx_text(render_docx(outline_from_response(drafted)))
    assert "Evidence: [1]" in text
    assert (
        "[1] Mothers in prison briefing. Prison Reform Trust. https://example.org/briefing. p. 4"
        in text
    )
    assert text.index("References") > text.index("Community provision first.")
    assert "Women in Prison" in text.split("Co-signatories", 1)[1]


def test_markdown_export_has_every_question_answer_and_reference(client, policy_user, drafted):
    client.force_login(policy_user)
    download = client.get(reverse("policy:export_markdown", args=[drafted.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/markdown; charset=utf-8"
    text = download.content.decode()
    assert text.startswith("# Response to Sentencing of pregnant women and mothers")
    assert "## Question 1" in text and "## Question 3" in text
    assert "Yes: **pregnancy** should *always* count." in text
    assert "- First reason" in text
    assert "1. Ask" in text
    assert "[pre\\-sentence report](<https://example.org/psr>)" in text or (
        "[pre-sentence report](<https://example.org/psr>)" in text
    )
    assert "## References" in text
    assert "\\[1\\] Mothers in prison briefing. Prison Reform Trust." in text
    assert "- Women in Prison" in text


def test_export_of_a_named_version_is_the_frozen_text(client, policy_user, drafted):
    version = actions.save_record(
        ResponseVersion(
            response=drafted,
            name="As submitted",
            created_by=policy_user,
            content={
                "consultation": "Sentencing of pregnant women and mothers",
                "organisation": "Ministry of Justice",
                "summary": "<p>Frozen summary.</p>",
                "answers": [
                    {
                        "number": 1,
                        "question": "Frozen question?",
                        "body": "<p>Frozen answer.</p>",
                        "citations": [
                            {"title": "Frozen source", "source": "", "link": "", "note": ""}
                        ],
                    }
                ],
                "co_signatories": ["Frozen partner"],
            },
        ),
        user=policy_user,
    )
    client.force_login(policy_user)
    url = reverse("policy:export_docx", args=[drafted.pk])
    text = docx_text(client.get(url, {"version": version.pk}).content)
    assert "Frozen answer." in text and "Frozen question?" in text
    assert "[1] Frozen source" in text and "Frozen partner" in text
    assert "Version: As submitted" in text
    assert "Yes: pregnancy" not in text


def test_unknown_or_malformed_version_is_a_clear_error_not_a_500(client, policy_user, drafted):
    client.force_login(policy_user)
    url = reverse("policy:export_markdown", args=[drafted.pk])
    assert client.get(url, {"version": "999999"}).status_code == 404
    bad = client.get(url, {"version": "١٢"})
    assert bad.status_code == 400
    assert "number" in bad.content.decode()


def test_file_name_comes_from_the_title_and_is_ascii(client, policy_user, drafted):
    consultation = drafted.consultation
    consultation.title = "Réforme: sentencing — mothers & babies 👶"
    actions.save_record(consultation, user=policy_user)
    client.force_login(policy_user)
    download = client.get(reverse("policy:export_docx", args=[drafted.pk]))
    assert download["Content-Disposition"] == (
        'attachment; filename="reforme-sentencing-mothers-babies.docx"'
    )
    download["Content-Disposition"].encode("ascii")


def test_file_name_of_a_title_with_no_ascii_letters_is_still_usable(client, policy_user, drafted):
    consultation = drafted.consultation
    consultation.title = "العدالة للنساء"
    actions.save_record(consultation, user=policy_user)
    client.force_login(policy_user)
    download = client.get(reverse("policy:export_markdown", args=[drafted.pk]))
    assert unquote(download["Content-Disposition"]) == 'attachment; filename="response.md"'


def test_emoji_rtl_and_control_characters_export(client, policy_user, response):
    write_answers(response, policy_user, dict.fromkeys((1, 2, 3), f"<p>{HOSTILE}</p>"))
    consultation = response.consultation
    consultation.title = "Consultation \x07" + HOSTILE[:40]
    actions.save_record(consultation, user=policy_user)
    client.force_login(policy_user)
    docx = client.get(reverse("policy:export_docx", args=[response.pk]))
    assert docx.status_code == 200
    text = docx_text(docx.content)
    assert "👩‍👧‍👦" in text and "العدالة للنساء" in text and "צדק לנשים" in text
    assert "controlchars" in text
    assert "\x01" not in text and "\ufffe" not in text
    markdown = client.get(reverse("policy:export_markdown", args=[response.pk]))
    assert markdown.status_code == 200
    assert "controlchars" in markdown.content.decode()


def test_characters_no_database_would_store_are_dropped_too(policy_user, response):
    frozen = ResponseVersion(
        response=response,
        name="Pasted \x00",
        created_at=timezone.now(),
        content={
            "consultation": "Title\x00 with NUL",
            "answers": [{"number": 1, "question": "Q\ud800?", "body": "<p>A\x00B\udfff</p>"}],
        },
    )
    for content in (
        render_docx(outline_from_version(frozen)),
        render_markdown(outline_from_version(frozen)).encode(),
    ):
        assert content
    text = docx_text(render_docx(outline_from_version(frozen)))
    assert "Title with NUL" in text and "Q?" in text and "AB" in text


def test_a_right_to_left_paragraph_is_marked_right_to_left(policy_user, response):
    write_answers(response, policy_user, {1: "<p>العدالة للنساء</p>", 2: "", 3: ""})
    document = Document(io.BytesIO(render_docx(outline_from_response(response))))
    paragraph = next(p for p in document.paragraphs if p.text == "العدالة للنساء")
    english = next(p for p in document.paragraphs if p.text.startswith("Should pregnancy"))
    assert english._p.pPr is None or english._p.pPr.find(BIDI) is None
    assert paragraph._p.pPr.find(BIDI) is not None


def test_a_20000_word_answer_exports(client, policy_user, response):
    paragraphs = "".join(f"<p>{' '.join(['word'] * 1000)} {n}</p>" for n in range(20))
    write_answers(response, policy_user, {1: paragraphs, 2: "", 3: ""})
    client.force_login(policy_user)
    docx = client.get(reverse("policy:export_docx", args=[response.pk]))
    assert docx.status_code == 200
    assert docx_text(docx.content).count("word") == 20_000
    markdown = client.get(reverse("policy:export_markdown", args=[response.pk]))
    assert markdown.content.decode().count("word") == 20_000


def test_a_question_without_an_answer_still_appears(client, policy_user, response, answer):
    actions.delete_record(answer, user=policy_user)
    text = docx_text(render_docx(outline_from_response(response)))
    assert "Should pregnancy be a mitigating factor in sentencing?" in text
    assert "No answer." in text


@pytest.fixture
def forty_questions(policy_user, ministry):
    consultation = actions.save_record(
        Consultation(
            title="A long consultation",
            organisation=ministry,
            closes=timezone.now() + timedelta(days=30),
        ),
        user=policy_user,
    )
    response = actions.save_record(Response(consultation=consultation), user=policy_user)
    body = "".join(f"<p>{'A sentence of the answer. ' * 30}</p>" for _ in range(5))
    for number in range(1, 41):
        question = actions.save_record(
            Question(consultation=consultation, number=number, text=f"Question {number}?"),
            user=policy_user,
        )
        actions.save_record(
            Answer(response=response, question=question, body=body), user=policy_user
        )
    return response


def test_a_40_question_response_exports(client, policy_user, forty_questions):
    client.force_login(policy_user)
    started = time.perf_counter()
    docx = client.get(reverse("policy:export_docx", args=[forty_questions.pk]))
    elapsed = time.perf_counter() - started
    print(f"DOCX export of a 40-question response: {elapsed * 1000:.0f} ms")
    assert docx.status_code == 200
    text = docx_text(docx.content)
    assert all(f"Question {n}?" in text for n in range(1, 41))


def test_libreoffice_converts_the_docx_to_pdf(tmp_path, policy_user, drafted):
    soffice = shutil.which("soffice")
    if soffice is None:
        service_missing(
            "LibreOffice (soffice)", "Install it with `apt-get install libreoffice-writer`."
        )
    write_answers(drafted, policy_user, {1: f"<p>{HOSTILE}</p>", 2: "<p>Two</p>", 3: ""})
    source = tmp_path / "response.docx"
    source.write_bytes(render_docx(outline_from_response(drafted)))
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    result = subprocess.run(  # noqa: S603 - a fixed program and arguments
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "response.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists(), result.stdout + result.stderr
    assert pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")


def test_anonymous_is_sent_to_login_and_an_editor_refused(client, editor, drafted):
    url = reverse("policy:export_docx", args=[drafted.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(editor)
    assert client.get(url).status_code == 403
    assert client.get(reverse("policy:export_markdown", args=[drafted.pk])).status_code == 403
