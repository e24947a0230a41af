"""Forms of the plans back office: import (paste or upload), report submission, report review."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.errors import DomainError
from hangviet.core.uploads import OFFICE_KINDS, check_upload

from .models import TaskStatus

PLAN_TEXT_KINDS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        OFFICE_KINDS["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    "text/plain": (".txt",),
}
MAX_PLAN_FILE = 5 * 1024 * 1024
MAX_TEXT = 400_000


def read_plan_upload(upload) -> str:
    """Text of an uploaded .docx or .txt plan, checked by content (a renamed file is refused)."""
    checked = check_upload(upload, allowed=PLAN_TEXT_KINDS, max_bytes=MAX_PLAN_FILE, field="file")
    from .parsing import read_docx_text, read_text_bytes

    upload.seek(0)
    data = upload.read()
    try:
        if checked.content_type == "text/plain":
            return read_text_bytes(data)
        return read_docx_text(data)
    except DomainError:
        raise
    except Exception:  # a broken archive or XML: tell the user, never a 500
        raise DomainError("file_unreadable", "Không đọc được nội dung tệp. Hãy lưu lại dưới dạng .docx hoặc .txt "
                          "rồi thử lại.", field="file") from None


class ImportForm(forms.Form):
    text = forms.CharField(label=_("Dán nội dung kế hoạch"), required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 18, "class": "w-full border rounded p-2"}))
    file = forms.FileField(label=_("Hoặc tải lên tệp .docx / .txt"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Hãy dán nội dung kế hoạch hoặc chọn tệp .docx/.txt."))
        return data

    def plan_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            return read_plan_upload(upload)
        return self.cleaned_data["text"]


class SubmitForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình hình thực hiện"), choices=TaskStatus.choices,
                               widget=forms.Select(attrs={"class": "border rounded p-2"}))
    narrative = forms.CharField(label=_("Kết quả thực hiện trong kỳ"), max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 8, "class": "w-full border rounded p-2"}))
    extra_description = forms.CharField(label=_("Khối lượng khác: nội dung"), required=False, max_length=300,
                                        widget=forms.TextInput(attrs={"class": "border rounded p-1 w-full"}))
    extra_quantity = forms.CharField(label=_("Số lượng"), required=False, max_length=20, widget=forms.TextInput(
        attrs={"class": "border rounded p-1 w-full", "inputmode": "decimal"}))
    extra_unit = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=60,
                                 widget=forms.TextInput(attrs={"class": "border rounded p-1 w-full"}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect, choices=[
        ("accept", _("Chấp nhận")), ("return", _("Trả lại")), ("revise", _("Mở bản điều chỉnh (báo cáo đã chấp nhận)"))])
    comment = forms.CharField(label=_("Ý kiến"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4, "class": "w-full border rounded p-2"}))


def _number(raw: str, label: str) -> Decimal:
    try:
        return Decimal(raw.replace(",", ".").strip())
    except InvalidOperation:
        raise DomainError("quantity_invalid", f"{label}: số lượng phải là một số.", field="narrative") from None


def quantities_from_post(post, outputs) -> list:
    from .services import QuantityIn

    items = []
    for output in outputs:
        raw = (post.get(f"output_{output.pk}") or "").strip()
        if raw:
            evidence_ids = [int(x) for x in post.getlist(f"evidence_{output.pk}") if str(x).isdigit()]
            items.append(QuantityIn(quantity=_number(raw, output.description[:60]), output_id=output.pk,
                                    description=output.description, unit=output.unit, evidence_ids=evidence_ids))
    raw = (post.get("extra_quantity") or "").strip()
    if raw:
        items.append(QuantityIn(quantity=_number(raw, "Khối lượng khác"), description=post.get("extra_description", ""),
                                unit=post.get("extra_unit", "")))
    return items
