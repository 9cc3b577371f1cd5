"""Editors can upload podcast recordings (MP3, M4A, WAV, Ogg) as documents; each is checked
by its bytes, so a file renamed to .wav that is not a recording is refused."""

import io
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.documents import content_problem, detect_type
from cms.models import CustomDocument

pytestmark = pytest.mark.django_db


def wav():
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(1)
        recording.setframerate(8000)
        recording.writeframes(b"\x80" * 800)
    return buffer.getvalue()


SAMPLES = {
    "episode.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + bytes(400),
    "frames.mp3": b"\xff\xfb\x90\x00" + bytes(400),
    "episode.m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00M4A isom" + bytes(400),
    "episode.wav": wav(),
    "episode.ogg": b"OggS\x00\x02" + bytes(20) + b"\x01\x1evorbis" + bytes(400),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_recordings_are_recognised_by_their_bytes(name):
    extension = name.rpartition(".")[2]
    assert content_problem(io.BytesIO(SAMPLES[name]), extension) is None


@pytest.mark.parametrize("name", SAMPLES)
def test_editors_can_upload_a_recording(admin_client, name):
    upload = SimpleUploadedFile(name, SAMPLES[name])
    response = admin_client.post("/admin/documents/add/", {"title": name, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CustomDocument.objects.filter(title=name).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.wav", b"RIFF\x00\x00\x00\x00AVI LIST" + bytes(100)),
        ("fake.ogg", b"%PDF-1.7\n" + bytes(100)),
        ("text.mp3", b"Just some words, not audio.\n"),
    ],
)
def test_a_file_that_is_not_the_recording_it_claims_is_refused(admin_client, name, content):
    upload = SimpleUploadedFile(name, content)
    response = admin_client.post("/admin/documents/add/", {"title": name, "file": upload})
    assert response.status_code == 200
    assert "its content is not" in response.content.decode()
    assert not CustomDocument.objects.filter(title=name).exists()


def test_wav_and_ogg_are_named_by_detection():
    assert detect_type(io.BytesIO(SAMPLES["episode.wav"])) == "wav"
    assert detect_type(io.BytesIO(SAMPLES["episode.ogg"])) == "ogg"
