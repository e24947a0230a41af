from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.places.selectors import provinces

from .models import Category, Kind


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
