import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder for the test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def png():
    return lambda name="anh.png": SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def pdf():
    return lambda name="don.pdf": SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def hanoi_commune(db):
    from hangviet.places.models import Place

    hanoi = Place.objects.filter(level="province", name__icontains="Hà Nội").first()
    return Place.objects.filter(province=hanoi, level="commune", valid_to__isnull=True).order_by("code").first()


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """Each test sees the handling rules of its own database state."""
    from hangviet.complaints import services

    services.clear_rule_cache()
    yield
    services.clear_rule_cache()
