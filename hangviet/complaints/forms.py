from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanWidget,
)

from hangviet.places.selectors import provinces

from .models import Category, Channel, Kind
from .services import OFFICER_CHANNELS


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultiFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ComplaintForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Kind.choices, initial=Kind.FEEDBACK)
    category = forms.ChoiceField(label=_("Nhóm vấn đề"), choices=[("", "—")] + list(Category.choices))
    business_id = forms.IntegerField(label=_("Mã doanh nghiệp trong danh bạ"), required=False,
                                     widget=forms.HiddenInput)
    business_name = forms.CharField(label=_("Cơ sở kinh doanh, người bán"), required=False, max_length=255)
    product_name = forms.CharField(label=_("Sản phẩm, hàng hóa"), required=False, max_length=255)
    product_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)
    place_code = forms.ChoiceField(label=_("Tỉnh, thành phố nơi xảy ra"), required=False)
    place_detail = forms.CharField(label=_("Địa điểm cụ thể (xã, phường, địa chỉ, trang web)"), required=False,
                                   max_length=300)
    occurred_on = forms.DateField(label=_("Ngày xảy ra"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Nội dung sự việc"), widget=forms.Textarea(attrs={"rows": 6}),
                                  max_length=10000)
    files = MultiFileField(label=_("Ảnh, tài liệu (JPG, PNG, PDF; tối đa 5 tệp, mỗi tệp 10 MB)"), required=False,
                            widget=MultiFileInput(attrs={"accept": "image/*,application/pdf", "multiple": True}))
    anonymous = forms.BooleanField(label=_("Gửi ẩn danh (chỉ với tin báo hàng giả, hàng lậu, vi phạm sở hữu trí tuệ)"),
                                   required=False)
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20)
    email = forms.EmailField(label=_("Thư điện tử (để nhận xác nhận)"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    consent_share = forms.BooleanField(label=_("Tôi đồng ý để cơ quan chia sẻ thông tin liên hệ với doanh nghiệp"),
                                       required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place_code"].choices = [("", "—")] + [(p.code, p.name) for p in provinces()]


# --- back office: officer intake and personal-data requests ---------------------------------------


class _DateInput(UnfoldAdminTextInputWidget):
    input_type = "date"


class _FileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _text(label, required=False, max_length=255, **kw):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=UnfoldAdminTextInputWidget(), **kw)


class IntakeForm(forms.Form):
    """An officer records a complaint received in person, by phone, by post or e-mail, or forwarded."""

    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), widget=UnfoldAdminSelectWidget,
                                choices=[("", "—")] + [c for c in Channel.choices if c[0] in OFFICER_CHANNELS])
    received_on = forms.DateField(label=_("Ngày tiếp nhận"), widget=_DateInput)
    original_documents = forms.CharField(
        label=_("Tài liệu gốc (số, ngày văn bản, nơi gửi; số trang)"), required=False, max_length=5000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))
    documents = MultiFileField(label=_("Bản quét đơn, công văn gốc (PDF, ảnh; tối đa 10 tệp)"), required=False,
                               widget=_FileInput(attrs={"accept": "image/*,application/pdf", "multiple": True}))
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Kind.choices, initial=Kind.FEEDBACK,
                             widget=UnfoldAdminSelectWidget)
    category = forms.ChoiceField(label=_("Nhóm vấn đề"), choices=[("", "—")] + list(Category.choices),
                                 widget=UnfoldAdminSelectWidget)
    business_id = forms.ChoiceField(label=_("Doanh nghiệp trong danh bạ"), required=False,
                                    widget=UnfoldAdminSelectWidget)
    business_name = _text(_("Cơ sở kinh doanh, người bán (nếu chưa có trong danh bạ)"))
    product_name = _text(_("Sản phẩm, hàng hóa"))
    place_code = forms.ChoiceField(label=_("Địa bàn"), required=False, widget=UnfoldAdminSelectWidget)
    place_detail = _text(_("Địa điểm cụ thể"), max_length=300)
    occurred_on = forms.DateField(label=_("Ngày xảy ra"), required=False, widget=_DateInput)
    description = forms.CharField(label=_("Nội dung sự việc"), max_length=10000,
                                  widget=UnfoldAdminTextareaWidget(attrs={"rows": 6}))
    files = MultiFileField(label=_("Chứng cứ vi phạm (ảnh, PDF; tối đa 5 tệp, mỗi tệp 10 MB)"), required=False,
                           widget=_FileInput(attrs={"accept": "image/*,application/pdf", "multiple": True}))
    anonymous = forms.BooleanField(label=_("Tin báo ẩn danh (hàng giả, hàng lậu, sở hữu trí tuệ)"), required=False,
                                   widget=UnfoldBooleanWidget)
    full_name = _text(_("Họ và tên người phản ánh"), max_length=200)
    phone = _text(_("Điện thoại"), max_length=20)
    email = _text(_("Thư điện tử"), max_length=254)
    address = _text(_("Địa chỉ"), max_length=300)
    id_number = _text(_("Số định danh cá nhân (CCCD)"), max_length=20)
    consent_share = forms.BooleanField(label=_("Người phản ánh đồng ý chia sẻ thông tin liên hệ với doanh nghiệp"),
                                       required=False, widget=UnfoldBooleanWidget)

    def __init__(self, *args, places=(), businesses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place_code"].choices = [("", _("— theo địa bàn của đơn vị —"))] + list(places)
        self.fields["business_id"].choices = [("", "—")] + list(businesses)

    def clean_business_id(self):
        value = self.cleaned_data.get("business_id")
        return int(value) if value else None


class PersonForm(forms.Form):
    phone = _text(_("Số điện thoại của người yêu cầu"), max_length=20)
    email = _text(_("Thư điện tử của người yêu cầu"), max_length=254)


class ErasureForm(forms.Form):
    reason = forms.CharField(label=_("Căn cứ xóa (số, ngày đơn yêu cầu)"), max_length=500,
                             widget=UnfoldAdminTextInputWidget())
    confirm = forms.BooleanField(label=_("Tôi xác nhận xóa dữ liệu cá nhân; nội dung vụ việc và chứng cứ vi phạm "
                                         "được giữ lại"), widget=UnfoldBooleanWidget)
