from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommentVisibility


class ActionForm(forms.Form):
    action = forms.CharField(max_length=30, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Ý kiến / lý do"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Ý kiến"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3, "class": "border rounded-default p-2 w-full"}))


class ReviewerCommentForm(CommentForm):
    visibility = forms.ChoiceField(label=_("Ai được xem"), choices=CommentVisibility.choices,
                                   initial=CommentVisibility.FILER)


class DocumentForm(forms.Form):
    label = forms.CharField(label=_("Tên tài liệu"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"class": "border rounded-default p-2"}))
    file = forms.FileField(label=_("Tệp (ảnh, PDF, DOCX, XLSX)"))
